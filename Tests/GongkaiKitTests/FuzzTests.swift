import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Random bytes and random mutations of real site files, fed to `check` and `build` for a bounded time.
/// Whatever the input: no crash or hang, success exactly when there is no error, a diagnostic for every
/// failure, and a failed build leaves the previous output as it was. Each case is reproducible from
/// the seed and its number (printed on failure). `GONGKAI_FUZZ_SECONDS` (default 15) bounds the time,
/// `GONGKAI_FUZZ_SEED` picks another sequence.
@Suite("Fuzz: hostile files never crash check or build")
struct FuzzTests {

    /// Fragments clerks' files and attackers really contain.
    static let fragments: [String] = [
        "&a ", "*a", ": ", "- ", "\n", "\r\n", "\t", "\u{3000}", "：", "，", "---\n", ":::", "::: 涉密\n", ":::\n", "{", "}", "[", "]",
        "\"", "'", "|\n", ">", "#", "%", "@", "`", "!!binary ", "\u{0}", "\u{FEFF}", "１２３", "-1", "1e400", "89,5",
        String(repeating: "9", count: 50), "..", "/", "../../etc/passwd", "<script>alert(1)</script>", "{{title}}", "{{{body}}}",
        "javascript:alert(1)", "2025-02-30", "9999-99-99", "≥", "%%", "万元", "disclosure: 涉密\n", "level: 未知\n", "😀", "\u{202E}",
        "code: ../x\n", "year: 99999999999999999999\n", "weight: 1e999\n", "    ", "? ", "<<: *a\n",
    ]

    static func mutate(_ data: Data, _ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: // random bytes
            return Data((0..<Int.random(in: 0..<600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 1: // change a few bytes
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case 2, 3: // insert a hostile fragment
            let fragment = Array(fragments.randomElement(using: &rng)!.utf8)
            bytes.insert(contentsOf: fragment, at: Int.random(in: 0...bytes.count, using: &rng))
        case 4: // delete a range
            if !bytes.isEmpty {
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...40, using: &rng)))
            }
        case 5: // duplicate a line
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if let line = lines.randomElement(using: &rng) { lines.insert(line, at: Int.random(in: 0...lines.count, using: &rng)) }
            bytes = Array(lines.joined(separator: [0x0A]))
        default: // truncate
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        }
        return Data(bytes)
    }

    @Test func randomAndMutatedFilesNeverCrashAndAlwaysExplainAFailure() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["GONGKAI_FUZZ_SECONDS"].flatMap(Double.init) ?? 15
        let seed = environment["GONGKAI_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_251_129
        let base = SiteFixture()
        let inputs = base.files.keys.sorted()
        // The example site too (every fourth case, check only): its files use every feature.
        let disk = DiskFileSystem()
        var example: [(String, Data)] = [("gongkai.yaml", try disk.read(joinPath(repositoryRoot, "gongkai.yaml")))]
        for folder in ["content", "theme"] {
            for path in try disk.listFiles(under: joinPath(repositoryRoot, folder)) {
                example.append((joinPath(folder, path), try disk.read(joinPath(repositoryRoot, folder, path))))
            }
        }
        let exampleInputs = example.map(\.0).filter { !$0.hasPrefix("theme/") }
        let fixtureFS = base.fileSystem()
        let fixture = try fixtureFS.allPaths.map { ($0, try fixtureFS.read($0)) }

        // A previous build whose output every failed build must leave alone.
        let previous = base.fileSystem()
        #expect(Pipeline(fileSystem: previous).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1)).succeeded)
        let previousOutput = try previous.allPaths.filter { $0.hasPrefix("public/") }.map { ($0, try previous.read($0)) }

        let deadline = Date().addingTimeInterval(seconds)
        var cases = 0, failures = 0
        while Date() < deadline || cases < 20 {
            var rng = SplitMix64(state: seed &+ UInt64(cases) &* 0x1_0000_0001)
            let onExample = cases % 4 == 3
            let fs = MemoryFileSystem()
            for (path, data) in onExample ? example : fixture { try fs.write(data, to: path) }
            for (path, data) in previousOutput where !onExample { try fs.write(data, to: path) }
            // Mutate one to three files, sometimes stacking mutations.
            var changed: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let file = (onExample ? exampleInputs : inputs).randomElement(using: &rng)!
                var data = (try? fs.read(file)) ?? Data()
                for _ in 0..<Int.random(in: 1...3, using: &rng) { data = Self.mutate(data, &rng) }
                try fs.write(data, to: file)
                changed.append(file)
            }
            let write = cases % 4 == 0
            let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2, writeOutput: write))
            let label = "seed \(seed) case \(cases) (\(onExample ? "example: " : "")\(changed.joined(separator: ", ")))"
            #expect(report.succeeded == report.errors.isEmpty, "\(label): \(report.rendered)")
            #expect(report.diagnostics.allSatisfy { !$0.message.isEmpty }, "\(label)")
            if !report.succeeded {
                failures += 1
                if write {
                    let after = try fs.allPaths.filter { $0.hasPrefix("public/") }.map { ($0, try fs.read($0)) }
                    #expect(after.map(\.0) == previousOutput.map(\.0) && after.map(\.1) == previousOutput.map(\.1),
                            "\(label): a failed build changed the previous output")
                    #expect(!fs.isDirectory(".public.staging"), "\(label)")
                }
            }
            cases += 1
        }
        print("fuzz: \(cases) cases from seed \(seed) in \(Int(seconds)) s, \(failures) rejected with diagnostics")
        // The mutations must actually hit: most cases are errors, a few survive.
        #expect(failures > cases / 3, "only \(failures) of \(cases) cases failed")
    }

    @Test func theCommandExitsZeroOrOneOnMutatedFiles() throws {
        var rng = SplitMix64(state: 7)
        let base = SiteFixture()
        let folder = try CommandLineTests.materialise(base)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for round in 0..<8 {
            let file = base.files.keys.sorted().randomElement(using: &rng)!
            let original = try DiskFileSystem().read(joinPath(folder, file))
            try DiskFileSystem().write(Self.mutate(original, &rng), to: joinPath(folder, file))
            let result = try CommandLineTests.run(["check", "--site", folder])
            #expect([0, 1].contains(result.status), "round \(round) \(file): exit \(result.status)\n\(result.stderr)")
            if result.status == 1 { #expect(result.stderr.contains("error[GK"), "round \(round): \(result.stderr)") }
            try DiskFileSystem().write(original, to: joinPath(folder, file))
        }
    }
}
