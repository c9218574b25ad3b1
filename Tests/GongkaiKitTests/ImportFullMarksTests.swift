import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A self-evaluation table that adds up within itself but not to the site's full marks (100, or the frame's 基础总分)
/// or over the frame's bonus cap: import checked the table only against itself, wrote the file with exit 0, and the
/// next build refused it (GK401, GK402, GK413) at a line of the written file. Named at the table's cell, GK503.
@Suite struct ImportFullMarksTests {
    /// The national layout with 产出 weighted 60: the rows add up to 110 (with budget execution) and 总分 says 110.
    @Test func aNationalTableOverFullMarksIsNamedAtItsTotalWeight() throws {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid[11] = ["", "产出指标", "数量指标", "受益学生人数", "≥52000人", "52100人", "60", "60", "无"]
        grid[14] = ["总分", "", "", "", "", "", "110", "107.5"]
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(!r.succeeded)
        let d = try #require(r.diagnostics.first { $0.code == .importWeights }, "\(r.diagnostics)")
        #expect(d.description.hasPrefix("t.xlsx:Sheet1!G15:") && d.message.contains("100"), "\(d)")
        #expect(!fs.isFile("content/projects/2025/JYJ-2025-009.md"))
    }

    /// The comprehensive layout: weights to 110 under a frame of 100, and 加分项 of 5 + 5 + 5 under a cap of 10.
    @Test func aFrameBaseOverTheFramesTotalIsNamedAtTheBaseWeight() throws {
        var grid = ImportFrameTests.grid
        grid[11][1] = "60"                                        // 项目绩效 60
        grid[15] = ["", "", "可持续影响", "长效帮扶机制", "建立", "20", "动态管理台账覆盖的区县数", "17"]
        grid[18] = ["基础总分", "110", "", "", "", "", "", "104.26"]
        grid[21] = ["自评总分", "", "", "", "", "", "", "105.76"]
        let r = importing(grid)
        #expect(!r.succeeded)
        let d = try #require(r.diagnostics.first { $0.code == .importWeights }, "\(r.diagnostics)")
        #expect(d.description.hasPrefix("自评表.xlsx:Sheet1!B19:"), "\(d)")
    }

    @Test func bonusLinesOverTheFramesCapAreNamedAtTheFirstLine() throws {
        var grid = ImportFrameTests.grid
        grid[19] = ["加分项", "", "积极争取上级专项补助", "", "", "5", "争取省总工会专项补助30万元", "5"]
        grid.insert(contentsOf: [["加分项", "", "创新做法", "", "", "5", "经验推广", "5"], ["加分项", "", "媒体报道", "", "", "5", "省级媒体报道", "5"]], at: 20)
        grid[23] = ["自评总分", "", "", "", "", "", "", "108.76"]
        let r = importing(grid)
        #expect(!r.succeeded)
        let d = try #require(r.diagnostics.first { $0.code == .importWeights }, "\(r.diagnostics)")
        #expect(d.description.hasPrefix("自评表.xlsx:Sheet1!C20:") && d.message.contains("加分上限"), "\(d)")
    }

    /// A table that scores everything in its rows (预算执行率 as a row, or not at all): no 年度资金总额 row, weights 100
    /// and a 总分 of 100. The file took the site's default execution weight (10), and the next build refused it (GK401:
    /// 100 + 10 ≠ 100) though import had exited 0. The table's own total holds every weight: budget execution weighs 0.
    @Test func aTableScoringEverythingInItsRowsBuilds() throws {
        var grid = ImportExcelHabitTests.selfEvaluation
        grid.removeSubrange(5...7)                                 // no money block
        grid[8] = ["", "产出指标", "数量指标", "受益学生人数", "≥52000人", "52100人", "60", "60", "无"]
        grid[11] = ["总分", "", "", "", "", "", "100", "98"]
        let fs = ImportTests.site(["t.xlsx": ImportTests.xlsx(grid)])
        let r = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.xlsx"]))
        #expect(r.succeeded, "\(r.diagnostics)")
        let text = try #require(fs.text("content/projects/2025/JYJ-2025-009.md"))
        #expect(text.contains("execution_weight: 0\n"), "\(text)")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.diagnostics.contains { $0.code == .weightsDoNotAddUp }, "\(report.rendered)")
    }

    func importing(_ grid: [[String]]) -> ImportResult {
        var site = SiteFixture()
        site["gongkai.yaml"]! += ImportFrameTests.config
        let fs = site.fileSystem()
        try! fs.write(ImportTests.xlsx(grid), to: "自评表.xlsx")
        return SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["自评表.xlsx"]))
    }
}
