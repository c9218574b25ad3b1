import Foundation

/// A calendar day as written in content (`2025-02-18`). No time zone, no clock.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The years a date written in this business can fall in: `9999-12-31` typed for "no end" would
    /// become the site's reference day, its feed's and manifest's date.
    public static let plausibleYears = 1950...2100

    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`), rejecting impossible days such as 2025-02-30.
    public init?(parsing text: String) {
        let text = text.trimmed
        // One separator, `-` or `/`, written twice: `2025/02-18` or `2025--02-18` is a slip, not a date.
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A month written alone where the rules speak in months (`2025-05`, `2025/5`, `2025年5月`): its last day.
    public static func month(parsing text: String) -> CalendarDate? {
        var t = text.trimmed
        if t.hasSuffix("月"), let i = t.firstIndex(of: "年") {
            t = String(t[..<i]) + "-" + String(t[t.index(after: i)...].dropLast())
        }
        let parts = t.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return CalendarDate(year: y, month: m, day: daysIn(month: m, year: y))
    }

    /// A deadline written as the end of a month, a quarter, a half or a year, as rectification notices write it
    /// (`2025年6月底`, `2025年6月底前`, `2025年6月末`, `2025年底`, `2025年年底前`, `2025年第二季度末`, `2025年上半年`, and
    /// the month alone: `2025年6月`, `2025-06`): the last day of that period. Blanks and full-width digits (`２０２５ 年 ６ 月底`,
    /// as an input method types them) are read through. `前` (“by”) is taken only after 底/末: `2025年6月前` might mean
    /// before June.
    public static func periodEnd(parsing text: String) -> CalendarDate? {
        var t = Substring(String(text.unicodeScalars.compactMap { scalar -> Character? in
            if scalar.properties.isWhitespace { return nil }
            if (0xFF10...0xFF19).contains(scalar.value) { return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!) }
            return Character(scalar)
        }))
        for by in ["之前", "以前", "前"] where t.hasSuffix(by) {
            t = t.dropLast(by.count)
            guard t.hasSuffix("底") || t.hasSuffix("末") else { return nil }
            break
        }
        let ended = t.hasSuffix("底") || t.hasSuffix("末")
        if ended { t = t.dropLast() }
        // The year: four digits and 年 before a half or a quarter, or alone before 底/末 (`2025年底`, `2025年年底`).
        func year(_ digits: Substring) -> Int? {
            digits.count == 4 && digits.allSatisfy(\.isASCIIDigit) ? Int(digits) : nil
        }
        if ended, t.hasSuffix("年") {
            let digits = t.hasSuffix("年年") ? t.dropLast(2) : t.dropLast()
            return year(digits).flatMap { CalendarDate(year: $0, month: 12, day: 31) }
        }
        if let match = t.wholeMatch(of: /([0-9]{4})年(上|下)半年/), let y = year(match.1) {
            return CalendarDate(year: y, month: match.2 == "上" ? 6 : 12, day: match.2 == "上" ? 30 : 31)
        }
        if let match = t.wholeMatch(of: /([0-9]{4})年第?([一二三四1-4])季度/), let y = year(match.1),
           let quarter = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4][String(match.2)] {
            return CalendarDate(year: y, month: quarter * 3, day: daysIn(month: quarter * 3, year: y))
        }
        guard !ended || t.hasSuffix("月") else { return nil }
        return month(parsing: String(t))
    }

    /// `2025-05` — the month as an HTML month string.
    public var monthString: String { Self.padded(year, 4) + "-" + Self.padded(month, 2) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// ISO form, `2025-02-18`.
    public var description: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    /// `%0Nd` for the positive parts of a date (years are 1900–9999), without `String(format:)`, which
    /// goes through CoreFoundation: dates are printed on every page.
    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Chinese form, `2025年2月18日`.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// Days since 1970-01-01, for deadline arithmetic without a calendar object.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
