import Foundation
import Testing
@testable import GongkaiCore

@Suite("Exact numbers, dates, target values and grades")
struct ValuesTests {
    @Test func decimalsParseExactly() throws {
        #expect(ExactDecimal.parse("1,198.60") == Decimal(string: "1198.6"))
        #expect(ExactDecimal.parse("１２００") == 1200)
        #expect(ExactDecimal.parse("-3.5") == Decimal(string: "-3.5"))
        for bad in ["12abc", "1.2.3", "1e5", "", ".5", "5.", "1.1234567", "--1"] {
            #expect(ExactDecimal.parse(bad) == nil, "\(bad) should not parse")
        }
        // 0.1 + 0.2 is exactly 0.3: no binary floating point for money.
        let sum = try #require(ExactDecimal.parse("0.1")) + #require(ExactDecimal.parse("0.2"))
        #expect(sum == ExactDecimal.parse("0.3"))
    }

    /// The byte reading of plain numbers agrees with the full reading, bytes and all, on every text
    /// it accepts, and leaves every other to it: random texts over digits, points, signs, commas, spaces,
    /// full-width digits and letters, and the limits on decimals and digits.
    @Test func plainNumbersReadOnBytesAsTheFullReadingReadsThem() {
        let alphabet = ["0", "1", "5", "9", ".", "-", "+", ",", " ", "０", "．", "e", "\u{3000}"]
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for round in 0..<20000 {
            let length = round < 200 ? round % 22 : Int.random(in: 0...21, using: &generator)
            func digits(_ count: Int) -> String { String((0..<count).map { _ in "0123456789".randomElement(using: &generator)! }) }
            // Every other text a plain number (signed or not, with or without decimals, zeros and long
            // ones included), so that many are accepted; the rest anything over the alphabet.
            let text = round.isMultiple(of: 2)
                ? ["", "-", "+"].randomElement(using: &generator)! + digits(Int.random(in: 0...13, using: &generator))
                    + (Bool.random(using: &generator) ? "." + digits(Int.random(in: 0...8, using: &generator)) : "")
                : (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            for (fraction, integer) in [(6, ExactDecimal.maxIntegerDigits), (2, 3), (0, 15)] {
                let general = ExactDecimal.general(text, maxFractionDigits: fraction, maxIntegerDigits: integer)
                guard let plain = ExactDecimal.plainASCII(text, maxFractionDigits: fraction, maxIntegerDigits: integer) else { continue }
                accepted += 1
                #expect(general.map { withUnsafeBytes(of: $0) { Array($0) } } == withUnsafeBytes(of: plain) { Array($0) }, "\(text)")
            }
        }
        for text in ["12", "-3.5", "+95.00", "000100.0100", "123456789012345678"] {
            #expect(ExactDecimal.plainASCII(text, maxFractionDigits: 6, maxIntegerDigits: 18) != nil, "\(text)")
        }
        for text in ["0", "0.00", "-0", "1.", ".5", "1,200", " 1", "１", "1234567890123456789", "1.2.3", "1-2", "--1", "1e5", ""] {
            #expect(ExactDecimal.plainASCII(text, maxFractionDigits: 6, maxIntegerDigits: 18) == nil, "\(text)")
        }
        #expect(accepted > 1000)
    }

    /// A target's digits are read on their one scalar, as the Unicode reading read them: ASCII and
    /// full-width digits only, never another script's digits, a digit with a mark, or a circled number.
    @Test func targetDigitsAreTheAsciiAndFullWidthOnes() {
        func reference(_ ch: Character) -> Int? {
            ch.wholeNumberValue.flatMap { ch.isASCII || ("０"..."９").contains(ch) ? $0 : nil }
        }
        var characters = (0...0x2FFFF).compactMap(Unicode.Scalar.init).map(Character.init)
        characters += ["5\u{301}", "５\u{301}", "\r\n", "1\u{FE0F}\u{20E3}", "٣", "३", "①", "Ⅴ", "五"]
        let differing = characters.filter { TargetValue.digitValue($0).map(Int.init) != reference($0) }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
        #expect(characters.filter { TargetValue.digitValue($0) != nil }.count == 20)
    }

    /// The direct construction gives the very bytes `Decimal(string:)` gives, so sums, comparisons and
    /// printed values cannot change: zeros with decimals, negatives, leading zeros, 18 and 19 digits.
    @Test func decimalsAreBuiltAsFoundationParsesThem() throws {
        var cases = ["0", "-0", "0.00", "-0.0", "1.50", "1.5", "-12.345", "100", "000100.0100", "999999999999.999999",
                     "+3.14", "123456789012.345678", "1234567890123.456789", "0.000001", "-999999999999999.5"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let integer = String((0..<Int.random(in: 1...15, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            let fraction = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            cases.append((Bool.random(using: &generator) ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction))
        }
        for text in cases {
            let parsed = try #require(ExactDecimal.parse(text), "\(text)")
            let foundation = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            #expect(withUnsafeBytes(of: parsed) { Array($0) } == withUnsafeBytes(of: foundation) { Array($0) }, "\(text)")
        }
        // What clerks type: full-width digits and points, thousands separators, a full-width space around.
        for (typed, plain) in [("１,１９８.６０", "1198.60"), ("\u{3000}－３．５０\u{3000}", "-3.50"), ("1,234,567.8", "1234567.8"), ("０．００", "0.00")] {
            let parsed = try #require(ExactDecimal.parse(typed), "\(typed)")
            let foundation = try #require(Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")))
            #expect(withUnsafeBytes(of: parsed) { Array($0) } == withUnsafeBytes(of: foundation) { Array($0) }, "\(typed)")
        }
    }

    @Test func decimalsFormatWithoutDrift() {
        #expect(ExactDecimal.format(Decimal(string: "1198.6")!, minFractionDigits: 2) == "1198.60")
        #expect(ExactDecimal.grouped(Decimal(string: "1234567.891")!) == "1,234,567.891")
        #expect(ExactDecimal.percent(Decimal(string: "1198.6")!, of: Decimal(string: "1250.5")!) == "95.85%")
        #expect(ExactDecimal.percent(1, of: 0) == nil)
        #expect(ExactDecimal.format(ExactDecimal.rounded(Decimal(string: "2.345")!, scale: 2)) == "2.35")
        // A value between −1 and 0 keeps its sign (a diagnostic quotes a negative score); a zero has none.
        #expect(ExactDecimal.format(Decimal(string: "-0.5")!) == "-0.5")
        #expect(ExactDecimal.format(Decimal(string: "-0.004")!, minFractionDigits: 2, maxFractionDigits: 2) == "0.00")
        #expect(ExactDecimal.format(Decimal(string: "-3.5")!) == "-3.5")
    }

    /// `format` and `plain` read a significand of up to 64 bits straight from `Decimal`'s storage; they
    /// must spell every value as Foundation does: parsed, computed and random values, zeros with any exponent,
    /// negatives, powers of ten, and significands beyond 64 bits (which take Foundation's path).
    @Test func decimalsFormatAsFoundationSpellsThem() throws {
        var values = ["0", "0.00", "-0.5", "-0.004", "0.0000001", "1200", "1,198.60", "-3.5", "99.995", "100", "18446744073709551615",
                      "18446744073709551616", "123456789012345.123456", "-999999999999999.999999", "0.000001"].compactMap { Decimal(string: $0.replacingOccurrences(of: ",", with: "")) }
        values += [Decimal(sign: .plus, exponent: 5, significand: 12), Decimal(sign: .minus, exponent: 20, significand: 7),
                   Decimal(sign: .plus, exponent: -30, significand: 5), Decimal(1) / Decimal(3), Decimal(2) / Decimal(3) * -1]
        var random = SplitMix64(state: 12)
        for i in 0..<20_000 {
            let significand = random.next() >> (random.next() % 64)
            let exponent = Int(random.next() % 16) - 10
            values.append(Decimal(sign: i % 5 == 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand)))
        }
        var fast = 0
        for value in values {
            for maxDigits in [0, 2, 6] {
                for minDigits in [0, 2] where minDigits <= maxDigits {
                    let r = ExactDecimal.rounded(value, scale: maxDigits)
                    #expect(ExactDecimal.format(value, minFractionDigits: minDigits, maxFractionDigits: maxDigits)
                        == ExactDecimal.formatThroughFoundation(r, minFractionDigits: minDigits), "\(value) \(minDigits)…\(maxDigits)")
                    if ExactDecimal.parts(of: r) != nil { fast += 1 }
                }
            }
            #expect(ExactDecimal.plain(value) == value.description, "\(value)")
        }
        #expect(fast > 90_000, "the fast path was taken \(fast) times")
    }

    @Test func moneyConvertsUnitsExactly() {
        let m = Money(Decimal(string: "1250.5")!, .tenThousandYuan)
        #expect(m.inYuan == 12_505_000)
        #expect(Money(12_505_000, .yuan).converted(to: .tenThousandYuan).amount == Decimal(string: "1250.5"))
        #expect(m.display == "1,250.50 万元")
    }

    /// The byte scan finds exactly the characters the scalar rule names, inside text and at its edges.
    @Test func theHiddenControlByteScanAgreesWithTheScalarRule() {
        let ranges: [ClosedRange<UInt32>] = [0...0x3100, 0xD7F0...0xD7FF, 0xE000...0xE0FF, 0xFD00...0xFFFF, 0x1F600...0x1F610, 0x1FFF0...0x20010, 0xE0000...0xE0080, 0x10FFF0...0x10FFFF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "甲" + String(Character(scalar)) + "乙"
                #expect((text.firstHiddenControl != nil) == scalar.isHiddenControl, "U+\(String(value, radix: 16))")
            }
        }
        #expect("第一行\n第二\u{202E}行".firstHiddenControl.map { [$0.line, $0.column] } == [2, 3])
        // A noncharacter (written as a YAML escape "\uFFFE") made feed.xml unparseable.
        #expect("甲\u{FFFE}乙".firstHiddenControl != nil && "甲\u{FFFF}乙".xmlEscaped == "甲乙")
    }

    @Test(arguments: [
        ("≥52000人", "≥", "52000", "人"), (">=50个", "≥", "50", "个"), ("≤90万元", "≤", "90", "万元"),
        ("=100%", "=", "100", "%"), ("＞0", ">", "0", ""), ("<5天", "<", "5", "天"), ("100%", "=", "100", "%"),
        ("≥ 95 %", "≥", "95", "%"), ("＞＝12个", "≥", "12", "个"), ("＜＝90万元", "≤", "90", "万元"),
        ("≥52,000人", "≥", "52000", "人"), ("≥1,250,000元", "≥", "1250000", "元"),
        // In words, as most tables write them; 以上 / 以下 / 以内 include the number.
        ("不低于95%", "≥", "95", "%"), ("不少于 100 人", "≥", "100", "人"), ("大于或等于90%", "≥", "90", "%"), ("达到90%以上", "≥", "90", "%"),
        ("95%以上", "≥", "95", "%"), ("95％及以上", "≥", "95", "%"), ("≥95%以上", "≥", "95", "%"),
        ("不超过10万元", "≤", "10", "万元"), ("10万元以内", "≤", "10", "万元"), ("5天以下", "≤", "5", "天"), ("控制在5%以内", "≤", "5", "%"),
        ("控制在3%", "≤", "3", "%"), ("控制在100人以上", "≥", "100", "人"),
        ("100万元", "=", "100", "万元"), ("高于80%", ">", "80", "%"), ("低于5%", "<", "5", "%"), ("小于或等于2小时", "≤", "2", "小时"), ("等于100%", "=", "100", "%"),
        // Negative numbers (a growth rate may fall): `≥-5%` was refused as an operator without a number.
        ("≥-5%", "≥", "-5", "%"), ("≤－3.5%", "≤", "-3.5", "%"), ("不低于 -2%", "≥", "-2", "%"), ("-6%", "=", "-6", "%"), ("≥−1.5个百分点", "≥", "-1.5", "个百分点"),
    ])
    func quantitativeTargets(text: String, op: String, number: String, unit: String) throws {
        let value = try TargetValue.parse(text).get()
        guard case let .quantitative(c, lower, upper, u) = value.kind else { Issue.record("\(text) not quantitative"); return }
        #expect(c.rawValue == op)
        #expect(lower == Decimal(string: number))
        #expect(upper == nil)
        #expect(u == unit)
        #expect(value.raw == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func rangesAndQualitativeTargets() throws {
        guard case let .quantitative(.range, lower, upper, unit) = try TargetValue.parse("90%-100%").get().kind else {
            Issue.record("range not parsed"); return
        }
        #expect(lower == 90 && upper == 100 && unit == "%")
        #expect(try TargetValue.parse("达成预期目标").get().kind == .qualitative)
        // A comma that is not a thousands separator is not skipped: `1,5个` was read as 15.
        if case let .success(value) = TargetValue.parse("1,5个"), case let .quantitative(_, lower, _, _) = value.kind { #expect(lower != 15) }
        // A deadline is a date, not the range 2025 to 11.
        for deadline in ["2025-11-30", "2025/11/30", "2025年11月30日前"] { #expect(try TargetValue.parse(deadline).get().kind == .qualitative, "\(deadline)") }
        // So is a date or a month with a deadline's words after it (found this round: GK121 “区间无效” for `2025-12-31前`).
        for deadline in ["2025-12-31前", "2025-6-30前", "2025-06-30前完成", "2025/6/30之前", "2025-12前", "2025-12底"] {
            #expect(try TargetValue.parse(deadline).get().kind == .qualitative, "\(deadline)")
        }
        guard case .quantitative(.range, 1000, 2000, "万元") = try TargetValue.parse("1000-2000万元").get().kind else { Issue.record("1000-2000万元 is a range"); return }
        #expect(try TargetValue.parse("12月底前完成验收").get().kind == .qualitative)
        // A comparison word before no number is a sentence, not a malformed target.
        for sentence in ["不低于上年水平", "高于全省平均", "达到国家标准", "低于2024年12月底前的水平"] {
            #expect(try TargetValue.parse(sentence).get().kind == .qualitative, "\(sentence)")
        }
        #expect(TargetValue.parse("≥人") == .failure(.operatorWithoutNumber))
        #expect(TargetValue.parse("≥-人") == .failure(.operatorWithoutNumber))
        guard case .quantitative(.range, -5, 5, "%") = try TargetValue.parse("-5%-5%").get().kind else { Issue.record("-5%-5% is a range"); return }
        #expect(try TargetValue.parse("- 按期完成").get().kind == .qualitative)
        #expect(TargetValue.parse("≤abc") == .failure(.operatorWithoutNumber))
        #expect(TargetValue.parse("100-90%") == .failure(.malformedRange))
    }

    @Test func gradeBandEdgesAreExact() throws {
        let scheme = GradeScheme.national
        let cases: [(String, String)] = [("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("89.9999", "良"),
                                          ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差")]
        for (score, grade) in cases {
            #expect(scheme.grade(for: try #require(Decimal(string: score))) == grade, "score \(score)")
        }
        #expect(scheme.problems.isEmpty)
        let bad = GradeScheme(name: "乱序", bands: [.init(grade: "良", minimum: 80), .init(grade: "优", minimum: 90)])
        #expect(!bad.problems.isEmpty)
    }

    @Test func calendarDates() {
        #expect(CalendarDate(parsing: "2025-02-18")?.chinese == "2025年2月18日")
        #expect(CalendarDate(parsing: "2024-02-29") != nil)
        #expect(CalendarDate(parsing: "2025-02-29") == nil)
        #expect(CalendarDate(parsing: "2025-13-01") == nil)
        #expect(CalendarDate(parsing: "25-1-1") == nil)
        // One separator, written twice: a slash and a dash mixed, or one doubled or dangling, is a slip to name.
        #expect(CalendarDate(parsing: "2025/2/18") == CalendarDate(parsing: "2025-02-18"))
        for slip in ["2025/02-18", "2025-02/18", "2025--02-18", "2025//2/18", "-2025-02-18", "2025-02-18-", "2025/2/18/"] {
            #expect(CalendarDate(parsing: slip) == nil, "\(slip)")
        }
        #expect(CalendarDate(parsing: "2025-03-10")!.dayNumber - CalendarDate(parsing: "2025-02-18")!.dayNumber == 20)
    }

    /// What clerks type around values: ASCII spaces and tabs, CRLF, full-width (U+3000) and no-break spaces.
    @Test func trimmedRemovesEveryKindOfWhiteSpaceAndKeepsTheRest() {
        #expect(" \t 项目 名称\r\n".trimmed == "项目 名称")
        #expect("\u{3000}学生营养改善计划\u{3000}".trimmed == "学生营养改善计划")
        #expect("\u{A0}≥52000人\u{85}".trimmed == "≥52000人")
        #expect("　\u{2003} ".trimmed == "")
        #expect("".trimmed == "")
        #expect("不用修剪".trimmed == "不用修剪")
        #expect("\u{200B}零宽\u{200B}".trimmed == "\u{200B}零宽\u{200B}")  // not White_Space: kept, as before
        let line = "key:  值　\n"[...]
        #expect(line.dropFirst(4).trimmed == "值")
    }

    @Test func linesAreCutAtLineEndBytesAsTheCharacterSplitCutThem() {
        // The byte scan must agree with `split(separator: "\n", omittingEmptySubsequences: false)` on every text
        // without CR, combining marks after a line end included (a line end is always a Character of its own).
        let texts = ["", "\n", "一\n\n二\n", "项目\u{301}\n\u{301}名称", "a\nb", "末行无换行", "\n\n", "绩效\u{200D}\n👍🏽\n"]
        for text in texts {
            #expect(text.lines() == text.split(separator: "\n", omittingEmptySubsequences: false), "\(Array(text.unicodeScalars))")
        }
        // With carriage returns: CRLF is one line end, a lone CR another, as the passage reader has always cut them.
        #expect("一\r\n二\r三\n\r\n四".lines(carriageReturns: true) == ["一", "二", "三", "", "四"])
        #expect("一\r\n二".lines() == ["一\r", "二"])
        let sub = "x\n前\n后\ny".dropFirst(2).dropLast(2)
        #expect(sub.lines() == ["前", "后"])
    }

    @Test func holdsBytesFindsAnASCIIMarkAnywhere() {
        #expect("备注<!--内部-->".holdsBytes("<!--"))
        #expect(!"备注<!-内部".holdsBytes("<!--"))
        #expect("a--".holdsBytes("--") && "--".holdsBytes("--") && !"-".holdsBytes("--") && !"".holdsBytes("--"))
        #expect("<<!--".holdsBytes("<!--"))   // a false start just before the mark
        #expect("[定义]: 地址"[...].dropFirst(3).holdsBytes("]:"))
        #expect(!"[定义]: 地址"[...].dropFirst(4).holdsBytes("]:"))
    }

    @Test func datesPrintZeroPaddedAsISO() {
        for (y, m, d) in [(2025, 2, 8), (2025, 12, 31), (1900, 1, 1), (9999, 10, 10)] {
            let date = CalendarDate(year: y, month: m, day: d)!
            #expect(date.description == String(format: "%04d-%02d-%02d", y, m, d))
            #expect(date.monthString == String(format: "%04d-%02d", y, m))
        }
    }

    @Test func multiPatternMatcherFindsEveryPattern() {
        let matcher = MultiPatternMatcher(patterns: ["he", "she", "his", "hers", "青峰-7", "峰"])
        #expect(matcher.matches(in: Array("ushers".utf8)) == [0, 1, 3])
        #expect(matcher.matches(in: Array("代号“青峰-7”".utf8)) == [4, 5])
        #expect(matcher.matches(in: Array("nothing".utf8)) == [])
    }

    @Test func multiPatternMatcherAgreesWithNaiveSearch() {
        var rng = SystemRandomNumberGenerator()
        // 青 静 非 share their first two bytes, 峰 岛 their first: states one byte deep read many next bytes.
        let alphabet = Array("ab青峰-7静非岛")
        func word(_ n: Int) -> String { String((0..<n).map { _ in alphabet.randomElement(using: &rng)! }) }
        for _ in 0..<3_000 {
            let patterns = (0..<Int.random(in: 1...20, using: &rng)).map { _ in word(Int.random(in: 1...4, using: &rng)) }
            let text = word(Int.random(in: 0...40, using: &rng))
            let expected = patterns.indices.filter { text.contains(patterns[$0]) }
            #expect(MultiPatternMatcher(patterns: patterns).matches(in: Array(text.utf8)) == expected, "\(patterns) in \(text)")
        }
    }

    @Test func passagesSplitByLevel() {
        var d = DiagnosticList()
        let text = "甲段。\n::: 涉密\n乙段机密。\n::: limited\n丙段。\n:::\n:::\n丁段。"
        let source = MarkdownSource.parse(text, file: "a.md", firstLine: 5, diagnostics: &d)
        #expect(!d.hasErrors)
        #expect(source.passages.map(\.level) == [.public, .classified, .classified, .public])
        #expect(source.passages.map(\.line) == [5, 7, 9, 12])
        let visible = source.text(visibleAt: { $0 == .public })
        #expect(visible == "甲段。\n\n丁段。")
    }

    @Test func unclosedAndUnknownFencesAreErrorsAndWithhold() {
        var d = DiagnosticList()
        let source = MarkdownSource.parse("公开。\n::: 保密\n不应公开。", file: "b.md", firstLine: 1, diagnostics: &d)
        #expect(d.errors.map(\.code) == [.passageFence, .passageFence])
        #expect(d.errors.map(\.location.line) == [2, 2])
        #expect(source.text(visibleAt: { $0 == .public }) == "公开。")
    }

    @Test func markdownIsSafe() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(html.contains("raw HTML omitted"))
        // The same safety on the path that rewrites headings.
        let headed = Markdown.html("# 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1))")
        #expect(!headed.contains("<script") && !headed.contains("javascript:") && headed.contains("raw HTML omitted"))
    }

    /// cmark's safe mode empties only `javascript:`, `vbscript:`, `file:` and `data:` links; any other
    /// scheme hands the reader's click to a program on their computer (`ms-msdt:`, `search-ms:` with a
    /// share on another server, `smb:`). A link keeps its address only for web pages, e-mail and telephone.
    @Test func aLinkKeepsItsAddressOnlyForWebMailAndTelephone() {
        let markdown = "[诊断](ms-msdt:/id%20PCWDiagnostic) [搜索](search-ms:query=x&crumb=location:%5C%5Cevil.example%5Cs) <smb://evil.example/s> "
            + "[编码](ms-officecmd&#58;x) [大写](MS-MSDT:x) [网页](https://x.example/) [邮件](mailto:a@b.c) [电话](tel:110) [本站](/projects/) [相对](说明:x)"
        for html in [Markdown.html(markdown), Markdown.html("# 标题\n\n" + markdown)] {
            // An autolink still shows its address as its text, but has none to follow.
            #expect(html.components(separatedBy: "href=\"\"").count - 1 == 5 && html.contains(">smb://evil.example/s</a>"), "\(html)")
            for scheme in ["ms-msdt", "MS-MSDT", "search-ms", "ms-officecmd"] { #expect(!html.contains(scheme), "\(scheme): \(html)") }
            for kept in ["href=\"https://x.example/\"", "href=\"mailto:a@b.c\"", "href=\"tel:110\"", "href=\"/projects/\"", ">诊断</a>", ">搜索</a>"] {
                #expect(html.contains(kept), "\(kept): \(html)")
            }
        }
        #expect(Markdown.disallowedLinks(in: "正文\n\n见[附件](search-ms:query=x)与<https://x.example/>。").map(\.line) == [3])
    }

    @Test func aTopHeadingInTheTextIsNotASecondH1() {
        // The page title is the page's one h1; the text's own headings start at h2, other levels kept.
        #expect(Markdown.html("# 一、总则\n\n正文\n\n## 第一条\n\n### 细则") == "<h2>一、总则</h2>\n<p>正文</p>\n<h2>第一条</h2>\n<h3>细则</h3>\n")
        // No level is skipped, whatever the text starts with (axe: heading-order): a page whose text begins
        // at #### went from h1 to h4, a project's 项目说明 (an h2) to an h4.
        #expect(Markdown.html("#### 一、总则\n\n###### 细则\n\n## 第二章") == "<h2>一、总则</h2>\n<h3>细则</h3>\n<h2>第二章</h2>\n")
        #expect(Markdown.html("#### 项目背景\n\n##### 由来", after: 2) == "<h3>项目背景</h3>\n<h4>由来</h4>\n")
        #expect(Markdown.html("# 背景", after: 2) == "<h2>背景</h2>\n")
        #expect(Markdown.html("背景\n---\n\n#### 细节", after: 3) == "<h2>背景</h2>\n<h3>细节</h3>\n")
        #expect(Markdown.html("总则\n===\n") == "<h2>总则</h2>\n")
        #expect(Markdown.html("## 第二条\n\n#号不是标题") == "<h2>第二条</h2>\n<p>#号不是标题</p>\n")
    }
}
