import Foundation
import Synchronization
import GongkaiCore
import GongkaiDisclosed

/// 开放数据 — every disclosed project as JSON and CSV, bulk CSV files per year with a zip of them,
/// and a Frictionless `datapackage.json`. Built from the disclosed view only.
struct OpenData {
    let site: DisclosedSite
    let views: SiteViews

    static func projectJSONPath(_ p: DisclosedProject) -> String { "data/projects/\(p.year)/\(p.slug).json" }
    static func projectCSVPath(_ p: DisclosedProject) -> String { "data/projects/\(p.year)/\(p.slug).csv" }
    static func performanceJSONPath(_ dp: DisclosedDepartmentPerformance) -> String { "data/departments/\(dp.year)/\(dp.slug).json" }

    /// One job per file. A year's zip is built by the first of its jobs to run, its tables written
    /// straight into it, and its CSV files are the zip's own bytes (each table is stored in it as it
    /// is); it is let go once the last of them is written. At 20,000 projects a year's zip is 24 MB;
    /// the three tables used to be held beside it, and each whole (as an array, then as `Data`) while
    /// it was built.
    ///
    /// Each year's jobs are placed together, and the years apart, among the projects' files: run side
    /// by side at the end, every year's tables and zip were held at once (+80 MB at the build's peak).
    func jobs() -> [FileJob] {
        var jobs: [FileJob] = []
        let years = site.years
        // A year's zip job builds the year's archive (a quarter of a second at 10,000 projects), and its tables are slices of
        // it. The tables' jobs come `tablesAfter` projects later: queued right behind the zip, they waited for the archive
        // under its lock while a core stood idle.
        let tablesAfter = 1_000
        var yearJobs: [(zip: FileJob, tables: [FileJob])] = years.map { year in
            let archive = SharedArchive(users: Self.yearTableNames.count + 1) { [self] in yearArchive(year) }
            return (FileJob(path: "data/\(year)/gongkai-\(year).zip") { archive.use { $0.zip } },
                    Self.yearTableNames.indices.map { i in
                        FileJob(path: "data/\(year)/\(Self.yearTableNames[i])") { archive.use { $0.zip[$0.entries[i]] } }
                    })
        }
        var waiting: [(due: Int, tables: [FileJob])] = []
        let count = site.projects.count
        let shared = Shared(self)
        for index in site.projects.indices {
            let p = site.projects[index]
            jobs.append(FileJob(path: Self.projectJSONPath(p)) { ProjectRecord(shared.value.site.projects[index], views: shared.value.views).encoded })
            jobs.append(FileJob(path: Self.projectCSVPath(p)) { shared.value.indicatorTable(for: [shared.value.site.projects[index]]).data })
            while let first = waiting.first, first.due <= index { jobs += waiting.removeFirst().tables }
            // Year k of n after project (k + 1) · count / (n + 1).
            let k = years.count - yearJobs.count
            if !yearJobs.isEmpty, (index + 1) * (years.count + 1) >= (k + 1) * count {
                let year = yearJobs.removeFirst()
                jobs.append(year.zip)
                waiting.append((index + tablesAfter, year.tables))
            }
        }
        for year in yearJobs { jobs.append(year.zip); jobs += year.tables }
        for year in waiting { jobs += year.tables }
        // 部门整体绩效: the project record's shape (code is the department's, name says what it is).
        for dp in site.departmentPerformance {
            jobs.append(FileJob(path: Self.performanceJSONPath(dp)) { ProjectRecord(performance: dp, views: shared.value.views).encoded })
        }
        jobs.append(FileJob(path: "data/datapackage.json") { [self] in json(dataPackage(), snakeCase: false) })
        return jobs
    }

    // MARK: Bulk tables

    static let projectColumns: [(String, String, String)] = [
        ("code", "string", "项目编号"), ("name", "string", "项目名称"), ("year", "integer", "预算年度"),
        ("department_code", "string", "主管部门编码"), ("department", "string", "主管部门"), ("unit", "string", "实施单位"),
        ("category", "string", "项目类别"), ("major", "boolean", "是否重大政策和项目"), ("amount_unit", "string", "金额单位"),
        ("initial_budget", "number", "年初预算数"), ("budget", "number", "全年预算数"), ("spent", "number", "全年执行数"),
        ("execution_rate", "number", "预算执行率（%）"), ("total_score", "number", "自评得分"), ("grade", "string", "自评等级"),
        ("targets_published", "date", "绩效目标公开日期"), ("self_evaluation_published", "date", "自评结果公开日期"),
        ("url", "string", "网页地址"),
    ]

