import Crypto
import Foundation
import GongkaiCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gongkai verify <folder | URL>` for a website: reads or fetches `manifest.json`, checks its
/// signature, then every file it lists. A folder is also searched for files the manifest does not
/// list (a planted page or `.htaccess` is tampering too); over HTTP only listed files can be fetched.
public enum SiteVerifier {
    /// What verification found; `--json` prints it as is, for monitoring systems.
    public struct Result: Sendable, Codable {
        public var location: String
        public var rootDigest: String?
        /// `valid`, `invalid`, `unsigned` (no signature and no key asked for one) or `missing` (a key was given, no signature found).
        public var signature: String
        /// Where the key came from: `given` (`--key`) or `published` (the site's own copy, which proves no origin).
        public var keySource: String?
        public var keyFingerprint: String?
        public var checkedFiles = 0
        public var missing: [String] = []
        public var changed: [String] = []
        public var extra: [String] = []
        /// Files not fetched over HTTP because web servers commonly refuse hidden files.
        public var skipped: [String] = []
        /// Anything else that stops the site from verifying: unreadable manifest, bad signature, fetch errors.
        public var problems: [String] = []

        public var ok: Bool { rootDigest != nil && problems.isEmpty && missing.isEmpty && changed.isEmpty && extra.isEmpty }

        enum CodingKeys: String, CodingKey {
            case location, signature, missing, changed, extra, skipped, problems, ok
            case rootDigest = "root_digest", keySource = "key_source", keyFingerprint = "key_fingerprint", checkedFiles = "checked_files"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(location, forKey: .location)
            try c.encode(rootDigest, forKey: .rootDigest)
            try c.encode(signature, forKey: .signature)
            try c.encode(keySource, forKey: .keySource)
            try c.encode(keyFingerprint, forKey: .keyFingerprint)
            try c.encode(checkedFiles, forKey: .checkedFiles)
            try c.encode(missing, forKey: .missing)
            try c.encode(changed, forKey: .changed)
            try c.encode(extra, forKey: .extra)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(problems, forKey: .problems)
            try c.encode(ok, forKey: .ok)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            location = try c.decode(String.self, forKey: .location)
            rootDigest = try c.decodeIfPresent(String.self, forKey: .rootDigest)
            signature = try c.decode(String.self, forKey: .signature)
            keySource = try c.decodeIfPresent(String.self, forKey: .keySource)
            keyFingerprint = try c.decodeIfPresent(String.self, forKey: .keyFingerprint)
            checkedFiles = try c.decode(Int.self, forKey: .checkedFiles)
            missing = try c.decode([String].self, forKey: .missing)
            changed = try c.decode([String].self, forKey: .changed)
            extra = try c.decode([String].self, forKey: .extra)
            skipped = try c.decode([String].self, forKey: .skipped)
            problems = try c.decode([String].self, forKey: .problems)
        }

        init(location: String) {
            self.location = location
            signature = "unsigned"
        }

        public var json: Data { canonicalJSON(self) }
    }

    public static func isURL(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// Whether `location` is a website (a URL, or a folder whose manifest.json is a site manifest) rather than a bundle.
    /// Whether `location` is checked as a website: a URL, or a folder whose manifest says so or which
    /// carries a website's own files (a site's manifest rewritten to claim the bundle format must not
    /// send the folder to the bundle check, which knows no signature).
    public static func isSite(_ location: String) -> Bool {
        if isURL(location) { return true }
        let fm = FileManager.default
        if [OutputFolder.markerName, SiteManifest.signatureName, SiteManifest.publicKeyPath].contains(where: { fm.fileExists(atPath: joinPath(location, $0)) }) {
            return true
        }
        // Read as the check reads it, up to 64 MiB: a manifest.json of gigabytes was read whole just to ask this.
        guard let data = try? readRegularFile(joinPath(location, SiteManifest.fileName), named: SiteManifest.fileName, limit: 64 << 20) else { return false }
        return SiteManifest.isSiteManifest(data)
    }

    /// Reads a public key file (PEM) for `--key`.
    public static func readKey(_ path: String) throws -> Curve25519.Signing.PublicKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SigningKey.Problem(description: "无法读取公钥文件 \(path)")
        }
        guard let key = SigningKey.publicKey(fromPEM: String(decoding: data, as: UTF8.self)) else {
            throw SigningKey.Problem(description: "\(path) 不是 Ed25519 公钥（应为 -----BEGIN PUBLIC KEY----- 开头的 PEM 文件，如网站上的 verify/public-key.pem）")
        }
        return key
    }

    /// Verifies a site folder or URL. With `key`, the manifest must carry a valid signature by it;
    /// without, a signature is checked against the key the site publishes, which shows damage but not origin.
    public static func verify(_ location: String, key: Curve25519.Signing.PublicKey? = nil, jobs: Int = 8) -> Result {
        let source: Source = isURL(location) ? .web(base: location.hasSuffix("/") ? location : location + "/") : .folder(resolvedFolder(location))
        return verify(source, display: location, key: key, jobs: jobs)
    }

    enum Source: Sendable {
        case folder(String)
        case web(base: String)

        /// A file the manifest does not list by digest (the manifest, its signature, the published key), at most
        /// `limit` bytes.
        func read(_ relative: String, limit: Int = HTTP.maxBytes) throws -> Data {
            switch self {
            case .folder(let root):
                return try SiteVerifier.readRegularFile(joinPath(root, relative), named: relative, limit: limit)
            case .web(let base):
                guard let encoded = relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed),
                      let url = URL(string: base + encoded) else { throw SigningKey.Problem(description: "无法组成地址：\(relative)") }
                do { return try HTTP.get(url, limit: limit) } catch is HTTP.TooLong {
                    throw SigningKey.Problem(description: "\(relative) 超过 \(limit) 字节，不予读取")
                }
            }
        }

        /// The SHA-256 of a listed file of `size` bytes, read a chunk at a time and never held whole: eight
        /// fetches of files a hostile manifest listed at 512 MiB each held 4 GB. A file of another size, or no
        /// regular file, is `Unlike`; over HTTP the answer is read up to `size` bytes and no further.
        func sha256(_ relative: String, size: Int) throws -> String {
            switch self {
            case .folder(let root):
                return try SiteVerifier.sha256OfRegularFile(joinPath(root, relative), size: size)
            case .web(let base):
                guard let encoded = relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed),
                      let url = URL(string: base + encoded) else { throw SigningKey.Problem(description: "无法组成地址：\(relative)") }
                do {
                    let (count, digest) = try HTTP.sha256(url, limit: size)
                    guard count == size else { throw Unlike() }
                    return digest
                } catch is HTTP.TooLong { throw Unlike() }
            }
        }
    }

    /// A listed file that is no regular file, or not of the listed size: changed, never read.
    struct Unlike: Error {}

    /// The bytes of the regular file at `path`. Opened without waiting and checked before reading: a named
    /// pipe put in a file's place would make a read wait for a writer for ever (the tamper monitor hangs and
    /// reports nothing), a device would be read without end.
    static func readRegularFile(_ path: String, named relative: String, limit: Int = HTTP.maxBytes) throws -> Data {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SigningKey.Problem(description: "无法读取 \(relative)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SigningKey.Problem(description: "无法读取 \(relative)") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SigningKey.Problem(description: "\(relative) 不是普通文件") }
        guard Int(info.st_size) <= limit else { throw SigningKey.Problem(description: "\(relative) 超过 \(limit) 字节，不予读取") }
        var data = Data(count: Int(info.st_size)), filled = 0
        while true {
            // A file still growing while it is read is read no further than it may be.
            if filled > limit {
                throw SigningKey.Problem(description: "\(relative) 超过 \(limit) 字节，不予读取")
            }
            if filled == data.count { data.count += 65536 }
            let n = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw SigningKey.Problem(description: "无法读取 \(relative)") }
            if n == 0 { break }
            filled += n
        }
        data.count = filled
        return data
    }

    /// The SHA-256 of the regular file at `path`, which must hold `size` bytes (else `Unlike`).
    /// Opened without waiting, as `readRegularFile`; a file growing while it is read is read no further than `size`.
    static func sha256OfRegularFile(_ path: String, size: Int) throws -> String {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SigningKey.Problem(description: "无法读取") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == size else { throw Unlike() }
        switch Digest.sha256(ofOpenFile: fd, limit: size) {
        case .read(let filled, let sha256) where filled == size: return sha256
        case .read, .tooLong: throw Unlike()
        case .failed: throw SigningKey.Problem(description: "无法读取")
        }
    }

    /// A folder given as a symbolic link (`/srv/site/current`) is checked where it points.
    static func resolvedFolder(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func verify(_ source: Source, display: String, key: Curve25519.Signing.PublicKey?, jobs: Int) -> Result {
        var result = Result(location: display)
        let manifestData: Data
        // A manifest lists about 180 bytes a file: 64 MiB is some 350,000 files.
        do { manifestData = try source.read(SiteManifest.fileName, limit: 64 << 20) } catch {
            result.problems.append("无法读取网站清单 \(SiteManifest.fileName)：\(error)")
            return result
        }
        let manifest: SiteManifest
        do { manifest = try SiteManifest.decode(manifestData) } catch {
            result.problems.append("\(SiteManifest.fileName) 不是 gongkai 网站清单（无法解析）")
            return result
        }
        guard manifest.format == SiteManifest.formatName else {
            result.problems.append("\(SiteManifest.fileName) 的格式为“\(manifest.format)”，不是 \(SiteManifest.formatName)")
            return result
        }
        result.rootDigest = Digest.sha256(manifestData)

        // Signature: against the given key, else against the key the site publishes.
        // An Ed25519 signature is 64 bytes and a PEM public key about a hundred: neither is read past a few KB.
        let signature = try? source.read(SiteManifest.signatureName, limit: 4096)
        var checkKey = key
        if key != nil {
            result.keySource = "given"
        } else if signature != nil, let published = try? source.read(SiteManifest.publicKeyPath, limit: 64 << 10),
                  let publishedKey = SigningKey.publicKey(fromPEM: String(decoding: published, as: UTF8.self)) {
            checkKey = publishedKey
            result.keySource = "published"
        }
        result.keyFingerprint = checkKey.map(SigningKey.fingerprint)
        switch (signature, checkKey) {
        case (nil, nil) where manifest.files.contains { $0.path == SiteManifest.publicKeyPath }:
            // A site built with a signing key lists the key it publishes: its signature cannot just be gone.
            result.signature = "missing"
            result.problems.append("网站发布了公钥 \(SiteManifest.publicKeyPath)，清单却没有签名（缺少 \(SiteManifest.signatureName)）：签名被删去，或清单已被替换")
        case (nil, nil): result.signature = "unsigned"
        case (nil, _?):
            result.signature = "missing"
            result.problems.append("清单没有签名（缺少 \(SiteManifest.signatureName)），无法用给定的公钥核验")
        case (_?, nil):
            result.signature = "invalid"
            result.problems.append("有签名 \(SiteManifest.signatureName)，但网站没有发布可用的公钥 \(SiteManifest.publicKeyPath)；请用 --key 指定公钥")
        case let (signature?, checkKey?):
            if checkKey.isValidSignature(signature, for: manifestData) { result.signature = "valid" } else {
                result.signature = "invalid"
                result.problems.append("签名无效：\(SiteManifest.fileName) 不是由\(key != nil ? "给定公钥" : "网站发布的公钥")对应的私钥签署的，或已被改动")
            }
        }

        // A path listed twice (by bytes): gongkai never writes one, and a copy that checks each entry once
        // (the remote deploy's count) would disagree with one that checks it twice.
        var seen = Set<[UInt8]>()
        for entry in manifest.files where !seen.insert(Array(entry.path.utf8)).inserted {
            result.problems.append("清单中重复列出“\(entry.path)”")
        }

        // Every listed file.
        let isWeb: Bool = { if case .web = source { return true }; return false }()
        var entries: [SiteManifest.Entry] = []
        for entry in manifest.files {
            // Web servers commonly refuse hidden files (nginx, Apache defaults): not fetched, reported as skipped.
            if isWeb, isHiddenPath(entry.path) { result.skipped.append(entry.path) }
            else { entries.append(entry) }
        }
        enum Outcome: Sendable { case ok, missing, changed, failed(String) }
        let toCheck = entries
        let outcomes = concurrentMap(toCheck.count, jobs: isWeb ? jobs : 1) { i -> Outcome in
            let entry = toCheck[i]
            if let problem = BundleVerifier.unsafeName(entry.path) { return .failed("清单中有不安全的路径“\(entry.path)”：\(problem)") }
            // gongkai never makes a link inside a site: one passes its content today and serves whatever it names tomorrow.
            if case .folder(let root) = source {
                var info = stat()
                if lstat(joinPath(root, entry.path), &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    return .failed("\(entry.path) 是符号链接，不是 gongkai 生成的文件（它指向的文件可以随时改变）")
                }
            }
            do {
                return try source.sha256(entry.path, size: entry.size) == entry.sha256 ? .ok : .changed
            } catch is Unlike {
                return .changed
            } catch let error as HTTP.Failure where error.status == 404 || error.status == 410 {
                return .missing
            } catch let error as HTTP.Failure {
                return .failed("\(entry.path)：\(error)")
            } catch {
                return .missing
            }
        }
        for (entry, outcome) in zip(entries, outcomes) {
            switch outcome {
            case .ok: break
            case .missing: result.missing.append(entry.path)
            case .changed: result.changed.append(entry.path)
            case .failed(let problem): result.problems.append(problem)
            }
        }
        result.checkedFiles = entries.count
        if case .folder(let root) = source {
            // By bytes: Swift's String equality is canonical equivalence, so a planted `cafe\u{301}.html`
            // beside a listed `caf\u{E9}.html` (two files, two addresses) would pass as listed.
            let listed = Set((manifest.files.map(\.path) + SiteManifest.unlisted).map { Array($0.utf8) })
            result.extra = allFiles(under: root).filter { !listed.contains(Array($0.utf8)) }
        }
        return result
    }

    /// Every file and symbolic link below `root`, hidden ones included, sorted by path.
    static func allFiles(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = joinPath(root, relative)
            var isDirectory: ObjCBool = false
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
            if isLink || !(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
                files.append(relative)
            }
        }
        return files.sorted { $0.precedesBytewise($1) }
    }
}

/// Plain HTTP(S) GETs, synchronous, for `verify` against a URL. No cache: a tamper monitor must see what is served now.
enum HTTP {
    struct Failure: Error, CustomStringConvertible {
        var status: Int
        var description: String
    }

    /// An answer longer than the limit asked for: cut off as soon as it passes it.
    struct TooLong: Error {}

    /// The session's delegate: it gathers each task's bytes and cancels a task whose answer passes its
    /// limit while it arrives. The session's completion handler held the whole answer first — a server
    /// sending without end filled the memory (8 GB in 30 s) and `verify` never came back.
    final class Fetches: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        final class Fetch {
            let limit: Int
            var data = Data()
            /// When hashing, the bytes go through it and are counted, never kept in `data`.
            var hasher: SHA256?
            var count = 0
            var status = 0
            var error: Error?
            var tooLong = false
            let done = DispatchSemaphore(value: 0)
            init(limit: Int, hashing: Bool = false) {
                self.limit = limit
                if hashing { hasher = SHA256() }
            }
        }

        private let lock = NSLock()
        private var running: [Int: Fetch] = [:]

        func start(_ fetch: Fetch, _ task: URLSessionTask) {
            lock.withLock { running[task.taskIdentifier] = fetch }
        }

        private func fetch(_ task: URLSessionTask) -> Fetch? {
            lock.withLock { running[task.taskIdentifier] }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
            guard let fetch = fetch(dataTask) else { return completionHandler(.cancel) }
            fetch.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            // Only a 200's body is wanted; a length announced past the limit is refused before any of it is read.
            guard fetch.status == 200 else { return completionHandler(.cancel) }
            if response.expectedContentLength > Int64(fetch.limit) {
                fetch.tooLong = true
                return completionHandler(.cancel)
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            guard let fetch = fetch(dataTask), !fetch.tooLong else { return }
            guard fetch.count + data.count <= fetch.limit else {
                fetch.tooLong = true
                fetch.data = Data()
                dataTask.cancel()
                return
            }
            fetch.count += data.count
            if fetch.hasher != nil { fetch.hasher!.update(data: data) } else { fetch.data.append(data) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            guard let fetch = lock.withLock({ running.removeValue(forKey: task.taskIdentifier) }) else { return }
            fetch.error = error
            fetch.done.signal()
        }
    }

    static let fetches = Fetches()

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = 30
        // The request timeout waits for the next bytes only: a server sending one byte every 29 s held a file
        // for the default seven days. One file gets ten minutes in all.
        configuration.timeoutIntervalForResource = 600
        return URLSession(configuration: configuration, delegate: fetches, delegateQueue: nil)
    }()

    /// The most a single file may be: larger answers are refused rather than held in memory.
    static let maxBytes = 512 << 20

    /// The answer's bytes, at most `limit` of them: a longer answer throws `TooLong` once it passes the limit.
    static func get(_ url: URL, limit: Int = maxBytes) throws -> Data {
        try fetched(url, Fetches.Fetch(limit: min(limit, maxBytes))).data
    }

    /// The answer's length and SHA-256, hashed as it arrives (held a chunk at a time, whatever `limit`): a longer
    /// answer throws `TooLong` once it passes the limit.
    static func sha256(_ url: URL, limit: Int) throws -> (count: Int, sha256: String) {
        let fetch = try fetched(url, Fetches.Fetch(limit: limit, hashing: true))
        return (fetch.count, fetch.hasher!.finalize().hexString)
    }

    private static func fetched(_ url: URL, _ fetch: Fetches.Fetch) throws -> Fetches.Fetch {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("gongkai-verify", forHTTPHeaderField: "User-Agent")
        let task = session.dataTask(with: request)
        fetches.start(fetch, task)
        task.resume()
        fetch.done.wait()
        if fetch.status != 0, fetch.status != 200 {
            throw Failure(status: fetch.status, description: "\(url.absoluteString) 返回 HTTP \(fetch.status)")
        }
        if fetch.tooLong { throw TooLong() }
        if let error = fetch.error { throw Failure(status: 0, description: "无法访问 \(url.absoluteString)：\(error.localizedDescription)") }
        guard fetch.status == 200 else { throw Failure(status: fetch.status, description: "\(url.absoluteString) 返回 HTTP \(fetch.status)") }
        return fetch
    }
}
