import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The national 部门（单位）整体支出绩效目标表: its 年度主要任务 list (任务名称 | 主要内容 | 预算数) becomes the
/// department file's `tasks`, its money by 收入性质 / 支出性质 the file's `funding` (sources and uses). Before,
/// both were named (GK510) and a clerk typed them in by hand.
@Suite("Import of a department's tasks and money")
struct ImportDepartmentTaskTests {
    typealias T = ImportClerkTableTests

    static let path = "content/departments/2025/JYJ.md"

    /// The national target table as a clerk fills it: the task list under its label merged down, a 公开属性
    /// column withholding one task, an unused template row, the money split by 收入性质 and 支出性质 side by side.
    static let nationalTargets: [[String]] = [
        ["部门（单位）整体支出绩效目标申报表"],
        ["（2025年度）"],
        ["部门（单位）名称", "测试市教育局"],
        ["金额单位：万元"],
        ["年度主要任务", "任务名称", "主要内容", "预算数", "公开属性"],
        ["", "义务教育均衡发展", "改善薄弱学校办学条件", "1800.5", "主动公开"],
        ["", "学生资助", "落实家庭经济困难学生资助政策", "1200", ""],
        ["", "教育信息化", "建设智慧校园", "500", "涉密"],
        ["", "任务4", "", "", ""],
        ["年度预算申请", "按收入性质分", "", "按支出性质分"],
        ["", "年度资金总额：", "5200", "年度资金总额：", "5200"],
        ["", "其中：财政拨款", "5000", "其中：基本支出", "3000"],
        ["", "其他资金", "200", "项目支出", "2200"],
        ["年度总体目标", "保障全市教育事业运转，义务教育巩固率不低于99%。"],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "资助学生人数", "≥5000人"],
        ["", "效益指标", "社会效益指标", "义务教育巩固率", "≥99%"],
        ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%"],
    ]
    static let merges = ["A5:A9", "A10:A13", "A15:A18"]

    static func department(_ fs: MemoryFileSystem) throws -> DepartmentPerformance {
        let text = try #require(fs.text(path))
        var d = DiagnosticList()
        let department = try #require(DepartmentPerformanceLoader.load(text: text, file: path, diagnostics: &d))
        #expect(!d.hasErrors, "\(d.items)\n\(text)")
        return department
    }

    @Test func theNationalTablesTasksAndMoneyAreImported() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.nationalTargets, merges: Self.merges))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(!T.messages(r).contains("GK510"), "\(T.messages(r))")
        let department = try Self.department(fs)
        #expect(department.tasks.map(\.name) == ["义务教育均衡发展", "学生资助", "教育信息化"])
        #expect(department.tasks.map(\.content) == ["改善薄弱学校办学条件", "落实家庭经济困难学生资助政策", "建设智慧校园"])
        #expect(department.tasks.map(\.amount) == [Decimal(string: "1800.5"), 1200, 500])
        #expect(department.tasks.map(\.disclosure.level) == [.public, .public, .classified])
        let funding = try #require(department.funding)
        #expect(funding.unit == .tenThousandYuan)
        #expect(funding.lines.map(\.source) == ["财政拨款", "其他资金"] && funding.lines.map(\.budget) == [5000, 200])
        #expect(funding.uses.map(\.item) == ["基本支出", "项目支出"] && funding.uses.map(\.amount) == [3000, 2200])
        // Built, the classified task reaches no output; the others are on the department's page.
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.diagnostics.contains { $0.location.file.contains("departments/2025/JYJ") && $0.severity == .error }, "\(report.rendered)")
        let files = try fs.listFiles(under: "public")
        #expect(files.contains { (fs.text(joinPath("public", $0)) ?? "").contains("义务教育均衡发展") })
        #expect(files.allSatisfy { !(fs.text(joinPath("public", $0)) ?? "").contains("建设智慧校园") })
    }

    /// The same table saved by a Windows Excel as CSV (GB18030, CRLF), the list's header spelt out with spaces
    /// (`任 务 名 称`), full-width colons, an amount with a thousands comma and the unit in the amount's header.
    @Test func aWindowsCSVWithASpacedHeaderIsRead() throws {
        let csv = """
        部门整体支出绩效目标表
        （2025年度）
        部门（单位）名称：,测试市教育局
        年度主要任务,任 务 名 称,主 要 内 容,预算数（万元）
        ,义务教育均衡发展,改善薄弱学校办学条件,"1,800.5"
        ,学生资助,落实家庭经济困难学生资助政策,1200
        年度预算申请（万元）,按收入性质分,,按支出性质分
        ,合计：,5200,合计：,5200
        ,其中：财政拨款：,5000,其中：基本支出：,3000
        ,其他资金：,200,项目支出：,2200
        年度总体目标,保障全市教育事业运转。
        年度绩效指标,一级指标,二级指标,三级指标,指标值
        ,产出指标,数量指标,资助学生人数,≥5000人
        """.replacingOccurrences(of: "\n", with: "\r\n")
        let data = try #require(csv.data(using: .gb18030))
        let (r, fs) = T.run(data, file: "部门整体目标表.csv")
        #expect(r.succeeded, "\(T.messages(r))")
        let department = try Self.department(fs)
        #expect(department.tasks.map(\.name) == ["义务教育均衡发展", "学生资助"])
        #expect(department.tasks.map(\.amount) == [Decimal(string: "1800.5"), 1200])
        #expect(department.funding?.lines.map(\.budget) == [5000, 200] && department.funding?.uses.map(\.amount) == [3000, 2200])
    }

    /// `--explain` names a department table's 部门公开属性 row as what it is, not as a project's.
    @Test func explainNamesTheDepartmentsLevelRow() {
        var grid = Self.nationalTargets
        grid.insert(["部门公开属性", "主动公开"], at: 3)
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], dryRun: true))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(r.explanation.contains("t.xlsx:Sheet1 第4行：部门公开属性"), "\(r.explanation)")
        #expect(!r.explanation.contains { $0.contains("项目公开属性") }, "\(r.explanation)")
    }

    /// An amount written in words is no number: an error at its cell, never a task without its money.
    @Test func aTaskAmountInWordsIsRefusedAtItsCell() {
        var grid = Self.nationalTargets
        grid[6][3] = "壹万"
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: Self.merges))
        #expect(!r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!D7: error[GK501]"), "\(T.messages(r))")
        #expect(fs.text(Self.path) == nil)
    }

    /// A row with money and no task name: the money would be published as nobody's (or dropped). Refused at the
    /// empty name's cell.
    @Test func aTaskWithoutANameIsRefused() {
        var grid = Self.nationalTargets
        grid[6][1] = ""
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: Self.merges))
        #expect(!r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!B7: error[GK502]"), "\(T.messages(r))")
        #expect(fs.text(Self.path) == nil)
    }

    /// A source's amount in words is refused at its cell; sources that do not add up to 年度资金总额 are named (GK503).
    @Test func theMoneyIsCheckedAtItsCells() {
        var words = Self.nationalTargets
        words[11][2] = "五千"
        let (r, _) = T.run(ImportTests.xlsx(words, merges: Self.merges))
        #expect(!r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!C12: error[GK501]"), "\(T.messages(r))")
        var sum = Self.nationalTargets
        sum[12][4] = "2300"
        let (s, fs) = T.run(ImportTests.xlsx(sum, merges: Self.merges))
        #expect(!s.succeeded && T.messages(s).contains("error[GK503]"), "\(T.messages(s))")
        #expect(fs.text(Self.path) == nil)
    }

    /// Re-imported over the file (--force), a task the file withholds keeps its level when the table states
    /// none; a table that drops a withheld task and brings a new one with no level is refused (a renamed task
    /// would go public); a task the table states 主动公开 for is lowered, with a warning at that cell.
    @Test func aReImportNeverLowersAWithheldTask() throws {
        var plain = Self.nationalTargets
        plain[7][4] = ""
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.nationalTargets, merges: Self.merges),
                                   "plain.xlsx": ImportTests.xlsx(plain, merges: Self.merges)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"])).succeeded)
        let kept = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["plain.xlsx"], force: true))
        #expect(kept.succeeded, "\(T.messages(kept))")
        #expect(try Self.department(fs).tasks.map(\.disclosure.level) == [.public, .public, .classified])

        var renamed = plain
        renamed[7][1] = "智慧校园建设"
        try fs.write(ImportTests.xlsx(renamed, merges: Self.merges), to: "renamed.xlsx")
        let refused = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["renamed.xlsx"], force: true))
        #expect(!refused.succeeded && T.messages(refused).contains("renamed.xlsx:Sheet1!B8: error[GK508]"), "\(T.messages(refused))")
        #expect(!T.messages(refused).contains("建设智慧校园"))
        #expect(try Self.department(fs).tasks.map(\.name) == ["义务教育均衡发展", "学生资助", "教育信息化"])

        var lowered = Self.nationalTargets
        lowered[7][4] = "主动公开"
        try fs.write(ImportTests.xlsx(lowered, merges: Self.merges), to: "lowered.xlsx")
        let stated = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["lowered.xlsx"], force: true))
        #expect(stated.succeeded && T.messages(stated).contains("lowered.xlsx:Sheet1!E8: warning[GK508]"), "\(T.messages(stated))")
        #expect(try Self.department(fs).tasks.map(\.disclosure.level) == [.public, .public, .public])
    }

    /// The table's task list replaces the file's, as its indicator rows do: a public task of the file that the
    /// table no longer lists is gone; a withheld one dropped (with no new task beside it) is gone too.
    @Test func theTablesTaskListReplacesTheFiles() throws {
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.nationalTargets, merges: Self.merges)])
        let tasks = "tasks:\n  - {name: 教育督导, amount: 20}\n  - {name: 教育信息化, content: 建设智慧校园, amount: 500, disclosure: 涉密}\n"
        try fs.write(Data("---\ndepartment: JYJ\nyear: 2025\n\(tasks)---\n".utf8), to: Self.path)
        var grid = Self.nationalTargets
        grid[7][4] = ""
        try fs.write(ImportTests.xlsx(grid, merges: Self.merges), to: "t.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true))
        #expect(r.succeeded, "\(T.messages(r))")
        let department = try Self.department(fs)
        #expect(department.tasks.map(\.name) == ["义务教育均衡发展", "学生资助", "教育信息化"])
        #expect(department.tasks.map(\.disclosure.level) == [.public, .public, .classified])
    }

    /// A use the file withholds (基本支出, 涉密) missing from the table's 支出性质 rows while a new item appears (that
    /// side has no 公开属性): perhaps renamed in Excel, so refused (GK508) rather than published. Under its own name
    /// the use keeps its level.
    @Test func aWithheldUseRenamedInTheTableIsRefused() throws {
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.nationalTargets, merges: Self.merges)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"])).succeeded)
        let text = try #require(fs.text(Self.path))
        fs.write(text.replacingOccurrences(of: "    - item: \"基本支出\"\n      amount: 3000\n", with: "    - item: \"基本支出\"\n      amount: 3000\n      disclosure: 涉密\n"), to: Self.path)
        #expect(try Self.department(fs).funding?.uses.first?.disclosure.level == .classified)
        var grid = Self.nationalTargets
        grid[11][3] = "其中：人员经费"
        try fs.write(ImportTests.xlsx(grid, merges: Self.merges), to: "t.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true))
        #expect(!r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!D12: error[GK508]"), "\(T.messages(r))")
        try fs.write(ImportTests.xlsx(Self.nationalTargets, merges: Self.merges), to: "t.xlsx")
        let kept = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true))
        #expect(kept.succeeded, "\(T.messages(kept))")
        #expect(try Self.department(fs).funding?.uses.map(\.disclosure.level) == [.classified, .public])
    }

    /// The file's amounts that the table does not carry — its tasks, a project's uses — are in the unit of the
    /// file's funding: merged under a table whose money is in another unit they would be read ten thousand
    /// times off, without a word. Refused at the table's money instead.
    @Test func amountsKeptFromTheFileMustShareTheTablesUnit() throws {
        var grid = Self.nationalTargets
        grid[3] = ["金额单位：元"]
        grid.removeSubrange(4..<9)
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid, merges: ["A5:A8", "A10:A13"])])
        try fs.write(Data("---\ndepartment: JYJ\nyear: 2025\ntasks:\n  - {name: 教育督导, amount: 20}\n---\n".utf8), to: Self.path)
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true))
        #expect(!r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!B7: error[GK501]") && T.messages(r).contains("万元"), "\(T.messages(r))")
        #expect(try Self.department(fs).tasks.first?.amount == 20)

        let project = "content/projects/2025/JYJ-2025-009.md"
        let target = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges)])
        #expect(SpreadsheetImport(fileSystem: target).run(ImportOptions(files: ["目标表.xlsx"])).succeeded)
        let text = try #require(target.text(project))
        target.write(text.replacingOccurrences(of: "\ntargets:", with: "\n  uses:\n    - {item: 食材采购, amount: 1000}\ntargets:"), to: project)
        #expect(try T.project(target, project).funding?.uses.count == 1)
        var yuan = ImportTests.targetGrid
        yuan[6] = ["项目资金（元）", "年度资金总额", "13005000"]
        yuan[7] = ["", "其中：财政拨款", "12505000"]
        yuan[8] = ["", "其他资金", "500000"]
        try target.write(ImportTests.xlsx(yuan, merges: ImportTests.targetMerges), to: "元.xlsx")
        let refused = SpreadsheetImport(fileSystem: target).run(ImportOptions(files: ["元.xlsx"], force: true))
        #expect(!refused.succeeded && T.messages(refused).contains("error[GK501]") && T.messages(refused).contains("资金用途"), "\(T.messages(refused))")
    }

    /// A column of the task list that the file has no place for (a self-evaluation's 执行数) is named, not dropped
    /// without a word.
    @Test func aTaskColumnNotReadIsNamed() throws {
        var grid = Self.nationalTargets
        grid[4].append("执行数")
        grid[5].append("1700")
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: Self.merges))
        #expect(r.succeeded && T.messages(r).contains("t.xlsx:Sheet1!F5: warning[GK510]") && T.messages(r).contains("执行数"), "\(T.messages(r))")
        #expect(try Self.department(fs).tasks.count == 3)
    }

    /// The self-evaluation with the money by 收入性质 one block above the one by 支出性质, each source's 年初预算数 |
    /// 全年预算数 | 全年执行数 under the funding header's columns: read by column, each column checked against the
    /// 年度资金总额 row. Without the header's columns, several amounts on a row are refused (which is the budget is
    /// never guessed).
    @Test func sourcesWithSeveralAmountsAreReadByTheirColumns() throws {
        let rows: [[String]] = [
            ["部门整体支出绩效自评表"],
            ["（2025年度）"],
            ["部门（单位）名称", "测试市教育局"],
            ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额", "5000", "5200", "5096", "10", "98%", "9.8"],
            ["", "按收入性质分"],
            ["", "财政拨款", "4800", "5000", "4900"],
            ["", "其他资金", "200", "200", "196"],
            ["", "按支出性质分"],
            ["", "基本支出", "", "3000"],
            ["", "项目支出", "", "2200"],
        ]
        let tail = Array(ImportPublishedLayoutTests.departmentSelfEvaluation[8...])
        let (r, fs) = T.run(ImportTests.xlsx(rows + tail))
        #expect(r.succeeded && !T.messages(r).contains("GK510"), "\(T.messages(r))")
        let funding = try #require(try Self.department(fs).funding)
        #expect(funding.lines.map(\.initial) == [4800, 200] && funding.lines.map(\.budget) == [5000, 200] && funding.lines.map(\.spent) == [4900, 196])
        #expect(funding.uses.map(\.amount) == [3000, 2200])
        var wrong = rows
        wrong[7][4] = "190"
        let (w, _) = T.run(ImportTests.xlsx(wrong + tail))
        #expect(!w.succeeded && T.messages(w).contains("t.xlsx:Sheet1!E5: error[GK503]") && T.messages(w).contains("全年执行数"), "\(T.messages(w))")
        var unlabelled = rows
        unlabelled[3] = ["年度预算申请（万元）"]
        unlabelled[4] = ["", "年度资金总额", "5200"]
        let (u, fs2) = T.run(ImportTests.xlsx(unlabelled + tail))
        #expect(!u.succeeded && T.messages(u).contains("t.xlsx:Sheet1!B7: error[GK507]"), "\(T.messages(u))")
        #expect(fs2.text(Self.path) == nil)
    }

    /// The money's total right below the tasks with no label of its own in the first column (`年度资金总额` in the
    /// name's column, its amount under the tasks' 预算数): it ends the list, and is no task named 年度资金总额.
    @Test func theMoneyBelowTheTasksIsNoTask() throws {
        var grid = Self.nationalTargets
        grid.insert(["", "年度资金总额", "", "5200"], at: 9)
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ["A5:A9", "A11:A14", "A16:A19"]))
        #expect(r.succeeded, "\(T.messages(r))")
        let department = try Self.department(fs)
        #expect(department.tasks.map(\.name) == ["义务教育均衡发展", "学生资助", "教育信息化"])
        #expect(department.funding?.lines.map(\.budget) == [5000, 200] && department.funding?.uses.map(\.amount) == [3000, 2200])
    }

    /// Export → import gives the same department file back, tasks and their levels included (a 依申请公开 task,
    /// an amount with decimals, a task without content), with funding in 元 — and without funding, the amounts in
    /// 万元 —, in both layouts.
    @Test(arguments: [(ProjectExport.Layout.targets, true), (.targets, false), (.selfEvaluation, true), (.selfEvaluation, false)])
    func aDepartmentFileWithTasksRoundTrips(layout: ProjectExport.Layout, withFunding: Bool) throws {
        let funding = withFunding ? """
        funding:
          unit: 元
          lines:
            - source: "财政拨款"
              initial: 52000000
              budget: 52000000
              spent: 50000000
          uses:
            - item: "基本支出"
              amount: 30000000

        """ : ""
        let file = """
        ---
        department: "JYJ"
        year: 2025
        \(funding)tasks:
          - name: "义务教育均衡发展"
            content: "改善薄弱学校办学条件"
            amount: 18005000.5
          - name: "教育督导"
            amount: 200000
            disclosure: on-request
        targets:
          goal: "保障全市教育事业运转。"
          indicators:
            - name: "产出指标"
              children:
                - name: "数量指标"
                  children:
                    - name: "资助学生人数"
                      target: "≥5000人"
                      actual: "5100人"
                      weight: 90
                      score: 90
        self_evaluation:
          execution_weight: 10
          execution_score: 9.6
          total_score: 99.6
        ---

        """
        let fs = ImportTests.site([:])
        try fs.write(Data(file.utf8), to: Self.path)
        let (csv, problems) = ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: layout, fileSystem: fs)
        let table = try #require(csv, "\(problems)")
        let other = ImportTests.site(["a.csv": table])
        let r = SpreadsheetImport(fileSystem: other).run(ImportOptions(files: ["a.csv"]))
        #expect(r.succeeded, "\(T.messages(r))\n\(String(decoding: table, as: UTF8.self))")
        let before = try Self.department(fs), after = try Self.department(other)
        #expect(after.tasks.map(\.name) == before.tasks.map(\.name) && after.tasks.map(\.content) == before.tasks.map(\.content))
        #expect(after.tasks.map(\.amount) == before.tasks.map(\.amount) && after.tasks.map(\.disclosure.level) == [.public, .onRequest])
        #expect(after.funding?.unit == before.funding?.unit && after.funding?.lines.map(\.budget) == before.funding?.lines.map(\.budget))
        let (again, _) = ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: layout, fileSystem: other)
        #expect(again == table, "\(String(decoding: table, as: UTF8.self))\n---\n\(String(decoding: again ?? Data(), as: UTF8.self))")
    }
}
