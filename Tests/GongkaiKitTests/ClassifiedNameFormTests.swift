import Foundation
import GongkaiCore
import GongkaiRender
import Testing
@testable import GongkaiKit

/// A classified (涉密) item's name or code published in a form a reader still reads as the name, which the audit's byte
/// matching did not see: broken at a line end or by a space, spelled in full-width letters, written into a link's address
/// (percent-encoded on the page), given a zero-width space where no search record strips it, or used as a public page's
/// or project's category (where an item is filed, public as a label, counted as a public name). Each was published.
@Suite("Classified names in the forms a reader recovers")
struct ClassifiedNameFormTests {
    static let name = ClassifiedCopyTests.name
    static let page = ClassifiedCopyTests.page
    static let body = "第一条　为了加强预算绩效管理，制定本办法。"

    static func expectCopy(_ file: String, _ old: String, _ new: String) throws {
        var site = ClassifiedCopyTests.site()
        #expect(site.build().0.succeeded)
        site.edit(file, replacing: old, with: new)
        let (report, fs) = site.build()
        let leak = try #require(report.first(.leak), "\(new): \(report.rendered)")
        #expect(leak.location.file == ClassifiedCopyTests.classified && leak.message.contains("抄进公开正文"), "\(report.rendered)")
        #expect(!report.succeeded)
        #expect(fs.outputTexts().isEmpty, "nothing is published")
    }

    /// Text pasted from a PDF breaks wherever the line ended, and an office document spaces words: the page shows the name
    /// with a gap (or none: a browser joins Chinese lines), the search record with a space.
    @Test(arguments: [
        "北山坑道\n加固工程已开工。", "北山\n坑道加固\n工程已开工。", "北山坑道\r\n加固工程已开工。",
        "北山坑道　加固工程已开工。", "北山坑道 加固工程已开工。", "北山坑道\t加固工程已开工。",
    ])
    func aNameBrokenByWhiteSpaceInAPublicPage(_ text: String) throws {
        try Self.expectCopy(Self.page, Self.body, Self.body + text)
    }

    @Test func aNameBrokenAcrossLinesInAPublicProjectsProblems() throws {
        try Self.expectCopy(FailClosedTests.project, "grade: 差", "grade: 差\n  problems: |\n    与北山坑道\n    加固工程衔接不足。")
    }

    /// A code typed in a Chinese input method's full-width mode.
    @Test(arguments: ["与ＪＹＪ－２０２５－００９衔接不足。", "与ＪＹＪ-2025-009衔接不足。"])
    func aCodeInFullWidthLetters(_ problems: String) throws {
        try Self.expectCopy(FailClosedTests.project, "grade: 差", "grade: 差\n  problems: \(problems)")
    }

    /// A link's address is percent-encoded on the page (`%E5%8C%97…`); the browser shows it decoded, on pointing at the
    /// link and in its address bar.
    @Test(arguments: ["[附件](https://example.org/北山坑道加固工程.pdf)", "[附件](/zhengce/北山坑道加固工程/)",
                      "[附件](https://example.org/%E5%8C%97%E5%B1%B1%E5%9D%91%E9%81%93%E5%8A%A0%E5%9B%BA%E5%B7%A5%E7%A8%8B.pdf)",
                      "[附件](https://example.org/%e5%8c%97%e5%b1%b1%e5%9d%91%e9%81%93%e5%8a%a0%e5%9b%ba%e5%b7%a5%e7%a8%8b.pdf)"])
    func aNameInALinksAddress(_ link: String) throws {
        try Self.expectCopy(Self.page, Self.body, Self.body + link)
    }

    /// A zero-width space shows nothing: in a link's title (which no search record holds) the name is still the name.
    @Test func aNameWithAZeroWidthSpaceInALinksTitle() throws {
        try Self.expectCopy(Self.page, Self.body, Self.body + "[附件](/zhengce/banfa/ \"北山坑道\u{200B}加固\u{AD}工程\")")
    }

