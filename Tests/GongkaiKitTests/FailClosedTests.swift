import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit
import GongkaiDisclosed

/// Fail-closed disclosure (issue 10): no spelling of the input publishes a withheld text, and the
/// leak audit catches a disclose bug for every kind of item.
@Suite("Fail-closed disclosure")
struct FailClosedTests {
    static let narrative = "项目说明正文。"
    static let project = "content/projects/2025/JYJ-2025-001.md"

    /// The fixture with `markdown` in place of the project's narrative.
    static func site(narrative markdown: String) -> SiteFixture {
        var site = SiteFixture()
        site.edit(project, replacing: narrative, with: markdown)
        return site
    }

    /// The fixture with `line` as a paragraph between two public ones, checked: the build must fail, and its first GK123
    /// is returned with the site, for the test to say where it should stand.
    static func strayMark(_ line: String, followedBy after: String = "公开的结尾。") throws -> (error: Diagnostic, site: SiteFixture) {
        let site = Self.site(narrative: "公开的开头。\n\n\(line)\n\n\(after)")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        return (error, site)
    }

    /// The line of the fixture project file that holds `text`.
    static func line(of text: String, in site: SiteFixture, file: String = project) -> Int? {
        site[file]?.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    /// Every output of a build as one text, with paths.
    static func everything(_ fs: MemoryFileSystem) -> String {
        fs.outputTexts().sorted { $0.key < $1.key }.map { "\($0.key)\n\($0.value)" }.joined(separator: "\n")
    }

    /// The disclosed view of a site, loaded even when it has errors (what would be published meanwhile).
    static func disclosedText(_ site: SiteFixture) -> String {
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        guard let source else { return "" }
        let view = DiscloseStage.run(source).site
        return view.projects.map { p in
            ([p.narrative.text, p.targets?.goal ?? "", p.selfEvaluation?.problems ?? ""] + p.evaluations.map(\.report.text)).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    // MARK: Fence spellings

    @Test(arguments: [
        ("  ::: 涉密\n玄武朱雀甲\n  :::", "玄武朱雀甲"),            // indented by spaces
        ("　　::: 涉密\n玄武朱雀乙\n　　:::", "玄武朱雀乙"),          // indented by full-width spaces
        ("：：：涉密\n玄武朱雀丙\n：：：", "玄武朱雀丙"),            // full-width colons, no space
        (":：: Classified\n玄武朱雀丁\n:::", "玄武朱雀丁"),         // mixed colons, any case
        ("\u{200B}::: 不予公开\n玄武朱雀戊\n::: ", "玄武朱雀戊"),   // zero-width space, trailing space
        ("::: 绝密\n玄武朱雀未\n:::", "玄武朱雀未"),                // a grade of state secret
    ])
    func aFenceSpelledAnyAcceptedWayWithholds(_ markdown: String, _ secret: String) {
        let (report, fs) = Self.site(narrative: "公开的开头。\n\n\(markdown)\n\n公开的结尾。").build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = Self.everything(fs)
        #expect(!all.contains(secret))
        #expect(all.contains("公开的开头") && all.contains("公开的结尾"))
    }

    @Test(arguments: [
        ("- 第一项\n- ::: 涉密\n  玄武朱雀己\n- :::", "玄武朱雀己", "- ::: 涉密", DiagnosticCode.fenceSpelling),   // in a list item
        ("> ::: 涉密\n> 玄武朱雀庚\n> :::", "玄武朱雀庚", "> ::: 涉密", .fenceSpelling),                            // in a block quote
        ("1. ::: 涉密\n玄武朱雀辛\n2. :::", "玄武朱雀辛", "1. ::: 涉密", .fenceSpelling),                           // in an ordered list
        (":: 涉密\n玄武朱雀壬\n::", "玄武朱雀壬", ":: 涉密", .fenceSpelling),                                      // two colons
        ("正文 ::: 涉密 玄武朱雀癸 :::", "玄武朱雀癸", "正文 :::", .passageFence),                                 // in the middle of a line
        ("::: 保密\n玄武朱雀子\n:::", "玄武朱雀子", "::: 保密", .passageFence),                                    // unknown level word
        ("::: 涉密\n玄武朱雀丑", "玄武朱雀丑", "::: 涉密", .passageFence),                                          // never closed
        // Colons the page shows as `:::` though the text holds none: a backslash escape, a character reference.
        ("\\:\\:\\: 涉密\n玄武朱雀卯\n\\:\\:\\:", "玄武朱雀卯", "\\:\\:\\: 涉密", .fenceSpelling),
        ("&#58;&#58;&#58; 涉密\n玄武朱雀辰\n&#x3A;&#x3a;&#58;", "玄武朱雀辰", "&#58;&#58;&#58; 涉密", .fenceSpelling),
        (":&colon;\\: 涉密\n玄武朱雀午\n&#65306;&#xFF1A;：", "玄武朱雀午", ":&colon;\\: 涉密", .fenceSpelling),
    ])
    func aFenceSpelledAnyOtherWayIsAnErrorAtItsLineAndWithholdsMeanwhile(_ markdown: String, _ secret: String, _ fenceLine: String,
                                                                        _ code: DiagnosticCode) throws {
        let site = Self.site(narrative: "公开的开头。\n\n\(markdown)\n\n公开的结尾。")
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.diagnostics.first { $0.code == code }, "\(report.rendered)")
        #expect(error.location.file == Self.project)
        #expect(error.location.line == Self.line(of: fenceLine, in: site))
        #expect(!Self.everything(fs).contains(secret))
        // Fail closed: what the loader made of it publishes nothing either.
        #expect(!Self.disclosedText(site).contains(secret))
        #expect(Self.disclosedText(site).contains("公开的开头"))
    }

    @Test func aFenceInsideAPlainTextFieldIsAnErrorAndWithholdsTheField() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: |\n    公开的问题。\n    ::: 涉密\n    玄武朱雀寅\n    :::")
        site.edit(Self.project, replacing: "  goal: 保障学生营养餐供应。", with: "  goal: 保障学生营养餐供应。：：：涉密 玄武朱雀卯")
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let errors = report.diagnostics.filter { $0.code == .fenceInPlainText }
        #expect(errors.map(\.location.line).sorted() == [Self.line(of: "goal:", in: site)!, Self.line(of: "problems:", in: site)!].sorted(),
                "\(report.rendered)")
        let all = Self.everything(fs) + Self.disclosedText(site)
        #expect(!all.contains("玄武朱雀寅") && !all.contains("玄武朱雀卯") && !all.contains("公开的问题"))
    }

