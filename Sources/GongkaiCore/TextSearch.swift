/// Aho–Corasick multi-pattern search over UTF-8 bytes: finds which of many patterns occur in a
/// text in one pass, so the leak audit costs time linear in the output size, not output × patterns.
public struct MultiPatternMatcher: Sendable {
    public let patterns: [String]
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

    public init(patterns: [String]) {
        self.patterns = patterns
        // Patterns in byte order: each shares its prefix with the one before, so the trie grows along
        // one path and every node's edges arrive sorted by byte. Built in flat arrays, not two arrays a
        // node (at 20,000 projects those were half a gigabyte of the build's peak memory).
        let order = patterns.indices.filter { !patterns[$0].isEmpty }
            .sorted { patterns[$0].utf8.lexicographicallyPrecedes(patterns[$1].utf8) }
        var edgeFrom: [Int32] = [], edgeByte: [UInt8] = [], edgeTo: [Int32] = []
        var ends: [(node: Int32, pattern: Int32)] = []
        var path: [Int32] = [0] // path[d]: the node at depth d along the previous pattern
        var previous: [UInt8] = []
        var nodeCount = 1
        for index in order {
            let bytes = Array(patterns[index].utf8)
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
        return scan(Array(bytes))
    }

    private func scan(_ text: some Collection<UInt8>) -> [Int] {
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
            for byte in text {
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
        }}}}}}}}
        return found.map(Int.init).sorted()
    }
}
