import CYaml
import Foundation
import GongkaiCore
import Yams

/// Where a YAML text sits in its file, so Yams' positions become file positions.
struct YAMLSource {
    var file: String
    /// Added to Yams' 1-based line numbers (front matter starts after the `---` line).
    var lineOffset: Int = 0
    /// Shares the texts read with other files of the same load (`LoadStage`).
    var texts: TextPool? = nil
    /// The file's sentences confirmed as text (`plain_text:`, `MappingReader.readConfirmedText`), for every Markdown text read from it.
    let confirmed = ConfirmedText()

    /// Where Yams reports an error.
    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    /// Where a node starts.
    func location(_ position: YAMLNode.Position) -> SourceLocation {
        SourceLocation(file: file, line: Int(position.line) + lineOffset, column: Int(position.column))
    }

    /// Parses one YAML document; syntax errors become `GK002`/`GK104` diagnostics.
    func compose(_ text: String, diagnostics: inout DiagnosticList) -> YAMLNode? {
        if let (line, column) = Self.deepFlowNesting(text) {
            diagnostics.error(.yamlSyntax, "YAML 格式错误：方括号或花括号嵌套超过 \(Self.maxFlowNesting) 层（gongkai 的文件最多用到几层）：请检查这一行的“[”“{”是否多余；本文件未被读取",
                              at: SourceLocation(file: file, line: line + lineOffset, column: column))
            return nil
        }
        if let (isTag, line, column) = Self.firstRefusedToken(text, tags: true) {
            let at = SourceLocation(file: file, line: line + lineOffset, column: column)
            if isTag {
                // `goal: !classified …`, `!!binary`: gongkai reads every value as text, so a tag did nothing — it
                // withheld nothing — and it hid a key repeated under another tag (`!x disclosure: public` above
                // `disclosure: 涉密`) from the repeated-key check, which compares tags too.
                diagnostics.error(.yamlTag, "不支持 YAML 标签（以“!”开头，如 !!str、!secret）：gongkai 把所有值都当作文字读取，标签不起作用，也不会使内容不公开；"
                                  + "若这是文字，请给整个值加上引号；不予公开请写 disclosure: 涉密。本文件未被读取",
                                  at: at)
            } else {
                // Aliases can expand exponentially ("billion laughs"); gongkai's files never need them.
                diagnostics.error(.yamlAlias, "不支持 YAML 锚点（&）和别名（*）：请把内容直接写出；若这是文字，请加引号", at: at)
            }
            return nil
        }
        switch YAMLNode.compose(text) {
        case let .document(node):
            reportCommentedLevels(text, diagnostics: &diagnostics)
            reportCommentsCuttingText(text, diagnostics: &diagnostics)
            return node
        case .empty:
            // An empty document (or only comments): say so rather than fail without a word.
            diagnostics.error(.yamlSyntax, "YAML 内容为空：缺少必填的字段", at: location(nil))
            return nil
        case .needsReport:
            return composeReporting(text, diagnostics: &diagnostics)
        }
    }

    /// Flow collections nested this deep are refused before libyaml reads them: its scanner walks every open level at each
    /// token, so 100,000 `[` took over a minute before its own limit (10,000) refused them.
    static let maxFlowNesting = 100

