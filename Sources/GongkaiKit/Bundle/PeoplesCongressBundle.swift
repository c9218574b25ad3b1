import Foundation
import GongkaiCore
import GongkaiDisclosed
import GongkaiRender

/// What `gongkai bundle` should make.
public struct BundleOptions: Sendable {
    public var siteRoot: String
    public var selection: BundleSelection
    /// The zip to write; default `<site>/人大报送-<year>-<stage>.zip`.
    public var outputPath: String?
    public var jobs: Int
    /// The date stamped on every zip entry (`SOURCE_DATE_EPOCH`); default: the latest publish date included.
    public var date: CalendarDate?
    /// Print withheld texts in diagnostics (`--show-withheld`).
    public var showWithheld = false
    /// Who the bundle is for: nil or a name of the people's congress (人大), else a named circle
    /// (`上级工会`, `本级职工代表大会`, `审计部门` …) that receives the limited items whose scope names it.
    public var audience: String?
    /// Missing, late or empty required items of the year and stage are errors (`--strict`), not warnings.
    public var strict = false
    /// The day required items are judged on (`--as-of`, or `SOURCE_DATE_EPOCH`).
    public var asOf: CalendarDate?
    /// The report is to be printed to PDF too (`--pdf`), at `pdfPath`: that path is checked with the zip's.
    public var pdf = false

    public init(siteRoot: String = ".", selection: BundleSelection, outputPath: String? = nil, jobs: Int = defaultJobCount,
                date: CalendarDate? = nil) {
        self.siteRoot = siteRoot
        self.selection = selection
        self.outputPath = outputPath
        self.jobs = jobs
        self.date = date
    }

    public var resolvedOutput: String {
        if let outputPath { return outputPath }
        guard let circle = circleName else { return joinPath(siteRoot, "人大报送-\(selection.year)-\(selection.stage.rawValue).zip") }
        return joinPath(siteRoot, "报送-\(circle)-\(selection.year)-\(selection.stage.rawValue).zip")
    }

    /// Where `--pdf` prints the report: beside the zip, under its name.
    public var pdfPath: String { (resolvedOutput as NSString).deletingPathExtension + ".pdf" }

    /// The named circle, or nil when the bundle is for the people's congress.
    var circleName: String? {
        guard let name = audience?.trimmed, !name.isEmpty, !Audience.isPeoplesCongress(name) else { return nil }
        return name
    }
}

/// What a bundle run did.
public struct BundleResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var succeeded: Bool
    public var zipPath: String?
    /// SHA-256 of manifest.json: quote it in the cover letter.
    public var rootDigest: String?
    public var projects = 0
    public var departments = 0
    public var files = 0
    public var bytes = 0
    /// The report HTML, for `--pdf`.
    public var reportHTML: Data?
}

/// 人大报送 — the people's-congress bundle: load → validate → disclose (people's-congress audience)
/// → render report and data → audit → manifest → zip, written in one piece.
public struct PeoplesCongressBundle: Sendable {
    public let fileSystem: FileSystem

    public init(fileSystem: FileSystem = DiskFileSystem()) {
        self.fileSystem = fileSystem
    }

    public func run(_ options: BundleOptions) -> BundleResult {
        if let name = options.circleName { return make(options, audience: .circle(name), as: CircleAudience.self) }
        return make(options, audience: .peoplesCongress, as: PeoplesCongressAudience.self)
    }

    /// A circle's name goes into the default file name and the report: a plain name, no path.
    static func isValidCircleName(_ name: String) -> Bool {
        name.count <= 40 && !name.hasPrefix(".") && !name.contains("..")
            && name.unicodeScalars.allSatisfy { !CharacterSet(charactersIn: "/\\:*?\"<>|").contains($0) && !CharacterSet.controlCharacters.contains($0) && $0 != " " }
    }

