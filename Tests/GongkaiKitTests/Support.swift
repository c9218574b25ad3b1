import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// The repository root, found from this file's path, so tests can use the real theme and example.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A small valid site in memory, with the real default theme. Tests change one file at a time.
struct SiteFixture {
    var files: [String: String] = [
        "gongkai.yaml": """
        title: 测试市预算绩效信息公开平台
        publisher: 测试市财政局
        base_url: https://example.gov.cn/
        intro: 本平台公开测试市的预算绩效信息。
        footer:
          site_code: "0000000001"
          icp: 测ICP备00000001号
        """,
        "content/organisations.yaml": """
        departments:
          - code: CZJ
            name: 测试市财政局
            units:
              - code: CZJ-01
                name: 测试市财政局本级
          - code: JYJ
            name: 测试市教育局
            intro: 主管全市教育工作。
            units:
              - code: JYJ-01
                name: 测试市第一中学
        """,
        "content/projects/2025/JYJ-2025-001.md": """
        ---
        code: JYJ-2025-001
        name: 学生营养改善计划
        year: 2025
        department: JYJ
        unit: JYJ-01
        funding:
          unit: 万元
          lines:
            - source: 财政拨款
              initial: 1200
              budget: 1250.50
              spent: 1198.6
        targets:
          published: 2025-02-18
          goal: 保障学生营养餐供应。
          indicators:
            - name: 产出指标
              weight: 90
              children:
                - name: 数量指标
                  children:
                    - name: 受益学生人数
                      target: ≥52000人
                      basis: 学籍统计
                      actual: 53126人
                      weight: 90
                      score: 50
        self_evaluation:
          published: 2026-03-20
          execution_score: 9.58
          total_score: 59.58
          grade: 差
        ---
        项目说明正文。
        """,
        "content/pages/zhengce/banfa.md": """
        ---
        title: 测试市预算绩效管理办法
        date: 2025-03-01
        category: 政策文件
        ---
        第一条　为了加强预算绩效管理，制定本办法。
        """,
    ]

    /// A memory file system holding the fixture and the real theme under `theme/`.
    func fileSystem() -> MemoryFileSystem {
        let fs = MemoryFileSystem(files)
        let disk = DiskFileSystem()
        let theme = joinPath(repositoryRoot, "theme")
        for path in (try? disk.listFiles(under: theme)) ?? [] {
            try? fs.write(disk.read(joinPath(theme, path)), to: joinPath("theme", path))
        }
        return fs
    }

    subscript(path: String) -> String? {
        get { files[path] }
        set { files[path] = newValue }
    }

    /// Builds into `public/` in memory.
    /// `showWithheld`: the diagnostics keep the withheld words they quote (`--show-withheld`).
    func build(jobs: Int = 2, showWithheld: Bool = false) -> (BuildReport, MemoryFileSystem) {
        let fs = fileSystem()
        var options = BuildOptions(siteRoot: ".", outputPath: "public", jobs: jobs)
        options.showWithheld = showWithheld
        let report = Pipeline(fileSystem: fs).run(options)
        return (Self.withoutBlankFinanceBureau(report), fs)
    }

    /// Runs `check` (no output written) and returns the diagnostics.
    func check() -> BuildReport {
        Self.withoutBlankFinanceBureau(Pipeline(fileSystem: fileSystem()).run(BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false)))
    }

    /// The fixture's 测试市财政局 has no project, so that tests can give it one: its blank page's warning (GK310, the
    /// subject of `EmptySectionTests`, which look at the pipeline's own report) is left out of the fixture's reports, and
    /// nothing else.
    static func withoutBlankFinanceBureau(_ report: BuildReport) -> BuildReport {
        var report = report
        func blank(_ d: Diagnostic) -> Bool {
            d.code == .emptySection && d.location.file == "content/organisations.yaml" && d.message.contains("“测试市财政局”")
        }
        report.diagnostics.removeAll(where: blank)
        report.redactedDiagnostics.removeAll(where: blank)
        return report
    }

    /// The project file with its front matter replaced line by line (`old` → `new`).
    mutating func edit(_ path: String, replacing old: String, with new: String) {
        guard let text = files[path], text.contains(old) else {
            Issue.record("fixture \(path) has no “\(old)”")
            return
        }
        files[path] = text.replacingOccurrences(of: old, with: new)
    }
}

extension MemoryFileSystem {
    /// Every output file below `folder`, as text.
    func outputTexts(under folder: String = "public") -> [String: String] {
        var result: [String: String] = [:]
        for path in (try? listFiles(under: folder)) ?? [] {
            result[path] = text(joinPath(folder, path))
        }
        return result
    }
}

extension BuildReport {
    /// The diagnostic with `code`, for position assertions.
    func first(_ code: DiagnosticCode) -> Diagnostic? { diagnostics.first { $0.code == code } }
    var rendered: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// SplitMix64: a small, fast generator giving the same sequence on every machine, so a failing seed
/// of a random-site, fuzz or import-fuzz test can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
