import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 评价结果 pages: an overview per fiscal year with charts and their data tables, and one
/// sortable list per grade. Everything comes from the disclosed view's graded results.
extension SiteViews {
    func gradePath(_ year: Int, _ grade: String) -> String { "grades/\(year)/\(gradeSlugs[year]?[grade] ?? "grade")/" }

    func gradesIndexContext() -> [String: Any] {
        ["years": graded.keys.sorted(by: >).map { year -> [String: Any] in
            let results = graded[year]!
            return ["year": year, "url": "grades/\(year)/", "count": results.count,
                    "grades": gradeOrder[year]!.map { g in ["grade": g, "count": results.filter { $0.grade == g }.count] }]
        }]
    }

    func gradeYearContext(_ year: Int) -> [String: Any] {
        let results = graded[year] ?? []
        let order = gradeOrder[year] ?? []
        let types = orderedTypes(results)
        let byType: [[String: Any]] = types.map { type in
            let inType = results.filter { $0.evaluationType == type }
            let rows: [[String: Any]] = order.compactMap { grade in
                let items = inType.filter { $0.grade == grade }
                guard !items.isEmpty else { return nil }
                let amount = items.compactMap(\.budgetInWan).reduce(Decimal(0), +)
                return ["grade": grade, "url": gradePath(year, grade), "count": items.count,
                        "share": ExactDecimal.percent(Decimal(items.count), of: Decimal(inType.count), scale: 1) ?? "—",
                        "amount": Format.amount(amount), "average": Format.score(average(items.compactMap(\.score)))]
            }
            let chart = BarChart(id: "chart-\(year)-\(typeSlug(type))", title: "\(year)年度\(type)等级分布（项目数）",
                                 bars: rows.map { ($0["grade"] as! String, Decimal($0["count"] as! Int), "\($0["count"]!) 个") })
            return ["type": type, "count": inType.count, "average": Format.score(average(inType.compactMap(\.score))),
                    "rows": rows, "chart": chart.context, "anchor": typeSlug(type)]
        }
        // By department: self-evaluation grades (the result every project has), counts per grade and the average.
        let selfResults = results.filter { $0.evaluationType == GradeOverride.selfEvaluation }
        let byDepartment = Dictionary(grouping: selfResults, by: { site.projects[$0.projectIndex].departmentCode })
        let departments: [[String: Any]] = site.departments.compactMap { d in
            guard let items = byDepartment[d.code] else { return nil }
            return ["department": d.name, "url": Self.departmentPath(d.code), "count": items.count,
                    "cells": order.map { g in ["count": items.filter { $0.grade == g }.count] },
                    "amount": Format.amount(items.compactMap(\.budgetInWan).reduce(Decimal(0), +)),
                    "average": Format.score(average(items.compactMap(\.score))),
                    "averageValue": average(items.compactMap(\.score))]
        }
        let averageChart = BarChart(id: "chart-\(year)-departments", title: "\(year)年度各部门自评平均分", maximum: 100,
                                    bars: departments.map { ($0["department"] as! String, $0["averageValue"] as! Decimal, "\($0["average"]!) 分") })
        // 部门整体绩效自评, counted apart from projects.
        let performance = site.departmentPerformance.filter { $0.year == year && $0.selfEvaluation?.grade != nil }
        let performanceRows: [[String: Any]] = order.compactMap { grade in
            let items = performance.filter { $0.selfEvaluation?.grade == grade }
            guard !items.isEmpty else { return nil }
            return ["grade": grade, "url": gradePath(year, grade), "count": items.count,
                    "departments": items.map { departmentName($0.departmentCode) }.joined(separator: "、")]
        }
        return [
            "year": year, "count": results.count, "types": byType,
            "performance": performanceRows.isEmpty ? false : ["rows": performanceRows, "count": performance.count],
            "grades": order.map { ["grade": $0, "url": gradePath(year, $0)] },
            "departments": departments, "departmentChart": averageChart.context,
            "breadcrumbs": ["items": [["label": "评价结果", "url": "grades/"]]],
            "scripts": false,
        ]
    }

