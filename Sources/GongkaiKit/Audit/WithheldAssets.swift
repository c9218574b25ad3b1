import Foundation
import GongkaiCore
import GongkaiRender

/// The theme's files (`assets/…`) are copied to the website whatever refers to them. An image or a
/// document that only withheld content refers to (`![部署图](/assets/1.png)` inside `::: 涉密`) would
/// be published although the passage is not, and the leak audit cannot see into its bytes: such a
/// reference is an error (GK146). A file that public content refers to as well is public anyway.
enum WithheldAssets {
    static func check(theme: Theme, withheld: [WithheldItem], publicTexts: [String]) -> DiagnosticList {
        // gongkai's own files (style.css, search.js …) are no clerk's attachment.
        let builtin = Set(BuiltinTheme.files.map(\.path))
        let files = theme.assets.map { "assets/" + $0.path }.filter { !builtin.contains($0) }
        let needles = files.map { $0.lowercased() }
        guard !needles.isEmpty, !withheld.isEmpty else { return DiagnosticList() }
        // Addresses may be written percent-encoded (`/assets/%E5%9B%BE.png`) or in another case
        // (a case-insensitive host serves `/Assets/1.PNG` too).
        func readable(_ text: String) -> String {
            (text.contains("%") ? text.removingPercentEncoding ?? text : text).lowercased()
        }
        let referenced = Set(needles.filter { needle in withheld.contains { $0.texts.contains { readable($0).contains(needle) } } })
        guard !referenced.isEmpty else { return DiagnosticList() }
        let shown = Set(referenced.filter { needle in publicTexts.contains { readable($0).contains(needle) } })
        var diagnostics = DiagnosticList()
        for item in withheld {
            for (file, needle) in zip(files, needles) where referenced.contains(needle) && !shown.contains(needle)
                && item.texts.contains(where: { readable($0).contains(needle) }) {
                // The file's name is not quoted: redaction blanks it only where it is a fragment of withheld text.
                diagnostics.error(.withheldAsset,
                                  "不予公开的\(item.kind)引用了主题文件 \(file)：主题中的图片和文件不论被谁引用都会随网站发布，只有不予公开的内容引用它；请把该文件移出主题文件夹（不予公开的图片和附件不要放进网站文件夹），并删去这个引用",
                                  at: item.location)
            }
        }
        return diagnostics
    }
}
