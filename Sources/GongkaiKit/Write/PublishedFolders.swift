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
        let folders = outputs.flatMap { [$0.requested, $0.path, $0.stagingPath, $0.previousPath] }
            + [joinPath(siteRoot, "content"), joinPath(siteRoot, theme)]
        for folder in folders {
            let f = canonical(folder)
            if target == f || target.hasPrefix(f + "/") {
                throw Refusal(description: "\(what)不得写入 \(folder)（该目录会被公开或发布）；请指定网站目录之外的路径")
            }
        }
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
