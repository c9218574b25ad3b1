import Synchronization

/// A line of Markdown that only names a withholding level, as a comment (`<!-- 涉密 -->`, `[//]: # (以下涉密)`)
/// or as text (`# 涉密`, `【涉密】`, `**以下内容涉密**`): the line, trimmed, or nil. A heading or note that
/// says more (`# 涉密事项管理情况`) is not one.
public func levelNote(_ line: Substring) -> String? {
    // A long line (a paragraph, seldom repeated), or one the readings answer at once (no level's character and nothing
    // that could hide one), is read without the memo.
    guard line.utf8.count <= LevelNoteMemo.longestLine, holdsLevelCharacter(line) || mayHideLevelWords(line) else { return readLevelNote(line) }
    return LevelNoteMemo.answer(line, readLevelNote)
}

private func readLevelNote(_ line: Substring) -> String? {
    // Read as the page shows its characters: `\[涉密\]` (pandoc's escapes of a Word document's brackets), `&#23494;`, and
    // a zero-width space or soft hyphen inside a word (`涉\u{200B}密`, pasted from a web page) all show `[涉密]`, `密`, `涉密`.
    // Once: what a reference shows is not read again (`&amp;#23494;` shows `&#23494;`), and a line of ten thousand
    // `&amp;amp;…` is not taken apart one reference a time.
    levelNoteAsShown(levelWordsAsShown(line) ?? line)
}

/// `levelNote`'s answers for short lines, which repeat across a site's files: indicator names and values (`资助育人长效机制`,
/// `2个月内发放到位`), standard phrases. Every reading runs on a line holding a level's character, and 公 内 机 网 外 限 are
/// common characters, so loading asked the same short lines the whole way through again, file after file. The answer is
/// a function of the line's bytes alone; the memo is keyed by them, not by `String` equality, which takes canonically
/// equivalent lines (a compatibility ideograph and its unified form) as one. Bounded (8,192 lines, about 2 MB): emptied when
/// full, since a site whose texts all differ gains nothing from it, and loading is the checks' memory high point.
public enum LevelNoteMemo {
    static let longestLine = 120
    private static let capacity = 1 << 13
    private static let answers = Mutex<[[UInt8]: String?]>([:])

    static func answer(_ line: Substring, _ read: (Substring) -> String?) -> String? {
        let key = Array(line.utf8)
        if let known = answers.withLock({ $0[key] }) { return known }
        let note = read(line)
        answers.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo[key] = note
        }
        return note
    }

    /// Lets the answers go, once a site's files are read.
    public static func empty() {
        answers.withLock { $0 = [:] }
    }
}

/// A level note as a diagnostic quotes it: up to the punctuation after its level's words (`以下内容涉密，涉及甲区坐标…`
/// → `以下内容涉密`), at most 40 characters. What a clerk wrote after the mark may be what it marks, and build logs are
/// read by more people than the page.
func quotableNote(_ note: String) -> String {
    let words = ["涉密", "秘密", "机密", "绝密", "保密", "公开", "内部", "依申请", "敏感", "外传", "国家秘密"]
    func separator(from start: String.Index) -> String.Index {
        note[start...].firstIndex(where: { "，,；;。：:、！!？?".holdsMark($0) }) ?? note.endIndex
    }
    // A note in other words (`以下内容仅报送人大：青峰七号…`): up to its first punctuation.
    guard let end = words.compactMap({ note.range(of: $0)?.upperBound }).min() else { return String(note[..<separator(from: note.startIndex)].prefix(40)) }
    var cut = separator(from: end)
    // A level written as a key (`公开属性：涉密`, `密级：秘密`): the key's value too.
    if cut < note.endIndex, ["公开属性", "公开级别", "公开方式", "密级", "保密等级"].contains(where: note[..<cut].hasSuffix) {
        cut = separator(from: note.index(after: cut))
    }
    // A mark in brackets is quoted whole (`（部分项目涉及国家秘密，不予公开）`, not “（部分项目涉及国家秘密”): what it marks is
    // outside them.
    if let open = note.first, let closer = LevelMarks.closing[open], cut < note.endIndex,
       let close = note[cut...].firstIndex(of: closer), note[..<close].count < 40 {
        cut = note.index(after: close)
    }
    return String(note[..<cut].prefix(40))
}

