import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// An .html attachment (or an SVG) written by hand or by an editor spells its links in ways gongkai's own pages never do:
/// single quotes (`href='/departments/gfd/'`), capitals (`HREF=`), spaces around `=`, a line end before the attribute, a
/// character reference in the address (`&#47;departments&#47;gfd&#47;`). The link check read only ` href="…"`, so such a
/// link naming a classified department's code (too short for the audit's fingerprints) was published with exit 0.
@Suite struct AttachmentLinkSpellingTests {
    @Test(arguments: ["<a href='/departments/gfd/'>", "<A HREF=\"/departments/gfd/\">", "<a href = \"/departments/gfd/\">",
                      "<a\nhref=\"/departments/gfd/\">", "<a href=\"&#47;departments&#47;gfd&#47;\">", "<img src='/data/departments/2025/gfd.json'>"])
    func aLinkToAWithheldItemIsAnErrorHoweverItIsSpelled(_ open: String) {
        let html = Data("<!DOCTYPE html><html><body><p>\(open)部门</a></p></body></html>".utf8)
        let (report, fs) = AttachmentTests.build(["说明.html": html], edit: SVGWithheldLinkTests.classifiedDepartment)
        #expect(!report.succeeded, "\(open)")
        #expect(report.diagnostics.contains { $0.code == .withheldLink && $0.location.file.contains("说明.html") }, "\(open): \(report.rendered)")
        #expect(!fs.isFile("public/assets/说明.html"))
    }

    @Test func theSameSpellingsOfPublicLinksBuild() {
        let html = Data("<!DOCTYPE html><html><body><p><a href='/departments/jyj/'>甲</a><A HREF = \"https://www.mof.gov.cn/\">乙</A></p></body></html>".utf8)
        let (report, fs) = AttachmentTests.build(["说明.html": html], edit: SVGWithheldLinkTests.classifiedDepartment)
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/说明.html"))
    }
}
