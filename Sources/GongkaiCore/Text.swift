#if canImport(Glibc)
import Glibc
#endif

/// Fast, Foundation-free text helpers for the per-file and per-page paths
/// (`trimmingCharacters(in:)` bridges through NSString on Linux and showed up in profiles).
extension StringProtocol {
    /// The text without leading and trailing white space (including newlines and U+3000).
    public var trimmed: String {
        trimming(\.isWhiteSpace)
    }

    /// The text without the scalars `trim` names at either end: `trimmingCharacters(in:)` for a set of single scalars
    /// (`Unicode.Scalar.inWhitespaces`, `inNewlines`), without the bridge to NSString it takes on Linux. An untrimmed
    /// text is returned as it is, not copied: this runs for every line of every file.
    @inline(__always)
    public func trimming(_ trim: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trim($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !trim($0) })!
        if first == startIndex, scalars.index(after: last) == endIndex { return String(self) }
        return String(self[first..<scalars.index(after: last)])
    }

    /// Whether the text holds `needle` byte for byte: for ASCII marks (`<!--`, `--`, `]:`) asked on per-line and
    /// per-text paths, where Foundation's `contains` goes through NSString on Linux.
    /// `memchr` and `memcmp` over the text's own storage: a walk of the generic view went through witness
    /// tables at every byte, and this is asked of every text field.
    public func holdsBytes(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        let wanted = needle.utf8Start
        func search(_ text: UnsafeBufferPointer<UInt8>) -> Bool { bytesHold(text, wanted, count: count) }
        if let found = utf8.withContiguousStorageIfAvailable(search) { return found }
        var copy = String(self)  // a bridged string: made native once
        return copy.withUTF8(search)
    }

    /// Whether the text holds `word` as `contains` reads it (Foundation's and Swift's alike: whole characters, canonically
    /// equivalent ones equal), answered on bytes when both are made only of characters that have no other form and join with
    /// no neighbour (`isPlainCharacter`): nearly every Chinese text. Foundation's `contains` goes through NSString on Linux,
    /// and the level notes' readings ask it dozens of times of every line that holds a level's character.
    public func holdsWord(_ word: String) -> Bool {
        func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    guard b != 0x0D else { return false }   // CR LF is one character
                    i += 1
                    continue
                }
                guard b >= 0xE0, b < 0xF0, i + 2 < bytes.count else { return false }
                let scalar = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                guard Unicode.Scalar.isPlainCharacter(scalar) else { return false }
                i += 3
            }
            return true
        }
        var needle = word
        let answer: Bool? = needle.withUTF8 { wanted in
            // An empty word is left to `contains`, whose answer for it differs between Foundation and the standard library.
            guard let first = wanted.baseAddress, !wanted.isEmpty, plain(wanted) else { return nil }
            func search(_ text: UnsafeBufferPointer<UInt8>) -> Bool? { plain(text) ? bytesHold(text, first, count: wanted.count) : nil }
            return utf8.withContiguousStorageIfAvailable(search) ?? nil
        }
        return answer ?? contains(word)
    }

    /// Whether `c` is one of this list's marks (`"，,；;".holdsMark(c)`), as `contains(c)` answers. A character of one
    /// scalar with no other form (ASCII, or `isPlainCharacter`: nearly every character of a Chinese text) is looked for
    /// among the list's scalars: `contains` broke the list into Characters at every call, and the readings of level notes
    /// ask such lists of every character of a line. Any other character goes to `contains`. The list must hold characters
    /// of one scalar each, in their own canonical form (`MarkListTests` checks every list written in the sources).
    @inline(__always)
    public func holdsMark(_ c: Character) -> Bool {
        let scalar = c.unicodeScalars.first!
        let plain = scalar.value < 0x80 ? c.utf8.count == 1 : c.utf8.count == 3 && Unicode.Scalar.isPlainCharacter(scalar.value)
        return plain ? unicodeScalars.contains(scalar) : contains(c)
    }

    /// The text's lines, empty ones kept, cut at every LF byte (and, with `carriageReturns`, at a lone CR
    /// and at CRLF as one line end). A byte scan: `split(separator: "\n")` walks Characters, with grapheme
    /// breaking at every character of a Chinese text, and never splits a CRLF (one Character).
    public func lines(carriageReturns: Bool = false) -> [Substring] {
        let utf8 = Substring(self).utf8
        var lines: [Substring] = []
        var start = utf8.startIndex, i = start
        while i != utf8.endIndex {
            let byte = utf8[i]
            guard byte == 0x0A || (carriageReturns && byte == 0x0D) else { utf8.formIndex(after: &i); continue }
            lines.append(Substring(utf8[start..<i]))
            utf8.formIndex(after: &i)
            if byte == 0x0D, i != utf8.endIndex, utf8[i] == 0x0A { utf8.formIndex(after: &i) }
            start = i
        }
        lines.append(Substring(utf8[start..<utf8.endIndex]))
        return lines
    }
}

