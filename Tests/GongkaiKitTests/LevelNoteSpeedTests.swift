import Foundation
import Testing
@testable import GongkaiCore

/// The level notes' readings made cheaper for loading (issue 12) must read every line as before: `holdsWord` answers as
/// `contains` does, and `levelNote`'s memo answers as a fresh reading does, for each line's own bytes.
@Suite("Level notes read cheaply, with the same answers")
struct LevelNoteSpeedTests {
    /// Texts a clerk's files hold, and texts where reading bytes and reading characters part: a combining mark after the
    /// word, CR LF, a compatibility ideograph (U+F9D7 is canonically 輪), a variation selector, full-width forms.
    static let texts = [
        "以下内容涉密，不予公开", "上述内容中涉及个人隐私的部分不予公开", "本项目部分经费按规定不予公开", "资助育人长效机制",
        "以下为依申请公开办理情况", "内部资料勿外传", "涉密\u{301}", "不涉密\u{301}内容", "以下内容涉密\r\n", "涉\r\n密",
        "车\u{F9D7}涉密", "车輪涉密", "涉密\u{FE0F}", "ＡＢＣ涉密", "abc", "", "的，", "的,部分", "e\u{301}的部分", "的部分\u{302A}", "以下内容　涉密：青峰", "注：以下内容涉密\r\n",
    ]
    static let words = ["涉密", "不涉密", "的，", "的,", "的部分", "輪", "\u{F9D7}", "密", "内部资料", "e", "\u{301}", "ＡＢＣ", "\r\n", "涉", ""]

    @Test func holdsWordAnswersAsContainsDoes() {
        for text in Self.texts {
            for word in Self.words {
                #expect(text.holdsWord(word) == text.contains(word), "\(text.debugDescription) holds \(word.debugDescription)")
                let slice = text.dropFirst()
                #expect(slice.holdsWord(word) == slice.contains(word), "\(slice.debugDescription) holds \(word.debugDescription)")
            }
        }
    }

    /// Two lines that Swift's `==` takes as one (canonically equivalent) but whose bytes differ are remembered apart: the
    /// readings look at bytes, and a line must never get the answer another line earned.
    @Test func theMemoIsKeyedByBytes() {
        LevelNoteMemo.empty()
        let composed = "以下内容涉密\u{E9}", decomposed = "以下内容涉密e\u{301}"
        #expect(composed == decomposed)
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "composed" } == "composed")
        #expect(LevelNoteMemo.answer(Substring(decomposed)) { _ in "decomposed" } == "decomposed")
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "read again" } == "composed")
        // A line read as no note is remembered as none, not read again.
        #expect(LevelNoteMemo.answer("资助育人长效机制") { _ in nil } == nil)
        #expect(LevelNoteMemo.answer("资助育人长效机制") { _ in "read again" } == nil)
        LevelNoteMemo.empty()
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "read again" } == "read again")
        LevelNoteMemo.empty()
    }

    /// A note asked again, or after the memo is emptied, gets the same answer.
    @Test func aRememberedNoteIsTheSameNote() {
        let notes = ["以下内容涉密", "【内部】", "<!-- 涉密 -->", "本项目涉密。", "青峰七号工程涉密，请勿公开", "以\u{200B}下内容涉密"]
        let plain = ["资助育人长效机制", "2个月内发放到位", "本项目部分经费按规定不予公开", "以下为依申请公开办理情况"]
        for _ in 0..<2 {
            for line in notes { #expect(levelNote(Substring(line)) != nil, "\(line)") }
            for line in plain { #expect(levelNote(Substring(line)) == nil, "\(line)") }
            LevelNoteMemo.empty()
        }
    }
}

/// `trimming` with `inWhitespaces` or `inNewlines` trims what Foundation's `trimmingCharacters(in:)` trims with
/// `.whitespaces` or `.newlines` (which bridges through NSString on Linux): asked of every scalar, at both ends.
@Suite("Trimming answers as Foundation's does")
struct TrimmingTests {
    @Test func everyScalarIsTrimmedAsFoundationTrimsIt() {
        var differing: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)青峰\(scalar)"
            if text.trimming(\.inWhitespaces) != text.trimmingCharacters(in: .whitespaces) { differing.append("whitespace U+\(String(value, radix: 16))") }
            if text.trimming(\.inNewlines) != text.trimmingCharacters(in: .newlines) { differing.append("newline U+\(String(value, radix: 16))") }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
    }

    /// `trimmed` trims Unicode's White_Space, as the property tables give it.
    @Test func whiteSpaceIsTheUnicodeProperty() {
        var differing: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isWhiteSpace != scalar.properties.isWhitespace { differing.append("U+\(String(value, radix: 16))") }
            let text = "\(scalar)青峰\(scalar)"
            if text.trimmed != (scalar.properties.isWhitespace ? "青峰" : text) { differing.append("trimmed U+\(String(value, radix: 16))") }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
    }

    /// Texts clerks write: CR LF, full-width spaces, a zero-width space, nothing to trim (returned as it is), nothing left.
    @Test func clerksTextsAreTrimmedAsBefore() {
        let texts = ["\r\n以下内容涉密\r\n", "　资助育人长效机制　", "\u{200B}青峰七号\u{200B}", "不予公开", "", " \t　", "\n\n", "a\u{301} ", " e\u{301}"]
        for text in texts {
            #expect(text.trimming(\.inWhitespaces) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(text.trimming(\.inNewlines) == text.trimmingCharacters(in: .newlines), "\(text.debugDescription)")
            let slice = Substring(text)
            #expect(slice.trimming(\.inNewlines) == slice.trimmingCharacters(in: .newlines), "\(text.debugDescription)")
        }
    }
}

