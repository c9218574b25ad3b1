import Crypto
import Foundation
import GongkaiCore

/// 审计记录 — the output files that passed the leak audit, and the audit they passed. Whether the audit finds anything in a
/// file depends on the file's path and bytes, the withheld fingerprints and the program that scans, nothing else
/// (`LeakAudit.check`). A rebuild that renders a file whose path and bytes the last build audited, under the same
/// fingerprints and the same program (`key`), knows the scan would find nothing again, and leaves it out: after a
/// one-project edit that is every file but a few. Any change to a withheld text changes the key, and every file is scanned.
///
/// Kept in `<site>/.gongkai/audited` (never published; `.gongkai/` is ignored by git). A file written by another build of
/// the site (into another folder) holds only files that build audited, so it is as good. A file that does not read whole,
/// or under another key, is not used at all: every file is scanned.
struct AuditRecord: Sendable {
    /// One audited file: the first 128 bits of SHA-256 over its path and its bytes' SHA-256, so that the record holds 16
    /// bytes a file (85,000 files: 1.4 MB). Finding other bytes with the same 128 bits is as hard as it ever was.
    struct Entry: Hashable, Comparable, Sendable {
        var high: UInt64, low: UInt64

        init(path: String, digest: SHA256.Digest) {
            var hasher = SHA256()
            hasher.update(data: Data(path.utf8))
            hasher.update(data: Data([0]))
            digest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            var words = (UInt64(0), UInt64(0))
            hasher.finalize().withUnsafeBytes { raw in
                words = (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                         UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            }
            (high, low) = words
        }

        init(high: UInt64, low: UInt64) {
            (self.high, self.low) = (high, low)
        }

        static func < (a: Entry, b: Entry) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    /// The audit the entries passed (`key(fingerprints:program:)`).
    var key: String
    /// A folder a build under this key published into: SHA-256 of its canonical path (`output(_:)`) and of the
    /// `manifest.json` that build wrote there, which lists every file's SHA-256. While the folder's manifest is still that
    /// one, what is there passed this audit, so a build under the same key may keep it as its spare (`OutputFolder.sparePath`).
    struct Output: Hashable, Comparable, Sendable {
        var folder: String
        var manifest: String

        static func < (a: Output, b: Output) -> Bool { (a.folder, a.manifest) < (b.folder, b.manifest) }
    }

    /// The folders this record vouches for. More than one because a clerk previews (`serve`) and publishes (`build`) the
    /// same site in turn, and each folder would otherwise lose its spare to the other. Sorted, each folder once, at most
    /// `maxOutputs`.
    private(set) var outputs: [Output]
    /// Sorted, each once.
    private(set) var entries: [Entry]

    /// Folders one record vouches for: a site has a few (its output, the preview's); more only cost a spare.
    static let maxOutputs = 8

    /// `output` is the folder just published; `earlier` the folders an earlier record under the same key vouched for. Each
    /// is vouched for only while its manifest is the one recorded, so one rebuilt since by a build under another key (a
    /// `serve` and a `build` running side by side around an edit) is not taken for audited.
    init(key: String, output: Output, earlier: [Output] = [], entries: [Entry]) {
        self.key = key
        var folders: Set = [output.folder]
        let others = earlier.sorted().filter { folders.insert($0.folder).inserted }.prefix(Self.maxOutputs - 1)
        self.outputs = ([output] + others).sorted()
        self.entries = Array(Set(entries)).sorted()
    }

    private init(key: String, outputs: [Output], sorted: [Entry]) {
        (self.key, self.outputs) = (key, outputs)
        self.entries = sorted
    }

    /// Whether what `folder` (`output(_:)`) holds passed this record's audit: it is the folder recorded, with the manifest
    /// recorded (`manifest` reads the folder's manifest now, and only for a folder the record names).
    func vouches(for folder: String, manifest: () -> String?) -> Bool {
        guard let recorded = outputs.first(where: { $0.folder == folder }) else { return false }
        return manifest() == recorded.manifest
    }

    /// SHA-256 of the manifest in `folder`, nil when there is none.
    static func manifest(in folder: String, fileSystem: some FileSystem) -> String? {
        (try? fileSystem.read(joinPath(folder, SiteManifest.fileName))).map { Digest.sha256($0) }
    }

    /// The `output` of a record written by a build into `folder`.
    static func output(_ folder: String) -> String {
        Digest.sha256(Data(PublishedFolders.canonical(folder).utf8))
    }

    func contains(_ entry: Entry) -> Bool {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low] == entry
    }

