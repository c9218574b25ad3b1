import Crypto
import Foundation
import GongkaiCore

/// Stage 1 — load: read every file of the site folder into the source model.
/// Files are parsed concurrently; the result is in path order whatever the thread count.
enum LoadStage {
    /// `memo`: what a long-running process kept of the files of its last load (`LoadMemo`); a file whose bytes are the
    /// same is not parsed again.
    static func run(fileSystem fs: FileSystem, root: String, jobs: Int, memo: LoadMemo? = nil) -> (SourceSite?, DiagnosticList) {
        var diagnostics = DiagnosticList()
        let display: @Sendable (String) -> String = { relative in root == "." || root.isEmpty ? relative : joinPath(root, relative) }

        func text(_ relative: String) -> String? {
            readText(fs, path: joinPath(root, relative), display: display(relative), diagnostics: &diagnostics)
        }

        guard fs.isFile(joinPath(root, ConfigLoader.fileName)) else {
            diagnostics.error(.missingFile, "找不到站点配置文件 \(ConfigLoader.fileName)：请在站点目录中运行，或用 --site 指定站点目录",
                              at: SourceLocation(file: display(ConfigLoader.fileName)))
            return (nil, diagnostics)
        }
        let loadedConfig = text(ConfigLoader.fileName).flatMap {
            ConfigLoader.load(text: $0, file: display(ConfigLoader.fileName), diagnostics: &diagnostics)
        }

        // One pool for the load: projects repeat each other's texts, and the pool goes with this function.
        let texts = TextPool()
        var departments: [Department] = []
        var organisationsComplete = false
        if fs.isFile(joinPath(root, OrganisationLoader.fileName)) {
            if let t = text(OrganisationLoader.fileName) {
                var d = DiagnosticList()
                departments = OrganisationLoader.load(text: t, file: display(OrganisationLoader.fileName), diagnostics: &d, texts: texts)
                organisationsComplete = !d.hasErrors
                diagnostics.append(contentsOf: d)
            }
        } else {
            diagnostics.error(.missingFile, "找不到部门文件 \(OrganisationLoader.fileName)", at: SourceLocation(file: display(OrganisationLoader.fileName)))
        }

        // Projects and pages: one file each, parsed in parallel.
        for linked in ["content", OrganisationLoader.fileName, ProjectLoader.folder, PageLoader.folder, DepartmentPerformanceLoader.folder]
        where fs.symlinkDestination(joinPath(root, linked)) != nil {
            diagnostics.error(.unreadableFile, symlinkMessage, at: SourceLocation(file: display(linked)))
        }
        let remembered = memo?.snapshot() ?? [:]
        var kept: [String: LoadMemo.Entry] = [:], reused = 0
        /// Every `.md` file below `folder`, parsed on `jobs` threads, in path order with its relative path.
        func loadAll<Item: Sendable>(_ folder: String,
                                     _ load: @escaping @Sendable (_ text: String, _ file: String, _ relative: String,
                                                                  _ diagnostics: inout DiagnosticList) -> Item?) -> ([String], [Item]) {
            let files = markdownFiles(fs, root: root, folder: folder, display: display, diagnostics: &diagnostics)
            let remembering = memo != nil
            typealias Read = (item: Item?, diagnostics: DiagnosticList, key: String, entry: LoadMemo.Entry?, reused: Bool)
            let results = concurrentMap(files.count, jobs: jobs) { i -> Read in
                var d = DiagnosticList()
                let (path, file) = (joinPath(root, folder, files[i]), display(joinPath(folder, files[i])))
                // The path read and the path the diagnostics name: the item and its diagnostics are the same only for both.
                let key = path + "\n" + file
                guard let data = readData(fs, path: path, display: file, diagnostics: &d) else { return (nil, d, key, nil, false) }
                let digest = remembering ? SHA256.hash(data: data) : nil
                // The same bytes at the same path: what reading them gave last time (an item, or none after an error).
                if let digest, let known = remembered[key], known.digest == digest {
                    if known.item == nil { return (nil, known.diagnostics, key, known, true) }
                    if let item = known.item as? Item { return (item, known.diagnostics, key, known, true) }
                }
                let item = Self.text(of: data, display: file, diagnostics: &d).flatMap { load($0, file, files[i], &d) }
                return (item, d, key, digest.map { LoadMemo.Entry(digest: $0, item: item, diagnostics: d) }, false)
            }
            for result in results {
                diagnostics.append(contentsOf: result.diagnostics)
                if let entry = result.entry { kept[result.key] = entry }
                if result.reused { reused += 1 }
            }
            return (files, results.compactMap(\.item))
        }
        let (projectFiles, projects) = loadAll(ProjectLoader.folder) { ProjectLoader.load(text: $0, file: $1, diagnostics: &$3, texts: texts) }
        let (pageFiles, pages) = loadAll(PageLoader.folder) { PageLoader.load(text: $0, file: $1, relativePath: $2, diagnostics: &$3, texts: texts) }
        let (performanceFiles, performance) = loadAll(DepartmentPerformanceLoader.folder) {
            DepartmentPerformanceLoader.load(text: $0, file: $1, diagnostics: &$3, texts: texts)
        }

        // A file in a folder the loader does not read (`content/project/` for `projects/`) would simply
        // never be published: name it.
        let known = Set([OrganisationLoader.fileName, ProjectLoader.folder, PageLoader.folder, DepartmentPerformanceLoader.folder]
            .map { String($0.dropFirst("content/".count)) })
        for entry in fs.entries(in: joinPath(root, "content")) where !entry.hasPrefix(".") && !known.contains(entry) {
            diagnostics.warning(.unreadContent, "content/ 中的“\(entry)”不会被读取，也不会发布：gongkai 只读取 content/ 下的 projects/、pages/、departments/ 和 organisations.yaml（名称是否拼错？）",
                                at: SourceLocation(file: display(joinPath("content", entry))))
        }

        // The site's files are read: the memo of short lines' level notes (up to about 2 MB) is not asked again.
        LevelNoteMemo.empty()
        memo?.keep(kept, reused: reused)
        guard case (let loaded, let intro)? = loadedConfig else { return (nil, diagnostics) }
        let config = withDepartmentSchemes(loaded, departments)
        var site = SourceSite(root: root, config: config, intro: intro, departments: departments, projects: projects, pages: pages)
        site.departmentPerformance = performance
        site.organisationsComplete = organisationsComplete
        site.files = ([ConfigLoader.fileName, OrganisationLoader.fileName]
            + projectFiles.map { joinPath(ProjectLoader.folder, $0) } + pageFiles.map { joinPath(PageLoader.folder, $0) }
            + performanceFiles.map { joinPath(DepartmentPerformanceLoader.folder, $0) })
            .map { SourceFile(path: joinPath(root, $0), display: display($0)) }
        return (site, diagnostics)
    }

