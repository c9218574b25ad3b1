import ArgumentParser
import Foundation
import GongkaiKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new site in an empty folder (新建站点).",
        discussion: """
        Writes gongkai.yaml (with explanations in Chinese), content/organisations.yaml, one project and \
        one page. The site uses the built-in theme, so it needs no theme/ folder; it builds with no \
        warnings. Refuses a folder that is not empty.

        Example:
          gongkai new 我的站点 && cd 我的站点 && gongkai serve
        """
    )

    @Argument(help: ArgumentHelp("The folder to create (must be missing or empty).", valueName: "folder"))
    var folder: String

    func run() throws {
        do {
            let written = try Scaffold.newSite(at: folder)
            print("已在 \(folder) 新建站点（\(written.count) 个文件）。下一步：")
            print("  cd \(Scaffold.shellWord(folder))")
            print("  gongkai serve      预览（浏览器打开 http://127.0.0.1:8000/）")
            print("  gongkai build      生成网站到 public/")
        } catch let refusal as Scaffold.Refusal {
            FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
