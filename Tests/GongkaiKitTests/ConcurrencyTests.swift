import Foundation
import GongkaiCore
import Synchronization
import Testing

/// `concurrentMap`, which every parallel stage goes through.
@Suite struct ConcurrencyTests {
    /// Counts live instances, so a result the helper keeps hold of shows.
    final class Tracked: Sendable {
        static let live = Atomic<Int>(0)
        let value: Int
        init(_ value: Int) { self.value = value; Self.live.add(1, ordering: .relaxed) }
        deinit { Self.live.subtract(1, ordering: .relaxed) }
    }

    @Test func resultsComeInIndexOrderAndAreFreedWithTheCaller() {
        for jobs in [1, 2, 4] {
            let before = Tracked.live.load(ordering: .relaxed)
            do {
                let results = concurrentMap(1000, jobs: jobs) { Tracked($0 * 3) }
                #expect(results.map(\.value) == (0..<1000).map { $0 * 3 })
                #expect(Tracked.live.load(ordering: .relaxed) - before == 1000)
            }
            // Every result is gone once the caller drops it: the helper keeps none (it leaked them all once).
            #expect(Tracked.live.load(ordering: .relaxed) == before, "jobs \(jobs)")
        }
    }
}
