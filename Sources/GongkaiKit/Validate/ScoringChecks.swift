import Foundation
import GongkaiCore

/// 自评打分核查 — the arithmetic of self-evaluation tables and funding, which published tables
/// often get wrong: weights add up, scores stay within their weights, totals are sums, the execution
/// score follows the execution rate, grades follow the scheme in force, full scores go to met targets.
/// Runs on the source model (withheld rows count in the arithmetic) and reports positions only.
enum ScoringChecks {
    /// Each project is checked on its own, on up to `jobs` threads; diagnostics stay in project order.
    static func run(_ site: SourceSite, jobs: Int = 1) -> DiagnosticList {
        run(site, jobs: jobs, beside: {}).diagnostics
    }

    /// The checks, and `beside` on one of the threads while the others start on them (`concurrentBatches(beside:)`).
    static func run<Beside: Sendable>(_ site: SourceSite, jobs: Int, beside: @Sendable () -> Beside) -> (diagnostics: DiagnosticList, beside: Beside) {
        let count = site.projects.count + site.departmentPerformance.count
        let (parts, besideResult) = concurrentBatches(count, size: 256, jobs: jobs, beside: beside) { batch -> DiagnosticList in
            var d = DiagnosticList()
            for j in batch {
                if j < site.projects.count {
                    check(site.projects[j], config: site.config, into: &d)
                } else {
                    let dp = site.departmentPerformance[j - site.projects.count]
                    check(dp.asProject, config: site.config, departmentWide: true, into: &d)
                    checkTasks(dp, into: &d)
                }
            }
            return d
        }
        var d = DiagnosticList()
        for part in parts { d.append(contentsOf: part) }
        return (d, besideResult)
    }

    /// 年度主要任务: their money is part of the year's, so more than the budget is a sum copied wrong, as uses above it are.
    static func checkTasks(_ dp: DepartmentPerformance, into d: inout DiagnosticList) {
        guard let f = dp.funding, let first = dp.tasks.first(where: { $0.amount != nil }) else { return }
        let sum = dp.tasks.compactMap(\.amount).reduce(Decimal(0), +)
        if sum > f.budget {
            d.error(.usesExceedBudget, "年度主要任务的金额合计 \(fmt(sum)) 超过部门年度资金的全年预算数 \(fmt(f.budget))（\(f.unit.rawValue)）", at: first.location)
        }
    }

