import Crypto
import Foundation
import GongkaiCore
import ZIPFoundation

/// `gongkai verify`: a bundle zip (or a folder holding its files and manifest.json) against its
/// manifest — every file present, sizes and digests matching, nothing extra.
public enum BundleVerifier {
    public struct Result: Sendable {
        public var rootDigest: String?
        public var problems: [String]
        public var checkedFiles: Int
        public var ok: Bool { problems.isEmpty && rootDigest != nil }
    }

    /// Limits that keep `verify` bounded on a hostile zip: entries, the manifest's size, bytes inflated in all.
    static let maxEntries = 100_000
    static let maxManifestBytes = 16 << 20
    static let maxTotalBytes: UInt64 = 8 << 30

    /// What verification needs of one file: its size and digest (the bytes themselves are not kept).
    struct Seen {
        var size: Int
        var sha256: String
    }

    public static func verify(_ path: String, fileSystem: FileSystem = DiskFileSystem()) -> Result {
        var files: [String: Seen] = [:]
        var manifestData: Data?
        var folderClash: String?
        func failed(_ problem: String) -> Result { Result(rootDigest: nil, problems: [problem], checkedFiles: 0) }
        // An empty path would open the current folder as a zip (and a folder read as a file never ends).
        guard !path.trimmed.isEmpty else { return failed("没有给出要核验的路径") }
        guard fileSystem.isDirectory(path) || fileSystem.isFile(path) else { return failed("\(path) 不存在，或不是文件或文件夹") }
        do {
            if fileSystem.isDirectory(path) {
                // Hidden files count too (a `.htaccess` or `.git` beside the bundle's files is an extra file).
                let listing = fileSystem is DiskFileSystem ? SiteVerifier.allFiles(under: path) : try fileSystem.listFiles(under: path)
                for relative in listing {
                    if fileSystem.symlinkDestination(joinPath(path, relative)) != nil {
                        return failed("\(relative)：是符号链接，报送材料中不应有")
                    }
                    let file = joinPath(path, relative)
                    if relative == BundleManifest.fileName {
                        manifestData = fileSystem is DiskFileSystem
                            ? try SiteVerifier.readRegularFile(file, named: relative, limit: maxManifestBytes) : try fileSystem.read(file)
                    } else if fileSystem is DiskFileSystem {
                        files[relative] = try digest(ofFileAt: file, named: relative)
                    } else {
                        let data = try fileSystem.read(file)
                        files[relative] = Seen(size: data.count, sha256: Digest.sha256(data))
                    }
                }
            } else {
                let inMemory = fileSystem is DiskFileSystem ? nil : try fileSystem.read(path)
                let archive = try inMemory.map { try Archive(data: $0, accessMode: .read) }
                    ?? Archive(url: URL(fileURLWithPath: path), accessMode: .read)
                var count = 0
                var total: UInt64 = 0
                var folders: [String] = []
                defer {
                    // gongkai writes no folder entries; one named like a file stops that file from unpacking.
                    if let clash = folders.first(where: { files[$0] != nil || $0 == BundleManifest.fileName }) { folderClash = clash }
                }
                for entry in archive {
                    count += 1
                    guard count <= maxEntries else { return failed("压缩包的条目超过 \(maxEntries) 个，不是 gongkai 的报送材料") }
                    let name = entry.path
                    if let problem = unsafeName(name) { return failed("不安全的文件名“\(name)”：\(problem)") }
                    switch entry.type {
                    case .directory:
                        // A folder entry holding bytes, or one named without `/` that an unzipper writes as a file: a file
                        // the manifest does not list, which this reading would pass over.
                        guard name.hasSuffix("/"), entry.uncompressedSize == 0 else {
                            return failed("条目“\(name)”标为文件夹，却\(name.hasSuffix("/") ? "有 \(entry.uncompressedSize) 字节内容" : "名称不以“/”结尾，解压时会写成文件")：不是 gongkai 的报送材料")
                        }
                        folders.append(String(name.dropLast()))
                        continue
                    case .symlink: return failed("\(name)：是符号链接，报送材料中不应有")
                    case .file: break
                    }
                    if files[name] != nil || (name == BundleManifest.fileName && manifestData != nil) {
                        return failed("重复的文件：\(name)")
                    }
                    total += entry.uncompressedSize
                    guard total <= maxTotalBytes else { return failed("压缩包解压后超过 \(maxTotalBytes >> 30) GiB，不予核验") }
                    let isManifest = name == BundleManifest.fileName
                    if isManifest, entry.uncompressedSize > UInt64(maxManifestBytes) {
                        return failed("\(BundleManifest.fileName) 过大（\(entry.uncompressedSize) 字节）")
                    }
                    var hasher = SHA256()
                    var size: UInt64 = 0
                    var kept = Data()
                    _ = try archive.extract(entry, consumer: { chunk in
                        size += UInt64(chunk.count)
                        // An entry inflating past its declared size is hostile; stop reading it.
                        guard size <= entry.uncompressedSize else { throw VerifyFailure(description: "\(name)：解压后超过声明的大小") }
                        hasher.update(data: chunk)
                        if isManifest { kept.append(chunk) }
                    })
                    if isManifest { manifestData = kept }
                    else { files[name] = Seen(size: Int(size), sha256: hasher.finalize().hexString) }
                }
                // Every byte must belong to a listed entry, as a streaming unzipper would read them.
                let layout = try inMemory.map { try ZipLayout.problem(of: $0, maxEntries: maxEntries) }
                    ?? ZipLayout.problem(ofFileAt: path, maxEntries: maxEntries)
                if let layout { return failed(layout) }
            }
        } catch let failure as VerifyFailure {
            return failed(failure.description)
        } catch let problem as SigningKey.Problem {
            return failed(problem.description)
        } catch let error as Archive.ArchiveError {
            return failed("无法读取 \(path)：\(error == .invalidCRC32 ? "CRC 校验失败，内容已损坏" : "不是有效的 zip 文件或已损坏（\(error)）")")
        } catch {
            return failed("无法读取 \(path)：\(FileSystemError.describe(error))")
        }
        if let folderClash { return failed("条目“\(folderClash)/”是文件夹，与同名文件冲突：解压时该文件无法写出") }
        guard let manifestData else {
            return Result(rootDigest: nil, problems: ["缺少 \(BundleManifest.fileName)"], checkedFiles: 0)
        }
        let manifest: BundleManifest
        do { manifest = try BundleManifest.decode(manifestData) } catch {
            return Result(rootDigest: nil, problems: ["\(BundleManifest.fileName) 无法解析：\(error)"], checkedFiles: 0)
        }
        var problems: [String] = []
        var listed = Set<String>()
        for entry in manifest.files {
            guard listed.insert(entry.path).inserted else {
                problems.append("清单重复列出：\(entry.path)")
                continue
            }
            guard let seen = files.removeValue(forKey: entry.path) else {
                problems.append("缺少文件：\(entry.path)")
                continue
            }
            if seen.size != entry.size {
                problems.append("大小不符：\(entry.path)（清单 \(entry.size) 字节，实际 \(seen.size) 字节）")
            } else if seen.sha256 != entry.sha256 {
                problems.append("摘要不符：\(entry.path)（内容已被改动）")
            }
        }
        for extra in files.keys.sorted() { problems.append("多出的文件：\(extra)（不在清单中）") }
        if manifest.counts.files != manifest.files.count {
            problems.append("清单的文件数 \(manifest.counts.files) 与列出的 \(manifest.files.count) 个文件不符")
        }
        return Result(rootDigest: Digest.sha256(manifestData), problems: problems, checkedFiles: manifest.files.count)
    }

