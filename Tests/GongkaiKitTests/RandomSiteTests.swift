import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Property: for any site — random trees of departments, units, projects, indicators, evaluations,
/// funding lines, text fields and passages, each with a random disclosure level — no withheld text
/// reaches any output file, and every public text does.
@Suite("Random sites never leak")
struct RandomSiteTests {
    /// One random site (from a SplitMix64 seed, so a failing one can be replayed) and what the website must and must not show.
    struct RandomSite {
        var files: [String: String] = [:]
        var publicTexts: [String] = []
        var withheldTexts: [String] = []
        private var rng: SplitMix64
        private var counter = 0

        init(seed: UInt64) {
            rng = SplitMix64(state: seed)
            generate()
            saveAsClerksDo()
        }

        /// Files as editors save them: LF, Windows CRLF, old Mac CR or a mix, sometimes with a BOM.
        mutating func saveAsClerksDo() {
            for (path, text) in files.sorted(by: { $0.key < $1.key }) {
                var out = chance(20) ? "\u{FEFF}" : ""
                let style = count(0...3)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if i > 0 { out += [0: "\n", 1: "\r\n", 2: "\r"][style] ?? ["\n", "\r\n", "\r"][count(0...2)] }
                    out += line
                }
                files[path] = out
            }
        }

        /// A distinctive text: random CJK characters plus a counter, never a substring of another.
        mutating func token() -> String {
            counter += 1
            var text = ""
            for _ in 0..<4 { text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &rng))!) }
            var n = counter
            repeat { text.unicodeScalars.append(Unicode.Scalar(0x4E00 + UInt32(n % 64))!); n /= 64 } while n > 0
            return text + "乂"
        }

        /// Mostly public, sometimes each of the other levels.
        mutating func level() -> String {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: "classified"
            case 1: "on-request"
            case 2: "limited"
            case 3: "涉密"
            default: "public"
            }
        }

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
        mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

        /// Records `text` as public or withheld according to its path.
        mutating func record(_ text: String, visible: Bool) {
            if visible { publicTexts.append(text) } else { withheldTexts.append(text) }
        }

        /// A text field, plain or with its own level; returns the YAML value.
        mutating func field(visible parent: Bool) -> String {
            let text = token()
            if chance(40) {
                let l = level()
                record(text, visible: parent && isPublic(l))
                return "{value: \(text), disclosure: \(l)}"
            }
            record(text, visible: parent)
            return text
        }

        /// Markdown with fenced passages at random levels, fences spelled every accepted way, and
        /// HTML comments (never published).
        mutating func markdown(visible parent: Bool, indent: String = "") -> String {
            var lines: [String] = []
            for _ in 0..<count(1...3) {
                let text = token()
                if chance(50) {
                    let l = level()
                    let spelled = [l, l.uppercased(), l.capitalized][count(0...2)]
                    let (open, close) = [("::: ", ":::"), ("  ::: ", "  :::"), ("　　::: ", "　　:::"), ("：：：", "：：："),
                                         (":：:", ":::  ")][count(0...4)]
                    lines += [open + spelled, text, close, ""]
                    record(text, visible: parent && isPublic(l))
                } else {
                    lines += [text, ""]
                    record(text, visible: parent)
                }
                if chance(15) {
                    let note = token()
                    lines += [chance(50) ? "<!-- \(note) -->" : "正文<!-- 备注\(note) -->", ""]
                    record(note, visible: false)
                }
            }
            return lines.map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n")
        }

        func isPublic(_ level: String) -> Bool { level == "public" }

        mutating func generate() {
            files["gongkai.yaml"] = "title: 随机站点\npublisher: 随机机关\nbase_url: https://random.example.gov.cn/\ninference: warn\n"
            var organisations = ["departments:"]
            var projectNumber = 0, pageNumber = 0
            for d in 0..<count(1...3) {
                let dLevel = level(), dName = token()
                let dVisible = isPublic(dLevel)
                record(dName, visible: dVisible)
                organisations += ["  - code: D\(d)", "    name: \(dName)", "    disclosure: \(dLevel)",
                                  "    intro: \(field(visible: dVisible))", "    units:"]
                var units: [(String, Bool)] = []
                for u in 0..<count(0...2) {
                    let uLevel = level(), uName = token()
                    record(uName, visible: dVisible && isPublic(uLevel))
                    organisations += ["      - code: D\(d)-U\(u)", "        name: \(uName)", "        disclosure: \(uLevel)"]
                    units.append(("D\(d)-U\(u)", dVisible && isPublic(uLevel)))
                }
                for _ in 0..<count(0...4) {
                    projectNumber += 1
                    let unit = units.isEmpty || chance(40) ? nil : units[count(0...(units.count - 1))]
                    project(number: projectNumber, department: "D\(d)", unit: unit?.0, parent: unit?.1 ?? dVisible)
                }
                if chance(50) { pageNumber += 1; page(number: pageNumber, department: "D\(d)", parent: dVisible) }
            }
            if organisations.last == "    units:" { organisations.append("") }
            files["content/organisations.yaml"] = organisations.joined(separator: "\n").replacingOccurrences(of: "    units:\n  -", with: "    units: []\n  -") + "\n"
            pageNumber += 1
            page(number: pageNumber, department: nil, parent: true)
        }

        mutating func page(number: Int, department: String?, parent: Bool) {
            let l = level(), title = token()
            let visible = parent && isPublic(l)
            record(title, visible: visible)
            files["content/pages/p\(number).md"] = """
            ---
            title: \(title)
            date: 2025-03-01
            disclosure: \(l)
            \(department.map { "department: \($0)" } ?? "")
            summary: \(field(visible: visible))
            ---
            \(markdown(visible: visible))
            """
        }

        mutating func project(number: Int, department: String, unit: String?, parent: Bool) {
            let pLevel = level(), name = token()
            let visible = parent && isPublic(pLevel)
            record(name, visible: visible)
            var y = ["---", "code: P\(number)", "name: \(name)", "year: 2025", "department: \(department)", "disclosure: \(pLevel)"]
            if let unit { y.append("unit: \(unit)") }
            if chance(70) {
                y += ["funding:", "  unit: 万元", "  lines:"]
                for _ in 0..<count(1...2) {
                    let l = level(), source = token()
                    record(source, visible: visible && isPublic(l))
                    y += ["    - source: \(source)", "      budget: \(count(1...999))", "      disclosure: \(l)"]
                }
                if chance(40) {
                    let l = level(), item = token()
                    record(item, visible: visible && isPublic(l))
                    y += ["  uses:", "    - {item: \(item), amount: 1, disclosure: \(l)}"]
                }
            }
            let selfEvaluation = chance(60)
            let sLevel = level()
            var leafCount = 0 // every leaf weighs 10 and scores 8; execution takes the rest of 100
            let resultsVisible = visible && selfEvaluation && isPublic(sLevel)
            if chance(75) {
                let tLevel = level()
                let tVisible = visible && isPublic(tLevel)
                y += ["targets:", "  published: 2025-02-18", "  disclosure: \(tLevel)", "  goal: \(field(visible: tVisible))", "  indicators:"]
                for _ in 0..<count(1...2) {
                    let gLevel = level(), gName = token()
                    let gVisible = tVisible && isPublic(gLevel)
                    var gHasRows = false
                    y += ["    - name: \(gName)", "      disclosure: \(gLevel)", "      children:"]
                    for _ in 0..<count(1...2) {
                        let sgLevel = level(), sgName = token()
                        let sgVisible = gVisible && isPublic(sgLevel)
                        var sgHasRows = false
                        y += ["        - name: \(sgName)", "          disclosure: \(sgLevel)", "          children:"]
                        for _ in 0..<count(1...2) {
                            let lLevel = level(), lName = token()
                            let lVisible = sgVisible && isPublic(lLevel)
                            sgHasRows = sgHasRows || lVisible
                            record(lName, visible: lVisible)
                            y += ["            - name: \(lName)", "              target: ≥\(count(1...99999))个", "              disclosure: \(lLevel)",
                                  "              basis: \(field(visible: lVisible))"]
                            if selfEvaluation {
                                leafCount += 1
                                let actual = token()
                                record(actual, visible: lVisible && resultsVisible)
                                y += ["              actual: \(actual)", "              weight: 10", "              score: 8",
                                      "              deviation: \(field(visible: lVisible && resultsVisible))"]
                            }
                        }
                        // A group shows as the merged cell of its rows: with no row shown, it is not shown.
                        record(sgName, visible: sgHasRows)
                        gHasRows = gHasRows || sgHasRows
                    }
                    record(gName, visible: gHasRows)
                }
            }
            if selfEvaluation {
                y += ["self_evaluation:", "  published: 2026-03-20", "  disclosure: \(sLevel)", "  total_score: \(8 * leafCount)",
                      "  execution_weight: \(100 - 10 * leafCount)",
                      "  problems: \(field(visible: resultsVisible))", "  measures: \(field(visible: resultsVisible))",
                      "  goal_achieved: \(field(visible: resultsVisible))"]
            }
            if chance(30) {
                let cLevel = level()
                let cVisible = visible && isPublic(cLevel)
                y += ["monitoring:", "  - date: 2025-06-30", "    planned_rate: 40%", "    actual_rate: 41%", "    disclosure: \(cLevel)",
                      "    progress: \(field(visible: cVisible))", "    measures: \(field(visible: cVisible))"]
            }
            if chance(30) {
                // An item whose problem is withheld is left out whole, its measure included.
                let rLevel = level(), pLevel = level(), problem = token()
                let rVisible = visible && isPublic(rLevel) && isPublic(pLevel)
                record(problem, visible: rVisible)
                y += ["rectifications:", "  - problem: {value: \(problem), disclosure: \(pLevel)}", "    deadline: 2025-12-31",
                      "    status: 整改中", "    disclosure: \(rLevel)", "    measure: \(field(visible: rVisible))"]
            }
            let evaluations = count(0...2)
            if evaluations > 0 { y.append("evaluations:") }
            for _ in 0..<evaluations {
                let eLevel = level(), evaluator = token()
                let eVisible = visible && isPublic(eLevel)
                record(evaluator, visible: eVisible)
                y += ["  - kind: 第三方评价", "    evaluator: \(evaluator)", "    score: 85", "    published: 2026-05-01",
                      "    disclosure: \(eLevel)", "    report: |2", markdown(visible: eVisible, indent: "      ")]
            }
            y += ["---", markdown(visible: visible)]
            files["content/projects/2025/P\(number).md"] = y.joined(separator: "\n")
        }
    }

    /// How many random sites (CI sets GONGKAI_RANDOM_SITES=2000); split into chunks that run in parallel.
    static let iterations = Int(ProcessInfo.processInfo.environment["GONGKAI_RANDOM_SITES"] ?? "") ?? 1000
    static let chunks = 8

    @Test(arguments: 0..<chunks)
    func noWithheldTextReachesTheOutputAndEveryPublicTextDoes(chunk: Int) throws {
        let theme = SiteFixture().fileSystem()
        let themeFiles = theme.allPaths.filter { $0.hasPrefix("theme/") }
        var totalWithheld = 0, totalPublic = 0
        let perChunk = (Self.iterations + Self.chunks - 1) / Self.chunks
        let seeds = (chunk * perChunk + 1)...((chunk + 1) * perChunk)
        for seed in seeds.map(UInt64.init) {
            let site = RandomSite(seed: seed)
            let fs = MemoryFileSystem(site.files)
            for path in themeFiles { try fs.write(theme.read(path), to: path) }
            let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
            guard report.succeeded else {
                Issue.record("seed \(seed) failed to build:\n\(report.rendered)")
                return
            }
            // Every generated text ends in “乂”: collect what precedes each 乂 in the output (one pass,
            // independent of the audit's matcher, which is what is under test).
            let scalars = Array(fs.outputTexts().values.joined(separator: "\n").unicodeScalars)
            var seen = Set<String>()
            for (i, scalar) in scalars.enumerated() where scalar == "乂" {
                var text = String.UnicodeScalarView()
                text.append(scalar)
                for j in stride(from: i - 1, through: max(0, i - 12), by: -1) {
                    text.insert(scalars[j], at: text.startIndex)
                    seen.insert(String(text))
                }
            }
            func outputContains(_ text: String) -> Bool { seen.contains(text) }
            for text in site.withheldTexts where outputContains(text) {
                Issue.record("seed \(seed): withheld “\(text)” reached the output")
                return
            }
            for text in site.publicTexts where !outputContains(text) {
                let where_ = site.files.first { $0.value.contains(text) }
                Issue.record("seed \(seed): public “\(text)” is missing from the output; in \(where_?.key ?? "?"):\n\(where_?.value ?? "")")
                return
            }
            totalWithheld += site.withheldTexts.count
            totalPublic += site.publicTexts.count
        }
        // The generator really exercises both sides.
        #expect(totalWithheld > perChunk * 3)
        #expect(totalPublic > perChunk * 5)
    }
}
