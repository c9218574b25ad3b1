import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A cell a clerk wrapped with Alt+Enter (found by the input red-team, round forty-three): the line break was kept in
/// names and targets (`name: "机要文件\n传递件数"`, `target: "≥12000\n件"`), the target was no longer read as a number,
/// and diagnostics printed `\u{a}`. The words are joined as they run on; a text's numbered points and sentences keep
/// their lines, and a level written on a line of its own stays one.
@Suite("Import of cells wrapped with Alt+Enter")
struct ImportAltEnterTests {
    @Test func wrappedNamesAndTargetsAreJoined() throws {
        var grid = ImportTests.targetGrid
        grid[4][1] = "\"学生营养餐\n改善\""
        grid[9][1] = "\"1.保障学生营养餐供应；\n2.食品安全零事故。\""
        grid[11][3] = "\"受益学生\n人数\""
        grid[11][4] = "\"≥52000\n人\""
        grid[12][5] = "\"Excel\nexport\""
        let (r, fs) = ImportClerkTableTests.run(Data(ImportRedTeamInputTests.csv(grid).utf8), file: "t.csv")
        #expect(r.succeeded, "\(ImportClerkTableTests.messages(r))")
        let text = try #require(fs.text("content/projects/2025/JYJ-2025-009.md"))
        #expect(!text.contains("\\n受益") && !text.contains("\\n人\"") && !text.contains("\\n改善"), "\(text)")
        let project = try ImportClerkTableTests.project(fs)
        #expect(project.name == "学生营养餐改善")
        #expect(project.targets?.goal?.value == "1.保障学生营养餐供应；\n2.食品安全零事故。")
        let leaves = Discloser.leaves(project.targets!.indicators)
        #expect(leaves.first?.name == "受益学生人数")
        #expect(leaves.first?.target?.raw == "≥52000人")
        #expect(leaves.dropFirst().first?.basis?.value == "Excel export")
    }

    @Test(arguments: [
        ("机要文件\n传递件数", "机要文件传递件数"), ("≥12000\n件", "≥12000件"), ("  北山\n  工程 ", "北山工程"),
        ("保障供应；\n确保安全", "保障供应；\n确保安全"), ("总体目标\n（1）保障供应\n（2）确保安全", "总体目标\n（1）保障供应\n（2）确保安全"),
        ("一、保障\n二、确保", "一、保障\n二、确保"), ("北山工程\n涉密", "北山工程\n涉密"), ("Excel\nexport", "Excel export"),
    ])
    func aCellsLinesAreJoinedAsTheyRunOn(_ cell: String, _ joined: String) {
        #expect(Sheet.joinedLines(cell) == joined)
    }
}
