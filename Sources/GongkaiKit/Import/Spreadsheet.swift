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
    /// Hidden in Excel (a blank template kept out of sight): the clerk cannot see what it holds.
    var hidden = false
    /// The first cell holding something in a hidden row or column, and which: read, it would be
    /// imported (and published) though the clerk never sees it.
    var hiddenCell: (cell: Cell, row: Bool)? = nil
    /// The first cell holding something that its number format shows as nothing (`;;;`, the usual way to
    /// hide a cell's content in Excel): read, it would be imported (and published) though the clerk sees a blank.
    var concealedCell: Cell? = nil
    /// The first cell holding a run of rich text in a white font on a white cell: that part of its text
    /// does not show, the rest does.
    var whiteRunCell: Cell? = nil
    /// The first cell holding something that a conditional format hides (a white font on a white cell, a
    /// data bar or icon set shown without its number).
    var conditionallyHiddenCell: Cell? = nil
    /// The first cell holding struck-through text (a run, or the cell's font): a clerk's way to mark text deleted.
    var struckCell: Cell? = nil
    /// Cells whose text shows through a symbol font (Wingdings `ü` is ✓, Symbol `³` is ≥), with the font:
    /// what the clerk sees is not the characters the file holds.
    var symbolCells: [Cell: String] = [:]
    /// The first cell that cannot be read as the clerk sees it (an error value, a picture in the cell, a
    /// formula saved without its result), with why: refused where the sheet is read.
    var unreadCell: (cell: Cell, problem: String)? = nil
    /// Number cells whose custom format moves the decimal point (`0!.0000` shows 13005000 as `1300.5000`,
    /// `0.0,,` as `13.0`), with the format: what the clerk sees is not the number stored.
    var movedPoint: [Cell: String] = [:]
    /// Notes (comments) on cells, by cell: not content, but a clerk may mark a row 涉密 in one.
    var notes: [Cell: String] = [:]
    /// What a number cell shows when its format adds text (`0"人"` shows 52000 as `52000人`, `"≥"0%`
    /// shows 0.98 as `≥98%`): a text column (指标值, 实际完成值) reads this, a number column the number.
    var shown: [Cell: String] = [:]
    /// Number cells as the file stores them (`3.30100202500012E+15`, `123`), with their custom format if
    /// any (`000000`): a cell read as a code must hold what the clerk typed, and a number may not.
    var numbers: [Cell: (stored: String, format: String?)] = [:]
    /// Read from a CSV: no cell types, each cell is the text Excel showed when it saved the file.
    var fromCSV = false
    /// (row, column), both 1-based → text as the cell shows it.
    let cells: [Cell: String]
    let merges: [(from: Cell, to: Cell)]
    /// The extent of the cells that hold text (a merged range or a formatted empty cell beyond it adds nothing).
    let maxRow: Int, maxColumn: Int

    /// Clerks' tables are a few hundred rows; a sheet past these bounds is refused, not walked.
    static let maxRows = 10_000, maxColumns = 200, maxCells = 200_000

    init(file: String, name: String, cells: [Cell: String], merges: [(from: Cell, to: Cell)]) {
        self.file = file
        self.name = name
        self.cells = cells.mapValues(Self.joinedLines)
        self.merges = merges
        maxRow = cells.keys.map(\.row).max() ?? 0
        maxColumn = cells.keys.map(\.column).max() ?? 0
    }

    /// A cell's text with the line breaks a clerk typed to wrap it (Alt+Enter: `机要文件⏎传递件数`, `≥12000⏎件`) joined as the
    /// words run on: Chinese with nothing between, other words with a space. A break after a sentence's or a clause's end
    /// (`。` `；` `：`) or before a numbered point (`1.`, `（2）`, `二、`, `①`, `-`) is a new line of a text and stays. A name, a
    /// target or a code holding a line break was imported so, and its diagnostics quoted `\u{a}`.
    static func joinedLines(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces)[...] }
        var out = "", previous: Substring = ""
        // A line that is a level on its own (`北山工程⏎涉密`) stays one: joined, it would be a word no reader takes for a mark.
        func isLevel(_ line: Substring) -> Bool { DisclosureLevel(parsing: String(line)) != nil || levelNote(line) != nil }
        for line in lines where !line.isEmpty {
            defer { previous = line }
            guard let last = out.last, let next = line.first else { out += line; continue }
            if "。；;！!？?：:".holdsMark(last) || startsPoint(line) || isLevel(line) || isLevel(previous) {
                out += "\n"
            } else if last.isASCII && (last.isLetter || last.isNumber) && next.isASCII && (next.isLetter || next.isNumber) {
                out += " "
            }
            out += line
        }
        return out
    }

    /// Whether a line starts a numbered point: `1.` `1、` `1）` `(1)` `（一）` `一、` `①` `-` `•` `·`.
    private static func startsPoint(_ line: Substring) -> Bool {
        guard let first = line.first else { return false }
        if "①②③④⑤⑥⑦⑧⑨⑩-•·●◆▲※".holdsMark(first) { return true }
        if first == "（" || first == "(" { return line.dropFirst().prefix(3).contains { $0 == "）" || $0 == ")" } }
        let numeral = line.prefix { ($0.isASCII && $0.isNumber) || "一二三四五六七八九十".holdsMark($0) }
        guard !numeral.isEmpty, numeral.count <= 3, let mark = line.dropFirst(numeral.count).first else { return false }
        return "、.．)）".holdsMark(mark)
    }

    /// The first cell that a merged range covers (not its top-left) and that holds a text other than the
    /// range's: Excel shows the top-left cell over the whole range, so that text is seen by nobody.
    /// A covered cell repeating the range's text (as some exports write every cell) reads the same.
    func coveredCell() -> (cell: Cell, merge: (from: Cell, to: Cell))? {
        var found: (cell: Cell, merge: (from: Cell, to: Cell))?
        for merge in merges {
            let shown = cells[merge.from]?.trimmed ?? ""
            let rows = merge.from.row...max(merge.from.row, merge.to.row), columns = merge.from.column...max(merge.from.column, merge.to.column)
            func check(_ cell: Cell) {
                guard cell != merge.from, let text = cells[cell]?.trimmed, !text.isEmpty, text != shown else { return }
                if found.map({ cell < $0.cell }) ?? true { found = (cell, merge) }
            }
            // A range larger than the sheet's cells is checked through the cells, not walked.
            if rows.count * columns.count > cells.count {
                for cell in cells.keys where rows.contains(cell.row) && columns.contains(cell.column) { check(cell) }
            } else {
                for row in rows { for column in columns { check(Cell(row: row, column: column)) } }
            }
        }
        return found
    }

    /// Refuses a sheet too large to be a clerk's table, naming its farthest cell.
    func checkBounds() throws {
        if cells.count > Self.maxCells {
            throw SpreadsheetReader.Failure(description: "工作表有 \(cells.count) 个非空单元格，超过上限 \(Self.maxCells)，不像目标表或自评表",
                                            sheet: name, cell: Cell(row: 1, column: 1))
        }
        if let far = cells.keys.first(where: { $0.row > Self.maxRows || $0.column > Self.maxColumns }) {
            throw SpreadsheetReader.Failure(description: "单元格超出可导入的范围（最多 \(Self.maxRows) 行、\(Self.maxColumns) 列），不像目标表或自评表",
                                            sheet: name, cell: far)
        }
    }

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

        /// Parses `D12`, `AB3`, `$D$12`; nil past Excel's own limits (XFD, row 1,048,576), so no
        /// reference can overflow.
        init?(reference: String) {
            let scalars = Array(reference.unicodeScalars.filter { $0 != "$" })
            let letters = scalars.prefix { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }
            let digits = scalars.dropFirst(letters.count)
            guard (1...3).contains(letters.count), (1...7).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            let column = letters.reduce(0) { $0 * 26 + Int(Character($1).uppercased().unicodeScalars.first!.value) - 64 }
            let row = digits.reduce(0) { $0 * 10 + Int($1.value) - 48 }
            guard (1...16_384).contains(column), (1...1_048_576).contains(row) else { return nil }
            self.column = column
            self.row = row
        }

        init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }


    /// The merged range holding a cell, if any.
    func merge(containing cell: Cell) -> (from: Cell, to: Cell)? {
        merges.first { cell.row >= $0.from.row && cell.row <= $0.to.row && cell.column >= $0.from.column && cell.column <= $0.to.column }
    }

    /// Where what a reader sees in the cell was typed: the top-left cell of its merged range, or itself.
    func typedCell(_ row: Int, _ column: Int) -> Cell {
        let cell = Cell(row: row, column: column)
        return merge(containing: cell)?.from ?? cell
    }

    /// What a reader sees in the cell: a merged cell shows its top-left value everywhere.
    func value(_ row: Int, _ column: Int) -> String {
        let cell = Cell(row: row, column: column)
        if let text = cells[cell] { return text }
        if let m = merge(containing: cell) { return cells[m.from] ?? "" }
        return ""
    }

    /// The cell as the clerk sees it, for a text column: a number's format with its text, else the value.
    func shownValue(_ row: Int, _ column: Int) -> String? {
        let cell = Cell(row: row, column: column)
        return shown[cell] ?? cells[cell]
    }

    func location(_ row: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: row, column: column, cell: "\(name)!\(Cell(row: row, column: column).reference)")
    }

    /// The same sheet with only `rows` (one project's table of a sheet holding several, one below the
    /// other): cells keep their row numbers, so every message names the cell in the clerk's sheet. The
    /// checks of the whole sheet (hidden, concealed, unread cells) are made before, on the whole sheet.
    func restricted(to rows: ClosedRange<Int>) -> Sheet {
        var part = Sheet(file: file, name: name, cells: cells.filter { rows.contains($0.key.row) },
                         merges: merges.filter { rows.contains($0.from.row) })
        part.fromCSV = fromCSV
        part.symbolCells = symbolCells.filter { rows.contains($0.key.row) }
        part.movedPoint = movedPoint.filter { rows.contains($0.key.row) }
        part.notes = notes.filter { rows.contains($0.key.row) }
        part.shown = shown.filter { rows.contains($0.key.row) }
        part.numbers = numbers.filter { rows.contains($0.key.row) }
        return part
    }
}

