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

    @Flag(name: .long, help: "Treat missing, late or empty required items (targets, results) as errors.")
    var strict = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Judge publishing deadlines on this day (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else as_of in gongkai.yaml.",
        valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp(
        "Write the internal report (withheld items with reasons, missing required items) to this file. Refused inside the output, content or theme folders.",
        valueName: "path"))
    var report: String?

    /// The reference day: `--as-of`, else `SOURCE_DATE_EPOCH` (reproducible builds), else none.
    func referenceDate() throws -> CalendarDate? {
        if let asOf {
            guard let date = CalendarDate(parsing: asOf) else { throw ValidationError("--as-of 应为 YYYY-MM-DD 形式的日期：\(asOf)") }
            return date
        }
        return try Self.sourceDateEpoch()
    }

    /// The day in China of `SOURCE_DATE_EPOCH`, when set (reproducible builds). A value that is not a
    /// time stamp of a plausible year is refused: read as absent, it would move every deadline check.
    static func sourceDateEpoch() throws -> CalendarDate? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] else { return nil }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0, let day = CalendarDate(unixTime: seconds) else {
            throw ValidationError("环境变量 SOURCE_DATE_EPOCH 应为 1970-01-01 以来的秒数（\(CalendarDate.plausibleYears.lowerBound)–\(CalendarDate.plausibleYears.upperBound) 年之内的整数），而不是“\(text)”")
        }
        return day
    }

    @Flag(name: .customLong("show-withheld"), help: ArgumentHelp(
        "Show withheld texts in diagnostics. By default a diagnostic about a withheld item names its file, line and code but replaces its text with 〔不予公开内容〕, because build logs are often shared. serve shows them on the terminal only, never in the browser."))
    var showWithheld = false

    func buildOptions(output: String?, write: Bool, forceOutput: Bool = false) throws -> BuildOptions {
        var options = BuildOptions(siteRoot: site, outputPath: output, jobs: jobs, writeOutput: write, strict: strict,
                                   asOf: try referenceDate(), reportPath: report, forceOutput: forceOutput)
        options.showWithheld = showWithheld
        return options
    }
}

/// Prints diagnostics (stderr) and the summary (stdout) the same way for every command.
enum Reporter {
    static func print(_ report: BuildReport, options: SiteOptions, wrote: String?) {
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let errors = report.errors.count, warnings = report.warnings.count
        if !report.succeeded {
            let output = wrote == nil ? "" : report.outputUntouched ? "原有输出未被改动。" : "原有输出已被移开，见上面的说明。"
            FileHandle.standardError.write(Data("构建失败：\(errors) 个错误，\(warnings) 个警告。\(output)\n".utf8))
            return
        }
        guard !options.quiet else { return }
        var lines: [String] = []
        if let wrote {
            let unchanged = report.filesUnchanged > 0 ? "，其中 \(report.filesUnchanged) 个与上次相同，未重写" : ""
            lines.append("已生成 \(wrote)：\(report.pagesWritten) 个页面，共 \(report.filesWritten) 个文件（\(report.bytesWritten / 1024) KiB）\(unchanged)")
        } else {
            lines.append("检查通过：\(report.pagesWritten) 个页面可生成（未写入文件）")
        }
        if report.filesAuditedBefore > 0 {
            lines.append("泄密审计：\(report.filesAuditedBefore) 个文件与上次构建审计过的完全相同（不予公开内容也未变），未再扫描")
        }
        lines.append("公开项目 \(report.projectsPublished) 个，不予公开事项 \(report.itemsWithheld) 项；\(warnings) 个警告")
        lines.append("搜索索引 \(report.searchIndexBytes / 1024) KiB（每个文档 \(report.searchIndexBytes / max(report.searchDocuments, 1)) 字节），"
                     + "一次两字查询首页约下载 \(report.searchQueryBytes / 1024) KiB")
        if let path = report.reportWritten { lines.append("内部报告已写入 \(path)（仅供内部使用，不得公开）") }
        let times = report.stageTimes.map { "\($0.stage) \(String(format: "%.0f", $0.seconds * 1000)) ms" }
        lines.append("用时：" + times.joined(separator: " · "))
        Swift.print(lines.joined(separator: "\n"))
    }
}
