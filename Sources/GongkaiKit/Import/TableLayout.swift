import Foundation
import GongkaiCore

/// A project as read from a clerk's table: the target table (预算绩效目标表) or the project
/// self-evaluation table (项目支出绩效自评表). Values stay as the sheet gives them.
struct ImportedProject: Equatable {
    enum Layout: String { case targets, selfEvaluation, monitoring }

    /// A 绩效运行监控表 read as one monitoring checkpoint (`monitoring:` in the project file): the month
    /// its columns name (`1-7月执行数`), the execution rate to date, the progress of the goal and the
    /// corrective measures. Merged into the existing project file.
    struct Checkpoint: Equatable {
        var month: Int
        var actualRate: Decimal?
        var progress: String?
        var measures: String?
        var cell: Sheet.Cell
    }
    var checkpoint: Checkpoint?

    struct FundingRow: Equatable {
        var source: String
        var initial: Decimal?
        var budget: Decimal?
        var spent: Decimal?
        var level: SheetLevel? = nil
        var cell: Sheet.Cell? = nil
    }

    struct Indicator: Equatable {
        var level1: String
        var level2: String
        var name: String
        var target: String
        var basis: String?
        var actual: String?
        var weight: Decimal?
        var score: Decimal?
        var deviation: String?
        var explanation: String? = nil
        var level: SheetLevel? = nil
        /// The row's 三级 cell, named by diagnostics about the row.
        var cell: Sheet.Cell? = nil
    }

    var layout: Layout
    /// A 部门（单位）整体支出绩效表: written to content/departments/<year>/<code>.md.
    var departmentWide = false
    var code: String?
    var name: String
    var year: Int?
    var department: String
    var unit: String?
    var funding: [FundingRow] = []
    var goal: String?
    /// Self-evaluation: 实际完成情况 of the overall goal.
    var goalAchieved: String?
    var indicators: [Indicator] = []
    var executionWeight: Decimal?
    var executionScore: Decimal?
    var totalScore: Decimal?
    /// 自评等级 as the table states it.
    var grade: String?
    /// 公开属性 cells: the project row (with 绩效目标 / 单位自评 fields), the goal row.
    var projectLevel: SheetLevel?
    var goalLevel: SheetLevel?
    var goalCell: Sheet.Cell?
    /// Money unit from the funding label (`项目资金（元）`), else 万元.
    var moneyUnit: MoneyUnit = .tenThousandYuan
    /// 公开日期: the targets' in a target table, the self-evaluation's in a self-evaluation table.
    var published: CalendarDate?
    var publishedCell: Sheet.Cell?
    /// 资金用途 from a uses sheet of the same workbook; nil when there is none (the file's are kept).
    var uses: [Use]?
    var usesSheet: String?
    /// A level the sheet's name states (`学生资助（涉密）`, `依申请公开-校舍维修`): the project's (or, for a
    /// uses sheet, the uses') floor — never lower than it, whatever the cells say.
    var sheetNameLevel: DisclosureLevel?
    var usesSheetLevel: DisclosureLevel?

    /// 年度主要任务 of a department-wide table (任务名称 | 主要内容 | 预算数, with its 公开属性); nil when the table
    /// has no task list, or lists none: the department file's own `tasks` are kept.
    struct Task: Equatable {
        var name: String
        var content: String?
        var amount: Decimal?
        var level: SheetLevel?
        /// The task's 任务名称 cell, and the amount's.
        var cell: Sheet.Cell
        var amountCell: Sheet.Cell?
    }
    var tasks: [Task]?
    /// Which of 主要内容 and 预算数 the task list has (`content`, `amount`): a column it lacks keeps the file's values.
    var taskColumns: Set<String> = []
    /// Whether the table states its money unit (a note, or a label such as `预算数（万元）`).
    var unitStated = false

    struct Use: Equatable {
        var item: String
        var amount: Decimal
        var level: SheetLevel?
        var cell: Sheet.Cell
    }

