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
    /// 公开时限规则 per kind of item (`compliance.deadlines`); a kind without one is due `deadlineDays` after its approval.
    public var rules: [Requirement: DeadlineRule] = [:]
    /// Rules for particular bodies (`compliance.deadlines.departments`), by department code: they win over `rules`.
    public var departmentRules: [String: [Requirement: DeadlineRule]] = [:]
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

    public func rule(of requirement: Requirement, department: String? = nil) -> DeadlineRule {
        department.flatMap { departmentRules[$0]?[requirement] } ?? rules[requirement] ?? .daysAfterApproval(deadlineDays)
    }

    public func deadline(of requirement: Requirement, year: Int, department: String? = nil) -> CalendarDate? {
        switch rule(of: requirement, department: department) {
        case let .daysAfterApproval(days): approval(of: requirement, year: year).map { $0.adding(days: days) }
        case let .calendarDate(offset, month, day):
            // 2月29日 in a year without one is the month's last day, not no deadline at all.
            CalendarDate(year: year + offset, month: month,
                         day: min(day ?? 31, CalendarDate.daysIn(month: month, year: year + offset)))
        }
    }

    /// The rule in words, for messages: `预算批复后20日`, `次年1月底前`.
    public func ruleText(of requirement: Requirement, department: String? = nil) -> String {
        switch rule(of: requirement, department: department) {
        case let .daysAfterApproval(days): "\(requirement == .targets ? "预算" : "决算")批复后\(days)日"
        case let rule: rule.text
        }
    }

    /// The status of a required item given its publish date (nil: not published).
    public func status(of requirement: Requirement, year: Int, published: CalendarDate?, department: String? = nil) -> Status {
        guard let deadline = deadline(of: requirement, year: year, department: department) else { return .notRequired }
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

    /// The day in China (UTC+8, no daylight saving) of a Unix time stamp (for `SOURCE_DATE_EPOCH`): a
    /// release stamped 2026-01-01 07:00 Beijing time is of 2026-01-01, not of the UTC day before.
    /// Nil outside the years a budget document can carry (`plausibleYears`).
    public init?(unixTime seconds: Int) {
        let limit = 200 * 366 * 86400  // far beyond plausibleYears; keeps the sum below from overflowing
        guard abs(seconds) < limit else { return nil }
        let (day, remainder) = (seconds + 8 * 3600).quotientAndRemainder(dividingBy: 86400)
        self.init(dayNumber: remainder < 0 ? day - 1 : day)
        guard Self.plausibleYears.contains(year) else { return nil }
    }
}

/// 公开时限规则 — when a kind of item falls due: a number of days after its approval (批复后20日), or
/// a calendar date counted from the fiscal year (次年1月底前, 次年3月31日前, 当年6月底前).
public enum DeadlineRule: Hashable, Sendable {
    case daysAfterApproval(Int)
    /// `yearOffset` years after the fiscal year; `day` nil is the month's last day.
    case calendarDate(yearOffset: Int, month: Int, day: Int?)

    /// `20` or `批复后20日`; `次年1月底前`, `次年1月31日前`, `当年12月底前`, `次年2月` (the month's end).
    public init?(parsing raw: String) {
        var text = Substring(raw.trimmed)
        for prefix in ["批复后"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        for suffix in ["日内", "天内", "日", "天"] where text.hasSuffix(suffix) && text.dropLast(suffix.count).allSatisfy(\.isNumber) {
            text = text.dropLast(suffix.count)
            break
        }
        if let days = Int(text), (0...366).contains(days) { self = .daysAfterApproval(days); return }
        var offset: Int
        if text.hasPrefix("次年") { offset = 1 } else if text.hasPrefix("当年") || text.hasPrefix("本年") { offset = 0 } else { return nil }
        text = text.dropFirst(2)
        if text.hasSuffix("前") { text = text.dropLast() }
        if text.hasSuffix("以") { text = text.dropLast() }
        let monthDigits = text.prefix { $0.isASCII && $0.isNumber }
        guard let month = Int(monthDigits), (1...12).contains(month) else { return nil }
        text = text.dropFirst(monthDigits.count)
        guard text.hasPrefix("月") else { return nil }
        text = text.dropFirst()
        var day: Int?
        if text.isEmpty || text == "底" || text == "末" { day = nil } else {
            guard text.hasSuffix("日"), let d = Int(text.dropLast()), (1...CalendarDate.daysIn(month: month, year: 2000)).contains(d) else { return nil }
            day = d
        }
        self = .calendarDate(yearOffset: offset, month: month, day: day)
    }

    /// In the words the rules use: `批复后20日`, `次年1月底前`, `次年3月31日前`.
    public var text: String {
        switch self {
        case let .daysAfterApproval(days): "批复后\(days)日"
        case let .calendarDate(offset, month, day): "\(offset == 0 ? "当年" : offset == 1 ? "次年" : "第\(offset + 1)年")\(month)月\(day.map { "\($0)日" } ?? "底")前"
        }
    }
}
