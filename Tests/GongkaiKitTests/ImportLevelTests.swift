import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Export → edit in Excel → `import --force` keeps every disclosure level: the site built before and
/// after is the same, byte for byte, and so is the list of withheld items.
@Suite("Import keeps disclosure levels")
struct ImportLevelTests {
    static let path = "content/projects/2025/JYJ-2025-001.md"

    /// A project withholding something at every place a table row can carry: a classified funding
    /// line, a limited goal (for the people's congress), an on-request basis, a classified indicator, a
    /// limited indicator group, a classified deviation, a limited goal_achieved, classified problems,
    /// a classified report passage and narrative passage.
    static let project = """
    ---
    code: JYJ-2025-001
    name: 学生营养改善计划
    year: 2025
    department: JYJ
    unit: JYJ-01
    category: 教育
    funding:
      unit: 万元
      lines:
        - source: 财政拨款
          initial: 1200
          budget: 1250.50
          spent: 1198.6
        - source: 其他资金
          initial: 50
          budget: 50
          spent: 48
          disclosure:
            level: classified
            reason: 资金来源涉及保密事项
            approver: 测试市教育局保密委员会
            approved: 2025-01-08
      uses:
        - {item: 食材采购, amount: 1100}
    targets:
      published: 2025-02-18
      goal:
        value: 保障学生营养餐供应，重点保障青锋项目试点学校。
        disclosure:
          level: limited
          scope: [人大]
      indicators:
        - name: 产出指标
          weight: 60
          children:
            - name: 数量指标
              children:
                - name: 受益学生人数
                  target: ≥52000人
                  basis:
                    value: 青锋试点学籍专项统计口径
                    disclosure: on-request
                  actual: 53126人
                  weight: 30
                  score: 30
                  deviation: 无
                  explanation:
                    value: 以青锋试点名单内学校在籍学生为口径统计
                    disclosure: limited
                - name: 涉密储备点数量
                  target: ≥7个
                  basis: 储备点保密方案
                  actual: 7个
                  weight: 30
                  score: 30
                  deviation: 无
                  disclosure: 涉密
        - name: 满意度指标
          weight: 30
          disclosure: limited
          children:
            - name: 服务对象满意度指标
              children:
                - name: 家长满意度
                  explanation: 抽样调查家长对营养餐的满意比例
                  target: ≥90%
                  actual: 93%
                  weight: 30
                  score: 28
                  deviation:
                    value: 个别学校配餐口味单一引发投诉
                    disclosure: classified
    self_evaluation:
      published: 2026-03-20
      execution_weight: 10
      execution_score: 9.59
      total_score: 97.59
      grade: 优
      goal_achieved:
        value: 全年为53126名学生提供营养膳食补助。
        disclosure: limited
      problems:
        value: 青锋试点学校食堂设施老化。
        disclosure: classified
      measures: 2026年更新设备。
    evaluations:
      - kind: 财政重点评价
        evaluator: 测试市财政局
        published: 2026-06-12
        score: 86.5
        grade: 良
        report: |
          评价组实地核查了12所学校。

          ::: 涉密
          核查发现青锋试点学校存在问题。
          :::
    ---
    项目说明正文。

    ::: 涉密
    本段涉及青锋保密内容。
    :::

    """

    static func fixture() -> SiteFixture {
        var site = SiteFixture()
        site[path] = project
        return site
    }

