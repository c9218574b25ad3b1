import Crypto
import Foundation
import GongkaiCore

/// 网站清单 — `manifest.json` at the root of a built website: every file with its size and SHA-256,
/// the digest of the build inputs and the build's date (from the content or SOURCE_DATE_EPOCH, never
/// the clock). Its own SHA-256 is the site's root digest, which names a release when deploying.
/// With `signing_key:` an Ed25519 signature of its bytes sits beside it in `manifest.json.sig`.
struct SiteManifest: Codable, Equatable {
    typealias Entry = BundleManifest.Entry

    var format = SiteManifest.formatName
    var title: String
    var publisher: String
    var baseURL: String
    var date: String?
    var inputsSHA256: String
    var files: [Entry]

    enum CodingKeys: String, CodingKey {
        case format, title, publisher, date, files
        case baseURL = "base_url"
        case inputsSHA256 = "inputs_sha256"
    }

    static let formatName = "gongkai-site/1"
    static let fileName = "manifest.json"
    static let signatureName = "manifest.json.sig"
    /// Where the public key is published (also linked from the 公开验证 page).
    static let publicKeyPath = "verify/public-key.pem"
    /// Files the manifest cannot list: itself and its signature.
    static let unlisted: Set<String> = [fileName, signatureName]

    /// The manifest's canonical JSON (`canonicalJSON(self)`, byte for byte; `CanonicalJSONTests` compares them),
    /// written straight from the entries: the general encoder's tree of 85,000 entries was the build's
    /// highest point of memory at 20,000 projects.
    var encoded: Data {
        var w = CanonicalJSON.Writer(capacity: files.count * 180 + 512)
        w.object { w in
            w.member(CodingKeys.baseURL.rawValue, baseURL)
            w.member(CodingKeys.date.rawValue, date)
            w.member(CodingKeys.files.rawValue, array: files) { w, entry in
                w.object { w in
                    w.member("path", entry.path)
                    w.member("sha256", entry.sha256)
                    w.member("size", entry.size)
                }
            }
            w.member(CodingKeys.format.rawValue, format)
            w.member(CodingKeys.inputsSHA256.rawValue, inputsSHA256)
            w.member(CodingKeys.publisher.rawValue, publisher)
            w.member(CodingKeys.title.rawValue, title)
        }
        return w.data
    }

    static func decode(_ data: Data) throws -> SiteManifest {
        try JSONDecoder().decode(SiteManifest.self, from: data)
    }

    /// The paths a site manifest lists, or nil when `data` is not one.
    static func listedPaths(_ data: Data) -> Set<String>? {
        guard let manifest = try? decode(data), manifest.format == formatName else { return nil }
        return Set(manifest.files.map(\.path))
    }

    /// Whether `data` is a site manifest rather than a bundle's.
    static func isSiteManifest(_ data: Data) -> Bool {
        struct Format: Decodable { var format: String? }
        return (try? JSONDecoder().decode(Format.self, from: data))?.format == formatName
    }

    /// Writes the build marker, then `manifest.json` (and its signature) into the staging folder, last,
    /// because it hashes every other file. Returns the marker written and the manifest's SHA-256 (the audit record names
    /// the folder by it).
    /// `marker` is made while the staging folder is listed: the inputs digest it carries reads every input file again.
    static func seal(output: OutputFolder, marker makeMarker: @Sendable () -> BuildMarker, config: SiteConfig,
                     signer: Curve25519.Signing.PrivateKey?) throws -> (marker: BuildMarker, manifestSHA256: String) {
        let fs = output.fileSystem
        @Sendable func manifest(_ entries: [Entry], _ marker: BuildMarker) -> Data {
            SiteManifest(title: config.title, publisher: config.publisher, baseURL: config.baseURL,
                         date: marker.date, inputsSHA256: marker.inputsSHA256, files: entries).encoded
        }
        @Sendable func byPath(_ a: Entry, _ b: Entry) -> Bool { a.path.precedesBytewise(b.path) }
        // The listing says what is there; a file staged by `write` keeps the digest taken as it was
        // written. Listing 80,000 files and encoding the manifest of the staged ones take about as long
        // each (half a second): they run side by side, and the draft is kept when the listing agrees.
        // The marker is a hidden file, which the listing leaves out: it may be written after it.
        // A staging folder made from an old output loses here what this build did not write (`prune`), hidden files too.
        let (listing, draft) = concurrently(jobs: 2, {
            Result {
                try output.prune(fs.listFiles(under: output.stagingPath, includingHidden: true))
                    .filter { !isHiddenPath($0) }
            }
        }, {
            let marker = makeMarker()
            let markerData = marker.encoded
            let markerEntry = Entry(path: OutputFolder.markerName, size: markerData.count, sha256: Digest.sha256(markerData))
            let entries = (output.staged.all + [markerEntry]).sorted(by: byPath)
            return (marker: marker, data: markerData, entry: markerEntry, paths: entries.map(\.path), manifest: manifest(entries, marker))
        })
        let (marker, markerEntry) = (draft.marker, draft.entry)
        try fs.write(draft.data, to: joinPath(output.stagingPath, OutputFolder.markerName))
        // listFiles leaves hidden files out; the marker is the one hidden file a site carries.
        let paths = (try listing.get()).filter { !unlisted.contains($0) } + [OutputFolder.markerName]
        let data: Data
        if paths.sorted(by: { $0.precedesBytewise($1) }) == draft.paths {
            data = draft.manifest
        } else {
            // A file written and audited that is no longer there: something else is changing the staging folder, and
            // what would go live is not what was checked.
            let listed = Set(paths)
            if let missing = draft.paths.first(where: { !listed.contains($0) && !isHiddenPath($0) }) {
                throw FileSystemError(path: joinPath(output.stagingPath, missing), reason: "已写入临时目录的文件不见了（可能有其他程序在改动该目录）")
            }
            // Something was staged beside `write`: the listing is the truth, and a
            // file not staged through `write` is read and hashed now.
            var entries: [Entry] = []
            for path in paths {
                if path == OutputFolder.markerName { entries.append(markerEntry); continue }
                if let staged = output.staged.entry(path) { entries.append(staged); continue }
                let data = try fs.read(joinPath(output.stagingPath, path))
                entries.append(Entry(path: path, size: data.count, sha256: Digest.sha256(data)))
            }
            data = manifest(entries.sorted(by: byPath), marker)
        }
        try fs.write(data, to: joinPath(output.stagingPath, fileName))
        if let signer {
            // Ed25519 (RFC 8032) is deterministic: the same manifest and key give the same signature bytes.
            try fs.write(try signer.signature(for: data), to: joinPath(output.stagingPath, signatureName))
        }
        return (marker, Digest.sha256(data))
    }
}

/// Sorted-key, pretty-printed JSON with a final newline: the byte-stable form of every gongkai manifest.
func canonicalJSON<T: Encodable>(_ value: T) -> Data {
    (try? CanonicalJSON.encode(value)) ?? Data()
}
