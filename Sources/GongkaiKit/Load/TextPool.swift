import GongkaiCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Equal texts read from many files share one copy for the length of a load.
///
/// At platform scale the same indicator names, bases and standard wordings (`服务对象满意度`,
/// `《预算绩效管理办法》`, `无`) stand in thousands of project files, and every copy of a text longer than
/// fifteen bytes is its own heap block that the model, the view and the ledger then hold for the whole
/// build. Texts are matched byte for byte, never by `String`'s `==`, which takes canonically equivalent
/// spellings (composed and decomposed forms) as equal: the published bytes and the leak audit's reading
/// of them must be exactly what each file says.
final class TextPool: Sendable {
    private final class Shard: Sendable {
        let texts = Mutex<Set<ExactText>>([])
    }

    /// A text compared and hashed by its UTF-8 bytes. Its bytes are hashed once, when it is made: the shard and the set
    /// both use that hash (hashing the bytes for each, and comparing them through the generic `elementsEqual`, was a
    /// fifteenth of loading a site whose texts all differ).
    private struct ExactText: Hashable {
        let text: String
        let bytesHash: Int

        init(_ text: String) {
            var text = text
            var hasher = Hasher()
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            self.text = text
            bytesHash = hasher.finalize()
        }

        static func == (a: ExactText, b: ExactText) -> Bool {
            guard a.bytesHash == b.bytesHash else { return false }
            var (x, y) = (a.text, b.text)
            return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
        }

        func hash(into hasher: inout Hasher) { hasher.combine(bytesHash) }
    }

    // Shards keep the load's threads from waiting on one lock.
    private let shards = (0..<64).map { _ in Shard() }

    /// `text`, or the copy of the same bytes read before.
    func shared(_ text: String) -> String {
        // Fifteen bytes or fewer are stored inside the String itself: nothing to share.
        guard text.utf8.count > 15 else { return text }
        let key = ExactText(text)
        let shard = shards[Int(UInt(bitPattern: key.bytesHash) % UInt(shards.count))]
        return shard.texts.withLock { texts in texts.insert(key).memberAfterInsert.text }
    }
}
