import Foundation

/// 公开时限 — when required items fall due. Targets are due `deadlineDays` after the budget is
/// approved (预算批复); self-evaluation and key-evaluation results after the final accounts are
/// approved (决算批复). Dates come from the configuration, never from the clock.
public struct DisclosureCalendar: Sendable, Hashable {
    /// Approval dates of one fiscal year.
    public struct FiscalYear: Sendable, Hashable {
        public var year: Int
        public var budgetApproved: CalendarDate?
        public var accountsApproved: CalendarDate?
        public init(year: Int, budgetApproved: CalendarDate?, accountsApproved: CalendarDate?) {
            self.year = year
            self.budgetApproved = budgetApproved
            self.accountsApproved = accountsApproved
        }
    }

    /// What a required item is.
    public enum Requirement: String, Sendable, Hashable {
        case targets          // 绩效目标
        case selfEvaluation   // 自评结果
        case keyEvaluation    // 重点评价结果

        public var chineseName: String {
            switch self {
            case .targets: "绩效目标"
            case .selfEvaluation: "自评结果"
            case .keyEvaluation: "重点评价结果"
            }
        }
    }

    /// Where a required item stands.
    public enum Status: String, Sendable, Hashable {
        case onTime, late, missing, notYetDue, notRequired
    }

    public var years: [Int: FiscalYear]
    public var deadlineDays: Int
    /// The day the rules are judged on (`--as-of`, `SOURCE_DATE_EPOCH` or `as_of`); nil judges every
    /// approved year as due.
    public var asOf: CalendarDate?

    public init(years: [Int: FiscalYear] = [:], deadlineDays: Int = 20, asOf: CalendarDate? = nil) {
        self.years = years
        self.deadlineDays = deadlineDays
        self.asOf = asOf
    }

    /// The approval date that starts the clock for a requirement, if the year has one.
    public func approval(of requirement: Requirement, year: Int) -> CalendarDate? {
        switch requirement {
        case .targets: years[year]?.budgetApproved
        case .selfEvaluation, .keyEvaluation: years[year]?.accountsApproved
        }
    }

    public func deadline(of requirement: Requirement, year: Int) -> CalendarDate? {
        approval(of: requirement, year: year).map { $0.adding(days: deadlineDays) }
    }

    /// The status of a required item given its publish date (nil: not published).
    public func status(of requirement: Requirement, year: Int, published: CalendarDate?) -> Status {
        guard let deadline = deadline(of: requirement, year: year) else { return .notRequired }
        if let published { return published <= deadline ? .onTime : .late }
        if let asOf, asOf <= deadline { return .notYetDue }
        return .missing
    }
}

extension CalendarDate {
    /// The day `days` later, by day arithmetic on the proleptic Gregorian calendar.
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// From days since 1970-01-01 (inverse of `dayNumber`).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    /// The UTC day of a Unix time stamp (for `SOURCE_DATE_EPOCH`).
    public init(unixTime seconds: Int) {
        self.init(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
    }
}
