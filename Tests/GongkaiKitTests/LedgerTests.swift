import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
import GongkaiDisclosed
import GongkaiRender

/// The ledger lists every text of the source model, and the leak audit, fed by it and by its own
/// reading of the file bytes, catches a disclose bug for every kind of withheld item.
@Suite("Ledger and audit")
struct LedgerTests {
    /// A site with a withheld item of every kind, each with a distinctive phrase (the value).
    static func everyKind() -> (SiteFixture, secrets: [String: String]) {
        var site = SiteFixture()
        let p = "content/projects/2025/JYJ-2025-001.md"
        site["content/organisations.yaml"] = """
        departments:
          - code: CZJ
            name: 测试市财政局
            units:
              - code: CZJ-01
                name: 测试市财政局本级
          - code: JYJ
            name: 测试市教育局
            intro: {value: 部门简介秘文甲乙, disclosure: 涉密}
            units:
              - code: JYJ-01
                name: 测试市第一中学
              - code: JYJ-02
                name: 单位秘名丙丁中学
                disclosure: classified
          - code: GFB
            name: 部门秘名戊己办公室
            disclosure: classified
        """
        site.edit(p, replacing: "      spent: 1198.6", with: """
                  spent: 1198.6
                - source: 资金来源秘名庚辛
                  budget: 7.77
                  disclosure: classified
              total: {initial: 1200, budget: 1258.27, spent: 1198.6}
              uses:
                - {item: 资金用途秘名壬癸, amount: 1, disclosure: 涉密}
            """)
        site.edit(p, replacing: "funding:\n", with: """
            ex_ante:
              date: 2024-10-15
              assessor: 公开的评估机构
              conclusion: {value: 评估结论秘文张翼, disclosure: 涉密}
              report: |
                公开的评估报告。
            funding:

            """)
        site.edit(p, replacing: "  goal: 保障学生营养餐供应。", with: "  goal: {value: 总体目标秘文子丑, disclosure: limited}")
        site.edit(p, replacing: "    - name: 产出指标", with: """
                - name: 一级秘名寅卯指标
                  disclosure: 涉密
                  children:
                    - name: 二级甲
                      children:
                        - {name: 三级甲, target: ≥1个}
                - name: 效益指标
                  children:
                    - name: 二级秘名辰巳指标
                      disclosure: classified
                      children:
                        - {name: 三级乙, target: ≥1个}
                    - name: 社会效益指标
                      children:
                        - {name: 三级秘名午未指标, target: ≥1个, disclosure: 涉密}
                        - name: 公开三级丙
                          target: ≥2个
                          basis: {value: 确定依据秘文申酉, disclosure: 涉密}
                          explanation: {value: 指标解释秘文丑寅, disclosure: 涉密}
                          actual: 3个
                          deviation: {value: 偏差原因秘文戌亥, disclosure: 涉密}
                          adjustment: {target: ≥3个, date: 2025-07-01, reason: {value: 调整理由秘文九尾, disclosure: 涉密}}
                        - name: 公开三级丁
                          target: ≥2个
                          adjustment: {target: 调整秘值氐宿, date: 2025-07-01, reason: 公开的调整理由, disclosure: 涉密}
                - name: 产出指标
            """)
        site.edit(p, replacing: "  grade: 差", with: """
              grade: 差
              problems: {value: 存在问题秘文乾坤, disclosure: 涉密}
              measures: {value: 改进措施秘文震巽, disclosure: 涉密}
              goal_achieved: {value: 完成情况秘文坎离, disclosure: 涉密}
              report: |
                公开的自评报告。

                ::: 涉密
                自评报告秘文轸宿
                :::
              adjustments:
                - {kind: 加分, item: 加减分秘名青鸟, points: 0, disclosure: 涉密}
                - {kind: 加分, item: 公开的加分项, points: 0, reason: {value: 加减分理由秘文白泽, disclosure: 涉密}}
              recheck: {reviewer: 公开的复核单位, score: 50, opinion: {value: 复核意见秘文心尾, disclosure: 涉密}}
            evaluations:
              - kind: 财政重点评价
                evaluator: 评价机构秘名艮兑
                score: 70
                disclosure: {level: limited, scope: [人大]}
                report: 报告正文青龙。
              - kind: 第三方评价
                evaluator: 青川评估中心
                score: 85
                report: |
                  公开的评价结论。

                  ::: 涉密
                  报告段落秘文白虎。
                  :::
            monitoring:
              - {date: 2025-09-30, planned_rate: 70%, actual_rate: 66%, progress: 监控节点秘文朱雀, disclosure: 涉密}
              - date: 2025-06-30
                planned_rate: 40%
                actual_rate: 41%
                progress: {value: 目标进度秘文玄武, disclosure: 涉密}
                measures: {value: 纠偏措施秘文麒麟, disclosure: 涉密}
            rectifications:
              - {problem: 整改事项秘文凤凰, deadline: 2025-12-31, status: 整改中, disclosure: 涉密}
              - problem: 公开的整改问题
                measure: {value: 整改措施秘文貔貅, disclosure: 涉密}
                deadline: 2025-12-31
                status: 整改中
              - problem: {value: 整改问题秘文饕餮, disclosure: 涉密}
                deadline: 2025-12-31
                status: 整改中
            """)
        site.edit(p, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: on-request\n叙述段落秘文梼杌。\n:::\n")
        // A project withheld whole, one whose targets are withheld, one whose self-evaluation is.
        site["content/projects/2025/JYJ-2025-002.md"] = """
        ---
        code: JYJ-2025-002
        name: 项目秘名混沌工程
        year: 2025
        department: JYJ
        disclosure: 涉密
        ---
        """
        site["content/projects/2025/JYJ-2025-003.md"] = """
        ---
        code: JYJ-2025-003
        name: 公开的第三个项目
        year: 2025
        department: JYJ
        ex_ante: {assessor: 评估机构秘名柳星, conclusion: 予以支持, disclosure: 涉密}
        targets:
          published: 2025-02-18
          goal: 绩效目标秘文穷奇
          disclosure: 涉密
          indicators:
            - name: 产出指标
              children:
                - name: 数量指标
                  children:
                    - {name: 三级丁, target: ≥1个}
        ---
        """
        site["content/projects/2025/JYJ-2025-004.md"] = """
        ---
        code: JYJ-2025-004
        name: 公开的第四个项目
        year: 2025
        department: JYJ
        targets:
          published: 2025-02-18
          goal: 公开的第四个目标。
          indicators:
            - name: 产出指标
              children:
                - name: 数量指标
                  children:
                    - {name: 三级戊, target: ≥1个, actual: 指标结果秘文鲲鹏}
        self_evaluation:
          published: 2026-03-20
          total_score: 85
          grade: 良
          problems: 单位自评秘文腾蛇
          disclosure: 涉密
        ---
        """
        site["content/projects/2025/JYJ-2025-005.md"] = """
        ---
        code: JYJ-2025-005
        name: 公开的第五个项目
        year: 2025
        department: JYJ
        self_evaluation:
          published: 2026-03-20
          total_score: 85
          grade: 良
          recheck: {reviewer: 复核单位秘名角亢, score: 70, disclosure: 涉密}
        ---
        """
        site["content/departments/2025/JYJ.md"] = """
        ---
        department: JYJ
        year: 2025
        disclosure: 涉密
        targets:
          goal: 部门整体秘文天狼
          indicators:
            - name: 共性指标
              children:
                - name: 预算管理
                  children:
                    - {name: 结转结余率, target: ≤5%}
        ---
        """
        // A public department-wide file of another department, with a classified task.
        site["content/departments/2025/CZJ.md"] = """
        ---
        department: CZJ
        year: 2025
        tasks:
          - {name: 预算编制, content: 编制年度预算, amount: 10}
          - {name: 任务秘名奎娄, content: 任务秘文胃昴, amount: 5, disclosure: 涉密}
        ---
        """
        site["content/pages/zhengce/neibu.md"] = """
        ---
        title: 页面秘名重明通知
        date: 2025-04-01
        disclosure: on-request
        ---
        正文。
        """
        site["content/pages/zhengce/gongkai.md"] = """
        ---
        title: 公开的通知
        date: 2025-04-02
        summary: {value: 摘要秘文毕方, disclosure: 涉密}
        ---
        公开的正文。
        """
        let secrets = [
            "部门": "部门秘名戊己办公室", "单位": "单位秘名丙丁中学", "部门简介": "部门简介秘文甲乙",
            "项目": "项目秘名混沌工程", "资金来源": "资金来源秘名庚辛", "资金用途": "资金用途秘名壬癸",
            "绩效目标": "绩效目标秘文穷奇", "年度总体目标": "总体目标秘文子丑", "一级指标": "一级秘名寅卯指标",
            "二级指标": "二级秘名辰巳指标", "三级指标": "三级秘名午未指标", "指标值确定依据": "确定依据秘文申酉", "指标解释": "指标解释秘文丑寅",
            "偏差原因": "偏差原因秘文戌亥", "指标结果": "指标结果秘文鲲鹏", "单位自评": "单位自评秘文腾蛇",
            "存在问题": "存在问题秘文乾坤", "改进措施": "改进措施秘文震巽", "目标完成情况": "完成情况秘文坎离",
            "评价": "评价机构秘名艮兑", "段落": "报告段落秘文白虎", "监控节点": "监控节点秘文朱雀",
            "目标进度": "目标进度秘文玄武", "纠偏措施": "纠偏措施秘文麒麟", "整改事项": "整改事项秘文凤凰",
            "整改措施": "整改措施秘文貔貅", "整改问题": "整改问题秘文饕餮", "页面": "页面秘名重明通知", "摘要": "摘要秘文毕方",
            "加减分项": "加减分秘名青鸟", "加减分理由": "加减分理由秘文白泽",
            "抽查复核": "复核单位秘名角亢", "复核意见": "复核意见秘文心尾", "目标调整": "调整秘值氐宿", "调整理由": "调整理由秘文九尾",
            "部门整体绩效": "部门整体秘文天狼", "事前绩效评估": "评估机构秘名柳星", "评估结论": "评估结论秘文张翼",
            "年度主要任务": "任务秘文胃昴",
        ]
        return (site, secrets)
    }

    @Test func theEveryKindFixtureBuildsAndWithholdsEveryPhrase() throws {
        let (site, secrets) = Self.everyKind()
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = FailClosedTests.everything(fs)
        for (kind, secret) in secrets { #expect(!all.contains(secret), "\(kind): \(secret) published") }
        #expect(all.contains("公开的整改问题") && all.contains("公开三级丙") && all.contains("公开的正文") && all.contains("公开的加分项")
                && all.contains("公开的评估机构") && all.contains("公开的评估报告") && all.contains("公开的自评报告")
                && !all.contains("自评报告秘文轸宿")
                && all.contains("公开的复核单位") && all.contains("公开的调整理由") == false && all.contains("公开三级丁")
                && all.contains("编制年度预算") && !all.contains("任务秘名奎娄"))
    }

    /// Mutation test: switch off the disclose filter for one kind of item at a time; the leak audit,
    /// which reads the ledger and not the disclose stage, must stop the build and name the item.
    /// Every kind of withheld item `everyKind` holds one of.
    static let kinds = ["部门", "单位", "部门简介", "项目", "资金来源", "资金用途", "绩效目标", "年度总体目标", "一级指标", "二级指标",
                        "三级指标", "指标值确定依据", "指标解释", "偏差原因", "指标结果", "单位自评", "存在问题", "改进措施", "目标完成情况",
                        "评价", "段落", "监控节点", "目标进度", "纠偏措施", "整改事项", "整改措施", "整改问题", "页面", "摘要",
                        "加减分项", "加减分理由", "抽查复核", "复核意见", "目标调整", "调整理由", "部门整体绩效",
                        "事前绩效评估", "评估结论", "年度主要任务"]

    @Test(arguments: LedgerTests.kinds)
    func theAuditCatchesADiscloseBugForEveryKind(_ kind: String) throws {
        let (site, secrets) = Self.everyKind()
        let fs = site.fileSystem()
        var pipeline = Pipeline(fileSystem: fs)
        pipeline.faults = [kind]
        var options = BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)
        options.showWithheld = true
        let report = pipeline.run(options)
        #expect(!report.succeeded, "a disclose bug for \(kind) was not caught")
        let leaks = report.diagnostics.filter { $0.code == .leak }
        #expect(!leaks.isEmpty, "\(report.rendered)")
        let secret = try #require(secrets[kind])
        #expect(leaks.contains { secret.contains(Self.quoted($0.message)) }, "no leak names \(secret): \(report.rendered)")
        #expect(!fs.isDirectory("public"))
    }

