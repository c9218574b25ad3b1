import GongkaiCore
import Synchronization

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

    /// A text compared and hashed by its UTF-8 bytes.
    private struct ExactText: Hashable {
        let text: String
        static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    // Shards keep the load's threads from waiting on one lock.
    private let shards = (0..<64).map { _ in Shard() }

    /// `text`, or the copy of the same bytes read before.
    func shared(_ text: String) -> String {
        // Fifteen bytes or fewer are stored inside the String itself: nothing to share.
        guard text.utf8.count > 15 else { return text }
        let key = ExactText(text: text)
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        return shard.texts.withLock { texts in texts.insert(key).memberAfterInsert.text }
    }
}