    /// Self-evaluation: 存在问题 and 改进措施, with their 公开属性 and cells.
    var problems: String?, measures: String?
    var problemsLevel: SheetLevel?, measuresLevel: SheetLevel?
    var problemsCell: Sheet.Cell?, measuresCell: Sheet.Cell?

    /// The comprehensive frame (综合评价框架): the 一级 weights from their own 分值 column (with the
    /// cell each was read from), 基础总分 and the 加分项 / 扣分项 lines below the indicators.
    var frame: String?
    var level1Weights: [String: Decimal] = [:]
    /// 二级 weights stated in the sheet (`质量指标（15分）`), by `groupKey(一级, 二级)`.
    var level2Weights: [String: Decimal] = [:]
    static func groupKey(_ level1: String, _ level2: String) -> String { level1 + "\u{1F}" + level2 }
    var baseScore: Decimal?
    var adjustments: [Adjustment] = []

    /// A 加分项 / 扣分项 line: points from 得分, the cap from 分值, the reason from 指标解释.
    struct Adjustment: Equatable {
        var bonus: Bool
        var item: String
        var points: Decimal
        var cap: Decimal?
        var reason: String?
        var cell: Sheet.Cell
    }

    /// Every text the import took from the sheet: a cell holding one of them was read as content.
    var texts: Set<String> {
        var all: [String?] = [code, name, department, unit, goal, goalAchieved, problems, measures, checkpoint?.progress, checkpoint?.measures]
        all += funding.map(\.source)
        for i in indicators { all += [i.level1, i.level2, i.name, i.target, i.basis, i.actual, i.deviation, i.explanation] }
        for a in adjustments { all += [a.item, a.reason] }
        for u in uses ?? [] { all.append(u.item) }
        for t in tasks ?? [] { all += [t.name, t.content] }
        return Set(all.compactMap { $0?.trimmed })
    }

    /// Every 公开属性 cell the import read (a merged one at its top-left cell).
    var levelCells: Set<Sheet.Cell> {
        let levels: [SheetLevel?] = [projectLevel, goalLevel, problemsLevel, measuresLevel] + funding.map(\.level)
            + indicators.map(\.level) + (uses ?? []).map(\.level) + (tasks ?? []).map(\.level)
        return Set(levels.compactMap { $0?.cell })
    }

    /// Cells of the header block's values (`department`, `unit`, `code`, `year`, `name`), for diagnostics.
    var cells: [String: Sheet.Cell] = [:]
    /// Which indicator columns the sheet has: a column it lacks keeps the existing file's values.
    var columns: Set<String> = []
}

/// A 公开属性 cell as written: the row's level (the strictest on its path, as export writes it), and
/// levels of single fields, e.g. `主动公开；指标值确定依据：涉密` or `在一定范围内公开（人大）`.
struct SheetLevel: Equatable {
    struct Level: Equatable {
        var level: DisclosureLevel
        var scope: [String]
    }
    var row: Level
    /// Normalised field label (`指标值确定依据`, `偏差原因分析及改进措施`, `绩效目标` …) → level.
    var fields: [String: Level]
    var cell: Sheet.Cell

    /// The spelling export writes and import reads.
    static func format(_ level: DisclosureLevel, scope: [String]) -> String {
        level.chineseName + (level == .limited && !scope.isEmpty ? "（\(scope.joined(separator: "、"))）" : "")
    }