extension String.Encoding {
    /// GB18030 (kCFStringEncodingGB_18030_2000 as an NSStringEncoding), which Chinese Excel writes CSV in.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
}

/// Reads `.xlsx` workbooks (shared strings, inline strings, numbers, merged cells) and `.csv` files
/// (UTF-8 with or without BOM, or GB18030 as Chinese Excel writes it).
enum SpreadsheetReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// The sheet and cell at fault, when there is one.
        var sheet: String? = nil
        var cell: Sheet.Cell? = nil
    }

    static func read(_ data: Data, file: String) throws -> [Sheet] {
        let lower = file.lowercased()
        let sheets: [Sheet]
        if lower.hasSuffix(".csv") { sheets = [try readCSV(data, file: file)] }
        else if lower.hasSuffix(".xlsx") { sheets = try readXLSX(data, file: file) }
        else { throw Failure(description: "不支持的文件类型：只能导入 .xlsx 或 .csv（.xls 请先在 Excel 中另存为 .xlsx）") }
        for sheet in sheets { try sheet.checkBounds() }
        return sheets
    }

    // MARK: CSV

    /// The text, and whether it was read as GB18030 (not UTF-8).
    static func decode(_ data: Data) throws -> (text: String, gb18030: Bool) {
        if let text = String(strictUTF8: data) { return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, false) }
        // Excel's “Unicode 文本” is UTF-16 with its byte-order mark (neither mark is UTF-8 or GB18030).
        for (mark, encoding) in [([UInt8]([0xFF, 0xFE]), String.Encoding.utf16LittleEndian), ([0xFE, 0xFF], .utf16BigEndian)] where data.starts(with: mark) {
            guard let text = String(data: Data(data.dropFirst(2)), encoding: encoding) else {
                throw Failure(description: "文件以 UTF-16 的字节顺序标记开头，但内容不是有效的 UTF-16：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入")
            }
            return (text, false)
        }
        if let text = String(data: data, encoding: .gb18030) { return (text, true) }
        throw Failure(description: "无法识别文件编码：应为 UTF-8 或 GB18030")
    }

    static func readCSV(_ data: Data, file: String) throws -> Sheet {
        let (text, gb18030) = try decode(data)
        var cells: [Sheet.Cell: String] = [:]
        var row = 1, column = 1, field = "", quoted = false, atFieldStart = true
        var quoteOpened = Sheet.Cell(row: 1, column: 1)
        var chars = text.makeIterator()
        var pending: Character? = nil
        // The sheet's bounds are checked as cells are read: 150 lines of 100,000 columns (30 MB) took 1.7 GB
        // and 50 s before `checkBounds` refused the whole sheet.
        func endField() throws {
            if !field.isEmpty {
                let cell = Sheet.Cell(row: row, column: column)
                guard column <= Sheet.maxColumns else {
                    throw Failure(description: "单元格超出可导入的范围（最多 \(Sheet.maxRows) 行、\(Sheet.maxColumns) 列），不像目标表或自评表", sheet: "CSV", cell: cell)
                }
                cells[cell] = CSVTable.unguarded(field)
                guard cells.count <= Sheet.maxCells else {
                    throw Failure(description: "工作表有超过 \(Sheet.maxCells) 个非空单元格，不像目标表或自评表", sheet: "CSV", cell: Sheet.Cell(row: row, column: 1))
                }
            }
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
            case "\"" where atFieldStart: quoted = true; atFieldStart = false; quoteOpened = Sheet.Cell(row: row, column: column)
            case ",": try endField()
            case "\r\n", "\n", "\r":
                try endField(); row += 1; column = 1
                if row > Sheet.maxRows {
                    throw Failure(description: "CSV 超过 \(Sheet.maxRows) 行，不像目标表或自评表", sheet: "CSV", cell: Sheet.Cell(row: row, column: 1))
                }
            default: field.append(ch); atFieldStart = false
            }
        }
        // A quote never closed took every line after it into one cell: the rest of the table would be gone.
        if quoted {
            throw Failure(description: "单元格 \(quoteOpened.reference) 以英文双引号“\"”开头，但引号直到文件末尾都没有闭合：其后各行都会被读进这一个单元格。请删去这个引号，或在 Excel 中打开后另存为 CSV 再导入",
                          sheet: "CSV", cell: quoteOpened)
        }
        // The last cell of a file without a line end at its close, read as every other (its bounds, its guard taken off).
        if !field.isEmpty { try endField() }
        // Excel set to a European region saves CSV with `;`, and “Unicode text” with tabs: every row is one cell.
        if cells.keys.allSatisfy({ $0.column == 1 }), let separator = [(";", "分号（;）"), ("\t", "制表符")].first(where: { sep in
            cells.values.filter { $0.contains(sep.0) }.count >= 3
        }) {
            throw Failure(description: "CSV 的各列是用\(separator.1)而不是逗号分隔的（区域设置为欧洲的 Excel，或另存为“Unicode 文本”时如此），无法按列读取：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
                          sheet: "CSV", cell: Sheet.Cell(row: 1, column: 1))
        }
        var sheet = Sheet(file: file, name: "CSV", cells: cells, merges: [])
        sheet.fromCSV = true
        // Excel saving “CSV（逗号分隔）” in the GBK code page writes a character it lacks (✓, ✔, a rare name
        // character) as `?` without a word: the character is lost. A clerk types the full-width ？.
        if gb18030, let cell = cells.keys.sorted().first(where: { cells[$0]?.contains("?") == true }) {
            sheet.unreadCell = (cell, "含有问号“?”：Excel 另存为 CSV（ANSI/GBK 编码）时，会把无法保存的字符（如 ✓、✔、生僻字）换成“?”，原来的字已经丢失。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或直接导入 .xlsx")
        }
        return sheet
    }

    // MARK: XLSX

    /// Bounds on what an .xlsx may inflate to: one part, and all parts read.
    static let maxPartSize = 50_000_000, maxInflated = 200_000_000

    /// `data` in a new file of the temporary folder, only the user's (0600): a spreadsheet may hold classified rows, and the
    /// temporary folder is shared by every user of the machine. Made new (`O_EXCL`), never through a file or link already
    /// there. The caller deletes it.
    static func privateTemporaryCopy(of data: Data) throws -> URL {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-import-\(UUID().uuidString).xlsx")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "无法读取 .xlsx：临时文件无法写入（\(String(cString: strerror(errno)))）") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: data); try handle.close() } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "无法读取 .xlsx：临时文件无法写入（\(error.localizedDescription)）")
        }
        return temporary
    }

    static func readXLSX(_ data: Data, file: String) throws -> [Sheet] {
        // Read from a private temporary file, not from memory: ZIPFoundation's in-memory reader traps
        // (a range check) when a damaged directory points past the end, while a file just reads short.
        let temporary = try privateTemporaryCopy(of: data)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive: Archive
        do { archive = try Archive(url: temporary, accessMode: .read) } catch {
            throw Failure(description: "无法打开 .xlsx（不是有效的 Excel 文件，或文件已损坏）")
        }
        // A small zip can inflate to gigabytes: stop reading past a bound instead of trusting the header.
        var inflated = 0
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                inflated += chunk.count
                if out.count + chunk.count > maxPartSize || inflated > maxInflated {
                    throw Failure(description: "\(path) 解压后超过 \(maxPartSize / 1_000_000) MB（整个文件上限 \(maxInflated / 1_000_000) MB），不像目标表或自评表")
                }
                out.append(chunk)
            }
            return out
        }
        let (shared, whiteRuns, struckRuns, symbolRuns) = try part("xl/sharedStrings.xml").map { try SharedStringsParser.parse($0) } ?? ([], [], [], [:])
        guard let workbook = try part("xl/workbook.xml") else { throw Failure(description: "缺少 xl/workbook.xml") }
        let rels = try part("xl/_rels/workbook.xml.rels").map { try RelationshipsParser.parse($0) } ?? [:]
        let styles = try part("xl/styles.xml").map { try StylesParser.parse($0) } ?? (dates: [], percents: [], texts: [:], blanks: [:], coloured: [], percentDecimals: [:], hidingDxfs: [:], struck: [], symbol: [:])
        let book = try WorkbookParser.parse(workbook)
        var sheets: [Sheet] = []
        for (name, rid, hidden) in book.sheets {
            guard var target = rels[rid] else { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let xml = try part(target) else { throw Failure(description: "缺少工作表 \(target)") }
            let parsed: WorksheetParser.Parsed
            do {
                parsed = try WorksheetParser.parse(xml, shared: shared, whiteRuns: whiteRuns, struckRuns: struckRuns, symbolRuns: symbolRuns,
                                                   dates: DateCells(styles: styles.dates, base1904: book.date1904, percentStyles: styles.percents,
                                                                    textFormats: styles.texts, blankStyles: styles.blanks, colouredFills: styles.coloured,
                                                                    percentDecimals: styles.percentDecimals, hidingDxfs: styles.hidingDxfs,
                                                                    struckStyles: styles.struck, symbolStyles: styles.symbol), part: target)
            } catch var failure as Failure where failure.cell != nil {
                failure.sheet = name  // named where the clerk can find it: 表.xlsx:Sheet1!G11
                throw failure
            }
            var sheet = Sheet(file: file, name: name, cells: parsed.cells, merges: parsed.merges)
            sheet.hidden = hidden
            sheet.hiddenCell = parsed.hidden
            sheet.concealedCell = parsed.concealed
            sheet.whiteRunCell = parsed.whiteRun
            sheet.conditionallyHiddenCell = parsed.conditionallyHidden
            sheet.struckCell = parsed.struck
            sheet.symbolCells = parsed.symbolCells
            sheet.unreadCell = parsed.unread
            sheet.movedPoint = parsed.movedPoint
            // The sheet's notes (`xl/comments1.xml`, through the sheet's own relationships).
            let folder = (target as NSString).deletingLastPathComponent
            let relsPath = folder + "/_rels/" + (target as NSString).lastPathComponent + ".rels"
            for related in (try part(relsPath).map({ try RelationshipsParser.parse($0) }) ?? [:]).values.sorted() where related.lowercased().contains("comments") {
                let path = related.hasPrefix("/") ? String(related.dropFirst()) : (folder + "/" + related)
                var resolved: [String] = []
                for piece in path.split(separator: "/") { if piece == ".." { _ = resolved.popLast() } else if piece != "." { resolved.append(String(piece)) } }
                if let xml = try part(resolved.joined(separator: "/")) {
                    for (cell, text) in try CommentsParser.parse(xml, part: resolved.joined(separator: "/")) { sheet.notes[cell, default: ""] += text }
                }
            }
            sheet.shown = parsed.shown
            sheet.numbers = parsed.numbers
            sheets.append(sheet)
        }
        return sheets
    }
}

