import Crypto
import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The audit record (`AuditRecord`): a rebuild does not scan again the files the last build audited under the same
/// fingerprints, and that never lets a leak through.
@Suite struct AuditRecordTests {
    static func build(_ fs: MemoryFileSystem, faults: Set<String> = [], output: String = "public") -> BuildReport {
        var pipeline = Pipeline(fileSystem: fs)
        pipeline.faults = faults
        var options = BuildOptions(siteRoot: ".", outputPath: output, jobs: 2)
        options.showWithheld = true
        return pipeline.run(options)
    }

    /// Every file of a built site, hidden ones included, by path.
    static func files(_ fs: FileSystem, under folder: String) throws -> [String: Data] {
        var all: [String: Data] = [:]
        for path in try fs.listFiles(under: folder, includingHidden: true) { all[path] = try fs.read(joinPath(folder, path)) }
        return all
    }

    static func edit(_ fs: FileSystem, _ path: String, replacing old: String, with new: String) throws {
        let text = String(decoding: try fs.read(path), as: UTF8.self)
        #expect(text.contains(old), "\(path) has no “\(old)”")
        try fs.write(Data(text.replacingOccurrences(of: old, with: new).utf8), to: path)
    }

    @Test func aRebuildScansOnlyWhatChangedAndGivesAFullBuildsBytes() throws {
        let fs = LedgerTests.everyKind().0.fileSystem()
        let first = Self.build(fs)
        #expect(first.succeeded && first.filesAuditedBefore == 0, "\(first.rendered)")
        #expect(fs.isFile(AuditRecord.path(siteRoot: ".")))
        let built = try Self.files(fs, under: "public")

        let again = Self.build(fs)
        #expect(again.succeeded && again.filesWritten > 0 && again.filesAuditedBefore == again.filesWritten)
        #expect(try Self.files(fs, under: "public") == built)

        // A public name on many pages: those pages are scanned, the style sheet and the other projects' files are not.
        try Self.edit(fs, "content/organisations.yaml", replacing: "测试市第一中学", with: "测试市第一实验中学")
        let edited = Self.build(fs)
        #expect(edited.succeeded, "\(edited.rendered)")
        #expect(edited.filesAuditedBefore > 0 && edited.filesAuditedBefore < edited.filesWritten,
                "\(edited.filesAuditedBefore) of \(edited.filesWritten) taken from the record")
        // The same bytes as a build that scans every file.
        try fs.remove(AuditRecord.path(siteRoot: "."))
        let full = Self.build(fs, output: "full")
        #expect(full.succeeded && full.filesAuditedBefore == 0)
        #expect(try Self.files(fs, under: "public") == Self.files(fs, under: "full"))
    }

    /// A disclose bug after a clean build: the leaking files are new bytes, which the record does not hold, and the audit
    /// stops the build as it does with no record.
    @Test(arguments: LedgerTests.kinds)
    func aDiscloseBugIsCaughtAfterACleanBuild(_ kind: String) throws {
        let (site, secrets) = LedgerTests.everyKind()
        let fs = site.fileSystem()
        #expect(Self.build(fs).succeeded)
        let record = try fs.read(AuditRecord.path(siteRoot: "."))
        let built = try Self.files(fs, under: "public")
        let report = Self.build(fs, faults: [kind])
        #expect(!report.succeeded, "a disclose bug for \(kind) was not caught after a clean build")
        let secret = try #require(secrets[kind])
        #expect(report.diagnostics.contains { $0.code == .leak && secret.contains(LedgerTests.quoted($0.message)) }, "\(report.rendered)")
        #expect(try Self.files(fs, under: "public") == built, "the published site is untouched")
        #expect(try fs.read(AuditRecord.path(siteRoot: ".")) == record, "a failed build leaves the record as it was")
    }

    /// Another withheld text is another audit: every file is scanned again.
    @Test func aChangedWithheldTextMeansEveryFileIsScanned() throws {
        let fs = LedgerTests.everyKind().0.fileSystem()
        #expect(Self.build(fs).succeeded)
        try Self.edit(fs, "content/organisations.yaml", replacing: "部门简介秘文甲乙", with: "部门简介秘文甲乙丙")
        let changed = Self.build(fs)
        #expect(changed.succeeded && changed.filesAuditedBefore == 0, "\(changed.filesAuditedBefore) files taken from the record")
        let again = Self.build(fs)
        #expect(again.filesAuditedBefore == again.filesWritten)
    }

    /// A record cut short, of another format, under another key or out of order is not used at all (every file is
    /// scanned), and the build writes a good one.
    @Test func aDamagedOrForeignRecordIsNotUsed() throws {
        let fs = LedgerTests.everyKind().0.fileSystem()
        #expect(Self.build(fs).succeeded)
        let path = AuditRecord.path(siteRoot: ".")
        let good = try fs.read(path)
        let head = Data(AuditRecord.header.utf8).count
        // The header, the key's line, the output's line (folder, space, manifest), an empty line, then the entries.
        let body = head + 65 + 130 + 1
        var reversed = good.prefix(body)
        for start in stride(from: good.count - 16, through: body, by: -16) { reversed += good[start..<start + 16] }
        let output = good.dropFirst(head + 65).prefix(130), after = good.dropFirst(head + 65 + 130)
        let hex = { (digit: String, end: String) in Data((String(repeating: digit, count: 64) + end).utf8) }
        let line = { (folder: String) in hex(folder, " ") + hex("e", "\n") }
        let damaged: [(String, Data)] = [
            ("cut short", good.dropLast(1)),
            ("an entry missing a byte", good.prefix(body + 15)),
            ("another header", Data("gongkai 审计记录 0\n".utf8) + good.dropFirst(head)),
            ("the first format, without the output", Data("gongkai 审计记录 1\n".utf8) + good.prefix(head + 65).dropFirst(head) + good.dropFirst(body)),
            ("the second format, one output and no empty line", Data("gongkai 审计记录 2\n".utf8) + good.prefix(head + 65).dropFirst(head)
                + output.prefix(64) + Data("\n".utf8) + good.dropFirst(body)),
            ("the third format, outputs without their manifest", Data("gongkai 审计记录 3\n".utf8) + good.prefix(head + 65).dropFirst(head)
                + output.prefix(64) + Data("\n\n".utf8) + good.dropFirst(body)),
            ("an output not in hex", good.prefix(head + 65) + hex("z", " ") + output.dropFirst(65) + after),
            ("a manifest not in hex", good.prefix(head + 65) + output.prefix(65) + hex("z", "\n") + after),
            ("a tab for the space", good.prefix(head + 65) + output.prefix(64) + Data("\t".utf8) + output.dropFirst(65) + after),
            ("an output without its manifest", good.prefix(head + 65) + output.prefix(64) + Data("\n".utf8) + after),
            ("no output", good.prefix(head + 65) + after),
            ("outputs out of order", good.prefix(head + 65) + output + line("0") + after),
            ("an output twice", good.prefix(head + 65) + output + output + after),
            ("one folder with two manifests", good.prefix(head + 65) + line("1") + hex("1", " ") + hex("f", "\n") + after),
            ("more outputs than a record keeps", good.prefix(head + 65) + (0..<AuditRecord.maxOutputs + 1).map { line(String($0)) }.reduce(Data(), +)
                + after),
            ("no empty line after the outputs", good.prefix(head + 65 + 130) + good.dropFirst(body)),
            ("opened and saved again in Notepad (CR LF)", Data(String(decoding: good.prefix(body), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\r\n").utf8) + good.dropFirst(body)),
            ("another key", good.prefix(head) + Data((String(repeating: "0", count: 64) + "\n").utf8) + good.dropFirst(head + 65)),
            ("a key not in hex", good.prefix(head) + Data((String(repeating: "z", count: 64) + "\n").utf8) + good.dropFirst(head + 65)),
            ("out of order", reversed),
            ("empty", Data()),
        ]
        for (what, bytes) in damaged {
            try fs.write(bytes, to: path)
            let report = Self.build(fs)
            #expect(report.succeeded && report.filesAuditedBefore == 0, "\(what): \(report.filesAuditedBefore) files taken from it")
            #expect(try fs.read(path) == good, "\(what): the build wrote a good record")
        }
    }

    @Test func entriesAreFoundAndTheFileReadsBack() throws {
        let entries = (0..<500).map { AuditRecord.Entry(path: "p/\($0).html", digest: SHA256.hash(data: Data("\($0)".utf8))) }
        let served = AuditRecord.Output(folder: AuditRecord.output("/srv/www/public"), manifest: Digest.sha256(Data("清单".utf8)))
        let preview = AuditRecord.Output(folder: AuditRecord.output("/srv/www/.gongkai-serve/site"), manifest: Digest.sha256(Data("预览".utf8)))
        let record = AuditRecord(key: String(repeating: "a", count: 64), output: served, earlier: [preview, served, preview],
                                 entries: entries + entries.prefix(10))
        #expect(record.entries.count == 500, "each once")
        #expect(record.outputs == [served, preview].sorted(), "each once, sorted")
        let read = try #require(AuditRecord.decode(record.encoded))
        #expect(read.key == record.key && read.outputs == record.outputs && read.entries == record.entries)
        #expect(read.vouches(for: served.folder, manifest: { served.manifest }) && read.vouches(for: preview.folder, manifest: { preview.manifest }))
        #expect(!read.vouches(for: AuditRecord.output("/srv/www/public2"), manifest: { served.manifest }))
        // The folder rebuilt since (another manifest), or its manifest gone: not vouched for.
        #expect(!read.vouches(for: preview.folder, manifest: { served.manifest }))
        #expect(!read.vouches(for: preview.folder, manifest: { nil }))
        // The folder just published replaces what an earlier record said of it.
        let rebuilt = AuditRecord.Output(folder: preview.folder, manifest: Digest.sha256(Data("又一次预览".utf8)))
        #expect(AuditRecord(key: record.key, output: rebuilt, earlier: read.outputs, entries: []).outputs == [served, rebuilt].sorted())
        // One folder once, whatever an earlier list held.
        let twice = AuditRecord(key: record.key, output: served, earlier: [preview, rebuilt, preview], entries: [])
        #expect(twice.outputs.map(\.folder) == [served.folder, preview.folder].sorted())
        #expect(try #require(AuditRecord.decode(twice.encoded)).outputs == twice.outputs)
        // No more than `maxOutputs`, and never without the folder just published.
        let many = (0..<20).map { AuditRecord.Output(folder: AuditRecord.output("/srv/www/site\($0)"), manifest: served.manifest) }
        let full = AuditRecord(key: record.key, output: served, earlier: many, entries: [])
        #expect(full.outputs.count == AuditRecord.maxOutputs && full.vouches(for: served.folder, manifest: { served.manifest }))
        #expect(try #require(AuditRecord.decode(full.encoded)).outputs == full.outputs)
        #expect(AuditRecord(key: record.key, output: served, earlier: many, entries: []).encoded == full.encoded, "the same bytes each time")
        #expect(entries.allSatisfy(read.contains))
        // The path is part of the entry: the same bytes elsewhere are another file.
        #expect(!read.contains(AuditRecord.Entry(path: "p/0.htm", digest: SHA256.hash(data: Data("0".utf8)))))
        #expect(!read.contains(AuditRecord.Entry(path: "p/0.html", digest: SHA256.hash(data: Data("1".utf8)))))
    }

    /// The key tells fingerprint lists apart even when their bytes run together, and needs the program's digest.
    @Test func theKeyTellsEveryListApart() {
        let program = String(repeating: "b", count: 64)
        let lists: [[String]] = [["甲乙丙丁戊己", "庚辛壬癸子丑"], ["甲乙丙丁戊己庚辛壬癸子丑"], ["甲乙丙丁戊己庚", "辛壬癸子丑"],
                                 ["a\u{0}b", "c"], ["a", "b\u{0}c"], ["甲乙丙丁戊己"], [], [""]]
        let keys = lists.map { AuditRecord.key(fingerprints: $0, program: program) }
        #expect(Set(keys.compactMap { $0 }).count == lists.count)
        #expect(AuditRecord.key(fingerprints: lists[0], program: program) == keys[0], "the same list, the same key")
        #expect(AuditRecord.key(fingerprints: lists[0], program: String(repeating: "c", count: 64)) != keys[0], "another program")
        #expect(AuditRecord.key(fingerprints: lists[0], program: nil) == nil)
    }
}
