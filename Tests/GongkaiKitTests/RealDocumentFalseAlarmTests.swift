import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Ordinary words of real public documents — a finance bureau's 管理办法, a 机要保密局's self-evaluation, a guide
/// to 依申请公开, a report converted from Word by pandoc — that the level readers took for marks (round seventeen).
/// Each was refused (GK123, GK140, GK141) or dropped from the page; each mark they resemble is still one.
@Suite("Real documents: no false alarms")
struct RealDocumentFalseAlarmTests {
    static let project = FailClosedTests.project

    /// A legal definition (`（以下简称涉密项目）`, `本章所称涉密项目，是指…`), a noun phrase (`内部信息系统`) and a note that
    /// leaves classified items out (`注：以下数据不含涉密项目`) withhold nothing and name no passage: a policy or a report
    /// writes them. They are text, in a paragraph wrapped after the definition too (pandoc wraps long lines).
    @Test(arguments: [
        "本办法适用于涉及国家秘密的预算项目（以下简称涉密项目）。",
        "对涉及国家秘密的预算项目（以下简称涉密项目）\n的绩效管理，按照国家保密法律法规执行。",
        "各级机关、单位应当对涉密计算机和存储介质实行台账管理（以下统称涉密载体）",
        "本章所称涉密项目，是指涉及国家秘密的预算项目。",
        "以下为内部信息系统运行维护情况：",
        "以下为内部信息化建设情况。",
        "注：以下数据不含涉密项目",
        "以下统计数据不包括涉密项目。",
        "以下为删减版（已删除涉密内容）",
    ])
    func aDefinitionOrADenialIsNoMark(_ text: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(text)\n\n全年传递机要文件12860件。")
        let report = site.check()
        #expect(report.succeeded, "\(text): \(report.rendered)")
    }

