import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Layouts as finance departments publish them (round fifteen): the county template with a 长期绩效指标
/// block above the 年度绩效指标 block, a self-evaluation whose 一级 cells carry their points
/// (`产出指标（50分）`), and the 预算管理一体化 export of Sichuan (部门预算项目支出绩效自评表).
@Suite("Import of published table layouts")
struct ImportPublishedLayoutTests {
    typealias T = ImportClerkTableTests

    // MARK: Two indicator blocks: 长期绩效指标 above 年度绩效指标

    /// 项目支出绩效目标申报表 of the county templates: the long-term block first, the year's below it, each
    /// with its own header row, labelled in the first column (merged down over the block).
    static let twoBlocks: [[String]] = [
        ["项目支出绩效目标申报表"],
        ["（2025年度）"],
        ["填报单位（盖章）：测试市教育局"],
        ["项目名称", "校舍维修改造"],
        ["项目编号", "JYJ-2025-088"],
        ["项目属性", "延续项目", "主管部门", "测试市教育局"],
        ["项目资金申请（万元）", "资金总额：", "500"],
        ["", "财政拨款：", "500"],
        ["项目绩效目标", "长期目标", "", "年度目标"],
        ["", "三年内完成全市C级校舍改造", "", "完成10所学校校舍维修"],
        ["长期绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "改造学校数", "≥30所"],
        ["", "效益指标", "社会效益指标", "C级校舍消除率", "=100%"],
        ["", "满意度指标", "服务对象满意度指标", "师生满意度", "≥85%"],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "改造学校数", "≥10所"],
        ["", "", "质量指标", "工程验收合格率", "=100%"],
        ["", "效益指标", "社会效益指标", "校舍安全隐患消除", "明显改善"],
        ["", "满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"],
        ["填报人：", "", "单位负责人：", "", "填报日期："],
    ]

