import Crypto
import Foundation
import GongkaiCore
import Synchronization

/// Stage 5 — write: files go into a staging folder beside the output; only when the whole build
/// succeeded is the staging folder swapped in. A failed build leaves the previous output as it was.
///
/// gongkai replaces only folders it built itself: a built site carries `.gongkai-build.json`, and an
/// existing folder without it is refused unless `--force-output`. When the output is a symbolic link
/// (`public -> /srv/www`), the link's target is replaced, so the served folder gets the new site.
struct OutputFolder: Sendable {
    let fileSystem: FileSystem
    /// The output folder as given, e.g. `public`, for messages.
    let requested: String
    /// The folder really replaced: `requested`, or where it leads when it is a symbolic link (or a chain of them).
    let path: String
    /// `.public.staging` beside it, on the same file system so the swap is a rename.
    let stagingPath: String
    /// `.public.previous`: the old output, renamed aside during the swap and deleted after it.
    let previousPath: String
    /// `.public.lock`: held while a build uses the staging folder, so two builds never share it.
    let lockPath: String
    /// `.public.spare`: the output before the one served, kept by a build whose audit it passed, so that the next build
    /// makes its staging folder from it: a file already there with the bytes to write stays, and no folder is made again.
    /// Never the name of anything removed in the background, so no lingering removal can reach a staging folder made from it.
    let sparePath: String

    /// The file that marks a folder as a site gongkai built.
    static let markerName = ".gongkai-build.json"
    /// Put in the staging folder as soon as it is made, taken out just before the swap: a staging
    /// folder without it (or an old site's marker, or nothing at all) is not gongkai's to delete.
    static let stagingMarkerName = ".gongkai-staging"
    /// Size and SHA-256 of each file staged through `write`, hashed by the thread that wrote it, so the
    /// manifest need not read 80,000 files back.
    let staged = StagedFiles()

    final class StagedFiles: Sendable {
        // The digest as its 32 bytes, written out in hexadecimal only for the manifest: 85,000 hexadecimal strings held
        // through rendering were 7 MB.
        private let entries = Mutex<[String: (size: Int, sha256: SHA256.Digest)]>([:])
        func record(_ path: String, size: Int, sha256: SHA256.Digest) { entries.withLock { $0[path] = (size, sha256) } }
        func entry(_ path: String) -> SiteManifest.Entry? {
            entries.withLock { $0[path] }.map { SiteManifest.Entry(path: path, size: $0.size, sha256: $0.sha256.hexString) }
        }
        var all: [SiteManifest.Entry] {
            entries.withLock { $0.map { SiteManifest.Entry(path: $0.key, size: $0.value.size, sha256: $0.value.sha256.hexString) } }
        }
        /// Each staged file's path and SHA-256.
        var digests: [(path: String, sha256: SHA256.Digest)] { entries.withLock { $0.map { ($0.key, $0.value.sha256) } } }
        func contains(_ path: String) -> Bool { entries.withLock { $0[path] != nil } }
        /// Set by `begin` when the staging folder was made from an old output (a spare, or a killed build's staging
        /// folder): its symbolic links are being removed, and `seal` removes every file this build did not write.
        let recycled = Mutex<Recycled?>(nil)
        /// The output this build replaces, when `begin` found it to be a site gongkai built: a staged
        /// file with exactly the bytes of the file at the same place there is that file, shared, not a
        /// copy. A one-project edit then writes a few files instead of 80,000.
        let replacing = Mutex<String?>(nil)
        private let reusedCount = Mutex(0)
        var reused: Int { reusedCount.withLock { $0 } }
        func countReused() { reusedCount.withLock { $0 += 1 } }
    }

