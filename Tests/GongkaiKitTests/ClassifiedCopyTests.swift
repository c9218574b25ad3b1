import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A classified (涉密) item's words copied into public prose: a clerk pastes the project's name and goal into a notice, a
/// page's title or summary, another project's narrative. The audit used to take any public text that says the same words
/// for a second, public source of them, so the copy approved itself and was published. Public data (another year's public
/// project of the same name) still makes the words public; prose does not.
@Suite("Classified words copied into public prose")
struct ClassifiedCopyTests {
    static let name = "北山坑道加固工程"
    static let goal = "完成青锋七号坑道口部加固"
    static let classified = "content/projects/2025/JYJ-2025-009.md"
    static let page = "content/pages/zhengce/banfa.md"

    /// The fixture with a classified project beside the public one, made from its file as clerks do: the narrative
    /// (项目说明正文。), its indicators and bases are the public project's words.
    static func site() -> SiteFixture {
        var site = SiteFixture()
        site[classified] = site[FailClosedTests.project]!
            .replacingOccurrences(of: "code: JYJ-2025-001", with: "code: JYJ-2025-009\ndisclosure: 涉密")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: \(name)")
            .replacingOccurrences(of: "goal: 保障学生营养餐供应。", with: "goal: \(goal)。")
        return site
    }

    @Test(arguments: [
        (page, "第一条　为了加强预算绩效管理，制定本办法。", "第一条　为了加强预算绩效管理，制定本办法。\n\n\(name)已于年内开工，\(goal)。"),
        (page, "title: 测试市预算绩效管理办法", "title: \(name)"),
        (page, "category: 政策文件", "category: 政策文件\nsummary: \(goal)"),
        (FailClosedTests.project, FailClosedTests.narrative, "本项目与\(name)同期实施。"),
        ("content/organisations.yaml", "intro: 主管全市教育工作。", "intro: 主管全市教育工作，承担\(name)。"),
        ("gongkai.yaml", "title: 测试市预算绩效信息公开平台", "title: 测试市预算绩效信息公开平台（含\(name)）"),

    ])
    func aCopyIntoPublicProseFailsTheBuild(_ file: String, _ old: String, _ new: String) throws {
        var site = Self.site()
        site.edit(file, replacing: old, with: new)
        let (report, fs) = site.build()
        let leak = try #require(report.diagnostics.first { $0.code == .leak }, "\(report.rendered)")
        #expect(leak.location.file == Self.classified, "\(report.rendered)")
        #expect(leak.message.contains("抄进公开正文"), "\(leak.message)")
        #expect(!report.succeeded)
        #expect(fs.outputTexts().isEmpty, "nothing is published")
    }

    /// A classified page's title is its name, like a project's: a public page that says it is a copy.
    @Test func aClassifiedPagesTitleCopiedIntoAPublicPageFailsTheBuild() throws {
        var site = SiteFixture()
        site["content/pages/tongzhi/qingfeng.md"] = "---\ntitle: 关于青锋七号工程部署的通知\ndate: 2025-03-01\ncategory: 通知公告\ndisclosure: 涉密\n---\n部署事项另行通知。\n"
        site.edit(Self.page, replacing: "制定本办法。", with: "制定本办法。参照《关于青锋七号工程部署的通知》执行。")
        let (report, _) = site.build()
        let leak = try #require(report.diagnostics.first { $0.code == .leak }, "\(report.rendered)")
        #expect(leak.location.file == "content/pages/tongzhi/qingfeng.md" && leak.message.contains("抄进公开正文"), "\(report.rendered)")
        site.edit(Self.page, replacing: "参照《关于青锋七号工程部署的通知》执行。", with: "")
        #expect(site.build().0.succeeded)
    }

    /// A passage fenced as classified (`::: 涉密`) holds words the clerk marked themselves: copied into another page, or left
    /// in the same page's public text, they are a leak. The public project's narrative (项目说明正文。), which the
    /// classified project inherits, stays public.
    @Test(arguments: [page, FailClosedTests.project])
    func aFencedClassifiedPassageCopiedIntoPublicProseFailsTheBuild(_ copiedInto: String) throws {
        var site = Self.site()
        site.edit(Self.classified, replacing: FailClosedTests.narrative, with: "项目说明正文。\n\n::: 涉密\n青锋七号部署于北山东侧\n:::")
        let old = copiedInto == Self.page ? "制定本办法。" : FailClosedTests.narrative
        site.edit(copiedInto, replacing: old, with: old + "\n\n青锋七号部署于北山东侧。")
        let (report, _) = site.build()
        let leak = try #require(report.diagnostics.first { $0.code == .leak }, "\(report.rendered)")
        #expect(leak.location.file == Self.classified && leak.message.contains("抄进公开正文"), "\(report.rendered)")
    }

