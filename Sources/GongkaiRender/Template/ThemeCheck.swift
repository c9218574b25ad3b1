import GongkaiCore

/// Checks a theme once all its templates are read, so that a mistake in a site's own theme is named at
/// its tag (file, line and column) instead of publishing something unsafe, or nothing, in silence:
///
/// - an unescaped tag — `{{{key}}}`, `{{&key}}`, or `{{key}}` after `{{% CONTENT_TYPE: TEXT }}` — on a
///   key that does not hold gongkai's own HTML (`TrustedHTML.keys`) is an error (GK150). The renderer
///   escapes such a value anyway; the error says why the theme is wrong before anyone relies on it.
/// - a partial or parent the theme does not have is an error (GK150): Mustache draws it as nothing.
/// - a key no gongkai view gives is a warning (GK151): Mustache draws it as nothing. Inside a section the
///   context depends on the data and on Mustache's lookup up the context stack, so there a key is only
///   checked to be a key of some view; at the top of a page template, and of the partials it draws
///   there, it is checked against that page's own view (`ViewCatalog.topLevelKeys`).
struct ThemeCheck {
    let library: TemplateLibrary
    private(set) var diagnostics = DiagnosticList()
    /// Tags already reported, so a partial drawn by several pages is named once.
    private var reported: Set<Template.Location> = []
    /// Partials already walked at the top of the page being checked: walking one again finds nothing new,
    /// and partials that each draw the next one twice were walked 2ⁿ times (`check` never ended).
    private var walkedTop: Set<String> = []

    init(library: TemplateLibrary) {
        self.library = library
    }

    /// Every template in name order, then the top of each page template.
    static func run(_ library: TemplateLibrary) -> DiagnosticList {
        var check = ThemeCheck(library: library)
        let names = library.templates.keys.sorted()
        for name in names { check.walk(library.templates[name]!, escapes: true) }
        for name in names {
            guard let keys = ViewCatalog.topLevelKeys(of: name) else { continue }
            var drawn: Set<String> = [name]
            check.walkedTop = []
            check.walkTop(library.templates[name]!, page: name, keys: keys, drawn: &drawn)
        }
        check.checkListingHeading()
        check.checkFanOut(names)
        return check.diagnostics
    }

    /// A theme exported before page folders had listings writes the policy list's title into `documents.mustache`
    /// (`<h1>政策文件</h1>`), which now also draws `/tongzhi/` and every other folder's listing under its `heading`.
    private mutating func checkListingHeading() {
        guard let documents = library.template(named: "documents"), let file = Self.firstLocation(in: documents)?.file,
              !file.hasPrefix(BuiltinTheme.displayPrefix) else { return }
        var drawn: Set<String> = ["documents"]
        guard !mentions("heading", in: documents, drawn: &drawn) else { return }
        let at = Template.Location(file: file, line: 1, column: 1)
        report(.warning(.themeKey, "模板 documents 没有用到 {{heading}}：它也绘制各栏目文件夹的列表页（如通知公告的文件夹），写死的标题会出现在政策文件以外的栏目上；请把标题写作 <h1>{{heading}}</h1>（内置主题即如此）",
                        at: Self.sourceLocation(at)), at: at)
    }

    /// Whether `key` is drawn anywhere in `template`, its sections, blocks and the partials it draws.
    private func mentions(_ key: String, in template: Template, drawn: inout Set<String>) -> Bool {
        for token in template.tokens {
            switch token {
            case .value(let name, _, _):
                if name.parts.first == key { return true }
            case .section(let name, let inner, _), .invertedSection(let name, let inner, _):
                if name.parts.first == key || mentions(key, in: inner, drawn: &drawn) { return true }
            case .block(_, let inner, _), .blockDefinition(_, let inner):
                if mentions(key, in: inner, drawn: &drawn) { return true }
            case .partial(let name, _, let overrides, _):
                for override in (overrides ?? [:]).values where mentions(key, in: override, drawn: &drawn) { return true }
                guard let partial = library.template(named: name), drawn.insert(name).inserted else { continue }
                if mentions(key, in: partial, drawn: &drawn) { return true }
            case .text, .contentType:
                break
            }
        }
        return false
    }

