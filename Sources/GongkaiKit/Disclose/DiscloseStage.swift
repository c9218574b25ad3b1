import Foundation
import GongkaiCore
import GongkaiDisclosed

/// An item the disclose stage kept out of the view, with every text it carries: the summary
/// counts these, the leak audit searches the output for their texts, the internal report lists them.
struct WithheldItem: Sendable {
    var kind: String
    var title: String
    var disclosure: Disclosure
    /// The strictest level on its path (what actually applied).
    var level: DisclosureLevel
    var location: SourceLocation
    var texts: [String]
    /// Those of `texts` held strictly, of the item's parts withheld as classified (the whole item when it is; a classified
    /// project of an on-request department): their data — a name, a code, a goal, an indicator, a basis, a
    /// page's title — and any passage fenced as classified itself. Their words stay fingerprints where public prose says
    /// them too: a classified project's name in a notice is a copy (`LeakAudit`). Prose withheld only because what it
    /// belongs to is (a classified project's narrative) is not held to this, since a classified project made from a public
    /// one's file keeps its boilerplate, public where the public project says it.
    var strictTexts: [String] = []
    /// Those of `strictTexts` that name a classified item or something in it: the names and codes of its department,
    /// units, projects and indicators, a page's title. Their words stay fingerprints where any public text but a public
    /// name, code or label says them: a classified project's name in another project's problems is a copy (`LeakAudit`).
    var identityTexts: [String] = []
}

extension Audience {
    /// Whether one item's own disclosure lets it reach this audience (its path is checked separately).
    func admits(_ disclosure: Disclosure) -> Bool {
        switch (self, disclosure.level) {
        case (_, .public): true
        case (.peoplesCongress, .limited): disclosure.scope.contains(where: Self.isPeoplesCongress)
        case let (.circle(name), .limited): disclosure.scope.contains { $0.trimmed == name }
        default: false
        }
    }

    /// Scope words that name the people's congress (人大).
    static func isPeoplesCongress(_ scope: String) -> Bool {
        ["人大", "人大代表", "人民代表大会", "人大常委会", "人大财经委", "npc", "people's congress"].contains(scope.trimmed.lowercased())
    }
}

/// How far an item reaches for one audience: whether every disclosure on its path admits it,
/// and the strictest level on that path (the strictest wins).
struct Reach {
    var visible: Bool
    var level: DisclosureLevel

    static let root = Reach(visible: true, level: .public)

    func then(_ disclosure: Disclosure, _ audience: Audience) -> Reach {
        Reach(visible: visible && audience.admits(disclosure), level: max(level, disclosure.level))
    }

    /// A passage's reach: each limited fence open around it must admit the audience, so
    /// `::: limited 人大` inside an unscoped `::: limited` reaches no one.
    func then(_ passage: MarkdownSource.Passage, _ audience: Audience) -> Reach {
        passage.scopes.isEmpty ? then(Disclosure(level: passage.level), audience)
            : passage.scopes.reduce(self) { $0.then(Disclosure(level: passage.level, scope: $1), audience) }
    }
}

/// Stage 3 — disclose: the source model in, the disclosed view for one audience out.
/// The strictest level on an item's path wins; aggregates are computed later from the view only.
/// What was withheld comes from the ledger (one walk of the source model), not from this walk:
/// the leak audit then checks this walk's output against the ledger's list.
enum DiscloseStage {
    struct Result<For: AudienceKind>: Sendable {
        var view: Disclosed<For>
        var ledger: Ledger
        var withheld: [WithheldItem] { ledger.withheld }
        var site: DisclosedSite { view.site }
    }

    /// `faults` names item kinds whose filtering is switched off: only the mutation tests use it, to
    /// prove that the leak audit catches a disclose bug for every kind of item.
    static func run<For: FixedAudienceKind>(_ source: SourceSite, for kind: For.Type = WebsiteAudience.self,
                                            faults: Set<String> = [], jobs: Int = 1) -> Result<For> {
        run(source, audience: For.audience, as: kind, faults: faults, jobs: jobs)
    }

