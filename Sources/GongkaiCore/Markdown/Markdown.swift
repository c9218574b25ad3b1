import CCmark
import Foundation

/// Markdown to HTML through cmark with its safe defaults: raw HTML is replaced by a comment and
/// `javascript:`/`data:` links are emptied. `CMARK_OPT_UNSAFE` is never used.
public enum Markdown {
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
    /// `options` without smart punctuation, for text written back as Markdown (`asShown`).
    static let literalOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

    /// A `# 标题` in the text becomes an `<h2>`: the page's title is its one `<h1>` (screen readers and
    /// the accessibility checks rely on it). Other levels are kept, but never more than one below the
    /// heading before: `after` is the level of the page's heading the text is placed under (1 for a page's
    /// body under its title, 2 for a project's 项目说明), so a text that begins at `####` starts one level
    /// below it and no level is skipped (axe: heading-order).
    ///
    /// A link whose scheme is not a web page's, e-mail's or telephone's (`isAllowedLink`) keeps its text
    /// and loses its address, as cmark's safe mode does with `javascript:` (GK147 says so at the link).
    public static func html(_ markdown: String, after containing: Int = 1) -> String {
        let markdown = multilineTablesAsGrid(withoutAttributes(markdown))
        return markdown.withCString { pointer in
            let heading = mayHoldHeading(markdown), links = mayHoldScheme(markdown), breaks = mayHoldLineEndToArrange(markdown)
            // Cheapest first: the note check is one byte search, the table check reads every line.
            guard heading || links || breaks || mayHoldFootnotes(markdown) || mayHoldTable(markdown) || mayHoldGridTable(markdown) || mayHoldTabTable(markdown) else {
                guard let output = cmark_markdown_to_html(pointer, strlen(pointer), options) else { return "" }
                defer { free(output) }
                return String(cString: output)
            }
            guard let document = parsed(markdown) else { return "" }
            defer { cmark_node_free(document) }
            if heading {
                var previous = Int32(containing)
                for heading in nodes(in: document, where: { $0 == CMARK_NODE_HEADING }) {
                    let level = min(max(2, cmark_node_get_heading_level(heading)), previous + 1, 6)
                    cmark_node_set_heading_level(heading, level)
                    previous = level
                }
            }
            if links {
                for link in nodes(in: document, where: { $0 == CMARK_NODE_LINK }) {
                    if let url = cmark_node_get_url(link).map({ String(cString: $0) }), !isAllowedLink(url) { cmark_node_set_url(link, "") }
                }
            }
            if breaks { arrangeLineEnds(in: document) }
            guard let output = cmark_render_html(document, options) else { return "" }
            defer { free(output) }
            return String(cString: output)
        }
    }

    /// Whether a line end of `markdown` may lie between two East Asian wide characters (`管理，` / `现将`) or before an
    /// enumeration's number (`2、`): only then is a tree worth its walk for `arrangeLineEnds`. On bytes: every character
    /// of that range is three or four bytes in UTF-8, so the byte after a line end tells it.
    static func mayHoldLineEndToArrange(_ markdown: String) -> Bool {
        markdown.utf8.withContiguousStorageIfAvailable { bytes in
            for index in bytes.indices where bytes[index] == 0x0A {
                // After: the lead byte of a character of three or four bytes (a quote's `>` and spaces skipped); the line
                // before may end in emphasis or a link's address, so it is not read. A false alarm costs only the walk.
                var after = index + 1
                while after < bytes.count, bytes[after] == 0x20 || bytes[after] == UInt8(ascii: ">") { after += 1 }
                // Or a digit or `(` of an enumeration's number (`2、`, `(3)`).
                if after < bytes.count, bytes[after] >= 0xE1 || (0x30...0x39).contains(bytes[after]) || bytes[after] == UInt8(ascii: "(") { return true }
            }
            return false
        } ?? markdown.holdsBytes("\n")
    }

