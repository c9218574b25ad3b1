import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// What a clerk cannot see, or wrote outside the cells, in a table (red-team round 13): a cell whose
/// number format shows nothing, a note on a cell.
@Suite("Import of what the clerk does not see in the cells")
struct ImportUnseenTests {
    /// `;;;` is Excel's usual way to hide a cell's content: the cell shows blank on screen and in print,
    /// but its text was imported and published (here a basis the clerk had hidden). `;;` blanks numbers only.
    @Test func aCellWhoseFormatShowsNothingIsRefused() {
        let text = ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>"], formats: [";;;"])
        let (r, fs) = ImportClerkTableTests.run(text)
        #expect(!r.succeeded)
        #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("不显示"),
                "\(ImportClerkTableTests.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
        let (number, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["C7": "<c r=\"C7\" s=\"1\"><v>1300.5</v></c>"], formats: [";;"]))
        #expect(ImportClerkTableTests.messages(number).contains("t.xlsx:Sheet1!C7: error[GK500]"), "\(ImportClerkTableTests.messages(number))")
        // `;;` leaves a text shown (as General); an empty cell with `;;;` is no matter.
        let (shown, _) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>学籍统计</t></is></c>",
                                                                                                  "H12": "<c r=\"H12\" s=\"1\"/>"], formats: [";;"]))
        #expect(shown.succeeded, "\(ImportClerkTableTests.messages(shown))")
    }

    /// White text on a white cell is as blank as `;;;`: refused at the cell. White on a coloured fill,
    /// or a grey (white with a tint), shows, and is no matter.
    @Test(arguments: [
        ("<color rgb=\"FFFFFFFF\"/>", "<patternFill patternType=\"none\"/>", false),
        ("<color theme=\"0\"/>", "<patternFill patternType=\"none\"/>", false),
        ("<color rgb=\"FFFFFFFF\"/>", "<patternFill patternType=\"solid\"><fgColor rgb=\"FFFFFFFF\"/></patternFill>", false),
        ("<color rgb=\"FFFFFFFF\"/>", "<patternFill patternType=\"solid\"><fgColor rgb=\"FF1F4E79\"/></patternFill>", true),
        ("<color theme=\"0\" tint=\"-0.499984740745262\"/>", "<patternFill patternType=\"none\"/>", true),
    ])
    func whiteTextOnAWhiteCellIsRefused(_ color: String, _ fill: String, _ passes: Bool) {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let styles = "<styleSheet xmlns=\"\(main)\"><fonts><font><sz val=\"11\"/></font><font><sz val=\"11\"/>\(color)</font></fonts>"
            + "<fills><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill><fill>\(fill)</fill></fills>"
            + "<borders><border><left><color rgb=\"FFFFFFFF\"/></left></border></borders>"
            + "<cellXfs><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" applyFont=\"1\"/></cellXfs></styleSheet>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, cells: ["F12": "<c r=\"F12\" s=\"1\" t=\"inlineStr\"><is><t>内部测算，勿公开</t></is></c>"],
                                                               parts: ["xl/styles.xml": styles]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F12: error[GK500]") && ImportClerkTableTests.messages(r).contains("白色字体"),
                    "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
        }
    }

    /// A note (批注) on a cell saying the row is 涉密 was not read: the row was imported at 主动公开 and
    /// published. Refused at the cell, as a 备注 cell saying 涉密 is; a note saying anything else is no matter.
    @Test(arguments: [("此项涉密，不予公开", false), ("数据来自学籍系统", true)])
    func aNoteOnACellNamingAWithholdingLevelIsRefused(_ note: String, _ passes: Bool) {
        let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"../comments1.xml\"/></Relationships>"
        let comments = "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author>clerk</author></authors><commentList><comment ref=\"F13\" authorId=\"0\"><text><r><rPr><b/></rPr><t>clerk:</t></r><r><t xml:space=\"preserve\">\n\(note)</t></r></text></comment></commentList></comments>"
        let (r, fs) = ImportClerkTableTests.run(ImportTests.xlsx(ImportTests.targetGrid, parts: ["xl/worksheets/_rels/sheet1.xml.rels": rels, "xl/comments1.xml": comments]))
        #expect(r.succeeded == passes, "\(ImportClerkTableTests.messages(r))")
        if !passes {
            #expect(ImportClerkTableTests.messages(r).contains("t.xlsx:Sheet1!F13: error[GK508]") && ImportClerkTableTests.messages(r).contains("批注"), "\(ImportClerkTableTests.messages(r))")
            #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
        }
    }
}