    /// The long-term block was read as the year's targets and the year's block appended to it (its header
    /// taken for a header repeated on a second page): `改造学校数` published twice, ≥30所 and ≥10所.
    @Test func theYearsBlockIsReadAndTheLongTermBlockNamed() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.twoBlocks, merges: ["A11:A14", "A15:A19", "B16:B17"]))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs, "content/projects/2025/JYJ-2025-088.md")
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.map(\.name) == ["改造学校数", "工程验收合格率", "校舍安全隐患消除", "师生满意度"])
        #expect(leaves.map { $0.target!.raw } == ["≥10所", "=100%", "明显改善", "≥90%"])
        let warning = r.diagnostics.first { $0.location.cell == "Sheet1!A11" }
        #expect(warning?.code == .importIgnored && warning?.severity == .warning && warning?.message.contains("长期绩效指标") == true, "\(T.messages(r))")
        #expect(r.explanation.contains { $0.contains("第11–14行") && $0.contains("长期绩效指标") }, "\(r.explanation)")
    }

    /// The year's block above the long-term one (some templates put it first): the year's is read, and the
    /// long-term block below ends it rather than being appended.
    @Test func aLongTermBlockBelowTheYearsEndsIt() throws {
        var grid = Array(Self.twoBlocks[0..<10])
        grid += Array(Self.twoBlocks[14..<19]) + Array(Self.twoBlocks[10..<14]) + [Self.twoBlocks[19]]
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        let leaves = Discloser.leaves(try T.project(fs, "content/projects/2025/JYJ-2025-088.md").targets!.indicators)
        #expect(leaves.map { $0.target!.raw } == ["≥10所", "=100%", "明显改善", "≥90%"])
        #expect(r.diagnostics.contains { $0.location.cell == "Sheet1!A16" && $0.code == .importIgnored }, "\(T.messages(r))")
    }

    /// Only a long-term block: none of its values is the year's target. Refused at its label, not imported
    /// as the year's targets.
    @Test func onlyALongTermBlockIsRefused() {
        let grid = Array(Self.twoBlocks[0..<14]) + [Self.twoBlocks[19]]
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!A11: error[GK502]") && T.messages(r).contains("年度"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-088.md") == nil)
    }

    /// A second header whose block label says neither long-term nor the year's (not a header repeated on a
    /// second page: its label differs) cannot be placed: refused at the label, not appended.
    @Test func aSecondBlockOfUnknownKindIsRefused() {
        var grid = Self.twoBlocks
        grid[10][0] = "绩效指标"
        grid[14][0] = "其他绩效指标"
        let (r, _) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!A15: error[GK507]"), "\(T.messages(r))")
    }

    // MARK: 一级 cells with their points: 产出指标（50分）

    /// The self-evaluation as a county published it: `产出指标（50分）`, `效益指标（30分）`, `满意度指标（10分）`
    /// in the merged 一级 cells. Each was refused as an unknown 一级 (GK504) on every row.
    static let pointed: [[String]] = [
        ["附件："],
        ["项目支出绩效自评表"],
        ["（2025年度）"],
        ["项目名称", "委托业务项目", "", "", "", "", "", "", ""],
        ["项目编号", "JYJ-2025-031"],
        ["主管部门", "测试市教育局", "", "", "实施单位", "测试市第一中学"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        // The county wrote 9.99 for 10 × 99.97% (9.997, which rounds to 10): the build's GK404, now named by import too.
        ["", "年度资金总额：", "90", "90", "89.974", "10", "99.97%", "10"],
        ["", "其中：本年财政拨款", "90", "90", "89.974", "—", "—", "—"],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        ["", "完成委托业务。", "", "", "", "已完成。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "产出指标（50分）", "数量指标", "委托业务项目数量", "≥50个", "50个", "20", "20", ""],
        ["", "", "质量指标（15分）", "报告合格率", "=100%", "100%", "15", "15", ""],
        ["", "", "时效指标", "提交报告及时性", "按期完成", "按期完成", "15", "15", ""],
        ["", "效益指标(30分)", "社会效益指标", "对基建市场公平的影响", "效果明显", "效果明显", "30", "30", ""],
        ["", "满意度指标（10分）", "服务对象满意度指标", "公众满意度", "≥90%", "95%", "10", "10", ""],
        ["总分", "", "", "", "", "", "100", "100"],
    ]

    @Test func pointsInTheLevel1CellAreItsWeight() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.pointed, merges: ["B13:B15"]))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs, "content/projects/2025/JYJ-2025-031.md")
        let groups = project.targets!.indicators
        #expect(groups.map(\.name) == ["产出指标", "效益指标", "满意度指标"])
        #expect(groups.map(\.weight) == [50, 30, 10])
        #expect(groups[0].children.map(\.name) == ["数量指标", "质量指标", "时效指标"])
        #expect(groups[0].children.map(\.weight) == [nil, 15, nil])
    }

    /// The points stated in the cell are checked against the rows' 分值, at the 一级 (or 二级) cell.
    @Test func pointsThatDoNotAddUpAreNamedAtTheirCell() {
        var grid = Self.pointed
        grid[12][1] = "产出指标（40分）"
        grid[13][2] = "质量指标（10分）"
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ["B13:B15"]))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!B13: error[GK503]") && T.messages(r).contains("40"), "\(T.messages(r))")
        #expect(T.messages(r).contains("t.xlsx:Sheet1!C14: error[GK503]"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-031.md") == nil)
    }

    // MARK: The Sichuan 预算管理一体化 self-evaluation

    /// 部门预算项目支出绩效自评表 as the Sichuan system exports it: 项目年度目标 | 年度目标完成情况, a funding
    /// block of 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 with a 总额 row, the split target
    /// 指标性质 | 指标值 | 度量单位 with 完成值 in that unit, 未完成原因分析, 合计, then 评价结论.
    static let sichuan: [[String]] = [
        ["报表编号:510000_0013zp"],
        ["部门预算项目支出绩效自评表(2025年度)"],
        ["项目名称", "工资性支出"],
        ["主管部门", "测试市教育局"],
        ["实施单位 (盖章)", "测试市第一中学"],
        ["项目基本情况", "1.项目年度目标完成情况"],
        ["", "项目年度目标", "", "", "", "", "年度目标完成情况"],
        ["", "严格执行相关政策，保障工资及时、足额发放。", "", "", "", "", "已按时足额发放。"],
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        ["", "总额", "238.93", "251.89", "251.89", "100.00%", "10", "10"],
        ["", "其中:财政资金", "238.93", "251.89", "251.89", "100.00%", "/", "/"],
        ["", "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        ["", "单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        ["", "其他资金", "", "", "", "", "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
        ["", "产出指标", "数量指标", "发放覆盖率", "=", "100", "%", "100", "60", "60", ""],
        ["", "效益指标", "社会效益指标", "足额保障率", "≥", "95", "%", "98", "20", "20", ""],
        ["", "", "", "政策知晓情况", "定性", "好", "", "较好", "10", "8", "宣传不足，下年加强"],
        ["合计", "", "", "", "", "", "", "", "100", "98"],
        ["评价结论", "项目完成良好。"],
        ["存在问题", "宣传不足"],
        ["改进措施", "加强政策宣传"],
        ["项目负责人:", "", "", "财务负责人:"],
    ]

    @Test func theSichuanSelfEvaluationIsRead() throws {
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.sichuan, merges: ["A9:A14", "A15:A18", "B7:F7", "B8:F8", "G7:K7", "G8:K8", "C17:C18", "B17:B18"])])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], code: "JYJ-2025-077"))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs, "content/projects/2025/JYJ-2025-077.md")
        #expect(project.targets?.goal?.value == "严格执行相关政策，保障工资及时、足额发放。")
        #expect(project.selfEvaluation?.goalAchieved?.value == "已按时足额发放。")
        #expect(project.funding?.lines.first?.source == "财政拨款")
        #expect(project.funding?.lines.first.map { [$0.initial, $0.budget, $0.spent] } == [Decimal(string: "238.93"), Decimal(string: "251.89"), Decimal(string: "251.89")])
        #expect(project.selfEvaluation?.executionWeight == 10 && project.selfEvaluation?.executionScore == 10)
        #expect(project.selfEvaluation?.totalScore == 98)
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.map { $0.target?.raw } == ["=100%", "≥95%", "好"])
        // 完成值 is in the row's 度量单位 too: a bare number carries it, a text is read as written.
        #expect(leaves.map(\.actual) == ["100%", "98%", "较好"])
        #expect(leaves.map { $0.deviation?.value } == [nil, nil, "宣传不足，下年加强"])
        #expect(project.selfEvaluation?.problems?.value == "宣传不足")
    }
}

