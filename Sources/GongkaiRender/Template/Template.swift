import Synchronization

/// 模板 — a parsed Mustache template: the spec's tags (variables, sections, inverted sections,
/// comments, partials, set delimiters) with inheritance (`{{<parent}}` … `{{$block}}`), and the
/// `{{% CONTENT_TYPE: TEXT }}` pragma. Views are data, so there are no lambdas, and swift-mustache's
/// transforms (`{{upper(name)}}`) and dynamic partials (`{{>*name}}`) are refused when the theme is
/// loaded rather than silently rendered as nothing.
///
/// Whitespace follows swift-mustache 2.1, which the themes were written against: a tag alone on
/// its line takes the line with it, a standalone partial indents every line it renders.
final class Template: Sendable {
    /// `indirect`: each token's payload sits in one box, so the renderer's copy of a token is one retain, not one for each
    /// of its strings and arrays (1–1.5 % of a build's CPU went to copying and destroying tokens).
    indirect enum Token: Sendable {
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

    /// The same template sharing no object with this one: its own tokens, strings, names and nested templates.
    /// The renderer retains what it draws, and two threads retaining the same strings and tokens contend for their
    /// reference counts (`TemplatePool`).
    func independentCopy() -> Template {
        func own(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }
        func own(_ name: Name) -> Name { var copy = name; copy.parts = name.parts.map(own); copy.text = own(name.text); return copy }
        func own(_ at: Location) -> Location { Location(file: own(at.file), line: at.line, column: at.column) }
        return Template(tokens: tokens.map { token in
            switch token {
            case .text(let text): .text(own(text))
            case .value(let name, let escaped, let at): .value(own(name), escaped: escaped, at: own(at))
            case .section(let name, let inner, let at): .section(own(name), inner.independentCopy(), at: own(at))
            case .invertedSection(let name, let inner, let at): .invertedSection(own(name), inner.independentCopy(), at: own(at))
            case .blockDefinition(let name, let inner): .blockDefinition(own(name), inner.independentCopy())
            case .block(let name, let inner, let indentation): .block(own(name), inner.independentCopy(), indentation: own(indentation))
            case .partial(let name, let indentation, let overrides, let at):
                .partial(own(name), indentation: indentation.map(own), overrides: overrides.map { Dictionary(uniqueKeysWithValues: $0.map { (own($0.key), $0.value.independentCopy()) }) },
                         at: own(at))
            case .contentType(let escapes, let at): .contentType(escapes: escapes, at: own(at))
            }
        })
    }
}

/// Copies of a library's templates, each drawn by one thread at a time: the threads rendering pages would otherwise
/// retain and release the very same tokens and strings, and their reference counts went back and forth between the
/// cores (retain and release were half of drawing a page on two threads, a third on one). A copy is made when
/// every other is in use, so there are at most as many as threads.
final class TemplatePool: Sendable {
    private let original: TemplateLibrary
    private let free = Mutex<[TemplateLibrary]>([])

    init(_ library: TemplateLibrary) { original = library }

    func render(_ view: any TemplateView, withTemplate name: String) throws(TemplateLibrary.Recursion) -> String? {
        let library = free.withLock { $0.popLast() } ?? original.independentCopy()
        defer { free.withLock { $0.append(library) } }
        return try library.render(view, withTemplate: name)
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

    /// The same templates sharing no object the renderer retains with these (`Template.independentCopy`); the names
    /// stay shared, since looking one up retains nothing.
    func independentCopy() -> TemplateLibrary {
        var copy = self
        copy.templates = templates.mapValues { $0.independentCopy() }
        return copy
    }

    /// What one page may take. A theme whose partials each draw the next one twice doubles the page
    /// with every partial (forty of them: a terabyte; `ThemeCheck` refuses that one before drawing), and
    /// sections nested over a list multiply it, with no loop to find: the page stops with an error
    /// instead of filling the memory or never ending. The largest page is a people's-congress bundle:
    /// 1.6 million steps and 12 MB for a year of 1,000 projects, so some 30 million and 240 MB for 20,000.
    struct Limits: Sendable {
        /// Bytes drawn.
        var bytes: Int
        /// Tags drawn and list items gone through.
        var steps: Int
        static let page = Limits(bytes: 1 << 30, steps: 100_000_000)
    }

    var limits = Limits.page

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
        /// Not a loop: the page passed `Limits` (partials drawing partials several times over, or
        /// sections nested over lists); `path` is where drawing was when it stopped.
        public var tooLarge = false
        public var description: String {
            if tooLarge {
                return "模板 \(path.map { $0 + ".mustache" }.joined(separator: " → ")) 画出的页面过大（超过 \(Limits.page.bytes >> 30) GiB 或 \(Limits.page.steps / 100_000_000) 亿步）："
                    + "部分模板层层重复引用（每层引用两次，页面就成倍增长），或段落在列表中层层嵌套；页面画不完，请检查这些模板"
            }
            return "模板 \(path.map { $0 + ".mustache" }.joined(separator: " → ")) 又回到了 \(path.last!).mustache：部分模板不能直接或间接引用自己，否则页面画不完"
        }
    }
}
