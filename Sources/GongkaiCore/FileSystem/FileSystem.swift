import Foundation
import Synchronization

/// The file-system seam: the pipeline reads and writes only through this, so most tests run
/// on `MemoryFileSystem` and never touch the disk. Paths are `/`-separated strings.
public protocol FileSystem: Sendable {
    func read(_ path: String) throws -> Data
    func isFile(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Regular files below `directory` (recursively), as paths relative to it, sorted bytewise.
    func listFiles(under directory: String) throws -> [String]
    /// Writes a file, creating its parent folders.
    func write(_ data: Data, to path: String) throws
    /// Removes a file or a whole folder; no error when it does not exist.
    func remove(_ path: String) throws
    /// Renames a file or folder; the destination must not exist.
    func move(_ source: String, to destination: String) throws
}

public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Joins path pieces with `/`, ignoring empty ones.
public func joinPath(_ parts: String...) -> String {
    joinPath(parts)
}

public func joinPath(_ parts: [String]) -> String {
    var result = ""
    for part in parts where !part.isEmpty {
        if result.isEmpty { result = part; continue }
        if result.hasSuffix("/") { result.removeLast() }
        result += "/" + (part.hasPrefix("/") ? String(part.dropFirst()) : part)
    }
    return result
}

/// The real disk.
public struct DiskFileSystem: FileSystem {
    public init() {}

    public func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path: path, reason: isDirectory(path) ? "是文件夹，不是文件" : "无法读取文件")
        }
        return data
    }

    public func isFile(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && !dir.boolValue
    }

    public func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }

    public func listFiles(under directory: String) throws -> [String] {
        guard isDirectory(directory) else { return [] }
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { // hidden files and editor droppings never publish
                if isDirectory(joinPath(directory, relative)) { walker.skipDescendants() }
                continue
            }
            if isFile(joinPath(directory, relative)) { files.append(relative) }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func write(_ data: Data, to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw FileSystemError(path: path, reason: "无法写入文件")
        }
    }

    public func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    public func move(_ source: String, to destination: String) throws {
        try FileManager.default.moveItem(atPath: source, toPath: destination)
    }
}

/// An in-memory file system for tests: a sorted map from path to bytes.
public final class MemoryFileSystem: FileSystem {
    private let files: Mutex<[String: Data]>

    public init(_ files: [String: String] = [:]) {
        self.files = Mutex(files.mapValues { Data($0.utf8) })
    }

    public var allPaths: [String] { files.withLock { $0.keys.sorted() } }

    public func read(_ path: String) throws -> Data {
        guard let data = files.withLock({ $0[normalize(path)] }) else {
            throw FileSystemError(path: path, reason: "无法读取文件")
        }
        return data
    }

    public func text(_ path: String) -> String? {
        (try? read(path)).map { String(decoding: $0, as: UTF8.self) }
    }

    public func isFile(_ path: String) -> Bool { files.withLock { $0[normalize(path)] != nil } }

    public func isDirectory(_ path: String) -> Bool {
        let prefix = normalize(path) + "/"
        return files.withLock { $0.keys.contains { $0.hasPrefix(prefix) } }
    }

    public func listFiles(under directory: String) throws -> [String] {
        let prefix = normalize(directory) + "/"
        return files.withLock { all in
            all.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func write(_ data: Data, to path: String) throws {
        files.withLock { $0[normalize(path)] = data }
    }

    public func write(_ text: String, to path: String) {
        files.withLock { $0[normalize(path)] = Data(text.utf8) }
    }

    public func remove(_ path: String) throws {
        let p = normalize(path)
        files.withLock { all in
            all[p] = nil
            for key in all.keys where key.hasPrefix(p + "/") { all[key] = nil }
        }
    }

    public func move(_ source: String, to destination: String) throws {
        let s = normalize(source), d = normalize(destination)
        try files.withLock { all in
            if all[d] != nil || all.keys.contains(where: { $0.hasPrefix(d + "/") }) {
                throw FileSystemError(path: destination, reason: "目标已存在")
            }
            if let data = all.removeValue(forKey: s) { all[d] = data; return }
            for key in all.keys where key.hasPrefix(s + "/") {
                all[d + key.dropFirst(s.count)] = all.removeValue(forKey: key)
            }
        }
    }

    private func normalize(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
