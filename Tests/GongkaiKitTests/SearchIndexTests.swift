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
        #expect(SearchTerms.terms("营养餐") == ["营", "养", "餐", "营养", "养餐"])
        #expect(SearchTerms.terms("ＪＹＪ-001") == ["j", "y", "0", "1", "jy", "yj", "00", "01", "jyj", "001"])
        // Trigrams only where three ASCII letters or digits stand in a row.
        #expect(SearchTerms.terms("2025年") == ["2", "0", "5", "年", "20", "02", "25", "5年", "202", "025"])
        #expect(SearchTerms.terms("a，b") == ["a", "b"])
        // FNV-1a: the script computes the same shard (0x811C9DC5 basis, 0x01000193 prime).
        #expect(SearchIndex.shard(of: "a", shardCount: 64) == Int(0xE40C292C % 64))
        #expect((0..<64).contains(SearchIndex.shard(of: "营养", shardCount: 64)))
    }

    /// 〇, Roman numerals, Extension B ideographs and accented letters are word characters, folded like
    /// letters; a character the index leaves out (α) still separates.
    @Test func everyCharacterOfAWordIsATerm() {
        #expect(SearchTerms.terms("二〇二五") == ["二", "〇", "五", "二〇", "〇二", "二五"])
        #expect(SearchTerms.terms("Ⅱ期") == ["ⅱ", "期", "ⅱ期"])
        #expect(SearchTerms.terms("𠮷田") == ["𠮷", "田", "𠮷田"])
        #expect(SearchTerms.terms("CAFÉ") == ["c", "a", "f", "é", "ca", "af", "fé", "caf"])
        #expect(SearchTerms.terms("豈") == ["豈"])  // U+F900, a compatibility ideograph, as written
        #expect(SearchTerms.terms("α射线") == ["射", "线", "射线"])
        // A term packs three code points of up to 21 bits: the largest searchable one survives.
        #expect(SearchTerms.Term("\u{3FFFF}", "𠮷", "a").text == "\u{3FFFF}𠮷a")
    }

    /// The script's `SEARCHABLE` lists the ranges `SearchTerms.searchable` does: a character one side
    /// indexes and the other drops would never be found (or would be found under a wrong exact count).
    @Test func theScriptSearchesTheSameCharacters() throws {
        let script = try #require(BuiltinTheme.files.first { $0.path == "assets/search.js" }).data
        let text = String(decoding: script, as: UTF8.self)
        let line = try #require(text.range(of: #"var SEARCHABLE = \[[^;]*\];"#, options: .regularExpression))
        let pairs = try NSRegularExpression(pattern: #"\[0x([0-9A-Fa-f]+), 0x([0-9A-Fa-f]+)\]"#)
        let source = String(text[line])
        let ranges = pairs.matches(in: source, range: NSRange(source.startIndex..., in: source)).map { match in
            let bound = { UInt32(source[Range(match.range(at: $0), in: source)!], radix: 16)! }
            return [bound(1), bound(2)]
        }
        #expect(ranges == SearchTerms.searchable.map { [$0.lowerBound, $0.upperBound] })
        // And drops the same invisible characters from a query as the index from every text.
        let invisible = try #require(text.range(of: #"var INVISIBLE = \[[^;]*\];"#, options: .regularExpression))
        let values = String(text[invisible]).matches(of: /0x([0-9A-Fa-f]+)/).map { UInt32($0.1, radix: 16)! }
        #expect(values == SearchTerms.invisible)
    }

    /// A posting list gives back what was added, each document once, whether it stayed numbers or
    /// became a bitmap part-way (dense runs, sparse tails, documents past a word's end, repeats).
    @Test func postingListsGiveBackTheirDocumentsInEitherForm() {
        var generator = SystemRandomNumberGenerator()
        var cases: [[Int32]] = [[], [0], [5, 5, 5], Array(0..<40), Array(stride(from: 0, to: 4_000, by: 3)),
                                Array(0..<100) + [70_000, 70_001, 1_000_000], Array(stride(from: 7, to: 3_000, by: 97))]
        for _ in 0..<50 {
            var id: Int32 = Int32.random(in: 0..<100, using: &generator), ids: [Int32] = []
            for _ in 0..<Int.random(in: 0..<600, using: &generator) {
                ids.append(id)
                id += Int32.random(in: 0..<(Bool.random(using: &generator) ? 3 : 200), using: &generator)
            }
            cases.append(ids)
        }
        for ids in cases {
            var list = SearchIndex.PostingList()
            for id in ids { list.append(id) }
            var unique: [Int32] = []
            for id in ids where unique.last != id { unique.append(id) }
            #expect(list.documents == unique, "\(ids.prefix(20))")
        }
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
        #expect(index.terms["全市"]?[SearchIndex.Field.body.rawValue] == [doc("教师营养知识培训")])  // its 项目说明
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

    /// 部门整体绩效 is found as a project is: by its title, its department and every text its page shows.
    @Test func departmentWidePerformanceIsSearchable() throws {
        var site = Self.site()
        site[DepartmentPerformanceTests.path] = DepartmentPerformanceTests.file
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let doc = try #require(index.records.firstIndex { $0[0] as? String == "departments/jyj/2025/" })
        #expect(index.records[doc][1] as? String == "测试市教育局2025年度部门整体绩效")
        #expect((index.meta["kinds"] as? [String])?.contains("部门整体绩效") == true)
        #expect(Self.finds("部门整体绩效", index, doc: doc, field: .title))
        #expect(Self.finds("义务教育巩固率", index, doc: doc, field: .indicators))
        #expect(Self.finds("全面完成年度教育发展任务", index, doc: doc))
        #expect(Self.finds("部门整体绩效说明", index, doc: doc))
    }

    /// Whether every term of `phrase` lists `doc` in `field`, and the record's text of that field holds
    /// the phrase as the page shows it.
    static func finds(_ phrase: String, _ index: Index, doc: Int, field: SearchIndex.Field = .body) -> Bool {
        let terms = SearchTerms.terms(phrase)
        let recordText = index.records[doc][[1, 2, 3, 7, 8][field.rawValue]] as? String ?? ""
        return !terms.isEmpty && terms.allSatisfy { index.terms[$0]?[field.rawValue].contains(Int32(doc)) == true } && recordText.contains(phrase)
    }

    /// A project's body is every disclosed text its page shows: not only the goal, but its 项目说明,
    /// evaluation reports, self-evaluation, indicator basis and results, monitoring, rectification,
    /// ex-ante assessment and the uses of its money; Markdown as the page shows it.
    @Test func everyTextAProjectPageShowsIsSearchable() throws {
        var site = Self.site()
        site["content/projects/2024/JYJ-2024-009.md"] = """
        ---
        code: JYJ-2024-009
        name: 教师营养知识培训
        year: 2024
        department: JYJ
        unit: JYJ-01
        funding:
          unit: 万元
          lines:
            - {source: 财政拨款, budget: 80, spent: 72}
          uses:
            - {item: 培训讲师劳务费, amount: 30}
        ex_ante:
          date: 2023-09-01
          assessor: 评估机构丙
          conclusion: 予以支持
          report: 评估认为**立项必要**。
        targets:
          published: 2024-02-18
          goal: 培训教师。
          indicators:
            - name: 产出指标
              weight: 90
              children:
                - name: 数量指标
                  children:
                    - name: 培训人次
                      target: ≥800人次
                      basis: 上年培训规模测算
                      actual: 760人次
                      weight: 90
                      score: 85
                      deviation: 部分学校课时冲突
        self_evaluation:
          published: 2025-03-20
          execution_score: 9
          total_score: 94
          problems: 培训覆盖不均衡
          measures: 增设线上课程
          report: |
            ## 自评情况

            总体完成年度目标。
        monitoring:
          - {date: 2024-05-31, planned_rate: 40%, actual_rate: 38%, progress: 春季班次已开班, measures: 加快秋季排班}
        evaluations:
          - kind: 部门评价
            evaluator: 教育局评价组
            report: 评价发现[课程设置](https://example.gov.cn/a)偏理论。
        rectifications:
          - problem: 课程偏理论
            measure: 增加实操课时
            responsible: 教师发展中心
            deadline: 2025-06-30
            status: 整改中
        ---
        培训全市教师。
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let doc = try #require(index.records.firstIndex { $0[1] as? String == "教师营养知识培训" })
        for phrase in ["评估机构丙", "予以支持", "评估认为立项必要。", "≥800人次", "上年培训规模测算", "760人次", "部分学校课时冲突",
                       "培训覆盖不均衡", "增设线上课程", "自评情况 总体完成年度目标。", "春季班次已开班", "加快秋季排班", "教育局评价组",
                       "评价发现课程设置偏理论。", "增加实操课时", "教师发展中心", "培训全市教师。", "产出指标", "数量指标",
                       "培训讲师劳务费"] {
            let found = Self.finds(phrase, index, doc: doc)
            #expect(found, "\(phrase)")
        }
        let indicator = Self.finds("培训人次", index, doc: doc, field: .indicators)
        #expect(indicator)
        // The withheld fixture's project: its public passages are found, its withheld ones are not
        // (theIndexHoldsPublicTextAndNoWithheldText looks for them in every file).
        let withheld = try #require(index.records.firstIndex { $0[1] as? String == "学生营养改善计划" })
        for phrase in ["公开的评价结论", "公开的整改建议", "青川评估中心", "项目说明正文", "学籍统计", "53126人"] {
            let found = Self.finds(phrase, index, doc: withheld)
            #expect(found, "\(phrase)")
        }
    }

    /// A record keeps the first `recordTextBytes` of a long text and says so; the rest is found by its
    /// terms, which still come from the whole text.
    @Test func aLongTextKeepsASmallRecordAndItsTailIsFound() throws {
        var site = Self.site()
        let long = (0..<4000).map { "第\($0)段：预算绩效管理工作持续推进。" }.joined(separator: "\n\n")
        site["content/pages/zhengce/changpian.md"] = "---\ntitle: 长篇报告\ndate: 2025-03-01\n---\n\(long)\n\n附录：尾部独有的检索短语。\n"
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let doc = try #require(index.records.firstIndex { $0[1] as? String == "长篇报告" })
        let body = try #require(index.records[doc][8] as? String)
        #expect(body.utf8.count <= SearchIndex.recordTextBytes && body.utf8.count > SearchIndex.recordTextBytes - 4)
        #expect(index.records[doc][10] as? Int == 1 << SearchIndex.Field.body.rawValue)
        #expect(try #require(index.files["r/\(doc).json"]).count < 2 * SearchIndex.recordTextBytes)
        for term in SearchTerms.terms("尾部独有") { #expect(index.terms[term]?[SearchIndex.Field.body.rawValue] == [Int32(doc)], "\(term)") }
        // A short text is whole: nothing cut.
        #expect(index.records.filter { $0[1] as? String != "长篇报告" }.allSatisfy { $0[10] as? Int == 0 })
        // Cut between characters, never inside one.
        #expect(SearchIndex.recordText(String(repeating: "营", count: 2000)) == (String(repeating: "营", count: 1365), true))
        #expect(SearchIndex.recordText("营养") == ("营养", false))
    }

    /// A snippet is the text the page shows: no Markdown link syntax, no target, no emphasis marks.
    /// Invisible characters pasted in with a text (a zero-width space from a web page, a soft hyphen or
    /// word joiner from Word, a byte-order mark in the middle) split it into runs the index cut apart, and
    /// the record's text held them, so the project could not be found by the words its page shows:
    /// 绩效管理 did not find 预算绩效⟨U+200B⟩管理. They are left out of everything search reads.
    @Test func invisibleCharactersDoNotHideATextFromSearch() throws {
        var site = Self.site()
        site["content/projects/2025/CZJ-2025-003.md"] = """
        ---
        code: CZJ-2025-003
        name: "预算绩效\\u200B管理\\uFEFF第三方\\u00AD服务\\u2060项目"
        year: 2025
        department: CZJ
        unit: CZJ-01
        ---
        票据\u{200B}电子化\u{AD}试点。
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let doc = try #require(index.records.firstIndex { ($0[2] as? String) == "CZJ-2025-003" })
        #expect(index.records[doc][1] as? String == "预算绩效管理第三方服务项目")
        #expect(Self.finds("绩效管理", index, doc: doc, field: .title))
        #expect(Self.finds("第三方服务项目", index, doc: doc, field: .title))
        #expect(Self.finds("票据电子化试点", index, doc: doc))
        // The page still shows the text as written.
        #expect(fs.text("public/projects/2025/czj-2025-003/index.html")?.contains("预算绩效\u{200B}管理") == true)
    }

    @Test func snippetsArePlainText() throws {
        var site = Self.site()
        site["content/projects/2025/CZJ-2025-003.md"]! += "\n试点情况见[说明](javascript:alert\\(5\\))，**重点**推进`电子票据`。\n"
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let index = try Self.read(fs)
        let record = try #require(index.records.first { $0[1] as? String == "财政干部培训" })
        #expect(record[9] as? String == "试点情况见说明，重点推进电子票据。")
        #expect(record[8] as? String == "测试市财政局本级 试点情况见说明，重点推进电子票据。")
        #expect(!index.files.values.contains { String(decoding: $0, as: UTF8.self).contains("javascript") })
    }

    @Test func markdownAsPlainTextIsWhatThePageShows() {
        #expect(Markdown.plainText("## 一、概况\n\n第一段*强调*，[链接](https://a.b/)与![图](x.png)。\n第二行") == "一、概况 第一段强调，链接与图。第二行", "a line end between Chinese characters is no space, as on the page")
        #expect(Markdown.plainText("- 甲\n- 乙\n\n> 引用<span>内</span>\n\n```\ncode  block\n```") == "甲 乙 引用内 code block")
        #expect(Markdown.plainText("<div>原始</div>\n\n&amp; \"引号\"") == "& \u{201C}引号\u{201D}")
        #expect(Markdown.plainText("") == "")
    }

    @Test func theIndexIsTheSameBytesWhateverTheThreadCount() throws {
        let site = Self.site()
        let one = try Self.read(site.build(jobs: 1).1).files
        let four = try Self.read(site.build(jobs: 4).1).files
        #expect(one.count > 10 && one == four)
    }
}
