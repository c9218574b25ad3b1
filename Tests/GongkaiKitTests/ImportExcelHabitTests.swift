import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// What Excel and the national templates do to a clerk's table: a long code typed into a number cell
/// (rounded, or its leading zeros gone), text left below 总分, the template's numbered `指标1：` rows.
@Suite("Import of what Excel and the templates leave in a table")
struct ImportExcelHabitTests {
    typealias T = ImportClerkTableTests

    static func codeCell(_ xml: String) -> [String: String] { ["B4": xml] }

    // MARK: Codes typed into number cells

    /// A 16-digit code typed into a General cell: Excel keeps 15 digits and saves `3.30100202500012E+15`
    /// (or `3301002025000120`). Imported, it became another code, another file, another address.
    @Test(arguments: ["3.30100202500012E+15", "3301002025000120", "3.3010020250001201E+15", "1.23E+5"])
    func aCodeExcelCouldNotKeepIsRefused(_ stored: String) {
        let (r, fs) = T.run(ImportTests.xlsx(ImportTests.targetGrid, cells: Self.codeCell("<c r=\"B4\"><v>\(stored)</v></c>")))
        #expect(!r.succeeded)
        let message = r.diagnostics.first { $0.location.cell == "Sheet1!B4" }
        #expect(message?.code == .importFile && message?.severity == .error, "\(T.messages(r))")
        #expect(message?.message.contains("文本") == true && message?.message.contains("项目编号") == true, "\(T.messages(r))")
        #expect(fs.entries(in: "content/projects/2025").allSatisfy { !$0.hasPrefix("33") && !$0.hasPrefix("123") }, "\(fs.entries(in: "content/projects/2025"))")
    }

    /// `000123` typed into a General cell is stored as 123: imported with a warning that names what was
    /// read, since the leading zeros may be gone.
    @Test func aCodeStoredAsAPlainNumberIsWarnedAbout() throws {
        let (r, fs) = T.run(ImportTests.xlsx(ImportTests.targetGrid, cells: Self.codeCell("<c r=\"B4\"><v>123</v></c>")))
        #expect(r.succeeded, "\(T.messages(r))")
        let warning = try #require(r.diagnostics.first { $0.location.cell == "Sheet1!B4" }, "\(T.messages(r))")
        #expect(warning.severity == .warning && warning.code == .importFile)
        #expect(warning.message.contains("“123”") && warning.message.contains("文本"), "\(warning.message)")
        #expect(fs.text("content/projects/2025/123.md") != nil)
    }

