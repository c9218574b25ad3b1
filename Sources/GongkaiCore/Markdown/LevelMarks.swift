/// 密级标志 — the brackets and words a clerk marks a passage, a name or a cell with (`【涉密】`, `（保密）`, `《内部资料》`,
/// `★秘密`). One list of each, read by every reader of marks: Markdown lines (`levelNote`), names and cells
/// (`MappingReader.bracketedLevel`), links' titles. A bracket or a wording missing here is a mark published as text.
public enum LevelMarks {
    /// Each opening bracket a mark is set off with, and its closing one: Chinese and ASCII parentheses and square
    /// brackets, the lenticular, tortoise-shell, corner, angle, double-angle (book title), curly and white brackets, in
    /// their full-width, small and vertical forms, as input methods and Word's symbol table type them.
    /// (No U+2329 〈: as a Character it equals U+3008 〈, its canonical form.)
    public static let closing: [Character: Character] = [
        "（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "「": "」", "［": "］", "〖": "〗", "〈": "〉", "『": "』", "﹝": "﹞",
        "《": "》", "｛": "｝", "{": "}", "＜": "＞", "<": ">", "〘": "〙", "〚": "〛", "‹": "›", "«": "»", "⟨": "⟩", "⟦": "⟧",
        "⟪": "⟫", "﹙": "﹚", "﹛": "﹜", "﹤": "﹥", "︵": "︶", "︹": "︺", "︻": "︼", "︽": "︾", "︿": "﹀", "﹁": "﹂", "﹃": "﹄",
        "⦅": "⦆", "｟": "｠", "❨": "❩", "❪": "❫", "❬": "❭", "❮": "❯", "❰": "❱", "❲": "❳", "❴": "❵", "⁅": "⁆",
    ]

    /// Symbols a clerk sets a mark off with in pairs, as with brackets (`▲涉密▲`, `◆内部资料◆`, `※涉密※`).
    public static let pairedSymbols: Set<Character> = ["▲", "△", "●", "○", "■", "□", "◆", "◇", "★", "☆", "※"]

    /// Each closing bracket and its opening one.
    public static let opening: [Character: Character] = Dictionary(uniqueKeysWithValues: closing.map { ($0.value, $0.key) })

    /// The scalars of every opening and every closing bracket, for the readers' cheap scans.
    static let openingScalars = ScalarBitmap(closing.keys.flatMap(\.unicodeScalars))
    static let closingScalars = ScalarBitmap(closing.values.flatMap(\.unicodeScalars))

    /// Whether the character opens or closes a mark (matched or not: `‹涉密>`, `【涉密）` are typed so).
    /// Asked of every character of a line: a character whose first scalar is no bracket's is answered without hashing it.
    public static func isOpening(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first, openingScalars.contains(first) else { return false }
        return closing[c] != nil
    }
    public static func isClosing(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first, closingScalars.contains(first) else { return false }
        return opening[c] != nil
    }

