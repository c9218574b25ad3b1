import Foundation
import GongkaiCore

/// Notices changes to a site's inputs — gongkai.yaml, publication-record.yaml, content/ and the theme
/// folder — by polling modification times and sizes (portable, no inotify). Each poll lists the folders with
/// `readdir` and stamps each file from its folder (`DiskFileSystem.stampFiles`): FileManager's enumerator and
/// `attributesOfItem` took 60 % of a core for a site of 22,000 files, polled every 300 ms, and slowed its rebuilds.
struct SiteWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var path: String
        var stamp: DiskFileSystem.Stamp
    }

    let paths: [String]

    /// Every file below the watched paths. Hidden ones are skipped, as the build skips them: an editor's
    /// swap file (`.x.md.swp`) changes while the clerk types and must not reload the page each time.
    /// Files and symbolic links, not folders (`DiskFileSystem.Stamp`). A deleted or added file still shows, as a missing or
    /// new stamp. Links count because the build refuses them (GK001): one
    /// appearing must show the error, and its removal must bring the site back. The link itself is stamped (never
    /// followed), as the build reads it.
    func snapshot() -> [Stamp] {
        var stamps: [Stamp] = []
        let disk = DiskFileSystem()
        for root in paths {
            if let stamp = DiskFileSystem.Stamp(of: root) { stamps.append(Stamp(path: root, stamp: stamp)) }
            // A folder that does not open lists nothing: its files' stamps go, and the rebuild that follows reports it.
            for file in (try? disk.stampFiles(under: root, includingHidden: false)) ?? [] {
                stamps.append(Stamp(path: joinPath(root, file.path), stamp: file.stamp))
            }
        }
        return stamps.sorted { $0.path.precedesBytewise($1.path) }
    }
}
