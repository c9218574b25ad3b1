import Foundation
import GongkaiCore
import Yams

/// Reads one project file: `content/projects/<year>/<code>.md`.
enum ProjectLoader {
    static let folder = "content/projects"

    static func load(text: String, file: String, diagnostics: inout DiagnosticList, texts: TextPool? = nil) -> Project? {
        guard let parts = FrontMatterFile.read(text, file: file, diagnostics: &diagnostics) else { return nil }
        let source = YAMLSource(file: file, lineOffset: parts.yamlFirstLine - 1, texts: texts)
        guard let root = source.compose(parts.yaml, diagnostics: &diagnostics),
              let r = MappingReader(root, source: source, what: "项目文件头", diagnostics: &diagnostics) else { return nil }
        defer { r.finish(into: &diagnostics) }
        // Before any Markdown of the file is read: its sentences confirmed as text (`plain_text:`).
        r.readConfirmedText()

        let code = r.code("code", required: "项目编号")
        let name = r.string("name", required: "项目名称")
        let year = r.integer("year", required: "预算年度", range: 1990...2100)
        let department = r.string("department", required: "主管部门编码")
        let unit = r.string("unit")
        let category = r.string("category")
        let major = r.bool("major") ?? false
        let disclosure = r.disclosure()
        let funding = r.mapping("funding", what: "资金").map { loadFunding($0, diagnostics: &diagnostics) }
        let targets = r.mapping("targets", what: "绩效目标").map { loadTargets($0, year: year, diagnostics: &diagnostics) }
        let selfEvaluation = r.mapping("self_evaluation", what: "单位自评").map { loadSelfEvaluation($0, diagnostics: &diagnostics) }
        let evaluations = mappings(r.list("evaluations") ?? [], source: source, what: "评价", diagnostics: &diagnostics)
            .compactMap { loadEvaluation($0, diagnostics: &diagnostics) }
        let monitoring = mappings(r.list("monitoring") ?? [], source: source, what: "监控节点", diagnostics: &diagnostics)
            .map { loadCheckpoint($0, year: year, diagnostics: &diagnostics) }
        let rectifications = mappings(r.list("rectifications") ?? [], source: source, what: "整改事项", diagnostics: &diagnostics)
            .compactMap { loadRectification($0, diagnostics: &diagnostics) }
        let exAnte = r.mapping("ex_ante", what: "事前绩效评估").flatMap { a -> ExAnteAssessment? in
            defer { a.finish(into: &diagnostics) }
            let conclusion = a.guardedText("conclusion", required: "评估结论")
            let assessment = ExAnteAssessment(
                date: a.date("date"), assessor: a.string("assessor"),
                conclusion: conclusion ?? Guarded(value: "", disclosure: .public, location: a.location),
                score: a.decimal("score", maxFractionDigits: 4), report: a.markdown("report"), disclosure: a.disclosure(), location: a.location)
            return conclusion == nil ? nil : assessment
        }
        let narrative = MarkdownSource.parse(parts.body, file: file, firstLine: parts.bodyFirstLine, confirmed: source.confirmed, diagnostics: &diagnostics)
        InlinePictures.check(narrative, diagnostics: &diagnostics)
        source.confirmed.reportUnused(into: &diagnostics)

        guard let code, let name, let year, let department else { return nil }
        return Project(
            file: file, location: SourceLocation(file: file), code: code, name: name, year: year,
            departmentCode: department, departmentLocation: r.location(of: "department"),
            unitCode: unit, unitLocation: unit.map { _ in r.location(of: "unit") },
            category: category, major: major, disclosure: disclosure, funding: funding, targets: targets,
            selfEvaluation: selfEvaluation, evaluations: evaluations, monitoring: monitoring,
            rectifications: rectifications, narrative: narrative, exAnte: exAnte, yearLocation: r.location(of: "year"),
            codeLocation: r.location(of: "code"))
    }

