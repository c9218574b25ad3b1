import Foundation

/// Aho–Corasick multi-pattern search over UTF-8 bytes: finds which of many patterns occur in a
/// text in one pass, so the leak audit costs time linear in the output size, not output × patterns.
public struct MultiPatternMatcher: Sendable {
    public let patterns: [String]
    /// Whether patterns and text are read as a reader sees them (`fold`): the leak audit's matcher.
    public let folding: Bool
    // Flattened automaton: node i's edges are edgeBytes/edgeNext[edgeStart[i] ..< edgeStart[i + 1]], sorted by byte.
    private let edgeStart: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeNext: [Int32]
    private let fail: [Int32]
    /// Pattern indices that end at each node, following failure links (outputStart as for edges).
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Direct transitions from the root, -1 for none: most bytes of a page never leave it.
    private let rootTable: [Int32]
    /// The whole transition function of the states one byte deep, 256 entries a row (row `firstRow[b]` for
    /// the state `rootTable[b]`, -1 for no row): a Chinese character's second byte is read from one of them, and
    /// a binary search there over up to 64 edges was most of the leak audit's scan.
    private let firstRow: [Int32]
    private let rows: [Int32]

    public init(patterns: [String], folding: Bool = false) {
        self.patterns = patterns
        self.folding = folding
        let keys: [[UInt8]] = patterns.map { folding ? Self.folded(Array($0.utf8)) : Array($0.utf8) }
        // Patterns in byte order: each shares its prefix with the one before, so the trie grows along
        // one path and every node's edges arrive sorted by byte. Built in flat arrays, not two arrays a
        // node (at 20,000 projects those were half a gigabyte of the build's peak memory).
        let order = keys.indices.filter { !keys[$0].isEmpty }
            .sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var edgeFrom: [Int32] = [], edgeByte: [UInt8] = [], edgeTo: [Int32] = []
        var ends: [(node: Int32, pattern: Int32)] = []
        var path: [Int32] = [0] // path[d]: the node at depth d along the previous pattern
        var previous: [UInt8] = []
        var nodeCount = 1
        for index in order {
            let bytes = keys[index]
            var common = 0
            while common < bytes.count, common < previous.count, bytes[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            for depth in common..<bytes.count {
                edgeFrom.append(path[depth]); edgeByte.append(bytes[depth]); edgeTo.append(Int32(nodeCount))
                path.append(Int32(nodeCount))
                nodeCount += 1
            }
            ends.append((path[bytes.count], Int32(index)))
            previous = bytes
        }
        // Edges grouped by node (a stable counting sort keeps each node's edges in byte order).
        var starts = [Int32](repeating: 0, count: nodeCount + 1)
        for from in edgeFrom { starts[Int(from) + 1] += 1 }
        for node in 0..<nodeCount { starts[node + 1] += starts[node] }
        var bytes = [UInt8](repeating: 0, count: edgeFrom.count), nexts = [Int32](repeating: 0, count: edgeFrom.count)
        var fill = starts
        for e in edgeFrom.indices {
            let at = Int(fill[Int(edgeFrom[e])])
            bytes[at] = edgeByte[e]
            nexts[at] = edgeTo[e]
            fill[Int(edgeFrom[e])] += 1
        }
        func child(_ state: Int, _ byte: UInt8) -> Int32? {
            var lo = Int(starts[state]), hi = Int(starts[state + 1])
            while lo < hi {
                let mid = (lo + hi) >> 1
                if bytes[mid] < byte { lo = mid + 1 } else { hi = mid }
            }
            return lo < Int(starts[state + 1]) && bytes[lo] == byte ? nexts[lo] : nil
        }
        // Breadth-first failure links.
        var failLinks = [Int32](repeating: 0, count: nodeCount)
        var queue = Array(nexts[Int(starts[0])..<Int(starts[1])])
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            for e in Int(starts[state])..<Int(starts[state + 1]) {
                var f = Int(failLinks[state])
                while f != 0, child(f, bytes[e]) == nil { f = Int(failLinks[f]) }
                failLinks[Int(nexts[e])] = child(f, bytes[e]) ?? 0
                queue.append(nexts[e])
            }
        }
        // Outputs: a node's own patterns, then those of its failure node (laid out earlier in BFS order).
        var ownStart = [Int32](repeating: 0, count: nodeCount + 1)
        for end in ends { ownStart[Int(end.node) + 1] += 1 }
        for node in 0..<nodeCount { ownStart[node + 1] += ownStart[node] }
        var ownList = [Int32](repeating: 0, count: ends.count)
        var ownFill = ownStart
        for end in ends { ownList[Int(ownFill[Int(end.node)])] = end.pattern; ownFill[Int(end.node)] += 1 }
        var count = [Int32](repeating: 0, count: nodeCount)
        for node in queue.map(Int.init) { count[node] = ownStart[node + 1] - ownStart[node] + count[Int(failLinks[node])] }
        var oStarts = [Int32](repeating: 0, count: nodeCount + 1)
        for node in 0..<nodeCount { oStarts[node + 1] = oStarts[node] + count[node] }
        var outs = [Int32](repeating: 0, count: Int(oStarts[nodeCount]))
        for node in queue.map(Int.init) {
            var at = Int(oStarts[node])
            for k in Int(ownStart[node])..<Int(ownStart[node + 1]) { outs[at] = ownList[k]; at += 1 }
            let f = Int(failLinks[node])
            for k in Int(oStarts[f])..<Int(oStarts[f + 1]) { outs[at] = outs[k]; at += 1 }
        }
        var root = [Int32](repeating: -1, count: 256)
        for e in Int(starts[0])..<Int(starts[1]) { root[Int(bytes[e])] = nexts[e] }
        // A state one byte deep fails to the root: where it has no edge, it reads the byte as the root does.
        var firstRow = [Int32](repeating: -1, count: 256), rows: [Int32] = []
        for first in 0..<256 where root[first] > 0 {
            firstRow[first] = Int32(rows.count / 256)
            for byte in 0..<256 { rows.append(child(Int(root[first]), UInt8(byte)) ?? max(root[byte], 0)) }
        }
        (edgeStart, edgeBytes, edgeNext, fail, outputStart, outputs, rootTable) = (starts, bytes, nexts, failLinks, oStarts, outs, root)
        (self.firstRow, self.rows) = (firstRow, rows)
    }

