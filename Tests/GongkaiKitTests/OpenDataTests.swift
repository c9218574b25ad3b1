import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
@testable import GongkaiRender

/// Open data, feeds, sitemap and the search index, as files.
@Suite("Open data, feeds and search index")
struct OpenDataTests {
    func built() throws -> MemoryFileSystem {
        let (report, fs) = PipelineTests.withheldFixture().0.build()
        #expect(report.succeeded, "\(report.rendered)")
        return fs
    }

    @Test func csvFilesOpenInExcel() throws {
        let fs = try built()
        let data = try fs.read("public/data/2025/projects.csv")
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])  // BOM
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("code,name,year,department_code,"))
        #expect(text.contains("\r\nJYJ-2025-001,学生营养改善计划,2025,JYJ,测试市教育局,测试市第一中学,,false,万元,1200,1250.5,1198.6,95.85,59.58,差,2025-02-18,2026-03-20,https://example.gov.cn/projects/2025/jyj-2025-001/\r\n"), "\(text)")
        #expect(!text.contains("777.77"))
        let indicators = try #require(fs.text("public/data/projects/2025/jyj-2025-001.csv"))
        #expect(indicators.contains("JYJ-2025-001,2025,产出指标,数量指标,受益学生人数,≥52000人,学籍统计,53126人,90,50,"))
        #expect(!indicators.contains("秘密指标"))
    }

    @Test func csvQuotingAndFormulaInjection() {
        #expect(CSVTable.quote("a,b") == "\"a,b\"")
        #expect(CSVTable.quote("他说\"好\"") == "\"他说\"\"好\"\"\"")
        #expect(CSVTable.quote("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVTable.quote("-3.5") == "-3.5")
        // A Windows line end is one Character, neither \r nor \n, and still needs quotes.
        #expect(CSVTable.quote("第一行\r\n第二行") == "\"第一行\r\n第二行\"")
        #expect(CSVTable.quote("=\u{301}1") == "=\u{301}1")
    }

    /// Only a plain decimal number is left unguarded: Swift's `Double` also reads `+Infinity`, `-nan(…)`
    /// and hexadecimal `+0x1p3`, which a spreadsheet takes for formulas (`=+nan(HYPERLINK)`).
    @Test func onlyPlainNumbersEscapeTheFormulaGuard() {
        for formula in ["+Infinity", "-inf", "+nan", "-nan(HYPERLINK)", "+nan(0x1)", "+0x1p3", "-0x1A", "-1.5e", "+", "-.", "-1e+"] {
            #expect(CSVTable.quote(formula) == "'" + formula, "\(formula)")
            #expect(CSVTable.unguarded("'" + formula) == formula, "\(formula)")
        }
        for number in ["-3.5", "+12", "-0.25", "-.5", "+1.", "-1e5", "-2.5E-3", "+7e+2"] {
            #expect(CSVTable.quote(number) == number, "\(number)")
            #expect(CSVTable.unguarded("'" + number) == "'" + number, "\(number)")
        }
    }

    @Test func theZipIsValidAndDeterministic() throws {
        let fs = try built()
        let zip = try fs.read("public/data/2025/gongkai-2025.zip")
        #expect(zip.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(try built().read("public/data/2025/gongkai-2025.zip") == zip)
        // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        // The entry holds the same bytes as the CSV beside it (stored, not compressed).
        let csv = try fs.read("public/data/2025/projects.csv")
        #expect(zip.range(of: csv) != nil)
    }

    /// 单位自评 is done by the implementing unit: the evaluations table named the department (测试市教育局) as the
    /// self-evaluation's 评价机构 for a project of 测试市第一中学.
    @Test func aSelfEvaluationIsTheUnitsOwn() throws {
        let fs = try built()
        let csv = String(decoding: try fs.read("public/data/2025/evaluations.csv"), as: UTF8.self)
        #expect(csv.contains("JYJ-2025-001,2025,学生营养改善计划,单位自评,测试市第一中学,59.58,"), "\(csv)")
    }

    @Test func theDataPackageDescribesEveryTable() throws {
        let fs = try built()
        let json = try JSONSerialization.jsonObject(with: fs.read("public/data/datapackage.json")) as! [String: Any]
        #expect(json["profile"] as? String == "tabular-data-package")
        let resources = json["resources"] as! [[String: Any]]
        #expect(resources.map { $0["path"] as! String } == ["2025/projects.csv", "2025/indicators.csv", "2025/evaluations.csv"])
        let fields = (resources[0]["schema"] as! [String: Any])["fields"] as! [[String: String]]
        let header = String(decoding: try fs.read("public/data/2025/projects.csv").dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")[0]
        #expect(fields.map { $0["name"]! }.joined(separator: ",") == header)
        // What the Frictionless validator requires (`make test` runs it on the example site).
        for resource in resources {
            #expect(resource["profile"] as? String == "tabular-data-resource")
            #expect((resource["dialect"] as? [String: Any])?["lineTerminator"] as? String == "\r\n")
        }
    }

    @Test func projectJSONCarriesOnlyDisclosedFields() throws {
        let fs = try built()
        let json = try JSONSerialization.jsonObject(with: fs.read("public/data/projects/2025/jyj-2025-001.json")) as! [String: Any]
        #expect(json["code"] as? String == "JYJ-2025-001")
        let funding = json["funding"] as! [String: Any]
        #expect((funding["lines"] as! [Any]).count == 1)
        #expect("\(funding["budget"]!)" == "1250.5")
        #expect((json["targets"] as! [String: Any])["goal"] == nil)   // the goal is limited
    }

    @Test func theFeedAndSitemapUseContentDates() throws {
        let fs = try built()
        let feed = try #require(fs.text("public/feed.xml"))
        // The newest disclosure is the self-evaluation of 2026-03-20: the feed takes its date, not the clock's.
        #expect(feed.contains("<author><name>测试市财政局</name></author>") && feed.components(separatedBy: "<updated>2026-03-20T00:00:00+08:00</updated>").count == 3)
        #expect(feed.contains("<id>https://example.gov.cn/projects/2025/jyj-2025-001/#targets</id>"))
        #expect(!feed.contains("内部通知春夏秋冬"))
        let sitemap = try #require(fs.text("public/sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.gov.cn/projects/2025/jyj-2025-001/</loc><lastmod>"))
        #expect(!sitemap.contains("404"))
        #expect(fs.text("public/robots.txt") == "User-agent: *\nAllow: /\nSitemap: https://example.gov.cn/sitemap.xml\n")
    }

    @Test func aFeedWithNothingPublishedYetIsDatedByTheReferenceDay() throws {
        // A new site's feed said 1970 even with a reference day given.
        var site = SiteFixture()
        site["content/projects/2025/JYJ-2025-001.md"] = nil
        site["content/pages/zhengce/banfa.md"] = nil
        site["gongkai.yaml"]! += "\nas_of: 2026-01-01\n"
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(try #require(fs.text("public/feed.xml")).contains("<updated>2026-01-01T00:00:00+08:00</updated>"))
    }
}
