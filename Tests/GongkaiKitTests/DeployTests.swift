import Crypto
import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The site manifest, signing, `verify` on a site folder, and `deploy` to a folder, on a real disk.
@Suite("Deploy and verify")
struct DeployTests {
    static let fm = FileManager.default

    /// The fixture site on disk, built into `<outer>/site/public`; returns (outer, site root, output).
    static func builtSite(_ fixture: SiteFixture = SiteFixture(), signingKey: Bool = false) throws -> (String, String, String) {
        let (outer, root) = try SafeOutputTests.siteOnDisk(fixture)
        if signingKey {
            _ = try SigningKey.create(in: joinPath(outer, "keys"))
            try appendConfig(root, "signing_key: ../keys/\(SigningKey.privateFileName)\n")
        }
        let report = SafeOutputTests.build(root)
        #expect(report.succeeded, "\(report.rendered)")
        return (outer, root, joinPath(root, "public"))
    }

    static func appendConfig(_ root: String, _ text: String) throws {
        let path = joinPath(root, "gongkai.yaml")
        let config = try String(contentsOfFile: path, encoding: .utf8)
        try (config + (config.hasSuffix("\n") ? "" : "\n") + text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func publicKey(_ outer: String) throws -> Curve25519.Signing.PublicKey {
        try SiteVerifier.readKey(joinPath(outer, "keys", SigningKey.publicFileName))
    }

    @Test func everyBuildWritesAManifestOfEveryFileThatVerifies() throws {
        let (outer, _, output) = try Self.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let data = try #require(Self.fm.contents(atPath: joinPath(output, "manifest.json")))
        let manifest = try SiteManifest.decode(data)
        #expect(manifest.format == "gongkai-site/1")
        #expect(manifest.inputsSHA256.count == 64)
        let listed = manifest.files.map(\.path)
        #expect(listed == listed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(listed.contains("index.html") && listed.contains(".gongkai-build.json") && listed.contains("verify/index.html"))
        #expect(!listed.contains("manifest.json"))
        // Every file on disk except the manifest itself is listed, with its real size and digest.
        #expect(Set(SiteVerifier.allFiles(under: output)) == Set(listed + ["manifest.json"]))
        let home = try #require(manifest.files.first { $0.path == "index.html" })
        let homeData = try #require(Self.fm.contents(atPath: joinPath(output, "index.html")))
        #expect(home.size == homeData.count && home.sha256 == Digest.sha256(homeData))
        let result = SiteVerifier.verify(output)
        #expect(result.ok, "\(result.problems) \(result.missing) \(result.changed) \(result.extra)")
        #expect(result.signature == "unsigned")
        #expect(result.rootDigest == Digest.sha256(data))
        // The 公开验证 page is linked from every page's footer.
        let homeText = String(decoding: homeData, as: UTF8.self)
        #expect(homeText.contains("href=\"./verify/\">公开验证</a>"))
    }

    @Test func theManifestIsTheSameBytesAtAnyThreadCount() throws {
        let (outer, root, output) = try Self.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let first = try #require(Self.fm.contents(atPath: joinPath(output, "manifest.json")))
        let report = Pipeline().run(BuildOptions(siteRoot: root, jobs: 1))
        #expect(report.succeeded)
        #expect(Self.fm.contents(atPath: joinPath(output, "manifest.json")) == first)
    }

    @Test func aSigningKeySignsTheManifestAndPublishesThePublicKey() throws {
        let (outer, _, output) = try Self.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let key = try Self.publicKey(outer)
        let published = try #require(Self.fm.contents(atPath: joinPath(output, "verify/public-key.pem")))
        #expect(SigningKey.publicKey(fromPEM: String(decoding: published, as: UTF8.self))?.rawRepresentation == key.rawRepresentation)
        let page = try #require(try? String(contentsOfFile: joinPath(output, "verify/index.html"), encoding: .utf8))
        #expect(page.contains(SigningKey.fingerprint(key)))
        #expect(page.contains("-----BEGIN PUBLIC KEY-----"))
        // The private key is never published.
        let privateText = try String(contentsOfFile: joinPath(outer, "keys", SigningKey.privateFileName), encoding: .utf8)
        let privateBody = privateText.split(separator: "\n")[1]
        for file in SiteVerifier.allFiles(under: output) {
            let text = String(decoding: Self.fm.contents(atPath: joinPath(output, file)) ?? Data(), as: UTF8.self)
            #expect(!text.contains(privateBody), "\(file)")
        }
        let result = SiteVerifier.verify(output, key: key)
        #expect(result.ok && result.signature == "valid" && result.keySource == "given", "\(result.problems)")
        // Another key, or a manifest changed by one byte and its listing kept, does not verify.
        let other = Curve25519.Signing.PrivateKey().publicKey
        let wrong = SiteVerifier.verify(output, key: other)
        #expect(!wrong.ok && wrong.signature == "invalid")
        let manifestPath = joinPath(output, "manifest.json")
        var manifest = try #require(Self.fm.contents(atPath: manifestPath))
        manifest.append(contentsOf: Data(" ".utf8))
        try manifest.write(to: URL(fileURLWithPath: manifestPath))
        let tampered = SiteVerifier.verify(output, key: key)
        #expect(!tampered.ok && tampered.signature == "invalid")
    }

    @Test func aSigningKeyInsideTheSiteOrTheOutputIsRefused() throws {
        let (outer, root) = try SafeOutputTests.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        _ = try SigningKey.create(in: joinPath(outer, "keys"))
        let original = try String(contentsOfFile: joinPath(root, "gongkai.yaml"), encoding: .utf8)
        // Inside the site folder, written relative: refused where it is written, with line and column.
        try Self.appendConfig(root, "signing_key: keys/gongkai-signing.key\n")
        var report = SafeOutputTests.build(root)
        let inside = try #require(report.first(.signingKey))
        #expect(!report.succeeded && inside.location.line > 5 && inside.location.file.hasSuffix("gongkai.yaml"))
        // Reached through ../: the canonical path is still inside.
        try original.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        try Self.appendConfig(root, "signing_key: ../site/content/k.key\n")
        report = SafeOutputTests.build(root)
        #expect(!report.succeeded && report.first(.signingKey) != nil, "\(report.rendered)")
        // Inside an output folder outside the site.
        try original.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        try Self.fm.createDirectory(atPath: joinPath(outer, "www"), withIntermediateDirectories: true)
        try Self.fm.copyItem(atPath: joinPath(outer, "keys", SigningKey.privateFileName), toPath: joinPath(outer, "www", "k.key"))
        try Self.appendConfig(root, "signing_key: ../www/k.key\n")
        report = SafeOutputTests.build(root, output: joinPath(outer, "www"), force: true)
        #expect(!report.succeeded && report.first(.signingKey) != nil, "\(report.rendered)")
        #expect(Self.fm.fileExists(atPath: joinPath(outer, "www", "k.key")))
        // Not a key.
        try original.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        try "not a key\r\n".write(toFile: joinPath(outer, "bad.key"), atomically: true, encoding: .utf8)
        try Self.appendConfig(root, "signing_key: ../bad.key\n")
        report = SafeOutputTests.build(root)
        #expect(!report.succeeded && report.first(.signingKey)?.location.line ?? 0 > 1, "\(report.rendered)")
    }

    /// A key others can read still signs (the build is not stopped), with a warning naming the fix.
    @Test func aSigningKeyOthersCanReadIsWarnedAbout() throws {
        let (outer, root) = try SafeOutputTests.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let key = try SigningKey.create(in: joinPath(outer, "keys")).privateKey
        try Self.appendConfig(root, "signing_key: ../keys/\(SigningKey.privateFileName)\n")
        var report = SafeOutputTests.build(root)
        #expect(report.succeeded && report.first(.signingKey) == nil, "\(report.rendered)")
        try Self.fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        report = SafeOutputTests.build(root)
        let warning = try #require(report.first(.signingKey), "\(report.rendered)")
        #expect(report.succeeded && warning.severity == .warning && warning.message.contains("0644") && warning.message.contains("chmod 600"))
        #expect(warning.location.file.hasSuffix("gongkai.yaml") && warning.location.line > 1, "\(warning.location)")
        #expect(Self.fm.fileExists(atPath: joinPath(root, "public", SiteManifest.signatureName)))
    }

    /// A key in a folder anyone may write in (found by the red-team, round forty-one): another user could delete it or put a
    /// key of their own in its place, and nothing was said. `key new` refuses such a folder; a build warns, naming the fix.
    @Test func aKeyFolderOthersMayWriteInIsNamed() throws {
        let (outer, root) = try SafeOutputTests.siteOnDisk()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let keys = joinPath(outer, "keys")
        _ = try SigningKey.create(in: keys)
        try Self.appendConfig(root, "signing_key: ../keys/\(SigningKey.privateFileName)\n")
        try Self.fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: keys)
        let report = SafeOutputTests.build(root)
        let warning = try #require(report.first(.signingKey), "\(report.rendered)")
        #expect(warning.severity == .warning && warning.message.contains("0777") && warning.message.contains("chmod 700"), "\(warning.message)")
        // The sticky bit keeps others to their own files (/tmp): no warning.
        try Self.fm.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: keys)
        #expect(SafeOutputTests.build(root).first(.signingKey) == nil)
        // `key new` into a folder others may write in is refused, nothing written.
        let open = joinPath(outer, "open")
        try Self.fm.createDirectory(atPath: open, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try Self.fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: open)
        #expect(throws: SigningKey.Problem.self) { try SigningKey.create(in: open) }
        #expect(try Self.fm.contentsOfDirectory(atPath: open).isEmpty)
    }

