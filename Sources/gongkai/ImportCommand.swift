import ArgumentParser
import Foundation
import GongkaiKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn target and self-evaluation tables (.xlsx, .csv) into project files (表格导入).",
        discussion: """
        Reads the usual layouts — 项目支出绩效目标表 and 项目支出绩效自评表 — recognised by their header \
        labels (extra blank rows, spaces inside labels, full-width punctuation and merged 一级/二级 \
        cells are fine). .xlsx is read directly; .csv may be UTF-8 (with or without BOM) or GB18030. \
        The department is matched by name or code against content/organisations.yaml.

        Each project goes to content/projects/<year>/<code>.md. Nothing is written when any table has \
        an error; an existing file is kept unless --force; --dry-run shows what would be written. \
        Problems name their cell: 目标表.xlsx:Sheet1!D12: error[GK501]: …
        --explain prints which rows were read as header, funding, goal and indicators, and which were skipped.

        Imported over an existing file (--force), the file's disclosure levels (公开属性) and everything the \
        sheet does not carry are kept; a level goes down only where a 公开属性 cell of the sheet says so.

        Examples:
          gongkai import 目标表.xlsx
          gongkai import 自评表.csv --year 2025 --code JYJ-001 --dry-run
          gongkai import 目标表.xlsx --explain --dry-run
        """
    )

    @Option(name: .long, help: ArgumentHelp("The site folder holding gongkai.yaml.", valueName: "folder"))
    var site: String = "."

    @Argument(help: ArgumentHelp("Spreadsheets to import.", valueName: "file"))
    var files: [String]

    @Option(help: "Fiscal year, when the sheet does not give it.")
    var year: Int?

    @Option(help: ArgumentHelp("Department code, instead of matching the sheet's department name.", valueName: "code"))
    var department: String?

    @Option(help: ArgumentHelp("Project code, when the sheet does not give it.", valueName: "code"))
    var code: String?

    @Flag(help: "Overwrite existing project files.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Show what would be written, write nothing.")
    var dryRun = false

    @Flag(help: "Print how each region of each sheet was read (header, funding, goal, indicators, skipped rows).")
    var explain = false

    func validate() throws {
        if let year, !(1990...2100).contains(year) { throw ValidationError("--year \(year) 不是有效的预算年度（1990–2100）") }
    }

    func run() throws {
        let result = SpreadsheetImport().run(ImportOptions(siteRoot: site, files: files, force: force, dryRun: dryRun,
                                                           year: year, department: department, code: code))
        if explain { for line in result.explanation { print(line) } }
        for d in result.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        guard result.succeeded else {
            FileHandle.standardError.write(Data("导入失败：未写入任何文件。\n".utf8))
            throw ExitCode(1)
        }
        for file in result.files {
            if dryRun {
                print("将写入 \(file.path)：\n\(file.text)")
            } else {
                print("已写入 \(file.path)")
            }
        }
    }
}