extension ImportPublishedLayoutTests {
    // MARK: Several projects' tables on one sheet

    /// A department's published attachment: one 项目支出绩效目标表 after another on one sheet, each with its
    /// title, 单位：万元 line, header block and indicators (merged 一级 cells).
    static func stacked(secondCode: String = "JYJ-2025-102") -> [[String]] {
        [
            ["项目支出绩效目标表"],
            ["（2025年度）"],
            ["单位：万元"],
            ["项目名称", "学生营养餐改善"],
            ["项目编号", "JYJ-2025-101"],
            ["主管部门", "测试市教育局"],
            ["项目资金", "年度资金总额", "100"],
            ["", "其中：财政拨款", "100"],
            ["年度总体目标", "保障营养餐供应。"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            ["", "产出指标", "数量指标", "受益学生人数", "≥5000人"],
            ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%"],
            [],
            ["项目支出绩效目标表"],
            ["（2025年度）"],
            ["单位：万元"],
            ["项目名称", "校舍维修"],
            ["项目编号", secondCode],
            ["主管部门", "测试市教育局"],
            ["项目资金", "年度资金总额", "300"],
            ["", "其中：财政拨款", "300"],
            ["年度总体目标", "完成10所学校维修。"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            ["", "产出指标", "数量指标", "维修学校数", "≥10所"],
            ["", "", "", "验收合格率", "=100%"],
            ["", "满意度指标", "服务对象满意度指标", "师生满意度", "≥85%"],
        ]
    }

    /// The second project was lost without a word: its name, code, money and goal skipped as unused
    /// template rows, its header taken for a header repeated on a printed page, and its indicators appended
    /// to the first project's (published as targets of 学生营养餐改善).
    @Test func tablesOneBelowTheOtherAreEachAProject() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.stacked(), merges: ["B24:B25", "C24:C25"]))
        #expect(r.succeeded, "\(T.messages(r))")
        let first = try T.project(fs, "content/projects/2025/JYJ-2025-101.md")
        let second = try T.project(fs, "content/projects/2025/JYJ-2025-102.md")
        #expect(Discloser.leaves(first.targets!.indicators).map(\.name) == ["受益学生人数", "家长满意度"])
        #expect(Discloser.leaves(second.targets!.indicators).map(\.name) == ["维修学校数", "验收合格率", "师生满意度"])
        #expect(second.name == "校舍维修" && second.funding?.lines.map(\.budget) == [300] && second.targets?.goal?.value == "完成10所学校维修。")
        #expect(r.explanation.contains { $0.contains("第17–19行") && $0.contains("表头") }, "\(r.explanation)")
    }

    /// A problem in the second table names its cell in the clerk's sheet (row numbers as the sheet has them).
    @Test func aProblemInTheSecondTableNamesItsOwnCell() {
        var grid = Self.stacked()
        grid[23][4] = ""
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!E24: error[GK502]"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-101.md") == nil && fs.text("content/projects/2025/JYJ-2025-102.md") == nil)
    }

    /// A second project's header with no indicator table of its own below it (the sheet cut short) is not an
    /// unused row: refused at its cell. `--code` names one project, so a sheet of several is refused with it.
    @Test func aSecondHeaderWithoutItsTableIsRefused() {
        let grid = Array(Self.stacked()[0..<22])
        let (r, _) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!A17: error[GK507]"), "\(T.messages(r))")
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.stacked())])
        let coded = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], code: "X-1"))
        #expect(!coded.succeeded && T.messages(coded).contains("--code"), "\(T.messages(coded))")
    }
}

extension ImportPublishedLayoutTests {
    // MARK: The funding block's own arithmetic: 执行率

    /// 执行率 beside 全年预算数 and 全年执行数 was never looked at: a table stating 100% beside 95 of 100 (a
    /// rate copied from last year's table) imported without a word, its amounts published.
    @Test(arguments: [("100%", "G7"), ("0.9", "G7"), ("95.5%", "G7")])
    func aRateThatIsNotTheAmountsIsNamed(_ rate: String, _ cell: String) {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[6][6] = rate
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK503]") && T.messages(r).contains("95 ÷ 100"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }

    /// A rate as the clerk's Excel shows it agrees: rounded to the decimals written, with or without
    /// `%` (0.95 or 95), or a percent-formatted number cell (0.955 shown `95.5%`).
    @Test func aRateAsExcelShowsItAgrees() {
        for (spent, rate) in [("95", "95%"), ("95", "0.95"), ("95", "95"), ("95", "95.00%"), ("66.6666", "66.67%"), ("66.6666", "67%")] {
            var grid = ImportExcelHabitTests.selfEvaluation
            grid[6][4] = spent
            grid[7][4] = spent
            grid[6][6] = rate
            grid[6][7] = ""
            grid[14] = ["总分", "", "", "", "", "", "100", "88"]
            let (r, _) = T.run(ImportTests.xlsx(grid))
            #expect(r.succeeded, "\(spent) \(rate): \(T.messages(r))")
        }
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[6][4] = "95.5"
        grid[7][4] = "95.5"
        grid[6][7] = "9.55"
        grid[14][7] = "97.55"    // the rows' 88 and the execution score 9.55 (97.5 did not add up: GK503 at the 总分 cell)
        let (formatted, _) = T.run(ImportTests.xlsx(grid, cells: ["G7": "<c r=\"G7\" s=\"1\"><v>0.955</v></c>"], formats: ["0.0%"]))
        #expect(formatted.succeeded, "\(T.messages(formatted))")
    }
}

