import Foundation

/// The text a PDF's pages draw, as a reader copying it gets it. A font that is not one of the 14 standard ones draws
/// glyph numbers, not characters: Word, WPS, Chromium and cairo write Chinese through a Type0 font (`/Encoding
/// /Identity-H`, two bytes a glyph) or one Type 3 font a glyph, and the string `<0018000F>` is 涉密 only through the
/// font's `/ToUnicode` map. Each page's content streams are read in order: `Tf` selects a font of the page's resources
/// (`/Resources /Font`, inherited through `/Parent`, or a form's own), and the strings `Tj`, `TJ`, `'` and `"` show are
/// decoded through its map, a line ended where the text moves to another line; marked content with `/ActualText` (as
/// Chromium writes a character whose glyph maps to a radical) is read as that text. A font with no map is decoded only
/// when its encoding is Unicode itself (`UniGB-UCS2-H`, as ReportLab writes its CID fonts; UTF-16; UTF-8; GBK): else its
/// strings are left to the byte reading of the caller.
///
/// Bounded: every object is parsed at most once, a parse stops at its object's end, and each content stream is read
/// once, in one pass.
struct PDFText {
    /// A PDF object, parsed as far as these reads need.
    indirect enum Value {
        case dictionary([String: Value]), array([Value]), reference(Int), name(String), number(Double), string([UInt8]), other

        var dictionary: [String: Value]? { if case .dictionary(let d) = self { return d } else { return nil } }
        var array: [Value]? { if case .array(let a) = self { return a } else { return nil } }
        var name: String? { if case .name(let n) = self { return n } else { return nil } }
        var number: Double? { if case .number(let n) = self { return n } else { return nil } }
        var string: [UInt8]? { if case .string(let s) = self { return s } else { return nil } }
        var reference: Int? { if case .reference(let r) = self { return r } else { return nil } }
    }

    enum Token: Equatable {
        case number(Double), name(String), string([UInt8]), keyword(String), arrayOpen, arrayClose, dictionaryOpen, dictionaryClose
    }

    /// PDF's tokens over `bytes[i..<end]`; each token takes at least one byte.
    struct Lexer {
        let bytes: [UInt8]
        var i: Int
        let end: Int
        /// Whether `12 0 R` is read as a reference (not in a content stream or a CMap, which hold none).
        let references: Bool

        init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, references: Bool = true) {
            self.bytes = bytes
            self.references = references
            self.end = min(end ?? bytes.count, bytes.count)
            i = min(max(start, 0), self.end)
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0 }
        static func isDelimiter(_ b: UInt8) -> Bool {
            b == 0x28 || b == 0x29 || b == 0x3C || b == 0x3E || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x2F || b == 0x25
        }
        static func isRegular(_ b: UInt8) -> Bool { !isSpace(b) && !isDelimiter(b) }

        mutating func next() -> Token? {
            while i < end {
                let b = bytes[i]
                if Self.isSpace(b) { i += 1; continue }
                if b == 0x25 {   // % comment
                    while i < end, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
                    continue
                }
                switch b {
                case 0x28:
                    i += 1
                    return .string(PDFReading.literal(bytes, &i, end: end))
                case 0x3C:
                    if i + 1 < end, bytes[i + 1] == 0x3C { i += 2; return .dictionaryOpen }
                    i += 1
                    if let value = PDFReading.hexadecimal(bytes, &i, end: end) { return .string(value) }
                    continue
                case 0x3E:
                    i += 1
                    if i < end, bytes[i] == 0x3E { i += 1; return .dictionaryClose }
                    continue
                case 0x5B: i += 1; return .arrayOpen
                case 0x5D: i += 1; return .arrayClose
                case 0x7B, 0x7D, 0x29: i += 1; continue
                case 0x2F:
                    i += 1
                    var name: [UInt8] = []
                    while i < end, Self.isRegular(bytes[i]) {
                        // `#20`: a byte written in hexadecimal.
                        if bytes[i] == 0x23, i + 2 < end, let h = bytes[i + 1].hexDigitValue, let l = bytes[i + 2].hexDigitValue {
                            name.append(h << 4 | l)
                            i += 3
                        } else {
                            name.append(bytes[i])
                            i += 1
                        }
                    }
                    return .name(String(decoding: name, as: UTF8.self))
                default:
                    let start = i
                    while i < end, Self.isRegular(bytes[i]) { i += 1 }
                    let word = bytes[start..<i]
                    if let first = word.first, first == 0x2B || first == 0x2D || first == 0x2E || (0x30...0x39).contains(first),
                       word.count < 40, let value = Double(String(decoding: word, as: UTF8.self)) {
                        return .number(value)
                    }
                    return .keyword(String(decoding: word, as: UTF8.self))
                }
            }
            return nil
        }

