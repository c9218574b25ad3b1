import Foundation
import GongkaiCore
import GongkaiDisclosed

/// The view of a project's page, and of a 部门整体绩效 page, which shows the same sections.
extension SiteViews {
    /// 部门整体绩效 page: the project body's targets and self-evaluation sections, headed by the department.
    func performanceView(_ dp: DisclosedDepartmentPerformance) -> (String, ProjectPageView) {
        var view = projectView(dp.asProject)
        let name = departmentName(dp.departmentCode)
        let title = performanceTitle(dp)
        view.project = .init(name: title, year: dp.year, department: name, departmentUrl: Self.departmentPath(dp.departmentCode))
        view.breadcrumbs = BreadcrumbsView(("部门公开", "departments/"), (name, Self.departmentPath(dp.departmentCode)))
        view.downloads = .init(json: OpenData.performanceJSONPath(dp))
        view.historyList = nil
        view.departmentWide = true
        if !dp.tasks.isEmpty {
            view.tasks = .init(unit: dp.taskUnit.rawValue,
                               rows: dp.tasks.map { .init(name: $0.name, content: $0.content ?? "", amount: Format.amount($0.amount)) })
        }
        return (title, view)
    }

    func projectView(_ p: DisclosedProject) -> ProjectPageView {
        typealias View = ProjectPageView
        var view = View(
            project: .init(name: p.name, code: p.code, year: p.year, category: p.category, major: p.major,
                           department: departmentName(p.departmentCode), departmentUrl: Self.departmentPath(p.departmentCode),
                           unit: unitName(p)),
            breadcrumbs: BreadcrumbsView(("年度公开", "years/"), ("\(p.year)年度", "years/\(p.year)/")),
            evaluations: p.evaluations.map { e in
                .init(kind: e.kind, evaluator: e.evaluator, published: DateView(e.published), score: e.score.map(Format.score), grade: e.grade,
                      report: e.report.isEmpty ? .empty : TrustedHTML(markdown: e.report.text, after: 2))
            },
            downloads: .init(json: OpenData.projectJSONPath(p), csv: OpenData.projectCSVPath(p)),
            withheldNotice: p.hasWithheldParts ? site.config.withheldNotice : nil,
            lastPublished: DateView(p.lastPublished))
        if let f = p.funding {
            view.funding = .init(
                unit: f.unit.rawValue,
                lines: f.lines.map { .init(source: $0.source, initial: Format.amount($0.initial), budget: Format.amount($0.budget),
                                           spent: Format.amount($0.spent), rate: Format.rate($0.spent, $0.budget)) },
                initial: Format.amount(f.initialTotal), budget: Format.amount(f.budgetTotal),
                spent: Format.amount(f.spentTotal), rate: Format.rate(f.spentTotal, f.budgetTotal),
                uses: f.uses.isEmpty ? nil : .init(rows: f.uses.map { .init(item: $0.item, amount: Format.amount($0.amount)) }))
        }
        if let t = p.targets {
            let adjustments = targetAdjustments(t.groups)
            view.targets = .init(published: DateView(t.published), goal: t.goal, groups: indicatorGroups(t.groups, withResults: false),
                                 empty: t.indicatorCount == 0, adjustments: adjustments.isEmpty ? nil : .init(rows: adjustments))
        }
        if let s = p.selfEvaluation {
            // The self-evaluation shows even when the targets are withheld: its summary stands alone.
            let groups = p.targets?.groups ?? []
            view.selfEvaluation = .init(
                published: DateView(s.published),
                groups: indicatorGroups(groups, withResults: true),
                executionWeight: Format.score(s.executionWeight), executionScore: Format.score(s.executionScore),
                // Over a withheld line the project's rate cannot be shown, and the disclosed lines' is another.
                executionRate: p.funding.map { $0.linesWithheld ? "—" : Format.rate($0.spentTotal, $0.budgetTotal) } ?? "—",
                totalWeight: Format.score(totalWeight(groups, s)),
                totalScore: Format.score(s.totalScore), grade: s.grade,
                problems: s.problems, measures: s.measures, goalAchieved: s.goalAchieved,
                scheme: p.gradeScheme.name, bands: bands(p.gradeScheme),
                frame: s.frame.name, separateExecution: s.frame.separateExecution ? true : nil,
                report: s.report.isEmpty ? nil : TrustedHTML(markdown: s.report.text, after: 3),
                recheck: s.recheck.map { c in
                    .init(reviewer: c.reviewer, recheckedOn: DateView(c.date), score: Format.score(c.score), grade: c.grade,
                          opinion: c.opinion, flagged: c.flagged ? true : nil,
                          difference: c.difference.map { ($0 > 0 ? "高 " : $0 < 0 ? "低 " : "") + Format.score(abs($0)) + " 分" },
                          threshold: Format.score(site.config.recheckThreshold))
                },
                basis: p.gradeScheme.basis == .base ? p.gradeScheme.basis.rawValue : nil,
                adjusted: s.baseTotal.map { baseTotal in
                    .init(baseTotal: Format.score(baseTotal), baseScore: s.baseScore.map(Format.score), lines: s.adjustments.map { a in
                        .init(label: a.kind == .bonus ? "加分项" : "扣分项", item: a.item,
                              cap: a.cap.map { (a.kind == .bonus ? "最高加" : "最多扣") + Format.score($0) + "分" },
                              points: (a.kind == .bonus ? "+" : "−") + Format.score(a.points), reason: a.reason)
                    })
                })
            view.selfEvaluation?.gradeComputed = s.gradeComputed && s.grade != nil ? true : nil
        }
        if let recheck = p.selfEvaluation?.recheck, recheck.flagged, let difference = recheck.difference {
            view.recheckFlag = .init(difference: Format.score(abs(difference)), threshold: Format.score(site.config.recheckThreshold))
        }
        if let s = p.selfEvaluation, let grade = s.grade {
            view.badge = .init(grade: grade, rank: s.gradeScheme.rank(of: grade).map { $0 + 1 }, url: gradePath(p.year, grade))
            view.breakdown = scoreBreakdown(p, s)
        }
        let history = (projectsByCode[p.code.lowercased()] ?? []).map { site.projects[$0] }.filter { $0.year != p.year }
        if !history.isEmpty {
            view.historyList = .init(items: history.sorted { $0.year > $1.year }.map { h in
                .init(year: h.year, name: h.name, url: Self.projectPath(h), budget: h.budgetInWan.map(Format.wan),
                      score: h.selfEvaluation.map { Format.score($0.totalScore) }, grade: h.selfEvaluation?.grade)
            })
        }
        if !p.monitoring.isEmpty {
            let threshold = site.config.monitoringThreshold
            view.monitoring = .init(rows: p.monitoring.map { m in
                .init(date: checkpointDate(m), planned: m.plannedRate.map { Format.score($0) + "%" } ?? "—",
                      actual: m.actualRate.map { Format.score($0) + "%" } ?? "—",
                      lag: m.lag.map { ($0 > 0 ? "落后 " : "超前 ") + Format.score(abs($0)) + " 个百分点" } ?? "—",
                      progress: m.progress ?? "", measures: m.measures ?? "", warns: m.warns(threshold: threshold) ? true : nil)
            }, threshold: Format.score(threshold))
            view.warnings = p.monitoring.filter { $0.warns(threshold: threshold) }.map { .init(date: checkpointDate($0), lag: Format.score($0.lag ?? 0)) }
        }
        if !p.rectifications.isEmpty {
            let rows: [View.Rectification.Row] = p.rectifications.map { r in
                .init(problem: r.problem, measure: r.measure ?? "", responsible: r.responsible ?? "",
                      deadline: DateView(r.deadline), status: r.status.rawValue, completed: DateView(r.completed),
                      source: r.source ?? "", overdue: r.isOverdue(on: referenceDay) ? true : nil,
                      rule: r.deadlineRule, undated: r.isUndated ? true : nil)
            }
            view.rectification = .init(rows: rows, referenceDay: DateView(referenceDay))
            let overdue = rows.filter { $0.overdue == true }.count  // judged once, in the rows
            if overdue > 0 { view.overdueCount = overdue }
        }
        if !p.narrative.isEmpty { view.narrative = TrustedHTML(markdown: p.narrative.text, after: 2) }
        if let a = p.exAnte {
            view.exAnte = .init(assessedOn: DateView(a.date), assessor: a.assessor, conclusion: a.conclusion,
                                score: a.score.map(Format.score), report: a.report.isEmpty ? nil : TrustedHTML(markdown: a.report.text, after: 2))
        }
        return view
    }

