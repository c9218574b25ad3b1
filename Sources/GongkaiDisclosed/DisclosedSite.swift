import Foundation
import GongkaiCore

// The disclosed view (公开视图): what one audience may see, and nothing else.
// These types carry no disclosure levels and no withheld values: the disclose stage builds them
// by leaving withheld items out, and the renderer can see only these types.

/// Markdown whose withheld passages have already been cut out.
public struct PublicMarkdown: Hashable, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }
    public var isEmpty: Bool { text.trimmed.isEmpty }
}

/// Who the view is for. The website sees public items only; the people's congress and named circles
/// also see limited items whose scope names them, each with its own rule in the disclose stage.
public enum Audience: Hashable, Sendable {
    /// 网站 — public items only.
    case website
    /// 人大 — public items, and limited items whose scope names the people's congress.
    case peoplesCongress
    /// 在一定范围内 — a named circle (上级工会, 本级职工代表大会, 审计部门 …): public items, and limited
    /// items whose scope names it.
    case circle(String)

    /// How the audience is named to people (report titles, file names).
    public var name: String {
        switch self {
        case .website: "网站"
        case .peoplesCongress: "人民代表大会"
        case let .circle(name): name
        }
    }
}

/// An audience as a type, so that a view made for one cannot be handed to the renderer of another.
public protocol AudienceKind: Sendable {
    /// Whether a view made for `audience` may carry this type.
    static func accepts(_ audience: Audience) -> Bool
}

/// An audience the type names alone (the website, the people's congress).
public protocol FixedAudienceKind: AudienceKind {
    static var audience: Audience { get }
}

extension FixedAudienceKind {
    public static func accepts(_ audience: Audience) -> Bool { audience == Self.audience }
}

/// An audience a bundle is made for: the people's congress or a named circle, never the website.
public protocol BundleAudienceKind: AudienceKind {}

/// 网站 — the public website.
public enum WebsiteAudience: FixedAudienceKind {
    public static let audience = Audience.website
}

/// 人大 — the people's-congress bundle.
public enum PeoplesCongressAudience: FixedAudienceKind, BundleAudienceKind {
    public static let audience = Audience.peoplesCongress
}

/// 在一定范围内 — a bundle for a named circle; the name travels in the view (`Disclosed.site.audience`).
public enum CircleAudience: BundleAudienceKind {
    public static func accepts(_ audience: Audience) -> Bool {
        if case .circle = audience { return true }
        return false
    }
}

/// A disclosed view and, in its type, the audience it was made for. Only the disclose stage makes
/// one (`package` access: Swift's narrowest scope across modules, so code outside this package
/// cannot forge a view); the website renderer takes `Disclosed<WebsiteAudience>` and nothing else.
public struct Disclosed<For: AudienceKind>: Sendable {
    public let site: DisclosedSite

    package init(_ site: DisclosedSite) {
        precondition(For.accepts(site.audience), "a view for \(site.audience) cannot be typed as \(For.self)")
        self.site = site
    }
}

public struct DisclosedSite: Sendable {
    public var audience: Audience
    public var config: SiteConfig
    public var intro: PublicMarkdown
    /// Sorted by code.
    public var departments: [DisclosedDepartment]
    /// Sorted by year (newest first), then department, then code.
    public var projects: [DisclosedProject]
    /// Sorted by path.
    public var pages: [DisclosedPage]
    /// How many items were withheld: a count only, so pages can say that something was withheld.
    public var withheldCount: Int
    /// 部门整体绩效 — sorted by year (newest first), then department.
    public var departmentPerformance: [DisclosedDepartmentPerformance] = []

    package init(audience: Audience, config: SiteConfig, intro: PublicMarkdown, departments: [DisclosedDepartment],
                 projects: [DisclosedProject], pages: [DisclosedPage], withheldCount: Int) {
        self.audience = audience
        self.config = config
        self.intro = intro
        self.departments = departments
        self.projects = projects
        self.pages = pages
        self.withheldCount = withheldCount
    }

    /// Fiscal years with at least one disclosed project, newest first.
    public var years: [Int] { Array(Set(projects.map(\.year))).sorted(by: >) }
}

/// 部门 — a department or a body such as a trade-union federation.
public struct DisclosedDepartment: Sendable, Hashable {
    public var code: String
    public var name: String
    public var kind: String?
    public var intro: String?
    public var units: [DisclosedUnit]
    public var gradeScheme: GradeScheme

