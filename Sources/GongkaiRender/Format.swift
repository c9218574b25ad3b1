import Foundation
import GongkaiCore

/// How numbers look on a page. One place, so every page agrees (dates: `DateView`).
enum Format {
    static func amount(_ value: Decimal?) -> String { value.map { ExactDecimal.grouped($0) } ?? "—" }

    /// A sum in 万元 (`1,234.57`): two decimals, as a 万元 table keeps them; a project kept in 元 would
    /// otherwise give six (12,345,678.90 元 is 1,234.56789 万元).
    static func wan(_ value: Decimal?) -> String { value.map { ExactDecimal.grouped($0, minFractionDigits: 2, maxFractionDigits: 2) } ?? "—" }

    static func score(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0, minFractionDigits: 0, maxFractionDigits: 4) } ?? "—" }

    static func rate(_ spent: Decimal?, _ budget: Decimal?) -> String {
        guard let spent, let budget, let text = ExactDecimal.percent(spent, of: budget) else { return "—" }
        return text
    }
}