        /// Keywords that end an object: a parse never reads past one.
        static let objectEnds: Set<String> = ["endobj", "obj", "stream", "endstream", "xref", "trailer"]

        /// One object from the next token (a number followed by `G R` is a reference); nil at an operator or the end.
        mutating func value(depth: Int = 0) -> Value? {
            guard let token = next() else { return nil }
            return value(token, depth: depth)
        }

        mutating func value(_ token: Token, depth: Int) -> Value? {
            switch token {
            case .number(let n):
                if references, n >= 0, n == n.rounded(), n < 1e9 {
                    var ahead = self
                    if case .number(let g)? = ahead.next(), g >= 0, g == g.rounded(), case .keyword("R")? = ahead.next() {
                        self = ahead
                        return .reference(Int(n))
                    }
                }
                return .number(n)
            case .name(let n): return .name(n)
            case .string(let s): return .string(s)
            case .keyword(let k): return ["true", "false", "null"].contains(k) ? .other : nil
            case .arrayOpen:
                var items: [Value] = []
                while let token = next() {
                    if token == .arrayClose { break }
                    if case .keyword(let k) = token, Self.objectEnds.contains(k) { break }
                    if depth < 32, let item = value(token, depth: depth + 1) { items.append(item) }
                }
                return .array(items)
            case .dictionaryOpen:
                var entries: [String: Value] = [:]
                while let token = next() {
                    if token == .dictionaryClose { break }
                    if case .keyword(let k) = token, Self.objectEnds.contains(k) { break }
                    guard case .name(let key) = token, let inner = next() else { continue }
                    if inner == .dictionaryClose { break }
                    if depth < 32, let item = value(inner, depth: depth + 1) { entries[key] = item }
                }
                return .dictionary(entries)
            case .arrayClose, .dictionaryClose: return .other
            }
        }
    }

    // MARK: The document's objects

    /// The file's objects outside its streams and in its object streams, each by number: where it stands in `syntax`.
    let syntax: [UInt8]
    private(set) var ranges: [Int: Range<Int>] = [:]
    /// Decoded streams by object number: content streams (pages, forms, glyphs), and ToUnicode maps.
    var contents: [Int: (dictionary: [String: Value], data: [UInt8])] = [:]
    var maps: [Int: [UInt8]] = [:]
    private var parsed: [Int: Value] = [:]
    private var fonts: [Int: Font] = [:]

    /// `objectStreams`: where each object stream's decoded data stands in `syntax`, and its dictionary.
    init(syntax: [UInt8], objectStreams: [(start: Int, end: Int, dictionary: [String: Value])]) {
        self.syntax = syntax
        var found: [(Int, Range<Int>)] = []
        // `12 0 obj`: an object in the file, to the next one.
        var headers: [(number: Int, start: Int)] = []
        var i = 0
        let n = syntax.count
        while i + 3 <= n {
            if syntax[i] == 0x6F, syntax[i + 1] == 0x62, syntax[i + 2] == 0x6A, i > 0, Lexer.isSpace(syntax[i - 1]),
               i + 3 == n || !Lexer.isRegular(syntax[i + 3]), let number = Self.objectNumber(syntax, before: i) {
                headers.append((number, i + 3))
            }
            i += 1
        }
        for (k, header) in headers.enumerated() {
            found.append((header.number, header.start..<(k + 1 < headers.count ? headers[k + 1].start : n)))
        }
        // An object stream: `N` pairs of object number and offset from `First`.
        for stream in objectStreams {
            // Numbers a hostile file writes out of range (`/First 1e300`) are no offsets: they would trap as an Int.
            guard let count = stream.dictionary["N"]?.number, let first = stream.dictionary["First"]?.number, count >= 0, first >= 0, first < 1e12 else { continue }
            var lexer = Lexer(syntax, from: stream.start, to: stream.end)
            var pairs: [(Int, Int)] = []
            while pairs.count < Int(min(count, 1e7)), case .number(let number)? = lexer.next(), case .number(let offset)? = lexer.next() {
                guard number >= 0, number < 1e9, offset >= 0, offset < 1e12 else { break }
                pairs.append((Int(number), stream.start + Int(first) + Int(offset)))
            }
            pairs.sort { $0.1 < $1.1 }
            for (k, pair) in pairs.enumerated() where pair.1 < stream.end {
                found.append((pair.0, pair.1..<(k + 1 < pairs.count ? min(pairs[k + 1].1, stream.end) : stream.end)))
            }
        }
        // A later definition (an incremental update) stands.
        for (number, range) in found.sorted(by: { $0.1.lowerBound < $1.1.lowerBound }) where !range.isEmpty { ranges[number] = range }
    }

    /// The object number of a header `12 0 obj` whose `obj` starts at `i`.
    static func objectNumber(_ bytes: [UInt8], before i: Int) -> Int? {
        var j = i - 1
        func digits() -> Int? {
            var value = 0, place = 1, count = 0
            while j >= 0, (0x30...0x39).contains(bytes[j]), count < 10 { value += Int(bytes[j] - 0x30) * place; place *= 10; count += 1; j -= 1 }
            return count > 0 ? value : nil
        }
        func spaces() -> Bool { let start = j; while j >= 0, Lexer.isSpace(bytes[j]) { j -= 1 }; return j < start }
        guard spaces(), digits() != nil, spaces(), let number = digits(), j < 0 || !Lexer.isRegular(bytes[j]) else { return nil }
        return number
    }

    /// Object `number`, parsed once.
    mutating func object(_ number: Int) -> Value? {
        if let value = parsed[number] { return value }
        guard let range = ranges[number] else { return nil }
        var lexer = Lexer(syntax, from: range.lowerBound, to: range.upperBound)
        let value = lexer.value() ?? .other
        parsed[number] = value
        return value
    }

    /// `value`, or the object it refers to (one step; a reference to a reference is not followed).
    mutating func resolve(_ value: Value?) -> Value? {
        guard let value else { return nil }
        if let number = value.reference { return object(number) }
        return value
    }

    // MARK: Fonts

    /// How a font's string bytes become text.
    struct Font {
        var map: CMap?
        /// The font's encoding when it is Unicode or GBK itself (a predefined CMap by name).
        var encoding: String.Encoding?
        var composite = false
    }

    mutating func font(_ value: Value) -> Font {
        if let number = value.reference, let known = fonts[number] { return known }
        var font = Font()
        if let dictionary = resolve(value)?.dictionary {
            font.composite = dictionary["Subtype"]?.name == "Type0"
            if let map = dictionary["ToUnicode"]?.reference.flatMap({ maps[$0] }) {
                font.map = CMap(map, composite: font.composite)
            }
            if let name = dictionary["Encoding"]?.name, font.composite {
                if name.contains("UCS2") || name.contains("UTF16") { font.encoding = .utf16BigEndian }
                else if name.contains("UTF8") { font.encoding = .utf8 }
                else if name.hasPrefix("GB") { font.encoding = .gb18030 }
            }
        }
        if let number = value.reference { fonts[number] = font }
        return font
    }

    /// A page's resources, its own or inherited from the page tree (`/Parent`).
    mutating func resources(of page: [String: Value]) -> Value? {
        var resources = page["Resources"], parent = page["Parent"], steps = 0
        while resources == nil, let up = parent, steps < 32, let node = resolve(up)?.dictionary {
            resources = node["Resources"]
            parent = node["Parent"]
            steps += 1
        }
        return resources
    }

    /// A resource dictionary's fonts by name.
    mutating func fonts(in resources: Value?) -> [String: Font] {
        guard let fonts = resolve(resolve(resources)?.dictionary?["Font"])?.dictionary else { return [:] }
        var out: [String: Font] = [:]
        for (name, value) in fonts { out[name] = font(value) }
        return out
    }

    // MARK: Reading the pages

    /// The lines of text of every page, and of every other content stream (a form, an annotation's appearance, a Type 3
    /// glyph); nil when they are more than `limit` bytes.
    mutating func lines(limit: Int) -> [String]? {
        var out: [String] = []
        var read = Set<Int>()
        var total = 0
        func take(_ lines: [String]) -> Bool {
            for line in lines { total += line.utf8.count; out.append(line) }
            return total <= limit
        }
        // Pages, in the order the file holds them: their contents, with the resources they name or inherit.
        let objects = ranges.sorted { $0.value.lowerBound < $1.value.lowerBound }
        var pages: [[String: Value]] = []
        let needle = Array("/Page".utf8)
        for (number, range) in objects {
            guard PDFReading.find(needle, in: syntax, from: range.lowerBound, to: range.upperBound) != nil,
                  let page = object(number)?.dictionary, page["Type"]?.name == "Page" else { continue }
            pages.append(page)
            var contents: [Int] = []
            if let single = page["Contents"]?.reference {
                if let list = object(single)?.array { contents = list.compactMap(\.reference) } else { contents = [single] }
            } else if let list = page["Contents"]?.array { contents = list.compactMap(\.reference) }
            contents = contents.filter { self.contents[$0] != nil && !read.contains($0) }
            guard !contents.isEmpty else { continue }
            read.formUnion(contents)
            let fonts = fonts(in: resources(of: page))
            var reader = ContentReader(fonts: fonts)
            for stream in contents { reader.read(self.contents[stream]!.data) }
            guard take(reader.finish()) else { return nil }
        }
        // Other content streams: with their own resources; else a font name that names one font on every page.
        var common: [String: Font]?
        for number in contents.keys.sorted() where !read.contains(number) {
            let stream = contents[number]!
            guard PDFReading.find(Array("Tf".utf8), in: stream.data, from: 0) != nil else { continue }
            var fonts: [String: Font]
            if let own = stream.dictionary["Resources"] {
                fonts = self.fonts(in: own)
            } else if let common {
                fonts = common
            } else {
                var byName: [String: Value] = [:], ambiguous = Set<String>()
                for page in pages {
                    for (name, value) in resolve(resolve(resources(of: page))?.dictionary?["Font"])?.dictionary ?? [:] {
                        if let seen = byName[name] {
                            if seen.reference == nil || seen.reference != value.reference { ambiguous.insert(name) }
                        } else {
                            byName[name] = value
                        }
                    }
                }
                fonts = [:]
                for (name, value) in byName where !ambiguous.contains(name) { fonts[name] = font(value) }
                common = fonts
            }
            var reader = ContentReader(fonts: fonts)
            reader.read(stream.data)
            guard take(reader.finish()) else { return nil }
        }
        return out
    }

    // MARK: Content streams

    /// Reads a page's content streams: what `Tj`, `TJ`, `'` and `"` show, through the font `Tf` selected, in lines.
    struct ContentReader {
        let fonts: [String: Font]
        var font: Font?
        var line: [Unicode.Scalar] = []
        var lines: [String] = []
        /// The text line's position: where the matrix was set (`Tm`) and moved (`Td`, `TD`), and where the line started.
        var y = 0.0, lineY: Double?
        /// Marked content depth, and the depth of a `/ActualText` whose text stands for what is shown inside it.
        var depth = 0, replacedAt: Int?

        init(fonts: [String: Font]) { self.fonts = fonts }

        static let maxLine = 2_000, overlap = 16

        mutating func endLine() {
            if !line.isEmpty { lines.append(String(String.UnicodeScalarView(line))) }
            line.removeAll(keepingCapacity: true)
            lineY = nil
        }

        mutating func append<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
            for scalar in scalars {
                // A CJK radical (⼯, U+2F2F) stands for the character it looks like (工): fonts map shared glyphs so.
                if (0x2E80...0x2FDF).contains(scalar.value),
                   let plain = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.first, plain.value >= 0x3400 {
                    line.append(plain)
                } else if scalar.value >= 0x20 || scalar == "\t" {
                    line.append(scalar)
                }
            }
            // A line too long to read as one: read in parts that overlap, so that a mark across a cut is whole in one.
            if line.count > Self.maxLine {
                let tail = line.suffix(Self.overlap)
                lines.append(String(String.UnicodeScalarView(line)))
                line = Array(tail)
            }
        }

        mutating func show(_ bytes: [UInt8]) {
            guard replacedAt == nil else { return }
            if let at = lineY, abs(at - y) > 0.01 { endLine() }
            lineY = y
            guard let font else { return }
            if let map = font.map {
                append(map.decode(bytes).unicodeScalars)
            } else if let encoding = font.encoding {
                if let text = String(data: Data(bytes), encoding: encoding) { append(text.unicodeScalars) }
            } else if !font.composite {
                // A simple font without a map: its printable ASCII bytes are the letters of the standard encodings.
                append(bytes.filter { (0x20..<0x7F).contains($0) }.map { Unicode.Scalar($0) })
            }
        }

        mutating func read(_ data: [UInt8]) {
            var lexer = Lexer(data, references: false)
            var operands: [Value] = []
            while let token = lexer.next() {
                if case .keyword(let op) = token, !["true", "false", "null"].contains(op) {
                    perform(op, operands, &lexer)
                    operands.removeAll(keepingCapacity: true)
                    continue
                }
                if let value = lexer.value(token, depth: 0) {
                    if operands.count >= 16 { operands.removeFirst() }
                    operands.append(value)
                }
            }
        }

        mutating func perform(_ op: String, _ operands: [Value], _ lexer: inout Lexer) {
            switch op {
            case "Tf":
                if operands.count >= 2, let name = operands[operands.count - 2].name { font = fonts[name] }
            case "Tj": if let s = operands.last?.string { show(s) }
            case "'": endLine(); if let s = operands.last?.string { show(s) }
            case "\"": endLine(); if let s = operands.last?.string { show(s) }
            case "TJ":
                for item in operands.last?.array ?? [] { if let s = item.string { show(s) } }
            case "Td", "TD":
                if operands.count >= 2, let ty = operands[operands.count - 1].number { y += ty }
            case "Tm":
                if operands.count >= 6, let f = operands[operands.count - 1].number { y = f }
            case "T*": endLine(); y -= 1
            case "BMC": depth += 1
            case "BDC":
                depth += 1
                if replacedAt == nil, let text = operands.last?.dictionary?["ActualText"]?.string, let actual = PDFReading.decode(text) {
                    if let at = lineY, abs(at - y) > 0.01 { endLine() }
                    lineY = y
                    append(actual.unicodeScalars)
                    replacedAt = depth
                }
            case "EMC":
                if replacedAt == depth { replacedAt = nil }
                depth = max(0, depth - 1)
            case "ID":
                // An inline image's data, to `EI` between white space.
                var i = lexer.i + 1
                while i + 2 < lexer.end, !(lexer.bytes[i] == 0x45 && lexer.bytes[i + 1] == 0x49 && Lexer.isSpace(lexer.bytes[i - 1])
                                           && (i + 2 == lexer.end || !Lexer.isRegular(lexer.bytes[i + 2]))) { i += 1 }
                lexer.i = min(i + 2, lexer.end)
            default: break
            }
        }

        mutating func finish() -> [String] {
            endLine()
            return lines
        }
    }
}