    static let header = "gongkai 审计记录 4\n"

    static func path(siteRoot: String) -> String { joinPath(siteRoot, ".gongkai", "audited") }

    /// SHA-256 of the running program, read once: the scan's code is part of what a verdict depends on. Nil where the
    /// program cannot be read (then nothing is recorded or skipped).
    static let programDigest: String? = {
        let fd = open("/proc/self/exe", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard case .read(_, let sha256) = Digest.sha256(ofOpenFile: fd, limit: 1 << 30) else { return nil }
        return sha256
    }()

    /// The key of an audit: SHA-256 over the program and every fingerprint the scan looks for, in order (the matcher is
    /// made from them alone), each after its length in bytes, so that no two lists give the same bytes. Nil without the
    /// program's digest.
    static func key(fingerprints: [String], program: String?) -> String? {
        guard let program else { return nil }
        var hasher = SHA256()
        hasher.update(data: Data("gongkai leak audit\0\(program)\0\(fingerprints.count)\0".utf8))
        for fragment in fingerprints {
            hasher.update(data: Data("\(fragment.utf8.count):".utf8))
            hasher.update(data: Data(fragment.utf8))
        }
        return hasher.finalize().hexString
    }

    /// The record at `path`, or nil when there is none or it does not read whole (then every file is scanned).
    static func load(fileSystem: FileSystem, siteRoot: String) -> AuditRecord? {
        guard let data = try? fileSystem.read(path(siteRoot: siteRoot)) else { return nil }
        return decode(data)
    }

    static func decode(_ data: Data) -> AuditRecord? {
        let head = Data(header.utf8)
        // The header, the key (64 digits and a line end), each output's folder and manifest (64 digits, a space, 64 digits
        // and a line end), an empty line, then 16 bytes an entry, in order, each once.
        guard data.count >= head.count + 196, data.prefix(head.count) == head else { return nil }
        /// 64 hex digits and then `end`.
        func hex(_ bytes: Data, then end: Character) -> String? {
            guard bytes.count == 65, bytes.last == end.asciiValue,
                  bytes.dropLast().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
            else { return nil }
            return String(decoding: bytes.dropLast(), as: UTF8.self)
        }
        guard let key = hex(data.dropFirst(head.count).prefix(65), then: "\n") else { return nil }
        var outputs: [Output] = []
        var rest = data.dropFirst(head.count + 65)
        while rest.first != UInt8(ascii: "\n") {
            guard outputs.count < maxOutputs, let folder = hex(rest.prefix(65), then: " "),
                  let manifest = hex(rest.dropFirst(65).prefix(65), then: "\n")
            else { return nil }
            outputs.append(Output(folder: folder, manifest: manifest))
            rest = rest.dropFirst(130)
        }
        guard !outputs.isEmpty, zip(outputs, outputs.dropFirst()).allSatisfy({ $0.folder < $1.folder }) else { return nil }
        let body = rest.dropFirst()
        guard body.count % 16 == 0 else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(body.count / 16)
        body.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 16) {
                entries.append(Entry(high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)),
                                     low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))))
            }
        }
        guard zip(entries, entries.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        return AuditRecord(key: key, outputs: outputs, sorted: entries)
    }

    /// The record's bytes: the same entries give the same file.
    var encoded: Data {
        var data = Data(Self.header.utf8) + Data((key + "\n" + outputs.map { $0.folder + " " + $0.manifest + "\n" }.joined() + "\n").utf8)
        data.reserveCapacity(data.count + entries.count * 16)
        for entry in entries {
            withUnsafeBytes(of: (entry.high.bigEndian, entry.low.bigEndian)) { data.append(contentsOf: $0) }
        }
        return data
    }
}
