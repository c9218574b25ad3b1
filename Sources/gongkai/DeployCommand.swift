import ArgumentParser
import Foundation
import GongkaiKit

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Publish the built site into a release folder and switch to it atomically (发布网站).",
        discussion: """
        Copies the built site (default <site>/public) into <to>/releases/<root digest>/ and switches \
        the symbolic link <to>/current to it with one rename; point the web server at <to>/current. \
        <to> may be user@host:path: the same layout on a remote machine over SSH, sent with rsync \
        --checksum (only changed files), switched atomically on the remote side (--ssh sets the \
        ssh command and its options, e.g. "ssh -p 2222 -i deploy.key", read as a shell reads words: \
        quote a path with spaces, "'/opt/my tools/ssh' -p 2222"). \
        A deploy or rollback holds a lock on the target (over SSH on the server) and refuses to run \
        beside another one (GK010); it removes the hidden partial copies a killed deploy left. \
        Refuses a site that is not a complete gongkai build or that differs from its manifest.json. \
        Keeps the last --keep releases; --rollback switches back to the one before. \
        Prints the files added, changed and removed and the bytes copied. \
        Each deploy appends the root digest, the build's date and the items added, corrected and \
        withdrawn to publication-record.yaml (更新记录) in the site folder, beside gongkai.yaml; commit it. \
        A rollback is recorded too: the release served again, with rollback_from naming the one taken down. \
        From a site folder, the site (or the release rolled back to; over SSH a copy fetched with rsync) is \
        first audited against what the site withholds today, and refused (GK012) if it holds an item \
        classified since it was built. \
        With --from and no --site, nothing is recorded: a folder built elsewhere is not taken for the \
        site in the current directory.
        """
    )

    @Option(help: ArgumentHelp("The deployment folder (holds releases/ and current).", valueName: "folder"))
    var to: String

    @Option(help: ArgumentHelp("The built site to publish (default: <site>/public).", valueName: "folder"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("The site folder holding gongkai.yaml (default: the current folder).", valueName: "folder"))
    var site: String?

    @Option(help: ArgumentHelp("How many releases to keep.", valueName: "n"))
    var keep: Int = 5

    @Flag(help: "Switch current back to the release deployed before it (the current one is deleted).")
    var rollback = false

    @Option(help: ArgumentHelp("The ssh command for user@host:path targets, with its options.", valueName: "command"))
    var ssh: String = "ssh"

    func run() throws {
        do {
            let siteRoot = site ?? "."
            let built = from ?? (siteRoot == "." ? "public" : siteRoot + "/public")
            let sshCommand = try RemoteDeployer.sshCommand(ssh)
            // The record sits beside gongkai.yaml; a built site deployed without its site folder is not
            // recorded (`--from` alone names no site: the current folder's record is not touched).
            let recordsSite = (from == nil || site != nil) && FileManager.default.fileExists(atPath: siteRoot + "/gongkai.yaml")
            let record = recordsSite ? siteRoot + "/" + PublicationRecord.fileName : nil
            // From a site folder, what goes live is audited against what the site withholds today: a release
            // (or a public/) built before an item was classified would publish it again (GK012).
            let audit: ((String, String) throws -> Void)? = recordsSite ? { folder, shown in
                try ReleaseAudit.check(folder: folder, shownAs: shown, what: rollback ? "要回退到的版本" : "要发布的网站", siteRoot: siteRoot)
            } : nil
            if !rollback { try audit?(built, built) }
            let outcome: Deployer.Outcome
            if let remote = try RemoteDeployer.parse(to) {
                outcome = rollback ? try RemoteDeployer.rollback(remote, ssh: sshCommand, record: record, audit: audit)
                    : try RemoteDeployer.deploy(site: built, to: remote, keep: keep, ssh: sshCommand, record: record)
            } else {
                outcome = rollback ? try Deployer.rollback(to, keep: keep, record: record, audit: audit)
                    : try Deployer.deploy(site: built, to: to, keep: keep, record: record)
            }
            if rollback {
                print("已回退：current → releases/\(outcome.rootDigest)（原为 \(outcome.previousDigest ?? "无")，\(outcome.pruned.isEmpty ? "它不在发布历史中，不是 gongkai deploy 发布的，未删除" : "已删除")）")
            } else {
                print("已发布：\(to)/current → releases/\(outcome.rootDigest)")
            }
            print("根摘要：\(outcome.rootDigest)")
            print("新增 \(outcome.added.count) 个文件，改动 \(outcome.changed.count) 个，删除 \(outcome.removed.count) 个" + (rollback ? "" : "；发送 \(outcome.bytesSent) 字节"))
            for (label, paths) in [("+", outcome.added), ("~", outcome.changed), ("-", outcome.removed)] {
                for path in paths.prefix(20) { print("  \(label) \(path)") }
                if paths.count > 20 { print("  \(label) ……另有 \(paths.count - 20) 个") }
            }
            if let recorded = outcome.recorded, let record {
                print("已写入更新记录 \(record)：\(recorded.changes.count) 项变动，请提交它")
            }
            if !outcome.leftovers.isEmpty {
                print("已清理中断的发布留下的临时文件：\(outcome.leftovers.joined(separator: "、"))")
            }
            if !outcome.pruned.isEmpty { print("已删除旧版本：\(outcome.pruned.map { String($0.prefix(12)) }.joined(separator: "、"))") }
        } catch {
            let code = (error as? Deployer.Refusal)?.code.map { "error[\($0.rawValue)]: " } ?? ""
            FileHandle.standardError.write(Data("✗ \(code)\(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
