import Foundation

/// 绩效管理工作考核评分表 — a superior body's yearly scoring of each lower body's performance
/// management, as data: items with points, each losing `deduction` points per shortfall down to
/// zero (扣完为止), items entered by hand for what gongkai cannot know (组织保障, 制度建设 …), and
/// bonus lines with caps. When configured it replaces the fixed compliance formula.
public struct ManagementRubric: Hashable, Sendable {
    /// What gongkai counts the shortfalls of an item by, from the disclosed view.
    public enum Measure: String, Hashable, Sendable, CaseIterable {
        /// 绩效目标公开: each required target not published.
        case targetsPublished = "targets_published"
        /// 评价结果公开: each required self-evaluation result not published.
        case resultsPublished = "results_published"
        /// 按时公开: each item published after its deadline.
        case onTime = "on_time"
        /// 监控覆盖: each project with targets and no monitoring checkpoint.
        case monitoring
        /// 整改: each rectification item overdue or without a deadline.
        case rectification

        public var chineseName: String {
            switch self {
            case .targetsPublished: "每有1项绩效目标未公开"
            case .resultsPublished: "每有1项自评结果未公开"
            case .onTime: "每有1项逾期公开"
            case .monitoring: "每有1个项目未开展运行监控"
            case .rectification: "每有1项整改逾期或未明确期限"
            }
        }
    }

    public struct Item: Hashable, Sendable {
        public var name: String
        public var points: Decimal
        /// Points lost per shortfall (扣完为止).
        public var deduction: Decimal
        public var measure: Measure?
        /// Scores entered by hand, by department code (人工录入).
        public var manual: [String: Decimal]
        public init(name: String, points: Decimal, deduction: Decimal = 1, measure: Measure? = nil, manual: [String: Decimal] = [:]) {
            self.name = name
            self.points = points
            self.deduction = deduction
            self.measure = measure
            self.manual = manual
        }

        /// The item's score for a department with `shortfalls` (when measured), at least zero.
        public func score(department: String, shortfalls: Int) -> Decimal? {
            if measure != nil { return max(0, points - deduction * Decimal(shortfalls)) }
            return manual[department].map { min($0, points) }
        }
    }

    /// 加分项 — so many points each time, entered by hand, up to its cap.
    public struct Bonus: Hashable, Sendable {
        public var name: String
        public var each: Decimal
        public var counts: [String: Int]
        public var cap: Decimal?
        public init(name: String, each: Decimal, counts: [String: Int] = [:], cap: Decimal? = nil) {
            self.name = name
            self.each = each
            self.counts = counts
            self.cap = cap
        }

        public func points(department: String) -> Decimal {
            let raw = each * Decimal(counts[department] ?? 0)
            return cap.map { min(raw, $0) } ?? raw
        }
    }

    public var items: [Item]
    public var bonuses: [Bonus]
    /// The most all bonus lines together may add.
    public var bonusCap: Decimal?

    public init(items: [Item], bonuses: [Bonus] = [], bonusCap: Decimal? = nil) {
        self.items = items
        self.bonuses = bonuses
        self.bonusCap = bonusCap
    }

    public var totalPoints: Decimal { items.reduce(0) { $0 + $1.points } }
}
