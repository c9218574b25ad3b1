import GongkaiCore

// Every text each source item carries, in one place: the disclose stage records these for withheld
// items, and the leak audit takes all texts minus the withheld ones as the public corpus. Keeping
// both on these properties keeps their counts in step.

extension Department {
    var texts: [String] { [code, name, kind, intro?.value].compactMap { $0 } + units.flatMap(\.texts) }
}

extension Unit {
    var texts: [String] { [code, name] }
}

extension IndicatorNode {
    var texts: [String] {
        [name, target?.raw, basis?.value, actual, deviation?.value, explanation?.value].compactMap { $0 } + children.flatMap(\.texts)
    }
}

extension Targets {
    var texts: [String] { [goal?.value].compactMap { $0 } + indicators.flatMap(\.texts) }
}

extension SelfEvaluation {
    var texts: [String] { [grade, problems?.value, measures?.value, goalAchieved?.value].compactMap { $0 } }
}

extension Evaluation {
    var texts: [String] { [kind, evaluator, grade].compactMap { $0 } + report.passages.map(\.text) }
}

extension Checkpoint {
    var texts: [String] { [progress?.value, measures?.value].compactMap { $0 } }
}

extension Rectification {
    var texts: [String] { [problem.value, measure?.value, responsible, source].compactMap { $0 } }
}

extension Project {
    var texts: [String] {
        [code, name, category].compactMap { $0 } + (funding?.lines.map(\.source) ?? []) + (funding?.uses.map(\.item) ?? [])
            + (targets?.texts ?? []) + (selfEvaluation?.texts ?? []) + evaluations.flatMap(\.texts)
            + monitoring.flatMap(\.texts) + rectifications.flatMap(\.texts) + narrative.passages.map(\.text)
    }
}

extension Page {
    var texts: [String] {
        [title, category, departmentCode, summary?.value].compactMap { $0 } + body.passages.map(\.text)
    }
}

extension SourceSite {
    /// Every text of the site, withheld or not.
    var allTexts: [String] {
        [config.title, config.publisher] + intro.passages.map(\.text) + departments.flatMap(\.texts)
            + projects.flatMap(\.texts) + pages.flatMap(\.texts)
    }

    /// The texts that are not withheld (a multiset difference: a phrase used both by a withheld and
    /// a public item stays public).
    func publicTexts(excluding withheld: [WithheldItem]) -> [String] {
        var remove: [String: Int] = [:]
        for item in withheld { for text in item.texts { remove[text, default: 0] += 1 } }
        return allTexts.filter { text in
            guard let n = remove[text], n > 0 else { return true }
            remove[text] = n - 1
            return false
        }
    }
}
