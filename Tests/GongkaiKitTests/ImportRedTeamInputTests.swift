import Foundation
import Testing
@testable import GongkaiCore
@testable import GongkaiKit

/// Files as finance clerks really produce them (red-team round: real input).
@Suite("Import of CSV files as clerks produce them")
struct ImportRedTeamInputTests {
    static func csv(_ grid: [[String]], separator: String = ",") -> String {
        grid.map { $0.joined(separator: separator) }.joined(separator: "\r\n") + "\r\n"
    }

    /// A quote opened and never closed (a hand-edited CSV, a cell pasted from Word starting with `"`) read
    /// every following line into that one cell: the import succeeded with the rest of the indicator block
    /// as one indicator's 依据, and the other indicators were gone without a word. Refused at the cell.
    @Test func aQuoteNeverClosedIsRefusedAtItsCell() {
        var grid = ImportTests.targetGrid
        grid[11][5] = "\"学籍统计"
        let (r, fs) = ImportClerkTableTests.run(Data(Self.csv(grid).utf8), file: "t.csv")
        #expect(!r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(ImportClerkTableTests.messages(r).contains("t.csv:CSV!F12: error[GK500]"), "\(ImportClerkTableTests.messages(r))")
        #expect(ImportClerkTableTests.messages(r).contains("引号"), "\(ImportClerkTableTests.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }

    /// A quoted cell holding a line break, closed further down, is still one cell (Excel writes them so).
    @Test func aQuotedCellWithALineBreakIsStillRead() throws {
        var grid = ImportTests.targetGrid
        grid[11][5] = "\"学籍\n统计\""
        let (r, fs) = ImportClerkTableTests.run(Data(Self.csv(grid).utf8), file: "t.csv")
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(Discloser.leaves(project.targets!.indicators).map(\.name).count == 5)
    }

    /// Excel's “Unicode 文本” is UTF-16 little-endian with a byte-order mark, separated by tabs; the
    /// file was refused as “无法识别文件编码”, which says neither what it is nor what to do. It is read
    /// as UTF-16 and refused naming the separator, as the docs say; a UTF-16 file separated by commas imports.
    @Test func excelUnicodeTextIsNamedByItsSeparator() {
        let text = Self.csv(ImportTests.targetGrid, separator: "\t")
        var data = Data([0xFF, 0xFE])
        data.append(text.data(using: .utf16LittleEndian)!)
        let (r, _) = ImportClerkTableTests.run(data, file: "t.csv")
        #expect(!r.succeeded)
        #expect(ImportClerkTableTests.messages(r).contains("error[GK500]") && ImportClerkTableTests.messages(r).contains("制表符"),
                "\(ImportClerkTableTests.messages(r))")
    }

    @Test(arguments: [true, false])
    func aUTF16CSVWithCommasImports(_ littleEndian: Bool) throws {
        let text = Self.csv(ImportTests.targetGrid)
        var data = Data(littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF])
        data.append(text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!)
        let (r, fs) = ImportClerkTableTests.run(data, file: "t.csv")
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(project.name == "学生营养餐改善")
        #expect(Discloser.leaves(project.targets!.indicators).map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
    }

    /// A NUL or other hidden control character in a cell was refused by the loader after the import, at the
    /// CSV's A1 and with the field's name blanked: the clerk could not find it. Named at its cell.
    @Test func aHiddenControlCharacterIsNamedAtItsCell() {
        var grid = ImportTests.targetGrid
        grid[12][3] = "供餐\u{0}学校数"
        let (r, _) = ImportClerkTableTests.run(Data(Self.csv(grid).utf8), file: "t.csv")
        #expect(!r.succeeded)
        #expect(ImportClerkTableTests.messages(r).contains("t.csv:CSV!D13: error["), "\(ImportClerkTableTests.messages(r))")
        #expect(ImportClerkTableTests.messages(r).contains("U+0000"), "\(ImportClerkTableTests.messages(r))")
    }
}

