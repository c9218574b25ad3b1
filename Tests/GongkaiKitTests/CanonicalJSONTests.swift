import Foundation
@testable import GongkaiCore
import Testing
@testable import GongkaiKit
@testable import GongkaiRender

/// The hand-written JSON writer must give exactly the bytes Foundation's `JSONEncoder` gives with
/// gongkai's options, so replacing it for speed changed no published file.
@Suite("Canonical JSON")
struct CanonicalJSONTests {
    static func foundation(_ value: some Encodable, snakeCase: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return try encoder.encode(value) + Data("\n".utf8)
    }

    struct Inner: Encodable, Equatable {
        var levelOneName: String
        var amount: Decimal?
        var flags: [Bool]
        var empty: [String] = []
        var emptyObject: [String: Int] = [:]
    }

    struct Sample: Encodable {
        var baseURL: String
        var inputsSHA256: String
        var count: Int
        var negative: Int64
        var small: UInt8
        var score: Decimal
        var nothing: String?
        var explicitNull: String??
        var inner: Inner
        var list: [Inner]
        var nested: [[Int]]
        var table: [String: String]
        var text: String
    }

    static let awkward = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t退格\u{8}换页\u{C}控制\u{1}\u{1F}删除\u{7F}分隔\u{2028}表情😀全角　空格<script>&amp;"

    static let sample = Sample(
        baseURL: "https://example.gov.cn/a/b/", inputsSHA256: "abc", count: 42, negative: -7, small: 255,
        score: Decimal(string: "1234567.125")!, nothing: nil, explicitNull: .some(nil),
        inner: Inner(levelOneName: awkward, amount: Decimal(string: "0.000001"), flags: [true, false]),
        list: [Inner(levelOneName: "", amount: nil, flags: []), Inner(levelOneName: "x", amount: -5, flags: [true])],
        nested: [[], [1, 2], [3]],
        table: ["b": "2", "a_b": "1", "a": "0", "aB": "3", "A": "4", "level10": "10", "level2": "2", "z": awkward, "项目": "中文键"],
        text: awkward)

    @Test(arguments: [false, true])
    func craftedValuesMatchFoundationByteForByte(snakeCase: Bool) throws {
        let ours = try CanonicalJSON.encode(Self.sample, snakeCase: snakeCase)
        let theirs = try Self.foundation(Self.sample, snakeCase: snakeCase)
        #expect(ours == theirs, "\(String(decoding: ours, as: UTF8.self))\n---\n\(String(decoding: theirs, as: UTF8.self))")
        // A dictionary at the top keeps its keys too.
        #expect(try CanonicalJSON.encode(Self.sample.table, snakeCase: snakeCase) == (try Self.foundation(Self.sample.table, snakeCase: snakeCase)))
    }

    @Test func theSiteManifestsOwnWriterMatchesFoundation() throws {
        let awkward = "引号\"反斜杠\\斜杠/换行\n制表\t\u{1}\u{7F}é😀"
        let entries = [SiteManifest.Entry(path: "index.html", size: 0, sha256: String(repeating: "a", count: 64)),
                       SiteManifest.Entry(path: "projects/2025/jyj-001/\(awkward).html", size: 1_234_567, sha256: awkward),
                       SiteManifest.Entry(path: "", size: Int.max, sha256: "")]
        for files in [[], entries, Array(entries.prefix(1))] {
            for date in [nil, "2026-01-01", awkward] {
                let manifest = SiteManifest(title: awkward, publisher: "某市财政局", baseURL: "https://example.gov.cn/a/", date: date,
                                            inputsSHA256: "", files: files)
                let theirs = try Self.foundation(manifest, snakeCase: false)
                #expect(manifest.encoded == theirs, "\(String(decoding: manifest.encoded, as: UTF8.self))\n---\n\(String(decoding: theirs, as: UTF8.self))")
                #expect(try SiteManifest.decode(manifest.encoded) == manifest)
            }
        }
    }

    /// The hand-written files (search records and metadata) quote with the same writer: what they quote
    /// reads back as itself.
    @Test func aQuotedStringReadsBackAsItself() throws {
        for text in [Self.awkward, "", "\u{0}", "纯中文没有需要转义的字符", "\"\\"] {
            #expect(try JSONDecoder().decode(String.self, from: Data(text.jsonQuoted.utf8)) == text, "\(text.jsonQuoted)")
        }
    }

    @Test func snakeCaseFollowsFoundation() {
        for key in ["baseURL", "inputsSHA256", "executionWeight", "a", "URLValue", "myURLValue", "level1", "x2Y", "already_snake", "ABC", "aBC", "aBCd", "HTTPServer", "selfEvaluationPublished", "x"] {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            // Foundation converts property keys, not dictionary keys: a one-key struct.
            struct One: Encodable {
                var key: String
                func encode(to encoder: Encoder) throws {
                    var c = encoder.container(keyedBy: AnyKey.self)
                    try c.encode(1, forKey: AnyKey(stringValue: key)!)
                }
            }
            let expected = String(decoding: try! encoder.encode(One(key: key)), as: UTF8.self)
            #expect("{\"\(CanonicalJSON.snakeCased(key))\":1}" == expected, "\(key)")
        }
    }

