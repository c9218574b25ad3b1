import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A fact a table states twice (the year in its title and in a 预算年度 cell, the total in the 总分 row and again
/// below the table): when the two disagree, one was taken without a word and the project filed or published as the
/// other place did not say.
@Suite("Import of facts a table states twice")
struct ImportRestatedFactTests {
    static func run(_ csv: String, year: Int? = nil) -> (ImportResult, MemoryFileSystem, [String]) {
        let fs = ImportTests.site(["t.csv": Data(csv.utf8)])
        let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: ["t.csv"], year: year))
        return (result, fs, result.diagnostics.map(\.description))
    }

    static func graded(_ grade: String) -> String {
        ImportTests.gradedCSV.replacingOccurrences(of: "SCORE", with: "40").replacingOccurrences(of: "TOTAL", with: "90")
            .replacingOccurrences(of: "GRADE", with: grade)
    }

    /// A table copied from last year's with only the 预算年度 cell changed (or only the title): the cell's year was
    /// taken, the title's ignored, and the project filed and published under a year the printed table does not show.
    @Test(arguments: [("（2025年度）", "2024", true), ("2025年度项目支出绩效自评表", "2024年", true), ("（2025年度）", "2025", false)])
    func aYearCellTheTitleContradictsIsRefused(_ title: String, _ year: String, _ refused: Bool) throws {
        let csv = Self.graded("自评等级,优\n").replacingOccurrences(of: "（2025年度）", with: title)
            .replacingOccurrences(of: "项目名称,甲\n", with: "项目名称,甲\n预算年度,\(year)\n")
        let (result, fs, rendered) = Self.run(csv)
        guard refused else {
            #expect(result.succeeded && fs.isFile("content/projects/2025/X-1.md"), "\(rendered)")
            return
        }
        #expect(!result.succeeded, "\(rendered)")
        let error = try #require(rendered.first { $0.hasPrefix("t.csv:CSV!B5: error[GK507]:") }, "\(rendered)")
        // The title as the clerk typed it, full-width brackets and all, so it can be found in the sheet.
        #expect(error.contains("2024") && error.contains("“\(title)”"), "\(error)")
        #expect(!fs.isFile("content/projects/2024/X-1.md") && !fs.isFile("content/projects/2025/X-1.md"))
    }

    /// `自评得分 | 88 | 自评等级 | 优` below a 总分 row of 90: the 88 was dropped without a word (the row was read as the
    /// grade's), and 90 published. Refused at the restated score; one that agrees imports.
    @Test(arguments: [("自评得分,88,自评等级,优\n", "B11"), ("自评得分：88分\n自评等级,优\n", "A11"), ("自评得分,90,自评等级,优\n", nil)])
    func aTotalRestatedBelowTheTableMustAgree(_ lines: String, _ cell: String?) throws {
        let (result, fs, rendered) = Self.run(Self.graded(lines), year: 2025)
        guard let cell else {
            #expect(result.succeeded && fs.isFile("content/projects/2025/X-1.md"), "\(rendered)")
            return
        }
        #expect(!result.succeeded && !fs.isFile("content/projects/2025/X-1.md"), "\(rendered)")
        let error = try #require(rendered.first { $0.hasPrefix("t.csv:CSV!\(cell): error[GK503]:") }, "\(rendered)")
        #expect(error.contains("88") && error.contains("90"), "\(error)")
    }

    /// A funding table with its 全年预算数 left empty: the written file lacked `budget`, and the loader's message came
    /// back as “缺少必填字段“〔不予公开内容〕”（全年预算数）” — gongkai's own field name blanked as if it were withheld.
    @Test func aMissingFieldIsNamedNotBlanked() throws {
        let csv = "项目支出绩效自评表\n（2025年度）\n项目编号,X-1\n项目名称,甲\n主管部门,测试市教育局\n"
            + "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n,年度资金总额,100,,96,10,96%,9.6\n,财政拨款,100,,96\n"
            + "年度总体目标,保障学生营养餐供应。\n绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
            + ",产出指标,数量指标,甲,≥1个,1个,40,40,\n,效益指标,社会效益指标,乙,≥90%,95%,50,50,\n总分,,,,,,100,99.6,\n"
        let (result, _, rendered) = Self.run(csv)
        #expect(!result.succeeded, "\(rendered)")
        #expect(rendered.contains { $0.contains("“budget”") && $0.contains("全年预算数") }, "\(rendered)")
        #expect(!rendered.contains { $0.contains("〔不予公开内容〕") }, "\(rendered)")
    }
}