    /// 得分情况 — weight and score per 一级 indicator over the disclosed rows, then budget execution.
    private func scoreBreakdown(_ p: DisclosedProject, _ s: DisclosedSelfEvaluation) -> ProjectPageView.Breakdown {
        var rows: [ProjectPageView.Breakdown.Row] = []
        for group in p.targets?.groups ?? [] {
            let results = group.subgroups.flatMap(\.indicators).compactMap(\.result)
            guard !results.isEmpty else { continue }
            // A sum only when every row gives its figure: a group of unscored rows is —, never 0.
            let weights = results.compactMap(\.weight), scores = results.compactMap(\.score)
            let weight = weights.count == results.count ? weights.reduce(Decimal(0), +) : nil
            let score = scores.count == results.count ? scores.reduce(Decimal(0), +) : nil
            rows.append(.init(name: group.name, weight: Format.score(weight), score: Format.score(score),
                              rate: weight.flatMap { w in score.flatMap { ExactDecimal.percent($0, of: w, scale: 1) } } ?? "—"))
        }
        if s.frame.separateExecution {
            rows.append(.init(name: "预算执行率", weight: Format.score(s.executionWeight), score: Format.score(s.executionScore),
                              rate: s.executionScore.flatMap { ExactDecimal.percent($0, of: s.executionWeight, scale: 1) } ?? "—"))
        }
        for a in s.adjustments {
            rows.append(.init(name: (a.kind == .bonus ? "加分项：" : "扣分项：") + a.item, weight: a.cap.map(Format.score) ?? "—",
                              score: (a.kind == .bonus ? "+" : "−") + Format.score(a.points), rate: "—"))
        }
        return .init(rows: rows, total: Format.score(s.totalScore), partial: p.scoresIncomplete ? true : nil)
    }

