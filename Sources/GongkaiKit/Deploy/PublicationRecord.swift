import Foundation
import GongkaiCore
import GongkaiRender
import Yams

/// 更新记录 — `publication-record.yaml` beside gongkai.yaml: one entry per deploy, oldest first, with the
/// manifest's root digest, the build's date and what changed by item (project, department performance,
/// page — added, corrected, withdrawn), found by comparing the previous and the new release's manifests.
/// The clerk commits it with the site. It carries only addresses, codes and public titles (from the built
/// pages' `<title>`); a withdrawn item carries no title, since it may have been withdrawn because it became withheld.
public struct PublicationRecord: Codable, Equatable, Sendable {
    public static let fileName = "publication-record.yaml"

    public var releases: [Release] = []

    public struct Release: Codable, Equatable, Sendable {
        /// The SHA-256 of the release's manifest.json (its root digest).
        public var root: String
        /// The build's date from the manifest (content or SOURCE_DATE_EPOCH), never the clock.
        public var date: String?
        /// For a `deploy --rollback`: the root digest of the release taken down; `root` is the release
        /// served again, `changes` what changed against the one taken down.
        public var rollbackFrom: String?
        public var changes: [Change]

        public init(root: String, date: String?, rollbackFrom: String? = nil, changes: [Change]) {
            self.root = root
            self.date = date
            self.rollbackFrom = rollbackFrom
            self.changes = changes
        }

        enum CodingKeys: String, CodingKey {
            case root, date, changes
            case rollbackFrom = "rollback_from"
        }
    }

