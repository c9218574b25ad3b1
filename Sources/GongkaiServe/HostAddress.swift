import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A numeric IPv4 or IPv6 address, read as the system reads one when the server binds
/// (`getaddrinfo` with `AI_NUMERICHOST`: `127.1` and `::ffff:127.0.0.1` too). Checks look at the
/// address, not at its spelling: a prefix test on the text called `127.example.com` loopback and
/// warned about `::ffff:127.0.0.1`.
struct IPAddress: Hashable, Sendable {
    /// 4 bytes (IPv4) or 16 (IPv6), in network order.
    let bytes: [UInt8]

    /// Nil when `text` is not a numeric address (a name such as `localhost`). Brackets are allowed: `[::1]`.
    init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard !text.isEmpty else { return nil }
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(String(text), nil, &hints, &found) == 0, let found else { return nil }
        defer { freeaddrinfo(found) }
        guard let socketAddress = found.pointee.ai_addr, let address = Self(socketAddress: socketAddress) else { return nil }
        self = address
    }

    /// The address of an IPv4 or IPv6 socket address; nil for any other family.
    init?(socketAddress address: UnsafePointer<sockaddr>) {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                withUnsafeBytes(of: v4.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }
            }
        default:
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`), which reaches the same host.
    private var ipv4: [UInt8]? {
        if bytes.count == 4 { return bytes }
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return nil }
        return Array(bytes[12...])
    }

    /// 127.0.0.0/8 and ::1 (and their mapped forms): only this machine can connect.
    var isLoopback: Bool {
        if let ipv4 { return ipv4[0] == 127 }
        return bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// 0.0.0.0 or `::`: the server listens on every address of the machine.
    var isUnspecified: Bool { (ipv4 ?? bytes).allSatisfy { $0 == 0 } }

    /// As a URL's host (and so a Host header) writes it: `127.0.0.1`, `[::1]`.
    var uriHost: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        let written = String(decoding: text.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
        return bytes.count == 4 ? written : "[\(written)]"
    }

    /// The addresses of this machine's network interfaces: what a server on 0.0.0.0 or `::` answers on.
    static func ofThisMachine() -> [IPAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        return sequence(first: first) { $0.pointee.ifa_next }.compactMap { interface in
            guard let socketAddress = interface.pointee.ifa_addr else { return nil }
            return IPAddress(socketAddress: socketAddress)
        }
    }
}

/// Which Host values the preview answers. A web page on `evil.example.com` whose name the attacker
/// then points at 127.0.0.1 (DNS rebinding) is, to the browser, same-origin with whatever answers there,
/// and could read the unpublished site. The browser still sends that name in Host, so only names of the
/// address served are answered: 127.0.0.1, localhost, [::1] and the `--host` value (for 0.0.0.0 or `::`,
/// every address of this machine), each with or without the port served.
struct AllowedHosts: Sendable {
    private let names: Set<String>

    init(serving host: String, machineAddresses: () -> [IPAddress] = IPAddress.ofThisMachine) {
        var names: Set<String> = ["127.0.0.1", "localhost", "[::1]", Self.normalised(host)]
        if IPAddress(host)?.isUnspecified == true { names.formUnion(machineAddresses().map(\.uriHost)) }
        self.names = names
    }

    /// A name lowercased without a final dot; an address as a URL writes it, so that `[0:0::1]` is `[::1]`.
    private static func normalised<S: StringProtocol>(_ host: S) -> String {
        if let address = IPAddress(String(host)) { return address.uriHost }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// True when `authority` (the Host header) names the address served, with no port or with `port`
    /// (the port the connection came in on). A missing Host is refused: every browser sends one.
    func allows(_ authority: String?, port: Int?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        let host: Substring, portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return false }
            portText = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority[...]
            portText = nil
        }
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
                  let port, Int(portText) == port else { return false }
        }
        return !host.isEmpty && names.contains(Self.normalised(host))
    }
}
