import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Paragraphs pasted from Word or WPS often start with four spaces or a tab. Markdown takes such a block for code: the
/// notice was published in a fixed-width box that does not wrap (a phone shows one long line) with nothing said. A block of
/// words (Chinese characters in it) is named (GK109, a warning) at its first line; fenced code, a list item's indented
/// paragraph and an indent of full-width spaces (the Chinese 段首缩进, shown as text) are not.
@Suite struct IndentedParagraphTests {
    static let page = "content/pages/zhengce/banfa.md"
    static let body = "第一条　为了加强预算绩效管理，制定本办法。"

    @Test func paragraphsIndentedByFourSpacesOrATabAreNamed() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n    第二条　本办法适用于市级部门。\n\n    第三条　绩效目标随预算公开。\n\n第四条　各部门负责组织实施。\n\n\t第五条　本办法自发布之日起施行。\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.diagnostics.filter { $0.code == .indentedParagraph }
        let lines = site[Self.page]!.components(separatedBy: "\n")
        let second = (lines.firstIndex { $0.hasPrefix("    第二条") } ?? -2) + 1
        let fourth = (lines.firstIndex { $0.hasPrefix("\t第五条") } ?? -2) + 1
        // One block from 第二条 to 第三条 (blank lines do not end an indented block), one at the tab after a paragraph.
        #expect(warnings.map(\.location.line) == [second, fourth] && warnings.allSatisfy { $0.severity == .warning && $0.location.file == Self.page && $0.location.column == 1 },
                "\(report.rendered)")
        #expect((fs.text("public/zhengce/banfa/index.html") ?? "").contains("<pre><code>第二条"))
    }

    @Test func aPageSavedWithWindowsLineEndsIsNamedAtTheSameLine() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n    第二条　本办法适用于市级部门。\n")
        let lines = site[Self.page]!.components(separatedBy: "\n")
        let second = (lines.firstIndex { $0.hasPrefix("    第二条") } ?? -2) + 1
        site.files[Self.page] = lines.joined(separator: "\r\n")
        let (report, _) = site.build()
        #expect(report.diagnostics.filter { $0.code == .indentedParagraph }.map(\.location.line) == [second], "\(report.rendered)")
    }

    @Test func fencedCodeListParagraphsAndFullWidthIndentsAreLeftAlone() {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + """


            　　第二条　段首缩进两个全角空格，照常显示。

            1. 第一项

                第一项的第二段，缩进属于列表。

            ```
            第三条　围栏中的代码照写。
            ```

                ./gongkai build --site 站点
            """)
        let (report, _) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        // The last block is code of commands with one Chinese word: still named, since the page cannot tell; the others are not.
        let lines = site[Self.page]!.components(separatedBy: "\n")
        #expect(report.diagnostics.filter { $0.code == .indentedParagraph }.map(\.location.line) == [(lines.firstIndex { $0.hasPrefix("    ./gongkai") } ?? -2) + 1],
                "\(report.rendered)")
    }
}
