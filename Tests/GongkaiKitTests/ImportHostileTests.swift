import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Hostile spreadsheets: each is refused with a clear error, quickly and in bounded memory, never a
/// crash or half a sheet.
@Suite("Import of hostile spreadsheets")
struct ImportHostileTests {
    static func run(_ file: String, _ data: Data, year: Int? = nil) -> ImportResult {
        let fs = ImportTests.site([file: data])
        return SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: [file], year: year))
    }

    /// A workbook whose one sheet is `sheetXML` (the `<sheetData>` and what follows it).
    /// `closed: false` leaves the sheet's XML without its closing `</worksheet>`, as a download cut off ends it.
    static func workbook(sheetXML: String, closed: Bool = true) -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var zip = ZipWriter(date: CalendarDate(year: 2025, month: 3, day: 1)!)
        zip.add(path: "xl/workbook.xml", contents: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".utf8))
        zip.add(path: "xl/_rels/workbook.xml.rels", contents: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".utf8))
        zip.add(path: "xl/worksheets/sheet1.xml", contents: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\">\(sheetXML)\(closed ? "</worksheet>" : "")".utf8))
        return zip.finish()
    }

    static func messages(_ r: ImportResult) -> String { r.diagnostics.map(\.description).joined(separator: "\n") }

    /// `grid` as an .xlsx imported into the fixture site (it must succeed), read back as a project.
    static func imported(_ grid: [[String]]) throws -> Project {
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(result.succeeded, "\(messages(result))")
        var d = DiagnosticList()
        let text = try #require(fs.text("content/projects/2025/JYJ-2025-009.md"))
        return try #require(ProjectLoader.load(text: text, file: "x.md", diagnostics: &d))
    }

    /// A level written where import does not read one would be dropped and its row published: each is
    /// an error at its cell, and nothing is written.
    /// A level column in English (`Disclosure | Secret`, `Classification | CONFIDENTIAL`, as a template translated for a
    /// joint project has it) was only a GK510 warning, “not imported”, and its row was published.
    @Test(arguments: ["密级 column", "是否公开 column", "备注 saying 涉密", "label and value in one cell", "公开属性 without 项目",
                      "goal row with its level in one cell", "Disclosure column", "Classification column"])
    func aLevelOutsideTheLevelColumnIsRefused(_ what: String) {
        var grid = ImportTests.targetGrid
        let cell: String
        switch what {
        case "密级 column": grid[10].append("密级"); grid[13].append("秘密"); cell = "G14"
        case "是否公开 column": grid[10].append("是否公开"); grid[11].append("否"); cell = "G11"
        case "备注 saying 涉密": grid[10].append("备注"); grid[12].append("涉密，不公开"); cell = "G13"
        case "label and value in one cell": grid.insert(["项目公开属性：涉密"], at: 6); cell = "A7"
        case "公开属性 without 项目": grid.insert(["公开属性", "涉密"], at: 6); cell = "B7"
        case "Disclosure column": grid[10].append("Disclosure"); grid[12].append("Secret"); cell = "G11"
        case "Classification column": grid[10].append("Classification"); grid[13].append("CONFIDENTIAL"); cell = "G11"
        default: grid[9].append("公开属性：涉密"); cell = "C10"
        }
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(!r.succeeded, "\(what)")
        #expect(r.diagnostics.contains { $0.code == .importDisclosure && $0.description.hasPrefix("t.xlsx:Sheet1!\(cell):") && $0.message.contains("不在“公开属性”一栏") },
                "\(what): \(Self.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }

    /// A formula saved without its result (openpyxl and some system exports) or a shared string that is
    /// not there would read as an empty cell, an empty 公开属性 among them: the file is refused.
    @Test func aFormulaWithoutItsResultAndAMissingSharedStringAreRefused() {
        let formula = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>项目名称</t></is></c><c r=\"G3\" t=\"str\"><f>\"涉\"&amp;\"密\"</f></c></row></sheetData>"))
        #expect(!formula.succeeded)
        #expect(Self.messages(formula).contains("t.xlsx:Sheet1!G3: error[GK500]") && Self.messages(formula).contains("没有保存计算结果"), "\(Self.messages(formula))")
        let computed = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><f>\"涉\"&amp;\"密\"</f><v>涉密</v></c></row></sheetData>"))
        #expect(!Self.messages(computed).contains("没有保存计算结果"))
        let shared = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row r=\"1\"><c r=\"B2\" t=\"s\"><v>7</v></c></row></sheetData>"))
        #expect(Self.messages(shared).contains("t.xlsx:Sheet1!B2: error[GK500]") && Self.messages(shared).contains("共享字符串"), "\(Self.messages(shared))")
    }

    /// Excel never writes a DTD; its entities would be expanded or dropped behind the clerk's back.
    @Test func aPartWithADocumentTypeDeclarationIsRefused() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        var zip = ZipWriter(date: CalendarDate(year: 2025, month: 3, day: 1)!)
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        zip.add(path: "xl/workbook.xml", contents: Data("<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".utf8))
        zip.add(path: "xl/_rels/workbook.xml.rels", contents: Data("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".utf8))
        zip.add(path: "xl/worksheets/sheet1.xml", contents: Data("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY lvl \"涉密\">]><worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lvl;</t></is></c></row></sheetData></worksheet>".utf8))
        let r = Self.run("t.xlsx", zip.finish())
        #expect(!r.succeeded && r.diagnostics.map(\.code) == [.importFile] && Self.messages(r).contains("文档类型声明"), "\(Self.messages(r))")
    }

    /// `jyj-2025-001.md` beside `JYJ-2025-001.md` would replace it on a case-insensitive disk without --force.
    @Test func aCodeDifferingOnlyInCaseFromAnExistingFileIsRefused() {
        var grid = ImportTests.targetGrid
        grid[3][1] = "jyj-2025-001"  // the fixture holds content/projects/2025/JYJ-2025-001.md
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let before = fs.text("content/projects/2025/JYJ-2025-001.md")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(!r.succeeded)
        #expect(r.diagnostics.contains { $0.code == .importExists && $0.description.hasPrefix("t.xlsx:Sheet1!B4:") && $0.message.contains("只差大小写") },
                "\(Self.messages(r))")
        #expect(fs.text("content/projects/2025/jyj-2025-001.md") == nil && fs.text("content/projects/2025/JYJ-2025-001.md") == before)
    }

    /// An exported table never runs a formula when the clerk opens it; the guard comes off on import.
    @Test func anExportGuardsFormulaCellsAndImportTakesTheGuardOff() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "name: 学生营养改善计划", with: "name: \"=HYPERLINK(1)\"")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "basis: 学籍统计", with: "basis: \"@SUM(1+1)\"")
        let fs = site.fileSystem()
        let path = "content/projects/2025/JYJ-2025-001.md"
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: path, layout: .targets, fileSystem: fs).0)
        let text = String(decoding: csv, as: UTF8.self)
        #expect(text.contains(",'=HYPERLINK(1)") && text.contains(",'@SUM(1+1)") && !text.contains(",=HYPERLINK"))
        try fs.write(csv, to: "表.csv")
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["表.csv"], force: true))
        #expect(result.succeeded, "\(Self.messages(result))")
        let written = try #require(fs.text(path))
        #expect(written.contains("=HYPERLINK(1)") && !written.contains("'=HYPERLINK") && written.contains("@SUM(1+1)") && !written.contains("'@SUM"))
    }

    /// The guard comes off the last cell of a CSV too, when the file does not end with a line end (a table typed by hand, or
    /// saved by a tool that writes none): the last cell kept its `'` (red team).
    @Test func theLastCellOfACSVWithoutALineEndLosesItsGuard() throws {
        for ending in ["", "\r\n"] {
            let sheet = try SpreadsheetReader.readCSV(Data("名称,'=HYPERLINK(1)\n依据,'@SUM(1+1)\(ending)".utf8), file: "a.csv")
            #expect(sheet.cells[Sheet.Cell(row: 1, column: 2)] == "=HYPERLINK(1)" && sheet.cells[Sheet.Cell(row: 2, column: 2)] == "@SUM(1+1)",
                    "\(ending.debugDescription): \(sheet.cells)")
        }
    }

    /// 社会捐赠 (a Red Cross society's main source), 自筹资金 … come in under their own names; the sources
    /// must add up to 年度资金总额, so a dropped or double-counted row cannot understate the budget quietly.
    @Test func anyLabelledFundingRowIsASourceAndTheSourcesMustAddUp() throws {
        var grid = ImportTests.targetGrid
        grid.insert(["", "社会捐赠", "200"], at: 9)
        grid[6][2] = "1500.5"
        let project = try Self.imported(grid)
        #expect(project.funding?.lines.map(\.source) == ["财政拨款", "其他资金", "社会捐赠"])
        #expect(project.funding?.lines.map(\.budget) == [1250.5, 50, 200])

        // A 其中 row outside the usual three is imported, and named: it may be part of the row above.
        var breakdown = ImportTests.targetGrid
        breakdown.insert(["", "其中：中央补助", "600"], at: 8)
        breakdown[6][2] = "1900.5"
        let part = Self.run("t.xlsx", ImportTests.xlsx(breakdown))
        #expect(part.succeeded && Self.messages(part).contains("t.xlsx:Sheet1!B9: warning[GK510]") && Self.messages(part).contains("重复计算"), "\(Self.messages(part))")

        grid[6][2] = "1300.5"
        let wrong = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!wrong.succeeded && Self.messages(wrong).contains("t.xlsx:Sheet1!C7: error[GK503]") && Self.messages(wrong).contains("1500.5"), "\(Self.messages(wrong))")
        // Amounts with no source named are refused, not dropped.
        grid[9] = ["", "", "200"]
        let unnamed = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!unnamed.succeeded && Self.messages(unnamed).contains("t.xlsx:Sheet1!C10: error[GK502]"), "\(Self.messages(unnamed))")
    }

    /// 金额单位 from a note by the title (`金额单位：元`) when the funding label has none; no unit anywhere is
    /// refused (a guess would be wrong by a factor of ten thousand).
    @Test func theMoneyUnitIsReadFromANoteAndNeverGuessed() throws {
        var grid = ImportTests.targetGrid
        grid[6][0] = "项目资金"
        grid[1] = ["（2025年度）", "", "", "金额单位：元"]
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let ok = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(ok.succeeded, "\(Self.messages(ok))")
        #expect(try #require(fs.text("content/projects/2025/JYJ-2025-009.md")).contains("unit: 元"))
        grid[1] = ["（2025年度）"]
        let none = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!none.succeeded && Self.messages(none).contains("没有写明金额单位"), "\(Self.messages(none))")
    }

    /// 预算管理一体化 exports split the target into 指标性质 | 指标值 | 度量单位: imported as one target.
    @Test func aTargetSplitIntoOperatorValueAndUnitIsJoined() throws {
        var grid = ImportTests.targetGrid
        grid[10] = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"]
        grid[11] = ["", "产出指标", "数量指标", "受益学生人数", "大于等于", "52000", "人", "学籍统计"]
        grid[12] = ["", "", "", "供餐学校数", "≥", "142", "所", "实施方案"]
        grid[13] = ["", "", "质量指标", "单餐成本", "小于等于", "1600", "元", "监管要求"]
        grid[14] = ["", "效果指标", "社会效益指标", "学生营养状况", "定性", "明显改善", "", "监测方案"]
        grid[15] = ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥", "90", "%", "问卷调查"]
        let project = try Self.imported(grid)
        #expect(Discloser.leaves(project.targets!.indicators).map { $0.target?.raw } == ["≥52000人", "≥142所", "≤1600元", "明显改善", "≥90%"])
        grid[12][4] = "约等于"
        let unknown = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!unknown.succeeded && Self.messages(unknown).contains("t.xlsx:Sheet1!E13: error[GK504]"), "\(Self.messages(unknown))")
    }

    /// The 财预〔2020〕10号 wording 主管部门及代码 with `name code`; a sheet without the label takes --department.
    @Test func theDepartmentAndCodeLabelAndTheDepartmentOption() throws {
        var grid = ImportTests.targetGrid
        grid[5] = ["主管部门及代码", "测试市教育局 JYJ", "实施单位", "测试市第一中学"]
        let r = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(Self.messages(r))")
        grid[5] = ["实施单位", "测试市第一中学"]
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let given = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], department: "JYJ"))
        #expect(given.succeeded, "\(Self.messages(given))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md")?.contains("department: \"JYJ\"") == true)
        #expect(!Self.run("t.xlsx", ImportTests.xlsx(grid)).succeeded)
    }

    /// 自评等级 beside or below 总分 is imported, checked against the score under the site's scheme: 良 beside 59.58
    /// (差) was imported and only the build named it (GK407, at a line of the file); it is refused at its cell (GK520).
    @Test func theStatedGradeIsImported() throws {
        let fs = Self.fixtureWithSelfEvaluation()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: "content/projects/2025/JYJ-2025-001.md", layout: .selfEvaluation, fileSystem: fs).0)
        let text = String(decoding: csv, as: UTF8.self)
        #expect(!text.contains("自评等级"))
        try fs.write(Data((text + "自评等级,良\r\n").utf8), to: "表.csv")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["表.csv"], force: true))
        #expect(!r.succeeded && Self.messages(r).contains("表.csv:CSV!B15: error[GK520]") && Self.messages(r).contains("差"), "\(Self.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-001.md")?.contains("grade:") == false)
        try fs.write(Data((text + "自评等级,差\r\n").utf8), to: "表.csv")
        let right = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["表.csv"], force: true))
        #expect(right.succeeded, "\(Self.messages(right))")
        #expect(fs.text("content/projects/2025/JYJ-2025-001.md")?.contains("grade: \"差\"") == true)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false))
        #expect(report.first(.gradeMismatch) == nil, "\(report.rendered)")
    }

    static func fixtureWithSelfEvaluation() -> MemoryFileSystem {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  grade: 差\n", with: "")
        return site.fileSystem()
    }

    /// A column import does not read (备注) is named when it holds something, never dropped silently.
    @Test func anUnreadColumnIsNamed() {
        var grid = ImportTests.targetGrid
        grid[10].append("备注")
        grid[11].append("新建")
        let r = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(Self.messages(r))")
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!G11: warning[GK510]: “备注”一栏不导入"), "\(Self.messages(r))")
    }

    /// A self-evaluation scored in the comprehensive frame is not exported in the national layout, whose
    /// rows and 总分 would not add up (nor import back).
    @Test func aComprehensiveFrameSelfEvaluationIsNotExportedAsTheNationalLayout() {
        let (csv, diagnostics) = ProjectExport.run(siteRoot: repositoryRoot, projectFile: joinPath(repositoryRoot, "content/projects/2024/ZGH-004.md"),
                                                   layout: .selfEvaluation)
        #expect(csv == nil && diagnostics.contains { $0.code == .importWouldLose && $0.message.contains("综合评价框架") }, "\(diagnostics)")
        #expect(ProjectExport.run(siteRoot: repositoryRoot, projectFile: joinPath(repositoryRoot, "content/projects/2024/ZGH-004.md"), layout: .targets).0 != nil)
    }

    /// A value the written file cannot hold is named at its cell, without quoting it (the row may be withheld).
    @Test func aValueTheFileCannotHoldIsNamedAtItsCellWithoutItsText() {
        var grid = ImportTests.targetGrid
        grid[11][4] = "≥鼷鼯军工基地"
        let r = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!E12: error[GK509]") && !Self.messages(r).contains("鼷鼯"), "\(Self.messages(r))")
    }

    /// Amounts never taken by position, units in column headers checked against the others, Excel
    /// error values refused, and two tables writing one file (up to case) refused.
    @Test func amountsUnitsErrorValuesAndCaseDuplicates() throws {
        var grid = ImportTests.targetGrid
        grid[6] = ["项目资金（万元）", "年度资金总额", "3900", "1300"]
        let twoAmounts = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!twoAmounts.succeeded && Self.messages(twoAmounts).contains("t.xlsx:Sheet1!B7: error[GK507]"), "\(Self.messages(twoAmounts))")

        grid = ImportTests.targetGrid
        grid[1] = ["（2025年度）", "", "", "金额单位：元"]
        let conflict = Self.run("t.xlsx", ImportTests.xlsx(grid))
        #expect(!conflict.succeeded && Self.messages(conflict).contains("金额单位不一致"), "\(Self.messages(conflict))")

        let errorValue = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row r=\"1\"><c r=\"D5\" t=\"e\"><f>VLOOKUP(A1,B:C,2,0)</f><v>#N/A</v></c></row></sheetData>"))
        #expect(Self.messages(errorValue).contains("t.xlsx:Sheet1!D5: error[GK500]") && Self.messages(errorValue).contains("#N/A"), "\(Self.messages(errorValue))")

        var lower = ImportTests.targetGrid
        lower[3][1] = "jyj-2025-009"
        let fs = ImportTests.site(["a.xlsx": ImportTests.xlsx(ImportTests.targetGrid), "b.xlsx": ImportTests.xlsx(lower)])
        let both = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["a.xlsx", "b.xlsx"]))
        #expect(!both.succeeded && both.diagnostics.contains { $0.code == .importExists }, "\(Self.messages(both))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil && fs.text("content/projects/2025/jyj-2025-009.md") == nil)
    }

    @Test func anOverlongCellReferenceIsAnErrorNotACrash() {
        for ref in ["ZZZZZZZZZZZZZZ9", "A99999999999999999999999", "中1", "XFE1", "A0"] {
            let r = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row r=\"1\"><c r=\"\(ref)\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"))
            #expect(!r.succeeded)
            #expect(r.diagnostics.map(\.code) == [.importFile], "\(ref): \(Self.messages(r))")
            #expect(Self.messages(r).contains("单元格引用"), "\(ref)")
        }
    }

    @Test func aCellFarDownIsRefusedAtOnce() {
        let clock = ContinuousClock()
        let start = clock.now
        for ref in ["A2000000000", "A1048576", "GZ1"] {
            let r = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row><c r=\"A1\" t=\"inlineStr\"><is><t>项目名称</t></is></c><c r=\"\(ref)\"><v>1</v></c></row></sheetData>"))
            #expect(!r.succeeded)
            #expect(r.diagnostics.map(\.code) == [.importFile], "\(ref): \(Self.messages(r))")
        }
        #expect(clock.now - start < .seconds(5))
        // Within Excel's range but past the bounds of a clerk's table: the cell is named.
        let r = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData><row><c r=\"B20001\"><v>1</v></c></row></sheetData>"))
        #expect(Self.messages(r).contains("Sheet1!B20001"), "\(Self.messages(r))")
    }

    @Test func aCorruptSheetIsAnErrorNotHalfASheet() {
        let rows = ImportTests.targetGrid.enumerated().map { r, row in
            "<row r=\"\(r + 1)\">" + row.enumerated().filter { !$0.element.isEmpty }.map { c, v in
                "<c r=\"\(Sheet.Cell(row: r + 1, column: c + 1).reference)\" t=\"inlineStr\"><is><t>\(v.xmlEscaped)</t></is></c>"
            }.joined() + "</row>"
        }.joined()
        let whole = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData>\(rows)</sheetData>"))
        #expect(whole.succeeded, "\(Self.messages(whole))")
        // Cut off after the first indicator rows, as a damaged download would be.
        let cut = String(rows.prefix(rows.count * 3 / 4))
        let r = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData>\(cut)"))
        #expect(!r.succeeded)
        #expect(r.diagnostics.map(\.code) == [.importFile], "\(Self.messages(r))")
        #expect(Self.messages(r).contains("已损坏"))
        // Cut off with nothing after it (found this round: Foundation's parser reports the early end as an error yet
        // returns true, and the rows before it were imported with exit 0).
        let ended = Self.run("t.xlsx", Self.workbook(sheetXML: "<sheetData>\(cut)", closed: false))
        #expect(!ended.succeeded)
        #expect(Self.messages(ended).contains("已损坏"), "\(Self.messages(ended))")
    }

    @Test func aZipBombIsRefusedWithinTheBound() throws {
        // 1 GB of one byte, deflated to about 6 MB: import stops reading at its bound.
        let size = 1_000_000_000
        let bomb = Deflate.repeatedByte(UInt8(ascii: "<"), count: size)
        #expect(bomb.count < 7_000_000)
        let zip = Deflate.zip(path: "xl/worksheets/sheet1.xml", deflated: bomb, size: size)
        let clock = ContinuousClock()
        let start = clock.now
        let r = Self.run("t.xlsx", zip)
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("解压后超过"), "\(Self.messages(r))")
        #expect(clock.now - start < .seconds(60))
    }

    @Test func aYearOutOfRangeIsRefused() {
        let r = Self.run("目标表.xlsx", ImportTests.xlsx(ImportTests.targetGrid), year: 123456)
        #expect(!r.succeeded)
        #expect(Self.messages(r).contains("123456"))
    }

    /// An .xlsx with more filled cells than a clerk's table stops as it is read; the cell where it passes
    /// the limit is named in the usual place (it was `t.xlsx:1:1`, "无效或超出可导入的范围").
    @Test func anXLSXWithTooManyCellsIsRefusedAtTheCell() {
        let row = (1...Sheet.maxColumns).map { "<c r=\"\(Sheet.Cell.columnName($0))ROW\"><v>1</v></c>" }.joined()
        let rows = Sheet.maxCells / Sheet.maxColumns + 2
        let xml = "<sheetData>" + (1...rows).map { "<row r=\"\($0)\">" + row.replacingOccurrences(of: "ROW", with: "\($0)") + "</row>" }.joined() + "</sheetData>"
        let r = Self.run("t.xlsx", Self.workbook(sheetXML: xml))
        #expect(r.diagnostics.map(\.code) == [.importFile], "\(Self.messages(r))")
        #expect(Self.messages(r).contains("t.xlsx:Sheet1!B\(Sheet.maxCells / Sheet.maxColumns + 1)") && Self.messages(r).contains("\(Sheet.maxCells) 个非空单元格"), "\(Self.messages(r))")
    }

    @Test func anEndlessCSVIsRefused() {
        let csv = String(repeating: "a\n", count: Sheet.maxRows + 5)
        let r = Self.run("t.csv", Data(csv.utf8))
        #expect(r.diagnostics.map(\.code) == [.importFile], "\(Self.messages(r))")
    }

    /// A CSV line of 100,000 columns (30 MB for 150 such lines took 1.7 GB and 50 s before the sheet's
    /// bounds refused it) stops at its first cell past the last column, which is named, as it is read.
    @Test func aCSVTooWideIsRefusedAtItsFirstCellPastTheBound() {
        let line = Array(repeating: "x", count: 100_000).joined(separator: ",")
        let r = Self.run("t.csv", Data((line + "\n" + line + "\n").utf8))
        #expect(r.diagnostics.map(\.code) == [.importFile], "\(Self.messages(r))")
        #expect(Self.messages(r).contains("CSV!GS1"), "\(Self.messages(r))")
        // Too many cells within the bounds: refused as they pass the limit, on the row where they do.
        let full = Array(repeating: "x", count: Sheet.maxColumns).joined(separator: ",")
        let many = Self.run("t.csv", Data(String(repeating: full + "\n", count: Sheet.maxCells / Sheet.maxColumns + 3).utf8))
        #expect(Self.messages(many).contains("CSV!A\(Sheet.maxCells / Sheet.maxColumns + 1)"), "\(Self.messages(many))")
    }
}

