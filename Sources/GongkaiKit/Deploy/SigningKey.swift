import Crypto
import Foundation
import GongkaiCore

/// 签名密钥 — the Ed25519 key pair that signs a site's `manifest.json`. Both halves are stored as PEM
/// (PKCS#8 private key, SubjectPublicKeyInfo public key), so OpenSSL can check a signature without gongkai.
public enum SigningKey {
    public static let privateFileName = "gongkai-signing.key"
    public static let publicFileName = "gongkai-signing.pub"

    /// The fixed DER prefixes of an Ed25519 key (RFC 8410): the key's 32 raw bytes follow.
    static let privatePrefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    static func der(fromPEM text: String, label: String, prefix: [UInt8]) -> Data? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
              let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end,
              let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()),
              der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix else { return nil }
        return der.suffix(32)
    }

    public static func privatePEM(_ key: Curve25519.Signing.PrivateKey) -> String { pem("PRIVATE KEY", privatePrefix + Array(key.rawRepresentation)) }
    public static func publicPEM(_ key: Curve25519.Signing.PublicKey) -> String { pem("PUBLIC KEY", publicPrefix + Array(key.rawRepresentation)) }

    public static func privateKey(fromPEM text: String) -> Curve25519.Signing.PrivateKey? {
        der(fromPEM: text, label: "PRIVATE KEY", prefix: privatePrefix).flatMap { try? Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
    }

    public static func publicKey(fromPEM text: String) -> Curve25519.Signing.PublicKey? {
        der(fromPEM: text, label: "PUBLIC KEY", prefix: publicPrefix).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    /// SHA-256 of the raw public key, hex: short enough to print in a notice and compare by eye.
    public static func fingerprint(_ key: Curve25519.Signing.PublicKey) -> String { Digest.sha256(key.rawRepresentation) }

    public static func verificationKey(_ key: Curve25519.Signing.PublicKey) -> VerificationKey {
        VerificationKey(pem: publicPEM(key), fingerprint: fingerprint(key))
    }

    /// `gongkai key new <folder>`: writes a new key pair; never overwrites an existing key (a lost
    /// private key cannot be recovered, and a replaced one invalidates every published signature).
    /// Returns the paths written.
    public static func create(in folder: String) throws -> (privateKey: String, publicKey: String, fingerprint: String) {
        let fm = FileManager.default
        try refuseInsideSite(folder)
        let privatePath = joinPath(folder, privateFileName), publicPath = joinPath(folder, publicFileName)
        for path in [privatePath, publicPath] where fm.fileExists(atPath: path) || DiskFileSystem().symlinkDestination(path) != nil {
            throw Problem(description: "\(path) 已存在；为免覆盖已有密钥（覆盖后已发布的签名都将无法核验），已拒绝。请换一个目录")
        }
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw Problem(description: "无法创建目录 \(folder)：\(FileSystemError.describe(error))")
        }
        if let mode = othersMayReplace(in: folder) {
            throw Problem(description: "目录 \(folder) 的权限为 0\(mode)，本机任何用户都能在其中删除或替换私钥；已拒绝，未写入任何文件。请换一个只有自己能写的目录，或先执行 chmod 700 \(folder)")
        }
        let key = Curve25519.Signing.PrivateKey()
        try createNew(privatePath, Data(privatePEM(key).utf8), mode: 0o600)
        do { try createNew(publicPath, Data(publicPEM(key.publicKey).utf8), mode: 0o644) } catch {
            unlink(privatePath) // half a pair would block the next `key new` and sign what nobody can check
            throw error
        }
        return (privatePath, publicPath, fingerprint(key.publicKey))
    }

    /// Refuses a folder in or below a site folder (gongkai.yaml: committed, its content/ and theme
    /// published), a built site (the next build replaces it whole, and the key with it; `gongkai serve`
    /// serves it) or a deploy target (served): gongkai.yaml refuses such a key anyway (GK007), but only
    /// once the private key has been written there.
    static func refuseInsideSite(_ folder: String) throws {
        var probe = PublishedFolders.canonical(folder)
        while !probe.isEmpty {
            for (marker, what) in [(ConfigLoader.fileName, "站点目录（其中的文件会被提交，content/ 和主题会被发布）"),
                                   (OutputFolder.markerName, "gongkai 生成的网站（下次构建会整个替换它，密钥随之丢失；它也会被发布）"),
                                   (Deployer.historyName, "gongkai deploy 的发布目录（其中的文件由网站服务器提供）")]
            where DiskFileSystem().isFile(joinPath(probe, marker)) {
                throw Problem(description: "\(folder) 位于\(what) \(probe) 之内；为免私钥被公开、提交或删除，已拒绝，未写入任何文件。请把密钥放在站点目录之外（如 ../keys）")
            }
            if probe == "/" { break }
            probe = parentFolder(of: probe)
        }
    }

    /// Creates `path` with `mode` from the first byte, failing if anything is there (O_EXCL, no link
    /// followed): FileManager.createFile wrote a temporary file with the umask's mode (0644), renamed it
    /// over whatever was there and only then changed the mode, so a second `key new` racing the first
    /// replaced its key, and the private key was readable by others for a moment.
    static func createNew(_ path: String, _ data: Data, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let exists = errno == EEXIST
            throw Problem(description: exists ? "\(path) 已存在；为免覆盖已有密钥（覆盖后已发布的签名都将无法核验），已拒绝。请换一个目录"
                                               : "无法写入 \(path)（\(String(cString: strerror(errno)))）")
        }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            unlink(path)
            throw Problem(description: "无法写入 \(path)")
        }
    }

    /// Reads the key `signing_key:` names, resolved against the site folder, after checking that it lies
    /// outside the site folder (the pipeline also refuses it inside every published folder).
    static func path(_ configured: String, siteRoot: String) -> String {
        configured.hasPrefix("/") ? configured : joinPath(siteRoot, configured)
    }

    /// Why the key file at `path` is readable by others than its owner (`gongkai key new` makes it 0600),
    /// or nil. Whoever can read it can sign a site in the publisher's name.
    static func exposure(_ configured: String, siteRoot: String) -> String? {
        let file = path(configured, siteRoot: siteRoot)
        // The folder first: whoever may write in it may put a key of their own in the key's place, or take it away.
        if let mode = othersMayReplace(in: parentFolder(of: file)) {
            return "签名私钥 \(configured) 所在的目录权限为 0\(mode)，本机任何用户都能在其中删除或替换私钥；请执行 chmod 700 \(parentFolder(of: configured))，或把密钥移到只有自己能写的目录"
        }
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "签名私钥 \(configured) 的权限为 0\(mode)，本机其他用户也能读取它，从而以发布机关的名义签名网站；请执行 chmod 600 \(configured)"
    }

    /// The mode of a folder anyone may replace files in (writable by others, without the sticky bit that keeps them to
    /// their own files, as /tmp has), in octal; nil for any other folder, or one that is not there.
    static func othersMayReplace(in folder: String) -> String? {
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
              info.st_mode & 0o002 != 0, info.st_mode & S_ISVTX == 0 else { return nil }
        return String(info.st_mode & 0o7777, radix: 8)
    }

    static func load(_ configured: String, siteRoot: String, fileSystem: FileSystem) throws -> Curve25519.Signing.PrivateKey {
        let path = path(configured, siteRoot: siteRoot)
        let target = PublishedFolders.canonical(path), root = PublishedFolders.canonical(siteRoot)
        if target == root || target.hasPrefix(root + "/") {
            throw Problem(description: "签名私钥 \(configured) 位于站点目录之内，可能被提交或公开；请把它放在站点目录之外")
        }
        guard let data = try? fileSystem.read(path) else {
            throw Problem(description: "无法读取签名私钥 \(configured)；用 gongkai key new <目录> 生成")
        }
        guard let key = privateKey(fromPEM: String(decoding: data, as: UTF8.self)) else {
            throw Problem(description: "\(configured) 不是 Ed25519 私钥（应为 gongkai key new 生成的 PEM 文件）")
        }
        return key
    }
}