extension ImportPublishedLayoutTests {
    // MARK: Column names of self-evaluations in use

    /// `全年实际完成值 | 指标分值 | 自评得分`, as several provinces' self-evaluation tables name the columns:
    /// none was recognised, so the table was read as a target table — 实际完成值, 分值, 得分, 总分, the
    /// execution score and 实际完成情况 dropped (three warnings, and none for the goal's 实际完成情况).
    @Test func selfEvaluationColumnNamesInUseAreRead() throws {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[5][7] = "自评得分"
        grid[10] = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年实际完成值", "指标分值", "自评得分", "偏差原因分析及改进措施"]
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(!r.diagnostics.contains { $0.code == .importIgnored }, "\(T.messages(r))")
        let project = try T.project(fs)
        #expect(project.selfEvaluation?.totalScore == Decimal(string: "97.5") && project.selfEvaluation?.executionScore == Decimal(string: "9.5"))
        #expect(project.selfEvaluation?.goalAchieved?.value == "已完成。")
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.map(\.actual) == ["52100人", "基本改善", "93%"] && leaves.map(\.score) == [50, 28, 10])
    }

    /// A table titled 自评表 whose actual and score columns are still not recognised is not read as a target
    /// table (which would drop them): refused at the title.
    @Test func aSelfEvaluationReadAsATargetTableIsRefused() {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[10] = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "完成情况", "分数", "评分", "偏差原因分析及改进措施"]
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!A1: error[GK507]") && T.messages(r).contains("自评表"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }
}

extension ImportPublishedLayoutTests {
    // MARK: 部门整体支出绩效自评表

    /// The department-wide self-evaluation as the national template lays it out: 部门（单位）名称, the funding
    /// block with 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 and the money by 收入性质 and 支出性质,
    /// 预期目标 | 实际完成情况, the indicator block, 总分; a 公开属性 column withholding one row.
    static let departmentSelfEvaluation: [[String]] = [
        ["部门整体支出绩效自评表"],
        ["（2025年度）"],
        ["部门（单位）名称", "测试市教育局"],
        ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "5000", "5200", "5096", "10", "98%", "9.8"],
        ["", "按收入性质分", "", "", "按支出性质分"],
        ["", "其中：一般公共预算", "5000", "", "其中：基本支出", "3000"],
        ["", "政府性基金", "200", "", "项目支出", "2200"],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        ["", "保障全市教育事业运转。", "", "", "已完成全年任务。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "公开属性"],
        ["", "产出指标", "数量指标", "资助学生人数", "≥5000人", "5100人", "50", "50", "", "主动公开"],
        ["", "效益指标", "社会效益指标", "义务教育巩固率", "≥99%", "99.5%", "30", "30", "", "涉密"],
        ["", "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "92%", "10", "10", "", "主动公开"],
        ["总分", "", "", "", "", "", "100", "99.8"],
        ["存在问题", "个别学校资助发放不及时"],
    ]

    /// Refused before (GK507: “这是部门（单位）整体支出绩效表 … 未导入”): the department's self-evaluation had
    /// to be typed into content/departments by hand. Now written there, withheld row withheld, the money by 收入性质
    /// and 支出性质 read as the sources' 全年预算数 and the uses (the total's 年初预算数 and 全年执行数, not split by
    /// source, named).
    @Test func aDepartmentWideSelfEvaluationIsImported() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.departmentSelfEvaluation))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(T.messages(r).contains("t.xlsx:Sheet1!B5: warning[GK510]") && T.messages(r).contains("资金"), "\(T.messages(r))")
        let text = try #require(fs.text("content/departments/2025/JYJ.md"))
        #expect(!text.contains("code:"), "\(text)")
        var d = DiagnosticList()
        let department = try #require(DepartmentPerformanceLoader.load(text: text, file: "x.md", diagnostics: &d))
        #expect(!d.hasErrors, "\(d.items)")
        #expect(department.departmentCode == "JYJ" && department.year == 2025)
        #expect(department.funding?.lines.map(\.source) == ["一般公共预算", "政府性基金"] && department.funding?.lines.map(\.budget) == [5000, 200])
        #expect(department.funding?.uses.map(\.item) == ["基本支出", "项目支出"] && department.funding?.uses.map(\.amount) == [3000, 2200])
        #expect(department.selfEvaluation?.executionWeight == 10 && department.selfEvaluation?.executionScore == Decimal(string: "9.8"))
        #expect(department.selfEvaluation?.totalScore == Decimal(string: "99.8") && department.selfEvaluation?.goalAchieved?.value == "已完成全年任务。")
        #expect(department.selfEvaluation?.problems?.value == "个别学校资助发放不及时")
        let leaves = Discloser.leaves(department.targets!.indicators)
        #expect(leaves.map(\.disclosure.level) == [.public, .classified, .public])
        // Built, the withheld row reaches no output.
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.diagnostics.contains { $0.location.file.contains("departments/2025/JYJ") && $0.severity == .error }, "\(report.rendered)")
        let files = try fs.listFiles(under: "public")
        #expect(!files.isEmpty && files.allSatisfy { !(fs.text(joinPath("public", $0)) ?? "").contains("义务教育巩固率") })
    }

    /// The department's file exists: merged with --force (its levels kept), refused without it; a 涉密
    /// row the sheet leaves without a level stays 涉密. --code names a project, not a department: refused.
    @Test func aDepartmentWideTableMergesIntoTheDepartmentsFile() throws {
        var grid = Self.departmentSelfEvaluation
        for i in 10..<14 { grid[i] = Array(grid[i].prefix(9)) }
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.departmentSelfEvaluation), "u.xlsx": ImportTests.xlsx(grid)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"])).succeeded)
        let again = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["u.xlsx"]))
        #expect(again.diagnostics.map(\.code) == [.importExists] || again.diagnostics.contains { $0.code == .importExists }, "\(T.messages(again))")
        let forced = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["u.xlsx"], force: true))
        #expect(forced.succeeded, "\(T.messages(forced))")
        var d = DiagnosticList()
        let department = try #require(DepartmentPerformanceLoader.load(text: fs.text("content/departments/2025/JYJ.md")!, file: "x.md", diagnostics: &d))
        #expect(Discloser.leaves(department.targets!.indicators).map(\.disclosure.level) == [.public, .classified, .public])
        let coded = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true, code: "X-1"))
        #expect(!coded.succeeded && T.messages(coded).contains("--code"), "\(T.messages(coded))")
    }
}

