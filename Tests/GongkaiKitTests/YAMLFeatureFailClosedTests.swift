import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// YAML features and spellings a clerk's editor (or a hostile file) produces, beyond plain mappings,
/// lists and text: tags, keys repeated under different tags, a level typed in full-width mode or
/// between Word's curly quotes, a reason for withholding in Traditional characters. None of them may
/// publish what the clerk meant to withhold, or be accepted without a word.
@Suite("Fail closed: YAML tags, repeated keys and level spellings")
struct YAMLFeatureFailClosedTests {
    static let project = FailClosedTests.project

    /// The tag diagnostic (GK106), looked up by its code so that this file compiles before it exists.
    static func tagError(_ report: BuildReport) -> Diagnostic? {
        report.diagnostics.first { $0.code.rawValue == "GK106" }
    }

    // MARK: Tags

    /// The same key twice under different tags (`!x disclosure` and `disclosure`) is two keys to Yams,
    /// which reports a repeated key only when key and tag are equal; the loader read the first and never
    /// looked at the second. So `!x disclosure: public` above `disclosure: 涉密` published the project.
    @Test(arguments: [
        "!x disclosure: public\ndisclosure: 涉密",
        "!!str disclosure: public\n!!binary disclosure: 涉密",
        "!<tag:example.org,2026:x> disclosure: public\ndisclosure: classified",
        "disclosure: !!str public\n!secret disclosure: 涉密",
    ])
    func aLevelRepeatedUnderAnotherTagIsAnError(_ levels: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\n\(levels)\n")
        site.edit(Self.project, replacing: FailClosedTests.narrative, with: "玄武朱雀标签正文。")
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(levels)")
        let error = try #require(Self.tagError(report) ?? report.first(.duplicateKey), "\(report.rendered)")
        #expect(error.location.file == Self.project)
        #expect(!FailClosedTests.everything(fs).contains("玄武朱雀标签正文"))
        #expect(!FailClosedTests.disclosedText(site).contains("玄武朱雀标签正文"))
    }

