import Crypto
import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
#if canImport(Glibc)
import Glibc
#endif

/// The issue's full setup, all on loopback: sshd started with a throwaway key, `deploy` over SSH with
/// rsync, nginx serving `current` on a free port, `verify` over HTTP, a byte changed, rollback.
/// Skipped with a message when sshd, rsync or nginx are not installed (`scripts/install-deps.sh --browser`
/// installs them, so CI runs it).
@Suite("Deploy over SSH, verify over HTTP", .serialized)
struct RemoteDeployTests {
    static let fm = FileManager.default
    static let sshd = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"].first { fm.isExecutableFile(atPath: $0) }
    static let nginx = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].first { fm.isExecutableFile(atPath: $0) }
    static let available = sshd != nil && nginx != nil && RemoteDeployer.which("rsync") != nil
        && RemoteDeployer.which("ssh") != nil && RemoteDeployer.which("ssh-keygen") != nil

    /// A TCP port free on 127.0.0.1 right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A server started with posix_spawn, not Foundation's Process: Process reaps its children with a
    /// blocking wait on each, so a long-running server would keep every later `ssh` from being reaped.
    struct Server {
        var pid: pid_t
        func stop() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    static func start(_ arguments: [String], log: String) throws -> Server {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard status == 0 else { throw Deployer.Refusal(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        return Server(pid: pid)
    }

    /// Waits until something listens on the port (at most 10 s).
    static func waitForPort(_ port: Int) -> Bool {
        for _ in 0..<200 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func deployOverSSHServeWithNginxVerifyOverHTTPTamperAndRollBack() throws {
        guard Self.available else {
            print("跳过：需要 sshd、rsync、ssh-keygen 和 nginx（scripts/install-deps.sh --browser 会安装）")
            return
        }
        let (outer, root, output) = try DeployTests.builtSite(signingKey: true)
        defer { try? Self.fm.removeItem(atPath: outer) }
        let key = try DeployTests.publicKey(outer)
        let servers = joinPath(outer, "servers")
        try Self.fm.createDirectory(atPath: servers, withIntermediateDirectories: true)

        // sshd on loopback with a throwaway host key; the test logs in as the current user with a throwaway key.
        for name in ["host_key", "user_key"] {
            let keygen = try RemoteDeployer.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", joinPath(servers, name)])
            try #require(keygen.status == 0, "\(keygen.stderr)")
        }
        try Self.fm.copyItem(atPath: joinPath(servers, "user_key.pub"), toPath: joinPath(servers, "authorized_keys"))
        let sshPort = Self.freePort()
        try """
        Port \(sshPort)
        ListenAddress 127.0.0.1
        HostKey \(joinPath(servers, "host_key"))
        AuthorizedKeysFile \(joinPath(servers, "authorized_keys"))
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        StrictModes no
        UsePAM no
        PidFile \(joinPath(servers, "sshd.pid"))

        """.write(toFile: joinPath(servers, "sshd_config"), atomically: true, encoding: .utf8)
        if getuid() == 0 { try? Self.fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) } // privilege separation
        let sshd = try Self.start([Self.sshd!, "-D", "-e", "-f", joinPath(servers, "sshd_config")], log: joinPath(servers, "sshd.log"))
        defer { sshd.stop() }
        try #require(Self.waitForPort(sshPort), "sshd did not start: \((try? String(contentsOfFile: joinPath(servers, "sshd.log"), encoding: .utf8)) ?? "")")

        let ssh = ["ssh", "-p", "\(sshPort)", "-i", joinPath(servers, "user_key"), "-o", "StrictHostKeyChecking=no",
                   "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
        let remoteFolder = joinPath(outer, "remote")
        let target = RemoteDeployer.Target(host: "\(NSUserName())@127.0.0.1", path: remoteFolder)
        #expect(try RemoteDeployer.parse("\(target.host):\(remoteFolder)") == target)
        let first = try RemoteDeployer.deploy(site: output, to: target, keep: 3, ssh: ssh)
        #expect(first.previousDigest == nil && !first.added.isEmpty)
        let current = joinPath(remoteFolder, "current")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == "releases/\(first.rootDigest)")

        // nginx serves current on a free port.
        let httpPort = Self.freePort()
        try Self.fm.createDirectory(atPath: joinPath(servers, "nginx"), withIntermediateDirectories: true)
        try """
        daemon off;
        pid \(joinPath(servers, "nginx.pid"));
        error_log \(joinPath(servers, "nginx-error.log"));
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path \(joinPath(servers, "nginx"));
          proxy_temp_path \(joinPath(servers, "nginx"));
          fastcgi_temp_path \(joinPath(servers, "nginx"));
          uwsgi_temp_path \(joinPath(servers, "nginx"));
          scgi_temp_path \(joinPath(servers, "nginx"));
          types { text/html html; text/css css; application/json json; }
          server { listen 127.0.0.1:\(httpPort); root \(current); }
        }

        """.write(toFile: joinPath(servers, "nginx.conf"), atomically: true, encoding: .utf8)
        let nginx = try Self.start([Self.nginx!, "-e", joinPath(servers, "nginx-error.log"), "-p", servers, "-c", joinPath(servers, "nginx.conf")],
                                   log: joinPath(servers, "nginx.log"))
        defer { nginx.stop() }
        try #require(Self.waitForPort(httpPort), "nginx did not start: \((try? String(contentsOfFile: joinPath(servers, "nginx-error.log"), encoding: .utf8)) ?? "")")
        let url = "http://127.0.0.1:\(httpPort)/"
        let served = SiteVerifier.verify(url, key: key)
        #expect(served.ok, "\(served.problems) \(served.missing) \(served.changed)")
        #expect(served.signature == "valid" && served.rootDigest == first.rootDigest)
        #expect(served.skipped == [".gongkai-build.json"])

        // A second release: only the changed page travels; the first stays for rollback.
        let path = joinPath(root, "content/pages/zhengce/banfa.md")
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n第二条　修订。\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(SafeOutputTests.build(root).succeeded)
        let second = try RemoteDeployer.deploy(site: output, to: target, keep: 3, ssh: ssh, record: joinPath(root, PublicationRecord.fileName))
        #expect(second.previousDigest == first.rootDigest && second.changed.contains("zhengce/banfa/index.html"))
        // The publication record compares with the manifest the server served before.
        let recorded = try PublicationRecord.read(joinPath(root, PublicationRecord.fileName))
        #expect(recorded.releases.map(\.root) == [second.rootDigest])
        #expect(recorded.releases.first?.changes.map { "\($0.change.rawValue) \($0.path)" } == ["corrected zhengce/banfa/"])
        #expect(SiteVerifier.verify(url, key: key).rootDigest == second.rootDigest)

        // One byte changed on the server: verify over HTTP fails and names the file.
        let page = joinPath(current, "zhengce/banfa/index.html")
        var bytes = try #require(Self.fm.contents(atPath: page))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: page))
        let tampered = SiteVerifier.verify(url, key: key)
        #expect(!tampered.ok && tampered.changed == ["zhengce/banfa/index.html"])

        // The goal both releases publish is classified now: the release fetched for the rollback is audited
        // against it (GK012), and the current site stays. Public again, the rollback goes.
        let project = joinPath(root, "content/projects/2025/JYJ-2025-001.md")
        let original = try String(contentsOfFile: project, encoding: .utf8)
        try original.replacingOccurrences(of: "goal: 保障学生营养餐供应。", with: "goal: {value: 保障学生营养餐供应。, disclosure: 涉密}")
            .write(toFile: project, atomically: true, encoding: .utf8)
        let audit: (String, String) throws -> Void = { folder, shown in
            try ReleaseAudit.check(folder: folder, shownAs: shown, what: "要回退到的版本", siteRoot: root)
        }
        let withheld = #expect(throws: Deployer.Refusal.self) { try RemoteDeployer.rollback(target, ssh: ssh, audit: audit) }
        #expect(withheld?.code == .deployWithheld && withheld?.description.contains("127.0.0.1:") == true, "\(String(describing: withheld))")
        #expect(try Self.fm.destinationOfSymbolicLink(atPath: current) == "releases/\(second.rootDigest)")
        try original.write(toFile: project, atomically: true, encoding: .utf8)

        // Roll back over SSH: the first release is served and verifies again.
        let back = try RemoteDeployer.rollback(target, ssh: ssh, audit: audit)
        #expect(back.rootDigest == first.rootDigest)
        let restored = SiteVerifier.verify(url, key: key)
        #expect(restored.ok && restored.rootDigest == first.rootDigest, "\(restored.problems) \(restored.changed)")

        // Clear refusals: a remote folder gongkai did not make, a missing ssh program.
        let other = joinPath(outer, "www")
        try Self.fm.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: joinPath(other, "index.html")))
        let refusal = #expect(throws: Deployer.Refusal.self) {
            try RemoteDeployer.deploy(site: output, to: .init(host: target.host, path: other), ssh: ssh)
        }
        #expect(refusal?.description.contains("不是 gongkai deploy 建立的") == true, "\(String(describing: refusal))")
        #expect(Self.fm.contents(atPath: joinPath(other, "index.html")) == Data("old".utf8))
        let noSSH = #expect(throws: Deployer.Refusal.self) {
            try RemoteDeployer.deploy(site: output, to: target, ssh: ["gongkai-no-such-ssh"])
        }
        #expect(noSSH?.description.contains("gongkai-no-such-ssh") == true)
    }
}
