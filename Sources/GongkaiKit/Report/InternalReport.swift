import Foundation
import GongkaiCore

/// 内部报告 — for the publishing body only: every withheld item with its level, reason, approver and
/// approval date as written in the content, and every required item that is missing, late or empty.
/// It names withheld items, so it is never written where the website, the content or the theme live.
enum InternalReport {
    /// Why `path` may not take the report: only a report written before is replaced (its first line
    /// is the report's title), never `gongkai.yaml` or any other file named by mistake.
    static func refusal(toReplace path: String, fileSystem: FileSystem) -> String? {
        PublishedFolders.refusal(toReplace: path, fileSystem: fileSystem, what: "内部报告", isOwn: wrote)
    }

    /// The report's notice, the third line of every report written.
    static let notice = "> 本报告仅供内部使用：它列出不予公开事项的名称和理由，不得公开、不得放入网站目录。"

    /// Whether `data` starts as `render` writes a report: its title alone on the first line (`# …预算绩效信息公开内部报告`)
    /// and the notice on the third. A clerk's notes titled like it (`# …内部报告（手工整理）`) are not one.
    static func wrote(_ data: Data) -> Bool {
        let lines = String(decoding: data.prefix(4096), as: UTF8.self).split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false)
        return lines.count >= 3 && lines[0].hasPrefix("# ") && lines[0].hasSuffix("预算绩效信息公开内部报告") && lines[1].isEmpty && lines[2] == notice
    }

    static func render(site: SourceSite, withheld: [WithheldItem], findings: [RequiredItemFinding]) -> String {
        let calendar = site.config.calendar
        var lines: [String] = [
            "# \(site.config.publisher)预算绩效信息公开内部报告",
            "",
            notice,
            "",
            "- 站点：\(site.config.title)",
            "- 核查日期：\(calendar.asOf.map(\.description) ?? "未设定（按已批复年度全部到期核查）")",
            "- 公开时限：绩效目标\(calendar.ruleText(of: .targets))，自评结果\(calendar.ruleText(of: .selfEvaluation))，重点评价结果\(calendar.ruleText(of: .keyEvaluation))",
        ]
        for year in calendar.years.keys.sorted() {
            let y = calendar.years[year]!
            lines.append("- \(year)年度：预算批复 \(y.budgetApproved.map(\.description) ?? "未填")，决算批复 \(y.accountsApproved.map(\.description) ?? "未填")")
        }
        lines += ["", "## 一、不予公开事项（\(withheld.count) 项）", ""]
        if withheld.isEmpty {
            lines.append("无。")
        } else {
            lines.append("| 序号 | 类型 | 事项 | 标注的公开属性 | 实际适用 | 理由 | 审批人 | 审批日期 | 位置 |")
            lines.append("|---|---|---|---|---|---|---|---|---|")
            for (i, item) in withheld.enumerated() {
                let d = item.disclosure
                let scope = d.scope.isEmpty ? "" : "（范围：\(d.scope.joined(separator: "、"))）"
                lines.append(row([String(i + 1), item.kind, item.title, d.level.chineseName + scope, item.level.chineseName,
                                  d.reason ?? "未填写", d.approver ?? "未填写", d.approved.map(\.description) ?? "未填写",
                                  item.location.description]))
            }
        }
        lines += ["", "## 二、应公开而未公开、逾期公开或内容为空的事项（\(findings.count) 项）", ""]
        if findings.isEmpty {
            lines.append("无。")
        } else {
            lines.append("| 序号 | 项目 | 事项 | 情况 | 公开时限 | 公开日期 | 说明 | 位置 |")
            lines.append("|---|---|---|---|---|---|---|---|")
            for (i, f) in findings.enumerated() {
                let status = switch f.status {
                case .missing: "未公开"
                case .late: "逾期公开"
                default: "内容为空"
                }
                lines.append(row([String(i + 1), f.project, f.requirement.chineseName, status, f.deadline.map(\.description) ?? "—",
                                  f.published.map(\.description) ?? "—", f.message, f.location.description]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: " | ") + " |"
    }
}
