import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// What a cell's text is, as Excel shows it (red-team round 14): rich-text runs, phonetic runs, escaped
/// characters, number formats that move the decimal point, rows and columns shrunk to nothing.
@Suite("Import of a cell's text as Excel shows it")
struct ImportCellTextTests {
    static let path = "content/projects/2025/JYJ-2025-009.md"

    /// A phonetic run (`<rPh>`, the furigana of a Japanese or a Chinese IME's reading) is not shown in the
    /// cell: in an inline string it was glued to the text (`受益学生人数ジュエキ`). Excel writes control
    /// characters as `_xHHHH_` (a line break pasted from Word is `_x000D_` before the line feed): they were
    /// imported as the letters `_x000D_` and published; `_x005F_` escapes a literal underscore.
    @Test func phoneticRunsAndEscapedCharactersAreReadAsShown() throws {
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: [
            "D12": "<c r=\"D12\" t=\"inlineStr\"><is><t>受益学生人数</t><rPh sb=\"0\" eb=\"2\"><t>ジュエキ</t></rPh><phoneticPr fontId=\"1\"/></is></c>",
            "F13": "<c r=\"F13\" t=\"inlineStr\"><is><r><t>实施</t></r><r><rPr><b/></rPr><t>方案_x000D_\n（2025）</t></r></is></c>",
        ], richStrings: [
            "保障学生营养餐供应，食品安全零事故。": "<t xml:space=\"preserve\">保障学生营养餐供应，_x000D_\n食品安全零事故。</t>",
            "学籍统计": "<t>学籍_x005F_x0032_统计</t><rPh sb=\"0\" eb=\"2\"><t>がくせき</t></rPh>",
        ]))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        // The line break (Alt+Enter, or Word's pasted one) inside a run of words joins them as they run on
        // (`ImportAltEnterTests`).
        #expect(project.targets?.goal?.value == "保障学生营养餐供应，食品安全零事故。")
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.map(\.name).first == "受益学生人数")
        #expect(leaves.compactMap { $0.basis?.value }.prefix(2) == ["学籍_x0032_统计", "实施方案（2025）"])
    }

    /// A run of a cell's rich text in a white font on a white cell shows nothing: the visible part was
    /// checked, the white part imported and published with it (`学籍统计（内部测算，勿公开）`). Refused at
    /// the cell, as a cell in a white font is; a run in another colour, or white on a dark fill, shows.
    @Test(arguments: [
        ("<r><t>学籍统计</t></r><r><rPr><sz val=\"11\"/><color rgb=\"FFFFFFFF\"/><rFont val=\"宋体\"/></rPr><t>（内部测算，勿公开）</t></r>", "", false),
        ("<r><t>学籍统计</t></r><r><rPr><color theme=\"0\"/></rPr><t>（内部测算，勿公开）</t></r>", "", false),
        ("<r><t>学籍统计</t></r><r><rPr><color indexed=\"9\"/></rPr><t>（内部测算，勿公开）</t></r>", "", false),
        ("<r><t>学籍统计</t></r><r><rPr><color rgb=\"FFFF0000\"/></rPr><t>（核定）</t></r>", "", true),
        ("<r><t>学籍统计</t></r><r><rPr><color rgb=\"FFFFFFFF\"/></rPr><t xml:space=\"preserve\">  </t></r>", "", true),
        ("<r><t>学籍统计</t></r><r><rPr><color rgb=\"FFFFFFFF\"/></rPr><t>（核定）</t></r>", "dark", true),
    ])
    func aWhiteRunOfRichTextIsRefused(_ runs: String, _ fill: String, _ passes: Bool) throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let styles = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font></fonts>"
            + "<fills><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF1F4E79\"/></patternFill></fill></fills>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\"/><xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" applyFill=\"1\"/></cellXfs></styleSheet>"
        let style = fill == "dark" ? " s=\"1\"" : ""
        // As an inline string, and (on the default white cell) in the shared strings.
        let inline = ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\"\(style) t=\"inlineStr\"><is>\(runs)</is></c>"], parts: ["xl/styles.xml": styles])
        let shared = ImportTests.xlsx(ImportTests.targetGrid, parts: ["xl/styles.xml": styles], richStrings: ["学籍统计": runs])
        for data in fill.isEmpty ? [inline, shared] : [inline] {
            let (r, fs) = ImportClerkTableTests.run(data)
            #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
            if passes {
                #expect(Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators).first?.basis?.value.hasPrefix("学籍统计") == true)
            } else {
                #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("白色"),
                        "\(ImportClerkTableTests.messages(r))")
                #expect(fs.text(Self.path) == nil)
            }
        }
    }

    /// A number format can move the decimal point: `0!.0000` (a literal point before the last four digits,
    /// the usual way to show 元 as 万元) shows 13005000 as `1300.5000`, `0.0,,` shows it as `13.0`. In an
    /// amount column the clerk sees 1300.5 万元 and the stored 13005000 was imported as 13005000 万元. Refused
    /// at the cell (GK501); a format that adds only a unit (`#,##0.00"万元"`) or decimals keeps the number.
    @Test(arguments: [("0!.0000", false), ("0\\.0000", false), ("0\".\"0000", false), ("0.0,,", false), ("#,##0,\"千元\"", false),
                      ("#,##0.00\"万元\"", true), ("0.00", true), ("#,##0", true)])
    func aFormatMovingTheDecimalPointInAnAmountIsRefused(_ format: String, _ passes: Bool) throws {
        let stored = passes ? ["1300.5", "1250.5", "50"] : ["13005000", "12505000", "500000"]
        let cells = Dictionary(uniqueKeysWithValues: zip(["C7", "C8", "C9"], stored).map { ($0.0, "<c r=\"\($0.0)\" s=\"1\"><v>\($0.1)</v></c>") })
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: cells, formats: [format]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if passes {
            #expect(try ImportClerkTableTests.project(fs).funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
        } else {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!C8: error[GK501]") && ImportClerkTableTests.messages(r).contains("小数点"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(Self.path) == nil)
        }
    }

    /// A row of height 0 or a column of width 0 is as unseen as a hidden one (another program's way of
    /// hiding, which Excel shows as nothing): refused at its first cell holding something.
    @Test func aRowOrColumnShrunkToNothingIsRefused() {
        let (row, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, rowAttributes: [13: "ht=\"0\" customHeight=\"1\""]))
        #expect(ImportClerkTableTests.messages(row).contains("t.xlsx:Sheet1!D13: error[GK500]") && ImportClerkTableTests.messages(row).contains("隐藏"),
                "\(ImportClerkTableTests.messages(row))")
        #expect(fs.text(Self.path) == nil)
        let (column, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cols: "<cols><col min=\"6\" max=\"6\" width=\"0\" customWidth=\"1\"/></cols>"))
        #expect(ImportClerkTableTests.messages(column).contains("t.xlsx:Sheet1!F11: error[GK500]"), "\(ImportClerkTableTests.messages(column))")
        // A low row or a narrow column shows its content; a column of width 0 left empty is no matter.
        let (low, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, rowAttributes: [13: "ht=\"9.75\" customHeight=\"1\""],
                                                                 cols: "<cols><col min=\"6\" max=\"6\" width=\"2.5\" customWidth=\"1\"/><col min=\"9\" max=\"12\" width=\"0\" customWidth=\"1\"/></cols>"))
        #expect(low.succeeded, "\(ImportClerkTableTests.messages(low))")
    }
}

