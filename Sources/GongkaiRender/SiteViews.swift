import Foundation
import GongkaiCore
import GongkaiDisclosed

/// One page to render: where it goes, which template draws it, and what it shows.
struct PageSpec: Sendable {
    enum Content: Sendable {
        case home, departments, department(Int), years, year(Int), compliance(Int), project(Int), documents, page(Int), notFound
        case departmentPerformance(Int)
        case gradesIndex, gradeYear(Int), grade(year: Int, grade: String)
        case search, glossary, openData, verification
        /// 更新记录, and the 已撤回 notice at a withdrawn item's old address.
        case record, withdrawn(String)
        /// A folder of Markdown pages (`zhengce/`, `tongzhi/2025/`): the pages below it, as 政策文件 lists them.
        case folder(String)
    }
    var sitePath: String      // "projects/2025/jyj-2025-001/" ("" for the home page)
    var outputPath: String    // "projects/2025/jyj-2025-001/index.html"
    var template: String
    var content: Content
    /// The template to use when the theme lacks `template` (a theme made before the page kind existed).
    var fallbackTemplate: String? = nil
    /// The page's own address when this one repeats it (`projects/2025/` shows `years/2025/`): the canonical link
    /// names it, and the sitemap leaves the repetition out.
    var canonicalPath: String? = nil
}