    init(fileSystem: FileSystem, path: String) {
        self.fileSystem = fileSystem
        let trimmed = Self.trimmed(path)
        self.requested = trimmed
        // Followed to its end: a link to a link (`public -> /srv/link -> /srv/www`) stopped at the middle
        // one, which the swap then replaced by a folder, deleting the user's link while the served folder
        // kept the old site.
        var path = trimmed
        for _ in 0..<32 {
            guard let next = fileSystem.symlinkDestination(path) else { break }
            path = Self.trimmed(next)
        }
        self.path = path
        let parent = parentFolder(of: self.path)
        let name = (self.path as NSString).lastPathComponent
        self.stagingPath = joinPath(parent, ".\(name).staging")
        self.previousPath = joinPath(parent, ".\(name).previous")
        self.lockPath = joinPath(parent, ".\(name).lock")
        self.sparePath = joinPath(parent, ".\(name).spare")
    }

    /// A staging folder made from an old output.
    final class Recycled: Sendable {
        /// Removes its symbolic links (none a build makes) before anything is written into it, so that no write passes
        /// through one: the reason when that failed.
        let sweep: Background<String?>
        /// Held while a file that stands where this build needs a folder is removed, so two writers below it never both
        /// remove, the second the folder the first has just made.
        let clearing = Mutex(())

        init(_ sweep: Background<String?>) { self.sweep = sweep }
    }

    private static func trimmed(_ path: String) -> String {
        var trimmed = path
        // `public/.` is `public`: the staging folder is named after the output's last part, and `.` put it
        // inside the output, which then could not be renamed ("系统错误 512").
        while trimmed.count > 1 {
            if trimmed.hasSuffix("/") { trimmed.removeLast() }
            else if trimmed.count > 2, trimmed.hasSuffix("/.") { trimmed.removeLast(2) }
            else { break }
        }
        return trimmed
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// What the swap did, for a truthful report.
    enum SwapFailure: Error, CustomStringConvertible {
        /// Nothing was changed: the old output (if any) is where it was.
        case untouched(String)
        /// The old output was moved aside and could not be put back.
        case moved(String)

        var description: String {
            switch self {
            case let .untouched(text), let .moved(text): text
            }
        }
    }

    /// Refuses an output that would destroy something that is not a site gongkai built: a file, the site
    /// folder or a folder holding it, a folder inside content/ or the theme, a folder inside another site
    /// (a site gongkai built or deployed, another site's content/ or theme), or a folder without the marker.
    func checkSafe(siteRoot: String, theme: String, force: Bool) throws {
        let output = PublishedFolders.canonical(path)
        let root = PublishedFolders.canonical(siteRoot)
        if output == "/" || output == root || root.hasPrefix(output + "/") {
            throw Refusal(description: "输出目录 \(requested) 是站点目录或包含站点目录，写入会覆盖 gongkai.yaml 和 content/，已拒绝；请指定单独的输出目录（默认 public）")
        }
        // The site's own records (`.gongkai/outputs`, the list that keeps bundles and exports out of published
        // folders): built into, they were published with the site and then kept aside at every build.
        let records = PublishedFolders.canonical(joinPath(siteRoot, ".gongkai"))
        if output == records || output.hasPrefix(records + "/") {
            throw Refusal(description: "输出目录 \(requested) 是站点的 .gongkai/ 目录或在其中：那里是 gongkai 自己的记录（.gongkai/outputs），不能用作输出，已拒绝；请指定单独的输出目录（默认 public）")
        }
        for folder in ["content", theme] {
            let protected = PublishedFolders.canonical(joinPath(siteRoot, folder))
            if output == protected || output.hasPrefix(protected + "/") || protected.hasPrefix(output + "/") {
                throw Refusal(description: "输出目录 \(requested) 与站点的 \(folder)/ 目录重叠，写入会覆盖源文件，已拒绝；请指定单独的输出目录（默认 public）")
            }
        }
        // Inside another site: a folder gongkai built or deployed (its next build or deploy deletes this one,
        // and meanwhile its manifest no longer matches its files), or the content/ or theme of a site.
        var folder = parentFolder(of: output)
        while !folder.isEmpty {
            for (marker, kind) in [(Self.markerName, "gongkai 生成的网站"), (Deployer.historyName, "gongkai deploy 的发布目录")]
            where fileSystem.isFile(joinPath(folder, marker)) {
                throw Refusal(description: "输出目录 \(requested) 在\(kind) \(folder) 之内：那个网站下次生成时会删掉它，它的清单也将与文件不符；已拒绝，请指定其他网站之外的输出目录")
            }
            if folder != root, fileSystem.isFile(joinPath(folder, ConfigLoader.fileName)) {
                for source in ["content", "theme"] where output.hasPrefix(joinPath(folder, source) + "/") {
                    throw Refusal(description: "输出目录 \(requested) 在站点 \(folder) 的 \(source)/ 目录之内，写入会混进那个站点的源文件，已拒绝；请指定单独的输出目录")
                }
            }
            if folder == "/" { break }
            folder = parentFolder(of: folder)
        }
        if fileSystem.isFile(path) {
            throw Refusal(description: "输出目录 \(requested) 是一个已有的文件，不是文件夹；为免覆盖，已拒绝写入")
        }
        guard fileSystem.isDirectory(path), !fileSystem.isFile(joinPath(path, Self.markerName)), !fileSystem.entries(in: path).isEmpty else { return }
        guard force else {
            throw Refusal(description: "输出目录 \(requested) 已有内容，但不是 gongkai 生成的网站（没有 \(Self.markerName)），为免误删，已拒绝写入；确认要用它时，加 --force-output（原有内容会整个移到旁边保留，不会删除）")
        }
        // Even moved aside and kept, these would break what runs from them: a home folder, a folder holding
        // the current one, a top-level folder (/root, /work, /usr), a repository.
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : PublishedFolders.canonical($0) }
        let current = PublishedFolders.canonical(FileManager.default.currentDirectoryPath)
        let what: String? = home.map { $0 == output || $0.hasPrefix(output + "/") } == true ? "用户主目录或其上级目录"
            : current == output || current.hasPrefix(output + "/") ? "当前目录或其上级目录"
            : parentFolder(of: output) == "/" ? "系统顶层目录"
            : fileSystem.isDirectory(joinPath(path, ".git")) || fileSystem.isFile(joinPath(path, ".git")) ? "git 仓库"
            : nil
        if let what {
            throw Refusal(description: "输出目录 \(requested) 是\(what)，即使加了 --force-output 也不会替换它；请指定一个单独的输出目录（默认 public）")
        }
    }

