import Foundation

/// 指标值 — a target value as written in an indicator table: an operator, a number and a unit
/// (`≥52000人`, `≤90万元`, `90%-100%`), or qualitative text (`达成预期目标`).
public struct TargetValue: Hashable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Hashable {
        case atLeast = "≥", atMost = "≤", equal = "=", greater = ">", less = "<", range = "区间"
    }

    public enum Kind: Hashable, Sendable {
        /// `lower` is the number; `upper` is set for ranges only.
        case quantitative(Comparison, lower: Decimal, upper: Decimal?, unit: String)
        case qualitative
    }

    /// The text as the clerk wrote it; pages show this, so nothing is lost in translation.
    public let raw: String
    /// Read from `raw` again when asked, not kept: only the scoring checks ask, once a row, and an
    /// operator, two numbers and a unit cost 64 bytes in each of half a million indicators of the source
    /// model and again in the view.
    public var kind: Kind {
        guard case let .success((_, kind)) = Self.read(raw) else { return .qualitative }  // `raw` was read before: never
        return kind
    }

    public var description: String { raw }

    public enum ParseError: Error, Equatable {
        /// Starts with an operator but no number follows (`≥人`, `≤abc`).
        case operatorWithoutNumber
        /// A range whose bounds are missing or reversed (`90%-`, `100-90`).
        case malformedRange
        case empty
    }

    public static func parse(_ text: String) -> Result<TargetValue, ParseError> {
        read(text).map { TargetValue(raw: $0.raw) }
    }

    private static func read(_ text: String) -> Result<(raw: String, kind: Kind), ParseError> {
        let raw = text.trimmed
        guard !raw.isEmpty else { return .failure(.empty) }
        var rest = Substring(raw)
        if let (comparison, length) = leadingOperator(rest) {
            rest = rest.dropFirst(length).drop(while: \.isWhitespace)
            guard let (number, after) = leadingNumber(rest) else { return .failure(.operatorWithoutNumber) }
            let unit = trailingWord(after.trimmed)?.unit ?? after.trimmed  // `≥95%以上` says it twice
            return .success(made(raw, .quantitative(comparison, lower: number, upper: nil, unit: unit)))
        }
        // The comparison in words, as most tables write it: `不低于95%`, `不超过10万元`, `高于上年`.
        if let (word, comparison) = leadingWord(rest) {
            // A word before no number (`不低于上年水平`) is a sentence: qualitative, not a malformed target.
            guard let (number, after) = leadingNumber(rest.dropFirst(word.count).drop(while: \.isWhitespace)) else {
                return .success(made(raw, .qualitative))
            }
            let unit = after.trimmed
            guard unit.count <= 6, !unit.contains(where: isDigit) else { return .success(made(raw, .qualitative)) }
            let (stated, bare) = trailingWord(unit).map { ($0.comparison, $0.unit) } ?? (comparison, unit)
            return .success(made(raw, .quantitative(word == "控制在" ? stated : comparison, lower: number, upper: nil, unit: bare)))
        }
        guard let (first, after) = leadingNumber(rest) else {
            return .success(made(raw, .qualitative))
        }
        // A deadline (时效指标 `2025-11-30`, `2025/11/30`, `2025年11月30日前`) is a date, not a range of numbers.
        if Self.isDeadline(raw) { return .success(made(raw, .qualitative)) }
        // A range: `90%-100%`, `90-100%`, `90～100`, `90~100`, `90至100`.
        let afterUnitless = after.drop(while: { $0 == "%" || $0 == "％" || $0.isWhitespace })
        if let sep = afterUnitless.first, "-–—~～至".holdsMark(sep) {
            let upperText = afterUnitless.dropFirst().drop(while: \.isWhitespace)
            guard let (second, tail) = leadingNumber(upperText), second >= first else { return .failure(.malformedRange) }
            let firstUnit = after.prefix(while: { $0 == "%" || $0 == "％" }).isEmpty ? "" : "%"
            var unit = tail.trimmed
            if unit.isEmpty { unit = firstUnit }
            return .success(made(raw, .quantitative(.range, lower: first, upper: second, unit: normalizedUnit(unit))))
        }
        let unit = after.trimmed
        // `12月底前完成` starts with a digit but is a sentence, not a number and a unit.
        // (万 and 亿 count as numbers to Swift, but are units here: `100万元`.)
        if unit.count > 6 || unit.contains(where: isDigit) {
            return .success(made(raw, .qualitative))
        }
        // `95%以上`, `10万元以内`: the comparison after the number.
        if let (comparison, bare) = trailingWord(unit) {
            return .success(made(raw, .quantitative(comparison, lower: first, upper: nil, unit: bare)))
        }
        return .success(made(raw, .quantitative(.equal, lower: first, upper: nil, unit: normalizedUnit(unit))))
    }

    /// Comparison words before the number, longest first where one begins another (`高于或等于` before
    /// `高于`). By the usual reading of Chinese rules, 以上 / 以下 / 以内 include the number itself.
    private static let words: [(String, Comparison)] = [
        ("大于或等于", .atLeast), ("高于或等于", .atLeast), ("大于等于", .atLeast), ("高于等于", .atLeast), ("不得低于", .atLeast),
        ("不得少于", .atLeast), ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast), ("至少", .atLeast), ("最少", .atLeast),
        ("达到", .atLeast),
        ("小于或等于", .atMost), ("低于或等于", .atMost), ("小于等于", .atMost), ("低于等于", .atMost), ("不得高于", .atMost),
        ("不得超过", .atMost), ("不高于", .atMost), ("不多于", .atMost), ("不大于", .atMost), ("不超过", .atMost), ("不超出", .atMost),
        ("至多", .atMost), ("最多", .atMost), ("控制在", .atMost),
        ("高于", .greater), ("大于", .greater), ("超过", .greater), ("多于", .greater),
        ("低于", .less), ("小于", .less), ("少于", .less),
        ("等于", .equal),
    ]
    /// The word and its comparison. `控制在` takes the comparison of a word after the number
    /// (`控制在5%以内`), else at most; any other word's comparison stands.
    private static func leadingWord(_ s: Substring) -> (String, Comparison)? {
        // Every target without an operator comes here: its first character settles most at once.
        guard let first = s.first, wordStarts.contains(first) else { return nil }
        return words.first { s.hasPrefix($0.0) }
    }
    private static let wordStarts = Set(words.compactMap(\.0.first))

    /// A comparison word ending the unit (`%以上`, `万元以内`), and the unit without it.
    private static func trailingWord(_ unit: String) -> (comparison: Comparison, unit: String)? {
        for (word, comparison) in [("及以上", Comparison.atLeast), ("以上", .atLeast), ("及以下", .atMost), ("以下", .atMost),
                                   ("以内", .atMost), ("之内", .atMost)] where unit.hasSuffix(word) {
            return (comparison, normalizedUnit(String(unit.dropLast(word.count)).trimmed))
        }
        return nil
    }

    /// The numbers a text written in words states (`完成49个`, `49个，未达标`, `约 52,000 人`, `计划50个，实际完成49个`), in
    /// order: each with the words before it and the text after it. A result table's 实际完成值 is written so as often as
    /// a bare number; the scoring checks read its number in the target's unit.
    public static func numbers(inWords text: String) -> [(value: Decimal, before: Substring, after: Substring)] {
        var found: [(value: Decimal, before: Substring, after: Substring)] = []
        let whole = Substring(text)
        var i = whole.startIndex
        while i < whole.endIndex {
            guard digitValue(whole[i]) != nil, let (value, after) = unsignedNumber(whole[i...]) else {
                i = whole.index(after: i)
                continue
            }
            found.append((value, whole[..<i], after))
            i = after.startIndex > i ? after.startIndex : whole.index(after: i)
        }
        return found
    }

    private init(raw: String) {
        self.raw = raw
    }

    private static func made(_ raw: String, _ kind: Kind) -> (raw: String, kind: Kind) {
        guard case let .quantitative(c, lower, upper, unit) = kind else { return (raw, kind) }
        return (raw, .quantitative(c, lower: lower, upper: upper, unit: normalizedUnit(unit)))
    }

    private static func normalizedUnit(_ unit: String) -> String { unit == "％" ? "%" : unit }

    /// Four digits, then `年`, or a whole date with `-` or `/`: looked at on bytes first, since every
    /// target of every project is parsed (and `1000-2000元` is a range, not a date).
    static func isDeadline(_ raw: String) -> Bool {
        var bytes = raw.utf8.makeIterator()
        for _ in 0..<4 { guard let b = bytes.next(), (0x30...0x39).contains(b) else { return false } }
        switch bytes.next() {
        case UInt8(ascii: "-"), UInt8(ascii: "/"):
            if CalendarDate(parsing: raw) != nil { return true }
            // A date or a month with the words of a deadline after it (`2025-12-31前`, `2025-06-30前完成`, `2025-12前`,
            // `2025/6/30之前`), as a 时效指标 is written as often as `2025年12月31日前`: words, no number, after it.
            let date = raw.prefix { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "/") }
            let words = raw.dropFirst(date.count).trimmed
            guard !words.isEmpty, words.count <= 8, !words.contains(where: isDigit),
                  ["前", "之前", "以前", "底", "末", "完成", "截止", "止"].contains(where: words.contains) else { return false }
            return CalendarDate(parsing: String(date)) != nil || CalendarDate.month(parsing: String(date)) != nil
        case 0xE5: return bytes.next() == 0xB9 && bytes.next() == 0xB4  // 年
        default: return false
        }
    }

    /// Longest spellings first where one is the prefix of another (`>=` before `>`). Built once: every
    /// target of every project is parsed.
    private static let operators: [(String, Comparison)] = [
        (">=", .atLeast), ("＞=", .atLeast), ("＞＝", .atLeast), (">＝", .atLeast), ("≥", .atLeast), ("≧", .atLeast),
        ("<=", .atMost), ("＜=", .atMost), ("＜＝", .atMost), ("<＝", .atMost), ("≤", .atMost), ("≦", .atMost),
        ("==", .equal), ("=", .equal), ("＝", .equal),
        (">", .greater), ("＞", .greater), ("<", .less), ("＜", .less),
    ]

    private static func leadingOperator(_ s: Substring) -> (Comparison, Int)? {
        // Every operator starts with one of these bytes (`>` `<` `=`, or the lead byte of ≥ ≤ ≧ ≦ ＞ ＜ ＝).
        guard let first = s.utf8.first, first == 0x3E || first == 0x3C || first == 0x3D || first == 0xE2 || first == 0xEF else { return nil }
        for (symbol, comparison) in operators where s.hasPrefix(symbol) { return (comparison, symbol.count) }
        return nil
    }

    private static func isDigit(_ ch: Character) -> Bool { ch.isASCII && ch.isNumber || ("０"..."９").contains(ch) }

    /// The value of a digit a number may be written with, ASCII or full-width (`5`, `５`); nil for any
    /// other character. Read on its one scalar: every target's digits come here, and a Unicode property
    /// and a comparison of texts for each were most of the cost of reading numbers (docs/performance.md,
    /// round seventeen).
    static func digitValue(_ ch: Character) -> UInt32? {
        let scalars = ch.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        switch scalar.value {
        case 0x30...0x39: return scalar.value - 0x30
        case 0xFF10...0xFF19: return scalar.value - 0xFF10
        default: return nil
        }
    }

    /// Whether exactly three digits follow (a thousands group), and no fourth.
    private static func groupFollows(_ s: Substring) -> Bool {
        s.prefix(4).prefix { digitValue($0) != nil }.count == 3
    }

    /// A leading decimal number (ASCII or full-width digits), with a minus sign (`-`, `－`, `−`) right
    /// before a digit for a value that may fall (`≥-5%`), and what follows it.
    private static func leadingNumber(_ s: Substring) -> (Decimal, Substring)? {
        if let sign = s.first, "-－−".holdsMark(sign), let (value, rest) = unsignedNumber(s.dropFirst()) { return (-value, rest) }
        return unsignedNumber(s)
    }

    private static func unsignedNumber(_ s: Substring) -> (Decimal, Substring)? {
        var end = s.startIndex
        var seenDot = false
        var text = ""
        while end < s.endIndex {
            let ch = s[end]
            if let d = digitValue(ch) {
                text.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + d)))
            } else if (ch == "." || ch == "．"), !seenDot, !text.isEmpty {
                seenDot = true
                text.append(".")
            } else if (ch == "," || ch == "，"), !text.isEmpty, !seenDot, Self.groupFollows(s[s.index(after: end)...]) {
                // a thousands separator inside a number (52,000); `1,5个` is not 15
            } else {
                break
            }
            end = s.index(after: end)
        }
        if text.hasSuffix(".") { text.removeLast(); end = s.index(before: end) }
        guard !text.isEmpty, let value = ExactDecimal.parse(text, maxFractionDigits: 12) else { return nil }
        return (value, s[end...])
    }
}
