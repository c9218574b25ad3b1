import Foundation
import GongkaiCore

/// Recognises a clerk's table by its header labels and reads the project out of it. Every problem
/// names its cell (`目标表.xlsx:Sheet1!D12`).
struct TableImporter {
    let sheet: Sheet
    /// `--department` was given: a sheet without a 主管部门 label is no error.
    var departmentGiven = false
    /// `--code` was given: the sheet's 项目编号 cell is not used.
    var codeGiven = false
    /// The row ending the indicator block of a self-evaluation (总分, or 自评总分 in the comprehensive frame).
    var blockEnd: Int?
    /// Every cell read as a 公开属性, readable or not (one that is not has its own error already).
    var levelCellsRead = Set<Sheet.Cell>()
    var diagnostics = DiagnosticList()
    /// How each row was understood, for `--explain` (the first note on a row wins).
    var notes: [Int: String] = [:]
    /// The rows of a department-wide table's 年度主要任务 list and of a 资金用途 block (headers included): never funding rows.
    var taskRows = Set<Int>()

    mutating func note(_ row: Int, _ text: String) { if notes[row] == nil { notes[row] = text } }

    /// One line per run of rows read the same way: `Sheet1 第12–16行：指标`.
    func explanation() -> [String] {
        var lines: [String] = [], run: (from: Int, to: Int, text: String)?
        func flush() {
            guard let r = run else { return }
            lines.append("\(sheet.file):\(sheet.name) 第\(r.from == r.to ? "\(r.from)" : "\(r.from)–\(r.to)")行：\(r.text)")
        }
        for row in 1...max(1, sheet.maxRow) {
            let filled = (1...max(1, sheet.maxColumn)).contains { !(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "").trimmed.isEmpty }
            guard filled || notes[row] != nil else { continue }
            let text = notes[row] ?? "未使用（标题、说明或空白模板行）"
            if let r = run, r.text == text, r.to == row - 1 { run?.to = row } else { flush(); run = (row, row, text) }
        }
        flush()
        return lines
    }

    init(sheet: Sheet, departmentGiven: Bool = false, codeGiven: Bool = false) {
        self.sheet = sheet
        self.departmentGiven = departmentGiven
        self.codeGiven = codeGiven
    }

    /// The header row of the indicator block and its columns, if this sheet has one.
    struct IndicatorColumns {
        var row: Int
        var level1: Int, level2: Int, level3: Int
        /// The 指标值 column; the comprehensive layout may have none (the file's targets are kept).
        var target: Int?
        /// The comprehensive layout's 一级 分值 column (between 一级 and 二级); nil in the other layouts.
        var level1Weight: Int? = nil
        var basis: Int?, actual: Int?, weight: Int?, score: Int?, deviation: Int?
        var level: Int?
        var explanation: Int?
        /// 预算管理一体化 exports split the target: 指标性质 (≥, 大于等于, 定性 …) | 指标值 | 度量单位.
        var targetOperator: Int? = nil, targetUnit: Int? = nil

        /// The fields this layout carries (a field it lacks keeps the existing file's value).
        var names: Set<String> {
            var s: Set<String> = []
            if target != nil { s.insert("target") }
            if basis != nil { s.insert("basis") }
            if actual != nil { s.insert("actual") }
            if weight != nil { s.insert("weight") }
            if score != nil { s.insert("score") }
            if deviation != nil { s.insert("deviation") }
            if explanation != nil { s.insert("explanation") }
            return s
        }
    }

    func findIndicatorHeader(from start: Int = 1) -> IndicatorColumns? {
        // A header of two rows: 指标值 merged down over both, 一级 | 二级 | 三级 on the second (under 绩效指标).
        // A label merged down (over at most four rows) is read on each of its rows.
        var mergedDown: [Sheet.Cell: String] = [:]
        for m in sheet.merges where m.from.row < m.to.row && m.to.row - m.from.row <= 3 {
            guard let text = sheet.cells[m.from] else { continue }
            for row in (m.from.row + 1)...m.to.row { mergedDown[Sheet.Cell(row: row, column: m.from.column)] = text }
        }
        // Saved without its merged cells (a CSV, a sheet whose merges were undone), that header keeps the labels
        // merged down on its first row only: under a first row naming 绩效指标 above the 一级 … 三级 cells, an empty
        // cell of the second row reads the first row's label.
        var above = false
        func label(_ row: Int, _ column: Int) -> String {
            let cell = Sheet.Cell(row: row, column: column)
            let own = sheet.cells[cell] ?? mergedDown[cell] ?? ""
            guard above, row > 1, own.trimmed.isEmpty else { return own }
            return sheet.cells[Sheet.Cell(row: row - 1, column: column)] ?? ""
        }
        func scan(_ row: Int) -> [String: Int] {
            var columns: [String: Int] = [:]
            for column in 1...max(1, sheet.maxColumn) {
                let text = label(row, column)
                for (key, labels) in [("1", Labels.level1), ("2", Labels.level2), ("3", Labels.level3), ("t", Labels.target),
                                      ("b", Labels.basis), ("a", Labels.actual), ("w", Labels.weight), ("s", Labels.score),
                                      ("d", Labels.deviation), ("l", Labels.level), ("e", Labels.explanation)] where columns[key] == nil && Labels.matches(text, labels) {
                    columns[key] = column
                }
            }
            return columns
        }
        guard start <= sheet.maxRow else { return nil }
        for row in start...max(start, sheet.maxRow) {
            above = false
            var columns = scan(row)
            guard let l1 = columns["1"], let l2 = columns["2"], let l3 = columns["3"] else { continue }
            if columns["t"] == nil, row > 1,
               (min(l1, l3)...max(l1, l3)).contains(where: { Labels.matches(sheet.cells[Sheet.Cell(row: row - 1, column: $0)] ?? "", ["绩效指标", "年度绩效指标"]) }) {
                above = true
                columns = scan(row)
            }
            // 一级指标 | 分值 | 二级指标 | 三级指标 | 分值 | 指标解释 | 得分: the comprehensive frame, with the
            // 一级's weight in a 分值 column of its own.
            let weights = (1...max(1, sheet.maxColumn)).filter { Labels.matches(label(row, $0), Labels.weight) }
            let level1Weight = weights.first { $0 > l1 && $0 < l2 }
            guard columns["t"] != nil || level1Weight != nil else { continue }
            var found = IndicatorColumns(row: row, level1: l1, level2: l2, level3: l3, target: columns["t"], level1Weight: level1Weight,
                                         basis: columns["b"], actual: columns["a"],
                                         weight: level1Weight == nil ? columns["w"] : weights.first { $0 > l3 }, score: columns["s"],
                                         deviation: columns["d"], level: columns["l"], explanation: columns["e"])
            for column in 1...max(1, sheet.maxColumn) {
                let text = label(row, column)
                if Labels.matches(text, Labels.targetOperator) { found.targetOperator = column }
                if Labels.matches(text, Labels.targetUnit) { found.targetUnit = column }
            }
            return found
        }
        return nil
    }

    /// What an indicator block is for, by the label beside its header (`长期绩效指标` | 一级指标 | …) or on the
    /// row above it: county templates give a project two blocks, the long-term one and the year's.
    enum BlockKind: Equatable { case annual, longTerm, plain }

    static func blockKind(_ text: String) -> BlockKind {
        let n = Labels.normalized(text)
        if ["长期", "中期", "总目标", "实施期", "全周期", "项目周期", "整个周期"].contains(where: { n.contains($0) }) { return .longTerm }
        if ["年度", "本年", "当年"].contains(where: { n.contains($0) }) { return .annual }
        return .plain
    }

    /// The label of the indicator block whose header is on `row`: a cell left of the 一级 column on that row
    /// (often merged down over the block), else a title alone on the row above that names a kind of block.
    func blockLabel(_ h: IndicatorColumns) -> (text: String, cell: Sheet.Cell)? {
        for column in 1..<max(1, h.level1) {
            let text = sheet.value(h.row, column).trimmed
            if !text.isEmpty { return (text, sheet.merge(containing: Sheet.Cell(row: h.row, column: column))?.from ?? Sheet.Cell(row: h.row, column: column)) }
        }
        guard h.row > 1 else { return nil }
        let above = (1...max(1, sheet.maxColumn)).compactMap { c in sheet.cells[Sheet.Cell(row: h.row - 1, column: c)].map { (c, $0.trimmed) } }.filter { !$0.1.isEmpty }
        guard above.count == 1, let (column, text) = above.first, text.count <= 20, text.contains("指标"), Self.blockKind(text) != .plain else { return nil }
        return (text, Sheet.Cell(row: h.row - 1, column: column))
    }

    /// The year's block when the sheet has a long-term block first (长期绩效指标, then 年度绩效指标): the
    /// long-term block is named and not read. nil, with an error, when no block is the year's.
    mutating func yearsBlock(_ first: IndicatorColumns) -> IndicatorColumns? {
        guard let (text, cell) = blockLabel(first), Self.blockKind(text) == .longTerm else { return first }
        var next = findIndicatorHeader(from: first.row + 1)
        while let h = next, Self.blockKind(blockLabel(h)?.text ?? "") == .longTerm { next = findIndicatorHeader(from: h.row + 1) }
        guard let annual = next, let (label, _) = blockLabel(annual), Self.blockKind(label) == .annual else {
            note(first.row, "长期绩效指标，没有年度绩效指标")
            diagnostics.error(.importMissingCell, "表中只有“\(text.prefix(20))”，没有年度绩效指标：长期（中期）指标值不是本年度的目标，未导入。请加上“年度绩效指标”一块（一级指标、二级指标、三级指标、指标值）后再导入",
                              at: sheet.location(cell.row, cell.column))
            return nil
        }
        for row in first.row..<annual.row where notes[row] == nil { note(row, "长期绩效指标，未导入") }
        diagnostics.warning(.importIgnored, "“\(text.prefix(20))”一块未导入（项目文件只记年度绩效指标）：需要公开时请写入项目说明",
                            at: sheet.location(cell.row, cell.column))
        return annual
    }

    /// The row ranges of the project tables on this sheet: several 目标表 or 自评表 one below the other (as
    /// a department's published attachment, converted from Word or PDF, puts them) are one each. A table
    /// starts at a 项目名称 below the indicator block of the one before, with an indicator header of its
    /// own below it, and takes the lines above its 项目名称 that belong to its header (title, 年度, 单位：万元,
    /// 项目编号, 填报单位 …, blank rows). One range, the whole sheet, for a sheet of one table.
    func tableRanges() -> [ClosedRange<Int>] {
        guard sheet.maxRow > 0 else { return [1...1] }
        let header = Labels.name + Labels.code + Labels.department + Labels.unit + Labels.year + Labels.published + Labels.projectLevel
        func cells(_ row: Int) -> [String] {
            (1...max(1, sheet.maxColumn)).compactMap { sheet.cells[Sheet.Cell(row: row, column: $0)]?.trimmed }.filter { !$0.isEmpty }
        }
        /// A line of a table's header block: blank, a header label, or one text alone (a title, `（2025年度）`, `单位：万元`).
        func preamble(_ row: Int) -> Bool {
            let texts = cells(row)
            if texts.allSatisfy({ Self.unitNote($0) != nil || Labels.isPlaceholder($0) }) { return true }
            if texts.contains(where: { Labels.matches($0, header) || Labels.matches(Self.beforeColon($0), header) }) { return true }
            return texts.count == 1 && ExactDecimal.parse(Labels.normalized(texts[0]), maxFractionDigits: 10) == nil
        }
        var starts = [1], from = 1
        while let h = findIndicatorHeader(from: from) {
            guard let name = ((h.row + 1)...max(h.row + 1, sheet.maxRow)).first(where: { r in cells(r).contains { Labels.matches($0, Labels.name) } }),
                  let next = findIndicatorHeader(from: name + 1) else { break }
            var start = name
            while start - 1 > h.row, preamble(start - 1) { start -= 1 }
            starts.append(start)
            from = next.row
        }
        return zip(starts, starts.dropFirst().map { $0 - 1 } + [sheet.maxRow]).map { $0...max($0, $1) }
    }