extension String {
    /// Whether the text's UTF-8 bytes sort before `other`'s (`utf8.lexicographicallyPrecedes`): the order of every path,
    /// key and name list gongkai writes. `memcmp` over both strings' own storage; the generic walk of two UTF-8 views
    /// sorted 85,000 paths twice a build at a byte a time.
    @inline(__always)
    public func precedesBytewise(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let shared = Swift.min(a.count, b.count)
                let order = shared == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, shared)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// Whether `count` bytes at `needle` stand in `text`: `memchr` for the first byte, `memcmp` for the rest. The one byte search
/// of `holdsBytes` and `holdsWord`.
private func bytesHold(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafePointer<UInt8>, count: Int) -> Bool {
    guard var at = text.baseAddress, text.count >= count else { return false }
    var left = text.count
    while left >= count, let hit = memchr(at, Int32(needle.pointee), left - count + 1) {
        let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(candidate, needle, count) == 0 { return true }
        left -= candidate - at + 1
        at = candidate + 1
    }
    return false
}

extension String {
    /// Decodes UTF-8 strictly; nil for invalid bytes (files saved as GB18030, for instance).
    public init?(strictUTF8 bytes: some Collection<UInt8>) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }

    /// A content file's text as every reader of the site sees it: strict UTF-8, without a leading
    /// byte-order mark, with Windows (CRLF) and old Mac (lone CR) line ends turned into LF.
    /// The one place line ends are normalised: a fence or a YAML key must mean the same whichever
    /// editor saved the file (a CRLF file once published every `::: 涉密` passage).
    /// The line (1-based) of the first byte of `data` that is not UTF-8, if any.
    public static func firstNonUTF8Line(_ data: some Sequence<UInt8>) -> Int? {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): if scalar.count == 1, scalar.first == UInt8(ascii: "\n") { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    public init?(sourceText data: some Collection<UInt8>) {
        var bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0x0D) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0D {
                    out.append(0x0A)
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    out.append(b)
                }
                i += 1
            }
            bytes = out
        }
        guard let text = String(strictUTF8: bytes) else { return nil }
        self = text
    }
}