/// Site files as clerks really write them (red-team round: real input).
@Suite("Clerk mistakes: messages that say what to fix")
struct ClerkMessageRedTeamTests {
    /// A key indented with a tab (an editor's Tab key): libyaml says “found character that cannot start any
    /// token”, which read as “a value starts with @, ` or %: quote it” — no word of the tab.
    @Test func aTabInTheIndentationIsNamed() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  published: 2025-02-18\n", with: "\tpublished: 2025-02-18\n")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(syntax.location.line == 15 && syntax.location.column == 1, "\(report.rendered)")
        #expect(syntax.message.contains("制表符"), "\(syntax.message)")
        #expect(!syntax.message.contains("@"), "\(syntax.message)")
    }

    /// A file that does not load has every quote of its messages blanked (its level is unknown): that blanked
    /// gongkai's own hints too — `以“〔不予公开内容〕”“〔不予公开内容〕”开头的值`, `只能使用小写字母、数字和“〔不予公开内容〕”` —
    /// and the file name the location prints anyway. Those stay; the clerk's text is still blanked.
    @Test func gongkaisOwnHintsAreNotBlanked() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "  published: 2025-02-18\n", with: "  published: 2025-02-18\n   bad: [\n")
        let report = site.check()
        let syntax = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(!syntax.message.contains(Redaction.placeholder), "\(syntax.message)")

        var page = SiteFixture()
        page["content/pages/zhengce/管理 办法.md"] = page["content/pages/zhengce/banfa.md"]
        let pageReport = page.check()
        let slug = try #require(pageReport.first(.unsafeSlug), "\(pageReport.rendered)")
        #expect(!slug.message.contains(Redaction.placeholder) && slug.message.contains("管理 办法") && slug.message.contains("“-”"), "\(slug.message)")
    }
}

/// A report pasted from Word with thousands of note references in one paragraph: each reference searched the
/// text from its start again (Foundation's `range(of:)` on a substring walks the whole string), so a 1.5 MB page
/// with 100,000 references kept `gongkai check` busy for minutes. Linear now.
@Suite("Markdown footnotes at scale")
struct MarkdownFootnoteScaleTests {
    @Test func manyReferencesInOneParagraphTakeLinearTime() {
        let text = String(repeating: "正文[^1]", count: 40_000) + "\n\n[^1]: 注\n"
        let clock = ContinuousClock()
        let start = clock.now
        let html = Markdown.html(text)
        let shown = Markdown.asShown(text)
        #expect(clock.now - start < .seconds(5), "\(clock.now - start)")
        #expect(html.components(separatedBy: "<sup class=\"footnote-ref\">[1]</sup>").count == 40_001)
        #expect(shown.components(separatedBy: "[^1]").count >= 40_001)
    }
}

/// The same search, each time from the start of the whole text, in the other loops over a text's marks: a shared
/// string of an .xlsx (up to 50 MB) with many `_x`, a page with many HTML comments.
@Suite("Text scans at scale")
struct TextScanScaleTests {
    @Test func manyMarksInOneTextTakeLinearTime() {
        let clock = ContinuousClock()
        let start = clock.now
        let escaped = RichText.unescaped(String(repeating: "学_x000D_生_xZ", count: 40_000))
        let (kept, comments) = HTMLComments.split(String(repeating: "正文<!-- 注 -->", count: 40_000))
        let xml = XMLText.lines(String(repeating: "<w:t>正文</w:t><!-- 注 --><![CDATA[文]]>", count: 40_000), breakAtEveryTag: false)
        let properties = OfficeReading.propertiesAsLines(String(repeating: "<property name=\"a\"><vt:lpwstr>b</vt:lpwstr></property>", count: 40_000))
        #expect(clock.now - start < .seconds(20), "\(clock.now - start)")
        #expect(escaped.unicodeScalars.filter { $0 == "\n" }.count == 40_000 && escaped.components(separatedBy: "_xZ").count == 40_001)
        #expect(kept.count == 80_000 && comments.count == 40_000)
        #expect(xml.components(separatedBy: "注").count == 40_001 && properties.components(separatedBy: "a：").count == 40_001)
    }
}

