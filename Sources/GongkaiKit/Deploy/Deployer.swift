import Crypto
import Foundation
import GongkaiCore

/// `gongkai deploy --to <folder>` — 发布: the built site is copied into `<folder>/releases/<root digest>/`
/// and `<folder>/current`, a symbolic link the web server serves, is switched to it in one rename, so a
/// visitor sees the old site or the new one, never a mixture. The last N releases are kept for `--rollback`.
///
/// gongkai only touches what it made: a target folder must be empty, new, or carry `.gongkai-deploys`
/// (the release history, one root digest a line, oldest first); only releases named there are deleted.
public enum Deployer {
    public static let historyName = ".gongkai-deploys"
    public static let releasesName = "releases"
    public static let currentName = "current"
    /// Held while a deploy or rollback changes the folder, so two never interleave.
    static let lockName = ".gongkai-deploys.lock"

    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
        /// A stable code for the refusals a script may want to tell apart (docs/diagnostics.md).
        public var code: DiagnosticCode? = nil
    }

    /// The message of the refusal for another deploy or rollback holding the target's lock (GK010).
    static func busy(_ target: String, _ detail: String) -> Refusal {
        Refusal(description: "另一个 gongkai deploy 正在向 \(target) 发布或回退（\(detail)）；为免两次发布交错，已拒绝，当前网站未被改动。请等它结束后再运行",
                code: .deployBusy)
    }

    /// What a deploy or rollback did, for the summary line and tests.
    public struct Outcome: Sendable {
        public var rootDigest: String
        public var previousDigest: String?
        public var added: [String] = []
        public var changed: [String] = []
        public var removed: [String] = []
        /// Bytes of the added and changed files: what was copied (or sent) beyond the previous release.
        public var bytesSent = 0
        /// Releases deleted beyond `--keep`.
        public var pruned: [String] = []
        /// What killed deploys had left and this run removed, relative to the target (`releases/.<digest>.partial`).
        public var leftovers: [String] = []
        /// The entry appended to the publication record (none when not recording, or the release was already last).
        public var recorded: PublicationRecord.Release?
    }

    /// Checks that `site` is a complete gongkai build: its marker, its manifest, and every file as the
    /// manifest says (a failed audit leaves no manifest: the build never swaps in). Returns the manifest.
    static func checkBuilt(_ site: String, signedBy expected: Curve25519.Signing.PublicKey? = nil) throws -> Built {
        let fm = FileManager.default
        guard fm.fileExists(atPath: joinPath(site, OutputFolder.markerName)) else {
            throw Refusal(description: "\(site) 不是 gongkai 生成的网站（没有 \(OutputFolder.markerName)）；请先运行 gongkai build，构建成功（含泄密审计）后再发布")
        }
        guard let data = fm.contents(atPath: joinPath(site, SiteManifest.fileName)), let manifest = try? SiteManifest.decode(data),
              manifest.format == SiteManifest.formatName else {
            throw Refusal(description: "\(site) 没有可用的网站清单 \(SiteManifest.fileName)；请用当前版本的 gongkai build 重新构建")
        }
        let check = SiteVerifier.verify(site)
        guard check.ok else {
            let listed = (check.problems + check.missing.map { "缺少 \($0)" } + check.changed.map { "已改动 \($0)" } + check.extra.map { "多出 \($0)" })
            throw Refusal(description: "\(site) 与其清单不符，已拒绝发布（构建后被改动过？请重新 gongkai build）：\(listed.prefix(5).joined(separator: "；"))\(listed.count > 5 ? "……共 \(listed.count) 处" : "")")
        }
        // The signature is read once too, and must sign the manifest read above with the key it lists: a
        // site swapped in since the manifest was read has its own signature, which the release must not get.
        var signature: Data?
        if let listed = manifest.files.first(where: { $0.path == SiteManifest.publicKeyPath }) {
            guard let bytes = fm.contents(atPath: joinPath(site, SiteManifest.signatureName)),
                  let pem = fm.contents(atPath: joinPath(site, SiteManifest.publicKeyPath)), Digest.sha256(pem) == listed.sha256,
                  let key = SigningKey.publicKey(fromPEM: String(decoding: pem, as: UTF8.self)), key.isValidSignature(bytes, for: data) else {
                throw Refusal(description: "\(site) 在检查期间被改动（另一个 gongkai build 或 serve 正在运行？），签名与清单不符，已拒绝发布；当前网站未被改动。请等构建结束后重新发布")
            }
            signature = bytes
        }
        if let expected {
            // The site verified against the key it publishes, which anyone who can write public/ can replace
            // with their own: the key gongkai.yaml names must have signed it, or no `verify --key` passes.
            let published = fm.contents(atPath: joinPath(site, SiteManifest.publicKeyPath)).flatMap { SigningKey.publicKey(fromPEM: String(decoding: $0, as: UTF8.self)) }
            guard let signature, let published, published.rawRepresentation == expected.rawRepresentation,
                  expected.isValidSignature(signature, for: data) else {
                let found = signature == nil ? "该网站没有签名" : "该网站的签名公钥指纹为 \(published.map { String(SigningKey.fingerprint($0).prefix(16)) } ?? "（无）")…"
                throw Refusal(description: "\(site) 不是用 gongkai.yaml 的 signing_key（公钥指纹 \(SigningKey.fingerprint(expected).prefix(16))…）签名的（\(found)）：它是用别的配置或密钥构建的，或构建后被替换并重新签名；已拒绝发布，当前网站未被改动。请用本站的 gongkai.yaml 重新 gongkai build 后再发布",
                              code: .deploySignature)
            }
        }
        return Built(site: site, manifest: manifest, digest: Digest.sha256(data), manifestData: data, signatureData: signature)
    }

    /// A built site that passed `checkBuilt`.
    struct Built {
        var site: String
        var manifest: SiteManifest
        var digest: String
        /// The manifest's bytes as checked: the release gets these, not whatever `site` holds by the time of the copy.
        var manifestData: Data
        /// `manifest.json.sig` as checked with it; nil for an unsigned site.
        var signatureData: Data?
    }

    /// Refuses a target inside the built site or inside any folder gongkai built or deploys to: the next
    /// build replaces a built site whole (a target in `public/live` took the live site, its releases and
    /// history with it), and a release is checked file by file, so one may not hold another target.
    static func checkTarget(_ target: String, site: String) throws {
        let resolved = PublishedFolders.canonical(target), built = PublishedFolders.canonical(site)
        if resolved == built || resolved.hasPrefix(built + "/") {
            throw Refusal(description: "发布目录 \(target) 位于要发布的网站 \(site) 之内：下次 gongkai build 会整个替换该网站，正在提供的网站也会随之被删；已拒绝。请指定网站之外的目录")
        }
        var folder = parentFolder(of: resolved)
        while !folder.isEmpty {
            for (marker, kind) in [(OutputFolder.markerName, "gongkai 生成的网站（下次构建会整个替换它）"), (historyName, "另一个 gongkai deploy 的发布目录")]
            where DiskFileSystem().isFile(joinPath(folder, marker)) {
                throw Refusal(description: "发布目录 \(target) 位于 \(folder) 之内，那是\(kind)；已拒绝。请指定单独的目录")
            }
            // A site folder's content/ and theme are read by every build: a target there (its `current` a
            // link, which gongkai never follows in them) would stop each build, or be published with the theme.
            if DiskFileSystem().isFile(joinPath(folder, ConfigLoader.fileName)) {
                for input in SiteInputs.paths(siteRoot: folder).suffix(2) {
                    let inside = PublishedFolders.canonical(input)
                    if resolved == inside || resolved.hasPrefix(inside + "/") {
                        throw Refusal(description: "发布目录 \(target) 位于站点 \(folder) 的 \((input as NSString).lastPathComponent)/ 之内，每次 gongkai build 都会读取那里；已拒绝。请指定站点目录之外的目录")
                    }
                }
            }
            if folder == "/" { break }
            folder = parentFolder(of: folder)
        }
    }

    /// Whether `release` is a folder holding exactly the release `digest`: every file as its manifest
    /// says and that manifest the one named (a folder holding another site verifies on its own).
    static func isRelease(_ release: String, digest: String) -> Bool {
        guard DiskFileSystem().symlinkDestination(release) == nil else { return false }
        let check = SiteVerifier.verify(release)
        return check.ok && check.rootDigest == digest
    }

    static func isDigest(_ name: String) -> Bool {
        name.count == 64 && name.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The history of a target folder, refusing one gongkai did not make.
    static func history(_ target: String) throws -> [String] {
        let fm = FileManager.default
        let path = joinPath(target, historyName)
        if let data = fm.contents(atPath: path) {
            return historyLines(data).filter(isDigest)
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Refusal(description: "发布目录 \(target) 是一个文件，不是文件夹") }
            if !((try? fm.contentsOfDirectory(atPath: target)) ?? []).filter({ $0 != lockName }).isEmpty {
                throw Refusal(description: "发布目录 \(target) 已有内容，但不是 gongkai deploy 建立的（没有 \(historyName)）；为免误删，已拒绝。请指定一个新的或空的目录")
            }
        }
        return []
    }

    /// The lines of a history file, also one saved on Windows: "\r\n" is one Character, which splitting
    /// at "\n" never finds (the whole file was one line, no digest, and so no history); a byte-order
    /// mark and blanks around a line are dropped. `RemoteDeployer.historyLines` is the shell twin.
    static func historyLines(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}"))) }
    }

    static func writeHistory(_ digests: [String], target: String) throws {
        try DiskFileSystem().writeAtomically(Data(digests.map { $0 + "\n" }.joined().utf8), to: joinPath(target, historyName))
    }

    /// The digest `current` points at, if any; refuses a `current` that is not a link gongkai made.
    static func currentDigest(_ target: String) throws -> String? {
        let path = joinPath(target, currentName)
        if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            let name = (destination as NSString).lastPathComponent
            return isDigest(name) ? name : nil
        }
        if FileManager.default.fileExists(atPath: path) {
            throw Refusal(description: "\(path) 已存在，但不是符号链接；gongkai 不会替换它")
        }
        return nil
    }

    /// Points `current` at `releases/<digest>`: a new link is made beside it and renamed over it (rename is atomic).
    static func switchCurrent(_ target: String, to digest: String) throws {
        let temporary = joinPath(target, ".\(currentName).\(digest.prefix(12)).new")
        try? FileManager.default.removeItem(atPath: temporary)
        do { try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: joinPath(releasesName, digest)) } catch {
            throw Refusal(description: "无法在 \(target) 建立符号链接：\(FileSystemError.describe(error))")
        }
        guard rename(temporary, joinPath(target, currentName)) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Refusal(description: "无法切换 \(joinPath(target, currentName))：\(reason)")
        }
    }

    static func manifest(ofRelease digest: String, in target: String) -> SiteManifest? {
        FileManager.default.contents(atPath: joinPath(target, releasesName, digest, SiteManifest.fileName)).flatMap { try? SiteManifest.decode($0) }
    }

    /// What differs between two manifests, by path.
    static func compare(_ old: SiteManifest?, _ new: SiteManifest, into outcome: inout Outcome) {
        let before = Dictionary((old?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.files.map(\.path))
        for entry in new.files {
            if let previous = before[entry.path] {
                if previous.sha256 != entry.sha256 { outcome.changed.append(entry.path); outcome.bytesSent += entry.size }
            } else {
                outcome.added.append(entry.path)
                outcome.bytesSent += entry.size
            }
        }
        outcome.removed = (old?.files ?? []).map(\.path).filter { !after.contains($0) }
    }

    /// Runs `body` holding the target's lock; a folder gongkai did not make is refused before the lock file is created.
    static func locked<T>(_ target: String, _ body: () throws -> T) throws -> T {
        _ = try history(target)
        // Made here, so that a target that cannot be made (a link to a folder that is gone, a read-only
        // parent) is named as such, not taken for a deploy holding the lock.
        do { try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true) } catch {
            throw Refusal(description: "无法创建发布目录 \(target)：\(FileSystemError.describe(error))")
        }
        let lock: FileLock?
        let lockPath = joinPath(target, lockName)
        do { lock = try DiskFileSystem().lockExclusively(lockPath) } catch {
            // Who holds it, as the holder wrote (a remote deploy's session writes the same line).
            let holder = FileManager.default.contents(atPath: lockPath).map { String(decoding: $0.prefix(300), as: UTF8.self) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw busy(target, holder.isEmpty ? FileSystemError.describe(error) : "持锁的是\(holder)")
        }
        // Written in place (the locked file itself), for the refusal of whoever comes next.
        if let handle = FileHandle(forWritingAtPath: lockPath) {
            try? handle.truncate(atOffset: 0)
            try? handle.write(contentsOf: Data("\(RemoteDeployer.ServerLock.owner())\(Self.now())\n".utf8))
            try? handle.close()
        }
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// The local time, as the lock file states when its holder began.
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// Deploys the built site in `site` into `target`, keeping the last `keep` releases; with `record`
    /// (the path of publication-record.yaml), appends what changed to it once `current` is switched.
    public static func deploy(site: String, to target: String, keep: Int = 5, record: String? = nil) throws -> Outcome {
        guard keep >= 1 else { throw Refusal(description: "--keep 至少为 1") }
        let built = try checkBuilt(site, signedBy: try configuredKey(record: record))
        try checkTarget(target, site: site)
        try checkRecord(record)
        return try locked(target) { try deployLocked(built, to: target, keep: keep, record: record) }
    }

    /// The public half of the key `signing_key:` names in the gongkai.yaml beside `record` (the site folder
    /// deployed from), which must have signed the built site; nil without a record or without a key.
    static func configuredKey(record: String?) throws -> Curve25519.Signing.PublicKey? {
        guard let record else { return nil }
        let parent = parentFolder(of: record), siteRoot = parent.isEmpty ? "." : parent
        var ignored = DiagnosticList()
        guard let data = FileManager.default.contents(atPath: joinPath(siteRoot, ConfigLoader.fileName)),
              let configured = ConfigLoader.load(text: String(decoding: data, as: UTF8.self), file: ConfigLoader.fileName, diagnostics: &ignored)?.0.signingKey
        else { return nil }
        do { return try SigningKey.load(configured, siteRoot: siteRoot, fileSystem: DiskFileSystem()).publicKey } catch {
            throw Refusal(description: "gongkai.yaml 的 signing_key 无法使用，无法确认要发布的网站由本站的密钥签名：\(error)；已拒绝发布，当前网站未被改动", code: .signingKey)
        }
    }

    /// A record that does not read stops the deploy before anything changes.
    static func checkRecord(_ record: String?) throws {
        guard let record else { return }
        do { _ = try PublicationRecord.read(record) } catch {
            let problem = error as? PublicationRecord.Problem
            throw Refusal(description: (problem?.line.map { "（第 \($0) 行第 \(problem?.column ?? 1) 列）" } ?? "") + "\(error)")
        }
        // The entry is appended holding the record's lock once `current` is switched: a lock that cannot be
        // taken (its place a folder, a folder gongkai may not write) must stop the deploy now, not then.
        // Held by another deploy is fine: the append waits for it.
        do { try withExtendedLifetime(DiskFileSystem().lockExclusively(PublicationRecord.lockPath(record))) {} } catch {
            guard (error as? FileSystemError)?.reason != FileLock.busy else { return }
            throw Refusal(description: "无法锁定更新记录 \(record)（\(FileSystemError.describe(error))），发布后将无法记录，已拒绝，当前网站未被改动")
        }
    }

    /// Appends the new release to the record, after it is served.
    /// `from` is where the release's files are read (its titles, codes, notices): the release itself when local.
    static func appendRecord(_ record: String?, old: SiteManifest?, built: Built, from: String? = nil, into outcome: inout Outcome) throws {
        guard let record else { return }
        do {
            outcome.recorded = try PublicationRecord.append(to: record, old: old, new: built.manifest, rootDigest: built.digest, site: from ?? built.site)
        } catch { throw Refusal(description: "\(error)") }
    }

    /// What the record compares a release with when it is served already but not recorded: a deploy that
    /// switched `current` and then stopped (killed, or the record could not be written) is run again, and
    /// comparing the release with itself would lose its changes for good. The release recorded last, else
    /// the one deployed before it, is what the public saw before. Nil in every other case.
    static func recordBase(_ record: String?, previous: String?, built: Built, history: [String], target: String) -> SiteManifest? {
        guard let last = lastRecorded(record, previous: previous, built: built) else { return nil }
        return manifest(ofRelease: last, in: target) ?? history.last { $0 != built.digest }.flatMap { manifest(ofRelease: $0, in: target) }
    }

    /// The release recorded last when `built` is served already (`previous`) but is not it: the case of
    /// `recordBase`, which the remote deploy reads on the server. Nil in every other case.
    static func lastRecorded(_ record: String?, previous: String?, built: Built) -> String? {
        guard let record, previous == built.digest,
              let last = (try? PublicationRecord.read(record))?.releases.last?.root, last != built.digest else { return nil }
        return last
    }

    static func deployLocked(_ built: Built, to target: String, keep: Int, record: String? = nil) throws -> Outcome {
        var digests = try history(target)
        let fm = FileManager.default
        let previous = try currentDigest(target)
        var outcome = Outcome(rootDigest: built.digest, previousDigest: previous)
        outcome.leftovers = removeLeftovers(target)
        let oldManifest = previous.flatMap { manifest(ofRelease: $0, in: target) }
        compare(oldManifest, built.manifest, into: &outcome)
        let site = built.site

        let releases = joinPath(target, releasesName)
        let release = joinPath(releases, built.digest)
        do { try fm.createDirectory(atPath: releases, withIntermediateDirectories: true) } catch {
            throw Refusal(description: "无法创建 \(releases)：\(FileSystemError.describe(error))")
        }
        // Record the folder as ours before the first byte goes in, so a failed copy can be cleaned up by the next deploy.
        if !digests.contains(built.digest) || !fm.fileExists(atPath: joinPath(target, historyName)) { try writeHistory(digests, target: target) }
        // A release already there is reused only if it is still this release, file by file.
        let present = fm.fileExists(atPath: release) || DiskFileSystem().symlinkDestination(release) != nil
        if present, !isRelease(release, digest: built.digest) { try fm.removeItem(atPath: release) }
        if !fm.fileExists(atPath: release) {
            let partial = joinPath(releases, ".\(built.digest).partial")
            try? fm.removeItem(atPath: partial)
            do {
                for name in built.manifest.files.map(\.path) {
                    try DiskFileSystem().write(try DiskFileSystem().read(joinPath(site, name)), to: joinPath(partial, name))
                }
                try DiskFileSystem().write(built.manifestData, to: joinPath(partial, SiteManifest.fileName))
                if let signature = built.signatureData { try DiskFileSystem().write(signature, to: joinPath(partial, SiteManifest.signatureName)) }
            } catch {
                try? fm.removeItem(atPath: partial)
                throw Refusal(description: "无法复制网站到 \(release)：\(FileSystemError.describe(error))；当前网站未被改动")
            }
            // What was copied is checked again: a build swapping the site in during the copy (another
            // `gongkai build`, `gongkai serve`) would otherwise put a mixture of two sites live.
            guard isRelease(partial, digest: built.digest) else {
                try? fm.removeItem(atPath: partial)
                throw Refusal(description: "\(site) 在复制期间被改动（另一个 gongkai build 或 serve 正在运行？），复制的文件与清单不符，已拒绝发布；当前网站未被改动。请等构建结束后重新发布")
            }
            do {
                DiskFileSystem().flush(partial) // on disk before `current` can point at it
                try fm.moveItem(atPath: partial, toPath: release)
            } catch {
                try? fm.removeItem(atPath: partial)
                throw Refusal(description: "无法复制网站到 \(release)：\(FileSystemError.describe(error))；当前网站未被改动")
            }
        }
        let recordedBefore = recordBase(record, previous: previous, built: built, history: digests, target: target) ?? oldManifest
        try switchCurrent(target, to: built.digest)
        digests.removeAll { $0 == built.digest }
        digests.append(built.digest)
        outcome.pruned = try prune(target, digests: &digests, keep: keep, current: built.digest)
        try appendRecord(record, old: recordedBefore, built: built, from: release, into: &outcome)
        return outcome
    }

    /// Switches `current` back to the release deployed before it; the release rolled back from leaves the history.
    /// With `record`, the rollback is appended to it as a deploy's release is (`appendRollback`).
    /// `audit` is given the release's folder before `current` is switched, and refuses by throwing
    /// (`ReleaseAudit`: what the site withholds today must not go live again).
    public static func rollback(_ target: String, keep: Int = 5, record: String? = nil,
                                audit: ((_ folder: String, _ shownAs: String) throws -> Void)? = nil) throws -> Outcome {
        try checkRecord(record)
        return try locked(target) { try rollbackLocked(target, keep: keep, record: record, audit: audit) }
    }

    /// Appends a rollback to the record once `current` is switched: the release served again, marked with
    /// the one taken down, and what changed against it, so the record never names a release that is not live.
    /// `from` is where the release's files are read (its titles, codes, notices); none over SSH.
    static func appendRollback(_ record: String?, taken old: SiteManifest?, from current: String, back manifest: SiteManifest,
                               digest: String, files: String?, into outcome: inout Outcome) throws {
        guard let record else { return }
        do {
            outcome.recorded = try PublicationRecord.append(to: record, old: old, new: manifest, rootDigest: digest, site: files, rollbackFrom: current)
        } catch { throw Refusal(description: "\(error)") }
    }

    static func rollbackLocked(_ target: String, keep: Int, record: String? = nil,
                               audit: ((_ folder: String, _ shownAs: String) throws -> Void)? = nil) throws -> Outcome {
        var digests = try history(target)
        let leftovers = removeLeftovers(target)
        guard let current = try currentDigest(target) else { throw Refusal(description: "\(target) 还没有发布过网站，无法回退") }
        // Only a release the history names is gongkai's to delete (`current` may have been pointed elsewhere by hand).
        let ours = digests.contains(current)
        digests.removeAll { $0 == current }
        guard let back = digests.last(where: { FileManager.default.fileExists(atPath: joinPath(target, releasesName, $0)) }) else {
            throw Refusal(description: "\(target) 没有更早的发布版本可回退（只保留最近 \(keep) 个）")
        }
        // The release is checked as a new deploy's would be: one changed on the server since (a defaced
        // page, an .htaccess) is refused, and the current site stays.
        let release = joinPath(target, releasesName, back)
        // A release is a folder deploy made: a link there would let a folder outside the target go live.
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: release)) != nil {
            throw Refusal(description: "要回退到的版本 \(release) 是符号链接，不是 gongkai deploy 建立的文件夹，已拒绝回退，当前网站不变")
        }
        let check = SiteVerifier.verify(release)
        guard check.ok, check.rootDigest == back else {
            let listed = check.problems + check.missing.map { "缺少 \($0)" } + check.changed.map { "已改动 \($0)" } + check.extra.map { "多出 \($0)" }
                + (check.rootDigest == back ? [] : ["清单的根摘要不是 \(back.prefix(12))…"])
            throw Refusal(description: "要回退到的版本 \(release) 与其清单不符，已拒绝回退，当前网站不变：\(listed.prefix(5).joined(separator: "；"))\(listed.count > 5 ? "……共 \(listed.count) 处" : "")")
        }
        try audit?(release, release)
        var outcome = Outcome(rootDigest: back, previousDigest: current)
        outcome.leftovers = leftovers
        let new = manifest(ofRelease: back, in: target), old = manifest(ofRelease: current, in: target)
        if let new { compare(old, new, into: &outcome) }
        try switchCurrent(target, to: back)
        digests.removeAll { $0 == back }
        digests.append(back)
        // The release rolled back from is deleted: it is no longer in the history, so nothing could switch to it.
        try writeHistory(digests, target: target)
        if ours {
            try? FileManager.default.removeItem(atPath: joinPath(target, releasesName, current))
            outcome.pruned = [current]
        }
        if let new { try appendRollback(record, taken: old, from: current, back: new, digest: back, files: release, into: &outcome) }
        return outcome
    }

    /// What a deploy killed part-way leaves in a target, by name: in `releases/` the copy being made
    /// (`.<digest>.partial`; over SSH also `.<digest>.check`, the manifest checked beside it, and
    /// `.<digest>.old`, a release set aside while its copy is renamed in), and in the target a new
    /// `current` link not yet renamed over it (`.current.<12 digits>.new`, over SSH `.current.new`).
    /// Nothing else is ever removed: the name must be exactly one of these, with a digest of lower-case
    /// hexadecimal digits, a copy a real folder (not a link, which is not followed either) and a new
    /// link a link. The shell twin is `RemoteDeployer.leftoverScript`.
    static func isLeftover(_ name: String, inReleases: Bool) -> Bool {
        if inReleases {
            for suffix in [".partial", ".check", ".old"] where name.hasPrefix(".") && name.hasSuffix(suffix) {
                return isDigest(String(name.dropFirst().dropLast(suffix.count)))
            }
            return false
        }
        if name == ".\(currentName).new" { return true }
        guard name.hasPrefix(".\(currentName)."), name.hasSuffix(".new") else { return false }
        let digits = name.dropFirst(currentName.count + 2).dropLast(4)
        return digits.count == 12 && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Removes what killed deploys left (`isLeftover`), called holding the target's lock: every deploy
    /// and rollback makes and finishes its copies and links holding it, so none of these is in use.
    /// Returns the names removed, relative to the target; one that cannot be removed is left for next time.
    static func removeLeftovers(_ target: String) -> [String] {
        let disk = DiskFileSystem()
        var removed: [String] = []
        for (folder, inReleases) in [(releasesName, true), ("", false)] {
            let parent = folder.isEmpty ? target : joinPath(target, folder)
            // The releases folder itself must be a folder, not a link to somewhere else.
            if inReleases, disk.symlinkDestination(parent) != nil { continue }
            for name in disk.entries(in: parent) where isLeftover(name, inReleases: inReleases) {
                let path = joinPath(parent, name)
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                let kind = info.st_mode & S_IFMT
                guard inReleases ? kind == S_IFDIR : kind == S_IFLNK else { continue }
                if (try? FileManager.default.removeItem(atPath: path)) != nil {
                    removed.append(folder.isEmpty ? name : joinPath(folder, name))
                }
            }
        }
        return removed
    }

    /// Deletes releases beyond the last `keep` (never the current one) and writes the history.
    static func prune(_ target: String, digests: inout [String], keep: Int, current: String) throws -> [String] {
        var pruned: [String] = []
        while digests.count > keep, let oldest = digests.first, oldest != current {
            digests.removeFirst()
            pruned.append(oldest)
        }
        try writeHistory(digests, target: target)
        for digest in pruned { try? FileManager.default.removeItem(atPath: joinPath(target, releasesName, digest)) }
        return pruned
    }
}
