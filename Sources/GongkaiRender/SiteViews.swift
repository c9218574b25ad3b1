import Foundation
import GongkaiCore
import GongkaiDisclosed

/// A template context without the keys whose value is nil: a missing key renders as nothing
/// in Mustache, and avoids boxing optionals in `Any`, which is slow to inspect at render time.
func compact(_ values: [String: Any?]) -> [String: Any] {
    values.compactMapValues { $0 }
}

/// One page to render: where it goes, which template draws it, and what it shows.
struct PageSpec: Sendable {
    enum Content: Sendable {
        case home, departments, department(Int), years, year(Int), compliance(Int), project(Int), documents, page(Int), notFound
        case departmentPerformance(Int)
        case gradesIndex, gradeYear(Int), grade(year: Int, grade: String)
        case search, glossary, openData, verification
        /// 更新记录, and the 已撤回 notice at a withdrawn item's old address.
        case record, withdrawn(String)
    }
    var sitePath: String      // "projects/2025/jyj-2025-001/" ("" for the home page)
    var outputPath: String    // "projects/2025/jyj-2025-001/index.html"
    var template: String
    var content: Content
    /// The template to use when the theme lacks `template` (a theme made before the page kind existed).
    var fallbackTemplate: String? = nil
}

/// View models for the templates. Listings are computed once here, never inside a per-page
/// loop over all pages (a per-page walk over every page is how sites go quadratic).
struct SiteViews: Sendable {
    let site: DisclosedSite
    let departmentIndex: [String: Int]
    let projectsByDepartment: [String: [Int]]
    let projectsByYear: [Int: [Int]]
    let years: [Int]
    /// First path components of Markdown pages, so the navigation can mark them as documents.
    let pageSections: Set<String>
    /// Every dated disclosure, newest first (the feed); `latest` is its head (the home page).
    let disclosures: [LatestItem]
    var latest: ArraySlice<LatestItem> { disclosures.prefix(12) }
    /// The base URL's path (`/` or `/jxgk/`), for the 404 page, which is served at any depth.
    let basePath: String
    /// Graded results per year, their grade order and URL slugs: computed once for all grade pages.
    let graded: [Int: [GradedResult]]
    let gradeOrder: [Int: [String]]
    let gradeSlugs: [Int: [String: String]]
    /// Projects sharing a code across years, for the history on each project page.
    let projectsByCode: [String: [Int]]
    /// The day overdue rectification is judged on.
    let referenceDay: CalendarDate?

    struct LatestItem: Sendable {
        var date: CalendarDate
        var label: String
        var title: String
        var sitePath: String
        /// Distinguishes several disclosures on one page (feed entry ids).
        var anchor: String = ""
    }

    /// Dates by address from the publication record (empty without one), computed once.
    let recordItems: [String: (first: String?, last: String?, withdrawn: String?, isWithdrawn: Bool)]

    init(site: DisclosedSite) {
        self.site = site
        recordItems = site.config.publicationHistory?.items ?? [:]
        departmentIndex = Dictionary(uniqueKeysWithValues: site.departments.enumerated().map { ($1.code, $0) })
        projectsByDepartment = Dictionary(grouping: site.projects.indices, by: { site.projects[$0].departmentCode })
        projectsByYear = Dictionary(grouping: site.projects.indices, by: { site.projects[$0].year })
        years = site.years
        var graded: [Int: [GradedResult]] = [:], order: [Int: [String]] = [:], slugs: [Int: [String: String]] = [:]
        let performanceYears = Set(site.departmentPerformance.filter { $0.selfEvaluation?.grade != nil }.map(\.year))
        for year in Set(site.gradedYears).union(performanceYears) {
            let results = site.gradedResults(year: year)
            graded[year] = results
            // Department-wide grades are counted apart from projects' but share the year's grade pages.
            var gradeList = site.gradeOrder(of: results)
            for dp in site.departmentPerformance where dp.year == year {
                if let grade = dp.selfEvaluation?.grade, !gradeList.contains(grade) { gradeList.append(grade) }
            }
            order[year] = gradeList
            slugs[year] = GradeSlug.slugs(for: order[year]!)
        }
        self.graded = graded
        gradeOrder = order
        gradeSlugs = slugs
        projectsByCode = Dictionary(grouping: site.projects.indices, by: { site.projects[$0].code.lowercased() })
        referenceDay = site.referenceDay
        pageSections = Set(site.pages.compactMap(\.path.first))
        basePath = URL(string: site.config.baseURL)?.path.isEmpty == false
            ? (URL(string: site.config.baseURL)!.path.hasSuffix("/") ? URL(string: site.config.baseURL)!.path : URL(string: site.config.baseURL)!.path + "/")
            : "/"

        var items: [LatestItem] = []
        for p in site.projects {
            let path = Self.projectPath(p)
            if let d = p.targets?.published { items.append(.init(date: d, label: "绩效目标", title: p.name, sitePath: path, anchor: "targets")) }
            if let d = p.selfEvaluation?.published { items.append(.init(date: d, label: "绩效自评", title: p.name, sitePath: path, anchor: "self-evaluation")) }
            for (i, e) in p.evaluations.enumerated() {
                if let d = e.published { items.append(.init(date: d, label: e.kind, title: p.name, sitePath: path, anchor: "evaluation-\(i + 1)")) }
            }
        }
        for dp in site.departmentPerformance {
            let path = Self.performancePath(dp), title = "\(dp.departmentCode.uppercased()) \(dp.year)年度部门整体绩效"
            let name = site.departments.first { $0.code == dp.departmentCode }.map { "\($0.name)\(dp.year)年度部门整体绩效" } ?? title
            if let d = dp.targets?.published { items.append(.init(date: d, label: "部门整体绩效目标", title: name, sitePath: path, anchor: "targets")) }
            if let d = dp.selfEvaluation?.published { items.append(.init(date: d, label: "部门整体绩效自评", title: name, sitePath: path, anchor: "self-evaluation")) }
        }
        for page in site.pages { if let d = page.date { items.append(.init(date: d, label: page.category ?? "文件", title: page.title, sitePath: Self.pagePath(page), anchor: "page")) } }
        disclosures = items.sorted { ($1.date, $0.sitePath, $0.anchor) < ($0.date, $1.sitePath, $1.anchor) }
    }