/// A number cell's `<v>` holding more than a number (`0x32`, `1,250.5`, `95%`, as some system exports write the
/// shown text into it): Foundation's `Decimal(string:)` reads the digits it can and stops, so `0x32` was 0 and
/// `1,250.5` was 1 — a silent wrong amount. Only a whole number is read; anything else stays the text it is,
/// and an amount column refuses it at its cell.
@Suite("Import of number cells holding more than a number")
struct ImportNumberCellTests {
    @Test(arguments: ["0x32", "50 万元", "50O", "5,0"])
    func aNumberCellIsReadWholeOrNotAtAll(_ stored: String) {
        let data = ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, cells: ["C9": "<c r=\"C9\"><v>\(stored)</v></c>"])
        let (r, fs) = ImportClerkTableTests.run(data)
        #expect(!r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!C9: error[GK501]"), "\(ImportClerkTableTests.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }

    /// Read whole, a number written with a thousands separator is the number it shows, not its first digits.
    @Test func aThousandsSeparatorIsReadWhole() throws {
        let data = ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, cells: ["C8": "<c r=\"C8\"><v>1,250.5</v></c>"])
        let (r, fs) = ImportClerkTableTests.run(data)
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(try ImportClerkTableTests.project(fs).funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
    }

    @Test(arguments: ["50", " 50 ", "5E1", "5.0e+1", "+50", "50."])
    func aNumberInXMLsFormsIsRead(_ stored: String) throws {
        let data = ImportTests.xlsx(ImportTests.targetGrid, merges: ImportTests.targetMerges, cells: ["C9": "<c r=\"C9\"><v>\(stored)</v></c>"])
        let (r, fs) = ImportClerkTableTests.run(data)
        #expect(r.succeeded, "\(stored): \(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(project.funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
    }
}

/// A rubric's hand-entered points (`manual: {JYJ: 8.5.1}`, `8,5`, `9分`, `0x9`) were read by `Decimal(string:)`, which
/// takes the digits it can and stops: 8.5, 8, 9 and 0 were published on the compliance page without a word.
@Suite("Management rubric: hand-entered points")
struct ManagementRubricNumberTests {
    @Test(arguments: ["8.5.1", "\"8,5\"", "9分", "0x9", "1e1"])
    func aPointThatIsNotOneNumberIsAnError(_ written: String) throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += ManagementRubricTests.rubric.replacingOccurrences(of: "manual: {JYJ: 8}", with: "manual: {JYJ: \(written)}")
            .replacingOccurrences(of: "counts: {JYJ: 5}", with: "counts: {JYJ: \(written)}")
        let report = site.check()
        #expect(report.diagnostics.filter { $0.code == .malformedNumber }.count == 2, "\(written): \(report.rendered)")
    }

    /// Points entered by hand above the item's points (`manual: {JYJ: 15}` under `points: 10`) were shown capped at 10, and
    /// a bonus counted 1.5 times as 1, without a word: the typo was published as a plausible score.
    @Test func pointsAboveTheItemAndAFractionalCountAreErrors() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += ManagementRubricTests.rubric.replacingOccurrences(of: "manual: {JYJ: 8}", with: "manual: {JYJ: 15}")
            .replacingOccurrences(of: "counts: {JYJ: 5}", with: "counts: {JYJ: 1.5}")
        let report = site.check()
        #expect(!report.succeeded)
        let messages = report.diagnostics.filter { $0.location.file == "gongkai.yaml" }.map(\.message).joined(separator: "\n")
        #expect(messages.contains("JYJ") && messages.contains("15") && messages.contains("1.5"), "\(report.rendered)")
    }

    @Test func aPlainNumberIsRead() {
        var site = SiteFixture()
        site["gongkai.yaml"]! += ManagementRubricTests.rubric.replacingOccurrences(of: "manual: {JYJ: 8}", with: "manual: {JYJ: 8.5}")
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
    }
}
