import Foundation

/// 评价等级方案 — a named list of grade bands, highest first. A band holds the scores from its
/// lower bound (inclusive) up to the next higher band's bound (exclusive).
public struct GradeScheme: Hashable, Sendable {
    public struct Band: Hashable, Sendable {
        public var grade: String
        public var minimum: Decimal
        /// What the grade means (e.g. 优秀: 绩效目标全面超额完成), shown on grade pages.
        public var description: String?
        public init(grade: String, minimum: Decimal, description: String? = nil) {
            self.grade = grade
            self.minimum = minimum
            self.description = description
        }
    }

    public var name: String
    /// Highest band first; the last band's minimum should be 0 so every score has a grade.
    public var bands: [Band]
    /// Which score the scheme grades: the 自评总分 (default) or the 基础总分 before 加分/扣分.
    public var basis: GradeBasis

    public init(name: String, bands: [Band], basis: GradeBasis = .final) {
        self.name = name
        self.bands = bands
        self.basis = basis
    }

    /// The description of a grade, when the scheme gives one.
    public func description(of grade: String) -> String? { bands.first { $0.grade == grade }?.description }

    /// 优 ≥90, 良 ≥80, 中 ≥60, 差 below: the national default.
    /// The most bands a scheme may have (real ones have four or five).
    public static let maxBands = 30

    public static let national = GradeScheme(name: "国家标准", bands: [
        Band(grade: "优", minimum: 90), Band(grade: "良", minimum: 80),
        Band(grade: "中", minimum: 60), Band(grade: "差", minimum: 0),
    ])

    /// The grade for a score: exact decimal comparison, so 89.99 is 良 and 90.00 is 优.
    public func grade(for score: Decimal) -> String? {
        bands.first { score >= $0.minimum }?.grade
    }

    /// Position of a grade in the scheme (0 = best), for ordering grade lists.
    public func rank(of grade: String) -> Int? { bands.firstIndex { $0.grade == grade } }

    /// Problems with the scheme itself, in Chinese; empty when it is usable.
    public var problems: [String] {
        var found: [String] = []
        if bands.isEmpty { found.append("等级方案“\(name)”没有任何等级") }
        for (a, b) in zip(bands, bands.dropFirst()) where !(a.minimum > b.minimum) {
            found.append("等级方案“\(name)”中“\(a.grade)”的下限应高于“\(b.grade)”的下限（等级须从高到低排列）")
        }
        if Set(bands.map(\.grade)).count != bands.count { found.append("等级方案“\(name)”中有重复的等级名称") }
        if let last = bands.last, last.minimum > 0 {
            found.append("等级方案“\(name)”最低等级的下限应为 0，否则低分项目无等级")
        }
        return found
    }
}

/// A rule that puts another scheme in force for a body, an evaluation type or a fiscal year
/// (e.g. a Red Cross society grading 优秀/良好/合格/不合格). The rule naming the most of these wins;
/// among equals, the later one.
public struct GradeOverride: Hashable, Sendable {
    public var department: String?
    /// An evaluation kind (`财政重点评价`, `部门评价`, `第三方评价`) or `单位自评` for self-evaluations.
    public var evaluation: String?
    public var year: Int?
    public var scheme: GradeScheme

    public init(department: String? = nil, evaluation: String? = nil, year: Int? = nil, scheme: GradeScheme) {
        self.department = department
        self.evaluation = evaluation
        self.year = year
        self.scheme = scheme
    }

    /// How many fields the rule names, or nil when it does not apply.
    func specificity(department d: String, evaluation e: String, year y: Int) -> Int? {
        var n = 0
        if let department { guard department == d else { return nil }; n += 1 }
        if let evaluation { guard evaluation == e else { return nil }; n += 1 }
        if let year { guard year == y else { return nil }; n += 1 }
        return n
    }

    /// The evaluation kind that names self-evaluations in override rules.
    public static let selfEvaluation = "单位自评"

    /// The evaluation kind that names re-checks (抽查复核) of self-evaluations in override rules.
    public static let recheck = "抽查复核"
}

extension SiteConfig {
    /// The scheme in force for one evaluation of one department's project in one year.
    public func gradeScheme(department: String, evaluation: String = GradeOverride.selfEvaluation, year: Int) -> GradeScheme {
        var best: (Int, GradeScheme)?
        for rule in gradeOverrides {
            guard let n = rule.specificity(department: department, evaluation: evaluation, year: year) else { continue }
            if best == nil || n >= best!.0 { best = (n, rule.scheme) }
        }
        return best?.1 ?? gradeScheme
    }
}
