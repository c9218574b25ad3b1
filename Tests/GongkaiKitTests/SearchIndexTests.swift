import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
@testable import GongkaiRender

/// The search index as files: its terms, its binary encoding, its order, and what it never holds.
@Suite("Search index")
struct SearchIndexTests {
    /// The withheld fixture plus two more public projects, so order and fields can be told apart.
    static func site() -> SiteFixture {
        var site = PipelineTests.withheldFixture().0
        site["content/projects/2024/JYJ-2024-009.md"] = """
        ---
        code: JYJ-2024-009
        name: 教师营养知识培训
        year: 2024
        department: JYJ
        unit: JYJ-01
        ---
        培训全市教师。
        """
        site["content/projects/2025/CZJ-2025-003.md"] = """
        ---
        code: CZJ-2025-003
        name: 财政干部培训
        year: 2025
        department: CZJ
        unit: CZJ-01
        ---
        """
        return site
    }

    struct Index {
        var meta: [String: Any]
        var records: [[Any]]
        var terms: [String: [[Int32]]]
        var files: [String: Data]
    }

    struct Unreadable: Error { var what: String }

    /// Reads the whole index back the way the script does: meta, every shard, own-term files, records.
    static func read(_ fs: MemoryFileSystem) throws -> Index {
        var files: [String: Data] = [:]
        for path in try fs.listFiles(under: "public/search") where path != "index.html" { files[path] = try fs.read("public/search/" + path) }
        func file(_ path: String) throws -> Data {
            guard let data = files[path] else { throw Unreadable(what: path) }
            return data
        }
        guard let meta = try JSONSerialization.jsonObject(with: try file("meta.json")) as? [String: Any],
              let shards = meta["shards"] as? Int else { throw Unreadable(what: "meta.json") }
        var terms: [String: [[Int32]]] = [:]
        for i in 0..<shards {
            guard let shard = SearchIndex.readShard(try file("s/\(i).bin")) else { throw Unreadable(what: "shard \(i)") }
            for (term, payload) in shard {
                #expect(SearchIndex.shard(of: term, shardCount: shards) == i)
                let bytes = try payload ?? [UInt8](file(String(SearchIndex.termPath(term).dropFirst("search/".count))))
                guard let lists = SearchIndex.decodeTerm(bytes) else { throw Unreadable(what: "term \(term)") }
                terms[term] = lists
            }
        }
        var records: [[Any]] = []
        for i in 0... {
            guard let data = files["r/\(i).json"] else { break }
            guard let chunk = try JSONSerialization.jsonObject(with: data) as? [[Any]] else { throw Unreadable(what: "r/\(i).json") }
            records += chunk
        }
        return Index(meta: meta, records: records, terms: terms, files: files)
    }

    @Test func searchTermsAreBigramsAndCharacters() {
        #expect(SearchIndex.terms("营养餐") == ["营", "养", "餐", "营养", "养餐"])
        #expect(SearchIndex.terms("ＪＹＪ-001") == ["j", "y", "0", "1", "jy", "yj", "00", "01", "jyj", "001"])
        // Trigrams only where three letters or digits stand in a row.
        #expect(SearchIndex.terms("2025年") == ["2", "0", "5", "年", "20", "02", "25", "5年", "202", "025"])
        #expect(SearchIndex.terms("a，b") == ["a", "b"])
        // FNV-1a: the script computes the same shard (0x811C9DC5 basis, 0x01000193 prime).
        #expect(SearchIndex.shard(of: "a", shardCount: 64) == Int(0xE40C292C % 64))
        #expect((0..<64).contains(SearchIndex.shard(of: "营养", shardCount: 64)))
    }

    @Test func setsRoundTripInTheSmallerEncoding() throws {
        var varint: [UInt8] = []
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, 2_000_000] { SearchIndex.appendVarint(value, to: &varint) }
        #expect(varint.prefix(5) == [0, 1, 0x7F, 0x80, 0x01])
        var pos = 0
        #expect((0..<8).map { _ in SearchIndex.readVarint(varint, at: &pos) } == [0, 1, 127, 128, 300, 16_383, 16_384, 2_000_000])
        #expect(pos == varint.count && SearchIndex.readVarint(varint, at: &pos) == nil)

