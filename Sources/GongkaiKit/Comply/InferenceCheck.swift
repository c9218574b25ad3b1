import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 推算泄密 — a withheld figure that published figures give away. A self-evaluation publishes its
/// total score and the scores of its public rows: their difference is the score of the withheld
/// rows, exactly. Likewise a group's weight minus its public rows' weights. This check names each
/// such item (GK308, a warning) when the publisher chose `inference: warn`; so does a 预算执行率 score over
/// withheld funding lines. By default (`inference: withhold_totals`, fail closed) the disclose stage
/// leaves the giving-away totals and scores out instead.
enum InferenceCheck {
    /// What published totals would reveal about one project's withheld rows.
    struct Exposure {
        /// Withheld leaves with a score, while the total score is published and their scores follow
        /// from it: one withheld row alone, or withheld rows beside public ones (their sum).
        var scoredLeaves: [IndicatorNode] = []
        /// Groups (一级/二级) whose published weight covers withheld children with weights.
        var weightedGroups: [IndicatorNode] = []
        /// Withheld 加分/扣分 lines while the total is published: total − base ± public lines gives them away.
        var adjustments: [ScoreAdjustment] = []
        /// A published 预算执行率 score over funding lines some of which are withheld: weight × (spent ÷
        /// budget of all lines) with the public lines' amounts beside it gives the withheld lines' rate,
        /// and their amount when one of them is known. The total score gives the execution score away too.
        var execution = false
        /// The table's 预算执行率 rows (an in-table frame scores execution there) with a published actual rate or
        /// score, over funding lines some of which are withheld: the same giveaway as `execution`, in the table.
        var executionRows: [IndicatorNode] = []
        /// Shown rows with a published score, scored against a withheld 绩效目标调整: a quantitative score is weight ×
        /// 实际完成值 ÷ 指标值 (for ≤, × 指标值 ÷ 实际完成值), so the weight, the actual and the score give the adjusted
        /// target away. Their scores go under `withhold_totals`, and the total with them (it gives each one away).
        var adjustedRows: [IndicatorNode] = []
        /// Published 资金用途 beside a withheld funding line: uses usually account for all the money, so
        /// their sum minus the published lines' budget is the withheld line's.
        var uses = false
        /// Published 资金用途 beside a withheld use: uses account for the money, so the published budget minus the
        /// public uses is the withheld use's amount (their sum, for several). Where to warn: the first public use.
        var usesBesideWithheldUse: SourceLocation?
        /// A department's published 年度主要任务 amounts beside a withheld task with an amount, or beside a withheld funding line:
        /// the tasks say what the money is for, as uses do, so the published budget minus the public tasks' amounts is the
        /// withheld task's (their sum minus the public budget, the withheld line's). Where to warn: the first public task with one.
        var tasks: SourceLocation?
        /// Published 执行率 of monitoring checkpoints over funding lines some of which are withheld: the
        /// last one is the year's execution rate, which beside the public amounts gives the withheld lines' away.
        var monitoringRates = false
        /// Published 一级 weights beside a withheld 一级 group with a weight: the weights add up to the
        /// frame's fixed total (100 with the execution weight), so the withheld group's follows. The total
        /// is a constant no output can leave out: warned even under `inference: withhold_totals`.
        var topWeights: [IndicatorNode] = []
        /// Withheld weighted rows in shown 一级 groups, beside shown weighted rows: every weight adds up to
        /// the same fixed total, so the withheld rows' weights (one row's exactly) follow from the shown
        /// ones, whether or not their groups' weights are shown. Warned even under `withhold_totals`.
        var rowWeights: [IndicatorNode] = []
        /// Where to warn about `rowWeights`: the shown 一级 group of the first such row (a place inside a
        /// withheld row would have every quote of the message redacted, the project's name included).
        var rowWeightsAt: SourceLocation?
        var isEmpty: Bool {
            scoredLeaves.isEmpty && weightedGroups.isEmpty && adjustments.isEmpty && !execution && executionRows.isEmpty && adjustedRows.isEmpty && !uses && usesBesideWithheldUse == nil && tasks == nil && !monitoringRates
                && topWeights.isEmpty && rowWeights.isEmpty
        }
        /// Whether the total (and base) score must go under `inference: withhold_totals`.
        var hidesTotal: Bool { !scoredLeaves.isEmpty || !adjustments.isEmpty || execution || executionRows.contains { $0.score != nil } || !adjustedRows.isEmpty }
    }