    static let indicatorColumns: [(String, String, String)] = [
        ("project_code", "string", "项目编号"), ("year", "integer", "预算年度"), ("level1", "string", "一级指标"),
        ("level2", "string", "二级指标"), ("name", "string", "三级指标"), ("target", "string", "指标值"), ("basis", "string", "指标值确定依据"),
        ("actual", "string", "实际完成值"), ("weight", "number", "分值"), ("score", "number", "得分"), ("deviation", "string", "偏差原因分析及改进措施"),
        ("explanation", "string", "指标解释"),
        // Last, so that a script reading columns by position keeps its place.
        ("adjusted_target", "string", "调整后指标值（经批准调整的绩效目标，自评按此评价）"),
    ]

    static let evaluationColumns: [(String, String, String)] = [
        ("project_code", "string", "项目编号"), ("year", "integer", "预算年度"), ("project", "string", "项目名称"),
        ("type", "string", "评价类型"), ("evaluator", "string", "评价机构"), ("score", "number", "得分"), ("grade", "string", "等级"),
        ("scheme", "string", "等级方案"), ("published", "date", "公开日期"),
    ]

    func projectTable(_ year: Int) -> CSVTable {
        var table = CSVTable(header: Self.projectColumns.map(\.0))
        projectRows(year, into: &table) { _ in }
        return table
    }

    func indicatorTable(for projects: [DisclosedProject]) -> CSVTable {
        var table = CSVTable(header: Self.indicatorColumns.map(\.0))
        indicatorRows(for: projects, into: &table) { _ in }
        return table
    }

    func evaluationTable(_ year: Int) -> CSVTable {
        var table = CSVTable(header: Self.evaluationColumns.map(\.0))
        evaluationRows(year, into: &table) { _ in }
        return table
    }

    // Each appends its rows to `table`, handing it to `row` after each (to write a long table piece by piece).

    func projectRows(_ year: Int, into table: inout CSVTable, _ row: (inout CSVTable) -> Void) {
        for p in site.projects where p.year == year {
            let f = p.funding
            table.append([
                p.code, p.name, String(p.year), p.departmentCode, views.departmentName(p.departmentCode), views.unitName(p) ?? "",
                p.category ?? "", p.major ? "true" : "false", f?.unit.rawValue ?? "",
                number(f?.initialTotal), number(f?.budgetTotal), number(f?.spentTotal),
                f.flatMap { f in f.budgetTotal.flatMap { b in f.spentTotal.flatMap { ExactDecimal.percent($0, of: b)?.dropLast() }.map(String.init) } } ?? "",
                number(p.selfEvaluation?.totalScore), p.selfEvaluation?.grade ?? "",
                p.targets?.published?.description ?? "", p.selfEvaluation?.published?.description ?? "",
                site.config.baseURL + SiteViews.projectPath(p),
            ])
            row(&table)
        }
    }

    func indicatorRows(for projects: [DisclosedProject], into table: inout CSVTable, _ row: (inout CSVTable) -> Void) {
        for p in projects {
            for group in p.targets?.groups ?? [] {
                for sub in group.subgroups {
                    for i in sub.indicators {
                        table.append([p.code, String(p.year), group.name, sub.name, i.name, i.target?.raw ?? "", i.basis ?? "",
                                      i.result?.actual ?? "", number(i.result?.weight), number(i.result?.score), i.result?.deviation ?? "",
                                      i.explanation ?? "", i.adjustment?.target.raw ?? ""])
                        row(&table)
                    }
                }
            }
        }
    }

    func evaluationRows(_ year: Int, into table: inout CSVTable, _ row: (inout CSVTable) -> Void) {
        for p in site.projects where p.year == year {
            if let s = p.selfEvaluation {
                // 单位自评 is the implementing unit's own evaluation (the department organises it): the unit is its evaluator.
                table.append([p.code, String(year), p.name, GradeOverride.selfEvaluation, views.unitName(p) ?? views.departmentName(p.departmentCode),
                              number(s.totalScore), s.grade ?? "", s.gradeScheme.name, s.published?.description ?? ""])
                row(&table)
            }
            for e in p.evaluations {
                table.append([p.code, String(year), p.name, e.kind, e.evaluator ?? "", number(e.score), e.grade ?? "",
                              e.gradeScheme.name, e.published?.description ?? ""])
                row(&table)
            }
        }
    }

