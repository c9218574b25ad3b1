import Foundation
import GongkaiCore
import GongkaiDisclosed

/// 泄密审计 — the leak audit. Before the output is swapped in, every output file is scanned for
/// the distinctive fragments of every withheld item; one hit fails the build.
///
/// The rule (docs/disclosure.md): each withheld text is cut at line breaks, punctuation and
/// Markdown/HTML syntax characters; every fragment of at least `minimumFragmentLength` characters (with at
/// least two letters that are not date or unit words) is a fingerprint, unless the same fragment also occurs in a text of the content that is not withheld (then it reveals nothing).
/// A fragment of a classified (涉密) item's data or of a passage fenced as classified (`WithheldItem.strictTexts`) is
/// whitelisted by public data only: found only in public prose (a page, a passage), it is the classified words copied
/// there, and the copy must not approve itself. A fragment of a classified item's name or code (`WithheldItem.identityTexts`)
/// is whitelisted by public names, codes and labels only: found in a public project's free text (its problems, a deviation
/// reason) or in prose, it is the classified name copied there. Output, fingerprints and public texts are all read as a
/// reader sees the words (`MultiPatternMatcher.fold`, in the scan's one pass): a name broken by a line end, spaced, hidden
/// by a zero-width space or a variation selector, split by emphasis, a link, a middle dot, a slash or an image, typed in
/// full-width letters or in compatibility ideographs, or percent-encoded in an address is the name, and a code written without
/// its hyphens, spaced, with other dashes or with a link around a piece (`JYJ 2025 009`, `JYJ—2025—009`, `JYJ-[2025](/x/)-009`)
/// is the code.
struct LeakAudit: Sendable {
    static let minimumFragmentLength = 6

    struct Fingerprint: Sendable {
        var fragment: String
        var item: Int
        /// A classified item's strictly held text that public text also says: found in the output, it is reported as a copy.
        var copied: Copy?
    }

    /// What a public text that says a classified item's words copied.
    enum Copy: Sendable {
        /// Its data or fenced passage, into public prose.
        case intoProse
        /// Its name or code, into public prose or a public item's free text.
        case name
    }

    let items: [WithheldItem]
    /// Whom the output is for: the website's message says its published site is untouched, a bundle's that none was made.
    let audience: Audience
    let fingerprints: [Fingerprint]
    let matcher: MultiPatternMatcher

    /// The content files, read again byte for byte for the audit's own fence reading (`RawFenceScanner`).
    struct RawFiles: Sendable {
        var fileSystem: FileSystem
        /// Path to read, path to show.
        var files: [SourceFile]

        static let none = RawFiles(fileSystem: MemoryFileSystem(), files: [])
    }

