import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Every diagnostic names its file, line and column, in Chinese, with a stable code.
@Suite("Diagnostics with positions")
struct DiagnosticsTests {
    let project = "content/projects/2025/JYJ-2025-001.md"

    @Test func theFixtureIsValid() {
        let report = SiteFixture().check()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(report.errors.isEmpty)
    }

    /// Replaces `old` in the project file and expects `code` at `line:column`.
    func expect(_ code: DiagnosticCode, line: Int, column: Int, replacing old: String, with new: String,
                file: String? = nil, messageContains: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var site = SiteFixture()
        site.edit(file ?? project, replacing: old, with: new)
        let report = site.check()
        #expect(!report.succeeded, sourceLocation: sourceLocation)
        guard let d = report.first(code) else {
            Issue.record("no \(code.rawValue) in:\n\(report.rendered)", sourceLocation: sourceLocation)
            return
        }
        #expect(d.location.file == (file ?? project), sourceLocation: sourceLocation)
        #expect(d.location.line == line, "\(d)", sourceLocation: sourceLocation)
        #expect(d.location.column == column, "\(d)", sourceLocation: sourceLocation)
        #expect(d.severity == .error, sourceLocation: sourceLocation)
        if let messageContains { #expect(d.message.contains(messageContains), "\(d)", sourceLocation: sourceLocation) }
        #expect(d.description.hasPrefix("\(d.location.file):\(line):\(column): error[\(code.rawValue)]: "), sourceLocation: sourceLocation)
    }

    /// A fence line may carry a withheld title after the level word, or (behind U+0085 or U+2028, which
    /// are no line ends here) the withheld line itself: the message names the place, not the word.
    @Test(arguments: ["::: 涉密：绝密标记岷江十二号清单", "::: 涉密（绝密标记岷江十二号）", "::: 涉密\u{85}绝密标记岷江十二号", "::: 涉密\u{2028}绝密标记岷江十二号"])
    func anUnknownFenceWordIsNotQuoted(fence: String) throws {
        var site = SiteFixture()
        site.edit(project, replacing: "项目说明正文。", with: "项目说明正文。\n\n\(fence)\n正文\n:::")
        let report = site.check()
        let error = try #require(report.first(.passageFence))
        #expect(error.message.contains("无法识别的段落公开属性") && error.location.column == 1)
        #expect(!report.rendered.contains("岷江"))
    }

    /// Control characters a quoted value carries (an ESC sequence that clears a terminal, a bidi
    /// override) are printed escaped.
    @Test func controlCharactersInAQuotedValueArePrintedEscaped() throws {
        var site = SiteFixture()
        site.edit(project, replacing: "initial: 1200", with: "initial: \"12\\u001b[2J\\u001b]0;PWNED\\u0007\\u202e\"")
        let report = site.check()
        let error = try #require(report.first(.malformedNumber))
        #expect(error.message.contains("\u{1b}"))
        #expect(!error.description.contains("\u{1b}") && !error.description.contains("\u{202e}") && !error.description.contains("\u{7}"))
        #expect(error.description.contains("\\u{1b}[2J") && error.description.contains("\\u{202e}"))
    }

    /// A file's name holding a newline or a bidi override (found this round: a page named `a⏎b.md` printed its GK130 on
    /// two lines, the second starting `b.md:1:1:` as if another file's) is printed escaped, as a quoted value is.
    @Test func controlCharactersInAFilesNameArePrintedEscaped() {
        let diagnostic = Diagnostic.error(.malformedNumber, "x", at: SourceLocation(file: "content/pages/a\nb\u{202e}.md", line: 3, column: 1))
        #expect(!diagnostic.description.contains("\n") && !diagnostic.description.contains("\u{202e}"))
        #expect(diagnostic.description.hasPrefix("content/pages/a\\u{a}b\\u{202e}.md:3:1:"))
    }

    @Test func unknownKeySuggestsTheNearestKnownOne() {
        expect(.unknownKey, line: 12, column: 7, replacing: "      budget: 1250.50", with: "      buget: 1250.50",
               messageContains: "是否应为“budget”")
    }

    @Test func wrongType() {
        expect(.wrongType, line: 9, column: 10, replacing: "  unit: 万元\n  lines:", with: "  unit: 万元\n  lines: 财政拨款\n  other:",
               messageContains: "列表")
    }

    @Test func missingRequiredField() {
        expect(.missingField, line: 2, column: 1, replacing: "name: 学生营养改善计划\n", with: "", messageContains: "name")
    }

    @Test func danglingDepartment() {
        expect(.unknownReference, line: 5, column: 13, replacing: "department: JYJ", with: "department: XXX", messageContains: "XXX")
    }

    @Test func unitOfAnotherDepartment() {
        expect(.unitOutsideDepartment, line: 6, column: 7, replacing: "unit: JYJ-01", with: "unit: CZJ-01")
    }

    @Test func duplicateProjectCode() {
        var site = SiteFixture()
        site["content/projects/2025/copy.md"] = site[project]
        let report = site.check()
        let d = try! #require(report.first(.duplicateCode))
        #expect(d.location.file == "content/projects/2025/copy.md")
        #expect(d.message.contains(project))
    }

    @Test func duplicateDepartmentCode() {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "  - code: JYJ", with: "  - code: CZJ")
        let d = try! #require(site.check().first(.duplicateCode))
        #expect(d.location == GongkaiCore.SourceLocation(file: "content/organisations.yaml", line: 7, column: 5))
    }

