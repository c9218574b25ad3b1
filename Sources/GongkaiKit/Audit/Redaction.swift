import Foundation
import GongkaiCore

/// Keeps withheld texts out of diagnostics: build logs end up in public CI runs and chat groups.
/// A diagnostic still names the file, line and code of a withheld item; its text shows only with
/// `--show-withheld`.
///
/// Two rules, because a diagnostic may quote a value that never made it into the model (a
/// malformed target, say): every withheld text and fragment is replaced wherever it appears, and a
/// diagnostic located inside a withheld item (the nearest item that starts before it in its file is
/// withheld) has every quoted value replaced.
struct Redaction {
    static let placeholder = "〔不予公开内容〕"

    /// Codes whose quotes name gongkai's own field names, level words or fence marks, never content:
    /// kept as written so the clerk can see what to fix. (A key the clerk wrote, unknown or repeated,
    /// is the clerk's text: inside a withheld item it is blanked like any other quote.)
    /// GK511 quotes a scoring frame's name, which gongkai.yaml defines. GK001 quotes only gongkai's own hints (`“ANSI”`,
    /// `“另存为”`): the file it names was not read.
    static let structuralQuotes: Set<DiagnosticCode> = [.missingField, .unknownDisclosureLevel,
                                                        .passageFence, .fenceSpelling, .fenceInPlainText, .importWouldLose, .unreadableFile]

    /// Codes whose messages print figures summed or computed over a table's rows (weights, scores,
    /// amounts): beside a withheld row or funding line the sum gives its figure away, as the published
    /// totals would (docs/disclosure.md, "Inference from published numbers").
    static let arithmetic: Set<DiagnosticCode> = [.weightsDoNotAddUp, .scoreOutOfRange, .totalScoreMismatch,
                                                  .executionScoreMismatch, .fundingTotalMismatch, .usesExceedBudget,
                                                  .gradeMismatch, .fullScoreForUnmetTarget, .scoreOutsideAchievementBand,
                                                  .bonusOverCap, .adjustedTotalMismatch, .executionUnchecked, .rowNotScored,
                                                  .overspent, .scoreAboveCompletionRatio, .deviationUnexplained, .actualMissing,
                                                  .recheckDifference, .exAnteRefused, .monitoringLagUnanswered]

    private let withheld: [WithheldItem]
    /// Files holding an item the rules withhold: their sums may count a withheld figure.
    private let filesWithWithheld: Set<String>
    /// Per file holding a withheld item: where each ledger item starts, sorted, and whether it reaches the audience. Kept
    /// compact (12 bytes an item) instead of holding on to the ledger, which the build frees before
    /// rendering.
    private let starts: [String: [Start]]

    private struct Start {
        var line: Int32
        var column: Int32
        var visible: Bool
    }

    /// The files the ledger holds items of. A file of `content/` it holds none of did not load (a syntax error, a key
    /// written twice, a required field missing): no level is known for what its diagnostics quote, which may be a
    /// classified project's text, so they are blanked as inside a withheld item.
    private let loadedFiles: Set<String>

    /// Withheld values that a public item has too, whole (a public project's indicator group `满意度指标`, its target
    /// `≥90%`, a weight of `100`): the audience reads them anyway, and blanked they hid from the clerk of the public item
    /// what to fix.
    private let alsoPublic: Set<String>

    /// For a run that stopped before the site model was made (gongkai.yaml did not load): no content file's level is
    /// known, and every quote in a content file's diagnostics is blanked.
    static let withoutLedger = Redaction()

    private init() {
        withheld = []
        filesWithWithheld = []
        starts = [:]
        loadedFiles = []
        alsoPublic = []
    }

    init(ledger: Ledger) {
        // Only what the rules withhold: an item kept out for lack of a known department, say, is no secret.
        withheld = ledger.withheld.filter { $0.level > .public }
        var loaded = Set<String>(), indices = Set<Int32>()
        for node in ledger.nodes where indices.insert(node.fileIndex).inserted { loaded.insert(ledger.file(of: node)) }
        loadedFiles = loaded
        var starts: [String: [Start]] = [:]
        // Only files holding a withheld item: in any other, nothing is inside one.
        let withheldFiles = ledger.withheldFileIndices
        for node in ledger.nodes where withheldFiles.contains(node.fileIndex) {
            starts[ledger.file(of: node), default: []].append(Start(line: node.line, column: node.column, visible: !node.isWithheld))
        }
        filesWithWithheld = Set(starts.keys)
        self.starts = starts.mapValues { $0.sorted { ($0.line, $0.column) < ($1.line, $1.column) } }
        // Only the withheld values are held, and the public ones streamed past them: the public corpus is the whole site.
        // Short values only (a name, a target, a group's label; a goal shared whole is rare), so that the long public
        // texts are passed over on their length.
        let longest = 48
        var values = Set<String>()
        for item in ledger.withheld where item.level > .public {
            for text in item.texts {
                for line in text.split(whereSeparator: \.isNewline) where line.utf8.count <= longest + 8 { values.insert(line.trimmed) }
            }
        }
        var both = Set<String>()
        if !values.isEmpty {
            for text in ledger.publicNames where text.utf8.count <= longest && values.contains(text) { both.insert(text) }
            for text in ledger.publicTexts where text.utf8.count <= longest && values.contains(text) { both.insert(text) }
        }
        alsoPublic = both
    }