    /// Indices of the patterns that occur in `bytes`, sorted.
    public func matches(in bytes: some Sequence<UInt8>) -> [Int] {
        if let found = bytes.withContiguousStorageIfAvailable({ scan($0) }) { return found }
        return Array(bytes).withUnsafeBufferPointer { scan($0) }
    }

    /// `text` as `fold` reads it. `joiningCodes: false` keeps what stands between two ASCII letters or digits as written
    /// (the length of a fragment is counted so: `QF-009` is six characters long, though it is found as `QF009`).
    public static func folded(_ text: String, joiningCodes: Bool = true) -> String {
        guard text.utf8.contains(where: { $0 >= 0xC2 || $0 <= 0x20 || $0 == 0x25 || $0 == 0x2D || $0 == 0x5F || $0 == 0x3C || $0 == 0x5B || $0 == 0x5D || $0 == 0x5C || $0 == 0x2F || $0 == 0x2A || $0 == 0x60 || $0 == 0x7E })
        else { return text }
        return String(decoding: folded(Array(text.utf8), joiningCodes: joiningCodes), as: UTF8.self)
    }

    /// A tag's attributes, a comment or a link's address read by `fold` (`nested`) stand between bytes 0x01, which no
    /// fragment holds.
    static func folded(_ bytes: [UInt8], joiningCodes: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { text in
            fold(text, joiningCodes: joiningCodes, { b, _ in out.append(b) }, nested: { inner in
                let words = folded(Array(inner), joiningCodes: joiningCodes)
                out.append(1)
                out.append(contentsOf: words)
                out.append(1)
            })
        }
        return out
    }