/// Raw HTML as a diagnostic quotes it: its first tag's name alone (`<summary>`, `<span>`). The words and attributes inside
/// are what the clerk hid from the page (`<summary>以下内容涉密：北山坐标…</summary>`, `title="…"`), and logs are public.
func quotableTag(_ html: String) -> String {
    let start = html.drop { $0 != "<" }
    if start.hasPrefix("<!--") { return "<!-- … -->" }
    let name = start.dropFirst().prefix { $0 == "/" || $0 == "!" || $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    return name.isEmpty ? "<…>" : "<\(name.prefix(20))>"
}

/// `levelNote` of a line whose escapes, references and invisible characters are already read (`levelWordsAsShown`).
private func levelNoteAsShown(_ line: Substring) -> String? {
    // Every line of every text is asked: a line without a character of any level's name is none, and
    // neither is a mark inside it, so nearly all lines are answered by one byte scan.
    guard holdsLevelCharacter(line) else { return nil }
    return wholeLineNote(line) ?? directiveClause(in: line) ?? inlineBracketMark(in: line) ?? levelThenInstruction(in: line) ?? labelNote(line)
}

/// The words a withholding directive points with (`isWithholdingDirective`). 以上 and 上文 point back: a clerk marks a
/// paragraph after writing it (`以上内容涉密`). A line (`此行涉密`) is pointed at as a passage is. Not a project:
/// `本项目部分经费按规定不予公开` is a public statement about it, as a report writes one. Not 上述: a policy's own wording.
/// A document points at itself so (`本通知不对外公开。`, `此件不予公开`, an official document's publication note), and 上述内容
/// at what it follows (`上述内容涉及国家秘密，依法不予公开。`); a bare 上述 is a policy's (`上述问题已整改`), read in brackets only.
/// Not 该文件, which a report's narrative points back with (`经鉴定，该文件属于国家秘密`). A report's limits on its use
/// (`本报告仅供委托方内部使用`) are not a mark: a third party's evaluation report, published as it must be, closes with one.
private let linePointers: [StaticString] = ["以下", "本段", "此段", "本节", "下文", "本部分", "此部分", "该部分", "本章", "以上", "上文",
                                            "此行", "本行", "该行", "此处", "这段", "这一段", "这行", "这一行", "这部分", "这一部分", "此条",
                                            "此节", "该段", "上述内容", "前述内容", "上述部分", "上述数据", "下述内容", "下段", "后续内容", "后面的内容",
                                            "接下来的内容", "前面这段", "前面的内容", "上面这段", "上面的内容", "上面内容", "本条内容", "此条内容"]
                                            + documentPointers

/// The pointers that name a document (`本通知`, `此件`, `本表`): line pointers whose document's contents and readers' use are
/// read apart from its level (`isWithholdingDirective`).
private let documentPointers: [StaticString] = ["本文件", "此文件", "本件", "此件", "本通知", "此通知", "本材料", "此材料", "本文", "此文",
                                                "本报告", "此报告", "本函", "此函", "本纪要", "此纪要", "本会议纪要", "本方案", "此方案", "本批复",
                                                "此批复", "本请示", "此请示", "本意见", "本通报", "此通报", "本稿", "此稿", "本页", "此页", "本附件",
                                                "此附件", "本清单", "此清单", "本表", "此表", "本合同", "此合同"]
private let documentPointerWords = Set(documentPointers.map(\.description))

/// A project pointing at itself (`本项目涉密。`, `本项目属于涉密项目`) marks only with a secret's words straight after it:
/// `本项目部分经费按规定不予公开` is a public statement about the project, as a report writes one (`projectIsSecret`).
private let projectPointers: [StaticString] = ["本项目", "该项目", "此项目", "本子项目", "该子项目", "这个项目", "这一项目", "上述项目",
                                               "本工程", "该工程", "此工程", "本课题", "本子课题", "该课题"]
private let projectPointerWords = projectPointers.map(\.description)

/// The words with which 下面 and 下列 point at the passage itself (`下面的内容请勿公开`, `下列内容属于内部资料：`), not at a
/// speech's part or a policy's list (`下面，就…讲几点意见`, `下列事项属于国家秘密`).
private let passageOpeners = ["下列内容", "下面内容", "下面的内容", "下面这段", "下面一段"]


/// In brackets a clerk's note points in more words (`（此条涉密，请删除）`, `（上述内容涉密，勿上网）`, `（该数据涉密）`), which a
/// policy's sentences use too.
private let bracketPointers: [StaticString] = ["本条", "该条", "这条", "此项", "本项", "该项", "这项", "此数据", "该数据", "本数据", "这个数据",
                                               "该表", "上述", "前述", "下述", "如下", "此句", "这句"]

/// Every pointer as bytes, for a cheap look at a line first; and as words, for the directive's own reading.
/// `下列内容` and `下面` start a clerk's note as often as a policy's list (`下列事项属于国家秘密：`): a clause is looked for there
/// too, and `isWithholdingDirective` reads it with a secret's words only.
private let directivePointers = linePointers + bracketPointers + projectPointers + ["下列内容", "下面"]
private let linePointerWords = linePointers.map(\.description)
private let allPointerWords = (linePointers + bracketPointers).map(\.description)
/// The characters a pointer starts with: a clause is looked for only where one stands.
private let pointerStarts = Set(directivePointers.map(\.description).compactMap(\.first))
/// The same as scalars, for the byte-cheap look at a line before its pointers are searched for one by one.
private let pointerStartScalars = ScalarBitmap(directivePointers.compactMap { $0.description.unicodeScalars.first })

/// What ends a directive's clause. An opening bracket ends one too: `本表部分数据（涉密）未予公开` is read as `本表部分数据` and
/// its bracket apart.
private let clauseEnds: Set<Character> = ["。", "；", "！", "？", "!", "?", ";", "：", ":", "，", ",", "）", ")", "】", "]", "》", "」", "、", "（", "(", "【"]

/// A withholding directive that starts a clause of a longer line (`以下内容涉密：青峰指挥所位于…`, `……。以上内容涉密。`,
/// `（注：以下内容涉及国家秘密，依照保密法规定不予公开）`, `本项目以下部分内容涉密。`): the clause, up to its punctuation, or nil.
/// A clerk writes the note and what it marks on one line as often as on two, and either way the line is published.
/// The clause starts the line or follows punctuation or a space, never a word (`所以下达`, `如以下内容`, `60分以下`); not
/// `下列…`, which starts a policy's own list of what is withheld (`下列事项属于国家秘密：`) as often as a clerk's note.
private func directiveClause(in line: Substring) -> String? {
    // Traditional characters read as Simplified (`這段涉密：…`), as a whole-line note's are.
    let traditional = line.unicodeScalars.contains(where: traditionalLevelScalars.contains)
    guard traditional || line.unicodeScalars.contains(where: pointerStartScalars.contains) && directivePointers.contains(where: { line.holdsBytes($0) })
    else { return nil }
    let characters = traditional ? line.map { traditionalLevelCharacters[$0] ?? $0 } : Array(line)
    for start in characters.indices where pointerStarts.contains(characters[start]) {
        // After a word, only a report's or a project's own pointer (`本项目以下部分内容涉密`, `本报告以上内容`).
        if start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber {
            let subject = ["本项目", "该项目", "此项目", "本报告", "本文件", "本文"].first { word in
                start >= word.count && characters[(start - word.count)..<start].elementsEqual(word)
                    && (start == word.count || !characters[start - word.count - 1].isLetter)
            }
            guard characters[start] == "以", subject != nil else { continue }
        }
        var clause = "", count = 0
        for c in characters[start...] {
            if clauseEnds.contains(c) || count == 24 { break }
            if "*_`".holdsMark(c) { continue }
            clause.append(c)
            count += 1
        }
        let inBrackets = start > 0 && LevelMarks.isOpening(characters[start - 1])
        // A policy's rule, not a note: a condition (`上述内容涉及国家秘密的，不得公开`), and a list it defines
        // (`下列内容属于国家秘密，不得在互联网上发布：…`, `下列事项应当确定为国家秘密`, `下面介绍…保密工作情况`). A clerk's
        // 下列/下面 note is `下列内容…：`, `下面是涉密内容` (read as a whole line, `isWithholdingDirective`, too).
        if clause.hasSuffix("的") { continue }
        if clause.hasPrefix("下列") || clause.hasPrefix("下面") {
            let end = start + count < characters.count ? characters[start + count] : "。"
            guard (passageOpeners + ["下面是涉密", "下面为涉密"]).contains(where: clause.hasPrefix),
                  !"，,".holdsMark(end) else { continue }
        }
        guard clause.count >= 4, isWithholdingDirective(clause, inBrackets: inBrackets) else { continue }
        // A project said to be secret, then why something is done or left out (`本项目属于涉密项目，采用单一来源方式采购`,
        // `…，绩效自评报告不予公开`), is a procurement notice's or a final account's statement. A bare withholding after it
        // (`本项目涉密，不予公开。`) or anything else (`本项目涉密，青峰指挥所位于…`: what it marks) leaves it a note.
        if projectPointerWords.contains(where: clause.hasPrefix), start + count < characters.count, "，,".holdsMark(characters[start + count]) {
            var next = Substring(String(characters[(start + count + 1)...].prefix { !"。；;！!？?，,".holdsMark($0) }))
            for whole in ["具体内容", "相关内容", "全部内容", "内容", "一律", "均"] where next.hasPrefix(whole) { next = next.dropFirst(whole.count); break }
            let bare = ["不予公开", "不公开", "请勿公开", "勿公开", "不宜公开", "暂不公开", "不得公开", "依法不予公开", "按规定不予公开"].contains(String(next))
            let consequence = ["采用", "按规定", "按照", "依法", "依照", "不进行", "不适用", "不予公开", "不公开", "未公开", "采购", "招标", "报告", "成果", "需求"]
            if !bare, consequence.contains(where: next.contains) { continue }
        }
        return clause
    }
    return nil
}

/// `levelNoteAsShown` of a line that is a note as a whole, or is marked at its start or end.
private func wholeLineNote(_ line: Substring) -> String? {
    // Read as the page shows it: pandoc's attribute blocks and Word's bookmarks (`# 涉密 {#涉密}`,
    // `[]{#_Toc1 .anchor}以下内容涉密`) are not shown.
    if line.holdsBytes("{") {
        // A Word style or a class naming a level (`[青锋]{custom-style="涉密"}`, `{.内部}`), which the page does not show.
        if let mark = levelAttribute(in: line) { return mark }
        let shown = Markdown.withoutAttributes(String(line))
        if shown.utf8.count != line.utf8.count { return levelNoteAsShown(Substring(shown)) }
    }
    // Raw HTML's tags (`<summary>以下内容涉密</summary>`, `<p>【内部】</p>`, `…<span>（涉密）</span>`): a clerk's editor shows
    // the words without them, and the page the inline ones' words.
    if line.holdsBytes("<"), let shown = withoutHTMLTags(line) { return levelNoteAsShown(shown) }
    if let mark = leadingLevelMark(line) ?? trailingLevelMark(line) ?? linkTextLevelMark(line) ?? labelLevelMark(line) { return mark }
    // A footnote's text (`[^1]: 【涉密】…`, as pandoc writes a Word footnote) is read as a line of its own.
    if let text = footnoteText(line), let note = levelNoteAsShown(text) { return note }
    // A note written as a list item or quoted (`- 【涉密】`, `> 以下为涉密内容`), as pandoc writes a Word list. A bare
    // level word there (`- 依申请公开`) is a guide's list of levels, not a note.
    let unmarked = withoutBlockMarks(line)
    // An Obsidian callout (`> [!warning]- 以下内容涉密`, folded in the clerk's editor; `> [!涉密]`): the page shows a quote
    // with the marker as text, and the passage under it.
    if unmarked.hasPrefix("[!"), line.drop(while: { $0 == " " }).first == ">", let close = unmarked.prefix(40).firstIndex(of: "]") {
        let type = unmarked[unmarked.index(unmarked.startIndex, offsetBy: 2)..<close]
        let title = unmarked[unmarked.index(after: close)...].drop { "-+ \t\u{3000}".holdsMark($0) }
        // The marker or the mark is quoted, never the title's other words (the diagnostic goes to logs).
        if namesLevel(type) { return "[!\(type)]" }
        if let level = DisclosureLevel(parsing: String(title)), level != .public { return String(title) }
        if !title.isEmpty, let mark = levelNoteAsShown(title) { return mark }
    }
    if unmarked.utf8.count != line.utf8.count {
        // A long item is no note (a mark at its start was looked for above): its text is not copied.
        // Nor is a guide's list of grounds (`1. 属于国家秘密`, `- 涉及商业秘密`): they describe, and mark nothing.
        guard unmarked.utf8.count <= 40 * 4, DisclosureLevel(parsing: String(unmarked)) == nil, !unmarked.hasPrefix("属于"), !unmarked.hasPrefix("涉及"),
              levelNoteAsShown(unmarked) != nil else { return nil }
        return String(line.trimmed)
    }
    guard line.utf8.count <= 40 * 4 else { return nil }
    let whole = line.trimmed
    guard !whole.isEmpty, whole.count <= 40 else { return nil }
    var text = Substring(whole)
    if text.hasPrefix("<!--"), text.hasSuffix("-->"), text.count >= 7 {
        text = text.dropFirst(4).dropLast(3)
    } else if text.hasPrefix("["), let close = text.range(of: "]:") {
        // `[//]: # (备注)`, `[comment]: <> "备注"`: the note is the title.
        let rest = text[close.upperBound...].drop { $0 == " " }
        let title = rest.drop { $0 != " " }.drop { $0 == " " }
        guard let open = title.first, let end = title.last, title.count >= 2,
              (open == "(" && end == ")") || (open == "\"" && end == "\"") || (open == "'" && end == "'") else { return nil }
        text = title.dropFirst().dropLast()
        // A definition's title marked at its start or end (`[1]: /assets/纪要.pdf "【内部】会议纪要"`): the link's title.
        if titleLevelMark(text) != nil { return whole }
    } else {
        // `## 涉密 ##`: a heading's closing hashes too.
        text = text.drop { $0 == "#" }
        if text.count < whole.count, text.last == "#" { text = Substring(text.reversed().drop { $0 == "#" }.reversed()) }
        // A disclosure guide's section (`## 依申请公开`; pandoc writes Word's `二、依申请公开` without its number), as its list
        // item `- 依申请公开` and its catalogue's `（依申请公开）` are: a heading of the on-request level's words alone is no note.
        if text.count < whole.count, text.first == " " || text.first == "\t", DisclosureLevel(parsing: String(text)) == .onRequest { return nil }
    }
    // Brackets and emphasis around the words: 【涉密】 （涉密） **涉密** 「涉密」 《涉密》; a pair typed unmatched too
    // (`‹涉密>`, `【涉密）`): the page shows the words set off all the same.
    var changed = true, bracketed = false
    while changed {
        changed = false
        text = Substring(text.trimmed)
        guard text.count >= 2, let first = text.first, let last = text.last else { break }
        // A pair of symbols sets the words off as brackets do (`▲涉密▲`, `◆内部资料◆`, `★机密★`).
        if (LevelMarks.isOpening(first) && LevelMarks.isClosing(last)) || (first == last && ("*_`".holdsMark(first) || LevelMarks.pairedSymbols.contains(first))) {
            bracketed = bracketed || LevelMarks.isOpening(first) || !"*_`".holdsMark(first)
            text = text.dropFirst().dropLast()
            changed = true
        }
    }
    // Emphasis on some of the words (`**以下**内容涉密`): the page shows the words without the marks.
    var words = String(text.filter { $0 != "*" && $0 != "_" && $0 != "`" })
    // An official document's secrecy marking (GB/T 9704): `机密★3年`, `密级：秘密`; or a level written as a
    // key (`公开属性：涉密`, a header line left in the body after a stray `---`).
    // A star before the words (`★秘密`, `☆ 机密`) marks them as one after them does.
    if let star = words.firstIndex(where: { $0 == "★" || $0 == "☆" }) {
        if star > words.startIndex {
            words = String(words[..<star])
        } else {
            words = String(words.drop { "★☆ \u{3000}".holdsMark($0) })
            bracketed = true
        }
    }
    for key in ["密级", "公开属性", "公开级别", "公开方式"] where words.hasPrefix(key) {
        let value = words.dropFirst(key.count)
        guard let mark = value.first, "：: \u{3000}".holdsMark(mark) else { continue }
        words = String(value.drop { "：: \u{3000}".holdsMark($0) })
        // Its ground after it in brackets (`公开属性：不予公开（涉及国家秘密）。`): the value is before them.
        while let last = words.last, "：:。.，,！!；;".holdsMark(last) { words.removeLast() }
        if let close = words.last, let open = LevelMarks.opening[close], let at = words.lastIndex(of: open), at > words.startIndex,
           let level = DisclosureLevel(parsing: String(words[..<at])), level == .classified || level == .limited {
            words = String(words[..<at])
        }
        break
    }
    while let last = words.last, "：:。.，,！!；;".holdsMark(last) { words.removeLast() }
    // A document's property as a line (`保密等级：机密`, `subject: 秘密`, `classification: Confidential`, as `pandoc -s` writes a
    // Word file's properties and a cover page states them): a short key whose value is a withholding level.
    // Not gongkai's own keys (`disclosure: 涉密`, `level: 涉密`): a guide shows the format in a code block, and outside one
    // a `disclosure:` in a body is already an error of its own (GK003).
    // Not an answer's record (`办理结果：不予公开`, `答复结果：不公开`, `处理意见：不予公开`, `答复类型：不予公开`, `答复情况：不予公开`),
    // as a disclosure report or a published ledger of replies lists one.
    if let colon = words.firstIndex(where: { $0 == "：" || $0 == ":" }), (1...16).contains(words.distance(from: words.startIndex, to: colon)),
       !["disclosure", "level"].contains(words[..<colon].trimmingCharacters(in: .whitespaces).lowercased()),
       !["结果", "答复", "意见", "决定", "类型", "情况"].contains(where: words[..<colon].hasSuffix) {
        let value = String(words[words.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        let level = DisclosureLevel(parsing: value) ?? englishMark(value)
        if level == .classified || level == .limited { return whole }
    }
    // Traditional characters (a document from Hong Kong or Taiwan, a converter's output) read as Simplified, and a
    // clerk's label or bullet before the note (`注：以下内容涉密`, `※以下内容涉密`) is not part of it.
    if words.unicodeScalars.contains(where: traditionalLevelScalars.contains) { words = String(words.map { traditionalLevelCharacters[$0] ?? $0 }) }
    words = withoutNoteLabel(words)
    if isWithholdingDirective(words, inBrackets: bracketed) { return whole }
    for prefix in ["以下内容", "以下部分", "以下", "以上内容", "以上部分", "以上", "本段内容", "本段"] where words.hasPrefix(prefix) { words.removeFirst(prefix.count); break }
    // `涉密内容如下`: a note before what it marks.
    if words.hasSuffix("如下"), words.count > 2 { words.removeLast(2) }
    for suffix in ["内容", "部分"] where words.hasSuffix(suffix) && words.count > suffix.count { words.removeLast(suffix.count); break }
    guard let level = LevelMarks.level(of: words, bracketed: bracketed) ?? englishMark(words), level != .public else { return nil }
    return whole
}

/// An attribute block of the line (pandoc's `{.class}`, `{custom-style="…"}`; `Markdown.attributeBlocks`) one of whose
/// items names a withholding level — a Word character or paragraph style named for one (`custom-style="涉密"`,
/// `custom-style="内部资料"`, `.秘密`, `.confidential`): the block as written, or nil. A page does not show the block, so
/// the words it marks would be published as plain text.
private func levelAttribute(in line: Substring) -> String? {
    for block in Markdown.attributeBlocks(in: String(line)) {
        // Not an `#id`: pandoc makes a heading's from its words, which the page shows (`# 涉密事项管理 {#涉密事项管理}`).
        for item in block.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where !item.hasPrefix("#") {
            var value = item.drop { $0 == "." }
            if let equals = value.firstIndex(of: "=") { value = value[value.index(after: equals)...] }
            if namesLevel(value.filter { $0 != "\"" }[...]) { return "{\(block)}" }
        }
    }
    return nil
}

/// Whether a pandoc attribute block (`custom-style="涉密"`, `.confidential`, `#内部`) names a withholding level in any of its
/// items, ids included: a fenced div's block is not shown, so a level written there would withhold nothing.
public func attributesNameLevel(_ block: Substring) -> Bool {
    namesLevel(Substring(block.filter { $0 != "\"" && $0 != "'" }))
}

/// Whether a label a clerk's tool keeps out of sight — a Word style, a class, an Obsidian callout's type — names a
/// withholding level (`涉密`, `内部资料`, `秘密文字`, `Confidential`).
private func namesLevel(_ label: Substring) -> Bool {
    // Every spelling of a withholding level counts, the limited and on-request ones too: `::: {.limited}` is pandoc's own
    // writing of `::: limited`, and `{custom-style="在一定范围内公开"}` a Word style named for the level.
    let words = ["涉密", "秘密", "机密", "绝密", "内部", "不予公开", "不公开", "保密", "依申请", "在一定范围", "有限公开",
                 "classified", "confidential", "secret", "internal", "restricted", "limited", "on-request"]
    let text = String((levelWordsAsShown(label) ?? label).map { traditionalLevelCharacters[$0] ?? $0 }).lowercased()
    return words.contains(where: text.contains)
}

/// The line without its HTML tags (`<summary>`, `</p>`, `<span class="x">`: a `<` then a letter or `/` and a letter, to the
/// next `>`), or nil when it has none. Comments (`<!--`) and autolinks' words are left to the readers that know them.
private func withoutHTMLTags(_ line: Substring) -> Substring? {
    var result = Substring(), rest = line, changed = false
    while let open = rest.firstIndex(of: "<") {
        let after = rest[rest.index(after: open)...]
        let name = after.first == "/" ? after.dropFirst() : after
        guard let letter = name.first, letter.isASCII, letter.isLetter, let close = after.firstIndex(of: ">") else {
            result += rest[...open]
            rest = after
            continue
        }
        result += rest[..<open]
        rest = after[after.index(after: close)...]
        changed = true
    }
    return changed ? result + rest : nil
}

/// A level mark the page shows across a line end inside a paragraph (`……（此部分涉` / `密）：`, `【涉` / `密】……`,
/// `以下内容涉` / `密`), as text copied from a PDF or wrapped by an editor breaks wherever the line ended: cmark joins the
/// two lines into one paragraph. Nil when `line` does not continue `previous`'s paragraph (a blank line, a heading, a list's
/// next item, a quote, a table's row, a fence), or when the two do not join into a mark. Asked only of lines that are no
/// note alone.
public func levelNoteAcrossLines(_ previous: Substring, _ line: Substring) -> String? {
    var head = previous
    while let last = head.last, last == " " || last == "\t" || last == "\\" { head.removeLast() }
    let tail = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
    guard !head.isEmpty, !tail.isEmpty, holdsLevelCharacter(head.suffix(16)) || holdsLevelCharacter(tail.prefix(16)),
          continuesParagraph(previous, line) else { return nil }
    // The mark at the paragraph's start, or a note that is the whole of it: the first line is short.
    if head.prefix(17).count <= 16, let note = levelNote(Substring(String(head) + String(tail.prefix(60)))) { return note }
    // The mark at the paragraph's end: the second line is short.
    if tail.prefix(17).count <= 16 {
        let window = Substring(String(head.suffix(20)) + String(tail))
        if let mark = trailingLevelMark(levelWordsAsShown(window) ?? window) { return mark }
    }
    return nil
}

/// Whether `line` continues the paragraph `previous` is a line of, as cmark reads them: `previous` is no heading, table
/// row, fence or rule, and `line` starts no block of its own (a blank line, a heading, a quote, a list item, a table row,
/// HTML, a fence, a footnote, a setext underline or rule).
private func continuesParagraph(_ previous: Substring, _ line: Substring) -> Bool {
    func isRule(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy { $0 == "=" || $0 == "-" || $0 == "*" || $0 == "_" || $0 == " " } }
    let before = previous.drop { $0 == " " }
    guard let first = before.first, first != "#", first != "|", !before.hasPrefix("```"), !before.hasPrefix("~~~"), !isRule(before),
          Fence.recognise(previous) == nil else { return false }
    let indent = line.prefix { $0 == " " }.count
    if indent >= 4 { return true }   // after a paragraph's line, an indented line continues it
    let rest = line.dropFirst(indent)
    guard let start = rest.first else { return false }
    if "#>|<".holdsMark(start) || rest.hasPrefix("```") || rest.hasPrefix("~~~") || rest.hasPrefix("[^") || isRule(rest) { return false }
    if "-*+".holdsMark(start), rest.count == 1 || rest.dropFirst().first == " " || rest.dropFirst().first == "\t" { return false }
    let digits = rest.prefix { $0.isASCII && $0.isNumber }
    if (1...9).contains(digits.count), let mark = rest.dropFirst(digits.count).first, mark == "." || mark == ")" { return false }
    return Fence.recognise(line) == nil && !Fence.hasColonRun(line)
}

/// The line with the characters a page shows differently from how they are written put as it shows them, or nil
/// when there are none (nearly every line: answered on its bytes): a backslash escape of ASCII punctuation (`\[涉密\]`,
/// as pandoc writes a Word document's `[涉密]`) reads as the character, a character reference (`&#23494;`, `&#x5BC6;`,
/// `&lsqb;`) as the character cmark draws for it, and a character that shows nothing — a zero-width space or joiner, a
/// soft hyphen, a word joiner, a variation selector, a byte-order mark inside the text (Unicode's default-ignorable
/// characters) — is left out, so `涉\u{200B}密` reads `涉密`. A level's words hidden so from a byte reading are read.
public func levelWordsAsShown(_ line: Substring) -> Substring? {
    guard mayHideLevelWords(line) else { return nil }
    let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    let named: [Substring: Character] = ["lsqb": "[", "lbrack": "[", "rsqb": "]", "rbrack": "]", "lpar": "(", "rpar": ")",
                                          "ast": "*", "midast": "*", "lowbar": "_", "num": "#", "colon": ":", "star": "☆",
                                          "starf": "★", "bigstar": "★", "lt": "<", "gt": ">", "amp": "&", "excl": "!",
                                          "nbsp": "\u{00A0}", "ensp": " ", "emsp": " ", "thinsp": " "]
    var result = String.UnicodeScalarView()
    var rest = line.unicodeScalars[...]
    var changed = false
    while let c = rest.first {
        if c == "\\", let next = rest.dropFirst().first, punctuation.unicodeScalars.contains(next) {
            result.append(next); rest = rest.dropFirst(2); changed = true
            continue
        }
        if c == "&", let semicolon = rest.prefix(33).firstIndex(of: ";") {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: rest[rest.index(after: rest.startIndex)..<semicolon])
            let name = Substring(String(scalars))
            var decoded: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = (1...6).contains(name.count - 2) ? UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) : nil
            } else if name.hasPrefix("#") {
                decoded = (1...7).contains(name.count - 1) ? UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) : nil
            } else {
                decoded = named[name]?.unicodeScalars.first
            }
            if let decoded, decoded.value != 0 {
                if !decoded.properties.isDefaultIgnorableCodePoint { result.append(decoded) }
                rest = rest[rest.index(after: semicolon)...]; changed = true
                continue
            }
        }
        if c.properties.isDefaultIgnorableCodePoint {
            rest = rest.dropFirst(); changed = true
            continue
        }
        if isSpaceBetweenWords(c), let last = result.last, isHan(last) {
            // An official document spaces a two-character word out (`机　密★1年`, `密　级`, `（内　部）`), and a clerk types an
            // ordinary or a no-break space for it: between two Chinese characters the words read as one.
            let run = rest.prefix(while: isSpaceBetweenWords)
            if run.count <= 4, let next = rest.dropFirst(run.count).first, isHan(next) {
                rest = rest.dropFirst(run.count); changed = true
                continue
            }
        }
        if (0xFF21...0xFF3A).contains(c.value) || (0xFF41...0xFF5A).contains(c.value), let ascii = Unicode.Scalar(c.value - 0xFEE0) {
            // Full-width letters, as a Chinese input method types them (`ＣＬＡＳＳＩＦＩＥＤ`), read as the letters.
            result.append(ascii); rest = rest.dropFirst(); changed = true
            continue
        }
        if c == "\u{3299}" {
            // ㊙, the circled 秘 that marks a document secret, reads as the level it stands for.
            result.append(contentsOf: "秘密".unicodeScalars); rest = rest.dropFirst(); changed = true
            continue
        }
        result.append(c); rest = rest.dropFirst()
    }
    return changed ? Substring(String(result)) : nil
}