/// Random mutations of real tables, for a bounded number of rounds with a fixed seed: every run ends
/// in a project or in an error diagnostic, never a crash, and a failed import writes nothing.
@Suite("Import fuzz")
struct ImportFuzzTests {

    static func mutate(_ data: Data, _ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case 1: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 2:
            let at = Int.random(in: 0...bytes.count, using: &rng)
            bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
        case 3:
            guard bytes.count > 2 else { break }
            let a = Int.random(in: 0..<bytes.count - 1, using: &rng), n = Int.random(in: 1...min(64, bytes.count - a), using: &rng)
            bytes.insert(contentsOf: bytes[a..<a + n], at: Int.random(in: 0...bytes.count, using: &rng))
        default:
            // Text-level damage the XML and CSV readers see: a digit or a delimiter swapped.
            let swaps: [(UInt8, UInt8)] = [(0x31, 0x39), (0x2C, 0x22), (0x3C, 0x3E), (0x22, 0x0A)]
            let (from, to) = swaps[Int.random(in: 0..<swaps.count, using: &rng)]
            if let i = bytes.indices.filter({ bytes[$0] == from }).randomElement(using: &rng) { bytes[i] = to }
        }
        return Data(bytes)
    }

    @Test func mutatedTablesNeverCrashAndFailWithADiagnostic() throws {
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: ImportLevelTests.path, layout: .selfEvaluation,
                                                 fileSystem: ImportLevelTests.fixture().fileSystem()).0)
        let seeds: [(String, Data)] = [("t.xlsx", ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges)), ("t.csv", csv)]
        var rng = SplitMix64(state: 20_251_129)
        var failures = 0
        for round in 0..<300 {
            let (file, seed) = seeds[round % seeds.count]
            let data = Self.mutate(seed, &rng)
            let fs = ImportTests.site([file: data])
            let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: [file], year: 2025, code: "F-1"))
            if !result.succeeded {
                failures += 1
                #expect(result.diagnostics.contains { $0.severity == .error }, "round \(round): failed without an error")
                #expect(!fs.isFile("content/projects/2025/F-1.md"), "round \(round): wrote a file and failed")
            } else {
                // Whatever was written loads without errors.
                var d = DiagnosticList()
                let text = try #require(fs.text("content/projects/2025/F-1.md") ?? fs.text("content/projects/2025/JYJ-2025-001.md"))
                _ = ProjectLoader.load(text: text, file: "x.md", diagnostics: &d)
                #expect(!d.hasErrors, "round \(round): \(d.items)")
            }
        }
        #expect(failures > 30)   // the mutations really do break tables
    }
}