    public init(code: String, name: String, kind: String?, intro: String?, units: [DisclosedUnit], gradeScheme: GradeScheme) {
        self.code = code
        self.name = name
        self.kind = kind
        self.intro = intro
        self.units = units
        self.gradeScheme = gradeScheme
    }
}

/// 单位 — a unit under a department.
public struct DisclosedUnit: Sendable, Hashable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// 项目 — one project of one fiscal year.
public struct DisclosedProject: Sendable {
    public var code: String
    public var name: String
    public var year: Int
    public var departmentCode: String
    public var unitCode: String?
    public var category: String?
    public var major: Bool
    public var funding: DisclosedFunding?
    public var targets: DisclosedTargets?
    public var selfEvaluation: DisclosedSelfEvaluation?
    public var evaluations: [DisclosedEvaluation]
    public var narrative: PublicMarkdown
    public var gradeScheme: GradeScheme
    /// True when some part of the project was withheld, so the page can say so without saying what.
    public var hasWithheldParts: Bool
    /// True when a scored part was withheld — an indicator row or group, a row's result, a 加减分 line, the
    /// whole indicator table beside a shown self-evaluation: the score breakdown then says it is partial.
    public var scoresIncomplete = false
    /// Required items withheld under the rules (exempt from the compliance count, never shown).
    public var withheldRequirements: Set<DisclosureCalendar.Requirement>
    public var monitoring: [DisclosedCheckpoint] = []
    /// Monitoring checkpoints were written but are withheld: exempt, as a withheld required item is, not 未开展运行监控.
    public var monitoringWithheld = false
    public var rectifications: [DisclosedRectification] = []
    /// 事前绩效评估, when disclosed.
    @Boxed public var exAnte: DisclosedExAnte? = nil

    public init(code: String, name: String, year: Int, departmentCode: String, unitCode: String?, category: String?,
                major: Bool, funding: DisclosedFunding?, targets: DisclosedTargets?,
                selfEvaluation: DisclosedSelfEvaluation?, evaluations: [DisclosedEvaluation],
                narrative: PublicMarkdown, gradeScheme: GradeScheme, hasWithheldParts: Bool,
                withheldRequirements: Set<DisclosureCalendar.Requirement> = []) {
        self.code = code
        self.name = name
        self.year = year
        self.departmentCode = departmentCode
        self.unitCode = unitCode
        self.category = category
        self.major = major
        self.funding = funding
        self.targets = targets
        self.selfEvaluation = selfEvaluation
        self.evaluations = evaluations
        self.narrative = narrative
        self.gradeScheme = gradeScheme
        self.hasWithheldParts = hasWithheldParts
        self.withheldRequirements = withheldRequirements
    }

    /// Stable address: from year and code, never from the title.
    public var slug: String { code.lowercased() }

    /// Latest publish date among the disclosed parts.
    public var lastPublished: CalendarDate? {
        ([targets?.published, selfEvaluation?.published] + evaluations.map(\.published)).compactMap { $0 }.max()
    }
}

/// 部门整体绩效 — a department's department-wide target and self-evaluation of one year.
public struct DisclosedDepartmentPerformance: Sendable {
    public var departmentCode: String
    public var year: Int
    /// 年度资金, as a project's funding.
    public var funding: DisclosedFunding?
    /// 年度主要任务 that are disclosed, in the order written; amounts in the funding's unit (万元 without funding).
    public var tasks: [Task] = []
    public var targets: DisclosedTargets?
    public var selfEvaluation: DisclosedSelfEvaluation?
    public var narrative: PublicMarkdown
    public var gradeScheme: GradeScheme
    public var hasWithheldParts = false
    /// A scored part was withheld (as `DisclosedProject.scoresIncomplete`).
    public var scoresIncomplete = false
    /// Where the source file is, so the disclose stage can ask the ledger about it (not shown).
    package var source: SourceLocation

    package init(departmentCode: String, year: Int, funding: DisclosedFunding?, targets: DisclosedTargets?,
                 selfEvaluation: DisclosedSelfEvaluation?, narrative: PublicMarkdown, gradeScheme: GradeScheme, source: SourceLocation) {
        self.departmentCode = departmentCode
        self.year = year
        self.funding = funding
        self.targets = targets
        self.selfEvaluation = selfEvaluation
        self.narrative = narrative
        self.gradeScheme = gradeScheme
        self.source = source
    }