    /// Fingerprints from two independent readings: the ledger's withheld items (minus fragments of
    /// the ledger's public texts) and the withheld regions the raw scanner finds in the file bytes
    /// (minus fragments of the text outside those regions, so that a parser bug that publishes a
    /// passage cannot also whitelist it).
    /// `markup`: the theme's and renderer's own Latin words (`Theme.markupWords`), public on every page.
    /// `publicNames`: the public data's names, codes and labels (`Ledger.publicNames`); `publicTexts`: its free texts;
    /// `publicProse`: the public pages' and passages' (`Ledger.publicProse`).
    init<Names: RandomAccessCollection<String> & Sendable, Texts: RandomAccessCollection<String> & Sendable,
         Prose: RandomAccessCollection<String> & Sendable>(
        withheld: [WithheldItem], publicNames: Names = [String](), publicTexts: Texts, publicProse: Prose = [String](),
        raw: RawFiles = .none, markup: Data = Data(), audience: Audience = .website, jobs: Int = 1
    ) where Names.Index == Int, Texts.Index == Int, Prose.Index == Int {
        var seen: [String: Int] = [:]  // fragment → candidate
        var items = withheld
        var candidates: [Fingerprint] = []
        // Splitting texts and scanning files run on `jobs` threads; numbering fingerprints stays in order.
        let itemFragments = concurrentMap(withheld.count, jobs: jobs) { i in withheld[i].texts.flatMap(Self.fingerprintFragments) }
        for (index, fragments) in itemFragments.enumerated() {
            for fragment in fragments where seen[fragment] == nil {
                seen[fragment] = candidates.count
                candidates.append(Fingerprint(fragment: fragment, item: index))
            }
        }
        // The first item holding a candidate strictly, when any does (several items may carry the same fragment): a copy is
        // reported at it, not at an item of a lower level that holds the words too (an on-request page's title).
        var strict = [Int?](repeating: nil, count: candidates.count)
        for (index, fragments) in concurrentMap(withheld.count, jobs: jobs, { i in withheld[i].strictTexts.flatMap(Self.fingerprintFragments) }).enumerated() {
            for fragment in fragments { if let i = seen[fragment], strict[i] == nil { strict[i] = index } }
        }
        // Likewise the first item whose name or code holds a candidate.
        var identity = [Int?](repeating: nil, count: candidates.count)
        for (index, item) in withheld.enumerated() where !item.identityTexts.isEmpty {
            for fragment in item.identityTexts.flatMap(Self.fingerprintFragments) {
                if let i = seen[fragment], identity[i] == nil { identity[i] = index }
            }
        }
        // Chunks of names, of free data text, of prose, then the theme's markup (public like names). Each public text is
        // scanned once, whichever corpus holds it.
        let chunk = 2_000
        func chunks(_ count: Int) -> Int { (count + chunk - 1) / chunk }
        let nameChunks = chunks(publicNames.count), dataChunks = chunks(publicTexts.count), proseChunks = chunks(publicProse.count)
        let hits = Self.hits(candidates, chunks: nameChunks + dataChunks + proseChunks + 1, jobs: jobs) { c in
            if c < nameChunks { return Self.corpus(publicNames[c * chunk..<min(publicNames.count, (c + 1) * chunk)]) }
            let d = c - nameChunks
            if d < dataChunks { return Self.corpus(publicTexts[d * chunk..<min(publicTexts.count, (d + 1) * chunk)]) }
            let p = d - dataChunks
            if p < proseChunks { return Self.corpus(publicProse[p * chunk..<min(publicProse.count, (p + 1) * chunk)], asPages: true) }
            return markup
        }
        let inNames = Set((hits[..<nameChunks] + hits[(nameChunks + dataChunks + proseChunks)...]).joined())
        let inData = Set(hits[nameChunks..<(nameChunks + dataChunks)].joined())
        let inProse = Set(hits[(nameChunks + dataChunks)..<(nameChunks + dataChunks + proseChunks)].joined())
        var kept: [Fingerprint] = []
        for (i, var candidate) in candidates.enumerated() where !inNames.contains(i) {
            if let item = identity[i] {
                // A classified name or code: public only where a public item is so named (the project public in another
                // year, a public indicator of the same name); said in a public text, it is copied there.
                if inData.contains(i) || inProse.contains(i) { candidate.copied = .name; candidate.item = item }
            } else if inData.contains(i) {
                continue
            } else if inProse.contains(i) {
                guard let item = strict[i] else { continue }
                candidate.copied = .intoProse
                candidate.item = item
            }
            kept.append(candidate)
        }

        var rawCandidates: [Fingerprint] = []
        // An unreadable file was reported by the load stage; the build has stopped already.
        // The withheld items' lines by file (`headerLines`, below) are gathered beside the reading, on one thread.
        let (scans, headerLines) = concurrentMap(raw.files.count, jobs: jobs, beside: { Self.withheldLines(withheld) }) { i -> [(RawFenceScanner.Region, [String])] in
            guard let data = try? raw.fileSystem.read(raw.files[i].path) else { return [] }
            return RawFenceScanner.scan(data, audience: audience).withheld.map { ($0, Self.fingerprintFragments(of: $0.text)) }
        }
        // The raw reading's fingerprints are its own: a fragment that is also a withheld item's (a classified project's goal
        // copied into a passage the loader took for public) is not left to the ledger's fingerprint, which that very passage
        // whitelists as public text. A fragment the ledger keeps as a fingerprint is found by that one, in the same bytes: only
        // the others need the second reading's check against every file's text outside the fences, which reads the whole
        // site again (ten times the rest of the audit's preparation at 20,000 projects).
        let ledgerKept = Set(kept.map(\.fragment))
        var rawSeen = Set<String>()
        for (file, regions) in zip(raw.files, scans) {
            for (region, all) in regions {
                let fragments = all.filter { !ledgerKept.contains($0) && rawSeen.insert($0).inserted }
                guard !fragments.isEmpty else { continue }
                items.append(WithheldItem(kind: "段落（原文标记）", title: file.display, disclosure: Disclosure(level: .classified),
                                          level: .classified, location: SourceLocation(file: file.display, line: region.line),
                                          texts: [region.text]))
                rawCandidates += fragments.map { Fingerprint(fragment: $0, item: items.count - 1) }
            }
        }
        // The text outside the regions, file by file: read and scanned again rather than kept, so the
        // whole site's text is never in memory at once.
        // The raw reading knows fences, not the levels a YAML header writes: a withheld item's text in a header
        // (`disclosure: 涉密` above `goal: …`) is outside every fence, and would whitelist the same words in a passage the
        // loader took for public. The header's lines that are withheld items' texts in that file are not public text.
        let rawKept = Self.dropping(rawCandidates, chunks: raw.files.count + 1, jobs: jobs) { i in
            guard i < raw.files.count else { return markup }
            guard let data = try? raw.fileSystem.read(raw.files[i].path) else { return Data() }
            var outside = RawFenceScanner.scan(data, audience: audience).outside
            if let lines = headerLines[raw.files[i].display] { outside = Self.withoutWithheldHeaderLines(outside, lines, wholeFile: !raw.files[i].display.hasSuffix(".md")) }
            return Self.withShownWords(Data(outside.utf8), linked: outside.holdsBytes("](") ? [outside] : [])
        }

        self.items = items
        self.audience = audience
        self.fingerprints = kept + rawKept
        self.matcher = MultiPatternMatcher(patterns: fingerprints.map(\.fragment), folding: true)
    }