/// A hand-made deflate stream (fixed Huffman codes) and a one-entry zip holding it: enough to build
/// a small file that inflates to a huge one, without a compressor in the test target.
enum Deflate {
    /// `count` copies of `byte`: one literal, then matches of length 258 at distance 1.
    static func repeatedByte(_ byte: UInt8, count: Int) -> Data {
        var out = Data(), acc: UInt32 = 0, bits = 0
        func put(_ value: UInt32, _ n: Int) {            // LSB first
            acc |= value << UInt32(bits); bits += n
            while bits >= 8 { out.append(UInt8(acc & 0xFF)); acc >>= 8; bits -= 8 }
        }
        func huffman(_ code: UInt32, _ n: Int) {         // Huffman codes go MSB first
            var reversed: UInt32 = 0
            for i in 0..<n { reversed |= ((code >> UInt32(i)) & 1) << UInt32(n - 1 - i) }
            put(reversed, n)
        }
        func literal(_ v: Int) {
            if v < 144 { huffman(UInt32(0x30 + v), 8) } else if v < 256 { huffman(UInt32(0x190 + v - 144), 9) }
            else if v < 280 { huffman(UInt32(v - 256), 7) } else { huffman(UInt32(0xC0 + v - 280), 8) }
        }
        put(1, 1); put(1, 2)                              // final block, fixed Huffman
        literal(Int(byte))
        var left = count - 1
        while left >= 258 { literal(285); huffman(0, 5); left -= 258 }
        for _ in 0..<left { literal(Int(byte)) }
        literal(256)
        if bits > 0 { out.append(UInt8(acc & 0xFF)) }
        return out
    }

