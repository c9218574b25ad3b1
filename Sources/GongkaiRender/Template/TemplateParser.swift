/// Reads Mustache text into a `Template`. The whitespace rules are swift-mustache 2.1's, which the
/// built-in theme was written and checked against (`TemplateTests` compares both on every
/// built-in template): a section, comment, partial, parent, block, delimiter or pragma tag alone on a
/// line, with only spaces and tabs beside it, removes that line; a partial keeps the spaces before it
/// as its indentation.
struct TemplateParser {
    /// 模板语法错误: what is wrong, in plain Chinese, at a line and column of the template's text.
    struct SyntaxError: Error, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { message }
    }

    /// Text read at the start of a line, and what the enclosing tag expects.
    private struct State {
        var sectionName: String?
        /// Where the open section's tag starts, to point at it when its end is missing.
        var sectionStart = 0
        var newLine = true
        /// Inside `{{<parent}}`: lines are taken relative to the first one's indentation.
        var inParentBody = false
        /// Directly inside `{{<parent}}` (not in a block or section within it): `{{$name}}` defines.
        var parentBodyTopLevel = false
        var parentBodyIndent: Int?
        /// Sections, blocks and parents open around this point.
        var depth = 0
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]

        func inSection(_ name: String, at start: Int, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.sectionStart = start
            state.depth += 1
            state.parentBodyTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inParent(_ name: String, at start: Int) -> State {
            var state = self
            state.sectionName = name
            state.sectionStart = start
            state.depth += 1
            state.newLine = true
            state.inParentBody = true
            state.parentBodyTopLevel = true
            return state
        }
    }

    private let text: [Character]
    /// Where each line starts, to turn a position into a line and column without counting from the top.
    private let lineStarts: [Int]
    /// The theme file, as diagnostics name it.
    private let file: String
    private var position = 0

    private init(_ text: String, file: String) {
        let characters = Array(text)
        self.text = characters
        // A Character is a whole grapheme, so `\r\n` is one newline, as editors count it.
        self.lineStarts = [0] + characters.indices.filter { characters[$0].isNewline }.map { $0 + 1 }
        self.file = file
    }

    /// `file` is only for diagnostics: it is where a partial's tag is said to be when drawing it
    /// comes round again.
    static func parse(_ text: String, file: String = "") throws(SyntaxError) -> Template {
        var parser = TemplateParser(text, file: file)
        do {
            return try parser.parse(state: State())
        } catch let error as Failure {
            throw parser.syntaxError(error.message, at: error.position)
        } catch {
            throw parser.syntaxError("\(error)", at: parser.position)
        }
    }

    private struct Failure: Error {
        var message: String
        var position: Int
    }

    private func fail(_ message: String, at position: Int? = nil) -> Failure {
        Failure(message: message, position: position ?? self.position)
    }

    // MARK: - Reading

    private var atEnd: Bool { position >= text.count }
    /// The current character, or NUL at the end (as swift-mustache's parser reads it).
    private var current: Character { atEnd ? "\0" : text[position] }

    @discardableResult
    private mutating func read(while accept: (Character) -> Bool) -> String {
        let start = position
        while !atEnd, accept(text[position]) { position += 1 }
        return String(text[start..<position])
    }

    /// Reads `expected` if it comes next; an error when the text ends first.
    private mutating func read(_ expected: [Character]) throws -> Bool {
        guard text.count - position >= expected.count else { throw fail("模板在标签结束之前就结束了（缺少 \(String(expected))）") }
        guard Array(text[position..<position + expected.count]) == expected else { return false }
        position += expected.count
        return true
    }

    private static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }

    /// Text up to the next tag or line end; the start delimiter is consumed, the line end is not.
    /// Like swift-mustache, a text that ends within a delimiter's length of its first character
    /// (a lone `{` at the very end) is an error.
    private mutating func readText(_ state: State) throws -> String {
        var text = ""
        let first = state.start[0]
        while !atEnd {
            text += read { $0 != "\n" && $0 != "\r\n" && $0 != first }
            if current.isNewline { break }
            if current == first {
                guard self.text.count - position >= state.start.count else {
                    throw fail("模板末尾的“\(String(self.text[position...]))”像是没写完的标签 \(String(state.start))：请删去它，或在它后面再写些文字")
                }
                if try read(state.start) { break }
                text.append(first)
                position += 1
            }
        }
        return text
    }

    /// Whether the rest of the line is blank; if so it is consumed, line end included.
    private mutating func restOfLineIsBlank() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < text.count, Self.isBlank(text[probe]) { probe += 1 }
        guard probe < text.count, text[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    private mutating func isStandalone(_ state: State) -> Bool {
        state.newLine && restOfLineIsBlank()
    }

    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = nameCharacters.union(["/"])

    private mutating func readName(_ state: State) throws -> String {
        read { $0.isWhitespace }
        let start = position
        let name = read { Self.nameCharacters.contains($0) }
        read { $0.isWhitespace }
        if current == "(" || current == ")" {
            throw fail("gongkai 的模板不支持函数写法（如 {{uppercased(name)}}）：请在模板中直接写键名", at: start)
        }
        guard try read(state.end) else { throw fail("标签没有正确结束：键名只能由字母、数字和 . - _ ? 组成，后跟 \(String(state.end))", at: start) }
        return name
    }

    private mutating func readPartialName(_ state: State) throws -> String {
        read { $0.isWhitespace }
        let start = position
        if current == "*" { throw fail("gongkai 的模板不支持动态部分模板（{{>*name}}）：请写出部分模板的名字", at: start) }
        let name = read { Self.partialNameCharacters.contains($0) }
        read { $0.isWhitespace }
        guard try read(state.end) else { throw fail("标签没有正确结束：模板名只能由字母、数字和 . - _ ? / 组成，后跟 \(String(state.end))", at: start) }
        return name
    }

    // MARK: - Parsing

    /// How deeply sections, blocks and parents may nest: far beyond any theme, and short of the
    /// stack the recursive parser and renderer need.
    static let depthLimit = 100

    private mutating func parse(state: State) throws -> Template {
        if state.depth > Self.depthLimit {
            throw fail("段落嵌套超过 \(Self.depthLimit) 层", at: state.sectionStart)
        }
        var tokens: [Template.Token] = []
        var state = state
        var whitespaceBefore = ""
        while !atEnd {
            if state.newLine {
                let whitespace = read(while: Self.isBlank)
                if state.inParentBody, !state.parentBodyTopLevel {
                    // The first line sets the body's indentation; later lines keep what goes beyond it.
                    if let indent = state.parentBodyIndent {
                        whitespaceBefore = String(whitespace.dropFirst(indent))
                    } else {
                        state.parentBodyIndent = whitespace.count
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = try readText(state)
            if current.isNewline {
                tokens.append(.text(whitespaceBefore + text + String(current)))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whitespaceBefore + text))
                whitespaceBefore = ""
                state.newLine = false
            }
            if atEnd { break }

            /// The spaces before a tag that is not alone on its line are text.
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)); whitespaceBefore = "" }
            }
            var standalone = false
            let tagStart = position
            /// Where the tag's opening delimiter is, for diagnostics.
            let at = location(of: tagStart - state.start.count)
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try readName(state)
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                let inner = try parse(state: state.inSection(name, at: tagStart, newLine: standalone))
                tokens.append(inverted ? .invertedSection(Template.Name(name), inner, at: at) : .section(Template.Name(name), inner, at: at))

            case "/":
                position += 1
                let name = try readName(state)
                guard name == state.sectionName else {
                    throw fail(state.sectionName.map { "结束标签 {{/\(name)}} 与开始标签 \($0) 不对应" } ?? "结束标签 {{/\(name)}} 前面没有对应的开始标签",
                               at: tagStart + 1)
                }
                if !isStandalone(state) { flushWhitespace() }
                return Template(tokens: tokens)

            case "!":
                position += 1
                try skipComment(state)
                standalone = isStandalone(state)

            case "{", "&":
                flushWhitespace()
                let triple = current == "{"
                position += 1
                let name = try readName(state)
                if triple, !(try read(["}"])) { throw fail("三重花括号标签缺少最后的 }", at: tagStart) }
                tokens.append(.value(Template.Name(name), escaped: false, at: at))

            case ">":
                position += 1
                let name = try readPartialName(state)
                if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                if isStandalone(state) {
                    standalone = true
                    tokens.append(.partial(name, indentation: whitespaceBefore, overrides: nil, at: at))
                } else {
                    tokens.append(.partial(name, indentation: nil, overrides: nil, at: at))
                }
                whitespaceBefore = ""

            case "<":
                position += 1
                let name = try readPartialName(state)
                if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                if isStandalone(state) { standalone = true }
                let body = try parse(state: state.inParent(name, at: tagStart))
                var overrides: [String: Template] = [:]
                for token in body.tokens {
                    switch token {
                    case .blockDefinition(let block, let template): overrides[block] = template
                    case .text: break
                    default: throw fail("{{<\(name)}} 里只能写 {{$块名}}…{{/块名}}", at: tagStart)
                    }
                }
                tokens.append(.partial(name, indentation: whitespaceBefore, overrides: overrides, at: at))
                whitespaceBefore = ""

            case "$":
                position += 1
                let name = try readName(state)
                if state.parentBodyTopLevel {
                    standalone = isStandalone(state)
                    let inner = try parse(state: state.inSection(name, at: tagStart, newLine: standalone))
                    tokens.append(.blockDefinition(name, inner))
                } else {
                    if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                    standalone = isStandalone(state)
                    let inner = try parse(state: state.inSection(name, at: tagStart, newLine: standalone))
                    tokens.append(.block(name, inner, indentation: whitespaceBefore))
                    whitespaceBefore = ""
                }

            case "=":
                position += 1
                try setDelimiters(&state)
                standalone = isStandalone(state)

            case "%":
                position += 1
                tokens.append(try pragma(state, at: at))
                standalone = isStandalone(state)

            default:
                flushWhitespace()
                let name = try readName(state)
                tokens.append(.value(Template.Name(name), escaped: true, at: at))
            }
            state.newLine = standalone
        }
        if let open = state.sectionName {
            throw fail("段落 \(open) 没有结束标签 {{/\(open)}}", at: state.sectionStart)
        }
        return Template(tokens: tokens)
    }

    private mutating func skipComment(_ state: State) throws {
        while position + state.end.count <= text.count {
            if try read(state.end) { return }
            position += 1
        }
        throw fail("注释没有结束（缺少 \(String(state.end))）")
    }

    /// `{{=<% %>=}}`
    private mutating func setDelimiters(_ state: inout State) throws {
        let start = position
        let invalid = "更换分隔符的标签应写作 {{=<% %>=}}"
        read { $0.isWhitespace }
        let open = read { !$0.isWhitespace }
        guard !atEnd else { throw fail(invalid, at: start) }
        read { $0.isWhitespace }
        let close = read { $0 != "=" && !$0.isWhitespace }
        guard !atEnd else { throw fail(invalid, at: start) }
        read { $0.isWhitespace }
        guard try read(["="]), try read(state.end), !open.isEmpty, !close.isEmpty else { throw fail(invalid, at: start) }
        state.start = Array(open)
        state.end = Array(close)
        state.parentBodyTopLevel = false
    }

    /// `{{% CONTENT_TYPE: HTML }}` (escape values, the default) or `TEXT` (leave them as they are).
    private mutating func pragma(_ state: State, at: Template.Location) throws -> Template.Token {
        let start = position
        let invalid = "设置标签应写作 {{% CONTENT_TYPE: HTML }} 或 {{% CONTENT_TYPE: TEXT }}"
        let word = { (c: Character) in Self.nameCharacters.contains(c) }
        read { $0.isWhitespace }
        let variable = read(while: word)
        read { $0.isWhitespace }
        guard try read([":"]) else { throw fail(invalid, at: start) }
        read { $0.isWhitespace }
        let value = read(while: word)
        read { $0.isWhitespace }
        guard try read(state.end), variable == "CONTENT_TYPE" else { throw fail(invalid, at: start) }
        switch value {
        case "HTML": return .contentType(escapes: true, at: at)
        case "TEXT": return .contentType(escapes: false, at: at)
        default: throw fail(invalid, at: start)
        }
    }

    private func syntaxError(_ message: String, at position: Int) -> SyntaxError {
        let place = location(of: position)
        return SyntaxError(message: message, line: place.line, column: place.column)
    }

    /// Line and column as an editor counts them (the column in characters).
    private func location(of position: Int) -> Template.Location {
        let position = max(0, min(position, text.count))
        // The last line start at or before the position.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return Template.Location(file: file, line: low + 1, column: position - lineStarts[low] + 1)
    }
}