    /// `lastmod` for the sitemap: what the content says about the page's date.
    func lastModified(_ spec: PageSpec) -> CalendarDate? {
        switch spec.content {
        case .project(let i): site.projects[i].lastPublished
        case .departmentPerformance(let i): site.departmentPerformance[i].asProject.lastPublished
        case .page(let i): site.pages[i].date
        default: nil
        }
    }

    static func projectPath(_ p: DisclosedProject) -> String { "projects/\(p.year)/\(p.slug)/" }
    static func departmentPath(_ code: String) -> String { "departments/\(code.lowercased())/" }
    static func performancePath(_ dp: DisclosedDepartmentPerformance) -> String { "departments/\(dp.slug)/\(dp.year)/" }
    static func pagePath(_ page: DisclosedPage) -> String { page.path.joined(separator: "/") + "/" }

    func pageSpecs() -> [PageSpec] {
        func spec(_ sitePath: String, _ template: String, _ content: PageSpec.Content) -> PageSpec {
            PageSpec(sitePath: sitePath, outputPath: sitePath + "index.html", template: template, content: content)
        }
        var specs = [spec("", "home", .home), spec("departments/", "departments", .departments),
                     spec("years/", "years", .years), spec("documents/", "documents", .documents)]
        specs += site.departments.indices.map { spec(Self.departmentPath(site.departments[$0].code), "department", .department($0)) }
        specs += years.map { spec("years/\($0)/", "year", .year($0)) }
        specs += years.map { spec("years/\($0)/compliance/", "compliance", .compliance($0)) }
        specs += site.projects.indices.map { spec(Self.projectPath(site.projects[$0]), "project", .project($0)) }
        specs += site.departmentPerformance.indices.map {
            var s = spec(Self.performancePath(site.departmentPerformance[$0]), "department-performance", .departmentPerformance($0))
            s.fallbackTemplate = "project"
            return s
        }
        specs += site.pages.indices.map { spec(Self.pagePath(site.pages[$0]), "page", .page($0)) }
        specs.append(spec("grades/", "grades", .gradesIndex))
        specs.append(spec("search/", "search", .search))
        specs.append(spec("glossary/", "glossary", .glossary))
        specs.append(spec("data/", "data", .openData))
        specs.append(spec("verify/", "verify", .verification))
        if let history = site.config.publicationHistory {
            specs.append(spec("record/", "record", .record))
            // A withdrawn address gets a notice unless something is published there again.
            let taken = Set(specs.map(\.sitePath))
            for (path, item) in history.items.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
            where item.isWithdrawn && !taken.contains(path) && Self.mayHoldNotice(path) {
                specs.append(spec(path, "withdrawn", .withdrawn(path)))
            }
        }
        for year in graded.keys.sorted(by: >) {
            specs.append(spec("grades/\(year)/", "grade-year", .gradeYear(year)))
            for grade in gradeOrder[year]! { specs.append(spec(gradePath(year, grade), "grade", .grade(year: year, grade: grade))) }
        }
        specs.append(PageSpec(sitePath: "404.html", outputPath: "404.html", template: "404", content: .notFound))
        return specs
    }

    // MARK: Context

    func context(for spec: PageSpec) -> [String: Any] {
        let depth = spec.sitePath.filter { $0 == "/" }.count
        let root: String = {
            if case .notFound = spec.content { return basePath }
            return depth == 0 ? "./" : String(repeating: "../", count: depth)
        }()
        var c: [String: Any] = [
            "root": root,
            "site": siteContext,
            "canonical": site.config.baseURL + spec.sitePath,
            "nav": navigation(current: spec),
        ]
        let (title, body) = content(spec.content)
        c["pageTitle"] = title
        switch spec.content {
        case .project, .departmentPerformance, .page:
            if let item = recordItems[spec.sitePath], !item.isWithdrawn, let first = item.first {
                c["publication"] = compact(["first": Self.recordDate(first), "last": item.last.flatMap { $0 == first ? nil : Self.recordDate($0) }])
            }
        default: break
        }
        for (key, value) in body { c[key] = value }
        return c
    }

