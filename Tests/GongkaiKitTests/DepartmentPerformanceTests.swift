import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// 部门整体绩效: a department's department-wide target and self-evaluation, in
/// `content/departments/<year>/<code>.md`, checked, disclosed and published apart from projects.
@Suite("Department-wide performance")
struct DepartmentPerformanceTests {
    static let path = "content/departments/2025/JYJ.md"
    static let file = """
    ---
    department: JYJ
    year: 2025
    targets:
      published: 2025-02-20
      goal: 全面完成年度教育发展任务。
      indicators:
        - name: 共性指标
          weight: 40
          children:
            - name: 预算管理
              children:
                - {name: 结转结余率, target: ≤5%, actual: 3%, weight: 40, score: 40}
        - name: 个性指标
          weight: 50
          children:
            - name: 履职效能
              children:
                - {name: 义务教育巩固率, target: ≥99%, actual: 99.2%, weight: 50, score: 48}
    self_evaluation:
      published: 2026-04-10
      execution_score: 9
      total_score: 97
      grade: 优
    ---
    部门整体绩效说明。
    """

    func site(_ edits: [(String, String)] = [], path: String = Self.path) -> SiteFixture {
        var site = SiteFixture()
        var text = Self.file
        for (old, new) in edits { text = text.replacingOccurrences(of: old, with: new) }
        site[path] = text
        return site
    }

    func position(of needle: String, in text: String) -> (Int, Int) {
        guard let r = text.range(of: needle) else { return (0, 0) }
        let before = text[..<r.lowerBound]
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (before.filter { $0 == "\n" }.count + 1, text.distance(from: lineStart, to: r.lowerBound) + 1)
    }

    /// As a project's: a self-evaluation dated within its own year, or targets dated before the budget was
    /// approved, is a mistyped (copied) date that counted as published on time.
    @Test func publishDatesThatCannotBeAreNamed() {
        var site = site([("  published: 2026-04-10", "  published: 2025-04-10"), ("  published: 2025-02-20", "  published: 2024-02-20")])
        site["gongkai.yaml"]! += "\nyears:\n  2025: {budget_approved: 2025-02-05, accounts_approved: 2026-04-05}\n"
        let report = site.check()
        let early = report.diagnostics.filter { $0.code == .publishedAfterReferenceDay && $0.location.file == Self.path }
        #expect(early.count == 2 && early.allSatisfy { $0.severity == .warning }, "\(report.rendered)")
    }

    @Test func itIsPublishedOnItsOwnPageAndCountedApartFromProjects() throws {
        let (report, fs) = site().build()
        #expect(report.succeeded && report.diagnostics.isEmpty, "\(report.rendered)")
        let page = try #require(fs.text("public/departments/jyj/2025/index.html"))
        #expect(page.contains("测试市教育局2025年度部门整体绩效") && page.contains("部门整体绩效目标") && page.contains("部门整体绩效自评表"))
        #expect(page.contains("义务教育巩固率") && page.contains("97") && page.contains("部门整体绩效说明。"))
        #expect(!page.contains("项目编号"))
        let department = try #require(fs.text("public/departments/jyj/index.html"))
        #expect(department.contains("href=\"../../departments/jyj/2025/\"") || department.contains("2025/\">测试市教育局</a>"))
        let year = try #require(fs.text("public/years/2025/index.html"))
        #expect(year.contains("本年度公开项目 1 个") && year.contains("另公开部门整体绩效 1 个"))
        let grades = try #require(fs.text("public/grades/2025/index.html"))
        #expect(grades.contains("2025年度部门整体绩效自评等级分布") && grades.contains("<td>测试市教育局</td>"))
        let you = try #require(fs.text("public/grades/2025/you/index.html"))
        #expect(you.contains("部门整体绩效自评为“优”的部门"))
        #expect(try #require(fs.text("public/feed.xml")).contains("测试市教育局2025年度部门整体绩效"))
        #expect(try #require(fs.text("public/sitemap.xml")).contains("departments/jyj/2025/"))
        let json = try #require(fs.text("public/data/departments/2025/jyj.json"))
        #expect(json.contains("\"total_score\" : 97") && json.contains("departments/jyj/2025/"))
    }

