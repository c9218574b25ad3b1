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

    public static func render<For: BundleAudienceKind>(site view: Disclosed<For>, theme: Theme, selection: BundleSelection) -> Content {
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
        var context: [String: Any] = [
            "css": css, "site": ["title": site.config.title, "publisher": site.config.publisher],
            "audience": site.audience.name, "isPeoplesCongress": site.audience == .peoplesCongress,
            "year": selection.year, "stage": selection.stage.chineseName, "isBudget": selection.stage == .budget,
            "projectCount": included.count, "departmentCount": departments.count, "amount": Format.amount(amount),
            "date": Format.date(included.compactMap(\.lastPublished).max()) as Any,
            "grades": order.map { ["grade": $0] },
            "toc": departments.enumerated().map { i, d in ["number": i + 1, "name": d.name, "anchor": "d-\(d.code.lowercased())",
                                                          "count": byDepartment[d.code]!.count] },
        ]
        context["summary"] = departments.map { d -> [String: Any] in
            let list = byDepartment[d.code]!
            let grades = results.filter { included[$0.projectIndex].departmentCode == d.code }
            return ["name": d.name, "count": list.count,
                    "amount": Format.amount(inWan(list)),
                    "cells": order.map { g in ["count": grades.filter { $0.grade == g }.count] }]
        }
        context["departments"] = departments.enumerated().map { i, d -> [String: Any] in
            ["number": i + 1, "name": d.name, "anchor": "d-\(d.code.lowercased())",
             "projects": byDepartment[d.code]!.map { index -> [String: Any] in
                 var c = views.context(for: PageSpec(sitePath: "", outputPath: "", template: "", content: .project(index)))
                 c["anchor"] = "p-\(included[index].slug)"
                 c["inBundle"] = true
                 return c
             },
             "performance": subset.departmentPerformance.indices.filter { subset.departmentPerformance[$0].departmentCode == d.code }
                .map { index -> [String: Any] in
                    var c = views.context(for: PageSpec(sitePath: "", outputPath: "", template: "", content: .departmentPerformance(index)))
                    c["anchor"] = "dw-\(d.code.lowercased())"
                    c["inBundle"] = true
                    return c
                }]
        }
        let html = theme.library.render(context, withTemplate: "bundle") ?? ""

        let data = OpenData(site: subset, views: views)
        var files = [OutputFile(path: "report.html", data: Data(html.utf8)),
                     OutputFile(path: "data/projects.csv", data: data.projectTable(selection.year).data),
                     OutputFile(path: "data/indicators.csv", data: data.indicatorTable(for: included).data)]
        if selection.stage == .accounts {
            files.append(OutputFile(path: "data/evaluations.csv", data: data.evaluationTable(selection.year).data))
        }
        for p in included {
            files.append(OutputFile(path: "data/projects/\(p.slug).json", data: data.json(OpenData.ProjectRecord(p, views: views))))
        }
        for dp in subset.departmentPerformance where departments.contains(where: { $0.code == dp.departmentCode }) {
            files.append(OutputFile(path: "data/departments/\(dp.slug).json", data: data.json(OpenData.ProjectRecord(dp.asProject, views: views))))
        }
        return Content(files: files, projectCount: included.count, departmentCount: departments.count, amountInWan: amount,
                       latestDate: included.compactMap(\.lastPublished).max())
    }
}
