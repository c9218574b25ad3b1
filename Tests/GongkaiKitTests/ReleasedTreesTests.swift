import Foundation
import Synchronization
import GongkaiCore
import GongkaiDisclosed
import GongkaiRender
import Testing
@testable import GongkaiKit

/// The pipeline's disclose walk releases each project's indicator tree once its view is built (the
/// trees were the largest part of the build's high point of memory). The view, and so every output
/// byte, must be the same as the walk that keeps them, and what later checks ask of a tree must still
/// be answered.
@Suite struct ReleasedTreesTests {
    static func rendered(_ view: Disclosed<WebsiteAudience>, theme: Theme) throws -> [String: Data] {
        let files = Mutex<[String: Data]>([:])
        _ = try RenderStage.run(site: view, theme: theme, jobs: 2) { file in files.withLock { $0[file.path] = file.data } }
        return files.withLock { $0 }
    }

    @Test func theViewBuiltWhileReleasingTheTreesRendersTheSameBytes() throws {
        let fs = try FailClosedTests.exampleSite()
        let (loaded, _) = LoadStage.run(fileSystem: fs, root: ".", jobs: 1)
        let source = try #require(loaded)
        let (theme, _) = Theme.load(fileSystem: fs, folder: "theme", display: "theme")
        let kept = DiscloseStage.run(source, for: WebsiteAudience.self, jobs: 2)

        var released = source
        let ledger = Ledger(released, audience: .website)
        let view = DiscloseStage.run(releasing: &released, ledger: ledger, as: WebsiteAudience.self, jobs: 2).view
        let expected = try Self.rendered(kept.view, theme: try #require(theme))
        let actual = try Self.rendered(view, theme: try #require(theme))
        #expect(expected.count > 100)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected { #expect(actual[path] == data, "\(path)") }

        // Every tree is gone, and whether it had a scored row is still known (the required-items check asks).
        var scored = 0
        for (before, after) in zip(source.projects, released.projects) {
            guard let targets = before.targets else { continue }
            #expect(after.targets?.indicatorsReleased == true && !targets.indicatorsReleased, "\(before.code)")
            #expect(after.targets?.hasScoredRow == targets.hasScoredRow, "\(before.code)")
            if targets.hasScoredRow { scored += 1 }
            #expect(!targets.indicators.isEmpty)
        }
        #expect(scored > 0 && scored < source.projects.count)
    }
}
