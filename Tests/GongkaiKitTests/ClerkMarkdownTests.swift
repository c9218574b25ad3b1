import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Clerks type headings without the space Markdown needs after `#` (`##一、基本情况`): the page showed the line as text,
/// `##` and all, with nothing said. Such a line is named (GK113, a warning); a heading written right, `#1号楼`, code and a
/// withheld passage are not.
@Suite struct HeadingWithoutSpaceTests {
    static let page = "content/pages/zhengce/banfa.md"
    static let body = "第一条　为了加强预算绩效管理，制定本办法。"

    @Test func aHeadingWithoutItsSpaceIsNamedAtItsLine() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: "##一、基本情况\n\n" + Self.body + "\n\n###　（一）项目概况\n\n## 二、绩效目标\n\n#1号楼已竣工。\n\n```\n#注释\n```\n\n::: 涉密\n##涉密标题\n:::\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let lines = site[Self.page]!.components(separatedBy: "\n")
        func line(_ prefix: String) -> Int { (lines.firstIndex { $0.hasPrefix(prefix) } ?? -2) + 1 }
        let named = report.diagnostics.filter { $0.code == .headingWithoutSpace }
        #expect(named.map(\.location.line) == [line("##一、"), line("###　")] && named.allSatisfy { $0.severity == .warning && $0.location.column == 1 && $0.location.file == Self.page },
                "\(report.rendered)")
        #expect((fs.text("public/zhengce/banfa/index.html") ?? "").contains("<h2>二、绩效目标</h2>"))
    }

    @Test func aPageSavedWithWindowsLineEndsIsNamedAtTheSameLine() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n##一、基本情况\n")
        let lines = site[Self.page]!.components(separatedBy: "\n")
        let heading = (lines.firstIndex { $0.hasPrefix("##一") } ?? -2) + 1
        site.files[Self.page] = lines.joined(separator: "\r\n")
        let (report, _) = site.build()
        #expect(report.diagnostics.filter { $0.code == .headingWithoutSpace }.map(\.location.line) == [heading], "\(report.rendered)")
    }
}

/// A picture pasted from Word keeps its place on the clerk's disk (`C:\Users\…\图1.png`), a linked document its path
/// (`D:\公开\附件2.xlsx`, `file:///…`): the messages said the picture was on another website and the
/// link opened a program. They say it is a file on the clerk's computer, which the website does not have.
@Suite struct LocalPathTests {
    @Test func aPictureOrLinkToAFileOnTheClerksComputerIsNamedAsSuch() throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "第一条　为了加强预算绩效管理，制定本办法。",
                  with: "正文。\n\n![图1](C:\\Users\\clerk\\Desktop\\图1.png)\n\n[附件2](D:\\公开\\附件2.xlsx)\n\n[附件4](file:///C:/附件4.pdf)\n\n[邮件](mailto:a@example.gov.cn)\n")
        let report = site.check()
        let picture = try #require(report.first(.externalResource), "\(report.rendered)")
        #expect(picture.message.contains("本机电脑上的文件路径") && !picture.message.contains("连到那个网站"), "\(picture.message)")
        let links = report.diagnostics.filter { $0.code == .linkScheme }
        #expect(links.count == 2 && links.allSatisfy { $0.message.contains("本机电脑上的文件路径") }, "\(report.rendered)")
        #expect(Markdown.isLocalPath("c:/a.png") && !Markdown.isLocalPath("https://a.gov.cn/") && !Markdown.isLocalPath("/assets/a.png") && !Markdown.isLocalPath("mailto:a@b.cn"))
    }
}

/// A table copied from Excel or WPS and pasted into a page arrives as lines of cells separated by tabs. The page showed
/// one run of text, the rows joined (`执行数学生营养`, a line end between Chinese characters being no space). A paragraph
/// whose lines all hold the same number of tabs is drawn as a table, its first line the header; lines that do not agree
/// stay text.
@Suite struct TabTableTests {
    static let page = "content/pages/zhengce/banfa.md"
    static let body = "第一条　为了加强预算绩效管理，制定本办法。"

    @Test func rowsOfTabSeparatedCellsAreDrawnAsATable() throws {
        var site = SiteFixture()
        site.edit(Self.page, replacing: Self.body, with: Self.body + "\n\n项目名称\t预算数\t执行数\n学生营养\t1200\t1198\n校舍维修\t300\t\n\n说明\t甲\n乙\t丙\t丁\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let html = try #require(fs.text("public/zhengce/banfa/index.html"))
        #expect(html.contains("<th scope=\"col\">项目名称</th><th scope=\"col\">预算数</th><th scope=\"col\">执行数</th>"), "\(html)")
        #expect(html.contains("<td>学生营养</td><td>1200</td><td>1198</td>") && html.contains("<td>校舍维修</td><td>300</td><td></td>"), "\(html)")
        // Lines with different numbers of cells are no table.
        #expect(html.contains("说明\t甲") && !html.contains("<td>说明</td>") && !html.contains(">说明</th>"), "\(html)")
        #expect(!html.contains("执行数学生营养"))
    }

    @Test func theSearchReadsTheCellsApart() throws {
        let text = Markdown.plainText("项目名称\t预算数\n学生营养\t1200\n")
        #expect(!text.contains("预算数学生营养"), "\(text)")
    }
}
