import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// An SVG of the theme whose shape links a withheld item's address (`<a xlink:href="/departments/gfd/">`, as draw.io and
/// Inkscape write a linked shape): the link check read only pages' links, so the build passed and published the classified
/// department's code, too short for the audit's fingerprints, while the same link in an .html attachment was GK149
/// (found by the leak red-team, shown with the release binary before the fix).
@Suite struct SVGWithheldLinkTests {
    static func classifiedDepartment(_ site: inout SiteFixture) {
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学",
                  with: "        name: 测试市第一中学\n  - code: GFD\n    name: 测试市国防动员办公室\n    disclosure: 涉密")
    }

    static func svg(_ open: String) -> Data {
        Data("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\(open)<text x=\"0\" y=\"10\">部门</text></a></svg>".utf8)
    }

    @Test(arguments: ["<a xlink:href=\"/departments/gfd/\">", "<a href=\"../departments/#gfd\">", "<a xlink:href=\"https://example.gov.cn/departments/gfd/\">"])
    func anSVGsLinkToAWithheldItemIsAnError(_ open: String) {
        let (report, fs) = AttachmentTests.build(["结构图.svg": Self.svg(open)], edit: Self.classifiedDepartment)
        #expect(!report.succeeded, "\(open)")
        #expect(report.diagnostics.contains { $0.code == .withheldLink && $0.location.file.contains("结构图.svg") }, "\(open): \(report.rendered)")
        #expect(!fs.isFile("public/assets/结构图.svg"))
        #expect(!report.rendered.lowercased().contains("gfd"), "\(report.rendered)")
    }

    /// Links to public pages, to fragments of the picture and to another site build, as before.
    @Test func anSVGsOtherLinksBuild() {
        let (report, fs) = AttachmentTests.build(["结构图.svg": Self.svg("<a xlink:href=\"/departments/jyj/\"><use xlink:href=\"#g1\"/></a><a href=\"https://www.mof.gov.cn/\">")],
                                                 edit: Self.classifiedDepartment)
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/结构图.svg"))
    }
}
