import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Tables as clerks really leave them (a red-team round): a signature line below the table, hidden rows,
/// a header merged over two columns, units shown by a number format, formulas saved by openpyxl.
@Suite("Import of clerks' tables as they are left")
struct ImportClerkTableTests {
    static func run(_ data: Data, file: String = "t.xlsx") -> (ImportResult, MemoryFileSystem) {
        let fs = ImportTests.site([file: data])
        return (SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: [file])), fs)
    }

    static func messages(_ r: ImportResult) -> String { r.diagnostics.map(\.description).joined(separator: "\n") }

    static func project(_ fs: MemoryFileSystem, _ path: String = "content/projects/2025/JYJ-2025-009.md") throws -> Project {
        let text = try #require(fs.text(path))
        var d = DiagnosticList()
        let project = try #require(ProjectLoader.load(text: text, file: "x.md", diagnostics: &d))
        #expect(!d.hasErrors, "\(d.items)")
        return project
    }

    /// openpyxl saves a formula as `<f>…</f><v/>`: an empty result element is no result, and the cell
    /// (here the 指标值) would read as empty. A formula whose result is the empty text (`t="str"`) is fine.
    @Test func aFormulaWithAnEmptyResultElementIsRefused() {
        let (r, _) = Self.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["E12": "<c r=\"E12\"><f>52000*1</f><v/></c>"]))
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!E12: error[GK500]") && Self.messages(r).contains("没有保存计算结果"), "\(Self.messages(r))")
        let (text, _) = Self.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["G12": "<c r=\"G12\" t=\"str\"><f>\"\"</f><v></v></c>"]))
        #expect(text.succeeded, "\(Self.messages(text))")
    }

    /// A signature line (单位负责人：… 填表人：… 联系电话：…) or a 填报说明 below a target table, which has
    /// no 总分 row to end it, is not an indicator: a phone number was imported, and published, as the
    /// target of an indicator named after the clerk.
    @Test(arguments: [
        ["单位负责人：张三", "", "财务负责人：李四", "填表人：王五", "联系电话：12345678"],
        ["", "填表人", "王五", "联系电话", "12345678"],
        ["填报说明：", "1.本表由项目单位填报。", "", "2.指标值应尽量量化。"],
    ])
    func aSignatureLineOrFillingNotesBelowTheTableIsNoIndicator(_ footer: [String]) throws {
        let (r, fs) = Self.run(ImportTests.xlsx(ImportTests.targetGrid + [[], footer]))
        #expect(r.succeeded, "\(Self.messages(r))")
        let project = try Self.project(fs)
        #expect(Discloser.leaves(project.targets!.indicators).map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
        #expect(!(fs.text("content/projects/2025/JYJ-2025-009.md") ?? "").contains("12345678"))
        #expect(r.explanation.contains { $0.contains("第18行") && $0.contains("签字栏或填报说明") }, "\(r.explanation)")
    }

    /// A hidden row or column that holds something (a row hidden instead of deleted, a filter left on) is
    /// read by import but not seen by the clerk: refused at its first cell, never imported unseen.
    @Test func aHiddenRowOrColumnWithContentIsRefused() {
        let grid = ImportTests.targetGrid + [["", "", "", "已取消的指标", "≥1项", "内部"]]
        let (row, fsRow) = Self.run(ImportTests.xlsx(grid, rowAttributes: [17: "hidden=\"1\""]))
        #expect(!row.succeeded)
        #expect(Self.messages(row).contains("t.xlsx:Sheet1!D17: error[GK500]") && Self.messages(row).contains("隐藏"), "\(Self.messages(row))")
        #expect(fsRow.text("content/projects/2025/JYJ-2025-009.md") == nil)
        let (column, _) = Self.run(ImportTests.xlsx(ImportTests.targetGrid, cols: "<cols><col min=\"6\" max=\"6\" width=\"0\" hidden=\"1\"/></cols>"))
        #expect(Self.messages(column).contains("t.xlsx:Sheet1!F11: error[GK500]") && Self.messages(column).contains("隐藏"), "\(Self.messages(column))")
        // Hidden but empty (a template's spare rows and columns) is no matter.
        let (empty, _) = Self.run(ImportTests.xlsx(ImportTests.targetGrid + [[], []], rowAttributes: [17: "hidden=\"1\"", 18: "hidden=\"true\""],
                                            cols: "<cols><col min=\"9\" max=\"16384\" hidden=\"1\"/></cols>"))
        #expect(empty.succeeded, "\(Self.messages(empty))")
    }

    /// The national self-evaluation template merges 偏差原因分析及改进措施 over two columns; a clerk writes
    /// the reason in one and the measure in the other. The second column was dropped without a word.
    @Test func aHeaderMergedOverTwoColumnsReadsBoth() throws {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[12] += ["下半年加密监测"]  // the measure, in the second column under the merged header
        let (r, fs) = Self.run(ImportTests.xlsx(grid, merges: ["I11:J11", "I12:J12", "I14:J14", "B9:D9", "B10:D10", "E9:F9", "E10:F10"]))
        #expect(r.succeeded, "\(Self.messages(r))")
        let leaves = Discloser.leaves(try Self.project(fs).targets!.indicators)
        #expect(leaves.map { $0.deviation?.value } == ["无", "监测数据滞后；下半年加密监测", "无"])
    }

    /// A number shown through a format that adds text (`0"人"`, `"≥"0%`) reads as the clerk sees it in a
    /// text column (指标值, 实际完成值): the unit or the operator was dropped (`52000`, `98%`).
    @Test func aNumberFormatAddingTextIsReadAsShown() throws {
        var grid = ImportTests.targetGrid
        grid[6][2] = ""
        let (r, fs) = Self.run(ImportTests.xlsx(grid, cells: [
            "E12": "<c r=\"E12\" s=\"1\"><v>52000</v></c>",
            "E14": "<c r=\"E14\" s=\"2\"><v>0.98</v></c>",
            "E16": "<c r=\"E16\" s=\"3\"><v>90</v></c>",
            "C7": "<c r=\"C7\" s=\"4\"><v>1300.5</v></c>",
        ], formats: ["0\"人\"", "\"≥\"0%", "\\≥0.0\"%\"", "#,##0.00\"万元\""]))
        #expect(r.succeeded, "\(Self.messages(r))")
        let project = try Self.project(fs)
        #expect(Discloser.leaves(project.targets!.indicators).map { $0.target?.raw } == ["52000人", ">=142所", "≥98%", "明显改善", "≥90.0%"])
        // An amount keeps its number (the sources add up to it).
        #expect(project.funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
    }

    /// A header row repeated on the second printed page (copied with the rows) is skipped, not read as an
    /// indicator named 三级指标 under a 一级 named 一级指标.
    @Test func aRepeatedHeaderRowIsSkipped() throws {
        var grid = ImportTests.targetGrid
        grid.insert(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"], at: 14)
        let (r, fs) = Self.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(Discloser.leaves(try Self.project(fs).targets!.indicators).count == 5)
        #expect(r.explanation.contains { $0.contains("第15行") && $0.contains("重复的表头") }, "\(r.explanation)")
    }
}
