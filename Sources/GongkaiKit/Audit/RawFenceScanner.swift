import Foundation
import GongkaiCore
import GongkaiDisclosed

/// The leak audit's own reading of passage fences, straight from the file bytes, so that a bug in
/// the loader's fence grammar (`Fence`) cannot also blind the audit (a CRLF file once published
/// every `::: 涉密` passage and the audit, fed by the same parser, saw nothing).
///
/// Deliberately looser than the grammar — a superset of every spelling: any line ending (LF, CRLF,
/// CR), a run of three or more colons (ASCII or full-width, spaces between tolerated) anywhere in a
/// line, or two colons followed by a level word, opens a region when a word follows and closes one
/// when nothing does. A region is withheld unless every open fence admits the audience (the public
/// level, or for the people's congress a limited fence whose scope names it).
enum RawFenceScanner {
    struct Region: Sendable {
        var text: String
        var line: Int
    }

    /// The withheld regions of one file and its text outside them. Works on the bytes (a line end is
    /// LF, CR or CRLF) and decodes only the lines that could be fences: this runs over every content
    /// file on every build.
    static func scan(_ data: Data, audience: Audience) -> (withheld: [Region], outside: String) {
        let bytes = [UInt8](data)
        var withheld: [Region] = []
        var outside: [UInt8] = []
        outside.reserveCapacity(bytes.count)
        var current: [UInt8] = []
        var stack: [Bool] = [] // true: this fence withholds
        var start = 0
        func flushWithheld() {
            if !current.isEmpty { withheld.append(Region(text: String(decoding: current.dropLast(), as: UTF8.self), line: start)) }
            current = []
        }
        var lineStart = 0, lineNumber = 0
        while lineStart <= bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            lineNumber += 1
            let line = bytes[lineStart..<end]
            let isWithheld = stack.contains(true)
            // Colons written as escapes or character references (`&#58;`) are colons on the page.
            var found: Found?
            if Fence.colonCount(line) >= 2 || line.contains(UInt8(ascii: "&")) || line.contains(UInt8(ascii: "\\")) {
                let text = Substring(String(decoding: line, as: UTF8.self))
                found = fence(in: Fence.unescaped(text) ?? text, audience: audience)
            }
            switch found {
            case nil:
                if isWithheld { current += line; current.append(0x0A) } else { outside += line; outside.append(0x0A) }
            // Fence lines themselves are neither withheld text nor public text: their words (`public`,
            // `在一定范围内公开 上级工会`) are the fence's, and fingerprinting them failed legitimate builds.
            case .close?:
                _ = stack.popLast()
                if !stack.contains(true) { flushWithheld() }
            case .open(let withholds, let note)?:
                if !isWithheld && withholds { start = lineNumber }
                stack.append(withholds)
                // Words after a level other than limited (`::: 涉密 青锋七号说明`) are the clerk's, withheld with the passage.
                if stack.contains(true), !note.isEmpty { current += Array(note.utf8); current.append(0x0A) }
            }
            guard end < bytes.count else { break }
            lineStart = bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
        }
        flushWithheld() // an unclosed fence withholds to the end of the file
        return (withheld, String(decoding: outside, as: UTF8.self))
    }

    enum Found { case open(withholds: Bool, note: String), close }

    static func fence(in line: Substring, audience: Audience) -> Found? {
        // Fast path: a fence needs two colons; most lines (YAML `key: value`) have at most one.
        guard Fence.colonCount(line.utf8) >= 2 else { return nil }
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            guard isColon(chars[i]) else { i += 1; continue }
            var colons = 0
            var j = i
            while j < chars.count, isColon(chars[j]) || (colons > 0 && isSpace(chars[j])) {
                if isColon(chars[j]) { colons += 1 }
                j += 1
            }
            // A lone colon (every `key: value` of a YAML flow mapping) is no fence: the word after it
            // is looked at only for a run of two or more.
            guard colons >= 2 else { i = j; continue }
            let rest = String(chars[j...]).split(whereSeparator: isSpace)
            let word = rest.first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "：:。.，,;；")) }
            let level = word.flatMap(DisclosureLevel.init(parsing:))
            if colons >= 3 || (colons == 2 && level != nil) {
                guard let word, !word.isEmpty else { return .close }
                // pandoc's fenced div (`::: {custom-style="Body Text"}`): public unless its block holds a level's character or
                // an English level word; read here on its own, not through the loader's reading of attribute blocks.
                if colons >= 3, let block = divBlock(chars[j...]), !mayNameLevel(block) { return .open(withholds: false, note: "") }
                let scope = rest.dropFirst().map(String.init)
                // An unknown word may itself be the clerk's text (`::: 青锋七号`); a limited fence's words name its scope.
                let note = level == .limited ? "" : ((level == nil ? [word] : []) + scope).joined(separator: " ")
                return .open(withholds: !audience.admits(Disclosure(level: level ?? .classified, scope: scope)), note: note)
            }
            i = j
        }
        return nil
    }

    /// The text of a line's rest that is one attribute block and nothing else (`{custom-style="Body Text"}`, trailing colons
    /// allowed), without its braces; or nil.
    private static func divBlock(_ rest: ArraySlice<Character>) -> String? {
        var text = rest.drop { isSpace($0) }
        while let last = text.last, isSpace(last) || isColon(last) { text.removeLast() }
        guard text.count >= 2, text.first == "{", text.last == "}" else { return nil }
        let inner = text.dropFirst().dropLast()
        guard !inner.contains(where: { $0 == "{" || $0 == "}" }) else { return nil }
        return String(inner)
    }

    /// Whether an attribute block may name a level: any character of a Chinese level's or ground's words, or an English one.
    private static func mayNameLevel(_ block: String) -> Bool {
        let lower = block.lowercased()
        return block.contains(where: { "密秘内部公开保依申请范围限機祕內開".holdsMark($0) })
            || ["classif", "confiden", "secret", "internal", "restrict", "limited", "request", "private"].contains(where: lower.contains)
    }

    // By the first code point: a zero-width joiner or a variation selector after a colon is one character
    // with it. A format character (a soft hyphen, a bidi mark) shows nothing: a space.
    private static func isColon(_ c: Character) -> Bool { ":：︰︓∶﹕꞉ː".unicodeScalars.contains(c.unicodeScalars.first!) }

    private static func isSpace(_ c: Character) -> Bool {
        let first = c.unicodeScalars.first!
        return first.properties.isWhitespace || first.properties.generalCategory == .format
    }
}
