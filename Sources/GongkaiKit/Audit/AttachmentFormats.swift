import Foundation
import GongkaiCore

/// Office documents: Office Open XML (.docx, .xlsx, .pptx, as Word, Excel, WPS write them) and OpenDocument.
enum OfficeReading {
    static func ooxml(_ entries: [(path: String, data: Data)], data: Data, name: String, into r: inout Attachments.Reading, inside: String?, depth: Int) {
        let paths = Set(entries.map(\.path))
        let isWorkbook = paths.contains("xl/workbook.xml")
        // Whether every sheet the workbook lists was read, each cell at its place; else its strings are read below as text.
        var everySheetRead = false
        if isWorkbook, let book = entries.first(where: { $0.path == "xl/workbook.xml" }), let xml = String(strictUTF8: book.data) {
            if xml.contains("state=\"hidden\"") || xml.contains("state=\"veryHidden\"") { r.hidden("有隐藏的工作表", inside: inside) }
            let listed = xml.components(separatedBy: "<sheet ").count - 1
            everySheetRead = ((try? SpreadsheetReader.readXLSX(data, file: r.file))?.count ?? -1) == listed
        }
        if isWorkbook {
            // The import's reader knows what Excel hides: hidden sheets, rows and columns, white or blank-formatted
            // text, struck-through text, notes.
            do {
                for sheet in try SpreadsheetReader.readXLSX(data, file: r.file) {
                    let at = { (cell: Sheet.Cell) in sheet.location(cell.row, cell.column) }
                    if sheet.hidden, !sheet.cells.isEmpty { r.hidden("有隐藏的工作表“\(sheet.name.prefix(31))”", inside: inside, at: sheet.location(1, 1)) }
                    if let (cell, row) = sheet.hiddenCell { r.hidden("隐藏的\(row ? "行" : "列")中有内容", inside: inside, at: at(cell)) }
                    if let cell = sheet.concealedCell ?? sheet.whiteRunCell ?? sheet.conditionallyHiddenCell {
                        r.hidden("有单元格的内容显示为空白或白色（数字格式“;;;”、白色字体或条件格式）", inside: inside, at: at(cell))
                    }
                    if let cell = sheet.struckCell { r.hidden("有带删除线的文字（删去的内容仍在文件中）", inside: inside, at: at(cell)) }
                    if let cell = sheet.notes.keys.sorted().first { r.hidden("有批注", inside: inside, at: at(cell)) }
                    for cell in sheet.cells.keys.sorted() { r.read(Substring(sheet.cells[cell]!), inside: inside, at: at(cell)) }
                    for cell in sheet.notes.keys.sorted() { r.read(Substring(sheet.notes[cell]!), inside: inside, at: at(cell)) }
                }
            } catch {
                r.unreadable("无法按 Excel 表格读取（\((error as? SpreadsheetReader.Failure)?.description ?? "\(error)")）", inside: inside)
            }
        }
        for (path, part) in entries {
            let lower = path.lowercased()
            if lower.hasSuffix(".xml") || lower.hasSuffix(".rels") || lower.hasSuffix(".vml") {
                // A workbook's cells and notes were read above, each at its cell.
                if isWorkbook, everySheetRead, lower == "xl/sharedstrings.xml" || lower.hasPrefix("xl/worksheets/") || lower.hasPrefix("xl/comments") { continue }
                guard let xml = String(strictUTF8: part) ?? String(data: part, encoding: .utf16) else {
                    r.unreadable("的 \(path) 不是 UTF-8 编码的 XML", inside: inside)
                    continue
                }
                if xml.contains("<!ENTITY") {
                    r.unreadable("的 \(path) 定义了 XML 实体（Office 从不这样写，实体的文字读不出来）", inside: inside)
                    continue
                }
                if lower.hasPrefix("word/") {
                    if xml.contains("<w:del ") || xml.contains("<w:del>") || xml.contains("<w:ins ") || xml.contains("<w:ins>") || xml.contains("<w:moveFrom") {
                        r.hidden("有未处理的修订（删去的文字仍在文件中，打开即可看到）", inside: inside)
                    }
                    if hasVanish(xml) { r.hidden("有隐藏文字", inside: inside) }
                }
                if lower.hasPrefix("ppt/slides/"), xml.contains(" show=\"0\"") || xml.contains(" show=\"false\"") { r.hidden("有隐藏的幻灯片", inside: inside) }
                let everyTag = lower.hasPrefix("docprops/") || lower.hasPrefix("customxml/")
                var text = XMLText.lines(propertiesAsLines(xml), breakAtEveryTag: everyTag)
                if lower.hasSuffix(".rels") {
                    // Relationships carry addresses, not words; an external target is what a reader's program would fetch.
                    if xml.contains("TargetMode=\"External\"") && xml.contains("\"http") == false && xml.contains("file:") {
                        r.hidden("链接到读者电脑或内网上的文件（file:）", inside: inside)
                    }
                    text = ""
                }
                if lower.contains("comment"), !text.trimmed.isEmpty { r.hidden("有批注", inside: inside) }
                r.readLines(text, inside: inside.map { $0 + " 中的 " + path } ?? path)
            } else if lower.hasSuffix("vbaproject.bin") || lower.hasSuffix(".vba") {
                r.unreadable("含有宏（VBA 代码）", inside: inside)
            } else if lower.contains("activex") {
                r.unreadable("含有 ActiveX 控件", inside: inside)
            } else if lower.contains("printersettings") || lower.hasSuffix(".odttf") || lower.hasSuffix(".fntdata") || lower.hasSuffix(".ttf") {
                // Printer settings and embedded fonts: no clerk's words.
            } else if lower.contains("/embeddings/") || lower.contains("/media/") || lower.hasPrefix("docprops/thumbnail") {
                r.name(path, inside: inside ?? "文档")
                r.inspect(part, name: path, inside: (inside.map { $0 + " 中的 " } ?? "文档中的 ") + path, depth: depth + 1)
            } else {
                r.inspect(part, name: path, inside: (inside.map { $0 + " 中的 " } ?? "文档中的 ") + path, depth: depth + 1)
            }
        }
    }

