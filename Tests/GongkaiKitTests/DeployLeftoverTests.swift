import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
#if canImport(Glibc)
import Glibc
#endif

/// What a killed deploy leaves behind, the lock on the server, and an ssh program whose path has
/// spaces and quotes. Remote deploys run through `DeployAttackTests.localSSH`, a stand-in `ssh` that
/// runs the command on this machine, so rsync and the remote scripts run for real.
@Suite("Deploy leftovers, the server lock, ssh paths")
struct DeployLeftoverTests {
    static let fm = FileManager.default

    /// What a killed deploy leaves in a target (local or remote names alike), and what only looks like
    /// it and must stay: a link named like a copy (pointing at a folder outside), a file named like one,
    /// names that are not a digest, the user's own notes. Returns both, relative to `folder`.
    static func plant(in folder: String, outside: String) throws -> (leftovers: [String], kept: [String]) {
        let hex = { (c: Character, n: Int) in String(repeating: c, count: n) }
        let leftovers = ["releases/.\(hex("a", 64)).partial", "releases/.\(hex("b", 64)).check", "releases/.\(hex("c", 64)).old"]
        for (n, path) in leftovers.enumerated() {
            try DiskFileSystem().write(Data("copy \(n)".utf8), to: joinPath(folder, path, "sub/index.html"))
        }
        let links = [".current.\(hex("d", 12)).new", ".current.new"]
        for link in links { try fm.createSymbolicLink(atPath: joinPath(folder, link), withDestinationPath: "releases/\(hex("d", 64))") }

        try DiskFileSystem().write(Data("keep".utf8), to: joinPath(outside, "keep.txt"))
        try fm.createSymbolicLink(atPath: joinPath(folder, "releases/.\(hex("e", 64)).partial"), withDestinationPath: outside)
        try Data("file".utf8).write(to: URL(fileURLWithPath: joinPath(folder, "releases/.\(hex("f", 64)).partial")))
        let folders = ["releases/.notes.partial", "releases/.\(hex("a", 63)).partial", "releases/.\(hex("A", 64)).partial",
                       "releases/.\(hex("a", 64)).partial2", "releases/\(hex("9", 64)).partial"]
        for kept in folders { try DiskFileSystem().write(Data("mine".utf8), to: joinPath(folder, kept, "note.txt")) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: joinPath(folder, ".current.backup.new")))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: joinPath(folder, "notes.txt")))
        let kept = ["releases/.\(hex("e", 64)).partial", "releases/.\(hex("f", 64)).partial", ".current.backup.new", "notes.txt"] + folders
        return ((leftovers + links).sorted(), kept)
    }

    static func exists(_ path: String) -> Bool { fm.fileExists(atPath: path) || DiskFileSystem().symlinkDestination(path) != nil }

    static func expectPruned(_ planted: (leftovers: [String], kept: [String]), in folder: String, outside: String, reported: [String]) {
        for path in planted.leftovers { #expect(!exists(joinPath(folder, path)), "\(path) 未被清理") }
        for path in planted.kept { #expect(exists(joinPath(folder, path)), "\(path) 被误删") }
        #expect(fm.contents(atPath: joinPath(outside, "keep.txt")) == Data("keep".utf8))
        #expect(reported.sorted() == planted.leftovers, "\(reported)")
    }

    /// A deploy killed mid-copy left `releases/.<digest>.partial` (and a link `.current.<digest>.new`
    /// when killed at the switch); nothing removed them, so they piled up. The next deploy or rollback,
    /// holding the target's lock, removes exactly those gongkai names that way; a deploy refused for the
    /// lock removes nothing.
    @Test func aLaterDeployRemovesWhatAKilledDeployLeftAndNothingElse() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv"), outside = joinPath(outer, "precious")
        let first = try Deployer.deploy(site: output, to: target)
        let planted = try Self.plant(in: target, outside: outside)

        var lock: FileLock? = try DiskFileSystem().lockExclusively(joinPath(target, Deployer.lockName))
        let busy = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target) }
        #expect(busy?.code == .deployBusy && busy?.description.contains(target) == true, "\(String(describing: busy))")
        let command = try CommandLineTests.run(["deploy", "--from", output, "--to", target])
        #expect(command.status == 1 && command.stderr.contains("error[GK010]: 另一个 gongkai deploy 正在向 \(target)"), "\(command.stderr)")
        for path in planted.leftovers { #expect(Self.exists(joinPath(target, path)), "\(path) 在另一个发布持锁时被删") }
        lock = nil

        let again = try Deployer.deploy(site: output, to: target)
        #expect(again.rootDigest == first.rootDigest)
        Self.expectPruned(planted, in: target, outside: outside, reported: again.leftovers)
        #expect(SiteVerifier.verify(joinPath(target, "current")).ok)

        // A rollback cleans up too.
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: banfa, encoding: .utf8) + "\n修订。\n").write(toFile: banfa, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        _ = try Deployer.deploy(site: output, to: target)
        let partial = joinPath(target, "releases", ".\(String(repeating: "0", count: 64)).partial")
        try DiskFileSystem().write(Data("x".utf8), to: joinPath(partial, "index.html"))
        let back = try Deployer.rollback(target)
        #expect(back.rootDigest == first.rootDigest && back.leftovers == ["releases/.\(String(repeating: "0", count: 64)).partial"])
        #expect(!Self.exists(partial) && Self.exists(joinPath(target, "notes.txt")))
        withExtendedLifetime(lock) {}
    }

    /// The same on the server: rsync's partial copies and the checked manifests of killed deploys
    /// stayed in `releases/` for good.
    @Test func aLaterRemoteDeployRemovesWhatAKilledOneLeftAndNothingElse() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer) else { return }
        let folder = joinPath(outer, "remote srv"), outside = joinPath(outer, "precious")
        let target = RemoteDeployer.Target(host: "deploy@web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let planted = try Self.plant(in: folder, outside: outside)
        let again = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        #expect(again.rootDigest == first.rootDigest)
        Self.expectPruned(planted, in: folder, outside: outside, reported: again.leftovers)
        #expect(SiteVerifier.verify(joinPath(folder, "current")).ok)
        let partial = joinPath(folder, "releases", ".\(String(repeating: "0", count: 64)).partial")
        try DiskFileSystem().write(Data("x".utf8), to: joinPath(partial, "index.html"))
        #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.rollback(target, ssh: ssh) } // nothing to go back to
        #expect(!Self.exists(partial))
    }

    /// Two remote deploys into one folder relied on the single `mv -T`: both copied, both switched,
    /// and the history was written by whichever came last. The server's `.gongkai-deploys.lock` is
    /// held (flock) for the whole remote deploy, the one a deploy on the server itself takes.
    @Test func aSecondDeployIsRefusedWhileOneHoldsTheServerLock() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer) else { return }
        let folder = joinPath(outer, "remote srv")
        let target = RemoteDeployer.Target(host: "web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let partial = joinPath(folder, "releases", ".\(String(repeating: "0", count: 64)).partial")
        try DiskFileSystem().write(Data("x".utf8), to: joinPath(partial, "index.html"))

        // A deploy on the server itself holds the lock: a remote deploy and a rollback are refused.
        var local: FileLock? = try DiskFileSystem().lockExclusively(joinPath(folder, Deployer.lockName))
        for attempt in [{ _ = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh) }, { _ = try RemoteDeployer.rollback(target, ssh: ssh) }] {
            let busy = #expect(throws: Deployer.Refusal.self) { try attempt() }
            #expect(busy?.code == .deployBusy && busy?.description.contains("另一个 gongkai deploy") == true
                    && busy?.description.contains("web1:\(folder)") == true, "\(String(describing: busy))")
        }
        #expect(Self.exists(partial), "另一个发布持锁时，它的临时文件夹被删")
        local = nil

        // A remote deploy holding the lock keeps out another remote deploy and one on the server.
        let held = try RemoteDeployer.ServerLock(target, ssh: ssh)
        let remote = #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.ServerLock(target, ssh: ssh).release() }
        #expect(remote?.code == .deployBusy, "\(String(describing: remote))")
        let onServer = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: folder) }
        // Both name who holds the lock, as its session wrote.
        #expect(onServer?.code == .deployBusy && onServer?.description.contains("持锁的是主机") == true, "\(String(describing: onServer))")
        #expect(remote?.description.contains("持锁的是主机") == true && remote?.description.contains("进程 \(getpid())") == true)
        held.release()
        #expect(!Self.exists(joinPath(folder, Deployer.lockName)))
        let second = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        #expect(second.rootDigest == first.rootDigest && !Self.exists(partial))
        withExtendedLifetime(local) {}
    }

    /// A lock that outlived a killed deploy would refuse every later one. The server's lock is the
    /// session's flock, so the kernel frees it when the session ends: `gongkai deploy` killed during
    /// the copy (its ssh sessions then see their input end) leaves no lock, and the partial copy it
    /// left is removed by the next deploy. The ssh program is given in a folder whose name has spaces,
    /// quotes and `$`, through the command line.
    @Test func aDeployKilledDuringTheCopyLeavesNoLockAndItsCopyIsRemovedNextTime() throws {
        let (outer, root, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer, folder: "my tools/it's \"$HOME\" ssh") else { return }
        let folder = joinPath(outer, "remote srv")
        let target = RemoteDeployer.Target(host: "web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh)
        let banfa = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: banfa, encoding: .utf8) + "\n修订。\n").write(toFile: banfa, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        let digest = try Deployer.checkBuilt(output).digest

        // The stand-in ssh pauses once rsync has sent the copy; the deploy is killed there.
        let paused = joinPath(outer, "paused")
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["deploy", "--from", output, "--to", "web1:\(folder)", "--ssh", RemoteDeployer.quoted(ssh[0])]
        process.environment = ProcessInfo.processInfo.environment.merging(["GONGKAI_TEST_PAUSE": paused]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var waited = 0
        while !Self.fm.fileExists(atPath: paused), waited < 600, process.isRunning { Thread.sleep(forTimeInterval: 0.05); waited += 1 }
        try #require(Self.fm.fileExists(atPath: paused), "the copy never started")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if let pid = Int32((try? String(contentsOfFile: paused, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
            kill(pid, SIGKILL)
        }
        #expect(Self.exists(joinPath(folder, "releases", ".\(digest).partial")), "\((try? Self.fm.contentsOfDirectory(atPath: joinPath(folder, "releases"))) ?? [])")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(folder, "current")) == "releases/\(first.rootDigest)")

        // The killed deploy's session ends as soon as it sees its input close; then the lock is free.
        var second: Deployer.Outcome?
        for _ in 0..<100 {
            do { second = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh); break } catch let refusal as Deployer.Refusal where refusal.code == .deployBusy {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let deployed = try #require(second, "the lock of the killed deploy was never released")
        #expect(deployed.rootDigest == digest)
        let left = try Self.fm.contentsOfDirectory(atPath: joinPath(folder, "releases")).sorted()
        #expect(left == [first.rootDigest, digest].sorted(), "\(left)")
        #expect(SiteVerifier.verify(joinPath(folder, "current")).rootDigest == digest)
    }

    /// rsync's `-e` was given the ssh command joined with spaces, and rsync split it there: an ssh
    /// program in a folder whose name has a space (`/opt/my tools/ssh`) could not be used.
    @Test func anSSHProgramWhosePathHasSpacesAndQuotesWorks() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer, folder: "my tools/it's \"a\" $x ssh") else { return }
        let folder = joinPath(outer, "remote srv")
        let target = RemoteDeployer.Target(host: "web1", path: folder)
        let first = try RemoteDeployer.deploy(site: output, to: target, ssh: ssh + ["-o", "LogLevel=ERROR"])
        #expect(SiteVerifier.verify(joinPath(folder, "current")).rootDigest == first.rootDigest)

        // The command line: the path alone, or quoted as a shell would, with options after it.
        for command in [ssh[0], RemoteDeployer.quoted(ssh[0]) + " -o 'LogLevel=ERROR' -p 22"] {
            let result = try CommandLineTests.run(["deploy", "--from", output, "--to", "web1:\(folder)", "--ssh", command])
            #expect(result.status == 0 && result.stdout.contains("已发布"), "\(command): \(result.stderr)")
        }
        let unclosed = try CommandLineTests.run(["deploy", "--from", output, "--to", "web1:\(folder)", "--ssh", "'/opt/my tools/ssh -p 22"])
        #expect(unclosed.status != 0 && unclosed.stderr.contains("--ssh"), "\(unclosed.stderr)")
    }

    /// A target folder whose name the remote shell would read (a space, `;`) reaches the remote rsync whole,
    /// also from an rsync that does not protect its arguments itself (before 3.2.4; `RSYNC_OLD_ARGS=1`
    /// makes a later one behave so): the copy went to another folder and `;` ran what followed it.
    @Test func aTargetFolderTheRemoteShellWouldSplitArrivesWholeWithAnOldRsync() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer) else { return }
        let ran = joinPath(outer, "ran")
        let folder = joinPath(outer, "remote srv;touch \(ran) #")
        let result = try CommandLineTests.run(["deploy", "--from", output, "--to", "web1:\(folder)", "--ssh", ssh[0]],
                                              environment: ["RSYNC_OLD_ARGS": "1"])
        #expect(result.status == 0 && result.stdout.contains("已发布"), "\(result.stderr)")
        #expect(SiteVerifier.verify(joinPath(folder, "current")).ok)
        #expect(!Self.fm.fileExists(atPath: ran))
    }

    /// `host:~/site` is `site` in the login folder (where ssh starts; here the fake ssh's working folder), for
    /// the scripts and rsync alike: it failed, leaving a folder named `~` on the server.
    @Test func aTargetInTheHomeFolderWrittenWithATildeIsDeployedThere() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        guard let ssh = try DeployAttackTests.localSSH(outer) else { return }
        let home = joinPath(outer, "home")
        try Self.fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        #expect(try RemoteDeployer.parse("web1:~/site") == RemoteDeployer.Target(host: "web1", path: "site"))
        let result = try CommandLineTests.run(["deploy", "--from", output, "--to", "web1:~/site", "--ssh", ssh[0]], in: home)
        #expect(result.status == 0 && result.stdout.contains("已发布"), "\(result.stderr)")
        #expect(SiteVerifier.verify(joinPath(home, "site/current")).ok)
        #expect(!Self.fm.fileExists(atPath: joinPath(home, "~")))
    }

    /// A host beginning with `-` would reach ssh as an option (`-oProxyCommand=…` runs a command on this
    /// machine); it was neither refused nor taken for a folder. Now the deploy stops before ssh runs.
    @Test func aHostThatSshWouldReadAsAnOptionIsRefused() throws {
        let (outer, _, output) = try DeployTests.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let marker = joinPath(outer, "ran")
        for to in ["-oProxyCommand=touch ran:site", "-p2222:site", "web 1:site", "web\u{1}1:site"] {
            #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.parse(to) }
            let result = try CommandLineTests.run(["deploy", "--from", output, "--to=\(to)", "--ssh", "/bin/false"], in: outer)
            #expect(result.status != 0 && result.stderr.contains("主机名"), "\(to): \(result.stdout) \(result.stderr)")
        }
        #expect(!Self.fm.fileExists(atPath: marker))
        #expect(try RemoteDeployer.parse("deploy@web1:/srv/site") == RemoteDeployer.Target(host: "deploy@web1", path: "/srv/site"))
        #expect(try RemoteDeployer.parse("site") == nil)
    }

    /// `--ssh` is read as a shell reads words: quotes and backslashes keep spaces; rsync's `-e` gets
    /// each word quoted as rsync reads it (a quote inside doubled).
    @Test func theSSHCommandIsSplitIntoWordsAsAShellWould() throws {
        #expect(try RemoteDeployer.words("ssh -p 2222 -i deploy.key") == ["ssh", "-p", "2222", "-i", "deploy.key"])
        #expect(try RemoteDeployer.words("  '/opt/my tools/ssh'  -o \"ProxyCommand=nc %h %p\" ") == ["/opt/my tools/ssh", "-o", "ProxyCommand=nc %h %p"])
        #expect(try RemoteDeployer.words(#"/opt/my\ tools/ssh -i "it's \"x\".key" a'b'"c""#) == ["/opt/my tools/ssh", "-i", #"it's "x".key"#, "abc"])
        #expect(try RemoteDeployer.words("ssh -o ''") == ["ssh", "-o", ""])
        #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.words("'/opt/my tools/ssh") }
        #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.words("") }
        #expect(RemoteDeployer.rsyncShell(["/opt/it's/ssh", "-p", "22"]) == "'/opt/it''s/ssh' '-p' '22'")
        let word = "a 'b' \"c\" $d `e` \\f"
        #expect(try RemoteDeployer.words(RemoteDeployer.quoted(word)) == [word])
    }
}