    /// Parses `级别[（范围）]；字段：级别[（范围）]…`; nil with a message when a part cannot be read.
    static func parse(_ text: String, cell: Sheet.Cell) -> Result<SheetLevel, SpreadsheetReader.Failure> {
        func one(_ part: String) -> Level? {
            var word = part.trimmed, scope: [String] = []
            if let open = word.firstIndex(where: { $0 == "（" || $0 == "(" }), word.last == "）" || word.last == ")" {
                scope = word[word.index(after: open)..<word.index(before: word.endIndex)]
                    .split(whereSeparator: { "、,，;；".holdsMark($0) }).map { String($0).trimmed }.filter { !$0.isEmpty }
                word = String(word[..<open]).trimmed
            }
            // Only 在一定范围内公开 names recipients in brackets: `主动公开（涉密）` meant something else.
            guard let level = DisclosureLevel(parsing: word), scope.isEmpty || level == .limited else { return nil }
            return Level(level: level, scope: scope)
        }
        let parts = text.split(whereSeparator: { $0 == "；" || $0 == ";" || $0 == "\n" }).map { String($0).trimmed }.filter { !$0.isEmpty }
        guard let first = parts.first, let row = one(first) else {
            return .failure(.init(description: "公开属性“\(text)”无法识别，应为 主动公开、依申请公开、在一定范围内公开（可加范围，如“在一定范围内公开（人大）”）或 涉密"))
        }
        var fields: [String: Level] = [:]
        for part in parts.dropFirst() {
            let pieces = part.split(maxSplits: 1, whereSeparator: { $0 == "：" || $0 == ":" })
            guard pieces.count == 2, let level = one(String(pieces[1])) else {
                return .failure(.init(description: "公开属性中的“\(part)”无法识别，应写作“字段：级别”，如“指标值确定依据：涉密”"))
            }
            fields[Labels.normalized(String(pieces[0]))] = level
        }
        return .success(SheetLevel(row: row, fields: fields, cell: cell))
    }

    /// The level written for a field, matched by any of its labels.
    func field(_ labels: [String]) -> Level? {
        labels.lazy.compactMap { fields[Labels.normalized($0)] }.first
    }
}

