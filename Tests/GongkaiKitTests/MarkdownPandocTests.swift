import Foundation
import GongkaiCore
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
}