    private func make<For: BundleAudienceKind>(_ options: BundleOptions, audience: Audience, as kind: For.Type) -> BundleResult {
        var diagnostics = DiagnosticList()
        var result = BundleResult(diagnostics: [], succeeded: false)
        var redaction: Redaction?
        func finish(_ ok: Bool) -> BundleResult {
            result.diagnostics = diagnostics.sorted
            if !options.showWithheld { result.diagnostics = (redaction ?? .withoutLedger).apply(result.diagnostics, jobs: options.jobs) }
            result.succeeded = ok && !diagnostics.hasErrors
            return result
        }
        let pipeline = Pipeline(fileSystem: fileSystem)
        let commandLine = SourceLocation(file: "命令行")
        if case let .circle(name) = audience, let separator = DisclosureLevel.listSeparator(inScope: name) {
            diagnostics.error(.invalidValue, "报送对象“\(name)”含有“\(separator)”：一个报送包只报送一个对象，请为每个对象分别运行（如 --audience 上级工会）",
                              at: commandLine)
            return finish(false)
        }
        if case let .circle(name) = audience, !Self.isValidCircleName(name) {
            diagnostics.error(.invalidValue, "报送对象“\(name)”无效：应为单位或机构名称（如 上级工会、本级职工代表大会、审计部门），不含空格、/ 等符号",
                              at: commandLine)
            return finish(false)
        }
        // Disclose for the audience: public items, and limited items whose scope names it.
        guard let prepared = pipeline.prepare(siteRoot: options.siteRoot, jobs: options.jobs, audience: audience, as: kind,
                                              clock: StageClock(), diagnostics: &diagnostics, redaction: &redaction, adjust: { config in
                                                  if options.strict { config.strict = true }
                                                  if let asOf = options.asOf { config.calendar.asOf = asOf }
                                              })
        else { return finish(false) }
        let (source, theme, disclosed, audit) = (prepared.source, prepared.theme, prepared.disclosed, prepared.audit)
        // A bundle is checked for completeness as the website is: the year's required items of this stage
        // (targets with the budget; self-evaluation and key-evaluation results with the final accounts)
        // that are missing, late or empty are named, and are errors with --strict.
        let stageRequirements: Set<DisclosureCalendar.Requirement> = options.selection.stage == .budget ? [.targets] : [.selfEvaluation, .keyEvaluation]
        let (_, findings) = RequiredItemsCheck.run(source: source, disclosed: disclosed.site, ledger: disclosed.ledger)
        for f in findings where f.year == options.selection.year && stageRequirements.contains(f.requirement) {
            diagnostics.append(Diagnostic(f.severity, f.code, f.message, at: f.location))
        }
        guard theme.hasTemplate(named: "bundle") else {
            diagnostics.error(.themeTemplate, "主题缺少模板 bundle.mustache（人大报送材料）", at: SourceLocation(file: joinPath(source.config.theme, "templates")))
            return finish(false)
        }
        let selection = options.selection
        do {
            try PublishedFolders.refuse(options.resolvedOutput, what: "报送\(audience.name)的材料（含在一定范围内公开的内容）",
                                        output: OutputFolder(fileSystem: fileSystem, path: joinPath(options.siteRoot, "public")),
                                        siteRoot: options.siteRoot, theme: source.config.theme)
        } catch {
            diagnostics.error(.reportPath, "\(error)", at: SourceLocation(file: options.resolvedOutput))
            return finish(false)
        }
        if options.pdf, let refusal = Self.pdfRefusal(options.pdfPath, zip: options.resolvedOutput, fileSystem: fileSystem) {
            diagnostics.error(.reportPath, refusal, at: SourceLocation(file: options.pdfPath))
            return finish(false)
        }
        if let refusal = Self.refusal(toReplace: options.resolvedOutput, fileSystem: fileSystem) {
            diagnostics.error(.outputFolder, refusal, at: SourceLocation(file: options.resolvedOutput))
            return finish(false)
        }
        let known = Set(source.departments.map(\.code))
        for code in selection.departments ?? [] where !known.contains(code) {
            diagnostics.error(.unknownReference, "没有编码为“\(code)”的部门", at: commandLine)
        }
        guard !diagnostics.hasErrors else { return finish(false) }

        let content: BundleRenderer.Content
        do { content = try BundleRenderer.render(site: disclosed.view, theme: theme, selection: selection) } catch {
            diagnostics.error(.themeTemplate, "渲染人大报送材料失败：\(error)",
                              at: SourceLocation(file: error.file, line: error.line))
            return finish(false)
        }
        guard content.projectCount > 0 else {
            diagnostics.error(.missingFile, "\(selection.year)年度没有可报送的项目（\(selection.stage == .budget ? "预算阶段只收录有绩效目标的重大政策和项目，可加 --all-projects" : "决算阶段收录有自评或评价结果的项目")）",
                              at: commandLine)
            return finish(false)
        }

        // The same leak audit as the website, against what this audience may not see.
        for file in content.files {
            for leak in audit.check(OutputFileBytes(path: file.path, data: file.data)) { diagnostics.append(leak) }
        }
        // And GK149 as on the website: a passage only this audience receives is never on a website page to be checked.
        let sourceFiles = (source.projects.map(\.location.file) + source.departmentPerformance.map(\.location.file)).uniqued()
        for d in Self.withheldLinks(in: content.files, baseURL: source.config.baseURL,
                                    words: Pipeline.withheldAddressWords(source: source, disclosed: disclosed.site),
                                    sourceFiles: sourceFiles, fileSystem: fileSystem) { diagnostics.append(d) }
        guard !diagnostics.hasErrors else { return finish(false) }

        // Manifest and zip.
        let files = content.files.sorted { $0.path.precedesBytewise($1.path) }
        let manifest = BundleManifest(
            title: source.config.title, publisher: source.config.publisher, year: selection.year, stage: selection.stage.rawValue,
            departments: BundleRenderer.projects(of: disclosed.site, selection).map(\.departmentCode).uniqued(),
            amountInWan: ExactDecimal.format(content.amountInWan, minFractionDigits: 2),
            counts: .init(departments: content.departmentCount, projects: content.projectCount, files: files.count),
            inputsSHA256: Digest.siteInputs(fileSystem: fileSystem, root: options.siteRoot, theme: source.config.theme,
                                            whole: prepared.wholeInputs),
            files: files.map { .init(path: $0.path, size: $0.data.count, sha256: Digest.sha256($0.data)) })
        let manifestData = manifest.encoded
        let date = options.date ?? content.latestDate ?? CalendarDate(year: selection.year, month: 12, day: 31)!
        var zip = ZipWriter(date: date)
        for file in files { zip.add(path: file.path, contents: file.data) }
        zip.add(path: BundleManifest.fileName, contents: manifestData)
        let archive = zip.finish()

        // Written whole: a temporary file renamed over any previous bundle.
        let path = options.resolvedOutput
        do {
            try fileSystem.writeAtomically(archive, to: path)
        } catch {
            diagnostics.error(.writeFailed, "无法写入报送材料：\(FileSystemError.describe(error))", at: SourceLocation(file: path))
            return finish(false)
        }
        result.zipPath = path
        result.rootDigest = Digest.sha256(manifestData)
        result.projects = content.projectCount
        result.departments = content.departmentCount
        result.files = files.count + 1
        result.bytes = archive.count
        result.reportHTML = content.files.first { $0.path == "report.html" }?.data
        return finish(true)
    }

