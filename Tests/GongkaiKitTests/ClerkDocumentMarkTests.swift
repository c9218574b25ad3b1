import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Marks as clerks' documents write them (round sixteen): spelled in the ways official documents, PDF copies and
/// Word's styles put them on the page, a level mark is read as the page shows it — an error at its line, never a
/// passage published with no word.
@Suite("Marks as clerks' documents write them")
struct ClerkDocumentMarkTests {
    static let project = FailClosedTests.project

    /// An official document spaces a two-character word out with a full-width space (`机　密★1年`, `密　级：秘密`,
    /// `（内　部）`), and a clerk types an ordinary or a no-break space for it: the page shows the level all the same.
    /// Each is GK123 at its line, as the mark written without the space is.
    @Test(arguments: [
        ("机　密★1年", "机　密"),                                      // GB/T 9704's marking, spaced as on the document
        ("密　级：秘　密", "密　级"),                                   // a level key spaced out
        ("**涉　密**", "涉　密"),                                      // a line that is only a level
        ("【涉 密】北山坑道口径十二米。", "【涉 密】"),                  // a paragraph marked at its start, ASCII space
        ("【涉\u{00A0}密】北山坑道口径十二米。", "【涉\u{00A0}密】"),    // a no-break space, as Word pastes one
        ("## 三、青锋七号工程建设情况（内　部）", "（内　部）"),          // a heading marked at its end
        ("以下为涉　密内容", "以下为涉　密内容"),                       // a note about what follows
    ])
    func aLevelSpacedOutIsStillAMark(_ line: String, _ marked: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n北山坑道口径十二米，部署于青峰。\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.succeeded, "\(line): \(report.rendered)")
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.file == Self.project && error.location.line == FailClosedTests.line(of: marked, in: site), "\(report.rendered)")
    }

    /// A name or a plain text marked so is one too: GK123 at the field, and the item withheld meanwhile.
    @Test(arguments: [
        ("name: 学生营养改善计划", "name: 学生营养改善计划（涉　密）"),
        ("goal: 保障学生营养餐供应。", "goal: 秘　密★1年 保障学生营养餐供应。"),
    ])
    func aFieldWithASpacedOutLevelIsAnError(_ old: String, _ new: String) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: old, with: new)
        let report = site.check()
        #expect(!report.succeeded, "\(new): \(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .unknownDisclosureLevel && $0.location.file == Self.project }, "\(report.rendered)")
    }

    /// Spaces between other words stay text: a heading spaced as a document's (`第一条　为了加强…`, `附　件`) and a
    /// guide naming the levels in a sentence are no marks.
    @Test func spacedWordsThatAreNoLevelStayText() {
        let site = FailClosedTests.site(narrative: "第一条　为了加强预算绩效管理，制定本办法。\n\n附　件\n\n公开方式 主动公开。\n\n依申请 公开的信息请向财政局申请。")
        let report = site.check()
        #expect(report.succeeded, "\(report.rendered)")
    }
}
