import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Red team (leak): a withheld 绩效目标调整 beside its row's published score. The row is scored against the adjusted
/// target (grades.md: the checks judge the result against it), and a quantitative score is weight × 实际完成值 ÷ 指标值
/// (DOMAIN.md), so the page's weight, actual and score give the withheld target away: 90 × 53126 ÷ 85.38 = 56000.
/// Before the fix the page and the JSON showed 85.38 (and the total 94.96, from which the row's score follows) with
/// no warning under either setting.
@Suite struct WithheldAdjustmentInferenceTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    static func site(_ inference: String?, level: String = "涉密") -> SiteFixture {
        var site = SiteFixture()
        if let inference { site.edit("gongkai.yaml", replacing: "base_url:", with: "inference: \(inference)\nbase_url:") }
        site.edit(project, replacing: """
                      target: ≥52000人
                      basis: 学籍统计
                      actual: 53126人
                      weight: 90
                      score: 50
        """, with: """
                      target: ≥60000人
                      basis: 学籍统计
                      adjustment: {target: ≥56000人, date: 2025-08-20, reason: 因学校撤并调减, disclosure: \(level)}
                      actual: 53126人
                      weight: 90
                      score: 85.38
                      deviation: 学校撤并后在校生减少。
        """)
        site.edit(project, replacing: "  total_score: 59.58\n  grade: 差", with: "  total_score: 94.96\n  grade: 优")
        return site
    }

    @Test(arguments: [nil, "withhold_totals"])
    func byDefaultTheRowsScoreAndTheTotalGo(inference: String?) throws {
        let (report, fs) = Self.site(inference).build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .inferableFromTotals && $0.message.contains("调整") }, "\(report.rendered)")
        for (path, text) in fs.outputTexts() {
            #expect(!text.contains("85.38") && !text.contains("94.96"), "\(path)")
            #expect(!text.contains("56000") && !text.contains("因学校撤并调减"), "\(path)")
        }
        // The row itself, its actual value and the grade stay.
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("受益学生人数") && page.contains("53126人") && page.contains("≥60000人"), "\(page)")
    }

    @Test func underWarnTheScoreIsPublishedAndWarnedAtTheRow() throws {
        let site = Self.site("warn")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warning = try #require(report.diagnostics.first { $0.code == .inferableFromTotals && $0.message.contains("调整") }, "\(report.rendered)")
        let row = site[Self.project]?.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("- name: 受益学生人数") }.map { $0 + 1 }
        #expect(warning.location.line == row, "\(warning)")
        #expect(warning.message.contains("受益学生人数") && !warning.message.contains("56000"), "\(warning)")
        #expect(try #require(fs.text("public/projects/2025/jyj-2025-001/index.html")).contains("85.38"))
    }

    /// A published adjustment gives nothing away that the page does not say.
    @Test func aPublicAdjustmentKeepsTheScore() throws {
        let (report, fs) = Self.site(nil, level: "public").build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.code == .inferableFromTotals }, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("85.38") && page.contains("94.96") && page.contains("56000"))
    }
}