    /// Where the template's first tag is written: the template's file.
    private static func firstLocation(in template: Template) -> Template.Location? {
        for token in template.tokens {
            switch token {
            case .value(_, _, let at), .section(_, _, let at), .invertedSection(_, _, let at), .partial(_, _, _, let at), .contentType(_, let at):
                return at
            case .block(_, let inner, _), .blockDefinition(_, let inner):
                if let at = firstLocation(in: inner) { return at }
            case .text:
                break
            }
        }
        return nil
    }

    // MARK: - Partials drawn over and over

    /// The most partials one template may draw, each section taken once. The built-in pages draw a few
    /// dozen; partials that each draw the next one twice draw 2ⁿ — forty of them a terabyte of page, or,
    /// when the last draws nothing, a page that never ends. Refused before anything is drawn.
    static let maxPartialDraws = 10_000

    /// Names the templates past the limit whose own partials are all within it: where the growth passes it.
    private mutating func checkFanOut(_ names: [String]) {
        var memo: [String: Int] = [:]
        var visiting: Set<String> = []
        for name in names where draws(of: name, memo: &memo, visiting: &visiting) > Self.maxPartialDraws {
            let template = library.templates[name]!
            let partials = Self.partialTags(in: template)
            guard partials.allSatisfy({ draws(of: $0.name, memo: &memo, visiting: &visiting) <= Self.maxPartialDraws }),
                  let first = partials.first else { continue }
            report(.error(.themeTemplate, "模板 \(name).mustache 画一次要画 \(Self.maxPartialDraws) 个以上部分模板（不计列表的重复）：部分模板层层重复引用，每层引用两次页面就成倍增长，画不完；请检查这里引用的部分模板",
                          at: Self.sourceLocation(first.at)), at: first.at)
        }
    }

    /// The partials and parents a template names, in sections, blocks and overrides too, in order.
    private static func partialTags(in template: Template) -> [(name: String, at: Template.Location)] {
        var found: [(name: String, at: Template.Location)] = []
        for token in template.tokens {
            switch token {
            case .section(_, let inner, _), .invertedSection(_, let inner, _), .block(_, let inner, _), .blockDefinition(_, let inner):
                found += partialTags(in: inner)
            case .partial(let name, _, let overrides, let at):
                found.append((name, at))
                for (_, override) in (overrides ?? [:]).sorted(by: { $0.key < $1.key }) { found += partialTags(in: override) }
            case .text, .value, .contentType:
                break
            }
        }
        return found
    }

    /// Partials drawn when `name` is drawn once, sections taken once, counted up to just past the limit.
    /// A partial that comes round again counts nothing here: the renderer stops on it (GK150).
    private func draws(of name: String, memo: inout [String: Int], visiting: inout Set<String>) -> Int {
        if let known = memo[name] { return known }
        guard let template = library.template(named: name), visiting.insert(name).inserted else { return 0 }
        defer { visiting.remove(name) }
        var total = 0
        for tag in Self.partialTags(in: template) {
            total = min(total + 1 + draws(of: tag.name, memo: &memo, visiting: &visiting), Self.maxPartialDraws + 1)
        }
        memo[name] = total
        return total
    }

    // MARK: - Every tag

    private mutating func walk(_ template: Template, escapes: Bool) {
        var escapes = escapes
        for token in template.tokens {
            switch token {
            case .text, .blockDefinition:
                break
            case .value(let name, let escaped, let at):
                // The error first: a tag is reported once, and publishing text unescaped matters more.
                if !(escaped && escapes), !Self.holdsHTML(name) { unescaped(name, byPragma: escaped, at: at) }
                checkKnown(name, at: at)
            case .section(let name, let inner, let at), .invertedSection(let name, let inner, let at):
                checkKnown(name, at: at)
                walk(inner, escapes: escapes)
            case .block(_, let inner, _):
                walk(inner, escapes: escapes)
            case .partial(let name, _, let overrides, let at):
                if library.template(named: name) == nil {
                    let tag = overrides == nil ? "{{>\(name)}}" : "{{<\(name)}}"
                    report(.error(.themeTemplate, "主题中没有模板 \(name).mustache：\(tag) 会什么也不输出；请检查名字（部分模板写作 partials/名字），或把该文件放入主题的 templates 文件夹",
                                  at: Self.sourceLocation(at)), at: at)
                }
                for (_, override) in (overrides ?? [:]).sorted(by: { $0.key < $1.key }) { walk(override, escapes: true) }
            case .contentType(let html, _):
                escapes = html
            }
        }
    }

