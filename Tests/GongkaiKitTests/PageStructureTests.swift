import Foundation
import Testing
@testable import GongkaiCore
@testable import GongkaiDisclosed
@testable import GongkaiKit
@testable import GongkaiRender

/// The markup of the built-in theme where a reader depends on its structure: table headers a screen
/// reader announces.
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
}
