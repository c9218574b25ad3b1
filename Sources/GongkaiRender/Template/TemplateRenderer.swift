import GongkaiCore

/// Draws a template with a typed view, appending to one buffer. Values are read through
/// `TemplateView.child(named:)` and switched on as `TemplateValue`, never cast from `Any`.
struct TemplateRenderer {
    /// What a template's tokens are drawn with, besides the context stack.
    struct Frame {
        /// A standalone partial's indentation, put before each line it renders.
        var indentation: String?
        /// Blocks overridden by the parents being drawn; the outermost definition wins.
        var inherited: [String: Template]?
        var escapes = true
    }

    let library: TemplateLibrary
    /// The page's template and the partials being drawn inside it, outermost first.
    private var including: [String]
    /// Where drawing stopped because a partial came round again.
    private var recursion: TemplateLibrary.Recursion?
    /// The context stack: the page's view at the bottom, each section's value above it.
    private var stack: [TemplateValue]
    /// Bytes drawn and steps taken (tags and list items) so far, against `library.limits`.
    private var written = 0
    private var steps = 0
    /// The partial or section tag being drawn, named when the page passes its limits.
    private var drawing: Template.Location?
    private var stopped = false

    init(library: TemplateLibrary, root: any TemplateView) {
        self.library = library
        self.including = []
        self.stack = [.view(root)]
    }

    mutating func render(_ template: Template, named name: String) throws(TemplateLibrary.Recursion) -> String {
        var out = ""
        out.reserveCapacity(16 * 1024)
        including = [name]
        render(template, frame: Frame(), into: &out)
        if let recursion { throw recursion }
        return out
    }

    private mutating func render(_ template: Template, frame: Frame, into out: inout String) {
        var frame = frame
        if let indentation = frame.indentation, !indentation.isEmpty {
            // swift-mustache's rule: a piece that starts a line gets the indentation. The template is
            // drawn into its own string, whose last character says whether a line has just ended.
            var local = ""
            for token in template.tokens {
                var piece = ""
                render(token, frame: &frame, into: &piece)
                if !piece.isEmpty, local.last == "\n" { local += indentation }
                local += piece
            }
            out += local
        } else {
            for token in template.tokens { render(token, frame: &frame, into: &out) }
        }
    }

    /// Counts one step and `bytes` drawn; false once the page has passed its limits (the renderer then
    /// draws nothing more, and `render(_:named:)` throws).
    private mutating func take(bytes: Int = 0) -> Bool {
        guard !stopped else { return false }
        steps += 1
        written += bytes
        guard steps > library.limits.steps || written > library.limits.bytes else { return true }
        stopped = true
        recursion = TemplateLibrary.Recursion(path: including, file: drawing?.file ?? including.first ?? "", line: drawing?.line ?? 1,
                                              column: drawing?.column ?? 1, tooLarge: true)
        return false
    }

    private mutating func render(_ token: Template.Token, frame: inout Frame, into out: inout String) {
        guard take() else { return }
        switch token {
        case .text(let text):
            guard take(bytes: text.utf8.count) else { return }
            out += text
        case .value(let name, let escaped, _):
            let piece: String
            switch lookUp(name) {
            // Text from the data is escaped whatever the tag: only gongkai's own markup is ever drawn
            // as it is (swift-mustache drew any value raw in `{{{key}}}`).
            case .text(let text)?: piece = text.htmlEscaped
            case .html(let markup)?: piece = escaped && frame.escapes ? markup.htmlEscaped : markup
            case .number(let number)?: piece = String(number)
            case .flag(let flag)?: piece = flag ? "true" : "false"
            // A view or a list has no text of its own (swift-mustache printed the Swift value).
            case .view?, .list?, nil: piece = ""
            }
            guard take(bytes: piece.utf8.count) else { return }
            out += piece
        case .section(let name, let inner, let location):
            drawing = location
            switch lookUp(name) {
            case .list(let list)?:
                list.forEachView { view in
                    guard take() else { return }
                    drawing = location
                    stack.append(.view(view))
                    render(inner, frame: frame, into: &out)
                    stack.removeLast()
                }
            case .flag(let flag)?:
                if flag { render(inner, frame: frame, into: &out) }
            case let value?:
                stack.append(value)
                render(inner, frame: frame, into: &out)
                stack.removeLast()
            case nil:
                break
            }
        case .invertedSection(let name, let inner, _):
            switch lookUp(name) {
            case .list(let list)?:
                if list.isEmpty {
                    stack.append(.list(list))
                    render(inner, frame: frame, into: &out)
                    stack.removeLast()
                }
            case .flag(let flag)?:
                if !flag { render(inner, frame: frame, into: &out) }
            case .some:
                break
            case nil:
                render(inner, frame: frame, into: &out)
            }
        case .block(let name, let defaultTemplate, let indentation):
            var inner = frame
            inner.indentation = (frame.indentation ?? "") + indentation
            render(frame.inherited?[name] ?? defaultTemplate, frame: inner, into: &out)
        case .partial(let name, let indentation, let overrides, let location):
            drawing = location
            guard let partial = library.template(named: name) else { return }
            var inner = Frame(indentation: frame.indentation, inherited: frame.inherited)
            if let indentation { inner.indentation = (frame.indentation ?? "") + indentation }
            if let overrides {
                inner.inherited = frame.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            guard !including.contains(name) else {
                recursion = recursion ?? TemplateLibrary.Recursion(path: including + [name], file: location.file, line: location.line, column: location.column)
                return
            }
            including.append(name)
            render(partial, frame: inner, into: &out)
            including.removeLast()
        case .contentType(let escapes, _):
            frame.escapes = escapes
        case .blockDefinition:
            // Only a parent's body holds definitions, and the parser keeps them out of its tokens.
            break
        }
    }

    /// The value a name gives: its first part is looked up from the top of the stack down, the rest
    /// inside what it found (no further climbing, as the spec says).
    private func lookUp(_ name: Template.Name) -> TemplateValue? {
        guard let first = name.parts.first else { return stack.last }
        var value: TemplateValue?
        if name.currentOnly {
            value = stack.last.flatMap { Self.child(of: $0, named: first) }
        } else {
            for candidate in stack.reversed() {
                if let found = Self.child(of: candidate, named: first) { value = found; break }
            }
        }
        for part in name.parts.dropFirst() {
            guard let current = value else { return nil }
            value = Self.child(of: current, named: part)
        }
        return value
    }

    private static func child(of value: TemplateValue, named name: String) -> TemplateValue? {
        guard case .view(let view) = value else { return nil }
        return view.child(named: name)
    }
}
