import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The layouts clerks really keep (issue 16): header variants, placeholders, goal blocks, funding rows.
@Suite("Import of real table layouts")
struct ImportLayoutTests {
    /// The published template of a city trade union: 填报部门（单位）, the goal in one cell merged
    /// across the sheet, funding rows written 其中：本年财政拨款 / 上年结转资金, unused indicator rows
    /// filled with —— and /, an unknown funding row.
    static let unionGrid: [[String]] = [
        ["2025年度项目支出绩效目标表"],
        ["项目名称", "困难职工帮扶", "", "项目编号", "ZGH-2025-101"],
        ["填报部门（单位）", "测试市教育局", "", "实施单位", "测试市第一中学"],
        ["项目资金（万元）", "年度资金总额", "305"],
        ["", "其中：本年财政拨款", "200"],
        ["", "上年结转资金", "60"],
        ["", "其他资金", "40"],
        ["", "中央补助", "5"],
        ["绩效目标", "年度目标：全年帮扶困难职工不少于2000人次。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度 指标值", "指标值确定依据"],
        ["", "产出指标", "数量指标", "帮扶人次", "≥2000人次", "帮扶台账"],
        ["", "", "", "——", "——", "——"],
        ["", "", "质量指标", "/", "/", ""],
        ["", "效益指标", "社会效益指标", "解困脱困率", "≥88%", "统计年报"],
        ["", "满意度指标", "服务对象满意度指标", "职工满意度", "≥90%", "问卷调查"],
        ["", "", "", "无", "", ""],
    ]