    /// For an audience the type does not name alone (a named circle).
    static func run<For: AudienceKind>(_ source: SourceSite, audience: Audience, as kind: For.Type,
                                       faults: Set<String> = [], jobs: Int = 1) -> Result<For> {
        // Two independent walks of the same source: the ledger's and the view's.
        let (ledger, (disclosed, projectSourceIndex)) = concurrently(jobs: jobs, { Ledger(source, audience: audience) }, {
            var d = Discloser(audience: audience, faults: faults)
            var source = source
            return (d.run(&source, releasingTrees: false, jobs: 1), d.projectSourceIndex)
        })
        return assemble(disclosed, projectSourceIndex: projectSourceIndex, ledger: ledger)
    }

    /// The pipeline's run: the ledger was made first (the checks that read the whole source use it before
    /// this), and each project's indicator tree is released from `source` as soon as its view is built, so
    /// the source model shrinks while the view grows instead of both being held at once.
    static func run<For: AudienceKind>(releasing source: inout SourceSite, ledger: Ledger, as kind: For.Type,
                                       faults: Set<String> = [], jobs: Int = 1) -> Result<For> {
        var d = Discloser(audience: ledger.audience, faults: faults)
        let disclosed = d.run(&source, releasingTrees: true, jobs: jobs)
        return assemble(disclosed, projectSourceIndex: d.projectSourceIndex, ledger: ledger)
    }

    /// The view completed from the ledger: which projects have withheld parts, and what they withhold.
    private static func assemble<For: AudienceKind>(_ disclosed: DisclosedSite, projectSourceIndex: [Int], ledger: Ledger) -> Result<For> {
        var site = disclosed
        let partial = ledger.projectsWithWithheldParts
        let requirements = ledger.withheldRequirements
        for (i, key) in projectSourceIndex.enumerated() {
            site.projects[i].hasWithheldParts = partial.contains(key)
            site.projects[i].withheldRequirements = requirements[key] ?? []
        }
        site.withheldCount = ledger.withheld.count
        let performanceWithParts = ledger.withWithheldParts(kind: DepartmentPerformance.title)
        for i in site.departmentPerformance.indices {
            site.departmentPerformance[i].hasWithheldParts = performanceWithParts.contains(site.departmentPerformance[i].source)
        }
        return Result(view: Disclosed(site), ledger: ledger)
    }
}

/// One disclose run: walks the source model, keeping what reaches the audience.
struct Discloser {
    let audience: Audience
    let faults: Set<String>
    /// For each disclosed project (in view order), its index in the source.
    private(set) var projectSourceIndex: [Int] = []

    init(audience: Audience, faults: Set<String> = []) {
        self.audience = audience
        self.faults = faults
    }

    /// Whether an item of `kind` with this reach goes into the view.
    private func shows(_ reach: Reach, _ kind: String) -> Bool {
        reach.visible || faults.contains(kind)
    }

    /// The reach an item of `kind` passes on to its parts, or nil when it stays out of the view.
    /// A faulted kind passes a visible reach on, as a real bug in this walk would.
    private func admit(_ reach: Reach, _ kind: String) -> Reach? {
        guard shows(reach, kind) else { return nil }
        return Reach(visible: true, level: reach.level)
    }

