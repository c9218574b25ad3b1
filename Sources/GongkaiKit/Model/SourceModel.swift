import Foundation
import GongkaiCore

// The source model: everything the content says, withheld items included, each with its
// disclosure as written. Only the load, validate and disclose stages see these types;
// the renderer sees the disclosed view (GongkaiDisclosed) instead.

/// 公开属性 as written on an item: the level, and for the internal report who decided it and why.
///
/// Only the level is kept inline. The rest is rarely written (most items are public with nothing
/// more said) and sits in a shared box, so a disclosure costs 9 bytes instead of about 140: the
/// model and the ledger hold millions of them at platform scale.
struct Disclosure: Hashable, Sendable {
    // The box first, the level after it: 9 bytes, so that small fields after a disclosure share its word.
    private var details: Details?
    var level: DisclosureLevel

    /// What a clerk writes beside a level other than public.
    private struct Fields: Hashable, Sendable {
        var reason: String?
        var approver: String?
        var approved: CalendarDate?
        var scope: [String] = []
        var location: SourceLocation?
    }

    private final class Details: Hashable, Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
        static func == (a: Details, b: Details) -> Bool { a === b || a.fields == b.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }

    private var fields: Fields {
        get { details?.fields ?? Fields() }
        set { details = newValue == Fields() ? nil : Details(newValue) }
    }

    var reason: String? {
        get { details?.fields.reason }
        set { fields.reason = newValue }
    }
    var approver: String? {
        get { details?.fields.approver }
        set { fields.approver = newValue }
    }
    var approved: CalendarDate? {
        get { details?.fields.approved }
        set { fields.approved = newValue }
    }
    /// For limited items: who may receive them (e.g. `人大`).
    var scope: [String] {
        get { details?.fields.scope ?? [] }
        set { fields.scope = newValue }
    }
    var location: SourceLocation? {
        get { details?.fields.location }
        set { fields.location = newValue }
    }

    init(level: DisclosureLevel, reason: String? = nil, approver: String? = nil, approved: CalendarDate? = nil,
         scope: [String] = [], location: SourceLocation? = nil) {
        self.level = level
        let fields = Fields(reason: reason, approver: approver, approved: approved, scope: scope, location: location)
        details = fields == Fields() ? nil : Details(fields)
    }

    static let `public` = Disclosure(level: .public)
}

/// Where individual fields of an item are written (`weight`, `score` …), for diagnostics that point
/// at the field. The fields of an item are in its own file, so each keeps only its line and column,
/// packed into the item itself: an array of key–position pairs cost 144 bytes an indicator (64 a group)
/// in a heap block of its own, and a platform holds half a million indicators.
struct FieldLocations: Sendable {
    /// The fields an item of its kind may have, shared by every item of the kind (`FieldLocations.Keys`).
    private var keys: [String] = []
    private var file = ""
    /// Slot i (32 bits, six in all) holds `keys[i]`'s line (20 bits) and column (12 bits); 0 when absent.
    private var slots: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// Every position, in `keys` order, when one does not fit its slot (line past 1,048,575, column past 4,095).
    @Boxed private var wide: [SourceLocation?]? = nil

    /// The field names each kind of item asks for; shared, so that no item holds its own copy.
    enum Keys {
        static let indicator = ["weight", "score", "actual", "target", "deviation"]
        static let selfEvaluation = ["execution_score", "total_score", "grade", "execution_weight", "frame", "base_score"]
        static let recheck = ["score", "grade"]
        static let adjustment = ["points", "cap"]
        static let evaluation = ["score", "grade"]
    }

    private static let lineBits: UInt64 = 20, columnBits: UInt64 = 12

    init() {}

    /// `locations[i]` is where `keys[i]` is written, nil when it is not; `keys` is one of `Keys`.
    init(keys: [String], _ locations: [SourceLocation?]) {
        precondition(keys.count == locations.count && keys.count <= 6, "at most six fields, each with its place")
        self.keys = keys
        file = locations.lazy.compactMap { $0?.file }.first ?? ""
        var packed: [UInt64] = [0, 0, 0]
        for (i, location) in locations.enumerated() {
            guard let location else { continue }
            precondition(location.file == file && location.cell == nil, "fields of one item are in one file")
            guard location.line > 0, location.line < 1 << Self.lineBits, location.column > 0, location.column < 1 << Self.columnBits else {
                wide = locations
                return
            }
            let slot = UInt64(location.line) << Self.columnBits | UInt64(location.column)
            packed[i / 2] |= slot << (32 * UInt64(i % 2))
        }
        slots = (packed[0], packed[1], packed[2])
    }