/// Header labels, compared after `normalized`: spaces removed, full-width punctuation folded.
enum Labels {
    static let name = ["项目名称"]
    static let code = ["项目编号", "项目代码", "项目编码"]
    static let department = ["主管部门", "主管部门及代码", "主管部门及编码", "主管单位", "部门名称", "填报部门", "填报单位", "部门(单位)", "单位(部门)",
                             "部门(单位)名称", "单位(部门)名称", "预算部门"]
    /// Who filled the table in: the department only when no 主管部门 label says otherwise (often it is the unit).
    static let filingDepartment = ["填报部门", "填报单位"]
    static let unit = ["实施单位", "项目实施单位", "预算单位"]
    static let year = ["预算年度", "年度"]
    static let goal = ["年度总体目标", "总体目标", "年度目标", "年度绩效目标", "绩效目标", "项目绩效目标"]
    /// The split goal block: 长期目标 | 年度目标 side by side, the texts on the row below (the national
    /// target table writes 中期目标（2024年－2026年） | 年度目标).
    static let annualGoal = ["年度目标"], longTermGoal = ["长期目标", "中长期目标", "中期目标"]
    /// Self-evaluation: the goal and what became of it, as column headers with the texts below
    /// (预期目标 | 实际完成情况; the Sichuan export's 项目年度目标 | 年度目标完成情况).
    static let expectedGoal = ["预期目标", "项目年度目标"]
    static let achievedGoal = ["实际完成情况", "年度目标完成情况", "年度总体目标完成情况", "目标完成情况"]
    static let fundingTotal = ["年度资金总额", "资金总额", "预算规模", "项目资金总额", "合计", "总额"]
    /// 三级: county templates of two named levels write 一级指标 | 二级指标 | 指标内容 | 指标值.
    static let level1 = ["一级指标"], level2 = ["二级指标"], level3 = ["三级指标", "指标内容", "指标名称", "三级指标名称"]
    static let target = ["指标值", "年度指标值", "目标值", "年度目标值", "预期指标值"]
    static let basis = ["指标值确定依据", "确定依据", "指标值设定依据"]
    static let actual = ["实际完成值", "实际值", "完成值", "全年实际值", "全年完成值", "全年实际完成值", "实际完成指标值", "年度实际完成值"]
    static let weight = ["分值", "权重", "指标分值", "指标权重", "权重分", "权重分值", "标准分值"]
    static let score = ["得分", "自评得分", "评价得分", "实际得分"]
    static let deviation = ["偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "未完成原因分析", "未完成原因", "偏差原因及改进措施",
                            "未完成原因及改进措施", "原因分析及改进措施", "偏差原因分析和改进措施", "偏差原因及整改措施",
                            "未完成原因和改进措施", "存在偏差的原因及改进措施", "偏差原因和改进措施", "偏差原因分析及整改措施"]
    static let explanation = ["指标解释", "绩效指标描述", "指标描述", "指标说明", "指标内涵", "指标解释及评分标准"]
    /// The funding block's amount columns; the Sichuan export writes 年初预算 | 调整后预算数 | 预算执行数.
    static let initial = ["年初预算数", "年初预算"], budget = ["全年预算数", "调整后预算数", "调整后预算"]
    static let spent = ["全年执行数", "预算执行数", "全年执行"]
    /// The funding block's 执行率 column (checked against 执行数 ÷ 预算数, not imported).
    static let executionRate = ["执行率", "预算执行率", "全年执行率"]
    /// The row ending the indicator block (many self-evaluation tables write 合计 there).
    static let total = ["总分", "合计得分", "合计", "总计"]
    /// The grade the table states beside or below 总分; check verifies it against the score and the scheme.
    static let grade = ["自评等级", "评价等级", "绩效等级", "自评结果等级", "等级"]
    /// A total score restated below the table, beside or above the grade.
    static let restatedTotal = ["自评得分", "自评总分", "总得分", "综合得分", "评价得分", "得分合计", "合计得分", "总分", "自评分数"]
    static let published = ["公开日期", "公开时间", "发布日期"]
    /// Self-evaluation texts below the table: 存在问题 and 改进措施 (or one row for both).
    static let problems = ["存在问题", "存在的问题", "主要问题", "存在问题及原因", "问题及原因", "存在问题、原因及下一步整改措施", "存在问题及改进措施"]
    static let measures = ["改进措施", "整改措施", "下一步改进措施", "下一步整改措施", "改进意见", "下一步工作措施", "下一步工作计划"]
    /// Below the indicator block: a signature line (单位负责人：… 填表人：… 联系电话：…) or filling notes.
    static let footer = ["单位负责人", "财务负责人", "项目负责人", "分管领导", "单位领导", "填表人", "填报人", "制表人", "审核人", "复核人",
                         "经办人", "联系人", "联系电话", "填报日期", "填表日期", "填报说明", "填表说明", "说明", "备注", "注"]
    static let comprehensiveFrame = ["基础总分", "加分项", "扣分项", "自评总分"]
    static let baseScore = ["基础总分", "基础分", "基础得分"], finalScore = ["自评总分", "综合得分", "最终得分"]
    static let bonus = ["加分项", "加分", "加分项目"], deduction = ["扣分项", "扣分", "扣分项目"]
    /// The frame name written for the comprehensive layout, and the 一级 it knows.
    static let comprehensiveFrameName = "综合评价框架"
    static let comprehensiveLevel1 = ["项目决策", "项目实施", "项目绩效", "项目满意度", "预算执行"]
    /// A uses sheet (资金用途 / 资金使用明细): item and amount columns.
    static let useItem = ["资金用途", "用途", "支出内容", "支出项目", "使用内容", "明细项目", "资金使用内容", "支出用途", "用途名称"]
    static let useAmount = ["金额", "支出金额", "预算金额", "资金金额", "使用金额", "安排金额"]
    static let useTotal = ["合计", "总计", "小计"]
    /// 公开属性: a column of the indicator block, or a label with its value beside it on a row.
    static let level = ["公开属性", "公开级别"]
    static let projectLevel = ["项目公开属性", "部门公开属性", "部门整体公开属性"]
    /// The split target of 预算管理一体化 exports: 指标性质 | 指标值 | 度量单位.
    static let targetOperator = ["指标性质", "指标值性质", "运算符号", "运算符", "符号", "比较符号"]
    static let targetUnit = ["度量单位", "计量单位", "指标值单位"]

