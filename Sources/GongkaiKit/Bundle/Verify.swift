import Foundation
import GongkaiCore

/// `gongkai verify`: a bundle zip (or a folder holding its files and manifest.json) against its
/// manifest — every file present, sizes and digests matching, nothing extra.
public enum BundleVerifier {
    public struct Result: Sendable {
        public var rootDigest: String?
        public var problems: [String]
        public var checkedFiles: Int
        public var ok: Bool { problems.isEmpty && rootDigest != nil }
    }

    public static func verify(_ path: String, fileSystem: FileSystem = DiskFileSystem()) -> Result {
        var files: [String: Data] = [:]
        do {
            if fileSystem.isDirectory(path) {
                for relative in try fileSystem.listFiles(under: path) { files[relative] = try fileSystem.read(joinPath(path, relative)) }
            } else {
                for entry in try ZipReader.entries(try fileSystem.read(path)) {
                    if files[entry.path] != nil { return Result(rootDigest: nil, problems: ["重复的文件：\(entry.path)"], checkedFiles: 0) }
                    files[entry.path] = entry.data
                }
            }
        } catch {
            return Result(rootDigest: nil, problems: ["无法读取 \(path)：\(error)"], checkedFiles: 0)
        }
        guard let manifestData = files.removeValue(forKey: BundleManifest.fileName) else {
            return Result(rootDigest: nil, problems: ["缺少 \(BundleManifest.fileName)"], checkedFiles: 0)
        }
        let manifest: BundleManifest
        do { manifest = try BundleManifest.decode(manifestData) } catch {
            return Result(rootDigest: nil, problems: ["\(BundleManifest.fileName) 无法解析：\(error)"], checkedFiles: 0)
        }
        var problems: [String] = []
        for entry in manifest.files {
            guard let data = files.removeValue(forKey: entry.path) else {
                problems.append("缺少文件：\(entry.path)")
                continue
            }
            if data.count != entry.size {
                problems.append("大小不符：\(entry.path)（清单 \(entry.size) 字节，实际 \(data.count) 字节）")
            } else if Digest.sha256(data) != entry.sha256 {
                problems.append("摘要不符：\(entry.path)（内容已被改动）")
            }
        }
        for extra in files.keys.sorted() { problems.append("多出的文件：\(extra)（不在清单中）") }
        if manifest.counts.files != manifest.files.count {
            problems.append("清单的文件数 \(manifest.counts.files) 与列出的 \(manifest.files.count) 个文件不符")
        }
        return Result(rootDigest: Digest.sha256(manifestData), problems: problems, checkedFiles: manifest.files.count)
    }
}