    private var siteContext: [String: Any] {
        let f = site.config.footer
        var footer: [String: Any] = [:]
        footer["siteCode"] = f.siteCode
        footer["icp"] = f.icp
        footer["publicSecurity"] = f.publicSecurity
        footer["sponsor"] = f.sponsor ?? site.config.publisher
        footer["address"] = f.address
        footer["phone"] = f.phone
        return compact(["title": site.config.title, "publisher": site.config.publisher, "language": site.config.language, "footer": footer,
                        "hasRecord": site.config.publicationHistory == nil ? nil : true])
    }

    private func navigation(current spec: PageSpec) -> [[String: Any]] {
        let section = spec.sitePath.split(separator: "/").first.map(String.init) ?? ""
        let items: [(String, String, Bool)] = [
            ("首页", "", section == "" ),
            ("部门公开", "departments/", section == "departments"),
            ("年度公开", "years/", section == "years" || section == "projects"),
            ("评价结果", "grades/", section == "grades"),
            ("政策文件", "documents/", section == "documents" || pageSections.contains(section)),
            ("开放数据", "data/", section == "data"),
            ("搜索", "search/", section == "search"),
        ]
        return items.map { ["label": $0.0, "url": $0.1, "current": $0.2] }
    }

    private func content(_ content: PageSpec.Content) -> (String, [String: Any]) {
        switch content {
        case .home: return (site.config.title, homeContext())
        case .departments: return ("部门公开", ["departments": site.departments.map(departmentSummary)])
        case .department(let i): return departmentContext(site.departments[i])
        case .years: return ("年度公开", ["years": years.map(yearSummary)])
        case .year(let y): return ("\(y)年度预算绩效信息", yearContext(y))
        case .compliance(let y): return ("\(y)年度预算绩效信息公开情况", complianceContext(y))
        case .project(let i): return projectContext(site.projects[i])
        case .departmentPerformance(let i): return performanceContext(site.departmentPerformance[i])
        case .documents: return ("政策文件", documentsContext())
        case .page(let i): return pageContext(site.pages[i])
        case .notFound: return ("页面未找到", [:])
        case .gradesIndex: return ("评价结果", gradesIndexContext())
        case .search: return ("站内搜索", searchContext())
        case .glossary: return ("名词解释", [:])
        case .verification: return ("公开验证", verificationContext())
        case .record: return ("更新记录", recordContext())
        case .withdrawn(let path): return ("已撤回", withdrawnContext(path))
        case .openData: return ("开放数据", openDataContext())
        case .gradeYear(let year): return ("\(year)年度绩效评价结果", gradeYearContext(year))
        case .grade(let year, let grade): return ("\(year)年度评价等级为“\(grade)”的项目", gradeContext(year, grade))
        }
    }

    // MARK: Pages


    /// A record date as the templates show dates; a date that does not parse shows as written.
    static func recordDate(_ text: String) -> [String: Any] {
        CalendarDate(parsing: text).flatMap { Format.date($0) } ?? ["iso": text, "chinese": text]
    }

    /// Only item addresses get a notice: a project's, a department performance's, or a page's outside the renderer's own sections.
    static func mayHoldNotice(_ path: String) -> Bool {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        return first == "projects" || first == "departments" || !RenderStage.reservedSections.contains(first) && first != "record"
    }

    /// 更新记录: each release, newest first, with its changes. An item is named by its title only while it
    /// is published now (the title is taken from the disclosed site, never from the record); otherwise by
    /// its address, so a withdrawn or withheld item shows nothing of its content.
    private func recordContext() -> [String: Any] {
        var titles: [String: String] = [:]
        for p in site.projects { titles[Self.projectPath(p)] = "\(p.code) \(p.name)" }
        for dp in site.departmentPerformance { titles[Self.performancePath(dp)] = "\(departmentName(dp.departmentCode))\(dp.year)年度部门整体绩效" }
        for page in site.pages { titles[Self.pagePath(page)] = page.title }
        let items = recordItems
        let kinds = ["project": "项目", "performance": "部门整体绩效", "page": "页面"]
        let actions = ["added": "新增", "corrected": "更正", "withdrawn": "撤回"]
        let releases = (site.config.publicationHistory?.releases ?? []).enumerated().reversed().map { n, release -> [String: Any] in
            let rows = release.changes.map { change -> [String: Any] in
                let live = titles[change.path]
                let noticed = items[change.path]?.isWithdrawn == true && Self.mayHoldNotice(change.path)
                return compact(["kind": kinds[change.kind] ?? change.kind, "change": actions[change.change] ?? change.change,
                                "title": live, "url": live != nil || noticed ? change.path : nil,
                                "withdrawn": change.change == "withdrawn" ? true : nil])
            }
            return compact(["number": n + 1, "date": release.date.map(Self.recordDate), "digest": release.root,
                            "changes": rows.isEmpty ? nil : rows, "count": rows.count, "hasChanges": rows.isEmpty ? nil : true])
        }
        return ["releases": releases, "reason": site.config.withdrawnNotice, "hasReleases": !releases.isEmpty]
    }

