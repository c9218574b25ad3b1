import GongkaiCore

/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterFile {
    var yaml: String
    /// File line of the YAML's first line.
    var yamlFirstLine: Int
    var body: String
    /// File line of the body's first line.
    var bodyFirstLine: Int

    /// `split`, for the loaders: also an error (`GK003`) and no file when a line of the body writes a
    /// level (`disclosure: 涉密`, also inside a flow mapping `{value: …, disclosure: 涉密}`, in any
    /// ASCII case, with a full-width colon) — the front matter ended before it (a stray `---`), so the level was
    /// never read and the text it meant to withhold would be published, the level line as a heading.
    /// A fenced code block (a guide showing the format) is text.
    static func read(_ text: String, file: String, diagnostics: inout DiagnosticList) -> FrontMatterFile? {
        guard let parts = split(text, file: file, diagnostics: &diagnostics) else { return nil }
        guard LevelKey.appearsIn(parts.body) else { return parts }
        var fence: Character?
        for (index, line) in parts.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let rest = line.drop { $0.isWhitespace }
            if let mark = rest.first, mark == "`" || mark == "~", rest.prefix(3).allSatisfy({ $0 == mark }), rest.count >= 3 {
                fence = fence == nil ? mark : (fence == mark ? nil : fence)
                continue
            }
            guard fence == nil else { continue }
            // At the start of the line, after `- `, or inside a flow mapping (`problems: {value: …, disclosure: 涉密}`).
            guard let column = LevelKey.column(in: line) else { continue }
            diagnostics.error(.frontMatter, "正文中写着“disclosure:”：公开属性只能写在文件头（两行“---”之间），写在正文里不起作用，这段文字会照常公开；多半是文件头中间多了一行“---”。修正前本文件不予发布",
                              at: SourceLocation(file: file, line: parts.bodyFirstLine + index, column: column))
            return nil
        }
        return parts
    }

    /// Splits `---\n yaml \n---\n body`. Reports `GK003` when the front matter is missing or unterminated.
    ///
    /// A delimiter may carry spaces after its dashes and a tab or full-width space before them, as
    /// hand-edited files do. A `---` indented by ASCII spaces is YAML text (a Markdown rule inside a
    /// `report: |`), never the end: read as the end, the rest of the header — the second half of a
    /// classified report, a withheld item written after it — would become the public body. A `---`
    /// led by a tab or a full-width space inside a multi-line text is an error: YAML cannot read it as
    /// text, and as the end it would publish what follows.
    static func split(_ text: String, file: String, diagnostics: inout DiagnosticList) -> FrontMatterFile? {
        let content = Substring(text) // BOM and line ends were normalised when the file was read
        // Walk line by line over UTF-8 without splitting the whole file: files can be long.
        let utf8 = content.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        var block = BlockScalar()
        var indentedRule: Int?  // the first ASCII-indented `---` inside the header, for the message
        while lineStart < utf8.endIndex {
            let newline = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            // Cut from the UTF-8 view: a line feed is always a Character boundary, and slicing the text itself
            // would look for the nearest one again at both ends of every line.
            let line = Substring(utf8[lineStart..<newline])
            lineNumber += 1
            let next = newline < utf8.endIndex ? utf8.index(after: newline) : newline
            // Only a line holding "---" can be one once trimmed: most lines are not copied to find out.
            if Self.holdsThreeDashes(line.utf8), line.trimmed == "---" {
                if let start = yamlStart {
                    if line.first == " " {
                        indentedRule = indentedRule ?? lineNumber
                        lineStart = next
                        continue
                    }
                    if line.first != "-", block.isOpen {
                        diagnostics.error(.frontMatter, "多行文字中的“---”行以制表符或全角空格开头：无法判断它是 YAML 文件头的结束还是文字中的分隔线；文件头的结束行“---”请顶格书写，文字中的分隔线请与上下文一样用空格缩进",
                                          at: SourceLocation(file: file, line: lineNumber, column: 1))
                        return nil
                    }
                    if let parent = block.parent, let (continued, indent) = Self.firstTextLine(content[next...]), indent > parent {
                        // `report: |` … `---` … an indented line: a rule written flush left inside the text.
                        // Read as the end, the rest of the text (and of the header) would be the public body.
                        diagnostics.error(.frontMatter, "多行文字中间有一行顶格的“---”，被当作了文件头的结束，而下面第 \(lineNumber + continued) 行仍按多行文字缩进：文字中的分隔线请与上下文一样用空格缩进；若文件头确实在此结束，正文请顶格书写",
                                          at: SourceLocation(file: file, line: lineNumber, column: 1))
                        return nil
                    }
                    return FrontMatterFile(yaml: String(content[start..<lineStart]), yamlFirstLine: 2,
                                           body: String(content[next...]), bodyFirstLine: lineNumber + 1)
                }
                yamlStart = next
            } else if yamlStart == nil {
                break
            } else {
                block.read(line)
            }
            lineStart = next
        }
        if yamlStart == nil {
            diagnostics.error(.frontMatter, "文件应以“---”开头的 YAML 文件头（front matter）开始", at: SourceLocation(file: file))
        } else if let indentedRule {
            diagnostics.error(.frontMatter, "YAML 文件头缺少结束行“---”：第 \(indentedRule) 行的“---”前面有空格，按多行文字的内容读取；文件头的结束行请顶格书写",
                              at: SourceLocation(file: file, line: indentedRule, column: 1))
        } else {
            diagnostics.error(.frontMatter, "YAML 文件头缺少结束行“---”", at: SourceLocation(file: file))
        }
        return nil
    }

    /// The first line of `body` holding more than spaces: its offset (1 for the first line) and its
    /// indentation in ASCII spaces.
    private static func firstTextLine(_ body: Substring) -> (offset: Int, indent: Int)? {
        for (index, line) in body.lines().enumerated() where !line.allSatisfy(\.isWhitespace) {
            return (index + 1, line.prefix { $0 == " " }.count)
        }
        return nil
    }

    /// Whether the header lines read so far end inside a YAML block text (`report: |`, `- >-`): a
    /// line more indented than the line that opened it, or blank, continues it. Generous on purpose —
    /// a line counted in a block that YAML would end only makes an ambiguous `---` an error.
    struct BlockScalar {
        /// Indentation (ASCII spaces) of the line that opened the open block text; nil when none is open.
        var parent: Int?

        var isOpen: Bool { parent != nil }

        mutating func read(_ line: Substring) {
            let (indent, rest) = Self.indentation(line)
            if let parent, indent > parent || rest.allSatisfy({ $0.isWhitespace }) { return }
            parent = Self.opensBlock(rest) ? indent : nil
        }

        /// The leading spaces counted as Characters, and the rest of the line. Counted on bytes: only the
        /// last space can join what follows it into one Character (a combining mark, a joiner), and only
        /// then are the Characters walked.
        static func indentation(_ line: Substring) -> (Int, Substring) {
            let utf8 = line.utf8
            let spaces = utf8.prefix { $0 == UInt8(ascii: " ") }.count
            let after = utf8.index(utf8.startIndex, offsetBy: spaces)
            if spaces > 0, after != utf8.endIndex, utf8[after] >= 0x80 {
                let next = line.unicodeScalars[after].properties
                if next.isGraphemeExtend || next.isEmojiModifier || next.generalCategory == .spacingMark || line.unicodeScalars[after] == "\u{200D}" {
                    let indent = line.prefix { $0 == " " }.count
                    return (indent, line.dropFirst(indent))
                }
            }
            return (spaces, Substring(utf8[after...]))
        }

        /// `key: |`, `- >-`, `key: |2 # 注释`: a block indicator after a colon or a list dash.
        static func opensBlock(_ text: Substring) -> Bool {
            // Nearly every header line has neither mark: asked for each of them, so no words are made then.
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: ">") }) else { return false }
            var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let comment = words.firstIndex(where: { $0.hasPrefix("#") }), comment > 0 { words = Array(words[..<comment]) }
            guard let indicator = words.last, let first = indicator.first, first == "|" || first == ">",
                  indicator.dropFirst().allSatisfy({ "+-0123456789".holdsMark($0) }), words.count >= 2 else { return false }
            let before = words[words.count - 2]
            return before.hasSuffix(":") || before == "-"
        }
    }

    private static func holdsThreeDashes(_ bytes: Substring.UTF8View) -> Bool {
        var run = 0
        for byte in bytes {
            run = byte == UInt8(ascii: "-") ? run + 1 : 0
            if run == 3 { return true }
        }
        return false
    }
}

/// Identifiers that become parts of URLs and file names: codes and page paths.
enum Slug {
    /// Codes of departments, units and projects: letters, digits, `-`, `_`, `.`; no `..`, no `.` at the end
    /// (Windows file systems drop it: `jyj-001./` would be the folder of `jyj-001/`).
    static func isValidCode(_ code: String) -> Bool {
        guard (1...64).contains(code.count), !code.contains(".."), !code.hasSuffix("."), let first = code.unicodeScalars.first,
              CharacterSet.asciiLetters.contains(first) || ("0"..."9").contains(first) else { return false }
        return code.unicodeScalars.allSatisfy { CharacterSet.asciiLetters.contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// A page path component: lowercase ASCII letters, digits and `-`.
    static func isValidPathComponent(_ part: String) -> Bool {
        guard (1...80).contains(part.count), let first = part.first, first != "-" else { return false }
        return part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

import Foundation

extension CharacterSet {
    static let asciiLetters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
