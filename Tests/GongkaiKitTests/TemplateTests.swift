import Foundation
import Mustache
import Testing
@testable import GongkaiCore
@testable import GongkaiKit
@testable import GongkaiRender

/// gongkai's own template renderer (`Sources/GongkaiRender/Template/`) against swift-mustache 2.1,
/// which drew the site before it and stays here as the reference: every built-in page of the example
/// site, thousands of generated templates (whitespace, standalone tags, partials, parents), and the
/// Mustache rules one case at a time.
@Suite struct TemplateTests {
    // MARK: - The reference

    /// A typed view seen through swift-mustache's protocol.
    struct Reference: MustacheParent {
        var view: any TemplateView
        func child(named name: String) -> Any? { view.child(named: name).map(Self.value) }

        static func value(_ value: TemplateValue) -> Any {
            switch value {
            case .text(let text): text
            case .html(let markup): markup
            case .number(let number): number
            case .flag(let flag): flag
            case .view(let view): Reference(view: view)
            case .list(let list):
                { () -> [Any] in
                    var views: [Any] = []
                    list.forEachView { views.append(Reference(view: $0)) }
                    return views
                }()
            }
        }
    }

    private struct Escaping: MustacheContentType {
        func escapeText(_ text: String) -> String { text.htmlEscaped }
    }

    private static let registerEscaping: Void = MustacheContentTypes.register(Escaping(), named: "GONGKAI_HTML")

    /// What swift-mustache draws, with gongkai's escaping put before every template as the theme did.
    static func reference(_ templates: [String: String], render name: String, with view: any TemplateView) throws -> String? {
        _ = registerEscaping
        var library = MustacheLibrary()
        for (n, text) in templates { library.register(try MustacheTemplate(string: "{{% CONTENT_TYPE: GONGKAI_HTML }}\n" + text), named: n) }
        return library.render(Reference(view: view), withTemplate: name)
    }

    static func ours(_ templates: [String: String], render name: String, with view: any TemplateView) throws -> String? {
        var library = TemplateLibrary()
        for (n, text) in templates { library.register(try TemplateParser.parse(text, file: n), named: n) }
        return try library.render(view, withTemplate: name)
    }

    // MARK: - Every built-in page

