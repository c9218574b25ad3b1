import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 站内搜索 — a static search index for Chinese text that stays small per query as the site grows.
///
/// Every text is cut into overlapping character bigrams (and single characters, for one-character
/// queries) by `SearchTerms`; `assets/search.js` applies the same function to the query. A project's
/// body is every disclosed text its page shows (`SearchIndex+Items.swift`). Documents are numbered in
/// display order (newest year first, then title), so a posting list sorted by number is already in
/// rank order within a field. Each term keeps one set of documents per field (title, code,
/// department, indicators, body), written as delta varints or as a bitmap, whichever is smaller, so
/// no list is ever larger than one bit per document. Small terms share hashed shard files of a few
/// kilobytes; a large term gets a file of its own. Document records (for checking the match as a
/// substring and for the snippet) come one to a file, fetched only for hits on screen, each text cut
/// to its first `recordTextBytes`.
/// The format is described in docs/website.md. No server, no WebAssembly, no inline script.
struct SearchIndex {
    /// Fields in rank order: a title hit ranks before a code hit, and so on.
    enum Field: Int, CaseIterable {
        case title = 0, code, department, indicators, body
    }

    /// A document as its record holds it: each text field cut to `recordTextBytes` (the terms come
    /// from the whole texts), and `cut` saying which fields lost their tail.
    struct Document {
        var url: String
        var title: String
        var code: String
        var department: String
        var year: Int?
        var grade: String
        var kind: String           // 项目 / 文件 / a page's category
        var indicators: String     // indicator names joined by " · "
        var body: String           // the indexed body text, also used for snippets
        var snippet: String        // shown when the body is not the best snippet (empty: use the body)
        var cut = 0                // bit f: field f's text in the record is only its first `recordTextBytes`
    }

    /// A record keeps this many bytes (UTF-8) of each field's text: a match in them is checked and
    /// highlighted; one past them is found by its terms alone, and a query of several terms is then
    /// counted 约, since the terms may stand apart (docs/website.md). So a 7.8 MB page costs a query
    /// that hits it no more than a short one.
    static let recordTextBytes = 4096

    /// Documents in display order; a document's number is its position here.
    let documents: [Document]
    /// term → its lists (one sorted list of document numbers per field), encoded as they are written:
    /// a tenth of the memory of the lists themselves, and each encoded once.
    let postings: [String: [UInt8]]
    /// Filter values in first-seen order of the documents (each document names one).
    let departments: [String], grades: [String], kinds: [String]
    /// Hashed shard files of the small terms (a power of two, chosen from their bytes).
    let shardCount: Int

    /// Records per `search/r/N.json` file: a page of hits fetches only its own records. Measured on
    /// 2,000 projects, ten queries' first pages: 12.7–22.4 kB one a file, 12.2–24.8 two, 13.7–27.7 four.
    static let recordsPerFile = 1
    /// A shard aims at this many bytes; a term whose lists exceed `ownFileBytes` gets its own file.
    static let shardTargetBytes = 3072
    static let ownFileBytes = 768
    /// Documents whose texts are read and cut into terms at once.
    static let termBatch = 512

    /// What is searched: a disclosed project, page or department's own performance (部门整体绩效, with
    /// its page's title), numbered once sorted into display order.
    enum Item {
        case project(DisclosedProject), page(DisclosedPage), performance(DisclosedDepartmentPerformance, title: String)
    }