    struct VerifyFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The size and SHA-256 of a file in a bundle folder, read a megabyte at a time: each file was read
    /// whole into memory, so a 3 GB file planted beside the bundle took 3.2 GB. Only a regular file is
    /// read (a named pipe would wait for ever), opened without waiting.
    static func digest(ofFileAt path: String, named relative: String) throws -> Seen {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw VerifyFailure(description: "无法读取 \(relative)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw VerifyFailure(description: "\(relative)：不是普通文件（是管道、设备或套接字），报送材料中不应有")
        }
        switch Digest.sha256(ofOpenFile: fd, limit: Int(maxTotalBytes)) {
        case .read(let size, let sha256): return Seen(size: size, sha256: sha256)
        case .tooLong: throw VerifyFailure(description: "\(relative) 超过 \(maxTotalBytes >> 30) GiB，不予核验")
        case .failed: throw VerifyFailure(description: "无法读取 \(relative)")
        }
    }

    /// Why an entry name is unsafe to unpack, or nil: absolute, `..`, backslashes, empty parts.
    static func unsafeName(_ name: String) -> String? {
        if name.hasPrefix("/") || name.hasPrefix("\\") || (name.count > 1 && name.dropFirst().hasPrefix(":")) { return "是绝对路径" }
        if name.contains("\\") { return "含反斜杠" }
        // A NUL ends the name for C's unzippers (`a.html\0.txt` unpacks as `a.html`), other control characters hide in listings.
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "含控制字符" }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") || parts.contains(".") { return "含“..”或“.”，解压时可能写到目录之外" }
        if parts.dropLast().contains("") || name.isEmpty { return "含空的路径段" }
        return nil
    }
}
