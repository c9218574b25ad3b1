import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Chinese text wrapped across lines in the source (`……加强预算绩效管理，` / `现将有关事项通知如下。`) was published with a
/// line end in the middle of the sentence, which Chromium and Safari show as a space (`管理， 现将`), on the page, in the
/// search snippet and in open data's plain text. A line end between two East Asian wide characters is dropped; one beside
/// a Latin letter or digit stays a space, as CSS Text's segment-break rule has it.
@Suite struct EastAsianLineBreakTests {
    @Test func aLineEndBetweenChineseCharactersIsDropped() {
        let html = Markdown.html("各单位：为进一步加强预算绩效管理，\n现将有关事项通知如下。\n")
        #expect(html == "<p>各单位：为进一步加强预算绩效管理，现将有关事项通知如下。</p>\n", "\(html)")
        #expect(Markdown.plainText("各单位：为进一步加强预算绩效管理，\n现将有关事项通知如下。") == "各单位：为进一步加强预算绩效管理，现将有关事项通知如下。")
        // Saved on Windows, the same.
        #expect(Markdown.html("各单位：为进一步加强预算绩效管理，\r\n现将有关事项通知如下。\r\n") == html)
    }

    @Test func throughEmphasisLinksQuotesListsAndTrailingSpaces() {
        #expect(Markdown.html("加强**预算绩效**\n管理") == "<p>加强<strong>预算绩效</strong>管理</p>\n")
        #expect(Markdown.html("见[办法](/zhengce/banfa/)\n第二条") == "<p>见<a href=\"/zhengce/banfa/\">办法</a>第二条</p>\n")
        #expect(Markdown.html("> 绩效目标\n> 随预算公开") == "<blockquote>\n<p>绩效目标随预算公开</p>\n</blockquote>\n")
        #expect(Markdown.html("1. 绩效目标\n   随预算公开") == "<ol>\n<li>绩效目标随预算公开</li>\n</ol>\n")
        #expect(Markdown.html("绩效目标 \n随预算公开") == "<p>绩效目标随预算公开</p>\n")
        #expect(Markdown.plainText("加强**预算绩效**\n管理") == "加强预算绩效管理")
    }

    @Test func aLineEndBesideLatinOrDigitsOrAHardBreakStays() {
        #expect(Markdown.html("按学籍系统\n2024年9月的统计") == "<p>按学籍系统\n2024年9月的统计</p>\n")
        #expect(Markdown.html("完成 PDF\n报告") == "<p>完成 PDF\n报告</p>\n")
        #expect(Markdown.html("第一行\\\n第二行") == "<p>第一行<br />\n第二行</p>\n")
        #expect(Markdown.plainText("按学籍系统\n2024年") == "按学籍系统 2024年")
        #expect(Markdown.plainText("第一行\\\n第二行") == "第一行 第二行")
        #expect(Markdown.plainText("第一行　\n第二行") == "第一行 第二行", "a full-width space the writer typed stays")
    }

    @Test func thePageAndItsSearchRecordReadTheSentenceWhole() {
        var site = SiteFixture()
        let page = "content/pages/zhengce/banfa.md", body = "第一条　为了加强预算绩效管理，制定本办法。"
        site.edit(page, replacing: body, with: "第一条　为了加强预算绩效管理，规范财政资金\n使用，制定本办法。")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect((fs.text("public/zhengce/banfa/index.html") ?? "").contains("规范财政资金使用，制定本办法"))
        let records = fs.allPaths.filter { $0.hasPrefix("public/search/") }.compactMap { fs.text($0) }.filter { $0.contains("规范财政资金") }
        #expect(!records.isEmpty && records.allSatisfy { $0.contains("规范财政资金使用") }, "\(records.map { $0.prefix(300) })")
    }
}

/// A line that starts with an enumeration's number, written under the line before (`附件：1.自评表` / `2.评分表`,
/// `1、范围` / `2、时间`), ran on after a space on the page (`1、范围 2、时间`): it starts a new line now.
@Suite struct EnumerationLineTests {
    @Test func anEnumeratedLineStartsANewLine() {
        #expect(Markdown.html("1、范围\n2、时间") == "<p>1、范围<br />\n2、时间</p>\n")
        #expect(Markdown.html("1、范围\r\n2、时间\r\n") == "<p>1、范围<br />\n2、时间</p>\n", "Windows line ends")
        #expect(Markdown.html("附件：1.自评表\n2.评分表") == "<p>附件：1.自评表<br />\n2.评分表</p>\n")
        for line in ["二、时间安排", "（二）时间安排", "(2)时间安排", "②时间安排", "第五条　本办法自发布之日起施行。", "2．时间安排", "(3）时间", "２、时间安排", "（２）时间安排", "２．时间安排"] {
            #expect(Markdown.html("一、评价范围\n" + line) == "<p>一、评价范围<br />\n\(line)</p>\n", "\(line)")
        }
    }

    /// Paragraphs pasted from Word, each on its line with the 段首缩进 of two full-width spaces and no blank line between,
    /// ran together into one paragraph: each starts a new line.
    @Test func aLineIndentedByFullWidthSpacesStartsANewLine() {
        #expect(Markdown.html("　　第一段。\n　　第二段。") == "<p>　　第一段。<br />\n　　第二段。</p>\n")
    }

    @Test func numbersThatAreNoEnumerationRunOn() {
        for line in ["2024年9月的统计", "3.5万元", "(2025年修订)", "第五条规定的情形", "二十个项目", "３．５万元"] {
            let html = Markdown.html("共计\n" + line)
            #expect(!html.contains("<br />"), "\(line): \(html)")
        }
    }
}
