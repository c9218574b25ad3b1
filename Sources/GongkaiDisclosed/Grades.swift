import Foundation
import GongkaiCore

/// 评价类型 of a graded result: the self-evaluation or one of the evaluations' kinds.
public struct GradedResult: Sendable {
    public var projectIndex: Int
    /// `单位自评`, `部门评价`, `财政重点评价`, `第三方评价` …
    public var evaluationType: String
    public var grade: String
    public var score: Decimal?
    public var scheme: GradeScheme
    /// The project's disclosed budget in 万元 (nil when it discloses none).
    public var budgetInWan: Decimal?
}

extension DisclosedProject {
    /// Disclosed budget total in 万元, from the disclosed funding lines only.
    public var budgetInWan: Decimal? {
        guard let f = funding, let b = f.budgetTotal else { return nil }
        return Money(b, f.unit).converted(to: .tenThousandYuan).amount
    }
}

extension DisclosedSite {
    /// Every graded result of a fiscal year: self-evaluations first, then evaluations, in project order.
    public func gradedResults(year: Int) -> [GradedResult] {
        var results: [GradedResult] = []
        for (i, p) in projects.enumerated() where p.year == year {
            if let s = p.selfEvaluation, let grade = s.grade {
                results.append(GradedResult(projectIndex: i, evaluationType: GradeOverride.selfEvaluation, grade: grade,
                                            score: s.totalScore, scheme: s.gradeScheme, budgetInWan: p.budgetInWan))
            }
            for e in p.evaluations {
                if let grade = e.grade {
                    results.append(GradedResult(projectIndex: i, evaluationType: e.kind, grade: grade, score: e.score,
                                                scheme: e.gradeScheme, budgetInWan: p.budgetInWan))
                }
            }
        }
        return results
    }

    /// Grade names of a year in display order: by the scheme in force site-wide, then by other
    /// schemes in the order they appear, each scheme's grades best first.
    public func gradeOrder(of results: [GradedResult]) -> [String] {
        var schemes: [GradeScheme] = [config.gradeScheme]
        for r in results where !schemes.contains(r.scheme) { schemes.append(r.scheme) }
        var order: [String] = []
        for scheme in schemes { for band in scheme.bands where !order.contains(band.grade) { order.append(band.grade) } }
        for r in results where !order.contains(r.grade) { order.append(r.grade) }
        let used = Set(results.map(\.grade))
        return order.filter(used.contains)
    }

    /// Years with at least one graded result, newest first.
    public var gradedYears: [Int] {
        Array(Set(projects.filter { $0.selfEvaluation?.grade != nil || $0.evaluations.contains { $0.grade != nil } }.map(\.year)))
            .sorted(by: >)
    }
}

/// Stable, readable URL slugs for grade names (`优` → `you`). Another name's slug is spelt from its
/// own characters (`甲等` → `grade-7532-7b49`), so its address does not move when other grades appear.
public enum GradeSlug {
    static let known: [String: String] = [
        "优": "you", "良": "liang", "中": "zhong", "差": "cha", "低": "di",
        "优秀": "youxiu", "良好": "lianghao", "合格": "hege", "不合格": "buhege", "较好": "jiaohao", "一般": "yiban", "较差": "jiaocha",
    ]

    public static func slug(for grade: String) -> String {
        known[grade] ?? "grade-" + grade.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-")
    }

    /// Slugs for `grades`; each depends on its own name only.
    public static func slugs(for grades: [String]) -> [String: String] {
        Dictionary(grades.map { ($0, slug(for: $0)) }, uniquingKeysWith: { first, _ in first })
    }
}