/// `xl/sharedStrings.xml`: the text of every `<si>`, rich-text runs joined, phonetic runs (`<rPh>`) left
/// out, Excel's `_xHHHH_` escapes decoded; and which strings have a run in a white font.
private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var whiteRuns: Set<Int> = [], struckRuns: Set<Int> = [], symbolRuns: [Int: String] = [:]
    var runs = RichText()

    static func parse(_ data: Data) throws -> (strings: [String], whiteRuns: Set<Int>, struckRuns: Set<Int>, symbolRuns: [Int: String]) {
        let delegate = SharedStringsParser()
        try runXML(data, delegate, part: "xl/sharedStrings.xml")
        return (delegate.strings, delegate.whiteRuns, delegate.struckRuns, delegate.symbolRuns)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "si" { runs = RichText() }
        runs.start(name, attributes)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        runs.end(name)
        if name == "si" {
            if runs.whiteRun { whiteRuns.insert(strings.count) }
            if runs.struckRun { struckRuns.insert(strings.count) }
            if let font = runs.symbolFont { symbolRuns[strings.count] = font }
            strings.append(RichText.unescaped(runs.text))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { runs.characters(string) }
}

/// The text of a string item (`<si>`, or `<is>` of an inline string): its `<t>` elements, rich-text runs
/// (`<r>`) joined, phonetic runs (`<rPh>`, a reading shown only on demand) left out; and whether a run in
/// a white font holds something.
struct RichText {
    var text = ""
    var whiteRun = false
    /// Whether a run struck through (删除线) holds something.
    var struckRun = false
    /// The symbol font (Wingdings, Symbol) of a run whose characters it shows as other ones.
    var symbolFont: String?
    private var inText = false, inPhonetic = false, inRunProperties = false, runIsWhite = false, runIsStruck = false, runStart = 0
    private var runFont: String?

    mutating func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "t": inText = !inPhonetic; runStart = text.utf16.count
        case "rPh": inPhonetic = true
        case "r": runIsWhite = false; runIsStruck = false; runFont = nil
        case "rPr": inRunProperties = true
        case "rFont" where inRunProperties: runFont = attributes["val"]
        case "color" where inRunProperties: runIsWhite = StylesParser.isWhite(attributes)
        case "strike" where inRunProperties: runIsStruck = !["0", "false"].contains(attributes["val"] ?? "1")
        default: break
        }
    }

    mutating func end(_ name: String) {
        switch name {
        case "t":
            let blank = String(text.utf16.dropFirst(runStart))?.trimmed.isEmpty ?? true
            if inText, runIsWhite, !blank { whiteRun = true }
            if inText, runIsStruck, !blank { struckRun = true }
            if inText, symbolFont == nil, let font = runFont, let run = String(text.utf16.dropFirst(runStart)), SymbolFont.changes(run, font: font) { symbolFont = font }
            inText = false
        case "rPh": inPhonetic = false
        case "rPr": inRunProperties = false
        case "r": runIsWhite = false; runIsStruck = false; runFont = nil
        default: break
        }
    }

    mutating func characters(_ string: String) { if inText { text += string } }

    /// Excel writes a character XML cannot hold as `_xHHHH_` (a carriage return pasted from Word is
    /// `_x000D_`), and a literal `_x` as `_x005F_x`: decoded, a line break read as `\n`.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = "", rest = text[...]
        while let range = rest.firstRange(of: "_x") {
            out += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, hex.allSatisfy(\.isHexDigit), after.dropFirst(4).first == "_",
               let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        out += rest
        return out.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

/// `xl/comments1.xml` (notes) and `xl/threadedComments/…` (comments): the text on each cell.
private final class CommentsParser: NSObject, XMLParserDelegate {
    var notes: [(Sheet.Cell, String)] = []
    var cell: Sheet.Cell?, text = "", inText = false
    static func parse(_ data: Data, part: String) throws -> [(Sheet.Cell, String)] {
        let delegate = CommentsParser()
        try runXML(data, delegate, part: part)
        return delegate.notes
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "comment", "threadedComment": cell = attributes["ref"].flatMap(Sheet.Cell.init(reference:)); text = ""
        case "t", "text" where cell != nil: inText = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "t", "text": inText = false
        case "comment", "threadedComment": if let cell { notes.append((cell, text)) }; cell = nil
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { text += string } }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part path.
private final class RelationshipsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    static func parse(_ data: Data) throws -> [String: String] {
        let delegate = RelationshipsParser()
        try runXML(data, delegate, part: "xl/_rels/workbook.xml.rels")
        return delegate.targets
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `xl/workbook.xml`: sheet names and their relationship ids, in workbook order; the date system.
private final class WorkbookParser: NSObject, XMLParserDelegate {
    var sheets: [(String, String, Bool)] = []
    var date1904 = false
    static func parse(_ data: Data) throws -> (sheets: [(String, String, Bool)], date1904: Bool) {
        let delegate = WorkbookParser()
        try runXML(data, delegate, part: "xl/workbook.xml")
        return (delegate.sheets, delegate.date1904)
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "workbookPr", let v = attributes["date1904"] { date1904 = v == "1" || v == "true" }
        if name == "sheet", let sheet = attributes["name"], let rid = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value {
            sheets.append((sheet, rid, ["hidden", "veryHidden"].contains(attributes["state"] ?? "")))
        }
    }
}

/// Fonts that draw characters as symbols: Wingdings shows `ü` as ✓ and `þ` as ☑, Wingdings 2 `P` as ✓,
/// Symbol `³` as ≥ and letters as Greek. Import reads the characters, not what the clerk sees.
enum SymbolFont {
    static func isSymbol(_ name: String) -> Bool {
        let n = name.trimmed.lowercased()
        return n.hasPrefix("wingdings") || n == "webdings" || n == "symbol" || n == "marlett"
    }

    /// Whether a text shown in the font shows other characters than it holds: a Latin character (U+0021–
    /// U+00FF; Symbol keeps digits and the common punctuation). Chinese text falls back to a Chinese font.
    static func changes(_ text: String, font: String) -> Bool {
        guard isSymbol(font) else { return false }
        let symbol = font.trimmed.lowercased() == "symbol"
        return text.unicodeScalars.contains { c in
            guard (0x21...0xFF).contains(c.value), c.value != 0xA0 else { return false }
            return !symbol || !((0x30...0x39).contains(c.value) || "!#%&()+,-./:;<=>?[]_{|}".unicodeScalars.contains(c))
        }
    }
}

/// Excel keeps a date as a serial number shown through a date format (公开日期, 批复日期): which cell
/// styles are dates, and the workbook's date system.
struct DateCells {
    var styles: Set<Int>
    var base1904: Bool
    /// Styles showing a percentage (`0%`, `0.00%`): Excel keeps 93% as 0.93, a clerk means 93%.
    var percentStyles: Set<Int> = []
    /// Styles whose custom format adds text to a number (`0"人"`, `"≥"0%`), with their format code.
    var textFormats: [Int: String] = [:]
    /// Styles whose format shows a number as nothing (`;;`, `;;;`), and whether text too (`;;;`: its text section is empty).
    var blankStyles: [Int: Bool] = [:]
    /// Styles with a fill that is not white (a white run of rich text shows on them).
    var colouredFills: Set<Int> = []
    /// The decimals a percent style shows (`0.0%`: 1): 0.88 through `0.0%` is `88.0%`, as the clerk sees it.
    var percentDecimals: [Int: Int] = [:]
    /// Conditional formats (`<dxf>`, by index) whose font is the colour of the cell they leave (white on white).
    /// With whether only on a white cell (the rule sets no fill of its own).
    var hidingDxfs: [Int: Bool] = [:]
    /// Styles whose font is struck through (删除线).
    var struckStyles: Set<Int> = []
    /// Styles in a symbol font, with its name.
    var symbolStyles: [Int: String] = [:]

    /// Whether a custom format moves a number's decimal point: a literal point among the digits (`0!.0000`,
    /// `0\.0000`, `0"."0000`, the usual way to show 元 as 万元) or a comma after the last digit, which
    /// divides by 1000 (`0.0,,`, `#,##0,"千元"`). What such a cell shows is not the number it holds.
    static func movesPoint(_ code: String) -> Bool {
        var placeholders = false, literalPoint = false, chars = Array(sections(code)[0])[...]
        while let ch = chars.popFirst() {
            switch ch {
            case "\"":
                let text = chars.prefix { $0 != "\"" }
                chars = chars.dropFirst(text.count + 1)
                if placeholders, text.contains(where: { $0 == "." || $0 == "．" }) { literalPoint = true }
            case "\\", "!":
                if let next = chars.popFirst(), placeholders, next == "." || next == "．" { literalPoint = true }
            case "[":
                chars = chars.dropFirst(chars.prefix { $0 != "]" }.count + 1)
            case "_", "*": _ = chars.popFirst()
            case "0", "#", "?":
                if literalPoint { return true }
                placeholders = true
            case "," where placeholders:
                if !(chars.first.map { "0#?".holdsMark($0) } ?? false) { return true }
            default: break
            }
        }
        return false
    }

    /// Whether a format shows a text instead of the number for some values: a section with a condition
    /// (`[=1]"已完成"`, `[>=60]"达标"`) and no digit placeholder. A condition that only colours the number
    /// (`[Red][<60]0.00`) shows it.
    static func replacesNumber(_ code: String) -> Bool {
        sections(code).contains { section in
            var chars = Array(section)[...], condition = false, placeholder = false
            while let ch = chars.popFirst() {
                switch ch {
                case "\"": chars = chars.dropFirst(chars.prefix { $0 != "\"" }.count + 1)
                case "[":
                    let inside = chars.prefix { $0 != "]" }
                    chars = chars.dropFirst(inside.count + 1)
                    if let first = inside.first, "<>=".holdsMark(first) { condition = true }
                case "\\", "!", "_", "*": _ = chars.popFirst()
                case "0", "#", "?", "@": placeholder = true
                default: break
                }
            }
            let general = section.range(of: "general", options: .caseInsensitive) != nil || section.contains("G/通用格式")
            return condition && !placeholder && !general
        }
    }

    /// Whether a format code shows nothing: every section empty (`;;;` hides numbers and text, `;;` numbers
    /// only, as text falls back to General when the code has no fourth section). nil when it shows something.
    static func blank(_ code: String) -> (numbers: Bool, text: Bool)? {
        guard code.contains(";") else { return nil }
        let parts = sections(code)
        guard parts.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        return (true, parts.count >= 4)
    }

    /// Whether a format shows the value in white (`[White]`, `[白色]`, `[Color2]`): for a number the section
    /// its sign picks, for a text the fourth section or a single one with `@`.
    static func showsWhite(_ code: String, number: Decimal?) -> Bool {
        let parts = sections(code)
        let section: String
        if let v = number {
            section = v < 0 && parts.count > 1 ? parts[1] : v == 0 && parts.count > 2 ? parts[2] : parts[0]
        } else if parts.count >= 4 {
            section = parts[3]
        } else if parts.count == 1, parts[0].contains("@") {
            section = parts[0]
        } else { return false }
        return section.matches(of: /\[([^\]]*)\]/).contains { ["white", "白色", "color2"].contains($0.1.lowercased()) }
    }

    /// Built-in number formats that show dates (including the Chinese ones, 27–36 and 50–58).
    static let builtIn: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a custom format code shows a date: y, m or d outside quotes, brackets and escapes.
    /// General (`General`, Chinese Excel's `G/通用格式`) and a scientific `E+`/`E-` are no date codes:
    /// `General"人"` shows 52000 as 52000人, not as a date.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        let chars = Array(code.replacingOccurrences(of: "general", with: "", options: .caseInsensitive)
            .replacingOccurrences(of: "G/通用格式", with: "").lowercased())
        for (i, ch) in chars.enumerated() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\", "!": escaped = true
            case "\"": inQuote.toggle()
            case "[": inBracket = true
            case "]": inBracket = false
            case "e" where i + 1 < chars.count && "+-".holdsMark(chars[i + 1]): break
            case "y", "d", "m", "e": if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }

    /// A format code's sections (`正;负;零;文本`), split at semicolons outside quotes and escapes.
    static func sections(_ code: String) -> [String] {
        var out: [String] = [], current = "", inQuote = false, escaped = false
        for ch in code {
            if escaped { escaped = false; current.append(ch); continue }
            if ch == "\\" { escaped = true } else if ch == "\"" { inQuote.toggle() }
            if ch == ";", !inQuote { out.append(current); current = "" } else { current.append(ch) }
        }
        out.append(current)
        return out
    }

    /// The pieces of a number format's section: text before the number, the number's placeholders, text
    /// after it. nil for what is not `text 0.00 text` (a date, a fraction, an exponent, `@`, a condition,
    /// digits interleaved with text as in `000-0000`).
    static func pieces(_ section: String) -> (prefix: String, decimals: Int, percent: Bool, suffix: String, scaled: Bool)? {
        var prefix = "", suffix = "", decimals = 0, percent = false, inNumber = false, afterNumber = false, afterPoint = false, scaled = false
        var chars = Array(section)[...]
        func literal(_ text: String) { if inNumber || afterNumber { afterNumber = true; inNumber = false; suffix += text } else { prefix += text } }
        while let ch = chars.popFirst() {
            switch ch {
            case "\"": let text = chars.prefix { $0 != "\"" }; chars = chars.dropFirst(text.count + 1); literal(String(text))
            case "\\": if let next = chars.popFirst() { literal(String(next)) }
            case "[":
                let inside = chars.prefix { $0 != "]" }
                chars = chars.dropFirst(inside.count + 1)
                if let first = inside.first, "<>=".holdsMark(first) { return nil }     // a condition: another section may show
            case "_", "*": _ = chars.popFirst()                                      // padding and fill: no text
            case "0", "#", "?":
                if afterNumber { return nil }
                inNumber = true
                if afterPoint { decimals += 1 }
            case "." where inNumber && !afterPoint: afterPoint = true
            case "," where inNumber:
                // A comma after the last placeholder divides by 1000 (`0,"千"`): not read here.
                if let next = chars.first, "0#?".holdsMark(next) { continue }
                scaled = true
            case "%": percent = true; literal("%")
            case "E", "e", "/", "@": return nil
            default: literal(String(ch))
            }
        }
        guard inNumber || afterNumber, !scaled else { return nil }
        return (prefix, decimals, percent, suffix, scaled)
    }

    /// A number as its custom format shows it, when the format adds text (`0"人"`: `52000人`); nil when
    /// it adds none, or when the format is beyond the plain `text 0.00 text` shape.
    static func shown(_ value: Decimal, format: String) -> String? {
        let sections = Self.sections(format)
        var v = value, section = sections[0]
        if value < 0, sections.count > 1 { section = sections[1]; v = -value }
        else if value == 0, sections.count > 2 { section = sections[2] }
        // General with text around it (`General"人"`, `"≥"G/通用格式"所"`): the number as General shows it.
        if let general = section.range(of: "general", options: .caseInsensitive) ?? section.range(of: "G/通用格式") {
            guard let before = literal(section[..<general.lowerBound]), let after = literal(section[general.upperBound...]),
                  !(before.isEmpty && after.isEmpty) else { return nil }
            return before + ExactDecimal.format(ExactDecimal.rounded(v, scale: 10), maxFractionDigits: 10) + after
        }
        guard let p = pieces(section), !(p.prefix.isEmpty && p.suffix.replacingOccurrences(of: "%", with: "").isEmpty) else { return nil }
        if p.percent { v *= 100 }
        return p.prefix + ExactDecimal.format(v, minFractionDigits: p.decimals, maxFractionDigits: p.decimals) + p.suffix
    }

    /// The text a piece of a format code shows (quoted text, escaped characters, other literals), nil when it
    /// holds a placeholder (`0`, `#`, `?`, `@`) or a percent sign.
    static func literal(_ piece: Substring) -> String? {
        var out = "", chars = piece
        while let ch = chars.popFirst() {
            switch ch {
            case "\"": let text = chars.prefix { $0 != "\"" }; chars = chars.dropFirst(text.count + 1); out += text
            case "\\", "!": if let next = chars.popFirst() { out.append(next) }
            case "[": chars = chars.dropFirst(chars.prefix { $0 != "]" }.count + 1)
            case "_", "*": _ = chars.popFirst()
            case "0", "#", "?", "@", "%": return nil
            default: out.append(ch)
            }
        }
        return out
    }

    /// Whether a custom format scales by 100 (`0%`): a `%` outside quotes and escapes.
    static func isPercentFormat(_ code: String) -> Bool {
        var inQuote = false, escaped = false
        for ch in sections(code)[0] {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "%": if !inQuote { return true }
            default: break
            }
        }
        return false
    }

    /// `45706` → `2025-02-18` (the time of day, if any, is dropped). The 1900 system counts the
    /// non-existent 1900-02-29 as day 60, as Lotus did.
    static func date(serial: Decimal, base1904: Bool) -> String? {
        let days = NSDecimalNumber(decimal: serial).intValue
        guard days >= 1, days < 2_958_466 else { return nil }     // up to 9999-12-31
        let offset = base1904 ? days + 1462 : (days < 60 ? days + 1 : days)
        // Day 1 of the 1900 system is 1900-01-01; count from 1899-12-30 for the corrected serial.
        let epoch = -25_569     // 1899-12-30, in days since 1970-01-01
        return civil(epoch + offset)?.description
    }

    /// Days since 1970-01-01 → date (Howard Hinnant's civil_from_days, the inverse of `dayNumber`).
    static func civil(_ days: Int) -> CalendarDate? {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// `xl/styles.xml`: the indices of cell formats (`<c s="…">`) that show dates, and those that show percentages.
private final class StylesParser: NSObject, XMLParserDelegate {
    var custom: [Int: String] = [:]
    var formats: [Int] = []
    var inCellXfs = false
    /// Per font, whether its colour is white; per fill, whether it leaves the cell white (none, or a
    /// white solid fill); per cell style, its font and fill.
    var whiteFonts: [Bool] = [], whiteFills: [Bool] = [], fontsAndFills: [(font: Int, fill: Int)] = []
    var inFonts = false, inFills = false, solid = false, oneColour = false
    /// Per font its colour, per fill the colour it shows (`white` for none; nil for a pattern or automatic),
    /// as `colour(_:)` names them: text in the colour of its cell shows nothing.
    var fontColours: [String?] = [], fillColours: [String?] = []
    /// The conditional formats' fonts and fills (`<dxfs>`): a rule can blank a cell as a style can.
    var inDxfs = false, inDxfFont = false, inDxfFill = false
    var dxfFontColours: [String?] = [], dxfFillColours: [String?] = []
    var struckFonts: [Bool] = []
    var fontNames: [String?] = []

    /// `FF1F4E79` → [0x1F, 0x4E, 0x79] (the last six hex digits; the first two are alpha).
    static func channels(_ rgb: String) -> [Int]? {
        let hex = Array(rgb.suffix(6))
        guard hex.count == 6 else { return nil }
        let values = stride(from: 0, to: 6, by: 2).compactMap { Int(String(hex[$0...$0 + 1]), radix: 16) }
        return values.count == 3 ? values : nil
    }

    /// Whether two colours (as `colour(_:)` names them) cannot be told apart: the same, or RGB colours
    /// within 13 of each other in every channel (`1F4E78` on `1F4E79`).
    static func similar(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        if a == b { return true }
        func rgb(_ key: String) -> [Int]? { key == "white" ? [255, 255, 255] : key.hasPrefix("rgb:") ? channels(String(key.dropFirst(4))) : nil }
        guard let x = rgb(a), let y = rgb(b) else { return false }
        return zip(x, y).allSatisfy { abs($0 - $1) <= 13 }
    }

    /// A colour element's colour, the whites as one (`white`); nil for automatic.
    static func colour(_ attributes: [String: String]) -> String? {
        if isWhite(attributes) { return "white" }
        if let rgb = attributes["rgb"] { return "rgb:" + rgb.uppercased().suffix(6) }
        if let theme = attributes["theme"] { return "theme:\(theme):\(attributes["tint"].flatMap(Double.init) ?? 0)" }
        if let indexed = attributes["indexed"], indexed != "64" { return "indexed:\(indexed)" }
        return nil
    }

    /// White as a colour element gives it: `rgb="FFFFFFFF"`, the theme's first colour (背景 1) without a
    /// tint, or the legacy palette's whites (`indexed` 1 and 9).
    /// Near white counts: every channel from F2 (the palette's 白色，背景 1，深色 5% is F2F2F2, a tint of
    /// −0.05) is blank on a white page.
    static func isWhite(_ attributes: [String: String]) -> Bool {
        if let rgb = attributes["rgb"] { return channels(rgb)?.allSatisfy { $0 >= 0xF2 } ?? false }
        if attributes["theme"] == "0" { return (attributes["tint"].flatMap(Double.init) ?? 0) >= -0.06 }
        return ["1", "9"].contains(attributes["indexed"] ?? "")
    }

    static func parse(_ data: Data) throws -> (dates: Set<Int>, percents: Set<Int>, texts: [Int: String], blanks: [Int: Bool], coloured: Set<Int>,
                                               percentDecimals: [Int: Int], hidingDxfs: [Int: Bool], struck: Set<Int>,
                                               symbol: [Int: String]) {
        let delegate = StylesParser()
        try runXML(data, delegate, part: "xl/styles.xml")
        let f = delegate.formats
        let dates = Set(f.indices.filter { DateCells.builtIn.contains(f[$0]) || delegate.custom[f[$0]].map(DateCells.isDateFormat) == true })
        // A quoted `"%"` is text, not a percentage: `0.0"%"` shows 90 as 90.0%, not 9000%.
        let percents = Set(f.indices.filter { [9, 10].contains(f[$0]) || delegate.custom[f[$0]].map(DateCells.isPercentFormat) == true }).subtracting(dates)
        var texts: [Int: String] = [:]
        for i in f.indices where !dates.contains(i) { if let code = delegate.custom[f[i]] { texts[i] = code } }
        var blanks: [Int: Bool] = [:]
        for i in f.indices { if let code = delegate.custom[f[i]], let blank = DateCells.blank(code) { blanks[i] = blank.text } }
        // White text on a white cell, or any text in the colour of its cell (yellow on yellow): blank on
        // screen and on paper, whatever it holds.
        for (i, style) in delegate.fontsAndFills.enumerated() {
            let white = delegate.whiteFonts.indices.contains(style.font) && delegate.whiteFonts[style.font]
                && (!delegate.whiteFills.indices.contains(style.fill) || delegate.whiteFills[style.fill])
            let font = delegate.fontColours.indices.contains(style.font) ? delegate.fontColours[style.font] : nil
            let fill = delegate.fillColours.indices.contains(style.fill) ? delegate.fillColours[style.fill] : "white"
            if white || Self.similar(font, fill) { blanks[i] = true }
        }
        // Cell styles whose fill is not white: a white run of rich text shows on them.
        let coloured = Set(delegate.fontsAndFills.indices.filter { i in
            let fill = delegate.fontsAndFills[i].fill
            return delegate.whiteFills.indices.contains(fill) && !delegate.whiteFills[fill]
        })
        var percentDecimals: [Int: Int] = [:]
        for i in percents {
            percentDecimals[i] = f[i] == 10 ? 2 : delegate.custom[f[i]].flatMap { DateCells.pieces(DateCells.sections($0)[0])?.decimals } ?? 0
        }
        // A rule's font in the colour of its fill (its own, or the white of a cell without one) blanks the cell.
        var hiding: [Int: Bool] = [:]
        for i in delegate.dxfFontColours.indices where Self.similar(delegate.dxfFontColours[i], delegate.dxfFillColours[i] ?? "white") {
            hiding[i] = delegate.dxfFillColours[i] == nil
        }
        let struck = Set(delegate.fontsAndFills.indices.filter { i in
            let font = delegate.fontsAndFills[i].font
            return delegate.struckFonts.indices.contains(font) && delegate.struckFonts[font]
        })
        // Styles in a symbol font (Wingdings, Symbol), with its name.
        var symbol: [Int: String] = [:]
        for (i, style) in delegate.fontsAndFills.enumerated() where delegate.fontNames.indices.contains(style.font) {
            if let name = delegate.fontNames[style.font], SymbolFont.isSymbol(name) { symbol[i] = name }
        }
        return (dates, percents, texts, blanks, coloured, percentDecimals, hiding, struck, symbol)
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "numFmt": if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { custom[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            fontsAndFills.append((attributes["fontId"].flatMap(Int.init) ?? 0, attributes["fillId"].flatMap(Int.init) ?? 0))
        // Only the cell fonts and fills (`<fonts>`, `<fills>`), not the differential ones of conditional formats.
        case "fonts": inFonts = true
        case "font" where inFonts: whiteFonts.append(false); fontColours.append(nil); struckFonts.append(false); fontNames.append(nil)
        case "name" where inFonts && !fontNames.isEmpty: fontNames[fontNames.count - 1] = attributes["val"]
        case "strike" where inFonts && !struckFonts.isEmpty: struckFonts[struckFonts.count - 1] = !["0", "false"].contains(attributes["val"] ?? "1")
        case "color" where inFonts && !whiteFonts.isEmpty:
            whiteFonts[whiteFonts.count - 1] = Self.isWhite(attributes)
            fontColours[fontColours.count - 1] = Self.colour(attributes)
        case "fills": inFills = true
        case "fill" where inFills: whiteFills.append(true); fillColours.append("white"); solid = false
        case "patternFill" where inFills && !whiteFills.isEmpty:
            let pattern = attributes["patternType"] ?? "none"
            solid = pattern != "none"
            oneColour = pattern == "solid"      // a pattern's foreground is only its dots
            if solid { whiteFills[whiteFills.count - 1] = false; fillColours[fillColours.count - 1] = nil }
        case "fgColor" where inFills && solid && !whiteFills.isEmpty:
            whiteFills[whiteFills.count - 1] = Self.isWhite(attributes)
            if oneColour { fillColours[fillColours.count - 1] = Self.colour(attributes) }
        case "dxfs": inDxfs = true
        case "dxf" where inDxfs: dxfFontColours.append(nil); dxfFillColours.append(nil)
        case "font" where inDxfs: inDxfFont = true
        case "fill" where inDxfs: inDxfFill = true
        case "color" where inDxfs && inDxfFont && !dxfFontColours.isEmpty: dxfFontColours[dxfFontColours.count - 1] = Self.colour(attributes)
        // A rule's solid fill gives its colour as bgColor.
        case "bgColor" where inDxfs && inDxfFill && !dxfFillColours.isEmpty: dxfFillColours[dxfFillColours.count - 1] = Self.colour(attributes)
        case "fgColor" where inDxfs && inDxfFill && !dxfFillColours.isEmpty:
            if dxfFillColours[dxfFillColours.count - 1] == nil { dxfFillColours[dxfFillColours.count - 1] = Self.colour(attributes) }
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "cellXfs": inCellXfs = false
        case "fonts": inFonts = false
        case "fills": inFills = false
        case "dxfs": inDxfs = false
        case "font": inDxfFont = false
        case "fill": inDxfFill = false
        default: break
        }
    }
}

/// A worksheet: cell values (shared strings resolved, numbers as written) and merged ranges.
private final class WorksheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dates: DateCells
    var style = 0
    var cells: [Sheet.Cell: String] = [:]
    var merges: [(from: Sheet.Cell, to: Sheet.Cell)] = []
    var cell: Sheet.Cell?, type = "", text = "", collecting = false
    var badReference: String?
    /// A cell that cannot be read as the clerk sees it: a formula saved without its result, a shared
    /// string that is not there. Read as empty, either could drop a 公开属性 such as 涉密.
    var unreadable: (cell: Sheet.Cell, problem: String)?
    /// An error value, a picture in a cell or a formula without its result: refused where the sheet is read
    /// (a working sheet's `#N/A` on unused rows is no matter), so parsing goes on.
    var unread: (cell: Sheet.Cell, problem: String)?
    var formula = false, valued = false
    /// A cell with value metadata (`vm`): a picture placed in the cell or a linked data type, saved as `#VALUE!`.
    var richValue = false
    /// Rows and columns hidden in Excel (hidden by hand or by a filter left on).
    var rowHidden = false, hiddenColumns: [ClosedRange<Int>] = []
    /// Where a row or cell written without its reference (`r`, optional in the format) goes: the row after
    /// the one before, the column right of the cell before, as Excel places them.
    var currentRow = 0, lastColumn = 0
    /// Conditional formats that hide what they cover: their ranges, and whether only numbers (a data bar or
    /// icon set without its value leaves a text shown).
    var conditionalRanges: [(from: Sheet.Cell, to: Sheet.Cell)] = []
    var hidingRules: [(ranges: [(from: Sheet.Cell, to: Sheet.Cell)], numbersOnly: Bool, onWhiteOnly: Bool)] = []
    /// The rules of the current block, until its range is known; the text of an `<xm:sqref>`; an inline rule
    /// format (`<x14:dxf>`) being read: its font and fill colours.
    var pendingRules: [(numbersOnly: Bool, onWhiteOnly: Bool)] = []
    var sqref: String?
    var ruleFormat: (font: String?, fill: String?, inFont: Bool, inFill: Bool)?
    /// The cells on a fill that is not white (a rule's white font without a fill of its own shows on them).
    var onColouredFill: Set<Sheet.Cell> = []
    var numeric: Set<Sheet.Cell> = []
    var hidden: (cell: Sheet.Cell, row: Bool)?
    var concealed: Sheet.Cell?
    var shown: [Sheet.Cell: String] = [:]
    var numbers: [Sheet.Cell: (stored: String, format: String?)] = [:]

    let whiteRuns: Set<Int>, struckRuns: Set<Int>, symbolRuns: [Int: String]
    var struck: Sheet.Cell?
    var symbolCells: [Sheet.Cell: String] = [:]
    /// An inline string's runs (`<is>`), as the shared strings' are read.
    var inline: RichText?
    var whiteRun: Sheet.Cell?
    var movedPoint: [Sheet.Cell: String] = [:]

    init(shared: [String], whiteRuns: Set<Int>, struckRuns: Set<Int>, symbolRuns: [Int: String], dates: DateCells) {
        self.shared = shared
        self.whiteRuns = whiteRuns
        self.struckRuns = struckRuns
        self.symbolRuns = symbolRuns
        self.dates = dates
    }

    struct Parsed {
        var cells: [Sheet.Cell: String]
        var merges: [(from: Sheet.Cell, to: Sheet.Cell)]
        var hidden: (cell: Sheet.Cell, row: Bool)?
        var concealed: Sheet.Cell?
        var shown: [Sheet.Cell: String]
        var numbers: [Sheet.Cell: (stored: String, format: String?)]
        var whiteRun: Sheet.Cell?
        var movedPoint: [Sheet.Cell: String]
        var conditionallyHidden: Sheet.Cell?
        var struck: Sheet.Cell?
        var unread: (cell: Sheet.Cell, problem: String)?
        var symbolCells: [Sheet.Cell: String]
    }

    static func parse(_ data: Data, shared: [String], whiteRuns: Set<Int>, struckRuns: Set<Int>, symbolRuns: [Int: String], dates: DateCells, part: String) throws -> Parsed {
        let delegate = WorksheetParser(shared: shared, whiteRuns: whiteRuns, struckRuns: struckRuns, symbolRuns: symbolRuns, dates: dates)
        try runXML(data, delegate, part: part)
        if let bad = delegate.badReference {
            throw SpreadsheetReader.Failure(description: "\(part) 中的单元格引用“\(bad.prefix(40))”无效或超出 Excel 的范围")
        }
        if let (cell, problem) = delegate.unreadable {
            throw SpreadsheetReader.Failure(description: "单元格 \(cell.reference) \(problem)", cell: cell)
        }
        return Parsed(cells: delegate.cells, merges: delegate.merges, hidden: delegate.hidden, concealed: delegate.concealed, shown: delegate.shown, numbers: delegate.numbers,
                      whiteRun: delegate.whiteRun, movedPoint: delegate.movedPoint, conditionallyHidden: delegate.conditionallyHidden(), struck: delegate.struck,
                      unread: delegate.unread, symbolCells: delegate.symbolCells)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if var runs = inline {
            // An inline string (`<is>`): its runs as in the shared strings.
            runs.start(name, attributes)
            inline = runs
            if name == "t" { collecting = false }
            return
        }
        switch name {
        // A row of height 0 or a column of width 0 shows nothing, as a hidden one.
        case "row":
            // A row dragged almost shut (under 4 points) shows a line, not its text.
            rowHidden = ["1", "true"].contains(attributes["hidden"] ?? "") || attributes["ht"].flatMap(Double.init).map { $0 < 4 } == true
            currentRow = attributes["r"].flatMap(Int.init) ?? currentRow + 1
            lastColumn = 0
        case "col":
            if ["1", "true"].contains(attributes["hidden"] ?? "") || attributes["width"].flatMap(Double.init) == 0, let min = attributes["min"].flatMap(Int.init), let max = attributes["max"].flatMap(Int.init), min <= max {
                hiddenColumns.append(min...max)
            }
        case "c":
            cell = attributes["r"].flatMap(Sheet.Cell.init(reference:))
            if cell == nil, let r = attributes["r"] { badReference = r; parser.abortParsing() }
            if attributes["r"] == nil {
                if (1...1_048_576).contains(currentRow), lastColumn < 16_384 { cell = Sheet.Cell(row: max(currentRow, 1), column: lastColumn + 1) }
                else { badReference = "（第 \(currentRow) 行第 \(lastColumn + 1) 列，无引用）"; parser.abortParsing() }
            }
            if let cell { lastColumn = cell.column }
            if cells.count > Sheet.maxCells { badReference = attributes["r"] ?? "?"; parser.abortParsing() }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
            (formula, valued) = (false, false)
            richValue = attributes["vm"] != nil
        case "f": formula = true
        case "is": inline = RichText(); valued = true
        case "v", "t": collecting = true; valued = true
        // The rules take their range when the block ends: Excel 2010's extension (`x14:conditionalFormatting`,
        // in `<extLst>`) gives it after them, in `<xm:sqref>`, and each rule's format inline (`<x14:dxf>`).
        case "conditionalFormatting":
            conditionalRanges = Self.ranges(attributes["sqref"] ?? "")
            pendingRules = []
        case "sqref": sqref = ""
        case "cfRule":
            if let dxf = attributes["dxfId"].flatMap(Int.init), let onWhiteOnly = dates.hidingDxfs[dxf] { pendingRules.append((false, onWhiteOnly)) }
        case "dxf": ruleFormat = (nil, nil, false, false)
        case "font" where ruleFormat != nil: ruleFormat!.inFont = true
        case "fill" where ruleFormat != nil: ruleFormat!.inFill = true
        case "color" where ruleFormat?.inFont == true: ruleFormat!.font = StylesParser.colour(attributes)
        // A rule's solid fill gives its colour as bgColor.
        case "bgColor" where ruleFormat?.inFill == true: ruleFormat!.fill = StylesParser.colour(attributes)
        case "fgColor" where ruleFormat?.inFill == true: if ruleFormat!.fill == nil { ruleFormat!.fill = StylesParser.colour(attributes) }
        case "dataBar", "iconSet":
            if ["0", "false"].contains(attributes["showValue"] ?? "") { pendingRules.append((true, false)) }
        case "mergeCell":
            let parts = (attributes["ref"] ?? "").split(separator: ":").map(String.init)
            if parts.count == 2, let a = Sheet.Cell(reference: parts[0]), let b = Sheet.Cell(reference: parts[1]) { merges.append((a, b)) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if var runs = inline {
            if name == "is" {
                text = RichText.unescaped(runs.text)
                if runs.whiteRun, let cell, !dates.colouredFills.contains(style), whiteRun == nil { whiteRun = cell }
                if runs.struckRun, let cell, struck == nil { struck = cell }
                if let font = runs.symbolFont, let cell { symbolCells[cell] = font }
                inline = nil
            } else {
                runs.end(name)
                inline = runs
            }
            return
        }
        switch name {
        case "v", "t": collecting = false
        case "sqref":
            if let text = sqref { conditionalRanges = Self.ranges(text) }
            sqref = nil
        case "font": ruleFormat?.inFont = false
        case "fill": ruleFormat?.inFill = false
        case "dxf":
            // An inline format whose font is the colour of its fill, or of a white cell when it sets none.
            if let f = ruleFormat, StylesParser.similar(f.font, f.fill ?? "white") { pendingRules.append((false, f.fill == nil)) }
            ruleFormat = nil
        case "conditionalFormatting":
            hidingRules += pendingRules.map { (conditionalRanges, $0.numbersOnly, $0.onWhiteOnly) }
            pendingRules = []
        case "c":
            guard let cell else { return }
            var value = text
            if type == "e", richValue, unread == nil {
                unread = (cell, "是嵌入单元格的图片或数据类型（Excel 的“置于单元格中”），导入无法读取：请把它删除或移到表格之外（如浮动在单元格上方）后再导入")
            } else if type == "e", unread == nil {
                // #N/A, #REF!, #DIV/0!: a formula that failed; read as text it would become a target or a name.
                unread = (cell, "是 Excel 的错误值“\(text)”（公式未能算出结果）：请在 Excel 中修正后再导入")
            }
            // WPS places a picture in a cell as `_xlfn.DISPIMG("ID_…",1)`, its saved result its own text.
            if formula, type == "str", text.hasPrefix("=DISPIMG("), unread == nil {
                unread = (cell, "是 WPS 嵌入单元格的图片（DISPIMG），导入无法读取，只会读到“=DISPIMG(…)”：请把图片删除或改为浮动在单元格上方（右键 → 切换为浮动图片）后再导入")
            }
            // openpyxl writes `<f>…</f><v/>`: an empty result is no result, except a formula giving the empty text.
            if formula, !valued || (text.isEmpty && type != "str"), unread == nil {
                unread = (cell, "是公式，但文件中没有保存计算结果（一些系统导出的表格如此）：请在 Excel 中打开并保存后再导入")
            }
            if type == "s" {
                guard let index = Int(text), shared.indices.contains(index) else {
                    if unreadable == nil { unreadable = (cell, "引用了不存在的共享字符串，文件已损坏：请在 Excel 中打开并保存后再导入") }
                    parser.abortParsing()
                    return
                }
                value = shared[index]
                if whiteRuns.contains(index), !dates.colouredFills.contains(style), whiteRun == nil { whiteRun = cell }
                if struckRuns.contains(index), struck == nil { struck = cell }
                if let font = symbolRuns[index] { symbolCells[cell] = font }
            }
            else if type == "str" { value = RichText.unescaped(text) }
            else if type == "n", dates.styles.contains(style), let serial = Self.decimal(text),
                    let date = DateCells.date(serial: serial, base1904: dates.base1904) { value = date }
            else if type == "n", dates.percentStyles.contains(style), let v = Self.decimal(text) {
                // The format's decimals shown (`0.0%`: 88.0%), more typed ones kept (0.955 through `0%`: 95.5%).
                let shownDecimals = min(dates.percentDecimals[style] ?? 0, 8)
                value = ExactDecimal.format(ExactDecimal.rounded(v * 100, scale: 8), minFractionDigits: shownDecimals, maxFractionDigits: 8) + "%"
            }
            else if type == "n" {
                value = Self.number(text)
                numbers[cell] = (text, dates.textFormats[style])
                if let format = dates.textFormats[style], DateCells.movesPoint(format) || DateCells.replacesNumber(format) { movedPoint[cell] = format }
            }
            else if type == "b" { value = text == "1" ? "TRUE" : "FALSE" }
            // An ISO 8601 date (`2025-06-30T00:00:00`): the date, as a number shown through a date format reads.
            else if type == "d", let match = text.trimmed.wholeMatch(of: /([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9:.]*(Z|[+-][0-9:]+)?)?/) {
                value = String(match.1)
            }
            if type == "n" { numeric.insert(cell) }
            if dates.colouredFills.contains(style) { onColouredFill.insert(cell) }
            if type == "n", let code = dates.textFormats[style], !dates.styles.contains(style),
               let v = Self.decimal(text), let text = DateCells.shown(v, format: code) {
                shown[cell] = text
            }
            if !value.isEmpty { cells[cell] = CSVTable.unguarded(value) }
            if !value.trimmed.isEmpty, hidden == nil, rowHidden || hiddenColumns.contains(where: { $0.contains(cell.column) }) {
                hidden = (cell, rowHidden)
            }
            // `;;;` shows the cell blank; `;;` blanks a number (a text falls back to General).
            if !value.trimmed.isEmpty, concealed == nil, let text = dates.blankStyles[style], text || ["n", "b", "e"].contains(type) {
                concealed = cell
            }
            if !value.trimmed.isEmpty, struck == nil, dates.struckStyles.contains(style) { struck = cell }
            if let font = dates.symbolStyles[style], SymbolFont.changes(value, font: font) { symbolCells[cell] = font }
            // `[White]0`, `[White]@`: shown in white on a white cell.
            if !value.trimmed.isEmpty, concealed == nil, !dates.colouredFills.contains(style), let code = dates.textFormats[style],
               DateCells.showsWhite(code, number: type == "n" ? Self.decimal(text) : nil) {
                concealed = cell
            }
            self.cell = nil
        default: break
        }
    }

    /// The first cell holding something that a hiding conditional format covers.
    func conditionallyHidden() -> Sheet.Cell? {
        guard !hidingRules.isEmpty else { return nil }
        return cells.keys.sorted().first { cell in
            guard !(cells[cell]?.trimmed.isEmpty ?? true) else { return false }
            return hidingRules.contains { rule in
                (!rule.numbersOnly || numeric.contains(cell)) && !(rule.onWhiteOnly && onColouredFill.contains(cell)) && rule.ranges.contains { range in
                    (range.from.row...max(range.from.row, range.to.row)).contains(cell.row)
                        && (range.from.column...max(range.from.column, range.to.column)).contains(cell.column)
                }
            }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inline != nil { inline!.characters(string) } else if collecting { text += string } else if sqref != nil { sqref! += string }
    }

    /// `F12:F13 H20` → the ranges.
    static func ranges(_ sqref: String) -> [(from: Sheet.Cell, to: Sheet.Cell)] {
        sqref.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).compactMap { piece -> (from: Sheet.Cell, to: Sheet.Cell)? in
            let ends = piece.split(separator: ":").map(String.init)
            guard let from = Sheet.Cell(reference: ends[0]), let to = Sheet.Cell(reference: ends[ends.count > 1 ? 1 : 0]) else { return nil }
            return (from, to)
        }
    }

    /// Excel stores numbers as binary doubles (`1198.5999999999999`): read them back at 10 decimals.
    /// A `<v>` that is not one number whole (`0x32`, `1,250.5`, `50%`, as some exports write the shown text) stays
    /// the text it is: `Decimal(string:)` reads the digits it can and stops, so `1,250.5` would be 1.
    static func number(_ text: String) -> String {
        guard let value = decimal(text) else { return text }
        return ExactDecimal.format(ExactDecimal.rounded(value, scale: 10), maxFractionDigits: 10)
    }

    /// `text` as a number in XML's forms (`-12.5`, `1.2E+3`, white space around), or nil unless it is one whole.
    static func decimal(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes = trimmed.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int { let n = bytes.prefix { (0x30...0x39).contains($0) }.count; bytes = bytes.dropFirst(n); return n }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); mantissa += digits() }
        guard mantissa > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return nil }
        }
        guard bytes.isEmpty else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }
}

