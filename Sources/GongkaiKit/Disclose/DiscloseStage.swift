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
}

extension Audience {
    /// Whether one item's own disclosure lets it reach this audience (its path is checked separately).
    func admits(_ disclosure: Disclosure) -> Bool {
        switch (self, disclosure.level) {
        case (_, .public): true
        case (.peoplesCongress, .limited): disclosure.scope.contains(where: Self.isPeoplesCongress)
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
}

/// Stage 3 — disclose: the source model in, the disclosed view for one audience out.
/// The strictest level on an item's path wins; aggregates are computed later from the view only.
enum DiscloseStage {
    struct Result: Sendable {
        var site: DisclosedSite
        var withheld: [WithheldItem]
    }

    static func run(_ source: SourceSite, audience: Audience = .website) -> Result {
        var d = Discloser(audience: audience)
        return d.run(source)
    }
}

/// One disclose run: walks the source model, keeping what reaches the audience and recording
/// everything else as withheld.
struct Discloser {
    let audience: Audience
    var withheld: [WithheldItem] = []

    init(audience: Audience) {
        self.audience = audience
    }

    mutating func withhold(_ kind: String, _ title: String, _ disclosure: Disclosure, _ reach: Reach,
                           at location: SourceLocation, texts: [String]) {
        withheld.append(WithheldItem(kind: kind, title: title, disclosure: disclosure, level: reach.level,
                                     location: location, texts: texts))
    }

    mutating func run(_ source: SourceSite) -> DiscloseStage.Result {
        // Departments and units.
        var departmentReach: [String: Reach] = [:]
        var unitReach: [String: Reach] = [:]
        var departments: [DisclosedDepartment] = []
        for department in source.departments.sorted(by: { $0.code < $1.code }) {
            let reach = Reach.root.then(department.disclosure, audience)
            departmentReach[department.code] = reach
            for unit in department.units { unitReach[unit.code] = reach.then(unit.disclosure, audience) }
            guard reach.visible else {
                withhold("部门", "\(department.code) \(department.name)", department.disclosure, reach, at: department.location,
                         texts: [department.code, department.name, department.intro?.value].compactMap { $0 }
                            + department.units.flatMap { [$0.code, $0.name] })
                continue
            }
            var units: [DisclosedUnit] = []
            for unit in department.units {
                let r = unitReach[unit.code]!
                if r.visible {
                    units.append(DisclosedUnit(code: unit.code, name: unit.name))
                } else {
                    withhold("单位", "\(unit.code) \(unit.name)", unit.disclosure, r, at: unit.location, texts: [unit.code, unit.name])
                }
            }
            let intro = guarded(department.intro, kind: "部门简介", owner: department.name, parent: reach)
            let scheme = source.config.gradeScheme(department: department.code, year: Int.min)
            departments.append(DisclosedDepartment(code: department.code, name: department.name, kind: department.kind,
                                                   intro: intro, units: units, gradeScheme: scheme))
        }
        let hidden = Reach(visible: false, level: .classified) // an unknown reference never publishes

        // Projects.
        var projects: [DisclosedProject] = []
        for project in source.projects {
            var reach = departmentReach[project.departmentCode] ?? hidden
            if let unit = project.unitCode { reach = unitReach[unit].map { Reach(visible: reach.visible && $0.visible, level: max(reach.level, $0.level)) } ?? hidden }
            reach = reach.then(project.disclosure, audience)
            guard reach.visible else {
                withhold("项目", "\(project.year) \(project.code) \(project.name)", project.disclosure, reach,
                         at: project.location, texts: Self.allTexts(of: project))
                continue
            }
            let before = withheld.count
            var disclosed = discloseProject(project, reach: reach, config: source.config)
            disclosed.hasWithheldParts = withheld.count > before
            projects.append(disclosed)
        }
        projects.sort { ($1.year, $0.departmentCode, $0.code) < ($0.year, $1.departmentCode, $1.code) }

        // Pages.
        var pages: [DisclosedPage] = []
        for page in source.pages {
            let parent = page.departmentCode.map { departmentReach[$0] ?? hidden } ?? .root
            let reach = parent.then(page.disclosure, audience)
            guard reach.visible else {
                withhold("页面", page.title, page.disclosure, reach, at: page.location,
                         texts: [page.title, page.summary?.value].compactMap { $0 } + page.body.passages.map(\.text))
                continue
            }
            pages.append(DisclosedPage(
                path: page.path, title: page.title, date: page.date, category: page.category, departmentCode: page.departmentCode,
                summary: guarded(page.summary, kind: "摘要", owner: page.title, parent: reach),
                body: markdown(page.body, owner: page.title, parent: reach)))
        }
        pages.sort { $0.path.joined(separator: "/") < $1.path.joined(separator: "/") }

        let intro = markdown(source.intro, owner: "站点介绍", parent: .root)
        withheld.sort { ($0.location, $0.kind, $0.title) < ($1.location, $1.kind, $1.title) }
        let site = DisclosedSite(audience: audience, config: source.config, intro: intro, departments: departments,
                                 projects: projects, pages: pages, withheldCount: withheld.count)
        return DiscloseStage.Result(site: site, withheld: withheld)
    }

    // MARK: Projects

    private mutating func discloseProject(_ p: Project, reach: Reach, config: SiteConfig) -> DisclosedProject {
        let scheme = config.gradeScheme(department: p.departmentCode, year: p.year)
        let owner = "\(p.year) \(p.code) \(p.name)"
        var withheldRequirements: Set<DisclosureCalendar.Requirement> = []

        var funding: DisclosedFunding?
        if let f = p.funding {
            var lines: [DisclosedFunding.Line] = []
            for line in f.lines {
                let r = reach.then(line.disclosure, audience)
                if r.visible {
                    lines.append(.init(source: line.source, initial: line.initial, budget: line.budget, spent: line.spent))
                } else {
                    withhold("资金来源", "\(owner)：\(line.source)", line.disclosure, r, at: line.location, texts: [line.source])
                }
            }
            var uses: [(item: String, amount: Decimal)] = []
            for use in f.uses {
                let r = reach.then(use.disclosure, audience)
                if r.visible { uses.append((use.item, use.amount)) } else {
                    withhold("资金用途", "\(owner)：\(use.item)", use.disclosure, r, at: use.location, texts: [use.item])
                }
            }
            funding = DisclosedFunding(unit: f.unit, lines: lines, uses: uses)
        }

        // The self-evaluation decides whether indicator rows show their result columns.
        var selfEvaluation: DisclosedSelfEvaluation?
        var resultsVisible = false
        if let s = p.selfEvaluation {
            let r = reach.then(s.disclosure, audience)
            if r.visible {
                resultsVisible = true
                var disclosedSelf = DisclosedSelfEvaluation(
                    published: s.published, executionWeight: s.executionWeight ?? config.executionWeight,
                    executionScore: s.executionScore,
                    totalScore: s.totalScore, grade: s.grade ?? s.totalScore.flatMap(scheme.grade(for:)),
                    problems: guarded(s.problems, kind: "存在问题", owner: owner, parent: r),
                    measures: guarded(s.measures, kind: "改进措施", owner: owner, parent: r))
                disclosedSelf.gradeScheme = scheme
                disclosedSelf.goalAchieved = guarded(s.goalAchieved, kind: "目标完成情况", owner: owner, parent: r)
                disclosedSelf.gradeComputed = s.grade == nil && s.totalScore != nil
                selfEvaluation = disclosedSelf
            } else {
                withheldRequirements.insert(.selfEvaluation)
                let results = p.targets.map { Self.leaves($0.indicators).flatMap { [$0.actual, $0.deviation?.value].compactMap { $0 } } } ?? []
                withhold("单位自评", owner, s.disclosure, r, at: s.location,
                         texts: [s.problems?.value, s.measures?.value].compactMap { $0 } + results)
            }
        }

        var targets: DisclosedTargets?
        if let t = p.targets {
            let tReach = reach.then(t.disclosure, audience)
            if tReach.visible {
                var groups: [DisclosedIndicatorGroup] = []
                for group in t.indicators {
                    let gReach = tReach.then(group.disclosure, audience)
                    guard gReach.visible else { withholdIndicator(group, owner: owner, reach: gReach); continue }
                    var subgroups: [DisclosedIndicatorSubgroup] = []
                    for sub in group.children {
                        let sReach = gReach.then(sub.disclosure, audience)
                        guard sReach.visible else { withholdIndicator(sub, owner: owner, reach: sReach); continue }
                        var rows: [DisclosedIndicator] = []
                        for leaf in sub.children {
                            let lReach = sReach.then(leaf.disclosure, audience)
                            guard lReach.visible else { withholdIndicator(leaf, owner: owner, reach: lReach); continue }
                            let deviation = guarded(leaf.deviation, kind: "偏差原因", owner: owner, parent: lReach)
                            rows.append(DisclosedIndicator(
                                name: leaf.name, target: leaf.target,
                                basis: guarded(leaf.basis, kind: "指标值确定依据", owner: owner, parent: lReach),
                                result: resultsVisible
                                    ? .init(actual: leaf.actual, weight: leaf.weight, score: leaf.score, deviation: deviation)
                                    : nil,
                                explanation: guarded(leaf.explanation, kind: "指标解释", owner: owner, parent: lReach)))
                        }
                        subgroups.append(DisclosedIndicatorSubgroup(name: sub.name, weight: sub.weight, indicators: rows))
                    }
                    groups.append(DisclosedIndicatorGroup(name: group.name, weight: group.weight, subgroups: subgroups))
                }
                targets = DisclosedTargets(published: t.published,
                                           goal: guarded(t.goal, kind: "年度总体目标", owner: owner, parent: tReach),
                                           groups: groups)
            } else {
                withheldRequirements.insert(.targets)
                withhold("绩效目标", owner, t.disclosure, tReach, at: t.location,
                         texts: [t.goal?.value].compactMap { $0 } + t.indicators.flatMap(Self.indicatorTexts))
            }
        }

        var evaluations: [DisclosedEvaluation] = []
        for e in p.evaluations {
            let r = reach.then(e.disclosure, audience)
            guard r.visible else {
                if e.isKeyEvaluation { withheldRequirements.insert(.keyEvaluation) }
                withhold(e.kind, owner, e.disclosure, r, at: e.location, texts: [e.evaluator].compactMap { $0 } + e.report.passages.map(\.text))
                continue
            }
            let eScheme = config.gradeScheme(department: p.departmentCode, evaluation: e.kind, year: p.year)
            var evaluation = DisclosedEvaluation(
                kind: e.kind, evaluator: e.evaluator, published: e.published, score: e.score,
                grade: e.grade ?? e.score.flatMap(eScheme.grade(for:)),
                report: markdown(e.report, owner: "\(owner) \(e.kind)", parent: r))
            evaluation.gradeScheme = eScheme
            evaluations.append(evaluation)
        }

        var monitoring: [DisclosedCheckpoint] = []
        for c in p.monitoring {
            let r = reach.then(c.disclosure, audience)
            guard r.visible else {
                withhold("监控节点", owner, c.disclosure, r, at: c.location, texts: c.texts)
                continue
            }
            monitoring.append(DisclosedCheckpoint(
                date: c.date, plannedRate: c.plannedRate, actualRate: c.actualRate,
                progress: guarded(c.progress, kind: "目标进度", owner: owner, parent: r),
                measures: guarded(c.measures, kind: "纠偏措施", owner: owner, parent: r)))
        }
        var rectifications: [DisclosedRectification] = []
        for item in p.rectifications {
            let r = reach.then(item.disclosure, audience)
            guard r.visible, let problem = guarded(item.problem, kind: "整改问题", owner: owner, parent: r) else {
                if !r.visible { withhold("整改事项", owner, item.disclosure, r, at: item.location, texts: item.texts) }
                continue
            }
            rectifications.append(DisclosedRectification(
                problem: problem, measure: guarded(item.measure, kind: "整改措施", owner: owner, parent: r),
                responsible: item.responsible, deadline: item.deadline, status: item.status, completed: item.completed,
                source: item.source))
        }

        var project = DisclosedProject(
            code: p.code, name: p.name, year: p.year, departmentCode: p.departmentCode, unitCode: p.unitCode,
            category: p.category, major: p.major, funding: funding, targets: targets, selfEvaluation: selfEvaluation,
            evaluations: evaluations, narrative: markdown(p.narrative, owner: owner, parent: reach),
            gradeScheme: scheme, hasWithheldParts: false, withheldRequirements: withheldRequirements)
        project.monitoring = monitoring
        project.rectifications = rectifications
        return project
    }

    private mutating func withholdIndicator(_ node: IndicatorNode, owner: String, reach: Reach) {
        withhold(ProjectLoader.levelNames[node.depth] ?? "指标", "\(owner)：\(node.name)", node.disclosure, reach,
                 at: node.location, texts: Self.indicatorTexts(node))
    }

    static func leaves(_ nodes: [IndicatorNode]) -> [IndicatorNode] {
        nodes.flatMap { $0.depth == 3 ? [$0] : leaves($0.children) }
    }

    private static func indicatorTexts(_ node: IndicatorNode) -> [String] {
        [node.name, node.target?.raw, node.basis?.value, node.actual, node.deviation?.value, node.explanation?.value].compactMap { $0 }
            + node.children.flatMap(indicatorTexts)
    }

    /// Every text a project carries, for a project withheld as a whole.
    private static func allTexts(of p: Project) -> [String] {
        var texts = [p.code, p.name, p.category].compactMap { $0 }
        texts += p.funding?.lines.map(\.source) ?? []
        if let t = p.targets { texts += [t.goal?.value].compactMap { $0 } + t.indicators.flatMap(indicatorTexts) }
        if let s = p.selfEvaluation { texts += [s.problems?.value, s.measures?.value].compactMap { $0 } }
        for e in p.evaluations { texts += [e.evaluator].compactMap { $0 } + e.report.passages.map(\.text) }
        return texts + p.narrative.passages.map(\.text)
    }

    // MARK: Fields and passages

    private mutating func guarded(_ field: Guarded<String>?, kind: String, owner: String, parent: Reach) -> String? {
        guard let field else { return nil }
        let r = parent.then(field.disclosure, audience)
        if r.visible { return field.value }
        withhold(kind, owner, field.disclosure, r, at: field.location, texts: [field.value])
        return nil
    }

    private mutating func markdown(_ source: MarkdownSource, owner: String, parent: Reach) -> PublicMarkdown {
        var visible: [Bool] = []
        for passage in source.passages {
            let disclosure = Disclosure(level: passage.level, scope: passage.scope)
            let r = parent.then(disclosure, audience)
            visible.append(r.visible)
            if !r.visible {
                withhold("段落", owner, disclosure, r, at: SourceLocation(file: source.file, line: passage.line), texts: [passage.text])
            }
        }
        return PublicMarkdown(source.text(including: visible))
    }
}

extension Evaluation {
    /// 财政重点评价 — a key evaluation by the finance bureau, whose results must be published.
    var isKeyEvaluation: Bool { kind.contains("重点评价") }
}
