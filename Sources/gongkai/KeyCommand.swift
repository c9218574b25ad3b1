import ArgumentParser
import Foundation
import GongkaiKit

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Signing keys for the site manifest (签名密钥).",
        subcommands: [New.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a new Ed25519 key pair into a folder outside the site (生成签名密钥).",
            discussion: """
            Writes gongkai-signing.key (private, readable by its owner only) and gongkai-signing.pub \
            (public) as PEM files, and prints the public key's fingerprint. Existing keys are never \
            overwritten. Name the private key in gongkai.yaml as signing_key: (a path outside the site \
            folder); every build then signs manifest.json and publishes the public key on the 公开验证 page.
            """
        )

        @Argument(help: ArgumentHelp("A folder outside the site folder, e.g. ../keys.", valueName: "folder"))
        var folder: String

        func run() throws {
            do {
                let written = try SigningKey.create(in: folder)
                print("私钥：\(written.privateKey)（妥善保管，不要提交到版本库，不要放进站点目录）")
                print("公钥：\(written.publicKey)")
                print("公钥指纹（SHA-256）：\(written.fingerprint)")
                print("在 gongkai.yaml 中加入：signing_key: \(written.privateKey)")
            } catch {
                FileHandle.standardError.write(Data("✗ \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
