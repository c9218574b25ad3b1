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

/// Stage 3 — disclose: the source model in, the disclosed view for one audience out.
/// The strictest level on an item's path wins; aggregates are computed later from the view only.
enum DiscloseStage {
    struct Result: Sendable {
        var site: DisclosedSite
        var withheld: [WithheldItem]
    }

    static func run(_ source: SourceSite, audience: Audience = .website) -> Result {
        var withheld: [WithheldItem] = []
        func visible(_ level: DisclosureLevel) -> Bool {
            switch audience {
            case .website: level == .public
            }
        }
        let isVisible: (DisclosureLevel) -> Bool = visible

        // Departments and units.
        var departmentLevel: [String: DisclosureLevel] = [:]
        var unitLevel: [String: DisclosureLevel] = [:]
        var departments: [DisclosedDepartment] = []
        for department in source.departments.sorted(by: { $0.code < $1.code }) {
            let level = department.disclosure.level
            departmentLevel[department.code] = level
            for unit in department.units { unitLevel[unit.code] = max(level, unit.disclosure.level) }
            guard visible(level) else {
                withheld.append(WithheldItem(
                    kind: "部门", title: "\(department.code) \(department.name)", disclosure: department.disclosure, level: level,
                    location: department.location,
                    texts: [department.name, department.intro?.value].compactMap { $0 } + department.units.map(\.name)))
                continue
            }
            var units: [DisclosedUnit] = []
            for unit in department.units {
                let unitLevel = max(level, unit.disclosure.level)
                if visible(unitLevel) {
                    units.append(DisclosedUnit(code: unit.code, name: unit.name))
                } else {
                    withheld.append(WithheldItem(kind: "单位", title: "\(unit.code) \(unit.name)", disclosure: unit.disclosure,
                                                 level: unitLevel, location: unit.location, texts: [unit.name]))
                }
            }
            let intro = guarded(department.intro, kind: "部门简介", owner: department.name, parent: level, isVisible, &withheld)
            let scheme = department.gradeSchemeName.flatMap { source.config.gradeSchemes[$0] } ?? source.config.gradeScheme
            departments.append(DisclosedDepartment(code: department.code, name: department.name, kind: department.kind,
                                                   intro: intro, units: units, gradeScheme: scheme))
        }
        let schemeByDepartment = Dictionary(uniqueKeysWithValues: departments.map { ($0.code, $0.gradeScheme) })

        // Projects.
        var projects: [DisclosedProject] = []
        for project in source.projects {
            var level = max(project.disclosure.level, departmentLevel[project.departmentCode] ?? .classified)
            if let unit = project.unitCode { level = max(level, unitLevel[unit] ?? .classified) }
            guard visible(level) else {
                withheld.append(WithheldItem(kind: "项目", title: "\(project.year) \(project.code) \(project.name)",
                                             disclosure: project.disclosure, level: level, location: project.location,
                                             texts: allTexts(of: project)))
                continue
            }
            let before = withheld.count
            let disclosed = discloseProject(project, level: level, isVisible: isVisible,
                                            scheme: schemeByDepartment[project.departmentCode] ?? source.config.gradeScheme,
                                            withheld: &withheld)
            var result = disclosed
            result.hasWithheldParts = withheld.count > before
            projects.append(result)
        }
        projects.sort { ($1.year, $0.departmentCode, $0.code) < ($0.year, $1.departmentCode, $1.code) }

        // Pages.
        var pages: [DisclosedPage] = []
        for page in source.pages {
            let level = max(page.disclosure.level, page.departmentCode.flatMap { departmentLevel[$0] } ?? .public)
            guard visible(level) else {
                withheld.append(WithheldItem(kind: "页面", title: page.title, disclosure: page.disclosure, level: level,
                                             location: page.location,
                                             texts: [page.title, page.summary?.value].compactMap { $0 } + page.body.passages.map(\.text)))
                continue
            }
            let body = markdown(page.body, owner: page.title, parent: level, isVisible, &withheld)
            let summary = guarded(page.summary, kind: "摘要", owner: page.title, parent: level, isVisible, &withheld)
            pages.append(DisclosedPage(path: page.path, title: page.title, date: page.date, category: page.category,
                                       departmentCode: page.departmentCode, summary: summary, body: body))
        }
        pages.sort { $0.path.joined(separator: "/") < $1.path.joined(separator: "/") }

        let intro = markdown(source.intro, owner: "站点介绍", parent: .public, isVisible, &withheld)
        withheld.sort { ($0.location, $0.kind, $0.title) < ($1.location, $1.kind, $1.title) }
        let site = DisclosedSite(audience: audience, config: source.config, intro: intro, departments: departments,
                                 projects: projects, pages: pages, withheldCount: withheld.count)
        return Result(site: site, withheld: withheld)
    }

