import Foundation
import GongkaiCore
import GongkaiRender
import Synchronization
import Testing
@testable import GongkaiKit

/// Output folders on a real disk: nothing gongkai did not build is replaced, links, locks, leftovers.
@Suite("Safe outputs")
struct SafeOutputTests {
    static let fm = FileManager.default

    /// A fresh temporary folder holding the fixture site in `site/`; returns (outer, site).
    static func siteOnDisk(_ site: SiteFixture = SiteFixture()) throws -> (String, String) {
        let outer = fm.temporaryDirectory.appendingPathComponent("gongkai-safe-\(UUID().uuidString)").path
        let root = joinPath(outer, "site")
        let memory = site.fileSystem()
        for path in memory.allPaths { try DiskFileSystem().write(memory.read(path), to: joinPath(root, path)) }
        return (outer, root)
    }

    static func build(_ root: String, output: String? = nil, force: Bool = false, report: String? = nil) -> BuildReport {
        Pipeline().run(BuildOptions(siteRoot: root, outputPath: output, jobs: 2, reportPath: report, forceOutput: force))
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// The writer every command uses creates missing folders, replaces a file it is asked to write,
    /// and never writes through a symbolic link into a file somebody else keeps.
    @Test func theDiskWriterCreatesFoldersAndNeverFollowsALink() throws {
        let outer = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-write-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: outer) }
        let disk = DiskFileSystem()
        try disk.write(Data("一".utf8), to: joinPath(outer, "a/b/c.html"))
        try disk.write(Data("二".utf8), to: joinPath(outer, "a/b/c.html"))
        #expect(Self.text(joinPath(outer, "a/b/c.html")) == "二")
        try "别人的文件".write(toFile: joinPath(outer, "theirs.txt"), atomically: true, encoding: .utf8)
        try Self.fm.createSymbolicLink(atPath: joinPath(outer, "a/link.html"), withDestinationPath: joinPath(outer, "theirs.txt"))
        let refused = #expect(throws: FileSystemError.self) { try disk.write(Data("覆盖".utf8), to: joinPath(outer, "a/link.html")) }
        #expect(refused?.reason.contains("符号链接") == true, "\(String(describing: refused))")
        #expect(Self.text(joinPath(outer, "theirs.txt")) == "别人的文件")
    }

    /// An unchanged file of the previous output is shared with the new one (a hard link), after every
    /// byte is compared; a file something else also names is not; and no write ever goes through a
    /// shared file into the other name's copy.
    @Test func unchangedFilesAreSharedNeverWrittenThrough() throws {
        let outer = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-reuse-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: outer) }
        let disk = DiskFileSystem()
        func inode(_ path: String) -> Int? { (try? Self.fm.attributesOfItem(atPath: path))?[.systemFileNumber] as? Int }
        let old = joinPath(outer, "old/a.html"), new = joinPath(outer, "new/x/a.html")
        try disk.write(Data("不变".utf8), to: old)

        #expect(disk.reuse(old, for: Data("变了".utf8), at: new) == .notShared, "same length, other bytes")
        #expect(disk.reuse(old, for: Data("不变。".utf8), at: new) == .notShared, "other length")
        #expect(!Self.fm.fileExists(atPath: new))
        #expect(disk.reuse(old, for: Data("不变".utf8), at: new) == .shared)
        #expect(inode(old) != nil && inode(old) == inode(new))
        // Linked twice now: another name holds it, so it is not shared again.
        #expect(disk.reuse(old, for: Data("不变".utf8), at: joinPath(outer, "new/b.html")) == .notShared)

        // Writing the new name replaces it; the old output keeps its bytes.
        try disk.write(Data("新内容".utf8), to: new)
        #expect(Self.text(old) == "不变" && Self.text(new) == "新内容")
        #expect(inode(old) != inode(new))

        // A symbolic link, a file of another mode, a folder: written, never shared.
        try disk.write(Data("同样".utf8), to: joinPath(outer, "old/real.html"))
        try Self.fm.createSymbolicLink(atPath: joinPath(outer, "old/link.html"), withDestinationPath: joinPath(outer, "old/real.html"))
        #expect(disk.reuse(joinPath(outer, "old/link.html"), for: Data("同样".utf8), at: joinPath(outer, "new/link.html")) == .notShared)
        try Self.fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: joinPath(outer, "old/real.html"))
        #expect(disk.reuse(joinPath(outer, "old/real.html"), for: Data("同样".utf8), at: joinPath(outer, "new/real.html")) == .notShared)
        #expect(disk.reuse(joinPath(outer, "old"), for: Data(), at: joinPath(outer, "new/dir")) == .notShared)
        #expect(!Self.fm.fileExists(atPath: joinPath(outer, "new/link.html")) && !Self.fm.fileExists(atPath: joinPath(outer, "new/real.html")))
    }

    /// A rebuild after one edit writes only what changed, and its output is a clean build's, byte for byte.
    @Test func aRebuildKeepsUnchangedFilesAndMatchesACleanBuild() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let first = Self.build(root)
        #expect(first.succeeded && first.filesUnchanged == 0, "\(first.rendered)")

        let project = try #require(try DiskFileSystem().listFiles(under: joinPath(root, "content/projects")).first)
        let path = joinPath(root, "content/projects", project)
        let text = try #require(Self.text(path))
        try text.replacingOccurrences(of: "\nname: ", with: "\nname: 修订后的").write(toFile: path, atomically: true, encoding: .utf8)
        let second = Self.build(root)
        #expect(second.succeeded, "\(second.rendered)")
        #expect(second.filesUnchanged > second.filesWritten / 2, "\(second.filesUnchanged) of \(second.filesWritten)")
        #expect(second.filesUnchanged < second.filesWritten, "the edited project's page is written")

        let clean = Self.build(root, output: joinPath(outer, "clean"))
        #expect(clean.succeeded && clean.filesUnchanged == 0)
        let disk = DiskFileSystem()
        let built = try disk.listFiles(under: joinPath(root, "public"))
        #expect(built == (try disk.listFiles(under: joinPath(outer, "clean"))))
        for file in built {
            #expect(try disk.read(joinPath(root, "public", file)) == disk.read(joinPath(outer, "clean", file)), "\(file)")
        }
    }

    @Test func refusesAFileTheSiteAFolderHoldingItOrOneInsideContentOrTheTheme() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let config = Self.text(joinPath(root, "gongkai.yaml"))
        for output in [joinPath(root, "gongkai.yaml"), root, outer, joinPath(root, "content"), joinPath(root, "content/pages/out"),
                       joinPath(root, "theme/out"), joinPath(root, "content/organisations.yaml")] {
            let report = Self.build(root, output: output)
            #expect(!report.succeeded, "\(output)")
            #expect(report.first(.outputFolder) != nil, "\(output): \(report.rendered)")
        }
        #expect(Self.text(joinPath(root, "gongkai.yaml")) == config)
        #expect(Self.fm.fileExists(atPath: joinPath(root, "content/projects/2025/JYJ-2025-001.md")))
        #expect(Self.fm.fileExists(atPath: joinPath(root, "theme/templates/404.mustache")))
    }

    @Test func aFolderGongkaiDidNotBuildIsReplacedOnlyWithForceOutput() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let www = joinPath(outer, "www")
        try DiskFileSystem().write(Data("<p>门户</p>".utf8), to: joinPath(www, "index.html"))
        try DiskFileSystem().write(Data("附件".utf8), to: joinPath(www, "uploads/通知.pdf"))
        let refused = Self.build(root, output: www)
        #expect(!refused.succeeded)
        #expect(refused.first(.outputFolder)?.message.contains("--force-output") == true, "\(refused.rendered)")
        #expect(Self.text(joinPath(www, "uploads/通知.pdf")) == "附件")

        // A folder with only hidden files (say .git) is not empty either.
        let hidden = joinPath(outer, "hidden")
        try DiskFileSystem().write(Data("x".utf8), to: joinPath(hidden, ".git/HEAD"))
        #expect(!Self.build(root, output: hidden).succeeded)
        #expect(Self.fm.fileExists(atPath: joinPath(hidden, ".git/HEAD")))

        let forced = Self.build(root, output: www, force: true)
        #expect(forced.succeeded, "\(forced.rendered)")
        // What was there is kept whole beside it, never deleted, and the build says where.
        #expect(Self.text(joinPath(outer, "www.before-gongkai/uploads/通知.pdf")) == "附件")
        #expect(Self.text(joinPath(outer, "www.before-gongkai/index.html")) == "<p>门户</p>")
        #expect(forced.warnings.contains { $0.code == .outputFolder && $0.message.contains("www.before-gongkai") }, "\(forced.rendered)")
        let marker = try #require(Self.text(joinPath(www, OutputFolder.markerName)))
        #expect(marker.contains("\"inputs_sha256\" : \""))
        #expect(marker.contains("\"date\" : \"2026-03-20\""))  // the fixture's latest date, not the clock
        // Now it is a site gongkai built: later builds replace it, with the same marker for the same input.
        #expect(Self.build(root, output: www).succeeded)
        #expect(Self.text(joinPath(www, OutputFolder.markerName)) == marker)
        #expect(!Self.fm.fileExists(atPath: joinPath(www, "uploads")))
    }

    /// A file the user put into a built site (a `CNAME`, a `.well-known/` folder) is no build's to delete:
    /// the next build keeps the old output whole beside the new one and says so; later builds, finding
    /// nothing but their own files, replace the output as before and never touch what was kept.
    @Test func filesAddedToABuiltSiteAreKeptNotDeleted() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(Self.build(root).succeeded)
        let disk = DiskFileSystem()
        try disk.write(Data("gongkai.example.gov.cn".utf8), to: joinPath(root, "public/CNAME"))
        try disk.write(Data("Contact: mailto:it@example.gov.cn".utf8), to: joinPath(root, "public/.well-known/security.txt"))

        let second = Self.build(root)
        #expect(second.succeeded, "\(second.rendered)")
        let kept = joinPath(root, "public.before-gongkai")
        #expect(Self.text(joinPath(kept, "CNAME")) == "gongkai.example.gov.cn")
        #expect(Self.text(joinPath(kept, ".well-known/security.txt")) == "Contact: mailto:it@example.gov.cn")
        let warning = try #require(second.warnings.first { $0.code == .outputFolder }, "\(second.rendered)")
        #expect(warning.message.contains("2 个文件") && warning.message.contains("CNAME") && warning.message.contains(kept), "\(warning.message)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/CNAME")))
        #expect(Self.fm.fileExists(atPath: joinPath(root, "public", OutputFolder.markerName)))

        // The new output is all gongkai's: the next build replaces it without a word, and keeps what was kept;
        // a page the content no longer has (its files listed in the old manifest only) is gongkai's to remove.
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        let third = Self.build(root)
        #expect(third.succeeded && !third.warnings.contains { $0.code == .outputFolder }, "\(third.rendered)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public.before-gongkai-2")))
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/zhengce/banfa/index.html")))
        #expect(Self.fm.fileExists(atPath: joinPath(kept, "zhengce/banfa/index.html")))
        #expect(Self.text(joinPath(kept, "CNAME")) == "gongkai.example.gov.cn")
    }

    /// `--force-output` never takes a folder whose loss (even moved aside) breaks what runs from it: the
    /// home folder, a top-level folder, a repository. Checked on the memory seam: no real folder is at stake.
    @Test func forceOutputNeverTakesTheHomeFolderATopLevelFolderOrARepository() throws {
        let home = try #require(ProcessInfo.processInfo.environment["HOME"])
        for (output, what) in [(home, "用户主目录"), ("/gongkai-top-\(UUID().uuidString)", "系统顶层目录"), ("elsewhere/www", "git 仓库")] {
            let fs = SiteFixture().fileSystem()
            try fs.write(Data("别人的文件".utf8), to: joinPath(output, "notes.txt"))
            try fs.write(Data("ref: refs/heads/main".utf8), to: joinPath(output, ".git/HEAD"))
            let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: output, jobs: 2, forceOutput: true))
            #expect(!report.succeeded, "\(output)")
            let refusal = try #require(report.first(.outputFolder), "\(output): \(report.rendered)")
            // A working folder inside the home folder makes the home folder the one holding the site: refused too.
            if output != home || !FileManager.default.currentDirectoryPath.hasPrefix(home + "/") {
                #expect(refusal.message.contains(what) && refusal.message.contains("不会替换"), "\(refusal.message)")
            }
            #expect(fs.text(joinPath(output, "notes.txt")) == "别人的文件")
            #expect(!fs.isDirectory(joinPath(output, "assets")))
        }
    }

    @Test func aSymlinkedOutputKeepsItsLinkAndTheServedFolderGetsTheNewSite() throws {
        var site = SiteFixture()
        let (outer, root) = try Self.siteOnDisk(site)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let served = joinPath(outer, "srv/www")
        try Self.fm.createDirectory(atPath: served, withIntermediateDirectories: true)
        try Self.fm.createSymbolicLink(atPath: joinPath(root, "public"), withDestinationPath: served)
        #expect(Self.build(root).succeeded)
        #expect(Self.fm.fileExists(atPath: joinPath(served, "zhengce/banfa/index.html")))

        // The page is withdrawn: the served folder must lose it.
        site["content/pages/zhengce/banfa.md"] = nil
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        let again = Self.build(root)
        #expect(again.succeeded, "\(again.rendered)")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(root, "public")) == served)
        #expect(!Self.fm.fileExists(atPath: joinPath(served, "zhengce/banfa/index.html")))
        #expect(Self.fm.fileExists(atPath: joinPath(served, "index.html")))
    }

    @Test func anOutputLinkedThroughTwoLinksKeepsBothAndTheServedFolderGetsTheNewSite() throws {
        var site = SiteFixture()
        let (outer, root) = try Self.siteOnDisk(site)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let served = joinPath(outer, "srv/www"), middle = joinPath(outer, "srv/live")
        try Self.fm.createDirectory(atPath: served, withIntermediateDirectories: true)
        // The middle link is relative, as `ln -s www live` makes it.
        try Self.fm.createSymbolicLink(atPath: middle, withDestinationPath: "www")
        try Self.fm.createSymbolicLink(atPath: joinPath(root, "public"), withDestinationPath: middle)
        #expect(Self.build(root).succeeded)
        #expect(Self.fm.fileExists(atPath: joinPath(served, "zhengce/banfa/index.html")))

        site["content/pages/zhengce/banfa.md"] = nil
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        let again = Self.build(root)
        #expect(again.succeeded, "\(again.rendered)")
        // Both links are the user's: neither is replaced by a folder, and the folder they lead to is the one rebuilt.
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(root, "public")) == middle)
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: middle) == "www")
        #expect(!Self.fm.fileExists(atPath: joinPath(served, "zhengce/banfa/index.html")))
        #expect(Self.fm.fileExists(atPath: joinPath(served, "index.html")))
    }

    @Test func anOutputWrittenWithATrailingDotIsThatFolder() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        for output in [joinPath(root, "public") + "/.", joinPath(root, "public") + "/./"] {
            let report = Self.build(root, output: output)
            #expect(report.succeeded, "\(output): \(report.rendered)")
        }
        #expect(Self.fm.fileExists(atPath: joinPath(root, "public/index.html")))
        #expect(SiteVerifier.verify(joinPath(root, "public")).ok)
        #expect(!((try? Self.fm.contentsOfDirectory(atPath: root)) ?? []).contains { $0.contains("before-gongkai") })
    }

    @Test func aSecondBuildIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        var held = try DiskFileSystem().lockExclusively(joinPath(root, ".public.lock"))
        let refused = Self.build(root)
        #expect(!refused.succeeded)
        #expect(refused.first(.outputFolder)?.message.contains("另一个 gongkai build") == true, "\(refused.rendered)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public")))
        #expect(held != nil)
        held = nil
        #expect(Self.build(root).succeeded)
        #expect(!Self.fm.fileExists(atPath: joinPath(root, ".public.lock")))  // no lock files left behind
    }

    @Test func theCommandRefusesToOverwriteTheConfigurationOrTheSite() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let config = Self.text(joinPath(root, "gongkai.yaml"))
        let build = try CommandLineTests.run(["build", "--site", root, "--output", joinPath(root, "gongkai.yaml")])
        #expect(build.status == 1 && build.stderr.contains("error[GK005]"), "\(build.stderr)")
        #expect(build.stderr.contains("原有输出未被改动"))
        #expect(Self.text(joinPath(root, "gongkai.yaml")) == config)
        let bundle = try CommandLineTests.run(["bundle", "--site", root, "--year", "2025", "--stage", "accounts", "--output", root])
        #expect(bundle.status == 1 && bundle.stderr.contains("error[GK005]"), "\(bundle.stderr)")
        #expect(Self.text(joinPath(root, "gongkai.yaml")) == config)
        #expect(Self.fm.fileExists(atPath: joinPath(root, "content/projects/2025/JYJ-2025-001.md")))
        // --force-output replaces a folder gongkai did not build.
        let www = joinPath(outer, "www")
        try DiskFileSystem().write(Data("旧".utf8), to: joinPath(www, "old.html"))
        #expect(try CommandLineTests.run(["build", "--site", root, "--output", www]).status == 1)
        let forced = try CommandLineTests.run(["build", "--site", root, "--output", www, "--force-output"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!Self.fm.fileExists(atPath: joinPath(www, "old.html")))
    }

    @Test func leftoversOfAnInterruptedBuildAreCleanedAndDoNotBlock() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(Self.build(root).succeeded)
        // Old sites set aside carry the marker (or their manifest); a user's folder of the same name does not.
        for leftover in [".public.staging/junk.html", ".public.staging/.gongkai-staging", ".public.previous/old.html", ".public.previous/.gongkai-build.json",
                         ".public.previous-2/old.html", ".public.previous-2/manifest.json", ".public.previous-3/我的文件.txt"] {
            try DiskFileSystem().write(Data("旧".utf8), to: joinPath(root, leftover))
        }
        let report = Self.build(root)
        #expect(report.succeeded, "\(report.rendered)")
        // Old outputs are removed in the background: give that a moment. The staging folder was this build's (its junk
        // gone with it); the output it replaced passed the same audit and is kept as the spare.
        var names: [String] = []
        for _ in 0..<100 {
            names = try Self.fm.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".public.") }.sorted()
            if names == [".public.previous-3", ".public.spare"] { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(names == [".public.previous-3", ".public.spare"], "\(names)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/junk.html")))
        #expect(Self.fm.fileExists(atPath: joinPath(root, ".public.previous-3/我的文件.txt")))
    }

    /// A folder of the user's that happens to carry the staging folder's name is not gongkai's to
    /// delete: without the mark a build puts in its staging folder the build is refused, the folder kept.
    @Test func aStagingFolderGongkaiDidNotMakeIsKept() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(Self.build(root).succeeded)
        try DiskFileSystem().write(Data("我的论文".utf8), to: joinPath(root, ".public.staging/论文.txt"))
        let report = Self.build(root)
        #expect(!report.succeeded)
        let error = try #require(report.first(.outputFolder), "\(report.rendered)")
        #expect(error.message.contains(".public.staging") && error.message.contains("不是 gongkai 留下的"))
        #expect(Self.fm.contents(atPath: joinPath(root, ".public.staging/论文.txt")) == Data("我的论文".utf8))
        #expect(Self.fm.fileExists(atPath: joinPath(root, "public/index.html")))
        // Moved away, the next build goes ahead, and leaves no mark in the site it publishes.
        try Self.fm.moveItem(atPath: joinPath(root, ".public.staging"), toPath: joinPath(outer, "论文"))
        #expect(Self.build(root).succeeded)
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/.gongkai-staging")))
        #expect(!Self.fm.fileExists(atPath: joinPath(root, ".public.staging")))
    }

    /// A lock file that is a symbolic link is never followed: opening it to lock created the file it names
    /// (anywhere: `/etc/cron.d/x`), and the build went on as if nothing had happened.
    @Test func aLockFileThatIsALinkIsNotFollowed() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "elsewhere/made-by-lock")
        try Self.fm.createDirectory(atPath: parentFolder(of: target), withIntermediateDirectories: true)
        try Self.fm.createSymbolicLink(atPath: joinPath(root, ".public.lock"), withDestinationPath: target)
        let report = Self.build(root)
        #expect(!report.succeeded && report.first(.outputFolder) != nil, "\(report.rendered)")
        #expect(!Self.fm.fileExists(atPath: target))
        #expect(Self.fm.fileExists(atPath: joinPath(outer, "elsewhere")))
        #expect(throws: FileSystemError.self) { _ = try DiskFileSystem().lockExclusively(joinPath(root, ".public.lock")) }
        #expect(!Self.fm.fileExists(atPath: target))
    }

    /// An output inside another site — in a folder gongkai built (its next build deletes it, and meanwhile
    /// its manifest no longer matches), or in the content/ or theme of a site (a gongkai.yaml above) — is refused.
    @Test func anOutputInsideAnotherSiteIsRefused() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let other = joinPath(outer, "other")
        try Self.fm.createDirectory(atPath: other, withIntermediateDirectories: true)
        for path in try Self.fm.contentsOfDirectory(atPath: root) {
            try Self.fm.copyItem(atPath: joinPath(root, path), toPath: joinPath(other, path))
        }
        #expect(Self.build(other).succeeded)
        let before = try Self.fm.contentsOfDirectory(atPath: joinPath(other, "public")).sorted()
        for inside in ["public/sub", "public/assets/more", "content/pages/neu", "theme/assets/site"] {
            let report = Self.build(root, output: joinPath(other, inside))
            #expect(!report.succeeded && report.first(.outputFolder) != nil, "\(inside): \(report.rendered)")
            #expect(!Self.fm.fileExists(atPath: joinPath(other, inside)), "\(inside)")
        }
        #expect(try Self.fm.contentsOfDirectory(atPath: joinPath(other, "public")).sorted() == before)
        // A folder beside the other site is fine.
        #expect(Self.build(root, output: joinPath(outer, "www")).succeeded)
    }

    @Test func everyFolderASiteWasBuiltIntoIsRefusedForBundlesReportsAndExports() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let www = joinPath(outer, "www")
        #expect(Self.build(root, output: www).succeeded)
        let bundle = PeoplesCongressBundle().run(BundleOptions(
            siteRoot: root, selection: BundleSelection(year: 2025, stage: .accounts), outputPath: joinPath(www, "人大.zip")))
        #expect(!bundle.succeeded && bundle.diagnostics.first?.code == .reportPath, "\(bundle.diagnostics)")
        #expect(!Self.fm.fileExists(atPath: joinPath(www, "人大.zip")))
        let check = Pipeline().run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false, reportPath: joinPath(www, "内部报告.md")))
        #expect(check.first(.reportPath) != nil)
        #expect(!Self.fm.fileExists(atPath: joinPath(www, "内部报告.md")))
        let (csv, diagnostics) = ProjectExport.run(siteRoot: root, projectFile: joinPath(root, "content/projects/2025/JYJ-2025-001.md"),
                                                   layout: .targets, outputPath: joinPath(www, "t.csv"))
        #expect(csv == nil && diagnostics.first?.code == .reportPath)

        // A dangling link whose target would land in the published folder is caught too.
        let link = joinPath(outer, "表.csv")
        try Self.fm.createSymbolicLink(atPath: link, withDestinationPath: joinPath(www, "new.csv"))
        let (viaLink, linkDiagnostics) = ProjectExport.run(siteRoot: root, projectFile: joinPath(root, "content/projects/2025/JYJ-2025-001.md"),
                                                           layout: .targets, outputPath: link)
        #expect(viaLink == nil && linkDiagnostics.first?.code == .reportPath)
    }

    /// The internal report and an exported table replace only a file gongkai wrote before: never the
    /// site's gongkai.yaml, its publication record or any other file named by mistake.
    @Test func theReportAndAnExportNeverReplaceAFileGongkaiDidNotWrite() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let config = joinPath(root, "gongkai.yaml"), notes = joinPath(outer, "notes.md")
        try DiskFileSystem().write(Data("我的笔记".utf8), to: notes)
        let before = Self.text(config)
        for target in [config, notes] {
            let check = Pipeline().run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false, reportPath: target))
            #expect(check.first(.reportPath)?.message.contains("不是 gongkai 写的内部报告") == true, "\(check.rendered)")
            let (csv, diagnostics) = ProjectExport.run(siteRoot: root, projectFile: joinPath(root, "content/projects/2025/JYJ-2025-001.md"),
                                                       layout: .targets, outputPath: target)
            #expect(csv == nil && diagnostics.first?.message.contains("不是 gongkai 写的导出表格") == true, "\(diagnostics)")
        }
        #expect(Self.text(config) == before && Self.text(notes) == "我的笔记")
        // Its own earlier report and table are replaced.
        let report = joinPath(outer, "内部报告.md")
        for _ in 0..<2 { #expect(Pipeline().run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false, reportPath: report)).first(.reportPath) == nil) }
        let table = joinPath(outer, "表.csv")
        for _ in 0..<2 {
            let (csv, diagnostics) = ProjectExport.run(siteRoot: root, projectFile: joinPath(root, "content/projects/2025/JYJ-2025-001.md"),
                                                       layout: .targets, outputPath: table)
            #expect(diagnostics.isEmpty)
            try DiskFileSystem().write(try #require(csv), to: table)
        }
    }

    /// A clerk's own table whose first row is the national template's title (`项目支出绩效目标表`, as every 目标表 and 自评表
    /// starts) — the very CSV the project was imported from, saved by Excel with its rows padded, or written by hand — and
    /// notes whose title names the report (`# …预算绩效信息公开内部报告（手工整理）`) were taken for gongkai's own and
    /// replaced by `export --output` and `--report`: the clerk's file was lost. Only a file laid out as gongkai writes it
    /// is replaced now; an export opened and saved again in Excel (its rows padded, perhaps edited) is kept too.
    @Test func aClerksOwnTableOrNotesTitledAsGongkaiWritesThemAreNeverReplaced() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let project = joinPath(root, "content/projects/2025/JYJ-2025-001.md")
        let excel = "\u{FEFF}项目支出绩效目标表,,,,,,\r\n（2025年度）,,,,,,\r\n项目编号,JYJ-2025-001,,,,,\r\n项目名称,学生营养改善计划,,,,,\r\n"
        let byHand = "项目支出绩效自评表\n（2025年度）\n项目编号,JYJ-2025-001\n项目名称,学生营养改善计划\n"
        let (exported, _) = ProjectExport.run(siteRoot: root, projectFile: project, layout: .targets, outputPath: nil)
        let resaved = String(decoding: try #require(exported), as: UTF8.self).components(separatedBy: "\r\n")
            .map { $0.isEmpty ? $0 : $0 + String(repeating: ",", count: max(0, 8 - $0.filter { $0 == "," }.count)) }.joined(separator: "\r\n")
        for (name, text) in [("目标表.csv", excel), ("自评表.csv", byHand), ("导出后在Excel中保存.csv", resaved)] {
            let table = joinPath(outer, name)
            try DiskFileSystem().write(Data(text.utf8), to: table)
            let (csv, diagnostics) = ProjectExport.run(siteRoot: root, projectFile: project, layout: .targets, outputPath: table)
            #expect(csv == nil && diagnostics.first?.message.contains("不是 gongkai 写的导出表格") == true, "\(name): \(diagnostics)")
            #expect(Self.fm.contents(atPath: table) == Data(text.utf8), "\(name)")
        }
        let notes = joinPath(outer, "内部报告说明.md"), written = "# 测试市财政局预算绩效信息公开内部报告（手工整理）\n\n我的笔记\n"
        try DiskFileSystem().write(Data(written.utf8), to: notes)
        let check = Pipeline().run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false, reportPath: notes))
        #expect(check.first(.reportPath)?.message.contains("不是 gongkai 写的内部报告") == true, "\(check.rendered)")
        #expect(Self.text(notes) == written)
    }

    /// `gongkai import` followed a symbolic link on its way into the site: with `content/projects/2025` a link to a folder
    /// outside the site (a clerk's shared drive, another site), the new project file was written there — out of the
    /// site folder, and into a folder no build reads (links in content/ are GK001). Every folder on the way and the
    /// file itself are now checked before anything is written: a link is GK506 at the table, nothing written anywhere.
    @Test func importNeverWritesThroughASymbolicLink() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let csv = "项目支出绩效目标表\n（2025年度）\n项目编号,JYJ-2025-050\n项目名称,链接测试项目\n主管部门,测试市教育局\n年度总体目标,保障学生资助\n"
            + "绩效指标,一级指标,二级指标,三级指标,指标值,指标值确定依据\n,产出指标,数量指标,资助人数,≥10人,学籍统计\n"
        let table = joinPath(outer, "目标表.csv")
        try DiskFileSystem().write(Data(csv.utf8), to: table)
        let year = joinPath(root, "content/projects/2025"), elsewhere = joinPath(outer, "elsewhere")
        try Self.fm.moveItem(atPath: year, toPath: elsewhere)
        try Self.fm.createSymbolicLink(atPath: year, withDestinationPath: elsewhere)
        let viaFolder = SpreadsheetImport(fileSystem: DiskFileSystem()).run(ImportOptions(siteRoot: root, files: [table]))
        #expect(!viaFolder.succeeded && viaFolder.diagnostics.contains { $0.code == .importExists && $0.message.contains("符号链接") }, "\(viaFolder.diagnostics)")
        #expect(!Self.fm.fileExists(atPath: joinPath(elsewhere, "JYJ-2025-050.md")))
        // A link in place of the file itself, to a file outside the site: not replaced with --force, not followed.
        try Self.fm.removeItem(atPath: year)
        try Self.fm.moveItem(atPath: elsewhere, toPath: year)
        let victim = joinPath(outer, "victim.md")
        try DiskFileSystem().write(Data("别人的文件".utf8), to: victim)
        try Self.fm.createSymbolicLink(atPath: joinPath(year, "JYJ-2025-050.md"), withDestinationPath: victim)
        let viaFile = SpreadsheetImport(fileSystem: DiskFileSystem()).run(ImportOptions(siteRoot: root, files: [table], force: true))
        #expect(!viaFile.succeeded && viaFile.diagnostics.contains { $0.code == .importExists && $0.message.contains("符号链接") }, "\(viaFile.diagnostics)")
        #expect(Self.text(victim) == "别人的文件")
        // Without links the same table imports.
        try Self.fm.removeItem(atPath: joinPath(year, "JYJ-2025-050.md"))
        let plain = SpreadsheetImport(fileSystem: DiskFileSystem()).run(ImportOptions(siteRoot: root, files: [table]))
        #expect(plain.succeeded, "\(plain.diagnostics)")
        #expect(Self.fm.fileExists(atPath: joinPath(year, "JYJ-2025-050.md")))
    }

    /// A `gongkai deploy` target (what the web server serves) and any other folder gongkai built take no report, bundle or table.
    @Test func aDeployFolderTakesNoReportBundleOrTable() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let served = joinPath(outer, "srv")
        try DiskFileSystem().write(Data(), to: joinPath(served, Deployer.historyName))
        try DiskFileSystem().write(Data(), to: joinPath(served, "releases/abc/index.html"))
        let check = Pipeline().run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false, reportPath: joinPath(served, "releases/abc/内部报告.md")))
        #expect(check.first(.reportPath)?.message.contains("gongkai deploy 的发布目录") == true, "\(check.rendered)")
        let bundle = PeoplesCongressBundle().run(BundleOptions(
            siteRoot: root, selection: BundleSelection(year: 2025, stage: .accounts), outputPath: joinPath(served, "人大.zip")))
        #expect(!bundle.succeeded && bundle.diagnostics.first?.code == .reportPath, "\(bundle.diagnostics)")
        let copied = joinPath(outer, "copy-of-public")
        try DiskFileSystem().write(Data("{}".utf8), to: joinPath(copied, OutputFolder.markerName))
        let (csv, diagnostics) = ProjectExport.run(siteRoot: root, projectFile: joinPath(root, "content/projects/2025/JYJ-2025-001.md"),
                                                   layout: .targets, outputPath: joinPath(copied, "表.csv"))
        #expect(csv == nil && diagnostics.first?.message.contains("gongkai 生成的网站") == true, "\(diagnostics)")
    }

    /// A one-character output, report or bundle path (`--output x`) works: Foundation's path helper trapped on it.
    @Test func oneCharacterPathsWork() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let built = try CommandLineTests.run(["build", "--output", "x"], in: root)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(Self.fm.fileExists(atPath: joinPath(root, "x/index.html")))
        let checked = try CommandLineTests.run(["check", "--report", "r"], in: outer + "/site")
        #expect(checked.status == 0 && Self.text(joinPath(root, "r"))?.contains("内部报告") == true, "\(checked.stderr)")
        #expect(parentFolder(of: "x") == "" && parentFolder(of: "/x") == "/" && parentFolder(of: "a/b/") == "a" && parentFolder(of: "/a//b") == "/a")
    }

    /// A symbolic link in the theme is never followed: it could publish any file of the machine as an asset.
    @Test func aSymbolicLinkInTheThemeIsAnError() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        try DiskFileSystem().write(Data("机密文件内容".utf8), to: joinPath(outer, "secret.txt"))
        try Self.fm.createSymbolicLink(atPath: joinPath(root, "theme/assets/leak.css"), withDestinationPath: joinPath(outer, "secret.txt"))
        let report = Self.build(root)
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.code == .unreadableFile && $0.location.file.hasSuffix("theme/assets/leak.css") && $0.message.contains("符号链接") },
                "\(report.rendered)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/assets/leak.css")))
    }

    /// The theme folder itself, or a folder on the way to it (`theme: looks/blue` with `looks` a link),
    /// is never followed either: every file under it would be published from outside the site.
    @Test func aThemeFolderReachedThroughALinkIsAnError() throws {
        for configured in ["theme", "looks/blue"] {
            let (outer, root) = try Self.siteOnDisk()
            defer { try? Self.fm.removeItem(atPath: outer) }
            let elsewhere = joinPath(outer, "elsewhere")
            let themeOutside = configured == "theme" ? elsewhere : joinPath(elsewhere, "blue")
            try Self.fm.createDirectory(atPath: parentFolder(of: themeOutside), withIntermediateDirectories: true)
            try Self.fm.moveItem(atPath: joinPath(root, "theme"), toPath: themeOutside)
            try DiskFileSystem().write(Data("站外机密文件".utf8), to: joinPath(themeOutside, "assets/leak.txt"))
            let linked = configured == "theme" ? "theme" : "looks"
            try Self.fm.createSymbolicLink(atPath: joinPath(root, linked), withDestinationPath: elsewhere)
            if configured != "theme" { try DeployTests.appendConfig(root, "theme: \(configured)\n") }
            let report = Self.build(root)
            #expect(!report.succeeded, "\(configured)")
            #expect(report.diagnostics.contains { $0.code == .unreadableFile && $0.location.file.hasSuffix(linked) && $0.message.contains("符号链接") },
                    "\(configured): \(report.rendered)")
            #expect(!Self.fm.fileExists(atPath: joinPath(root, "public/assets/leak.txt")), "\(configured)")
        }
    }

    /// Two theme files whose names are one on some disk: the same letters composed two ways (`é` as one
    /// character and as `e` + U+0301: Swift's strings are equal, so one file silently replaced the other),
    /// differing in case, or by a trailing dot or space (Windows hosting and macOS copies keep one of them).
    @Test func themeFilesWhoseNamesAreOneOnSomeDiskAreAnError() throws {
        let twins = [("café.txt", "cafe\u{301}.txt"), ("Logo.css", "logo.css"), ("trail.", "trail"), ("x ", "x")]
        for (first, second) in twins {
            let (outer, root) = try Self.siteOnDisk()
            defer { try? Self.fm.removeItem(atPath: outer) }
            try DiskFileSystem().write(Data("甲".utf8), to: joinPath(root, "theme/assets", first))
            try DiskFileSystem().write(Data("乙".utf8), to: joinPath(root, "theme/assets", second))
            #expect(Set(try Self.fm.contentsOfDirectory(atPath: joinPath(root, "theme/assets")).map { Array($0.utf8) })
                .isSuperset(of: [Array(first.utf8), Array(second.utf8)]))
            let report = Self.build(root)
            #expect(!report.succeeded, "\(first)")
            let conflict = try #require(report.first(.pathConflict), "\(first): \(report.rendered)")
            #expect(conflict.location.file.hasPrefix(joinPath(root, "theme/assets/")), "\(conflict)")
        }
        // One file replacing a built-in one by its own name is the theme's way, not a conflict.
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        try DiskFileSystem().write(Data("body{}".utf8), to: joinPath(root, "theme/assets/style.css"))
        #expect(Self.build(root).succeeded)
    }

    /// A folder of content or of the theme that cannot be opened (`chmod 000`, another user's) is an error
    /// at that folder, never an empty one: a year of projects, a section of pages or the site's own CSS
    /// went missing from the website without a word.
    @Test(arguments: ["content/projects/2025", "content/pages/zhengce", "theme/assets", "theme"])
    func aFolderThatCannotBeOpenedIsAnErrorNotAnEmptyFolder(folder: String) throws {
        var fixture = SiteFixture()
        fixture["content/pages/zhengce/banfa.md"] = "---\ntitle: 管理办法\ndate: 2025-03-01\n---\n正文\n"
        let fs = FaultyFileSystem(fixture.fileSystem())
        fs.unreadableFolders.withLock { $0 = [folder] }
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(!report.succeeded, "\(folder)")
        let error = try #require(report.first(.unreadableFile), "\(folder): \(report.rendered)")
        #expect(error.location.file == folder && error.message.contains("没有权限"), "\(error)")
        #expect(!fs.base.isDirectory("public"))
    }

    /// The disk's listing says which folder it could not open (as root every folder opens: run unprivileged).
    @Test(.enabled(if: geteuid() != 0)) func theDiskListingThrowsForAFolderItCannotOpen() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: joinPath(root, "content/projects/2025")); try? Self.fm.removeItem(atPath: outer) }
        try Self.fm.setAttributes([.posixPermissions: 0], ofItemAtPath: joinPath(root, "content/projects/2025"))
        let error = #expect(throws: FileSystemError.self) { try DiskFileSystem().listFiles(under: joinPath(root, "content")) }
        #expect(error?.path == joinPath(root, "content/projects/2025") && error?.reason.contains("没有权限") == true, "\(String(describing: error))")
        let report = Self.build(root)
        #expect(report.first(.unreadableFile)?.location.file == joinPath(root, "content/projects/2025"), "\(report.rendered)")
    }

    /// `gongkai new ""` (a script's unset variable) does not scaffold into the current folder; `verify ""` ends.
    @Test func emptyPathArgumentsAreRefused() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let config = Self.text(joinPath(root, "gongkai.yaml"))
        let new = try CommandLineTests.run(["new", ""], in: root)
        #expect(new.status != 0 && new.stderr.contains("没有给出文件夹名"), "\(new.stderr)")
        #expect(Self.text(joinPath(root, "gongkai.yaml")) == config)
        let verify = try CommandLineTests.run(["verify", ""], in: root)
        #expect(verify.status == 1 && verify.stderr.contains("没有给出要核验的路径"), "\(verify.stderr)")
    }

    @Test func buildsOfOneSiteIntoDifferentFoldersRunTogetherAndAreAllRemembered() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let outputs = (1...4).map { joinPath(outer, "www\($0)") }
        let results = Mutex<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: outputs.count) { i in
            let ok = Self.build(root, output: outputs[i]).succeeded
            results.withLock { $0.append(ok) }
        }
        #expect(results.withLock { $0 } == [true, true, true, true])
        let remembered = OutputFolder.rememberedOutputs(fileSystem: DiskFileSystem(), siteRoot: root)
        #expect(Set(remembered) == Set(outputs.map { PublishedFolders.canonical($0) }), "\(remembered)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, ".gongkai/outputs.lock")))
    }

    @Test func bundleNeverReplacesAFolderOrAFileItDidNotWrite() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        func bundle(_ path: String) -> BundleResult {
            PeoplesCongressBundle().run(BundleOptions(siteRoot: root, selection: BundleSelection(year: 2025, stage: .accounts), outputPath: path))
        }
        let records = joinPath(outer, "档案")
        try DiskFileSystem().write(Data("多年的记录".utf8), to: joinPath(records, "2019.txt"))
        for path in [records, root, outer] {
            let result = bundle(path)
            #expect(!result.succeeded && result.diagnostics.first?.code == .outputFolder, "\(path): \(result.diagnostics)")
        }
        #expect(Self.text(joinPath(records, "2019.txt")) == "多年的记录")
        #expect(Self.fm.fileExists(atPath: joinPath(root, "gongkai.yaml")))
        let letter = joinPath(outer, "报送函.zip")
        try DiskFileSystem().write(Data("不是压缩包".utf8), to: letter)
        #expect(bundle(letter).diagnostics.first?.code == .outputFolder)
        #expect(Self.text(letter) == "不是压缩包")
        // Its own earlier bundle is replaced.
        let zip = joinPath(outer, "人大.zip")
        #expect(bundle(zip).succeeded)
        let again = bundle(zip)
        #expect(again.succeeded, "\(again.diagnostics)")
    }

    @Test func symlinksInContentAreNeverFollowedFilesAndFoldersAlike() throws {
        let (outer, root) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let secret = joinPath(outer, "secret")
        try DiskFileSystem().write(Data("---\ntitle: 站外机密文件\ndate: 2025-03-01\n---\n站外机密正文\n".utf8), to: joinPath(secret, "a.md"))
        try Self.fm.createSymbolicLink(atPath: joinPath(root, "content/pages/zhengce/wai.md"), withDestinationPath: joinPath(secret, "a.md"))
        try Self.fm.createSymbolicLink(atPath: joinPath(root, "content/pages/waibu"), withDestinationPath: secret)
        let report = Self.build(root)
        #expect(!report.succeeded)
        let linked = report.diagnostics.filter { $0.code == .unreadableFile && $0.message.contains("符号链接") }.map(\.location.file)
        #expect(linked.contains { $0.hasSuffix("content/pages/zhengce/wai.md") }, "\(report.rendered)")
        #expect(linked.contains { $0.hasSuffix("content/pages/waibu") }, "\(report.rendered)")
        #expect(!Self.fm.fileExists(atPath: joinPath(root, "public")))
    }

    @Test func writeFailuresSayWhatFailedAndAnOldOutputThatCannotBeDeletedDoesNotFailTheBuild() throws {
        let fs = FaultyFileSystem(SiteFixture().fileSystem())
        func build() -> BuildReport { Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)) }
        #expect(build().succeeded)
        let before = fs.base.outputTexts()

        fs.failWrites.withLock { $0 = true }
        let full = build()
        #expect(!full.succeeded)
        let failure = try #require(full.first(.writeFailed), "\(full.rendered)")
        #expect(failure.message.contains("无法写入网站文件") && failure.message.contains("磁盘空间不足"))
        #expect(full.first(.themeTemplate) == nil)
        #expect(fs.base.outputTexts() == before)
        fs.failWrites.withLock { $0 = false }

        fs.failRemoves.withLock { $0 = true }
        // Without the audit record the old output is not known to pass this audit: it is removed, not kept as the spare.
        try fs.base.remove(AuditRecord.path(siteRoot: "."))
        let stuck = build()
        #expect(stuck.succeeded, "\(stuck.rendered)")
        #expect(stuck.warnings.contains { $0.code == .writeFailed && $0.message.contains("新网站已生成") })
        #expect(fs.base.isDirectory(".public.previous"))
        fs.failRemoves.withLock { $0 = false }
        #expect(build().succeeded)
        #expect(!fs.base.isDirectory(".public.previous") && !fs.base.isDirectory(".public.previous-2"))
    }

    /// Where files cannot be shared (no hard links: FAT, some network shares), a rebuild asks once,
    /// then writes every file, and the output is the same.
    @Test func withoutHardLinksARebuildStopsAskingAndWrites() throws {
        let fs = FaultyFileSystem(SiteFixture().fileSystem())
        func build() -> BuildReport { Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)) }
        #expect(build().succeeded)
        #expect(fs.reuseCalls.withLock { $0 } == 0, "nothing to share on a first build")
        let before = fs.base.outputTexts()
        let again = build()
        #expect(again.succeeded && again.filesUnchanged == 0)
        #expect(fs.reuseCalls.withLock { $0 } <= 2, "asked once per thread at most, not once a file")
        #expect(fs.base.outputTexts() == before)
    }

    @Test func fileSystemErrorsAreDescribedInChinese() throws {
        let (outer, _) = try Self.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(throws: FileSystemError.self) { try DiskFileSystem().write(Data(), to: joinPath(outer, "site/gongkai.yaml/x")) }
        do { try DiskFileSystem().write(Data(), to: joinPath(outer, "site/gongkai.yaml/x")) } catch {
            #expect("\(error)".contains("无法写入："), "\(error)")
            #expect(!"\(error)".contains("The operation"), "\(error)")
        }
        #expect(FileSystemError.describe(POSIXError(.ENOSPC)) == "磁盘空间不足")
    }
}

