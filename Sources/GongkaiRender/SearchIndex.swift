import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 站内搜索 — a static search index for Chinese text. Every text is cut into overlapping character
/// bigrams (and single characters, for one-character queries); `assets/search.js` applies the same
/// function to the query, loads only the shards its terms fall in, intersects the postings and
/// checks the matches as substrings. No server, no WebAssembly, no inline script.
struct SearchIndex {
    /// At least 64 shards, more for large sites (a power of two, about 1,500 terms a shard), so a
    /// query's download stays small as the site grows. The count is written to meta.json.
    let shardCount: Int

    /// Fields in rank order: a title hit ranks before a code hit, and so on.
    enum Field: Int, CaseIterable {
        case title = 0, code, department, indicators, body
        var bit: Int { 1 << rawValue }
    }

    struct Document {
        var u: String          // URL, site-relative
        var t: String          // title
        var c: String          // code
        var d: String          // department
        var y: Int?            // year
        var g: String          // grade
        var k: String          // kind: 项目 / 文件
        var x: String          // indicator names, for matching and highlighting
        var s: String          // snippet
    }

    let documents: [Document]
    /// term → [[document, field mask], …] sorted by document.
    let postings: [String: [[Int]]]

    init(site: DisclosedSite, views: SiteViews) {
        var documents: [Document] = []
        var masks: [String: [Int: Int]] = [:]
        func index(_ text: String, field: Field, doc: Int) {
            for term in Self.terms(text) { masks[term, default: [:]][doc, default: 0] |= field.bit }
        }
        for p in site.projects {
            let indicators = p.targets?.groups.flatMap { $0.subgroups.flatMap { $0.indicators.map(\.name) } } ?? []
            let doc = documents.count
            documents.append(Document(
                u: SiteViews.projectPath(p), t: p.name, c: p.code, d: views.departmentName(p.departmentCode), y: p.year,
                g: p.selfEvaluation?.grade ?? "", k: "项目", x: indicators.joined(separator: " · "),
                s: String(Self.plainText(p.targets?.goal ?? p.narrative.text).prefix(80))))
            index(p.name, field: .title, doc: doc)
            index(p.code, field: .code, doc: doc)
            index(views.departmentName(p.departmentCode), field: .department, doc: doc)
            indicators.forEach { index($0, field: .indicators, doc: doc) }
            index([p.targets?.goal, p.category, views.unitName(p)].compactMap { $0 }.joined(separator: " "), field: .body, doc: doc)
        }
        for page in site.pages {
            let doc = documents.count
            let text = Self.plainText(page.body.text)
            documents.append(Document(
                u: SiteViews.pagePath(page), t: page.title, c: "", d: page.departmentCode.map(views.departmentName) ?? "",
                y: page.date?.year, g: "", k: page.category ?? "文件", x: "", s: String((page.summary ?? text).prefix(80))))
            index(page.title, field: .title, doc: doc)
            index([page.summary, page.category].compactMap { $0 }.joined(separator: " ") + " " + text, field: .body, doc: doc)
        }
        self.documents = documents
        postings = masks.mapValues { docs in docs.keys.sorted().map { [$0, docs[$0]!] } }
        var shards = 64
        while shards < 4096, masks.count / shards > 1500 { shards *= 2 }
        shardCount = shards
    }

    // MARK: The shared term function (mirrored in assets/search.js)

    /// Lower-cased, full-width forms folded, cut into runs of letters, digits and Han characters;
    /// each run gives its characters and its overlapping bigrams.
    static func terms(_ text: String) -> Set<String> {
        var terms = Set<String>()
        for run in runs(normalize(text)) {
            let chars = Array(run)
            for (i, ch) in chars.enumerated() {
                terms.insert(String(ch))
                if i + 1 < chars.count { terms.insert(String(chars[i]) + String(chars[i + 1])) }
            }
        }
        return terms
    }