extension ImportPublishedLayoutTests {
    /// A department file states its money (`funding`); the national table, which splits it by 收入性质 and 支出性质,
    /// is merged into it with --force: its sources and uses replace the file's (the total's 年度资金总额 年初预算数 and
    /// 全年执行数, not split by source, are named, GK510), and the file's tasks, which this table does not list, are kept.
    @Test func aDepartmentsMoneyIsReadWhenTheNationalTableIsMerged() throws {
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(Self.departmentSelfEvaluation)])
        let funding = "funding:\n  unit: 万元\n  lines:\n    - {source: 财政拨款, initial: 5000, budget: 5200, spent: 5096}\n"
        let tasks = "tasks:\n  - {name: 教育督导, amount: 20, disclosure: 涉密}\n"
        try fs.write(Data("---\ndepartment: JYJ\nyear: 2025\n\(funding)\(tasks)---\n".utf8), to: "content/departments/2025/JYJ.md")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], force: true))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(T.messages(r).contains("warning[GK510]") && T.messages(r).contains("收入性质"), "\(T.messages(r))")
        var d = DiagnosticList()
        let department = try #require(DepartmentPerformanceLoader.load(text: fs.text("content/departments/2025/JYJ.md")!, file: "x.md", diagnostics: &d))
        #expect(department.funding?.lines.map(\.source) == ["一般公共预算", "政府性基金"] && department.funding?.lines.map(\.budget) == [5000, 200],
                "\(fs.text("content/departments/2025/JYJ.md")!)")
        #expect(department.selfEvaluation?.executionScore == Decimal(string: "9.8"))
        // The task list, which this table does not carry, is kept as the file had it, its level included.
        #expect(department.tasks.map(\.name) == ["教育督导"] && department.tasks.first?.disclosure.level == .classified)
    }

    /// Export → Excel → import for department-wide files: every department file of the example site comes
    /// back the same in both layouts (levels included), as projects do. Export refused them before (a
    /// department file is no project file).
    @Test(arguments: [ProjectExport.Layout.targets, .selfEvaluation])
    func departmentFilesRoundTrip(layout: ProjectExport.Layout) throws {
        let disk = DiskFileSystem()
        let folder = joinPath(repositoryRoot, "content/departments")
        var roundTrips = 0
        for relative in try disk.listFiles(under: folder) {
            let path = joinPath(folder, relative)
            let (exported, problems) = ProjectExport.run(siteRoot: repositoryRoot, projectFile: path, layout: layout)
            let csv = try #require(exported, "\(relative): \(problems)")
            // `export --output` replaces only a file it wrote: it must know its own department tables.
            #expect(TableExporter.wrote(csv), "\(relative) \(layout)")
            let fs = MemoryFileSystem()
            try fs.write(disk.read(joinPath(repositoryRoot, OrganisationLoader.fileName)), to: OrganisationLoader.fileName)
            try fs.write(csv, to: "a.csv")
            let first = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["a.csv"]))
            #expect(first.succeeded, "\(relative) \(layout): \(first.diagnostics)")
            guard let written = first.files.first else { continue }
            #expect(written.path.hasPrefix("content/departments/"), "\(written.path)")
            try fs.write(Data(written.text.utf8), to: written.path)
            let (again, _) = ProjectExport.run(siteRoot: ".", projectFile: written.path, layout: layout, fileSystem: fs)
            #expect(again == csv, "\(relative) \(layout) changed in a round trip:\n\(String(decoding: csv, as: UTF8.self))\n---\n\(String(decoding: again ?? Data(), as: UTF8.self))")
            roundTrips += 1
        }
        #expect(roundTrips >= 2, "only \(roundTrips) round trips")
    }
}

extension ImportPublishedLayoutTests {
    // MARK: 绩效运行监控表 → a monitoring checkpoint

