import Foundation
import GongkaiCore
import GongkaiRender
import Testing
@testable import GongkaiKit

/// A site's own theme is checked when it is loaded (`ThemeCheck`): unescaped output of anything but
/// gongkai's own HTML and missing partials are errors (GK150), unknown keys warnings (GK151), each at
/// the tag's file, line and column.
@Suite struct ThemeCheckTests {
    static let hostileName = "<img src=x onerror=alert(1)>"

    /// The fixture with a hostile project name and `project.mustache` replaced by `template`.
    static func site(project template: String) -> SiteFixture {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "name: 学生营养改善计划", with: "name: \"\(hostileName)\"")
        site["theme/templates/project.mustache"] = template
        return site
    }

    static func build(_ site: SiteFixture) -> (BuildReport, MemoryFileSystem) {
        let fs = MemoryFileSystem(site.files)  // only the overrides, the rest built in
        return (Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1)), fs)
    }

    static func at(_ d: Diagnostic) -> String { "\(d.location.file):\(d.location.line):\(d.location.column)" }

    /// Partials that each draw the next one twice: forty of them drew a terabyte (with an empty last one,
    /// a page that never ended), and the check of keys at a page's top walked each partial as often as it
    /// is drawn (2⁴⁰ times: `check` never ended before drawing). Refused when the theme is loaded, at the
    /// partial where the count passes the limit; nothing is drawn or written.
    @Test func partialsThatDoubleThePageAreRefusedBeforeDrawing() {
        var site = Self.site(project: "{{<layout}}{{$main}}\n{{>partials/p0}}\n{{/main}}{{/layout}}")
        for i in 0..<40 { site["theme/templates/partials/p\(i).mustache"] = "{{>partials/p\(i + 1)}}{{>partials/p\(i + 1)}}" }
        site["theme/templates/partials/p40.mustache"] = ""
        let (report, fs) = Self.build(site)
        #expect(!report.succeeded)
        let errors = report.errors.filter { $0.code == .themeTemplate }
        // p27 draws 2¹⁴ − 2 partials, p28 2¹³ − 2: the growth passes ten thousand at p27's first tag.
        #expect(errors.map(Self.at) == ["theme/templates/partials/p27.mustache:1:1"], "\(report.rendered)")
        #expect(errors.first?.message.contains("部分模板层层重复引用") == true)
        #expect(!fs.isFile("public/index.html"))
        // Thirteen levels draw 16,382 partials: refused at the top; twelve (8,190) are drawn.
        func chain(_ levels: Int) -> SiteFixture {
            var site = Self.site(project: "{{<layout}}{{$main}}\n{{>partials/p0}}\n{{/main}}{{/layout}}")
            for i in 0..<levels { site["theme/templates/partials/p\(i).mustache"] = "{{>partials/p\(i + 1)}}{{>partials/p\(i + 1)}}" }
            site["theme/templates/partials/p\(levels).mustache"] = ""
            return site
        }
        #expect(Self.build(chain(13)).0.errors.filter { $0.code == .themeTemplate }.map(Self.at) == ["theme/templates/partials/p0.mustache:1:1"])
        let (fine, _) = Self.build(chain(12))
        #expect(fine.errors.filter { $0.code == .themeTemplate }.isEmpty, "\(fine.rendered)")
    }

    @Test func rawOutputOfDataIsAnErrorAtItsTag() {
        let (report, fs) = Self.build(Self.site(project: """
            {{<layout}}{{$main}}
            <h1>{{{project.name}}}</h1>
            <p>{{project.code}} {{&project.name}}</p>
            {{{narrative}}}
            {{/main}}{{/layout}}
            """))
        #expect(!report.succeeded)
        let errors = report.errors.filter { $0.code == .themeTemplate }
        #expect(errors.map(Self.at) == ["theme/templates/project.mustache:2:5", "theme/templates/project.mustache:3:21"], "\(report.rendered)")
        #expect(errors.allSatisfy { $0.message.contains("不经转义") && $0.message.contains("project.name") })
        #expect(!fs.isFile("public/index.html"))
        #expect(!fs.outputTexts().values.contains { $0.contains(Self.hostileName) })
    }

    /// `{{% CONTENT_TYPE: TEXT }}` turns escaping off for the `{{key}}` tags after it (in its section).
    @Test func theTextPragmaCountsAsUnescaped() {
        let (report, _) = Self.build(Self.site(project: """
            {{<layout}}{{$main}}
            {{#project}}{{% CONTENT_TYPE: TEXT }}{{code}}{{/project}}{{name}}
            {{% CONTENT_TYPE: TEXT }}
            {{narrative}} {{project.name}}
            {{/main}}{{/layout}}
            """))
        let errors = report.errors.filter { $0.code == .themeTemplate }
        #expect(errors.map(Self.at) == ["theme/templates/project.mustache:2:38", "theme/templates/project.mustache:4:15"], "\(report.rendered)")
        #expect(errors.allSatisfy { $0.message.contains("CONTENT_TYPE: TEXT") })
    }

    /// A key that holds HTML on one view and text on another (`intro`: the site's Markdown on the home
    /// page, a department's plain text) passes the check, and the renderer still escapes the text.
    @Test func textUnderAnHTMLKeyIsEscapedAnyway() throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "intro: 主管全市教育工作。", with: "intro: \"<b>主管</b>全市教育工作\"")
        site["theme/templates/department.mustache"] = "{{<layout}}{{$main}}{{#department}}<div>{{{intro}}}</div>{{/department}}{{/main}}{{/layout}}\n"
        let (report, fs) = Self.build(site)
        #expect(report.succeeded, "\(report.rendered)")
        #expect(try #require(fs.text("public/departments/jyj/index.html")).contains("<div>&lt;b&gt;主管&lt;/b&gt;全市教育工作</div>"))
    }

    @Test func aMissingPartialIsAnErrorNamingIt() {
        var site = SiteFixture()
        site["theme/templates/404.mustache"] = "<!DOCTYPE html><title>404</title>\n  {{>partials/nope}}\n{{<nolayout}}{{/nolayout}}\n"
        let (report, _) = Self.build(site)
        #expect(!report.succeeded)
        let errors = report.errors.filter { $0.code == .themeTemplate }
        #expect(errors.map(Self.at) == ["theme/templates/404.mustache:2:3", "theme/templates/404.mustache:3:1"], "\(report.rendered)")
        #expect(errors.first?.message.contains("partials/nope.mustache") == true && errors.last?.message.contains("nolayout.mustache") == true)
    }

    @Test func unknownKeysAreWarningsAtTheirTags() throws {
        let (report, fs) = Self.build(Self.site(project: """
            {{<layout}}{{$main}}
            <p>{{nosuchkey}}|{{project.nosuch}}|{{name}}|{{#funding}}{{nosuch2}}{{unit}}{{/funding}}</p>
            {{/main}}{{/layout}}
            """))
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.diagnostics.filter { $0.code == .themeKey }.sorted { $0.location < $1.location }
        #expect(warnings.map(Self.at) == ["theme/templates/project.mustache:2:4", "theme/templates/project.mustache:2:18", "theme/templates/project.mustache:2:37",
                                          "theme/templates/project.mustache:2:58"], "\(report.rendered)")
        #expect(warnings.count == 4 && warnings[1].message.contains("project.nosuch") && warnings[2].message.contains("project 页面"))
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(try #require(fs.text("public/projects/2025/jyj-2025-001/index.html")).contains("<p>|||万元</p>"))
    }

    /// A typo in a key names the key meant, as a typo in a data file's field does (GK102).
    @Test func aMistypedKeyNamesTheKeyMeant() throws {
        let (report, _) = Self.build(Self.site(project: "{{<layout}}{{$main}}<p>{{projct.name}}|{{nosuchkey}}</p>{{/main}}{{/layout}}"))
        let warnings = report.diagnostics.filter { $0.code == .themeKey }.sorted { $0.location < $1.location }
        #expect(warnings.count == 2, "\(report.rendered)")
        #expect(warnings.first?.message.contains("是否应为 project？") == true, "\(report.rendered)")
        #expect(warnings.last?.message.contains("是否应为") == false, "no key is near nosuchkey: \(report.rendered)")
        #expect("naem".closest(among: ["name", "names", "year"]) == "name" && "ab".closest(among: ["cd"]) == nil)
    }

    /// A theme exported before page folders had listings (`/tongzhi/`, drawn by `documents` with their own `heading`)
    /// writes the policy list's title into `documents.mustache`: every folder listing would be headed 政策文件. Named
    /// once, at the template, as a warning; the built-in template and a site's own that draws `heading` (here through
    /// a partial) are not named.
    @Test(arguments: [("<h1>政策文件</h1>", true), ("{{>partials/title}}", false), ("<h1>{{heading}}</h1>", false)])
    func aDocumentsTemplateWithoutItsHeadingIsNamed(_ title: String, _ named: Bool) throws {
        var site = SiteFixture()
        site["theme/templates/documents.mustache"] = "{{<layout}}\n{{$main}}\n\(title)\n{{#groups}}<h2>{{category}}</h2>{{/groups}}\n{{/main}}\n{{/layout}}\n"
        site["theme/templates/partials/title.mustache"] = "<h1>{{heading}}</h1>\n"
        site["content/pages/tongzhi/zipingjia.md"] = "---\ntitle: 关于开展2025年度绩效自评的通知\ndate: 2025-02-10\ncategory: 通知公告\n---\n通知正文。\n"
        let (report, fs) = Self.build(site)
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.diagnostics.filter { $0.message.contains("heading") }
        if named {
            let warning = try #require(warnings.first, "\(report.rendered)")
            #expect(warnings.count == 1 && warning.code == .themeKey && warning.severity == .warning, "\(report.rendered)")
            #expect(Self.at(warning) == "theme/templates/documents.mustache:1:1" && warning.message.contains("政策文件以外"), "\(warning.message)")
        } else {
            #expect(warnings.isEmpty, "\(report.rendered)")
            let listing = try #require(fs.text("public/tongzhi/index.html"))
            #expect(listing.contains("<h1>通知公告</h1>"), "\(listing)")
        }
    }

    /// One syntax error, one diagnostic: the broken required template is not reported missing as well.
    @Test func aSyntaxErrorIsTheOnlyDiagnostic() {
        var site = SiteFixture()
        site["theme/templates/project.mustache"] = "{{<layout}}{{$main}}\n{{#project}}\n{{/main}}{{/layout}}\n"
        let (report, _) = Self.build(site)
        #expect(report.diagnostics.count == 1, "\(report.rendered)")
        #expect(report.first(.themeTemplate)?.message.contains("语法错误") == true)
        #expect(!report.rendered.contains("缺少模板"))
    }

    /// The built-in theme passes its own checks: no diagnostic at all.
    @Test func theBuiltinThemeHasNothingToReport() {
        let (theme, diagnostics) = Theme.load(fileSystem: MemoryFileSystem([:]), folder: "theme", display: "theme")
        #expect(theme != nil)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.items.map(\.description))")
    }
}
