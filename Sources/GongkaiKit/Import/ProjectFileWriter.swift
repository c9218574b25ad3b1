import Foundation
import GongkaiCore

/// Writes an imported project in gongkai's own format: Markdown with YAML front matter, every text
/// double-quoted (so `>=50`, `#`, `:` and leading spaces survive), numbers exactly as read.
///
/// Importing over an existing file merges into it: what the sheet does not carry (publish dates,
/// group weights, evaluations, monitoring, the narrative …) is kept, and every disclosure level the
/// sheet does not state explicitly in a 公开属性 cell is kept as the file had it, reason and approver
/// included. A sheet without levels can therefore never declassify an item.
enum ProjectFileWriter {
    /// The file being replaced, as loaded and as text.
    struct Existing {
        var project: Project
        var text: String
        /// A department file's 年度主要任务 (its project shape has none).
        var tasks: [DepartmentTask] = []
    }

    /// Top-level keys the writer produces; any other top-level block of an existing file is kept verbatim.
    static let writtenKeys: Set<String> = ["code", "name", "year", "department", "unit", "disclosure", "funding", "tasks", "targets", "self_evaluation"]

    /// What an existing file carries that the sheet's layout cannot express, so a merge would drop it.
    /// The comprehensive layout (`sheetHasFrame`) carries the frame, 基础总分 and 加分项 / 扣分项 itself.
    static func unrepresentable(in p: Project, sheetHasFrame: Bool = false) -> [String] {
        var lost: [String] = []
        if let s = p.selfEvaluation {
            if s.recheck != nil { lost.append("抽查复核") }
            if !sheetHasFrame, s.frameName != nil || s.baseScore != nil || !s.adjustments.isEmpty { lost.append("评价框架、基础总分或加减分项") }
            if !s.report.passages.isEmpty { lost.append("自评报告") }
        }
        func adjusted(_ nodes: [IndicatorNode]) -> Bool { nodes.contains { $0.adjustment != nil || adjusted($0.children) } }
        if let t = p.targets, adjusted(t.indicators) { lost.append("绩效目标调整") }
        return lost
    }

