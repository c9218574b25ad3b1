import Foundation
import GongkaiCore

/// 评价结果: each graded year with the count per grade.
struct GradesIndexView: TemplateView {
    struct Grade: TemplateView {
        var grade: String
        var count: Int
        static let fields: Fields = ["grade": { $0.grade }, "count": { $0.count }]
    }
    struct Year: TemplateView {
        var year: Int
        var url: String
        var count: Int
        var grades: [Grade]
        static let fields: Fields = ["year": { $0.year }, "url": { $0.url }, "count": { $0.count }, "grades": { $0.grades }]
    }
    var years: [Year]
    /// No result is graded yet (a new site): a sentence instead of a table with an empty body.
    var empty: Bool
    static let fields: Fields = ["years": { $0.years }, "empty": { $0.empty }]
}

/// A grade with its list's address.
struct GradeLinkView: TemplateView {
    var grade: String
    var url: String
    /// The grade's own page (in the grade switcher).
    var current: Bool?
    static let fields: Fields = ["grade": { $0.grade }, "url": { $0.url }, "current": { $0.current }]
}

/// One year's grades: per evaluation type, charts with their data tables, and per department.
struct GradeYearView: TemplateView {
    struct GradeRow: TemplateView {
        var grade: String
        var url: String
        var count: Int
        var share: String
        var amount: String
        var average: String
        static let fields: Fields = [
            "grade": { $0.grade }, "url": { $0.url }, "count": { $0.count }, "share": { $0.share },
            "amount": { $0.amount }, "average": { $0.average },
        ]
    }
    /// 自评, 部门评价, 财政重点评价 or 第三方评价.
    struct EvaluationType: TemplateView {
        var type: String
        var count: Int
        /// The mean of the published scores; — when none is published.
        var average: String
        /// Whether any result of the type has a published score.
        var scored: Bool
        var rows: [GradeRow]
        var chart: BarChartView
        var anchor: String
        /// When some results publish a grade without a score: how many scores the average counts.
        var averageNote: String? = nil
        static let fields: Fields = [
            "type": { $0.type }, "count": { $0.count }, "average": { $0.average }, "scored": { $0.scored }, "rows": { $0.rows },
            "chart": { $0.chart }, "anchor": { $0.anchor }, "averageNote": { $0.averageNote },
        ]
    }
    /// 部门整体绩效自评 of the year, counted apart from projects.
    struct Performance: TemplateView {
        struct Row: TemplateView {
            var grade: String
            var url: String
            var count: Int
            /// The departments' names, joined with 、.
            var departments: String
            static let fields: Fields = ["grade": { $0.grade }, "url": { $0.url }, "count": { $0.count }, "departments": { $0.departments }]
        }
        var rows: [Row]
        var count: Int
        static let fields: Fields = ["rows": { $0.rows }, "count": { $0.count }]
    }
    /// A department's self-evaluation grades: a count per grade, the amount and the average score.
    struct Department: TemplateView {
        var department: String
        var url: String
        var count: Int
        var cells: [CountCell]
        var amount: String
        var average: String
        static let fields: Fields = [
            "department": { $0.department }, "url": { $0.url }, "count": { $0.count }, "cells": { $0.cells },
            "amount": { $0.amount }, "average": { $0.average },
        ]
    }
    var year: Int
    var count: Int
    var types: [EvaluationType]
    var performance: Performance?
    var grades: [GradeLinkView]
    var departments: [Department]
    var departmentChart: BarChartView
    var breadcrumbs: BreadcrumbsView
    static let fields: Fields = [
        "year": { $0.year }, "count": { $0.count }, "types": { $0.types }, "performance": { $0.performance },
        "grades": { $0.grades }, "departments": { $0.departments }, "departmentChart": { $0.departmentChart },
        "breadcrumbs": { $0.breadcrumbs },
    ]
}

