import Foundation
@testable import GongkaiCore
import Testing
@testable import GongkaiKit

/// Level marks in the other words and brackets clerks use (found by the leak red-team with main's binary, round
/// forty-three): `【保密】`, `下列内容涉密`, `★秘密`, `《涉密》`, `（国家秘密）` in a name, `北山工程：涉密`. Each was
/// published with exit 0; each is now GK123 at its line (the build stops, as for `【涉密】`) or at its field, and the item
/// withheld meanwhile.
@Suite("Level marks in other wordings and brackets")
struct OtherLevelWordingTests {
    static let project = FailClosedTests.project

    @Test(arguments: [
        // Notes about what follows, in other words.
        "下列内容涉密", "涉密内容如下：", "下面是涉密内容", "以下为非公开内容", "以下内容限制公开",
        // Other wordings of a level, bracketed.
        "【保密】", "【非公开】", "【限制公开】", "【仅供内部参考】", "【内部资料】", "【内部文件】", "【国家秘密】", "【工作秘密】",
        "【商业秘密】", "【秘密级】", "【涉密信息】", "【内部使用】", "【不对外公开】", "【请勿外传】", "（秘密件）", "【敏感信息】",
        "【保密内容】", "【涉及国家秘密】", "【不宜公开】", "【暂缓公开】", "【密】",
        // A star before the level.
        "★秘密", "☆机密",
        // Other brackets, and a pair typed unmatched.
        "《涉密》", "｛涉密｝", "＜涉密＞", "〘涉密〙", "‹涉密>", "{涉密}", "<涉密>", "«涉密»", "【涉密）", "﹙涉密﹚",
    ])
    func aLineInOtherWordsIsAMark(_ line: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n北山坑道口径十二米，部署于青峰。\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.file == Self.project && error.location.line == FailClosedTests.line(of: line, in: site), "\(line): \(report.rendered)")
    }

    /// Marked at a paragraph's start or end with the other brackets or words: the mark is read as `【涉密】` is.
    @Test(arguments: [
        ("《涉密》北山坑道口径十二米。", "《涉密》"),
        ("北山坑道口径十二米（保密）", "（保密）"),
        ("〘内部〙北山坑道口径十二米。", "〘内部〙"),
        ("北山坑道口径十二米｛国家秘密｝", "｛国家秘密｝"),
    ])
    func aParagraphMarkedInOtherBracketsIsAMark(_ line: String, _ mark: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: mark, in: site), "\(line): \(report.rendered)")
    }

    /// A name marked in other words or after a colon is GK123 at the project file, and nothing of the project is built.
    @Test(arguments: ["学生营养改善计划（保密）", "学生营养改善计划（秘密级）", "学生营养改善计划（国家秘密）", "学生营养改善计划（涉密项目）",
                      "学生营养改善计划：涉密", "学生营养改善计划，保密", "学生营养改善计划《内部资料》", "学生营养改善计划 ★机密"])
    func aNameMarkedInOtherWordsIsAnError(_ name: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: \(name)")
        let report = site.check()
        #expect(!report.succeeded, "\(name): \(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .unknownDisclosureLevel && $0.location.file == Self.project }, "\(name): \(report.rendered)")
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let disclosed = try #require(source.map { DiscloseStage.run($0).site })
        #expect(!disclosed.projects.contains { $0.name.contains("学生营养改善计划") }, "\(name)")
    }

    /// A plain text's line in other words is GK123 at the field.
    @Test(arguments: ["【保密】", "下列内容涉密", "★秘密"])
    func aPlainTextLineInOtherWordsIsAnError(_ note: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "goal: 保障学生营养餐供应。", with: "goal: |\n            保障学生营养餐供应。\n            \(note)\n            北山坑道口径十二米。")
        let report = site.check()
        #expect(!report.succeeded, "\(note): \(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .unknownDisclosureLevel && $0.location.file == Self.project }, "\(note): \(report.rendered)")
    }

    /// The words around those marks stay text where they are no mark: a policy's list of what is not disclosed, a
    /// heading about secrecy work, a book title, a star on a key project, a kind of spending named with 保密.
    @Test func wordsThatAreNoMarkStayText() {
        let site = FailClosedTests.site(narrative: """
            下列信息不予公开：

            - 涉及国家秘密的信息。

            下面是本项目的实施情况。

            ## 保密工作

            《保密法》规定，各单位应当加强保密管理。

            ★重点项目：营养餐供应。

            敏感信息

            内容如下：营养餐供应正常。

            （一）加强内部控制（试行）
            """)
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
        var named = SiteFixture()
        named.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: 保密/机要通信经费")
        #expect(named.check().succeeded, "\(named.check().rendered)")
    }
}