/// A space that may stand between the characters of a word spaced out: an ordinary, a no-break or a full-width space.
private func isSpaceBetweenWords(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\u{00A0}" || c == "\u{3000}" }

/// Whether the scalar is a Chinese character (the unified ideographs, their extensions and compatibility forms).
private func isHan(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
    default: false
    }
}

/// Whether the line holds a backslash, an ampersand, the UTF-8 of a character that shows nothing (U+00AD, U+034F,
/// U+115F–U+180F's scripts, U+200B–U+200F, U+2060–U+206F, U+3164, U+FE00–U+FE0F, U+FEFF, U+FFA0, the supplementary
/// variation selectors and format characters), ㊙, or a space (` `, U+00A0, U+3000) between two characters of the
/// three-byte CJK range (`机　密`): `levelWordsAsShown` has something to do. A byte scan.
private func mayHideLevelWords(_ line: Substring) -> Bool {
    var line = line
    return line.withUTF8 { b in
        /// Whether a run of spaces starts at `i` with a Chinese character's UTF-8 (lead byte E3–E9) before and after it.
        func spacedWord(at i: Int) -> Bool {
            guard i >= 3, (0xE3...0xE9).contains(b[i - 3]) else { return false }
            var j = i
            while j < b.count {
                if b[j] == 0x20 { j += 1 } else if b[j] == 0xC2, j + 1 < b.count, b[j + 1] == 0xA0 { j += 2 } else if b[j] == 0xE3, j + 2 < b.count, b[j + 1] == 0x80, b[j + 2] == 0x80 { j += 3 } else { break }
            }
            return j < b.count && (0xE3...0xE9).contains(b[j])
        }
        var i = 0
        while i < b.count {
            let x = b[i]
            switch x {
            case 0x20 where spacedWord(at: i): return true
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0xA0 && spacedWord(at: i): return true
            case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80 && spacedWord(at: i): return true
            case 0x5C, 0x26, 0xE1, 0xF3: return true
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0xAD: return true
            case 0xCD where i + 1 < b.count && b[i + 1] == 0x8F: return true
            case 0xE2 where i + 2 < b.count:
                if b[i + 1] == 0x80 && (0x8B...0x8F).contains(b[i + 2]) { return true }
                if b[i + 1] == 0x81 && (0xA0...0xAF).contains(b[i + 2]) { return true }
            case 0xE3 where i + 2 < b.count && b[i + 1] == 0x85 && b[i + 2] == 0xA4: return true
            case 0xE3 where i + 2 < b.count && b[i + 1] == 0x8A && b[i + 2] == 0x99: return true  // ㊙
            case 0xEF where i + 2 < b.count:
                if b[i + 1] == 0xB8 && (0x80...0x8F).contains(b[i + 2]) { return true }
                // Full-width letters: Ａ–Ｚ, ａ–ｚ.
                if (b[i + 1] == 0xBC && (0xA1...0xBA).contains(b[i + 2])) || (b[i + 1] == 0xBD && (0x81...0x9A).contains(b[i + 2])) { return true }
                if b[i + 1] == 0xBB && b[i + 2] == 0xBF { return true }
                if b[i + 1] == 0xBE && b[i + 2] == 0xA0 { return true }
            case 0xF0 where i + 1 < b.count && (b[i + 1] == 0x9B || b[i + 1] == 0x9D): return true
            default: break
            }
            i += 1
        }
        return false
    }
}

/// A mark an English document writes (`CONFIDENTIAL`, `Secret`, `Top Secret`, `Internal Use Only`, `Restricted`), as a joint
/// project's or a translated template's is: the level it stands for, or nil. Only as a note or a bracketed mark; in a sentence
/// (`the internal control system`) the words are text.
private func englishMark(_ words: String) -> DisclosureLevel? {
    switch words.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: " ") {
    case "confidential", "secret", "top secret", "strictly confidential", "classified information", "not for publication", "not for public release":
        .classified
    case "internal", "internal use only", "for internal use only", "internal only", "restricted", "restricted distribution":
        .limited
    default: nil
    }
}

/// The Traditional forms of the characters that level names, withholding notes' grounds and denials use.
public let traditionalLevelCharacters: [Character: Character] = [
    "開": "开", "內": "内", "僅": "仅", "國": "国", "請": "请", "範": "范", "圍": "围", "機": "机", "絕": "绝",
    "祕": "秘", "對": "对", "屬": "属", "於": "于", "審": "审", "經": "经", "無": "无", "動": "动", "準": "准",
    "應": "应", "當": "当", "須": "须", "關": "关", "與": "与", "緩": "缓", "發": "发", "佈": "布", "隱": "隐",
    "資": "资", "參": "参", "傳": "传", "節": "节", "該": "该", "報": "报", "這": "这", "條": "条", "項": "项", "數": "数",
    "據": "据", "處": "处", "別": "别", "刪": "删", "網": "网",
]

/// The keys of `traditionalLevelCharacters`, for telling cheaply whether a text holds one.
private let traditionalLevelScalars = ScalarBitmap(traditionalLevelCharacters.keys.flatMap(\.unicodeScalars))

/// The words without a label or bullet a clerk writes before a note (`注：`, `备注：`, `说明：`, `※`, `▲`, `●`).
private func withoutNoteLabel(_ words: String) -> String {
    // Nearly every line starts with neither: answered on its first scalar.
    guard let first = words.unicodeScalars.first, "※▲△●○■□◆◇•·☞→ \u{3000}注备说提特".unicodeScalars.contains(first) else { return words }
    var rest = Substring(words).drop { "※▲△●○■□◆◇•·☞→ \u{3000}".holdsMark($0) }
    for label in ["特别提示", "特别说明", "备注", "说明", "提示", "注意", "注"] where rest.hasPrefix(label) {
        let after = rest.dropFirst(label.count)
        guard let mark = after.first, mark == "：" || mark == ":" else { continue }
        rest = after.dropFirst().drop { $0 == " " || $0 == "\u{3000}" }
        break
    }
    return String(rest)
}

/// The line without the block quote marks and list item markers it starts with (`> `, `- `, `* `, `+ `, `1. `, `2) `).
private func withoutBlockMarks(_ line: Substring) -> Substring {
    func spaces(_ s: Substring) -> Substring { s.drop { $0 == " " || $0 == "\t" || $0 == "\u{3000}" } }
    var rest = spaces(line)
    while let first = rest.first {
        if first == ">" { rest = spaces(rest.dropFirst()); continue }
        let after = rest.dropFirst()
        if "-*+".holdsMark(first), let next = after.first, next == " " || next == "\t" { rest = spaces(after); continue }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if (1...9).contains(digits.count), let mark = rest.dropFirst(digits.count).first, mark == "." || mark == ")",
           let next = rest.dropFirst(digits.count + 1).first, next == " " || next == "\t" {
            rest = spaces(rest.dropFirst(digits.count + 1))
            continue
        }
        break
    }
    return rest
}

/// A level marking a paragraph at the start of its line, before its text (`【涉密】青锋…`, `- **（内部）** …`, as a
/// clerk marks a paragraph of a document): the mark alone — the paragraph is not quoted — or nil.
private func leadingLevelMark(_ line: Substring) -> String? {
    guard mayOpenWithBracket(line) || mayOpenWithNumbering(line) else { return nil }
    // Past list, quote and heading marks and emphasis: `- `, `1. `, `> `, `# `, `**`; and an official document's
    // paragraph number (`一、`, `（二）`, `第三条`, `附件1：`, a caption's `表3`).
    let marks: (Character) -> Bool = { " \t\u{3000}#>-+*_`0123456789.、)".holdsMark($0) }
    let rest = withoutParagraphNumber(line.drop(while: marks)).drop(while: marks)
    guard let open = rest.first, let close = LevelMarks.closing[open],
          let end = rest.dropFirst().prefix(16).firstIndex(of: close) else { return nil }
    // A mark that is the whole line is a level note of its own (`【涉密】`).
    guard rest[rest.index(after: end)...].contains(where: { !$0.isWhitespace && $0 != "*" && $0 != "_" }) else { return nil }
    let mark = rest[...end]
    return levelNoteAsShown(mark) != nil ? String(mark) : nil
}

/// The words a label marks a passage with (`涉密：…`): a secret's or an internal document's. A guide's `依申请公开：…` stays text.
private let markingWords: Set<String> = ["涉密", "秘密", "机密", "绝密", "内部", "内部资料", "保密", "国家秘密", "非公开", "限制公开", "内部参考", "classified"]