/// Number formats built on General (red-team round 14).
@Suite("Import of numbers shown through General with a unit")
struct ImportGeneralFormatTests {
    /// English Excel writes a unit added to General as `General"人"`, Chinese Excel as `G/通用格式"所"`. The
    /// `e` of General was taken for a date code: 52000人 was imported (and published) as the target
    /// `2042-05-14`; the Chinese one lost its unit (`142`). In an amount column the number is kept, and a
    /// scientific format (`0.00E+00`, its `E` no date code either) keeps it too.
    @Test func aUnitAddedToGeneralIsReadAsShown() throws {
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: [
            "E12": "<c r=\"E12\" s=\"1\"><v>52000</v></c>", "E13": "<c r=\"E13\" s=\"2\"><v>142</v></c>",
            "C8": "<c r=\"C8\" s=\"4\"><v>1250.5</v></c>", "C9": "<c r=\"C9\" s=\"3\"><v>50</v></c>",
        ], formats: ["General\"人\"", "\"≥\"G/通用格式\"所\"", "General\"万元\"", "0.00E+00"]))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(Discloser.leaves(project.targets!.indicators).prefix(2).map { $0.target!.raw } == ["52000人", "≥142所"])
        #expect(project.funding?.lines.map(\.budget) == [Decimal(string: "1250.5"), 50])
    }
}