    /// `departmentWide`: a 部门整体绩效 self-evaluation, whose execution rate is the department's whole budget: checked
    /// when its file states that budget (`funding`), else not warned about (a department file need not).
    static func check(_ p: Project, config: SiteConfig, departmentWide: Bool = false, into d: inout DiagnosticList) {
        checkFunding(p, into: &d)
        checkLifecycle(p, config: config, into: &d)
        // A 三级 row without `target:` is an error unless its frame scores criteria (综合评价框架).
        let frameForTargets = p.selfEvaluation?.frameName.flatMap { config.scoringFrames[$0] } ?? config.scoringFrame
        if frameForTargets.rowsHaveTargets {
            for leaf in Discloser.leaves(p.targets?.indicators ?? []) where leaf.fieldLocations["target"] == nil {
                d.error(.missingField, "缺少必填字段“target”（指标值）", at: leaf.location)
            }
        }
        guard let s = p.selfEvaluation else {
            checkTargetWeights(p, config: config, into: &d)
            checkEvaluations(p, config: config, into: &d)
            return
        }
        let leaves = Discloser.leaves(p.targets?.indicators ?? [])
        // An unknown frame is reported once; its arithmetic is checked when the name is fixed.
        guard let frame = frame(of: s, config: config, into: &d) else {
            checkEvaluations(p, config: config, into: &d)
            return
        }
        let baseTotal = config.baseTotal(of: frame)
        // In a frame that scores 预算执行 inside the table there is no separate execution line.
        let executionWeight = frame.separateExecution ? (s.executionWeight ?? config.executionWeight) : 0
        if !frame.separateExecution, s.executionScore != nil || s.executionWeight != nil {
            d.error(.invalidValue, "评分框架“\(frame.name)”中预算执行是表内一级指标，不另设预算执行率分值和得分（execution_weight、execution_score）",
                    at: s.fieldLocations["execution_score"] ?? s.fieldLocations["execution_weight"] ?? s.location)
        }
        if !frame.groups.isEmpty {
            for group in p.targets?.indicators ?? [] where !frame.groups.contains(group.name) {
                d.error(.groupOutsideFrame, "一级指标“\(group.name)”不属于评分框架“\(frame.name)”（应为\(frame.groups.joined(separator: "、"))）",
                        at: group.location)
            }
        }

        // A table where some rows are weighted (or scored) and others not is still checked: a missing
        // figure counts as 0 in every sum below, and the row is named, so that one unscored row cannot
        // switch the weight and total checks off.
        let weighted = leaves.count { $0.weight != nil }, scored = leaves.count { $0.score != nil }
        for leaf in leaves where (weighted > 0 && leaf.weight == nil && leaf.score == nil) || (scored > 0 && leaf.score == nil) {
            let missing = [leaf.weight == nil && weighted > 0 ? "分值（weight）" : nil, leaf.score == nil ? "得分（score）" : nil].compactMap { $0 }
            d.warning(.rowNotScored, "三级指标“\(leaf.name)”没有\(missing.joined(separator: "和"))，而本表其他三级指标有：合计时按 0 计", at: leaf.location)
        }

        let allWeighted = weighted > 0
        let groupSum = weightSum(p.targets?.indicators ?? [], allWeighted: allWeighted, into: &d)
        if allWeighted, groupSum + executionWeight != baseTotal {
            let what = s.adjustments.isEmpty && s.baseScore == nil ? "总分" : "基础总分"
            // 预算执行率 written as a row of the table beside the separate line counts twice: say how to write it.
            let rowToo = executionWeight > 0 && leaves.contains { $0.name.holdsWord("预算执行率") && $0.weight != nil }
                ? "；指标表中已有“预算执行率”指标，若预算执行率在表内计分，请在 self_evaluation 中写 execution_weight: 0 并删去 execution_score" : ""
            d.error(.weightsDoNotAddUp, frame.separateExecution
                    ? "各项指标分值合计 \(fmt(groupSum)) 加预算执行率分值 \(fmt(executionWeight)) 为 \(fmt(groupSum + executionWeight))，应为\(what) \(fmt(baseTotal))\(rowToo)"
                    : "各项一级指标分值合计为 \(fmt(groupSum))，应为\(what) \(fmt(baseTotal))（评分框架“\(frame.name)”）",
                    at: s.location)
        }

        // Scores within their weights, and the achievement checks. A row under a 成本 group (成本指标, 经济成本 …)
        // is a cost: less is better.
        var costRows = Set<SourceLocation>()
        for group in p.targets?.indicators ?? [] {
            for sub in group.children where group.name.holdsWord("成本") || sub.name.holdsWord("成本") {
                for leaf in sub.children { costRows.insert(leaf.location) }
            }
        }
        for leaf in leaves {
            guard let score = leaf.score else { continue }
            let at = leaf.fieldLocations["score"] ?? leaf.location
            if score < 0 || (leaf.weight.map { score > $0 } ?? false) {
                d.error(.scoreOutOfRange, "三级指标“\(leaf.name)”的得分 \(fmt(score)) 应在 0 到分值 \(fmt(leaf.weight ?? 0)) 之间", at: at)
                continue
            }
            guard let weight = leaf.weight else { continue }
            // 实际完成值: a scored row of a table whose rows carry targets states what was achieved, or neither the
            // score nor the 偏差 can be judged (a blank cell of the 自评表 passed in silence).
            if frame.rowsHaveTargets, leaf.actual == nil, leaf.fieldLocations["actual"] == nil {
                d.warning(.actualMissing, "三级指标“\(leaf.name)”有得分 \(fmt(score))，但没有实际完成值（actual）：自评表应逐项填写实际完成值，得分和偏差才能核对",
                          at: at)
            } else if frame.rowsHaveTargets, let actual = leaf.actual, !actual.contains(where: { ("0"..."9").contains($0) || ("０"..."９").contains($0) }),
                      case .quantitative = leaf.targetInForce?.kind {  // the target is read again only for an answer without digits
                // 定量指标 answered in words (`达成`, `全部完成`): the number achieved is what the score is judged by.
                d.warning(.actualMissing, "三级指标“\(leaf.name)”是定量指标（指标值“\(leaf.targetInForce!.raw)”），实际完成值“\(actual)”却没有数值：请填写实际完成的数值，如 96%",
                          at: leaf.fieldLocations["actual"] ?? at)
            }
            let outcome = checkAchievement(leaf, score: score, weight: weight, cost: costRows.contains(leaf.location), at: at, into: &d)
            // A frame whose rows are scoring criteria (综合评价框架) has no 偏差原因 column: its form explains
            // deductions in 存在问题 below the table.
            if frame.rowsHaveTargets { checkDeviation(leaf, outcome: outcome, score: score, weight: weight, into: &d) }
        }

        // Budget execution score = weight × 全年执行数 / 全年预算数, capped at the weight: on the separate
        // line, or on the table's 预算执行率 row in a frame that scores execution inside the table.
        let execAt = s.fieldLocations["execution_score"] ?? s.location
        // Reported above when the frame scores execution inside the table.
        let executionScore = frame.separateExecution ? s.executionScore : nil
        if let published = executionScore {
            if published < 0 || published > executionWeight {
                d.error(.scoreOutOfRange, "预算执行率得分 \(fmt(published)) 应在 0 到分值 \(fmt(executionWeight)) 之间", at: execAt)
            } else if !departmentWide || p.funding != nil {
                checkExecution(published, weight: executionWeight, actual: nil, of: p, at: execAt, into: &d)
            }
        } else if frame.separateExecution, executionWeight > 0, s.fieldLocations["execution_score"] == nil, scored > 0,
                  !leaves.contains(where: { $0.name.holdsWord("预算执行率") }) {
            // The weights count a 预算执行率 line (90 + 10) that the self-evaluation never scored: the table lacks a
            // line, and the total is short by it, with nothing said (as for an unscored row, GK416).
            d.warning(.rowNotScored, "预算执行率（分值 \(fmt(executionWeight))）没有得分（execution_score），而指标表已逐项打分：合计时按 0 计。请填写预算执行率得分（分值 × 全年执行数 ÷ 全年预算数）",
                      at: s.location)
        } else if !departmentWide || p.funding != nil {
            // A 预算执行率 row of the table is checked the same way: in an in-table frame, and in a frame with a
            // separate line when the self-evaluation puts execution in the table instead (execution_weight: 0, no
            // execution_score): its score went unchecked there, whatever the funding said.
            for leaf in leaves where leaf.name.holdsWord("预算执行率") {
                guard let score = leaf.score, let weight = leaf.weight, score >= 0, score <= weight else { continue }
                checkExecution(score, weight: weight, actual: leaf.actual.map { ($0, leaf.fieldLocations["actual"] ?? leaf.location) },
                               of: p, at: leaf.fieldLocations["score"] ?? leaf.location, into: &d)
            }
        }

        // 基础总分 (or, without adjustments, the total) = Σ indicator scores + execution score,
        // allowing for the published rounding.
        // A score written but not read (`9.58分`, GK120 at its field) would count as 0 here: not reported twice.
        let scoreUnread = (frame.separateExecution && s.executionScore == nil && s.fieldLocations["execution_score"] != nil)
            || leaves.contains { $0.score == nil && $0.fieldLocations["score"] != nil }
        let sum = scoreUnread ? nil : rowSum(leaves, executionScore: executionScore)
        if let base = s.baseScore {
            if base < 0 || base > baseTotal {
                d.error(.scoreOutOfRange, "基础总分 \(fmt(base)) 应在 0 到 \(fmt(baseTotal)) 之间", at: s.fieldLocations["base_score"] ?? s.location)
            } else if let sum, !matchesRounded(base, sum) {
                d.error(.totalScoreMismatch, "基础总分为 \(fmt(base))，但各项得分合计为 \(fmt(sum))", at: s.fieldLocations["base_score"] ?? s.location)
            }
        } else if s.adjustments.isEmpty, let total = s.totalScore, let sum, !matchesRounded(total, sum) {
            d.error(.totalScoreMismatch, "自评总分为 \(fmt(total))，但各项得分合计为 \(fmt(sum))",
                    at: s.fieldLocations["total_score"] ?? s.location)
        }

        // 加分项 / 扣分项: each within its cap, bonuses together within the frame's cap, and
        // 自评总分 = 基础总分 + 加分 − 扣分.
        var bonus: Decimal = 0, deduction: Decimal = 0
        for a in s.adjustments {
            let at = a.fieldLocations["points"] ?? a.location
            if a.points < 0 {
                d.error(.scoreOutOfRange, "\(a.kind.rawValue)项“\(a.item)”的分数 \(fmt(a.points)) 不能为负数（扣分写在 kind: 扣分 的行中）", at: at)
            } else if let cap = a.cap, a.points > cap {
                d.error(.scoreOutOfRange, "\(a.kind.rawValue)项“\(a.item)”为 \(fmt(a.points)) 分，超过该项上限 \(fmt(cap)) 分", at: at)
            }
            if a.kind == .bonus { bonus += a.points } else { deduction += a.points }
        }
        if let cap = frame.bonusCap, bonus > cap, let first = s.adjustments.first(where: { $0.kind == .bonus }) {
            d.error(.bonusOverCap, "加分项合计 \(fmt(bonus)) 分，超过评分框架“\(frame.name)”规定的加分上限 \(fmt(cap)) 分", at: first.location)
        }
        let base = s.baseScore ?? (s.adjustments.isEmpty ? s.totalScore : sum)
        if !s.adjustments.isEmpty, let total = s.totalScore, let base {
            let expected = base + bonus - deduction
            if !matchesRounded(total, expected) {
                d.error(.adjustedTotalMismatch,
                        "自评总分为 \(fmt(total))，但基础总分 \(fmt(base)) 加分 \(fmt(bonus)) 扣分 \(fmt(deduction)) 后应为 \(fmt(expected))",
                        at: s.fieldLocations["total_score"] ?? s.location)
            }
        }

        if let total = s.totalScore {
            let most = baseTotal + (frame.bonusCap ?? bonus)
            if total < 0 || total > most {
                d.error(.scoreOutOfRange, "自评总分 \(fmt(total)) 应在 0 到 \(fmt(most)) 之间（基础总分 \(fmt(baseTotal))\(most > baseTotal ? " 加最多 \(fmt(most - baseTotal)) 分加分" : "")）",
                        at: s.fieldLocations["total_score"] ?? s.location)
            }
        }

        // The published grade follows the scheme in force, on the score the scheme grades. Rounding
        // the published figure must not move it into another band: the rows' exact sum decides.
        let scheme = config.gradeScheme(department: p.departmentCode, year: p.year)
        let graded = scheme.basis == .base ? base : s.totalScore
        let exact = scheme.basis == .base ? sum : sum.map { $0 + bonus - deduction }
        let gradeAt = s.fieldLocations["grade"] ?? s.fieldLocations["total_score"] ?? s.location
        if let score = graded, let grade = s.grade, let expected = scheme.grade(for: score), grade != expected {
            d.error(.gradeMismatch, "\(scheme.basis.rawValue) \(fmt(score)) 按“\(scheme.name)”（\(bandsText(scheme))）应为“\(expected)”，表中为“\(grade)”",
                    at: gradeAt)
        } else if let score = graded, let exact, exact != score, matchesRounded(score, exact), let byExact = scheme.grade(for: exact), byExact != scheme.grade(for: score) {
            d.error(.gradeMismatch, "\(scheme.basis.rawValue) \(fmt(score)) 由各项得分 \(fmt(exact)) 四舍五入而来，按“\(scheme.name)”（\(bandsText(scheme))）实际得分应为“\(byExact)”\(s.grade.map { "，表中为“\($0)”" } ?? "")：四舍五入不能改变等级",
                    at: gradeAt)
        }
        // 抽查复核: the re-check score lies in the range a self-score can take; its grade follows the scheme.
        if let c = s.recheck {
            let most = baseTotal + (frame.bonusCap ?? bonus)
            let at = c.fieldLocations["score"] ?? c.location
            let recheckScheme = config.gradeScheme(department: p.departmentCode, evaluation: GradeOverride.recheck, year: p.year)
            if c.score < 0 || c.score > most {
                d.error(.scoreOutOfRange, "复核得分 \(fmt(c.score)) 应在 0 到 \(fmt(most)) 之间", at: at)
            } else if let grade = c.grade, let expected = recheckScheme.grade(for: c.score), grade != expected {
                d.error(.gradeMismatch, "复核得分 \(fmt(c.score)) 按“\(recheckScheme.name)”（\(bandsText(recheckScheme))）应为“\(expected)”，表中为“\(grade)”",
                        at: c.fieldLocations["grade"] ?? c.location)
            }
            // 抽查复核 names the projects whose self-score differs widely from the re-check. The page flags it only
            // beside a published self-score (a withheld one would be given away): the clerk hears of it here, always.
            if c.score >= 0, c.score <= most, let total = s.totalScore, abs(c.score - total) > config.recheckThreshold {
                d.warning(.recheckDifference, "抽查复核得分 \(fmt(c.score)) 与自评总分 \(fmt(total)) 相差 \(fmt(abs(c.score - total))) 分，超过 \(fmt(config.recheckThreshold)) 分（scoring.recheck_threshold）：自评与复核差异较大，请核实自评打分，并在复核意见或整改事项中说明",
                          at: at)
            }
        }
        checkEvaluations(p, config: config, into: &d)
    }