    /// The year's three bulk tables, in zip order.
    static let yearTableNames = ["projects.csv", "indicators.csv", "evaluations.csv"]

    /// The year's three tables in one zip, stamped with the year's latest publish date, and where each
    /// table's bytes lie in it. Each table is encoded straight into the zip, 64 KiB at a time.
    func yearArchive(_ year: Int) -> YearArchive {
        let projects = site.projects.filter { $0.year == year }
        var writer = ZipWriter(date: projects.compactMap(\.lastPublished).max() ?? CalendarDate(year: year, month: 12, day: 31)!)
        func add(_ name: String, _ columns: [(String, String, String)],
                 _ rows: (inout CSVTable, _ row: (inout CSVTable) -> Void) -> Void) -> Range<Int> {
            writer.add(path: name) { write in
                // `write` is only called while `rows` runs.
                withoutActuallyEscaping(write) { write in
                    var csv = CSVTable(header: columns.map(\.0))
                    rows(&csv) { csv in if csv.pendingBytes >= 1 << 16 { csv.flush(write) } }
                    csv.flush(write)
                }
            }
        }
        let entries = [
            add("projects.csv", Self.projectColumns) { csv, row in projectRows(year, into: &csv, row) },
            add("indicators.csv", Self.indicatorColumns) { csv, row in indicatorRows(for: projects, into: &csv, row) },
            add("evaluations.csv", Self.evaluationColumns) { csv, row in evaluationRows(year, into: &csv, row) },
        ]
        return YearArchive(zip: writer.finish(), entries: entries)
    }

    struct YearArchive: Sendable {
        var zip: Data
        /// Where each of `yearTableNames` lies in `zip`.
        var entries: [Range<Int>]
    }

    // MARK: datapackage.json

    struct DataPackage: Encodable {
        struct Field: Encodable { var name: String; var type: String; var title: String }
        struct Schema: Encodable { var fields: [Field] }
        struct Dialect: Encodable { var delimiter = ","; var lineTerminator = "\r\n"; var header = true }
        struct Resource: Encodable {
            var name: String; var path: String; var title: String; var format = "csv"; var mediatype = "text/csv"
            var encoding = "utf-8-sig"; var dialect = Dialect(); var schema: Schema
            var profile = "tabular-data-resource"
        }
        var profile = "tabular-data-package"
        var name: String
        var title: String
        /// Says what a program reading the CSV files must undo (the spreadsheet-formula guard).
        var description = DataPackage.csvNote
        var resources: [Resource]

        static let csvNote = "CSV 文件中以 = + - @ 开头的单元格（如指标值 =100%）前加了一个英文单引号（'），以免电子表格软件把它当作公式执行；用程序读取时请去掉这个开头的单引号。JSON 文件中没有这个单引号。"
    }

    func dataPackage() -> DataPackage {
        func schema(_ columns: [(String, String, String)]) -> DataPackage.Schema {
            DataPackage.Schema(fields: columns.map { DataPackage.Field(name: $0.0, type: $0.1, title: $0.2) })
        }
        var resources: [DataPackage.Resource] = []
        for year in site.years.sorted() {
            resources.append(.init(name: "projects-\(year)", path: "\(year)/projects.csv", title: "\(year)年度项目", schema: schema(Self.projectColumns)))
            resources.append(.init(name: "indicators-\(year)", path: "\(year)/indicators.csv", title: "\(year)年度绩效指标", schema: schema(Self.indicatorColumns)))
            resources.append(.init(name: "evaluations-\(year)", path: "\(year)/evaluations.csv", title: "\(year)年度评价结果", schema: schema(Self.evaluationColumns)))
        }
        return DataPackage(name: "gongkai-performance-data", title: site.config.title + "开放数据", resources: resources)
    }

    // MARK: Per-project JSON