    /// Where the `[` or `{` opening the level past `maxFlowNesting` is (1-based line, column in characters), or nil. Counted
    /// on bytes, quotes and comments not told apart: only a file with a hundred brackets open at once is refused.
    static func deepFlowNesting(_ text: String) -> (line: Int, column: Int)? {
        var depth = 0, line = 1, lineStart = text.utf8.startIndex
        for i in text.utf8.indices {
            switch text.utf8[i] {
            case UInt8(ascii: "\n"): line += 1; lineStart = text.utf8.index(after: i)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxFlowNesting { return (line, text[lineStart..<i].count + 1) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: continue
            }
        }
        return nil
    }

    /// A line at or just above a syntax error that is indented with a full-width space (typed with a
    /// Chinese input method) or a no-break space (from Word) before a key or a list item: libyaml takes
    /// it as text and stops at the next colon, never naming the character. A line of a block text
    /// (`report: |`) indented so is text, and is only named when it looks like `key:` or `- `.
    static func wideIndent(_ text: String, near line: Int) -> (line: Int, column: Int, space: Unicode.Scalar)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for number in stride(from: min(line, lines.count), through: max(1, line - 1), by: -1) {
            let scalars = Array(lines[number - 1].unicodeScalars)
            guard let first = scalars.firstIndex(where: { $0 != " " }),
                  ["\u{3000}", "\u{00A0}", "\u{202F}", "\u{2007}"].contains(scalars[first]) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[first...].drop { $0 == " " || $0.properties.isWhitespace }))
            if rest.hasPrefix("- ") || rest.range(of: #"^[A-Za-z_][A-Za-z0-9_]*\s*[:：]"#, options: .regularExpression) != nil {
                return (number, first + 1, scalars[first])
            }
        }
        return nil
    }

    /// A line at or just above a syntax error whose indentation holds a tab (an editor's Tab key): libyaml
    /// says only “found character that cannot start any token”. Its line and the tab's column.
    static func tabIndent(_ text: String, near line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1 else { return nil }
        for number in stride(from: min(line, lines.count), through: max(1, line - 1), by: -1) {
            let indent = lines[number - 1].prefix { $0 == " " || $0 == "\t" }
            if let tab = indent.firstIndex(of: "\t") { return (number, indent.distance(from: indent.startIndex, to: tab) + 1) }
        }
        return nil
    }

    /// A list item written without the space after its dash (`-code: CZJ`), at or up to three lines above a syntax
    /// error: libyaml reads `-code` as a key and stops at the item's next line. Its line and the dash's column.
    static func dashWithoutSpace(_ text: String, near line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1 else { return nil }
        for number in stride(from: min(line, lines.count), through: max(1, line - 3), by: -1) {
            let row = String(lines[number - 1])
            guard let match = row.range(of: #"^[ \t]*-[A-Za-z_][A-Za-z0-9_]*[ \t]*:"#, options: .regularExpression) else { continue }
            return (number, row.distance(from: row.startIndex, to: row[match].firstIndex(of: "-")!) + 1)
        }
        return nil
    }

    /// A key written with a full-width colon (`title：值`) at or up to three lines above a syntax error:
    /// libyaml reads the line as text and stops at a later line. Its line and the colon's column.
    static func fullWidthColon(_ text: String, near line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1 else { return nil }
        for number in stride(from: min(line, lines.count), through: max(1, line - 3), by: -1) {
            let row = String(lines[number - 1])
            guard let match = row.range(of: #"^[ \t]*(- )?[A-Za-z_][A-Za-z0-9_]*[ \t]*："#, options: .regularExpression) else { continue }
            return (number, row.distance(from: row.startIndex, to: match.upperBound))
        }
        return nil
    }

    /// What a libyaml context says was opened and never closed (`while scanning a quoted scalar`, `while parsing a
    /// flow sequence`), in Chinese; nil for any other context. A bracket is unclosed only when the error is on a later
    /// line: `[a, "b" c]` is closed, and wrong inside.
    static func unclosed(_ context: String, endedOnLine later: Bool) -> String? {
        if context.hasPrefix("while scanning a quoted scalar") { return "引号" }
        guard later else { return nil }
        if context.hasPrefix("while parsing a flow sequence") { return "方括号“[”" }
        if context.hasPrefix("while parsing a flow mapping") { return "花括号“{”" }
        return nil
    }

    /// A quote left open that a later value's quote closed (`goal: "保障…` above `- name: "数量指标"`): libyaml stops
    /// just after that later quote, on a line written right. The line and column of the quote left open, if the error's
    /// line holds a quote before the error and the nearest line above holding that quote opens a value with it and leaves
    /// it open (an odd count, escapes aside).
    static func quoteClosedLate(_ text: String, line: Int, column: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 2, line <= lines.count else { return nil }
        let errorRow = Array(lines[line - 1])
        guard let closing = errorRow.prefix(max(0, column - 1)).first(where: { $0 == "\"" || $0 == "'" }) else { return nil }
        for number in stride(from: line - 1, through: 1, by: -1) {
            let row = String(lines[number - 1])
            guard row.contains(closing) else { continue }
            let unescaped = closing == "\"" ? row.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "")
                                            : row.replacingOccurrences(of: "''", with: "")
            guard unescaped.filter({ $0 == closing }).count % 2 == 1,
                  let opening = row.range(of: #"^[ \t]*(- +)?([^\s"'#:][^"'#:]*:[ \t]+)?"#, options: .regularExpression),
                  row[opening.upperBound...].first == closing else { return nil }
            return (number, row.distance(from: row.startIndex, to: opening.upperBound) + 1)
        }
        return nil
    }

    /// A clerk's mistake found at or just above where libyaml stopped, which libyaml's own words do not name: its line and
    /// column in `text` and what to do, in Chinese. The first that fits, in this order.
    static func mistakeNear(_ text: String, line: Int, column: Int, lineOffset: Int) -> (line: Int, column: Int, message: String)? {
        if let (at, col) = quoteClosedLate(text, line: line, column: column) {
            return (at, col, "这里开始的引号没有在本行闭合，到第 \(line + lineOffset) 行才遇到下一个同样的引号：请补上配对的引号；若引号是文字的一部分，请给整个值换用另一种引号")
        }
        if let (at, col) = dashWithoutSpace(text, near: line) {
            return (at, col, "列表项的“-”后面缺少空格：请写作“- 字段名: 值”，如“- code: CZJ”")
        }
        if let (at, col) = fullWidthColon(text, near: line) {
            return (at, col, "字段名后面是全角冒号“：”（中文输入法）：请改为英文冒号加一个空格，如“title: 值”")
        }
        if let (at, col, space) = wideIndent(text, near: line) {
            let name = space == "\u{3000}" ? "全角空格（U+3000）" : String(format: "不换行空格（U+%04X，常由 Word 粘贴带入）", space.value)
            return (at, col, "这一行的缩进里有\(name)：YAML 只能用半角空格缩进，请把它换成半角空格")
        }
        if let (at, col) = tabIndent(text, near: line) {
            return (at, col, "这一行的缩进里有制表符（Tab）：YAML 只能用半角空格缩进，请把它换成空格")
        }
        return nil
    }

    /// libyaml's problems in plain Chinese (the English stays in the message for searching); the
    /// ones clerks meet, from tabs, colons and quotes pasted out of Word and Excel.
    static func explain(_ problem: String) -> String {
        let known: [(String, String)] = [
            ("found a tab character", "缩进里有制表符（Tab）：YAML 只能用空格缩进"),
            ("mapping values are not allowed", "这里不能再写“键: 值”：多半是值里有未加引号的英文冒号，或上一行缩进不对"),
            ("did not find expected key", "没有找到下一个字段名：多半是这一行或上一行的缩进与同级字段不齐"),
            ("did not find expected '-' indicator", "列表项应以“- ”开头，且与同级各项对齐"),
            ("could not find expected ':'", "缺少“字段名: 值”中的英文冒号，或引号没有闭合"),
            ("found character that cannot start any token", "值以 YAML 保留的字符开头（如 @、`、%）：请给整个值加上引号"),
            ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
            ("found unknown escape character", "双引号中的反斜杠“\\”后面不是可识别的转义：请改用单引号，或写成“\\\\”"),
            ("Maximum nesting level", "嵌套层数过多"),
            ("did not find expected node content", "这里缺少值：多半是多余的符号（如单独的“-”或“:”）"),
            ("found undefined tag handle", "值以“!”开头，被当成了 YAML 标签：请给整个值加上引号"),
            ("found unexpected ':'", "多余的英文冒号：请给值加上引号"),
            ("block sequence entries are not allowed", "这里不能开始列表：多半是“- ”的缩进不对"),
        ]
        return known.first { problem.contains($0.0) }?.1 ?? "无法解析"
    }

    /// The rare document libyaml's events alone do not settle (a syntax error, a second document, a
    /// repeated or non-text key): Yams composes it again, so its errors read as they always have.
    private func composeReporting(_ text: String, diagnostics: inout DiagnosticList) -> YAMLNode? {
        do {
            // The basic resolver: every scalar stays text (no regex tag guessing); gongkai parses values itself.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                diagnostics.error(.yamlSyntax, "YAML 内容为空：缺少必填的字段", at: location(nil))
                return nil
            }
            reportCommentedLevels(text, diagnostics: &diagnostics)
            reportCommentsCuttingText(text, diagnostics: &diagnostics)
            return YAMLNode(node)
        } catch let error as YamlError {
            // libyaml refuses some control characters and reads U+2028 as a line end: a syntax error is then
            // that character's doing. The check every file gets (GK125) names it, at its place in the file.
            if let (line, column, scalar) = text.firstHiddenControl {
                switch error {
                case .reader, .scanner, .parser, .composer:
                    diagnostics.error(.invalidValue, LoadStage.hiddenControlMessage(scalar), at: SourceLocation(file: file, line: line + lineOffset, column: column))
                    return nil
                default: break
                }
            }
            switch error {
            case .reader:
                diagnostics.error(.yamlSyntax, "YAML 无法读取：含有 YAML 不允许的字符（libyaml：\(error)）", at: location(nil))
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                if let context, let opened = Self.unclosed(context.text, endedOnLine: context.mark.line != mark.line) {
                    // libyaml read on from an opening quote or bracket and stopped at the file's end or the next key,
                    // where nothing is wrong: the clerk needs the place where it was opened.
                    diagnostics.error(.yamlSyntax, "YAML 格式错误：这里开始的\(opened)没有闭合：请补上配对的符号；若它是文字的一部分，请给整个值加上引号（值里有英文双引号时用单引号）（libyaml：\(problem)）",
                                      at: location(context.mark))
                    return nil
                }
                if let (line, column, message) = Self.mistakeNear(text, line: mark.line, column: mark.column, lineOffset: lineOffset) {
                    diagnostics.error(.yamlSyntax, "YAML 格式错误：\(message)（libyaml：\(problem)）", at: SourceLocation(file: file, line: line + lineOffset, column: column))
                    return nil
                }
                diagnostics.error(.yamlSyntax, "YAML 格式错误：\(Self.explain(problem))（常见原因：缩进不一致，或以“>”“:”“#”开头的值未加引号；libyaml：\(problem)）",
                                  at: location(mark))
            case let .duplicatedKeysInMapping(duplicates, context):
                diagnostics.error(.duplicateKey, "字段重复：“\(duplicates.joined(separator: "”、“"))”", at: location(context.mark))
            default:
                diagnostics.error(.yamlSyntax, "YAML 无法解析：\(error)", at: location(nil))
            }
        } catch {
            diagnostics.error(.yamlSyntax, "YAML 无法解析：\(error)", at: location(nil))
        }
        return nil
    }
}

/// A YAML node as the loaders read it: every scalar is text (gongkai parses values itself), with
/// its style and position. Made straight from libyaml's events: Yams' `Node` carries a tag, a
/// resolver and an anchor per scalar, and building and copying those trees was half of loading.
enum YAMLNode: Equatable {
    case scalar(Scalar)
    case mapping([(key: YAMLNode, value: YAMLNode)], Position)
    case sequence([YAMLNode], Position)

    struct Scalar: Equatable {
        var string: String
        var style: Style
        var mark: Position
    }

    /// 1-based line and column (in characters) in the YAML text, as Yams counts them.
    struct Position: Equatable {
        var line: Int32
        var column: Int32
    }

    enum Style {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    var mark: Position {
        switch self {
        case let .scalar(s): s.mark
        case let .mapping(_, mark), let .sequence(_, mark): mark
        }
    }

    /// The text of a scalar; nil for a mapping or a list.
    var string: String? {
        if case let .scalar(s) = self { return s.string }
        return nil
    }

