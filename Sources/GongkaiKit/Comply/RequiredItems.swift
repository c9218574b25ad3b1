import Foundation
import GongkaiCore
import GongkaiDisclosed

/// A required item that is missing, late or empty — for the clerks' diagnostics and the internal report.
struct RequiredItemFinding: Sendable {
    var project: String
    var year: Int
    var code: DiagnosticCode
    var severity: Severity
    var requirement: DisclosureCalendar.Requirement
    var status: DisclosureCalendar.Status
    var deadline: CalendarDate?
    var published: CalendarDate?
    var location: SourceLocation
    var message: String
}

/// 应公开事项 — "targets and results published": each public project publishes its targets once
/// its budget is approved, its self-evaluation results and key-evaluation results once its final
/// accounts are approved, each within the deadline, and none of them empty.
///
/// Judged on the disclosed view (what the website actually shows), with the source model for
/// positions. An item withheld under the rules is exempt: it is listed in the internal report.
enum RequiredItemsCheck {
    static func run(source: SourceSite, disclosed: DisclosedSite, ledger: Ledger) -> (DiagnosticList, [RequiredItemFinding]) {
        let config = source.config
        let calendar = config.calendar
        let severity: Severity = config.strict ? .error : .warning
        var diagnostics = DiagnosticList()
        var findings: [RequiredItemFinding] = []
        // Which source items reach the audience: the ledger says, so the rule is stated once.
        var asked = Set(source.projects.flatMap { $0.evaluations.map(\.location) })
        for dp in source.departmentPerformance {
            if let t = dp.targets { asked.insert(t.location) }
            if let s = dp.selfEvaluation { asked.insert(s.location) }
        }
        let reaching = ledger.reaching(among: asked)
        // Indices, not copies: 20,000 projects of 1.4 KB each were copied into this table.
        let sourceIndex = Dictionary(source.projects.indices.map { ("\(source.projects[$0].year)/\(source.projects[$0].code)", $0) },
                                     uniquingKeysWith: { a, _ in a })

        func report(_ code: DiagnosticCode, _ p: Project, _ requirement: DisclosureCalendar.Requirement,
                    _ status: DisclosureCalendar.Status, published: CalendarDate?, at location: SourceLocation, _ message: String) {
            diagnostics.append(Diagnostic(severity, code, message, at: location))
            findings.append(RequiredItemFinding(project: "\(p.year) \(p.code) \(p.name)", year: p.year, code: code, severity: severity,
                                                requirement: requirement, status: status,
                                                deadline: calendar.deadline(of: requirement, year: p.year, department: p.departmentCode), published: published,
                                                location: location, message: message))
        }

        // A publish date after the reference day has not happened yet: a typo (2099) would otherwise count
        // as published on the compliance page and put a date from the future on the site.
        if let asOf = calendar.asOf {
            func future(_ date: CalendarDate?, _ what: String, at location: SourceLocation) {
                guard let date, date > asOf else { return }
                diagnostics.warning(.publishedAfterReferenceDay, "\(what)的发布日期 \(date) 晚于基准日 \(asOf)：这一天还没有到，日期是否写错？", at: location)
            }
            // Published parts of published projects only: a withheld one's dates reach no page, and a message placed
            // inside it would print its date and, for an evaluation, its kind (`国防评价`) beside the redacted quotes.
            for project in disclosed.projects {
                guard let i = sourceIndex["\(project.year)/\(project.code)"] else { continue }
                let p = source.projects[i]
                future(project.targets?.published, "项目“\(p.name)”的绩效目标", at: p.targets?.location ?? p.location)
                future(project.selfEvaluation?.published, "项目“\(p.name)”的自评结果", at: p.selfEvaluation?.location ?? p.location)
                for e in p.evaluations where reaching.contains(e.location) { future(e.published, "项目“\(p.name)”的\(e.kind)", at: e.location) }
            }
            let shownPages = Set(disclosed.pages.map(\.path))
            for page in source.pages where shownPages.contains(page.path) { future(page.date, "页面“\(page.title)”", at: page.location) }
        }

        for project in disclosed.projects {
            guard let i = sourceIndex["\(project.year)/\(project.code)"] else { continue }
            let p = source.projects[i]
            let name = "项目“\(p.name)”"

            // Results report on a year that is over: one published within that year is a mistyped date (last
            // year's copied), which would count as on time.
            func beforeYearEnd(_ date: CalendarDate?, _ what: String, at location: SourceLocation) {
                guard let date, date.year <= p.year else { return }
                diagnostics.warning(.publishedAfterReferenceDay, "\(name)的\(what)的发布日期 \(date) 在\(p.year)年度结束之前：评价结果在年度终了后才能公开，日期是否写错？",
                                    at: location)
            }
            if let s = project.selfEvaluation, let at = p.selfEvaluation?.location { beforeYearEnd(s.published, "自评结果", at: at) }
            // Targets are published once the budget is approved: an earlier date is last year's, copied.
            if let published = project.targets?.published, let approved = calendar.approval(of: .targets, year: p.year), published < approved {
                diagnostics.warning(.publishedAfterReferenceDay, "\(name)的绩效目标的发布日期 \(published) 早于\(p.year)年度预算批复日期 \(approved)：绩效目标在预算批复后公开，日期是否写错？",
                                    at: p.targets?.location ?? p.location)
            }
            // Results evaluate the targets: a self-evaluation published before them means one of the dates is
            // wrong, or the targets were written after the fact (事后补录), which a reviewer must see.
            if let s = project.selfEvaluation?.published, s != .distantPast, let t = project.targets?.published, t != .distantPast, s < t {
                diagnostics.warning(.publishedAfterReferenceDay, "\(name)的自评结果的发布日期 \(s) 早于其绩效目标的发布日期 \(t)：自评是对已公开绩效目标的评价，应在目标公开之后，日期是否写错？",
                                    at: p.selfEvaluation?.location ?? p.location)
            }
            // Key evaluations only: a 部门评价 or 第三方评价 may be a mid-year one (事中评价).
            for (e, source) in zip(project.evaluations, p.evaluations.filter { reaching.contains($0.location) }) where source.isKeyEvaluation {
                beforeYearEnd(e.published, e.kind, at: source.location)
            }

            // Targets: due once the budget is approved; without approval dates they are still expected.
            if !project.withheldRequirements.contains(.targets) {
                let status = calendar.deadline(of: .targets, year: p.year, department: p.departmentCode) == nil
                    ? (project.targets == nil ? .missing : .onTime)
                    : calendar.status(of: .targets, year: p.year, published: project.targets.map { $0.published ?? .distantPast },
                                      department: p.departmentCode)
                switch status {
                case .missing:
                    let due = calendar.deadline(of: .targets, year: p.year, department: p.departmentCode).map { "（应于 \($0) 前公开）" } ?? ""
                    report(.missingTargets, p, .targets, .missing, published: nil, at: p.location,
                           "\(name)未公开绩效目标\(due)：预算项目应随预算公开绩效目标（targets）")
                case .late:
                    if let published = project.targets?.published, published != .distantPast, let deadline = calendar.deadline(of: .targets, year: p.year, department: p.departmentCode) {
                        report(.publishedLate, p, .targets, .late, published: published, at: p.targets?.location ?? p.location,
                               "\(name)的绩效目标于 \(published) 公开，晚于公开时限 \(deadline)（\(calendar.ruleText(of: .targets, department: p.departmentCode))）")
                    }
                default: break
                }
                if let targets = project.targets {
                    if targets.published == nil {
                        diagnostics.append(Diagnostic(severity, .missingPublishDate, "\(name)的绩效目标缺少公开日期（published）",
                                                      at: p.targets?.location ?? p.location))
                    }
                    if targets.indicatorCount == 0 {
                        report(.emptyIndicatorTable, p, .targets, .onTime, published: targets.published, at: p.targets?.location ?? p.location,
                               "\(name)的绩效指标表没有任何公开的三级指标")
                    }
                }
            }

            // Self-evaluation results: due once the final accounts are approved.
            if !project.withheldRequirements.contains(.selfEvaluation) {
                let published = project.selfEvaluation.map { $0.published ?? .distantPast }
                switch calendar.status(of: .selfEvaluation, year: p.year, published: published, department: p.departmentCode) {
                case .missing:
                    report(.missingResults, p, .selfEvaluation, .missing, published: nil, at: p.location,
                           "\(name)未公开自评结果（应于 \(calendar.deadline(of: .selfEvaluation, year: p.year, department: p.departmentCode)!) 前公开，见 self_evaluation）")
                case .late:
                    if let date = published, date != .distantPast {
                        report(.publishedLate, p, .selfEvaluation, .late, published: date, at: p.selfEvaluation?.location ?? p.location,
                               "\(name)的自评结果于 \(date) 公开，晚于公开时限 \(calendar.deadline(of: .selfEvaluation, year: p.year, department: p.departmentCode)!)（\(calendar.ruleText(of: .selfEvaluation, department: p.departmentCode))）")
                    }
                default: break
                }
                if let s = project.selfEvaluation {
                    if s.published == nil {
                        diagnostics.append(Diagnostic(severity, .missingPublishDate, "\(name)的单位自评缺少公开日期（published）",
                                                      at: p.selfEvaluation?.location ?? p.location))
                    }
                    // Judged on the source: withheld indicators keep their scores there, and a total left out
                    // on purpose (`inference: withhold_totals`) was still written.
                    let scored = p.targets?.hasScoredRow ?? false
                    let total = p.selfEvaluation?.totalScore
                    if total == nil || !scored {
                        report(.emptySelfEvaluation, p, .selfEvaluation, .onTime, published: s.published, at: p.selfEvaluation?.location ?? p.location,
                               "\(name)的单位自评没有\(total == nil ? "总分" : "任何指标得分")：自评结果应逐项列出分值和得分")
                    }
                }
            }

            // Key evaluations: their results (score and report) are published with the final accounts.
            if !project.withheldRequirements.contains(.keyEvaluation) {
                for (e, source) in zip(project.evaluations, p.evaluations.filter { reaching.contains($0.location) })
                    where source.isKeyEvaluation {
                    if e.published == nil {
                        diagnostics.append(Diagnostic(severity, .missingPublishDate, "\(name)的\(e.kind)缺少公开日期（published）", at: source.location))
                    } else if calendar.status(of: .keyEvaluation, year: p.year, published: e.published, department: p.departmentCode) == .late {
                        report(.publishedLate, p, .keyEvaluation, .late, published: e.published, at: source.location,
                               "\(name)的\(e.kind)结果于 \(e.published!) 公开，晚于公开时限 \(calendar.deadline(of: .keyEvaluation, year: p.year, department: p.departmentCode)!)")
                    }
                    if e.score == nil || e.report.isEmpty {
                        report(.missingKeyEvaluationResults, p, .keyEvaluation, .missing, published: e.published, at: source.location,
                               "\(name)的\(e.kind)未公开\(e.score == nil ? "评价得分" : "评价报告")")
                    }
                }
            }
        }
        checkDepartmentWide(source: source, disclosed: disclosed, reaching: reaching, severity: severity,
                            diagnostics: &diagnostics, findings: &findings)
        return (diagnostics, findings)
    }