    /// `public.before-gongkai` beside the output (`-2`, `-3` … when taken): where an output holding files no
    /// build made is kept, whole, when a build replaces it. No build ever deletes it.
    func keptPath() -> String {
        var kept = path + ".before-gongkai"
        var n = 2
        while fileSystem.isDirectory(kept) || fileSystem.isFile(kept) || fileSystem.symlinkDestination(kept) != nil {
            kept = path + ".before-gongkai-\(n)"
            n += 1
        }
        return kept
    }

    /// Why the output about to be replaced is not gongkai's to delete, or nil when it is: it holds files no
    /// build made, hidden ones included — all of them when it carries no marker, else those its manifest
    /// does not list (a `CNAME` or `.htaccess` the user put there). A folder that cannot be fully listed,
    /// or a manifest that cannot be read, counts as the user's: gongkai deletes only what it knows it made.
    func whyNotOurs() -> String? {
        guard fileSystem.isDirectory(path) else { return nil }
        let all: [String]
        do { all = try fileSystem.listFiles(under: path, includingHidden: true) } catch {
            return "的文件无法全部列出（\(FileSystemError.describe(error))）"
        }
        func notMade(_ files: [String]) -> String? {
            files.isEmpty ? nil : "有 \(files.count) 个文件不是 gongkai 生成的（如 \(files.prefix(3).joined(separator: "、"))）"
        }
        guard fileSystem.isFile(joinPath(path, Self.markerName)) else { return notMade(all) }
        // Most files are where this build put its own again: only the others are looked up in the old
        // manifest (reading 85,000 entries costs a second), and only when there are any.
        let staged = Set(staged.all.map(\.path))
        let others = all.filter { !staged.contains($0) && $0 != Self.markerName && !SiteManifest.unlisted.contains($0) }
        guard !others.isEmpty else { return nil }
        guard let data = try? fileSystem.read(joinPath(path, SiteManifest.fileName), atMost: 64 << 20), let made = SiteManifest.listedPaths(data) else {
            return notMade(others)
        }
        return notMade(others.filter { !made.contains($0) })
    }