    private func totalWeight(_ groups: [DisclosedIndicatorGroup], _ s: DisclosedSelfEvaluation) -> Decimal {
        groups.reduce(s.executionWeight) { sum, g in
            sum + g.subgroups.flatMap(\.indicators).reduce(Decimal(0)) { $0 + ($1.result?.weight ?? 0) }
        }
    }

    /// A checkpoint's date, or its month when only a month is written (`2025-05`, 2025年5月).
    private func checkpointDate(_ m: DisclosedCheckpoint) -> DateView? {
        guard let d = m.date else { return nil }
        return m.monthOnly ? DateView(iso: d.monthString, chinese: "\(d.year)年\(d.month)月") : DateView(d)
    }

    /// The target in force; an adjusted one names the original beside it (绩效目标调整).
    private func targetText(_ indicator: DisclosedIndicator) -> String {
        let original = indicator.target?.raw ?? "—"
        guard let a = indicator.adjustment else { return original }
        return "\(a.target.raw)（调整后；原定 \(original)）"
    }

    /// 绩效目标调整 — every disclosed adjusted indicator, with original and adjusted values.
    private func targetAdjustments(_ groups: [DisclosedIndicatorGroup]) -> [ProjectPageView.Adjustment] {
        groups.flatMap(\.subgroups).flatMap(\.indicators).compactMap { i in
            i.adjustment.map { a in
                .init(name: i.name, original: i.target?.raw ?? "—", adjusted: a.target.raw, adjustedOn: DateView(a.date), reason: a.reason ?? "")
            }
        }
    }

    /// Table rows in the usual layout, one body per 一级 group: 一级 and 二级 cells span the rows of their children.
    private func indicatorGroups(_ groups: [DisclosedIndicatorGroup], withResults: Bool) -> [ProjectPageView.IndicatorGroup] {
        groups.compactMap { group in
            let subgroups = group.subgroups.filter { !$0.indicators.isEmpty }
            let groupRows = subgroups.reduce(0) { $0 + $1.indicators.count }
            guard groupRows > 0 else { return nil }
            var rows: [ProjectPageView.IndicatorRow] = []
            for (s, sub) in subgroups.enumerated() {
                for (i, indicator) in sub.indicators.enumerated() {
                    var row = ProjectPageView.IndicatorRow(name: indicator.name, target: targetText(indicator), basis: indicator.basis ?? "",
                                                           explanation: indicator.explanation)
                    if s == 0 && i == 0 { row.level1 = .init(name: group.name, rowspan: groupRows) }
                    if i == 0 { row.level2 = .init(name: sub.name, rowspan: sub.indicators.count) }
                    if withResults, let r = indicator.result {
                        row.actual = r.actual ?? "—"
                        row.weight = Format.score(r.weight)
                        row.score = Format.score(r.score)
                        row.deviation = r.deviation ?? ""
                    }
                    rows.append(row)
                }
            }
            return ProjectPageView.IndicatorGroup(rows: rows)
        }
    }
}