/// The projects of one year with one grade, as a sortable table.
struct GradePageView: TemplateView {
    struct Row: TemplateView {
        var name: String
        var url: String
        var department: String
        var budget: String
        /// Plain numbers for sorting (`data-value`); empty when unknown.
        var budgetValue: String
        var score: String
        var scoreValue: String
        var type: String
        var scheme: String
        static let fields: Fields = [
            "name": { $0.name }, "url": { $0.url }, "department": { $0.department }, "budget": { $0.budget },
            "budgetValue": { $0.budgetValue }, "score": { $0.score }, "scoreValue": { $0.scoreValue },
            "type": { $0.type }, "scheme": { $0.scheme },
        ]
    }
    /// 评价等级说明: what the grade means under a scheme that gave it.
    struct Meaning: TemplateView {
        var scheme: String
        var grade: String
        var description: String
        static let fields: Fields = ["scheme": { $0.scheme }, "grade": { $0.grade }, "description": { $0.description }]
    }
    struct Meanings: TemplateView {
        var items: [Meaning]
        static let fields: Fields = ["items": { $0.items }]
    }
    var year: Int
    var grade: String
    var rows: [Row]
    var performance: PerformanceTableView?
    var meanings: Meanings?
    /// How many projects the results belong to (a project can have several graded results).
    var projects: Int
    /// Their budget, each project counted once.
    var amount: String
    var others: [GradeLinkView]
    var breadcrumbs: BreadcrumbsView
    var count: Int { rows.count }
    /// Loads the table-sorting script.
    var sortable: Bool { true }
    static let fields: Fields = [
        "year": { $0.year }, "grade": { $0.grade }, "count": { $0.count }, "rows": { $0.rows },
        "performance": { $0.performance }, "meanings": { $0.meanings }, "projects": { $0.projects }, "amount": { $0.amount },
        "others": { $0.others },
        "breadcrumbs": { $0.breadcrumbs }, "sortable": { $0.sortable },
    ]
}

/// A horizontal bar chart drawn as inline SVG by partials/bar-chart (so every label is escaped).
/// The geometry is computed here; the data table beside it carries the same numbers for screen
/// readers and print.
struct BarChartView: TemplateView {
    struct Bar: TemplateView {
        var label: String
        var text: String
        var y: Int
        var width: Int
        var valueX: Int
        var textY: Int { y + 15 }
        static let fields: Fields = [
            "label": { $0.label }, "text": { $0.text }, "y": { $0.y }, "textY": { $0.textY }, "width": { $0.width },
            "valueX": { $0.valueX },
        ]
    }
    static let labelWidth = 150, barWidth = 300, rowHeight = 30, barHeight = 20

    var id: String
    var title: String
    var rows: [Bar]

    /// Bars scaled to `maximum`, or to the largest value when there is none.
    init(id: String, title: String, maximum: Decimal? = nil, bars: [(label: String, value: Decimal, text: String)]) {
        self.id = id
        self.title = title
        let top = maximum ?? bars.map(\.value).max() ?? 1
        let scale = top > 0 ? Decimal(Self.barWidth) / top : 0
        rows = bars.enumerated().map { i, bar in
            let width = NSDecimalNumber(decimal: ExactDecimal.rounded(bar.value * scale, scale: 0)).intValue
            // A bar too short to see is drawn 2 units wide; its value is written where its length ends.
            return Bar(label: bar.label, text: bar.text, y: i * Self.rowHeight + 10, width: max(width, bar.value > 0 ? 2 : 0),
                       valueX: Self.labelWidth + max(width, 0) + 8)
        }
    }

    static let fields: Fields = [
        "id": { $0.id }, "title": { $0.title }, "rows": { $0.rows },
        "labelWidth": { _ in labelWidth }, "labelX": { _ in labelWidth - 8 },
        "width": { _ in labelWidth + barWidth + 120 }, "height": { $0.rows.count * rowHeight + 20 }, "barHeight": { _ in barHeight },
    ]
}