    /// The fragment a leak diagnostic quotes.
    static func quoted(_ message: String) -> String {
        guard let open = message.firstIndex(of: "“"), let close = message[open...].firstIndex(of: "”") else { return "\u{0}" }
        return String(message[message.index(after: open)..<close])
    }

    /// A withheld passage that names, in Latin letters, words every page carries (`assets`, `content`,
    /// `viewport`, `summary`) builds: those are the theme's and the renderer's words, not fingerprints of the
    /// passage. Before, every file of the site matched them and the build stopped on 145 GK900 errors, with
    /// paths shown as `〔不予公开内容〕/a11y.js`. The passage's own words are still looked for.
    @Test func theMarkupsLatinWordsInAWithheldPassageAreNoFingerprint() throws {
        var site = SiteFixture()
        site["content/pages/zhengce/banfa.md"]! += "\n\n::: 涉密\n青锋七号部署在 assets 服务器的 content 目录，viewport 与 summary 已配置。\n:::\n"
        let (report, files) = site.build()
        #expect(report.succeeded && report.first(.leak) == nil, "\(report.rendered)")
        let page = try #require(files.text("public/zhengce/banfa/index.html"))
        #expect(page.contains("第一条") && !page.contains("青锋七号"))

        let theme = try #require(Theme.load(fileSystem: site.fileSystem(), folder: "theme", display: "theme").0)
        let item = WithheldItem(kind: "段落", title: "办法", disclosure: Disclosure(level: .classified), level: .classified,
                                location: SourceLocation(file: "content/pages/zhengce/banfa.md", line: 9),
                                texts: ["青锋七号部署在 assets 服务器的 content 目录，viewport 与 summary 已配置。"])
        let audit = LeakAudit(withheld: [item], publicTexts: [String](), markup: theme.markupWords)
        #expect(audit.check(OutputFileBytes(path: "assets/style.css", data: Data("<meta name=\"viewport\" content=\"x\"><summary>".utf8))).isEmpty)
        #expect(!audit.check(OutputFileBytes(path: "x.html", data: Data("<p>青锋七号部署在</p>".utf8))).isEmpty)
        // Without the markup's words, the same page is a leak: the test would catch their loss.
        #expect(!LeakAudit(withheld: [item], publicTexts: [String]())
            .check(OutputFileBytes(path: "assets/style.css", data: Data("<meta name=\"viewport\" content=\"x\">".utf8))).isEmpty)
    }

    /// A withheld text written in character references (`&#38738;` for 青) or backslash escapes is shown decoded
    /// by any page that publishes it by mistake: the audit looks for it decoded too, from the ledger and from
    /// its own raw reading of the file.
    @Test func theAuditKnowsAWithheldTextWrittenInCharacterReferences() throws {
        let written = "&#38738;&#x950B;&#19971;&#21495;&#x5DE5;&#31243;&#37096;&#32626;"  // 青锋七号工程部署, every character encoded
        let item = WithheldItem(kind: "段落", title: "叙述", disclosure: Disclosure(level: .classified), level: .classified,
                                location: SourceLocation(file: "content/x.md", line: 3), texts: [written])
        let fs = MemoryFileSystem(["content/x.md": "---\ntitle: x\n---\n::: 涉密\n\(written)\n:::\n"])
        for audit in [LeakAudit(withheld: [item], publicTexts: [String]()),
                      LeakAudit(withheld: [], publicTexts: [String](), raw: .init(fileSystem: fs, files: [SourceFile(path: "content/x.md", display: "content/x.md")]))] {
            let hits = audit.check(OutputFileBytes(path: "x.html", data: Data("<p>青锋七号工程部署</p>".utf8)))
            #expect(!hits.isEmpty)
        }
    }

    /// The audit's own reading of the bytes catches a passage the loader's grammar missed.
    @Test func theRawScannerCatchesAPassageTheParserMissed() throws {
        let (site, _) = Self.everyKind()
        let fs = site.fileSystem()
        let (source, _) = LoadStage.run(fileSystem: fs, root: ".", jobs: 1)
        var loaded = try #require(source)
        // Simulate a parser bug: every passage of the narrative is public.
        let index = try #require(loaded.projects.firstIndex { $0.code == "JYJ-2025-001" })
        for i in loaded.projects[index].narrative.passages.indices { loaded.projects[index].narrative.passages[i].level = .public }
        let disclosed = DiscloseStage.run(loaded)
        #expect(disclosed.site.projects.contains { $0.narrative.text.contains("叙述段落秘文梼杌") })
        let audit = LeakAudit(withheld: disclosed.withheld, publicNames: disclosed.ledger.publicNames, publicTexts: disclosed.ledger.publicTexts, publicProse: disclosed.ledger.publicProse,
                              raw: .init(fileSystem: fs, files: loaded.files))
        let hits = audit.check(OutputFileBytes(path: "x.html", data: Data("<p>叙述段落秘文梼杌。</p>".utf8)))
        #expect(hits.contains { $0.location.file == "content/projects/2025/JYJ-2025-001.md" })
    }

    /// cmark's smart punctuation writes `--` as `–` (and `---` as `—`) on the page and in search: a fingerprint
    /// taken across `--` in the source was never found there, so a withheld passage leaked to the page alone
    /// passed the audit. Fingerprints are cut at runs of hyphens, as the reader sees dashes; a code's single
    /// hyphens (`JYJ-2025-001`) are kept.
    @Test func theAuditReadsDashesAsThePageWritesThem() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: "项目说明正文。\n\n::: 涉密\n青锋七号工程--二期部署改造方案\n:::")
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let disclosed = DiscloseStage.run(try #require(source))
        let audit = LeakAudit(withheld: disclosed.withheld, publicNames: disclosed.ledger.publicNames, publicTexts: disclosed.ledger.publicTexts, publicProse: disclosed.ledger.publicProse)
        let page = Markdown.html("青锋七号工程--二期部署改造方案")
        #expect(page.contains("–"))
        #expect(!audit.check(OutputFileBytes(path: "x.html", data: Data(page.utf8))).isEmpty)
        #expect(LeakAudit.fragments(of: "代码 ABC-2025-001 青锋---八号工程部署") == ["ABC-2025-001", "八号工程部署"])
    }

    /// Markdown splits a withheld text at its marks (`**青锋七号**位于**北山**的[坑道](…)*三号*口`): every piece was
    /// under six characters, so the audit had no fingerprint of the passage, and a disclose bug that published it
    /// (to the page, and as the words joined in search) passed. The audit reads a withheld text as the page shows
    /// its words too; the same words emphasised in a public text and written plainly in a withheld one raise nothing.
    @Test func theAuditReadsAWithheldTextSplitByMarkdownAsItsWordsShow() throws {
        let project = "content/projects/2025/JYJ-2025-001.md"
        var site = SiteFixture()
        site.edit(project, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: 涉密\n**青锋七号**位于**北山**的[坑道](/x/)*三号*口\n:::")
        var pipeline = Pipeline(fileSystem: site.fileSystem())
        pipeline.faults = ["段落"]
        let report = pipeline.run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(!report.succeeded && report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")

        var twice = SiteFixture()
        twice.edit(project, replacing: "项目说明正文。", with: "项目说明正文。\n\n**青锋七号**位于**北山**的坑道三号口")
        // On request, not classified: a classified item's words in public prose are a copy (`ClassifiedCopyTests`).
        twice.edit(project, replacing: "              basis: 学籍统计", with: "              basis: {value: 青锋七号位于北山的坑道三号口, disclosure: 依申请公开}")
        let (plain, _) = twice.build()
        #expect(plain.succeeded, "\(plain.rendered)")
    }

    /// Addresses give codes away in lower case, and a file's own path is output too.
    @Test func theAuditReadsLowerCaseCodesInLinksAndOutputPaths() throws {
        var site = SiteFixture()
        site["content/projects/2025/SECRET-77.md"] = "---\ncode: SECRET-77\nname: 项目秘名\nyear: 2025\ndepartment: JYJ\ndisclosure: 涉密\n---\n"
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let disclosed = DiscloseStage.run(try #require(source))
        let audit = LeakAudit(withheld: disclosed.withheld, publicNames: disclosed.ledger.publicNames, publicTexts: disclosed.ledger.publicTexts, publicProse: disclosed.ledger.publicProse)
        let link = OutputFileBytes(path: "sitemap.xml", data: Data("<loc>https://x/projects/2025/secret-77/</loc>".utf8))
        let page = OutputFileBytes(path: "projects/2025/secret-77/index.html", data: Data("<p>页面</p>".utf8))
        #expect(!audit.check(link).isEmpty)
        #expect(!audit.check(page).isEmpty)
    }

    // MARK: Every text field is in the ledger

    /// Stored properties of the source types that are not texts anyone publishes: positions, codes
    /// of references, labels the theme prints anyway, numbers, dates and disclosure metadata.
    static let notTexts: Set<String> = [
        "file", "location", "fieldLocations", "departmentLocation", "unitLocation", "disclosure", "root", "config", "files",
        "departmentCode", "unitCode", "gradeSchemeName", "kind", "year", "major", "depth", "weight", "score", "published",
        "executionWeight", "executionScore", "totalScore", "date", "plannedRate", "actualRate", "deadline", "status",
        "completed", "initial", "budget", "spent", "amount", "unit", "total", "path", "level", "scope", "scopes", "line",
        "frameName", "baseScore", "points", "cap", "feedback", "monthOnly", "actualRateLocation", "yearLocation", "amountUnread", "codeLocation",
        "released", "scoredWhenReleased",
    ]

    /// Every `String` reachable through `Mirror` from `value`, except under the names above.
    static func strings(in value: Any, label: String? = nil, into found: inout [(path: String, text: String)]) {
        if let label, notTexts.contains(label) { return }
        if let text = value as? String { found.append((label ?? "?", text)); return }
        if value is TargetValue { found.append((label ?? "?", (value as! TargetValue).raw)); return }
        let mirror = Mirror(reflecting: value)
        for child in mirror.children { strings(in: child.value, label: child.label ?? label, into: &found) }
    }

    @Test func everyTextOfTheSourceModelIsInTheLedger() throws {
        for site in [Self.everyKind().0, SiteFixture()] {
            let (source, diagnostics) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
            #expect(!diagnostics.hasErrors)
            let loaded = try #require(source)
            var found: [(path: String, text: String)] = []
            for value in [loaded.departments as Any, loaded.projects, loaded.pages, loaded.intro, loaded.departmentPerformance] {
                Self.strings(in: value, into: &found)
            }
            #expect(found.count > 20)
            let ledger = Set(Ledger(loaded, audience: .website).allTexts)
            for (label, text) in found where !text.isEmpty {
                #expect(ledger.contains(text), "“\(label)” = “\(text)” is not in the ledger: list it in Ledger.walk")
            }
        }
    }

    /// A new stored property on a source type must be classified: a text (then the test above checks
    /// the ledger lists it) or one of `notTexts`.
    @Test func everyStoredPropertyOfTheSourceTypesIsKnown() throws {
        let (site, _) = Self.everyKind()
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let loaded = try #require(source)
        let texts: Set<String> = ["code", "name", "intro", "units", "category", "funding", "targets", "selfEvaluation",
                                  "evaluations", "monitoring", "rectifications", "narrative", "lines", "uses", "source",
                                  "item", "goal", "indicators", "children", "target", "basis", "explanation", "actual", "deviation",
                                  "problems", "measures", "goalAchieved", "grade", "evaluator", "report", "passages", "text",
                                  "progress", "problem", "measure", "responsible", "title", "summary", "body", "value",
                                  "adjustments", "reason", "recheck", "reviewer", "opinion", "adjustment",
                                  "exAnte", "assessor", "conclusion", "deadlineRule", "tasks", "content",
                                  "tree"]  // `Targets.indicators`' storage
        let sourceTypes: Set<String> = ["Department", "Unit", "Project", "Checkpoint", "Rectification", "Funding", "FundingTotal",
                                        "FundingUse", "FundingLine", "Targets", "IndicatorNode", "SelfEvaluation", "Evaluation",
                                        "Page", "MarkdownSource", "Passage", "Guarded<String>",
                                        "ScoreAdjustment", "Recheck", "TargetAdjustment", "DepartmentPerformance",
                                        "ExAnteAssessment", "DepartmentTask"]
        var labels = Set<String>()
        var seenTypes = Set<String>()
        func collect(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            let name = String(describing: type(of: value))
            if sourceTypes.contains(name) {
                seenTypes.insert(name)
                for child in mirror.children {
                    // `_deviation` is the storage of `@Boxed var deviation`.
                    if let l = child.label { labels.insert(l.hasPrefix("_") ? String(l.dropFirst()) : l) }
                    collect(child.value)
                }
            } else if mirror.displayStyle == .collection || mirror.displayStyle == .optional {
                for child in mirror.children { collect(child.value) }
            }
        }
        collect(loaded.departments)
        collect(loaded.projects)
        collect(loaded.pages)
        collect(loaded.departmentPerformance)
        #expect(seenTypes == sourceTypes, "the fixture no longer reaches \(sourceTypes.subtracting(seenTypes).sorted())")
        let unknown = labels.subtracting(texts).subtracting(Self.notTexts)
        #expect(unknown.isEmpty, "new fields on source types: \(unknown.sorted()) — add each to the ledger walk and to this list")
    }
}
