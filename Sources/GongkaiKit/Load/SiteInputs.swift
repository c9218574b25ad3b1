import Foundation
import GongkaiCore

/// The files and folders a build reads: what `gongkai serve` watches.
public enum SiteInputs {
    /// gongkai.yaml, publication-record.yaml (its 更新记录 page), content/ and the theme folder that
    /// gongkai.yaml names (default `theme`), last.
    public static func paths(siteRoot: String, fileSystem: FileSystem = DiskFileSystem()) -> [String] {
        var ignored = DiagnosticList()
        var theme = (try? fileSystem.read(joinPath(siteRoot, ConfigLoader.fileName), atMost: LoadStage.maxFileSize))
            .flatMap { String(strictUTF8: $0) }
            .flatMap { ConfigLoader.load(text: $0, file: ConfigLoader.fileName, diagnostics: &ignored)?.0.theme } ?? "theme"
        if theme.hasPrefix("/") || theme.split(separator: "/").contains("..") { theme = "theme" } // refused by the build anyway
        return [joinPath(siteRoot, ConfigLoader.fileName), joinPath(siteRoot, PublicationRecord.fileName),
                joinPath(siteRoot, "content"), joinPath(siteRoot, theme)]
    }
}