    /// A plain text cannot hold passages, so a clerk who means part of it withheld writes a note line instead
    /// (`【以下内容涉密】`, `秘密★1年` pasted with a document, `密级：秘密`): it withheld nothing, and the whole
    /// field was published with no error. Each is GK123 at the field, which is withheld meanwhile; a field
    /// that only mentions a level in its text stays public.
    @Test(arguments: [("    公开的问题。\n    【以下内容涉密】\n    玄武朱雀酉", true), ("    秘密★1年\n    玄武朱雀酉", true),
                      ("    密级：秘密\n    玄武朱雀酉", true), ("    公开的问题。\n    涉密事项已按规定报批。玄武朱雀酉", false)])
    func aLevelNoteInAPlainTextFieldIsAnErrorAndWithholdsTheField(_ text: String, _ flagged: Bool) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: |\n\(text)")
        let (report, fs) = site.build()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        if flagged {
            #expect(!report.succeeded)
            #expect(errors.map(\.location.line) == [Self.line(of: "problems:", in: site)], "\(report.rendered)")
            #expect(errors.allSatisfy { !$0.message.contains("玄武朱雀酉") })
            #expect(!(Self.everything(fs) + Self.disclosedText(site)).contains("玄武朱雀酉"))
        } else {
            #expect(report.succeeded && errors.isEmpty, "\(report.rendered)")
            #expect(Self.disclosedText(site).contains("玄武朱雀酉"))
        }
    }

    @Test func fencesInAYAMLMarkdownFieldFollowTheSameGrammar() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: """
              grade: 差
            evaluations:
              - kind: 第三方评价
                evaluator: 青川评估中心
                report: |
                  公开的评价结论。

                  　　：：：涉密
                  评价发现玄武朱雀辰问题。
                  　　：：：
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = Self.everything(fs)
        #expect(!all.contains("玄武朱雀辰") && all.contains("公开的评价结论"))
    }

    // MARK: The end of the front matter

    /// The fixture project's self-evaluation followed by a classified key evaluation whose report's
    /// first line is 评价发现玄武朱雀巳问题。, then `rest` (more of the header, or what ends it).
    static func classifiedReport(then rest: String) -> String {
        """
          grade: 差
        evaluations:
          - kind: 财政重点评价
            evaluator: 青川评估中心
            disclosure: 涉密
            report: |
              评价发现玄武朱雀巳问题。
        """ + (rest.isEmpty ? "" : "\n" + rest)
    }

    /// A Markdown rule `---` inside a YAML text (a report, indented like the rest of it) is text, not
    /// the end of the front matter: read as the end, the rest of the header — here the second half of
    /// a classified report, elsewhere a withheld item written after it — became the public narrative.
    @Test func aRuleInsideAReportDoesNotEndTheFrontMatter() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: Self.classifiedReport(then: """

                  ---

                  评价发现玄武朱雀午问题。
            rectifications:
              - {problem: 玄武朱雀申问题的整改, deadline: 2025-12-31, status: 整改中, disclosure: 涉密}
            """))
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = Self.everything(fs) + Self.disclosedText(site)
        #expect(!all.contains("玄武朱雀巳") && !all.contains("玄武朱雀午") && !all.contains("玄武朱雀申"))
        #expect(all.contains("项目说明正文"))
    }

    /// A rule written flush left inside a report ends the header where YAML ends the text: the rest of
    /// the report, still indented below it, would be the public body. An error at the rule; a header
    /// whose last text is followed by a body written flush left is the normal case and builds.
    @Test func aFlushLeftRuleInsideAReportIsAnError() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: Self.classifiedReport(then: """
            ---

                  评价发现玄武朱雀午问题。
            """))
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.first(.frontMatter), "\(report.rendered)")
        #expect(error.location.file == Self.project && error.location.line == Self.line(of: "玄武朱雀巳", in: site).map { $0 + 1 })
        #expect(!Self.everything(fs).contains("玄武朱雀午"))

        var plain = SiteFixture()
        plain.edit(Self.project, replacing: "  grade: 差", with: Self.classifiedReport(then: ""))
        let (built, _) = plain.build()
        #expect(built.succeeded, "\(built.rendered)")
    }

    /// A level written after a stray `---` is body text, so the level the clerk wrote was never read
    /// and the withheld text was published, the level line as a heading. The level need not start its
    /// line: a flow mapping (`problems: {value: …, disclosure: 涉密}`, `- {name: …, disclosure: 涉密}`, a
    /// quoted key, a full-width colon) carries it in the middle. An error at its line, in every kind of
    /// file, and the file is not loaded. (`line`: text on the line the error names; `secret`: text that
    /// must reach no output.)
    @Test(arguments: [
        ("content/pages/zhengce/banfa.md", "category: 政策文件\n---\ndisclosure: 涉密", "disclosure:", "第一条"),
        (Self.project, "  grade: 差\n---\n  disclosure:\n    level: classified", "disclosure:", "项目说明正文"),
        (Self.project, "  grade: 差\n---\n  problems: {value: 玄武朱雀辛壬问题, disclosure: 涉密}", "玄武朱雀辛壬问题", "玄武朱雀辛壬问题"),
        (Self.project, "  grade: 差\n---\n            - {name: 玄武朱雀癸子指标, target: ≥5个, disclosure: 涉密}", "玄武朱雀癸子指标", "玄武朱雀癸子指标"),
        ("content/pages/zhengce/banfa.md", "category: 政策文件\n---\nsummary: {value: 玄武朱雀丑寅摘要, \"disclosure\" : classified}", "玄武朱雀丑寅摘要", "玄武朱雀丑寅摘要"),
        (Self.project, "  grade: 差\n---\n  problems: {value: 玄武朱雀卯辰问题, Disclosure：涉密}", "玄武朱雀卯辰问题", "玄武朱雀卯辰问题"),
    ])
    func aDisclosureWrittenAfterTheEndOfTheFrontMatterIsAnError(_ file: String, _ edit: String, _ line: String, _ secret: String) throws {
        var site = SiteFixture()
        let end = String(edit.prefix { $0 != "\n" })
        site.edit(file, replacing: end, with: edit)
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.first(.frontMatter), "\(report.rendered)")
        #expect(error.location.file == file && error.location.line == Self.line(of: line, in: site, file: file))
        #expect(!Self.everything(fs).contains(secret))
    }

    /// In a fenced code block (a guide showing the format) a level is text.
    @Test func aDisclosureInACodeBlockOfTheBodyIsText() {
        var guide = SiteFixture()
        guide.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。\n\n```yaml\ndisclosure: 涉密\n```")
        #expect(guide.check().succeeded)
    }

    /// A level written inside a text — a line of a block text (`problems: |` … `disclosure: 涉密`, the
    /// level indented as the text), or folded into a plain or quoted text by its indentation — is
    /// text, not a level: the item stayed public and the text was published with the level in it.
    /// An error (GK123) at the field, and the field is withheld meanwhile.
    @Test(arguments: [
        ("  grade: 差\n  problems: |\n    玄武朱雀巳午问题。\n    disclosure: 涉密", "玄武朱雀巳午问题"),
        ("  grade: 差\n  problems: 玄武朱雀未申问题。\n    disclosure：涉密", "玄武朱雀未申问题"),
        ("  grade: 差\n  problems: \"玄武朱雀酉戌问题。\n    disclosure: classified\"", "玄武朱雀酉戌问题"),
        ("  grade: 差\n  problems:\n    value: |\n      玄武朱雀亥丑问题。\n      disclosure: 涉密", "玄武朱雀亥丑问题"),
        ("  grade: 差\nevaluations:\n  - kind: 财政重点评价\n    evaluator: 测试市财政局\n    published: 2026-06-01\n    score: 80\n    grade: 良\n    report: |\n      玄武朱雀寅卯报告。\n      disclosure: 涉密", "玄武朱雀寅卯报告"),
    ])
    func aDisclosureWrittenInsideATextIsAnErrorAndWithholds(_ edit: String, _ secret: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: edit)
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel && $0.message.contains("文字") }, "\(report.rendered)")
        #expect(error.location.file == Self.project)
        #expect(!Self.everything(fs).contains(secret))
        #expect(!Self.disclosedText(site).contains(secret))
    }

    /// A `---` led by a tab or a full-width space inside a multi-line text: YAML cannot read it as
    /// text, and read as the end of the front matter it would publish the rest of the header. An error
    /// at its line; an ASCII-indented `---` with no end line after it says where the end is missing.
    @Test(arguments: ["\t---", "\u{3000}---"])
    func anAmbiguousRuleInsideAYAMLTextIsAnError(_ rule: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: |\n    公开的问题。\n\(rule)\n    玄武朱雀酉问题。\n  disclosure: 涉密")
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.first(.frontMatter), "\(report.rendered)")
        #expect(error.location.line == Self.line(of: rule, in: site))
        #expect(!Self.everything(fs).contains("玄武朱雀酉"))

        var unclosed = SiteFixture()
        unclosed.edit(Self.project, replacing: "\n---\n项目说明正文。", with: "\n  ---\n项目说明正文。")
        let missing = try #require(unclosed.check().first(.frontMatter))
        #expect(missing.message.contains("第 \(Self.line(of: "  ---", in: unclosed)!) 行"), "\(missing.message)")
    }

    // MARK: Line ends and byte-order marks

    /// Every file of the example site (content, configuration, theme) in memory.
    static func exampleSite() throws -> MemoryFileSystem {
        let fs = MemoryFileSystem()
        let disk = DiskFileSystem()
        for folder in ["content", "theme"] {
            for path in try disk.listFiles(under: joinPath(repositoryRoot, folder)) {
                try fs.write(disk.read(joinPath(repositoryRoot, folder, path)), to: joinPath(folder, path))
            }
        }
        try fs.write(disk.read(joinPath(repositoryRoot, "gongkai.yaml")), to: "gongkai.yaml")
        return fs
    }

    static func rewriteContent(_ fs: MemoryFileSystem, _ transform: (Data) -> Data) throws {
        for path in try fs.listFiles(under: "content").map({ joinPath("content", $0) }) + ["gongkai.yaml"] {
            try fs.write(transform(fs.read(path)), to: path)
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func theExampleSiteSavedWithWindowsOrOldMacLineEndsBuildsByteIdentical(_ lineEnd: String) throws {
        let lf = try Self.exampleSite()
        let reportLF = Pipeline(fileSystem: lf).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(reportLF.succeeded, "\(reportLF.rendered)")

        let other = try Self.exampleSite()
        try Self.rewriteContent(other) { data in
            // A BOM as Notepad writes it, and every LF turned into the other line end.
            Data([0xEF, 0xBB, 0xBF]) + Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: lineEnd).utf8)
        }
        #expect(try other.read("content/projects/2025/GFD-001.md").contains(0x0D))
        let reportOther = Pipeline(fileSystem: other).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(reportOther.succeeded, "\(reportOther.rendered)")
        #expect(reportOther.itemsWithheld == reportLF.itemsWithheld)
        let a = lf.outputTexts(), b = other.outputTexts()
        #expect(a.count == b.count && a.count > 100)
        // manifest.json differs by design: it carries the digest of the input bytes, which differ.
        for (path, text) in a where path != "manifest.json" { #expect(b[path] == text, "\(path) differs") }
    }

    @Test func aCRLFPassageFenceWithholdsInPagesToo() throws {
        var site = SiteFixture()
        site["content/pages/zhengce/banfa.md"] = "---\r\ntitle: 测试市预算绩效管理办法\r\ndate: 2025-03-01\r\n---\r\n第一条　公开。\r\n\r\n::: 涉密\r\n第二条　玄武朱雀巳。\r\n:::\r\n"
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = Self.everything(fs)
        #expect(!all.contains("玄武朱雀巳") && all.contains("第一条"))
    }

    // MARK: Raw HTML and comments

    /// A fence written with the vertical colon ︓ (U+FE13) or ː is a fence; one written with other marks
    /// (`；；；`, `···`) is an error, and what follows is withheld: both were published.
    @Test(arguments: ["︓︓︓ 涉密", "ːːː 涉密", "；；； 涉密", "··· 涉密", "＿＿＿ 涉密"])
    func aFenceOfLookalikeMarksNeverPublishes(fence: String) throws {
        let site = Self.site(narrative: "公开的说明。\n\n\(fence)\n页面机密鼷鼯鼱\n\(fence.prefix(3))\n\n后面的说明。")
        let (report, fs) = site.build()
        for (path, text) in fs.outputTexts() { #expect(!text.contains("鼷鼯鼱"), "\(fence): \(path)") }
        if fence.hasPrefix("︓") || fence.hasPrefix("ː") {
            #expect(report.succeeded, "\(report.rendered)")
        } else {
            #expect(!report.succeeded && report.first(.fenceSpelling)?.location.line == Self.line(of: fence, in: site), "\(report.rendered)")
        }
    }

    /// A zero-width joiner, a variation selector or an accent written right after a colon is one character
    /// with it (a grapheme cluster), so the colon was no colon to the fence grammar nor to the audit's own
    /// reading: the line, which the page shows as `::: 涉密`, was text, and the passage under it published
    /// without any error. So was one with a soft hyphen or a bidi mark between its colons. The fence applies,
    /// and the spelling is an error at its line.
    @Test(arguments: [":::\u{200D} 涉密", "::\u{200C}: 涉密", ":::\u{FE0F} 涉密", "：：\u{200D}：涉密", "  ::\u{0301}: classified",
                      // Format characters that are characters of their own but show nothing either: a soft hyphen from Word, a bidi mark.
                      "::\u{00AD}: 涉密", "::\u{200E}: 涉密"])
    func aFenceWithAnInvisibleCharacterJoinedToAColonWithholds(fence: String) throws {
        let site = Self.site(narrative: "公开的开头。\n\n\(fence)\n连字机密鼩鼹鼬\n:::\n\n公开的结尾。")
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(report.rendered)")
        #expect(report.first(.fenceSpelling)?.location.line == Self.line(of: "连字机密", in: site).map { $0 - 1 }, "\(report.rendered)")
        for (path, text) in fs.outputTexts() { #expect(!text.contains("鼩鼹鼬"), "\(path)") }
        #expect(!Self.disclosedText(site).contains("鼩鼹鼬"))
        #expect(Self.disclosedText(site).contains("公开的开头") && Self.disclosedText(site).contains("公开的结尾"))
        // The audit's own reading of the bytes finds the passage too.
        let scanned = RawFenceScanner.scan(Data(try #require(site[Self.project]).utf8), audience: .website)
        #expect(scanned.withheld.contains { $0.text.contains("鼩鼹鼬") })
        #expect(!scanned.outside.contains("鼩鼹鼬"))
    }

    /// Fence lines are not fingerprints: a `::: public` nested in a withheld passage, or a limited fence's
    /// scope words, once failed every build because `public` is on every page.
    @Test func fenceWordsAreNotFingerprints() throws {
        let site = Self.site(narrative: "公开的说明。\n\n::: 涉密\n::: public\n嵌套的机密鼷鼯鼱\n:::\n:::\n\n::: 在一定范围内公开 上级工会\n限上级工会的段落\n:::")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        for (path, text) in fs.outputTexts() { #expect(!text.contains("鼷鼯鼱") && !text.contains("限上级工会的段落"), "\(path)") }
    }

    @Test func commentsAndRawHTMLReachNoOutput() throws {
        let site = Self.site(narrative: """
            公开的说明。

            <!-- 内部备注：青龙白虎尚未核实，勿公开 -->

            <div class="note">网页块中的文字玄武</div>

            段落中有<span>行内标记</span>和注释<!-- 行内注释朱雀甲乙 -->。
            """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = Self.everything(fs)
        for hidden in ["青龙白虎", "内部备注", "朱雀甲乙", "<!--", "网页块中的文字"] where hidden != "<!--" {
            #expect(!all.contains(hidden), "output carries \(hidden)")
        }
        let json = try #require(fs.text("public/data/projects/2025/jyj-2025-001.json"))
        #expect(!json.contains("<!--") && !json.contains("<div") && !json.contains("<span"))
        #expect(json.contains("公开的说明") && json.contains("行内标记"))
        // Raw HTML is a warning naming its line: the text in it is lost to the page.
        let warning = try #require(report.first(.rawHTML))
        #expect(warning.location.line == Self.line(of: "<div", in: site) && warning.location.column == 1)
        // An inline tag is named at its own column, not the line's start.
        let columns = report.diagnostics.filter { $0.code == .rawHTML && $0.location.line == Self.line(of: "<span>", in: site) }.map(\.location.column)
        #expect(columns == [5, 15], "\(report.rendered)")  // 段落中有<span>行内标记</span>
    }

    @Test func anImageFromAnotherServerIsRefusedAtItsPlace() throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "第一条　为了加强预算绩效管理，制定本办法。", with: """
            第一条　为了加强预算绩效管理，制定本办法。

            说明见图：![示意图](https://evil.example/track.png?u=1)，另见 ![](//cdn.example/a.png)。

            ![嵌入的图](data:image/png;base64,iVBORw0KGgo=) 和 [外部链接](https://www.mof.gov.cn/) 都可以。
            """)
        let report = site.check()
        let images = report.diagnostics.filter { $0.code == .externalResource }
        #expect(images.count == 2 && !report.succeeded, "\(report.rendered)")
        #expect(images.map(\.location.file) == ["content/pages/zhengce/banfa.md", "content/pages/zhengce/banfa.md"])
        let written = try #require(site["content/pages/zhengce/banfa.md"]?.split(separator: "\n", omittingEmptySubsequences: false)[7])
        let columns = ["https://evil", "//cdn"].map { url in written.distance(from: written.startIndex, to: written.range(of: url)!.lowerBound) + 1 }
        #expect(images.map(\.location.line) == [8, 8] && images.map(\.location.column) == columns, "\(images.map(\.location.column)) \(columns)")
        #expect(images[0].message.contains("https://evil.example/track.png?u=1"))
    }

    // MARK: Diagnostics about withheld items

    @Test func aDiagnosticAboutAWithheldItemNamesItsLineButNotItsText() throws {
        var site = SiteFixture()
        // A malformed target (GK121) on a classified indicator: the message would quote it.
        site.edit(Self.project, replacing: "            - name: 受益学生人数", with: """
                        - name: 秘密指标玄武
                          target: ≥很多玄武个
                          disclosure: 涉密
                        - name: 受益学生人数
            """)
        let report = site.check()
        let error = try #require(report.first(.malformedTarget), "\(report.rendered)")
        #expect(error.location.line == Self.line(of: "≥很多玄武个", in: site))
        #expect(!report.rendered.contains("玄武"), "\(report.rendered)")
        var options = BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false)
        options.showWithheld = true
        #expect(Pipeline(fileSystem: site.fileSystem()).run(options).rendered.contains("≥很多玄武个"))
    }

    // MARK: Inference from published numbers

    /// The fixture with a classified row scored 5 of 10; the total 59.58 then gives it away.
    static func inferableSite(_ config: String = "inference: warn\n") -> SiteFixture {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\n" + config
        site.edit(project, replacing: "              weight: 90\n              score: 50", with: [
            "              weight: 80", "              score: 45", "            - name: 秘密指标白泽", "              target: ≥3个",
            "              actual: 3个", "              weight: 10", "              score: 5", "              disclosure: 涉密",
        ].joined(separator: "\n"))
        site.edit(project, replacing: "        - name: 数量指标\n", with: "        - name: 数量指标\n          weight: 90\n")
        return site
    }

    static func line(exactly text: String, in site: SiteFixture) -> Int? {
        site[project]?.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == text }.map { $0 + 1 }
    }

    @Test func byDefaultATotalThatGivesAWithheldScoreAwayIsLeftOut() throws {
        // Fail closed: with no `inference:` key the total (59.58 = 45 + 5 + 9.58) is not published,
        // so 59.58 − 45 − 9.58 cannot give the classified row's 5 away; nothing to warn about.
        let site = Self.inferableSite("")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        // Only the warning about what no output can leave out: the row's weight follows from the fixed 100.
        let inferable = report.diagnostics.filter { $0.code == .inferableFromTotals }
        #expect(inferable.count == 1 && inferable[0].message.contains("其分值可由总分值减去公开的各项分值推算"), "\(report.rendered)")
        // At the row's shown 一级 group (a place inside the withheld row would redact the project's name).
        #expect(inferable.first?.location.line == Self.line(exactly: "      weight: 90", in: site))
        #expect(inferable.first?.message.contains("学生营养改善计划") == true)
        let all = fs.outputTexts().filter { !$0.key.hasPrefix("public/search/") }.values.joined()
        #expect(!all.contains("59.58") && !all.contains("白泽"))
        #expect(try #require(fs.text("public/projects/2025/jyj-2025-001/index.html")).contains("45"))
    }

    @Test func aWithheldScoreThatThePublishedTotalGivesAwayIsAWarningAtTheTotal() throws {
        let site = Self.inferableSite()
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.diagnostics.filter { $0.code == .inferableFromTotals }
        // 数量指标 (90) = 受益学生人数 (80) + the withheld row; 产出指标's one child is public, so it gives nothing away.
        // (and the row's own weight, from the fixed total: warned at its shown 一级 group)
        let expected = [Self.line(exactly: "          weight: 90", in: site), Self.line(of: "total_score", in: site),
                        Self.line(exactly: "      weight: 90", in: site)].compactMap { $0 }
        #expect(warnings.map(\.location.line).sorted() == expected.sorted(), "\(report.rendered)")
        #expect(!report.rendered.contains("白泽"))
        let (_, fs) = site.build()
        #expect(try #require(fs.text("public/projects/2025/jyj-2025-001/index.html")).contains("59.58"))
    }

    /// The fixture with a classified 其他资金 funding line (`fields`, e.g. `budget: 100`), then `then` (lines
    /// of the funding block, e.g. uses), under `inference: withhold_totals` when asked.
    static func withheldFundingLine(_ fields: [String], then: [String] = [], withholdTotals: Bool) -> SiteFixture {
        var site = SiteFixture()
        site.edit("gongkai.yaml", replacing: "base_url:", with: "inference: \(withholdTotals ? "withhold_totals" : "warn")\nbase_url:")
        site.edit(project, replacing: "      spent: 1198.6\n", with: (["      spent: 1198.6", "    - source: 其他资金"] + fields.map { "      " + $0 }
            + ["      disclosure: 涉密"] + then + [""]).joined(separator: "\n"))
        return site
    }

    /// A 预算执行率 score over all funding lines, beside the public lines' amounts, gives a withheld line's
    /// execution away: a warning at the score; under `inference: withhold_totals` the score and the total go.
    @Test(arguments: [false, true])
    func anExecutionScoreOverAWithheldFundingLineIsInferable(withholdTotals: Bool) throws {
        var site = Self.withheldFundingLine(["budget: 100", "spent: 60"], withholdTotals: withholdTotals)
        site.edit(Self.project, replacing: "execution_score: 9.58", with: "execution_score: 9.32")
        site.edit(Self.project, replacing: "total_score: 59.58", with: "total_score: 59.32")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        let json = try #require(fs.text("public/data/projects/2025/jyj-2025-001.json"))
        if withholdTotals {
            #expect(report.first(.inferableFromTotals) == nil)
            #expect(!page.contains("9.32") && !json.contains("9.32") && !page.contains("59.32") && !json.contains("59.32"))
        } else {
            let warning = try #require(report.first(.inferableFromTotals))
            #expect(warning.location.line == Self.line(of: "execution_score", in: site) && warning.message.contains("预算执行率得分"))
            #expect(page.contains("9.32"))
        }
    }

    /// Published 资金用途 beside a withheld funding line give its budget away (uses − published budget).
    @Test(arguments: [false, true])
    func usesBesideAWithheldFundingLineAreInferable(withholdTotals: Bool) throws {
        let site = Self.withheldFundingLine(["budget: 86.37"], then: ["  uses:", "    - {item: 鼷鼯劳务, amount: 1000}", "    - {item: 鼷鼯装备, amount: 336.87}"],
                                            withholdTotals: withholdTotals)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let json = try #require(fs.text("public/data/projects/2025/jyj-2025-001.json"))
        if withholdTotals {
            #expect(report.first(.inferableFromTotals) == nil && !json.contains("鼷鼯劳务"))
        } else {
            let warning = try #require(report.diagnostics.first { $0.code == .inferableFromTotals && $0.message.contains("资金用途") }, "\(report.rendered)")
            #expect(warning.location.line == Self.line(of: "鼷鼯劳务", in: site))
            #expect(json.contains("鼷鼯劳务"))
        }
    }

    /// `[//]: # (备注)`, the Markdown comment idiom, and other link reference definitions never show on
    /// the page: open data, search and feeds leave them out too. A link using a definition still works.
    @Test func linkReferenceDefinitionsReachNoOutput() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "项目说明正文。", with: """
        项目说明正文，见[管理办法][banfa]。

        [//]: # (内部备注鼷鼯鼱甲不要公开)
        [comment]: <> (内部备注鼷鼯鼱乙)
        [未用定义]: /x "内部备注鼷鼯鼱丙"
        [banfa]: https://example.gov.cn/banfa/
        """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        for (path, text) in fs.outputTexts() { #expect(!text.contains("鼷鼯鼱"), "\(path)") }
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("<a href=\"https://example.gov.cn/banfa/\">管理办法</a>"))
        #expect(try #require(fs.text("public/data/projects/2025/jyj-2025-001.json")).contains("管理办法"))
    }

    /// A monitoring checkpoint's 实际执行率 covers every funding line: beside a withheld one it is warned,
    /// and left out under `inference: withhold_totals`.
    @Test(arguments: [false, true])
    func monitoringRatesBesideAWithheldFundingLineAreInferable(withholdTotals: Bool) throws {
        var site = Self.withheldFundingLine(["budget: 86.37"], withholdTotals: withholdTotals)
        site.edit(Self.project, replacing: "targets:\n", with: "monitoring:\n  - {date: 2025-11-30, planned_rate: 90%, actual_rate: 91.67%}\ntargets:\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        if withholdTotals {
            #expect(!report.diagnostics.contains { $0.code == .inferableFromTotals } && !page.contains("91.67"))
        } else {
            #expect(report.diagnostics.contains { $0.code == .inferableFromTotals && $0.message.contains("监控") }, "\(report.rendered)")
            #expect(page.contains("91.67"))
        }
    }

    /// A minus sign before a monitoring rate is a slip (money spent is never negative): it was published as
    /// “-72.8% 落后 147.8 个百分点”, exit 0. GK120 at the rate.
    @Test func aNegativeMonitoringRateIsRefused() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "targets:\n", with: "monitoring:\n  - {date: 2025-09-30, planned_rate: 75%, actual_rate: -72.8%}\ntargets:\n")
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let d = try #require(report.first(.malformedNumber), "\(report.rendered)")
        #expect(d.message.contains("负数") && d.location.file == Self.project, "\(d)")
        #expect(fs.text("public/projects/2025/jyj-2025-001/index.html")?.contains("-72.8") != true)
    }

    /// A withheld 一级 group's weight is 100 − the execution weight − the published groups' weights: warned,
    /// under `inference: withhold_totals` too (no output can leave a constant out).
    @Test(arguments: [false, true])
    func aWithheldTopGroupsWeightIsInferable(withholdTotals: Bool) throws {
        var site = SiteFixture()
        site.edit("gongkai.yaml", replacing: "base_url:", with: "inference: \(withholdTotals ? "withhold_totals" : "warn")\nbase_url:")
        site.edit(Self.project, replacing: "    - name: 产出指标\n      weight: 90\n", with: "    - name: 产出指标\n      weight: 60\n")
        site.edit(Self.project, replacing: "              weight: 90\n              score: 50", with: [
            "              weight: 60", "              score: 50",
            "    - name: 效益指标", "      weight: 30", "      disclosure: 涉密", "      children:", "        - name: 社会效益指标", "          children:",
            "            - name: 鼷鼯受益面", "              target: ≥90%", "              actual: 80%", "              weight: 30", "              score: 0",
        ].joined(separator: "\n"))
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let json = try #require(fs.text("public/data/projects/2025/jyj-2025-001.json"))
        // The fixed total cannot be left out: warned either way.
        let warning = try #require(report.diagnostics.first { $0.code == .inferableFromTotals && $0.message.contains("一级指标") }, "\(report.rendered)")
        #expect(warning.location.line == Self.line(of: "      weight: 60", in: site))
        #expect(!json.contains("鼷鼯"))
    }

    @Test func withholdTotalsLeavesTheGivingAwayFiguresOut() throws {
        let site = Self.inferableSite("inference: withhold_totals\n")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        // Only what no output can leave out: the row's weight, 100 minus every shown weight.
        #expect(report.diagnostics.filter { $0.code == .inferableFromTotals }.map(\.message).allSatisfy { $0.contains("总分值是固定的") }, "\(report.rendered)")
        // The total was written, only left out on purpose: not an empty self-evaluation.
        #expect(report.first(.emptySelfEvaluation) == nil, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        let json = try #require(fs.text("public/data/projects/2025/jyj-2025-001.json"))
        #expect(!page.contains("59.58") && !json.contains("59.58"))
        #expect(!json.contains("\"weight\" : 90") && json.contains("45"))
        #expect(page.contains("受益学生人数"))
    }
}
