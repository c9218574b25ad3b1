import Foundation
import Synchronization

/// The file-system seam: the pipeline reads and writes only through this, so most tests run
/// on `MemoryFileSystem` and never touch the disk. Paths are `/`-separated strings.
public protocol FileSystem: Sendable {
    func read(_ path: String) throws -> Data
    /// The bytes of `path` when it holds at most `limit`; a larger file throws `FileTooLarge` without
    /// being read (on disk its size is asked first, and a file still growing is read no further).
    func read(_ path: String, atMost limit: Int) throws -> Data
    func isFile(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Regular files below `directory` (recursively), as paths relative to it, sorted bytewise. Symbolic
    /// links are listed as entries (whether they lead to a file, a folder or nowhere) and never descended
    /// into, so a caller can refuse them. A folder that cannot be opened (no permission) throws a
    /// `FileSystemError` naming it (its path begins with `directory`): it is never taken as empty.
    /// Hidden files and folders (names starting with a dot) are left out unless `includingHidden`.
    func listFiles(under directory: String, includingHidden: Bool) throws -> [String]
    /// The symbolic links among those (hidden ones included), never followed: a folder made from an old output must not
    /// hold one through which a write would leave it.
    func symbolicLinks(under directory: String) throws -> [String]
    /// Writes a file, creating its parent folders.
    func write(_ data: Data, to path: String) throws
    /// Writes a file whole or not at all: a temporary file beside it, renamed over it.
    func writeAtomically(_ data: Data, to path: String) throws
    /// Puts `data` at `path` by giving it the file `existing`, when that file holds exactly these bytes
    /// (on disk a hard link: an unchanged file of the previous output costs no new file and no write).
    /// Otherwise nothing is written and the caller writes.
    func reuse(_ existing: String, for data: Data, at path: String) -> FileReuse
    /// Whether `path` is a plain file of this user's, as `write` makes it, holding exactly `data`, and under no other name
    /// than `sharedWith` (the same file in the output served, which an earlier `reuse` may have linked): then a staging
    /// folder made from an old output need not write it again. A symbolic link is never followed.
    func holds(_ data: Data, at path: String, sharedWith: String) -> Bool
    /// Removes a file or a symbolic link itself, never a folder (a folder there stays, and no error); no error when
    /// nothing is there.
    func removeFile(_ path: String) throws
    /// Makes everything written below `path` durable (on disk: one `syncfs`; in memory nothing to do).
    func flush(_ path: String)
    /// Removes a folder without waiting for it (a large old output takes seconds): on disk a detached
    /// `rm -rf` that outlives the command. Throws only when the removal could not even be started or,
    /// where it runs at once (memory), failed.
    func removeInBackground(_ path: String) throws
    /// Removes a file or a whole folder; no error when it does not exist.
    func remove(_ path: String) throws
    /// Renames a file or folder; the destination must not exist.
    func move(_ source: String, to destination: String) throws
    /// Swaps two existing paths in one step, so that neither name is ever missing. False where the
    /// system cannot (the caller then renames twice); throws when it can but failed.
    func exchange(_ a: String, _ b: String) throws -> Bool
    /// Names directly inside `directory`, hidden ones included, sorted bytewise; empty when it does not exist.
    func entries(in directory: String) -> [String]
    /// Where `path` points when it is itself a symbolic link (relative targets joined to its folder); nil otherwise.
    func symlinkDestination(_ path: String) -> String?
    /// Takes an exclusive lock on `path` (created if missing) for as long as the returned value lives;
    /// throws when another process holds it. Nil where there is nothing to lock (memory).
    func lockExclusively(_ path: String) throws -> FileLock?
}

extension FileSystem {
    /// In memory the bytes are there already: only the bound is checked.
    public func read(_ path: String, atMost limit: Int) throws -> Data {
        let data = try read(path)
        guard data.count <= limit else { throw FileTooLarge(path: path, size: data.count, limit: limit) }
        return data
    }
    /// The files a site publishes from a folder: hidden ones never publish.
    public func listFiles(under directory: String) throws -> [String] { try listFiles(under: directory, includingHidden: false) }
    /// Nothing is shared unless a file system says how.
    public func reuse(_ existing: String, for data: Data, at path: String) -> FileReuse { .impossible }
    /// No links where `symlinkDestination` knows none.
    public func symbolicLinks(under directory: String) throws -> [String] {
        try listFiles(under: directory, includingHidden: true).filter { symlinkDestination(joinPath(directory, $0)) != nil }
    }
    /// In memory a file is its bytes.
    public func holds(_ data: Data, at path: String, sharedWith: String) -> Bool { (try? read(path)) == data }
    public func removeFile(_ path: String) throws { if isFile(path) { try remove(path) } }
    /// Memory writes are whole already.
    public func writeAtomically(_ data: Data, to path: String) throws { try write(data, to: path) }
    public func flush(_ path: String) {}
    /// In memory removal is immediate.
    public func removeInBackground(_ path: String) throws { try remove(path) }
}

/// An open, `flock`ed lock file; freed (or at exit) the lock is released and the file removed, so
/// no lock files pile up. Removing it while still locked is safe: whoever locks the removed file sees
/// that the path no longer names it and tries again.
public final class FileLock: Sendable {
    /// Why a lock was refused when another process holds it.
    public static let busy = "锁已被另一个正在运行的 gongkai 占用"
    let descriptor: Int32
    let path: String
    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
    deinit {
        unlink(path)
        close(descriptor)
    }
}

/// What `FileSystem.reuse` did.
public enum FileReuse: Sendable {
    /// The existing file is now at the new path too.
    case shared
    /// Not shared (missing, different, or not a plain file of ours alone); others may be.
    case notShared
    /// This file system cannot share files here (no hard links): not worth asking again.
    case impossible
}

public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }

    /// A file or folder whose name is not UTF-8: listed, it cannot be opened by that name.
    public static let nameNotUTF8 = "文件名中有不是 UTF-8 编码的字节（常见于从 Windows 压缩包解出的 GBK 文件名，显示为 �），gongkai 无法按这个名字读取它；请在本机把它重新命名一次"

    /// What went wrong with a file operation, in plain Chinese (not the system's English text).
    public static func describe(_ error: Error) -> String {
        if let known = error as? FileSystemError { return known.reason }
        if let large = error as? FileTooLarge { return large.reason }
        let ns = error as NSError
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil)
        switch posix.map(Int32.init) {
        case ENOSPC?, EDQUOT?: return "磁盘空间不足"
        case EACCES?, EPERM?: return "没有权限"
        case EROFS?: return "文件系统只读"
        case ENOENT?: return "路径不存在"
        case ENOTDIR?: return "路径中有同名的文件而不是文件夹"
        case EEXIST?, ENOTEMPTY?: return "目标已存在"
        case ENAMETOOLONG?: return "文件名过长"
        case EBUSY?: return "正在被其他程序使用"
        case EXDEV?: return "不在同一个文件系统上，无法改名移动"
        case ELOOP?: return "路径是符号链接，gongkai 不会跟随它写入"
        case let code?: return "系统错误 \(code)"
        case nil:
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteOutOfSpace: return "磁盘空间不足"
            case .fileWriteNoPermission, .fileReadNoPermission: return "没有权限"
            case .fileWriteVolumeReadOnly: return "文件系统只读"
            case .fileNoSuchFile, .fileReadNoSuchFile: return "路径不存在"
            case .fileWriteFileExists: return "目标已存在"
            default: return "系统错误 \(ns.code)"
            }
        }
    }
}

