import CCmark

/// Grid tables as pandoc writes a Word table whose cells hold more than one line, which cmark 0.30 reads
/// as a paragraph of pluses and pipes:
///
///     +------------+------------+
///     | 指标       | 完成情况   |
///     +============+============+
///     | 资金到位率 | 100%       |
///     |            | （含结转） |
///     +------------+------------+
///
/// The columns are where the first line's `+` stand, counted in display columns as pandoc lines them up
/// (a Chinese character is two). A paragraph that is such a table throughout, every line lined up with
/// the first, is drawn as a pipe table is; anything else (a merged cell, a line out of place) stays text:
/// a table half drawn could put a cell's words where they do not belong.
extension Markdown {
    /// Whether some line could start a grid table (`+-`, `+:`, up to three spaces in): only then are the
    /// paragraphs read for one.
    static func mayHoldGridTable(_ markdown: String) -> Bool {
        guard markdown.holdsBytes("+-") || markdown.holdsBytes("+:") else { return false }
        return markdown.lines().contains { line in
            let indent = line.utf8.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.utf8.dropFirst(indent)
            return indent <= 3 && (rest.starts(with: "+-".utf8) || rest.starts(with: "+:".utf8))
        }
    }

    /// Turns every paragraph of `document` that is a grid table into a table. `source` is the text
    /// `document` was parsed from; paragraphs in block quotes are left as they are, as pipe tables are.
    static func convertGridTables(in document: OpaquePointer, source: String) {
        let paragraphs = nodes(in: document, where: { $0 == CMARK_NODE_PARAGRAPH })
        guard !paragraphs.isEmpty else { return }
        let lines = source.lines()
        for paragraph in paragraphs where !hasAncestor(paragraph, of: CMARK_NODE_BLOCK_QUOTE) {
            guard let own = ownLines(of: paragraph, in: lines), own.count >= 3, own[0].utf8.first == UInt8(ascii: "+"),
                  let grid = gridTable(own) else { continue }
            cmark_node_insert_before(paragraph, table(header: grid.header, alignments: grid.alignments, rows: grid.rows))
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
    }

    /// The lines of `paragraph` in `lines` (the text it was parsed from), each from the paragraph's column on (after a
    /// list item's marker, or its indent; in bytes); nil when a later line does not start there (a lazy continuation).
    static func ownLines(of paragraph: OpaquePointer, in lines: [Substring]) -> [Substring]? {
        let first = Int(cmark_node_get_start_line(paragraph)), last = Int(cmark_node_get_end_line(paragraph))
        guard first >= 1, last >= first, last <= lines.count else { return nil }
        let skip = max(Int(cmark_node_get_start_column(paragraph)) - 1, 0)
        var own: [Substring] = []
        for (k, line) in lines[(first - 1)..<last].enumerated() {
            guard k == 0 || line.utf8.prefix(skip).allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
            own.append(Substring(line.utf8.dropFirst(skip)))
        }
        return own
    }

    /// The header (when a `+===+` line follows it), alignments and rows of a grid table, or nil when the lines
    /// are not one lined up throughout.
    static func gridTable(_ lines: [Substring]) -> (header: [String]?, alignments: [Alignment], rows: [[String]])? {
        // Each line as its characters, each with the display column it starts at.
        func columns(_ line: Substring) -> (characters: [Unicode.Scalar], at: [Int], width: Int) {
            var characters: [Unicode.Scalar] = [], at: [Int] = [], width = 0
            for scalar in line.unicodeScalars {
                characters.append(scalar)
                at.append(width)
                width += displayWidth(scalar)
            }
            while let last = characters.last, last == " " || last == "\t" { characters.removeLast(); at.removeLast() }
            return (characters, at, characters.isEmpty ? 0 : at[at.count - 1] + displayWidth(characters[characters.count - 1]))
        }
        func isBorder(_ characters: [Unicode.Scalar]) -> Bool {
            characters.count >= 3 && characters.first == "+" && characters.last == "+"
                && characters.allSatisfy { $0 == "+" || $0 == "-" || $0 == "=" || $0 == ":" }
        }
        let top = columns(lines[0])
        guard isBorder(top.characters), !top.characters.contains("=") else { return nil }
        let bounds = zip(top.characters, top.at).filter { $0.0 == "+" }.map(\.1)
        let count = bounds.count - 1
        guard count >= 1, count <= maxColumns else { return nil }
        var groups: [[[String]]] = [], current: [[String]] = [], headerEnd: Int? = nil
        var alignmentLine = top.characters
        for (index, line) in lines.enumerated() {
            let row = columns(line)
            guard row.width == top.width else { return nil }
            if row.characters.first == "+" {
                guard isBorder(row.characters), zip(row.characters, row.at).filter({ $0.0 == "+" }).map(\.1) == bounds else { return nil }
                guard index == 0 || !current.isEmpty else { return nil }
                if !current.isEmpty { groups.append(current) }
                current = []
                if row.characters.contains("=") {
                    // One header separator, under exactly one row.
                    guard headerEnd == nil, groups.count == 1 else { return nil }
                    headerEnd = groups.count
                    alignmentLine = row.characters
                }
                continue
            }
            guard index > 0, row.characters.first == "|" else { return nil }
            // A pipe at every column's edge, with a character starting there (none straddling it).
            var cells: [String] = []
            var edge = 0
            for c in 0..<count {
                guard let open = row.at[edge...].firstIndex(of: bounds[c]), row.characters[open] == "|",
                      let close = row.at[(open + 1)...].firstIndex(of: bounds[c + 1]), row.characters[close] == "|" else { return nil }
                cells.append(String(String.UnicodeScalarView(row.characters[(open + 1)..<close])).trimmed)
                edge = close
            }
            current.append(cells)
        }
        // The last line closes the last row.
        guard current.isEmpty, let last = lines.last, columns(last).characters.first == "+", !groups.isEmpty else { return nil }
        // Alignment from the colons at a column's ends in the header separator (or the first line).
        let alignments: [Alignment] = (0..<count).map { c in
            let segment = Array(alignmentLine[(bounds[c] + 1)..<bounds[c + 1]])
            let left = segment.first == ":", right = segment.last == ":"
            return left && right ? .center : right ? .right : left ? .left : .none
        }
        let rows = groups.map { group in (0..<count).map { c in joinedLines(group.map { $0[c] }) } }
        guard let headerEnd else { return (nil, alignments, rows) }
        return (rows[0], alignments, Array(rows[headerEnd...]))
    }

    /// A cell's lines as one line of Markdown: a Chinese line that pandoc wrapped joins the next with
    /// nothing between (Word showed one run of text), other lines with a space; empty lines are left out.
    private static func joinedLines(_ lines: [String]) -> String {
        var text = ""
        for line in lines where !line.isEmpty {
            if let end = text.unicodeScalars.last, let start = line.unicodeScalars.first, !(displayWidth(end) == 2 && displayWidth(start) == 2) {
                text += " "
            }
            text += line
        }
        return text
    }

    /// The columns a character takes in a grid table as pandoc lines it up: two for East Asian wide and
    /// full-width characters, none for a combining mark or an invisible joiner, else one.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        case 0x200B...0x200F, 0xFE00...0xFE0F:
            return 0
        default:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: return 0
            default: return 1
            }
        }
    }
}

