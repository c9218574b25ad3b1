import Foundation
import GongkaiCore
import GongkaiRender
import Testing
@testable import GongkaiKit

/// The built-in theme, file-by-file overriding, `gongkai theme export` and `gongkai new`.
@Suite struct ThemeTests {
    static func temporaryFolder(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(name)-\(UUID().uuidString)").path
    }

    @Test func builtinThemeMatchesThemeFolder() throws {
        let disk = DiskFileSystem()
        let folder = joinPath(repositoryRoot, "theme")
        let onDisk = try disk.listFiles(under: folder)
        #expect(BuiltinTheme.files.map(\.path) == onDisk,
                "内置主题与 theme/ 不一致：请运行 python3 scripts/embed-theme.py 并提交 BuiltinTheme.generated.swift")
        for (path, data) in BuiltinTheme.files where onDisk.contains(path) {
            #expect(data == (try disk.read(joinPath(folder, path))),
                    "内置主题的 \(path) 已过期：请运行 python3 scripts/embed-theme.py")
        }
    }

    /// The fixture without any theme file: everything comes from the built-in theme.
    @Test func siteWithoutThemeFolderBuilds() throws {
        let fs = MemoryFileSystem(SiteFixture().files)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let css = try #require(BuiltinTheme.files.first { $0.path == "assets/style.css" })
        #expect(try fs.read("public/assets/style.css") == css.data)
        #expect(fs.text("public/index.html")?.contains("测试市预算绩效信息公开平台") == true)
    }

    /// A broken template is named with the line of the file itself.
    @Test func aBrokenTemplateIsReportedAtItsOwnLine() throws {
        var site = SiteFixture()
        site["theme/templates/404.mustache"] = "<!DOCTYPE html><title>404</title>\n<p>第二行</p>\n{{/没有打开的段落}}\n"
        let report = Pipeline(fileSystem: MemoryFileSystem(site.files)).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded)
        let problem = try #require(report.errors.first { $0.location.file == "theme/templates/404.mustache" }, "\(report.rendered)")
        #expect(problem.code == .themeTemplate && problem.location.line == 3, "\(report.rendered)")
    }

    /// Partials that include each other stop the build with GK150 naming the loop, instead of
    /// recursing until the stack overflows, and the website already published stays as it was.
    @Test func partialsThatIncludeEachOtherFailTheBuild() throws {
        var site = SiteFixture()
        let (first, fs) = site.build()
        #expect(first.succeeded, "\(first.rendered)")
        let before = try fs.read("public/index.html")
        site["theme/templates/partials/project-table.mustache"] = "<table>{{>partials/loop}}</table>\n"
        site["theme/templates/partials/loop.mustache"] = "<tr>{{>partials/project-table}}</tr>\n"
        for (path, text) in site.files where path.hasPrefix("theme/") { fs.write(text, to: path) }
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(!report.succeeded)
        let problem = try #require(report.first(.themeTemplate), "\(report.rendered)")
        #expect(problem.message.contains("partials/loop.mustache → partials/project-table.mustache"), "\(problem.message)")
        // At the tag that closes the loop.
        #expect(problem.location.file == "theme/templates/partials/loop.mustache" && problem.location.line == 1, "\(report.rendered)")
        #expect(try fs.read("public/index.html") == before)
    }

    /// A template saved by Windows Notepad: a byte-order mark and CRLF line ends. The mark is not
    /// drawn (it would come before `<!DOCTYPE html>`); the line ends are kept as written.
    @Test func aTemplateSavedWithAByteOrderMarkIsDrawnWithoutIt() throws {
        var site = SiteFixture()
        site["theme/templates/404.mustache"] = "\u{FEFF}<!DOCTYPE html><title>404</title>\r\n<p>{{site.title}}：页面不存在</p>\r\n"
        let fs = MemoryFileSystem(site.files) // only the override, the rest built in
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/404.html"))
        #expect(page.hasPrefix("<!DOCTYPE html><title>404</title>\r\n<p>"), "\(page.debugDescription)")
        #expect(!page.unicodeScalars.contains("\u{FEFF}") && page.contains("页面不存在</p>\r\n"))
    }

    @Test func siteThemeOverridesFileByFile() throws {
        var site = SiteFixture()
        site["theme/assets/style.css"] = "body { color: #123456; }\n"
        site["theme/templates/404.mustache"] = "<!DOCTYPE html><title>本站自定义的404</title><p>自定义页面不存在</p>\n"
        site["theme/assets/extra.txt"] = "附加文件\n"
        let fs = MemoryFileSystem(site.files) // only the overrides, no copy of the full theme
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.text("public/assets/style.css") == "body { color: #123456; }\n")
        #expect(fs.text("public/404.html")?.contains("自定义页面不存在") == true)
        #expect(fs.text("public/assets/extra.txt") == "附加文件\n")
        // The rest is still the built-in theme.
        let sortJS = try #require(BuiltinTheme.files.first { $0.path == "assets/sort.js" })
        #expect(try fs.read("public/assets/sort.js") == sortJS.data)
        #expect(fs.text("public/index.html")?.contains("测试市预算绩效信息公开平台") == true)
    }

    @Test func brokenOverrideNamesItsFileAndLine() {
        var site = SiteFixture()
        site["theme/templates/partials/project-table.mustache"] = "<table>\n{{#rows}}\n<tr></tr>\n"
        let fs = MemoryFileSystem(site.files)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded)
        let diagnostic = report.first(.themeTemplate)
        #expect(diagnostic?.location.file == "theme/templates/partials/project-table.mustache", "\(report.rendered)")
        #expect(fs.isFile("public/index.html") == false)
    }

    @Test func namedThemeFolderMustExist() {
        var site = SiteFixture()
        site["gongkai.yaml"] = (site["gongkai.yaml"] ?? "") + "\ntheme: mytheme\n"
        let report = Pipeline(fileSystem: MemoryFileSystem(site.files)).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded)
        #expect(report.first(.themeTemplate)?.message.contains("mytheme") == true, "\(report.rendered)")
    }

    @Test func exportWritesTheBuiltinThemeAndRefusesANonEmptyFolder() throws {
        let folder = Self.temporaryFolder("theme")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try Scaffold.exportTheme(to: folder)
        #expect(written.count == BuiltinTheme.files.count)
        let disk = DiskFileSystem()
        for (path, data) in BuiltinTheme.files { #expect(try disk.read(joinPath(folder, path)) == data) }
        // A second export would overwrite the publisher's changes: refused, nothing touched.
        try Data("body{}".utf8).write(to: URL(fileURLWithPath: joinPath(folder, "assets/style.css")))
        #expect(throws: Scaffold.Refusal.self) { try Scaffold.exportTheme(to: folder) }
        #expect(try disk.read(joinPath(folder, "assets/style.css")) == Data("body{}".utf8))
    }

    @Test func newSiteBuildsWithNoDiagnostics() throws {
        let folder = Self.temporaryFolder("new")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold.newSite(at: folder)
        #expect(!FileManager.default.fileExists(atPath: joinPath(folder, "theme")))
        let report = Pipeline().run(BuildOptions(siteRoot: folder, jobs: 1))
        #expect(report.succeeded)
        #expect(report.diagnostics.isEmpty, "\(report.rendered)")
        #expect(report.projectsPublished == 1)
        #expect(FileManager.default.fileExists(atPath: joinPath(folder, "public/index.html")))
        // Strict mode too: the project publishes what is required.
        var strict = BuildOptions(siteRoot: folder, jobs: 1, writeOutput: false, strict: true)
        strict.asOf = CalendarDate(year: 2025, month: 6, day: 1)
        #expect(Pipeline().run(strict).diagnostics.isEmpty)
    }

    @Test func newRefusesAFolderThatIsNotEmpty() throws {
        let folder = Self.temporaryFolder("new-busy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: joinPath(folder, ".git"), withIntermediateDirectories: true)
        #expect(throws: Scaffold.Refusal.self) { try Scaffold.newSite(at: folder) }
        #expect(!FileManager.default.fileExists(atPath: joinPath(folder, "gongkai.yaml")))
    }

    @Test func newRefusesAFolderInsideASiteAndADanglingLink() throws {
        let folder = Self.temporaryFolder("new-outer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold.newSite(at: folder)
        // Inside another site it would be read as that site's content (or theme, or output).
        let inner = joinPath(folder, "content/sub")
        let refusal = #expect(throws: Scaffold.Refusal.self) { try Scaffold.newSite(at: inner) }
        #expect(refusal?.description.contains("在已有站点") == true)
        #expect(!FileManager.default.fileExists(atPath: inner))
        // A link to nowhere was reported as 目标已存在.
        let dangling = Self.temporaryFolder("new-dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "/nonexistent/gongkai-dir")
        defer { try? FileManager.default.removeItem(atPath: dangling) }
        let linked = #expect(throws: Scaffold.Refusal.self) { try Scaffold.newSite(at: dangling) }
        #expect(linked?.description.contains("指向不存在位置的符号链接") == true)
        // The scaffold keeps gongkai's own state (absolute local paths) out of the repository.
        #expect(try String(contentsOfFile: joinPath(folder, ".gitignore"), encoding: .utf8).contains(".gongkai/\n"))
        // A deploy killed while it appended to the record leaves its lock file beside it: no lock (flock is the
        // process's), but `git add .` committed it with the record.
        #expect(try String(contentsOfFile: joinPath(folder, ".gitignore"), encoding: .utf8).contains(".publication-record.yaml.lock\n"))
    }

    /// The check for an enclosing site walked the path as written: through a symbolic link to another
    /// site's `content/` (a shortcut in the home folder, a mounted share) it found no gongkai.yaml and wrote
    /// a whole site into that content, which broke the other site's next build (GK102 on every file).
    @Test func newRefusesAFolderInsideASiteReachedThroughALink() throws {
        let folder = Self.temporaryFolder("new-linked-outer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold.newSite(at: folder)
        let pages = joinPath(folder, "content/pages")
        let link = Self.temporaryFolder("new-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: pages)
        defer { try? FileManager.default.removeItem(atPath: link) }
        let refusal = #expect(throws: Scaffold.Refusal.self) { try Scaffold.newSite(at: joinPath(link, "sub")) }
        #expect(refusal?.description.contains("在已有站点") == true)
        #expect(!FileManager.default.fileExists(atPath: joinPath(pages, "sub")))
        // The folder itself a link to an empty folder inside the site.
        try FileManager.default.createDirectory(atPath: joinPath(pages, "empty"), withIntermediateDirectories: true)
        let direct = Self.temporaryFolder("new-link-direct")
        try FileManager.default.createSymbolicLink(atPath: direct, withDestinationPath: joinPath(pages, "empty"))
        defer { try? FileManager.default.removeItem(atPath: direct) }
        #expect(throws: Scaffold.Refusal.self) { try Scaffold.newSite(at: direct) }
        #expect(!FileManager.default.fileExists(atPath: joinPath(pages, "empty/gongkai.yaml")))
        #expect(Pipeline().run(BuildOptions(siteRoot: folder, jobs: 1, writeOutput: false)).succeeded)
    }

    @Test func theNextStepCanBePasted() {
        #expect(Scaffold.shellWord("我的站点") == "我的站点")
        #expect(Scaffold.shellWord("有 空格 站点") == "'有 空格 站点'")
        #expect(Scaffold.shellWord("-x") == "./-x")
        #expect(Scaffold.shellWord("it's") == "'it'\\''s'")
    }
}
