import Foundation
import Testing
@testable import GongkaiRender

/// The typed views and the built-in templates agree: every key a template names is declared by
/// a view, and every key a view declares is read by a template. Mustache renders an unknown key
/// as nothing, so a misspelt key would otherwise pass every build in silence.
@Suite struct TemplateViewTests {
    /// Every view a template can reach. A view left out here makes the test fail on its keys, not pass.
    static let viewTypes: [any TemplateView.Type] = [
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
        BundleReportView.Summary.self, BundleReportView.Entry.self, BundleReportView.Department.self,
    ]

    static func declaredKeys<View: TemplateView>(_ type: View.Type) -> Set<String> { Set(View.fields.keys) }

    /// Each key named in a template, with the file it appears in: variables, sections and the parts of
    /// dotted names. Partials, parents, blocks, comments and the pragma name templates, not keys.
    static func templateKeys() -> [(key: String, file: String)] {
        BuiltinTheme.files.filter { $0.path.hasPrefix("templates/") && $0.path.hasSuffix(".mustache") }.flatMap { path, data in
            keys(in: String(decoding: data, as: UTF8.self)).map { (key: $0, file: path) }
        }
    }

    static func keys(in text: String) -> [String] {
        var keys: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.first == "{" { tag = tag.dropFirst(); if rest.first == "}" { rest = rest.dropFirst() } }
            tag = tag.drop { $0 == " " }
            guard let sigil = tag.first else { continue }
            if "!%></$=".contains(sigil) { continue }
            if "#^&".contains(sigil) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            guard name != "." else { continue }
            keys += name.split(separator: ".").map(String.init)
        }
        return keys
    }

    @Test func everyTemplateKeyIsDeclaredByAView() {
        let declared = Self.viewTypes.reduce(into: Set<String>()) { $0.formUnion(Self.declaredKeys($1)) }
        let keys = Self.templateKeys()
        #expect(keys.count > 300, "the scanner found too few keys: \(keys.count)")
        let undeclared = keys.filter { !declared.contains($0.key) }.map { "\($0.file): \($0.key)" }
        #expect(undeclared.isEmpty, "template keys that no view declares: \(Set(undeclared).sorted())")
    }

    @Test func everyDeclaredKeyIsReadByATemplate() {
        let used = Set(Self.templateKeys().map(\.key))
        var unused: [String] = []
        for type in Self.viewTypes {
            for key in Self.declaredKeys(type).sorted() where !used.contains(key) { unused.append("\(type).\(key)") }
        }
        #expect(unused.isEmpty, "view keys that no built-in template reads: \(unused)")
    }

    /// The scanner itself: a misspelt key in a template is caught.
    @Test func aMisspeltKeyIsFound() {
        let text = "{{<layout}}{{$main}}{{! 注释 }}{{#project}}{{ nmae }}{{/project}}{{>partials/x}}{{{report}}}{{&site.titel}}{{.}}{{/main}}{{/layout}}"
        #expect(Self.keys(in: text) == ["project", "nmae", "report", "site", "titel"])
        let declared = Self.viewTypes.reduce(into: Set<String>()) { $0.formUnion(Self.declaredKeys($1)) }
        #expect(Self.keys(in: text).filter { !declared.contains($0) } == ["nmae", "titel"])
    }
}
