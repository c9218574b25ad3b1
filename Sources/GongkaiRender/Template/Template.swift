/// 模板 — a parsed Mustache template: the spec's tags (variables, sections, inverted sections,
/// comments, partials, set delimiters) with inheritance (`{{<parent}}` … `{{$block}}`), and the
/// `{{% CONTENT_TYPE: TEXT }}` pragma. Views are data, so there are no lambdas, and swift-mustache's
/// transforms (`{{upper(name)}}`) and dynamic partials (`{{>*name}}`) are refused when the theme is
/// loaded rather than silently rendered as nothing.
///
/// Whitespace follows swift-mustache 2.1, which the themes were written against: a tag alone on
/// its line takes the line with it, a standalone partial indents every line it renders.
final class Template: Sendable {
    enum Token: Sendable {
        case text(String)
        /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}`; `at` is where the tag is written.
        case value(Name, escaped: Bool, at: Location)
        case section(Name, Template, at: Location)
        case invertedSection(Name, Template, at: Location)
        /// `{{$name}}…{{/name}}` in a parent's body: replaces the parent's block of that name.
        case blockDefinition(String, Template)
        /// `{{$name}}…{{/name}}` elsewhere: the inherited definition, or this default.
        case block(String, Template, indentation: String)
        /// `{{>name}}`, or `{{<name}}` with the blocks it overrides; `at` is where the tag is written.
        case partial(String, indentation: String?, overrides: [String: Template]?, at: Location)
        /// `{{% CONTENT_TYPE: … }}`: whether `{{value}}` is escaped for HTML from here on.
        case contentType(escapes: Bool, at: Location)
    }

    /// A tag's place in its theme file, for diagnostics: the line and the column (in characters, as
    /// an editor counts them) where the tag's `{{` starts.
    struct Location: Sendable, Hashable {
        var file: String
        var line: Int
        var column: Int
    }

    /// A key as written: `.` (the current value), `a.b.c` (the first part looked up the context
    /// stack, the rest inside it), or `.a` (in the current value only).
    struct Name: Sendable, Equatable {
        var parts: [String]
        var currentOnly: Bool
        /// As written in the tag, for diagnostics.
        var text: String

        init(_ text: String) {
            self.text = text
            currentOnly = text.hasPrefix(".")
            parts = text == "." ? [] : text.split(separator: ".").map(String.init)
        }
    }

    let tokens: [Token]

    init(tokens: [Token]) {
        self.tokens = tokens
    }
}

/// The templates of a theme by name (`project`, `partials/project-table`), which partials and parents
/// are looked up in.
public struct TemplateLibrary: Sendable {
    private(set) var templates: [String: Template] = [:]

    mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    func template(named name: String) -> Template? {
        templates[name]
    }

    /// The page `view` drawn by the template `name`; nil when there is no such template.
    func render(_ view: any TemplateView, withTemplate name: String) throws(Recursion) -> String? {
        guard let template = templates[name] else { return nil }
        var renderer = TemplateRenderer(library: self, root: view)
        return try renderer.render(template, named: name)
    }

    /// A partial included again while it is being drawn, directly or through other partials or a
    /// block a parent hands back. Views hold no recursive data, so such a template would never finish.
    public struct Recursion: Error, CustomStringConvertible {
        /// The page's template, then each partial or parent on the way down, the repeated one last.
        public var path: [String]
        /// The theme file, line and column of the tag that names the repeated one.
        public var file: String
        public var line: Int
        public var column: Int
        public var description: String {
            "模板 \(path.map { $0 + ".mustache" }.joined(separator: " → ")) 又回到了 \(path.last!).mustache：部分模板不能直接或间接引用自己，否则页面画不完"
        }
    }
}
