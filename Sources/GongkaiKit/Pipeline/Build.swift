import Foundation
import GongkaiCore
import GongkaiDisclosed
import GongkaiRender
import Synchronization

/// What a build or check should do.
public struct BuildOptions: Sendable {
    /// The site folder holding `gongkai.yaml`.
    public var siteRoot: String
    /// Where the website goes; default `<site>/public`.
    public var outputPath: String?
    /// Rendering threads; default: the number of cores.
    public var jobs: Int
    /// Stop after render without writing (`gongkai check`).
    public var writeOutput: Bool
    /// Missing, late or empty required items are errors (`--strict`), whatever the configuration says.
    public var strict: Bool
    /// The day required items are judged on (`--as-of`, or `SOURCE_DATE_EPOCH`), over `as_of` in the configuration.
    public var asOf: CalendarDate?
    /// Where to write the internal report (`--report`); never inside the output, content or theme.
    public var reportPath: String?

    public init(siteRoot: String = ".", outputPath: String? = nil, jobs: Int = defaultJobCount, writeOutput: Bool = true,
                strict: Bool = false, asOf: CalendarDate? = nil, reportPath: String? = nil) {
        self.siteRoot = siteRoot
        self.outputPath = outputPath
        self.jobs = max(1, jobs)
        self.writeOutput = writeOutput
        self.strict = strict
        self.asOf = asOf
        self.reportPath = reportPath
    }

    var resolvedOutput: String { outputPath ?? joinPath(siteRoot, "public") }
}

/// What a build did: every diagnostic, counts and the time each stage took.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var pagesWritten: Int = 0
    public var filesWritten: Int = 0
    public var bytesWritten: Int = 0
    public var projectsPublished: Int = 0
    public var itemsWithheld: Int = 0
    public var searchIndexBytes: Int = 0
    public var searchDocuments: Int = 0
    public var searchQueryBytes: Int = 0
    /// Path of the internal report, when one was written.
    public var reportWritten: String?
    public var stageTimes: [(stage: String, seconds: Double)] = []
    /// False when an error stopped the build; the previous output is then untouched.
    public var succeeded: Bool

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// The build pipeline, as a recipe: load → validate → disclose → render → write.
/// Each stage is a type in its own folder under `Sources/GongkaiKit/` (render lives in
/// `GongkaiRender`, which can only see the disclosed view).
public struct Pipeline: Sendable {
    public let fileSystem: FileSystem

    public init(fileSystem: FileSystem = DiskFileSystem()) {
        self.fileSystem = fileSystem
    }

