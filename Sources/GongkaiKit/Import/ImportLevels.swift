import Foundation
import GongkaiCore

/// Disclosure levels across an import over an existing file (公开属性不丢失): the written project is
/// loaded again and compared, item by item, with the file it replaces. A level may only go down
/// where the sheet says so in a 公开属性 cell; anything else is an error naming the cell, and nothing
/// is written. This check reads the final text, so a mistake in merging cannot slip past it.
enum ImportLevels {
    /// One item that carries a level: its place in the project, its texts, the strictest level on its path.
    struct Entry {
        var key: String
        var texts: [String]
        var level: DisclosureLevel
        /// Which item of that name it is (0 for the first): two tasks, uses or indicators may share a name, and
        /// the n-th of a name in the written file is the n-th row of that name in the table.
        var occurrence = 0
    }

    /// `tasks`: a department file's 年度主要任务 (not part of its project shape).
    static func entries(_ p: Project, tasks: [DepartmentTask] = []) -> [Entry] {
        var out: [Entry] = [], seen: [String: Int] = [:]
        /// The next occurrence of an item's key (its field entries, `key#basis` …, share the item's).
        func next(_ key: String) -> Int { defer { seen[key, default: 0] += 1 }; return seen[key, default: 0] }
        let project = p.disclosure.level
        out.append(Entry(key: "project", texts: [p.name], level: project))
        for line in p.funding?.lines ?? [] {
            let key = "funding:" + Labels.normalized(line.source)
            out.append(Entry(key: key, texts: [line.source], level: max(project, line.disclosure.level), occurrence: next(key)))
        }
        // By item, as the writer matches them: a use renamed (a withheld one gone, a new one there) is caught below.
        for use in p.funding?.uses ?? [] {
            let key = "use:\(use.item)"
            out.append(Entry(key: key, texts: [use.item], level: max(project, use.disclosure.level), occurrence: next(key)))
        }
        for task in tasks {
            let key = "task:" + task.name
            out.append(Entry(key: key, texts: [task.name, task.content].compactMap { $0 }, level: max(project, task.disclosure.level), occurrence: next(key)))
        }
        if let t = p.targets {
            let targets = max(project, t.disclosure.level)
            out.append(Entry(key: "targets", texts: [], level: targets))
            if let g = t.goal { out.append(Entry(key: "goal", texts: [g.value], level: max(targets, g.disclosure.level))) }
            for l1 in t.indicators {
                let a = max(targets, l1.disclosure.level)
                out.append(Entry(key: "indicator:" + l1.name, texts: [l1.name], level: a))
                for l2 in l1.children {
                    let b = max(a, l2.disclosure.level)
                    out.append(Entry(key: "indicator:\(l1.name)/\(l2.name)", texts: [l2.name], level: b))
                    for leaf in l2.children {
                        let c = max(b, leaf.disclosure.level), key = "indicator:\(l1.name)/\(l2.name)/\(leaf.name)", n = next(key)
                        out.append(Entry(key: key, texts: [leaf.name, leaf.target?.raw, leaf.actual].compactMap { $0 }, level: c, occurrence: n))
                        if let v = leaf.basis { out.append(Entry(key: key + "#basis", texts: [v.value], level: max(c, v.disclosure.level), occurrence: n)) }
                        if let v = leaf.deviation { out.append(Entry(key: key + "#deviation", texts: [v.value], level: max(c, v.disclosure.level), occurrence: n)) }
                        if let v = leaf.explanation { out.append(Entry(key: key + "#explanation", texts: [v.value], level: max(c, v.disclosure.level), occurrence: n)) }
                    }
                }
            }
        }
        // Monitoring checkpoints (a 监控表 import adds or replaces one): their texts count like any other.
        for k in p.monitoring {
            let key = "monitoring:\(k.date.map { "\($0.year)-\($0.month)" } ?? "")", level = max(project, k.disclosure.level)
            out.append(Entry(key: key, texts: [], level: level))
            if let v = k.progress { out.append(Entry(key: key + "#progress", texts: [v.value], level: max(level, v.disclosure.level))) }
            if let v = k.measures { out.append(Entry(key: key + "#measures", texts: [v.value], level: max(level, v.disclosure.level))) }
        }
        if let s = p.selfEvaluation {
            let level = max(project, s.disclosure.level)
            out.append(Entry(key: "self_evaluation", texts: [], level: level))
            for (key, v) in [("goal_achieved", s.goalAchieved), ("problems", s.problems), ("measures", s.measures)] {
                if let v { out.append(Entry(key: key, texts: [v.value], level: max(level, v.disclosure.level))) }
            }
            for a in s.adjustments {
                let key = "adjustment:\(a.kind.rawValue):\(a.item)", line = max(level, a.disclosure.level), n = next(key)
                out.append(Entry(key: key, texts: [a.item], level: line, occurrence: n))
                if let v = a.reason { out.append(Entry(key: key + "#reason", texts: [v.value], level: max(line, v.disclosure.level), occurrence: n)) }
            }
        }
        return out
    }

