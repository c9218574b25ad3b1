import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The spare (`.public.spare`): the output before the one served, kept when it passed the same audit, from which the next
/// build makes its staging folder. What comes out is always what a build into an empty folder gives.
@Suite struct SpareOutputTests {
    static let fm = FileManager.default

    /// The fixture with a second project, which a test can take away.
    static func site() -> SiteFixture {
        var site = SiteFixture()
        let first = site.files["content/projects/2025/JYJ-2025-001.md"]!
        site.files["content/projects/2025/JYJ-2025-002.md"] = first
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002").replacingOccurrences(of: "学生营养改善计划", with: "校园安全改造工程")
        return site
    }

    /// Into `public` beside `root` unless told otherwise.
    static func build(_ fs: FileSystem, root: String = ".", output: String? = nil) -> BuildReport {
        Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: root, outputPath: output ?? (root == "." ? "public" : joinPath(root, "public")), jobs: 2))
    }

    @Test func aBuildFromTheSpareGivesTheBytesOfABuildIntoAnEmptyFolder() throws {
        let fs = Self.site().fileSystem()
        #expect(Self.build(fs).succeeded)
        #expect(!fs.isDirectory(".public.spare"), "a first build has no old output to keep")
        #expect(Self.build(fs).succeeded)
        #expect(fs.isFile(".public.spare/.gongkai-build.json"), "the old output passed this audit: kept")

        // A project edited, another taken away: their old pages are in the spare.
        try AuditRecordTests.edit(fs, "content/projects/2025/JYJ-2025-001.md", replacing: "保障学生营养餐供应。", with: "保障全市学生营养餐供应。")
        try fs.remove("content/projects/2025/JYJ-2025-002.md")
        let gone = try fs.listFiles(under: "public").filter { $0.lowercased().contains("jyj-2025-002") }
        #expect(!gone.isEmpty)
        let rebuilt = Self.build(fs)
        #expect(rebuilt.succeeded, "\(rebuilt.rendered)")
        #expect(rebuilt.filesUnchanged > 0 && rebuilt.filesUnchanged < rebuilt.filesWritten,
                "\(rebuilt.filesUnchanged) of \(rebuilt.filesWritten) files left where they were")
        #expect(!fs.isDirectory(".public.staging"))

        #expect(Self.build(fs, output: "fresh").succeeded)
        let fresh = try AuditRecordTests.files(fs, under: "fresh")
        #expect(try AuditRecordTests.files(fs, under: "public") == fresh)
        #expect(gone.allSatisfy { fresh[$0] == nil })
        #expect(try AuditRecordTests.files(fs, under: "public").values.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("校园安全改造工程") })
    }

    /// A text published before and withheld now is in the old output: that output is removed, never kept.
    @Test func anOutputThatShowsATextWithheldSinceIsNotKept() throws {
        let fs = Self.site().fileSystem()
        #expect(Self.build(fs).succeeded && Self.build(fs).succeeded)
        #expect(fs.isDirectory(".public.spare"))
        try AuditRecordTests.edit(fs, "content/projects/2025/JYJ-2025-002.md", replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\ndisclosure: classified\n")
        let withheld = Self.build(fs)
        #expect(withheld.succeeded, "\(withheld.rendered)")
        for path in fs.allPaths where !path.hasPrefix("content/") {
            #expect(!String(decoding: try fs.read(path), as: UTF8.self).contains("校园安全改造工程"), "\(path) still shows the withheld name")
        }
        #expect(!fs.isDirectory(".public.spare") && !fs.isDirectory(".public.previous"))
        // The next build, under the same audit, keeps one again.
        #expect(Self.build(fs).succeeded)
        #expect(fs.isDirectory(".public.spare"))
    }

    /// The record says which folders passed its audit. A build into another folder in between (a clerk previews, then
    /// publishes) leaves this one as it was, so it is still kept; a build under another audit vouches only for its own.
    @Test func anOutputIsKeptOnlyWhileTheRecordVouchesForIt() throws {
        let fs = Self.site().fileSystem()
        #expect(Self.build(fs).succeeded)
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(Self.build(fs).succeeded)
        #expect(fs.isDirectory(".public.spare"), "the build into other/ did not touch public/")
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(fs.isDirectory(".other.spare"))

        // A text withheld since: the record now vouches for public/ alone, and other/ may show the text.
        try AuditRecordTests.edit(fs, "content/projects/2025/JYJ-2025-002.md", replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\ndisclosure: classified\n")
        #expect(Self.build(fs).succeeded)
        #expect(!fs.isDirectory(".public.spare"))
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(!fs.isDirectory(".other.spare"), "other/ showed the withheld name: removed, not kept")
        for path in fs.allPaths where !path.hasPrefix("content/") {
            #expect(!String(decoding: try fs.read(path), as: UTF8.self).contains("校园安全改造工程"), "\(path) still shows the withheld name")
        }
        #expect(Self.build(fs).succeeded)
        #expect(fs.isDirectory(".public.spare"), "public/ passed this audit, and the build into other/ kept it vouched for")
    }

    /// A `serve` and a `build` side by side around an edit: the record written last, under the audit with the text
    /// withheld, carries over other/ from the record its build read at the start, but other/ was rebuilt since by a build
    /// that read the content before the edit and shows the text. Its manifest is not the one recorded, so it is not kept.
    @Test func aFolderRebuiltSinceUnderAnotherAuditIsNotKept() throws {
        let fs = Self.site().fileSystem()
        let project = "content/projects/2025/JYJ-2025-002.md", classified = "unit: JYJ-01\ndisclosure: classified\n"
        let record = AuditRecord.path(siteRoot: ".")
        try AuditRecordTests.edit(fs, project, replacing: "unit: JYJ-01\n", with: classified)
        #expect(Self.build(fs).succeeded && Self.build(fs, output: "other").succeeded)
        let vouchingForBoth = try fs.read(record)
        // other/ rebuilt from the content before the edit: it shows the name.
        try AuditRecordTests.edit(fs, project, replacing: classified, with: "unit: JYJ-01\n")
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(try AuditRecordTests.files(fs, under: "other").values.contains { String(decoding: $0, as: UTF8.self).contains("校园安全改造工程") })
        // The build with the text withheld finishes last and writes what it read at its start.
        try AuditRecordTests.edit(fs, project, replacing: "unit: JYJ-01\n", with: classified)
        try fs.write(vouchingForBoth, to: record)
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(!fs.isDirectory(".other.spare"), "other/ showed the withheld name: removed, not kept")
        for path in fs.allPaths where !path.hasPrefix("content/") {
            #expect(!String(decoding: try fs.read(path), as: UTF8.self).contains("校园安全改造工程"), "\(path) still shows the withheld name")
        }
        // Built again under this audit, it is vouched for, and kept.
        #expect(Self.build(fs, output: "other").succeeded)
        #expect(fs.isDirectory(".other.spare"))
    }

    /// The record names the folder whose files passed its audit; from the swap on that is the new output, so the old record
    /// is gone before the swap starts. A build stopped there (here: a swap that fails) leaves no record to vouch for the
    /// folder, and the next build keeps no spare and scans every file.
    @Test func noRecordOutlivesTheSwapItCouldBeWrongAbout() throws {
        let fs = FaultyFileSystem(Self.site().fileSystem())
        func build() -> BuildReport { Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)) }
        #expect(build().succeeded)
        let record = AuditRecord.path(siteRoot: ".")
        #expect(fs.isFile(record))
        let served = try AuditRecordTests.files(fs, under: "public")
        fs.failSwaps.withLock { $0 = true }
        let stopped = build()
        #expect(!stopped.succeeded && stopped.outputUntouched, "\(stopped.rendered)")
        #expect(try AuditRecordTests.files(fs, under: "public") == served)
        #expect(!fs.isFile(record), "the old record went before the swap")
        fs.failSwaps.withLock { $0 = false }
        let next = build()
        #expect(next.succeeded && next.filesAuditedBefore == 0)
        #expect(!fs.isDirectory(".public.spare"))
        #expect(fs.isFile(record))
    }

    /// On disk: a spare somebody tampered with — a link out of it, a file where a folder goes, a folder where a file goes,
    /// files no build writes, a file of another mode — gives the same site as an empty folder, and nothing outside changes.
    @Test func aTamperedSpareIsTakenApartSafely() throws {
        let (outer, root) = try SafeOutputTests.siteOnDisk(Self.site())
        defer { try? Self.fm.removeItem(atPath: outer) }
        let disk = DiskFileSystem()
        #expect(Self.build(disk, root: root).succeeded && Self.build(disk, root: root).succeeded)
        let spare = joinPath(root, ".public.spare")
        #expect(disk.isFile(joinPath(spare, ".gongkai-build.json")))

        let elsewhere = joinPath(outer, "elsewhere")
        try Self.fm.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let folders = try Self.fm.contentsOfDirectory(atPath: spare).filter { disk.isDirectory(joinPath(spare, $0)) }.sorted()
        let linked = try #require(folders.first), blocked = try #require(folders.last)
        #expect(linked != blocked)
        try Self.fm.removeItem(atPath: joinPath(spare, linked))
        try Self.fm.createSymbolicLink(atPath: joinPath(spare, linked), withDestinationPath: elsewhere)
        try Self.fm.removeItem(atPath: joinPath(spare, blocked))
        try disk.write(Data("挡路的旧文件".utf8), to: joinPath(spare, blocked))
        try Self.fm.removeItem(atPath: joinPath(spare, "index.html"))
        try disk.write(Data("旧".utf8), to: joinPath(spare, "index.html/inner.html"))
        try disk.write(Data("旧页面".utf8), to: joinPath(spare, "old/deep/page.html"))
        try Self.fm.createSymbolicLink(atPath: joinPath(spare, "passwd.html"), withDestinationPath: "/etc/passwd")
        let sitemap = joinPath(spare, "sitemap.xml")
        try Self.fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sitemap)
        // A backup made with `cp -al` shares the file: kept, the published file would change with the backup.
        let backup = joinPath(outer, "backup-robots.txt")
        #expect(link(joinPath(spare, "robots.txt"), backup) == 0)

        let rebuilt = Self.build(disk, root: root)
        #expect(rebuilt.succeeded, "\(rebuilt.rendered)")
        #expect(rebuilt.filesUnchanged > 0, "the untouched files stay")
        #expect(try Self.fm.contentsOfDirectory(atPath: elsewhere).isEmpty, "nothing written through the link")
        #expect(try disk.symbolicLinks(under: joinPath(root, "public")).isEmpty)
        let mode = try Self.fm.attributesOfItem(atPath: joinPath(root, "public/sitemap.xml"))[.posixPermissions] as? Int
        #expect(mode == 0o644 & ~Int(Self.currentUmask))
        #expect(try Self.inode(joinPath(root, "public/robots.txt")) != Self.inode(backup), "a file shared with a backup is written anew")

        #expect(Self.build(disk, root: root, output: joinPath(outer, "fresh")).succeeded)
        #expect(try AuditRecordTests.files(disk, under: joinPath(root, "public")) == AuditRecordTests.files(disk, under: joinPath(outer, "fresh")))
        #expect(!disk.isDirectory(joinPath(root, "public/old")), "a folder left empty goes too")
    }

    static func inode(_ path: String) throws -> Int {
        try #require(Self.fm.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    /// The disk's test: the same bytes, mode 644, one name, or a second that is the same file in the served output.
    @Test func aFileIsTakenOnlyWhenItHoldsTheBytesUnderNoOtherName() throws {
        let outer = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-holds-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: outer) }
        let disk = DiskFileSystem()
        let (file, served, elsewhere) = (joinPath(outer, "spare/a.html"), joinPath(outer, "public/a.html"), joinPath(outer, "backup/a.html"))
        try disk.write(Data("页面".utf8), to: file)
        try disk.write(Data("页面".utf8), to: served)  // the same bytes, another file
        #expect(disk.holds(Data("页面".utf8), at: file, sharedWith: served))
        #expect(!disk.holds(Data("页面。".utf8), at: file, sharedWith: served), "other bytes")
        #expect(!disk.holds(Data("页页".utf8), at: file, sharedWith: served), "same length, other bytes")
        try disk.remove(served)
        #expect(link(file, served) == 0)
        #expect(disk.holds(Data("页面".utf8), at: file, sharedWith: served), "shared with the served output's file")
        #expect(!disk.holds(Data("页面".utf8), at: file, sharedWith: joinPath(outer, "public/b.html")))
        try Self.fm.createDirectory(atPath: joinPath(outer, "backup"), withIntermediateDirectories: true)
        #expect(link(file, elsewhere) == 0)
        #expect(!disk.holds(Data("页面".utf8), at: file, sharedWith: served), "a third name")
        try disk.remove(served)
        #expect(!disk.holds(Data("页面".utf8), at: file, sharedWith: served), "a second name elsewhere")
        try disk.remove(elsewhere)
        #expect(disk.holds(Data("页面".utf8), at: file, sharedWith: served))
        try Self.fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(!disk.holds(Data("页面".utf8), at: file, sharedWith: served), "another mode")
        try Self.fm.createSymbolicLink(atPath: joinPath(outer, "spare/link.html"), withDestinationPath: served)
        try disk.write(Data("页面".utf8), to: served)
        #expect(!disk.holds(Data("页面".utf8), at: joinPath(outer, "spare/link.html"), sharedWith: served), "a link is not followed")
        // removeFile takes a file or a link, never a folder, and nothing is no error.
        try disk.removeFile(joinPath(outer, "spare/link.html"))
        #expect(disk.symlinkDestination(joinPath(outer, "spare/link.html")) == nil && disk.isFile(served))
        try disk.removeFile(joinPath(outer, "spare"))
        #expect(disk.isFile(file))
        try disk.removeFile(joinPath(outer, "spare/a.html/inner"))
        try disk.removeFile(joinPath(outer, "nothing"))
        try disk.removeFile(file)
        #expect(!disk.isFile(file))
    }

    static var currentUmask: mode_t {
        let current = umask(0)
        umask(current)
        return current
    }

    /// A folder with the spare's name that no build made is the user's: never used, never removed.
    @Test func aFolderOfTheUsersUnderTheSparesNameIsLeftAlone() throws {
        let (outer, root) = try SafeOutputTests.siteOnDisk(Self.site())
        defer { try? Self.fm.removeItem(atPath: outer) }
        let disk = DiskFileSystem()
        let paper = joinPath(root, ".public.spare/论文.docx")
        try disk.write(Data("我的论文".utf8), to: paper)
        for _ in 0..<3 { #expect(Self.build(disk, root: root).succeeded) }
        #expect(Self.text(paper) == "我的论文")
        #expect(!disk.isFile(joinPath(root, "public/论文.docx")))
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// What a killed build left in the staging folder is made into the next one, and what no build writes goes.
    @Test func aKilledBuildsStagingFolderIsMadeIntoTheNext() throws {
        let fs = Self.site().fileSystem()
        #expect(Self.build(fs).succeeded)
        for (path, data) in try AuditRecordTests.files(fs, under: "public") { try fs.write(data, to: joinPath(".public.staging", path)) }
        try fs.write(Data(), to: ".public.staging/.gongkai-staging")
        try fs.write(Data("半截".utf8), to: ".public.staging/index.html")
        try fs.write(Data("旧".utf8), to: ".public.staging/old.html")
        let report = Self.build(fs)
        #expect(report.succeeded && report.filesUnchanged > 0)
        #expect(Self.build(fs, output: "fresh").succeeded)
        #expect(try AuditRecordTests.files(fs, under: "public") == AuditRecordTests.files(fs, under: "fresh"))
    }
}