    static func text(_ p: ImportedProject, code: String, year: Int, department: String, unit: String?, sourceFile: String,
                     existing: Existing? = nil) -> String {
        let old = existing?.project
        // A department-wide file (content/departments/<year>/<code>.md) names its department and year only.
        var y = p.departmentWide ? ["---", "department: \(q(department))", "year: \(year)"]
            : ["---", "code: \(q(code))", "name: \(q(p.name))", "year: \(year)", "department: \(q(department))"]
        if !p.departmentWide, let unit = unit ?? old?.unitCode { y.append("unit: \(q(unit))") }
        y += disclosure(floored(own(p.projectLevel?.row, inherited: .public, old: old?.disclosure), p.sheetNameLevel), indent: "")
        if let existing { y += keptBlocks(existing.text) }
        y += funding(p, old: old?.funding)
        if p.departmentWide { y += tasks(p, old: existing?.tasks ?? []) }
        y += targets(p, old: old?.targets)
        if p.layout == .selfEvaluation {
            let oldS = old?.selfEvaluation
            y.append("self_evaluation:")
            if let v = p.published ?? oldS?.published { y.append("  published: \(v)") }
            if let v = p.executionWeight { y.append("  execution_weight: \(n(v))") }
            if let v = p.executionScore { y.append("  execution_score: \(n(v))") }
            if let frame = p.frame {
                y.append("  frame: \(q(frame))")
                if let v = p.baseScore { y.append("  base_score: \(n(v))") }
                if !p.adjustments.isEmpty { y.append("  adjustments:") }
                for a in p.adjustments {
                    let kind: AdjustmentKind = a.bonus ? .bonus : .deduction
                    // Matched by kind and item, a line keeps the file's levels.
                    let was = matched(oldS?.adjustments.filter { $0.kind == kind && $0.item == a.item } ?? [], stated: nil) { $0.disclosure }
                    y += ["    - kind: \(q(kind.rawValue))", "      item: \(q(a.item))", "      points: \(n(a.points))"]
                    if let v = a.cap { y.append("      cap: \(n(v))") }
                    if let v = a.reason { y += guarded("reason", v, was?.reason?.disclosure ?? .public, indent: "      ") }
                    y += disclosure(was?.disclosure ?? .public, indent: "      ")
                }
            }
            if let v = p.totalScore { y.append("  total_score: \(n(v))") }
            if let v = p.grade ?? oldS?.grade { y.append("  grade: \(q(v))") }
            if let v = p.goalAchieved {
                let written = p.goalLevel?.field(Labels.achievedGoal)
                y += guarded("goal_achieved", v, own(written, inherited: .public, old: oldS?.goalAchieved?.disclosure), indent: "  ")
            }
            if let v = p.problems ?? oldS?.problems?.value {
                y += guarded("problems", v, own(p.problemsLevel?.row, inherited: .public, old: oldS?.problems?.disclosure), indent: "  ")
            }
            if let v = p.measures ?? oldS?.measures?.value {
                y += guarded("measures", v, own(p.measuresLevel?.row, inherited: .public, old: oldS?.measures?.disclosure), indent: "  ")
            }
            y += disclosure(own(p.projectLevel?.field(Labels.selfEvaluationField), inherited: .public, old: oldS?.disclosure), indent: "  ")
        } else if let s = old?.selfEvaluation {
            // A target table says nothing about the self-evaluation: keep it whole.
            y.append("self_evaluation:")
            if let v = s.published { y.append("  published: \(v)") }
            if let v = s.executionWeight { y.append("  execution_weight: \(n(v))") }
            if let v = s.executionScore { y.append("  execution_score: \(n(v))") }
            if let v = s.totalScore { y.append("  total_score: \(n(v))") }
            if let v = s.grade { y.append("  grade: \(q(v))") }
            if let v = s.goalAchieved { y += guarded("goal_achieved", v.value, v.disclosure, indent: "  ") }
            if let v = s.problems { y += guarded("problems", v.value, v.disclosure, indent: "  ") }
            if let v = s.measures { y += guarded("measures", v.value, v.disclosure, indent: "  ") }
            y += disclosure(own(p.projectLevel?.field(Labels.selfEvaluationField), inherited: .public, old: s.disclosure), indent: "  ")
        }
        y.append("---")
        if let existing {
            var ignored = DiagnosticList()
            let body = FrontMatterFile.split(existing.text, file: "", diagnostics: &ignored)?.body ?? ""
            return y.joined(separator: "\n") + "\n" + body
        }
        y += ["<!-- 由 gongkai import 从 \(sourceFile) 导入：请补充公开日期（targets.published\(p.layout == .selfEvaluation ? "、self_evaluation.published" : "")）和\(p.departmentWide ? "部门整体绩效" : "项目")说明。 -->", ""]
        return y.joined(separator: "\n")
    }

    private static func funding(_ p: ImportedProject, old: Funding?) -> [String] {
        if p.funding.isEmpty {
            // The sheet has no funding rows: keep what the file had.
            guard let old else { return [] }
            return fundingLines(unit: old.unit, old.lines.map { ($0.source, $0.initial, $0.budget, $0.spent, $0.disclosure) }, total: old.total,
                                uses: uses(p, old: old))
        }
        let lines = p.funding.map { row -> (String, Decimal?, Decimal?, Decimal?, Disclosure) in
            let was = matched(old?.lines.filter { Labels.normalized($0.source) == Labels.normalized(row.source) } ?? [], stated: row.level?.row) { $0.disclosure }
            // The target table has no 年初预算数 / 全年执行数 columns: keep the file's.
            let initial = p.layout == .targets ? (row.initial ?? was?.initial) : row.initial
            let spent = p.layout == .targets ? (row.spent ?? was?.spent) : row.spent
            return (row.source, initial, row.budget, spent, own(row.level?.row, inherited: .public, old: was?.disclosure))
        }
        // A stated total is kept only while the lines still add up to it (it is an optional check).
        var total = old?.total
        if let t = total {
            func sum(_ k: (Decimal?, Decimal?, Decimal?) -> Decimal?) -> Decimal { lines.compactMap { k($0.1, $0.2, $0.3) }.reduce(0, +) }
            if (t.initial.map { $0 != sum { a, _, _ in a } } ?? false) || (t.budget.map { $0 != sum { _, b, _ in b } } ?? false)
                || (t.spent.map { $0 != sum { _, _, c in c } } ?? false) || old?.unit != p.moneyUnit { total = nil }
        }
        return fundingLines(unit: p.moneyUnit, lines, total: total, uses: uses(p, old: old))
    }