    /// The 财预〔2019〕136号 monitoring table as a clerk fills it: 年初预算数 | 1-7月执行数 | 1-7月执行率 |
    /// 全年预计执行数, 全年预期目标 | 1-7月实际完成情况 | 全年预计完成情况 | 改进措施, the indicator block.
    static func monitoringTable(rate: String = "52%", progress: String = "春季学期补助全部拨付") -> [[String]] {
        [
            ["项目支出绩效目标执行监控表"],
            ["（2025年度）"],
            ["项目编号", "JYJ-2025-009"],
            ["项目名称", "学生营养餐改善"],
            ["主管部门", "测试市教育局"],
            ["项目资金（万元）", "", "年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"],
            ["", "年度资金总额", "1000", "520", rate, "980"],
            ["年度总体目标", "全年预期目标", "", "1-7月实际完成情况", "", "全年预计完成情况", "改进措施"],
            ["", "保障营养餐", "", progress, "", "全年完成", "加快秋季学期拨付"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月实际完成值", "全年预计完成值", "偏差原因分析", "完成目标可能性"],
            ["", "产出指标", "数量指标", "受益学生人数", "≥52000人", "52100人", "52100人", "", "确定能"],
        ]
    }

    static func siteWithProject(monitoring: String = "") throws -> MemoryFileSystem {
        let fs = ImportTests.site(["目标表.xlsx": ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges)])
        #expect(SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["目标表.xlsx"])).succeeded)
        if !monitoring.isEmpty {
            let path = "content/projects/2025/JYJ-2025-009.md"
            let text = try #require(fs.text(path))
            fs.write(text.replacingOccurrences(of: "\n---\n", with: "\n" + monitoring + "\n---\n"), to: path)
        }
        return fs
    }

    /// The checkpoint of the sheet's month is added beside the file's others, in the order of the year; the
    /// rest of the file is untouched.
    @Test func aMonitoringTableAddsItsCheckpoint() throws {
        let fs = try Self.siteWithProject(monitoring: "monitoring:\n  - {date: 2025-05-31, planned_rate: 40%, actual_rate: 41.2%, progress: 春季开学}\n  - {date: 2025-09-30, actual_rate: 75%}")
        let before = try T.project(fs)
        try fs.write(ImportTests.xlsx(Self.monitoringTable()), to: "m.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["m.xlsx"]))
        #expect(r.succeeded, "\(T.messages(r))")
        let after = try T.project(fs)
        #expect(after.monitoring.map { $0.date?.month } == [5, 7, 9])
        #expect(after.monitoring.map(\.actualRate) == [Decimal(string: "41.2"), 52, 75] && after.monitoring[0].plannedRate == 40)
        #expect(after.monitoring[1].progress?.value == "春季学期补助全部拨付" && after.monitoring[1].measures?.value == "加快秋季学期拨付")
        #expect(after.targets?.goal?.value == before.targets?.goal?.value && after.funding?.lines.map(\.budget) == before.funding?.lines.map(\.budget))
    }

    /// A checkpoint of the same month is replaced only with --force, keeping its levels: a 涉密 progress in
    /// the file stays 涉密 (the table has no 公开属性). A rate that is not 执行数 ÷ 预算数 is named at its cell.
    @Test func aMonitoringTableReplacesItsMonthOnlyWithForceAndKeepsLevels() throws {
        let fs = try Self.siteWithProject(monitoring: "monitoring:\n  - date: 2025-07\n    actual_rate: 50%\n    progress:\n      value: 旧的进展说明\n      disclosure: 涉密")
        try fs.write(ImportTests.xlsx(Self.monitoringTable(progress: "秋季学期补助已拨付一半")), to: "m.xlsx")
        let refused = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["m.xlsx"]))
        #expect(!refused.succeeded && T.messages(refused).contains("error[GK506]") && T.messages(refused).contains("--force"), "\(T.messages(refused))")
        let forced = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["m.xlsx"], force: true))
        #expect(forced.succeeded, "\(T.messages(forced))")
        let checkpoint = try #require(try T.project(fs).monitoring.first)
        #expect(checkpoint.progress?.value == "秋季学期补助已拨付一半" && checkpoint.progress?.disclosure.level == .classified)
        #expect(checkpoint.actualRate == 52)
        try fs.write(ImportTests.xlsx(Self.monitoringTable(rate: "62%")), to: "w.xlsx")
        let wrong = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["w.xlsx"], force: true))
        #expect(!wrong.succeeded && T.messages(wrong).contains("w.xlsx:Sheet1!E7: error[GK503]"), "\(T.messages(wrong))")
    }
}

extension ImportPublishedLayoutTests {
    /// A withheld text of the file (a 涉密 progress of May) pasted into July's progress in the sheet would be
    /// published with July's checkpoint: refused, without quoting it.
    @Test func aWithheldTextPastedIntoTheProgressIsRefused() throws {
        let secret = "五月进展涉及内部调度安排不宜公开"
        let fs = try Self.siteWithProject(monitoring: "monitoring:\n  - date: 2025-05\n    progress:\n      value: \(secret)\n      disclosure: 涉密")
        try fs.write(ImportTests.xlsx(Self.monitoringTable(progress: secret)), to: "m.xlsx")
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["m.xlsx"]))
        #expect(!r.succeeded && T.messages(r).contains("error[GK508]") && !T.messages(r).contains(secret), "\(T.messages(r))")
        #expect(try T.project(fs).monitoring.count == 1)
    }
}

