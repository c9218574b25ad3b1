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

    /// The withheld regions of one file and its text outside them.
    static func scan(_ data: Data, audience: Audience) -> (withheld: [Region], outside: String) {
        let text = String(decoding: data, as: UTF8.self)
        var withheld: [Region] = []
        var outside: [Substring] = []
        var stack: [Bool] = [] // true: this fence withholds
        var current: [Substring] = []
        var start = 0
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        func flushWithheld() {
            if !current.isEmpty { withheld.append(Region(text: current.joined(separator: "\n"), line: start)) }
            current = []
        }
        for (index, line) in lines.enumerated() {
            let isWithheld = stack.contains(true)
            guard let fence = fence(in: line, audience: audience) else {
                if isWithheld { current.append(line) } else { outside.append(line) }
                continue
            }
            switch fence {
            case .close:
                if isWithheld { current.append(line) }
                _ = stack.popLast()
                if !stack.contains(true) { flushWithheld() }
            case .open(let withholds):
                if !isWithheld && withholds { start = index + 1 }
                stack.append(withholds)
                if stack.contains(true) { current.append(line) } else { outside.append(line) }
            }
        }
        flushWithheld() // an unclosed fence withholds to the end of the file
        return (withheld, outside.joined(separator: "\n"))
    }

    enum Found { case open(withholds: Bool), close }

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
            let rest = String(chars[j...]).split(whereSeparator: isSpace)
            let word = rest.first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "：:。.，,;；")) }
            let level = word.flatMap(DisclosureLevel.init(parsing:))
            if colons >= 3 || (colons == 2 && level != nil) {
                guard let word, !word.isEmpty else { return .close }
                let scope = rest.dropFirst().map(String.init)
                return .open(withholds: !audience.admits(Disclosure(level: level ?? .classified, scope: scope)))
            }
            i = j
        }
        return nil
    }

    private static func isColon(_ c: Character) -> Bool { ":：︰∶﹕꞉".contains(c) }


    private static func isSpace(_ c: Character) -> Bool { c.isWhitespace || "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}".contains(c) }
}
