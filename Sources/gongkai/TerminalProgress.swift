import Foundation
import Synchronization

/// "已渲染 1234/6122 个文件" on one terminal line, for builds longer than a second; nothing when
/// standard error is not a terminal or CI is set, so logs stay clean.
final class TerminalProgress: Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let shown = Mutex((at: UInt64(0), printed: false))

    /// Nil when progress would only clutter: not a terminal, CI, or `--quiet`.
    init?(enabled: Bool) {
        guard enabled, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
    }

    func update(_ done: Int, _ total: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        // After the first second, at most five times a second, and always the last file.
        guard now - start > 1_000_000_000 else { return }
        let line: String? = shown.withLock { state in
            guard done == total || now - state.at > 200_000_000 else { return nil }
            state = (now, true)
            return "\r已渲染 \(done)/\(total) 个文件"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        if shown.withLock({ $0.printed }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
