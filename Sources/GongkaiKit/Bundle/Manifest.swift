import Crypto
import Foundation
import GongkaiCore
import GongkaiRender

/// manifest.json of a bundle: every file with its size and SHA-256, the digest of the build inputs,
/// the year, stage and counts. The root digest — SHA-256 of the manifest's bytes — can be quoted in
/// a cover letter: one line that pins every byte of the bundle.
struct BundleManifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var path: String
        var size: Int
        var sha256: String
    }

    struct Counts: Codable, Equatable {
        var departments: Int
        var projects: Int
        var files: Int
    }

    var format = "gongkai-bundle/1"
    var title: String
    var publisher: String
    var year: Int
    var stage: String
    var departments: [String]
    var amountInWan: String
    var counts: Counts
    var inputsSHA256: String
    var files: [Entry]

    enum CodingKeys: String, CodingKey {
        case format, title, publisher, year, stage, departments, counts, files
        case amountInWan = "amount_in_wan"
        case inputsSHA256 = "inputs_sha256"
    }

    static let fileName = "manifest.json"

    var encoded: Data { canonicalJSON(self) }

    static func decode(_ data: Data) throws -> BundleManifest {
        let decoder = JSONDecoder()
        return try decoder.decode(BundleManifest.self, from: data)
    }
}

enum Digest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexString
    }

    /// What reading an open file for its digest gave.
    enum FileRead: Equatable {
        case read(size: Int, sha256: String)
        /// More than the limit was read (a file still growing is read no further).
        case tooLong
        case failed
    }

    /// The size and SHA-256 of the rest of the open file `fd`, read a megabyte at a time and never held whole.
    static func sha256(ofOpenFile fd: Int32, limit: Int) -> FileRead {
        var hasher = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .failed }
            if n == 0 { break }
            size += n
            guard size <= limit else { return .tooLong }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return .read(size: size, sha256: hasher.finalize().hexString)
    }

    /// SHA-256 over every input file, in path order: path, NUL, size, NUL, bytes; a file counted by its
    /// name alone (no data) as path, NUL, `-`, NUL.
    static func inputs(_ files: [(path: String, data: Data?)]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path.precedesBytewise($1.path) }) {
            hasher.update(data: Data("\(file.path)\u{0}\(file.data.map { String($0.count) } ?? "-")\u{0}".utf8))
            if let data = file.data { hasher.update(data: data) }
        }
        return hasher.finalize().hexString
    }

    /// The inputs digest of a site folder: configuration, content and theme (hidden files excluded),
    /// and the built-in theme the site's own theme files are laid over. The digest is published (the
    /// site's and the bundle's manifest), so a configuration or content file counts by its bytes only
    /// when it is in `whole` (read by gongkai and holding nothing withheld from the audience, see
    /// `wholeInputs`); any other counts by its name alone. Otherwise a rebuild after an edit to withheld
    /// text would change a published digest, and so say that something withheld had changed.
    static func siteInputs(fileSystem: FileSystem, root: String, theme: String, whole: Set<String>) -> String {
        var files: [(path: String, data: Data?)] = BuiltinTheme.files.map { (joinPath("(built-in theme)", $0.path), $0.data) }
        func read(_ path: String) -> Data? { try? fileSystem.read(joinPath(root, path)) }
        if let data = read(ConfigLoader.fileName) {
            files.append((ConfigLoader.fileName, whole.contains(joinPath(root, ConfigLoader.fileName)) ? data : nil))
        }
        for relative in contentFiles(fileSystem: fileSystem, content: joinPath(root, "content")) {
            let path = joinPath("content", relative)
            files.append((path, whole.contains(joinPath(root, path)) ? read(path) : nil))
        }
        for relative in (try? fileSystem.listFiles(under: joinPath(root, theme))) ?? [] {
            if let data = read(joinPath(theme, relative)) { files.append((joinPath(theme, relative), data)) }
        }
        return inputs(files)
    }

    /// Every file below `content`, as `listFiles` gives them. A folder there that does not open stops the
    /// build unless gongkai does not read it (GK009): then the others are still taken, not none.
    private static func contentFiles(fileSystem: FileSystem, content: String) -> [String] {
        if let all = try? fileSystem.listFiles(under: content) { return all }
        return fileSystem.entries(in: content).filter { !$0.hasPrefix(".") }.flatMap { name -> [String] in
            let path = joinPath(content, name)
            guard fileSystem.isDirectory(path), fileSystem.symlinkDestination(path) == nil else { return [name] }
            return ((try? fileSystem.listFiles(under: path)) ?? []).map { joinPath(name, $0) }
        }.sorted { $0.precedesBytewise($1) }
    }

    /// The configuration and content files whose bytes the inputs digest takes: those gongkai read in
    /// which the ledger finds no item the rules withhold from its audience (the files whose diagnostics
    /// `Redaction` treats as holding withheld figures).
    static func wholeInputs(source: SourceSite, ledger: Ledger) -> Set<String> {
        let withheld = ledger.withheldFiles
        return Set(source.files.filter { !withheld.contains($0.display) }.map(\.path))
    }
}
