import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Mistakes a finance clerk really makes, end to end: each is reported where it was made.
@Suite("Clerk mistakes, end to end")
struct ClerkMistakeTests {
    /// A project file copied into another year's folder without changing `year:` (or the year
    /// mistyped): the error is at the `year:` line, and it is not also reported as a duplicate of
    /// the other year's project of the same code, which the clerk never wrote twice.
    @Test func aYearNotMatchingItsFolderIsNamedAtTheYearLineAndIsNoDuplicate() throws {
        var site = SiteFixture()
        // Last year's file, copied into the 2024 folder: year still 2025.
        site["content/projects/2024/JYJ-2025-001.md"] = site["content/projects/2025/JYJ-2025-001.md"]!
        let report = site.check()
        #expect(!report.succeeded)
        let mismatch = try #require(report.first(.invalidValue), "\(report.rendered)")
        #expect(mismatch.location.file == "content/projects/2024/JYJ-2025-001.md")
        #expect(mismatch.location.line == 4 && mismatch.location.column == 7, "\(report.rendered)")
        #expect(mismatch.message.contains("2025") && mismatch.message.contains("2024"))
        #expect(report.first(.duplicateCode) == nil, "\(report.rendered)")
    }
}

/// A code pasted from WeChat or WPS carries a zero-width space; a code typed in lowercase. The
/// message shows what the clerk cannot see and names the code that was meant.
@Suite("Clerk mistakes: codes as pasted or typed")
struct ClerkCodeMistakeTests {
    @Test func anInvisibleCharacterInADepartmentOrUnitCodeIsNamed() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "department: JYJ\n", with: "department: JYJ\u{200B}\n")
        let report = site.check()
        let unknown = try #require(report.first(.unknownReference), "\(report.rendered)")
        #expect(unknown.location.line == 5, "\(report.rendered)")
        #expect(unknown.message.contains("U+200B"), "\(unknown.message)")

        var unitSite = SiteFixture()
        unitSite.edit("content/projects/2025/JYJ-2025-001.md", replacing: "unit: JYJ-01\n", with: "unit: JYJ-01\u{200B}\n")
        let unitReport = unitSite.check()
        let unit = try #require(unitReport.first(.unknownReference), "\(unitReport.rendered)")
        #expect(unit.message.contains("U+200B"), "\(unit.message)")
    }

    @Test func aDepartmentCodeInTheWrongCaseNamesTheCodeMeant() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "department: JYJ\n", with: "department: jyj\n")
        let report = site.check()
        let unknown = try #require(report.first(.unknownReference), "\(report.rendered)")
        #expect(unknown.message.contains("“JYJ”"), "\(unknown.message)")
    }
}

/// A score or amount typed with its unit as in a Word table (`9.58分`, `1,250.50万元`) is one GK120 at
/// that field; the totals and the execution check do not report it again as a score or amount of 0
/// (`各项得分合计为 50`, `缺少全年预算数`), which sends the clerk to correct figures that were right.
@Suite("Clerk mistakes: a unit typed after a number")
struct ClerkUnitAfterNumberTests {
    func errors(_ old: String, _ new: String) -> [Diagnostic] {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: old, with: new)
        return site.check().diagnostics.filter { $0.code != .unreadContent }
    }

    @Test func anExecutionScoreWithItsUnitIsOneError() {
        let found = errors("execution_score: 9.58", "execution_score: 9.58分")
        #expect(found.map(\.code) == [.malformedNumber], "\(found)")
    }

    @Test func anIndicatorScoreWithItsUnitIsOneError() {
        let found = errors("score: 50", "score: 50分")
        #expect(found.map(\.code) == [.malformedNumber], "\(found)")
    }

    @Test func aBudgetWithItsUnitIsNotCalledMissing() {
        let found = errors("budget: 1250.50", "budget: 1,250.50万元")
        #expect(found.map(\.code) == [.malformedNumber], "\(found)")
    }

    /// The message says what to take away (the sign, the unit) and where the unit goes, not only the forms allowed.
    @Test(arguments: [("1,250.50万元", "后面的“万元”"), ("￥1250.50", "前面的“￥”"), ("¥ 1,250.50 元", "前面的“¥”和后面的“元”")])
    func anAmountWithItsSignOrUnitSaysWhatToTakeAway(_ written: String, _ advice: String) throws {
        let found = errors("budget: 1250.50", "budget: \(written)")
        let error = try #require(found.first { $0.code == .malformedNumber }, "\(found)")
        #expect(error.message.contains(advice) && error.message.contains("funding 的 unit"), "\(error.message)")
    }
}