    static func loadFunding(_ r: MappingReader, diagnostics: inout DiagnosticList) -> Funding {
        defer { r.finish(into: &diagnostics) }
        var unit = MoneyUnit.tenThousandYuan
        if let text = r.string("unit") {
            if let parsed = MoneyUnit(parsing: text) { unit = parsed } else {
                diagnostics.error(.invalidValue, "金额单位“\(text)”无效，应为“元”或“万元”", at: r.location(of: "unit"))
            }
        }
        let lines = mappings(r.list("lines", required: "资金来源明细") ?? [], source: r.source, what: "资金来源", diagnostics: &diagnostics)
            .compactMap { line -> FundingLine? in
                defer { line.finish(into: &diagnostics) }
                let source = line.string("source", required: "资金来源")
                var result = FundingLine(
                    source: source ?? "", initial: line.amount("initial"), budget: line.amount("budget", required: "全年预算数"),
                    spent: line.amount("spent"), disclosure: line.disclosure(), location: line.location)
                // `budget` is required: missing, it is GK103 at the line, unread, GK120 at its value.
                result.amountUnread = (result.initial == nil && line.has("initial")) || result.budget == nil
                    || (result.spent == nil && line.has("spent"))
                return source == nil ? nil : result
            }
        let total = r.mapping("total", what: "资金合计").map { t -> FundingTotal in
            defer { t.finish(into: &diagnostics) }
            return FundingTotal(initial: t.amount("initial"), budget: t.amount("budget"), spent: t.amount("spent"), location: t.location)
        }
        let uses = mappings(r.list("uses") ?? [], source: r.source, what: "资金用途", diagnostics: &diagnostics).compactMap { u -> FundingUse? in
            defer { u.finish(into: &diagnostics) }
            // Every field is read before any is required: one left unread would be reported as unknown besides.
            let item = u.string("item", required: "用途"), amount = u.amount("amount", required: "金额"), disclosure = u.disclosure()
            guard let item, let amount else { return nil }
            return FundingUse(item: item, amount: amount, disclosure: disclosure, location: u.location)
        }
        return Funding(unit: unit, lines: lines, total: total, uses: uses)
    }

    /// `year`: the fiscal year, which a target adjustment (绩效目标调整) lies in.
    static func loadTargets(_ r: MappingReader, year: Int?, diagnostics: inout DiagnosticList) -> Targets {
        defer { r.finish(into: &diagnostics) }
        let published = r.date("published")
        let goal = r.guardedText("goal", required: "年度总体目标")
        let disclosure = r.disclosure()
        let indicators = loadIndicators(r.list("indicators", required: "绩效指标") ?? [], depth: 1, year: year, source: r.source,
                                        diagnostics: &diagnostics)
        return Targets(published: published, goal: goal, indicators: indicators, disclosure: disclosure, location: r.location)
    }

    static let levelNames = [1: "一级指标", 2: "二级指标", 3: "三级指标"]

    private static func loadIndicators(_ nodes: [YAMLNode], depth: Int, year: Int?, source: YAMLSource,
                                       diagnostics: inout DiagnosticList) -> [IndicatorNode] {
        mappings(nodes, source: source, what: levelNames[depth] ?? "指标", diagnostics: &diagnostics).compactMap { r in
            defer { r.finish(into: &diagnostics) }
            let name = r.string("name", required: "指标名称")
            let weight = r.decimal("weight", maxFractionDigits: 4)
            let disclosure = r.disclosure()
            var node = IndicatorNode(depth: depth, name: name ?? "", weight: weight, disclosure: disclosure, children: [],
                                     target: nil, basis: nil, actual: nil, score: nil, deviation: nil, location: r.location)
            if depth < 3 {
                let children = r.list("children", required: "下级指标（\(levelNames[depth + 1]!)）") ?? []
                node.children = loadIndicators(children, depth: depth + 1, year: year, source: source, diagnostics: &diagnostics)
            } else {
                // Required or not depends on the scoring frame: checked in validation (ScoringChecks).
                node.target = target(r, required: false, diagnostics: &diagnostics)
                node.adjustment = r.mapping("adjustment", what: "绩效目标调整").flatMap { a in
                    defer { a.finish(into: &diagnostics) }
                    let adjusted = target(a, diagnostics: &diagnostics)
                    let date = a.date("date", required: "调整日期"), reason = a.guardedText("reason", required: "调整理由")
                    // Targets are adjusted through the budget-adjustment procedure, during the year: one dated after
                    // it (once the results are known) would become the target the result is judged against.
                    if let date, let year, date.year != year {
                        diagnostics.error(.invalidValue, "绩效目标调整日期“\(date)”不在项目的\(year)年度内：绩效目标只能在预算执行年度中按预算调整程序调整，请核对日期",
                                          at: a.location(of: "date"))
                    }
                    let disclosure = a.disclosure()
                    return adjusted.map { TargetAdjustment(target: $0, date: date, reason: reason, disclosure: disclosure, location: a.location) }
                }
                node.basis = r.guardedText("basis")
                node.actual = r.string("actual")
                node.score = r.decimal("score", maxFractionDigits: 4)
                node.deviation = r.guardedText("deviation")
                node.explanation = r.guardedText("explanation")
            }
            node.fieldLocations = r.locations(of: FieldLocations.Keys.indicator)
            return name == nil ? nil : node
        }
    }