    /// A form's field answering no (`涉密：否`, `- 涉密：无`, as a report's cover table states it) labels no passage with a
    /// level; a label followed by anything else still does.
    @Test(arguments: [("涉密：否", true), ("- 涉密：无", true), ("**涉密**：否。", true), ("涉密：不涉密", true),
                      ("涉密：北山坑道口径十二米。", false), ("涉密：否决的方案如下", false), ("内部：无关人员不得进入北山坑道。", false)])
    func aFormsNoAnswerIsNoLabel(_ text: String, _ passes: Bool) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(text)\n\n公开的结尾。")
        let report = site.check()
        #expect(report.succeeded == passes, "\(text): \(report.rendered)")
    }

    /// The marks these resemble are still marks: a note that what follows is classified or internal information.
    @Test(arguments: [
        "以下为涉密内容",
        "以下为内部信息，请勿外传",
        "以下内容涉密",
        "以下内容涉密，不含附件",
        "本章内容涉密",
        "北山坑道工程（以下内容涉密）",
    ])
    func theMarksTheyResembleStillAre(_ text: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(text)\n\n北山坑道口径十二米。")
        let report = site.check()
        #expect(!report.succeeded && report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(text): \(report.rendered)")
    }

    /// A heading of three to six `#` naming a level is a heading, not a fence written with other marks: a guide's
    /// `### 主动公开` (pandoc drops Word's automatic heading numbers: 一、主动公开 becomes `# 主动公开`) is published, and
    /// `### 涉密` is still a line that only names a level (GK123), not a fence that withholds the rest (GK141).
    @Test func aHeadingNamingALevelIsNoFence() throws {
        let guide = FailClosedTests.site(narrative: "### 主动公开\n\n本机关主动公开的政府信息包括机构职能、财政预决算。\n\n#### 公开\n\n公开方式为网站。")
        let report = guide.check()
        #expect(report.succeeded, "\(report.rendered)")
        let (built, fs) = guide.build()
        #expect(built.succeeded)
        #expect(FailClosedTests.everything(fs).contains("本机关主动公开的政府信息包括机构职能、财政预决算。"))

        let marked = FailClosedTests.site(narrative: "公开的开头。\n\n### 涉密\n\n北山坑道口径十二米。")
        let refused = marked.check()
        #expect(!refused.succeeded)
        #expect(refused.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(refused.rendered)")
        #expect(!refused.diagnostics.contains { $0.code == .fenceSpelling }, "\(refused.rendered)")
        // Other marks in a run stay fences written wrongly.
        let colons = FailClosedTests.site(narrative: "公开的开头。\n\n；；； 涉密\n\n北山坑道口径十二米。")
        #expect(colons.check().diagnostics.contains { $0.code == .fenceSpelling })
    }

    /// A guide to disclosure (政府信息公开指南) has a section for each way of disclosing, and pandoc writes Word's numbered
    /// headings without their numbers (二、依申请公开 becomes `# 依申请公开`): a heading that only says 依申请公开 is the guide's
    /// section, as the guide's list item (`- 依申请公开`), link and catalogue entry (`（依申请公开）`) are. A heading naming a
    /// withholding level, and the on-request level written as a note (`**依申请公开**`, `【依申请公开】`, `## （依申请公开）`),
    /// are still marks.
    @Test(arguments: [("## 依申请公开", true), ("# 依申请公开 {#依申请公开 .unnumbered}", true), ("### 依申请公开", true), ("## 依申请", true),
                      ("## 涉密", false), ("# 不予公开", false), ("## 内部", false), ("### 在一定范围内公开", false),
                      ("**依申请公开**", false), ("#依申请公开", false), ("【依申请公开】", false), ("## （依申请公开）", false), ("依申请公开", false)])
    func aGuidesOnRequestHeadingIsNoNote(_ heading: String, _ passes: Bool) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(heading)\n\n申请人可以通过当面、邮寄或网上方式提出申请。")
        let report = site.check()
        #expect(report.succeeded == passes, "\(heading): \(report.rendered)")
    }

    /// A YAML comment about a topic of secrecy work (`# 依据国家保密局文件`, `# 保密费按实际列支`, `# 内部控制类指标`)
    /// names no level; one that names a level beside such a topic is still an error.
    @Test(arguments: [("# 依据国家保密局文件", true), ("# 保密费按实际列支", true), ("# 内部控制类指标", true), ("# 内部审计发现", true),
                      ("# 保密费 涉密", false), ("# 此项保密", false), ("# 内部", false)])
    func aCommentAboutSecrecyWorkIsNoLevel(_ comment: String, _ passes: Bool) {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: "              basis: 学籍统计  \(comment)")
        let report = site.check()
        #expect(report.succeeded == passes, "\(comment): \(report.rendered)")
    }
}

extension RealDocumentFalseAlarmTests {
    /// pandoc 2.17 writes a Word table whose first row is not marked as a header as a headerless multiline table: the
    /// line of columns opens and closes it, rows apart by blank lines. With one-line rows its first row was skipped and the
    /// blank line after it ended the reading, so the table was published as rules, paragraphs and code blocks.
    @Test func aHeaderlessMultilineTableOfOneLineRowsIsATable() {
        let table = """
              ----------------------- ----------------------- -----------------------
              项目                    预算数（万元）          执行数（万元）

              保密费                  18.00                   17.60

              内部审计费              6.00                    5.80
              ----------------------- ----------------------- -----------------------
            """
        let html = Markdown.html(table + "\n\n正文。")
        #expect(!html.contains("<hr") && !html.contains("<thead>"), "\(html)")
        #expect(html.contains("<td>项目</td><td>预算数（万元）</td><td>执行数（万元）</td>"), "\(html)")
        #expect(html.contains("<td>保密费</td><td>18.00</td><td>17.60</td>") && html.contains("<td>内部审计费</td><td>6.00</td><td>5.80</td>"), "\(html)")
        #expect(html.hasSuffix("<p>正文。</p>\n"), "\(html)")
        // A Word table with merged cells, as pandoc 2.17 writes it: the cells a merge covers are empty.
        let merged = """
              -------------- -------------- ---------------- -------------- --------------
              一级指标       二级指标       三级指标         评分情况

                                                             分值           得分

              产出指标       数量指标       培训人数         20             20

                             质量指标       保密培训覆盖率   10             10
              -------------- -------------- ---------------- -------------- --------------
            """
        let shown = Markdown.html(merged)
        #expect(!shown.contains("<pre>") && !shown.contains("<hr"), "\(shown)")
        #expect(shown.contains("<td></td><td>质量指标</td><td>保密培训覆盖率</td><td>10</td><td>10</td>"), "\(shown)")
    }

