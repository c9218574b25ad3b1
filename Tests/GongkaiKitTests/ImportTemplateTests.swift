import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The layouts of the Ministry of Finance templates and their provincial variants, as clerks fill them.
@Suite("Import of the national and provincial template layouts")
struct ImportTemplateTests {
    static func messages(_ r: ImportResult) -> String { ImportClerkTableTests.messages(r) }

    /// The national target table (财预〔2015〕88号) sets 中期目标 | 年度目标 side by side, with the texts
    /// below: the header `中期目标（2024年－2026年）` right of 总体目标 was imported as the project's goal,
    /// and the year's goal was lost without a word. The year's goal is the goal; the mid-term one is named.
    @Test func theMidTermGoalHeaderIsNotTheGoal() throws {
        var grid = ImportTests.targetGrid
        grid.replaceSubrange(9...9, with: [
            ["总体目标", "中期目标（2024年－2026年）", "", "年度目标"],
            ["", "三年内覆盖全市农村义务教育学生。", "", "保障学生营养餐供应，食品安全零事故。"],
        ])
        let merges = ["A10:A11", "B10:C10", "D10:F10", "B11:C11", "D11:F11", "A12:A17", "B13:B15", "C13:C14"]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: merges))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(try ImportClerkTableTests.project(fs).targets?.goal?.value == "保障学生营养餐供应，食品安全零事故。")
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!B11: warning[GK510]"), "\(Self.messages(r))")

        // `总体目标 | 年度目标` with the text below: the second label is a column header, not the goal.
        var plain = ImportTests.targetGrid
        plain.replaceSubrange(9...9, with: [["总体目标", "年度目标"], ["", "保障学生营养餐供应，食品安全零事故。"]])
        let (p, pfs) = ImportClerkTableTests.run(ImportTests.xlsx(plain, merges: ["A10:A11", "B10:F10", "B11:F11"]))
        #expect(p.succeeded, "\(Self.messages(p))")
        #expect(try ImportClerkTableTests.project(pfs).targets?.goal?.value == "保障学生营养餐供应，食品安全零事故。")
    }

    /// The same template puts 中期资金总额 and 年度资金总额 side by side, each with its sources: every
    /// source row had two amounts and the table was refused as if its columns were unnamed. The year's
    /// block is read; the mid-term block is named as not imported.
    @Test func theMidTermFundingBesideTheYearsIsNotRefused() throws {
        var grid = ImportTests.targetGrid
        grid.replaceSubrange(6...8, with: [
            ["项目资金（万元）", "中期资金总额：", "3900", "年度资金总额：", "1300.5"],
            ["", "其中：财政拨款", "3750", "其中：财政拨款", "1250.5"],
            ["", "其他资金", "150", "其他资金", "50"],
        ])
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: ["A7:A9"] + ImportTests.targetMerges))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(try ImportClerkTableTests.project(fs).funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!B7: warning[GK510]") && Self.messages(r).contains("中期资金"), "\(Self.messages(r))")
    }

    /// A header of two rows: 绩效指标 merged over 一级 | 二级 | 三级 on the first, 指标值 and its basis
    /// merged down over both. The labels of the merged cells were not seen on the second row, and the
    /// table was refused as having no indicator header at all. Read.
    @Test func aTwoRowHeaderWithMergedLabelsIsRead() throws {
        var grid = Array(ImportTests.targetGrid.prefix(10))
        grid += [["", "绩效指标", "", "", "指标值", "指标值确定依据"], ["", "一级指标", "二级指标", "三级指标"]]
        grid += ImportTests.targetGrid.dropFirst(11)
        let merges = ["B11:D11", "E11:E12", "F11:F12", "B13:B15", "C13:C14"]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: merges))
        #expect(r.succeeded, "\(Self.messages(r))")
        let leaves = Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators)
        #expect(leaves.map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
        #expect(leaves.map { $0.basis?.value } == ["学籍统计", "实施方案", "监管要求", "监测方案", "问卷调查"])
    }

    /// A 绩效运行监控表 has the target table's header plus the progress columns (`1-7月实际完成值`,
    /// `全年预计完成值`, `完成目标可能性`): it was imported as a target table, its 偏差原因分析 (a reason
    /// for lagging in July) written as the indicator's self-evaluation deviation. (Round fifteen: it is
    /// read as a monitoring checkpoint of the project's existing file, never as targets; without the
    /// file it is refused.)
    @Test func aMonitoringTableIsACheckpointNeverTargets() throws {
        let grid: [[String]] = [
            ["项目支出绩效目标执行监控表"],
            ["（2025年度）"],
            ["项目编号", "JYJ-2025-009"],
            ["项目名称", "学生营养餐改善"],
            ["主管部门", "测试市教育局", "实施单位", "测试市第一中学"],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "1-7月执行数", "1-7月执行率"],
            ["", "年度资金总额", "1300.5", "1300.5", "700", "53.83%"],
            ["", "其中：财政拨款", "1250.5", "1250.5", "680", "54.38%"],
            ["", "其他资金", "50", "50", "20", "40%"],
            ["年度总体目标", "预期目标", "", "", "1-7月实际完成情况"],
            ["", "保障学生营养餐供应。", "", "", "已为51000名学生供餐。"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月实际完成值", "全年预计完成值", "偏差原因分析", "完成目标可能性"],
            ["", "产出指标", "数量指标", "受益学生人数", "≥52000人", "51000人", "52300人", "", "确定能"],
            ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "未开展", "92%", "年底开展调查", "有可能"],
        ]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: ["A12:A14"]))
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("error[GK502]") && Self.messages(r).contains("目标表"), "\(Self.messages(r))")
        #expect(fs.text(ImportCellTextTests.path) == nil)
        // With the project's file (its target table imported first), the table becomes its July checkpoint.
        try fs.write(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges), to: "目标表.xlsx")
        try fs.write(ImportTests.xlsx(grid, merges: ["A12:A14"]), to: "监控表.xlsx")
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"])).succeeded)
        let before = try ImportClerkTableTests.project(fs)
        let monitored = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["监控表.xlsx"]))
        #expect(monitored.succeeded, "\(Self.messages(monitored))")
        #expect(Self.messages(monitored).contains("监控表.xlsx:Sheet1!D12: warning[GK510]"), "\(Self.messages(monitored))")
        let after = try ImportClerkTableTests.project(fs)
        #expect(after.monitoring.count == 1)
        let checkpoint = try #require(after.monitoring.first)
        #expect(checkpoint.date?.month == 7 && checkpoint.date?.year == 2025 && checkpoint.monthOnly)
        #expect(checkpoint.actualRate == Decimal(string: "53.83") && checkpoint.progress?.value == "已为51000名学生供餐。")
        // The targets are the target table's: no mid-year value or reason became a target or a deviation.
        #expect(Discloser.leaves(after.targets!.indicators).map { $0.target?.raw } == Discloser.leaves(before.targets!.indicators).map { $0.target?.raw })
        #expect(Discloser.leaves(after.targets!.indicators).allSatisfy { $0.deviation == nil && $0.actual == nil })
    }

    /// A 填报单位 line above the table names who filled it in, often the implementing unit
    /// (`填报单位（盖章）：测试市第一中学`), while the table's own 主管部门 cell names the department: the
    /// first label found was taken, and the import was refused with 主管部门“测试市第一中学”不在
    /// organisations.yaml 中 although the 主管部门 cell was right. 主管部门 is the department.
    @Test func theDepartmentCellWinsOverAFilingUnitLine() throws {
        var grid = ImportTests.targetGrid
        grid[2] = ["填报单位（盖章）：测试市第一中学", "", "", "", "", "单位：万元"]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(try ImportClerkTableTests.project(fs).departmentCode == "JYJ")
    }

    /// Many self-evaluation tables end the indicator block with a 合计 row (分值 100, 得分 93.5) instead of 总分:
    /// the row was taken for an indicator without a name, and the import refused with
    /// `缺少必填字段“〔不予公开内容〕”（自评总分）` at A1. 合计 is the total row.
    @Test func aTotalRowLabelledHejiIsTheTotal() throws {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[grid.count - 1][0] = "合计"
        grid += [["存在问题", "监测数据滞后"]]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(Self.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(project.selfEvaluation?.totalScore == Decimal(string: "97.5"))
        #expect(project.selfEvaluation?.problems?.value == "监测数据滞后")
    }

    /// 得分 is usually a formula (分值 × 实际 ÷ 目标), shown through `0.00`: the cell holds 28.571428571428573
    /// and shows 28.57. The import wrote `score: 28.5714285714`, and the loader refused the whole table at A1
    /// with `字段“〔不予公开内容〕”的值“〔不予公开内容〕”不是有效数字（最多4位小数…）`, naming neither the cell
    /// nor the field. Refused at the cell, saying what to do.
    @Test func aFormulaScoreWithMoreDecimalsThanTheFormatHoldsIsRefusedAtItsCell() {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[12][7] = "28.571428571428573"
        grid[14][7] = "98.07"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!H13: error[GK501]") && Self.messages(r).contains("位小数"), "\(Self.messages(r))")
        #expect(!Self.messages(r).contains("GK509"), "\(Self.messages(r))")
        #expect(fs.text(ImportCellTextTests.path) == nil)
    }

    /// A check column typed as 1 / 0 and shown through a conditional format (`[=1]"已完成";[=0]"未完成";General`)
    /// shows 已完成: the import read the stored 1 and published the actual value `1`. Refused at the cell, as a
    /// format that moves the decimal point is; a condition that only colours the number (`[Red][<60]0.00`) shows it.
    @Test(arguments: [("[=1]\"已完成\";[=0]\"未完成\";General", "F13", "1", false), ("[Red][<60]0.00;0.00", "H13", "28", true)])
    func aNumberShownAsTextByAConditionalFormatIsRefused(_ format: String, _ ref: String, _ value: String, _ passes: Bool) {
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportExcelHabitTests.selfEvaluation, cells: [ref: "<c r=\"\(ref)\" s=\"1\"><v>\(value)</v></c>"], formats: [format]))
        #expect(r.succeeded == passes, "\(Self.messages(r))")
        if !passes {
            #expect(Self.messages(r).contains("t.xlsx:Sheet1!\(ref): error[GK501]") && Self.messages(r).contains("条件"), "\(Self.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }

    /// Provincial templates ship a 指标库 sheet (共性指标 to choose from) with the same 一级 | 二级 | 三级 |
    /// 指标值 header: it was read as a second project table and the whole import refused with
    /// `缺少“项目名称”一栏` at 指标库!A1, though the project's sheet has one. A sheet with an indicator header
    /// and no 项目名称 is not a project's table: named (GK510) and not read.
    @Test func anIndicatorLibrarySheetIsNotAProject() throws {
        func cell(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        let library = "<row r=\"1\">" + cell("A1", "共性指标库") + "</row><row r=\"2\">" + cell("A2", "一级指标") + cell("B2", "二级指标") + cell("C2", "三级指标") + cell("D2", "指标值")
            + "</row><row r=\"3\">" + cell("A3", "产出指标") + cell("B3", "时效指标") + cell("C3", "资金拨付及时率") + cell("D3", "100%")
            + "</row><row r=\"4\">" + cell("A4", "满意度指标") + cell("B4", "服务对象满意度指标") + cell("C4", "受益群众满意度") + cell("D4", "≥90%") + "</row>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, moreSheets: [("指标库", "", library)]))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(Self.messages(r).contains("t.xlsx:指标库!A1: warning[GK510]"), "\(Self.messages(r))")
        #expect(Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators).count == 5)
    }

    /// A 部门（单位）整体支出绩效目标表 has an indicator block too, but no project: it was refused with
    /// “缺少项目名称” and a funding error per task row (`财政拨款金额“其他资金”不是有效数字`), none of them
    /// saying that the table is a department's. (Round fifteen: it is now imported as the department's
    /// targets, content/departments/<year>/<code>.md; its task list becomes the file's `tasks`, the amount from
    /// 总额, whose split by source is named, GK510.)
    @Test func aDepartmentWideTableIsImportedAsTheDepartments() throws {
        let grid: [[String]] = [
            ["部门（单位）整体支出绩效目标申报表"],
            ["（2025年度）"],
            ["", "", "", "", "", "单位：万元"],
            ["部门（单位）名称", "测试市教育局"],
            ["年度主要任务", "任务名称", "主要内容", "预算金额"],
            ["", "", "", "总额", "财政拨款", "其他资金"],
            ["", "学生营养餐改善", "为农村学生提供营养餐", "1300", "1250", "50"],
            ["金额合计", "", "", "1300", "1250", "50"],
            ["年度总体目标", "保障学生营养餐供应。"],
            ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            ["", "产出指标", "数量指标", "受益学生人数", "≥52000人"],
            ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%"],
        ]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: ["A1:F1", "A5:A7", "D5:F5", "A10:A12"]))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!E6: warning[GK510]") && Self.messages(r).contains("分列"), "\(Self.messages(r))")
        #expect(!Self.messages(r).contains("不是有效数字") && !Self.messages(r).contains("项目名称"), "\(Self.messages(r))")
        let text = try #require(fs.text("content/departments/2025/JYJ.md"))
        var d = DiagnosticList()
        let department = try #require(DepartmentPerformanceLoader.load(text: text, file: "x.md", diagnostics: &d))
        #expect(!d.hasErrors, "\(d.items)")
        #expect(department.targets?.goal?.value == "保障学生营养餐供应。")
        #expect(department.tasks.map(\.name) == ["学生营养餐改善"] && department.tasks.first?.content == "为农村学生提供营养餐")
        #expect(department.tasks.first?.amount == 1300)
        #expect(Discloser.leaves(department.targets!.indicators).map(\.name) == ["受益学生人数", "家长满意度"])
    }
}