/// A paragraph labelled with a level and a colon, as a clerk labels a passage (`涉密：北山…`, `**内部**：…`, `- 秘密: …`,
/// `一、机密：…`, `Confidential: …`): the label, or nil. Only the words of a secret or an internal document: a guide explains
/// the levels with `依申请公开：…`, `不予公开：下列信息…`, `主动公开：…`, which stay text.
private func labelLevelMark(_ line: Substring) -> String? {
    let marks: (Character) -> Bool = { " \t\u{3000}#>-+*_`".holdsMark($0) }
    let rest = withoutParagraphNumber(line.drop(while: marks)).drop(while: marks)
    guard let colon = rest.prefix(20).firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
    let label = String(rest[..<colon].filter { $0 != "*" && $0 != "_" && $0 != "`" }).trimmingCharacters(in: .whitespaces)
    guard markingWords.contains(label.lowercased()) || englishMark(label) != nil,
          rest[rest.index(after: colon)...].contains(where: { !$0.isWhitespace && !"*_`".holdsMark($0) }) else { return nil }
    // A form's field answered no (`涉密：否`, `涉密：无`, a report's cover table) labels no passage.
    let answer = rest[rest.index(after: colon)...].filter { !$0.isWhitespace && !"*_`。.；;，,".holdsMark($0) }
    if ["否", "无", "不涉密", "非涉密", "没有", "不是"].contains(answer) { return nil }
    // A policy's list of duties or of sides (`保密：签订保密协议，履行保密义务`, `内部：建立健全内部控制制度；外部：…`) labels a
    // topic, not a passage.
    if label == "保密", ["义务", "协议", "责任", "制度", "纪律", "守则", "承诺"].contains(where: answer.contains) { return nil }
    if label == "内部", answer.contains("外部：") || answer.contains("外部:") { return nil }
    return label + String(rest[colon])
}

/// Whether the line, past spaces and marks, starts with a character an official document's paragraph number starts with:
/// a Chinese numeral (`一、`), `（`, `(` (`（二）`, `(1)`), `第` (`第三条`), `附` (`附件1：`), `表` or `图` (a caption's `表3`).
private func mayOpenWithNumbering(_ line: Substring) -> Bool {
    guard let first = line.first(where: { !" \t\u{3000}#>-+*_`".holdsMark($0) }) else { return false }
    return "一二三四五六七八九十（(第附表图".holdsMark(first)
}

/// The text after an official document's paragraph number (GB/T 9704: `一、`, `（一）`, `（1）`; a list of points' `一是`; `第三条`, `第二章`; `附件1：`,
/// `附表2`; a caption's `表3` or `图1-2`), with the spaces after it; the text itself when it starts with none.
private func withoutParagraphNumber(_ text: Substring) -> Substring {
    let numerals = "一二三四五六七八九十百零〇0123456789"
    func spaces(_ s: Substring) -> Substring { s.drop { $0 == " " || $0 == "\t" || $0 == "\u{3000}" } }
    // `一、`, `十二、`; a list of points' `一是`, `二是`
    let chinese = text.prefix { "一二三四五六七八九十百零〇".holdsMark($0) }
    if !chinese.isEmpty, chinese.count <= 4, let mark = text.dropFirst(chinese.count).first, mark == "、" || mark == "是" {
        return spaces(text.dropFirst(chinese.count + 1))
    }
    // `（一）`, `(1)`, `（12）`
    if let open = text.first, open == "（" || open == "(" {
        let inner = text.dropFirst().prefix { numerals.contains($0) }
        if !inner.isEmpty, inner.count <= 4, let close = text.dropFirst(1 + inner.count).first, close == "）" || close == ")" {
            return spaces(text.dropFirst(inner.count + 2))
        }
    }
    // `第三条`, `第二章`, `第4款`
    if text.first == "第" {
        let inner = text.dropFirst().prefix { numerals.contains($0) }
        if !inner.isEmpty, inner.count <= 6, let unit = text.dropFirst(1 + inner.count).first, "条章节款项部分篇".holdsMark(unit) {
            return spaces(text.dropFirst(inner.count + 2))
        }
    }
    // `附件1：`, `附件：`, `附表2`, `表3`, `图1-2`
    for label in ["附件", "附表", "表", "图"] where text.hasPrefix(label) {
        let rest = text.dropFirst(label.count)
        let number = rest.prefix { numerals.contains($0) || $0 == "-" || $0 == "." }
        guard label.hasPrefix("附") || !number.isEmpty else { continue }
        var after = rest.dropFirst(number.count)
        if let colon = after.first, colon == "：" || colon == ":" { after = after.dropFirst() }
        guard after.count < text.count else { continue }
        return spaces(after)
    }
    return text
}

/// A level marking a heading or paragraph at its end (`## 三、青锋七号工程建设情况（涉密）`, `部署方案如下（此部分涉密）：`), as an
/// official document marks a section: the mark alone, or nil. Read back from the end, over at most 16 characters.
private func trailingLevelMark(_ line: Substring) -> String? {
    if let mark = trailingSymbolMark(line) ?? trailingClauseMark(line) { return mark }
    // Asked of nearly every Chinese line (the guard lets most through): one ending in no closing bracket is
    // answered on its bytes.
    guard mayCloseWithBracket(line) else { return nil }
    var rest = line
    while let last = rest.last, last.isWhitespace || "：:。.，,；;*_#`".holdsMark(last) { rest.removeLast() }
    guard let close = rest.last, let open = LevelMarks.opening[close] else { return nil }
    let inner = rest.dropLast().suffix(16)
    guard let start = inner.lastIndex(of: open) else { return nil }
    let words = rest[inner.index(after: start)..<rest.index(before: rest.endIndex)]
    // `政府采购合同（依申请公开）`: a public catalogue's entry (公开目录) says how an item may be had, not what to withhold here.
    // A ground given for a count or a decision (`不予公开1件（属于国家秘密）`, `答复不予公开（涉及国家秘密）`), as a disclosure
    // report states one, marks nothing.
    // Its last four characters but white space are all that is read (the line before it may be a paragraph).
    let before = String(lastCharacters(4, of: rest[..<start], skipping: \.isWhitespace))
    // A gloss on a level's own word (`应当保密（不公开）`).
    if glossesLevelWord(String(before.suffix(2))) { return nil }
    if words.hasPrefix("属于") || words.hasPrefix("涉及") {
        let counted = before.count >= 2 && "件项条次个宗".holdsMark(before.last!) && before.dropLast().last!.isNumber
        if counted || before.hasSuffix("不予公开") || before.hasSuffix("不公开") { return nil }
    }
    // A mark that is the whole line is a level note of its own (`【涉密】`); asked first, as the brackets are read again.
    guard rest[..<start].contains(where: { !$0.isWhitespace && !"#>-+*".holdsMark($0) }),
          // Read with its brackets, as a mark at the start is: `（敏感）`, `（涉密信息）`, `（秘密级）`, two marks in one (`（涉密，请勿公开）`).
          levelNoteAsShown(rest[start...]) != nil, DisclosureLevel(parsing: String(words)) != .onRequest else { return nil }
    return String(rest[start...])
}

/// The last `count` characters of `text` but those `skipping` answers true for, in their order: what
/// `text.filter { !skipping($0) }.suffix(count)` gives, without walking the whole text.
private func lastCharacters(_ count: Int, of text: Substring, skipping: (Character) -> Bool) -> [Character] {
    var found: [Character] = []
    var i = text.endIndex
    while found.count < count, i > text.startIndex {
        i = text.index(before: i)
        if !skipping(text[i]) { found.append(text[i]) }
    }
    return found.reversed()
}

/// A mark set off by a pair of symbols at the line's end (`北山营区860万元 ※涉密※`, `◆涉密◆`, `■内部■`), as brackets set one
/// off: the mark, or nil.
private func trailingSymbolMark(_ line: Substring) -> String? {
    var rest = line
    while let last = rest.last, last.isWhitespace || "。.，,；;".holdsMark(last) { rest.removeLast() }
    guard let symbol = rest.last, LevelMarks.pairedSymbols.contains(symbol),
          let open = rest.dropLast().suffix(16).lastIndex(of: symbol),
          rest[..<open].contains(where: { !$0.isWhitespace }) else { return nil }
    let mark = rest[open...]
    return levelNoteAsShown(mark) != nil ? String(mark) : nil
}

/// A secret's or an internal document's level as the last clause of a line (`北山营区860万元，涉密。`, `…，属内部资料。`,
/// `… — 涉密`), as a spreadsheet's remark is joined to its row: the clause, or nil. A decision (`…，不予公开。`) is a report's.
private func trailingClauseMark(_ line: Substring) -> String? {
    var rest = line
    while let last = rest.last, last.isWhitespace || "。.；;".holdsMark(last) { rest.removeLast() }
    // `//` too, as a programmer's comment is written (`…北山坑道 // 涉密`).
    guard let cut = rest.suffix(12).lastIndex(where: { "，,；;—–/".holdsMark($0) }) else { return nil }
    var tail = rest[rest.index(after: cut)...].drop { $0.isWhitespace || $0 == "—" || $0 == "–" }
    guard rest[..<cut].contains(where: { !$0.isWhitespace }), holdsLevelCharacter(tail) else { return nil }
    for verb in ["属于", "属", "系", "为"] where tail.hasPrefix(verb) { tail = tail.dropFirst(verb.count); break }
    // Not a list of the grades (`密级分为：绝密，机密，秘密`), nor a bare `内部` (`…电子政务内网，属内部`).
    guard !rest.holdsWord("分为") else { return nil }
    let marks: Set<String> = ["涉密", "秘密", "机密", "绝密", "内部资料", "内部使用", "内部文件", "内部参考", "仅供内部参考", "限制公开"]
    return marks.contains(String(tail)) || DisclosureLevel.isSecretGradeWithTerm(String(tail)) ? String(tail) : nil
}

/// A level marking a picture's caption or a link's words (`![【涉密】青峰七号部署图](/assets/1.png)`, `![图3 部署图（涉密）](…)`,
/// `[【内部】会议纪要](/assets/纪要.pdf)`, as pandoc writes a Word figure's caption): the mark, or nil. The page shows the
/// words as the picture's text and the link's; the picture or file is published with them. A picture whose caption is only
/// a level (`![涉密](…)`) is marked too; a link whose words are a bare level (`[依申请公开](/zhinan/)`) is a guide's link.
private func linkTextLevelMark(_ line: Substring) -> String? {
    guard line.holdsBytes("](") else { return nil }
    var searchFrom = line.startIndex
    while let close = line[searchFrom...].firstRange(of: "](") {
        searchFrom = close.upperBound
        // The `[` that opens these words: the nearest before, past any pair of brackets inside them; looked for over at
        // most 200 characters back (a caption is shorter), so a line of ten thousand `]](` is not read back each time.
        var depth = 0, open: Substring.Index?
        var i = close.lowerBound, steps = 0
        while i > line.startIndex, steps < 200 {
            i = line.index(before: i)
            steps += 1
            if line[i] == "]" { depth += 1 } else if line[i] == "[" {
                if depth == 0 { open = i; break }
                depth -= 1
            }
        }
        guard let open else { continue }
        // The title a reader sees on pointing at it (`(/assets/1.png "涉密")`, `"【内部】会议纪要"`).
        if let title = linkTitle(in: line, from: close.upperBound), let mark = titleLevelMark(title) { return mark }
        let words = line[line.index(after: open)..<close.lowerBound]
        guard !words.isEmpty else { continue }
        if let mark = leadingLevelMark(words) ?? trailingLevelMark(words) { return mark }
        let isImage = open > line.startIndex && line[line.index(before: open)] == "!"
        if isImage, DisclosureLevel(parsing: String(words)).map({ $0 != .public }) == true { return String(words) }
    }
    return nil
}

/// The title of the link or picture whose destination starts at `start`, just after its `](` (`/a.png "标题")` → 标题;
/// `'…'` and `(…)` too), or nil.
private func linkTitle(in line: Substring, from start: Substring.Index) -> Substring? {
    var rest = line[start...]
    if rest.first == "<" {
        guard let end = rest.firstIndex(of: ">") else { return nil }
        rest = rest[rest.index(after: end)...]
    } else {
        rest = rest.drop { $0 != " " && $0 != "\t" && $0 != ")" }
    }
    rest = rest.drop { $0 == " " || $0 == "\t" }
    let closing: [Character: Character] = ["\"": "\"", "'": "'", "(": ")"]
    guard let open = rest.first, let close = closing[open] else { return nil }
    let body = rest.dropFirst()
    guard let end = body.prefix(200).firstIndex(of: close) else { return nil }
    return body[..<end]
}

/// A level marking a link's or picture's title (`"【内部】会议纪要"`, `"部署图（秘密★1年）"`, `"涉密"`): the mark, or nil. A title
/// that is a public catalogue's level (`"依申请公开"`, on a guide's link) is none.
private func titleLevelMark(_ title: Substring) -> String? {
    let title = levelWordsAsShown(title) ?? title
    if let mark = leadingLevelMark(title) ?? trailingLevelMark(title) { return mark }
    let level = LevelMarks.level(of: String(title), bracketed: false)
    return level == .classified || level == .limited ? String(title) : nil
}

/// The text of a footnote's line (`[^1]: 含上年结转资金` → `含上年结转资金`), up to three spaces in, or nil.
private func footnoteText(_ line: Substring) -> Substring? {
    let rest = line.drop { $0 == " " }
    guard rest.hasPrefix("[^"), line.count - rest.count <= 3, let close = rest.range(of: "]:") else { return nil }
    let label = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
    guard !label.isEmpty, !label.contains(where: \.isWhitespace) else { return nil }
    let text = rest[close.upperBound...].drop { $0 == " " || $0 == "\t" }
    return text.isEmpty ? nil : text
}

/// Whether the line, past trailing spaces, punctuation and marks, ends with a closing bracket (`LevelMarks`).
private func mayCloseWithBracket(_ line: Substring) -> Bool {
    for c in line.unicodeScalars.reversed() {
        if LevelMarks.closingScalars.contains(c) { return true }
        // space : . , ; * _ # ` ： 。 ， ； 　
        guard " \t:.,;*_#`：。，；\u{3000}".unicodeScalars.contains(c) else { return false }
    }
    return false
}

