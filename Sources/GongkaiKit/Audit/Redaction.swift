import Foundation
import GongkaiCore

/// Keeps withheld texts out of diagnostics: build logs end up in public CI runs and chat groups.
/// A diagnostic still names the file, line and code of a withheld item; its text shows only with
/// `--show-withheld`.
struct Redaction {
    static let placeholder = "〔不予公开内容〕"

    private let patterns: [String]
    private let matcher: MultiPatternMatcher

    init(withheld: [WithheldItem]) {
        var texts = Set<String>()
        for item in withheld {
            for text in item.texts {
                for line in text.split(whereSeparator: \.isNewline) {
                    let t = line.trimmed
                    if t.count >= 2 { texts.insert(t) }
                }
                texts.formUnion(LeakAudit.fragments(of: text))
            }
        }
        // Longest first, so a whole text is replaced before a fragment of it.
        patterns = texts.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        matcher = MultiPatternMatcher(patterns: patterns)
    }

    func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !patterns.isEmpty else { return diagnostics }
        return diagnostics.map { d in
            let found = Set(matcher.matches(in: Array(d.message.utf8)))
            guard !found.isEmpty else { return d }
            var redacted = d
            for index in found.sorted() { redacted.message = redacted.message.replacingOccurrences(of: patterns[index], with: Self.placeholder) }
            return redacted
        }
    }
}