    /// Weights: 三级 → 二级 → 一级, each stated weight against its rows; the sum of the 一级 weights.
    static func weightSum(_ groups: [IndicatorNode], allWeighted: Bool, into d: inout DiagnosticList) -> Decimal {
        var groupSum: Decimal = 0
        for group in groups {
            var childSum: Decimal = 0
            for sub in group.children {
                var leafSum: Decimal = 0
                for leaf in sub.children {
                    guard let w = leaf.weight else {
                        if leaf.score != nil {
                            d.error(.weightsDoNotAddUp, "三级指标“\(leaf.name)”有得分但缺少分值（weight）", at: leaf.location)
                        }
                        continue
                    }
                    leafSum += w
                }
                if let w = sub.weight, allWeighted, w != leafSum {
                    d.error(.weightsDoNotAddUp, "二级指标“\(sub.name)”的分值为 \(fmt(w))，但其三级指标分值合计为 \(fmt(leafSum))",
                            at: sub.fieldLocations["weight"] ?? sub.location)
                }
                childSum += sub.weight ?? leafSum
            }
            if let w = group.weight, allWeighted, w != childSum {
                d.error(.weightsDoNotAddUp, "一级指标“\(group.name)”的分值为 \(fmt(w))，但其下级指标分值合计为 \(fmt(childSum))",
                        at: group.fieldLocations["weight"] ?? group.location)
            }
            groupSum += group.weight ?? childSum
        }
        return groupSum
    }

