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

    public init(patterns: [String]) {
        self.patterns = patterns
        var edges: [[(byte: UInt8, next: Int32)]] = [[]]
        var ends: [[Int32]] = [[]]
        func child(_ state: Int, _ byte: UInt8) -> Int32? { edges[state].first { $0.byte == byte }?.next }
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern.utf8 {
                if let next = child(state, byte) { state = Int(next); continue }
                edges.append([])
                ends.append([])
                edges[state].append((byte, Int32(edges.count - 1)))
                state = edges.count - 1
            }
            ends[state].append(Int32(index))
        }
        // Breadth-first failure links; outputs inherit those of their failure node.
        var failLinks = [Int32](repeating: 0, count: edges.count)
        var queue = edges[0].map { Int($0.next) }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, next) in edges[state] {
                var f = Int(failLinks[state])
                while f != 0, child(f, byte) == nil { f = Int(failLinks[f]) }
                let target = state == 0 ? 0 : Int(child(f, byte) ?? 0)
                failLinks[Int(next)] = Int32(target)
                ends[Int(next)] += ends[target]
                queue.append(Int(next))
            }
        }
        var starts: [Int32] = [], bytes: [UInt8] = [], nexts: [Int32] = []
        var oStarts: [Int32] = [], outs: [Int32] = []
        for node in 0..<edges.count {
            starts.append(Int32(bytes.count))
            for edge in edges[node].sorted(by: { $0.byte < $1.byte }) {
                bytes.append(edge.byte)
                nexts.append(edge.next)
            }
            oStarts.append(Int32(outs.count))
            outs += ends[node]
        }
        starts.append(Int32(bytes.count))
        oStarts.append(Int32(outs.count))
        var root = [Int32](repeating: -1, count: 256)
        for edge in edges[0] { root[Int(edge.byte)] = edge.next }
        (edgeStart, edgeBytes, edgeNext, fail, outputStart, outputs, rootTable) = (starts, bytes, nexts, failLinks, oStarts, outs, root)
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
            var state: Int32 = 0
            for byte in text {
                while true {
                    if state == 0 {
                        state = max(root[Int(byte)], 0)
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
                let a = Int(oStart[Int(state)]), b = Int(oStart[Int(state) + 1])
                if a < b { for i in a..<b { found.insert(outputs[i]) } }
            }
        }}}}}}
        return found.map(Int.init).sorted()
    }
}