    /// The rendering threads draw with their own copies of the templates (`TemplatePool`): each copy draws every page of the
    /// example site as the theme's library does, a copy handed out again draws the same, and no text of a copy is stored
    /// in the original's memory (else the threads would contend for its reference count again).
    @Test func templateCopiesDrawAsTheOriginalAndShareNoText() throws {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let views = SiteViews(site: DiscloseStage.run(try #require(source)).site)
        var library = TemplateLibrary()
        for file in BuiltinTheme.files where file.path.hasPrefix("templates/") && file.path.hasSuffix(".mustache") {
            let name = String(file.path.dropFirst("templates/".count).dropLast(".mustache".count))
            library.register(try TemplateParser.parse(String(decoding: file.data, as: UTF8.self), file: file.path), named: name)
        }
        let pool = TemplatePool(library)
        for spec in views.pageSpecs() {
            let view = views.view(for: spec)
            let original = try library.render(view, withTemplate: spec.template)
            #expect(original != nil)
            #expect(try pool.render(view, withTemplate: spec.template) == original, "\(spec.outputPath)")
            #expect(try pool.render(view, withTemplate: spec.template) == original, "\(spec.outputPath), a copy drawn again")
        }
        func storage(_ text: String) -> UnsafeRawPointer? { text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil }
        func longTexts(_ template: Template) -> [String] {
            template.tokens.flatMap { token -> [String] in
                switch token {
                case .text(let text) where text.utf8.count > 15: [text]
                case .section(_, let inner, _), .invertedSection(_, let inner, _), .blockDefinition(_, let inner), .block(_, let inner, _): longTexts(inner)
                default: []
                }
            }
        }
        let copy = library.independentCopy()
        var compared = 0
        for (name, template) in library.templates {
            let copied = try #require(copy.template(named: name))
            let (ours, theirs) = (longTexts(template), longTexts(copied))
            #expect(ours == theirs, "\(name)")
            for (a, b) in zip(ours, theirs) {
                #expect(storage(a) != storage(b), "\(name): \(a.prefix(20))")
                compared += 1
            }
        }
        #expect(compared > 100)
    }

    @Test func everyPageOfTheExampleSiteIsDrawnAsSwiftMustacheDrewIt() throws {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let site = DiscloseStage.run(try #require(source)).site
        let views = SiteViews(site: site)
        let templates = Dictionary(uniqueKeysWithValues: BuiltinTheme.files
            .filter { $0.path.hasPrefix("templates/") && $0.path.hasSuffix(".mustache") }
            .map { (String($0.path.dropFirst("templates/".count).dropLast(".mustache".count)), String(decoding: $0.data, as: UTF8.self)) })
        let specs = views.pageSpecs()
        #expect(specs.count > 50)
        var templatesDrawn: Set<String> = []
        for spec in specs {
            let view = views.view(for: spec)
            let ours = try #require(try Self.ours(templates, render: spec.template, with: view), "\(spec.template)")
            let reference = try Self.reference(templates, render: spec.template, with: view)
            #expect(ours == reference, "\(spec.outputPath)")
            templatesDrawn.insert(spec.template)
        }
        #expect(templatesDrawn.isSuperset(of: Theme.requiredTemplates.filter { $0 != "withdrawn" && $0 != "record" }), "\(templatesDrawn)")
    }

    // MARK: - Generated templates

    // The values drawn by `{{{key}}}` are markup (`TrustedHTML`): gongkai draws text escaped even there,
    // where swift-mustache would not (`textIsEscapedEvenInATripleTag`).
    struct Row: TemplateView {
        var name: TrustedHTML
        var flag: Bool?
        var note: TrustedHTML?
        static let fields: Fields = ["name": { $0.name }, "flag": { $0.flag }, "note": { $0.note }]
    }

    struct Page: TemplateView {
        var title: TrustedHTML
        /// Text from the data, as most view fields hold.
        var plain: String
        var count: Int
        var yes: Bool
        var no: Bool
        var rows: [Row]
        var none: [Row]
        var child: Row
        var missing: Row?
        static let fields: Fields = [
            "title": { $0.title }, "plain": { $0.plain }, "count": { $0.count }, "yes": { $0.yes }, "no": { $0.no }, "rows": { $0.rows },
            "none": { $0.none }, "child": { $0.child }, "missing": { $0.missing },
        ]
    }

    static func html(_ markup: String) -> TrustedHTML { TrustedHTML(styleSheet: markup) }

    static let page = Page(title: html("标题 <a href=\"x\">&'"), plain: "<img src=x onerror=alert(1)>", count: 3, yes: true, no: false,
                           rows: [Row(name: html("甲"), flag: true, note: html("注")), Row(name: html("乙&"), flag: nil, note: nil),
                                  Row(name: html("丙"), flag: false, note: html("<b>"))],
                           none: [], child: Row(name: html("子"), flag: true, note: html("子注")), missing: nil)

    /// A random template: text, line ends, indentation, and tags nested up to `depth`. It names only
    /// the partials it is given, and a parent only when `parent` says so, and a block it hands to a
    /// parent names none (the parent draws it, and could be inside it), so no template includes itself:
    /// swift-mustache would recurse until the stack overflows.
    struct Generator {
        var random: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        static let values = ["title", "count", "yes", "name", "note", "child.name", "missing", "nothing", "rows.name", ".name", "child.note"]
        static let sections = ["rows", "none", "yes", "no", "child", "missing", "flag", "note", "title", "nothing"]

        mutating func text(depth: Int, blocks: Bool, partials: [String] = [], parent: Bool = false) -> String {
            var out = ""
            for _ in 0..<Int(random.next() % 7) {
                switch random.next() % 20 {
                case 0, 1: out += pick(["a", "中文", "<&>", "x y", "}", "a", "中文", "<&>", "x y", "{"])
                case 2, 3: out += "\n"
                case 4: out += "\r\n"
                case 5, 6: out += pick([" ", "  ", "\t", "\u{3000}"])
                case 7, 8: out += "{{\(pick(Self.values))}}"
                case 9: out += pick(["{{{\(pick(Self.values))}}}", "{{& \(pick(Self.values)) }}"])
                case 10: out += "{{! 注释 \(pick(["", "\n"])) }}"
                case 11: out += "{{>\(pick(partials + ["absent"]))}}"
                case 12 where blocks:
                    let block = pick(["b1", "b2"])
                    out += "{{$\(block)}}" + text(depth: depth + 1, blocks: blocks, partials: partials) + "{{/\(block)}}"
                case 13 where depth < 3 && parent:
                    out += "{{<parent}}" + pick(["", "\n", "  "]) + "{{$b1}}" + text(depth: depth + 1, blocks: false) + "{{/b1}}"
                        + pick(["", "\n"]) + "{{/parent}}"
                default:
                    guard depth < 3 else { continue }
                    let name = pick(Self.sections)
                    let close = random.next() % 40 == 0 ? pick(Self.sections) : name
                    out += "{{\(pick(["#", "^"]))\(name)}}" + text(depth: depth + 1, blocks: blocks, partials: partials, parent: parent) + "{{/\(close)}}"
                }
            }
            return out
        }
    }

    @Test func generatedTemplatesAreDrawnAsSwiftMustacheDrawsThem() throws {
        var generator = Generator(random: SplitMix64(state: 20261130))
        var compared = 0, refusedByBoth = 0
        for _ in 0..<5000 {
            let templates = [
                "main": generator.text(depth: 0, blocks: false, partials: ["p1", "p2"], parent: true),
                "p1": generator.text(depth: 1, blocks: false, partials: ["p2"], parent: true),
                "p2": "  " + generator.text(depth: 2, blocks: false),
                "parent": generator.text(depth: 2, blocks: true, partials: ["p2"]),
            ]
            let reference: String?
            do { reference = try Self.reference(templates, render: "main", with: Self.page) } catch {
                #expect(throws: TemplateParser.SyntaxError.self, "swift-mustache refuses \(templates)") { try Self.ours(templates, render: "main", with: Self.page) }
                refusedByBoth += 1
                continue
            }
            let ours = try Self.ours(templates, render: "main", with: Self.page)
            #expect(ours == reference, "\(templates)")
            compared += 1
        }
        #expect(compared > 3000 && refusedByBoth > 100, "compared \(compared), refused \(refusedByBoth)")
    }

    // MARK: - The rules, one at a time

    static func draw(_ text: String, partials: [String: String] = [:]) throws -> String {
        try #require(try ours(partials.merging(["main": text]) { a, _ in a }, render: "main", with: page))
    }

    @Test func valuesAreEscapedUnlessTripleOrAmpersand() throws {
        #expect(try Self.draw("{{title}}|{{{title}}}|{{&title}}") == "标题 &lt;a href=&quot;x&quot;&gt;&amp;&#39;|标题 <a href=\"x\">&'|标题 <a href=\"x\">&'")
        #expect(try Self.draw("{{% CONTENT_TYPE: TEXT }}\n{{title}}") == "标题 <a href=\"x\">&'")
        #expect(try Self.draw("{{count}} {{yes}} {{no}} [{{missing}}] [{{child}}] [{{rows}}]") == "3 true false [] [] []")
    }

    /// Only gongkai's own markup is ever drawn unescaped: text from the data is escaped in `{{{key}}}`,
    /// `{{&key}}` and after the TEXT pragma too (a theme doing so is refused when loaded, `ThemeCheckTests`).
    @Test func textIsEscapedEvenInATripleTag() throws {
        let escaped = "&lt;img src=x onerror=alert(1)&gt;"
        #expect(try Self.draw("{{plain}}|{{{plain}}}|{{&plain}}|{{% CONTENT_TYPE: TEXT }}{{plain}}") == [escaped, escaped, escaped, escaped].joined(separator: "|"))
    }

    @Test func namesClimbTheStackOnlyWithTheirFirstPart() throws {
        #expect(try Self.draw("{{#rows}}{{name}}:{{title}};{{/rows}}").hasPrefix("甲:标题"))
        #expect(try Self.draw("{{#rows}}[{{note}}]{{/rows}}") == "[注][][&lt;b&gt;]")  // a nil note does not climb to a `note` below
        #expect(try Self.draw("{{#child}}{{.name}}|{{.title}}|{{title}}{{/child}}").hasPrefix("子||标题"))
        #expect(try Self.draw("{{child.name}}{{child.title}}") == "子")
        #expect(try Self.draw("{{#title}}{{.}}{{/title}}") == "标题 &lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test func sectionsByKindOfValue() throws {
        #expect(try Self.draw("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}{{^yes}}y{{/yes}}") == "Yn")
        #expect(try Self.draw("{{#none}}x{{/none}}{{^none}}空{{/none}}{{^rows}}x{{/rows}}") == "空")
        #expect(try Self.draw("{{#missing}}x{{/missing}}{{^missing}}无{{/missing}}{{#count}}{{.}}{{/count}}") == "无3")
        #expect(try Self.draw("{{#rows}}{{#flag}}+{{/flag}}{{^flag}}-{{/flag}}{{/rows}}") == "+--")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        #expect(try Self.draw("a\n  {{#yes}}  \nb\n\t{{/yes}}\nc\n") == "a\nb\nc\n")
        #expect(try Self.draw("a\r\n{{! 注释 }}\r\nb") == "a\r\nb")
        #expect(try Self.draw("a {{#yes}}\nb{{/yes}} c") == "a \nb c")
        #expect(try Self.draw("|\n  {{>p}}\n|", partials: ["p": "x\ny\n"]) == "|\n  x\n  y\n|")
        #expect(try Self.draw("{{=<% %>=}}\n<%title%>{{title}}") == "标题 &lt;a href=&quot;x&quot;&gt;&amp;&#39;{{title}}")
    }

    @Test func parentsAndBlocks() throws {
        let parent = "<h1>{{$head}}默认{{/head}}</h1>\n{{$body}}\n正文\n{{/body}}\n"
        #expect(try Self.draw("{{<parent}}{{$head}}{{title}}{{/head}}{{/parent}}", partials: ["parent": parent])
            == "<h1>标题 &lt;a href=&quot;x&quot;&gt;&amp;&#39;</h1>\n正文\n")
        // The outermost definition wins over one further in.
        let middle = "{{<parent}}{{$head}}中{{/head}}{{$body}}中间\n{{/body}}{{/parent}}"
        #expect(try Self.draw("{{<middle}}{{$head}}外{{/head}}{{/middle}}", partials: ["parent": parent, "middle": middle]) == "<h1>外</h1>\n中间\n")
    }

    /// Templates that include each other stop with an error instead of recursing until the stack
    /// overflows, directly or through a block that a parent draws.
    @Test func templatesThatIncludeEachOtherStop() {
        for partials in [["main": "a{{>main}}"], ["main": "{{#rows}}{{>p}}{{/rows}}", "p": "{{>main}}"],
                         ["main": "{{<parent}}{{$b}}{{>p}}{{/b}}{{/parent}}", "parent": "{{$b}}{{/b}}", "p": "{{<parent}}{{$b}}x{{/b}}{{/parent}}"]] {
            #expect(throws: TemplateLibrary.Recursion.self, "\(partials)") { try Self.ours(partials, render: "main", with: Self.page) }
        }
        // The diagnostic points at the tag that closes the loop: here on the second line of `p`.
        #expect { try Self.ours(["main": "{{>p}}", "p": "x\n{{#rows}}{{>main}}{{/rows}}"], render: "main", with: Self.page) } throws: { error in
            guard let error = error as? TemplateLibrary.Recursion else { return false }
            return error.path == ["main", "p", "main"] && error.file == "p" && error.line == 2
        }
    }

    /// Partials that each draw the next one twice double the page with every partial, and sections nested
    /// over a list multiply it, with no loop to find: forty such partials drew a terabyte (a page of 64 MB
    /// took a minute and 440 MB with 26; with an empty last partial nothing is drawn and it never ends).
    /// The page stops at its limits with an error naming the partials on the way down.
    @Test func aPageThatGrowsWithoutBoundStopsAtItsLimits() throws {
        func library(_ templates: [String: String], limits: TemplateLibrary.Limits) throws -> TemplateLibrary {
            var library = TemplateLibrary()
            library.limits = limits
            for (n, text) in templates { library.register(try TemplateParser.parse(text, file: n), named: n) }
            return library
        }
        var doubling = ["p40": ""]
        for i in 0..<40 { doubling["p\(i)"] = "{{>p\(i + 1)}}{{>p\(i + 1)}}" }
        let main = "标题\n{{>p0}}"
        // Nothing drawn at all: only the steps stop it (a million here; a page's default is a hundred).
        #expect(TemplateLibrary().limits.steps == TemplateLibrary.Limits.page.steps)
        #expect { try library(doubling.merging(["main": main]) { a, _ in a }, limits: .init(bytes: .max, steps: 1_000_000)).render(Self.page, withTemplate: "main") } throws: { error in
            guard let error = error as? TemplateLibrary.Recursion else { return false }
            return error.tooLarge && error.path.starts(with: ["main", "p0", "p1"]) && "\(error)".contains("画出的页面过大")
        }
        // Bytes: a leaf of a kilobyte passes a 1 MiB page after a thousand leaves.
        doubling["p40"] = String(repeating: "字", count: 400)
        #expect { try library(doubling.merging(["main": main]) { a, _ in a }, limits: .init(bytes: 1 << 20, steps: .max)).render(Self.page, withTemplate: "main") } throws: { error in
            (error as? TemplateLibrary.Recursion)?.tooLarge == true
        }
        // Sections nested over a list: 3⁸ rows of nothing.
        let nested = String(repeating: "{{#rows}}", count: 8) + String(repeating: "{{/rows}}", count: 8)
        #expect { try library(["main": nested], limits: .init(bytes: .max, steps: 1000)).render(Self.page, withTemplate: "main") } throws: { error in
            guard let error = error as? TemplateLibrary.Recursion else { return false }
            return error.tooLarge && error.line == 1 && error.file == "main"
        }
        // Within the limits the page is drawn as before.
        #expect(try library(["main": nested], limits: .init(bytes: .max, steps: 100_000)).render(Self.page, withTemplate: "main") == "")
        #expect(try library(["main": "{{#rows}}{{name}}{{/rows}}"], limits: .init(bytes: 14, steps: .max)).render(Self.page, withTemplate: "main") == "甲乙&amp;丙")
        #expect(throws: TemplateLibrary.Recursion.self) {
            try library(["main": "{{#rows}}{{name}}{{/rows}}"], limits: .init(bytes: 13, steps: .max)).render(Self.page, withTemplate: "main")
        }
    }

    /// A hostile theme cannot exhaust the stack: nesting beyond the limit is a syntax error with its line.
    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "{{#yes}}\n", count: 100_000) + String(repeating: "{{/yes}}", count: 100_000)
        #expect { try TemplateParser.parse(deep) } throws: { ($0 as? TemplateParser.SyntaxError)?.line == TemplateParser.depthLimit + 1 }
        let fine = String(repeating: "{{#yes}}", count: TemplateParser.depthLimit) + "深" + String(repeating: "{{/yes}}", count: TemplateParser.depthLimit)
        #expect(try Self.draw(fine) == "深")
    }

    @Test func whatGongkaiDoesNotReadIsRefusedWithItsLine() {
        for (text, line, says) in [("a\n{{uppercased(title)}}", 2, "函数"), ("{{>*dynamic}}", 1, "动态"), ("a\nb\n{{#rows}}\n", 3, "没有结束"),
                                   ("{{#a}}{{/b}}", 1, "不对应"), ("x\n{{% CONTENT_TYPE: JSON }}", 2, "CONTENT_TYPE"), ("{{! 没有结束", 1, "注释"),
                                   ("{{<p}}{{x}}{{/p}}", 1, "{{$块名}}"), ("{{=<%>=}}", 1, "分隔符"), ("a\nb {", 2, "没写完的标签")] {
            #expect { try TemplateParser.parse(text) } throws: { error in
                guard let error = error as? TemplateParser.SyntaxError else { return false }
                return error.line == line && error.message.contains(says)
            }
        }
    }
}
