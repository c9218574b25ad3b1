/// 更新记录 as the website sees it: each release's root digest and date, and by item only its kind,
/// address and change. Titles in publication-record.yaml are never carried here: the website takes an
/// item's title from the item as it is published now, so a withheld item can show nothing of itself.
public struct PublicationHistory: Sendable, Hashable {
    public struct Release: Sendable, Hashable {
        public var root: String
        public var date: String?
        /// The release taken down when this entry is a rollback (`root` is served again).
        public var rollbackFrom: String?
        public var changes: [Change]
        public init(root: String, date: String?, rollbackFrom: String? = nil, changes: [Change]) {
            self.root = root
            self.date = date
            self.rollbackFrom = rollbackFrom
            self.changes = changes
        }
    }

    public struct Change: Sendable, Hashable {
        /// `project`, `performance` or `page`.
        public var kind: String
        /// `added`, `corrected` or `withdrawn`.
        public var change: String
        /// The item's address, e.g. `projects/2025/jyj-2025-001/`; checked safe when read; empty when it would give a withheld item away.
        public var path: String
        public init(kind: String, change: String, path: String) {
            self.kind = kind
            self.change = change
            self.path = path
        }
    }

    /// Oldest first, as deployed.
    public var releases: [Release]

    public init(releases: [Release]) { self.releases = releases }

    /// When an item was first published and last updated, and whether its last change withdrew it.

    /// Blanks the address of every change `isWithheld` says gives something withheld away.
    public mutating func hideAddresses(where isWithheld: (String) -> Bool) {
        for r in releases.indices {
            for c in releases[r].changes.indices where isWithheld(releases[r].changes[c].path) { releases[r].changes[c].path = "" }
        }
    }

    /// Dates by address (a blanked address is left out): first published (first `added`), last updated (last `added` or `corrected`),
    /// and the withdrawal date when the last change was `withdrawn`.
    public var items: [String: (first: String?, last: String?, withdrawn: String?, isWithdrawn: Bool)] {
        var result: [String: (first: String?, last: String?, withdrawn: String?, isWithdrawn: Bool)] = [:]
        for release in releases {
            for change in release.changes where !change.path.isEmpty {
                var item = result[change.path] ?? (nil, nil, nil, false)
                switch change.change {
                case "withdrawn":
                    item.isWithdrawn = true
                    item.withdrawn = release.date
                default:
                    if item.first == nil { item.first = release.date }
                    item.last = release.date
                    item.isWithdrawn = false
                    item.withdrawn = nil
                }
                result[change.path] = item
            }
        }
        return result
    }

    /// Whether `path` may name a folder in the site: relative, no `..`, `.`, empty or hidden segments,
    /// no backslash or control characters, and ending in `/`.
    public static func isSafePath(_ path: String) -> Bool {
        guard path.hasSuffix("/"), !path.hasPrefix("/"), path.count < 300 else { return false }
        let parts = path.dropLast().split(separator: "/", omittingEmptySubsequences: false)
        // Only what an item's address can hold: codes lower-cased, page path parts, years (a space or a
        // full-width letter names no item, and would go into a notice folder and an unencoded link).
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && !part.hasPrefix(".") && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
        }
    }
}
