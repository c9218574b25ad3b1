import CYaml
import GongkaiCore

extension YAMLSource {
    /// A YAML comment that names a level (`problems: 一是……  # 涉密`, `# disclosure: 秘密` above a field):
    /// the clerk meant to withhold, and a comment withholds nothing — the field would be published. Each
    /// is GK123, so the build stops until the level is written where it counts. A longer comment that only
    /// mentions a level (`# 页面上说明部分内容不予公开的提示语`) is left alone.
    func reportCommentedLevels(_ text: String, diagnostics: inout DiagnosticList) {
        for (line, column, written, fullWidth) in Self.levelComments(text) {
            // Only its first words: what follows the level is never published and may be the very thing to withhold.
            let comment = Fence.quotable(written.drop { $0 == "#" || $0.isWhitespace }.trimmed)
            diagnostics.error(.unknownDisclosureLevel, fullWidth
                              ? "“#\(comment)”不是 YAML 注释（“＃”是全角的，或它前面不是半角空格：紧跟着文字，或是全角空格、不间断空格等），而是文字的一部分，写了公开级别也不起作用，会照常公开：请把级别写进该项的 disclosure（如 disclosure: 涉密）"
                              : "注释“#\(comment)”写了公开级别，但注释不起作用，这里的内容会照常公开：请把级别写进该项的 disclosure（如 disclosure: 涉密），或删去这条注释",
                              at: SourceLocation(file: file, line: line + lineOffset, column: column))
        }
    }

    /// The comments of a YAML text that name a withholding level, with their 1-based line and column.
    /// A `#` is a comment's when it starts a line or follows a space, outside every scalar (the scanner's
    /// tokens say where texts are: a `#` inside `report: |` or a quoted text is text).
    /// A `#` after a full-width space (U+3000) or another space that is not YAML's, or straight after a word,
    /// and a full-width `＃`, look like a comment and are text; they are named too.
    static func levelComments(_ text: String) -> [(line: Int, column: Int, comment: String, fullWidth: Bool)] {
        // Every `#` or `＃` after a space whose rest of line would name a level; most files have none. Read
        // as bytes: walking every line by characters in each header holding a comment cost more than
        // composing the file.
        let candidates = text.utf8.withContiguousStorageIfAvailable { commentCandidates($0) } ?? Array(text.utf8).withUnsafeBufferPointer { commentCandidates($0) }
        guard !candidates.isEmpty else { return [] }
        let texts = scalarSpans(text)
        var lines = Set<Int>()
        return candidates.filter { c in
            (c.fullWidth || !texts.contains { ($0.start.line, $0.start.column) <= (c.line, c.column) && (c.line, c.column) < ($0.end.line, $0.end.column) })
                && lines.insert(c.line).inserted
        }
    }