/// Text in the colour of its cell (red-team round 14).
@Suite("Import of text in the colour of its cell")
struct ImportCellColourTests {
    /// Yellow text on a yellow cell shows as nothing, as white on white does: it was imported and
    /// published. Refused at the cell; yellow text on a white cell, or on another fill, shows.
    @Test(arguments: [
        ("<color rgb=\"FFFFFF00\"/>", "<patternFill patternType=\"solid\"><fgColor rgb=\"FFFFFF00\"/><bgColor indexed=\"64\"/></patternFill>", false),
        ("<color theme=\"4\" tint=\"0.39997558519241921\"/>", "<patternFill patternType=\"solid\"><fgColor theme=\"4\" tint=\"0.39997558519241921\"/></patternFill>", false),
        ("<color rgb=\"FFFFFF00\"/>", "<patternFill patternType=\"none\"/>", true),
        ("<color rgb=\"FFFFFF00\"/>", "<patternFill patternType=\"solid\"><fgColor rgb=\"FF1F4E79\"/></patternFill>", true),
        ("<color theme=\"4\"/>", "<patternFill patternType=\"solid\"><fgColor theme=\"4\" tint=\"0.79998168889431442\"/></patternFill>", true),
    ])
    func textInTheColourOfItsCellIsRefused(_ color: String, _ fill: String, _ passes: Bool) {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let styles = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font><font><sz val=\"11\"/>\(color)</font></fonts>"
            + "<fills><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill><fill>\(fill)</fill></fills>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" applyFont=\"1\"/></cellXfs></styleSheet>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>"],
                                                               parts: ["xl/styles.xml": styles]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("颜色"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }

    /// A number format can colour what it shows: `[White]@` shows a text in white, `[White]0` a number,
    /// `[白色]` and `[Color2]` likewise — blank on a white cell. Refused at the cell; `[Red]` shows, and a
    /// section for other numbers (`[Red]0;[White]-0` on a positive amount) is no matter.
    @Test(arguments: [("[White]@", "F12", false), ("[白色]@", "F12", false), ("[White]0", "C9", false), ("[Color2]0.00", "C9", false),
                      ("0;[White]-0", "C9", true), ("[Red]0;[White]-0", "C9", true), ("[Red]@", "F12", true), ("[White]0", "F12", true)])
    func aFormatShowingWhiteIsRefused(_ format: String, _ cell: String, _ passes: Bool) {
        let xml = cell == "F12" ? "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>" : "<c r=\"C9\" s=\"1\"><v>50</v></c>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: [cell: xml], formats: [format]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK500]"), "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// Percentages as their format shows them (red-team round 14).
@Suite("Import of percentages with decimals")
struct ImportPercentDecimalsTests {
    /// Export writes `88.0%`; Excel opens it as 0.88 shown through `0.0%`, and import read `88%`: the round
    /// trip changed the published value's text, and a clerk's `90.00%` was published as `90%`. The format's
    /// decimals are kept; a value typed with more decimals than its format shows keeps them (as before).
    @Test func aPercentageKeepsTheDecimalsItsFormatShows() throws {
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: [
            "E12": "<c r=\"E12\" s=\"1\"><v>0.88</v></c>", "E14": "<c r=\"E14\" s=\"2\"><v>0.9</v></c>",
            "E16": "<c r=\"E16\" s=\"1\"><v>0.95550000000000002</v></c>",
        ], formats: ["0.0%", "0.00%"]))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let leaves = Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators)
        #expect(leaves.map { $0.target!.raw } == ["88.0%", ">=142所", "90.00%", "明显改善", "95.55%"])
    }
}