    /// 已撤回: the date and the configured reason, nothing of the item.
    private func withdrawnContext(_ path: String) -> [String: Any] {
        compact(["date": recordItems[path]?.withdrawn.map(Self.recordDate), "reason": site.config.withdrawnNotice])
    }

    /// 公开验证: the published key (when the site is signed) and the addresses a checker needs.
    private func verificationContext() -> [String: Any] {
        var c: [String: Any] = ["baseURL": site.config.baseURL]
        if let key = site.config.verificationKey {
            c["key"] = ["pem": key.pem, "fingerprint": key.fingerprint]
        }
        return c
    }

    private func homeContext() -> [String: Any] {
        [
            "intro": Markdown.html(site.intro.text),
            "latest": latest.map { ["date": Format.date($0.date)!, "label": $0.label, "title": $0.title, "url": $0.sitePath] },
            "years": years.map(yearSummary),
            "departments": site.departments.map(departmentSummary),
        ]
    }

    private func departmentSummary(_ d: DisclosedDepartment) -> [String: Any] {
        compact(["code": d.code, "name": d.name, "kind": d.kind, "url": Self.departmentPath(d.code),
                 "projectCount": projectsByDepartment[d.code]?.count ?? 0])
    }

    private func yearSummary(_ year: Int) -> [String: Any] {
        let projects = (projectsByYear[year] ?? []).map { site.projects[$0] }
        return ["year": year, "url": "years/\(year)/", "projectCount": projects.count,
                "budget": Format.amount(totalBudgetInWan(projects))]
    }

    private func departmentContext(_ d: DisclosedDepartment) -> (String, [String: Any]) {
        let projects = (projectsByDepartment[d.code] ?? []).map { site.projects[$0] }
        let byYear = Dictionary(grouping: projects, by: \.year)
        let groups: [[String: Any]] = byYear.keys.sorted(by: >).map { year in
            let list = byYear[year]!
            return ["year": year, "projects": list.map(projectRow), "count": list.count, "label": "\(year)年度项目列表",
                    "budget": Format.amount(totalBudgetInWan(list))]
        }
        var body: [String: Any] = [
            "department": compact(["code": d.code, "name": d.name, "kind": d.kind, "intro": d.intro,
                                   "scheme": d.gradeScheme.name, "bands": bands(d.gradeScheme)]),
            "units": d.units.map { ["code": $0.code, "name": $0.name] },
            "yearGroups": groups,
            "breadcrumbs": ["items": [["label": "部门公开", "url": "departments/"]]],
        ]
        if d.gradeScheme != site.config.gradeScheme { body["ownScheme"] = true }
        let performance = site.departmentPerformance.filter { $0.departmentCode == d.code }
        if !performance.isEmpty {
            body["performance"] = ["rows": performance.map(performanceRow), "label": "\(d.name)部门整体绩效列表",
                                   "caption": "\(d.name)部门整体绩效目标和部门整体绩效自评"]
        }
        return (d.name, body)
    }

    private func yearContext(_ year: Int) -> [String: Any] {
        let projects = (projectsByYear[year] ?? []).map { site.projects[$0] }
        let byDepartment = Dictionary(grouping: projects, by: \.departmentCode)
        let groups: [[String: Any]] = site.departments.compactMap { d in
            guard let list = byDepartment[d.code] else { return nil }
            return ["department": d.name, "url": Self.departmentPath(d.code), "projects": list.map(projectRow), "label": "\(d.name)项目列表",
                    "count": list.count, "budget": Format.amount(totalBudgetInWan(list))]
        }
        let evaluated = projects.filter { $0.selfEvaluation != nil }.count
        let performance = site.departmentPerformance.filter { $0.year == year }
        return ["year": year, "departmentGroups": groups, "projectCount": projects.count,
                "performanceCount": performance.count,
                "performance": performance.isEmpty ? false : ["rows": performance.map(performanceRow), "label": "\(year)年度部门整体绩效列表",
                                                              "caption": "\(year)年度部门整体绩效（\(performance.count)个部门，不计入项目数）"],
                "evaluatedCount": evaluated, "budget": Format.amount(totalBudgetInWan(projects)),
                "breadcrumbs": ["items": [["label": "年度公开", "url": "years/"]]]]
    }