    init(site: DisclosedSite, views: SiteViews, jobs: Int = 1) {
        // Display order: newest year first (undated last), then title, then address (unique).
        let performance = site.departmentPerformance.map { Item.performance($0, title: views.performanceTitle($0)) }
        let items = (site.projects.map(Item.project) + site.pages.map(Item.page) + performance).map { ($0, $0.orderKey) }.sorted { a, b in
            let ya = a.1.year ?? Int.min, yb = b.1.year ?? Int.min
            if ya != yb { return ya > yb }
            if a.1.title != b.1.title { return a.1.title.unicodeScalars.lexicographicallyPrecedes(b.1.title.unicodeScalars) }
            return a.1.url.unicodeScalars.lexicographicallyPrecedes(b.1.url.unicodeScalars)
        }.map(\.0)
        // Texts are read and cut into terms on every thread, a batch of documents at a time, so only one
        // batch's whole texts and term sets are held, never the whole site's; postings are filled in
        // document order, so the lists come out sorted. They are packed into integers while they are
        // collected (hashing a million small strings was most of the index's time) and spelt once each
        // at the end.
        // Adding a batch's terms to the postings is one thread's work (a second of it at 20,000 projects): it runs beside
        // the reading of the next batch (`concurrentMap(_:jobs:beside:_:)`), so one thread adds while the others read and
        // then joins them. (A batch read on another queue while this thread waited for it left a core idle for a second: the
        // waiting thread is one of the pool's, and the pool grows only when it notices.) One batch ahead at most.
        let adding = Merging(Postings(capacity: items.count))
        @Sendable func read(_ item: Int) -> (Document, [[SearchTerms.Term]]) {
            let (document, texts) = items[item].read(views)
            return (document, texts.map(SearchTerms.packedTerms))
        }
        var current = concurrentMap(min(Self.termBatch, items.count), jobs: jobs, read)
        for batch in stride(from: 0, to: items.count, by: Self.termBatch) {
            let next = batch + Self.termBatch, reading = current
            current = concurrentMap(max(0, min(Self.termBatch, items.count - next)), jobs: jobs,
                                    beside: { adding.postings!.add(reading, firstID: batch) }) { read(next + $0) }.0
        }
        var merged = adding.postings.take()!
        let documents = merged.documents
        var postings: [String: [UInt8]] = [:]
        postings.reserveCapacity(merged.terms.count)
        var smallBytes = 0
        let fields = Postings.fields
        for (n, term) in merged.terms.enumerated() {
            let payload = Self.encodeTerm(merged.lists[n * fields..<(n + 1) * fields].map(\.documents)), text = term.text
            postings[text] = payload
            if payload.count <= Self.ownFileBytes { smallBytes += payload.count + text.utf8.count + 2 }
        }
        merged.release()
        self.documents = documents
        self.postings = postings
        func firstSeen(_ values: [String]) -> [String] { var seen = Set<String>(); return values.filter { !$0.isEmpty && seen.insert($0).inserted } }
        departments = firstSeen(documents.map(\.department))
        grades = firstSeen(documents.map(\.grade))
        kinds = firstSeen(documents.map(\.kind))
        var shards = 16
        while shards < 65536, smallBytes / shards > Self.shardTargetBytes { shards *= 2 }
        shardCount = shards
    }

    /// The postings while batches are added: only the `beside` task of each reading run touches them, and the run is over
    /// before anything else does.
    private final class Merging: @unchecked Sendable {
        var postings: Postings?
        init(_ postings: Postings) { self.postings = postings }
    }

    /// The postings as batches of documents are added, in document order (so every list comes out sorted).
    /// Terms are numbered through a table of their own, open addressing on the packed value with a
    /// multiplicative hash: a `Dictionary` hashed every one of tens of millions of lookups with SipHash,
    /// and its lookups were a twentieth of a large site's build, all on one thread.
    private struct Postings {
        /// A term's packed value (never 0: scalar zero is not searchable) or 0 for a free slot, and the
        /// term's number in the slot beside it.
        private var keys: [UInt64]
        private var numbers: [Int32]
        private var shift: UInt64
        /// Terms by number, and their lists: term n's list of field f at `n * fields + f`.
        private(set) var terms: [SearchTerms.Term] = []
        private(set) var lists: [PostingList] = []
        var documents: [Document] = []
        static let fields = Field.allCases.count

        init(capacity: Int) {
            documents.reserveCapacity(capacity)
            keys = [UInt64](repeating: 0, count: 1 << 16)
            numbers = [Int32](repeating: 0, count: 1 << 16)
            shift = 64 - 16
        }

        mutating func add(_ read: [(Document, [[SearchTerms.Term]])], firstID: Int) {
            for (offset, (document, fields)) in read.enumerated() {
                let id = Int32(firstID + offset)
                documents.append(document)
                for (f, terms) in fields.enumerated() {
                    for term in terms { lists[Int(number(of: term)) * Self.fields + f].append(id) }
                }
            }
        }