/// A file larger than a reader's bound, refused before it was read (`FileSystem.read(_:atMost:)`).
public struct FileTooLarge: Error, CustomStringConvertible, Sendable {
    public var path: String
    /// The size found (at least `limit + 1` for a file that grew while it was read).
    public var size: Int
    public var limit: Int
    public init(path: String, size: Int, limit: Int) {
        self.path = path
        self.size = size
        self.limit = limit
    }
    /// What is wrong, in Chinese, without the path (`FileSystemError.describe`).
    public var reason: String { "文件有 \(Self.shown(size))，超过上限 \(Self.shown(limit))" }
    public var description: String { "\(path): \(reason)" }

    /// `12 MB`, `300 KB`, `80 字节`.
    public static func shown(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? "\(bytes / 1_048_576) MB" : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) 字节"
    }
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

/// The folder holding `path`: `a/b` → `a`, `b` → ``, `/b` → `/` (trailing slashes ignored). Written
/// here because Foundation's `deletingLastPathComponent` on Linux traps on a one-character path
/// (`--output x`).
/// Whether a `/`-separated path has a hidden part (a name starting with a dot): hidden files never publish.
public func isHiddenPath(_ path: some StringProtocol) -> Bool {
    path.split(separator: "/").contains { $0.hasPrefix(".") }
}

