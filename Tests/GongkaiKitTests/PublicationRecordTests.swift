import Foundation
import Synchronization
import GongkaiCore
import Testing
@testable import GongkaiKit

/// 更新记录: each deploy appends what changed, by item, to publication-record.yaml in the site folder.
@Suite("Publication record")
struct PublicationRecordTests {
    static let fm = FileManager.default
    static let project = "content/projects/2025/JYJ-2025-001.md"

    /// The fixture's project under another code and name.
    static func another(_ fixture: SiteFixture, code: String, name: String) -> String {
        fixture[Self.project]!.replacingOccurrences(of: "JYJ-2025-001", with: code).replacingOccurrences(of: "学生营养改善计划", with: name)
    }

    static func write(_ root: String, _ path: String, _ text: String) throws {
        try DiskFileSystem().write(Data(text.utf8), to: joinPath(root, path))
    }

    @Test func twoDeploysRecordAddedCorrectedAndWithdrawnItemsWithoutWithheldText() throws {
        var fixture = SiteFixture()
        fixture.files["content/projects/2025/JYJ-2025-002.md"] = Self.another(fixture, code: "JYJ-2025-002", name: "校园安防北斗工程")
        let (outer, root, output) = try DeployTests.builtSite(fixture)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)

        let first = try Deployer.deploy(site: output, to: target, record: recordPath)
        let firstEntry = try #require(first.recorded)
        #expect(firstEntry.root == first.rootDigest)
        let added = firstEntry.changes.filter { $0.change == .added }
        #expect(added.count == firstEntry.changes.count)
        let project = try #require(added.first { $0.path == "projects/2025/jyj-2025-001/" })
        #expect(project.kind == .project && project.year == 2025 && project.code == "JYJ-2025-001")
        #expect(project.title?.contains("学生营养改善计划") == true && project.title?.contains("测试市预算绩效信息公开平台") == false)
        #expect(added.contains { $0.path == "projects/2025/jyj-2025-002/" && $0.title?.contains("校园安防北斗工程") == true })
        let page = try #require(added.first { $0.path == "zhengce/banfa/" })
        #expect(page.kind == .page && page.title == "测试市预算绩效管理办法" && page.code == nil)

        // Between the deploys: one project corrected, one new, one became classified, and the page removed.
        try Self.write(root, Self.project, fixture[Self.project]!.replacingOccurrences(of: "项目说明正文。", with: "项目说明正文（更正）。"))
        try Self.write(root, "content/projects/2025/JYJ-2025-003.md", Self.another(fixture, code: "JYJ-2025-003", name: "课后服务补助"))
        try Self.write(root, "content/projects/2025/JYJ-2025-002.md",
                       Self.another(fixture, code: "JYJ-2025-002", name: "校园安防北斗工程").replacingOccurrences(of: "year: 2025\n", with: "year: 2025\ndisclosure: 涉密\n"))
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        let report = SafeOutputTests.build(root)
        #expect(report.succeeded, "\(report.rendered)")
        let second = try Deployer.deploy(site: output, to: target, record: recordPath)
        let entry = try #require(second.recorded)
        let byPath = Dictionary(entry.changes.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["projects/2025/jyj-2025-001/"]?.change == .corrected)
        #expect(byPath["projects/2025/jyj-2025-003/"]?.change == .added)
        #expect(byPath["projects/2025/jyj-2025-003/"]?.title?.contains("课后服务补助") == true)
        let withdrawn = try #require(byPath["projects/2025/jyj-2025-002/"])
        #expect(withdrawn.change == .withdrawn && withdrawn.title == nil && withdrawn.code == "JYJ-2025-002" && withdrawn.year == 2025)
        #expect(byPath["zhengce/banfa/"]?.change == .withdrawn && byPath["zhengce/banfa/"]?.title == nil)

