import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A classified (涉密) item's words written in Traditional characters (國防專項 for 国防专项), as a clerk's document from
/// elsewhere, or an input method set to Traditional, writes them: a reader reads the same words. They were published.
@Suite("Classified words in Traditional characters")
struct ClassifiedNameTraditionalTests {
    static let page = ClassifiedCopyTests.page
    static let body = ClassifiedNameFormTests.body

    /// The fixture with the classified project named 国防专项训练场改造.
    static func site() -> SiteFixture {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.classified, replacing: "name: \(ClassifiedCopyTests.name)", with: "name: 国防专项训练场改造")
        return site
    }

    static func expectLeak(_ site: SiteFixture, _ text: String) throws {
        #expect(site.build().0.succeeded)
        var site = site
        site.edit(Self.page, replacing: Self.body, with: Self.body + text)
        let (report, fs) = site.build()
        let leak = try #require(report.first(.leak), "\(text): \(report.rendered)")
        #expect(leak.location.file == ClassifiedCopyTests.classified && leak.message.contains("抄进公开正文"), "\(report.rendered)")
        #expect(!report.succeeded && fs.outputTexts().isEmpty, "nothing is published")
        let place = try #require(report.first(.copiedWithheld), "GK901 names the copy: \(report.rendered)")
        #expect(place.location.file == Self.page, "\(place)")
    }

    @Test(arguments: ["國防專項訓練場改造已開工。", "國防专项訓练場改造已开工。"])
    func aClassifiedNameInTraditionalCharacters(_ text: String) throws {
        try Self.expectLeak(Self.site(), text)
    }

    /// The classified goal (完成青锋七号坑道口部加固) in Traditional characters.
    @Test func aClassifiedGoalInTraditionalCharacters() throws {
        try Self.expectLeak(ClassifiedCopyTests.site(), "今年完成青鋒七號坑道口部加固。")
    }

    @Test func aClassifiedGoalInTraditionalCharactersInABundle() {
        ClassifiedNameReadThroughTests.expectBundleLeak("今年完成青鋒七號坑道口部加固。")
    }

    /// A classified name written in Traditional characters in the content is found written in Simplified.
    @Test func aClassifiedNameWrittenInTraditionalIsFoundInSimplified() throws {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.classified, replacing: "name: \(ClassifiedCopyTests.name)", with: "name: 國防專項訓練場改造")
        try Self.expectLeak(site, "国防专项训练场改造已开工。")
    }

    /// Public text in Traditional characters that differs from the classified words still publishes, on the website and in
    /// a bundle.
    @Test func publicTraditionalTextStillPublishes() {
        let text = "本辦法自發布之日起施行。國防專項訓練館改造、完成青鋒八號坑道口部加固另行安排。"
        var site = Self.site()
        site.edit(Self.page, replacing: Self.body, with: Self.body + text)
        let (report, fs) = site.build()
        #expect(report.succeeded && report.first(.leak) == nil, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("本辦法自發布之日起施行") }, "published as written")
        let (result, _) = ClassifiedNameReadThroughTests.bundle(ClassifiedNameReadThroughTests.withReport(text))
        #expect(result.succeeded && !result.diagnostics.contains { $0.code == DiagnosticCode.leak }, "\(result.diagnostics)")
    }

    @Test func theMatcherReadsTraditionalAsSimplified() {
        let matcher = MultiPatternMatcher(patterns: ["国防专项训练场", "國防專項預算"], folding: true)
        #expect(matcher.matches(in: Array("國防專項訓練場".utf8)) == [0])
        #expect(matcher.matches(in: Array("國防\n專項**訓練**場".utf8)) == [0], "read through as the Simplified words are")
        #expect(matcher.matches(in: Array("国防专项预算".utf8)) == [1])
        #expect(matcher.matches(in: Array("国防专项训练馆 國防專項預覽".utf8)) == [])
        #expect(MultiPatternMatcher.folded("青鋒七號") == "青锋七号")
    }
}

/// `folded(_ text:)` is the text as the scan reads it, whatever bytes it holds: its shortcut for text with nothing to
/// fold took pure ASCII with only emphasis or strike marks (`*`, `` ` ``, `~`) between a code's pieces for folded already.
@Suite struct FoldedTextTests {
    @Test(arguments: ["JYJ**2025**009", "JYJ`2025`009", "JYJ~~2025~~009", "北山*坑道*", "QF-009", "plain words"])
    func theShortcutAgreesWithTheScan(_ text: String) {
        let scanned = Array(text.utf8).withUnsafeBufferPointer { MultiPatternMatcher.foldedWithOrigins($0).bytes }
        #expect(MultiPatternMatcher.folded(text) == String(decoding: scanned, as: UTF8.self))
    }
}