    /// Targets published with the budget, before any self-evaluation, may carry their 分值: these are the weights the
    /// year's self-evaluation will score by, and were published unchecked (产出 40 + 效益 30 + 满意度 10 = 80, exit 0)
    /// until a self-evaluation came. Their sum is the full marks less the separate 预算执行率 line, or the full marks
    /// (预算执行率 a row of the table, or a frame that scores it in the table).
    static func checkTargetWeights(_ p: Project, config: SiteConfig, into d: inout DiagnosticList) {
        let groups = p.targets?.indicators ?? []
        guard Discloser.leaves(groups).contains(where: { $0.weight != nil }) else { return }
        let frame = config.scoringFrame, full = config.baseTotal(of: frame)
        let sum = weightSum(groups, allWeighted: true, into: &d)
        let allowed = frame.separateExecution ? [full - config.executionWeight, full] : [full]
        guard !allowed.contains(sum) else { return }
        d.error(.weightsDoNotAddUp, frame.separateExecution
                ? "绩效目标各项指标分值合计为 \(fmt(sum))，应为 \(fmt(full - config.executionWeight))（满分 \(fmt(full)) 减预算执行率分值 \(fmt(config.executionWeight))），或预算执行率列入指标表时为 \(fmt(full))"
                : "绩效目标各项一级指标分值合计为 \(fmt(sum))，应为 \(fmt(full))（评分框架“\(frame.name)”）",
                at: p.targets?.location ?? p.location)
    }

    /// The scoring frame a self-evaluation names, else the site's default; an unknown name is an error.
    static func frame(of s: SelfEvaluation, config: SiteConfig, into d: inout DiagnosticList) -> ScoringFrame? {
        guard let name = s.frameName else { return config.scoringFrame }
        if let frame = config.scoringFrames[name] { return frame }
        d.error(.unknownReference, "评分框架“\(name)”未定义（已定义：\(config.scoringFrames.keys.sorted().joined(separator: "、"))）",
                at: s.fieldLocations["frame"] ?? s.location)
        return nil
    }

    private static func checkEvaluations(_ p: Project, config: SiteConfig, into d: inout DiagnosticList) {
        for e in p.evaluations {
            let scheme = config.gradeScheme(department: p.departmentCode, evaluation: e.kind, year: p.year)
            if let score = e.score, score < 0 || score > config.totalWeight {
                d.error(.scoreOutOfRange, "\(e.kind)得分 \(fmt(score)) 应在 0 到 \(fmt(config.totalWeight)) 之间", at: e.fieldLocations["score"] ?? e.location)
            } else if let score = e.score, let grade = e.grade, let expected = scheme.grade(for: score), grade != expected {
                d.error(.gradeMismatch, "\(e.kind)得分 \(fmt(score)) 按“\(scheme.name)”（\(bandsText(scheme))）应为“\(expected)”，表中为“\(grade)”",
                        at: e.fieldLocations["grade"] ?? e.location)
            }
        }
    }

    /// The stages before the evaluation (DOMAIN.md): a 事前绩效评估 that refused the project leaves it no place in the
    /// budget, and a checkpoint lagging its plan (the page's 预警) calls for corrective action (纠偏).
    private static func checkLifecycle(_ p: Project, config: SiteConfig, into d: inout DiagnosticList) {
        if let a = p.exAnte {
            let conclusion = a.conclusion.value.filter { !$0.isWhitespace }
            if conclusion.holdsWord("不予支持") || conclusion.holdsWord("不支持") {
                let budget = p.funding.map { f in (f.lines.compactMap(\.budget).reduce(Decimal(0), +), f.unit.rawValue) }
                let amount = budget.map { "（全年预算数 \(fmt($0.0)) \($0.1)）" } ?? ""
                d.warning(.exAnteRefused, "事前绩效评估结论为“不予支持”，项目却列入了\(p.year)年预算\(amount)：评估未通过的项目不得安排预算。请核对评估结论，或补记重新评估（调整完善后予以支持）的结果",
                          at: a.conclusion.location)
            }
        }
        for c in p.monitoring {
            guard let planned = c.plannedRate, let actual = c.actualRate, planned - actual > config.monitoringThreshold,
                  (c.measures?.value.trimmingCharacters(in: .whitespaces) ?? "").isEmpty else { continue }
            d.warning(.monitoringLagUnanswered, "监控时点的实际执行率 \(fmt(actual))% 落后计划 \(fmt(planned))% 达 \(fmt(planned - actual)) 个百分点，超过预警阈值 \(fmt(config.monitoringThreshold)) 个百分点（scoring.monitoring_threshold），却没有纠偏措施：请在该监控时点写明 measures",
                      at: c.actualRateLocation ?? c.location)
        }
    }

