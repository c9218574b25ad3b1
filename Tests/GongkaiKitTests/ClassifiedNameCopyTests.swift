import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A classified (涉密) item's name or code copied into a public project's free text — its problems, goal, deviation
/// reason, measures, basis, a rectification. Public data used to whitelist a classified item's words, so the copy approved
/// itself and the name was published. A classified item's name and code (a project's, a department's or unit's, a
/// classified indicator's, a classified page's title) are now whitelisted only by public names, codes and labels (the
/// project public in another year, a public indicator of the same name), never by free text nor prose.
@Suite("Classified names copied into public free text")
struct ClassifiedNameCopyTests {
    static let name = ClassifiedCopyTests.name
    static let classified = ClassifiedCopyTests.classified
    static let project = FailClosedTests.project

    static func leaks(_ report: BuildReport) -> [Diagnostic] { report.diagnostics.filter { $0.code == .leak } }

    /// The public project's free-text fields, each holding `text`.
    static let fields: [(String, String)] = [
        ("grade: 差", "grade: 差\n  problems: %@。"),
        ("grade: 差", "grade: 差\n  measures: 加强%@的统筹。"),
        ("grade: 差", "grade: 差\n  goal_achieved: %@按期完成。"),
        ("goal: 保障学生营养餐供应。", "goal: 保障学生营养餐供应，%@。"),
        ("              basis: 学籍统计", "              basis: 学籍统计\n              deviation: %@。"),
        ("              basis: 学籍统计", "              basis: 学籍统计，参照%@"),
        ("              basis: 学籍统计", "              basis: 学籍统计\n              explanation: %@"),
        ("---\n项目说明正文。", "rectifications:\n  - {problem: %@, deadline: 2025-12-31, status: 整改中}\n---\n项目说明正文。"),
        ("---\n项目说明正文。", "monitoring:\n  - {date: 2025-09-30, planned_rate: 70%, actual_rate: 66.5%, progress: %@}\n---\n项目说明正文。"),
    ]

    static func copy(_ text: String, into field: Int, of site: inout SiteFixture, file: String = project) {
        let (old, new) = fields[field]
        site.edit(file, replacing: old, with: new.replacingOccurrences(of: "%@", with: text))
    }

    static func expectCopy(_ site: SiteFixture, at file: String, _ comment: Comment? = nil) throws {
        let (report, fs) = site.build()
        let leak = try #require(leaks(report).first, "\(comment.map { "\($0)" } ?? "") \(report.rendered)")
        #expect(leak.location.file == file, "\(report.rendered)")
        #expect(leak.message.contains("抄进公开正文") && leak.message.contains("名称"), "\(leak.message)")
        #expect(!report.succeeded)
        #expect(fs.outputTexts().isEmpty, "nothing is published")
    }

    /// The finding: a classified project's name (or code) in a public project's data field was published silently.
    @Test(arguments: 0..<9)
    func aClassifiedProjectsNameCopiedIntoAPublicProjectsTextFailsTheBuild(_ field: Int) throws {
        var site = ClassifiedCopyTests.site()
        Self.copy("与\(Self.name)衔接不足", into: field, of: &site)
        try Self.expectCopy(site, at: Self.classified, "field \(field)")
    }

    @Test func aClassifiedProjectsCodeCopiedIntoAPublicProjectsTextFailsTheBuild() throws {
        var site = ClassifiedCopyTests.site()
        Self.copy("与JYJ-2025-009项目衔接不足", into: 0, of: &site)
        try Self.expectCopy(site, at: Self.classified)
    }

