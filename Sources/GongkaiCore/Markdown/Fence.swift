/// The passage-fence grammar (docs/disclosure.md), in one place for the loader, the plain-text check
/// and tests. The leak audit deliberately keeps its own, looser recogniser (`RawFenceScanner`).
///
/// A fence line is, after any mix of ASCII, full-width, no-break and zero-width spaces:
///
///     :::  level-word  [scope words…]      opens a passage     (`::: 涉密`, `：：：limited 人大`)
///     :::                                  closes the innermost open passage
///
/// with three or more colons, ASCII `:` or full-width `：` in any mix, and the level word in any
/// case. A fence behind a list or quote marker (`- ::: 涉密`, `> ::: 涉密`), with only two colons,
/// or in the middle of a line still applies (fail closed) but is an error: its meaning would depend
/// on a Markdown reading the clerk cannot see.
public struct Fence: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `level` is nil for an unknown word: the passage is then withheld as classified.
        case open(level: DisclosureLevel?, word: String, scope: [String])
        case close
    }

    public var kind: Kind
    /// Why this spelling is an error (the fence applies all the same); nil for an accepted spelling.
    public var problem: String?
    /// 1-based column of the first colon, in characters.
    public var column: Int

    /// A space or a colon is read by its first code point: a zero-width joiner, a variation selector or an
    /// accent written after it is one character with it (`:` + U+200D), invisible on the page. A format
    /// character (a soft hyphen, a bidi mark) shows nothing either and counts as a space. A fence spelled
    /// with either (`isJoined`) applies and is an error.
    static func isSpace(_ c: Character) -> Bool {
        let first = c.unicodeScalars.first!
        switch first.value {
        case 0x20, 0x09, 0x3000, 0xA0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        case 0..<0x80, 0x3400...0x9FFF: return false  // nearly every character asked: answered without the property tables
        default: return first.properties.generalCategory == .format  // a soft hyphen, a bidi mark: they show nothing
        }
    }

    static func isColon(_ c: Character) -> Bool {
        switch c.unicodeScalars.first!.value {
        case 0x3A, 0xFF1A, 0xFE30, 0xFE13, 0x2236, 0xFE55, 0xA789, 0x2D0: true
        default: false
        }
    }

    static func isJoined(_ c: Character) -> Bool {
        if c.unicodeScalars.count > 1 { return true }
        switch c.unicodeScalars.first!.value {
        case 0x20, 0x09, 0x3000, 0xA0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0..<0x80: return false
        default: return !isColon(c)  // a format character other than the spaces above
        }
    }

    /// Colon-like characters in UTF-8 bytes, counted without decoding (the hot path: every line of
    /// every file, and every YAML text, is asked): `:`, the two-byte `ː` and the three-byte `：︰︓﹕∶꞉`.
    @inlinable // specialised where it is called: generic, it ran through witness tables on every byte
    public static func colonCount(_ bytes: some Sequence<UInt8>) -> Int {
        var count = 0
        var window: (UInt8, UInt8) = (0, 0)
        for b in bytes {
            if b == 0x3A { count += 1 }
            switch (window.0, window.1, b) {
            case (0xEF, 0xBC, 0x9A), (0xEF, 0xB8, 0xB0), (0xEF, 0xB8, 0x93), (0xEF, 0xB9, 0x95), (0xE2, 0x88, 0xB6), (0xEA, 0x9E, 0x89): count += 1
            case (_, 0xCB, 0x90): count += 1  // ː, two bytes
            default: break
            }
            window = (window.1, b)
        }
        return count
    }

    /// The fence a line spells, or nil for an ordinary line.
    public static func recognise(_ line: Substring) -> Fence? {
        guard colonCount(line.utf8) >= 2 else { return nil }
        var rest = line[...]
        var column = 1
        var container = false
        var joined = false
        func skipSpaces() {
            while let c = rest.first, isSpace(c) { joined = joined || isJoined(c); rest.removeFirst(); column += 1 }
        }
        skipSpaces()
        // List and quote markers: `>`, `＞`, `-`, `*`, `+`, `•`, `1.`, `1)`, `1、`.
        while let c = rest.first {
            if c == ">" || c == "＞" {
                rest.removeFirst(); column += 1
            } else if "-*+•".holdsMark(c), rest.dropFirst().first.map(isSpace) ?? false {
                rest.removeFirst(); column += 1
            } else if c.isASCII, c.isNumber {
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
                let after = rest.dropFirst(digits.count)
                guard let mark = after.first, ".)、）".holdsMark(mark),
                      after.dropFirst().first.map({ isSpace($0) || isColon($0) }) ?? false else { break }
                rest = after.dropFirst(); column += digits.count + 1
            } else {
                break
            }
            container = true
            skipSpaces()
        }
        // The colon run (spaces between colons tolerated).
        var colons = 0
        let start = column
        while let c = rest.first, isColon(c) || (colons > 0 && isSpace(c)) {
            if isColon(c) { colons += 1 }
            joined = joined || isJoined(c)
            rest.removeFirst(); column += 1
        }
        guard colons >= 2 else { return nil }
        let words = rest.split(whereSeparator: isSpace).map { String($0) }
        let kind: Kind
        if colons >= 3, let block = divAttributes(rest) {
            // pandoc's fenced div (`::: {custom-style="Body Text"}`, as `pandoc -f docx+styles` writes a Word paragraph
            // style): a public passage, closed by `:::` as any other; one whose style or class names a level
            // (`{custom-style="涉密"}`, `{.confidential}`) is an unknown level word, withheld and an error.
            kind = .open(level: attributesNameLevel(block) ? nil : .public, word: "{\(block)}", scope: [])
        } else if words.isEmpty {
            kind = .close
        } else {
            let word = String(words[0].reversed().drop(while: { "：:。.，,;；".holdsMark($0) }).reversed())
            let level = DisclosureLevel(parsing: word)
            // Two colons are a fence only when a level word or nothing follows (`:: 涉密`).
            if colons == 2, level == nil { return nil }
            kind = .open(level: level, word: word, scope: Array(words.dropFirst()))
        }
        var problem: String?
        if container {
            problem = "段落标记不能写在列表或引用中：请把“::: 级别”和结束行“:::”单独成行、顶格书写"
        } else if colons == 2 {
            problem = "段落标记应为三个冒号“:::”，这里只有两个"
        } else if joined {
            problem = "段落标记的冒号或空格上连着看不见的字符（如零宽连接符 U+200D、变体选择符）或附加符号：网页上看似“:::”；请删去这一行，重新输入“::: 级别”或结束行“:::”"
        }
        return Fence(kind: kind, problem: problem, column: start)
    }

    /// The attributes of a pandoc fenced div's opening line, after its colons: the line's words are one attribute block
    /// (`{custom-style="Body Text"}`, `{.note #id}`), optionally followed by colons, and nothing else. Nil otherwise.
    public static func divAttributes(_ rest: Substring) -> Substring? {
        var text = rest.drop(while: isSpace)
        while let last = text.last, isSpace(last) || isColon(last) { text.removeLast() }
        guard text.first == "{", text.last == "}", text.count >= 2 else { return nil }
        let inner = text.dropFirst().dropLast()
        guard !inner.contains(where: { $0 == "{" || $0 == "}" || $0 == "\n" }) else { return nil }
        return inner
    }

    /// An unknown level word as a diagnostic may quote it: its first character, then up to the first
    /// punctuation, space or control character, at most six characters. What follows may be a withheld
    /// title written on the fence line (`::: 涉密：某某清单`), and diagnostics go to logs.
    public static func quotable(_ word: String) -> String {
        var quoted = ""
        for (i, c) in word.enumerated() {
            let ordinary = c.isLetter || c.isNumber || c == "-" || c == "_"
            if i >= 6 || (i > 0 && !ordinary) || c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                return quoted + "…"
            }
            quoted.append(c)
        }
        return quoted
    }

    /// Whether a line opens like a fence written with other marks: a run of three or more of the same
    /// punctuation (`；；；`, `···`, `＿＿＿`) and then a level word. Cheap for ordinary lines: most start with
    /// a letter or a digit.
    public static func looksLikeFence(_ line: Substring) -> Bool {
        let rest = line.drop { isSpace($0) || $0.isWhitespace }
        guard let mark = rest.first, !mark.isLetter, !mark.isNumber, !isColon(mark) else { return false }
        // A heading of up to six `#` (`### 主动公开`, a guide's section, as pandoc writes a Word heading whose number was
        // Word's own) is one on the page, not a fence: one that only names a level is a level note (GK123) of its own.
        if mark == "#" {
            let hashes = rest.prefix { $0 == "#" }.count
            if hashes <= 6, let after = rest.dropFirst(hashes).first, after == " " || after == "\t" { return false }
        }
        var count = 0
        let after = rest.drop { c in
            if c == mark { count += 1; return true }
            return isSpace(c) || c.isWhitespace
        }
        guard count >= 3, let word = after.split(whereSeparator: { isSpace($0) || $0.isWhitespace }).first else { return false }
        return DisclosureLevel(parsing: String(word.reversed().drop(while: { "：:。.，,;；".holdsMark($0) }).reversed())) != nil
    }

    /// Whether a line carries a fence-like colon run anywhere (`正文 ::: 涉密`): three or more colons.
    public static func hasColonRun(_ line: Substring) -> Bool {
        guard colonCount(line.utf8) >= 3 else { return false }
        var run = 0
        for c in line {
            if isColon(c) { run += 1; if run >= 3 { return true } } else if !(run > 0 && isSpace(c)) { run = 0 }
        }
        return false
    }

    /// The line as the page shows it, where Markdown would turn its text into colons or spaces: a
    /// backslash escape (`\\:`) and character references (`&#58;`, `&#x3A;`, `&colon;`, `&#12288;` …),
    /// which cmark decodes. Nil when the line holds none (nearly every line: no `&` and no `\\`). A
    /// fence spelled so is still a fence — the page would show `::: 涉密` above a published passage.
    public static func unescaped(_ line: Substring) -> Substring? {
        guard line.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\\") }) else { return nil }
        let named: [Substring: Character] = ["colon": ":", "nbsp": "\u{00A0}", "ensp": " ", "emsp": " ", "thinsp": " ", "Tab": "\t"]
        var result = ""
        var rest = line[...]
        var changed = false
        while let c = rest.first {
            if c == "\\", rest.dropFirst().first == ":" {
                result.append(":"); rest = rest.dropFirst(2); changed = true
                continue
            }
            if c == "&", let semicolon = rest.prefix(12).firstIndex(of: ";") {
                let name = rest[rest.index(after: rest.startIndex)..<semicolon]
                var decoded: Character?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(Character.init)
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map(Character.init)
                } else {
                    decoded = named[name]
                }
                if let decoded, !name.dropFirst().isEmpty {
                    result.append(decoded); rest = rest[rest.index(after: semicolon)...]; changed = true
                    continue
                }
            }
            result.append(c); rest = rest.dropFirst()
        }
        return changed ? Substring(result) : nil
    }

    /// Whether a plain-text field (a YAML text, not Markdown) contains anything that looks like a fence.
    /// Plain texts cannot hold passages, so the caller reports an error and withholds the field.
    public static func appearsIn(_ text: String) -> Bool {
        guard colonCount(text.utf8) >= 2 else { return false }
        return text.lines().contains { recognise($0) != nil || hasColonRun($0) }
    }
}