/// Cells under a merged cell (red-team round 14).
@Suite("Import of what a merged cell covers")
struct ImportCoveredCellTests {
    /// Excel shows a merged range's top-left cell over all of it; a file can still hold text in the cells it
    /// covers (merged by another program, or kept by LibreOffice), which nobody sees. That text was read:
    /// a basis merged over two rows gave the second row the covered `内部测算，勿公开`; a covered 一级 cell
    /// moved an indicator into another group; a covered cell right of a target became a basis. Refused at
    /// the covered cell (GK500); a covered cell repeating the merged text (as some exports write it) or
    /// left empty is no matter.
    @Test(arguments: [
        (["F12:F13"], "F13", "内部测算，勿公开", false),
        (["E15:F15"], "F15", "内部测算", false),
        ([String](), "B13", "成本指标", false),
        (["F12:F13"], "F13", "学籍统计", true),
    ])
    func textUnderAMergedCellIsRefused(_ merges: [String], _ cell: String, _ text: String, _ passes: Bool) throws {
        var grid = ImportTests.targetGrid
        let at = try #require(Sheet.Cell(reference: cell))
        grid[at.row - 1][at.column - 1] = text
        if cell == "F15" { grid[14][4] = "明显改善" }
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, merges: ImportTests.targetMerges + merges))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if passes {
            #expect(Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators).prefix(2).map { $0.basis?.value } == ["学籍统计", "学籍统计"])
        } else {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!\(cell): error[GK500]") && ImportClerkTableTests.messages(r).contains("合并"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// Cells written without their reference (red-team round 14).
@Suite("Import of cells without a reference")
struct ImportCellWithoutReferenceTests {
    /// The format lets a writer leave out a cell's `r` (hand-written OpenXML SDK exports do): Excel puts the
    /// cell right of the one before it. Import dropped such cells without a word — here the whole
    /// 指标值确定依据 column, header included.
    @Test func aCellWithoutAReferenceFollowsTheOneBeforeIt() throws {
        var cells: [String: String] = [:]
        for (row, text) in [(11, "指标值确定依据"), (12, "学籍统计"), (13, "实施方案"), (14, "监管要求"), (15, "监测方案"), (16, "问卷调查")] {
            cells["F\(row)"] = "<c t=\"inlineStr\"><is><t>\(text)</t></is></c>"
        }
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: cells))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators).map { $0.basis?.value } == ["学籍统计", "实施方案", "监管要求", "监测方案", "问卷调查"])
    }
}

