import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// More forms of a classified (涉密) name or code a reader reads as the name, which the audit did not read through: a code
/// with a link around a piece of it (`JYJ-[2025](/x/)-009`, published in a people's-congress bundle), and a name split by a
/// middle dot, a slash or an image between two Chinese characters. And the place of a copy the audit reads through to
/// (`JYJ 2025 009`, a name broken across lines or by emphasis), which GK901 did not name.
@Suite("Classified names read through more separators, and the place of a folded copy")
struct ClassifiedNameGapTests {
    static let name = ClassifiedCopyTests.name
    static let page = ClassifiedCopyTests.page
    static let body = ClassifiedNameFormTests.body

    // MARK: A code split by a link

    static let linkedCodes = ["JYJ-[2025](/x/)-009", "JYJ-2025-[009](/x/)", "[JYJ](/x/)-2025-009", "JYJ-[2025](/x/ \"说明\")-009",
                              "[JYJ-2025](/x/)-009"]

    @Test(arguments: linkedCodes)
    func aCodeSplitByALinkInABundle(_ code: String) {
        ClassifiedNameReadThroughTests.expectBundleLeak("与\(code)项目衔接。")
    }

    @Test(arguments: linkedCodes)
    func aCodeSplitByALinkInAPublicPage(_ code: String) throws {
        try ClassifiedNameFormTests.expectCopy(Self.page, Self.body, Self.body + "参照\(code)执行。")
    }

