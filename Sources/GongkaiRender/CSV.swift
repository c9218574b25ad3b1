import Foundation

/// CSV as Excel reads Chinese text: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
struct CSVTable {
    var header: [String]
    var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var data: Data {
        var text = "\u{FEFF}"
        for row in [header] + rows {
            text += row.map(Self.quote).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    static func quote(_ field: String) -> String {
        // A leading = + - @ makes Excel evaluate a formula: prefix a quote mark (CSV injection).
        var value = field
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