    /// The pairs of a mapping, in the order written; nil for a scalar or a list.
    var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case let .mapping(pairs, _) = self { return pairs }
        return nil
    }

    /// Same shape, texts, styles and positions.
    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(a), .scalar(b)): a == b
        case let (.sequence(a, p), .sequence(b, q)): p == q && a == b
        case let (.mapping(a, p), .mapping(b, q)):
            p == q && a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

extension YAMLNode {
    enum Composed {
        case document(YAMLNode)
        /// No document at all: an empty text or only comments.
        case empty
        /// Something for Yams to report (see `YAMLSource.composeReporting`).
        case needsReport
    }

    /// One document from libyaml's events.
    static func compose(_ text: String) -> Composed {
        var text = text
        return text.withUTF8 { bytes in
            let composer = EventComposer(bytes)
            return composer.document()
        }
    }

    /// What Yams composed, for the documents it reports on.
    init(_ node: Node) {
        let mark = node.mark.map { Position(line: Int32(clamping: $0.line), column: Int32(clamping: $0.column)) } ?? Position(line: 1, column: 1)
        switch node {
        case let .scalar(s):
            let style: Style = switch s.style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            default: .plain
            }
            self = .scalar(Scalar(string: s.string, style: style, mark: mark))
        case let .mapping(m):
            self = .mapping(m.map { (key: YAMLNode($0.key), value: YAMLNode($0.value)) }, mark)
        case let .sequence(items):
            self = .sequence(items.map(YAMLNode.init), mark)
        case .alias:
            // Never composed (aliases are refused before), and never read as text: an empty list
            // is the wrong type wherever a text or a disclosure level is expected.
            self = .sequence([], mark)
        }
    }
}

/// Walks libyaml's events for one document. Anything it does not take as plain data — a libyaml
/// error, an anchor, a key that is not text or is repeated, a second document — ends the walk with
/// `needsReport`, never with a guess.
private final class EventComposer {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    private let started: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        started = yaml_parser_initialize(&parser) == 1
        guard started else { return }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_event_delete(&event)
        if started { yaml_parser_delete(&parser) }
    }

    func document() -> YAMLNode.Composed {
        guard started, next(), event.type == YAML_STREAM_START_EVENT, next() else { return .needsReport }
        if event.type == YAML_STREAM_END_EVENT { return .empty }
        guard event.type == YAML_DOCUMENT_START_EVENT, next(), let root = node(),
              next(), event.type == YAML_DOCUMENT_END_EVENT,
              next(), event.type == YAML_STREAM_END_EVENT else { return .needsReport }
        return .document(root)
    }

    /// Frees the current event and reads the next; false on a libyaml error.
    private func next() -> Bool {
        yaml_event_delete(&event)
        return yaml_parser_parse(&parser, &event) == 1
    }

    /// The node that starts at the current event; the current event is then its last.
    private func node() -> YAMLNode? {
        let mark = YAMLNode.Position(line: Int32(clamping: event.start_mark.line + 1), column: Int32(clamping: event.start_mark.column + 1))
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil else { return nil }
            let style: YAMLNode.Style = switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            // As Yams reads it: Foundation drops a byte-order mark at the start (libyaml's output is valid UTF-8).
            let string = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? String(bytes: bytes, encoding: .utf8)! : String(decoding: bytes, as: UTF8.self)
            return .scalar(YAMLNode.Scalar(string: string, style: style, mark: mark))
        case YAML_SEQUENCE_START_EVENT:
            guard event.data.sequence_start.anchor == nil else { return nil }
            var items: [YAMLNode] = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_SEQUENCE_END_EVENT { break }
                guard let item = node() else { return nil }
                items.append(item)
            }
            return .sequence(items, mark)
        case YAML_MAPPING_START_EVENT:
            guard event.data.mapping_start.anchor == nil else { return nil }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var keys: Set<String> = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_MAPPING_END_EVENT { break }
                guard let key = node(), case let .scalar(text) = key, next(), let value = node() else { return nil }
                // A repeated key is for Yams to name. Short mappings (nearly all) compare in place.
                if pairs.count < 16 {
                    if pairs.contains(where: { $0.key.string == text.string }) { return nil }
                } else {
                    if keys.isEmpty { keys = Set(pairs.lazy.compactMap(\.key.string)) }
                    guard keys.insert(text.string).inserted else { return nil }
                }
                pairs.append((key, value))
            }
            return .mapping(pairs, mark)
        default:
            return nil // an alias (refused before composing)
        }
    }
}

extension YAMLSource {
    /// The 1-based position of the first anchor (`&a`) or alias (`*a`), found by libyaml's scanner before
    /// anything is composed, so an alias bomb costs one linear pass. Syntax errors are left to `compose`.
    static func firstAnchorOrAlias(_ text: String) -> (line: Int, column: Int)? {
        firstRefusedToken(text, tags: false).map { ($0.line, $0.column) }
    }

    /// The 1-based position of the first anchor, alias or (with `tags`) tag (`!!str`, `!secret`, `!<…>`,
    /// a lone `!`), and whether it is a tag; found by libyaml's scanner, so a `!` or `&` inside a text is
    /// no token. Syntax errors are left to `compose`.
    static func firstRefusedToken(_ text: String, tags: Bool) -> (isTag: Bool, line: Int, column: Int)? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") || (tags && $0 == UInt8(ascii: "!")) }) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (isTag: Bool, line: Int, column: Int)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                switch token.type {
                case YAML_ANCHOR_TOKEN, YAML_ALIAS_TOKEN:
                    return (false, Int(token.start_mark.line) + 1, Int(token.start_mark.column) + 1)
                case YAML_TAG_TOKEN where tags:
                    return (true, Int(token.start_mark.line) + 1, Int(token.start_mark.column) + 1)
                case YAML_STREAM_END_TOKEN:
                    return nil
                default:
                    continue
                }
            }
            return nil
        }
    }
}

/// Reads one YAML mapping field by field, with positions. Every key it is asked for is known;
/// `finish()` reports the rest as unknown keys, with a suggestion for likely typos.
final class MappingReader {
    let source: YAMLSource
    let location: SourceLocation
    private let pairs: [(key: String, keyMark: YAMLNode.Position, value: YAMLNode)]
    private var asked: [String] = []
    private(set) var diagnostics: DiagnosticList

    /// Returns nil (and reports `GK101`) when `node` is not a mapping.
    init?(_ node: YAMLNode, source: YAMLSource, what: String, diagnostics: inout DiagnosticList) {
        self.source = source
        self.location = source.location(node.mark)
        guard let mapping = node.mapping else {
            diagnostics.error(.wrongType, "\(what)应为“字段: 值”形式的映射，这里是\(Self.describe(node))", at: source.location(node.mark))
            return nil
        }
        self.pairs = mapping.map { (key: $0.key.string ?? Self.describe($0.key), keyMark: $0.key.mark, value: $0.value) }
        self.diagnostics = DiagnosticList()
        // The same key text twice: the reader would read the first and drop the second without a word (a
        // `disclosure: 涉密` below `disclosure: public`). The composers refuse it already; whatever composed
        // this tree, it is an error here too.
        var seen: Set<String> = []
        for pair in mapping {
            guard let key = pair.key.string else { continue }
            if !seen.insert(key).inserted {
                diagnostics.error(.duplicateKey, "字段重复：“\(key)”（同一字段只能写一次）", at: source.location(pair.key.mark))
            }
        }
    }

    /// Hands the reader's diagnostics to the caller once reading is done.
    func finish(into list: inout DiagnosticList) {
        for pair in pairs where !asked.contains(pair.key) {
            var message = "未知字段“\(pair.key)”"
            if let guess = pair.key.closest(among: asked) { message += "，是否应为“\(guess)”？" }
            else if let meant = Self.chineseKeys[Self.bareLabel(pair.key)]?.first(where: asked.contains) {
                message += "：字段名须用英文，是否应为“\(meant)”？"
            }
            else { message += "，可用字段：\(asked.joined(separator: "、"))" }
            diagnostics.error(.unknownKey, message, at: source.location(pair.keyMark))
        }
        list.append(contentsOf: diagnostics)
        diagnostics = DiagnosticList()
    }

