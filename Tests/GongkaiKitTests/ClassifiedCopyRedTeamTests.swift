import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Findings of the red team of the 抄进公开正文 rule that were fixed.
@Suite("Classified copy: false alarms and bypasses")
struct ClassifiedCopyRedTeamTests {
    /// A classified page filed in the folder public pages share (`pages/tongzhi/`), under their category: its address and
    /// its category are where it is filed, not its name. They were held strictly, so every public link to `/tongzhi/` was
    /// GK900 (抄进公开正文), blamed on another page; switching one notice of the example site to 涉密 stopped the build.
    @Test func aClassifiedPagesFolderAndCategoryAreNoCopy() {
        var site = SiteFixture()
        site["content/pages/tongzhi/gongkai.md"] = "---\ntitle: 关于做好预算绩效信息公开的通知\ndate: 2025-03-01\ncategory: 通知公告文件\n---\n正文。\n"
        site["content/pages/tongzhi/qingfeng.md"] = "---\ntitle: 关于青锋七号工程部署的通知\ndate: 2025-03-01\ncategory: 通知公告文件\ndisclosure: 涉密\n---\n部署事项另行通知。\n"
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!fs.outputTexts().values.contains { $0.contains("青锋七号") || $0.contains("qingfeng") })
    }

    /// A classified page's own category, which no public page is filed under, copied into a public page's body is a copy.
    @Test func aClassifiedPagesOwnCategoryCopiedIntoAPublicPageIsALeak() throws {
        var site = SiteFixture()
        site["content/pages/tongzhi/qingfeng.md"] = "---\ntitle: 关于部署事项的通知\ndate: 2025-03-01\ncategory: 青锋七号专项文件\ndisclosure: 涉密\n---\n部署事项另行通知。\n"
        site.edit(ClassifiedCopyTests.page, replacing: "制定本办法。", with: "制定本办法。青锋七号专项文件另行下发。")
        let (report, _) = site.build()
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.location.file == "content/pages/tongzhi/qingfeng.md" && leak.message.contains("抄进公开正文"), "\(report.rendered)")
    }

    /// A fragment a public page says and a classified item holds strictly is reported at the classified item, not at
    /// whichever withheld item (an on-request page) happened to hold it first: the message says a classified text was copied.
    @Test func aCopyIsReportedAtTheClassifiedItem() throws {
        var site = ClassifiedCopyTests.site()
        site["content/pages/tongzhi/a.md"] = "---\ntitle: 北山坑道加固工程（说明）\ndate: 2025-03-01\ncategory: 通知公告\ndisclosure: 依申请公开\n---\n正文。\n"
        site.edit(ClassifiedCopyTests.page, replacing: "制定本办法。", with: "制定本办法。\(ClassifiedCopyTests.name)参照执行。")
        let (report, _) = site.build()
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.location.file == ClassifiedCopyTests.classified && leak.message.contains("涉密项目"), "\(report.rendered)")
    }

    /// A classified project of an on-request department: only the topmost withheld item's level was asked, so the
    /// project's data and name were not held strictly, and its name copied into a public page or a public project's
    /// problems was published.
    @Test(arguments: [ClassifiedCopyTests.page, FailClosedTests.project])
    func aClassifiedProjectOfAnOnRequestDepartmentIsHeldStrictly(_ copiedInto: String) throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "departments:\n",
                  with: "departments:\n  - code: YSQ\n    name: 测试市某某管理处\n    disclosure: 依申请公开\n    units: []\n")
        let classified = "content/projects/2025/YSQ-2025-009.md"
        site[classified] = site[FailClosedTests.project]!
            .replacingOccurrences(of: "code: JYJ-2025-001", with: "code: YSQ-2025-009\ndisclosure: 涉密")
            .replacingOccurrences(of: "department: JYJ\nunit: JYJ-01", with: "department: YSQ")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: \(ClassifiedCopyTests.name)")
        #expect(site.build().0.succeeded, "\(site.build().0.rendered)")
        if copiedInto == ClassifiedCopyTests.page {
            site.edit(copiedInto, replacing: "制定本办法。", with: "制定本办法。\(ClassifiedCopyTests.name)参照执行。")
        } else {
            site.edit(copiedInto, replacing: "grade: 差", with: "grade: 差\n  problems: 与\(ClassifiedCopyTests.name)衔接不足。")
        }
        let (report, _) = site.build()
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(leak.message.contains("抄进公开正文"), "\(report.rendered)")
        #expect(!report.succeeded)
    }

    /// A classified project's code written into a clerk's attachment in the theme (a CSV list of projects): the attachment's
    /// Latin words were counted as the theme's markup, public like data, so the code whitelisted itself and was published.
    @Test func aClassifiedCodeInAnAttachmentIsALeak() throws {
        let site = ClassifiedCopyTests.site()
        let fs = site.fileSystem()
        try fs.write(Data("项目编码,金额\nJYJ-2025-001,1250\nJYJ-2025-009,640\n".utf8), to: "theme/assets/qingdan.csv")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(report.diagnostics.contains { $0.code == .leak && $0.location.file == ClassifiedCopyTests.classified }, "\(report.rendered)")
        #expect(!report.succeeded)
    }
}
