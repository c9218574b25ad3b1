/// An optional value kept out of line: for fields most items leave out, so that they cost a
/// pointer instead of their full size in each item (an indicator's adjustment is 256 bytes in the
/// source model and over 100 in the disclosed view; a site has hundreds of thousands of indicators).
@propertyWrapper
public struct Boxed<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
    private var box: Box?

    public init(wrappedValue: Value?) { box = wrappedValue.map(Box.init) }

    public var wrappedValue: Value? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }
}

/// Reflects as the optional it holds, so the ledger tests that walk the model by `Mirror` see
/// through the box to every text inside.
extension Boxed: CustomReflectable {
    public var customMirror: Mirror { Mirror(reflecting: wrappedValue as Any) }
}

