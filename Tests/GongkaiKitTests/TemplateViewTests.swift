import Foundation
import Testing
@testable import GongkaiCore
@testable import GongkaiDisclosed
@testable import GongkaiKit
@testable import GongkaiRender

/// The typed views and the built-in templates agree: every key a template names is declared by
/// a view, and every key a view declares is read by a template. Mustache renders an unknown key
/// as nothing, so a misspelt key would otherwise pass every build in silence.
@Suite struct TemplateViewTests {
    /// Every view a template can reach. A view left out makes the test fail on its keys, not pass.
    static let viewTypes = ViewCatalog.types

    static func declaredKeys<View: TemplateView>(_ type: View.Type) -> Set<String> { Set(View.fields.keys) }

    /// Each key named in a template, with the file it appears in: variables, sections and the parts of
    /// dotted names. Partials, parents, blocks, comments and the pragma name templates, not keys.
    static func templateKeys() -> [(key: String, file: String)] {
        BuiltinTheme.files.filter { $0.path.hasPrefix("templates/") && $0.path.hasSuffix(".mustache") }.flatMap { path, data in
            keys(in: String(decoding: data, as: UTF8.self)).map { (key: $0, file: path) }
        }
    }

    static func keys(in text: String) -> [String] {
        var keys: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.first == "{" { tag = tag.dropFirst(); if rest.first == "}" { rest = rest.dropFirst() } }
            tag = tag.drop { $0 == " " }
            guard let sigil = tag.first else { continue }
            if "!%></$=".contains(sigil) { continue }
            if "#^&".contains(sigil) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            guard name != "." else { continue }
            keys += name.split(separator: ".").map(String.init)
        }
        return keys
    }

    @Test func everyTemplateKeyIsDeclaredByAView() {
        let declared = Self.viewTypes.reduce(into: Set<String>()) { $0.formUnion(Self.declaredKeys($1)) }
        let keys = Self.templateKeys()
        #expect(keys.count > 300, "the scanner found too few keys: \(keys.count)")
        let undeclared = keys.filter { !declared.contains($0.key) }.map { "\($0.file): \($0.key)" }
        #expect(undeclared.isEmpty, "template keys that no view declares: \(Set(undeclared).sorted())")
    }

    @Test func everyDeclaredKeyIsReadByATemplate() {
        let used = Set(Self.templateKeys().map(\.key))
        var unused: [String] = []
        for type in Self.viewTypes {
            for key in Self.declaredKeys(type).sorted() where !used.contains(key) { unused.append("\(type).\(key)") }
        }
        #expect(unused.isEmpty, "view keys that no built-in template reads: \(unused)")
    }

    /// The scanner itself: a misspelt key in a template is caught.
    @Test func aMisspeltKeyIsFound() {
        let text = "{{<layout}}{{$main}}{{! 注释 }}{{#project}}{{ nmae }}{{/project}}{{>partials/x}}{{{report}}}{{&site.titel}}{{.}}{{/main}}{{/layout}}"
        #expect(Self.keys(in: text) == ["project", "nmae", "report", "site", "titel"])
        let declared = Self.viewTypes.reduce(into: Set<String>()) { $0.formUnion(Self.declaredKeys($1)) }
        #expect(Self.keys(in: text).filter { !declared.contains($0) } == ["nmae", "titel"])
    }

    /// `ViewCatalog.pageViews`, which the top-level key check reads, names the view each page of the
    /// example site really draws.
    @Test func thePageViewsAreThoseTheSiteDraws() throws {
        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let views = SiteViews(site: DiscloseStage.run(try #require(source)).site)
        var checked: Set<String> = []
        for spec in views.pageSpecs() {
            let body = type(of: views.view(for: spec).body)
            let declared = try #require(ViewCatalog.pageViews[spec.template], "\(spec.template)")
            #expect(ObjectIdentifier(body) == ObjectIdentifier(declared), "\(spec.template): \(body)")
            checked.insert(spec.template)
        }
        #expect(checked.count >= 18, "\(checked.sorted())")
    }

    /// The keys a theme may draw unescaped are those the built-in theme draws so, and every value of the
    /// example site's pages under such a key is gongkai's own HTML, never text (and no HTML hides
    /// under another key).
    @Test func onlyTrustedHTMLKeysAreDrawnUnescaped() throws {
        var raw: Set<String> = []
        for (path, data) in BuiltinTheme.files where path.hasPrefix("templates/") {
            let text = String(decoding: data, as: UTF8.self)
            for match in text.matches(of: /\{\{\{\s*([A-Za-z.]+)\s*\}\}\}|\{\{&\s*([A-Za-z.]+)\s*\}\}/) {
                raw.insert(String((match.1 ?? match.2)!.split(separator: ".").last!))
            }
        }
        #expect(raw == TrustedHTML.keys)

        let (source, _) = LoadStage.run(fileSystem: DiskFileSystem(), root: repositoryRoot, jobs: 1)
        let views = SiteViews(site: DiscloseStage.run(try #require(source)).site)
        var htmlSeen: Set<String> = []
        func visit(_ view: any TemplateView, keys: Set<String>) {
            for key in keys.sorted() {
                switch view.child(named: key) {
                case .html?: htmlSeen.insert(key); #expect(TrustedHTML.keys.contains(key), "\(type(of: view)).\(key)")
                case .text?: #expect(!TrustedHTML.keys.contains(key) || type(of: view) == DepartmentPageView.Info.self, "\(type(of: view)).\(key) is text")
                case .view(let child)?: visit(child, keys: type(of: child).keys)
                case .list(let list)?: list.forEachView { visit($0, keys: type(of: $0).keys) }
                default: break
                }
            }
        }
        for spec in views.pageSpecs() {
            let page = views.view(for: spec)
            visit(page, keys: PageView.keys.union(type(of: page.body).keys))
        }
        #expect(htmlSeen == ["body", "intro", "narrative", "report"])
    }
}
