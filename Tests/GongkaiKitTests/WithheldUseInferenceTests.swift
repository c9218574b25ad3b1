import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Red team (leak): a withheld 资金用途 beside published ones. Itemised uses account for the money (DOMAIN.md: a
/// report's basic facts are the budget, its sources and the itemised uses of the money), so the published budget
/// minus the public uses is the withheld use's amount — the same giveaway as a withheld funding line beside published
/// uses, the other way round. Before the fix the page and the JSON showed 1,250.5 and 1,000.25 and the withheld
/// 保密设备维护's 250.25 followed, with no warning under either setting.
@Suite struct WithheldUseInferenceTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    /// The fixture's budget is 1250.50: the uses add up to it.
    static func site(_ inference: String?, uses: [String] = ["{item: 食材采购费用, amount: 1000.25}",
                                                             "{item: 保密设备维护, amount: 250.25, disclosure: 涉密}"]) -> SiteFixture {
        var site = SiteFixture()
        if let inference { site.edit("gongkai.yaml", replacing: "base_url:", with: "inference: \(inference)\nbase_url:") }
        site.edit(project, replacing: "      spent: 1198.6\n", with: (["      spent: 1198.6", "  uses:"] + uses.map { "    - " + $0 } + [""]).joined(separator: "\n"))
        return site
    }

    static func line(of text: String, in site: SiteFixture) -> Int? {
        site[project]?.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    @Test(arguments: [nil, "withhold_totals"])
    func byDefaultThePublicUsesGoBesideAWithheldOne(inference: String?) throws {
        let (report, fs) = Self.site(inference).build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(report.first(.inferableFromTotals) == nil, "\(report.rendered)")
        for (path, text) in fs.outputTexts() {
            #expect(!text.contains("1000.25") && !text.contains("1,000.25"), "\(path)")
            #expect(!text.contains("保密设备维护"), "\(path)")
        }
        // The budget stays; the page still says that part of it is withheld.
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("1,250.5"), "\(page)")
        #expect(page.contains(SiteConfig.defaultWithheldNotice))
    }

    @Test func underWarnTheyArePublishedAndWarnedAtTheFirstPublicUse() throws {
        let site = Self.site("warn")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warning = try #require(report.diagnostics.first { $0.code == .inferableFromTotals && $0.message.contains("资金用途") }, "\(report.rendered)")
        // At the public use, not the withheld one (whose place would redact the message's quotes).
        #expect(warning.location.line == Self.line(of: "食材采购费用", in: site), "\(warning)")
        #expect(warning.message.contains("学生营养改善计划") && !warning.message.contains("保密设备维护"), "\(warning)")
        #expect(try #require(fs.text("public/data/projects/2025/jyj-2025-001.json")).contains("食材采购费用"))
    }

    /// Only withheld uses, or only public ones: nothing follows beyond what the budget itself says.
    @Test func usesAllWithheldOrAllPublicStay() throws {
        let open = Self.site(nil, uses: ["{item: 食材采购费用, amount: 1000.25}", "{item: 设备维护费用, amount: 250.25}"])
        let (report, fs) = open.build()
        #expect(report.succeeded && report.first(.inferableFromTotals) == nil, "\(report.rendered)")
        #expect(try #require(fs.text("public/data/projects/2025/jyj-2025-001.json")).contains("食材采购费用"))
        let closed = Self.site("warn", uses: ["{item: 食材采购费用, amount: 1000.25, disclosure: 涉密}", "{item: 保密设备维护, amount: 250.25, disclosure: 涉密}"])
        #expect(closed.check().first(.inferableFromTotals) == nil)
    }

    /// A department's 部门整体绩效 is read in a project's shape: its uses by 支出性质 add up to its money exactly.
    @Test func aDepartmentsUsesTooByDefault() throws {
        var site = SiteFixture()
        site["content/departments/2025/JYJ.md"] = """
        ---
        department: JYJ
        year: 2025
        funding:
          unit: 万元
          lines:
            - {source: 财政拨款, initial: 3200, budget: 3200, spent: 2880}
          uses:
            - {item: 基本支出, amount: 2100.75}
            - {item: 项目支出, amount: 1099.25, disclosure: 依申请公开}
        ---
        说明。
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        for (path, text) in fs.outputTexts() {
            #expect(!text.contains("2100.75") && !text.contains("2,100.75") && !text.contains("1099.25") && !text.contains("1,099.25"), "\(path)")
        }
    }
}
