import Foundation
import GongkaiCore
import Synchronization

/// 链接检查 — every link and image inside the site must lead to a file the build wrote: government
/// website inspections fail a site for dead links, and a clerk's Markdown link (`/projects/2099/x/`,
/// `../../nothing/`) is easy to get wrong. Checked on the rendered pages themselves, so theme and
/// Markdown links alike are covered; links to other sites (`https:`, `mailto:` …) are not followed.
final class LinkCheck: Sendable {
    /// Where the site sits on its server (`/` or `/gk/` from `base_url`): a link starting with `/` is
    /// resolved from the server's root.
    private let basePath: String
    private let state = Mutex(State(written: [SiteManifest.fileName, SiteManifest.signatureName]))

    private struct State {
        /// Every file the build writes; the manifest and its signature are written after the pages.
        var written: Set<String>
        /// Each resolved target once, with the first page (in path order) that links to it and the link as written.
        var targets: [String: (page: String, link: String)] = [:]
        /// Links that leave the site's folder (`../../../etc`, or `/x` outside `basePath`).
        var outside: [(page: String, link: String)] = []
        /// Links whose fragment or query names a withheld item's code (`/departments/#gfd`, `?q=GFD`), wherever they lead.
        var namingWithheld: [(page: String, link: String)] = []
    }

    /// The codes of withheld items as addresses spell them (lower-cased): a link's fragment or query holding one publishes it.
    private let withheldWords: Set<String>

    /// The site's host from `base_url`, lower-cased (`example.gov.cn`): a link written as an absolute address on it, as a
    /// clerk copies one from the browser's address bar, names a file of this site too when its path is below `basePath`.
    private let host: String

    init(baseURL: String, withheldWords: Set<String> = []) {
        self.withheldWords = withheldWords
        let afterScheme = baseURL.range(of: "://").map { baseURL[$0.upperBound...] } ?? Substring(baseURL)
        let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        basePath = path.hasSuffix("/") ? path : path + "/"
        host = Self.hostOf(afterScheme)
    }

