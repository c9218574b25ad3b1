import Foundation
import GongkaiCore
import GongkaiDisclosed
import Testing
@testable import GongkaiKit

/// Reports written in Word and converted by pandoc (or kept in Obsidian), pasted into content files: what
/// those tools write must be shown as Word showed it, or refused, never published as stray marks or as text
/// the clerk believed hidden.
@Suite("Markdown from pandoc and Obsidian")
struct MarkdownPandocTests {
    static let project = FailClosedTests.project

    /// An Obsidian comment `%% … %%` is hidden in the clerk's editor and published as text by cmark: an
    /// error (GK148) at its line and column, on one line or several, in a limited passage too; the build stops.
    @Test(arguments: [
        ("公开的说明。\n\n资金到位率 100%。%% 内部意见：青龙白虎未核实 %%", "%% 内部", 1),
        ("公开的说明。\n\n%%\n内部意见：青龙白虎未核实\n%%\n\n其余正文。", "%%", 2),
        ("公开的说明。\n\n::: limited 人大\n报人大的段落。%%内部意见：青龙白虎%%\n:::", "%%内部", 1),
    ])
    func anObsidianCommentIsAnErrorAtItsPlace(_ markdown: String, _ marked: String, _ count: Int) throws {
        let site = FailClosedTests.site(narrative: markdown)
        let report = site.check()
        #expect(!report.succeeded, "\(report.rendered)")
        let errors = report.diagnostics.filter { $0.code.rawValue == "GK148" }
        #expect(errors.count == count, "\(report.rendered)")
        let error = try #require(errors.first)
        #expect(error.severity == .error && error.message.contains("%%"))
        let line = try #require(FailClosedTests.line(of: marked, in: site))
        #expect(error.location.file == Self.project && error.location.line == line, "\(report.rendered)")
        let text = try #require(site[Self.project]).split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        let column = text.distance(from: text.startIndex, to: try #require(text.range(of: "%%")).lowerBound) + 1
        #expect(error.location.column == column, "\(report.rendered)")
    }

    /// `%` as text (`100%`, `%\%`) and a comment inside a withheld passage are not reported.
    @Test func percentSignsAndWithheldCommentsAreNotReported() {
        let site = FailClosedTests.site(narrative: "完成率 100%，增长 5%。写法 %\\% 不是注释。\n\n::: 涉密\n%% 涉密段落中的意见 %%\n:::")
        let report = site.check()
        #expect(report.diagnostics.filter { $0.code.rawValue == "GK148" }.isEmpty, "\(report.rendered)")
    }

    /// What `pandoc -t markdown` writes from a Word report: attributes after an image, a heading and a span,
    /// Word's bookmarks as empty spans, an attribute block wrapped onto the next line.
    static let pandocReport = """
        # 一、基本情况 {#一基本情况 .unnumbered}

        []{#_Toc123 .anchor}项目于2024年立项，[重点]{.underline}保障[义务教育]{.mark}学校运转。

        ![图1 资金到位情况](media/image1.png){width="5.763888888888889in"
        height="3.2in"}

        ## 二、绩效目标 {#二绩效目标}

        金额{单位：万元}照写，代码`[甲]{.乙}`与

        ```
        ![图](a.png){#代码 .保留}
        ```
        """

    /// The page, search and open data show what Word showed: no attribute block, no bracket of a span, no
    /// bookmark; a `{` in ordinary text and everything in code stay as written.
    @Test func pandocAttributesAreNotShown() {
        let html = Markdown.html(Self.pandocReport)
        for mark in ["{#一", "{#二", "{width", "height=", ".unnumbered", "{.underline}", "{.mark}", "[重点]", "_Toc123", "anchor"] {
            #expect(!html.contains(mark), "page shows \(mark): \(html)")
        }
        #expect(html.contains("<h2>一、基本情况</h2>") && html.contains("<h2>二、绩效目标</h2>"), "\(html)")
        #expect(html.contains("<p>项目于2024年立项，重点保障义务教育学校运转。</p>"), "\(html)")
        #expect(html.contains("<img src=\"media/image1.png\" alt=\"图1 资金到位情况\" />"), "\(html)")
        #expect(html.contains("金额{单位：万元}照写，代码<code>[甲]{.乙}</code>与"), "\(html)")
        #expect(html.contains("<pre><code>![图](a.png){#代码 .保留}\n</code></pre>"), "\(html)")

        let plain = Markdown.plainText(Self.pandocReport)
        #expect(plain.hasPrefix("一、基本情况 项目于2024年立项，重点保障义务教育学校运转。 图1 资金到位情况 二、绩效目标"), "\(plain)")
        let shown = Markdown.asShown(Self.pandocReport)
        for mark in ["{#一", "{#二", "{width", "{.underline}", "[重点]", "_Toc123"] {
            #expect(!shown.contains(mark), "open data shows \(mark): \(shown)")
        }
        #expect(shown.contains("![图1 资金到位情况](media/image1.png)") && shown.contains("重点保障义务教育学校运转"), "\(shown)")
        #expect(shown.contains("金额{单位：万元}照写") && shown.contains("`[甲]{.乙}`") && shown.contains("![图](a.png){#代码 .保留}"), "\(shown)")
    }