    /// A department file's 年度主要任务: the table's list when it has one — a task keeps the file's level (and
    /// the file's content or amount when the table lacks that column) when matched by name, tasks the table no
    /// longer lists are gone, as indicator rows are —, else the file's tasks as they were.
    private static func tasks(_ p: ImportedProject, old: [DepartmentTask]) -> [String] {
        let rows: [(name: String, content: String?, amount: Decimal?, disclosure: Disclosure)]
        if let sheet = p.tasks {
            rows = sheet.map { t in
                let was = matched(old.filter { $0.name == t.name }, stated: t.level?.row) { $0.disclosure }
                return (t.name, p.taskColumns.contains("content") ? t.content : was?.content, p.taskColumns.contains("amount") ? t.amount : was?.amount,
                        own(t.level?.row, inherited: .public, old: was?.disclosure))
            }
        } else {
            rows = old.map { ($0.name, $0.content, $0.amount, $0.disclosure) }
        }
        guard !rows.isEmpty else { return [] }
        var y = ["tasks:"]
        for t in rows {
            y.append("  - name: \(q(t.name))")
            if let v = t.content { y.append("    content: \(q(v))") }
            if let v = t.amount { y.append("    amount: \(n(v))") }
            y += disclosure(t.disclosure, indent: "    ")
        }
        return y
    }

    /// The uses sheet's rows (levels merged by item), or the file's uses when the workbook has none.
    private static func uses(_ p: ImportedProject, old: Funding?) -> [FundingUse] {
        guard let rows = p.uses else { return old?.uses ?? [] }
        return rows.map { row in
            let was = matched(old?.uses.filter { $0.item == row.item } ?? [], stated: row.level?.row) { $0.disclosure }
            return FundingUse(item: row.item, amount: row.amount, disclosure: floored(own(row.level?.row, inherited: .public, old: was?.disclosure), p.usesSheetLevel),
                              location: SourceLocation(file: ""))
        }
    }

    private static func fundingLines(unit: MoneyUnit, _ lines: [(String, Decimal?, Decimal?, Decimal?, Disclosure)], total: FundingTotal?,
                                     uses: [FundingUse]) -> [String] {
        var y = ["funding:", "  unit: \(unit.rawValue)", "  lines:"]
        for (source, initial, budget, spent, d) in lines {
            y.append("    - source: \(q(source))")
            if let v = initial { y.append("      initial: \(n(v))") }
            if let v = budget { y.append("      budget: \(n(v))") }
            if let v = spent { y.append("      spent: \(n(v))") }
            y += disclosure(d, indent: "      ")
        }
        if let t = total {
            y.append("  total:")
            if let v = t.initial { y.append("    initial: \(n(v))") }
            if let v = t.budget { y.append("    budget: \(n(v))") }
            if let v = t.spent { y.append("    spent: \(n(v))") }
        }
        if !uses.isEmpty {
            y.append("  uses:")
            for use in uses {
                y += ["    - item: \(q(use.item))", "      amount: \(n(use.amount))"] + disclosure(use.disclosure, indent: "      ")
            }
        }
        return y
    }

