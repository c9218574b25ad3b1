import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Attacks on the heuristics relaxed to stop false alarms on real documents (pandoc's style divs, definitions and
/// denials, a form's 涉密：否, comments about secrecy work, a guide's headings): each exemption read as a careless or
/// malicious clerk would use it, to publish a withheld passage with no word.
@Suite("Attacks on the relaxed heuristics")
struct ExemptionAttackTests {
    static let secret = "北山坑道口径十二米，部署于青峰。"

    /// The leak audit's own reading of the bytes is the backstop for a passage the loader wrongly takes for public. It
    /// failed when the passage's words were also a withheld item's — a classified project's goal copied into a styled
    /// paragraph of the department's report: the ledger's fingerprint was whitelisted by the very passage the loader
    /// published, the raw reading's same fragment was dropped as already known, and the project's YAML header (outside
    /// every fence, for a reading that knows no YAML) whitelisted it again.
    @Test func aPassageTheLoaderPublishedIsCaughtThoughAWithheldProjectSaysTheSame() throws {
        let project = "content/projects/2025/JYJ-2025-009.md"
        let page = "content/pages/zhengce/zhengti.md"
        let fs = MemoryFileSystem([
            project: "---\ncode: JYJ-2025-009\nname: 青锋工程\ndisclosure: 涉密\ntargets:\n  goal: \(Self.secret)\n---\n",
            page: "---\ntitle: 部门整体绩效自评报告\n---\n部门整体情况。\n\n::: 涉密\n\(Self.secret)\n:::\n",
        ])
        let goal = WithheldItem(kind: "年度总体目标", title: "青锋工程", disclosure: Disclosure(level: .classified), level: .classified,
                                location: SourceLocation(file: project, line: 6), texts: [Self.secret])
        // A loader that took the fenced passage for public: its words are in the public texts.
        let audit = LeakAudit(withheld: [goal], publicTexts: ["部门整体情况。\n\n\(Self.secret)"],
                              raw: .init(fileSystem: fs, files: [SourceFile(path: project, display: project), SourceFile(path: page, display: page)]))
        let hits = audit.check(OutputFileBytes(path: "pages/zhengce/zhengti/index.html", data: Data("<p>部门整体情况。</p><p>\(Self.secret)</p>".utf8)))
        #expect(!hits.isEmpty && hits.allSatisfy { $0.code == .leak })
        // The words public in the page's body, outside every fence, stay public: no false alarm.
        let plain = LeakAudit(withheld: [goal], publicTexts: ["部门整体情况。"],
                              raw: .init(fileSystem: MemoryFileSystem([project: fs.text(project)!, page: "---\ntitle: x\n---\n部门整体情况。\n\n::: 涉密\n部门整体情况。\n:::\n"]),
                                         files: [SourceFile(path: project, display: project), SourceFile(path: page, display: page)]))
        #expect(plain.check(OutputFileBytes(path: "x.html", data: Data("<p>部门整体情况。</p>".utf8))).isEmpty)
    }
}

extension ExemptionAttackTests {
    /// A pandoc div whose class or Word style is the limited or on-request level (`::: {.limited}` is how pandoc itself
    /// writes `::: limited`; `{custom-style="在一定范围内公开"}` a Word style named for the level) was a public passage: the
    /// loader published it, and only the audit's raw reading stopped the build (GK900), when the passage had a fragment long
    /// enough to fingerprint. It is an unknown level (GK140), withheld, as `{.confidential}` is.
    @Test(arguments: ["::: {.limited}", "::: {.on-request}", "::: {custom-style=\"在一定范围内公开\"}", "::: {custom-style=\"有限公开\"}",
                      "::: {custom-style=\"Body Text\" .limited}"])
    func aStyleDivNamingTheLimitedOrOnRequestLevelIsWithheld(_ fence: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(fence)\n北山12米。\n:::\n\n公开的结尾。")
        let report = site.check()
        #expect(report.diagnostics.contains { $0.code == .passageFence }, "\(fence): \(report.rendered)")
        #expect(!FailClosedTests.disclosedText(site).contains("北山12米"), "\(fence)")
    }
}

extension ExemptionAttackTests {
    /// A note leaving classified items out (`注：以下数据不含涉密项目`) denies the ground for what it names only: a note that says
    /// the passage is classified and then excludes something, or tells who may not read it, is still a note — GK123, since
    /// the passage after it would be published. (Before, any 不含涉密, 删除涉密 or 非涉密 anywhere in the line denied the whole.)
    @Test(arguments: [
        "以下为涉密内容，公开前须删除涉密部分",
        "以下内容涉密（不含涉密附件）",
        "以下为涉密内容（已删除涉密附件）",
        "注：以下内容涉密，未含涉密载体",
        "以下内容涉密，非涉密人员不得查阅",
    ])
    func aNoteThatExcludesSomethingIsStillANote(_ note: String) throws {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(note)\n\n\(Self.secret)\n\n公开的结尾。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(note): \(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: note, in: site), "\(report.rendered)")
    }

    /// The denials themselves stay text, as real documents write them.
    @Test(arguments: ["注：以下数据不含涉密项目", "以下统计数据不包括涉密项目", "以下为删减版（已删除涉密内容）", "以下为非涉密人员培训情况"])
    func aDenialStaysText(_ line: String) {
        let report = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。").check()
        #expect(report.succeeded, "\(line): \(report.rendered)")
    }
}
