import Foundation
import GongkaiCore
import GongkaiKit
import Synchronization
import Testing
@testable import GongkaiServe

/// `gongkai serve` end to end: a real site on disk (`gongkai new`), the server on a free port,
/// requests on a raw socket.
@Suite(.serialized) struct ServeTests {
    /// A new site in a temporary folder, served on a free port while `body` runs. `configure` may change
    /// the server before it starts; `log` hears what the terminal would print.
    static func withServer(configure: (inout PreviewServer) -> Void = { _ in }, log: TerminalLog = TerminalLog(),
                           _ body: (RawHTTP, String) async throws -> Void) async throws {
        let folder = newSite()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await serve(folder, configure: configure, log: log, body)
    }

    /// A new site (`gongkai new`) in a temporary folder; the caller removes it.
    static func newSite() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-serve-\(UUID().uuidString)").path
        try! Scaffold.newSite(at: folder)
        return folder
    }

    /// The site in `folder` served on a free port while `body` runs, then stopped.
    static func serve(_ folder: String, configure: (inout PreviewServer) -> Void = { _ in }, log: TerminalLog = TerminalLog(),
                      _ body: (RawHTTP, String) async throws -> Void) async throws {
        var server = PreviewServer(build: BuildOptions(siteRoot: folder, jobs: 1), host: "127.0.0.1", port: 0, log: log.append)
        server.interval = .milliseconds(100)
        configure(&server)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { Issue.record("server did not start"); return }
        do {
            let http = RawHTTP(port: port)
            // The server answers 503 until its first build is done. While the whole test run shares two cores the
            // first answer may wait past a read's timeout: only a server silent for five minutes fails.
            _ = try await eventually(http, "/", seconds: 300) { $0.status != 503 }
            try await body(http, folder)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        _ = await task.result
    }

    /// Polls until `condition` holds for the reply to `target` (a rebuild takes a moment).
    static func eventually(_ http: RawHTTP, _ target: String, seconds: Double = 20,
                           _ condition: (RawHTTP.Reply) -> Bool) async throws -> RawHTTP.Reply {
        let deadline = Date().addingTimeInterval(seconds)
        // A request that gets no answer (a read timed out on a loaded machine) is asked again until the deadline.
        func ask() throws -> RawHTTP.Reply? {
            do { return try http.get(target) } catch where Date() < deadline { return nil }
        }
        var reply = try ask()
        while reply.map({ !condition($0) }) ?? true, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            reply = try ask()
        }
        return try reply ?? http.get(target)
    }

    static func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try change(text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func servesTheBuiltSiteWithTypesETagsAndHead() async throws {
        try await Self.withServer { http, folder in
            let index = try http.get("/")
            #expect(index.status == 200)
            #expect(index.headers["content-type"] == "text/html; charset=utf-8")
            #expect(index.text.contains("示例市预算绩效信息公开平台"))
            #expect(index.text.contains("<script src=\"/__gongkai/reload.js\" data-generation=\"1\"></script></body>"))
            // The reload script is added on the way out, never written into the build.
            let built = try String(contentsOfFile: joinPath(PreviewServer.outputPath(siteRoot: folder), "index.html"), encoding: .utf8)
            #expect(!built.contains("__gongkai"))
            #expect(!FileManager.default.fileExists(atPath: joinPath(folder, "public")))

            let css = try http.get("/assets/style.css")
            #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8")
            #expect(try http.get("/__gongkai/reload.js").headers["content-type"] == "text/javascript; charset=utf-8")

            let head = try http.send("HEAD", "/assets/style.css")
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(head.headers["content-length"] == String(css.body.count))
            let etag = try #require(css.headers["etag"])
            let again = try http.get("/assets/style.css", headers: ["If-None-Match": etag])
            #expect(again.status == 304 && again.body.isEmpty)
            #expect(try http.get("/assets/style.css", headers: ["If-None-Match": "\"other\""]).status == 200)

            let folderReply = try http.get("/guanyu")
            #expect(folderReply.status == 301 && folderReply.headers["location"] == "/guanyu/")
            #expect(try http.send("POST", "/").status == 405)
        }
    }

    /// A client that opened connections and sent nothing held each for ever (a few hundred use up the
    /// preview's descriptors; a request trickled in a byte at a time did too); and a folder asked for
    /// without its slash was redirected without its query string (`/guanyu?from=x` → `/guanyu/`).
    @Test func anIdleConnectionIsClosedAndTheFolderRedirectKeepsTheQuery() async throws {
        try await Self.withServer { http, _ in
            let folderReply = try http.get("/guanyu?from=%E9%A6%96%E9%A1%B5&n=2")
            #expect(folderReply.status == 301 && folderReply.headers["location"] == "/guanyu/?from=%E9%A6%96%E9%A1%B5&n=2")
            let closedAfter = try http.silentConnection(timeout: 40)
            #expect(closedAfter != nil && closedAfter! < 30, "\(String(describing: closedAfter))")
        }
    }

    @Test func refusesEverythingOutsideTheBuiltSite() async throws {
        try await Self.withServer { http, folder in
            let root = PreviewServer.outputPath(siteRoot: folder)
            // A secret beside the build folder and a symbolic link planted inside it.
            try "机密口令".write(toFile: joinPath(folder, ".gongkai-serve/secret.txt"), atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: joinPath(root, "link.yaml"), withDestinationPath: joinPath(folder, "gongkai.yaml"))
            try FileManager.default.createSymbolicLink(atPath: joinPath(root, "linkdir"), withDestinationPath: folder)
            let attempts = [
                "/../gongkai.yaml", "/../secret.txt", "/../../gongkai.yaml", "/assets/../../secret.txt",
                "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/gongkai.yaml", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                "/assets/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt",
                "/..\\secret.txt", "/assets\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/%5C..%5Csecret.txt",
                "//etc/passwd", "/%2fetc/passwd", "/etc/passwd", "http://example.com/../secret.txt",
                "/link.yaml", "/linkdir/gongkai.yaml", "/linkdir/content/organisations.yaml",
                "/./index.html", "/.staging/index.html", "/%00", "/index.html%00.css", "/assets//style.css",
            ]
            for target in attempts {
                let reply = try http.get(target)
                #expect(reply.status == 404 || reply.status == 400, "\(target) → \(reply.status)")
                #expect(!reply.text.contains("机密口令") && !reply.text.contains("title:") && !reply.text.contains("root:"), "\(target) leaked")
            }
            #expect(try http.get("/index.html").status == 200)
        }
    }

    @Test func rebuildsOnChangeAndShowsAFailedBuildOnEveryPage() async throws {
        try await Self.withServer { http, folder in
            let events = try RawHTTP(port: http.port).exchange("GET", "/__gongkai/events", timeout: 1)
            #expect(String(decoding: events, as: UTF8.self).contains("data: 1\n\n"))

            let page = joinPath(folder, "content/pages/guanyu.md")
            try Self.edit(page) { $0.replacingOccurrences(of: "请与示例市财政局联系", with: "请拨打新的咨询电话") }
            let changed = try await Self.eventually(http, "/guanyu/") { $0.text.contains("请拨打新的咨询电话") }
            #expect(changed.status == 200 && changed.text.contains("请拨打新的咨询电话"), "\(changed.status) \(changed.text.prefix(300))")

            // A broken file: every page shows the diagnostics instead of the site.
            let config = joinPath(folder, "gongkai.yaml")
            try Self.edit(config) { $0.replacingOccurrences(of: "base_url: https://example.gov.cn/", with: "base_url: 示例网址") }
            let failed = try await Self.eventually(http, "/") { $0.status == 500 }
            #expect(failed.status == 500)
            #expect(failed.text.contains("gongkai.yaml:"), "\(failed.text)")
            #expect(failed.text.contains("GK"))
            #expect(failed.text.contains("/__gongkai/reload.js"))
            #expect(try http.get("/guanyu/").text.contains("id=\"gongkai-overlay\""))
            #expect(try http.get("/assets/style.css").status == 503)

            try Self.edit(config) { $0.replacingOccurrences(of: "base_url: 示例网址", with: "base_url: https://example.gov.cn/") }
            let fixed = try await Self.eventually(http, "/") { $0.status == 200 }
            #expect(fixed.status == 200 && fixed.text.contains("示例市预算绩效信息公开平台"))
        }
    }

    @Test func aRebuildPrintsOnlyTheWarningsTheLastBuildDidNotHave() async throws {
        let folder = Self.newSite()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let page = joinPath(folder, "content/pages/guanyu.md")
        // Raw HTML in a page is a warning (GK143) at each tag: two here, two more after the edit.
        try Self.edit(page) { $0 + "\n<span>第一处</span>\n" }
        let log = TerminalLog()
        try await Self.serve(folder, log: log) { http, _ in
            #expect(log.text.components(separatedBy: "[GK143]").count - 1 == 2, "\(log.text)")
            try Self.edit(page) { $0 + "\n<b>第二处</b>\n" }
            // The page changes at the swap, before the terminal hears of it: wait for the rebuild's summary.
            _ = try await Self.eventually(http, "/guanyu/") { $0.text.contains("第二处") && log.text.components(separatedBy: "已生成预览").count - 1 >= 2 }
            // The first warning is not printed again, the new one is, and the summary counts the ones left out.
            #expect(log.text.components(separatedBy: "[GK143]").count - 1 == 4, "\(log.text)")
            #expect(log.text.contains("4 个警告，其中 2 个上次已列出"), "\(log.text)")

            // A broken file: its error is printed, and so is the next one, whatever was shown before.
            let config = joinPath(folder, "gongkai.yaml")
            try Self.edit(config) { $0.replacingOccurrences(of: "base_url: https://example.gov.cn/", with: "base_url: 示例网址") }
            _ = try await Self.eventually(http, "/") { $0.status == 500 }
            try Self.edit(page) { $0 + "\n另一段。\n" }
            _ = try await Self.eventually(http, "/") { $0.status == 500 && log.text.components(separatedBy: "生成失败").count - 1 >= 2 }
            // Each failed build printed its error again, though the one before had shown it.
            let failures = log.text.components(separatedBy: "生成失败").count - 1
            #expect(log.text.components(separatedBy: "error[GK124]").count - 1 == failures, "\(log.text)")
            // The warnings of the failed builds were the same as before: none printed again.
            #expect(log.text.components(separatedBy: "[GK143]").count - 1 == 4, "\(log.text)")
            #expect(log.text.contains("1 个错误，4 个警告，其中 4 个上次已列出"), "\(log.text)")
        }
    }

    @Test func neverServesWithheldText() async throws {
        try await Self.withServer { http, folder in
            let project = joinPath(folder, "content/projects/2025/CZJ-001.md")
            try Self.edit(project) { $0 + "\n::: 涉密\n玄武朱雀甲\n:::\n\n公开的补充说明乙\n" }
            let root = PreviewServer.outputPath(siteRoot: folder)
            let deadline = Date().addingTimeInterval(20)
            var published = false
            while !published, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                published = (try? DiskFileSystem().listFiles(under: root))?.contains { path in
                    (try? String(contentsOfFile: joinPath(root, path), encoding: .utf8))?.contains("公开的补充说明乙") == true
                } ?? false
            }
            #expect(published)
            for path in try DiskFileSystem().listFiles(under: root) {
                let reply = try http.get("/" + path)
                #expect(reply.status == 200, "\(path)")
                #expect(!reply.text.contains("玄武朱雀甲"), "\(path) served withheld text")
            }

            // A misspelt fence fails closed: the failure is shown, the text never is (diagnostics are redacted).
            try Self.edit(project) { $0 + "\n- ::: 涉密\n  玄武朱雀己\n- :::\n" }
            let failed = try await Self.eventually(http, "/") { $0.status == 500 }
            #expect(failed.status == 500 && failed.text.contains("CZJ-001.md:"), "\(failed.text.prefix(500))")
            #expect(!failed.text.contains("玄武朱雀己"))
            for path in try DiskFileSystem().listFiles(under: root) {
                #expect(!(try http.get("/" + path).text.contains("玄武朱雀")), "\(path)")
            }
        }
    }

    @Test func theFailurePageIsRedactedWhileTheTerminalShowsWithheldText() async throws {
        let log = TerminalLog()
        try await Self.withServer(configure: { $0.build.showWithheld = true }, log: log) { http, folder in
            // A non-numeric score inside a classified indicator: GK120 quotes the value.
            try Self.edit(joinPath(folder, "content/projects/2025/CZJ-001.md")) {
                $0.replacingOccurrences(of: "              weight: 10\n---", with: """
                              weight: 10
                            - name: 核查指标
                              disclosure: 涉密
                              target: 完成核查
                              score: 玄武朱雀分值
                ---
                """)
            }
            let failed = try await Self.eventually(http, "/") { $0.status == 500 }
            #expect(failed.status == 500 && failed.text.contains("GK120"), "\(failed.text.prefix(500))")
            #expect(!failed.text.contains("玄武朱雀分值"))
            #expect(failed.text.contains("〔不予公开内容〕"))
            // The terminal honours --show-withheld.
            #expect(log.text.contains("玄武朱雀分值"))
        }
    }

    @Test func answersOnlyHostsNamingTheAddressServed() async throws {
        try await Self.withServer { http, _ in
            let port = http.port
            for host in ["127.0.0.1:\(port)", "127.0.0.1", "localhost:\(port)", "LOCALHOST", "[::1]:\(port)", "[::1]", "[0:0::1]:\(port)"] {
                let reply = try http.get("/", headers: ["Host": host])
                #expect(reply.status == 200, "\(host) → \(reply.status)")
            }
            // DNS rebinding: a page on evil.example.com, its name pointed at 127.0.0.1, must not read the preview.
            let refused = ["evil.example.com", "evil.example.com:\(port)", "127.0.0.1.evil.example.com:\(port)", "localhost.evil.example.com",
                           "127.0.0.1:\(port + 1)", "127.0.0.1:", "127.0.0.1:\(port)x", "::1:\(port)", "[::1", "[::1]x", ""]
            for host in refused {
                for target in ["/", "/assets/style.css", "/__gongkai/reload.js", "/__gongkai/events"] {
                    let reply = try http.get(target, headers: ["Host": host])
                    #expect(reply.status == 421, "\(host) \(target) → \(reply.status)")
                    #expect(reply.text.hasPrefix("地址不符") && !reply.text.contains("示例市"), "\(host) \(target)")
                }
            }
            // A second Host header naming another site.
            #expect(try http.get("/", headers: ["host": "evil.example.com"]).status == 421)
        }
    }

    @Test func loopbackIsAnAddressNotAPrefix() {
        for host in ["127.0.0.1", "127.0.0.2", "127.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "localhost", "LocalHost"] {
            #expect(PreviewServer.isLoopback(host), "\(host)")
        }
        for host in ["127.example.com", "127.0.0.1.nip.io", "0.0.0.0", "::", "192.168.1.20", "::ffff:192.168.1.20", "::2", "example.com", "localhost.example.com", ""] {
            #expect(!PreviewServer.isLoopback(host), "\(host)")
        }
    }

    @Test func onEveryAddressTheMachinesOwnAddressesAreAnswered() throws {
        let lan = try #require(IPAddress("192.168.1.20"))
        let hosts = AllowedHosts(serving: "0.0.0.0", machineAddresses: { [lan, try! #require(IPAddress("fe80::1"))] })
        #expect(hosts.allows("192.168.1.20:8000", port: 8000) && hosts.allows("[fe80::1]:8000", port: 8000) && hosts.allows("localhost", port: 8000))
        #expect(!hosts.allows("192.168.1.21:8000", port: 8000) && !hosts.allows("evil.example.com:8000", port: 8000))
        #expect(!hosts.allows(nil, port: 8000))
        let named = AllowedHosts(serving: "Preview.Local", machineAddresses: { [lan] })
        #expect(named.allows("preview.local:8000", port: 8000) && !named.allows("192.168.1.20:8000", port: 8000))
    }

    /// The build reads publication-record.yaml (the 更新记录 page): a broken or restored record rebuilds too.
    @Test func rebuildsWhenThePublicationRecordChanges() async throws {
        try await Self.withServer { http, folder in
            let record = joinPath(folder, "publication-record.yaml")
            try "releases: 不是列表\n".write(toFile: record, atomically: true, encoding: .utf8)
            let failed = try await Self.eventually(http, "/") { $0.status == 500 }
            #expect(failed.status == 500 && failed.text.contains("GK008"), "\(failed.text.prefix(300))")
            try FileManager.default.removeItem(atPath: record)
            #expect(try await Self.eventually(http, "/") { $0.status == 200 }.status == 200)
        }
    }

    /// A symbolic link in content/ is refused (GK001): adding one shows the error, removing it brings the site back.
    @Test func rebuildsWhenASymbolicLinkAppearsOrGoes() async throws {
        try await Self.withServer { http, folder in
            let link = joinPath(folder, "content/pages/link.md")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: joinPath(folder, "content/pages/guanyu.md"))
            let failed = try await Self.eventually(http, "/") { $0.status == 500 }
            #expect(failed.status == 500 && failed.text.contains("GK001"), "\(failed.text.prefix(300))")
            try FileManager.default.removeItem(atPath: link)
            #expect(try await Self.eventually(http, "/") { $0.status == 200 }.status == 200)
            // A link to a folder, and one leading nowhere.
            let folderLink = joinPath(folder, "content/projects/linked")
            try FileManager.default.createSymbolicLink(atPath: folderLink, withDestinationPath: joinPath(folder, "content/pages"))
            #expect(try await Self.eventually(http, "/") { $0.status == 500 }.text.contains("GK001"))
            try FileManager.default.removeItem(atPath: folderLink)
            #expect(try await Self.eventually(http, "/") { $0.status == 200 }.status == 200)
            try FileManager.default.createSymbolicLink(atPath: joinPath(folder, "content/pages/gone.md"), withDestinationPath: joinPath(folder, "nowhere.md"))
            #expect(try await Self.eventually(http, "/") { $0.status == 500 }.text.contains("GK001"))
        }
    }

    /// Run inside the site folder, which is then deleted and made again (a fresh checkout): the preview
    /// follows the new folder, since the site path was made absolute at the start.
    @Test func followsTheSiteFolderDeletedAndMadeAgain() async throws {
        let folder = Self.newSite()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let serve = try ServeProcess(["--port", "0", "--jobs", "1"], in: folder)
        defer { serve.stop() }
        let http = RawHTTP(port: try await serve.port())
        #expect(try await Self.eventually(http, "/guanyu/") { $0.status == 200 }.status == 200)
        try FileManager.default.removeItem(atPath: folder)
        #expect(try await Self.eventually(http, "/") { $0.status == 500 }.status == 500)
        try Scaffold.newSite(at: folder)
        try Self.edit(joinPath(folder, "content/pages/guanyu.md")) { $0.replacingOccurrences(of: "请与示例市财政局联系", with: "请拨打新的咨询电话") }
        let page = try await Self.eventually(http, "/guanyu/") { $0.text.contains("请拨打新的咨询电话") }
        #expect(page.status == 200 && page.text.contains("请拨打新的咨询电话"), "\(page.status) \(serve.output.text)")
    }

    @Test func aBusyPortIsNamed() async throws {
        try await Self.withServer { http, _ in
            let other = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-serve-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: other) }
            try Scaffold.newSite(at: other)
            let log = TerminalLog()
            let second = PreviewServer(build: BuildOptions(siteRoot: other, jobs: 1), port: http.port, log: log.append)
            do {
                try await second.run()
                Issue.record("second server started on a busy port")
            } catch let failure as PreviewServer.Failure {
                #expect(failure.description.contains("端口 \(http.port) 已被占用"), "\(failure)")
            }
            // The port is bound before anything is built: nothing was written.
            #expect(log.text.isEmpty, "\(log.text)")
            #expect(DiskFileSystem().entries(in: joinPath(other, PreviewServer.folderName)).allSatisfy { $0 == "site" }, "\(DiskFileSystem().entries(in: joinPath(other, PreviewServer.folderName)))")
            #expect(DiskFileSystem().entries(in: PreviewServer.outputPath(siteRoot: other)).isEmpty)
        }
    }

    /// Two previews of one site would build into one folder and fight over it: the second is refused
    /// before it binds or builds anything, and the first goes on serving.
    @Test func aSecondPreviewOfTheSameSiteIsRefused() async throws {
        let folder = Self.newSite()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.serve(folder) { http, folder in
            let index = joinPath(PreviewServer.outputPath(siteRoot: folder), "index.html")
            let built = try Data(contentsOf: URL(fileURLWithPath: index))
            let log = TerminalLog()
            let second = PreviewServer(build: BuildOptions(siteRoot: folder, jobs: 1), port: 0, log: log.append)
            // Stopped after a while if it does start, so that the test fails instead of waiting for ever.
            let outcome = Task { () -> String in
                do {
                    try await second.run { port in Issue.record("second preview listened on \(port)") }
                    return "second preview of the same site started"
                } catch { return "\(error)" }
            }
            let stop = Task {
                try await Task.sleep(for: .seconds(5))
                outcome.cancel()
            }
            let refusal = await outcome.value
            stop.cancel()
            #expect(refusal.contains("另一个 gongkai serve 正在预览 \(folder)"), "\(refusal)")
            #expect(log.text.isEmpty, "\(log.text)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: index)) == built)
            #expect(!FileManager.default.fileExists(atPath: joinPath(folder, PreviewServer.folderName, ".site.previous")))
            #expect(try http.get("/").status == 200)
        }
        // Once the first has stopped, the site can be previewed again.
        try await Self.serve(folder) { http, _ in
            let reply = try http.get("/")
            #expect(reply.status == 200)
        }
    }
}

