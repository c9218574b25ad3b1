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

    /// Its own counter: the tests of a suite run side by side.
    final class Held: Sendable {
        static let live = Atomic<Int>(0)
        init() { Self.live.add(1, ordering: .relaxed) }
        deinit { Self.live.subtract(1, ordering: .relaxed) }
    }

    /// What a rendering job's closure holds goes as soon as the job has run, not when all have.
    @Test func aValueTakenIsLetGoByItsTakerAndTheRestWithTheList() {
        let before = Held.live.load(ordering: .relaxed)
        do {
            let jobs = TakeOnce((0..<100).map { i -> @Sendable () -> Int in { [held = Held()] in withExtendedLifetime(held) { i } } })
            #expect(Held.live.load(ordering: .relaxed) - before == 100)
            let firstHalf = concurrentMap(50, jobs: 2) { jobs.take($0)() }
            #expect(firstHalf == Array(0..<50))
            #expect(Held.live.load(ordering: .relaxed) - before == 50, "the fifty run are let go; the rest are still held")
        }
        #expect(Held.live.load(ordering: .relaxed) == before, "the untaken ones go with the list")
    }
}
