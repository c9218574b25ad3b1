import CCmark
import Foundation

/// Markdown to HTML through cmark with its safe defaults: raw HTML is replaced by a comment and
/// `javascript:`/`data:` links are emptied. `CMARK_OPT_UNSAFE` is never used.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
        return markdown.withCString { pointer in
            guard let output = cmark_markdown_to_html(pointer, strlen(pointer), options) else { return "" }
            defer { free(output) }
            return String(cString: output)
        }
    }
}
