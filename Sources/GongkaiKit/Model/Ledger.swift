import GongkaiCore
import GongkaiDisclosed

/// 公开台账 — the one walk of the source model that lists every item with every text it carries,
/// its own disclosure, its position and how far it reaches for one audience.
///
/// Everyone who needs to know what is withheld reads this: the disclose stage (which parts of a
/// project were withheld, which required items are exempt), the leak audit (fingerprints of withheld
/// texts, the public corpus), the internal report and the compliance check. A new text field on a
/// source type must be listed here; `LedgerTests` fails (through `Mirror`) when one is not.
struct Ledger: Sendable {
    /// Every item, in walk order: where it sits and how far it reaches. 28 bytes: a ledger holds a
    /// million of them at platform scale (indicators, their results and bases, funding lines,
    /// passages), and most reach the audience and are asked nothing more.
    struct Node: Sendable {
        // Indices as 32-bit numbers, −1 for none.
        let fileIndex: Int32
        let line: Int32
        let column: Int32
        private var parentIndex: Int32
        private var projectIndex: Int32
        /// Index into `details`, −1 for an item kept only as a node.
        fileprivate(set) var detail: Int32
        var reach: Reach

        var parent: Int? { parentIndex < 0 ? nil : Int(parentIndex) }
        /// Index into `SourceSite.projects` of the project the item belongs to.
        var project: Int? { projectIndex < 0 ? nil : Int(projectIndex) }
        /// Whether the rules keep this item from the audience: an item kept out for lack of a known
        /// department, say, is no secret (its reach is not visible, but its level is public).
        var isWithheld: Bool { !reach.visible && reach.level != .public }

        fileprivate init(file: Int32, line: Int, column: Int, parent: Int?, project: Int?, reach: Reach) {
            fileIndex = file
            self.line = Int32(clamping: line)
            self.column = Int32(clamping: column)
            parentIndex = parent.map { Int32($0) } ?? -1
            projectIndex = project.map { Int32($0) } ?? -1
            detail = -1
            self.reach = reach
        }
    }

    /// The whole of an item the checks ask about: one that does not reach the audience (the report,
    /// redaction and the audit name it and its texts), and projects, targets, self-evaluations and
    /// evaluations (the compliance and inference checks).
    struct Entry: Sendable {
        var kind: String
        /// Whose item it is, as the internal report and diagnostics name it; made only for an item
        /// that does not reach the audience.
        var title: String
        var location: SourceLocation
        /// The texts this item carries itself, kept only when it does not reach the audience (those
        /// that do are in `publicTexts`); its children's texts are their own entries.
        var texts: [String]
        var disclosure: Disclosure
        var reach: Reach
        /// A required item (targets, self-evaluation, key evaluation), for the compliance check.
        var requirement: DisclosureCalendar.Requirement?
        /// How many of `texts`, first, are its names and codes (`Ledger.add`'s `names`): withheld as classified, they are held
        /// to public names (`WithheldItem.identityTexts`).
        var names = 0
        /// Withheld as classified, its texts are held strictly (`WithheldItem.strictTexts`): a name or data (a code, a goal,
        /// an indicator, a page's title) or a passage fenced as classified itself; not prose that is withheld only because
        /// what it belongs to is (a classified project's narrative), nor a comment, a summary, an introduction.
        var strict = true
        /// Its node's index.
        let node: Int
        let project: Int?
    }

    /// Items in chunks of 524,288 (14 MB of nodes): a million grow without the copy (and the moment
    /// of holding both the old and the doubled array) that one array costs. Chunks this large are
    /// mapped apart from the heap, so their memory goes back to the system when the ledger is dropped.
    struct Chunked<Element: Sendable>: RandomAccessCollection, MutableCollection, Sendable {
        private static var shift: Int { 19 }
        private static var mask: Int { (1 << 19) - 1 }
        private var chunks: [[Element]] = []
        private(set) var count = 0
        var startIndex: Int { 0 }
        var endIndex: Int { count }

        subscript(i: Int) -> Element {
            get { chunks[i >> Self.shift][i & Self.mask] }
            set { chunks[i >> Self.shift][i & Self.mask] = newValue }
        }

