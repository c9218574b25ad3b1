/// The term function of site search, mirrored line for line by `assets/search.js`: the index and the
/// query must cut text the same way, or a word indexed one way is looked up another and never found.
///
/// Text is folded one code point at a time (full-width ASCII to ASCII, then lower case when that is one
/// code point), so a folded text has as many code points as the original and the script can highlight
/// a match at the same offsets. Runs of searchable characters give their characters, overlapping
/// bigrams, and a trigram for every three ASCII letters or digits in a row (ten digits make only a
/// hundred bigrams, so a code like D025-2025-010025 would otherwise match almost every code by its
/// bigrams and cost a page of checks). Everything else separates runs.
enum SearchTerms {
    /// The searchable code points, after folding, the most common first. The script's `SEARCHABLE` must
    /// list the same ranges (a test compares them). Anything a reader types as part of a word belongs
    /// here: a character left out is a separator, so `二〇二五` would be looked up as 二 and 二五.
    static let searchable: [ClosedRange<UInt32>] = [
        0x3400...0x9FFF,    // CJK Extension A and Unified Ideographs
        0x30...0x39,        // 0–9
        0x61...0x7A,        // a–z
        0x3007...0x3007,    // 〇 (二〇二五年)
        0x2160...0x217F,    // Roman numerals (Ⅱ期)
        0xF900...0xFAFF,    // CJK Compatibility Ideographs
        0x20000...0x3FFFF,  // CJK Extensions B–H and the Compatibility Supplement (𠮷)
        0xC0...0xD6,        // Latin letters with diacritics (pinyin tones, names): À–Ö, Ø–ö, ø–ɏ, not × ÷
        0xD8...0xF6,
        0xF8...0x24F,
        0x1E00...0x1EFF,    // Latin Extended Additional (ḿ, Vietnamese)
    ]

    /// Characters that show nothing and come in with pasted text (a soft hyphen from Word, a zero-width
    /// space or joiner from a web page, a word joiner, a byte-order mark in the middle of a line). Search
    /// leaves them out of every text it reads, and the script out of the query (its `INVISIBLE`, compared
    /// by a test): as separators they cut 预算绩效⟨U+200B⟩管理 so that 绩效管理 never found it.
    static let invisible: [UInt32] = [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]

    /// `text` without the `invisible` characters (the same string when it has none, found on its bytes).
    static func visible(_ text: String) -> String {
        // Their UTF-8 forms begin with C2 (U+00AD), E2 (U+200B–200D, U+2060) or EF (U+FEFF).
        guard text.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }),
              text.unicodeScalars.contains(where: { invisible.contains($0.value) }) else { return text }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !invisible.contains(scalar.value) { kept.append(scalar) }
        return String(kept)
    }

    static func isSearchable(_ scalar: Unicode.Scalar) -> Bool {
        searchable.contains { $0.contains(scalar.value) }
    }

    /// Full-width ASCII (Ａ, １, －) to ASCII, then lower case when the lower case is one code point
    /// (as the script's `toLowerCase` of one code point): Ⅱ becomes ⅱ, É becomes é.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        // Ideographs, kana and CJK punctuation (U+2E80–A63F) have no case: most of a Chinese text takes
        // this path (a property lookup per character was a tenth of building the index).
        if (0x2E80..<0xA640).contains(scalar.value) { return scalar }
        var s = scalar
        if (0xFF01...0xFF5E).contains(s.value) { s = Unicode.Scalar(s.value - 0xFEE0)! }
        if s.isASCII { return ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 0x20)! : s }
        guard s.properties.changesWhenLowercased else { return s }
        let lower = s.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : s
    }

    /// The folded runs of searchable characters, each as its code points.
    static func runs(_ text: String) -> [[Unicode.Scalar]] {
        var runs: [[Unicode.Scalar]] = [], run: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            let folded = fold(scalar)
            if isSearchable(folded) { run.append(folded) } else if !run.isEmpty { runs.append(run); run = [] }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    static func terms(_ text: String) -> Set<String> {
        Set(packedTerms(text).map(\.text))
    }

    /// `terms`, packed, each once, in the order of their packed values.
    static func packedTerms(_ text: String) -> [Term] {
        // One pass over the text, the last two searchable characters of the current run kept in hand
        // (the same terms as walking `runs(text)`, without building the runs). Collected in an array
        // and sorted to drop repeats: hashing every term into a set was 2 % of a large site's build.
        var terms: [Term] = []
        terms.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar?, beforePrevious: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let ch = fold(scalar)
            guard isSearchable(ch) else { previous = nil; beforePrevious = nil; continue }
            terms.append(Term(ch))
            if let b = previous {
                terms.append(Term(b, ch))
                if let a = beforePrevious, a.isASCII, b.isASCII, ch.isASCII { terms.append(Term(a, b, ch)) }
            }
            (beforePrevious, previous) = (previous, ch)
        }
        terms.sort { $0.packed < $1.packed }
        var kept = 0
        for i in terms.indices where kept == 0 || terms[kept - 1] != terms[i] {
            terms[kept] = terms[i]
            kept += 1
        }
        terms.removeLast(terms.count - kept)
        return terms
    }

    /// A term of one to three code points (21 bits each) packed into one integer: cheap to hash and to
    /// compare, spelt as text only once per distinct term.
    struct Term: Hashable {
        var packed: UInt64

        init(_ a: Unicode.Scalar, _ b: Unicode.Scalar? = nil, _ c: Unicode.Scalar? = nil) {
            packed = UInt64(a.value) | UInt64(b?.value ?? 0) << 21 | UInt64(c?.value ?? 0) << 42
        }

        /// Scalar zero is never searchable, so it marks the end.
        var text: String {
            var scalars = String.UnicodeScalarView()
            for shift: UInt64 in [0, 21, 42] {
                let value = UInt32(truncatingIfNeeded: (packed >> shift) & 0x1F_FFFF)
                guard value != 0, let scalar = Unicode.Scalar(value) else { break }
                scalars.append(scalar)
            }
            return String(scalars)
        }
    }
}
