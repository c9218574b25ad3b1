import Foundation

/// Money, weights and scores are exact decimals: never binary floating point.
/// `Foundation.Decimal` gives base-10 arithmetic with 38 significant digits; these helpers
/// parse strictly and format without locale surprises.
public enum ExactDecimal {
    /// Parses `1200`, `1,200.50`, `-3.5`, `１２００` (full-width digits), at most `maxFractionDigits` decimals
    /// and `maxIntegerDigits` digits before the point. Commas only group thousands (`1,198.60`; `89,5` is
    /// refused, it is a European decimal comma). Returns nil for anything else (`12abc`, `1.2.3`, `1e5`, empty).
    public static func parse(_ raw: String, maxFractionDigits: Int = 6, maxIntegerDigits: Int = maxIntegerDigits) -> Decimal? {
        if let plain = plainASCII(raw, maxFractionDigits: maxFractionDigits, maxIntegerDigits: maxIntegerDigits) { return plain }
        return general(raw, maxFractionDigits: maxFractionDigits, maxIntegerDigits: maxIntegerDigits)
    }

    /// What nearly every weight, score and target number is (`12`, `-3.5`, `95.00`), read on its bytes:
    /// a sign, ASCII digits and at most one point, nothing else, not zero, at most 18 digits. Nil sends
    /// the text to `general`, which reads everything else (spaces, full-width digits, commas, zero with
    /// its decimals, long numbers) and refuses what is wrong; `ValuesTests` checks that both agree.
    static func plainASCII(_ raw: String, maxFractionDigits: Int, maxIntegerDigits: Int) -> Decimal? {
        var significand: UInt64 = 0
        var digits = 0, fractionDigits = 0, integerDigits = 0
        var negative = false, seenPoint = false, first = true
        for byte in raw.utf8 {
            switch byte {
            case 0x30...0x39:
                digits += 1
                guard digits <= 18 else { return nil }
                significand = significand &* 10 &+ UInt64(byte &- 0x30)
                if seenPoint { fractionDigits += 1 } else if significand != 0 { integerDigits += 1 }
            case UInt8(ascii: "."):
                guard !seenPoint, digits > 0 else { return nil }
                seenPoint = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard first else { return nil }
                negative = byte == UInt8(ascii: "-")
            default:
                return nil
            }
            first = false
        }
        guard significand != 0, !seenPoint || fractionDigits > 0, fractionDigits <= maxFractionDigits,
              integerDigits <= maxIntegerDigits else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    /// The full reading, for any text `plainASCII` leaves.
    static func general(_ raw: String, maxFractionDigits: Int, maxIntegerDigits: Int) -> Decimal? {
        var text = ""
        for scalar in raw.trimmed.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: text.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: text.append(".")
            case 0xFF0D: text.append("-")
            case 0xFF0C: text.append(",")
            default: text.unicodeScalars.append(scalar)
            }
        }
        var digits = Substring(text)
        var sign = ""
        if digits.hasPrefix("-") || digits.hasPrefix("+") { sign = String(digits.prefix(1)); digits = digits.dropFirst() }
        let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count) else { return nil }
        let groups = pieces[0].split(separator: ",", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) else { return nil }
        let integer = groups.joined()
        guard integer.drop(while: { $0 == "0" }).count <= maxIntegerDigits else { return nil }
        if pieces.count == 2 {
            guard !pieces[1].isEmpty, pieces[1].count <= maxFractionDigits, pieces[1].allSatisfy(\.isASCIIDigit) else { return nil }
        }
        let fraction = pieces.count == 2 ? pieces[1] : ""
        // Up to 18 digits fit a UInt64: the value is built directly, with the same representation as
        // `Decimal(string:)` gives (a test compares their bytes). That parser made a `Locale` and a
        // scanner per number, 9 % of loading a site. Zero keeps it, for its exponent (0.00).
        if integer.count + fraction.count <= 18, let significand = UInt64(integer + fraction), significand != 0 {
            return Decimal(sign: sign == "-" ? .minus : .plus, exponent: -fraction.count, significand: Decimal(significand))
        }
        return Decimal(string: sign + integer + (fraction.isEmpty ? "" : "." + fraction), locale: Self.posix)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The most digits before the decimal point any number may have: with 6 decimals that keeps every
    /// value, and sums of hundreds of thousands of them, exact within `Decimal`'s 38 digits.
    public static let maxIntegerDigits = 15

    /// Rounds half away from zero to `scale` decimals, as Chinese financial tables do (四舍五入).
    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Fixed notation with at least `minFractionDigits` and at most `maxFractionDigits` decimals,
    /// e.g. `format(1198.6, min: 2)` → `1198.60`. No grouping, no locale.
    public static func format(_ value: Decimal, minFractionDigits: Int = 0, maxFractionDigits: Int = 6) -> String {
        let r = rounded(value, scale: maxFractionDigits)
        if let (negative, significand, exponent) = parts(of: r) {
            return format(negative: negative, significand: significand, exponent: exponent, minFractionDigits: minFractionDigits)
        }
        return formatThroughFoundation(r, minFractionDigits: minFractionDigits)
    }

    /// The shortest exact spelling, as `Decimal.description` gives it (`1198.6`, `-0.005`, `1500`), for
    /// open data; from the storage when the significand fits 64 bits.
    public static func plain(_ value: Decimal) -> String {
        guard let (negative, significand, exponent) = parts(of: value) else { return value.description }
        return format(negative: negative, significand: significand, exponent: exponent, minFractionDigits: 0)
    }

    /// Foundation's spelling of a rounded value, trimmed to the fraction digits asked for: the general
    /// case, and the reference the fast one is tested against.
    static func formatThroughFoundation(_ r: Decimal, minFractionDigits: Int) -> String {
        var text = NSDecimalNumber(decimal: r).stringValue
        if text.contains("e") || text.contains("E") { text = "\(r)" }
        var (intPart, fracPart) = { () -> (String, String) in
            let p = text.split(separator: ".", maxSplits: 1).map(String.init)
            return (p[0], p.count > 1 ? p[1] : "")
        }()
        while fracPart.count > minFractionDigits, fracPart.hasSuffix("0") { fracPart.removeLast() }
        while fracPart.count < minFractionDigits { fracPart.append("0") }
        if intPart == "-0", fracPart.allSatisfy({ $0 == "0" }) { intPart = "0" }  // no "-0.00"; "-0.5" keeps its sign
        return fracPart.isEmpty ? intPart : intPart + "." + fracPart
    }

    /// `Decimal`'s storage: an 8-bit exponent, a byte holding the length (in 16-bit words) and the sign,
    /// two more bytes, then eight 16-bit words of significand. Foundation keeps these fields internal,
    /// and spelling a value through it costs 1.8 µs (5 % of a build's CPU), so a significand of up to
    /// 64 bits is read from here. Where the length and sign bits sit differs between Foundations, so
    /// they are found once, from values whose storage is known; if neither layout fits, every value
    /// takes Foundation's path. `ValuesTests` checks the result against Foundation's spelling.
    private struct Storage {
        var exponent: Int8
        var lengthAndFlags: UInt8
        var reserved: UInt16
        var words: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)
    }

    /// Shift of the 4-bit length and mask of the sign bit in `lengthAndFlags`.
    private static let flagLayout: (lengthShift: UInt8, negative: UInt8)? = {
        guard MemoryLayout<Decimal>.size == MemoryLayout<Storage>.size else { return nil }
        // -70000 is 7 × 10⁴: one word; 2³² is three words.
        let small = unsafeBitCast(Decimal(sign: .minus, exponent: 4, significand: 7), to: Storage.self)
        let large = unsafeBitCast(Decimal(sign: .plus, exponent: 0, significand: Decimal(UInt64(1) << 32)), to: Storage.self)
        guard small.exponent == 4, small.words.0 == 7, large.words.2 == 1 else { return nil }
        for layout: (lengthShift: UInt8, negative: UInt8) in [(4, 0x08), (0, 0x10)] {  // swift-foundation; NSDecimal
            if (small.lengthAndFlags >> layout.lengthShift) & 0x0F == 1, small.lengthAndFlags & layout.negative != 0,
               (large.lengthAndFlags >> layout.lengthShift) & 0x0F == 3, large.lengthAndFlags & layout.negative == 0 {
                return layout
            }
        }
        return nil
    }()

    /// Sign, significand and exponent, when the significand fits 64 bits and the value is a number.
    static func parts(of value: Decimal) -> (negative: Bool, significand: UInt64, exponent: Int)? {
        guard let layout = flagLayout else { return nil }
        let storage = unsafeBitCast(value, to: Storage.self)
        let length = (storage.lengthAndFlags >> layout.lengthShift) & 0x0F, negative = storage.lengthAndFlags & layout.negative != 0
        guard length <= 4, !(length == 0 && negative) else { return nil }  // longer, or NaN
        let w = storage.words
        let significand = length == 0 ? 0 : UInt64(w.0) | UInt64(w.1) << 16 | UInt64(w.2) << 32 | UInt64(w.3) << 48
        return (negative, significand, Int(storage.exponent))
    }

    /// `formatThroughFoundation`'s result, spelt directly: the digits with the point put in, trailing
    /// zeros trimmed to `minFractionDigits` and padded to it.
    private static func format(negative: Bool, significand: UInt64, exponent: Int, minFractionDigits: Int) -> String {
        if significand == 0 { return minFractionDigits == 0 ? "0" : "0." + String(repeating: "0", count: minFractionDigits) }
        var digits = Array(String(significand).utf8)
        var fraction: [UInt8] = []
        if exponent >= 0 {
            digits += repeatElement(UInt8(ascii: "0"), count: exponent)
        } else {
            let places = -exponent
            if digits.count <= places { digits = Array(repeating: UInt8(ascii: "0"), count: places - digits.count + 1) + digits }
            fraction = Array(digits[(digits.count - places)...])
            digits.removeLast(places)
        }
        while fraction.count > minFractionDigits, fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        if fraction.count < minFractionDigits { fraction += repeatElement(UInt8(ascii: "0"), count: minFractionDigits - fraction.count) }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + fraction.count + 2)
        if negative, digits != [UInt8(ascii: "0")] || fraction.contains(where: { $0 != UInt8(ascii: "0") }) { out.append(UInt8(ascii: "-")) }
        out += digits
        if !fraction.isEmpty { out.append(UInt8(ascii: ".")); out += fraction }
        return String(decoding: out, as: UTF8.self)
    }

    /// `format` with thousands grouping (`12,345.60`), for amounts shown to readers.
    public static func grouped(_ value: Decimal, minFractionDigits: Int = 2, maxFractionDigits: Int = 6) -> String {
        let plain = format(value, minFractionDigits: minFractionDigits, maxFractionDigits: maxFractionDigits)
        var parts = plain.split(separator: ".", maxSplits: 1).map(String.init)
        var intPart = parts[0]
        let negative = intPart.hasPrefix("-")
        if negative { intPart.removeFirst() }
        var groupedInt = ""
        for (i, ch) in intPart.reversed().enumerated() {
            if i > 0, i % 3 == 0 { groupedInt.append(",") }
            groupedInt.append(ch)
        }
        parts[0] = (negative ? "-" : "") + String(groupedInt.reversed())
        return parts.joined(separator: ".")
    }

    /// A percentage with two decimals, `95.88%`, from a ratio; nil when the denominator is zero.
    public static func percent(_ numerator: Decimal, of denominator: Decimal, scale: Int = 2) -> String? {
        guard denominator != 0 else { return nil }
        return format(rounded(numerator / denominator * 100, scale: scale), minFractionDigits: scale, maxFractionDigits: scale) + "%"
    }
}