/// A ToUnicode CMap: character codes (of the lengths its code space ranges give) to UTF-16 text.
struct CMap {
    var spaces: [(length: Int, low: [UInt8], high: [UInt8])] = []
    var singles: [UInt64: [UInt16]] = [:]
    var ranges: [(low: UInt64, high: UInt64, first: [UInt16]?, list: [[UInt16]])] = []
    let composite: Bool
    /// A code with its length: `<41>` and `<0041>` are two codes.
    static func key(_ code: some Collection<UInt8>) -> UInt64 { UInt64(code.count) << 32 | code.reduce(0) { $0 << 8 | UInt64($1) } }

    init(_ data: [UInt8], composite: Bool) {
        self.composite = composite
        var lexer = PDFText.Lexer(data, references: false)
        func units(_ value: PDFText.Value?) -> [UInt16]? {
            guard let bytes = value?.string, !bytes.isEmpty else { return nil }
            // A destination is a character or a few (a ligature): at most 32 units, so that a map cannot multiply text.
            return stride(from: 0, to: min(bytes.count, 64) - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        }
        var section = ""
        var pending: [PDFText.Value] = []
        while let token = lexer.next() {
            if case .keyword(let word) = token {
                switch word {
                case "begincodespacerange", "beginbfchar", "beginbfrange": section = word
                case "endcodespacerange", "endbfchar", "endbfrange": section = ""
                default: break
                }
                pending.removeAll()
                continue
            }
            guard !section.isEmpty, let value = lexer.value(token, depth: 0) else { continue }
            pending.append(value)
            switch section {
            case "begincodespacerange" where pending.count == 2:
                if let low = pending[0].string, let high = pending[1].string, low.count == high.count, (1...4).contains(low.count), spaces.count < 64 {
                    spaces.append((low.count, low, high))
                }
                pending.removeAll()
            case "beginbfchar" where pending.count == 2:
                if let code = pending[0].string, (1...4).contains(code.count), let text = units(pending[1]) { singles[Self.key(code)] = text }
                pending.removeAll()
            case "beginbfrange" where pending.count == 3:
                if let low = pending[0].string, let high = pending[1].string, low.count == high.count, (1...4).contains(low.count) {
                    let (a, b) = (Self.key(low), Self.key(high))
                    if a <= b {
                        if let first = units(pending[2]) { ranges.append((a, b, first, [])) }
                        else if let list = pending[2].array { ranges.append((a, b, nil, list.map { units($0) ?? [] })) }
                    }
                }
                pending.removeAll()
            default: break
            }
        }
        ranges.sort { $0.low < $1.low }
    }

    /// The text of a shown string: a code is as long as the code space range its first bytes fall in; a code the map
    /// does not name gives no text.
    func decode(_ bytes: [UInt8]) -> String {
        var out: [UInt16] = []
        var i = 0
        let fallback = spaces.map(\.length).min() ?? (composite ? 2 : 1)
        while i < bytes.count {
            var length = 0
            for n in 1...4 where i + n <= bytes.count {
                if spaces.contains(where: { space in
                    space.length == n && (0..<n).allSatisfy { space.low[$0] <= bytes[i + $0] && bytes[i + $0] <= space.high[$0] }
                }) { length = n; break }
            }
            if length == 0 { length = min(fallback, bytes.count - i) }
            let code = Self.key(bytes[i..<i + length])
            i += length
            if let text = singles[code] { out += text; continue }
            // The last range starting at or before the code.
            var lo = 0, hi = ranges.count
            while lo < hi { let mid = (lo + hi) / 2; if ranges[mid].low <= code { lo = mid + 1 } else { hi = mid } }
            guard lo > 0, code <= ranges[lo - 1].high else { continue }
            let range = ranges[lo - 1]
            let offset = Int(code - range.low)
            if var first = range.first, !first.isEmpty {
                first[first.count - 1] = first[first.count - 1] &+ UInt16(truncatingIfNeeded: offset)
                out += first
            } else if offset < range.list.count {
                out += range.list[offset]
            }
        }
        return String(decoding: out, as: UTF16.self)
    }
}