public func parentFolder(of path: String) -> String {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    var parent = path[..<slash]
    while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
    return parent.isEmpty ? "/" : String(parent)
}

/// The real disk.
public struct DiskFileSystem: FileSystem {
    public init() {}

    public func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path: path, reason: Self.whyUnreadable(path))
        }
        return data
    }

    /// Asks the size before reading: `FileManager.contents` read a 3 GB file whole (21 s, 3 GB of memory)
    /// only for the caller to refuse it as too large. Opened without waiting (a pipe named like a page
    /// never blocks the build) and read only when it is a regular file.
    public func read(_ path: String, atMost limit: Int) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: Self.whyUnreadable(path)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw FileSystemError(path: path, reason: Self.whyUnreadable(path))
        }
        guard Int(info.st_size) <= limit else { throw FileTooLarge(path: path, size: Int(info.st_size), limit: limit) }
        var data = Data(count: Int(info.st_size) + 1), filled = 0
        while true {
            if filled == data.count {
                // A file that grows while it is read is read no further than its bound.
                guard filled <= limit else { throw FileTooLarge(path: path, size: filled, limit: limit) }
                data.count = min(data.count + 65536, limit + 1)
            }
            let n = data.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw FileSystemError(path: path, reason: "无法读取：" + Self.describeErrno()) }
            if n == 0 { break }
            filled += n
        }
        guard filled <= limit else { throw FileTooLarge(path: path, size: filled, limit: limit) }
        data.count = filled
        return data
    }

    /// Why `path` gave no contents, in plain Chinese: a clerk cannot act on 无法读取 alone.
    private static func whyUnreadable(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return missing(path) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "是文件夹，不是文件"
        case S_IFREG:
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return describeErrno() }
            close(descriptor)
            return "无法读取文件"
        default: return "不是普通文件（是管道、设备或套接字），gongkai 不读取它"
        }
    }

    public func isFile(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && !dir.boolValue
    }

    public func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }

    /// `readdir` with the entry types it reports: FileManager's enumerator stats every entry two or
    /// three times, which cost seconds on a staged site of 80,000 files.
    public func listFiles(under directory: String, includingHidden: Bool) throws -> [String] {
        var files: [String] = []
        try walk(directory, includingHidden: includingHidden) { relative, _, _ in files.append(relative) }
        return files.sorted { $0.precedesBytewise($1) }
    }

    public func symbolicLinks(under directory: String) throws -> [String] {
        var links: [String] = []
        try walk(directory, includingHidden: true) { relative, isLink, _ in if isLink { links.append(relative) } }
        return links.sorted { $0.precedesBytewise($1) }
    }

    /// A file's modification time and size, as `lstat` gives them (a symbolic link's own, never followed).
    public struct Stamp: Equatable, Sendable {
        public var seconds: Int
        public var nanoseconds: Int
        public var size: Int64

        /// Nil for anything but a regular file or a symbolic link: a folder's time changes when an editor drops a hidden
        /// file into it, and a socket or a device is nobody's content.
        public init?(_ info: stat) {
            guard info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFLNK else { return nil }
            (seconds, nanoseconds, size) = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int64(info.st_size))
        }

        /// The stamp of `path` itself, never followed; nil when it is missing or no file.
        public init?(of path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            self.init(info)
        }
    }

    /// The files below `directory` as `listFiles` gives them, each with its stamp (regular files and symbolic links only,
    /// `Stamp`). One `readdir` walk and one `fstatat` a file, from its folder and by the entry's own bytes (the preview's
    /// watcher polls so; FileManager's enumerator stats each entry several times).
    public func stampFiles(under directory: String, includingHidden: Bool) throws -> [(path: String, stamp: Stamp)] {
        var files: [(path: String, stamp: Stamp)] = []
        try walk(directory, includingHidden: includingHidden) { relative, _, status in
            if let stamp = status().flatMap(Stamp.init) { files.append((relative, stamp)) }
        }
        return files.sorted { $0.path.precedesBytewise($1.path) }
    }

    /// Calls `found` with each entry below `directory` that is not a folder (relative path, whether it is a symbolic link,
    /// and its `lstat` when asked for it).
    private func walk(_ directory: String, includingHidden: Bool, _ found: (String, Bool, () -> stat?) -> Void) throws {
        guard isDirectory(directory) else { return }
        func walk(_ folder: String, _ prefix: String) throws {
            // A folder that does not open is not an empty one: its files would vanish from the site unseen.
            guard let stream = opendir(folder) else {
                throw FileSystemError(path: folder, reason: errno == ENOENT && Self.nameNotUTF8(folder) ? FileSystemError.nameNotUTF8
                                      : "无法打开文件夹：" + Self.describeErrno())
            }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                // Hidden files and folders (and editor droppings) never publish.
                if name == "." || name == ".." || (!includingHidden && name.hasPrefix(".")) { continue }
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                let path = folder + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    default: type = UInt8(DT_REG)
                    }
                }
                // A symbolic link is listed, never followed, whatever it leads to; anything else that is
                // not a folder counts as a file (the caller reads it or refuses it).
                if type == UInt8(DT_DIR) { try walk(path, relative) } else {
                    // By the entry's own bytes: a name that is not UTF-8 is shown repaired, and that name opens nothing.
                    found(relative, type == UInt8(DT_LNK)) {
                        var info = stat()
                        let stamped = withUnsafePointer(to: &entry.pointee.d_name) {
                            fstatat(dirfd(stream), UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW) == 0
                        }
                        return stamped ? info : nil
                    }
                }
            }
        }
        try walk(directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory, "")
    }

    /// Plain POSIX calls: Foundation's `Data.write` fsyncs every file and `createDirectory` stats every
    /// parent, which at 80,000 files cost more than rendering them. The build flushes once (`flush`)
    /// before it swaps a staging folder in; parents are created only when `open` says one is missing.
    public func write(_ data: Data, to path: String) throws {
        // Truncated only after checking: a file shared by `reuse` (a hard link) is never written
        // through, which would change the other name's file too; its name is replaced instead.
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == ENOENT {
            let parent = parentFolder(of: path)
            if !parent.isEmpty {
                do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                    throw FileSystemError(path: path, reason: "无法写入：" + FileSystemError.describe(error))
                }
            }
            descriptor = open(path, flags, 0o644)
        }
        // The reason is read from errno before `close`, which may change it.
        func failure(closing: Bool = false) -> FileSystemError {
            let error = FileSystemError(path: path, reason: "无法写入：" + Self.describeErrno())
            if closing { close(descriptor) }
            return error
        }
        guard descriptor >= 0 else { throw failure() }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(closing: true) }
        if info.st_nlink > 1 {
            close(descriptor)
            guard unlink(path) == 0 else { throw failure() }
            descriptor = open(path, flags | O_EXCL, 0o644)
            guard descriptor >= 0 else { throw failure() }
        } else if info.st_size > 0, ftruncate(descriptor, 0) != 0 {
            throw failure(closing: true)
        }
        defer { close(descriptor) }
        guard Self.writeAll(data, to: descriptor) else { throw failure() }
    }

    /// Writes all of `data` to an open file, through short writes and interruptions; false (errno set) on failure.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// A hard link, after reading the file back and comparing every byte. Only a plain file of this
    /// user's, mode 644 as `write` makes it, that no other name links to: a file linked from elsewhere
    /// could change after the build, and the new output must hold exactly the bytes the audit saw.
    public func reuse(_ existing: String, for data: Data, at path: String) -> FileReuse {
        guard Self.file(existing, holds: data, sharedWith: nil) else { return .notShared }
        if link(existing, path) == 0 { return .shared }
        if errno == ENOENT {
            let parent = parentFolder(of: path)
            if !parent.isEmpty, (try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)) != nil,
               link(existing, path) == 0 { return .shared }
        }
        // No hard links on this file system (FAT, some network shares), or not across these folders.
        return [EPERM, EOPNOTSUPP, EXDEV, EMLINK].contains(errno) ? .impossible : .notShared
    }

    /// A second name only where it is the same file at `sharedWith`: `reuse` made it so, and gongkai never writes through
    /// a shared file (`write` replaces its name). A file linked from anywhere else (a backup made with `cp -al`) could
    /// change after the build.
    public func holds(_ data: Data, at path: String, sharedWith: String) -> Bool {
        Self.file(path, holds: data, sharedWith: sharedWith)
    }

    public func removeFile(_ path: String) throws {
        // ENOTDIR: a file stands where one of its folders would, so nothing is at `path`.
        guard unlink(path) != 0, errno != ENOENT, errno != ENOTDIR, errno != EISDIR else { return }
        // Linux answers EISDIR for a folder, POSIX allows EPERM: a folder is left alone either way.
        var info = stat()
        if errno == EPERM, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
        throw FileSystemError(path: path, reason: "无法删除：" + Self.describeErrno())
    }

    /// Whether `path` is a plain file of this user's, mode 644 as `write` makes it, holding exactly `data` (read back and
    /// compared byte for byte), with no other name, or one other: the same file at `sharedWith`.
    private static func file(_ path: String, holds data: Data, sharedWith other: String?) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat(), twin = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o7777 == 0o644,
              info.st_uid == geteuid(), Int(info.st_size) == data.count,
              info.st_nlink == 1 || (info.st_nlink == 2 && other.map { lstat($0, &twin) == 0 } == true
                                     && twin.st_ino == info.st_ino && twin.st_dev == info.st_dev) else { return false }
        // Read in chunks of at most 64 KiB (most pages are a few KiB: one read, then end of file).
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(data.count, 1), 1 << 16), alignment: 16)
        defer { chunk.deallocate() }
        let same = data.withUnsafeBytes { (wanted: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while true {
                let n = Glibc.read(descriptor, chunk.baseAddress!, chunk.count)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return n == 0 && offset == wanted.count }
                guard offset + n <= wanted.count, memcmp(chunk.baseAddress!, wanted.baseAddress! + offset, n) == 0 else { return false }
                offset += n
            }
        }
        return same
    }

    /// Why `path`, just listed, is not there: a name whose bytes are not UTF-8 (a GBK name from a Windows zip) was
    /// listed with U+FFFD in their place, and that name is nowhere; 路径不存在 sent the clerk looking for a lost file.
    private static func missing(_ path: String) -> String {
        errno == ENOENT && nameNotUTF8(path) ? FileSystemError.nameNotUTF8 : describeErrno()
    }

    private static func nameNotUTF8(_ path: String) -> Bool { path.unicodeScalars.contains("\u{FFFD}") }

    private static func describeErrno() -> String {
        FileSystemError.describe(NSError(domain: NSPOSIXErrorDomain, code: Int(errno)))
    }

    /// Writes what the kernel holds for the file system of `path` to the disk (one `syncfs`), so a site
    /// swapped in after it survives a power cut.
    public func flush(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = systemSyncfs(descriptor)
        close(descriptor)
    }

    /// Written to a hidden file beside `path`, made durable, then renamed over it: a reader sees the old file or the
    /// new one, never part of it. A file replaced keeps its permissions. (Foundation's `.atomic` write went through a
    /// folder in the system's temporary folder, which it left behind for every file.)
    public func writeAtomically(_ data: Data, to path: String) throws {
        let parent = parentFolder(of: path)
        if !parent.isEmpty {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw FileSystemError(path: path, reason: "无法写入：" + FileSystemError.describe(error))
            }
        }
        var info = stat()
        let kept: mode_t? = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? mode_t(info.st_mode & 0o7777) : nil
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = joinPath(parent, ".\(name).gongkai-\(UUID().uuidString)")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kept ?? 0o644)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: "无法写入：" + Self.describeErrno()) }
        func fail() -> FileSystemError {
            let error = FileSystemError(path: path, reason: "无法写入：" + Self.describeErrno())
            unlink(temporary)
            return error
        }
        // The umask narrowed the mode `open` gave; a replaced file keeps exactly its own.
        let written = Self.writeAll(data, to: descriptor) && (kept.map { fchmod(descriptor, $0) == 0 } ?? true) && fsync(descriptor) == 0
        guard written else {
            let error = fail()
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else { throw fail() }
    }

    public func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) || symlinkDestination(path) != nil else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw FileSystemError(path: path, reason: "无法删除：" + FileSystemError.describe(error))
        }
    }

    public func move(_ source: String, to destination: String) throws {
        do { try FileManager.default.moveItem(atPath: source, toPath: destination) } catch {
            throw FileSystemError(path: source, reason: "无法改名为 \(destination)：" + FileSystemError.describe(error))
        }
    }

    public func exchange(_ a: String, _ b: String) throws -> Bool {
        guard systemRenameat2(-100 /* AT_FDCWD */, a, -100, b, 2 /* RENAME_EXCHANGE */) == 0 else {
            if [EINVAL, ENOSYS, EOPNOTSUPP].contains(errno) { return false }  // an old kernel, or a file system without it
            throw FileSystemError(path: a, reason: "无法与 \(b) 互换：" + Self.describeErrno())
        }
        return true
    }

    public func removeInBackground(_ path: String) throws {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", "--", path]
        rm.standardInput = FileHandle.nullDevice
        rm.standardOutput = FileHandle.nullDevice
        rm.standardError = FileHandle.nullDevice
        do { try rm.run() } catch {
            try remove(path)  // no rm: remove it now
        }
    }

    public func entries(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted { $0.precedesBytewise($1) }
    }

    public func symlinkDestination(_ path: String) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
        return target.hasPrefix("/") ? target : joinPath(parentFolder(of: path), target)
    }

    public func lockExclusively(_ path: String) throws -> FileLock? {
        let parent = parentFolder(of: path)
        if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        for _ in 0..<10 {
            // Never through a link: opening one with O_CREAT would make the file it names, wherever that is.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                if errno == ELOOP { throw FileSystemError(path: path, reason: "锁文件 \(path) 是符号链接，gongkai 不跟随它；请删去这个链接") }
                throw FileSystemError(path: path, reason: "无法创建锁文件：" + Self.describeErrno())
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                close(fd)
                throw FileSystemError(path: path, reason: busy ? FileLock.busy : "无法加锁")
            }
            // The holder before us may have removed the file after we opened it: then lock the new one.
            var opened = stat(), named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return FileLock(descriptor: fd, path: path)
            }
            close(fd)
        }
        throw FileSystemError(path: path, reason: "无法加锁（锁文件反复被替换）")
    }
}

