import Foundation
import GongkaiCore

/// What `gongkai import` should do.
public struct ImportOptions: Sendable {
    public var siteRoot: String
    public var files: [String]
    public var force: Bool
    public var dryRun: Bool
    /// Used when the sheet does not say (or to override it).
    public var year: Int?
    public var department: String?
    public var code: String?

    public init(siteRoot: String = ".", files: [String], force: Bool = false, dryRun: Bool = false,
                year: Int? = nil, department: String? = nil, code: String? = nil) {
        self.siteRoot = siteRoot
        self.files = files
        self.force = force
        self.dryRun = dryRun
        self.year = year
        self.department = department
        self.code = code
    }
}

public struct ImportResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var succeeded: Bool
    /// Project files written (or, with --dry-run, that would be written), with their text.
    public var files: [(path: String, text: String)]
    /// `--explain`: how each region of each sheet was read (header, funding, goal, indicators, skipped rows).
    public var explanation: [String] = []
}

/// 表格导入 — the clerks' target and self-evaluation tables become project files. Nothing is
/// written when any table has an error.
public struct SpreadsheetImport: Sendable {
    public let fileSystem: FileSystem

    /// The largest spreadsheet read (an .xlsx inflates to at most `SpreadsheetReader.maxInflated` anyway).
    static let maxFileSize = 64 * 1_048_576

    public init(fileSystem: FileSystem = DiskFileSystem()) {
        self.fileSystem = fileSystem
    }

