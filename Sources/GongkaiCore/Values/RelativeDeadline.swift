import Foundation

/// A rectification deadline written relative to the feedback (“收到反馈后一个月内”, “反馈后30日内”,
/// “3个月内”): a number (Arabic or 一…十二) of 日/天/周/个月/月, counted from the feedback date.
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
            let chinese: [(String, Int)] = [("十二", 12), ("十一", 11), ("十", 10), ("九", 9), ("八", 8), ("七", 7), ("六", 6), ("五", 5),
                                            ("四", 4), ("三", 3), ("两", 2), ("二", 2), ("一", 1)]
            if let (word, value) = chinese.first(where: { rest.hasPrefix($0.0) }) {
                number = value
                rest = rest.dropFirst(word.count)
            }
        }
        guard let number, number > 0, number <= 3660 else { return nil }
        switch rest {
        case "日", "天", "个工作日": (count, unit) = (number, .days)
        case "周", "个星期", "星期": (count, unit) = (number * 7, .days)
        case "个月", "月": (count, unit) = (number, .months)
        default: return nil
        }
        text = raw.trimmed
    }

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