/// `precedesBytewise` orders as `utf8.lexicographicallyPrecedes` does: by bytes, a prefix first, canonically equivalent
/// texts apart (`String`'s `<` takes them as equal), small and large strings alike.
@Suite("Bytewise order answers as the UTF-8 views' does")
struct BytewiseOrderTests {
    @Test func everyPairIsOrderedAsTheUTF8ViewsOrderIt() {
        let texts = ["", "a", "ab", "abc", "b", "B", "data/projects/2025/d051-2025-010251.json", "data/projects/2025/d051-2025-010251.csv",
                     "projects/2025/d051-2025-010251/index.html", "projects/2025/", "公开", "公开目录", "公", "é", "e\u{301}", "ｅ",
                     "\u{FFFF}", "\u{10000}", "a\u{0}b", "a\u{0}", String(repeating: "青峰", count: 40), String(repeating: "青峰", count: 40) + "a"]
        for a in texts {
            for b in texts {
                #expect(a.precedesBytewise(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) before \(b.debugDescription)")
            }
        }
        #expect(texts.sorted { $0.precedesBytewise($1) } == texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}

/// `holdsMark` answers a mark list's question (`"，,；;".holdsMark(c)`) on scalars. That is `contains`'s answer only when every
/// list holds characters of one scalar each in their own canonical form: a list holding U+037E (Greek question mark, canonically
/// `;`) or a compatibility ideograph (U+F967, canonically 不) would match a character the scalar test does not.
@Suite("Mark lists answer as contains does")
struct MarkListTests {
    /// Every string literal the sources ask `holdsMark` of, read from the sources themselves, so that a list added later is checked too.
    static let lists: [String] = {
        let sources = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("Sources")
        var found = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        let pattern = try! NSRegularExpression(pattern: #""((?:[^"\\\n]|\\.)*)"\.holdsMark\("#)
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try! String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(unescaped(String(text[Range(match.range(at: 1), in: text)!])))
            }
        }
        return found.sorted()
    }()

    /// A Swift literal's text as the program holds it: `\u{3000}`, `\t`, `\"`, `\\`.
    static func unescaped(_ literal: String) -> String {
        var out = "", rest = literal[...]
        while let slash = rest.firstIndex(of: "\\") {
            out += rest[..<slash]
            let after = rest[rest.index(after: slash)...]
            if after.hasPrefix("u{"), let close = after.firstIndex(of: "}") {
                out.unicodeScalars.append(Unicode.Scalar(UInt32(after[after.index(after.startIndex, offsetBy: 2)..<close], radix: 16)!)!)
                rest = after[after.index(after: close)...]
            } else {
                out += ["t": "\t", "n": "\n", "r": "\r", "0": "\0"][after.first!] ?? String(after.first!)
                rest = after.dropFirst()
            }
        }
        return out + rest
    }

    /// `Markdown.scheme(of:)` reads links on bytes; its answers are those of the Character walk it replaced, also where a
    /// combining mark follows the colon, a character joins one before it, or the address is not ASCII.
    @Test func aLinksSchemeIsReadAsCharactersReadIt() {
        func byCharacters(_ url: String) -> Substring? {
            guard let colon = url.firstIndex(of: ":") else { return nil }
            let scheme = url[..<colon]
            guard !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
            return scheme
        }
        let links = ["https://example.gov.cn/gk/", "HTTP://x", "mailto:a@b.cn", "data:image/png;base64,xx", "../../departments/jyj/", "/projects/2025/",
                     "#main", "?q=a:b", ":", ":x", "a:", "git+ssh://h", "a.b-c:d", "http:\u{301}//x", "http\u{301}://x", "\u{600}http://x",
                     "https:\r\n//x", "\r\n:x", "项目:一", "ｈｔｔｐ://x", "http：//x", "a b:c", "x:\u{301}:y", "c:\u{20DD}", "é:x", "e\u{301}:x", ""]
        for link in links { #expect(Markdown.scheme(of: link) == byCharacters(link), "\(link.debugDescription)") }
    }

    @Test func theSourcesAskManyLists() {
        #expect(Self.lists.count >= 40)
        #expect(Self.lists.contains("，,；;"))
        #expect(Self.lists.contains(" \t:：\u{3000}"))
    }

    @Test func everyListHoldsSingleCanonicalScalars() {
        for list in Self.lists {
            for c in list {
                #expect(c.unicodeScalars.count == 1, "\(list.debugDescription): \(c.debugDescription) is more than one scalar")
                #expect(String(c).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(c.unicodeScalars),
                        "\(list.debugDescription): \(c.debugDescription) is not in its canonical form")
            }
        }
    }

    /// Every list against its own characters and against characters where scalars and Characters part: canonical equivalents
    /// of ASCII and of ideographs, a combining mark or a variation selector after a mark, CR LF, a lone CR, a tone mark.
    @Test func holdsMarkAnswersAsContainsDoes() {
        let tricky: [Character] = [
            "\u{037E}", "\u{0387}", "\u{1FEF}", "\u{F967}", "\u{F9D7}", "\u{212B}", "\u{2126}", ",\u{301}", "，\u{301}", "。\u{FE0F}",
            "e\u{301}", "\u{E9}", "\r\n", "\r", "\n", "\u{302A}", "\u{3099}", "の", "가", "😀", "1\u{FE0F}\u{20E3}", "\u{00B7}", "·\u{301}",
            "\u{3000}", " ", "\u{00A0}", "不", "輪", "ａ", "A", "é",
        ]
        for list in Self.lists {
            for c in tricky + Array(list) + Array(Self.lists.joined()) {
                #expect(list.holdsMark(c) == list.contains(c), "\(list.debugDescription) holds \(c.debugDescription)")
            }
        }
    }
}
