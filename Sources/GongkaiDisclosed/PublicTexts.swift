import GongkaiCore

extension DisclosedSite {
    /// Every text the disclosed view carries. The leak audit ignores withheld fragments that also
    /// occur here: a phrase that is public elsewhere cannot reveal a withheld item.
    public var publicTexts: [String] {
        var texts: [String] = [config.title, config.publisher, intro.text]
        for d in departments {
            texts += [d.code, d.name, d.kind, d.intro].compactMap { $0 } + d.units.flatMap { [$0.code, $0.name] }
        }
        for p in projects {
            texts += [p.code, p.name, p.category, p.narrative.text].compactMap { $0 }
            texts += p.funding?.lines.map(\.source) ?? []
            if let t = p.targets {
                texts += [t.goal].compactMap { $0 }
                for g in t.groups {
                    texts.append(g.name)
                    for s in g.subgroups {
                        texts.append(s.name)
                        for i in s.indicators {
                            texts += [i.name, i.target?.raw, i.basis, i.result?.actual, i.result?.deviation].compactMap { $0 }
                        }
                    }
                }
            }
            if let s = p.selfEvaluation { texts += [s.problems, s.measures, s.grade].compactMap { $0 } }
            for e in p.evaluations { texts += [e.kind, e.evaluator, e.grade, e.report.text].compactMap { $0 } }
        }
        for page in pages { texts += [page.title, page.category, page.summary, page.body.text].compactMap { $0 } }
        return texts
    }
}
