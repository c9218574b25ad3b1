import Foundation
import GongkaiCore

/// 公开情况 — how each department published its required items in one fiscal year, computed from
/// the disclosed view only. Items withheld under the rules are exempt and never named.
public struct ComplianceYear: Sendable {
    public struct Row: Sendable {
        public var departmentCode: String
        public var departmentName: String
        public var projects = 0
        public var targetsRequired = 0
        public var targetsPublished = 0
        public var resultsRequired = 0
        public var resultsPublished = 0
        public var published = 0
        public var publishedOnTime = 0
        public var missing: Int { (targetsRequired - targetsPublished) + (resultsRequired - resultsPublished) }
        public var score: Decimal = 0
        /// Projects with targets and no monitoring checkpoint.
        public var monitoringMissing = 0
        /// Rectification items overdue or without a deadline.
        public var rectificationShortfalls = 0
        /// The rubric's lines for this department, when a rubric is configured.
        public var rubricLines: [RubricLine] = []
        public var rubricBonus: Decimal = 0

        /// One line of the management rubric for one department.
        public struct RubricLine: Sendable {
            public var name: String
            public var points: Decimal
            /// nil: entered by hand but not entered.
            public var score: Decimal?
            /// The shortfalls counted, or nil for an item entered by hand (人工录入).
            public var shortfalls: Int?
        }

        /// Shortfalls of one measure, from the counts.
        func shortfalls(_ measure: ManagementRubric.Measure) -> Int {
            switch measure {
            case .targetsPublished: targetsRequired - targetsPublished
            case .resultsPublished: resultsRequired - resultsPublished
            case .onTime: published - publishedOnTime
            case .monitoring: monitoringMissing
            case .rectification: rectificationShortfalls
            }
        }

        /// Scores the row by the rubric: measured items lose points per shortfall (扣完为止), hand-entered
        /// ones take their entry, bonuses add up to their caps.
        mutating func score(by rubric: ManagementRubric) {
            rubricLines = rubric.items.map { item in
                let count = item.measure.map(shortfalls)
                return RubricLine(name: item.name, points: item.points, score: item.score(department: departmentCode, shortfalls: count ?? 0),
                                  shortfalls: count)
            }
            let bonus = rubric.bonuses.reduce(Decimal(0)) { $0 + $1.points(department: departmentCode) }
            rubricBonus = rubric.bonusCap.map { min(bonus, $0) } ?? bonus
            score = rubricLines.reduce(Decimal(0)) { $0 + ($1.score ?? 0) } + rubricBonus
        }

        /// Counts one required item: required, and whether it was published and on time.
        mutating func count(_ standing: (published: Bool, onTime: Bool), required: WritableKeyPath<Row, Int>,
                            published: WritableKeyPath<Row, Int>) {
            self[keyPath: required] += 1
            guard standing.published else { return }
            self[keyPath: published] += 1
            self.published += 1
            if standing.onTime { publishedOnTime += 1 }
        }

        mutating func score(by rule: ComplianceScoreRule) {
            score = rule.score(targetsRequired: targetsRequired, targetsPublished: targetsPublished,
                               resultsRequired: resultsRequired, resultsPublished: resultsPublished,
                               published: published, publishedOnTime: publishedOnTime, missing: missing)
        }

        /// Adds a department's counts to a total.
        mutating func add(_ row: Row) {
            projects += row.projects
            targetsRequired += row.targetsRequired
            targetsPublished += row.targetsPublished
            resultsRequired += row.resultsRequired
            resultsPublished += row.resultsPublished
            published += row.published
            publishedOnTime += row.publishedOnTime
            monitoringMissing += row.monitoringMissing
            rectificationShortfalls += row.rectificationShortfalls
        }
    }

    public var year: Int
    public var budgetApproved: CalendarDate?
    public var accountsApproved: CalendarDate?
    public var targetsDeadline: CalendarDate?
    public var resultsDeadline: CalendarDate?
    /// One row per department with disclosed projects that year, in department order.
    public var rows: [Row]
    public var total: Row
    /// The management rubric the rows were scored by, if one is configured.
    public var rubric: ManagementRubric?
}

extension DisclosedSite {
    /// The compliance table of `year`, scored by the configured rule.
    public func compliance(year: Int) -> ComplianceYear {
        let calendar = config.calendar
        let rule = config.complianceScore
        let day = referenceDay // a walk of every project: once per table, not per rectification
        var rows: [String: ComplianceYear.Row] = [:]
        for p in projects where p.year == year {
            var row = rows[p.departmentCode] ?? ComplianceYear.Row(departmentCode: p.departmentCode, departmentName: p.departmentCode)
            row.projects += 1
            if p.targets != nil && p.monitoring.isEmpty && !p.monitoringWithheld { row.monitoringMissing += 1 }
            row.rectificationShortfalls += p.rectifications.filter { $0.isOverdue(on: day) || $0.isUndated }.count
            if let standing = standing(.targets, published: p.targets.map { $0.published },
                                       exempt: p.withheldRequirements.contains(.targets), year: year,
                                       department: p.departmentCode) {
                row.count(standing, required: \.targetsRequired, published: \.targetsPublished)
            }
            if let standing = standing(.selfEvaluation, published: p.selfEvaluation.map { $0.published },
                                       exempt: p.withheldRequirements.contains(.selfEvaluation), year: year,
                                       department: p.departmentCode) {
                row.count(standing, required: \.resultsRequired, published: \.resultsPublished)
            }
            rows[p.departmentCode] = row
        }
        var ordered: [ComplianceYear.Row] = []
        var total = ComplianceYear.Row(departmentCode: "", departmentName: "合计")
        for department in departments {
            guard var row = rows[department.code] else { continue }
            row.departmentName = department.name
            if let rubric = config.managementRubric { row.score(by: rubric) } else { row.score(by: rule) }
            ordered.append(row)
            total.add(row)
        }
        total.score(by: rule)
        let fiscal = calendar.years[year]
        var result = ComplianceYear(year: year, budgetApproved: fiscal?.budgetApproved, accountsApproved: fiscal?.accountsApproved,
                              targetsDeadline: calendar.deadline(of: .targets, year: year),
                              resultsDeadline: calendar.deadline(of: .selfEvaluation, year: year),
                              rows: ordered, total: total)
        result.rubric = config.managementRubric
        return result
    }

    /// Whether a required item counts, and if so whether it was published and on time.
    /// `published` is nil when the item is absent, `.some(nil)` when present without a date.
    private func standing(_ requirement: DisclosureCalendar.Requirement, published: CalendarDate??, exempt: Bool,
                          year: Int, department: String) -> (published: Bool, onTime: Bool)? {
        let calendar = config.calendar
        guard !exempt else { return nil }
        // Targets are expected even without approval dates, as the checks say (GK301): required, and a
        // dated one is on time, since there is no deadline to miss.
        if requirement == .targets, calendar.deadline(of: requirement, year: year, department: department) == nil {
            return published.map { (true, $0 != nil) } ?? (false, false)
        }
        guard calendar.deadline(of: requirement, year: year, department: department) != nil else { return nil }
        guard let present = published else {
            return calendar.status(of: requirement, year: year, published: nil, department: department) == .notYetDue ? nil : (false, false)
        }
        let onTime = present.map { calendar.status(of: requirement, year: year, published: $0, department: department) == .onTime } ?? false
        return (true, onTime)
    }
}
