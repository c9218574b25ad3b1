import CCmark
import Foundation

/// Footnotes (注释) as pandoc writes a Word report's notes and GitHub reads them:
///
///     项目资金已全部拨付[^1]。
///
///     [^1]: 含上年结转资金12万元。
///         A line indented by four spaces continues the note.
///
/// cmark 0.30 has none: it read a note as a link definition, so the note's text vanished. A note's text is
/// Markdown read with the same options as the rest; the notes follow the text in a list, numbered in the
/// order they are first referred to (a note referred to nowhere comes last: no text is lost), and a
/// reference reads `[1]`. No anchors: a page draws several texts, and their notes' ids would clash.
extension Markdown {
    struct Footnote {
        /// As written between `[^` and `]`.
        var label: String
        /// The 1-based line of its `[^label]:` in the text.
        var line: Int
        /// Its Markdown, continuation lines unindented.
        var text: String
    }

    /// Whether the text could hold a footnote: only then are its lines read for notes.
    static func mayHoldFootnotes(_ markdown: String) -> Bool {
        markdown.withCString { strstr($0, "[^") != nil }
    }

    /// The text with its notes' lines blanked (so every other line keeps its number), and the notes.
    /// A note starts at a line of its own after a blank line (as a link definition: it does not interrupt a
    /// paragraph), up to three spaces in, outside fenced code.
    static func separateFootnotes(_ markdown: String) -> (body: String, notes: [Footnote]) {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var notes: [Footnote] = []
        var fence: (marker: Character, count: Int)?
        var i = 0
        func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        func indented(_ line: Substring) -> Substring? {
            if line.hasPrefix("\t") { return line.dropFirst() }
            return line.hasPrefix("    ") ? line.dropFirst(4) : nil
        }
        while i < lines.count {
            let line = lines[i]
            let lead = line.prefix { $0 == " " }
            let rest = line.dropFirst(lead.count)
            if let open = fence {
                let run = rest.prefix { $0 == open.marker }
                if lead.count <= 3, run.count >= open.count, isBlank(rest.dropFirst(run.count)) { fence = nil }
                i += 1
                continue
            }
            if lead.count <= 3, let marker = rest.first, marker == "`" || marker == "~" {
                let run = rest.prefix { $0 == marker }
                if run.count >= 3, marker == "~" || !rest.dropFirst(run.count).contains("`") { fence = (marker, run.count) }
                i += 1
                continue
            }
            guard lead.count <= 3, rest.hasPrefix("[^"), i == 0 || isBlank(lines[i - 1]),
                  let close = rest.firstIndex(of: "]") else { i += 1; continue }
            let label = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
            let after = rest[rest.index(after: close)...]
            guard !label.isEmpty, !label.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "^" }), after.hasPrefix(":") else { i += 1; continue }
            var text = [after.dropFirst().drop { $0 == " " || $0 == "\t" }]
            let start = i
            lines[i] = ""
            i += 1
            // Continued by lines indented four spaces (blank lines between them included), or by a line
            // straight after that starts no block of its own (a paragraph's lazy continuation).
            while i < lines.count {
                if let inner = indented(lines[i]) {
                    text.append(inner)
                } else if isBlank(lines[i]) {
                    // Looked ahead once for the whole run of blank lines: once a line, it was quadratic.
                    guard let next = lines[(i + 1)...].firstIndex(where: { !isBlank($0) }), indented(lines[next]) != nil else { break }
                    for blank in i..<next { text.append(""); lines[blank] = "" }
                    i = next
                    continue
                } else if let last = text.last, !isBlank(last), !startsBlock(String(lines[i])), !lines[i].hasPrefix("[^") {
                    text.append(lines[i])
                } else {
                    break
                }
                lines[i] = ""
                i += 1
            }
            notes.append(Footnote(label: String(label), line: start + 1, text: text.joined(separator: "\n")))
        }
        guard !notes.isEmpty else { return (markdown, []) }
        return (lines.joined(separator: "\n"), notes)
    }

    /// Draws the references to `notes` in `document` as `[n]` and appends the notes, each parsed with
    /// `options` (checks place what they find in a note at its line of the text: `lineInText`).
    static func appendFootnotes(_ notes: [Footnote], to document: OpaquePointer, options: Int32) {
        // By label, case-insensitive as GitHub matches them: the first note written with it, and its number
        // once it has one. A label written twice keeps the first note; the other is listed all the same.
        var first: [String: Int] = [:]
        for (index, note) in notes.enumerated() where first[note.label.lowercased()] == nil { first[note.label.lowercased()] = index }
        var numbers: [String: Int] = [:]
        var order: [Int] = []              // note indices in the order they are numbered
        func number(of label: String) -> Int? {
            let key = label.lowercased()
            if let known = numbers[key] { return known }
            guard let index = first[key] else { return nil }
            order.append(index)
            numbers[key] = order.count
            return order.count
        }
        let list = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(list, "<div class=\"footnotes\">\n<p class=\"footnotes-title\">注释</p>\n<ol>")
        cmark_node_set_on_exit(list, "</ol>\n</div>")
        var items: [OpaquePointer] = []
        for note in notes {
            let item = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(item, "<li>")
            cmark_node_set_on_exit(item, "</li>")
            // Parsed on its own, its nodes count lines from the note's first: the item carries that line
            // (`line(of:)` adds it). Each note placed at its lines by blank ones was quadratic in notes × lines.
            cmark_node_set_user_data(item, UnsafeMutableRawPointer(bitPattern: note.line))
            note.text.withCString { pointer in
                guard let parsed = cmark_parse_document(pointer, strlen(pointer), options) else { return }
                defer { cmark_node_free(parsed) }
                if mayHoldTable(note.text) { convertTables(in: parsed, source: note.text) }
                while let block = cmark_node_first_child(parsed) {
                    cmark_node_unlink(block)
                    cmark_node_append_child(item, block)
                }
            }
            cmark_node_append_child(list, item)
            items.append(item)
        }
        // References, in the text and in the notes, in the order a reader meets them.
        cmark_node_append_child(document, list)
        cmark_consolidate_text_nodes(document)
        for text in nodes(in: document, where: { $0 == CMARK_NODE_TEXT }) {
            guard let literal = cmark_node_get_literal(text).map({ String(cString: $0) }), literal.holdsBytes("[^") else { continue }
            var pending = ""
            var rest = literal[...]
            var replaced = false
            while let open = rest.firstRange(of: "[^") {
                let tail = rest[open.upperBound...]
                guard let close = tail.firstIndex(of: "]"), let n = number(of: String(tail[..<close])) else {
                    pending += rest[..<open.upperBound]
                    rest = tail
                    continue
                }
                pending += rest[..<open.lowerBound]
                if !pending.isEmpty { insertText(pending, before: text) }
                pending = ""
                let reference = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(reference, "<sup class=\"footnote-ref\">[\(n)]</sup>")
                cmark_node_set_on_exit(reference, "")
                cmark_node_insert_before(text, reference)
                rest = tail[tail.index(after: close)...]
                replaced = true
            }
            guard replaced else { continue }
            pending += rest
            if pending.isEmpty {
                cmark_node_unlink(text)
                cmark_node_free(text)
            } else {
                cmark_node_set_literal(text, pending)
            }
        }
        // Notes referred to nowhere come after those that are, in the order they are written.
        let numbered = Set(order)
        order += notes.indices.filter { !numbered.contains($0) }
        for index in order {
            cmark_node_unlink(items[index])
            cmark_node_append_child(list, items[index])
        }
    }

    private static func insertText(_ literal: String, before node: OpaquePointer) {
        let text = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(text, literal)
        cmark_node_insert_before(node, text)
    }

    /// The line of the text a note's node is on, from `line` counted in its note: the note's first line
    /// is carried by its item. Nodes outside notes are where they are.
    static func lineInText(_ line: Int, of node: OpaquePointer) -> Int {
        var ancestor = cmark_node_parent(node)
        while let a = ancestor {
            if cmark_node_get_type(a) == CMARK_NODE_CUSTOM_BLOCK, let first = cmark_node_get_user_data(a) {
                return Int(bitPattern: first) + line - 1
            }
            ancestor = cmark_node_parent(a)
        }
        return line
    }

    /// Whether a custom inline node is a footnote reference (a table cell is the other kind).
    static func isFootnoteReference(_ node: OpaquePointer) -> Bool {
        cmark_node_get_on_enter(node).map { strncmp($0, "<sup", 4) == 0 } ?? false
    }
}