    /// Field names as a clerk writes them in Chinese (the table's column heads), with the fields they may mean, most likely
    /// first: the one this mapping reads is suggested. gongkai's own words, never content, so a diagnostic may quote them.
    static let chineseKeys: [String: [String]] = {
        let groups: [([String], [String])] = [
            (["名称", "项目名称", "指标名称", "单位名称", "部门名称"], ["name"]),
            (["编码", "代码", "项目编码", "项目代码", "编号", "单位编码", "部门编码"], ["code"]),
            (["年度", "年份", "预算年度"], ["year"]),
            (["部门", "主管部门", "预算部门"], ["department"]),
            (["单位", "实施单位", "预算单位"], ["unit"]),
            (["类别", "分类", "项目类别", "栏目"], ["category"]),
            (["公开", "公开属性", "公开方式", "公开级别", "密级"], ["disclosure"]),
            (["资金", "资金情况", "项目资金"], ["funding"]),
            (["资金来源"], ["source", "lines"]),
            (["年初预算数", "年初预算"], ["initial"]),
            (["全年预算数", "全年预算", "预算数"], ["budget"]),
            (["全年执行数", "执行数"], ["spent"]),
            (["合计"], ["total"]),
            (["资金用途", "用途"], ["uses"]),
            (["绩效目标", "目标"], ["targets"]),
            (["总体目标", "年度总体目标", "年度目标"], ["goal"]),
            (["绩效指标", "指标", "下级指标", "二级指标", "三级指标"], ["indicators", "children"]),
            (["指标值", "年度指标值", "目标值"], ["target"]),
            (["实际完成值", "完成值", "实际值"], ["actual"]),
            (["分值", "权重"], ["weight"]),
            (["得分"], ["score"]),
            (["偏差原因分析及改进措施", "偏差原因", "偏差原因分析"], ["deviation"]),
            (["指标解释", "解释"], ["explanation"]),
            (["依据", "指标值设定依据"], ["basis"]),
            (["自评", "单位自评", "绩效自评"], ["self_evaluation"]),
            (["总分", "自评总分", "自评得分"], ["total_score"]),
            (["执行率得分", "预算执行率得分"], ["execution_score"]),
            (["等级", "评价等级", "自评等级"], ["grade"]),
            (["问题", "存在的问题", "主要问题"], ["problems", "problem"]),
            (["改进措施", "整改措施", "措施"], ["measures"]),
            (["评价", "重点评价", "绩效评价"], ["evaluations"]),
            (["监控", "绩效监控", "运行监控"], ["monitoring"]),
            (["整改", "整改情况"], ["rectifications"]),
            (["标题"], ["title"]),
            (["日期", "发布日期"], ["date"]),
            (["公开日期"], ["published", "date"]),
            (["截止日期", "整改期限", "期限"], ["deadline"]),
            (["状态", "整改状态"], ["status"]),
            (["评价机构", "评价单位"], ["evaluator"]),
            (["报告", "自评报告", "评价报告"], ["report"]),
        ]
        var table: [String: [String]] = [:]
        for (labels, keys) in groups { for label in labels { table[label] = keys } }
        return table
    }()

    /// A written key without the colon, spaces or brackets a clerk adds (`名称：`, `（名称）`).
    static func bareLabel(_ key: String) -> String {
        key.trimmingCharacters(in: CharacterSet(charactersIn: " \u{3000}：:（）()【】"))
    }

    // MARK: Raw access

    /// The value node, or nil when absent or null. Marks the key as known.
    func node(_ key: String) -> YAMLNode? {
        if !asked.contains(key) { asked.append(key) }
        guard let value = pairs.first(where: { $0.key == key })?.value else { return nil }
        if case let .scalar(scalar) = value, scalar.style == .plain, scalar.string.utf8.count <= 4,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return value
    }

    func has(_ key: String) -> Bool { node(key) != nil }

    func location(of key: String) -> SourceLocation {
        if let pair = pairs.first(where: { $0.key == key }) { return source.location(pair.value.mark) }
        return location
    }

    private func missing(_ key: String, _ label: String?) {
        if let label {
            diagnostics.error(.missingField, "缺少必填字段“\(key)”（\(label)）", at: location)
        }
    }

    // MARK: Typed access

    /// The longest grade name, in characters. A grade names its page (`grades/<year>/grade-<code points>/`,
    /// up to six bytes a character), and a file name longer than 255 bytes cannot be written; the names
    /// in use (优, 良好, 基本合格) are far shorter.
    static let maxGradeLength = 20

    /// A grade's name (等级): a text of at most `maxGradeLength` characters, else `GK125` at its line (the
    /// build would fail at the output folder instead). The text is not quoted: it may be withheld.
    func grade(_ key: String = "grade", required label: String? = nil) -> String? {
        guard let text = string(key, required: label) else { return nil }
        if text.count > Self.maxGradeLength {
            diagnostics.error(.invalidValue, "等级名称过长（\(text.count) 个字），最多 \(Self.maxGradeLength) 个字：等级名称也是等级页面网址的一部分，如 优、良好、基本合格",
                              at: location(of: key))
        }
        return text
    }

    /// A text scalar. Numbers and dates written plainly are text too (`2025` → "2025").
    /// Plain texts cannot hold passage fences: one that looks like a fence is `GK142`
    /// (and `guardedText` withholds the field), never published as written.
    func string(_ key: String, required label: String? = nil) -> String? {
        guard let text = scalarText(key, required: label) else { return nil }
        if Fence.appearsIn(text) {
            diagnostics.error(.fenceInPlainText,
                              "字段“\(key)”是纯文字，不能使用段落标记“:::”；如需整个字段不公开，请写成 {value: …, disclosure: 涉密}。该字段按涉密处理",
                              at: location(of: key))
        }
        return text
    }

    private func scalarText(_ key: String, required label: String?) -> String? {
        guard let value = node(key) else { missing(key, label); return nil }
        guard case let .scalar(scalar) = value else {
            diagnostics.error(.wrongType, "字段“\(key)”应为文字，这里是\(Self.describe(value))", at: source.location(value.mark))
            return nil
        }
        let text = scalar.string.trimmed
        if text.isEmpty { missing(key, label); return nil }
        // Raw control characters are reported with the file; a quoted text can spell them as escapes (`"\u001b"`).
        if scalar.style == .doubleQuoted, let (_, _, hidden) = text.firstHiddenControl {
            diagnostics.error(.invalidValue, "字段“\(key)”" + LoadStage.hiddenControlMessage(hidden), at: location(of: key))
        }
        // `problems: |` … `disclosure: 涉密` indented as the text (or folded into a plain text by its
        // indentation): the level is text here and never applies. `guardedText` and `markdown` withhold it.
        if LevelKey.appearsIn(text) {
            diagnostics.error(.unknownDisclosureLevel,
                              "字段“\(key)”的文字中写有公开属性：写在文字里的公开属性不起作用，会随文字照常公开；多半是公开属性行的缩进与文字相同，请把它与字段名对齐。该字段按涉密处理",
                              at: location(of: key))
        }
        return source.texts?.shared(text) ?? text
    }

    /// A code that becomes part of URLs and file names; reports `GK130` when unsafe.
    func code(_ key: String, required label: String? = nil) -> String? {
        guard let text = string(key, required: label) else { return nil }
        guard Slug.isValidCode(text) else {
            diagnostics.error(.unsafeSlug, "编码“\(text)”不可用：只能使用字母、数字和 - _ .（不含“..”，不以“.”结尾，最长64个字符），它将成为网址的一部分",
                              at: location(of: key))
            return nil
        }
        return text
    }

