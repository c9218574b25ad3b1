import GongkaiCore

/// Reads one Markdown page: `content/pages/<path>.md` → `/<path>/`.
enum PageLoader {
    static let folder = "content/pages"

    /// `relativePath` is the path below `content/pages`, e.g. `zhengce/banfa.md`.
    static func load(text: String, file: String, relativePath: String, diagnostics: inout DiagnosticList, texts: TextPool? = nil) -> Page? {
        guard let parts = FrontMatterFile.read(text, file: file, diagnostics: &diagnostics) else { return nil }
        let source = YAMLSource(file: file, lineOffset: parts.yamlFirstLine - 1, texts: texts)
        guard let root = source.compose(parts.yaml, diagnostics: &diagnostics),
              let r = MappingReader(root, source: source, what: "页面文件头", diagnostics: &diagnostics) else { return nil }
        defer { r.finish(into: &diagnostics) }

        var components = relativePath.split(separator: "/").map(String.init)
        if let last = components.popLast() { components.append(String(last.dropLast(3))) } // ".md"
        if components.last == "index" { components.removeLast() }
        var pathIsValid = !components.isEmpty
        if components.isEmpty {
            diagnostics.error(.pathConflict, "content/pages/index.md 会占用网站首页的地址，未发布；首页介绍请写在 gongkai.yaml 的 intro 中，或给文件另起名字",
                              at: SourceLocation(file: file))
        }
        for part in components where !Slug.isValidPathComponent(part) {
            diagnostics.error(.unsafeSlug, "页面路径中的“\(part)”不可用：文件夹和文件名只能使用小写字母、数字和“-”，它们将成为网址",
                              at: SourceLocation(file: file))
            pathIsValid = false
        }
        let title = r.string("title", required: "标题")
        let body = MarkdownSource.parse(parts.body, file: file, firstLine: parts.bodyFirstLine, diagnostics: &diagnostics)
        InlinePictures.check(body, diagnostics: &diagnostics)
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