    /// Funding lines add up to the stated total; itemised uses stay within the budget.
    private static func checkFunding(_ p: Project, into d: inout DiagnosticList) {
        guard let f = p.funding else { return }
        // 超预算: the execution score is capped at its weight, so nothing else would say so.
        let budgeted = f.lines.filter { $0.budget != nil && $0.spent != nil }
        if !budgeted.isEmpty, budgeted.count == f.lines.count {
            let budget = budgeted.reduce(Decimal(0)) { $0 + $1.budget! }, spent = budgeted.reduce(Decimal(0)) { $0 + $1.spent! }
            if budget > 0, spent > budget {
                d.warning(.overspent, "全年执行数 \(fmt(spent)) 超过全年预算数 \(fmt(budget))（\(f.unit.rawValue)，执行率 \(ExactDecimal.percent(spent, of: budget) ?? "—")）：请核对金额，或说明超支原因",
                          at: f.lines.first?.location ?? p.location)
            }
        }
        if let total = f.total {
            for (label, field, value) in [("年初预算数", \FundingLine.initial, total.initial), ("全年预算数", \FundingLine.budget, total.budget),
                                          ("全年执行数", \FundingLine.spent, total.spent)] {
                guard let value else { continue }
                let sum = f.lines.reduce(Decimal(0)) { $0 + ($1[keyPath: field] ?? 0) }
                if sum != value {
                    d.error(.fundingTotalMismatch, "资金合计的\(label)为 \(fmt(value))，但各资金来源合计为 \(fmt(sum))（\(f.unit.rawValue)）", at: total.location)
                }
            }
        }
        if !f.uses.isEmpty {
            let uses = f.uses.reduce(Decimal(0)) { $0 + $1.amount }
            if uses > f.budget {
                d.error(.usesExceedBudget, "资金用途合计 \(fmt(uses)) 超过项目全年预算数 \(fmt(f.budget))（\(f.unit.rawValue)）", at: f.uses[0].location)
            }
        }
    }

    /// `9,520%`, `95,2%`: a comma inside the number of a percentage. As a thousands separator it is a slip
    /// far more often than a rate of thousands of percent, and as a decimal comma the value is no number at
    /// all; either way judging the result would speak of the wrong number. The ways to write what was
    /// meant, or nil when the text has no such comma.
    static func commaInPercent(_ text: String) -> String? {
        let t = text.trimmed
        guard t.hasSuffix("%") || t.hasSuffix("％"), t.unicodeScalars.contains(where: { $0 == "," || $0 == "，" }) else { return nil }
        let scalars = Array(t.unicodeScalars)
        let commas = scalars.indices.filter { i in
            (scalars[i] == "," || scalars[i] == "，") && i > 0 && i + 1 < scalars.count
                && ("0"..."9").contains(scalars[i - 1]) && ("0"..."9").contains(scalars[i + 1])
        }
        guard !commas.isEmpty else { return nil }
        var ways: [String] = []
        let plain = String(String.UnicodeScalarView(scalars.enumerated().filter { !commas.contains($0.offset) }.map(\.element)))
        if case let .success(value) = TargetValue.parse(t), case .quantitative = value.kind { ways.append("若逗号分隔千位，请写作 \(plain)") }
        if commas.count == 1 {
            var decimal = scalars
            decimal[commas[0]] = "."
            ways.append("若逗号是小数点，请写作 \(String(String.UnicodeScalarView(decimal)))")
        }
        return ways.isEmpty ? "无法读作数，请改写" : ways.joined(separator: "；")
    }

    /// Quantitative: a full score only for a met target. Qualitative: the score lies in the band
    /// of the stated achievement (达成 80–100 %, 部分达成 60–80 %, 未达成 0–60 % of the weight).
    @discardableResult
    private static func checkAchievement(_ leaf: IndicatorNode, score: Decimal, weight: Decimal, cost: Bool = false, at: SourceLocation,
                                         into d: inout DiagnosticList) -> Outcome {
        // An adjusted target (绩效目标调整) is the one the result is judged against.
        guard let target = leaf.targetInForce, let actualText = leaf.actual else { return .unknown }
        let targetKind = target.kind  // read from the text on each asking
        if case let .quantitative(_, _, _, unit) = targetKind, unit == "%", let readings = commaInPercent(actualText) {
            d.warning(.percentWithComma,
                      "三级指标“\(leaf.name)”的实际完成值“\(actualText)”是带逗号的百分数：\(readings)；未达成与得分的核对已跳过",
                      at: leaf.fieldLocations["actual"] ?? at)
            return .unjudged
        }
        if case let .quantitative(written, lower, upper, unit) = targetKind,
           let stated = statedValue(actualText, unit: unit, lower: lower, leaf: leaf, target: target, at: at, into: &d) {
            guard case let .value(value) = stated else { return .unjudged }
            let comparison = direction(of: written, bound: lower, cost: cost)
            let met = switch comparison {
            case .atLeast: value >= lower
            case .atMost: value <= lower
            case .equal: value == lower
            case .greater: value > lower
            case .less: value < lower
            case .range: value >= lower && value <= (upper ?? lower)
            }
            if !met && score == weight {
                d.warning(.fullScoreForUnmetTarget,
                          "三级指标“\(leaf.name)”的目标 \(target.raw) 未达到（实际完成 \(actualText)），却给了满分 \(fmt(score))", at: at)
            } else if !met, let (rate, formula) = completionRatio(comparison, lower, upper, value) {
                // 未完成指标值的，按照完成值与指标值的比例记分: 正向 实际 ÷ 指标值, 反向 指标值 ÷ 实际. A rate the
                // clerk rounded first (98.08 %) may give a little more than the exact ratio; nothing else may.
                let exact = weight * rate
                let allowed = [exact] + (2...4).map { weight * ExactDecimal.rounded(rate, scale: $0) }
                if score > exact, !allowed.contains(where: { score <= $0 || matchesRounded(score, $0) }) {
                    d.warning(.scoreAboveCompletionRatio,
                              "三级指标“\(leaf.name)”的目标 \(target.raw) 未达到（实际完成 \(actualText)，完成比例 \(ExactDecimal.format(ExactDecimal.rounded(rate * 100, scale: 2), minFractionDigits: 2, maxFractionDigits: 2))%，即\(formula)），按比例最多得 \(fmt(ExactDecimal.rounded(exact, scale: 2))) 分（分值 \(fmt(weight))），表中为 \(fmt(score))",
                              at: at)
                }
            }
            return met ? .met : .unmet
        }
        guard let band = Achievement(describing: actualText) else { return .unknown }
        let share = weight == 0 ? 0 : score / weight
        if !band.contains(share) {
            d.warning(.scoreOutsideAchievementBand,
                      "三级指标“\(leaf.name)”完成情况为“\(actualText)”（\(band.name)，应得分值的 \(band.label)），但得分 \(fmt(score)) 为分值 \(fmt(weight)) 的 \(ExactDecimal.percent(score, of: weight) ?? "—")",
                      at: at)
        }
        return band == .achieved ? .met : .unmet
    }