    /// A pandoc report built into a site: no output carries the marks, and a withheld passage holding an
    /// attributed image and span reaches no output byte.
    @Test func aPandocReportIsPublishedCleanAndItsWithheldPassageNowhere() throws {
        let site = FailClosedTests.site(narrative: Self.pandocReport + """


            ::: 涉密
            ![青龙部署图](media/image9.png){width="3in"} [白虎营地]{.underline}
            :::
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = FailClosedTests.everything(fs)
        for mark in ["{#一基本情况", "{width", "{.underline}", "_Toc123", "青龙部署图", "image9", "白虎营地"] {
            #expect(!all.contains(mark), "output carries \(mark)")
        }
        #expect(all.contains("重点保障义务教育学校运转"))
    }

    /// A level note as pandoc writes it from Word — a heading with its attribute block, after a bookmark, or
    /// marked — was read with the marks and named no level, so the passage under it was published with no
    /// word from check. The page shows the note alone: GK123 at its line, as `# 涉密` is.
    @Test(arguments: [("# 以下内容涉密 {#以下内容涉密 .unnumbered}", true), ("## 涉密 {#涉密}", true),
                      ("[]{#_Toc123 .anchor}以下内容涉密", true), ("# []{#_Toc9 .anchor}涉密", true),
                      ("[**以下内容涉密**]{.mark}", true), ("# 涉密事项管理情况 {#涉密事项管理情况 .unnumbered}", false)])
    func aLevelNoteWithPandocMarksIsAnError(_ note: String, _ flagged: Bool) throws {
        try DisclosureRulesTests.expectLevelNote(note, flagged: flagged)
    }

    /// A grid table as pandoc writes a Word table whose cells hold more than one line, lined up by display
    /// width (a Chinese character is two columns).
    static let gridTable = """
        +---------------+---------------+
        | 指标          | 完成情况      |
        +:==============+==============:+
        | 资金到位率    | 100%          |
        |               | （含结转）    |
        +---------------+---------------+
        | 项目完成率    | 全部完成，验  |
        |               | 收合格        |
        +---------------+---------------+
        """

    /// It is drawn as a pipe table is, a cell's lines joined (a Chinese line wrapped by pandoc with nothing
    /// between); search reads the cells.
    @Test func aGridTableBecomesATable() {
        let html = Markdown.html("评分情况如下：\n\n" + Self.gridTable)
        #expect(html == """
            <p>评分情况如下：</p>
            <div class="table-wrap" role="region" aria-label="表格" tabindex="0">
            <table>
            <thead>
            <tr>
            <th scope="col" class="align-left">指标</th><th scope="col" class="align-right">完成情况</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td class="align-left">资金到位率</td><td class="align-right">100% （含结转）</td>
            </tr>
            <tr>
            <td class="align-left">项目完成率</td><td class="align-right">全部完成，验收合格</td>
            </tr>
            </tbody>
            </table>
            </div>

            """, "\(html)")
        #expect(Markdown.plainText(Self.gridTable) == "指标 完成情况 资金到位率 100% （含结转） 项目完成率 全部完成，验收合格")
    }

    /// A grid table whose lines do not line up is not half-drawn: it stays text, every cell's words kept.
    @Test func aGridTableNotLinedUpStaysText() {
        let crooked = Self.gridTable.replacingOccurrences(of: "| 资金到位率    |", with: "| 资金到位率  |")
        let html = Markdown.html(crooked)
        #expect(!html.contains("<table>"), "\(html)")
        for word in ["指标", "资金到位率", "100%", "（含结转）", "收合格"] { #expect(html.contains(word), "\(html)") }
    }

    /// A grid table in a withheld passage reaches no output byte; one in a public passage is drawn on the page.
    @Test func aWithheldGridTableIsNowhere() throws {
        let secret = Self.gridTable.replacingOccurrences(of: "资金到位率", with: "青龙部署率").replacingOccurrences(of: "（含结转）", with: "（白虎营）")
        let site = FailClosedTests.site(narrative: "公开的说明。\n\n" + Self.gridTable + "\n\n::: 涉密\n" + secret + "\n:::")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = FailClosedTests.everything(fs)
        for hidden in ["青龙部署率", "白虎营"] { #expect(!all.contains(hidden), "output carries \(hidden)") }
        #expect(all.contains("<td class=\"align-left\">资金到位率</td>"))
    }

    /// `pandoc --track-changes=all` writes Word's comments (批注) and tracked changes as spans: with the
    /// attribute blocks not shown, a reviewer's comment and deleted words would read as the report's text.
    /// Each is an error (GK148) at its line, as a hidden comment is.
    @Test func wordCommentsAndTrackedChangesAreAnError() throws {
        let markdown = """
            项目资金[已全部拨付]{.deletion author="张三" date="2025-03-01T10:00:00Z"}[基本到位]{.insertion author="张三" date="2025-03-01T10:00:00Z"}。

            [内部意见：青龙数据未核实]{.comment-start id="0" author="李四" date="2025-03-02T09:00:00Z"}资金到位率100%[]{.comment-end id="0"}。
            """
        let site = FailClosedTests.site(narrative: markdown)
        let report = site.check()
        #expect(!report.succeeded, "\(report.rendered)")
        let lines = report.diagnostics.filter { $0.code.rawValue == "GK148" }.map(\.location.line)
        #expect(lines == [FailClosedTests.line(of: "{.deletion", in: site), FailClosedTests.line(of: "{.comment-start", in: site)].compactMap { $0 }, "\(report.rendered)")
        #expect(lines.count == 2)
        // At the first mark's attribute block: 项目资金[已全部拨付] is eleven characters.
        #expect(report.diagnostics.first { $0.code.rawValue == "GK148" }?.location.column == 12, "\(report.rendered)")
    }

    /// Word's struck-through words (删除线: what a reviewer struck out, a cancelled target) as pandoc writes them,
    /// `~~…~~`, and as Typora and the other editors clerks use show them — struck out — were published as text,
    /// tildes and all: cmark 0.30 knows no strikethrough. The import refuses a struck-through cell for this reason
    /// (GK500); in Markdown each line holding one is now GK148 at the tildes. A code fence of tildes (`~~~`),
    /// an escaped `\~~` and a single `~` (5~10万元) stay text.
    @Test func wordStrikethroughIsAnError() throws {
        let markdown = """
            项目资金~~青龙营地建设费~~已全部拨付。

            受益人数由~~5200人~~调整为5300人。

            ~~~
            代码块
            ~~~

            资金规模5~10万元，另有\\~~说明~~。
            """
        let site = FailClosedTests.site(narrative: markdown)
        let report = site.check()
        #expect(!report.succeeded, "\(report.rendered)")
        let found = report.diagnostics.filter { $0.code.rawValue == "GK148" }
        #expect(found.map(\.location.line) == [FailClosedTests.line(of: "青龙营地", in: site), FailClosedTests.line(of: "5200人", in: site)].compactMap { $0 }, "\(report.rendered)")
        // At the tildes: 项目资金 is four characters.
        #expect(found.first?.location.column == 5, "\(report.rendered)")
        #expect(found.allSatisfy { !$0.message.contains("青龙营地") }, "\(report.rendered)")
    }

    /// Looking for the end of each code span read the rest of the paragraph again for every run of backticks
    /// that closes nothing: runs of 1, 2, 3 … backticks in one paragraph took time cubic in their number. No
    /// clock here (speed is measured in the benchmark, never in a test): the text is read as cmark reads it,
    /// every run left as written.
    @Test func unclosedBacktickRunsAreLeftAsWritten() {
        let text = "[甲]{.乙}" + (1...2_400).map { String(repeating: "`", count: $0) + "{" }.joined()
        let shown = Markdown.asShown(text)
        #expect(shown.hasPrefix("甲`{``{"))
    }

    /// A Word table of one-line cells, as pandoc 2.17 writes it (`-t markdown`): a multiline table, which cmark
    /// read as rules, paragraphs and a heading (the last row under the closing dashes).
    static let multilineTable = """
          -----------------------------------------------------------------------
          指标                    分值                    得分
          ----------------------- ----------------------- -----------------------
          决策                    15                      13.5

          过程                    25                      21.3
          -----------------------------------------------------------------------
        """

    /// The same without a header row, the cells of a row on two lines.
    static let headerlessTable = """
          ------------ -------- --------------------------------------------------
          决策         15       立项依据充分，绩效目标明确，资金分配合理，
                                符合规定

          过程         25       21.3
          ------------ -------- --------------------------------------------------
        """

    @Test func aMultilineTableBecomesATable() {
        let html = Markdown.html(Self.multilineTable + "\n\n正文。")
        #expect(html == """
            <div class="table-wrap" role="region" aria-label="表格" tabindex="0">
            <table>
            <thead>
            <tr>
            <th scope="col">指标</th><th scope="col">分值</th><th scope="col">得分</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>决策</td><td>15</td><td>13.5</td>
            </tr>
            <tr>
            <td>过程</td><td>25</td><td>21.3</td>
            </tr>
            </tbody>
            </table>
            </div>
            <p>正文。</p>

            """, "\(html)")
        let headerless = Markdown.html(Self.headerlessTable)
        #expect(!headerless.contains("<thead>") && !headerless.contains("<hr"), "\(headerless)")
        #expect(headerless.contains("<td>决策</td><td>15</td><td>立项依据充分，绩效目标明确，资金分配合理，符合规定</td>"), "\(headerless)")
        #expect(Markdown.plainText(Self.headerlessTable) == "决策 15 立项依据充分，绩效目标明确，资金分配合理，符合规定 过程 25 21.3")
    }

    /// Rows keep their lines: a diagnostic after the table names the line it names today.
    @Test func aMultilineTableKeepsTheLinesAfterIt() throws {
        let site = FailClosedTests.site(narrative: Self.multilineTable + "\n\n%% 内部意见 %%")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code.rawValue == "GK148" })
        #expect(error.location.line == FailClosedTests.line(of: "%% 内部", in: site))
        #expect(Markdown.rawHTML(in: Self.multilineTable + "\n\n<b>粗</b>").map(\.line) == [9, 9])
    }

    /// A plain text field (an indicator's `basis`, `problems: |`) is published as written, so an Obsidian
    /// comment pasted into one is published too: GK148 at the field, which is withheld meanwhile.
    @Test(arguments: ["              basis: 学籍统计 %% 内部意见：青龙口径未核实 %%",
                      "              basis: |\n                学籍统计\n                %%\n                内部意见：青龙口径未核实\n                %%"])
    func anObsidianCommentInAPlainTextFieldIsAnErrorAndWithholdsIt(_ lines: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              basis: 学籍统计", with: lines)
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code.rawValue == "GK148" }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "basis:", in: site), "\(report.rendered)")
        #expect(!report.succeeded)
        // What would be published meanwhile: the disclosed view, loaded in spite of the error.
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let view = String(describing: DiscloseStage.run(try #require(source)).site)
        #expect(view.contains("学生营养改善计划"), "\(view.prefix(200))")
        #expect(!view.contains("青龙口径"))
    }

    /// A comment as Markdown writes it (`<!-- 备注 -->`, `[//]: # (备注)`) in a plain text field hid nothing: a plain text
    /// is no Markdown, so the page, search and open data showed the comment, words and marks, with no error. GK148 at
    /// the field, which is withheld meanwhile, as for `%%`.
    @Test(arguments: ["              basis: 学籍统计<!-- 内部意见：青龙口径未核实 -->",
                      "              basis: |\n                学籍统计\n                <!-- 内部意见：青龙口径未核实 -->",
                      "              basis: |\n                学籍统计\n                [//]: # (内部意见：青龙口径未核实)"])
    func aMarkdownCommentInAPlainTextFieldIsAnErrorAndWithholdsIt(_ lines: String) throws {
        try anObsidianCommentInAPlainTextFieldIsAnErrorAndWithholdsIt(lines)
    }
}
