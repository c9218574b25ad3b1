/// A disclosure level written where it is not read as one: the key `disclosure` followed by a colon
/// (ASCII or full-width, after spaces or a closing quote), in a Markdown body after a stray `---` or
/// inside a YAML text (`problems: |` with `disclosure: 涉密` indented as the text). Such a level never
/// applies, so the text it meant to withhold would be published with it; the loaders make it an error.
public enum LevelKey {
    private static let key = Array("disclosure".utf8)

    /// The 1-based column (in characters) of the first `disclosure:` in `line` — any ASCII case, at
    /// the start of the line or after a character that is not a letter, digit or `_` (so in a flow
    /// mapping `{value: …, disclosure: 涉密}` or a list item `- disclosure: 涉密` too); nil when none.
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
        for start in 0...(bytes.count - key.count) where bytes[start] | 0x20 == UInt8(ascii: "d") {
            if matchesKey(bytes, at: start), start == 0 || !isWordByte(bytes[start - 1]), followedByColon(bytes, from: start + key.count) {
                return start
            }
        }
        return nil
    }

    private static func matchesKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for (offset, letter) in key.enumerated() where bytes[start + offset] | 0x20 != letter { return false }
        return true
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// After the key: a closing quote (`"disclosure": …`), spaces or tabs, then `:` or `：` (EF BC 9A).
    private static func followedByColon(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        var i = index
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") { i += 1 }
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        guard i < bytes.count else { return false }
        if bytes[i] == UInt8(ascii: ":") { return true }
        return i + 2 < bytes.count && bytes[i] == 0xEF && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x9A
    }
}
