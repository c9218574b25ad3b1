import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// `gongkai bundle --pdf` prints the report (what only the people's congress may read) with headless Chromium. Run
/// with a stand-in `chromium` on PATH that records what it was given, so no browser is needed.
@Suite("bundle --pdf's printing")
struct BundlePrintTests {
    /// The stand-in: records the mode of its input's folder, then writes a PDF (`ok`) or half of one and fails (`fail`).
    static let chromium = """
        #!/bin/sh
        for a in "$@"; do
          case "$a" in
            --print-to-pdf=*) out="${a#--print-to-pdf=}" ;;
            file://*) in="${a#file://}" ;;
          esac
        done
        stat -c %a "$(dirname "$in")" > "$GK_LOG"
        if [ "$GK_MODE" = ok ]; then
          printf '%%PDF-1.4\\n/Creator (HeadlessChrome)\\nFIRST\\n' > "$out"; exit 0
        fi
        printf '%%PDF-half' > "$out"; exit 3

        """

    /// The report was written for Chromium into a folder of the shared temporary folder that every user of the machine
    /// could list and read (0755, the umask's), and Chromium printed straight over the PDF beside the zip, so a print that
    /// failed half-way left half a PDF in place of the last good one. The report's folder is now the user's alone (0700),
    /// and the PDF is printed there and moved into place whole: a failed print leaves the previous PDF as it was.
    @Test func theReportIsPrintedInAPrivateFolderAndAFailedPrintChangesNoPDF() throws {
        let site = try CommandLineTests.materialise(SiteFixture())
        defer { try? FileManager.default.removeItem(atPath: site) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-print-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for folder in ["bin", "tmp", "out"] { try FileManager.default.createDirectory(atPath: joinPath(scratch, folder), withIntermediateDirectories: true) }
        let program = joinPath(scratch, "bin/chromium")
        try Data(Self.chromium.utf8).write(to: URL(fileURLWithPath: program))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let log = joinPath(scratch, "log"), zip = joinPath(scratch, "out/报送.zip"), pdf = joinPath(scratch, "out/报送.pdf")
        func bundle(_ mode: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try CommandLineTests.run(["bundle", "--site", site, "--year", "2025", "--stage", "accounts", "--output", zip, "--pdf"],
                                     environment: ["PATH": joinPath(scratch, "bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                                                   "TMPDIR": joinPath(scratch, "tmp"), "GK_LOG": log, "GK_MODE": mode])
        }
        let first = try bundle("ok")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "700")
        let printed = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(printed.range(of: Data("FIRST".utf8)) != nil)

        let failed = try bundle("fail")
        #expect(failed.status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == printed, "a failed print changed the PDF")
        // Nothing of the print is left in the temporary folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: joinPath(scratch, "tmp")).isEmpty)
    }
}

/// `gongkai import` reads an .xlsx through a copy in the temporary folder (ZIPFoundation reads a damaged file safely only
/// from disk). The spreadsheet may hold classified rows.
@Suite("import's temporary copy")
struct ImportTemporaryCopyTests {
    /// The copy was written with the umask's mode (0644) into the temporary folder every user of the machine shares, so any
    /// of them could read a department's classified rows while it was imported. It is now the user's alone (0600), made new
    /// (never through a file or link already there), and deleted after.
    @Test func theCopyIsTheUsersAlone() throws {
        let copy = try SpreadsheetReader.privateTemporaryCopy(of: Data("PK\u{3}\u{4}青锋七号".utf8))
        defer { try? FileManager.default.removeItem(at: copy) }
        let attributes = try FileManager.default.attributesOfItem(atPath: copy.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try Data(contentsOf: copy) == Data("PK\u{3}\u{4}青锋七号".utf8))
    }
}