        // The file: both releases, oldest first, in a byte-stable form that reads back; the second
        // release's text carries nothing of the classified project but its address and code.
        let data = try #require(Self.fm.contents(atPath: recordPath))
        let record = try PublicationRecord.read(recordPath)
        #expect(record.releases.map(\.root) == [first.rootDigest, second.rootDigest])
        #expect(record.releases.last == entry && record.encoded == data)
        let text = String(decoding: data, as: UTF8.self)
        let secondText = String(text[try #require(text.range(of: second.rootDigest)).lowerBound...])
        #expect(!secondText.contains("校园安防北斗工程") && secondText.contains("jyj-2025-002"))
        let manifest = try SiteManifest.decode(try #require(Self.fm.contents(atPath: joinPath(output, "manifest.json"))))
        #expect(record.releases.allSatisfy { $0.date == manifest.date })

        // Deployed again unchanged: nothing appended. A record re-saved with Windows line ends still reads.
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: recordPath))
        let again = try Deployer.deploy(site: output, to: target, record: recordPath)
        #expect(again.recorded == nil)
        #expect(try PublicationRecord.read(recordPath).releases.count == 2)
    }

    /// A page folder's listing (`zhengce/`) is no item: it is neither added, corrected nor withdrawn, however its pages
    /// change, and gets no 已撤回 notice when its last page goes.
    @Test func aPageFolderListingIsNoItemOfTheRecord() throws {
        var fixture = SiteFixture()
        fixture.files["content/pages/zhengce/xize.md"] = "---\ntitle: 测试市绩效目标管理细则\ndate: 2025-04-01\ncategory: 政策文件\n---\n细则正文。\n"
        let (outer, root, output) = try DeployTests.builtSite(fixture)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        #expect(Self.fm.fileExists(atPath: joinPath(output, "zhengce/index.html")))

        let first = try #require(try Deployer.deploy(site: output, to: target, record: recordPath).recorded)
        #expect(first.changes.contains { $0.path == "zhengce/xize/" && $0.change == .added })
        #expect(!first.changes.contains { ["zhengce/", "projects/", "projects/2025/"].contains($0.path) })

        // A page's title changes: the page is corrected, its folder's listing (which shows the title) is not an item.
        try Self.write(root, "content/pages/zhengce/xize.md", fixture.files["content/pages/zhengce/xize.md"]!.replacingOccurrences(of: "管理细则", with: "管理细则（修订）"))
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try #require(try Deployer.deploy(site: output, to: target, record: recordPath).recorded)
        // (Every page changed since the first deploy: each now shows its first publication date from the record.)
        #expect(second.changes.contains { $0.path == "zhengce/xize/" && $0.change == .corrected })
        #expect(!second.changes.contains { ["zhengce/", "projects/", "projects/2025/"].contains($0.path) })

        // Both pages removed: they are withdrawn, the folder is gone without a word and gets no notice.
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce"))
        #expect(SafeOutputTests.build(root).succeeded)
        #expect(!Self.fm.fileExists(atPath: joinPath(output, "zhengce/index.html")))
        let third = try #require(try Deployer.deploy(site: output, to: target, record: recordPath).recorded)
        #expect(Set(third.changes.map(\.path)) == ["zhengce/banfa/", "zhengce/xize/"])
        #expect(SafeOutputTests.build(root).succeeded)
        #expect(!Self.fm.fileExists(atPath: joinPath(output, "zhengce/index.html")))
    }