    /// Where an item of the imported sheet is written, and whether its 公开属性 is stated there.
    struct Origin {
        var cell: Sheet.Cell
        var explicit: Bool
        /// Another sheet of the workbook (a uses sheet); nil for the project's own.
        var sheet: String? = nil
    }

    /// The key of the n-th item of a name (0 for the first) in `origins`.
    static func occurrenceKey(_ key: String, _ n: Int) -> String { n == 0 ? key : key + "\u{1}\(n)" }

    /// Each item of the imported project → its cell and whether the sheet states its level. A second row of
    /// the same name is under `occurrenceKey(key, 1)`, and so on: each row's own cell and statement.
    static func origins(_ p: ImportedProject, fallback: Sheet.Cell) -> [String: Origin] {
        var out: [String: Origin] = [:], seen: [String: Int] = [:]
        func add(_ key: String, _ origin: Origin, fields: [String] = []) {
            let n = seen[key, default: 0]
            seen[key] = n + 1
            out[occurrenceKey(key, n)] = origin
            for f in fields { out[occurrenceKey(key + f, n)] = origin }
        }
        let projectCell = p.projectLevel?.cell ?? fallback
        out["project"] = Origin(cell: projectCell, explicit: p.projectLevel != nil)
        out["targets"] = Origin(cell: projectCell, explicit: p.projectLevel?.field(Labels.targetsField) != nil)
        out["self_evaluation"] = Origin(cell: projectCell, explicit: p.projectLevel?.field(Labels.selfEvaluationField) != nil)
        for row in p.funding {
            add("funding:" + Labels.normalized(row.source), Origin(cell: row.level?.cell ?? row.cell ?? fallback, explicit: row.level != nil))
        }
        for use in p.uses ?? [] {
            add("use:\(use.item)", Origin(cell: use.level?.cell ?? use.cell, explicit: use.level != nil, sheet: p.usesSheet))
        }
        for task in p.tasks ?? [] {
            add("task:" + task.name, Origin(cell: task.level?.cell ?? task.cell, explicit: task.level != nil))
        }
        let goalCell = p.goalLevel?.cell ?? p.goalCell ?? fallback
        out["goal"] = Origin(cell: goalCell, explicit: p.goalLevel != nil)
        out["problems"] = Origin(cell: p.problemsLevel?.cell ?? p.problemsCell ?? fallback, explicit: p.problemsLevel != nil)
        out["measures"] = Origin(cell: p.measuresLevel?.cell ?? p.measuresCell ?? fallback, explicit: p.measuresLevel != nil)
        out["goal_achieved"] = Origin(cell: goalCell, explicit: p.goalLevel?.field(Labels.achievedGoal) != nil || p.goalLevel != nil)
        for i in p.indicators {
            let key = "indicator:\(i.level1)/\(i.level2)/\(i.name)"
            let origin = Origin(cell: i.level?.cell ?? i.cell ?? fallback, explicit: i.level != nil)
            add(key, origin, fields: ["#basis", "#deviation", "#explanation"])
            out["indicator:\(i.level1)/\(i.level2)"] = out["indicator:\(i.level1)/\(i.level2)"] ?? Origin(cell: origin.cell, explicit: false)
            out["indicator:\(i.level1)"] = out["indicator:\(i.level1)"] ?? Origin(cell: origin.cell, explicit: false)
        }
        // 加分项 / 扣分项 lines (the comprehensive layout) have no 公开属性 column: never stated.
        for a in p.adjustments {
            let key = "adjustment:\(a.bonus ? AdjustmentKind.bonus.rawValue : AdjustmentKind.deduction.rawValue):\(a.item)"
            add(key, Origin(cell: a.cell, explicit: false), fields: ["#reason"])
        }
        return out
    }

