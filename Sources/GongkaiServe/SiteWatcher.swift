import Foundation
import GongkaiCore

/// Notices changes to a site's inputs — gongkai.yaml, publication-record.yaml, content/ and the theme
/// folder — by polling modification times and sizes (portable, no inotify; a few hundred files cost well
/// under a millisecond).
struct SiteWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var path: String
        var modified: Double
        var size: UInt64
    }

    let paths: [String]

    /// Every file below the watched paths. Hidden ones are skipped, as the build skips them: an editor's
    /// swap file (`.x.md.swp`) changes while the clerk types and must not reload the page each time.
    func snapshot() -> [Stamp] {
        let manager = FileManager.default
        var stamps: [Stamp] = []
        func stamp(_ path: String) {
            // Files and symbolic links, not folders: a folder's time changes when an editor drops a hidden
            // file into it. A deleted or added file still shows, as a missing or new stamp. Links count
            // because the build refuses them (GK001): one appearing must show the error, and its removal
            // must bring the site back. The link itself is stamped (never followed), as the build reads it.
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                  let type = attributes[.type] as? FileAttributeType, type == .typeRegular || type == .typeSymbolicLink else { return }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            stamps.append(Stamp(path: path, modified: modified, size: size))
        }
        for root in paths {
            stamp(root)
            guard let walker = manager.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") {
                    if (try? manager.attributesOfItem(atPath: joinPath(root, relative)))?[.type] as? FileAttributeType == .typeDirectory {
                        walker.skipDescendants()
                    }
                    continue
                }
                stamp(joinPath(root, relative))
            }
        }
        return stamps.sorted { $0.path.precedesBytewise($1.path) }
    }
}