    private static func targets(_ p: ImportedProject, old: Targets?) -> [String] {
        var y = ["targets:"]
        if let v = (p.layout == .targets ? p.published : nil) ?? old?.published { y.append("  published: \(v)") }
        if let goal = p.goal ?? old?.goal?.value {
            y += guarded("goal", goal, own(p.goalLevel?.row, inherited: .public, old: old?.goal?.disclosure), indent: "  ")
        }
        y.append("  indicators:")
        for (level1, level2s) in grouped(p.indicators) {
            let old1 = matched(old?.indicators.filter { $0.name == level1 } ?? [], stated: nil) { $0.disclosure }
            y.append("    - name: \(q(level1))")
            if let v = p.level1Weights[level1] ?? old1?.weight { y.append("      weight: \(n(v))") }
            y += disclosure(old1?.disclosure ?? .public, indent: "      ")
            y.append("      children:")
            for (level2, rows) in level2s {
                let old2 = matched(old1?.children.filter { $0.name == level2 } ?? [], stated: nil) { $0.disclosure }
                y.append("        - name: \(q(level2))")
                if let v = p.level2Weights[ImportedProject.groupKey(level1, level2)] ?? old2?.weight { y.append("          weight: \(n(v))") }
                y += disclosure(old2?.disclosure ?? .public, indent: "          ")
                y.append("          children:")
                let inherited = max(old1?.disclosure.level ?? .public, old2?.disclosure.level ?? .public)
                for i in rows {
                    let was = matched(old2?.children.filter { $0.name == i.name } ?? [], stated: i.level?.row) { $0.disclosure }
                    let leaf = own(i.level?.row, inherited: inherited, old: was?.disclosure)
                    let effective = max(inherited, leaf.level)
                    // A column the sheet lacks keeps the file's value.
                    func keep<T>(_ key: String, _ sheet: T?, _ file: T?) -> T? { p.columns.contains(key) ? sheet : file }
                    // The comprehensive layout has no 指标值 column: the file's target is kept.
                    let target = i.target.isEmpty ? (was?.target?.raw ?? "") : i.target
                    y.append("            - name: \(q(i.name))")
                    if !target.isEmpty { y.append("              target: \(q(target))") }
                    if let v = keep("basis", i.basis, was?.basis?.value) {
                        y += guarded("basis", v, own(i.level?.field(Labels.basis), inherited: effective, old: was?.basis?.disclosure), indent: "              ")
                    }
                    if let v = keep("explanation", i.explanation, was?.explanation?.value) {
                        y += guarded("explanation", v, own(i.level?.field(Labels.explanation), inherited: effective, old: was?.explanation?.disclosure),
                                     indent: "              ")
                    }
                    if let v = keep("actual", i.actual, was?.actual) { y.append("              actual: \(q(v))") }
                    if let v = keep("weight", i.weight, was?.weight) { y.append("              weight: \(n(v))") }
                    if let v = keep("score", i.score, was?.score) { y.append("              score: \(n(v))") }
                    if let v = keep("deviation", i.deviation, was?.deviation?.value) {
                        y += guarded("deviation", v, own(i.level?.field(Labels.deviation), inherited: effective, old: was?.deviation?.disclosure),
                                     indent: "              ")
                    }
                    y += disclosure(leaf, indent: "              ")
                }
            }
        }
        y += disclosure(own(p.projectLevel?.field(Labels.targetsField), inherited: .public, old: old?.disclosure), indent: "  ")
        return y
    }

    /// The file's item a table row of that name merges with. Names may repeat (two tasks 宣传培训, one public,
    /// one withheld) and rows move in Excel, so a row is never matched by position: a row stating a level takes
    /// the item of that level (its reason and approver), any other the strictest of them — never a public
    /// sibling's level for a withheld item. (The level check refuses a row of such a name that states none.)
    static func matched<T>(_ candidates: [T], stated: SheetLevel.Level?, _ level: (T) -> Disclosure) -> T? {
        if let stated, let same = candidates.first(where: { level($0).level == stated.level }) { return same }
        var best: T?
        for c in candidates where best.map({ level(c).level > level($0).level }) ?? true { best = c }
        return best
    }

    /// The item's own level after import: the file's, unless the sheet states a different effective level.
    /// `inherited` is the strictest level of what contains the item (as export counts it).
    static func own(_ written: SheetLevel.Level?, inherited: DisclosureLevel, old: Disclosure?) -> Disclosure {
        let old = old ?? .public
        guard let written else { return old }
        if max(inherited, old.level) == written.level {
            guard written.level == .limited, !written.scope.isEmpty, written.scope != old.scope else { return old }
            var changed = old
            changed.scope = written.scope
            return changed
        }
        return Disclosure(level: written.level, scope: written.level == .limited ? written.scope : [])
    }