    /// A public code split by a link, and a classified code's pieces linked but parted by other punctuation, still publish.
    @Test func aPublicCodeSplitByALinkStillPublishes() {
        let text = "参照JYJ-[2025](/zhengce/banfa/)-001执行，JYJ/[2025](/zhengce/banfa/)/009另议。"
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + text)
        let (report, _) = site.build()
        #expect(report.succeeded && report.first(.leak) == nil, "\(report.rendered)")
        let (result, _) = ClassifiedNameReadThroughTests.bundle(ClassifiedNameReadThroughTests.withReport(text))
        #expect(result.succeeded && !result.diagnostics.contains { $0.code == DiagnosticCode.leak }, "\(result.diagnostics)")
    }

    // MARK: A name split by a middle dot, a slash or an image

    static let splitNames = ["北山·坑道加固工程", "北山・坑道加固工程", "北山•坑道加固工程", "北山‧坑道加固工程", "北山/坑道加固工程",
                             "北山／坑道加固工程", "北山![](/assets/a.png)坑道加固工程", "北山![坑道](/assets/a.png)加固工程"]

    @Test(arguments: splitNames)
    func aNameSplitByADotASlashOrAnImageInAPublicPage(_ text: String) throws {
        try ClassifiedNameFormTests.expectCopy(Self.page, Self.body, Self.body + text + "已开工。")
    }

    @Test(arguments: splitNames)
    func aNameSplitByADotASlashOrAnImageInABundle(_ text: String) {
        ClassifiedNameReadThroughTests.expectBundleLeak(text + "已开工。")
    }

    /// An image with a description of its own between the name's characters: the page draws `<img alt="图">`, which the
    /// scan reads through (its description on its own), so the page holds the name, while the Markdown reads `北山坑道图加固工程`.
    /// The page's leak stops the build (and GK901 names the place: `aFoldedCopyIsNamedAtItsPlaceInThePagesFile`).
    @Test func aNameSplitByAnImageWithADescriptionInAPublicPage() throws {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "北山坑道![图](/assets/a.png \"示意\")加固工程已开工。")
        let (report, fs) = site.build()
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.location.file == ClassifiedCopyTests.classified && !report.succeeded && fs.outputTexts().isEmpty, "\(report.rendered)")
        ClassifiedNameReadThroughTests.expectBundleLeak("北山坑道![图](/assets/a.png \"示意\")加固工程已开工。")
    }

    @Test(arguments: ["北山·坑道加固工程", "北山/坑道加固工程"])
    func aNameSplitByADotOrASlashInAPublicProjectsProblems(_ text: String) throws {
        try ClassifiedNameFormTests.expectCopy(FailClosedTests.project, "grade: 差", "grade: 差\n  problems: 与\(text)衔接不足。")
    }

    /// Public texts that merely hold these characters, or differ from the name, still publish: the website and the bundle.
    @Test func publicTextsWithDotsSlashesAndImagesStillPublish() {
        let text = "北山·隧道加固工程、北山/坑道维修工程、北山![](/assets/a.png)隧道加固工程已开工。教育·卫生/文化支出另行安排。"
            + "北山坑道/加固维修工程。JYJ·2025·009、JYJ/2025/009另议。"
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + text)
        let (report, fs) = site.build()
        #expect(report.succeeded && report.first(.leak) == nil, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("北山·隧道加固工程") })
        let (result, _) = ClassifiedNameReadThroughTests.bundle(ClassifiedNameReadThroughTests.withReport(text))
        #expect(result.succeeded && !result.diagnostics.contains { $0.code == DiagnosticCode.leak }, "\(result.diagnostics)")
    }

    @Test func theMatcherReadsThroughDotsSlashesAndImagesBetweenChineseCharacters() {
        let matcher = MultiPatternMatcher(patterns: [Self.name, "JYJ-2025-009", "坑道加固工程"], folding: true)
        #expect(matcher.matches(in: Array("北山<img src=\"/assets/a.png\" alt=\"\" />坑道加固工程".utf8)) == [0, 2])
        #expect(matcher.matches(in: Array("北山·坑道加固工程 北山/坑道加固工程".utf8)) == [0, 2])
        #expect(matcher.matches(in: Array("北山<div>坑道</div>加固工程".utf8)) == [], "a block's tags still part words")
        #expect(matcher.matches(in: Array("JYJ-<a href=\"/x/\">2025</a>-009".utf8)) == [1])
        #expect(matcher.matches(in: Array("JYJ-<a href=\"/北山坑道加固工程/\">2025</a>-009".utf8)) == [0, 1, 2], "the address is still read")
        #expect(matcher.matches(in: Array("JYJ-[2025](/%E5%8C%97%E5%B1%B1%E5%9D%91%E9%81%93%E5%8A%A0%E5%9B%BA%E5%B7%A5%E7%A8%8B/)-009".utf8)) == [0, 1, 2])
        #expect(matcher.matches(in: Array("JYJ·2025·009 JYJ/2025/009 JYJ-<img src=\"a.png\" />2025-009 JYJ-![](a.png)2025-009".utf8)) == [],
                "between a code's letters and digits a dot, a slash or an image still parts it")
    }

    // MARK: Where a folded copy was pasted (GK901)

    /// A copy the scan reads through to is named at its line and column in the page's own file, as an exact copy is.
    @Test(arguments: [
        ("参照JYJ 2025 009执行。", "JYJ 2025 009"),
        ("今年北山**坑道**加固工程已开工。", "北山**坑道"),
        ("今年北山坑道\n加固工程已开工。", "北山坑道\n"),
        ("今年北山·坑道加固工程已开工。", "北山·坑道"),
        ("参照JYJ-[2025](/x/)-009执行。", "JYJ-[2025]"),
        ("今年北山[坑道](/x/)加固工程已开工。", "北山[坑道]"),
        // The page draws the picture's description as its `alt`, which the scan reads on its own.
        ("今年北山坑道![图](/assets/a.png \"示意\")加固工程已开工。", "北山坑道!"),
    ])
    func aFoldedCopyIsNamedAtItsPlaceInThePagesFile(_ copy: String, _ startsWith: String) throws {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n" + copy)
        let (report, _) = site.build(showWithheld: true)
        #expect(report.diagnostics.contains { $0.code == .leak && $0.location.file == ClassifiedCopyTests.classified }, "\(report.rendered)")
        let places = report.diagnostics.filter { $0.code == .copiedWithheld }
        let place = try #require(places.first, "\(copy): \(report.rendered)")
        let lines = site[Self.page]!.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains(startsWith.components(separatedBy: "\n")[0]) }) + 1
        let column = lines[line - 1].components(separatedBy: startsWith.components(separatedBy: "\n")[0])[0].count + 1
        #expect(places.allSatisfy { $0.location.file == Self.page && $0.location.line == line && $0.location.column == column },
                "\(copy): \(places)")
        let (quiet, _) = site.build()
        #expect(quiet.diagnostics.filter { $0.code == .copiedWithheld }.allSatisfy { !$0.message.contains(Self.name) && !$0.message.contains("JYJ") })
    }

    /// A picture's description is blanked byte for byte (nested brackets and escapes its own); an escaped `\\![`, a link and
    /// an unclosed description are left as they are.
    @Test func picturesDescriptionsAreBlankedByteForByte() {
        func blanked(_ text: String) -> String { String(decoding: MultiPatternMatcher.blankingPictureDescriptions(Array(text.utf8)), as: UTF8.self) }
        #expect(blanked("北山![图](a.png)坑道") == "北山![   ](a.png)坑道")
        #expect(blanked("![a[b]\\]c](x) ![d][r]") == "![       ](x) ![ ][r]")
        #expect(blanked("\\![图](a.png) [图](a.png) ![图") == "\\![图](a.png) [图](a.png) ![图")
    }

    /// A copy in a public project's free text, broken across the lines of a YAML block, is named where it starts.
    @Test func aFoldedCopyInAProjectsProblemsIsNamedAtItsPlace() throws {
        var site = ClassifiedCopyTests.site()
        site.edit(FailClosedTests.project, replacing: "grade: 差", with: "grade: 差\n  problems: |\n    与北山坑道\n    加固工程衔接不足。")
        let (report, _) = site.build(showWithheld: true)
        let place = try #require(report.diagnostics.first { $0.code == .copiedWithheld }, "\(report.rendered)")
        let lines = site[FailClosedTests.project]!.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("与北山坑道") }) + 1
        #expect(place.location.file == FailClosedTests.project && place.location.line == line
                && place.location.column == lines[line - 1].components(separatedBy: "北山")[0].count + 1, "\(place)")
    }
}