    @Test func theSiteShowsTheRecordDatesAndNoticesWithNothingOfAWithheldItem() throws {
        var fixture = SiteFixture()
        fixture.files["content/projects/2025/JYJ-2025-002.md"] = Self.another(fixture, code: "JYJ-2025-002", name: "校园安防北斗工程")
        let (outer, root, output) = try DeployTests.builtSite(fixture)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        // Without a record: no 更新记录 page, no link, no dates.
        #expect(!Self.fm.fileExists(atPath: joinPath(output, "record/index.html")))
        #expect(SafeOutputTests.text(joinPath(output, "index.html"))?.contains("更新记录") == false)
        _ = try Deployer.deploy(site: output, to: target, record: recordPath)

        try DeployTests.appendConfig(root, "withdrawn_notice: 该项目已调整为不予公开。\r\n")
        try Self.write(root, "content/projects/2025/JYJ-2025-002.md",
                       Self.another(fixture, code: "JYJ-2025-002", name: "校园安防北斗工程").replacingOccurrences(of: "year: 2025\n", with: "year: 2025\ndisclosure: 涉密\n"))
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        var report = SafeOutputTests.build(root)
        #expect(report.succeeded, "\(report.rendered)")
        let second = try Deployer.deploy(site: output, to: target, record: recordPath)
        #expect(second.recorded?.changes.contains { $0.path == "projects/2025/jyj-2025-002/" && $0.change == .withdrawn } == true)

        // The next build reads the record; the leak audit passes.
        report = SafeOutputTests.build(root)
        #expect(report.succeeded, "\(report.rendered)")
        func page(_ path: String) -> String { SafeOutputTests.text(joinPath(output, path)) ?? "" }
        let record = page("record/index.html")
        #expect(record.contains("<h1>更新记录</h1>") && record.contains("<caption") && record.contains("<main"))
        #expect(record.contains(second.rootDigest) && record.contains("第 2 次发布"))
        #expect(record.contains("href=\"../projects/2025/jyj-2025-001/\">JYJ-2025-001 学生营养改善计划</a>"))
        // The classified project's address holds its code: no link and no notice there (the audit scans paths), only 已撤回.
        #expect(record.contains("<td>撤回</td><td>项目</td><td>已撤回：该项目已调整为不予公开。</td>"))
        #expect(record.contains("已撤回：该项目已调整为不予公开。（<a href=\"../zhengce/banfa/\">原地址</a>）"))
        #expect(!record.contains("jyj-2025-002"))
        #expect(page("index.html").contains("href=\"./record/\">更新记录</a>"))
        let project = page("projects/2025/jyj-2025-001/index.html")
        #expect(project.contains("<dt>首次公开</dt>"))
        #expect(!Self.fm.fileExists(atPath: joinPath(output, "projects/2025/jyj-2025-002")))
        let notice = page("zhengce/banfa/index.html")
        #expect(notice.contains("<h1>已撤回</h1>") && notice.contains("该项目已调整为不予公开。") && notice.contains("<time datetime="))
        #expect(!page("sitemap.xml").contains("zhengce/banfa"))
        for file in SiteVerifier.allFiles(under: output) {
            #expect(!page(file).contains("校园安防北斗工程") && !page(file).contains("测试市预算绩效管理办法"), "\(file)")
        }
        // The notice pages are not counted as items added by the next deploy.
        let third = try Deployer.deploy(site: output, to: target, record: recordPath)
        // (the record page changed, but it is no item; the items' dates were already shown by the last build).
        #expect(try #require(third.recorded).changes.isEmpty)

        // A record whose address leaves the site stops the build (GK008).
        let text = try String(contentsOfFile: recordPath, encoding: .utf8)
        try text.replacingOccurrences(of: "projects/2025/jyj-2025-002/", with: "../../etc/").write(toFile: recordPath, atomically: true, encoding: .utf8)
        report = SafeOutputTests.build(root)
        #expect(!report.succeeded && report.first(.publicationRecord) != nil, "\(report.rendered)")
    }