    /// Compares the file being replaced with the one about to be written. Messages never quote a
    /// withheld text: import output can end up in a shared log.
    static func check(old: Project, new: Project, oldTasks: [DepartmentTask] = [], newTasks: [DepartmentTask] = [],
                      origins: [String: Origin], fallback: Sheet.Cell,
                      at location: (Origin) -> SourceLocation, _ diagnostics: inout DiagnosticList) {
        let before = entries(old, tasks: oldTasks), after = entries(new, tasks: newTasks)
        // Items of the same name (two tasks 宣传培训, two uses, two indicators under one 二级) are compared with the
        // strictest of them: never with the first alone, which may be a public sibling of a withheld one.
        let strictest = Dictionary(before.map { ($0.key, $0.level) }, uniquingKeysWith: { a, b in max(a, b) })
        let least = Dictionary(before.map { ($0.key, $0.level) }, uniquingKeysWith: { a, b in min(a, b) })
        let afterKeys = Set(after.map(\.key))
        /// An entry's own row: the n-th row of its name (a field entry, `key#basis`, is its item's row).
        func origin(_ entry: Entry) -> Origin {
            if let o = origins[occurrenceKey(entry.key, entry.occurrence)] { return o }
            // No row of its own (a row the table does not have): never borrow a sibling's statement.
            return Origin(cell: origins[entry.key]?.cell ?? fallback, explicit: false, sheet: origins[entry.key]?.sheet)
        }
        // A name the old file gives at different levels: which row is which cannot be told (rows move in Excel).
        let ambiguous = Set(strictest.keys.filter { strictest[$0] != least[$0] })
        // With every row of such a name stating its level, the table lowers nothing unless, strictest first,
        // some stated level falls below the old one of the same rank (one of two withheld made public).
        func lowered(_ key: String) -> Bool {
            let was = before.filter { $0.key == key }.map(\.level).sorted(by: >)
            let now = after.filter { $0.key == key }.map(\.level).sorted(by: >)
            return zip(was, now).contains { $1 < $0 } || now.count < was.count
        }
        // One message per cell and severity: a row's fields share its cell.
        var reported = Set<String>()
        func report(_ severity: Severity, _ message: String, _ origin: Origin) {
            let at = location(origin)
            guard reported.insert("\(severity)\(at)").inserted else { return }
            diagnostics.append(Diagnostic(severity, .importDisclosure, message, at: at))
        }

        // 1. The same item at a lower level.
        for entry in after {
            guard let was = strictest[entry.key] else { continue }
            let o = origin(entry)
            if ambiguous.contains(entry.key) {
                if !o.explicit {
                    report(.error, "原文件中有同名的\(kindName(entry.key))而公开属性不同，无法确定此行对应哪一项（可能导致不予公开的一项被公开）：请在每一行同名项的“公开属性”中写明级别（确需公开时写“主动公开”）", o)
                } else if entry.level < was, lowered(entry.key) {
                    report(.warning, "表中写明的公开属性把同名项中的一项由“\(was.chineseName)”改为“\(entry.level.chineseName)”", o)
                }
                continue
            }
            guard entry.level < was else { continue }
            if o.explicit {
                report(.warning, "表中写明的公开属性把此项由“\(was.chineseName)”改为“\(entry.level.chineseName)”", o)
            } else {
                report(.error, "导入会把此项的公开属性由“\(was.chineseName)”降为“\(entry.level.chineseName)”，而表中没有写明：请在“公开属性”中写明级别（确需公开时写“主动公开”）", o)
            }
        }
        // 2. A withheld text (not public anywhere in the old file) now in a less withheld place: moved, or
        // pasted into a longer text. A 公开属性 cell does not excuse it: an exported table states 主动公开 on
        // every public row, and that statement was made for the row's own text, not for what Excel moved
        // into it. Only lowering the item's own level where it stands (caught above) publishes a text.
        var withheld: [String: DisclosureLevel] = [:]
        let publicTexts = Set(before.filter { $0.level == .public }.flatMap(\.texts))
        for entry in before where entry.level > .public {
            for text in entry.texts where !publicTexts.contains(text) { withheld[text] = max(withheld[text] ?? .public, entry.level) }
        }
        // The least withheld level each old text stood at: a text already that exposed is no news.
        var exposed: [String: DisclosureLevel] = [:]
        for entry in before { for text in entry.texts { exposed[text] = min(exposed[text] ?? entry.level, entry.level) } }
        // Long enough to be a passage, not a word that recurs by chance (无, ≥90%).
        let passages = withheld.filter { $0.key.count >= 10 }
        for entry in after where least[entry.key].map({ $0 <= entry.level }) ?? true {
            let found = entry.texts.lazy.filter { (exposed[$0] ?? .classified) > entry.level }.compactMap { text -> DisclosureLevel? in
                if let level = withheld[text], level > entry.level { return level }
                return passages.filter { $0.value > entry.level && text.contains($0.key) }.map(\.value).max()
            }.first
            guard let level = found else { continue }
            report(.error, origin(entry).explicit
                   ? "此处有原文件中为“\(level.chineseName)”的内容（由别处移来或并入），导入后会以此行的公开属性公开：此行的“公开属性”只管此行原有的内容。确需公开时，先在原处改写其公开属性导入，再移动"
                   : "此处的内容在原文件中为“\(level.chineseName)”，导入后会降低公开属性：请在“公开属性”中写明级别", origin(entry))
        }
        // 3. A withheld row gone and a new row with no stated level: perhaps renamed, so refuse.
        for kind in ["indicator:", "funding:", "adjustment:", "task:", "use:"] {
            let lost = before.filter { $0.key.hasPrefix(kind) && $0.level > .public && !afterKeys.contains($0.key) }
            guard let first = lost.first else { continue }
            let added = after.filter { $0.key.hasPrefix(kind) && strictest[$0.key] == nil && !origin($0).explicit && $0.level < first.level }
            if let new = added.first {
                report(.error, "原文件中有\(lost.count)个不予公开的\(kindName(kind))不在表中，而此行是新增的且没有写明公开属性（如是改名，会使其公开）：请在“公开属性”中写明级别", origin(new))
            }
        }
    }

    /// What kind of item a key names, in the clerk's words.
    static func kindName(_ key: String) -> String {
        key.hasPrefix("funding:") ? "资金来源" : key.hasPrefix("adjustment:") ? "加减分项" : key.hasPrefix("task:") ? "年度主要任务"
            : key.hasPrefix("use:") ? "资金用途" : key.hasPrefix("indicator:") ? "指标" : key.hasPrefix("monitoring:") ? "监控记录" : "项目"
    }
}
