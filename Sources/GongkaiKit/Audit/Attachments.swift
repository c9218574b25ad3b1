import Foundation
import GongkaiCore
import GongkaiRender
import ZIPFoundation

/// 附件检查 — the theme's files (`assets/…`: attachments and pictures a page links) are published byte for byte, whatever
/// refers to them. A finance clerk's files carry more than a page shows: a spreadsheet's hidden sheet or comment, a Word
/// document's tracked changes and properties, a PDF's title, a photo's description and place, an SVG's script; and a
/// compressed file's words are invisible to a scan of its bytes. Each file that is not gongkai's own is read here:
/// - its name and folders, for a level mark (`部署图（涉密）.png`, `内部资料/`): GK123;
/// - its text (cells, paragraphs, properties, metadata, comments), for a level mark (GK123) and, through the leak audit,
///   for a withheld item's words (GK900);
/// - what it hides or runs (GK171), and whether gongkai can read it at all (GK170): a file it cannot read is not published.
/// docs/disclosure.md (Pictures and files) says what is read and what is not.
enum Attachments {
    static func check(theme: Theme, display: String, audit: LeakAudit) -> DiagnosticList {
        // gongkai's own files (style.css, search.js …) are no clerk's attachment; a site's own file under one of their
        // names (its own style.css) is, and is read.
        let builtin = Dictionary(BuiltinTheme.files.map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
        var diagnostics = DiagnosticList()
        for asset in theme.assets where builtin["assets/" + asset.path] != asset.data {
            var reading = Reading(file: joinPath(display, "assets/" + asset.path))
            reading.name(asset.path, inside: nil)
            reading.inspect(asset.data, name: asset.path, inside: nil, depth: 0)
            diagnostics.append(contentsOf: reading.diagnostics)
            // The words the file holds, audited as a page is: a withheld item's text deflated in an .xlsx is found.
            let text = Data(reading.texts.joined(separator: "\n").utf8)
            for leak in audit.check(OutputFileBytes(path: "assets/" + asset.path, data: text)) { diagnostics.append(leak) }
        }
        return diagnostics
    }

    /// A level mark in a line of an attachment's text (a paragraph, a cell, a property): the mark, or nil. Read as a
    /// name is (`北山工程（涉密）`, `机密★5年 …`, `… 涉密`) and as a Markdown line is (`【涉密】…`, `以下内容涉密`, `密级：秘密`, a cell
    /// that only names a level). A cell that only says 依申请公开 is a public catalogue's column, and no mark.
    static func mark(in line: Substring) -> String? {
        let trimmed = line.trimmed
        guard !trimmed.isEmpty, trimmed.utf8.count <= 4_000 else { return nil }
        let ascii = trimmed.utf8.allSatisfy { $0 < 0x80 }
        guard !ascii || trimmed.utf8.contains(where: { $0 >= 0x41 }) else { return nil }
        if !ascii, let mark = MappingReader.bracketedLevel(in: trimmed) ?? MappingReader.secrecyMarking(in: trimmed) ?? MappingReader.separatedLevel(in: trimmed) {
            return mark
        }
        guard let note = levelNote(Substring(trimmed)) else { return nil }
        if let level = DisclosureLevel(parsing: trimmed), level == .onRequest || level == .public { return nil }
        return note
    }

    /// What one attachment says and hides: diagnostics at the file, and its text for the leak audit.
    struct Reading {
        let file: String
        var diagnostics = DiagnosticList()
        var texts: [String] = []
        /// Bytes inflated so far, over every part of the file: a small zip may inflate to gigabytes.
        var inflated = 0
        private var reported = Set<String>()

        static let maxDepth = 3, maxPart = 50_000_000, maxInflated = 200_000_000

        init(file: String) { self.file = file }

        func location(_ cell: String? = nil, line: Int = 1) -> SourceLocation { SourceLocation(file: file, line: line, column: 1, cell: cell) }

        /// “（压缩包中的 a/b.docx 的 word/document.xml）”: where inside the file.
        static func place(_ inside: String?) -> String { inside.map { "（\($0)）" } ?? "" }

        mutating func once(_ key: String, _ body: (inout DiagnosticList) -> Void) {
            guard reported.insert(key).inserted else { return }
            body(&diagnostics)
        }

        mutating func unreadable(_ why: String, inside: String?, at location: SourceLocation? = nil) {
            let at = location ?? self.location()
            once("170" + why + (inside ?? "")) {
                $0.error(.attachmentUnreadable, "附件\(Self.place(inside))\(why)：gongkai 无法检查其中的内容，不能把它原样发布；请另存为 .docx、.xlsx、PDF、PNG 或 JPEG 等可检查的格式，或移出主题文件夹", at: at)
            }
        }

        mutating func hidden(_ what: String, inside: String?, at location: SourceLocation? = nil) {
            let at = location ?? self.location()
            once("171" + what + (inside ?? "")) {
                $0.error(.attachmentHidden, "附件\(Self.place(inside))\(what)：读者下载后即可看到，而页面上看不出来；请在原文件中删去后重新保存（不予公开的内容不要放进网站文件夹）", at: at)
            }
        }

        /// A line of the file's text: read for a mark, kept for the audit.
        mutating func read(_ line: Substring, inside: String?, at location: SourceLocation? = nil) {
            guard !line.isEmpty else { return }
            texts.append(String(line))
            guard let mark = Attachments.mark(in: line) else { return }
            // Only the mark is quoted, and only when short: the words beside it may be what is withheld.
            let quoted = mark.count <= 12 ? "“\(mark)”" : ""
            let at = location ?? self.location()
            once("123" + (inside ?? "") + at.description) {
                $0.error(.unknownDisclosureLevel, "附件\(Self.place(inside))中写了公开级别\(quoted)：附件会原样发布，其中的级别标记不起作用；请把不予公开的内容从附件中删去，或不发布这个附件", at: at)
            }
        }

        mutating func readLines(_ text: String, inside: String?, numbered: Bool = false) {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                read(line, inside: inside, at: numbered && inside == nil ? location(line: i + 1) : nil)
            }
        }

        /// The folders and the file's name (without its extension), each read for a level mark: a folder as a category is
        /// (`内部资料/`, `涉密文件/`), a name as a name is (`部署图（涉密）`, `纪要-内部`).
        mutating func name(_ path: String, inside: String?) {
            let parts = path.split(separator: "/")
            for (i, part) in parts.enumerated() {
                var stem = String(part)
                if i == parts.count - 1, let dot = stem.lastIndex(of: "."), dot > stem.startIndex { stem = String(stem[..<dot]) }
                let folder = i < parts.count - 1
                guard let mark = Attachments.mark(in: Substring(stem)) ?? (folder ? MappingReader.categoryLevel(in: stem) : nil) else { continue }
                let quoted = mark.count <= 12 ? "“\(mark)”" : ""
                let at = location()
                once("name" + (inside ?? "") + path) {
                    $0.error(.unknownDisclosureLevel, "附件\(Self.place(inside))的\(folder ? "文件夹名" : "文件名")中写了公开级别\(quoted)：主题中的文件都会随网站发布，名称中的级别不起作用；不予公开的文件请移出网站文件夹，公开的文件请改名", at: at)
                }
                return
            }
        }

        /// Reads one file (or an entry of an archive), by what its bytes are, not by its name.
        mutating func inspect(_ data: Data, name: String, inside: String?, depth: Int) {
            let bytes = [UInt8](data.prefix(16))
            func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
            if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
                archive(data, name: name, inside: inside, depth: depth)
            } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
                unreadable("是旧版 Office 或 WPS 格式（.doc、.xls、.ppt、.wps、.et），或是加密的 Office 文档", inside: inside)
            } else if let header = data.prefix(1024).range(of: Data("%PDF-".utf8)) {
                PDFReading.read(data, into: &self, inside: inside, depth: depth)
                // A text that mentions the header in its first kilobyte (`%PDF-1.7` in a readme, an SVG's comment) is a PDF to
                // this sniffing and a text to whoever opens it: it is read as one too.
                if header.lowerBound != data.startIndex, let text = Self.text(data, name: name) {
                    readText(text, data: data, name: name, inside: inside, depth: depth)
                }
            } else if starts([0xFF, 0xD8, 0xFF]) {
                PictureReading.jpeg(data, into: &self, inside: inside)
            } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
                PictureReading.png(data, into: &self, inside: inside)
            } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8))
                        || (starts(Array("RIFF".utf8)) && bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)) {
                // Comments and metadata of GIF and WebP are not parsed: the words they hold in UTF-8 are read.
                readRuns(data, inside: inside)
            } else if starts(Array("wOFF".utf8)) || starts(Array("wOF2".utf8)) || starts(Array("OTTO".utf8)) || starts([0x00, 0x01, 0x00, 0x00])
                        || starts(Array("ttcf".utf8)) || starts([0x00, 0x00, 0x01, 0x00]) {
                // A font or an icon holds no clerk's words, but four bytes make any file one to this sniffing (a text
                // starting `\0\0\1\0`): the words it holds in UTF-8 are read, as a GIF's are.
                readRuns(data, inside: inside)
            } else if let text = Self.text(data, name: name) {
                readText(text, data: data, name: name, inside: inside, depth: depth)
            } else {
                unreadable("不是 gongkai 能读取的格式（能读取的有 PDF、.docx、.xlsx、.pptx、.odt、.ods、ZIP、JPEG、PNG、GIF、WebP、SVG、CSV 和文本）", inside: inside)
            }
        }

        /// The text of a text attachment: its lines, cells and fields for marks and for the audit, and what it writes in a
        /// form its bytes do not show — words escaped as JSON and JavaScript write them, files embedded as `data:` addresses.
        mutating func readText(_ text: String, data: Data, name: String, inside: String?, depth: Int) {
            let lower = name.lowercased()
            // A web page saved as one file (IE's and Word's 单个文件网页, .mht) or an e-mail (.eml) writes its parts as
            // quoted-printable or base64, in GBK as often as not: gongkai does not decode them.
            if Self.isMIME(text) {
                unreadable("是 MHT 单个文件网页或 EML 邮件（其中的文字经过编码，读不出来）", inside: inside)
                return
            }
            if lower.hasSuffix(".svg") || text.prefix(4_096).lowercased().contains("<svg") {
                SVGReading.read(text, into: &self, inside: inside)
            } else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xml") {
                readLines(XMLText.lines(text, breakAtEveryTag: true), inside: inside)
            } else {
                // A table's cells, each read as a name is (`北山工程,内部`): a CSV's as the import reads them (a quoted
                // field holding a comma or a line end is one cell). One the import reads as a single column or
                // refuses (fields separated by `;` or tabs, more rows than a table it imports) and a .tsv are read
                // field by field at every separator, so that no field goes unread.
                var cells: [Sheet.Cell: String] = [:]
                var fields = lower.hasSuffix(".tsv")
                if lower.hasSuffix(".csv") {
                    cells = (try? SpreadsheetReader.readCSV(data, file: file))?.cells ?? [:]
                    fields = cells.keys.allSatisfy { $0.column == 1 }
                }
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let at = inside == nil ? location(line: i + 1) : nil
                    read(line, inside: inside, at: at)
                    guard fields else { continue }
                    for field in line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" }) where field.utf8.count < line.utf8.count {
                        read(field.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))[...], inside: inside, at: at)
                    }
                }
                // Each cell at its row's line (a line's mark and its cell's are one error).
                for cell in cells.keys.sorted() where !fields {
                    read(Substring(cells[cell]!), inside: inside, at: inside == nil ? location(line: cell.row) : nil)
                }
            }
            // An attribute's words written as references (`alt="&#x5317;…"`) are shown by a browser; the text between tags
            // is read above, the attributes are not.
            for value in Self.referencedAttributes(in: text) { read(Substring(value), inside: inside) }
            // An RTF document's Chinese is escaped code-page bytes or characters.
            if text.hasPrefix("{\\rtf") { readLines(Self.rtfText(text), inside: inside) }
            // `\u5317\u5c71` is 北山 to a reader: Python's json.dumps writes every Chinese character so by default, and a
            // browser's JSON viewer or a page's script shows the words. The scan of the bytes sees only the escapes.
            if let shown = Self.unescaped(text) { readLines(shown, inside: inside) }
            // A picture or file embedded as a `data:` address (a photo Inkscape embeds in an SVG, an icon in a style sheet)
            // is published with the file, base64 or percent-encoded: read as an attachment of its own.
            for (n, address) in Self.dataAddresses(in: text).enumerated() {
                let place = (inside.map { $0 + " 中" } ?? "") + "以 data: 地址嵌入的第 \(n + 1) 个文件"
                guard depth + 1 < Self.maxDepth else {
                    unreadable("嵌入的文件层层嵌套超过 \(Self.maxDepth) 层", inside: inside)
                    break
                }
                guard let bytes = Self.decodedDataAddress(address) else {
                    unreadable("的数据无法解码", inside: place)
                    continue
                }
                inspect(bytes, name: "", inside: place, depth: depth + 1)
            }
        }

        /// Whether a text is a MIME message (a `MIME-Version:` header among its first lines), as a .mht or .eml is.
        static func isMIME(_ text: String) -> Bool {
            text.prefix(8_192).split(separator: "\n").prefix(60).contains { $0.lowercased().hasPrefix("mime-version:") }
        }

        /// The text with JSON's and JavaScript's escapes of characters (`\u5317`, a surrogate pair `\ud83d\udcc8`,
        /// `\u{1F4C8}`) written as the characters: nil when it has none. `\\u4e00` is a backslash and `u4e00`.
        static func unescaped(_ text: String) -> String? {
            guard text.utf8.count >= 6, text.holdsBytes("\\u") else { return nil }
            let scalars = Array(text.unicodeScalars)
            var out = String.UnicodeScalarView(), units: [UInt16] = [], changed = false
            func flush() {
                guard !units.isEmpty else { return }
                out.append(contentsOf: String(decoding: units, as: UTF16.self).unicodeScalars)
                units.removeAll()
            }
            func hex(_ from: Int, _ to: Int) -> UInt32? {
                guard from < to, to <= scalars.count, to - from <= 6 else { return nil }
                return UInt32(String(String.UnicodeScalarView(scalars[from..<to])), radix: 16)
            }
            var i = 0
            while i < scalars.count {
                if scalars[i] == "\\", i + 1 < scalars.count {
                    if scalars[i + 1] == "u" {
                        if i + 2 < scalars.count, scalars[i + 2] == "{", let close = scalars[(i + 3)...].prefix(8).firstIndex(of: "}"),
                           let value = hex(i + 3, close), let scalar = Unicode.Scalar(value) {
                            flush()
                            out.append(scalar)
                            (i, changed) = (close + 1, true)
                            continue
                        }
                        if let value = hex(i + 2, i + 6), scalars[(i + 2)..<(i + 6)].allSatisfy(\.properties.isASCIIHexDigit) {
                            units.append(UInt16(value))
                            (i, changed) = (i + 6, true)
                            continue
                        }
                    }
                    flush()
                    out.append(scalars[i])
                    out.append(scalars[i + 1])
                    i += 2
                    continue
                }
                flush()
                out.append(scalars[i])
                i += 1
            }
            flush()
            return changed ? String(out) : nil
        }

        /// Every `data:` address in a text (`data:image/png;base64,…` in an attribute, `url(data:image/svg+xml,%3Csvg…)` in
        /// a style), from its media type to where it ends: the quote or parenthesis it was opened with, else white space.
        static func dataAddresses(in text: String) -> [Substring] {
            guard text.range(of: "data:", options: .caseInsensitive) != nil else { return [] }
            var found: [Substring] = []
            let whole = Substring(text)
            var rest = whole
            while let start = rest.range(of: "data:", options: .caseInsensitive) {
                let before = rest[..<start.lowerBound].last
                let after = rest[start.upperBound...]
                rest = after
                // A media type and its parameters, then a comma: `data:` in a sentence is no address.
                guard let comma = after.prefix(200).firstIndex(of: ","),
                      after[..<comma].allSatisfy({ $0.isASCII && !$0.isWhitespace && !"\"'()<>".holdsMark($0) }) else { continue }
                let close: Character? = before == "\"" || before == "'" ? before : before == "(" ? ")" : nil
                let end = after[comma...].firstIndex(where: { ch in
                    if let close { return ch == close }
                    return ch.isWhitespace || ch == "<" || ch == ">"
                }) ?? after.endIndex
                found.append(whole[start.lowerBound..<end])
                rest = after[end...]
            }
            return found
        }

        /// The bytes of a `data:` address: base64 (white space and line breaks an editor wraps it with, and `&#10;`, left
        /// out; the URL-safe alphabet read too) or percent-encoded. Nil when it does not decode.
        static func decodedDataAddress(_ address: Substring) -> Data? {
            guard let colon = address.firstIndex(of: ":"), let comma = address.firstIndex(of: ",") else { return nil }
            let header = address[address.index(after: colon)..<comma].lowercased()
            var body = String(address[address.index(after: comma)...])
            if body.contains("&#") {
                for reference in ["&#10;", "&#13;", "&#9;", "&#xA;", "&#xa;", "&#xD;", "&#xd;", "&#x9;"] { body = body.replacingOccurrences(of: reference, with: "") }
            }
            guard header.hasSuffix(";base64") else {
                return Data((body.removingPercentEncoding ?? body).utf8)
            }
            if body.contains("%") { body = body.removingPercentEncoding ?? body }
            var base64 = String(body.unicodeScalars.filter { !$0.properties.isWhitespace }.map { $0 == "-" ? Character("+") : $0 == "_" ? Character("/") : Character($0) })
            while base64.hasSuffix("=") { base64.removeLast() }
            guard base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }) else { return nil }
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            return Data(base64Encoded: base64)
        }

        /// The words of an RTF document (`{\rtf1\ansi\ansicpg936 … \'d6\'b8 …}`, as Word and WPS save one): its Chinese is
        /// written as escapes of code-page bytes (`\'d6\'b8`, GBK) or of characters (`\u25351?`), which a reading of the
        /// bytes never sees. Control words are dropped, a paragraph ends a line; every group is read (a comment too).
        static func rtfText(_ text: String) -> String {
            let s = Array(text.utf8)
            var out = "", bytes: [UInt8] = []
            func flush() {
                guard !bytes.isEmpty else { return }
                out += String(data: Data(bytes), encoding: .gb18030) ?? String(decoding: bytes, as: UTF8.self)
                bytes.removeAll()
            }
            func isLetter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
            var i = 0
            while i < s.count {
                let c = s[i]
                guard c == UInt8(ascii: "\\"), i + 1 < s.count else {
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "}") || c == 0x0A || c == 0x0D { flush(); i += 1; continue }
                    bytes.append(c)
                    i += 1
                    continue
                }
                let next = s[i + 1]
                if next == UInt8(ascii: "'"), i + 3 < s.count, let high = s[i + 2].hexDigitValue, let low = s[i + 3].hexDigitValue {
                    bytes.append(high << 4 | low)
                    i += 4
                    continue
                }
                guard isLetter(next) else {
                    // `\\`, `\{`, `\}` are the characters; other symbols (`\~`, `\-`, `\*`) are dropped.
                    if next == UInt8(ascii: "\\") || next == UInt8(ascii: "{") || next == UInt8(ascii: "}") { bytes.append(next) }
                    i += 2
                    continue
                }
                var j = i + 1
                while j < s.count, isLetter(s[j]) { j += 1 }
                let word = String(decoding: s[(i + 1)..<j], as: UTF8.self)
                var k = j
                if k < s.count, s[k] == UInt8(ascii: "-") { k += 1 }
                while k < s.count, (0x30...0x39).contains(s[k]) { k += 1 }
                let parameter = Int(String(decoding: s[j..<k], as: UTF8.self))
                if k < s.count, s[k] == UInt8(ascii: " ") { k += 1 }
                i = k
                switch word {
                case "par", "line", "row", "cell", "sect", "page":
                    flush()
                    out += "\n"
                case "tab":
                    flush()
                    out += "\t"
                case "u":
                    flush()
                    if let value = parameter, let scalar = Unicode.Scalar(UInt32(value < 0 ? value + 65_536 : value)) { out.unicodeScalars.append(scalar) }
                    // The fallback for readers without Unicode: one character, or one `\'hh`.
                    if i + 3 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "'") { i += 4 } else if i < s.count, s[i] != UInt8(ascii: "\\"), s[i] != UInt8(ascii: "{"), s[i] != UInt8(ascii: "}") { i += 1 }
                default:
                    flush()
                }
            }
            flush()
            return out
        }

        /// The values of a page's or an SVG's attributes that write characters as references (`alt="&#x5317;&#x5C71;…"`,
        /// `title="&#21271;…"`), decoded: a browser shows them (a picture's text, a tooltip), and neither the bytes nor the
        /// text between tags holds the words.
        static func referencedAttributes(in text: String) -> [String] {
            guard text.holdsBytes("&#") else { return [] }
            var values: [String] = []
            var rest = Substring(text)
            while let reference = rest.range(of: "&#") {
                // The quoted value around the reference: back to its opening quote after `=`, on to the same quote.
                let before = rest[..<reference.lowerBound]
                guard let open = before.lastIndex(where: { $0 == "\"" || $0 == "'" || $0 == ">" || $0 == "<" }), before[open] != ">", before[open] != "<",
                      before[..<open].last(where: { !$0.isWhitespace }) == "=",
                      let close = rest[reference.upperBound...].firstIndex(of: before[open]) else {
                    rest = rest[reference.upperBound...]
                    continue
                }
                values.append(AssetAddress.referencesDecoded(String(rest[rest.index(after: open)..<close])))
                rest = rest[rest.index(after: close)...]
            }
            return values
        }

        /// Text in UTF-8 (a byte-order mark allowed) or, for a CSV or text file, GB18030 as Chinese Excel saves it (the
        /// import's decoder), its line ends LF: nil for bytes that are not text (a NUL, or no encoding reads them).
        static func text(_ data: Data, name: String) -> String? {
            guard !data.contains(0), let (text, gb18030) = try? SpreadsheetReader.decode(data),
                  !gb18030 || [".csv", ".txt", ".tsv"].contains(where: name.lowercased().hasSuffix) else { return nil }
            return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }

        /// The runs of text in UTF-8 inside binary data (two characters or more outside ASCII), each read as a line.
        mutating func readRuns(_ data: Data, inside: String?) {
            var run: [UInt8] = []
            func flush() {
                if let text = String(strictUTF8: run), text.count >= 2 { read(Substring(text), inside: inside) }
                run.removeAll(keepingCapacity: true)
            }
            var i = data.startIndex
            while i < data.endIndex {
                let b = data[i]
                let length = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
                if length > 0, i + length <= data.endIndex, data[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                    run.append(contentsOf: data[i..<(i + length)])
                    i += length
                } else if b >= 0x20 && b < 0x7F && !run.isEmpty {
                    run.append(b)
                    i += 1
                } else {
                    flush()
                    i += 1
                }
            }
            flush()
        }

        /// Inflates `data` (zlib, as PDF and PNG store it; raw deflate with `raw`) within the file's bounds: nil when it is
        /// not deflate data or inflates past them (what came out before a damaged end is kept, as a reader shows it).
        mutating func inflate(_ data: Data, raw: Bool = false) -> Data? {
            var input = data
            if !raw {
                guard input.count >= 2, input[input.startIndex] & 0x0F == 8 else { return nil }
                input = input.dropFirst(2)
            }
            input = Data(input)
            var out = Data()
            var total = inflated
            do {
                // The provider is asked for a whole buffer past the end too (ZIPFoundation on Linux): it gets what is left.
                _ = try Data.decompress(size: Int64(input.count), bufferSize: 65_536, skipCRC32: true, provider: { position, size in
                    let start = min(Int(position), input.count)
                    return input.subdata(in: start..<min(input.count, start + size))
                }, consumer: { chunk in
                    total += chunk.count
                    guard out.count + chunk.count <= Self.maxPart, total <= Self.maxInflated else { throw Bound() }
                    out.append(chunk)
                })
            } catch is Bound {
                inflated = total
                return nil
            } catch {
                if out.isEmpty { return nil }
            }
            inflated = total
            return out
        }

        struct Bound: Error {}

        /// An entry's name as its writer meant it. ZIPFoundation reads a name without the UTF-8 flag as code page 437, but
        /// Info-ZIP's `zip` (Linux) and macOS write UTF-8 names without the flag, and Windows' built-in zip writes a Chinese
        /// name in GBK: both came out as `─┐┬╝.csv`, so a folder `涉密/` inside was not read. UTF-8 when flagged, or when the
        /// bytes are UTF-8 that is not only two-byte letters (GBK's `目录`, C4BF C2BC, is also UTF-8 for `Ŀ¼`); else GB18030;
        /// else code page 437.
        static func entryPath(_ entry: Entry) -> String {
            let utf8 = entry.path(using: .utf8), declared = entry.path
            // ZIPFoundation decodes a flagged name as UTF-8, an unflagged one byte by byte: they agree only when flagged or ASCII.
            if !utf8.isEmpty, utf8 == declared || !utf8.unicodeScalars.contains(where: { (0x80..<0x800).contains($0.value) }) { return utf8 }
            let chinese = entry.path(using: .gb18030)
            return !chinese.isEmpty ? chinese : !utf8.isEmpty ? utf8 : declared
        }

        /// A ZIP file's comments: the archive's (the end record's), then each entry's in the central directory, as written;
        /// empty ones left out. Read from the bytes: ZIPFoundation does not hand them out.
        static func zipComments(_ data: Data) -> [Data] {
            let bytes = [UInt8](data)
            func u16(_ i: Int) -> Int { i + 1 < bytes.count ? Int(bytes[i]) | Int(bytes[i + 1]) << 8 : 0 }
            func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
            // The end record: its signature within the last 64 KiB and 22 bytes.
            guard bytes.count >= 22 else { return [] }
            var end = bytes.count - 22
            let lowest = max(0, bytes.count - 22 - 65_535)
            while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 0x05 && bytes[end + 3] == 0x06) { end -= 1 }
            guard end >= lowest else { return [] }
            var comments: [Data] = []
            let length = u16(end + 20)
            if length > 0, end + 22 + length <= bytes.count { comments.append(Data(bytes[(end + 22)..<(end + 22 + length)])) }
            // The central directory's entries: name, extra field and comment after each 46-byte header.
            var at = u32(end + 16)
            for _ in 0..<u16(end + 10) {
                guard at >= 0, at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { break }
                let name = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
                let start = at + 46 + name + extra
                if comment > 0, start + comment <= bytes.count { comments.append(Data(bytes[start..<(start + comment)])) }
                at = start + comment
            }
            return comments
        }

        /// Whether a path starts with a Windows drive (`C:/…`, or `d:清单.txt`, relative to that drive's folder).
        static func startsWithDrive(_ path: String) -> Bool {
            let scalars = Array(path.unicodeScalars.prefix(2))
            return scalars.count == 2 && scalars[1] == ":" && scalars[0].isASCII && scalars[0].properties.isAlphabetic
        }

        // MARK: Archives (ZIP, Office Open XML, OpenDocument)

        mutating func archive(_ data: Data, name: String, inside: String?, depth: Int) {
            guard depth < Self.maxDepth else {
                unreadable("是压缩包中的压缩包，嵌套超过 \(Self.maxDepth) 层", inside: inside)
                return
            }
            // Read from a private temporary file, as import reads an .xlsx: ZIPFoundation's in-memory reader traps on a
            // damaged directory.
            let temporary: URL
            do { temporary = try SpreadsheetReader.privateTemporaryCopy(of: data) } catch {
                unreadable("无法读取（\(error)）", inside: inside)
                return
            }
            defer { try? FileManager.default.removeItem(at: temporary) }
            guard let archive = try? Archive(url: temporary, accessMode: .read) else {
                unreadable("是损坏的压缩文件", inside: inside)
                return
            }
            var entries: [(path: String, data: Data)] = []
            for entry in archive {
                // Windows PowerShell 5.1's Compress-Archive separates folders with `\` (`资料\报告.pdf`), and an unzipper on
                // Windows follows it: a folder separator as `/` is, so its folders are read and a way out of the archive
                // through it is found.
                let written = Self.entryPath(entry), path = written.replacingOccurrences(of: "\\", with: "/")
                if path.hasPrefix("/") || path.split(separator: "/").contains("..") || Self.startsWithDrive(path) {
                    unreadable("含有指向压缩包之外的路径“\(written.count <= 40 ? written : String(written.prefix(40)) + "…")”，解压时会写到读者电脑上的其他位置", inside: inside)
                    continue
                }
                switch entry.type {
                case .directory: self.name(path, inside: inside ?? "压缩包"); continue
                case .symlink: unreadable("含有符号链接 \(path)", inside: inside); continue
                case .file: break
                }
                var out = Data()
                do {
                    var total = inflated
                    _ = try archive.extract(entry, skipCRC32: false) { chunk in
                        total += chunk.count
                        guard out.count + chunk.count <= Self.maxPart, total <= Self.maxInflated else { throw Bound() }
                        out.append(chunk)
                    }
                    inflated = total
                } catch {
                    unreadable(error is Bound ? "解压后超过 \(Self.maxPart / 1_000_000) MB（整个文件上限 \(Self.maxInflated / 1_000_000) MB）" : "的 \(path) 无法解压（已加密或已损坏）",
                               inside: inside)
                    return
                }
                entries.append((path, out))
            }
            // The archive's comment and its entries' (an unzipper and the file manager show them; Office ignores them).
            for (n, comment) in Self.zipComments(data).enumerated() {
                guard let text = Self.text(comment, name: ".txt") else {
                    readRuns(comment, inside: (inside.map { $0 + " 中" } ?? "") + "压缩包的注释")
                    continue
                }
                readLines(text, inside: (inside.map { $0 + " 中" } ?? "") + (n == 0 ? "压缩包的注释" : "压缩包中文件的注释"))
            }
            let paths = Set(entries.map(\.path))
            if paths.contains("[Content_Types].xml") {
                OfficeReading.ooxml(entries, data: data, name: name, into: &self, inside: inside, depth: depth)
            } else if let mimetype = entries.first(where: { $0.path == "mimetype" }), String(decoding: mimetype.data, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
                OfficeReading.odf(entries, into: &self, inside: inside, depth: depth)
            } else {
                for (path, entryData) in entries {
                    let where_ = (inside.map { $0 + " 中的 " } ?? "压缩包中的 ") + path
                    self.name(path, inside: inside ?? "压缩包")
                    inspect(entryData, name: path, inside: where_, depth: depth + 1)
                }
            }
        }
    }
}