        let sparse: [Int32] = [3, 700, 20_000]
        let dense = (0..<1000).map { Int32($0 * 2 + 9) }   // every other document from 9 to 2007
        for ids in [[], [0], sparse, dense, Array(0..<20_000)] as [[Int32]] {
            let bytes = SearchIndex.encodeSet(ids)
            var at = 0
            #expect(SearchIndex.decodeSet(bytes, at: &at) == ids)
            #expect(at == bytes.count)
        }
        #expect(SearchIndex.encodeSet(sparse) == [0, 3, 3, 0xB8, 0x05, 0xE3, 0x96, 0x01])  // gaps 3, 696, 19299
        // Dense sets take a bitmap: never more than a bit per document, plus a short header.
        #expect(SearchIndex.encodeSet(dense).first == 1 && SearchIndex.encodeSet(dense).count <= 2008 / 8 - 1 + 4)
        #expect(SearchIndex.encodeSet(Array(0..<20_000)).count == 20_000 / 8 + 4)
        // Damaged input is refused, never read past its end.
        var at = 0
        #expect(SearchIndex.decodeSet([1, 0, 9, 0xFF], at: &at) == nil)
        let term: [[Int32]] = [[1], [], [], [0, 1], []]
        #expect(SearchIndex.encodeTerm(term) == [0b01001, 0, 1, 1, 0, 2, 0, 0])
        #expect(SearchIndex.decodeTerm(SearchIndex.encodeTerm(term)) == term)
        #expect(SearchIndex.decodeTerm(SearchIndex.encodeTerm(term) + [0]) == nil)
        #expect(SearchIndex.decodeTerm([0b100000]) == nil)
    }

    @Test func documentsAreNumberedInDisplayOrderAndPostingsRankByField() throws {
        let (report, fs) = Self.site().build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let titles = index.records.map { $0[1] as! String }
        let years = index.records.map { $0[4] as? Int }
        // Newest year first, then title by code point; undated pages last.
        #expect(titles.firstIndex(of: "学生营养改善计划")! < titles.firstIndex(of: "财政干部培训")!)  // 学 U+5B66 < 财 U+8D22
        #expect(titles.firstIndex(of: "财政干部培训")! < titles.firstIndex(of: "教师营养知识培训")!)    // 2025 before 2024
        #expect(years.compactMap { $0 } == years.compactMap { $0 }.sorted(by: >))
        #expect(index.meta["count"] as? Int == index.records.count)
        let yearRanges = try #require(index.meta["years"] as? [[Int]])
        #expect(yearRanges.first?.first == 2025 && yearRanges.first?[1] == 0)
        for range in yearRanges { #expect(years[range[1]..<range[2]].allSatisfy { $0 == range[0] }) }

        func doc(_ title: String) -> Int32 { Int32(titles.firstIndex(of: title)!) }
        let training = try #require(index.terms["培训"])
        #expect(training[SearchIndex.Field.title.rawValue] == [doc("财政干部培训"), doc("教师营养知识培训")])
        let nutrition = try #require(index.terms["营养"])
        #expect(nutrition[SearchIndex.Field.title.rawValue] == [doc("学生营养改善计划"), doc("教师营养知识培训")])
        #expect(index.terms["jy"]?[SearchIndex.Field.code.rawValue].contains(doc("学生营养改善计划")) == true)
        #expect(index.terms["教育"]?[SearchIndex.Field.department.rawValue].contains(doc("学生营养改善计划")) == true)
        #expect(index.terms["受益"]?[SearchIndex.Field.indicators.rawValue] == [doc("学生营养改善计划")])
        #expect(index.terms["全市"]?[SearchIndex.Field.body.rawValue].contains(doc("教师营养知识培训")) != true)  // nor the narrative
        // Each list is sorted and within the document count.
        for lists in index.terms.values {
            for list in lists { #expect(list == list.sorted() && Set(list).count == list.count && list.allSatisfy { $0 < index.records.count }) }
        }
        // Filter sets: one per department and grade, in meta's order.
        let departments = try #require(index.meta["departments"] as? [String])
        let education = try #require(departments.firstIndex(of: "测试市教育局"))
        var at = 0
        let setFile = try #require(index.files["f/d\(education).bin"])
        let set = try #require(SearchIndex.decodeSet([UInt8](setFile), at: &at))
        #expect(set == index.records.indices.filter { index.records[$0][3] as? Int == education }.map { Int32($0) } && set.count == 2)
    }

    @Test func theIndexHoldsPublicTextAndNoWithheldText() throws {
        let (report, fs) = Self.site().build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        #expect(index.records.contains { $0[1] as? String == "学生营养改善计划" })
        #expect(index.terms["营养"] != nil && index.terms["峰七"] == nil)
        let text = index.files.values.map { String(decoding: $0, as: UTF8.self) }.joined() + index.terms.keys.sorted().joined(separator: "|")
        for secret in PipelineTests.withheldFixture().secrets where secret != "gfb" {
            #expect(!text.contains(secret), "\(secret) is in the search index")
        }
        for term in ["峰七", "星火", "春夏", "子丑", "秘密", "戊己"] { #expect(index.terms[term] == nil, "\(term)") }
    }

    @Test func theIndexIsTheSameBytesWhateverTheThreadCount() throws {
        let site = Self.site()
        let one = try Self.read(site.build(jobs: 1).1).files
        let four = try Self.read(site.build(jobs: 4).1).files
        #expect(one.count > 10 && one == four)
    }
}
