import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The load memo of `gongkai serve` (`LoadMemo`): a rebuild parses only the files whose bytes changed, and gives the
/// bytes and diagnostics of a build that parses every file.
@Suite struct LoadMemoTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"
    static let second = "content/projects/2025/JYJ-2025-002.md"

    /// The fixture with a second project, so that a rebuild has files it need not parse.
    static func site() -> SiteFixture {
        var site = SiteFixture()
        site[second] = site[project]!.replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
            .replacingOccurrences(of: "学生营养改善计划", with: "校舍维修改造工程")
        return site
    }

    static func build(_ fs: MemoryFileSystem, memo: LoadMemo?, output: String = "public") -> BuildReport {
        var options = BuildOptions(siteRoot: ".", outputPath: output, jobs: 2)
        options.showWithheld = true
        return Pipeline(fileSystem: fs, loadMemo: memo).run(options)
    }

    /// The site's published files, without the build marker, which names the output folder.
    static func published(_ fs: MemoryFileSystem, under folder: String) throws -> [String: Data] {
        try AuditRecordTests.files(fs, under: folder).filter { !$0.key.hasPrefix(".gongkai-build") }
    }

    @Test func aRebuildParsesOnlyWhatChangedAndGivesAFreshBuildsBytes() throws {
        let fs = Self.site().fileSystem()
        let memo = LoadMemo()
        let first = Self.build(fs, memo: memo)
        #expect(first.succeeded, "\(first.rendered)")
        #expect(memo.count == 3 && memo.reused == 0, "two projects and a page: \(memo.count), \(memo.reused)")

        let again = Self.build(fs, memo: memo)
        #expect(memo.reused == 3)
        #expect(again.diagnostics == first.diagnostics)

        // One project's basis becomes classified: that file alone is read again, and its text is withheld.
        try AuditRecordTests.edit(fs, Self.second, replacing: "basis: 学籍统计", with: "basis: {value: 学籍统计北山坑道坐标, disclosure: 涉密}")
        let edited = Self.build(fs, memo: memo)
        #expect(edited.succeeded, "\(edited.rendered)")
        #expect(memo.count == 3 && memo.reused == 2)
        let site = try Self.published(fs, under: "public")
        #expect(!site.isEmpty)
        #expect(site.filter { String(decoding: $0.value, as: UTF8.self).contains("北山坑道") }.isEmpty)

        // The same bytes and diagnostics as a build that parses every file.
        let fresh = Self.build(fs, memo: nil, output: "fresh")
        #expect(fresh.succeeded)
        #expect(try Self.published(fs, under: "fresh") == site)
        #expect(edited.diagnostics == fresh.diagnostics)
    }

    /// A file's errors come back with it while its bytes stay the same, and go when it is mended; a file moved elsewhere is
    /// read again, so that its diagnostics name where it is now; a file removed is forgotten.
    @Test func errorsMovesAndRemovalsAreThoseOfAFreshLoad() throws {
        let fs = Self.site().fileSystem()
        let memo = LoadMemo()
        try AuditRecordTests.edit(fs, Self.second, replacing: "year: 2025", with: "year: 二〇二五")
        let broken = Self.build(fs, memo: memo)
        let again = Self.build(fs, memo: memo)
        #expect(!broken.succeeded && !again.succeeded)
        #expect(broken.errors.contains { $0.location.file == Self.second }, "\(broken.rendered)")
        #expect(again.diagnostics == broken.diagnostics && memo.reused == 3)

        try fs.move(Self.second, to: "content/projects/2026/JYJ-2025-002.md")
        let moved = Self.build(fs, memo: memo)
        #expect(memo.reused == 2)
        #expect(moved.errors.contains { $0.location.file == "content/projects/2026/JYJ-2025-002.md" }, "\(moved.rendered)")
        #expect(!moved.diagnostics.contains { $0.location.file == Self.second })
        #expect(moved.diagnostics == Self.build(fs, memo: nil).diagnostics)

        try AuditRecordTests.edit(fs, "content/projects/2026/JYJ-2025-002.md", replacing: "year: 二〇二五", with: "year: 2026")
        let mended = Self.build(fs, memo: memo)
        #expect(mended.succeeded, "\(mended.rendered)")
        #expect(mended.diagnostics == Self.build(fs, memo: nil).diagnostics)

        try fs.remove("content/projects/2026/JYJ-2025-002.md")
        #expect(Self.build(fs, memo: memo).succeeded)
        #expect(memo.count == 2 && memo.reused == 2)
    }

    /// The memo keys a file by its bytes, not by `String`'s equality: a name written with a compatibility ideograph (U+F963)
    /// is canonically equivalent to the unified 北 but is other bytes, published as written, and read again.
    @Test func equivalentButOtherBytesAreReadAgain() throws {
        let fs = Self.site().fileSystem()
        let memo = LoadMemo()
        try AuditRecordTests.edit(fs, Self.second, replacing: "校舍维修改造工程", with: "城北校舍维修改造工程")
        #expect(Self.build(fs, memo: memo).succeeded)
        try AuditRecordTests.edit(fs, Self.second, replacing: "城北", with: "城\u{F963}")
        #expect(Self.build(fs, memo: memo).succeeded)
        #expect(memo.reused == 2)
        let pages = try Self.published(fs, under: "public").filter { String(decoding: $0.value, as: UTF8.self).contains("城\u{F963}校舍") }
        #expect(!pages.isEmpty)
    }

    /// A project opened in Notepad and saved again: Windows line ends and a full-width space in its name are other bytes, read
    /// again, and the rebuild's pages and diagnostics are a fresh build's.
    @Test func aFileResavedWithWindowsLineEndsIsReadAgain() throws {
        let fs = Self.site().fileSystem()
        let memo = LoadMemo()
        #expect(Self.build(fs, memo: memo).succeeded)
        let text = String(decoding: try fs.read(Self.second), as: UTF8.self)
        try fs.write(Data(text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "校舍维修", with: "校舍　维修").utf8), to: Self.second)
        let resaved = Self.build(fs, memo: memo)
        #expect(resaved.succeeded, "\(resaved.rendered)")
        #expect(memo.reused == 2)
        let fresh = Self.build(fs, memo: nil, output: "fresh")
        #expect(try Self.published(fs, under: "fresh") == Self.published(fs, under: "public"))
        #expect(resaved.diagnostics == fresh.diagnostics)
        #expect(try Self.published(fs, under: "public").contains { String(decoding: $0.value, as: UTF8.self).contains("校舍　维修") })
    }
}
