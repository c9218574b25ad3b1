import Foundation

/// 金额单位 — amounts in Chinese budget tables are kept in 元 or, more often, 万元.
public enum MoneyUnit: String, Sendable, Hashable, CaseIterable {
    case yuan = "元"
    case tenThousandYuan = "万元"

    /// How many 元 one unit holds.
    public var yuanFactor: Decimal { self == .yuan ? 1 : 10_000 }

    public init?(parsing text: String) {
        switch text.trimmed {
        case "元", "yuan": self = .yuan
        case "万元", "wan", "10k-yuan": self = .tenThousandYuan
        default: return nil
        }
    }
}

/// An exact amount of money with the unit it was written in.
public struct Money: Hashable, Sendable {
    public var amount: Decimal
    public var unit: MoneyUnit

    public init(_ amount: Decimal, _ unit: MoneyUnit) {
        self.amount = amount
        self.unit = unit
    }

    public var inYuan: Decimal { amount * unit.yuanFactor }

    public func converted(to target: MoneyUnit) -> Money {
        target == unit ? self : Money(inYuan / target.yuanFactor, target)
    }

    /// `1,250.00 万元`
    public var display: String { ExactDecimal.grouped(amount) + " " + unit.rawValue }
}
