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