    /// `target:` of a 三级 row or of its adjustment, parsed.
    private static func target(_ r: MappingReader, required: Bool = true, diagnostics: inout DiagnosticList) -> TargetValue? {
        guard let text = r.string("target", required: required ? "指标值" : nil) else { return nil }
        switch TargetValue.parse(text) {
        case let .success(value): return value
        case .failure(.operatorWithoutNumber):
            diagnostics.error(.malformedTarget, "指标值“\(text)”以比较符号开头，但后面缺少数字（应如 ≥52000人、≤90万元、=100%）",
                              at: r.location(of: "target"))
        case .failure(.malformedRange):
            diagnostics.error(.malformedTarget, "指标值“\(text)”的区间无效（应如 90%-100%，下限不大于上限）",
                              at: r.location(of: "target"))
        case .failure(.empty): break
        }
        return nil
    }

    static func loadSelfEvaluation(_ r: MappingReader, diagnostics: inout DiagnosticList) -> SelfEvaluation {
        defer { r.finish(into: &diagnostics) }
        var s = SelfEvaluation(
            published: r.date("published"),
            executionWeight: r.decimal("execution_weight", maxFractionDigits: 4),
            executionScore: r.decimal("execution_score", maxFractionDigits: 4),
            totalScore: r.decimal("total_score", required: "自评总分", maxFractionDigits: 4),
            grade: r.grade(),
            problems: r.guardedText("problems"), measures: r.guardedText("measures"), goalAchieved: r.guardedText("goal_achieved"),
            disclosure: r.disclosure(), location: r.location,
            fieldLocations: r.locations(of: FieldLocations.Keys.selfEvaluation))
        s.frameName = r.string("frame")
        s.baseScore = r.decimal("base_score", maxFractionDigits: 4)
        s.adjustments = mappings(r.list("adjustments") ?? [], source: r.source, what: "加分项或扣分项", diagnostics: &diagnostics)
            .compactMap { loadAdjustment($0, diagnostics: &diagnostics) }
        s.report = r.markdown("report")
        s.recheck = r.mapping("recheck", what: "抽查复核").flatMap { c in
            defer { c.finish(into: &diagnostics) }
            let score = c.decimal("score", required: "复核得分", maxFractionDigits: 4)
            let recheck = Recheck(reviewer: c.string("reviewer"), date: c.date("date"), score: score ?? 0, grade: c.grade(),
                                  opinion: c.guardedText("opinion"), disclosure: c.disclosure(), location: c.location,
                                  fieldLocations: c.locations(of: FieldLocations.Keys.recheck))
            return score == nil ? nil : recheck
        }
        return s
    }

