import Foundation
import GongkaiCore
import GongkaiRender
import Testing
@testable import GongkaiKit

/// A classified (涉密) item's name or code published in more forms a reader still reads as the name, which the audit's
/// folding did not read through: a name split by a Markdown link (`北山[坑道](/x/)加固工程`: the page and the bundle's report
/// draw `<a href="/x/">` between the characters, the bundle's open data keeps the Markdown, and a bundle has no search record
/// that holds the name joined), a code written without its hyphens, spaced, or with other dashes (`JYJ 2025 009`,
/// `JYJ—2025—009`), and characters a page shows as nothing or as a gap, or as the same character (a variation selector, a
/// thin space, a compatibility ideograph or a Kangxi radical). Each was published.
@Suite("Classified names read through links, dashes and look-alike characters")
struct ClassifiedNameReadThroughTests {
    static let name = ClassifiedCopyTests.name
    static let classified = ClassifiedCopyTests.classified
    static let page = ClassifiedCopyTests.page
    static let body = ClassifiedNameFormTests.body

    static func bundle(_ site: SiteFixture) -> (BundleResult, MemoryFileSystem) {
        let fs = site.fileSystem()
        let result = PeoplesCongressBundle(fileSystem: fs).run(BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts),
                                                                             outputPath: "out.zip"))
        return (result, fs)
    }

    /// The public project's report (published in the people's-congress bundle, accounts stage) holding `text`.
    static func withReport(_ text: String) -> SiteFixture {
        var site = ClassifiedCopyTests.site()
        site.edit(FailClosedTests.project, replacing: "grade: 差", with: "grade: 差\n  report: |\n    \(text)")
        return site
    }

    static func expectBundleLeak(_ text: String) {
        #expect(!bundle(ClassifiedCopyTests.site()).0.diagnostics.contains { $0.code == DiagnosticCode.leak }, "the fixture's bundle is made")
        let (result, fs) = bundle(withReport(text))
        #expect(result.diagnostics.contains { $0.code == DiagnosticCode.leak && $0.location.file == classified }, "\(text): \(result.diagnostics)")
        #expect((try? fs.read("out.zip")) == nil, "no bundle is made: \(text)")
    }

    // MARK: A name split by a link

    /// `北山[坑道](/x/)加固工程`: the report draws `北山<a href="/x/">坑道</a>加固工程`, the project's open data keeps the Markdown.
    @Test(arguments: ["北山[坑道](/x/)加固工程已开工。", "北山[坑道](/x/ \"说明\")加固工程已开工。", "北山[坑道][1]加固工程已开工。\n\n    [1]: /x/",
                      "[北山坑道](/x/)[加固工程](/y/)已开工。", "北山坑道\\\n    加固工程已开工。"])
    func aNameSplitByALinkInABundle(_ text: String) {
        Self.expectBundleLeak(text)
    }

    /// A footnote's reference inside the name: the report draws `北山坑道<sup class="footnote-ref">[1]</sup>加固工程`, which a
    /// reader reads as the name with a note's number in it; the open data keeps `北山坑道[^1]加固工程`.
    @Test func aNameSplitByAFootnoteReferenceInABundle() {
        Self.expectBundleLeak("北山坑道[^1]加固工程已开工。\n\n    [^1]: 注。")
    }

    @Test(arguments: ["北山[坑道](/x/)加固工程已开工。", "北山[坑道](/x/ \"说明\")加固工程已开工。"])
    func aNameSplitByALinkInAPublicPage(_ text: String) throws {
        try ClassifiedNameFormTests.expectCopy(Self.page, Self.body, Self.body + text)
    }

    // MARK: A code written without its hyphens

    static let codeForms = ["JYJ2025009", "JYJ 2025 009", "JYJ－2025－009", "JYJ—2025—009", "JYJ–2025–009", "JYJ_2025_009",
                            "JYJ\u{2010}2025\u{2010}009", "JYJ\u{2212}2025\u{2212}009", "JYJ - 2025 - 009", "ＪＹＪ　２０２５　００９"]

    @Test(arguments: codeForms)
    func aCodeWithoutItsHyphensInAPublicProjectsProblems(_ code: String) throws {
        try ClassifiedNameFormTests.expectCopy(FailClosedTests.project, "grade: 差", "grade: 差\n  problems: 与\(code)项目衔接不足。")
    }

    @Test(arguments: codeForms)
    func aCodeWithoutItsHyphensInAPublicPage(_ code: String) throws {
        try ClassifiedNameFormTests.expectCopy(Self.page, Self.body, Self.body + "参照\(code)执行。")
    }

    @Test(arguments: ["JYJ 2025 009", "JYJ—2025—009", "JYJ-**2025**-009", "JYJ-2025-*009*", "JYJ**2025**009"])
    func aCodeWithoutItsHyphensInABundle(_ code: String) {
        Self.expectBundleLeak("与\(code)项目衔接。")
    }

    /// GK900 names the classified project's file and quotes neither the code nor the name.
    @Test func theDiagnosticNamesTheItemAndQuotesNothingWithheld() throws {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "参照JYJ 2025 009执行。")
        let (report, _) = site.build()
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.location.file == Self.classified)
        for d in report.diagnostics {
            #expect(!d.message.contains("2025009") && !d.message.contains("JYJ-2025-009") && !d.message.contains(Self.name), "\(d.message)")
        }
    }

    // MARK: Characters a page shows as nothing, as a gap, or as the same character

    @Test(arguments: ["北\u{FE0F}山坑道加固工程", "北山\u{034F}坑道加固工程", "北山\u{2062}坑道加固工程", "北山坑道\u{2009}加固工程",
                      "北山坑道\u{2002}加固工程", "北山坑道\u{202F}加固工程", "北山\u{3164}坑道加固工程", "北山坑道加固\u{2F2F}程",
                      "\u{F963}山坑道加固工程", "北\u{E0100}山坑道加固工程"])
    func aNameInLookAlikeCharacters(_ text: String) throws {
        try ClassifiedNameFormTests.expectCopy(Self.page, Self.body, Self.body + text + "已开工。")
        Self.expectBundleLeak(text + "已开工。")
    }

    // MARK: No false alarm

    /// A public code written without its hyphens, a Chinese phrase split by a link, and a code beside a year stay public.
    @Test func similarPublicTextsStillBuild() {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body
            + "参照JYJ 2025 001、JYJ—2025—001执行。北山[隧道](/zhengce/banfa/)加固工程已开工，北山坑道维修工程另行安排。JYJ、2025、009。JYJ 2025年")
        let (report, fs) = site.build()
        #expect(report.succeeded && report.first(.leak) == nil, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("JYJ 2025 001") })
        let (result, _) = Self.bundle(Self.withReport("北山[隧道](/x/)加固工程已开工，参照JYJ 2025 001执行。"))
        #expect(result.succeeded && !result.diagnostics.contains { $0.code == DiagnosticCode.leak }, "\(result.diagnostics)")
    }

    /// The project public in another year makes its code public written any way.
    @Test func aCodePublicInAnotherYearStaysPublicWithoutHyphens() {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.classified, replacing: "code: JYJ-2025-009", with: "code: JYJ-009")
        site["content/projects/2024/JYJ-009.md"] = site[FailClosedTests.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-009")
            .replacingOccurrences(of: "year: 2025", with: "year: 2024")
            .replacingOccurrences(of: "2025-02-18", with: "2024-02-18").replacingOccurrences(of: "2026-03-20", with: "2025-03-20")
        site.edit(Self.page, replacing: Self.body, with: Self.body + "参照JYJ 009执行。")
        let (report, _) = site.build()
        #expect(report.first(.leak) == nil, "\(report.rendered)")
    }

    @Test func theMatcherReadsThroughLinksDashesAndLookAlikes() {
        let matcher = MultiPatternMatcher(patterns: ["北山坑道加固工程", "JYJ-2025-009", "QF-009"], folding: true)
        #expect(matcher.matches(in: Array("北山<a href=\"/x/\">坑道</a>加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山<a href=\"/x/\" title=\"t\">坑道</a>加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山[坑道](/x/)加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山坑道<br />\n加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山<!-- raw HTML omitted -->坑道加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("<a href=\"/%E5%8C%97%E5%B1%B1%E5%9D%91%E9%81%93%E5%8A%A0%E5%9B%BA%E5%B7%A5%E7%A8%8B/\">附件</a>".utf8)) == [0],
                "a link's address is still read")
        #expect(matcher.matches(in: Array("<a href=\"/x/\" title=\"北山坑道加固工程\">附件</a>".utf8)) == [0], "and its title")
        #expect(matcher.matches(in: Array("北山坑道<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\">1</a></sup>加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山坑道[^1]加固工程".utf8)) == [0])
        #expect(matcher.matches(in: Array("北山坑道<sup>1</sup>加固工程 北山<!-- 坑道加固工程".utf8)) == [], "an unclosed comment is read as text")
        #expect(matcher.matches(in: Array("北山<a href=\"/x/\">隧道</a>加固工程".utf8)) == [])
        #expect(matcher.matches(in: Array("北山<div>坑道</div>加固工程".utf8)) == [], "a block's tags still part words")
        for code in Self.codeForms { #expect(matcher.matches(in: Array("与\(code)衔接".utf8)) == [1], "\(code)") }
        #expect(matcher.matches(in: Array("QF 009".utf8)) == [2])
        #expect(matcher.matches(in: Array("JYJ-<strong>2025</strong>-009 JYJ-**2025**-009".utf8)) == [1])
        #expect(matcher.matches(in: Array("JYJ-<a href=\"/x/\">2025</a>-009".utf8)) == [1], "a link inside a code is read through")
        #expect(matcher.matches(in: Array("JYJ、2025、009 JYJ/2025/009 JYJ.2025.009".utf8)) == [])
        #expect(matcher.matches(in: Array("北\u{FE0F}山坑道加固\u{2F2F}程".utf8)) == [0])
        #expect(MultiPatternMatcher(patterns: ["JYJ 2025 009"], folding: true).matches(in: Array("JYJ-2025-009".utf8)) == [0])
    }
}