    /// A row of a project list. Every cell has a value, so Mustache never climbs to the
    /// enclosing group's `budget` when a project has none.
    private func complianceContext(_ year: Int) -> [String: Any] {
        let c = site.compliance(year: year)
        let rule = site.config.complianceScore
        func row(_ r: ComplianceYear.Row, url: String?) -> [String: Any] {
            compact(["department": r.departmentName, "url": url, "projects": r.projects,
                     "targets": "\(r.targetsPublished)/\(r.targetsRequired)", "results": "\(r.resultsPublished)/\(r.resultsRequired)",
                     "onTime": "\(r.publishedOnTime)/\(r.published)", "missing": r.missing, "score": Format.score(r.score)])
        }
        var total = row(c.total, url: nil)
        var ruleText = "公开绩效目标 \(Format.score(rule.targets)) 分、公开自评结果 \(Format.score(rule.results)) 分、按时公开 \(Format.score(rule.onTime)) 分（均按比例计算），每缺少一项扣 \(Format.score(rule.missingDeduction)) 分，最低 0 分"
        var rubricContext: [String: Any]?
        if let rubric = c.rubric {
            total["score"] = "—"
            ruleText = "按绩效管理工作考核评分表计分（基本分 \(Format.score(rubric.totalPoints)) 分，另计加分），见下表"
            rubricContext = compact([
                "departments": c.rows.map { ["department": $0.departmentName] },
                "items": rubric.items.enumerated().map { i, item -> [String: Any] in
                    ["name": item.name, "points": Format.score(item.points),
                     "how": item.measure.map { "\($0.chineseName)扣 \(Format.score(item.deduction)) 分，扣完为止" } ?? "人工录入",
                     "cells": c.rows.map { r -> [String: Any] in
                         let line = r.rubricLines[i]
                         return ["score": line.score.map(Format.score) ?? "未录入",
                                 "note": line.shortfalls.map { $0 > 0 ? "（\($0)项）" : "" } ?? ""]
                     }]
                },
                "bonuses": rubric.bonuses.map { b -> [String: Any] in
                    ["name": b.name, "how": "每次加 \(Format.score(b.each)) 分" + (b.cap.map { "，最多 \(Format.score($0)) 分" } ?? ""),
                     "cells": c.rows.map { ["score": Format.score(b.points(department: $0.departmentCode))] }]
                },
                "bonusCap": rubric.bonusCap.map { "加分合计最多 \(Format.score($0)) 分" },
                "totals": c.rows.map { ["score": Format.score($0.score)] },
                "totalPoints": Format.score(rubric.totalPoints),
            ])
        }
        return compact([
            "year": year,
            "rubric": rubricContext,
            "budgetApproved": Format.date(c.budgetApproved), "accountsApproved": Format.date(c.accountsApproved),
            "targetsDeadline": Format.date(c.targetsDeadline), "resultsDeadline": Format.date(c.resultsDeadline),
            "deadlineDays": site.config.calendar.deadlineDays,
            "deadlineText": "绩效目标\(site.config.calendar.ruleText(of: .targets))、绩效自评结果\(site.config.calendar.ruleText(of: .selfEvaluation))",
            "rows": c.rows.map { row($0, url: Self.departmentPath($0.departmentCode)) },
            "total": total,
            "rule": ruleText,
            "breadcrumbs": ["items": [["label": "年度公开", "url": "years/"], ["label": "\(year)年度", "url": "years/\(year)/"]]],
        ])
    }

    private func searchContext() -> [String: Any] {
        ["searchable": true,
         "years": years.map { ["year": $0, "url": "years/\($0)/"] },
         "departments": site.departments.map { ["name": $0.name, "url": Self.departmentPath($0.code)] }]
    }

    private func openDataContext() -> [String: Any] {
        func columns(_ list: [(String, String, String)]) -> [[String: Any]] {
            list.map { ["name": $0.0, "type": $0.1, "title": $0.2] }
        }
        return [
            "years": years.map { y in ["year": y, "projects": "data/\(y)/projects.csv", "indicators": "data/\(y)/indicators.csv",
                                      "evaluations": "data/\(y)/evaluations.csv", "zip": "data/\(y)/gongkai-\(y).zip"] },
            "tables": [
                ["name": "projects.csv", "title": "项目表：每个公开项目一行", "columns": columns(OpenData.projectColumns)],
                ["name": "indicators.csv", "title": "绩效指标表：每个公开的三级指标一行", "columns": columns(OpenData.indicatorColumns)],
                ["name": "evaluations.csv", "title": "评价结果表：每个自评或评价结果一行", "columns": columns(OpenData.evaluationColumns)],
            ],
        ]
    }

    private func projectRow(_ p: DisclosedProject) -> [String: Any] {
        let budget = p.funding.flatMap { f in f.budgetTotal.map { Format.amount($0) + " " + f.unit.rawValue } }
        return [
            "name": p.name, "code": p.code, "url": Self.projectPath(p), "year": p.year,
            "department": departmentName(p.departmentCode),
            "budgetText": budget ?? "—",
            "rateText": p.funding.map { Format.rate($0.spentTotal, $0.budgetTotal) } ?? "—",
            "scoreText": p.selfEvaluation.map { Format.score($0.totalScore) } ?? "未公开",
            "gradeText": p.selfEvaluation?.grade ?? "—",
        ]
    }

    func unitName(_ p: DisclosedProject) -> String? {
        p.unitCode.flatMap { code in departmentIndex[p.departmentCode].flatMap { site.departments[$0].units.first { $0.code == code }?.name } }
    }

    func departmentName(_ code: String) -> String {
        departmentIndex[code].map { site.departments[$0].name } ?? code
    }

