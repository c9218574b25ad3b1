import Foundation
import GongkaiCore
import GongkaiRender
import Testing
@testable import GongkaiKit

/// Red team (leak): a link to a withheld item's address inside a passage the people's congress receives
/// (`::: limited 人大`, so the website never shows it and its GK149 check never sees it) reached the bundle's report:
/// `<a href="/departments/gfd/">` published the classified department's code (too short for a fingerprint) and an
/// on-request page's address to the congress, and `gongkai bundle` exited 0. The bundle had no GK149 of its own: a
/// public passage's link too, which stops `build`, did not stop `bundle`.
@Suite struct BundleWithheldLinkTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    static func site(_ body: String) -> SiteFixture {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                  with: "        name: 测试市第一中学\n  - code: GFD\n    name: 测试市国防动员办公室\n    disclosure: 涉密")
        site["content/pages/zhengce/mimi.md"] = "---\ntitle: 核查情况说明\ndate: 2025-03-01\ndisclosure: 依申请公开\n---\n正文。\n"
        site.edit(project, replacing: "项目说明正文。", with: "项目说明正文。\n\n" + body)
        return site
    }

    static func bundle(_ site: SiteFixture) -> (BundleResult, MemoryFileSystem) {
        let fs = site.fileSystem()
        let result = PeoplesCongressBundle(fileSystem: fs).run(BundleOptions(
            siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts), outputPath: "out/b.zip"))
        return (result, fs)
    }

    @Test(arguments: [
        "::: limited 人大\n另见[国防](/departments/gfd/)。\n:::",
        "::: limited 人大\n另见[说明](../../zhengce/mimi/)。\n:::",
        "::: limited 人大\n另见<https://example.gov.cn/departments/gfd/2025/>。\n:::",
        "另见[国防](/departments/gfd/)。",
        // The code in a fragment or a query, as on the website (the link leads somewhere, or to the report itself).
        "::: limited 人大\n另见[部门](/departments/#gfd)。\n:::",
        "::: limited 人大\n另见[搜](/search/?q=GFD)。\n:::",
        "::: limited 人大\n另见[本页](#gfd)。\n:::",
    ])
    func aLinkToAWithheldItemsAddressStopsTheBundle(body: String) throws {
        let site = Self.site(body)
        let (result, fs) = Self.bundle(site)
        #expect(!result.succeeded, "\(result.diagnostics)")
        let error = try #require(result.diagnostics.first { $0.code == .withheldLink }, "\(result.diagnostics)")
        let line = try #require(site[Self.project]?.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("另见") }) + 1
        #expect(error.location.file == Self.project && error.location.line == line, "\(error)")
        #expect(!error.message.contains("gfd") && !error.message.contains("mimi"), "\(error)")
        #expect(!fs.isFile("out/b.zip"))
    }

    /// A link to what the congress receives, or to another site, is no such link.
    @Test func aLinkToAPublicOrLimitedItemStays() throws {
        let site = Self.site("::: limited 人大\n另见[项目](/projects/2025/jyj-2025-001/)和[财政部](https://www.mof.gov.cn/departments/gfd/)。\n:::")
        let (result, fs) = Self.bundle(site)
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(fs.isFile("out/b.zip"))
    }
}
