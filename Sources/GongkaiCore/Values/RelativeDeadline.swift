import Foundation

/// A rectification deadline written relative to the feedback (“收到反馈后一个月内”, “反馈后30日内”,
/// “3个月内”, “十五日内”): a number (Arabic, or Chinese up to 九百九十九) of 日/天/周/个月/月, counted from
/// the feedback date.
public struct RelativeDeadline: Hashable, Sendable {
    public enum Unit: Hashable, Sendable { case days, months }
    public var count: Int
    public var unit: Unit
    public var text: String

    public init?(parsing raw: String) {
        var rest = Substring(raw.trimmed)
        for prefix in ["收到反馈意见后", "收到反馈后", "收到评价结果后", "收到通知后", "反馈后", "自反馈之日起"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        if rest.hasSuffix("以内") { rest = rest.dropLast(2) } else if rest.hasSuffix("内") { rest = rest.dropLast() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        var number: Int?
        if !digits.isEmpty {
            number = Int(digits)
            rest = rest.dropFirst(digits.count)
        } else {
            let numeral = rest.prefix { Self.chineseDigits[$0] != nil || $0 == "十" || $0 == "百" }
            number = Self.chineseNumber(numeral)
            rest = rest.dropFirst(numeral.count)
        }
        guard let number, number > 0, number <= 3660 else { return nil }
        switch rest {
        case "日", "天": (count, unit) = (number, .days)
        case "周", "个星期", "星期": (count, unit) = (number * 7, .days)
        case "个月", "月": (count, unit) = (number, .months)
        default: return nil
        }
        text = raw.trimmed
    }

    private static let chineseDigits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// 十五 → 15, 二十 → 20, 三十五 → 35, 一百二十 → 120, 九十 → 90; nil when it is not such a number.
    static func chineseNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty else { return nil }
        var total = 0, digit: Int?
        for ch in text {
            if ch == "零" || ch == "〇" { continue }  // 一百零五: a place holder
            if let d = chineseDigits[ch] {
                guard digit == nil else { return nil }  // 二三: not a number
                digit = d
            } else {
                let unit = ch == "百" ? 100 : 10
                total += (digit ?? (unit == 10 && total == 0 ? 1 : 0)) * unit
                digit = nil
            }
        }
        return total + (digit ?? 0)
    }

    /// Working days depend on the year's holiday arrangement (国庆、春节调休), which gongkai does not know:
    /// such a period is refused, not counted as calendar days.
    public static func isWorkingDays(_ raw: String) -> Bool { raw.contains("工作日") }

    /// The last day of the period that starts on `feedback` (a month later is the same day of the
    /// month, or the month's last day when it has no such day).
    public func deadline(from feedback: CalendarDate) -> CalendarDate {
        switch unit {
        case .days: return feedback.adding(days: count)
        case .months:
            let total = feedback.year * 12 + (feedback.month - 1) + count
            let year = total / 12, month = total % 12 + 1
            return CalendarDate(year: year, month: month, day: min(feedback.day, CalendarDate.daysIn(month: month, year: year)))!
        }
    }
}
