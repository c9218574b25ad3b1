import Foundation

/// CSV as Excel reads Chinese text: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
///
/// Rows are encoded as they are appended: a year's indicator table runs to 90,000 rows, and holding
/// them as arrays of strings, then as bytes, then as `Data`, tripled its 20 MB while it was written.
public struct CSVTable {
    private var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Prefix cells that start with `= + - @` (and are not plain numbers) with `'` so a spreadsheet never
    /// runs them as formulas (public downloads and a clerk's exported tables alike).
    public let guardFormulas: Bool

    public init(header: [String] = [], guardFormulas: Bool = true) {
        self.guardFormulas = guardFormulas
        if !header.isEmpty { append(header) }
    }

    public mutating func append(_ row: [String]) {
        for (i, field) in row.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += quote(field).utf8
        }
        bytes += [0x0D, 0x0A]
    }

    /// A clerk's table is guarded like a public download, so that opening an export never runs a
    /// formula; import takes the guard off again (`'=1+1` reads `=1+1`).
    public static func unguarded(_ value: String) -> String {
        guard value.utf8.first == UInt8(ascii: "'"), let second = value.dropFirst().first, "=+-@".holdsMark(second),
              !isPlainNumber(value.utf8.dropFirst()) else { return value }
        return String(value.dropFirst())
    }

    /// A signed decimal number as a spreadsheet reads one (`-3.5`, `+12`, `-.5`, `-2.5E-3`): the only text
    /// starting with `+` or `-` left unguarded. Not `Double(_:)`, which also reads `+Infinity`, `-nan(…)`
    /// and hexadecimal `+0x1p3`: a spreadsheet takes those for formulas.
    static func isPlainNumber(_ text: some Collection<UInt8>) -> Bool {
        var i = text.startIndex
        func digits() -> Int {
            var n = 0
            while i != text.endIndex, (0x30...0x39).contains(text[i]) { n += 1; i = text.index(after: i) }
            return n
        }
        func skip(_ bytes: String) -> Bool {
            guard i != text.endIndex, bytes.utf8.contains(text[i]) else { return false }
            i = text.index(after: i)
            return true
        }
        _ = skip("+-")
        var mantissa = digits()
        if skip(".") { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if skip("eE") {
            _ = skip("+-")
            guard digits() > 0 else { return false }
        }
        return i == text.endIndex
    }

    public var data: Data { Data(bytes) }

    /// Bytes encoded and not yet handed to `flush`.
    public var pendingBytes: Int { bytes.count }

    /// Hands the bytes encoded so far to `write` and forgets them, so that a long table can be written
    /// piece by piece (`ZipWriter.add(path:streaming:)`) without being held whole.
    public mutating func flush(_ write: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes(write)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Checked on UTF-8 bytes: every character that matters here is ASCII, and a line end inside a
    /// field (`\r\n` is one Character, equal to neither `\r` nor `\n`) must still be quoted.
    public func quote(_ field: String) -> String {
        var value = field
        if guardFormulas, let byte = value.utf8.first, "=+-@".utf8.contains(byte), let first = value.first, "=+-@".holdsMark(first),
           !Self.isPlainNumber(value.utf8) {
            value = "'" + value
        }
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func quote(_ field: String) -> String { CSVTable().quote(field) }
}