    private static func commentCandidates(_ bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, column: Int, comment: String, fullWidth: Bool)] {
        var candidates: [(line: Int, column: Int, comment: String, fullWidth: Bool)] = []
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1; lineStart = i + 1; i += 1; continue }
            // `#`, or `＃` (EF BC 83).
            let width = b == UInt8(ascii: "#") ? 1 : b == 0xEF && i + 2 < bytes.count && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x83 ? 3 : 0
            guard width > 0 else { i += 1; continue }
            let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self)
            let previous = before.last ?? " "
            // YAML's comment is `#` after a space or tab; a `＃`, or a `#` after another space (full-width,
            // no-break, em — pasted from a word processor), looks the same to the clerk and is text.
            // Written straight after a word (`学籍统计#涉密`) it is text too, and meant as a note all the same.
            var end = i
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let comment = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + width)..<end]), as: UTF8.self)
            let text = width == 3 || !(previous == " " || previous == "\t")
            // A `＃` (or a `#` after a no-break space) first on its line is a heading in a report's text,
            // not a note beside a field; a `#` after a full-width space is named wherever it is, as before.
            let leads = text && previous.isWhitespace && !(width == 1 && previous == "\u{3000}") && before.allSatisfy(\.isWhitespace)
            if !leads, namesLevel(comment) { candidates.append((line, before.count + 1, comment, text)) }
            i += width
        }
        return candidates
    }

    /// A `#` after a space and straight before a word, just after a plain text on its line (`problems: 一是…偏低 #2 监测点数据
    /// 缺失；二是…`, `goal: 完成 #3号楼改造`): YAML reads a comment from there, so the rest of the line is never published,
    /// without a word. Named (GK107) at the `#`. A note written as one (`# 说明`, a space after the `#`), a `#` inside a quoted
    /// or block text, and one on a line of its own are left alone.
    func reportCommentsCuttingText(_ text: String, diagnostics: inout DiagnosticList) {
        for (line, column) in Self.textCuttingComments(text) {
            diagnostics.warning(.commentCutsText, "YAML 把空格后的“#”当作注释的开始：本行“#”及其后的文字不会发布。如这是文字（如编号 #2），请给整个值加上引号；如是注释，请在“#”后加一个空格",
                                at: SourceLocation(file: file, line: line + lineOffset, column: column))
        }
    }

    /// The 1-based line and column of each `#` that `reportCommentsCuttingText` names.
    static func textCuttingComments(_ text: String) -> [(line: Int, column: Int)] {
        // Most files have no `#` after a space and before a word: the scanner runs only for those that do. Read as bytes
        // (every file's header is read so), the column counted in characters only for a `#` found.
        var candidates: [(line: Int, column: Int)] = []
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var line = 1, lineStart = 0, leading = true
            for i in bytes.indices {
                let b = bytes[i]
                if b == 0x0A { line += 1; lineStart = i + 1; leading = true; continue }
                if b == UInt8(ascii: "#"), !leading, i > 0, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09, i + 1 < bytes.count {
                    let next = bytes[i + 1]
                    // Not a space, a tab, a line end, another `#` or a full-width space (E3 80 80): a word follows.
                    let ideographicSpace = next == 0xE3 && i + 3 < bytes.count && bytes[i + 2] == 0x80 && bytes[i + 3] == 0x80
                    if next != 0x20, next != 0x09, next != 0x0A, next != 0x0D, next != UInt8(ascii: "#"), !ideographicSpace {
                        let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self)
                        candidates.append((line, before.count + 1))
                    }
                }
                if b != 0x20, b != 0x09, b != 0x0D { leading = false }
            }
        }
        var copy = text
        copy.withUTF8 { scan($0) }
        guard !candidates.isEmpty else { return [] }
        let spans = scalarSpans(text)
        return candidates.filter { c in
            !spans.contains { ($0.start.line, $0.start.column) <= (c.line, c.column) && (c.line, c.column) < ($0.end.line, $0.end.column) }
                && spans.contains { $0.plain && $0.end.line == c.line && $0.end.column <= c.column }
        }
    }

    /// Whether a comment's words name a withholding level: the level alone (`涉密`, `classified`), after a
    /// key (`disclosure: 涉密`, `密级：秘密`), or a short note whose words are a ground to withhold (`此项涉密`).
    static func namesLevel(_ comment: String) -> Bool {
        let text = comment.drop { $0 == "#" }.trimmed
        guard !text.isEmpty else { return false }
        if let level = DisclosureLevel(parsing: text) { return level != .public }
        for key in ["disclosure", "公开属性", "公开级别", "密级", "level"] where text.lowercased().hasPrefix(key) {
            let value = text.dropFirst(key.count).drop { " \t:：\u{3000}".holdsMark($0) }.trimmed
            return MappingReader.reasonWithholds(value)
        }
        // A longer comment names one as a line of text does (`# 以下指标涉及国家秘密，依照保密法规定不予公开`,
        // `# 注意：此行涉密，发布前务必删除`, `# 北山工程（涉密）`).
        guard text.count <= 12 else { return levelNote(Substring(text)) != nil }
        // A topic of secrecy or internal work (`# 依据国家保密局文件`, `# 保密费按实际列支`, `# 内部控制类指标`) names no ground
        // to withhold: its words are read without the topic's, so `# 保密费 涉密` still names one.
        var words = String(text)
        for topic in ["保密局", "保密办", "保密委员会", "保密委", "保密费", "保密工作", "保密检查", "保密培训", "保密教育", "保密宣传", "保密技术", "保密法",
                      "内部控制", "内部审计", "内控"] where words.holdsWord(topic) {
            words = words.replacingOccurrences(of: topic, with: "")
        }
        // A clerk's reminder to take the field out before publishing (`# 这句发布前删掉`, `# 北山这段别上网`, `# 仅报人大`,
        // `# 待脱敏`, found this round): the field is published as it stands.
        let reminders = ["前删", "删掉", "不要发", "别发", "不发布", "上网", "脱敏", "脱密", "仅报", "只报"]
        return !words.trimmed.isEmpty && (MappingReader.reasonWithholds(words) || reminders.contains(where: words.holdsWord))
    }

    /// Where each scalar (plain, quoted or block text) starts and ends, 1-based, in characters.
    private static func scalarSpans(_ text: String) -> [(start: (line: Int, column: Int), end: (line: Int, column: Int), plain: Bool)] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var spans: [(start: (line: Int, column: Int), end: (line: Int, column: Int), plain: Bool)] = []
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                if token.type == YAML_STREAM_END_TOKEN { break }
                if token.type == YAML_SCALAR_TOKEN {
                    // A block text (`|`, `>-`) starts at its indicator, but its text on the next line: a comment
                    // after the indicator is a comment.
                    let style = token.data.scalar.style
                    if style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE {
                        spans.append(((Int(token.start_mark.line) + 2, 1), (Int(token.end_mark.line) + 1, Int(token.end_mark.column) + 1), false))
                        continue
                    }
                    spans.append(((Int(token.start_mark.line) + 1, Int(token.start_mark.column) + 1),
                                  (Int(token.end_mark.line) + 1, Int(token.end_mark.column) + 1), style == YAML_PLAIN_SCALAR_STYLE))
                }
            }
            return spans
        }
    }
}
