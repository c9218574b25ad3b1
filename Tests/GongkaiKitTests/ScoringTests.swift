import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Self-evaluation arithmetic, grades and schemes, monitoring, rectification and grade pages.
@Suite("Scoring and grades")
struct ScoringTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"
    /// A 偏差原因 for rows the tests make miss their target (GK422 asks an unmet target for one).
    static let deviation = "秋季学期部分生源流向城区学校，2026年按学籍系统实时数据核定"

    func diagnostics(_ edits: [(String, String)], config: String = "") -> BuildReport {
        var site = SiteFixture()
        for (old, new) in edits { site.edit(Self.project, replacing: old, with: new) }
        site["gongkai.yaml"]! += "\n" + config
        return site.check()
    }

    func expectOnly(_ code: DiagnosticCode, at line: Int, _ column: Int, _ edits: [(String, String)], config: String = "",
                    severity: Severity = .error, contains: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let report = diagnostics(edits, config: config)
        #expect(report.diagnostics.map(\.code) == [code], "\(report.rendered)", sourceLocation: sourceLocation)
        guard let d = report.first(code) else { return }
        #expect(d.severity == severity, sourceLocation: sourceLocation)
        #expect((d.location.line, d.location.column) == (line, column), "\(d)", sourceLocation: sourceLocation)
        if let contains { #expect(d.message.contains(contains), "\(d)", sourceLocation: sourceLocation) }
    }

    @Test func theFixtureIsArithmeticallyClean() {
        #expect(diagnostics([]).diagnostics.isEmpty)
    }

    @Test func childWeightsMustAddUpToTheirGroup() {
        expectOnly(.weightsDoNotAddUp, at: 19, 15, [("              weight: 90\n              score: 50", "              weight: 80\n              score: 50")],
                   contains: "合计为 80")
    }

    @Test func allWeightsMustAddUpToTheTotal() {
        expectOnly(.weightsDoNotAddUp, at: 30, 3, [("      weight: 90\n      children:", "      weight: 80\n      children:"),
                                                   ("              weight: 90\n              score: 50", "              weight: 80\n              score: 50")],
                   contains: "应为总分 100")
    }

    @Test func theTotalIsConfigurable() {
        #expect(diagnostics([("      weight: 90\n      children:", "      weight: 80\n      children:"),
                             ("              weight: 90\n              score: 50", "              weight: 80\n              score: 50")],
                            config: "scoring: {total: 90}").diagnostics.isEmpty)
    }

    /// Targets published with the budget, with no self-evaluation yet, carry the 分值 the year will be scored by:
    /// 80 (neither 100 − 10 for 预算执行率 nor 100) was published, exit 0, until a self-evaluation came.
    @Test(arguments: [("80", true), ("90", false), ("100", false)])
    func targetWeightsWithoutASelfEvaluationMustAddUp(_ weight: String, _ refused: Bool) {
        let report = diagnostics([("self_evaluation:\n  published: 2026-03-20\n  execution_score: 9.58\n  total_score: 59.58\n  grade: 差\n", ""),
                                  ("      weight: 90\n      children:", "      weight: \(weight)\n      children:"),
                                  ("              weight: 90\n              score: 50", "              weight: \(weight)")])
        let errors = report.diagnostics.filter { $0.code == .weightsDoNotAddUp }
        #expect(errors.count == (refused ? 1 : 0), "\(report.rendered)")
        if refused { #expect(errors.first?.message.contains("合计为 80") == true && errors.first?.location.line == 15, "\(report.rendered)") }
    }

    @Test func aScoreNeverExceedsItsWeightOrGoesBelowZero() {
        let over = diagnostics([("score: 50", "score: 95"), ("total_score: 59.58", "total_score: 104.58"), ("grade: 差", "grade: 优")])
        // The row's score above its weight, and the total above 100 that follows from it.
        #expect(over.diagnostics.map(\.code) == [.scoreOutOfRange, .scoreOutOfRange])
        #expect(over.first(.scoreOutOfRange).map { ($0.location.line, $0.location.column) }! == (28, 22))
        #expect(over.diagnostics.last?.message.contains("自评总分 104.58 应在 0 到 100 之间") == true)
        let under = diagnostics([("score: 50", "score: -1"), ("total_score: 59.58", "total_score: 8.58")])
        #expect(under.diagnostics.map(\.code) == [.scoreOutOfRange])
    }

    @Test func theTotalIsTheSumAllowingForPublishedRounding() {
        expectOnly(.totalScoreMismatch, at: 32, 16, [("total_score: 59.58", "total_score: 59.68")], contains: "59.58")
        #expect(diagnostics([("total_score: 59.58", "total_score: 59.6")]).diagnostics.isEmpty)   // rounded to one decimal
    }

    @Test func theExecutionScoreFollowsTheExecutionRate() {
        // 1198.6 ÷ 1250.50 = 95.85 % → 10 × 0.9585 = 9.58
        expectOnly(.executionScoreMismatch, at: 31, 20, [("execution_score: 9.58", "execution_score: 9.7"), ("total_score: 59.58", "total_score: 59.7")],
                   contains: "95.85%")
    }

    @Test func theExecutionWeightIsConfigurable() {
        let edits = [("      weight: 90\n      children:", "      weight: 80\n      children:"),
                     ("              weight: 90\n              score: 50", "              weight: 80\n              score: 50"),
                     ("execution_score: 9.58", "execution_score: 19.17"), ("total_score: 59.58", "total_score: 69.17"), ("grade: 差", "grade: 中")]
        #expect(diagnostics(edits, config: "scoring: {execution_weight: 20}").diagnostics.isEmpty)
        #expect(diagnostics(edits).diagnostics.map(\.code).contains(.scoreOutOfRange)) // 19.17 exceeds the default weight 10
    }

    @Test func theExecutionScoreIsCappedAtItsWeight() {
        // Full marks at most; the overspending itself is named (超预算), since the capped score hides it.
        let report = diagnostics([("spent: 1198.6", "spent: 1300"), ("execution_score: 9.58", "execution_score: 10"),
                                  ("total_score: 59.58", "total_score: 60"), ("grade: 差", "grade: 中")])
        #expect(report.diagnostics.map(\.code) == [.overspent], "\(report.rendered)")
        #expect(report.first(.overspent)?.message.contains("全年执行数 1300 超过全年预算数 1250.5") == true)
    }

    /// The self-evaluation's 预算执行率 row showed the rate of the disclosed funding lines (95.85 %) as the
    /// project's, while its score follows the rate over all the money (96.16 %): with a line withheld the
    /// project's rate cannot be shown, and the public lines' rate is not it.
    @Test func theExecutionRateOverAWithheldLineIsNotShownAsTheProjects() throws {
        for config in ["", "inference: warn"] {
            var site = SiteFixture()
            site.edit(Self.project, replacing: "      spent: 1198.6\n", with: "      spent: 1198.6\n    - {source: 其他资金, budget: 100, spent: 100, disclosure: 涉密}\n")
            site.edit(Self.project, replacing: "execution_score: 9.58", with: "execution_score: 9.62")
            site.edit(Self.project, replacing: "total_score: 59.58", with: "total_score: 59.62")
            site["gongkai.yaml"]! += "\n" + config
            let (report, fs) = site.build()
            #expect(report.succeeded, "\(report.rendered)")
            let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
            #expect(page.contains("<th scope=\"row\" colspan=\"3\">预算执行率</th><td class=\"value\">100%</td><td class=\"value\">—</td>"), "\(config)\n\(page)")
            // The funding table's total is over the disclosed lines, as it says.
            #expect(page.contains("95.85%"))
        }
    }

    /// 全年执行数 is omitted until known. With one line's unknown, the 合计 summed the others' and the funding
    /// table, the self-evaluation, the year's list and open data gave 1198.6 ÷ 2050.5 = 58.45 % as the
    /// project's execution rate.
    @Test func aSpendingTotalOverALineWithoutItsSpendingIsUnknown() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "      spent: 1198.6\n", with: "      spent: 1198.6\n    - {source: 其他资金, initial: 800, budget: 800}\n")
        let (report, fs) = site.build()
        #expect(report.diagnostics.map(\.code) == [.executionUnchecked], "\(report.rendered)")
        for path in ["projects/2025/jyj-2025-001/index.html", "years/2025/index.html", "data/projects/2025/jyj-2025-001.json"] {
            let text = try #require(fs.text("public/" + path))
            #expect(!text.contains("58.45") && !text.contains("  ],\n    \"spent\" : 1198.6,"), "\(path)")
        }
        let csv = try #require(fs.text("public/data/2025/projects.csv"))
        #expect(csv.contains(",万元,2000,2050.5,,,59.58,"), "\(csv)")
    }

    @Test func aRectificationDoneWithoutItsDayIsNamed() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "self_evaluation:", with: "rectifications:\n  - {problem: 问题甲, deadline: 2025-06-30, status: 已完成}\nself_evaluation:")
        let report = site.check()
        #expect(report.diagnostics.map(\.code) == [.completionUndated], "\(report.rendered)")
    }

    @Test func fundingLinesAddUpToTheStatedTotalExactly() {
        expectOnly(.fundingTotalMismatch, at: 15, 5, [("      spent: 1198.6\n", "      spent: 1198.6\n  total:\n    budget: 1250.05\n")],
                   contains: "1250.5")
        // 0.1 + 0.2 is 0.3 here: no binary floating point.
        let exact = diagnostics([("      spent: 1198.6\n", "      spent: 1198.6\n    - source: 其他资金\n      budget: 0.1\n      spent: 0.1\n    - source: 上年结转\n      budget: 0.2\n      spent: 0.2\n  total: {budget: 1250.8, spent: 1198.9}\n")])
        #expect(!exact.diagnostics.map(\.code).contains(.fundingTotalMismatch), "\(exact.rendered)")
    }

    @Test func itemisedUsesStayWithinTheBudget() {
        expectOnly(.usesExceedBudget, at: 15, 7, [("      spent: 1198.6\n", "      spent: 1198.6\n  uses:\n    - {item: 食材采购, amount: 1000}\n    - {item: 设备更新, amount: 250.51}\n")])
        #expect(diagnostics([("      spent: 1198.6\n", "      spent: 1198.6\n  uses:\n    - {item: 食材采购, amount: 1000}\n    - {item: 设备更新, amount: 250.5}\n")]).diagnostics.isEmpty)
    }

    @Test func thePublishedGradeMustMatchTheScheme() {
        expectOnly(.gradeMismatch, at: 33, 10, [("grade: 差", "grade: 中")], contains: "应为“差”")
    }

    @Test func aMissingGradeIsComputed() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差\n", with: "")
        let (report, fs) = site.build()
        #expect(report.succeeded)
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("自评等级：差"))
        // The page said 评价等级 差 as if the self-evaluation had published it: it now says it was worked out.
        #expect(page.contains("评价等级 <strong class=\"grade\">差</strong>（自评表未列等级，按得分和等级方案确定）"), "\(page)")
        // A published grade carries no such note.
        let (_, given) = SiteFixture().build()
        #expect(try #require(given.text("public/projects/2025/jyj-2025-001/index.html")).contains("评价等级 <strong class=\"grade\">差</strong><span"))
    }

    @Test func aFullScoreForAnUnmetTargetIsAWarning() {
        expectOnly(.fullScoreForUnmetTarget, at: 28, 22, [("actual: 53126人", "actual: 51000人"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                                                          ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")],
                   severity: .warning, contains: "≥52000人")
        // Units convert (万元 ↔ 元); percentages compare as numbers.
        #expect(diagnostics([("target: ≥52000人", "target: ≤90万元"), ("actual: 53126人", "actual: 895000元"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.isEmpty)
        #expect(diagnostics([("target: ≥52000人", "target: 90%-100%"), ("actual: 53126人", "actual: 89.9%"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        // A count with a magnitude converts too (the check gave up on 万人 against 人).
        #expect(diagnostics([("target: ≥52000人", "target: ≥1万人"), ("actual: 53126人", "actual: 9000人"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        #expect(diagnostics([("target: ≥52000人", "target: ≥1万人"), ("actual: 53126人", "actual: 10500人"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.isEmpty)
        // Negative values compare too (a growth rate of −6 % against ≥−5 %); a negative target gives no ratio for GK419.
        #expect(diagnostics([("target: ≥52000人", "target: ≥-5%"), ("actual: 53126人", "actual: -6%"), ("score: 50", "score: 90\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        #expect(diagnostics([("target: ≥52000人", "target: ≥-5%"), ("actual: 53126人", "actual: -6%"), ("score: 50", "score: 80\n              deviation: \(Self.deviation)"),
                             ("total_score: 59.58", "total_score: 89.58"), ("grade: 差", "grade: 良")]).diagnostics.isEmpty)
    }

    /// A self-evaluation whose weights count the 预算执行率 line (90 + 10) but that never scores it: the total of
    /// 50 was 50 with nothing said. Named as an unscored row is (GK416); a table that scores 预算执行率 as a row
    /// (anExecutionRowInANationalTableFollowsTheFunding) and an unscored table are not asked.
    @Test func anUnscoredExecutionLineIsNamed() {
        let report = diagnostics([("  execution_score: 9.58\n", ""), ("total_score: 59.58", "total_score: 50")])
        #expect(report.diagnostics.map(\.code) == [.rowNotScored], "\(report.rendered)")
        #expect(report.first(.rowNotScored)?.message.contains("预算执行率（分值 10）没有得分") == true && report.first(.rowNotScored)?.severity == .warning)
    }

    /// A scored row with no 实际完成值: the 自评表's cell left blank passed in silence, though neither the score nor
    /// the deviation can be judged without it. (A frame whose rows are criteria is not asked: ImportFrameTests.)
    @Test func aScoredRowStatesWhatWasAchieved() {
        expectOnly(.actualMissing, at: 27, 22, [("              actual: 53126人\n", ""), ("score: 50", "score: 50\n              deviation: \(Self.deviation)")],
                   severity: .warning, contains: "没有实际完成值")
        // Without a deviation either, the lost points are asked about too.
        let both = diagnostics([("              actual: 53126人\n", "")])
        #expect(Set(both.diagnostics.map(\.code)) == [.actualMissing, .deviationUnexplained], "\(both.rendered)")
        // A quantitative target answered in words: no number to judge (named at the actual); a qualitative one may be.
        expectOnly(.actualMissing, at: 26, 23, [("actual: 53126人", "actual: 全部完成"), ("score: 50", "score: 90"), ("total_score: 59.58", "total_score: 99.58"),
                                                ("grade: 差", "grade: 优")], severity: .warning, contains: "没有数值")
        #expect(diagnostics([("target: ≥52000人", "target: 明显改善"), ("actual: 53126人", "actual: 达成预期目标"), ("score: 50", "score: 90"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.isEmpty)
    }

    /// A national-frame table that scores 预算执行率 as a row of its own (execution_weight: 0, no separate line):
    /// the row's score and stated rate were never held against the funding, so full marks for 95.85 % passed.
    @Test func anExecutionRowInANationalTableFollowsTheFunding() {
        func edits(_ actual: String, _ score: String, total: String, grade: String, separate: Bool = false) -> [(String, String)] {
            [("self_evaluation:\n", """
                - name: 预算执行率
                  weight: 10
                  children:
                    - name: 预算执行率
                      children:
                        - name: 预算执行率
                          target: =100%
                          basis: 预算批复
                          actual: \(actual)
                          weight: 10
                          score: \(score)
                          deviation: 年底部分资金未支付
            self_evaluation:

            """), ("  execution_score: 9.58\n", separate ? "  execution_score: 9.58\n" : "  execution_weight: 0\n"),
             ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(grade)")]
        }
        #expect(diagnostics(edits("95.85%", "9.58", total: "59.58", grade: "差")).diagnostics.isEmpty)
        let full = diagnostics(edits("95.85%", "10", total: "60", grade: "中"))
        // (Full marks for =100% with 95.85 % is also GK410's.)
        #expect(Set(full.diagnostics.map(\.code)) == [.fullScoreForUnmetTarget, .executionScoreMismatch], "\(full.rendered)")
        #expect(full.first(.executionScoreMismatch)?.message.contains("得分应为 9.58") == true, "\(full.rendered)")
        #expect(diagnostics(edits("100%", "10", total: "60", grade: "中")).diagnostics.map(\.code) == [.executionScoreMismatch])
        // Both a row and the separate line: the weights say how to write it.
        let twice = diagnostics(edits("95.85%", "9.58", total: "69.16", grade: "中", separate: true))
        #expect(twice.first(.weightsDoNotAddUp)?.message.contains("execution_weight: 0") == true, "\(twice.rendered)")
    }

    /// `=` targets (and bare numbers, `1000人次`): doing more than planned was called 未达到 (GK410 on full marks
    /// for =52000人 with 53126 done). It is met; a cost under a 成本 group and a target of 0 (=0起) read as ≤.
    @Test func anEqualsTargetIsMetByDoingMoreExceptACostOrAZero() {
        func edits(_ target: String, _ actual: String, _ score: String, cost: Bool = false) -> [(String, String)] {
            let total = ExactDecimal.format(Decimal(string: score)! + Decimal(string: "9.58")!)
            return (cost ? [("name: 数量指标", "name: 成本指标")] : []) + [
                ("target: ≥52000人", "target: \(target)"), ("actual: 53126人", "actual: \(actual)"),
                ("score: 50", "score: \(score)\n              deviation: \(Self.deviation)"),
                ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(GradeScheme.national.grade(for: Decimal(string: total)!)!)")]
        }
        #expect(diagnostics(edits("=52000人", "53126人", "90")).diagnostics.isEmpty)
        #expect(diagnostics(edits("52000人", "53126人", "90")).diagnostics.isEmpty)
        // Short of it is still a miss, scored by the ratio.
        #expect(diagnostics(edits("=52000人", "51000人", "90")).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        // Zero incidents: 2 is a miss.
        #expect(diagnostics(edits("=0起", "2起", "90")).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        #expect(diagnostics(edits("=0起", "0起", "90")).diagnostics.isEmpty)
        // A cost: 95万元 against =90万元 overruns it (at most 90 × 90 ÷ 95 = 85.26); 85万元 is within it.
        #expect(diagnostics(edits("=90万元", "95万元", "90", cost: true)).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        #expect(diagnostics(edits("=90万元", "95万元", "88", cost: true)).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        #expect(diagnostics(edits("=90万元", "95万元", "85", cost: true)).diagnostics.isEmpty)
        #expect(diagnostics(edits("=90万元", "85万元", "90", cost: true)).diagnostics.isEmpty)
    }

    /// 部门/项目支出绩效自评表: a quantitative indicator not met scores 分值 × 实际完成值 ÷ 年度指标值 (正向),
    /// 分值 × 年度指标值 ÷ 实际完成值 (反向): a score above that, short of full marks, was never questioned.
    @Test func aScoreAboveItsCompletionRatioIsAWarning() {
        func edits(_ target: String, _ actual: String, _ score: String) -> [(String, String)] {
            let total = ExactDecimal.format(Decimal(string: score)! + Decimal(string: "9.58")!)
            return [("target: ≥52000人", "target: \(target)"), ("actual: 53126人", "actual: \(actual)"), ("score: 50", "score: \(score)\n              deviation: \(Self.deviation)"),
                    ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(GradeScheme.national.grade(for: Decimal(string: total)!)!)")]
        }
        // 51000 ÷ 52000 = 98.08 %: at most 90 × 0.980769 = 88.27.
        expectOnly(.scoreAboveCompletionRatio, at: 28, 22, edits("≥52000人", "51000人", "89"), severity: .warning, contains: "88.27")
        #expect(diagnostics(edits("≥52000人", "51000人", "88.27")).diagnostics.isEmpty)
        #expect(diagnostics(edits("≥52000人", "51000人", "80")).diagnostics.isEmpty)   // lower is the clerk's judgement
        // A rate rounded first (98.1 % × 90 = 88.29), and that rounded to one decimal (88.3), are allowed; more is not.
        #expect(diagnostics(edits("≥52000人", "51000人", "88.29")).diagnostics.isEmpty)
        #expect(diagnostics(edits("≥52000人", "51000人", "88.4")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        // 反向指标 (≤): 3.5 ÷ 3.6 × 90 = 87.5.
        #expect(diagnostics(edits("≤3.5%", "3.6%", "88")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        #expect(diagnostics(edits("≤3.5%", "3.6%", "87.5")).diagnostics.isEmpty)
        // Units convert: 95万元 spent against ≤90万元 → 90 × 90 ÷ 95 = 85.26.
        #expect(diagnostics(edits("≤90万元", "950000元", "86")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        // =100 % reached 88 % → 79.2; a range below its lower bound counts from that bound.
        #expect(diagnostics(edits("=100%", "88%", "80")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        #expect(diagnostics(edits("90%-100%", "81%", "81.5")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        #expect(diagnostics(edits("90%-100%", "81%", "81")).diagnostics.isEmpty)
        // Full marks stay GK410's alone; a met target is not scored here; a bare 0.96 against a percentage is not
        // judged (GK420); a bare 89 is 89 %.
        #expect(diagnostics(edits("≥52000人", "51000人", "90")).diagnostics.map(\.code) == [.fullScoreForUnmetTarget])
        #expect(diagnostics(edits("≥52000人", "53000人", "89")).diagnostics.isEmpty)
        #expect(diagnostics(edits("≥95%", "0.96", "89")).diagnostics.map(\.code) == [.percentWithoutSign])
        #expect(diagnostics(edits("≥95%", "89", "89")).diagnostics.map(\.code) == [.scoreAboveCompletionRatio])
        // A target of 0 (≤0起) gives no ratio to score by.
        #expect(diagnostics(edits("≤0起", "2起", "60")).diagnostics.isEmpty)
    }

    /// A comma in a percentage: `9,520%` against `≥95%` was read as 9520 % in silence (a thousands
    /// separator there is a slip far more often than a rate of 9520 %), and `95,2%` (a decimal comma)
    /// was taken for text, so no check of the result ran. Both are named, at the actual value, and the
    /// result not judged; a thousands separator in another unit (`53,126人`) stays what it was.
    @Test func aCommaInAPercentageIsNamed() {
        func edits(_ target: String, _ actual: String, _ score: String) -> [(String, String)] {
            let total = ExactDecimal.format(Decimal(string: score)! + Decimal(string: "9.58")!)
            return [("target: ≥52000人", "target: \(target)"), ("actual: 53126人", "actual: \"\(actual)\""), ("score: 50", "score: \(score)\n              deviation: \(Self.deviation)"),
                    ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(GradeScheme.national.grade(for: Decimal(string: total)!)!)")]
        }
        for actual in ["9,520%", "95,2%", "95，20%", "1,000％"] {
            let found = diagnostics(edits("≥95%", actual, "89")).diagnostics
            #expect(found.map(\.code.rawValue) == ["GK421"], "\(actual): \(found)")
            #expect(found.first?.message.contains(actual) == true && found.first?.location.line == 26, "\(actual): \(found)")
        }
        #expect(diagnostics(edits("≥52000人", "53,126人", "90")).diagnostics.isEmpty)
        #expect(diagnostics(edits("≥95%", "95.2%", "90")).diagnostics.isEmpty)
    }

    @Test(arguments: [("部分达成", "85", true), ("部分达成", "63", false), ("达成预期目标", "80", false), ("达成预期目标", "70", true),
                      // 100–80 %（含）, 80–60 %（含）, below 60 %: 80 % is 达成's, 60 % 部分达成's.
                      ("部分达成", "72", true), ("部分达成", "54", false), ("达成预期目标", "72", false),
                      ("未达成", "54", true), ("未达成", "53.99", false), ("未达成", "60", true),
                      // A negation before an achievement word: full marks for these were not warned about.
                      ("没有完成", "90", true), ("效果不明显", "90", true), ("未能实现", "90", true), ("未按期完成", "90", true),
                      ("无显著改善", "90", true), ("未完全达到", "90", true), ("未完全达到", "63", false), ("按期完成", "90", false),
                      // A negated problem is no negated achievement: 明显/显著 there describe the problem.
                      ("运行良好，未发现明显问题", "90", false), ("无明显问题，达到预期", "90", false), ("达成预期目标，未发现显著的风险", "90", false),
                      ("未见明显成效", "90", true), ("效果不明显，存在问题", "90", true),
                      // 达成 / 基本达成 / 未达成: 基本达成 is the middle grade (60–80 %), not 达成 (it was read as 达成).
                      ("基本达成", "63", false), ("基本达成", "85", true), ("基本达成预期目标", "90", true), ("基本完成", "70", false)])
    func qualitativeScoresLieInTheBandOfTheirAchievement(actual: String, score: String, warns: Bool) {
        // weight 90: 达成 72–90, 部分达成 54–72, 未达成 0–54
        let total = ExactDecimal.format(Decimal(string: score)! + Decimal(string: "9.58")!)
        let grade = GradeScheme.national.grade(for: Decimal(string: total)!)!
        let report = diagnostics([("target: ≥52000人", "target: 达成预期目标"), ("actual: 53126人", "actual: \(actual)"), ("score: 50", "score: \(score)\n              deviation: \(Self.deviation)"),
                                  ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(grade)")])
        #expect(report.diagnostics.map(\.code) == (warns ? [.scoreOutsideAchievementBand] : []), "\(report.rendered)")
    }

    /// 偏差原因分析及改进措施: a row that missed its target, or lost points on a result the checks cannot
    /// judge, with no deviation written (or only 无, /, —) passed in silence.
    @Test func anUnmetTargetExplainsItsDeviation() {
        func edits(_ target: String, _ actual: String, _ score: String, deviation: String? = nil) -> [(String, String)] {
            let total = ExactDecimal.format(Decimal(string: score)! + Decimal(string: "9.58")!)
            return [("target: ≥52000人", "target: \(target)"), ("actual: 53126人", "actual: \(actual)"),
                    ("score: 50", "score: \(score)" + (deviation.map { "\n              deviation: \($0)" } ?? "")),
                    ("total_score: 59.58", "total_score: \(total)"), ("grade: 差", "grade: \(GradeScheme.national.grade(for: Decimal(string: total)!)!)")]
        }
        // Not met, nothing said: named at the score; an empty word is named at itself.
        expectOnly(.deviationUnexplained, at: 28, 22, edits("≥52000人", "51000人", "88"), severity: .warning, contains: "未完成年度指标值")
        for word in ["无", "/", "—", "无。", "无偏差"] {
            expectOnly(.deviationUnexplained, at: 29, 26, edits("≥52000人", "51000人", "88", deviation: word), severity: .warning, contains: "“\(word)”")
        }
        #expect(diagnostics(edits("≥52000人", "51000人", "88", deviation: Self.deviation)).diagnostics.isEmpty)
        // 反向指标 missed, a qualitative 部分达成, and a result the checks cannot judge that lost points.
        #expect(diagnostics(edits("≤90万元", "95万元", "85")).diagnostics.map(\.code) == [.deviationUnexplained])
        #expect(diagnostics(edits("达成预期目标", "部分达成", "60")).diagnostics.map(\.code) == [.deviationUnexplained])
        let unjudged = diagnostics(edits("合理", "目标基本合理，个别指标未细化", "80"))
        #expect(unjudged.diagnostics.map(\.code) == [.deviationUnexplained] && unjudged.diagnostics.first!.message.contains("扣了 10 分"), "\(unjudged.rendered)")
        // A met target scored below its weight (the fixture) is the clerk's judgement; full marks on a judged-unclear
        // result ask nothing; a result named unreadable (GK420) is asked nothing more.
        #expect(diagnostics([]).diagnostics.isEmpty)
        #expect(diagnostics(edits("合理", "目标合理", "90")).diagnostics.isEmpty)
        #expect(diagnostics(edits("≥95%", "0.96", "89")).diagnostics.map(\.code) == [.percentWithoutSign])
    }

    // MARK: Schemes

    @Test func schemeOverridesPickTheMostSpecificRule() {
        let four = GradeScheme(name: "四档制", bands: [.init(grade: "优秀", minimum: 90), .init(grade: "良好", minimum: 75),
                                                 .init(grade: "合格", minimum: 60), .init(grade: "不合格", minimum: 0)])
        let county = GradeScheme(name: "县级", bands: [.init(grade: "优", minimum: 85), .init(grade: "良", minimum: 75),
                                                   .init(grade: "中", minimum: 60), .init(grade: "低", minimum: 0)])
        var config = SiteConfig(title: "t", publisher: "p", baseURL: "https://a.b/")
        config.gradeOverrides = [GradeOverride(department: "HSZ", scheme: four),
                                 GradeOverride(evaluation: "财政重点评价", scheme: county),
                                 GradeOverride(department: "HSZ", evaluation: "财政重点评价", year: 2025, scheme: .national)]
        #expect(config.gradeScheme(department: "JYJ", year: 2025) == .national)
        #expect(config.gradeScheme(department: "HSZ", year: 2024) == four)
        #expect(config.gradeScheme(department: "JYJ", evaluation: "财政重点评价", year: 2025) == county)
        #expect(config.gradeScheme(department: "HSZ", evaluation: "财政重点评价", year: 2024) == county)   // later of two equally specific rules
        #expect(config.gradeScheme(department: "HSZ", evaluation: "财政重点评价", year: 2025) == .national) // three fields beat one
        #expect(county.grade(for: Decimal(string: "84.99")!) == "良" && county.grade(for: 85) == "优")
        #expect(four.grade(for: Decimal(string: "74.99")!) == "合格" && four.grade(for: Decimal(string: "75.00")!) == "良好")
    }

    @Test func aDepartmentSchemeAndAnOverrideFromTheConfiguration() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += """

        grade_schemes:
          四档制:
            - {grade: 优秀, min: 90}
            - {grade: 良好, min: 75}
            - {grade: 合格, min: 50}
            - {grade: 不合格, min: 0}
        grade_scheme_overrides:
          - {department: JYJ, year: 2025, scheme: 四档制}
        """
        // 59.58 is 合格 under 四档制 (50 ≤ score < 75): the published 差 is now wrong …
        let report = site.check()
        #expect(report.first(.gradeMismatch)?.message.contains("应为“合格”") == true)
        site.edit(Self.project, replacing: "grade: 差", with: "grade: 合格")
        let (built, fs) = site.build()
        #expect(built.succeeded, "\(built.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("四档制") && page.contains("自评等级：合格"))
        #expect(fs.isFile("public/grades/2025/hege/index.html"))
    }

    /// The department page named the scheme in force with no year (国家标准), though a rule for the department's
    /// year graded all its projects by another: readers were shown the wrong bands beside 合格.
    @Test func theDepartmentPageNamesTheSchemeOfItsLatestYear() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\ngrade_schemes:\n  四档制:\n    - {grade: 优秀, min: 90}\n    - {grade: 良好, min: 75}\n    - {grade: 合格, min: 50}\n    - {grade: 不合格, min: 0}\ngrade_scheme_overrides:\n  - {department: JYJ, year: 2025, scheme: 四档制}\n"
        site.edit(Self.project, replacing: "grade: 差", with: "grade: 合格")
        let (built, fs) = site.build()
        #expect(built.succeeded, "\(built.rendered)")
        let page = try #require(fs.text("public/departments/jyj/index.html"))
        #expect(page.contains("<dt>评价等级方案</dt><dd>四档制（"), "\(page)")
    }

    // MARK: Pages

    @Test func gradePagesListDistributionsWithChartsAndTables() throws {
        var site = SiteFixture()
        site["content/projects/2025/CZJ-2025-001.md"] = """
        ---
        code: CZJ-2025-001
        name: 财政票据管理
        year: 2025
        department: CZJ
        funding:
          unit: 元
          lines:
            - {source: 财政拨款, budget: 500000, spent: 500000}
        self_evaluation:
          published: 2026-03-20
          total_score: 92
        evaluations:
          - {kind: 财政重点评价, score: 89.99, published: 2026-05-01, report: 报告。}
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let year = try #require(fs.text("public/grades/2025/index.html"))
        #expect(year.contains("<title id=\"chart-2025-self-title\">2025年度单位自评等级分布（项目数）</title>"))
        // 优 (92, 50 万元) and 差 (59.58, 1,250.50 万元) among self-evaluations; 89.99 is 良 for the key evaluation.
        #expect(year.contains("<th scope=\"row\"><a href=\"../../grades/2025/you/\">优</a></th><td class=\"num\">1</td><td class=\"num\">50.0%</td><td class=\"num\">50.00</td><td class=\"num\">92</td>"), "\(year)")
        #expect(year.contains("<a href=\"../../grades/2025/cha/\">差</a></th><td class=\"num\">1</td><td class=\"num\">50.0%</td><td class=\"num\">1,250.50</td><td class=\"num\">59.58</td>"))
        #expect(year.contains("<a href=\"../../grades/2025/liang/\">良</a></th><td class=\"num\">1</td><td class=\"num\">100.0%</td>"))
        let liang = try #require(fs.text("public/grades/2025/liang/index.html"))
        #expect(liang.contains("财政票据管理") && liang.contains("data-value=\"89.99\"") && liang.contains("财政重点评价"))
        #expect(liang.contains("<table data-sortable>") && liang.contains("assets/sort.js"))
        #expect(!liang.contains("学生营养改善计划"))
        let project = try #require(fs.text("public/projects/2025/czj-2025-001/index.html"))
        #expect(project.contains("自评等级：优"))
    }

    // MARK: Sums that used to go unchecked, and rounding across a band

    @Test func anUnweightedRowCountsAsZeroAndTheChecksStillRun() {
        // A row with neither weight nor score once switched every weight and total check off.
        let report = diagnostics([("score: 50\n", "score: 50\n            - {name: 备注指标, target: 达成预期目标, actual: 达成预期目标}\n"),
                                  ("total_score: 59.58", "total_score: 99"), ("grade: 差", "grade: 优")])
        #expect(Set(report.diagnostics.map(\.code)) == [.rowNotScored, .totalScoreMismatch], "\(report.rendered)")
        #expect(report.first(.rowNotScored)?.message.contains("“备注指标”没有分值（weight）和得分（score）") == true)
        #expect(report.first(.totalScoreMismatch)?.message.contains("各项得分合计为 59.58") == true)
    }

    @Test func aScoreRoundedToWholePointsIsNotItsValue() {
        // 9.58 published as 10 would be full marks for a 95.85 % execution rate.
        expectOnly(.executionScoreMismatch, at: 31, 20, [("execution_score: 9.58", "execution_score: 10"), ("total_score: 59.58", "total_score: 60"),
                                                        ("grade: 差", "grade: 中")], contains: "得分应为 9.58")
        // A total rounded to whole points is not the sum either.
        expectOnly(.totalScoreMismatch, at: 32, 16, [("total_score: 59.58", "total_score: 60"), ("grade: 差", "grade: 中")])
    }

    @Test func roundingCannotLiftAScoreIntoTheNextBand() {
        // 80.38 + 9.58 = 89.96, published as 90.0 (a correct rounding): still 良.
        expectOnly(.gradeMismatch, at: 33, 10, [("score: 50", "score: 80.38"), ("total_score: 59.58", "total_score: 90.0"), ("grade: 差", "grade: 优")],
                   contains: "实际得分应为“良”，表中为“优”")
        // Without a published grade the same total is still refused: the computed grade would be 优.
        #expect(diagnostics([("score: 50", "score: 80.38"), ("total_score: 59.58", "total_score: 90.0"), ("  grade: 差\n", "")])
            .diagnostics.map(\.code) == [.gradeMismatch])
    }

    @Test func aTotalOutsideItsRangeIsAnError() {
        let report = diagnostics([("total_score: 59.58", "total_score: -5")])
        #expect(report.diagnostics.contains { $0.code == .scoreOutOfRange && $0.message.contains("自评总分 -5 应在 0 到 100 之间") }, "\(report.rendered)")
    }

    @Test func anExecutionScoreThatCannotBeCheckedIsNamed() {
        expectOnly(.executionUnchecked, at: 30, 20, [("\n      spent: 1198.6", "")], severity: .warning, contains: "缺少全年执行数")
        expectOnly(.executionUnchecked, at: 31, 20, [("budget: 1250.50", "budget: 0")], severity: .warning, contains: "全年预算数合计为 0")
        expectOnly(.executionUnchecked, at: 24, 20, [("funding:\n  unit: 万元\n  lines:\n    - source: 财政拨款\n      initial: 1200\n      budget: 1250.50\n      spent: 1198.6\n", "")],
                   severity: .warning, contains: "项目没有资金情况")
    }

    /// An evaluation kind other than the usual three was given an id from a hash modulo 100,000: two kinds
    /// that hash alike (复核一丟评价 and 复核丁一评价) got the same id, so the grade page had two headings
    /// `type-type-10749` (invalid HTML) and each chart's region was named by the first one's heading.
    @Test func everyEvaluationKindHasItsOwnHeadingId() throws {
        var site = SiteFixture()
        site["content/projects/2025/CZJ-2025-001.md"] = """
        ---
        code: CZJ-2025-001
        name: 财政票据管理
        year: 2025
        department: CZJ
        evaluations:
          - {kind: 复核一丟评价, evaluator: 甲事务所, score: 95, grade: 优, published: 2026-05-01, report: 报告。}
          - {kind: 复核丁一评价, evaluator: 乙事务所, score: 85, grade: 良, published: 2026-05-01, report: 报告。}
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let year = try #require(fs.text("public/grades/2025/index.html"))
        let ids = year.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count, "\(ids.sorted())")
        for kind in ["复核一丟评价", "复核丁一评价"] {
            let heading = try #require(year.components(separatedBy: "<h2 id=\"").first { $0.contains("\">\(kind)</h2>") })
            let id = String(heading.prefix { $0 != "\"" })
            #expect(year.contains("aria-labelledby=\"\(id)\""), "\(kind)")
        }
    }

    @Test func gradePagesCountEachProjectsBudgetOnceAndNoScoreAsNone() throws {
        var site = SiteFixture()
        site["content/projects/2025/CZJ-2025-001.md"] = """
        ---
        code: CZJ-2025-001
        name: 财政票据管理
        year: 2025
        department: CZJ
        funding:
          unit: 万元
          lines:
            - {source: 财政拨款, budget: 50, spent: 50}
        self_evaluation:
          published: 2026-03-20
          total_score: 92
        evaluations:
          - {kind: 第三方评价, evaluator: 某会计师事务所, score: 95, published: 2026-05-01, report: 报告。}
          - {kind: 部门评价, evaluator: 青川市财政局, grade: 良, published: 2026-05-01, report: 报告。}
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        // Graded 优 twice (self-evaluation and third party): one project, one budget.
        let you = try #require(fs.text("public/grades/2025/you/index.html"))
        #expect(you.contains("共 2 个评价结果，涉及 1 个项目，全年预算 50.00 万元。"), "\(you)")
        let year = try #require(fs.text("public/grades/2025/index.html"))
        // The 部门评价 gave a grade without a score: no average of 0.
        #expect(year.contains("<h2 id=\"type-department\">部门评价</h2>\n<p>共 1 个项目，得分均未公开。</p>"), "\(year)")
        #expect(year.contains("<a href=\"../../grades/2025/liang/\">良</a></th><td class=\"num\">1</td><td class=\"num\">100.0%</td><td class=\"num\">50.00</td><td class=\"num\">—</td>"))
        // A group whose rows are unscored shows —, not 0.
        var unscored = SiteFixture()
        unscored.edit(Self.project, replacing: "              score: 50\n", with: "")
        unscored.edit(Self.project, replacing: "total_score: 59.58", with: "total_score: 9.58")
        let (built, files) = unscored.build()
        #expect(built.succeeded, "\(built.rendered)")
        let page = try #require(files.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("<th scope=\"row\">产出指标</th><td class=\"num\">90</td><td class=\"num\">—</td><td class=\"num\">—</td>"), "\(page)")
    }

    /// An average of the published scores beside a grade whose score is not published: 教育局 showed 差 1,
    /// 良 1 and an average of 90 (the 良's score not in it), which reads as an arithmetic error. The average now
    /// says how many scores it counts, in the tables and the sentence (the chart's bar label has no room: the table
    /// beside it gives the count).
    @Test func anAverageSaysHowManyScoresItCounts() throws {
        var site = SiteFixture()
        site["content/projects/2025/JYJ-2025-002.md"] = """
        ---
        code: JYJ-2025-002
        name: 校园安全设施
        year: 2025
        department: JYJ
        self_evaluation:
          published: 2026-03-20
          total_score: 90
          grade: 优
        ---
        """
        site["content/projects/2025/JYJ-2025-003.md"] = """
        ---
        code: JYJ-2025-003
        name: 教师培训
        year: 2025
        department: JYJ
        targets:
          published: 2025-02-18
          goal: 培训教师。
          indicators:
            - name: 产出指标
              weight: 90
              children:
                - name: 数量指标
                  children:
                    - {name: 培训人数, target: ≥500人, basis: 计划, actual: 520人, weight: 50, score: 50}
                    - {name: 专项培训人数, target: ≥10人, basis: 计划, actual: 10人, weight: 40, score: 32, disclosure: 涉密}
        self_evaluation:
          published: 2026-03-20
          execution_score: 0
          total_score: 82
          grade: 良
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let year = try #require(fs.text("public/grades/2025/index.html"))
        // Three self-evaluations, two published scores (59.58 and 90; the 良's total would give its classified row away): 74.79 of two.
        #expect(year.contains("<p>共 3 个项目，平均得分 74.79 分（其中 2 个项目公开了得分，平均得分按公开的得分计算）。</p>"), "\(year)")
        #expect(year.contains("<td class=\"num\">74.79（公开得分的 2 项）</td></tr>"), "\(year)")
        // A grade whose every result is scored, and the 良 row of no score, stay as they were.
        #expect(year.contains("<td class=\"num\">90</td></tr>") && year.contains("<td class=\"num\">—</td></tr>"), "\(year)")
    }

    /// A project kept in 元 counts in 万元 totals: 12,345,678.90 元 is 1,234.56789 万元, which the pages
    /// showed with all its digits instead of the two decimals a 万元 table has.
    @Test func totalsInWanShowTwoDecimals() throws {
        var site = SiteFixture()
        site["content/projects/2025/CZJ-2025-001.md"] = """
        ---
        code: CZJ-2025-001
        name: 财政票据管理
        year: 2025
        department: CZJ
        funding:
          unit: 元
          lines:
            - {source: 财政拨款, budget: 12345678.90, spent: 12000000}
        self_evaluation:
          published: 2026-03-20
          total_score: 92
        ---
        """
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        // 1,250.50 万元 + 1,234.56789 万元
        #expect(try #require(fs.text("public/years/2025/index.html")).contains("全年预算数合计 2,485.07 万元"))
        #expect(try #require(fs.text("public/index.html")).contains("预算 2,485.07 万元"))
        let department = try #require(fs.text("public/departments/czj/index.html"))
        #expect(department.contains("全年预算数合计 1,234.57 万元") && department.contains("12,345,678.90 元"), "\(department)")
        let grade = try #require(fs.text("public/grades/2025/you/index.html"))
        #expect(grade.contains("全年预算 1,234.57 万元") && !grade.contains("1,234.56789"), "\(grade)")
    }

    @Test func projectPagesShowTheBreakdownAndHistory() throws {
        var site = SiteFixture()
        var earlier = site[Self.project]!
        earlier = earlier.replacingOccurrences(of: "year: 2025", with: "year: 2024").replacingOccurrences(of: "code: JYJ-2025-001", with: "code: JYJ-001")
        site.edit(Self.project, replacing: "code: JYJ-2025-001", with: "code: JYJ-001")
        site["content/projects/2024/JYJ-001.md"] = earlier
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-001/index.html"))
        #expect(page.contains("<tr><th scope=\"row\">产出指标</th><td class=\"num\">90</td><td class=\"num\">50</td><td class=\"num\">55.6%</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">预算执行率</th><td class=\"num\">10</td><td class=\"num\">9.58</td><td class=\"num\">95.8%</td></tr>"))
        #expect(page.contains("历年情况") && page.contains("<a href=\"../../../projects/2024/jyj-001/\">"))
        #expect(try #require(fs.text("public/projects/2024/jyj-001/index.html")).contains("<a href=\"../../../projects/2025/jyj-001/\">"))
    }

    @Test func monitoringWarnsBeyondTheThreshold() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "  grade: 差\n", with: """
          grade: 差
        monitoring:
          - {date: 2025-05-31, planned_rate: 40%, actual_rate: 30%, progress: 进度甲}
          - {date: 2025-09-30, planned_rate: 75%, actual_rate: 64.9%, progress: 进度乙}

        """)
        let (_, fs) = site.build()
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.components(separatedBy: "<strong>⚠ 预警</strong>：").count == 2)   // only the 10.1-point lag
        #expect(page.contains("2025年9月30日监控时点实际执行率落后计划 10.1 个百分点"))
        #expect(page.contains("<td>落后 10 个百分点</td><td>进度甲</td><td></td><td>正常</td>"))
        site["gongkai.yaml"]! += "\nscoring: {monitoring_threshold: 5}"
        let (_, strict) = site.build()
        #expect(try #require(strict.text("public/projects/2025/jyj-2025-001/index.html")).components(separatedBy: "<strong>⚠ 预警</strong>：").count == 3)
    }

    /// 绩效运行监控 happens during the fiscal year: a checkpoint dated in another year is a mistyped date.
    @Test func aCheckpointOutsideTheFiscalYearIsAnError() {
        let report = diagnostics([("  grade: 差\n", "  grade: 差\nmonitoring:\n  - {date: 2025-05-31, planned_rate: 40%, actual_rate: 41%}\n  - {date: 2024-09-30, planned_rate: 75%, actual_rate: 70%}\n  - {date: 2026-01, planned_rate: 100%, actual_rate: 96%}\n")])
        #expect(report.diagnostics.map(\.code) == [.invalidValue, .invalidValue], "\(report.rendered)")
        #expect(report.diagnostics.map(\.location.line) == [36, 37])
        #expect(report.diagnostics.first?.message.contains("2025年度") == true)
        #expect(diagnostics([("  grade: 差\n", "  grade: 差\nmonitoring:\n  - {date: 2025-12-31, planned_rate: 100%, actual_rate: 96%}\n  - {date: 2025年1月, planned_rate: 5%, actual_rate: 6%}\n")]).diagnostics.isEmpty)
    }

    /// 绩效目标调整 goes through the budget-adjustment procedure, within the fiscal year. One dated after it
    /// (2026-02-10 for 2025, once the results are known) was taken as the target in force: the page showed it
    /// as adjusted and the achievement checks (GK410, GK419) judged the result against it.
    @Test func aTargetAdjustedOutsideTheFiscalYearIsAnError() {
        let late = diagnostics([("              basis: 学籍统计\n", "              basis: 学籍统计\n              adjustment: {target: ≥50000人, date: 2026-02-10, reason: 事后调减}\n")])
        #expect(late.diagnostics.map(\.code) == [.invalidValue], "\(late.rendered)")
        let d = late.first(.invalidValue)
        #expect(d?.location.line == 26 && d?.message.contains("2025年度") == true, "\(late.rendered)")
        #expect(diagnostics([("              basis: 学籍统计\n", "              basis: 学籍统计\n              adjustment: {target: ≥50000人, date: 2025-08-20, reason: 政策调整}\n")]).diagnostics.isEmpty)
    }

    /// A spreadsheet shows 75 % as 0.75 when the cell lost its format; read as a percentage it is 0.75 %.
    @Test func aBareRateFromZeroToOneIsRefused() {
        let report = diagnostics([("  grade: 差\n", "  grade: 差\nmonitoring:\n  - {date: 2025-09-30, planned_rate: 0.75, actual_rate: 1}\n")])
        #expect(report.diagnostics.map(\.code) == [.malformedNumber, .malformedNumber], "\(report.rendered)")
        #expect(report.diagnostics.map { [$0.location.line, $0.location.column] } == [[35, 38], [35, 57]])
        #expect(report.diagnostics.first?.message.contains("75%") == true)
        // With the sign, or as a whole percentage, it is read.
        #expect(diagnostics([("  grade: 差\n", "  grade: 差\nmonitoring:\n  - {date: 2025-09-30, planned_rate: 0.75%, actual_rate: 1%}\n  - {date: 2025-11-30, planned_rate: 75, actual_rate: 0, measures: 督办}\n")]).diagnostics.isEmpty)
    }

    /// 0.96 against ≥95%: met as 96 %, far from it as 0.96 %. The row is not judged either way.
    @Test func aBareShareAgainstAPercentTargetIsWarnedNotJudged() {
        expectOnly(.percentWithoutSign, at: 26, 23, [("target: ≥52000人", "target: ≥95%"), ("actual: 53126人", "actual: 0.96"), ("score: 50", "score: 90"),
                                                    ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")],
                   severity: .warning, contains: "96%")
        #expect(diagnostics([("target: ≥52000人", "target: ≥95%"), ("actual: 53126人", "actual: 96%"), ("score: 50", "score: 90"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.isEmpty)
        // A target under 1 % is written in the same scale as its result.
        #expect(diagnostics([("target: ≥52000人", "target: ≤0.5%"), ("actual: 53126人", "actual: 0.3"), ("score: 50", "score: 90"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")]).diagnostics.isEmpty)
    }

    @Test func overdueRectificationIsFlagged() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\nas_of: 2026-01-15"
        site.edit(Self.project, replacing: "  grade: 差\n", with: """
          grade: 差
        rectifications:
          - {problem: 问题甲, measure: 措施甲, responsible: 计财科, deadline: 2025-12-31, status: 整改中, source: 财政重点评价}
          - {problem: 问题乙, responsible: 计财科, deadline: 2026-01-15, status: 未整改}
          - {problem: 问题丙, deadline: 2025-06-30, status: 已完成, completed: 2025-06-20}

        """)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("有 1 项整改事项超过整改期限未完成"))
        let rows = page.components(separatedBy: "<tr").filter { $0.contains("<th scope=\"row\">问题") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("⚠ 逾期") && !rows[1].contains("⚠ 逾期") && !rows[2].contains("⚠ 逾期"))
        #expect(page.contains("整改状态截至 <time datetime=\"2026-01-15\">"))
    }

    @Test func aBadRectificationStatusIsAnError() {
        let report = diagnostics([("  grade: 差\n", "  grade: 差\nrectifications:\n  - {problem: 问题, deadline: 2025-12-31, status: 差不多了}\n")])
        #expect(report.first(.invalidValue)?.location.line == 35)
    }
}