    /// A department's own `grade_scheme` is the least specific override: config rules may refine it.
    static func withDepartmentSchemes(_ loaded: SiteConfig, _ departments: [Department]) -> SiteConfig {
        var config = loaded
        let departmentRules = departments.compactMap { d in
            d.gradeSchemeName.flatMap { config.gradeSchemes[$0] }.map { GradeOverride(department: d.code, scheme: $0) }
        }
        config.gradeOverrides = departmentRules + config.gradeOverrides
        return config
    }

    static let symlinkMessage = "这是符号链接：gongkai 不跟随 content/ 中的符号链接（文件和文件夹都一样），以免读入或发布站点之外的文件；请放入真实的文件"

    /// The `.md` files below `folder`. Symbolic links (to files or folders) are errors, never followed;
    /// `X.MD` is an error rather than silently skipped.
    private static func markdownFiles(_ fs: FileSystem, root: String, folder: String, display: (String) -> String,
                                      diagnostics: inout DiagnosticList) -> [String] {
        guard fs.symlinkDestination(joinPath(root, folder)) == nil else { return [] }
        var result: [String] = []
        let listed: [String]
        do { listed = try fs.listFiles(under: joinPath(root, folder), includingHidden: true) } catch {
            diagnostics.error(.unreadableFile, unreadableFolderMessage(error),
                              at: SourceLocation(file: display(folderBelow(joinPath(root, folder), shownAs: folder, error))))
            return []
        }
        for relative in listed {
            let shown = display(joinPath(folder, relative))
            // Hidden: an editor's folder (`.obsidian/`, `.trash/`) is skipped; a page whose own name starts with “.” (a clerk's
            // `.草稿.md`, found this round dropped without a word) is named, as a clerk looks for it on the site. Not a Mac's
            // `._页面.md`, a copied file's shadow.
            let parts = relative.split(separator: "/")
            if parts.dropLast().contains(where: { $0.hasPrefix(".") }) { continue }
            if let name = parts.last, name.hasPrefix(".") {
                if name.hasSuffix(".md"), !name.hasPrefix("._") {
                    diagnostics.warning(.unreadContent, "文件名以“.”开头，是隐藏文件，不会被读取，也不会发布：如要发布，请去掉文件名开头的“.”",
                                        at: SourceLocation(file: shown))
                }
                continue
            }
            if fs.symlinkDestination(joinPath(root, folder, relative)) != nil {
                diagnostics.error(.unreadableFile, symlinkMessage, at: SourceLocation(file: shown))
            } else if relative.hasSuffix(".md") {
                result.append(relative)
            } else if relative.lowercased().hasSuffix(".md") {
                diagnostics.error(.unsafeSlug, "扩展名应为小写的 .md，此文件未被读取；请改名", at: SourceLocation(file: shown))
            } else if !isHiddenPath(relative) {
                // A picture or a PDF put beside the pages is expected to go out with them; it does not.
                diagnostics.warning(.unreadContent, "此文件不是 .md 文件，不会被读取，也不会发布：图片和附件请放在主题的 assets/ 文件夹中，以 /assets/文件名 引用",
                                    at: SourceLocation(file: shown))
            }
        }
        return result
    }