    /// `reach` is the project's own reach for the audience; nil fields mean nothing is exposed.
    static func exposure(of p: Project, reach: Reach, audience: Audience) -> Exposure {
        var exposure = Exposure()
        let selfReach = p.selfEvaluation.map { reach.then($0.disclosure, audience) }
        let totalPublished = p.selfEvaluation?.totalScore != nil && selfReach?.visible == true
        if totalPublished, let s = p.selfEvaluation, let selfReach {
            exposure.adjustments = s.adjustments.filter { !selfReach.then($0.disclosure, audience).visible }
        }
        var fundingWithheld = false
        if let f = p.funding, f.lines.contains(where: { ($0.budget != nil || $0.spent != nil) && !reach.then($0.disclosure, audience).visible }) {
            fundingWithheld = true
            if let s = p.selfEvaluation, s.executionScore != nil, selfReach?.visible == true { exposure.execution = true }
            exposure.uses = f.uses.contains { reach.then($0.disclosure, audience).visible }
            exposure.monitoringRates = p.monitoring.contains { $0.actualRate != nil && reach.then($0.disclosure, audience).visible }
        }
        if let f = p.funding, f.uses.contains(where: { !reach.then($0.disclosure, audience).visible }) {
            exposure.usesBesideWithheldUse = f.uses.first { reach.then($0.disclosure, audience).visible }?.location
        }
        guard let t = p.targets else { return exposure }
        let tReach = reach.then(t.disclosure, audience)
        var publicScored = 0, publicWeighted = 0, hiddenWeighted: [IndicatorNode] = []
        var currentGroup: IndicatorNode?
        func walk(_ node: IndicatorNode, _ parent: Reach, groupShown: Bool) {
            let r = parent.then(node.disclosure, audience)
            if node.depth == 3 {
                // Named as the scoring checks find the in-table execution row, or any row of the 预算执行 group (grades.md: an
                // in-table frame's 预算执行率 is "a row of the 预算执行 group", whatever a clerk names it: 资金执行率); a rate over
                // all the money whatever the frame.
                if fundingWithheld, selfReach?.visible == true, r.visible,
                   node.name.contains("预算执行率") || currentGroup?.name.trimmed == "预算执行",
                   node.actual != nil || node.score != nil {
                    exposure.executionRows.append(node)
                }
                if let a = node.adjustment, node.score != nil, selfReach?.visible == true, r.visible, !r.then(a.disclosure, audience).visible {
                    exposure.adjustedRows.append(node)
                }
                if node.score != nil, totalPublished {
                    if r.visible { publicScored += 1 } else { exposure.scoredLeaves.append(node) }
                }
                if node.weight != nil {
                    if r.visible { publicWeighted += 1 } else if groupShown {
                        if hiddenWeighted.isEmpty, let group = currentGroup {
                            exposure.rowWeightsAt = group.fieldLocations["weight"] ?? group.location
                        }
                        hiddenWeighted.append(node)
                    }
                }
                return
            }
            // A shown group with a weight, some of whose weighted children are hidden.
            if r.visible, node.weight != nil,
               node.children.contains(where: { !r.then($0.disclosure, audience).visible && $0.weight != nil }) {
                exposure.weightedGroups.append(node)
            }
            for child in node.children { walk(child, r, groupShown: groupShown) }
        }
        for group in t.indicators {
            currentGroup = group
            walk(group, tReach, groupShown: tReach.then(group.disclosure, audience).visible)
        }
        if tReach.visible {
            let weighted = t.indicators.filter { $0.weight != nil }
            let shown = weighted.filter { tReach.then($0.disclosure, audience).visible }
            if shown.count < weighted.count { exposure.topWeights = shown }
            if publicWeighted > 0 { exposure.rowWeights = hiddenWeighted }
        }
        // Several withheld rows and no public one: the total is the self-evaluation's own result, and
        // no row's score follows from it.
        if exposure.scoredLeaves.count > 1 && publicScored == 0 { exposure.scoredLeaves = [] }
        return exposure
    }

    /// The first public 年度主要任务 with an amount when the tasks' amounts give a withheld figure away (`Exposure.tasks`).
    static func taskExposure(of dp: DepartmentPerformance, reach: Reach, audience: Audience) -> SourceLocation? {
        guard let first = dp.tasks.first(where: { $0.amount != nil && reach.then($0.disclosure, audience).visible }) else { return nil }
        let withheldTask = dp.tasks.contains { $0.amount != nil && !reach.then($0.disclosure, audience).visible }
        let withheldLine = dp.funding?.lines.contains { ($0.budget != nil || $0.spent != nil) && !reach.then($0.disclosure, audience).visible } ?? false
        return withheldTask || withheldLine ? first.location : nil
    }

    private static func label(_ p: Project, departmentWide: Bool) -> String {
        departmentWide ? "\(p.year)年度部门整体绩效（\(p.departmentCode)）" : "项目“\(p.name)”"
    }

