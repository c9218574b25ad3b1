import GongkaiCore

/// Reads one Markdown page: `content/pages/<path>.md` → `/<path>/`.
enum PageLoader {
    static let folder = "content/pages"

    /// How to rename a path part the address cannot use: the name meant, when only capitals, spaces, `_` or a copy's
    /// `(1)` stand in the way (`2025_Ziping Tongzhi (1)` → `2025-ziping-tongzhi-1`); for a Chinese name, that the title
    /// stays Chinese in the front matter and the file takes a pinyin or English name, or keeps its own with a `slug:`.
    /// Not quoted: a diagnostic about a file that did not load blanks its quotes, and this one is the file's own name,
    /// which the location prints.
    static func renaming(_ part: String, isFile: Bool) -> String {
        if part.unicodeScalars.contains(where: { $0.properties.isIdeographic }) {
            return isFile
                ? "：请在文件头写网址名（如 slug: 2025-ziping-tongzhi），文件可保留中文名；或给文件另起拼音或英文名字。中文标题写在文件头的 title 中，网页上照样显示"
                : "：请给文件夹另起拼音或英文名字（如 tongzhi/2025-ziping-tongzhi.md），中文标题写在文件头的 title 中，网页上照样显示"
        }
        var meant = ""
        for scalar in part.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { meant.unicodeScalars.append(scalar) }
            else if !meant.isEmpty, meant.last != "-" { meant += "-" }
        }
        while meant.hasSuffix("-") { meant.removeLast() }
        return Slug.isValidPathComponent(meant) && meant != part ? "：请改名为 \(meant)" : ""
    }

    /// `relativePath` is the path below `content/pages`, e.g. `zhengce/banfa.md`.
    static func load(text: String, file: String, relativePath: String, diagnostics: inout DiagnosticList, texts: TextPool? = nil) -> Page? {
        guard let parts = FrontMatterFile.read(text, file: file, diagnostics: &diagnostics) else { return nil }
        let source = YAMLSource(file: file, lineOffset: parts.yamlFirstLine - 1, texts: texts)
        guard let root = source.compose(parts.yaml, diagnostics: &diagnostics),
              let r = MappingReader(root, source: source, what: "页面文件头", diagnostics: &diagnostics) else { return nil }
        defer { r.finish(into: &diagnostics) }
        // Before any Markdown of the file is read: its sentences confirmed as text (`plain_text:`).
        r.readConfirmedText()

        var components = relativePath.split(separator: "/").map(String.init)
        if let last = components.popLast() { components.append(String(last.dropLast(3))) } // ".md"
        if components.last == "index" { components.removeLast() }
        var pathIsValid = !components.isEmpty
        if components.isEmpty {
            diagnostics.error(.pathConflict, "content/pages/index.md 会占用网站首页的地址，未发布；首页介绍请写在 gongkai.yaml 的 intro 中，或给文件另起名字",
                              at: SourceLocation(file: file))
        }
        // `slug:` names the page's own part of the address, so that a file may keep the document's Chinese title as its name.
        // A folder's own page (index.md) is the folder's address and takes no other.
        let isFolderPage = relativePath == "index.md" || relativePath.hasSuffix("/index.md")
        var slugRefused = false
        if let slug = r.string("slug") {
            if isFolderPage {
                diagnostics.error(.unsafeSlug, "index.md 的网址就是所在文件夹的网址，不能另写 slug：请删去 slug，或给文件夹改名", at: r.location(of: "slug"))
                pathIsValid = false
            } else if !Slug.isValidPathComponent(slug) {
                diagnostics.error(.unsafeSlug, "网址名 slug“\(slug)”不可用：只能使用小写字母、数字和“-”（如 slug: 2025-ziping-tongzhi）",
                                  at: r.location(of: "slug"))
                (pathIsValid, slugRefused) = (false, true)
            } else if !components.isEmpty {
                components[components.count - 1] = slug
            }
        }
        for (i, part) in components.enumerated() where !Slug.isValidPathComponent(part) {
            let isOwnName = !isFolderPage && i == components.count - 1
            if isOwnName && slugRefused { continue }  // the slug's error says it
            diagnostics.error(.unsafeSlug, "页面路径中的“\(part)”不可用：文件夹和文件名只能使用小写字母、数字和“-”，它们将成为网址"
                              + Self.renaming(part, isFile: isOwnName),
                              at: SourceLocation(file: file))
            pathIsValid = false
        }
        let title = r.string("title", required: "标题")
        let body = MarkdownSource.parse(parts.body, file: file, firstLine: parts.bodyFirstLine, confirmed: source.confirmed, diagnostics: &diagnostics)
        InlinePictures.check(body, diagnostics: &diagnostics)
        source.confirmed.reportUnused(into: &diagnostics)
        let date = r.date("date", required: "发布日期")
        let page = Page(
            file: file, location: SourceLocation(file: file), path: components, title: title ?? "", date: date,
            category: r.string("category"), departmentCode: r.string("department"),
            departmentLocation: r.has("department") ? r.location(of: "department") : nil,
            summary: r.guardedText("summary"), disclosure: r.disclosure(),
            body: body)
        return title == nil || !pathIsValid ? nil : page
    }
}