    public func run(_ options: ImportOptions) -> ImportResult {
        var diagnostics = DiagnosticList()
        var planned: [(path: String, text: String)] = []
        var origins: [SourceLocation] = []      // the sheet each planned file comes from
        var explanation: [String] = []
        let organisations = loadOrganisations(options.siteRoot, &diagnostics)

        for file in options.files {
            let data: Data
            // Sized before it is read: a 2 GB file given by mistake was read whole and parsed as CSV for minutes.
            do { data = try fileSystem.read(file, atMost: Self.maxFileSize) } catch let large as FileTooLarge {
                diagnostics.error(.importFile, "文件有 \(FileTooLarge.shown(large.size))，超过导入表格的上限 \(FileTooLarge.shown(Self.maxFileSize))（目标表、自评表通常不到 1 MB）：请确认选对了文件",
                                  at: SourceLocation(file: file))
                continue
            } catch {
                diagnostics.error(.importFile, "无法读取文件", at: SourceLocation(file: file))
                continue
            }
            let sheets: [Sheet]
            let name = (file as NSString).lastPathComponent
            do { sheets = try SpreadsheetReader.read(data, file: name) } catch {
                let failure = error as? SpreadsheetReader.Failure
                let cell = failure.flatMap { f in f.sheet.map { "\($0)!\((f.cell ?? Sheet.Cell(row: 1, column: 1)).reference)" } }
                diagnostics.error(.importFile, "\(error)", at: SourceLocation(file: cell == nil ? file : name, cell: cell))
                continue
            }
            var tables: [(TableImporter, ImportedProject?)] = []
            var refused = false     // a layout recognised and refused is not reported again as “no table”
            var usesSheets: [(sheet: Sheet, uses: [ImportedProject.Use], unit: MoneyUnit?, header: Sheet.Cell)] = []
            var unreadElsewhere: [(sheet: Sheet, cell: Sheet.Cell, problem: String)] = []
            for sheet in sheets {
                // A hidden sheet (a blank template kept out of sight) is not the clerk's table: named, not read.
                if sheet.hidden {
                    if !sheet.cells.isEmpty {
                        diagnostics.warning(.importIgnored, "工作表“\(sheet.name)”是隐藏的，未导入（需要导入时请在 Excel 中取消隐藏）", at: sheet.location(1, 1))
                    }
                    explanation.append("\(name):\(sheet.name)：隐藏的工作表，未导入")
                    continue
                }
                func newImporter() -> TableImporter {
                    TableImporter(sheet: sheet, departmentGiven: options.department != nil, codeGiven: options.code != nil)
                }
                // An indicator header with no 项目名称 above it (a 指标库 of 共性指标 to choose from) is not a
                // project's table: it could never import, and would refuse the project's sheet beside it.
                // A department's table is refused, saying what it is, by the importer.
                let library = newImporter()
                if let header = library.findIndicatorHeader(), library.departmentWideCell(before: header.row) == nil,
                   library.findLabel(Labels.name, before: header.row) == nil {
                    diagnostics.warning(.importIgnored, "工作表“\(sheet.name)”有指标表头，但表头之上没有“项目名称”，不像项目的目标表或自评表（如指标库、填表示例），未导入",
                                        at: sheet.location(1, 1))
                    explanation.append("\(name):\(sheet.name)：有指标表头但没有项目名称（如指标库），未导入")
                    continue
                }
                // Whether the sheet is read (a target table or a table of uses), asked of a probe: reading
                // the uses records their diagnostics, which the importer below records once, itself.
                let isRead = { var probe = newImporter(); return probe.findIndicatorHeader() != nil || probe.readUses() != nil }()
                var importer = newImporter()
                // A sheet that is read must show all it holds: a row or column hidden in Excel (instead of
                // deleted, or by a filter left on), a cell whose format shows nothing (`;;;`, white on white)
                // or a note marking a row 涉密 would be read and published though the clerk never sees it.
                // A cell that cannot be read (an error value, a formula without its result) matters where the
                // sheet is read, or where no table is found (it may be why): a working sheet's #N/A is no matter.
                if let (cell, problem) = sheet.unreadCell {
                    if isRead { diagnostics.error(.importFile, "单元格 \(cell.reference) \(problem)", at: sheet.location(cell.row, cell.column)) }
                    else { unreadElsewhere.append((sheet, cell, problem)) }
                }
                if isRead, let (cell, row) = sheet.hiddenCell {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 所在的\(row ? "第\(cell.row)行" : "\(Sheet.Cell.columnName(cell.column))列")是隐藏的（或高度、宽度为 0 或几乎为 0）：Excel 中看不到它，导入却会读入并公开其内容。请在 Excel 中取消隐藏（或清除筛选）后核对，不需要的\(row ? "行" : "列")请删除，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let cell = sheet.concealedCell {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 的格式（数字格式“;;;”或“[White]”，或白底上的白色字体、与底色相同颜色的字体）使其内容不显示：Excel 中看到的是空白，导入却会读入并公开其内容。请把单元格格式改为“常规”或“文本”后核对，不需要的内容请删除，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let (cell, merge) = sheet.coveredCell() {
                    let range = merge.from.reference + ":" + merge.to.reference
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 在合并单元格 \(range) 之内：Excel 只显示 \(merge.from.reference) 的内容，\(cell.reference) 自己的内容看不到，导入却会读入并公开它。请取消合并后核对，不需要的内容请删除，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let cell = sheet.conditionallyHiddenCell {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 的条件格式使其内容不显示（与底色相同的字体颜色，或只显示数据条、图标而不显示数值）：Excel 中看不到，导入却会读入并公开其内容。请删除该条件格式（开始 → 条件格式 → 清除规则）后核对，不需要的内容请删除，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                // A NUL, an ESC or a direction override (pasted from another system) would be refused by the loader
                // after the import, far from its cell: named here, where the clerk can find it.
                if isRead, let (cell, scalar) = sheet.cells.keys.sorted().lazy.compactMap({ cell in
                    sheet.cells[cell]?.firstHiddenControl.map { (cell, $0.scalar) } }).first {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) " + LoadStage.hiddenControlMessage(scalar) + "，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let cell = sheet.struckCell {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 的文字带删除线：删除线通常表示已删去（改过的指标值、取消的指标），导入无法判断，会把它当作有效内容读入并公开。请把不要的文字或整行删除（而不是划掉），去掉删除线后再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let cell = sheet.whiteRunCell {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) 中有一段文字是白底上的白色字体（单元格里另设了颜色的一段）：Excel 中看不到这段文字，导入却会读入并公开它。请把整个单元格的字体颜色改为“自动”后核对，不需要的文字请删除，再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if isRead, let (cell, _) = sheet.notes.sorted(by: { $0.key < $1.key }).first(where: { note in Labels.withholdingWords.contains { note.value.contains($0) } }) {
                    diagnostics.error(.importDisclosure, "单元格 \(cell.reference) 的批注写有不予公开的级别（如“涉密”）：导入不读批注，按批注不公开的内容会被公开。请把级别写入“公开属性”列（或删除批注）后再导入",
                                      at: sheet.location(cell.row, cell.column))
                }
                if importer.findIndicatorHeader() != nil {
                    // Several projects' tables one below the other on this sheet: each is read on its own rows.
                    let ranges = importer.tableRanges()
                    for range in ranges {
                        var part = ranges.count == 1 ? importer
                            : TableImporter(sheet: sheet.restricted(to: range), departmentGiven: options.department != nil, codeGiven: options.code != nil)
                        if ranges.count > 1, options.code != nil, range == ranges[0] {
                            part.diagnostics.error(.importLayout, "此工作表有 \(ranges.count) 个项目的表（第\(ranges.map { "\($0.lowerBound)" }.joined(separator: "、"))行起），--code 只能给一个项目：请去掉 --code，在各表中填写项目编号",
                                                   at: sheet.location(range.lowerBound, 1))
                        }
                        let project = part.run()
                        diagnostics.append(contentsOf: part.diagnostics)
                        tables.append((part, project))
                    }
                } else if let found = importer.readUses() {
                    diagnostics.append(contentsOf: importer.diagnostics)
                    explanation += importer.explanation()
                    usesSheets.append((sheet, found.uses, found.unit, found.header))
                } else if let cell = importer.comprehensiveFrameLabel() {
                    diagnostics.error(.importLayout, "这像是综合评价框架的自评表（基础总分、加分项、自评总分），但没有找到“一级指标 | 分值 | 二级指标 | 三级指标 | 分值 | 指标解释 | 得分”表头，无法导入",
                                      at: sheet.location(cell.row, cell.column))
                    explanation.append("\(name):\(sheet.name)：综合评价框架的自评表，但没有可识别的指标表头")
                    refused = true
                } else if let label = importer.findLabel(Labels.name, before: sheet.maxRow + 1),
                          let indicators = importer.findLabel(Labels.level1 + Labels.level3 + Labels.target + ["绩效指标"], before: sheet.maxRow + 1) {
                    // A project's table whose indicator header is not recognised (a label spelt otherwise): skipped,
                    // the project would be missing from a workbook whose other sheets import, without a word.
                    diagnostics.error(.importLayout, "工作表“\(sheet.name)”有“\(Labels.normalized(sheet.cells[label] ?? "").prefix(12))”和“\(Labels.normalized(sheet.cells[indicators] ?? "").prefix(12))”，像是项目的目标表或自评表，但指标表头无法识别（应有“一级指标”“二级指标”“三级指标”“指标值”等列名）：请改正列名后再导入，未导入",
                                      at: sheet.location(indicators.row, indicators.column))
                    explanation.append("\(name):\(sheet.name)：像是项目表，但指标表头无法识别，未导入")
                    refused = true
                } else {
                    explanation.append("\(name):\(sheet.name)：没有指标表头或资金用途表头，整张跳过")
                }
            }
            if tables.isEmpty, !refused {
                for (sheet, cell, problem) in unreadElsewhere {
                    diagnostics.error(.importFile, "单元格 \(cell.reference) \(problem)", at: sheet.location(cell.row, cell.column))
                }
                diagnostics.error(.importLayout, "没有找到目标表或自评表（表中应有“一级指标”“二级指标”“三级指标”“指标值”等表头）",
                                  at: sheets.first.map { $0.location(1, 1) } ?? SourceLocation(file: name, cell: "A1"))
            }
            // A uses sheet belongs to the one project table of its workbook.
            if let first = usesSheets.first, !tables.isEmpty {
                if tables.count > 1 || usesSheets.count > 1 {
                    diagnostics.error(.importLayout, "文件中有 \(tables.count) 张项目表和 \(usesSheets.count) 张资金用途表，无法判断资金用途属于哪个项目：每个文件放一个项目及其资金用途表",
                                      at: usesSheets[usesSheets.count > 1 ? 1 : 0].sheet.location(1, 1))
                } else if let project = tables[0].1, let inTable = project.uses?.first {
                    // Two lists of the same project's uses: which one holds cannot be told.
                    diagnostics.error(.importLayout, "项目表中已有资金用途（第\(inTable.cell.row)行起），工作簿中又有资金用途表“\(first.sheet.name)”：请只保留一处",
                                      at: first.sheet.location(first.header.row, first.header.column))
                    tables[0].1 = nil
                } else if var project = tables[0].1 {
                    if let unit = first.unit, unit != project.moneyUnit, !project.funding.isEmpty {
                        diagnostics.error(.importNumber, "资金用途的金额单位（\(unit.rawValue)）与项目资金（\(project.moneyUnit.rawValue)）不同：请统一为同一单位",
                                          at: first.sheet.location(first.header.row, first.header.column))
                    }
                    project.uses = first.uses
                    project.usesSheet = first.sheet.name
                    project.usesSheetLevel = Labels.sheetNameLevel(first.sheet.name)
                    if let file = Labels.sheetNameLevel(first.sheet.file), file > (project.usesSheetLevel ?? .public) { project.usesSheetLevel = file }
                    tables[0].1 = project
                }
            }
            for (importer, project) in tables {
                explanation += importer.explanation()
                guard let project else { continue }
                if let out = resolve(project, sheet: importer.sheet, usesSheet: usesSheets.first?.sheet, options: options,
                                     organisations: organisations, &diagnostics) {
                    planned.append(out)
                    origins.append(importer.sheet.location(1, 1))
                }
            }
        }
        var seen: [String: SourceLocation] = [:]
        // Compared without case: on the Windows and macOS disks clerks use, JYJ-001.md and jyj-001.md are one file.
        for (item, origin) in zip(planned, origins) {
            guard let first = seen[item.path.lowercased()] else { seen[item.path.lowercased()] = origin; continue }
            let other = "\(first.file)\(first.cell.map { "（工作表“\($0.split(separator: "!").first ?? "")”）" } ?? "")"
            diagnostics.error(.importExists, "此表与 \(other) 导入到同一个项目文件 \(item.path)（文件名不分大小写）：同一项目的目标表和自评表请分别导入，先导入一张，再用 --force 导入另一张，合并到该文件",
                              at: origin)
        }
        guard !diagnostics.hasErrors else {
            return ImportResult(diagnostics: diagnostics.sorted, succeeded: false, files: [], explanation: explanation)
        }
        if !options.dryRun {
            for item in planned {
                // Atomically: with --force this replaces the clerk's own file, which must never be left half-written.
                do { try fileSystem.writeAtomically(Data(item.text.utf8), to: joinPath(options.siteRoot, item.path)) } catch {
                    diagnostics.error(.importFile, "无法写入：\(error)", at: SourceLocation(file: item.path))
                }
            }
        }
        return ImportResult(diagnostics: diagnostics.sorted, succeeded: !diagnostics.hasErrors, files: planned, explanation: explanation)
    }

    private func loadOrganisations(_ root: String, _ diagnostics: inout DiagnosticList) -> [Department] {
        let path = joinPath(root, OrganisationLoader.fileName)
        guard let data = try? fileSystem.read(path, atMost: LoadStage.maxFileSize), let text = String(strictUTF8: data) else {
            diagnostics.error(.missingFile, "找不到部门文件 \(OrganisationLoader.fileName)：导入需要用它把部门名称对应到部门编码", at: SourceLocation(file: path))
            return []
        }
        return OrganisationLoader.load(text: text, file: path, diagnostics: &diagnostics)
    }

    /// The site's configuration (grade schemes, scoring frames) with the departments' own schemes, as the build has
    /// it; nil when it does not load (the build names that).
    private func siteConfig(_ root: String, _ organisations: [Department]) -> SiteConfig? {
        var ignored = DiagnosticList()
        let text = (try? fileSystem.read(joinPath(root, ConfigLoader.fileName))).flatMap { String(strictUTF8: $0) }
        return text.flatMap { ConfigLoader.load(text: $0, file: ConfigLoader.fileName, diagnostics: &ignored)?.0 }
            .map { LoadStage.withDepartmentSchemes($0, organisations) }
    }

    private func resolve(_ p: ImportedProject, sheet: Sheet, usesSheet: Sheet?, options: ImportOptions, organisations: [Department],
                         _ diagnostics: inout DiagnosticList) -> (path: String, text: String)? {
        var p = p
        // No 年度资金总额 row scoring budget execution, and the rows' 分值 make the site's full marks and the 总分 row's:
        // execution is a row of the table, or not scored. Left out, the file took the default weight (10) and the next
        // build refused it (GK401) though the import exited 0. (Rows short of full marks leave the default: an export of
        // a file relying on it writes its 总分 without the execution weight.)
        if p.layout == .selfEvaluation, p.executionWeight == nil, p.frame == nil, p.cells["totalWeight"] != nil,
           let config = siteConfig(options.siteRoot, organisations),
           p.indicators.compactMap(\.weight).reduce(Decimal(0), +) == config.baseTotal(of: config.scoringFrame) {
            p.executionWeight = 0
        }
        let at = sheet.location(1, 1)
        func cell(_ key: String) -> SourceLocation { p.cells[key].map { sheet.location($0.row, $0.column) } ?? at }
        // A code typed into a number cell loses its leading zeros (001 is stored as 1): said when it matches nothing.
        func numberNote(_ key: String) -> String {
            guard let c = p.cells[key], sheet.numbers[c] != nil else { return "" }
            return "。此格存的是数字：编码开头的 0 会被 Excel 去掉，如是这样，请把该单元格格式设为“文本”后重新输入编码"
        }
        let wanted = options.department ?? p.department
        let key = Labels.normalized(wanted)
        // 主管部门及代码 asks for both: `青川市教育局 302` or `302 青川市教育局` names the department by either.
        let words = wanted.split(whereSeparator: { $0.isWhitespace || "（）()、,，".holdsMark($0) }).map(String.init)
        guard let department = organisations.first(where: { $0.code == wanted || Labels.normalized($0.name) == key })
                ?? organisations.first(where: { d in words.count > 1 && words.contains { $0 == d.code || Labels.normalized($0) == Labels.normalized(d.name) } }) else {
            diagnostics.error(.importReference, "主管部门“\(wanted)”不在 \(OrganisationLoader.fileName) 中（按名称或编码对应；也可用 --department 指定编码）\(options.department == nil ? numberNote("department") : "")", at: cell("department"))
            return nil
        }
        var unit: String?
        if !p.departmentWide, let name = p.unit {
            unit = department.units.first { $0.code == name || Labels.normalized($0.name) == Labels.normalized(name) }?.code
            if unit == nil {
                diagnostics.warning(.importReference, "实施单位“\(name)”不在部门“\(department.name)”的单位列表中，未写入 unit\(numberNote("unit"))", at: cell("unit"))
            }
        }
        guard let year = options.year ?? p.year else {
            diagnostics.error(.importMissingCell, "表中没有预算年度（如标题“（2025年度）”或“预算年度”一栏），请用 --year 指定", at: at)
            return nil
        }
        guard (1990...2100).contains(year) else {
            diagnostics.error(.importMissingCell, "预算年度 \(year) 不在 1990–2100 之间", at: options.year == nil ? cell("year") : at)
            return nil
        }
        if p.departmentWide, options.code != nil {
            diagnostics.error(.importLayout, "这是部门整体支出绩效表，写入 \(DepartmentPerformanceLoader.folder)/<年度>/<部门编码>.md，没有项目编号：请去掉 --code", at: at)
            return nil
        }
        guard let code = p.departmentWide ? department.code : options.code ?? p.code else {
            diagnostics.error(.importMissingCell, "表中没有项目编号（“项目编号”一栏），请用 --code 指定", at: at)
            return nil
        }
        guard Slug.isValidCode(code) else {
            diagnostics.error(.unsafeSlug, "项目编号“\(code)”不可用：只能使用字母、数字和 - _ .（不含“..”，不以“.”结尾）", at: cell("code"))
            return nil
        }
        let path = joinPath(p.departmentWide ? DepartmentPerformanceLoader.folder : ProjectLoader.folder, String(year), "\(code).md")
        // One loader for each kind of file: a department-wide file is read in a project's shape.
        func load(_ text: String, _ diagnostics: inout DiagnosticList) -> Project? {
            p.departmentWide ? DepartmentPerformanceLoader.load(text: text, file: path, diagnostics: &diagnostics)?.asProject
                : ProjectLoader.load(text: text, file: path, diagnostics: &diagnostics)
        }
        /// A department file's 年度主要任务 (its project shape has none).
        func tasks(_ text: String) -> [DepartmentTask] {
            var ignored = DiagnosticList()
            return DepartmentPerformanceLoader.load(text: text, file: path, diagnostics: &ignored)?.tasks ?? []
        }
        let fullPath = joinPath(options.siteRoot, path)
        // A symbolic link on the way (`content/projects/2025` linked to a shared drive) or in the file's place would take
        // the file out of the site folder — into a folder no build reads, links in content/ being GK001 — and with
        // --force merge into, and replace, a file elsewhere. Asked before the folder is listed or the file read.
        let parts = path.split(separator: "/")
        if let link = parts.indices.lazy.map({ parts[...$0].joined(separator: "/") })
            .first(where: { fileSystem.symlinkDestination(joinPath(options.siteRoot, $0)) != nil }) {
            diagnostics.error(.importExists, "\(link) 是符号链接：导入不会经由符号链接写入 \(path)（那会写到站点目录之外），构建也不读取 content/ 中的符号链接；请换成真实的文件夹或文件，未写入",
                              at: at)
            return nil
        }
        // `jyj-001.md` beside `JYJ-001.md` is the same file on the Windows and macOS disks clerks use
        // (and the same code to the validator): writing it would replace that file without --force.
        let name = "\(code).md"
        if let other = fileSystem.entries(in: parentFolder(of: fullPath)).first(where: { $0 != name && $0.lowercased() == name.lowercased() }) {
            diagnostics.error(.importExists, "\(joinPath(parentFolder(of: path), other)) 已存在，与 \(path) 只差大小写（在 Windows 和 macOS 上是同一个文件，项目编号也重复）：请沿用原编号“\(other.dropLast(3))”，未写入",
                              at: cell("code"))
            return nil
        }
        var existing: ProjectFileWriter.Existing?
        if p.layout == .monitoring {
            // A monitoring table adds a checkpoint to the project's file: it has no targets of its own.
            var loading = DiagnosticList()
            guard fileSystem.isFile(fullPath) else {
                diagnostics.error(.importMissingCell, "\(path) 不存在：绩效运行监控表只能并入已有的项目文件（监控表不含可发布的绩效目标），请先导入该项目的目标表", at: at)
                return nil
            }
            guard let data = try? fileSystem.read(fullPath), let text = String(strictUTF8: data), let old = load(text, &loading), !loading.hasErrors,
                  let checkpoint = p.checkpoint else {
                if !diagnostics.hasErrors { diagnostics.error(.importExists, "\(path) 无法读取或有错误，不能并入监控情况：请先用 gongkai check 修正它", at: at) }
                return nil
            }
            if !options.force, old.monitoring.contains(where: { $0.date.map { $0.year == year && $0.month == checkpoint.month } ?? false }) {
                diagnostics.error(.importExists, "\(path) 已有\(year)年\(checkpoint.month)月的监控情况：确认要以此表替换时加 --force", at: sheet.location(checkpoint.cell.row, checkpoint.cell.column))
                return nil
            }
            let merged = ProjectFileWriter.withCheckpoint(checkpoint, year: year, existing: .init(project: old, text: text), floor: p.sheetNameLevel)
            var again = DiagnosticList()
            guard let written = load(merged, &again), !again.hasErrors else {
                for d in again.items where d.severity == .error {
                    diagnostics.error(.importResult, "导入结果无法通过检查，未写入：\(Redaction.withoutQuotes(d.message))", at: sheet.location(checkpoint.cell.row, checkpoint.cell.column))
                }
                return nil
            }
            // A withheld text of the file pasted into the progress or measures would be published: refused.
            ImportLevels.check(old: old, new: written, origins: [:], fallback: checkpoint.cell,
                               at: { o in sheet.location(o.cell.row, o.cell.column) }, &diagnostics)
            return (path, merged)
        }
        if fileSystem.isFile(fullPath) {
            guard options.force else {
                diagnostics.error(.importExists, "\(path) 已存在：确认要覆盖时加 --force（先用 --dry-run 查看将写入的内容）", at: at)
                return nil
            }
            // Merged into, never simply replaced: the file's levels and everything the sheet lacks are kept.
            var loading = DiagnosticList()
            guard let data = try? fileSystem.read(fullPath), let text = String(strictUTF8: data),
                  let old = load(text, &loading), !loading.hasErrors else {
                diagnostics.error(.importExists, "\(path) 已存在但无法读取或有错误，不能与表格合并（合并才能保留原有的公开属性）：请先用 gongkai check 修正它", at: at)
                return nil
            }
            // Refuse rather than drop: what the table layouts cannot carry would be lost by the merge.
            let lost = ProjectFileWriter.unrepresentable(in: old, sheetHasFrame: p.frame != nil)
            guard lost.isEmpty else {
                diagnostics.error(.importWouldLose,
                                  "\(path) 含有表格无法表示的内容（\(lost.joined(separator: "、"))），合并导入会丢失它们，未写入：请直接编辑该文件",
                                  at: at)
                return nil
            }
            existing = ProjectFileWriter.Existing(project: old, text: text, tasks: p.departmentWide ? tasks(text) : [])
        }
        if p.uses != nil, p.funding.isEmpty, existing?.project.funding == nil {
            diagnostics.error(.importMissingCell, "有资金用途表，但项目表中没有资金来源（年度资金总额及财政拨款等行）：资金用途只能记在项目资金之下",
                              at: usesSheet?.location(1, 1) ?? at)
            return nil
        }
        // The comprehensive layout has no 指标值 column; the project format needs one for every 三级 row.
        let oldTargets = Set((existing?.project.targets?.indicators ?? []).flatMap { l1 in
            l1.children.flatMap { l2 in l2.children.filter { $0.target != nil }.map { "\(l1.name)/\(l2.name)/\($0.name)" } }
        })
        var missingTarget = false
        // Rows of the comprehensive frame are criteria described by 指标解释: they need no target.
        for i in p.indicators where p.frame == nil && i.target.isEmpty && !oldTargets.contains("\(i.level1)/\(i.level2)/\(i.name)") {
            let c = i.cell.map { sheet.location($0.row, $0.column) } ?? at
            diagnostics.error(.importMissingCell, "三级指标“\(i.name)”没有指标值：项目文件要求每个三级指标有指标值（target），请在表中加“指标值”列，或先在项目文件中写好再用 --force 合并导入", at: c)
            missingTarget = true
        }
        if missingTarget { return nil }
        if p.goal == nil, existing?.project.targets?.goal == nil {
            let cell = p.goalCell.map { sheet.location($0.row, $0.column) } ?? at
            diagnostics.error(.importMissingCell, "表中没有年度总体目标（目标表的“年度总体目标”一栏，自评表“年度总体目标”下的“预期目标”）", at: cell)
            return nil
        }
        // The file's amounts that the table does not carry (its uses, a department's tasks) are in the unit of its
        // funding (万元 without one): kept under the table's money in another unit, they would be read ten thousand
        // times off, without a word.
        if let old = existing, !p.funding.isEmpty, p.moneyUnit != (old.project.funding?.unit ?? .tenThousandYuan) {
            var kept: [String] = []
            if p.uses == nil, !(old.project.funding?.uses.isEmpty ?? true) { kept.append("资金用途（uses）") }
            if p.departmentWide, p.tasks == nil, old.tasks.contains(where: { $0.amount != nil }) { kept.append("年度主要任务（tasks）的金额") }
            if !kept.isEmpty {
                let oldUnit = old.project.funding?.unit ?? .tenThousandYuan, cell = p.funding[0].cell ?? Sheet.Cell(row: 1, column: 1)
                diagnostics.error(.importNumber, "表中的金额单位是\(p.moneyUnit.rawValue)，而 \(path) 的\(kept.joined(separator: "和"))以\(oldUnit.rawValue)记、表中没有：合并后会按\(p.moneyUnit.rawValue)读，差一万倍。请把表中的金额换算为\(oldUnit.rawValue)并写明单位，或先把文件中的这些金额换算为\(p.moneyUnit.rawValue)，未写入",
                                  at: sheet.location(cell.row, cell.column))
                return nil
            }
        }
        // Task amounts are in the unit of the file's funding (万元 without one): a table in 元 whose money is not
        // written with them would be read ten thousand times too large.
        if let task = p.tasks?.first(where: { $0.amount != nil }), let cell = task.amountCell {
            let written = p.funding.isEmpty ? existing?.project.funding?.unit ?? .tenThousandYuan : p.moneyUnit
            if written != p.moneyUnit {
                diagnostics.error(.importNumber, "表中的金额单位是\(p.moneyUnit.rawValue)，而部门整体绩效文件的任务金额按 funding 的单位（\(written.rawValue)）记：请把表中金额换算为\(written.rawValue)并写明单位，或在表中写出按收入性质分的资金后再导入",
                                  at: sheet.location(cell.row, cell.column))
                return nil
            }
        }
        // A self-evaluation without a readable total is named at its cell by the table's reader: the file would not load.
        if p.layout == .selfEvaluation, p.totalScore == nil { return nil }
        let text = ProjectFileWriter.text(p, code: code, year: year, department: department.code, unit: unit, sourceFile: sheet.file,
                                          existing: existing)
        // Never write a file that does not load: read the text back with the real loader.
        var loading = DiagnosticList()
        let written = load(text, &loading)
        if loading.hasErrors || written == nil {
            // The loader quotes values, and the row may be withheld: its message is shown without them,
            // at the cell the failing line's value came from.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for d in loading.items where d.severity == .error {
                let line = d.location.line - 1 < lines.count && d.location.line >= 1 ? lines[d.location.line - 1] : ""
                let value = line.split(separator: "\"").dropFirst().first.map { String($0) } ?? ""
                let cell = value.isEmpty ? nil : sheet.cells.filter { $0.value.trimmed == value || (value.count >= 2 && $0.value.contains(value)) }
                    .keys.min { ($0.row, $0.column) < ($1.row, $1.column) }
                // A missing field's quote is gongkai's own field name (`budget`), never the clerk's text: kept, as the build keeps it.
                let message = Redaction.structuralQuotes.contains(d.code) ? d.message : Redaction.withoutQuotes(d.message)
                diagnostics.error(.importResult, "导入结果无法通过检查，未写入：\(message)",
                                  at: cell.map { sheet.location($0.row, $0.column) } ?? at)
            }
            if !loading.hasErrors { diagnostics.error(.importResult, "导入结果无法读取，未写入", at: at) }
            return nil
        }
        // The grade follows the scheme in force (the build's GK407, named there at a line of the written file): named
        // here at the 自评等级 cell, or — a grade the file kept through a merge, the table giving none — at the 总分
        // cell whose new score contradicts it.
        // Only a self-evaluation table carries scores: a target table merged into a file keeps its self-evaluation as it was.
        // The same for the 年度资金总额 row's 得分 against 分值 × 执行率 (the build's GK404), named at that cell, and for the
        // site's full marks and bonus cap (GK401, GK413): a table whose weights add up to 110 with a 总分 of 110, or three
        // 加分项 of 5 under a frame's cap of 10, only checks itself — imported, the file was refused by the next build.
        if p.layout == .selfEvaluation, let written, let s = written.selfEvaluation,
           s.grade != nil || p.executionScore != nil || p.totalScore != nil || !p.adjustments.isEmpty,
           let config = siteConfig(options.siteRoot, organisations) {
            var checks = DiagnosticList()
            ScoringChecks.check(written, config: config, departmentWide: p.departmentWide, into: &checks)
            for d in checks.items where d.severity == .error {
                if d.code == .gradeMismatch, d.location == s.fieldLocations["grade"], let grade = s.grade {
                    let kept = p.grade == nil ? "（自评等级“\(grade)”是 \(path) 原有的，表中没有自评等级：请在表中写明新的自评等级）" : ""
                    diagnostics.error(.importGrade, "自评等级与得分不符：\(d.message)\(kept)", at: cell(p.grade == nil ? "total" : "grade"))
                } else if d.code == .executionScoreMismatch, p.executionScore != nil, p.cells["execution"] != nil,
                          d.location == s.fieldLocations["execution_score"] {
                    diagnostics.error(.importWeights, d.message, at: cell("execution"))
                } else if d.code == .weightsDoNotAddUp, d.location == s.location, p.executionWeight != nil || p.frame != nil,
                          !diagnostics.items.contains(where: { $0.code == .importWeights }) {
                    // Only where the table states budget execution's weight (the 年度资金总额 row, or a row of the frame):
                    // without it the file takes the site's default.
                    diagnostics.error(.importWeights, "\(d.message)（gongkai.yaml 规定的满分）：请改正各项分值",
                                      at: cell(["baseWeight", "totalWeight"].first { p.cells[$0] != nil } ?? "total"))
                } else if d.code == .bonusOverCap, let line = p.adjustments.first(where: \.bonus) {
                    diagnostics.error(.importWeights, d.message, at: sheet.location(line.cell.row, line.cell.column))
                }
            }
        }
        if let old = existing?.project, let written {
            let fallback = Sheet.Cell(row: 1, column: 1)
            let origins = ImportLevels.origins(p, fallback: fallback)
            ImportLevels.check(old: old, new: written, oldTasks: existing?.tasks ?? [], newTasks: p.departmentWide ? tasks(text) : [],
                               origins: origins, fallback: fallback,
                               at: { o in (o.sheet != nil ? usesSheet ?? sheet : sheet).location(o.cell.row, o.cell.column) }, &diagnostics)
        }
        return (path, text)
    }
}

/// `gongkai export`: a project file back to a CSV table in the clerks' layout.
public enum ProjectExport {
    /// The theme folder named in gongkai.yaml (default `theme`), so the refusal covers it.
    static func themeFolder(_ siteRoot: String, _ fs: FileSystem) -> String {
        var ignored = DiagnosticList()
        let text = (try? fs.read(joinPath(siteRoot, ConfigLoader.fileName))).flatMap { String(strictUTF8: $0) }
        return text.flatMap { ConfigLoader.load(text: $0, file: ConfigLoader.fileName, diagnostics: &ignored)?.0.theme } ?? "theme"
    }

    public enum Layout: String, Sendable { case targets, selfEvaluation = "self-evaluation" }

    /// `outputPath` is where the caller will write the table; it is refused inside a published folder.
    ///
    /// Export reads one file, not the site, so no ledger says which of its items are withheld: every quote of a
    /// content file's text in the diagnostics is blanked, as the build blanks those of a file that did not load
    /// (a classified project's name in a GK102, say), unless `showWithheld` (`--show-withheld`).
    public static func run(siteRoot: String, projectFile: String, layout: Layout, outputPath: String? = nil,
                           showWithheld: Bool = false, fileSystem: FileSystem = DiskFileSystem()) -> (Data?, [Diagnostic]) {
        let (csv, diagnostics) = exported(siteRoot: siteRoot, projectFile: projectFile, layout: layout, outputPath: outputPath,
                                          fileSystem: fileSystem)
        return (csv, showWithheld ? diagnostics : Redaction.withoutLedger.apply(diagnostics))
    }

    private static func exported(siteRoot: String, projectFile: String, layout: Layout, outputPath: String?,
                                 fileSystem: FileSystem) -> (Data?, [Diagnostic]) {
        var diagnostics = DiagnosticList()
        var departments: [Department] = []
        if let data = try? fileSystem.read(joinPath(siteRoot, OrganisationLoader.fileName)), let text = String(strictUTF8: data) {
            departments = OrganisationLoader.load(text: text, file: OrganisationLoader.fileName, diagnostics: &diagnostics)
        }
        // A department-wide file (content/departments/<year>/<code>.md) is exported as the 部门整体支出绩效表.
        let departmentWide = projectFile.split(separator: "/").dropLast(2).last == "departments"
        var tasks: [DepartmentTask] = []
        guard let data = try? fileSystem.read(projectFile), let text = String(strictUTF8: data),
              let project = departmentWide ? DepartmentPerformanceLoader.load(text: text, file: projectFile, diagnostics: &diagnostics).map({ tasks = $0.tasks; return $0.asProject })
                : ProjectLoader.load(text: text, file: projectFile, diagnostics: &diagnostics), !diagnostics.hasErrors else {
            if !diagnostics.hasErrors { diagnostics.error(.unreadableFile, "无法读取项目文件", at: SourceLocation(file: projectFile)) }
            return (nil, diagnostics.sorted)
        }
        if project.targets == nil {
            // The table is the indicator block: without targets it would not import back.
            diagnostics.error(.missingField, "项目没有绩效目标（targets），无法导出为目标表或自评表", at: SourceLocation(file: projectFile))
            return (nil, diagnostics.sorted)
        }
        if layout == .selfEvaluation, project.selfEvaluation == nil {
            diagnostics.error(.missingField, "项目没有单位自评（self_evaluation），无法导出自评表", at: SourceLocation(file: projectFile))
            return (nil, diagnostics.sorted)
        }
        // The export writes the national layout: a self-evaluation scored in another frame (基础总分, 加减分项)
        // would come out with rows and a 总分 that do not add up, and not import back.
        if layout == .selfEvaluation, let s = project.selfEvaluation, s.frameName != nil || s.baseScore != nil || !s.adjustments.isEmpty {
            diagnostics.error(.importWouldLose, "项目的自评按\(s.frameName.map { "“\($0)”" } ?? "其他")评价框架评分（基础总分、加减分项），导出的自评表只有通用格式，无法如实表示：请直接编辑项目文件",
                              at: SourceLocation(file: projectFile))
            return (nil, diagnostics.sorted)
        }
        let department = departments.first { $0.code == project.departmentCode }
        if let outputPath {
            do {
                try PublishedFolders.refuse(outputPath, what: "导出的表格（含不予公开的内容）",
                                            output: OutputFolder(fileSystem: fileSystem, path: joinPath(siteRoot, "public")),
                                            siteRoot: siteRoot, theme: themeFolder(siteRoot, fileSystem))
                // Only a table export wrote before is replaced, laid out as it writes one: never the clerk's own table.
                if let refusal = PublishedFolders.refusal(toReplace: outputPath, fileSystem: fileSystem, what: "导出表格", isOwn: TableExporter.wrote) {
                    throw PublishedFolders.Refusal(description: refusal)
                }
            } catch {
                diagnostics.error(.reportPath, "\(error)", at: SourceLocation(file: outputPath))
                return (nil, diagnostics.sorted)
            }
        }
        let unit = project.unitCode.flatMap { code in department?.units.first { $0.code == code }?.name }
        let csv = TableExporter.csv(project, layout: layout == .targets ? .targets : .selfEvaluation,
                                    departmentName: department?.name ?? project.departmentCode, unitName: unit, departmentWide: departmentWide,
                                    tasks: tasks)
        return (csv, diagnostics.sorted)
    }
}