    subscript(key: String) -> SourceLocation? {
        guard let i = keys.firstIndex(of: key) else { return nil }
        if let wide { return wide[i] }
        let word = i < 2 ? slots.0 : i < 4 ? slots.1 : slots.2
        let slot = word >> (32 * UInt64(i % 2)) & 0xFFFF_FFFF
        guard slot != 0 else { return nil }
        return SourceLocation(file: file, line: Int(slot >> Self.columnBits), column: Int(slot & (1 << Self.columnBits - 1)))
    }
}

/// A value with its own disclosure (a text field written as `{value: …, disclosure: …}`).
struct Guarded<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var disclosure: Disclosure
    var location: SourceLocation
}

/// A content file the load stage read: the path to read it by and the path diagnostics show.
struct SourceFile: Sendable, Hashable {
    var path: String
    var display: String
}

/// The whole site as loaded.
struct SourceSite: Sendable {
    var root: String
    /// Every content file read, for the leak audit's own reading of the bytes.
    var files: [SourceFile] = []
    var config: SiteConfig
    var intro: MarkdownSource
    var departments: [Department]
    var projects: [Project]
    var pages: [Page]
    /// 部门整体绩效, by file path.
    var departmentPerformance: [DepartmentPerformance] = []
    /// False when `organisations.yaml` is missing, unreadable or has errors: `departments` may then lack
    /// codes the projects rightly use, and naming every such use would bury the one error that matters.
    var organisationsComplete = true
}

/// 部门整体绩效 — a department's department-wide target (整体绩效目标: 共性指标 and 个性指标 in the
/// three-level tree) and self-evaluation (部门整体绩效自评) for one year, kept in
/// `content/departments/<year>/<code>.md`.
struct DepartmentPerformance: Sendable {
    var file: String
    var location: SourceLocation
    var departmentCode: String
    var departmentLocation: SourceLocation
    var year: Int
    var disclosure: Disclosure
    /// 年度资金 — the department's money for the year by source (年度资金总额: 财政拨款, 其他资金 …) and its uses,
    /// as a project's funding.
    var funding: Funding? = nil
    /// 年度主要任务, in the order written.
    var tasks: [DepartmentTask] = []
    var targets: Targets?
    var selfEvaluation: SelfEvaluation?
    var narrative: MarkdownSource
    /// Where `year:` is written: a year not matching the file's folder is reported there.
    var yearLocation: SourceLocation? = nil

    static let title = "部门整体绩效"

    /// Its parts in the shape of a project's, so that the scoring checks, the ledger walk and the
    /// disclose walk read targets and self-evaluations one way. Never added to `SourceSite.projects`.
    var asProject: Project {
        Project(file: file, location: location, code: departmentCode, name: Self.title, year: year, departmentCode: departmentCode,
                departmentLocation: departmentLocation, unitCode: nil, unitLocation: nil, category: nil, major: false,
                disclosure: disclosure, funding: funding, targets: targets, selfEvaluation: selfEvaluation, evaluations: [],
                monitoring: [], rectifications: [], narrative: narrative)
    }
}

/// 年度主要任务 — one of a department's main tasks of the year, as its 部门整体支出绩效目标表 lists them: what it is,
/// what it covers (主要内容) and the money set for it, in the unit of the file's `funding` (万元 without one).
struct DepartmentTask: Sendable {
    var name: String
    var content: String?
    var amount: Decimal?
    var disclosure: Disclosure
    var location: SourceLocation
}

/// 部门 — a department or a body such as a trade-union federation (总工会) or Red Cross society (红十字会).
struct Department: Sendable {
    var code: String
    var name: String
    var kind: String?
    var intro: Guarded<String>?
    var gradeSchemeName: String?
    var disclosure: Disclosure
    var units: [Unit]
    var location: SourceLocation
}

/// 单位 — a unit under a department.
struct Unit: Sendable {
    var code: String
    var name: String
    var disclosure: Disclosure
    var location: SourceLocation
}

/// 项目 — one project of one fiscal year, as kept in `content/projects/<year>/<code>.md`.
struct Project: Sendable {
    var file: String
    var location: SourceLocation
    var code: String
    var name: String
    var year: Int
    var departmentCode: String
    var departmentLocation: SourceLocation
    var unitCode: String?
    var unitLocation: SourceLocation?
    var category: String?
    var major: Bool
    var disclosure: Disclosure
    var funding: Funding?
    var targets: Targets?
    var selfEvaluation: SelfEvaluation?
    var evaluations: [Evaluation]
    var monitoring: [Checkpoint]
    var rectifications: [Rectification]
    var narrative: MarkdownSource
    /// 事前绩效评估, for a new major policy or project.
    @Boxed var exAnte: ExAnteAssessment? = nil
    /// Where `year:` is written: a year not matching the file's folder is reported there.
    var yearLocation: SourceLocation? = nil
    /// Where `code:` is written: a duplicate code is reported there.
    var codeLocation: SourceLocation? = nil
}