    /// `{kind: 加分, item: 积极采取措施节约资金, points: 3, cap: 5}`.
    private static func loadAdjustment(_ r: MappingReader, diagnostics: inout DiagnosticList) -> ScoreAdjustment? {
        defer { r.finish(into: &diagnostics) }
        var kind: AdjustmentKind?
        if let text = r.string("kind", required: "类型（加分或扣分）") {
            kind = AdjustmentKind(parsing: text)
            if kind == nil { diagnostics.error(.invalidValue, "加减分类型“\(text)”无效，应为“加分”或“扣分”", at: r.location(of: "kind")) }
        }
        let item = r.string("item", required: "加减分事项")
        let points = r.decimal("points", required: "分数", maxFractionDigits: 4)
        let adjustment = ScoreAdjustment(
            kind: kind ?? .bonus, item: item ?? "", points: points ?? 0, cap: r.decimal("cap", maxFractionDigits: 4),
            reason: r.guardedText("reason"), disclosure: r.disclosure(), location: r.location,
            fieldLocations: r.locations(of: FieldLocations.Keys.adjustment))
        return kind == nil || item == nil || points == nil ? nil : adjustment
    }

    /// `year`: the project's fiscal year, which its monitoring checkpoints lie in (运行监控 is done during
    /// the year; a checkpoint in another year is a mistyped date, and the page would show it as this year's).
    private static func loadCheckpoint(_ r: MappingReader, year: Int?, diagnostics: inout DiagnosticList) -> Checkpoint {
        defer { r.finish(into: &diagnostics) }
        let when = r.dateOrMonth("date", required: "监控时点")
        if let date = when?.date, let year, date.year != year {
            diagnostics.error(.invalidValue, "监控时点“\(r.string("date") ?? "")”不在项目的\(year)年度内：绩效运行监控在预算执行年度中进行，请核对日期",
                              at: r.location(of: "date"))
        }
        var checkpoint = Checkpoint(date: when?.date, plannedRate: r.percent("planned_rate"),
                                    actualRate: r.percent("actual_rate"), progress: r.guardedText("progress"),
                                    measures: r.guardedText("measures"), disclosure: r.disclosure(), location: r.location)
        checkpoint.monthOnly = when?.monthOnly ?? false
        if checkpoint.actualRate != nil { checkpoint.actualRateLocation = r.location(of: "actual_rate") }
        return checkpoint
    }

    private static func loadRectification(_ r: MappingReader, diagnostics: inout DiagnosticList) -> Rectification? {
        defer { r.finish(into: &diagnostics) }
        let problem = r.guardedText("problem", required: "问题")
        var status = RectificationStatus.notStarted
        if let text = r.string("status", required: "整改状态") {
            if let parsed = RectificationStatus(parsing: text) { status = parsed } else {
                diagnostics.error(.invalidValue, "整改状态“\(text)”无效，应为 已完成、整改中 或 未整改", at: r.location(of: "status"))
            }
        }
        // The deadline: a date, a month's or year's end (“2025年6月底前”), a period after the feedback (“收到反馈后一个月内”),
        // or none (督促整改, flagged on the page).
        let feedback = r.date("feedback")
        var deadline: CalendarDate?, rule: String?
        if let text = r.string("deadline") {
            if RelativeDeadline.isWorkingDays(text) {
                diagnostics.error(.invalidValue, "整改期限“\(text)”按工作日计算，要看当年的节假日安排，gongkai 无法推算：请写明到期日期（deadline: 2025-10-21）",
                                  at: r.location(of: "deadline"))
            } else if let relative = RelativeDeadline(parsing: text) {
                rule = relative.text
                if let feedback { deadline = relative.deadline(from: feedback) } else {
                    diagnostics.error(.invalidValue, "整改期限“\(text)”从收到反馈之日起算，请写明收到反馈日期（feedback: 2025-07-15）",
                                      at: r.location(of: "deadline"))
                }
            } else if let end = r.deadline("deadline") {
                deadline = end.date; rule = end.words
            }
        }
        var item = Rectification(
            problem: problem ?? Guarded(value: "", disclosure: .public, location: r.location), measure: r.guardedText("measure"),
            responsible: r.string("responsible"), deadline: deadline, status: status,
            completed: r.date("completed"), source: r.string("source"), disclosure: r.disclosure(), location: r.location)
        item.feedback = feedback
        item.deadlineRule = rule
        if item.status == .done, item.completed == nil {
            // Without the day it was done, 逾期 can never be judged.
            diagnostics.warning(.completionUndated, "整改状态为“已完成”，但没有完成日期（completed）：无法判断是否按期完成", at: r.location(of: "status"))
        }
        if let completed = item.completed, item.status != .done {
            // “未整改（2025-05-01完成）” on the page: one of the two is wrong.
            diagnostics.error(.invalidValue, "整改状态为“\(item.status.rawValue)”，却写了完成日期“\(completed)”：已完成的请把 status 改为 已完成，否则删去 completed",
                              at: r.location(of: "completed"))
        }
        return problem == nil ? nil : item
    }