extension String {
    /// Escaped for HTML text and attribute values: `< > & " '`, spelled as swift-mustache spells them
    /// (`&#39;`). Decided on UTF-8 bytes, never on Characters: a quote followed by a combining mark is
    /// one Character, and a Character-based escaper leaves it a bare quote that ends an attribute.
    public var htmlEscaped: String {
        func special(_ b: UInt8) -> Bool { b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 }
        guard utf8.contains(where: special) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x26: out += "&amp;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escaped for XML text and attribute values (feeds, sitemaps).
    public var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 forbids are dropped rather than passed on.
                if ch.value < 0x20, ch != "\n", ch != "\t", ch != "\r" { continue }
                if ch.value & 0xFFFE == 0xFFFE { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

extension String {
    /// A JSON string literal, quotes included (non-ASCII kept as UTF-8), for hand-written JSON on
    /// hot paths where `JSONEncoder` is slow: `CanonicalJSON.writeString`'s bytes (a search record's
    /// body appended scalar by scalar was a tenth of its file's cost).
    public var jsonQuoted: String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 2)
        CanonicalJSON.writeString(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte (digests, file names). `String(format: "%02x")` per byte
    /// went through CoreFoundation and cost nine times the SHA-256 it printed.
    public var hexString: String {
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

extension Unicode.Scalar {
    /// Unicode's White_Space property (`properties.isWhitespace`), without the property tables: `trimmed` asks it at both
    /// ends of every text a site's files hold, and the scalars that have it are these 25 (checked against the tables for
    /// every scalar).
    public var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether Foundation's `CharacterSet.whitespaces` holds the scalar: category Zs, tab, and the zero-width space that
    /// CoreFoundation counts too (checked against it for every scalar when this was written).
    public var inWhitespaces: Bool {
        switch value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether Foundation's `CharacterSet.newlines` holds the scalar: LF, VT, FF, CR, NEL and the line and paragraph separators.
    public var inNewlines: Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A three-byte character `holdsWord` may compare on bytes: one with no canonical decomposition that is no combining
    /// mark, joiner or selector (the CJK symbols but their tone marks, the ideographs, general punctuation's dashes and
    /// quotes, the full-width forms of ASCII and their signs).
    static func isPlainCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x2010...0x2027, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E, 0xFFE0...0xFFE6: true
        default: false
        }
    }

    /// A character with no business in published text, which can hide or reorder what a reader sees: a
    /// control character other than tab and line ends (NUL, ESC …), a line or paragraph separator
    /// (U+2028, which no line reader here takes as a line end), a bidirectional embedding, override,
    /// isolate or mark, a tag character. (Zero-width spaces and joiners are left alone: fences tolerate them.)
    public var isHiddenControl: Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069,
             0x200E, 0x200F, 0x061C,          // direction marks
             0x180E, 0xFFF9...0xFFFB,         // Mongolian vowel separator, interlinear annotation
             0xE0000...0xE007F,               // tag characters (text hidden from readers, not from machines)
             0xFDD0...0xFDEF: true            // noncharacters, which XML forbids (a feed with one does not parse)
        default: value & 0xFFFE == 0xFFFE     // U+FFFE, U+FFFF and the same at the end of every plane
        }
    }
}

extension String {
    /// The first hidden control character (`Unicode.Scalar.isHiddenControl`) with its 1-based line and
    /// column (in characters), or nil. Found on the UTF-8 bytes (it runs over every content file: a
    /// scalar walk cost a tenth of loading), positioned by a scalar walk only when there is one.
    public var firstHiddenControl: (line: Int, column: Int, scalar: Unicode.Scalar)? {
        let found = utf8.withContiguousStorageIfAvailable { Self.hasHiddenControl($0) }
            ?? Array(utf8).withUnsafeBufferPointer { Self.hasHiddenControl($0) }
        guard found else { return nil }
        var line = 1, column = 1
        for scalar in unicodeScalars {
            if scalar.isHiddenControl { return (line, column, scalar) }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    /// The first character reference (`&#x202E;`, `&#31;`, `&rlm;`) that names a hidden control character
    /// (`Unicode.Scalar.isHiddenControl`), with its 1-based line and column (in characters), the reference as
    /// written and the character, or nil. cmark decodes references in Markdown text, link titles and image
    /// descriptions into the character itself, so a reference would put on the page what the raw check
    /// refuses (an override that reorders the text, U+001F that HTML forbids). References are read as
    /// CommonMark reads them: decimal with 1–7 digits, hexadecimal with 1–6, a semicolon at the end.
    public var firstHiddenControlReference: (line: Int, column: Int, reference: String, scalar: Unicode.Scalar)? {
        guard holdsBytes("&") else { return nil }
        let bytes = Array(utf8)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1; lineStart = i + 1 }
            guard b == UInt8(ascii: "&"), let (length, value) = Self.characterReference(bytes, at: i) else { i += 1; continue }
            // `&#0;` is not one: cmark writes U+FFFD for it, as for a surrogate or a number past U+10FFFF.
            if value != 0, let scalar = Unicode.Scalar(value), scalar.isHiddenControl {
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                return (line, column, String(decoding: bytes[i..<i + length], as: UTF8.self), scalar)
            }
            i += length
        }
        return nil
    }

    /// The reference starting at `start` (an `&`): its length in bytes and the code point it names.
    private static func characterReference(_ b: [UInt8], at start: Int) -> (Int, UInt32)? {
        func digit(_ x: UInt8, hex: Bool) -> UInt32? {
            switch x {
            case 0x30...0x39: UInt32(x - 0x30)
            case 0x61...0x66 where hex: UInt32(x - 0x61 + 10)
            case 0x41...0x46 where hex: UInt32(x - 0x41 + 10)
            default: nil
            }
        }
        var i = start + 1
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "#") {
            i += 1
            let hex = i < b.count && (b[i] == UInt8(ascii: "x") || b[i] == UInt8(ascii: "X"))
            if hex { i += 1 }
            var value: UInt32 = 0, digits = 0
            while i < b.count, let d = digit(b[i], hex: hex), digits < (hex ? 6 : 7) {
                value = value * (hex ? 16 : 10) + d
                digits += 1
                i += 1
            }
            guard digits > 0, i < b.count, b[i] == UInt8(ascii: ";") else { return nil }
            return (i + 1 - start, value)
        }
        // The named references whose character is a hidden control: the direction marks.
        for (name, value) in [("lrm;", UInt32(0x200E)), ("rlm;", UInt32(0x200F))] where b[i...].starts(with: name.utf8) {
            return (1 + name.utf8.count, value)
        }
        return nil
    }

    /// The UTF-8 forms of `isHiddenControl`'s characters, matched byte by byte.
    private static func hasHiddenControl(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let x = b[i]
            switch x {
            case 0x09, 0x0A, 0x0D: break
            case 0x00...0x1F, 0x7F: return true
            case 0xC2: if i + 1 < b.count, (0x80...0x9F).contains(b[i + 1]) { return true }          // C1
            case 0xD8: if i + 1 < b.count, b[i + 1] == 0x9C { return true }                          // U+061C
            case 0xE1: if i + 2 < b.count, b[i + 1] == 0xA0, b[i + 2] == 0x8E { return true }         // U+180E
            case 0xE2:
                if i + 2 < b.count {
                    let (y, z) = (b[i + 1], b[i + 2])
                    if y == 0x80, z == 0x8E || z == 0x8F || (0xA8...0xAE).contains(z) { return true }    // U+200E/F, U+2028–202E
                    if y == 0x81, (0xA6...0xA9).contains(z) { return true }                              // U+2066–2069
                }
            case 0xEF:
                if i + 2 < b.count {
                    let (y, z) = (b[i + 1], b[i + 2])
                    if y == 0xBF, (0xB9...0xBB).contains(z) || z == 0xBE || z == 0xBF { return true }      // U+FFF9–FFFB, U+FFFE/F
                    if y == 0xB7, (0x90...0xAF).contains(z) { return true }                              // U+FDD0–FDEF
                }
            case 0xF0...0xF4:
                if i + 3 < b.count, b[i + 1] & 0x0F == 0x0F, b[i + 2] == 0xBF, b[i + 3] == 0xBE || b[i + 3] == 0xBF { return true } // U+xFFFE/F
                if x == 0xF3, i + 2 < b.count, b[i + 1] == 0xA0, b[i + 2] == 0x80 || b[i + 2] == 0x81 { return true } // U+E0000–E007F
            default: break
            }
            i += 1
        }
        return false
    }
}