/// Conditional formats that hide a cell (red-team round 14).
@Suite("Import of cells hidden by a conditional format")
struct ImportConditionalFormatTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A conditional format can make a cell's text white (`涉密` rows blanked by a rule) or show a data bar
    /// or icon without the number (`showValue="0"`): the clerk sees nothing, and import read and published
    /// the text. A cell holding something under such a rule is refused; a rule with a white font on a dark
    /// fill, or a red font, shows.
    @Test(arguments: [
        ("<dxf><font><color rgb=\"FFFFFFFF\"/></font></dxf>", "<cfRule type=\"containsText\" dxfId=\"0\" priority=\"1\" operator=\"containsText\" text=\"内部\"><formula>NOT(ISERROR(SEARCH(\"内部\",F12)))</formula></cfRule>", false),
        ("<dxf><font><color theme=\"0\"/></font><fill><patternFill><bgColor rgb=\"FFFFFFFF\"/></patternFill></fill></dxf>", "<cfRule type=\"expression\" dxfId=\"0\" priority=\"1\"><formula>TRUE</formula></cfRule>", false),
        ("", "<cfRule type=\"dataBar\" priority=\"1\"><dataBar showValue=\"0\"><cfvo type=\"min\"/><cfvo type=\"max\"/><color rgb=\"FF638EC6\"/></dataBar></cfRule>", false),
        ("<dxf><font><color rgb=\"FFFFFFFF\"/></font><fill><patternFill><bgColor rgb=\"FF1F4E79\"/></patternFill></fill></dxf>", "<cfRule type=\"expression\" dxfId=\"0\" priority=\"1\"><formula>TRUE</formula></cfRule>", true),
        ("<dxf><font><color rgb=\"FFFF0000\"/></font></dxf>", "<cfRule type=\"expression\" dxfId=\"0\" priority=\"1\"><formula>TRUE</formula></cfRule>", true),
        // A rule's white font without a fill of its own, on a cell with a dark fill, shows.
        ("<dxf><font><color rgb=\"FFFFFFFF\"/></font></dxf>dark", "<cfRule type=\"expression\" dxfId=\"0\" priority=\"1\"><formula>TRUE</formula></cfRule>", true),
    ])
    func aConditionalFormatHidingACellIsRefused(_ dxf: String, _ rule: String, _ passes: Bool) {
        let dark = dxf.hasSuffix("dark")
        let styles = "<styleSheet xmlns=\"\(Self.main)\"><fills><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF1F4E79\"/></patternFill></fill></fills>"
            + "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"0\" fillId=\"2\" applyFill=\"1\"/></cellXfs><dxfs count=\"1\">\(dark ? String(dxf.dropLast(4)) : dxf)</dxfs></styleSheet>"
        let conditional = "<conditionalFormatting sqref=\"F12:F13 H20\">\(rule)</conditionalFormatting>"
        var grid = ImportTests.targetGrid
        // A data bar or an icon set stands for a number (a text in its range shows as it is).
        grid[11][5] = rule.contains("dataBar") ? "1198.6" : "内部测算，勿公开"
        let cells = dark ? ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>", "F13": "<c r=\"F13\" s=\"1\" t=\"inlineStr\"><is><t>实施方案</t></is></c>"] : [:]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, cells: cells, parts: ["xl/styles.xml": styles], afterSheetData: conditional))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("条件格式"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text(ImportCellTextTests.path) == nil)
        }
    }
}

/// Dates stored as ISO text (red-team round 14).
@Suite("Import of ISO date cells")
struct ImportISODateTests {
    /// A cell of type `d` holds an ISO 8601 date (`2025-06-30T00:00:00`, as openpyxl and strict files write
    /// it) and Excel shows it as a date: it was read with its time, refused as a 公开日期 and imported as the
    /// target `2025-06-30T00:00:00`. Read as the date.
    @Test func anISODateCellIsADate() throws {
        var grid = ImportTests.targetGrid
        grid[1] = ["（2025年度）", "", "公开日期"]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(grid, cells: [
            "D2": "<c r=\"D2\" t=\"d\"><v>2025-02-18T00:00:00</v></c>", "E13": "<c r=\"E13\" t=\"d\"><v>2025-06-30T00:00:00.000</v></c>",
        ]))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let project = try ImportClerkTableTests.project(fs)
        #expect(project.targets?.published?.description == "2025-02-18")
        #expect(Discloser.leaves(project.targets!.indicators)[1].target?.raw == "2025-06-30")
    }
}

