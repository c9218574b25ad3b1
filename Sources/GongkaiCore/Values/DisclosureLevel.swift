/// 公开属性 — how far an item may travel. Ordered from least to most strict,
/// so that `max` gives the strictest level on a path (the strictest wins).
public enum DisclosureLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// 主动公开 — published on the website.
    case `public` = 0
    /// 在一定范围内公开 — e.g. only to the people's congress; never on the website.
    case limited = 1
    /// 依申请公开 — given on request only; never on the website or in bundles.
    case onRequest = 2
    /// 涉密 — never in any output, in any form.
    case classified = 3

    public static func < (a: DisclosureLevel, b: DisclosureLevel) -> Bool { a.rawValue < b.rawValue }

    /// The spelling used in files and in diagnostics.
    public var keyword: String {
        switch self {
        case .public: "public"
        case .limited: "limited"
        case .onRequest: "on-request"
        case .classified: "classified"
        }
    }

    public var chineseName: String {
        switch self {
        case .public: "主动公开"
        case .limited: "在一定范围内公开"
        case .onRequest: "依申请公开"
        case .classified: "涉密"
        }
    }

    public var description: String { keyword }

    /// Accepts the English keyword (any case) or a Chinese name, as clerks write either.
    public init?(parsing text: String) {
        switch text.trimmed.lowercased() {
        case "public", "主动公开", "公开": self = .public
        case "limited", "在一定范围内公开", "内部", "有限公开": self = .limited
        case "on-request", "依申请公开", "依申请": self = .onRequest
        // 秘密 / 机密 / 绝密 are the three grades of state secrets: all of them are 涉密 here.
        case "classified", "涉密", "不予公开", "不予公开·涉密", "不公开", "秘密", "机密", "绝密": self = .classified
        default:
            guard Self.isSecretGradeWithTerm(text.trimmed) else { return nil }
            self = .classified
        }
    }

    /// A state secret's grade with its term, as a document's cover marks it (GB/T 9704: `秘密★1年`, `机密★十年`,
    /// `绝密★长期`, `秘密★6个月`, `★机密`): a clerk copies it from the document into the `disclosure:` field or a mark.
    static func isSecretGradeWithTerm(_ text: String) -> Bool {
        guard let star = text.firstIndex(where: { $0 == "★" || $0 == "☆" }) else { return false }
        let before = text[..<star].filter { !$0.isWhitespace }, after = text[text.index(after: star)...].filter { !$0.isWhitespace }
        let grades: Set<String> = ["秘密", "机密", "绝密"]
        if before.isEmpty { return grades.contains(after) }
        guard grades.contains(before) else { return false }
        if after.isEmpty || after == "长期" { return true }
        let number = after.prefix { $0.isNumber || "〇一二两三四五六七八九十百".holdsMark($0) }
        return !number.isEmpty && ["年", "个月", "月"].contains(String(after.dropFirst(number.count)))
    }

    public static let spellings = "public/主动公开、on-request/依申请公开、limited/在一定范围内公开、classified/涉密"

    /// A scope word that holds a list separator (`人大、上级工会`, `人大,上级工会`): one name matching no
    /// circle, though two were meant. Returns the separator found.
    public static func listSeparator(inScope name: String) -> Character? {
        name.first { "、，,;；/／﹑､".holdsMark($0) }
    }
}

import Foundation

/// 整改状态 — where a rectification item stands.
public enum RectificationStatus: String, Sendable, Hashable, CaseIterable {
    case done = "已完成"
    case inProgress = "整改中"
    case notStarted = "未整改"

    public init?(parsing text: String) {
        switch text.trimmed {
        case "已完成", "已整改", "完成", "done": self = .done
        case "整改中", "正在整改", "进行中", "in-progress": self = .inProgress
        case "未整改", "未开始", "not-started": self = .notStarted
        default: return nil
        }
    }
}