/// Windows Explorer names a copy `JYJ-2025-001 - 副本.md` (or `JYJ-2025-001(1).md`), which sorts
/// before the original: the duplicate is reported on the copy, at its `code:` line, never on the
/// original file, which the clerk would then delete.
@Suite("Clerk mistakes: a project file copied in Explorer")
struct ClerkCopiedFileTests {
    @Test(arguments: ["JYJ-2025-001 - 副本.md", "JYJ-2025-001(1).md"])
    func theDuplicateIsNamedOnTheCopyAtItsCodeLine(copyName: String) throws {
        var site = SiteFixture()
        site["content/projects/2025/\(copyName)"] = site["content/projects/2025/JYJ-2025-001.md"]!
        let report = site.check()
        let duplicates = report.diagnostics.filter { $0.code == .duplicateCode }
        #expect(duplicates.count == 1, "\(report.rendered)")
        let duplicate = try #require(duplicates.first)
        #expect(duplicate.location.file == "content/projects/2025/\(copyName)", "\(report.rendered)")
        #expect(duplicate.location.line == 2 && duplicate.location.column == 7, "\(report.rendered)")
        #expect(duplicate.message.contains("content/projects/2025/JYJ-2025-001.md"), "\(duplicate.message)")
    }
}

/// A line indented with a full-width space (U+3000, typed with a Chinese input method) or a no-break
/// space (from Word): the YAML error names that line and the character, not the next line's colon.
@Suite("Clerk mistakes: indentation with a full-width or no-break space")
struct ClerkWideIndentTests {
    @Test(arguments: ["\u{3000}", "\u{00A0}"])
    func theIndentingCharacterIsNamedAtItsLine(space: String) throws {
        var site = SiteFixture()
        // Line 15 of the file: `  published: 2025-02-18` under `targets:`; libyaml stops at line 16.
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  published: 2025-02-18\n", with: "\(space) published: 2025-02-18\n")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.line == 15 && syntax.location.column == 1, "\(report.rendered)")
        #expect(syntax.message.contains(space == "\u{3000}" ? "全角空格" : "不换行空格"), "\(syntax.message)")
    }
}

/// A date copied from an Excel cell whose format was General shows its serial number (`45706`):
/// the message says so and gives the date it stands for.
@Suite("Clerk mistakes: an Excel date serial")
struct ClerkExcelSerialDateTests {
    @Test func aDateSerialIsExplained() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "published: 2025-02-18", with: "published: 45706")
        let report = site.check()
        let date = try #require(report.first(.malformedDate), "\(report.rendered)")
        #expect(date.location.line == 15 && date.location.column == 14, "\(report.rendered)")
        #expect(date.message.contains("Excel") && date.message.contains("2025-02-18"), "\(date.message)")
    }
}

/// Dates: `2025/2/19` and `2025-2-19` (as Excel shows a date) are the same day as `2025-02-19`, in
/// every date field; `2025年2月19日` or `2025.2.19` is an error that names the day in the form to write
/// (the message gave only a fixed example, `2025-02-18`, whatever the date).
@Suite("Clerk mistakes: a date in another form")
struct ClerkDateFormTests {
    @Test func slashesAndShortPartsAreReadAndOtherFormsAreNamedInTheRightOne() throws {
        let project = "content/projects/2025/JYJ-2025-001.md"
        for written in ["2025/2/19", "2025-2-19", "2025/02/19"] {
            var site = SiteFixture()
            site.edit(project, replacing: "published: 2025-02-18", with: "published: \(written)")
            let (report, fs) = site.build()
            #expect(report.succeeded && report.first(.malformedDate) == nil, "\(written): \(report.rendered)")
            #expect(fs.text("public/projects/2025/jyj-2025-001/index.html")?.contains("2025-02-19") == true, "\(written)")
        }
        for written in ["2025年2月19日", "2025.2.19", "2025．02．19", "２０２５-０２-１９", "2025年02月19号"] {
            var site = SiteFixture()
            site.edit(project, replacing: "published: 2025-02-18", with: "published: \(written)")
            let report = site.check()
            let date = try #require(report.first(.malformedDate), "\(written): \(report.rendered)")
            #expect(date.message.contains("请写作 2025-02-19"), "\(written): \(date.message)")
        }
    }
}

/// A key typed with a full-width colon (`title：`, the Chinese input method's colon): the error names
/// that line and the colon, not the next line (where libyaml stops) with a generic message.
@Suite("Clerk mistakes: a full-width colon after a key")
struct ClerkFullWidthColonTests {
    @Test func inGongkaiYAML() throws {
        var site = SiteFixture()
        site.edit("gongkai.yaml", replacing: "publisher: 测试市财政局", with: "publisher：测试市财政局")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.file == "gongkai.yaml" && syntax.location.line == 2 && syntax.location.column == 10, "\(report.rendered)")
        #expect(syntax.message.contains("全角冒号"), "\(syntax.message)")
    }

    @Test func inAProjectHeader() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "year: 2025", with: "year：2025")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.line == 4 && syntax.location.column == 5, "\(report.rendered)")
        #expect(syntax.message.contains("全角冒号"), "\(syntax.message)")
    }
}

extension ClerkUnitAfterNumberTests {
    /// A funding line without `budget:` is GK103 at the line; the execution check does not warn
    /// about it again, naming the clerk's public line “〔不予公开内容〕”.
    @Test func aMissingBudgetIsOneError() {
        let found = errors("      budget: 1250.50\n", "")
        #expect(found.map(\.code) == [.missingField], "\(found)")
    }