    /// Makes the staging folder: from what a crashed or interrupted build left there, else from the spare, else new; old
    /// outputs set aside are removed in the background (one may still be being removed). Only names gongkai makes are
    /// touched; an old output that cannot be removed never blocks a build.
    func begin() throws {
        // What a killed build left there is gongkai's; a folder of the user's that happens to have the
        // name is not (`.public.staging/论文.docx`).
        let exists = fileSystem.isDirectory(stagingPath) || fileSystem.isFile(stagingPath) || fileSystem.symlinkDestination(stagingPath) != nil
        if exists {
            let ours = fileSystem.symlinkDestination(stagingPath) == nil && fileSystem.isDirectory(stagingPath)
                && (fileSystem.entries(in: stagingPath).isEmpty
                    || [Self.stagingMarkerName, Self.markerName, SiteManifest.fileName].contains { fileSystem.isFile(joinPath(stagingPath, $0)) })
            guard ours else {
                throw Refusal(description: "构建要用的临时目录 \(stagingPath) 已存在，但不是 gongkai 留下的（其中没有 \(Self.stagingMarkerName)），为免误删，已拒绝构建；请把它移走或改名后重试")
            }
        }
        // What a killed build left, or the spare, becomes this build's staging folder: its files are gongkai's, each
        // kept only where it holds exactly the bytes this build writes there, and the rest removed before the manifest.
        let spareIsOurs = isOldSite(sparePath)
        var recycled = exists
        if !exists, spareIsOurs { recycled = (try? fileSystem.move(sparePath, to: stagingPath)) != nil }
        if !recycled {
            do { try fileSystem.remove(stagingPath) } catch {
                throw Refusal(description: "上次构建留下的临时目录无法删除（\(FileSystemError.describe(error))）：\(stagingPath)；请手动删除后重试")
            }
        }
        do { try fileSystem.write(Data(), to: joinPath(stagingPath, Self.stagingMarkerName)) } catch {
            throw Refusal(description: "无法创建临时目录 \(stagingPath)：\(FileSystemError.describe(error))")
        }
        // A spare not taken (a killed build's staging folder was) goes as an old output does, under a name of its own.
        if exists, spareIsOurs {
            let aside = freeAsideName()
            if (try? fileSystem.move(sparePath, to: aside)) != nil { try? fileSystem.removeInBackground(aside) }
        }
        // Only an old site gongkai set aside (it carries the marker or the manifest): a folder a user
        // happened to name `.public.previous-2` is not touched.
        for leftover in leftovers() where isOldSite(leftover) {
            try? fileSystem.removeInBackground(leftover)
        }
        let built = fileSystem.isDirectory(path) && fileSystem.isFile(joinPath(path, Self.markerName))
        staged.replacing.withLock { $0 = built && !recycled ? path : nil }
        guard recycled else { return }
        let (fs, staging) = (fileSystem, stagingPath)
        staged.recycled.withLock {
            $0 = Recycled(Background {
                do {
                    for link in try fs.symbolicLinks(under: staging) { try fs.removeFile(joinPath(staging, link)) }
                    return nil
                } catch { return FileSystemError.describe(error) }
            })
        }
    }

    /// A folder holding an old site gongkai built (its marker or its manifest), itself no symbolic link.
    private func isOldSite(_ folder: String) -> Bool {
        fileSystem.symlinkDestination(folder) == nil && fileSystem.isDirectory(folder)
            && [Self.markerName, SiteManifest.fileName].contains { fileSystem.isFile(joinPath(folder, $0)) }
    }

    /// `.public.previous`, else the first of `.public.previous-2`, `-3` … that is free.
    private func freeAsideName() -> String {
        var aside = previousPath
        var n = 2
        while fileSystem.isDirectory(aside) || fileSystem.isFile(aside) || fileSystem.symlinkDestination(aside) != nil {
            aside = previousPath + "-\(n)"
            n += 1
        }
        return aside
    }

