import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 人大报送材料 — which stage of the budget cycle a bundle accompanies.
public enum BundleStage: String, Sendable, CaseIterable {
    /// 预算: with the budget draft, the performance targets of major policies and projects.
    case budget
    /// 决算: with the final-accounts draft, self-evaluations, key evaluations and rectification.
    case accounts

    public var chineseName: String { self == .budget ? "预算" : "决算" }
}

/// What goes into one bundle.
public struct BundleSelection: Sendable {
    public var year: Int
    public var stage: BundleStage
    /// Department codes; nil means all.
    public var departments: [String]?
    /// Budget stage only: all projects instead of major ones only.
    public var allProjects: Bool

    public init(year: Int, stage: BundleStage, departments: [String]? = nil, allProjects: Bool = false) {
        self.year = year
        self.stage = stage
        self.departments = departments
        self.allProjects = allProjects
    }
}

/// Renders the files of a people's-congress bundle from a disclosed view made for that audience:
/// one self-contained HTML report (inline CSS, no script) and the data as CSV and JSON.
public enum BundleRenderer {
    public struct Content: Sendable {
        public var files: [OutputFile]
        public var projectCount: Int
        public var departmentCount: Int
        /// Budget total of the included projects in 万元 (disclosed lines only).
        public var amountInWan: Decimal
        /// The latest publish date among included items: the bundle's date when no SOURCE_DATE_EPOCH is set.
        public var latestDate: CalendarDate?
    }

    /// The projects a selection includes, in department then code order.
    public static func projects(of site: DisclosedSite, _ selection: BundleSelection) -> [DisclosedProject] {
        site.projects.filter { p in
            p.year == selection.year
                && (selection.departments.map { $0.contains(p.departmentCode) } ?? true)
                && (selection.stage == .budget ? (p.targets != nil && (selection.allProjects || p.major))
                                               : (p.selfEvaluation != nil || !p.evaluations.isEmpty))
        }.sorted { ($0.departmentCode, $0.code) < ($1.departmentCode, $1.code) }
    }

