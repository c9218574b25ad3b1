import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Maps a request target to a file of the built site, refusing anything that could leave it:
/// `..` (also percent-encoded), backslashes, absolute and hidden paths, and symbolic links.
/// The path is resolved first and containment checked on the result, never the other way round.
enum SafePath {
    enum Resolution: Equatable {
        /// An existing regular file inside the root (absolute path).
        case file(String)
        /// A folder asked for without its trailing slash: pages use relative links, so redirect.
        case redirect(String)
        case notFound
    }

    /// `root` must be canonical (`canonical(_:)`).
    static func resolve(_ target: String, in root: String) -> Resolution {
        var raw = Substring(target)
        if let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<cut] }
        // Refused before decoding too, so that `%5c` and `\` are both caught whatever the decoder does.
        guard raw.hasPrefix("/"), !raw.contains("\\"), raw.range(of: "%5c", options: .caseInsensitive) == nil,
              let decoded = String(raw).removingPercentEncoding,
              !decoded.contains("\\"), !decoded.contains("\0"), !decoded.hasPrefix("//") else { return .notFound }
        let segments = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let last = index == segments.count - 1
            if segment.isEmpty && !last { return .notFound }
            if segment == "." || segment == ".." || segment.hasPrefix(".") { return .notFound }
        }
        var relative = segments.joined(separator: "/")
        if relative.isEmpty || relative.hasSuffix("/") {
            relative += "index.html"
        } else if isDirectory(root + "/" + relative) {
            // The query goes along (a link with `?…` to a folder keeps it); a fragment is never sent.
            let rest = target[raw.endIndex...]
            return .redirect(String(raw) + "/" + (rest.hasPrefix("?") ? String(rest.prefix { $0 != "#" }) : ""))
        }
        let candidate = root + "/" + relative
        // A symbolic link anywhere below the root makes the real path differ from the candidate.
        guard let real = canonical(candidate), real == candidate, real.hasPrefix(root + "/"), isRegularFile(real) else {
            return .notFound
        }
        return .file(real)
    }

    /// The real path (symbolic links and `..` resolved), or nil when it does not exist.
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Content types by extension; text types say `charset=utf-8` (the generator writes UTF-8 only).
enum MediaTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "svg": "image/svg+xml; charset=utf-8",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "ico": "image/x-icon",
        "pdf": "application/pdf",
        "zip": "application/zip",
        "woff": "font/woff",
        "woff2": "font/woff2",
    ]

    static func of(_ path: String) -> String {
        byExtension[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }
}