    /// A level raised to what the sheet's name states (`学生资助（涉密）`): never lower than that.
    static func floored(_ d: Disclosure, _ floor: DisclosureLevel?) -> Disclosure {
        guard let floor, floor > d.level else { return d }
        return Disclosure(level: floor, reason: "导入的工作表名称标明\(floor.chineseName)")
    }

    /// `disclosure:` lines (none for a plain public level), in full when reason, approver or scope are known.
    static func disclosure(_ d: Disclosure, indent: String) -> [String] {
        if d.reason == nil, d.approver == nil, d.approved == nil, d.scope.isEmpty {
            return d.level == .public ? [] : ["\(indent)disclosure: \(d.level.keyword)"]
        }
        var y = ["\(indent)disclosure:", "\(indent)  level: \(d.level.keyword)"]
        if let v = d.reason { y.append("\(indent)  reason: \(q(v))") }
        if let v = d.approver { y.append("\(indent)  approver: \(q(v))") }
        if let v = d.approved { y.append("\(indent)  approved: \(v)") }
        if !d.scope.isEmpty { y.append("\(indent)  scope: [\(d.scope.map(q).joined(separator: ", "))]") }
        return y
    }

    /// A text field, plain or as `{value, disclosure}` when it has its own level.
    static func guarded(_ key: String, _ value: String, _ d: Disclosure, indent: String) -> [String] {
        let lines = disclosure(d, indent: indent + "  ")
        return lines.isEmpty ? ["\(indent)\(key): \(q(value))"] : ["\(indent)\(key):", "\(indent)  value: \(q(value))"] + lines
    }