    /// Budget total in 万元 over the disclosed lines of disclosed projects only.
    private func totalBudgetInWan(_ projects: [DisclosedProject]) -> Decimal {
        projects.reduce(Decimal(0)) { sum, p in
            guard let f = p.funding, let b = f.budgetTotal else { return sum }
            return sum + Money(b, f.unit).converted(to: .tenThousandYuan).amount
        }
    }

    /// `优 ≥90分，良 ≥80分，中 ≥60分，差 <60分`
    private func bands(_ scheme: GradeScheme) -> String {
        scheme.bands.enumerated().map { i, band in
            if i == scheme.bands.count - 1, i > 0, band.minimum == 0 {
                return "\(band.grade) <\(Format.score(scheme.bands[i - 1].minimum))分"
            }
            return "\(band.grade) ≥\(Format.score(band.minimum))分"
        }.joined(separator: "，")
    }

    /// A row of a list of department-wide performance (部门整体绩效): every cell has a value.
    func performanceRow(_ dp: DisclosedDepartmentPerformance) -> [String: Any] {
        ["department": departmentName(dp.departmentCode), "year": dp.year, "url": Self.performancePath(dp),
         "targetsText": dp.targets.map { $0.published.map(\.description) ?? "已公开" } ?? "未公开",
         "scoreText": dp.selfEvaluation.map { Format.score($0.totalScore) } ?? "未公开",
         "gradeText": dp.selfEvaluation?.grade ?? "—"]
    }

    /// 部门整体绩效 page: the project body's targets and self-evaluation sections, headed by the department.
    private func performanceContext(_ dp: DisclosedDepartmentPerformance) -> (String, [String: Any]) {
        var (_, c) = projectContext(dp.asProject)
        let name = departmentName(dp.departmentCode)
        let title = "\(name)\(dp.year)年度部门整体绩效"
        c["project"] = ["name": title, "year": dp.year, "department": name, "departmentUrl": Self.departmentPath(dp.departmentCode)]
        c["breadcrumbs"] = ["items": [["label": "部门公开", "url": "departments/"], ["label": name, "url": Self.departmentPath(dp.departmentCode)]]]
        c["downloads"] = ["json": OpenData.performanceJSONPath(dp)]
        c["historyList"] = nil
        c["departmentWide"] = true
        return (title, c)
    }