    /// A list item without its required field (a use without its item, a unit without its name, a rubric line without its
    /// points) is one error at the item (GK103): its other fields, written right, were also called unknown (GK102,
    /// `未知字段“disclosure”`), which sent the clerk looking for a typo that was not there.
    @Test(arguments: [
        ("content/projects/2025/JYJ-2025-001.md", "      spent: 1198.6\n", "      spent: 1198.6\n  uses:\n    - {amount: 100, disclosure: 涉密}\n"),
        ("content/organisations.yaml", "      - code: CZJ-01\n        name: 测试市财政局本级\n", "      - code: CZJ-01\n        disclosure: 涉密\n"),
        ("gongkai.yaml", "footer:", "compliance:\n  rubric:\n    items:\n      - {item: 目标公开, per_missing: 1, measure: targets_published}\n    bonuses:\n      - {item: 媒体报道, counts: {JYJ: 1}, cap: 5}\nfooter:"),
    ])
    func anItemWithoutItsRequiredFieldIsOneError(_ file: String, _ old: String, _ new: String) {
        var site = SiteFixture()
        site.edit(file, replacing: old, with: new)
        let report = site.check()
        #expect(report.diagnostics.contains { $0.code == .missingField && $0.location.file == file }, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .unknownKey }, "\(report.rendered)")
    }

}

/// A quote or a bracket opened and never closed (a value pasted with its opening “"” only): libyaml reads on to the
/// end of the file and reports the last line, where nothing is wrong. The error names where it was opened.
@Suite("Clerk mistakes: an unclosed quote or bracket")
struct ClerkUnclosedQuoteTests {
    @Test(arguments: [
        ("goal: \"保障学生营养餐供应。", 16, 9, "引号"),
        ("goal: '保障学生营养餐供应。", 16, 9, "引号"),
        ("goal: [保障学生营养餐供应。", 16, 9, "["),
        ("goal: {保障学生营养餐供应。", 16, 9, "{"),
    ])
    func isNamedWhereItOpens(_ written: String, _ line: Int, _ column: Int, _ word: String) throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "goal: 保障学生营养餐供应。", with: written)
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(written): \(report.rendered)")
        #expect(syntax.location.line == line && syntax.location.column == column, "\(written): \(report.rendered)")
        #expect(syntax.message.contains(word) && syntax.message.contains("没有闭合"), "\(written): \(syntax.message)")
        #expect(report.diagnostics.filter { $0.severity == .error }.count == 1, "\(report.rendered)")
    }

    /// The quote left open is closed by the first quote of a later value (`name: "数量指标"`): libyaml stops just
    /// after that one, on a line written right. The error names the line whose quote was left open.
    @Test(arguments: ["\"", "'"])
    func closedByALaterValuesQuoteIsNamedWhereItOpens(_ quote: String) throws {
        var site = SiteFixture()
        let project = "content/projects/2025/JYJ-2025-001.md"
        site.edit(project, replacing: "goal: 保障学生营养餐供应。", with: "goal: \(quote)保障学生营养餐供应。")
        site.edit(project, replacing: "- name: 受益学生人数", with: "- name: \(quote)受益学生人数\(quote)")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.line == 16 && syntax.location.column == 9, "\(report.rendered)")
        #expect(syntax.message.contains("第 23 行") && syntax.message.contains("没有在本行闭合"), "\(syntax.message)")
    }
}

/// A field name written in Chinese, as the table's column heads read (`名称:`, `得分:`): the error names the English
/// field meant. The project then fails to load, and its diagnostics blank every quote (its level is unknown), so the
/// clerk saw `未知字段“〔不予公开内容〕”` and a list of fields; a Chinese field name gongkai knows is its own word.
@Suite("Clerk mistakes: a field name in Chinese")
struct ClerkChineseKeyTests {
    @Test(arguments: [
        ("name: 学生营养改善计划", "名称: 学生营养改善计划", "名称", "name"),
        ("              score: 50", "              得分: 50", "得分", "score"),
        ("target: ≥52000人", "年度指标值: ≥52000人", "年度指标值", "target"),
    ])
    func isNamedWithTheFieldMeant(_ old: String, _ new: String, _ written: String, _ meant: String) throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: old, with: new)
        let report = site.check()
        let unknown = try #require(report.first(.unknownKey), "\(report.rendered)")
        #expect(unknown.message.contains("“\(written)”") && unknown.message.contains("是否应为“\(meant)”"), "\(unknown.message)")
    }
}

/// A list item typed without the space after its dash (`-code: CZJ`): libyaml takes `-code` for a key and stops at the
/// item's next line with “mapping values are not allowed”. The error names the dash.
@Suite("Clerk mistakes: a dash without its space")
struct ClerkDashWithoutSpaceTests {
    @Test func isNamedAtTheDash() throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "  - code: JYJ\n", with: "  -code: JYJ\n")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.file == "content/organisations.yaml" && syntax.location.line == 7 && syntax.location.column == 3, "\(report.rendered)")
        #expect(syntax.message.contains("后面缺少空格"), "\(syntax.message)")
    }
}