extension UInt8 {
    /// The value of this byte as a hexadecimal digit (`0`–`9`, `A`–`F`, `a`–`f`), or nil.
    @inline(__always)
    public var hexDigitValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x41...0x46: self - 0x41 + 10
        case 0x61...0x66: self - 0x61 + 10
        default: nil
        }
    }
}

extension String {
    /// The known name nearest to a typo (edit distance ≤ 2, and less than the typo's length), if any; ties go to
    /// the alphabetically first, so that the suggestion does not depend on the order `known` comes in.
    public func closest(among known: some Sequence<String>) -> String? {
        let typed = Array(self)
        return known.map { ($0, Self.editDistance(typed, Array($0))) }
            .filter { $0.1 <= 2 && $0.1 < typed.count }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A set of characters of the Basic Multilingual Plane asked of every scalar of a line: one bit each, so a lookup is a
/// shift and a mask where `Set<Unicode.Scalar>` hashes (its hasher's seeding and finalizing showed in load's profile).
struct ScalarBitmap: Sendable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)

    init(_ scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars {
            precondition(scalar.value < 0x10000, "ScalarBitmap holds the Basic Multilingual Plane only")
            bits[Int(scalar.value >> 6)] |= 1 << UInt64(scalar.value & 63)
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x10000 && bits[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0
    }
}
