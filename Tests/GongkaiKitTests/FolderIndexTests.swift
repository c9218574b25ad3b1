import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A reader who shortens an address (`/projects/2025/jyj-2025-001/` → `/projects/2025/`, `/zhengce/banfa/` →
/// `/zhengce/`) finds a page there, not the 404: every folder of the website that holds pages has one of its own.
@Suite struct FolderIndexTests {
    /// The fixture with a second page folder, a nested one, and a classified page alone in a folder of its own.
    func fixture() -> SiteFixture {
        var site = SiteFixture()
        site["content/pages/zhengce/xize.md"] = """
        ---
        title: 测试市绩效目标管理细则
        date: 2025-04-01
        category: 办事指南
        ---
        细则正文。
        """
        site["content/pages/tongzhi/2025/zipingjia.md"] = """
        ---
        title: 关于开展2025年度绩效自评的通知
        date: 2025-02-10
        category: 通知公告
        summary: 部署年度绩效自评。
        ---
        通知正文。
        """
        site["content/pages/tongzhi/neibu/beishan.md"] = """
        ---
        title: 北山坑道加固工程进度通报
        date: 2025-05-10
        category: 通知公告
        disclosure: 涉密
        ---
        通报正文。
        """
        return site
    }

    @Test func everyFolderThatHoldsPagesHasAnIndex() {
        let (report, fs) = fixture().build()
        #expect(report.succeeded, "\(report.rendered)")
        let paths = Set(fs.outputTexts().keys)
        var folders = Set<String>()
        for path in paths where path.hasSuffix("/index.html") || path == "index.html" {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/") + "/")
                parts = parts.dropLast()
            }
        }
        for folder in folders.sorted() {
            #expect(paths.contains(folder + "index.html"), "\(folder) holds pages but has no index.html")
        }
        // The classified page's folder is not made public by a listing of its own, nor named in the parent's.
        #expect(!paths.contains { $0.hasPrefix("tongzhi/neibu/") })
        #expect(!(fs.text("public/tongzhi/index.html") ?? "").contains("neibu"))
    }

    @Test func aProjectsFolderShowsTheYearsListingUnderItsOwnAddress() throws {
        let (report, fs) = fixture().build()
        #expect(report.succeeded, "\(report.rendered)")
        let year = try #require(fs.text("public/projects/2025/index.html"))
        #expect(year.contains("学生营养改善计划"))
        #expect(year.contains("href=\"../../projects/2025/jyj-2025-001/\""))
        // The same listing as 年度公开's: search engines are told which address is the page's own.
        #expect(year.contains("<link rel=\"canonical\" href=\"https://example.gov.cn/years/2025/\">"))
        let all = try #require(fs.text("public/projects/index.html"))
        #expect(all.contains("<link rel=\"canonical\" href=\"https://example.gov.cn/years/\">"))
        #expect(all.contains("href=\"../years/2025/\""))
        let sitemap = try #require(fs.text("public/sitemap.xml"))
        #expect(!sitemap.contains("<loc>https://example.gov.cn/projects/2025/</loc>"))
        #expect(!sitemap.contains("<loc>https://example.gov.cn/projects/</loc>"))
    }

    @Test func aPageFolderListsItsPagesUnderTheirCategories() throws {
        let (report, fs) = fixture().build()
        #expect(report.succeeded, "\(report.rendered)")
        let zhengce = try #require(fs.text("public/zhengce/index.html"))
        #expect(zhengce.contains("<h1>办事指南、政策文件</h1>"))
        #expect(zhengce.contains("href=\"../zhengce/banfa/\""))
        #expect(zhengce.contains("href=\"../zhengce/xize/\""))
        #expect(!zhengce.contains("zipingjia"))
        #expect(zhengce.contains("<link rel=\"canonical\" href=\"https://example.gov.cn/zhengce/\">"))
        // A folder's folders: each lists what is below it.
        let tongzhi = try #require(fs.text("public/tongzhi/index.html"))
        #expect(tongzhi.contains("<h1>通知公告</h1>"))
        #expect(tongzhi.contains("href=\"../tongzhi/2025/zipingjia/\""))
        let nested = try #require(fs.text("public/tongzhi/2025/index.html"))
        #expect(nested.contains("href=\"../../tongzhi/2025/zipingjia/\""))
        // Listed in the sitemap: its own content, not another page's.
        let sitemap = try #require(fs.text("public/sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.gov.cn/zhengce/</loc>"))
        #expect(sitemap.contains("<loc>https://example.gov.cn/tongzhi/2025/</loc>"))
        // The navigation marks 政策文件 as the section the reader is in.
        #expect(zhengce.contains("aria-current=\"page\""))
    }

    @Test func aPageWrittenAtAFolderAddressKeepsIt() throws {
        var site = fixture()
        site["content/pages/zhengce.md"] = """
        ---
        title: 政策文件总览
        date: 2025-01-01
        category: 政策文件
        ---
        总览正文。
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/zhengce/index.html"))
        #expect(page.contains("总览正文。"))
    }
}
