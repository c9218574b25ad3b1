import Crypto
import Foundation
import GongkaiCore

/// `gongkai deploy --to user@host:path`: the layout of `Deployer` on another machine, over SSH. rsync
/// sends the site into a hidden partial folder with `--checksum`, copying unchanged files from the
/// current release on the remote side (`--copy-dest`), so only changed files cross the network; a short
/// POSIX shell script then checks the copy against the manifest checked here (`sha256sum --check`),
/// renames it into `releases/<root digest>` and switches `current` with `mv -T` (one rename). All of it
/// runs holding the server's `.gongkai-deploys.lock` (`ServerLock`). The remote needs a POSIX shell,
/// GNU coreutils, find, flock (util-linux) and rsync.
public enum RemoteDeployer {
    public struct Target: Sendable, Equatable {
        /// `user@host` (or `host`), as ssh takes it.
        public var host: String
        public var path: String
    }

    /// `user@host:path` — a colon before any slash, as scp and rsync read it. Nil for a local folder.
    /// `~/site` is `site` in the login folder, as scp reads it: the scripts take the path quoted, so `~`
    /// was a folder named `~` there while rsync wrote into the home folder, and every such deploy failed.
    /// A host that begins with `-` is refused, not taken for a local folder: ssh would read it as an
    /// option (`-oProxyCommand=…` runs a command here); so is one with blanks or control characters.
    public static func parse(_ text: String) throws -> Target? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        var path = String(text[text.index(after: colon)...])
        guard !host.isEmpty, !host.contains("/"), !path.isEmpty, host.count > 1 else { return nil }
        if host.hasPrefix("-") || host.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            throw Deployer.Refusal(description: "--to \(text) 中的主机名“\(host)”不能以“-”开头，也不能含空白或控制字符（ssh 会把它当作选项）；请写成 用户@主机:路径，如 deploy@web1:/srv/site")
        }
        if path == "~" || path == "~/" { path = "." } else if path.hasPrefix("~/") { path.removeFirst(2) }
        return Target(host: host, path: path)
    }

    /// A program on PATH, or nil.
    static func which(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = joinPath(String(folder), program)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Single-quotes a word for the remote shell.
    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The `--ssh` option as a command: the text alone when it names a program (`/opt/my tools/ssh`),
    /// else its words as a POSIX shell splits them (`"'/opt/my tools/ssh' -p 2222"`).
    public static func sshCommand(_ text: String) throws -> [String] {
        if text.contains("/"), FileManager.default.isExecutableFile(atPath: text) { return [text] }
        return try words(text)
    }

    /// Splits a command into words as a POSIX shell does, without expanding anything: blanks separate
    /// words; single quotes keep everything; double quotes keep everything but a backslash before
    /// `$`, `` ` ``, `"`, `\` or a newline; a backslash outside quotes keeps the next character.
    public static func words(_ command: String) throws -> [String] {
        var words: [String] = [], word = "", inWord = false, quote: Character?
        let characters = Array(command.unicodeScalars)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if let open = quote {
                if Character(c) == open {
                    quote = nil
                } else if open == "\"", c == "\\", i + 1 < characters.count, "$`\"\\\n".unicodeScalars.contains(characters[i + 1]) {
                    i += 1
                    if characters[i] != "\n" { word.unicodeScalars.append(characters[i]) }
                } else {
                    word.unicodeScalars.append(c)
                }
            } else if c == "'" || c == "\"" {
                quote = Character(c)
                inWord = true
            } else if c == "\\" {
                guard i + 1 < characters.count else {
                    throw Deployer.Refusal(description: "--ssh \(command) 以反斜杠结尾；含空格的程序路径请用引号括起，如 --ssh \"'/opt/my tools/ssh' -p 2222\"")
                }
                i += 1
                if characters[i] != "\n" { word.unicodeScalars.append(characters[i]) }
                inWord = true
            } else if c == " " || c == "\t" || c == "\n" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.unicodeScalars.append(c)
                inWord = true
            }
            i += 1
        }
        if let open = quote {
            throw Deployer.Refusal(description: "--ssh \(command) 中的引号 \(open) 没有配对；含空格的程序路径请用引号括起，如 --ssh \"'/opt/my tools/ssh' -p 2222\"")
        }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw Deployer.Refusal(description: "--ssh 为空：请给出 ssh 程序，如 --ssh \"ssh -p 2222\"") }
        return words
    }

    /// The ssh command as rsync's `-e` reads it: rsync splits that text at spaces itself (no shell), and
    /// keeps what is inside single or double quotes, a doubled quote standing for one. Every word is
    /// single-quoted, so a program or key in a folder with spaces, quotes or `$` arrives whole.
    static func rsyncShell(_ ssh: [String]) -> String {
        ssh.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " ")
    }

    /// The remote path goes to the remote rsync through its own protocol, not through the remote shell: an
    /// rsync before 3.2.4 (Debian 11, RHEL 8 and 9, CentOS 7) otherwise puts it in the shell's command line
    /// as written, so a target folder with a space went elsewhere and one with `;` ran what followed.
    static let protectArgs = "--protect-args"

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> Run {
        guard let program = which(arguments[0]) else {
            throw Deployer.Refusal(description: "找不到 \(arguments[0])：通过 SSH 发布需要本机安装 ssh 和 rsync（Debian/Ubuntu：apt-get install openssh-client rsync）")
        }
        // Standard input and error go through temporary files, not pipes: one pipe read to its end
        // cannot block the child on another, and the script reaches ssh whole.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputFile = scratch.appendingPathComponent("stdin"), errorFile = scratch.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inputFile)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(arguments.dropFirst())
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                   stderr: String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self))
    }

    /// Runs a POSIX shell script on the remote machine; `ssh` is the ssh command and its options.
    static func remote(_ script: String, on target: Target, ssh: [String]) throws -> Run {
        let result = try run(ssh + ["-o", "BatchMode=yes", target.host, "sh -s"], input: script)
        if result.status == 255 {
            throw Deployer.Refusal(description: "无法通过 SSH 连接 \(target.host)：\(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result
    }

    /// The shell lines every script starts with: the target folder, refused if gongkai did not make it.
    static func prologue(_ target: Target) -> String {
        """
        set -eu
        T=\(quoted(target.path))
        mkdir -p "$T" || { echo "GONGKAI: 无法创建 $T" >&2; exit 3; }
        cd "$T"
        if [ ! -f \(Deployer.historyName) ] && [ -n "$(ls -A)" ]; then
          echo "GONGKAI: 发布目录 $T 已有内容，但不是 gongkai deploy 建立的（没有 \(Deployer.historyName)）；为免误删，已拒绝" >&2; exit 3
        fi
        if [ -e current ] && [ ! -L current ]; then echo "GONGKAI: $T/current 不是符号链接，gongkai 不会替换它" >&2; exit 3; fi
        touch \(Deployer.historyName)
        mkdir -p \(Deployer.releasesName)
        \(historyLines)

        """
    }

    /// `H`: the history's lines as `Deployer.historyLines` reads them — a file saved on Windows has "\r"
    /// at each line end (then no line was a digest: no release to roll back to, none ever pruned) and
    /// may start with a byte-order mark; blanks are dropped (a digest has none).
    static let historyLines = """
        H() { sed "1s/^$(printf '\\357\\273\\277')//" \(Deployer.historyName) | tr -d '\\r \\t'; }
        """

    static func refusal(_ result: Run, doing: String) -> Deployer.Refusal {
        let message = result.stderr.split(separator: "\n").first { $0.hasPrefix("GONGKAI: ") }.map { String($0.dropFirst(9)) }
            ?? "远程主机拒绝（退出状态 \(result.status)）：\(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
        return Deployer.Refusal(description: "\(doing)失败：\(message)")
    }

    /// The digest `current` points at on the remote side, and its manifest.
    static func current(_ target: Target, ssh: [String]) throws -> (String?, SiteManifest?) {
        let result = try remote(prologue(target) + """
            if [ -L current ]; then basename "$(readlink current)"; cat current/\(SiteManifest.fileName) 2>/dev/null || true; fi
            """, on: target, ssh: ssh)
        guard result.status == 0 else { throw refusal(result, doing: "读取远程发布目录") }
        guard let newline = result.stdout.firstIndex(of: "\n") else { return (nil, nil) }
        let digest = String(result.stdout[..<newline])
        let manifest = try? SiteManifest.decode(Data(result.stdout[result.stdout.index(after: newline)...].utf8))
        return (Deployer.isDigest(digest) ? digest : nil, manifest)
    }

    public static func deploy(site: String, to target: Target, keep: Int = 5, ssh: [String] = ["ssh"], record: String? = nil) throws -> Deployer.Outcome {
        guard keep >= 1 else { throw Deployer.Refusal(description: "--keep 至少为 1") }
        try Deployer.checkRecord(record)
        for program in [ssh[0], "rsync"] where which(program) == nil {
            throw Deployer.Refusal(description: "找不到 \(program)：通过 SSH 发布需要本机安装 ssh 和 rsync（Debian/Ubuntu：apt-get install openssh-client rsync），远程主机也需要 rsync")
        }
        return try deploy(try Deployer.checkBuilt(site, signedBy: try Deployer.configuredKey(record: record)), to: target, keep: keep, ssh: ssh, record: record)
    }

    /// Deploys a site `checkBuilt` passed (tests call it with a site rebuilt since, as a concurrent build would leave it).
    static func deploy(_ built: Deployer.Built, to target: Target, keep: Int, ssh: [String], record: String?) throws -> Deployer.Outcome {
        let lock = try ServerLock(target, ssh: ssh, keeping: built.digest)
        defer { lock.release() }
        var outcome = try deployLocked(built, to: target, keep: keep, ssh: ssh, record: record)
        outcome.leftovers = lock.leftovers
        return outcome
    }

    static func deployLocked(_ built: Deployer.Built, to target: Target, keep: Int, ssh: [String], record: String?) throws -> Deployer.Outcome {
        let site = built.site
        let (previous, oldManifest) = try current(target, ssh: ssh)
        var outcome = Deployer.Outcome(rootDigest: built.digest, previousDigest: previous)
        Deployer.compare(oldManifest, built.manifest, into: &outcome)
        // Read before `current` is switched, as the local deploy does (see `Deployer.recordBase`).
        let recordedBefore = try Deployer.lastRecorded(record, previous: previous, built: built)
            .flatMap { try recordBase($0, digest: built.digest, on: target, ssh: ssh) } ?? oldManifest

        // rsync reads `site` after it was checked, and a build may swap another site in meanwhile: the
        // manifest and signature checked are sent instead of the site's, with a list of the checked
        // digests, and the remote script checks the copy against them before it goes live.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-deploy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try DiskFileSystem().write(built.manifestData, to: joinPath(scratch, SiteManifest.fileName))
        if let signature = built.signatureData { try DiskFileSystem().write(signature, to: joinPath(scratch, SiteManifest.signatureName)) }
        try DiskFileSystem().write(checklist(built.manifest), to: joinPath(scratch, checklistName))

        let releases = joinPath(target.path, Deployer.releasesName)
        let rsync = ["rsync", protectArgs, "--recursive", "--links", "--perms", "--times", "--checksum", "--delete",
                     "-e", rsyncShell(ssh + ["-o", "BatchMode=yes"])]
        // Unchanged files are copied from the current release on the remote side instead of being sent.
        try send(rsync + (previous.map { ["--copy-dest=../\($0)"] } ?? [])
                 + ["--exclude=/\(SiteManifest.fileName)", "--exclude=/\(SiteManifest.signatureName)",
                    site.hasSuffix("/") ? site : site + "/", "\(target.host):\(joinPath(releases, ".\(built.digest).partial"))/"], to: target)
        try send(rsync + [scratch + "/", "\(target.host):\(joinPath(releases, ".\(built.digest).check"))/"], to: target)

        let digest = built.digest
        let switched = try remote(prologue(target) + """
            D=\(digest)
            K=\(keep)
            N=\(built.manifest.files.count + 1 + (built.signatureData == nil ? 0 : 1))
            cd \(Deployer.releasesName)
            command -v sha256sum > /dev/null || { echo "GONGKAI: 远程主机没有 sha256sum（GNU coreutils），无法核对复制的文件" >&2; exit 3; }
            P=".$D.partial" C=".$D.check" ok=1
            if [ -d "$P" ] && [ -f "$C/\(SiteManifest.fileName)" ] && [ -f "$C/\(checklistName)" ]; then
              mv -f "$C/\(SiteManifest.fileName)" "$P/\(SiteManifest.fileName)"
              rm -f "$P/\(SiteManifest.signatureName)"
              if [ -f "$C/\(SiteManifest.signatureName)" ]; then mv -f "$C/\(SiteManifest.signatureName)" "$P/\(SiteManifest.signatureName)"; fi
              [ "$(sha256sum < "$P/\(SiteManifest.fileName)" | cut -c1-64)" = "$D" ] || ok=0
              (cd "$P" && sha256sum --check --quiet --strict "../$C/\(checklistName)") > /dev/null 2>&1 || ok=0
              # Every file and link, hidden ones too, one x each whatever its name: no more than the manifest lists.
              n=$(find "$P" ! -type d -exec sh -c 'for f; do printf x; done' sh {} + | wc -c)
              [ $n -eq "$N" ] || ok=0
            else
              ok=0
            fi
            rm -rf "$C"
            if [ "$ok" != 1 ]; then
              rm -rf "$P"
              echo "GONGKAI: 复制到远程的文件与检查过的清单不符" >&2; exit \(mismatchStatus)
            fi
            if [ -d "$D" ]; then mv "$D" ".$D.old"; fi
            mv ".$D.partial" "$D"
            rm -rf ".$D.old"
            cd ..
            ln -sfn "\(Deployer.releasesName)/$D" .current.new
            mv -T .current.new current
            { H | grep -vx "$D" || true; echo "$D"; } > \(Deployer.historyName).new
            n=$(wc -l < \(Deployer.historyName).new)
            if [ "$n" -gt "$K" ]; then
              head -n $((n - K)) \(Deployer.historyName).new | while read -r old; do
                case "$old" in *[!0-9a-f]*|'') ;; *) rm -rf "\(Deployer.releasesName)/$old"; echo "PRUNED $old" ;; esac
              done
              tail -n "$K" \(Deployer.historyName).new > \(Deployer.historyName).kept
              mv \(Deployer.historyName).kept \(Deployer.historyName).new
            fi
            mv \(Deployer.historyName).new \(Deployer.historyName)
            """, on: target, ssh: ssh)
        if switched.status == mismatchStatus {
            throw Deployer.Refusal(description: "\(site) 在复制期间被改动（另一个 gongkai build 或 serve 正在运行？），复制到 \(target.host) 的文件与检查过的清单不符，已拒绝发布并删去复制的文件；当前网站未被改动。请等构建结束后重新发布")
        }
        guard switched.status == 0 else { throw refusal(switched, doing: "切换远程 current") }
        outcome.pruned = switched.stdout.split(separator: "\n").filter { $0.hasPrefix("PRUNED ") }.map { String($0.dropFirst(7)) }
        try Deployer.appendRecord(record, old: recordedBefore, built: built, into: &outcome)
        return outcome
    }

    /// The exit status of the switch script when the copy is not the checked site.
    static let mismatchStatus: Int32 = 4
    /// The list of checked digests sent beside the release (not into it: it would be a file the manifest does not list).
    static let checklistName = "sha256sums"

    /// `sha256sum --check` input for the manifest's files: `<digest>  <path>`, a name holding a backslash,
    /// newline or carriage return escaped as GNU coreutils writes it (the line then starts with a backslash).
    static func checklist(_ manifest: SiteManifest) -> Data {
        var text = ""
        for entry in manifest.files {
            // By scalar: "\r\n" is one Character in Swift, so String-level replacing would miss it.
            var escaped = "", marked = false
            for scalar in entry.path.unicodeScalars {
                switch scalar {
                case "\\": escaped += "\\\\"; marked = true
                case "\n": escaped += "\\n"; marked = true
                case "\r": escaped += "\\r"; marked = true
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            text += (marked ? "\\" : "") + entry.sha256 + "  " + escaped + "\n"
        }
        return Data(text.utf8)
    }

    /// Runs rsync; a failure leaves the site served untouched.
    static func send(_ rsync: [String], to target: Target) throws {
        let sent = try run(rsync)
        guard sent.status == 0 else {
            let missing = sent.stderr.contains("command not found") || sent.stderr.contains("rsync: not found")
            throw Deployer.Refusal(description: missing
                ? "远程主机 \(target.host) 没有安装 rsync"
                : "rsync 失败（退出状态 \(sent.status)）：\(sent.stderr.trimmingCharacters(in: .whitespacesAndNewlines))；当前网站未被改动")
        }
    }

    /// The manifest the record compares with when the release being deployed is served already but the
    /// record names `last` (see `Deployer.recordBase`): that release's, else the one deployed before.
    static func recordBase(_ last: String, digest: String, on target: Target, ssh: [String]) throws -> SiteManifest? {
        let result = try remote(prologue(target) + """
            L=\(quoted(last))
            D=\(digest)
            if [ -f "\(Deployer.releasesName)/$L/\(SiteManifest.fileName)" ]; then B=$L; else B=$(H | grep -vx "$D" | tail -n 1); fi
            if [ -n "$B" ]; then cat "\(Deployer.releasesName)/$B/\(SiteManifest.fileName)" 2>/dev/null || true; fi
            """, on: target, ssh: ssh)
        guard result.status == 0 else { throw refusal(result, doing: "读取远程发布目录") }
        return try? SiteManifest.decode(Data(result.stdout.utf8))
    }

    /// `audit` is given a local copy of the release (fetched with rsync) before `current` is switched, as a
    /// local rollback's is given the release itself.
    public static func rollback(_ target: Target, ssh: [String] = ["ssh"], record: String? = nil,
                                audit: ((_ folder: String, _ shownAs: String) throws -> Void)? = nil) throws -> Deployer.Outcome {
        for program in [ssh[0]] + (audit == nil ? [] : ["rsync"]) where which(program) == nil {
            throw Deployer.Refusal(description: "找不到 \(program)：通过 SSH 回退需要本机安装 ssh 和 rsync（Debian/Ubuntu：apt-get install openssh-client rsync）")
        }
        try Deployer.checkRecord(record)
        let lock = try ServerLock(target, ssh: ssh, keeping: nil)
        defer { lock.release() }
        var outcome = try rollbackLocked(target, ssh: ssh, record: record, audit: audit)
        outcome.leftovers = lock.leftovers
        return outcome
    }

    static func rollbackLocked(_ target: Target, ssh: [String], record: String? = nil,
                               audit: ((_ folder: String, _ shownAs: String) throws -> Void)? = nil) throws -> Deployer.Outcome {
        let (current, currentManifest) = try current(target, ssh: ssh)
        guard let current else { throw Deployer.Refusal(description: "\(target.host):\(target.path) 还没有发布过网站，无法回退") }
        // The release to go back to, read first: checked here and on the server, as a local rollback checks
        // it, before `current` is switched (the server lock is held throughout, so nothing changes between).
        let m = SiteManifest.fileName, sig = SiteManifest.signatureName, pem = SiteManifest.publicKeyPath
        let read = try remote(prologue(target) + """
            C=\(current)
            B=$(H | grep -vx "$C" | while read -r d; do [ -d "\(Deployer.releasesName)/$d" ] && echo "$d"; done | tail -n 1)
            if [ -z "$B" ]; then echo "GONGKAI: 没有更早的发布版本可回退" >&2; exit 3; fi
            R="\(Deployer.releasesName)/$B"
            echo "$B"
            if [ -L "$R" ]; then echo link; else echo folder; fi
            if [ -f "$R/\(sig)" ]; then od -An -v -tx1 < "$R/\(sig)" | tr -d ' \\n'; fi; echo
            if [ -f "$R/\(pem)" ]; then od -An -v -tx1 < "$R/\(pem)" | tr -d ' \\n'; fi; echo
            cat "$R/\(m)" 2>/dev/null || true
            """, on: target, ssh: ssh)
        guard read.status == 0 else { throw refusal(read, doing: "远程回退") }
        let lines = read.stdout.split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 5, Deployer.isDigest(lines[0]) else { throw refusal(read, doing: "远程回退") }
        let back = lines[0]
        let release = "\(target.host):\(joinPath(target.path, Deployer.releasesName, back))"
        func refuse(_ why: String) -> Deployer.Refusal {
            Deployer.Refusal(description: "要回退到的版本 \(release) \(why)，已拒绝回退，当前网站不变")
        }
        guard lines[1] == "folder" else { throw refuse("是符号链接，不是 gongkai deploy 建立的文件夹") }
        func bytes(_ hex: String) -> Data? {
            guard hex.count % 2 == 0 else { return nil }
            var data = Data(), index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
                data.append(byte); index = next
            }
            return data
        }
        let manifestData = Data(lines[4].utf8)
        guard Digest.sha256(manifestData) == back, let manifest = try? SiteManifest.decode(manifestData), manifest.format == SiteManifest.formatName else {
            throw refuse("的清单不是根摘要 \(back.prefix(12))… 的清单")
        }
        if let bad = manifest.files.first(where: { BundleVerifier.unsafeName($0.path) != nil || SiteManifest.unlisted.contains($0.path) }) {
            throw refuse("的清单中有不安全的路径“\(bad.path)”")
        }
        let signature = lines[2].isEmpty ? nil : bytes(lines[2])
        if let listed = manifest.files.first(where: { $0.path == pem }) {
            // The signature must be the manifest's, by the key the release lists (whose bytes the checklist checks below).
            guard let signature, let key = bytes(lines[3]).flatMap({ Digest.sha256($0) == listed.sha256 ? $0 : nil })
                    .flatMap({ SigningKey.publicKey(fromPEM: String(decoding: $0, as: UTF8.self)) }),
                  key.isValidSignature(signature, for: manifestData) else {
                throw refuse("的签名 \(sig) 与其清单不符（被删去或换成了别的版本的签名）")
            }
        } else if signature != nil {
            throw refuse("有签名 \(sig)，但清单没有列出公钥 \(pem)")
        }
        if let audit {
            // Its files are fetched and audited here; the server checks them against the same manifest below.
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-rollback-audit-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try send(["rsync", protectArgs, "--recursive", "--links", "-e", rsyncShell(ssh + ["-o", "BatchMode=yes"]),
                      "\(target.host):\(joinPath(target.path, Deployer.releasesName, back))/", copy + "/"], to: target)
            try audit(copy, release)
        }
        let list = String(decoding: checklist(manifest), as: UTF8.self)
        let end = "GONGKAI_LIST_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        let result = try remote(prologue(target) + """
            C=\(current)
            B=\(back)
            N=\(manifest.files.count + 1 + (signature == nil ? 0 : 1))
            R="\(Deployer.releasesName)/$B"
            command -v sha256sum > /dev/null || { echo "GONGKAI: 远程主机没有 sha256sum（GNU coreutils），无法核对要回退到的版本" >&2; exit 3; }
            ok=1
            if [ -d "$R" ] && [ ! -L "$R" ]; then
              [ "$(sha256sum < "$R/\(m)" | cut -c1-64)" = "$B" ] || ok=0
              (cd "$R" && sha256sum --check --quiet --strict -) > /dev/null 2>&1 << '\(end)' || ok=0
            \(list)\(end)
              n=$(find "$R" ! -type d -exec sh -c 'for f; do printf x; done' sh {} + | wc -c)
              [ $n -eq "$N" ] || ok=0
            else
              ok=0
            fi
            if [ "$ok" != 1 ]; then echo "GONGKAI: MISMATCH" >&2; exit \(mismatchStatus); fi
            ours=0; if H | grep -qx "$C"; then ours=1; fi
            ln -sfn "\(Deployer.releasesName)/$B" .current.new
            mv -T .current.new current
            { H | grep -vx "$C" | grep -vx "$B" || true; echo "$B"; } > \(Deployer.historyName).new
            mv \(Deployer.historyName).new \(Deployer.historyName)
            # Only a release the history named is gongkai's to delete.
            if [ "$ours" = 1 ]; then rm -rf "\(Deployer.releasesName)/$C"; echo "PRUNED $C"; fi
            """, on: target, ssh: ssh)
        if result.status == mismatchStatus { throw refuse("与其清单不符（文件被改动、缺少或多出）") }
        guard result.status == 0 else { throw refusal(result, doing: "远程回退") }
        var outcome = Deployer.Outcome(rootDigest: back, previousDigest: current)
        Deployer.compare(currentManifest, manifest, into: &outcome)
        outcome.pruned = result.stdout.split(separator: "\n").filter { $0.hasPrefix("PRUNED ") }.map { String($0.dropFirst(7)) }
        // The release's files are on the server: titles come from the record (`PublicationRecord.append`); its
        // build marker, which names its 已撤回 notice pages (no items), is fetched, and used only if the
        // manifest lists its bytes — else a notice was recorded as the page it stands for, corrected.
        guard record != nil else { return outcome }
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-rollback-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: files) }
        let marker = try remote(prologue(target) + "cat \(quoted(joinPath(Deployer.releasesName, back, OutputFolder.markerName)))", on: target, ssh: ssh)
        if marker.status == 0 { try? DiskFileSystem().write(Data(marker.stdout.utf8), to: joinPath(files, OutputFolder.markerName)) }
        try Deployer.appendRollback(record, taken: currentManifest, from: current, back: manifest, digest: back, files: files, into: &outcome)
        return outcome
    }
}
