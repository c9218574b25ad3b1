/// 确认为正文 — sentences a clerk has confirmed are the document's own words, not a withholding note: the front matter's
/// `plain_text: [以下信息不予公开]`. An official document's wording can read as a note (a guide's `以下信息不予公开：`
/// opening its list of exempt information) and cannot be reworded, so the build would stop for good (GK123).
///
/// Narrow on purpose, so that it cannot become a way to publish a mark: an entry is the quote GK123 gave, it clears
/// that quote only, only in its own file's body, and never a mark itself (`【涉密】`, `（内部）`, `秘密★1年`, `涉密`) or a
/// comment (`<!-- 以下涉密 -->`), which a reader does not see and a clerk writes only to mark. An entry that clears
/// nothing is GK127, so a stale one is not kept to clear a real note later.
///
/// One per file, shared by the readers of its body and of its Markdown fields (`report: |`), filled from the front matter
/// before either is read.
public final class ConfirmedText {
    private var quotes: [String: SourceLocation] = [:]
    private var used: Set<String> = []

    public init() {}

    /// Confirms `quote` (trimmed) as text, written at `location`; the first place wins for a quote written twice.
    public func confirm(_ quote: String, at location: SourceLocation) {
        if quotes[quote] == nil { quotes[quote] = location }
    }

    /// Whether the note (as `levelNote` gave it) is one the clerk confirmed as text; records the entry as used.
    func clears(_ note: String) -> Bool {
        guard !quotes.isEmpty else { return false }
        let quote = quotableNote(note)
        guard quotes[quote] != nil, Self.isClearable(note) else { return false }
        used.insert(quote)
        return true
    }

    /// Whether a note may be cleared at all: not a comment and not a mark's own words.
    static func isClearable(_ note: String) -> Bool {
        let trimmed = note.trimmed
        if trimmed.hasPrefix("<!--") || (trimmed.hasPrefix("[") && trimmed.contains("]:")) { return false }
        var words = Substring(trimmed)
        while let first = words.first, let last = words.last, words.count >= 2,
              LevelMarks.isOpening(first) || "*_`".holdsMark(first) || LevelMarks.pairedSymbols.contains(first),
              LevelMarks.isClosing(last) || "*_`".holdsMark(last) || LevelMarks.pairedSymbols.contains(last) {
            words = words.dropFirst().dropLast()
        }
        let bare = String(words.filter { !$0.isWhitespace })
        return DisclosureLevel(parsing: bare) == nil && LevelMarks.level(of: bare, bracketed: true) == nil
    }

    /// The entries that cleared nothing, in the order written.
    public var unused: [(quote: String, location: SourceLocation)] {
        quotes.filter { !used.contains($0.key) }.map { ($0.key, $0.value) }
            .sorted { ($0.location.line, $0.location.column, $0.quote) < ($1.location.line, $1.location.column, $1.quote) }
    }

    /// GK127 at each entry that cleared nothing.
    public func reportUnused(into diagnostics: inout DiagnosticList) {
        for (quote, location) in unused {
            diagnostics.warning(.confirmedTextUnused,
                                "plain_text 中的“\(quotableNote(quote))”在正文中没有对应的级别提示（它只能确认 GK123 引用的那句话，不能确认“【涉密】”这样的标记本身或注释）：请删去这一项",
                                at: location)
        }
    }
}