    /// A withheld code too short for the audit's fingerprints (`MD3`, a department's `GFD`) still hides its
    /// record address: no notice page, no link; a public code in another year is linked as before.
    @Test func aShortWithheldCodeGetsNoNoticeAndNoLink() throws {
        var fixture = SiteFixture()
        fixture.files["content/projects/2025/MD3.md"] = Self.another(fixture, code: "MD3", name: "北斗校园工程")
            .replacingOccurrences(of: "year: 2025\n", with: "year: 2025\ndisclosure: 涉密\n")
        fixture.edit("content/organisations.yaml", replacing: "departments:\n", with: "departments:\n  - code: GFD\n    name: 保密局\n    disclosure: 涉密\n")
        let digest = String(repeating: "2", count: 64)
        fixture.files[PublicationRecord.fileName] = """
        releases:
          - root: "\(digest)"
            date: "2025-06-01"
            changes:
              - {kind: project, change: withdrawn, path: "projects/2025/md3/", year: 2025, code: "MD3"}
              - {kind: performance, change: withdrawn, path: "departments/gfd/2025/", year: 2025, code: "GFD"}
              - {kind: project, change: withdrawn, path: "projects/2024/jyj-2025-001/", year: 2024, code: "JYJ-2025-001"}
        """
        let (report, fs) = fixture.build()
        #expect(report.succeeded, "\(report.rendered)")
        let record = try #require(fs.text("public/record/index.html"))
        #expect(fs.text("public/projects/2025/md3/index.html") == nil && fs.text("public/departments/gfd/2025/index.html") == nil)
        #expect(!record.contains("md3") && !record.contains("gfd"), "\(record)")
        #expect(record.contains("projects/2024/jyj-2025-001/"))
        for (path, text) in fs.outputTexts() { #expect(!text.contains("md3/") && !path.contains("md3"), "\(path)") }
    }

    /// A hand-edited record is checked field by field before anything of it reaches the site: each
    /// problem in Chinese at its line and column (GK008), unknown keys included.
    @Test(arguments: [
        ("    date: \"2026-13-45\"", 3, "date"), ("    date: \"9999-12-31\"", 3, "date"), ("    date: \"not a date<script>\"", 3, "date"),
        ("    extra_key: 1", 3, "extra_key"), ("        kind: 项目", 5, "kind"),
        ("        path: \"projects/2025/a b/\"", 7, "path"), ("        path: \"projects/2025/ＡＢ/\"", 7, "path"),
    ])
    func aHandEditedRecordIsCheckedAtItsLine(line: String, at: Int, names: String) throws {
        var fixture = SiteFixture()
        let digest = String(repeating: "3", count: 64)
        var lines = ["releases:", "  - root: \"\(digest)\"", "    date: \"2025-06-01\"", "    changes:", "      - kind: project",
                     "        change: added", "        path: \"projects/2025/jyj-2025-001/\""]
        if line.contains("kind") { lines[4] = "      - kind: 项目" } else if line.contains("extra_key") { lines.insert(line, at: 2) }
        else if line.contains("path") { lines[6] = line } else { lines[2] = line }
        fixture.files[PublicationRecord.fileName] = lines.joined(separator: "\n") + "\n"
        let report = fixture.check()
        let error = try #require(report.first(.publicationRecord), "\(report.rendered)")
        #expect(error.location.line == at && error.message.contains(names), "\(error)")
        #expect(!error.message.contains("DecodingError") && !error.message.contains("CodingKeys"))
    }

    @Test func aRecordThatDoesNotReadStopsTheDeployBeforeAnythingChanges() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        try Data("releases:\n  - root: 不是摘要\n    changes: []\n".utf8).write(to: URL(fileURLWithPath: recordPath))
        let refusal = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
        #expect(refusal?.description.contains(PublicationRecord.fileName) == true)
        #expect(!Self.fm.fileExists(atPath: joinPath(target, "current")))
        try Data("releases: [\n".utf8).write(to: URL(fileURLWithPath: recordPath))
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
    }