extension ImportPublishedLayoutTests {
    /// A year typed with a Chinese input method in full-width digits — `（２０２５年度）` in the title, or
    /// `预算年度 | ２０２５年` — was not found (`表中没有预算年度`), though every amount in full-width digits was read.
    @Test(arguments: [(1, ["（２０２５年度）"]), (2, ["预算年度", "２０２５年"])])
    func aYearInFullWidthDigitsIsRead(_ row: Int, _ cells: [String]) throws {
        var grid = ImportTests.targetGrid
        grid[1] = []
        grid[row] = cells
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(try T.project(fs).year == 2025)
    }
}

extension ImportPublishedLayoutTests {
    /// A workbook of projects, one a sheet: a sheet whose indicator header was not recognised (具体指标 for
    /// 三级指标) was skipped without a word while the others imported — a project missing from the site.
    @Test func aProjectSheetWhoseHeaderIsNotRecognisedIsNamed() {
        var other = ImportTests.targetGrid
        other[3][1] = "JYJ-2025-010"
        other[10][3] = "具体指标"
        let data = ImportLayoutTests.workbook([("项目一", ImportTests.targetGrid, []), ("项目二", other, [])])
        let (r, fs) = T.run(data)
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:项目二!A11: error[GK507]") && T.messages(r).contains("项目二"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }

    /// County templates name two levels and the indicator itself: 一级指标 | 二级指标 | 指标内容 | 指标值.
    @Test func anIndicatorContentColumnIsTheThirdLevel() throws {
        var grid = ImportTests.targetGrid
        grid[10][3] = "指标内容"
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(Discloser.leaves(try T.project(fs).targets!.indicators).map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
    }
}

extension ImportPublishedLayoutTests {
    /// The Sichuan export writes the system's project code before the name (`51000021R000000019951-工资性支出`)
    /// and has no 项目编号 row: refused for want of a code, and with --code the name kept the code in it.
    @Test func aSystemCodeBeforeTheNameIsTheCode() throws {
        var grid = Self.sichuan
        grid[2][1] = "51000021R000000019951-工资性支出"
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs, "content/projects/2025/51000021R000000019951.md")
        #expect(project.name == "工资性支出" && project.code == "51000021R000000019951")
        // A name that merely starts with a year or a short number is a name.
        grid[2][1] = "2025-校舍维修"
        let fs2 = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let named = SpreadsheetImport(fileSystem: fs2).run(ImportOptions(files: ["t.xlsx"], code: "X-1"))
        #expect(named.succeeded, "\(T.messages(named))")
        #expect(try T.project(fs2, "content/projects/2025/X-1.md").name == "2025-校舍维修")
    }
}

extension ImportPublishedLayoutTests {
    /// 财政拨款 with its breakdown by level of government right below it (其中：中央补助 | 省级补助 | 市级资金),
    /// as county tables write it: each was imported as a source of its own, the budget doubled, and the
    /// table refused (GK503 950 ≠ 500) though it was right. A breakdown that adds up is named, not imported.
    @Test func aSourceBrokenDownByLevelOfGovernmentIsOneSource() throws {
        var grid = ImportTests.targetGrid
        grid[6][2] = "500"
        grid[7] = ["", "其中：财政拨款", "450"]
        grid.insert(["", "其中：中央补助", "300"], at: 8)
        grid.insert(["", "省级补助", "100"], at: 9)
        grid.insert(["", "市级资金", "50"], at: 10)
        let (r, fs) = T.run(ImportTests.xlsx(grid))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(T.messages(r).contains("t.xlsx:Sheet1!B9: warning[GK510]") && T.messages(r).contains("中央补助、省级补助、市级资金"), "\(T.messages(r))")
        let project = try T.project(fs)
        #expect(project.funding?.lines.map(\.source) == ["财政拨款", "其他资金"] && project.funding?.lines.map(\.budget) == [450, 50])
        // A breakdown that does not add up is not one: the rows stay sources, and the total names the difference.
        grid[9][2] = "90"
        let (wrong, _) = T.run(ImportTests.xlsx(grid))
        #expect(!wrong.succeeded && T.messages(wrong).contains("t.xlsx:Sheet1!C7: error[GK503]"), "\(T.messages(wrong))")
    }
}

extension ImportPublishedLayoutTests {
    /// A passage above the indicator block that nothing reads (the Sichuan export's 项目实施内容及过程概述)
    /// was left out with only `--explain` saying “未使用”: named at its cell. Titles and short lines stay quiet.
    @Test func anUnreadPassageAboveTheTableIsNamed() {
        var grid = Self.sichuan
        grid.insert(["", "2.项目实施内容及过程概述", "", "", "", "", "按月核定工资并通过国库集中支付足额发放，社保按时缴纳，全年未发生拖欠。"], at: 8)
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"], code: "JYJ-2025-077"))
        #expect(r.succeeded, "\(T.messages(r))")
        let named = r.diagnostics.filter { $0.code == .importIgnored && $0.location.cell?.hasPrefix("Sheet1!") == true && $0.location.line == 9 }
        #expect(named.map(\.location.cell) == ["Sheet1!G9"], "\(T.messages(r))")
        #expect(!r.diagnostics.contains { $0.location.line < 8 && $0.code == .importIgnored }, "\(T.messages(r))")
    }
}

extension ImportPublishedLayoutTests {
    /// A merged 一级 cell written vertically (`产\n出\n指\n标`, one character a line, as tables converted from
    /// Word show it) or spaced out (`效 益 指 标`) was written to the project file and published so, a group
    /// named `产\n出\n指\n标` beside the frame's 产出指标 (and, merged into a file, a group of another name).
    @Test func aVerticallyWrittenGroupNameIsTheName() throws {
        var grid = ImportTests.targetGrid
        grid[11][1] = "产\n出\n指\n标"
        grid[11][2] = "数量 指标"
        grid[14][1] = "效 果 指 标"
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs)
        #expect(project.targets!.indicators.map(\.name) == ["产出指标", "效果指标", "满意度指标"])
        #expect(project.targets!.indicators[0].children.map(\.name) == ["数量指标", "质量指标"])
        // Space between Latin words or digits is the name's own.
        #expect(Labels.groupName("PM2.5 浓度指标") == "PM2.5 浓度指标" && Labels.groupName(" 社会 效益\n指标 ") == "社会效益指标")
    }
}

