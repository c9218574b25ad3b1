import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The exported table has no place for 资金用途 (`funding.uses`): export says so at the uses, rather than leave them out
/// without a word (a merge back, `--force`, keeps them; a fresh import has none).
@Suite struct ExportUsesTests {
    @Test(arguments: [ProjectExport.Layout.targets, .selfEvaluation])
    func usesLeftOutOfAnExportAreNamed(_ layout: ProjectExport.Layout) throws {
        let path = joinPath(repositoryRoot, "content/projects/2024/JYJ-001.md")
        let (csv, problems) = ProjectExport.run(siteRoot: repositoryRoot, projectFile: path, layout: layout)
        #expect(csv != nil)
        let warning = try #require(problems.first { $0.code == .importWouldLose })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("资金用途") && warning.message.contains("3 项"))
        #expect(warning.location.file == path && warning.location.line == 25)
    }

    @Test func aProjectWithoutUsesExportsQuietly() throws {
        let path = joinPath(repositoryRoot, "content/projects/2024/CZJ-001.md")
        let (csv, problems) = ProjectExport.run(siteRoot: repositoryRoot, projectFile: path, layout: .targets)
        #expect(csv != nil)
        #expect(problems.isEmpty, "\(problems)")
    }
}
