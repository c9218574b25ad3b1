import Foundation
import GongkaiCore

/// 公开情况: each department's publishing of one year, scored under the configured rule or rubric.
struct CompliancePageView: TemplateView {
    struct Row: TemplateView {
        var department: String
        /// The department's page; none on the total row.
        var url: String?
        var projects: Int
        var targets: String
        var results: String
        var onTime: String
        var missing: Int
        var score: String
        static let fields: Fields = [
            "department": { $0.department }, "url": { $0.url }, "projects": { $0.projects }, "targets": { $0.targets },
            "results": { $0.results }, "onTime": { $0.onTime }, "missing": { $0.missing }, "score": { $0.score },
        ]
    }
    /// 绩效管理工作考核评分表: one column per department, one row per rubric item and bonus.
    struct Rubric: TemplateView {
        struct Cell: TemplateView {
            var score: String
            /// Rubric items only: how many shortfalls the deduction counted.
            var note: String?
            static let fields: Fields = ["score": { $0.score }, "note": { $0.note }]
        }
        struct Department: TemplateView {
            var department: String
            static let fields: Fields = ["department": { $0.department }]
        }
        struct Line: TemplateView {
            var name: String
            /// Rubric items only: the item's points.
            var points: String?
            var how: String
            var cells: [Cell]
            static let fields: Fields = ["name": { $0.name }, "points": { $0.points }, "how": { $0.how }, "cells": { $0.cells }]
        }
        var departments: [Department]
        var items: [Line]
        var bonuses: [Line]
        var bonusCap: String?
        var totals: [Cell]
        var totalPoints: String
        static let fields: Fields = [
            "departments": { $0.departments }, "items": { $0.items }, "bonuses": { $0.bonuses }, "bonusCap": { $0.bonusCap },
            "totals": { $0.totals }, "totalPoints": { $0.totalPoints },
        ]
    }
    var year: Int
    var rubric: Rubric?
    var budgetApproved: DateView?
    var accountsApproved: DateView?
    var targetsDeadline: DateView?
    var resultsDeadline: DateView?
    var deadlineText: String
    var rows: [Row]
    var total: Row
    var rule: String
    var breadcrumbs: BreadcrumbsView
    static let fields: Fields = [
        "year": { $0.year }, "rubric": { $0.rubric },
        "budgetApproved": { $0.budgetApproved }, "accountsApproved": { $0.accountsApproved },
        "targetsDeadline": { $0.targetsDeadline }, "resultsDeadline": { $0.resultsDeadline }, "deadlineText": { $0.deadlineText },
        "rows": { $0.rows }, "total": { $0.total }, "rule": { $0.rule }, "breadcrumbs": { $0.breadcrumbs },
    ]
}
