import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// 资金用途 (`funding.uses`) travel with the exported table, in a block below the funding rows
/// (`资金用途（万元） | 用途 | 金额 | 公开属性`), which import reads back: a fresh import of an exported table
/// gives the uses back, levels included. Before, export left them out (GK511 warning) and a fresh import had none.
@Suite struct ExportUsesTests {
    static let jyj = "content/projects/2024/JYJ-001.md"

    static func loaded(_ text: String) throws -> Project {
        var d = DiagnosticList()
        let p = ProjectLoader.load(text: text, file: "x.md", diagnostics: &d)
        #expect(!d.hasErrors, "\(d.sorted)")
        return try #require(p)
    }

    /// The project file at `text`, exported in `layout` and imported into a site without it.
    static func roundTrip(_ text: String, _ layout: ProjectExport.Layout) throws -> (csv: String, problems: [Diagnostic], project: Project) {
        let fs = MemoryFileSystem()
        let disk = DiskFileSystem()
        try fs.write(disk.read(joinPath(repositoryRoot, OrganisationLoader.fileName)), to: OrganisationLoader.fileName)
        try fs.write(Data(text.utf8), to: "p.md")
        let (csv, problems) = ProjectExport.run(siteRoot: ".", projectFile: "p.md", layout: layout, fileSystem: fs)
        let data = try #require(csv, "\(problems)")
        try fs.write(data, to: "a.csv")
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["a.csv"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        let written = try #require(result.files.first)
        return (String(decoding: data, as: UTF8.self), problems, try loaded(written.text))
    }

    @Test(arguments: [ProjectExport.Layout.targets, .selfEvaluation])
    func usesComeBackFromAFreshImport(_ layout: ProjectExport.Layout) throws {
        let text = try #require(String(data: DiskFileSystem().read(joinPath(repositoryRoot, Self.jyj)), encoding: .utf8))
        let original = try Self.loaded(text)
        let (csv, problems, back) = try Self.roundTrip(text, layout)
        #expect(!problems.contains { $0.code == .importWouldLose }, "\(problems)")
        #expect(csv.contains("资金用途（万元）,用途,金额\r\n,学生营养膳食补助,1128,公开属性,主动公开\r\n"))
        let uses = try #require(back.funding?.uses)
        #expect(uses.map(\.item) == ["学生营养膳食补助", "食堂设施设备购置", "食品安全抽检"])
        #expect(uses.map(\.amount) == original.funding?.uses.map(\.amount))
    }

    /// A withheld use keeps its level through the table (the 公开属性 cell of its row).
    @Test func aWithheldUseStaysWithheld() throws {
        var text = try #require(String(data: DiskFileSystem().read(joinPath(repositoryRoot, Self.jyj)), encoding: .utf8))
        text = text.replacingOccurrences(of: "{item: 食品安全抽检, amount: 18.20}", with: "{item: 食品安全抽检, amount: 18.20, disclosure: 涉密}")
        let (csv, _, back) = try Self.roundTrip(text, .targets)
        #expect(csv.contains(",食品安全抽检,18.2,公开属性,涉密\r\n"))
        let use = try #require(back.funding?.uses.first { $0.item == "食品安全抽检" })
        #expect(use.disclosure.level == .classified)
        #expect(back.funding?.uses.first { $0.item == "学生营养膳食补助" }?.disclosure.level == .public)
    }

    /// A clerk's target table with its 资金用途 listed under the money (as provincial templates do): the uses are read
    /// as uses, not as further funding sources (which made the sources add up to more than 年度资金总额, GK503).
    @Test func aUsesBlockInTheClerksTableIsRead() throws {
        var grid = ImportTests.targetGrid
        grid.insert(contentsOf: [["资金用途", "用途", "金额"], ["", "食材补助", "1200"], ["", "设备购置", "100.5"]], at: 9)
        let p = try ImportHostileTests.imported(grid)
        #expect(p.funding?.lines.map(\.source) == ["财政拨款", "其他资金"])
        #expect(p.funding?.uses.map(\.item) == ["食材补助", "设备购置"])
        #expect(p.funding?.uses.map(\.amount) == [1200, Decimal(string: "100.5")!])
    }

    /// Its 合计 row is checked against the uses, at its cell.
    @Test func aUsesBlockTotalIsChecked() throws {
        var grid = ImportTests.targetGrid
        grid.insert(contentsOf: [["资金用途", "用途", "金额"], ["", "食材补助", "1200"], ["", "设备购置", "100.5"], ["", "合计", "1300"]], at: 9)
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(!r.succeeded)
        #expect(r.diagnostics.contains { $0.code == .importWeights && $0.description.hasPrefix("t.xlsx:Sheet1!C13:") && $0.message.contains("资金用途") }, "\(r.diagnostics)")
    }

    @Test func aProjectWithoutUsesExportsQuietly() throws {
        let path = joinPath(repositoryRoot, "content/projects/2024/CZJ-001.md")
        let (csv, problems) = ProjectExport.run(siteRoot: repositoryRoot, projectFile: path, layout: .targets)
        #expect(csv != nil)
        #expect(problems.isEmpty, "\(problems)")
    }
}