    // MARK: Projects

    private static func discloseProject(_ p: Project, level: DisclosureLevel, isVisible: (DisclosureLevel) -> Bool,
                                        scheme: GradeScheme, withheld: inout [WithheldItem]) -> DisclosedProject {
        let owner = "\(p.year) \(p.code) \(p.name)"

        var funding: DisclosedFunding?
        if let f = p.funding {
            var lines: [DisclosedFunding.Line] = []
            for line in f.lines {
                let lineLevel = max(level, line.disclosure.level)
                if isVisible(lineLevel) {
                    lines.append(.init(source: line.source, initial: line.initial, budget: line.budget, spent: line.spent))
                } else {
                    withheld.append(WithheldItem(kind: "资金来源", title: "\(owner)：\(line.source)", disclosure: line.disclosure,
                                                 level: lineLevel, location: line.location, texts: [line.source]))
                }
            }
            funding = DisclosedFunding(unit: f.unit, lines: lines)
        }

        // The self-evaluation decides whether indicator rows show their result columns.
        var selfEvaluation: DisclosedSelfEvaluation?
        var resultsVisible = false
        if let s = p.selfEvaluation {
            let sLevel = max(level, s.disclosure.level)
            if isVisible(sLevel) {
                resultsVisible = true
                selfEvaluation = DisclosedSelfEvaluation(
                    published: s.published, executionWeight: s.executionWeight, executionScore: s.executionScore,
                    totalScore: s.totalScore, grade: s.grade ?? s.totalScore.flatMap(scheme.grade(for:)),
                    problems: guarded(s.problems, kind: "存在问题", owner: owner, parent: sLevel, isVisible, &withheld),
                    measures: guarded(s.measures, kind: "改进措施", owner: owner, parent: sLevel, isVisible, &withheld))
            } else {
                let results = p.targets.map { indicatorLeaves($0.indicators).flatMap { [$0.actual, $0.deviation?.value].compactMap { $0 } } } ?? []
                withheld.append(WithheldItem(kind: "单位自评", title: owner, disclosure: s.disclosure, level: sLevel, location: s.location,
                                             texts: [s.problems?.value, s.measures?.value].compactMap { $0 } + results))
            }
        }

        var targets: DisclosedTargets?
        if let t = p.targets {
            let tLevel = max(level, t.disclosure.level)
            if isVisible(tLevel) {
                let groups = t.indicators.compactMap { group -> DisclosedIndicatorGroup? in
                    let gLevel = max(tLevel, group.disclosure.level)
                    guard isVisible(gLevel) else { withholdIndicator(group, owner: owner, level: gLevel, &withheld); return nil }
                    let subgroups = group.children.compactMap { sub -> DisclosedIndicatorSubgroup? in
                        let sLevel = max(gLevel, sub.disclosure.level)
                        guard isVisible(sLevel) else { withholdIndicator(sub, owner: owner, level: sLevel, &withheld); return nil }
                        let rows = sub.children.compactMap { leaf -> DisclosedIndicator? in
                            let lLevel = max(sLevel, leaf.disclosure.level)
                            guard isVisible(lLevel) else { withholdIndicator(leaf, owner: owner, level: lLevel, &withheld); return nil }
                            let deviation = guarded(leaf.deviation, kind: "偏差原因", owner: owner, parent: lLevel, isVisible, &withheld)
                            let result = resultsVisible
                                ? DisclosedIndicator.Result(actual: leaf.actual, weight: leaf.weight, score: leaf.score, deviation: deviation)
                                : nil
                            return DisclosedIndicator(
                                name: leaf.name, target: leaf.target,
                                basis: guarded(leaf.basis, kind: "指标值确定依据", owner: owner, parent: lLevel, isVisible, &withheld),
                                result: result)
                        }
                        return DisclosedIndicatorSubgroup(name: sub.name, weight: sub.weight, indicators: rows)
                    }
                    return DisclosedIndicatorGroup(name: group.name, weight: group.weight, subgroups: subgroups)
                }
                targets = DisclosedTargets(published: t.published,
                                           goal: guarded(t.goal, kind: "年度总体目标", owner: owner, parent: tLevel, isVisible, &withheld),
                                           groups: groups)
            } else {
                withheld.append(WithheldItem(kind: "绩效目标", title: owner, disclosure: t.disclosure, level: tLevel, location: t.location,
                                             texts: [t.goal?.value].compactMap { $0 } + t.indicators.flatMap(indicatorTexts)))
            }
        }

        var evaluations: [DisclosedEvaluation] = []
        for e in p.evaluations {
            let eLevel = max(level, e.disclosure.level)
            guard isVisible(eLevel) else {
                withheld.append(WithheldItem(kind: e.kind, title: owner, disclosure: e.disclosure, level: eLevel, location: e.location,
                                             texts: [e.evaluator].compactMap { $0 } + e.report.passages.map(\.text)))
                continue
            }
            evaluations.append(DisclosedEvaluation(
                kind: e.kind, evaluator: e.evaluator, published: e.published, score: e.score,
                grade: e.grade ?? e.score.flatMap(scheme.grade(for:)),
                report: markdown(e.report, owner: "\(owner) \(e.kind)", parent: eLevel, isVisible, &withheld)))
        }

        return DisclosedProject(
            code: p.code, name: p.name, year: p.year, departmentCode: p.departmentCode, unitCode: p.unitCode,
            category: p.category, major: p.major, funding: funding, targets: targets, selfEvaluation: selfEvaluation,
            evaluations: evaluations, narrative: markdown(p.narrative, owner: owner, parent: level, isVisible, &withheld),
            gradeScheme: scheme, hasWithheldParts: false)
    }