extension XMLText {
    /// The quoted values of a tag's attributes (`alt="…"`, `title='…'`).
    static func attributeValues(in tag: Substring) -> [Substring] {
        var values: [Substring] = []
        var rest = tag
        while let equals = rest.firstIndex(of: "=") {
            let after = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            guard let quote = after.first, quote == "\"" || quote == "'" else { rest = after; continue }
            let value = after.dropFirst()
            guard let end = value.firstIndex(of: quote) else { values.append(value); break }
            values.append(value[..<end])
            rest = value[value.index(after: end)...]
        }
        return values
    }
}

/// The text of an XML part, its character references decoded: tags dropped, a line ended where a paragraph, a cell or a
/// property ends, so that a mark Word splits across runs (`<w:t>【涉</w:t></w:r><w:r><w:t>密】</w:t>`) is read whole.
enum XMLText {
    /// Elements that end a line: paragraphs (`w:p`, `a:p`, `text:p`, `text:h`), a shared string (`si`), a cell (`c`,
    /// `is`, `w:tc`, `table:table-cell`), a row, a comment. Other tags (runs, their properties) join their text.
    static let lineEnds: Set<String> = ["p", "h", "si", "c", "is", "tc", "tr", "row", "comment", "table-cell", "annotation", "note", "li", "div",
                                        "td", "th", "title", "desc", "text", "tspan", "br", "cr", "tab"]