    @Test func aTradeUnionTemplateImportsCellForCell() throws {
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(Self.unionGrid, merges: ["B9:F9", "B11:B13", "C11:C12"])])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        // A source other than the usual three (中央补助) comes in under its own name: dropped, it would
        // understate the budget (the sources add up to 年度资金总额, which is checked).
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let text = try #require(fs.text("content/projects/2025/ZGH-2025-101.md"))
        var d = DiagnosticList()
        let project = try #require(ProjectLoader.load(text: text, file: "x.md", diagnostics: &d))
        #expect(project.funding?.lines.map(\.source) == ["财政拨款", "上年结转", "其他资金", "中央补助"])
        #expect(project.funding?.lines.map(\.budget) == [200, 60, 40, 5])
        #expect(project.targets?.goal?.value == "全年帮扶困难职工不少于2000人次。")
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.map(\.name) == ["帮扶人次", "解困脱困率", "职工满意度"])

        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/zgh-2025-101/index.html"))
        for row in Self.unionGrid[10...] where !Labels.isPlaceholder(row[3]) {
            for cell in row.dropFirst(3) { #expect(page.contains(cell.replacingOccurrences(of: ">", with: "&gt;")), "\(cell)") }
        }
        #expect(!page.contains("——"))
    }

    @Test func theSplitGoalBlockGivesTheYearsGoal() throws {
        var grid = Self.unionGrid
        grid[7] = []
        grid[3][2] = "300"  // without 中央补助
        grid[8] = ["年度绩效目标", "长期目标", "", "年度目标"]
        grid.insert(["", "三年内实现困难职工动态清零。", "", "全年帮扶困难职工不少于2000人次。"], at: 9)
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(grid, merges: ["A9:A10", "B9:C9", "B10:C10"])])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("目标表.xlsx:Sheet1!B10: warning[GK510]: 长期目标未导入") },
                "\(result.diagnostics)")
        #expect(fs.text("content/projects/2025/ZGH-2025-101.md")?.contains("goal: \"全年帮扶困难职工不少于2000人次。\"") == true)
    }

    @Test func aSelfEvaluationWithoutAGoalIsRefusedAtItsCell() {
        let csv = """
        项目支出绩效自评表
        （2025年度）
        项目编号,X-1
        项目名称,甲
        主管部门,测试市教育局
        年度总体目标,预期目标,实际完成情况
        ,,完成
        绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施
        ,产出指标,数量指标,甲,≥1个,1个,90,90,
        总分,,,,,,90,90,
        """
        let fs = ImportTests.site(["t.csv": Data(csv.utf8)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.csv"]))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("t.csv:CSV!B7: error[GK502]:") }, "\(result.diagnostics)")
        #expect(!fs.isFile("content/projects/2025/X-1.md"))
    }

    /// Header spellings clerks use for the 分值 and 偏差 columns (found by the input red-team): the column was dropped
    /// with only GK510, so the deviation was published nowhere and the next check said no explanation was written.
    @Test(arguments: [("指标权重", "偏差原因分析和改进措施"), ("权重分", "偏差原因及整改措施"), ("标准分值", "存在偏差的原因及改进措施")])
    func headerVariantsOfWeightAndDeviationAreRead(_ weight: String, _ deviation: String) {
        let csv = """
        项目支出绩效自评表
        （2025年度）
        项目编号,X-1
        项目名称,甲
        主管部门,测试市教育局
        年度总体目标,预期目标,实际完成情况
        ,完成培训,基本完成
        绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,\(weight),得分,\(deviation)
        ,产出指标,数量指标,培训人数,≥100人,90人,90,81,2名学员因病缺训，下年度补训
        总分,,,,,,90,81,
        """
        let fs = ImportTests.site(["t.csv": Data(csv.utf8)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.csv"]))
        #expect(!result.diagnostics.contains { $0.code == .importIgnored && $0.location.line == 8 }, "\(result.diagnostics)")
        let file = fs.text("content/projects/2025/X-1.md") ?? ""
        #expect(file.contains("weight: 90") && file.contains("2名学员因病缺训，下年度补训"), "\(result.diagnostics)\n\(file)")
    }

    @Test func aSheetWithoutATableIsNamedAtACell() {
        let fs = ImportTests.site(["空.xlsx": ImportTests.xlsx([["说明"], ["本表无内容"]], sheetName: "封面")])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["空.xlsx"]))
        #expect(result.diagnostics.map(\.description).first?.hasPrefix("空.xlsx:封面!A1: error[GK507]:") == true, "\(result.diagnostics)")
    }

    @Test func fundingLabelVariantsAreReadInTheFormatsWords() {
        for (label, source) in [("其中：本年财政拨款", "财政拨款"), ("其中:当年财政拨款", "财政拨款"), ("当年财政拨款", "财政拨款"),
                                ("上年结转资金", "上年结转"), ("其他资金", "其他资金"), ("　其 他 资 金（万元）", "其他资金"),
                                ("财政拨款资金", "财政拨款")] {
            #expect(Labels.fundingSource(label) == source, "\(label)")
        }
        #expect(Labels.fundingSource("中央补助") == nil)
        #expect(Labels.matches("年度资金总额（万元）", Labels.fundingTotal))
        #expect(Labels.matches("填报部门（单位）", Labels.department))
    }

    /// A workbook of several sheets; cells listed in `dates` hold Excel serial numbers shown through a
    /// date format (built-in 14, or the custom Chinese `yyyy"年"m"月"d"日"`), as Excel saves a typed date.
    static func workbook(_ sheets: [(name: String, grid: [[String]], merges: [String])], dates: [String: Int] = [:],
                         chineseDateFormat: Bool = false, percents: [String: String] = [:]) -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var strings: [String] = []
        var zip = ZipWriter(date: CalendarDate(year: 2025, month: 3, day: 1)!)
        var sheetEntries = "", rels = ""
        var parts: [(String, Data)] = []
        for (n, sheet) in sheets.enumerated() {
            var rows = ""
            for (r, row) in sheet.grid.enumerated() {
                rows += "<row r=\"\(r + 1)\">"
                for (c, value) in row.enumerated() where !value.isEmpty {
                    let ref = Sheet.Cell(row: r + 1, column: c + 1).reference
                    if n == 0, let raw = percents[ref] {
                        rows += "<c r=\"\(ref)\" s=\"3\"><v>\(raw)</v></c>"
                    } else if n == 0, let serial = dates[ref] {
                        rows += "<c r=\"\(ref)\" s=\"\(chineseDateFormat ? 2 : 1)\"><v>\(serial)</v></c>"
                    } else if Decimal(string: value) != nil, value.allSatisfy({ $0.isNumber || $0 == "." }) {
                        rows += "<c r=\"\(ref)\"><v>\(value)</v></c>"
                    } else {
                        strings.append(value)
                        rows += "<c r=\"\(ref)\" t=\"s\"><v>\(strings.count - 1)</v></c>"
                    }
                }
                rows += "</row>"
            }
            let merges = sheet.merges.isEmpty ? "" : "<mergeCells>" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
            // A name ending in （隐藏） is saved as a hidden sheet.
            let state = sheet.name.hasSuffix("（隐藏）") ? " state=\"hidden\"" : ""
            sheetEntries += "<sheet name=\"\(sheet.name)\" sheetId=\"\(n + 1)\"\(state) r:id=\"rId\(n + 1)\"/>"
            rels += "<Relationship Id=\"rId\(n + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(n + 1).xml\"/>"
            parts.append(("xl/worksheets/sheet\(n + 1).xml", Data("<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData>\(merges)</worksheet>".utf8)))
        }
        zip.add(path: "xl/workbook.xml", contents: Data("<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>\(sheetEntries)</sheets></workbook>".utf8))
        zip.add(path: "xl/_rels/workbook.xml.rels", contents: Data("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>".utf8))
        zip.add(path: "xl/styles.xml", contents: Data("<styleSheet xmlns=\"\(main)\"><numFmts count=\"1\"><numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts><cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"176\" applyNumberFormat=\"1\"/><xf numFmtId=\"9\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>".utf8))
        zip.add(path: "xl/sharedStrings.xml", contents: Data(("<sst xmlns=\"\(main)\">" + strings.map { "<si><t>\($0.xmlEscaped)</t></si>" }.joined() + "</sst>").utf8))
        for (path, data) in parts { zip.add(path: path, contents: data) }
        return zip.finish()
    }

    /// A hidden blank template sheet (which the clerk cannot see) is named and left alone.
    @Test func aHiddenTemplateSheetIsNotRead() throws {
        let template = [["项目支出绩效目标表"], ["项目名称", ""], ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]]
        let data = Self.workbook([("模板（勿删）（隐藏）", template, []), ("目标表", Self.unionGrid, ["B9:F9", "B11:B13", "C11:C12"])])
        let fs = ImportTests.site(["目标表.xlsx": data])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.description) == ["目标表.xlsx:模板（勿删）（隐藏）!A1: warning[GK510]: 工作表“模板（勿删）（隐藏）”是隐藏的，未导入（需要导入时请在 Excel 中取消隐藏）"])
        #expect(fs.text("content/projects/2025/ZGH-2025-101.md") != nil)
    }

    static let usesGrid: [[String]] = [
        ["资金使用明细表"],
        ["序号", "资金用途", "金额（万元）", "备注"],
        ["1", "困难职工生活救助", "150", ""],
        ["2", "子女助学", "80", ""],
        ["3", "——", "", ""],
        ["", "合计", "230", ""],
    ]

    @Test func aUsesSheetAndADateCellComeIntoTheProject() throws {
        var grid = Self.unionGrid
        grid[7] = ["公开日期", "2025-02-18"]              // typed as a date in Excel: a serial number
        grid[3][2] = "300"                                // without 中央补助
        for chinese in [false, true] {
            let data = Self.workbook([("目标表", grid, ["B9:F9", "B11:B13", "C11:C12"]), ("资金用途", Self.usesGrid, [])],
                                     dates: ["B8": 45706], chineseDateFormat: chinese)
            let fs = ImportTests.site(["目标表.xlsx": data])
            let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
            #expect(result.succeeded, "\(result.diagnostics)")
            var d = DiagnosticList()
            let project = try #require(ProjectLoader.load(text: fs.text("content/projects/2025/ZGH-2025-101.md")!, file: "x.md", diagnostics: &d))
            #expect(project.targets?.published == CalendarDate(year: 2025, month: 2, day: 18))
            #expect(project.funding?.uses.map(\.item) == ["困难职工生活救助", "子女助学"])
            #expect(project.funding?.uses.map(\.amount) == [150, 80])
        }
        // Uses over the budget are caught by the same check as for a hand-written file.
        var over = Self.usesGrid
        over[2][2] = "290"
        over[5][2] = "370"
        let fs = ImportTests.site(["目标表.xlsx": Self.workbook([("目标表", Self.unionGrid, []), ("资金用途", over, [])])])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"])).succeeded)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false))
        #expect(report.diagnostics.contains { $0.code == .usesExceedBudget }, "\(report.rendered)")
    }

    @Test func aUsesTotalThatDoesNotAddUpIsReportedAtItsCell() {
        var uses = Self.usesGrid
        uses[5][2] = "231"
        let fs = ImportTests.site(["目标表.xlsx": Self.workbook([("目标表", Self.unionGrid, []), ("资金用途", uses, [])])])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("目标表.xlsx:资金用途!C6: error[GK503]:") }, "\(result.diagnostics)")
    }

    @Test func excelDateSerialsBecomeDates() {
        #expect(DateCells.date(serial: 45706, base1904: false) == "2025-02-18")
        #expect(DateCells.date(serial: 45706.75, base1904: false) == "2025-02-18")
        #expect(DateCells.date(serial: 1, base1904: false) == "1900-01-01")
        #expect(DateCells.date(serial: 61, base1904: false) == "1900-03-01")
        #expect(DateCells.date(serial: 44244, base1904: true) == "2025-02-18")
        #expect(DateCells.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(DateCells.isDateFormat("[$-804]yyyy/m/d"))
        #expect(!DateCells.isDateFormat("0.00_ ;[Red]\\-0.00\\ "))
        #expect(!DateCells.isDateFormat("#,##0.00\"元\""))
        #expect(TableImporter.date("2025年2月18日") == CalendarDate(year: 2025, month: 2, day: 18))
        #expect(TableImporter.date("2025.2.18") == CalendarDate(year: 2025, month: 2, day: 18))
    }

    @Test func explainSaysHowEachRegionWasRead() {
        let fs = ImportTests.site(["目标表.xlsx": Self.workbook([("目标表", Self.unionGrid, ["B9:F9"]), ("资金用途", Self.usesGrid, []),
                                                               ("说明", [["填表说明"]], [])])])
        let lines = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"], dryRun: true)).explanation
        #expect(lines.contains("目标表.xlsx:目标表 第2–3行：表头（项目信息）"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:目标表 第4行：资金（合计）"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:目标表 第8行：资金（中央补助）"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:目标表 第9行：绩效目标"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:目标表 第10行：指标表头（目标表）"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:目标表 第12–13行：占位行（——、/、无或空白），跳过"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:资金用途 第3–4行：资金用途"), "\(lines)")
        #expect(lines.contains("目标表.xlsx:说明：没有指标表头或资金用途表头，整张跳过"), "\(lines)")
    }

    @Test func theExplanationColumnIsKeptAndPublished() throws {
        var grid = Self.unionGrid
        grid[9].append("绩效指标描述")
        grid[10].append("按帮扶台账统计的全年帮扶人次")
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(grid)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/zgh-2025-101/index.html"))
        #expect(page.contains("指标解释：按帮扶台账统计的全年帮扶人次"))
        let csv = try #require(fs.outputTexts().first { $0.key.hasSuffix("indicators.csv") && $0.value.contains("ZGH-2025-101") }?.value)
        #expect(csv.contains("按帮扶台账统计的全年帮扶人次"))
        let json = try #require(fs.outputTexts().first { $0.key.hasSuffix(".json") && $0.value.contains("\"ZGH-2025-101\"") && $0.value.contains("\"explanation\"") }?.value)
        #expect(json.contains("按帮扶台账统计的全年帮扶人次"))
        // And export writes it back, so the round trip keeps it.
        let table = try #require(ProjectExport.run(siteRoot: ".", projectFile: "content/projects/2025/ZGH-2025-101.md", layout: .targets, fileSystem: fs).0)
        #expect(String(data: table, encoding: .utf8)?.contains("指标解释") == true)
        #expect(String(data: table, encoding: .utf8)?.contains("按帮扶台账统计的全年帮扶人次") == true)
    }

    /// A provincial Red Cross self-evaluation: goal texts merged over several columns, 指标值 and 完成值
    /// labels, funding rows 其中：当年财政拨款 / 上年结转资金, placeholders in an unused row and a deviation.
    static let redCrossGrid: [[String]] = [
        ["2025年度项目支出绩效自评表"],
        ["项目名称", "应急救护培训", "", "项目编号", "JYJ-2025-102"],
        ["填报部门（单位）", "测试市教育局", "", "实施单位", "测试市第一中学"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "100", "100", "90", "10", "90%", "9"],
        ["", "其中：当年财政拨款", "80", "80", "72", "", "", ""],
        ["", "上年结转资金", "20", "20", "18", "", "", ""],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        ["", "全年培训救护员5000人。", "", "", "培训救护员5120人。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "产出指标", "数量指标", "培训人数", "≥5000人", "5120人", "40", "40", "无"],
        ["", "", "质量指标", "持证率", "≥95%", "96%", "20", "20", "——"],
        ["", "效益指标", "社会效益指标", "群众自救互救能力", "明显提升", "明显提升", "20", "20", "部分社区覆盖不足"],
        ["", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "10", "9", ""],
        ["", "", "", "/", "/", "", "", "", ""],
        ["总分", "", "", "", "", "", "100", "98", ""],
        ["存在问题", "部分偏远社区培训覆盖不足。"],
        ["改进措施", "增设社区培训点，开展送培训下乡。"],
    ]

    @Test func aRedCrossSelfEvaluationBuildsCellForCell() throws {
        let merges = ["A8:A9", "B8:D8", "E8:H8", "B9:D9", "E9:H9", "A10:A15", "B11:B12", "B14:B15", "C14:C15"]
        let fs = ImportTests.site(["自评表.xlsx": ImportTests.xlsx(Self.redCrossGrid, merges: merges)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["自评表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.location.file.contains("JYJ-2025-102") && $0.severity == .error }, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-102/index.html"))
        // The indicator rows (a body per 一级 group) and the 预算执行率 line, up to the 加分/扣分 lines or the foot.
        let table = try #require(page.components(separatedBy: "<table class=\"self-evaluation\">").dropFirst().first?
            .components(separatedBy: "<tbody class=\"adjustments\">").first?.components(separatedBy: "<tfoot>").first)
        let rows = table.components(separatedBy: "<tr>").dropFirst(2).map { row in
            row.components(separatedBy: "</t").compactMap { $0.components(separatedBy: ">").last?.trimmed }
                .filter { !$0.isEmpty && !$0.hasPrefix("r") && !$0.hasPrefix("tbody") }
        }
        var sheetRows = Self.redCrossGrid[10...14].filter { !Labels.isPlaceholder($0[3]) }.map { row in
            row.dropFirst().filter { !$0.isEmpty && $0 != "——" }.map { $0.replacingOccurrences(of: ">", with: "&gt;") }
        }
        sheetRows.append(["预算执行率", "100%", "90.00%", "10", "9"])   // the rate is computed from 执行数 ÷ 预算数
        #expect(rows.count == sheetRows.count)
        for (sheetRow, pageRow) in zip(sheetRows, rows) { #expect(pageRow == sheetRow, "sheet \(sheetRow) page \(pageRow)") }
        #expect(page.contains("培训救护员5120人。") && page.contains("全年培训救护员5000人。"))
        #expect(page.contains("自评得分 <strong>98</strong>"))
        #expect(page.contains("部分偏远社区培训覆盖不足。") && page.contains("增设社区培训点，开展送培训下乡。"))
    }

    /// The comprehensive frame without its 一级 分值 column is not a layout import knows: refused, not misread
    /// (the layout itself is read, see ImportFrameTests).
    @Test func theComprehensiveFrameIsRefusedAtItsCellNotMisread() {
        let grid: [[String]] = [
            ["项目支出绩效自评表"],
            ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "得分"],
            ["项目决策", "项目立项", "立项依据充分性", "5", "项目立项是否符合规定", "5"],
            ["基础总分", "", "", "100", "", "92"],
            ["加分项", "积极措施", "", "5", "", "3"],
            ["自评总分", "", "", "", "", "95"],
        ]
        let fs = ImportTests.site(["自评表.xlsx": ImportTests.xlsx(grid)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["自评表.xlsx"]))
        #expect(result.diagnostics.map(\.description).map { $0.prefix(32) } == ["自评表.xlsx:Sheet1!A4: error[GK507]"], "\(result.diagnostics)")
    }

    @Test func valuesWithoutAnIndicatorNameAreReported() {
        var grid = Self.unionGrid
        grid[11] = ["", "", "", "", "≥3个", "帮扶台账"]
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(grid)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"]))
        #expect(result.succeeded)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("目标表.xlsx:Sheet1!D12: warning[GK510]:") }, "\(result.diagnostics)")
    }

    @Test func percentCellsReadAsTheClerkTypedThem() throws {
        // Typed as 96% in Excel, saved as 0.96 shown through the 0% format (and 0.955 shown as 96%).
        let fs = ImportTests.site(["自评表.xlsx": Self.workbook([("Sheet1", Self.redCrossGrid, [])],
                                                                percents: ["F12": "0.96", "F14": "0.95499999999999996", "G5": "0.9"])])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["自评表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        var d = DiagnosticList()
        let project = try #require(ProjectLoader.load(text: fs.text("content/projects/2025/JYJ-2025-102.md")!, file: "x.md", diagnostics: &d))
        #expect(Discloser.leaves(project.targets!.indicators).map(\.actual) == ["5120人", "96%", "明显提升", "95.5%"])
    }
}
