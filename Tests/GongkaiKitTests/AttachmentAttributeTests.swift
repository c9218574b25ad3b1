import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Marks an attachment holds where its text is not (found by the leak red-team, round forty-three): an attribute of a
/// web page, an SVG or an XML file (`content=`, `alt=`, `title=`, `aria-label=`), a Word picture's alt text and a
/// hyperlink's tooltip, a ZIP file's comment, and a file whose first bytes are a font's or an icon's. Each was published
/// with exit 0; each is GK123 at the file.
@Suite("Marks in attachments' attributes, comments and odd headers")
struct AttachmentAttributeTests {
    /// A ZIP file of `parts` with `comment` as the archive's comment, as 7-Zip and WinRAR write one.
    static func zip(_ parts: [(String, Data)], comment: String) throws -> Data {
        var data = try AttachmentTests.zip(parts)
        let bytes = Data(comment.utf8)
        // The end record is the last 22 bytes of a file with no comment; its last two bytes are the comment's length.
        data[data.count - 2] = UInt8(bytes.count & 0xFF)
        data[data.count - 1] = UInt8(bytes.count >> 8)
        return data + bytes
    }

    @Test(arguments: [
        ("说明.html", "<html><head><meta name=\"description\" content=\"【涉密】北山坑道口径十二米\"></head><body><p>公开的说明。</p></body></html>"),
        ("说明.html", "<html><body><img src=\"a.png\" alt=\"部署图（涉密）\"><p>公开的说明。</p></body></html>"),
        ("图.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"【内部】会议纪要\"><rect width=\"1\" height=\"1\"/></svg>"),
        ("图.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g title=\"秘密★1年\"><rect width=\"1\" height=\"1\"/></g></svg>"),
        ("数据.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><items><item name=\"北山工程\" level=\"涉密\"/></items>"),
    ])
    func aMarkInAnAttributeIsAnError(_ name: String, _ text: String) {
        AttachmentTests.expectRefused(name, .unknownDisclosureLevel, in: [name: Data(text.utf8)], "\(text)")
    }

    @Test(arguments: [
        "<w:p><w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><wp:docPr id=\"1\" name=\"图片 1\" descr=\"【涉密】北山部署图\"/></wp:inline></w:drawing></w:r></w:p>",
        "<w:p><w:hyperlink w:tooltip=\"【内部】会议纪要\" w:anchor=\"a\"><w:r><w:t>会议纪要</w:t></w:r></w:hyperlink></w:p>",
    ])
    func aWordPicturesAltTextOrALinksTooltipIsRead(_ body: String) throws {
        let data = try AttachmentTests.docx(AttachmentTests.paragraph("完成情况良好。") + body)
        AttachmentTests.expectRefused("报告.docx", .unknownDisclosureLevel, in: ["报告.docx": data], "\(body)")
    }

    @Test func aZipFilesCommentIsRead() throws {
        let data = try Self.zip([("说明.txt", Data("公开的说明。".utf8))], comment: "【涉密】北山坑道口径十二米")
        AttachmentTests.expectRefused("资料.zip", .unknownDisclosureLevel, in: ["资料.zip": data])
    }

    /// A font's or an icon's first four bytes before a text: the file was skipped unread.
    @Test(arguments: [[UInt8]([0x00, 0x01, 0x00, 0x00]), [0x00, 0x00, 0x01, 0x00], Array("wOFF".utf8)])
    func aFileWithAFontsOrAnIconsHeaderIsRead(_ header: [UInt8]) {
        let data = Data(header) + Data("\n【涉密】北山坑道口径十二米\n".utf8)
        AttachmentTests.expectRefused("说明.txt", .unknownDisclosureLevel, in: ["说明.txt": data])
    }

    /// Ordinary attributes, comments and fonts stay quiet.
    @Test func ordinaryAttributesAndCommentsBuild() throws {
        let html = "<html><head><meta charset=\"utf-8\"><meta name=\"description\" content=\"学生营养改善计划公开说明\"></head><body><img src=\"a.png\" alt=\"部署图\" title=\"内部控制流程图\"><p>公开的说明。</p></body></html>"
        let zip = try Self.zip([("说明.txt", Data("公开的说明。".utf8))], comment: "青川市财政局 2025 年资料")
        let (report, fs) = AttachmentTests.build(["说明.html": Data(html.utf8), "资料.zip": zip,
                                                  "字体.woff": Data("wOFF".utf8) + Data(repeating: 7, count: 64)])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/说明.html") && fs.isFile("public/assets/资料.zip"))
    }
}