    /// Each file's withheld items' lines (trimmed, long enough to be a fingerprint): what `withoutWithheldHeaderLines` blanks.
    static func withheldLines(_ withheld: [WithheldItem]) -> [String: Set<String>] {
        var lines: [String: Set<String>] = [:]
        for item in withheld {
            for text in item.texts {
                for line in text.split(whereSeparator: \.isNewline) {
                    let line = line.trimming(\.inWhitespaces)
                    if line.count >= Self.minimumFragmentLength { lines[item.location.file, default: []].insert(line) }
                }
            }
        }
        return lines
    }

    /// `text` with the withheld lines (`lines`) of its YAML blanked out: the whole of a YAML file, or a Markdown file's header
    /// (from its opening `---` line to the next). A public passage of the body that says the same words stays public text.
    static func withoutWithheldHeaderLines(_ text: String, _ lines: Set<String>, wholeFile: Bool) -> String {
        var header = Substring(text), body = Substring()
        if !wholeFile {
            let start = text.hasPrefix("\u{FEFF}") ? text.index(after: text.startIndex) : text.startIndex
            guard text[start...].hasPrefix("---\n"), let end = text[text.index(start, offsetBy: 4)...].range(of: "\n---") else { return text }
            header = text[..<end.lowerBound]
            body = text[end.lowerBound...]
        }
        // On bytes: `String.contains` walks characters, and this reads every file holding a withheld item.
        var result = Array(header.utf8)
        for line in lines { blank(Array(line.utf8), in: &result) }
        return String(decoding: result, as: UTF8.self) + body
    }

