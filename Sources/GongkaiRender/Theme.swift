import Foundation
import GongkaiCore

/// 主题 — Mustache templates (`templates/**.mustache`) and static files (`assets/**`) of a theme.
/// Templates are registered by their path without extension (`partials/footer`).
///
/// The default theme is compiled in (`BuiltinTheme`), so a site needs no theme folder. A site's own
/// theme folder overrides it file by file, as Hugo's lookup order does: a site may replace one partial
/// or the CSS and keep the rest.
public struct Theme: Sendable {
    let library: TemplateLibrary
    /// Whether the theme has the template `name` (`bundle`, for the people's-congress report).
    public func hasTemplate(named name: String) -> Bool { library.template(named: name) != nil }
    /// Static files to copy into `assets/`, sorted by path.
    public let assets: [(path: String, data: Data)]
    /// The Latin words and numbers of the markup every page carries whatever the content (the theme's
    /// templates and assets, the renderer's folders, tags and data keys), one to a line: an `assets` or
    /// `content` in a withheld text is no fingerprint of it, or every file of the site would match.
    public let markupWords: Data

    /// Why a symbolic link in the theme (or the theme folder itself, when it is one) is refused.
    /// The largest template read. A template is parsed into nodes of ~50 bytes a byte: a 10 MB one took 500 MB
    /// and 6 s, a 100 MB one 3 GB, a 2 GB one crashed gongkai (34 GB asked); the built-in ones are 1–10 KB each.
    public static let maxTemplateSize = 1_048_576
    public static let symlinkMessage = "这是符号链接：gongkai 不跟随主题中的符号链接（文件和文件夹都一样），以免发布站点之外的文件；请放入真实的文件"

    /// `path` as a case-insensitive disk that drops trailing dots and spaces (Windows) names it.
    static func folded(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            var name = Substring(part.lowercased())
            while name.last == "." || name.last == " " { name.removeLast() }
            return String(name)
        }.joined(separator: "/")
    }

    /// Templates every theme must provide.
    public static let requiredTemplates = ["home", "departments", "department", "years", "year", "compliance", "project",
                                           "documents", "page", "404", "grades", "grade-year", "grade", "search", "glossary", "data", "verify", "record", "withdrawn"]

    /// Loads the built-in theme with the files of `folder` laid over it. A missing folder is fine
    /// (the built-in theme alone) unless the configuration named it explicitly (`required`).
    public static func load(fileSystem fs: FileSystem, folder: String, display: String, required: Bool = false) -> (Theme?, DiagnosticList) {
        var diagnostics = DiagnosticList()
        if required, !fs.isDirectory(folder) {
            diagnostics.error(.themeTemplate, "找不到主题目录 \(display)（gongkai.yaml 的 theme 指定了它；删去 theme 一行即使用内置主题）",
                              at: SourceLocation(file: display))
            return (nil, diagnostics)
        }
        // path → (bytes, where a diagnostic should point); the site's files replace the built-in ones.
        var files: [String: (data: Data, file: String)] = [:]
        for (path, data) in BuiltinTheme.files {
            files[path] = (data, joinPath(BuiltinTheme.displayPrefix, path))
        }
        // Published files by a name folded as some disks fold it (case, a trailing dot or space, and, as
        // Swift compares strings, `é` composed or not): two theme files that are one there are refused.
        var published: [String: String] = [:]
        for path in files.keys where path.hasPrefix("assets/") { published[Self.folded(path)] = path }
        let listed: [String]
        do { listed = try fs.listFiles(under: folder) } catch {
            // A folder of the theme that does not open: the built-in file would be published in place of the site's own.
            let path = (error as? FileSystemError)?.path ?? folder
            let shown = path.hasPrefix(folder + "/") ? joinPath(display, String(path.dropFirst(folder.count + 1))) : display
            let reason = FileSystemError.describe(error)
            diagnostics.error(.unreadableFile, reason + "。其中的主题文件都无法读取，网站会改用内置主题的文件" + (reason == FileSystemError.nameNotUTF8 ? "" : "；请改正文件夹的权限"),
                              at: SourceLocation(file: shown))
            return (nil, diagnostics)
        }
        for relative in listed {
            // A symbolic link (to a file or a folder) is never followed: it could publish a file from
            // anywhere on the machine as an asset, or draw one into every page.
            if fs.symlinkDestination(joinPath(folder, relative)) != nil {
                diagnostics.error(.unreadableFile, symlinkMessage, at: SourceLocation(file: joinPath(display, relative)))
                continue
            }
            guard relative.hasPrefix("templates/") || relative.hasPrefix("assets/") else { continue }
            if relative.hasPrefix("assets/") {
                let key = Self.folded(relative)
                if let other = published[key], !other.utf8.elementsEqual(relative.utf8) {
                    diagnostics.error(.pathConflict, "主题文件“\(relative)”与“\(other)”只差大小写、末尾的点或空格，或是同一个字的两种编码：在 Windows、macOS 的服务器上它们是同一个文件，发布时一个会覆盖另一个；请改名或删去一个",
                                      at: SourceLocation(file: joinPath(display, relative)))
                    continue
                }
                published[key] = relative
            }
            let data: Data
            do {
                data = relative.hasPrefix("templates/") ? try fs.read(joinPath(folder, relative), atMost: Self.maxTemplateSize)
                    : try fs.read(joinPath(folder, relative))
            } catch let large as FileTooLarge {
                diagnostics.error(.unreadableFile, "模板文件有 \(FileTooLarge.shown(large.size))，超过上限 \(FileTooLarge.shown(Self.maxTemplateSize))（内置主题的模板合计不到 100 KB）：请确认这是模板；大的文字请写在页面里，图片和附件放在 assets/ 中",
                                  at: SourceLocation(file: joinPath(display, relative)))
                continue
            } catch {
                let reason = FileSystemError.describe(error)
                diagnostics.error(.unreadableFile, "无法读取主题文件" + (reason.hasPrefix("无法读取") ? "" : "：" + reason),
                                  at: SourceLocation(file: joinPath(display, relative)))
                continue
            }
            files[relative] = (data, joinPath(display, relative))
        }

        var library = TemplateLibrary()
        // Every template the theme has, read or not: one that does not parse is reported once, for its
        // syntax, not again as missing.
        var names: Set<String> = []
        var unreadable = false
        for path in files.keys.sorted() where path.hasPrefix("templates/") && path.hasSuffix(".mustache") {
            let (data, file) = files[path]!
            let name = String(path.dropFirst("templates/".count).dropLast(".mustache".count))
            names.insert(name)
            guard let text = String(strictUTF8: data) else {
                diagnostics.error(.unreadableFile, "无法读取模板（须为 UTF-8）", at: SourceLocation(file: file))
                unreadable = true
                continue
            }
            do {
                library.register(try TemplateParser.parse(Self.droppingByteOrderMark(text), file: file), named: name)
            } catch {
                diagnostics.error(.themeTemplate, "模板语法错误：\(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))
                unreadable = true
            }
        }
        // Only a theme whose every template was read: otherwise each partial tag naming the broken file
        // would be reported as well.
        if !unreadable { diagnostics.append(contentsOf: ThemeCheck.run(library)) }
        for required in requiredTemplates where !names.contains(required) {
            diagnostics.error(.themeTemplate, "主题缺少模板 \(required).mustache", at: SourceLocation(file: joinPath(display, "templates")))
        }
        let assets = files.keys.filter { $0.hasPrefix("assets/") }
            .sorted { $0.precedesBytewise($1) }
            .map { (path: String($0.dropFirst("assets/".count)), data: files[$0]!.data) }
        var words = Set(RenderStage.markupWords)
        // Only the theme's own markup: its templates, style sheets, scripts and fonts. A clerk's attachment (a CSV list of
        // projects, a PDF, a picture) is content: its words are no markup, and a withheld code written in one is a leak.
        for (path, (data, _)) in files where Self.isMarkup(path) { Self.collectLatinWords(data, into: &words) }
        let markupWords = Data(words.sorted().joined(separator: "\n").utf8)
        return (diagnostics.hasErrors ? nil : Theme(library: library, assets: assets, markupWords: markupWords), diagnostics)
    }
}