    /// Other wordings of a withholding level that mark a passage or a name as the level's own name does (`【保密】`,
    /// `（国家秘密）`, `【仅供内部参考】`, `限制公开`): the level each stands for. Not in `DisclosureLevel(parsing:)`, which
    /// reads the `disclosure:` field, where a clerk writes one of the four levels and anything else is an error.
    static let otherWordings: [String: DisclosureLevel] = {
        var table: [String: DisclosureLevel] = [:]
        for word in ["保密", "国家秘密", "工作秘密", "商业秘密", "非公开", "不宜公开", "暂缓公开", "不得公开", "禁止公开", "严禁公开", "请勿公开",
                     "勿公开", "不予以公开", "涉及国家秘密", "涉及秘密", "属于国家秘密", "密件", "保密件", "保密资料", "保密文件",
                     // Found this round in clerks' documents: a typo, the confidential office's word, the web, a deletion
                     // left for later, a withholding for now.
                     "涉秘", "机要", "机要件", "暂不公开", "不上网", "不宜上网", "请勿上网", "禁止上网", "严禁上网", "不得上网", "待脱密", "未脱密",
                     "公开时删除", "公开前删除", "发布前删除", "发布时删除", "上网前删除", "注意保密", "请保密", "须保密",
                     "此项目不公开", "本项目不公开", "该项目不公开", "此项不公开", "本项不公开", "个人隐私", "涉及个人隐私", "涉及隐私", "勿上网"] {
            table[word] = .classified
        }
        for word in ["限制公开", "内部参考", "仅供内部参考", "内部使用", "仅供内部使用", "仅限内部", "仅限内部使用", "内部传阅", "内部掌握",
                     "内部资料", "内部文件", "内部发行", "不对外", "不对外公开", "请勿外传", "不得外传", "严禁外传", "不外传",
                     "仅限人大", "仅供人大", "仅报人大", "仅限人大审阅", "仅供人大审阅", "仅供人大参阅", "仅供领导参阅", "仅限领导参阅", "领导参阅",
                     "仅供参阅", "仅供审阅", "仅内部使用", "只报人大", "仅报人大", "不对社会公开", "不外发",
                     // A circulation note (`（限人大）`): the document goes to these readers only. Not `（内部通报）`, which a
                     // list of documents' titles carries (`典型案例通报（内部通报）`).
                     "限人大", "限人大审阅", "仅送人大", "只送人大", "限内部", "限人大代表", "仅供人大代表参阅", "仅供人大代表审阅", "限领导参阅",
                     "限领导阅", "限市领导", "仅送人大常委会", "仅限内部传阅"] {
            table[word] = .limited
        }
        return table
    }()

    /// Words that mark only when set off by brackets or a star (`【密】`, `（敏感信息）`): as a line of their own they may be
    /// a heading's words.
    static let bracketedWordings: [String: DisclosureLevel] = ["密": .classified, "敏感": .classified]

    /// What a marked item is, after the level's words (`（涉密项目）`, `【秘密级】`, `（内部资料）`, `〔机密件〕`): read through
    /// when the words are bracketed, where nothing but a mark is written so.
    static let bracketedSuffixes = ["项目", "事项", "信息", "材料", "资料", "文件", "文档", "数据", "工程", "课题", "级", "件", "类"]

    /// The level a mark's words name (`涉密`, `保密`, `仅供内部参考`, `Confidential`; bracketed, also `秘密级`, `涉密项目`,
    /// `密`), or nil. `words` have no brackets, emphasis or pointer left (`以下`, `内容`), as `levelNote` reads them.
    public static func level(of words: String, bracketed: Bool) -> DisclosureLevel? {
        if let level = DisclosureLevel(parsing: words) ?? otherWordings[words] { return level }
        guard bracketed else { return nil }
        if let level = bracketedWordings[words] { return level }
        // Two marks in one pair of brackets (`（涉密，请勿公开）`, `【涉密·内部】`, `【涉密/内部资料】`): a secret's or an
        // internal document's first, or withholding words only. A catalogue's `（依申请公开，涉密部分除外）` is none.
        let parts = words.split(whereSeparator: { "，,·・/／、；;|｜ \u{3000}".holdsMark($0) }).map(String.init)
        if parts.count >= 2 {
            let levels = parts.map { level(of: $0, bracketed: true) }
            // A withholding word with any other (`（仅供参考，不对外）`, `（个人隐私，不公开）`), none public, on request or denied
            // (`（涉密/非涉密）` is a form's choice).
            // Nor a note that part was left out (`（部分项目涉及国家秘密，不予公开）`, a table's caption).
            let denied = zip(parts, levels).contains { part, level in level == nil && ["非", "不", "无", "部分"].contains(where: part.hasPrefix) }
            guard !denied, !levels.contains(.public), !levels.contains(.onRequest) else { return nil }
            return levels.compactMap { $0 }.max()
        }
        for suffix in bracketedSuffixes where words.hasSuffix(suffix) && words.count > suffix.count {
            let stem = String(words.dropLast(suffix.count))
            if let level = DisclosureLevel(parsing: stem) ?? otherWordings[stem] ?? bracketedWordings[stem], level != .public { return level }
        }
        return nil
    }
}