/// 事前绩效评估 — the ex-ante assessment of a new major policy or project (necessity, economy,
/// feasibility): without one, or with a poor one, a project gets no place in the budget.
struct ExAnteAssessment: Sendable {
    var date: CalendarDate?
    var assessor: String?
    /// 评估结论 (予以支持, 调整完善后予以支持, 不予支持 …).
    var conclusion: Guarded<String>
    var score: Decimal?
    var report: MarkdownSource
    var disclosure: Disclosure
    var location: SourceLocation
}

/// 绩效运行监控 — one monitoring checkpoint: planned and actual execution, target progress.
struct Checkpoint: Sendable {
    /// The day, or the last day of the month when only a month is written (`monthOnly`).
    var date: CalendarDate?
    /// Percentage points, e.g. 40 for 40 %.
    var plannedRate: Decimal?
    var actualRate: Decimal?
    var progress: Guarded<String>?
    var measures: Guarded<String>?
    var disclosure: Disclosure
    var location: SourceLocation
    /// The checkpoint is a month (“5月监控”), not a day.
    var monthOnly = false
    /// Where `actual_rate` is written (a lag is named there).
    var actualRateLocation: SourceLocation?
}

/// 整改 — a rectification item raised by an evaluation.
struct Rectification: Sendable {
    var problem: Guarded<String>
    var measure: Guarded<String>?
    var responsible: String?
    /// The deadline as a date: written, or computed from a relative one; nil when none is set (督促整改).
    var deadline: CalendarDate?
    var status: RectificationStatus
    var completed: CalendarDate?
    /// Which evaluation raised it (`财政重点评价` …).
    var source: String?
    var disclosure: Disclosure
    var location: SourceLocation
    /// 收到反馈日期 — when the body received the evaluation's feedback.
    var feedback: CalendarDate? = nil
    /// A deadline written relative to the feedback (“收到反馈后一个月内”), as written.
    var deadlineRule: String? = nil
}

/// 资金 — funding lines by source (财政拨款 / 上年结转 / 其他资金).
struct Funding: Sendable {
    var unit: MoneyUnit
    var lines: [FundingLine]
    /// 合计 as written, checked against the lines.
    var total: FundingTotal?
    /// 资金用途 — itemised uses, which may not exceed the budget.
    var uses: [FundingUse]

    /// 全年预算数: as the 合计 states it, else the lines' sum — what uses and tasks are held to.
    var budget: Decimal { total?.budget ?? lines.reduce(Decimal(0)) { $0 + ($1.budget ?? 0) } }
}

struct FundingTotal: Sendable {
    var initial: Decimal?
    var budget: Decimal?
    var spent: Decimal?
    var location: SourceLocation
}

struct FundingUse: Sendable {
    var item: String
    var amount: Decimal
    var disclosure: Disclosure
    var location: SourceLocation
}

struct FundingLine: Sendable {
    var source: String
    var initial: Decimal?   // 年初预算数
    var budget: Decimal?    // 全年预算数
    var spent: Decimal?     // 全年执行数
    var disclosure: Disclosure
    var location: SourceLocation
    /// An amount is written but could not be read (`1,250.50万元`, GK120), or the required `budget` is
    /// missing (GK103): reported there, so the checks that use the line do not report it again.
    var amountUnread = false
}

/// 绩效目标 — performance target: overall goal and the three-level indicator tree.
struct Targets: Sendable {
    var published: CalendarDate?
    var goal: Guarded<String>?
    var disclosure: Disclosure
    var location: SourceLocation
    /// The three-level tree. The pipeline releases it once the project's view is built
    /// (`releaseIndicators`): at 20,000 projects the trees are the largest part of the source model, and
    /// holding them beside the view was the build's high point of memory. Reading it after that is a
    /// programming error, and stops the run rather than see an empty table.
    var indicators: [IndicatorNode] {
        get {
            precondition(!released, "the indicator tree was released after the disclose stage")
            return tree
        }
        set { (tree, released) = (newValue, false) }
    }
    private var tree: [IndicatorNode]
    private var released = false
    private var scoredWhenReleased = false

    init(published: CalendarDate?, goal: Guarded<String>?, indicators: [IndicatorNode], disclosure: Disclosure, location: SourceLocation) {
        (self.published, self.goal, self.tree, self.disclosure, self.location) = (published, goal, indicators, disclosure, location)
    }

