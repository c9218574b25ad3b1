import Foundation

/// CSV as Excel reads Chinese text: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
public struct CSVTable {
    public var rows: [[String]]
    /// Prefix cells that start with `= + - @` (and are not numbers) with `'` so a spreadsheet never
    /// runs them as formulas: on for public downloads, off for a clerk's own round trip.
    public var guardFormulas: Bool

    public init(header: [String] = [], guardFormulas: Bool = true) {
        self.rows = header.isEmpty ? [] : [header]
        self.guardFormulas = guardFormulas
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    public var data: Data {
        var text = "\u{FEFF}"
        for row in rows {
            text += row.map { quote($0) }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    public func quote(_ field: String) -> String {
        var value = field
        if guardFormulas, let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func quote(_ field: String) -> String { CSVTable().quote(field) }
}
