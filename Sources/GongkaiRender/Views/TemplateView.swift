import Foundation
import GongkaiCore

/// A typed view that a template reads, in the manner of Zola's `SerializingPage`: a plain struct
/// of pre-formatted strings, numbers, flags and child views. Each key a template may name is
/// declared once, in `fields`, beside the value it gives; the theme test reads these tables to
/// find template keys that no view declares.
///
/// A field that gives nil lets the template look further up the context stack, as a missing key
/// does, so an optional field is left out, not rendered empty.
protocol TemplateView: TemplateValueConvertible, Sendable {
    static var fields: [String: @Sendable (Self) -> any TemplateValueConvertible] { get }
    /// The value of `name`, nil when this view has no such key (the renderer then asks the view below).
    func child(named name: String) -> TemplateValue?
}

extension TemplateView {
    typealias Fields = [String: @Sendable (Self) -> any TemplateValueConvertible]

    func child(named name: String) -> TemplateValue? {
        guard let field = Self.fields[name] else { return nil }
        return field(self).templateValue
    }

    var templateValue: TemplateValue? { .view(self) }
}

/// A date as templates show it: `iso` for `datetime` attributes, `chinese` (2025年3月1日) for reading.
struct DateView: TemplateView {
    var iso: String
    var chinese: String
    static let fields: Fields = ["iso": { $0.iso }, "chinese": { $0.chinese }]

    init(iso: String, chinese: String) {
        self.iso = iso
        self.chinese = chinese
    }

    init?(_ date: CalendarDate?) {
        guard let date else { return nil }
        self.init(iso: date.description, chinese: date.chinese)
    }
}

/// A labelled address relative to the site root: a breadcrumb, a navigation entry.
struct LinkView: TemplateView {
    var label: String
    var url: String
    /// Navigation only: the entry is the current section (`aria-current`).
    var current: Bool? = nil
    static let fields: Fields = ["label": { $0.label }, "url": { $0.url }, "current": { $0.current }]
}

/// 当前位置: the trail above the page (the page's own title closes it in the layout).
struct BreadcrumbsView: TemplateView {
    var items: [LinkView]
    static let fields: Fields = ["items": { $0.items }]

    init(_ items: (label: String, url: String)...) {
        self.items = items.map { LinkView(label: $0.label, url: $0.url) }
    }
}

/// The site's name, publisher and footer, the same on every page.
struct SiteInfoView: TemplateView {
    struct Footer: TemplateView {
        var siteCode: String?
        var icp: String?
        var publicSecurity: String?
        var sponsor: String
        var address: String?
        var phone: String?
        static let fields: Fields = [
            "siteCode": { $0.siteCode }, "icp": { $0.icp }, "publicSecurity": { $0.publicSecurity },
            "sponsor": { $0.sponsor }, "address": { $0.address }, "phone": { $0.phone },
        ]
    }
    var title: String
    var publisher: String
    var language: String
    var footer: Footer
    /// The site keeps a publication record (更新记录), so the footer links to it.
    var hasRecord: Bool?
    static let fields: Fields = [
        "title": { $0.title }, "publisher": { $0.publisher }, "language": { $0.language },
        "footer": { $0.footer }, "hasRecord": { $0.hasRecord },
    ]

    init(_ config: SiteConfig) {
        let f = config.footer
        title = config.title
        publisher = config.publisher
        language = config.language
        footer = Footer(siteCode: f.siteCode, icp: f.icp, publicSecurity: f.publicSecurity, sponsor: f.sponsor ?? config.publisher,
                        address: f.address, phone: f.phone)
        hasRecord = config.publicationHistory == nil ? nil : true
    }
}

/// An item's first publication and last correction, from the publication record.
struct PublicationView: TemplateView {
    var first: DateView
    var last: DateView?
    static let fields: Fields = ["first": { $0.first }, "last": { $0.last }]
}

/// What the layout reads on every page, with the page's own view beneath it: a key the frame
/// does not hold is the body's.
struct PageView: TemplateView {
    /// `../../` back to the site root from this page (the base path on the 404 page, served at any depth).
    var root: String
    var site: SiteInfoView
    var canonical: String
    var nav: [LinkView]
    var pageTitle: String
    var publication: PublicationView?
    var body: any TemplateView
    static let fields: Fields = [
        "root": { $0.root }, "site": { $0.site }, "canonical": { $0.canonical }, "nav": { $0.nav },
        "pageTitle": { $0.pageTitle }, "publication": { $0.publication },
    ]

    func child(named name: String) -> TemplateValue? {
        if let field = Self.fields[name] { return field(self).templateValue }
        return body.child(named: name)
    }
}

/// A page with nothing of its own to show (the 404 page, 名词解释).
struct EmptyView: TemplateView {
    static let fields: Fields = [:]
}

/// Counts in a row of a table whose columns are grades.
struct CountCell: TemplateView {
    var count: Int
    static let fields: Fields = ["count": { $0.count }]
}
