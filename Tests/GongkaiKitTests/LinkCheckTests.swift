import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Dead links (GK145): every link on a built page leads to a file the build wrote.
@Suite("Dead links")
struct LinkCheckTests {
    static let page = "content/pages/zhengce/banfa.md"

    func site(_ body: String, baseURL: String? = nil) -> SiteFixture {
        var site = SiteFixture()
        site.edit(Self.page, replacing: "第一条　为了加强预算绩效管理，制定本办法。", with: "第一条　为了加强预算绩效管理，制定本办法。\n\n" + body)
        if let baseURL { site.edit("gongkai.yaml", replacing: "base_url: https://example.gov.cn/", with: "base_url: \(baseURL)") }
        return site
    }

    @Test func aLinkToNoPageIsNamedWhereItIsWritten() throws {
        let site = site("见[项目](/projects/2099/nope/)和[上一级](../../nothing/)；[正确的](/projects/2025/jyj-2025-001/)、[相对的](../../projects/2025/jyj-2025-001/)、[外部](https://www.mof.gov.cn/)和[本页](#top)都可以。")
        let (report, _) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let dead = report.diagnostics.filter { $0.code == .deadLink }
        #expect(dead.count == 2, "\(report.rendered)")
        let lines = try #require(site[Self.page]).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("/projects/2099/nope/") }) + 1
        #expect(dead.allSatisfy { $0.location.file == Self.page && $0.location.line == line && $0.severity == .warning })
        #expect(dead.contains { $0.message.contains("“/projects/2099/nope/”") && $0.message.contains("没有 projects/2099/nope/index.html") })
        #expect(dead.contains { $0.message.contains("“../../nothing/”") })
    }

    /// The page holds `&amp;` and percent-encoded Chinese; the message and the position are the clerk's text.
    @Test func aLinkIsNamedAsItIsWritten() throws {
        let site = site("正文\n\n另见[附件](/projects/2099/x/#第二节)和[查询](../nothing/?a=1&b=2#x)。")
        let dead = site.build().0.diagnostics.filter { $0.code == .deadLink }
        let line = try #require(site[Self.page]!.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("另见") }) + 1
        #expect(dead.map(\.location.line) == [line, line], "\(dead)")
        #expect(dead.contains { $0.message.contains("“/projects/2099/x/#第二节”") } && dead.contains { $0.message.contains("“../nothing/?a=1&b=2#x”") }, "\(dead)")
    }

    @Test func aLinkOutOfTheSitesFolderIsNamed() {
        // The site lives under /gk/: a link from the server's root misses it; one escaping with ../ too.
        let report = site("[根目录](/projects/2025/jyj-2025-001/)，[站内](/gk/projects/2025/jyj-2025-001/)，[上上级](../../../../etc/passwd)",
                          baseURL: "https://example.gov.cn/gk/").build().0
        let dead = report.diagnostics.filter { $0.code == .deadLink }
        #expect(dead.count == 2 && dead.allSatisfy { $0.message.contains("网站文件夹之外") }, "\(report.rendered)")
    }

    @Test func theExampleAndTheFixtureHaveNone() {
        #expect(!SiteFixture().build().0.diagnostics.contains { $0.code == .deadLink })
    }

    /// Pages reach the check in the order threads finish them, which varies between runs: a dead target linked from several
    /// pages is reported at the first of them in path order, whichever was rendered first.
    @Test func aDeadLinkIsReportedAtTheSamePageWhateverTheOrder() {
        let pages = [("zhengce/b/index.html", "<a href=\"../../nothing/\">"), ("a/index.html", "<a href=\"../nothing/\">"),
                     ("zhengce/a/index.html", "<a href=\"/nothing/\">"), ("index.html", "<a href=\"nothing/#x\">")]
        var answers = Set<String>()
        for order in [pages, pages.reversed(), [pages[2], pages[0], pages[3], pages[1]]] {
            let check = LinkCheck(baseURL: "https://example.gov.cn/")
            for (path, html) in order { check.add(path: path, data: Data(html.utf8)) }
            answers.insert(check.broken().map { "\($0.page) \($0.link) \($0.missing)" }.joined(separator: "\n"))
        }
        #expect(answers == ["a/index.html ../nothing/ nothing/"], "\(answers)")
    }