    /// A 部门（单位）整体支出绩效目标表 or 自评表 has an indicator block too, but no project: its title says
    /// 整体支出, or 年度主要任务 lists the department's tasks above the indicators.
    func departmentWideCell(before: Int) -> Sheet.Cell? {
        for row in 1..<max(2, before) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell] else { continue }
                let n = Labels.normalized(text)
                if n.count <= 40, ["整体支出", "部门整体", "单位整体"].contains(where: { n.contains($0) }) { return cell }
                if Labels.matches(text, ["年度主要任务", "主要任务"]) { return cell }
            }
        }
        return nil
    }

    /// A 绩效运行监控表 has the target table's header with the year's progress so far beside it (`1-7月实际完成值`,
    /// `全年预计完成值`, `完成目标可能性`), under a title such as 项目支出绩效目标执行监控表: read as a target
    /// table, its mid-year values and reasons would be published as targets and self-evaluation. The first
    /// such header cell, else the title.
    func monitoringCell(_ h: IndicatorColumns) -> Sheet.Cell? {
        for column in 1...max(1, sheet.maxColumn) {
            let cell = Sheet.Cell(row: h.row, column: column)
            let n = Labels.normalized(sheet.value(h.row, column))
            if ["全年预计", "预计全年", "完成目标可能性"].contains(where: { n.contains($0) }) || n.hasPrefix("上半年")
                || n.prefixMatch(of: /[0-9]{1,2}月?[-~—–至到][0-9]{1,2}月/) != nil
                || ((n.hasPrefix("截至") || n.hasPrefix("截止")) && n.contains("月")) {
                return sheet.typedCell(cell.row, cell.column)
            }
        }
        for row in 1..<max(2, h.row) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                if let text = sheet.cells[cell], text.count <= 40, text.contains("监控表") { return cell }
            }
        }
        return nil
    }

    /// The first cell whose text is one of `labels`, above `before` (the indicator block).
    func findLabel(_ labels: [String], before: Int) -> Sheet.Cell? {
        for row in 1..<max(2, before) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                if let text = sheet.cells[cell], Labels.matches(text, labels) { return cell }
            }
        }
        return nil
    }

    /// The value right of a label: the first non-empty cell past the label's own merged range.
    func value(rightOf cell: Sheet.Cell) -> (String, Sheet.Cell)? {
        // `填报单位（盖章）：青川市教育局`, `自评等级：优`: label and value in one cell.
        // (`其中：财政拨款` is a label with its prefix, not a label and a value.)
        if let text = sheet.cells[cell], let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }),
           !["", "其中"].contains(text[..<colon].trimmed) {
            let after = text[text.index(after: colon)...].trimmed
            if !after.isEmpty, Self.unitNote(after) == nil { return (after, cell) }
        }
        let start = (sheet.merge(containing: cell)?.to.column ?? cell.column) + 1
        guard start <= sheet.maxColumn else { return nil }
        for column in start...sheet.maxColumn {
            let c = Sheet.Cell(row: cell.row, column: column)
            if let text = sheet.cells[c], !text.trimmed.isEmpty {
                // A 公开属性 pair further right is not this label's value, nor a unit note (`单位：元`) on a stamp line.
                if Self.unitNote(text) != nil { continue }
                return Labels.matches(text, Labels.level) ? nil : (text.trimmed, c)
            }
        }
        return nil
    }

    /// The label part of `自评等级：优`.
    static func beforeColon(_ text: String) -> String {
        String(text.prefix { $0 != "：" && $0 != ":" })
    }

    /// The unit a note states (`单位：元`, `金额单位：万元`, `（单位：万元）`): a note, never a value.
    static func unitNote(_ text: String) -> MoneyUnit? {
        let n = Labels.normalized(text)
        if n.contains("单位:万元") || n.contains("单位(万元)") { return .tenThousandYuan }
        if n.contains("单位:元") || n.contains("单位(元)") { return .yuan }
        return nil
    }

    /// A 公开属性 cell, read; an unreadable one is an error at its cell. `allowing` lists the fields
    /// this row has (`指标值确定依据：涉密`): a field it does not have would be dropped and its text
    /// published at the row's level, so naming one is an error too.
    mutating func level(_ text: String?, at cell: Sheet.Cell, allowing fields: [[String]] = []) -> SheetLevel? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        levelCellsRead.insert(cell)
        switch SheetLevel.parse(text, cell: cell) {
        case let .success(level):
            let known = Set(fields.joined().map(Labels.normalized))
            let unknown = level.fields.keys.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else {
                let choices = fields.isEmpty ? "此行只能写一个级别" : "此行可写的字段：" + fields.map { $0[0] }.joined(separator: "、")
                diagnostics.error(.importDisclosure, "公开属性中的“\(unknown.joined(separator: "、"))”不是此行的字段（\(choices)）；为免其内容按整行的级别公开，未导入",
                                  at: sheet.location(cell.row, cell.column))
                return nil
            }
            return level
        case let .failure(message):
            diagnostics.error(.importDisclosure, message.description, at: sheet.location(cell.row, cell.column))
            return nil
        }
    }

    /// The `公开属性 | 级别` pair on a row (right of `from`), as export writes it beside goals and funding.
    mutating func levelPair(inRow row: Int, from: Int = 1, allowing fields: [[String]] = []) -> SheetLevel? {
        guard from <= sheet.maxColumn else { return nil }
        // Merged cells read as they show: a 公开属性 pair merged down over several rows holds for each.
        for column in from...sheet.maxColumn {
            let cell = Sheet.Cell(row: row, column: column)
            guard Labels.matches(sheet.value(row, column), Labels.level) else { continue }
            let start = (sheet.merge(containing: cell)?.to.column ?? column) + 1
            guard start <= sheet.maxColumn else { return nil }
            for c in start...sheet.maxColumn {
                let value = sheet.value(row, c)
                if !value.trimmed.isEmpty { return level(value, at: sheet.typedCell(row, c), allowing: fields) }
            }
            return nil
        }
        return nil
    }

    mutating func number(_ text: String, at cell: Sheet.Cell, what: String) -> Decimal? {
        var t = text.trimmed
        if Labels.isPlaceholder(t) { return nil }
        if movedPoint(at: cell, what: what) { return nil }
        let points = what.hasSuffix("分") || what.hasSuffix("分值") || what.hasSuffix("上限")
        // A score or weight written with its unit, `93.5分`, `100分` (as published tables write the 总分), is that number.
        if points, t.hasSuffix("分"), t.count > 1 { t = String(t.dropLast()).trimmed }
        var percent = false
        if t.hasSuffix("%") || t.hasSuffix("％") { t.removeLast(); percent = true }
        guard let value = ExactDecimal.parse(t, maxFractionDigits: 10) else {
            diagnostics.error(.importNumber, "\(what)“\(text)”不是有效数字", at: sheet.location(cell.row, cell.column))
            return nil
        }
        // The project file keeps 4 decimals of a score or weight, 6 of an amount: a formula's result
        // (分值 × 实际 ÷ 目标 = 28.571428…, shown 28.57) holds more, and is named here, not by the loader at A1.
        let limit = points ? 4 : 6
        let result = percent ? value / 100 : value
        if let point = t.firstIndex(of: "."), t[t.index(after: point)...].count > limit, ExactDecimal.rounded(result, scale: limit) != result {
            diagnostics.error(.importNumber, "\(what)“\(text)”的小数超过 \(limit) 位（项目文件最多记 \(limit) 位小数）：多半是公式算出的数，单元格显示的是四舍五入后的值。请用 ROUND 函数取到显示的位数（如 =ROUND(原公式,2)），或直接输入显示的数值后再导入",
                              at: sheet.location(cell.row, cell.column))
            return nil
        }
        return result
    }

    /// Whether a number cell's format moves its decimal point (`0!.0000` shows 13005000 万元 as 1300.5000):
    /// the clerk sees one number and the file holds another, so neither is taken; an error at the cell.
    mutating func movedPoint(at cell: Sheet.Cell, what: String) -> Bool {
        guard let format = sheet.movedPoint[cell], let stored = sheet.cells[cell] else { return false }
        if !DateCells.movesPoint(format) {
            // `[=1]"已完成";[=0]"未完成";General`: a condition shows a text, not the number stored.
            diagnostics.error(.importNumber, "\(what)单元格的数字格式“\(format)”按条件显示文字：单元格存的是 \(stored)，显示的却是格式里的文字，导入无法确定表中的内容。请把单元格格式改为“常规”或“文本”，按应有的内容重新输入后再导入",
                              at: sheet.location(cell.row, cell.column))
            return true
        }
        diagnostics.error(.importNumber, "\(what)单元格的数字格式“\(format)”移动了小数点：单元格存的是 \(stored)，显示的却是另一个数，导入无法确定表中的数值。请把单元格格式改为“常规”或“数值”，按应有的数值重新输入后再导入",
                          at: sheet.location(cell.row, cell.column))
        return true
    }

    mutating func run() -> ImportedProject? {
        guard let first = findIndicatorHeader() else {
            diagnostics.error(.importLayout, "没有找到绩效指标表头（应有“一级指标”“二级指标”“三级指标”“指标值”等列），无法识别为目标表或自评表",
                              at: sheet.location(1, 1))
            return nil
        }
        // A 部门（单位）整体支出绩效目标表 or 自评表: the department's own targets and self-evaluation, written to
        // content/departments/<year>/<code>.md (no project name, code, unit or funding lines there).
        let departmentWide = departmentWideCell(before: first.row)
        if let cell = departmentWide { note(cell.row, "部门整体支出绩效表") }
        // A 绩效运行监控表: one monitoring checkpoint, merged into the project file (never read as targets
        // or self-evaluation: its mid-year values would be published as such).
        let monitoring = departmentWide == nil ? monitoringCell(first) : nil
        if let cell = departmentWide.flatMap({ _ in monitoringCell(first) }) {
            let text = (sheet.cells[cell] ?? "").trimmed
            note(cell.row, "部门整体的绩效运行监控表，未导入")
            diagnostics.error(.importLayout, "这是部门整体的绩效运行监控表（“\(text.prefix(24))”）：部门整体绩效文件不记监控，未导入",
                              at: sheet.location(cell.row, cell.column))
            return nil
        }
        // A long-term block above the year's (长期绩效指标, then 年度绩效指标): the year's is read; the
        // project's header block is everything above the first.
        guard let header = yearsBlock(first) else { return nil }
        let layout: ImportedProject.Layout = monitoring != nil ? .monitoring
            : (header.actual != nil || header.level1Weight != nil) && header.score != nil ? .selfEvaluation : .targets
        // A table titled 自评表 read as a target table would drop its 实际完成值, 得分 and 总分 (and publish the
        // rest as targets): its columns were not recognised, so it is refused at the title.
        if layout == .targets, let title = selfEvaluationTitle(before: first.row) {
            note(title.row, "自评表的标题，但指标表头没有可识别的实际完成值和得分列")
            diagnostics.error(.importLayout, "标题“\((sheet.cells[title] ?? "").trimmed.prefix(24))”是自评表，但指标表头（第\(header.row)行）没有可识别的“实际完成值”和“得分”列，按目标表读会丢掉实际完成值、得分和总分：请把列名改为“实际完成值”“分值”“得分”后再导入",
                              at: sheet.location(title.row, title.column))
            return nil
        }
        func required(_ labels: [String], _ what: String) -> (String, Sheet.Cell)? {
            guard let label = findLabel(labels, before: first.row) else {
                diagnostics.error(.importMissingCell, "缺少“\(labels[0])”一栏（\(what)）", at: sheet.location(1, 1))
                return nil
            }
            note(label.row, "表头（项目信息）")
            guard let found = value(rightOf: label) else {
                diagnostics.error(.importMissingCell, "“\(labels[0])”一栏没有填写", at: sheet.location(label.row, label.column + 1))
                return nil
            }
            return found
        }
        var name = departmentWide != nil ? (DepartmentPerformance.title, Sheet.Cell(row: 1, column: 1)) : required(Labels.name, "项目名称")
        // 主管部门 before a 填报单位 line above the table, which often names the unit that filled it in.
        let named = Labels.department.filter { !Labels.filingDepartment.contains($0) }
        let departmentLabels = findLabel(named, before: first.row) != nil ? named : Labels.department
        let department = departmentGiven && findLabel(departmentLabels, before: first.row) == nil
            ? ("", Sheet.Cell(row: 1, column: 1)) : required(departmentLabels, "主管部门")
        var unit = departmentWide != nil ? nil : findLabel(Labels.unit, before: first.row).flatMap { value(rightOf: $0) }
        var identifierRefused = false
        // A department or unit given by its code is an identifier too: a number Excel could not keep is refused.
        if !departmentGiven, let (text, at) = department, identifier(text, at: at, what: "主管部门", warnPlain: false) == nil { identifierRefused = true }
        if let (text, at) = unit {
            if let exact = identifier(text, at: at, what: "实施单位", warnPlain: false) { unit = (exact, at) } else { identifierRefused = true }
        }
        var code = departmentWide != nil ? nil : findLabel(Labels.code, before: first.row).flatMap { value(rightOf: $0) }
        if let (text, at) = code, !codeGiven {
            if let exact = identifier(text, at: at, what: "项目编号") { code = (exact, at) } else { identifierRefused = true }
        }
        // Full-width digits (`２０２５`, as a Chinese input method types them) are the year too.
        let yearCell = findLabel(Labels.year, before: first.row).flatMap { value(rightOf: $0) }
        var year = yearCell.flatMap { Int(Labels.normalized($0.0).filter { ("0"..."9").contains($0) }) }
        if year == nil {
            // The usual title line: “（2025年度）”.
            outer: for row in 1..<first.row {
                for column in 1...max(1, sheet.maxColumn) {
                    if let text = sheet.cells[Sheet.Cell(row: row, column: column)].map(Labels.normalized),
                       let match = text.firstMatch(of: /([0-9]{4})年度/) { year = Int(match.1); break outer }
                }
            }
        } else if let stated = year, let (_, at) = yearCell, let (title, titleYear) = titleYear(before: first.row), titleYear != stated {
            // A table copied from last year's with only one of the two changed: which year it is cannot be told, and
            // the project would be filed and published under the other year.
            diagnostics.error(.importLayout, "预算年度为 \(stated)，标题 \(title.reference)（“\((sheet.cells[title] ?? "").trimmed.prefix(30))”）却是 \(titleYear) 年度：请改正其中一处后再导入",
                              at: sheet.location(at.row, at.column))
        }
        // The 预算管理一体化 exports write the system's project code before the name in one cell
        // (`51000021R000000019951-工资性支出`) and have no 项目编号 row: the code is the project's code, the
        // rest its name. Only a code of that system's shape (digits, then digits or capitals, 12 or more).
        if departmentWide == nil, let (text, at) = name, let m = text.wholeMatch(of: /([0-9]{6}[0-9A-Z]{6,})\s*[-－—–]\s*(.+)/) {
            name = (String(m.2).trimmed, at)
            if code == nil, !codeGiven {
                code = (String(m.1), at)
                note(at.row, "项目名称（含预算管理一体化的项目编码）")
            }
        }
        var project = ImportedProject(layout: layout, code: code?.0, name: name?.0 ?? "", year: year, department: department?.0 ?? "",
                                      unit: unit?.0)
        project.columns = header.names
        project.departmentWide = departmentWide != nil
        // A level in the sheet's name (`学生资助（涉密）`) is the project's floor: a sheet a clerk marked 涉密
        // by its tab was imported as public.
        // A CSV has no sheet name: its file's name (`学生资助（涉密）.csv`) is the one the clerk gave it.
        project.sheetNameLevel = [Labels.sheetNameLevel(sheet.name), Labels.sheetNameLevel(sheet.file)].compactMap { $0 }.max()
        if header.level1Weight != nil { project.frame = Labels.comprehensiveFrameName }
        project.cells = ["name": name?.1, "department": department?.1, "unit": unit?.1, "code": code?.1].compactMapValues { $0 }
        if let label = findLabel(Labels.year, before: first.row) { project.cells["year"] = value(rightOf: label)?.1 }
        // 金额单位: from the funding label (`项目资金（元）`), or from a note many tables put by the title
        // (`金额单位：元`, `单位：万元`). Guessing would be wrong by a factor of ten thousand.
        // Every place a unit is stated: the funding label, an amount column's header (`全年预算数（元）`), a note.
        var stated: [(unit: MoneyUnit, cell: Sheet.Cell)] = []
        for row in 1..<max(2, first.row) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                let n = Labels.normalized(sheet.cells[cell] ?? "")
                let amountLabel = ["资金", "预算", "执行数", "金额"].contains { n.contains($0) }
                if amountLabel, n.hasSuffix("(元)") { stated.append((.yuan, cell)) }
                else if amountLabel, n.hasSuffix("(万元)") { stated.append((.tenThousandYuan, cell)) }
                else if let unit = Self.unitNote(sheet.cells[cell] ?? "") { stated.append((unit, cell)) }
            }
        }
        if let first = stated.first, let other = stated.first(where: { $0.unit != first.unit }) {
            diagnostics.error(.importNumber, "金额单位不一致：\(first.cell.reference) 写的是\(first.unit.rawValue)，\(other.cell.reference) 写的是\(other.unit.rawValue)：请改为一致",
                              at: sheet.location(other.cell.row, other.cell.column))
        }
        project.moneyUnit = stated.first?.unit ?? .tenThousandYuan
        let unitStated = !stated.isEmpty
        for labels in [Labels.unit, Labels.code, Labels.year] { if let c = findLabel(labels, before: first.row) { note(c.row, "表头（项目信息）") } }
        if let label = findLabel(Labels.projectLevel, before: first.row), let (text, at) = value(rightOf: label) {
            note(label.row, project.departmentWide ? "部门公开属性" : "项目公开属性")
            project.projectLevel = level(text, at: at, allowing: [Labels.targetsField, Labels.selfEvaluationField])
            if let floor = project.sheetNameLevel, let stated = project.projectLevel?.row.level, stated < floor {
                diagnostics.warning(.importDisclosure, "工作表名称标明“\(floor.chineseName)”，而此格写的是“\(stated.chineseName)”：按较严的“\(floor.chineseName)”导入；如工作表名称有误，请改名后再导入",
                                    at: sheet.location(at.row, at.column))
            }
        }
        if project.projectLevel == nil, let floor = project.sheetNameLevel,
           let mark = [sheet.name, sheet.file].lazy.compactMap(Labels.sheetNameMark).first(where: { $0.level == floor }) {
            // The floor withholds the whole project: said, so that a project whose name merely holds the word (保密技术检查服务)
            // is not missing from the site without a word. The name itself is in the message's place (file and sheet).
            let at = project.cells["name"] ?? Sheet.Cell(row: 1, column: 1)
            diagnostics.warning(.importDisclosure, "工作表名称（CSV 文件为文件名）含有“\(mark.word)”：项目按“\(floor.chineseName)”导入，不在网站公开；如这只是项目名称的一部分（如“保密技术检查”），请给工作表或文件改名后再导入",
                                at: sheet.location(at.row, at.column))
        }
        if let label = findLabel(Labels.published, before: first.row), let (text, at) = value(rightOf: label) {
            note(label.row, "公开日期")
            project.publishedCell = at
            project.published = Self.date(text)
            if project.published == nil {
                diagnostics.error(.importNumber, "公开日期“\(text)”不是有效日期（应如 2025-02-18 或 2025年2月18日，或 Excel 日期单元格）",
                                  at: sheet.location(at.row, at.column))
            }
        }
        if layout == .monitoring {
            readMonitoring(into: &project, header, before: first.row)
            refuseStrayLevels(project)
            refuseSymbolText(project)
            return name == nil || department == nil || identifierRefused ? nil : project
        }
        note(header.row, "指标表头（\(layout == .selfEvaluation ? "自评表" : "目标表")）")
        readGoal(into: &project, before: first.row)
        project.unitStated = unitStated
        // The task list first: its rows (amounts beside names) are never read as funding.
        if departmentWide != nil { readTasks(into: &project, before: first.row) }
        if departmentWide == nil || departmentMoneyInProjectLayout(before: first.row) {
            // The uses block next: its rows (amounts beside names) are never read as funding sources either.
            readUsesBlock(into: &project, before: first.row)
            readFunding(into: &project, before: first.row)
        } else {
            readDepartmentFunding(into: &project, before: first.row)
        }
        if !unitStated, let first = project.funding.first {
            diagnostics.error(.importMissingCell, "表中没有写明金额单位：请在“项目资金”后写明（如“项目资金（万元）”），或在表头写“金额单位：万元”；为免金额差一万倍，未导入",
                              at: sheet.location(first.cell?.row ?? 1, first.cell?.column ?? 1))
        } else if !unitStated, let at = project.tasks?.lazy.compactMap(\.amountCell).first {
            diagnostics.error(.importMissingCell, "表中没有写明金额单位：请在任务的“预算数”后写明（如“预算数（万元）”），或在表头写“金额单位：万元”；为免金额差一万倍，未导入",
                              at: sheet.location(at.row, at.column))
        }
        readIndicators(into: &project, header)
        if layout == .selfEvaluation { readProblems(into: &project, after: header.row) }
        if layout == .selfEvaluation, let end = blockEnd { nameRowsBelowTotal(end); checkRestatedTotal(after: end, project.totalScore) }
        nameUnreadTextsAbove(first.row, project)
        refuseStrayLevels(project)
        refuseSymbolText(project)
        return name == nil || department == nil || identifierRefused ? nil : project
    }

    /// The year a title line states (`（2024年度）`, `2024年度项目支出绩效自评表`): a cell above the table that is
    /// the bracketed year alone or a title ending in 表 — not a passage or a label that mentions a year.
    /// Only above the 项目名称 row, where titles stand (a 中期目标 of several years is further down), and never a span of years.
    func titleYear(before: Int) -> (cell: Sheet.Cell, year: Int)? {
        let end = findLabel(Labels.name, before: before)?.row ?? before
        for row in 1..<max(2, end) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell].map(Labels.normalized), text.hasSuffix("表") || text.hasSuffix(")"),
                      text.firstMatch(of: /[0-9]{4}年?\s*[-－—–~～至到]/) == nil, let match = text.firstMatch(of: /([0-9]{4})年度/),
                      text.wholeMatch(of: /[(（]?[0-9]{4}年度[)）]?/) != nil || text.contains("绩效") else { continue }
                return (cell, Int(match.1) ?? 0)
            }
        }
        return nil
    }

    /// A title above the header block naming a self-evaluation (`项目支出绩效自评表`, `…绩效自评表（2025年度）`).
    func selfEvaluationTitle(before: Int) -> Sheet.Cell? {
        for row in 1..<max(2, before) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell], text.count <= 40 else { continue }
                let n = Labels.normalized(text)
                if n.contains("自评表") || n.contains("评价表") && n.contains("绩效") { return cell }
            }
        }
        return nil
    }

    /// A cell read as an identifier (项目编号), checked to hold what the clerk typed: Excel keeps a number
    /// to 15 significant digits and drops leading zeros, so `3301002025000123` typed into a General cell is
    /// stored as `3.30100202500012E+15` and `000123` as `123`. Returns the text to use (a number shown with
    /// leading zeros by a `000000` format reads as shown); nil, with an error, when it cannot be the
    /// typed text. A CSV has no cell types: Excel wrote what it showed.
    /// `warnPlain: false` for a code checked later against a list (主管部门, 实施单位): a plain number is
    /// confirmed by matching, and a mismatch says why it may be.
    mutating func identifier(_ text: String, at cell: Sheet.Cell, what: String, warnPlain: Bool = true) -> String? {
        let location = sheet.location(cell.row, cell.column)
        let retype = "请把该单元格格式设为“文本”，重新输入\(what)后再导入"
        let scientific = text.wholeMatch(of: /[+-]?[0-9]+(\.[0-9]+)?[Ee][+-]?[0-9]+/) != nil
        if let (stored, format) = sheet.numbers[cell] {
            let digits = text.filter(\.isNumber).drop { $0 == "0" }
            guard !stored.contains(where: { $0 == "E" || $0 == "e" }), digits.count < 16 else {
                diagnostics.error(.importFile, "\(what)单元格存的是数字“\(stored.prefix(30))”，不是所填的\(what)：Excel 把长编号当作数字，只保留前 15 位有效数字（显示为 3.30100E+15 一类），编号已被改动。\(retype)",
                                  at: location)
                return nil
            }
            // `000000` shows 123 as 000123: what the clerk sees.
            if let format, format.count > text.count, format.allSatisfy({ $0 == "0" }), text.allSatisfy(\.isNumber) {
                return String(repeating: "0", count: format.count - text.count) + text
            }
            guard warnPlain else { return text }
            let lost = text.contains(".") ? "开头的 0（如 000123）或小数点后末尾的 0（如 2025.10）" : "开头的 0（如 000123）"
            diagnostics.warning(.importFile, "\(what)单元格存的是数字，读作“\(text.prefix(30))”：编号\(lost)会被 Excel 去掉。请核对；如不对，\(retype)",
                                at: location)
            return text
        }
        if scientific {
            diagnostics.error(.importFile, "\(what)“\(text.prefix(30))”是科学计数法的数字（Excel 把长编号当作数字，只保留 15 位），原来的\(what)已无法得知。\(retype)",
                              at: location)
            return nil
        }
        // 16 digits or more, zeros past the 15th: what Excel makes of a long number, saved into a CSV.
        if sheet.fromCSV, text.count >= 16, text.allSatisfy({ ("0"..."9").contains($0) }), text.dropFirst(15).allSatisfy({ $0 == "0" }) {
            diagnostics.warning(.importFile, "\(what)“\(text)”有 \(text.count) 位，末尾是 0：Excel 只保留数字的前 15 位、其后补 0，如这个 CSV 在 Excel 中保存过，\(what)可能已被改动。请核对；如不对，请在 Excel 中把该单元格格式设为“文本”，重新输入\(what)后再保存",
                                at: location)
        }
        return text
    }

    /// Self-evaluation: a row below 总分 that is none of 存在问题, 改进措施, 自评等级, a signature line or
    /// filling notes, and that holds something, is named at its first cell: it is not imported.
    private mutating func nameRowsBelowTotal(_ end: Int) {
        guard end < sheet.maxRow else { return }
        let expected = Labels.problems + Labels.measures + Labels.grade
        for row in (end + 1)...sheet.maxRow where notes[row] == nil {
            guard let first = (1...max(1, sheet.maxColumn)).first(where: { !Labels.isPlaceholder(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "") }) else { continue }
            let text = (sheet.cells[Sheet.Cell(row: row, column: first)] ?? "").trimmed
            if Labels.matches(text, Labels.footer) || Labels.matches(Self.beforeColon(text), Labels.footer) {
                for r in row...sheet.maxRow { note(r, "签字栏或填报说明，未导入") }
                return
            }
            if Labels.matches(text, expected) || Labels.matches(Self.beforeColon(text), expected) {
                note(row, "未填写的存在问题、改进措施或自评等级，跳过")
                continue
            }
            note(row, "总分之下的内容，未导入（项目文件没有这一项）")
            let quoted = text.count <= 20 ? "“\(text)”" : "第\(row)行“\(text.prefix(12))…”"
            diagnostics.warning(.importIgnored, "总分之下的\(quoted)未导入：项目文件没有这一项，需要时请写入项目说明", at: sheet.location(row, first))
        }
    }

    /// A score restated below the table (`自评得分 | 88 | 自评等级 | 良`, as some provincial forms close): the 总分 row's
    /// is imported, so one that says otherwise would be dropped without a word, and the published score would not
    /// be the one the signed table states. Refused at the restated score (GK503).
    private mutating func checkRestatedTotal(after end: Int, _ total: Decimal?) {
        guard let total, end < sheet.maxRow else { return }
        for row in (end + 1)...sheet.maxRow where notes[row]?.hasPrefix("签字栏") != true {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell], Labels.matches(text, Labels.restatedTotal) || Labels.matches(Self.beforeColon(text), Labels.restatedTotal),
                      let (value, at) = value(rightOf: cell) else { continue }
                var t = Labels.normalized(value)
                if t.hasSuffix("分"), t.count > 1 { t.removeLast() }
                guard let stated = ExactDecimal.parse(t, maxFractionDigits: 10), !ScoringChecks.matchesRounded(stated, total) else { continue }
                diagnostics.error(.importWeights, "表下方的“\(Self.beforeColon(text).trimmed)” \(ExactDecimal.format(stated)) 与总分栏的得分 \(ExactDecimal.format(total)) 不符：请核对后改为一致再导入",
                                  at: sheet.location(at.row, at.column))
            }
        }
    }

    /// A passage above the indicator block that nothing read (the Sichuan export's `项目实施内容及过程概述`, a
    /// 立项依据, a 项目概况 written out): only --explain said “未使用”. Named at its cell (GK510) when it is
    /// a passage — 30 characters or more, not a label, not a note on units or a signature — so a clerk
    /// knows it is not on the site. Titles and short lines stay quiet.
    mutating func nameUnreadTextsAbove(_ before: Int, _ project: ImportedProject) {
        let texts = project.texts
        for row in 1..<max(2, before) where notes[row] == nil {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell]?.trimmed, text.count >= 30, !texts.contains(text), Self.unitNote(text) == nil,
                      !Labels.matches(Self.beforeColon(text), Labels.footer), !text.hasPrefix("注") else { continue }
                note(row, "未导入的说明文字")
                diagnostics.warning(.importIgnored, "第\(row)行“\(text.prefix(12))…”未导入：项目文件没有这一项，需要公开时请写入项目说明", at: sheet.location(row, column))
                break
            }
        }
    }

    /// Fail closed on a level written where import does not read one: a `密级` or `是否公开` column, a
    /// `项目公开属性：涉密` label and value in one cell, a `备注` saying 涉密. Dropped, it would leave its
    /// row public; so any cell that the import neither read as a 公开属性 nor took as content, and that
    /// names a withholding level (or, when short, looks like a level column's header or value), is an error.
    mutating func refuseStrayLevels(_ project: ImportedProject) {
        // An indicator's 三级 cell is content even when its name is not the whole cell (`指标1：学生人数`).
        let texts = project.texts, levels = project.levelCells.union(levelCellsRead).union(project.indicators.compactMap(\.cell))
        let known = [Labels.level, Labels.projectLevel, Labels.published].joined().map(Labels.normalized)
        for (cell, text) in sheet.cells.sorted(by: { ($0.key.row, $0.key.column) < ($1.key.row, $1.key.column) }) {
            let t = text.trimmed
            guard !levels.contains(cell), !texts.contains(t), !known.contains(Labels.normalized(t)) else { continue }
            let withholding = Labels.withholdingWords.contains { t.contains($0) }
            let levelLike = t.count <= 8 && (Labels.levelColumnWords.contains { t.contains($0) } || DisclosureLevel(parsing: t) != nil)
            // A template translated for a joint project (`Disclosure | Secret`, `Classification | CONFIDENTIAL`).
            let english = t.count <= 24 && t.allSatisfy(\.isASCII) && Labels.englishLevelWords.contains { t.lowercased().contains($0) }
            guard withholding || levelLike || english else { continue }
            note(cell.row, "写有公开属性但不在“公开属性”一栏，未导入")
            diagnostics.error(.importDisclosure, "单元格写有“\(t.prefix(20))”，像是公开属性，但不在“公开属性”一栏，gongkai 不知道它属于哪一项：请把级别写在该行的“公开属性”一栏（主动公开、依申请公开、在一定范围内公开、涉密），或删去此格；为免误公开，未导入",
                              at: sheet.location(cell.row, cell.column))
        }
    }

    /// A cell imported whose text shows through a symbol font (Wingdings `ü` as ✓, Wingdings 2 `P`, Symbol `³`
    /// as ≥): the letters would be published instead of what the clerk sees. A checkbox that is not
    /// imported (`þ新增项目 ¨延续项目` by 项目属性) is no matter. The message does not quote the cell.
    mutating func refuseSymbolText(_ project: ImportedProject) {
        guard !sheet.symbolCells.isEmpty else { return }
        let imported = project.texts.union([project.grade?.trimmed].compactMap { $0 }), levels = project.levelCells.union(levelCellsRead)
        for (cell, font) in sheet.symbolCells.sorted(by: { $0.key < $1.key }) {
            let t = (sheet.cells[cell] ?? "").trimmed
            guard !t.isEmpty, levels.contains(cell) || imported.contains(where: { $0.contains(t) }) else { continue }
            note(cell.row, "符号字体的文字，未导入")
            diagnostics.error(.importFile, "单元格 \(cell.reference) 的文字用 \(font) 字体显示为符号（Wingdings 把 ü 显示为 ✓、þ 显示为 ☑，Symbol 把 ³ 显示为 ≥），导入读到的却是字母，会照此公开：请用输入法输入符号（≥、≤、√）或写成文字（如“已完成”），把字体改为宋体等常用字体后再导入",
                              at: sheet.location(cell.row, cell.column))
        }
    }

    /// 存在问题 / 改进措施 below the self-evaluation table: the text beside the label, or below it.
    private mutating func readProblems(into project: inout ImportedProject, after: Int) {
        for (labels, isProblems) in [(Labels.problems, true), (Labels.measures, false)] {
            var found: Sheet.Cell?
            outer: for row in (after + 1)..<(max(after + 1, sheet.maxRow) + 1) {
                for column in 1...max(1, sheet.maxColumn) where Labels.matches(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "", labels) {
                    found = Sheet.Cell(row: row, column: column)
                    break outer
                }
            }
            guard let label = found else { continue }
            var value = value(rightOf: label)
            if value == nil, let below = sheet.cells[Sheet.Cell(row: label.row + 1, column: label.column)]?.trimmed, !below.isEmpty {
                value = (below, Sheet.Cell(row: label.row + 1, column: label.column))
            }
            guard let (text, at) = value, !Labels.isPlaceholder(text) || text == "无" else { continue }
            note(label.row, isProblems ? "存在问题" : "改进措施")
            note(at.row, isProblems ? "存在问题" : "改进措施")
            let written = levelPair(inRow: at.row)
            if isProblems { (project.problems, project.problemsLevel, project.problemsCell) = (text, written, at) }
            else { (project.measures, project.measuresLevel, project.measuresCell) = (text, written, at) }
        }
    }

    /// The comprehensive scoring frame (项目决策 / 项目实施 / 项目绩效 …, 基础总分, 加分项, 自评总分), which
    /// the format cannot express yet: its first such label, so the refusal can name it.
    func comprehensiveFrameLabel() -> Sheet.Cell? {
        for row in 1...max(1, sheet.maxRow) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                if let text = sheet.cells[cell], Labels.matches(text, Labels.comprehensiveFrame) { return cell }
            }
        }
        return nil
    }

    /// A 资金用途 / 资金使用明细 sheet: one use per row under an item | amount header (a 合计 row is
    /// checked, placeholders skipped). nil when the sheet has no such header.
    mutating func readUses() -> (uses: [ImportedProject.Use], unit: MoneyUnit?, header: Sheet.Cell)? {
        for row in 1...max(1, sheet.maxRow) {
            var item: Int?, amount: Int?, levelColumn: Int?, unit: MoneyUnit?
            for column in 1...max(1, sheet.maxColumn) {
                let text = sheet.cells[Sheet.Cell(row: row, column: column)] ?? ""
                if item == nil, Labels.matches(text, Labels.useItem) { item = column }
                else if amount == nil, Labels.matches(text, Labels.useAmount) {
                    amount = column
                    let n = Labels.normalized(text)
                    unit = n.hasSuffix("(元)") ? .yuan : n.hasSuffix("(万元)") ? .tenThousandYuan : nil
                } else if Labels.matches(text, Labels.level) { levelColumn = column }
            }
            guard let item, let amount else { continue }
            note(row, "资金用途表头")
            var uses: [ImportedProject.Use] = [], total: (Decimal, Sheet.Cell)?
            var r = row + 1
            while r <= sheet.maxRow {
                defer { r += 1 }
                let name = sheet.value(r, item).trimmed, at = Sheet.Cell(row: r, column: amount)
                if Labels.isPlaceholder(name) {
                    if sheet.cells[at] != nil { note(r, "占位行，跳过") }
                    continue
                }
                if Labels.matches(name, Labels.useTotal) {
                    note(r, "资金用途合计")
                    total = sheet.cells[at].flatMap { number($0, at: at, what: "合计金额") }.map { ($0, at) }
                    continue
                }
                guard let text = sheet.cells[at], let value = number(text, at: at, what: "“\(name)”的金额") else {
                    if sheet.cells[at].map(Labels.isPlaceholder) ?? true {
                        diagnostics.error(.importMissingCell, "资金用途“\(name)”没有金额", at: sheet.location(r, amount))
                    }
                    continue
                }
                note(r, "资金用途")
                var written: SheetLevel?
                if let c = levelColumn { written = level(sheet.value(r, c), at: sheet.typedCell(r, c)) }
                uses.append(.init(item: name, amount: value, level: written, cell: Sheet.Cell(row: r, column: item)))
            }
            if let (stated, at) = total {
                let sum = uses.map(\.amount).reduce(Decimal(0), +)
                if sum != stated {
                    diagnostics.error(.importWeights, "各项资金用途合计 \(ExactDecimal.format(sum)) 与合计行的 \(ExactDecimal.format(stated)) 不符", at: sheet.location(at.row, at.column))
                }
            }
            return (uses, unit, Sheet.Cell(row: row, column: amount))
        }
        return nil
    }

    /// A 资金用途 block among the header rows (`资金用途（万元） | 用途 | 金额 | 公开属性`, one use a row below it), as
    /// `gongkai export` writes a project's uses and provincial templates list them under the money: read as uses,
    /// never as further funding sources (which made the sources add up to more than 年度资金总额).
    private mutating func readUsesBlock(into project: inout ImportedProject, before: Int) {
        var found: (row: Int, item: Int, amount: Int, level: Int?)?
        search: for row in 1..<max(2, before) where !taskRows.contains(row) {
            var item: Int?
            for column in 1...max(1, sheet.maxColumn) {
                let text = sheet.cells[Sheet.Cell(row: row, column: column)] ?? ""
                if Labels.matches(text, Labels.useItem) { item = column }
                else if let i = item, Labels.matches(text, Labels.useAmount) {
                    let level = ((column + 1)...max(column + 1, sheet.maxColumn)).first { Labels.matches(sheet.value(row, $0), Labels.level) }
                    found = (row, i, column, level)
                    break search
                }
            }
        }
        guard let (header, item, amount, levelColumn) = found else { return }
        taskRows.insert(header)
        note(header, "资金用途表头")
        var uses: [ImportedProject.Use] = [], total: (Decimal, Sheet.Cell)?
        var r = header + 1
        rows: while r < before {
            defer { r += 1 }
            let row = r
            // A label merged down beside the block and saved in every cell (as some exports write it) is no new part.
            let cells = (1...max(1, sheet.maxColumn)).compactMap { c in sheet.cells[Sheet.Cell(row: row, column: c)].map { (c, $0.trimmed) } }
                .filter { !$0.1.isEmpty && !($0.0 < item && $0.1 == sheet.value(header, $0.0).trimmed) }
            guard let (firstColumn, firstText) = cells.first else { continue }
            // 合计 in the item's column or left of it closes the block; any other label left of it (年度总体目标) is the next part.
            if firstColumn <= item, Labels.matches(firstText, Labels.useTotal) {
                taskRows.insert(row)
                note(row, "资金用途合计")
                let at = Sheet.Cell(row: row, column: amount)
                total = sheet.cells[at].flatMap { Labels.isPlaceholder($0) ? nil : number($0, at: at, what: "资金用途合计金额") }.map { ($0, at) }
                break
            }
            if firstColumn < item { break rows }
            if cells.contains(where: { Labels.matches($0.1, Labels.goal + Labels.expectedGoal + Labels.projectLevel + Labels.fundingTotal) }) { break rows }
            taskRows.insert(row)
            let name = sheet.value(row, item).trimmed, at = Sheet.Cell(row: row, column: amount)
            if Labels.isPlaceholder(name) {
                if let text = sheet.cells[at], !Labels.isPlaceholder(text) {
                    note(row, "没有名称的资金用途")
                    diagnostics.error(.importMissingCell, "这一行有资金用途的金额，却没有用途名称：请写明用途；为免金额无所归属，未导入",
                                      at: sheet.location(row, item))
                } else { note(row, "占位行，跳过") }
                continue
            }
            guard let text = sheet.cells[at], !Labels.isPlaceholder(text) else {
                diagnostics.error(.importMissingCell, "资金用途“\(name)”没有金额", at: sheet.location(row, amount))
                continue
            }
            guard let value = number(text, at: at, what: "“\(name)”的金额") else { continue }
            note(row, "资金用途")
            let written = levelColumn.flatMap { c in level(sheet.value(row, c), at: sheet.typedCell(row, c)) }
                ?? (levelColumn == nil ? levelPair(inRow: row, from: amount + 1) : nil)
            uses.append(.init(item: name, amount: value, level: written, cell: Sheet.Cell(row: row, column: item)))
        }
        if let (stated, at) = total {
            let sum = uses.map(\.amount).reduce(Decimal(0), +)
            if sum != stated {
                diagnostics.error(.importWeights, "各项资金用途合计 \(ExactDecimal.format(sum)) 与合计行的 \(ExactDecimal.format(stated)) 不符", at: sheet.location(at.row, at.column))
            }
        }
        if !uses.isEmpty {
            project.uses = uses
            project.usesSheetLevel = project.sheetNameLevel
        }
    }

    /// `2025-02-18`, `2025/2/18`, `2025.2.18`, `2025年2月18日` (an Excel date cell arrives as the first).
    static func date(_ text: String) -> CalendarDate? {
        var t = Labels.normalized(text).replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: ".", with: "-")
        if t.hasSuffix("日") || t.hasSuffix("号") { t.removeLast() }
        return CalendarDate(parsing: t)
    }

    private mutating func readGoal(into project: inout ImportedProject, before: Int) {
        // The goal's rows: the label row, and the texts' row below it in the split layouts.
        var rows: [Int] = []
        defer { for row in rows { note(row, "绩效目标") } }
        if let expected = findLabel(Labels.expectedGoal, before: before) {
            // Self-evaluation: 预期目标 | 实际完成情况 headers, the texts on the row below.
            project.goal = Self.goalText(sheet.value(expected.row + 1, expected.column))
            project.goalCell = Sheet.Cell(row: expected.row + 1, column: expected.column)
            rows = [expected.row, expected.row + 1]
            project.goalLevel = levelPair(inRow: expected.row + 1, allowing: [Labels.achievedGoal])
            if let achieved = findLabel(Labels.achievedGoal, before: before) {
                project.goalAchieved = sheet.value(achieved.row + 1, achieved.column).trimmed.nilIfEmpty
            }
        } else if let annual = findLabel(Labels.annualGoal, before: before), let long = findLabel(Labels.longTermGoal, before: before),
                  long.row == annual.row {
            // 长期目标 | 年度目标 side by side, the texts below: the year's goal is the project's goal.
            project.goal = Self.goalText(sheet.value(annual.row + 1, annual.column))
            project.goalCell = Sheet.Cell(row: annual.row + 1, column: annual.column)
            rows = [annual.row, annual.row + 1]
            project.goalLevel = levelPair(inRow: annual.row + 1, allowing: [Labels.achievedGoal])
            if !sheet.value(long.row + 1, long.column).trimmed.isEmpty {
                diagnostics.warning(.importIgnored, "长期目标未导入（项目文件只记年度目标）：需要公开时请写入项目说明", at: sheet.location(long.row + 1, long.column))
            }
        } else if let label = findLabel(Labels.goal, before: before) {
            // The goal beside its label, often one cell merged across the sheet.
            var found = value(rightOf: label)
            rows = [label.row]
            // `总体目标 | 年度目标` with the text below: the second label is a column header, not the goal.
            if let (text, at) = found, Labels.matches(text, Labels.goal) {
                let below = sheet.value(at.row + 1, at.column).trimmed
                found = below.isEmpty || at.row + 1 >= before ? nil : (below, sheet.typedCell(at.row + 1, at.column))
                rows.append(at.row + 1)
            } else if let (text, at) = found, Labels.matches(text, Labels.longTermGoal) {
                diagnostics.error(.importMissingCell, "“\(Labels.normalized(sheet.value(label.row, label.column)))”一栏只有“\(text.prefix(20))”，没有年度目标：项目文件只记年度目标，请加“年度目标”一栏", at: sheet.location(at.row, at.column))
                project.goalCell = at
                return
            }
            project.goal = found.flatMap { Self.goalText($0.0) }
            project.goalCell = found?.1 ?? Sheet.Cell(row: label.row, column: label.column + 1)
            project.goalLevel = levelPair(inRow: found?.1.row ?? label.row, allowing: [Labels.achievedGoal])
        }
    }

    /// A goal cell's text: a leading `年度目标：` inside the cell is the label, not the goal; a placeholder is no goal.
    static func goalText(_ text: String) -> String? {
        var t = text.trimmed
        for label in Labels.goal where t.hasPrefix(label) {
            let rest = t.dropFirst(label.count)
            if let first = rest.first, first == "：" || first == ":" { t = String(rest.dropFirst()).trimmed; break }
        }
        return Labels.isPlaceholder(t) ? nil : t
    }

    private mutating func readFunding(into project: inout ImportedProject, before: Int) {
        // Columns of the self-evaluation's funding block, when it has them.
        var columns: (initial: Int?, budget: Int?, spent: Int?, weight: Int?, score: Int?, rate: Int?) = (nil, nil, nil, nil, nil, nil)
        var headerRow: Int?
        var statedTotal: (amounts: [Decimal?], cells: [Sheet.Cell])?
        var understood = Set<Int>()
        defer {
            // 年度资金总额 is stated: its sources must add up to it, column by column (a source left out
            // would understate the budget without a word).
            if let (amounts, cells) = statedTotal, !project.funding.isEmpty {
                let sums: [Decimal?] = [project.funding.compactMap(\.initial), project.funding.compactMap(\.budget), project.funding.compactMap(\.spent)]
                    .map { $0.isEmpty ? nil : $0.reduce(Decimal(0), +) }
                for ((total, sum), (at, what)) in zip(zip(amounts, sums), zip(cells, ["年初预算数", "全年预算数", "全年执行数"])) {
                    guard let total, (sum ?? 0) != total else { continue }
                    diagnostics.error(.importWeights, "各资金来源的\(what)合计 \(ExactDecimal.format(sum ?? 0)) 与年度资金总额的 \(ExactDecimal.format(total)) 不符",
                                      at: sheet.location(at.row, at.column))
                }
            }
        }
        for row in 1..<max(2, before) where !taskRows.contains(row) {
            for column in 1...max(1, sheet.maxColumn) {
                let text = sheet.cells[Sheet.Cell(row: row, column: column)] ?? ""
                if Labels.matches(text, Labels.initial) { columns.initial = column; headerRow = row }
                if Labels.matches(text, Labels.budget) { columns.budget = column; headerRow = row }
                if Labels.matches(text, Labels.spent) { columns.spent = column; headerRow = row }
                if headerRow == row, Labels.matches(text, Labels.weight) { columns.weight = column }
                if headerRow == row, Labels.matches(text, Labels.score) { columns.score = column }
                if headerRow == row, Labels.matches(text, Labels.executionRate) { columns.rate = column }
            }
        }
        /// One row of the block: a source (or the total) labelled at `cell`.
        func readRow(_ row: Int, _ cell: Sheet.Cell, source: String, isTotal: Bool, into project: inout ImportedProject) {
            if let budgetColumn = columns.budget, let headerRow, row > headerRow {
                func read(_ c: Int?, _ what: String) -> Decimal? {
                    c.flatMap { col in sheet.cells[Sheet.Cell(row: row, column: col)].flatMap { number($0, at: Sheet.Cell(row: row, column: col), what: what) } }
                }
                let line = ImportedProject.FundingRow(source: source, initial: read(columns.initial, "年初预算数"),
                                                      budget: read(budgetColumn, "全年预算数"), spent: read(columns.spent, "全年执行数"),
                                                      level: isTotal ? nil : levelPair(inRow: row, from: cell.column + 1), cell: cell)
                checkRate(row, columns.rate, budget: line.budget, spent: line.spent)
                if isTotal {
                    project.executionWeight = read(columns.weight, "预算执行率分值")
                    project.executionScore = read(columns.score, "预算执行率得分")
                    if let c = columns.score { project.cells["execution"] = Sheet.Cell(row: row, column: c) }
                    let at = [columns.initial, budgetColumn, columns.spent].map { Sheet.Cell(row: row, column: $0 ?? budgetColumn) }
                    statedTotal = ([line.initial, line.budget, line.spent], at)
                } else if line.initial != nil || line.budget != nil || line.spent != nil {
                    project.funding.append(line)
                }
            } else if let (text, at) = value(rightOf: cell) {
                // One amount a row, or the columns must say which is 全年预算数 (`中期资金总额 | 年度资金总额`,
                // `上年执行数 | 年初预算数`: the first number is not the year's budget).
                let amounts = (at.column...max(at.column, sheet.maxColumn)).prefix { !Labels.matches(sheet.value(row, $0), Labels.level) }
                    .filter { ExactDecimal.parse(Labels.normalized(sheet.value(row, $0)), maxFractionDigits: 10) != nil }
                guard amounts.count <= 1 else {
                    diagnostics.error(.importLayout, "资金行“\(Labels.normalized(sheet.value(row, cell.column)).prefix(20))”有 \(amounts.count) 个金额，表头没有写明哪一列是全年预算数（应有“年初预算数”“全年预算数”“全年执行数”等列名）：为免取错金额，未导入",
                                      at: sheet.location(row, cell.column))
                    return
                }
                guard let amount = number(text, at: at, what: "\(source)金额") else { return }
                if isTotal { statedTotal = ([nil, amount, nil], [at, at, at]) } else {
                    project.funding.append(.init(source: source, budget: amount, level: levelPair(inRow: row, from: at.column + 1), cell: cell))
                }
            }
        }
        /// `年度资金总额：100`, `其中：财政拨款：90` — the amount typed into the label's cell, as a template whose label
        /// cell spans the row is filled in. Skipped, the money was lost without a word.
        func readInCell(_ row: Int, _ cell: Sheet.Cell, label: String, amount: String, into project: inout ImportedProject) {
            let isTotal = Labels.matches(label, Labels.fundingTotal), source = Labels.fundingSource(label) ?? Labels.normalized(label)
            note(row, isTotal ? "资金（合计）" : "资金（\(source)）")
            if let headerRow, columns.budget != nil, row > headerRow {
                // Under 年初预算数 | 全年预算数 | 全年执行数 one amount in the label's cell could be any of them.
                diagnostics.error(.importLayout, "资金行“\(Labels.normalized(label).prefix(20))”的金额写在名称格里，表头有年初预算数、全年预算数等几列，无法确定它是哪一列：请把金额写在对应的列中",
                                  at: sheet.location(row, cell.column))
                return
            }
            guard let value = number(amount, at: cell, what: "\(isTotal ? "年度资金总额" : source)金额") else { return }
            if isTotal { statedTotal = ([nil, value, nil], [cell, cell, cell]) } else {
                project.funding.append(.init(source: source, budget: value, level: levelPair(inRow: row, from: cell.column + 1), cell: cell))
            }
        }
        // 中期资金总额 | 年度资金总额 side by side, each over its sources (the national target table): the
        // year's block is read, the columns left of its total are the mid-term block's.
        var midTerm: (cell: Sheet.Cell, annualColumn: Int)?
        for row in 1..<max(2, before) where midTerm == nil {
            for column in 1...max(1, sheet.maxColumn) where Labels.normalized(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "").hasPrefix("中期资金") {
                guard column < sheet.maxColumn, let annual = ((column + 1)...sheet.maxColumn).first(where: {
                    Labels.matches(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "", Labels.fundingTotal)
                }) else { continue }
                midTerm = (Sheet.Cell(row: row, column: column), annual)
                diagnostics.warning(.importIgnored, "中期资金（中期资金总额及其来源）未导入：项目文件只记年度资金，需要公开时请写入项目说明",
                                    at: sheet.location(row, column))
                break
            }
        }
        for row in 1..<max(2, before) where !taskRows.contains(row) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell] else { continue }
                if let m = midTerm, row >= m.cell.row, column < m.annualColumn { continue }
                let isTotal = Labels.matches(text, Labels.fundingTotal)
                guard isTotal || Labels.fundingSource(text) != nil else {
                    if let (label, amount) = Self.fundingInCell(text) {
                        understood.insert(row)
                        readInCell(row, cell, label: label, amount: amount, into: &project)
                    }
                    continue
                }
                understood.insert(row)
                note(row, isTotal ? "资金（合计）" : "资金（\(Labels.fundingSource(text) ?? text)）")
                readRow(row, cell, source: Labels.fundingSource(text) ?? Labels.normalized(text), isTotal: isTotal, into: &project)
            }
        }
        let others = otherFundingRows(understood: understood, header: headerRow, before: before)
        for (row, cell, source) in others {
            readRow(row, cell, source: source, isTotal: false, into: &project)
        }
        collapseBreakdowns(&project)
        for (row, cell, _) in others where (sheet.cells[cell] ?? "").trimmed.hasPrefix("其中") && project.funding.contains(where: { $0.cell == cell }) {
            // `其中：中央补助` under 财政拨款 is usually part of it: counted as a source of its own it doubles.
            diagnostics.warning(.importIgnored, "“\((sheet.cells[cell] ?? "").trimmed.prefix(20))”作为单独的资金来源导入；如它是上一行的组成部分，请删去此行，以免重复计算",
                                at: sheet.location(row, cell.column))
        }
    }

    /// A funding label and the amount typed after its colon in the same cell (`年度资金总额：100`, `其中：财政拨款：90`,
    /// `财政拨款（万元）：90`); nil for a label alone (`年度资金总额：`), a placeholder (`其他资金：——`) or a text that is no
    /// funding label.
    static func fundingInCell(_ text: String) -> (label: String, amount: String)? {
        guard let colon = text.lastIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let label = String(text[..<colon]).trimmed, amount = String(text[text.index(after: colon)...]).trimmed
        guard !label.isEmpty, !Labels.isPlaceholder(amount), Labels.normalized(label) != "其中",
              Labels.matches(label, Labels.fundingTotal) || Labels.fundingSource(label) != nil else { return nil }
        return (label, amount)
    }

    /// `财政拨款 450` with `其中：中央补助 300`, `省级补助 100`, `市级资金 50` on the rows right below it: the
    /// breakdown of that source by level of government, as county tables write it. Rows starting with 其中
    /// right under a source, with the rows after them, that add up to it exactly (column by column) are its
    /// breakdown: named (GK510), not imported as sources of their own (which doubled the budget, GK503).
    /// Rows that do not add up stay sources, and the total's check names the difference.
    private mutating func collapseBreakdowns(_ project: inout ImportedProject) {
        // In the sheet's order (the usual sources are read first, the others after them).
        let ordered = project.funding.enumerated().sorted { ($0.element.cell?.row ?? Int.max, $0.offset) < ($1.element.cell?.row ?? Int.max, $1.offset) }
        guard ordered.contains(where: { (sheet.cells[$0.element.cell ?? Sheet.Cell(row: 0, column: 0)] ?? "").trimmed.hasPrefix("其中") && Labels.fundingSource(sheet.cells[$0.element.cell!] ?? "") == nil }) else { return }
        project.funding = ordered.map(\.element)
        var i = 0
        while i + 1 < project.funding.count {
            defer { i += 1 }
            let parent = project.funding[i]
            guard let parentCell = parent.cell, Labels.fundingSource(sheet.cells[parentCell] ?? "") != nil,
                  let firstCell = project.funding[i + 1].cell, firstCell.row == parentCell.row + 1,
                  (sheet.cells[firstCell] ?? "").trimmed.hasPrefix("其中") else { continue }
            var sums: [Decimal?] = [nil, nil, nil], end: Int?, j = i + 1
            func add(_ a: Decimal?, _ b: Decimal?) -> Decimal? { b.map { (a ?? 0) + $0 } ?? a }
            while j < project.funding.count, let cell = project.funding[j].cell, cell.row == (project.funding[j - 1].cell?.row ?? -1) + 1,
                  Labels.fundingSource(sheet.cells[cell] ?? "") == nil {
                let line = project.funding[j]
                sums = [add(sums[0], line.initial), add(sums[1], line.budget), add(sums[2], line.spent)]
                if sums[0] == parent.initial, sums[1] == parent.budget, sums[2] == parent.spent { end = j; break }
                j += 1
            }
            guard let end else { continue }
            let parts = project.funding[(i + 1)...end]
            for line in parts { if let c = line.cell { notes[c.row] = "资金来源“\(parent.source)”的构成，未导入" } }
            diagnostics.warning(.importIgnored, "“\(parent.source)”之下的“\(parts.map { Labels.normalized($0.source) }.joined(separator: "、").prefix(40))”合计等于它，是它的构成，未作为单独的资金来源导入（项目文件只记资金来源）",
                                at: sheet.location(firstCell.row, firstCell.column))
            project.funding.removeSubrange((i + 1)...end)
        }
    }

    /// The 执行率 a funding row states, against its 全年执行数 ÷ 全年预算数: the table's own arithmetic, which
    /// published tables often get wrong (a rate copied from another row, 100% beside 95.5 of 100). The rate
    /// is not imported (the site computes it), so a wrong one would pass unseen while the amounts beside it
    /// are published. Agrees when the rate, rounded to the decimals written, is the one stated; a
    /// number without `%` may be a fraction (0.955) or a percentage (95.5).
    mutating func checkRate(_ row: Int, _ column: Int?, budget: Decimal?, spent: Decimal?) {
        guard let column, let budget, let spent, budget != 0, let raw = sheet.cells[Sheet.Cell(row: row, column: column)]?.trimmed,
              !Labels.isPlaceholder(raw) else { return }
        var t = Labels.normalized(raw)
        let percent = t.hasSuffix("%")
        if percent { t.removeLast() }
        guard let stated = ExactDecimal.parse(t, maxFractionDigits: 10) else {
            diagnostics.error(.importNumber, "执行率“\(raw)”不是有效数字", at: sheet.location(row, column))
            return
        }
        let decimals = t.split(separator: ".").dropFirst().first?.count ?? 0
        let rate = spent / budget * 100
        // Excel shows a rate rounded half away from zero to the decimals of its format.
        func agrees(_ value: Decimal) -> Bool { ExactDecimal.rounded(value, scale: decimals) == stated }
        guard !(percent ? [rate] : [rate, rate / 100]).contains(where: agrees) else { return }
        diagnostics.error(.importWeights, "执行率“\(raw)”与全年执行数 ÷ 全年预算数（\(ExactDecimal.format(spent)) ÷ \(ExactDecimal.format(budget)) = \(ExactDecimal.format(rate, maxFractionDigits: 2))%）不符：请核对执行数、预算数和执行率",
                          at: sheet.location(row, column))
    }

    /// The month a 监控表 column names: `1-7月执行数` → 7, `截至6月底执行数` → 6, `上半年…` → 6.
    static func monitoringMonth(_ text: String) -> Int? {
        let n = Labels.normalized(text)
        if let m = n.prefixMatch(of: /[0-9]{1,2}月?[-~—–至到]([0-9]{1,2})月/) { return Int(m.1).flatMap { (1...12).contains($0) ? $0 : nil } }
        if let m = n.prefixMatch(of: /截[至止]([0-9]{1,2})月/) { return Int(m.1).flatMap { (1...12).contains($0) ? $0 : nil } }
        if n.hasPrefix("上半年") { return 6 }
        return nil
    }

    /// A 绩效运行监控表 as one checkpoint: the month from its columns, the execution rate to date from the
    /// 年度资金总额 row (stated, and checked against 执行数 ÷ 预算数; else computed to 2 decimals), the progress
    /// (`1-7月实际完成情况` under 年度总体目标) and measures (改进措施, 纠偏措施, 相关建议或举措). The indicator
    /// rows' mid-year values have no place in the project file: named (GK510), not imported.
    private mutating func readMonitoring(into project: inout ImportedProject, _ h: IndicatorColumns, before: Int) {
        var months: [(month: Int, cell: Sheet.Cell)] = []
        for row in 1...h.row {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                if let text = sheet.cells[cell], let month = Self.monitoringMonth(text) { months.append((month, cell)) }
            }
        }
        guard let first = months.first else {
            diagnostics.error(.importMissingCell, "监控表没有写明监控时点：列名应写明截至的月份，如“1-7月执行数”“1-7月实际完成值”", at: sheet.location(h.row, h.level3))
            return
        }
        if let other = months.first(where: { $0.month != first.month }) {
            diagnostics.error(.importLayout, "监控表的列名写了不同的月份（\(first.cell.reference) 为\(first.month)月，\(other.cell.reference) 为\(other.month)月）：请改为同一监控时点",
                              at: sheet.location(other.cell.row, other.cell.column))
            return
        }
        var checkpoint = ImportedProject.Checkpoint(month: first.month, cell: first.cell)
        // The funding block: 年初预算数 (or 全年预算数) | 1-7月执行数 | 1-7月执行率, the 年度资金总额 row.
        var header: (row: Int, budget: Int, spent: Int, rate: Int?)?
        for row in 1..<max(2, before) where header == nil {
            let texts = (1...max(1, sheet.maxColumn)).map { Labels.normalized(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "") }
            guard let budget = texts.firstIndex(where: { Labels.matches($0, Labels.budget) }) ?? texts.firstIndex(where: { Labels.matches($0, Labels.initial) }),
                  let spent = texts.firstIndex(where: { Self.monitoringMonth($0) != nil && $0.contains("执行数") }) else { continue }
            header = (row, budget + 1, spent + 1, texts.firstIndex { Self.monitoringMonth($0) != nil && $0.contains("执行率") }.map { $0 + 1 })
        }
        if let header {
            note(header.row, "监控表的资金表头")
            for row in (header.row + 1)..<max(header.row + 2, before) {
                guard (1...max(1, sheet.maxColumn)).contains(where: { Labels.matches(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "", Labels.fundingTotal) }) else { continue }
                note(row, "监控时点的预算执行率")
                func read(_ c: Int, _ what: String) -> Decimal? {
                    sheet.cells[Sheet.Cell(row: row, column: c)].flatMap { number($0, at: Sheet.Cell(row: row, column: c), what: what) }
                }
                let budget = read(header.budget, "预算数"), spent = read(header.spent, "执行数")
                if let c = header.rate, let text = sheet.cells[Sheet.Cell(row: row, column: c)], !Labels.isPlaceholder(text) {
                    checkRate(row, c, budget: budget, spent: spent)
                    var t = Labels.normalized(text)
                    let percent = t.hasSuffix("%")
                    if percent { t.removeLast() }
                    if let v = ExactDecimal.parse(t, maxFractionDigits: 10) {
                        // A bare number is a percentage unless it is a fraction of 1 that the amounts confirm.
                        let fraction = !percent && v <= 1 && budget.map { b in spent.map { ExactDecimal.rounded($0 / b, scale: 4) == ExactDecimal.rounded(v, scale: 4) } ?? false } ?? false
                        checkpoint.actualRate = fraction ? v * 100 : v
                    }
                } else if let budget, let spent, budget != 0 {
                    checkpoint.actualRate = ExactDecimal.rounded(spent / budget * 100, scale: 2)
                }
                break
            }
        }
        // The goal's progress: the text under `1-7月实际完成情况` (or `…执行情况`, `…完成情况`).
        let measureLabels = ["改进措施", "纠偏措施", "相关建议或举措", "整改措施", "下一步措施", "改进措施及建议"]
        for row in 1..<max(2, before) where checkpoint.progress == nil {
            for column in 1...max(1, sheet.maxColumn) {
                let n = Labels.normalized(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "")
                guard Self.monitoringMonth(n) != nil, n.contains("完成情况") || n.contains("执行情况") else { continue }
                let text = sheet.value(row + 1, column).trimmed
                if !text.isEmpty, !Labels.isPlaceholder(text) { checkpoint.progress = text; note(row, "监控时点的目标完成情况"); note(row + 1, "监控时点的目标完成情况") }
                break
            }
        }
        // Measures: a column header in the goal block (text below it), or a row label (text beside it).
        outer: for row in 1...max(1, sheet.maxRow) where row != h.row {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let label = sheet.cells[cell], Labels.matches(label, measureLabels) || Labels.matches(Self.beforeColon(label), measureLabels) else { continue }
                var found = value(rightOf: cell)
                if found == nil || row < before && found.map({ Self.monitoringMonth($0.0) != nil || Labels.matches($0.0, ["完成目标可能性", "备注"]) }) == true {
                    let below = sheet.value(row + 1, column).trimmed
                    found = below.isEmpty ? nil : (below, Sheet.Cell(row: row + 1, column: column))
                }
                if let (text, at) = found, !Labels.isPlaceholder(text) { checkpoint.measures = text; note(row, "纠偏措施"); note(at.row, "纠偏措施") }
                break outer
            }
        }
        project.checkpoint = checkpoint
        note(h.row, "监控表的指标表头：各指标的监控情况未导入")
        for row in (h.row + 1)..<(max(h.row, sheet.maxRow) + 1) where notes[row] == nil { note(row, "指标的监控情况，未导入") }
        if let header {
            for row in (header.row + 1)..<max(header.row + 1, before) where notes[row] == nil
                && (1...max(1, sheet.maxColumn)).contains(where: { Labels.fundingSource(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "") != nil }) {
                note(row, "资金来源的执行数，未导入（只记合计的执行率）")
            }
        }
        diagnostics.warning(.importIgnored, "各指标的监控情况（\(first.month)月实际完成值、全年预计完成值、完成目标可能性、偏差原因等）和各资金来源的执行数未导入：项目文件的 monitoring 只记监控时点、执行率、目标进展和纠偏措施，需要公开时请写入进展（progress）",
                            at: sheet.location(h.row, h.level3))
    }

    /// Whether a department-wide table states its money as a project table does — 年度资金总额 over rows of
    /// 财政拨款, 上年结转, 其他资金 (as `gongkai export` writes a department file that has `funding`) — and not by
    /// 收入性质 and 支出性质 beside a 年度主要任务 list, whose amounts are no sources: read then as a project's
    /// funding, else as `readDepartmentFunding` reads it.
    private func departmentMoneyInProjectLayout(before: Int) -> Bool {
        var sources = false
        for row in 1..<max(2, before) where !taskRows.contains(row) {
            for column in 1...max(1, sheet.maxColumn) {
                let text = Labels.normalized(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "")
                if ["收入性质", "支出性质"].contains(where: { text.contains($0) }) { return false }
                if Labels.fundingSource(text) != nil { sources = true }
            }
        }
        return sources
    }

    /// A department-wide table's funding block in the national layout: the 年度资金总额 row (in the self-evaluation
    /// with 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分: its 分值 and 得分 are budget execution's, its
    /// 执行率 is checked), then the money by 收入性质 — the sources, `funding.lines` — and by 支出性质 — 基本支出,
    /// 项目支出: `funding.uses` —, side by side or one below the other, each checked against its total.
    private mutating func readDepartmentFunding(into project: inout ImportedProject, before: Int) {
        // 按收入性质分 | 按支出性质分: the first cell naming each.
        var income: Sheet.Cell?, expenditure: Sheet.Cell?
        for row in 1..<max(2, before) where !taskRows.contains(row) {
            for column in 1...max(1, sheet.maxColumn) {
                let n = Labels.normalized(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "")
                if income == nil, n.contains("收入性质") { income = Sheet.Cell(row: row, column: column) }
                if expenditure == nil, n.contains("支出性质") { expenditure = Sheet.Cell(row: row, column: column) }
            }
        }
        let natureRow = [income?.row, expenditure?.row].compactMap { $0 }.min()
        var columns: (initial: Int?, budget: Int?, spent: Int?, weight: Int?, score: Int?, rate: Int?) = (nil, nil, nil, nil, nil, nil)
        var headerRow: Int?
        for row in 1..<max(2, natureRow ?? before) where headerRow == nil && !taskRows.contains(row) {
            let texts = (1...max(1, sheet.maxColumn)).map { sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "" }
            guard let b = texts.firstIndex(where: { Labels.matches($0, Labels.budget) }) else { continue }
            headerRow = row
            columns.budget = b + 1
            columns.initial = texts.firstIndex { Labels.matches($0, Labels.initial) }.map { $0 + 1 }
            columns.spent = texts.firstIndex { Labels.matches($0, Labels.spent) }.map { $0 + 1 }
            columns.weight = texts.firstIndex { Labels.matches($0, Labels.weight) }.map { $0 + 1 }
            columns.score = texts.firstIndex { Labels.matches($0, Labels.score) }.map { $0 + 1 }
            columns.rate = texts.firstIndex { Labels.matches($0, Labels.executionRate) }.map { $0 + 1 }
        }
        // The 年度资金总额 row above the money by 收入性质 (inside it, a total is that side's own).
        var total: (initial: Decimal?, budget: Decimal?, spent: Decimal?, cell: Sheet.Cell)?
        let totals = headerRow == nil ? ["年度资金总额", "资金总额", "预算规模", "年度预算总额"] : Labels.fundingTotal
        for row in ((headerRow ?? 0) + 1)..<max((headerRow ?? 0) + 1, natureRow ?? before) where !taskRows.contains(row) {
            guard let column = (1...max(1, sheet.maxColumn)).first(where: { Labels.matches(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "", totals) }) else { continue }
            note(row, "部门整体资金（合计）")
            func read(_ c: Int?, _ what: String) -> Decimal? {
                c.flatMap { col in sheet.cells[Sheet.Cell(row: row, column: col)].flatMap { number($0, at: Sheet.Cell(row: row, column: col), what: what) } }
            }
            project.executionWeight = read(columns.weight, "预算执行率分值")
            project.executionScore = read(columns.score, "预算执行率得分")
            if let c = columns.score { project.cells["execution"] = Sheet.Cell(row: row, column: c) }
            let budget = read(columns.budget, "全年预算数"), spent = read(columns.spent, "全年执行数")
            total = (read(columns.initial, "年初预算数"), budget, spent, Sheet.Cell(row: row, column: column))
            checkRate(row, columns.rate, budget: budget, spent: spent)
            break
        }
        guard let natureRow else {
            // Amounts in a layout not recognised: named, the file's own `funding` kept.
            let amounts = total.map { t in [t.initial, t.budget, t.spent].contains { $0 != nil } } ?? false
            if let t = total, amounts {
                diagnostics.warning(.importIgnored, "部门整体的资金未导入：表中没有“按收入性质分”“按支出性质分”的资金来源，部门整体绩效文件的 funding 按资金来源记，文件原有的 funding 保留不变",
                                    at: sheet.location(t.cell.row, t.cell.column))
            }
            return
        }
        // The block ends at the next part of the table: a label left of both sides (年度总体目标), the goal, the tasks.
        let left = [income?.column, expenditure?.column].compactMap { $0 }.min() ?? 1
        var end = natureRow + 1
        while end < before, !taskRows.contains(end) {
            let texts = (1...max(1, sheet.maxColumn)).map { sheet.cells[Sheet.Cell(row: end, column: $0)]?.trimmed ?? "" }
            if texts.contains(where: { Labels.matches($0, Labels.goal + Labels.expectedGoal + Labels.longTermGoal) }) { break }
            if (1..<max(1, left)).contains(where: { c in !texts[c - 1].isEmpty && texts[c - 1] != (sheet.cells[Sheet.Cell(row: natureRow, column: c)]?.trimmed ?? "") }) { break }
            end += 1
        }
        var sources: [ImportedProject.FundingRow] = [], uses: [ImportedProject.Use] = []
        for (side, isIncome) in [(income, true), (expenditure, false)] {
            guard let side else { continue }
            let other = isIncome ? expenditure : income
            // Side by side: the columns up to the other side's; one below the other: the rows down to it.
            let sameRow = other?.row == side.row
            let lastColumn = sameRow && (other?.column ?? 0) > side.column ? other!.column - 1 : sheet.maxColumn
            let lastRow = !sameRow && (other?.row ?? 0) > side.row ? other!.row - 1 : end - 1
            let what = isIncome ? "按收入性质分" : "按支出性质分"
            var kind = 1       // 0 年初预算数, 1 全年预算数, 2 全年执行数: what the side's amounts are
            var sideTotal: [Int: Decimal] = [:], sideTotalCell: Sheet.Cell?
            var sums: [Int: Decimal] = [:], read = false
            for row in side.row...max(side.row, lastRow) where !taskRows.contains(row) {
                var cells = (side.column...max(side.column, lastColumn)).compactMap { c -> (Int, String)? in
                    guard row != side.row || c > side.column, let t = sheet.cells[Sheet.Cell(row: row, column: c)]?.trimmed, !t.isEmpty else { return nil }
                    return (c, t)
                }
                // 按收入性质分 | 全年执行数: the side's amounts are of that column.
                if row == side.row {
                    if let k = cells.first(where: { Labels.matches($0.1, Labels.initial + Labels.budget + Labels.spent + ["金额", "预算数"]) }) {
                        kind = Labels.matches(k.1, Labels.initial) ? 0 : Labels.matches(k.1, Labels.spent) ? 2 : 1
                    }
                    cells.removeAll { Labels.matches($0.1, Labels.initial + Labels.budget + Labels.spent + ["金额", "预算数"]) }
                }
                guard let labelIndex = cells.firstIndex(where: { ExactDecimal.parse(Labels.normalized($0.1), maxFractionDigits: 10) == nil
                    && !Labels.isPlaceholder($0.1) && !Labels.matches($0.1, Labels.level) }) else {
                    if let amount = cells.first(where: { ExactDecimal.parse(Labels.normalized($0.1), maxFractionDigits: 10) != nil }) {
                        diagnostics.error(.importMissingCell, "\(what)的这一行有金额，却没有名称：请写明（如 财政拨款、基本支出）；为免金额少计，未导入",
                                          at: sheet.location(row, amount.0))
                    }
                    continue
                }
                let (labelColumn, labelText) = cells[labelIndex]
                let labelCell = Sheet.Cell(row: row, column: labelColumn)
                var name = labelText, amounts: [(String, Sheet.Cell)] = []
                // `财政拨款：5000` in one cell.
                if let colon = labelText.firstIndex(where: { $0 == "：" || $0 == ":" }), !labelText[labelText.index(after: colon)...].trimmed.isEmpty,
                   !["", "其中"].contains(labelText[..<colon].trimmed) {
                    name = String(labelText[..<colon]); amounts = [(labelText[labelText.index(after: colon)...].trimmed, labelCell)]
                } else {
                    amounts = cells[(labelIndex + 1)...].prefix { !Labels.matches($0.1, Labels.level) }.filter { !Labels.isPlaceholder($0.1) }
                        .map { ($0.1, Sheet.Cell(row: row, column: $0.0)) }
                }
                var n = Labels.normalized(name)
                if let m = n.prefixMatch(of: /(?:[0-9]+[.、]|\([0-9一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)/) { n = Labels.normalized(String(n[m.range.upperBound...])) }
                guard !n.isEmpty else { continue }
                note(row, "部门整体资金（\(what)）")
                guard !amounts.isEmpty else { continue }
                // One amount is of the side's kind; several must stand in the funding header's columns (年初预算数 |
                // 全年预算数 | 全年执行数): which one is the budget is never guessed.
                var values: [Int: Decimal] = [:], failed = false
                for (text, at) in amounts {
                    guard let field = amounts.count == 1 ? kind : [columns.initial, columns.budget, columns.spent].firstIndex(of: at.column) else {
                        diagnostics.error(.importLayout, "\(what)的“\(n.prefix(20))”有 \(amounts.count) 个金额，表头没有写明哪一列是全年预算数（应有“年初预算数”“全年预算数”“全年执行数”等列名）：为免取错金额，未导入",
                                          at: sheet.location(labelCell.row, labelCell.column))
                        failed = true
                        break
                    }
                    guard let value = number(text, at: at, what: "\(n)金额") else { failed = true; continue }
                    values[field] = value
                }
                read = true
                if failed { continue }
                if Labels.matches(n, Labels.fundingTotal + ["总计", "小计"]) { sideTotal = values; sideTotalCell = amounts[0].1; continue }
                for (field, value) in values { sums[field, default: 0] += value }
                if isIncome {
                    sources.append(ImportedProject.FundingRow(source: Labels.fundingSource(n) ?? n, initial: values[0], budget: values[1], spent: values[2], cell: labelCell))
                } else if let amount = values.count == 1 ? values.first?.value : values[1] {
                    uses.append(.init(item: n, amount: amount, level: nil, cell: labelCell))
                } else {
                    diagnostics.error(.importLayout, "\(what)的“\(n.prefix(20))”没有全年预算数：资金用途只记一个金额，为免取错，未导入", at: sheet.location(labelCell.row, labelCell.column))
                }
            }
            // Each side adds up to its own total, else to the 年度资金总额 row's amount of the same kind.
            for (field, sum) in sums.sorted(by: { $0.key < $1.key }) where read {
                let fromTotal = total.flatMap { t in
                    [t.initial, t.budget, t.spent][field].map { ($0, Sheet.Cell(row: t.cell.row, column: [columns.initial, columns.budget, columns.spent][field] ?? t.cell.column)) }
                }
                guard let (value, at) = sideTotal[field].map({ ($0, sideTotalCell!) }) ?? fromTotal, value != sum else { continue }
                diagnostics.error(.importWeights, "\(what)的各项\(["年初预算数", "全年预算数", "全年执行数"][field])合计 \(ExactDecimal.format(sum)) 与年度资金总额 \(ExactDecimal.format(value)) 不符",
                                  at: sheet.location(at.row, at.column))
            }
            if isIncome, !sources.isEmpty, let t = total, (t.initial != nil && sums[0] == nil) || (t.spent != nil && sums[2] == nil) {
                diagnostics.warning(.importIgnored, "年度资金总额的年初预算数、全年执行数没有按收入性质分列，未导入：部门整体绩效文件的 funding 按资金来源记，各来源只导入了表中分列的金额，需要时请在 funding 中补写 initial、spent",
                                    at: sheet.location(t.cell.row, t.cell.column))
            }
        }
        if !sources.isEmpty { project.funding = sources }
        if !uses.isEmpty { project.uses = uses }
    }

    /// 年度主要任务 of a department-wide table: the header row with 任务名称 (and 主要内容, 预算数 or 预算金额 —
    /// merged over 总额 | 财政拨款 | 其他资金 on the row below, the 总额 is the task's amount —, 公开属性), the tasks
    /// on the rows below it down to the next part of the table, a closing 金额合计 checked against them. A row
    /// with content or money and no name is an error at the name's cell; an unused template row (`任务4`) is skipped.
    private mutating func readTasks(into project: inout ImportedProject, before: Int) {
        let label = findLabel(Labels.taskList, before: before)
        var header: Sheet.Cell?
        for row in (label?.row ?? 1)..<max((label?.row ?? 1) + 1, before) where header == nil {
            for column in 1...max(1, sheet.maxColumn) where header == nil && Labels.matches(sheet.cells[Sheet.Cell(row: row, column: column)] ?? "", Labels.taskName) {
                header = Sheet.Cell(row: row, column: column)
            }
        }
        guard let header else {
            if let label {
                // A list written as one text (`1.…；2.…`), with no 任务名称 column: no task can be told apart.
                let end = findLabel(Labels.goal + Labels.expectedGoal, before: before).map(\.row) ?? before
                for row in label.row..<max(label.row + 1, end) { note(row, "年度主要任务，未导入") }
                diagnostics.warning(.importIgnored, "年度主要任务未导入：表中没有“任务名称”一栏（任务名称 | 主要内容 | 预算数），无法逐项读出任务；部门整体绩效文件原有的 tasks 保留不变",
                                    at: sheet.location(label.row, label.column))
            }
            return
        }
        func column(_ row: Int, _ labels: [String]) -> Int? {
            (1...max(1, sheet.maxColumn)).first { $0 != header.column && Labels.matches(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "", labels) }
        }
        let contentColumn = column(header.row, Labels.taskContent), levelColumn = column(header.row, Labels.level)
        var amountColumn = column(header.row, Labels.taskAmount)
        for row in (label?.row ?? header.row)...header.row { taskRows.insert(row); note(row, "年度主要任务的表头") }
        // A column the file has no place for (执行数, 备注): named once, at its header.
        for c in (header.column + 1)..<max(header.column + 1, sheet.maxColumn + 1) where ![contentColumn, amountColumn, levelColumn].contains(c) {
            guard let text = sheet.cells[Sheet.Cell(row: header.row, column: c)]?.trimmed, !text.isEmpty else { continue }
            diagnostics.warning(.importIgnored, "年度主要任务的“\(text.prefix(12))”一栏未导入：部门整体绩效文件的任务只记任务名称、主要内容和金额",
                                at: sheet.location(header.row, c))
        }
        var first = header.row + 1
        // 预算金额 merged over 总额 | 财政拨款 | 其他资金: the task's amount is the 总额.
        if first < before, (sheet.cells[Sheet.Cell(row: first, column: header.column)] ?? "").trimmed.isEmpty,
           let totalColumn = column(first, ["总额", "合计", "小计", "金额合计", "总计"]) {
            amountColumn = totalColumn
            taskRows.insert(first)
            note(first, "年度主要任务的表头")
            if let split = (totalColumn + 1..<max(totalColumn + 1, sheet.maxColumn + 1)).first(where: { !(sheet.cells[Sheet.Cell(row: first, column: $0)] ?? "").trimmed.isEmpty && $0 != levelColumn }) {
                diagnostics.warning(.importIgnored, "任务金额按来源的分列（“\((sheet.cells[Sheet.Cell(row: first, column: split)] ?? "").trimmed.prefix(12))”等）未导入：部门整体绩效文件的任务只记金额（总额）",
                                    at: sheet.location(first, split))
            }
            first += 1
        }
        var tasks: [ImportedProject.Task] = [], stated: (Decimal, Sheet.Cell)?
        var row = first
        rows: while row < before {
            defer { row += 1 }
            let r = row
            let cells = (1...max(1, sheet.maxColumn)).compactMap { c in sheet.cells[Sheet.Cell(row: r, column: c)].map { (c, $0.trimmed) } }.filter { !$0.1.isEmpty }
            // 金额合计 (in the name's column or left of it) closes the list.
            if let (_, text) = cells.first, cells.first!.0 <= header.column, Labels.matches(text, Labels.taskTotal) {
                taskRows.insert(r)
                note(r, "年度主要任务（金额合计）")
                if let c = amountColumn, let t = sheet.cells[Sheet.Cell(row: r, column: c)]?.trimmed, !Labels.isPlaceholder(t),
                   let v = number(t, at: Sheet.Cell(row: r, column: c), what: "任务金额合计") { stated = (v, Sheet.Cell(row: r, column: c)) }
                break
            }
            // The next part of the table: a label left of the list (年度预算申请, 年度总体目标), the money, the goal.
            for (c, text) in cells {
                let n = Labels.normalized(text)
                if c < header.column, ExactDecimal.parse(n, maxFractionDigits: 10) == nil, !Labels.matches(text, Labels.taskList) { break rows }
                // The money's total in any column (年度资金总额 in the name's column too); 合计 or 总额 only beside the name.
                if Labels.matches(text, Labels.goal + Labels.expectedGoal) || n.contains("收入性质") || n.contains("支出性质")
                    || n.hasPrefix("年度预算") || n.hasPrefix("年度资金") || Labels.matches(text, Labels.fundingTotal.filter { !Labels.taskTotal.contains($0) })
                    || (c != header.column && c != contentColumn && Labels.matches(text, Labels.fundingTotal)) { break rows }
            }
            taskRows.insert(r)
            func text(_ c: Int?) -> (String, Sheet.Cell)? {
                guard let c, let t = sheet.cells[Sheet.Cell(row: r, column: c)]?.trimmed, !Labels.isPlaceholder(t) else { return nil }
                return (t, Sheet.Cell(row: r, column: c))
            }
            let written = text(header.column), content = text(contentColumn), amount = text(amountColumn)
            let nameCell = Sheet.Cell(row: r, column: header.column)
            // `任务1：学生资助` names the task 学生资助; `任务4` alone is the template's unused row.
            var name = written?.0
            if let n = name, let m = n.wholeMatch(of: /任务\s*[0-9０-９一二三四五六七八九十]+\s*[：:.、．]?\s*(.*)/.dotMatchesNewlines()) { name = String(m.1).trimmed }
            guard let name, !name.isEmpty else {
                if content == nil && amount == nil { note(r, "未填写的任务行，跳过"); continue }
                note(r, "没有任务名称的任务行")
                diagnostics.error(.importMissingCell, "这一行有任务的主要内容或金额，却没有任务名称：请写明任务名称（模板的“任务1”也要改为任务的名称）；为免金额无所归属，未导入",
                                  at: sheet.location(nameCell.row, nameCell.column))
                continue
            }
            var value: Decimal?
            if let (t, at) = amount {
                guard let v = number(t, at: at, what: "任务金额") else { continue }
                value = v
            }
            let taskLevel = levelColumn.flatMap { c in level(sheet.value(r, c), at: sheet.typedCell(r, c)) }
                ?? (levelColumn == nil ? levelPair(inRow: r, from: max(header.column, contentColumn ?? 0, amountColumn ?? 0) + 1) : nil)
            note(r, "年度主要任务")
            tasks.append(.init(name: name, content: content?.0, amount: value, level: taskLevel, cell: nameCell, amountCell: amount?.1))
        }
        if let (v, at) = stated, !tasks.isEmpty, tasks.allSatisfy({ $0.amount != nil }) {
            let sum = tasks.compactMap(\.amount).reduce(Decimal(0), +)
            if sum != v {
                diagnostics.error(.importWeights, "任务金额合计 \(ExactDecimal.format(v)) 与各任务金额之和 \(ExactDecimal.format(sum)) 不符", at: sheet.location(at.row, at.column))
            }
        }
        if contentColumn != nil { project.taskColumns.insert("content") }
        if amountColumn != nil { project.taskColumns.insert("amount") }
        project.tasks = tasks.isEmpty ? nil : tasks
    }

    /// A row inside the funding block with amounts and a label that is none of the usual three (社会捐赠,
    /// 自筹资金, 上级补助资金 …) is a source of its own, imported under its label as written: dropped, it
    /// would understate the budget. A row with amounts and no label at all is reported.
    private mutating func otherFundingRows(understood: Set<Int>, header: Int?, before: Int) -> [(row: Int, cell: Sheet.Cell, source: String)] {
        var found: [(row: Int, cell: Sheet.Cell, source: String)] = []
        guard let start = understood.min() else { return found }
        let sections = Labels.goal + Labels.expectedGoal + Labels.longTermGoal + Labels.projectLevel
        var row = start + 1
        while row < before {
            defer { row += 1 }
            let cells = (1...max(1, sheet.maxColumn)).compactMap { c in sheet.cells[Sheet.Cell(row: row, column: c)].map { (c, $0) } }
            if cells.contains(where: { Labels.matches($0.1, sections) }) { break }
            guard !understood.contains(row), !taskRows.contains(row), row != header, notes[row] == nil,
                  let amount = cells.first(where: { ExactDecimal.parse(Labels.normalized($0.1), maxFractionDigits: 10) != nil }) else { continue }
            guard let label = cells.first(where: { ExactDecimal.parse(Labels.normalized($0.1), maxFractionDigits: 10) == nil && !Labels.normalized($0.1).hasPrefix("项目资金")
                && !Labels.matches($0.1, Labels.level) && !Labels.isPlaceholder($0.1) }) else {
                note(row, "无法识别的资金行，未导入")
                diagnostics.error(.importMissingCell, "资金表中的这一行有金额，却没有资金来源的名称：请写明来源（如 财政拨款、其他资金、社会捐赠）；为免预算数少计，未导入",
                                  at: sheet.location(row, amount.0))
                continue
            }
            let source = Labels.normalized(label.1)
            note(row, "资金（\(source)）")
            found.append((row, Sheet.Cell(row: row, column: label.0), source))
        }
        return found
    }

    private mutating func readIndicators(into project: inout ImportedProject, _ h: IndicatorColumns) {
        var weightSum: Decimal = 0, scoreSum: Decimal = 0
        var lastLevel1 = "", lastLevel2 = ""
        // The comprehensive frame: each 一级's stated weight, its cell and the sum of its rows' weights;
        // below the rows, 基础总分 then the 加分项 / 扣分项 lines (`footer`, the kind of the current line).
        var groups: [(name: String, weight: Decimal?, cell: Sheet.Cell, sum: Decimal)] = []
        var footer = false, bonusKind: Bool?
        // Points written in a 一级 or 二级 cell (`产出指标（50分）`): the group's weight, checked against its rows.
        var pointed: [(name: String, weight: Decimal, cell: Sheet.Cell, sum: Decimal)] = []
        var pointed1: Int?, pointed2: Int?     // the current 一级's and 二级's entries in `pointed`
        defer {
            if h.level1Weight != nil { checkGroups(groups) }
            if h.weight != nil { checkPointed(pointed) }
        }
        var row = h.row + 1
        while row <= sheet.maxRow {
            defer { row += 1 }
            let sheet = self.sheet, r = row
            let first = (1...max(1, sheet.maxColumn)).map { sheet.value(r, $0) }.first { !$0.trimmed.isEmpty } ?? ""
            if let l1w = h.level1Weight {
                if Labels.matches(first, Labels.baseScore) {
                    note(row, "基础总分")
                    footer = true
                    readBase(row, h, l1w, &project, weights: groups.isEmpty ? weightSum : groups.compactMap(\.weight).reduce(0, +), scores: scoreSum)
                    continue
                }
                if Labels.matches(first, Labels.finalScore) {
                    note(row, "自评总分")
                    readFinal(row, h, &project, scores: scoreSum)
                    blockEnd = row
                    readGrade(from: row, into: &project)
                    break
                }
                if Labels.matches(first, Labels.problems) || Labels.matches(first, Labels.measures) { break }
                let label = sheet.value(row, h.level1)
                if Labels.matches(label, Labels.bonus) { footer = true; bonusKind = true }
                else if Labels.matches(label, Labels.deduction) { footer = true; bonusKind = false }
                if footer {
                    readAdjustment(row, h, bonus: bonusKind, &project)
                    continue
                }
            }
            // A signature line or filling notes below the table (a target table has no 总分 row to end it):
            // read on, 填表人：王五 became an indicator and a phone number its target.
            if Labels.matches(first, Labels.footer) || Labels.matches(Self.beforeColon(first), Labels.footer) {
                for r in row...sheet.maxRow { note(r, "签字栏或填报说明，不是指标，未导入") }
                // Indicator rows below it (a note placed inside the table) are named, not dropped unseen.
                for r in (row + 1)..<(sheet.maxRow + 1) {
                    let name = sheet.cells[Sheet.Cell(row: r, column: h.level3)] ?? ""
                    let target = h.target.flatMap { sheet.cells[Sheet.Cell(row: r, column: $0)] } ?? ""
                    guard !Labels.isPlaceholder(name), !Labels.isPlaceholder(target) else { continue }
                    diagnostics.warning(.importIgnored, "此行在第\(row)行的签字栏或填报说明之下，像是指标，未导入：如是指标，请移到签字栏之上",
                                        at: sheet.location(r, h.level3))
                }
                break
            }
            // The header repeated on a second printed page: not an indicator named 三级指标. A header with
            // another block's label (长期绩效指标 below 年度绩效指标) starts another block, which ends this one.
            if Labels.matches(sheet.value(row, h.level1), Labels.level1), Labels.matches(sheet.value(row, h.level3), Labels.level3) {
                let own = blockLabel(h)?.text, other = findIndicatorHeader(from: row).flatMap { $0.row == row ? blockLabel($0) : nil }
                guard let (text, cell) = other, text != own else {
                    note(row, "重复的表头行，跳过")
                    continue
                }
                let rest = (row...sheet.maxRow).prefix { r in
                    let first = (1...max(1, sheet.maxColumn)).map { sheet.value(r, $0) }.first { !$0.trimmed.isEmpty } ?? ""
                    return !(Labels.matches(first, Labels.footer) || Labels.matches(Self.beforeColon(first), Labels.footer))
                }
                if Self.blockKind(text) == .longTerm {
                    for r in rest { note(r, "长期绩效指标，未导入") }
                    diagnostics.warning(.importIgnored, "“\(text.prefix(20))”一块未导入（项目文件只记年度绩效指标）：需要公开时请写入项目说明",
                                        at: sheet.location(cell.row, cell.column))
                } else {
                    for r in rest { note(r, "另一块绩效指标，未导入") }
                    diagnostics.error(.importLayout, "表中有第二块绩效指标“\(text.prefix(20))”（第\(h.row)行一块之外）：gongkai 不知道哪一块是本年度的绩效指标，为免把其他指标当作本年度目标公开，未导入。请只保留年度绩效指标一块（表头左侧写明“年度绩效指标”、“长期绩效指标”可区分两块）",
                                      at: sheet.location(cell.row, cell.column))
                }
                break
            }
            if Labels.matches(first, Labels.total) {
                note(row, "总分")
                blockEnd = row
                if let s = h.score {
                    project.totalScore = sheet.cells[Sheet.Cell(row: row, column: s)].flatMap { number($0, at: Sheet.Cell(row: row, column: s), what: "总分") }
                    project.cells["total"] = Sheet.Cell(row: row, column: s)
                }
                // The total is the rows' scores plus budget execution's (beside the funding), as the build checks it,
                // allowing the rounding the table shows. Named here at the 总分 cell: the build could only name a line
                // of the written file. Only when a row is scored and every score was read (an unread one is named already).
                if let s = h.score, let total = project.totalScore, project.indicators.contains(where: { $0.score != nil }),
                   !project.indicators.contains(where: { $0.score == nil && $0.cell.map { !Labels.isPlaceholder(sheet.cells[Sheet.Cell(row: $0.row, column: s)] ?? "") } ?? false }) {
                    let sum = scoreSum + (project.executionScore ?? 0)
                    if !ScoringChecks.matchesRounded(total, sum) {
                        let execution = project.executionScore.map { "（含预算执行率得分 \(ExactDecimal.format($0))）" } ?? ""
                        diagnostics.error(.importWeights, "各项得分合计为 \(ExactDecimal.format(sum))\(execution)，与总分栏的 \(ExactDecimal.format(total)) 不符：请核对各行得分和总分",
                                          at: sheet.location(row, s))
                    }
                }
                if let w = h.weight, let text = sheet.cells[Sheet.Cell(row: row, column: w)],
                   let total = number(text, at: Sheet.Cell(row: row, column: w), what: "总分值") {
                    project.cells["totalWeight"] = Sheet.Cell(row: row, column: w)
                    let expected = weightSum + (project.executionWeight ?? 0)
                    if expected != total {
                        diagnostics.error(.importWeights, "分值列合计为 \(ExactDecimal.format(expected))（含预算执行率分值），与总分栏的 \(ExactDecimal.format(total)) 不符",
                                          at: sheet.location(row, w))
                    }
                }
                readGrade(from: row, into: &project)
                break
            }
            var name = sheet.cells[Sheet.Cell(row: row, column: h.level3)]?.trimmed ?? ""
            // The national template's numbered rows: `指标1：` and nothing else is an unused row, `指标1：学生人数`
            // the indicator 学生人数. `指标1：` beside a value names no indicator: refused, not guessed or dropped.
            if let rest = Labels.templateNumbered(name) {
                if rest.isEmpty {
                    let value = ((h.level3 + 1)..<(max(h.level3, sheet.maxColumn) + 1)).first {
                        $0 != h.level1Weight && !Labels.isPlaceholder(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "")
                    }
                    if let value {
                        note(row, "模板编号行（“\(name)”）有内容但没有指标名称")
                        diagnostics.error(.importMissingCell, "三级指标一栏只有模板的编号“\(name)”，没有指标名称，而此行\(Sheet.Cell.columnName(value))列有内容：请在冒号后写上指标名称，或清空不用的行",
                                          at: sheet.location(row, h.level3))
                    } else {
                        note(row, "占位行（模板的“指标1：”等编号行，未填写），跳过")
                    }
                    continue
                }
                name = rest
            }
            // An unused template row (`——`, `/`, `无` or nothing in 三级) is skipped.
            guard !Labels.isPlaceholder(name) else {
                // Values without a 三级 name are reported; a row of placeholders or nothing is an unused template row.
                let filled = [h.target, h.actual, h.weight, h.score].compactMap { $0 }
                    .contains { !Labels.isPlaceholder(sheet.cells[Sheet.Cell(row: row, column: $0)] ?? "") }
                // Another project's header (项目名称, 年度资金总额, 年度总体目标 …) inside the block: a second table
                // on the sheet that is not read as one (no indicator header of its own below it). Skipped as an
                // unused row, its name, money and goal were lost without a word.
                let headerLabels = Labels.name + Labels.code + Labels.department + Labels.unit + Labels.fundingTotal + Labels.goal + Labels.expectedGoal
                if let column = (1...max(1, sheet.maxColumn)).first(where: { c in
                    let text = sheet.cells[Sheet.Cell(row: row, column: c)] ?? ""
                    return c != h.level1 && c != h.level2 && (Labels.matches(text, headerLabels) || Labels.matches(Self.beforeColon(text), headerLabels))
                }) {
                    note(row, "指标表中的项目表头，未导入")
                    diagnostics.error(.importLayout, "指标表中出现“\(Labels.normalized(sheet.value(row, column)).prefix(20))”，像是另一个项目的表头，但其下没有可识别的指标表头：一张工作表的多个项目表须各有完整的表头和指标表，或把每个项目放在单独的工作表；为免丢失或混入其他项目的内容，未导入",
                                      at: sheet.location(row, column))
                    continue
                }
                if filled {
                    note(row, "没有三级指标名称的行，未导入")
                    diagnostics.warning(.importIgnored, "此行有内容但没有三级指标名称，未导入", at: sheet.location(row, h.level3))
                } else {
                    note(row, "占位行（——、/、无或空白），跳过")
                }
                continue
            }
            note(row, "指标")
            // A merged cell saved as CSV is empty below its first row: it continues the one above.
            var level1 = Labels.groupName(sheet.value(row, h.level1)), level2 = Labels.groupName(sheet.value(row, h.level2))
            // `产出指标（50分）`, as many published self-evaluations write the 一级 (and some the 二级): the
            // name, and the points as the group's weight. An unreadable number stays in the name (and is
            // refused as an unknown 一级).
            let points1 = Labels.statedPoints(level1), points2 = Labels.statedPoints(level2)
            if let p = points1 { level1 = p.name }
            if let p = points2 { level2 = p.name }
            let groupStart = !level1.isEmpty && level1 != lastLevel1
            if level1.isEmpty { level1 = lastLevel1 } else if level1 != lastLevel1 {
                lastLevel2 = ""
                pointed1 = nil
                if let p = points1 {
                    let at = sheet.merge(containing: Sheet.Cell(row: row, column: h.level1))?.from ?? Sheet.Cell(row: row, column: h.level1)
                    project.level1Weights[level1] = p.points
                    pointed.append((level1, p.points, at, 0))
                    pointed1 = pointed.count - 1
                }
                if let c = h.level1Weight {
                    // A merged 分值 cell is named at its top-left cell, where the clerk typed it.
                    let at = sheet.merge(containing: Sheet.Cell(row: row, column: c))?.from ?? Sheet.Cell(row: row, column: c)
                    let text = sheet.value(row, c)
                    groups.append((level1, Labels.isPlaceholder(text) ? nil : number(text, at: at, what: "一级指标“\(level1)”的分值"), at, 0))
                    if !Labels.isPlaceholder(text), let w = groups.last?.weight { project.level1Weights[level1] = w }
                }
            }
            if level2.isEmpty { level2 = lastLevel2 } else if level2 != lastLevel2 {
                pointed2 = nil
                if let p = points2 {
                    let at = sheet.merge(containing: Sheet.Cell(row: row, column: h.level2))?.from ?? Sheet.Cell(row: row, column: h.level2)
                    project.level2Weights[ImportedProject.groupKey(level1, level2)] = p.points
                    pointed.append((level2, p.points, at, 0))
                    pointed2 = pointed.count - 1
                }
            }
            lastLevel1 = level1
            lastLevel2 = level2
            if level1.isEmpty || level2.isEmpty {
                diagnostics.error(.importMissingCell, "三级指标“\(name)”缺少所属的\(level1.isEmpty ? "一级" : "二级")指标",
                                  at: sheet.location(row, level1.isEmpty ? h.level1 : h.level2))
            } else if h.level1Weight != nil {
                // Named once, at the group's first row (a merged 一级 cell shows on every row).
                if groupStart, !Labels.comprehensiveLevel1.contains(Labels.normalized(level1)) {
                    diagnostics.error(.importLevel, "无法识别的一级指标“\(level1)”（综合评价框架的一级指标为 \(Labels.comprehensiveLevel1.joined(separator: "、"))）",
                                      at: sheet.location(row, h.level1))
                }
            } else if !Labels.knownLevel1.contains(Labels.normalized(level1)), !Labels.comprehensiveLevel1.contains(Labels.normalized(level1)),
                      !(project.departmentWide && Labels.departmentLevel1.contains(Labels.normalized(level1))) {
                // A target table without 分值 columns names the comprehensive frame's groups too (export writes them so).
                diagnostics.error(.importLevel, "无法识别的一级指标“\(level1)”（应为 \(Labels.knownLevel1.prefix(5).joined(separator: "、")) 等）",
                                  at: sheet.location(row, h.level1))
            }
            // A number shown through a format that moves its decimal point is refused in the text columns too.
            for c in [h.target, h.actual].compactMap({ $0 }).flatMap({ span(h, $0) }) {
                _ = movedPoint(at: Sheet.Cell(row: row, column: c), what: c == h.actual ? "实际完成值" : "指标值")
            }
            var target = h.target.flatMap { joined(row, $0, h, separator: "") } ?? ""
            if Labels.isPlaceholder(target) { target = "" }
            let unit = h.targetUnit.flatMap { sheet.cells[Sheet.Cell(row: row, column: $0)]?.trimmed }.flatMap { Labels.isPlaceholder($0) ? nil : $0 } ?? ""
            // 指标性质 | 指标值 | 度量单位 in three columns: one target, as the other layouts write it (≥500人次).
            if !target.isEmpty, h.targetOperator != nil || h.targetUnit != nil {
                let op = h.targetOperator.flatMap { sheet.cells[Sheet.Cell(row: row, column: $0)]?.trimmed } ?? ""
                if let symbol = Labels.targetOperatorSymbol(op) {
                    // A value written with its own operator (`≥500`) keeps it.
                    let written = target.first.map { "≥≤=<>＞＜≧≦＝".holdsMark($0) } ?? false
                    target = (written ? "" : symbol) + target + (target.hasSuffix(unit) ? "" : unit)
                } else {
                    diagnostics.error(.importLevel, "指标性质“\(op)”无法识别（应为 ≥、≤、=、>、< 或 大于等于、小于等于、等于、定性）", at: sheet.location(row, h.targetOperator ?? h.target!))
                }
            }
            // Without a 指标值 column (the comprehensive layout) the file's targets are kept, checked when merging.
            if target.isEmpty, let t = h.target {
                diagnostics.error(.importMissingCell, "三级指标“\(name)”缺少指标值", at: sheet.location(row, t))
            }
            // An optional text written `——` or `/` is empty (`无` is kept: it is what clerks mean by “no deviation”).
            func text(_ c: Int?, separator: String = "；") -> String? {
                c.flatMap { joined(row, $0, h, separator: separator)?.nilIfEmpty }.flatMap { $0 != "无" && Labels.isPlaceholder($0) ? nil : $0 }
            }
            func num(_ c: Int?, _ what: String) -> Decimal? {
                c.flatMap { col in sheet.cells[Sheet.Cell(row: row, column: col)].flatMap { number($0, at: Sheet.Cell(row: row, column: col), what: what) } }
            }
            // The 度量单位 is the row's: a bare number in 完成值 (`100` beside `=`, `100`, `%`) is in it too,
            // and read without it the actual would be compared with the target in another unit.
            var actual = text(h.actual, separator: "")
            if !unit.isEmpty, let a = actual, ExactDecimal.parse(a, maxFractionDigits: 10) != nil { actual = a + unit }
            // A level written inside a value (`≥5台（涉密）`, `机密★ 12人`) withholds nothing: the value and its
            // mark would be published (the loader names such marks in names and texts, not in a target or an
            // actual value). Refused at the cell: the level belongs in the 公开属性 column.
            for (value, column, what) in [(target, h.target, "指标值"), (actual ?? "", h.actual, "实际完成值")] {
                guard let column, let mark = MappingReader.bracketedLevel(in: value) ?? MappingReader.secrecyMarking(in: value) else { continue }
                note(row, "\(what)中写有公开级别，未导入")
                diagnostics.error(.importDisclosure, "\(what)中写了公开级别“\(mark.prefix(12))”：写在\(what)里的级别不起作用，会连同\(what)照常公开。请把级别写在该行的“公开属性”一栏（如“涉密”），并删去\(what)中的级别；为免误公开，未导入",
                                  at: sheet.location(row, column))
            }
            let weight = num(h.weight, "分值"), score = num(h.score, "得分")
            // The build names it too (GK402), but at a line of the written file: the cell is what the clerk mends.
            if let score, let column = h.score, score < 0 || weight.map({ score > $0 }) ?? false {
                diagnostics.error(.importWeights, "得分 \(ExactDecimal.format(score)) 应在 0 到分值 \(ExactDecimal.format(weight ?? 0)) 之间：请核对此行的得分和分值",
                                  at: sheet.location(row, column))
            }
            weightSum += weight ?? 0
            scoreSum += score ?? 0
            if !groups.isEmpty { groups[groups.count - 1].sum += weight ?? 0 }
            // The rows' 分值 count toward their 一级's stated points and their 二级's.
            for i in [pointed1, pointed2].compactMap({ $0 }) { pointed[i].sum += weight ?? 0 }
            var rowLevel: SheetLevel?
            if let c = h.level {
                // A 公开属性 cell merged down over several rows (涉密 for a block of indicators) holds for each of them.
                rowLevel = level(sheet.value(row, c), at: sheet.typedCell(row, c), allowing: [Labels.basis, Labels.deviation, Labels.explanation])
            }
            project.indicators.append(.init(level1: level1, level2: level2, name: name, target: target, basis: text(h.basis),
                                            actual: actual, weight: weight, score: score, deviation: text(h.deviation),
                                            explanation: text(h.explanation), level: rowLevel, cell: Sheet.Cell(row: row, column: h.level3)))
        }
        if project.indicators.isEmpty {
            diagnostics.error(.importMissingCell, "绩效指标表没有任何三级指标", at: sheet.location(h.row, h.level3))
        }
        warnUnreadColumns(h, rows: project.indicators.compactMap { $0.cell?.row })
        // The project file requires a self-evaluation's total (total_score): without it the written file did not load,
        // and the loader's GK509 named A1 with the field's name blanked. Named at the 总分 cell, or the 得分 header when
        // the table has no 总分 row; an unreadable total (`九十分`) is named at its cell already.
        if project.layout == .selfEvaluation, project.totalScore == nil {
            let at = project.cells["total"]
            if at.map({ Labels.isPlaceholder(sheet.cells[$0] ?? "") }) ?? true {
                let cell = at ?? Sheet.Cell(row: h.row, column: h.score ?? h.level3)
                diagnostics.error(.importMissingCell, at == nil
                                  ? "自评表没有总分行：请在指标之下加“总分”行（综合评价框架为“自评总分”）并填写得分（各项得分之和）"
                                  : "总分一栏是空的：请填写总分（各项得分之和，含预算执行率得分）",
                                  at: sheet.location(cell.row, cell.column))
            }
        }
    }

    /// The columns a header cell spans: 偏差原因分析及改进措施 merged over two columns (原因 | 措施), 指标值
    /// over value | unit. Each is read, or a text in the second column would be lost without a word.
    func span(_ h: IndicatorColumns, _ column: Int) -> ClosedRange<Int> {
        guard let m = sheet.merge(containing: Sheet.Cell(row: h.row, column: column)), m.from.row <= h.row else { return column...column }
        return column...max(column, m.to.column)
    }

    /// A text cell of an indicator row as the clerk sees it (a number through its format: `52000人`), the
    /// cells under a merged header joined: a cell merged across them counts once.
    func joined(_ row: Int, _ column: Int, _ h: IndicatorColumns, separator: String) -> String? {
        let texts = span(h, column).compactMap { sheet.shownValue(row, $0)?.trimmed }.filter { !$0.isEmpty }
        guard let first = texts.first else { return nil }
        // A placeholder in a further column (`监测滞后` | `无`) adds nothing.
        return ([first] + texts.dropFirst().filter { !Labels.isPlaceholder($0) }).joined(separator: separator)
    }

    /// A column of the indicator block that import does not read (备注, 完成时限 …) and that holds something
    /// on an indicator row is named: its contents are not in the project file.
    private mutating func warnUnreadColumns(_ h: IndicatorColumns, rows: [Int]) {
        var read: Set<Int?> = [h.level1, h.level2, h.level3, h.target, h.level1Weight, h.basis, h.actual, h.weight, h.score,
                               h.deviation, h.level, h.explanation, h.targetOperator, h.targetUnit]
        for c in [h.target, h.basis, h.actual, h.deviation, h.explanation].compactMap({ $0 }) { read.formUnion(span(h, c).map { $0 }) }
        for column in 1...max(1, sheet.maxColumn) where !read.contains(column) {
            let header = Sheet.Cell(row: h.row, column: column)
            // Under a merged header (分值 over two columns) the label is the merged cell's.
            let label = sheet.value(h.row, column).trimmed
            guard !label.isEmpty, !Labels.matches(label, Labels.weight),
                  rows.contains(where: { !Labels.isPlaceholder(sheet.cells[Sheet.Cell(row: $0, column: column)] ?? "") }) else { continue }
            diagnostics.warning(.importIgnored, "“\(label.prefix(20))”一栏不导入（项目文件没有这一项）：其中的内容不会公开，需要时请写入项目说明",
                                at: sheet.location(header.row, header.column))
        }
    }

    /// Each 一级's stated 分值 against its rows' (the comprehensive frame), reported at the 一级's 分值 cell.
    private mutating func checkGroups(_ groups: [(name: String, weight: Decimal?, cell: Sheet.Cell, sum: Decimal)]) {
        for g in groups {
            guard let w = g.weight else {
                diagnostics.error(.importMissingCell, "一级指标“\(g.name)”没有分值", at: sheet.location(g.cell.row, g.cell.column))
                continue
            }
            if w != g.sum {
                diagnostics.error(.importWeights, "一级指标“\(g.name)”的分值为 \(ExactDecimal.format(w))，其下三级指标分值合计为 \(ExactDecimal.format(g.sum))，两者不符",
                                  at: sheet.location(g.cell.row, g.cell.column))
            }
        }
    }

    /// Points stated in a 一级 or 二级 cell (`产出指标（50分）`) against the 分值 of the rows under it.
    private mutating func checkPointed(_ pointed: [(name: String, weight: Decimal, cell: Sheet.Cell, sum: Decimal)]) {
        for g in pointed where g.weight != g.sum {
            diagnostics.error(.importWeights, "“\(g.name)”写明 \(ExactDecimal.format(g.weight)) 分，其下三级指标分值合计为 \(ExactDecimal.format(g.sum))，两者不符",
                              at: sheet.location(g.cell.row, g.cell.column))
        }
    }

    /// A number in a cell, or nil for an empty or placeholder cell.
    private mutating func cellNumber(_ row: Int, _ column: Int?, _ what: String) -> (Decimal, Sheet.Cell)? {
        guard let column, let text = sheet.cells[Sheet.Cell(row: row, column: column)] else { return nil }
        let at = Sheet.Cell(row: row, column: column)
        return number(text, at: at, what: what).map { ($0, at) }
    }

    /// 自评等级 on the 总分 row or a row below it, the value right of its label.
    private mutating func readGrade(from start: Int, into project: inout ImportedProject) {
        for row in start...max(start, sheet.maxRow) {
            for column in 1...max(1, sheet.maxColumn) {
                let cell = Sheet.Cell(row: row, column: column)
                guard let text = sheet.cells[cell], Labels.matches(text, Labels.grade) || Labels.matches(Self.beforeColon(text), Labels.grade),
                      let (grade, at) = value(rightOf: cell), !Labels.isPlaceholder(grade) else { continue }
                note(row, "自评等级")
                project.grade = grade
                project.cells["grade"] = at
                return
            }
        }
    }

    /// The 基础总分 row: its 分值 (in the 一级 or the 三级 分值 column) is the 一级 weights' sum, its 得分 the rows' scores.
    private mutating func readBase(_ row: Int, _ h: IndicatorColumns, _ l1w: Int, _ project: inout ImportedProject, weights: Decimal, scores: Decimal) {
        var stated = cellNumber(row, l1w, "基础总分分值")
        if stated == nil { stated = cellNumber(row, h.weight, "基础总分分值") }
        if let (_, at) = stated { project.cells["baseWeight"] = at }
        if let (stated, at) = stated, stated != weights {
            diagnostics.error(.importWeights, "一级指标分值合计为 \(ExactDecimal.format(weights))，与基础总分栏的 \(ExactDecimal.format(stated)) 不符",
                              at: sheet.location(at.row, at.column))
        }
        guard let (base, at) = cellNumber(row, h.score, "基础总分") else { return }
        project.baseScore = base
        // As the build checks it: the base may be the rows' sum rounded as the table shows it (93.927 shown 93.93).
        if !ScoringChecks.matchesRounded(base, scores) {
            diagnostics.error(.importWeights, "各三级指标得分合计为 \(ExactDecimal.format(scores))，与基础总分 \(ExactDecimal.format(base)) 不符",
                              at: sheet.location(at.row, at.column))
        }
    }

    /// The 自评总分 row: 基础总分 plus 加分 minus 扣分.
    private mutating func readFinal(_ row: Int, _ h: IndicatorColumns, _ project: inout ImportedProject, scores: Decimal) {
        if let c = h.score { project.cells["total"] = Sheet.Cell(row: row, column: c) }
        guard let (total, at) = cellNumber(row, h.score, "自评总分") else { return }
        project.totalScore = total
        project.cells["total"] = at
        let expected = project.adjustments.reduce(project.baseScore ?? scores) { $0 + ($1.bonus ? $1.points : -$1.points) }
        if !ScoringChecks.matchesRounded(total, expected) {
            diagnostics.error(.importWeights, "自评总分应为基础总分加上加分、减去扣分，即 \(ExactDecimal.format(expected))，表中为 \(ExactDecimal.format(total))",
                              at: sheet.location(at.row, at.column))
        }
    }

    /// A 加分项 / 扣分项 line: the item in the 三级 (or 二级) column, 得分 the points, 分值 the cap, 指标解释 the reason.
    private mutating func readAdjustment(_ row: Int, _ h: IndicatorColumns, bonus: Bool?, _ project: inout ImportedProject) {
        let sheet = self.sheet
        let found = [h.level3, h.level2].compactMap { c in sheet.cells[Sheet.Cell(row: row, column: c)].map { ($0.trimmed, c) } }
            .first { !Labels.isPlaceholder($0.0) && !Labels.matches($0.0, Labels.bonus + Labels.deduction) }
        let item = found?.0
        let points = cellNumber(row, h.score, "加减分")
        guard let item, let bonus else {
            if points != nil {
                note(row, "没有加减分事项的行，未导入")
                diagnostics.warning(.importIgnored, "此行有得分但没有加分项或扣分项的事项名称，未导入", at: sheet.location(row, h.level3))
            } else {
                note(row, "占位行（——、/、无或空白），跳过")
            }
            return
        }
        guard let (value, at) = points else {
            note(row, bonus ? "未得分的加分项，跳过" : "未扣分的扣分项，跳过")
            return
        }
        note(row, bonus ? "加分项" : "扣分项")
        // Clerks write a deduction as −1 or 1: the format keeps points non-negative, the kind says which.
        let magnitude = value < 0 ? -value : value
        let cap = cellNumber(row, h.weight, "加减分上限")?.0
        if let cap, magnitude > cap {
            diagnostics.error(.importWeights, "“\(item)”\(bonus ? "加" : "扣")\(ExactDecimal.format(magnitude))分，超过该项上限 \(ExactDecimal.format(cap)) 分",
                              at: sheet.location(at.row, at.column))
        }
        let reason = h.explanation.flatMap { sheet.cells[Sheet.Cell(row: row, column: $0)]?.trimmed }.flatMap { Labels.isPlaceholder($0) ? nil : $0 }
        project.adjustments.append(.init(bonus: bonus, item: item, points: magnitude, cap: cap, reason: reason, cell: Sheet.Cell(row: row, column: found?.1 ?? h.level3)))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