    public struct Change: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case project, performance, page
        }
        public enum Action: String, Codable, Sendable, CaseIterable {
            case added, corrected, withdrawn
        }
        public var kind: Kind
        public var change: Action
        /// The item's address in the site, e.g. `projects/2025/jyj-2025-001/`.
        public var path: String
        public var year: Int?
        public var code: String?
        /// The public title; absent for a withdrawn item.
        public var title: String?
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        /// Where in the file, when known (1-based).
        public var line: Int? = nil
        public var column: Int? = nil
    }

    public init(releases: [Release] = []) { self.releases = releases }

    /// The record in `path`; none when the file is absent. A file that does not read is an error, never ignored.
    public static func read(_ path: String, fileSystem: FileSystem = DiskFileSystem()) throws -> PublicationRecord {
        guard let data = try data(at: path, fileSystem: fileSystem) else { return PublicationRecord() }
        return try decode(data, path: path)
    }

    /// The largest record read: decades of releases are a few MB. A 2 GB file of that name was read whole and
    /// parsed for minutes (7 GB of memory) before anything was said.
    static let maxSize = 64 * 1_048_576

    /// The bytes of the record at `path`; nil only when nothing has that name. One that is there and does
    /// not read (a folder, a pipe, a file of another user's, a link to nowhere) is a `Problem`: taken as
    /// empty, the website would lose its 更新记录 page and every 已撤回 notice, and a deploy would write a
    /// record of its own release alone over the history.
    static func data(at path: String, fileSystem: FileSystem) throws -> Data? {
        guard fileSystem.isFile(path) || fileSystem.isDirectory(path) || fileSystem.symlinkDestination(path) != nil else { return nil }
        do { return try fileSystem.read(path, atMost: maxSize) } catch {
            throw Problem(description: "\(path) 无法读取（\(FileSystemError.describe(error))）；它由 gongkai deploy 生成，请从版本库恢复后再发布")
        }
    }

    /// The record in `data` (read from `path`, named in errors).
    static func decode(_ data: Data, path: String) throws -> PublicationRecord {
        let restore = "它由 gongkai deploy 生成，请从版本库恢复后再发布"
        // gongkai writes UTF-8: a record saved by an editor as UTF-16 or GBK read as U+FFFD would be no record at all.
        if let line = String.firstNonUTF8Line(data) {
            throw Problem(description: "\(path) 不是 UTF-8 编码的文本（这一行有无法识别的字节，可能被另存为其他编码）；\(restore)", line: line, column: 1)
        }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        // gongkai writes no anchors or aliases, and the rest of gongkai refuses them: an alias repeats a
        // list as often as it is named (50 KB of record made a 13 MB 更新记录 page).
        if let (line, column) = YAMLSource.firstAnchorOrAlias(text) {
            throw Problem(description: "\(path) 含 YAML 锚点（&）或别名（*），更新记录不使用它们；\(restore)", line: line, column: column)
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            let (mark, problem): (Mark?, String) = switch error as? YamlError {
            case let .scanner(_, problem, mark, _)?, let .parser(_, problem, mark, _)?, let .composer(_, problem, mark, _)?: (mark, problem)
            case let .duplicatedKeysInMapping(duplicates, context)?:
                (context.mark, "字段重复：\(duplicates.joined(separator: "、"))")
            default: (nil, "\(error)")
            }
            let explained = problem.hasPrefix("字段重复") ? problem : YAMLSource.explain(problem)
            throw Problem(description: "\(path) 不是有效的 YAML：\(explained)；\(restore)", line: mark?.line, column: mark?.column)
        }
        // gongkai writes `releases: []` at the least: a file with no document (truncated, emptied) or another top (the
        // `releases:` line deleted, a word) was read as an empty record, and the next deploy wrote its own release alone
        // over the history.
        guard let node else {
            throw Problem(description: "\(path) 是空的（没有 releases:）：gongkai 写的更新记录至少有一行 releases: []，这个文件可能被截断或清空；\(restore)",
                          line: 1, column: 1)
        }
        try validate(node, path: path, restore: restore)
        do {
            return try YAMLDecoder().decode(PublicationRecord.self, from: text)
        } catch {
            // `validate` has checked every field the decoder reads; this is a safety net.
            throw Problem(description: "\(path) 无法读取为更新记录；\(restore)")
        }
    }

    /// Every key and value the record holds, checked before it is decoded, each problem at its line and
    /// column in plain Chinese: the file is hand-edited at times, and what it says reaches the website.
    private static func validate(_ node: Node, path: String, restore: String) throws {
        func fail(_ at: Node, _ what: String) throws -> Never {
            throw Problem(description: "\(path)：\(what)；\(restore)", line: at.mark?.line, column: at.mark?.column)
        }
        func keys(_ mapping: Node.Mapping, _ known: Set<String>, _ what: String) throws {
            for (key, _) in mapping where !known.contains(key.string ?? "") {
                try fail(key, "\(what)中的字段“\(key.string ?? "?")”无法识别（可用：\(known.sorted().joined(separator: "、"))）")
            }
        }
        guard let top = node.mapping else { try fail(node, "应以“releases:”开头，其下是每次发布的列表") }
        try keys(top, ["releases"], "更新记录")
        guard let releases = top["releases"] else { try fail(node, "缺少 releases（每次发布的列表）") }
        guard let list = releases.sequence else { try fail(releases, "releases 应为列表") }
        for release in list {
            guard let r = release.mapping else { try fail(release, "每次发布应为映射（root、date、changes）") }
            try keys(r, ["root", "date", "rollback_from", "changes"], "发布")
            guard let root = r["root"] else { try fail(release, "缺少 root") }
            guard let digest = root.string, Deployer.isDigest(digest) else { try fail(root, "root 不是 64 位小写十六进制摘要") }
            if let from = r["rollback_from"], !(from.string.map(Deployer.isDigest) ?? false) {
                try fail(from, "rollback_from 不是 64 位小写十六进制摘要")
            }
            if let date = r["date"] {
                guard let text = date.string, let day = CalendarDate(parsing: text), CalendarDate.plausibleYears.contains(day.year) else {
                    try fail(date, "date 不是 \(CalendarDate.plausibleYears.lowerBound)–\(CalendarDate.plausibleYears.upperBound) 年间的有效日期（YYYY-MM-DD）")
                }
            }
            guard let changes = r["changes"] else { try fail(release, "缺少 changes") }
            guard let items = changes.sequence else { try fail(changes, "changes 应为列表") }
            for item in items {
                guard let c = item.mapping else { try fail(item, "每项变更应为映射（kind、change、path …）") }
                try keys(c, ["kind", "change", "path", "year", "code", "title"], "变更")
                for (key, values) in [("kind", Change.Kind.allCases.map(\.rawValue)), ("change", Change.Action.allCases.map(\.rawValue))] {
                    guard let value = c[key] else { try fail(item, "缺少 \(key)") }
                    guard let text = value.string, values.contains(text) else {
                        try fail(value, "\(key) 应为 \(values.joined(separator: "、"))，这里是“\(value.string ?? "?")”")
                    }
                }
                guard let address = c["path"] else { try fail(item, "缺少 path") }
                guard let text = address.string, PublicationHistory.isSafePath(text) else { try fail(address, "path 不是网站内的安全地址") }
                if let year = c["year"], year.int == nil { try fail(year, "year 应为年份数字") }
                for key in ["code", "title"] { if let value = c[key], value.scalar == nil { try fail(value, "\(key) 应为文字") } }
            }
        }
    }

    /// What the website may show: dates, digests, kinds, addresses and changes — never a title.
    public var history: PublicationHistory {
        PublicationHistory(releases: releases.map { release in
            PublicationHistory.Release(root: release.root, date: release.date, rollbackFrom: release.rollbackFrom, changes: release.changes.map {
                PublicationHistory.Change(kind: $0.kind.rawValue, change: $0.change.rawValue, path: $0.path)
            })
        })
    }

    /// The byte-stable YAML form: fixed key order, strings double-quoted (JSON escapes are valid YAML).
    public var encoded: Data {
        func quoted(_ s: String) -> String {
            String(decoding: canonicalJSONValue(s), as: UTF8.self)
        }
        var lines = ["# 更新记录（publication record）：每次 gongkai deploy 在末尾追加一条，请随网站文件夹一并提交，不要手工修改。",
                     "releases:"]
        if releases.isEmpty { lines[1] = "releases: []" }
        for release in releases {
            lines.append("  - root: \(quoted(release.root))")
            if let date = release.date { lines.append("    date: \(quoted(date))") }
            if let from = release.rollbackFrom { lines.append("    rollback_from: \(quoted(from))") }
            if release.changes.isEmpty { lines.append("    changes: []"); continue }
            lines.append("    changes:")
            for change in release.changes {
                lines.append("      - kind: \(change.kind.rawValue)")
                lines.append("        change: \(change.change.rawValue)")
                lines.append("        path: \(quoted(change.path))")
                if let year = change.year { lines.append("        year: \(year)") }
                if let code = change.code { lines.append("        code: \(quoted(code))") }
                if let title = change.title { lines.append("        title: \(quoted(title))") }
            }
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// An item page in a manifest: its kind and address, from the path of its `index.html`.
    static func item(_ file: String) -> (kind: Change.Kind, path: String, year: Int?, slug: String?)? {
        guard file.hasSuffix("/index.html") else { return nil }
        let folder = String(file.dropLast("index.html".count))
        let parts = folder.split(separator: "/").map(String.init)
        guard let first = parts.first else { return nil }
        if first == "projects", parts.count == 3, let year = Int(parts[1]) {
            return (.project, folder, year, parts[2])
        }
        if first == "departments", parts.count == 3, let year = Int(parts[2]) {
            return (.performance, folder, year, parts[1])
        }
        if RenderStage.reservedSections.contains(first) { return nil }
        return (.page, folder, nil, nil)
    }

    /// The open-data file that holds an item's data, when it has one.
    static func dataFile(_ kind: Change.Kind, year: Int?, slug: String?) -> String? {
        guard let year, let slug else { return nil }
        switch kind {
        case .project: return "data/projects/\(year)/\(slug).json"
        case .performance: return "data/departments/\(year)/\(slug).json"
        case .page: return nil
        }
    }

    /// What changed by item between the previous release's manifest and the new built site in `site`.
    /// A 已撤回 notice page counts as no item: in the new site the build marker names them; in the old one,
    /// an address the record last saw withdrawn.
    static func changes(from old: SiteManifest?, to new: SiteManifest, site: String?, record: PublicationRecord = PublicationRecord()) -> [Change] {
        // Only the bytes the release lists: by the time the entry is written (after the switch) another build
        // may have swapped a different site into `site`, whose titles and notices this release never showed.
        let digests = Dictionary(new.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        func listed(_ relative: String) -> Data? {
            guard let site, let expected = digests[relative], let data = FileManager.default.contents(atPath: joinPath(site, relative)),
                  Digest.sha256(data) == expected else { return nil }
            return data
        }
        let marker = listed(OutputFolder.markerName).flatMap { try? JSONDecoder().decode(BuildMarker.self, from: $0) }
        let notices = Set(((marker?.withdrawnNotices ?? []) + (marker?.pageFolders ?? [])).map { $0 + "index.html" })
        var lastChange: [String: Change.Action] = [:]
        for change in record.releases.flatMap(\.changes) { lastChange[change.path + "index.html"] = change.change }
        // The old release's folder listings: an address never recorded as an item with pages below it. (Its marker is
        // not at hand; a page written at a folder's address is recorded when it is first deployed, so it is still known.)
        var holdingPages = Set<String>()
        for file in old?.files ?? [] where file.path.hasSuffix("/index.html") {
            var parts = file.path.split(separator: "/").dropLast(2)
            while !parts.isEmpty {
                guard holdingPages.insert(parts.joined(separator: "/") + "/index.html").inserted else { break }
                parts = parts.dropLast()
            }
        }
        func oldListing(_ path: String) -> Bool {
            lastChange[path] == nil && holdingPages.contains(path) && item(path)?.kind == .page
        }
        let before = Dictionary((old?.files ?? []).filter { lastChange[$0.path] != .withdrawn && !oldListing($0.path) }.map { ($0.path, $0.sha256) },
                                uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.files.filter { !notices.contains($0.path) }.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        var result: [Change] = []
        for file in after.keys.sorted() {
            guard let item = item(file) else { continue }
            let action: Change.Action
            if before[file] == nil {
                action = .added
            } else {
                // The page or its open data changed (a site-wide change, such as the navigation, marks every page).
                let data = dataFile(item.kind, year: item.year, slug: item.slug)
                guard before[file] != after[file] || (data.map { before[$0] != after[$0] } ?? false) else { continue }
                action = .corrected
            }
            var change = Change(kind: item.kind, change: action, path: item.path, year: item.year)
            change.code = code(item.kind, year: item.year, slug: item.slug, data: listed)
            change.title = listed(file).flatMap { title(of: $0, siteTitle: new.title) }
            result.append(change)
        }
        for file in before.keys.sorted() where after[file] == nil {
            guard let item = item(file) else { continue }
            // Only the address and the code from the address: the content may now be withheld.
            result.append(Change(kind: item.kind, change: .withdrawn, path: item.path, year: item.year,
                                 code: item.kind == .page ? nil : item.slug?.uppercased()))
        }
        return result.sorted { ($0.path.precedesBytewise($1.path)) }
    }

    /// The item's code from its open-data file, else its address.
    static func code(_ kind: Change.Kind, year: Int?, slug: String?, data read: (String) -> Data?) -> String? {
        guard kind != .page else { return nil }
        if let file = dataFile(kind, year: year, slug: slug), let data = read(file),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for key in ["code", "department_code", "department"] { if let code = object[key] as? String { return code } }
        }
        return slug?.uppercased()
    }

    /// The page's `<title>` without the site's name after it.
    static func title(of data: Data, siteTitle: String) -> String? {
        let html = String(decoding: data, as: UTF8.self)
        guard let open = html.range(of: "<title>"), let close = html.range(of: "</title>", range: open.upperBound..<html.endIndex) else { return nil }
        var title = String(html[open.upperBound..<close.lowerBound])
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&#x2F;", "/"), ("&#x3D;", "="), ("&#x60;", "`"), ("&amp;", "&")] {
            title = title.replacingOccurrences(of: entity, with: character)
        }
        let suffix = " - " + siteTitle
        if title.hasSuffix(suffix) { title = String(title.dropLast(suffix.count)) }
        title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : title
    }

    /// Appends the release `new` (from `site`) to the record at `path`, compared with `old`; a release
    /// already last in the record (deployed again) is not added twice. Written atomically.
    /// The read, the comparison and the write hold `.publication-record.yaml.lock` beside the record: two
    /// deploys of one site at once (to two targets, or of two outputs) would otherwise each write the record
    /// they read plus their own entry, and the one written last would drop the other's.
    /// With `rollbackFrom` (a `deploy --rollback`, whose release has no files here when on a server: `site` nil)
    /// an item brought back without a title read from `site` gets the title the record last gave it.
    @discardableResult
    static func append(to given: String, old: SiteManifest?, new: SiteManifest, rootDigest: String, site: String?,
                       rollbackFrom: String? = nil) throws -> Release? {
        // A record linked in from elsewhere is written where the link points: an atomic write over the link
        // would replace the user's link with a file and leave the record it names without the entry.
        let path = DiskFileSystem().symlinkDestination(given) != nil ? URL(fileURLWithPath: given).resolvingSymlinksInPath().path : given
        let lock = try lockRecord(path)
        defer { withExtendedLifetime(lock) {} }
        var record = try read(path)
        if record.releases.last?.root == rootDigest { return nil }
        var found = changes(from: old, to: new, site: site, record: record)
        if rollbackFrom != nil {
            var titles: [String: String] = [:]
            for change in record.releases.flatMap(\.changes) { if let title = change.title { titles[change.path] = title } }
            for i in found.indices where found[i].change != .withdrawn && found[i].title == nil { found[i].title = titles[found[i].path] }
        }
        let release = Release(root: rootDigest, date: new.date, rollbackFrom: rollbackFrom, changes: found)
        record.releases.append(release)
        do { try DiskFileSystem().writeAtomically(record.encoded, to: path) } catch {
            throw Problem(description: "网站已发布，但无法写入更新记录 \(path)：\(FileSystemError.describe(error))")
        }
        return release
    }
}

extension PublicationRecord {
    /// The lock file beside the record, held while an entry is appended.
    static func lockPath(_ record: String) -> String {
        let folder = parentFolder(of: record), name = "." + (record as NSString).lastPathComponent + ".lock"
        return folder.isEmpty ? name : joinPath(folder, name)
    }

    /// Waits (up to a minute; an append takes milliseconds) for the record's lock. Another deploy
    /// appending holds it only while it reads and writes the file.
    static func lockRecord(_ record: String) throws -> FileLock? {
        let path = lockPath(record)
        let deadline = Date().addingTimeInterval(60)
        while true {
            do { return try DiskFileSystem().lockExclusively(path) } catch let error as FileSystemError where error.reason == FileLock.busy && Date() < deadline {
                usleep(10_000)
            } catch {
                throw Problem(description: "网站已发布，但无法锁定更新记录 \(record) 以写入（\(FileSystemError.describe(error))）；请稍后重新运行同一次 gongkai deploy，它会补记这次发布")
            }
        }
    }
}

/// One JSON value in its canonical form without a trailing newline (a double-quoted string for a String).
func canonicalJSONValue<T: Encodable>(_ value: T) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)) ?? Data()
}
