import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 空白栏目 — a section of the website with nothing in it. Government website inspections count blank sections against a
/// site (more than five fail it outright), as they count dead links and items without a date: a department's page reading
/// 本部门暂无公开项目, the policy list reading 暂无文件. Judged on what the website shows (the disclosed view): a department
/// whose projects are all withheld has a blank page too. The grades page is left out: before the first results are due,
/// every site's is empty, and the required-items check names results that are late.
enum EmptySectionsCheck {
    static func run(source: SourceSite, disclosed: DisclosedSite, pagesFolder: String) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let shown = Set(disclosed.projects.map(\.departmentCode)).union(disclosed.departmentPerformance.map(\.departmentCode))
        let places = Dictionary(source.departments.map { ($0.code, $0.location) }, uniquingKeysWith: { a, _ in a })
        for department in disclosed.departments where !shown.contains(department.code) {
            guard let at = places[department.code] else { continue }
            diagnostics.warning(.emptySection, "部门“\(department.name)”的网页没有任何公开的项目或部门整体绩效，只写着“本部门暂无公开项目”，是一个空白栏目"
                                + "（政府网站检查把空白栏目算作问题，超过5个即不合格）：请公开该部门的项目；部门尚无项目时，可等有了再列入 organisations.yaml",
                                at: at)
        }
        if disclosed.pages.isEmpty {
            diagnostics.warning(.emptySection, "网站没有任何公开的页面（政策文件、通知公告等，放在 content/pages/ 中）：政策文件栏目只写着暂无文件，是一个空白栏目"
                                + "（政府网站检查把空白栏目算作问题，超过5个即不合格）：请至少公开本单位的预算绩效管理办法等文件",
                                at: SourceLocation(file: pagesFolder))
        }
        return diagnostics
    }
}