/// Conditional formats written in the Excel 2010 extension (`<extLst>`, `x14:conditionalFormatting`).
@Suite("Import of cells hidden by an x14 conditional format")
struct ImportX14ConditionalFormatTests {
    static func ext(_ rule: String, _ sqref: String) -> String {
        "<extLst><ext uri=\"{78C0D931-6437-407d-A8EE-F0AAD7539E65}\" xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">"
            + "<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\">"
            + rule + "<xm:sqref>\(sqref)</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
    }

    /// Excel writes a rule in the extension when the main part cannot hold it: a formula naming another
    /// sheet (`参数!$B$2="否"`, a switch to blank the internal rows), the icon sets added in 2010 (3Stars,
    /// 3Triangles). Its format is inline (`x14:dxf`) and its range a child element (`xm:sqref`): neither
    /// was read, so a cell blanked by such a rule was imported and published. Refused as the main part's.
    @Test(arguments: [
        ("<x14:cfRule type=\"expression\" priority=\"1\" id=\"{0A1B2C3D-0000-0000-0000-000000000001}\"><xm:f>参数!$B$2=\"否\"</xm:f><x14:dxf><font><color rgb=\"FFFFFFFF\"/></font></x14:dxf></x14:cfRule>", "F12:F13", "F12", false),
        ("<x14:cfRule type=\"expression\" priority=\"1\" id=\"{0A1B2C3D-0000-0000-0000-000000000002}\"><xm:f>参数!$B$2=\"否\"</xm:f><x14:dxf><font><color rgb=\"FFFFFF00\"/></font><fill><patternFill><bgColor rgb=\"FFFFFF00\"/></patternFill></fill></x14:dxf></x14:cfRule>", "F12:F13", "F12", false),
        ("<x14:cfRule type=\"iconSet\" priority=\"2\" id=\"{0A1B2C3D-0000-0000-0000-000000000003}\"><x14:iconSet iconSet=\"3Stars\" showValue=\"0\"><x14:cfvo type=\"percent\"><xm:f>0</xm:f></x14:cfvo><x14:cfvo type=\"percent\"><xm:f>33</xm:f></x14:cfvo><x14:cfvo type=\"percent\"><xm:f>67</xm:f></x14:cfvo></x14:iconSet></x14:cfRule>", "C7:C9", "C7", false),
        ("<x14:cfRule type=\"expression\" priority=\"1\" id=\"{0A1B2C3D-0000-0000-0000-000000000004}\"><xm:f>参数!$B$2=\"否\"</xm:f><x14:dxf><font><color rgb=\"FFFF0000\"/></font></x14:dxf></x14:cfRule>", "F12:F13", "", true),
        ("<x14:cfRule type=\"iconSet\" priority=\"2\" id=\"{0A1B2C3D-0000-0000-0000-000000000005}\"><x14:iconSet iconSet=\"3Stars\"><x14:cfvo type=\"percent\"><xm:f>0</xm:f></x14:cfvo><x14:cfvo type=\"percent\"><xm:f>33</xm:f></x14:cfvo><x14:cfvo type=\"percent\"><xm:f>67</xm:f></x14:cfvo></x14:iconSet></x14:cfRule>", "C7:C9", "", true),
    ])
    func anExtensionConditionalFormatHidingACellIsRefused(_ rule: String, _ sqref: String, _ cell: String, _ passes: Bool) {
        var grid = ImportTests.targetGrid
        grid[11][5] = "内部测算，勿公开"
        let merges = "<mergeCells count=\"3\"><mergeCell ref=\"A11:A16\"/><mergeCell ref=\"B12:B14\"/><mergeCell ref=\"C12:C13\"/></mergeCells>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, afterSheetData: merges + Self.ext(rule, sqref)))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK500]") && ImportClerkTableTests.messages(r).contains("条件格式"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// Symbol fonts: Wingdings shows `ü` as ✓ and `þ` as ☑, Wingdings 2 `P` as ✓, Symbol `³` as ≥.
@Suite("Import of text in a symbol font")
struct ImportSymbolFontTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let styles = "<styleSheet xmlns=\"\(main)\"><fonts count=\"3\"><font><sz val=\"11\"/><name val=\"宋体\"/></font><font><sz val=\"11\"/><name val=\"Wingdings\"/><family val=\"2\"/><charset val=\"2\"/></font>"
        + "<font><sz val=\"11\"/><name val=\"Wingdings 2\"/><charset val=\"2\"/></font></fonts>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" applyFont=\"1\"/><xf numFmtId=\"0\" fontId=\"2\" applyFont=\"1\"/></cellXfs></styleSheet>"

    /// A clerk ticks a qualitative target with ✓ typed in Wingdings (`ü`) or Wingdings 2 (`P`), and writes ≥
    /// through Insert → Symbol in the Symbol font (`³`): the sheet shows ✓ and ≥52000人, the import read
    /// the letters and published the target `ü` or `³52000人`. A cell whose text imported shows through a
    /// symbol font is refused at the cell; such a cell that is not imported (a 项目属性 checkbox) is no matter,
    /// nor is ✓ typed as the character itself.
    @Test(arguments: [
        ("<c r=\"E15\" s=\"1\" t=\"inlineStr\"><is><t>ü</t></is></c>", "E15", false),
        ("<c r=\"E15\" s=\"2\" t=\"inlineStr\"><is><t>P</t></is></c>", "E15", false),
        ("<c r=\"E12\" t=\"inlineStr\"><is><r><rPr><rFont val=\"Symbol\"/><charset val=\"2\"/><sz val=\"11\"/></rPr><t>³</t></r><r><rPr><rFont val=\"宋体\"/><sz val=\"11\"/></rPr><t>52000人</t></r></is></c>", "E12", false),
        ("<c r=\"E15\" t=\"inlineStr\"><is><r><rPr><rFont val=\"Wingdings\"/></rPr><t>ü</t></r><r><t>明显改善</t></r></is></c>", "E15", false),
        ("<c r=\"E15\" t=\"inlineStr\"><is><t>✓明显改善</t></is></c>", "", true),
        ("<c r=\"H5\" s=\"1\" t=\"inlineStr\"><is><t>þ新增项目 ¨延续项目</t></is></c>", "", true),
    ])
    func textShownThroughASymbolFontIsRefused(_ xml: String, _ cell: String, _ passes: Bool) {
        let ref = String(xml.split(separator: "\"")[1])
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, cells: [ref: xml],
                                                               parts: ["xl/styles.xml": Self.styles]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK500]") && ImportClerkTableTests.messages(r).contains("字体"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// What WPS writes for a picture placed in a cell, and a row dragged almost shut.
@Suite("Import of WPS pictures in cells and nearly shut rows")
struct ImportWPSPictureTests {
    /// WPS places a picture in a cell (嵌入单元格图片) as the formula `_xlfn.DISPIMG("ID_…",1)` whose saved
    /// result is its own text: the import read `=DISPIMG("ID_4F3A…",1)` as the cell's text and published it
    /// as the basis. Refused at the cell, as Excel's picture in a cell is.
    @Test func aWPSPictureInACellIsRefused() {
        let cell = "<c r=\"F12\" t=\"str\"><f>_xlfn.DISPIMG(\"ID_4F3A2B1C0D9E8F7A6B5C4D3E2F1A0B9C\",1)</f><v>=DISPIMG(\"ID_4F3A2B1C0D9E8F7A6B5C4D3E2F1A0B9C\",1)</v></c>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, cells: ["F12": cell]))
        #expect(!r.succeeded)
        #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("图片"),
                "\(ImportClerkTableTests.messages(r))")
        #expect(fs.text(ImportCellTextTests.path) == nil)
    }

    /// A row dragged almost shut (`ht="1.5"`) shows a line, not its text: imported and published as a row
    /// of height 0 would not be. Refused as a hidden row; a low row that still shows its text passes.
    @Test(arguments: [("ht=\"1.5\" customHeight=\"1\"", false), ("ht=\"9\" customHeight=\"1\"", true)])
    func aRowDraggedAlmostShutIsRefused(_ attributes: String, _ passes: Bool) {
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, rowAttributes: [15: attributes]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!B15: error[GK500]"), "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// CSV saved by Chinese Excel as “CSV（逗号分隔）”, in the ANSI code page (GBK).
@Suite("Import of characters lost when Excel saved a GBK CSV")
struct ImportGBKQuestionMarkTests {
    static let csv = #"""
        项目支出绩效自评表
        （2025年度）
        项目编号,JYJ-2025-009
        项目名称,学生资助
        主管部门,测试市教育局,实施单位,测试市第一中学
        项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分
        ,年度资金总额,100,100,95.5,10,95.5%,9.55
        ,财政拨款,100,100,95.5,,,
        年度总体目标,预期目标,实际完成情况
        ,资助困难学生,资助1200人
        绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施
        ,产出指标,数量指标,资助人数,≥1200人,1200人,50,50,无
        ,效益指标,社会效益指标,政策知晓,全面知晓,?已知晓,30,30,
        ,满意度指标,服务对象满意度指标,满意度,≥90%,93%,10,10,
        总分,,,,,,100,99.55,
        """#.replacingOccurrences(of: "\n", with: "\r\n")

    /// Excel writes a character the code page lacks (✓, ✔, a rare name character) as `?` without a word:
    /// `✓已知晓` arrived as `?已知晓` and was published so. In a file read as GB18030 an ASCII `?` is refused
    /// at its cell, asking for “CSV UTF-8”; the same text saved as UTF-8 is what the clerk typed, and passes.
    @Test func aQuestionMarkInAGBKCSVIsRefused() throws {
        let (gbk, fs) = ImportClerkTableTests.run(try #require(Self.csv.data(using: .gb18030)), file: "t.csv")
        #expect(!gbk.succeeded)
        #expect(ImportClerkTableTests.messages(gbk).contains("t.csv:CSV!F13: error[GK500]") && ImportClerkTableTests.messages(gbk).contains("UTF-8"),
                "\(ImportClerkTableTests.messages(gbk))")
        #expect(fs.text(ImportCellTextTests.path) == nil)
        let (utf8, _) = ImportClerkTableTests.run(Data(Self.csv.utf8), file: "t.csv")
        #expect(utf8.succeeded, "\(ImportClerkTableTests.messages(utf8))")
    }
}

/// A project's target table and self-evaluation table kept in one workbook (or given in one run).
@Suite("Import of a project's two tables at once")
struct ImportTwoTablesTests {
    /// Both tables of one project write the same file: the refusal named one sheet and the path, not the
    /// other table nor what to do. It names both and says to import them one after the other.
    @Test func twoTablesOfOneProjectAreNamedWithTheWayOut() {
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges),
                                   "自评表.xlsx": ImportTests.xlsx(ImportExcelHabitTests.selfEvaluation, sheetName: "自评表")])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx", "自评表.xlsx"]))
        #expect(!r.succeeded)
        let message = ImportClerkTableTests.messages(r)
        #expect(message.contains("自评表.xlsx:自评表!A1: error[GK506]") && message.contains("目标表.xlsx") && message.contains("--force"), "\(message)")
    }
}
