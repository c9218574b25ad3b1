import Foundation
import GongkaiCore
import GongkaiDisclosed

/// Site plumbing: the Atom feed of disclosures, `sitemap.xml` and `robots.txt`. Dates come from the
/// content (publish dates), never from the clock.
struct SiteFiles {
    let site: DisclosedSite
    let views: SiteViews

    func jobs() -> [FileJob] {
        var jobs = [
            FileJob(path: "feed.xml") { [self] in Data(feed().utf8) },
            FileJob(path: "sitemap.xml") { [self] in Data(sitemap().utf8) },
            FileJob(path: "robots.txt") { [self] in Data("User-agent: *\nAllow: /\nSitemap: \(site.config.baseURL)sitemap.xml\n".utf8) },
        ]
        // The public half of the signing key, for `gongkai verify` and OpenSSL (see the 公开验证 page).
        if let key = site.config.verificationKey {
            jobs.append(FileJob(path: "verify/public-key.pem") { Data(key.pem.utf8) })
        }
        return jobs
    }

    /// Atom: one entry per disclosure (targets, self-evaluation, evaluation, page), newest first.
    func feed() -> String {
        let base = site.config.baseURL
        let items = views.disclosures
        // With nothing published yet, the reference day (SOURCE_DATE_EPOCH, --as-of, as_of), else the epoch.
        let updated = items.first.map { Self.timestamp($0.date) } ?? site.referenceDay.map(Self.timestamp) ?? "1970-01-01T00:00:00+08:00"
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(site.config.language.xmlEscaped)">
        <title>\(site.config.title.xmlEscaped)</title>
        <subtitle>\(site.config.publisher.xmlEscaped)公开的预算绩效信息</subtitle>
        <id>\(base.xmlEscaped)</id>
        <link rel="self" href="\(base.xmlEscaped)feed.xml"/>
        <link rel="alternate" type="text/html" href="\(base.xmlEscaped)"/>
        <updated>\(updated)</updated>
        <author><name>\(site.config.publisher.xmlEscaped)</name></author>

        """
        for item in items.prefix(200) {
            let url = base + item.sitePath
            xml += """
            <entry>
            <title>\("【\(item.label)】\(item.title)".xmlEscaped)</title>
            <id>\((url + "#" + item.anchor).xmlEscaped)</id>
            <link rel="alternate" type="text/html" href="\(url.xmlEscaped)"/>
            <updated>\(Self.timestamp(item.date))</updated>
            <summary>\("\(item.date.chinese)公开：\(item.title)（\(item.label)）".xmlEscaped)</summary>
            </entry>

            """
        }
        return xml + "</feed>\n"
    }

    func sitemap() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for spec in views.pageSpecs() where spec.outputPath.hasSuffix("index.html") {
            if case .withdrawn = spec.content { continue } // a notice is not content to index
            if spec.canonicalPath != nil { continue } // a repetition of a page listed under its own address
            xml += "<url><loc>\((site.config.baseURL + spec.sitePath).xmlEscaped)</loc>"
            if let date = views.lastModified(spec) { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// Beijing time at midnight: the content gives days, not times.
    static func timestamp(_ date: CalendarDate) -> String { "\(date)T00:00:00+08:00" }
}