    /// Every occurrence of `needle` in `bytes` replaced by one byte 0x01, which no fragment holds.
    private static func blank(_ needle: [UInt8], in bytes: inout [UInt8]) {
        guard !needle.isEmpty, bytes.count >= needle.count else { return }
        var out: [UInt8] = [], from = 0
        bytes.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { wanted in
                // memchr for the first byte, memcmp for the rest (glibc's memmem is not visible to Swift).
                var at = from
                while at <= text.count - wanted.count,
                      let hit = memchr(text.baseAddress! + at, Int32(wanted[0]), text.count - wanted.count - at + 1) {
                    at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - text.baseAddress!
                    guard memcmp(text.baseAddress! + at, wanted.baseAddress!, wanted.count) == 0 else { at += 1; continue }
                    out.append(contentsOf: text[from..<at])
                    out.append(1)
                    from = at + wanted.count
                    at = from
                }
            }
        }
        guard from > 0 else { return }
        out.append(contentsOf: bytes[from...])
        bytes = out
    }

    /// The candidates that no chunk of text contains (a fragment of public text reveals nothing).
    private static func dropping(_ candidates: [Fingerprint], chunks: Int, jobs: Int,
                                 chunk: @Sendable (Int) -> Data) -> [Fingerprint] {
        let found = Set(hits(candidates, chunks: chunks, jobs: jobs, chunk: chunk).joined())
        return candidates.enumerated().filter { !found.contains($0.offset) }.map(\.element)
    }

    /// Which candidates (by index) each chunk of text contains. The chunks are made and scanned on `jobs` threads, one at a
    /// time per thread.
    private static func hits(_ candidates: [Fingerprint], chunks: Int, jobs: Int, chunk: @Sendable (Int) -> Data) -> [[Int]] {
        guard !candidates.isEmpty else { return Array(repeating: [], count: chunks) }
        let all = MultiPatternMatcher(patterns: candidates.map(\.fragment), folding: true)
        return concurrentMap(chunks, jobs: jobs) { all.matches(in: chunk($0)) }
    }

    /// Public texts as one run of bytes to scan, with the words they show (`withShownWords`).
    /// `asPages`: prose, which its page draws as Markdown, is also read with its pictures' descriptions as the page reads
    /// them (the `alt`, on its own): a classified name split by a picture with a description, `北山坑道![图](a.png)加固工程`, is
    /// then a copy (named at its place, GK901), as one split by a picture without one is.
    private static func corpus<C: Collection<String>>(_ texts: C, asPages: Bool = false) -> Data {
        var data = withShownWords(Data(texts.joined(separator: "\u{1}").utf8), linked: texts.filter { $0.holdsBytes("](") })
        guard asPages else { return data }
        for text in texts where text.holdsBytes("![") {
            data.append(1)
            data.append(contentsOf: MultiPatternMatcher.blankingPictureDescriptions(Array(text.utf8)))
        }
        return data
    }


    static let separators: Set<Character> = Set("\n\r\t 　。，、；：！？…—–·,.;:!?()（）[]【】「」『』《》<>\"'“”‘’*_`#|~&=/\\{}")

    /// Characters of dates, amounts and units that the renderer writes itself (`2025年7月18日`, `1,250.50 万元`).
    static let numericWords: Set<Character> = Set("年月日时分秒号万亿元个人次%％")

    /// The fragments of a withheld text as written and, when it holds character references or backslash
    /// escapes (`&#38738;`, `\\*`), as a page that published it would show it.
    static func fingerprintFragments(of text: String) -> [String] {
        let decoded = AssetAddress.referencesDecoded(text)
        let written = decoded == text ? fragments(of: text) : fragments(of: text) + fragments(of: decoded)
        // Markdown's marks cut a text into pieces too short to be fingerprints (`**青锋七号**位于**北山**的[坑道](/x/)`),
        // while search shows its words joined (青锋七号位于北山的坑道): they are fingerprints as shown as well.
        guard text.utf8.contains(where: { isInlineMark($0) || $0 == UInt8(ascii: "[") }) else { return written }
        return written + fragments(of: Markdown.plainText(text))
    }

    /// Markdown's emphasis, code and strike-through marks: `*`, `_`, `` ` ``, `~`.
    private static func isInlineMark(_ byte: UInt8) -> Bool {
        byte == 0x2A || byte == 0x5F || byte == 0x60 || byte == 0x7E
    }

    /// Public text as written and as its words show, so that a withheld phrase also written, with marks, in a
    /// public text is known to be public: with Markdown's emphasis and code marks deleted (`**青锋七号**位于`
    /// reads 青锋七号位于 in search), and the words of each of `linked` (the texts holding a link or an image).
    static func withShownWords(_ data: Data, linked: [String]) -> Data {
        var out = data
        if data.contains(where: isInlineMark) {
            out.append(1)
            out.append(contentsOf: data.filter { !isInlineMark($0) })
        }
        for text in linked {
            out.append(1)
            out.append(contentsOf: Markdown.plainText(text).utf8)
        }
        return out
    }

    static func fragments(of text: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) })
            .flatMap(splitAtDashes)
            // A hyphen at either end joins nothing: the matcher reads one between two letters or digits as nothing
            // (`JYJ-2025-009` is found as `JYJ2025009`), so `JYJ-2025-` would be missed before a letter.
            .map { $0.trimming(codeDashes.contains) }
            // Counted as the matcher reads it (`MultiPatternMatcher.fold`): `%E5%8C%97` is one character, 北; a code's hyphens
            // count, though the matcher reads through them.
            .filter { let shown = MultiPatternMatcher.folded($0, joiningCodes: false); return shown.count >= minimumFragmentLength && isDistinctive(shown) }
    }

    /// The hyphens and dashes `MultiPatternMatcher.fold` reads through between two letters or digits of a code.
    static let codeDashes: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{2E3A}", "\u{2E3B}",
                                                   "\u{FE58}", "\u{FE63}", "\u{FF0D}"]

    /// A piece cut at runs of two or more hyphens: cmark's smart punctuation shows `--` as `–` and `---` as `—`
    /// on the page and in search. A single hyphen (a code, `JYJ-2025-001`) stays.
    private static func splitAtDashes(_ piece: Substring) -> [Substring] {
        guard piece.holdsBytes("--") else { return [piece] }
        var parts: [Substring] = []
        var start = piece.startIndex, i = piece.startIndex
        while i < piece.endIndex {
            guard piece[i] == "-", piece.index(after: i) < piece.endIndex, piece[piece.index(after: i)] == "-" else { i = piece.index(after: i); continue }
            parts.append(piece[start..<i])
            while i < piece.endIndex, piece[i] == "-" { i = piece.index(after: i) }
            start = i
        }
        parts.append(piece[start...])
        return parts.filter { !$0.isEmpty }
    }

    /// A fragment made only of digits, dates and units (`2025年7月`, `≥31415个`) could be any number on
    /// any page; it needs at least two letters (Chinese or Latin) that are not date or unit words.
    static func isDistinctive(_ fragment: String) -> Bool {
        fragment.filter { $0.isLetter && !numericWords.contains($0) }.count >= 2
    }

    /// Diagnostics for every fingerprint found in `file`. The fragment and the item's title are quoted:
    /// redaction blanks every quote of a leak, however short the title (a two-character indicator name
    /// is shorter than any fingerprint and is replaced elsewhere only where quoted whole).
    /// The file's path is scanned with its bytes: an address can give a withheld code or page away.
    func check(_ file: OutputFileBytes) -> [Diagnostic] {
        guard !fingerprints.isEmpty else { return [] }
        let found = file.data.withUnsafeBytes { matcher.matches(in: $0) } + matcher.matches(in: Array(file.path.utf8))
        return Array(Set(found)).sorted().map { index in
            let print = fingerprints[index]
            let item = items[print.item]
            let outcome = audience == .website ? "本次构建已中止，原有网站未被改动" : "未生成材料包"
            let copied = switch print.copied {
            case .intoProse?:
                "。这段文字也写在公开的页面或正文里：涉密条目的文字抄进公开正文，仍是泄密。请删去公开正文中的这段文字；如确是通用说法，请改写涉密条目中的措辞（被隐去的文字可用 --show-withheld 在终端上查看）"
            case .name?:
                "。这是涉密条目的名称或编码，也写在公开的页面、正文或项目的文字说明（目标、存在问题、改进措施、偏差原因等）里：涉密条目的名称抄进公开正文，仍是泄密。请删去公开文字中的这个名称；只有公开条目本身的名称（如另一年度公开的同一项目、公开的同名指标）才使它公开（被隐去的文字可用 --show-withheld 在终端上查看）"
            case nil: ""
            }
            return .error(.leak,
                          "泄密审计：输出文件 \(file.path) 含有不予公开的内容“\(print.fragment)”（\(item.level.chineseName)\(item.kind)“\(item.title)”）；\(outcome)\(copied)",
                          at: item.location)
        }
    }
}

extension LeakAudit {
    /// The fragments found in `file` that are a classified item's words copied into public text, each with the item's
    /// place. Only a leaking file is asked (a second pass over its bytes): the build looks for each fragment in the
    /// content file the page comes from, to point at the copy as well as at the item (GK901).
    func copies(in file: OutputFileBytes) -> [(fragment: String, item: SourceLocation)] {
        let found = file.data.withUnsafeBytes { matcher.matches(in: $0) }
        return Set(found).sorted().compactMap { index in
            let print = fingerprints[index]
            return print.copied == nil ? nil : (print.fragment, items[print.item].location)
        }
    }
}

/// A file as the audit sees it (kept apart from the renderer's type so tests can audit any bytes).
struct OutputFileBytes {
    var path: String
    var data: Data
}