    /// `pandoc -f docx+styles` writes each paragraph of a Word style as a fenced div, `::: {custom-style="Body Text"}`
    /// … `:::`. It was an unknown level word (GK140) and the paragraph withheld: no report converted so could be
    /// published. A div whose attributes name no level is a public passage; the page shows its text.
    @Test func aPandocStyleDivIsAPublicPassage() throws {
        let report = """
            ::: {custom-style="Body Text"}
            　　根据《青川市财政局关于开展2025年度市级预算绩效自评工作的通知》要求，我局开展了部门整体支出绩效自评。
            :::

            # 一、部门基本情况

            ::: {custom-style="Body Text"}
            　　机构设置。局机关内设办公室、机要科、密码管理科、保密监督科5个科室[^1]。
            :::

            [^1]:
                ::: {custom-style="Footnote Text"}
                []{custom-style="Footnote Reference"}
                含下属青川市机要通信站。
                :::
            """
        let site = FailClosedTests.site(narrative: report)
        let (built, fs) = site.build()
        #expect(built.succeeded, "\(built.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("我局开展了部门整体支出绩效自评。") && page.contains("保密监督科5个科室") && page.contains("含下属青川市机要通信站。"), "\(page)")
        #expect(!page.contains("custom-style") && !page.contains(":::"), "\(page)")
    }

    /// A div whose style or class names a level is no public passage: withheld, and an error until written `::: 涉密`;
    /// so is one with words after its attributes. A `::: 涉密` fence around a styled div still withholds it.
    @Test(arguments: ["::: {custom-style=\"涉密\"}", "::: {.confidential}", "::: {custom-style=\"内部资料\"}", "::: {custom-style=\"Body Text\"} 涉密"])
    func aStyleDivNamingALevelIsWithheld(_ fence: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(fence)\n北山坑道口径十二米，部署于青峰。\n:::\n\n公开的结尾。")
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(fence): \(report.rendered)")
        #expect(!FailClosedTests.disclosedText(site).contains("北山坑道口径十二米"), "\(fence)")
        #expect(fs.text("public/index.html") == nil)
    }

    @Test func aStyleDivInsideAClassifiedFenceIsWithheld() {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n::: 涉密\n::: {custom-style=\"Body Text\"}\n北山坑道口径十二米，部署于青峰。\n:::\n以下仍在涉密段落中。\n:::\n\n公开的结尾。")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let everything = FailClosedTests.everything(fs)
        #expect(!everything.contains("北山坑道口径十二米") && !everything.contains("以下仍在涉密段落中"))
        #expect(everything.contains("公开的结尾。"))
    }
}

extension RealDocumentFalseAlarmTests {
    /// A sheet or CSV named after a project of secrecy work (`保密技术检查服务绩效目标表.csv`) is imported as classified, as
    /// docs/import.md says: but in silence, so the clerk learnt it only when the project was missing from the site. The floor
    /// is kept, and named: a warning at the project's name says which word of the sheet's (or file's) name withheld it.
    @Test func aNameThatWithholdsTheProjectIsNamed() throws {
        let csv = "项目支出绩效目标表\n（2025年度）\n项目编号,JYJ-2025-009\n项目名称,保密技术检查服务\n主管部门,测试市教育局\n项目资金（万元）,年度资金总额,10\n,财政拨款,10\n年度总体目标,完成\n绩效指标,一级指标,二级指标,三级指标,指标值\n,产出指标,数量指标,检查单位数,≥10家\n"
        let (r, fs) = ImportClerkTableTests.run(Data(csv.utf8), file: "保密技术检查服务绩效目标表.csv")
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(try ImportClerkTableTests.project(fs).disclosure.level == .classified)
        let warning = try #require(r.diagnostics.first { $0.code == .importDisclosure }, "\(ImportClerkTableTests.messages(r))")
        #expect(warning.severity == .warning && warning.location.file.contains("保密技术检查服务绩效目标表.csv") && warning.message.contains("“保密”"), "\(warning)")
    }
}