/// Runs a parser and fails on malformed XML: a corrupt part is an error, never half a sheet.
private func runXML(_ data: Data, _ delegate: XMLParserDelegate, part: String) throws {
    // Foundation's parser traps on a name that is not valid UTF-8 (seen in damaged files): check first.
    // Excel writes these parts in UTF-8; a UTF-16 part (with its byte-order mark) is left to the parser.
    let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
    if !utf16, String(strictUTF8: data) == nil {
        throw SpreadsheetReader.Failure(description: "\(part) 已损坏（含有无效的 UTF-8 字节）：请在 Excel 中打开后重新保存")
    }
    // Excel never writes a document type declaration; one can define entities that the parser expands,
    // or drops, behind the clerk's back (a cell reading empty, or something else than Excel shows).
    let declares = { (marker: String) in
        data.range(of: Data(marker.utf8)) != nil || (utf16 && (String(data: data, encoding: .utf16)?.contains(marker) ?? true))
    }
    if declares("<!DOCTYPE") || declares("<!ENTITY") {
        throw SpreadsheetReader.Failure(description: "\(part) 含有文档类型声明（<!DOCTYPE>/<!ENTITY>），Excel 不会写出这样的文件：请在 Excel 中打开后重新保存")
    }
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.shouldResolveExternalEntities = false
    // Elements by their local name: OpenXML SDK programs write the main namespace with a prefix (`<x:c>`).
    parser.shouldProcessNamespaces = true
    // Foundation's parser reports a part that ends early (a download cut off) as an error, yet returns true: half a sheet.
    if !parser.parse() || parser.parserError != nil {
        if let worksheet = delegate as? WorksheetParser, let (cell, problem) = worksheet.unreadable {
            throw SpreadsheetReader.Failure(description: "单元格 \(cell.reference) \(problem)", cell: cell)
        }
        if let worksheet = delegate as? WorksheetParser, let bad = worksheet.badReference {
            // Too many cells: named at the cell where they pass the limit, in the sheet (was the file's 1:1).
            if worksheet.cells.count > Sheet.maxCells, let cell = Sheet.Cell(reference: bad) {
                throw SpreadsheetReader.Failure(description: "工作表有超过 \(Sheet.maxCells) 个非空单元格，不像目标表或自评表", cell: cell)
            }
            throw SpreadsheetReader.Failure(description: "\(part) 中的单元格引用“\(bad.prefix(40))”无效或超出可导入的范围")
        }
        let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "格式错误"
        throw SpreadsheetReader.Failure(description: "\(part) 已损坏，第 \(parser.lineNumber) 行第 \(parser.columnNumber) 列无法解析（\(reason)）：请在 Excel 中打开后重新保存")
    }
}