    /// A result's number in the target's unit: a number and a unit alone (`49个`, `0.5万元`), or the one number in words
    /// that is in the target's unit or one convertible to it (`完成49个`, `49个，未达标`, `约49个`, `计划50个，实际完成49个`
    /// reads the number after 完成). Nil when no number can be read so: the words are judged as words.
    private static func statedValue(_ actualText: String, unit: String, lower: Decimal, leaf: IndicatorNode, target: TargetValue,
                                    at: SourceLocation, into d: inout DiagnosticList) -> Stated? {
        if case let .success(actual) = TargetValue.parse(actualText), case let .quantitative(_, value, _, actualUnit) = actual.kind {
            // 0.96 against ≥95%: a share written as a spreadsheet shows it, or 0.96 %? Judged either way,
            // the check would speak of the wrong number.
            if unit == "%", actualUnit.isEmpty, value > 0, value <= 1, lower > 1 {
                d.warning(.percentWithoutSign,
                          "三级指标“\(leaf.name)”的目标是 \(target.raw)，实际完成值“\(actualText)”却没有百分号：若指 \(fmt(value * 100))%，请写作 \(fmt(value * 100))%；未达成与得分的核对已跳过",
                          at: leaf.fieldLocations["actual"] ?? at)
                return .skipped
            }
            if let converted = convert(value, from: actualUnit, to: unit) { return .value(converted) }
        }
        // In words: each number followed by the target's unit or one it converts from; a bare one (`完成49`, `49，未达标`)
        // in the target's unit; against a target with no unit, any.
        var candidates: [(value: Decimal, before: Substring)] = []
        for (value, before, after) in TargetValue.numbers(inWords: actualText) {
            let written = String(after.prefix(5).map { $0 == "％" ? "%" : $0 })
            let lengths = stride(from: written.count, through: 1, by: -1)
            if unit.isEmpty {
                candidates.append((value, before))
            } else if let converted = lengths.lazy.compactMap({ convert(value, from: String(written.prefix($0)), to: unit) }).first {
                candidates.append((converted, before))
            } else if written.first.map({ !$0.isLetter && $0 != "%" }) ?? true, !(unit == "%" && value <= 1 && lower > 1) {
                candidates.append((value, before))
            }
        }
        if candidates.count == 1 { return .value(candidates[0].value) }
        // `计划50个，实际完成49个`: the one number a result's word comes just before.
        let results = candidates.filter { c in ["完成", "实际", "实现", "达到", "累计", "共计", "合计"].contains { c.before.suffix(4).contains($0) } }
        return results.count == 1 ? .value(results[0].value) : nil
    }

    /// A result's number in the target's unit, or `skipped`: named unreadable (GK421), asked nothing more.
    enum Stated { case value(Decimal), skipped }

    /// Which way an `=` target is met (a bare number such as `500人次` is one too). Tables write `=` for most
    /// planned quantities, and doing more than planned (=1000人次, 1050 done) is 超额完成, not a miss: it reads
    /// as ≥. A cost (a row under a 成本 group: =8.5万元) is met by spending no more, and a target of 0
    /// (=0起 安全事故) can only be missed upwards: those read as ≤. Other comparisons stand as written.
    static func direction(of comparison: TargetValue.Comparison, bound: Decimal, cost: Bool) -> TargetValue.Comparison {
        guard comparison == .equal else { return comparison }
        return cost || bound == 0 ? .atMost : .atLeast
    }

    /// Whether a row's result reached its target, as far as the checks can tell. `unjudged`: the result
    /// was named unreadable (GK420, GK421) and is asked nothing more until it is rewritten.
    enum Outcome { case met, unmet, unknown, unjudged }

    /// 偏差原因分析及改进措施: a row that fell short of its target (a quantitative target not met, a
    /// qualitative one 部分达成 or 未达成), or that lost points with a result the checks cannot judge,
    /// says why and what will change (财预〔2021〕101号: 未完成绩效目标的，分析说明偏差原因，提出改进措施).
    /// A met target scored below its weight is not asked: the score is the judgment there. Only in frames whose
    /// rows carry targets (the national project frame's 自评表 has the column).
    private static func checkDeviation(_ leaf: IndicatorNode, outcome: Outcome, score: Decimal, weight: Decimal,
                                       into d: inout DiagnosticList) {
        guard outcome == .unmet || (outcome == .unknown && score < weight), !explainsDeviation(leaf.deviation?.value) else { return }
        let what = outcome == .unmet
            ? "未完成年度指标值（指标值 \(leaf.targetInForce?.raw ?? "—")，实际完成 \(leaf.actual ?? "—")）"
            : "扣了 \(fmt(weight - score)) 分（分值 \(fmt(weight))，得分 \(fmt(score))）"
        d.warning(.deviationUnexplained,
                  "三级指标“\(leaf.name)”\(what)，但没有说明偏差原因和改进措施（deviation）\(leaf.deviation == nil ? "" : "：写的是“\(leaf.deviation!.value.trimmed)”")",
                  at: leaf.fieldLocations["deviation"] ?? leaf.fieldLocations["score"] ?? leaf.location)
    }

