import Foundation
import GongkaiCore

/// How numbers look on a page. One place, so every page agrees (dates: `DateView`).
enum Format {
    static func amount(_ value: Decimal?) -> String { value.map { ExactDecimal.grouped($0) } ?? "—" }

    static func score(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0, minFractionDigits: 0, maxFractionDigits: 4) } ?? "—" }

    static func rate(_ spent: Decimal?, _ budget: Decimal?) -> String {
        guard let spent, let budget, let text = ExactDecimal.percent(spent, of: budget) else { return "—" }
        return text
    }
}
