import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiKit

/// Options shared by the commands that read a site folder.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder holding gongkai.yaml.", valueName: "folder"))
    var site: String = "."

    @Option(name: [.short, .long], help: ArgumentHelp("Threads for loading and rendering (default: number of cores).", valueName: "n"))
    var jobs: Int = defaultJobCount

    @Flag(name: .long, help: "Print only errors and warnings, no summary.")
    var quiet = false
}

/// Prints diagnostics (stderr) and the summary (stdout) the same way for every command.
enum Reporter {
    static func print(_ report: BuildReport, options: SiteOptions, wrote: String?) {
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let errors = report.errors.count, warnings = report.warnings.count
        if !report.succeeded {
            FileHandle.standardError.write(Data("构建失败：\(errors) 个错误，\(warnings) 个警告。\(wrote != nil ? "原有输出未被改动。" : "")\n".utf8))
            return
        }
        guard !options.quiet else { return }
        var lines: [String] = []
        if let wrote {
            lines.append("已生成 \(wrote)：\(report.pagesWritten) 个页面，共 \(report.filesWritten) 个文件（\(report.bytesWritten / 1024) KiB）")
        } else {
            lines.append("检查通过：\(report.pagesWritten) 个页面可生成（未写入文件）")
        }
        lines.append("公开项目 \(report.projectsPublished) 个，不予公开事项 \(report.itemsWithheld) 项；\(warnings) 个警告")
        let times = report.stageTimes.map { "\($0.stage) \(String(format: "%.0f", $0.seconds * 1000)) ms" }
        lines.append("用时：" + times.joined(separator: " · "))
        Swift.print(lines.joined(separator: "\n"))
    }
}
