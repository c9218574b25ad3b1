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
}