        /// The term's number, given the next one when it is new.
        private mutating func number(of term: SearchTerms.Term) -> Int32 {
            let mask = keys.count - 1
            var i = Int(truncatingIfNeeded: (term.packed &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let key = keys[i]
                if key == term.packed { return numbers[i] }
                if key == 0 { break }
                i = (i + 1) & mask
            }
            let n = Int32(terms.count)
            keys[i] = term.packed
            numbers[i] = n
            terms.append(term)
            lists.append(contentsOf: repeatElement(PostingList(), count: Self.fields))
            if terms.count * 2 > keys.count { grow() }
            return n
        }

        /// Twice the slots, every term placed again: the table stays at most half full.
        private mutating func grow() {
            let (oldKeys, oldNumbers) = (keys, numbers)
            keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
            numbers = [Int32](repeating: 0, count: oldKeys.count * 2)
            shift -= 1
            let mask = keys.count - 1
            for (key, n) in zip(oldKeys, oldNumbers) where key != 0 {
                var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while keys[i] != 0 { i = (i + 1) & mask }
                keys[i] = key
                numbers[i] = n
            }
        }

        /// Lets the table and the lists go once the postings are spelt.
        mutating func release() {
            (keys, numbers, terms, lists) = ([], [], [], [])
        }
    }

    /// One field's documents for one term, added in increasing order: their numbers while few, a bitmap
    /// once that is smaller (a bit a document of the range, against 32 a number). A frequent term's lists
    /// were most of the index's memory at its peak (32 million numbers at 20,000 projects, 7 MB once
    /// written). One array either way, so a list costs one reference and an empty one nothing.
    struct PostingList {
        /// The numbers (all ≥ 0); or, for a bitmap, `-1 - first`, the last number, the count, then words
        /// whose bit j of word k is document `first + 32k + j`.
        private var storage: [Int32] = []

        private var isBitmap: Bool { storage.first.map { $0 < 0 } ?? false }

        mutating func append(_ id: Int32) {
            if isBitmap {
                guard storage[1] != id else { return }
                storage[1] = id
                storage[2] += 1
                let offset = Int(id) - Int(-1 - storage[0]), word = 3 + offset / 32
                if word >= storage.count { storage.append(contentsOf: repeatElement(0, count: word + 1 - storage.count)) }
                storage[word] |= Int32(bitPattern: 1 << UInt32(offset % 32))
                return
            }
            guard storage.last != id else { return }
            storage.append(id)
            let count = storage.count
            if count >= 32, (Int(id) - Int(storage[0])) / 32 + 4 < count { storage = Self.bitmap(storage) }
        }

        private static func bitmap(_ ids: [Int32]) -> [Int32] {
            let first = ids[0], last = ids[ids.count - 1]
            var words = [Int32](repeating: 0, count: 3 + Int(last - first) / 32 + 1)
            (words[0], words[1], words[2]) = (-1 - first, last, Int32(ids.count))
            for id in ids {
                let offset = Int(id - first)
                words[3 + offset / 32] |= Int32(bitPattern: 1 << UInt32(offset % 32))
            }
            return words
        }

        /// The documents in order.
        var documents: [Int32] {
            guard isBitmap else { return storage }
            let first = -1 - storage[0]
            var ids: [Int32] = []
            ids.reserveCapacity(Int(storage[2]))
            for k in 3..<storage.count {
                var word = UInt32(bitPattern: storage[k])
                while word != 0 {
                    ids.append(first + Int32(32 * (k - 3) + word.trailingZeroBitCount))
                    word &= word - 1
                }
            }
            return ids
        }
    }

    /// The first `recordTextBytes` of `text`, cut between characters, and whether anything was cut.
    static func recordText(_ text: String) -> (text: String, cut: Bool) {
        guard text.utf8.count > recordTextBytes else { return (text, false) }
        var end = text.startIndex, bytes = 0
        for i in text.indices {
            bytes += text[i].utf8.count
            if bytes > recordTextBytes { break }
            end = text.index(after: i)
        }
        return (String(text[..<end]), true)
    }

    /// FNV-1a over UTF-8, the same in the script: which of `shardCount` shards a term lives in.
    static func shard(of term: String, shardCount: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in term.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(shardCount))
    }

