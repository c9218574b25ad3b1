import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Pipe tables in Markdown (评分表 in evaluation reports): cmark 0.30 has none, gongkai reads them.
@Suite("Markdown tables")
struct MarkdownTableTests {
    @Test func aPipeTableBecomesATable() {
        let html = Markdown.html("""
            评分情况如下：

            | 指标 | 分值 | 得分 |
            |:---|:---:|---:|
            | 产出*指标* | 50 | 48 |
            | `a\\|b` | 30 |
            """)
        #expect(html == """
            <p>评分情况如下：</p>
            <div class="table-wrap" role="region" aria-label="表格" tabindex="0">
            <table>
            <thead>
            <tr>
            <th scope="col" class="align-left">指标</th><th scope="col" class="align-center">分值</th><th scope="col" class="align-right">得分</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td class="align-left">产出<em>指标</em></td><td class="align-center">50</td><td class="align-right">48</td>
            </tr>
            <tr>
            <td class="align-left"><code>a|b</code></td><td class="align-center">30</td><td class="align-right"></td>
            </tr>
            </tbody>
            </table>
            </div>

            """, "\(html)")
    }

    /// Cells are Markdown read with the page's safe defaults: raw HTML is dropped, a program's link loses its
    /// address, and what would start a block is text.
    @Test func cellsKeepTheSafeDefaults() {
        let html = Markdown.html("""
            | 甲 | 乙 | 丙 |
            | --- | --- | --- |
            | <script>alert(1)</script> | [点此](javascript:alert(1)) | [打开](search-ms:query=x) |
            | # 标题 | - 列表 | 1. 第一 |
            | > 引用 | *强调* | 2024.5 |
            """)
        // A cell that is a block of HTML is shown as written; a tag inside text is dropped, as in a paragraph.
        #expect(!html.contains("<script") && html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), "\(html)")
        #expect(Markdown.html("| 甲 |\n|---|\n| 文字<img src=x onerror=alert(1)>尾 |").contains("<td>文字<!-- raw HTML omitted -->尾</td>"))
        #expect(html.contains("<td><a href=\"\">点此</a></td>") && html.contains("<td><a href=\"\">打开</a></td>"), "\(html)")
        #expect(html.contains("<td># 标题</td><td>- 列表</td><td>1. 第一</td>"), "\(html)")
        #expect(html.contains("<td>&gt; 引用</td><td><em>强调</em></td><td>2024.5</td>"), "\(html)")
    }

    @Test func linesAboveTheHeaderStayAParagraphAndListsHoldTables() {
        let html = Markdown.html("说明文字\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n- 项目\n\n  | 丙 | 丁 |\n  | -- | -- |\n  | 3 | 4 |\n")
        #expect(html.hasPrefix("<p>说明文字</p>\n<div class=\"table-wrap\""), "\(html)")
        #expect(html.contains("<li>\n<p>项目</p>\n<div class=\"table-wrap\"") && html.contains("<td>3</td><td>4</td>"), "\(html)")
    }

    /// What is not a table stays what it was: no delimiter row, a header of another width, a block quote
    /// (its lines carry the quote marks), a rule, code.
    @Test(arguments: ["甲 | 乙\n丙 | 丁", "| 甲 | 乙 | 丙 |\n|---|---|", "> | 甲 | 乙 |\n> |---|---|\n> | 1 | 2 |",
                      "---", "    | 甲 | 乙 |\n    |---|---|", "```\n| 甲 | 乙 |\n|---|---|\n```"])
    func whatIsNotATableIsLeftAlone(_ markdown: String) {
        #expect(!Markdown.html(markdown).contains("<table"))
    }

    @Test func searchReadsTheCells() {
        #expect(Markdown.plainText("评分：\n\n| 指标 | 得分 |\n|---|---:|\n| 产出 | 48 |\n") == "评分： 指标 得分 产出 48")
    }

    /// On a page: the table is drawn, and one inside a withheld passage is nowhere in the output.
    @Test func aTableOnAPageAndOneWithheld() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: """
            项目说明正文。

            | 指标 | 得分 |
            |---|---|
            | 受益学生人数 | 50 |

            ::: 涉密
            | 保密指标 | 鼷鼯鼱得分 |
            |---|---|
            | 甲 | 1 |
            :::
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("<th scope=\"col\">指标</th><th scope=\"col\">得分</th>") && page.contains("<td>受益学生人数</td><td>50</td>"))
        #expect(!fs.outputTexts().values.joined().contains("鼷鼯鼱"))
    }

    /// A row shorter than the header is completed, but not one empty cell per missing column: 2,000 columns
    /// over 2,000 rows of one word (16 KB of text) were four million cells, a 36 MB page and 870 MB of memory
    /// in the build, and ten times the text a hundred times that — quadratic, so a short file could exhaust the
    /// build machine's memory. The output grows with the text, not with its square (1,000 columns over 4,000
    /// rows: the widest table drawn).
    @Test func shortRowsDoNotMultiplyTheOutput() {
        let width = 1_000, height = 4_000
        let markdown = String(repeating: "| 列 ", count: width) + "|\n" + String(repeating: "|---", count: width) + "|\n"
            + String(repeating: "一行\n", count: height)
        let html = Markdown.html(markdown)
        #expect(html.utf8.count < 20 * markdown.utf8.count, "\(html.utf8.count) bytes from \(markdown.utf8.count)")
        #expect(html.contains("<th scope=\"col\">列</th>") && html.contains("<td>一行</td><td colspan=\"999\"></td>"))
        // Wider than one cell may span (1,000 columns), it is left as the text it was written as.
        #expect(!Markdown.html("| 列 " + String(repeating: "| 列 ", count: 1_000) + "|\n" + String(repeating: "|---", count: 1_001) + "|\n").contains("<table"))
        #expect(Markdown.plainText(markdown).hasSuffix("一行 一行"))
    }

    /// An image from another server is an error (GK144: the site loads nothing from elsewhere),
    /// found in the text as cmark reads it. A table's cells are read one by one: a code span running across
    /// pipes hid an image in a cell from the check, and the page loaded it.
    @Test(arguments: ["| `a | ![跟踪](https://tracker.example/p.png) | b` |", "| `a | ![跟踪](//tracker.example/p.png) |"])
    func anImageFromElsewhereInACellIsAnError(_ row: String) throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: """
            项目说明正文。

            | 甲 | 乙 | 丙 |
            |---|---|---|
            \(row)
            """)
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .externalResource }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "tracker.example", in: site, file: "content/projects/2025/JYJ-2025-001.md"), "\(report.rendered)")
        #expect(!report.succeeded)
    }

    /// Text holding raw HTML or a Markdown comment (`[//]: # (备注)`) is read back through cmark once it is
    /// dropped (`Markdown.asShown`); read with smart punctuation, the delimiter row's `---` came back as `—`,
    /// and every table of the text was shown as a paragraph of pipes.
    @Test func aTableSurvivesAMarkdownCommentOrRawHTMLInItsText() {
        for extra in ["[//]: # (内部备注)", "<!-- 备注 -->", "说明<br>文字"] {
            let shown = Markdown.asShown("\(extra)\n\n| 指标 | 得分 |\n|---|:---:|\n| \"产出\" | 48 |\n")
            let html = Markdown.html(shown)
            #expect(html.contains("<th scope=\"col\">指标</th><th scope=\"col\" class=\"align-center\">得分</th>"), "\(shown)\n\(html)")
            #expect(html.contains("<td>“产出”</td>"), "\(html)")
        }
    }

    /// Read back the same way, a pipe written `\|` inside a cell came back as a bare `|`: a new column, and the
    /// cells after it moved under the wrong headings (50 under 得分, 48 in a column of its own).
    @Test func anEscapedPipeStaysInItsCellBesideAMarkdownComment() {
        let shown = Markdown.asShown("[//]: # (内部备注)\n\n| 指标 | 分值 | 得分 |\n|---|---|---|\n| 产出\\|效益 | 50 | 48 |\n| `a\\|b` | 1 | 2 |\n")
        let html = Markdown.html(shown)
        #expect(html.contains("<td>产出|效益</td><td>50</td><td>48</td>") && html.contains("<td><code>a|b</code></td><td>1</td><td>2</td>"), "\(shown)\n\(html)")
    }

    /// Written without outer pipes (`指标 | 得分` over `--- | ---:`), a table beside a Markdown comment came
    /// back with its delimiter row escaped (`\\---`, lest it read as a rule) and was shown as a paragraph.
    @Test func aTableWithoutOuterPipesSurvivesAMarkdownComment() {
        let shown = Markdown.asShown("[//]: # (内部备注)\n\n指标 | 得分\n--- | ---:\n产出 | 48\n")
        let html = Markdown.html(shown)
        #expect(html.contains("<th scope=\"col\">指标</th><th scope=\"col\" class=\"align-right\">得分</th>"), "\(shown)\n\(html)")
        #expect(html.contains("<td>产出</td><td class=\"align-right\">48</td>"), "\(html)")
    }

    /// Each table scrolls in a region named for screen readers; two named alike on one page are two landmarks
    /// a reader cannot tell apart (axe: landmark-unique). A page holding two tables numbers them.
    @Test func twoTablesOnAPageHaveDistinctNames() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: """
            项目说明正文。

            | 指标 | 得分 |
            |---|---|
            | 产出 | 50 |

            | 指标 | 得分 |
            |---|---|
            | 效益 | 30 |
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("aria-label=\"表格 1\"") && page.contains("aria-label=\"表格 2\"") && !page.contains("aria-label=\"表格\""), "\(page)")
    }

    /// A header cell left empty (the corner above a column of row names) is a header naming nothing, which a
    /// screen reader announces as a blank heading (axe: empty-table-header): it is drawn as a plain cell.
    @Test func anEmptyHeaderCellIsNoHeader() {
        let html = Markdown.html("|  | 2023年 | 2024年 |\n|---|---:|---:|\n| 产出 | 50 | 48 |\n")
        #expect(html.contains("<tr>\n<td></td><th scope=\"col\" class=\"align-right\">2023年</th>"), "\(html)")
        #expect(!html.contains("<th scope=\"col\"></th>"), "\(html)")
    }
}