    /// Line ends inside a paragraph, as Chinese writers mean them. Text wrapped across lines (`……加强预算绩效管理，` /
    /// `现将有关事项通知如下。`) reads as one run: a line end between two East Asian wide characters is dropped rather than
    /// shown as a space in the middle of a sentence, as CSS Text's segment-break rule asks and browsers other than Firefox
    /// do not do; one beside a Latin letter or digit stays a space (`学籍系统` / `2024年`). And a line that starts with a
    /// number of an enumeration (`2、`, `（二）`, `(3)`, `②`, `第五条　`) or is indented by a full-width space, written
    /// under the one before, starts a new line on the page too (`附件：1.自评表` / `2.评分表`), rather than running on.
    static func arrangeLineEnds(in document: OpaquePointer) {
        for node in nodes(in: document, where: { $0 == CMARK_NODE_SOFTBREAK }) {
            guard let before = cmark_node_previous(node), let after = cmark_node_next(node) else { continue }
            if let literal = cmark_node_get_type(after) == CMARK_NODE_TEXT ? cmark_node_get_literal(after) : nil,
               startsLine(String(cString: literal)), let lineBreak = cmark_node_new(CMARK_NODE_LINEBREAK) {
                cmark_node_insert_before(node, lineBreak)
            } else {
                guard let last = edgeScalar(of: before, last: true), let first = edgeScalar(of: after, last: false),
                      isEastAsianWide(last), isEastAsianWide(first) else { continue }
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// Whether a line of a paragraph, written under the line before, starts a line of its own: one indented by a
    /// full-width space (the 段首缩进 of a paragraph pasted from Word, `　　第二条　……`) or starting with an
    /// enumeration's number.
    static func startsLine(_ text: String) -> Bool {
        text.unicodeScalars.first == "\u{3000}" || startsWithEnumeration(text)
    }

    /// Whether a line of a paragraph starts with the number of an enumeration: `二、`, `（二）`, `(2)`, `2、`, `2.` or `2．`
    /// before a word (not `2.5`), a circled or bracketed number (`②`, `⑵`, `⒉`), `第五条　` or `第二章 `.
    static func startsWithEnumeration(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(12))
        guard let first = scalars.first else { return false }
        if (0x2460...0x249B).contains(first.value) { return true }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || ("０"..."９").contains(s) }
        func isNumeral(_ s: Unicode.Scalar) -> Bool { "一二三四五六七八九十百零〇".unicodeScalars.contains(s) || isDigit(s) }
        var index = 0
        let open = first == "（" || first == "("
        let chapter = first == "第"
        if open || chapter { index = 1 }
        let start = index
        while index < scalars.count, isNumeral(scalars[index]) { index += 1 }
        guard index > start, index < scalars.count else { return false }
        let mark = scalars[index]
        let digits = scalars[start..<index].allSatisfy(isDigit)
        if open { return mark == (first == "（" ? "）" : ")") || (first == "(" && mark == "）") || (first == "（" && mark == ")") }
        if chapter {
            guard mark == "条" || mark == "章" || mark == "节", index + 1 < scalars.count else { return false }
            return scalars[index + 1] == "　" || scalars[index + 1] == " "
        }
        if mark == "、" { return true }
        guard digits, mark == "." || mark == "．", index + 1 < scalars.count else { return false }
        return !isDigit(scalars[index + 1])
    }

    /// The first or last character a reader sees of an inline node (through emphasis and links), if it is text or code.
    private static func edgeScalar(of node: OpaquePointer, last: Bool) -> Unicode.Scalar? {
        var current: OpaquePointer? = node
        while let inline = current {
            switch cmark_node_get_type(inline) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard let literal = cmark_node_get_literal(inline) else { return nil }
                let scalars = String(cString: literal).unicodeScalars
                return last ? scalars.last : scalars.first
            case CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK:
                current = last ? cmark_node_last_child(inline) : cmark_node_first_child(inline)
            default:
                return nil
            }
        }
        return nil
    }

