import GongkaiCore

/// What a template key gives: text, a number, a flag, a child view or a list of views. The renderer
/// switches on this instead of casting `Any` to protocols, which was most of swift-mustache's cost.
enum TemplateValue: Sendable {
    case text(String)
    /// Markup gongkai made (`TrustedHTML`): the only value drawn unescaped, by `{{{key}}}` or `{{&key}}`.
    case html(String)
    case number(Int)
    case flag(Bool)
    case view(any TemplateView)
    case list(any TemplateList)
}

/// A Swift value a view's field may give; an absent optional gives nil (the key is missing).
protocol TemplateValueConvertible: Sendable {
    var templateValue: TemplateValue? { get }
}

/// A list a section repeats over, one view at a time.
protocol TemplateList: Sendable {
    var isEmpty: Bool { get }
    func forEachView(_ body: (any TemplateView) -> Void)
}

extension TemplateValue: TemplateValueConvertible {
    var templateValue: TemplateValue? { self }
}

/// HTML that gongkai made itself: cmark's rendering of a Markdown text (raw HTML in it omitted, unsafe
/// links emptied) or the theme's own style sheet. Views hold such markup in this type, never as a
/// `String`, because the renderer draws a `String` escaped even in `{{{key}}}`: a theme cannot publish
/// a project name or any other text from the data as markup, whatever tag it writes.
struct TrustedHTML: Sendable, TemplateValueConvertible {
    let markup: String

    /// cmark with its safe defaults (`Markdown.html`); `after` is the level of the template's heading the
    /// text is drawn under, so that the text's own headings start one below it and skip none.
    init(markdown: String, after heading: Int) { markup = Markdown.html(markdown, after: heading) }

    /// The theme's style sheet, inlined into the people's-congress report; the theme is the site's own
    /// code, not data.
    init(styleSheet: String) { markup = styleSheet }

    private init(markup: String) { self.markup = markup }

    /// Nothing: an evaluation without a report still answers `report`, so the key does not fall
    /// through to an enclosing view's.
    static let empty = TrustedHTML(markup: "")

    var templateValue: TemplateValue? { .html(markup) }

    /// The keys whose fields hold `TrustedHTML`: the only keys a theme may write unescaped
    /// (`{{{report}}}`); any other unescaped tag is refused when the theme is loaded (`ThemeCheck`).
    static let keys: Set<String> = ["body", "css", "intro", "narrative", "report"]
}

extension String: TemplateValueConvertible {
    var templateValue: TemplateValue? { .text(self) }
}

extension Int: TemplateValueConvertible {
    var templateValue: TemplateValue? { .number(self) }
}

extension Bool: TemplateValueConvertible {
    var templateValue: TemplateValue? { .flag(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    var templateValue: TemplateValue? { self?.templateValue }
}

extension Array: TemplateValueConvertible, TemplateList where Element: TemplateView {
    var templateValue: TemplateValue? { .list(self) }

    func forEachView(_ body: (any TemplateView) -> Void) {
        for view in self { body(view) }
    }
}