    /// A folder that does not open: its files are not read, and the build stops rather than publish without them.
    static func unreadableFolderMessage(_ error: Error) -> String {
        let reason = FileSystemError.describe(error)
        return reason == FileSystemError.nameNotUTF8 ? reason + "。其中的文件都无法读取，网站将缺少它们"
            : "\(reason)。其中的文件都无法读取，网站将缺少它们；请改正文件夹的权限"
    }

    /// The folder a listing of `listed` (shown as `shown`) could not open, as it is shown: `shown` or a folder in it.
    static func folderBelow(_ listed: String, shownAs shown: String, _ error: Error) -> String {
        guard let path = (error as? FileSystemError)?.path, path.hasPrefix(listed + "/") else { return shown }
        return joinPath(shown, String(path.dropFirst(listed.count + 1)))
    }

    /// Why a text may not hold `scalar` (an escape in a quoted YAML text, or the raw character in a file).
    static func hiddenControlMessage(_ scalar: Unicode.Scalar) -> String {
        "含有不可见的控制字符 \(codePoint(scalar))（如从其他系统复制来的 NUL、ESC、换向符）：它会出现在网页和开放数据中，也可能改变文字的显示顺序；请删去"
    }

    /// `U+202E`, at least four hexadecimal digits.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Reads UTF-8 text with line ends normalised (`String(sourceText:)`); anything else is `GK001`
    /// (Chinese Excel users sometimes save GB18030).
    /// The largest content or configuration file read, in bytes.
    static let maxFileSize = 32 * 1_048_576

    /// The most line ends and Markdown marks (`[ ] * _ ` < & ! \`, each a node of its own in cmark) a file may hold.
    static let maxMarks = 1_000_000

