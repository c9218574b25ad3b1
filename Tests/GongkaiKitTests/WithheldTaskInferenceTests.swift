import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Red team (leak): a withheld 年度主要任务 of a 部门整体绩效 beside published ones. A department's main tasks list what its
/// money is for (the 部门整体支出绩效目标表's 年度主要任务 with their 预算金额), as a project's 资金用途 do, so the published
/// budget minus the public tasks' amounts is the withheld task's amount — the giveaway `WithheldUseInferenceTests` closes for
/// uses. Before the fix the page, the JSON and the bundle showed 1,900.25 and 300.75 beside the 3,200.50 budget, and the
/// withheld task's 999.50 followed, with no warning under either setting; likewise a withheld funding line beside published
/// task amounts (their sum minus the public lines' budget is the line's).
@Suite struct WithheldTaskInferenceTests {
    static let file = "content/departments/2025/JYJ.md"

    static func site(_ inference: String?, lines: [String] = ["{source: 财政拨款, initial: 3200.5, budget: 3200.5, spent: 2880}"],
                     tasks: [String] = ["{name: 校舍安全保障, content: 开展校舍安全排查, amount: 1900.25}",
                                        "{name: 教师培训提升, content: 举办骨干教师研修, amount: 300.75}",
                                        "{name: 青峰保障专项任务, content: 青峰保障专项内容, amount: 999.5, disclosure: 涉密}"]) -> SiteFixture {
        var site = SiteFixture()
        if let inference { site.edit("gongkai.yaml", replacing: "base_url:", with: "inference: \(inference)\nbase_url:") }
        site[file] = (["---", "department: JYJ", "year: 2025", "funding:", "  unit: 万元", "  lines:"] + lines.map { "    - " + $0 }
                      + ["tasks:"] + tasks.map { "  - " + $0 } + ["---", "说明。", ""]).joined(separator: "\n")
        return site
    }

    static func line(of text: String, in site: SiteFixture) -> Int? {
        site[file]?.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    static func amountsAbsent(_ fs: MemoryFileSystem, _ amounts: [String]) {
        for (path, text) in fs.outputTexts() {
            for amount in amounts {
                #expect(!text.contains(amount), "\(path) shows \(amount)")
            }
        }
    }

    @Test(arguments: [nil, "withhold_totals"])
    func byDefaultThePublicTasksKeepNoAmountBesideAWithheldOne(inference: String?) throws {
        let (report, fs) = Self.site(inference).build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(report.first(.inferableFromTotals) == nil, "\(report.rendered)")
        Self.amountsAbsent(fs, ["1900.25", "1,900.25", "300.75", "999.5", "青峰保障"])
        // The tasks themselves stay, and so does the budget.
        let page = try #require(fs.text("public/departments/jyj/2025/index.html"))
        #expect(page.contains("校舍安全保障") && page.contains("举办骨干教师研修"), "\(page)")
        #expect(page.contains("3,200.50"), "\(page)")
        let json = try #require(fs.text("public/data/departments/2025/jyj.json"))
        #expect(json.contains("教师培训提升"), "\(json)")
    }

    @Test func underWarnTheyArePublishedAndWarnedAtTheFirstPublicTask() throws {
        let site = Self.site("warn")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warning = try #require(report.diagnostics.first { $0.code == .inferableFromTotals && $0.message.contains("年度主要任务") }, "\(report.rendered)")
        // At the public task, not the withheld one (whose place would redact the message's quotes).
        #expect(warning.location.line == Self.line(of: "校舍安全保障", in: site), "\(warning)")
        #expect(!warning.message.contains("青峰"), "\(warning)")
        #expect(try #require(fs.text("public/data/departments/2025/jyj.json")).contains("1900.25"))
    }

    /// A withheld funding line beside published task amounts: the tasks' sum minus the public budget is the line's.
    @Test func aWithheldLineTakesTheTasksAmountsToo() throws {
        let site = Self.site(nil, lines: ["{source: 财政拨款, initial: 2200, budget: 2200, spent: 2000}",
                                          "{source: 其他资金, initial: 1000.5, budget: 1000.5, spent: 880, disclosure: 涉密}"],
                             tasks: ["{name: 校舍安全保障, content: 开展校舍安全排查, amount: 1900.25}",
                                     "{name: 教师培训提升, content: 举办骨干教师研修, amount: 1300.25}"])
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        Self.amountsAbsent(fs, ["1900.25", "1,900.25", "1300.25", "1,300.25", "1000.5", "1,000.50"])
        let warned = Self.site("warn", lines: ["{source: 财政拨款, initial: 2200, budget: 2200, spent: 2000}",
                                               "{source: 其他资金, initial: 1000.5, budget: 1000.5, spent: 880, disclosure: 涉密}"],
                               tasks: ["{name: 校舍安全保障, content: 开展校舍安全排查, amount: 1900.25}"]).check()
        #expect(warned.diagnostics.contains { $0.code == .inferableFromTotals && $0.message.contains("年度主要任务") }, "\(warned.rendered)")
    }

    /// Only public tasks, or a withheld task without an amount: nothing follows beyond what the budget itself says.
    @Test func tasksAllPublicOrWithheldWithoutAmountStay() throws {
        let open = Self.site(nil, tasks: ["{name: 校舍安全保障, content: 开展校舍安全排查, amount: 1900.25}",
                                          "{name: 教师培训提升, content: 举办骨干教师研修, amount: 300.75}"])
        let (report, fs) = open.build()
        #expect(report.succeeded && report.first(.inferableFromTotals) == nil, "\(report.rendered)")
        #expect(try #require(fs.text("public/data/departments/2025/jyj.json")).contains("1900.25"))
        let noAmount = Self.site("warn", tasks: ["{name: 校舍安全保障, content: 开展校舍安全排查, amount: 1900.25}",
                                                 "{name: 青峰保障专项任务, content: 青峰保障专项内容, disclosure: 涉密}"])
        let (r2, fs2) = noAmount.build()
        #expect(r2.succeeded && r2.first(.inferableFromTotals) == nil, "\(r2.rendered)")
        #expect(try #require(fs2.text("public/data/departments/2025/jyj.json")).contains("1900.25"))
    }
}