    /// Whether the key's value is gongkai's own markup (`{{{report}}}`, `{{{exAnte.report}}}`).
    private static func holdsHTML(_ name: Template.Name) -> Bool {
        name.parts.last.map(TrustedHTML.keys.contains) ?? false
    }

    /// `byPragma`: the tag is `{{key}}`, unescaped by an earlier `{{% CONTENT_TYPE: TEXT }}`.
    private mutating func unescaped(_ name: Template.Name, byPragma: Bool, at: Template.Location) {
        let allowed = TrustedHTML.keys.sorted().joined(separator: "、")
        let fix = byPragma ? "请删去前面的 {{% CONTENT_TYPE: TEXT }}" : "请改写为 {{\(name.text)}}"
        report(.error(.themeTemplate, "模板键 \(name.text) 在这里不经转义输出：数据中的文字（如项目名称里的 HTML 标签或脚本）会被当作网页代码原样发布。只有 gongkai 生成的 HTML（\(allowed)）可以不经转义输出；\(fix)",
                      at: Self.sourceLocation(at)), at: at)
    }

    private mutating func checkKnown(_ name: Template.Name, at: Template.Location) {
        guard let unknown = name.parts.first(where: { !ViewCatalog.keys.contains($0) }) else { return }
        let what = name.parts.count > 1 ? "\(name.text) 中的 \(unknown)" : unknown
        let guess = unknown.closest(among: ViewCatalog.keys).map { "，是否应为 \($0)？" } ?? ""
        report(.warning(.themeKey, "模板键 \(what) 不是 gongkai 提供的键，这里什么也不会输出\(guess)；可用的键见 docs/website.md“主题”一节",
                        at: Self.sourceLocation(at)), at: at)
    }

    // MARK: - The top of a page

    /// The tags drawn in the page's own context: outside sections, in blocks, in the blocks a parent
    /// draws at its own top, and in partials drawn there.
    private mutating func walkTop(_ template: Template, page: String, keys: Set<String>, drawn: inout Set<String>) {
        for token in template.tokens {
            switch token {
            case .value(let name, _, let at), .section(let name, _, let at), .invertedSection(let name, _, let at):
                guard let first = name.parts.first, ViewCatalog.keys.contains(first), !keys.contains(first) else { continue }
                report(.warning(.themeKey, "模板键 \(first) 在 \(page) 页面的这一层没有值（不在任何段落内时，可用的键是：\(keys.sorted().joined(separator: "、"))），这里什么也不会输出",
                                at: Self.sourceLocation(at)), at: at)
            case .block(_, let inner, _):
                walkTop(inner, page: page, keys: keys, drawn: &drawn)
            case .partial(let name, _, let overrides, _):
                guard let partial = library.template(named: name), !drawn.contains(name) else { continue }
                drawn.insert(name)
                if let overrides {
                    // A parent draws these blocks in this context only where it draws them at its own top.
                    let topBlocks = Self.topBlocks(partial)
                    for (block, override) in overrides.sorted(by: { $0.key < $1.key }) where topBlocks.contains(block) {
                        walkTop(override, page: page, keys: keys, drawn: &drawn)
                    }
                } else if walkedTop.insert(name).inserted {
                    walkTop(partial, page: page, keys: keys, drawn: &drawn)
                }
                drawn.remove(name)
            case .text, .blockDefinition, .contentType:
                break
            }
        }
    }

    /// The blocks a template draws outside every section.
    private static func topBlocks(_ template: Template) -> Set<String> {
        template.tokens.reduce(into: []) { blocks, token in
            if case .block(let name, let inner, _) = token {
                blocks.insert(name)
                blocks.formUnion(topBlocks(inner))
            }
        }
    }

    // MARK: -

    private mutating func report(_ diagnostic: Diagnostic, at location: Template.Location) {
        guard reported.insert(location).inserted else { return }
        diagnostics.append(diagnostic)
    }

    static func sourceLocation(_ at: Template.Location) -> SourceLocation {
        SourceLocation(file: at.file, line: at.line, column: at.column)
    }
}