    /// Han, kana, Hangul, CJK and full-width punctuation — what a grid table counts two columns wide (`displayWidth`): the
    /// characters a line end between two of which is no space.
    static func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x1100 && displayWidth(scalar) == 2 }

    /// The document cmark reads from `markdown`, with what gongkai adds to cmark 0.30 drawn in: pipe, grid and
    /// tab-separated tables and footnotes, and pandoc's attribute blocks taken out (`withoutAttributes`). The page, search and every check of a text start from it, so none of them reads a
    /// structure other than the one the page shows (an image in a note is found where the page draws it).
    static func document(_ markdown: String, options: Int32 = options) -> OpaquePointer? {
        parsed(multilineTablesAsGrid(withoutAttributes(markdown)), options: options)
    }

    /// `document` of a text whose attribute blocks are already removed.
    private static func parsed(_ markdown: String, options: Int32 = options) -> OpaquePointer? {
        let (body, notes) = mayHoldFootnotes(markdown) ? separateFootnotes(markdown) : (markdown, [])
        guard let document = body.withCString({ cmark_parse_document($0, strlen($0), options) }) else { return nil }
        // Grid tables first: their rows hold pipes, and what is left of them a pipe table could not read.
        if mayHoldGridTable(body) { convertGridTables(in: document, source: body) }
        if mayHoldTable(body) { convertTables(in: document, source: body) }
        if mayHoldTabTable(body) { convertTabTables(in: document, source: body) }
        if !notes.isEmpty { appendFootnotes(notes, to: document, options: options) }
        return document
    }

    /// Whether the text could hold a heading (a `#`, or a line of `=` or `-` that may underline one): only
    /// then is it parsed into a tree before rendering. A false alarm only costs the parse.
    static func mayHoldHeading(_ markdown: String) -> Bool {
        markdown.holdsBytes("#") || markdown.lines().contains { line in
            let rest = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            return !rest.isEmpty && rest.allSatisfy { $0 == "=" || $0 == "-" || $0 == " " || $0 == "\t" }
        }
    }

    /// The text as the page shows it, for open data, search and feeds: every raw HTML block and inline
    /// tag removed, comments included, and link reference definitions (`[//]: # (备注)`, the Markdown
    /// comment idiom), which the page never shows either. Read as cmark reads it; text without a `<` or
    /// anything like a definition is returned unchanged.
    /// Footnotes are written back after the text, each read on its own: cmark would take a note for a link
    /// definition and drop it, and would escape the brackets of the references to it.
    public static func asShown(_ markdown: String) -> String {
        let markdown = multilineTablesAsGrid(withoutAttributes(markdown))
        let (body, notes) = mayHoldFootnotes(markdown) ? separateFootnotes(markdown) : (markdown, [])
        guard !notes.isEmpty else { return shownWithoutNotes(markdown) }
        // The references are held as characters the text does not use while cmark reads it.
        let (open, close) = ("\u{E001}", "\u{E002}")
        let held = markdown.contains(open) || markdown.contains(close) ? body : heldReferences(body, open: open, close: close)
        let shown = shownWithoutNotes(held).replacingOccurrences(of: open, with: "[^").replacingOccurrences(of: close, with: "]")
        let shownNotes = notes.map { shownWithoutNotes($0.text) }
        if shown == body, zip(notes, shownNotes).allSatisfy({ $0.text == $1 }) { return markdown }
        var text = shown.trimmingCharacters(in: .whitespacesAndNewlines)
        for (note, noteText) in zip(notes, shownNotes) {
            let lines = noteText.split(separator: "\n", omittingEmptySubsequences: false)
            text += "\n\n[^\(note.label)]: " + lines.enumerated().map { $0 == 0 || $1.isEmpty ? String($1) : "    " + $1 }.joined(separator: "\n")
        }
        return text
    }

    /// `markdown` with each footnote reference `[^label]` written `open` label `close`.
    private static func heldReferences(_ markdown: String, open: String, close: String) -> String {
        var result = "", rest = markdown[...]
        while let start = rest.firstRange(of: "[^") {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(of: "]"), !tail[..<end].isEmpty, !tail[..<end].contains(where: \.isWhitespace) else {
                result += rest[..<start.upperBound]
                rest = tail
                continue
            }
            result += rest[..<start.lowerBound] + open + tail[..<end] + close
            rest = tail[tail.index(after: end)...]
        }
        return result + rest
    }

    private static func shownWithoutNotes(_ markdown: String) -> String {
        let definitions = mayHoldDefinitions(markdown)
        guard definitions || markdown.holdsBytes("<") else { return markdown }
        // A table cell's `\|` is read as a bare `|` and would be written back as one, a new column: it is
        // held as a character the text does not use while cmark reads it, and written as `\|` again.
        let pipe = "\u{E000}"
        let held = markdown.contains(pipe) ? markdown : markdown.replacingOccurrences(of: "\\|", with: pipe)
        func restored(_ text: String) -> String { held == markdown ? text : text.replacingOccurrences(of: pipe, with: "\\|") }
        return held.withCString { pointer -> String in
            // Without smart punctuation: the text is written back as Markdown, and `---` read as `—` (or `"`
            // as `“`) would no longer be what the clerk wrote — a table's delimiter row stopped being one.
            guard let document = cmark_parse_document(pointer, strlen(pointer), literalOptions) else { return "" }
            defer { cmark_node_free(document) }
            let html = nodes(in: document, where: { $0 == CMARK_NODE_HTML_BLOCK || $0 == CMARK_NODE_HTML_INLINE })
            // Definitions leave no node: rendering the document again is what drops them.
            guard !html.isEmpty || definitions else { return markdown }
            for node in html {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
            guard let output = cmark_render_commonmark(document, literalOptions, 0) else { return "" }
            defer { free(output) }
            return restored(unescapedDelimiterRows(String(cString: output).trimmingCharacters(in: .newlines), source: markdown))
        }
    }

    /// `text` (written back by cmark) with the backslash taken off a table's delimiter row that cmark
    /// escaped (`\--- | ---:`, lest it read as a rule or a list) where `source` wrote the row without it.
    static func unescapedDelimiterRows(_ text: String, source: String) -> String {
        guard text.contains("\\-") || text.contains("\\:") else { return text }
        let written = Set(source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            let rest = line.dropFirst(indent.count)
            guard rest.hasPrefix("\\"), delimiterRow(rest.dropFirst()) != nil,
                  written.contains(rest.dropFirst().trimmingCharacters(in: .whitespaces)) else { return String(line) }
            return String(indent) + String(rest.dropFirst())
        }.joined(separator: "\n")
    }

    /// The words a reader sees on the page, for search snippets and matching: what cmark renders as
    /// text (link and image text without their targets, code without its backticks, no emphasis or
    /// heading marks, no raw HTML), with blocks and line breaks as single spaces. Parsed with the
    /// options `html` uses, so `[点此](javascript:…)` is 点此, as the page shows it.
    public static func plainText(_ markdown: String) -> String {
        guard let document = Markdown.document(markdown) else { return "" }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = String.UnicodeScalarView()
        var space = false  // a space is owed before the next word
        var softBreak = false  // the space owed is only a line end, dropped between wide characters as the page drops it
        func append(_ literal: UnsafePointer<CChar>?) {
            guard let literal else { return }
            for scalar in String(cString: literal).unicodeScalars {
                // No white space lies above U+3000: a Chinese character is answered without the property tables.
                if scalar.value <= 0x3000, scalar.properties.isWhitespace { space = true; softBreak = false; continue }
                if space, let previous = text.last, !(softBreak && isEastAsianWide(previous) && isEastAsianWide(scalar)) { text.append(" ") }
                space = false
                softBreak = false
                text.append(scalar)
            }
        }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if event == CMARK_EVENT_ENTER { append(cmark_node_get_literal(node)) }
            case CMARK_NODE_CUSTOM_INLINE:
                if !isFootnoteReference(node) { space = true }   // else a table cell
            case CMARK_NODE_SOFTBREAK:
                if !space { softBreak = true }
                space = true
            case CMARK_NODE_LINEBREAK:
                space = true
                softBreak = false
            default:
                // Block boundaries separate words; inline containers (emphasis, links) do not.
                if type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue { space = true }
            }
        }
        return String(text)
    }

    /// The lines of `markdown` that Markdown takes for a link definition whose "address" is words (`[附注]: 本办法自二〇二五年
    /// 起施行`, Chinese characters in it): the page never shows them, so the clerk's text is lost. With the 1-based line and
    /// column of each. A real definition (an address without Chinese characters), the comment idiom `[//]: # (…)`, a
    /// footnote (`[^1]: …`) and a line the page shows after all (inside a code block, carrying a paragraph on) are not.
    public static func definitionsOfWords(in markdown: String) -> [(line: Int, column: Int)] {
        guard mayHoldDefinitions(markdown) else { return [] }
        var candidates: [(line: Int, column: Int, words: Substring)] = []
        for (index, line) in markdown.lines().enumerated() {
            let spaces = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(spaces)
            guard spaces <= 3, rest.first == "[", !rest.hasPrefix("[^"), !rest.hasPrefix("[//]"),
                  let close = rest.range(of: "]:") else { continue }
            let words = rest[close.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard words.unicodeScalars.contains(where: { $0.value >= 0x3000 }) else { continue }
            candidates.append((index + 1, spaces + 1, words))
        }
        guard !candidates.isEmpty else { return [] }
        // Shown after all when the page's text holds the line's words.
        let shown = plainText(markdown)
        return candidates.filter { !shown.contains(String($0.words.prefix(while: { $0 != " " }))) }.map { ($0.line, $0.column) }
    }

    /// The first lines of the indented code blocks of `markdown` that hold Chinese characters: paragraphs pasted from Word
    /// or WPS often start with four spaces or a tab, and Markdown then shows them as code, in a fixed-width box that does not
    /// wrap. Fenced code is the writer's choice and is left alone; so is a list item's indented paragraph (a paragraph to
    /// Markdown) and an indent of full-width spaces (text).
    public static func indentedWords(in markdown: String) -> [Int] {
        guard markdown.holdsBytes("    ") || markdown.holdsBytes("\t") else { return [] }
        guard let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        let lines = markdown.lines()
        return nodes(in: document, where: { $0 == CMARK_NODE_CODE_BLOCK }).compactMap { node in
            guard let literal = cmark_node_get_literal(node),
                  String(cString: literal).unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) }) else { return nil }
            let at = line(of: node)
            // cmark 0.30 does not say whether a block was fenced: its first line does (up to three spaces, then ``` or ~~~).
            guard at - 1 < lines.count else { return nil }
            let first = lines[at - 1].drop { $0 == " " }
            guard !first.hasPrefix("```"), !first.hasPrefix("~~~") else { return nil }
            return at
        }
    }

    /// The lines of `markdown` that start as a heading but lack the space after the `#` (`##一、基本情况`, `#　标题` with a
    /// full-width space), as clerks type them: Markdown shows such a line as text, `##` and all. Only a `#` run followed by
    /// a full-width or Chinese character counts (`#1号楼` may be meant), and not inside code. Line and column (1-based).
    public static func headingsWithoutSpace(in markdown: String) -> [(line: Int, column: Int)] {
        guard markdown.holdsBytes("#") else { return [] }
        var candidates: [(line: Int, column: Int)] = []
        for (index, line) in markdown.lines().enumerated() {
            let spaces = line.utf8.prefix { $0 == UInt8(ascii: " ") }.count
            guard spaces <= 3 else { continue }
            let rest = line.unicodeScalars.dropFirst(spaces)
            let marks = rest.prefix { $0 == "#" }.count
            guard (1...6).contains(marks), let next = rest.dropFirst(marks).first, next.value >= 0x3000 else { continue }
            candidates.append((index + 1, spaces + 1))
        }
        guard !candidates.isEmpty, let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        // A line inside fenced or indented code, or an HTML block, is the writer's own.
        let code = nodes(in: document, where: { $0 == CMARK_NODE_CODE_BLOCK || $0 == CMARK_NODE_HTML_BLOCK })
            .map { Int(cmark_node_get_start_line($0))...max(Int(cmark_node_get_start_line($0)), Int(cmark_node_get_end_line($0))) }
        return candidates.filter { candidate in !code.contains { $0.contains(candidate.line) } }
    }

    /// Whether an address is a file on the writer's computer or network (`C:\Users\…\图1.png`, `D:/公开/附件.xlsx`,
    /// `\\server\share\…`, `file:///…`), as Word and editors write a pasted picture or a linked document.
    public static func isLocalPath(_ url: String) -> Bool {
        let scalars = Array(url.unicodeScalars.prefix(3))
        if scalars.count == 3, scalars[0].isASCII, scalars[0].properties.isAlphabetic, scalars[1] == ":", scalars[2] == "\\" || scalars[2] == "/" {
            return true
        }
        // Markdown reads `\\server` as an escaped backslash: one is left.
        return url.hasPrefix("\\") || url.lowercased().hasPrefix("file:")
    }

    /// Whether a line could be a link reference definition (`[label]: destination`, up to three spaces in).
    static func mayHoldDefinitions(_ markdown: String) -> Bool {
        guard markdown.holdsBytes("]") else { return false }
        return markdown.lines().contains { line in
            // On bytes: counting a Chinese line's Characters to find its indent cost more than the rest.
            let spaces = line.utf8.prefix { $0 == UInt8(ascii: " ") }.count
            return spaces <= 3 && line.utf8.dropFirst(spaces).first == UInt8(ascii: "[") && line.holdsBytes("]:")
        }
    }

    /// The raw HTML cmark finds in `markdown` (blocks and inline tags), comments excluded, with the
    /// 1-based line each starts on.
    public static func rawHTML(in markdown: String) -> [(line: Int, html: String)] {
        guard markdown.holdsBytes("<") else { return [] }
        guard let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        return nodes(in: document, where: { $0 == CMARK_NODE_HTML_BLOCK || $0 == CMARK_NODE_HTML_INLINE })
            .compactMap { node in
                cmark_node_get_literal(node).map { (line(of: node), String(cString: $0).trimmed) }
            }
            .filter { !$0.html.hasPrefix("<!--") && !$0.html.isEmpty }
    }

    /// The images in `markdown` whose address points outside the site (`https://…`, `//host/…`): a page
    /// showing one makes every reader's browser contact that server. With the 1-based line of each.
    /// Tables are drawn first, as `html` does: a table's cells are read one by one, and a code span across
    /// pipes that hides an image from the text read whole does not hide it from a cell.
    public static func externalImages(in markdown: String) -> [(line: Int, url: String)] {
        guard markdown.holdsBytes("!") else { return [] }
        guard let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        return nodes(in: document, where: { $0 == CMARK_NODE_IMAGE }).compactMap { node in
            guard let url = cmark_node_get_url(node).map({ String(cString: $0).trimmed }), isExternal(url) else { return nil }
            // A cell's nodes have their places in the cell's own text: the first line holding the address.
            if hasAncestor(node, of: CMARK_NODE_CUSTOM_BLOCK), let index = lines.firstIndex(where: { $0.contains(url) }) { return (index + 1, url) }
            return (line(of: node), url)
        }
    }

    /// Every link and image address in `markdown` (reference links and autolinks too) as cmark reads it:
    /// character references (`&#49;`) and backslash escapes (`\\/`) decoded, as a browser will request it.
    public static func addresses(in markdown: String) -> [String] {
        guard markdown.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "<") }) else { return [] }
        guard let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        return nodes(in: document, where: { $0 == CMARK_NODE_LINK || $0 == CMARK_NODE_IMAGE })
            .compactMap { cmark_node_get_url($0).map { String(cString: $0) } }
    }

    /// The schemes a link keeps: web pages, e-mail, telephone. cmark's safe mode empties only
    /// `javascript:`, `vbscript:`, `file:` and `data:`; any other scheme hands the reader's click to a
    /// program on their computer (`ms-msdt:`, `search-ms:` opening a share on another server, `smb:`).
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// Whether a link may keep `url` as its address: a path, or one of `linkSchemes`.
    public static func isAllowedLink(_ url: String) -> Bool {
        scheme(of: url).map { linkSchemes.contains($0.lowercased()) } ?? true
    }

    /// The links (autolinks and reference links too) in `markdown` whose scheme `isAllowedLink` refuses,
    /// as cmark reads their address (`&#58;` is a colon), with the 1-based line of each.
    public static func disallowedLinks(in markdown: String) -> [(line: Int, url: String)] {
        guard mayHoldScheme(markdown) else { return [] }
        guard let document = Markdown.document(markdown) else { return [] }
        defer { cmark_node_free(document) }
        return nodes(in: document, where: { $0 == CMARK_NODE_LINK }).compactMap { node in
            guard let url = cmark_node_get_url(node).map({ String(cString: $0) }), !isAllowedLink(url) else { return nil }
            return (line(of: node), url)
        }
    }

    /// Whether a link address in the text could have a scheme: a colon, written or as a reference.
    static func mayHoldScheme(_ markdown: String) -> Bool {
        markdown.utf8.contains { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "&") }
    }

    /// An address with a scheme other than `data:` (an image inside the page itself), or protocol-relative.
    static func isExternal(_ url: String) -> Bool {
        if url.hasPrefix("//") || url.hasPrefix("\\\\") || url.hasPrefix("/\\") { return true }
        return scheme(of: url).map { $0.lowercased() != "data" } ?? false
    }

    /// The scheme an address starts with (`https`, `mailto`, `data`), or nil for a path.
    public static func scheme(of url: String) -> Substring? {
        // Read on bytes (the link check asks it of every link of every page, and a walk of Characters broke graphemes all
        // along a relative link that has no colon), with the Characters' answer: a colon a combining mark may follow is
        // looked for as Characters, which take the two as one. A scheme's characters are ASCII letters, digits and `+-.`,
        // which join with nothing, so its bytes say what its Characters do.
        func isSchemeByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
        }
        let bytes = url.utf8
        guard let byteColon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let next = bytes.index(after: byteColon)
        guard let colon = next != bytes.endIndex && bytes[next] >= 0x80 ? url.firstIndex(of: ":") : byteColon else { return nil }
        let scheme = url[..<colon]
        guard !scheme.isEmpty, scheme.utf8.allSatisfy(isSchemeByte) else { return nil }
        return scheme
    }

    /// The 1-based line a node starts on. An inline node has no position of its own in cmark 0.30: its
    /// block's is used.
    private static func line(of node: OpaquePointer) -> Int {
        var positioned: OpaquePointer? = node
        while let n = positioned, cmark_node_get_start_line(n) == 0 { positioned = cmark_node_parent(n) }
        guard let block = positioned else { return 1 }
        return max(lineInText(Int(cmark_node_get_start_line(block)), of: block), 1)
    }

    static func nodes(in document: OpaquePointer, where matches: (cmark_node_type) -> Bool) -> [OpaquePointer] {
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var found: [OpaquePointer] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if matches(cmark_node_get_type(node)) { found.append(node) }
        }
        return found
    }
}
