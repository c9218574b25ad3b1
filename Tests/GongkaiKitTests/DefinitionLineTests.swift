import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A line written `[附注]: 本办法自二〇二五年起施行` is a link definition to Markdown: the page never shows it, and the text
/// was lost without a word. One whose "address" is words (Chinese characters) is named (GK108, a warning) at its line;
/// a real definition (`[1]: https://…`, `[办法]: /zhengce/banfa/`), the comment idiom `[//]: # (…)`, a footnote
/// (`[^1]: …`), a line inside a code block, and one a paragraph carries on (shown as text) are not.
@Suite struct DefinitionLineTests {
    static let page = "content/pages/zhengce/banfa.md"
    static let body = "第一条　为了加强预算绩效管理，制定本办法。"

    @Test func aDefinitionLineOfWordsIsNamed() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n[附注]: 本办法自二〇二五年起施行，由市财政局负责解释。\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warning = try #require(report.diagnostics.first { $0.code == .definitionNotShown }, "\(report.rendered)")
        let lines = site[Self.page]!.components(separatedBy: "\n")
        #expect(warning.severity == .warning && warning.location.file == Self.page
                && warning.location.line == (lines.firstIndex { $0.hasPrefix("[附注]") } ?? -2) + 1 && warning.location.column == 1, "\(warning)")
        #expect(!(fs.text("public/zhengce/banfa/index.html") ?? "").contains("由市财政局负责解释"))
    }

    @Test func realDefinitionsCommentsFootnotesCodeAndParagraphsAreLeftAlone() {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + """
            见[管理办法][办法]和[国务院文件][1]。[^1]

            [办法]: /zhengce/banfa/
            [1]: https://www.gov.cn/zhengce/
            [//]: # (下次修订时补充第九条。)
            [^1]: 注：本条自发布之日起施行。

                [附注]: 缩进的代码块中照写。

            第二条　说明如下：
            [附注]: 本行接在段落之后，照常显示。
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.code == .definitionNotShown }, "\(report.rendered)")
        #expect((fs.text("public/zhengce/banfa/index.html") ?? "").contains("本行接在段落之后"))
    }
}