    /// The existing file with its `monitoring:` block rewritten: the sheet's checkpoint added, or replacing
    /// the file's checkpoint of the same month (whose planned rate and levels it keeps: a monitoring table
    /// has no 公开属性, so a withheld progress or measure stays withheld). Every other line is kept as it is.
    static func withCheckpoint(_ c: ImportedProject.Checkpoint, year: Int, existing: Existing, floor: DisclosureLevel? = nil) -> String {
        var ignored = DiagnosticList()
        let normalised = existing.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard let parts = FrontMatterFile.split(normalised, file: "", diagnostics: &ignored) else { return existing.text }
        var yaml: [String] = [], skipping = false
        for line in parts.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first.isLetter || first == "_", let colon = line.firstIndex(of: ":") {
                skipping = line[..<colon].trimmingCharacters(in: .whitespaces) == "monitoring"
            }
            if !skipping { yaml.append(String(line)) }
        }
        while yaml.last?.trimmed.isEmpty == true { yaml.removeLast() }
        func sameMonth(_ k: Checkpoint) -> Bool { k.date.map { $0.year == year && $0.month == c.month } ?? false }
        let old = existing.project.monitoring
        let was = old.first(where: sameMonth)
        func pct(_ v: Decimal) -> String { "\(ExactDecimal.format(v, maxFractionDigits: 10))%" }
        func write(date: String, planned: Decimal?, actual: Decimal?, progress: (String, Disclosure)?, measures: (String, Disclosure)?, level: Disclosure) -> [String] {
            var y = ["  - date: \(date)"]
            if let v = planned { y.append("    planned_rate: \(pct(v))") }
            if let v = actual { y.append("    actual_rate: \(pct(v))") }
            if let (v, d) = progress { y += guarded("progress", v, d, indent: "    ") }
            if let (v, d) = measures { y += guarded("measures", v, d, indent: "    ") }
            return y + disclosure(level, indent: "    ")
        }
        func dateText(_ k: Checkpoint) -> String {
            guard let d = k.date else { return "" }
            return k.monthOnly ? String(format: "%04d-%02d", d.year, d.month) : d.description
        }
        var entries: [(CalendarDate?, [String])] = old.filter { !sameMonth($0) }.map { k in
            (k.date, write(date: dateText(k), planned: k.plannedRate, actual: k.actualRate, progress: k.progress.map { ($0.value, $0.disclosure) },
                           measures: k.measures.map { ($0.value, $0.disclosure) }, level: k.disclosure))
        }
        let date = String(format: "%04d-%02d", year, c.month)
        entries.append((CalendarDate(year: year, month: c.month, day: 1), write(
            date: was.map(dateText) ?? date, planned: was?.plannedRate, actual: c.actualRate ?? was?.actualRate,
            progress: (c.progress ?? was?.progress?.value).map { ($0, was?.progress?.disclosure ?? .public) },
            measures: (c.measures ?? was?.measures?.value).map { ($0, was?.measures?.disclosure ?? .public) },
            level: floored(was?.disclosure ?? .public, floor))))
        // In the order of the year (a checkpoint without a date keeps its place at the end).
        entries.sort { ($0.0.map { ($0.year, $0.month) } ?? (9999, 12)) < ($1.0.map { ($0.year, $0.month) } ?? (9999, 12)) }
        let lines = ["---"] + yaml + ["monitoring:"] + entries.flatMap(\.1) + ["---"]
        return lines.joined(separator: "\n") + "\n" + parts.body
    }

    /// The existing file's top-level blocks that the writer does not produce (category, evaluations,
    /// monitoring, rectifications, and any key added later), verbatim.
    static func keptBlocks(_ text: String) -> [String] {
        var ignored = DiagnosticList()
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard let parts = FrontMatterFile.split(normalised, file: "", diagnostics: &ignored) else { return [] }
        var kept: [String] = [], keeping = false
        for line in parts.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            // A top-level key starts at column 0; indented lines, list items, comments and blank lines continue its block.
            if let first = line.first, first.isLetter || first == "_", let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                keeping = !writtenKeys.contains(key)
            }
            if keeping { kept.append(String(line)) }
        }
        while kept.last?.trimmed.isEmpty == true { kept.removeLast() }
        return kept
    }

    /// Indicators grouped by 一级 then 二级, in the order they first appear.
    static func grouped(_ rows: [ImportedProject.Indicator]) -> [(String, [(String, [ImportedProject.Indicator])])] {
        var result: [(String, [(String, [ImportedProject.Indicator])])] = []
        for row in rows {
            if let i = result.firstIndex(where: { $0.0 == row.level1 }) {
                if let j = result[i].1.firstIndex(where: { $0.0 == row.level2 }) { result[i].1[j].1.append(row) }
                else { result[i].1.append((row.level2, [row])) }
            } else {
                result.append((row.level1, [(row.level2, [row])]))
            }
        }
        return result
    }

    /// A YAML double-quoted scalar: JSON's string escapes are valid YAML, so the one quoting helper serves.
    static func q(_ text: String) -> String { text.jsonQuoted }

    static func n(_ value: Decimal) -> String { ExactDecimal.format(value, maxFractionDigits: 10) }
}

/// The way back: a project file as a CSV in the clerks' layout, which `import` reads again unchanged.
enum TableExporter {
    /// Whether `data` starts as `csv` writes a table: a byte-order mark, CRLF line ends, the title alone on the first
    /// line (no empty cells after it), `（2025年度）` alone on the second and the project code (a department-wide
    /// table: the department's name) on the third. A clerk's own 目标表 or 自评表 starts with the same title — the
    /// template's — but Excel pads every row of a CSV to the sheet's width (`项目支出绩效目标表,,,,`), and a table
    /// written by hand has neither the mark nor CRLF: neither is replaced by `export --output`, and nor is an export
    /// opened and saved again in Excel, perhaps edited.
    static func wrote(_ data: Data) -> Bool {
        guard data.starts(with: [0xEF, 0xBB, 0xBF]) else { return false }
        let lines = String(decoding: data.dropFirst(3).prefix(4096), as: UTF8.self).components(separatedBy: "\r\n")
        let titles = ["项目支出绩效目标表", "项目支出绩效自评表", "部门整体支出绩效目标表", "部门整体支出绩效自评表"]
        guard lines.count > 3, titles.contains(lines[0]), lines[2].hasPrefix(lines[0].hasPrefix("部门") ? "部门（单位）名称," : "项目编号,"),
              lines[1].range(of: "^（[0-9]{4}年度）$", options: .regularExpression) != nil else { return false }
        return !lines.prefix(3).contains { $0.contains("\n") || $0.contains("\r") }
    }

