import Crypto
import Foundation
import GongkaiCore
import GongkaiKit
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// 预览 — `gongkai serve`: builds the site through the normal pipeline (so the leak audit applies)
/// into a private folder, serves it, and rebuilds when an input changes.
public struct PreviewServer: Sendable {
    /// The private build folder inside the site folder (gitignored; never `public/`).
    public static let folderName = ".gongkai-serve"

    public var build: BuildOptions
    public var host: String
    public var port: Int
    /// How often inputs are polled.
    public var interval: Duration = .milliseconds(300)
    /// How long a connection may stay silent (no request, or a request arriving too slowly) before it is
    /// closed: without it, a client that opens sockets and sends nothing holds each for ever, and a few
    /// hundred use up the preview's descriptors. An answer being sent (the reload event stream) is not silence.
    public var idleTimeout: Duration = .seconds(10)
    /// Where progress and diagnostics go (the terminal).
    public var log: @Sendable (String) -> Void

    public init(build: BuildOptions, host: String = "127.0.0.1", port: Int = 8000,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.build = build
        self.host = host
        self.port = port
        self.log = log
        // Absolute from the start: a relative path is read against the working folder, and when that is the
        // site and it is deleted and made again (a fresh checkout, an unpacked copy) the process keeps the
        // deleted one, so every rebuild would fail for good.
        self.build.siteRoot = URL(fileURLWithPath: build.siteRoot).standardizedFileURL.path
        self.build.outputPath = Self.outputPath(siteRoot: self.build.siteRoot)
        self.build.writeOutput = true
        self.build.reportPath = nil
    }

    func watcher() -> SiteWatcher { SiteWatcher(paths: SiteInputs.paths(siteRoot: build.siteRoot)) }

    public static func outputPath(siteRoot: String) -> String { joinPath(siteRoot, folderName, "site") }

    /// The lock held while a preview of the site runs (in the private folder, removed on exit).
    static func lockPath(siteRoot: String) -> String { joinPath(siteRoot, folderName, ".serve.lock") }

    public enum Failure: Error, CustomStringConvertible {
        case portBusy(host: String, port: Int)
        case cannotListen(host: String, port: Int, reason: String)
        /// Another preview of the same site is running: both would build into one folder and fight over it.
        case siteBusy(site: String, reason: String)

        public var description: String {
            switch self {
            case let .portBusy(host, port):
                "端口 \(port) 已被占用（\(host)），可能已有一个 gongkai serve 在运行；请关闭它，或用 --port 换一个端口"
            case let .cannotListen(host, port, reason):
                "无法在 \(host):\(port) 上提供预览：\(reason)"
            case let .siteBusy(site, reason):
                "另一个 gongkai serve 正在预览 \(site)（\(reason)）；同一个网站只能有一个预览，请使用已打开的那个，或先关闭它"
            }
        }
    }

    /// True for localhost and a loopback address (127.0.0.0/8, ::1, also written `::ffff:127.0.0.1` or
    /// `[::1]`): only this machine can reach the preview. Any other name is not, whatever it starts with.
    public static func isLoopback(_ host: String) -> Bool {
        ["localhost", "localhost."].contains(host.lowercased()) || IPAddress(host)?.isLoopback == true
    }

    /// Binds the port, builds once, then serves until cancelled or, with `stopOnSignals`, until SIGINT
    /// (Ctrl-C) or SIGTERM. `onListening` gets the port actually bound (useful with port 0). Throws
    /// `Failure` before building anything when the site is already previewed or the port is busy.
    public func run(stopOnSignals: Bool = false,
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // One preview per site: a second would build into the same folder, and each build would find the
        // other's lock (GK005) or replace the site under the other's feet.
        let lock: FileLock?
        do { lock = try DiskFileSystem().lockExclusively(Self.lockPath(siteRoot: build.siteRoot)) } catch {
            throw Failure.siteBusy(site: build.siteRoot, reason: FileSystemError.describe(error))
        }
        defer { withExtendedLifetime(lock) {} }
        let state = PreviewState()
        // Nothing is built before the port is bound: a busy port is reported before anything is written.
        let (listening, listened) = AsyncStream<Void>.makeStream()
        let watcher = WatchService(server: self, state: state, listening: listening)
        // An empty folder first, so that it exists (and has a real path) even when the first build fails.
        try? FileManager.default.createDirectory(atPath: build.resolvedOutputPath, withIntermediateDirectories: true)
        guard let root = SafePath.canonical(build.resolvedOutputPath) else {
            throw Failure.cannotListen(host: host, port: port, reason: "无法创建预览目录 \(build.resolvedOutputPath)")
        }
        var logger = Logger(label: "gongkai-serve")
        logger.logLevel = .critical
        let app = Application(
            responder: PreviewResponder(state: state, root: root, hosts: AllowedHosts(serving: host)),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000
                                                                           + idleTimeout.components.attoseconds / 1_000_000_000))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                listened.finish()
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
        // Shut down in reverse order: the watcher first, which ends the event streams, then the server.
        let group = ServiceGroup(configuration: .init(services: [app, watcher], gracefulShutdownSignals: stopOnSignals ? [.sigint, .sigterm] : [], logger: logger))
        do {
            try await group.run()
        } catch {
            state.close()
            throw Self.explain(error, host: host, port: port)
        }
    }

    static func explain(_ error: any Error, host: String, port: Int) -> any Error {
        if let io = error as? IOError, io.errnoCode == EADDRINUSE { return Failure.portBusy(host: host, port: port) }
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") { return Failure.portBusy(host: host, port: port) }
        if error is CancellationError { return error }
        return Failure.cannotListen(host: host, port: port, reason: text)
    }
}