    /// 年度主要任务 — one of the department's main tasks of the year.
    public struct Task: Sendable {
        public var name: String
        public var content: String?
        public var amount: Decimal?
        public init(name: String, content: String?, amount: Decimal?) {
            self.name = name
            self.content = content
            self.amount = amount
        }
    }

    /// The unit of the tasks' amounts.
    public var taskUnit: MoneyUnit { funding?.unit ?? .tenThousandYuan }

    /// The same parts in the shape of a project, for the views that show targets and self-evaluations.
    public var asProject: DisclosedProject {
        var project = DisclosedProject(code: departmentCode, name: "\(year)年度部门整体绩效", year: year, departmentCode: departmentCode,
                                       unitCode: nil, category: nil, major: false, funding: funding, targets: targets, selfEvaluation: selfEvaluation,
                                       evaluations: [], narrative: narrative, gradeScheme: gradeScheme, hasWithheldParts: hasWithheldParts)
        project.scoresIncomplete = scoresIncomplete
        return project
    }

    public var slug: String { departmentCode.lowercased() }
}

/// 资金 — funding by source, totals computed from the disclosed lines only.
public struct DisclosedFunding: Sendable {
    public struct Line: Sendable {
        public var source: String
        public var initial: Decimal?   // 年初预算数
        public var budget: Decimal?    // 全年预算数
        public var spent: Decimal?     // 全年执行数
        public init(source: String, initial: Decimal?, budget: Decimal?, spent: Decimal?) {
            self.source = source
            self.initial = initial
            self.budget = budget
            self.spent = spent
        }
    }

    public var unit: MoneyUnit
    public var lines: [Line]
    /// 资金用途 — itemised uses that are disclosed.
    public var uses: [(item: String, amount: Decimal)]
    /// A funding line is withheld: the totals are the disclosed lines', and their rate is not the project's 预算执行率.
    public var linesWithheld = false

    public init(unit: MoneyUnit, lines: [Line], uses: [(item: String, amount: Decimal)] = []) {
        self.unit = unit
        self.lines = lines
        self.uses = uses
    }

    private func total(_ field: KeyPath<Line, Decimal?>) -> Decimal? {
        let values = lines.compactMap { $0[keyPath: field] }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    public var initialTotal: Decimal? { total(\.initial) }
    public var budgetTotal: Decimal? { total(\.budget) }
    /// 全年执行数 is omitted until known: over a line without it the sum is no total, and its rate would be too low.
    public var spentTotal: Decimal? { lines.contains { $0.spent == nil } ? nil : total(\.spent) }
}

/// 绩效目标 — overall goal and the indicator table.
public struct DisclosedTargets: Sendable {
    public var published: CalendarDate?
    public var goal: String?
    public var groups: [DisclosedIndicatorGroup]

    public init(published: CalendarDate?, goal: String?, groups: [DisclosedIndicatorGroup]) {
        self.published = published
        self.goal = goal
        self.groups = groups
    }

    public var indicatorCount: Int { groups.reduce(0) { $0 + $1.subgroups.reduce(0) { $0 + $1.indicators.count } } }
}

/// 一级指标 (with its 二级 subgroups).
public struct DisclosedIndicatorGroup: Sendable {
    public var name: String
    public var weight: Decimal?
    public var subgroups: [DisclosedIndicatorSubgroup]
    public init(name: String, weight: Decimal?, subgroups: [DisclosedIndicatorSubgroup]) {
        self.name = name
        self.weight = weight
        self.subgroups = subgroups
    }
}

/// 二级指标 (with its 三级 indicators).
public struct DisclosedIndicatorSubgroup: Sendable {
    public var name: String
    public var weight: Decimal?
    public var indicators: [DisclosedIndicator]
    public init(name: String, weight: Decimal?, indicators: [DisclosedIndicator]) {
        self.name = name
        self.weight = weight
        self.indicators = indicators
    }
}

/// 三级指标 — one row of the table.
public struct DisclosedIndicator: Sendable {
    /// Self-evaluation columns, present only when the self-evaluation is disclosed.
    public struct Result: Sendable {
        public var actual: String?      // 实际完成值
        public var weight: Decimal?     // 分值
        public var score: Decimal?      // 得分
        public var deviation: String?   // 偏差原因分析及改进措施
        public init(actual: String?, weight: Decimal?, score: Decimal?, deviation: String?) {
            self.actual = actual
            self.weight = weight
            self.score = score
            self.deviation = deviation
        }
    }