    struct ProjectRecord: Encodable {
        struct Line: Encodable { var source: String; var initial: Decimal?; var budget: Decimal?; var spent: Decimal? }
        struct Use: Encodable { var item: String; var amount: Decimal }
        struct Funding: Encodable { var unit: String; var lines: [Line]; var initial: Decimal?; var budget: Decimal?; var spent: Decimal?; var uses: [Use] }
        struct Indicator: Encodable {
            var level1: String; var level2: String; var name: String; var target: String?; var basis: String?
            var actual: String?; var weight: Decimal?; var score: Decimal?; var deviation: String?; var explanation: String?
            /// 绩效目标调整: `target` stays the original one.
            var adjustedTarget: String?; var adjustmentDate: String?; var adjustmentReason: String?
        }
        struct Recheck: Encodable {
            var reviewer: String?; var date: String?; var score: Decimal; var grade: String?; var opinion: String?
            var difference: Decimal?; var flagged: Bool
        }
        struct Targets: Encodable { var published: String?; var goal: String?; var indicators: [Indicator] }
        struct SelfEvaluation: Encodable {
            var published: String?; var executionWeight: Decimal; var executionScore: Decimal?; var totalScore: Decimal?
            var grade: String?; var scheme: String; var problems: String?; var measures: String?; var goalAchieved: String?
            var frame: String; var baseTotal: Decimal?; var baseScore: Decimal?; var adjustments: [Adjustment]; var recheck: Recheck?
            var report: String
        }
        /// 加分项 / 扣分项: `kind` is 加分 or 扣分; points are never negative.
        struct Adjustment: Encodable { var kind: String; var item: String; var points: Decimal; var cap: Decimal?; var reason: String? }
        struct Evaluation: Encodable { var type: String; var evaluator: String?; var published: String?; var score: Decimal?; var grade: String?; var report: String }
        struct Checkpoint: Encodable { var date: String?; var plannedRate: Decimal?; var actualRate: Decimal?; var progress: String?; var measures: String? }
        struct Rectification: Encodable {
            var problem: String; var measure: String?; var responsible: String?; var deadline: String?; var status: String; var completed: String?; var source: String?
            /// A deadline written relative to the feedback (`deadline` is then computed), and the feedback date.
            var deadlineRule: String? = nil; var feedback: String? = nil
        }
        var code: String; var name: String; var year: Int; var department: String; var departmentCode: String
        var unit: String?; var category: String?; var major: Bool; var url: String
        var funding: Funding?; var targets: Targets?; var selfEvaluation: SelfEvaluation?
        var evaluations: [Evaluation]; var monitoring: [Checkpoint]; var rectifications: [Rectification]; var narrative: String
        /// 事前绩效评估.
        struct ExAnte: Encodable { var date: String?; var assessor: String?; var conclusion: String?; var score: Decimal?; var report: String }
        var exAnte: ExAnte?
        /// 年度主要任务 of a 部门整体绩效 record (nil, and left out, for a project).
        struct Task: Encodable { var name: String; var content: String?; var amount: Decimal?; var amountUnit: String }
        var tasks: [Task]?

        /// A 部门整体绩效 record: the project record's shape (code is the department's, name says what it is) with its tasks.
        init(performance dp: DisclosedDepartmentPerformance, views: SiteViews) {
            self.init(dp.asProject, views: views)
            url = views.site.config.baseURL + SiteViews.performancePath(dp)
            tasks = dp.tasks.isEmpty ? nil
                : dp.tasks.map { Task(name: $0.name, content: $0.content, amount: $0.amount, amountUnit: dp.taskUnit.rawValue) }
        }

