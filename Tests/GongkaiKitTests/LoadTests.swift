import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Loading each kind of file into the source model.
@Suite("Loading the site folder")
struct LoadTests {
    func load(_ site: SiteFixture = SiteFixture()) -> (SourceSite, DiagnosticList) {
        let (loaded, diagnostics) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 2)
        return (loaded!, diagnostics)
    }

    /// A delimiter line may carry spaces, tabs or U+3000 around its dashes, as hand-edited files do;
    /// four dashes, spaced dashes or full-width dashes are YAML text, not a delimiter.
    @Test func aFolderInContentThatIsNotReadIsNamed() {
        var site = SiteFixture()
        // `project` for `projects`: the project in it would silently never be published.
        site["content/project/2025/JYJ-2025-009.md"] = site["content/projects/2025/JYJ-2025-001.md"]!
        site["content/说明.txt"] = "内部说明"
        site["content/.DS_Store"] = "x"
        // A picture or PDF beside the pages is not published either; hidden files are nobody's content.
        site["content/pages/notices/附件1.pdf"] = "%PDF"
        site["content/pages/.DS_Store"] = "x"
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
        let unread = report.diagnostics.filter { $0.code == .unreadContent }
        #expect(unread.map(\.location.file) == ["content/pages/notices/附件1.pdf", "content/project", "content/说明.txt"], "\(report.rendered)")
        #expect(unread.allSatisfy { $0.severity == .warning && $0.message.contains("不会被读取") })
    }

    @Test func aHeaderLinesIndentIsCountedInCharactersAsBefore() {
        // Counted on bytes, the indent must still be what the Character walk counts: a space that a combining
        // mark, a joiner or a spacing mark joins is not indentation.
        let lines = ["", "    report: |", "  中文", "  \u{301}x", "   \u{200D}x", "  \u{0903}x", "  👍🏽", " \u{1F3FB}", "\u{3000}  x",
                     "      ", "  - >-", "  é", "  e\u{301}"]
        for line in lines {
            let (indent, rest) = FrontMatterFile.BlockScalar.indentation(line[...])
            let expected = line.prefix { $0 == " " }.count
            #expect(indent == expected && rest == line.dropFirst(expected), "\(Array(line.unicodeScalars))")
        }
    }

    @Test func frontMatterDelimitersAsClerksTypeThem() throws {
        var d = DiagnosticList()
        let text = "\u{3000}---\ntitle: 通知\nnote: ----\n- - -\n－－－\n\t---  \u{3000}\n正文\n---\n末行\n"
        let parts = try #require(FrontMatterFile.split(text, file: "x.md", diagnostics: &d))
        #expect(parts.yaml == "title: 通知\nnote: ----\n- - -\n－－－\n")
        #expect(parts.body == "正文\n---\n末行\n")
        #expect(parts.bodyFirstLine == 7)
        #expect(d.items.isEmpty)
        #expect(FrontMatterFile.split("----\ntitle: x\n----\n", file: "y.md", diagnostics: &d) == nil)
        #expect(d.items.map(\.code) == [.frontMatter])
    }

    @Test func configuration() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += """

        grade_scheme: 四档制
        grade_schemes:
          四档制:
            - {grade: 优秀, min: 90}
            - {grade: 良好, min: 75}
            - {grade: 合格, min: 60}
            - {grade: 不合格, min: 0}
        """
        let (source, d) = load(site)
        #expect(!d.hasErrors, "\(d.items)")
        #expect(source.config.title == "测试市预算绩效信息公开平台")
        #expect(source.config.baseURL == "https://example.gov.cn/")
        #expect(source.config.footer.siteCode == "0000000001")
        #expect(source.config.gradeScheme.name == "四档制")
        #expect(source.config.gradeScheme.grade(for: 75) == "良好")
        #expect(source.config.gradeSchemes["国家标准"] == .national)
    }

    /// A grade scheme of a hundred thousand bands: each band is listed in every GK407 message (50 lines of
    /// 2 MB each, 111 MB of diagnostics and 41 s for the example site) and would be a page per year. More
    /// than 30 bands is refused at the list, once; a scheme in force with errors is not also "undefined".
    @Test func aGradeSchemeOfTooManyBandsIsRefusedOnce() throws {
        var site = SiteFixture()
        let bands = (0..<100_000).map { "    - {grade: 等\($0), min: \(ExactDecimal.format(Decimal(100_000 - $0) / 1000, minFractionDigits: 3))}" }
        site["gongkai.yaml"]! += "\n\ngrade_scheme: 多档\ngrade_schemes:\n  多档:\n" + bands.joined(separator: "\n") + "\n    - {grade: 零, min: 0}\n"
        let (_, d) = load(site)
        let errors = d.items.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.gradeScheme], "\(errors.prefix(3))")
        #expect(errors.first?.message.contains("100001 个等级") == true && errors.first!.message.count < 200, "\(errors.first?.message.prefix(300) ?? "")")
        let line = try #require(site["gongkai.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("等0,") })
        #expect(errors.first?.location.line == line + 1)
        // Thirty bands are read.
        var thirty = SiteFixture()
        thirty["gongkai.yaml"]! += "\n\ngrade_scheme: 多档\ngrade_schemes:\n  多档:\n"
            + (0..<29).map { "    - {grade: 等\($0), min: \(100 - $0)}" }.joined(separator: "\n") + "\n    - {grade: 零, min: 0}\n"
        let (source, fine) = load(thirty)
        #expect(!fine.hasErrors, "\(fine.items)")
        #expect(source.config.gradeScheme.bands.count == 30)
    }

    /// A band whose lower bound is above full marks can never be given: `min: 900` for 90, a slip of the keyboard that the
    /// order check lets through (900 is above 80). The warning stands at the bound; a band at full marks is reachable.
    @Test func aBandAboveFullMarksIsReported() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += """

        grade_scheme: 四档制
        grade_schemes:
          四档制:
            - {grade: 优秀, min: 900}
            - {grade: 良好, min: 75}
            - {grade: 合格, min: 60}
            - {grade: 不合格, min: 0}
          满分制:
            - {grade: 满分, min: 100}
            - {grade: 其他, min: 0}
        """
        let (source, d) = load(site)
        let found = d.items.filter { $0.code == .unreachableGrade }
        #expect(found.count == 1, "\(d.items)")
        let w = try #require(found.first)
        #expect(w.severity == .warning && w.message.contains("优秀") && w.message.contains("900") && w.message.contains("100"), "\(w.message)")
        let line = try #require(site["gongkai.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("min: 900") })
        #expect(w.location.line == line + 1, "\(w.location)")
        #expect(source.config.gradeScheme.name == "四档制", "the scheme still loads")
        // A comprehensive frame of 150 points makes 900 no more reachable, but 120 is.
        site.edit("gongkai.yaml", replacing: "min: 900", with: "min: 120")
        site["gongkai.yaml"]! += "\nscoring_frames:\n  大框架: {groups: [产出, 效益], total: 150}\n"
        #expect(!load(site).1.items.contains { $0.code == .unreachableGrade }, "\(load(site).1.items)")
    }

    @Test func organisations() {
        let (source, _) = load()
        #expect(source.departments.map(\.code) == ["CZJ", "JYJ"])
        #expect(source.departments[1].units.map(\.name) == ["测试市第一中学"])
        #expect(source.departments[1].intro?.value == "主管全市教育工作。")
    }

    /// A departments file that does not load whole gives its own errors, not one GK110 for every project,
    /// page and department-wide file that uses a code it would have defined.
    @Test(arguments: [("departments:\n  - code: JYJ\n    name: [测试市教育局\n", "content/organisations.yaml"),   // a YAML error
                      ("departments:\n  - code: JYJ\n", "content/organisations.yaml"),                    // a department without its name
                      (nil, "content/organisations.yaml")])                                                  // no file
    func aDepartmentsFileThatDidNotLoadIsNotACascade(_ text: String?, _ file: String) {
        var site = SiteFixture()
        site["content/organisations.yaml"] = text
        site["content/projects/2025/JYJ-2025-002.md"] = site["content/projects/2025/JYJ-2025-001.md"]!.replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
        let report = site.check()
        #expect(report.diagnostics.contains { $0.severity == .error && $0.location.file == file }, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .unknownReference }, "\(report.rendered)")
        // A whole file still has its references checked.
        site["content/organisations.yaml"] = "departments:\n  - code: CZJ\n    name: 测试市财政局\n"
        #expect(site.check().diagnostics.filter { $0.code == .unknownReference }.count == 2)
    }

    @Test func projectWithExactAmountsAndIndicatorTree() throws {
        let (source, d) = load()
        #expect(!d.hasErrors)
        let p = try #require(source.projects.first)
        #expect(p.code == "JYJ-2025-001" && p.year == 2025 && p.departmentCode == "JYJ" && p.unitCode == "JYJ-01")
        let line = try #require(p.funding?.lines.first)
        #expect(p.funding?.unit == .tenThousandYuan)
        #expect(line.budget == Decimal(string: "1250.50"))
        #expect(line.spent == Decimal(string: "1198.6"))
        let leaf = try #require(p.targets?.indicators.first?.children.first?.children.first)
        #expect(leaf.depth == 3)
        #expect(leaf.name == "受益学生人数")
        #expect(leaf.target?.raw == "≥52000人")
        #expect(leaf.actual == "53126人")
        #expect(leaf.score == 50)
        #expect(p.targets?.published == CalendarDate(parsing: "2025-02-18"))
        #expect(p.selfEvaluation?.totalScore == Decimal(string: "59.58"))
        #expect(p.selfEvaluation?.executionWeight == nil) // the site default (10) applies
        #expect(p.narrative.text(visibleAt: { _ in true }) == "项目说明正文。")
        #expect(p.narrative.passages.first?.line == 35)
    }

    @Test func disclosureInShortAndFullForm() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "unit: JYJ-01\n", with: """
        unit: JYJ-01
        disclosure: {level: 依申请公开, reason: 涉及个人信息, approver: 张三, approved: 2025-01-08}

        """)
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  goal: 保障学生营养餐供应。", with: "  goal: {value: 目标, disclosure: 涉密}")
        let (source, d) = load(site)
        #expect(!d.hasErrors, "\(d.items)")
        let p = try #require(source.projects.first)
        #expect(p.disclosure.level == .onRequest)
        #expect(p.disclosure.reason == "涉及个人信息")
        #expect(p.disclosure.approver == "张三")
        #expect(p.disclosure.approved == CalendarDate(parsing: "2025-01-08"))
        #expect(p.targets?.goal?.value == "目标")
        #expect(p.targets?.goal?.disclosure.level == .classified)
    }

    @Test func page() throws {
        let (source, _) = load()
        let page = try #require(source.pages.first)
        #expect(page.path == ["zhengce", "banfa"])
        #expect(page.title == "测试市预算绩效管理办法")
        #expect(page.date == CalendarDate(parsing: "2025-03-01"))
        #expect(page.category == "政策文件")
    }

    @Test func nonUTF8FilesAreReported() throws {
        let fs = SiteFixture().fileSystem()
        try fs.write(Data([0xB2, 0xE2, 0xCA, 0xD4, 0x0A]), to: "content/pages/zhengce/gbk.md") // "测试" in GBK
        let (_, d) = LoadStage.run(fileSystem: fs, root: ".", jobs: 1)
        #expect(d.errors.first { $0.code == .unreadableFile }?.location.file == "content/pages/zhengce/gbk.md")
    }

    /// A file saved by Notepad as “ANSI” (GBK) or “Unicode” (UTF-16): the error says which, so the clerk knows what to
    /// choose in 另存为, and names the line of the first byte that is not UTF-8 (a file pasted into in another editor is
    /// UTF-8 up to there).
    /// A page whose name starts with “.” is hidden and not published: named with a warning (it was dropped without a word,
    /// found this round). An editor's hidden folder and a Mac's `._` shadow file are skipped silently.
    @Test func aHiddenPageIsNamed() throws {
        let fs = SiteFixture().fileSystem()
        fs.write("---\ntitle: 草稿\n---\n正文。\n", to: "content/pages/zhengce/.草稿.md")
        fs.write("---\ntitle: 删除\n---\n正文。\n", to: "content/pages/.trash/旧页面.md")
        fs.write("\u{0}\u{5}", to: "content/pages/zhengce/._banfa.md")
        let (_, d) = LoadStage.run(fileSystem: fs, root: ".", jobs: 1)
        let hidden = d.items.filter { $0.code == .unreadContent }
        #expect(hidden.map(\.location.file) == ["content/pages/zhengce/.草稿.md"], "\(d.items)")
        #expect(hidden.first?.severity == .warning && hidden.first?.message.contains("隐藏文件") == true)
        #expect(!d.hasErrors, "\(d.items)")
    }

    @Test func aFileSavedAsGBKOrUTF16IsNamedWithItsEncodingAndLine() throws {
        let fs = SiteFixture().fileSystem()
        let gbk = Data("---\ntitle: 测试\n".utf8) + Data([0xB2, 0xE2, 0xCA, 0xD4, 0x0A])
        try fs.write(gbk, to: "content/pages/zhengce/gbk.md")
        try fs.write(Data([0xFF, 0xFE]) + "---\ntitle: 测试\n".data(using: .utf16LittleEndian)!, to: "content/pages/zhengce/utf16.md")
        let (_, d) = LoadStage.run(fileSystem: fs, root: ".", jobs: 1)
        let gbkError = try #require(d.errors.first { $0.location.file == "content/pages/zhengce/gbk.md" }, "\(d.errors)")
        #expect(gbkError.code == .unreadableFile && gbkError.location.line == 3 && gbkError.message.contains("GBK"), "\(gbkError)")
        let utf16Error = try #require(d.errors.first { $0.location.file == "content/pages/zhengce/utf16.md" }, "\(d.errors)")
        #expect(utf16Error.code == .unreadableFile && utf16Error.location.line == 1 && utf16Error.message.contains("UTF-16"), "\(utf16Error)")
    }

    /// The build's report keeps GK001's own hints (`“ANSI”`, `“另存为”`): a content file it could not read was taken for a
    /// withheld one, and every quote blanked, so the clerk read “〔不予公开内容〕”编码 (found this round).
    @Test func theBuildKeepsTheEncodingHint() throws {
        let fs = SiteFixture().fileSystem()
        try fs.write(Data("---\ntitle: 测试\n".utf8) + Data([0xB2, 0xE2, 0xCA, 0xD4, 0x0A]), to: "content/pages/zhengce/gbk.md")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        let error = try #require(report.diagnostics.first { $0.code == .unreadableFile }, "\(report.rendered)")
        #expect(error.message.contains("“ANSI”") && error.message.contains("“另存为”"), "\(error.message)")
    }

    @Test func aReplacementThemeIsUsed() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\ntheme: mytheme"
        let fs = site.fileSystem()
        for name in ["home", "departments", "department", "years", "year", "compliance", "project", "documents", "page", "404", "grades", "grade-year", "grade", "search", "glossary", "data", "verify", "record", "withdrawn"] {
            fs.write("<!DOCTYPE html><title>\(name)</title><p>自定义主题 {{pageTitle}}</p>", to: "mytheme/templates/\(name).mustache")
        }
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.text("public/projects/2025/jyj-2025-001/index.html")?.contains("自定义主题 学生营养改善计划") == true)
    }

    /// A broken required template is one error, its syntax: it is not reported missing as well.
    @Test func aBrokenTemplateOfANamedThemeIsOneError() {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\ntheme: mytheme"
        let fs = site.fileSystem()
        fs.write("{{#unclosed}}", to: "mytheme/templates/home.mustache")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded)
        let errors = report.errors.filter { $0.code == .themeTemplate }
        #expect(errors.count == 1 && errors[0].message.contains("语法错误") && errors[0].location.file == "mytheme/templates/home.mustache",
                "\(report.rendered)")
    }

    /// A text that several files write alike is held once (`TextPool`): at platform scale indicator names and
    /// bases repeat across thousands of projects. It is matched byte for byte: a decomposed é that looks and
    /// compares (`==`) the same as a composed one stays as its own file writes it.
    @Test func aTextTwoFilesWriteAlikeIsHeldOnceButOnlyByteForByte() throws {
        var site = SiteFixture()
        let composed = "《学生营养改善计划实施细则》（Caf\u{E9}版）", decomposed = "《学生营养改善计划实施细则》（Cafe\u{301}版）"
        #expect(composed == decomposed && !composed.utf8.elementsEqual(decomposed.utf8))
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "basis: 学籍统计", with: "basis: \(composed)")
        let template = site["content/projects/2025/JYJ-2025-001.md"]!
        site["content/projects/2025/JYJ-2025-002.md"] = template.replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
        site["content/projects/2025/JYJ-2025-003.md"] = template.replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-003")
            .replacingOccurrences(of: composed, with: decomposed)
        let (loaded, diagnostics) = load(site)
        #expect(!diagnostics.hasErrors, "\(diagnostics.items)")
        let bases = try loaded.projects.sorted { $0.code < $1.code }.map { project in
            try #require(project.targets?.indicators.first?.children.first?.children.first?.basis?.value)
        }
        #expect(bases.map { Array($0.utf8) } == [Array(composed.utf8), Array(composed.utf8), Array(decomposed.utf8)])
        func storage(_ text: String) -> UInt? { text.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? nil }
        #expect(storage(bases[0]) != nil && storage(bases[0]) == storage(bases[1]))
        #expect(storage(bases[2]) != storage(bases[0]))
    }

    /// A field's place is packed into its item (20 bits of line, 12 of column); a place that does not fit,
    /// as in a hostile file with a 5,000-character line, is kept whole, never cut to a wrong column.
    @Test func aFieldsPlaceIsExactWhetherPackedOrNot() {
        let keys = FieldLocations.Keys.selfEvaluation
        let near: [GongkaiCore.SourceLocation?] = [SourceLocation(file: "a.md", line: 12, column: 5), nil, SourceLocation(file: "a.md", line: 1_048_575, column: 4095),
                                       nil, nil, SourceLocation(file: "a.md", line: 1, column: 1)]
        let packed = FieldLocations(keys: keys, near)
        #expect(keys.map { packed[$0] } == near)
        #expect(packed["weight"] == nil)
        for far in [SourceLocation(file: "a.md", line: 3, column: 5000), SourceLocation(file: "a.md", line: 1_048_576, column: 2)] {
            var places = near
            places[4] = far
            let wide = FieldLocations(keys: keys, places)
            #expect(keys.map { wide[$0] } == places)
        }
        #expect(FieldLocations()["score"] == nil)
    }
}