    /// A classified indicator of a public project: its name copied into another public project's problems.
    @Test(arguments: [0, 3, 4])
    func aClassifiedIndicatorsNameCopiedIntoAnotherProjectsTextFailsTheBuild(_ field: Int) throws {
        var site = SiteFixture()
        let other = "content/projects/2025/JYJ-2025-002.md"
        site[other] = site[Self.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: 校园安全防范工程")
            .replacingOccurrences(of: "name: 受益学生人数", with: "name: 青锋营地哨位建设数量")
            .replacingOccurrences(of: "              basis: 学籍统计", with: "              basis: 学籍统计\n              disclosure: 涉密")
        #expect(site.build().0.succeeded, "the classified indicator alone builds")
        Self.copy("青锋营地哨位建设数量未达标", into: field, of: &site)
        try Self.expectCopy(site, at: other)
    }

    /// A classified department's and a classified unit's name in a public project's text.
    @Test(arguments: ["测试市国家保密局", "测试市保密技术服务中心", "测试市第一中学分校"])
    func aClassifiedOrganisationsNameCopiedIntoAPublicProjectsTextFailsTheBuild(_ organisation: String) throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "departments:\n", with: """
            departments:
              - code: BMJ
                name: 测试市国家保密局
                disclosure: 涉密
                units:
                  - code: BMJ-01
                    name: 测试市保密技术服务中心

            """)
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                  with: "        name: 测试市第一中学\n      - code: JYJ-02\n        name: 测试市第一中学分校\n        disclosure: 涉密")
        let (plain, _) = site.build()
        #expect(plain.succeeded, "\(plain.rendered)")
        Self.copy("会同\(organisation)实施", into: 1, of: &site)
        try Self.expectCopy(site, at: "content/organisations.yaml")
    }

    /// A classified page's title is its name: in a public project's basis it is a copy.
    @Test func aClassifiedPagesTitleCopiedIntoAPublicProjectsTextFailsTheBuild() throws {
        var site = SiteFixture()
        let notice = "content/pages/tongzhi/qingfeng.md"
        site[notice] = "---\ntitle: 关于青锋七号工程部署的通知\ndate: 2025-03-01\ncategory: 通知公告\ndisclosure: 涉密\n---\n部署事项另行通知。\n"
        Self.copy("《关于青锋七号工程部署的通知》", into: 5, of: &site)
        try Self.expectCopy(site, at: notice)
    }

    // MARK: No false alarm

    /// The same project public in another year: its name is public, any public text may say it.
    @Test(arguments: 0..<9)
    func aNamePublicInAnotherYearStaysPublic(_ field: Int) {
        var site = ClassifiedCopyTests.site()
        site["content/projects/2024/JYJ-2024-009.md"] = site[Self.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2024-009")
            .replacingOccurrences(of: "year: 2025", with: "year: 2024")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: \(Self.name)")
            .replacingOccurrences(of: "2025-02-18", with: "2024-02-18").replacingOccurrences(of: "2026-03-20", with: "2025-03-20")
        Self.copy("与\(Self.name)衔接不足", into: field, of: &site)
        let (report, fs) = site.build()
        #expect(Self.leaks(report).isEmpty, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("与\(Self.name)衔接不足") }, "\(report.rendered)")
    }

    /// A classified project named as a public indicator is named, or as another public project: the name is public.
    @Test(arguments: ["受益学生人数", "校园安全防范工程"])
    func aClassifiedNameThatIsAPublicNameStaysPublic(_ shared: String) {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.classified, replacing: "name: \(Self.name)", with: "name: \(shared)")
        site["content/projects/2025/JYJ-2025-002.md"] = site[Self.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: 校园安全防范工程")
        Self.copy("\(shared)较上年增加", into: 0, of: &site)
        let (report, fs) = site.build()
        #expect(Self.leaks(report).isEmpty, "\(report.rendered)")
        #expect(fs.outputTexts().values.contains { $0.contains("\(shared)较上年增加") }, "\(report.rendered)")
    }

    /// A classified project's other data — its goal, an indicator, a basis — is boilerplate projects share: a public
    /// project's free text saying it keeps it public, as before (only names and codes are held to public names).
    @Test func aClassifiedProjectsGoalInAPublicProjectsTextStaysPublic() {
        var site = ClassifiedCopyTests.site()
        site.edit(Self.classified, replacing: "goal: \(ClassifiedCopyTests.goal)。", with: "goal: 提高财政资金使用效益，确保项目按期完成。")
        Self.copy("提高财政资金使用效益", into: 0, of: &site)
        let (report, _) = site.build()
        #expect(Self.leaks(report).isEmpty, "\(report.rendered)")
    }

    /// A classified indicator named as a public project's indicator is (the public one's problems name it): public.
    @Test func aClassifiedIndicatorNamedAsAPublicIndicatorStaysPublic() {
        var site = SiteFixture()
        site["content/projects/2025/JYJ-2025-002.md"] = site[Self.project]!
            .replacingOccurrences(of: "JYJ-2025-001", with: "JYJ-2025-002")
            .replacingOccurrences(of: "name: 学生营养改善计划", with: "name: 校园安全防范工程")
            .replacingOccurrences(of: "              basis: 学籍统计", with: "              basis: 学籍统计\n              disclosure: 涉密")
        Self.copy("受益学生人数统计口径不一", into: 0, of: &site)
        let (report, _) = site.build()
        #expect(Self.leaks(report).isEmpty, "\(report.rendered)")
    }
}
