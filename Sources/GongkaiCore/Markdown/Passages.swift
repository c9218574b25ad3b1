/// A Markdown text split into passages by disclosure level.
///
/// Clerks fence a withheld passage with lines of three colons naming its level:
///
///     ::: 涉密
///     这段不会出现在任何输出中。
///     :::
///
/// Fences nest; the strictest open fence wins. The fence lines never reach the output.
public struct MarkdownSource: Hashable, Sendable {
    public struct Passage: Hashable, Sendable {
        public var level: DisclosureLevel
        /// Who may receive a limited passage (`::: limited 人大`); the innermost fence's scope.
        public var scope: [String]
        public var text: String
        /// Line of the passage's first line in its file.
        public var line: Int
    }

    public var passages: [Passage]
    /// The file the text came from, for positions of withheld passages.
    public var file: String

    public init(passages: [Passage], file: String) {
        self.passages = passages
        self.file = file
    }

    /// The text of the passages marked `true` in `visible` (one flag per passage), with a blank
    /// line where a withheld passage was cut so that paragraphs around it do not run together.
    public func text(including visible: [Bool]) -> String {
        var pieces: [String] = []
        for (passage, shown) in zip(passages, visible) {
            if shown {
                pieces.append(passage.text)
            } else if pieces.last != "" {
                pieces.append("")
            }
        }
        return pieces.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// The text of the passages whose level `allowed` accepts.
    public func text(visibleAt allowed: (DisclosureLevel) -> Bool) -> String {
        text(including: passages.map { allowed($0.level) })
    }

    public var isEmpty: Bool { passages.allSatisfy { $0.text.trimmed.isEmpty } }

    /// Splits `text` into passages. `firstLine` is the file line of the text's first line;
    /// problems go to `diagnostics` with their file position.
    public static func parse(_ text: String, file: String, firstLine: Int, column: Int = 1,
                             diagnostics: inout DiagnosticList) -> MarkdownSource {
        var passages: [Passage] = []
        var stack: [(level: DisclosureLevel, scope: [String], line: Int)] = []
        var current: [String] = []
        var currentLevel = DisclosureLevel.public
        var currentScope: [String] = []
        var currentStart = firstLine

        func flush(next line: Int) {
            if !current.isEmpty {
                passages.append(Passage(level: currentLevel, scope: currentScope, text: current.joined(separator: "\n"), line: currentStart))
            }
            current = []
            currentStart = line
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = firstLine + index
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard line.hasPrefix(":::") else {
                current.append(String(line))
                continue
            }
            let word = line.drop(while: { $0 == ":" }).trimmed
            flush(next: lineNumber + 1)
            if word.isEmpty {
                if stack.popLast() == nil {
                    diagnostics.error(.passageFence, "多余的段落结束标记“:::”：前面没有对应的开始标记（如“::: 涉密”）",
                                      at: SourceLocation(file: file, line: lineNumber, column: column))
                }
            } else if let level = DisclosureLevel(parsing: String(word.split(separator: " ").first ?? "")) {
                // `::: limited 人大` — words after the level name the scope.
                stack.append((level, word.split(separator: " ").dropFirst().map(String.init), lineNumber))
            } else {
                // An unknown word may be a typo of 涉密: withhold rather than guess.
                diagnostics.error(.passageFence, "无法识别的段落公开属性“\(word)”，应为 \(DisclosureLevel.spellings)",
                                  at: SourceLocation(file: file, line: lineNumber, column: column + 4))
                stack.append((.classified, [], lineNumber))
            }
            currentLevel = stack.map(\.level).max() ?? .public
            currentScope = stack.last?.scope ?? []
        }
        flush(next: firstLine + lines.count)
        for open in stack {
            diagnostics.error(.passageFence, "段落标记“::: \(open.level.chineseName)”没有结束标记“:::”，其后全部内容将不予公开",
                              at: SourceLocation(file: file, line: open.line, column: column))
        }
        return MarkdownSource(passages: passages, file: file)
    }
}
