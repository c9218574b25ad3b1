import Foundation
@testable import GongkaiCore
import Testing
@testable import GongkaiKit
@testable import GongkaiRender

/// Hostile input, round three: files far larger than their bound, refused by their size before they are read.
@Suite("Hostile input, round three")
struct InputRoundThreeTests {
    static let fm = FileManager.default

    /// A scratch folder holding the fixture site on disk (the built-in theme), removed by the caller.
    static func diskSite(_ fixture: SiteFixture = SiteFixture()) throws -> String {
        let folder = fm.temporaryDirectory.appendingPathComponent("gongkai-round3-\(UUID().uuidString)").path
        for (path, text) in fixture.files { try DiskFileSystem().write(Data(text.utf8), to: joinPath(folder, path)) }
        return folder
    }

    /// A sparse file of `size` bytes (no disk used): reading it whole costs `size` bytes of memory.
    static func sparse(_ path: String, size: UInt64) throws {
        try DiskFileSystem().write(Data(), to: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    /// Runs the gongkai command under `/usr/bin/time`: its status, its standard error and its peak memory in KB.
    static func measured(_ arguments: [String]) throws -> (status: Int32, stderr: String, kilobytes: Int)? {
        guard fm.isExecutableFile(atPath: "/usr/bin/time") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "maxrss %M", CommandLineTests.executable.path] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let kilobytes = try #require(stderr.split(separator: "\n").last { $0.hasPrefix("maxrss ") }.flatMap { Int($0.dropFirst(7)) }, "\(stderr)")
        return (process.terminationStatus, stderr, kilobytes)
    }

    /// A bounded read asks the size first: a file over the bound throws `FileTooLarge` with its size, unread; one at
    /// the bound reads whole; a pipe is refused without waiting for a writer.
    @Test func aBoundedReadRefusesByTheSize() throws {
        let folder = Self.fm.temporaryDirectory.appendingPathComponent("gongkai-bounded-\(UUID().uuidString)").path
        defer { try? Self.fm.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        try disk.write(Data("12345".utf8), to: joinPath(folder, "five"))
        #expect(try disk.read(joinPath(folder, "five"), atMost: 5) == Data("12345".utf8))
        #expect(throws: FileTooLarge.self) { try disk.read(joinPath(folder, "five"), atMost: 4) }
        try Self.sparse(joinPath(folder, "huge"), size: 1 << 40)
        do {
            _ = try disk.read(joinPath(folder, "huge"), atMost: 1 << 20)
            Issue.record("a file of 1 TB was read")
        } catch let large as FileTooLarge {
            #expect(large.size == 1 << 40 && large.limit == 1 << 20)
            #expect(FileSystemError.describe(large) == "文件有 1048576 MB，超过上限 1 MB")
        }
        #expect(mkfifo(joinPath(folder, "pipe"), 0o600) == 0)
        #expect(throws: FileSystemError.self) { try disk.read(joinPath(folder, "pipe"), atMost: 100) }
        // Memory holds its bytes already; the bound is the same.
        let memory = MemoryFileSystem(["a": "123456"])
        #expect(throws: FileTooLarge.self) { try memory.read("a", atMost: 5) }
    }

    /// A 2 GB page, template or publication record (sparse files: a disk image or an export saved under the name)
    /// was read whole before its size was looked at: 3 GB of memory and 21 s for the page, a crash for the template
    /// (its parse asked 34 GB), minutes and 7 GB for the record. Each is an error at its file, and check stays small.
    @Test func filesOfGigabytesAreRefusedUnread() throws {
        let folder = try Self.diskSite()
        defer { try? Self.fm.removeItem(atPath: folder) }
        try Self.sparse(joinPath(folder, "content/pages/zhengce/huge.md"), size: 2 << 30)
        try Self.sparse(joinPath(folder, "theme/templates/partials/huge.mustache"), size: 2 << 30)
        try Self.sparse(joinPath(folder, PublicationRecord.fileName), size: 2 << 30)
        guard let run = try Self.measured(["check", "--site", folder]) else { return }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("content/pages/zhengce/huge.md:1:1: error[GK001]: 文件有 2048 MB，超过内容文件的上限 32 MB"), "\(run.stderr)")
        #expect(run.stderr.contains("huge.mustache:1:1: error[GK001]: 模板文件有 2048 MB，超过上限 1 MB"), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
        #expect(run.kilobytes < 256 << 10, "check of a site with two 2 GB files took \(run.kilobytes >> 10) MB")
        // The record is read once the site has loaded: alone.
        try Self.fm.removeItem(atPath: joinPath(folder, "content/pages/zhengce/huge.md"))
        try Self.fm.removeItem(atPath: joinPath(folder, "theme"))
        guard let record = try Self.measured(["check", "--site", folder]) else { return }
        #expect(record.status == 1 && record.stderr.contains("error[GK008]"), "\(record.stderr)")
        #expect(record.stderr.contains("\(PublicationRecord.fileName) 无法读取（文件有 2048 MB，超过上限 64 MB）"), "\(record.stderr)")
        #expect(record.kilobytes < 256 << 10, "check of a site with a 2 GB record took \(record.kilobytes >> 10) MB")
    }

    /// A template is parsed into some 50 bytes of nodes a byte: one over 1 MB is refused at its file, in memory too.
    @Test func aTemplateOverTheBoundIsAnErrorAtItsFile() throws {
        let fs = SiteFixture().fileSystem()
        fs.write(String(repeating: "<p>{{title}}</p>\n", count: Theme.maxTemplateSize / 17 + 1), to: "theme/templates/partials/big.mustache")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false))
        let error = try #require(report.first(.unreadableFile), "\(report.rendered)")
        #expect(error.location.file == "theme/templates/partials/big.mustache" && error.message.contains("超过上限 1 MB"), "\(error)")
        #expect(!report.succeeded)
    }

    /// A spreadsheet of gigabytes given to import by mistake was read whole and parsed as CSV for minutes (over
    /// 60 s, 2 GB): refused by its size, named, nothing written.
    @Test func importRefusesASpreadsheetOfGigabytesUnread() throws {
        let folder = try Self.diskSite()
        defer { try? Self.fm.removeItem(atPath: folder) }
        let sheet = joinPath(folder, "自评表.csv")
        try Self.sparse(sheet, size: 2 << 30)
        guard let run = try Self.measured(["import", "--site", folder, "--dry-run", sheet]) else { return }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("error[GK500]: 文件有 2048 MB，超过导入表格的上限 64 MB"), "\(run.stderr)")
        #expect(run.kilobytes < 256 << 10, "import of a 2 GB file took \(run.kilobytes >> 10) MB")
    }

    /// A header cell of 32,767 characters (Excel's most) was normalised whole for each of eleven header names on every
    /// row scanned: 30 such cells held an import for 30 s. A long cell is matched by its start: a label with its note
    /// in brackets still is one, a long text is not.
    @Test func aLongCellIsMatchedAsALabelByItsStartAlone() {
        let note = String(repeating: "说明", count: Labels.labelReach)
        #expect(Labels.matches("三级指标（" + note + "）", Labels.level3))
        #expect(Labels.matches("三 级 指 标（" + note + "）", Labels.level3))
        #expect(!Labels.matches(note + "三级指标", Labels.level3))
        #expect(Labels.matches("三级指标（注）", Labels.level3) && Labels.matches("三级指标：", Labels.level3))
        // The import of a sheet of such cells reads them, and says there is no table.
        let sheet = (0..<30).map { _ in String(repeating: "长", count: 32_767) }.joined(separator: "\n")
        let result = ImportHostileTests.run("t.csv", Data(sheet.utf8))
        #expect(!result.succeeded && result.diagnostics.contains { $0.code == .importLayout }, "\(result.diagnostics)")
    }

    /// The site's `.gongkai/` holds gongkai's own records (`outputs`): built into, the website published that file and
    /// every later build kept the folder aside as `.gongkai.before-gongkai-N`.
    @Test func theSiteRecordsFolderIsNoOutput() throws {
        let root = try Self.diskSite()
        defer { try? Self.fm.removeItem(atPath: root) }
        for output in [joinPath(root, ".gongkai"), joinPath(root, ".gongkai/public")] {
            let report = Pipeline(fileSystem: DiskFileSystem()).run(BuildOptions(siteRoot: root, outputPath: output, jobs: 1))
            let error = report.diagnostics.first { $0.code == .outputFolder }
            #expect(!report.succeeded && error?.message.contains(".gongkai/") == true, "\(output): \(report.diagnostics)")
        }
        #expect(!Self.fm.fileExists(atPath: joinPath(root, ".gongkai/index.html")) && !Self.fm.fileExists(atPath: joinPath(root, ".gongkai.before-gongkai")))
    }

    /// A lock that cannot be made says why in Chinese (it said 系统错误 20).
    @Test func aLockThatCannotBeMadeSaysWhy() throws {
        let root = try Self.diskSite()
        defer { try? Self.fm.removeItem(atPath: root) }
        let refused = #expect(throws: FileSystemError.self) { _ = try DiskFileSystem().lockExclusively(joinPath(root, "gongkai.yaml/x.lock")) }
        #expect(refused?.reason == "无法创建锁文件：路径中有同名的文件而不是文件夹", "\(String(describing: refused))")
    }

    /// A file or folder whose name is not UTF-8 (GBK names from a Windows zip: `测.md` as B2 E2) was listed with U+FFFD
    /// and then 无法读取文件：路径不存在 (a folder: 请改正文件夹的权限). It is named for what it is, in content/ and the theme.
    @Test func aNameThatIsNotUTF8IsNamedAsSuch() throws {
        let root = try Self.diskSite()
        defer { try? Self.fm.removeItem(atPath: root) }
        func make(_ folder: String, _ name: [UInt8], directory: Bool = false) {
            let path = (Array(joinPath(root, folder).utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
            if directory { #expect(mkdir(path, 0o755) == 0); return }
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            #expect(fd >= 0)
            close(fd)
        }
        func named() -> BuildReport {
            Pipeline(fileSystem: DiskFileSystem()).run(BuildOptions(siteRoot: root, jobs: 1, writeOutput: false))
        }
        make("content/pages/zhengce", [0xB2, 0xE2] + Array(".md".utf8))
        make("content/projects", [0xD6, 0xD0, 0xCE, 0xC4], directory: true)
        var report = named()
        var errors = report.diagnostics.filter { $0.code == .unreadableFile && $0.message.contains("不是 UTF-8 编码的字节") }
        // Each byte that is not UTF-8 is shown as one U+FFFD.
        #expect(errors.map(\.location.file) == [joinPath(root, "content/pages/zhengce/\u{FFFD}\u{FFFD}.md"),
                                                 joinPath(root, "content/projects/\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")], "\(report.rendered)")
        #expect(!report.succeeded && !report.rendered.contains("路径不存在") && !report.rendered.contains("权限"), "\(report.rendered)")
        // The theme, once the content reads.
        try Self.fm.removeItem(atPath: joinPath(root, "content"))
        for (path, text) in SiteFixture().files where path.hasPrefix("content/") { try DiskFileSystem().write(Data(text.utf8), to: joinPath(root, path)) }
        try DiskFileSystem().write(Data("body{}".utf8), to: joinPath(root, "theme/assets/site.css"))
        make("theme/assets", [0xB2, 0xE2] + Array(".css".utf8))
        report = named()
        errors = report.diagnostics.filter { $0.code == .unreadableFile && $0.message.contains("不是 UTF-8 编码的字节") }
        #expect(errors.map(\.location.file) == [joinPath(root, "theme/assets/\u{FFFD}\u{FFFD}.css")], "\(report.rendered)")
        #expect(!report.succeeded && !report.rendered.contains("路径不存在"), "\(report.rendered)")
    }
}