/// Struck-through text (red-team round 14).
@Suite("Import of struck-through text")
struct ImportStrikethroughTests {
    /// Clerks strike text out to mark it deleted (a revised target, a cancelled indicator): the struck part
    /// was imported with the rest (`≥50000人≥52000人`), and a row struck out whole was published as a live
    /// indicator. Import cannot tell what a strike means: refused at the cell (GK500).
    @Test func struckThroughTextIsRefused() {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let (run, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: [
            "E12": "<c r=\"E12\" t=\"inlineStr\"><is><r><rPr><strike/><sz val=\"11\"/></rPr><t>≥50000人</t></r><r><t>≥52000人</t></r></is></c>",
        ]))
        #expect(ImportClerkTableTests.messages(run).contains("t.xlsx:Sheet1!E12: error[GK500]") && ImportClerkTableTests.messages(run).contains("删除线"),
                "\(ImportClerkTableTests.messages(run))")
        #expect(fs.text(ImportCellTextTests.path) == nil)
        let styles = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font><font><strike/><sz val=\"11\"/></font></fonts>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" applyFont=\"1\"/></cellXfs></styleSheet>"
        let (whole, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["D13": "<c r=\"D13\" s=\"1\" t=\"inlineStr\"><is><t>供餐学校数</t></is></c>"],
                                                                   parts: ["xl/styles.xml": styles]))
        #expect(ImportClerkTableTests.messages(whole).contains("t.xlsx:Sheet1!D13: error[GK500]") && ImportClerkTableTests.messages(whole).contains("删除线"),
                "\(ImportClerkTableTests.messages(whole))")
        // `<strike val="0"/>` is no strike; an empty cell with a struck font is no matter.
        let off = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font><font><strike val=\"0\"/></font></fonts>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" applyFont=\"1\"/></cellXfs></styleSheet>"
        let (none, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["D13": "<c r=\"D13\" s=\"1\" t=\"inlineStr\"><is><t>供餐学校数</t></is></c>", "H13": "<c r=\"H13\" s=\"1\"/>"],
                                                                  parts: ["xl/styles.xml": off]))
        #expect(none.succeeded, "\(ImportClerkTableTests.messages(none))")
    }
}

/// Colours a clerk cannot tell apart (red-team round 14).
@Suite("Import of text in a colour that cannot be told from its cell's")
struct ImportNearColourTests {
    /// White on white was refused only for exactly white: `FEFEFE`, or the palette's 白色，背景 1，深色 5%
    /// (theme 0, tint −0.05, `F2F2F2`), shows as nothing on a white cell and was imported and published,
    /// as was `1F4E78` text on a `1F4E79` fill. Refused; 深色 15% (`D9D9D9`) shows and passes.
    @Test(arguments: [
        ("<color rgb=\"FFFEFEFE\"/>", "<patternFill patternType=\"none\"/>", false),
        ("<color theme=\"0\" tint=\"-4.9989318521683403E-2\"/>", "<patternFill patternType=\"none\"/>", false),
        ("<color rgb=\"FFF2F2F2\"/>", "<patternFill patternType=\"none\"/>", false),
        ("<color rgb=\"FF1F4E78\"/>", "<patternFill patternType=\"solid\"><fgColor rgb=\"FF1F4E79\"/></patternFill>", false),
        ("<color rgb=\"FFD9D9D9\"/>", "<patternFill patternType=\"none\"/>", true),
        ("<color theme=\"0\" tint=\"-0.14999847407452621\"/>", "<patternFill patternType=\"none\"/>", true),
    ])
    func textInANearColourIsRefused(_ color: String, _ fill: String, _ passes: Bool) {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let styles = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font><font><sz val=\"11\"/>\(color)</font></fonts>"
            + "<fills><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill><fill>\(fill)</fill></fills>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" applyFont=\"1\"/></cellXfs></styleSheet>"
        let (r, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>"],
                                                              parts: ["xl/styles.xml": styles]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes { #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]"), "\(ImportClerkTableTests.messages(r))") }
    }
}

/// Parts written with a namespace prefix (red-team round 14).
@Suite("Import of parts with a namespace prefix")
struct ImportPrefixedPartsTests {
    /// OpenXML SDK programs often write the main namespace with a prefix (`<x:styleSheet xmlns:x="…">`,
    /// `<x:xf>`); Excel reads it as any other. Elements were matched by their written name: a prefixed
    /// styles part read as no styles at all, so a 98% target (0.98 through `0%`) was imported as `0.98` and
    /// published so, and a prefixed workbook was refused as holding no table.
    @Test func aPrefixedStylesPartIsRead() throws {
        let styles = "<x:styleSheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:cellXfs count=\"2\"><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"9\" applyNumberFormat=\"1\"/></x:cellXfs></x:styleSheet>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["E14": "<c r=\"E14\" s=\"1\"><v>0.98</v></c>"], parts: ["xl/styles.xml": styles]))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(Discloser.leaves(try ImportClerkTableTests.project(fs).targets!.indicators)[2].target?.raw == "98%")
    }
}