/// An in-memory file system for tests: a sorted map from path to bytes.
public final class MemoryFileSystem: FileSystem {
    private let files: Mutex<[String: Data]>

    public func reuse(_ existing: String, for data: Data, at path: String) -> FileReuse {
        files.withLock { files in
            guard files[normalize(existing)] == data else { return .notShared }
            files[normalize(path)] = data
            return .shared
        }
    }

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

    public func listFiles(under directory: String, includingHidden: Bool) throws -> [String] {
        let prefix = normalize(directory) + "/"
        return files.withLock { all in
            all.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        .filter { includingHidden || !isHiddenPath($0) }
        .sorted { $0.precedesBytewise($1) }
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

    public func exchange(_ a: String, _ b: String) throws -> Bool {
        let a = normalize(a), b = normalize(b)
        try files.withLock { all in
            func below(_ root: String) -> [String] { all.keys.filter { $0 == root || $0.hasPrefix(root + "/") } }
            let (fromA, fromB) = (below(a), below(b))
            guard !fromA.isEmpty, !fromB.isEmpty else { throw FileSystemError(path: a, reason: "无法互换：不存在") }
            let taken = (fromA.map { ($0, all.removeValue(forKey: $0)!) }, fromB.map { ($0, all.removeValue(forKey: $0)!) })
            for (key, data) in taken.0 { all[b + key.dropFirst(a.count)] = data }
            for (key, data) in taken.1 { all[a + key.dropFirst(b.count)] = data }
        }
        return true
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

    public func entries(in directory: String) -> [String] {
        let prefix = normalize(directory).isEmpty || normalize(directory) == "." ? "" : normalize(directory) + "/"
        let names = files.withLock { all in
            Set(all.keys.filter { $0.hasPrefix(prefix) }.compactMap { $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init) })
        }
        return names.sorted { $0.precedesBytewise($1) }
    }

    public func symlinkDestination(_ path: String) -> String? { nil }

    public func lockExclusively(_ path: String) throws -> FileLock? { nil }

    private func normalize(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasSuffix("/") { p.removeLast() }
        return p
    }
}

/// glibc's `renameat2(2)` (2.28 and later); the Glibc module hides it behind `_GNU_SOURCE`.
@_silgen_name("renameat2")
private func systemRenameat2(_ oldDirectory: Int32, _ old: UnsafePointer<CChar>, _ newDirectory: Int32,
                             _ new: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// glibc's `syncfs(2)`; the Glibc module hides it behind `_GNU_SOURCE`.
@_silgen_name("syncfs")
private func systemSyncfs(_ descriptor: Int32) -> Int32