    @Test func malformedAmount() {
        expect(.malformedNumber, line: 13, column: 14, replacing: "spent: 1198.6", with: "spent: 1198.6万", messageContains: "1198.6万")
    }

    @Test func malformedTargetValue() {
        expect(.malformedTarget, line: 24, column: 23, replacing: "target: ≥52000人", with: "target: ≥人", messageContains: "缺少数字")
    }

    @Test func malformedDate() {
        expect(.malformedDate, line: 15, column: 14, replacing: "published: 2025-02-18", with: "published: 2025-02-30")
    }

    @Test func unknownDisclosureLevelIsAnErrorAndWithholds() {
        expect(.unknownDisclosureLevel, line: 7, column: 13, replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\ndisclosure: secret\n",
               messageContains: "secret")
    }

    @Test func unsafeProjectCode() {
        expect(.unsafeSlug, line: 2, column: 7, replacing: "code: JYJ-2025-001", with: "code: ../../etc/passwd")
        expect(.unsafeSlug, line: 2, column: 7, replacing: "code: JYJ-2025-001", with: "code: 教育一号")
    }

    @Test func unsafePagePath() {
        var site = SiteFixture()
        site["content/pages/Zheng Ce/a.md"] = site["content/pages/zhengce/banfa.md"]
        let d = try! #require(site.check().first(.unsafeSlug))
        #expect(d.location.file == "content/pages/Zheng Ce/a.md")
    }

    @Test func reservedPagePath() {
        var site = SiteFixture()
        site["content/pages/projects/a.md"] = site["content/pages/zhengce/banfa.md"]
        #expect(site.check().first(.pathConflict)?.location.file == "content/pages/projects/a.md")
        // Every section the renderer writes is reserved, the glossary and the search page included.
        for section in ["glossary", "search", "data", "grades"] {
            var other = SiteFixture()
            other["content/pages/\(section).md"] = other["content/pages/zhengce/banfa.md"]
            #expect(other.check().first(.pathConflict)?.location.file == "content/pages/\(section).md", "\(section)")
        }
    }

    @Test func invalidBaseURL() {
        var site = SiteFixture()
        site.edit("gongkai.yaml", replacing: "https://example.gov.cn/", with: "javascript:alert(1)")
        let d = try! #require(site.check().first(.invalidURL))
        #expect(d.location == GongkaiCore.SourceLocation(file: "gongkai.yaml", line: 3, column: 11))
    }

    @Test func yamlSyntaxError() {
        expect(.yamlSyntax, line: 24, column: 24, replacing: "target: ≥52000人", with: "target: >=50")
    }

    @Test func missingFrontMatter() {
        var site = SiteFixture()
        site[project] = "没有文件头的项目"
        #expect(site.check().first(.frontMatter)?.location.file == project)
    }

    @Test func unclosedPassageFenceInNarrative() {
        expect(.passageFence, line: 36, column: 1, replacing: "项目说明正文。", with: "项目说明正文。\n::: 涉密\n忘了结束")
    }

    @Test func unknownGradeScheme() {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "    name: 测试市教育局", with: "    name: 测试市教育局\n    grade_scheme: 五档")
        #expect(site.check().first(.unknownReference)?.message.contains("五档") == true)
    }

    @Test func yearMustMatchFolder() {
        expect(.invalidValue, line: 4, column: 7, replacing: "year: 2025", with: "year: 2024", messageContains: "文件夹")
    }

    @Test func allErrorsOfARunAreReportedTogether() {
        var site = SiteFixture()
        site.edit(project, replacing: "department: JYJ", with: "department: XXX")
        site.edit(project, replacing: "spent: 1198.6", with: "spent: 很多")
        site.edit("content/pages/zhengce/banfa.md", replacing: "date: 2025-03-01", with: "date: 三月")
        let codes = Set(site.check().errors.map(\.code))
        #expect(codes == [.unknownReference, .malformedNumber, .malformedDate])
    }

    @Test func warningsDoNotFailTheBuild() {
        var site = SiteFixture()
        site.edit(project, replacing: "  published: 2025-02-18\n", with: "")
        let (report, fs) = site.build()
        #expect(report.succeeded)
        #expect(report.warnings.map(\.code) == [.missingPublishDate])
        #expect(fs.isFile("public/index.html"))
    }

    @Test func diagnosticsAreSortedByPosition() {
        var site = SiteFixture()
        site.edit(project, replacing: "spent: 1198.6", with: "spent: x")
        site.edit(project, replacing: "department: JYJ", with: "department: XXX")
        let lines = site.check().errors.map(\.location.line)
        #expect(lines == lines.sorted())
    }
}
