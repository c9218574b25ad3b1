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

    /// `beside` runs once, whatever the thread count, and the indices' results stay in index order, batches included.
    @Test func besideRunsOnceAndTheIndicesStayInOrder() {
        for jobs in [1, 2, 4] {
            for count in [0, 1, 5, 1000] {
                let runs = Atomic<Int>(0)
                let (results, beside) = concurrentMap(count, jobs: jobs, beside: { runs.add(1, ordering: .relaxed); return "beside" }) { $0 * 2 }
                #expect(results == (0..<count).map { $0 * 2 }, "jobs \(jobs), count \(count)")
                #expect(beside == "beside")
                let runCount = runs.load(ordering: .relaxed)
                #expect(runCount == 1)
                let (batches, _) = concurrentBatches(count, size: 7, jobs: jobs, beside: {}) { $0 }
                #expect(batches.flatMap { Array($0) } == Array(0..<count), "each index once, in order")
                #expect(batches.allSatisfy { $0.count <= 7 && !$0.isEmpty })
            }
        }
    }

    /// The point of `beside`: the other threads take indices while it runs. Here it waits (up to 30 s) until some index has
    /// run; run before the indices, or after them, it would see none, or all.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2))
    func theIndicesRunWhileBesideDoes() {
        let done = Atomic<Int>(0)
        let (_, seen) = concurrentMap(200, jobs: 2, beside: { () -> Int in
            let deadline = Date().addingTimeInterval(30)
            while done.load(ordering: .relaxed) == 0, Date() < deadline { usleep(1_000) }
            return done.load(ordering: .relaxed)
        }) { i -> Int in
            usleep(2_000)
            done.add(1, ordering: .relaxed)
            return i
        }
        #expect(seen > 0 && seen < 200, "beside saw \(seen) of 200 indices done")
    }

    /// `Background` runs its work while the caller goes on, and gives the same result to every asker.
    @Test func backgroundWorkRunsBesideTheCaller() {
        let started = Atomic<Bool>(false), release = Atomic<Bool>(false)
        let work = Background { () -> [Int] in
            started.store(true, ordering: .relaxed)
            // Held until the caller, still running, lets it finish: the caller was not blocked by starting it. Run on the
            // caller's thread, it would wait out the deadline and say so.
            let deadline = Date().addingTimeInterval(30)
            while !release.load(ordering: .relaxed), Date() < deadline { usleep(1_000) }
            return release.load(ordering: .relaxed) ? [1, 2, 3] : []
        }
        let deadline = Date().addingTimeInterval(30)
        while !started.load(ordering: .relaxed), Date() < deadline { usleep(1_000) }
        let hasStarted = started.load(ordering: .relaxed)
        #expect(hasStarted, "the work started on its own thread")
        release.store(true, ordering: .relaxed)
        #expect(work.value == [1, 2, 3])
        #expect(work.value == [1, 2, 3], "asked again")
    }
}
