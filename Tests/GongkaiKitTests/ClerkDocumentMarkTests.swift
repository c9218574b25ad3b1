import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Marks as clerks' documents write them (round sixteen): spelled in the ways official documents, PDF copies and
/// Word's styles put them on the page, a level mark is read as the page shows it — an error at its line, never a
/// passage published with no word.
@Suite("Marks as clerks' documents write them")
struct ClerkDocumentMarkTests {
    static let project = FailClosedTests.project

    /// An official document spaces a two-character word out with a full-width space (`机　密★1年`, `密　级：秘密`,
    /// `（内　部）`), and a clerk types an ordinary or a no-break space for it: the page shows the level all the same.
    /// Each is GK123 at its line, as the mark written without the space is.
    @Test(arguments: [
        ("机　密★1年", "机　密"),                                      // GB/T 9704's marking, spaced as on the document
        ("密　级：秘　密", "密　级"),                                   // a level key spaced out
        ("**涉　密**", "涉　密"),                                      // a line that is only a level
        ("【涉 密】北山坑道口径十二米。", "【涉 密】"),                  // a paragraph marked at its start, ASCII space
        ("【涉\u{00A0}密】北山坑道口径十二米。", "【涉\u{00A0}密】"),    // a no-break space, as Word pastes one
        ("## 三、青锋七号工程建设情况（内　部）", "（内　部）"),          // a heading marked at its end
        ("以下为涉　密内容", "以下为涉　密内容"),                       // a note about what follows
    ])
    func aLevelSpacedOutIsStillAMark(_ line: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n北山坑道口径十二米，部署于青峰。\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.file == Self.project && error.location.line == FailClosedTests.line(of: marked, in: site), "\(report.rendered)")
    }

    /// A name or a plain text marked so is one too: GK123 at the field, and the item withheld meanwhile.
    @Test(arguments: [
        ("name: 学生营养改善计划", "name: 学生营养改善计划（涉　密）"),
        ("goal: 保障学生营养餐供应。", "goal: 秘　密★1年 保障学生营养餐供应。"),
    ])
    func aFieldWithASpacedOutLevelIsAnError(_ old: String, _ new: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: old, with: new)
        let report = site.check()
        #expect(!report.succeeded, "\(new): \(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .unknownDisclosureLevel && $0.location.file == Self.project }, "\(report.rendered)")
    }

    /// Spaces between other words stay text: a heading spaced as a document's (`第一条　为了加强…`, `附　件`) and a
    /// guide naming the levels in a sentence are no marks.
    @Test func spacedWordsThatAreNoLevelStayText() {
        let site = FailClosedTests.site(narrative: "第一条　为了加强预算绩效管理，制定本办法。\n\n附　件\n\n公开方式 主动公开。\n\n依申请 公开的信息请向财政局申请。")
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// Text copied from a PDF (or wrapped by an editor) breaks its lines wherever the page's line ended, inside a
    /// mark too (`（此部分涉\n密）：`, `【涉\n密】…`). cmark joins the lines into one paragraph, and the page shows the
    /// mark: GK123 at the line the mark starts on.
    @Test(arguments: [
        ("北山坑道口径十二米，部署方案如下（此部分涉\n密）：", "（此部分涉"),    // a paragraph marked at its end
        ("【涉\n密】北山坑道口径十二米。", "【涉"),                              // a paragraph marked at its start
        ("以下内容涉\n密，请勿公开", "以下内容涉"),                               // a note about what follows
        ("- 【内\n  部】北山坑道口径十二米。", "- 【内"),                          // a list item's continuation
    ])
    func aMarkBrokenAcrossLinesIsStillAMark(_ text: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(text)\n\n北山坑道口径十二米，部署于青峰。\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(text): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(text): \(report.rendered)")
        #expect(error.location.file == Self.project && error.location.line == FailClosedTests.line(of: marked, in: site), "\(report.rendered)")
    }

    /// Lines that only join into words, not into a mark, and lines that do not join on the page (a heading, a list's
    /// next item, a table's rows) are no marks.
    @Test func linesThatDoNotJoinIntoAMarkStayText() {
        let markdown = """
            ## 一、基本情况（一）
            内部控制制度健全。

            - 依申请
            - 公开的信息清单

            本项目资金使用规范，内
            部控制制度健全，绩效目标全部完成。
            """
        let report = FailClosedTests.site(narrative: markdown).check()
        #expect(report.succeeded, "\(report.rendered)")
    }

    /// Word's character or paragraph style as `pandoc -f docx+styles` writes it (`[青锋七号]{custom-style="涉密"}`), or a
    /// class (`{.涉密}`, `# 标题 {.内部}`), names a level the page does not show: the words are published as plain text.
    /// GK123 at the line.
    @Test(arguments: [
        "[北山坑道口径十二米]{custom-style=\"涉密\"}，另有说明。",
        "[北山坑道口径十二米]{custom-style=\"内部资料\"}，另有说明。",
        "说明如下：[北山坑道口径十二米]{.涉密}。",
        "## 北山坑道口径 {#北山 .秘密}",
        "说明如下：[北山坑道口径十二米]{#涉密 .confidential}。",
        "![北山坑道部署图](/assets/style.css){.内部 width=\"5in\"}",
    ])
    func anAttributeNamingALevelIsAnError(_ line: String) throws {
        let (error, site) = try FailClosedTests.strayMark(line)
        #expect(error.location.line == FailClosedTests.line(of: line, in: site), "\(error)")
    }

    /// Attributes naming no level (pandoc's own: `.underline`, `.mark`, a bookmark, a width) stay as they were.
    @Test func ordinaryAttributesAreNoMark() {
        let markdown = "[]{#_Toc1 .anchor}项目于2024年立项，[重点]{.underline}保障[义务教育]{custom-style=\"正文强调\"}学校运转。\n\n## 一、基本情况 {#一基本情况 .unnumbered}"
        let report = FailClosedTests.site(narrative: markdown).check()
        #expect(report.succeeded, "\(report.rendered)")
    }

    /// Raw HTML a clerk's editor shows (Typora, Obsidian, VS Code fold `<details>` under its `<summary>`) whose words
    /// name a level: the page drops the tags and publishes the passage after them. GK123 at the line, not only the
    /// GK143 warning that the tags are dropped.
    @Test(arguments: [
        ("<details>\n<summary>以下内容涉密</summary>\n\n北山坑道口径十二米。\n\n</details>", "<summary>"),
        ("<p>【内部】</p>\n\n北山坑道口径十二米。", "<p>【内部】</p>"),
        ("北山坑道口径十二米。<span>（涉密）</span>", "<span>（涉密）</span>"),
    ])
    func rawHTMLNamingALevelIsAnError(_ markdown: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(markdown)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: marked, in: site), "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A category a clerk's filing files withheld documents under (`涉密文件`, `内部资料`, `机密事项`) is a level on the
    /// item: GK123 at the category, and the item withheld, as `category: 涉密` is.
    @Test(arguments: [
        ("content/pages/zhengce/banfa.md", "category: 政策文件", "category: 涉密文件"),
        ("content/pages/zhengce/banfa.md", "category: 政策文件", "category: 内部资料"),
        ("content/pages/zhengce/banfa.md", "category: 政策文件", "category: 機密事項"),
        (ClerkDocumentMarkTests.project, "year: 2025", "year: 2025\ncategory: 涉密项目"),
    ])
    func aCategoryFilingTheItemAsWithheldIsAnError(_ file: String, _ old: String, _ new: String) throws {
        var site = SiteFixture()
        site.edit(file, replacing: old, with: new)
        let report = site.check()
        #expect(!report.succeeded, "\(new): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.location.file == file && error.location.line == FailClosedTests.line(of: "category:", in: site, file: file), "\(report.rendered)")
    }

    /// Public topics about secrecy or internal matters (`保密工作`, `内部控制`, `内部审计`) and a denial (`非涉密项目`) are no level.
    @Test(arguments: ["保密工作", "内部控制", "内部审计", "非涉密项目"])
    func aTopicCategoryIsNoLevel(_ category: String) {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "category: 政策文件", with: "category: \(category)")
        let report = site.check()
        #expect(report.succeeded, "\(category): \(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A picture's or a link's title (the words a reader sees on pointing at it) marked with a level, inline or in a
    /// reference definition: the picture or file is published with the mark on it. GK123 at the line, as a caption
    /// marked so is.
    @Test(arguments: [
        ("![部署图](/assets/style.css \"涉密\")", "![部署图]"),
        ("见[会议纪要](/assets/style.css \"【内部】会议纪要\")。", "见[会议纪要]"),
        ("见[会议纪要][1]。\n\n[1]: /assets/style.css \"【内部】会议纪要\"", "[1]: "),
        ("见[部署图][tu]。\n\n[tu]: /assets/style.css '部署图（秘密★1年）'", "[tu]: "),
    ])
    func aTitleMarkedWithALevelIsAnError(_ markdown: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(markdown)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(markdown): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: marked, in: site), "\(report.rendered)")
    }

    /// A title naming no level (`"图1 资金到位情况"`, a guide's `"依申请公开指南"`) stays.
    @Test func anOrdinaryTitleIsNoMark() {
        let site = FailClosedTests.site(narrative: "![图1](/assets/style.css \"图1 资金到位情况\")\n\n见[指南](/zhinan/ \"依申请公开\")和[办法][b]。\n\n[b]: /assets/style.css \"管理办法（试行）\"")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A table's cell marked at its end, as a spreadsheet row's name is marked (`| 北山坑道工程（涉密） | 640万元 |`,
    /// `| … | 640万元（秘密★1年） |`), in a pipe or a grid table: GK123 at the row, as a cell marked at its start is; so is
    /// a cell that is only a withholding mark (`（内部）`), as the row beside it would be published. A catalogue's
    /// `（依申请公开）` and `依申请公开` stay data.
    @Test func aTableCellMarkedAtItsEndIsAnError() throws {
        let table = """
            | 项目 | 金额 | 公开属性 |
            |---|---|---|
            | 北山坑道工程（涉密） | 640万元 | 主动公开 |
            | 青峰通信链路 | 56.8万元（秘密★1年） | 主动公开 |
            | 政府采购合同（依申请公开） | 20万元 | 依申请公开 |
            | 会议纪要 | 3万元 | （内部） |

            +----------------------+----------+
            | 项目                 | 金额     |
            +======================+==========+
            | 南山哨所工程（内部） | 80万元   |
            +----------------------+----------+
            """
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(table)\n\n公开的结尾。")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        let expected = ["北山坑道工程（涉密）", "56.8万元（秘密", "| （内部） |", "南山哨所工程（内部）"].compactMap { FailClosedTests.line(of: $0, in: site) }
        #expect(errors.map(\.location.line).sorted() == expected, "\(report.rendered)")
        #expect(!report.succeeded)
    }
}

extension ClerkDocumentMarkTests {
    /// An Obsidian callout (`> [!warning]- 以下内容涉密`, folded in the clerk's editor; `> [!涉密]`, a callout type of the
    /// clerk's own) is a quote on the page, its marker and title shown as text and the passage published. GK123 at the
    /// callout's line; a callout naming no level (`> [!note] 说明`) stays.
    @Test(arguments: [
        ("> [!warning]- 以下内容涉密\n> 北山坑道口径十二米。", "> [!warning]"),
        ("> [!涉密]\n> 北山坑道口径十二米。", "> [!涉密]"),
        ("> [!note] 【内部】会议意见\n> 北山坑道口径十二米。", "> [!note]"),
        ("> [!confidential]+ 部署\n> 北山坑道口径十二米。", "> [!confidential]"),
    ])
    func anObsidianCalloutNamingALevelIsAnError(_ markdown: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(markdown)\n\n公开的结尾。\n\n> [!note] 说明\n> 资金按期拨付。")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .unknownDisclosureLevel }
        #expect(errors.map(\.location.line) == [FailClosedTests.line(of: marked, in: site)], "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A plain text written over several lines without `|` (a plain or a `>` folded scalar, as a clerk continues a long
    /// goal on the next line): YAML folds the lines into one, and a line that was a note (`以下内容涉密`) ends up inside a
    /// sentence, where no note is read. The lines as written are read: GK123 at the field, withheld meanwhile.
    @Test(arguments: [
        "goal: 保障学生营养餐供应。\n    以下内容涉密\n    北山坑道口径十二米。",
        "goal: >\n    保障学生营养餐供应。\n    以下内容涉密\n    北山坑道口径十二米。",
        "goal: 保障学生营养餐供应。\n    密级：秘密\n    北山坑道口径十二米。",
    ])
    func aNoteOnALineOfAFoldedTextIsAnError(_ goal: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "goal: 保障学生营养餐供应。", with: goal)
        let report = site.check()
        #expect(!report.succeeded, "\(goal): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "goal:", in: site), "\(report.rendered)")
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let view = try #require(source.map { DiscloseStage.run($0).site })
        #expect(view.projects.allSatisfy { $0.targets?.goal?.contains("北山坑道") != true })
    }
}

extension ClerkDocumentMarkTests {
    /// An evaluation's report (Markdown) written as `report: >` or over plain lines instead of `report: |`: YAML folds a
    /// line that was a note (`以下内容涉密`) into the paragraph before it. GK123 at the report, and the report withheld.
    @Test(arguments: ["report: >", "report:"])
    func aNoteFoldedIntoAReportIsAnError(_ key: String) throws {
        var site = SiteFixture()
        let evaluation = "  grade: 差\nevaluations:\n  - kind: 财政重点评价\n    evaluator: 测试市财政局\n    published: 2026-06-01\n    score: 80\n    grade: 良\n    \(key)\n      评价报告正文。\n      以下内容涉密\n      北山坑道口径十二米。\n"
        site.edit(Self.project, replacing: "  grade: 差\n", with: evaluation)
        let report = site.check()
        #expect(!report.succeeded, "\(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        // At the key, or for plain lines at the text's first line, where the value starts.
        let key = try #require(FailClosedTests.line(of: "    report:", in: site))
        #expect(error.location.line == key || error.location.line == key + 1, "\(report.rendered)")
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let view = try #require(source.map { DiscloseStage.run($0).site })
        #expect(view.projects.allSatisfy { $0.evaluations.allSatisfy { !$0.report.text.contains("北山坑道") } })
    }
}

extension ClerkDocumentMarkTests {
    /// A mark in a code span (`` `【涉密】` ``, as a Typora user highlights a word), in English as a joint project's or a
    /// template's document writes it (`【Confidential】`, `INTERNAL USE ONLY`, `（Secret）`), or in full-width letters as a
    /// Chinese input method types them (`【ＣＬＡＳＳＩＦＩＥＤ】`): the page shows the mark. GK123 at the line.
    @Test(arguments: [
        "`【涉密】`北山坑道口径十二米。",
        "`涉密`",
        "【Confidential】北山坑道口径十二米。",
        "INTERNAL USE ONLY",
        "## 北山坑道（Secret）",
        "**TOP SECRET**",
        "【ＣＬＡＳＳＩＦＩＥＤ】北山坑道口径十二米。",
        "（ｃｏｎｆｉｄｅｎｔｉａｌ）",
    ])
    func aMarkInCodeInEnglishOrInFullWidthLettersIsAnError(_ line: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n北山坑道口径十二米。\n\n公开的结尾。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: line, in: site), "\(report.rendered)")
    }

    /// English words that only mention such a level in a sentence, and code, stay text.
    @Test func englishWordsInASentenceStayText() {
        let site = FailClosedTests.site(narrative: "The internal control system was reviewed (see `secret.txt`).\n\n资金使用符合 Internal Audit 要求。\n\n`pandoc -t markdown`")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// Inline HTML that hides or strikes out its words in the clerk's editor (Typora shows HTML; Word pasted as HTML
    /// brings it): `<font color="white">`, `<span style="display:none">`, `<del>`, `<s>`. The page drops the tags and shows
    /// the words as text, and GK143 only warned that the tags are dropped. GK148 at the tag, as `~~删去的字~~` is.
    @Test(arguments: [
        "资金到位。<font color=\"white\">北山坑道口径十二米。</font>",
        "资金到位。<span style=\"color: #FFFFFF\">北山坑道口径十二米。</span>",
        "资金到位。<span style=\"display:none\">北山坑道口径十二米。</span>",
        "资金到位。<span hidden>北山坑道口径十二米。</span>",
        "资金到位。<del>北山坑道口径十二米。</del>",
        "资金到位。<s>北山坑道口径十二米。</s>",
        "资金到位。<strike>北山坑道口径十二米。</strike>",
    ])
    func htmlHidingOrStrikingWordsIsAnError(_ line: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .hiddenComment }, "\(line): \(report.rendered)")
        let text = try #require(site[Self.project]).split(separator: "\n", omittingEmptySubsequences: false)
        let number = try #require(FailClosedTests.line(of: line, in: site))
        #expect(error.location.line == number, "\(report.rendered)")
        #expect(error.location.column == text[number - 1].distance(from: text[number - 1].startIndex, to: try #require(text[number - 1].firstIndex(of: "<"))) + 1, "\(report.rendered)")
    }

    /// Tags that show their words (`<u>`, `<b>`, `<span style="color:red">`, `<font color="#c00000">`) stay a GK143 warning.
    @Test func htmlShowingItsWordsIsOnlyAWarning() {
        let site = FailClosedTests.site(narrative: "<u>下划线</u><b>加粗</b><span style=\"color:red\">红字</span><font color=\"#c00000\">深红</font>")
        let report = site.check()
        #expect(report.succeeded && !report.diagnostics.contains { $0.code == .hiddenComment }, "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// The diagnostics of these marks quote the mark, never the words beside it (logs reach CI and chat groups).
    @Test func theNewReadingsQuoteOnlyTheMark() {
        let markdown = """
            > [!note] 【内部】玄武朱雀庚辛壬癸会议意见
            > 正文。

            [玄武朱雀庚辛子丑]{custom-style="涉密"}。

            玄武朱雀庚辛寅卯部署如下（此部分涉
            密）：

            | 玄武朱雀庚辛辰巳（涉密） | 640万元 |
            """
        let report = FailClosedTests.site(narrative: markdown).check()
        #expect(report.diagnostics.filter { $0.code == .unknownDisclosureLevel }.count == 4, "\(report.rendered)")
        #expect(!report.rendered.contains("玄武朱雀"), "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A document's property written as a line (`pandoc -s` writes a Word file's properties as a metadata block, and a
    /// clerk pastes it into the body; a cover page's `保密等级：机密`): a key whose value is a withholding level. GK123 at the
    /// line, as `密级：秘密` is; a value that is public or a list of levels (a guide's) stays text.
    @Test(arguments: ["subject: 秘密", "classification: Confidential", "保密等级：机密", "文件性质：内部", "security: 涉密"])
    func aPropertyWhoseValueIsALevelIsAnError(_ line: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n北山坑道口径十二米。\n\n公开的结尾。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: line, in: site), "\(report.rendered)")
    }

    @Test func aPropertyNamingNoWithholdingLevelStaysText() {
        let site = FailClosedTests.site(narrative: "状态：公开\n\n公开方式：主动公开、依申请公开、不予公开\n\n说明：本项目资金使用规范，内部控制制度健全。")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A name marked with a bare level set off by a space, a hyphen or an underscore, as a spreadsheet's name and remark
    /// are joined or a file is named (`学生营养改善计划 涉密`, `学生营养改善计划-内部`, `秘密_学生营养改善计划`): GK123 at the
    /// name, and the item withheld, as `学生营养改善计划（涉密）` is. A name that only mentions a level stays.
    @Test(arguments: ["学生营养改善计划 涉密", "学生营养改善计划-内部", "秘密_学生营养改善计划", "学生营养改善计划／机密", "学生营养改善计划　不予公开"])
    func aNameMarkedWithASeparatedLevelIsAnError(_ name: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: \(name)")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(name): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "name: ", in: site), "\(report.rendered)")
        #expect(!report.succeeded)
    }

    @Test(arguments: ["涉密项目绩效管理 试行", "内部控制-评价", "学生营养改善计划 依申请公开", "公开-学生营养改善计划"])
    func aNameMentioningALevelStays(_ name: String) {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: \(name)")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(name): \(report.rendered)")
    }
}

extension ClerkDocumentMarkTests {
    /// A paragraph labelled with a level and a colon, as a clerk labels a passage (`涉密：北山…`, `**内部**：…`, `- 秘密: …`,
    /// `一、机密：…`): GK123 at the line. A guide's `依申请公开：公民可以申请…` and `不予公开：下列信息…` stay text.
    @Test(arguments: ["涉密：北山坑道口径十二米。", "**内部**：北山坑道口径十二米。", "- 秘密: 北山坑道口径十二米。", "一、机密：北山坑道口径十二米。", "Confidential: 北山坑道口径十二米。"])
    func aParagraphLabelledWithALevelIsAnError(_ line: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: line, in: site), "\(report.rendered)")
        #expect(!report.rendered.contains("北山坑道"), "\(report.rendered)")
    }

    @Test func aGuidesLabelStaysText() {
        let site = FailClosedTests.site(narrative: "依申请公开：公民、法人可以向财政局申请获取。\n\n不予公开：下列信息不予公开。\n\n主动公开：绩效目标随预算公开。")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
    }
}
