import Foundation
import GongkaiCore

/// The preview's own files: the reload script and the failure overlay. Served only by `gongkai serve`,
/// never written into a build.
enum PreviewPages {
    static let reloadPath = "/__gongkai/reload.js"
    static let eventsPath = "/__gongkai/events"

    /// Reloads the page when a build (good or failed) finishes after the page was served.
    static let reloadScript = """
    // gongkai serve 预览专用：网站重新生成（或生成失败）后自动刷新本页。正式生成的网站中没有此文件。
    (function () {
      var script = document.currentScript;
      var shown = script ? script.getAttribute('data-generation') : null;
      var events = new EventSource('\(eventsPath)');
      events.onmessage = function (event) {
        if (event.data !== shown) { events.close(); location.reload(); }
      };
    })();

    """

    static func scriptTag(generation: Int) -> String {
        "<script src=\"\(reloadPath)\" data-generation=\"\(generation)\"></script>"
    }

    /// The page with the reload script before its last `</body>` (or at the end).
    static func inject(_ html: Data, generation: Int) -> Data {
        let tag = Data(scriptTag(generation: generation).utf8)
        if let range = html.range(of: Data("</body>".utf8), options: .backwards) {
            var result = html
            result.replaceSubrange(range.lowerBound..<range.lowerBound, with: tag)
            return result
        }
        return html + tag
    }

    /// Shown until the first build is done; reloads by itself.
    static func building(generation: Int) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>正在生成 — gongkai 预览</title></head>
        <body>
        <p>正在生成网站，完成后本页会自动刷新……</p>
        \(scriptTag(generation: generation))
        </body>
        </html>

        """
    }

    /// Shown instead of every page while the last build failed: the diagnostics as the terminal prints them
    /// without `--show-withheld` (redacted whatever the flag says).
    static func failure(_ diagnostics: [Diagnostic], generation: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        let leak = errors.contains { $0.code == .leak }
        let heading = leak ? "泄密检查未通过：网站未生成，预览不显示任何页面" : "生成失败：\(errors.count) 个错误，预览暂不显示页面"
        let items = diagnostics.map { d in
            """
            <li class="\(d.severity.rawValue)"><code>\(d.location.description.xmlEscaped)</code> \
            <b>\(d.severity == .error ? "错误" : "警告") \(d.code.rawValue)</b> \(d.message.xmlEscaped)</li>
            """
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>生成失败 — gongkai 预览</title>
        <style>
        body { margin: 0; font: 16px/1.6 system-ui, "Noto Sans CJK SC", sans-serif; background: #f4f4f4; }
        #gongkai-overlay { position: fixed; inset: 0; overflow: auto; background: #fff; border-top: 6px solid #b00020; padding: 1.5rem 2rem; }
        h1 { color: #b00020; font-size: 1.4rem; }
        ol { padding-left: 1.5rem; } li { margin: .6rem 0; } li.warning b { color: #8a5a00; } li.error b { color: #b00020; }
        code { background: #f0f0f0; padding: 0 .3em; }
        </style>
        </head>
        <body>
        <div id="gongkai-overlay" role="alert">
        <h1>\(heading)</h1>
        <p>修改下列文件并保存后，本页会自动刷新。</p>
        <ol>
        \(items)
        </ol>
        </div>
        \(scriptTag(generation: generation))
        </body>
        </html>

        """
    }

}
