import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiKit
import GongkaiRender

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Make the people's-congress bundle for one year and stage (人大报送材料).",
        discussion: """
        budget (预算): the performance targets of major policies and projects, sent with the budget draft. \
        accounts (决算): self-evaluations, key evaluations and rectification, sent with the final accounts.

        The bundle is one zip: report.html (self-contained, prints on A4 with page numbers), the data \
        as CSV and JSON, and manifest.json with every file's size and SHA-256. It holds public items \
        and limited items whose scope names the people's congress (scope: [人大]); never on-request or \
        classified ones, and the same leak audit as the website runs on it. The same content always \
        gives the same bytes (set SOURCE_DATE_EPOCH to fix the entries' date). The root digest printed \
        at the end is the SHA-256 of manifest.json: quote it in the cover letter; `gongkai verify` \
        checks a bundle against it.

        Examples:
          gongkai bundle --year 2025 --stage budget
          gongkai bundle --year 2024 --stage accounts --department JYJ --department WJW --pdf
          gongkai bundle --year 2024 --stage accounts --audience 上级工会 --department ZGH
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("Fiscal year (预算年度).", valueName: "year"))
    var year: Int

    @Option(help: ArgumentHelp("budget (预算) or accounts (决算).", valueName: "stage"))
    var stage: String

    @Option(name: .customLong("department"), help: ArgumentHelp("Only this department (repeat for several).", valueName: "code"))
    var departments: [String] = []

    @Option(help: ArgumentHelp("Who receives it: 人大 (default) or a named circle, e.g. 上级工会; limited items whose scope names it are included.",
                               valueName: "name"))
    var audience: String?

    @Flag(name: .customLong("all-projects"), help: "Budget stage: all projects, not only major ones.")
    var allProjects = false

    @Option(name: [.short, .long], help: ArgumentHelp("The zip to write (default: <site>/人大报送-<year>-<stage>.zip).", valueName: "path"))
    var output: String?

    @Flag(help: "Also print the report to PDF beside the zip with headless Chromium.")
    var pdf = false

    func run() throws {
        guard let stage = BundleStage(rawValue: self.stage) else {
            throw ValidationError("--stage 应为 budget（预算）或 accounts（决算）")
        }
        // `--audience "$AUD"` with AUD unset must not quietly become the people's congress.
        if let audience, audience.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--audience 不能为空：报送人大时省略此项，报送其他范围时写明名称（如 上级工会）")
        }
        let date = try SiteOptions.sourceDateEpoch()
        let selection = BundleSelection(year: year, stage: stage, departments: departments.isEmpty ? nil : departments,
                                        allProjects: allProjects)
        var options = BundleOptions(siteRoot: site.site, selection: selection, outputPath: output, jobs: site.jobs, date: date)
        options.showWithheld = site.showWithheld
        options.audience = audience
        options.strict = site.strict
        options.asOf = try site.referenceDate()
        options.pdf = pdf
        let result = PeoplesCongressBundle().run(options)
        for d in result.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        guard result.succeeded, let zip = result.zipPath, let digest = result.rootDigest else {
            FileHandle.standardError.write(Data("报送材料未生成：\(result.diagnostics.filter { $0.severity == .error }.count) 个错误。\n".utf8))
            throw ExitCode(1)
        }
        print("已生成 \(zip)：\(result.departments) 个部门、\(result.projects) 个项目，\(result.files) 个文件（\(result.bytes / 1024) KiB）")
        print("根摘要（SHA-256，manifest.json）：\(digest)")
        if pdf, let html = result.reportHTML {
            let pdfPath = options.pdfPath
            try PDFPrinter.print(html: html, to: pdfPath)
            print("已生成 PDF：\(pdfPath)")
        }
    }
}

/// Prints an HTML file to PDF with headless Chromium, when it is installed.
enum PDFPrinter {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    static func print(html: Data, to path: String) throws {
        guard let browser = candidates.lazy.compactMap(find).first else {
            FileHandle.standardError.write(Data("无法生成 PDF：找不到 Chromium（尝试了 \(candidates.joined(separator: "、"))）。请安装 chromium（Debian: apt-get install chromium fonts-noto-cjk）后重试。\n".utf8))
            throw ExitCode(1)
        }
        // A new folder of its own, never one already there (a process id is reused), and the user's alone (0700): the
        // report is for the people's congress only, and the temporary folder is shared by every user of the machine.
        // It is deleted afterwards.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("report.html")
        try html.write(to: input)
        // Printed in the private folder, then moved into place whole: a print that fails half-way leaves no half PDF
        // in place of the last good one.
        let printed = folder.appendingPathComponent("report.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--print-to-pdf=\(printed.path)", input.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let pdf = try? Data(contentsOf: printed), pdf.starts(with: Array("%PDF-".utf8)) else {
            FileHandle.standardError.write(Data("无法生成 PDF：\(browser) 退出码 \(process.terminationStatus)；\(path) 未改动（若已有，它是上一次的 PDF，与新的 zip 不一致，请勿报送）\n".utf8))
            throw ExitCode(1)
        }
        do { try DiskFileSystem().writeAtomically(pdf, to: path) } catch {
            FileHandle.standardError.write(Data("无法写入 PDF：\(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