    /// 年度资金 — the department's money (年度资金总额 by source, as the 部门整体支出绩效目标表 states it) in a project's
    /// `funding` shape: shown on its page and in its JSON, a withheld line left out of both, its 合计 and uses checked, and
    /// the self-evaluation's execution score checked against it, as a project's is.
    static let funding = """
    funding:
      unit: 万元
      lines:
        - {source: 财政拨款, initial: 3000, budget: 3200, spent: 2880}
        - {source: 部门自筹资金, budget: 50, spent: 45, disclosure: 涉密}
      uses:
        - {item: 人员和公用经费, amount: 2600}
    targets:
    """

    @Test func itsMoneyIsPublishedAndChecked() throws {
        let (report, fs) = site([("targets:\n", Self.funding + "\n")]).build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.severity == .error }, "\(report.rendered)")
        let page = try #require(fs.text("public/departments/jyj/2025/index.html"))
        #expect(page.contains("部门年度资金") && page.contains("财政拨款") && page.contains("3,200") && page.contains("2,880"), "\(page)")
        #expect(page.contains("本项目部分内容不予公开"))
        let json = try #require(fs.text("public/data/departments/2025/jyj.json"))
        #expect(json.contains("财政拨款"), "\(json)")
        #expect(!fs.outputTexts().values.contains { $0.contains("部门自筹资金") })
        // The uses are shown beside public lines; beside a withheld one (`inference: withhold_totals`, the default) they
        // would give its budget away, as for a project.
        #expect(!page.contains("人员和公用经费"))
        let (open, openFS) = site([("targets:\n", Self.funding.replacingOccurrences(of: ", disclosure: 涉密", with: "") + "\n")]).build()
        #expect(open.succeeded, "\(open.rendered)")
        #expect(try #require(openFS.text("public/departments/jyj/2025/index.html")).contains("人员和公用经费"))
        #expect(try #require(openFS.text("public/data/departments/2025/jyj.json")).contains("人员和公用经费"))

        // The execution score is weight × 全年执行数 ÷ 全年预算数 over every line, the withheld one included.
        let off = site([("targets:\n", Self.funding.replacingOccurrences(of: "spent: 2880", with: "spent: 2600") + "\n")]).check()
        let mismatch = try #require(off.first(.executionScoreMismatch), "\(off.rendered)")
        #expect(mismatch.location.file == Self.path)
        // Uses above the budget, as for a project.
        let over = site([("targets:\n", Self.funding.replacingOccurrences(of: "amount: 2600", with: "amount: 3600") + "\n")]).check()
        #expect(over.first(.usesExceedBudget)?.location.file == Self.path, "\(over.rendered)")
    }

    /// 年度主要任务: the department's tasks of the year with what they cover and their money, on its page (in the
    /// funding's unit), in its JSON and its search record; a withheld task in none of them; more money than the budget
    /// an error at the first task.
    @Test func itsTasksArePublishedAndChecked() throws {
        let tasks = "tasks:\n  - {name: 义务教育均衡发展, content: 改善薄弱学校办学条件, amount: 1800}\n  - {name: 教师队伍建设, amount: 600}\n"
            // Without an amount: beside one, the public tasks' amounts would give it away and go (WithheldTaskInferenceTests).
            + "  - {name: 秘密任务名称甲, content: 秘密任务内容乙, disclosure: 涉密}\n"
        // No withheld funding line here: beside one, the tasks' amounts would give its budget away and go.
        let funding = Self.funding.replacingOccurrences(of: "    - {source: 部门自筹资金, budget: 50, spent: 45, disclosure: 涉密}\n", with: "")
        #expect(funding != Self.funding)
        let (report, fs) = site([("targets:\n", funding + "\n"), ("year: 2025\n", "year: 2025\n" + tasks)]).build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.severity == .error }, "\(report.rendered)")
        let page = try #require(fs.text("public/departments/jyj/2025/index.html"))
        #expect(page.contains("年度主要任务（金额单位：万元）") && page.contains("<th scope=\"row\">义务教育均衡发展</th><td>改善薄弱学校办学条件</td><td class=\"num\">1,800.00</td>"),
                "\(page)")
        #expect(page.contains("<th scope=\"row\">教师队伍建设</th><td></td><td class=\"num\">600.00</td>"))
        let json = try #require(fs.text("public/data/departments/2025/jyj.json"))
        #expect(json.contains("\"tasks\"") && json.contains("改善薄弱学校办学条件") && json.contains("\"amount_unit\" : \"万元\""), "\(json)")
        #expect(fs.outputTexts().contains { $0.key.hasPrefix("search/") && $0.key != "search/index.html" && $0.value.contains("改善薄弱学校办学条件") },
                "the search record holds the tasks")
        #expect(!fs.outputTexts().values.contains { $0.contains("秘密任务名称甲") || $0.contains("秘密任务内容乙") })
        // A project's record has no tasks member.
        #expect(fs.outputTexts().filter { $0.key.hasPrefix("data/projects/") && $0.key.hasSuffix(".json") }.allSatisfy { !$0.value.contains("\"tasks\"") })

        let over = site([("targets:\n", funding + "\n"), ("year: 2025\n", "year: 2025\n" + tasks.replacingOccurrences(of: "amount: 600", with: "amount: 6000"))]).check()
        let error = try #require(over.first(.usesExceedBudget), "\(over.rendered)")
        #expect(error.location.file == Self.path && error.message.contains("年度主要任务"), "\(error)")
    }

    /// A task without its name is one error, at the task: not also its other fields called unknown.
    @Test func aTaskWithoutItsNameIsOneError() {
        let report = site([("year: 2025\n", "year: 2025\ntasks:\n  - {content: 改善办学条件, amount: 10, disclosure: 涉密}\n")]).check()
        #expect(report.diagnostics.map(\.code) == [.missingField], "\(report.rendered)")
        #expect(report.first(.missingField)?.location.file == Self.path)
    }

    @Test func itsArithmeticIsCheckedWithPositions() {
        let edits = [("total_score: 97", "total_score: 96")]
        let report = site(edits).check()
        #expect(report.diagnostics.map(\.code) == [.totalScoreMismatch], "\(report.rendered)")
        let d = report.first(.totalScoreMismatch)!
        #expect(d.location.file == Self.path)
        #expect((d.location.line, d.location.column) == position(of: "96", in: site(edits)[Self.path]!))
    }

    @Test func anUnknownDepartmentIsAnError() {
        let edits = [("department: JYJ", "department: XXX")]
        let report = site(edits).check()
        #expect(report.diagnostics.map(\.code) == [.unknownReference], "\(report.rendered)")
        #expect(report.first(.unknownReference).map { ($0.location.line, $0.location.column) }! == position(of: "XXX", in: site(edits)[Self.path]!))
    }

    @Test func oneFilePerDepartmentAndYearInItsYearsFolder() {
        var twice = site()
        twice["content/departments/2025/JYJ-2.md"] = Self.file
        let duplicate = twice.check()
        #expect(duplicate.diagnostics.map(\.code) == [.duplicateCode], "\(duplicate.rendered)")
        #expect(duplicate.first(.duplicateCode)?.location.file == "content/departments/2025/JYJ.md")
        let misplaced = site(path: "content/departments/2024/JYJ.md").check()
        #expect(misplaced.diagnostics.map(\.code) == [.invalidValue], "\(misplaced.rendered)")
        #expect(misplaced.first(.invalidValue)!.message.contains("文件夹 2024"))
    }

    @Test func aWithheldDepartmentWideItemNeverPublishes() throws {
        let (report, fs) = site([("year: 2025\n", "year: 2025\ndisclosure: 涉密\n"), ("全面完成年度教育发展任务。", "部门整体秘文北斗。")]).build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = fs.outputTexts().values.joined()
        #expect(!all.contains("部门整体秘文北斗") && !all.contains("义务教育巩固率"))
        #expect(fs.text("public/departments/jyj/2025/index.html") == nil)

        var partlySite = site([("    - {name: 义务教育巩固率, target: ≥99%, actual: 99.2%, weight: 50, score: 48}",
                                "    - {name: 巩固率秘名南斗, target: ≥99%, actual: 99.2%, weight: 50, score: 48, disclosure: 涉密}")])
        partlySite["gongkai.yaml"]! += "\ninference: warn\n"
        let (partly, partlyFS) = partlySite.build()
        #expect(partly.succeeded, "\(partly.rendered)")
        // The withheld row's score follows from the published total: named, as for a project.
        let inferable = partly.diagnostics.filter { $0.code == .inferableFromTotals }
        #expect(inferable.allSatisfy { $0.location.file == Self.path } && inferable.contains { $0.message.contains("2025年度部门整体绩效（JYJ）不予公开的 1 项指标的得分") },
                "\(partly.rendered)")
        let page = try #require(partlyFS.text("public/departments/jyj/2025/index.html"))
        #expect(!partlyFS.outputTexts().values.joined().contains("巩固率秘名南斗"))
        #expect(page.contains("本项目部分内容不予公开"))
    }

    @Test func itsRequiredItemsAndDeadlinesAreChecked() {
        var late = site([("  published: 2025-02-20", "  published: 2025-03-01")])
        late["gongkai.yaml"]! += "\nyears:\n  2025: {budget_approved: 2025-02-05, accounts_approved: 2026-04-05}\n"
        let report = late.build().0
        let mine = report.diagnostics.filter { $0.location.file == Self.path }
        #expect(mine.map(\.code) == [.publishedLate], "\(report.rendered)")
        #expect(mine.first.map { ($0.location.line, $0.location.column) }! == position(of: "published: 2025-03-01", in: late[Self.path]!))
        #expect(mine.first!.message.contains("部门整体绩效目标于 2025-03-01 公开，晚于公开时限 2025-02-25"))

        var missing = site([("self_evaluation:\n  published: 2026-04-10\n  execution_score: 9\n  total_score: 97\n  grade: 优\n", "")])
        missing["gongkai.yaml"]! += "\nas_of: 2026-06-01\nyears:\n  2025: {budget_approved: 2025-02-05, accounts_approved: 2026-04-05}\n"
        let missingReport = missing.build().0
        let found = missingReport.diagnostics.filter { $0.location.file == Self.path }
        #expect(found.map(\.code) == [.missingResults], "\(missingReport.rendered)")
        #expect(found.first!.message.contains("未公开部门整体绩效自评（应于 2026-04-25 前公开）"))
    }
}

