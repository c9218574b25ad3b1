import Foundation
import GongkaiCore
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One sheet of a spreadsheet as text cells, with merged ranges remembered: a merged 一级 or 二级
/// cell reads the same on every row it spans.
struct Sheet {
    var file: String
    var name: String
    /// (row, column), both 1-based → text as the cell shows it.
    var cells: [Cell: String]
    var merges: [(from: Cell, to: Cell)]

    struct Cell: Hashable, Comparable {
        var row: Int
        var column: Int
        static func < (a: Cell, b: Cell) -> Bool { (a.row, a.column) < (b.row, b.column) }

        /// `D12`
        var reference: String { Self.columnName(column) + String(row) }

        static func columnName(_ column: Int) -> String {
            var n = column, name = ""
            while n > 0 { let r = (n - 1) % 26; name = String(UnicodeScalar(65 + r)!) + name; n = (n - 1) / 26 }
            return name
        }

        /// Parses `D12`, `AB3`.
        init?(reference: String) {
            let letters = reference.prefix { $0.isLetter }, digits = reference.dropFirst(letters.count)
            guard !letters.isEmpty, let row = Int(digits), row > 0 else { return nil }
            column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
            self.row = row
        }

        init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    var maxRow: Int { max(cells.keys.map(\.row).max() ?? 0, merges.map(\.to.row).max() ?? 0) }
    var maxColumn: Int { max(cells.keys.map(\.column).max() ?? 0, merges.map(\.to.column).max() ?? 0) }

    /// The merged range holding a cell, if any.
    func merge(containing cell: Cell) -> (from: Cell, to: Cell)? {
        merges.first { cell.row >= $0.from.row && cell.row <= $0.to.row && cell.column >= $0.from.column && cell.column <= $0.to.column }
    }

    /// What a reader sees in the cell: a merged cell shows its top-left value everywhere.
    func value(_ row: Int, _ column: Int) -> String {
        let cell = Cell(row: row, column: column)
        if let text = cells[cell] { return text }
        if let m = merge(containing: cell) { return cells[m.from] ?? "" }
        return ""
    }

    func location(_ row: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: row, column: column, cell: "\(name)!\(Cell(row: row, column: column).reference)")
    }
}

extension String.Encoding {
    /// GB18030 (kCFStringEncodingGB_18030_2000 as an NSStringEncoding), which Chinese Excel writes CSV in.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
}

/// Reads `.xlsx` workbooks (shared strings, inline strings, numbers, merged cells) and `.csv` files
/// (UTF-8 with or without BOM, or GB18030 as Chinese Excel writes it).
enum SpreadsheetReader {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func read(_ data: Data, file: String) throws -> [Sheet] {
        let lower = file.lowercased()
        if lower.hasSuffix(".csv") { return [try readCSV(data, file: file)] }
        if lower.hasSuffix(".xlsx") { return try readXLSX(data, file: file) }
        throw Failure(description: "不支持的文件类型：只能导入 .xlsx 或 .csv（.xls 请先在 Excel 中另存为 .xlsx）")
    }

    // MARK: CSV

    static func decode(_ data: Data) throws -> String {
        if let text = String(strictUTF8: data) { return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text }
        if let text = String(data: data, encoding: .gb18030) { return text }
        throw Failure(description: "无法识别文件编码：应为 UTF-8 或 GB18030")
    }

    static func readCSV(_ data: Data, file: String) throws -> Sheet {
        let text = try decode(data)
        var cells: [Sheet.Cell: String] = [:]
        var row = 1, column = 1, field = "", quoted = false, atFieldStart = true
        var chars = text.makeIterator()
        var pending: Character? = nil
        func endField() {
            if !field.isEmpty { cells[Sheet.Cell(row: row, column: column)] = field }
            field = ""
            column += 1
            atFieldStart = true
        }
        while let ch = pending ?? chars.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": endField()
            case "\r\n", "\n", "\r": endField(); row += 1; column = 1
            default: field.append(ch); atFieldStart = false
            }
        }
        if !field.isEmpty { cells[Sheet.Cell(row: row, column: column)] = field }
        return Sheet(file: file, name: "CSV", cells: cells, merges: [])
    }

    // MARK: XLSX

    static func readXLSX(_ data: Data, file: String) throws -> [Sheet] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw Failure(description: "无法打开 .xlsx（不是有效的 Excel 文件）：\(error)")
        }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry) { out.append($0) }
            return out
        }
        let shared = try part("xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        guard let workbook = try part("xl/workbook.xml") else { throw Failure(description: "缺少 xl/workbook.xml") }
        let rels = try part("xl/_rels/workbook.xml.rels").map(RelationshipsParser.parse) ?? [:]
        var sheets: [Sheet] = []
        for (name, rid) in WorkbookParser.parse(workbook) {
            guard var target = rels[rid] else { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let xml = try part(target) else { throw Failure(description: "缺少工作表 \(target)") }
            let parsed = WorksheetParser.parse(xml, shared: shared)
            sheets.append(Sheet(file: file, name: name, cells: parsed.cells, merges: parsed.merges))
        }
        return sheets
    }
}

/// `xl/sharedStrings.xml`: the text of every `<si>`, rich-text runs joined.
private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = "", inText = false, inPhonetic = false

    static func parse(_ data: Data) -> [String] {
        let delegate = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part path.
private final class RelationshipsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    static func parse(_ data: Data) -> [String: String] {
        let delegate = RelationshipsParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.targets
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `xl/workbook.xml`: sheet names and their relationship ids, in workbook order.
private final class WorkbookParser: NSObject, XMLParserDelegate {
    var sheets: [(String, String)] = []
    static func parse(_ data: Data) -> [(String, String)] {
        let delegate = WorkbookParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.sheets
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "sheet", let sheet = attributes["name"], let rid = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value {
            sheets.append((sheet, rid))
        }
    }
}

/// A worksheet: cell values (shared strings resolved, numbers as written) and merged ranges.
private final class WorksheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    var cells: [Sheet.Cell: String] = [:]
    var merges: [(from: Sheet.Cell, to: Sheet.Cell)] = []
    var cell: Sheet.Cell?, type = "", text = "", collecting = false

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) -> (cells: [Sheet.Cell: String], merges: [(from: Sheet.Cell, to: Sheet.Cell)]) {
        let delegate = WorksheetParser(shared: shared)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return (delegate.cells, delegate.merges)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "c":
            cell = attributes["r"].flatMap(Sheet.Cell.init(reference:))
            type = attributes["t"] ?? "n"
            text = ""
        case "v", "t": collecting = true
        case "mergeCell":
            let parts = (attributes["ref"] ?? "").split(separator: ":").map(String.init)
            if parts.count == 2, let a = Sheet.Cell(reference: parts[0]), let b = Sheet.Cell(reference: parts[1]) { merges.append((a, b)) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            guard let cell else { return }
            var value = text
            if type == "s" { value = Int(text).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "" }
            else if type == "n" { value = Self.number(text) }
            else if type == "b" { value = text == "1" ? "TRUE" : "FALSE" }
            if !value.isEmpty { cells[cell] = value }
            self.cell = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    /// Excel stores numbers as binary doubles (`1198.5999999999999`): read them back at 10 decimals.
    static func number(_ text: String) -> String {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return text }
        return ExactDecimal.format(ExactDecimal.rounded(value, scale: 10), maxFractionDigits: 10)
    }
}
