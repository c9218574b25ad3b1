import Foundation
import GongkaiCore
import Testing

/// The real `gongkai` binary on a real folder: exit status, diagnostics on stderr, files on disk.
@Suite("gongkai command on disk")
struct CommandLineTests {
    /// The `gongkai` executable that `swift test` builds beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gongkai")
    }

    static func run(_ arguments: [String], in folder: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Writes the fixture (with the real theme) into a fresh temporary folder.
    static func materialise(_ site: SiteFixture) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString)").path
        let memory = site.fileSystem()
        let disk = DiskFileSystem()
        for path in memory.allPaths { try disk.write(memory.read(path), to: joinPath(folder, path)) }
        return folder
    }

    @Test func anUnusableSourceDateEpochIsRefusedNotIgnored() throws {
        let folder = try Self.materialise(SiteFixture())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Year 10000 trapped; text was ignored (the reference day then came from the content).
        for value in ["253402300800", "abc", "-5", "99999999999999"] {
            let run = try Self.run(["check", "--site", folder], environment: ["SOURCE_DATE_EPOCH": value])
            #expect(run.status != 0 && run.status != 132, "\(value): \(run.status)")
            #expect(run.stderr.contains("SOURCE_DATE_EPOCH 应为 1970-01-01 以来的秒数"), "\(run.stderr)")
        }
        #expect(try Self.run(["check", "--site", folder], environment: ["SOURCE_DATE_EPOCH": "1767225600"]).status == 0)
    }

    @Test func buildWritesTheSiteAndASecondFailingBuildKeepsIt() throws {
        var site = SiteFixture()
        let folder = try Self.materialise(site)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let ok = try Self.run(["build", "--site", folder])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("已生成"))
        #expect(ok.stdout.contains("load") && ok.stdout.contains("render"))
        let index = try String(contentsOfFile: joinPath(folder, "public/index.html"), encoding: .utf8)
        #expect(index.contains("测试市预算绩效信息公开平台"))

        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "department: JYJ", with: "department: XXX")
        try DiskFileSystem().write(Data(site["content/projects/2025/JYJ-2025-001.md"]!.utf8),
                                   to: joinPath(folder, "content/projects/2025/JYJ-2025-001.md"))
        let failed = try Self.run(["build", "--site", folder])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("content/projects/2025/JYJ-2025-001.md:5:13: error[GK110]:"))
        #expect(failed.stderr.contains("原有输出未被改动"))
        #expect(try String(contentsOfFile: joinPath(folder, "public/index.html"), encoding: .utf8) == index)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".public") }
        #expect(leftovers.isEmpty)
    }

    @Test func checkWritesNothingAndExitsOneOnErrors() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "spent: 1198.6", with: "spent: 一千")
        let folder = try Self.materialise(site)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.run(["check", "--site", folder])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[GK120]"))
        #expect(!FileManager.default.fileExists(atPath: joinPath(folder, "public")))
    }

    @Test func helpTeaches() throws {
        let result = try Self.run(["help", "build"])
        #expect(result.stdout.contains("staging"))
        #expect(result.stdout.contains("--output"))
    }
}