    /// The built website and the withheld list (the internal report's rows without their file positions).
    static func build(_ fs: MemoryFileSystem) -> (output: [String: String], withheld: [String], report: BuildReport) {
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1, reportPath: "内部报告.md"))
        let lines = (fs.text("内部报告.md") ?? "").components(separatedBy: "\n")
        let withheld = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| 序号") && $0.contains(".md:") }
            .map { row in row.components(separatedBy: " | ").dropFirst().dropLast().joined(separator: " | ") }
        // The site manifest and the build marker carry the inputs digest, which follows the files' bytes:
        // the round trip promises the same site, not the same file text.
        let output = fs.outputTexts().filter { !["manifest.json", ".gongkai-build.json"].contains($0.key) }
        return (output, withheld.sorted(), report)
    }

    /// A CSV table as Excel re-saves it to .xlsx: numbers as binary doubles, text as shared strings.
    static func resavedByExcel(_ csv: Data, edit: (inout [[String]]) -> Void = { _ in }) throws -> Data {
        let sheet = try SpreadsheetReader.readCSV(csv, file: "a.csv")
        var grid = (1...sheet.maxRow).map { r in (1...sheet.maxColumn).map { c in sheet.cells[Sheet.Cell(row: r, column: c)] ?? "" } }
        edit(&grid)
        return ImportTests.xlsx(grid.map { row in
            row.map { v in
                guard let d = Double(v), v.allSatisfy({ $0.isNumber || $0 == "." }) else { return v }
                return String(format: "%.17g", d)
            }
        })
    }

    /// The fixture exported, its 家长满意度 row's 公开属性 cell set to `written` in Excel, imported over the
    /// file: the result, that cell, the file system and the file as it was before.
    static func importOver(level written: String) throws -> (result: ImportResult, cell: String, fs: MemoryFileSystem, before: String?) {
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        var cell = ""
        let xlsx = try Self.resavedByExcel(csv) { grid in
            let r = grid.firstIndex { $0.contains("家长满意度") }!
            grid[r][grid[r].count - 1] = written
            cell = Sheet.Cell(row: r + 1, column: grid[r].count).reference
        }
        let before = fs.text(Self.path)
        return (Self.importForce(fs, "表.xlsx", xlsx), cell, fs, before)
    }

    static func importForce(_ fs: MemoryFileSystem, _ file: String, _ data: Data) -> ImportResult {
        try? fs.write(data, to: file)
        return SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: [file], force: true))
    }

    @Test(arguments: [ProjectExport.Layout.targets, .selfEvaluation])
    func exportEditImportKeepsTheBuiltSiteAndTheWithheldList(layout: ProjectExport.Layout) throws {
        let fs = Self.fixture().fileSystem()
        let before = Self.build(fs)
        #expect(before.report.succeeded, "\(before.report.rendered)")
        #expect(before.withheld.count >= 9, "\(before.withheld)")
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: layout, fileSystem: fs).0)
        let text = try #require(String(data: csv, encoding: .utf8))
        #expect(text.contains("公开属性"))
        #expect(text.contains("涉密") && text.contains("在一定范围内公开（人大）"))

        // The clerk opens it in Excel, fixes a label with a full-width space, and saves as .xlsx.
        let xlsx = try Self.resavedByExcel(csv) { grid in
            for r in grid.indices where grid[r].first == "项目名称" { grid[r][0] = "项目　名称" }
        }
        let result = Self.importForce(fs, "表.xlsx", xlsx)
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(!result.diagnostics.contains { $0.severity == .error })
        let after = Self.build(fs)
        #expect(after.report.succeeded, "\(after.report.rendered)")
        #expect(after.withheld == before.withheld)
        #expect(after.output.keys.sorted() == before.output.keys.sorted())
        for (path, page) in before.output where after.output[path] != page {
            Issue.record("\(path) changed after export → import (\(layout))")
        }
        // 指标解释 keeps its level and its indicator's: the limited one and the one under a limited group stay off the site.
        #expect(after.output["projects/2025/jyj-2025-001/index.html"]?.contains("抽样调查家长对营养餐的满意比例") == false)
        #expect(!after.output.values.contains { $0.contains("以青锋试点名单内学校在籍学生为口径统计") })
        // Reasons and approvers written in the file survive too.
        #expect(fs.text(Self.path)?.contains("测试市教育局保密委员会") == true)

        // The same through the CSV as exported (Windows line ends) and as a Unix tool saves it.
        #expect(text.contains("\r\n"))
        for variant in [text, text.replacingOccurrences(of: "\r\n", with: "\n")] {
            let result = Self.importForce(fs, "表.csv", Data(variant.utf8))
            #expect(result.succeeded, "\(result.diagnostics)")
            #expect(Self.build(fs).output == before.output)
        }
    }

    @Test func aSheetWithoutLevelsKeepsTheFileLevels() throws {
        // A table kept the old way (no 公开属性 column) imported over the file: nothing goes public.
        let fs = Self.fixture().fileSystem()
        let before = Self.build(fs)
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .selfEvaluation, fileSystem: fs).0)
        let xlsx = try Self.resavedByExcel(csv) { grid in
            // The indicator block's 公开属性 column goes whole, header and values; so do the label-value pairs.
            let column = grid.compactMap { $0.contains("三级指标") ? $0.firstIndex(of: "公开属性") : nil }.first!
            grid = grid.filter { $0.first != "项目公开属性" }.map { row in
                Array(row[..<(row.firstIndex(where: { $0 == "公开属性" }) ?? min(column, row.count))])
            }
        }
        let result = Self.importForce(fs, "表.xlsx", xlsx)
        #expect(result.succeeded, "\(result.diagnostics)")
        let after = Self.build(fs)
        #expect(after.withheld == before.withheld)
        #expect(after.output == before.output)
    }

    @Test func aRenamedWithheldRowWithoutALevelIsRefusedAtItsCell() throws {
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        var row = 0
        let xlsx = try Self.resavedByExcel(csv) { grid in
            grid = grid.map { r in
                guard let i = r.firstIndex(where: { $0 == "公开属性" }), i > 3 else { return r }
                return Array(r[..<i])    // no level column and no level pairs
            }
            row = grid.firstIndex { $0.contains("涉密储备点数量") }! + 1
            grid[row - 1][3] = "储备点数量"   // renamed in Excel
        }
        let original = fs.text(Self.path)
        let result = Self.importForce(fs, "表.xlsx", xlsx)
        #expect(!result.succeeded)
        let rendered = result.diagnostics.map(\.description)
        #expect(rendered.contains { $0.hasPrefix("表.xlsx:Sheet1!D\(row): error[GK508]:") }, "\(rendered)")
        // The message does not quote the withheld name.
        #expect(!rendered.joined().contains("涉密储备点数量"))
        #expect(fs.text(Self.path) == original)
    }

    /// A withheld text moved in Excel into a row the export marked 主动公开 — swapped with another text,
    /// pasted in front of one, or put into an indicator's deviation — is refused: the 公开属性 cell was
    /// written for the row's own text, not for what was moved there. All three were published.
    @Test(arguments: ["swapped", "joined", "into a deviation"])
    func aWithheldTextMovedIntoAPublicRowIsRefused(_ how: String) throws {
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .selfEvaluation, fileSystem: fs).0)
        let secret = "青锋试点学校食堂设施老化。"
        let xlsx = try Self.resavedByExcel(csv) { grid in
            let problems = grid.firstIndex { $0.first == "存在问题" }!, measures = grid.firstIndex { $0.first == "改进措施" }!
            switch how {
            case "swapped": (grid[problems][1], grid[measures][1]) = (grid[measures][1], grid[problems][1])
            case "joined": grid[measures][1] = secret + grid[measures][1]; grid.remove(at: problems)
            default:
                let r = grid.firstIndex { $0.contains("受益学生人数") }!
                grid[r][grid[r].firstIndex(of: "无")!] = "个别学校配餐口味单一引发投诉"
            }
        }
        let original = fs.text(Self.path)
        let result = Self.importForce(fs, "表.xlsx", xlsx)
        #expect(!result.succeeded, "\(how)")
        #expect(result.diagnostics.contains { $0.code == .importDisclosure }, "\(how): \(result.diagnostics)")
        #expect(!result.diagnostics.map(\.description).joined().contains("青锋"))
        #expect(fs.text(Self.path) == original)
    }

    @Test func loweringALevelNeedsTheSheetToSaySo() throws {
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        var cell = ""
        let xlsx = try Self.resavedByExcel(csv) { grid in
            let r = grid.firstIndex { $0.contains("涉密储备点数量") }!
            let c = grid[r].count - 1
            #expect(grid[r][c] == "涉密")
            grid[r][c] = "主动公开"
            cell = Sheet.Cell(row: r + 1, column: c + 1).reference
        }
        let result = Self.importForce(fs, "表.xlsx", xlsx)
        #expect(result.succeeded, "\(result.diagnostics)")
        // Allowed, since the sheet says so, and reported at the cell that says it.
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("表.xlsx:Sheet1!\(cell): warning[GK508]:") }, "\(result.diagnostics)")
        let page = try #require(Self.build(fs).output["projects/2025/jyj-2025-001/index.html"])
        #expect(page.contains("涉密储备点数量"))
    }

    @Test func anUnreadableLevelIsAnErrorAtItsCell() throws {
        let (result, cell, _, _) = try Self.importOver(level: "保密")
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("表.xlsx:Sheet1!\(cell): error[GK508]:") }, "\(result.diagnostics)")
    }

    /// A field this row does not have (`依据：涉密` for 指标值确定依据, `目标：涉密`) would be dropped and its
    /// text published at the row's level: refused at its cell.
    @Test(arguments: ["主动公开；依据：涉密", "主动公开；xyz：涉密", "主动公开；指标依据：涉密"])
    func aLevelCellNamingAFieldTheRowLacksIsRefused(written: String) throws {
        let (result, cell, fs, before) = try Self.importOver(level: written)
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("表.xlsx:Sheet1!\(cell): error[GK508]:") && $0.contains("不是此行的字段") },
                "\(result.diagnostics)")
        #expect(fs.text(Self.path) == before)
    }

    /// Brackets name recipients only after 在一定范围内公开: `主动公开（涉密）` is refused, once, at its cell.
    @Test(arguments: ["主动公开（涉密）", "主动公开（仅限人大）", "公开（内部）", "依申请公开（涉密）"])
    func bracketsAfterAnotherLevelAreRefused(written: String) throws {
        let (result, cell, _, _) = try Self.importOver(level: written)
        #expect(!result.succeeded)
        let errors = result.diagnostics.filter { $0.description.hasPrefix("表.xlsx:Sheet1!\(cell): error[GK508]:") }
        #expect(errors.count == 1 && errors[0].message.contains("无法识别"), "\(result.diagnostics)")
    }

    /// A 公开属性 cell merged down over several indicator rows holds for every one of them.
    @Test func aLevelCellMergedOverSeveralRowsHoldsForEach() throws {
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        let sheet = try SpreadsheetReader.readCSV(csv, file: "a.csv")
        var grid = (1...sheet.maxRow).map { r in (1...sheet.maxColumn).map { c in sheet.cells[Sheet.Cell(row: r, column: c)] ?? "" } }
        for r in grid.indices where grid[r].first == "项目编号" { grid[r][1] = "JYJ-2025-078" }
        let rows = grid.indices.filter { r in ["受益学生人数", "家长满意度"].contains { grid[r].contains($0) } }
        let first = try #require(rows.first), last = try #require(rows.last)
        let column = grid[first].count
        for r in first...last { grid[r][column - 1] = r == first ? "涉密" : "" }
        let letter = Sheet.Cell(row: 1, column: column).reference.filter(\.isLetter)
        let fresh = SiteFixture().fileSystem()
        try fresh.write(ImportTests.xlsx(grid, merges: ["\(letter)\(first + 1):\(letter)\(last + 1)"]), to: "表.xlsx")
        let result = SpreadsheetImport(fileSystem: fresh).run(ImportOptions(files: ["表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        var d = DiagnosticList()
        let p = try #require(ProjectLoader.load(text: fresh.text("content/projects/2025/JYJ-2025-078.md")!, file: "x.md", diagnostics: &d))
        let leaves = Discloser.leaves(p.targets!.indicators)
        #expect(leaves.count == last - first + 1 && leaves.allSatisfy { $0.disclosure.level == .classified })
    }

    @Test func aNewFileTakesItsLevelsFromTheSheet() throws {
        // Imported where no file exists yet, the levels in the sheet are written into the new file.
        let fs = Self.fixture().fileSystem()
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        let fresh = SiteFixture().fileSystem()
        try fresh.write(Self.resavedByExcel(csv) { grid in
            for r in grid.indices where grid[r].first == "项目编号" { grid[r][1] = "JYJ-2025-077" }
        }, to: "表.xlsx")
        let result = SpreadsheetImport(fileSystem: fresh).run(ImportOptions(files: ["表.xlsx"]))
        #expect(result.succeeded, "\(result.diagnostics)")
        var d = DiagnosticList()
        let p = try #require(ProjectLoader.load(text: fresh.text("content/projects/2025/JYJ-2025-077.md")!, file: "x.md", diagnostics: &d))
        #expect(p.funding?.lines.map(\.disclosure.level) == [.public, .classified])
        #expect(p.targets?.goal?.disclosure.level == .limited && p.targets?.goal?.disclosure.scope == ["人大"])
        let leaves = Discloser.leaves(p.targets!.indicators)
        #expect(leaves.map(\.disclosure.level) == [.public, .classified, .limited])
        #expect(leaves[0].basis?.disclosure.level == .onRequest)
    }

    @Test func theCommandsRoundTripOnDisk() throws {
        let folder = try CommandLineTests.materialise(Self.fixture())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = joinPath(folder, "../\((folder as NSString).lastPathComponent)-表.csv")
        defer { try? FileManager.default.removeItem(atPath: table) }
        let export = try CommandLineTests.run(["export", "--site", folder, joinPath(folder, Self.path), "--output", table])
        #expect(export.status == 0, "\(export.stderr)")
        let before = try String(contentsOfFile: joinPath(folder, Self.path), encoding: .utf8)
        let explain = try CommandLineTests.run(["import", "--site", folder, table, "--force", "--explain"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("行：资金（财政拨款）"), "\(explain.stdout)")
        #expect(explain.stdout.contains("指标表头（目标表）"))
        let after = try String(contentsOfFile: joinPath(folder, Self.path), encoding: .utf8)
        #expect(after.contains("level: classified") && after.contains("测试市教育局保密委员会") && after.contains("::: 涉密"))
        #expect(after != before)   // rewritten, in the writer's form
        let build = try CommandLineTests.run(["build", "--site", folder])
        #expect(build.status == 0, "\(build.stderr)")

        let year = try CommandLineTests.run(["import", "--site", folder, table, "--year", "123456"])
        #expect(year.status != 0 && year.stderr.contains("123456"), "\(year.stderr)")
    }

    @Test func aProjectInYuanKeepsItsUnit() throws {
        var site = Self.fixture()
        site.edit(Self.path, replacing: "unit: 万元", with: "unit: 元")
        let fs = site.fileSystem()
        let before = Self.build(fs)
        let csv = try #require(ProjectExport.run(siteRoot: ".", projectFile: Self.path, layout: .targets, fileSystem: fs).0)
        #expect(String(data: csv, encoding: .utf8)?.contains("项目资金（元）") == true)
        #expect(Self.importForce(fs, "表.csv", csv).succeeded)
        #expect(fs.text(Self.path)?.contains("unit: 元") == true)
        #expect(Self.build(fs).output == before.output)
    }

    @Test func everyExampleProjectSurvivesExportAndImportOverItself() throws {
        // The whole example site in memory; every project exported in both layouts and imported back
        // over its own file; the built site and the withheld list stay the same.
        let disk = DiskFileSystem()
        let fs = MemoryFileSystem()
        for folder in ["content", "theme"] {
            for path in try disk.listFiles(under: joinPath(repositoryRoot, folder)) {
                try fs.write(disk.read(joinPath(repositoryRoot, folder, path)), to: joinPath(folder, path))
            }
        }
        try fs.write(disk.read(joinPath(repositoryRoot, "gongkai.yaml")), to: "gongkai.yaml")
        let before = Self.build(fs)
        #expect(before.report.succeeded, "\(before.report.rendered)")
        var imported = 0, refused = 0
        for relative in try fs.listFiles(under: "content/projects") {
            let path = joinPath("content/projects", relative)
            for layout in [ProjectExport.Layout.targets, .selfEvaluation] {
                guard let csv = ProjectExport.run(siteRoot: ".", projectFile: path, layout: layout, fileSystem: fs).0 else { continue }
                let result = Self.importForce(fs, "表.csv", csv)
                // A project of a department that is not in organisations.yaml (none here) or without targets cannot come back;
                // one carrying what no table layout holds (re-checks, adjustments, frames) is refused and left as it was.
                if result.diagnostics.contains(where: { $0.code == .importWouldLose }) { refused += 1; continue }
                guard result.succeeded else {
                    Issue.record("\(relative) \(layout): \(result.diagnostics)")
                    continue
                }
                #expect(!result.diagnostics.contains { $0.code == .importDisclosure }, "\(relative) \(layout): \(result.diagnostics)")
                imported += 1
            }
        }
        #expect(imported >= 45, "only \(imported) imports")
        #expect(refused >= 4, "the example's re-checks, adjustment and comprehensive frame are refused, not dropped")
        let after = Self.build(fs)
        #expect(after.report.succeeded, "\(after.report.rendered)")
        #expect(after.withheld == before.withheld)
        #expect(after.output.keys.sorted() == before.output.keys.sorted())
        for (path, page) in before.output.sorted(by: { $0.key < $1.key }) where after.output[path] != page {
            Issue.record("\(path) changed after every project went through export → import")
        }
    }
}
