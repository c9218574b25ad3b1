import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// `plain_text:` — a clerk confirming that a sentence GK123 read as a withholding note is the document's own words (an
/// official guide's `以下信息不予公开：`, which cannot be reworded). It clears that quote in its own file only, never a mark
/// itself or a comment, and an entry that clears nothing is GK127.
@Suite("Sentences confirmed as text")
struct ConfirmedTextTests {
    static let guideLine = "以下信息不予公开：涉及国家秘密的；涉及商业秘密的。"

    static func site(confirming entries: String, narrative: String) -> SiteFixture {
        var site = FailClosedTests.site(narrative: narrative)
        site.edit(FailClosedTests.project, replacing: "name: 学生营养改善计划", with: "name: 学生营养改善计划\nplain_text: \(entries)")
        return site
    }

    @Test func aConfirmedSentenceIsPublishedAsText() throws {
        // Unconfirmed, the guide's sentence is GK123, and the message says how to confirm it.
        let plain = FailClosedTests.site(narrative: "公开的开头。\n\n\(Self.guideLine)\n\n公开的结尾。").check()
        let error = try #require(plain.first(.unknownDisclosureLevel), "\(plain.rendered)")
        #expect(error.message.contains("plain_text: [以下信息不予公开]"), "\(error.message)")

        let site = Self.site(confirming: "[以下信息不予公开]", narrative: "公开的开头。\n\n\(Self.guideLine)\n\n公开的结尾。")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel || $0.code == .confirmedTextUnused }, "\(report.rendered)")
        #expect(FailClosedTests.everything(fs).contains("涉及商业秘密的"))
    }

    /// A file saved by Windows Notepad (CRLF line ends), with a full-width colon and a full-width space inside the words (read
    /// as the page shows them, `以下信息不予公开`): the entry matches its quote. Another note of the same file stays GK123, and
    /// the entry that matched nothing there is GK127.
    @Test func aWindowsFileIsConfirmedAsWritten() throws {
        var site = Self.site(confirming: "[以下信息不予公开]", narrative: "公开的开头。\n\n以下信息　不予公开：涉及国家秘密的。\n\n公开的结尾。")
        site.files[FailClosedTests.project] = site.files[FailClosedTests.project]!.replacingOccurrences(of: "\n", with: "\r\n")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel || $0.code == .confirmedTextUnused }, "\(report.rendered)")

        var other = Self.site(confirming: "[以下信息不予公开]", narrative: "公开的开头。\n\n以下内容不予公开：青峰指挥所位于北山坑道。\n\n公开的结尾。")
        other.files[FailClosedTests.project] = other.files[FailClosedTests.project]!.replacingOccurrences(of: "\n", with: "\r\n")
        let refused = other.check()
        #expect(refused.first(.unknownDisclosureLevel) != nil, "\(refused.rendered)")
        #expect(refused.first(.confirmedTextUnused) != nil, "\(refused.rendered)")
    }

    /// A third party's evaluation report quoted in `report: |` takes the file's confirmation too.
    @Test func aConfirmedSentenceInAReportFieldIsText() throws {
        var site = Self.site(confirming: "[以下信息不予公开]", narrative: "公开的开头。")
        site.edit(FailClosedTests.project, replacing: "  grade: 差\n",
                  with: "  grade: 差\nevaluations:\n  - kind: 财政重点评价\n    published: 2026-05-20\n    score: 88\n    report: |\n      评价报告正文。\n\n      \(Self.guideLine)\n")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel || $0.code == .confirmedTextUnused }, "\(report.rendered)")
        // Without the confirmation, the same field is GK123.
        site.edit(FailClosedTests.project, replacing: "plain_text: [以下信息不予公开]\n", with: "")
        #expect(site.check().first(.unknownDisclosureLevel)?.location.line == FailClosedTests.line(of: Self.guideLine, in: site))
    }

    /// A mark itself, a comment and a note the entry does not quote stay GK123; the entries that cleared nothing are GK127
    /// at their own line, and the mark's message offers no confirmation.
    @Test(arguments: [("【涉密】", "【涉密】"), ("（内部）", "（内部）"), ("秘密★1年", "秘密★1年"), ("<!-- 以下内容涉密 -->", "以下内容涉密"),
                      ("以下内容涉密：青峰指挥所位于北山坑道。", "以下内容涉")])
    func aMarkOrAnotherNoteIsNotCleared(_ line: String, _ entry: String) throws {
        let site = Self.site(confirming: "[\"\(entry)\"]", narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        let error = try #require(report.first(.unknownDisclosureLevel), "\(line): \(report.rendered)")
        // The line after the opening paragraph and its blank line (the entry may hold the same words).
        #expect(error.location.line == FailClosedTests.line(of: "公开的开头。", in: site).map { $0 + 2 })
        let unused = try #require(report.first(.confirmedTextUnused), "\(line): \(report.rendered)")
        #expect(unused.location.line == FailClosedTests.line(of: "plain_text:", in: site))
        #expect(!report.succeeded)
        if entry == line { #expect(!error.message.contains("plain_text"), "\(error.message)") }
    }

    /// An entry confirms sentences in its own file only: another page's identical note is still GK123.
    @Test func anEntryHoldsForItsOwnFileOnly() throws {
        var site = Self.site(confirming: "[以下信息不予公开]", narrative: "公开的开头。\n\n\(Self.guideLine)\n\n公开的结尾。")
        site.files["content/pages/zhinan.md"] = "---\ntitle: 公开指南\ndate: 2025-01-02\n---\n公开的开头。\n\n\(Self.guideLine)\n"
        let report = site.check()
        let error = try #require(report.first(.unknownDisclosureLevel), "\(report.rendered)")
        #expect(error.location.file == "content/pages/zhinan.md")
        #expect(report.diagnostics.filter { $0.code == .unknownDisclosureLevel }.count == 1, "\(report.rendered)")
    }

    /// An empty or non-text entry is an error at the entry, as any field of the wrong type is.
    @Test func aNonTextEntryIsAnError() throws {
        let report = Self.site(confirming: "[{a: 1}]", narrative: "公开的开头。").check()
        #expect(report.first(.wrongType)?.message.contains("plain_text") == true, "\(report.rendered)")
    }
}