    public var name: String
    /// The target as set with the budget (the original one when it was adjusted).
    public var target: TargetValue?
    public var basis: String?
    public var result: Result?
    /// 指标解释.
    public var explanation: String?
    /// 绩效目标调整, when disclosed: the adjusted target is the one results are judged against.
    @Boxed public var adjustment: DisclosedTargetAdjustment? = nil

    public init(name: String, target: TargetValue?, basis: String?, result: Result?, explanation: String? = nil) {
        self.name = name
        self.target = target
        self.basis = basis
        self.result = result
        self.explanation = explanation
    }
}

/// 单位自评 — the self-evaluation summary.
public struct DisclosedSelfEvaluation: Sendable {
    public var published: CalendarDate?
    public var executionWeight: Decimal
    public var executionScore: Decimal?
    public var totalScore: Decimal?
    public var grade: String?
    public var problems: String?
    public var measures: String?
    public var gradeScheme: GradeScheme = .national
    /// 年度总体目标实际完成情况.
    public var goalAchieved: String?
    /// True when the grade was computed from the score (the content gave none).
    public var gradeComputed = false
    /// The scoring frame (评分框架) the self-evaluation was scored in.
    public var frame: ScoringFrame = .national
    /// 基础总分 — its maximum and the score before 加分/扣分 (nil when not given or when a withheld
    /// adjustment line could be worked out from it).
    public var baseTotal: Decimal?
    public var baseScore: Decimal?
    /// 加分项 / 扣分项 that are disclosed.
    public var adjustments: [DisclosedScoreAdjustment] = []
    /// 抽查复核 — the re-check, when disclosed.
    @Boxed public var recheck: DisclosedRecheck? = nil
    /// 自评报告 — the disclosed passages of the self-evaluation report.
    public var report = PublicMarkdown("")

    public init(published: CalendarDate?, executionWeight: Decimal, executionScore: Decimal?, totalScore: Decimal?,
                grade: String?, problems: String?, measures: String?) {
        self.published = published
        self.executionWeight = executionWeight
        self.executionScore = executionScore
        self.totalScore = totalScore
        self.grade = grade
        self.problems = problems
        self.measures = measures
    }
}

/// 加分项 / 扣分项 — a disclosed line added to or taken from the base score.
public struct DisclosedScoreAdjustment: Sendable {
    public var kind: AdjustmentKind
    public var item: String
    public var points: Decimal
    public var cap: Decimal?
    public var reason: String?
    public init(kind: AdjustmentKind, item: String, points: Decimal, cap: Decimal?, reason: String?) {
        self.kind = kind
        self.item = item
        self.points = points
        self.cap = cap
        self.reason = reason
    }
}

/// 事前绩效评估 — the ex-ante assessment of a new major policy or project.
public struct DisclosedExAnte: Sendable {
    public var date: CalendarDate?
    public var assessor: String?
    /// nil when the conclusion itself is withheld.
    public var conclusion: String?
    public var score: Decimal?
    public var report: PublicMarkdown
    public init(date: CalendarDate?, assessor: String?, conclusion: String?, score: Decimal?, report: PublicMarkdown) {
        self.date = date
        self.assessor = assessor
        self.conclusion = conclusion
        self.score = score
        self.report = report
    }
}

/// 抽查复核 — a finance bureau's or superior body's re-check of the self-evaluation.
public struct DisclosedRecheck: Sendable {
    public var reviewer: String?
    public var date: CalendarDate?
    public var score: Decimal
    public var grade: String?
    public var opinion: String?
    /// Re-check score minus self-score, when the self-score is published.
    public var difference: Decimal?
    /// The difference exceeds the site's `scoring.recheck_threshold` (差异较大).
    public var flagged: Bool
    public init(reviewer: String?, date: CalendarDate?, score: Decimal, grade: String?, opinion: String?, difference: Decimal?, flagged: Bool) {
        self.reviewer = reviewer
        self.date = date
        self.score = score
        self.grade = grade
        self.opinion = opinion
        self.difference = difference
        self.flagged = flagged
    }
}

/// 绩效目标调整 — an approved change of an indicator's target; the indicator's `target` stays the original.
public struct DisclosedTargetAdjustment: Sendable {
    public var target: TargetValue
    public var date: CalendarDate?
    public var reason: String?
    public init(target: TargetValue, date: CalendarDate?, reason: String?) {
        self.target = target
        self.date = date
        self.reason = reason
    }
}

/// 部门评价 / 财政重点评价 / 第三方评价.
public struct DisclosedEvaluation: Sendable {
    public var kind: String
    public var evaluator: String?
    public var published: CalendarDate?
    public var score: Decimal?
    public var grade: String?
    public var report: PublicMarkdown
    public var gradeScheme: GradeScheme = .national

