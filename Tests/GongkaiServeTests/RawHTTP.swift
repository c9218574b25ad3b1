import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 client on a raw socket, so that request targets reach the server exactly as
/// written (URLSession and curl would normalise `..` away before sending).
struct RawHTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let port: Int

    /// Sends one request with `Connection: close` and reads until the server closes (or `timeout`).
    func send(_ method: String, _ target: String, headers: [String: String] = [:], timeout: Double = 30) throws -> Reply {
        let raw = try exchange(method, target, headers: headers, timeout: timeout)
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(message: "no header end: \(String(decoding: raw, as: UTF8.self))") }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(raw[split.upperBound...])
        if fields["transfer-encoding"] == "chunked" { body = Self.unchunk(body) }
        return Reply(status: status, headers: fields, body: body)
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> Reply { try send("GET", target, headers: headers) }

    /// A socket connected to the server, whose reads give up after `timeout` seconds; the caller closes it.
    private func connected(timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw Failure(message: "connect to \(port) failed")
        }
        return fd
    }

    /// The raw bytes the server sent, until it closed or `timeout` passed.
    func exchange(_ method: String, _ target: String, headers: [String: String] = [:], timeout: Double) throws -> Data {
        let fd = try connected(timeout: timeout)
        defer { close(fd) }
        // `Host` in `headers` replaces the usual one (empty: none is sent); any other spelling adds a second.
        let host = headers["Host"] ?? "127.0.0.1:\(port)"
        var request = "\(method) \(target) HTTP/1.1\r\n" + (host.isEmpty ? "" : "Host: \(host)\r\n") + "Connection: close\r\n"
        for (name, value) in headers where name != "Host" { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }

    /// Connects and sends nothing: the seconds until the server closes the connection, or nil when it
    /// is still open after `timeout`.
    func silentConnection(timeout: Double) throws -> Double? {
        let fd = try connected(timeout: timeout)
        defer { close(fd) }
        let start = Date()
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET) ? Date().timeIntervalSince(start) : nil
    }

    static func unchunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: min(size, rest.distance(from: start, to: rest.endIndex)))
            result.append(rest[start..<end])
            rest = rest[end...].dropFirst(2)
        }
        return result
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
