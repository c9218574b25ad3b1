import ArgumentParser
import Foundation
import GongkaiKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle against its manifest (核验报送材料).",
        discussion: """
        Reads a bundle zip (or a folder holding its files and manifest.json), checks that every file
        in the manifest is present with the right size and SHA-256 and that nothing else is there,
        and prints the root digest (SHA-256 of manifest.json) to compare with the cover letter.
        Exit status 1 with the mismatches listed.
        """
    )

    @Argument(help: ArgumentHelp("The bundle zip or folder.", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("The root digest quoted in the cover letter; it must match.", valueName: "sha256"))
    var expect: String?

    func run() throws {
        let result = BundleVerifier.verify(path)
        if let digest = result.rootDigest { print("根摘要（SHA-256，manifest.json）：\(digest)") }
        var problems = result.problems
        if let expect, let digest = result.rootDigest, expect.lowercased() != digest {
            problems.insert("根摘要与报送函不符：应为 \(expect.lowercased())", at: 0)
        }
        guard problems.isEmpty else {
            for problem in problems.prefix(20) { FileHandle.standardError.write(Data("✗ \(problem)\n".utf8)) }
            if problems.count > 20 { FileHandle.standardError.write(Data("……另有 \(problems.count - 20) 处问题\n".utf8)) }
            throw ExitCode(1)
        }
        print("核验通过：\(result.checkedFiles) 个文件与清单一致，没有多余文件。")
    }
}