    @Test func linksAreResolvedAsABrowserWould() {
        let check = LinkCheck(baseURL: "https://example.gov.cn/")
        #expect(check.resolve("../b/?x=1#y", from: "a/c") == "a/b/")
        #expect(check.resolve("/assets/style.css", from: "a/c") == "assets/style.css")
        #expect(check.resolve("../../..", from: "a/c") == nil)
        #expect(check.resolve("../../departments/jyj/", from: "a/c") == "departments/jyj/")
        #expect(check.resolve("../../x/../y", from: "a/c") == "y" && check.resolve("../../../y", from: "a/c") == nil)
        #expect(check.resolve("%E6%94%BF%E7%AD%96/", from: "") == "政策/")
        #expect(LinkCheck.links(in: Data("<a href=\"x/\"> <img src=\"y.png\"> <a href=\"#z\"> <a href=\"mailto:a@b\"> <img src=\"data:image/png;base64,iVBO=\"> <a href=\"\">".utf8))
                == ["x/", "y.png", "#z", "mailto:a@b", "data:image/png;base64,iVBO="])
    }
    /// A public page linking to a withheld item's address (`[国防项目](/projects/2025/gfd-001/)`, `/departments/gfd/2025/`)
    /// published the withheld code in the link, and the build passed with a dead-link warning whose message hid the code:
    /// the audit's fingerprints are written as the code is (`GFD-001`), the address lower-cased, and a department's code
    /// is too short to be one. Such a link is now an error, GK149, at the link; a dead link to nothing withheld stays GK145.
    @Test func aLinkToAWithheldItemsAddressIsAnError() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "department: JYJ\n", with: "department: JYJ\ndisclosure: 涉密\n")
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。详见[营养项目](/projects/2025/jyj-2025-001/)，另见[旧页](/zhengce/nothing/)。")
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code.rawValue == "GK149" }, "\(report.rendered)")
        #expect(error.severity == .error && error.location.file == "content/pages/zhengce/banfa.md" && error.location.line == 6, "\(error)")
        #expect(!error.message.contains("jyj-2025-001"), "\(error)")
        #expect(report.diagnostics.contains { $0.code == .deadLink && $0.message.contains("/zhengce/nothing/") }, "\(report.rendered)")
        #expect(!fs.isFile("public/zhengce/banfa/index.html"))
    }

    /// Red team (leak): the same link written as an absolute address on the site's own host, as a clerk copies it from
    /// the browser's address bar (`https://example.gov.cn/departments/gfd/`, an autolink, `//EXAMPLE.gov.cn/…`, `http:`),
    /// was taken for a link to another site and never checked: the build passed and the page published the classified
    /// department's code (too short to be a fingerprint) and an on-request page's address. Now GK149 as the relative
    /// link is. An absolute link on the host that leads to no built file but names nothing withheld stays unchecked (the
    /// host may serve more than this site), and so does one outside the site's folder.
    @Test func anAbsoluteLinkOnTheSitesOwnHostToAWithheldItemIsAnError() throws {
        let links = [
            "[国防](https://example.gov.cn/departments/gfd/)", "<https://example.gov.cn/zhengce/mimi/>",
            "[国防](//EXAMPLE.gov.cn/gk/departments/gfd/)", "[说明](HTTP://example.gov.cn/gk/zhengce/mimi/#x)",
        ]
        for (i, link) in links.enumerated() {
            var site = site("另见\(link)。", baseURL: i < 2 ? nil : "https://example.gov.cn/gk/")
            site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                      with: "        name: 测试市第一中学\n  - code: GFD\n    name: 测试市国防动员办公室\n    disclosure: 涉密")
            site["content/pages/zhengce/mimi.md"] = "---\ntitle: 核查情况说明\ndate: 2025-03-01\ndisclosure: 依申请公开\n---\n正文。\n"
            let (report, fs) = site.build()
            #expect(!report.succeeded, "\(link): \(report.rendered)")
            let error = try #require(report.diagnostics.first { $0.code == .withheldLink }, "\(link): \(report.rendered)")
            #expect(error.location.file == Self.page && error.location.line == 8, "\(error)")
            #expect(!fs.isFile("public/zhengce/banfa/index.html"))
        }
        // Live, another part of the host, outside the site's folder, another site: no diagnostic.
        let fine = site("见[项目](https://example.gov.cn/gk/projects/2025/jyj-2025-001/)、[门户](https://example.gov.cn/gk/zwgk/list.html)、"
                        + "[根](https://example.gov.cn/other/)和[财政部](https://www.mof.gov.cn/departments/gfd/)。", baseURL: "https://example.gov.cn/gk/").build().0
        #expect(fine.succeeded && !fine.diagnostics.contains { $0.code == .deadLink || $0.code == .withheldLink }, "\(fine.rendered)")
    }

    /// Red team (leak): the address of a withheld item's open data (`/data/departments/2025/gfd.json`, as the site names a
    /// department's data) holds its code as a file name, not as a whole segment: GK149 missed it, the build passed with a
    /// dead-link warning quoting the address, and the page published the classified department's code.
    @Test(arguments: ["[数据](/data/departments/2025/gfd.json)", "[表](../../data/departments/2025/GFD.csv)", "[页](/departments/gfd.html)"])
    func aLinkToAWithheldItemsFileIsAnError(link: String) throws {
        var site = site("另见\(link)。")
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                  with: "        name: 测试市第一中学\n  - code: GFD\n    name: 测试市国防动员办公室\n    disclosure: 涉密")
        let (report, _) = site.build()
        #expect(!report.succeeded, "\(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .withheldLink }, "\(report.rendered)")
        #expect(error.location.file == Self.page && error.location.line == 8, "\(error)")
        #expect(!report.rendered.lowercased().contains("gfd"), "\(report.rendered)")
    }

    /// Red team (leak): a live link whose fragment or query names a withheld code (`/departments/#gfd`, `/search/?q=GFD`,
    /// `#gfd-001` on the page itself) leads somewhere, so no dead-link check looked at it, and the page published the
    /// classified department's code, too short for the audit's fingerprints. GK149 at its place, the code not quoted.
    @Test(arguments: ["[部门](/departments/#gfd)", "[搜](/search/?q=GFD)", "[本页](#gfd)", "[查](../../search/?q=a&d=gfd-2025)"])
    func aLiveLinkWhoseFragmentOrQueryNamesAWithheldItemIsAnError(link: String) throws {
        var site = site("另见\(link)。")
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                  with: "        name: 测试市第一中学\n  - code: GFD\n    name: 测试市国防动员办公室\n    disclosure: 涉密")
        if link.contains("gfd-2025") {
            site["content/projects/2025/GFD-2025.md"] = site["content/projects/2025/JYJ-2025-001.md"]!
                .replacingOccurrences(of: "code: JYJ-2025-001", with: "code: GFD-2025").replacingOccurrences(of: "department: JYJ", with: "department: GFD")
                .replacingOccurrences(of: "unit: JYJ-01\n", with: "")
        }
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(link): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .withheldLink }, "\(link): \(report.rendered)")
        #expect(error.location.file == Self.page && error.location.line == 8, "\(error)")
        #expect(!report.rendered.lowercased().contains("gfd"), "\(report.rendered)")
        #expect(!fs.isFile("public/zhengce/banfa/index.html"))
        // A fragment or query of other words is fine.
        let fine = self.site("另见[部门](/departments/#jyj)和[搜](/search/?q=营养)。").build().0
        #expect(fine.succeeded && !fine.diagnostics.contains { $0.code == .withheldLink }, "\(fine.rendered)")
    }
}