    /// GK149 in a bundle: a link of its report to the address of a department, unit, project or page this audience may
    /// not see (`/departments/gfd/`, `../../zhengce/mimi/`, on the site's own host, or its code after a `#` or `?`) sends the code.
    /// Named where the link is written in a content file (`sourceFiles`, searched in order), else at the report; the
    /// message does not quote the address.
    static func withheldLinks(in files: [OutputFile], baseURL: String, words: Set<String>, sourceFiles: [String],
                              fileSystem: FileSystem) -> [Diagnostic] {
        guard !words.isEmpty else { return [] }
        let check = LinkCheck(baseURL: baseURL, withheldWords: words)
        var places = Pipeline.PageSourceLines(pageSources: [:], fileSystem: fileSystem)
        var found: [Diagnostic] = [], seen = Set<String>()
        for file in files where file.path.hasSuffix(".html") {
            for link in LinkCheck.links(in: file.data) where seen.insert(link).inserted && check.namesWithheld(link) {
                let (unescaped, written) = LinkCheck.asWritten(link)
                var at = SourceLocation(file: file.path)
                for source in sourceFiles {
                    if let place = places.place(of: written, in: source) ?? places.place(of: unescaped, in: source) {
                        at = SourceLocation(file: source, line: place.line, column: place.column)
                        break
                    }
                }
                found.append(Diagnostic(.error, .withheldLink,
                                        "报送材料中有一个链接指向不予报送的事项的网址：网址中含有该事项的编码，会随报送材料送出；请删去这个链接",
                                        at: at))
            }
        }
        return found
    }

    /// Why `--pdf` may not print at `pdf`, asked before the zip is written: it is the zip's own path (`--output 报送.pdf`),
    /// a folder, or a file other than a PDF a bundle printed before — one headless Chromium made (its Creator names
    /// HeadlessChrome), beside a zip that is a bundle. A clerk's `预算草案.pdf` beside a new `预算草案.zip` is never replaced.
    static func pdfRefusal(_ pdf: String, zip: String, fileSystem: FileSystem) -> String? {
        if PublishedFolders.canonical(pdf) == PublishedFolders.canonical(zip) {
            return "PDF 将写入 \(pdf)，与报送材料 zip 是同一个文件：请让 --output 以 .zip 结尾；已拒绝，未作任何改动"
        }
        let bundleBeside = fileSystem.isFile(zip) && refusal(toReplace: zip, fileSystem: fileSystem) == nil
        return PublishedFolders.refusal(toReplace: pdf, fileSystem: fileSystem, what: "报送材料 PDF") { data in
            bundleBeside && data.starts(with: Array("%PDF-".utf8)) && data.range(of: Data("HeadlessChrome".utf8)) != nil
        }
    }

    /// Why `path` may not be replaced by a bundle: it is a folder, or a file that is not a bundle gongkai
    /// wrote (a stored zip whose manifest names the bundle format). Nil when it is free or an old bundle.
    static func refusal(toReplace path: String, fileSystem: FileSystem) -> String? {
        PublishedFolders.refusal(toReplace: path, fileSystem: fileSystem, what: "报送材料（zip）") { data in
            data.starts(with: [0x50, 0x4B, 0x03, 0x04]) && data.range(of: Data("\"gongkai-bundle/".utf8)) != nil
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
