import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Documentation (red team of the 抄进公开正文 rule): a classified item's data, or a `::: 涉密` passage, that shares a
/// common phrase with public prose fails the build, though nothing secret is published. This is the rule's design
/// (docs/disclosure.md: "reword the classified item"): a copy cannot be told from a shared phrase. These tests record the
/// false alarms a clerk meets, so that a change of the design is a conscious one. Each builds once the public prose no
/// longer says the phrase, or when public data (another project) says it.
@Suite("Classified copy: common phrases a clerk meets (documentation)")
struct ClassifiedCopyBoilerplateTests {
    static func leaks(_ site: SiteFixture) -> [Diagnostic] {
        site.build().0.diagnostics.filter { $0.code == .leak && $0.message.contains("抄进公开正文") }
    }

    /// Boilerplate a policy page says and a classified project's data also uses: a goal (提高财政资金使用效益), a funding
    /// source (中央财政转移支付资金), a common indicator of the MoF framework (资金使用合规率), a self-evaluation's problem
    /// (部分资金支出进度偏慢), a category (基础设施建设类). Each is GK900 unless a public project's data says it too.
    @Test(arguments: [
        ("goal: \(ClassifiedCopyTests.goal)。", "goal: 提高财政资金使用效益，确保项目按期完成。", "提高财政资金使用效益"),
        ("source: 财政拨款", "source: 中央财政转移支付资金", "中央财政转移支付资金"),
        ("name: 受益学生人数", "name: 资金使用合规率", "资金使用合规率"),
        ("grade: 差", "grade: 差\n  problems: 部分资金支出进度偏慢。", "部分资金支出进度偏慢"),
        ("department: JYJ", "department: JYJ\ncategory: 基础设施建设类", "基础设施建设类"),
    ])
    func aClassifiedProjectsBoilerplateInAPolicyPageFailsTheBuild(_ old: String, _ new: String, _ phrase: String) {
        var site = ClassifiedCopyTests.site()
        site.edit(ClassifiedCopyTests.classified, replacing: old, with: new)
        site.edit(ClassifiedCopyTests.page, replacing: "制定本办法。", with: "制定本办法。\(phrase)的，按本办法执行。")
        #expect(!Self.leaks(site).isEmpty, "a common phrase of a classified project's data in a policy page is reported as a copy")
        // The same phrase in a public project's data makes it public; a classified indicator's name, only as a name (a public
        // indicator's): a public category is where a project is filed, and filed under a classified name it publishes it.
        if old.hasPrefix("name:") {
            site.edit(FailClosedTests.project, replacing: old, with: new)
        } else {
            site.edit(FailClosedTests.project, replacing: "name: 学生营养改善计划", with: "name: 学生营养改善计划\ncategory: \(phrase)")
        }
        #expect(Self.leaks(site).isEmpty)
    }

    /// A `::: 涉密` passage that repeats a standard heading or a sentence of the public report around it (存在问题及改进措施
    /// as another project's report heads a section; the example's 座谈访谈相结合的方式 in the same report) is GK900 at the fence.
    @Test func aFencedPassageRepeatingItsReportsBoilerplateFailsTheBuild() {
        var site = ClassifiedCopyTests.site()
        site.edit(FailClosedTests.project, replacing: FailClosedTests.narrative,
                  with: "## 三、存在问题及改进措施\n\n采用现场查看、座谈访谈相结合的方式开展评价。\n\n::: 涉密\n### 三、存在问题及改进措施\n\n另赴北山坑道核查。\n:::")
        let leaks = Self.leaks(site)
        #expect(!leaks.isEmpty && leaks.allSatisfy { $0.location.file == FailClosedTests.project })
    }

    /// Two departments publish pages of the same standard title; one department's page is classified. The public page's
    /// title is prose, so the classified page's title is reported as copied into it.
    @Test func aStandardTitleSharedWithAClassifiedPageFailsTheBuild() {
        var site = SiteFixture()
        site["content/pages/baogao/jyj.md"] = "---\ntitle: 2025年度部门整体支出绩效自评报告\ndate: 2025-03-01\ncategory: 工作报告\ndepartment: JYJ\n---\n正文。\n"
        site["content/pages/baogao/czj.md"] = "---\ntitle: 2025年度部门整体支出绩效自评报告\ndate: 2025-03-01\ncategory: 工作报告\ndepartment: CZJ\ndisclosure: 涉密\n---\n正文。\n"
        #expect(!Self.leaks(site).isEmpty)
    }

    /// A classified department's name listed in a public page (a 政府信息公开年度报告 naming the departments) is GK900. This
    /// one is right by the site's rules: the clerk marked the department itself 涉密, name included; a department whose
    /// existence is public but whose budget is not should be public with its projects marked.
    @Test func aClassifiedDepartmentNamedInAPublicPageFailsTheBuild() {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "departments:\n",
                  with: "departments:\n  - code: BMJ\n    name: 测试市国家保密局\n    disclosure: 涉密\n    units: []\n")
        site.edit(ClassifiedCopyTests.page, replacing: "制定本办法。", with: "制定本办法。测试市国家保密局等部门参照执行。")
        #expect(!Self.leaks(site).isEmpty)
    }
}