/// Multiline tables, as pandoc writes a Word table of one-line cells (its columns have widths), which cmark
/// reads as rules, paragraphs and a setext heading:
///
///       ------------------------------------
///       指标          分值          得分
///       ------------- ------------- --------
///       决策          15            13.5
///
///       过程          25            21.3
///       ------------------------------------
///
/// Without a header the table opens and closes with the line of columns. Each is written as the grid table
/// it means, line for line (a blank line between rows becomes a `+---+` line), so `convertGridTables` draws
/// it and every line after it keeps its number. One whose text strays into the space between two columns
/// is left as written.
extension Markdown {
    /// `markdown` with its multiline tables written as grid tables; outside code.
    static func multilineTablesAsGrid(_ markdown: String) -> String {
        guard markdown.holdsBytes("- -") else { return markdown }
        let lines = markdown.lines()
        var out: [String] = [], changed = false
        var fence: (mark: UInt8, length: Int)? = nil
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let body = line.utf8.drop { $0 == UInt8(ascii: " ") }
            let mark = body.first ?? 0, length = body.prefix { $0 == mark }.count
            if let open = fence {
                if mark == open.mark, length >= open.length { fence = nil }
            } else if line.utf8.count - body.count <= 3, mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~"), length >= 3 {
                fence = (mark, length)
            } else if i == 0 || lines[i - 1].utf8.allSatisfy({ $0 == UInt8(ascii: " ") }), let grid = multilineTable(lines, at: i) {
                out += grid
                i += grid.count
                changed = true
                continue
            }
            out.append(String(line))
            i += 1
        }
        return changed ? out.joined(separator: "\n") : markdown
    }

    /// The runs of dashes of a line holding only dashes and spaces, as display columns `start..<end`.
    private static func dashRuns(_ line: Substring) -> [Range<Int>]? {
        guard line.holdsBytes("-"), line.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: " ") }) else { return nil }
        var runs: [Range<Int>] = [], start: Int? = nil
        for (column, byte) in line.utf8.enumerated() {
            if byte == UInt8(ascii: "-") { if start == nil { start = column } } else if let s = start { runs.append(s..<column); start = nil }
        }
        if let s = start { runs.append(s..<line.utf8.count) }
        return runs.allSatisfy { $0.count >= 3 } ? runs : nil
    }

    /// The grid table meant by the multiline table whose first line is `lines[start]`, one line for each of
    /// its lines, or nil when none starts there.
    private static func multilineTable(_ lines: [Substring], at start: Int) -> [String]? {
        guard let first = dashRuns(lines[start]), let indent = first.first?.lowerBound, indent <= 3 else { return nil }
        let headed = first.count == 1
        var k = start + 1
        var columns = first
        if headed {
            // The header's lines, then the line of columns, which the top line spans.
            while k < lines.count, !lines[k].utf8.allSatisfy({ $0 == UInt8(ascii: " ") }), dashRuns(lines[k]) == nil { k += 1 }
            guard k > start + 1, k < lines.count, let runs = dashRuns(lines[k]), runs.count >= 2,
                  runs.first!.lowerBound == first[0].lowerBound, runs.last!.upperBound == first[0].upperBound else { return nil }
            columns = runs
        } else {
            guard first.count >= 2 else { return nil }
        }
        let headerEnd = headed ? k : start
        // The body, rows apart by one blank line, up to the closing line: after the line of columns under the
        // header, or right after the opening line of a table without one (its first row, k already).
        if headed { k += 1 }
        var previousBlank = true
        while k < lines.count {
            if let runs = dashRuns(lines[k]) {
                guard !previousBlank, headed ? runs == first : runs == columns else { return nil }
                break
            }
            let blank = lines[k].utf8.allSatisfy { $0 == UInt8(ascii: " ") }
            guard !(blank && previousBlank) else { return nil }
            previousBlank = blank
            k += 1
        }
        guard k < lines.count, k > headerEnd + 1, k + 1 == lines.count || lines[k + 1].utf8.allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
        let end = k
        // Every text line cut into its columns' text; nothing may stand between two columns.
        var cells: [Int: [String]] = [:]
        for index in (start + 1)..<end where index != headerEnd && !lines[index].utf8.allSatisfy({ $0 == UInt8(ascii: " ") }) {
            var texts = [String](repeating: "", count: columns.count)
            var column = 0
            for scalar in lines[index].unicodeScalars {
                let width = displayWidth(scalar)
                defer { column += width }
                let c = columns.firstIndex { column < $0.upperBound } ?? columns.count - 1
                let inside = column >= columns[c].lowerBound && (c == columns.count - 1 || column + width <= columns[c].upperBound)
                guard inside || scalar == " " else { return nil }
                if inside { texts[c].unicodeScalars.append(scalar) }
            }
            cells[index] = texts.map(\.trimmed)
        }
        // Column widths of the grid: its widest text.
        var widths = columns.map { _ in 1 }
        for texts in cells.values { for (c, text) in texts.enumerated() { widths[c] = max(widths[c], text.unicodeScalars.reduce(0) { $0 + displayWidth($1) }) } }
        let pad = String(repeating: " ", count: indent)
        func border(_ fill: Character) -> String { pad + "+" + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: "+") + "+" }
        var grid: [String] = []
        for index in start...end {
            if let texts = cells[index] {
                grid.append(pad + "|" + zip(texts, widths).map { text, width in
                    " " + text + String(repeating: " ", count: width - text.unicodeScalars.reduce(0) { $0 + displayWidth($1) }) + " "
                }.joined(separator: "|") + "|")
            } else {
                grid.append(border(index == headerEnd && headed ? "=" : "-"))
            }
        }
        return grid
    }
}