    private func projectContext(_ p: DisclosedProject) -> (String, [String: Any]) {
        var c: [String: Any] = [
            "project": compact([
                "name": p.name, "code": p.code, "year": p.year, "category": p.category, "major": p.major,
                "department": departmentName(p.departmentCode), "departmentUrl": Self.departmentPath(p.departmentCode),
                "unit": p.unitCode.flatMap { code in departmentIndex[p.departmentCode].flatMap { site.departments[$0].units.first { $0.code == code }?.name } },
            ]),
            "breadcrumbs": ["items": [["label": "年度公开", "url": "years/"], ["label": "\(p.year)年度", "url": "years/\(p.year)/"]]],
        ]
        if let f = p.funding {
            c["funding"] = [
                "unit": f.unit.rawValue,
                "lines": f.lines.map { ["source": $0.source, "initial": Format.amount($0.initial), "budget": Format.amount($0.budget),
                                        "spent": Format.amount($0.spent), "rate": Format.rate($0.spent, $0.budget)] },
                "initial": Format.amount(f.initialTotal), "budget": Format.amount(f.budgetTotal),
                "spent": Format.amount(f.spentTotal), "rate": Format.rate(f.spentTotal, f.budgetTotal),
            ]
        }
        if let t = p.targets {
            let adjustments = targetAdjustments(t.groups)
            c["targets"] = compact(["published": Format.date(t.published), "goal": t.goal,
                                    "rows": indicatorRows(t.groups, withResults: false), "empty": t.indicatorCount == 0,
                                    "adjustments": adjustments.isEmpty ? nil : ["rows": adjustments]])
        }
        if let s = p.selfEvaluation {
            // The self-evaluation shows even when the targets are withheld: its summary stands alone.
            let groups = p.targets?.groups ?? []
            let rate = p.funding.map { Format.rate($0.spentTotal, $0.budgetTotal) } ?? "—"
            c["selfEvaluation"] = compact([
                "published": Format.date(s.published),
                "rows": indicatorRows(groups, withResults: true),
                "executionWeight": Format.score(s.executionWeight), "executionScore": Format.score(s.executionScore),
                "executionRate": rate, "totalWeight": Format.score(totalWeight(groups, s)),
                "totalScore": Format.score(s.totalScore), "grade": s.grade,
                "problems": s.problems, "measures": s.measures, "goalAchieved": s.goalAchieved,
                "scheme": p.gradeScheme.name, "bands": bands(p.gradeScheme),
                "frame": s.frame.name, "separateExecution": s.frame.separateExecution ? true : nil,
                "report": s.report.isEmpty ? nil : Markdown.html(s.report.text),
                "recheck": s.recheck.map { c in compact([
                    "reviewer": c.reviewer, "recheckedOn": Format.date(c.date), "score": Format.score(c.score), "grade": c.grade,
                    "opinion": c.opinion, "flagged": c.flagged ? true : nil,
                    "difference": c.difference.map { ($0 > 0 ? "高 " : $0 < 0 ? "低 " : "") + Format.score(abs($0)) + " 分" },
                    "threshold": Format.score(site.config.recheckThreshold),
                ]) },
                "basis": p.gradeScheme.basis == .base ? p.gradeScheme.basis.rawValue : nil,
                "adjusted": s.baseTotal.map { baseTotal in compact([
                    "baseTotal": Format.score(baseTotal), "baseScore": s.baseScore.map(Format.score),
                    "lines": s.adjustments.map { a in
                        compact(["label": a.kind == .bonus ? "加分项" : "扣分项", "item": a.item,
                                 "cap": a.cap.map { (a.kind == .bonus ? "最高加" : "最多扣") + Format.score($0) + "分" },
                                 "points": (a.kind == .bonus ? "+" : "−") + Format.score(a.points), "reason": a.reason])
                    },
                ]) },
            ])
        }
        c["evaluations"] = p.evaluations.map { e -> [String: Any] in
            compact(["kind": e.kind, "evaluator": e.evaluator, "published": Format.date(e.published),
                     "score": e.score.map(Format.score), "grade": e.grade,
                     "report": e.report.isEmpty ? "" : Markdown.html(e.report.text)])
        }
        if let c2 = p.selfEvaluation?.recheck, c2.flagged, let difference = c2.difference {
            c["recheckFlag"] = ["difference": Format.score(abs(difference)), "threshold": Format.score(site.config.recheckThreshold)]
        }
        if let s = p.selfEvaluation, let grade = s.grade {
            c["badge"] = compact(["grade": grade, "rank": s.gradeScheme.rank(of: grade).map { $0 + 1 }, "score": s.totalScore.map(Format.score),
                                  "url": gradePath(p.year, grade), "computed": s.gradeComputed ? true : nil])
            c["breakdown"] = scoreBreakdown(p, s)
        }
        let history = (projectsByCode[p.code.lowercased()] ?? []).map { site.projects[$0] }.filter { $0.year != p.year }
        if !history.isEmpty {
            c["historyList"] = ["items": history.sorted { $0.year > $1.year }.map { h in
                compact(["year": h.year, "name": h.name, "url": Self.projectPath(h), "budget": h.budgetInWan.map(Format.amount),
                         "score": h.selfEvaluation.map { Format.score($0.totalScore) }, "grade": h.selfEvaluation?.grade])
            }]
        }
        if !p.monitoring.isEmpty {
            let threshold = site.config.monitoringThreshold
            let rows: [[String: Any]] = p.monitoring.map { m in
                compact(["date": checkpointDate(m), "planned": m.plannedRate.map { Format.score($0) + "%" } ?? "—",
                         "actual": m.actualRate.map { Format.score($0) + "%" } ?? "—",
                         "lag": m.lag.map { ($0 > 0 ? "落后 " : "超前 ") + Format.score(abs($0)) + " 个百分点" } ?? "—",
                         "progress": m.progress ?? "", "measures": m.measures ?? "", "warns": m.warns(threshold: threshold) ? true : nil])
            }
            c["monitoring"] = ["rows": rows, "threshold": Format.score(threshold)]
            c["warnings"] = p.monitoring.filter { $0.warns(threshold: threshold) }.map { m in
                compact(["date": checkpointDate(m), "lag": Format.score(m.lag ?? 0)])
            }
        }
        if !p.rectifications.isEmpty {
            let overdue = p.rectifications.filter { $0.isOverdue(on: referenceDay) }.count
            c["rectification"] = compact([
                "rows": p.rectifications.map { r in
                    compact(["problem": r.problem, "measure": r.measure ?? "", "responsible": r.responsible ?? "",
                             "deadline": Format.date(r.deadline), "status": r.status.rawValue, "completed": Format.date(r.completed),
                             "source": r.source ?? "", "overdue": r.isOverdue(on: referenceDay) ? true : nil,
                             "rule": r.deadlineRule, "undated": r.isUndated ? true : nil])
                },
                "referenceDay": Format.date(referenceDay),
            ])
            if overdue > 0 { c["overdueCount"] = overdue }
        }
        if !p.narrative.isEmpty { c["narrative"] = Markdown.html(p.narrative.text) }
        if let a = p.exAnte {
            c["exAnte"] = compact(["assessedOn": Format.date(a.date), "assessor": a.assessor, "conclusion": a.conclusion,
                                   "score": a.score.map(Format.score), "report": a.report.isEmpty ? nil : Markdown.html(a.report.text)])
        }
        c["downloads"] = ["json": OpenData.projectJSONPath(p), "csv": OpenData.projectCSVPath(p)]
        if p.hasWithheldParts { c["withheldNotice"] = site.config.withheldNotice }
        c["lastPublished"] = Format.date(p.lastPublished)
        return (p.name, c)
    }

