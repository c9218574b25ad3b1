import Foundation
import GongkaiCore

/// Stage 5 — write: files go into a staging folder beside the output; only when the whole build
/// succeeded is the staging folder swapped in. A failed build leaves the previous output as it was.
struct OutputFolder: Sendable {
    let fileSystem: FileSystem
    /// The output folder, e.g. `public`.
    let path: String
    /// `.public.staging` beside it, on the same file system so the swap is a rename.
    let stagingPath: String
    let previousPath: String

    init(fileSystem: FileSystem, path: String) {
        self.fileSystem = fileSystem
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        let parent = (trimmed as NSString).deletingLastPathComponent
        let name = (trimmed as NSString).lastPathComponent
        self.stagingPath = joinPath(parent, ".\(name).staging")
        self.previousPath = joinPath(parent, ".\(name).previous")
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Refuses an output folder that would destroy something that is not a built site.
    func checkSafe(siteRoot: String) throws {
        let output = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = URL(fileURLWithPath: siteRoot).standardizedFileURL.path
        for protected in [root, joinPath(root, "content"), joinPath(root, "theme")] {
            if output == protected || protected.hasPrefix(output + "/") || output == "/" {
                throw Refusal(description: "输出目录 \(path) 会覆盖站点目录或其内容，已拒绝；请指定单独的输出目录（默认 public）")
            }
        }
        if fileSystem.isDirectory(path), !fileSystem.isFile(joinPath(path, "index.html")),
           let files = try? fileSystem.listFiles(under: path), !files.isEmpty {
            throw Refusal(description: "输出目录 \(path) 已存在且不是 gongkai 生成的网站（没有 index.html），为免误删，已拒绝写入")
        }
    }

    /// Clears any staging folder left by a build that crashed.
    func begin() throws {
        try fileSystem.remove(stagingPath)
    }

    /// Writes one file into the staging folder. Paths come from the generator, but are still
    /// checked: no absolute paths, no `..`, nothing that leaves the folder.
    func write(_ relativePath: String, _ data: Data) throws {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !parts.isEmpty else {
            throw Refusal(description: "拒绝写入目录之外的路径：\(relativePath)")
        }
        try fileSystem.write(data, to: joinPath(stagingPath, relativePath))
    }

    /// Swaps the staging folder in: output → previous, staging → output, previous removed.
    func commit() throws {
        try fileSystem.remove(previousPath)
        let hadOutput = fileSystem.isDirectory(path) || fileSystem.isFile(path)
        if hadOutput { try fileSystem.move(path, to: previousPath) }
        do {
            try fileSystem.move(stagingPath, to: path)
        } catch {
            if hadOutput { try? fileSystem.move(previousPath, to: path) }
            throw error
        }
        try fileSystem.remove(previousPath)
    }

    /// Throws the staged files away after a failed build.
    func discard() {
        try? fileSystem.remove(stagingPath)
    }
}
