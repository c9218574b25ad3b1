import Foundation
import GongkaiCore

/// Folders whose files are published or read as content: the website output (and its staging
/// copies), `content/` and the theme. Files that may hold withheld material — the internal report,
/// a people's-congress bundle (limited items), a clerk's exported table — are never written there.
enum PublishedFolders {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Throws when `path` lies inside a published folder of the site — the output, every folder the site
    /// was ever built into (`.gongkai/outputs`), content/ or the theme — after resolving `..` and symbolic links.
    static func refuse(_ path: String, what: String, output: OutputFolder, siteRoot: String, theme: String) throws {
        let target = canonical(path)
        var outputs = [output]
        for folder in OutputFolder.rememberedOutputs(fileSystem: output.fileSystem, siteRoot: siteRoot) {
            outputs.append(OutputFolder(fileSystem: output.fileSystem, path: folder))
        }
        let folders = outputs.flatMap { [$0.requested, $0.path, $0.stagingPath, $0.previousPath, $0.sparePath] }
            + [joinPath(siteRoot, "content"), joinPath(siteRoot, theme)]
        for folder in folders {
            let f = canonical(folder)
            if target == f || target.hasPrefix(f + "/") {
                throw Refusal(description: "\(what)不得写入 \(folder)（该目录会被公开或发布）；请指定网站目录之外的路径")
            }
        }
        // Any other site gongkai built or deployed (`deploy --to` folders, a copied `public/`): its
        // `current` release is what the web server serves.
        var folder = parentFolder(of: target)
        while !folder.isEmpty {
            for (marker, kind) in [(Deployer.historyName, "gongkai deploy 的发布目录"), (OutputFolder.markerName, "gongkai 生成的网站")]
            where output.fileSystem.isFile(joinPath(folder, marker)) {
                throw Refusal(description: "\(what)不得写入 \(folder)（\(kind)，会被公开或发布）；请指定网站目录之外的路径")
            }
            if folder == "/" { break }
            folder = parentFolder(of: folder)
        }
    }

    /// Why an existing file at `path` may not be replaced: gongkai replaces only a file it wrote itself,
    /// which `isOwn` recognises from its bytes (a clerk's `gongkai.yaml`, the publication record or any
    /// other file named by mistake is never overwritten). Nil when the path is free or holds such a file.
    static func refusal(toReplace path: String, fileSystem: FileSystem, what: String, isOwn: (Data) -> Bool) -> String? {
        if fileSystem.isDirectory(path) {
            return "输出路径 \(path) 是一个文件夹，\(what)是一个文件：请指定文件名；已拒绝，未作任何改动"
        }
        guard fileSystem.isFile(path) || fileSystem.symlinkDestination(path) != nil else { return nil }
        return isOwn((try? fileSystem.read(path)) ?? Data()) ? nil
            : "输出路径 \(path) 已有一个不是 gongkai 写的\(what)的文件，为免覆盖，已拒绝；请指定新的文件名或先移走它"
    }

    /// An absolute path with `.`/`..` removed and symbolic links resolved — dangling ones too, so a link
    /// to a file not yet written inside a published folder is still caught.
    static func canonical(_ path: String, depth: Int = 0) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            if depth < 16, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
                // A dangling link: follow it by hand.
                let absolute = target.hasPrefix("/") ? target : joinPath(url.deletingLastPathComponent().path, target)
                return canonical(joinPath([absolute] + missing), depth: depth + 1)
            }
            missing.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var resolved = url.resolvingSymlinksInPath()
        for part in missing { resolved.appendPathComponent(part) }
        return resolved.path
    }
}