/// 公开时限规则 as data: days after the approval, or a calendar date counted from the fiscal year.
@Suite("Deadline rules")
struct DeadlineRuleTests {
    @Test func rulesAreParsedAndGiveTheirDeadlines() {
        #expect(DeadlineRule(parsing: "20") == .daysAfterApproval(20))
        #expect(DeadlineRule(parsing: "批复后15日") == .daysAfterApproval(15))
        #expect(DeadlineRule(parsing: "次年1月底前") == .calendarDate(yearOffset: 1, month: 1, day: nil))
        #expect(DeadlineRule(parsing: "次年3月31日前") == .calendarDate(yearOffset: 1, month: 3, day: 31))
        #expect(DeadlineRule(parsing: "次年2月") == .calendarDate(yearOffset: 1, month: 2, day: nil))
        #expect(DeadlineRule(parsing: "尽快") == nil && DeadlineRule(parsing: "次年13月底前") == nil)
        var calendar = DisclosureCalendar()
        calendar.rules[.selfEvaluation] = DeadlineRule(parsing: "次年2月底前")
        #expect(calendar.deadline(of: .selfEvaluation, year: 2023) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(calendar.ruleText(of: .selfEvaluation) == "次年2月底前" && calendar.ruleText(of: .targets) == "预算批复后20日")
    }