    /// Withheld texts shorter than the audit's fingerprints (`国防`, a category; `GFD`, a code) are
    /// replaced only where a message quotes one whole: inside a longer public value (a project named
    /// 国防教育) they are no secret, and blanking them there both garbles the message and tells a reader
    /// of the log exactly which short words are withheld.
    static let shortest = LeakAudit.minimumFragmentLength

    /// Every withheld text and fragment of at least `shortest` characters, longest first (a whole text
    /// is replaced before a fragment of it), with a matcher over them; and the shorter texts, replaced
    /// only as whole quotes. Built only when there is a diagnostic to redact.
    private func patterns(jobs: Int) -> (long: [String], matcher: MultiPatternMatcher, short: Set<String>) {
        // The items' fragments are cut side by side; the sets' union does not depend on the order.
        let pieces = concurrentBatches(withheld.count, size: 256, jobs: jobs) { batch -> (texts: Set<String>, short: Set<String>) in
            var texts = Set<String>(), short = Set<String>()
            for item in withheld[batch] {
                for text in item.texts {
                    for line in text.split(whereSeparator: \.isNewline) {
                        let t = line.trimmed
                        guard !alsoPublic.contains(t) else { continue }
                        if t.count >= Self.shortest { texts.insert(t) } else if t.count >= 2 { short.insert(t) }
                    }
                    texts.formUnion(LeakAudit.fragments(of: text).lazy.filter { !alsoPublic.contains($0) })
                }
            }
            return (texts, short)
        }
        var texts = Set<String>(), short = Set<String>()
        for piece in pieces {
            texts.formUnion(piece.texts)
            short.formUnion(piece.short)
        }
        let sorted = texts.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        return (sorted, MultiPatternMatcher(patterns: sorted), short)
    }

    /// Replaces each quote “…” whose whole text is in `short`, but for those `keep` accepts.
    private static func blankQuotes(_ message: String, in short: Set<String>, keeping keep: (Substring) -> Bool = { _ in false }) -> String {
        guard !short.isEmpty, message.contains("“") else { return message }
        var out = "", quote: String?
        for c in message {
            if c == "“", quote == nil { quote = ""; out.append(c); continue }
            if c == "”", let q = quote {
                out += short.contains(q.trimmed) && !keep(q[...]) ? placeholder : q
                quote = nil
            } else if quote != nil {
                quote!.append(c)
                continue
            }
            out.append(c)
        }
        return out + (quote ?? "")
    }

    /// The diagnostics with every withheld text they quote blanked, in their order; on up to `jobs` threads (a large site's
    /// check gives tens of thousands of warnings).
    func apply(_ diagnostics: [Diagnostic], jobs: Int = defaultJobCount) -> [Diagnostic] {
        guard !diagnostics.isEmpty else { return [] }
        let (patterns, matcher, short) = patterns(jobs: jobs)
        return concurrentBatches(diagnostics.count, size: 256, jobs: jobs) { batch in
            diagnostics[batch].map { redacted($0, patterns: patterns, matcher: matcher, short: short) }
        }.flatMap { $0 }
    }

    private func redacted(_ d: Diagnostic, patterns: [String], matcher: MultiPatternMatcher, short: Set<String>) -> Diagnostic {
        var redacted = d
        // A leak's quote (and a copy's, GK901) is withheld by definition, even one only the audit's raw fence reading found.
        let inside = !Self.structuralQuotes.contains(d.code) && isInsideWithheldItem(d.location)
        if inside, d.code == .unknownKey || d.code == .duplicateKey, starts[d.location.file] == nil {
            // A file no ledger knows: a key in gongkai's alphabet (`name`, `buget`) is no content, and the clerk needs it.
            redacted.message = Self.blankQuotes(redacted.message, keeping: Self.isKeyLike)
        } else if d.code == .leak || d.code == .copiedWithheld {
            redacted.message = Self.blankQuotes(redacted.message)
        } else if inside {
            // gongkai's own hints (`以“>”“:”“#”开头`, `数字和“-”`) and a piece of the file's own path, which the
            // location prints anyway, are no content: blanked, the message no longer says what to fix.
            redacted.message = Self.blankQuotes(redacted.message) { quote in
                Self.isHint(quote) || (!quote.isEmpty && d.location.file.contains(quote))
            }
        }
        // The checks' figures are not quoted (`各项得分合计为 89.77`): in a withheld project they are its
        // own, and a sum over a table with a withheld row or funding line counts that one's figure.
        if Self.arithmetic.contains(d.code) && filesWithWithheld.contains(d.location.file) {
            redacted.message = Self.blankNumbers(redacted.message)
        }
        // A stray mark's own words (`【涉密】`, `秘密★1年`) are the withheld passage's first line, which the loader keeps out
        // from the mark on; they say nothing of what it marks, and blanked, GK123 no longer said which line to mend.
        let structural = Self.structuralQuotes.contains(d.code)
        redacted.message = Self.blankQuotes(redacted.message, in: short, keeping: structural ? Self.isMarkOnly : { _ in false })
        let found = Set(matcher.matches(in: Array(redacted.message.utf8)))
        // A folder's or file's name the location prints anyway (`tongzhi`, shared by a public page and an on-request
        // one filed beside it) is no secret in the message: blanked, it garbled every address of that folder.
        for index in found.sorted() where !d.location.file.contains(patterns[index]) && !(structural && Self.isMarkOnly(patterns[index][...])) {
            redacted.message = redacted.message.replacingOccurrences(of: patterns[index], with: Self.placeholder)
        }
        return redacted
    }

