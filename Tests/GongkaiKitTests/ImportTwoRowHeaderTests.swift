import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A header of two rows as a CSV (or a sheet without its merged ranges) keeps it: `绩效指标` over 一级指标 |
/// 二级指标 | 三级指标 on the second row, 指标值 and 指标值确定依据 on the first row only (a cell merged down
/// over both rows saves its text in the first). Refused before (GK507): the second row had no 指标值.
@Suite("Import of a two-row indicator header without its merged cells")
struct ImportTwoRowHeaderTests {
    typealias T = ImportClerkTableTests

    static var grid: [[String]] {
        var grid = Array(ImportTests.targetGrid.prefix(10))
        grid += [["", "绩效指标", "", "", "指标值", "指标值确定依据"], ["", "一级指标", "二级指标", "三级指标", "", ""]]
        grid += ImportTests.targetGrid.dropFirst(11)
        return grid
    }

    static func csv(_ grid: [[String]]) -> Data {
        var table = CSVTable()
        grid.forEach { table.append($0) }
        return table.data
    }

    @Test func aCSVWithATwoRowHeaderIsRead() throws {
        let (r, fs) = T.run(Self.csv(Self.grid), file: "目标表.csv")
        #expect(r.succeeded, "\(T.messages(r))")
        let leaves = Discloser.leaves(try T.project(fs).targets!.indicators)
        #expect(leaves.map(\.name) == ["受益学生人数", "供餐学校数", "抽检合格率", "学生营养状况", "家长满意度"])
        #expect(leaves.map { $0.target?.raw } == ["≥52000人", ">=142所", "≥98%", "明显改善", "≥90%"])
        #expect(leaves.map { $0.basis?.value } == ["学籍统计", "实施方案", "监管要求", "监测方案", "问卷调查"])
    }

    @Test func anXlsxWithoutItsMergesIsRead() throws {
        let (r, fs) = T.run(ImportTests.xlsx(Self.grid))
        #expect(r.succeeded, "\(T.messages(r))")
        #expect(Discloser.leaves(try T.project(fs).targets!.indicators).map { $0.target?.raw } == ["≥52000人", ">=142所", "≥98%", "明显改善", "≥90%"])
    }

    /// Only under `绩效指标`: a row above that is something else (the goal's) lends the header no labels, and the
    /// sheet is still refused.
    @Test func labelsAreTakenOnlyFromAPerformanceIndicatorRow() {
        var grid = Self.grid
        grid[10] = ["年度总体目标", "", "", "指标值", "指标值确定依据"]
        let (r, fs) = T.run(Self.csv(grid), file: "目标表.csv")
        #expect(!r.succeeded && T.messages(r).contains("error[GK507]"), "\(T.messages(r))")
        #expect(fs.text("content/projects/2025/JYJ-2025-009.md") == nil)
    }
}