    static func lines(_ xml: String, breakAtEveryTag: Bool) -> String {
        var out = ""
        out.reserveCapacity(xml.utf8.count / 2)
        // Attributes' values a reader is shown or a tool keeps (`alt`, `title`, `aria-label`, `content`, a Word picture's
        // `descr`, a hyperlink's `w:tooltip`) that may hold a mark: read as lines of their own after the text, so that a
        // run's attributes do not break the words Word split across runs.
        var attributes: [Substring] = []
        var rest = Substring(xml)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            rest = rest[rest.index(after: open)...]
            if rest.hasPrefix("!--") {
                // A comment's words are read as a line of their own: hidden in the file, never shown.
                guard let end = rest.firstRange(of: "-->") else { out += "\n" + rest.dropFirst(3); rest = ""; break }
                out += "\n" + rest[rest.index(rest.startIndex, offsetBy: 3)..<end.lowerBound] + "\n"
                rest = rest[end.upperBound...]
                continue
            }
            if rest.hasPrefix("![CDATA[") {
                guard let end = rest.firstRange(of: "]]>") else { out += rest.dropFirst(8); rest = ""; break }
                out += rest[rest.index(rest.startIndex, offsetBy: 8)..<end.lowerBound]
                rest = rest[end.upperBound...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { rest = ""; break }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.holdsBytes("=") { attributes += attributeValues(in: tag).filter { holdsLevelCharacter($0) || $0.holdsBytes("&#") } }
            var name = tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }
            if let colon = name.lastIndex(of: ":") { name = name[name.index(after: colon)...] }
            if breakAtEveryTag || lineEnds.contains(String(name)) { out += "\n" }
        }
        out += rest
        for value in attributes { out += "\n" + value }
        // Character references (`&#28041;&#23494;` is 涉密) and the five XML entities read as the reader shows them.
        return out.contains("&") ? AssetAddress.referencesDecoded(out.replacingOccurrences(of: "&quot;", with: "\"")) : out
    }
}
