/// Aho–Corasick multi-pattern search over UTF-8 bytes: finds which of many patterns occur in a
/// text in one pass, so the leak audit costs time linear in the output size, not output × patterns.
public struct MultiPatternMatcher: Sendable {
    private struct Node: Sendable {
        var edges: [(byte: UInt8, next: Int32)] = []  // sorted by byte
        var fail: Int32 = 0
        var output: [Int32] = []                     // pattern indices ending here (incl. via fail links)
    }

    private var nodes: [Node] = [Node()]
    public let patterns: [String]

    public init(patterns: [String]) {
        self.patterns = patterns
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state: Int32 = 0
            for byte in pattern.utf8 {
                if let next = child(state, byte) { state = next; continue }
                nodes.append(Node())
                let next = Int32(nodes.count - 1)
                let edges = nodes[Int(state)].edges
                let at = edges.firstIndex { $0.byte > byte } ?? edges.count
                nodes[Int(state)].edges.insert((byte, next), at: at)
                state = next
            }
            nodes[Int(state)].output.append(Int32(index))
        }
        // Breadth-first failure links.
        var queue: [Int32] = nodes[0].edges.map(\.next)
        var head = 0
        while head < queue.count {
            let state = queue[head]; head += 1
            for (byte, next) in nodes[Int(state)].edges {
                var f = nodes[Int(state)].fail
                while f != 0, child(f, byte) == nil { f = nodes[Int(f)].fail }
                let target = child(f, byte).flatMap { $0 == next ? nil : $0 } ?? 0
                nodes[Int(next)].fail = target
                nodes[Int(next)].output += nodes[Int(target)].output
                queue.append(next)
            }
        }
    }

    private func child(_ state: Int32, _ byte: UInt8) -> Int32? {
        let edges = nodes[Int(state)].edges
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid].byte < byte { lo = mid + 1 } else { hi = mid }
        }
        return lo < edges.count && edges[lo].byte == byte ? edges[lo].next : nil
    }

    /// Indices of the patterns that occur in `bytes`, sorted.
    public func matches<Bytes: Sequence>(in bytes: Bytes) -> [Int] where Bytes.Element == UInt8 {
        var found = Set<Int32>()
        var state: Int32 = 0
        for byte in bytes {
            while true {
                if let next = child(state, byte) { state = next; break }
                if state == 0 { break }
                state = nodes[Int(state)].fail
            }
            for index in nodes[Int(state)].output { found.insert(index) }
        }
        return found.map(Int.init).sorted()
    }
}
