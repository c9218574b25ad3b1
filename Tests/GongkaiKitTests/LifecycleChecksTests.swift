import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The life of a project's money as DOMAIN.md tells it: a project whose 事前绩效评估 concluded 不予支持 has no place
/// in the budget, and a monitoring checkpoint lagging its plan raises a 预警 that calls for 纠偏 (corrective action).
/// Both passed `gongkai check` without a word: the page showed the conclusion and the 预警, and nobody was told.
@Suite struct LifecycleChecksTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    func site(_ old: String, _ new: String) -> SiteFixture {
        var site = SiteFixture()
        site.edit(Self.project, replacing: old, with: new)
        return site
    }

    func line(of needle: String, _ site: SiteFixture) -> Int {
        let text = site[Self.project]!
        guard let r = text.range(of: needle) else { return 0 }
        return text[..<r.lowerBound].filter { $0 == "\n" }.count + 1
    }

    static let exAnte = """
    unit: JYJ-01
    ex_ante:
      date: 2024-09-26
      assessor: 测试市财政局
      conclusion: 不予支持
      score: 52
    """

    @Test func aProjectBudgetedAfterAnExAnteRefusalIsNamed() throws {
        let s = site("unit: JYJ-01", Self.exAnte)
        let report = s.check()
        let d = try #require(report.first(.exAnteRefused), "\(report.rendered)")
        #expect(d.severity == .warning && d.message.contains("不予支持") && d.message.contains("1250.5"), "\(d)")
        #expect(d.location.line == line(of: "conclusion: 不予支持", s))
    }

    @Test(arguments: ["予以支持", "调整完善后予以支持"])
    func aSupportiveConclusionIsQuiet(_ conclusion: String) {
        let report = site("unit: JYJ-01", Self.exAnte.replacingOccurrences(of: "不予支持", with: conclusion)).check()
        #expect(report.first(.exAnteRefused) == nil, "\(report.rendered)")
    }

    static let monitoring = """
    targets:
      published: 2025-02-18
    """

    func monitored(measures: String?) -> SiteFixture {
        var text = "monitoring:\n  - date: 2025-09-30\n    planned_rate: 70%\n    actual_rate: 52.4%\n    progress: 建成站点21处\n"
        if let measures { text += "    measures: \(measures)\n" }
        return site("targets:\n  published: 2025-02-18", text + Self.monitoring)
    }

    @Test func aLaggingCheckpointWithoutCorrectiveActionIsNamed() throws {
        let s = monitored(measures: nil)
        let report = s.check()
        let d = try #require(report.first(.monitoringLagUnanswered), "\(report.rendered)")
        #expect(d.severity == .warning && d.message.contains("17.6") && d.message.contains("measures"), "\(d)")
        #expect(d.location.line == line(of: "actual_rate: 52.4%", s))
    }

    @Test func aLaggingCheckpointWithItsMeasuresIsQuiet() {
        let report = monitored(measures: "下发督办函").check()
        #expect(report.first(.monitoringLagUnanswered) == nil, "\(report.rendered)")
    }
}