/// A table row's cell marked with a level at its start (`| 【涉密】青锋七号工程 | 部署方案 |`), as a paragraph is
/// (`leadingLevelMark`), or at its end (`| 北山坑道工程（涉密） | … |`, `trailingLevelMark`): the mark, or nil. A cell that only names a level (`| 会议纪要 | 依申请公开 |`, a
/// catalogue's 公开属性 column) is data, not a note.
private func cellLevelMark(_ line: Substring) -> String? {
    let line = levelWordsAsShown(line) ?? line
    guard line.holdsBytes("|"), holdsLevelCharacter(line) else { return nil }
    // At its start (`【涉密】青锋…`) or at its end, as a spreadsheet row's name is marked (`北山坑道工程（涉密）`).
    let cells = line.split(separator: "|")
    if let mark = cells.lazy.compactMap({ leadingLevelMark($0) ?? trailingLevelMark($0) }).first { return mark }
    // A cell that is a mark and nothing else marks the words beside it; a row of figures or answers by level (`| 秘密 | 15 |`,
    // `| 涉密 | 否 |`, a secrecy office's count of media) has none.
    let wholeCellMarks = cells.map(wholeCellLevelMark)
    let marksWords = zip(cells, wholeCellMarks).contains { cell, mark in
        let words = cell.filter { !$0.isWhitespace && !"*_`-—.%％()（）".holdsMark($0) }
        return mark == nil && !words.isEmpty && !words.allSatisfy(\.isNumber) && !["否", "无", "是", "有", "不涉及"].contains(words)
    }
    return marksWords ? wholeCellMarks.lazy.compactMap { $0 }.first : nil
}

/// A cell that is a mark and nothing else: bracketed (`| 【涉密】 | 北山坑道… |`, `（内部）`), or a secret's grade with its
/// term (`机密★5年`). The row's other cells are what it marks, and were published (found this round). A catalogue's
/// `依申请公开` and a bare level word in a 密级 column (`| 涉密计算机 | 2 | 秘密 |`) stay data.
private func wholeCellLevelMark(_ cell: Substring) -> String? {
    let words = String(cell.filter { !$0.isWhitespace && !"*_`".holdsMark($0) })
    guard words.count >= 2, words.count <= 24 else { return nil }
    if let close = LevelMarks.closing[words.first!], words.last == close {
        return levelNoteAsShown(Substring(words)) != nil ? words : nil
    }
    // A bare level word (`| 涉密计算机 | 2 | 秘密 |`, `| 未公布的预算草案 | 秘密 | 批准公布前 |`) is a column's value in the
    // asset, post and secrecy-scope tables bodies publish (found this round): only a grade with its term, copied from a cover, marks.
    return DisclosureLevel.isSecretGradeWithTerm(words) ? words : nil
}

/// Whether the line, past the marks `leadingLevelMark` skips, starts with one of its opening brackets (`LevelMarks`);
/// read on scalars, as a guard: the Character walk compares every character of a Chinese line with the marks.
private func mayOpenWithBracket(_ line: Substring) -> Bool {
    for c in line.unicodeScalars {
        if LevelMarks.openingScalars.contains(c) { return true }
        // space # > - + * _ ` digits . ) 　 、
        guard " \t#>-+*_`0123456789.)\u{3000}、".unicodeScalars.contains(c) else { return false }
    }
    return false
}

/// Whether the line holds a character of some withholding level's name (涉密 … 密, 不予公开 公, 内部 内 or 內,
/// 依申请 依, classified and limited d, on-request q), 传 (请勿外传), 敏 (敏感信息), 秘 网 机 删 仅 外 祕 限 (涉秘, 不上网, 机要,
/// 发布前删除, 仅限人大审阅, 不对外, 涉祕, 限人大): every spelling of a level other than public,
/// and every ground a withholding note names, holds one, so no line without one is a level note.
public func holdsLevelCharacter(_ line: Substring) -> Bool {
    var line = line
    return line.withUTF8 { bytes in
        for i in bytes.indices {
            let b = bytes[i]
            // t: secret, internal, restricted, confidential — an English document's marks (`englishMark`).
            if b | 0x20 == UInt8(ascii: "d") || b | 0x20 == UInt8(ascii: "q") || b | 0x20 == UInt8(ascii: "t") { return true }
            guard i + 2 < bytes.count, b >= 0xE4 && b <= 0xE9 else { continue }
            switch (b, bytes[i + 1], bytes[i + 2]) {
            case (0xE5, 0xAF, 0x86), (0xE5, 0x85, 0xAC), (0xE5, 0x86, 0x85), (0xE4, 0xBE, 0x9D), (0xE5, 0x85, 0xA7), (0xE4, 0xBC, 0xA0), (0xE6, 0x95, 0x8F),
                 // 秘 (涉秘), 网 (不上网), 机 (机要), 删 (发布前删除), 仅 (仅限人大审阅)
                 (0xE7, 0xA7, 0x98), (0xE7, 0xBD, 0x91), (0xE6, 0x9C, 0xBA), (0xE5, 0x88, 0xA0), (0xE4, 0xBB, 0x85),
                 // 外 (不对外), 祕 (涉祕)
                 (0xE5, 0xA4, 0x96), (0xE7, 0xA5, 0x95),
                 // 限 (限人大)
                 (0xE9, 0x99, 0x90): return true
            default: continue
            }
        }
        return false
    }
}

/// A pointer's next characters that make it a longer word (本行 + 政 is 本行政区域; 以上 + 年 is 以上年度): no pointer then.
private let pointerCompounds: [String: String] = ["本行": "政业为动使长", "该行": "政业为动使长", "此行": "政业为动使长", "本节": "约能",
                                                  "本表": "彰决明达现态", "此表": "彰决明达现态", "本意见": "稿", "下段": "时",
                                                  "以上": "年级", "以下": "达发放拨", "此处": "理置分罚", "本章": "节程", "此段": "时"]

/// A short note about what follows, in clerks' words (`以下为涉密内容`, `以下内容涉及国家秘密`, `本段为内部资料，不予公开`):
/// it starts by pointing at a passage and names a ground for withholding, and denies none (`以下为不涉密内容`).
private func isWithholdingDirective(_ words: String, inBrackets: Bool = false) -> Bool {
    guard words.count <= 24 else { return false }
    if let project = projectPointerWords.first(where: words.hasPrefix) { return projectIsSecret(words.dropFirst(project.count)) }
    // A condition (`上述内容涉及国家秘密的，不得公开`) is a policy's rule, and a part described (`上述内容中涉及个人隐私的部分不予
    // 公开`, `下列内容不宜公开的部分已删除`) a redaction done.
    if words.holdsWord("的，") || words.holdsWord("的,") || words.holdsWord("的部分") { return false }
    // `下面` opens a speech's or a report's part (`下面，就做好今年保密工作讲几点意见`, `下面将我局保密工作情况报告如下`): a note
    // only as `下面是涉密内容`, `下面内容涉密`.
    if words.hasPrefix("下面"), !(passageOpeners + ["下面部分", "下面是", "下面为"]).contains(where: words.hasPrefix)
        || ["下面是", "下面为"].contains(where: words.hasPrefix) && !["涉密", "秘密", "机密", "绝密", "内部"].contains(where: { words.dropFirst(3).hasPrefix($0) }) {
        return false
    }
    // 下列/下面 only with a secret's words (`下列内容涉密`, `下面是涉密内容`): a policy's own list of what is not disclosed
    // starts so too (`下列信息不予公开：`), and its grounds are the other ones.
    if ["下列", "下面"].contains(where: words.hasPrefix) {
        var secrets = ["涉密", "秘密", "机密", "绝密", "保密", "内部资料", "内部使用", "仅供内部", "内部参考", "限制公开", "非公开"]
        // The passage itself (`下面的内容请勿公开`): any withholding word.
        if passageOpeners.contains(where: words.hasPrefix) { secrets += ["勿公开", "不予公开", "不公开", "不宜公开", "勿上网"] }
        let denials = ["不涉密", "非涉密", "无涉密", "未涉密", "不涉及", "不属于", "不含", "不包含", "不包括"]
        // Cleared staff and a secrecy office's things are a topic (`下面对涉密人员管理情况作简要说明`), as below.
        var words = words
        for noun in secretTopics where words.holdsWord("涉密" + noun) { words = words.replacingOccurrences(of: "涉密" + noun, with: noun) }
        return secrets.contains(where: words.holdsWord) && !denials.contains(where: { holdsUnnegated(words, $0) })
            && !["所称", "简称", "统称"].contains(where: words.holdsWord)
    }
    guard let pointer = (inBrackets ? allPointerWords : linePointerWords).first(where: words.hasPrefix) else { return false }
    // A pointer's characters starting a longer word point at nothing: 本行政区域, 本行业, 本节约资金, 以上年度, 以上级财政,
    // 以下达的指标, 此处理结果, 本章节, 此段时期 (found this round).
    if let next = words.dropFirst(pointer.count).first, pointerCompounds[pointer]?.contains(next) == true { return false }
    // A document's limit on its use (`本报告仅供委托方内部使用`, closing a third party's evaluation report; `本材料仅供人大代表审议时
    // 参考`, heading a budget draft published for the congress) names a reader and a use: not a note. `仅供内部使用` and
    // `仅供领导参阅` name no reader outside: they are.
    let after = words.dropFirst(pointer.count)
    if ["上述内容", "上述数据", "前述内容", "上述部分"].contains(pointer), after.hasPrefix("中") { return false }
    if documentPointerWords.contains(pointer) {
        // A part left out (`本表部分数据未予公开`) is a statement about the document, and so is what it reports (`本表仅报送
        // 汇总数`): only a congress it goes to alone is a reader's limit (`本通知仅报送市人大`).
        if after.hasPrefix("部分") { return false }
        // What the document leaves out (`本表不公开个人身份证号码`): the document itself is published.
        for withheld in ["不予公开", "不公开"] where after.hasPrefix(withheld) && !["", "发布", "发行", "印发"].contains(String(after.dropFirst(withheld.count))) {
            return false
        }
        if words.holdsWord("报送"), !words.holdsWord("人大") { return false }
        if let limit = words.range(of: "仅供"), ["审议", "参考", "使用", "用途"].contains(where: words.holdsWord),
           !["内部", "领导"].contains(where: words[limit.upperBound...].hasPrefix) { return false }
        // What a document holds (`本文件中涉及的内部资料`, `本文中涉及的秘密事项范围以…为准`) is its topic, not its level.
        if ["中", "所", "的", "涉及的"].contains(where: after.hasPrefix) { return false }
    }
    // A count of requests (`以上3件不予公开事项…`, a disclosure report's) is a statistic.
    let counted = words.dropFirst(pointer.count).drop { $0 == "为" || $0 == "是" }
    if let first = counted.first, first.isNumber, counted.drop(while: \.isNumber).first == "件" { return false }
    // A definition names a term, not a passage: `（以下简称涉密项目）`, `（以下统称涉密载体）` after the words defined, and
    // `本章所称涉密项目，是指……` in a policy.
    if pointer == "以下", ["简称", "统称", "称", "合称"].contains(where: after.hasPrefix) { return false }
    // Nor do circumstances a policy lists (`以下情形不予公开：`).
    if ["情形", "几种情形", "情况下"].contains(where: after.hasPrefix) { return false }
    if after.hasPrefix("所称") { return false }
    // Nor a definition of a word (`此处“涉密”系指涉及国家秘密`).
    if ["系指", "是指", "指的是"].contains(where: after.holdsWord) { return false }
    // A note that leaves classified items out (`注：以下数据不含涉密项目`, `以下为删减版（已删除涉密内容）`) denies a ground, as
    // `不涉密` does.
    // Those leave out only what they name: `以下内容涉密（不含涉密附件）` and `以下为涉密内容，公开前须删除涉密部分` still say
    // the passage is classified, so their words are read without the exclusion, not denied as a whole.
    var words = words
    for exclusion in ["不含涉密", "不包含涉密", "不包括涉密", "未含涉密", "未包含涉密", "未包括涉密", "删除涉密", "删去涉密"] where holdsUnnegated(words, exclusion) {
        words = words.replacingOccurrences(of: exclusion, with: "、")
    }
    // Uncleared staff (`以下内容涉密，非涉密人员不得查阅`) are a topic, not a denial of the ground.
    for topic in ["非涉密人员", "非涉密岗位"] where words.holdsWord(topic) { words = words.replacingOccurrences(of: topic, with: "人员") }
    // A note on what was left out (`以上数据不含依申请公开事项`, `以下为公开版本（涉密内容已删除）`) names no ground for
    // the passage: the words from the exclusion on are not read.
    for exclusion in ["不含", "不包含", "不包括"] where holdsUnnegated(words, exclusion) {
        if let at = words.range(of: exclusion) { words = String(words[..<at.lowerBound]) }
    }
    let denials = ["不涉密", "非涉密", "无涉密", "未涉密", "不涉及", "不属于", "可以公开", "可公开", "予以公开", "主动公开", "同意公开", "未予公开",
                   "已删除", "已删去", "已隐去", "已脱密", "已作脱密", "已做脱密", "已经删除", "已脱敏", "已作脱敏", "已做脱敏", "脱敏后", "经脱敏",
                   "脱敏处理", "已略去", "已省略", "技术处理", "已剔除", "剔除", "删除处理"]
    guard !denials.contains(where: { holdsUnnegated(words, $0) }) else { return false }
    let grounds = ["涉密", "秘密", "机密", "绝密", "不予公开", "不公开", "非公开", "限制公开", "不宜公开", "暂缓公开", "勿公开", "不得公开", "依申请公开", "内部资料", "内部使用", "仅供内部",
                   "请保密", "须保密", "需保密", "注意保密", "予以保密", "外传", "不对外", "仅报送", "只报送", "仅供人大", "仅限内部",
                   "内部事项", "内部信息", "内部参考", "敏感信息", "敏感内容",
                   // What clerks also write (found this round): a typo, the confidential-office word, the web.
                   "涉秘", "机要件", "机要文件", "机要资料", "机要材料", "不上网", "不宜上网", "勿上网", "禁止上网", "严禁上网", "不得上网",
                   "待脱密", "未脱密", "发布前删除", "公开前删除", "公开时删除", "发布时删除", "上网前删除",
                   "仅限人大", "仅报人大", "仅供领导", "仅限领导", "仅供参阅", "仅限审阅", "不外发", "勿外发", "删掉", "删除后", "别公开", "莫公开", "别发", "不要发", "不发布", "勿发", "待删", "隐去",
                   "需脱敏", "待脱敏", "须脱敏", "未脱敏", "需脱密", "内部掌握", "限内部", "敏感事项",
                   "公开时删去", "发布时删去", "公开前删去", "发布前删去", "公开版删去", "公开版删除", "仅限内部传阅", "勿上网"]
    // 内部信息 is a ground; an internal information system or its building (`以下为内部信息系统运行维护情况`,
    // `内部信息化建设`) is a topic.
    var text = words
    for topic in ["内部信息系统", "内部信息化", "内部信息平台", "内部信息网"] where text.holdsWord(topic) { text = text.replacingOccurrences(of: topic, with: "信息系统") }
    // So is work on a kind of information a report describes (`以下为依申请公开办理情况`, `本部分为内部信息公开工作情况`,
    // `以下为敏感信息处理规范`, `以下为非公开发行债券情况`): the kind followed by the work done on it. A secret's words
    // stay a ground whatever follows (`以下为涉密项目情况`).
    for kind in ["依申请公开", "内部信息", "敏感信息", "非公开"] where text.holdsWord(kind) {
        for work in ["办理", "工作", "情况", "流程", "申请", "处理", "规范", "发行", "制度", "管理", "答复", "事项", "的办理", "的申请", "公开工作"]
        where text.holdsWord(kind + work) {
            text = text.replacingOccurrences(of: kind + work, with: "事务")
        }
    }
    // A disclosure report's sentence about decisions (`以上不予公开的申请`, `以下为不予公开的具体理由统计`, `此处不予公开的依据`,
    // `本章规定的不予公开情形`): with one of these words, the decision's words are its topic. A secret's words stay grounds.
    let reportWords = ["理由", "统计", "原因", "依据", "答复", "救济", "撤回", "复议", "申请", "告知", "说明", "合计", "情形", "数量", "决定", "条例", "规定"]
    if reportWords.contains(where: text.holdsWord) {
        for kind in ["依申请公开", "不予公开", "不公开"] { text = text.replacingOccurrences(of: kind, with: "事务") }
    }
    // Where figures came from (`以上数据来源于部门内部资料`): the internal documents are a source, not a mark.
    if ["来源于", "来源", "来自", "摘自", "引自", "取自", "源自"].contains(where: text.holdsWord) {
        text = text.replacingOccurrences(of: "内部资料", with: "资料")
    }
    // 不对外 in its everyday sense (`以下场所不对外开放`, `不对外销售`) withholds nothing.
    for use in ["开放", "办公", "销售", "招聘", "通行", "营业", "出租", "借用", "服务"] where text.holdsWord("不对外" + use) {
        text = text.replacingOccurrences(of: "不对外" + use, with: use)
    }
    // Cleared staff and the things a secrecy office manages (`以下涉密人员应当签订保密承诺书`, `以上涉密载体已全部清退`) are
    // its topic, not a mark.
    for noun in secretTopics where text.holdsWord("涉密" + noun) {
        text = text.replacingOccurrences(of: "涉密" + noun, with: noun)
    }
    // `此段保密`, `以下内容需要保密`; not `以下为保密工作开展情况`, a heading.
    return grounds.contains(where: text.holdsWord) || text.hasSuffix("保密") || text.hasSuffix("不发") || forbidsPublishing(text)
}

