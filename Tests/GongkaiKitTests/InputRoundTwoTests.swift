import Foundation
@testable import GongkaiCore
import Testing
@testable import GongkaiKit

/// Hostile input, round two: a publication record that is not a record, and a page of many dead links.
@Suite("Hostile input, round two")
struct InputRoundTwoTests {
    static let fm = FileManager.default

    /// A record whose top is not `releases:` (the line deleted by hand, a list, a word, bytes that are not UTF-8, a file
    /// truncated to nothing or to its comment) was read as an empty record: the build dropped the 更新记录 page and every
    /// 已撤回 notice without a word, and the next deploy wrote its own release alone over the history. gongkai never
    /// writes such a file (an empty record is `releases: []`): an error at its line, and the deploy changes nothing.
    @Test(arguments: [
        ("- root: \"\(String(repeating: "3", count: 64))\"\n  changes: []\n", 1, "releases"),
        ("已删除\n", 1, "releases"), ("[1]\n", 1, "releases"), ("{}\n", 1, "releases"),
        ("", 1, "空"), ("# 更新记录（publication record）\n", 1, "空"),
        ("releases:\n  - root: \"\(String(repeating: "3", count: 64))\"\n    changes:\n      - {kind: page, change: added, path: \"a/\", code: [A]}\n", 4, "code"),
        ("releases:\n  - root: \"\(String(repeating: "3", count: 64))\"\n    changes:\n      - {kind: page, change: added, path: \"a/\", title: {a: 1}}\n", 4, "title"),
        ("releases: []\n\u{FF}\u{FE}\n", 2, "UTF-8"),
    ])
    func aRecordThatIsNoRecordIsAnErrorAtItsLine(text: String, line: Int, names: String) throws {
        // `\u{FF}` and `\u{FE}` stand for bytes that are not UTF-8.
        let bytes = Data(text.unicodeScalars.flatMap { $0.value == 0xFF || $0.value == 0xFE ? [UInt8($0.value)] : Array(String($0).utf8) })
        let fs = SiteFixture().fileSystem()
        try fs.write(bytes, to: PublicationRecord.fileName)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false))
        let error = try #require(report.first(.publicationRecord), "\(text): \(report.rendered)")
        #expect(error.location.line == line && error.message.contains(names), "\(error)")
        #expect(!report.succeeded)
    }

    @Test func aDeployKeepsTheHistoryOfARecordThatIsNoRecord() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        _ = try Deployer.deploy(site: output, to: target, record: recordPath)
        let history = try String(contentsOfFile: recordPath, encoding: .utf8)
        // The `releases:` line deleted by hand: the list of releases is still there, one level up.
        let edited = history.split(separator: "\n").filter { !$0.hasPrefix("#") && $0 != "releases:" }.map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        try edited.write(toFile: recordPath, atomically: true, encoding: .utf8)
        let current = try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current"))
        let path = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n第二条　修订。\n").write(toFile: path, atomically: true, encoding: .utf8)
        try Data(history.utf8).write(to: URL(fileURLWithPath: recordPath))
        #expect(SafeOutputTests.build(root).succeeded)
        try edited.write(toFile: recordPath, atomically: true, encoding: .utf8)
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
        #expect(try String(contentsOfFile: recordPath, encoding: .utf8) == edited, "the record is left as it was")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current")) == current)
    }

    /// A page of 100,000 dead links took a minute and a half to check: each link's place was searched from the start of
    /// its file, so the time grew with the square of the page. The addresses are now found together, one pass over the
    /// file for each length of address, and each is still placed where it is first written.
    @Test func manyDeadLinksAreFoundInOnePassALength() throws {
        var text = "---\ntitle: 链接\ndate: 2025-03-01\n---\n"
        var needles = Set<String>()
        for i in 0..<3_000 {
            text += "见[链\(i)](/nowhere/\(i)/)。\n"
            needles.insert("/nowhere/\(i)/")
        }
        needles.formUnion(["/never/written/", "链2999", "---"])
        var places = LinePlaces(Data(text.utf8))
        places.find(needles)
        for i in [0, 1, 10, 999, 2_999] {
            let place = try #require(places.place(of: "/nowhere/\(i)/"))
            #expect(place.line == 5 + i && place.column == 6 + "\(i)".count, "\(i): \(place)")
        }
        #expect(places.place(of: "/never/written/") == nil)
        #expect(places.place(of: "链2999").map { [$0.line, $0.column] } == [3_004, 3])
        #expect(places.place(of: "---").map { [$0.line, $0.column] } == [1, 1])
        // One pass a length of address, each stopping once all of its length are found: the file is read a few times over;
        // searched from its start for each link, it was read 1,500 times over.
        #expect(places.scanned < 8 * text.utf8.count, "\(places.scanned) bytes read for a file of \(text.utf8.count)")
        // Through the build: each warning at the line of its link.
        var fixture = SiteFixture()
        fixture["content/pages/zhengce/lianjie.md"] = text
        let report = fixture.check()
        let dead = report.diagnostics.filter { $0.code == .deadLink && $0.location.file == "content/pages/zhengce/lianjie.md" }
        #expect(dead.count == 3_000, "\(dead.count)")
        #expect(dead.allSatisfy { d in d.message.contains("“/nowhere/\(d.location.line - 5)/”") }, "\(dead.prefix(3))")
    }

    /// 30 MB of short lines (`a`, an empty line, again: ten million paragraphs, under the 32 MB bound) took 3 GB and three
    /// minutes: cmark makes a node of every line and mark, 100–200 bytes each, and so does the YAML parser. A file of more
    /// than a million line ends and marks is refused at the line where it passes the bound, before it is parsed.
    @Test func aFileOfMoreLinesAndMarksThanAnyReportIsRefusedAtItsLine() throws {
        var site = SiteFixture()
        let head = "---\ntitle: 很多行\ndate: 2025-03-01\n---\n"
        site["content/pages/zhengce/many.md"] = head + String(repeating: "a\n", count: LoadStage.maxMarks)
        var report = site.check()
        let refused = try #require(report.first(.unreadableFile), "\(report.rendered)")
        #expect(refused.location.file == "content/pages/zhengce/many.md" && refused.location.line == LoadStage.maxMarks + 1, "\(refused)")
        #expect(refused.message.contains("100 万") && !report.succeeded, "\(refused)")
        // Marks count as lines do: a page of brackets on one line.
        site["content/pages/zhengce/many.md"] = head + String(repeating: "[", count: LoadStage.maxMarks)
        report = site.check()
        #expect(report.first(.unreadableFile)?.location.line == 5, "\(report.rendered)")
        // A long report of prose is not: few lines, no marks.
        site["content/pages/zhengce/many.md"] = head + String(repeating: "第一条　为了加强预算绩效管理，制定本办法。\n", count: 50_000)
        report = site.check()
        #expect(report.first(.unreadableFile) == nil, "\(report.rendered)")
        #expect(LoadStage.lineWhereMarksPassBound(Data(String(repeating: "*a", count: LoadStage.maxMarks + 1).utf8)) == 1)
        #expect(LoadStage.lineWhereMarksPassBound(Data(String(repeating: "a\n", count: LoadStage.maxMarks).utf8)) == nil)
    }
}