/// What the templates see: the page list, and for each page a typed view (Views/). Listings are
/// computed once here, never inside a per-page loop over all pages (a per-page walk over every
/// page is how sites go quadratic).
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

    /// The site's name, publisher and footer, the same on every page: made once.
    let siteInfo: SiteInfoView
    /// Dates by address from the publication record (empty without one), computed once.
    let recordItems: [String: (first: String?, last: String?, withdrawn: String?, isWithdrawn: Bool)]

    init(site: DisclosedSite) {
        self.site = site
        recordItems = site.config.publicationHistory?.items ?? [:]
        siteInfo = SiteInfoView(site.config)
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
            let path = Self.performancePath(dp)
            let name = Self.performanceTitle(site.departments.first { $0.code == dp.departmentCode }?.name ?? dp.departmentCode, dp.year)
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

    /// The folders above the pages (`zhengce/`, `tongzhi/`, `tongzhi/2025/`), sorted. Only published pages make
    /// one: a folder holding only withheld pages stays unnamed.
    static func pageFolders(_ pages: [DisclosedPage]) -> [String] {
        var folders = Set<String>()
        for page in pages where page.path.count > 1 {
            for end in 1..<page.path.count { folders.insert(page.path[..<end].joined(separator: "/") + "/") }
        }
        return folders.sorted { $0.precedesBytewise($1) }
    }

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
        // A reader who shortens an address finds a page, not the 404: the folders above projects and pages.
        if !site.projects.isEmpty {
            specs.append(PageSpec(sitePath: "projects/", outputPath: "projects/index.html", template: "years", content: .years, canonicalPath: "years/"))
            for year in Set(site.projects.map(\.year)).sorted(by: >) {
                specs.append(PageSpec(sitePath: "projects/\(year)/", outputPath: "projects/\(year)/index.html", template: "year",
                                      content: .year(year), canonicalPath: "years/\(year)/"))
            }
        }
        let pagePaths = Set(specs.map(\.sitePath))
        specs += Self.pageFolders(site.pages).filter { !pagePaths.contains($0) }.map { spec($0, "documents", .folder($0)) }
        specs.append(spec("grades/", "grades", .gradesIndex))
        specs.append(spec("search/", "search", .search))
        specs.append(spec("glossary/", "glossary", .glossary))
        specs.append(spec("data/", "data", .openData))
        specs.append(spec("verify/", "verify", .verification))
        if let history = site.config.publicationHistory {
            specs.append(spec("record/", "record", .record))
            // A withdrawn address gets a notice unless something is published there again.
            let taken = Set(specs.map(\.sitePath))
            for (path, item) in history.items.sorted(by: { $0.key.precedesBytewise($1.key) })
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

    // MARK: Views

    /// The view a page's template renders: the frame every page shares, with the page's own view beneath.
    func view(for spec: PageSpec) -> PageView {
        let depth = spec.sitePath.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
        let root: String
        if case .notFound = spec.content { root = basePath } else { root = depth == 0 ? "./" : String(repeating: "../", count: depth) }
        var publication: PublicationView?
        switch spec.content {
        case .project, .departmentPerformance, .page:
            if let item = recordItems[spec.sitePath], !item.isWithdrawn, let first = item.first {
                publication = PublicationView(first: Self.recordDate(first), last: item.last.flatMap { $0 == first ? nil : Self.recordDate($0) })
            }
        default: break
        }
        let (title, body) = content(spec.content)
        return PageView(root: root, site: siteInfo, canonical: site.config.baseURL + (spec.canonicalPath ?? spec.sitePath), nav: navigation(current: spec),
                        pageTitle: title, publication: publication, body: body)
    }

    private func navigation(current spec: PageSpec) -> [LinkView] {
        let section = spec.sitePath.split(separator: "/").first.map(String.init) ?? ""
        return [
            LinkView(label: "首页", url: "", current: section == ""),
            LinkView(label: "部门公开", url: "departments/", current: section == "departments"),
            LinkView(label: "年度公开", url: "years/", current: section == "years" || section == "projects"),
            LinkView(label: "评价结果", url: "grades/", current: section == "grades"),
            LinkView(label: "政策文件", url: "documents/", current: section == "documents" || pageSections.contains(section)),
            LinkView(label: "开放数据", url: "data/", current: section == "data"),
            LinkView(label: "搜索", url: "search/", current: section == "search"),
        ]
    }

    /// The page's title and its own view.
    private func content(_ content: PageSpec.Content) -> (String, any TemplateView) {
        switch content {
        case .home: (site.config.title, homeView())
        case .departments: ("部门公开", DepartmentsView(departments: site.departments.map(departmentSummary)))
        case .department(let i): (site.departments[i].name, departmentView(site.departments[i]))
        case .years: ("年度公开", YearsView(years: years.map(yearSummary)))
        case .year(let y): ("\(y)年度预算绩效信息", yearView(y))
        case .compliance(let y): ("\(y)年度预算绩效信息公开情况", complianceView(y))
        case .project(let i): (site.projects[i].name, projectView(site.projects[i]))
        case .departmentPerformance(let i): performanceView(site.departmentPerformance[i])
        case .documents: ("政策文件", documentsView(heading: "政策文件", site.pages))
        case .folder(let folder): folderView(folder)
        case .page(let i): (site.pages[i].title, pageView(site.pages[i]))
        case .notFound: ("页面未找到", EmptyView())
        case .gradesIndex: ("评价结果", gradesIndexView())
        case .search: ("站内搜索", SearchPageView(years: years.map { .init(year: $0, url: "years/\($0)/") }))
        case .glossary: ("名词解释", EmptyView())
        case .verification: ("公开验证", verificationView())
        case .record: ("更新记录", recordView())
        case .withdrawn(let path): ("已撤回", WithdrawnPageView(date: recordItems[path]?.withdrawn.map(Self.recordDate), reason: site.config.withdrawnNotice))
        case .openData: ("开放数据", openDataView())
        case .gradeYear(let year): ("\(year)年度绩效评价结果", gradeYearView(year))
        case .grade(let year, let grade): ("\(year)年度评价等级为“\(grade)”的项目", gradeView(year, grade))
        }
    }

    // MARK: Pages

    /// A record date as the templates show dates; a date that does not parse shows as written.
    static func recordDate(_ text: String) -> DateView {
        DateView(CalendarDate(parsing: text)) ?? DateView(iso: text, chinese: text)
    }

    /// Only item addresses get a notice: a project's, a department performance's, or a page's outside the renderer's own sections.
    static func mayHoldNotice(_ path: String) -> Bool {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        return first == "projects" || first == "departments" || !RenderStage.reservedSections.contains(first) && first != "record"
    }

    /// 更新记录: each release, newest first, with its changes. An item is named by its title only while it
    /// is published now (the title is taken from the disclosed site, never from the record); otherwise by
    /// its address, so a withdrawn or withheld item shows nothing of its content.
    private func recordView() -> RecordPageView {
        var titles: [String: String] = [:]
        for p in site.projects { titles[Self.projectPath(p)] = "\(p.code) \(p.name)" }
        for dp in site.departmentPerformance { titles[Self.performancePath(dp)] = performanceTitle(dp) }
        for page in site.pages { titles[Self.pagePath(page)] = page.title }
        let kinds = ["project": "项目", "performance": "部门整体绩效", "page": "页面"]
        let actions = ["added": "新增", "corrected": "更正", "withdrawn": "撤回"]
        let releases = (site.config.publicationHistory?.releases ?? []).enumerated().reversed().map { n, release in
            RecordPageView.Release(number: n + 1, date: release.date.map(Self.recordDate), digest: release.root,
                                   rollbackFrom: release.rollbackFrom, changes: release.changes.map { change in
                let live = titles[change.path]
                let noticed = recordItems[change.path]?.isWithdrawn == true && Self.mayHoldNotice(change.path)
                return .init(kind: kinds[change.kind] ?? change.kind, change: actions[change.change] ?? change.change,
                             title: live, url: live != nil || noticed ? change.path : nil,
                             withdrawn: change.change == "withdrawn" ? true : nil)
            })
        }
        return RecordPageView(releases: releases, reason: site.config.withdrawnNotice)
    }

    private func verificationView() -> VerificationPageView {
        VerificationPageView(baseURL: site.config.baseURL,
                             key: site.config.verificationKey.map { .init(pem: $0.pem, fingerprint: $0.fingerprint) })
    }

    private func homeView() -> HomeView {
        HomeView(intro: TrustedHTML(markdown: site.intro.text, after: 2),
                 latest: latest.map { .init(date: DateView($0.date)!, label: $0.label, title: $0.title, url: $0.sitePath) },
                 years: years.map(yearSummary), departments: site.departments.map(departmentSummary))
    }

    private func departmentSummary(_ d: DisclosedDepartment) -> DepartmentSummaryView {
        DepartmentSummaryView(code: d.code, name: d.name, kind: d.kind, url: Self.departmentPath(d.code),
                              projectCount: projectsByDepartment[d.code]?.count ?? 0)
    }

    private func yearSummary(_ year: Int) -> YearSummaryView {
        let projects = (projectsByYear[year] ?? []).map { site.projects[$0] }
        return YearSummaryView(year: year, url: "years/\(year)/", projectCount: projects.count, budget: Format.wan(totalBudgetInWan(projects)))
    }

    private func departmentView(_ d: DisclosedDepartment) -> DepartmentPageView {
        let projects = (projectsByDepartment[d.code] ?? []).map { site.projects[$0] }
        let byYear = Dictionary(grouping: projects, by: \.year)
        let performance = site.departmentPerformance.filter { $0.departmentCode == d.code }
        return DepartmentPageView(
            department: .init(code: d.code, name: d.name, kind: d.kind, intro: d.intro, scheme: d.gradeScheme.name, bands: bands(d.gradeScheme)),
            units: d.units.map { .init(code: $0.code, name: $0.name) },
            yearGroups: byYear.keys.sorted(by: >).map { year in
                let list = byYear[year]!
                return ProjectGroupView(year: year, projects: list.map(projectRow), label: "\(year)年度项目列表",
                                        budget: Format.wan(totalBudgetInWan(list)))
            },
            breadcrumbs: BreadcrumbsView(("部门公开", "departments/")),
            performance: performance.isEmpty ? nil : PerformanceTableView(rows: performance.map(performanceRow), label: "\(d.name)部门整体绩效列表",
                                                                          caption: "\(d.name)部门整体绩效目标和部门整体绩效自评"))
    }

    private func yearView(_ year: Int) -> YearPageView {
        let projects = (projectsByYear[year] ?? []).map { site.projects[$0] }
        let byDepartment = Dictionary(grouping: projects, by: \.departmentCode)
        let performance = site.departmentPerformance.filter { $0.year == year }
        return YearPageView(
            year: year,
            departmentGroups: site.departments.compactMap { d in
                guard let list = byDepartment[d.code] else { return nil }
                return ProjectGroupView(department: d.name, url: Self.departmentPath(d.code), projects: list.map(projectRow),
                                        label: "\(d.name)项目列表", budget: Format.wan(totalBudgetInWan(list)))
            },
            projectCount: projects.count, performanceCount: performance.count,
            performance: performance.isEmpty ? nil : PerformanceTableView(rows: performance.map(performanceRow), label: "\(year)年度部门整体绩效列表",
                                                                          caption: "\(year)年度部门整体绩效（\(performance.count)个部门，不计入项目数）"),
            evaluatedCount: projects.filter { $0.selfEvaluation != nil }.count, budget: Format.wan(totalBudgetInWan(projects)),
            breadcrumbs: BreadcrumbsView(("年度公开", "years/")))
    }

    private func complianceView(_ year: Int) -> CompliancePageView {
        let c = site.compliance(year: year)
        let rule = site.config.complianceScore
        func row(_ r: ComplianceYear.Row, url: String?) -> CompliancePageView.Row {
            .init(department: r.departmentName, url: url, projects: r.projects,
                  targets: "\(r.targetsPublished)/\(r.targetsRequired)", results: "\(r.resultsPublished)/\(r.resultsRequired)",
                  onTime: "\(r.publishedOnTime)/\(r.published)", missing: r.missing, score: Format.score(r.score))
        }
        var total = row(c.total, url: nil)
        var ruleText = "公开绩效目标 \(Format.score(rule.targets)) 分、公开自评结果 \(Format.score(rule.results)) 分、按时公开 \(Format.score(rule.onTime)) 分（均按比例计算），每缺少一项扣 \(Format.score(rule.missingDeduction)) 分，最低 0 分"
        var rubricView: CompliancePageView.Rubric?
        if let rubric = c.rubric {
            total.score = "—"
            ruleText = "按绩效管理工作考核评分表计分（基本分 \(Format.score(rubric.totalPoints)) 分，另计加分），见下表"
            rubricView = .init(
                departments: c.rows.map { .init(department: $0.departmentName) },
                items: rubric.items.enumerated().map { i, item in
                    .init(name: item.name, points: Format.score(item.points),
                          how: item.measure.map { "\($0.chineseName)扣 \(Format.score(item.deduction)) 分，扣完为止" } ?? "人工录入",
                          cells: c.rows.map { r in
                              let line = r.rubricLines[i]
                              return .init(score: line.score.map(Format.score) ?? "未录入",
                                           note: line.shortfalls.map { $0 > 0 ? "（\($0)项）" : "" } ?? "")
                          })
                },
                bonuses: rubric.bonuses.map { b in
                    .init(name: b.name, how: "每次加 \(Format.score(b.each)) 分" + (b.cap.map { "，最多 \(Format.score($0)) 分" } ?? ""),
                          cells: c.rows.map { .init(score: Format.score(b.points(department: $0.departmentCode))) })
                },
                bonusCap: rubric.bonusCap.map { "加分合计最多 \(Format.score($0)) 分" },
                totals: c.rows.map { .init(score: Format.score($0.score)) },
                totalPoints: Format.score(rubric.totalPoints))
        }
        return CompliancePageView(
            year: year, rubric: rubricView,
            budgetApproved: DateView(c.budgetApproved), accountsApproved: DateView(c.accountsApproved),
            targetsDeadline: DateView(c.targetsDeadline), resultsDeadline: DateView(c.resultsDeadline),
            deadlineText: "绩效目标\(site.config.calendar.ruleText(of: .targets))、绩效自评结果\(site.config.calendar.ruleText(of: .selfEvaluation))",
            rows: c.rows.map { row($0, url: Self.departmentPath($0.departmentCode)) },
            total: total, rule: ruleText,
            breadcrumbs: BreadcrumbsView(("年度公开", "years/"), ("\(year)年度", "years/\(year)/")))
    }

    private func openDataView() -> OpenDataPageView {
        func columns(_ list: [(String, String, String)]) -> [OpenDataPageView.Column] {
            list.map { .init(name: $0.0, type: $0.1, title: $0.2) }
        }
        return OpenDataPageView(
            years: years.map { y in .init(year: y, projects: "data/\(y)/projects.csv", indicators: "data/\(y)/indicators.csv",
                                          evaluations: "data/\(y)/evaluations.csv", zip: "data/\(y)/gongkai-\(y).zip") },
            tables: [
                .init(name: "projects.csv", title: "项目表：每个公开项目一行", columns: columns(OpenData.projectColumns)),
                .init(name: "indicators.csv", title: "绩效指标表：每个公开的三级指标一行", columns: columns(OpenData.indicatorColumns)),
                .init(name: "evaluations.csv", title: "评价结果表：每个自评或评价结果一行", columns: columns(OpenData.evaluationColumns)),
            ])
    }

    private func projectRow(_ p: DisclosedProject) -> ProjectRowView {
        let budget = p.funding.flatMap { f in f.budgetTotal.map { Format.amount($0) + " " + f.unit.rawValue } }
        return ProjectRowView(name: p.name, code: p.code, url: Self.projectPath(p), department: departmentName(p.departmentCode),
                              budgetText: budget ?? "—",
                              rateText: p.funding.map { Format.rate($0.spentTotal, $0.budgetTotal) } ?? "—",
                              scoreText: p.selfEvaluation.map { Format.score($0.totalScore) } ?? "未公开",
                              gradeText: p.selfEvaluation?.grade ?? "—")
    }

    func unitName(_ p: DisclosedProject) -> String? {
        p.unitCode.flatMap { code in departmentIndex[p.departmentCode].flatMap { site.departments[$0].units.first { $0.code == code }?.name } }
    }

    func departmentName(_ code: String) -> String {
        departmentIndex[code].map { site.departments[$0].name } ?? code
    }

    /// A 部门整体绩效 page's title, wherever it is named (its page, the feed, the record, search).
    func performanceTitle(_ dp: DisclosedDepartmentPerformance) -> String {
        Self.performanceTitle(departmentName(dp.departmentCode), dp.year)
    }

    static func performanceTitle(_ department: String, _ year: Int) -> String { "\(department)\(year)年度部门整体绩效" }

    /// Budget total in 万元 over the disclosed lines of disclosed projects only.
    private func totalBudgetInWan(_ projects: [DisclosedProject]) -> Decimal {
        projects.reduce(Decimal(0)) { sum, p in
            guard let f = p.funding, let b = f.budgetTotal else { return sum }
            return sum + Money(b, f.unit).converted(to: .tenThousandYuan).amount
        }
    }

    /// `优 ≥90分，良 ≥80分，中 ≥60分，差 <60分`
    func bands(_ scheme: GradeScheme) -> String {
        scheme.bands.enumerated().map { i, band in
            if i == scheme.bands.count - 1, i > 0, band.minimum == 0 {
                return "\(band.grade) <\(Format.score(scheme.bands[i - 1].minimum))分"
            }
            return "\(band.grade) ≥\(Format.score(band.minimum))分"
        }.joined(separator: "，")
    }

    /// A row of a list of department-wide performance (部门整体绩效).
    func performanceRow(_ dp: DisclosedDepartmentPerformance) -> PerformanceRowView {
        PerformanceRowView(department: departmentName(dp.departmentCode), year: dp.year, url: Self.performancePath(dp),
                           targetsText: dp.targets.map { $0.published.map(\.description) ?? "已公开" } ?? "未公开",
                           scoreText: dp.selfEvaluation.map { Format.score($0.totalScore) } ?? "未公开",
                           gradeText: dp.selfEvaluation?.grade ?? "—")
    }

    /// A page folder's listing, titled by its pages' categories (`政策文件、办事指南`).
    private func folderView(_ folder: String) -> (String, DocumentsView) {
        let pages = site.pages.filter { Self.pagePath($0).hasPrefix(folder) }
        let title = Set(pages.map { $0.category ?? Self.uncategorised }).sorted().joined(separator: "、")
        var view = documentsView(heading: title, pages)
        view.breadcrumbs = BreadcrumbsView(("政策文件", "documents/"))
        return (title, view)
    }

    /// What a page without a category is listed under.
    static let uncategorised = "其他文件"

    private func documentsView(heading: String, _ pages: [DisclosedPage]) -> DocumentsView {
        let byCategory = Dictionary(grouping: pages, by: { $0.category ?? Self.uncategorised })
        return DocumentsView(heading: heading, groups: byCategory.keys.sorted().map { category in
            let pages = byCategory[category]!.sorted {
                ($1.date ?? CalendarDate(year: 1900, month: 1, day: 1)!, $0.path.joined()) < ($0.date ?? CalendarDate(year: 1900, month: 1, day: 1)!, $1.path.joined())
            }
            return .init(category: category, pages: pages.map { .init(title: $0.title, url: Self.pagePath($0), date: DateView($0.date), summary: $0.summary) })
        })
    }

    private func pageView(_ page: DisclosedPage) -> DocumentPageView {
        DocumentPageView(page: .init(title: page.title, date: DateView(page.date), category: page.category,
                                     department: page.departmentCode.map(departmentName), summary: page.summary,
                                     body: TrustedHTML(markdown: page.body.text, after: 1)),
                         breadcrumbs: BreadcrumbsView(("政策文件", "documents/")))
    }
}