    public init(kind: String, evaluator: String?, published: CalendarDate?, score: Decimal?, grade: String?, report: PublicMarkdown) {
        self.kind = kind
        self.evaluator = evaluator
        self.published = published
        self.score = score
        self.grade = grade
        self.report = report
    }
}

/// A Markdown page: a policy, a notice, a guide.
public struct DisclosedPage: Sendable {
    /// URL path components, e.g. `["zhengce", "banfa"]` → `/zhengce/banfa/`.
    public var path: [String]
    public var title: String
    public var date: CalendarDate?
    public var category: String?
    public var departmentCode: String?
    public var summary: String?
    public var body: PublicMarkdown

    public init(path: [String], title: String, date: CalendarDate?, category: String?, departmentCode: String?,
                summary: String?, body: PublicMarkdown) {
        self.path = path
        self.title = title
        self.date = date
        self.category = category
        self.departmentCode = departmentCode
        self.summary = summary
        self.body = body
    }
}

/// 监控节点 — a disclosed monitoring checkpoint.
public struct DisclosedCheckpoint: Sendable {
    /// The day, or the month's last day when `monthOnly`.
    public var date: CalendarDate?
    public var monthOnly = false
    public var plannedRate: Decimal?
    public var actualRate: Decimal?
    public var progress: String?
    public var measures: String?
    public init(date: CalendarDate?, plannedRate: Decimal?, actualRate: Decimal?, progress: String?, measures: String?) {
        self.date = date
        self.plannedRate = plannedRate
        self.actualRate = actualRate
        self.progress = progress
        self.measures = measures
    }

    /// Percentage points by which actual execution lags the plan (negative when ahead).
    public var lag: Decimal? {
        guard let plannedRate, let actualRate else { return nil }
        return plannedRate - actualRate
    }

    /// 预警 — the lag exceeds the threshold.
    public func warns(threshold: Decimal) -> Bool { (lag ?? 0) > threshold }
}

/// 整改事项 — a disclosed rectification item.
public struct DisclosedRectification: Sendable {
    public var problem: String
    public var measure: String?
    public var responsible: String?
    public var deadline: CalendarDate?
    public var status: RectificationStatus
    public var completed: CalendarDate?
    public var source: String?
    /// A deadline written relative to the feedback (“收到反馈后一个月内”); `deadline` is then computed.
    public var deadlineRule: String?
    public var feedback: CalendarDate?
    public init(problem: String, measure: String?, responsible: String?, deadline: CalendarDate?, status: RectificationStatus,
                completed: CalendarDate?, source: String?) {
        self.problem = problem
        self.measure = measure
        self.responsible = responsible
        self.deadline = deadline
        self.status = status
        self.completed = completed
        self.source = source
    }

    /// 未明确期限 — an item not done with no deadline at all (督促整改): flagged on the page.
    public var isUndated: Bool { deadline == nil && status != .done }

    /// 逾期 — not done and past its deadline on the reference day, or done after it.
    public func isOverdue(on day: CalendarDate?) -> Bool {
        guard let deadline else { return false }
        if status == .done { return (completed.map { $0 > deadline }) ?? false }
        guard let day else { return false }
        return day > deadline
    }
}

extension DisclosedSite {
    /// The day overdue rectification is judged on: the configured reference day, else the latest
    /// date the disclosed content gives (never the clock).
    public var referenceDay: CalendarDate? {
        if let asOf = config.calendar.asOf { return asOf }
        var latest: CalendarDate?
        func see(_ d: CalendarDate?) { if let d, latest.map({ d > $0 }) ?? true { latest = d } }
        for p in projects {
            see(p.lastPublished)
            p.monitoring.forEach { see($0.date) }
            p.rectifications.forEach { see($0.completed) }
        }
        pages.forEach { see($0.date) }
        return latest
    }
}
