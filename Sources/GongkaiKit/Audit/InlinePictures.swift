import Foundation
import GongkaiCore

/// 正文中的图片 — a picture written into a text as a `data:` address (`![图](data:image/png;base64,…)`, as an editor
/// pasting a picture, or pandoc's `--embed-resources`, writes it) is published with every byte of it, as a theme's picture
/// is, but the leak audit reads only the page's bytes, where the picture is base64. Each one in a text that reaches anyone
/// is read as an attachment is (`Attachments.Reading`): a mark, a photo's place, a file gongkai cannot read are the
/// attachment errors at the picture's line; and since the audit cannot reach words inside it (a description, an author,
/// a comment), a picture that carries any is refused too (GK171): move it to the theme's `assets/`, where it is audited.
enum InlinePictures {
    static func check(_ source: MarkdownSource, diagnostics: inout DiagnosticList) {
        for passage in source.passages where passage.level <= .limited && passage.text.holdsBytes("!") && passage.text.lowercased().contains("data:") {
            let lines = passage.text.lines()
            for url in Markdown.addresses(in: passage.text) where Markdown.scheme(of: url)?.lowercased() == "data" {
                // cmark gives an inline node no line of its own: the first line holding the address.
                let line = (lines.firstIndex { $0.contains(url.prefix(40)) } ?? 0) + 1
                // cmark keeps only these in a page (the rest it empties, as it does `javascript:`).
                let lower = url.lowercased()
                guard ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: lower.hasPrefix) else { continue }
                let text = line - 1 < lines.count ? lines[line - 1] : ""
                let offset = text.range(of: url.prefix(20)).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
                let at = SourceLocation(file: source.file, line: passage.line + line - 1, column: offset + 1)
                var reading = Attachments.Reading(file: source.file)
                if let bytes = Attachments.Reading.decodedDataAddress(Substring(url)) {
                    reading.inspect(bytes, name: "", inside: "正文中以 data: 地址写入的图片", depth: 1)
                } else {
                    reading.unreadable("的数据无法解码", inside: "正文中以 data: 地址写入的图片")
                }
                for var d in reading.diagnostics.items {
                    d.location = at
                    diagnostics.append(d)
                }
                if !reading.texts.isEmpty && !reading.diagnostics.hasErrors {
                    diagnostics.error(.attachmentHidden, "正文中以 data: 地址写入的图片带有文字（说明、作者、备注等元数据）：图片的每个字节都随网页发布，其中的文字却不经泄密审计；请删去图片的元数据后再写入，或把图片放进主题的 assets/ 文件夹，再用 /assets/文件名 引用",
                                      at: at)
                }
            }
        }
    }
}