/// `gongkai serve` as the clerk runs it: the binary `swift test` builds beside the tests, in a working folder.
final class ServeProcess {
    let process = Process()
    let output = TerminalLog()

    init(_ arguments: [String], in folder: String) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gongkai")
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(String(decoding: handle.availableData, as: UTF8.self)) }
        try process.run()
    }

    /// The port from the line `预览：http://127.0.0.1:<port>/`, once printed.
    func port(seconds: Double = 60) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = output.text
            if let start = text.range(of: "http://127.0.0.1:") {
                let digits = text[start.upperBound...].prefix { $0.isNumber }
                if text[start.upperBound...].dropFirst(digits.count).hasPrefix("/"), let port = Int(digits) { return port }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RawHTTP.Failure(message: "serve did not start: \(output.text)")
    }

    /// Ctrl-C, as the clerk stops it.
    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}

/// What the server printed, for tests that look at the terminal.
final class TerminalLog: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// The watcher sees saved files, not editor droppings.
@Suite struct WatcherTests {
    @Test func seesSavedFilesButNotHiddenOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-watch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold.newSite(at: folder)
        let watcher = SiteWatcher(paths: SiteInputs.paths(siteRoot: folder))
        let before = watcher.snapshot()
        #expect(before.contains { $0.path.hasSuffix("content/pages/guanyu.md") })
        try "swap".write(toFile: joinPath(folder, "content/pages/.guanyu.md.swp"), atomically: false, encoding: .utf8)
        try "public".write(toFile: joinPath(folder, "public.txt"), atomically: false, encoding: .utf8) // not an input
        #expect(watcher.snapshot() == before)
        // An editor's hidden folder is skipped whole; a clerk's sub-folder is not.
        try FileManager.default.createDirectory(atPath: joinPath(folder, "content/pages/.obsidian"), withIntermediateDirectories: true)
        try "{}".write(toFile: joinPath(folder, "content/pages/.obsidian/workspace.md"), atomically: false, encoding: .utf8)
        #expect(watcher.snapshot() == before)
        try "新页面".write(toFile: joinPath(folder, "content/pages/new.md"), atomically: false, encoding: .utf8)
        let added = watcher.snapshot()
        #expect(added != before && added.count == before.count + 1)
        try FileManager.default.createDirectory(atPath: joinPath(folder, "content/pages/tongzhi"), withIntermediateDirectories: true)
        try "通知".write(toFile: joinPath(folder, "content/pages/tongzhi/a.md"), atomically: false, encoding: .utf8)
        let nested = watcher.snapshot()
        #expect(nested.map(\.path) == (added.map(\.path) + [joinPath(folder, "content/pages/tongzhi/a.md")]).sorted { $0.precedesBytewise($1) })
        // The same name, other bytes; then a symbolic link in its place (which the build refuses), seen as itself.
        try "新页面，改过".write(toFile: joinPath(folder, "content/pages/new.md"), atomically: false, encoding: .utf8)
        let edited = watcher.snapshot()
        #expect(edited != nested && edited.count == nested.count)
        try FileManager.default.removeItem(atPath: joinPath(folder, "content/pages/new.md"))
        try FileManager.default.createSymbolicLink(atPath: joinPath(folder, "content/pages/new.md"), withDestinationPath: "/etc/hostname")
        let linked = watcher.snapshot()
        #expect(linked != edited && linked.count == edited.count)
        // A file whose name is not UTF-8 (GBK, from a zip made on Chinese Windows): the build refuses it, so it must be seen.
        let gbk = Array(joinPath(folder, "content/pages/").utf8) + [0xB9, 0xAB, 0xB8, 0xE6, 0x2E, 0x6D, 0x64, 0] // 公告.md
        let fd = gbk.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        #expect(watcher.snapshot().count == linked.count + 1)
        _ = gbk.withUnsafeBufferPointer { unlink(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        // A theme folder named in gongkai.yaml is watched instead of theme/.
        try ("theme: mytheme\n" + String(contentsOfFile: joinPath(folder, "gongkai.yaml"), encoding: .utf8))
            .write(toFile: joinPath(folder, "gongkai.yaml"), atomically: true, encoding: .utf8)
        #expect(SiteInputs.paths(siteRoot: folder).last == joinPath(folder, "mytheme"))
    }
}
