import Foundation
import Testing
@testable import GongkaiCore
@testable import GongkaiDisclosed
@testable import GongkaiKit
@testable import GongkaiRender

/// The markup of the built-in theme where a reader depends on its structure: table headers a screen
/// reader announces, what shows when there is nothing to show.
@Suite struct PageStructureTests {
    /// The example site's page at `sitePath`, drawn by the built-in theme.
    static func examplePage(_ sitePath: String) throws -> String {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let views = SiteViews(site: DiscloseStage.run(try #require(source)).site)
        let spec = try #require(views.pageSpecs().first { $0.sitePath == sitePath })
        let theme = try #require(Theme.load(fileSystem: MemoryFileSystem([:]), folder: "theme", display: "theme").0)
        return try #require(try theme.library.render(views.view(for: spec), withTemplate: spec.template))
    }

    /// The bodies of each table of `class` in `html`, then each body's rows.
    static func tableBodies(_ html: String, class name: String) -> [[[String]]] {
        html.matches(of: try! Regex("<table class=\"\(name)\">(?s:.*?)</table>")).map { table in
            String(table.0).matches(of: /<tbody>(?s:.*?)<\/tbody>/).map { body in
                String(body.0).matches(of: /<tr>(?s:.*?)<\/tr>/).map { String($0.0) }
            }
        }
    }

    /// A `scope="rowgroup"` header applies to every cell of its row group (HTML's table model), so each
    /// 一级 group needs a `<tbody>` of its own, headed in its first row and spanning all its rows; the
    /// 二级 headers are row headers spanning their indicators.
    static func expectOneBodyPerGroup(_ html: String, table: String, groups expected: Int, page: String) {
        let tables = tableBodies(html, class: table)
        #expect(!tables.isEmpty, "\(page): no table \(table)")
        for bodies in tables {
            let grouped = bodies.filter { $0.joined().contains("scope=\"rowgroup\"") }
            #expect(grouped.count == expected, "\(page) \(table): \(grouped.count) groups")
            for rows in grouped {
                let headers = rows.joined().matches(of: /<th scope="rowgroup" rowspan="(\d+)">/)
                #expect(headers.count == 1 && rows[0].contains("scope=\"rowgroup\""), "\(page) \(table): \(rows)")
                #expect(headers.first.map { Int($0.1) } == rows.count, "\(page) \(table): the 一级 header spans \(headers.first?.1 ?? "") of \(rows.count) rows")
                let spans = rows.joined().matches(of: /<th scope="row" rowspan="(\d+)">/).map { Int($0.1)! }
                #expect(spans.reduce(0, +) == rows.count, "\(page) \(table): 二级 spans \(spans) in \(rows.count) rows")
            }
        }
    }

    @Test func eachIndicatorGroupIsARowGroupOfItsOwn() throws {
        let html = try Self.examplePage("projects/2024/jyj-001/")
        Self.expectOneBodyPerGroup(html, table: "indicators", groups: 3, page: "jyj-001")
        Self.expectOneBodyPerGroup(html, table: "self-evaluation", groups: 3, page: "jyj-001")
        // The people's-congress report draws the same body.
        let (_, files) = BundleTests.exampleBundle(.accounts, year: 2024)
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        let tables = Self.tableBodies(report, class: "self-evaluation")
        #expect(tables.count > 5)
        for bodies in tables {
            for rows in bodies where rows.joined().contains("scope=\"rowgroup\"") {
                #expect(rows.joined().matches(of: /scope="rowgroup"/).count == 1, "\(rows)")
            }
        }
    }

    /// 资金用途 are shown with the funding, in its unit, and only when the project discloses some.
    @Test func fundingUsesAreShownWhenDisclosed() throws {
        let html = try Self.examplePage("projects/2024/jyj-001/")
        #expect(html.contains("<caption id=\"uses-caption\">资金用途（单位：万元）</caption>"), "\(html)")
        #expect(html.contains("<tr><th scope=\"row\">食堂设施设备购置</th><td class=\"num\">96.40</td></tr>"))
        let other = try Self.examplePage("projects/2024/czj-001/")
        #expect(other.contains("资金情况") && !other.contains("资金用途"))
    }

    /// A new site has no graded result: the grades index says so instead of drawing an empty table.
    @Test func theGradesIndexWithoutResultsSaysSo() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md",
                  replacing: "self_evaluation:\n  published: 2026-03-20\n  execution_score: 9.58\n  total_score: 59.58\n  grade: 差\n", with: "")
        let fs = MemoryFileSystem(site.files)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let grades = try #require(fs.text("public/grades/index.html"))
        #expect(grades.contains("<p>暂无评价结果。</p>") && !grades.contains("<tbody>"))
        let (_, built) = SiteFixture().build()
        let graded = try #require(built.text("public/grades/index.html"))
        #expect(!graded.contains("暂无评价结果") && graded.contains("2025年度</a></th>"))
    }

    /// Headings never skip a level going down (axe heading-order, a violation on any page): a clerk's text
    /// that begins at `####` put an h4 straight after the page's h1, or after a project's 项目说明 (h2).
    @Test func headingsInTheTextNeverSkipALevel() throws {
        var site = SiteFixture()
        site["content/pages/zhengce/xize.md"] = "---\ntitle: 实施细则\ndate: 2025-03-01\n---\n#### 一、总则\n\n正文。\n\n###### 细则\n\n正文。\n"
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: "#### 项目背景\n\n项目说明正文。\n\n###### 由来\n\n正文。")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  grade: 差\n", with: "  grade: 差\n  report: |\n    ##### 一、基本情况\n\n    正文。\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        for path in ["public/zhengce/xize/index.html", "public/projects/2025/jyj-2025-001/index.html"] {
            let page = try #require(fs.text(path))
            let levels = page.components(separatedBy: "<h").dropFirst().compactMap { $0.first?.wholeNumberValue }
            #expect(levels.first == 1, "\(path)")
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(b <= a + 1, "\(path): h\(a) then h\(b) in \(levels)") }
            #expect(page.contains("一、总则") || page.contains("项目背景"))
        }
    }
}