extension HTTPField.Name {
    /// Hummingbird moves the first Host header into `authority`; any further one stays a header.
    static let host = HTTPField.Name("Host")!
}

extension BuildOptions {
    var resolvedOutputPath: String { outputPath ?? joinPath(siteRoot, "public") }
}

/// Polls the inputs and rebuilds on change; ends the event streams on shutdown.
struct WatchService: Service {
    let server: PreviewServer
    let state: PreviewState
    /// Ends when the server is listening; the first build waits for it. Cancelled instead when the
    /// server could not start, and then nothing is built.
    let listening: AsyncStream<Void>
    /// Each content file as the last build read it: a rebuild parses only the files that changed.
    let memo = LoadMemo()
    /// The warnings the terminal has shown, so that a rebuild prints only the new ones.
    let shown = ShownWarnings()

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in listening {}
            guard !Task.isCancelled else { return }
            var watcher = server.watcher()
            var last = watcher.snapshot()
            await rebuild()
            let clock = ContinuousClock()
            var pause = server.interval
            while !Task.isCancelled {
                try? await Task.sleep(for: pause)
                let start = clock.now
                let now = watcher.snapshot()
                // Polling takes at most a twentieth of a core: a platform's 22,000 files take about 50 ms a look, and looking
                // every 300 ms kept a sixth of a core busy while the clerk only read. Never more than two seconds between
                // looks, though: one slow look (a cold disk, a busy machine) must not leave a saved file unseen for long.
                let longest = max(server.interval, .seconds(2))
                pause = min(max(server.interval, (clock.now - start) * 19), longest)
                guard now != last else { continue }
                // Let the editor finish writing, then snapshot before building: a change made during
                // the build is seen at the next poll. The theme folder is read again from gongkai.yaml.
                try? await Task.sleep(for: server.interval / 3)
                watcher = server.watcher()
                last = watcher.snapshot()
                await rebuild()
            }
        }
        state.close()
    }

    /// One full build through the pipeline, off the cooperative threads.
    func rebuild() async {
        let options = server.build
        let clock = ContinuousClock()
        let start = clock.now
        let report = await withCheckedContinuation { (continuation: CheckedContinuation<BuildReport, Never>) in
            DispatchQueue.global().async { [memo] in continuation.resume(returning: Pipeline(loadMemo: memo).run(options)) }
        }
        let elapsed = clock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        // One write for them all: a platform with thousands of warnings printed line by line kept the terminal (and the
        // page's reload, which waits for it) busy for seconds on every save.
        let (lines, repeated) = shown.lines(for: report.diagnostics)
        if !lines.isEmpty { server.log(lines.joined(separator: "\n")) }
        let unrepeated = repeated == 0 ? "" : "，其中 \(repeated) 个上次已列出"
        if report.succeeded {
            state.finished(failure: nil)
            server.log("已生成预览：\(report.pagesWritten) 个页面，\(report.warnings.count) 个警告\(unrepeated)（\(milliseconds) ms）")
        } else {
            // The page is always redacted: `--show-withheld` is for the clerk's terminal, and a browser
            // page is easily shown, printed or, with --host, seen by others.
            state.finished(failure: report.redactedDiagnostics)
            server.log("生成失败：\(report.errors.count) 个错误，\(report.warnings.count) 个警告\(unrepeated)。浏览器中每个页面显示这些问题，改正后自动刷新。")
        }
    }
}

/// What a rebuild prints: every error, and the warnings the build before it did not have. A clerk saves a file and wants
/// to see what that save changed; the same warnings again, on every save, would bury it (on a platform, thousands of
/// lines). The first build prints them all, and the summary counts the ones not printed again.
final class ShownWarnings: Sendable {
    /// The last build's warnings, as printed; nil before the first build.
    private let last = Mutex<Set<String>?>(nil)