    static func run(source: SourceSite, ledger: Ledger) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let config = source.config
        // Under `inference: withhold_totals` the disclose stage left the giving-away totals out; only what no
        // output can leave out (the fixed total of the weights) is still warned.
        let onlyConstants = config.withholdInferableTotals
        let performance = Dictionary(source.departmentPerformance.map { ($0.location, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in ledger.details where entry.reach.visible && (entry.kind == "项目" || entry.kind == DepartmentPerformance.title) {
            // A project, or a department-wide file read in the shape of one.
            guard let p = entry.project.map({ source.projects[$0] }) ?? performance[entry.location]?.asProject else { continue }
            var exposure = exposure(of: p, reach: entry.reach, audience: ledger.audience)
            if entry.project == nil, let dp = performance[entry.location] {
                exposure.tasks = taskExposure(of: dp, reach: entry.reach, audience: ledger.audience)
            }
            if onlyConstants { exposure = Exposure(topWeights: exposure.topWeights, rowWeights: exposure.rowWeights, rowWeightsAt: exposure.rowWeightsAt) }
            guard !exposure.isEmpty else { continue }
            let remedy = "删去 gongkai.yaml 中的 inference: warn（默认 withhold_totals 不公开这些数字）"
            if !exposure.scoredLeaves.isEmpty, let s = p.selfEvaluation {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))不予公开的 \(exposure.scoredLeaves.count) 项指标的得分可由公开的自评总分减去其余得分推算；\(remedy)",
                                    at: s.fieldLocations["total_score"] ?? s.location)
            }
            if !exposure.adjustments.isEmpty, let s = p.selfEvaluation {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))不予公开的 \(exposure.adjustments.count) 项加减分可由公开的自评总分与基础总分推算；\(remedy)",
                                    at: s.fieldLocations["total_score"] ?? s.location)
            }
            if exposure.execution, let s = p.selfEvaluation {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))的预算执行率得分按全部资金来源计算，其中有不予公开的资金来源：由得分和公开的金额可推算其执行情况；\(remedy)",
                                    at: s.fieldLocations["execution_score"] ?? s.location)
            }
            for row in exposure.executionRows {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))的指标“\(row.name)”的完成值和得分按全部资金来源计算，其中有不予公开的资金来源：由它们和公开的金额可推算其执行情况；\(remedy)",
                                    at: row.fieldLocations["score"] ?? row.fieldLocations["actual"] ?? row.location)
            }
            for row in exposure.adjustedRows {
                // At the row's start, before its withheld adjustment (a place inside that would redact the message's quotes).
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))的指标“\(row.name)”按不予公开的绩效目标调整计分：由分值、实际完成值和得分可推算调整后的指标值；\(remedy)",
                                    at: row.location)
            }
            if exposure.monitoringRates, let first = p.monitoring.first(where: { $0.actualRate != nil }) {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))公开了监控节点的实际执行率，而有不予公开的资金来源：执行率按全部资金计算，可推算其执行情况；\(remedy)",
                                    at: first.location)
            }
            if exposure.uses, let f = p.funding {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))公开了资金用途，而有不予公开的资金来源：用途合计减去公开的预算数即为其预算；\(remedy)",
                                    at: f.uses.first?.location ?? p.location)
            }
            if let at = exposure.usesBesideWithheldUse {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))公开了资金用途，而有不予公开的资金用途：公开的预算数减去公开的用途即为其金额；\(remedy)",
                                    at: at)
            }
            if let at = exposure.tasks {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: true))公开了年度主要任务的预算金额，而有不予公开的任务或资金来源：公开的预算数减去公开的任务金额即为其金额；\(remedy)",
                                    at: at)
            }
            if let first = exposure.topWeights.first {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))有不予公开的一级指标，其分值可由总分值（100）减去公开的各项分值推算；总分值是固定的，无法隐去：如该分值也需保密，请将整张指标表设为不予公开",
                                    at: first.fieldLocations["weight"] ?? first.location)
            }
            if let first = exposure.rowWeights.first {
                // At the row's shown 一级 group; the message names no row.
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))有 \(exposure.rowWeights.count) 项不予公开的三级指标带分值，其分值\(exposure.rowWeights.count == 1 ? "" : "合计")可由总分值减去公开的各项分值推算；总分值是固定的，无法隐去：如分值也需保密，请将整张指标表设为不予公开",
                                    at: exposure.rowWeightsAt ?? first.location)
            }
            for group in exposure.weightedGroups {
                diagnostics.warning(.inferableFromTotals,
                                    "\(label(p, departmentWide: entry.project == nil))的指标组“\(group.name)”公开了分值，其中不予公开指标的分值可由差额推算；\(remedy)",
                                    at: group.fieldLocations["weight"] ?? group.location)
            }
        }
        return diagnostics
    }
}
