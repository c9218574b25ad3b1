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

    /// SHA-256 over every input file, in path order: path, NUL, size, NUL, bytes.
    static func inputs(_ files: [(path: String, data: Data)]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            hasher.update(data: Data("\(file.path)\u{0}\(file.data.count)\u{0}".utf8))
            hasher.update(data: file.data)
        }
        return hasher.finalize().hexString
    }

    /// The inputs digest of a site folder: configuration, content and theme (hidden files excluded),
    /// and the built-in theme the site's own theme files are laid over.
    static func siteInputs(fileSystem: FileSystem, root: String, theme: String) -> String {
        var files: [(path: String, data: Data)] = BuiltinTheme.files.map { (joinPath("(built-in theme)", $0.path), $0.data) }
        if let data = try? fileSystem.read(joinPath(root, ConfigLoader.fileName)) { files.append((ConfigLoader.fileName, data)) }
        for folder in ["content", theme] {
            for relative in (try? fileSystem.listFiles(under: joinPath(root, folder))) ?? [] {
                if let data = try? fileSystem.read(joinPath(root, folder, relative)) { files.append((joinPath(folder, relative), data)) }
            }
        }
        return inputs(files)
    }
}
