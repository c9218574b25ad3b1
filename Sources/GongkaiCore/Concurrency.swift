import Dispatch
import Synchronization

/// Runs `body` for every index in `0..<count` on up to `jobs` threads and returns the results
/// in index order, so the output never depends on scheduling.
public func concurrentMap<T: Sendable>(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(jobs, count))
    if workers == 1 { return (0..<count).map(body) }
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    // The results are moved out below, so only the memory is left to free (deallocating slots that
    // still held them leaked every result: 260 MB of search terms at 20,000 projects).
    defer { slots.deallocate() }
    nonisolated(unsafe) let results = slots
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            results[index] = body(index) // each slot is written by exactly one worker
        }
    }
    return (0..<count).map { (slots.baseAddress! + $0).move()! }
}

/// `body` for each run of up to `size` consecutive indices of `0..<count`, on up to `jobs` threads, the results in index
/// order: work too small to hand out an index at a time (a project's checks, a diagnostic's redaction).
public func concurrentBatches<T: Sendable>(_ count: Int, size: Int, jobs: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    concurrentMap((count + size - 1) / size, jobs: jobs) { i in body((i * size)..<min(count, (i + 1) * size)) }
}

/// `concurrentMap` and one more piece of work, `beside`, that the first thread takes before any index while the others
/// start on the indices; it joins them when done. A `concurrentMap` (or `concurrently`) inside another runs on one thread
/// (Dispatch divides a nested `concurrentPerform`'s width by the outer one's), so work spread over threads and a piece that
/// is not share one `concurrentMap` instead: the piece fills the core that would otherwise wait for it.
public func concurrentMap<T: Sendable, B: Sendable>(_ count: Int, jobs: Int, beside: @Sendable () -> B,
                                                    _ body: @Sendable (Int) -> T) -> ([T], B) {
    var pieces = concurrentMap(count + 1, jobs: jobs) { i -> (index: T?, beside: B?) in
        i == 0 ? (nil, beside()) : (body(i - 1), nil)
    }
    let besideResult = pieces.removeFirst().beside!
    return (pieces.map { $0.index! }, besideResult)
}

/// `concurrentBatches` and `beside`, as `concurrentMap(_:jobs:beside:_:)` runs them.
public func concurrentBatches<T: Sendable, B: Sendable>(_ count: Int, size: Int, jobs: Int, beside: @Sendable () -> B,
                                                        _ body: @Sendable (Range<Int>) -> T) -> ([T], B) {
    concurrentMap((count + size - 1) / size, jobs: jobs, beside: beside) { i in body((i * size)..<min(count, (i + 1) * size)) }
}

/// Work started at once on a thread of its own, its result waited for when asked: for work that may overlap a stage that
/// mostly waits on the disk. The thread is no `concurrentMap`'s, so the work may spread over threads itself.
public final class Background<T: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<T?>(nil)

    public init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async { [self] in
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// The result, once the work is done.
    public var value: T {
        done.wait()
        done.signal() // for the next asker
        return result.withLock { $0! }
    }
}

/// Values handed out once each, by index, from any thread. Each is let go as soon as its taker is done
/// with it, not when the whole list is: a rendering job's closure holds what it writes (a search
/// shard's postings, a year's zip), and the finished ones' bytes go back while the others run.
public final class TakeOnce<Value: Sendable>: @unchecked Sendable {
    // Safe to share: each slot is written only by the one caller that takes its index.
    private let slots: UnsafeMutableBufferPointer<Value?>

    public init(_ values: [Value]) {
        slots = .allocate(capacity: values.count)
        _ = slots.initialize(from: values.lazy.map { Optional($0) })
    }

    public var count: Int { slots.count }

    /// The value at `index`; each index is taken at most once.
    public func take(_ index: Int) -> Value {
        guard let value = slots[index].take() else { preconditionFailure("value \(index) taken twice") }
        return value
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

/// Two independent pieces of work, side by side when `jobs` allows; the results do not depend on it.
public func concurrently<A: Sendable, B: Sendable>(jobs: Int, _ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    guard jobs > 1 else { return (first(), second()) }
    let results = concurrentMap(2, jobs: 2) { i -> (A?, B?) in i == 0 ? (first(), nil) : (nil, second()) }
    return (results[0].0!, results[1].1!)
}

/// Default number of rendering threads: the machine's cores.
public var defaultJobCount: Int { max(1, System.coreCount) }

enum System {
    static var coreCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 4
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