    func gradeContext(_ year: Int, _ grade: String) -> [String: Any] {
        let items = (graded[year] ?? []).filter { $0.grade == grade }
        let rows: [[String: Any]] = items.map { r in
            let p = site.projects[r.projectIndex]
            return compact(["name": p.name, "url": Self.projectPath(p), "department": departmentName(p.departmentCode),
                            "budget": r.budgetInWan.map(Format.amount) ?? "—", "budgetValue": r.budgetInWan.map { ExactDecimal.format($0) } ?? "",
                            "score": Format.score(r.score), "scoreValue": r.score.map { ExactDecimal.format($0) } ?? "",
                            "type": r.evaluationType, "scheme": r.scheme.name])
        }
        // What the grade means under each scheme that gave it (评价等级说明), when the scheme says.
        var schemes: [GradeScheme] = []
        for r in items where !schemes.contains(where: { $0.name == r.scheme.name }) { schemes.append(r.scheme) }
        let meanings: [[String: Any]] = schemes.sorted { $0.name < $1.name }.compactMap { scheme in
            scheme.description(of: grade).map { ["scheme": scheme.name, "grade": grade, "description": $0] }
        }
        let performance = site.departmentPerformance.filter { $0.year == year && $0.selfEvaluation?.grade == grade }
        return [
            "year": year, "grade": grade, "count": items.count, "rows": rows,
            "performance": performance.isEmpty ? false : ["rows": performance.map(performanceRow), "label": "部门整体绩效自评为\(grade)的部门",
                                                          "caption": "\(year)年度部门整体绩效自评为“\(grade)”的部门"],
            "meanings": meanings.isEmpty ? false : ["items": meanings],
            "amount": Format.amount(items.compactMap(\.budgetInWan).reduce(Decimal(0), +)),
            "others": (gradeOrder[year] ?? []).map { ["grade": $0, "url": gradePath(year, $0), "current": $0 == grade] },
            "breadcrumbs": ["items": [["label": "评价结果", "url": "grades/"], ["label": "\(year)年度", "url": "grades/\(year)/"]]],
            "sortable": true,
        ]
    }

    /// In the order of the budget cycle: self-evaluation, department, key, third-party; then any other kind by name.
    private func orderedTypes(_ results: [GradedResult]) -> [String] {
        let known = [GradeOverride.selfEvaluation, "部门评价", "财政重点评价", "第三方评价"]
        let types = Set(results.map(\.evaluationType))
        return known.filter(types.contains) + types.subtracting(known).sorted()
    }

    private func typeSlug(_ type: String) -> String {
        switch type {
        case GradeOverride.selfEvaluation: "self"
        case "部门评价": "department"
        case "财政重点评价": "key"
        case "第三方评价": "third-party"
        default: "type-\(abs(type.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 100_000 }))"
        }
    }

    private func average(_ values: [Decimal]) -> Decimal {
        values.isEmpty ? 0 : ExactDecimal.rounded(values.reduce(0, +) / Decimal(values.count), scale: 2)
    }
}

/// A horizontal bar chart drawn as inline SVG by a template partial (so every label is escaped).
/// Geometry is computed here; the data table beside it carries the same numbers for screen readers and print.
struct BarChart {
    var id: String
    var title: String
    var maximum: Decimal?
    var bars: [(label: String, value: Decimal, text: String)]

    init(id: String, title: String, maximum: Decimal? = nil, bars: [(String, Decimal, String)]) {
        self.id = id
        self.title = title
        self.maximum = maximum
        self.bars = bars.map { (label: $0.0, value: $0.1, text: $0.2) }
    }

    static let labelWidth = 150, barWidth = 300, rowHeight = 30, barHeight = 20

    var context: [String: Any] {
        let top = maximum ?? bars.map(\.value).max() ?? 1
        let scale = top > 0 ? Decimal(Self.barWidth) / top : 0
        let rows: [[String: Any]] = bars.enumerated().map { i, bar in
            let width = NSDecimalNumber(decimal: ExactDecimal.rounded(bar.value * scale, scale: 0)).intValue
            let y = i * Self.rowHeight + 10
            return ["label": bar.label, "text": bar.text, "y": y, "textY": y + 15, "width": max(width, bar.value > 0 ? 2 : 0),
                    "valueX": Self.labelWidth + max(width, 0) + 8]
        }
        return ["id": id, "title": title, "rows": rows, "labelWidth": Self.labelWidth, "labelX": Self.labelWidth - 8,
                "width": Self.labelWidth + Self.barWidth + 120, "height": bars.count * Self.rowHeight + 20, "barHeight": Self.barHeight]
    }
}
