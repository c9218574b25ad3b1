import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 评价结果 pages: an overview per fiscal year with charts and their data tables, and one
/// sortable list per grade. Everything comes from the disclosed view's graded results.
extension SiteViews {
    func gradePath(_ year: Int, _ grade: String) -> String { "grades/\(year)/\(gradeSlugs[year]?[grade] ?? "grade")/" }

    func gradesIndexView() -> GradesIndexView {
        let years: [GradesIndexView.Year] = graded.keys.sorted(by: >).map { year in
            let results = graded[year]!
            return .init(year: year, url: "grades/\(year)/", count: results.count,
                         grades: gradeOrder[year]!.map { g in .init(grade: g, count: results.filter { $0.grade == g }.count) })
        }
        return GradesIndexView(years: years, empty: years.isEmpty)
    }

    func gradeYearView(_ year: Int) -> GradeYearView {
        let results = graded[year] ?? []
        let order = gradeOrder[year] ?? []
        let types: [GradeYearView.EvaluationType] = orderedTypes(results).map { type in
            let inType = results.filter { $0.evaluationType == type }
            let rows: [GradeYearView.GradeRow] = order.compactMap { grade in
                let items = inType.filter { $0.grade == grade }
                guard !items.isEmpty else { return nil }
                return .init(grade: grade, url: gradePath(year, grade), count: items.count,
                             share: ExactDecimal.percent(Decimal(items.count), of: Decimal(inType.count), scale: 1) ?? "—",
                             amount: Format.wan(budget(of: items)), average: averageText(items))
            }
            let chart = BarChartView(id: "chart-\(year)-\(typeSlug(type))", title: "\(year)年度\(type)等级分布（项目数）",
                                     bars: rows.map { ($0.grade, Decimal($0.count), "\($0.count) 个") })
            let scores = inType.compactMap(\.score), mean = average(scores)
            var view = GradeYearView.EvaluationType(type: type, count: inType.count, average: Format.score(mean), scored: mean != nil,
                                                    rows: rows, chart: chart, anchor: typeSlug(type))
            if mean != nil, scores.count < inType.count {
                view.averageNote = "（其中 \(scores.count) 个项目公开了得分，平均得分按公开的得分计算）"
            }
            return view
        }
        // By department: self-evaluation grades (the result every project has), counts per grade and the average.
        let selfResults = results.filter { $0.evaluationType == GradeOverride.selfEvaluation }
        let byDepartment = Dictionary(grouping: selfResults, by: { site.projects[$0.projectIndex].departmentCode })
        var averages: [(String, Decimal, String)] = []
        let departments: [GradeYearView.Department] = site.departments.compactMap { d in
            guard let items = byDepartment[d.code] else { return nil }
            let mean = average(items.compactMap(\.score))
            // A department none of whose scores is published has no bar: a bar at 0 would read as a score of 0.
            // (The bar's label has no room for the count of scores: the table beside it gives it.)
            if let mean { averages.append((d.name, mean, "\(Format.score(mean)) 分")) }
            return .init(department: d.name, url: Self.departmentPath(d.code), count: items.count,
                         cells: order.map { g in CountCell(count: items.filter { $0.grade == g }.count) },
                         amount: Format.wan(budget(of: items)), average: averageText(items))
        }
        // 部门整体绩效自评, counted apart from projects.
        let performance = site.departmentPerformance.filter { $0.year == year && $0.selfEvaluation?.grade != nil }
        let performanceRows: [GradeYearView.Performance.Row] = order.compactMap { grade in
            let items = performance.filter { $0.selfEvaluation?.grade == grade }
            guard !items.isEmpty else { return nil }
            return .init(grade: grade, url: gradePath(year, grade), count: items.count,
                         departments: items.map { departmentName($0.departmentCode) }.joined(separator: "、"))
        }
        return GradeYearView(
            year: year, count: results.count, types: types,
            performance: performanceRows.isEmpty ? nil : .init(rows: performanceRows, count: performance.count),
            grades: order.map { .init(grade: $0, url: gradePath(year, $0)) },
            departments: departments,
            departmentChart: BarChartView(id: "chart-\(year)-departments", title: "\(year)年度各部门自评平均分", maximum: 100, bars: averages),
            breadcrumbs: BreadcrumbsView(("评价结果", "grades/")))
    }

