import CCmark
import Foundation

/// Pipe tables as GitHub writes them (评分表 and 指标表 in evaluation reports), which cmark 0.30 reads as
/// a paragraph of pipes:
///
///     | 指标 | 分值 | 得分 |
///     |---|:---:|---:|
///     | 产出指标 | 50 | 48 |
///
/// A paragraph holding a header row and a delimiter row below it becomes a table made of cmark's custom
/// nodes, whose markup is gongkai's own. Each cell's text is parsed by cmark on its own, with the same
/// options, so cmark's safe defaults hold inside cells as everywhere else; the cells' text comes only from
/// the Markdown being rendered.
extension Markdown {
    enum Alignment { case none, left, center, right }

    /// The widest table drawn: the most columns one cell may span (HTML's limit on colspan), far beyond any
    /// report's. A wider one is left as the text it was written as.
    static let maxColumns = 1_000

    /// The name of a table's scrolling region. A page's texts are drawn one by one, so a page holding more
    /// than one table numbers them once it is whole (`numberingTables`): landmarks named alike cannot be
    /// told apart (axe: landmark-unique). Clerks' text never writes it: its quotes are escaped.
    static let tableLabel = "aria-label=\"表格\""

    /// `page` with its tables' regions named 表格 1, 表格 2 … when it holds more than one.
    public static func numberingTables(in page: String) -> String {
        // Every page is asked, and very few hold two tables: C's strstr answers that at memory speed, where
        // Foundation's search over each whole page was a sixth of a build's time.
        let twoTables = page.withCString { text in
            tableLabel.withCString { label in
                guard let first = strstr(text, label) else { return false }
                return strstr(first + strlen(label), label) != nil
            }
        }
        guard twoTables else { return page }
        let parts = page.components(separatedBy: tableLabel)
        guard parts.count > 2 else { return page }
        var numbered = parts[0]
        for (n, part) in parts.dropFirst().enumerated() { numbered += "aria-label=\"表格 \(n + 1)\"" + part }
        return numbered
    }

    /// Whether some line could be a delimiter row: only then is the text parsed into a tree for tables.
    static func mayHoldTable(_ markdown: String) -> Bool {
        guard markdown.holdsBytes("|") else { return false }
        return markdown.lines().contains { delimiterRow($0) != nil }
    }

