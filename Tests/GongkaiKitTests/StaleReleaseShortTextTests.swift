import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Red team (leak): `deploy` audits what goes live against what the site withholds today (GK012), but with the leak audit's
/// fingerprints only, which are six characters or more. An indicator whose texts are all shorter (配送车辆数, ≥12辆, 车辆台账)
/// classified after `public/` was built went live with the stale build, exit 0, and a rollback to the release before would
/// put it back too: the build keeps such a text out through the disclosed view, which a stale release never passed through.
/// Shown with the release binary on the example site (系统可用率 made 涉密 after the build, then `deploy`: published).
@Suite(.serialized) struct StaleReleaseShortTextTests {
    static let fm = FileManager.default
    static let project = "content/projects/2025/JYJ-2025-001.md"
    static let row = "            - name: 配送车辆数\n              target: ≥12辆\n              basis: 车辆台账\n"

    static func fixture() -> SiteFixture {
        var fixture = SiteFixture()
        fixture.edit(project, replacing: "              score: 50\n", with: "              score: 50\n" + row)
        return fixture
    }

    static func classify(_ root: String, _ on: Bool) throws {
        let path = joinPath(root, project)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let marked = row.replacingOccurrences(of: "basis: 车辆台账\n", with: "basis: 车辆台账\n              disclosure: 涉密\n")
        try (on ? text.replacingOccurrences(of: row, with: marked) : text.replacingOccurrences(of: marked, with: row))
            .write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aShortWithheldRowBuiltBeforeItWasClassifiedNeverGoesLive() throws {
        let (outer, root, output) = try DeployTests.builtSite(Self.fixture())
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(try String(contentsOfFile: joinPath(output, "projects/2025/jyj-2025-001/index.html"), encoding: .utf8).contains("配送车辆数"))
        let target = joinPath(outer, "srv"), current = joinPath(target, "current")
        let first = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(first.status == 0, "\(first.stderr)")
        let firstRelease = try Self.fm.destinationOfSymbolicLink(atPath: current)

        // Classified after the build: the stale public/ is refused, the text not quoted, the site served unchanged.
        try Self.classify(root, true)
        let stale = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(stale.status == 1 && stale.stderr.contains("GK012") && stale.stderr.contains("要发布的网站"), "\(stale.stderr)")
        #expect(!stale.stderr.contains("配送车辆") && !stale.stdout.contains("配送车辆"))
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == firstRelease)

        // Built again, it goes (a withheld short text in a fresh build is no refusal), and no rollback brings the row back.
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(second.status == 0, "\(second.stderr)")
        let secondRelease = try Self.fm.destinationOfSymbolicLink(atPath: current)
        #expect(!(try String(contentsOfFile: joinPath(current, "projects/2025/jyj-2025-001/index.html"), encoding: .utf8).contains("配送车辆数")))
        let back = try CommandLineTests.run(["deploy", "--rollback", "--site", root, "--to", target])
        #expect(back.status == 1 && back.stderr.contains("GK012") && back.stderr.contains("要回退到的版本"), "\(back.stderr)")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == secondRelease)

        // Public again: the rollback is allowed.
        try Self.classify(root, false)
        let allowed = try CommandLineTests.run(["deploy", "--rollback", "--site", root, "--to", target])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == firstRelease)
    }
}