    /// An operator cell as the target's symbol: `≥` for 大于等于, `` for 定性 or an empty cell; nil when unknown.
    static func targetOperatorSymbol(_ text: String) -> String? {
        switch normalized(text) {
        case "", "定性", "定性指标", "—", "-", "/": ""
        case "≥", ">=", "≧", "大于等于", "不低于", "不少于": "≥"
        case "≤", "<=", "≦", "小于等于", "不高于", "不多于", "不超过": "≤"
        case "=", "＝", "等于": "="
        case ">", "大于", "高于": ">"
        case "<", "小于", "低于": "<"
        default: nil
        }
    }
    /// Words of a withholding level, and of columns that carry one, as clerks write them outside the
    /// 公开属性 column (`密级：秘密`, `是否公开：否`, `备注：涉密，不公开`).
    static let withholdingWords = ["涉密", "秘密", "机密", "绝密", "保密", "不予公开", "不公开", "依申请", "一定范围", "内部公开", "仅限内部"]
    static let levelColumnWords = ["公开", "密级"]
    /// The same in English, compared in lower case: a level column's header or value in a translated template.
    static let englishLevelWords = ["disclosure", "classification", "classified", "confidential", "secret", "restricted", "internal"]
    static let targetsField = ["绩效目标"], selfEvaluationField = ["单位自评", "自评"]
    /// Known 一级 names; another one is reported (the sheet may hold a typo or a misplaced row).
    static let knownLevel1 = ["产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "决策指标", "过程指标", "社会效益指标"]
    /// A department-wide table's 一级 besides those: 共性指标 set by the finance bureau, 个性指标 of its own.
    static let departmentLevel1 = ["共性指标", "个性指标"]
    /// A department-wide table's 年度主要任务 list: its label, and the columns of its header.
    static let taskList = ["年度主要任务", "主要任务"]
    static let taskName = ["任务名称", "主要任务名称", "任务"]
    static let taskContent = ["主要内容", "任务内容", "主要工作内容", "工作内容", "具体内容"]
    static let taskAmount = ["预算数", "预算金额", "金额", "资金", "预算资金", "安排资金", "年度预算数", "预算", "资金额度", "预算资金额度"]
    /// A task list's closing row (`金额合计`), checked against the tasks' amounts.
    static let taskTotal = ["金额合计", "合计", "总计", "小计", "总额"]

    static func normalized(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            if (0xFF01...0xFF5E).contains(scalar.value) { out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!) }
            else { out.unicodeScalars.append(scalar) }
        }
        while out.hasSuffix(":") { out.removeLast() }
        if out.hasPrefix("其中") { out = String(out.dropFirst(2)).trimmingCharacters(in: CharacterSet(charactersIn: ":")) }
        return out
    }

    /// A group name as the cell shows it laid out, not as it reads: a merged 一级 cell written vertically
    /// (`产\n出\n指\n标`, `效 益 指 标`) or wrapped (`数量 指标`). White space (line breaks, ASCII and
    /// full-width spaces) between two Chinese characters is layout and is dropped; elsewhere it is kept.
    static func groupName(_ text: String) -> String {
        func han(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) } }
        let chars = Array(text.trimmed)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace {
                var j = i
                while j < chars.count, chars[j].isWhitespace { j += 1 }
                if !(i > 0 && j < chars.count && han(chars[i - 1]) && han(chars[j])) { out += String(chars[i..<j]) }
                i = j
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// A group's name with its points, as published self-evaluations write them: `产出指标（50分）`,
    /// `效益指标(30分)` → (`产出指标`, 50). nil when the cell states no points.
    static func statedPoints(_ text: String) -> (name: String, points: Decimal)? {
        guard let m = text.trimmed.wholeMatch(of: /(.+?)\s*[（(]\s*([0-9０-９.．]+)\s*分\s*[）)]/),
              let points = ExactDecimal.parse(String(m.2), maxFractionDigits: 4) else { return nil }
        let name = String(m.1).trimmed
        return name.isEmpty ? nil : (name, points)
    }

    /// What clerks put in unused rows and empty number cells: `——`, `—`, `-`, `/`, `无`.
    static func isPlaceholder(_ text: String) -> Bool {
        let n = normalized(text)
        return n.isEmpty || n == "无" || n.allSatisfy { "—-－/／\\…．.".holdsMark($0) }
    }

    /// The national template's numbered 三级 cells: `指标1：` → `""`, `指标2：学生人数` → `学生人数`; nil for
    /// any other name. The number and the colon (full- or half-width) are the template's, not the clerk's.
    static func templateNumbered(_ text: String) -> String? {
        guard let match = text.trimmed.wholeMatch(of: /指标\s*[0-9０-９一二三四五六七八九十]+\s*[：:]\s*(.*)/.dotMatchesNewlines()) else { return nil }
        return String(match.1).trimmed
    }

    /// A funding row's source in the format's words (财政拨款 / 上年结转 / 其他资金), from the variants in
    /// use: `其中：本年财政拨款`, `当年财政拨款`, `财政拨款资金`, `上年结转资金`, `其他资金（万元）` …
    static func fundingSource(_ text: String) -> String? {
        var n = normalized(text)
        if let paren = n.firstIndex(of: "(") { n = String(n[..<paren]) }
        for prefix in ["本年度", "本年", "当年", "年度"] where n.hasPrefix(prefix) { n = String(n.dropFirst(prefix.count)) }
        if n.hasSuffix("资金") { n = String(n.dropLast(2)) }
        switch n {
        case "财政拨款", "财政资金", "财政": return "财政拨款"
        case "上年结转", "上年结余", "上年结转结余", "结转": return "上年结转"
        case "其他": return "其他资金"
        default: return nil
        }
    }

    /// The strictest level a sheet's name states: 涉密, 秘密, 机密, 绝密, 保密, 不予公开, 不公开 (classified),
    /// 依申请 (on request), 一定范围, 内部公开, 仅限内部 (limited); nil for a name stating none.
    static func sheetNameLevel(_ name: String) -> DisclosureLevel? { sheetNameMark(name)?.level }

    /// The level a sheet's (or a CSV file's) name gives its project and the word of the name that gives it.
    static func sheetNameMark(_ name: String) -> (level: DisclosureLevel, word: String)? {
        let n = normalized(name)
        if let word = ["涉密", "秘密", "机密", "绝密", "保密", "不予公开", "不公开"].first(where: { n.contains($0) }) { return (.classified, word) }
        if n.contains("依申请") { return (.onRequest, "依申请") }
        if let word = ["一定范围", "内部公开", "仅限内部"].first(where: { n.contains($0) }) { return (.limited, word) }
        return nil
    }

    static func matches(_ text: String, _ labels: [String]) -> Bool {
        // A long cell is no label, but may begin with one and its note (`三级指标（…）`): only its start is read.
        // Normalising all of a cell of 32,767 characters (Excel's most) for each header name, on every row scanned,
        // took about a second a cell: 30 such cells held an import for 30 s, 100 for minutes.
        guard text.utf8.count <= labelReach else {
            let n = normalized(String(String.UnicodeScalarView(text.unicodeScalars.prefix(labelReach / 16))))
            return labels.contains { n.hasPrefix($0 + "(") }
        }
        let n = normalized(text)
        return labels.contains { n == $0 || n.hasPrefix($0 + "(") }
    }

    /// The UTF-8 length past which a cell is matched against labels by its start alone.
    static let labelReach = 4096
}
