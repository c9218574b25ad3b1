import Foundation
import Synchronization
import GongkaiCore
import GongkaiDisclosed

/// One file of the built site: a path below the output folder and its bytes.
public struct OutputFile: Sendable {
    public var path: String
    public var data: Data
    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Stage 4 — render: the disclosed view and the theme in, the files of the website out.
/// It sees only `DisclosedSite`, so no template can reach a withheld item.
public enum RenderStage {
    /// Top-level names the renderer writes itself; Markdown pages may not take them.
    public static let reservedSections: Set<String> = [
        "index.html", "404.html", "assets", "projects", "departments", "years", "documents", "grades", "search",
        "glossary", "data", "feed.xml", "sitemap.xml", "robots.txt", "verify", "record", "manifest.json", "manifest.json.sig",
    ]

    /// Latin words the renderer writes into files whatever the content, besides the theme's: its folders,
    /// the HTML cmark draws, the keys of open data and search records, the feed's and sitemap's tags.
    public static let markupWords: [String] =
        Array(reservedSections)
        + "html body head meta title link href src alt class table thead tbody tfoot caption colgroup th td tr align center right left strong emphasis blockquote pre code language figure footnote footnotes section aria-label aria-describedby data-footnote-ref data-footnote-backref scope row col colspan rowspan".split(separator: " ").map(String.init)
        + "feed entry summary updated author alternate subtitle urlset lastmod loc sitemap User-agent Allow Sitemap xmlns utf-8 encoding version".split(separator: " ").map(String.init)
        + (OpenData.projectColumns + OpenData.indicatorColumns + OpenData.evaluationColumns).flatMap { $0.0.split(separator: "_").map(String.init) }
        + "tabular-data-package tabular-data-resource resources schema fields dialect delimiter lineTerminator header mediatype profile utf-8-sig".split(separator: " ").map(String.init)

    /// The addresses whose page is no item of the publication record: those that get a 已撤回 notice (withdrawn in
    /// the record, nothing published there now), and the page folders' listings (`zhengce/`).
    static func addressesWithoutItems(_ specs: [PageSpec]) -> (notices: [String], folders: [String]) {
        var notices: [String] = [], folders: [String] = []
        for spec in specs {
            switch spec.content {
            case .withdrawn(let path): notices.append(path)
            case .folder(let path): folders.append(path)
            default: break
            }
        }
        return (notices, folders)
    }

    public struct Summary: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        /// The search index in all, and what a typical query downloads.
        public var searchIndexBytes: Int
        public var searchDocuments: Int
        public var searchQueryBytes: Int
        /// The addresses that are no item of the publication record (`addressesWithoutItems`), for the build marker.
        public var withdrawnNotices: [String]
        public var pageFolders: [String]
    }

    /// The groups' jobs mixed evenly: each group spread over the whole list, in its own order. Workers
    /// take neighbouring jobs, and a group writes into a few folders (38,000 files in `data/projects/`,
    /// 21,000 in `search/r/`); the kernel lets one thread at a time create a file in a folder, and the
    /// other spins waiting (7 % of a build's CPU when the groups came one after another).
    /// The output does not depend on the order.
    static func spread(_ groups: [[FileJob]]) -> [FileJob] {
        var keyed: [(position: Double, group: Int, index: Int)] = []
        keyed.reserveCapacity(groups.reduce(0) { $0 + $1.count })
        for (g, group) in groups.enumerated() {
            for i in group.indices { keyed.append(((Double(i) + 0.5) / Double(group.count), g, i)) }
        }
        keyed.sort { ($0.position, $0.group) < ($1.position, $1.group) }
        return keyed.map { groups[$0.group][$0.index] }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var underlying: any Error
        public var description: String { "\(path): \(underlying)" }
    }

    /// Renders every page on up to `jobs` threads and hands each file to `emit` as soon as it is
    /// ready, so rendered HTML is not kept in memory. Which thread emits which file varies;
    /// the bytes of each file do not.
    /// `progress` hears (files done, files in all) after each file, from any thread.
    public static func run(site view: Disclosed<WebsiteAudience>, theme: Theme, jobs: Int,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                           emit: @Sendable (OutputFile) throws -> Void) throws -> Summary {
        let site = view.site
        let views = SiteViews(site: site)
        let specs = views.pageSpecs()
        let shared = Shared(views)
        let templates = TemplatePool(theme.library)
        let pages = specs.map { spec in
            let template = spec.fallbackTemplate.map { theme.library.template(named: spec.template) == nil ? $0 : spec.template } ?? spec.template
            return FileJob(path: spec.outputPath) {
                Data(Markdown.numberingTables(in: try templates.render(shared.value.view(for: spec), withTemplate: template) ?? "").utf8)
            }
        }
        // The index itself is let go once its files' jobs hold what they write.
        let (searchJobs, searchDocuments) = { let index = SearchIndex(site: site, views: views, jobs: jobs); return (index.jobs(), index.documents.count) }()
        // Each job is let go once it has run, and with it what its closure held.
        let (paths, fileJobs) = { (all: [FileJob]) in (all.map(\.path), TakeOnce(all)) }(
            Self.spread([pages, OpenData(site: site, views: views).jobs(), SiteFiles(site: site, views: views).jobs(), searchJobs]))
        // The search index's tables (its postings while they were collected, each batch's texts and terms) are gone.
        FreedMemory.release()
        let done = Mutex(0)
        let results = concurrentMap(fileJobs.count, jobs: jobs) { i -> Result<Int, Failure> in
            let data: Data
            do {
                data = try fileJobs.take(i).build()
                try emit(OutputFile(path: paths[i], data: data))
            } catch {
                return .failure(Failure(path: paths[i], underlying: error))
            }
            let count = done.withLock { $0 += 1; return $0 }
            // Files are made and let go by the ten thousand; give their pages back now and then.
            if count % 2_000 == 0 { FreedMemory.release() }
            if let progress { progress(count, fileJobs.count) }
            return .success(data.count)
        }
        var bytes = 0, searchBytes = 0, metaBytes = 0
        var sizes: [String: (files: Int, bytes: Int)] = [:]  // by search folder: s, t, r, f
        for (path, result) in zip(paths, results) {
            let size = try result.get()
            bytes += size
            guard path.hasPrefix("search/"), !path.hasSuffix(".html") else { continue }
            searchBytes += size
            if path == "search/meta.json" { metaBytes = size; continue }
            let folder = String(path.dropFirst("search/".count).prefix(while: { $0 != "/" }))
            sizes[folder, default: (0, 0)].files += 1
            sizes[folder, default: (0, 0)].bytes += size
        }
        func average(_ folder: String) -> Int { sizes[folder].map { $0.bytes / max($0.files, 1) } ?? 0 }
        for asset in theme.assets {
            try emit(OutputFile(path: joinPath("assets", asset.path), data: asset.data))
            bytes += asset.data.count
        }
        // A two-character query loads the filter values, one shard, (for a common term) the term's own
        // file, and the records of the ten hits on its first page (at worst one file each).
        let (notices, folders) = addressesWithoutItems(specs)
        return Summary(pages: specs.count, files: paths.count + theme.assets.count, bytes: bytes,
                       searchIndexBytes: searchBytes, searchDocuments: searchDocuments,
                       searchQueryBytes: metaBytes + average("s") + average("t") + 10 * average("r"),
                       withdrawnNotices: notices, pageFolders: folders)
    }

}
