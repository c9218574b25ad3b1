import Crypto
import GongkaiCore
import Foundation
import Testing
@testable import GongkaiKit
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai verify <URL>` against a hostile web server: what it is sent is bounded by what the manifest
/// lists, not by what the server chooses to send.
@Suite struct VerifyOverHTTPTests {
    /// A web server on 127.0.0.1, one connection at a time: `manifest.json` gets `manifest`, any other
    /// address `flood` bytes with no length announced. It counts the bytes the client took.
    final class FloodServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let lock = NSLock()
        private var sentBytes = 0
        var sent: Int { lock.withLock { sentBytes } }

        init(manifest: Data, flood: Int) {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    _ = bind(listener, $0, length)
                    _ = getsockname(listener, $0, &length)
                }
            }
            _ = listen(listener, 16)
            self.listener = listener
            port = Int(UInt16(bigEndian: address.sin_port))
            Thread { [self] in
                while true {
                    let connection = accept(listener, nil, nil)
                    guard connection >= 0 else { return }
                    answer(connection, manifest: manifest, flood: flood)
                    close(connection)
                }
            }.start()
        }

        private func answer(_ connection: Int32, manifest: Data, flood: Int) {
            func send(_ bytes: [UInt8]) -> Bool {
                var offset = 0
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard n > 0 else { return false }
                    offset += n
                }
                return true
            }
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !request.suffix(4).elementsEqual("\r\n\r\n".utf8) {
                let n = recv(connection, &buffer, buffer.count, 0)
                guard n > 0 else { return }
                request += buffer[0..<n]
            }
            // A small send buffer: the count stays close to what the client really read.
            var small: Int32 = 16 << 10
            _ = setsockopt(connection, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let path = String(decoding: request, as: UTF8.self).split(separator: " ").dropFirst().first ?? ""
            if path.hasSuffix("/manifest.json") {
                _ = send(Array("HTTP/1.1 200 OK\r\nContent-Length: \(manifest.count)\r\nConnection: close\r\n\r\n".utf8) + manifest)
                return
            }
            guard send(Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n".utf8)) else { return }
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
            var total = 0
            while total < flood, send(chunk) {
                total += chunk.count
                lock.withLock { sentBytes += chunk.count }
            }

        }

        func stop() {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    static func manifest(listing size: Int) -> Data {
        SiteManifest(title: "测试", publisher: "测试市财政局", baseURL: "https://example.gov.cn/", date: nil,
                     inputsSHA256: String(repeating: "0", count: 64),
                     files: [.init(path: "index.html", size: size, sha256: String(repeating: "0", count: 64))]).encoded
    }

    /// A page served without end (or far past its listed size) is read only up to its listed size and
    /// reported changed: the whole answer was gathered in memory first (8 GB in 30 s on an endless one).
    @Test func aFileLongerThanListedIsCutOffAndReportedChanged() {
        // 256 MB: on a loaded machine (the whole suite in parallel) the client's cancel lands late: 46 MB, once 75 MB, had
        // crossed the loopback by then. A client that gathered the whole answer takes all of it, so half is the bar.
        let flood = 256 << 20
        let server = FloodServer(manifest: Self.manifest(listing: 10), flood: flood)
        defer { server.stop() }
        let result = SiteVerifier.verify("http://127.0.0.1:\(server.port)/")
        #expect(result.changed == ["index.html"] && !result.ok)
        #expect(server.sent < flood / 2, "the client took \(server.sent) bytes of a 10-byte file")
    }

    /// An answer with no size to check against (the manifest) stops at the limit, with a message. (What
    /// the server manages to send meanwhile is read and dropped: on loopback it runs ahead of the cancel.)
    @Test func anAnswerPastTheLimitIsRefused() {
        let server = FloodServer(manifest: Self.manifest(listing: 10), flood: 1 << 30)
        defer { server.stop() }
        #expect(throws: HTTP.TooLong.self) { try HTTP.get(URL(string: "http://127.0.0.1:\(server.port)/x.html")!, limit: 1 << 20) }
        #expect(throws: Never.self) { try HTTP.get(URL(string: "http://127.0.0.1:\(server.port)/manifest.json")!, limit: 1 << 20) }
    }

    /// A listed file is hashed as it arrives, never held whole: eight fetches of files a hostile manifest listed at
    /// 512 MiB held 4 GB, and a real file past 512 MiB (a large attachment) could not be checked at all (reported changed).
    /// Here 600 MiB are served as listed and pass.
    @Test func aListedFileLargerThanTheOldCapIsHashedAsItArrives() throws {
        let size = 600 << 20
        var hasher = SHA256()
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 << 10)
        for _ in 0..<(size / chunk.count) { hasher.update(data: chunk) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let manifest = SiteManifest(title: "测试", publisher: "测试市财政局", baseURL: "https://example.gov.cn/", date: nil,
                                    inputsSHA256: String(repeating: "0", count: 64),
                                    files: [.init(path: "index.html", size: size, sha256: digest)]).encoded
        let server = FloodServer(manifest: manifest, flood: size)
        defer { server.stop() }
        let result = SiteVerifier.verify("http://127.0.0.1:\(server.port)/")
        #expect(result.ok && result.changed.isEmpty && result.checkedFiles == 1, "\(result)")
        #expect(try HTTP.sha256(URL(string: "http://127.0.0.1:\(server.port)/index.html")!, limit: size) == (size, digest))
    }

    /// The same in a folder: a sparse file of 600 MiB, listed with its digest, is read a megabyte at a time and passes.
    @Test func aLargeListedFileInAFolderPasses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-verify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let size = 600 << 20
        let path = joinPath(folder, "big.zip")
        #expect(FileManager.default.createFile(atPath: path, contents: nil) && truncate(path, off_t(size)) == 0)
        var hasher = SHA256()
        let zeros = Data(count: 1 << 20)
        for _ in 0..<(size >> 20) { hasher.update(data: zeros) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let manifest = SiteManifest(title: "测试", publisher: "测试市财政局", baseURL: "https://example.gov.cn/", date: nil,
                                    inputsSHA256: String(repeating: "0", count: 64),
                                    files: [.init(path: "big.zip", size: size, sha256: digest)])
        try manifest.encoded.write(to: URL(fileURLWithPath: joinPath(folder, SiteManifest.fileName)))
        let result = SiteVerifier.verify(folder)
        #expect(result.ok && result.checkedFiles == 1, "\(result)")
    }
}
