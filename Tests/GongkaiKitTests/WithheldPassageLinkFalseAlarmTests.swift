import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Red team (false alarm, fail closed): a withheld passage linking to a public page (`详见[办法](/zhengce/banfa/)`, or
/// the site's own address) stopped the build with a GK900 on every page: the raw fence reading took the page's folder
/// (`zhengce`) and the site's host (`example`) for withheld words, since its public text is the content files' text,
/// and a page's address comes from its file's name, not its text. The clerk was told every page holds withheld content
/// “zhengce”. The public pages' addresses and the site's own address are public on every page, as the theme's words are.
@Suite struct WithheldPassageLinkFalseAlarmTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    @Test(arguments: ["::: 涉密", "::: limited 人大", "::: 依申请公开"])
    func aWithheldPassageMayLinkToAPublicPage(fence: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: """
        项目说明正文。

        \(fence)
        内部说明甲乙丙丁，详见[办法](/zhengce/banfa/)，原文在 https://example.gov.cn/zhengce/banfa/ 。
        :::
        """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")
        for (path, text) in fs.outputTexts() { #expect(!text.contains("内部说明甲乙丙丁"), "\(path)") }
    }

    /// The passage's own words still stop the build where they leak.
    @Test func itsWordsAreStillFingerprints() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: 涉密\n详见[办法](/zhengce/banfa/)。青锋七号工程部署情况。\n:::")
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。另见青锋七号工程部署情况。")
        let report = site.check()
        #expect(report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")
    }
}