    /// 部门整体绩效: a department-wide file that is published must carry its targets (due with the
    /// budget) and its self-evaluation (due with the final accounts), on time, dated and scored.
    /// Parts withheld under the rules are exempt.
    static func checkDepartmentWide(source: SourceSite, disclosed: DisclosedSite, reaching: Set<SourceLocation>, severity: Severity,
                                    diagnostics: inout DiagnosticList, findings: inout [RequiredItemFinding]) {
        let calendar = source.config.calendar
        let shown = Set(disclosed.departmentPerformance.map { "\($0.year)/\($0.departmentCode)" })
        let names = Dictionary(source.departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        for dp in source.departmentPerformance where shown.contains("\(dp.year)/\(dp.departmentCode)") {
            let name = "部门“\(names[dp.departmentCode] ?? dp.departmentCode)”\(dp.year)年度"
            func report(_ code: DiagnosticCode, _ requirement: DisclosureCalendar.Requirement, _ status: DisclosureCalendar.Status,
                        published: CalendarDate?, at location: SourceLocation, _ message: String) {
                diagnostics.append(Diagnostic(severity, code, message, at: location))
                findings.append(RequiredItemFinding(project: "\(dp.year) \(dp.departmentCode) \(DepartmentPerformance.title)", year: dp.year, code: code,
                                                    severity: severity, requirement: requirement,
                                                    status: status, deadline: calendar.deadline(of: requirement, year: dp.year, department: dp.departmentCode),
                                                    published: published, location: location, message: message))
            }
            let parts: [(DisclosureCalendar.Requirement, CalendarDate??, SourceLocation?, String, DiagnosticCode)] = [
                (.targets, dp.targets.map { $0.published }, dp.targets?.location, "部门整体绩效目标", .missingTargets),
                (.selfEvaluation, dp.selfEvaluation.map { $0.published }, dp.selfEvaluation?.location, "部门整体绩效自评", .missingResults),
            ]
            for (requirement, published, location, label, missingCode) in parts {
                if let location, !reaching.contains(location) { continue } // withheld under the rules
                switch calendar.status(of: requirement, year: dp.year, published: published.map { $0 ?? .distantPast }, department: dp.departmentCode) {
                case .missing:
                    let due = calendar.deadline(of: requirement, year: dp.year, department: dp.departmentCode).map { "（应于 \($0) 前公开）" } ?? ""
                    report(missingCode, requirement, .missing, published: nil, at: dp.location, "\(name)未公开\(label)\(due)")
                case .late:
                    if let date = published ?? nil, let deadline = calendar.deadline(of: requirement, year: dp.year, department: dp.departmentCode), let location {
                        report(.publishedLate, requirement, .late, published: date, at: location,
                               "\(name)的\(label)于 \(date) 公开，晚于公开时限 \(deadline)（\(calendar.ruleText(of: requirement, department: dp.departmentCode))）")
                    }
                default: break
                }
                if let location, published != nil, published! == nil {
                    diagnostics.append(Diagnostic(severity, .missingPublishDate, "\(name)的\(label)缺少公开日期（published）", at: location))
                }
            }
            // Dates that cannot be (copied from last year's file), as for projects.
            if let t = dp.targets, reaching.contains(t.location), let published = t.published,
               let approved = calendar.approval(of: .targets, year: dp.year), published < approved {
                diagnostics.warning(.publishedAfterReferenceDay, "\(name)的部门整体绩效目标的发布日期 \(published) 早于预算批复日期 \(approved)：绩效目标在预算批复后公开，日期是否写错？",
                                    at: t.location)
            }
            if let s = dp.selfEvaluation, reaching.contains(s.location), let published = s.published, published.year <= dp.year {
                diagnostics.warning(.publishedAfterReferenceDay, "\(name)的部门整体绩效自评的发布日期 \(published) 在\(dp.year)年度结束之前：评价结果在年度终了后才能公开，日期是否写错？",
                                    at: s.location)
            }
            if let s = dp.selfEvaluation, reaching.contains(s.location), s.totalScore == nil {
                report(.emptySelfEvaluation, .selfEvaluation, .onTime, published: s.published, at: s.location, "\(name)的部门整体绩效自评没有总分")
            }
        }
    }
}

extension CalendarDate {
    /// Stands for "published, but the date is not written": counts as published (GK303 reports the
    /// missing date), and is never reported as late.
    static let distantPast = CalendarDate(year: 1900, month: 1, day: 1)!
}
