import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Two items of the same name in one file — two tasks both called 学生资助, two uses 子女助学, two indicators
/// 家长满意度 under the same 二级 — one public, one withheld. The import matched items by name and took the
/// first: re-imported (`--force`) from a table that states no level, the withheld one inherited its public
/// sibling's level and was published, and the level check, comparing with the first only, let it pass.
/// Now a row whose name the file gives at different levels must state its 公开属性, or the import is refused.
@Suite("Import over items of the same name")
struct ImportDuplicateNameTests {
    typealias T = ImportClerkTableTests

    static func levelsWithoutMessage(_ r: ImportResult) -> Bool {
        !T.messages(r).contains("warning[GK508]")
    }

    // MARK: department tasks

    /// The national table with two tasks named 学生资助: the first public, the second classified.
    static func tasksGrid(first: String, second: String) -> [[String]] {
        var grid = ImportDepartmentTaskTests.nationalTargets
        grid[6][4] = first
        grid[7] = ["", "学生资助", "", "500", second]
        return grid
    }

    @Test func aWithheldTaskSharingAPublicTasksNameIsNotPublished() throws {
        let merges = ImportDepartmentTaskTests.merges
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.tasksGrid(first: "主动公开", second: "涉密"), merges: merges)])
        let first = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(first.succeeded, "\(T.messages(first))")
        #expect(try ImportDepartmentTaskTests.department(fs).tasks.map(\.disclosure.level) == [.public, .public, .classified])
        let before = fs.text(ImportDepartmentTaskTests.path)

        // The same table with no level on either 学生资助 row: which is which cannot be told.
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "", second: ""), merges: merges), to: "plain.xlsx")
        let refused = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(!refused.succeeded, "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:Sheet1!B7: error[GK508]"), "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:Sheet1!B8: error[GK508]"), "\(T.messages(refused))")
        #expect(T.messages(refused).contains("公开属性"))
        #expect(fs.text(ImportDepartmentTaskTests.path) == before)

        // One row stating its level is not enough: the other still cannot be matched.
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "主动公开", second: ""), merges: merges), to: "half.xlsx")
        let half = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["half.xlsx"], force: true))
        #expect(!half.succeeded && T.messages(half).contains("half.xlsx:Sheet1!B8: error[GK508]"), "\(T.messages(half))")
        #expect(!T.messages(half).contains("half.xlsx:Sheet1!B7: error"), "\(T.messages(half))")
        #expect(fs.text(ImportDepartmentTaskTests.path) == before)

        // Both stated, as export writes them: imported as stated, with no warning of a lowered level.
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "主动公开", second: "涉密"), merges: merges), to: "stated.xlsx")
        let stated = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["stated.xlsx"], force: true))
        #expect(stated.succeeded && Self.levelsWithoutMessage(stated), "\(T.messages(stated))")
        #expect(try ImportDepartmentTaskTests.department(fs).tasks.map(\.disclosure.level) == [.public, .public, .classified])

        // Withheld first, public second: the same.
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "涉密", second: "主动公开"), merges: merges), to: "swapped.xlsx")
        let swapped = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["swapped.xlsx"], force: true))
        #expect(swapped.succeeded, "\(T.messages(swapped))")
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "", second: ""), merges: merges), to: "plain2.xlsx")
        let refused2 = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain2.xlsx"], force: true))
        #expect(!refused2.succeeded && T.messages(refused2).contains("plain2.xlsx:Sheet1!B7: error[GK508]"), "\(T.messages(refused2))")
    }

    /// Two tasks of the same name at the same level are no ambiguity: the table need not state it.
    @Test func tasksOfTheSameNameAndLevelNeedNoStatedLevel() throws {
        let merges = ImportDepartmentTaskTests.merges
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.tasksGrid(first: "涉密", second: "涉密"), merges: merges)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"])).succeeded)
        try fs.write(ImportTests.xlsx(Self.tasksGrid(first: "", second: ""), merges: merges), to: "plain.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(try ImportDepartmentTaskTests.department(fs).tasks.map(\.disclosure.level) == [.public, .classified, .classified])
    }

    // MARK: funding uses

    static func usesGrid(first: String, second: String) -> [[String]] {
        [
            ["资金使用明细表"],
            ["序号", "资金用途", "金额（万元）", "公开属性"],
            ["1", "困难职工生活救助", "150", "主动公开"],
            ["2", "子女助学", "50", first],
            ["3", "子女助学", "30", second],
            ["", "合计", "230", ""],
        ]
    }

    static func usesWorkbook(first: String, second: String) -> Data {
        ImportLayoutTests.workbook([("目标表", ImportLayoutTests.unionGrid, ["B9:F9", "B11:B13", "C11:C12"]),
                                    ("资金用途", Self.usesGrid(first: first, second: second), [])])
    }

    static let usesPath = "content/projects/2025/ZGH-2025-101.md"

    static func uses(_ fs: MemoryFileSystem) throws -> [FundingUse] {
        var d = DiagnosticList()
        let project = try #require(ProjectLoader.load(text: fs.text(Self.usesPath) ?? "", file: "x.md", diagnostics: &d))
        return project.funding?.uses ?? []
    }

    @Test func aWithheldUseSharingAPublicUsesNameIsNotPublished() throws {
        let fs = ImportTests.site(["目标表.xlsx": Self.usesWorkbook(first: "主动公开", second: "涉密")])
        let first = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(first.succeeded, "\(T.messages(first))")
        #expect(try Self.uses(fs).map(\.disclosure.level) == [.public, .public, .classified])
        let before = fs.text(Self.usesPath)

        try fs.write(Self.usesWorkbook(first: "", second: ""), to: "plain.xlsx")
        let refused = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(!refused.succeeded, "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:资金用途!B4: error[GK508]"), "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:资金用途!B5: error[GK508]"), "\(T.messages(refused))")
        #expect(fs.text(Self.usesPath) == before)

        try fs.write(Self.usesWorkbook(first: "主动公开", second: "涉密"), to: "stated.xlsx")
        let stated = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["stated.xlsx"], force: true))
        #expect(stated.succeeded && Self.levelsWithoutMessage(stated), "\(T.messages(stated))")
        #expect(try Self.uses(fs).map(\.disclosure.level) == [.public, .public, .classified])
    }

    // MARK: indicators

    /// The usual target table with a 公开属性 column and 家长满意度 twice under 服务对象满意度指标.
    static func indicatorGrid(first: String, second: String) -> [[String]] {
        var grid = ImportTests.targetGrid
        grid[10].append("公开属性")
        for r in 11..<grid.count { grid[r].append("") }
        grid[15][6] = first
        grid.append(["", "", "", "家长满意度", "≥90%", "问卷调查", second])
        return grid
    }

    static let indicatorPath = "content/projects/2025/JYJ-2025-009.md"

    static func leafLevels(_ fs: MemoryFileSystem) throws -> [DisclosureLevel] {
        let project = try T.project(fs, Self.indicatorPath)
        let group = try #require(project.targets?.indicators.last?.children.first)
        return group.children.map(\.disclosure.level)
    }

    @Test func aWithheldIndicatorSharingAPublicIndicatorsNameIsNotPublished() throws {
        let merges = ["A11:A17", "B12:B14", "C12:C13"]
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(Self.indicatorGrid(first: "主动公开", second: "涉密"), merges: merges)])
        let first = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(first.succeeded, "\(T.messages(first))")
        #expect(try Self.leafLevels(fs) == [.public, .classified])
        let before = fs.text(Self.indicatorPath)

        try fs.write(ImportTests.xlsx(Self.indicatorGrid(first: "", second: ""), merges: merges), to: "plain.xlsx")
        let refused = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(!refused.succeeded, "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:Sheet1!D16: error[GK508]"), "\(T.messages(refused))")
        #expect(T.messages(refused).contains("plain.xlsx:Sheet1!D17: error[GK508]"), "\(T.messages(refused))")
        #expect(fs.text(Self.indicatorPath) == before)

        try fs.write(ImportTests.xlsx(Self.indicatorGrid(first: "主动公开", second: "涉密"), merges: merges), to: "stated.xlsx")
        let stated = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["stated.xlsx"], force: true))
        #expect(stated.succeeded && Self.levelsWithoutMessage(stated), "\(T.messages(stated))")
        #expect(try Self.leafLevels(fs) == [.public, .classified])
    }

    /// Two indicators of the same name, both classified: merged without a stated level, both keep the level
    /// (no ambiguity, nothing to state).
    @Test func aNameAtOneLevelKeepsItWithoutAStatedLevel() throws {
        let merges = ["A11:A17", "B12:B14", "C12:C13"]
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(Self.indicatorGrid(first: "涉密", second: "涉密"), merges: merges)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"])).succeeded)
        try fs.write(ImportTests.xlsx(Self.indicatorGrid(first: "", second: ""), merges: merges), to: "plain.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(try Self.leafLevels(fs) == [.classified, .classified])
    }
}
