import Crypto
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
    /// Print withheld texts in diagnostics (`--show-withheld`); by default they are replaced by a placeholder.
    public var showWithheld: Bool = false
    /// Hears (files rendered, files in all) while the site renders, for a progress line on a terminal.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Replace an existing output folder that has no `.gongkai-build.json` (`--force-output`).
    public var forceOutput: Bool

    public init(siteRoot: String = ".", outputPath: String? = nil, jobs: Int = defaultJobCount, writeOutput: Bool = true,
                strict: Bool = false, asOf: CalendarDate? = nil, reportPath: String? = nil, forceOutput: Bool = false) {
        self.forceOutput = forceOutput
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
    /// Of those, how many were the previous output's file, unchanged and shared rather than written again.
    public var filesUnchanged: Int = 0
    /// Files rendered with the path and bytes of one a build audited under the same audit (`AuditRecord`): not scanned again.
    public var filesAuditedBefore: Int = 0
    public var bytesWritten: Int = 0
    public var projectsPublished: Int = 0
    public var itemsWithheld: Int = 0
    public var searchIndexBytes: Int = 0
    public var searchDocuments: Int = 0
    public var searchQueryBytes: Int = 0
    /// Path of the internal report, when one was written.
    public var reportWritten: String?
    public var stageTimes: [(stage: String, seconds: Double)] = []
    /// False when an error stopped the build; the previous output is then untouched unless `outputUntouched` says otherwise.
    public var succeeded: Bool
    /// False only when a failed swap left the previous output moved aside (the message says where).
    public var outputUntouched = true

    /// The diagnostics with withheld texts replaced even under `showWithheld`: what others may see
    /// (the preview's error page in a browser), while `diagnostics` is what the clerk asked for on the terminal.
    public var redactedDiagnostics: [Diagnostic] = []

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// The build pipeline, as a recipe: load → validate → disclose → render → write.
/// Each stage is a type in its own folder under `Sources/GongkaiKit/` (render lives in
/// `GongkaiRender`, which can only see the disclosed view).
public struct Pipeline: Sendable {
    public let fileSystem: FileSystem
    /// Item kinds whose disclose filtering is switched off — for the audit's mutation tests only.
    var faults: Set<String> = []
    /// What the last build of a long-running process (`gongkai serve`) read from each content file: unchanged files are
    /// not parsed again (`LoadMemo`). Nil for a single build.
    public let loadMemo: LoadMemo?

    public init(fileSystem: FileSystem = DiskFileSystem(), loadMemo: LoadMemo? = nil) {
        self.fileSystem = fileSystem
        self.loadMemo = loadMemo
    }

    public func run(_ options: BuildOptions) -> BuildReport {
        var report = BuildReport(diagnostics: [], succeeded: false)
        var diagnostics = DiagnosticList()
        let clock = StageClock()
        var redaction: Redaction?
        // The diagnostics as they stood before the swap, sorted and redacted while it waits on the disk.
        var early: (count: Int, sorted: Background<(all: [Diagnostic], redacted: [Diagnostic])>)?
        func finish(_ ok: Bool) -> BuildReport {
            if let early, early.count == diagnostics.items.count {
                (report.diagnostics, report.redactedDiagnostics) = early.sorted.value
            } else {
                report.diagnostics = diagnostics.sorted
                report.redactedDiagnostics = (redaction ?? .withoutLedger).apply(report.diagnostics, jobs: options.jobs)
            }
            if !options.showWithheld { report.diagnostics = report.redactedDiagnostics }
            report.succeeded = ok && !diagnostics.hasErrors
            report.stageTimes = clock.times
            return report
        }

        // Read while the site loads: the program's digest, which the audit record is keyed by.
        let program = Background { AuditRecord.programDigest }
        var signer: Curve25519.Signing.PrivateKey?
        let output = OutputFolder(fileSystem: fileSystem, path: options.resolvedOutput)
        // What rendering needs. The source model and the ledger (over a gigabyte at 20,000 projects)
        // live only in the block below, so they are freed before rendering starts.
        let config: SiteConfig, theme: Theme, view: Disclosed<WebsiteAudience>, audit: LeakAudit
        // Each page's folder → the content file its Markdown comes from, to place a dead link's warning.
        var pageSources: [String: String] = [:]
        // The codes of withheld items as addresses spell them: a dead link naming one would publish it (GK149).
        var withheldWords = Set<String>()
        var wholeInputs = Set<String>()
        do {
            // 1–3. load, theme, validate, disclose (and the leak audit's fingerprints)
            var keyProblem: String?, keyExposure: String?
            var recordProblem: PublicationRecord.Problem?
            guard var prepared = prepare(siteRoot: options.siteRoot, jobs: options.jobs, for: WebsiteAudience.self, clock: clock,
                                         diagnostics: &diagnostics, redaction: &redaction, adjust: { config in
                                             if options.strict { config.strict = true }
                                             if let asOf = options.asOf { config.calendar.asOf = asOf }
                                             let recordPath = joinPath(options.siteRoot, PublicationRecord.fileName)
                                             do {
                                                 if let data = try PublicationRecord.data(at: recordPath, fileSystem: fileSystem) {
                                                     config.publicationHistory = try PublicationRecord.decode(data, path: recordPath).history
                                                 }
                                             } catch {
                                                 recordProblem = error as? PublicationRecord.Problem ?? .init(description: "\(error)")
                                             }
                                             if let configured = config.signingKey {
                                                 do {
                                                     signer = try SigningKey.load(configured, siteRoot: options.siteRoot, fileSystem: fileSystem)
                                                     if fileSystem is DiskFileSystem { keyExposure = SigningKey.exposure(configured, siteRoot: options.siteRoot) }
                                                     config.verificationKey = signer.map { SigningKey.verificationKey($0.publicKey) }
                                                 } catch { keyProblem = "\(error)" }
                                             }
                                         }) else { return finish(false) }
            // An address that would give a withheld code or page away (the audit scans paths) is dropped from
            // the record the website sees: no link, no notice page there, only 已撤回.
            if var history = prepared.disclosed.site.config.publicationHistory {
                let audit = prepared.audit
                // Codes are short (`GFD`, `MD3`): too short for the audit's fingerprints, so a withheld code
                // is also looked for as a whole segment of the address.
                let codes = Self.withheldAddressWords(source: prepared.source, disclosed: prepared.disclosed.site)
                history.hideAddresses { path in
                    path.lowercased().split(separator: "/").contains { codes.contains(String($0)) }
                        || !audit.check(OutputFileBytes(path: path + "index.html", data: Data())).isEmpty
                }
                var site = prepared.disclosed.site
                site.config.publicationHistory = history
                prepared.disclosed.view = Disclosed(site)
            }
            let (source, disclosed) = (prepared.source, prepared.disclosed)
            // The theme's files are all published: one only withheld content refers to would be too.
            diagnostics.append(contentsOf: WithheldAssets.check(theme: prepared.theme, withheld: disclosed.withheld + disclosed.ledger.comments,
                                                                publicTexts: { disclosed.ledger.everyPublicText }))
            // Each attachment and picture is read: its name, what it hides, its level marks, and its words for the audit.
            diagnostics.append(contentsOf: clock.time("attachments") {
                Attachments.check(theme: prepared.theme, display: options.siteRoot == "." ? source.config.theme : joinPath(options.siteRoot, source.config.theme),
                                  audit: prepared.audit)
            })
            if let recordProblem {
                diagnostics.error(.publicationRecord, recordProblem.description,
                                  at: SourceLocation(file: joinPath(options.siteRoot, PublicationRecord.fileName), line: recordProblem.line ?? 1, column: recordProblem.column ?? 1))
                return finish(false)
            }
            if let reportPath = options.reportPath {
                do {
                    try PublishedFolders.refuse(reportPath, what: "内部报告（含不予公开事项）", output: output,
                                                siteRoot: options.siteRoot, theme: source.config.theme)
                    if let refusal = InternalReport.refusal(toReplace: reportPath, fileSystem: fileSystem) {
                        throw PublishedFolders.Refusal(description: refusal)
                    }
                } catch {
                    diagnostics.error(.reportPath, "\(error)", at: SourceLocation(file: reportPath))
                    return finish(false)
                }
            }
            if let configured = source.config.signingKey {
                let configFile = options.siteRoot == "." ? ConfigLoader.fileName : joinPath(options.siteRoot, ConfigLoader.fileName)
                do {
                    if let keyProblem { throw SigningKey.Problem(description: keyProblem) }
                    try PublishedFolders.refuse(SigningKey.path(configured, siteRoot: options.siteRoot), what: "签名私钥", output: output,
                                                siteRoot: options.siteRoot, theme: source.config.theme)
                } catch {
                    diagnostics.error(.signingKey, "\(error)", at: source.config.signingKeyLocation ?? SourceLocation(file: configFile))
                    return finish(false)
                }
                if let keyExposure { diagnostics.warning(.signingKey, keyExposure, at: source.config.signingKeyLocation ?? SourceLocation(file: configFile)) }
            }
            report.projectsPublished = disclosed.site.projects.count
            report.itemsWithheld = disclosed.withheld.count

            // 3b. required items: targets and results published, on time, not empty
            let (required, findings) = clock.time("comply") { RequiredItemsCheck.run(source: source, disclosed: disclosed.site, ledger: disclosed.ledger) }
            diagnostics.append(contentsOf: required)
            diagnostics.append(contentsOf: EmptySectionsCheck.run(source: source, disclosed: disclosed.site,
                                                                  pagesFolder: options.siteRoot == "." ? PageLoader.folder : joinPath(options.siteRoot, PageLoader.folder)))
            if let reportPath = options.reportPath {
                let text = InternalReport.render(site: source, withheld: disclosed.withheld, findings: findings)
                do { try fileSystem.writeAtomically(Data(text.utf8), to: reportPath) } catch {
                    diagnostics.error(.reportPath, "无法写入内部报告：\(error)", at: SourceLocation(file: reportPath))
                }
                report.reportWritten = reportPath
            }
            (config, theme, view, audit) = (source.config, prepared.theme, disclosed.view, prepared.audit)
            pageSources = Self.pageSources(source, siteRoot: options.siteRoot)
            withheldWords = Self.withheldAddressWords(source: source, disclosed: disclosed.site)
            wholeInputs = prepared.wholeInputs
        }

        // The source model and the ledger are gone: most of their pages can go back to the system.
        FreedMemory.release()

        // 4. render (each file is audited, then staged)
        var lock: FileLock?
        defer { withExtendedLifetime(lock) {} }
        if options.writeOutput {
            do {
                try output.checkSafe(siteRoot: options.siteRoot, theme: config.theme, force: options.forceOutput)
                // One build into a folder at a time: a second one would share the staging folder.
                do { lock = try fileSystem.lockExclusively(output.lockPath) } catch {
                    let reason = FileSystemError.describe(error)
                    throw OutputFolder.Refusal(description: reason == FileLock.busy
                        ? "另一个 gongkai build 正在向 \(output.requested) 构建（\(reason)）；请等它结束后再运行"
                        : "无法锁定输出目录 \(output.requested)：\(reason)")
                }
                try output.begin()
            } catch {
                diagnostics.error(.outputFolder, "\(error)", at: SourceLocation(file: options.resolvedOutput))
                return finish(false)
            }
        }
        let leaks = Mutex<[Diagnostic]>([])
        let copies = Mutex<[(page: String, fragment: String, item: SourceLocation)]>([])
        let files = Mutex(0)
        // What the audit would find in a file the record lists is nothing: it found nothing there, under this very audit.
        let auditKey = AuditRecord.key(fingerprints: audit.fingerprints.map(\.fragment), program: program.value)
        let audited = AuditRecord.load(fileSystem: fileSystem, siteRoot: options.siteRoot).flatMap { $0.key == auditKey ? $0 : nil }
        let auditedBefore = Mutex(0)
        let write = options.writeOutput
        let links = LinkCheck(baseURL: config.baseURL, withheldWords: withheldWords)
        var addressesWithoutItems: (notices: [String], folders: [String]) = ([], [])
        do {
            let summary = try clock.time("render") {
                try RenderStage.run(site: view, theme: theme, jobs: options.jobs, progress: options.progress) { file in
                    // The bytes' SHA-256 serves the record and the manifest: `check` without a record needs neither.
                    let digest = write || audited != nil ? SHA256.hash(data: file.data) : nil
                    var seen = false
                    if let audited, let digest { seen = audited.contains(AuditRecord.Entry(path: file.path, digest: digest)) }
                    if seen { auditedBefore.withLock { $0 += 1 } }
                    let found = seen ? [] : audit.check(OutputFileBytes(path: file.path, data: file.data))
                    // A leaking page's links are still checked: a link to a withheld item's address (GK149) names the line to mend.
                    links.add(path: file.path, data: file.data)
                    if !found.isEmpty {
                        leaks.withLock { $0 += found }
                        let copied = audit.copies(in: OutputFileBytes(path: file.path, data: file.data)).map { (file.path, $0.fragment, $0.item) }
                        if !copied.isEmpty { copies.withLock { $0 += copied } }
                        return
                    }
                    if write { try output.write(file.path, file.data, digest: digest) }
                    files.withLock { $0 += 1 }
                }
            }
            report.pagesWritten = summary.pages
            report.bytesWritten = summary.bytes
            report.searchIndexBytes = summary.searchIndexBytes
            report.searchDocuments = summary.searchDocuments
            report.searchQueryBytes = summary.searchQueryBytes
            addressesWithoutItems = (summary.withdrawnNotices, summary.pageFolders)
        } catch let failure as RenderStage.Failure where failure.underlying is FileSystemError || failure.underlying is OutputFolder.Refusal {
            let reason = (failure.underlying as? FileSystemError)?.reason ?? "\(failure.underlying)"
            diagnostics.error(.writeFailed, "无法写入网站文件 \(failure.path)：\(reason)；原有输出未被改动",
                              at: SourceLocation(file: options.resolvedOutput))
        } catch let failure as RenderStage.Failure where failure.underlying is TemplateLibrary.Recursion {
            let recursion = failure.underlying as! TemplateLibrary.Recursion
            diagnostics.error(.themeTemplate, "渲染 \(failure.path) 失败：\(recursion)",
                              at: SourceLocation(file: recursion.file, line: recursion.line, column: recursion.column))
        } catch {
            diagnostics.error(.themeTemplate, "渲染失败：\(error)", at: SourceLocation(file: options.resolvedOutput))
        }
        for leak in leaks.withLock({ $0 }) { diagnostics.append(leak) }
        diagnostics.append(contentsOf: copyPlaces(copies.withLock { $0 }, pageSources: pageSources))
        // Every page was rendered when the only errors are leaks: its dead links are real ones.
        if diagnostics.errors.allSatisfy({ $0.code == .leak || $0.code == .copiedWithheld }) {
            diagnostics.append(contentsOf: deadLinks(links, pageSources: pageSources,
                                                     withheldWords: withheldWords))
        }
        report.filesWritten = files.withLock { $0 }
        report.filesUnchanged = output.staged.reused
        report.filesAuditedBefore = auditedBefore.withLock { $0 }

        // 5. write: swap in only when everything succeeded
        guard !diagnostics.hasErrors else {
            output.discard()
            return finish(false)
        }
        if write {
            let (fileSystem, siteRoot, theme, date) = (fileSystem, options.siteRoot, config.theme, view.site.referenceDay?.description)
            let (notices, folders) = addressesWithoutItems
            let sealed: (marker: BuildMarker, manifestSHA256: String)
            do {
                // manifest.json hashes every other file, so it is written last, just before the swap.
                sealed = try clock.time("manifest") {
                    try SiteManifest.seal(output: output, marker: { [wholeInputs] in
                        var marker = BuildMarker(inputsSHA256: Digest.siteInputs(fileSystem: fileSystem, root: siteRoot, theme: theme, whole: wholeInputs),
                                                 date: date)
                        if !notices.isEmpty { marker.withdrawnNotices = notices }
                        if !folders.isEmpty { marker.pageFolders = folders }
                        return marker
                    }, config: config, signer: signer)
                }
            } catch {
                output.discard()
                diagnostics.error(.writeFailed, "无法写入网站清单 manifest.json：\(FileSystemError.describe(error))；原有输出未被改动",
                                  at: SourceLocation(file: options.resolvedOutput))
                return finish(false)
            }
            // Diagnostics are only ever added: when none is added from here on, these are the final ones. Not beside the
            // manifest, whose listing and draft are the run's last high point of memory.
            let (known, redactor, jobs) = (diagnostics, redaction ?? .withoutLedger, options.jobs)
            early = (known.items.count, Background { let all = known.sorted; return (all, redactor.apply(all, jobs: jobs)) })
            // The output served now passed this very audit when the record, under this key, vouches for this build's folder
            // and the manifest still there. From the swap on, that folder holds this build's files: the old record goes
            // first, so a build killed after the swap leaves none (the next one keeps no spare and scans every file, which is
            // all losing it costs).
            let recordPath = AuditRecord.path(siteRoot: options.siteRoot), here = AuditRecord.output(output.path)
            let keepSpare = audited?.vouches(for: here, manifest: { AuditRecord.manifest(in: output.path, fileSystem: fileSystem) }) ?? false
            try? fileSystem.remove(recordPath)
            do {
                let warning = try clock.time("write") { try output.commit(marker: sealed.marker, keepSpare: keepSpare) }
                if let warning { diagnostics.warning(warning.code, warning.message, at: SourceLocation(file: options.resolvedOutput)) }
            } catch {
                output.discard()
                if case .moved? = error as? OutputFolder.SwapFailure { report.outputUntouched = false }
                diagnostics.error(.writeFailed, "无法替换输出目录：\(error)", at: SourceLocation(file: options.resolvedOutput))
                return finish(false)
            }
            do { try output.remember(siteRoot: options.siteRoot) } catch {
                diagnostics.warning(.writeFailed, "无法记录输出目录（\(FileSystemError.describe(error))）：bundle、export 和内部报告将不能识别它为发布目录",
                                    at: SourceLocation(file: OutputFolder.statePath(siteRoot: options.siteRoot)))
            }
            // Every file staged passed this audit (a leaking one is not staged).
            if let auditKey {
                let record = AuditRecord(key: auditKey, output: .init(folder: here, manifest: sealed.manifestSHA256), earlier: audited?.outputs ?? [],
                                         entries: output.staged.digests.map { AuditRecord.Entry(path: $0.path, digest: $0.sha256) })
                try? fileSystem.writeAtomically(record.encoded, to: recordPath)
            }
        }
        return finish(true)
    }
}

extension Pipeline {
    /// Warnings for links that lead to no file of the site (GK145), each at the place in the content file
    /// where the link is written when it is found there, else at the page (a theme's link).
    /// A dead link whose address names a withheld department, unit, project or page by its code (`withheldWords`, as
    /// `withheldAddressWords` gives them) is an error instead (GK149): the page would publish the code, and the message
    /// does not quote the address.
    func deadLinks(_ links: LinkCheck, pageSources: [String: String], withheldWords: Set<String> = []) -> DiagnosticList {
        var d = DiagnosticList()
        var sources = PageSourceLines(pageSources: pageSources, fileSystem: fileSystem)
        let naming = links.namingWithheldItems(), broken = links.broken()
        // Every address looked for in a file is found in one go (`LinePlaces.find`), not each from the file's start.
        var wanted: [String: Set<String>] = [:]
        for (page, link) in naming + broken.map({ ($0.page, $0.link) }) {
            guard let file = pageSources[PageSourceLines.folder(of: page)] else { continue }
            let (unescaped, written) = LinkCheck.asWritten(link)
            wanted[file, default: []].formUnion([written, unescaped])
        }
        for (file, needles) in wanted { sources.find(needles, in: file) }
        // A link that leads somewhere, or to the page itself, with a withheld code in its fragment or query (`#gfd`, `?q=GFD`).
        for (page, link) in naming {
            let folder = PageSourceLines.folder(of: page)
            let message = "网页 \(folder.isEmpty ? "首页" : folder) 中有一个链接的 # 或 ? 之后写有不予公开的事项的编码，会随网页公开；请删去这个链接或其中的编码"
            let (unescaped, written) = LinkCheck.asWritten(link)
            guard let file = pageSources[folder] else { d.error(.withheldLink, message, at: SourceLocation(file: page)); continue }
            let place = sources.place(of: written, in: file) ?? sources.place(of: unescaped, in: file)
            d.error(.withheldLink, message, at: SourceLocation(file: file, line: place?.line ?? 1, column: place?.column ?? 1))
        }
        for (page, link, missing) in broken {
            let folder = PageSourceLines.folder(of: page)
            let why = missing.isEmpty ? "指到了网站文件夹之外（以 / 开头的链接从网站根目录算起，base_url 的路径之外的都不行）"
                : "指向的网页或文件不存在（生成的网站中没有 \(missing.hasSuffix("/") || missing.isEmpty ? missing + "index.html" : missing)）"
            let (unescaped, written) = LinkCheck.asWritten(link)
            let names = [missing, written].contains { LinkCheck.names($0, anyOf: withheldWords) }
            // An absolute link on the site's own host is checked only for a withheld item's address: the host may serve
            // more than this site (a portal's other pages), so one leading to no file of the build is no dead link.
            if !names && LinkCheck.isExternal(link) { continue }
            let message = names
                ? "网页 \(folder.isEmpty ? "首页" : folder) 中有一个链接指向不予公开的事项的网址：网址中含有该事项的编码，会随网页公开；请删去这个链接"
                : "网页 \(folder.isEmpty ? "首页" : folder) 中的链接“\(written)”\(why)"
            guard let file = pageSources[folder] else {
                if names { d.error(.withheldLink, message, at: SourceLocation(file: page)) } else { d.warning(.deadLink, message, at: SourceLocation(file: page)) }
                continue
            }
            let place = sources.place(of: written, in: file) ?? sources.place(of: unescaped, in: file)
            let at = SourceLocation(file: file, line: place?.line ?? 1, column: place?.column ?? 1)
            if names { d.error(.withheldLink, message, at: at) } else { d.warning(.deadLink, message, at: at) }
        }
        return d
    }

    /// Each copy of a classified item's words into public text (GK900 `抄进公开正文`, which stands at the item) at the
    /// place in the content file where it was pasted (GK901), when the page's own file holds the words as written or as the
    /// scan reads them (`JYJ 2025 009`, 北山**坑道**加固工程, a name broken across lines): once a place, however many output
    /// files (the page, its listing, the search records) carry them.
    func copyPlaces(_ copies: [(page: String, fragment: String, item: SourceLocation)], pageSources: [String: String]) -> DiagnosticList {
        var d = DiagnosticList()
        var sources = PageSourceLines(pageSources: pageSources, fileSystem: fileSystem)
        var named = Set<SourceLocation>()
        for (page, fragment, item) in copies {
            // The classified item's own file holds its words anyway: a copy inside it has no place of its own to find.
            guard let file = pageSources[PageSourceLines.folder(of: page)], file != item.file,
                  let place = sources.place(of: fragment, in: file) ?? sources.foldedPlace(of: fragment, in: file) else { continue }
            let at = SourceLocation(file: file, line: place.line, column: place.column)
            guard named.insert(at).inserted else { continue }
            d.error(.copiedWithheld, "这里写有涉密条目（\(item)）的文字“\(fragment)”：涉密条目的文字抄进公开正文，仍是泄密，请删去这段文字（被隐去的文字可用 --show-withheld 在终端上查看）",
                    at: at)
        }
        return d
    }

    /// The content files behind output pages, each read and its lines found once, however many places are asked of
    /// it: a page of thousands of dead links (a report's footnotes were links) read its file again, and counted lines
    /// from its start, for every link.
    struct PageSourceLines {
        let pageSources: [String: String]
        let fileSystem: any FileSystem
        private var lines: [String: LinePlaces?] = [:]

        init(pageSources: [String: String], fileSystem: any FileSystem) {
            self.pageSources = pageSources
            self.fileSystem = fileSystem
        }

        /// The folder a page is published as (`projects/2024/jyj-001/` for `projects/2024/jyj-001/index.html`), the
        /// key of `pageSources`.
        static func folder(of page: String) -> String {
            page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page
        }

        /// Where `text` is first written in `file`, if the file can be read and holds it.
        mutating func place(of text: String, in file: String) -> (line: Int, column: Int)? {
            withPlaces(in: file) { $0.place(of: text) }
        }

        /// Finds the first place of each of `needles` in `file` at once, for `place(of:in:)` to answer from.
        mutating func find(_ needles: Set<String>, in file: String) {
            _ = withPlaces(in: file) { places -> Void? in places.find(needles) }
        }

        /// Where `text` is first written in `file` as the leak audit's scan reads both (`MultiPatternMatcher.fold`): a copy
        /// the scan reads through to. The file's text is folded once, however many copies are looked for in it.
        mutating func foldedPlace(of text: String, in file: String) -> (line: Int, column: Int)? {
            withPlaces(in: file) { $0.foldedPlace(of: text) }
        }

        /// `body` on the file's places, read when first asked (nil when the file cannot be read), kept for the next question.
        private mutating func withPlaces<R>(in file: String, _ body: (inout LinePlaces) -> R?) -> R? {
            if lines[file] == nil { lines[file] = .some((try? fileSystem.read(file)).map(LinePlaces.init)) }
            guard var places = lines[file].flatMap({ $0 }) else { return nil }
            let result = body(&places)
            lines[file] = .some(places)
            return result
        }
    }

    /// Page folders (`projects/2024/jyj-001/`, a page's path, the home page "") and their content files.
    static func pageSources(_ source: SourceSite, siteRoot: String) -> [String: String] {
        var map: [String: String] = ["": siteRoot == "." ? ConfigLoader.fileName : joinPath(siteRoot, ConfigLoader.fileName)]
        for p in source.projects { map["projects/\(p.year)/\(p.code.lowercased())/"] = p.location.file }
        for page in source.pages { map[page.path.joined(separator: "/") + "/"] = page.location.file }
        for dp in source.departmentPerformance { map["departments/\(dp.departmentCode.lowercased())/\(dp.year)/"] = dp.location.file }
        return map
    }

    /// The codes (lower-cased, as addresses spell them) of departments, units, projects and pages that
    /// the source holds and the view does not: a record address naming one gives the withheld item away.
    /// A code also published elsewhere (the same project code in another year) reveals nothing.
    static func withheldAddressWords(source: SourceSite, disclosed: DisclosedSite) -> Set<String> {
        var all = Set<String>(), shown = Set<String>()
        for d in source.departments {
            all.insert(d.code.lowercased())
            all.formUnion(d.units.map { $0.code.lowercased() })
        }
        all.formUnion(source.projects.map { $0.code.lowercased() })
        all.formUnion(source.pages.compactMap { $0.path.last?.lowercased() })
        for d in disclosed.departments {
            shown.insert(d.code.lowercased())
            shown.formUnion(d.units.map { $0.code.lowercased() })
        }
        shown.formUnion(disclosed.projects.map { $0.code.lowercased() })
        shown.formUnion(disclosed.pages.compactMap { $0.path.last?.lowercased() })
        return all.subtracting(shown)
    }
}

/// Where a text first occurs in a file, as line and column (in characters, as an editor counts them).
struct LinePlaces {
    let text: String
    /// The byte offset each line starts at.
    let starts: [Int]
    /// The text as the leak audit's scan reads it, with the offset each byte comes from (`foldedPlace`), made when first asked;
    /// then again with every picture's description blanked, as the page reads it (below), when the first is not enough.
    private var folded: (bytes: [UInt8], origins: [Int])?
    private var foldedWithoutDescriptions: (bytes: [UInt8], origins: [Int])?
    /// Places found ahead by `find`, nil for a needle the file does not hold (or that `find` had no budget left for).
    private var known: [String: (line: Int, column: Int)?] = [:]
    /// The bytes `find` has read, hashing and comparing, bounded by `findBudget`.
    private(set) var scanned = 0

    init(_ data: Data) {
        text = String(decoding: data, as: UTF8.self)
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    func place(of needle: String) -> (line: Int, column: Int)? {
        guard !needle.isEmpty else { return nil }
        if let found = known[needle] { return found }
        // C's strstr: a file holding a NUL byte is searched up to it, and then the place is not found.
        let offset = text.withCString { haystack in
            needle.withCString { strstr(haystack, $0).map { UnsafePointer($0) - haystack } }
        }
        guard let offset else { return nil }
        return place(at: offset)
    }

    /// Finds the first place of each of `needles` at once, for `place(of:)` to answer from: a page of 100,000 dead links
    /// searched its file from the start for each (a minute and a half, growing with the square of the page). Needles of one
    /// length are found in one pass of a rolling hash over the file, so the file is read once a length, not once a needle;
    /// the reading is bounded (`findBudget`), and a needle left over is answered as not found (its warning then stands at
    /// the file's first line), never searched alone.
    mutating func find(_ needles: Set<String>) {
        var byLength: [Int: [[UInt8]]] = [:]
        for needle in needles where !needle.isEmpty && known[needle] == nil {
            known[needle] = .some(nil)
            byLength[needle.utf8.count, default: []].append(Array(needle.utf8))
        }
        let bytes = Array(text.utf8)
        let budget = Self.findBudget(bytes.count)
        // The lengths most needles share first; the same order every run.
        let lengths = byLength.keys.sorted { (byLength[$0]!.count, $1) > (byLength[$1]!.count, $0) }
        for length in lengths where length <= bytes.count {
            guard scanned + bytes.count <= budget else { break }
            for (offset, needle) in Self.firstOffsets(of: byLength[length]!, length: length, in: bytes, scanned: &scanned, budget: budget) {
                known[String(decoding: needle, as: UTF8.self)] = .some(place(at: offset))
            }
        }
    }

    /// How many bytes `find` may read in all for a file of `size` bytes: 64 passes, more for a small file.
    static func findBudget(_ size: Int) -> Int { 64 * size + (64 << 20) }

    /// The first offset of each of `needles` (all `length` bytes long) in `bytes`: a rolling hash, each hit compared byte
    /// for byte. Stops when all are found or `scanned` passes `budget`.
    private static func firstOffsets(of needles: [[UInt8]], length: Int, in bytes: [UInt8], scanned: inout Int, budget: Int) -> [(Int, [UInt8])] {
        let base: UInt64 = 0x100000001B3
        func hash(_ s: ArraySlice<UInt8>) -> UInt64 { s.reduce(0) { $0 &* base &+ UInt64($1) } }
        var waiting: [UInt64: [Int]] = [:]
        for (i, needle) in needles.enumerated() { waiting[hash(needle[...]), default: []].append(i) }
        var power: UInt64 = 1 // base^(length - 1): takes the byte leaving the window out
        for _ in 1..<length { power = power &* base }
        var found: [(Int, [UInt8])] = []
        var h = hash(bytes[0..<length])
        var start = 0
        while true {
            if let candidates = waiting[h] {
                var left: [Int] = []
                for i in candidates {
                    if needles[i].elementsEqual(bytes[start..<start + length]) { found.append((start, needles[i])) } else { left.append(i) }
                }
                scanned += length * candidates.count
                waiting[h] = left.isEmpty ? nil : left
                if waiting.isEmpty || scanned + start > budget { break }
            }
            guard start + length < bytes.count else { break }
            h = (h &- UInt64(bytes[start]) &* power) &* base &+ UInt64(bytes[start + length])
            start += 1
        }
        scanned += start + length
        return found
    }

    /// Where `needle` is first written as the leak audit reads the file and the needle (`MultiPatternMatcher.fold`): `JYJ 2025
    /// 009` for `JYJ-2025-009`, `北山**坑道**加固工程` or a name broken across lines for the name.
    mutating func foldedPlace(of needle: String) -> (line: Int, column: Int)? {
        let wanted = Array(MultiPatternMatcher.folded(needle).utf8)
        guard !wanted.isEmpty else { return nil }
        if folded == nil {
            var copy = text
            folded = copy.withUTF8 { MultiPatternMatcher.foldedWithOrigins($0) }
        }
        if let found = Self.first(wanted, in: folded!) { return place(at: found) }
        // `北山坑道![图](a.png)加固工程`: the page draws the description as the picture's `alt`, which the scan reads on its
        // own, so the page holds the name; the file read as it is holds 北山坑道图加固工程. Blanked byte for byte, so every
        // offset stays the file's own.
        if foldedWithoutDescriptions == nil {
            let blanked = MultiPatternMatcher.blankingPictureDescriptions(Array(text.utf8))
            foldedWithoutDescriptions = blanked.withUnsafeBufferPointer { MultiPatternMatcher.foldedWithOrigins($0) }
        }
        return Self.first(wanted, in: foldedWithoutDescriptions!).map { place(at: $0) }
    }

    /// The offset in the file of the first occurrence of `wanted` in a folded text, if any.
    private static func first(_ wanted: [UInt8], in folded: (bytes: [UInt8], origins: [Int])) -> Int? {
        let (bytes, origins) = folded
        guard bytes.count >= wanted.count else { return nil }
        // memchr for the first byte, memcmp for the rest.
        let found: Int? = bytes.withUnsafeBufferPointer { text in
            wanted.withUnsafeBufferPointer { wanted in
                var at = 0
                while at <= text.count - wanted.count,
                      let hit = memchr(text.baseAddress! + at, Int32(wanted[0]), text.count - wanted.count - at + 1) {
                    at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - text.baseAddress!
                    if memcmp(text.baseAddress! + at, wanted.baseAddress!, wanted.count) == 0 { return at }
                    at += 1
                }
                return nil
            }
        }
        guard let found, origins[found] >= 0 else { return nil }
        return origins[found]
    }

    /// The line and column of the byte at `offset`.
    private func place(at offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let utf8 = text.utf8
        let line = utf8[utf8.index(utf8.startIndex, offsetBy: starts[low])..<utf8.index(utf8.startIndex, offsetBy: offset)]
        return (low + 1, String(Substring(line)).count + 1)
    }
}

/// What every product (website, bundle) starts from: the validated source, the theme, the view for
/// one audience with its ledger, and the leak audit against what that audience may not see.
struct PreparedSite<For: AudienceKind>: Sendable {
    var source: SourceSite
    var theme: Theme
    var disclosed: DiscloseStage.Result<For>
    var audit: LeakAudit
    /// The input files the published inputs digest takes whole (`Digest.wholeInputs`).
    var wholeInputs: Set<String>
}

extension Pipeline {
    /// The stages every product shares — load, theme, validate, disclose, audit preparation — so that
    /// the website and the bundle cannot drift apart. `adjust` applies command-line settings to the
    /// configuration; `redaction` is set as soon as the ledger is known, even when errors stop the run.
    func prepare<For: FixedAudienceKind>(siteRoot: String, jobs: Int, for kind: For.Type, clock: StageClock,
                                         diagnostics: inout DiagnosticList, redaction: inout Redaction?,
                                         adjust: (inout SiteConfig) -> Void = { _ in }) -> PreparedSite<For>? {
        prepare(siteRoot: siteRoot, jobs: jobs, audience: For.audience, as: kind, clock: clock, diagnostics: &diagnostics,
                redaction: &redaction, adjust: adjust)
    }

    /// The same for an audience named at run time (`bundle --audience 上级工会`).
    func prepare<For: AudienceKind>(siteRoot: String, jobs: Int, audience: Audience, as kind: For.Type, clock: StageClock,
                                    diagnostics: inout DiagnosticList, redaction: inout Redaction?,
                                    adjust: (inout SiteConfig) -> Void = { _ in }) -> PreparedSite<For>? {
        var partial: SourceSite?
        var made: Ledger?
        // `source` is the model's only holder from here on, so that releasing its trees frees them.
        guard let theme = loadAndValidate(siteRoot: siteRoot, jobs: jobs, clock: clock, audience: audience, adjust: adjust,
                                          diagnostics: &diagnostics, loaded: &partial, ledger: &made, redaction: &redaction),
              var source = partial.take(), let ledger = made else {
            if redaction == nil { redaction = partial.map { Redaction(ledger: Ledger($0, audience: audience)) } }
            return nil
        }
        // The ledger and the checks that read the whole source come first: the view's walk then releases
        // each project's indicator tree once its view is built.
        diagnostics.append(contentsOf: clock.time("inference") { InferenceCheck.run(source: source, ledger: ledger) })
        let disclosed = clock.time("disclose") { DiscloseStage.run(releasing: &source, ledger: ledger, as: kind, faults: faults, jobs: jobs) }
        // The indicator trees are gone (about 70 MB at 20,000 projects), but their pages stay with the process: give the
        // wholly free ones back before the audit's preparation, at the checks' high point.
        FreedMemory.release()
        // A site's own script or style sheet may carry data (a chart's project codes): its words are markup only when they
        // hold no withheld code, as a page's address words.
        let markup = Self.withoutWithheldCodes(theme.markupWords + Self.addressWords(disclosed.site), withheld: disclosed.withheld)
        let audit = clock.time("audit-prepare") {
            LeakAudit(withheld: disclosed.withheld, publicNames: disclosed.ledger.publicNames, publicTexts: disclosed.ledger.publicTexts,
                      publicProse: disclosed.ledger.publicProse,
                      raw: .init(fileSystem: fileSystem, files: source.files), markup: markup, audience: audience, jobs: jobs)
        }
        return PreparedSite(source: source, theme: theme, disclosed: disclosed, audit: audit,
                            wholeInputs: Digest.wholeInputs(source: source, ledger: disclosed.ledger))
    }

    /// The Latin words of the addresses every page carries: the site's own (`base_url`) and the public pages' folders and
    /// names (`zhengce/banfa`), one a line after a line end, to go with the theme's markup words. A page's address comes
    /// from its file's name, not its text, so the raw fence reading's public text (the files' text outside the fences)
    /// never holds it: a withheld passage linking to a public page (`详见[办法](/zhengce/banfa/)`) stopped every build.
    /// A word holding a withheld item's code (a public page filed as `jyj-2025-009-shuoming.md` beside the classified
    /// JYJ-2025-009) approves nothing: its address publishes the code, and the scan names it there.
    static func addressWords(_ site: DisclosedSite) -> Data {
        var words = Set<String>()
        let latin = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "-") }
        for word in site.config.baseURL.split(whereSeparator: { !latin($0) }) where word.count >= 2 { words.insert(String(word)) }
        for page in site.pages { for part in page.path where part.count >= 2 { words.insert(part) } }
        return Data(("\n" + words.sorted().joined(separator: "\n")).utf8)
    }

    /// Markup words (one a line) without those holding a withheld item's code, which approve nothing: a public page filed as
    /// `jyj-2025-009-shuoming.md` beside the classified JYJ-2025-009 publishes the code in its address, and a site's own
    /// `assets/chart.js` listing `GFD-001` among a chart's projects publishes it in the script; the scan names both.
    static func withoutWithheldCodes(_ markup: Data, withheld: [WithheldItem]) -> Data {
        // Letters and digits only, lower-cased: `JYJ-2025-009` and `jyj2025009` are one code to the scan.
        func bare(_ text: Substring) -> String { String(text.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }) }
        let codes = Set(withheld.flatMap(\.identityTexts)
            .filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".holdsMark($0)) } }
            .map { bare($0[...]) }.filter { $0.count >= 3 })
        guard !codes.isEmpty else { return markup }
        let matcher = MultiPatternMatcher(patterns: codes.sorted())
        let words = String(decoding: markup, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return Data(words.filter { $0.isEmpty || matcher.matches(in: Array(bare($0).utf8)).isEmpty }.joined(separator: "\n").utf8)
    }

    /// Stages 1 and 2, shared by every product (website, bundle): load the content, load the theme
    /// (its errors are input errors too), validate. The theme, or nil when anything is wrong.
    /// `loaded` receives the source model, even when errors stop the build, so that diagnostics
    /// about withheld items can still be redacted; `adjust` has given it the run's settings, which the checks do not
    /// read (they check the configuration as written).
    /// The ledger of what `audience` may see, and the redaction it gives, are made while the checks run (`ledger` and
    /// `redaction` receive them, however the checks end): the ledger's walk takes one thread, the checks take any number.
    func loadAndValidate(siteRoot: String, jobs: Int, clock: StageClock, audience: Audience, adjust: (inout SiteConfig) -> Void,
                         diagnostics: inout DiagnosticList, loaded: inout SourceSite?,
                         ledger: inout Ledger?, redaction: inout Redaction?) -> Theme? {
        let (site, loadDiagnostics) = clock.time("load") { LoadStage.run(fileSystem: fileSystem, root: siteRoot, jobs: jobs, memo: loadMemo) }
        diagnostics.append(contentsOf: loadDiagnostics)
        guard let source = site else { return nil }
        // The ledger reads none of what `adjust` sets (the record, the signing key, `--strict`, `--as-of`), but it is
        // made from the adjusted source all the same, the one the later stages read.
        var adjusted = source
        adjust(&adjusted.config)
        loaded = adjusted
        let themeFolder = joinPath(siteRoot, source.config.theme)
        // The theme folder, or a folder on the way to it (`theme: looks/blue`, `looks` a link), is never
        // followed when it is a symbolic link, as links inside it are not: all its files are published.
        var prefix = ""
        for part in source.config.theme.split(separator: "/") where part != "." {
            prefix = joinPath(prefix, String(part))
            guard fileSystem.symlinkDestination(joinPath(siteRoot, prefix)) != nil else { continue }
            diagnostics.error(.unreadableFile, Theme.symlinkMessage, at: SourceLocation(file: siteRoot == "." ? prefix : joinPath(siteRoot, prefix)))
            return nil
        }
        let (theme, themeDiagnostics) = clock.time("theme") {
            Theme.load(fileSystem: fileSystem, folder: themeFolder, display: siteRoot == "." ? source.config.theme : themeFolder,
                       required: source.config.theme != "theme")
        }
        diagnostics.append(contentsOf: themeDiagnostics)
        let (checked, (validated, madeLedger, madeRedaction)) = clock.time("validate") { [source, adjusted] in
            ScoringChecks.run(source, jobs: jobs, beside: {
                let validated = ValidateStage.run(source)
                let ledger = clock.time("ledger") { Ledger(adjusted, audience: audience) }
                return (validated, ledger, Redaction(ledger: ledger))
            })
        }
        (ledger, redaction) = (madeLedger, madeRedaction)
        diagnostics.append(contentsOf: validated + checked)
        guard !diagnostics.hasErrors, let theme else { return nil }
        return theme
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
