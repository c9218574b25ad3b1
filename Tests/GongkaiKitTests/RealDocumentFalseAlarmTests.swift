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
}