    public static func render<For: BundleAudienceKind>(site view: Disclosed<For>, theme: Theme, selection: BundleSelection) throws(TemplateLibrary.Recursion) -> Content {
        let site = view.site
        var subset = site
        subset.projects = projects(of: site, selection)
        // 部门整体绩效 of the included departments: targets with the budget, self-evaluations with the accounts.
        subset.departmentPerformance = site.departmentPerformance.filter { dp in
            dp.year == selection.year && (selection.departments.map { $0.contains(dp.departmentCode) } ?? true)
                && (selection.stage == .budget ? dp.targets != nil : dp.selfEvaluation != nil)
        }
        let views = SiteViews(site: subset)
        let included = subset.projects
        let amount = included.compactMap(\.budgetInWan).reduce(Decimal(0), +)
        func inWan(_ indices: [Int]) -> Decimal { indices.compactMap { included[$0].budgetInWan }.reduce(Decimal(0), +) }

        // The report: cover, contents, summary, then each department on its own pages.
        let byDepartment = Dictionary(grouping: included.indices, by: { included[$0].departmentCode })
        let departments = subset.departments.filter { byDepartment[$0.code] != nil }
        let css = theme.assets.first { $0.path == "bundle.css" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
        let results = subset.gradedResults(year: selection.year).filter { $0.evaluationType == GradeOverride.selfEvaluation }
        let order = subset.gradeOrder(of: results)
        /// A project or 部门整体绩效 as the website shows it, anchored in the report and without site links.
        func entry(_ content: PageSpec.Content, anchor: String) -> PageView {
            var page = views.view(for: PageSpec(sitePath: "", outputPath: "", template: "", content: content))
            if var project = page.body as? ProjectPageView {
                project.anchor = anchor
                project.inBundle = true
                page.body = project
            }
            return page
        }
        // 评价覆盖情况 (accounts): how many projects each kind of evaluation covers, and their budget, as the
        // congress is told with the final accounts (单位自评 N 个项目、涉及资金 X 万元；财政重点评价 …).
        var coverage: [BundleReportView.Coverage] = []
        if selection.stage == .accounts {
            let kinds = [GradeOverride.selfEvaluation, "部门评价", "财政重点评价", "第三方评价"]
            let others = Set(included.flatMap { $0.evaluations.map(\.kind) }).subtracting(kinds).sorted()
            for kind in kinds + others {
                let covered = included.indices.filter { i in
                    kind == GradeOverride.selfEvaluation ? included[i].selfEvaluation != nil : included[i].evaluations.contains { $0.kind == kind }
                }
                guard !covered.isEmpty else { continue }
                coverage.append(.init(type: kind, count: covered.count, amount: Format.wan(inWan(covered))))
            }
        }
        let report = BundleReportView(
            css: TrustedHTML(styleSheet: css), site: .init(title: site.config.title, publisher: site.config.publisher),
            audience: site.audience.name, isPeoplesCongress: site.audience == .peoplesCongress,
            year: selection.year, stage: selection.stage.chineseName, isBudget: selection.stage == .budget,
            projectCount: included.count, departmentCount: departments.count, amount: Format.wan(amount),
            date: DateView(included.compactMap(\.lastPublished).max()),
            grades: order.map { .init(grade: $0) }, coverage: coverage,
            toc: departments.enumerated().map { i, d in
                .init(number: i + 1, name: d.name, anchor: "d-\(d.code.lowercased())", count: byDepartment[d.code]!.count)
            },
            summary: departments.map { d in
                let list = byDepartment[d.code]!
                let grades = results.filter { included[$0.projectIndex].departmentCode == d.code }
                return .init(name: d.name, count: list.count, amount: Format.wan(inWan(list)),
                             cells: order.map { g in CountCell(count: grades.filter { $0.grade == g }.count) })
            },
            departments: departments.enumerated().map { i, d in
                .init(number: i + 1, name: d.name, anchor: "d-\(d.code.lowercased())",
                      projects: byDepartment[d.code]!.map { entry(.project($0), anchor: "p-\(included[$0].slug)") },
                      performance: subset.departmentPerformance.indices.filter { subset.departmentPerformance[$0].departmentCode == d.code }
                          .map { entry(.departmentPerformance($0), anchor: "dw-\(d.code.lowercased())") })
            })
        let html = Markdown.numberingTables(in: try theme.library.render(report, withTemplate: "bundle") ?? "")

        let data = OpenData(site: subset, views: views)
        var files = [OutputFile(path: "report.html", data: Data(html.utf8)),
                     OutputFile(path: "data/projects.csv", data: data.projectTable(selection.year).data),
                     OutputFile(path: "data/indicators.csv", data: data.indicatorTable(for: included).data)]
        if selection.stage == .accounts {
            files.append(OutputFile(path: "data/evaluations.csv", data: data.evaluationTable(selection.year).data))
        }
        for p in included {
            files.append(OutputFile(path: "data/projects/\(p.slug).json", data: OpenData.ProjectRecord(p, views: views).encoded))
        }
        for dp in subset.departmentPerformance where departments.contains(where: { $0.code == dp.departmentCode }) {
            files.append(OutputFile(path: "data/departments/\(dp.slug).json", data: OpenData.ProjectRecord(dp.asProject, views: views).encoded))
        }
        return Content(files: files, projectCount: included.count, departmentCount: departments.count, amountInWan: amount,
                       latestDate: included.compactMap(\.lastPublished).max())
    }
}

/// The people's-congress report (bundle.mustache): cover, contents, summary, then each
/// department's projects drawn by the website's project body.
struct BundleReportView: TemplateView {
    struct Site: TemplateView {
        var title: String
        var publisher: String
        static let fields: Fields = ["title": { $0.title }, "publisher": { $0.publisher }]
    }
    struct Grade: TemplateView {
        var grade: String
        static let fields: Fields = ["grade": { $0.grade }]
    }
    /// 目录: a department's section.
    struct Contents: TemplateView {
        var number: Int
        var name: String
        var anchor: String
        var count: Int
        static let fields: Fields = ["number": { $0.number }, "name": { $0.name }, "anchor": { $0.anchor }, "count": { $0.count }]
    }
    /// 汇总: a department's projects, amount and self-evaluation grades.
    struct Summary: TemplateView {
        var name: String
        var count: Int
        var amount: String
        var cells: [CountCell]
        static let fields: Fields = ["name": { $0.name }, "count": { $0.count }, "amount": { $0.amount }, "cells": { $0.cells }]
    }
    /// 评价覆盖情况: one kind of evaluation, the projects it covers and their 全年预算数.
    struct Coverage: TemplateView {
        var type: String
        var count: Int
        var amount: String
        static let fields: Fields = ["type": { $0.type }, "count": { $0.count }, "amount": { $0.amount }]
    }
    struct Department: TemplateView {
        var number: Int
        var name: String
        var anchor: String
        /// Each drawn by the website's project body (`ProjectPageView` beneath the page frame).
        var projects: [PageView]
        var performance: [PageView]
        static let fields: Fields = [
            "number": { $0.number }, "name": { $0.name }, "anchor": { $0.anchor }, "projects": { $0.projects },
            "performance": { $0.performance },
        ]
    }
    /// The report's style sheet, inlined so the file stands alone.
    var css: TrustedHTML
    var site: Site
    var audience: String
    var isPeoplesCongress: Bool
    var year: Int
    var stage: String
    var isBudget: Bool
    var projectCount: Int
    var departmentCount: Int
    var amount: String
    /// The latest publish date among the included items.
    var date: DateView?
    var grades: [Grade]
    /// Accounts only: the projects each kind of evaluation covers.
    var coverage: [Coverage]
    var toc: [Contents]
    var summary: [Summary]
    var departments: [Department]
    static let fields: Fields = [
        "css": { $0.css }, "site": { $0.site }, "audience": { $0.audience }, "isPeoplesCongress": { $0.isPeoplesCongress },
        "year": { $0.year }, "stage": { $0.stage }, "isBudget": { $0.isBudget }, "projectCount": { $0.projectCount },
        "departmentCount": { $0.departmentCount }, "amount": { $0.amount }, "date": { $0.date }, "grades": { $0.grades },
        "coverage": { $0.coverage }, "hasCoverage": { !$0.coverage.isEmpty },
        "toc": { $0.toc }, "summary": { $0.summary }, "departments": { $0.departments },
    ]
}
