import Foundation
import GongkaiCore
import GongkaiDisclosed

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
        guard let (path, place) = found.first else { return }
        throw Deployer.Refusal(description: "\(what) \(display) 中有 \(found.count) 个文件含有现在不予公开的内容（如 \(path) \(place)）：发布它会再次公开这些内容，已拒绝，当前网站不变。"
                                   + "它们是在改为不予公开之前构建的；请重新构建（gongkai build）后发布新版本",
                               code: .deployWithheld)
    }
}