    /// A no-break space (`&nbsp;`, Word's) in a link's title, which no search record holds.
    @Test(arguments: ["北山坑道&nbsp;加固工程", "北山坑道\u{A0}加固工程"])
    func aNameBrokenByANoBreakSpaceInALinksTitle(_ title: String) throws {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "[附件](/zhengce/banfa/ \"\(title)\")")
        let (report, fs) = site.build()
        // Written as `&nbsp;`, the public text does not say the name as the page shows it: a leak, if not named a copy.
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.location.file == ClassifiedCopyTests.classified && !report.succeeded && fs.outputTexts().isEmpty)
    }

    /// Where a public item is filed is no name of it: a public page or project filed under the classified project's name
    /// shows the name on the page, in the feed and in open data.
    @Test(arguments: [(page, "category: 政策文件", "category: \(name)"),
                      (FailClosedTests.project, "year: 2025", "year: 2025\ncategory: \(name)")])
    func aPublicItemFiledUnderAClassifiedName(_ file: String, _ old: String, _ new: String) throws {
        try Self.expectCopy(file, old, new)
    }

    /// Markdown's emphasis inside the name: the page shows it, in part bold; the website's search record holds it joined, but
    /// the people's-congress bundle has none (its report draws `北山<strong>坑道</strong>加固工程`, its open data the
    /// Markdown): the bundle was made with the name in it.
    @Test(arguments: ["北山**坑道**加固工程已开工。", "北山`坑道`加固工程已开工。", "北山_坑道_加固工程已开工。", "北山*坑道*加固工程已开工。"])
    func aNameSplitByEmphasisInABundle(_ text: String) throws {
        var site = ClassifiedCopyTests.site()
        let fs = site.fileSystem()
        let plain = PeoplesCongressBundle(fileSystem: fs).run(BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts), outputPath: "out.zip"))
        #expect(!plain.diagnostics.contains { $0.code == DiagnosticCode.leak }, "the fixture's bundle is made")
        site.edit(FailClosedTests.project, replacing: "grade: 差", with: "grade: 差\n  report: |\n    \(text)")
        let edited = site.fileSystem()
        let result = PeoplesCongressBundle(fileSystem: edited).run(BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts), outputPath: "out.zip"))
        #expect(result.diagnostics.contains { $0.code == DiagnosticCode.leak && $0.location.file == ClassifiedCopyTests.classified }, "\(result.diagnostics)")
        #expect((try? edited.read("out.zip")) == nil, "no bundle is made")
    }

    // MARK: No false alarm

    /// The project public in another year makes the name public in any form: a public page may break it across lines or
    /// file under it.
    @Test func aNamePublicInAnotherYearStaysPublicInEveryForm() {
        var site = ClassifiedCopyTests.site()
        site["content/projects/2024/JYJ-2024-009.md"] = site[FailClosedTests.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2024-009")
            .replacingOccurrences(of: "year: 2025", with: "year: 2024")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: \(Self.name)")
            .replacingOccurrences(of: "2025-02-18", with: "2024-02-18").replacingOccurrences(of: "2026-03-20", with: "2025-03-20")
        site.edit(Self.page, replacing: Self.body, with: Self.body + "北山坑道\n加固工程已开工。[附件](/zhengce/北山坑道加固工程/)")
        site.edit(Self.page, replacing: "category: 政策文件", with: "category: \(Self.name)")
        let (report, _) = site.build()
        #expect(report.first(.leak) == nil, "\(report.rendered)")
    }

    /// Words that only meet across a space: a classified name made of two public words the pages print side by side
    /// (`测试市第一中学 学生营养改善计划`) is no copy when the name is not Chinese on both sides of the gap. Between two
    /// letters or digits a space or a dash is read through (a code, `QF 2025 009`: ClassifiedNameReadThroughTests), but
    /// not an enumeration comma, a slash or a full stop.
    @Test func latinWordsAcrossASpaceAreNotJoined() {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.classified, replacing: "code: JYJ-2025-009", with: "code: QF-2025-009")
        site.edit(Self.page, replacing: Self.body, with: Self.body + "QF、2025、009 型号说明。QF/2025/009，QF. 2025. 009。")
        let (report, _) = site.build()
        #expect(report.first(.leak) == nil, "\(report.rendered)")
    }

    @Test func theMatcherFoldsAsAReaderReads() {
        let matcher = MultiPatternMatcher(patterns: ["北山坑道加固工程", "JYJ-2025-009", "ab cd"], folding: true)
        #expect(matcher.matches(in: Array("北山坑道\n\n　加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山坑道\u{A0}加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山坑道 x 加固工程".utf8)) == [])
        #expect(matcher.matches(in: Array("ＪＹＪ－２０２５\u{200B}－００９".utf8)) == [1])
        #expect(matcher.matches(in: Array("JYJ 2025-009".utf8)) == [1], "a code's hyphens and spaces are read through")
        #expect(matcher.matches(in: Array("ab\n\n cd".utf8)) == [2])
        #expect(matcher.matches(in: Array("ab, cd".utf8)) == [])
        #expect(matcher.matches(in: Array("北山<strong>坑道</strong>加固**工程**".utf8)) == [0])
        #expect(matcher.matches(in: Array("ab+cd ab<span>cd ab<p>cd".utf8)) == [], "other marks and tags between Latin letters are kept")
        #expect(matcher.matches(in: Array("ab*cd".utf8)) == [2], "emphasis between letters or digits is read through, as in a code")
        #expect(MultiPatternMatcher(patterns: ["北山坑道加固工程"]).matches(in: Array("北山坑道\n加固工程".utf8)) == [], "unfolded by default")
    }
}