    // MARK: Binary encoding (decoded by assets/search.js)

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var v = UInt(value)
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func readVarint(_ bytes: [UInt8], at pos: inout Int) -> Int? {
        var value = 0, shift = 0
        while pos < bytes.count, shift < 63 {
            let byte = bytes[pos]
            pos += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// A sorted set of document numbers: `0, n, first, gap−1 …` (delta varints) or
    /// `1, firstByte, byteCount, bits…` (bit i of byte j is document 8·(firstByte+j)+i), whichever is
    /// shorter, the list on a tie.
    static func encodeSet(_ ids: [Int32]) -> [UInt8] {
        var list: [UInt8] = [0]
        appendVarint(ids.count, to: &list)
        var previous: Int32 = -1
        for id in ids { appendVarint(Int(id - previous - 1), to: &list); previous = id }
        guard let first = ids.first, let last = ids.last else { return list }
        let lo = Int(first) / 8, count = Int(last) / 8 - lo + 1
        var bitmap: [UInt8] = [1]
        appendVarint(lo, to: &bitmap)
        appendVarint(count, to: &bitmap)
        guard bitmap.count + count < list.count else { return list }
        let start = bitmap.count
        bitmap += [UInt8](repeating: 0, count: count)
        for id in ids { bitmap[start + Int(id) / 8 - lo] |= UInt8(1 << (Int(id) % 8)) }
        return bitmap
    }

    static func decodeSet(_ bytes: [UInt8], at pos: inout Int) -> [Int32]? {
        guard pos < bytes.count else { return nil }
        let tag = bytes[pos]
        pos += 1
        if tag == 0 {
            guard let n = readVarint(bytes, at: &pos) else { return nil }
            var ids: [Int32] = [], previous = -1
            for _ in 0..<n {
                guard let gap = readVarint(bytes, at: &pos) else { return nil }
                previous += gap + 1
                ids.append(Int32(previous))
            }
            return ids
        }
        guard tag == 1, let lo = readVarint(bytes, at: &pos), let count = readVarint(bytes, at: &pos), pos + count <= bytes.count else { return nil }
        var ids: [Int32] = []
        for j in 0..<count where bytes[pos + j] != 0 {
            for bit in 0..<8 where bytes[pos + j] & UInt8(1 << bit) != 0 { ids.append(Int32((lo + j) * 8 + bit)) }
        }
        pos += count
        return ids
    }

    /// A term's lists: a byte whose bit f says field f has documents, then those fields' sets in
    /// field order (most terms occur in one field only).
    static func encodeTerm(_ lists: [[Int32]]) -> [UInt8] {
        var mask: UInt8 = 0
        for (f, list) in lists.enumerated() where !list.isEmpty { mask |= 1 << f }
        return [mask] + lists.filter { !$0.isEmpty }.flatMap(encodeSet)
    }

    static func decodeTerm(_ bytes: [UInt8]) -> [[Int32]]? {
        guard let mask = bytes.first, mask >> Field.allCases.count == 0 else { return nil }
        var pos = 1, lists: [[Int32]] = []
        for f in Field.allCases {
            guard mask & (1 << f.rawValue) != 0 else { lists.append([]); continue }
            guard let ids = decodeSet(bytes, at: &pos) else { return nil }
            lists.append(ids)
        }
        return pos == bytes.count ? lists : nil
    }

    // MARK: Files

    static func shardPath(_ i: Int) -> String { "search/s/\(i).bin" }
    /// A large term's own file, named by the hex of its UTF-8 bytes (unique, no hashing needed).
    static func termPath(_ term: String) -> String { "search/t/" + term.utf8.hexString + ".bin" }
    static func recordPath(_ i: Int) -> String { "search/r/\(i).json" }
    static func departmentPath(_ i: Int) -> String { "search/f/d\(i).bin" }
    static func gradePath(_ i: Int) -> String { "search/f/g\(i).bin" }

    func jobs() -> [FileJob] {
        let shards = shardCount
        var byShard = [[(String, [UInt8])]](repeating: [], count: shards)
        var jobs: [FileJob] = []
        // Terms in UTF-8 byte order, so every shard lists its terms the same way on every build.
        for term in postings.keys.sorted(by: { $0.precedesBytewise($1) }) {
            let payload = postings[term]!
            if payload.count > Self.ownFileBytes {
                byShard[Self.shard(of: term, shardCount: shards)].append((term, []))
                jobs.append(FileJob(path: Self.termPath(term)) { Data(payload) })
            } else {
                byShard[Self.shard(of: term, shardCount: shards)].append((term, payload))
            }
        }
        for (i, entries) in byShard.enumerated() {
            jobs.append(FileJob(path: Self.shardPath(i)) { Self.shardFile(entries) })
        }
        let docs = documents, departments = departments, grades = grades, kinds = kinds
        let meta = meta()
        jobs.append(FileJob(path: "search/meta.json") { meta })
        for start in stride(from: 0, to: docs.count, by: Self.recordsPerFile) {
            let chunk = Array(docs[start..<min(start + Self.recordsPerFile, docs.count)])
            jobs.append(FileJob(path: Self.recordPath(start / Self.recordsPerFile)) {
                Self.recordsJSON(chunk, departments: departments, kinds: kinds)
            })
        }
        var byDepartment: [String: [Int32]] = [:], byGrade: [String: [Int32]] = [:]
        for (i, d) in docs.enumerated() { byDepartment[d.department, default: []].append(Int32(i)); byGrade[d.grade, default: []].append(Int32(i)) }
        for (i, name) in departments.enumerated() {
            let set = Self.encodeSet(byDepartment[name] ?? [])
            jobs.append(FileJob(path: Self.departmentPath(i)) { Data(set) })
        }
        for (i, grade) in grades.enumerated() {
            let set = Self.encodeSet(byGrade[grade] ?? [])
            jobs.append(FileJob(path: Self.gradePath(i)) { Data(set) })
        }
        return jobs
    }

    /// Entries `termLength, term, payloadLength, payload`; a payload length of 0 means the term has
    /// its own file (`termPath`).
    static func shardFile(_ entries: [(String, [UInt8])]) -> Data {
        var out: [UInt8] = []
        for (term, payload) in entries {
            appendVarint(term.utf8.count, to: &out)
            out += term.utf8
            appendVarint(payload.count, to: &out)
            out += payload
        }
        return Data(out)
    }

    static func readShard(_ data: Data) -> [String: [UInt8]?]? {
        let bytes = [UInt8](data)
        var pos = 0, entries: [String: [UInt8]?] = [:]
        while pos < bytes.count {
            guard let length = readVarint(bytes, at: &pos), pos + length <= bytes.count,
                  let term = String(bytes: bytes[pos..<pos + length], encoding: .utf8) else { return nil }
            pos += length
            guard let size = readVarint(bytes, at: &pos), pos + size <= bytes.count else { return nil }
            entries[term] = size == 0 ? .some(nil) : Array(bytes[pos..<pos + size])
            pos += size
        }
        return entries
    }

    /// `[[url, title, code, department#, year, grade, kind#, indicators, body, snippet, cut], …]`.
    static func recordsJSON(_ docs: [Document], departments: [String], kinds: [String]) -> Data {
        let items = docs.map { d in
            "[" + [d.url.jsonQuoted, d.title.jsonQuoted, d.code.jsonQuoted, String(departments.firstIndex(of: d.department) ?? -1),
                   d.year.map(String.init) ?? "null", d.grade.jsonQuoted, String(kinds.firstIndex(of: d.kind) ?? -1),
                   d.indicators.jsonQuoted, d.body.jsonQuoted, d.snippet.jsonQuoted, String(d.cut)].joined(separator: ",") + "]"
        }
        return Data(("[" + items.joined(separator: ",\n") + "]").utf8)
    }

    /// Counts, file layout and filter values: years as `[year, first, end]` ranges of document
    /// numbers (documents are in year order), departments, grades and kinds by position.
    func meta() -> Data {
        var years: [String] = []
        var start = 0
        while start < documents.count, let year = documents[start].year {
            var end = start
            while end < documents.count, documents[end].year == year { end += 1 }
            years.append("[\(year),\(start),\(end)]")
            start = end
        }
        let json = "{\"format\":3,\"count\":\(documents.count),\"records\":\(Self.recordsPerFile),\"shards\":\(shardCount),"
            + "\"years\":[" + years.joined(separator: ",") + "],"
            + "\"departments\":[" + departments.map(\.jsonQuoted).joined(separator: ",") + "],"
            + "\"grades\":[" + grades.map(\.jsonQuoted).joined(separator: ",") + "],"
            + "\"kinds\":[" + kinds.map(\.jsonQuoted).joined(separator: ",") + "]}"
        return Data(json.utf8)
    }
}