    @Test func keyNewNeverOverwritesAKeyAndKeepsThePrivateHalfPrivate() throws {
        let folder = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-keys-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: folder) }
        let written = try SigningKey.create(in: folder)
        let mode = try Self.fm.attributesOfItem(atPath: written.privateKey)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let before = Self.fm.contents(atPath: written.privateKey)
        #expect(throws: SigningKey.Problem.self) { try SigningKey.create(in: folder) }
        #expect(Self.fm.contents(atPath: written.privateKey) == before)
        // The key read back with Windows line ends still signs what the public half verifies.
        let text = String(decoding: before ?? Data(), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        let key = try #require(SigningKey.privateKey(fromPEM: text))
        let signature = try key.signature(for: Data("清单".utf8))
        #expect(try SiteVerifier.readKey(written.publicKey).isValidSignature(signature, for: Data("清单".utf8)))
    }

    @Test func deployVerifyTamperRollback() throws {
        var fixture = SiteFixture()
        let (outer, root, output) = try Self.builtSite(fixture, signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let key = try Self.publicKey(outer)
        let target = joinPath(outer, "srv")
        let first = try Deployer.deploy(site: output, to: target)
        #expect(first.previousDigest == nil && first.changed.isEmpty && !first.added.isEmpty)
        let current = joinPath(target, "current")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == "releases/\(first.rootDigest)")
        #expect(SiteVerifier.verify(current, key: key).ok)

        // A second build with one changed page: only that page (and the marker) differ.
        fixture.edit("gongkai.yaml", replacing: "intro: 本平台公开测试市的预算绩效信息。", with: "intro: 本平台公开测试市的预算绩效信息（修订）。")
        try fixture["gongkai.yaml"]!.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        try Self.appendConfig(root, "signing_key: ../keys/\(SigningKey.privateFileName)\n")
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try Deployer.deploy(site: output, to: target)
        #expect(second.previousDigest == first.rootDigest && second.rootDigest != first.rootDigest)
        #expect(second.changed.contains("index.html") && second.added.isEmpty && second.removed.isEmpty)
        #expect(second.bytesSent < first.bytesSent)
        #expect(SiteVerifier.verify(current, key: key).ok)

        // One byte changed on the served site: verify fails and names the file; a planted file is listed.
        let page = joinPath(current, "index.html")
        var bytes = try #require(Self.fm.contents(atPath: page))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: page))
        try Data("x".utf8).write(to: URL(fileURLWithPath: joinPath(current, ".htaccess")))
        let broken = SiteVerifier.verify(current, key: key)
        #expect(!broken.ok && broken.changed == ["index.html"] && broken.extra == [".htaccess"])
        #expect(broken.signature == "valid")

        // A rollback to a release changed on the server since is refused, and the current site stays.
        let older = joinPath(target, Deployer.releasesName, first.rootDigest, "index.html")
        let original = try #require(Self.fm.contents(atPath: older))
        try Data("<h1>篡改</h1>".utf8).write(to: URL(fileURLWithPath: older))
        #expect(throws: Deployer.Refusal.self) { try Deployer.rollback(target) }
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == "releases/\(second.rootDigest)")
        try original.write(to: URL(fileURLWithPath: older))

        // Roll back: the first release is served again and verifies.
        let back = try Deployer.rollback(target)
        #expect(back.rootDigest == first.rootDigest)
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == "releases/\(first.rootDigest)")
        #expect(SiteVerifier.verify(current, key: key).ok)
        #expect(throws: Deployer.Refusal.self) { try Deployer.rollback(target) }
    }

    /// An item classified after a release published it: deploying the public/ built before the change, or
    /// rolling back to that release, would publish it again. Both are refused (GK012) from the site folder,
    /// without quoting the text, and the current site stays; once the item is public again, the rollback goes.
    @Test func whatIsWithheldTodayNeverGoesLiveAgainByDeployOrRollback() throws {
        var fixture = SiteFixture()
        let secret = "保障学生营养餐供应并核对青锋配送路线"
        fixture.edit("content/projects/2025/JYJ-2025-001.md", replacing: "goal: 保障学生营养餐供应。", with: "goal: \(secret)。")
        let (outer, root, output) = try Self.builtSite(fixture)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv"), current = joinPath(target, "current")
        let first = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(first.status == 0, "\(first.stderr)")
        let firstRelease = try Self.fm.destinationOfSymbolicLink(atPath: current)

        let project = joinPath(root, "content/projects/2025/JYJ-2025-001.md")
        func setGoal(_ goal: String) throws {
            let text = try String(contentsOfFile: project, encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  goal:") })
            try text.replacingOccurrences(of: String(line), with: "  goal: \(goal)").write(toFile: project, atomically: true, encoding: .utf8)
        }
        try setGoal("{value: \(secret)。, disclosure: 涉密}")
        // public/ was built before the change: not deployed.
        let stale = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(stale.status == 1 && stale.stderr.contains("GK012") && stale.stderr.contains("要发布的网站"), "\(stale.stderr)")
        #expect(!stale.stderr.contains(secret) && !stale.stdout.contains(secret))
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == firstRelease)

        #expect(SafeOutputTests.build(root).succeeded)
        let second = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(second.status == 0, "\(second.stderr)")
        let secondRelease = try Self.fm.destinationOfSymbolicLink(atPath: current)
        #expect(secondRelease != firstRelease)
        // The first release still holds the goal: no rollback to it.
        let back = try CommandLineTests.run(["deploy", "--rollback", "--site", root, "--to", target])
        #expect(back.status == 1 && back.stderr.contains("GK012") && back.stderr.contains("要回退到的版本"), "\(back.stderr)")
        #expect(!back.stderr.contains(secret))
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == secondRelease)
        #expect(Self.fm.fileExists(atPath: joinPath(target, secondRelease)))

        // Public again: the rollback is allowed.
        try setGoal("\(secret)。")
        let allowed = try CommandLineTests.run(["deploy", "--rollback", "--site", root, "--to", target])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == firstRelease)
        #expect(output.hasSuffix("public"))
    }

    /// A pipe planted in public/ is never opened by the audit (it would wait for a writer for ever); deploy's
    /// own check against the manifest refuses it.
    @Test func theReleaseAuditNeverOpensAPipe() throws {
        let (outer, root, output) = try Self.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        #expect(mkfifo(joinPath(output, "planted.fifo"), 0o644) == 0)
        try ReleaseAudit.check(folder: output, shownAs: output, what: "要发布的网站", siteRoot: root)
        let deployed = try CommandLineTests.run(["deploy", "--site", root, "--to", joinPath(outer, "srv")])
        #expect(deployed.status == 1 && deployed.stderr.contains("planted.fifo"), "\(deployed.stderr)")
    }

    /// A defaced copy of a signed site whose manifest is rewritten (hashes recomputed) to claim the bundle
    /// format, its signature and marker removed, must not pass `verify --key`; nor may a site that
    /// publishes its key but lost its signature pass without one.
    @Test func aDefacedSiteCannotPassAsABundleOrWithoutItsSignature() throws {
        let (outer, _, output) = try Self.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let copy = joinPath(outer, "copy")
        try Self.fm.copyItem(atPath: output, toPath: copy)
        try Self.fm.removeItem(atPath: joinPath(copy, SiteManifest.signatureName))
        let unsigned = SiteVerifier.verify(copy)
        #expect(!unsigned.ok && unsigned.problems.contains { $0.contains("签名被删去") }, "\(unsigned.problems)")

        try Data("<h1>FAKE</h1>".utf8).write(to: URL(fileURLWithPath: joinPath(copy, "index.html")))
        try Self.fm.removeItem(atPath: joinPath(copy, OutputFolder.markerName))
        let files = try DiskFileSystem().listFiles(under: copy).filter { $0 != "manifest.json" }.map { path in
            let data = try DiskFileSystem().read(joinPath(copy, path))
            return BundleManifest.Entry(path: path, size: data.count, sha256: Digest.sha256(data))
        }
        let fake = BundleManifest(title: "t", publisher: "p", year: 2025, stage: "budget", departments: [], amountInWan: "0",
                                  counts: .init(departments: 0, projects: 0, files: files.count), inputsSHA256: "", files: files)
        try fake.encoded.write(to: URL(fileURLWithPath: joinPath(copy, "manifest.json")))
        let keyFile = joinPath(outer, "keys", SigningKey.publicFileName)
        let withKey = try CommandLineTests.run(["verify", copy, "--key", keyFile])
        #expect(withKey.status == 1, "\(withKey.stdout)\(withKey.stderr)")
        let asJSON = try CommandLineTests.run(["verify", copy, "--json"])
        #expect(asJSON.status == 1, "\(asJSON.stdout)\(asJSON.stderr)")
        // Still a website by its published key: checked as one, and the fake manifest fails.
        let plain = try CommandLineTests.run(["verify", copy])
        #expect(plain.status == 1 && plain.stderr.contains("不是 gongkai 网站清单"), "[\(plain.stdout)][\(plain.stderr)]")
    }

    @Test func deployKeepsTheLastReleasesAndRefusesWhatItDidNotMake() throws {
        let (outer, root, output) = try Self.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        var digests: [String] = []
        for n in 1...4 {
            let path = joinPath(root, "content/pages/zhengce/banfa.md")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try (text + "\n第\(n)次修订。\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(SafeOutputTests.build(root).succeeded)
            digests.append(try Deployer.deploy(site: output, to: target, keep: 2).rootDigest)
        }
        let kept = try Self.fm.contentsOfDirectory(atPath: joinPath(target, "releases")).sorted()
        #expect(kept == digests.suffix(2).sorted())

        // A folder with other files, a site changed after its build, a folder without a build: refused.
        let www = joinPath(outer, "www")
        try Self.fm.createDirectory(atPath: www, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: joinPath(www, "index.html")))
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: www) }
        #expect(Self.fm.contents(atPath: joinPath(www, "index.html")) == Data("old".utf8))
        try Data("改".utf8).write(to: URL(fileURLWithPath: joinPath(output, "index.html")))
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target) }
        #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: joinPath(root, "content"), to: target) }
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: joinPath(target, "current")) == "releases/\(digests.last!)")
        // One deploy or rollback into a folder at a time.
        let lock = try DiskFileSystem().lockExclusively(joinPath(target, Deployer.lockName))
        let busy = #expect(throws: Deployer.Refusal.self) { try Deployer.rollback(target) }
        #expect(busy?.description.contains("另一个 gongkai deploy") == true)
        withExtendedLifetime(lock) {}
    }

    @Test func theCommandsDeployAndVerifyWithJSONForMonitoring() throws {
        let (outer, _, output) = try Self.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        // The tests run in the repository, whose example site has a record: `--from` alone must not touch it.
        let ownRecord = { try? Data(contentsOf: URL(fileURLWithPath: PublicationRecord.fileName)) }
        let recordBefore = ownRecord()
        let deployed = try CommandLineTests.run(["deploy", "--from", output, "--to", target])
        #expect(deployed.status == 0, "\(deployed.stderr)")
        #expect(ownRecord() == recordBefore && !deployed.stdout.contains("已写入更新记录"))
        #expect(deployed.stdout.contains("已发布") && deployed.stdout.contains("新增"))
        let key = joinPath(outer, "keys", SigningKey.publicFileName)
        let current = joinPath(target, "current")
        let good = try CommandLineTests.run(["verify", current, "--key", key, "--json"])
        #expect(good.status == 0, "\(good.stdout)")
        let goodResult = try JSONDecoder().decode(SiteVerifier.Result.self, from: Data(good.stdout.utf8))
        #expect(goodResult.ok && goodResult.signature == "valid")
        try Data("篡改".utf8).write(to: URL(fileURLWithPath: joinPath(current, "404.html")))
        let bad = try CommandLineTests.run(["verify", current, "--key", key, "--json"])
        #expect(bad.status == 1)
        let badResult = try JSONDecoder().decode(SiteVerifier.Result.self, from: Data(bad.stdout.utf8))
        #expect(!badResult.ok && badResult.changed == ["404.html"])
        let text = try CommandLineTests.run(["verify", current, "--key", key])
        #expect(text.status == 1 && text.stderr.contains("内容已被改动：404.html"))
        // A bundle is still verified as a bundle (its manifest is not a site's).
        #expect(!SiteVerifier.isSite(joinPath(outer, "keys")))
    }

    /// gongkai.yaml names the key the site is signed with. A public/ built with another key (another
    /// gongkai.yaml, or someone who can write public/ rebuilt and re-signed it with a key of their own,
    /// replacing verify/public-key.pem), or unsigned, verified against itself and went live: every
    /// `verify --key` of the publisher's key then failed on the live site. Refused (GK011), locally and
    /// from the command, before anything in the target changes; the site's own key still deploys.
    @Test func aSiteNotSignedByTheConfiguredKeyIsRefused() throws {
        let (outer, root, output) = try Self.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let target = joinPath(outer, "srv")
        let recordPath = joinPath(root, PublicationRecord.fileName)
        let first = try Deployer.deploy(site: output, to: target, record: recordPath)
        let config = try String(contentsOfFile: joinPath(root, "gongkai.yaml"), encoding: .utf8)

        // Built with another key, then gongkai.yaml put back: the site verifies on its own, with its own published key.
        _ = try SigningKey.create(in: joinPath(outer, "other"))
        try config.replacingOccurrences(of: "../keys/", with: "../other/").write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        let page = joinPath(root, "content/pages/zhengce/banfa.md")
        try (String(contentsOfFile: page, encoding: .utf8) + "\n篡改的正文。\n").write(toFile: page, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        try config.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        #expect(SiteVerifier.verify(output).ok)
        let refusal = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
        #expect(refusal?.code == .deploySignature && refusal?.description.contains("signing_key") == true, "\(String(describing: refusal))")
        let run = try CommandLineTests.run(["deploy", "--site", root, "--to", target])
        #expect(run.status == 1 && run.stderr.contains("error[GK011]"), "\(run.stderr)")
        #expect(try Deployer.currentDigest(target) == first.rootDigest)
        #expect(try PublicationRecord.read(recordPath).releases.count == 1)

        // Unsigned (built without signing_key) while gongkai.yaml names one: refused too.
        try config.replacingOccurrences(of: "signing_key:", with: "# signing_key:").write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        try config.write(toFile: joinPath(root, "gongkai.yaml"), atomically: true, encoding: .utf8)
        #expect(!Self.fm.fileExists(atPath: joinPath(output, SiteManifest.signatureName)))
        let unsigned = #expect(throws: Deployer.Refusal.self) { try Deployer.deploy(site: output, to: target, record: recordPath) }
        #expect(unsigned?.code == .deploySignature)
        #expect(try Deployer.currentDigest(target) == first.rootDigest)

        // Built again with the site's own key: deploys.
        #expect(SafeOutputTests.build(root).succeeded)
        let again = try Deployer.deploy(site: output, to: target, record: recordPath)
        #expect(try Deployer.currentDigest(target) == again.rootDigest && again.rootDigest != first.rootDigest)
    }

    /// `gongkai key new public/keys` (or content/keys, or the site folder itself) wrote the private key
    /// where the next build replaces the folder whole (the key gone for good), where `content/` is
    /// committed, or into a deploy target; gongkai.yaml then refused it (GK007) — too late. Refused before
    /// anything is written: a folder in or below one holding gongkai.yaml, a build marker or a deploy history.
    @Test func keyNewRefusesAFolderInsideASiteItsOutputOrATarget() throws {
        let (outer, root, output) = try Self.builtSite()
        defer { try? Self.fm.removeItem(atPath: outer) }
        _ = try Deployer.deploy(site: output, to: joinPath(outer, "srv"))
        for folder in [joinPath(output, "keys"), output, joinPath(root, "content/keys"), root, joinPath(root, "keys"),
                       joinPath(outer, "srv"), joinPath(outer, "srv/current/keys"), joinPath(outer, "srv/keys")] {
            let refusal = #expect(throws: SigningKey.Problem.self, "\(folder)") { try SigningKey.create(in: folder) }
            #expect(refusal?.description.contains("站点") == true || refusal?.description.contains("发布目录") == true, "\(String(describing: refusal))")
            #expect(!Self.fm.fileExists(atPath: joinPath(folder, SigningKey.privateFileName)), "\(folder)")
        }
        // Beside the site folder, as the documentation says.
        let written = try SigningKey.create(in: joinPath(outer, "keys"))
        #expect(Self.fm.fileExists(atPath: written.privateKey))
    }
}