    /// The project record's own writer, with every optional member present (awkward texts, empty and
    /// full lists) and with every one absent: the example's records do not hold every field.
    @Test func theProjectRecordsWriterMatchesFoundationWithEveryFieldAndWithNone() throws {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let disclosed = DiscloseStage.run(try #require(source)).site
        let views = SiteViews(site: disclosed)
        typealias R = OpenData.ProjectRecord
        let text = Self.awkward
        let amount = Decimal(string: "-1234.5")!
        var full = R(try #require(disclosed.projects.first), views: views)
        full.unit = text; full.category = text; full.name = text; full.narrative = text
        full.funding = R.Funding(unit: "万元", lines: [R.Line(source: text, initial: amount, budget: 0, spent: Decimal(string: "0.000001")),
                                                     R.Line(source: "", initial: nil, budget: nil, spent: nil)],
                                 initial: amount, budget: 12, spent: 3, uses: [R.Use(item: text, amount: 7)])
        full.targets = R.Targets(published: "2025-02-18", goal: text, indicators: [
            R.Indicator(level1: text, level2: "二级", name: "三级", target: "≥95%", basis: text, actual: "96%", weight: 10, score: amount,
                        deviation: text, explanation: text, adjustedTarget: "≥90%", adjustmentDate: "2025-06-30", adjustmentReason: text),
            R.Indicator(level1: "", level2: "", name: "", target: nil, basis: nil, actual: nil, weight: nil, score: nil, deviation: nil,
                        explanation: nil, adjustedTarget: nil, adjustmentDate: nil, adjustmentReason: nil),
        ])
        full.selfEvaluation = R.SelfEvaluation(
            published: "2026-04-01", executionWeight: 10, executionScore: 9, totalScore: Decimal(string: "91.25"), grade: "优",
            scheme: text, problems: text, measures: text, goalAchieved: text, frame: text, baseTotal: 100, baseScore: 90,
            adjustments: [R.Adjustment(kind: "加分", item: text, points: 2, cap: 5, reason: text),
                          R.Adjustment(kind: "扣分", item: "", points: 0, cap: nil, reason: nil)],
            recheck: R.Recheck(reviewer: text, date: "2026-05-01", score: 88, grade: "良", opinion: text, difference: amount, flagged: true),
            report: text)
        full.evaluations = [R.Evaluation(type: "重点评价", evaluator: text, published: "2026-06-01", score: 80, grade: "良", report: text),
                            R.Evaluation(type: "", evaluator: nil, published: nil, score: nil, grade: nil, report: "")]
        full.monitoring = [R.Checkpoint(date: "2025-06", plannedRate: 50, actualRate: amount, progress: text, measures: text),
                           R.Checkpoint(date: nil, plannedRate: nil, actualRate: nil, progress: nil, measures: nil)]
        full.rectifications = [R.Rectification(problem: text, measure: text, responsible: text, deadline: "2026-12-31", status: "整改中",
                                               completed: "2026-11-01", source: text, deadlineRule: "反馈后30日", feedback: "2026-10-01"),
                               R.Rectification(problem: "", measure: nil, responsible: nil, deadline: nil, status: "", completed: nil, source: nil)]
        full.exAnte = R.ExAnte(date: "2024-10-01", assessor: text, conclusion: text, score: 95, report: text)
        full.tasks = [R.Task(name: text, content: text, amount: amount, amountUnit: "万元"), R.Task(name: "", content: nil, amount: nil, amountUnit: "元")]

        var none = full
        none.unit = nil; none.category = nil; none.funding = nil; none.targets = nil; none.selfEvaluation = nil; none.exAnte = nil
        none.evaluations = []; none.monitoring = []; none.rectifications = []; none.narrative = ""; none.tasks = nil
        var hollow = full
        hollow.funding?.lines = []; hollow.funding?.uses = []; hollow.targets?.indicators = []
        hollow.selfEvaluation?.adjustments = []; hollow.selfEvaluation?.recheck = nil; hollow.tasks = []

        for record in [full, none, hollow] {
            let theirs = try Self.foundation(record, snakeCase: true)
            #expect(record.encoded == theirs, "\(String(decoding: record.encoded, as: UTF8.self))\n---\n\(String(decoding: theirs, as: UTF8.self))")
        }
    }

    /// Every project record of the example site, and the data package, as the open data writes them.
    @Test func theExampleSitesRecordsMatchFoundation() throws {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let site = try #require(source)
        let disclosed = DiscloseStage.run(site).site
        let views = SiteViews(site: disclosed)
        let open = OpenData(site: disclosed, views: views)
        #expect(!disclosed.projects.isEmpty)
        for p in disclosed.projects {
            let record = OpenData.ProjectRecord(p, views: views)
            let theirs = try Self.foundation(record, snakeCase: true)
            #expect(open.json(record) == theirs, "\(p.code)")
            #expect(record.encoded == theirs, "\(p.code)")
        }
        for dp in disclosed.departmentPerformance {
            let record = OpenData.ProjectRecord(performance: dp, views: views)
            #expect(record.encoded == (try Self.foundation(record, snakeCase: true)), "\(dp.slug)")
        }
        #expect(open.json(open.dataPackage(), snakeCase: false) == (try Self.foundation(open.dataPackage(), snakeCase: false)))
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