    public func run(_ options: BuildOptions) -> BuildReport {
        var report = BuildReport(diagnostics: [], succeeded: false)
        var diagnostics = DiagnosticList()
        let clock = StageClock()
        func finish(_ ok: Bool) -> BuildReport {
            report.diagnostics = diagnostics.sorted
            report.succeeded = ok && !diagnostics.hasErrors
            report.stageTimes = clock.times
            return report
        }

        // 1–2. load, theme, validate
        guard let (loaded, theme) = loadAndValidate(siteRoot: options.siteRoot, jobs: options.jobs, clock: clock,
                                                     diagnostics: &diagnostics) else { return finish(false) }
        var source = loaded
        if options.strict { source.config.strict = true }
        if let asOf = options.asOf { source.config.calendar.asOf = asOf }
        let output = OutputFolder(fileSystem: fileSystem, path: options.resolvedOutput)
        if let reportPath = options.reportPath {
            do {
                try PublishedFolders.refuse(reportPath, what: "内部报告（含不予公开事项）", output: output,
                                            siteRoot: options.siteRoot, theme: source.config.theme)
            } catch {
                diagnostics.error(.reportPath, "\(error)", at: SourceLocation(file: reportPath))
                return finish(false)
            }
        }

        // 3. disclose
        let disclosed = clock.time("disclose") { DiscloseStage.run(source, audience: .website) }
        report.projectsPublished = disclosed.site.projects.count
        report.itemsWithheld = disclosed.withheld.count

        // 3b. required items: targets and results published, on time, not empty
        let (required, findings) = clock.time("comply") { RequiredItemsCheck.run(source: source, disclosed: disclosed.site) }
        diagnostics.append(contentsOf: required)
        if let reportPath = options.reportPath {
            let text = InternalReport.render(site: source, withheld: disclosed.withheld, findings: findings)
            do { try fileSystem.write(Data(text.utf8), to: reportPath) } catch {
                diagnostics.error(.reportPath, "无法写入内部报告：\(error)", at: SourceLocation(file: reportPath))
            }
            report.reportWritten = reportPath
        }
        let audit = clock.time("audit-prepare") {
            LeakAudit(withheld: disclosed.withheld, publicTexts: source.publicTexts(excluding: disclosed.withheld))
        }

        // 4. render (each file is audited, then staged)
        if options.writeOutput {
            do {
                try output.checkSafe(siteRoot: options.siteRoot)
                try output.begin()
            } catch {
                diagnostics.error(.missingFile, "\(error)", at: SourceLocation(file: options.resolvedOutput))
                return finish(false)
            }
        }
        let leaks = Mutex<[Diagnostic]>([])
        let files = Mutex(0)
        let write = options.writeOutput
        do {
            let summary = try clock.time("render") {
                try RenderStage.run(site: disclosed.site, theme: theme, jobs: options.jobs) { file in
                    let found = audit.check(OutputFileBytes(path: file.path, data: file.data))
                    if !found.isEmpty { leaks.withLock { $0 += found }; return }
                    if write { try output.write(file.path, file.data) }
                    files.withLock { $0 += 1 }
                }
            }
            report.pagesWritten = summary.pages
            report.bytesWritten = summary.bytes
            report.searchIndexBytes = summary.searchIndexBytes
            report.searchDocuments = summary.searchDocuments
            report.searchQueryBytes = summary.searchQueryBytes
        } catch {
            diagnostics.error(.themeTemplate, "渲染失败：\(error)", at: SourceLocation(file: options.resolvedOutput))
        }
        for leak in leaks.withLock({ $0 }) { diagnostics.append(leak) }
        report.filesWritten = files.withLock { $0 }

        // 5. write: swap in only when everything succeeded
        guard !diagnostics.hasErrors else {
            output.discard()
            return finish(false)
        }
        if write {
            do { try clock.time("write") { try output.commit() } } catch {
                output.discard()
                diagnostics.error(.missingFile, "无法替换输出目录：\(error)", at: SourceLocation(file: options.resolvedOutput))
                return finish(false)
            }
        }
        return finish(true)
    }
}

extension Pipeline {
    /// Stages 1 and 2, shared by every product (website, bundle): load the content, load the theme
    /// (its errors are input errors too), validate. Nil when anything is wrong.
    func loadAndValidate(siteRoot: String, jobs: Int, clock: StageClock,
                         diagnostics: inout DiagnosticList) -> (SourceSite, Theme)? {
        let (loaded, loadDiagnostics) = clock.time("load") { LoadStage.run(fileSystem: fileSystem, root: siteRoot, jobs: jobs) }
        diagnostics.append(contentsOf: loadDiagnostics)
        guard let source = loaded else { return nil }
        let themeFolder = joinPath(siteRoot, source.config.theme)
        let (theme, themeDiagnostics) = clock.time("theme") {
            Theme.load(fileSystem: fileSystem, folder: themeFolder, display: siteRoot == "." ? source.config.theme : themeFolder)
        }
        diagnostics.append(contentsOf: themeDiagnostics)
        diagnostics.append(contentsOf: clock.time("validate") { ValidateStage.run(source) + ScoringChecks.run(source) })
        guard !diagnostics.hasErrors, let theme else { return nil }
        return (source, theme)
    }
}

/// Times each stage, Saga-style, for the build summary.
final class StageClock: Sendable {
    private let recorded = Mutex<[(String, Double)]>([])

    var times: [(stage: String, seconds: Double)] { recorded.withLock { $0.map { (stage: $0.0, seconds: $0.1) } } }

    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            recorded.withLock { $0.append((stage, seconds)) }
        }
        return try body()
    }
}
