import GongkaiCore
import GongkaiDisclosed

/// What the search index reads from each disclosed item: only the disclosed view, so a withheld text
/// can never be found or shown.
extension SearchIndex.Item {
    /// What display order sorts by, known without reading the texts.
    var orderKey: (year: Int?, title: String, url: String) {
        switch self {
        case let .project(p): (p.year, p.name, SiteViews.projectPath(p))
        case let .page(page): (page.date?.year, page.title, SiteViews.pagePath(page))
        case let .performance(dp, title): (dp.year, title, SiteViews.performancePath(dp))
        }
    }

    /// The item's record, and its whole texts in `Field` order, which its terms are cut from.
    func read(_ views: SiteViews) -> (SearchIndex.Document, [String]) {
        // Invisible characters pasted in with a text are left out of all search reads (SearchTerms.invisible).
        let (document, texts) = readAsWritten(views)
        var visible = document
        visible.title = SearchTerms.visible(document.title)
        visible.code = SearchTerms.visible(document.code)
        visible.department = SearchTerms.visible(document.department)
        visible.indicators = SearchTerms.visible(document.indicators)
        visible.body = SearchTerms.visible(document.body)
        visible.snippet = SearchTerms.visible(document.snippet)
        return (visible, texts.map(SearchTerms.visible))
    }

    private func readAsWritten(_ views: SiteViews) -> (SearchIndex.Document, [String]) {
        switch self {
        case let .project(p):
            let department = views.departmentName(p.departmentCode)
            let indicators = (p.targets?.groups ?? []).flatMap { $0.subgroups.flatMap { $0.indicators.map(\.name) } }
            let narrative = Markdown.plainText(p.narrative.text)
            let texts = [p.name, p.code, department, indicators.joined(separator: " · "), Self.body(of: p, narrative: narrative, views: views)]
            return (SearchIndex.Document(url: SiteViews.projectPath(p), department: department, year: p.year, grade: p.selfEvaluation?.grade ?? "",
                                         kind: "项目", snippet: p.targets?.goal == nil ? String(narrative.prefix(80)) : "", texts: texts), texts)
        case let .performance(dp, title):
            // Found by its department's name and code, and by every text its page shows, as a project is.
            let p = dp.asProject, department = views.departmentName(dp.departmentCode)
            let indicators = (p.targets?.groups ?? []).flatMap { $0.subgroups.flatMap { $0.indicators.map(\.name) } }
            let narrative = Markdown.plainText(p.narrative.text)
            // Its 年度主要任务 after the body's texts, so that the goal stays the snippet.
            let body = ([Self.body(of: p, narrative: narrative, views: views)] + dp.tasks.flatMap { [$0.name, $0.content] }.compactMap { $0 })
                .filter { !$0.isEmpty }.joined(separator: " ")
            let texts = [title, dp.departmentCode, department, indicators.joined(separator: " · "), body]
            return (SearchIndex.Document(url: SiteViews.performancePath(dp), department: department, year: dp.year, grade: dp.selfEvaluation?.grade ?? "",
                                         kind: "部门整体绩效", snippet: p.targets?.goal == nil ? String(narrative.prefix(80)) : "", texts: texts), texts)
        case let .page(page):
            let text = Markdown.plainText(page.body.text)
            let texts = [page.title, "", "", "", [page.summary, page.category, text].compactMap { $0 }.joined(separator: " ")]
            return (SearchIndex.Document(url: SiteViews.pagePath(page), department: page.departmentCode.map(views.departmentName) ?? "",
                                         year: page.date?.year, grade: "", kind: page.category ?? "文件",
                                         snippet: String((page.summary ?? text).prefix(80)), texts: texts), texts)
        }
    }

    /// Every disclosed text a project's page shows, in the page's order (the goal first: it is the
    /// snippet of a title hit), except the title, code, department and indicator names, which are
    /// fields of their own, and the template's own headings.
    static func body(of p: DisclosedProject, narrative: String, views: SiteViews) -> String {
        var parts: [String?] = [p.targets?.goal, p.category, views.unitName(p)]
        if let a = p.exAnte { parts += [a.conclusion, a.assessor, Markdown.plainText(a.report.text)] }
        parts += p.funding?.lines.map(\.source) ?? []
        parts += p.funding?.uses.map(\.item) ?? []
        for group in p.targets?.groups ?? [] where group.subgroups.contains(where: { !$0.indicators.isEmpty }) {
            parts.append(group.name)
            for sub in group.subgroups where !sub.indicators.isEmpty {
                parts.append(sub.name)
                for i in sub.indicators {
                    parts += [i.explanation, i.target?.raw, i.basis, i.adjustment?.target.raw, i.adjustment?.reason,
                              i.result?.actual, i.result?.deviation]
                }
            }
        }
        if let s = p.selfEvaluation {
            parts += [s.recheck?.reviewer, s.recheck?.opinion]
            parts += s.adjustments.flatMap { [$0.item, $0.reason] }
            parts += [s.goalAchieved, Markdown.plainText(s.report.text), s.problems, s.measures]
        }
        parts += p.monitoring.flatMap { [$0.progress, $0.measures] }
        parts += p.evaluations.flatMap { [$0.kind, $0.evaluator, Markdown.plainText($0.report.text)] }
        parts += p.rectifications.flatMap { [$0.problem, $0.measure, $0.responsible, $0.deadlineRule, $0.source] }
        parts.append(narrative)
        return parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension SearchIndex.Document {
    /// A record of `texts` (in `Field` order; a page's department is shown, not searched): each cut to
    /// `recordTextBytes`, with its bit in `cut` when it was.
    init(url: String, department: String, year: Int?, grade: String, kind: String, snippet: String, texts: [String]) {
        let kept = texts.map(SearchIndex.recordText)
        self.init(url: url, title: kept[0].text, code: kept[1].text, department: department, year: year, grade: grade, kind: kind,
                  indicators: kept[3].text, body: kept[4].text, snippet: snippet,
                  cut: kept.indices.reduce(0) { $0 | (kept[$1].cut ? 1 << $1 : 0) })
    }
}