    /// `example.gov.cn` of `example.gov.cn:443/gk/…`: lower-cased, without a default port or a trailing dot.
    private static func hostOf(_ authorityAndPath: Substring) -> String {
        var host = authorityAndPath.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.lowercased()
        for port in [":80", ":443"] where host.hasSuffix(port) { host.removeLast(port.count) }
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// The path of an absolute link on the site's own host below the site's folder (`https://example.gov.cn/gk/x/` →
    /// `/gk/x/`, also `http:`, `//example.gov.cn/…` and any case of the scheme and host); nil for any other link.
    func ownPath(_ link: String) -> String? {
        var rest = Substring(link)
        if let scheme = Markdown.scheme(of: link) {
            guard ["http", "https"].contains(scheme.lowercased()) else { return nil }
            rest = rest.dropFirst(scheme.count + 1)
        }
        guard rest.hasPrefix("//"), !host.isEmpty else { return nil }
        rest = rest.dropFirst(2)
        guard Self.hostOf(rest) == host else { return nil }
        let after = rest.drop { $0 != "/" && $0 != "?" && $0 != "#" }
        let path = after.hasPrefix("/") ? String(after) : "/" + after
        return path.hasPrefix(basePath) || path.prefix { $0 != "?" && $0 != "#" } + "/" == basePath ? path : nil
    }

    /// Records one written file, and the links of a page.
    func add(path: String, data: Data) {
        var links: [String] = [], naming: [String] = []
        if path.hasSuffix(".html") {
            // Every link read once: a fragment of the page itself and another site's address are checked for a withheld code
            // only (the page holds what its query says), the others for where they lead as well.
            let all = Self.links(in: data)
            links = all.filter { $0.utf8.first != UInt8(ascii: "#") && (!Self.isExternal($0) || ownPath($0) != nil) }
            if !withheldWords.isEmpty { naming = all.filter { tailNamesWithheld($0) } }
        } else if path.lowercased().hasSuffix(".svg"), !withheldWords.isEmpty {
            // An SVG's links (`<a xlink:href="/departments/gfd/">`, as draw.io and Inkscape write a linked shape) publish their
            // addresses as a page's do: one naming a withheld item's code is GK149, as on a page. Where they lead is not
            // checked: a picture's links are no part of the site's navigation.
            naming = Self.links(in: data).filter { namesWithheld($0) }
        }
        let page = path
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        // A page repeats its links (navigation, breadcrumbs): each is resolved once, and the shared
        // table is touched once per page.
        var resolved: [String: String] = [:], outside: [String] = [], seen = Set<String>()
        for link in links where seen.insert(link).inserted {
            // An absolute link on the site's own host is resolved by its path, and reported as written.
            if let target = resolve(ownPath(link) ?? link, from: folder) { resolved[target] = resolved[target] ?? link } else { outside.append(link) }
        }
        state.withLock { s in
            s.written.insert(path)
            for link in Set(naming).sorted() { s.namingWithheld.append((page, link)) }
            for link in outside { s.outside.append((page, link)) }
            // The first page in path order, not the first rendered: which page a thread finishes first varies between runs.
            for (target, link) in resolved {
                if let known = s.targets[target], (known.page, known.link) <= (page, link) { continue }
                s.targets[target] = (page, link)
            }
        }
    }

    /// The links that lead nowhere, in a stable order: (page, link as written, what is missing).
    func broken() -> [(page: String, link: String, missing: String)] {
        state.withLock { s in
            var found: [(page: String, link: String, missing: String)] = s.outside.map { ($0.page, $0.link, "") }
            for (target, first) in s.targets where !Self.exists(target, in: s.written) {
                found.append((first.page, first.link, target))
            }
            return found.sorted { ($0.page, $0.link) < ($1.page, $1.link) }
        }
    }

    /// The links whose fragment or query names a withheld item's code, in a stable order: (page, link as written).
    func namingWithheldItems() -> [(page: String, link: String)] {
        state.withLock { $0.namingWithheld }.sorted { ($0.page, $0.link) < ($1.page, $1.link) }
    }

    /// A link as a page holds it, back as the clerk wrote it: `&amp;` unescaped, then the percent-encoding cmark gives what
    /// is not ASCII decoded (`written`); `unescaped` is the form before the decoding, for a link written encoded.
    static func asWritten(_ link: String) -> (unescaped: String, written: String) {
        let unescaped = link.replacingOccurrences(of: "&amp;", with: "&")
        return (unescaped, unescaped.removingPercentEncoding ?? unescaped)
    }

    /// Whether `link` (as a page holds it, HTML-escaped and percent-encoded) names a withheld item's code: in its path when
    /// it is a link of this site (a segment, or a file's name), or anywhere after its `#` or `?`. The people's-congress
    /// report asks it of every link; the website asks the path of the links that lead nowhere (`broken`).
    func namesWithheld(_ link: String) -> Bool {
        if tailNamesWithheld(link) { return true }
        let written = Self.asWritten(link).written
        guard written.first != "#", let path = ownPath(written) ?? (Self.isExternal(written) ? nil : written) else { return false }
        return Self.names(String(path.prefix { $0 != "#" && $0 != "?" }), anyOf: withheldWords)
    }

    /// Whether the part of `link` after its first `#` or `?` holds a withheld code as a word of its own (`#gfd`,
    /// `?q=GFD`, `d=gfd-2025&x=1`): letters, digits, `-`, `_` and `.` make a word, as codes are spelled.
    private func tailNamesWithheld(_ link: String) -> Bool {
        guard link.utf8.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }),
              let cut = link.firstIndex(where: { $0 == "#" || $0 == "?" }) else { return false }
        // Foundation's replacing and decoding go through NSString on Linux: asked only of a tail that needs them.
        var raw = String(link[link.index(after: cut)...])
        if raw.holdsBytes("&amp;") { raw = raw.replacingOccurrences(of: "&amp;", with: "&") }
        let tail = (raw.holdsBytes("%") ? raw.removingPercentEncoding ?? raw : raw).lowercased()
        return tail.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")) })
            .contains { withheldWords.contains(String($0)) }
    }

    private static func exists(_ target: String, in written: Set<String>) -> Bool {
        if target.isEmpty { return written.contains("index.html") }
        if target.hasSuffix("/") { return written.contains(target + "index.html") }
        return written.contains(target) || written.contains(target + "/index.html")
    }

    /// Whether a link's path names one of `words` (withheld codes, lower-cased) as a whole segment, or as a file's name
    /// without its extension: the site names an item's open data by its code (`data/departments/2025/gfd.json`).
    static func names(_ path: String, anyOf words: Set<String>) -> Bool {
        path.lowercased().split(separator: "/").contains { segment in
            words.contains(String(segment)) || segment.lastIndex(of: ".").map { words.contains(String(segment[..<$0])) } == true
        }
    }

    /// The site-relative path a link names, without query or fragment (`projects/2024/x/`); nil when it
    /// leaves the site's folder.
    func resolve(_ raw: String, from folder: String) -> String? {
        var link = raw
        if let cut = link.firstIndex(where: { $0 == "#" || $0 == "?" }) { link = String(link[..<cut]) }
        if link.utf8.contains(UInt8(ascii: "%")) { link = link.removingPercentEncoding ?? link }
        // The theme's links climb to the root and name a path from there (`../../departments/jyj/`
        // from a page two folders down): the rest is the target, with no walk.
        let depth = folder.isEmpty ? 0 : folder.utf8.count { $0 == UInt8(ascii: "/") } + 1
        if depth > 0, link.utf8.count > 3 * depth, link.utf8.prefix(3 * depth).elementsEqual(repeatElement("../".utf8, count: depth).joined()) {
            // Byte checks: Foundation's `contains` on strings showed in the profile. No `.` segment and
            // no `..` anywhere: then no walk can change the rest.
            let rest = link.dropFirst(3 * depth)
            let bytes = Array(rest.utf8)
            let dotSegment = bytes.indices.contains { i in
                bytes[i] == UInt8(ascii: ".") && (i == 0 || bytes[i - 1] == UInt8(ascii: "/"))
                    && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "."))
            }
            if !dotSegment, bytes.first != UInt8(ascii: "/") { return String(rest) }
        }
        var parts: [Substring]
        if link.hasPrefix("/") {
            guard link.hasPrefix(basePath) || link + "/" == basePath else { return nil }
            parts = []
            link = String(link.dropFirst(min(basePath.count, link.count)))
        } else {
            parts = folder.split(separator: "/")
        }
        let trailingSlash = link.hasSuffix("/") || link.isEmpty
        for piece in link.split(separator: "/", omittingEmptySubsequences: true) {
            switch piece {
            case ".": continue
            case "..": guard !parts.isEmpty else { return nil }; parts.removeLast()
            default: parts.append(piece)
            }
        }
        let joined = parts.joined(separator: "/")
        return trailingSlash && !joined.isEmpty ? joined + "/" : joined
    }

    /// Every value of `href="…"` and `src="…"` (and an SVG's `xlink:href`) but an empty one (cmark empties unsafe links):
    /// fragments of the page itself and other sites' addresses included, for the caller to sort (`add`). An attachment written by hand or by an editor spells them as browsers read them, not as gongkai writes them: in
    /// capitals, in single quotes, with spaces around `=`, after a line end, with character references in the value.
    static func links(in html: Data) -> [String] {
        var found: [String] = []
        html.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
            @inline(__always) func lower(_ k: Int) -> UInt8 { k < n ? b[k] | 0x20 : 0 }
            var i = 0
            while i + 5 < n {
                guard isSpace(b[i]) else { i += 1; continue }
                var j = i + 1
                if lower(j) == 0x68, lower(j + 1) == 0x72, lower(j + 2) == 0x65, lower(j + 3) == 0x66 {  // href
                    j += 4
                } else if lower(j) == 0x73, lower(j + 1) == 0x72, lower(j + 2) == 0x63 {  // src
                    j += 3
                } else if lower(j) == 0x78, j + Self.xlinkHref.count <= n,
                          Self.xlinkHref.indices.allSatisfy({ lower(j + $0) == Self.xlinkHref[$0] }) {  // an SVG's xlink:href
                    j += Self.xlinkHref.count
                } else { i += 1; continue }
                while j < n, isSpace(b[j]) { j += 1 }
                guard j < n, b[j] == 0x3D else { i += 1; continue }  // '='
                j += 1
                while j < n, isSpace(b[j]) { j += 1 }
                guard j < n, b[j] == 0x22 || b[j] == 0x27 else { i += 1; continue }  // a quoted value only
                let quote = b[j], start = j + 1
                var end = start
                while end < n, b[end] != quote { end += 1 }
                if end > start {
                    var value = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
                    // A browser reads `&#47;` as `/`: so is the address read here.
                    if value.utf8.contains(UInt8(ascii: "&")) { value = AssetAddress.referencesDecoded(value) }
                    found.append(value)
                }
                i = end + 1
            }
        }
        return found
    }

    static let xlinkHref = Array("xlink:href".utf8)

    /// Another site or any scheme (`https:`, `mailto:`, `data:`): no file of this site to check.
    static func isExternal(_ value: String) -> Bool {
        value.hasPrefix("//") || Markdown.scheme(of: value) != nil
    }
}