        init(_ p: DisclosedProject, views: SiteViews) {
            code = p.code; name = p.name; year = p.year; departmentCode = p.departmentCode
            department = views.departmentName(p.departmentCode); unit = views.unitName(p); category = p.category; major = p.major
            url = views.site.config.baseURL + SiteViews.projectPath(p)
            funding = p.funding.map { f in
                Funding(unit: f.unit.rawValue, lines: f.lines.map { Line(source: $0.source, initial: $0.initial, budget: $0.budget, spent: $0.spent) },
                        initial: f.initialTotal, budget: f.budgetTotal, spent: f.spentTotal,
                        uses: f.uses.map { Use(item: $0.item, amount: $0.amount) })
            }
            targets = p.targets.map { t in
                Targets(published: t.published?.description, goal: t.goal, indicators: t.groups.flatMap { g in
                    g.subgroups.flatMap { s in
                        s.indicators.map { i in
                            Indicator(level1: g.name, level2: s.name, name: i.name, target: i.target?.raw, basis: i.basis,
                                      actual: i.result?.actual, weight: i.result?.weight, score: i.result?.score, deviation: i.result?.deviation,
                                      explanation: i.explanation,
                                      adjustedTarget: i.adjustment?.target.raw, adjustmentDate: i.adjustment?.date?.description,
                                      adjustmentReason: i.adjustment?.reason)
                        }
                    }
                })
            }
            selfEvaluation = p.selfEvaluation.map { s in
                SelfEvaluation(published: s.published?.description, executionWeight: s.executionWeight, executionScore: s.executionScore,
                               totalScore: s.totalScore, grade: s.grade, scheme: s.gradeScheme.name, problems: s.problems, measures: s.measures,
                               goalAchieved: s.goalAchieved, frame: s.frame.name, baseTotal: s.baseTotal, baseScore: s.baseScore,
                               adjustments: s.adjustments.map { Adjustment(kind: $0.kind.rawValue, item: $0.item, points: $0.points,
                                                                           cap: $0.cap, reason: $0.reason) },
                               recheck: s.recheck.map { Recheck(reviewer: $0.reviewer, date: $0.date?.description, score: $0.score, grade: $0.grade,
                                                                opinion: $0.opinion, difference: $0.difference, flagged: $0.flagged) },
                               report: s.report.text)
            }
            evaluations = p.evaluations.map { Evaluation(type: $0.kind, evaluator: $0.evaluator, published: $0.published?.description,
                                                         score: $0.score, grade: $0.grade, report: $0.report.text) }
            monitoring = p.monitoring.map { Checkpoint(date: $0.monthOnly ? $0.date?.monthString : $0.date?.description, plannedRate: $0.plannedRate, actualRate: $0.actualRate,
                                                       progress: $0.progress, measures: $0.measures) }
            rectifications = p.rectifications.map { Rectification(problem: $0.problem, measure: $0.measure, responsible: $0.responsible,
                                                                 deadline: $0.deadline?.description, status: $0.status.rawValue,
                                                                 completed: $0.completed?.description, source: $0.source,
                                                                 deadlineRule: $0.deadlineRule, feedback: $0.feedback?.description) }
            narrative = p.narrative.text
            exAnte = p.exAnte.map { ExAnte(date: $0.date?.description, assessor: $0.assessor, conclusion: $0.conclusion, score: $0.score,
                                           report: $0.report.text) }
        }
    }

}

    // MARK: Per-project JSON, written directly