    /// `departmentWide`: a department-wide file (as `asProject`), written as the 部门整体支出绩效目标表 or 自评表.
    /// `tasks`: a department file's 年度主要任务, written as the national table lists them (任务名称 | 主要内容 | 预算数).
    static func csv(_ p: Project, layout: ImportedProject.Layout, departmentName: String, unitName: String?, departmentWide: Bool = false,
                    tasks: [DepartmentTask] = []) -> Data {
        var rows: [[String]] = []
        let leaves = p.targets.map { Discloser.leaves($0.indicators) } ?? []
        let n = { (v: Decimal?) in v.map { ExactDecimal.format($0, maxFractionDigits: 10) } ?? "" }
        if departmentWide {
            rows.append([layout == .targets ? "部门整体支出绩效目标表" : "部门整体支出绩效自评表"])
            rows.append(["（\(p.year)年度）"])
            rows.append(["部门（单位）名称", departmentName])
        } else {
            rows.append([layout == .targets ? "项目支出绩效目标表" : "项目支出绩效自评表"])
            rows.append(["（\(p.year)年度）"])
            rows.append(["项目编号", p.code])
            rows.append(["项目名称", p.name])
            rows.append(["主管部门", departmentName, "实施单位", unitName ?? ""])
        }
        // Every level travels with the table (公开属性), so editing it in Excel and importing it back
        // cannot publish a withheld item.
        func level(_ d: Disclosure, inherited: DisclosureLevel = .public) -> String {
            SheetLevel.format(max(inherited, d.level), scope: d.level == .limited ? d.scope : [])
        }
        func field(_ label: String, _ g: Guarded<String>?, above: DisclosureLevel) -> String {
            guard let g, g.disclosure.level > above else { return "" }
            return "；\(label)：\(level(g.disclosure))"
        }
        var projectLevel = level(p.disclosure)
        if let t = p.targets, t.disclosure.level > .public { projectLevel += "；绩效目标：\(level(t.disclosure))" }
        if layout == .selfEvaluation, let s = p.selfEvaluation, s.disclosure.level > .public { projectLevel += "；单位自评：\(level(s.disclosure))" }
        rows.append([departmentWide ? "部门公开属性" : "项目公开属性", projectLevel])
        if departmentWide, !tasks.isEmpty {
            // Amounts in funding's unit (万元 without it), stated in the header so that the import reads them so.
            rows.append(["年度主要任务", "任务名称", "主要内容", "预算数（\(p.funding?.unit.rawValue ?? MoneyUnit.tenThousandYuan.rawValue)）", "公开属性"])
            for t in tasks { rows.append(["", t.name, t.content ?? "", n(t.amount), level(t.disclosure)]) }
        }
        let lines = p.funding?.lines ?? []
        let money = "\(departmentWide ? "年度资金" : "项目资金")（\(p.funding?.unit.rawValue ?? MoneyUnit.tenThousandYuan.rawValue)）"
        let goalLevel = p.targets?.goal.map { level($0.disclosure) } ?? SheetLevel.format(.public, scope: [])
        // 资金用途 below the money, each with its level: import reads the block back (a fresh import too).
        func uses() {
            guard let uses = p.funding?.uses, !uses.isEmpty else { return }
            rows.append(["资金用途（\(p.funding?.unit.rawValue ?? MoneyUnit.tenThousandYuan.rawValue)）", "用途", "金额"])
            for use in uses { rows.append(["", use.item, n(use.amount), "公开属性", level(use.disclosure)]) }
        }
        if layout == .targets {
            let total = lines.compactMap(\.budget).reduce(Decimal(0), +)
            // A department-wide file without money has no funding rows.
            if !departmentWide || !lines.isEmpty { rows.append([money, "年度资金总额", n(total)]) }
            for line in lines { rows.append(["", line.source, n(line.budget), "公开属性", level(line.disclosure)]) }
            uses()
            rows.append(["年度总体目标", p.targets?.goal?.value ?? "", "公开属性", goalLevel])
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "指标解释", "公开属性"])
        } else {
            let s = p.selfEvaluation
            func sum(_ k: KeyPath<FundingLine, Decimal?>) -> String { n(lines.compactMap { $0[keyPath: k] }.reduce(Decimal(0), +)) }
            rows.append([money, "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
            let budget = lines.compactMap(\.budget).reduce(Decimal(0), +), spent = lines.compactMap(\.spent).reduce(Decimal(0), +)
            if departmentWide && lines.isEmpty {
                // Only budget execution's 分值 and 得分: the department's file states no money.
                rows.append(["", "年度资金总额", "", "", "", n(s?.executionWeight), "", n(s?.executionScore)])
            } else {
                rows.append(["", "年度资金总额", sum(\.initial), sum(\.budget), sum(\.spent), n(s?.executionWeight),
                             ExactDecimal.percent(spent, of: budget) ?? "", n(s?.executionScore)])
            }
            for line in lines {
                rows.append(["", line.source, n(line.initial), n(line.budget), n(line.spent), "", "", "", "公开属性", level(line.disclosure)])
            }
            uses()
            rows.append(["年度总体目标", "预期目标", "实际完成情况"])
            let goal = p.targets?.goal?.disclosure.level ?? .public
            rows.append(["", p.targets?.goal?.value ?? "", s?.goalAchieved?.value ?? "", "公开属性",
                         goalLevel + field("实际完成情况", s?.goalAchieved, above: goal)])
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "指标解释",
                         "公开属性"])
        }
        var last1 = "", last2 = ""
        for group in p.targets?.indicators ?? [] {
            for sub in group.children {
                for leaf in sub.children {
                    // Like a merged cell saved as CSV: the group name on its first row only.
                    let l1 = group.name == last1 ? "" : group.name
                    let l2 = (group.name == last1 && sub.name == last2) ? "" : sub.name
                    last1 = group.name
                    last2 = sub.name
                    let effective = max(group.disclosure.level, sub.disclosure.level, leaf.disclosure.level)
                    let rowLevel = level(leaf.disclosure, inherited: max(group.disclosure.level, sub.disclosure.level))
                    if layout == .targets {
                        rows.append(["", l1, l2, leaf.name, leaf.target?.raw ?? "", leaf.basis?.value ?? "", leaf.explanation?.value ?? "",
                                     rowLevel + field("指标值确定依据", leaf.basis, above: effective) + field("指标解释", leaf.explanation, above: effective)])
                    } else {
                        rows.append(["", l1, l2, leaf.name, leaf.target?.raw ?? "", leaf.actual ?? "", n(leaf.weight), n(leaf.score),
                                     leaf.deviation?.value ?? "", leaf.explanation?.value ?? "",
                                     rowLevel + field("偏差原因分析及改进措施", leaf.deviation, above: effective) + field("指标解释", leaf.explanation, above: effective)])
                    }
                }
            }
        }
        if layout == .selfEvaluation {
            let weights = leaves.compactMap(\.weight).reduce(Decimal(0), +) + (p.selfEvaluation?.executionWeight ?? 0)
            rows.append(["总分", "", "", "", "", "", n(weights), n(p.selfEvaluation?.totalScore), "", "", ""])
            if let grade = p.selfEvaluation?.grade { rows.append(["自评等级", grade]) }
            for (label, text) in [("存在问题", p.selfEvaluation?.problems), ("改进措施", p.selfEvaluation?.measures)] {
                if let text { rows.append([label, text.value, "公开属性", level(text.disclosure)]) }
            }
        }
        // Guarded: a name written `=HYPERLINK(…)` must not run when the clerk opens the table (import unguards).
        var table = CSVTable()
        rows.forEach { table.append($0) }
        return table.data
    }
}