    /// `次年2月29日前` is accepted, but in a year whose February has 28 days the deadline was no day at all:
    /// the results were never due, and a missing self-evaluation was never reported (GK304).
    @Test func aDayBeyondTheMonthsEndIsItsLastDay() {
        var calendar = DisclosureCalendar()
        calendar.rules[.selfEvaluation] = DeadlineRule(parsing: "次年2月29日前")
        #expect(calendar.deadline(of: .selfEvaluation, year: 2024) == CalendarDate(year: 2025, month: 2, day: 28))
        #expect(calendar.deadline(of: .selfEvaluation, year: 2023) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(calendar.status(of: .selfEvaluation, year: 2024, published: nil) == .missing)
    }

    @Test func aCalendarDeadlineNeedsNoApprovalDate() {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\ncompliance:\n  deadlines: {self_evaluation: 次年1月底前}\n"
        // The fixture's self-evaluation is published 2026-03-20, after 2026-01-31.
        let report = site.check()
        let late = report.diagnostics.filter { $0.code == .publishedLate }
        #expect(late.count == 1 && late[0].message.contains("晚于公开时限 2026-01-31（次年1月底前）"), "\(report.rendered)")

        // A rule for one body applies to that body only.
        for (code, expected) in [("JYJ", 1), ("CZJ", 0)] {
            var perBody = SiteFixture()
            perBody["gongkai.yaml"]! += "\ncompliance:\n  deadlines:\n    departments:\n      \(code): {self_evaluation: 次年1月底前}\n"
            let found = perBody.check().diagnostics.filter { $0.code == .publishedLate }
            #expect(found.count == expected && found.allSatisfy { $0.message.contains("（次年1月底前）") }, "\(code): \(found)")
        }

        var bad = SiteFixture()
        bad["gongkai.yaml"]! += "\ncompliance:\n  deadlines: {targets: 尽快}\n"
        let badReport = bad.check()
        #expect(badReport.diagnostics.map(\.code) == [.invalidValue] && badReport.first(.invalidValue)!.location.file == "gongkai.yaml",
                "\(badReport.rendered)")
    }
}