    private func isInsideWithheldItem(_ location: SourceLocation) -> Bool {
        guard let items = starts[location.file] else { return Self.isContent(location.file) && !loadedFiles.contains(location.file) }
        // By line and column: items written in flow style share a line (`[{name: 甲, disclosure: 涉密}, {name: 乙}]`).
        let line = Int32(clamping: location.line), column = Int32(clamping: location.column)
        let before = items.last { ($0.line, $0.column) <= (line, column) }
        if before?.visible == false { return true }
        // A position before every item starting on its line (a problem named at the line's start) counts their levels too.
        return (before.map { $0.line < line } ?? true) && items.contains { $0.line == line && !$0.visible }
    }

    /// Whether a diagnostic's file is one of `content/` (as shown: `content/…` or `<site>/content/…`).
    static func isContent(_ file: String) -> Bool {
        file.hasPrefix("content/") || file.contains("/content/")
    }

    /// Replaces every number (`89.77`, `1,250.5`, `98.62%`, a date's digits) with the placeholder.
    static func blankNumbers(_ message: String) -> String {
        let characters = Array(message)
        var out = "", i = 0
        func isDigit(_ at: Int) -> Bool { at < characters.count && characters[at].isASCII && characters[at].isNumber }
        while i < characters.count {
            guard isDigit(i) else { out.append(characters[i]); i += 1; continue }
            // A point or comma belongs to the number only between digits (`1,250.5`, not `为 50，但`).
            while isDigit(i) || i < characters.count && (characters[i] == "." || characters[i] == ",") && isDigit(i + 1) { i += 1 }
            out += placeholder
        }
        return out
    }

    /// The message with every quoted value replaced, for messages whose values may be withheld and no
    /// ledger says which (an imported table's rows).
    static func withoutQuotes(_ message: String) -> String { blankQuotes(message) }

    private static func blankQuotes(_ message: String, keeping keep: (Substring) -> Bool = { _ in false }) -> String {
        var out = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "“") {
            out += rest[...open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "”") else { return out + placeholder }
            out += keep(after[..<close]) ? after[..<close] : Substring(placeholder)
            rest = after[close...]
        }
        return out + rest
    }

    /// A quote that is a level mark and nothing else (`【涉密】`, `（秘密）`, `秘密★1年`, `密级：内部`, `以下内容涉密`): the level's
    /// words as `LevelMarks` reads them, with brackets, stars, spaces, a pointer (`以下`), a key (`密级：`) and a term
    /// (`★1年`, `★长期`, read by `DisclosureLevel(parsing:)`) around them. No other word passes, so no marked text does.
    static func isMarkOnly(_ quote: Substring) -> Bool {
        // A star before or after the words (`★机密`, `秘密★1年`) is the level's own spelling (`DisclosureLevel(parsing:)`).
        var words = quote.filter { !LevelMarks.isOpening($0) && !LevelMarks.isClosing($0) && !$0.isWhitespace && !"*＊".holdsMark($0) }
        let bracketed = words.count < quote.filter { !$0.isWhitespace }.count
        for key in ["密级", "公开属性", "公开级别", "公开方式", "保密等级"] where words.hasPrefix(key) {
            words = String(words.dropFirst(key.count).drop { "：:为是".holdsMark($0) })
            break
        }
        for pointer in ["以下内容为", "以下内容", "以下为", "以下"] where words.hasPrefix(pointer) {
            words = String(words.dropFirst(pointer.count))
            break
        }
        return !words.isEmpty && words.count <= 12 && LevelMarks.level(of: String(words), bracketed: bracketed).map { $0 != .public } == true
    }

    /// A quote of gongkai's own hints: only ASCII punctuation and spaces (`>`, `- `, `\\`), or the pattern of a key.
    static func isHint(_ text: Substring) -> Bool {
        text == "键: 值" || text == "title: 值" || text == "：" || (!text.isEmpty && text.allSatisfy { $0.isASCII && !$0.isLetter && !$0.isNumber })
    }

    /// A key as gongkai's keys are written: ASCII letters, digits and `_`, starting with a letter, at most 32 characters; or
    /// one of the Chinese field names gongkai knows (`名称`), its own words.
    static func isKeyLike(_ text: Substring) -> Bool {
        if MappingReader.chineseKeys[String(text)] != nil { return true }
        guard let first = text.first, first.isASCII, first.isLetter, text.count <= 32 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