    /// The record's lock that cannot be taken (its place a folder, a folder gongkai may not write) stops the
    /// deploy and the rollback before `current` is switched: found only after, the release went live unrecorded.
    @Test func aRecordLockThatCannotBeTakenStopsTheDeployBeforeAnythingChanges() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        let first = try Deployer.deploy(site: output, to: target, record: recordPath)
        try Self.fm.createDirectory(atPath: PublicationRecord.lockPath(recordPath), withIntermediateDirectories: true)
        let path = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n第二条　修订。\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current")) == "releases/\(first.rootDigest)")
        try Self.fm.removeItem(atPath: PublicationRecord.lockPath(recordPath))
        let second = try Deployer.deploy(site: output, to: target, record: recordPath)
        try Self.fm.createDirectory(atPath: PublicationRecord.lockPath(recordPath), withIntermediateDirectories: true)
        #expect(throws: Deployer.Refusal.self) { try Deployer.rollback(target, record: recordPath) }
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current")) == "releases/\(second.rootDigest)")
    }

    /// A record that is there but cannot be read (a folder, a pipe, a file of another user's) is not an
    /// empty record: the build would drop the 更新记录 page and every 已撤回 notice without a word, and a
    /// deploy would write a record holding only its own release over the history.
    @Test func aRecordThatIsThereButDoesNotReadIsAnErrorNotAnEmptyRecord() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        for make in ["folder", "pipe"] {
            try? Self.fm.removeItem(atPath: recordPath)
            if make == "folder" { try Self.fm.createDirectory(atPath: recordPath, withIntermediateDirectories: false) }
            else { #expect(mkfifo(recordPath, 0o644) == 0) }
            let report = SafeOutputTests.build(root)
            let error = try #require(report.first(.publicationRecord), "\(make): \(report.rendered)")
            #expect(error.location.file.hasSuffix(PublicationRecord.fileName) && error.message.contains("无法读取"), "\(error)")
            #expect(throws: PublicationRecord.Problem.self, "\(make)") { try PublicationRecord.read(recordPath) }
            #expect(throws: Deployer.Refusal.self, "\(make)") { try Deployer.deploy(site: output, to: target, record: recordPath) }
            #expect(!Self.fm.fileExists(atPath: joinPath(target, "current")), "\(make)")
        }
    }

    @Test func theDeployCommandWritesTheRecordBesideGongkaiYAML() throws {
        let (outer, root, _) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let run = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("已写入更新记录"))
        let record = try PublicationRecord.read(joinPath(root, PublicationRecord.fileName))
        #expect(record.releases.count == 1 && record.releases[0].changes.contains { $0.path == "projects/2025/jyj-2025-001/" })
    }

    /// Two deploys recording into one site's record at once (production and staging, two outputs of one
    /// site) each read the record, add their release and write it whole: without a lock the one written
    /// second dropped the entry of the first, while both said 已写入更新记录. Every append must survive.
    @Test func appendsRunningAtOnceLoseNoEntry() throws {
        let folder = NSTemporaryDirectory() + "gongkai-record-race-" + UUID().uuidString
        try Self.fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? Self.fm.removeItem(atPath: folder) }
        let recordPath = joinPath(folder, PublicationRecord.fileName)
        let count = 24
        @Sendable func digest(_ i: Int) -> String { String(repeating: "0", count: 62) + String(format: "%02x", i) }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let manifest = SiteManifest(title: "站", publisher: "局", baseURL: "https://example.gov.cn/", date: "2026-03-20",
                                        inputsSHA256: digest(i), files: [.init(path: "projects/2025/jyj-2025-\(100 + i)/index.html", size: 1, sha256: digest(i))])
            do { _ = try PublicationRecord.append(to: recordPath, old: nil, new: manifest, rootDigest: digest(i), site: folder) }
            catch { failures.withLock { $0.append("\(i): \(error)") } }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let record = try PublicationRecord.read(recordPath)
        #expect(Set(record.releases.map(\.root)) == Set((0..<count).map(digest)), "\(record.releases.count) of \(count) entries kept")
        #expect(!Self.fm.fileExists(atPath: joinPath(folder, ".\(PublicationRecord.fileName).lock")), "the lock file is removed when done")
    }

    /// A record kept elsewhere (a records repository) and linked into the site folder: the deploy wrote
    /// its new record over the link, so the user's link was gone and the file it named silently missed
    /// the entry. The entry goes into the file the link names, and the link stays.
    @Test func aRecordThatIsALinkIsWrittenThroughTheLink() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let shared = joinPath(outer, "records", PublicationRecord.fileName)
        try DiskFileSystem().write(Data(PublicationRecord().encoded), to: shared)
        let recordPath = joinPath(root, PublicationRecord.fileName)
        try Self.fm.createSymbolicLink(atPath: recordPath, withDestinationPath: "../records/\(PublicationRecord.fileName)")
        let first = try Deployer.deploy(site: output, to: target, record: recordPath)
        #expect(first.recorded != nil)
        #expect(DiskFileSystem().symlinkDestination(recordPath) != nil, "the link is still a link")
        #expect(try PublicationRecord.read(shared).releases.map(\.root) == [first.rootDigest], "the entry is in the file the link names")
        #expect(!Self.fm.fileExists(atPath: joinPath(outer, "records", ".\(PublicationRecord.fileName).lock")))
    }

    /// The entry is written after `current` is switched, and its titles, codes and 已撤回 notices were read
    /// from the built site folder then — by when another build may have swapped a different site in. The
    /// entry of the release served then named titles it never showed, and an item the newer build
    /// withdrew was recorded as withdrawn from a release that still served it. Only bytes the release's
    /// manifest lists are read; the local deploy reads them from the release itself.
    @Test func theEntryDescribesTheReleaseNotASiteBuiltSince() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let manifest = try Deployer.checkBuilt(output).manifest
        // A newer build in the folder: the project renamed, and the page marked as a notice.
        let page = joinPath(output, "projects/2025/jyj-2025-001/index.html")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        try html.replacingOccurrences(of: "学生营养改善计划", with: "后来的名称").write(toFile: page, atomically: true, encoding: .utf8)
        let markerPath = joinPath(output, OutputFolder.markerName)
        var marker = try JSONDecoder().decode(BuildMarker.self, from: try Data(contentsOf: URL(fileURLWithPath: markerPath)))
        marker.withdrawnNotices = ["zhengce/banfa/"]
        try marker.encoded.write(to: URL(fileURLWithPath: markerPath))
        let changes = PublicationRecord.changes(from: nil, to: manifest, site: output)
        let project = try #require(changes.first { $0.path == "projects/2025/jyj-2025-001/" })
        #expect(project.title?.contains("后来的名称") != true, "\(project)")
        #expect(changes.contains { $0.path == "zhengce/banfa/" && $0.change == .added }, "\(changes.map(\.path))")

        // The deploy itself, the site changed after its copy was checked (as a build swapping in then would):
        // the entry names what the release served.
        try? Self.fm.removeItem(atPath: output)
        #expect(SafeOutputTests.build(root).succeeded)
        let built = try Deployer.checkBuilt(output)
        // The release copied and checked (made by a deploy elsewhere, then placed in a new target), the site then changed.
        let first = try Deployer.deploy(site: output, to: joinPath(outer, "srv1"))
        let target = joinPath(outer, "srv")
        try Self.fm.createDirectory(atPath: joinPath(target, Deployer.releasesName), withIntermediateDirectories: true)
        try Self.fm.copyItem(atPath: joinPath(outer, "srv1", Deployer.releasesName, first.rootDigest), toPath: joinPath(target, Deployer.releasesName, first.rootDigest))
        try Data().write(to: URL(fileURLWithPath: joinPath(target, Deployer.historyName)))
        try html.replacingOccurrences(of: "学生营养改善计划", with: "后来的名称").write(toFile: page, atomically: true, encoding: .utf8)
        let outcome = try Deployer.locked(target) { try Deployer.deployLocked(built, to: target, keep: 5, record: joinPath(root, PublicationRecord.fileName)) }
        let recorded = try #require(outcome.recorded?.changes.first { $0.path == "projects/2025/jyj-2025-001/" })
        #expect(recorded.title?.contains("学生营养改善计划") == true, "\(recorded)")
    }
}