/// 绩效管理工作考核评分表 as data on the compliance page.
@Suite("Management rubric")
struct ManagementRubricTests {
    static let rubric = """

    compliance:
      rubric:
        items:
          - {item: 组织保障, points: 10, manual: {JYJ: 8}}
          - {item: 绩效目标公开, points: 6, per_missing: 1, measure: targets_published}
          - {item: 运行监控覆盖, points: 4, per_missing: 1.5, measure: monitoring}
          - {item: 自评质量, points: 6}
        bonuses:
          - {item: 媒体报道, each: 1, counts: {JYJ: 5}, cap: 3}
        bonus_cap: 2
    """

    @Test func departmentsAreScoredByTheRubricWithHandEntriesMarked() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += Self.rubric
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/years/2025/compliance/index.html"))
        // 8 (by hand) + 6 (all targets published) + 4 − 1.5 (one project without monitoring) + 0 (not entered) + min(5, 3, 2) = 18.5
        #expect(page.contains("<td class=\"num\">2.5（1项）</td>") && page.contains("<td class=\"num\">未录入</td>"))
        #expect(page.contains("<tfoot><tr><th scope=\"row\">合计</th><td class=\"num\">26</td><td></td><td class=\"num\">18.5</td></tr></tfoot>"))
        #expect(page.contains("按绩效管理工作考核评分表计分"))
    }

    /// A project whose monitoring checkpoints are all withheld was counted as one without monitoring (未开展运行
    /// 监控) and cost its department points, as a withheld target would not: withheld items are exempt.
    @Test func withheldMonitoringIsNoShortfall() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += Self.rubric
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "self_evaluation:",
                  with: "monitoring:\n  - {date: 2025-09-30, planned_rate: 70%, actual_rate: 68%, progress: 保密进度说明, disclosure: 涉密}\nself_evaluation:")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/years/2025/compliance/index.html"))
        // 8 + 6 + 4 (no shortfall) + 0 + 2 = 20
        #expect(!page.contains("2.5（1项）"), "\(page)")
        #expect(page.contains("<tfoot><tr><th scope=\"row\">合计</th><td class=\"num\">26</td><td></td><td class=\"num\">20</td></tr></tfoot>"), "\(page)")
    }

    @Test func anUnknownMeasureIsAnError() {
        var site = SiteFixture()
        site["gongkai.yaml"]! += Self.rubric.replacingOccurrences(of: "measure: monitoring", with: "measure: 监控")
        let report = site.check()
        #expect(report.diagnostics.map(\.code) == [.invalidValue], "\(report.rendered)")
        #expect(report.first(.invalidValue).map { ($0.location.file, $0.message.contains("manual")) }! == ("gongkai.yaml", true))
    }
}
