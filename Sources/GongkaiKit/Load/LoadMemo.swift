import Crypto
import Foundation
import GongkaiCore
import Synchronization

/// 载入备忘 — what a long-running process (`gongkai serve`) keeps of each content file between its builds: the file's
/// SHA-256 and what reading it gave, the item and the file's own diagnostics.
///
/// Reading a file (`ProjectLoader.load`, `PageLoader.load`, …) is a function of its bytes and its path alone, so a file
/// whose bytes are the same gives the same item and the same diagnostics: the memo hands them back instead of parsing
/// the file again. A clerk who fixes one typo in a preview of 20,000 projects waited for all of them to be parsed; now
/// one is. Only the load is skipped: the checks, the disclosure filter, the leak audit and the render run on the whole
/// site as in any build, so nothing the filter withholds can come from here.
///
/// Held in memory only, never written to disk, so no foreign or damaged copy can be read back. A file that is gone, or
/// that could not be read, is not kept: each load keeps exactly the files it read.
public final class LoadMemo: Sendable {
    struct Entry: Sendable {
        let digest: SHA256.Digest
        let item: (any Sendable)?
        let diagnostics: DiagnosticList
    }

    private let entries = Mutex<(files: [String: Entry], reused: Int)>(([:], 0))

    public init() {}

    /// The entries of the last load, to read from without a lock while this load runs.
    func snapshot() -> [String: Entry] { entries.withLock { $0.files } }

    /// Keeps `next`, this load's entries, in place of the last load's; `reused` of them were not parsed again.
    func keep(_ next: [String: Entry], reused: Int) { entries.withLock { $0 = (next, reused) } }

    /// How many files the memo holds: those the last load read.
    public var count: Int { entries.withLock { $0.files.count } }

    /// How many of them the last load took from the memo instead of parsing them.
    public var reused: Int { entries.withLock { $0.reused } }
}
