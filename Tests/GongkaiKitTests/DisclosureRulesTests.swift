import Foundation
import GongkaiCore
import GongkaiDisclosed
import Testing
@testable import GongkaiKit

/// Required items, deadlines, compliance scores, audiences and the internal report.
@Suite("Disclosure rules")
struct DisclosureRulesTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    /// The fixture with approval dates: targets due 2025-02-25, results due 2026-04-25.
    static func site(_ extraConfig: String = "") -> SiteFixture {
        var site = SiteFixture()
        site["gongkai.yaml"]! += """

        years:
          2025: {budget_approved: 2025-02-05, accounts_approved: 2026-04-05}
        \(extraConfig)
        """
        return site
    }

    /// The fixture's blank 财政局 page (GK310) left out, as `SiteFixture.check` leaves it out.
    func codes(_ report: BuildReport) -> [String] {
        SiteFixture.withoutBlankFinanceBureau(report).diagnostics.map { "\($0.severity.rawValue) \($0.code.rawValue)" }
    }

    @Test func everythingOnTimeRaisesNothing() {
        #expect(codes(Self.site().check()) == [])
    }

    @Test func targetsPublishedLate() throws {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-02-26")
        let report = site.check()
        #expect(report.succeeded)
        let d = try #require(report.first(.publishedLate))
        #expect(d.severity == .warning)
        #expect(d.message.contains("2025-02-26") && d.message.contains("2025-02-25"))
        #expect(d.location.line == 15)
    }

    @Test func theDeadlineDayItselfIsOnTime() {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-02-25")
        #expect(codes(site.check()) == [])
    }

    @Test func theDeadlineRuleIsConfigurable() {
        var site = Self.site("compliance: {deadline_days: 10}")
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-02-16")
        #expect(codes(site.check()) == ["warning GK305"])
    }

    @Test func missingTargetsWarnByDefaultAndFailWhenStrict() throws {
        var site = Self.site()
        let targets = try #require(site[Self.project]?.range(of: "targets:")).lowerBound
        let selfEval = try #require(site[Self.project]?.range(of: "self_evaluation:")).lowerBound
        site[Self.project]!.removeSubrange(targets..<selfEval)
        // Without targets the self-evaluation has no indicator scores either (GK306).
        #expect(codes(site.check()) == ["warning GK301", "warning GK306"])
        let strict = Pipeline(fileSystem: site.fileSystem()).run(BuildOptions(siteRoot: ".", outputPath: "public", strict: true))
        #expect(!strict.succeeded)
        #expect(codes(strict) == ["error GK301", "error GK306"])
        var configured = site
        configured["gongkai.yaml"]! += "\ncompliance: {strict: true}"
        #expect(codes(configured.check()) == ["error GK301", "error GK306"])
    }

    @Test func resultsAreNotDueBeforeTheirDeadline() throws {
        var site = Self.site()
        let selfEval = try #require(site[Self.project]?.range(of: "self_evaluation:")).lowerBound
        let end = try #require(site[Self.project]?.range(of: "---\n项目说明")).lowerBound
        site[Self.project]!.removeSubrange(selfEval..<end)
        #expect(codes(site.check()) == ["warning GK304"])
        let early = Pipeline(fileSystem: site.fileSystem())
            .run(BuildOptions(siteRoot: ".", writeOutput: false, asOf: CalendarDate(parsing: "2026-04-25")))
        #expect(codes(early) == [])
        let late = Pipeline(fileSystem: site.fileSystem())
            .run(BuildOptions(siteRoot: ".", writeOutput: false, asOf: CalendarDate(parsing: "2026-04-26")))
        #expect(codes(late) == ["warning GK304"])
        var configured = site
        configured["gongkai.yaml"]! += "\nas_of: 2026-01-01"
        #expect(codes(configured.check()) == [])
    }

    @Test func aGradesAddressDependsOnItsNameOnly() {
        // Numbered by position, 甲等 was grade-1 in one year and 丙等 in the next.
        #expect(GradeSlug.slugs(for: ["甲等", "丙等"]) == ["甲等": "grade-7532-7b49", "丙等": "grade-4e19-7b49"])
        #expect(GradeSlug.slugs(for: ["丙等"])["丙等"] == GradeSlug.slugs(for: ["甲等", "乙等", "丙等"])["丙等"])
        #expect(GradeSlug.slug(for: "优秀") == "youxiu")
    }

    @Test func sourceDateEpochGivesTheReferenceDay() {
        #expect(CalendarDate(unixTime: 0)?.description == "1970-01-01")
        #expect(CalendarDate(unixTime: 1_777_680_000)?.description == "2026-05-02")
        // The day in Beijing: 2026-01-01 07:00 there is 2025-12-31 23:00 UTC.
        #expect(CalendarDate(unixTime: 1_767_222_000)?.description == "2026-01-01")
        #expect(CalendarDate(unixTime: 1_767_196_799)?.description == "2025-12-31")
        // Year 10000 and beyond once trapped; they are refused.
        #expect(CalendarDate(unixTime: 253_402_300_800) == nil && CalendarDate(unixTime: 99_999_999_999_999) == nil)
        #expect(CalendarDate(unixTime: Int.max) == nil && CalendarDate(unixTime: -5)?.description == "1970-01-01")
        #expect(CalendarDate(parsing: "2024-02-28")!.adding(days: 20).description == "2024-03-19")
        #expect(CalendarDate(parsing: "2025-12-20")!.adding(days: 20).description == "2026-01-09")
    }

    @Test func emptySectionsAreReported() {
        var site = Self.site()
        site.edit(Self.project, replacing: "              score: 50\n", with: "")
        #expect(codes(site.check()) == ["warning GK306"])

        var noRows = Self.site()
        noRows.edit(Self.project, replacing: "            - name: 受益学生人数", with: "            - name: 受益学生人数\n              disclosure: 涉密")
        #expect(codes(noRows.check()).contains("warning GK302"))
    }

    @Test func keyEvaluationResultsMustBePublished() {
        var site = Self.site()
        site.edit(Self.project, replacing: "  grade: 差\n", with: "  grade: 差\nevaluations:\n  - kind: 财政重点评价\n    published: 2026-04-20\n")
        #expect(codes(site.check()) == ["warning GK307"])
        var withReport = Self.site()
        withReport.edit(Self.project, replacing: "  grade: 差\n", with: "  grade: 差\nevaluations:\n  - kind: 财政重点评价\n    published: 2026-05-20\n    score: 88\n    report: 评价报告正文。\n")
        #expect(codes(withReport.check()) == ["warning GK305"])
    }

    /// 财政重点绩效评价 (and 重点项目绩效评价) is how many bodies name the key evaluation: read as some other
    /// evaluation, its missing score and report and its late publication were never reported.
    @Test(arguments: ["财政重点绩效评价", "财政重点项目绩效评价", "重点绩效评价"])
    func aKeyEvaluationNamedWithItsFullTitleIsOne(kind: String) {
        var site = Self.site()
        site.edit(Self.project, replacing: "  grade: 差\n", with: "  grade: 差\nevaluations:\n  - kind: \(kind)\n    published: 2026-04-20\n")
        #expect(codes(site.check()) == ["warning GK307"])
        var late = Self.site()
        late.edit(Self.project, replacing: "  grade: 差\n", with: "  grade: 差\nevaluations:\n  - kind: \(kind)\n    published: 2026-05-20\n    score: 88\n    report: 评价报告正文。\n")
        #expect(codes(late.check()) == ["warning GK305"])
    }

    @Test func aPublishDateAfterTheReferenceDayIsNamed() {
        var site = Self.site("as_of: 2026-04-01")
        site.edit("content/pages/zhengce/banfa.md", replacing: "date: 2025-03-01", with: "date: 2099-12-31")
        let report = site.check()
        // The page's typo, and the fixture's self-evaluation published 2026-03-20 is before the day: only the page.
        let future = report.diagnostics.filter { $0.code == .publishedAfterReferenceDay }
        #expect(future.map(\.location.file) == ["content/pages/zhengce/banfa.md"], "\(report.rendered)")
        #expect(future.first?.message.contains("2099-12-31 晚于基准日 2026-04-01") == true)
        // Without a reference day nothing is judged.
        var undated = SiteFixture()
        undated.edit("content/pages/zhengce/banfa.md", replacing: "date: 2025-03-01", with: "date: 2099-12-31")
        #expect(!undated.check().diagnostics.contains { $0.code == .publishedAfterReferenceDay })
    }

    /// A self-evaluation or a key evaluation reports on a year that is over: one published within its own fiscal
    /// year (2025-03-20 for 2025, last year's date copied) is a mistyped date, yet it counted as published on
    /// time and the page showed it. A third-party evaluation may be a mid-year one.
    @Test func resultsPublishedWithinTheirOwnYearAreNamed() {
        var site = Self.site()
        site.edit(Self.project, replacing: "  published: 2026-03-20", with: "  published: 2025-03-20")
        site.edit(Self.project, replacing: "  grade: 差\n", with: "  grade: 差\nevaluations:\n  - {kind: 财政重点评价, published: 2025-12-31, score: 60, report: 报告。}\n  - {kind: 第三方评价, published: 2025-11-30, score: 60, report: 中期评价报告。}\n")
        let report = site.check()
        let early = report.diagnostics.filter { $0.code == .publishedAfterReferenceDay }
        #expect(early.map(\.location.line) == [30, 35], "\(report.rendered)")
        #expect(early.first?.message.contains("2025-03-20") == true && early.first?.message.contains("2025年度") == true, "\(report.rendered)")
        #expect(early.allSatisfy { $0.severity == .warning })
    }

    /// Targets are published once the budget is approved: a publish date before the approval (last year's
    /// 2024-02-18 left in the copied file) is a mistyped date, yet it counted as published on time.
    @Test func targetsPublishedBeforeTheBudgetWasApprovedAreNamed() {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2024-02-18")
        let report = site.check()
        let early = report.diagnostics.filter { $0.code == .publishedAfterReferenceDay }
        #expect(early.map(\.location.line) == [15], "\(report.rendered)")
        #expect(early.first?.message.contains("2025-02-05") == true && early.first?.severity == .warning, "\(report.rendered)")
        // The approval day itself is no mistake.
        var same = Self.site()
        same.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-02-05")
        #expect(codes(same.check()) == [])
    }

    /// A self-evaluation evaluates published targets: one published before them (results 2026-03-20, targets
    /// 2026-04-01, written after the fact or a mistyped date) passed with only the targets' lateness named.
    @Test func aSelfEvaluationPublishedBeforeItsTargetsIsNamed() {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2026-04-01")
        let report = site.check()
        let early = report.diagnostics.filter { $0.code == .publishedAfterReferenceDay }
        #expect(early.map(\.location.line) == [30], "\(report.rendered)")
        #expect(early.first.map { $0.message.contains("2026-03-20") && $0.message.contains("2026-04-01") && $0.severity == .warning } == true,
                "\(report.rendered)")
        // Published the same day is no mistake.
        var same = Self.site()
        same.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2026-03-20")
        #expect(!same.check().diagnostics.contains { $0.code == .publishedAfterReferenceDay })
    }

    @Test func withheldRequiredItemsAreExemptAndReported() throws {
        var site = Self.site("inference: warn")
        site.edit(Self.project, replacing: "targets:\n", with: "targets:\n  disclosure: {level: 涉密, reason: 涉及军事设施, approver: 保密办, approved: 2025-01-10}\n")
        let fs = site.fileSystem()
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", writeOutput: false, reportPath: "internal/report.md"))
        #expect(report.succeeded)
        // Exempt from GK301; but the one classified row's score is the published total minus the execution score.
        #expect(codes(report) == ["warning GK308"])
        let text = try #require(fs.text("internal/report.md"))
        #expect(text.contains("| 绩效目标 | 2025 JYJ-2025-001 学生营养改善计划 | 涉密 | 涉密 | 涉及军事设施 | 保密办 | 2025-01-10 |"))
        #expect(text.contains("## 二、应公开而未公开、逾期公开或内容为空的事项（0 项）"))
    }

    @Test func theInternalReportListsMissingItemsAndIsRefusedInsidePublishedFolders() throws {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-03-01")
        let fs = site.fileSystem()
        let ok = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", reportPath: "../内部报告.md"))
        #expect(ok.succeeded)
        let text = try #require(fs.text("../内部报告.md"))
        #expect(text.contains("逾期公开") && text.contains("2025-02-25") && text.contains("2025-03-01"))
        #expect(fs.outputTexts().values.allSatisfy { !$0.contains("逾期公开") })

        for refused in ["public/report.md", "public", ".public.staging/r.md", "content/pages/report.md", "theme/report.md",
                        "./public/../public/x.md"] {
            let fs = site.fileSystem()
            let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", reportPath: refused))
            #expect(!report.succeeded, "\(refused) was accepted")
            #expect(report.first(.reportPath) != nil)
            #expect(!fs.isFile(refused) && !fs.isFile("public/index.html"))
        }
    }

    @Test func theReportRefusesASymbolicLinkIntoTheOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gk-link-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: joinPath(folder, "public"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: joinPath(folder, "sneaky"), withDestinationPath: joinPath(folder, "public"))
        let output = OutputFolder(fileSystem: DiskFileSystem(), path: joinPath(folder, "public"))
        #expect(throws: PublishedFolders.Refusal.self) {
            try PublishedFolders.refuse(joinPath(folder, "sneaky/report.md"), what: "报告", output: output, siteRoot: folder, theme: "theme")
        }
        #expect(throws: Never.self) {
            try PublishedFolders.refuse(joinPath(folder, "report.md"), what: "报告", output: output, siteRoot: folder, theme: "theme")
        }
    }

    @Test func complianceTableCountsAndScores() throws {
        var site = Self.site()
        site.edit(Self.project, replacing: "published: 2025-02-18", with: "published: 2025-03-01") // targets late
        site["content/projects/2025/JYJ-2025-002.md"] = "---\ncode: JYJ-2025-002\nname: 无目标项目\nyear: 2025\ndepartment: JYJ\n---\n"
        site["content/projects/2025/CZJ-2025-001.md"] = """
        ---
        code: CZJ-2025-001
        name: 涉密目标项目
        year: 2025
        department: CZJ
        targets:
          disclosure: 涉密
          goal: 目标甲乙
          indicators: []
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/years/2025/compliance/index.html"))
        // JYJ: targets 1 of 2 (one late, one missing), results 1 of 2 (the second project has none).
        // score = 50×1/2 + 40×1/2 + 10×(1 on time of 2 published) − 5×2 missing = 25 + 20 + 5 − 10 = 40
        #expect(page.contains("<a href=\"../../../departments/jyj/\">测试市教育局</a></th><td class=\"num\">2</td><td class=\"num\">1/2</td><td class=\"num\">1/2</td><td class=\"num\">1/2</td><td class=\"num\">2</td><td class=\"num\">40</td>"), "\(page)")
        // CZJ: its only required item is withheld (exempt), results missing: 50 + 0 + 10 − 5 = 55.
        #expect(page.contains("测试市财政局</a></th><td class=\"num\">1</td><td class=\"num\">0/0</td><td class=\"num\">0/1</td><td class=\"num\">0/0</td><td class=\"num\">1</td><td class=\"num\">55</td>"), "\(page)")
        #expect(!page.contains("目标甲乙") && !page.contains("涉密"))
    }


    /// Without approval dates targets are still expected (GK301 names a project without them); the
    /// compliance page counted none as required and gave the department full points for them.
    @Test func targetsWithoutApprovalDatesCountOnTheCompliancePage() throws {
        var site = SiteFixture()  // no `years:`
        site["content/projects/2025/JYJ-2025-002.md"] = "---\ncode: JYJ-2025-002\nname: 无目标项目\nyear: 2025\ndepartment: JYJ\n---\n"
        let (report, fs) = site.build()
        #expect(codes(report) == ["warning GK301"], "\(report.rendered)")
        let page = try #require(fs.text("public/years/2025/compliance/index.html"))
        // Targets 1 of 2, results not yet required, the one published on time; 50×1/2 + 40 + 10 − 5×1 = 70.
        #expect(page.contains("测试市教育局</a></th><td class=\"num\">2</td><td class=\"num\">1/2</td><td class=\"num\">0/0</td><td class=\"num\">1/1</td><td class=\"num\">1</td><td class=\"num\">70</td>"), "\(page)")
    }
    @Test func theWithheldNoticeIsConfigurable() throws {
        var site = Self.site("withheld_notice: 部分内容依法不予公开。")
        site.edit(Self.project, replacing: "  goal: 保障学生营养餐供应。", with: "  goal: {value: 秘密目标, disclosure: 涉密}")
        let (_, fs) = site.build()
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("部分内容依法不予公开。"))
        #expect(!page.contains("秘密目标"))
    }

    /// A project whose only withheld item was a funding use (资金用途) showed no 部分内容不予公开 notice,
    /// while a withheld funding line, goal or text showed it: a reader could not tell that the uses shown
    /// were not all of them. (By default the public uses go too, since the budget minus them is the withheld one's
    /// amount: `WithheldUseInferenceTests`; under `inference: warn` they are shown, with the notice.)
    @Test func aWithheldFundingUseAloneShowsTheNotice() throws {
        var site = Self.site("inference: warn")
        site.edit(Self.project, replacing: "      spent: 1198.6\n", with: """
                  spent: 1198.6
              uses:
                - {item: 食材采购, amount: 1000}
                - {item: 保密设备维护, amount: 100, disclosure: 涉密}

            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("食材采购") && !page.contains("保密设备维护"))
        #expect(page.contains(SiteConfig.defaultWithheldNotice), "\(page)")
    }

    // MARK: Audiences

    func disclose<A: FixedAudienceKind>(_ site: SiteFixture, for audience: A.Type) -> DiscloseStage.Result<A> {
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        return DiscloseStage.run(source!, for: audience)
    }

    @Test func limitedItemsReachThePeoplesCongressOnlyWhenTheirScopeSaysSo() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差\n", with: """
          grade: 差
        evaluations:
          - {kind: 财政重点评价, score: 80, report: 限人大报告, disclosure: {level: limited, scope: [人大]}}
          - {kind: 部门评价, score: 81, report: 内部报告, disclosure: limited}
          - {kind: 第三方评价, score: 82, report: 依申请报告, disclosure: on-request}
          - {kind: 第三方评价, score: 83, report: 涉密报告, disclosure: classified}

        """)
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: limited 人大\n限人大段落\n:::\n\n::: limited\n内部段落\n:::")
        let npc = try #require(disclose(site, for: PeoplesCongressAudience.self).site.projects.first)
        #expect(npc.evaluations.map(\.report.text) == ["限人大报告"])
        #expect(npc.narrative.text.contains("限人大段落") && !npc.narrative.text.contains("内部段落"))
        let web = try #require(disclose(site, for: WebsiteAudience.self).site.projects.first)
        #expect(web.evaluations.isEmpty)
        #expect(!web.narrative.text.contains("限人大段落"))
    }

    /// An inner fence narrows, never widens: `::: limited 人大` inside an unscoped `::: limited` (which
    /// reaches no one) or inside `::: limited 上级工会` stays out of the people's congress bundle.
    @Test(arguments: ["::: limited", "::: limited 上级工会", "::: 在一定范围内公开 审计部门"])
    func aNestedLimitedFenceReachesOnlyWhomEveryOpenFenceNames(outer: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: """
        项目说明正文。

        \(outer)
        内部讨论稿甲乙

        ::: limited 人大 上级工会
        岷江一号试点内容
        :::
        :::

        ::: limited 人大
        报人大的段落丙丁
        :::
        """)
        let npc = disclose(site, for: PeoplesCongressAudience.self)
        let text = try #require(npc.site.projects.first).narrative.text
        #expect(!text.contains("岷江一号试点内容") && !text.contains("内部讨论稿甲乙"))
        #expect(text.contains("报人大的段落丙丁"))
        #expect(npc.withheld.contains { $0.texts.contains("岷江一号试点内容") })
        // The circle both fences name does get it.
        if outer.hasSuffix("上级工会") {
            let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
            let circle = DiscloseStage.run(source!, audience: .circle("上级工会"), as: CircleAudience.self)
            #expect(try #require(circle.site.projects.first).narrative.text.contains("岷江一号试点内容"))
        }
    }

    /// `disclosure:` written with no level (or `~`, or the level only in a comment) is an error and withholds.
    @Test(arguments: ["disclosure:", "disclosure: ~", "disclosure: null", "disclosure:   # 涉密"])
    func aDisclosureWrittenWithoutALevelIsAnErrorAndWithholds(line: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: 学籍统计\n              \(line)")
        let report = site.check()
        let error = try #require(report.first(.unknownDisclosureLevel))
        #expect(error.location.file == Self.project && error.message.contains("没有级别"))
        #expect(!report.succeeded)
        let web = disclose(site, for: WebsiteAudience.self)
        #expect(web.site.projects.first?.targets?.indicatorCount == 0)
    }

    /// A comment that names a level withholds nothing: the clerk meant it to, so the build stops (GK123)
    /// at the comment. Texts holding `#` (a quoted name, a report's heading) and comments that only
    /// mention a level in passing are not comments naming one.
    @Test(arguments: [("              basis: 学籍统计  # 涉密", true), ("              # 此项涉密\n              basis: 学籍统计", true),
                      ("              basis: 学籍统计 #disclosure: 秘密", true), ("              basis: 学籍统计　# 密级：机密", true),
                      ("              basis: 学籍统计  # 非涉密，可公开", false), ("              basis: \"学籍 # 涉密\"", false),
                      // A `#` inside a block text is text, not a comment (a line that is only a level, `# 涉密`, is a
                      // level note in the text: aLevelNoteInAPlainTextFieldIsAnErrorAndWithholdsTheField).
                      ("              basis: |\n                # 涉密事项统计口径\n                正文", false),
                      ("              basis: 学籍统计  # 口径：按学年末学籍系统统计，不含内部调动学生", false),
                      ("              basis: 学籍统计#涉密", true), ("              basis: 学籍统计（编号#3）", false), ("              basis: |\n                ＃ 内部控制\n                正文", false)])
    func aLevelInACommentIsAnError(_ lines: String, _ flagged: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: lines)
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        if flagged {
            let error = try #require(errors.first, "\(report.rendered)")
            #expect(errors.count == 1 && error.message.contains("不起作用"), "\(report.rendered)")
            #expect(error.location.line == FailClosedTests.line(of: "#", in: site, file: Self.project), "\(report.rendered)")
        } else {
            #expect(errors.isEmpty, "\(report.rendered)")
        }
    }

    /// Comments naming a level that GK123 missed, and the field was published: a real comment after a
    /// block text's `|` or `>-` (the scanner's text starts at the indicator, so the comment counted as
    /// text), and a `#` that YAML reads as text for the same reason as after a full-width space — a
    /// full-width `＃`, or a `#` after a no-break or em space pasted from a word processor.
    @Test(arguments: ["              basis: |  # 涉密\n                学籍统计", "              basis: >-  # 涉密\n                学籍统计",
                      "              basis: 学籍统计 ＃涉密", "              basis: 学籍统计　＃ 涉密",
                      "              basis: 学籍统计\u{00A0}# 涉密", "              basis: 学籍统计\u{2003}# 涉密"])
    func aLevelInACommentAfterABlockIndicatorOrAnotherSpaceIsAnError(_ lines: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: lines)
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        let error = try #require(errors.first, "\(report.rendered)")
        #expect(errors.count == 1 && (error.message.contains("不起作用")), "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "涉密", in: site, file: Self.project), "\(report.rendered)")
        #expect(!report.succeeded)
    }

    /// `note` written as a paragraph of the project's narrative, before a paragraph of its own: when `flagged`,
    /// GK123 once, at the note's line, saying it has no effect, and the check fails; otherwise no GK123.
    static func expectLevelNote(_ note: String, flagged: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n\(note)\n\n鼷鼯鼱段落")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        if flagged {
            let error = try #require(errors.first, "\(report.rendered)")
            #expect(errors.count == 1 && error.message.contains("不起作用"), "\(report.rendered)")
            #expect(error.location.line == FailClosedTests.line(of: note, in: site, file: Self.project), "\(report.rendered)")
            #expect(!report.succeeded)
        } else {
            #expect(errors.isEmpty, "\(report.rendered)")
        }
    }

    /// In a Markdown text, a comment (`<!-- 涉密 -->`, `[//]: # (以下涉密)`) or a line that is only a level
    /// (`# 涉密`, `【涉密】`, `**以下内容涉密**`) withholds nothing either: the passage after it was published,
    /// with no word from check. Each is GK123 at its line, as a YAML comment naming a level is; a heading
    /// or note that only mentions a level is left alone.
    @Test(arguments: [("<!-- 涉密 -->", true), ("[//]: # (以下涉密)", true), ("# 涉密", true), ("【涉密】", true),
                      ("**以下内容涉密**", true), ("<!-- 依申请公开 -->", true), ("以下内容涉密：", true), ("## 以下涉密。", true),
                      ("# 涉密事项管理情况", false), ("<!-- 备注：数据来源于统计年鉴 -->", false), ("【说明】", false), ("# 公开", false)])
    func aLevelWrittenAsTextOrCommentInMarkdownIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A secrecy marking as an official document carries it (GB/T 9704: `机密★3年`, `秘密★一年`, `密级：秘密`),
    /// pasted at the head of a page, or a level written as a key (`公开属性：涉密`, a header line left in the body
    /// after a stray `---`), or a heading closed by hashes (`## 涉密 ##`), named nothing to check: the text
    /// under it was published with no error. Each is GK123 at its line, as `# 涉密` is.
    @Test(arguments: [("机密★3年", true), ("秘密★一年", true), ("绝密★长期", true), ("密级：秘密", true), ("**密级：机密★5年**", true),
                      ("公开属性：涉密", true), ("公开级别: 依申请公开", true), ("## 涉密 ##", true),
                      ("公开属性：主动公开", false), ("密级：公开", false), ("## 秘密文件管理 ##", false), ("★重点项目", false)])
    func aSecrecyMarkingOrALevelKeyInMarkdownIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A note saying that what follows is withheld, in the words clerks use (`以下为涉密内容`, `以下内容涉及国家秘密`,
    /// `<!-- 以下为涉密内容，请勿公开 -->`), named nothing: only the bare level (`以下涉密`) did, and the passage after
    /// it was published. Each is GK123 at its line; a note saying the opposite, or naming no ground, stays quiet.
    @Test(arguments: [("以下为涉密内容", true), ("（以下内容为涉密信息）", true), ("<!-- 以下为涉密内容，请勿公开 -->", true),
                      ("以下内容涉及国家秘密", true), ("**以下内容请勿公开**", true), ("本段为内部资料，不予公开", true),
                      ("以下为不涉密内容", false), ("以下内容不涉及国家秘密，可以公开", false), ("以下为项目实施情况", false),
                      ("以下为2025年度主动公开内容", false),
                      // A policy's own wording, a line before its list of what is not disclosed: text of the
                      // document, not a clerk's note about the passage after it.
                      ("下列信息不予公开：", false), ("下面几类信息不予公开：", false)])
    func aNoteThatWhatFollowsIsWithheldIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A note that forbids publishing what follows in a negation (`以下内容不予以公开：`, `不可公开`, `不能公开`,
    /// `严禁对外公开`) named nothing: `不予以公开` holds the denial `予以公开` and `不可公开` the denial `可公开`, so the
    /// note read as one allowing publication, and a negation missing from the list of grounds (`不能公开`) read
    /// as no ground; the passage after it was published with no error. GK123 at its line; a note allowing
    /// publication stays quiet.
    @Test(arguments: [("以下内容不予以公开：", true), ("以下内容不可公开", true), ("以下内容不能公开", true),
                      ("**以下内容严禁对外公开**", true), ("以下内容暂不予以公开", true), ("本段内容请保密", true),
                      ("以下内容经审查可以公开", false), ("以下内容不涉密，予以公开", false)])
    func aNoteForbiddingPublicationInANegationIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// Notes in the words clerks use that named nothing: behind a label or a bullet (`注：以下内容涉密`, `※以下内容涉密`),
    /// pointing with another word (`下文为涉密内容`, `本部分涉密`), naming another ground (`请勿外传`, `此段保密`, `仅报送人大`,
    /// a limited audience on a public page), or in Traditional characters (`以下內容不予公開`); the passage after each was
    /// published with no error. GK123 at its line; a note about something else (`以下为保密工作开展情况`, `以下为敏感性分析`,
    /// `以下内容仅供参考`, `以下为内部控制建设情况`) stays quiet.
    @Test(arguments: [("注：以下内容涉密", true), ("备注：以下为内部资料", true), ("※以下内容涉密", true), ("下文为涉密内容", true),
                      ("本部分涉密", true), ("此部分内容不公开", true), ("以下内容请勿外传", true), ("此段保密", true),
                      ("以下内容仅报送人大", true), ("以下內容不予公開", true),
                      ("注：以下数据来源于统计年鉴", false), ("以下为保密工作开展情况", false), ("以下为敏感性分析", false),
                      ("以下内容仅供参考", false), ("以下为内部控制建设情况", false), ("说明：本表金额单位为万元", false)])
    func aNoteInOtherClerksWordsIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A note with only some of its words emphasised (`**以下**内容涉密`, `以下内容**不予**公开`, `**注：**以下内容涉密`) was read
    /// with the marks among its words, so it pointed at nothing or named no ground, and the passage after it was
    /// published. The page shows the words without the marks: GK123 at its line.
    @Test(arguments: ["**以下**内容涉密", "以下内容**不予**公开", "__以下内容__涉密", "**注：**以下内容涉密"])
    func aNoteWithSomeWordsEmphasisedIsAnError(_ note: String) throws {
        try Self.expectLevelNote(note, flagged: true)
    }

    /// A mark the page shows as a level but whose bytes hide it — a Word document's `[涉密]` as pandoc writes it
    /// (`\\[涉密\\]`, its brackets escaped), a character reference (`&#28041;&#23494;` shows 涉密), or a zero-width space,
    /// soft hyphen or word joiner inside the words (`涉\u{200B}密`, pasted from a web page or a chat) — named nothing: the
    /// paragraph after it, or the one it marks, was published with no error. Each is GK123 at its line, as the mark
    /// written plainly is; the same spellings of other words stay quiet.
    @Test(arguments: [("\\[涉密\\]青锋七号工程的部署方案如下。", true), ("三、青锋七号工程建设情况\\[涉密\\]", true),
                      ("\\[以下内容涉密\\]", true), ("以下内容涉\u{200B}密", true), ("【涉\u{00AD}密】青锋七号工程的部署方案如下。", true),
                      ("<!-- 涉\u{200C}密 -->", true), ("以下内容\u{2060}不予公开", true), ("【&#28041;&#23494;】青锋七号工程的部署方案如下。", true),
                      ("**以下内容涉&#x5BC6;**", true), ("以下内容涉密\u{FEFF}", true),
                      ("\\[说明\\]青锋七号工程的部署方案如下。", false), ("以下为项目实施情况&#12290;", false),
                      ("青锋\u{200B}七号工程建设情况\\[已完成\\]", false), ("资金到位率 &lt; 100%", false)])
    func aMarkHiddenFromTheBytesByEscapesReferencesOrInvisibleCharactersIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// ㊙ (the circled 秘 of a secret document, U+3299) as the mark at a paragraph's start or a heading's end was read
    /// as no mark: the passage was published with no error. It reads as 秘密: GK123; a ㊙ inside a sentence stays text.
    @Test(arguments: [("【㊙】青锋七号工程的部署方案如下。", true), ("三、青锋七号工程建设情况（㊙）", true), ("㊙", true),
                      ("图标㊙表示文件的类别。", false)])
    func theCircledSecretMarkIsALevel(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A picture or an attachment marked with a level in its caption or link text, as pandoc writes a Word figure's
    /// caption (`![【涉密】青峰七号部署图](/assets/1.png)`, `![图3 部署图（涉密）](…)`, `[【内部】会议纪要](/assets/纪要.pdf)`),
    /// was published, picture, file and caption, with no error: the line starts with `!` or `[`, not with the mark. The
    /// page shows the caption as the picture's text and the link's words: GK123 at the line. A link whose words are a bare
    /// level (`[依申请公开](/zhinan/)`, a guide's link) or a catalogue's entry (`（依申请公开）`) stays text.
    @Test(arguments: [("![【涉密】青峰七号部署图](/assets/1.png)", true), ("附件：[【内部】青峰七号会议纪要](/assets/1.png)", true),
                      ("![图3 青峰七号部署图（涉密）](/assets/1.png)", true), ("![涉密](/assets/1.png)", true),
                      ("如图所示 ![〔秘密★1年〕部署图](/assets/1.png \"部署图\")", true),
                      ("详见[依申请公开](/zhinan/)办理指南", false), ("[政府采购合同（依申请公开）](/zhinan/)", false),
                      ("![图1 资金到位情况](/assets/1.png)", false), ("[【说明】填报口径](/zhinan/)", false)])
    func aPictureOrLinkMarkedWithALevelInItsWordsIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A paragraph marked with a level after its number, as an official document numbers its paragraphs (GB/T 9704:
    /// `一、` `（一）` `1.` `（1）`; `第三条`, `附件1：`, a caption's `表3`), was published with no error: only `1.` was passed
    /// over before the mark. GK123 at its line; a bracket holding anything else after a number stays text.
    @Test(arguments: [("一、【涉密】青峰七号工程部署情况。", true), ("（二）【涉密】青峰七号工程部署情况。", true),
                      ("附件1：【内部】青峰七号会议纪要", true), ("表3 【涉密】青峰七号部署清单", true),
                      ("第三条　【涉密】青峰七号工程部署情况。", true), ("（1）【秘密★1年】青峰七号工程部署情况。", true),
                      ("十二、（内部）青峰七号工程部署情况。", true),
                      ("一、【说明】青峰七号工程部署情况。", false), ("（一）总体情况", false), ("第三条　【定义】本办法所称绩效", false),
                      ("附件1：【主动公开】目录", false), ("一、项目基本情况（2025年）", false)])
    func aParagraphMarkedAfterItsNumberIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A note pointing back at the passage before it (`以上内容涉密`, `（以上内容不予公开）`, `以上为内部资料`, `上文涉密`), as clerks
    /// mark a paragraph after writing it, named nothing: only notes pointing forward did, and the passage above was
    /// published. GK123 at its line; one denying a ground, or naming none, stays quiet.
    @Test(arguments: [("以上内容涉密", true), ("（以上内容不予公开）", true), ("以上为内部资料，请勿外传", true), ("上文涉密", true),
                      ("以上部分涉及国家秘密", true),
                      ("以上内容不涉密，可以公开", false), ("以上为项目实施情况", false), ("以上内容自发布之日起施行", false)])
    func aNotePointingBackIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A mark in the other brackets Chinese documents use (`〖涉密〗`, `〈内部〉`) or after the enumeration of a clerk's list of
    /// points (`一是【涉密】…`, `二是（内部）…`) was published with no error. GK123 at its line; a bracket holding anything
    /// else stays text.
    @Test(arguments: [("〖涉密〗青峰七号工程部署情况。", true), ("〈内部〉青峰七号工程部署情况。", true), ("青峰七号工程部署情况〖涉密〗", true),
                      ("一是【涉密】青峰七号工程部署情况。", true), ("二是（内部）青峰七号工程部署情况。", true),
                      ("『涉密』", true), ("『涉密』北山乙区备用指挥所坐标。", true), ("青峰七号工程部署情况﹝涉密﹞", true),
                      ("﹝内部﹞青峰七号工程部署情况。", true), ("『注』青峰七号工程部署情况。", false),
                      ("〖注〗青峰七号工程部署情况。", false), ("一是加强组织领导（2025年）", false)])
    func aMarkInOtherBracketsOrAfterAnEnumerationIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A footnote marked with a level (`[^1]: 【涉密】其中青峰七号工程拨付八十万元。`, as pandoc writes a Word footnote) was
    /// published with no error: the line starts with the note's label, not the mark. A note's text is read as a line.
    @Test(arguments: [("[^1]: 【涉密】其中青峰七号工程拨付八十万元。", true), ("[^2]: 以下内容涉密", true),
                      ("[^3]: 青峰七号工程部署情况（内部）", true),
                      ("[^4]: 含上年结转资金12万元。", false), ("[^5]: 见政府采购合同（依申请公开）", false)])
    func aFootnoteMarkedWithALevelIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// Each link's words are looked for over a bounded stretch: a line of twenty thousand `]](` (every one closing
    /// brackets back to the line's start) is read in linear time.
    @Test func aLineOfManyLinkClosersIsReadOnce() throws {
        try Self.expectLevelNote("涉密" + String(repeating: "]](", count: 20_000), flagged: false)
    }

    /// A reference's character is not read again (`&amp;#23494;` shows `&#23494;`, no mark), so a line of a hundred
    /// thousand `&amp;amp;…` is read in one pass: taken apart one reference a time, it recursed once for each and
    /// overflowed the stack.
    @Test func nestedReferencesAreReadOnceAsThePageShowsThem() throws {
        try Self.expectLevelNote("【&amp;" + String(repeating: "amp;", count: 100_000) + "#28041;&#23494;】青锋七号工程的部署方案如下。", flagged: false)
        try Self.expectLevelNote("以下内容涉&amp;#23494;", flagged: false)
    }

    /// A name or a plain text marked with a level whose words hold a zero-width space (`学生营养改善计划（涉\u{200B}密）`,
    /// `机\u{200B}密★5年`), or a `reason: 涉\u{200B}密` beside `level: public`, was read as unmarked and published: the
    /// page shows the mark. GK123, withheld meanwhile.
    @Test(arguments: [("name: 学生营养改善计划", "name: 学生营养改善计划（涉\u{200B}密）"),
                      ("              basis: 学籍统计", "              basis: 机\u{200B}密★5年 学籍统计"),
                      ("              basis: 学籍统计", "              basis: {value: 学籍统计, disclosure: {level: public, reason: 涉\u{00AD}密}}")])
    func aLevelInANameOrReasonHiddenByAnInvisibleCharacterIsAnError(_ line: String, _ marked: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: line, with: marked)
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        #expect(errors.count == 1 && !report.succeeded, "\(report.rendered)")
        #expect(errors.first?.location.line == FailClosedTests.line(of: String(marked.trimmed.prefix(6)), in: site, file: Self.project), "\(report.rendered)")
    }

    /// A heading or paragraph marked with a level at its end, as an official document marks a section
    /// (`## 三、青锋七号工程建设情况（涉密）`, `部署方案如下（此部分涉密）：`): the mark withheld nothing, and the section was
    /// published with no error. GK123 at its line, quoting the mark; a bracket at the end holding anything else, a
    /// public level (`（主动公开）`) or 依申请公开 (a catalogue's entry), stays quiet.
    @Test(arguments: [("## 三、青锋七号工程建设情况（涉密）", true), ("部署方案如下（此部分涉密）：", true), ("青锋七号工程的部署方案【内部】", true),
                      ("依申请公开的办理时限（二十个工作日）", false), ("附件3：部门预算（主动公开）", false),
                      // A public catalogue lists what may be asked for so (公开目录): 依申请公开 at a line's end is its entry.
                      ("3. 政府采购合同（依申请公开）", false)])
    func aLineMarkedWithALevelAtItsEndIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A note written as a list item or quoted (`- 【涉密】`, `> 以下为涉密内容`, `1. **以下内容不予公开**`), as a Word
    /// document converted by pandoc writes it, named nothing: the list or quote mark hid the note, and the items or
    /// paragraphs after it were published. GK123 at its line, as the same note alone is; a bare level word as an item
    /// (`- 依申请公开`, a guide's list of levels) or an item that only mentions a level stays quiet.
    @Test(arguments: [("- 【涉密】", true), ("> 以下为涉密内容", true), ("1. **以下内容不予公开**", true), ("> - （内部）", true),
                      ("* 密级：秘密", true), ("- 依申请公开", false), ("> 涉密", false), ("- 涉密事项管理情况", false)])
    func aNoteWrittenAsAListItemOrQuotedIsAnError(_ note: String, _ flagged: Bool) throws {
        try Self.expectLevelNote(note, flagged: flagged)
    }

    /// A paragraph marked at its start (`【涉密】青锋…`, `（内部）…`), in a Markdown text or a plain text field, as
    /// a clerk marks a row or a paragraph of a document: the mark withheld nothing, and the paragraph was
    /// published with no error. GK123 at its line (a plain text field withheld meanwhile); the message quotes
    /// the mark, never the paragraph.
    @Test(arguments: [("【涉密】青锋七号工程的部署方案如下。", true), ("- **（内部）** 青锋七号工程的部署方案如下。", true),
                      ("〔秘密★1年〕青锋七号工程的部署方案如下。", true),
                      ("【说明】青锋七号工程的部署方案如下。", false), ("（公开）青锋七号工程的部署方案如下。", false),
                      ("【涉密项目管理】青锋七号工程的部署方案如下。", false)])
    func aParagraphMarkedWithALevelAtItsStartIsAnError(_ line: String, _ flagged: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n\(line)")
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: |\n    一是公开的问题。\n    \(line)")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        if flagged {
            #expect(errors.map(\.location.line).sorted() == [FailClosedTests.line(of: "problems:", in: site, file: Self.project)!,
                                                              FailClosedTests.line(of: "项目说明正文", in: site, file: Self.project)! + 2], "\(report.rendered)")
            #expect(!report.rendered.contains("青锋七号"), "\(report.rendered)")
            #expect(!report.succeeded)
            let web = disclose(site, for: WebsiteAudience.self)
            #expect(web.site.projects.first?.selfEvaluation?.problems?.contains("青锋七号") != true)
        } else {
            #expect(errors.isEmpty, "\(report.rendered)")
        }
    }

    /// A table's cell marked at its start (`| 【涉密】青锋七号工程 | … |`) withheld nothing either: the row was
    /// published, with no error, as only whole lines were asked. A cell that only names a level (a catalogue's
    /// 公开属性 column: `| 会议纪要 | 依申请公开 |`) is data, and stays unreported.
    @Test func aTableCellMarkedWithALevelAtItsStartIsAnError() throws {
        var site = SiteFixture()
        let table = "| 事项 | 公开属性 |\n| --- | --- |\n| 会议纪要 | 依申请公开 |\n| 【说明】公开事项 | 主动公开 |\n| 【涉密】青锋七号工程 | 部署方案 |\n|（内部）青锋八号 | 方案 |"
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n\(table)")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        let first = FailClosedTests.line(of: "项目说明正文", in: site, file: Self.project)!
        #expect(errors.map(\.location.line).sorted() == [first + 6, first + 7], "\(report.rendered)")
        #expect(!report.rendered.contains("青锋七号") && !report.succeeded, "\(report.rendered)")
    }

    /// A level note inside a limited passage or a limited plain text (`【涉密】…` in what goes to the people's
    /// congress) withheld nothing either: the bundle carried it, with no error, as only public texts were asked.
    @Test func aLevelNoteInALimitedPassageOrFieldIsAnError() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: limited 人大\n限人大段落。\n\n【涉密】青锋七号部署段落。\n:::")
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: {value: \"限人大问题。\\n以下为涉密内容\\n青锋八号问题。\", disclosure: {level: limited, scope: [人大]}}")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        #expect(errors.map(\.location.line).sorted() == [FailClosedTests.line(of: "problems:", in: site, file: Self.project)!,
                                                          FailClosedTests.line(of: "【涉密】", in: site, file: Self.project)!], "\(report.rendered)")
        #expect(!report.succeeded)
        let npc = try #require(disclose(site, for: PeoplesCongressAudience.self).site.projects.first)
        #expect(npc.selfEvaluation?.problems?.contains("青锋八号") != true)
    }

    /// A clerk marks an item in its name, as in a spreadsheet row (`学生营养改善计划（涉密）`, `【内部】…`), and
    /// writes no `disclosure:`: the item was published, its mark with it, with no error. A name or title
    /// holding a bracketed level is GK123 at it, and the item is withheld until fixed; a name that only
    /// mentions a level (`涉密项目绩效管理（试行）`) or brackets something else stays public.
    @Test(arguments: [
        ("name: 学生营养改善计划", "name: 学生营养改善计划（涉密）", true),
        ("name: 学生营养改善计划", "name: 【内部】学生营养改善计划", true),
        ("name: 学生营养改善计划", "name: 学生营养改善计划(不予公开)", true),
        ("- name: 受益学生人数", "- name: 受益学生人数〔秘密★1年〕", true),
        // The corner and small brackets of vertical and Traditional typesetting (found by the leak red-team: published).
        ("name: 学生营养改善计划", "name: 学生营养改善计划『涉密』", true),
        ("- name: 受益学生人数", "- name: 受益学生人数﹝内部﹞", true),
        ("name: 学生营养改善计划", "name: 涉密项目绩效管理（试行）", false),
        ("name: 学生营养改善计划", "name: 学生营养改善计划（2025年）", false),
        ("name: 学生营养改善计划", "name: 学生营养改善计划（公开）", false),
    ])
    func aLevelMarkedInANameIsAnErrorAndWithholds(_ line: String, _ marked: String, _ flagged: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: line, with: marked)
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        let web = disclose(site, for: WebsiteAudience.self)
        if flagged {
            #expect(errors.map(\.location.line) == [FailClosedTests.line(of: marked, in: site, file: Self.project)], "\(report.rendered)")
            #expect(!report.succeeded)
            var names: [String] = web.site.projects.map(\.name)
            for group in web.site.projects.compactMap(\.targets).flatMap(\.groups) {
                names.append(group.name)
                for subgroup in group.subgroups { names += [subgroup.name] + subgroup.indicators.map(\.name) }
            }
            let value = String(marked.split(separator: ":", maxSplits: 1)[1].dropFirst())
            #expect(!names.contains(value), "\(names)")
        } else {
            #expect(errors.isEmpty && report.succeeded, "\(report.rendered)")
        }
    }

    /// An official document's secrecy marking (GB/T 9704: `机密★5年`, `秘密★1年`) copied into a name with its title,
    /// outside brackets, marked nothing: the item was published, marking and all, with no error. It is GK123 at the
    /// name, as a bracketed level is; a star that follows no level (`★重点项目`) is no marking.
    @Test(arguments: [
        ("name: 学生营养改善计划", "name: 机密★5年 学生营养改善计划", true),
        ("- name: 受益学生人数", "- name: 受益学生人数 秘密★1年", true),
        ("name: 学生营养改善计划", "name: 学生营养改善计划（绝密☆长期）", true),
        ("name: 学生营养改善计划", "name: ★重点项目 学生营养改善计划", false),
    ])
    func aSecrecyMarkingInANameIsAnErrorAndWithholds(_ line: String, _ marked: String, _ flagged: Bool) throws {
        try aLevelMarkedInANameIsAnErrorAndWithholds(line, marked, flagged)
    }

    /// A row of a table marked with a level, as a spreadsheet row is, in a field other than `name` or `title`: a
    /// funding line's source (`财政拨款（涉密）`), an evaluation's evaluator, a one-line text such as a basis
    /// (`学籍统计（涉密）`), an indicator's target or actual value (`≥5台（涉密）`, as a clerk marks a cell), or a
    /// project filed under the category `涉密`. The mark withheld nothing, and the row was
    /// published with it, with no error. GK123 at it, and the item withheld until the level is written in `disclosure`.
    @Test(arguments: [
        ("    - source: 财政拨款", "    - source: 财政拨款（涉密）", "财政拨款（涉密）"),
        ("              basis: 学籍统计", "              basis: 学籍统计（涉密）", "学籍统计（涉密）"),
        ("              target: ≥52000人", "              target: ≥52000人（涉密）", "≥52000人（涉密）"),
        ("              actual: 53126人", "              actual: 53126人【内部】", "53126人【内部】"),
        ("              actual: 53126人", "              actual: 秘密★1年 53126人", "秘密★1年 53126人"),
        ("unit: JYJ-01", "unit: JYJ-01\ncategory: 涉密", "涉密"),
        ("self_evaluation:", "evaluations:\n  - {kind: 部门评价, evaluator: 鼷鼯鼱评价中心【内部】, score: 90}\nself_evaluation:", "鼷鼯鼱评价中心"),
    ])
    func aLevelMarkedInARowIsAnErrorAndWithholds(_ line: String, _ marked: String, _ value: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: line, with: marked)
        let report = site.check()
        #expect(report.first(.unknownDisclosureLevel)?.location.line == FailClosedTests.line(of: value, in: site, file: Self.project), "\(report.rendered)")
        let (_, fs) = site.build()
        #expect(fs.outputTexts().values.allSatisfy { !$0.contains(value) })
    }

    /// Words after a public level (`::: public 依申请公开`, a scope on 主动公开) mean something other than
    /// public: an error, and withheld until fixed.
    @Test(arguments: ["::: public 依申请公开", "::: 主动公开 以下内容涉密不予公开", "::: Public classified"])
    func wordsAfterAPublicFenceAreAnErrorAndWithhold(fence: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n\(fence)\n鼷鼯鼱段落\n:::")
        let report = site.check()
        #expect(report.first(.passageFence)?.message.contains("后面还有文字") == true, "\(report.rendered)")
        #expect(!report.rendered.contains("鼷鼯鼱"))
        #expect(disclose(site, for: WebsiteAudience.self).site.projects.first?.narrative.text.contains("鼷鼯鼱") == false)
    }

    @Test func aScopeOnAPublicLevelIsAnErrorAndWithholds() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: {value: 鼷鼯鼱口径, disclosure: {level: 主动公开, scope: [人大]}}")
        let report = site.check()
        #expect(report.first(.unknownDisclosureLevel)?.message.contains("scope") == true, "\(report.rendered)")
        let web = disclose(site, for: WebsiteAudience.self)
        #expect(web.site.projects.first?.targets?.groups.first?.subgroups.first?.indicators.first?.basis == nil)
    }

    /// `scope: 人大、上级工会` is one name that no circle has: the clerk meant two. Said, in the header and
    /// in a fence; nothing reaches either circle until it is fixed.
    @Test(arguments: ["basis: {value: 鼷鼯鼱口径, disclosure: {level: limited, scope: 人大、上级工会}}",
                      "basis: {value: 鼷鼯鼱口径, disclosure: {level: limited, scope: [\"人大,上级工会\"]}}",
                      "basis: {value: 鼷鼯鼱口径, disclosure: {level: limited, scope: 人大/上级工会}}"])
    func aScopeWrittenAsOneListIsAnError(_ basis: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "basis: 学籍统计", with: basis)
        let report = site.check()
        let error = try #require(report.first(.unknownDisclosureLevel), "\(report.rendered)")
        #expect(error.message.contains("scope: [人大, 上级工会]") && error.location.line == FailClosedTests.line(of: "鼷鼯鼱口径", in: site, file: Self.project))
        let congress = disclose(site, for: PeoplesCongressAudience.self)
        #expect(congress.site.projects.first?.targets?.groups.first?.subgroups.first?.indicators.first?.basis == nil)
    }

    @Test func aFenceScopeWrittenAsOneListIsAnError() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: limited 人大，上级工会\n鼷鼯鼱段落\n:::")
        let report = site.check()
        let error = try #require(report.first(.passageFence), "\(report.rendered)")
        #expect(error.message.contains("请用空格分开") && error.location.line == FailClosedTests.line(of: "::: limited", in: site, file: Self.project))
        #expect(disclose(site, for: PeoplesCongressAudience.self).site.projects.first?.narrative.text.contains("鼷鼯鼱") == false)
        // With a space, the passage reaches 人大.
        site.edit(Self.project, replacing: "人大，上级工会", with: "人大 上级工会")
        #expect(site.check().diagnostics.isEmpty)
        #expect(disclose(site, for: PeoplesCongressAudience.self).site.projects.first?.narrative.text.contains("鼷鼯鼱") == true)
    }

    /// A reason naming a ground for withholding beside `public` is an error and withholds; one denying a
    /// ground is a reason for publishing, accepted.
    @Test(arguments: [("涉密", true), ("涉及国家秘密", true), ("内部", true), ("工作敏感，暂缓公开", true),
                      ("涉及国家安全，暂不宜对外", true), ("仅供内部使用", true),
                      ("经保密审查，不涉密，可以公开", false), ("非涉密项目", false), ("主动公开", false), ("按规定公开", false)])
    func aPublicLevelsReasonIsReadForAGroundToWithhold(_ reason: String, _ contradicts: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: {value: 鼷鼯鼱口径, disclosure: {level: public, reason: \(reason)}}")
        let error = site.check().first(.unknownDisclosureLevel)
        let basis = disclose(site, for: WebsiteAudience.self).site.projects.first?.targets?.groups.first?.subgroups.first?.indicators.first?.basis
        if contradicts {
            let error = try #require(error)
            #expect(error.message.contains("理由") && error.location.line == FailClosedTests.line(of: "鼷鼯鼱口径", in: site, file: Self.project))
            #expect(basis == nil)
        } else {
            #expect(error == nil)
            #expect(basis == "鼷鼯鼱口径")
        }
    }

    /// A reason (or a YAML comment) forbidding publication in a negation — `涉密，不予以公开`, `不可公开`, `不能公开` —
    /// was read as denying a ground (`予以公开`, `可公开` are denials) or as naming none: `public` stood, and the
    /// field was published with no error. It contradicts `public` as `涉密` does.
    @Test(arguments: ["涉密，不予以公开", "不可公开", "不能公开", "不同意公开", "严禁对外公开"])
    func aPublicLevelsReasonForbiddingPublicationInANegationIsAnError(_ reason: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: {value: 鼷鼯鼱口径, disclosure: {level: public, reason: \(reason)}}")
        let error = try #require(site.check().first(.unknownDisclosureLevel))
        #expect(error.message.contains("理由"))
        #expect(disclose(site, for: WebsiteAudience.self).site.projects.first?.targets?.groups.first?.subgroups.first?.indicators.first?.basis == nil)

        var commented = SiteFixture()
        commented.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: 学籍统计  # \(reason)")
        #expect(commented.check().first(.unknownDisclosureLevel)?.message.contains("不起作用") == true)
    }

    /// A reason naming personal privacy (`涉及个人隐私`), a ground the rules (and the example site's own policy page)
    /// give for not publishing, read as no ground beside `public`: the field was published with no error.
    @Test(arguments: ["涉及个人隐私", "含受助人员隐私信息"])
    func aPublicLevelsReasonNamingPrivacyIsAnError(_ reason: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: {value: 鼷鼯鼱口径, disclosure: {level: public, reason: \(reason)}}")
        #expect(site.check().first(.unknownDisclosureLevel)?.message.contains("理由") == true)
        #expect(disclose(site, for: WebsiteAudience.self).site.projects.first?.targets?.groups.first?.subgroups.first?.indicators.first?.basis == nil)
    }

    /// A comment or a reason naming a level is GK123, and its message quoted it whole: the words after the level
    /// (`# 密级：秘密，青锋七号工程部署`, `reason: 涉密，青锋七号工程部署位置`), never published and often the very thing to
    /// withhold, went to the build log, which redaction did not know to blank. The message quotes the first words only.
    @Test(arguments: ["              basis: 学籍统计  # 密级：秘密，青锋七号工程部署",
                      "              basis: {value: 鼷鼯鼱口径, disclosure: {level: public, reason: 涉密，青锋七号工程部署位置}}"])
    func aCommentOrReasonNamingALevelIsNotQuotedWhole(_ line: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: line)
        let report = site.check()
        #expect(report.first(.unknownDisclosureLevel) != nil, "\(report.rendered)")
        #expect(!report.rendered.contains("青锋七号"), "\(report.rendered)")
    }

    @Test func strictestWinsForThePeoplesCongressToo() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\ndisclosure: {level: limited, scope: [人大]}\n")
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: 学籍统计\n              disclosure: 涉密")
        let npc = disclose(site, for: PeoplesCongressAudience.self)
        let project = try #require(npc.site.projects.first)
        #expect(project.targets?.indicatorCount == 0)
        #expect(npc.withheld.contains { $0.kind == "三级指标" && $0.level == .classified })
        #expect(disclose(site, for: WebsiteAudience.self).site.projects.isEmpty)
    }
}
