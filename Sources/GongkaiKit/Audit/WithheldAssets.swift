import Foundation
import GongkaiCore
import GongkaiRender

/// The theme's files (`assets/…`) are copied to the website whatever refers to them. An image or a
/// document that only withheld content refers to (`![部署图](/assets/1.png)` inside `::: 涉密`) would
/// be published although the passage is not, and the leak audit cannot see into its bytes: such a
/// reference is an error (GK146). A file that public content refers to as well is public anyway.
enum WithheldAssets {
    static func check<Texts: Sequence<String>>(theme: Theme, withheld: [WithheldItem], publicTexts: () -> Texts) -> DiagnosticList {
        // gongkai's own files (style.css, search.js …) are no clerk's attachment.
        let builtin = Set(BuiltinTheme.files.map(\.path))
        let files = theme.assets.map { "assets/" + $0.path }.filter { !builtin.contains($0) }
        let needles = files.map { $0.lowercased() }
        guard !needles.isEmpty, !withheld.isEmpty else { return DiagnosticList() }
        // Addresses may be written percent-encoded (`/assets/%E5%9B%BE.png`), in another case (a
        // case-insensitive host serves `/Assets/1.PNG` too), with a character reference or a backslash
        // escape (`/assets/&#49;.png`, `/assets\\/1.png`: cmark decodes both) and with dot segments or a
        // doubled slash (`/assets/./1.png`, `/assets/x/../1.png`, `/assets//1.png`: the browser resolves
        // them). A withheld text is read in each of these ways (`readings`), a public one once more
        // cheaply. Each text is read so once, whatever the number of files: a site's withheld items and
        // public texts run to hundreds of thousands.
        func readable(_ text: String) -> String {
            AssetAddress.mayBeEncoded(text) ? AssetAddress.resolved(AssetAddress.decoded(text)).lowercased() : text.lowercased()
        }
        let withheldTexts = withheld.map { $0.texts.flatMap(AssetAddress.readings) }
        let referenced = Set(needles.filter { needle in withheldTexts.contains { $0.contains { $0.contains(needle) } } })
        guard !referenced.isEmpty else { return DiagnosticList() }
        var shown = Set<String>()
        for original in publicTexts() {
            let text = readable(original)
            // Raw HTML never reaches the website: an address inside it refers to nothing public. The text is
            // read as shown only when it names a file, which few public texts do.
            var asShown: String?
            for needle in referenced where !shown.contains(needle) && text.contains(needle) {
                if asShown == nil { asShown = readable(Markdown.asShown(original)) }
                if asShown!.contains(needle) { shown.insert(needle) }
            }
        }
        var diagnostics = DiagnosticList()
        for (item, texts) in zip(withheld, withheldTexts) {
            for (file, needle) in zip(files, needles) where referenced.contains(needle) && !shown.contains(needle)
                && texts.contains(where: { $0.contains(needle) }) {
                // The file's name is not quoted: redaction blanks it only where it is a fragment of withheld text.
                diagnostics.error(.withheldAsset,
                                  "不予公开的\(item.kind)引用了主题文件 \(file)：主题中的图片和文件不论被谁引用都会随网站发布，只有不予公开的内容引用它；请把该文件移出主题文件夹（不予公开的图片和附件不要放进网站文件夹），并删去这个引用",
                                  at: item.location)
            }
        }
        return diagnostics
    }
}

/// The ways an address in a text can spell a theme file's path, read as cmark and a browser read them.
enum AssetAddress {
    /// The text as written, decoded, decoded with its path resolved, and every link and image address
    /// cmark finds in it (which decodes every named reference too), each lowercased.
    static func readings(_ text: String) -> [String] {
        var all = [text.lowercased()]
        if mayBeEncoded(text) {
            let decoded = decoded(text)
            all.append(decoded.lowercased())
            all.append(resolved(decoded).lowercased())
        }
        for address in Markdown.addresses(in: text) {
            let decoded = percentDecoded(address)
            all.append(decoded.lowercased())
            all.append(resolved(decoded).lowercased())
        }
        return all
    }

    /// Whether the text holds anything `decoded` or `resolved` would change.
    static func mayBeEncoded(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "%") || b == UInt8(ascii: "&") || b == UInt8(ascii: "\\") { return true }
            if previous == UInt8(ascii: "/"), b == UInt8(ascii: "/") || b == UInt8(ascii: ".") { return true }
            previous = b
        }
        return false
    }

    /// Backslash escapes of ASCII punctuation dropped, numeric and the ASCII named character references
    /// decoded, then every valid `%XX` decoded (an invalid one, as in `完成率100%`, stays as written).
    static func decoded(_ text: String) -> String {
        percentDecoded(referencesDecoded(text))
    }

    static let named: [String: String] = [
        "sol": "/", "period": ".", "percnt": "%", "amp": "&", "lowbar": "_", "colon": ":", "num": "#",
        "quest": "?", "equals": "=", "plus": "+", "comma": ",", "semi": ";", "excl": "!", "lpar": "(",
        "rpar": ")", "dollar": "$", "ast": "*", "midast": "*", "commat": "@", "lsqb": "[", "rsqb": "]",
        "lbrack": "[", "rbrack": "]", "apos": "'", "quot": "\"", "lt": "<", "gt": ">", "bsol": "\\",
        "grave": "`", "verbar": "|", "vert": "|", "lcub": "{", "rcub": "}", "lbrace": "{", "rbrace": "}",
        "hyphen": "-", "dash": "-", "nbsp": " ",
    ]

    /// The characters a backslash escapes in CommonMark.
    static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    static func referencesDecoded(_ text: String) -> String {
        guard text.holdsBytes("&") || text.holdsBytes("\\") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count, asciiPunctuation.contains(scalars[i + 1]) {
                out.append(scalars[i + 1]); i += 2; continue
            }
            if c == "&", let end = scalars[(i + 1)...].prefix(33).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
                var value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") { value = UInt32(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { value = UInt32(name.dropFirst(), radix: 10) }
                if let value, let scalar = Unicode.Scalar(value) { out.append(scalar); i = end + 1; continue }
                if let replacement = named[name] { out.append(contentsOf: replacement.unicodeScalars); i = end + 1; continue }
            }
            out.append(c); i += 1
        }
        return String(out)
    }

    /// Every `%XX` with two hexadecimal digits decoded; anything else kept.
    static func percentDecoded(_ text: String) -> String {
        guard text.holdsBytes("%") else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let h = bytes[i + 1].hexDigitValue, let l = bytes[i + 2].hexDigitValue {
                out.append(h << 4 | l); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text with `.` segments and empty ones (a doubled slash) dropped and each `..` taking the
    /// segment before it away, as a browser resolves a path.
    static func resolved(_ text: String) -> String {
        guard text.contains("/") else { return text }
        var out: [Substring] = []
        for (index, segment) in text.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if index > 0, segment == "." || segment.isEmpty { continue }
            if index > 0, segment == "..", out.count > 1 { out.removeLast(); continue }
            out.append(segment)
        }
        return out.joined(separator: "/")
    }
}