    /// The alignments of a delimiter row's cells (`---`, `:---`, `:---:`, `---:`), or nil when the line is
    /// not one. It holds at least one pipe, so `---` alone stays a rule.
    static func delimiterRow(_ line: Substring) -> [Alignment]? {
        guard line.holdsBytes("|"), line.holdsBytes("-") else { return nil }
        var alignments: [Alignment] = []
        for cell in cells(of: line) {
            let left = cell.hasPrefix(":"), right = cell.count > 1 && cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : left ? .left : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// A row's cells, trimmed: the outer pipes are optional, `\|` is a pipe inside a cell (in code too).
    static func cells(of line: Substring) -> [String] {
        var rest = line.trimmingCharacters(in: .whitespaces)[...]
        if rest.hasPrefix("|") { rest = rest.dropFirst() }
        if rest.hasSuffix("|"), !rest.hasSuffix("\\|") { rest = rest.dropLast() }
        var cells: [String] = [], cell = ""
        var i = rest.startIndex
        while i < rest.endIndex {
            let c = rest[i]
            let next = rest.index(after: i)
            if c == "\\", next < rest.endIndex, rest[next] == "|" {
                cell.append("|")
                i = rest.index(after: next)
                continue
            }
            if c == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(c)
            }
            i = next
        }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// Whether some node above `node` is of `type` (a paragraph in a block quote, an image in a table's cell).
    static func hasAncestor(_ node: OpaquePointer, of type: cmark_node_type) -> Bool {
        var ancestor = cmark_node_parent(node)
        while let a = ancestor {
            if cmark_node_get_type(a) == type { return true }
            ancestor = cmark_node_parent(a)
        }
        return false
    }

    /// Turns every paragraph of `document` that holds a table into one. `source` is the text `document`
    /// was parsed from. Paragraphs in block quotes are left as they are: their lines carry the quote marks.
    static func convertTables(in document: OpaquePointer, source: String) {
        let paragraphs = nodes(in: document, where: { $0 == CMARK_NODE_PARAGRAPH })
        guard !paragraphs.isEmpty else { return }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for paragraph in paragraphs {
            let quoted = hasAncestor(paragraph, of: CMARK_NODE_BLOCK_QUOTE)
            let first = Int(cmark_node_get_start_line(paragraph)), last = Int(cmark_node_get_end_line(paragraph))
            guard !quoted, first >= 1, last > first, last <= lines.count else { continue }
            var own = Array(lines[(first - 1)..<last])
            // The first line starts at the paragraph's column (after a list item's marker), in bytes.
            let skip = max(Int(cmark_node_get_start_column(paragraph)) - 1, 0)
            own[0] = Substring(String(decoding: own[0].utf8.dropFirst(skip), as: UTF8.self))
            guard let header = (0..<(own.count - 1)).first(where: { k in
                guard own[k].contains("|"), let alignments = delimiterRow(own[k + 1]), alignments.count <= maxColumns else { return false }
                return cells(of: own[k]).count == alignments.count
            }) else { continue }
            let alignments = delimiterRow(own[header + 1])!
            // Lines above the header row stay a paragraph of their own.
            if header > 0 {
                let above = own[..<header].joined(separator: "\n")
                above.withCString { pointer in
                    guard let parsed = cmark_parse_document(pointer, strlen(pointer), options) else { return }
                    defer { cmark_node_free(parsed) }
                    while let block = cmark_node_first_child(parsed) {
                        cmark_node_unlink(block)
                        cmark_node_insert_before(paragraph, block)
                    }
                }
            }
            let rows = own[(header + 2)...].map { cells(of: $0) }
            cmark_node_insert_before(paragraph, table(header: cells(of: own[header]), alignments: alignments, rows: rows))
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
    }

    /// A table of cmark's custom nodes; without `header`, a table without a head (a grid table without `+===+`).
    static func table(header: [String]?, alignments: [Alignment], rows: [[String]]) -> OpaquePointer {
        func block(_ enter: String, _ exit: String) -> OpaquePointer {
            let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(node, enter)
            cmark_node_set_on_exit(node, exit)
            return node
        }
        func row(_ cells: [String], heading: Bool) -> OpaquePointer {
            let tr = block("<tr>", "</tr>")
            // A short row is completed by one empty cell spanning the missing columns (one per column made
            // the output grow with columns × rows: quadratic in the text); a long one keeps its cells, so no
            // text is lost.
            let missing = alignments.count - cells.count
            for (i, text) in (missing == 1 ? cells + [""] : cells).enumerated() {
                let align = switch i < alignments.count ? alignments[i] : .none {
                case .none: ""
                case .left: " class=\"align-left\""
                case .center: " class=\"align-center\""
                case .right: " class=\"align-right\""
                }
                let cell = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                // An empty header cell names no column (the corner above row names): a plain cell, not a blank heading.
                let header = heading && !text.isEmpty
                cmark_node_set_on_enter(cell, header ? "<th scope=\"col\"\(align)>" : "<td\(align)>")
                cmark_node_set_on_exit(cell, header ? "</th>" : "</td>")
                appendInlines(of: text, to: cell)
                cmark_node_append_child(tr, cell)
            }
            if missing > 1 {
                let cell = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(cell, "<td colspan=\"\(missing)\">")
                cmark_node_set_on_exit(cell, "</td>")
                cmark_node_append_child(tr, cell)
            }
            return tr
        }
        let table = block("<div class=\"table-wrap\" role=\"region\" \(tableLabel) tabindex=\"0\">\n<table>", "</table>\n</div>")
        if let header {
            let head = block("<thead>", "</thead>")
            cmark_node_append_child(head, row(header, heading: true))
            cmark_node_append_child(table, head)
        }
        if !rows.isEmpty {
            let body = block("<tbody>", "</tbody>")
            for cells in rows { cmark_node_append_child(body, row(cells, heading: false)) }
            cmark_node_append_child(table, body)
        }
        return table
    }

    /// A cell's text as inline Markdown: what would start a block (`# `, `- `, `> `, `1. `) is written as
    /// text, as in a table cell on GitHub; anything else that is not one paragraph is shown as written.
    private static func appendInlines(of text: String, to cell: OpaquePointer) {
        guard !text.isEmpty else { return }
        var inline = text
        if startsBlock(inline) {
            inline = "\\" + inline
        } else if let marker = inline.firstIndex(where: { !($0.isASCII && $0.isNumber) }), marker != inline.startIndex,
                  inline[marker] == "." || inline[marker] == ")",
                  inline.index(after: marker) == inline.endIndex || inline[inline.index(after: marker)] == " " {
            inline.insert("\\", at: marker)   // `1. ` would start a list
        }
        inline.withCString { pointer in
            if let parsed = cmark_parse_document(pointer, strlen(pointer), options) {
                defer { cmark_node_free(parsed) }
                if let paragraph = cmark_node_first_child(parsed), cmark_node_next(paragraph) == nil,
                   cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH {
                    while let child = cmark_node_first_child(paragraph) {
                        cmark_node_unlink(child)
                        cmark_node_append_child(cell, child)
                    }
                    return
                }
            }
            let literal = cmark_node_new(CMARK_NODE_TEXT)!
            cmark_node_set_literal(literal, text)
            cmark_node_append_child(cell, literal)
        }
    }

    /// Whether one line of text, alone, would be read as the start of a block other than a paragraph.
    static func startsBlock(_ line: String) -> Bool {
        guard let first = line.first else { return false }
        let rest = line.dropFirst()
        let spaced = rest.isEmpty || rest.first == " " || rest.first == "\t"
        switch first {
        case ">": return true
        case "#":
            let after = line.drop { $0 == "#" }
            return line.count - after.count <= 6 && (after.isEmpty || after.first == " " || after.first == "\t")
        case "-", "*", "_", "+":
            let rule = first != "+" && line.allSatisfy { $0 == first || $0 == " " || $0 == "\t" } && line.count { $0 == first } >= 3
            return rule || (first != "_" && spaced)
        case "`", "~": return line.hasPrefix(String(repeating: first, count: 3))
        default: return false
        }
    }
}