/// What a secrecy office manages, after 涉密 (`涉密人员`, `涉密载体`): a topic, not a mark.
private let secretTopics = ["人员", "载体", "岗位", "设备", "计算机", "网络", "场所", "单位"]

/// A level's words ending a clause and an instruction not to publish as the next (`青峰七号工程涉密，请勿公开。`, `…，属涉密内容，
/// 请勿公开`, `注：涉密，勿公开。`, `第二段涉密，公开时删除`, `内部资料，请勿外传：…`), or the two in one clause (`内部资料勿外传`):
/// the two clauses, or nil. A clerk's note to whoever publishes; a report states a decision in other words (`申请内容涉密，不予公开`).
private func levelThenInstruction(in line: Substring) -> String? {
    guard line.holdsBytes("勿") || line.holdsBytes("删") else { return nil }
    let instructions = ["请勿公开", "勿公开", "请勿外传", "勿外传", "勿传", "请勿上网", "勿上网", "公开时删除", "公开前删除", "发布前删除", "公开版删除",
                        "公开前删掉", "发布前删掉", "公开时删去", "公开前删去"]
    let levels = ["涉密", "涉密内容", "内部资料", "敏感信息", "秘密★"]
    let clauses = line.split(whereSeparator: { "。；！？!?;：:，,、".holdsMark($0) }).map { $0.filter { !$0.isWhitespace && !"*_`".holdsMark($0) } }
    for (i, clause) in clauses.enumerated() {
        // A marking quoted or named (`可标注“内部资料，请勿外传”`, `随意标注“内部资料，勿外传”`): a rule or a finding about it.
        if clause.contains(where: { "“‘「『\"".holdsMark($0) }) || ["标注", "标明", "注明", "标有", "标识", "印有"].contains(where: clause.contains) { return nil }
        // One clause holding both (`内部资料勿外传`, `涉密请勿公开`).
        for level in levels {
            if let instruction = instructions.first(where: { clause.hasSuffix(level + $0) }), !negatesLevel(clause, before: level + instruction) {
                return level + instruction
            }
        }
        guard i + 1 < clauses.count, let level = levels.first(where: clause.hasSuffix), !negatesLevel(clause, before: level),
              instructions.contains(where: clauses[i + 1].hasPrefix) else { continue }
        // Quoted as the level and the instruction only: the clause's other words are what it marks.
        return level + "，" + clauses[i + 1]
    }
    return nil
}

/// A level written as a label before the words it marks (`不公开：青峰七号工程…`, `涉密部分：…`, `仅供内部参考：…`, `待删：…`):
/// the label, or nil. Not a count or an answer (`不予公开：3件`, `涉密事项：无`), nor a guide's definition (`不予公开：属于…的`).
private func labelNote(_ line: Substring) -> String? {
    // Asked of every line with a level's character: one without a colon is answered on its bytes.
    guard line.holdsBytes("：") || line.holdsBytes(":") else { return nil }
    let text = withoutNoteLabel(String(line.trimmed))
    guard let colon = text.prefix(12).firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
    var label = String(text[..<colon].filter { !$0.isWhitespace && !"*_`".holdsMark($0) })
    let rest = text[text.index(after: colon)...].drop { $0.isWhitespace }
    // Not an answer (`涉密：不涉密`, `涉密：否`), a definition or a guide's list (`不予公开：下列信息不予公开`).
    guard let first = rest.first, !first.isNumber, !"不非未无否是".holdsMark(first),
          !["属于", "涉及", "指", "对", "依据", "根据", "下列", "以下", "如下"].contains(where: rest.hasPrefix) else { return nil }
    if ["待删", "待删除", "公开前删除", "发布前删除"].contains(label) { return label }
    // A bare level's word as a label (`保密：签订保密协议…`, `内部：建立健全…；外部：…`) heads a report's list; a marking label
    // (`涉密：…`, `**内部**：…`) is `wholeLineNote`'s.
    guard !["保密", "内部", "秘密", "机密", "绝密", "敏感", "涉密"].contains(label) else { return nil }
    for suffix in ["内容如下", "部分", "内容"] where label.hasSuffix(suffix) && label.count > suffix.count { label.removeLast(suffix.count); break }
    let level = LevelMarks.level(of: label, bracketed: false)
    return level == .classified || level == .limited ? String(text[..<colon]) : nil
}

/// Whether the words before the level's at the clause's end deny it (`不涉密`, `非涉密`, `无涉密`).
private func negatesLevel(_ clause: String, before ending: String) -> Bool {
    let head = clause.dropLast(ending.count)
    return head.last.map { "不非无未".holdsMark($0) } ?? false
}

/// Whether the words after a project's pointer say the project itself is a secret (`涉密`, `属于涉密项目`, `为涉密项目`,
/// `涉及国家秘密`): a secret's words straight after it, and nothing after them but what they name. `涉密部分已删除`,
/// `涉密资金另行管理` and `部分内容涉密` say something else.
private func projectIsSecret(_ rest: Substring) -> Bool {
    var rest = rest
    // The project as a whole, or its contents as a whole (`本项目内容涉密`, `本项目全部涉密`); never a part (`部分经费`).
    for whole in ["具体内容", "相关内容", "全部内容", "内容", "全部", "整体", "均"] where rest.hasPrefix(whole) { rest = rest.dropFirst(whole.count); break }
    for verb in ["属于", "为", "系", "属", "是"] where rest.hasPrefix(verb) { rest = rest.dropFirst(verb.count); break }
    // Withheld as a whole (`本项目不予公开`, `该项目不宜公开`, `此项目保密，勿公开`).
    if ["不予公开", "不宜公开", "不公开", "暂不公开", "勿公开", "请勿公开", "不得公开", "保密", "敏感", "内部资料", "不上网"].contains(String(rest)) { return true }
    guard let secret = ["涉及国家秘密", "国家秘密", "涉密", "秘密", "机密", "绝密"].first(where: rest.hasPrefix) else { return false }
    let after = rest.dropFirst(secret.count)
    return ["", "项目", "工程", "课题", "事项", "内容", "级", "级项目", "不予公开", "不公开"].contains(String(after))
}

/// A mark in brackets inside a line, with words on both sides (`青峰七号工程（涉密）位于北山脚下…`, `北山营区（内部资料）改造…`,
/// `MNAA（不宜公开）北山坑道…`), as a clerk marks a name in a sentence: the mark, or nil. The words after it are published.
/// Not a description: a grade (`清退涉密载体（秘密级）12件`), a list of the grades (`（绝密、机密、秘密）`), what a count holds
/// (`（含涉密事项）`, `（涉密部分除外）`), privacy (`（个人隐私，不公开）`), a marking named or quoted (`标注“（涉密）”字样`), a link's
/// words (read by `linkTextLevelMark`), a catalogue's `（依申请公开）`.
private func inlineBracketMark(in line: Substring) -> String? {
    guard line.unicodeScalars.contains(where: LevelMarks.openingScalars.contains) else { return nil }
    // A comment's words are not published (`<!-- 由 gongkai import 从 学生资助（涉密）.csv 导入 -->`); one that is only a mark
    // is a note of its own (`wholeLineNote`).
    if line.drop(while: { $0 == " " }).hasPrefix("<!--") { return nil }
    let characters = Array(line)
    for open in characters.indices.dropFirst() where LevelMarks.isOpening(characters[open]) && !"<{".holdsMark(characters[open]) {
        guard let closer = LevelMarks.closing[characters[open]],
              let close = characters[(open + 1)..<min(characters.count, open + 26)].firstIndex(of: closer),
              close > open + 1, close + 1 < characters.count else { continue }
        var words = String(characters[(open + 1)..<close].filter { !$0.isWhitespace && !"*_`".holdsMark($0) })
        guard holdsLevelCharacter(Substring(words)) else { continue }
        while let last = words.last, "！!。.，,；;".holdsMark(last) { words.removeLast() }
        // Words on both sides: a mark that starts or ends the line is `leadingLevelMark`'s or `trailingLevelMark`'s.
        let before = characters[..<open], after = characters[(close + 1)...]
        guard before.contains(where: { $0.isLetter || $0.isNumber }), after.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
        // At a table cell's start or end, or the whole cell: `cellLevelMark`'s, which names the row.
        let edges = (before.last { !$0.isWhitespace && !"*_`".holdsMark($0) }, after.first { !$0.isWhitespace && !"*_`".holdsMark($0) })
        if edges.0 == "|" || edges.1 == "|" { continue }
        if characters[open] == "[", let next = after.first, next == "(" || next == ":" || next == "[" { continue }
        // A publication's kind after its title (`《财政信息》（内部资料）52期`), an article's subject after its number
        // (`第十四条（国家秘密）`), a statement that it was left out (`（涉密）不予公开`, `（涉密）未予公开`).
        if edges.0 == "》" || edges.0 == ">" { continue }
        // A count of a classified kind (`台式计算机（涉密）5台`), an item of a list or a citation (`会议记录（内部资料）、合同`,
        // `工作手册（内部资料）[Z]`).
        if let next = edges.1, next.isNumber || "、[.．".holdsMark(next) { continue }
        if let last = edges.0, "条款项".holdsMark(last), before.suffix(8).contains("第") { continue }
        let trail = String(after.prefix(4).filter { !$0.isWhitespace })
        let statement = String(after.prefix(10).filter { !$0.isWhitespace })
        if ["不予公开", "未予公开", "未公开", "不公开", "已删除", "已略去", "未列示"].contains(where: statement.contains) { continue }
        // A grade described (`涉密计算机（秘密级）12台`, `内网（机密级）建设`), as a secrecy office's report counts them.
        if words.hasSuffix("级") { continue }
        // What a count holds, an example, privacy: `（含涉密事项）`, `（涉密部分除外）`, `（如涉密）`, `（个人隐私，不公开）`.
        guard !["含", "不含", "包括", "如", "例如", "除"].contains(where: words.hasPrefix), !words.contains("除外"), !words.contains("隐私") else { continue }
        // A ground given for a decision or a count (`不予公开（属于国家秘密）1件`), as a disclosure report states one.
        if ["属于", "涉及"].contains(where: words.hasPrefix),
           before.suffix(4).elementsEqual("不予公开") || before.suffix(3).elementsEqual("不公开") || after.first?.isNumber == true { continue }
        // A gloss on a level's own word (`涉密（敏感）信息`, `应当保密（不公开）`) describes it.
        if glossesLevelWord(String(before.suffix(2))) { continue }
        // A marking named or quoted: `标注“（涉密）”字样`, `加盖【内部资料】印章`.
        let lead = String(before.suffix(4).filter { !$0.isWhitespace })
        if let last = lead.last, "“‘\"'「『".holdsMark(last) { continue }
        if ["标注", "标明", "注明", "标识", "标有", "标为", "加盖", "标记", "印有", "写明", "写有"].contains(where: lead.contains) { continue }
        if let first = trail.first, "”’\"'」』".holdsMark(first) { continue }
        if ["字样", "标志", "标识", "印章", "标记", "戳"].contains(where: trail.hasPrefix) { continue }
        if inlineMarkLevel(words) != nil { return String(characters[open...close]) }
    }
    return nil
}

