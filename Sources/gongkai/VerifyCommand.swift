import ArgumentParser
import Foundation
import GongkaiKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a website or a bundle against its manifest (核验网站或报送材料).",
        discussion: """
        A website — a folder (e.g. /srv/site/current) or a URL (plain HTTP(S) GETs) — is checked \
        against its manifest.json: the signature (against --key, else the key the site publishes), \
        then every file's size and SHA-256; in a folder, files not in the manifest are listed too. \
        Run it from cron as a tamper monitor; --json prints the result for monitoring systems.

        A people's-congress bundle — a zip, or a folder holding its files and manifest.json — is \
        checked file by file; --expect compares the root digest with the cover letter. \
        Exit status 1 with the mismatches listed.
        """
    )

    @Argument(help: ArgumentHelp("A site folder or URL, or a bundle zip or folder.", valueName: "path|URL"))
    var path: String

    @Option(help: ArgumentHelp("The root digest quoted in the cover letter or notice; it must match.", valueName: "sha256"))
    var expect: String?

    @Option(help: ArgumentHelp("The publisher's public key (PEM), obtained through an official channel; the manifest must be signed by it.", valueName: "file"))
    var key: String?

    @Flag(help: "Print the result of a website check as JSON.")
    var json = false

    func run() throws {
        if SiteVerifier.isSite(path) { return try verifySite() }
        // A bundle carries no signature: a key or JSON asked for means a website was meant, and a
        // folder whose manifest merely claims to be a bundle's must not pass without its signature.
        if key != nil || json {
            FileHandle.standardError.write(Data("✗ \(path) 不是 gongkai 网站（没有 gongkai-site/1 清单）；报送材料不签名，--key 和 --json 只用于核验网站，核验报送材料请用 --expect 对照报送函中的根摘要\n".utf8))
            throw ExitCode(1)
        }
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

    func verifySite() throws {
        var result: SiteVerifier.Result
        do {
            result = SiteVerifier.verify(path, key: try key.map(SiteVerifier.readKey))
        } catch {
            FileHandle.standardError.write(Data("✗ \(error)\n".utf8))
            throw ExitCode(1)
        }
        if let expect, let digest = result.rootDigest, expect.lowercased() != digest {
            result.problems.insert("根摘要与公布的不符：应为 \(expect.lowercased())", at: 0)
        }
        if json {
            FileHandle.standardOutput.write(result.json)
            if !result.ok { throw ExitCode(1) }
            return
        }
        if let digest = result.rootDigest { print("根摘要（SHA-256，manifest.json）：\(digest)") }
        switch result.signature {
        case "valid":
            print("签名有效（公钥指纹 \(result.keyFingerprint ?? "")）" + (result.keySource == "published"
                ? "；公钥取自网站本身，只能说明清单未损坏，不能证明出自发布机关，请用 --key 指定从官方渠道取得的公钥" : ""))
        case "unsigned": print("清单未签名：只核对文件与清单是否一致")
        default: break
        }
        var lines = result.problems
        lines += result.missing.map { "缺少文件：\($0)" }
        lines += result.changed.map { "内容已被改动：\($0)" }
        lines += result.extra.map { "多出的文件：\($0)（不在清单中）" }
        guard lines.isEmpty else {
            for line in lines.prefix(50) { FileHandle.standardError.write(Data("✗ \(line)\n".utf8)) }
            if lines.count > 50 { FileHandle.standardError.write(Data("……另有 \(lines.count - 50) 处问题\n".utf8)) }
            throw ExitCode(1)
        }
        let skipped = result.skipped.isEmpty ? "" : "（\(result.skipped.count) 个隐藏文件未经网络核对）"
        print("核验通过：\(result.checkedFiles) 个文件与清单一致\(SiteVerifier.isURL(path) ? "" : "，没有多余文件")。\(skipped)")
    }
}
