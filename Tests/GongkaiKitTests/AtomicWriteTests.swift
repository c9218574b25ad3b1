import Foundation
import GongkaiCore
import Testing

/// `writeAtomically` (the build's marker and state, the internal report, imported project files, the publication
/// record) replaces a file in one rename and leaves nothing behind: Foundation's `.atomic` write made a folder in the
/// system's temporary folder for every file it wrote and never removed it, thousands a year on a publishing server.
@Suite struct AtomicWriteTests {
    func temporaryFolderEntries() -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("TemporaryDirectory.") })
    }

    @Test func aWriteLeavesOnlyTheFile() throws {
        let folder = NSTemporaryDirectory() + "gongkai-atomic-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = temporaryFolderEntries()
        let disk = DiskFileSystem()
        let path = joinPath(folder, "sub", "报告.md")
        try disk.writeAtomically(Data("第一版\n".utf8), to: path)
        try disk.writeAtomically(Data("第二版\n".utf8), to: path)
        #expect(try disk.read(path) == Data("第二版\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: joinPath(folder, "sub")) == ["报告.md"])
        #expect(temporaryFolderEntries().subtracting(before).isEmpty, "a folder was left in the system's temporary folder")
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let folder = NSTemporaryDirectory() + "gongkai-atomic-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = joinPath(folder, "publication-record.yaml")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("旧\n".utf8), attributes: [.posixPermissions: 0o600]))
        try DiskFileSystem().writeAtomically(Data("新\n".utf8), to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try DiskFileSystem().read(path) == Data("新\n".utf8))
    }

    @Test func aFolderInTheWayIsAnErrorAndNothingIsLeft() throws {
        let folder = NSTemporaryDirectory() + "gongkai-atomic-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = joinPath(folder, "report.md")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: FileSystemError.self) { try DiskFileSystem().writeAtomically(Data("x".utf8), to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.md"])
    }
}
