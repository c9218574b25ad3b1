import ArgumentParser
import GongkaiCore

@main
struct Gongkai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "预算绩效信息公开网站生成器 — builds a budget-performance disclosure website from a site folder.",
        discussion: """
        A site folder holds gongkai.yaml, content/ (organisations, projects, pages) and, optionally, a theme folder \
        whose files replace those of the built-in theme. \
        Classified (涉密), on-request (依申请公开) and limited (在一定范围内公开) items never reach the website.

        Examples:
          gongkai build                              build ./ into ./public
          gongkai build --site city/                 build another site folder
          gongkai check --report ../内部报告.md       report every problem; write the internal report
          gongkai bundle --year 2025 --stage budget  the people's-congress bundle
          gongkai import 目标表.xlsx                  a clerk's table becomes a project file
          gongkai new 我的站点                        start a site (uses the built-in theme)
          gongkai serve                              preview at http://127.0.0.1:8000/, reloads on change
        """,
        subcommands: [BuildCommand.self, CheckCommand.self, BundleCommand.self, VerifyCommand.self, DeployCommand.self, KeyCommand.self,
                      ImportCommand.self, ExportCommand.self, NewCommand.self, ServeCommand.self, ThemeCommand.self],
        defaultSubcommand: nil
    )

    static func main() async {
        FreedMemory.tuneHeap()
        await main(nil)
    }
}
