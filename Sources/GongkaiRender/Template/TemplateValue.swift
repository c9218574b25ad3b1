/// What a template key gives: text, a number, a flag, a child view or a list of views. The renderer
/// switches on this instead of casting `Any` to protocols, which was most of swift-mustache's cost.
enum TemplateValue: Sendable {
    case text(String)
    case number(Int)
    case flag(Bool)
    case view(any TemplateView)
    case list(any TemplateList)
}

/// A Swift value a view's field may give; an absent optional gives nil (the key is missing).
protocol TemplateValueConvertible: Sendable {
    var templateValue: TemplateValue? { get }
}

/// A list a section repeats over, one view at a time.
protocol TemplateList: Sendable {
    var isEmpty: Bool { get }
    func forEachView(_ body: (any TemplateView) -> Void)
}

extension TemplateValue: TemplateValueConvertible {
    var templateValue: TemplateValue? { self }
}

extension String: TemplateValueConvertible {
    var templateValue: TemplateValue? { .text(self) }
}

extension Int: TemplateValueConvertible {
    var templateValue: TemplateValue? { .number(self) }
}

extension Bool: TemplateValueConvertible {
    var templateValue: TemplateValue? { .flag(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    var templateValue: TemplateValue? { self?.templateValue }
}

extension Array: TemplateValueConvertible, TemplateList where Element: TemplateView {
    var templateValue: TemplateValue? { .list(self) }

    func forEachView(_ body: (any TemplateView) -> Void) {
        for view in self { body(view) }
    }
}
