import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A public page whose file is named with a classified project's code (`jyj-2025-009-shuoming.md`) publishes the code in
/// its address, its listing's links, the sitemap and search: the audit scans paths, and the public pages' address words
/// that count as markup (so that a withheld passage may link to a public page) must not approve a classified code.
@Suite struct PageAddressCodeTests {
    @Test func aPublicPageNamedWithAClassifiedCodeFailsTheBuild() throws {
        var site = ClassifiedCopyTests.site()
        site["content/pages/zhengce/jyj-2025-009-shuoming.md"] = "---\ntitle: 项目情况说明\ndate: 2025-03-01\ncategory: 政策文件\n---\n说明正文。\n"
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")
        #expect(fs.outputTexts().isEmpty)
    }
}
