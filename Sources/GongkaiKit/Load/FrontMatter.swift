import GongkaiCore

/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterFile {
    var yaml: String
    /// File line of the YAML's first line.
    var yamlFirstLine: Int
    var body: String
    /// File line of the body's first line.
    var bodyFirstLine: Int

    /// Splits `---\n yaml \n---\n body`. Reports `GK003` when the front matter is missing or unterminated.
    static func split(_ text: String, file: String, diagnostics: inout DiagnosticList) -> FrontMatterFile? {
        var content = Substring(text)
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first, first.trimmed == "---" else {
            diagnostics.error(.frontMatter, "文件应以“---”开头的 YAML 文件头（front matter）开始", at: SourceLocation(file: file))
            return nil
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmed == "---" }) else {
            diagnostics.error(.frontMatter, "YAML 文件头缺少结束行“---”", at: SourceLocation(file: file))
            return nil
        }
        return FrontMatterFile(
            yaml: lines[1..<close].joined(separator: "\n"), yamlFirstLine: 2,
            body: lines[(close + 1)...].joined(separator: "\n"), bodyFirstLine: close + 2)
    }
}

/// Identifiers that become parts of URLs and file names: codes and page paths.
enum Slug {
    /// Codes of departments, units and projects: letters, digits, `-`, `_`, `.`; no `..`.
    static func isValidCode(_ code: String) -> Bool {
        guard (1...64).contains(code.count), !code.contains(".."), let first = code.unicodeScalars.first,
              first.properties.isASCIIHexDigit || CharacterSet.asciiLetters.contains(first) else { return false }
        return code.unicodeScalars.allSatisfy { CharacterSet.asciiLetters.contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// A page path component: lowercase ASCII letters, digits and `-`.
    static func isValidPathComponent(_ part: String) -> Bool {
        guard (1...80).contains(part.count), let first = part.first, first != "-" else { return false }
        return part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

import Foundation

extension CharacterSet {
    static let asciiLetters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