/// What GK123 and GK143 quote (found by the leak red-team, round forty-three): the whole line after a mark
/// (`以下内容涉密，涉及甲区坐标…`) and the words inside raw HTML went to the build log, which CI runs and chat groups
/// show. They quote the mark, and the tag's name.
@Suite("Diagnostics quote the mark, not what it marks")
struct MarkQuoteTests {
    @Test func aNoteIsQuotedUpToItsLevelWords() throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n以下内容涉密，涉及甲区坐标北山十二号\n\n北山坑道口径十二米。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.message.contains("“以下内容涉密”"), "\(error.message)")
        #expect(!report.rendered.contains("甲区坐标"), "\(report.rendered)")
    }

    @Test func rawHTMLIsQuotedByItsTagAlone() throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n<details><summary>北山坑道坐标东经一百零三度</summary>甲区</details>\n\n段落<span title=\"青锋七号\">行内</span>。")
        let report = site.check()
        let warnings = report.diagnostics.filter { $0.code == .rawHTML }
        #expect(warnings.contains { $0.message.contains("“<details>”") }, "\(report.rendered)")
        #expect(warnings.contains { $0.message.contains("“<span>”") }, "\(report.rendered)")
        for secret in ["北山坑道", "东经", "青锋七号"] { #expect(!report.rendered.contains(secret), "\(report.rendered)") }
    }
}

extension MarkQuoteTests {
    @Test(arguments: [("以下内容涉密，涉及甲区坐标", "以下内容涉密"), ("公开属性：涉密", "公开属性：涉密"), ("密级：秘密，北山", "密级：秘密"),
                      ("<!-- 涉密 -->", "<!-- 涉密 -->"), ("【涉密】", "【涉密】"), ("以下为内部资料，含北山坐标", "以下为内部资料"),
                      // A mark in brackets whole, not cut inside them (“（部分项目涉及国家秘密”, found by the fourth red-team).
                      ("（涉密，请勿公开）", "（涉密，请勿公开）"), ("（个人隐私，不公开）", "（个人隐私，不公开）")])
    func aNoteIsQuotedUpToItsLevel(_ note: String, _ quoted: String) {
        #expect(quotableNote(note) == quoted)
    }
}

/// A stray mark's own words in GK123 on the example site (found this round): `【涉密】`, `秘密★1年`, `（秘密）` were quoted as
/// 〔不予公开内容〕 — the mark starts what the loader withholds, so its words were blanked as withheld text, and the clerk
/// read “〔不予公开内容〕”写了公开级别. A mark is quoted; what follows it is not.
@Suite("GK123 quotes a stray mark's own words")
struct StrayMarkQuoteTests {
    @Test(arguments: ["【涉密】", "秘密★1年", "★机密", "（秘密）", "〔内部〕", "密级：秘密"])
    func theMarkIsQuotedOnTheExampleSite(_ mark: String) throws {
        let fs = try FailClosedTests.exampleSite()
        let page = "content/pages/tongzhi/2025-shidian-hecha-shuoming.md"
        try fs.write(fs.read(page) + Data("\n\(mark)\n\n北山坑道口径十二米。\n".utf8), to: page)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2, writeOutput: false))
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel && $0.location.file == page }, "\(report.rendered)")
        #expect(error.message.hasPrefix("“\(mark)”"), "\(error.message)")
        #expect(!report.rendered.contains("北山坑道"), "\(report.rendered)")
    }

    @Test(arguments: [("【涉密】", true), ("秘密★1年", true), ("机密★五年", true), ("绝密★长期", true), ("★机密", true),
                      ("以下内容涉密", true), ("密级：内部", true), ("（保密）", true), ("【公开】", false), ("北山坑道", false),
                      ("【涉密】北山", false), ("秘密★北山坑道", false), ("密级：北山", false), ("涉密项目北山坑道口径", false)])
    func onlyAMarkIsKept(_ quote: String, _ kept: Bool) {
        #expect(Redaction.isMarkOnly(quote[...]) == kept, "\(quote)")
    }
}

