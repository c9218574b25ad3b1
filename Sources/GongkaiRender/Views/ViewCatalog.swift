/// Every view a template can reach, and the view each page template draws. `ThemeCheck` reads it to
/// warn about keys no view gives (Mustache draws an unknown key as nothing, so a misspelt key in a
/// site's own theme would otherwise publish an empty cell in silence); `TemplateViewTests` checks
/// it against the built-in theme both ways.
enum ViewCatalog {
    /// A view left out here makes the built-in theme's keys unknown (a test fails), never passes one.
    static let types: [any TemplateView.Type] = [
        PageView.self, SiteInfoView.self, SiteInfoView.Footer.self, PublicationView.self, DateView.self, LinkView.self,
        BreadcrumbsView.self, EmptyView.self, CountCell.self,
        HomeView.self, HomeView.Latest.self, DepartmentsView.self, DepartmentSummaryView.self, YearsView.self, YearSummaryView.self,
        DepartmentPageView.self, DepartmentPageView.Info.self, DepartmentPageView.Unit.self, YearPageView.self,
        ProjectGroupView.self, ProjectRowView.self, PerformanceTableView.self, PerformanceRowView.self,
        DocumentsView.self, DocumentsView.Group.self, DocumentsView.Row.self, DocumentPageView.self, DocumentPageView.Info.self,
        SearchPageView.self, SearchPageView.Year.self, OpenDataPageView.self, OpenDataPageView.Year.self,
        OpenDataPageView.Table.self, OpenDataPageView.Column.self, VerificationPageView.self, VerificationPageView.Key.self,
        RecordPageView.self, RecordPageView.Release.self, RecordPageView.Change.self, WithdrawnPageView.self,
        CompliancePageView.self, CompliancePageView.Row.self, CompliancePageView.Rubric.self, CompliancePageView.Rubric.Cell.self,
        CompliancePageView.Rubric.Department.self, CompliancePageView.Rubric.Line.self,
        ProjectPageView.self, ProjectPageView.Info.self, ProjectPageView.Funding.self, ProjectPageView.Funding.Line.self,
        ProjectPageView.Funding.Uses.self, ProjectPageView.Funding.Uses.Row.self, ProjectPageView.Tasks.self, ProjectPageView.Tasks.Row.self,
        ProjectPageView.IndicatorGroup.self,
        ProjectPageView.IndicatorRow.self, ProjectPageView.IndicatorRow.Span.self, ProjectPageView.Adjustment.self,
        ProjectPageView.Adjustments.self, ProjectPageView.Targets.self, ProjectPageView.Recheck.self, ProjectPageView.Adjusted.self,
        ProjectPageView.Adjusted.Line.self, ProjectPageView.SelfEvaluation.self, ProjectPageView.Evaluation.self,
        ProjectPageView.RecheckFlag.self, ProjectPageView.Badge.self, ProjectPageView.Breakdown.self, ProjectPageView.Breakdown.Row.self,
        ProjectPageView.History.self, ProjectPageView.History.Item.self, ProjectPageView.Monitoring.self, ProjectPageView.Monitoring.Row.self,
        ProjectPageView.Warning.self, ProjectPageView.Rectification.self, ProjectPageView.Rectification.Row.self,
        ProjectPageView.ExAnte.self, ProjectPageView.Downloads.self,
        GradesIndexView.self, GradesIndexView.Year.self, GradesIndexView.Grade.self, GradeLinkView.self,
        GradeYearView.self, GradeYearView.GradeRow.self, GradeYearView.EvaluationType.self, GradeYearView.Performance.self,
        GradeYearView.Performance.Row.self, GradeYearView.Department.self, GradePageView.self, GradePageView.Row.self,
        GradePageView.Meaning.self, GradePageView.Meanings.self, BarChartView.self, BarChartView.Bar.self,
        BundleReportView.self, BundleReportView.Site.self, BundleReportView.Grade.self, BundleReportView.Contents.self,
        BundleReportView.Summary.self, BundleReportView.Department.self,
    ]

    /// Every key some view gives.
    static let keys: Set<String> = types.reduce(into: []) { $0.formUnion($1.keys) }

    /// The view beneath the page frame (`PageView`) for each page template (`SiteViews.content`).
    static let pageViews: [String: any TemplateView.Type] = [
        "home": HomeView.self, "departments": DepartmentsView.self, "department": DepartmentPageView.self,
        "years": YearsView.self, "year": YearPageView.self, "compliance": CompliancePageView.self,
        "project": ProjectPageView.self, "department-performance": ProjectPageView.self,
        "documents": DocumentsView.self, "page": DocumentPageView.self, "404": EmptyView.self, "glossary": EmptyView.self,
        "grades": GradesIndexView.self, "grade-year": GradeYearView.self, "grade": GradePageView.self,
        "search": SearchPageView.self, "verify": VerificationPageView.self, "record": RecordPageView.self,
        "withdrawn": WithdrawnPageView.self, "data": OpenDataPageView.self,
    ]

    /// The keys at the top of the template `name` (outside every section), where the context is the
    /// page's own view; nil for a template that is not a page (a partial, the layout).
    static func topLevelKeys(of name: String) -> Set<String>? {
        if name == "bundle" { return BundleReportView.keys }
        return pageViews[name].map { PageView.keys.union($0.keys) }
    }
}

extension TemplateView {
    /// The keys this view answers.
    static var keys: Set<String> { Set(fields.keys) }
}