/// A memory file system whose writes into the staging folder, or removals of old outputs, fail on demand.
final class FaultyFileSystem: FileSystem {
    let base: MemoryFileSystem
    let failWrites = Mutex(false)
    let failRemoves = Mutex(false)
    /// Renames of the staging folder (the swap's second step) fail.
    let failSwaps = Mutex(false)

    /// Calls to `reuse`, which answers as a file system without hard links does.
    let reuseCalls = Mutex(0)

    init(_ base: MemoryFileSystem) { self.base = base }

    func reuse(_ existing: String, for data: Data, at path: String) -> FileReuse {
        reuseCalls.withLock { $0 += 1 }
        return .impossible
    }

    func read(_ path: String) throws -> Data { try base.read(path) }
    func isFile(_ path: String) -> Bool { base.isFile(path) }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    /// Folders that cannot be opened (`chmod 000`, another user's): listing one, or a folder holding one,
    /// throws naming it, as the disk's listing does.
    let unreadableFolders = Mutex<[String]>([])
    func listFiles(under directory: String, includingHidden: Bool) throws -> [String] {
        let plain = directory.hasPrefix("./") ? String(directory.dropFirst(2)) : directory
        if let folder = unreadableFolders.withLock({ $0 }).first(where: { $0 == plain || $0.hasPrefix(plain + "/") }) {
            throw FileSystemError(path: directory + folder.dropFirst(plain.count), reason: "无法打开文件夹：没有权限")
        }
        return try base.listFiles(under: directory, includingHidden: includingHidden)
    }
    func write(_ data: Data, to path: String) throws {
        if failWrites.withLock({ $0 }), path.contains(".public.staging/projects/") {
            throw FileSystemError(path: path, reason: "无法写入：磁盘空间不足")
        }
        try base.write(data, to: path)
    }
    func remove(_ path: String) throws {
        if failRemoves.withLock({ $0 }), path.contains(".public.previous") {
            throw FileSystemError(path: path, reason: "无法删除：正在被其他程序使用")
        }
        try base.remove(path)
    }
    func move(_ source: String, to destination: String) throws {
        if failSwaps.withLock({ $0 }), source.hasSuffix(".public.staging") {
            throw FileSystemError(path: source, reason: "无法改名：设备忙")
        }
        try base.move(source, to: destination)
    }
    /// As a file system without an atomic exchange: the swap takes its two renames.
    func exchange(_ a: String, _ b: String) throws -> Bool { false }
    func entries(in directory: String) -> [String] { base.entries(in: directory) }
    func symlinkDestination(_ path: String) -> String? { nil }
    func lockExclusively(_ path: String) throws -> FileLock? { nil }
}