/// Whether a bracket after these words glosses them (`涉密（敏感）信息`, `应当保密（不公开）`, `机要（保密）`).
private func glossesLevelWord(_ word: String) -> Bool {
    ["涉密", "保密", "秘密", "机密", "绝密", "内部", "敏感", "公开", "机要"].contains(word)
}

/// The level a bracket inside a sentence marks with (`（涉密）`, `（内部资料）`, `（不宜公开）`, `（秘密★1年）`, `（涉密，请勿公开）`,
/// `（属于涉密项目）`, `（密级：秘密）`), or nil. A grade's or a level's bare word (`（秘密）`, `（内部）`, `（保密）`) is a gloss in the
/// rules and reports that use it mid-sentence (`对涉密载体（秘密）实行…`, `资格审查结果（内部）已报…`, `标底（保密）应当…`); as
/// a line's or a name's mark it is still read (`trailingLevelMark`, `leadingLevelMark`).
private func inlineMarkLevel(_ words: String) -> DisclosureLevel? {
    func marking(_ level: DisclosureLevel?) -> DisclosureLevel? { level == .classified || level == .limited ? level : nil }
    // A level written as a key (`密级：秘密`): any level's word.
    for key in ["密级", "公开属性", "公开级别"] where words.hasPrefix(key) {
        let value = words.dropFirst(key.count)
        guard let colon = value.first, "：:".holdsMark(colon) else { continue }
        let level = String(value.dropFirst())
        return marking(DisclosureLevel(parsing: level) ?? LevelMarks.level(of: level, bracketed: true))
    }
    let glosses: Set<String> = ["秘密", "机密", "绝密", "保密", "内部", "敏感", "密", "非密", "不对外", "内部材料", "内部刊物", "内部参阅"]
    // A mark first, then what it says (`涉密，请勿公开`, `涉密，含坑道坐标`): `（国防、保密）` names two kinds of spending, and
    // `（绝密、机密、秘密）` lists the grades.
    let parts = words.split(whereSeparator: { "，,、·/／；;".holdsMark($0) }).map(String.init)
    if parts.count >= 2 {
        guard let first = parts.first, !glosses.contains(first) else { return nil }
        return marking(LevelMarks.level(of: first, bracketed: true))
    }
    var stem = Substring(words)
    for verb in ["属于", "属", "系", "为"] where stem.hasPrefix(verb) && stem.count > verb.count { stem = stem.dropFirst(verb.count); break }
    guard !glosses.contains(words), !glosses.contains(String(stem)) else { return nil }
    return marking(LevelMarks.level(of: words, bracketed: true) ?? LevelMarks.level(of: String(stem), bracketed: true))
        ?? (isWithholdingDirective(words, inBrackets: true) ? .classified : nil)
}

/// Whether `phrase` occurs in `text` with no negation (不 未 非 勿 禁 无) among the two characters before it: a
/// denial such as `可以公开` or `予以公开` says the opposite in `不可以公开`, `暂不予以公开`, `不宜予以公开`.
public func holdsUnnegated(_ text: String, _ phrase: String) -> Bool {
    guard text.holdsWord(phrase) else { return false }
    let characters = Array(text), target = Array(phrase)
    guard characters.count >= target.count else { return false }
    for start in 0...(characters.count - target.count) where characters[start..<(start + target.count)].elementsEqual(target) {
        if !negated(characters, before: start, within: 2) { return true }
    }
    return false
}

/// Whether the text forbids publishing: 公开 or 公布 with a negation (不 勿 禁 非) among the four characters before it,
/// none of them punctuation (`不予以公开`, `不能公开`, `不得对外公开`, `严禁对外公开`, `请勿公布`, `非公开`).
public func forbidsPublishing(_ text: String) -> Bool {
    guard text.holdsWord("公开") || text.holdsWord("公布") else { return false }
    let characters = Array(text)
    for i in characters.indices.dropLast() where characters[i] == "公" && (characters[i + 1] == "开" || characters[i + 1] == "布") {
        if negated(characters, before: i, within: 4, by: "不勿禁非") { return true }
    }
    return false
}

/// Whether one of `negations` stands among the `within` characters before `index`, stopping at punctuation or a space.
private func negated(_ characters: [Character], before index: Int, within: Int, by negations: String = "不未非勿禁无") -> Bool {
    var i = index - 1
    while i >= 0, index - i <= within, characters[i].isLetter {
        if negations.contains(characters[i]) { return true }
        i -= 1
    }
    return false
}

/// A Markdown text split into passages by disclosure level.
///
/// Clerks fence a withheld passage with lines of three colons naming its level:
///
///     ::: 涉密
///     这段不会出现在任何输出中。
///     :::
///
/// Fences nest; the strictest open fence wins, and a limited passage reaches only whom every open
/// limited fence names. The fence lines never reach the output.
public struct MarkdownSource: Hashable, Sendable {
    public struct Passage: Hashable, Sendable {
        public var level: DisclosureLevel
        /// The scope of each open limited fence (`::: limited 人大`), outermost first: a limited passage
        /// reaches an audience only when every one of them names it. An inner fence narrows, never widens.
        public var scopes: [[String]]
        public var text: String
        /// Line of the passage's first line in its file.
        public var line: Int
    }

    public var passages: [Passage]
    /// The file the text came from, for positions of withheld passages.
    public var file: String

    public init(passages: [Passage], file: String) {
        self.passages = passages
        self.file = file
    }

    /// The text of the passages marked `true` in `visible` (one flag per passage), with a blank
    /// line where a withheld passage was cut so that paragraphs around it do not run together.
    public func text(including visible: [Bool]) -> String {
        var pieces: [String] = []
        for (passage, shown) in zip(passages, visible) {
            if shown {
                pieces.append(passage.text)
            } else if pieces.last != "" {
                pieces.append("")
            }
        }
        return pieces.joined(separator: "\n").trimming(\.inNewlines)
    }