    /// A tag changes nothing in gongkai, which reads every value as text: `goal: !classified …` or
    /// `!secret` was published as written, as if the tag withheld it; `!!binary` published base64.
    /// An error at the tag, in front matter and in the data files alike.
    @Test(arguments: [
        (Self.project, "  goal: 保障学生营养餐供应。", "  goal: !classified 玄武朱雀标签目标。", "!classified"),
        (Self.project, "  goal: 保障学生营养餐供应。", "  goal: !secret 玄武朱雀标签目标。", "!secret"),
        (Self.project, "  goal: 保障学生营养餐供应。", "  goal: !!binary 546E5q2m5pyx6ZuA", "!!binary"),
        (Self.project, "  goal: 保障学生营养餐供应。", "  goal: ! 玄武朱雀标签目标。", "! 玄武"),
        ("content/organisations.yaml", "    intro: 主管全市教育工作。", "    intro: !!str 玄武朱雀标签简介。", "!!str"),
        ("gongkai.yaml", "intro: 本平台公开测试市的预算绩效信息。", "intro: !classified \"玄武朱雀标签介绍。\"", "!classified"),
    ])
    func aYAMLTagIsAnError(_ file: String, _ old: String, _ new: String, _ tag: String) throws {
        var site = SiteFixture()
        site.edit(file, replacing: old, with: new)
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(Self.tagError(report), "\(report.rendered)")
        let line = try #require(FailClosedTests.line(of: tag, in: site, file: file))
        #expect(error.location.file == file && error.location.line == line, "\(error)")
        #expect(error.location.column == site[file]!.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
            .prefix { $0 != "!" }.count + 1, "\(error)")
        #expect(!FailClosedTests.everything(fs).contains("玄武朱雀标签"))
    }

    /// `!` inside a text, or at the start of a quoted one, is text.
    @Test func anExclamationMarkInATextIsNoTag() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  goal: 保障学生营养餐供应。", with: "  goal: \"!保障学生营养餐供应!\"")
        site.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: 学生营养改善计划!")
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(Self.tagError(report) == nil)
    }

    /// Whatever composed the tree, a mapping that holds the same key text twice is an error: the reader
    /// would otherwise read the first and drop the second without a word.
    @Test func aMappingReaderRefusesAKeyWrittenTwice() throws {
        func scalar(_ s: String, _ line: Int32) -> YAMLNode {
            .scalar(YAMLNode.Scalar(string: s, style: .plain, mark: YAMLNode.Position(line: line, column: 1)))
        }
        let node = YAMLNode.mapping([(key: scalar("disclosure", 1), value: scalar("public", 1)),
                                     (key: scalar("disclosure", 2), value: scalar("涉密", 2))], YAMLNode.Position(line: 1, column: 1))
        var diagnostics = DiagnosticList()
        let reader = try #require(MappingReader(node, source: YAMLSource(file: "x.md", lineOffset: 1), what: "项目", diagnostics: &diagnostics))
        _ = reader.disclosure()
        reader.finish(into: &diagnostics)
        let repeated = try #require(diagnostics.items.first { $0.code == .duplicateKey }, "\(diagnostics.items)")
        #expect(repeated.location.line == 3 && repeated.message.contains("disclosure"))
    }

    // MARK: A level typed in full-width mode or between curly quotes

    /// A Chinese input method in full-width mode types `ｄｉｓｃｌｏｓｕｒｅ：涉密`; Word turns quotes into
    /// `“disclosure”`. After a stray `---` (in the body) or indented as a text, such a level was not
    /// recognised as one, and the text it meant to withhold was published.
    @Test(arguments: ["ｄｉｓｃｌｏｓｕｒｅ：涉密", "“disclosure”：涉密", "‘disclosure’: 涉密", "disclosure　：涉密",
                      "ＤＩＳＣＬＯＳＵＲＥ: classified", "「disclosure」：涉密"])
    func aLevelTypedInFullWidthOrCurlyQuotesAfterAStrayRuleIsAnError(_ level: String) throws {
        var site = SiteFixture()
        let file = "content/pages/zhengce/banfa.md"
        site.edit(file, replacing: "category: 政策文件", with: "category: 政策文件\n---\n\(level)")
        site.edit(file, replacing: "第一条", with: "玄武朱雀全角第一条")
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(level)")
        let error = try #require(report.first(.frontMatter), "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: level, in: site, file: file))
        #expect(!FailClosedTests.everything(fs).contains("玄武朱雀全角"))
        #expect(LevelKey.appearsIn("前文\n\(level)\n后文"))
    }

    @Test(arguments: ["ｄｉｓｃｌｏｓｕｒｅ：涉密", "“disclosure”：涉密", "Ｄｉｓｃｌｏｓｕｒｅ: 涉密"])
    func aLevelTypedInFullWidthInsideATextIsAnErrorAndWithholds(_ level: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: |\n    玄武朱雀全角问题。\n    \(level)")
        let (report, fs) = site.build()
        #expect(!report.succeeded)
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel && $0.message.contains("文字") }, "\(report.rendered)")
        #expect(error.location.file == Self.project)
        #expect(!FailClosedTests.everything(fs).contains("玄武朱雀全角问题"))
        #expect(!FailClosedTests.disclosedText(site).contains("玄武朱雀全角问题"))
    }

    /// Ordinary words are not levels: `disclosures`, `nondisclosure:` and a full-width text without a colon.
    @Test func wordsLikeTheKeyAreNotLevels() {
        #expect(!LevelKey.appearsIn("信息公开（ｄｉｓｃｌｏｓｕｒｅ）制度"))
        #expect(!LevelKey.appearsIn("nondisclosure: 协议"))
        #expect(!LevelKey.appearsIn("ｄｉｓｃｌｏｓｕｒｅｓ：若干"))
    }

    // MARK: Reasons in Traditional characters

    /// A reason is read for a ground for withholding beside `public`; written in Traditional characters
    /// (a document from Hong Kong or Taiwan, a converter's output) the ground was not seen.
    @Test(arguments: [("僅供內部使用", true), ("涉及國家祕密", true), ("屬於機密事項", true), ("絕密", true), ("不予公開", true),
                      ("依申請公開", true), ("在一定範圍內公開", true),
                      ("經保密審查，不涉密，可以公開", false), ("主動公開", false)])
    func aReasonInTraditionalCharactersIsReadForAGround(_ reason: String, _ withholds: Bool) {
        #expect(MappingReader.reasonWithholds(reason) == withholds, "\(reason)")
    }

    // MARK: Nesting

    /// Each fence line worked out the open passages' level and scopes from the whole stack of open
    /// fences, so a file of nested fences took time quadratic in its depth: 30,000 nested `::: 涉密`
    /// (a 400 KB file) held a build for 20 seconds, 100,000 for three minutes. No document nests fences
    /// a hundred deep: past that it is an error at the fence, and the rest of the text is withheld.
    @Test func passagesNestedTooDeeplyAreAnErrorAndTheRestIsWithheld() throws {
        let depth = 20_000, limit = 100
        let markdown = "公开的开头。\n\n" + String(repeating: "::: 涉密\n", count: depth) + "玄武朱雀嵌套正文\n" + String(repeating: ":::\n", count: depth) + "\n玄武朱雀嵌套之后。"
        let start = Date()
        var diagnostics = DiagnosticList()
        let source = MarkdownSource.parse(markdown, file: "x.md", firstLine: 1, diagnostics: &diagnostics)
        #expect(Date().timeIntervalSince(start) < 10)
        let error = try #require(diagnostics.items.first { $0.code == .passageFence && $0.message.contains("嵌套") }, "\(diagnostics.items.prefix(3))")
        #expect(error.location.line == 3 + limit)
        #expect(diagnostics.items.count < 10)
        let shown = source.text(visibleAt: { $0 == .public })
        #expect(shown.contains("公开的开头") && !shown.contains("玄武朱雀"))

        // A hundred deep is accepted as written.
        var fine = DiagnosticList()
        let nested = "开头\n" + String(repeating: "::: 涉密\n", count: limit) + "玄武朱雀\n" + String(repeating: ":::\n", count: limit) + "结尾"
        #expect(MarkdownSource.parse(nested, file: "x.md", firstLine: 1, diagnostics: &fine).text(visibleAt: { $0 == .public }) == "开头\n\n结尾")
        #expect(!fine.hasErrors, "\(fine.items.prefix(3))")
    }
}