    func decimal(_ key: String, required label: String? = nil, maxFractionDigits: Int = 6) -> Decimal? {
        guard let text = string(key, required: label) else { return nil }
        guard let value = ExactDecimal.parse(text, maxFractionDigits: maxFractionDigits) else {
            diagnostics.error(.malformedNumber, "字段“\(key)”的值“\(text)”不是有效数字（最多\(maxFractionDigits)位小数，如 1200 或 1,198.60）",
                              at: location(of: key))
            return nil
        }
        return value
    }

    /// An amount of money (initial, budget, spent, a use): digits, thousands grouped by commas, at most
    /// 6 decimals, never negative, at most `ExactDecimal.maxIntegerDigits` digits before the point.
    func amount(_ key: String, required label: String? = nil) -> Decimal? {
        guard let text = string(key, required: label) else { return nil }
        let forms = "金额应写作 1200、1198.60 或 1,198.60（逗号只作千位分隔，每组三位；最多6位小数、\(ExactDecimal.maxIntegerDigits)位整数）"
        guard let value = ExactDecimal.parse(text, maxIntegerDigits: .max) else {
            diagnostics.error(.malformedNumber, "字段“\(key)”的金额“\(text.prefix(40))”无效：\(Self.currencyOrUnitAdvice(text) ?? forms)", at: location(of: key))
            return nil
        }
        if value < 0 {
            diagnostics.error(.amountOutOfRange, "字段“\(key)”的金额“\(text)”为负数：预算数、执行数和用途金额不能为负", at: location(of: key))
            return nil
        }
        guard ExactDecimal.parse(text) != nil else {
            diagnostics.error(.amountOutOfRange, "字段“\(key)”的金额“\(text.prefix(40))”过大：\(forms)", at: location(of: key))
            return nil
        }
        return value
    }

    /// For an amount written with its currency sign or unit (`￥120.00`, `120万元`, as a spreadsheet shows it): what to
    /// take away. The number is not repeated: a withheld line's amount is blanked in the quote, and would not be here.
    static func currencyOrUnitAdvice(_ text: String) -> String? {
        var bare = Substring(text.trimmed), taken: [String] = []
        for sign in ["￥", "¥", "RMB", "人民币"] where bare.hasPrefix(sign) { bare = bare.dropFirst(sign.count); taken.append("前面的“\(sign)”") }
        for unit in ["万元", "元"] where bare.hasSuffix(unit) { bare = bare.dropLast(unit.count); taken.append("后面的“\(unit)”"); break }
        guard !taken.isEmpty, ExactDecimal.parse(String(bare.trimmed)) != nil else { return nil }
        return "金额只写数字：请去掉\(taken.joined(separator: "和"))；金额单位写在 funding 的 unit 中（元或万元），对全部金额一次说明"
    }

    /// A percentage written `40%`, `40％` or `40`, as percentage points.
    func percent(_ key: String, required label: String? = nil) -> Decimal? {
        guard var text = string(key, required: label) else { return nil }
        let marked = text.hasSuffix("%") || text.hasSuffix("％")
        if marked { text.removeLast() }
        guard let value = ExactDecimal.parse(text, maxFractionDigits: 4) else {
            diagnostics.error(.malformedNumber, "字段“\(key)”的值“\(text)”不是有效的百分数（如 40% 或 40）", at: location(of: key))
            return nil
        }
        // Rates of money planned and spent: never below zero (a minus sign is a slip, published as “落后 147.8 个百分点”).
        if value < 0 {
            diagnostics.error(.malformedNumber, "字段“\(key)”的值“\(text)\(marked ? "%" : "")”为负数：执行率不会小于 0，请核对后改正", at: location(of: key))
            return nil
        }
        // A bare 0.75 is how a spreadsheet shows 75 %, and also 0.75 %: which one is a guess.
        if !marked, value > 0, value <= 1 {
            diagnostics.error(.malformedNumber, "字段“\(key)”的值“\(text)”没有百分号，分不清是 \(text)% 还是小数 \(text)（即 \(ExactDecimal.format(value * 100))%）：请写明百分号，如 \(ExactDecimal.format(value * 100))%",
                              at: location(of: key))
            return nil
        }
        return value
    }

    /// Positions of those of `keys` (one of `FieldLocations.Keys`) that are present, for diagnostics about
    /// individual fields.
    func locations(of keys: [String]) -> FieldLocations {
        FieldLocations(keys: keys, keys.map { key in pairs.contains { $0.key == key } ? location(of: key) : nil })
    }

