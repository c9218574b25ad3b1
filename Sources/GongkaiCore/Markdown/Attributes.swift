extension Markdown {
    /// `markdown` without the attribute blocks pandoc writes when it converts a Word report, which cmark
    /// would show as text: after an image or link (`![图1](media/image1.png){width="5.76in"}`), at the end of
    /// a heading (`# 一、基本情况 {#一基本情况 .unnumbered}`), and after a bracketed span, whose brackets go
    /// too (`[重点]{.underline}` is 重点, Word's bookmark `[]{#_Toc123 .anchor}` is nothing). A block holds
    /// only `#id`, `.class` and `key=value` items, so a `{` in ordinary text (`{单位：万元}`) stays; code spans,
    /// fenced and indented code are left as written. A block wrapped over lines keeps its line ends, so every
    /// line keeps its number for diagnostics.
    static func withoutAttributes(_ markdown: String) -> String {
        guard markdown.holdsBytes("{") else { return markdown }
        let b = Array(markdown.utf8), n = b.count
        let removed = attributeRanges(b)
        guard !removed.isEmpty else { return markdown }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var from = 0
        for range in removed.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= from {
            out += b[from..<range.lowerBound]
            out += b[range].filter { $0 == 0x0A }
            from = range.upperBound
        }
        out += b[from...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The attribute blocks `withoutAttributes` takes out of `markdown` (`{.underline}`, `{custom-style="涉密"}`, a heading's
    /// `{#id .unnumbered}`), each as written between its braces.
    public static func attributeBlocks(in markdown: String) -> [String] {
        guard markdown.holdsBytes("{") else { return [] }
        let b = Array(markdown.utf8)
        return attributeRanges(b).compactMap { range in
            guard let open = b[range].firstIndex(of: UInt8(ascii: "{")), let close = b[range].lastIndex(of: UInt8(ascii: "}")), open < close else { return nil }
            return String(decoding: b[(open + 1)..<close], as: UTF8.self)
        }
    }

    /// The byte ranges of `withoutAttributes`' removals: attribute blocks (with a heading's spaces before its block) and
    /// the brackets of the spans they follow.
    private static func attributeRanges(_ b: [UInt8]) -> [Range<Int>] {
        let n = b.count
        var removed: [Range<Int>] = []   // in order, not overlapping
        var opens: [Int] = []            // unclosed `[` of the paragraph
        var fence: (mark: UInt8, length: Int)? = nil
        var previousBlank = true, previousCode = false
        var headingBlock: Range<Int>? = nil
        var i = 0, lineStart = true
        var unclosed = [Int](repeating: 0, count: 17)   // by a run's length: no run of it closes before this byte
        func run(of mark: UInt8, from j: Int) -> Int { var k = j; while k < n, b[k] == mark { k += 1 }; return k - j }
        while i < n {
            if lineStart {
                lineStart = false
                let end = b[i...].firstIndex(of: 0x0A) ?? n
                var indent = i
                while indent < end, b[indent] == 0x20 { indent += 1 }
                let spaces = indent - i, blank = indent == end || b[indent..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                let mark = indent < end ? b[indent] : 0
                // A line that is code (or blank) is passed over whole.
                var skip = false
                if let open = fence {
                    let length = run(of: open.mark, from: indent)
                    if spaces <= 3, mark == open.mark, length >= open.length, b[(indent + length)..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { fence = nil }
                    skip = true
                } else if spaces <= 3, mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~"), run(of: mark, from: indent) >= 3 {
                    fence = (mark, run(of: mark, from: indent))
                    skip = true
                } else if blank {
                    opens = []
                    skip = true
                } else if (spaces >= 4 || mark == 0x09) && (previousBlank || previousCode) {
                    previousCode = true
                    previousBlank = false
                    i = end
                    continue
                } else if spaces <= 3, mark == UInt8(ascii: "#") {
                    headingBlock = headingAttributes(b, from: indent, to: end)
                }
                previousCode = false
                previousBlank = blank && fence == nil
                if skip { i = end; continue }
            }
            let byte = b[i]
            switch byte {
            case 0x0A:
                lineStart = true
                headingBlock = nil
                i += 1
            case UInt8(ascii: "\\"):
                // An escaped mark is text; a backslash at a line's end leaves the line end to start a line.
                i += i + 1 < n && b[i + 1] != 0x0A ? 2 : 1
            case UInt8(ascii: "`"):
                // A code span runs to the next run of as many backticks, within the paragraph. A run that found
                // no end is not looked for again before that paragraph's end (runs of 1, 2, 3 … backticks read
                // the paragraph once each); a run longer than any a report writes leaves the paragraph as it is.
                let length = run(of: byte, from: i)
                if length < unclosed.count, i < unclosed[length] { i += length; continue }
                var k = i + length, close: Int? = nil
                while k < n {
                    if b[k] == 0x0A, k + 1 < n, b[k + 1] == 0x0A { break }
                    if b[k] == byte {
                        let other = run(of: byte, from: k)
                        if other == length { close = k + other; break }
                        k += other
                    } else {
                        k += 1
                    }
                }
                if let close {
                    // Line ends inside the span are passed without starting a line.
                    i = close
                } else if length < unclosed.count {
                    unclosed[length] = k
                    i += length
                } else {
                    i = k
                }
            case UInt8(ascii: "["):
                opens.append(i)
                i += 1
            case UInt8(ascii: "]"), UInt8(ascii: ")"):
                let open = byte == UInt8(ascii: "]") ? opens.popLast() : nil
                if i + 1 < n, b[i + 1] == UInt8(ascii: "{"), byte == UInt8(ascii: ")") || open != nil,
                   let length = attributeBlock(b, at: i + 1, heading: false) {
                    if let open { removed.append(open..<(open + 1)); removed.append(i..<(i + 1 + length)) } else { removed.append((i + 1)..<(i + 1 + length)) }
                    i += 1 + length
                } else {
                    i += 1
                }
            default:
                if let block = headingBlock, i == block.lowerBound {
                    removed.append(block)
                    i = block.upperBound
                } else {
                    i += 1
                }
            }
        }
        return removed
    }

    /// The attribute block ending an ATX heading's line (`# 标题 {#id .unnumbered}`), with the spaces before it.
    private static func headingAttributes(_ b: [UInt8], from start: Int, to end: Int) -> Range<Int>? {
        var hashes = start
        while hashes < end, b[hashes] == UInt8(ascii: "#") { hashes += 1 }
        guard hashes - start <= 6, hashes < end, b[hashes] == 0x20 || b[hashes] == 0x09 else { return nil }
        var last = end
        while last > hashes, b[last - 1] == 0x20 || b[last - 1] == 0x09 { last -= 1 }
        guard last > hashes, b[last - 1] == UInt8(ascii: "}"),
              let brace = b[hashes..<last].lastIndex(of: UInt8(ascii: "{")),
              brace > hashes, b[brace - 1] == 0x20 || b[brace - 1] == 0x09,
              attributeBlock(b, at: brace, heading: true) == last - brace else { return nil }
        var from = brace
        while from > hashes, b[from - 1] == 0x20 || b[from - 1] == 0x09 { from -= 1 }
        return from..<end
    }

    /// The length of the attribute block starting at `b[at]` (a `{`): items `#id`, `.class`, `key="value"` or
    /// `key=value` (and `-`, unnumbered, after a heading) between white space, a line end but no blank line
    /// among it; nil for anything else.
    private static func attributeBlock(_ b: [UInt8], at start: Int, heading: Bool) -> Int? {
        let n = min(b.count, start + 2000)
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A }
        func isKey(_ c: UInt8) -> Bool {
            (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
        }
        var k = start + 1, items = 0
        while k < n {
            guard !isSpace(b[k]) else {
                if b[k] == 0x0A {
                    var j = k + 1
                    while j < n, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                    if j >= n || b[j] == 0x0A { return nil }
                }
                k += 1
                continue
            }
            let c = b[k]
            if c == UInt8(ascii: "}") { return items > 0 ? k - start + 1 : nil }
            // Items are separated by white space.
            if items > 0, !isSpace(b[k - 1]) { return nil }
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ".") {
                var e = k + 1
                while e < n, !isSpace(b[e]), b[e] != UInt8(ascii: "}"), b[e] != UInt8(ascii: "{"), b[e] != UInt8(ascii: "\"") { e += 1 }
                guard e > k + 1 else { return nil }
                k = e
            } else if heading, c == UInt8(ascii: "-"), k + 1 < n, isSpace(b[k + 1]) || b[k + 1] == UInt8(ascii: "}") {
                k += 1
            } else if c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z") || c == UInt8(ascii: "_") {
                var e = k
                while e < n, isKey(b[e]) { e += 1 }
                guard e < n, b[e] == UInt8(ascii: "=") else { return nil }
                e += 1
                if e < n, b[e] == UInt8(ascii: "\"") {
                    e += 1
                    while e < n, b[e] != UInt8(ascii: "\""), b[e] != 0x0A { e += b[e] == UInt8(ascii: "\\") ? 2 : 1 }
                    guard e < n, b[e] == UInt8(ascii: "\"") else { return nil }
                    e += 1
                } else {
                    let value = e
                    while e < n, !isSpace(b[e]), b[e] != UInt8(ascii: "}"), b[e] != UInt8(ascii: "\""), b[e] != UInt8(ascii: "{") { e += 1 }
                    guard e > value else { return nil }
                }
                k = e
            } else {
                return nil
            }
            items += 1
        }
        return nil
    }
}