    /// Old outputs set aside by earlier builds: `.public.previous`, `.public.previous-2`, …
    func leftovers() -> [String] {
        let parent = parentFolder(of: previousPath)
        let name = (previousPath as NSString).lastPathComponent
        return fileSystem.entries(in: parent.isEmpty ? "." : parent)
            .filter { $0 == name || ($0.hasPrefix(name + "-") && Int($0.dropFirst(name.count + 1)) != nil) }
            .map { joinPath(parent, $0) }
    }

    /// Writes one file into the staging folder. Paths come from the generator, but are still
    /// checked: no absolute paths, no `..`, nothing that leaves the folder.
    /// `digest`: the bytes' SHA-256 when the caller has it already.
    func write(_ relativePath: String, _ data: Data, digest: SHA256.Digest? = nil) throws {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !parts.isEmpty else {
            throw Refusal(description: "拒绝写入目录之外的路径：\(relativePath)")
        }
        let target = joinPath(stagingPath, relativePath)
        if let recycled = staged.recycled.withLock({ $0 }) {
            try write(relativePath, data, at: target, into: recycled)
            staged.record(relativePath, size: data.count, sha256: digest ?? SHA256.hash(data: data))
            return
        }
        let replacing = staged.replacing.withLock { $0 }
        switch replacing.map({ fileSystem.reuse(joinPath($0, relativePath), for: data, at: target) }) {
        case .shared?:
            staged.countReused()
        case .impossible?:
            staged.replacing.withLock { $0 = nil } // no hard links here: stop reading files back
            try fileSystem.write(data, to: target)
        case .notShared?, nil:
            try fileSystem.write(data, to: target)
        }
        staged.record(relativePath, size: data.count, sha256: digest ?? SHA256.hash(data: data))
    }

    /// Into a staging folder made from an old output: a file holding these bytes stays; any other is replaced by a new
    /// one (never written through: it may share its bytes with the output served). A file standing where a folder is
    /// needed, or a folder where this file goes, is an old output's and is removed.
    private func write(_ relativePath: String, _ data: Data, at target: String, into recycled: Recycled) throws {
        if let reason = recycled.sweep.value {
            throw Refusal(description: "临时目录 \(stagingPath) 中的符号链接无法删除（\(reason)）；请删除该目录后重试")
        }
        if fileSystem.holds(data, at: target, sharedWith: joinPath(path, relativePath)) {
            staged.countReused()
            return
        }
        try fileSystem.removeFile(target)
        do { try fileSystem.write(data, to: target) } catch {
            // Only an old output's leftovers can be in the way: this build writes no file where it writes a folder.
            if fileSystem.isDirectory(target), fileSystem.symlinkDestination(target) == nil {
                try fileSystem.remove(target)
            } else {
                recycled.clearing.withLock { _ in
                    var folder = ""
                    for part in relativePath.split(separator: "/").dropLast() {
                        folder = joinPath(folder, String(part))
                        let inStaging = joinPath(stagingPath, folder)
                        if fileSystem.isFile(inStaging) || fileSystem.symlinkDestination(inStaging) != nil { try? fileSystem.removeFile(inStaging) }
                    }
                }
            }
            try fileSystem.write(data, to: target)
        }
    }

