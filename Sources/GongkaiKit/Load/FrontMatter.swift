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
        let content = Substring(text) // BOM and line ends were normalised when the file was read
        // Walk line by line over UTF-8 without splitting the whole file: files can be long.
        let utf8 = content.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        while lineStart < utf8.endIndex {
            let newline = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = content[lineStart..<newline]
            lineNumber += 1
            let next = newline < utf8.endIndex ? utf8.index(after: newline) : newline
            // Only a line holding "---" can be one once trimmed: most lines are not copied to find out.
            if Self.holdsThreeDashes(line.utf8), line.trimmed == "---" {
                if let start = yamlStart {
                    return FrontMatterFile(yaml: String(content[start..<lineStart]), yamlFirstLine: 2,
                                           body: String(content[next...]), bodyFirstLine: lineNumber + 1)
                }
                yamlStart = next
            } else if yamlStart == nil {
                break
            }
            lineStart = next
        }
        if yamlStart == nil {
            diagnostics.error(.frontMatter, "文件应以“---”开头的 YAML 文件头（front matter）开始", at: SourceLocation(file: file))
        } else {
            diagnostics.error(.frontMatter, "YAML 文件头缺少结束行“---”", at: SourceLocation(file: file))
        }
        return nil
    }

    private static func holdsThreeDashes(_ bytes: Substring.UTF8View) -> Bool {
        var run = 0
        for byte in bytes {
            run = byte == UInt8(ascii: "-") ? run + 1 : 0
            if run == 3 { return true }
        }
        return false
    }
}

/// Identifiers that become parts of URLs and file names: codes and page paths.
enum Slug {
    /// Codes of departments, units and projects: letters, digits, `-`, `_`, `.`; no `..`.
    static func isValidCode(_ code: String) -> Bool {
        guard (1...64).contains(code.count), !code.contains(".."), let first = code.unicodeScalars.first,
              CharacterSet.asciiLetters.contains(first) || ("0"..."9").contains(first) else { return false }
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
