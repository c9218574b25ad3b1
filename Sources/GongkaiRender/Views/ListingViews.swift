import Foundation
import GongkaiCore

// The views of the listing pages: home, departments, years, documents and the site's service pages.

/// A row of a project list (partials/project-table). Every cell has a value, so Mustache never
/// climbs to the enclosing group's `budget` when a project has none.
struct ProjectRowView: TemplateView {
    var name: String
    var code: String
    var url: String
    var department: String
    var budgetText: String
    var rateText: String
    var scoreText: String
    var gradeText: String
    static let fields: Fields = [
        "name": { $0.name }, "code": { $0.code }, "url": { $0.url }, "department": { $0.department },
        "budgetText": { $0.budgetText }, "rateText": { $0.rateText }, "scoreText": { $0.scoreText }, "gradeText": { $0.gradeText },
    ]
}

/// Projects of one year (on a department's page) or of one department (on a year's page).
struct ProjectGroupView: TemplateView {
    var year: Int?
    var department: String?
    var url: String?
    var projects: [ProjectRowView]
    var label: String
    var budget: String
    var count: Int { projects.count }
    static let fields: Fields = [
        "year": { $0.year }, "department": { $0.department }, "url": { $0.url }, "projects": { $0.projects },
        "label": { $0.label }, "budget": { $0.budget }, "count": { $0.count },
    ]
}

/// A row of a list of department-wide performance (部门整体绩效): every cell has a value.
struct PerformanceRowView: TemplateView {
    var department: String
    var year: Int
    var url: String
    var targetsText: String
    var scoreText: String
    var gradeText: String
    static let fields: Fields = [
        "department": { $0.department }, "year": { $0.year }, "url": { $0.url },
        "targetsText": { $0.targetsText }, "scoreText": { $0.scoreText }, "gradeText": { $0.gradeText },
    ]
}

/// partials/performance-table: the rows with the table's accessible name and caption.
struct PerformanceTableView: TemplateView {
    var rows: [PerformanceRowView]
    var label: String
    var caption: String
    static let fields: Fields = ["rows": { $0.rows }, "label": { $0.label }, "caption": { $0.caption }]
}

struct DepartmentSummaryView: TemplateView {
    var code: String
    var name: String
    var kind: String?
    var url: String
    var projectCount: Int
    static let fields: Fields = [
        "code": { $0.code }, "name": { $0.name }, "kind": { $0.kind }, "url": { $0.url }, "projectCount": { $0.projectCount },
    ]
}

struct YearSummaryView: TemplateView {
    var year: Int
    var url: String
    var projectCount: Int
    var budget: String
    static let fields: Fields = ["year": { $0.year }, "url": { $0.url }, "projectCount": { $0.projectCount }, "budget": { $0.budget }]
}

/// 首页: the introduction, the latest disclosures, the years and the departments.
struct HomeView: TemplateView {
    struct Latest: TemplateView {
        var date: DateView
        var label: String
        var title: String
        var url: String
        static let fields: Fields = ["date": { $0.date }, "label": { $0.label }, "title": { $0.title }, "url": { $0.url }]
    }
    /// HTML from the site's Markdown introduction.
    var intro: TrustedHTML
    var latest: [Latest]
    var years: [YearSummaryView]
    var departments: [DepartmentSummaryView]
    static let fields: Fields = ["intro": { $0.intro }, "latest": { $0.latest }, "years": { $0.years }, "departments": { $0.departments }]
}

/// 部门公开
struct DepartmentsView: TemplateView {
    var departments: [DepartmentSummaryView]
    static let fields: Fields = ["departments": { $0.departments }]
}

/// 年度公开
struct YearsView: TemplateView {
    var years: [YearSummaryView]
    static let fields: Fields = ["years": { $0.years }]
}

/// One department: its units, its grade scheme, its projects by year and its department-wide performance.
struct DepartmentPageView: TemplateView {
    struct Info: TemplateView {
        var code: String
        var name: String
        var kind: String?
        var intro: String?
        var scheme: String
        var bands: String
        static let fields: Fields = [
            "code": { $0.code }, "name": { $0.name }, "kind": { $0.kind }, "intro": { $0.intro },
            "scheme": { $0.scheme }, "bands": { $0.bands },
        ]
    }
    struct Unit: TemplateView {
        var code: String
        var name: String
        static let fields: Fields = ["code": { $0.code }, "name": { $0.name }]
    }
    var department: Info
    var units: [Unit]
    var yearGroups: [ProjectGroupView]
    var breadcrumbs: BreadcrumbsView
    var performance: PerformanceTableView?
    static let fields: Fields = [
        "department": { $0.department }, "units": { $0.units }, "yearGroups": { $0.yearGroups },
        "breadcrumbs": { $0.breadcrumbs }, "performance": { $0.performance },
    ]
}

/// One fiscal year: its projects by department and its department-wide performance.
struct YearPageView: TemplateView {
    var year: Int
    var departmentGroups: [ProjectGroupView]
    var projectCount: Int
    var performanceCount: Int
    var performance: PerformanceTableView?
    var evaluatedCount: Int
    var budget: String
    var breadcrumbs: BreadcrumbsView
    static let fields: Fields = [
        "year": { $0.year }, "departmentGroups": { $0.departmentGroups }, "projectCount": { $0.projectCount },
        "performanceCount": { $0.performanceCount }, "performance": { $0.performance }, "evaluatedCount": { $0.evaluatedCount },
        "budget": { $0.budget }, "breadcrumbs": { $0.breadcrumbs },
    ]
}