    static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value) { out.append(Unicode.Scalar(scalar.value - 0xFEE0)!) }
            else { out.append(scalar) }
        }
        return String(out).lowercased()
    }

    static func runs(_ text: String) -> [String] {
        text.split { !isWordCharacter($0) }.map(String.init)
    }

    static func isWordCharacter(_ ch: Character) -> Bool {
        guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return false }
        return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || (0x3400...0x9FFF).contains(scalar.value)
            || (0xF900...0xFAFF).contains(scalar.value)
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

    /// Markdown reduced to its words, for snippets and body matching.
    static func plainText(_ markdown: String) -> String {
        markdown.split(whereSeparator: \.isNewline).map { line in
            line.drop(while: { "#>*-+ ".contains($0) })
        }.joined(separator: " ").replacingOccurrences(of: "**", with: "")
    }

    // MARK: Files

    /// Documents per `search/docs/NN.json` chunk: a query loads only the chunks of its candidates.
    static let documentsPerChunk = 200

    func jobs() -> [FileJob] {
        var byShard = [[(String, [[Int]])]](repeating: [], count: shardCount)
        for term in postings.keys.sorted() { byShard[Self.shard(of: term, shardCount: shardCount)].append((term, postings[term]!)) }
        let docs = documents, shards = shardCount
        var jobs = [FileJob(path: "search/meta.json") { Self.meta(docs, shardCount: shards) }]
        for start in stride(from: 0, to: max(docs.count, 1), by: Self.documentsPerChunk) {
            let chunk = Array(docs[start..<min(start + Self.documentsPerChunk, docs.count)])
            jobs.append(FileJob(path: String(format: "search/docs/%03d.json", start / Self.documentsPerChunk)) { Self.documentsJSON(chunk) })
        }
        for (i, shard) in byShard.enumerated() {
            jobs.append(FileJob(path: Self.shardPath(i)) { Self.shardJSON(shard) })
        }
        return jobs
    }

    /// `{"term":[[doc,mask],…],…}` with terms sorted, written by hand: JSONEncoder is slow here.
    static func shardJSON(_ entries: [(String, [[Int]])]) -> Data {
        var out = "{"
        for (i, (term, list)) in entries.enumerated() {
            if i > 0 { out += "," }
            out += term.jsonQuoted + ":["
            out += list.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",")
            out += "]"
        }
        return Data((out + "}").utf8)
    }

    static func documentsJSON(_ docs: [Document]) -> Data {
        let items = docs.map { d in
            "{\"c\":\(d.c.jsonQuoted),\"d\":\(d.d.jsonQuoted),\"g\":\(d.g.jsonQuoted),\"k\":\(d.k.jsonQuoted),\"s\":\(d.s.jsonQuoted),"
                + "\"t\":\(d.t.jsonQuoted),\"u\":\(d.u.jsonQuoted),\"x\":\(d.x.jsonQuoted),\"y\":\(d.y.map(String.init) ?? "null")}"
        }
        return Data(("[" + items.joined(separator: ",") + "]").utf8)
    }

    /// What the filters offer, and how documents are chunked.
    static func shardPath(_ i: Int) -> String { String(format: "search/shards/%02d.json", i) }

    static func meta(_ docs: [Document], shardCount: Int) -> Data {
        func unique(_ values: [String]) -> [String] { var seen = Set<String>(); return values.filter { !$0.isEmpty && seen.insert($0).inserted } }
        let years = Array(Set(docs.compactMap(\.y))).sorted(by: >).map(String.init)
        let json = "{\"count\":\(docs.count),\"chunk\":\(documentsPerChunk),\"shards\":\(shardCount),"
            + "\"years\":[" + years.joined(separator: ",") + "],"
            + "\"departments\":[" + unique(docs.map(\.d)).map(\.jsonQuoted).joined(separator: ",") + "],"
            + "\"grades\":[" + unique(docs.map(\.g)).map(\.jsonQuoted).joined(separator: ",") + "]}"
        return Data(json.utf8)
    }
}
