import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// YAML takes ` #` for a comment's start: `problems: 一是…偏低 #2 监测点数据缺失；二是…` publishes 一是…偏低 and drops the rest,
/// the second problem with it, without a word. A `#` after a space and straight before a word (`#2`, `#3号楼`) in a plain
/// text is named (GK107, a warning) at the `#`; a note written as one (`# 说明`, a space after the `#`) and a `#` inside a
/// quoted or block text are not.
@Suite struct CommentCutTextTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    @Test(arguments: [
        ("grade: 差", "grade: 差\n  problems: 一是监测数据偏低 #2 监测点数据缺失；二是家长参与不足。"),
        ("goal: 保障学生营养餐供应。", "goal: 保障学生营养餐供应，完成 #3号楼食堂改造。"),
    ])
    func aHashBeforeAWordInAPlainTextIsNamed(_ old: String, _ new: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: old, with: new)
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warning = try #require(report.diagnostics.first { $0.code == .commentCutsText }, "\(report.rendered)")
        let lines = site[Self.project]!.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains(" #") }) + 1
        #expect(warning.severity == .warning && warning.location.file == Self.project && warning.location.line == line
                && warning.location.column == lines[line - 1].components(separatedBy: " #")[0].count + 2, "\(warning)")
        #expect(warning.message.contains("引号"), "\(warning.message)")
        // What YAML read is what the page shows: the words after the `#` are not on it.
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(!page.contains("监测点数据缺失") && !page.contains("号楼食堂改造"))
    }

    @Test func notesQuotedTextsAndBlocksAreLeftAlone() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "grade: 差", with: "grade: 差  # 自评等级\n  problems: \"一是监测数据偏低 #2 监测点\"\n  measures: |\n    一是 #1 号措施；\n    ## 二")
        let (report, _) = site.build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.code == .commentCutsText }, "\(report.rendered)")
    }
}