/// 政策文件: Markdown pages by category, newest first.
struct DocumentsView: TemplateView {
    struct Row: TemplateView {
        var title: String
        var url: String
        var date: DateView?
        var summary: String?
        static let fields: Fields = ["title": { $0.title }, "url": { $0.url }, "date": { $0.date }, "summary": { $0.summary }]
    }
    struct Group: TemplateView {
        var category: String
        var pages: [Row]
        static let fields: Fields = ["category": { $0.category }, "pages": { $0.pages }]
    }
    /// 政策文件, or a page folder's categories.
    var heading: String
    var groups: [Group]
    /// Back to 政策文件 from a page folder's listing.
    var breadcrumbs: BreadcrumbsView? = nil
    static let fields: Fields = ["heading": { $0.heading }, "groups": { $0.groups }, "breadcrumbs": { $0.breadcrumbs }]
}

/// A Markdown page (policy, notice, guide).
struct DocumentPageView: TemplateView {
    struct Info: TemplateView {
        var title: String
        var date: DateView?
        var category: String?
        var department: String?
        var summary: String?
        /// HTML from the page's Markdown.
        var body: TrustedHTML
        static let fields: Fields = [
            "title": { $0.title }, "date": { $0.date }, "category": { $0.category }, "department": { $0.department },
            "summary": { $0.summary }, "body": { $0.body },
        ]
    }
    var page: Info
    var breadcrumbs: BreadcrumbsView
    static let fields: Fields = ["page": { $0.page }, "breadcrumbs": { $0.breadcrumbs }]
}

/// 站内搜索: the form, and links to browse by year when a search finds nothing.
struct SearchPageView: TemplateView {
    struct Year: TemplateView {
        var year: Int
        var url: String
        static let fields: Fields = ["year": { $0.year }, "url": { $0.url }]
    }
    var years: [Year]
    /// Loads the search script.
    var searchable: Bool { true }
    static let fields: Fields = ["years": { $0.years }, "searchable": { $0.searchable }]
}

/// 开放数据: the files of each year and what each column of each table means.
struct OpenDataPageView: TemplateView {
    struct Year: TemplateView {
        var year: Int
        var projects: String
        var indicators: String
        var evaluations: String
        var zip: String
        static let fields: Fields = [
            "year": { $0.year }, "projects": { $0.projects }, "indicators": { $0.indicators },
            "evaluations": { $0.evaluations }, "zip": { $0.zip },
        ]
    }
    struct Column: TemplateView {
        var name: String
        var type: String
        var title: String
        static let fields: Fields = ["name": { $0.name }, "type": { $0.type }, "title": { $0.title }]
    }
    struct Table: TemplateView {
        var name: String
        var title: String
        var columns: [Column]
        static let fields: Fields = ["name": { $0.name }, "title": { $0.title }, "columns": { $0.columns }]
    }
    var years: [Year]
    var tables: [Table]
    static let fields: Fields = ["years": { $0.years }, "tables": { $0.tables }]
}

/// 公开验证: the published key (when the site is signed) and the addresses a checker needs.
struct VerificationPageView: TemplateView {
    struct Key: TemplateView {
        var pem: String
        var fingerprint: String
        static let fields: Fields = ["pem": { $0.pem }, "fingerprint": { $0.fingerprint }]
    }
    var baseURL: String
    var key: Key?
    static let fields: Fields = ["baseURL": { $0.baseURL }, "key": { $0.key }]
}

/// 更新记录: each release, newest first, with its changes.
struct RecordPageView: TemplateView {
    struct Change: TemplateView {
        var kind: String
        var change: String
        /// The item's title while it is published now; otherwise the change shows its address only.
        var title: String?
        var url: String?
        var withdrawn: Bool?
        static let fields: Fields = [
            "kind": { $0.kind }, "change": { $0.change }, "title": { $0.title }, "url": { $0.url }, "withdrawn": { $0.withdrawn },
        ]
    }
    struct Release: TemplateView {
        var number: Int
        var date: DateView?
        var digest: String
        /// For a rollback, the root digest of the release it took down.
        var rollbackFrom: String? = nil
        var changes: [Change]
        var count: Int { changes.count }
        static let fields: Fields = [
            "number": { $0.number }, "date": { $0.date }, "digest": { $0.digest },
            "isRollback": { $0.rollbackFrom == nil ? nil : true }, "rollbackFrom": { $0.rollbackFrom },
            "changes": { $0.changes.isEmpty ? nil : $0.changes }, "count": { $0.count },
            "hasChanges": { $0.changes.isEmpty ? nil : true },
        ]
    }
    var releases: [Release]
    /// The configured reason shown for withdrawn items.
    var reason: String
    static let fields: Fields = ["releases": { $0.releases }, "reason": { $0.reason }, "hasReleases": { !$0.releases.isEmpty }]
}

/// 已撤回: the date and the configured reason, nothing of the item.
struct WithdrawnPageView: TemplateView {
    var date: DateView?
    var reason: String
    static let fields: Fields = ["date": { $0.date }, "reason": { $0.reason }]
}