/// Pictures placed in a cell (red-team round 14).
@Suite("Import of a picture in a cell")
struct ImportPictureInCellTests {
    /// Excel 365 saves a picture placed in a cell (置于单元格中, a signature or a seal by the 填表人 line) as
    /// the error `#VALUE!` with a value-metadata index (`vm`): the clerk was told the cell held an Excel
    /// error value from a formula, which it does not. Still refused, with what the cell is.
    @Test func aPictureInACellIsNamedAsSuch() {
        let (r, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid + [["填表人：", "张三"]], cells: ["C17": "<c r=\"C17\" t=\"e\" vm=\"1\"><v>#VALUE!</v></c>"]))
        #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!C17: error[GK500]") && ImportClerkTableTests.messages(r).contains("图片"),
                "\(ImportClerkTableTests.messages(r))")
    }
}

/// Error values outside the table (red-team round 14).
@Suite("Import of error values in sheets that are not read")
struct ImportErrorElsewhereTests {
    /// A workbook often keeps a working sheet (计算表) whose lookups show `#N/A` on unused rows, or a hidden
    /// one with a `#REF!`: the whole file was refused for a cell import never reads. Refused only in a sheet
    /// that is read (the table's own sheet still refuses its `#DIV/0!`).
    @Test func anErrorValueInASheetThatIsNotReadIsNoMatter() throws {
        let errors: [(name: String, state: String, sheetData: String)] = [
            ("计算表", "", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>查找</t></is></c><c r=\"B3\" t=\"e\"><f>VLOOKUP(A3,Sheet1!D:E,2,0)</f><v>#N/A</v></c></row>"),
            ("旧表", "hidden", "<row r=\"1\"><c r=\"A1\" t=\"e\"><f>#REF!</f><v>#REF!</v></c><c r=\"B1\"><f>A1*2</f></c></row>"),
        ]
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, moreSheets: errors))
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        #expect(fs.text(ImportCellTextTests.path) != nil)
        let (own, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["H12": "<c r=\"H12\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"], moreSheets: errors))
        #expect(ImportClerkTableTests.messages(own).contains("t.xlsx:Sheet1!H12: error[GK500]") && ImportClerkTableTests.messages(own).contains("#DIV/0!"),
                "\(ImportClerkTableTests.messages(own))")
    }
}

/// CSV with another separator (red-team round 14).
@Suite("Import of a CSV with semicolons or tabs")
struct ImportCSVSeparatorTests {
    /// Excel set to a European region saves CSV with `;`, and “Unicode text” with tabs: every row was one
    /// cell, and the file was refused as holding no table at A1, which says nothing of why. Refused naming
    /// the separator.
    @Test(arguments: [";", "\t"])
    func aCSVWithAnotherSeparatorIsNamedAsSuch(_ separator: String) {
        let text = ImportTests.targetGrid.map { $0.joined(separator: separator) }.joined(separator: "\r\n")
        let (r, _) = ImportClerkTableTests.run(Data(("\u{FEFF}" + text).utf8), file: "t.csv")
        #expect(!r.succeeded)
        #expect(ImportClerkTableTests.messages(r).contains("error[GK500]") && ImportClerkTableTests.messages(r).contains("分隔"), "\(ImportClerkTableTests.messages(r))")
    }
}
