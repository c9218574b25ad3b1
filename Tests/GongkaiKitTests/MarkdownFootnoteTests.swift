import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Footnotes (注释), as pandoc writes a Word report's notes and GitHub reads them. cmark 0.30 has none: it
/// read `[^1]: 含上年结转资金12万元。` as a link definition, so the note's text vanished from the page and the
/// open data, `[^1]` became a link to a page named after the note, and GK145 called that link dead.
@Suite("Markdown footnotes")
struct MarkdownFootnoteTests {
    static let report = """
        项目资金已全部拨付[^1]，受益学生12,000人[^生]。

        第二段再次提到资金[^1]。

        [^1]: 含上年结转资金12万元。

        [^生]: 按学籍系统
            2024年9月的统计。

        [^备]: 未被引用的注释也照样列出。
        """

    @Test func notesFollowTheTextNumberedInTheOrderTheyAreReferredTo() {
        let html = Markdown.html(Self.report)
        #expect(html.contains("<p>项目资金已全部拨付<sup class=\"footnote-ref\">[1]</sup>，受益学生12,000人<sup class=\"footnote-ref\">[2]</sup>。</p>"), "\(html)")
        #expect(html.contains("<p>第二段再次提到资金<sup class=\"footnote-ref\">[1]</sup>。</p>"), "\(html)")
        #expect(html.contains("<div class=\"footnotes\">\n<p class=\"footnotes-title\">注释</p>\n<ol>"), "\(html)")
        let notes = try? #require(html.range(of: "<div class=\"footnotes\">")).map { String(html[$0.lowerBound...]) }
        #expect(notes?.contains("<li>\n<p>含上年结转资金12万元。</p>\n</li>\n<li>\n<p>按学籍系统\n2024年9月的统计。</p>\n</li>\n<li>\n<p>未被引用的注释也照样列出。</p>\n</li>") == true, "\(html)")
        #expect(!html.contains("<a href"), "a note is no link: \(html)")
        #expect(!html.contains("[^"), "\(html)")
    }

    /// A reference to no note stays as written; a `[^1]:` line in code, or one continuing a paragraph, is no note.
    @Test func whatIsNoNoteIsLeftAlone() {
        #expect(Markdown.html("见注[^9]。") == "<p>见注[^9]。</p>\n")
        let code = Markdown.html("```\n[^1]: 代码\n```\n\n正文[^1]")
        #expect(code.contains("<code>[^1]: 代码\n</code>") && code.contains("<p>正文[^1]</p>") && !code.contains("footnotes"), "\(code)")
    }

    /// A label written twice (a note pasted twice, two reports joined): both notes are listed, neither's text is
    /// lost from the page, search or open data; the reference is numbered once.
    @Test func aLabelWrittenTwiceKeepsBothNotes() {
        let text = "资金已拨付[^1]。\n\n[^1]: 第一条注释的文字。\n\n[^1]: 第二条同名注释的文字。"
        let html = Markdown.html(text)
        #expect(html.contains("<p>第一条注释的文字。</p>") && html.contains("<p>第二条同名注释的文字。</p>"), "\(html)")
        #expect(html.components(separatedBy: "<sup class=\"footnote-ref\">[1]</sup>").count == 2, "\(html)")
        let plain = Markdown.plainText(text)
        #expect(plain.contains("第一条注释的文字。") && plain.contains("第二条同名注释的文字。"), "\(plain)")
        let shown = Markdown.asShown(text)
        #expect(shown.contains("第一条注释的文字。") && shown.contains("第二条同名注释的文字。"), "\(shown)")
    }

    @Test func searchAndOpenDataKeepTheNotes() {
        let plain = Markdown.plainText(Self.report)
        #expect(plain.contains("含上年结转资金12万元。") && plain.contains("按学籍系统 2024年9月的统计。") && plain.contains("未被引用的注释也照样列出。"), "\(plain)")
        #expect(plain.hasPrefix("项目资金已全部拨付，受益学生12,000人。"), "\(plain)")
        // Open data holds the text as written; beside raw HTML, which is dropped, the notes are kept.
        #expect(Markdown.asShown(Self.report) == Self.report)
        let shown = Markdown.asShown("正文<br>续[^1]\n\n[^1]: 注释<span>文字</span>")
        #expect(shown.contains("[^1]: 注释文字") && !shown.contains("<"), "\(shown)")
        #expect(Markdown.html(shown).contains("<p>注释文字</p>"), "\(Markdown.html(shown))")
    }

    /// A note is read with the page's safe defaults, and the checks read notes as the page shows them: an image
    /// from another server in a note is GK144's, at its line, and a program's link loses its address.
    @Test func notesKeepTheSafeDefaults() {
        let html = Markdown.html("正文[^1]\n\n[^1]: 注释<script>alert(1)</script>[点此](javascript:alert(1)) [打开](search-ms:query=x)")
        #expect(!html.contains("<script") && html.contains("<a href=\"\">点此</a>") && html.contains("<a href=\"\">打开</a>"), "\(html)")
        let images = Markdown.externalImages(in: "正文[^1]\n\n[^1]: 见图\n    ![跟踪](https://tracker.example/p.png)")
        #expect(images.map(\.line) == [4] && images.map(\.url) == ["https://tracker.example/p.png"], "\(images)")
        #expect(Markdown.disallowedLinks(in: "正文[^1]\n\n[^1]: [打开](search-ms:query=x)").map(\.line) == [3])
        #expect(Markdown.rawHTML(in: "正文[^1]\n\n\n[^1]: 注<span>文</span>").map(\.line) == [4, 4])  // the tag and its end
    }

    /// On a page: the note is shown, in search, and no dead link is reported for it; a note inside a withheld
    /// passage is nowhere in the output.
    @Test func aNoteOnAPage() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: """
            项目说明正文[^1]。

            [^1]: 含上年结转资金12万元。

            ::: 涉密
            保密段落[^密]。

            [^密]: 鼷鼯鼱注释。
            :::
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .deadLink }, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("项目说明正文<sup class=\"footnote-ref\">[1]</sup>。") && page.contains("<p>含上年结转资金12万元。</p>"), "\(page)")
        #expect(!fs.outputTexts().values.joined().contains("鼷鼯鼱"))
    }
}