    private static func loadEvaluation(_ r: MappingReader, diagnostics: inout DiagnosticList) -> Evaluation? {
        defer { r.finish(into: &diagnostics) }
        let kind = r.string("kind", required: "评价类型（部门评价、财政重点评价或第三方评价）")
        var evaluation = Evaluation(
            kind: kind ?? "", evaluator: r.string("evaluator"), published: r.date("published"),
            score: r.decimal("score", maxFractionDigits: 4), grade: r.grade(), report: r.markdown("report"),
            disclosure: r.disclosure(), location: r.location)
        evaluation.fieldLocations = r.locations(of: FieldLocations.Keys.evaluation)
        return kind == nil ? nil : evaluation
    }
}

/// Reads one department-wide performance file: `content/departments/<year>/<code>.md`.
enum DepartmentPerformanceLoader {
    static let folder = "content/departments"

    static func load(text: String, file: String, diagnostics: inout DiagnosticList, texts: TextPool? = nil) -> DepartmentPerformance? {
        guard let parts = FrontMatterFile.read(text, file: file, diagnostics: &diagnostics) else { return nil }
        let source = YAMLSource(file: file, lineOffset: parts.yamlFirstLine - 1, texts: texts)
        guard let root = source.compose(parts.yaml, diagnostics: &diagnostics),
              let r = MappingReader(root, source: source, what: "部门整体绩效文件头", diagnostics: &diagnostics) else { return nil }
        defer { r.finish(into: &diagnostics) }
        // Before any Markdown of the file is read: its sentences confirmed as text (`plain_text:`).
        r.readConfirmedText()
        let department = r.string("department", required: "部门编码")
        let year = r.integer("year", required: "预算年度", range: 1990...2100)
        let disclosure = r.disclosure()
        let funding = r.mapping("funding", what: "部门年度资金").map { ProjectLoader.loadFunding($0, diagnostics: &diagnostics) }
        let tasks = mappings(r.list("tasks") ?? [], source: source, what: "年度主要任务", diagnostics: &diagnostics).compactMap { t -> DepartmentTask? in
            defer { t.finish(into: &diagnostics) }
            // Every field is read before the name is asked for: one left unread would be reported as unknown.
            let name = t.string("name", required: "任务名称"), content = t.string("content"), amount = t.amount("amount"), disclosure = t.disclosure()
            return name.map { DepartmentTask(name: $0, content: content, amount: amount, disclosure: disclosure, location: t.location) }
        }
        let targets = r.mapping("targets", what: "部门整体绩效目标").map { ProjectLoader.loadTargets($0, year: year, diagnostics: &diagnostics) }
        let selfEvaluation = r.mapping("self_evaluation", what: "部门整体绩效自评").map { ProjectLoader.loadSelfEvaluation($0, diagnostics: &diagnostics) }
        let narrative = MarkdownSource.parse(parts.body, file: file, firstLine: parts.bodyFirstLine, confirmed: source.confirmed, diagnostics: &diagnostics)
        InlinePictures.check(narrative, diagnostics: &diagnostics)
        source.confirmed.reportUnused(into: &diagnostics)
        guard let department, let year else { return nil }
        return DepartmentPerformance(file: file, location: SourceLocation(file: file), departmentCode: department,
                                     departmentLocation: r.location(of: "department"), year: year, disclosure: disclosure,
                                     funding: funding, tasks: tasks, targets: targets, selfEvaluation: selfEvaluation, narrative: narrative,
                                     yearLocation: r.location(of: "year"))
    }
}