    /// The same name public in data (the project's public item of another year) is public: the page may say it.
    @Test func aNamePublicInDataStaysPublic() {
        var site = Self.site()
        site.edit(Self.page, replacing: "第一条　为了加强预算绩效管理，制定本办法。", with: "第一条　\(Self.name)按计划实施。")
        site["content/projects/2024/JYJ-2024-009.md"] = site["content/projects/2025/JYJ-2025-001.md"]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2024-009")
            .replacingOccurrences(of: "year: 2025", with: "year: 2024")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: \(Self.name)")
            .replacingOccurrences(of: "2025-02-18", with: "2024-02-18").replacingOccurrences(of: "2026-03-20", with: "2025-03-20")
        let (report, fs) = site.build()
        #expect(!report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("\(Self.name)按计划实施") }, "\(report.rendered)")
    }

    /// Without the copy the site builds, the classified project withheld: the rule adds no alarm of its own, also not
    /// for the prose the classified project shares with the public one it was made from.
    @Test func theSiteWithoutACopyBuilds() {
        let (report, fs) = Self.site().build()
        #expect(!report.diagnostics.contains { $0.severity == .error }, "\(report.rendered)")
        #expect(!fs.outputTexts().values.contains { $0.contains(Self.name) || $0.contains(Self.goal) })
    }

    /// A comment is withheld like a classified text, but it is the clerk's note about the passage it sits in, and often
    /// repeats its words: those stay public where the passage says them.
    @Test func aCommentRepeatingItsPassageIsNoCopy() {
        var site = Self.site()
        site.edit(FailClosedTests.project, replacing: FailClosedTests.narrative,
                  with: "营养餐覆盖全部农村学校。<!-- 营养餐覆盖全部农村学校 待教育局复核 -->")
        let (report, _) = site.build()
        #expect(!report.diagnostics.contains { $0.code == .leak }, "\(report.rendered)")
    }
}

/// The audit's error for a copy stands at the classified item; the clerk also needs the place the words were pasted.
@Suite("Where a classified item's words were copied")
struct ClassifiedCopyPlaceTests {
    @Test(arguments: [
        (ClassifiedCopyTests.page, "第一条　为了加强预算绩效管理，制定本办法。", "第一条　为了加强预算绩效管理，制定本办法。\n\n今年\(ClassifiedCopyTests.name)已开工。"),
        (FailClosedTests.project, FailClosedTests.narrative, "项目说明正文。\n\n本项目与\(ClassifiedCopyTests.name)同期实施。"),
    ])
    func theCopyIsNamedAtItsLineInThePagesFile(_ file: String, _ old: String, _ new: String) throws {
        var site = ClassifiedCopyTests.site()
        site.edit(file, replacing: old, with: new)
        let (report, _) = site.build(showWithheld: true)
        let places = report.diagnostics.filter { $0.code == .copiedWithheld }
        let place = try #require(places.first, "\(report.rendered)")
        #expect(places.count == 1, "one place, however many output files say it: \(report.rendered)")
        let lines = site[file]!.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains(ClassifiedCopyTests.name) }) + 1
        let column = lines[line - 1].components(separatedBy: ClassifiedCopyTests.name)[0].count + 1
        #expect(place.location.file == file && place.location.line == line && place.location.column == column, "\(place)")
        #expect(place.message.contains(ClassifiedCopyTests.classified), "names the classified item's file: \(place.message)")
        // The audit's own error still stands at the classified item.
        #expect(report.diagnostics.contains { $0.code == .leak && $0.location.file == ClassifiedCopyTests.classified })
        // Redacted by default, as every quote of a leak is.
        let (quiet, _) = site.build()
        let redacted = try #require(quiet.diagnostics.first { $0.code == .copiedWithheld })
        #expect(!redacted.message.contains(ClassifiedCopyTests.name) && redacted.location == place.location, "\(redacted.message)")
    }

    /// A leak that is no copy (a disclose bug publishing a withheld row) has no place of its own to name.
    @Test func aLeakThatIsNoCopyGetsNoPlace() throws {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.page, replacing: "制定本办法。", with: "制定本办法。\n\n<!-- \(ClassifiedCopyTests.name) -->")
        let (report, _) = site.build()
        #expect(!report.diagnostics.contains { $0.code == .copiedWithheld }, "\(report.rendered)")
    }
}