        mutating func append(_ element: Element) {
            if count & Self.mask == 0 {
                chunks.append([])
                // The first chunk grows as an array does (a small site's ledger stays small); once a
                // chunk is full, the next is made whole at once.
                if count > 0 { chunks[chunks.count - 1].reserveCapacity(Self.mask + 1) }
            }
            chunks[chunks.count - 1].append(element)
            count += 1
        }
    }

    let audience: Audience
    private(set) var nodes = Chunked<Node>()
    /// The entries, in walk order.
    private(set) var details: [Entry] = []
    /// Every name and code of the data that reaches the audience — a department's, unit's, project's or indicator's
    /// name and code — in walk order (where an item is filed, a category, is data: `publicTexts`). The one public
    /// corpus that makes a classified item's name or code public (the project public in another year): a name written in a
    /// text is a mention, and a classified name mentioned in public is a copy (`LeakAudit`).
    private(set) var publicNames = Chunked<String>()
    /// Every free text of the data that reaches the audience — goals, bases, target and actual values, deviations,
    /// problems and measures, funding sources and uses, evaluators, monitoring and rectification texts — and every label
    /// (a department's kind, a project's category, where a page is filed), in walk order.
    /// With `publicNames`, what the leak audit may find in the output without alarm.
    private(set) var publicTexts = Chunked<String>()
    /// Every text of prose that reaches the audience — the configuration's wording, pages' titles and summaries,
    /// department introductions, Markdown passages — in walk order.
    /// Kept apart because it whitelists less: a classified item's words found in it are a copy (a clerk pasting a 涉密
    /// project's goal into a notice), not a second, public source of the same words (`LeakAudit`).
    private(set) var publicProse = Chunked<String>()
    /// Content files by `Node.fileIndex`.
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]
    /// Items kept from the audience: each topmost entry that does not reach it, with its own texts
    /// and every descendant's. Sorted by position; worked out once, when the walk is done.
    private(set) var withheld: [WithheldItem] = []
    /// Every HTML comment of a Markdown text, whole: the audit fingerprints only a comment's Chinese words,
    /// but an address in it (`![部署图](/assets/1.png)`) refers to a theme file, which is published (GK146).
    private(set) var comments: [WithheldItem] = []

    init(_ site: SourceSite, audience: Audience) {
        self.audience = audience
        walk(site)
        fileIndex = [:]
        withheld = Self.topmostWithheld(nodes, details)
    }

    // MARK: Reading the ledger

    /// The file a node's item is written in.
    func file(of node: Node) -> String { files[Int(node.fileIndex)] }

    private static func topmostWithheld(_ nodes: Chunked<Node>, _ details: [Entry]) -> [WithheldItem] {
        // Each node's children, in walk order, as one flat list: `children[first[i]..<first[i + 1]]`.
        var first = [Int32](repeating: 0, count: nodes.count + 1)
        for n in nodes { if let p = n.parent { first[p + 1] += 1 } }
        for i in nodes.indices { first[i + 1] += first[i] }
        var next = first
        var children = [Int32](repeating: 0, count: Int(first[nodes.count]))
        for (i, n) in nodes.enumerated() {
            if let p = n.parent { children[Int(next[p])] = Int32(i); next[p] += 1 }
        }
        // Every part of an item that does not reach the audience does not reach it either, so each has its entry.
        // `strict`: only the texts held strictly, of the parts withheld as classified: a classified project of an on-request
        // department is held as strictly as one of a public department.
        func allTexts(_ i: Int, strict: Bool = false) -> [String] {
            let entry = details[Int(nodes[i].detail)]
            let own = !strict || (entry.strict && entry.reach.level == .classified) ? entry.texts : []
            return own + children[Int(first[i])..<Int(first[i + 1])].flatMap { allTexts(Int($0), strict: strict) }
        }
        // The names and codes of the parts withheld as classified.
        func allNames(_ i: Int) -> [String] {
            let entry = details[Int(nodes[i].detail)]
            let own = entry.reach.level == .classified ? entry.texts.prefix(entry.names) : []
            return own + children[Int(first[i])..<Int(first[i + 1])].flatMap { allNames(Int($0)) }
        }
        var items: [WithheldItem] = []
        for e in details where !e.reach.visible && (nodes[e.node].parent.map { nodes[$0].reach.visible } ?? true) {
            items.append(WithheldItem(kind: e.kind, title: e.title, disclosure: e.disclosure, level: e.reach.level,
                                      location: e.location, texts: allTexts(e.node),
                                      strictTexts: allTexts(e.node, strict: true), identityTexts: allNames(e.node)))
        }
        return items.sorted { ($0.location, $0.kind, $0.title) < ($1.location, $1.kind, $1.title) }
    }

    /// Every text of the site, withheld or not.
    var allTexts: [String] { Array(everyPublicText) + details.flatMap(\.texts) }

    /// Every text that reaches the audience: the data's names and free texts, then the prose's.
    var everyPublicText: FlattenSequence<[Chunked<String>]> { [publicNames, publicTexts, publicProse].joined() }

    /// The files holding an item the rules withhold (`Node.isWithheld`), by `Node.fileIndex`.
    var withheldFileIndices: Set<Int32> {
        var indices = Set<Int32>()
        for n in nodes where n.isWithheld { indices.insert(n.fileIndex) }
        return indices
    }

    /// The same files by path.
    var withheldFiles: Set<String> { Set(withheldFileIndices.map { files[Int($0)] }) }

    /// Projects (by source index) with at least one withheld part while the project itself reaches the audience.
    var projectsWithWithheldParts: Set<Int> {
        var projects = Set<Int>()
        for e in details where !e.reach.visible && e.kind != "项目" { if let p = e.project { projects.insert(p) } }
        return projects
    }

    /// Which of `candidates` are where an item that reaches the audience sits in the source. Asked
    /// for evaluations and department-wide targets and self-evaluations, which all have entries.
    func reaching(among candidates: Set<SourceLocation>) -> Set<SourceLocation> {
        var locations = Set<SourceLocation>()
        for e in details where e.reach.visible && candidates.contains(e.location) { locations.insert(e.location) }
        return locations
    }

    /// The items of `kind` that reach the audience while some part of them does not, by location. One
    /// pass from the end: a part is always entered after the item it belongs to.
    func withWithheldParts(kind: String) -> Set<SourceLocation> {
        var below = [Bool](repeating: false, count: nodes.count)
        for i in nodes.indices.reversed() {
            guard let p = nodes[i].parent else { continue }
            if !nodes[i].reach.visible || below[i] { below[p] = true }
        }
        return Set(details.filter { $0.kind == kind && $0.reach.visible && below[$0.node] }.map(\.location))
    }

    /// Required items kept from the audience, by project: exempt from the compliance check.
    var withheldRequirements: [Int: Set<DisclosureCalendar.Requirement>] {
        var result: [Int: Set<DisclosureCalendar.Requirement>] = [:]
        for e in details where !e.reach.visible {
            if let p = e.project, let r = e.requirement { result[p, default: []].insert(r) }
        }
        return result
    }

    // MARK: The walk

    /// Enters an item. `keep`: it gets an entry even when it reaches the audience (an item the checks
    /// ask about); `reach` overrides the reach its path and disclosure give. `prose`: its texts, public, are
    /// `publicProse`; `strict` (by default, when not prose): withheld as classified, they are held strictly (`Entry.strict`).
    /// `names`: the item's own names and codes, which name it: public (and not prose), they are `publicNames`; withheld as
    /// classified, they are whitelisted by public names only (`WithheldItem.identityTexts`). `labels`: where it is filed
    /// (a category, a department's kind): public, `publicTexts` (data, but no name); withheld, held as its other texts, being shared.
    /// `texts`: its free texts, public `publicTexts`.
    private mutating func add(_ kind: String, _ title: @autoclosure () -> String, _ disclosure: Disclosure, under parent: Int?,
                              at location: SourceLocation, names: [String?] = [], labels: [String?] = [], texts: [String?],
                              project: Int? = nil,
                              requirement: DisclosureCalendar.Requirement? = nil, alsoUnder other: Reach? = nil,
                              keep: Bool = false, reach forced: Reach? = nil, prose: Bool = false, strict: Bool? = nil) -> Int {
        var reach = (parent.map { nodes[$0].reach } ?? .root).then(disclosure, audience)
        if let other { reach = Reach(visible: reach.visible && other.visible, level: max(reach.level, other.level)) }
        if let forced { reach = forced }
        let file: Int32
        if let last = files.last, last == location.file { file = Int32(files.count - 1) } else if let known = fileIndex[location.file] {
            file = known
        } else {
            file = Int32(files.count)
            files.append(location.file)
            fileIndex[location.file] = file
        }
        let project = project ?? parent.flatMap { nodes[$0].project }
        var node = Node(file: file, line: location.line, column: location.column, parent: parent, project: project, reach: reach)
        func present(_ texts: [String?]) -> [String] { texts.compactMap { $0 }.filter { !$0.isEmpty } }
        let (ownNames, ownLabels, free) = (present(names), present(labels), present(texts))
        if reach.visible {
            for text in ownNames { if prose { publicProse.append(text) } else { publicNames.append(text) } }
            // Where an item is filed is public data, not a name: a public page filed under a classified project's name
            // (`category: 北山坑道加固工程`) publishes the name, and must not make it public (`LeakAudit`).
            for text in ownLabels { if prose { publicProse.append(text) } else { publicTexts.append(text) } }
            for text in free { if prose { publicProse.append(text) } else { publicTexts.append(text) } }
        }
        if keep || !reach.visible {
            node.detail = Int32(details.count)
            details.append(Entry(kind: kind, title: reach.visible ? "" : title(), location: location,
                                 texts: reach.visible ? [] : ownNames + ownLabels + free, disclosure: disclosure, reach: reach,
                                 requirement: requirement, names: reach.visible ? 0 : ownNames.count, strict: strict ?? !prose,
                                 node: nodes.count, project: project))
        }
        nodes.append(node)
        return nodes.count - 1
    }

    private mutating func guarded(_ field: Guarded<String>?, _ kind: String, _ owner: String, under parent: Int,
                                  alsoUnder other: Reach? = nil, prose: Bool = false) {
        guard let field else { return }
        _ = add(kind, owner, field.disclosure, under: parent, at: field.location, texts: [field.value], alsoUnder: other, prose: prose)
    }

    private mutating func markdown(_ source: MarkdownSource, _ owner: String, under parent: Int?) {
        for passage in source.passages {
            // Listed with its innermost fence's scope; it reaches only whom every open fence admits.
            let disclosure = Disclosure(level: passage.level, scope: passage.scopes.last ?? [])
            let at = SourceLocation(file: source.file, line: passage.line)
            let (text, comments) = HTMLComments.split(passage.text)
            // A passage fenced as classified itself (`::: 涉密`) is held strictly: the clerk marked these very words.
            let entry = add("段落", owner, disclosure, under: parent, at: at, texts: [text],
                            alsoUnder: Reach.root.then(passage, audience), prose: true, strict: passage.level == .classified)
            // A comment is the clerk's note to self: never published, so fingerprinted like a classified
            // text. Only its Chinese words are kept: comments written by tools (`<!-- 由 gongkai import … -->`)
            // are mostly ASCII words that every page carries anyway.
            for comment in comments {
                let words = comment.split(whereSeparator: { !Self.isHan($0) }).map(String.init).filter { $0.count >= 2 }
                _ = add("注释", owner, Disclosure(level: .classified, reason: "HTML 注释不发布", location: at),
                        under: entry, at: at, texts: words, prose: true)
                self.comments.append(WithheldItem(kind: "注释", title: owner, disclosure: Disclosure(level: .classified, location: at),
                                                  level: .classified, location: at, texts: [comment]))
            }
        }
    }

    private mutating func walk(_ site: SourceSite) {
        let config = site.config
        // Grade descriptions are configuration, public like the title: part of the public corpus.
        let schemes = [config.gradeScheme] + config.gradeSchemes.keys.sorted().compactMap { config.gradeSchemes[$0] }
            + config.gradeOverrides.map(\.scheme)
        // The configuration's texts are the site's own wording, not items of data: a classified project's name written into
        // the notice on withheld items (`withheld_notice: 北山坑道加固工程等项目不予公开`) is a copy, not a second source.
        let root = add("站点", config.title, .public, under: nil, at: SourceLocation(file: ConfigLoader.fileName),
                       texts: [config.title, config.publisher, config.withheldNotice] + schemes.flatMap { $0.bands.map(\.description) },
                       prose: true)
        markdown(site.intro, "站点介绍", under: root)

        var departmentEntry: [String: Int] = [:]
        var unitEntry: [String: Int] = [:]
        for d in site.departments {
            // Codes become addresses in lower case (`departments/gfd/`): both spellings are texts.
            let e = add("部门", "\(d.code) \(d.name)", d.disclosure, under: root, at: d.location,
                        names: [d.code, d.code.lowercased(), d.name], labels: [d.kind], texts: [])
            departmentEntry[d.code] = e
            guarded(d.intro, "部门简介", d.name, under: e, prose: true)
            for u in d.units {
                unitEntry[u.code] = add("单位", "\(u.code) \(u.name)", u.disclosure, under: e, at: u.location,
                                        names: [u.code, u.code.lowercased(), u.name], texts: [])
            }
        }
        // A reference to an unknown department or unit never publishes (validation reports it); the
        // entry standing for it is made only when some item needs it.
        var unknownEntry: Int?
        func unknownParent() -> Int {
            if let unknownEntry { return unknownEntry }
            // Withheld, though nothing says it is secret.
            let e = add("未知部门", "", .public, under: root, at: SourceLocation(file: ""), texts: [], reach: Reach(visible: false, level: .public))
            unknownEntry = e
            return e
        }

        for (index, p) in site.projects.enumerated() {
            let parent = p.unitCode.map { unitEntry[$0] ?? unknownParent() } ?? departmentEntry[p.departmentCode] ?? unknownParent()
            // A unit of another department, or a department that does not exist, is hidden too.
            let departmentReach = departmentEntry[p.departmentCode].map { nodes[$0].reach } ?? nodes[unknownParent()].reach
            let owner = "\(p.year) \(p.code) \(p.name)"
            let e = add("项目", owner, p.disclosure, under: parent, at: p.location,
                        names: [p.code, p.code.lowercased(), p.name], labels: [p.category], texts: [],
                        project: index, alsoUnder: departmentReach, keep: true)
            walk(p, owner: owner, under: e)
        }

        for dp in site.departmentPerformance {
            let owner = "\(dp.year) \(dp.departmentCode) \(DepartmentPerformance.title)"
            let e = add(DepartmentPerformance.title, owner, dp.disclosure, under: departmentEntry[dp.departmentCode] ?? unknownParent(),
                        at: dp.location, texts: [], keep: true)
            for task in dp.tasks {
                _ = add("年度主要任务", "\(owner)：\(task.name)", task.disclosure, under: e, at: task.location, texts: [task.name, task.content])
            }
            walk(dp.asProject, owner: owner, under: e)
        }

        for page in site.pages {
            let parent = page.departmentCode.map { departmentEntry[$0] ?? unknownParent() } ?? root
            let e = add("页面", page.title, page.disclosure, under: parent, at: page.location, names: [page.title], texts: [],
                        // A page's title is its name: public, it does not make a classified project's name public (a report
                        // titled after it is the leak); withheld as classified, it is kept from public prose like a project's.
                        prose: true, strict: true)
            // Where it is filed — its category, department and folder (`tongzhi/…`) — is data, not prose: public pages filed
            // alike make a classified page's folder public, while its category copied into a page's body is still a copy.
            _ = add("页面归类", page.title, .public, under: e, at: page.location,
                    labels: [page.category, page.departmentCode, page.path.joined(separator: "/")], texts: [])
            guarded(page.summary, "摘要", page.title, under: e, prose: true)
            markdown(page.body, page.title, under: e)
        }
    }

    private mutating func walk(_ p: Project, owner: String, under project: Int) {
        if let a = p.exAnte {
            let e = add("事前绩效评估", owner, a.disclosure, under: project, at: a.location, texts: [a.assessor])
            guarded(a.conclusion, "评估结论", owner, under: e)
            markdown(a.report, "\(owner) 事前绩效评估", under: e)
        }
        if let f = p.funding {
            for line in f.lines {
                _ = add("资金来源", "\(owner)：\(line.source)", line.disclosure, under: project, at: line.location, texts: [line.source])
            }
            for use in f.uses {
                _ = add("资金用途", "\(owner)：\(use.item)", use.disclosure, under: project, at: use.location, texts: [use.item])
            }
        }

        // The self-evaluation comes first: indicator results (actual values, deviations) reach the
        // audience only when both their indicator and the self-evaluation do.
        var selfReach: Reach?
        if let s = p.selfEvaluation {
            let e = add("单位自评", owner, s.disclosure, under: project, at: s.location, texts: [s.grade], requirement: .selfEvaluation, keep: true)
            selfReach = nodes[e].reach
            guarded(s.problems, "存在问题", owner, under: e)
            guarded(s.measures, "改进措施", owner, under: e)
            guarded(s.goalAchieved, "目标完成情况", owner, under: e)
            for a in s.adjustments {
                let line = add("加减分项", "\(owner)：\(a.item)", a.disclosure, under: e, at: a.location, texts: [a.item])
                guarded(a.reason, "加减分理由", owner, under: line)
            }
            markdown(s.report, "\(owner) 自评报告", under: e)
            if let c = s.recheck {
                let r = add("抽查复核", owner, c.disclosure, under: e, at: c.location, texts: [c.reviewer, c.grade])
                guarded(c.opinion, "复核意见", owner, under: r)
            }
        }
        let resultsReach = selfReach ?? Reach(visible: false, level: .public)

        if let t = p.targets {
            let e = add("绩效目标", owner, t.disclosure, under: project, at: t.location, texts: [], requirement: .targets, keep: true)
            guarded(t.goal, "年度总体目标", owner, under: e)
            func indicator(_ node: IndicatorNode, under parent: Int) {
                let kind = ProjectLoader.levelNames[node.depth] ?? "指标"
                let n = add(kind, "\(owner)：\(node.name)", node.disclosure, under: parent, at: node.location,
                            names: [node.name], texts: [node.target?.raw])
                guarded(node.basis, "指标值确定依据", owner, under: n)
                guarded(node.explanation, "指标解释", owner, under: n)
                if let a = node.adjustment {
                    let adjusted = add("目标调整", "\(owner)：\(node.name)", a.disclosure, under: n, at: a.location, texts: [a.target.raw])
                    guarded(a.reason, "调整理由", owner, under: adjusted)
                }
                if node.actual != nil || node.deviation != nil {
                    let r = add("指标结果", "\(owner)：\(node.name)", .public, under: n, at: node.location,
                                texts: [node.actual], alsoUnder: resultsReach)
                    guarded(node.deviation, "偏差原因", owner, under: r)
                }
                for child in node.children { indicator(child, under: n) }
            }
            for node in t.indicators { indicator(node, under: e) }
        }

        for ev in p.evaluations {
            // The kind (财政重点评价 …) is a label every grade page prints, not content of the evaluation.
            let e = add(ev.kind, owner, ev.disclosure, under: project, at: ev.location, texts: [ev.evaluator, ev.grade],
                        requirement: ev.isKeyEvaluation ? .keyEvaluation : nil, keep: true)
            markdown(ev.report, "\(owner) \(ev.kind)", under: e)
        }
        for c in p.monitoring {
            let e = add("监控节点", owner, c.disclosure, under: project, at: c.location, texts: [])
            guarded(c.progress, "目标进度", owner, under: e)
            guarded(c.measures, "纠偏措施", owner, under: e)
        }
        for item in p.rectifications {
            let e = add("整改事项", owner, item.disclosure, under: project, at: item.location,
                        texts: [item.responsible, item.source, item.deadlineRule])
            guarded(item.problem, "整改问题", owner, under: e)
            guarded(item.measure, "整改措施", owner, under: e)
        }
        markdown(p.narrative, owner, under: project)
    }
}

extension Ledger {
    static func isHan(_ c: Character) -> Bool {
        c.unicodeScalars.first.map { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) } ?? false
    }
}

/// HTML comments in Markdown (`<!-- 内部备注 -->`): cmark drops them from pages, and nothing else
/// may publish them either. Found by a plain scan (a superset of what cmark calls a comment; an
/// unclosed comment runs to the end of the text).
enum HTMLComments {
    /// The text without its comments, and the comments' contents.
    static func split(_ text: String) -> (text: String, comments: [String]) {
        guard text.holdsBytes("<!--") else { return (text, []) }
        var rest = Substring(text)
        var kept = ""
        var comments: [String] = []
        while let open = rest.firstRange(of: "<!--") {
            kept += rest[..<open.lowerBound]
            let body = rest[open.upperBound...]
            if let close = body.firstRange(of: "-->") {
                comments.append(String(body[..<close.lowerBound]))
                rest = body[close.upperBound...]
            } else {
                comments.append(String(body))
                rest = ""
            }
        }
        return (kept + rest, comments)
    }
}
