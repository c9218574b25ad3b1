/// A disclosure level written where it is not read as one: the key `disclosure` followed by a colon
/// (ASCII or full-width, after spaces or a closing quote), in a Markdown body after a stray `---` or
/// inside a YAML text (`problems: |` with `disclosure: 涉密` indented as the text). Such a level never
/// applies, so the text it meant to withhold would be published with it; the loaders make it an error.
///
/// The key is recognised as clerks' editors type it: in any case, in ASCII or in full-width letters
/// (a Chinese input method in full-width mode types `ｄｉｓｃｌｏｓｕｒｅ：涉密`), between straight, curly
/// or corner quotes (Word turns `"disclosure"` into `“disclosure”`), with ASCII, full-width or no-break
/// spaces before a colon of any of the shapes passage fences accept.
public enum LevelKey {
    private static let key = Array("disclosure".unicodeScalars.map(\.value))

    /// The 1-based column (in characters) of the first `disclosure:` in `line` — any case, ASCII or
    /// full-width letters, at the start of the line or after a character that is not a letter, digit
    /// or `_` (so in a flow mapping `{value: …, disclosure: 涉密}` or a list item `- disclosure: 涉密`
    /// too); nil when none.
    public static func column(in line: Substring) -> Int? {
        var line = line
        let offset = line.withUTF8 { firstKey(in: $0) }
        return offset.map { String(decoding: line.utf8.prefix($0), as: UTF8.self).count + 1 }
    }

    /// Whether any line of `text` writes `disclosure:` (see `column(in:)`). Every text the loader
    /// reads is asked, so the bytes are scanned in place.
    public static func appearsIn(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { firstKey(in: $0) } != nil
    }

    /// The byte offset of the first `disclosure:` as `column(in:)` describes it.
    private static func firstKey(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= key.count else { return nil }
        var start = 0
        while start < bytes.count {
            let b = bytes[start]
            // Candidates: `d`/`D`, or the lead byte of `ｄ` (EF BD 84) / `Ｄ` (EF BC A4). Nearly every byte is neither.
            if b | 0x20 == UInt8(ascii: "d") || b == 0xEF, matchesKey(bytes, at: start), !followsWordCharacter(bytes, at: start) {
                return start
            }
            start += 1
        }
        return nil
    }

    /// The scalar starting at byte `i` of valid UTF-8, and its length in bytes.
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int)? {
        guard i < b.count else { return nil }
        let lead = b[i]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard i + length <= b.count else { return nil }
        if length == 1 { return (UInt32(lead), 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        return (value, length)
    }

    /// A Latin letter in lower case, from ASCII or full-width (U+FF21–FF3A, U+FF41–FF5A); nil for anything else.
    private static func letter(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x41...0x5A: value + 0x20
        case 0x61...0x7A: value
        case 0xFF21...0xFF3A: value - 0xFF21 + 0x61
        case 0xFF41...0xFF5A: value - 0xFF41 + 0x61
        default: nil
        }
    }

    private static func isWordCharacter(_ value: UInt32) -> Bool {
        letter(value) != nil || (0x30...0x39).contains(value) || (0xFF10...0xFF19).contains(value) || value == 0x5F || value == 0xFF3F
    }

    /// Whether the scalar before byte `start` is a letter, digit or `_` (`nondisclosure:` is no key).
    private static func followsWordCharacter(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start > 0 else { return false }
        var i = start - 1
        while i > 0, b[i] & 0xC0 == 0x80 { i -= 1 }
        return scalar(b, at: i).map { isWordCharacter($0.value) } ?? false
    }

    private static func matchesKey(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var i = start
        for letterValue in key {
            guard let (value, length) = scalar(b, at: i), letter(value) == letterValue else { return false }
            i += length
        }
        // The key must end here: `disclosures:` is another word.
        if let (value, _) = scalar(b, at: i), isWordCharacter(value) { return false }
        return followedByColon(b, from: i)
    }

    /// After the key: a closing quote (`"disclosure": …`, `“disclosure”：`), spaces, then a colon.
    private static func followedByColon(_ b: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        var i = index
        // " ' ” ’ 」 』 ＂ ＇
        if let (value, length) = scalar(b, at: i), [0x22, 0x27, 0x201D, 0x2019, 0x300D, 0x300F, 0xFF02, 0xFF07].contains(value) { i += length }
        // space, tab, no-break space, full-width space
        while let (value, length) = scalar(b, at: i), [0x20, 0x09, 0xA0, 0x3000].contains(value) { i += length }
        guard let (value, _) = scalar(b, at: i) else { return false }
        // The colons of passage fences: `:` `：` `︰` `︓` `∶` `﹕` `꞉` `ː`.
        return [0x3A, 0xFF1A, 0xFE30, 0xFE13, 0x2236, 0xFE55, 0xA789, 0x2D0].contains(value)
    }
}
