import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// A bundle zip altered only in what its entries are (found by the red-team, rounds forty-one and forty-three): a file
/// made executable or setuid, an entry marked a folder that holds bytes or is named like a file, a name with a NUL in it.
/// The manifest's digests all matched, and `verify` said the bundle was as made.
@Suite("verify reads what each entry of a bundle zip is")
struct VerifyEntryAttributeTests {
    static func bundle(plus extra: [(String, Data)] = []) -> Data {
        let files = HostileInputTests.bundleFiles()
        return HostileInputTests.stored(files.keys.sorted().map { ($0, files[$0]!) } + extra)
    }

    /// The zip with the Unix mode of the central record named `name` set to `mode`.
    static func withMode(_ zip: Data, of name: String, _ mode: UInt32) throws -> Data {
        var bytes = [UInt8](zip)
        let wanted = Array(name.utf8)
        var i = 0
        while i + 46 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 {
                let length = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                if Array(bytes[(i + 46)..<(i + 46 + length)]) == wanted {
                    bytes[i + 5] = 3  // made on Unix
                    let attributes = mode << 16
                    for k in 0..<4 { bytes[i + 38 + k] = UInt8(attributes >> (8 * UInt32(k)) & 0xFF) }
                    return Data(bytes)
                }
            }
            i += 1
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    static func verify(_ zip: Data) -> BundleVerifier.Result {
        let fs = MemoryFileSystem()
        try? fs.write(zip, to: "b.zip")
        return BundleVerifier.verify("b.zip", fileSystem: fs)
    }

    @Test func theBundleAsMadeVerifies() {
        #expect(Self.verify(Self.bundle()).ok, "\(Self.verify(Self.bundle()).problems)")
    }

    @Test(arguments: [(UInt32(0o100755), "可执行"), (0o104644, "setuid"), (0o100666, "人人可写"), (0o010644, "不是普通文件")])
    func aFilesModeAlteredIsNamed(_ mode: UInt32, _ said: String) throws {
        let result = Self.verify(try Self.withMode(Self.bundle(), of: "report.html", mode))
        #expect(!result.ok && result.problems.first?.contains(said) == true && result.problems.first?.contains("report.html") == true, "\(result.problems)")
    }

    @Test func aFolderEntryHoldingBytesIsRefused() throws {
        let zip = Self.bundle(plus: [("extra.txt", Data("未列入清单的文字".utf8))])
        let result = Self.verify(try Self.withMode(zip, of: "extra.txt", 0o040755))
        #expect(!result.ok && result.problems.first?.contains("标为文件夹") == true, "\(result.problems)")
    }

    @Test func aNameHoldingANulIsRefused() {
        let result = Self.verify(Self.bundle(plus: [("report.html\u{0}.txt", Data("x".utf8))]))
        #expect(!result.ok && result.problems.first?.contains("控制字符") == true, "\(result.problems)")
    }
}