    /// `releasingTrees`: each project's indicator tree is released from `source` once its view is built.
    mutating func run(_ source: inout SourceSite, releasingTrees: Bool, jobs: Int) -> DisclosedSite {
        // Departments and units.
        var departmentReach: [String: Reach] = [:]
        var unitReach: [String: Reach] = [:]
        var departments: [DisclosedDepartment] = []
        for department in source.departments.sorted(by: { $0.code < $1.code }) {
            let own = Reach.root.then(department.disclosure, audience)
            let reach = admit(own, "部门") ?? own
            departmentReach[department.code] = reach
            for unit in department.units { unitReach[unit.code] = reach.then(unit.disclosure, audience) }
            guard reach.visible else { continue }
            let units = department.units.filter { shows(unitReach[$0.code]!, "单位") }.map { DisclosedUnit(code: $0.code, name: $0.name) }
            let intro = guarded(department.intro, kind: "部门简介", parent: reach)
            let scheme = source.config.gradeScheme(department: department.code, year: Int.min)
            departments.append(DisclosedDepartment(code: department.code, name: department.name, kind: department.kind,
                                                   intro: intro, units: units, gradeScheme: scheme))
        }
        let hidden = Reach(visible: false, level: .classified) // an unknown reference never publishes

        // Projects.
        var admitted: [(index: Int, reach: Reach)] = []
        for (index, project) in source.projects.enumerated() {
            var parent = departmentReach[project.departmentCode] ?? hidden
            if let unit = project.unitCode { parent = unitReach[unit].map { Reach(visible: parent.visible && $0.visible, level: max(parent.level, $0.level)) } ?? hidden }
            guard let reach = admit(parent.then(project.disclosure, audience), "项目") else { continue }
            admitted.append((index, reach))
        }
        // In chunks of source projects, each chunk's views built side by side; a chunk's trees are released
        // after it (withheld projects' too: the ledger and the checks are done with them).
        var projects: [(DisclosedProject, Int)] = []
        projects.reserveCapacity(admitted.count)
        let (walker, config, chunkSize) = (self, source.config, 256)
        var next = 0
        for start in stride(from: 0, to: source.projects.count, by: chunkSize) {
            let end = min(start + chunkSize, source.projects.count)
            let first = next
            while next < admitted.count && admitted[next].index < end { next += 1 }
            do {
                let (chunk, work) = (Array(source.projects[start..<end]), Array(admitted[first..<next]))
                let views = concurrentMap(work.count, jobs: jobs) { k in
                    walker.discloseProject(chunk[work[k].index - start], reach: work[k].reach, config: config)
                }
                for (view, item) in zip(views, work) { projects.append((view, item.index)) }
            }
            guard releasingTrees else { continue }
            for i in start..<end { source.projects[i].targets?.releaseIndicators() }
            // The released trees' pages stay with the process until given back: the view built meanwhile lifted the
            // checks' high point by about 40 MB at 20,000 projects.
            if (start / chunkSize) % 16 == 15 { FreedMemory.release() }
        }
        projects.sort { ($1.0.year, $0.0.departmentCode, $0.0.code) < ($0.0.year, $1.0.departmentCode, $1.0.code) }
        projectSourceIndex = projects.map(\.1)
        // A department's page names the scheme of its latest disclosed year: a rule may name a year.
        var latestYear: [String: Int] = [:]
        for (p, _) in projects { latestYear[p.departmentCode] = max(latestYear[p.departmentCode] ?? p.year, p.year) }
        for i in departments.indices {
            departments[i].gradeScheme = source.config.gradeScheme(department: departments[i].code, year: latestYear[departments[i].code] ?? Int.min)
        }

        // Department-wide performance: the same walk as a project's targets and self-evaluation.
        var performance: [DisclosedDepartmentPerformance] = []
        for dp in source.departmentPerformance {
            guard let reach = admit((departmentReach[dp.departmentCode] ?? hidden).then(dp.disclosure, audience), DepartmentPerformance.title)
            else { continue }
            let view = discloseProject(dp.asProject, reach: reach, config: source.config)
            var disclosed = DisclosedDepartmentPerformance(
                departmentCode: dp.departmentCode, year: dp.year, funding: view.funding, targets: view.targets, selfEvaluation: view.selfEvaluation,
                narrative: view.narrative, gradeScheme: view.gradeScheme, source: dp.location)
            disclosed.scoresIncomplete = view.scoresIncomplete
            // Under `inference: withhold_totals` the public tasks keep no amount beside a withheld task or funding line:
            // the budget minus their amounts would be the withheld one's.
            let taskAmounts = !source.config.withholdInferableTotals || InferenceCheck.taskExposure(of: dp, reach: reach, audience: audience) == nil
            disclosed.tasks = dp.tasks.filter { shows(reach.then($0.disclosure, audience), "年度主要任务") }
                .map { DisclosedDepartmentPerformance.Task(name: $0.name, content: $0.content, amount: taskAmounts ? $0.amount : nil) }
            performance.append(disclosed)
        }
        performance.sort { ($1.year, $0.departmentCode) < ($0.year, $1.departmentCode) }

        // Pages.
        var pages: [DisclosedPage] = []
        for page in source.pages {
            let parent = page.departmentCode.map { departmentReach[$0] ?? hidden } ?? .root
            guard let reach = admit(parent.then(page.disclosure, audience), "页面") else { continue }
            pages.append(DisclosedPage(
                path: page.path, title: page.title, date: page.date, category: page.category, departmentCode: page.departmentCode,
                summary: guarded(page.summary, kind: "摘要", parent: reach),
                body: markdown(page.body, parent: reach)))
        }
        pages.sort { $0.path.joined(separator: "/") < $1.path.joined(separator: "/") }

        let intro = markdown(source.intro, parent: .root)
        var site = DisclosedSite(audience: audience, config: source.config, intro: intro, departments: departments,
                                 projects: projects.map(\.0), pages: pages, withheldCount: 0)
        site.departmentPerformance = performance
        return site
    }

