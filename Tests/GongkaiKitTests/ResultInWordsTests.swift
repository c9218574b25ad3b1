import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Results written in words, as 自评表 cells are (found by the input red-team, round forty-three): a number with words
/// around it (`完成49个`, `49个，未达标`), a unit spelled another way (天/日, 公里/km, 小时/天), and a result that says it
/// fell short (`未达标`, `尚未启动`) were a full score for an unmet target with nothing said.
@Suite("Results written in words")
struct ResultInWordsTests {
    let scoring = ScoringTests()

    /// The fixture's row given `target` and `actual` at full marks (with a deviation note, so only GK410/GK411 speak).
    func fullMarks(_ target: String, _ actual: String) -> BuildReport {
        scoring.diagnostics([("target: ≥52000人", "target: \(target)"), ("actual: 53126人", "actual: \(actual)"),
                             ("score: 50", "score: 90\n              deviation: \(ScoringTests.deviation)"),
                             ("total_score: 59.58", "total_score: 99.58"), ("grade: 差", "grade: 优")])
    }

    @Test(arguments: [
        ("≥50个", "完成49个"), ("≥50个", "49个，未达标"), ("≥50个", "约49个"), ("≥50个", "实际完成 49 个"), ("≥50个", "计划50个，实际完成49个"),
        ("≥50个", "完成49"), ("≤30天", "35日"), ("≤30日", "用时35天"), ("≥100公里", "98km"), ("≤24小时", "2天"), ("≥95%", "完成率94.5%"),
        ("≥10吨", "9500公斤"), ("≥50", "完成49个"),
    ])
    func anUnmetNumberInWordsIsNamed(_ target: String, _ actual: String) {
        let report = fullMarks(target, actual)
        #expect(report.diagnostics.map(\.code) == [.fullScoreForUnmetTarget], "\(target) / \(actual): \(report.rendered)")
    }

    @Test(arguments: [
        ("≥50个", "完成52个"), ("≥50个", "52个，已达标"), ("≤30天", "28日"), ("≥100公里", "102km"), ("≤24小时", "1天"), ("≥10吨", "10500公斤"),
        ("≥50个", "计划50个，实际完成52个"), ("≥95%", "完成率96%"),
    ])
    func aMetNumberInWordsIsQuiet(_ target: String, _ actual: String) {
        let report = fullMarks(target, actual)
        #expect(report.diagnostics.isEmpty, "\(target) / \(actual): \(report.rendered)")
    }

    /// Words that say the result fell short, against a number or qualitative target, at full marks: GK411.
    @Test(arguments: ["未达标", "未达预期", "尚未启动", "未能按期完成", "项目尚未开工", "未通过验收"])
    func wordsOfAShortfallAreNotAchieved(_ actual: String) {
        let report = fullMarks("按期完成", actual)
        #expect(report.diagnostics.map(\.code) == [.scoreOutsideAchievementBand], "\(actual): \(report.rendered)")
        // Against a number, GK423 asks for the number too.
        let counted = fullMarks("≥50个", actual)
        #expect(counted.diagnostics.map(\.code) == [.actualMissing, .scoreOutsideAchievementBand], "\(actual): \(counted.rendered)")
    }

    /// Words that only mention a shortfall's absence stay achieved.
    @Test(arguments: ["已完成，未发现问题", "按期完成", "达到预期"])
    func wordsOfSuccessStayQuiet(_ actual: String) {
        let report = fullMarks("按期完成", actual)
        #expect(report.diagnostics.isEmpty, "\(actual): \(report.rendered)")
    }
}
