import Foundation

/// CSV as Excel reads Chinese text: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
///
/// Rows are encoded as they are appended: a year's indicator table runs to 90,000 rows, and holding
/// them as arrays of strings, then as bytes, then as `Data`, tripled its 20 MB while it was written.
public struct CSVTable {
    private var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Prefix cells that start with `= + - @` (and are not numbers) with `'` so a spreadsheet never
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
        guard value.utf8.first == UInt8(ascii: "'"), let second = value.dropFirst().first, "=+-@".contains(second),
              Double(value.dropFirst()) == nil else { return value }
        return String(value.dropFirst())
    }

    public var data: Data { Data(bytes) }

    /// Checked on UTF-8 bytes: every character that matters here is ASCII, and a line end inside a
    /// field (`\r\n` is one Character, equal to neither `\r` nor `\n`) must still be quoted.
    public func quote(_ field: String) -> String {
        var value = field
        if guardFormulas, let byte = value.utf8.first, "=+-@".utf8.contains(byte), let first = value.first, "=+-@".contains(first),
           Double(value) == nil {
            value = "'" + value
        }
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func quote(_ field: String) -> String { CSVTable().quote(field) }
}
