import Foundation
import GongkaiCore
import Synchronization

/// What the preview serves right now: the build generation and, after a failed build, its diagnostics.
/// Open pages subscribe to generation changes (Server-Sent Events) and reload on any change.
final class PreviewState: Sendable {
    struct Snapshot: Sendable {
        /// Counts finished builds, good or failed; pages carry it and reload when it changes.
        var generation = 0
        /// Nil when the last build succeeded; else its errors and warnings. Nothing of the site is
        /// served then — not even the previous build, which may show an item withheld since.
        var failure: [Diagnostic]?
    }

    private struct Inner {
        var snapshot = Snapshot()
        var subscribers: [Int: AsyncStream<Int>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }

    private let inner = Mutex(Inner())

    var snapshot: Snapshot { inner.withLock { $0.snapshot } }

    /// Records a finished build and tells every open page.
    func finished(failure: [Diagnostic]?) {
        let (generation, subscribers) = inner.withLock { state -> (Int, [AsyncStream<Int>.Continuation]) in
            state.snapshot.generation += 1
            state.snapshot.failure = failure
            return (state.snapshot.generation, Array(state.subscribers.values))
        }
        for subscriber in subscribers { subscriber.yield(generation) }
    }

    /// A stream of generations, starting with the current one; ends when the server stops.
    func subscribe() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: Int? = inner.withLock { state in
            guard !state.closed else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            continuation.yield(state.snapshot.generation)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.inner.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every event stream, so that a graceful shutdown is not held open by waiting pages.
    func close() {
        let subscribers = inner.withLock { state -> [AsyncStream<Int>.Continuation] in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