extension ImportPublishedLayoutTests {
    /// A clerk marks a sheet withheld by its tab: `学生营养餐（涉密）`. The name was never looked at, and the
    /// project was imported — and built — as public. The name's level is now the project's floor.
    @Test func aLevelInTheSheetNameIsTheProjectsFloor() throws {
        let (r, fs) = T.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, sheetName: "学生营养餐（涉密）"))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs)
        #expect(project.disclosure.level == .classified)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let files = try fs.listFiles(under: "public")
        #expect(!files.isEmpty && files.allSatisfy { !(fs.text(joinPath("public", $0)) ?? "").contains("学生营养餐改善") })
        // 依申请公开 in the name: on request. A 项目公开属性 cell stating less is overruled, with a warning.
        let (onRequest, fs2) = T.run(ImportTests.xlsx(ImportTests.targetGrid, sheetName: "依申请公开-营养餐"))
        #expect(onRequest.succeeded, "\(T.messages(onRequest))")
        #expect(try T.project(fs2).disclosure.level == .onRequest)
        var stated = ImportTests.targetGrid
        stated.insert(["项目公开属性", "主动公开"], at: 5)
        let (overruled, fs3) = T.run(ImportTests.xlsx(stated, sheetName: "营养餐（不予公开）"))
        #expect(overruled.succeeded, "\(T.messages(overruled))")
        #expect(try T.project(fs3).disclosure.level == .classified)
        #expect(T.messages(overruled).contains("t.xlsx:营养餐（不予公开）!B6: warning[GK508]"), "\(T.messages(overruled))")
    }

    /// The uses sheet of a workbook named 涉密 withholds the uses.
    @Test func aUsesSheetNamedWithheldWithholdsItsUses() throws {
        let uses = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>资金用途</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>金额</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>食材采购</t></is></c><c r=\"B2\"><v>1000</v></c></row>"
        let (r, fs) = T.run(ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, moreSheets: [("资金用途（涉密）", "", uses)]))
        #expect(r.succeeded, "\(T.messages(r))")
        let project = try T.project(fs)
        #expect(project.funding?.uses.map(\.disclosure.level) == [.classified])
        #expect(project.disclosure.level == .public)
    }
}

extension ImportPublishedLayoutTests {
    /// A CSV has no sheet name: the file's (`学生资助（涉密）.csv`) is the name the clerk gave the table.
    @Test func aLevelInACSVFilesNameIsTheProjectsFloor() throws {
        let csv = "项目支出绩效目标表\n（2025年度）\n项目编号,JYJ-2025-009\n项目名称,学生资助\n主管部门,测试市教育局\n项目资金（万元）,年度资金总额,10\n,财政拨款,10\n年度总体目标,完成\n绩效指标,一级指标,二级指标,三级指标,指标值\n,产出指标,数量指标,人数,≥10人\n"
        let (r, fs) = T.run(Data(csv.utf8), file: "学生资助（涉密）.csv")
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(try T.project(fs).disclosure.level == .classified)
    }
}

extension ImportPublishedLayoutTests {
    /// A level written inside a target or an actual value (`≥5台（涉密）`, `机密★ 3台`): imported as the public
    /// target `≥5台（涉密）` and built onto the site (the loader names such marks in names and text fields
    /// only). Refused at the cell.
    @Test(arguments: [(11, 4, "≥142所（涉密）", "E12"), (13, 4, "机密★ ≥98%", "E14")])
    func aLevelInsideATargetIsRefused(_ row: Int, _ column: Int, _ value: String, _ cell: String) {
        var grid = ImportTests.targetGrid
        grid[row][column] = value
        let (r, fs) = T.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges))
        #expect(!r.succeeded)
        #expect(T.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK508]"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
        var self_ = ImportExcelHabitTests.selfEvaluation
        self_[11][5] = "52100人（内部）"
        let (actual, _) = T.run(ImportTests.xlsx(self_))
        #expect(!actual.succeeded && T.messages(actual).contains("t.xlsx:Sheet1!F12: error[GK508]"), "\(T.messages(actual))")
    }
}