    /// The line on which `data` passes `maxMarks` line ends and marks, if it does.
    static func lineWhereMarksPassBound(_ data: Data) -> Int? {
        guard data.count > maxMarks else { return nil }
        return data.withUnsafeBytes { bytes -> Int? in
            var marks = 0, line = 1
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"),
                     UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "\\"):
                    marks += 1
                    if marks > maxMarks { return line }
                    if byte == UInt8(ascii: "\n") { line += 1 }
                default: continue
                }
            }
            return nil
        }
    }

    /// What a file that is not UTF-8 most likely is, in the words of Windows' 另存为 dialog: UTF-16 has its byte-order
    /// mark, and a Chinese text that reads as GB18030 was saved as “ANSI” on a Chinese Windows.
    static func encodingGuess(_ data: Data) -> String {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return "（看起来是 UTF-16，即记事本的“Unicode”编码）" }
        if String(data: data, encoding: .gb18030) != nil { return "（看起来是 GBK/GB18030，即记事本的“ANSI”编码）" }
        return "（第一个无法识别的字节在这一行）"
    }

    static func readText(_ fs: FileSystem, path: String, display: String, diagnostics: inout DiagnosticList) -> String? {
        readData(fs, path: path, display: display, diagnostics: &diagnostics).flatMap { text(of: $0, display: display, diagnostics: &diagnostics) }
    }

    /// A content file's bytes, refused when it is too large (`maxFileSize`) or does not open.
    static func readData(_ fs: FileSystem, path: String, display: String, diagnostics: inout DiagnosticList) -> Data? {
        let data: Data
        // A report of a few hundred pages is a few MB; far more is a wrong file (an export, a disk image),
        // and every stage would hold its text several times over. Refused by its size, before it is read.
        do { data = try fs.read(path, atMost: maxFileSize) } catch let large as FileTooLarge {
            diagnostics.error(.unreadableFile, "文件有 \(large.size / 1_048_576) MB，超过内容文件的上限 \(maxFileSize / 1_048_576) MB：请确认这是要发布的文件；大的附件请放在主题的 assets/ 中并链接",
                              at: SourceLocation(file: display))
            return nil
        } catch {
            let reason = FileSystemError.describe(error)
            diagnostics.error(.unreadableFile, reason.hasPrefix("无法读取") ? reason : "无法读取文件：" + reason, at: SourceLocation(file: display))
            return nil
        }
        return data
    }

    /// A content file's text, as `readText` gives it: a function of the bytes alone, as its diagnostics are.
    static func text(of data: Data, display: String, diagnostics: inout DiagnosticList) -> String? {
        // cmark and the YAML parser make a node (100–200 bytes) of every line and Markdown mark: 30 MB of short lines took
        // 3 GB and three minutes. More lines and marks than any report has is a wrong file too.
        if let line = lineWhereMarksPassBound(data) {
            diagnostics.error(.unreadableFile, "文件的换行和 Markdown 标记（[ ] * _ ` < & ! \\）超过 \(maxMarks / 10_000) 万个（到第 \(line) 行），远多于任何报告，解析它要用数 GB 内存：请确认这是要发布的文件；大的表格或数据请放在主题的 assets/ 中作为附件链接",
                              at: SourceLocation(file: display, line: line, column: 1))
            return nil
        }
        guard let text = String(sourceText: data) else {
            diagnostics.error(.unreadableFile, "文件不是 UTF-8 编码\(Self.encodingGuess(data))：请在编辑器中“另存为”，编码选 UTF-8",
                              at: SourceLocation(file: display, line: String.firstNonUTF8Line(data) ?? 1, column: 1))
            return nil
        }
        if let (line, column, scalar) = text.firstHiddenControl {
            diagnostics.error(.invalidValue, Self.hiddenControlMessage(scalar), at: SourceLocation(file: display, line: line, column: column))
        }
        // Written as a character reference, Markdown turns it into the character itself.
        if let (line, column, reference, scalar) = text.firstHiddenControlReference {
            diagnostics.error(.invalidValue, "字符引用“\(reference)”表示不可见的控制字符 \(codePoint(scalar))：Markdown 会把它换成这个字符本身放进网页，"
                                + "它可能改变文字的显示顺序或使网页无效；请删去",
                              at: SourceLocation(file: display, line: line, column: column))
        }
        return text
    }
}
