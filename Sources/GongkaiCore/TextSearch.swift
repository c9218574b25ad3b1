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

    /// `text` as `fold` reads it.
    public static func folded(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0xC2 || $0 == 0x25 || $0 <= 0x20 }) else { return text }
        return String(decoding: folded(Array(text.utf8)), as: UTF8.self)
    }

    static func folded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { fold($0) { out.append($0) } }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x37
        case 0x61...0x66: b - 0x57
        default: nil
        }
    }

    /// The bytes of `text` as a reader sees its words, one byte at a time to `emit`, in the same pass as the search: a
    /// character that shows nothing (a soft hyphen, a zero-width space, non-joiner or joiner, a word joiner, a byte-order
    /// mark) is left out; a full-width ASCII character (ＪＹＪ－００９, as a Chinese input method types it) is its ASCII one;
    /// a percent-encoded byte of a character beyond ASCII (`%E5%8C%97`, as a link's address writes 北) is that byte; and
    /// white space (spaces, tabs, line ends, the no-break space `&nbsp;`, the full-width space) between two Chinese characters is left out — a browser
    /// shows 北山坑道⏎加固工程 as one phrase, or with a gap, and a name broken so is the name — while elsewhere a run of
    /// it is one space. Likewise Markdown's emphasis, code and strike-through marks (`*`, `_`, `` ` ``, `~`) and the tags
    /// cmark draws for them (`<strong>`, `</em>`, `<code>`, `<del>` …) between two Chinese characters: a page shows
    /// 北山**坑道**加固工程 as the name (in bold in part), and a bundle has no search record that holds it joined.
    @inline(__always)
    static func fold(_ text: UnsafeBufferPointer<UInt8>, _ emit: (UInt8) -> Void) {
        let n = text.count
        var i = 0
        // What a run of white space or marks gives unless it stands between two Chinese characters (0: no run): a space, or
        // its first mark, which no fragment holds (the marks are separators), so the search starts again after it.
        var pending: UInt8 = 0
        var lastCJK = false  // the last character given was one of U+3000–U+9FFF (UTF-8 lead byte E3–E9)
        @inline(__always) func out(_ b: UInt8) {
            if pending != 0 {
                if !(lastCJK && b >= 0xE3 && b <= 0xE9) { emit(pending) }
                pending = 0
            }
            emit(b)
            if b & 0xC0 != 0x80 { lastCJK = b >= 0xE3 && b <= 0xE9 }
        }
        while i < n {
            let b = text[i]
            if b < 0x80 {
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                    pending = 0x20
                } else if b == 0x2A || b == 0x5F || b == 0x60 || b == 0x7E {
                    if pending == 0 { pending = b }
                } else if b == 0x3C, let length = inlineTagLength(text, at: i) {
                    if pending == 0 { pending = b }
                    i += length
                    continue
                } else if b == 0x25, i + 2 < n, let high = hex(text[i + 1]), high >= 8, let low = hex(text[i + 2]) {
                    out(high << 4 | low)
                    i += 3
                    continue
                } else {
                    out(b)
                }
                i += 1
                continue
            }
            if i + 1 < n {
                let c = text[i + 1]
                if b == 0xC2, c == 0xAD { i += 2; continue }
                if b == 0xC2, c == 0xA0 { pending = 0x20; i += 2; continue }
                if i + 2 < n {
                    let d = text[i + 2]
                    switch b {
                    case 0xE2 where (c == 0x80 && d >= 0x8B && d <= 0x8D) || (c == 0x81 && d == 0xA0):
                        i += 3
                        continue
                    case 0xE3 where c == 0x80 && d == 0x80:
                        pending = 0x20
                        i += 3
                        continue
                    case 0xEF:
                        if c == 0xBB && d == 0xBF { i += 3; continue }
                        if c == 0xBC && d >= 0x81 && d <= 0xBF { out(d - 0x60); i += 3; continue }
                        if c == 0xBD && d >= 0x80 && d <= 0x9E { out(d - 0x20); i += 3; continue }
                    default: break
                    }
                }
            }
            out(b)
            i += 1
        }
    }

    /// The tags cmark draws for emphasis, code and strike-through, which have no attributes.
    private static let inlineTags: [[UInt8]] = ["strong", "em", "code", "del"].flatMap { [Array("<\($0)>".utf8), Array("</\($0)>".utf8)] }

    /// The length of the inline tag (`inlineTags`) at `i`, if one is there.
    @inline(__always)
    private static func inlineTagLength(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 3 < text.count, text[i + 1] == 0x2F || text[i + 1] == 0x73 || text[i + 1] == 0x65 || text[i + 1] == 0x63 || text[i + 1] == 0x64
        else { return nil }
        for tag in inlineTags where i + tag.count <= text.count {
            var k = 1
            while k < tag.count, text[i + k] == tag[k] { k += 1 }
            if k == tag.count { return k }
        }
        return nil
    }

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
            @inline(__always) func step(_ byte: UInt8) {
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
            if folding { Self.fold(text, step) } else { for byte in text { step(byte) } }
        }}}}}}}}
        return found.map(Int.init).sorted()
    }
}