    /// Whether a 偏差原因 text says something: `无`, `/`, `—`, `无偏差` and the like say nothing.
    static func explainsDeviation(_ text: String?) -> Bool {
        guard var t = text?.trimmed else { return false }
        while let last = t.last, "。．.;；".holdsMark(last) { t.removeLast() }
        return !["", "无", "无偏差", "没有偏差", "无偏差原因", "暂无", "/", "／", "\\", "-", "－", "—", "——", "–", "无。", "空", "略"].contains(t)
    }

    /// 完成情况 of a qualitative indicator, read from its actual-value text.
    enum Achievement {
        case achieved, partly, notAchieved

        static let achievedWords = ["达成", "完成", "实现", "达到", "明显", "显著", "良好"]

        /// A result that fell short, in the words tables write it with (`未达标`, `未达预期`, `尚未启动`, `未能按期完成`).
        static let notAchievedWords = ["未达成", "未完成", "未实现", "未达到", "没有达到", "没有完成", "未达标", "不达标", "未达预期", "低于预期",
                                       "尚未启动", "尚未开工", "尚未完成", "尚未实施", "尚未开展", "未启动", "未开工", "未完工",
                                       "未能按期", "未能如期", "未能完成", "未能实现", "未能达到", "未按期", "未按时", "未如期", "未验收",
                                       "未通过验收", "未落实", "未开展", "未交付", "未投入使用"]

        init?(describing text: String) {
            // 基本达成 is the middle of the three grades a qualitative indicator takes (达成 / 基本达成 / 未达成).
            if ["部分", "未完全", "不完全", "未全部", "基本达成", "基本完成", "基本实现", "基本达到"].contains(where: text.holdsWord) { self = .partly }
            else if Self.notAchievedWords.contains(where: text.holdsWord) || Self.negatesAchievement(text) { self = .notAchieved }
            else if Self.achievedWords.contains(where: text.holdsWord) { self = .achieved }
            else { return nil }
        }

        /// An achievement word with a negation just before it (没有完成, 未能实现, 未按期完成, 效果不明显,
        /// 无显著改善): the word alone would read as achieved.
        static func negatesAchievement(_ text: String) -> Bool {
            let characters = Array(text)
            for word in achievedWords {
                let w = Array(word)
                guard w.count <= characters.count else { continue }
                for start in 0...(characters.count - w.count) where Array(characters[start..<(start + w.count)]) == w {
                    if characters[max(0, start - 3)..<start].contains(where: { "未没不无非".holdsMark($0) }),
                       !describesProblem(characters[(start + w.count)...]) { return true }
                }
            }
            return false
        }

        /// Words for a problem: after 明显/显著 (未发现明显问题, 无显著的风险) they make the negation the
        /// problem's, not the achievement's — a text that reports no problems is no failure.
        static let problemWords = ["问题", "风险", "隐患", "差错", "偏差", "缺陷", "不足", "投诉", "事故", "违规", "违纪", "失误", "异常", "延误", "漏洞", "错误"]

        static func describesProblem(_ rest: ArraySlice<Character>) -> Bool {
            let text = String(rest.first == "的" ? rest.dropFirst() : rest)
            return problemWords.contains(where: text.hasPrefix)
        }

        /// Whether a share of the weight lies in the band: 100–80 %（含）, 80–60 %（含）, below 60 %, as
        /// the self-evaluation tables' notes set them (分值区间100-80%（含）、80-60%（含）、60-0%). Each
        /// lower bound belongs to its band, as with grades: 80 % is 达成's, 60 % 部分达成's.
        func contains(_ share: Decimal) -> Bool {
            switch self {
            case .achieved: share >= Decimal(string: "0.8")! && share <= 1
            case .partly: share >= Decimal(string: "0.6")! && share < Decimal(string: "0.8")!
            case .notAchieved: share >= 0 && share < Decimal(string: "0.6")!
            }
        }

        var name: String {
            switch self {
            case .achieved: "达成"
            case .partly: "部分达成"
            case .notAchieved: "未达成"
            }
        }

        var label: String {
            switch self {
            case .achieved: "80%（含）–100%"
            case .partly: "60%（含）–80%"
            case .notAchieved: "60%以下"
            }
        }
    }

    /// The share of an unmet quantitative target that was achieved, and how it is computed: 实际 ÷ 指标值
    /// below a lower bound (≥, >, =, a range), 指标值 ÷ 实际 above an upper bound (≤, <, a range), as the
    /// self-evaluation tables' notes prescribe. Nil where the ratio means nothing: a bound of 0 or less
    /// (≤0起), a negative result, a value above an `=` target (which way is worse is not said).
    static func completionRatio(_ comparison: TargetValue.Comparison, _ lower: Decimal, _ upper: Decimal?,
                                _ actual: Decimal) -> (Decimal, String)? {
        let bound = upper ?? lower
        let upward = [.atLeast, .greater, .equal, .range].contains(comparison) && actual < lower
        let downward = [.atMost, .less, .range].contains(comparison) && actual > bound
        if upward, lower > 0, actual >= 0 { return (actual / lower, "实际完成值 ÷ 指标值") }
        if downward, bound > 0 { return (bound / actual, "指标值 ÷ 实际完成值（反向指标）") }
        return nil
    }

