import Foundation

/// 评分框架 — how a self-evaluation is scored, as data like grade schemes: which 一级 groups the
/// indicator table has, whether 预算执行率 is a separate line beside the table (the national project
/// frame) or a 一级 group inside it (the comprehensive frame: 项目决策 / 项目实施 / 项目绩效 /
/// 项目满意度 / 预算执行), what the base (基础总分) adds up to, and the cap on 加分项 together.
public struct ScoringFrame: Hashable, Sendable {
    public var name: String
    /// 一级指标 names in this frame, in order; empty: any names (layouts differ between places).
    public var groups: [String]
    /// 预算执行率 is scored on its own line (weight `execution_weight`) rather than as a table row.
    public var separateExecution: Bool
    /// 基础总分 — what all weights add up to; nil: the site's `scoring.total`.
    public var total: Decimal?
    /// The most all 加分项 lines may add together; nil: only each line's own cap.
    public var bonusCap: Decimal?
    /// Whether every 三级 row states a target value (指标值). The comprehensive frame scores criteria
    /// (目标内容, 决策依据 …) described by their 指标解释, which need none.
    public var rowsHaveTargets: Bool

    public init(name: String, groups: [String] = [], separateExecution: Bool = true, total: Decimal? = nil, bonusCap: Decimal? = nil,
                rowsHaveTargets: Bool = true) {
        self.rowsHaveTargets = rowsHaveTargets
        self.name = name
        self.groups = groups
        self.separateExecution = separateExecution
        self.total = total
        self.bonusCap = bonusCap
    }

    /// 产出 / 效益 / 满意度 + 预算执行率: the national project frame, the default.
    public static let national = ScoringFrame(name: "国家项目框架")

    /// 项目决策 / 项目实施 / 项目绩效 / 项目满意度 / 预算执行, 基础总分 100.
    public static let comprehensive = ScoringFrame(
        name: "综合评价框架", groups: ["项目决策", "项目实施", "项目绩效", "项目满意度", "预算执行"],
        separateExecution: false, total: 100, rowsHaveTargets: false)
}

/// 加分项 / 扣分项 — a line added to or taken from the base score (基础总分) to give the 自评总分.
public enum AdjustmentKind: String, Hashable, Sendable {
    case bonus = "加分"
    case deduction = "扣分"

    public init?(parsing text: String) {
        switch text.trimmed {
        case "加分", "加分项", "bonus": self = .bonus
        case "扣分", "扣分项", "deduction": self = .deduction
        default: return nil
        }
    }
}

/// Which score a grade scheme grades: the 自评总分 after 加分/扣分 (default) or the 基础总分.
public enum GradeBasis: String, Hashable, Sendable {
    case final = "自评总分"
    case base = "基础总分"

    public init?(parsing text: String) {
        switch text.trimmed {
        case "final", "自评总分", "总分": self = .final
        case "base", "基础总分", "基础分": self = .base
        default: return nil
        }
    }
}
