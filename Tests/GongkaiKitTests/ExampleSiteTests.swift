import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
import GongkaiDisclosed

/// The example site in `content/`, built from disk exactly as `make site` builds it.
@Suite("Example site", .serialized)
struct ExampleSiteTests {
    /// Distinctive phrases of every withheld item of the example, at every depth. Kept by hand,
    /// not derived from the code under test, so a disclosure bug cannot hide itself.
    static let withheldPhrases = [
        "青川市国防动员办公室", "青川市人民防空指挥信息保障中心", "“青峰”系列人民防空指挥工程", "青峰-7", "QF-7731",   // classified department
        "指挥所通信系统升级改造", "GFD-001", "gfd-001",
        "岷盾-3", "MD-0419", "WJW-005", "wjw-005", "病原微生物实验室安保升级",                          // classified project
        "川密-K9", "CM-K9-2207",                                                                            // classified indicator
        "岷仓-5", "储备安全指标",                                                                             // classified 二级 group
        "86.37", "84.19", "238.97", "225.81",                                                              // classified funding line and the totals it would change
        "营盘-3", "驻青部队子女学校",                                                                         // passage in a key-evaluation report
        "青鸾-4", "单向光闸",                                                                                 // passage in a narrative
        "青岗-11", "青财密〔2023〕11号",                                                                       // passage in a policy page
        "禾丰-2", "青川宏垦建设有限公司",                                                                     // on-request self-evaluation
        "青禾-9", "青川禾润农业科技有限公司", "2025-shidian-hecha-shuoming",                                     // on-request page
        "清源-6",                                                                                            // limited evaluation
        "川流-8",                                                                                            // limited goal
        "青锋-5",                                                                                            // classified text field
        "岷江-12号试点清单",                                                                                  // passage limited to the people's congress
        "工帮-24号台账",                                                                                      // passage limited to the superior trade union
    ]

    static func build(jobs: Int) throws -> (BuildReport, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-example-\(UUID().uuidString)").path
        let report = Pipeline().run(BuildOptions(siteRoot: repositoryRoot, outputPath: output, jobs: jobs))
        return (report, output)
    }

    static func files(under folder: String) throws -> [String: Data] {
        let disk = DiskFileSystem()
        var result: [String: Data] = [:]
        for path in try disk.listFiles(under: folder) { result[path] = try disk.read(joinPath(folder, path)) }
        return result
    }

