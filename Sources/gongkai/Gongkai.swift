import ArgumentParser

@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "预算绩效信息公开网站生成器 — builds a budget-performance disclosure website from a site folder.",
        discussion: """
        A site folder holds gongkai.yaml, content/ (organisations, projects, pages) and a theme.
        Classified (涉密), on-request (依申请公开) and limited (在一定范围内公开) items never reach the website.

        Examples:
          gongkai build                              build ./ into ./public
          gongkai build --site city/                 build another site folder
          gongkai check --report ../内部报告.md       report every problem; write the internal report
          gongkai bundle --year 2025 --stage budget  the people's-congress bundle
          gongkai import 目标表.xlsx                  a clerk's table becomes a project file
        """,
        subcommands: [BuildCommand.self, CheckCommand.self, BundleCommand.self, VerifyCommand.self, DeployCommand.self, KeyCommand.self, ImportCommand.self, ExportCommand.self],
        defaultSubcommand: nil
    )
}
