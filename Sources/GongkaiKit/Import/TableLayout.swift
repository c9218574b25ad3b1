import Foundation
import GongkaiCore

/// A project as read from a clerk's table: the target table (预算绩效目标表) or the project
/// self-evaluation table (项目支出绩效自评表). Values stay as the sheet gives them.
struct ImportedProject: Equatable {
    enum Layout: String { case targets, selfEvaluation }

    struct FundingRow: Equatable {
        var source: String
        var initial: Decimal?
        var budget: Decimal?
        var spent: Decimal?
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
    }

    var layout: Layout
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
}

/// Header labels, compared after `normalized`: spaces removed, full-width punctuation folded.
enum Labels {
    static let name = ["项目名称"]
    static let code = ["项目编号", "项目代码", "项目编码"]
    static let department = ["主管部门", "主管部门(单位)", "主管单位", "部门名称"]
    static let unit = ["实施单位", "项目实施单位", "预算单位"]
    static let year = ["预算年度", "年度"]
    static let goal = ["年度总体目标", "总体目标", "年度目标", "年度绩效目标"]
    static let expectedGoal = ["预期目标"]
    static let achievedGoal = ["实际完成情况"]
    static let fundingTotal = ["年度资金总额", "资金总额", "预算规模", "项目资金总额", "合计"]
    static let fundingSources = ["财政拨款", "上年结转", "其他资金"]
    static let level1 = ["一级指标"], level2 = ["二级指标"], level3 = ["三级指标"]
    static let target = ["指标值", "年度指标值", "目标值"]
    static let basis = ["指标值确定依据", "确定依据", "指标值设定依据"]
    static let actual = ["实际完成值", "实际值"]
    static let weight = ["分值", "权重"]
    static let score = ["得分"]
    static let deviation = ["偏差原因分析及改进措施", "偏差原因", "偏差原因分析"]
    static let initial = ["年初预算数"], budget = ["全年预算数"], spent = ["全年执行数"]
    static let total = ["总分", "合计得分"]
    /// Known 一级 names; another one is reported (the sheet may hold a typo or a misplaced row).
    static let knownLevel1 = ["产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "决策指标", "过程指标", "社会效益指标"]

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

    static func matches(_ text: String, _ labels: [String]) -> Bool {
        let n = normalized(text)
        return labels.contains { n == $0 || n.hasPrefix($0 + "(") }
    }
}
