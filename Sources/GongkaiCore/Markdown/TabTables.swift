import CCmark

/// A table copied from Excel or WPS and pasted into a text arrives as lines of cells separated by tabs:
///
///     项目名称→预算数→执行数
///     学生营养→1200→1198
///
/// cmark reads them as one paragraph whose tabs show as spaces, and the line ends between Chinese characters are no
/// space (`arrangeLineEnds`), so the rows ran together (`执行数学生营养`). A paragraph of at least two lines, each with
/// the same number of tabs (at least one), is drawn as a table, its first line the header, as a pipe table is; anything
/// else stays text.
extension Markdown {
    /// Whether some line could be a row of cells separated by tabs: only then are the paragraphs read for one.
    static func mayHoldTabTable(_ markdown: String) -> Bool {
        markdown.holdsBytes("\t")
    }

    /// Turns every paragraph of `document` that is rows of tab-separated cells into a table. `source` is the text
    /// `document` was parsed from.
    static func convertTabTables(in document: OpaquePointer, source: String) {
        let paragraphs = nodes(in: document, where: { $0 == CMARK_NODE_PARAGRAPH })
        guard !paragraphs.isEmpty else { return }
        let lines = source.lines()
        for paragraph in paragraphs {
            guard let own = ownLines(of: paragraph, in: lines), own.count >= 2 else { continue }
            let rows = own.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmed } }
            guard rows.allSatisfy({ $0.count >= 2 && $0.count == rows[0].count && $0.count <= maxColumns }) else { continue }
            let alignments = [Alignment](repeating: .none, count: rows[0].count)
            cmark_node_insert_before(paragraph, table(header: rows[0], alignments: alignments, rows: Array(rows.dropFirst())))
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
    }
}