    /// A zip of stored entries and one deflated one (its CRC left zero: the reader must give up first).
    static func zip(path: String, deflated: Data, size: Int) -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let stored: [(String, Data)] = [
            ("xl/workbook.xml", Data("<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".utf8)),
            ("xl/_rels/workbook.xml.rels", Data("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".utf8)),
        ]
        var d = Data(), central = Data()
        func le16(_ v: Int, _ to: inout Data) { to.append(UInt8(v & 0xFF)); to.append(UInt8((v >> 8) & 0xFF)) }
        func le32(_ v: Int, _ to: inout Data) { le16(v & 0xFFFF, &to); le16((v >> 16) & 0xFFFF, &to) }
        var count = 0
        func add(_ path: String, _ body: Data, method: Int, size: Int, crc: Int) {
            let name = Data(path.utf8), offset = d.count
            le32(0x0403_4B50, &d); le16(20, &d); le16(0, &d); le16(method, &d); le16(0, &d); le16(0x21, &d); le32(crc, &d)
            le32(body.count, &d); le32(size, &d); le16(name.count, &d); le16(0, &d); d.append(name); d.append(body)
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0, &central); le16(method, &central)
            le16(0, &central); le16(0x21, &central); le32(crc, &central); le32(body.count, &central); le32(size, &central)
            le16(name.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
            le32(0, &central); le32(offset, &central); central.append(name)
            count += 1
        }
        for (p, body) in stored { add(p, body, method: 0, size: body.count, crc: Int(CRC32.checksum(body))) }
        add(path, deflated, method: 8, size: size, crc: 0)
        let start = d.count
        d.append(central)
        le32(0x0605_4B50, &d); le16(0, &d); le16(0, &d); le16(count, &d); le16(count, &d); le32(central.count, &d); le32(start, &d); le16(0, &d)
        return d
    }
}
