import Foundation
import GongkaiCore

/// A project's page (partials/project-body), also the body of a 部门整体绩效 page and of each
/// project in the people's-congress report. Sections the project lacks are nil and not shown.
struct ProjectPageView: TemplateView {
    /// The heading: name, code, year, department and unit.
    struct Info: TemplateView {
        var name: String
        var code: String?
        var year: Int
        var category: String?
        /// 重大政策和项目
        var major: Bool?
        var department: String
        var departmentUrl: String
        var unit: String?
        static let fields: Fields = [
            "name": { $0.name }, "code": { $0.code }, "year": { $0.year }, "category": { $0.category }, "major": { $0.major },
            "department": { $0.department }, "departmentUrl": { $0.departmentUrl }, "unit": { $0.unit },
        ]
    }
    /// 资金情况: each source and the totals.
    struct Funding: TemplateView {
        struct Line: TemplateView {
            var source: String
            var initial: String
            var budget: String
            var spent: String
            var rate: String
            static let fields: Fields = [
                "source": { $0.source }, "initial": { $0.initial }, "budget": { $0.budget }, "spent": { $0.spent }, "rate": { $0.rate },
            ]
        }
        /// 资金用途: what the money is spent on, as disclosed (the open data has the same items).
        struct Uses: TemplateView {
            struct Row: TemplateView {
                var item: String
                var amount: String
                static let fields: Fields = ["item": { $0.item }, "amount": { $0.amount }]
            }
            var rows: [Row]
            static let fields: Fields = ["rows": { $0.rows }]
        }
        var unit: String
        var lines: [Line]
        var initial: String
        var budget: String
        var spent: String
        var rate: String
        /// Nil when no use is disclosed, so the table is left out rather than drawn empty.
        var uses: Uses?
        static let fields: Fields = [
            "unit": { $0.unit }, "lines": { $0.lines }, "initial": { $0.initial }, "budget": { $0.budget },
            "spent": { $0.spent }, "rate": { $0.rate }, "uses": { $0.uses },
        ]
    }
    /// 年度主要任务 of a 部门整体绩效 page: each task, what it covers and its money.
    struct Tasks: TemplateView {
        struct Row: TemplateView {
            var name: String
            var content: String
            var amount: String
            static let fields: Fields = ["name": { $0.name }, "content": { $0.content }, "amount": { $0.amount }]
        }
        var unit: String
        var rows: [Row]
        static let fields: Fields = ["unit": { $0.unit }, "rows": { $0.rows }]
    }
    /// One 一级 indicator's rows, drawn as a `<tbody>` of their own: a `scope="rowgroup"` header applies to
    /// every cell of its row group, so with all groups in one body 产出指标 would also head the 效益 rows.
    struct IndicatorGroup: TemplateView {
        var rows: [IndicatorRow]
        static let fields: Fields = ["rows": { $0.rows }]
    }
    /// A row of the indicator table in the usual layout: the 一级 cell heads its group (first row only),
    /// the 二级 cell heads and spans the rows of its indicators.
    struct IndicatorRow: TemplateView {
        struct Span: TemplateView {
            var name: String
            var rowspan: Int
            static let fields: Fields = ["name": { $0.name }, "rowspan": { $0.rowspan }]
        }
        var name: String
        var target: String
        var basis: String
        var explanation: String?
        var level1: Span?
        var level2: Span?
        /// Self-evaluation rows only.
        var actual: String?
        var weight: String?
        var score: String?
        var deviation: String?
        static let fields: Fields = [
            "name": { $0.name }, "target": { $0.target }, "basis": { $0.basis }, "explanation": { $0.explanation },
            "level1": { $0.level1 }, "level2": { $0.level2 },
            "actual": { $0.actual }, "weight": { $0.weight }, "score": { $0.score }, "deviation": { $0.deviation },
        ]
    }
    /// 绩效目标调整: an adjusted indicator with its original and adjusted values.
    struct Adjustment: TemplateView {
        var name: String
        var original: String
        var adjusted: String
        var adjustedOn: DateView?
        var reason: String
        static let fields: Fields = [
            "name": { $0.name }, "original": { $0.original }, "adjusted": { $0.adjusted },
            "adjustedOn": { $0.adjustedOn }, "reason": { $0.reason },
        ]
    }
    struct Adjustments: TemplateView {
        var rows: [Adjustment]
        static let fields: Fields = ["rows": { $0.rows }]
    }
    /// 绩效目标
    struct Targets: TemplateView {
        var published: DateView?
        var goal: String?
        var groups: [IndicatorGroup]
        var empty: Bool
        var adjustments: Adjustments?
        static let fields: Fields = [
            "published": { $0.published }, "goal": { $0.goal }, "groups": { $0.groups }, "empty": { $0.empty },
            "adjustments": { $0.adjustments },
        ]
    }
    /// 抽查复核 of a self-evaluation.
    struct Recheck: TemplateView {
        var reviewer: String?
        var recheckedOn: DateView?
        var score: String
        var grade: String?
        var opinion: String?
        var flagged: Bool?
        var difference: String?
        var threshold: String
        static let fields: Fields = [
            // false, not nil: an ungraded recheck must not show the self-evaluation's grade from the section above.
            "reviewer": { $0.reviewer }, "recheckedOn": { $0.recheckedOn }, "score": { $0.score }, "grade": { $0.grade.map(TemplateValue.text) ?? TemplateValue.flag(false) },
            "opinion": { $0.opinion }, "flagged": { $0.flagged }, "difference": { $0.difference }, "threshold": { $0.threshold },
        ]
    }
    /// 加减分: the base total and each bonus or deduction.
    struct Adjusted: TemplateView {
        struct Line: TemplateView {
            var label: String
            var item: String
            var cap: String?
            var points: String
            var reason: String?
            static let fields: Fields = [
                "label": { $0.label }, "item": { $0.item }, "cap": { $0.cap }, "points": { $0.points }, "reason": { $0.reason },
            ]
        }
        var baseTotal: String
        var baseScore: String?
        var lines: [Line]
        static let fields: Fields = ["baseTotal": { $0.baseTotal }, "baseScore": { $0.baseScore }, "lines": { $0.lines }]
    }
    /// 绩效自评
    struct SelfEvaluation: TemplateView {
        var published: DateView?
        var groups: [IndicatorGroup]
        var executionWeight: String
        var executionScore: String
        var executionRate: String
        var totalWeight: String
        var totalScore: String
        var grade: String?
        /// The self-evaluation gave no grade: the page's is worked out from the score under the scheme, and says so.
        var gradeComputed: Bool? = nil
        var problems: String?
        var measures: String?
        var goalAchieved: String?
        var scheme: String
        var bands: String
        var frame: String
        /// Budget execution is scored on a line of its own.
        var separateExecution: Bool?
        /// HTML from the self-evaluation report's Markdown.
        var report: TrustedHTML?
        var recheck: Recheck?
        /// The grade is set on the base total (before bonuses and deductions).
        var basis: String?
        var adjusted: Adjusted?
        static let fields: Fields = [
            "published": { $0.published }, "groups": { $0.groups },
            "executionWeight": { $0.executionWeight }, "executionScore": { $0.executionScore }, "executionRate": { $0.executionRate },
            "totalWeight": { $0.totalWeight }, "totalScore": { $0.totalScore }, "grade": { $0.grade },
            "gradeComputed": { $0.gradeComputed }, "problems": { $0.problems }, "measures": { $0.measures }, "goalAchieved": { $0.goalAchieved },
            "scheme": { $0.scheme }, "bands": { $0.bands }, "frame": { $0.frame }, "separateExecution": { $0.separateExecution },
            "report": { $0.report }, "recheck": { $0.recheck }, "basis": { $0.basis }, "adjusted": { $0.adjusted },
        ]
    }
    /// A key, department or third-party evaluation (重点评价).
    struct Evaluation: TemplateView {
        var kind: String
        var evaluator: String?
        var published: DateView?
        var score: String?
        var grade: String?
        /// HTML, empty when there is no report (so the key never falls through to an enclosing one).
        var report: TrustedHTML
        static let fields: Fields = [
            "kind": { $0.kind }, "evaluator": { $0.evaluator }, "published": { $0.published }, "score": { $0.score },
            "grade": { $0.grade }, "report": { $0.report },
        ]
    }
    /// ⚠ 复核差异: the recheck differs from the self-evaluation by more than the threshold.
    struct RecheckFlag: TemplateView {
        var difference: String
        var threshold: String
        static let fields: Fields = ["difference": { $0.difference }, "threshold": { $0.threshold }]
    }
    /// The grade badge beside the title, linking to the grade's list.
    struct Badge: TemplateView {
        var grade: String
        /// 1 for the best grade: the badge's colour.
        var rank: Int?
        var url: String
        static let fields: Fields = ["grade": { $0.grade }, "rank": { $0.rank }, "url": { $0.url }]
    }
    /// 得分情况 — weight and score per 一级 indicator, then budget execution and adjustments.
    struct Breakdown: TemplateView {
        struct Row: TemplateView {
            var name: String
            var weight: String
            var score: String
            var rate: String
            static let fields: Fields = ["name": { $0.name }, "weight": { $0.weight }, "score": { $0.score }, "rate": { $0.rate }]
        }
        var rows: [Row]
        var total: String
        /// Some indicators are withheld, so the rows do not add up to the total.
        var partial: Bool?
        static let fields: Fields = ["rows": { $0.rows }, "total": { $0.total }, "partial": { $0.partial }]
    }
    /// 历年情况: the same project code in other years.
    struct History: TemplateView {
        struct Item: TemplateView {
            var year: Int
            var name: String
            var url: String
            var budget: String?
            var score: String?
            var grade: String?
            static let fields: Fields = [
                "year": { $0.year }, "name": { $0.name }, "url": { $0.url }, "budget": { $0.budget },
                "score": { $0.score }, "grade": { $0.grade },
            ]
        }
        var items: [Item]
        static let fields: Fields = ["items": { $0.items }]
    }
    /// 绩效运行监控: each checkpoint, with a warning where execution lags the plan by more than the threshold.
    struct Monitoring: TemplateView {
        struct Row: TemplateView {
            var date: DateView?
            var planned: String
            var actual: String
            var lag: String
            var progress: String
            var measures: String
            var warns: Bool?
            static let fields: Fields = [
                "date": { $0.date }, "planned": { $0.planned }, "actual": { $0.actual }, "lag": { $0.lag },
                "progress": { $0.progress }, "measures": { $0.measures }, "warns": { $0.warns },
            ]
        }
        var rows: [Row]
        var threshold: String
        static let fields: Fields = ["rows": { $0.rows }, "threshold": { $0.threshold }]
    }
    /// ⚠ 预警 above the page: a checkpoint whose execution lags.
    struct Warning: TemplateView {
        var date: DateView?
        var lag: String
        static let fields: Fields = ["date": { $0.date }, "lag": { $0.lag }]
    }
    /// 整改情况
    struct Rectification: TemplateView {
        struct Row: TemplateView {
            var problem: String
            var measure: String
            var responsible: String
            var deadline: DateView?
            var status: String
            var completed: DateView?
            var source: String
            var overdue: Bool?
            /// How the deadline was set when the data gives a rule (e.g. 评价结果公开后90日).
            var rule: String?
            var undated: Bool?
            static let fields: Fields = [
                "problem": { $0.problem }, "measure": { $0.measure }, "responsible": { $0.responsible }, "deadline": { $0.deadline },
                "status": { $0.status }, "completed": { $0.completed }, "source": { $0.source }, "overdue": { $0.overdue },
                "rule": { $0.rule }, "undated": { $0.undated },
            ]
        }
        var rows: [Row]
        /// The day overdue items are judged on.
        var referenceDay: DateView?
        static let fields: Fields = ["rows": { $0.rows }, "referenceDay": { $0.referenceDay }]
    }
    /// 事前绩效评估
    struct ExAnte: TemplateView {
        var assessedOn: DateView?
        var assessor: String?
        var conclusion: String?
        var score: String?
        /// HTML from the assessment report's Markdown.
        var report: TrustedHTML?
        static let fields: Fields = [
            "assessedOn": { $0.assessedOn }, "assessor": { $0.assessor }, "conclusion": { $0.conclusion },
            "score": { $0.score }, "report": { $0.report },
        ]
    }
    /// The project's open data files.
    struct Downloads: TemplateView {
        var json: String
        var csv: String?
        static let fields: Fields = ["json": { $0.json }, "csv": { $0.csv }]
    }

