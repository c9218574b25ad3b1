/// A place in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
///
/// Kept to 32 bytes (the model and the ledger hold millions): line and column as 32-bit numbers,
/// and the spreadsheet cell, which only import uses, out of line.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    private var storedLine: Int32
    private var storedColumn: Int32
    private var spreadsheetCell: Cell?

    private final class Cell: Sendable {
        let reference: String
        init(_ reference: String) { self.reference = reference }
    }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }
    /// For spreadsheets: `Sheet1!D12`, printed instead of line and column (`目标表.xlsx:Sheet1!D12`).
    public var cell: String? {
        get { spreadsheetCell?.reference }
        set { spreadsheetCell = newValue.map(Cell.init) }
    }

    public init(file: String, line: Int = 1, column: Int = 1, cell: String? = nil) {
        self.file = file
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
        spreadsheetCell = cell.map(Cell.init)
    }

    public var description: String {
        // A name can hold what a message can (a newline, a bidi override typed into a file's name): shown escaped, so one
        // diagnostic stays one honest line.
        let file = Diagnostic.printable(self.file)
        return cell.map { "\(file):\($0)" } ?? "\(file):\(line):\(column)"
    }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.storedLine == b.storedLine && a.storedColumn == b.storedColumn && a.file == b.file && a.cell == b.cell
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(storedLine)
        hasher.combine(storedColumn)
        hasher.combine(cell)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

public enum Severity: String, Sendable, Comparable {
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// One finding about the input, printed as `path:line:col: error[GK102]: 消息`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public static func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, code, message, at: location)
    }

    public static func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location)
    }

    /// One line on a terminal or in a CI log: control, line-separator and bidirectional-override
    /// characters that a quoted input carries are shown as `\u{85}`, never acted on.
    public var description: String {
        "\(location): \(severity.rawValue)[\(code.rawValue)]: \(Self.printable(message))"
    }

    static func printable(_ text: String) -> String {
        func hidden(_ s: Unicode.Scalar) -> Bool { s.isHiddenControl || s == "\t" || s == "\n" || s == "\r" }
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var shown = ""
        for s in text.unicodeScalars {
            if hidden(s) { shown += "\\u{" + String(s.value, radix: 16) + "}" } else { shown.unicodeScalars.append(s) }
        }
        return shown
    }
}

/// Collects diagnostics from one stage. Not shared across threads; stages merge their lists.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: DiagnosticList) { items.append(contentsOf: other.items) }
    public mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        items.append(.error(code, message, at: location))
    }
    public mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        items.append(.warning(code, message, at: location))
    }

    public static func + (a: DiagnosticList, b: DiagnosticList) -> DiagnosticList {
        var result = a
        result.append(contentsOf: b)
        return result
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }

    /// Sorted by place, then code, so the report reads top to bottom and is deterministic; a message
    /// two checks both gave at one place is shown once.
    public var sorted: [Diagnostic] {
        let ordered = items.sorted { ($0.location, $0.code.rawValue, $0.message) < ($1.location, $1.code.rawValue, $1.message) }
        return zip(ordered.indices, ordered).filter { i, d in
            i == 0 || { p in (p.location, p.code, p.message, p.severity) != (d.location, d.code, d.message, d.severity) }(ordered[i - 1])
        }.map(\.1)
    }
}