    /// A number cell formatted `000000` shows 123 as `000123`: read as the clerk sees it, without a warning.
    @Test func aCodeShownWithLeadingZerosByItsFormatIsReadAsShown() {
        let (r, fs) = T.run(ImportTests.xlsx(ImportTests.targetGrid, cells: Self.codeCell("<c r=\"B4\" s=\"1\"><v>123</v></c>"), formats: ["000000"]))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(!r.diagnostics.contains { $0.location.cell == "Sheet1!B4" }, "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/000123.md") != nil, "\(fs.entries(in: "content/projects/2025"))")
        // Too long for the format to help: still refused.
        let (long, _) = T.run(ImportTests.xlsx(ImportTests.targetGrid, cells: Self.codeCell("<c r=\"B4\" s=\"1\"><v>3301002025000120</v></c>"),
                                     formats: ["0000000000000000"]))
        #expect(!long.succeeded && T.messages(long).contains("t.xlsx:Sheet1!B4: error[GK500]"), "\(T.messages(long))")
    }

    /// The code in a text cell, however long, is exact; and `--code` makes the cell's number irrelevant.
    @Test func aCodeAsTextOrGivenOnTheCommandLineIsFine() {
        var grid = ImportTests.targetGrid
        grid[3][1] = "3301002025000123x"
        let (text, fs) = T.run(ImportTests.xlsx(grid))
        #expect(text.succeeded && !T.messages(text).contains("B4"), "\(T.messages(text))")
        #expect(fs.text("content/projects/2025/3301002025000123x.md") != nil)
        let data = ImportTests.xlsx(ImportTests.targetGrid, cells: Self.codeCell("<c r=\"B4\"><v>3.30100202500012E+15</v></c>"))
        let site = ImportTests.site(["t.xlsx": data])
        let given = SpreadsheetImport(fileSystem: site).run(ImportOptions(files: ["t.xlsx"], code: "3301002025000123"))
        #expect(given.succeeded, "\(T.messages(given))")
        #expect(site.text("content/projects/2025/3301002025000123.md") != nil)
    }

    /// A CSV saved by Excel holds the code as Excel showed it: `3.30E+15` is refused; 16 or more digits
    /// ending in zeros past the 15th may be Excel's rounding and are warned about.
    @Test func aCodeInACSVSavedByExcel() {
        func csv(_ code: String) -> Data {
            Data("""
            项目支出绩效目标表
            （2025年度）
            项目编号,\(code)
            项目名称,甲
            主管部门,测试市教育局
            项目资金（万元）,年度资金总额,10
            ,财政拨款,10
            年度总体目标,完成
            绩效指标,一级指标,二级指标,三级指标,指标值
            ,产出指标,数量指标,甲,≥1个

            """.utf8)
        }
        let (scientific, _) = T.run(csv("3.30E+15"), file: "t.csv")
        #expect(!scientific.succeeded && T.messages(scientific).contains("t.csv:CSV!B3: error[GK500]") && T.messages(scientific).contains("文本"),
                "\(T.messages(scientific))")
        let (rounded, _) = T.run(csv("3301002025000120"), file: "t.csv")
        #expect(rounded.succeeded && T.messages(rounded).contains("t.csv:CSV!B3: warning[GK500]"), "\(T.messages(rounded))")
        let (exact, _) = T.run(csv("3301002025000123"), file: "t.csv")
        #expect(exact.succeeded && !T.messages(exact).contains("B3"), "\(T.messages(exact))")
    }

    // MARK: Text below 总分

    static let selfEvaluation: [[String]] = [
        ["项目支出绩效自评表"],
        ["（2025年度）"],
        ["项目编号", "JYJ-2025-009"],
        ["项目名称", "学生营养餐改善"],
        ["主管部门", "测试市教育局", "", "实施单位", "测试市第一中学"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "100", "100", "95", "10", "95%", "9.5"],
        ["", "其中：财政拨款", "100", "100", "95", "—", "—", "—"],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        ["", "完成营养餐供应。", "", "", "已完成。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "产出指标", "数量指标", "受益学生人数", "≥52000人", "52100人", "50", "50", "无"],
        ["", "效益指标", "社会效益指标", "学生营养状况", "明显改善", "基本改善", "30", "28", "监测数据滞后"],
        ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "93%", "10", "10", "无"],
        ["总分", "", "", "", "", "", "100", "97.5"],
    ]

    /// A row below 总分 that is none of 存在问题, 改进措施, 自评等级 (a 绩效自评结论, 主要经验做法) was
    /// dropped without a word: each is named at its first cell. Signature and notes lines are expected.
    @Test func textBelowTheTotalIsNamed() throws {
        let grid = Self.selfEvaluation + [
            ["自评等级", "优"],
            ["存在问题", "监测数据滞后"],
            ["改进措施", "——"],
            [],
            ["", "绩效自评结论", "项目完成良好，资金使用规范。"],
            ["主要经验做法", "建立食堂台账"],
            ["", "——", "/"],
            ["单位负责人：张三", "", "填表人：王五"],
            ["1.本表由项目单位填报。"],
        ]
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        let ignored = r.diagnostics.filter { $0.code == .importIgnored }
        #expect(ignored.map(\.location.cell) == ["Sheet1!B20", "Sheet1!A21"], "\(T.messages(r))")
        #expect(ignored.allSatisfy { $0.severity == .warning && $0.message.contains("未导入：项目文件没有这一项，需要时请写入项目说明") }, "\(T.messages(r))")
        #expect(ignored.first?.message.contains("绩效自评结论") == true, "\(T.messages(r))")
        #expect(r.explanation.contains { $0.contains("第20–21行") && $0.contains("未导入") }, "\(r.explanation)")
        let project = try T.project(fs)
        #expect(project.selfEvaluation?.problems?.value == "监测数据滞后")
    }

    // MARK: The template's numbered rows

    /// The national template ships rows whose 三级 cell reads `指标1：`, `指标2：` and nothing else: unused,
    /// skipped like a `——` row. `指标1：学生人数` with values is the indicator 学生人数.
    @Test func numberedTemplateRowsAreSkippedOrNamedAfterTheColon() throws {
        var grid = ImportTests.targetGrid
        grid[11][3] = "指标1：受益学生人数"
        grid[12][3] = "指标2:供餐学校数"
        grid.insert(["", "", "", "指标3："], at: 13)
        grid.insert(["", "", "", "指标 4："], at: 14)
        grid.append(["", "", "", "指标1：", "", ""])
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        let leaves = Discloser.leaves(try T.project(fs).targets!.indicators)
        #expect(leaves.map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
        #expect(r.explanation.contains { $0.contains("第14–15行") && $0.contains("占位行") }, "\(r.explanation)")
    }

    /// `指标1：` with a value but no name is no unused row and no indicator named 指标1：: refused at its cell.
    @Test func aNumberedTemplateRowWithValuesButNoNameIsRefused() {
        var grid = ImportTests.targetGrid
        grid.append(["", "", "", "指标1：", "≥10所", ""])
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!D17: error[GK502]") && T.messages(r).contains("指标1："), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
        var basisOnly = ImportTests.targetGrid
        basisOnly.append(["", "", "", "指标2：", "", "实施方案"])
        let (b, _) = T.run(ImportTests.xlsx(basisOnly))
        #expect(!b.succeeded && T.messages(b).contains("t.xlsx:Sheet1!D17: error[GK502]"), "\(T.messages(b))")
    }
}

extension ImportExcelHabitTests {
    typealias C = ImportClerkTableTests

    /// The department and unit are identifiers too (matched by code in organisations.yaml): a number Excel
    /// could not keep is refused at its cell; a plain number that matches nothing says why it may not.
    @Test func aDepartmentOrUnitCodeInANumberCell() {
        let (long, _) = C.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["B6": "<c r=\"B6\"><v>3.30100202500012E+15</v></c>"]))
        #expect(!long.succeeded && C.messages(long).contains("t.xlsx:Sheet1!B6: error[GK500]") && C.messages(long).contains("文本"), "\(C.messages(long))")
        let (unit, _) = C.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["D6": "<c r=\"D6\"><v>12</v></c>"]))
        let warning = unit.diagnostics.first { $0.location.cell == "Sheet1!D6" }
        #expect(warning?.code == .importReference && warning?.message.contains("文本") == true, "\(C.messages(unit))")
        let (department, _) = C.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["B6": "<c r=\"B6\"><v>302</v></c>"]))
        let error = department.diagnostics.first { $0.location.cell == "Sheet1!B6" }
        #expect(error?.code == .importReference && error?.severity == .error && error?.message.contains("文本") == true, "\(C.messages(department))")
    }
}
