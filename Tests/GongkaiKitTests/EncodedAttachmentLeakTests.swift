import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Withheld words an attachment holds in a form its bytes do not show (found by the leak red-team, round 40): each case
/// built with exit 0 and published the file. The raw scan reads bytes, and the attachment reading took the file as
/// plain text.
@Suite("Encoded attachments")
struct EncodedAttachmentLeakTests {
    static let secret = "青锋七号北山坑道工程"

    /// The fixture with a classified indicator named `secret`.
    static func withSecret(_ site: inout SiteFixture) {
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "              basis: 学籍统计\n",
                  with: "              basis: 学籍统计\n            - name: \(secret)\n              target: ≥5台\n              disclosure: 涉密\n")
    }

    /// `text` as JSON writes it by default in Python (`json.dumps`, `ensure_ascii=True`): every character beyond ASCII
    /// as `\uXXXX`, one beyond the BMP as a surrogate pair.
    static func asciiJSON(_ text: String) -> String {
        text.utf16.map { $0 < 0x80 ? String(UnicodeScalar(UInt8($0))) : String(format: "\\u%04x", $0) }.joined()
    }

    /// A .json of a clerk's tool (Python's json.dumps) holds Chinese as `\uXXXX`: a reader's browser shows the words
    /// (Firefox's JSON viewer, any page's script), the scan of its bytes saw only escapes.
    @Test func aWithheldNameEscapedInAJSONFileStopsTheBuild() {
        let json = "{\"项目\": \"\(Self.secret)\", \"说明\": \"\u{1F4C8}\"}"
        let (report, fs) = AttachmentTests.build(["数据.json": Data(Self.asciiJSON(json).utf8)], edit: Self.withSecret)
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/数据.json") }, "\(report.rendered)")
        #expect(!fs.isFile("public/assets/数据.json"))
    }

    /// A level mark escaped so (`"\u3010\u6d89\u5bc6\u3011…"`, 【涉密】) is read as a mark.
    @Test func aLevelMarkEscapedInAJSONFileIsAnError() {
        AttachmentTests.expectRefused("数据.json", .unknownDisclosureLevel,
                                      in: ["数据.json": Data(Self.asciiJSON("{\"说明\": \"【涉密】北山工程\"}").utf8)])
    }

    /// A public JSON file, escaped or not, still builds.
    @Test func aPublicEscapedJSONFileBuilds() {
        let (report, fs) = AttachmentTests.build(["数据.json": Data(Self.asciiJSON("{\"项目\": \"学生营养改善计划\", \"路径\": \"a\\\\u4e00\"}").utf8)])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/数据.json"))
    }

    /// An SVG that embeds a picture as a `data:` address (as Inkscape embeds an imported photo): the picture's bytes are
    /// base64 in the SVG, so its description, marks and place were read by no one.
    @Test(arguments: ["withheld name", "mark", "gps", "percent-encoded svg"])
    func aPictureEmbeddedInAnSVGIsReadAsAnAttachment(_ what: String) {
        let picture: Data, mime: String
        switch what {
        case "withheld name": (picture, mime) = (AttachmentTests.png(text: ("Description", Self.secret + "入口")), "image/png")
        case "mark": (picture, mime) = (AttachmentTests.png(text: ("Description", "机密★5年")), "image/png")
        case "gps": (picture, mime) = (AttachmentTests.jpeg(gps: true), "image/jpeg")
        default: (picture, mime) = (Data(), "")
        }
        let image = what == "percent-encoded svg"
            ? "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Cscript%3Ealert(1)%3C/script%3E%3C/svg%3E"
            : "data:\(mime);base64,\(picture.base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\n"))"
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image width=\"10\" height=\"10\" xlink:href=\"\(image)\"/><text x=\"0\" y=\"5\">示意图</text></svg>"
        let files = ["示意图.svg": Data(svg.utf8)]
        switch what {
        case "withheld name":
            let (report, fs) = AttachmentTests.build(files, edit: Self.withSecret)
            #expect(!report.succeeded)
            #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/示意图.svg") }, "\(report.rendered)")
            #expect(!fs.isFile("public/assets/示意图.svg"))
        case "mark": AttachmentTests.expectRefused("示意图.svg", .unknownDisclosureLevel, in: files)
        default: AttachmentTests.expectRefused("示意图.svg", .attachmentHidden, in: files, "\(what)")
        }
    }

    /// A style sheet or page of the theme with a clean embedded picture builds.
    @Test func aCleanEmbeddedPictureBuilds() {
        let css = "body { background: url(\"data:image/png;base64,\(AttachmentTests.png().base64EncodedString())\"); }\n"
        let (report, fs) = AttachmentTests.build(["site.css": Data(css.utf8)])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/site.css"))
    }

    /// A text that mentions a PDF's header in its first kilobyte (`%PDF-1.7` in a readme) was taken for a PDF, and read
    /// as one: its lines, a level mark among them, were never read as text.
    @Test(arguments: ["说明.txt", "图.svg"])
    func aTextMentioningAPDFHeaderIsStillReadAsText(_ name: String) {
        let text = name.hasSuffix(".svg")
            ? "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- 由 %PDF-1.7 转换 --><script>alert(1)</script></svg>"
            : "本目录的附件均为 %PDF-1.7 格式。\n【涉密】北山工程部署说明\n"
        AttachmentTests.expectRefused(name, name.hasSuffix(".svg") ? .attachmentHidden : .unknownDisclosureLevel, in: [name: Data(text.utf8)])
    }

    /// A picture written into a page as a `data:` address is published with every byte of it, as a theme's picture is, but
    /// was read by no one: its description (a withheld name), a mark, the place a photo was taken.
    @Test(arguments: ["withheld name", "mark", "gps"])
    func aPictureWrittenIntoAPageIsReadAsAPictureIs(_ what: String) {
        let picture = what == "gps" ? AttachmentTests.jpeg(gps: true)
            : AttachmentTests.png(text: ("Description", what == "mark" ? "机密★5年" : Self.secret))
        let mime = what == "gps" ? "image/jpeg" : "image/png"
        var site = SiteFixture()
        if what == "withheld name" { Self.withSecret(&site) }
        site.edit("content/pages/zhengce/banfa.md", replacing: "第一条　为了加强预算绩效管理，制定本办法。", with: """
            第一条　为了加强预算绩效管理，制定本办法。

            ![示意图](data:\(mime);base64,\(picture.base64EncodedString()))
            """)
        let (report, fs) = site.build()
        #expect(!report.succeeded, "\(what)")
        #expect(report.diagnostics.contains { $0.location.file == "content/pages/zhengce/banfa.md" && $0.location.line == 8 && $0.severity == .error },
                "\(what): \(report.rendered)")
        #expect(!fs.isFile("public/zhengce/banfa/index.html"), "\(what)")
        // Nothing of the picture's words in the messages.
        #expect(!report.redactedDiagnostics.contains { $0.message.contains(Self.secret) })
    }
    /// A page of the theme (`.html`) or an SVG whose attribute writes a withheld name as character references
    /// (`alt="&#x9752;&#x950B;…"`): the browser shows it as a picture's text or a tooltip; the text between tags was read,
    /// the attributes were not, and the bytes hold only the references.
    @Test(arguments: ["说明.html", "图.svg"])
    func aWithheldNameInAnAttributeAsReferencesStopsTheBuild(_ name: String) {
        let alt = Self.secret.unicodeScalars.map { "&#x\(String($0.value, radix: 16));" }.joined()
        let text = name.hasSuffix(".svg")
            ? "<svg xmlns=\"http://www.w3.org/2000/svg\"><g aria-label=\"\(alt)\"><text x=\"0\" y=\"5\">示意图</text></g></svg>"
            : "<html><body><img src=\"a.png\" alt=\"\(alt)\"><p>说明</p></body></html>"
        let (report, fs) = AttachmentTests.build([name: Data(text.utf8)], edit: Self.withSecret)
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/\(name)") }, "\(report.rendered)")
        #expect(!fs.isFile("public/assets/\(name)"))
    }

    /// An RTF document (Word's and WPS's 另存为 RTF) writes Chinese as escapes of GBK bytes (`\'c7\'e0`) or of characters
    /// (`\u38738?`): a withheld name and a mark so written were published.
    @Test(arguments: ["bytes", "unicode", "mark"])
    func anRTFDocumentsWordsAreRead(_ how: String) {
        let words = how == "mark" ? "【涉密】北山工程" : Self.secret
        let escaped: String
        if how == "unicode" {
            escaped = words.unicodeScalars.map { "\\u\($0.value > 32767 ? Int($0.value) - 65536 : Int($0.value))?" }.joined()
        } else {
            let gbk = words.data(using: .gb18030)!
            escaped = gbk.map { String(format: "\\'%02x", $0) }.joined()
        }
        let rtf = "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0\\fs24 \(escaped)\\par\n}"
        if how == "mark" {
            AttachmentTests.expectRefused("通知.rtf", .unknownDisclosureLevel, in: ["通知.rtf": Data(rtf.utf8)])
            return
        }
        let (report, fs) = AttachmentTests.build(["通知.rtf": Data(rtf.utf8)], edit: Self.withSecret)
        #expect(!report.succeeded, "\(how)")
        #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/通知.rtf") }, "\(how): \(report.rendered)")
        #expect(!fs.isFile("public/assets/通知.rtf"))
    }

    /// A public RTF builds.
    @Test func aPublicRTFBuilds() {
        let gbk = "学生营养改善计划".data(using: .gb18030)!.map { String(format: "\\'%02x", $0) }.joined()
        let (report, fs) = AttachmentTests.build(["通知.rtf": Data("{\\rtf1\\ansi\\ansicpg936 \(gbk)\\par\n}".utf8)])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/通知.rtf"))
    }

    /// A web page saved as one file (IE's and Word's 单个文件网页, `.mht`) or an e-mail (`.eml`) writes its page as
    /// quoted-printable or base64 in GBK: its words were published, read by no one. gongkai does not decode MIME: it is
    /// refused as a file it cannot read.
    @Test(arguments: ["通知.mht", "来函.eml"])
    func aMIMEArchiveIsRefusedAsUnreadable(_ name: String) {
        let mht = """
            From: <Saved by Windows Internet Explorer 8>
            Subject: tongzhi
            MIME-Version: 1.0
            Content-Type: multipart/related;
            \ttype="text/html";
            \tboundary="----=_NextPart_000_0000"

            ------=_NextPart_000_0000
            Content-Type: text/html;
            \tcharset="gb2312"
            Content-Transfer-Encoding: quoted-printable

            <html><body><p>=D6=B8=BB=D3=CB=F9</p></body></html>
            ------=_NextPart_000_0000--

            """
        AttachmentTests.expectRefused(name, .attachmentUnreadable, in: [name: Data(mht.utf8)])
    }

    /// A site's own script or style sheet is markup, whose Latin words every page may carry: one listing a classified
    /// project's code (a chart's data, `["JYJ-2025-001", "JYJ-2025-009"]`) approved the code, and the build published it in
    /// the script (the same words in a text file stop the build).
    @Test(arguments: ["chart.js", "site.css"])
    func aSitesOwnScriptHoldingAClassifiedCodeFailsTheBuild(_ name: String) throws {
        let site = ClassifiedCopyTests.site()
        let fs = site.fileSystem()
        let text = name.hasSuffix(".js") ? "var codes = [\"JYJ-2025-001\", \"JYJ-2025-009\"];\n" : ".project-JYJ-2025-009 { color: #333; }\n"
        try fs.write(Data(text.utf8), to: "theme/assets/" + name)
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded, "\(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/\(name)") }, "\(report.rendered)")
        #expect(!fs.isFile("public/assets/\(name)"))
    }
}