    func gradeView(_ year: Int, _ grade: String) -> GradePageView {
        let items = (graded[year] ?? []).filter { $0.grade == grade }
        let rows: [GradePageView.Row] = items.map { r in
            let p = site.projects[r.projectIndex]
            return .init(name: p.name, url: Self.projectPath(p), department: departmentName(p.departmentCode),
                         budget: r.budgetInWan.map(Format.wan) ?? "—", budgetValue: r.budgetInWan.map { ExactDecimal.format($0) } ?? "",
                         score: Format.score(r.score), scoreValue: r.score.map { ExactDecimal.format($0) } ?? "",
                         type: r.evaluationType, scheme: r.scheme.name)
        }
        // What the grade means under each scheme that gave it (评价等级说明), when the scheme says.
        var schemes: [GradeScheme] = []
        for r in items where !schemes.contains(where: { $0.name == r.scheme.name }) { schemes.append(r.scheme) }
        let meanings: [GradePageView.Meaning] = schemes.sorted { $0.name < $1.name }.compactMap { scheme in
            scheme.description(of: grade).map { .init(scheme: scheme.name, grade: grade, description: $0) }
        }
        let performance = site.departmentPerformance.filter { $0.year == year && $0.selfEvaluation?.grade == grade }
        return GradePageView(
            year: year, grade: grade, rows: rows,
            performance: performance.isEmpty ? nil : .init(rows: performance.map(performanceRow), label: "部门整体绩效自评为\(grade)的部门",
                                                           caption: "\(year)年度部门整体绩效自评为“\(grade)”的部门"),
            meanings: meanings.isEmpty ? nil : .init(items: meanings),
            projects: Set(items.map(\.projectIndex)).count, amount: Format.wan(budget(of: items)),
            others: (gradeOrder[year] ?? []).map { .init(grade: $0, url: gradePath(year, $0), current: $0 == grade) },
            breadcrumbs: BreadcrumbsView(("评价结果", "grades/"), ("\(year)年度", "grades/\(year)/")))
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
        // Spelt from the code points, as a grade's address is: one id per kind (a hash gave two kinds one id).
        default: "kind-" + type.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-")
        }
    }

    /// The mean of the published scores, saying how many it counts when some results publish a grade but no
    /// score (a total left out so as not to give a withheld row away): 优 1, 良 1 beside an average of 98.83 read
    /// as an error in the table, for the 良's score was not in it.
    private func averageText(_ items: [GradedResult]) -> String {
        Format.score(average(items.compactMap(\.score))) + partialNote(items)
    }

    private func partialNote(_ items: [GradedResult]) -> String {
        let scored = items.count { $0.score != nil }
        return scored > 0 && scored < items.count ? "（公开得分的 \(scored) 项）" : ""
    }

    /// The mean score, or nil when no result has a published score (shown as —, never as 0).
    private func average(_ values: [Decimal]) -> Decimal? {
        values.isEmpty ? nil : ExactDecimal.rounded(values.reduce(0, +) / Decimal(values.count), scale: 2)
    }

    /// The budget the results cover: each project once, however many of its evaluations gave the grade
    /// (a project graded 优 by its self-evaluation and by a third-party evaluation is one budget).
    private func budget(of results: [GradedResult]) -> Decimal {
        var seen = Set<Int>()
        return results.filter { seen.insert($0.projectIndex).inserted }.compactMap(\.budgetInWan).reduce(Decimal(0), +)
    }
}