    var project: Info
    var breadcrumbs: BreadcrumbsView
    var funding: Funding?
    /// 部门整体绩效 pages only, when a task is disclosed.
    var tasks: Tasks?
    var targets: Targets?
    var selfEvaluation: SelfEvaluation?
    var evaluations: [Evaluation]
    var recheckFlag: RecheckFlag?
    var badge: Badge?
    var breakdown: Breakdown?
    var historyList: History?
    var monitoring: Monitoring?
    var warnings: [Warning]?
    var rectification: Rectification?
    var overdueCount: Int?
    /// HTML from the project's Markdown body.
    var narrative: TrustedHTML?
    var exAnte: ExAnte?
    var downloads: Downloads
    /// The configured notice shown when some of the project is withheld.
    var withheldNotice: String?
    var lastPublished: DateView?
    /// A 部门整体绩效 page, not a project's.
    var departmentWide: Bool?
    /// In the people's-congress report: the project's anchor there (its headings' ids start with it).
    var anchor: String?
    /// In the people's-congress report: no links to the website's other pages.
    var inBundle: Bool?
    static let fields: Fields = [
        "project": { $0.project }, "breadcrumbs": { $0.breadcrumbs }, "funding": { $0.funding }, "tasks": { $0.tasks }, "targets": { $0.targets },
        "selfEvaluation": { $0.selfEvaluation }, "evaluations": { $0.evaluations }, "recheckFlag": { $0.recheckFlag },
        "badge": { $0.badge }, "breakdown": { $0.breakdown }, "historyList": { $0.historyList },
        "monitoring": { $0.monitoring }, "warnings": { $0.warnings }, "rectification": { $0.rectification },
        "overdueCount": { $0.overdueCount }, "narrative": { $0.narrative }, "exAnte": { $0.exAnte },
        "downloads": { $0.downloads }, "withheldNotice": { $0.withheldNotice }, "lastPublished": { $0.lastPublished },
        "departmentWide": { $0.departmentWide }, "anchor": { $0.anchor }, "inBundle": { $0.inBundle },
    ]
}
