import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a project file back as a CSV table in the clerks' layout (导出为表格).",
        discussion: """
        --layout targets writes the 项目支出绩效目标表, --layout self-evaluation the 项目支出绩效自评表, \
        as UTF-8 CSV with BOM that Excel opens. `gongkai import` reads it back with every value kept; the \
        公开属性 column and cells carry each item's disclosure level, so a table edited in Excel and \
        imported again (--force) withholds what the file withheld.

        Example:
          gongkai export content/projects/2025/JYJ-001.md --layout self-evaluation --output JYJ-001-自评表.csv
        """
    )

    @Option(name: .long, help: ArgumentHelp("The site folder holding gongkai.yaml.", valueName: "folder"))
    var site: String = "."

    @Argument(help: ArgumentHelp("The project file.", valueName: "file"))
    var project: String

    @Option(help: ArgumentHelp("targets or self-evaluation.", valueName: "layout"))
    var layout: String = "targets"

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write (default: standard output).", valueName: "path"))
    var output: String?

    @Flag(help: ArgumentHelp("Show withheld texts in diagnostics. By default a quote of the project file's text is replaced by 〔不予公开内容〕: export reads one file, so it cannot tell which of its texts are withheld."))
    var showWithheld = false

    func run() throws {
        guard let layout = ProjectExport.Layout(rawValue: layout) else {
            throw ValidationError("--layout 应为 targets 或 self-evaluation")
        }
        let (csv, diagnostics) = ProjectExport.run(siteRoot: site, projectFile: project, layout: layout, outputPath: output,
                                                   showWithheld: showWithheld)
        for d in diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        guard let csv else { throw ExitCode(1) }
        guard let output else { FileHandle.standardOutput.write(csv); return }
        // Atomic: a temporary file beside it, renamed over; a link at `output` is replaced, never written through.
        do { try DiskFileSystem().writeAtomically(csv, to: output) } catch {
            FileHandle.standardError.write(Data("\(output): error[GK006]: 无法写入导出的表格：\(FileSystemError.describe(error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