    @Test func buildsWithoutErrorsAndWarnsAboutTheLateAndMissingItemsItDemonstrates() throws {
        let (report, output) = try Self.build(jobs: 2)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.warnings.map { "\($0.code.rawValue) \(($0.location.file as NSString).lastPathComponent)" }
        // (CZJ-002, WJW-003 and JYJ-004 publish no total that gives a classified row away: under the
        // default `inference: withhold_totals` those figures are left out. Only the classified rows'
        // weights still follow from the fixed 100, which no output can leave out.)
        #expect(warnings == [
            "GK308 CZJ-002.md",  // a classified row's weight is 100 minus the shown weights
            "GK424 JYJ-003.md",  // 2024: re-check 86.5 against a self-score of 98.97 (抽查复核)
            "GK308 WJW-003.md",
            "GK305 WJW-003.md",  // self-evaluation published two days late
            "GK301 CZJ-003.md",  // no targets
            "GK304 CZJ-003.md",  // nor results
            "GK305 HSZ-001.md",  // targets published a day late
            "GK304 HSZ-003.md",  // no self-evaluation
            "GK305 HSZ-003.md",
            "GK304 ZGH-003.md",  // no self-evaluation
        ], "\(report.rendered)")
        #expect(report.projectsPublished >= 20)
        #expect(report.itemsWithheld >= 10)
        #expect(FileManager.default.fileExists(atPath: joinPath(output, "index.html")))
    }

    @Test func noWithheldPhraseAppearsInAnyOutputFile() throws {
        let (report, output) = try Self.build(jobs: 2)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(report.succeeded)
        let files = try Self.files(under: output)
        #expect(files.count > 30)
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            for phrase in Self.withheldPhrases {
                #expect(!text.contains(phrase) && !path.contains(phrase), "\(path) contains withheld “\(phrase)”")
            }
        }
    }

    @Test func everyPublicProjectAndPageHasItsPage() throws {
        let (report, output) = try Self.build(jobs: 2)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(report.succeeded)
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let site = try #require(source)
        let disclosed = DiscloseStage.run(site)
        let fm = FileManager.default
        for p in disclosed.site.projects {
            let page = joinPath(output, "projects/\(p.year)/\(p.code.lowercased())/index.html")
            #expect(fm.fileExists(atPath: page), "missing \(page)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.contains(p.name))
            #expect(html.contains("最近公开日期"))
        }
        for page in disclosed.site.pages {
            #expect(fm.fileExists(atPath: joinPath(output, page.path.joined(separator: "/") + "/index.html")))
        }
        // Public material at each depth is there.
        let jyj = try String(contentsOfFile: joinPath(output, "projects/2024/jyj-001/index.html"), encoding: .utf8)
        #expect(jyj.contains("财政重点评价") && jyj.contains("评价结论") && jyj.contains("部分内容不予公开"))
        // Monitoring with a warning, rectification with an overdue item, grades in every band, a body with its own scheme.
        let zgh = try String(contentsOfFile: joinPath(output, "projects/2025/zgh-003/index.html"), encoding: .utf8)
        #expect(zgh.contains("<strong>⚠ 预警</strong>"))
        #expect(jyj.contains("⚠ 逾期") && jyj.contains("历年情况"))
        for grade in ["you", "liang", "zhong", "cha"] {
            #expect(fm.fileExists(atPath: joinPath(output, "grades/2024/\(grade)/index.html")), "no 2024 \(grade) page")
        }
        #expect(try String(contentsOfFile: joinPath(output, "projects/2024/hsz-002/index.html"), encoding: .utf8).contains("四档制"))
        let limited = try String(contentsOfFile: joinPath(output, "projects/2025/jyj-004/index.html"), encoding: .utf8)
        #expect(limited.contains("152.60") && limited.contains("141.62"))
        // Issue 17: the example uses every addition at least once.
        func page(_ path: String) throws -> String { try String(contentsOfFile: joinPath(output, path + "index.html"), encoding: .utf8) }
        let frame = try page("projects/2024/zgh-004/")
        #expect(frame.contains("评分框架：综合评价框架") && frame.contains("加分项：积极争取上级工会专项补助") && frame.contains("<h3>自评报告</h3>"))
        let recheck = try page("projects/2024/jyj-003/")
        #expect(recheck.contains("⚠ 复核差异") && recheck.contains("（收到反馈后三个月内）") && recheck.contains("⚠ 未明确整改期限"))
        #expect(zgh.contains("≥38个（调整后；原定 ≥45个）") && zgh.contains("2025年5月监控时点"))
        for department in ["zgh", "hsz"] { #expect(try page("departments/\(department)/2024/").contains("部门整体绩效自评表")) }
        #expect(try page("projects/2025/nyj-002/").contains("<dt>评估结论</dt><dd>予以支持</dd>"))
        #expect(try page("years/2024/compliance/").contains("绩效管理工作考核评分表"))
        #expect(try page("grades/2024/lianghao/").contains("绩效目标基本完成，个别指标未达预期"))
    }

    @Test func thePeoplesCongressViewAddsOnlyLimitedItemsScopedToIt() throws {
        let (loaded, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let source = try #require(loaded)
        let npc = DiscloseStage.run(source, for: PeoplesCongressAudience.self).site
        func texts(_ site: GongkaiDisclosed.DisclosedSite) -> String {
            site.projects.map { p in ([p.narrative.text] + p.evaluations.map(\.report.text) + [p.targets?.goal ?? ""]).joined() }.joined()
        }
        let npcText = texts(npc)
        #expect(npcText.contains("岷江-12号试点清单"))   // `::: limited 人大`
        #expect(npcText.contains("清源-6"))             // limited evaluation, scope [人大]
        #expect(!npcText.contains("川流-8"))            // limited goal without a scope
        #expect(!npcText.contains("禾丰-2") && !npcText.contains("青峰-7") && !npcText.contains("营盘-3"))
        #expect(!texts(DiscloseStage.run(source, for: WebsiteAudience.self).site).contains("岷江-12号试点清单"))
    }

    @Test func buildsAreByteIdenticalWithOneAndManyThreads() throws {
        let (a, outA) = try Self.build(jobs: 1)
        let (b, outB) = try Self.build(jobs: 8)
        defer {
            try? FileManager.default.removeItem(atPath: outA)
            try? FileManager.default.removeItem(atPath: outB)
        }
        #expect(a.succeeded && b.succeeded)
        let filesA = try Self.files(under: outA), filesB = try Self.files(under: outB)
        #expect(filesA.keys.sorted() == filesB.keys.sorted())
        for (path, data) in filesA { #expect(filesB[path] == data, "\(path) differs") }
    }

    @Test func everyInternalLinkResolves() throws {
        let (report, output) = try Self.build(jobs: 2)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(report.succeeded)
        let files = try Self.files(under: output)
        let hrefs = try NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        var checked = 0
        for (path, data) in files where path.hasSuffix(".html") && path != "404.html" {
            let html = String(decoding: data, as: UTF8.self)
            for match in hrefs.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let link = String(html[Range(match.range(at: 1), in: html)!])
                if link.hasPrefix("http") || link.hasPrefix("#") || link.hasPrefix("mailto:") || link == "data:," { continue }
                let base = URL(fileURLWithPath: joinPath(output, path)).deletingLastPathComponent()
                var target = URL(fileURLWithPath: link.components(separatedBy: "#")[0], relativeTo: base).standardizedFileURL.path
                if link.hasSuffix("/") || link.isEmpty || link == "./" { target = joinPath(target, "index.html") }
                #expect(FileManager.default.fileExists(atPath: target), "\(path): broken link \(link)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}
