import Foundation
import GongkaiCore

/// Writes an imported project in gongkai's own format: Markdown with YAML front matter, every text
/// double-quoted (so `>=50`, `#`, `:` and leading spaces survive), numbers exactly as read.
enum ProjectFileWriter {
    static func text(_ p: ImportedProject, code: String, year: Int, department: String, unit: String?, sourceFile: String) -> String {
        var y = ["---", "code: \(q(code))", "name: \(q(p.name))", "year: \(year)", "department: \(q(department))"]
        if let unit { y.append("unit: \(q(unit))") }
        if !p.funding.isEmpty {
            y += ["funding:", "  unit: 万元", "  lines:"]
            for line in p.funding {
                y.append("    - source: \(q(line.source))")
                if let v = line.initial { y.append("      initial: \(n(v))") }
                if let v = line.budget { y.append("      budget: \(n(v))") }
                if let v = line.spent { y.append("      spent: \(n(v))") }
            }
        }
        y.append("targets:")
        if let goal = p.goal { y.append("  goal: \(q(goal))") }
        y.append("  indicators:")
        for (level1, level2s) in grouped(p.indicators) {
            y += ["    - name: \(q(level1))", "      children:"]
            for (level2, rows) in level2s {
                y += ["        - name: \(q(level2))", "          children:"]
                for i in rows {
                    y += ["            - name: \(q(i.name))", "              target: \(q(i.target))"]
                    if let v = i.basis { y.append("              basis: \(q(v))") }
                    if let v = i.actual { y.append("              actual: \(q(v))") }
                    if let v = i.weight { y.append("              weight: \(n(v))") }
                    if let v = i.score { y.append("              score: \(n(v))") }
                    if let v = i.deviation { y.append("              deviation: \(q(v))") }
                }
            }
        }
        if p.layout == .selfEvaluation {
            y.append("self_evaluation:")
            if let v = p.executionWeight { y.append("  execution_weight: \(n(v))") }
            if let v = p.executionScore { y.append("  execution_score: \(n(v))") }
            if let v = p.totalScore { y.append("  total_score: \(n(v))") }
            if let v = p.goalAchieved { y.append("  goal_achieved: \(q(v))") }
        }
        y += ["---", "<!-- 由 gongkai import 从 \(sourceFile) 导入：请补充公开日期（targets.published\(p.layout == .selfEvaluation ? "、self_evaluation.published" : "")）和项目说明。 -->", ""]
        return y.joined(separator: "\n")
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
    static func csv(_ p: Project, layout: ImportedProject.Layout, departmentName: String, unitName: String?) -> Data {
        var rows: [[String]] = []
        let leaves = p.targets.map { Discloser.leaves($0.indicators) } ?? []
        let n = { (v: Decimal?) in v.map { ExactDecimal.format($0, maxFractionDigits: 10) } ?? "" }
        rows.append([layout == .targets ? "项目支出绩效目标表" : "项目支出绩效自评表"])
        rows.append(["（\(p.year)年度）"])
        rows.append(["项目编号", p.code])
        rows.append(["项目名称", p.name])
        rows.append(["主管部门", departmentName, "实施单位", unitName ?? ""])
        let lines = p.funding?.lines ?? []
        if layout == .targets {
            let total = lines.compactMap(\.budget).reduce(Decimal(0), +)
            rows.append(["项目资金（万元）", "年度资金总额", n(total)])
            for line in lines { rows.append(["", line.source, n(line.budget)]) }
            rows.append(["年度总体目标", p.targets?.goal?.value ?? ""])
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"])
        } else {
            let s = p.selfEvaluation
            func sum(_ k: KeyPath<FundingLine, Decimal?>) -> String { n(lines.compactMap { $0[keyPath: k] }.reduce(Decimal(0), +)) }
            rows.append(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
            let budget = lines.compactMap(\.budget).reduce(Decimal(0), +), spent = lines.compactMap(\.spent).reduce(Decimal(0), +)
            rows.append(["", "年度资金总额", sum(\.initial), sum(\.budget), sum(\.spent), n(s?.executionWeight),
                         ExactDecimal.percent(spent, of: budget) ?? "", n(s?.executionScore)])
            for line in lines { rows.append(["", line.source, n(line.initial), n(line.budget), n(line.spent), "", "", ""]) }
            rows.append(["年度总体目标", "预期目标", "实际完成情况"])
            rows.append(["", p.targets?.goal?.value ?? "", s?.goalAchieved?.value ?? ""])
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
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
                    if layout == .targets {
                        rows.append(["", l1, l2, leaf.name, leaf.target?.raw ?? "", leaf.basis?.value ?? ""])
                    } else {
                        rows.append(["", l1, l2, leaf.name, leaf.target?.raw ?? "", leaf.actual ?? "", n(leaf.weight), n(leaf.score),
                                     leaf.deviation?.value ?? ""])
                    }
                }
            }
        }
        if layout == .selfEvaluation {
            let weights = leaves.compactMap(\.weight).reduce(Decimal(0), +) + (p.selfEvaluation?.executionWeight ?? 0)
            rows.append(["总分", "", "", "", "", "", n(weights), n(p.selfEvaluation?.totalScore), ""])
        }
        var table = CSVTable(guardFormulas: false)
        rows.forEach { table.append($0) }
        return table.data
    }
}