    /// `bytes` as `folded` reads them, with the offset in `bytes` each folded byte comes from (-1 for the 0x01 around a text
    /// read on its own): where a text the scan reads through to (`JYJ 2025 009`, 北山**坑道**加固工程) is written.
    public static func foldedWithOrigins(_ bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], origins: [Int]) {
        var out: [UInt8] = [], origins: [Int] = []
        out.reserveCapacity(bytes.count)
        origins.reserveCapacity(bytes.count)
        guard let base = bytes.baseAddress else { return ([], []) }
        var texts = [bytes]
        var next = 0
        while next < texts.count {
            let text = texts[next]
            let start = text.baseAddress! - base
            if next > 0 { out.append(1); origins.append(-1) }
            fold(text, { b, at in out.append(b); origins.append(start + at) }) { inner in if !inner.isEmpty { texts.append(inner) } }
            next += 1
        }
        return (out, origins)
    }

    /// `bytes` with the description of every picture (`![图](a.png)`, `![图][ref]`) turned into spaces, one for each byte
    /// (brackets nested inside it and backslash escapes are its own): Markdown as its page reads, where the description is
    /// the picture's `alt`, which `fold` reads on its own. `北山坑道![图](a.png)加固工程` reads 北山坑道加固工程 so, and
    /// 北山坑道图加固工程 as it is written.
    public static func blankingPictureDescriptions(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "!"), bytes[i + 1] == UInt8(ascii: "["), i == 0 || bytes[i - 1] != UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            var depth = 1, j = i + 2
            while j < bytes.count, depth > 0 {
                switch bytes[j] {
                case UInt8(ascii: "\\"): j += 1
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                default: break
                }
                j += 1
            }
            guard depth == 0 else { break }
            for k in (i + 2)..<(j - 1) { result[k] = UInt8(ascii: " ") }
            i = j
        }
        return result
    }

    @inline(__always)
    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// What a character beyond ASCII is to a reader when it is no word character: nothing, a gap, or a dash.
    enum Gap { case invisible, space, dash, mark }

    /// The length and kind of the character at `i` when it shows nothing (a soft hyphen, a zero-width space, joiner or
    /// non-joiner, a word joiner or invisible operator, a direction mark, a variation selector, a combining grapheme joiner, a
    /// byte-order mark), a gap (the no-break, thin, en, em, narrow and ideographic spaces, a line or paragraph separator, a
    /// Hangul filler, the Braille blank) or a dash (the hyphen and non-breaking hyphen, the figure, en and em dashes, the
    /// horizontal bar, the minus sign, the small and full-width hyphen-minus, the full-width low line) or a mark (a middle dot:
    /// `·`, `•`, `‧`, `∙`, `⋅`, `・`, `･`, and the full-width slash `／`), read through between Chinese characters only.
    /// `i` holds a lead byte.
    @inline(__always)
    static func gap(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, kind: Gap)? {
        let n = text.count, b = text[i]
        guard i + 1 < n else { return nil }
        let c = text[i + 1]
        switch b {
        case 0xC2: return c == 0xA0 ? (2, .space) : c == 0xAD ? (2, .invisible) : c == 0xB7 ? (2, .mark) : nil
        case 0xCD: return c == 0x8F ? (2, .invisible) : nil
        default: break
        }
        guard i + 2 < n else { return nil }
        let d = text[i + 2]
        switch b {
        case 0xE1:
            if c == 0x9A && d == 0x80 { return (3, .space) }
            if (c == 0x85 && (d == 0x9F || d == 0xA0)) || (c == 0x9E && (d == 0xB4 || d == 0xB5)) || (c == 0xA0 && d >= 0x8B && d <= 0x8F) {
                return (3, .invisible)
            }
        case 0xE2:
            switch c {
            case 0x80:
                if d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF { return (3, .space) }
                if d <= 0x8F || (d >= 0xAA && d <= 0xAE) { return (3, .invisible) }
                if d <= 0x95 { return (3, .dash) }
                if d == 0xA2 || d == 0xA7 { return (3, .mark) }
            case 0x81:
                if d == 0x9F { return (3, .space) }
                if d >= 0xA0 && d <= 0xAF { return (3, .invisible) }
            case 0x88: if d == 0x92 { return (3, .dash) }; if d == 0x99 { return (3, .mark) }
            case 0x8B: if d == 0x85 { return (3, .mark) }
            case 0xA0: if d == 0x80 { return (3, .space) }
            case 0xB8: if d == 0xBA || d == 0xBB { return (3, .dash) }
            default: break
            }
        case 0xE3:
            if (c == 0x80 && d == 0x80) || (c == 0x85 && d == 0xA4) { return (3, .space) }
            if c == 0x83 && d == 0xBB { return (3, .mark) }
        case 0xEF:
            if (c == 0xBB && d == 0xBF) || (c == 0xB8 && d >= 0x80 && d <= 0x8F) { return (3, .invisible) }
            if c == 0xBE && d == 0xA0 { return (3, .space) }
            if (c == 0xB9 && (d == 0x98 || d == 0xA3)) || (c == 0xBC && (d == 0x8D || d == 0xBF)) { return (3, .dash) }
            if (c == 0xBD && d == 0xA5) || (c == 0xBC && d == 0x8F) { return (3, .mark) }
        case 0xF3:
            // U+E0000–U+E01FF: tag characters and the variation selectors supplement.
            if c == 0xA0, i + 3 < n, d >= 0x80 && d <= 0x87 { return (4, .invisible) }
        default: break
        }
        return nil
    }

    /// The unified ideograph a compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F), a Kangxi radical (U+2F00–U+2FD5)
    /// or a CJK radical (U+2E80–U+2EFF) is shown as, where Unicode's compatibility mapping makes it one: `北` (U+F963) is
    /// 北, `⼯` (U+2F2F) is 工. A page shows them alike.
    static let ideographs: [UInt32: [UInt8]] = {
        var map: [UInt32: [UInt8]] = [:]
        for range: ClosedRange<UInt32> in [0x2E80...0x2FDF, 0xF900...0xFAFF, 0x2F800...0x2FA1F] {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let shown = String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars
                guard shown.count == 1, let one = shown.first, one.value != value,
                      (0x3400...0x9FFF).contains(one.value) || (0x20000...0x3FFFF).contains(one.value) else { continue }
                map[value] = Array(String(Character(one)).utf8)
            }
        }
        return map
    }()

    /// One bit a character of U+4000–U+9FFF, set where it is a Traditional character with a Simplified form (`simplifiedForms`,
    /// from `traditionalPairs`, which scripts/make-traditional-table.swift generated from ICU's Hant-Hans transform);
    /// read by `fold` at every Chinese character, so a flat 3 KB bitmap and a flat array, made once, never freed.
    nonisolated(unsafe) static let traditionalBits: UnsafeMutablePointer<UInt32> = {
        let bits = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x6000 / 32)
        bits.initialize(repeating: 0, count: 0x6000 / 32)
        for (from, _) in traditionalTable { bits[from >> 5] |= 1 << UInt32(from & 31) }
        return bits
    }()

    /// The Simplified character (a scalar of U+3400–U+9FFF) of each Traditional one, at its offset from U+4000.
    nonisolated(unsafe) static let simplifiedForms: UnsafeMutablePointer<UInt16> = {
        let forms = UnsafeMutablePointer<UInt16>.allocate(capacity: 0x6000)
        forms.initialize(repeating: 0, count: 0x6000)
        for (from, to) in traditionalTable { forms[from] = to }
        return forms
    }()

    /// `traditionalPairs` as offsets from U+4000 and Simplified scalars.
    private static var traditionalTable: [(Int, UInt16)] {
        let scalars = traditionalPairs.unicodeScalars.filter { $0 != "\n" }.map(\.value)
        return stride(from: 0, to: scalars.count - 1, by: 2).map { (Int(scalars[$0]) - 0x4000, UInt16(scalars[$0 + 1])) }
    }

    /// The ideograph (`ideographs`) the character at `i` is shown as, with the character's length.
    @inline(__always)
    private static func ideograph(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, bytes: [UInt8])? {
        let n = text.count, b = text[i]
        guard i + 2 < n else { return nil }
        let c = text[i + 1]
        let value: UInt32, length: Int
        switch b {
        case 0xE2 where c >= 0xBA, 0xEF where c >= 0xA4 && c <= 0xAB:
            value = UInt32(b & 0x0F) << 12 | UInt32(c & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
            length = 3
        case 0xF0 where c == 0xAF && i + 3 < n:
            value = UInt32(b & 0x07) << 18 | UInt32(c & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)
            length = 4
        default: return nil
        }
        return ideographs[value].map { (length, $0) }
    }

    /// Where a code's separators end, when `start` begins a run of white space, hyphens, dashes, underscores, characters
    /// that show nothing, and Markdown's emphasis, code and strike-through marks and the tags cmark draws for them, that an
    /// ASCII letter or digit (or its full-width form) follows: `JYJ 2025 009`, `JYJ—2025—009`, `JYJ-**2025**-009`.
    /// A link's marks and tags in the run (`JYJ-[2025](/x/)-009`, `JYJ-<a href="/x/">2025</a>-009`) are read through too; `aside`
    /// says the run holds an address or attributes, to read on their own (`readAside`). An image, a middle dot or a slash
    /// still parts a code.
    @inline(__always)
    private static func codeJoin(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, aside: Bool)? {
        let n = text.count
        var i = start
        var aside = false
        while i < n {
            let b = text[i]
            if b < 0x80 {
                if b == 0x20 || b == 0x2D || b == 0x5F || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x2A || b == 0x60 || b == 0x7E || b == 0x5B { i += 1; continue }
                // A link's end, `](address)` or `][label]`, or a `]` alone (a mark, as between Chinese characters).
                if b == 0x5D {
                    if let (length, _) = linkTail(text, at: i) { i += length; aside = true } else { i += 1 }
                    continue
                }
                // An emphasis, code or strike-through tag (`JYJ-<strong>2025</strong>-009`), which has no attributes to read,
                // or a link's (`<a href="/x/">`), whose attributes are read on their own. Not an image.
                if b == 0x3C, let (length, inner) = inlineTag(text, at: i), (text[i + 1] | 0x20) != 0x69,
                   inner.map({ $0.allSatisfy { $0 == 0x20 || $0 == 0x2F } }) ?? true
                    || ((text[i + 1] | 0x20) == 0x61 && (text[i + 2] == 0x20 || text[i + 2] == 0x0A || text[i + 2] == 0x09)) {
                    i += length
                    if inner != nil { aside = true }
                    continue
                }
                return i > start && isAlphanumeric(b) ? (i, aside) : nil
            }
            if let (length, kind) = gap(text, at: i), kind != .mark { i += length; continue }
            if b == 0xEF, i + 2 < n, (text[i + 1] == 0xBC && ((text[i + 2] >= 0x90 && text[i + 2] <= 0x99) || (text[i + 2] >= 0xA1 && text[i + 2] <= 0xBA)))
                || (text[i + 1] == 0xBD && text[i + 2] >= 0x81 && text[i + 2] <= 0x9A) {
                return i > start ? (i, aside) : nil
            }
            return nil
        }
        return nil
    }

    /// The addresses and attributes of the links a code's run (`codeJoin`) read through, each to `nested`.
    private static func readAside(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                  _ nested: (UnsafeBufferPointer<UInt8>) -> Void) {
        var k = start
        while k < end {
            if text[k] == 0x3C, let (length, inner) = inlineTag(text, at: k) {
                if let inner, !inner.isEmpty { nested(inner) }
                k += length
            } else if text[k] == 0x5D, let (length, inner) = linkTail(text, at: k) {
                if !inner.isEmpty { nested(inner) }
                k += length
            } else {
                k += 1
            }
        }
    }

    /// The bytes of `text` as a reader sees its words, one byte at a time to `emit`, in the same pass as the search: a
    /// character that shows nothing (`gap`: a soft hyphen, a zero-width space, a variation selector …) is left out; a
    /// full-width ASCII character (ＪＹＪ－００９, as a Chinese input method types it) is its ASCII one; a Traditional character
    /// of U+4000–U+9FFF is its Simplified one (國 is 国: `traditionalBits`, `simplifiedForms`); a compatibility
    /// ideograph or a Kangxi radical is the ideograph it shows (`ideographs`); a percent-encoded byte of a character beyond
    /// ASCII (`%E5%8C%97`, as a link's address writes 北) is that byte; and white space (spaces, tabs, line ends, the
    /// no-break space `&nbsp;`, the thin, en and full-width spaces …, and a JSON string's `\n`) between two Chinese characters
    /// is left out — a browser shows 北山坑道⏎加固工程 as one phrase, or with a gap, and a name broken so is the name — while
    /// elsewhere a run of it is one space. Likewise Markdown's emphasis, code, strike-through and link marks (`*`, `_`, `` ` ``,
    /// `~`, `[`, `]`, a backslash) and the inline tags cmark draws (`<strong>`, `</em>`, `<code>`, `<del>`, `<a href="…">`,
    /// `</a>`, `<br />`) and comments (`<!-- raw HTML omitted -->`) between two Chinese characters: a page shows
    /// 北山**坑道**加固工程 or 北山[坑道](/x/)加固工程 as the name, and a bundle has no search record that holds it joined. So are
    /// a middle dot (`·`, `・`, `•`, `‧`, `∙`, `⋅`, `･`: `Gap.mark`), a slash (`/`, `／`) and an image (`![](a.png)`, its
    /// description read in line; `<img …>`, its attributes read on their own) between two Chinese characters: 北山·坑道加固工程,
    /// 北山/坑道加固工程 and 北山![](a.png)坑道加固工程 read as the name. A tag's attributes, a comment and a Markdown link's
    /// address (`](/x/)`) are read too, each as a text of its own (`nested`), so a name in a link's address or title is found.
    /// Between two ASCII letters or digits, a run of white space, hyphens, dashes, underscores, emphasis marks or tags, and a
    /// link's marks and tags is left out (`joiningCodes`): `JYJ 2025 009`, `JYJ—2025—009`, `JYJ-**2025**-009`,
    /// `JYJ-[2025](/x/)-009` and `JYJ2025009` are the code `JYJ-2025-009`, read as `JYJ2025009`; a middle dot, a slash or an
    /// image still parts a code (`JYJ/2025/009` is no code: dates and fractions are written so).
    /// `emit` is also given the offset in `text` of the character the byte comes from (`foldedWithOrigins`).
    @inline(__always)
    static func fold(_ text: UnsafeBufferPointer<UInt8>, joiningCodes: Bool = true, _ emit: (UInt8, Int) -> Void,
                     nested: (UnsafeBufferPointer<UInt8>) -> Void) {
        let n = text.count
        var i = 0
        // What a run of white space or marks gives unless it stands between two Chinese characters (0: no run): a space, or
        // its first mark, which no fragment holds (the marks are separators), so the search starts again after it.
        var pending: UInt8 = 0
        var lastCJK = false  // the last character given was one of U+3000–U+9FFF (UTF-8 lead byte E3–E9)
        var lastAlphanumeric = false  // the last character given was an ASCII letter or digit
        let traditional = traditionalBits, simplified = simplifiedForms
        @inline(__always) func out(_ b: UInt8) {
            if pending != 0 {
                if !(lastCJK && b >= 0xE3 && b <= 0xE9) { emit(pending, i) }
                pending = 0
            }
            emit(b, i)
            if b & 0xC0 != 0x80 {
                lastCJK = b >= 0xE3 && b <= 0xE9
                lastAlphanumeric = isAlphanumeric(b)
            }
        }
        while i < n {
            let b = text[i]
            // Most of a Chinese page: a character of U+4000–U+9FFF, or a byte inside a character, has nothing to fold.
            if b >= 0x80 && (b < 0xC2 || (b >= 0xE4 && b <= 0xE9)) {
                // A Traditional character is read as its Simplified one (國 as 国): one bit looked up a character.
                if b >= 0xE4, i + 2 < n {
                    let k = (Int(b & 0x0F) << 12 | Int(text[i + 1] & 0x3F) << 6 | Int(text[i + 2] & 0x3F)) - 0x4000
                    if traditional[k >> 5] & (1 << UInt32(k & 31)) != 0 {
                        let form = simplified[k]
                        out(0xE0 | UInt8(form >> 12))
                        out(0x80 | UInt8((form >> 6) & 0x3F))
                        out(0x80 | UInt8(form & 0x3F))
                        i += 3
                        continue
                    }
                }
                out(b)
                i += 1
                continue
            }
            if joiningCodes, lastAlphanumeric, pending == 0,
               b == 0x20 || b == 0x2D || b == 0x5F || b == 0x0A || b >= 0xC2 || b == 0x3C || b == 0x2A || b == 0x60 || b == 0x7E || b == 0x09
                || b == 0x0D || b == 0x5B || b == 0x5D,
               let (end, aside) = codeJoin(text, from: i) {
                if aside { readAside(text, from: i, to: end, nested) }
                i = end
                continue
            }
            if b < 0x80 {
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                    pending = 0x20
                } else if b == 0x2A || b == 0x5F || b == 0x60 || b == 0x7E || b == 0x5B {
                    if pending == 0 { pending = b }
                    // A footnote's reference (`[^1]`), a mark as a whole, its label read on its own.
                    if b == 0x5B, i + 1 < n, text[i + 1] == 0x5E, let (length, inner) = enclosed(text, from: i + 2, by: 0x5D) {
                        nested(inner)
                        i += 2 + length
                        continue
                    }
                } else if b == 0x2F || (b == 0x21 && i + 1 < n && text[i + 1] == 0x5B) {
                    // A slash, or an image's `![` (its address read on its own at `]`, its description as words): a reader reads
                    // 北山/坑道加固工程 and 北山![](a.png)坑道加固工程 as the name.
                    if pending == 0 { pending = b }
                } else if b == 0x5D {
                    if pending == 0 { pending = b }
                    if let (length, inner) = linkTail(text, at: i) {
                        nested(inner)
                        i += length
                        continue
                    }
                } else if b == 0x5C, i + 1 < n, text[i + 1] == 0x6E || text[i + 1] == 0x72 || text[i + 1] == 0x74 || text[i + 1] == 0x5C {
                    // A JSON string's `\n`, `\r`, `\t` (white space) and `\\` (a backslash, a mark: Markdown's hard line break).
                    if text[i + 1] == 0x5C { if pending == 0 { pending = b } } else { pending = 0x20 }
                    i += 2
                    continue
                } else if b == 0x3C, let (length, inner) = inlineTag(text, at: i) {
                    if pending == 0 { pending = b }
                    if let inner { nested(inner) }
                    i += length
                    continue
                } else if b == 0x25, i + 2 < n, let high = text[i + 1].hexDigitValue, high >= 8, let low = text[i + 2].hexDigitValue {
                    out(high << 4 | low)
                    i += 3
                    continue
                } else {
                    out(b)
                }
                i += 1
                continue
            }
            if b >= 0xC2 {
                if let (length, kind) = gap(text, at: i) {
                    switch kind {
                    case .invisible: i += length; continue
                    case .space: pending = 0x20; i += length; continue
                    case .dash: break  // shown as itself: read through only inside a code (`codeJoin`)
                    case .mark: if pending == 0 { pending = 0x2F }; i += length; continue
                    }
                }
                if b == 0xEF, i + 2 < n {
                    let c = text[i + 1], d = text[i + 2]
                    if c == 0xBC && d >= 0x81 && d <= 0xBF { out(d - 0x60); i += 3; continue }
                    if c == 0xBD && d >= 0x80 && d <= 0x9E { out(d - 0x20); i += 3; continue }
                }
                if b == 0xE2 || b == 0xEF || b == 0xF0, let (length, bytes) = ideograph(text, at: i) {
                    for byte in bytes { out(byte) }
                    i += length
                    continue
                }
            }
            out(b)
            i += 1
        }
    }

    /// Whether the tag name at `start` is one of the inline tags cmark draws, which a reader does not see between two words:
    /// emphasis, code, strike-through, a link (`<a href="…" title="…">`, its attributes read as a text of their own) and a
    /// hard line break (`<br />`): `strong`, `em`, `code`, `del`, `a`, `br`, in either case.
    @inline(__always)
    private static func isInlineTag(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        @inline(__always) func at(_ k: Int) -> UInt8 { text[start + k] | 0x20 }
        switch length {
        case 1: return at(0) == 0x61
        case 2: return (at(0) == 0x65 && at(1) == 0x6D) || (at(0) == 0x62 && at(1) == 0x72)
        case 3: return (at(0) == 0x64 && at(1) == 0x65 && at(2) == 0x6C) || (at(0) == 0x69 && at(1) == 0x6D && at(2) == 0x67)
        case 4: return at(0) == 0x63 && at(1) == 0x6F && at(2) == 0x64 && at(3) == 0x65
        case 6: return at(0) == 0x73 && at(1) == 0x74 && at(2) == 0x72 && at(3) == 0x6F && at(4) == 0x6E && at(5) == 0x67
        default: return false
        }
    }

    /// The length of the inline tag (`inlineTags`) or comment at `i`, if one is there, and the text inside it to read on its
    /// own (a tag's attributes, a comment's words).
    @inline(__always)
    private static func inlineTag(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, inner: UnsafeBufferPointer<UInt8>?)? {
        let n = text.count
        guard i + 2 < n else { return nil }
        var k = i + 1
        if text[k] == 0x21 {
            // A comment: `<!-- … -->`.
            guard i + 3 < n, text[i + 2] == 0x2D, text[i + 3] == 0x2D else { return nil }
            var end = i + 4
            while end + 2 < n, end - i < 65536, !(text[end] == 0x2D && text[end + 1] == 0x2D && text[end + 2] == 0x3E) { end += 1 }
            guard end + 2 < n, text[end] == 0x2D, text[end + 1] == 0x2D, text[end + 2] == 0x3E else { return nil }
            return (end + 3 - i, UnsafeBufferPointer(rebasing: text[(i + 4)..<end]))
        }
        // A footnote's reference (`北山坑道<sup class="footnote-ref"><a href="#fn1">1</a></sup>加固工程`), a mark as a whole: a
        // reader reads the words on either side as one phrase with a note's number in it.
        if text[k] == 0x73, i + footnoteReference.count <= n,
           footnoteReference.indices.allSatisfy({ text[i + $0] == footnoteReference[$0] }) {
            var end = i + footnoteReference.count
            while end + 5 < n, end - i < 8192, !(text[end] == 0x3C && text[end + 1] == 0x2F && text[end + 2] == 0x73 && text[end + 3] == 0x75 && text[end + 4] == 0x70 && text[end + 5] == 0x3E) {
                end += 1
            }
            guard end + 5 < n, text[end] == 0x3C, text[end + 1] == 0x2F, text[end + 2] == 0x73, text[end + 5] == 0x3E else { return nil }
            return (end + 6 - i, UnsafeBufferPointer(rebasing: text[(i + footnoteReference.count)..<end]))
        }
        let closing = text[k] == 0x2F
        if closing { k += 1 }
        let nameStart = k
        while k < n, (text[k] >= 0x61 && text[k] <= 0x7A) || (text[k] >= 0x41 && text[k] <= 0x5A) { k += 1 }
        let nameLength = k - nameStart
        guard nameLength > 0, nameLength <= 6, k < n, isInlineTag(text, nameStart, nameLength) else { return nil }
        if text[k] == 0x3E { return (k + 1 - i, nil) }
        guard text[k] == 0x20 || text[k] == 0x2F || text[k] == 0x0A || text[k] == 0x09 else { return nil }
        let attributes = k
        // Up to the tag's end: an attribute's value holds no `<` or `>` (cmark escapes them).
        while k < n, text[k] != 0x3E, text[k] != 0x3C, k - i < 8192 { k += 1 }
        guard k < n, text[k] == 0x3E, !closing || text[attributes..<k].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) else { return nil }
        return (k + 1 - i, UnsafeBufferPointer(rebasing: text[attributes..<k]))
    }

    /// At a Markdown link's `]`: the length of `](address "title")` or `][label]`, and its inside, to read on its own.
    @inline(__always)
    private static func linkTail(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, inner: UnsafeBufferPointer<UInt8>)? {
        guard i + 1 < text.count, text[i + 1] == 0x28 || text[i + 1] == 0x5B,
              let (length, inner) = enclosed(text, from: i + 2, by: text[i + 1] == 0x28 ? 0x29 : 0x5D) else { return nil }
        return (2 + length, inner)
    }

    /// The text from `start` up to the byte `close` on the same line (at most 8 KB), and its length with `close`.
    @inline(__always)
    private static func enclosed(_ text: UnsafeBufferPointer<UInt8>, from start: Int, by close: UInt8) -> (length: Int, inner: UnsafeBufferPointer<UInt8>)? {
        let n = text.count
        var k = start
        while k < n, text[k] != close, text[k] != 0x0A, k - start < 8192 { k += 1 }
        guard k < n, text[k] == close else { return nil }
        return (k + 1 - start, UnsafeBufferPointer(rebasing: text[start..<k]))
    }

    /// `<sup class="footnote-ref">`, which cmark's footnotes draw before a note's number.
    private static let footnoteReference = Array("<sup class=\"footnote-ref\"".utf8)

    private func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found = Set<Int32>()
        edgeStart.withUnsafeBufferPointer { starts in
        edgeBytes.withUnsafeBufferPointer { eBytes in
        edgeNext.withUnsafeBufferPointer { eNext in
        fail.withUnsafeBufferPointer { failLinks in
        outputStart.withUnsafeBufferPointer { oStart in
        rootTable.withUnsafeBufferPointer { root in
        firstRow.withUnsafeBufferPointer { firstRow in
        rows.withUnsafeBufferPointer { rows in
            var state: Int32 = 0
            var row = -1  // `state`'s row in `rows` when it is one byte deep and known to be, else -1
            @inline(__always) func step(_ byte: UInt8, _: Int = 0) {
                if row >= 0 {
                    state = rows[row << 8 | Int(byte)]
                    // Either a child (two bytes deep) or the state the root reads this byte as.
                    row = state != 0 && state == root[Int(byte)] ? Int(firstRow[Int(byte)]) : -1
                } else {
                    while true {
                        if state == 0 {
                            state = max(root[Int(byte)], 0)
                            if state != 0 { row = Int(firstRow[Int(byte)]) }
                            break
                        }
                        var lo = Int(starts[Int(state)]), hi = Int(starts[Int(state) + 1])
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if eBytes[mid] < byte { lo = mid + 1 } else { hi = mid }
                        }
                        if lo < Int(starts[Int(state) + 1]), eBytes[lo] == byte { state = eNext[lo]; break }
                        state = failLinks[Int(state)]
                    }
                }
                let a = Int(oStart[Int(state)]), b = Int(oStart[Int(state) + 1])
                if a < b { for i in a..<b { found.insert(outputs[i]) } }
            }
            guard folding else { for byte in text { step(byte) }; return }
            // A tag's attributes, a comment or a link's address is a text of its own: kept aside and read after the rest, each
            // from the root, so the words around it go on as if it were not there. One call of `fold` reads them all: a second
            // one, or a closure carrying the automaton's state into a reading of its own, cost the whole scan half as much again.
            var texts = [text]
            var next = 0
            while next < texts.count {
                (state, row) = (0, -1)
                Self.fold(texts[next], step) { inner in if !inner.isEmpty { texts.append(inner) } }
                next += 1
            }
        }}}}}}}}
        return found.map(Int.init).sorted()
    }
}
