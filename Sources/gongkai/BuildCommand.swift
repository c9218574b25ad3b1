import ArgumentParser
import GongkaiKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the website into public/ (生成网站).",
        discussion: """
        Runs load → validate → disclose → render → write. Files are written to a staging folder
        beside the output and swapped in only when the whole build succeeded, so a failed build
        leaves the previous website untouched. Every output file is audited for withheld text
        before it is staged. Exit status 1 when there is any error.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder (default: <site>/public).", valueName: "folder"))
    var output: String?

    func run() throws {
        let options = try site.buildOptions(output: output, write: true)
        let report = Pipeline().run(options)
        Reporter.print(report, options: site, wrote: output ?? (site.site == "." ? "public" : site.site + "/public"))
        if !report.succeeded { throw ExitCode(1) }
    }
}