    /// After the last write into a staging folder made from an old output: removes every file there that this build did
    /// not write (an old page of a project withdrawn since, an old marker and manifest) and the folders left empty.
    /// `listing` is the staging folder's, hidden files included; returns what remains of it.
    func prune(_ listing: [String]) throws -> [String] {
        guard staged.recycled.withLock({ $0 }) != nil else { return listing }
        var kept: [String] = [], emptied = Set<String>()
        for file in listing {
            if file == Self.stagingMarkerName || staged.contains(file) { kept.append(file); continue }
            try fileSystem.removeFile(joinPath(stagingPath, file))
            emptied.insert(parentFolder(of: file))
        }
        // Deepest first, each folder once, up to the first that still holds something.
        var byDepth: [Int: Set<String>] = [:]
        for folder in emptied where !folder.isEmpty { byDepth[folder.split(separator: "/").count, default: []].insert(folder) }
        for depth in stride(from: byDepth.keys.max() ?? 0, to: 0, by: -1) {
            for folder in byDepth[depth] ?? [] {
                let full = joinPath(stagingPath, folder)
                guard fileSystem.entries(in: full).isEmpty else { continue }
                try fileSystem.remove(full)
                let parent = parentFolder(of: folder)
                if !parent.isEmpty { byDepth[depth - 1, default: []].insert(parent) }
            }
        }
        return kept
    }

    /// Swaps the staging folder in: marker written, output → aside, staging → output; the old output is
    /// then kept as the spare (`keepSpare`) or removed in the background, so the command returns as soon as the new
    /// site is live. Returns a
    /// warning when that removal could not be started (the new site is live all the same), or when the old
    /// output held files no build made and was kept instead (GK005).
    /// `keepSpare`: the old output passed this build's audit (the same fingerprints, the same program), so it is kept as the
    /// spare for the next build rather than removed; one that may show a text withheld since is always removed.
    func commit(marker: BuildMarker, keepSpare: Bool = false) throws -> (code: DiagnosticCode, message: String)? {
        do { try fileSystem.remove(joinPath(stagingPath, Self.stagingMarkerName)) } catch {
            throw SwapFailure.untouched("无法在临时目录删除 \(Self.stagingMarkerName)：\(FileSystemError.describe(error))")
        }
        do { try fileSystem.write(marker.encoded, to: joinPath(stagingPath, Self.markerName)) } catch {
            throw SwapFailure.untouched("无法在临时目录写入构建标记：\(FileSystemError.describe(error))")
        }
        // Durable before it goes live: one flush for the whole folder instead of one fsync a file.
        fileSystem.flush(stagingPath)
        if let reason = whyNotOurs() { return (.outputFolder, try commitKeepingOld(reason)) }
        let hadOutput = fileSystem.isDirectory(path)
        // `begin` took the last spare, so its name is free unless someone made something there since.
        let spare = keepSpare && !fileSystem.isDirectory(sparePath) && !fileSystem.isFile(sparePath) && fileSystem.symlinkDestination(sparePath) == nil
        let aside = spare ? sparePath : freeAsideName()
        // One step where the system allows it (Linux: renameat2 RENAME_EXCHANGE): the served folder is
        // never missing, even when the build is killed mid-swap. The old site is then at the staging name.
        let exchanged: Bool
        do { exchanged = hadOutput ? try fileSystem.exchange(stagingPath, path) : false } catch {
            throw SwapFailure.untouched("无法把新网站换入 \(requested)：\(FileSystemError.describe(error))")
        }
        if exchanged {
            guard (try? fileSystem.move(stagingPath, to: aside)) != nil else {
                // Left at the staging name, it is the next build's staging folder: a removal in the background could
                // still be running then. Kept, it is recycled; otherwise it goes now.
                if !spare { try? fileSystem.remove(stagingPath) }
                return nil
            }
            if spare { return nil }
            do { try fileSystem.removeInBackground(aside) } catch {
                return (.writeFailed, "新网站已生成，但原有输出 \(aside) 未能删除（\(FileSystemError.describe(error))）；可手动删除，下次构建也会再试")
            }
            return nil
        }
        if hadOutput {
            do { try fileSystem.move(path, to: aside) } catch {
                throw SwapFailure.untouched("无法把原有输出 \(requested) 移开：\(FileSystemError.describe(error))")
            }
        }
        do {
            try fileSystem.move(stagingPath, to: path)
        } catch {
            let reason = FileSystemError.describe(error)
            guard hadOutput else { throw SwapFailure.untouched("无法把新网站移入 \(requested)：\(reason)") }
            do { try fileSystem.move(aside, to: path) } catch {
                throw SwapFailure.moved("无法把新网站移入 \(requested)（\(reason)），原有输出也未能移回：它现在位于 \(aside)，请手动改回 \(path)")
            }
            throw SwapFailure.untouched("无法把新网站移入 \(requested)：\(reason)")
        }
        guard hadOutput, !spare else { return nil }
        do { try fileSystem.removeInBackground(aside) } catch {
            return (.writeFailed, "新网站已生成，但原有输出 \(aside) 未能删除（\(FileSystemError.describe(error))）；可手动删除，下次构建也会再试")
        }
        return nil
    }

