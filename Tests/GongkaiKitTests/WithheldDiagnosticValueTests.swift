import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Build logs end up in CI runs and chat groups: a diagnostic placed inside a withheld item has its quoted values
/// blanked (docs/disclosure.md, "Diagnostics never quote withheld text"). Values printed without quotes escaped that:
/// a classified evaluation's kind and date, a classified checkpoint's or target adjustment's date, a classified
/// rectification's completion date were in the log as written (found by the leak red-team with the release binary).
@Suite struct WithheldDiagnosticValueTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    static func log(_ report: BuildReport) -> String {
        report.diagnostics.map { "\($0.code.rawValue) \($0.message)" }.joined(separator: "\n")
    }

    /// A classified 国防评价 dated after the reference day: the warning said its kind and date beside the redacted
    /// project name. A withheld part's date reaches no page, so it is not judged at all; a public one's still is.
    @Test func aWithheldEvaluationsFutureDateIsNotPrinted() {
        var site = SiteFixture()
        site.edit("gongkai.yaml", replacing: "intro:", with: "as_of: 2026-06-01\nintro:")
        site.edit(Self.project, replacing: "  grade: 差\n", with: """
              grade: 差
            evaluations:
              - {kind: 国防评价, evaluator: 测试市财政局, published: 2026-12-30, score: 80, disclosure: 涉密}

            """)
        let report = site.check()
        let log = Self.log(report)
        #expect(!log.contains("国防评价") && !log.contains("2026-12-30"), "\(log)")
        #expect(!report.diagnostics.contains { $0.code == .publishedAfterReferenceDay }, "\(log)")

        // The same evaluation public is still named.
        var shown = SiteFixture()
        shown.edit("gongkai.yaml", replacing: "intro:", with: "as_of: 2026-06-01\nintro:")
        shown.edit(Self.project, replacing: "  grade: 差\n", with: """
              grade: 差
            evaluations:
              - {kind: 国防评价, evaluator: 测试市财政局, published: 2026-12-30, score: 80}

            """)
        #expect(shown.check().diagnostics.contains { $0.code == .publishedAfterReferenceDay && $0.message.contains("2026-12-30") })
    }

    /// Dates of withheld items the loader finds out of the year are quoted, so the redaction blanks them; `--show-withheld`
    /// still shows them to the clerk.
    @Test func aWithheldItemsDateOutsideTheYearIsRedacted() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "              score: 50\n", with: """
                          score: 50
                          adjustment: {target: ≥50000人, date: 2024-07-15, reason: 按预算调整程序调减, disclosure: 涉密}

            """)
        site.edit(Self.project, replacing: "  grade: 差\n", with: """
              grade: 差
            monitoring:
              - {date: 2024-09-30, planned_rate: 70%, actual_rate: 66.5%, disclosure: 涉密}
            rectifications:
              - {problem: 部分学校食堂设施老化，需要更新设备, status: 整改中, completed: 2025-05-01, disclosure: 涉密}

            """)
        let report = site.check()
        let log = Self.log(report)
        #expect(report.diagnostics.count { $0.code == .invalidValue } == 3, "\(log)")
        for date in ["2024-07-15", "2024-09-30", "2025-05-01"] { #expect(!log.contains(date), "\(log)") }

        let (shown, _) = site.build(showWithheld: true)
        let shownLog = Self.log(shown)
        for date in ["2024-07-15", "2024-09-30", "2025-05-01"] { #expect(shownLog.contains(date), "\(shownLog)") }
    }

    /// A public department's unit copying a classified department's unit code: the message named the classified
    /// department's code beside the blanked unit code.
    @Test func aDuplicateUnitCodeDoesNotNameAWithheldDepartment() {
        var site = SiteFixture()
        site["content/organisations.yaml"] = """
            departments:
              - code: GFDB
                name: 测试市国防动员办公室
                disclosure: 涉密
                units:
                  - code: QF-7
                    name: 测试市人防指挥保障中心
              - code: CZJ
                name: 测试市财政局
                units:
                  - code: CZJ-01
                    name: 测试市财政局本级
              - code: JYJ
                name: 测试市教育局
                units:
                  - code: JYJ-01
                    name: 测试市第一中学
                  - code: QF-7
                    name: 测试市教育局票据中心
            """
        let report = site.check()
        let log = Self.log(report)
        #expect(report.diagnostics.contains { $0.code == .duplicateCode }, "\(log)")
        #expect(!log.contains("GFDB"), "\(log)")
    }
}

/// A value a withheld item shares with a public one, whole (found by the input red-team, round forty-three): a public
/// project's indicator named as a classified project's is, its target `≥90%`, was blanked in the public project's own
/// diagnostics, so that its clerk could not see which row to fix. The audience reads it on the public page anyway.
@Suite("Values a withheld item shares with a public one")
struct SharedValueRedactionTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    @Test func aPublicRowsNameSharedWithAClassifiedRowIsQuoted() throws {
        var site = SiteFixture()
        let classified = try #require(site[Self.project])
            .replacingOccurrences(of: "code: JYJ-2025-001", with: "code: JYJ-2025-009\ndisclosure: 涉密")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: 北山坑道工程")
        site["content/projects/2025/JYJ-2025-009.md"] = classified
        for (old, new) in [("actual: 53126人", "actual: 51000人"), ("score: 50", "score: 90\n              deviation: \(ScoringTests.deviation)"),
                           ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")] {
            site.edit(Self.project, replacing: old, with: new)
        }
        let report = site.check()
        let warning = try #require(report.diagnostics.first { $0.code == .fullScoreForUnmetTarget && $0.location.file == Self.project }, "\(report.rendered)")
        #expect(warning.message.contains("“受益学生人数”"), "\(warning.message)")
        // The classified project's own name stays out of every message.
        #expect(!report.rendered.contains("北山坑道工程"), "\(report.rendered)")
    }
}
