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
        // Addresses may be written percent-encoded (`/assets/%E5%9B%BE.png`) or in another case
        // (a case-insensitive host serves `/Assets/1.PNG` too). Each text is read so once, whatever the
        // number of files: a site's withheld items and public texts run to hundreds of thousands.
        func readable(_ text: String) -> String {
            (text.contains("%") ? text.removingPercentEncoding ?? text : text).lowercased()
        }
        let withheldTexts = withheld.map { $0.texts.map(readable) }
        let referenced = Set(needles.filter { needle in withheldTexts.contains { $0.contains { $0.contains(needle) } } })
        guard !referenced.isEmpty else { return DiagnosticList() }
        var shown = Set<String>()
        for text in publicTexts() {
            let text = readable(text)
            for needle in referenced where !shown.contains(needle) && text.contains(needle) { shown.insert(needle) }
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