    /// Whether `releaseIndicators` ran.
    var indicatorsReleased: Bool { released }

    /// Whether any 三级 row has a score (the required-items check asks after the tree is released).
    var hasScoredRow: Bool {
        released ? scoredWhenReleased : Discloser.leaves(tree).contains { $0.score != nil }
    }

    /// Gives the tree's memory back, keeping what later stages ask of it.
    mutating func releaseIndicators() {
        guard !released else { return }
        scoredWhenReleased = hasScoredRow
        (tree, released) = ([], true)
    }
}

/// 绩效指标 — a node of the indicator tree: depth 1 (一级) and 2 (二级) are groups, depth 3 (三级) rows.
struct IndicatorNode: Sendable {
    var depth: Int
    var name: String
    var weight: Decimal?
    var disclosure: Disclosure
    var children: [IndicatorNode]
    // 三级 only:
    var target: TargetValue?
    var basis: Guarded<String>?
    var actual: String?
    var score: Decimal?
    @Boxed var deviation: Guarded<String>? = nil
    var location: SourceLocation
    /// 指标解释 (绩效指标描述): what the indicator measures and how, a text with its own level like `basis`.
    @Boxed var explanation: Guarded<String>? = nil
    /// Positions of individual fields (`weight`, `score`, `actual`) for precise diagnostics.
    var fieldLocations = FieldLocations()
    /// 三级 only: the approved adjustment of the target, if any.
    @Boxed var adjustment: TargetAdjustment? = nil

    /// The target in force: the adjusted one when the target was adjusted.
    var targetInForce: TargetValue? { adjustment?.target ?? target }
}

/// 单位自评 — the self-evaluation summary (indicator rows carry their own results).
struct SelfEvaluation: Sendable {
    var published: CalendarDate?
    /// nil: the site's default (`scoring.execution_weight`, 10 unless configured).
    var executionWeight: Decimal?
    var executionScore: Decimal?
    var totalScore: Decimal?
    var grade: String?
    var problems: Guarded<String>?
    var measures: Guarded<String>?
    /// 年度总体目标实际完成情况.
    var goalAchieved: Guarded<String>? = nil
    var disclosure: Disclosure
    var location: SourceLocation
    var fieldLocations = FieldLocations()
    /// The scoring frame named (`frame:`); nil: the site's default.
    var frameName: String? = nil
    /// 基础总分 — the score before 加分/扣分 lines; nil when the content gives none.
    var baseScore: Decimal? = nil
    /// 加分项 / 扣分项 lines, in the order written.
    var adjustments: [ScoreAdjustment] = []
    /// 抽查复核 — a re-check of this self-evaluation by the finance bureau or a superior body.
    @Boxed var recheck: Recheck? = nil
    /// 自评报告 — the self-evaluation report (Markdown, with disclosure fences).
    var report = MarkdownSource(passages: [], file: "")
}

/// 抽查复核 — a finance bureau's or superior body's re-check score beside the self-score.
struct Recheck: Sendable {
    var reviewer: String?
    var date: CalendarDate?
    var score: Decimal
    var grade: String?
    /// 复核意见.
    var opinion: Guarded<String>?
    var disclosure: Disclosure
    var location: SourceLocation
    var fieldLocations = FieldLocations()
}

/// 绩效目标调整 — an approved change of one indicator's target during the year; scoring uses it.
struct TargetAdjustment: Sendable {
    var target: TargetValue
    var date: CalendarDate?
    var reason: Guarded<String>?
    var disclosure: Disclosure
    var location: SourceLocation
}

/// 加分项 / 扣分项 — one line added to or taken from the base score, with its cap (最高加5分).
struct ScoreAdjustment: Sendable {
    var kind: AdjustmentKind
    var item: String
    var points: Decimal
    var cap: Decimal?
    var reason: Guarded<String>?
    var disclosure: Disclosure
    var location: SourceLocation
    var fieldLocations = FieldLocations()
}

/// 部门评价 / 财政重点评价 / 第三方评价 — an evaluation with its report.
struct Evaluation: Sendable {
    var fieldLocations = FieldLocations()
    var kind: String
    var evaluator: String?
    var published: CalendarDate?
    var score: Decimal?
    var grade: String?
    var report: MarkdownSource
    var disclosure: Disclosure
    var location: SourceLocation
}

/// A Markdown page (政策文件、通知公告、办事指南).
struct Page: Sendable {
    var file: String
    var location: SourceLocation
    var path: [String]
    var title: String
    var date: CalendarDate?
    var category: String?
    var departmentCode: String?
    var departmentLocation: SourceLocation?
    var summary: Guarded<String>?
    var disclosure: Disclosure
    var body: MarkdownSource
}
