import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 泄密审计 — the leak audit. Before the output is swapped in, every output file is scanned for
/// the distinctive fragments of every withheld item; one hit fails the build.
///
/// The rule (docs/disclosure.md): each withheld text is cut at line breaks, punctuation and
/// Markdown/HTML syntax characters; every fragment of at least `minimumFragmentLength` characters (with at
/// least two letters that are not date or unit words) is a fingerprint, unless the same fragment also occurs in a text of the content that is not withheld (then it reveals nothing).
struct LeakAudit: Sendable {
    static let minimumFragmentLength = 6

    struct Fingerprint: Sendable {
        var fragment: String
        var item: Int
    }

    let items: [WithheldItem]
    let fingerprints: [Fingerprint]
    let matcher: MultiPatternMatcher

    init(withheld: [WithheldItem], publicTexts: [String]) {
        var seen = Set<String>()
        var candidates: [Fingerprint] = []
        for (index, item) in withheld.enumerated() {
            for text in item.texts {
                for fragment in Self.fragments(of: text) where seen.insert(fragment).inserted {
                    candidates.append(Fingerprint(fragment: fragment, item: index))
                }
            }
        }
        // Drop fragments that public text contains.
        let all = MultiPatternMatcher(patterns: candidates.map(\.fragment))
        let publicHits = Set(all.matches(in: Data(publicTexts.joined(separator: "\u{1}").utf8)))
        let kept = candidates.enumerated().filter { !publicHits.contains($0.offset) }.map(\.element)
        self.items = withheld
        self.fingerprints = kept
        self.matcher = MultiPatternMatcher(patterns: kept.map(\.fragment))
    }

    static let separators: Set<Character> = Set("\n\r\t 　。，、；：！？…—·,.;:!?()（）[]【】「」『』《》<>\"'“”‘’*_`#|~&=/\\{}")

    /// Characters of dates, amounts and units that the renderer writes itself (`2025年7月18日`, `1,250.50 万元`).
    static let numericWords: Set<Character> = Set("年月日时分秒号万亿元个人次%％")

    static func fragments(of text: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) })
            .map(String.init)
            .filter { $0.count >= minimumFragmentLength && isDistinctive($0) }
    }

    /// A fragment made only of digits, dates and units (`2025年7月`, `≥31415个`) could be any number on
    /// any page; it needs at least two letters (Chinese or Latin) that are not date or unit words.
    static func isDistinctive(_ fragment: String) -> Bool {
        fragment.filter { $0.isLetter && !numericWords.contains($0) }.count >= 2
    }

    /// Diagnostics for every fingerprint found in `file`.
    func check(_ file: OutputFileBytes) -> [Diagnostic] {
        guard !fingerprints.isEmpty else { return [] }
        return file.data.withUnsafeBytes { matcher.matches(in: $0) }.map { index in
            let print = fingerprints[index]
            let item = items[print.item]
            return .error(.leak,
                          "泄密审计：输出文件 \(file.path) 含有不予公开的内容“\(print.fragment)”（\(item.level.chineseName)\(item.kind)：\(item.title)）；本次构建已中止，原有网站未被改动",
                          at: item.location)
        }
    }
}

/// A file as the audit sees it (kept apart from the renderer's type so tests can audit any bytes).
struct OutputFileBytes {
    var path: String
    var data: Data
}