extension OpenData.ProjectRecord {
    /// The record's canonical JSON with snake-case keys — `CanonicalJSON.encode(self, snakeCase: true)`
    /// byte for byte (`CanonicalJSONTests` compares them), written without the encoder's tree: the
    /// 20,000 project files of a platform spent 4 s of CPU there.
    var encoded: Data {
        var w = CanonicalJSON.Writer(capacity: 8192)
        w.object { w in
            w.member("category", category)
            w.member("code", code)
            w.member("department", department)
            w.member("department_code", departmentCode)
            w.member("evaluations", array: evaluations) { w, e in
                w.object { w in
                    w.member("evaluator", e.evaluator)
                    w.member("grade", e.grade)
                    w.member("published", e.published)
                    w.member("report", e.report)
                    w.member("score", e.score)
                    w.member("type", e.type)
                }
            }
            if let a = exAnte {
                w.member("ex_ante") { w in
                    w.member("assessor", a.assessor)
                    w.member("conclusion", a.conclusion)
                    w.member("date", a.date)
                    w.member("report", a.report)
                    w.member("score", a.score)
                }
            }
            if let f = funding {
                w.member("funding") { w in
                    w.member("budget", f.budget)
                    w.member("initial", f.initial)
                    w.member("lines", array: f.lines) { w, line in
                        w.object { w in
                            w.member("budget", line.budget)
                            w.member("initial", line.initial)
                            w.member("source", line.source)
                            w.member("spent", line.spent)
                        }
                    }
                    w.member("spent", f.spent)
                    w.member("unit", f.unit)
                    w.member("uses", array: f.uses) { w, use in
                        w.object { w in
                            w.member("amount", use.amount)
                            w.member("item", use.item)
                        }
                    }
                }
            }
            w.member("major", major)
            w.member("monitoring", array: monitoring) { w, m in
                w.object { w in
                    w.member("actual_rate", m.actualRate)
                    w.member("date", m.date)
                    w.member("measures", m.measures)
                    w.member("planned_rate", m.plannedRate)
                    w.member("progress", m.progress)
                }
            }
            w.member("name", name)
            w.member("narrative", narrative)
            w.member("rectifications", array: rectifications) { w, r in
                w.object { w in
                    w.member("completed", r.completed)
                    w.member("deadline", r.deadline)
                    w.member("deadline_rule", r.deadlineRule)
                    w.member("feedback", r.feedback)
                    w.member("measure", r.measure)
                    w.member("problem", r.problem)
                    w.member("responsible", r.responsible)
                    w.member("source", r.source)
                    w.member("status", r.status)
                }
            }
            if let s = selfEvaluation {
                w.member("self_evaluation") { w in
                    w.member("adjustments", array: s.adjustments) { w, a in
                        w.object { w in
                            w.member("cap", a.cap)
                            w.member("item", a.item)
                            w.member("kind", a.kind)
                            w.member("points", a.points)
                            w.member("reason", a.reason)
                        }
                    }
                    w.member("base_score", s.baseScore)
                    w.member("base_total", s.baseTotal)
                    w.member("execution_score", s.executionScore)
                    w.member("execution_weight", s.executionWeight)
                    w.member("frame", s.frame)
                    w.member("goal_achieved", s.goalAchieved)
                    w.member("grade", s.grade)
                    w.member("measures", s.measures)
                    w.member("problems", s.problems)
                    w.member("published", s.published)
                    if let c = s.recheck {
                        w.member("recheck") { w in
                            w.member("date", c.date)
                            w.member("difference", c.difference)
                            w.member("flagged", c.flagged)
                            w.member("grade", c.grade)
                            w.member("opinion", c.opinion)
                            w.member("reviewer", c.reviewer)
                            w.member("score", c.score)
                        }
                    }
                    w.member("report", s.report)
                    w.member("scheme", s.scheme)
                    w.member("total_score", s.totalScore)
                }
            }
            if let t = targets {
                w.member("targets") { w in
                    w.member("goal", t.goal)
                    w.member("indicators", array: t.indicators) { w, i in
                        w.object { w in
                            w.member("actual", i.actual)
                            w.member("adjusted_target", i.adjustedTarget)
                            w.member("adjustment_date", i.adjustmentDate)
                            w.member("adjustment_reason", i.adjustmentReason)
                            w.member("basis", i.basis)
                            w.member("deviation", i.deviation)
                            w.member("explanation", i.explanation)
                            w.member("level1", i.level1)
                            w.member("level2", i.level2)
                            w.member("name", i.name)
                            w.member("score", i.score)
                            w.member("target", i.target)
                            w.member("weight", i.weight)
                        }
                    }
                    w.member("published", t.published)
                }
            }
            if let tasks {
                w.member("tasks", array: tasks) { w, t in
                    w.object { w in
                        w.member("amount", t.amount)
                        w.member("amount_unit", t.amountUnit)
                        w.member("content", t.content)
                        w.member("name", t.name)
                    }
                }
            }
            w.member("unit", unit)
            w.member("url", url)
            w.member("year", year)
        }
        return w.data
    }
}

extension OpenData {
    // MARK: Helpers

    /// `snakeCase: false` for datapackage.json, whose keys the Frictionless spec spells in camel case (`lineTerminator`).
    func json(_ value: some Encodable, snakeCase: Bool = true) -> Data {
        (try? CanonicalJSON.encode(value, snakeCase: snakeCase)) ?? Data()
    }

    func number(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0, maxFractionDigits: 6) } ?? "" }
}

/// One output file and how to make it; jobs run concurrently and each result is emitted at once.
/// Something several jobs read, built by whichever of them runs first and let go after the last.
final class SharedArchive: Sendable {
    private let state: Mutex<(archive: OpenData.YearArchive?, users: Int)>
    private let build: @Sendable () -> OpenData.YearArchive

    init(users: Int, build: @escaping @Sendable () -> OpenData.YearArchive) {
        state = Mutex((nil, users))
        self.build = build
    }

    /// The archive, built now if no job has yet; counts this job as done with it.
    func use<T>(_ body: (OpenData.YearArchive) throws -> T) rethrows -> T {
        // Built under the lock: a second job of the year waits rather than building it again.
        let archive = state.withLock { state in
            let archive = state.archive ?? build()
            state.users -= 1
            state.archive = state.users > 0 ? archive : nil
            return archive
        }
        return try body(archive)
    }
}

struct FileJob: Sendable {
    let path: String
    let build: @Sendable () throws -> Data
}

/// One copy of a large value that many jobs read. A closure that captures a struct holds its own copy
/// in its context: 40,000 open-data jobs each holding the 1.8 KB `OpenData`, and 21,000 page jobs each
/// holding the 1 KB `SiteViews`, were 95 MB at 20,000 projects before the first file was made.
final class Shared<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
