import Foundation
import GongkaiCore
import GongkaiDisclosed
import GongkaiRender
import Synchronization

/// 发布前核对 — a built site is audited again, against what the site folder withholds today, before
/// `deploy` puts it live or `deploy --rollback` puts an older release live again. The build audited its
/// files against the content of its day; an item classified since (a project marked 涉密 after the
/// release that published it) would otherwise be published again by a rollback, or by deploying a
/// `public/` built before the change.
public enum ReleaseAudit {
    /// Scans every file of `folder` (its build marker too) for the fingerprints of what the site in
    /// `siteRoot` withholds from the public. Throws a refusal (GK012) naming what was found, or when the
    /// site's content has errors and so cannot say what it withholds (fail closed).
    /// `what` names the folder in the message: 要发布的网站, 要回退到的版本.
    public static func check(folder: String, shownAs display: String, what: String, siteRoot: String,
                             fileSystem: FileSystem = DiskFileSystem(), jobs: Int = defaultJobCount) throws {
        var diagnostics = DiagnosticList()
        var redaction: Redaction?
        let pipeline = Pipeline(fileSystem: fileSystem)
        guard let prepared = pipeline.prepare(siteRoot: siteRoot, jobs: jobs, for: WebsiteAudience.self, clock: StageClock(),
                                              diagnostics: &diagnostics, redaction: &redaction) else {
            let errors = diagnostics.sorted.filter { $0.severity == .error }
            let first = (redaction.map { $0.apply(errors) } ?? errors).first.map { "（如 \($0.location.file):\($0.location.line)：\($0.message.prefix(80))）" } ?? ""
            throw Deployer.Refusal(description: "网站内容有 \(errors.count) 个错误\(first)，无法核对\(what) \(display) 是否含有现在不予公开的内容，已拒绝，当前网站不变；请先修正（gongkai check），再构建并发布",
                                   code: .deployWithheld)
        }
        let paths = try fileSystem.listFiles(under: folder)
            + (fileSystem.isFile(joinPath(folder, OutputFolder.markerName)) ? [OutputFolder.markerName] : [])
        let audit = prepared.audit
        // Each file's finding, as the message words it: where the withheld item sits in the content (never its
        // text: the terminal may be shared), or that the file could not be read (it cannot be vouched for).
        let found = concurrentMap(paths.count, jobs: jobs) { i -> (path: String, place: String)? in
            // A link, a pipe or a device is no file a build writes: never opened here (a pipe would wait for
            // ever), and refused by deploy's own check against the manifest.
            if fileSystem is DiskFileSystem {
                var info = stat()
                guard lstat(joinPath(folder, paths[i]), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            }
            guard let data = try? fileSystem.read(joinPath(folder, paths[i])) else { return (paths[i], "无法读取") }
            return audit.check(OutputFileBytes(path: paths[i], data: data)).first.map {
                (paths[i], "含有 \($0.location.file) 第 \($0.location.line) 行不予公开事项的内容")
            }
        }.compactMap { $0 }
            + (try shortTextsShownMore(in: folder, paths: paths, than: prepared, fileSystem: fileSystem, jobs: jobs))
        guard let (path, place) = found.first else { return }
        throw Deployer.Refusal(description: "\(what) \(display) 中有 \(found.count) 个文件含有现在不予公开的内容（如 \(path) \(place)）：发布它会再次公开这些内容，已拒绝，当前网站不变。"
                                   + "它们是在改为不予公开之前构建的；请重新构建（gongkai build）后发布新版本",
                               code: .deployWithheld)
    }

    /// A withheld text under the fingerprints' six characters (an indicator 系统可用率, a funding source 其他资金, a target
    /// 符合) is kept out of a build by the disclosed view alone: too common to look for anywhere, it is no fingerprint. A
    /// release built before it was withheld has only this audit between it and the public, so it is counted here where it
    /// can be told apart: in each file the current content builds at the same path (rendered afresh, in memory), a release
    /// file that holds it more often than the fresh file still shows the withheld item (its row, its line). Files the
    /// content no longer builds (a page withheld whole) are left to the fingerprints, as before.
    static func shortTextsShownMore(in folder: String, paths: [String], than prepared: PreparedSite<WebsiteAudience>,
                                    fileSystem: FileSystem, jobs: Int) throws -> [(path: String, place: String)] {
        var places: [String: SourceLocation] = [:]
        for item in prepared.disclosed.withheld {
            for text in item.texts {
                let t = text.trimmed
                guard (2..<6).contains(t.count), t.contains(where: \.isLetter), places[t] == nil else { continue }
                places[t] = item.location
            }
        }
        guard !places.isEmpty else { return [] }
        let place = places
        let texts = place.keys.sorted()
        // The place named is a text no public item says, where there is one, and the longest: a withheld row's name, not its
        // public group's or its department's code.
        let publicShort = Set(prepared.disclosed.ledger.publicTexts.lazy.map(\.trimmed).filter { place[$0] != nil })
        let matcher = MultiPatternMatcher(patterns: texts)
        let needles = texts.map { Array($0.utf8) }
        @Sendable func counts(_ data: Data) -> [Int: Int] {
            data.withUnsafeBytes { raw -> [Int: Int] in
                let bytes = raw.bindMemory(to: UInt8.self)
                var found: [Int: Int] = [:]
                for index in matcher.matches(in: bytes) { found[index] = Self.occurrences(of: needles[index], in: bytes) }
                return found
            }
        }
        let fresh = Mutex<[String: [Int: Int]]>([:])
        _ = try RenderStage.run(site: prepared.disclosed.view, theme: prepared.theme, jobs: jobs) { file in
            let c = counts(file.data)
            fresh.withLock { $0[file.path] = c }
        }
        let built = fresh.withLock { $0 }
        return concurrentMap(paths.count, jobs: jobs) { i -> (path: String, place: String)? in
            guard let now = built[paths[i]] else { return nil }
            if fileSystem is DiskFileSystem {
                var info = stat()
                guard lstat(joinPath(folder, paths[i]), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            }
            guard let data = try? fileSystem.read(joinPath(folder, paths[i])) else { return (paths[i], "无法读取") }
            let more = counts(data).filter({ $0.value > now[$0.key, default: 0] }).keys.sorted {
                (publicShort.contains(texts[$0]) ? 1 : 0, -texts[$0].count, $0) < (publicShort.contains(texts[$1]) ? 1 : 0, -texts[$1].count, $1)
            }
            guard let index = more.first, let at = place[texts[index]] else { return nil }
            return (paths[i], "含有 \(at.file) 第 \(at.line) 行不予公开事项的内容")
        }.compactMap { $0 }
    }

    static func occurrences(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let first = needle.first, needle.count <= bytes.count else { return 0 }
        var count = 0, i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first, needle.indices.allSatisfy({ bytes[i + $0] == needle[$0] }) { count += 1; i += needle.count } else { i += 1 }
        }
        return count
    }
}
