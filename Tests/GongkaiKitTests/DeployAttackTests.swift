import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Found by attacking `deploy`, `verify`, `key` and the publication record as users and attackers
/// would: each test is one way the promises (nothing half-written goes live, verify sees every added
/// file, a key is never overwritten, the record loses no release) were broken.
@Suite("Deploy attacks")
struct DeployAttackTests {
    static let fm = FileManager.default

    /// The site rebuilt once and checked as deploy checks it, then rebuilt again, as a build running
    /// beside the deploy would leave it between the check and the copy.
    static func checkedThenRebuilt(root: String, output: String) throws -> Deployer.Built {
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: banfa, encoding: .utf8) + "\n修订一。\n").write(toFile: banfa, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        let checked = try Deployer.checkBuilt(output)
        try (try String(contentsOfFile: banfa, encoding: .utf8) + "\n修订二。\n").write(toFile: banfa, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        return checked
    }

    /// `deploy --to public/live`: the next `gongkai build` replaces public/ whole, and the live site
    /// (current, every release, the history) went with it. A target inside a built site or inside
    /// another deploy target is refused before anything is made.
    @Test func aTargetInsideABuiltSiteOrAnotherTargetIsRefused() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        for target in [joinPath(output, "live"), joinPath(output, "data/live"), output] {
            let refusal = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target) }
            #expect(refusal?.description.contains("发布目录") == true, "\(String(describing: refusal))")
        }
        #expect(!Self.fm.fileExists(atPath: joinPath(output, "live")) && SiteVerifier.verify(output).ok)
        let srv = joinPath(outer, "srv")
        let first = try Deployer.deploy(site: output, to: srv)
        let nested = joinPath(srv, Deployer.releasesName, first.rootDigest, "x")
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: nested) }
        #expect(SiteVerifier.verify(joinPath(srv, "current")).ok)
    }

    /// A release folder already named with the new digest but holding another site (an older release
    /// copied there, by mistake or by an intruder) verifies on its own and was reused: deploy reported
    /// the new digest while the old site stayed served, and a withdrawal never went live.
    @Test func aReleaseFolderHoldingAnotherSiteIsReplacedNotReused() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let first = try Deployer.deploy(site: output, to: target)
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        #expect(SafeOutputTests.build(root).succeeded)
        let newDigest = try Deployer.checkBuilt(output).digest
        try Self.fm.copyItem(atPath: joinPath(target, Deployer.releasesName, first.rootDigest),
                             toPath: joinPath(target, Deployer.releasesName, newDigest))
        let second = try Deployer.deploy(site: output, to: target)
        #expect(second.rootDigest == newDigest)
        let served = SiteVerifier.verify(joinPath(target, "current"))
        #expect(served.ok && served.rootDigest == newDigest, "\(served.rootDigest ?? "-")")
        #expect(!Self.fm.fileExists(atPath: joinPath(target, "current/zhengce/banfa/index.html")))
    }

    /// A build (or `gongkai serve` rebuilding) that swaps public/ while deploy copies it: each file came
    /// from whichever site was there at that moment, and the mixture went live under the checked digest
    /// (a loop of deploys beside a loop of builds served a broken site 4 times in 40).
    @Test func aSiteRebuiltDuringTheCopyNeverGoesLive() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let first = try Deployer.deploy(site: output, to: target)
        let checked = try Self.checkedThenRebuilt(root: root, output: output)
        let refusal = #expect(throws: Deployer.Refusal.self) { try Deployer.locked(target) { try Deployer.deployLocked(checked, to: target, keep: 5) } }
        #expect(refusal?.description.contains("当前网站未被改动") == true, "\(String(describing: refusal))")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current")) == "releases/\(first.rootDigest)")
        #expect(!Self.fm.fileExists(atPath: joinPath(target, Deployer.releasesName, checked.digest)))
        #expect(SiteVerifier.verify(joinPath(target, "current")).ok)
    }

    /// A deploy that switched `current` but did not write the record (killed, or the record could not
    /// be written: "网站已发布，但无法写入更新记录") was run again: the release was then compared with
    /// itself and recorded with no changes, so its withdrawals and additions were lost for good.
    @Test func aReleaseServedButNotRecordedIsRecordedWithItsChangesWhenRunAgain() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let record = joinPath(root, PublicationRecord.fileName)
        _ = try Deployer.deploy(site: output, to: target, record: record)
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        #expect(SafeOutputTests.build(root).succeeded)
        _ = try Deployer.deploy(site: output, to: target) // switched; the record write never happened
        let again = try Deployer.deploy(site: output, to: target, record: record)
        let entry = try #require(again.recorded)
        #expect(entry.changes.contains { $0.path == "zhengce/banfa/" && $0.change == .withdrawn }, "\(entry.changes)")
    }

    /// An `ssh` that runs the command on this machine, as sshd would (`sh -c`, options and host dropped),
    /// so the remote deploy's rsync and scripts run for real without an SSH server. Nil, with a message,
    /// when rsync or sha256sum is missing.
    /// `folder` (inside `outer`) may hold spaces and quotes: `DeployLeftoverTests` checks that rsync's `-e` gets it whole.
    static func localSSH(_ outer: String, folder: String? = nil) throws -> [String]? {
        guard RemoteDeployer.which("rsync") != nil, RemoteDeployer.which("sha256sum") != nil, RemoteDeployer.which("flock") != nil else {
            print("跳过：需要 rsync、sha256sum 和 flock")
            return nil
        }
        let path = joinPath(folder.map { joinPath(outer, $0) } ?? outer, "local-ssh")
        if let folder { try fm.createDirectory(atPath: joinPath(outer, folder), withIntermediateDirectories: true) }
        let script = """
        #!/bin/sh
        while [ $# -gt 0 ]; do
          case "$1" in
            -o|-p|-i|-l) shift 2 ;;
            -*) shift ;;
            *) shift; break ;;
          esac
        done
        # DeployLeftoverTests: with GONGKAI_TEST_PAUSE set, the first rsync copies and then hangs, so
        # the deploy can be killed mid-way; the pid to end it with is written to that file.
        if [ -n "${GONGKAI_TEST_PAUSE:-}" ] && [ ! -e "$GONGKAI_TEST_PAUSE" ]; then
          case "$*" in
            "rsync --server"*) sh -c "$*" || exit $?; echo $$ > "$GONGKAI_TEST_PAUSE.new"; mv "$GONGKAI_TEST_PAUSE.new" "$GONGKAI_TEST_PAUSE"; exec sleep 60 ;;
          esac
        fi
        exec sh -c "$*"

        """
        // Written through a descriptor closed on exec: a child another test spawns meanwhile would
        // otherwise hold the script open for writing, and running it would fail (Text file busy).
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw Deployer.Refusal(description: "cannot write \(path)") }
        let bytes = Array(script.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw Deployer.Refusal(description: "cannot write \(path)") }
        return [path]
    }

    /// The copy race of `aSiteRebuiltDuringTheCopyNeverGoesLive` over SSH: rsync read public/ after it
    /// was checked, so a build swapping a new site in put the new files live under the checked digest
    /// (or a mixture, when the swap fell inside the copy). The copy is checked on the remote against the
    /// manifest checked here before `current` is switched. The target's path has spaces.
    @Test func aSiteRebuiltDuringTheRemoteCopyNeverGoesLive() throws {
        let (outer, root, output) = try DeployTests.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try Self.localSSH(outer) else { return }
        let folder = joinPath(outer, "remote srv/gong kai")
        let target = RemoteDeployer.Target(host: "deploy@web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let checked = try Self.checkedThenRebuilt(root: root, output: output)
        let refusal = #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.deploy(checked, to: target, keep: 5, ssh: ssh, record: nil) }
        #expect(refusal?.description.contains("复制期间被改动") == true && refusal?.description.contains("当前网站未被改动") == true, "\(String(describing: refusal))")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(folder, "current")) == "releases/\(first.rootDigest)")
        let left = try Self.fm.contentsOfDirectory(atPath: joinPath(folder, Deployer.releasesName))
        #expect(left == [first.rootDigest], "\(left)")
        let served = SiteVerifier.verify(joinPath(folder, "current"), key: try DeployTests.publicKey(outer))
        #expect(served.ok && served.rootDigest == first.rootDigest)
        // A file put into the site after the check (not listed, so no digest to fail) is one too many.
        let rebuilt = try Deployer.checkBuilt(output)
        try Data("Options +Includes".utf8).write(to: URL(fileURLWithPath: joinPath(output, ".htaccess")))
        let planted = #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.deploy(rebuilt, to: target, keep: 5, ssh: ssh, record: nil) }
        #expect(planted?.description.contains("复制期间被改动") == true, "\(String(describing: planted))")
        #expect(try Self.fm.contentsOfDirectory(atPath: joinPath(folder, Deployer.releasesName)) == [first.rootDigest])
        try Self.fm.removeItem(atPath: joinPath(output, ".htaccess"))
        // Once the build is done, the site deploys and verifies with its signature.
        let second = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let now = SiteVerifier.verify(joinPath(folder, "current"), key: try DeployTests.publicKey(outer))
        #expect(now.ok && now.signature == "valid" && now.rootDigest == second.rootDigest, "\(now.problems) \(now.changed) \(now.extra)")
    }

    /// The list the remote checks the copy with is read by GNU sha256sum: names with spaces, a newline
    /// or a carriage return (escaped as sha256sum writes them) are found; a changed file is not passed.
    @Test func theRemoteChecklistReadsOddNamesWithSha256sum() throws {
        guard RemoteDeployer.which("sha256sum") != nil else { print("跳过：需要 sha256sum"); return }
        let folder = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-sums-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: folder) }
        let names = ["a b  c.html", "x\ny.html", "p\r\nq.html", "目录/页 面.html"]
        for name in names { try DiskFileSystem().write(Data(name.utf8), to: joinPath(folder, name)) }
        var manifest = SiteManifest(title: "t", publisher: "p", baseURL: "https://example.org/", date: nil, inputsSHA256: "",
                                    files: names.map { .init(path: $0, size: $0.utf8.count, sha256: Digest.sha256(Data($0.utf8))) })
        func check() throws -> Int32 {
            let list = folder + ".sums"
            try RemoteDeployer.checklist(manifest).write(to: URL(fileURLWithPath: list))
            defer { try? Self.fm.removeItem(atPath: list) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(RemoteDeployer.which("sha256sum")))
            process.arguments = ["--check", "--quiet", "--strict", list]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try check() == 0)
        manifest.files[2].sha256 = Digest.sha256(Data("other".utf8))
        #expect(try check() != 0)
    }

    /// `aReleaseServedButNotRecordedIsRecordedWithItsChangesWhenRunAgain` over SSH: the remote deploy
    /// compared the release with itself and recorded `changes: []`, losing the withdrawal.
    @Test func aReleaseServedRemotelyButNotRecordedIsRecordedWithItsChangesWhenRunAgain() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try Self.localSSH(outer) else { return }
        let target = RemoteDeployer.Target(host: "web1", path: joinPath(outer, "remote srv"))
        let record = joinPath(root, PublicationRecord.fileName)
        _ = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh, record: record)
        try Self.fm.removeItem(atPath: joinPath(root, "content/pages/zhengce/banfa.md"))
        #expect(SafeOutputTests.build(root).succeeded)
        _ = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh) // switched; the record write never happened
        let again = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh, record: record)
        let entry = try #require(again.recorded)
        #expect(entry.changes.contains { $0.path == "zhengce/banfa/" && $0.change == .withdrawn }, "\(entry.changes)")
    }

    /// The rest of gongkai refuses YAML anchors and aliases (an alias bomb); the record took them: 50 KB
    /// of record made a 13 MB 更新记录 page and a 20-second build. A repeated key was "无法解析" at 1:1.
    @Test(arguments: [
        ("releases:\n  - root: \"R\"\n    changes: &c []\n  - {root: \"R\", changes: *c}\n", 3, "别名"),
        ("releases:\n  - root: \"R\"\n    changes: []\n    root: \"R\"\n", 2, "重复"),
    ])
    func aliasesAndRepeatedKeysInTheRecordAreNamedAtTheirLine(text: String, line: Int, names: String) throws {
        var fixture = SiteFixture()
        fixture.files[PublicationRecord.fileName] = text.replacingOccurrences(of: "\"R\"", with: "\"\(String(repeating: "3", count: 64))\"")
        let report = fixture.check()
        let error = try #require(report.first(.publicationRecord), "\(report.rendered)")
        #expect(error.location.line == line && error.message.contains(names), "\(error)")
    }

    /// Two `key new` into one folder at once both passed the "already there" check and the later one
    /// renamed its key over the first (whose fingerprint may already have been announced); the private
    /// key was also written 0644 and only then made 0600. Exactly one may win, owner-only from the start.
    @Test func concurrentKeyNewWritesExactlyOneKey() throws {
        let folder = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-keys-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: folder) }
        try Self.fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let results = concurrentMap(16, jobs: 16) { _ in (try? SigningKey.create(in: folder))?.fingerprint }
        let winners = results.compactMap { $0 }
        #expect(winners.count == 1, "\(winners.count) 次生成都报告成功")
        let key = try #require(SigningKey.privateKey(fromPEM: try String(contentsOfFile: joinPath(folder, SigningKey.privateFileName), encoding: .utf8)))
        #expect(SigningKey.fingerprint(key.publicKey) == winners.first)
        #expect(Self.fm.fileExists(atPath: joinPath(folder, SigningKey.publicFileName)))
    }

    /// Swift compares strings by canonical equivalence: a planted file whose name is the NFD spelling of
    /// a listed NFC name (a different file on Linux, served at a different address) was not "extra".
    @Test func aFileNamedLikeAListedOneInAnotherNormalisationIsExtra() throws {
        let folder = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-nfd-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: folder) }
        let listed = "caf\u{E9}.html", planted = "cafe\u{301}.html"
        try DiskFileSystem().write(Data("ok".utf8), to: joinPath(folder, listed))
        let manifest = SiteManifest(title: "t", publisher: "p", baseURL: "https://example.org/", date: nil, inputsSHA256: "",
                                    files: [.init(path: listed, size: 2, sha256: Digest.sha256(Data("ok".utf8)))])
        try DiskFileSystem().write(manifest.encoded, to: joinPath(folder, SiteManifest.fileName))
        #expect(SiteVerifier.verify(folder).ok)
        try DiskFileSystem().write(Data("<script>".utf8), to: joinPath(folder, planted))
        let result = SiteVerifier.verify(folder)
        #expect(!result.ok && result.extra.count == 1 && Array(result.extra.first?.utf8 ?? "".utf8) == Array(planted.utf8), "\(result.extra)")
    }

    /// A local rollback checks the release it goes back to; the remote one only asked `[ -d releases/<digest> ]`,
    /// so over SSH a release defaced on the server, one given a planted `.htaccess`, one whose signature
    /// was swapped, or a release replaced by a link to a folder anywhere on the server went live, and the
    /// release served was deleted. Each is refused, the site served and its release stay; the intact
    /// release is then rolled back to and verifies with its signature.
    @Test func aRemoteRollbackChecksTheReleaseItGoesBackTo() throws {
        let (outer, root, output) = try DeployTests.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try Self.localSSH(outer) else { return }
        let folder = joinPath(outer, "remote srv")
        let target = RemoteDeployer.Target(host: "deploy@web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let page = joinPath(root, "content/pages/zhengce/banfa.md")
        try (String(contentsOfFile: page, encoding: .utf8) + "\n第二版。\n").write(toFile: page, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        #expect(first.rootDigest != second.rootDigest)
        let old = joinPath(folder, Deployer.releasesName, first.rootDigest)
        let aside = joinPath(outer, "aside")
        try Self.fm.copyItem(atPath: old, toPath: aside)
        func expectRefused(_ what: String) {
            let refusal = #expect(throws: Deployer.Refusal.self, "\(what)") { try RemoteDeployer.rollback(target, ssh: ssh) }
            #expect(refusal?.description.contains("当前网站不变") == true, "\(what): \(String(describing: refusal))")
            #expect((try? Self.fm.destinationOfSymbolicLink(atPath: joinPath(folder, "current"))) == "releases/\(second.rootDigest)", "\(what)")
            #expect(SiteVerifier.verify(joinPath(folder, "current")).ok, "\(what): the release served is still there")
        }
        // A defaced page.
        let index = joinPath(old, "index.html")
        try (String(contentsOfFile: index, encoding: .utf8) + "<p>defaced</p>").write(toFile: index, atomically: true, encoding: .utf8)
        expectRefused("defaced")
        // A planted .htaccess beside intact files.
        try Self.fm.removeItem(atPath: old); try Self.fm.copyItem(atPath: aside, toPath: old)
        try Data("Options +Includes".utf8).write(to: URL(fileURLWithPath: joinPath(old, ".htaccess")))
        expectRefused("htaccess")
        // The signature of another release.
        try Self.fm.removeItem(atPath: old); try Self.fm.copyItem(atPath: aside, toPath: old)
        try Self.fm.removeItem(atPath: joinPath(old, SiteManifest.signatureName))
        try Self.fm.copyItem(atPath: joinPath(folder, Deployer.releasesName, second.rootDigest, SiteManifest.signatureName), toPath: joinPath(old, SiteManifest.signatureName))
        expectRefused("signature")
        // The release replaced by a link to a folder elsewhere (holding the very same files).
        try Self.fm.removeItem(atPath: old)
        try Self.fm.createSymbolicLink(atPath: old, withDestinationPath: aside)
        expectRefused("link")
        #expect(Self.fm.fileExists(atPath: joinPath(aside, "index.html")), "the folder the link named is untouched")
        // The release intact: rolled back to, verified with its signature.
        try Self.fm.removeItem(atPath: old); try Self.fm.copyItem(atPath: aside, toPath: old)
        let back = try RemoteDeployer.rollback(target, ssh: ssh)
        #expect(back.rootDigest == first.rootDigest)
        let served = SiteVerifier.verify(joinPath(folder, "current"), key: try DeployTests.publicKey(outer))
        #expect(served.ok && served.signature == "valid" && served.rootDigest == first.rootDigest, "\(served.problems) \(served.changed) \(served.extra)")
    }

    /// A target in the site's content/ or theme was accepted: its `current` link then stopped every build
    /// (GK001, gongkai follows no link there) and a theme's assets/ would publish the releases. Refused, from
    /// the library with the record beside gongkai.yaml and from the command; a folder beside them is fine.
    @Test func aTargetInsideTheSiteContentOrThemeIsRefused() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let record = joinPath(root, PublicationRecord.fileName)
        for target in [joinPath(root, "content/live"), joinPath(root, "content/pages/live"), joinPath(root, "theme/assets/live")] {
            let refusal = #expect(throws: Deployer.Refusal.self, "\(target)") { try Deployer.deploy(site: output, to: target, record: record) }
            #expect(refusal?.description.contains("发布目录") == true, "\(String(describing: refusal))")
            #expect(!Self.fm.fileExists(atPath: target), "\(target)")
        }
        let run = try CommandLineTests.run(["deploy", "--site", root, "--to", joinPath(root, "content/live")])
        #expect(run.status == 1 && !Self.fm.fileExists(atPath: joinPath(root, "content/live")), "\(run.stderr)")
        #expect(SafeOutputTests.build(root).succeeded)
        _ = try Deployer.deploy(site: output, to: joinPath(root, "deploy-out"), record: record)
        #expect(SafeOutputTests.build(root).succeeded)
    }

    /// gongkai never makes a symbolic link inside a site. A listed file replaced by a link to an identical
    /// copy elsewhere verified (the check follows links) and was deployed: over SSH rsync sends the link
    /// itself, so the release served points at a file outside it, which can change or vanish (an old
    /// release pruned) with no deploy. `verify` reports such a link and deploy refuses the site.
    @Test func aLinkInsideTheSiteIsReportedAndRefused() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let copy = joinPath(outer, "robots-copy.txt")
        try Self.fm.copyItem(atPath: joinPath(output, "robots.txt"), toPath: copy)
        try Self.fm.removeItem(atPath: joinPath(output, "robots.txt"))
        try Self.fm.createSymbolicLink(atPath: joinPath(output, "robots.txt"), withDestinationPath: copy)
        let check = SiteVerifier.verify(output)
        #expect(!check.ok && check.problems.contains { $0.contains("robots.txt") && $0.contains("符号链接") }, "\(check.problems)")
        let refusal = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: joinPath(outer, "srv")) }
        #expect(refusal?.description.contains("robots.txt") == true, "\(String(describing: refusal))")
        #expect(!Self.fm.fileExists(atPath: joinPath(outer, "srv/current")))
    }

    /// The check of a remote rollback passes an unsigned release that is intact.
    @Test func aRemoteRollbackToAnIntactUnsignedReleaseWorks() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try Self.localSSH(outer) else { return }
        let folder = joinPath(outer, "remote srv/it's \"here\"")
        let target = RemoteDeployer.Target(host: "deploy@web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let page = joinPath(root, "content/pages/zhengce/banfa.md")
        try (String(contentsOfFile: page, encoding: .utf8) + "\n第二版。\n").write(toFile: page, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let back = try RemoteDeployer.rollback(target, ssh: ssh)
        #expect(back.rootDigest == first.rootDigest && back.previousDigest == second.rootDigest && back.pruned == [second.rootDigest])
        #expect(back.changed.contains("zhengce/banfa/index.html"), "\(back.changed)")
        let served = SiteVerifier.verify(joinPath(folder, "current"))
        #expect(served.ok && served.signature == "unsigned" && served.rootDigest == first.rootDigest)
        #expect(!Self.fm.fileExists(atPath: joinPath(folder, Deployer.releasesName, second.rootDigest)))
    }

    /// A manifest listing one path twice (the second copy of the entry is the same) verified and was
    /// deployed locally, while over SSH it was refused as "changed during the copy" (one file more was
    /// counted than found). A site manifest gongkai wrote never does; it is named as a problem.
    @Test func aManifestListingAPathTwiceIsAProblem() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let path = joinPath(output, SiteManifest.fileName)
        var manifest = try SiteManifest.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        let entry = try #require(manifest.files.first { $0.path == "robots.txt" })
        manifest.files.append(entry)
        manifest.files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        try manifest.encoded.write(to: URL(fileURLWithPath: path))
        let check = SiteVerifier.verify(output)
        #expect(!check.ok && check.problems.contains { $0.contains("robots.txt") && $0.contains("重复") }, "\(check.problems)")
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: joinPath(outer, "srv")) }
    }

    /// A rollback deleted the release it rolled back from whatever it was: `current` pointed by hand at a
    /// folder the user put in releases/ under a digest-like name (a release copied from another server),
    /// gongkai never deployed it, and `--rollback` deleted it. Only a release its history names is deleted,
    /// locally and over SSH.
    @Test func aRollbackDeletesOnlyAReleaseItsHistoryNames() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let ssh = try Self.localSSH(outer)
        for remote in [false, true] where !remote || ssh != nil {
            let folder = joinPath(outer, remote ? "remote srv" : "srv")
            let target = RemoteDeployer.Target(host: "deploy@web1", path: folder)
            let first = remote ? try RemoteDeployer.deploy(site: output, to: target, ssh: ssh!) : try Deployer.deploy(site: output, to: folder)
            let users = String(repeating: "ab", count: 32)
            try Self.fm.copyItem(atPath: joinPath(folder, Deployer.releasesName, first.rootDigest), toPath: joinPath(folder, Deployer.releasesName, users))
            try Self.fm.removeItem(atPath: joinPath(folder, "current"))
            try Self.fm.createSymbolicLink(atPath: joinPath(folder, "current"), withDestinationPath: "releases/\(users)")
            let back = remote ? try RemoteDeployer.rollback(target, ssh: ssh!) : try Deployer.rollback(folder)
            #expect(back.rootDigest == first.rootDigest, "remote: \(remote)")
            #expect(Self.fm.fileExists(atPath: joinPath(folder, Deployer.releasesName, users, "index.html")), "remote: \(remote): the user's folder stays")
            #expect(back.pruned.isEmpty, "remote: \(remote): \(back.pruned)")
        }
    }

    /// `--rollback` was never written to the 更新记录: the record went on naming the release rolled back
    /// from as live, with the items it had added or withdrawn, while the public saw the release before.
    /// A rollback is an entry like a deploy's (the root and build date of the release live again, what
    /// changed against the one taken down) marked `rollback_from:` with the digest taken down; the
    /// website says 回退; deploying the newer build again is recorded again. Locally and over SSH.
    @Test func aRollbackIsWrittenToThePublicationRecord() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let ssh = try Self.localSSH(outer)
        let record = joinPath(root, PublicationRecord.fileName)
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        let original = try String(contentsOfFile: banfa, encoding: .utf8)
        for remote in [false, true] where !remote || ssh != nil {
            let target = remote ? "web1:" + joinPath(outer, "remote srv") : joinPath(outer, "srv")
            let sshArguments = remote ? ["--ssh", ssh![0]] : []
            func deploy(_ extra: [String] = []) throws -> String {
                let run = try CommandLineTests.run(["deploy", "--site", root, "--to", target] + sshArguments + extra)
                #expect(run.status == 0, "remote: \(remote): \(run.stdout)\(run.stderr)")
                return run.stdout
            }
            try? Self.fm.removeItem(atPath: record)
            try original.write(toFile: banfa, atomically: true, encoding: .utf8)
            #expect(SafeOutputTests.build(root).succeeded)
            _ = try deploy()
            try Self.fm.removeItem(atPath: banfa)
            #expect(SafeOutputTests.build(root).succeeded)
            _ = try deploy()
            let deployed = try PublicationRecord.read(record).releases.map(\.root)
            #expect(deployed.count == 2, "remote: \(remote)")
            guard deployed.count == 2 else { continue }

            let said = try deploy(["--rollback"])
            #expect(said.contains("已写入更新记录"), "remote: \(remote): \(said)")
            let after = try PublicationRecord.read(record)
            #expect(after.releases.map(\.root) == deployed + [deployed[0]], "remote: \(remote)")
            let text = try String(contentsOfFile: record, encoding: .utf8)
            #expect(text.contains("rollback_from: \"\(deployed[1])\""), "remote: \(remote): \(text)")
            // The page the rollback brought back is added again, with its public title.
            let back = after.releases.last?.changes.first { $0.path == "zhengce/banfa/" }
            #expect(back?.change == .added && back?.title == "测试市预算绩效管理办法", "remote: \(remote): \(String(describing: back))")

            // The newer build deployed again is a new entry: the page withdrawn again.
            _ = try deploy()
            let again = try PublicationRecord.read(record)
            #expect(again.releases.map(\.root) == deployed + [deployed[0], deployed[1]], "remote: \(remote)")
            #expect(again.releases.last?.changes.contains { $0.path == "zhengce/banfa/" && $0.change == .withdrawn } == true, "remote: \(remote)")

            // The website's 更新记录 names the rollback.
            #expect(SafeOutputTests.build(root).succeeded)
            let page = SafeOutputTests.text(joinPath(output, "record/index.html")) ?? ""
            #expect(page.contains("第 3 次发布（回退）") && page.contains(deployed[1]), "remote: \(remote)")
        }
    }

    /// `.gongkai-deploys` re-saved with Windows line ends (edited on the server with a Windows editor,
    /// a byte-order mark in front) read as no history at all: a rollback found no release before it,
    /// and a deploy forgot every release it had kept, which were then never pruned. Locally and over SSH.
    @Test func aHistoryWithWindowsLineEndsIsStillRead() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let ssh = try Self.localSSH(outer)
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        for remote in [false, true] where !remote || ssh != nil {
            let folder = joinPath(outer, remote ? "remote srv" : "srv")
            let target = RemoteDeployer.Target(host: "web1", path: folder)
            func deploy() throws -> Deployer.Outcome {
                try (try String(contentsOfFile: banfa, encoding: .utf8) + "\n又一次修订。\n").write(toFile: banfa, atomically: true, encoding: .utf8)
                #expect(SafeOutputTests.build(root).succeeded)
                return remote ? try RemoteDeployer.deploy(site: output, to: target, keep: 2, ssh: ssh!) : try Deployer.deploy(site: output, to: folder, keep: 2)
            }
            func windows() throws {
                let history = joinPath(folder, Deployer.historyName)
                let text = try String(contentsOfFile: history, encoding: .utf8)
                try Data(("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")).utf8).write(to: URL(fileURLWithPath: history))
            }
            let first = try deploy(), second = try deploy()
            try windows()
            let third = try deploy()
            #expect(third.pruned == [first.rootDigest], "remote: \(remote): \(third.pruned)")
            #expect(try Self.fm.contentsOfDirectory(atPath: joinPath(folder, Deployer.releasesName)).sorted() == [second.rootDigest, third.rootDigest].sorted(),
                    "remote: \(remote)")
            try windows()
            let back = try? (remote ? RemoteDeployer.rollback(target, ssh: ssh!) : Deployer.rollback(folder))
            #expect(back?.rootDigest == second.rootDigest, "remote: \(remote)")
            #expect(SiteVerifier.verify(joinPath(folder, "current")).rootDigest == second.rootDigest, "remote: \(remote)")
        }
    }

    /// A deploy killed while it appended to the record (`kill -9`, a closed terminal) leaves
    /// `.publication-record.yaml.lock` behind, and one killed in the target `.gongkai-deploys.lock`:
    /// the lock is the process's (`flock`), freed with it, so the next deploy is not blocked and
    /// removes the files when done. Checked with a real process holding both and killed.
    @Test func lockFilesLeftByAKilledDeployBlockNothing() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let flock = RemoteDeployer.which("flock") else { print("跳过：需要 flock"); return }
        let target = joinPath(outer, "srv")
        try Self.fm.createDirectory(atPath: target, withIntermediateDirectories: true)
        let record = joinPath(root, PublicationRecord.fileName)
        let locks = [PublicationRecord.lockPath(record), joinPath(target, Deployer.lockName)]
        // One process holds both, as a deploy appending to the record does, and is killed: `exec` makes
        // sleep the very process that holds them, with no child left to keep them.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        let holding = joinPath(outer, "holding")
        holder.arguments = ["-c", "exec 8>>\"$1\" 9>>\"$2\"; \"$0\" 8 && \"$0\" 9 && : > \"$3\" && exec sleep 60", flock] + locks + [holding]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        for _ in 0..<200 where !Self.fm.fileExists(atPath: holding) { usleep(50_000) }
        let busy = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: record) }
        #expect(busy?.code == .deployBusy, "\(String(describing: busy))")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(locks.allSatisfy(Self.fm.fileExists), "the killed holder left its lock files")
        let outcome = try Deployer.deploy(site: output, to: target, record: record)
        #expect(outcome.recorded != nil)
        #expect(!locks.contains(where: Self.fm.fileExists), "\(locks.filter(Self.fm.fileExists))")
    }

    /// A listed file replaced on the served site by a file of gigabytes (a sparse file costs nothing to
    /// plant) was read whole before its size was compared: `verify` (the cron monitor) took a minute and
    /// 21 GB of memory for a 20 GB file, or was killed for it, and reported nothing. A named pipe in a
    /// listed file's place was "missing". Neither is read now: another size, or no regular file, is changed.
    @Test func verifyReadsNoListedFileOfAnotherSizeOrKind() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        _ = try Deployer.deploy(site: output, to: target)
        let current = joinPath(target, "current")
        final class Box: @unchecked Sendable { var result: SiteVerifier.Result? }
        let path = joinPath(current, "robots.txt")
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        for kind in ["huge", "pipe"] {
            try Self.fm.removeItem(atPath: path)
            if kind == "huge" {
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                #expect(fd >= 0 && ftruncate(fd, 8 << 30) == 0)
                close(fd)
            } else {
                #expect(mkfifo(path, 0o644) == 0)
            }
            let box = Box(), done = DispatchSemaphore(value: 0)
            Thread.detachNewThread { box.result = SiteVerifier.verify(current); done.signal() }
            if done.wait(timeout: .now() + 5) == .timedOut {
                Issue.record("\(kind): verify still reading after 5 s")
                if kind == "pipe" { let fd = open(path, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }
                done.wait()
            }
            #expect(box.result?.ok == false && box.result?.changed == ["robots.txt"], "\(kind): \(String(describing: box.result))")
        }
        try Self.fm.removeItem(atPath: path)
        try saved.write(to: URL(fileURLWithPath: path))
        #expect(SiteVerifier.verify(current).ok)
    }

    /// A rollback over SSH to a release whose build carried a 已撤回 notice page took the notice for the
    /// page itself (the release's files are on the server, and its build marker, which names the notices,
    /// was never read): the page the rollback took down again was recorded corrected, not withdrawn.
    @Test func aRollbackToAReleaseWithANoticeRecordsTheWithdrawal() throws {
        let (outer, root, _) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let ssh = try Self.localSSH(outer)
        let record = joinPath(root, PublicationRecord.fileName)
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        let original = try String(contentsOfFile: banfa, encoding: .utf8)
        for remote in [false, true] where !remote || ssh != nil {
            let target = remote ? "web1:" + joinPath(outer, "remote srv") : joinPath(outer, "srv")
            func deploy(_ extra: [String] = []) throws {
                if extra.isEmpty { #expect(SafeOutputTests.build(root).succeeded) }
                let run = try CommandLineTests.run(["deploy", "--site", root, "--to", target] + (remote ? ["--ssh", ssh![0]] : []) + extra)
                #expect(run.status == 0, "remote: \(remote): \(run.stdout)\(run.stderr)")
            }
            try? Self.fm.removeItem(atPath: record)
            try original.write(toFile: banfa, atomically: true, encoding: .utf8)
            try deploy()
            try Self.fm.removeItem(atPath: banfa)
            try deploy()   // withdrawn
            try deploy()   // built with the record: the notice page at zhengce/banfa/
            try original.write(toFile: banfa, atomically: true, encoding: .utf8)
            try deploy()   // the page again
            try deploy(["--rollback"])
            let entry = try PublicationRecord.read(record).releases.last
            #expect(entry?.rollbackFrom != nil, "remote: \(remote)")
            let page = entry?.changes.first { $0.path == "zhengce/banfa/" }
            #expect(page?.change == .withdrawn && page?.title == nil, "remote: \(remote): \(String(describing: entry?.changes))")
        }
    }
}