    private static func withholdIndicator(_ node: IndicatorNode, owner: String, level: DisclosureLevel, _ withheld: inout [WithheldItem]) {
        withheld.append(WithheldItem(kind: ProjectLoader.levelNames[node.depth] ?? "指标", title: "\(owner)：\(node.name)",
                                     disclosure: node.disclosure, level: level, location: node.location, texts: indicatorTexts(node)))
    }

    private static func indicatorLeaves(_ nodes: [IndicatorNode]) -> [IndicatorNode] {
        nodes.flatMap { $0.depth == 3 ? [$0] : indicatorLeaves($0.children) }
    }

    private static func indicatorTexts(_ node: IndicatorNode) -> [String] {
        [node.name, node.target?.raw, node.basis?.value, node.actual, node.deviation?.value].compactMap { $0 }
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

    private static func guarded(_ field: Guarded<String>?, kind: String, owner: String, parent: DisclosureLevel,
                                _ isVisible: (DisclosureLevel) -> Bool, _ withheld: inout [WithheldItem]) -> String? {
        guard let field else { return nil }
        let level = max(parent, field.disclosure.level)
        if isVisible(level) { return field.value }
        withheld.append(WithheldItem(kind: kind, title: owner, disclosure: field.disclosure, level: level,
                                     location: field.location, texts: [field.value]))
        return nil
    }

    private static func markdown(_ source: MarkdownSource, owner: String, parent: DisclosureLevel,
                                 _ isVisible: (DisclosureLevel) -> Bool, _ withheld: inout [WithheldItem]) -> PublicMarkdown {
        for passage in source.passages where !isVisible(max(parent, passage.level)) {
            let location = SourceLocation(file: source.file, line: passage.line)
            withheld.append(WithheldItem(kind: "段落", title: owner, disclosure: Disclosure(level: passage.level),
                                         level: max(parent, passage.level), location: location, texts: [passage.text]))
        }
        return PublicMarkdown(source.text(visibleAt: { isVisible(max(parent, $0)) }))
    }
}
