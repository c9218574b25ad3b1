import Foundation
import GongkaiCore

extension RemoteDeployer {
    /// The server's `.gongkai-deploys.lock`, the file a deploy on the server itself locks
    /// (`Deployer.locked`), held with `flock` for a whole remote deploy or rollback: reading `current`,
    /// both rsync copies and the switch. One ssh session takes it, removes what killed deploys left
    /// (`leftoverScript`; no one else can be using it then), answers `LOCKED` and then waits for its
    /// input to end. gongkai ends that input when done (`release`), and the system does when gongkai
    /// is killed, so a killed deploy leaves no lock behind: the kernel frees a flock with the session
    /// that held it. A second deploy finds it held and is refused (GK010), naming who holds it.
    final class ServerLock {
        /// The ssh process holding the lock.
        let pid: pid_t
        /// What killed deploys had left and the session removed, relative to the target.
        let leftovers: [String]
        private var input: Int32
        private var output: Int32
        private let scratch: String
        private var released = false

        /// The exit status of the session when another deploy holds the lock.
        static let busyStatus: Int32 = 5

        /// Takes the lock or throws; `digest` is the release about to be copied, whose partial copy
        /// (left by a killed deploy of the same site) is kept for rsync to finish instead of starting over.
        init(_ target: Target, ssh: [String], keeping digest: String? = nil) throws {
            guard let program = RemoteDeployer.which(ssh[0]) else {
                throw Deployer.Refusal(description: "找不到 \(ssh[0])：通过 SSH 发布需要本机安装 ssh 和 rsync（Debian/Ubuntu：apt-get install openssh-client rsync）")
            }
            let script = RemoteDeployer.prologue(target) + Self.lockScript(owner: Self.owner(), keeping: digest)
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-lock-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let errors = joinPath(scratch, "stderr")

            // Both ends close on exec, so no other child (rsync, the other ssh sessions) keeps the
            // session's input open after gongkai is gone; dup2 gives the session its own copies.
            var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1]
            guard pipe(&inPipe) == 0 else { throw Deployer.Refusal(description: "无法创建管道：\(String(cString: strerror(errno)))") }
            guard pipe(&outPipe) == 0 else {
                close(inPipe[0]); close(inPipe[1])
                throw Deployer.Refusal(description: "无法创建管道：\(String(cString: strerror(errno)))")
            }
            for fd in inPipe + outPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } // pipe2 is not imported; deploy spawns from one thread
            // The script goes in before the session starts (it is far smaller than a pipe's buffer), so
            // no write can meet a session that has already ended.
            let bytes = Array(script.utf8)
            let written = bytes.withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let arguments = [program] + ssh.dropFirst() + ["-o", "BatchMode=yes", target.host, "sh -s"]
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for argument in argv { free(argument) } }
            var child: pid_t = 0
            let spawned = written == bytes.count ? posix_spawn(&child, program, &actions, nil, &argv, environ) : EIO
            close(inPipe[0])
            close(outPipe[1])
            input = inPipe[1]
            output = outPipe[0]
            pid = child
            guard spawned == 0 else {
                close(input); close(output)
                try? FileManager.default.removeItem(atPath: scratch)
                throw Deployer.Refusal(description: "无法运行 \(program)：\(String(cString: strerror(spawned)))")
            }

            // Everything the session says until LOCKED, or until it ends without it.
            var said = Data(), buffer = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: said, as: UTF8.self).split(separator: "\n").contains("LOCKED") {
                let count = read(output, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                said.append(contentsOf: buffer[0..<count])
            }
            let lines = String(decoding: said, as: UTF8.self).split(separator: "\n")
            leftovers = lines.filter { $0.hasPrefix("LEFTOVER ") }.map { String($0.dropFirst(9)) }
            guard lines.contains("LOCKED") else {
                released = true
                close(input); close(output)
                let status = Self.wait(child, patience: 100)
                let stderr = String(decoding: FileManager.default.contents(atPath: errors) ?? Data(), as: UTF8.self)
                try? FileManager.default.removeItem(atPath: scratch)
                let place = "\(target.host):\(target.path)"
                if status == Self.busyStatus {
                    let holder = stderr.split(separator: "\n").first { $0.hasPrefix("GONGKAI-BUSY:") }
                        .map { $0.dropFirst(13).trimmingCharacters(in: .whitespaces) } ?? ""
                    throw Deployer.busy(place, holder.isEmpty ? "\(joinPath(target.path, Deployer.lockName)) 已被锁定" : "持锁的是\(holder)")
                }
                if status == 255 {
                    throw Deployer.Refusal(description: "无法通过 SSH 连接 \(target.host)：\(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
                throw RemoteDeployer.refusal(Run(status: status, stdout: "", stderr: stderr), doing: "锁定远程发布目录 \(place) ")
            }
        }

        /// Ends the session's input: it removes the lock file, still holding it, and ends, which frees the lock.
        func release() {
            guard !released else { return }
            released = true
            close(input)
            _ = Self.wait(pid, patience: 600)
            close(output)
            try? FileManager.default.removeItem(atPath: scratch)
        }

        deinit { release() }

        /// Waits for `pid` to end, at most `patience` × 50 ms before it is terminated; its exit status.
        static func wait(_ pid: pid_t, patience: Int) -> Int32 {
            var status: Int32 = 0, attempt = 0
            while true {
                let done = waitpid(pid, &status, attempt < patience ? WNOHANG : 0)
                if done == pid { break }
                if done < 0, errno != EINTR { return -1 }
                if done == 0 { usleep(50_000) }
                attempt += 1
                if attempt == patience { kill(pid, SIGTERM) }
            }
            // WIFEXITED / WEXITSTATUS, which Swift does not import.
            return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }

        /// Who holds the lock, written into the lock file for the refusal of the next deploy.
        static func owner() -> String {
            var name = [CChar](repeating: 0, count: 256)
            let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "?"
            return "主机 \(host) 上的 gongkai deploy，进程 \(getpid())，开始于 "
        }

        /// The session after the prologue: the lock (non-blocking; a lock file removed by its holder
        /// since it was opened is opened again, as `DiskFileSystem.lockExclusively` does), the owner,
        /// the leftovers, then it waits. The last line is read whole before `cat` runs, so `cat` reads
        /// only what follows the script: nothing, until the input ends.
        static func lockScript(owner: String, keeping digest: String?) -> String {
            """
            command -v flock > /dev/null || { echo "GONGKAI: 远程主机没有 flock（util-linux），无法锁定发布目录 $T" >&2; exit 3; }
            L=\(Deployer.lockName)
            i=0
            while :; do
              exec 9>>"$L"
              if ! flock -n 9; then echo "GONGKAI-BUSY: $(head -c 300 "$L" 2>/dev/null | tr -d '\\n')" >&2; exit \(Self.busyStatus); fi
              if [ ! -e /dev/fd/9 ] || [ /dev/fd/9 -ef "$L" ]; then break; fi
              exec 9>&-
              i=$((i + 1))
              if [ "$i" -ge 10 ]; then echo "GONGKAI: 无法锁定 $T/$L（锁文件反复被替换）" >&2; exit 3; fi
            done
            printf '%s%s\\n' \(RemoteDeployer.quoted(owner)) "$(date '+%Y-%m-%d %H:%M:%S')" > "$L"
            \(RemoteDeployer.leftoverScript(keeping: digest))
            echo LOCKED; cat > /dev/null; rm -f "$L"

            """
        }
    }

    /// `Deployer.isLeftover` and `Deployer.removeLeftovers` in the remote shell, run in the target
    /// holding its lock: prints `LEFTOVER <name>` for each one removed. `digest`'s partial copy stays.
    static func leftoverScript(keeping digest: String?) -> String {
        let hex = "0123456789abcdef"
        return """
            KEEP=\(digest.map(quoted) ?? "''")
            if [ -d \(Deployer.releasesName) ] && [ ! -L \(Deployer.releasesName) ]; then
              for f in \(Deployer.releasesName)/.*; do
                n=${f#\(Deployer.releasesName)/}
                case "$n" in .*.partial) h=${n%.partial} ;; .*.check) h=${n%.check} ;; .*.old) h=${n%.old} ;; *) continue ;; esac
                h=${h#.}
                case "$h" in *[!\(hex)]*) continue ;; esac
                if [ ${#h} -ne 64 ] || [ "$n" = ".$KEEP.partial" ]; then continue; fi
                if [ -d "$f" ] && [ ! -L "$f" ]; then rm -rf "$f" && echo "LEFTOVER $f"; fi
              done
            fi
            for f in .\(Deployer.currentName).*; do
              case "$f" in
                .\(Deployer.currentName).new) ;;
                .\(Deployer.currentName).????????????.new) h=${f#.\(Deployer.currentName).}; h=${h%.new}; case "$h" in *[!\(hex)]*) continue ;; esac ;;
                *) continue ;;
              esac
              if [ -L "$f" ]; then rm -f "$f" && echo "LEFTOVER $f"; fi
            done
            """
    }
}