    /// The lines to print for `diagnostics`, in their order, and how many warnings were left out as shown before.
    func lines(for diagnostics: [Diagnostic]) -> (lines: [String], repeated: Int) {
        last.withLock { last in
            var lines: [String] = [], warnings = Set<String>(), repeated = 0
            for diagnostic in diagnostics {
                let line = diagnostic.description
                if diagnostic.severity == .warning {
                    warnings.insert(line)
                    if last?.contains(line) == true { repeated += 1; continue }
                }
                lines.append(line)
            }
            last = warnings
            return (lines, repeated)
        }
    }
}

/// Hummingbird's basic context plus the port the connection came in on, for the Host check.
struct PreviewRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The port served (also when `--port 0` let the system choose it).
    let localPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        localPort = source.channel.localAddress?.port
    }
}

/// Serves the built site, the reload script and the event stream; nothing else.
struct PreviewResponder: HTTPResponder {
    typealias Context = PreviewRequestContext
    let state: PreviewState
    /// The canonical path of the private build folder.
    let root: String
    let hosts: AllowedHosts

    func respond(to request: Request, context: Context) async throws -> Response {
        // A second Host header is refused too, so that nothing downstream can read the other one.
        guard hosts.allows(request.head.authority, port: context.localPort), request.headers[values: .host].isEmpty else {
            return file(Data("地址不符：请用 gongkai serve 显示的地址（如 http://127.0.0.1:\(context.localPort ?? 8000)/）打开预览\n".utf8),
                        type: MediaTypes.of("x.txt"), request: request, status: .misdirectedRequest)
        }
        guard request.method == .get || request.method == .head else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return Response(status: .methodNotAllowed, headers: headers)
        }
        let target = request.head.path ?? "/"
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        let snapshot = state.snapshot
        if path == PreviewPages.reloadPath {
            return file(Data(PreviewPages.reloadScript.utf8), type: MediaTypes.of(path), request: request, status: .ok)
        }
        if path == PreviewPages.eventsPath { return events() }
        if snapshot.generation == 0 {
            let html = Data(PreviewPages.building(generation: 0).utf8)
            return file(html, type: MediaTypes.of("x.html"), request: request, status: .serviceUnavailable)
        }
        if let failure = snapshot.failure {
            // Every page shows the failure; nothing of any build is served until the next good one.
            let looksLikePage = path.hasSuffix("/") || path.hasSuffix(".html") || !(path as NSString).lastPathComponent.contains(".")
            guard looksLikePage else { return file(Data("生成失败，见预览页面或终端\n".utf8), type: MediaTypes.of("x.txt"), request: request, status: .serviceUnavailable) }
            let html = Data(PreviewPages.failure(failure, generation: snapshot.generation).utf8)
            return file(html, type: MediaTypes.of("x.html"), request: request, status: .internalServerError)
        }
        switch SafePath.resolve(target, in: root) {
        case .file(let real):
            guard let data = FileManager.default.contents(atPath: real) else { return notFound(request, snapshot) }
            return file(data, type: MediaTypes.of(real), request: request, status: .ok, generation: snapshot.generation)
        case .redirect(let location):
            var headers = HTTPFields()
            headers[.location] = location
            return Response(status: .movedPermanently, headers: headers)
        case .notFound:
            return notFound(request, snapshot)
        }
    }

    /// The site's own 404 page, else a line of text.
    private func notFound(_ request: Request, _ snapshot: PreviewState.Snapshot) -> Response {
        if case .file(let page) = SafePath.resolve("/404.html", in: root), let data = FileManager.default.contents(atPath: page) {
            return file(data, type: MediaTypes.of(page), request: request, status: .notFound, generation: snapshot.generation)
        }
        return file(Data("404 找不到该页面\n".utf8), type: MediaTypes.of("x.txt"), request: request, status: .notFound)
    }

    /// A whole-body response with ETag/If-None-Match and HEAD; HTML gets the reload script.
    private func file(_ data: Data, type: String, request: Request, status: HTTPResponse.Status, generation: Int? = nil) -> Response {
        var body = data
        if let generation, type.hasPrefix("text/html") { body = PreviewPages.inject(data, generation: generation) }
        let tag = "\"" + SHA256.hash(data: body).prefix(12).hexString + "\""
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.eTag] = tag
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if status == .ok, let asked = request.headers[.ifNoneMatch],
           asked.split(separator: ",").contains(where: { let t = $0.trimmingCharacters(in: .whitespaces); return t == tag || t == "W/" + tag || t == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(body.count)
        if request.method == .head { return Response(status: status, headers: headers, body: ResponseBody()) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Server-Sent Events: the current build generation, then each new one.
    private func events() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let stream = state.subscribe()
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
            for await generation in stream {
                try await writer.write(ByteBuffer(string: "data: \(generation)\n\n"))
            }
            try await writer.finish(nil)
        })
    }
}