/// A state secret's grade with its term, as a document's cover marks it (GB/T 9704): `秘密★1年` in `disclosure:` was GK123
/// (the build stopped; the clerk had to learn that 涉密 was meant), and `::: 机密★5年` opened no passage (GK140). Both are
/// 涉密 now; a star with other words stays no level.
@Suite("A secret's grade with its term (秘密★1年)")
struct SecretGradeWithTermTests {
    @Test(arguments: ["秘密★1年", "机密★十年", "绝密★长期", "秘密★6个月", "★机密", "秘密★", "秘密 ★ 2年"])
    func isClassified(_ text: String) {
        #expect(DisclosureLevel(parsing: text) == .classified, "\(text)")
    }

    @Test(arguments: ["★重点项目", "秘密★北山", "公开★1年", "内部★1年", "★", "秘密★1年半"])
    func otherStarsAreNoLevel(_ text: String) {
        #expect(DisclosureLevel(parsing: text) == nil, "\(text)")
    }

    @Test func aFieldAndAPassageTakeIt() throws {
        var site = FailClosedTests.site(narrative: "公开的开头。\n\n::: 机密★5年\n北山坑道口径十二米。\n:::\n\n公开的结尾。")
        site.edit(FailClosedTests.project, replacing: "goal: 保障学生营养餐供应。", with: "goal:\n    value: 玄武朱雀目标泄露词\n    disclosure: 秘密★1年")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let everything = FailClosedTests.everything(fs)
        #expect(everything.contains("公开的结尾"))
        for secret in ["北山坑道", "玄武朱雀目标泄露词"] { #expect(!everything.contains(secret), "\(secret)") }
    }
}

/// A table's mark column (found this round): a row whose own cell is a mark and nothing else (`| 【涉密】 | 北山坑道… |`,
/// `| 甲 | 秘密★1年 | … |`) was published with exit 0 — a cell marked at its start or end was read, a whole-cell mark not. It is
/// GK123 at the row; a catalogue's 公开属性 column (`依申请公开`, `不予公开`) and a bare level word in a 密级 column stay data.
@Suite("A table cell that is a mark")
struct TableCellMarkTests {
    @Test(arguments: ["| 【涉密】 | 北山坑道口径十二米 |", "| 甲 | 秘密★1年 | 北山坑道口径十二米 |", "| 甲 | （机密） | 北山坑道口径十二米 |",
                      "| 甲 | **【内部】** | 北山坑道口径十二米 |"])
    func aRowMarkedByItsOwnCellIsAnError(_ row: String) throws {
        let columns = row.split(separator: "|").count
        let header = "|" + String(repeating: " 列 |", count: columns) + "\n|" + String(repeating: "---|", count: columns)
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(header)\n\(row)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(row): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.message.hasPrefix("表格中的“"), "\(error.message)")
        #expect(error.location.line == FailClosedTests.line(of: row, in: site), "\(error.location)")
    }

    @Test func aCataloguesLevelColumnStaysData() {
        let site = FailClosedTests.site(narrative: """
            | 文件名称 | 密级 | 公开属性 |
            |---|---|---|
            | 会议纪要 | 无 | 依申请公开 |
            | 采购合同 | 非涉密 | 不予公开 |
            | 年度报告 | — | 主动公开 |
            | 内部控制手册 | 内部控制 | 主动公开 |
            """)
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
    }

    /// A bare level word in a column is a value of the asset, post and secrecy-scope tables bodies publish (found by this
    /// round's third red-team): data, not a mark.
    @Test func aLevelColumnOfAPublishedTableStaysData() {
        let site = FailClosedTests.site(narrative: """
            | 序号 | 事项 | 密级 | 保密期限 |
            |---|---|---|---|
            | 1 | 未公布的年度预算草案 | 秘密 | 批准公布前 |
            | 2 | 涉密便携式计算机 | 机密 | 长期 |
            | 3 | 台式计算机 | 内部 | — |
            | 4 | 机要室 | 涉密 | — |
            """)
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
    }
}