    /// The actual value in the target's unit; nil when the units cannot be compared.
    private static func convert(_ value: Decimal, from: String, to: String) -> Decimal? {
        if from == to || from.isEmpty { return value }
        if let a = MoneyUnit(parsing: from), let b = MoneyUnit(parsing: to) { return Money(value, a).converted(to: b).amount }
        // A count written with a magnitude (≥1万人 against 9000人; 1.2万亩 against 亩).
        let (fromScale, fromBase) = magnitude(from), (toScale, toBase) = magnitude(to)
        if fromBase == toBase, !fromBase.isEmpty { return value * fromScale / toScale }
        // The same measure in another unit or spelling (天 and 日, 公里 and km, 小时 and 天).
        if let a = measures[from], let b = measures[to], a.base == b.base { return value * a.scale / b.scale }
        return nil
    }

    /// Units of one measure, each in its base: time in minutes, length in metres, mass in grams, area in square metres.
    /// Months and years are not here: their length varies.
    private static let measures: [String: (base: String, scale: Decimal)] = [
        "分钟": ("分钟", 1), "min": ("分钟", 1), "小时": ("分钟", 60), "个小时": ("分钟", 60), "h": ("分钟", 60),
        "天": ("分钟", 1440), "日": ("分钟", 1440), "个自然日": ("分钟", 1440), "自然日": ("分钟", 1440), "周": ("分钟", 10080), "星期": ("分钟", 10080),
        "米": ("米", 1), "m": ("米", 1), "千米": ("米", 1000), "公里": ("米", 1000), "km": ("米", 1000),
        "克": ("克", 1), "g": ("克", 1), "千克": ("克", 1000), "公斤": ("克", 1000), "kg": ("克", 1000), "吨": ("克", 1_000_000), "t": ("克", 1_000_000),
        "平方米": ("平方米", 1), "平米": ("平方米", 1), "㎡": ("平方米", 1), "m²": ("平方米", 1), "m2": ("平方米", 1),
        "公顷": ("平方米", 10000), "平方公里": ("平方米", 1_000_000), "平方千米": ("平方米", 1_000_000), "km²": ("平方米", 1_000_000),
    ]

    /// 万人 → (10000, 人); 人 → (1, 人).
    private static func magnitude(_ unit: String) -> (Decimal, String) {
        let scales: [Character: Decimal] = ["十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100_000_000]
        guard unit.count > 1, let first = unit.first, let scale = scales[first] else { return (1, unit) }
        return (scale, String(unit.dropFirst()))
    }

    /// A published figure equals the exact one rounded to 1–4 decimals (四舍五入), or exactly. Not to
    /// whole points: 9.5 published as 10 would give full marks for a 95 % execution rate.
    static func matchesRounded(_ published: Decimal, _ exact: Decimal) -> Bool {
        published == exact || (1...4).contains { ExactDecimal.rounded(exact, scale: $0) == published }
    }

    /// 基础总分 as the rows give it: the 三级 scores (an unscored row beside scored ones counts 0, and is
    /// warned about) plus the separate execution score; nil when no row is scored (withheld rows count:
    /// this runs on the source).
    static func rowSum(_ leaves: [IndicatorNode], executionScore: Decimal?) -> Decimal? {
        guard leaves.contains(where: { $0.score != nil }) else { return nil }
        return leaves.reduce(Decimal(0)) { $0 + ($1.score ?? 0) } + (executionScore ?? 0)
    }

    /// An execution score (and the row's stated rate, in a frame that scores execution in the table)
    /// against the funding lines. A score that cannot be checked is named, not passed over.
    private static func checkExecution(_ published: Decimal, weight: Decimal, actual: (text: String, at: SourceLocation)?,
                                       of p: Project, at: SourceLocation, into d: inout DiagnosticList) {
        let lines = p.funding?.lines ?? []
        // An amount written but not read is its own error (GK120): not reported again as missing.
        if lines.contains(where: \.amountUnread) { return }
        guard !lines.isEmpty else {
            d.warning(.executionUnchecked, "预算执行率得分 \(fmt(published)) 无法核对：项目没有资金情况（funding 的资金来源）", at: at)
            return
        }
        if let line = lines.first(where: { $0.budget == nil || $0.spent == nil }) {
            d.warning(.executionUnchecked, "预算执行率得分 \(fmt(published)) 无法核对：资金来源“\(line.source)”缺少\(line.budget == nil ? "全年预算数（budget）" : "全年执行数（spent）")",
                      at: at)
            return
        }
        let budget = lines.reduce(Decimal(0)) { $0 + $1.budget! }, spent = lines.reduce(Decimal(0)) { $0 + $1.spent! }
        guard budget > 0 else {
            d.warning(.executionUnchecked, "预算执行率得分 \(fmt(published)) 无法核对：全年预算数合计为 0", at: at)
            return
        }
        let rate = spent / budget
        let rateText = ExactDecimal.percent(spent, of: budget)!
        if let actual, case let .success(value) = TargetValue.parse(actual.text), case let .quantitative(_, stated, _, unit) = value.kind,
           unit == "%", !matchesRounded(stated, rate * 100) {
            d.error(.executionScoreMismatch,
                    "预算执行率写为 \(actual.text)，但全年执行数 \(fmt(spent)) ÷ 全年预算数 \(fmt(budget)) 为 \(rateText)", at: actual.at)
            return
        }
        let expected = min(weight * rate, weight)
        let viaRoundedRate = min(weight * ExactDecimal.rounded(rate, scale: 4), weight)
        if !matchesRounded(published, expected) && !matchesRounded(published, viaRoundedRate) {
            d.error(.executionScoreMismatch,
                    "预算执行率为 \(rateText)（全年执行数 \(fmt(spent)) ÷ 全年预算数 \(fmt(budget))），得分应为 \(fmt(ExactDecimal.rounded(expected, scale: 2)))（分值 \(fmt(weight)) × 执行率，最高不超过分值），而表中为 \(fmt(published))",
                    at: at)
        }
    }

    static func fmt(_ value: Decimal) -> String { ExactDecimal.format(value, maxFractionDigits: 4) }

    static func bandsText(_ scheme: GradeScheme) -> String {
        scheme.bands.map { "\($0.grade)≥\(fmt($0.minimum))" }.joined(separator: "，")
    }
}
