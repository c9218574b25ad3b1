import ArgumentParser
import GongkaiKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the website into public/ (生成网站).",
        discussion: """
        Runs load → validate → disclose → render → write. Files are written to a staging folder \
        beside the output and swapped in only when the whole build succeeded, so a failed build \
        leaves the previous website untouched. Every output file is audited for withheld text \
        before it is staged. Exit status 1 when there is any error.

        gongkai replaces only a folder it built (marked by .gongkai-build.json): an existing file, the \
        site folder, a folder holding it or one inside content/ or the theme is refused, and so is a \
        folder with other files unless --force-output. When the output is a symbolic link, the folder \
        it points to is replaced. One build into a folder runs at a time (lock: .public.lock beside it); \
        every output folder is remembered in <site>/.gongkai/outputs so that bundles, exports and the \
        internal report are never written into one.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder (default: <site>/public).", valueName: "folder"))
    var output: String?

    @Flag(name: .customLong("force-output"), help: "Replace an existing output folder that gongkai did not build (no .gongkai-build.json).")
    var forceOutput = false

    func run() throws {
        var options = try site.buildOptions(output: output, write: true, forceOutput: forceOutput)
        let progress = TerminalProgress(enabled: !site.quiet)
        if let progress { options.progress = { @Sendable done, total in progress.update(done, total) } }
        let report = Pipeline().run(options)
        progress?.finish()
        Reporter.print(report, options: site, wrote: output ?? (site.site == "." ? "public" : site.site + "/public"))
        if !report.succeeded { throw ExitCode(1) }
    }
}
