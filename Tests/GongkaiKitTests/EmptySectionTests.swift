import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// 空白栏目 — blank sections. Government website inspections count a section with nothing in it against a site (more
/// than five fail it outright), as they do dead links and items without a date: a department page reading 本部门暂无公开项目
/// and a policy list reading 暂无文件 are each named (GK310, a warning), judged on what the website shows.
@Suite struct EmptySectionTests {
    static func warnings(_ report: BuildReport) -> [Diagnostic] { report.diagnostics.filter { $0.code == .emptySection } }

    /// The fixture's 财政局 has no project: its page is blank. Named at its entry in organisations.yaml, and no other.
    /// (The fixture's own reports leave this one warning out: `SiteFixture.withoutBlankFinanceBureau`.)
    @Test func aDepartmentWithNothingPublishedIsNamed() throws {
        let site = SiteFixture()
        let fs = site.fileSystem()
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/departments/czj/index.html"))
        #expect(page.contains("本部门暂无公开项目"))
        let warnings = Self.warnings(report)
        #expect(warnings.count == 1 && warnings[0].severity == .warning, "\(report.rendered)")
        let lines = site["content/organisations.yaml"]!.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("code: CZJ") }) + 1
        #expect(warnings[0].location.file == "content/organisations.yaml" && warnings[0].location.line == line, "\(warnings)")
        #expect(warnings[0].message.contains("测试市财政局") && warnings[0].message.contains("空白栏目"), "\(warnings[0].message)")
    }

    /// A department whose only project is withheld shows the same blank page; one with a public project does not.
    @Test func aDepartmentWhoseProjectsAreAllWithheldIsNamedToo() {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "department: JYJ\n", with: "department: JYJ\ndisclosure: 涉密\n")
        let report = Pipeline(fileSystem: site.fileSystem()).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false))
        #expect(Set(Self.warnings(report).map(\.message).compactMap { $0.contains("测试市教育局") ? "JYJ" : $0.contains("测试市财政局") ? "CZJ" : nil })
                == ["JYJ", "CZJ"], "\(report.rendered)")
    }

    /// No public page at all: the 政策文件 list is blank. Named at content/pages.
    @Test func aSiteWithNoPublicPageIsNamed() throws {
        var site = SiteFixture()
        for path in site.files.keys where path.hasPrefix("content/pages/") { site.files[path] = nil }
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(try #require(fs.text("public/documents/index.html")).contains("暂无文件"))
        let warning = try #require(Self.warnings(report).first { $0.location.file == "content/pages" }, "\(report.rendered)")
        #expect(warning.message.contains("暂无文件"), "\(warning.message)")
    }

    /// The example site has no blank section.
    @Test func theExampleSiteHasNone() {
        let report = Pipeline().run(BuildOptions(siteRoot: repositoryRoot, writeOutput: false))
        #expect(report.succeeded && Self.warnings(report).isEmpty, "\(Self.warnings(report))")
    }
}