    /// 得分情况 — weight and score per 一级 indicator over the disclosed rows, then budget execution.
    private func scoreBreakdown(_ p: DisclosedProject, _ s: DisclosedSelfEvaluation) -> [String: Any] {
        var rows: [[String: Any]] = []
        for group in p.targets?.groups ?? [] {
            let results = group.subgroups.flatMap(\.indicators).compactMap(\.result)
            guard !results.isEmpty else { continue }
            let weight = results.compactMap(\.weight).reduce(Decimal(0), +), score = results.compactMap(\.score).reduce(Decimal(0), +)
            rows.append(["name": group.name, "weight": Format.score(weight), "score": Format.score(score),
                         "rate": ExactDecimal.percent(score, of: weight, scale: 1) ?? "—"])
        }
        if s.frame.separateExecution {
            rows.append(["name": "预算执行率", "weight": Format.score(s.executionWeight), "score": Format.score(s.executionScore),
                         "rate": s.executionScore.flatMap { ExactDecimal.percent($0, of: s.executionWeight, scale: 1) } ?? "—"])
        }
        for a in s.adjustments {
            rows.append(["name": (a.kind == .bonus ? "加分项：" : "扣分项：") + a.item, "weight": a.cap.map(Format.score) ?? "—",
                         "score": (a.kind == .bonus ? "+" : "−") + Format.score(a.points), "rate": "—"])
        }
        return compact(["rows": rows, "total": Format.score(s.totalScore), "partial": p.hasWithheldParts ? true : nil])
    }

    private func totalWeight(_ groups: [DisclosedIndicatorGroup], _ s: DisclosedSelfEvaluation) -> Decimal {
        groups.reduce(s.executionWeight) { sum, g in
            sum + g.subgroups.flatMap(\.indicators).reduce(Decimal(0)) { $0 + ($1.result?.weight ?? 0) }
        }
    }

    /// Table rows in the usual layout: 一级 and 二级 cells span the rows of their children.
    /// A checkpoint's date, or its month when only a month is written (`2025-05`, 2025年5月).
    private func checkpointDate(_ m: DisclosedCheckpoint) -> [String: Any]? {
        guard let d = m.date else { return nil }
        return m.monthOnly ? ["iso": d.monthString, "chinese": "\(d.year)年\(d.month)月"] : Format.date(d)
    }

    /// The target in force; an adjusted one names the original beside it (绩效目标调整).
    private func targetText(_ indicator: DisclosedIndicator) -> String {
        let original = indicator.target?.raw ?? "—"
        guard let a = indicator.adjustment else { return original }
        return "\(a.target.raw)（调整后；原定 \(original)）"
    }

    /// 绩效目标调整 — every disclosed adjusted indicator, with original and adjusted values.
    private func targetAdjustments(_ groups: [DisclosedIndicatorGroup]) -> [[String: Any]] {
        groups.flatMap(\.subgroups).flatMap(\.indicators).compactMap { i in
            i.adjustment.map { a in
                compact(["name": i.name, "original": i.target?.raw ?? "—", "adjusted": a.target.raw,
                         "adjustedOn": Format.date(a.date), "reason": a.reason ?? ""])
            }
        }
    }

    private func indicatorRows(_ groups: [DisclosedIndicatorGroup], withResults: Bool) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for group in groups {
            let subgroups = group.subgroups.filter { !$0.indicators.isEmpty }
            let groupRows = subgroups.reduce(0) { $0 + $1.indicators.count }
            guard groupRows > 0 else { continue }
            for (s, sub) in subgroups.enumerated() {
                for (i, indicator) in sub.indicators.enumerated() {
                    var row: [String: Any] = ["name": indicator.name, "target": targetText(indicator), "basis": indicator.basis ?? ""]
                    if let e = indicator.explanation { row["explanation"] = e }
                    if s == 0 && i == 0 { row["level1"] = ["name": group.name, "rowspan": groupRows] }
                    if i == 0 { row["level2"] = ["name": sub.name, "rowspan": sub.indicators.count] }
                    if withResults, let r = indicator.result {
                        row["actual"] = r.actual ?? "—"
                        row["weight"] = Format.score(r.weight)
                        row["score"] = Format.score(r.score)
                        row["deviation"] = r.deviation ?? ""
                    }
                    rows.append(row)
                }
            }
        }
        return rows
    }

    private func documentsContext() -> [String: Any] {
        let byCategory = Dictionary(grouping: site.pages, by: { $0.category ?? "其他文件" })
        let groups: [[String: Any]] = byCategory.keys.sorted().map { category in
            let pages = byCategory[category]!.sorted {
                ($1.date ?? CalendarDate(year: 1900, month: 1, day: 1)!, $0.path.joined()) < ($0.date ?? CalendarDate(year: 1900, month: 1, day: 1)!, $1.path.joined())
            }
            return ["category": category, "pages": pages.map { compact(["title": $0.title, "url": Self.pagePath($0),
                                                                         "date": Format.date($0.date), "summary": $0.summary]) }]
        }
        return ["groups": groups]
    }

    private func pageContext(_ page: DisclosedPage) -> (String, [String: Any]) {
        (page.title, [
            "page": compact(["title": page.title, "date": Format.date(page.date), "category": page.category,
                             "department": page.departmentCode.map(departmentName), "summary": page.summary,
                             "body": Markdown.html(page.body.text)]),
            "breadcrumbs": ["items": [["label": "政策文件", "url": "documents/"]]],
        ])
    }
}