    /// The swap when the old output holds files no build made: it is renamed aside whole and kept,
    /// never deleted, and the warning says where.
    private func commitKeepingOld(_ reason: String) throws -> String {
        let kept = keptPath()
        do { try fileSystem.move(path, to: kept) } catch {
            throw SwapFailure.untouched("无法把原有输出 \(requested) 移开：\(FileSystemError.describe(error))")
        }
        do { try fileSystem.move(stagingPath, to: path) } catch {
            let reason = FileSystemError.describe(error)
            do { try fileSystem.move(kept, to: path) } catch {
                throw SwapFailure.moved("无法把新网站移入 \(requested)（\(reason)），原有输出也未能移回：它现在位于 \(kept)，请手动改回 \(path)")
            }
            throw SwapFailure.untouched("无法把新网站移入 \(requested)：\(reason)")
        }
        return "原输出目录 \(requested) 中\(reason)，原目录已整个保留在 \(kept)，没有删除；需要的文件请从那里取回，确认无用后可自行删除"
    }

    /// Throws the staged files away after a failed build.
    func discard() {
        try? fileSystem.remove(stagingPath)
    }

    /// Every folder this site was built into, one absolute path a line (`<site>/.gongkai/outputs`).
    static func statePath(siteRoot: String) -> String { joinPath(siteRoot, ".gongkai", "outputs") }

    static func rememberedOutputs(fileSystem: FileSystem, siteRoot: String) -> [String] {
        guard let data = try? fileSystem.read(statePath(siteRoot: siteRoot)) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Adds this output to the site's list of output folders (sorted, each once). Folders that no longer
    /// exist are dropped, so the list does not grow with every temporary build. Builds of one site into
    /// different folders may finish together: the update holds a lock (waiting up to 5 s) and replaces
    /// the file whole.
    func remember(siteRoot: String) throws {
        let statePath = Self.statePath(siteRoot: siteRoot)
        var lock: FileLock?
        for attempt in 0..<50 {
            do { lock = try fileSystem.lockExclusively(statePath + ".lock"); break } catch {
                if attempt == 49 { throw error }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        defer { withExtendedLifetime(lock) {} }
        let known = Self.rememberedOutputs(fileSystem: fileSystem, siteRoot: siteRoot)
        let all = Set(known.filter { fileSystem.isDirectory($0) } + [PublishedFolders.canonical(path)])
            .sorted { $0.precedesBytewise($1) }
        guard all != known else { return }
        try fileSystem.writeAtomically(Data((all.joined(separator: "\n") + "\n").utf8), to: statePath)
    }
}

/// `.gongkai-build.json`: marks a folder as a site gongkai built, with what it was built from.
/// Its date is the site's reference day — `--as-of`/`SOURCE_DATE_EPOCH`/`as_of`, else the latest date the
/// content gives — never the clock, so builds stay reproducible.
struct BuildMarker: Codable, Equatable {
    var generator = "gongkai"
    var inputsSHA256: String
    var date: String?
    /// The addresses holding a 已撤回 notice rather than an item, so the next deploy's record does not count them as added.
    var withdrawnNotices: [String]?
    /// The page folders' listings (`zhengce/`): no item either, though they stand where a page could.
    var pageFolders: [String]?

    enum CodingKeys: String, CodingKey {
        case generator, date
        case withdrawnNotices = "withdrawn_notices"
        case pageFolders = "page_folders"
        case inputsSHA256 = "inputs_sha256"
    }

    var encoded: Data { canonicalJSON(self) }
}