extension Theme {
    /// Extensions of the theme's own files that make up its markup (beside its templates); other assets are attachments.
    static let markupExtensions: Set<String> = ["css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot"]

    /// Whether a theme file (`templates/…`, `assets/…`) is markup whose Latin words every page may carry.
    static func isMarkup(_ path: String) -> Bool {
        guard !path.hasPrefix("templates/") else { return true }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return markupExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// Runs of ASCII letters, digits and hyphens of two bytes or more: the theme's own words (`viewport`,
    /// `stylesheet`, `search-results`), never its Chinese text, which the audit keeps watching.
    static func collectLatinWords(_ data: Data, into words: inout Set<String>) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = -1
            for i in 0...bytes.count {
                let b = i < bytes.count ? bytes[i] : 0
                let latin = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                if latin { if start < 0 { start = i }; continue }
                if start >= 0, i - start >= 2 { words.insert(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) }
                start = -1
            }
        }
    }

    /// Windows Notepad and some editors save UTF-8 with a byte-order mark; it is not part of the
    /// template, and drawn it would put an invisible character before `<!DOCTYPE html>` or in the
    /// middle of a page.
    static func droppingByteOrderMark(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }
}

/// 内置主题 — the default theme compiled into the binary (generated from the repository's `theme/`
/// by `scripts/embed-theme.py`).
public enum BuiltinTheme {
    /// What diagnostics show in place of a folder for a built-in theme file (`（内置主题）/templates/page.mustache`).
    static let displayPrefix = "（内置主题）"
    /// Every file of the built-in theme, by path relative to the theme folder (`templates/home.mustache`,
    /// `assets/style.css`), sorted bytewise.
    public static let files: [(path: String, data: Data)] = {
        let text = BuiltinThemeFiles.text.map { (path: $0.path, data: Data($0.content.utf8)) }
        let binary = BuiltinThemeFiles.base64.map { (path: $0.path, data: Data(base64Encoded: $0.content) ?? Data()) }
        return (text + binary).sorted { $0.path.precedesBytewise($1.path) }
    }()
}
