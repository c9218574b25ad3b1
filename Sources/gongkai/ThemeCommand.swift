import ArgumentParser
import Foundation
import GongkaiKit

struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Work with the built-in theme (主题).",
        subcommands: [ThemeExportCommand.self]
    )
}

struct ThemeExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built-in theme out to change it (导出内置主题).",
        discussion: """
        A site uses the built-in theme unless its theme folder (theme/, or `theme:` in gongkai.yaml) \
        has a file of the same path: each file there replaces the built-in one, the rest stays built in. \
        Export, then keep only the files you change, so that later versions of gongkai can improve the rest. \
        Refuses a folder that is not empty.

        Example:
          gongkai theme export theme     then edit theme/assets/style.css and delete what you did not change
        """
    )

    @Argument(help: ArgumentHelp("The folder to write (must be missing or empty).", valueName: "folder"))
    var folder: String

    func run() throws {
        do {
            let written = try Scaffold.exportTheme(to: folder)
            print("已将内置主题写入 \(folder)（\(written.count) 个文件）。只保留要修改的文件即可，其余仍用内置主题。")
        } catch let refusal as Scaffold.Refusal {
            FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