    func integer(_ key: String, required label: String? = nil, range: ClosedRange<Int>) -> Int? {
        guard let text = string(key, required: label) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            diagnostics.error(.malformedNumber, "字段“\(key)”的值“\(text)”应为 \(range.lowerBound)–\(range.upperBound) 之间的整数",
                              at: location(of: key))
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default:
            diagnostics.error(.wrongType, "字段“\(key)”应为 true 或 false，这里是“\(text)”", at: location(of: key))
            return nil
        }
    }

    func date(_ key: String, required label: String? = nil) -> CalendarDate? {
        guard let text = string(key, required: label) else { return nil }
        guard let date = CalendarDate(parsing: text) else {
            diagnostics.error(.malformedDate, Self.otherDateForm(text, key: key)
                              ?? "字段“\(key)”的日期“\(text)”无效，应写作 YYYY-MM-DD（如 2025-02-18）" + Self.excelSerialHint(text),
                              at: location(of: key))
            return nil
        }
        return plausible(date, key: key, text: text)
    }

    /// A real day written in a form the format does not take (`2025年2月18日`, `2025.2.18`, full-width
    /// digits), named as it is to be written: the import reads these from tables, a file does not, so that
    /// every date field of every file reads one way. Nil when the text is no day.
    static func otherDateForm(_ text: String, key: String) -> String? {
        guard let day = TableImporter.date(text), CalendarDate.plausibleYears.contains(day.year) else { return nil }
        return "字段“\(key)”的日期“\(text)”应写作 YYYY-MM-DD：请写作 \(day)"
    }

    /// `45706`, copied from an Excel cell formatted as General: Excel's serial number of a day (the
    /// 1900 system) between 1950 and 2100 is named with the date it stands for. Empty otherwise.
    static func excelSerialHint(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 5, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber), let serial = Decimal(string: t),
              let day = DateCells.date(serial: serial, base1904: false), let year = Int(day.prefix(4)),
              CalendarDate.plausibleYears.contains(year) else { return "" }
        return "：“\(t)”像是 Excel 的日期序号（单元格格式为“常规”时显示），即 \(day)；请写作 \(day)"
    }

    private func plausible(_ date: CalendarDate, key: String, text: String) -> CalendarDate? {
        guard CalendarDate.plausibleYears.contains(date.year) else {
            diagnostics.error(.malformedDate, "字段“\(key)”的日期“\(text)”不在 \(CalendarDate.plausibleYears.lowerBound)–\(CalendarDate.plausibleYears.upperBound) 年之间：请写实际日期",
                              at: location(of: key))
            return nil
        }
        return date
    }

    /// A date, or a month alone (`2025-05`, `2025年5月`) where the rules speak in months: then its last day, flagged.
    func dateOrMonth(_ key: String, required label: String? = nil) -> (date: CalendarDate, monthOnly: Bool)? {
        guard let text = string(key, required: label) else { return nil }
        if let date = CalendarDate(parsing: text) { return plausible(date, key: key, text: text).map { ($0, false) } }
        if let month = CalendarDate.month(parsing: text) { return plausible(month, key: key, text: text).map { ($0, true) } }
        diagnostics.error(.malformedDate, Self.otherDateForm(text, key: key)
                          ?? "字段“\(key)”的日期“\(text)”无效，应写作 YYYY-MM-DD（如 2025-05-31）或月份（如 2025-05、2025年5月）" + Self.excelSerialHint(text),
                          at: location(of: key))
        return nil
    }

    /// A deadline: a day, or the end of a month or a year as notices set one (`2025年6月底前`, `2025年底`): then
    /// that last day, with the words as written, shown beside it.
    /// A day written with “by” (`2025年6月30日前`) is named as the day alone, which already means “by then”.
    func deadline(_ key: String) -> (date: CalendarDate, words: String?)? {
        guard let text = string(key) else { return nil }
        if let day = CalendarDate(parsing: text) { return plausible(day, key: key, text: text).map { ($0, nil) } }
        if let end = CalendarDate.periodEnd(parsing: text) { return plausible(end, key: key, text: text).map { ($0, text.trimmed) } }
        var day = text.trimmed, by = false
        for word in ["之前", "以前", "前"] where day.hasSuffix(word) { day.removeLast(word.count); by = true; break }
        let message: String
        if let meant = TableImporter.date(day), CalendarDate.plausibleYears.contains(meant.year) {
            message = "整改期限“\(text)”应写作 YYYY-MM-DD：请写作 \(meant)" + (by ? "（期限即这一天，不必写“前”）" : "")
        } else {
            message = "整改期限“\(text)”无法识别：请写作日期（如 2025-06-30）、月底或年底（如 2025年6月底前、2025年第二季度末、2025年底），"
                + "或从收到反馈起算的期限（如 收到反馈后三个月内）" + Self.excelSerialHint(text)
        }
        diagnostics.error(.malformedDate, message, at: location(of: key))
        return nil
    }

    func list(_ key: String, required label: String? = nil) -> [YAMLNode]? {
        guard let value = node(key) else { missing(key, label); return nil }
        guard case let .sequence(items, _) = value else {
            diagnostics.error(.wrongType, "字段“\(key)”应为列表（每项以“- ”开头），这里是\(Self.describe(value))",
                              at: source.location(value.mark))
            return nil
        }
        return items
    }

    func mapping(_ key: String, required label: String? = nil, what: String) -> MappingReader? {
        guard let value = node(key) else { missing(key, label); return nil }
        return MappingReader(value, source: source, what: what, diagnostics: &diagnostics)
    }

    /// A list of text scalars, written as a YAML list or a single text.
    func strings(_ key: String) -> [String] {
        guard let value = node(key) else { return [] }
        switch value {
        case let .scalar(scalar): return [scalar.string]
        case let .sequence(items, _):
            return items.compactMap { item in
                guard let text = item.string else {
                    diagnostics.error(.wrongType, "字段“\(key)”的每一项应为文字", at: source.location(item.mark))
                    return nil
                }
                return text
            }
        default:
            diagnostics.error(.wrongType, "字段“\(key)”应为文字列表", at: source.location(value.mark))
            return []
        }
    }

    /// `plain_text: [以下信息不予公开]`: the sentences the clerk confirmed are the file's own words (`ConfirmedText`), each
    /// where it is written, into `source.confirmed`. Read first, before any Markdown of the file; report the unused ones
    /// once all of it is read.
    func readConfirmedText(_ key: String = "plain_text") {
        let items: [YAMLNode]
        switch node(key) {
        case nil: return
        case let .sequence(list, _)?: items = list
        case let value?: items = [value]
        }
        for item in items {
            guard let text = item.string?.trimmed, !text.isEmpty else {
                diagnostics.error(.wrongType, "字段“\(key)”的每一项应为一句文字（GK123 引用的那句话）", at: source.location(item.mark))
                continue
            }
            source.confirmed.confirm(text, at: source.location(item.mark))
        }
    }

    /// `disclosure: 涉密` or `disclosure: {level: …, reason: …, approver: …, approved: …, scope: […]}`.
    /// A public item whose name or title marks it with a bracketed level (`学生营养改善计划（涉密）`, `【内部】…`,
    /// as a spreadsheet row is marked) or a secrecy marking (`机密★5年 …`) is GK123 there and withheld: the mark
    /// withholds nothing.
    func disclosure(_ key: String = "disclosure") -> Disclosure {
        var result = writtenDisclosure(key)
        guard result.level == .public else { return result }
        // Read from the pairs, not asked for: asking would excuse a `name` the item does not have (GK102). A row's
        // other identifying cells are marked as its name is (`source: 财政拨款（涉密）`, `evaluator: …【内部】`), and a
        // category that is a level (`category: 涉密`) files the item under it.
        // An indicator's target and actual value are cells of its row too (`≥5台（涉密）`).
        for nameKey in ["name", "title", "source", "item", "evaluator", "reviewer", "assessor", "responsible", "kind", "category",
                        "target", "actual"] {
            guard case let .scalar(scalar)? = pairs.first(where: { $0.key == nameKey })?.value,
                  let mark = Self.bracketedLevel(in: scalar.string) ?? Self.secrecyMarking(in: scalar.string) ?? Self.separatedLevel(in: scalar.string)
                    ?? (nameKey == "category" ? levelNote(Substring(scalar.string)) ?? Self.categoryLevel(in: scalar.string) : nil) else { continue }
            let place = ["target": "指标值", "actual": "实际完成值"][nameKey] ?? "名称"
            diagnostics.error(.unknownDisclosureLevel, "“\(nameKey)”中写了公开级别“\(mark.prefix(12))”：写在\(place)里的级别不起作用，该项会照常公开；请把级别写进该项的 disclosure（如 disclosure: 涉密），或删去\(place)中的级别。修正前按涉密处理",
                              at: location(of: nameKey))
            result.level = .classified
            break
        }
        return result
    }

    /// A bare withholding level set off at a name's start or end by a space, a hyphen, an underscore or a slash, as a
    /// spreadsheet's name and remark are joined or a file is named (`学生营养改善计划 涉密`, `…-内部`, `秘密_…`), or after a
    /// colon or comma at its end (`北山工程：涉密`, `北山工程，保密`): the level's words, or nil. A public or on-request level
    /// there (`… 依申请公开`, a catalogue's) and a word only holding one (`涉密项目绩效管理 试行`) are none. At the start
    /// only a level's own name: `保密/机要通信经费` names a kind of spending, and so do `涉密/非涉密…` and `内部/外部…`.
    static func separatedLevel(in name: String) -> String? {
        guard holdsLevelCharacter(name[...]) else { return nil }
        let parts = name.split(whereSeparator: { " \u{3000}\u{00A0}-_—–－·/／|｜".holdsMark($0) }).map { $0.trimmed }.filter { !$0.isEmpty }
        if parts.count >= 2, let first = parts.first, let level = DisclosureLevel(parsing: String(first)), level == .classified || level == .limited {
            // A kind and its opposite name a kind of spending (`涉密/非涉密计算机购置`, `内部/外部审计费用`), not a mark.
            let second = parts[1]
            let opposite = second.hasPrefix("非" + first) || second.hasPrefix("不" + first) || (first == "内部" && second.hasPrefix("外部"))
            if !opposite { return String(first) }
        }
        let remark = name.split(whereSeparator: { " \u{3000}\u{00A0}-_—–－·/／|｜：:，,；;".holdsMark($0) }).map { $0.trimmed }.filter { !$0.isEmpty }
        guard remark.count >= 2, let last = remark.last else { return nil }
        let words = String(last.filter { $0 != "★" && $0 != "☆" })
        let level = LevelMarks.level(of: words, bracketed: words.count < last.count)
        return level == .classified || level == .limited ? String(last) : nil
    }

    /// The level a category files its item under, as a clerk's filing names a folder (`涉密文件`, `内部资料`, `機密事項`): the
    /// level's words, or nil. A public topic about secrecy or internal matters (`保密工作`, `内部控制`, `内部审计`) and a denial
    /// (`非涉密项目`) are none.
    static func categoryLevel(in category: String) -> String? {
        guard holdsLevelCharacter(category[...]) || category.unicodeScalars.contains(where: traditionalLevelScalars.contains) else { return nil }
        let text = String((levelWordsAsShown(category[...]).map(String.init) ?? category).map { traditionalLevelCharacters[$0] ?? $0 })
        for word in ["涉密", "绝密", "机密", "秘密", "不予公开", "不公开", "非公开"] where holdsUnnegated(text, word) { return word }
        for noun in ["资料", "文件", "事项", "信息", "材料", "通知", "参考", "文档", "使用", "公开", "项目", "发文"] where text.contains("内部" + noun) {
            return "内部" + noun
        }
        return text.hasSuffix("内部") ? "内部" : nil
    }

    /// The scalars of `traditionalLevelCharacters`' keys, for telling cheaply whether a text holds one.
    private static let traditionalLevelScalars = Set(traditionalLevelCharacters.keys.flatMap(\.unicodeScalars))

    /// An official document's secrecy marking in a name, outside brackets (`机密★5年 …`, GB/T 9704, copied with a
    /// document's title): the level and its star, or nil. A star after anything else (`★重点项目`) is none.
    static func secrecyMarking(in name: String) -> String? {
        // `机\u{200B}密★5年`: a zero-width space inside the words shows nothing.
        let name = levelWordsAsShown(name[...]).map(String.init) ?? name
        guard name.holdsBytes("密") else { return nil }
        for word in ["绝密", "机密", "秘密", "涉密"] {
            for star in ["★", "☆"] where name.contains(word + star) { return word + star }
        }
        return nil
    }

    /// The words of a bracketed level in a name (`（涉密）`, `【内部】`, `〔秘密★1年〕`), or nil. A bracket
    /// holding anything else (`（试行）`, `（2025年）`, `（公开）`) is not one.
    static func bracketedLevel(in name: String) -> String? {
        // Asked of every name: one without a level's character holds no bracketed level (a byte scan).
        guard holdsLevelCharacter(name[...]) else { return nil }
        // The brackets' one list (`LevelMarks`), a pair typed unmatched too (`（涉密】`). The words are read with their
        // brackets, which let `（秘密级）` and `（涉密项目）` read as marks.
        var open: String.Index?
        for i in name.indices {
            let c = name[i]
            if let o = open, LevelMarks.isClosing(c) {
                let inner = name[name.index(after: o)..<i]
                if levelNote(name[o...i]) != nil { return String(inner) }
                open = nil
            } else if LevelMarks.isOpening(c) {
                open = i
            }
        }
        return nil
    }

    private func writtenDisclosure(_ key: String) -> Disclosure {
        guard let value = node(key) else {
            // `disclosure:` with nothing after it (or `~`, or the level only in a comment): a level was
            // meant and left out, so the item is withheld until it is written.
            guard let written = pairs.first(where: { $0.key == key })?.value else { return .public }
            let at = source.location(written.mark)
            diagnostics.error(.unknownDisclosureLevel, "公开属性“\(key)”写了但没有级别，应为 \(DisclosureLevel.spellings)；修正前按涉密处理", at: at)
            return Disclosure(level: .classified, location: at)
        }
        let at = source.location(value.mark)
        switch value {
        case let .scalar(scalar):
            return Disclosure(level: level(scalar.string, at: at), location: at)
        case .mapping:
            guard let reader = MappingReader(value, source: source, what: "公开属性", diagnostics: &diagnostics) else { return .public }
            let levelText = reader.string("level", required: "公开级别")
            var result = Disclosure(
                level: levelText.map { level($0, at: reader.location(of: "level")) } ?? .classified,
                reason: reader.string("reason"), approver: reader.string("approver"),
                approved: reader.date("approved"), scope: reader.strings("scope"), location: at)
            if let name = result.scope.first(where: { DisclosureLevel.listSeparator(inScope: $0) != nil }) {
                // Matches no circle: withheld from all of them already, but not what the clerk meant.
                diagnostics.error(.unknownDisclosureLevel, "范围“\(name)”含有“\(DisclosureLevel.listSeparator(inScope: name)!)”：几个范围请写成列表（如 scope: [人大, 上级工会]）；修正前不向任何范围公开",
                                  at: reader.location(of: "scope"))
            }
            if result.level == .public, !result.scope.isEmpty {
                // A scope says who may see it: whatever was meant, it was not "public".
                diagnostics.error(.unknownDisclosureLevel, "公开级别为主动公开，却写了 scope（范围只用于在一定范围内公开）；修正前按涉密处理",
                                  at: reader.location(of: "scope"))
                result.level = .classified
            } else if result.level == .public, let reason = result.reason, Self.reasonWithholds(reason) || Self.namesWithheldSubject(reason) {
                // `{level: public, reason: 涉密}`: a reason is written for withholding, and this one names a
                // ground for it. One of the two is wrong, and publishing is the mistake that cannot be undone.
                diagnostics.error(.unknownDisclosureLevel, "公开级别为主动公开，理由却是“\(Fence.quotable(reason.trimmed))”（不予公开的理由）；请改正级别或理由，修正前按涉密处理",
                                  at: reader.location(of: "reason"))
                result.level = .classified
            }
            reader.finish(into: &diagnostics)
            return result
        default:
            diagnostics.error(.wrongType, "公开属性应为级别文字或映射", at: at)
            return Disclosure(level: .classified, location: at)
        }
    }

    /// Whether a disclosure reason names a ground for withholding (`涉密`, `涉及国家秘密`, `依申请公开`, a
    /// level's name) and does not deny one (`经审查不涉密，可以公开`, `非涉密`).
    static func reasonWithholds(_ reason: String) -> Bool {
        // Traditional characters (a document from Hong Kong or Taiwan, a converter's output) read as Simplified.
        // A zero-width space or soft hyphen inside the words (`涉\u{200B}密`, pasted from a web page) shows nothing.
        let text = String((levelWordsAsShown(reason[...]).map(String.init) ?? reason).trimmed.map { traditional[$0] ?? $0 })
        if let level = DisclosureLevel(parsing: text) { return level != .public }
        // Every ground below holds one of these characters; most texts asked about hold none.
        guard text.contains(where: { "密公依范敏宜对安内仅隐".holdsMark($0) }) else { return false }
        let denials = ["不涉密", "非涉密", "无涉密", "未涉密", "不涉及", "不属于", "不含", "无需保密", "可以公开", "可公开", "予以公开", "应当公开", "主动公开", "同意公开", "准予公开"]
        // A denial after a negation says the opposite: `不可以公开`, `涉密，不予以公开`.
        if denials.contains(where: { holdsUnnegated(text, $0) }) { return false }
        let grounds = ["涉密", "秘密", "机密", "绝密", "保密", "不予公开", "不公开", "不宜公开", "暂缓公开", "依申请", "一定范围", "敏感",
                      "不宜", "不得公开", "不对外", "国家安全", "内部", "仅供", "仅限", "隐私"]
        return grounds.contains(where: text.holdsWord) || forbidsPublishing(text)
    }

    /// Whether a reason given beside `level: public` names what is withheld for or how (`涉及军事设施`, `不上网`,
    /// `仅向市人大报送`): a public item needs no reason, and one naming these was written for withholding.
    static func namesWithheldSubject(_ reason: String) -> Bool {
        let text = reason.trimmed
        return ["军事", "国防", "国家安全", "上网", "仅向", "仅报", "只报", "仅供", "仅限", "删除", "脱密", "机要", "涉秘"].contains(where: text.holdsWord)
    }

    /// The Traditional forms of the characters the grounds, denials and level names of `reasonWithholds` use.
    static let traditional = traditionalLevelCharacters

    /// An unknown level is treated as classified: a typo must never publish.
    private func level(_ text: String, at location: SourceLocation) -> DisclosureLevel {
        if let level = DisclosureLevel(parsing: text) { return level }
        diagnostics.error(.unknownDisclosureLevel, "无法识别的公开属性“\(text)”，应为 \(DisclosureLevel.spellings)", at: location)
        return .classified
    }

    /// A text field written plain or as `{value: …, disclosure: …}`.
    func guardedText(_ key: String, required label: String? = nil) -> Guarded<String>? {
        guard let value = node(key) else { missing(key, label); return nil }
        let at = source.location(value.mark)
        if case .mapping = value {
            guard let reader = MappingReader(value, source: source, what: "字段“\(key)”", diagnostics: &diagnostics) else { return nil }
            let text = reader.string("value", required: "内容")
            let disclosure = reader.disclosure()
            reader.finish(into: &diagnostics)
            return text.map { Guarded(value: $0, disclosure: noted(key, $0, Self.failClosed(disclosure, $0, at), at), location: at) }
        }
        // A plain or `>` text's lines were folded into one by spaces: a line that was a note is read where it was written.
        let folded = Self.isFolded(value)
        return string(key, required: label).map { Guarded(value: $0, disclosure: noted(key, $0, Self.failClosed(.public, $0, at), at, folded: folded), location: at) }
    }

    /// Whether YAML folded the value's lines into one by spaces (a plain or a `>` scalar).
    private static func isFolded(_ value: YAMLNode?) -> Bool {
        if case let .scalar(s) = value, s.style == .plain || s.style == .folded { return true }
        return false
    }

    /// A folded text's lines as written: its pieces between spaces (`保障…。 以下内容涉密 北山…`), up to a `#` written as
    /// text, which is the comment check's (`学籍统计　# 密级：机密`, reported once, there).
    private static func linesAsWritten(folded text: String) -> [Substring] {
        text.prefix { $0 != "#" && $0 != "＃" }.split(whereSeparator: { $0 == " " || $0 == "\n" })
    }

    /// A line of a public or limited plain text that only names a level (`【以下内容涉密】`, `秘密★1年`, `密级：秘密`): a
    /// plain text cannot withhold part of itself, so the note withholds nothing. GK123 at the field, withheld meanwhile.
    private func noted(_ key: String, _ text: String, _ disclosure: Disclosure, _ at: SourceLocation, folded: Bool = false) -> Disclosure {
        // An editor's hidden comment (`%% … %%`, Obsidian's) is published with the rest of a plain text.
        if disclosure.level <= .limited, text.holdsBytes("%%") {
            diagnostics.error(.hiddenComment,
                              "字段“\(key)”的文字中有“%%”：这是编辑器里的隐藏注释写法，网站不认它，%% 之间的文字会照常公开；请删去这段注释，要写百分号请只写一个“%”。该字段按涉密处理",
                              at: location(of: key))
            return Disclosure(level: .classified, reason: "文字中写有隐藏注释", location: at)
        }
        // A comment as Markdown writes it (`<!-- 备注 -->`, `[//]: # (备注)`) hides nothing in a plain text: it is no Markdown.
        if disclosure.level <= .limited, text.holdsBytes("<!--") || (text.holdsBytes("]:") && text.lines().contains(where: Self.isMarkdownComment)) {
            diagnostics.error(.hiddenComment,
                              "字段“\(key)”的文字中有注释（“<!--”或“[//]: #”）：纯文字字段不是 Markdown，注释不会隐藏，会连同其中的文字照常公开；请删去这段注释。该字段按涉密处理",
                              at: location(of: key))
            return Disclosure(level: .classified, reason: "文字中写有注释", location: at)
        }
        // A one-line text is a table's cell, marked as a row's name is (`basis: 学籍统计（涉密）`).
        if disclosure.level <= .limited, !text.utf8.contains(0x0A), let mark = Self.bracketedLevel(in: text) ?? Self.secrecyMarking(in: text) {
            diagnostics.error(.unknownDisclosureLevel,
                              "字段“\(key)”中写了公开级别“\(mark.prefix(12))”：写在文字里的级别不起作用，该项会照常公开；请把该字段写成 {value: …, disclosure: 涉密}，或删去其中的级别。该字段按涉密处理",
                              at: location(of: key))
            return Disclosure(level: .classified, reason: "文字中写有公开级别", location: at)
        }
        // Also a mark broken across two of its lines (`……（此部分涉` / `密）`, a PDF's copy).
        let written = text.lines()
        let lines = folded && text.holdsBytes(" ") ? Self.linesAsWritten(folded: text) : written
        guard disclosure.level <= .limited,
              lines.contains(where: { levelNote($0) != nil })
                || zip(written, written.dropFirst()).contains(where: { levelNoteAcrossLines($0, $1) != nil }) else { return disclosure }
        diagnostics.error(.unknownDisclosureLevel,
                          "字段“\(key)”的文字中有一行写了公开级别：纯文字字段不能只让其中一部分不公开，这一行不起作用，整段会照常公开；需要不公开的内容请写成 {value: …, disclosure: 涉密}，或删去这一行。该字段按涉密处理",
                          at: location(of: key))
        return Disclosure(level: .classified, reason: "文字中写有公开级别", location: at)
    }

    /// A line that is Markdown's comment idiom, a link reference definition to `#` or `<>` (`[//]: # (备注)`, `[comment]: <> "备注"`).
    static func isMarkdownComment(_ line: Substring) -> Bool {
        let text = line.drop { $0 == " " }
        guard text.first == "[", let close = text.range(of: "]:") else { return false }
        let target = text[close.upperBound...].drop { $0 == " " || $0 == "\t" }
        return target.hasPrefix("#") || target.hasPrefix("<>")
    }

    /// A plain text holding a fence or a `disclosure:` (reported by `string`) is withheld as classified meanwhile.
    private static func failClosed(_ disclosure: Disclosure, _ text: String, _ at: SourceLocation) -> Disclosure {
        if Fence.appearsIn(text) { return Disclosure(level: .classified, reason: "纯文字字段中含段落标记", location: at) }
        if LevelKey.appearsIn(text) { return Disclosure(level: .classified, reason: "文字中写有公开属性", location: at) }
        return disclosure
    }

    /// Markdown in a block scalar (`report: |`), split into passages by disclosure fences.
    func markdown(_ key: String) -> MarkdownSource {
        guard let text = scalarText(key, required: nil) else { return MarkdownSource(passages: [], file: source.file) }
        let at = location(of: key)
        // A block scalar's text starts on the line after its `|` marker.
        let isBlock = { if case let .scalar(s) = node(key), s.style == .literal || s.style == .folded { return true }; return false }()
        var markdown = MarkdownSource.parse(text, file: at.file, firstLine: at.line + (isBlock ? 1 : 0), column: 1, confirmed: source.confirmed,
                                            diagnostics: &diagnostics)
        if LevelKey.appearsIn(text) {
            // A level written inside the text (reported by `scalarText`): the whole text is withheld meanwhile.
            for index in markdown.passages.indices { markdown.passages[index].level = .classified }
        }
        // `report: >` or plain lines: YAML folded the lines into one by spaces, so a line that was a note (`以下内容涉密`)
        // stands inside a paragraph, where none is read. Its lines as written are read; the whole text is withheld.
        if Self.isFolded(node(key)), text.holdsBytes(" "), markdown.passages.contains(where: { $0.level <= .limited }),
           Self.linesAsWritten(folded: text).contains(where: { levelNote($0) != nil }) {
            diagnostics.error(.unknownDisclosureLevel,
                              "字段“\(key)”的文字中有一行写了公开级别，但这段文字没有用“|”书写，各行已被合并成一段，这一行不起作用，会照常公开；请把“\(key): >”或多行文字改为“\(key): |”，不予公开的段落用“::: 涉密”和结束行“:::”框起来。该字段按涉密处理",
                              at: at)
            for index in markdown.passages.indices { markdown.passages[index].level = .classified }
        }
        InlinePictures.check(markdown, diagnostics: &diagnostics)
        return markdown
    }

    // MARK: Helpers

    static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): "文字“\(s.string.prefix(20))”"
        case .mapping: "映射"
        case .sequence: "列表"
        }
    }
}

/// Elements of a YAML list, each read as a mapping.
func mappings(_ nodes: [YAMLNode], source: YAMLSource, what: String, diagnostics: inout DiagnosticList) -> [MappingReader] {
    nodes.compactMap { MappingReader($0, source: source, what: what, diagnostics: &diagnostics) }
}
