import ArgumentParser
import GongkaiKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the site folder without writing anything (检查).",
        discussion: """
        Runs every stage up to render, including the leak audit and the required-item rules \
        (targets and results published on time), and prints each problem as \
        path:line:col: error[GKnnn]: message. Exit status 1 when there is any error; warnings \
        do not fail (--strict turns required-item warnings into errors). See docs/diagnostics.md.

        With --report PATH it also writes the internal report: every withheld item with its \
        level, reason and approver, and every missing required item. It is for the publishing \
        body only and is refused inside the output, content or theme folders.
        """
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        let options = try site.buildOptions(output: nil, write: false)
        let report = Pipeline().run(options)
        Reporter.print(report, options: site, wrote: nil)
        if !report.succeeded { throw ExitCode(1) }
    }
}