    /// Whether a run is hidden (`<w:vanish/>`, `<w:vanish w:val="1"/>`; not `w:val="0"` or `"false"`).
    static func hasVanish(_ xml: String) -> Bool {
        var rest = Substring(xml)
        while let found = rest.firstRange(of: "<w:vanish") {
            let tag = rest[found.upperBound...].prefix { $0 != ">" }
            if !(tag.contains("\"0\"") || tag.contains("\"false\"") || tag.contains("\"off\"")) { return true }
            rest = rest[found.upperBound...]
        }
        return false
    }

    /// A document's custom property (`<property name="密级"><vt:lpwstr>秘密</vt:lpwstr></property>`, as Word and WPS keep
    /// one) written as a line `密级：秘密`, so that a level written as its value is read as a key's is.
    static func propertiesAsLines(_ xml: String) -> String {
        guard xml.contains("<property ") else { return xml }
        var out = "", rest = Substring(xml)
        while let open = rest.firstRange(of: "<property ") {
            out += rest[..<open.lowerBound]
            let tag = rest[open.upperBound...].prefix { $0 != ">" }
            rest = rest[open.upperBound...]
            guard let nameStart = tag.firstRange(of: "name=\"") else { continue }
            let name = tag[nameStart.upperBound...].prefix { $0 != "\"" }
            guard let close = rest.firstRange(of: "</property>") else { continue }
            let value = XMLText.lines(String(rest[rest.index(rest.startIndex, offsetBy: tag.count)..<close.lowerBound]), breakAtEveryTag: true).trimmed
            out += "\n\(name)：\(value)\n"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// OpenDocument (.odt, .ods, as WPS and LibreOffice write them).
    static func odf(_ entries: [(path: String, data: Data)], into r: inout Attachments.Reading, inside: String?, depth: Int) {
        for (path, part) in entries where path != "mimetype" {
            let lower = path.lowercased()
            if lower.hasSuffix(".xml") || lower.hasSuffix(".rdf") {
                guard let xml = String(strictUTF8: part) else { r.unreadable("的 \(path) 不是 UTF-8 编码的 XML", inside: inside); continue }
                if xml.contains("<!ENTITY") { r.unreadable("的 \(path) 定义了 XML 实体", inside: inside); continue }
                if xml.contains("<text:changed-region") { r.hidden("有未处理的修订（删去的文字仍在文件中）", inside: inside) }
                if xml.contains("<office:annotation") { r.hidden("有批注", inside: inside) }
                if xml.contains("text:display=\"none\"") || xml.contains("<text:hidden-text") || xml.contains("<text:hidden-paragraph") {
                    r.hidden("有隐藏文字", inside: inside)
                }
                if xml.contains("table:visibility=\"collapse\"") || xml.contains("table:visibility=\"filter\"") || xml.contains("table:display=\"false\"") {
                    r.hidden("有隐藏的行、列或工作表", inside: inside)
                }
                r.readLines(XMLText.lines(xml, breakAtEveryTag: lower == "meta.xml"), inside: inside.map { $0 + " 中的 " + path } ?? path)
            } else if lower.hasPrefix("basic/") || lower.hasPrefix("scripts/") {
                r.unreadable("含有宏", inside: inside)
            } else if lower.hasPrefix("meta-inf/") || lower.hasPrefix("configurations2/") {
                continue
            } else {
                r.inspect(part, name: path, inside: (inside.map { $0 + " 中的 " } ?? "文档中的 ") + path, depth: depth + 1)
            }
        }
    }
}

/// PDF, read as far as its strings go: the document's properties (title, subject, keywords, author) and XMP metadata,
/// bookmarks, annotations and form fields, in the file or in compressed (FlateDecode) object streams; and the text its
/// pages draw. Text drawn through a CID font (as Word, WPS and Chromium write Chinese) is glyph numbers, not characters:
/// it is read through the font's ToUnicode map (PDFText). Through a font without one it is read as bytes only, which
/// finds nothing in glyph numbers (docs/disclosure.md).
enum PDFReading {
    static func read(_ data: Data, into r: inout Attachments.Reading, inside: String?, depth: Int) {
        let bytes = [UInt8](data)
        var syntax: [UInt8] = []       // the file outside its streams, and the objects of its object streams
        var contents: [[UInt8]] = []   // other streams: page contents, forms
        // For the page text: content streams and ToUnicode maps by object number, and where object streams stand in `syntax`.
        var numbered: [Int: (dictionary: [String: PDFText.Value], data: [UInt8])] = [:], maps: [Int: [UInt8]] = [:]
        var objectStreams: [(start: Int, end: Int, dictionary: [String: PDFText.Value])] = []
        var i = 0, copied = 0
        let streamWord = Array("stream".utf8), endWord = Array("endstream".utf8), objWord = Array("obj".utf8)
        while let at = find(streamWord, in: bytes, from: i) {
            i = at + streamWord.count
            // `endstream` holds the word too; a stream starts after an end of line.
            guard at < 3 || bytes[at - 3..<at] != ArraySlice("end".utf8) else { continue }
            var start = i
            if start < bytes.count, bytes[start] == 0x0D { start += 1 }
            guard start < bytes.count, bytes[start] == 0x0A || bytes[start - 1] == 0x0D else { continue }
            if bytes[start] == 0x0A { start += 1 }
            let header = findLast(objWord, in: bytes, before: at, within: 65_536)
            let objectStart = header ?? max(copied, at - 4_096)
            let dictionary = String(decoding: bytes[max(objectStart, copied)..<at], as: UTF8.self)
            // `12 0 obj <<…>>`: the stream's number and its dictionary, parsed.
            let number = header.flatMap { $0 >= copied ? PDFText.objectNumber(bytes, before: $0) : nil }
            var parsed: [String: PDFText.Value] {
                var lexer = PDFText.Lexer(bytes, from: objectStart + objWord.count, to: at)
                return lexer.value()?.dictionary ?? [:]
            }
            guard let end = find(endWord, in: bytes, from: start) else { break }
            var streamEnd = end
            while streamEnd > start, bytes[streamEnd - 1] == 0x0A || bytes[streamEnd - 1] == 0x0D { streamEnd -= 1 }
            syntax += bytes[copied..<at]
            copied = end + endWord.count
            i = copied
            var raw = Data(bytes[start..<streamEnd])
            let isImage = dictionary.contains("/Image")
            var filters = filterNames(dictionary)
            // An ASCII encoding wrapped round the data (`[/ASCII85Decode /FlateDecode]`, as ReportLab writes every stream) is
            // undone first.
            while let first = filters.first, ["ASCII85Decode", "A85", "ASCIIHexDecode", "AHx"].contains(first) {
                guard let plain = first.hasPrefix("ASCII85") || first == "A85" ? ascii85(raw) : asciiHex(raw) else { break }
                raw = plain
                filters.removeFirst()
            }
            var decoded: Data?
            switch filters {
            case []: decoded = raw
            case ["FlateDecode"], ["Fl"]:
                decoded = r.inflate(raw)
                if decoded == nil, !isImage { r.unreadable("含有无法解压的数据流", inside: inside) }
            case ["DCTDecode"], ["DCT"]:
                // A photo placed in the document keeps its EXIF: its description and place.
                PictureReading.jpeg(raw, into: &r, inside: (inside.map { $0 + " 中" } ?? "PDF 中") + "的图片")
                continue
            default:
                if isImage || filters.allSatisfy({ ["JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"].contains($0) }) { continue }
                r.unreadable("含有 gongkai 无法解码的数据流（\(filters.joined(separator: "、"))）", inside: inside)
                continue
            }
            guard let decoded, !isImage else { continue }
            if dictionary.contains("/EmbeddedFile") {
                r.inspect(decoded, name: "", inside: (inside.map { $0 + " 中" } ?? "PDF 中") + "嵌入的文件", depth: depth + 1)
            } else if dictionary.contains("/ObjStm") {
                objectStreams.append((syntax.count, syntax.count + decoded.count, parsed))
                syntax += decoded
            } else if dictionary.contains("/Metadata") || dictionary.contains("/XML") {
                r.readLines(XMLText.lines(String(decoding: decoded, as: UTF8.self), breakAtEveryTag: true), inside: (inside.map { $0 + " 中" } ?? "") + "PDF 的元数据")
            } else if dictionary.contains("/XRef") || dictionary.contains("/FontFile") || dictionary.contains("/Length1") || dictionary.contains("/Type1C")
                        || dictionary.contains("/CIDFontType0C") || dictionary.contains("/OpenType") || decoded.prefix(256).range(of: Data("begincmap".utf8)) != nil
                        || decoded.prefix(512).range(of: Data("/CIDInit".utf8)) != nil {
                if let number, decoded.prefix(512).range(of: Data("begincmap".utf8)) != nil { maps[number] = [UInt8](decoded) }
                continue
            } else {
                contents.append([UInt8](decoded))
                if let number { numbered[number] = (parsed, contents[contents.count - 1]) }
            }
        }
        syntax += bytes[min(copied, bytes.count)...]
        let text = String(decoding: syntax.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
        if text.contains("/Encrypt") {
            r.unreadable("已加密（设置了密码或权限），其中的文字读不出来", inside: inside)
            return
        }
        for action in ["/JavaScript", "/JS", "/Launch", "/RichMedia", "/SubmitForm", "/ImportData"] where holdsName(text, action) {
            r.hidden("含有脚本，或启动程序、提交表单的动作（\(action.dropFirst())）", inside: inside)
            break
        }
        for subtype in ["Text", "FreeText", "Popup", "Highlight", "Underline", "StrikeOut", "Squiggly", "Caret", "Ink", "FileAttachment", "Sound", "Redact"]
            where holdsName(text.replacingOccurrences(of: "/Subtype /", with: "/Subtype/"), "/Subtype/" + subtype) {
            r.hidden(subtype == "Redact" ? "有尚未应用的涂黑标记（被涂黑的文字仍在文件中）" : subtype == "FileAttachment" ? "有附件注释" : "有批注（注释）", inside: inside)
            break
        }
        let place = inside.map { $0 + " 中的 PDF" } ?? "PDF 的属性、书签或注释"
        for string in strings(in: syntax) { r.read(Substring(string), inside: place) }
        for content in contents { for string in strings(in: content) { r.read(Substring(string), inside: inside.map { $0 + " 中的 PDF" } ?? "PDF 的文字") } }
        // The page text, through each font's map, a line at a time.
        var document = PDFText(syntax: syntax, objectStreams: objectStreams)
        document.contents = numbered
        document.maps = maps
        guard let lines = document.lines(limit: Attachments.Reading.maxPart) else {
            r.unreadable("的文字超过 \(Attachments.Reading.maxPart / 1_000_000) MB，无法全部检查", inside: inside)
            return
        }
        for line in lines { r.read(Substring(line), inside: inside.map { $0 + " 中的 PDF" } ?? "PDF 的文字") }
    }

    /// Whether `name` stands in the text as a whole PDF name (`/JS` not the start of `/JSON`).
    static func holdsName(_ text: String, _ name: String) -> Bool {
        var rest = Substring(text)
        while let found = rest.firstRange(of: name) {
            let next = rest[found.upperBound...].first
            if next == nil || !(next!.isLetter || next!.isNumber) { return true }
            rest = rest[found.upperBound...]
        }
        return false
    }

    /// ASCII85 data (`<~` optional, to `~>`), decoded; nil when it holds another character.
    static func ascii85(_ data: Data) -> Data? {
        var out = Data(), group: [UInt32] = []
        var body = data[...]
        if body.starts(with: [0x3C, 0x7E]) { body = body.dropFirst(2) }
        func flush(_ count: Int) {
            var value: UInt32 = 0
            for i in 0..<5 { value = value &* 85 &+ (i < group.count ? group[i] : 84) }
            let bytes = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            out.append(contentsOf: bytes.prefix(count))
            group.removeAll(keepingCapacity: true)
        }
        for byte in body {
            if byte == 0x7E { break }
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0 { continue }
            if byte == 0x7A, group.isEmpty { out.append(contentsOf: [0, 0, 0, 0]); continue }
            guard (0x21...0x75).contains(byte) else { return nil }
            group.append(UInt32(byte - 0x21))
            if group.count == 5 { flush(4) }
        }
        if group.count == 1 { return nil }
        if !group.isEmpty { flush(group.count - 1) }
        return out
    }

    /// ASCIIHex data (to `>`), decoded; nil when it holds another character.
    static func asciiHex(_ data: Data) -> Data? {
        var out = Data(), high: UInt8?
        for byte in data {
            if byte == 0x3E { break }
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0 { continue }
            guard let nibble = UInt8(String(UnicodeScalar(byte)), radix: 16) else { return nil }
            if let h = high { out.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        if let h = high { out.append(h << 4) }
        return out
    }

    /// The names of a stream's `/Filter` (`/FlateDecode`, `[/ASCII85Decode /FlateDecode]`).
    static func filterNames(_ dictionary: String) -> [String] {
        guard let filter = dictionary.range(of: "/Filter") else { return [] }
        var rest = dictionary[filter.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }
        if rest.first == "[" {
            let inner = rest.dropFirst().prefix { $0 != "]" }
            return inner.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        guard rest.first == "/" else { return [] }
        rest = rest.dropFirst()
        return [String(rest.prefix { $0.isLetter || $0.isNumber })]
    }

    /// Where `needle` first stands in `bytes[start..<end]`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let end = min(end ?? bytes.count, bytes.count)
        guard let first = needle.first, needle.count <= end else { return nil }
        var i = start
        while i <= end - needle.count {
            if bytes[i] == first, bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func findLast(_ needle: [UInt8], in bytes: [UInt8], before end: Int, within: Int) -> Int? {
        var i = end - needle.count
        while i >= max(0, end - within) {
            if bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    /// The literal `( … )` and hexadecimal `< … >` strings of PDF syntax, decoded: UTF-16 with a byte-order mark, UTF-8
    /// (which some writers use), else PDFDocEncoding read as Latin-1.
    static func strings(in bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                // A comment, to the end of the line.
                while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
            } else if b == UInt8(ascii: "(") {
                i += 1
                if let text = decode(literal(bytes, &i, end: bytes.count)) { out.append(text) }
            } else if b == UInt8(ascii: "<"), i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "<") {
                i += 1
                if let value = hexadecimal(bytes, &i, end: bytes.count), let text = decode(value) { out.append(text) }
            } else {
                i += 1
            }
        }
        return out
    }

    /// A literal string's bytes, from after its `(` to its `)` (nested parentheses kept, escapes undone); `i` is left
    /// after the `)`.
    static func literal(_ bytes: [UInt8], _ i: inout Int, end: Int) -> [UInt8] {
        var depth = 1, value: [UInt8] = []
        while i < end, depth > 0 {
            let c = bytes[i]
            if c == UInt8(ascii: "\\"), i + 1 < end {
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "f"): value.append(0x0C)
                case 0x30...0x37:
                    var v = Int(e - 0x30), n = 1
                    while n < 3, i < end, (0x30...0x37).contains(bytes[i]) { v = v * 8 + Int(bytes[i] - 0x30); i += 1; n += 1 }
                    value.append(UInt8(v & 0xFF))
                case 0x0A, 0x0D: if e == 0x0D, i < end, bytes[i] == 0x0A { i += 1 }
                default: value.append(e)
                }
                continue
            }
            if c == UInt8(ascii: "(") { depth += 1 } else if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { i += 1; break } }
            value.append(c)
            i += 1
        }
        return value
    }

    /// A hexadecimal string's bytes, from after its `<` to its `>` (white space between digits, an odd last digit
    /// followed by 0); `i` is left after the `>`. Nil, with `i` at the character, where another character stands first.
    static func hexadecimal(_ bytes: [UInt8], _ i: inout Int, end: Int) -> [UInt8]? {
        var value: [UInt8] = [], high: UInt8?
        while i < end, bytes[i] != UInt8(ascii: ">") {
            let c = bytes[i]
            if let nibble = c.hexDigitValue {
                if let h = high { value.append(h << 4 | nibble); high = nil } else { high = nibble }
            } else if !(c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) {
                return nil
            }
            i += 1
        }
        guard i < end else { return nil }
        i += 1
        if let h = high { value.append(h << 4) }
        return value
    }

    static func decode(_ value: [UInt8]) -> String? {
        guard !value.isEmpty else { return nil }
        if value.count >= 2, value[0] == 0xFE, value[1] == 0xFF {
            let units = stride(from: 2, to: value.count - 1, by: 2).map { UInt16(value[$0]) << 8 | UInt16(value[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        if value.count >= 2, value[0] == 0xFF, value[1] == 0xFE {
            let units = stride(from: 2, to: value.count - 1, by: 2).map { UInt16(value[$0 + 1]) << 8 | UInt16(value[$0]) }
            return String(decoding: units, as: UTF16.self)
        }
        let body = value.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(value.dropFirst(3)) : value
        if body.contains(where: { $0 >= 0x80 }), let text = String(strictUTF8: body) { return text }
        return String(body.map { Character(Unicode.Scalar($0)) })
    }
}

/// Pictures: JPEG (EXIF, XMP, IPTC, comments) and PNG (text chunks, EXIF): the words a picture's metadata holds, the place
/// it was taken, and data after the picture's end.
enum PictureReading {
    static func jpeg(_ data: Data, into r: inout Attachments.Reading, inside: String?) {
        let b = [UInt8](data)
        var i = 2
        while i + 2 <= b.count {
            guard b[i] == 0xFF else { r.unreadable("不是完整的 JPEG 图片", inside: inside); return }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD9 { i += 2; break }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            guard i + 4 <= b.count else { r.unreadable("不是完整的 JPEG 图片", inside: inside); return }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { r.unreadable("不是完整的 JPEG 图片", inside: inside); return }
            let segment = Array(b[(i + 4)..<(i + 2 + length)])
            switch marker {
            case 0xE1 where segment.starts(with: Array("Exif\0".utf8)):
                exif(Array(segment.dropFirst(6)), into: &r, inside: inside)
            case 0xE1 where segment.starts(with: Array("http://ns.adobe.com/".utf8)) || segment.starts(with: Array("<x:xmpmeta".utf8)):
                let text = String(decoding: segment.drop { $0 != 0 }.dropFirst(), as: UTF8.self)
                r.readLines(XMLText.lines(text.isEmpty ? String(decoding: segment, as: UTF8.self) : text, breakAtEveryTag: true), inside: place(inside, "XMP 元数据"))
            case 0xED, 0xFE:
                // IPTC (Photoshop's caption, keywords) and comments: their words in UTF-8.
                r.readRuns(Data(segment), inside: place(inside, "说明"))
            default: break
            }
            i += 2 + length
            if marker == 0xDA {
                // Entropy-coded data to the next marker that is no stuffing (FF00) or restart (FFD0–D7).
                while i + 1 < b.count {
                    if b[i] == 0xFF, b[i + 1] != 0x00, !(0xD0...0xD7).contains(b[i + 1]), b[i + 1] != 0xFF { break }
                    i += 1
                }
            }
        }
        trailing(b, from: i, into: &r, inside: inside)
    }

    static func place(_ inside: String?, _ what: String) -> String { (inside.map { $0 + " 的" } ?? "图片的") + what }

    /// Bytes after a picture's end: a browser shows the picture and ignores them, an unzipper finds a zip there.
    static func trailing(_ b: [UInt8], from end: Int, into r: inout Attachments.Reading, inside: String?) {
        guard end < b.count, b[end...].contains(where: { $0 != 0 }) else { return }
        r.unreadable("在图片结束之后还附带了 \(b.count - end) 字节的其他数据", inside: inside)
    }

    /// EXIF (a TIFF structure): the description, artist, copyright, Windows' title, subject, keywords and comment, the
    /// user comment; and whether it gives a place (a GPS latitude).
    static func exif(_ t: [UInt8], into r: inout Attachments.Reading, inside: String?) {
        guard t.count >= 8 else { return }
        let little = t[0] == 0x49
        func u16(_ o: Int) -> Int { o + 2 <= t.count ? (little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])) : 0 }
        func u32(_ o: Int) -> Int {
            guard o + 4 <= t.count else { return 0 }
            return little ? Int(t[o]) | Int(t[o + 1]) << 8 | Int(t[o + 2]) << 16 | Int(t[o + 3]) << 24
                          : Int(t[o]) << 24 | Int(t[o + 1]) << 16 | Int(t[o + 2]) << 8 | Int(t[o + 3])
        }
        let sizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8]
        var visited = Set<Int>()
        func ifd(_ offset: Int, gps: Bool) {
            guard offset >= 8, offset + 2 <= t.count, visited.insert(offset).inserted, visited.count < 16 else { return }
            let count = min(u16(offset), 512)
            for n in 0..<count {
                let e = offset + 2 + n * 12
                guard e + 12 <= t.count else { return }
                let tag = u16(e), type = u16(e + 2), number = u32(e + 4)
                let size = (type < sizes.count ? sizes[type] : 1) * number
                guard size >= 0, size < 1_000_000 else { continue }
                let at = size <= 4 ? e + 8 : u32(e + 8)
                guard at >= 0, at + size <= t.count else { continue }
                let value = Array(t[at..<at + size])
                if gps {
                    // GPSLatitude, GPSLongitude, GPSAreaInformation: where the picture was taken.
                    if [0x0002, 0x0004, 0x001C].contains(tag) {
                        r.hidden("的 EXIF 中记录了拍摄地点（GPS 位置）", inside: inside)
                    }
                    continue
                }
                switch tag {
                case 0x8769: ifd(u32(e + 8), gps: false)
                case 0x8825: ifd(u32(e + 8), gps: true)
                case 0x010E, 0x013B, 0x8298, 0x010D, 0x9C9B ... 0x9C9F, 0x9286:
                    var text: String
                    if (0x9C9B...0x9C9F).contains(tag) {
                        let units = stride(from: 0, to: value.count - 1, by: 2).map { UInt16(value[$0]) | UInt16(value[$0 + 1]) << 8 }
                        text = String(decoding: units, as: UTF16.self)
                    } else if tag == 0x9286 {
                        let body = Array(value.dropFirst(8))
                        if value.starts(with: Array("UNICODE".utf8)) {
                            let units = stride(from: 0, to: body.count - 1, by: 2).map { little ? UInt16(body[$0]) | UInt16(body[$0 + 1]) << 8 : UInt16(body[$0]) << 8 | UInt16(body[$0 + 1]) }
                            text = String(decoding: units, as: UTF16.self)
                        } else {
                            text = String(strictUTF8: body) ?? String(data: Data(body), encoding: .gb18030) ?? ""
                        }
                    } else {
                        let body = Array(value.prefix { $0 != 0 })
                        text = String(strictUTF8: body) ?? String(data: Data(body), encoding: .gb18030) ?? ""
                    }
                    text = String(text.unicodeScalars.filter { $0 != "\0" }.map(Character.init))
                    r.readLines(text, inside: place(inside, "说明（EXIF）"))
                default: break
                }
            }
        }
        ifd(u32(4), gps: false)
    }

    static func png(_ data: Data, into r: inout Attachments.Reading, inside: String?) {
        let b = [UInt8](data)
        var i = 8
        while i + 8 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            guard length >= 0, i + 12 + length <= b.count else { r.unreadable("不是完整的 PNG 图片", inside: inside); return }
            let chunk = Array(b[(i + 8)..<(i + 8 + length)])
            i += 12 + length
            switch type {
            case "tEXt", "zTXt", "iTXt":
                let key = String(decoding: chunk.prefix { $0 != 0 }, as: UTF8.self)
                var rest = Array(chunk.drop { $0 != 0 }.dropFirst())
                var compressed = type == "zTXt"
                if type == "zTXt" { rest = Array(rest.dropFirst()) }
                if type == "iTXt", rest.count >= 2 {
                    compressed = rest[0] == 1
                    rest = Array(rest.dropFirst(2))
                    rest = Array(rest.drop { $0 != 0 }.dropFirst())   // language
                    rest = Array(rest.drop { $0 != 0 }.dropFirst())   // translated keyword
                }
                if compressed {
                    guard let inflated = r.inflate(Data(rest)) else { r.unreadable("的文字说明无法解压", inside: inside); continue }
                    rest = [UInt8](inflated)
                }
                let text = String(strictUTF8: rest) ?? String(rest.map { Character(Unicode.Scalar($0)) })
                r.readLines(key.hasPrefix("XML:com.adobe.xmp") ? XMLText.lines(text, breakAtEveryTag: true) : text, inside: place(inside, "说明（\(key.prefix(20))）"))
            case "eXIf":
                exif(chunk, into: &r, inside: inside)
            case "IEND":
                trailing(b, from: i, into: &r, inside: inside)
                return
            default: break
            }
        }
    }
}

/// SVG: a document as much as a picture. Opened at its own address it runs its scripts on the site's origin; it may
/// fetch from another server; its text may be written as character references or hidden.
enum SVGReading {
    static func read(_ text: String, into r: inout Attachments.Reading, inside: String?) {
        let lower = text.lowercased()
        if lower.contains("<!entity") { r.unreadable("定义了 XML 实体（其中的文字读不出来）", inside: inside) }
        if lower.contains("<script") { r.hidden("含有脚本（<script>），读者打开图片地址时会在本站运行", inside: inside) }
        if lower.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil { r.hidden("含有事件脚本（on… 属性）", inside: inside) }
        if foreignObjectHoldsMoreThanText(lower) { r.hidden("嵌入了网页内容（<foreignObject>）", inside: inside) }
        // A link a reader may follow (`<a xlink:href="https://…">`, as draw.io writes its note on text it cannot draw) is
        // fetched only when followed; an image, a use, a script or a style sheet from another server is fetched on sight.
        if tags(lower).contains(where: { tag in
            tag.attributes.range(of: tag.name == "a" ? #"(href|src)\s*=\s*["']\s*(javascript:|file:)"# : #"(href|src)\s*=\s*["']\s*(https?:|//|javascript:|file:)"#,
                                 options: .regularExpression) != nil
        })
            || lower.range(of: #"url\(\s*["']?\s*(https?:|//)"#, options: .regularExpression) != nil
            || lower.contains("@import") {
            r.hidden("引用了其他网站的资源或脚本地址：读者浏览器会访问那个服务器", inside: inside)
        }
        // `opacity` itself, not a gradient stop's `stop-opacity:0` (Inkscape's and Illustrator's fading gradients), a
        // stroke's or a fill's (ECharts draws its legend's frame with `fill-opacity="0"`) or an editor's setting
        // (Inkscape's `inkscape:pageopacity="0.0"` in every file it saves); a text's fill at 0 hides the text.
        if lower.range(of: #"display\s*[:=]\s*["']?\s*none|visibility\s*[:=]\s*["']?\s*hidden|(?<![a-z:_-])opacity\s*[:=]\s*["']?\s*0(\.0*)?(?![0-9.])"#, options: .regularExpression) != nil
            || tags(lower).contains(where: { ["text", "tspan", "textpath"].contains($0.name)
                && $0.attributes.range(of: #"fill-opacity\s*[:=]\s*["']?\s*0(\.0*)?(?![0-9.])"#, options: .regularExpression) != nil }) {
            r.hidden("含有隐藏的元素（display:none、visibility:hidden 或透明度为 0）", inside: inside)
        }
        r.readLines(XMLText.lines(text, breakAtEveryTag: true), inside: inside)
    }

    /// The start tags of a (lowercased) SVG: each element's name and the text of its attributes.
    static func tags(_ lower: String) -> [(name: Substring, attributes: Substring)] {
        var out: [(Substring, Substring)] = []
        var rest = Substring(lower)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let first = rest.first, first.isLetter else { continue }
            let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            var quote: Character?
            let attributes = rest[name.endIndex...].prefix { c in
                if let q = quote { if c == q { quote = nil }; return true }
                if c == "\"" || c == "'" { quote = c; return true }
                return c != ">"
            }
            out.append((name, attributes))
            rest = rest[attributes.endIndex...]
        }
        return out
    }

    /// Whether a `<foreignObject>` holds more than formatted text. draw.io writes every label as HTML text inside one
    /// (`<div …>预算编制</div>`, with the same words as SVG `<text>` beside it); its words are read as the rest of the
    /// file's. An image, a frame, a form, a media element or anything else inside one is embedded web content.
    static func foreignObjectHoldsMoreThanText(_ lower: String) -> Bool {
        let text: Set<Substring> = ["div", "span", "p", "br", "b", "i", "u", "strong", "em", "font", "sub", "sup", "ul", "ol", "li",
                                    "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr"]
        var rest = Substring(lower)
        while let open = rest.firstRange(of: "<foreignobject") {
            let inner = rest[open.upperBound...]
            guard let start = inner.firstIndex(of: ">") else { return true }
            if start > inner.startIndex, inner[inner.index(before: start)] == "/" { rest = inner[start...]; continue }
            let body = inner[inner.index(after: start)...]
            let end = body.range(of: "</foreignobject")?.lowerBound ?? body.endIndex
            if tags(String(body[..<end])).contains(where: { !text.contains($0.name) }) { return true }
            rest = body[end...]
        }
        return false
    }
}
