import Foundation
import GongkaiCore

/// Notices changes to a site's inputs — gongkai.yaml, content/ and the theme folder — by polling
/// modification times and sizes (portable, no inotify; a few hundred files cost well under a millisecond).
struct SiteWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var path: String
        var modified: Double
        var size: UInt64
    }

    let paths: [String]

    /// Every file below the watched paths (hidden ones too: an editor's rename-over-save shows in the folder).
    func snapshot() -> [Stamp] {
        let manager = FileManager.default
        var stamps: [Stamp] = []
        func stamp(_ path: String) {
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { return }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            stamps.append(Stamp(path: path, modified: modified, size: size))
        }
        for root in paths {
            stamp(root)
            guard let walker = manager.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String { stamp(joinPath(root, relative)) }
        }
        return stamps.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