    /// `text(including:)` with the file line of each of its lines (a cut's blank line takes the line of the passage
    /// after it), for a check that must read the text as the page is drawn from it: a passage alone may start inside a
    /// note or a list item that indents it.
    func textWithFileLines(including visible: [Bool]) -> (text: String, lines: [Int]) {
        var lines: [(text: Substring, file: Int)] = []
        var cut = false
        for (passage, shown) in zip(passages, visible) {
            guard shown else { cut = true; continue }
            if cut, !lines.isEmpty { lines.append(("", passage.line)) }
            cut = false
            for (offset, line) in passage.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append((line, passage.line + offset))
            }
        }
        // As `text(including:)` trims: blank lines at either end.
        while lines.first?.text.isEmpty == true { lines.removeFirst() }
        while lines.last?.text.isEmpty == true { lines.removeLast() }
        return (lines.map(\.text).joined(separator: "\n"), lines.map(\.file))
    }

    /// The text of the passages whose level `allowed` accepts.
    public func text(visibleAt allowed: (DisclosureLevel) -> Bool) -> String {
        text(including: passages.map { allowed($0.level) })
    }

    public var isEmpty: Bool { passages.allSatisfy { $0.text.trimmed.isEmpty } }

    /// How deep passages may nest. Every fence line works out the level and scopes of the open fences, so
    /// a file of tens of thousands of nested fences took minutes; no document nests a hundred deep.
    public static let maxNesting = 100

    /// Splits `text` into passages by the fence grammar (`Fence`). `firstLine` is the file line of the
    /// text's first line; problems go to `diagnostics` with their file position. Whatever the
    /// spelling, a fence-like line never leaves its passage public: an unknown level word withholds
    /// as classified, a fence in a list or quote applies and is an error, and a colon run in the
    /// middle of a line withholds that line and is an error.
    /// `confirmed`: the sentences of this text the clerk confirmed are its own words (`plain_text:`), which no note is read in.
    public static func parse(_ text: String, file: String, firstLine: Int, column: Int = 1, confirmed: ConfirmedText? = nil,
                             diagnostics: inout DiagnosticList) -> MarkdownSource {
        var passages: [Passage] = []
        var stack: [(level: DisclosureLevel, scope: [String], line: Int, word: String)] = []
        var current: [String] = []
        var currentLevel = DisclosureLevel.public
        var currentScopes: [[String]] = []
        var currentStart = firstLine

        func flush(next line: Int) {
            if !current.isEmpty {
                passages.append(Passage(level: currentLevel, scopes: currentScopes, text: current.joined(separator: "\n"), line: currentStart))
            }
            current = []
            currentStart = line
        }
        func at(_ line: Int, _ col: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column + col - 1) }

        // Line ends were normalised when the file was read (`String(sourceText:)`); a stray CR is
        // still treated as a line end here so that no caller can bring the old leak back.
        let lines = text.lines(carriageReturns: true)
        for (index, line) in lines.enumerated() {
            let lineNumber = firstLine + index
            if stack.count > maxNesting {
                // Past the limit: an error at the fence that went too deep, and the rest of the text withheld.
                diagnostics.error(.passageFence, "段落标记嵌套超过 \(maxNesting) 层（第 \(lineNumber - 1) 行的标记）：其后全部内容按涉密处理，不予公开；请检查是否漏写了结束行“:::”",
                                  at: at(lineNumber - 1, 1))
                flush(next: lineNumber)
                passages.append(Passage(level: .classified, scopes: [], text: lines[index...].joined(separator: "\n"), line: lineNumber))
                stack = []
                currentStart = firstLine + lines.count
                break
            }
            // `\\:\\:\\: 涉密`, `&#58;&#58;&#58; 涉密`: colons on the page, none in the text. A fence all the same.
            let unescaped = Fence.unescaped(line)
            var recognised = Fence.recognise(line)
            if recognised == nil, let unescaped, var spelled = Fence.recognise(unescaped) {
                spelled.problem = "段落标记的冒号写成了转义（\\:）或字符引用（&#58;）：网页上会显示为冒号；请直接写“::: 级别”和结束行“:::”"
                spelled.column = 1
                recognised = spelled
            }
            guard let fence = recognised else {
                if Fence.hasColonRun(line) || unescaped.map(Fence.hasColonRun) == true {
                    diagnostics.error(.passageFence, "段落标记“:::”必须单独成行；这一行按涉密处理，不予公开",
                                      at: at(lineNumber, 1))
                    flush(next: lineNumber)
                    passages.append(Passage(level: .classified, scopes: [], text: String(line), line: lineNumber))
                    currentStart = lineNumber + 1
                } else if Fence.looksLikeFence(line) {
                    // `；；； 涉密`, `··· 涉密`: meant as a fence, written with other marks. Withheld from here on.
                    diagnostics.error(.fenceSpelling, "这一行像段落标记，但用的不是冒号：请写成“::: 级别”（三个冒号），结束行写“:::”；修正前其后内容按涉密处理",
                                      at: at(lineNumber, 1))
                    flush(next: lineNumber + 1)
                    stack.append((.classified, [], lineNumber, "…"))
                    currentLevel = .classified
                    currentScopes = []
                } else {
                    current.append(String(line))
                }
                continue
            }
            if let problem = fence.problem {
                diagnostics.error(.fenceSpelling, problem, at: at(lineNumber, fence.column))
            }
            flush(next: lineNumber + 1)
            switch fence.kind {
            case .close:
                if stack.popLast() == nil {
                    diagnostics.error(.passageFence, "多余的段落结束标记“:::”：前面没有对应的开始标记（如“::: 涉密”）",
                                      at: at(lineNumber, fence.column))
                }
            case let .open(.public?, word, scope) where !scope.isEmpty:
                // `::: public 依申请公开`, `::: 主动公开 以下内容涉密`: whatever was meant, it was not "public".
                diagnostics.error(.passageFence, "“::: \(Fence.quotable(word))”后面还有文字：只有“在一定范围内公开”可以在级别后写范围；该段按涉密处理",
                                  at: at(lineNumber, fence.column))
                stack.append((.classified, [], lineNumber, Fence.quotable(word)))
            case let .open(level?, _, scope):
                // `::: limited 人大` — words after the level name the scope.
                if let word = scope.first(where: { DisclosureLevel.listSeparator(inScope: $0) != nil }) {
                    diagnostics.error(.passageFence, "范围“\(Fence.quotable(word))”含有“\(DisclosureLevel.listSeparator(inScope: word)!)”：几个范围请用空格分开（如“::: limited 人大 上级工会”）；修正前该段不向任何范围公开",
                                      at: at(lineNumber, fence.column))
                }
                stack.append((level, scope, lineNumber, level.chineseName))
            case .open(nil, _, _):
                // An unknown word may be a typo of 涉密: withhold rather than guess.
                diagnostics.error(.passageFence, "无法识别的段落公开属性（本行第 \(fence.column) 列的冒号之后），应为 \(DisclosureLevel.spellings)；该段按涉密处理",
                                  at: at(lineNumber, fence.column))
                stack.append((.classified, [], lineNumber, "…"))
            }
            currentLevel = stack.map(\.level).max() ?? .public
            currentScopes = stack.filter { $0.level == .limited }.map(\.scope)
        }
        flush(next: firstLine + lines.count)
        for open in stack {
            diagnostics.error(.passageFence, "段落标记“::: \(open.word)”没有结束标记“:::”，其后全部内容将不予公开",
                              at: at(open.line, 1))
        }
        // A comment or a line naming a level (`<!-- 涉密 -->`, `[//]: # (以下涉密)`, `# 涉密`, `【涉密】`) withholds
        // nothing: the clerk meant the passage after it withheld, and it would be published (a limited one in the
        // people's-congress bundle).
        for passage in passages where passage.level <= .limited {
            func report(_ note: String, at offset: Int, inCell: Bool = false) {
                if confirmed?.clears(note) == true { return }
                // An official document's own sentence cannot be reworded: the clerk may confirm it (never a mark itself).
                let confirming = ConfirmedText.isClearable(note) ? "；若这句话本是文件原文而非提示，可在文件头写 plain_text: [\(quotableNote(note))] 确认为正文" : ""
                let message = inCell
                    ? "表格中的“\(quotableNote(note))”写了公开级别，但它只是一格文字，不起作用，这一行的内容会照常公开：请把不予公开的行移出表格，用“::: 涉密”和结束行“:::”框起来（或把整张表格框起来），或删去这一格"
                    : "“\(quotableNote(note))”写了公开级别，但它只是\(note.hasPrefix("<!--") || (note.hasPrefix("[") && note.contains("]:")) ? "注释" : "一行文字")，不起作用，其后的内容会照常公开：请用“::: 涉密”和结束行“:::”把不予公开的段落框起来，或删去这一行"
                diagnostics.error(.unknownDisclosureLevel, message + confirming, at: SourceLocation(file: file, line: passage.line + offset, column: column))
            }
            var previous: Substring?
            for (offset, line) in passage.text.lines().enumerated() {
                if let note = levelNote(line) {
                    report(note, at: offset)
                    previous = nil
                    continue
                }
                if let mark = cellLevelMark(line) {
                    report(mark, at: offset, inCell: true)
                    previous = nil   // a line that is a note is reported once; the next line is not read with it
                    continue
                }
                // A mark broken across a line end of its paragraph (a PDF's copy): named at the line it starts on.
                if let before = previous, let note = levelNoteAcrossLines(before, line) { report(note, at: offset - 1) }
                previous = line
            }
        }
        // `%% … %%` is a comment in Obsidian and clerks' editors, hidden there and published as text by cmark:
        // refused at each line holding `%%` (a comment's lines between are found by the clerk at its opening).
        for passage in passages where passage.level <= .limited && passage.text.holdsBytes("%%") {
            for (offset, line) in passage.text.lines().enumerated() where line.holdsBytes("%%") {
                let found = line.utf8.indices.first { line.utf8[$0...].starts(with: "%%".utf8) }.map { line[..<$0].count } ?? 0
                diagnostics.error(.hiddenComment, "“%%”是编辑器里的隐藏注释写法，网站不认它：%% 之间的文字会照常公开；请删去这段注释（不予公开的内容用“::: 涉密”和结束行“:::”框起来），正文要写百分号请写成“%\\%”",
                                  at: SourceLocation(file: file, line: passage.line + offset, column: column + found))
            }
        }
        // Word's struck-through words (删除线), as pandoc writes them and clerks' editors show them, struck out: cmark 0.30
        // knows no strikethrough, so what was struck out would be published as text between tildes.
        for passage in passages where passage.level <= .limited && passage.text.holdsBytes("~~") {
            for (offset, line) in passage.text.lines().enumerated() where line.holdsBytes("~~") {
                guard let found = strikethrough(in: line) else { continue }
                diagnostics.error(.hiddenComment, "“~~”之间的文字是删除线（Word 的删除线经 pandoc 转换后的写法，Typora 等编辑器也显示为划掉）：删除线通常表示已删去，网站却不认它，这些文字会连同“~~”照常公开；请删去不要的文字（不予公开的内容用“::: 涉密”和结束行“:::”框起来），确需写两个波浪号请写作“\\~~”",
                                  at: SourceLocation(file: file, line: passage.line + offset, column: column + found))
            }
        }
        // Word's comments (批注) and tracked changes, as `pandoc --track-changes=all` writes them: spans whose
        // attribute block the page does not show, so a reviewer's remark or deleted words would read as text.
        for passage in passages where passage.level <= .limited && passage.text.holdsBytes("]{.") {
            for (offset, line) in passage.text.lines().enumerated() where line.holdsBytes("]{.") {
                guard let (found, mark) = reviewMark(in: line) else { continue }
                diagnostics.error(.hiddenComment, "“{.\(mark)}”是 Word 的\(mark.hasPrefix("comment") ? "批注" : "修订（删除或插入的文字）")经 pandoc 转换后的写法：网站不显示这些标记，其中的文字会作为正文公开\(mark == "deletion" || mark == "paragraph-deletion" ? "（已删除的文字也会显示）" : "")；请在 Word 中接受或拒绝全部修订、删除批注后再转换（不加 --track-changes=all）",
                                  at: SourceLocation(file: file, line: passage.line + offset, column: column + found))
            }
        }
        // Inline HTML that hides or strikes out its words in the clerk's editor (`<font color="white">`, `<del>`): the page
        // drops the tags and shows the words as text.
        for passage in passages where passage.level <= .limited && passage.text.holdsBytes("<") {
            let lines = passage.text.lines()
            for (line, html) in Markdown.rawHTML(in: passage.text) {
                guard let how = hidingTag(html) else { continue }
                let text = line - 1 < lines.count ? lines[line - 1] : ""
                let offset = text.range(of: html.prefix(while: { $0 != "\n" }).prefix(20)).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
                diagnostics.error(.hiddenComment, "“\(html.prefix(while: { $0 != ">" && $0 != "\n" }).prefix(40))>”在编辑器里\(how)其中的文字，网站却不认这些 HTML 标记：文字会作为正文照常公开；请删去不要的文字（不予公开的内容用“::: 涉密”和结束行“:::”框起来），其余改用 Markdown 书写",
                                  at: SourceLocation(file: file, line: passage.line + line - 1, column: column + offset))
            }
        }
        // A line of words Markdown takes for a link definition (`[附注]: 本办法自……施行`) never reaches a page either.
        for passage in passages where passage.level == .public {
            for (line, at) in Markdown.definitionsOfWords(in: passage.text) {
                diagnostics.warning(.definitionNotShown, "这一行是“[文字]: ……”的写法，Markdown 把它当作链接定义，网页上不显示：其中的文字不会发布。如是正文，请改写（如把“]:”改为“]：”或去掉方括号）；如是备注，请写在内容文件之外",
                                    at: SourceLocation(file: file, line: passage.line + line - 1, column: column + at - 1))
            }
        }
        // `##一、基本情况`: a heading typed without its space is published as text, marks and all.
        for passage in passages where passage.level == .public && passage.text.holdsBytes("#") {
            for (line, at) in Markdown.headingsWithoutSpace(in: passage.text) {
                diagnostics.warning(.headingWithoutSpace, "这一行以“#”开头，但“#”后面没有半角空格：Markdown 不把它当作标题，网页上会连同“#”照原样显示。标题请在“#”后加一个半角空格，如“## 一、基本情况”",
                                    at: SourceLocation(file: file, line: passage.line + line - 1, column: column + at - 1))
            }
        }
        // Paragraphs led by four spaces or a tab become code: published, but in a box that does not wrap. Read on the
        // public text joined, as the page is drawn from it.
        if passages.contains(where: { $0.level == .public && ($0.text.holdsBytes("    ") || $0.text.holdsBytes("\t")) }) {
            let (shown, fileLines) = MarkdownSource(passages: passages, file: file).textWithFileLines(including: passages.map { $0.level == .public })
            for line in Markdown.indentedWords(in: shown) where line - 1 < fileLines.count {
                diagnostics.warning(.indentedParagraph, "这一段以四个空格或制表符开头（从 Word、WPS 粘贴的段落常常如此），Markdown 把它当作代码：网页上显示为等宽字体的方框，不会自动换行，手机上读不全。段首缩进请用两个全角空格（“　　”）或不缩进；确是代码，请用“```”上下围起来",
                                    at: SourceLocation(file: file, line: fileLines[line - 1], column: column))
            }
        }
        // Raw HTML never reaches a page (cmark's safe default drops it), so text written in it is lost.
        for passage in passages where passage.level == .public {
            let found = Markdown.rawHTML(in: passage.text)
            guard !found.isEmpty else { continue }
            let lines = passage.text.lines()
            for (line, html) in found {
                // cmark gives no column for inline HTML: found in its line (1 when not found as written).
                let text = line - 1 < lines.count ? lines[line - 1] : ""
                let offset = text.range(of: html.prefix(while: { $0 != "\n" }).prefix(20)).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
                diagnostics.warning(.rawHTML, "原始 HTML“\(quotableTag(html))”不会发布：网站只显示 Markdown 文字（如需内部备注，请写在内容文件之外）",
                                    at: SourceLocation(file: file, line: passage.line + line - 1, column: column + offset))
            }
        }
        // A link to a program on the reader's computer is published as its text alone (`Markdown.html`).
        for passage in passages where passage.level == .public {
            let found = Markdown.disallowedLinks(in: passage.text)
            guard !found.isEmpty else { continue }
            let lines = passage.text.lines()
            for (line, url) in found {
                let text = line - 1 < lines.count ? lines[line - 1] : ""
                let offset = text.range(of: url.prefix(20)).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
                diagnostics.warning(.linkScheme, Markdown.isLocalPath(url)
                                    ? "链接地址“\(url.prefix(60))”是本机电脑上的文件路径：网站上没有这个文件，网页上只显示链接文字、不带地址；附件请放进主题的 assets/ 文件夹，再用 /assets/文件名 链接"
                                    : "链接地址“\(url.prefix(60))”不是网页（http、https）、电子邮件（mailto）或电话（tel）地址：点击它会打开读者电脑上的程序，"
                                    + "网页上只显示链接文字、不带地址；请改为网页地址或删去链接",
                                    at: SourceLocation(file: file, line: passage.line + line - 1, column: column + offset))
            }
        }
        // The site loads nothing from elsewhere: an image from another server would tell it who reads what.
        for passage in passages {
            let found = Markdown.externalImages(in: passage.text)
            guard !found.isEmpty else { continue }
            let lines = passage.text.lines()
            for (line, url) in found {
                let text = line - 1 < lines.count ? lines[line - 1] : ""
                let offset = text.range(of: url.prefix(20)).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
                let why = Markdown.isLocalPath(url) ? "是本机电脑上的文件路径（从 Word 或编辑器粘贴的图片常常如此）：网站上没有这个文件，读者看不到图片"
                    : "在本网站之外：网页不引用外部资源（读者的浏览器会因此连到那个网站）"
                diagnostics.error(.externalResource, "图片地址“\(url.prefix(60))”\(why)；请删去这张图片、改为链接，或把图片放进主题的 assets/ 文件夹，再用 /assets/文件名 引用",
                                  at: SourceLocation(file: file, line: passage.line + line - 1, column: column + offset))
            }
        }
        return MarkdownSource(passages: passages, file: file)
    }
}

/// How an HTML tag hides or strikes out the words after it in an editor that shows HTML (Typora, a browser): `<del>`, `<s>`,
/// `<strike>` strike them (删除线); a white colour (`<font color="white">`, `style="color:#fff"`), `display:none`,
/// `visibility:hidden` or `hidden` hide them. Nil for any other tag (`<u>`, `<span style="color:red">`) and for an end tag.
func hidingTag(_ html: String) -> String? {
    let tag = html.prefix(while: { $0 != ">" }).lowercased().filter { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "\"" && $0 != "'" }
    guard tag.hasPrefix("<"), !tag.hasPrefix("</"), !tag.hasPrefix("<!") else { return nil }
    let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }
    if ["del", "s", "strike"].contains(name) { return "划掉（删除线）" }
    if tag.contains("display:none") || tag.contains("visibility:hidden") { return "隐藏" }
    // `hidden` as an attribute of its own (written with spaces in the tag as written).
    let words = html.prefix(while: { $0 != ">" }).lowercased().split(whereSeparator: { " \t\n/".holdsMark($0) })
    if words.dropFirst().contains(where: { $0 == "hidden" || $0.hasPrefix("hidden=") }) { return "隐藏" }
    var rest = Substring(tag)
    while let found = rest.firstRange(of: "color") {
        let before = rest[..<found.lowerBound].last
        let after = rest[found.upperBound...]
        rest = after
        guard before != "-", let mark = after.first, mark == ":" || mark == "=" else { continue }
        let value = after.dropFirst()
        if ["white", "#fff", "#ffffff", "rgb(255,255,255)"].contains(where: { value.hasPrefix($0) && !value.dropFirst($0.count).starts(with: "f") }) {
            return "以白色隐藏"
        }
    }
    return nil
}

/// The characters before the first strikethrough span in `line` (`~~删去的字~~`, as pandoc writes Word's 删除线 and GFM
/// editors read it): a run of exactly two tildes, not escaped, followed by a character other than a space, closed on the
/// line by another run of exactly two after one. Runs of three or more (a code fence `~~~`) and single tildes (5~10万元)
/// are none. Nil when there is none.
private func strikethrough(in line: Substring) -> Int? {
    let c = Array(line)
    /// Whether a run of exactly two tildes starts at `i`, not escaped by a backslash.
    func pair(_ i: Int) -> Bool {
        i + 1 < c.count && c[i] == "~" && c[i + 1] == "~" && (i + 2 == c.count || c[i + 2] != "~")
            && (i == 0 || (c[i - 1] != "~" && c[i - 1] != "\\"))
    }
    var i = 0
    while i < c.count {
        guard pair(i) else { i += 1; continue }
        guard i + 2 < c.count, !c[i + 2].isWhitespace else { i += 2; continue }
        var j = i + 3
        while j < c.count {
            if pair(j), !c[j - 1].isWhitespace { return i }
            j += 1
        }
        return nil
    }
    return nil
}

/// The class of the first span in `line` that pandoc writes for a Word comment or tracked change
/// (`[意见]{.comment-start id="0" author="…"}`, `[删去的字]{.deletion …}`), with the characters before its
/// attribute block; or nil.
private func reviewMark(in line: Substring) -> (Int, String)? {
    var found: (at: Int, mark: String)? = nil
    let bytes = Array(line.utf8)
    for mark in ["comment-start", "comment-end", "deletion", "insertion", "paragraph-insertion", "paragraph-deletion"] {
        let needle = Array("]{.\(mark)".utf8)
        guard bytes.count >= needle.count else { continue }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
            let next = i + needle.count < bytes.count ? bytes[i + needle.count] : UInt8(ascii: "}")
            guard next == UInt8(ascii: " ") || next == UInt8(ascii: "}") || next == 0x0A else { continue }
            if found == nil || i < found!.at { found = (i, mark) }
            break
        }
    }
    guard let found else { return nil }
    let brace = line.utf8.index(line.utf8.startIndex, offsetBy: found.at + 1)
    return (line[..<brace].count, found.mark)
}