    // MARK: Projects

    private func discloseProject(_ p: Project, reach: Reach, config: SiteConfig) -> DisclosedProject {
        let scheme = config.gradeScheme(department: p.departmentCode, year: p.year)
        // Totals that would give away a withheld row's score or weight (`inference: withhold_totals`).
        let exposure = config.withholdInferableTotals ? InferenceCheck.exposure(of: p, reach: reach, audience: audience) : .init()
        let exposedWeights = Set(exposure.weightedGroups.map(\.location))
        let exposedExecutionRows = Set(exposure.executionRows.map(\.location))
        let exposedAdjustedRows = Set(exposure.adjustedRows.map(\.location))

        var funding: DisclosedFunding?
        if let f = p.funding {
            let lines = f.lines.filter { shows(reach.then($0.disclosure, audience), "资金来源") }
                .map { DisclosedFunding.Line(source: $0.source, initial: $0.initial, budget: $0.budget, spent: $0.spent) }
            // Under `inference: withhold_totals` the uses go when their sum would give a withheld line's budget away.
            // So do the public uses beside a withheld one: the budget minus them is its amount.
            let uses = exposure.uses || exposure.usesBesideWithheldUse != nil ? [] : f.uses.filter { shows(reach.then($0.disclosure, audience), "资金用途") }.map { (item: $0.item, amount: $0.amount) }
            funding = DisclosedFunding(unit: f.unit, lines: lines, uses: uses)
            funding?.linesWithheld = lines.count < f.lines.count
        }

        // The self-evaluation decides whether indicator rows show their result columns.
        var selfEvaluation: DisclosedSelfEvaluation?
        var scoresIncomplete = false
        let selfReach = p.selfEvaluation.map { reach.then($0.disclosure, audience) }
        if let s = p.selfEvaluation, let selfReach {
            if let r = admit(selfReach, "单位自评") {
                let frame = s.frameName.flatMap { config.scoringFrames[$0] } ?? config.scoringFrame
                // Without a written base the rows give it (as the checks read it), so a grade on the base is still computed.
                let rowBase = ScoringChecks.rowSum(Self.leaves(p.targets?.indicators ?? []), executionScore: frame.separateExecution ? s.executionScore : nil)
                let graded = scheme.basis == .base ? (s.baseScore ?? (s.adjustments.isEmpty ? s.totalScore : rowBase)) : s.totalScore
                var disclosedSelf = DisclosedSelfEvaluation(
                    published: s.published, executionWeight: frame.separateExecution ? s.executionWeight ?? config.executionWeight : 0,
                    executionScore: exposure.execution ? nil : s.executionScore,
                    totalScore: exposure.hidesTotal ? nil : s.totalScore, grade: s.grade ?? graded.flatMap(scheme.grade(for:)),
                    problems: guarded(s.problems, kind: "存在问题", parent: r),
                    measures: guarded(s.measures, kind: "改进措施", parent: r))
                disclosedSelf.gradeScheme = scheme
                disclosedSelf.goalAchieved = guarded(s.goalAchieved, kind: "目标完成情况", parent: r)
                disclosedSelf.gradeComputed = s.grade == nil && graded != nil
                disclosedSelf.frame = frame
                for a in s.adjustments {
                    guard let aReach = admit(r.then(a.disclosure, audience), "加减分项") else { scoresIncomplete = true; continue }
                    disclosedSelf.adjustments.append(DisclosedScoreAdjustment(
                        kind: a.kind, item: a.item, points: a.points, cap: a.cap, reason: guarded(a.reason, kind: "加减分理由", parent: aReach)))
                }
                // Under `inference: withhold_totals` the base goes with the total when either gives a withheld figure away.
                if !s.adjustments.isEmpty || s.baseScore != nil {
                    disclosedSelf.baseTotal = config.baseTotal(of: frame)
                    disclosedSelf.baseScore = exposure.hidesTotal ? nil : s.baseScore
                }
                disclosedSelf.report = markdown(s.report, parent: r)
                if let c = s.recheck, let cReach = admit(r.then(c.disclosure, audience), "抽查复核") {
                    let cScheme = config.gradeScheme(department: p.departmentCode, evaluation: GradeOverride.recheck, year: p.year)
                    // Only beside a published self-score: a difference would give a withheld total away.
                    let difference = disclosedSelf.totalScore.map { c.score - $0 }
                    disclosedSelf.recheck = DisclosedRecheck(
                        reviewer: c.reviewer, date: c.date, score: c.score, grade: c.grade ?? cScheme.grade(for: c.score),
                        opinion: guarded(c.opinion, kind: "复核意见", parent: cReach), difference: difference,
                        flagged: difference.map { abs($0) > config.recheckThreshold } ?? false)
                }
                selfEvaluation = disclosedSelf
            }
        }

        var targets: DisclosedTargets?
        if let t = p.targets {
            if let tReach = admit(reach.then(t.disclosure, audience), "绩效目标") {
                var groups: [DisclosedIndicatorGroup] = []
                for group in t.indicators {
                    guard let gReach = admit(tReach.then(group.disclosure, audience), "一级指标") else { scoresIncomplete = true; continue }
                    var subgroups: [DisclosedIndicatorSubgroup] = []
                    for sub in group.children {
                        guard let sReach = admit(gReach.then(sub.disclosure, audience), "二级指标") else { scoresIncomplete = true; continue }
                        var rows: [DisclosedIndicator] = []
                        for leaf in sub.children {
                            guard let lReach = admit(sReach.then(leaf.disclosure, audience), "三级指标") else { scoresIncomplete = true; continue }
                            var result: DisclosedIndicator.Result?
                            if let selfReach, let rReach = admit(Reach(visible: lReach.visible && selfReach.visible, level: lReach.level), "指标结果") {
                                // Under `inference: withhold_totals` a 预算执行率 row over a withheld funding line keeps no rate or score.
                                let exposed = exposedExecutionRows.contains(leaf.location)
                                // A row scored against a withheld target adjustment keeps its actual value, not its score.
                                let adjusted = exposedAdjustedRows.contains(leaf.location)
                                if (exposed || adjusted) && leaf.score != nil { scoresIncomplete = true }
                                result = .init(actual: exposed ? nil : leaf.actual, weight: leaf.weight, score: exposed || adjusted ? nil : leaf.score,
                                               deviation: guarded(leaf.deviation, kind: "偏差原因", parent: rReach))
                            } else if selfReach?.visible == true {
                                scoresIncomplete = true
                            }
                            var row = DisclosedIndicator(
                                name: leaf.name, target: leaf.target,
                                basis: guarded(leaf.basis, kind: "指标值确定依据", parent: lReach), result: result,
                                explanation: guarded(leaf.explanation, kind: "指标解释", parent: lReach))
                            if let a = leaf.adjustment, let aReach = admit(lReach.then(a.disclosure, audience), "目标调整") {
                                row.adjustment = DisclosedTargetAdjustment(target: a.target, date: a.date,
                                                                           reason: guarded(a.reason, kind: "调整理由", parent: aReach))
                            }
                            rows.append(row)
                        }
                        subgroups.append(DisclosedIndicatorSubgroup(
                            name: sub.name, weight: exposedWeights.contains(sub.location) ? nil : sub.weight, indicators: rows))
                    }
                    groups.append(DisclosedIndicatorGroup(
                        name: group.name, weight: exposedWeights.contains(group.location) ? nil : group.weight, subgroups: subgroups))
                }
                targets = DisclosedTargets(published: t.published, goal: guarded(t.goal, kind: "年度总体目标", parent: tReach),
                                           groups: groups)
            } else {
                scoresIncomplete = true
            }
        }

        var evaluations: [DisclosedEvaluation] = []
        for e in p.evaluations {
            guard let r = admit(reach.then(e.disclosure, audience), "评价") else { continue }
            let eScheme = config.gradeScheme(department: p.departmentCode, evaluation: e.kind, year: p.year)
            var evaluation = DisclosedEvaluation(
                kind: e.kind, evaluator: e.evaluator, published: e.published, score: e.score,
                grade: e.grade ?? e.score.flatMap(eScheme.grade(for:)), report: markdown(e.report, parent: r))
            evaluation.gradeScheme = eScheme
            evaluations.append(evaluation)
        }

        var monitoring: [DisclosedCheckpoint] = []
        for c in p.monitoring {
            guard let r = admit(reach.then(c.disclosure, audience), "监控节点") else { continue }
            // Under `inference: withhold_totals` the actual rate goes when it covers a withheld funding line.
            var checkpoint = DisclosedCheckpoint(
                date: c.date, plannedRate: c.plannedRate, actualRate: exposure.monitoringRates ? nil : c.actualRate,
                progress: guarded(c.progress, kind: "目标进度", parent: r),
                measures: guarded(c.measures, kind: "纠偏措施", parent: r))
            checkpoint.monthOnly = c.monthOnly
            monitoring.append(checkpoint)
        }
        var rectifications: [DisclosedRectification] = []
        for item in p.rectifications {
            // An item whose problem is withheld says nothing: it is left out whole.
            guard let r = admit(reach.then(item.disclosure, audience), "整改事项"), let problem = guarded(item.problem, kind: "整改问题", parent: r) else { continue }
            var disclosed = DisclosedRectification(
                problem: problem, measure: guarded(item.measure, kind: "整改措施", parent: r),
                responsible: item.responsible, deadline: item.deadline, status: item.status, completed: item.completed,
                source: item.source)
            disclosed.deadlineRule = item.deadlineRule
            disclosed.feedback = item.feedback
            rectifications.append(disclosed)
        }

        var project = DisclosedProject(
            code: p.code, name: p.name, year: p.year, departmentCode: p.departmentCode, unitCode: p.unitCode,
            category: p.category, major: p.major, funding: funding, targets: targets, selfEvaluation: selfEvaluation,
            evaluations: evaluations, narrative: markdown(p.narrative, parent: reach),
            gradeScheme: scheme, hasWithheldParts: false, withheldRequirements: [])
        project.monitoring = monitoring
        project.monitoringWithheld = monitoring.isEmpty && !p.monitoring.isEmpty
        project.rectifications = rectifications
        project.scoresIncomplete = scoresIncomplete
        if let a = p.exAnte, let r = admit(reach.then(a.disclosure, audience), "事前绩效评估") {
            project.exAnte = DisclosedExAnte(date: a.date, assessor: a.assessor, conclusion: guarded(a.conclusion, kind: "评估结论", parent: r),
                                             score: a.score, report: markdown(a.report, parent: r))
        }
        return project
    }

    static func leaves(_ nodes: [IndicatorNode]) -> [IndicatorNode] {
        nodes.flatMap { $0.depth == 3 ? [$0] : leaves($0.children) }
    }

    // MARK: Fields and passages

    private func guarded(_ field: Guarded<String>?, kind: String, parent: Reach) -> String? {
        guard let field, shows(parent.then(field.disclosure, audience), kind) else { return nil }
        return field.value
    }

    private func markdown(_ source: MarkdownSource, parent: Reach) -> PublicMarkdown {
        let visible = source.passages.map { shows(parent.then($0, audience), "段落") }
        // Raw HTML and comments are dropped here, once, so that open data, search and feeds carry
        // the same text the page shows.
        return PublicMarkdown(Markdown.asShown(source.text(including: visible)))
    }
}

extension Evaluation {
    /// 财政重点评价 — a key evaluation by the finance bureau, whose results must be published. Its title is
    /// written many ways (财政重点绩效评价, 重点项目绩效评价): 重点 before 评价 names it.
    var isKeyEvaluation: Bool {
        guard let key = kind.range(of: "重点") else { return false }
        return kind[key.upperBound...].contains("评价")
    }
}
