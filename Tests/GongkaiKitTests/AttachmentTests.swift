import Foundation
import GongkaiCore
import GongkaiRender
import Testing
import ZIPFoundation
@testable import GongkaiKit

/// Attachments and pictures a public page publishes (the theme's `assets/`, copied to the website whatever refers to
/// them): what a finance clerk's files carry besides what the page shows — a spreadsheet's hidden sheet, a Word
/// document's tracked changes, a PDF's title, a photo's description or place, an SVG's script — and marks in a file's
/// name. Each case was published byte for byte with no word before; the leak audit read only the file's raw bytes, so a
/// withheld text deflated inside an .xlsx or .docx passed it.
@Suite("Attachments")
struct AttachmentTests {
    // MARK: Files as a clerk's tools write them

    /// A zip whose entries are deflated, as Excel, Word and WPS write them.
    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static let contentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
    static let sheetMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// An .xlsx: one visible sheet of `rows` (text cells), `hiddenSheet` rows in a second, hidden sheet, `rowAttributes` on
    /// the first sheet's rows, extra parts.
    static func xlsx(_ rows: [[String]], hiddenSheet: [[String]]? = nil, rowAttributes: [Int: String] = [:],
                     parts: [(String, String)] = []) throws -> Data {
        var strings: [String] = []
        func sheetData(_ rows: [[String]], attributes: [Int: String] = [:]) -> String {
            var xml = ""
            for (r, row) in rows.enumerated() {
                xml += "<row r=\"\(r + 1)\"\(attributes[r + 1].map { " " + $0 } ?? "")>"
                for (c, value) in row.enumerated() where !value.isEmpty {
                    strings.append(value)
                    xml += "<c r=\"\(Sheet.Cell(row: r + 1, column: c + 1).reference)\" t=\"s\"><v>\(strings.count - 1)</v></c>"
                }
                xml += "</row>"
            }
            return xml
        }
        let first = sheetData(rows, attributes: rowAttributes)
        let second = hiddenSheet.map { sheetData($0) }
        var files: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("xl/workbook.xml", Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(sheetMain)\" xmlns:r=\"\(relNS)\"><sheets><sheet name=\"目标表\" sheetId=\"1\" r:id=\"rId1\"/>"
                + (second == nil ? "" : "<sheet name=\"Sheet2\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>") + "</sheets></workbook>").utf8)),
            ("xl/_rels/workbook.xml.rels", Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (second == nil ? "" : "<Relationship Id=\"rId2\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet2.xml\"/>") + "</Relationships>").utf8)),
            ("xl/worksheets/sheet1.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(sheetMain)\"><sheetData>\(first)</sheetData></worksheet>".utf8)),
        ]
        if let second {
            files.append(("xl/worksheets/sheet2.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(sheetMain)\"><sheetData>\(second)</sheetData></worksheet>".utf8)))
        }
        files.append(("xl/sharedStrings.xml", Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(sheetMain)\">"
            + strings.map { "<si><t xml:space=\"preserve\">\($0.xmlEscaped)</t></si>" }.joined() + "</sst>").utf8)))
        files += parts.map { ($0.0, Data($0.1.utf8)) }
        return try zip(files)
    }

    static let wordMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A .docx whose body is `body` (WordprocessingML inside `<w:body>`), with extra parts.
    static func docx(_ body: String, parts: [(String, String)] = []) throws -> Data {
        try zip([("[Content_Types].xml", Data(contentTypes.utf8)),
                 ("word/document.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(wordMain)\"><w:body>\(body)</w:body></w:document>".utf8))]
                + parts.map { ($0.0, Data($0.1.utf8)) })
    }

    static func paragraph(_ text: String) -> String { "<w:p><w:r><w:t>\(text.xmlEscaped)</w:t></w:r></w:p>" }

    /// A PDF of the given objects (their dictionaries and streams as written), with a trailer naming `trailer`.
    static func pdf(_ objects: [Data], trailer: String = "/Root 1 0 R") -> Data {
        var out = Data("%PDF-1.7\n%\u{E2}\u{E3}\n".utf8)
        out.append(Data("1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n".utf8))
        for (i, object) in objects.enumerated() {
            out.append(Data("\(i + 3) 0 obj\n".utf8))
            out.append(object)
            out.append(Data("\nendobj\n".utf8))
        }
        out.append(Data("trailer\n<<\(trailer)>>\n%%EOF\n".utf8))
        return out
    }

    /// A PDF text string as Word and WPS write a Chinese title: UTF-16BE with its byte-order mark, in hexadecimal.
    static func pdfText(_ text: String) -> String {
        "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }

    /// A stream object compressed with FlateDecode (zlib), as every PDF writer compresses its object streams.
    static func flateStream(_ contents: String, dictionary: String = "/Type/ObjStm/N 1/First 4") throws -> Data {
        var deflated = Data()
        let raw = Data(contents.utf8)
        _ = try Data.compress(size: Int64(raw.count), bufferSize: 16_384, provider: { position, size in
            raw.subdata(in: Int(position)..<Int(position) + size)
        }, consumer: { deflated.append($0) })
        // A zlib header before the raw deflate data, and its Adler-32 after.
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let adler = (b << 16) | a
        var stream = Data([0x78, 0x9C]) + deflated
        stream.append(contentsOf: [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)])
        var out = Data("<<\(dictionary)/Filter/FlateDecode/Length \(stream.count)>>\nstream\n".utf8)
        out.append(stream)
        out.append(Data("\nendstream".utf8))
        return out
    }

    /// A JPEG whose EXIF gives `description` (ImageDescription, UTF-8 as phones and Windows write it) and, with `gps`,
    /// the place it was taken; then a scan and the end of the image.
    static func jpeg(description: String? = nil, gps: Bool = false, trailing: Data = Data()) -> Data {
        var tiff = Data("II".utf8) + Data([0x2A, 0x00, 0x08, 0x00, 0x00, 0x00])
        var entries: [(tag: UInt16, type: UInt16, count: UInt32, value: Data)] = []
        if let description { entries.append((0x010E, 2, UInt32(description.utf8.count + 1), Data(description.utf8) + Data([0]))) }
        if gps { entries.append((0x8825, 4, 1, Data())) }
        let ifdSize = 2 + entries.count * 12 + 4
        var extra = Data()
        var ifd = Data()
        func le16(_ v: UInt16) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8)]) }
        func le32(_ v: UInt32) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]) }
        ifd += le16(UInt16(entries.count))
        var gpsAt: Int?
        for entry in entries {
            ifd += le16(entry.tag) + le16(entry.type) + le32(entry.count)
            if entry.tag == 0x8825 {
                gpsAt = ifd.count
                ifd += le32(0)
            } else if entry.value.count <= 4 {
                ifd += entry.value + Data(repeating: 0, count: 4 - entry.value.count)
            } else {
                ifd += le32(UInt32(8 + ifdSize + extra.count))
                extra += entry.value
            }
        }
        ifd += le32(0)
        if let gpsAt {
            let offset = UInt32(8 + ifdSize + extra.count)
            ifd.replaceSubrange(gpsAt..<gpsAt + 4, with: le32(offset))
            // GPS IFD: GPSLatitudeRef N, GPSLatitude 3 rationals.
            let latitudeAt = UInt32(Int(offset) + 2 + 2 * 12 + 4)
            extra += le16(2) + le16(0x0001) + le16(2) + le32(2) + Data("N\0\0\0".utf8)
                + le16(0x0002) + le16(5) + le32(3) + le32(latitudeAt) + le32(0)
                + le32(32) + le32(1) + le32(15) + le32(1) + le32(0) + le32(1)
        }
        tiff += ifd + extra
        let app1 = Data("Exif\0\0".utf8) + tiff
        var out = Data([0xFF, 0xD8])
        if description != nil || gps {
            out += Data([0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)]) + app1
        }
        out += Data([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]) + Data([0x12, 0x34, 0xFF, 0x00, 0x56]) + Data([0xFF, 0xD9])
        return out + trailing
    }

    /// A PNG with a text chunk (`tEXt`, keyword and text) as an editor writes a picture's description.
    static func png(text: (String, String)? = nil) -> Data {
        func chunk(_ type: String, _ data: Data) -> Data {
            let n = UInt32(data.count)
            return Data([UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]) + Data(type.utf8) + data + Data([0, 0, 0, 0])
        }
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        out += chunk("IHDR", Data([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]))
        if let (key, value) = text { out += chunk("tEXt", Data(key.utf8) + Data([0]) + Data(value.utf8)) }
        out += chunk("IDAT", Data([0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]))
        out += chunk("IEND", Data())
        return out
    }

    /// The fixture with `files` in the theme's `assets/`, built in memory.
    static func build(_ files: [String: Data], edit: (inout SiteFixture) -> Void = { _ in }) -> (BuildReport, MemoryFileSystem) {
        var site = SiteFixture()
        edit(&site)
        let fs = site.fileSystem()
        for (path, data) in files { try? fs.write(data, to: "theme/assets/" + path) }
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        return (report, fs)
    }

    static func expectRefused(_ path: String, _ code: DiagnosticCode, in files: [String: Data], _ comment: Comment? = nil,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (report, fs) = build(files)
        #expect(!report.succeeded, comment, sourceLocation: sourceLocation)
        #expect(report.diagnostics.contains { $0.code == code && $0.location.file.hasPrefix("theme/assets/" + path) },
                "\(comment.map { "\($0): " } ?? "")\(report.rendered)", sourceLocation: sourceLocation)
        #expect(!fs.isFile("public/assets/" + path), sourceLocation: sourceLocation)
    }

    // MARK: Names

    /// A file or folder named with a level, as a clerk names a file (`部署图（涉密）.png`, `纪要-内部.pdf`, a folder
    /// `内部资料/`), was published under that name: its name is GK123 at the file.
    @Test(arguments: ["部署图（涉密）.png", "会议纪要-内部.png", "秘密★1年 部署图.png", "内部资料/会议纪要.png", "【内部】纪要.png"])
    func anAttachmentNamedWithALevelIsAnError(_ name: String) {
        Self.expectRefused(name, .unknownDisclosureLevel, in: [name: Self.png()])
    }

    @Test func ordinaryPublicAttachmentsBuild() throws {
        let files: [String: Data] = [
            "2025年绩效目标表.xlsx": try Self.xlsx([["项目名称", "学生营养改善计划"], ["公开属性", "主动公开"], ["内部控制建设", "已完成"]]),
            "自评报告.docx": try Self.docx(Self.paragraph("项目完成情况良好。") + Self.paragraph("依申请公开")),
            "报告.pdf": Self.pdf([Data("<</Title \(Self.pdfText("学生营养改善计划绩效自评报告"))/Producer (WPS Office)>>".utf8)]),
            "市徽.png": Self.png(text: ("Software", "Adobe ImageReady")),
            "现场.jpg": Self.jpeg(description: "学生食堂"),
            "图.svg": Data("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>资金结构</title><text x=\"1\" y=\"5\">财政拨款</text><a href=\"/projects/\"><rect width=\"1\" height=\"1\"/></a></svg>".utf8),
            "指标.csv": Data("指标,指标值,公开属性\n受益学生人数,≥52000人,主动公开\n".utf8),
            "附件.zip": try Self.zip([("目标表.xlsx", try Self.xlsx([["学生营养改善计划"]])), ("说明.txt", Data("公开的说明。".utf8))]),
        ]
        let (report, fs) = Self.build(files)
        #expect(report.succeeded, "\(report.rendered)")
        for name in files.keys { #expect(fs.isFile("public/assets/" + name), "\(name)") }
    }

    /// A site's own file under the name of one of gongkai's (its `assets/style.css`, `assets/search.js`, replacing the
    /// built-in one) is the site's, and read as any other: only gongkai's own bytes are passed unread.
    @Test func aSitesOwnFileAtABuiltInNameIsRead() throws {
        let builtin = try #require(BuiltinTheme.files.first { $0.path.hasPrefix("assets/") && $0.path.hasSuffix(".svg") }
                                   ?? BuiltinTheme.files.first { $0.path.hasPrefix("assets/") && $0.path.hasSuffix(".css") })
        let name = String(builtin.path.dropFirst("assets/".count))
        let marked = builtin.path.hasSuffix(".svg")
            ? Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
            : builtin.data + Data("\n以下内容涉密\n".utf8)
        Self.expectRefused(name, builtin.path.hasSuffix(".svg") ? .attachmentHidden : .unknownDisclosureLevel, in: [name: marked])
        // gongkai's own bytes under their own name pass unread, as a copied theme folder holds them.
        let (report, _) = Self.build([name: builtin.data])
        #expect(report.succeeded, "\(report.rendered)")
    }

    // MARK: What a file hides

    /// A spreadsheet attached to a notice with a hidden sheet, a hidden row holding a row, or a cell comment: the page
    /// links it, a reader opens it and unhides. GK171 at the file (the sheet and cell named).
    @Test(arguments: ["hidden sheet", "hidden row", "comment"])
    func aSpreadsheetsHiddenSheetRowOrCommentIsAnError(_ what: String) throws {
        let data: Data
        switch what {
        case "hidden sheet": data = try Self.xlsx([["学生营养改善计划"]], hiddenSheet: [["北山工程", "640"]])
        case "hidden row": data = try Self.xlsx([["学生营养改善计划"], ["北山工程", "640"]], rowAttributes: [2: "hidden=\"1\""])
        default:
            data = try Self.xlsx([["学生营养改善计划"]], parts: [
                ("xl/worksheets/_rels/sheet1.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(Self.relNS)/comments\" Target=\"../comments1.xml\"/></Relationships>"),
                ("xl/comments1.xml", "<?xml version=\"1.0\"?><comments xmlns=\"\(Self.sheetMain)\"><authors><author>张三</author></authors><commentList><comment ref=\"A1\" authorId=\"0\"><text><t>此行另有北山工程</t></text></comment></commentList></comments>"),
            ])
        }
        Self.expectRefused("目标表.xlsx", .attachmentHidden, in: ["目标表.xlsx": data], "\(what)")
    }

    /// A Word report with tracked changes (a deleted passage still in the file), comments (批注) or hidden text
    /// (隐藏文字): Word shows them to anyone who opens it. GK171.
    @Test(arguments: ["deletion", "comment", "hidden text"])
    func aWordDocumentsTrackedChangesCommentsOrHiddenTextAreAnError(_ what: String) throws {
        let data: Data
        switch what {
        case "deletion":
            data = try Self.docx("<w:p><w:r><w:t>完成情况良好。</w:t></w:r><w:del w:id=\"1\" w:author=\"张三\"><w:r><w:delText>北山工程已完工</w:delText></w:r></w:del></w:p>")
        case "comment":
            data = try Self.docx(Self.paragraph("完成情况良好。"), parts: [("word/comments.xml", "<w:comments xmlns:w=\"\(Self.wordMain)\"><w:comment w:id=\"0\" w:author=\"张三\"><w:p><w:r><w:t>此段删去北山工程</w:t></w:r></w:p></w:comment></w:comments>")])
        default:
            data = try Self.docx("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>北山工程已完工</w:t></w:r></w:p>")
        }
        Self.expectRefused("自评报告.docx", .attachmentHidden, in: ["自评报告.docx": data], "\(what)")
    }

    /// A level mark inside a compressed attachment — a Word document's title property (秘密★1年), a paragraph marked at its
    /// start, a spreadsheet's row marked in its 公开属性 column or at its name, a CSV's row marked so — was published: the
    /// file's bytes are deflated. GK123 at the file.
    @Test(arguments: ["core title", "paragraph", "cell", "name cell", "csv"])
    func aLevelMarkInsideAnAttachmentIsAnError(_ where_: String) throws {
        let name: String, data: Data
        switch where_ {
        case "core title":
            name = "报告.docx"
            data = try Self.docx(Self.paragraph("完成情况良好。"), parts: [("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>秘密★1年</dc:title></cp:coreProperties>")])
        case "paragraph":
            name = "报告.docx"
            // Word splits a paragraph into runs wherever the formatting or the spell checker's marks change.
            data = try Self.docx("<w:p><w:r><w:t>【涉</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>密】北山工程建设情况</w:t></w:r></w:p>")
        case "cell":
            name = "目录.xlsx"
            data = try Self.xlsx([["项目", "公开属性"], ["学生营养改善计划", "主动公开"], ["北山工程", "涉密"]])
        case "name cell":
            name = "目录.xlsx"
            data = try Self.xlsx([["项目"], ["北山工程（涉密）"]])
        default:
            name = "目录.csv"
            data = Data("项目,公开属性\n学生营养改善计划,主动公开\n北山工程,内部\n".utf8)
        }
        Self.expectRefused(name, .unknownDisclosureLevel, in: [name: data], "\(where_)")
    }

    /// A withheld item's text inside an attachment whose bytes are compressed (a classified indicator's name in a
    /// spreadsheet's cell, a Word document's paragraph): the leak audit scanned the deflated bytes and found nothing.
    /// The attachment's text is now audited as a page is: GK900 names the file and the withheld item.
    @Test(arguments: ["xlsx", "docx", "pdf"])
    func aWithheldTextInsideACompressedAttachmentStopsTheBuild(_ kind: String) throws {
        let secret = "青锋七号北山坑道工程"
        let data: Data
        switch kind {
        case "xlsx": data = try Self.xlsx([["指标", "指标值"], [secret, "≥5台"]])
        case "docx": data = try Self.docx(Self.paragraph("主要指标：\(secret)按期完成。"))
        default: data = Self.pdf([try Self.flateStream("3 0 <</Title \(Self.pdfText(secret + "绩效报告"))>>")])
        }
        let (report, fs) = Self.build(["附件.\(kind)": data]) { site in
            site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "              basis: 学籍统计\n",
                      with: "              basis: 学籍统计\n            - name: \(secret)\n              target: ≥5台\n              disclosure: 涉密\n")
        }
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.code == .leak && $0.message.contains("assets/附件.\(kind)") }, "\(kind): \(report.rendered)")
        #expect(!fs.isFile("public/assets/附件.\(kind)"))
    }

    // MARK: PDF

    /// A PDF whose title or keywords are marked (as a Word document's properties are carried into it, compressed in an
    /// object stream by Word and WPS), that runs a script, carries comments, or is encrypted so that nothing in it can
    /// be read.
    @Test(arguments: ["title", "compressed title", "javascript", "comment", "encrypted"])
    func aPDFsMarkedPropertiesScriptsCommentsOrEncryptionAreErrors(_ what: String) throws {
        var code = DiagnosticCode.unknownDisclosureLevel
        let data: Data
        switch what {
        case "title": data = Self.pdf([Data("<</Title \(Self.pdfText("秘密★1年"))>>".utf8)])
        case "compressed title": data = Self.pdf([try Self.flateStream("3 0 <</Keywords \(Self.pdfText("绩效, 内部资料-涉密"))>>")])
        case "javascript":
            code = .attachmentHidden
            data = Self.pdf([Data("<</S/JavaScript/JS (app.alert\\(1\\))>>".utf8)])
        case "comment":
            code = .attachmentHidden
            data = Self.pdf([Data("<</Type/Annot/Subtype/Text/Contents \(Self.pdfText("此处删去北山工程"))>>".utf8)])
        default:
            code = .attachmentUnreadable
            data = Self.pdf([Data("<</Filter/Standard/V 2/R 3/O <00>/U <00>/P -4>>".utf8)], trailer: "/Root 1 0 R/Encrypt 3 0 R")
        }
        Self.expectRefused("报告.pdf", code, in: ["报告.pdf": data], "\(what)")
    }

    /// A ToUnicode map as Word, WPS and Chromium write one: two-byte codes to UTF-16.
    static let toUnicode = """
        /CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CMapName /Adobe-Identity-UCS def /CMapType 2 def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        2 beginbfchar <0001> <4EE5> <0002> <4E0B> endbfchar
        2 beginbfrange <0003> <0004> [<5185> <5BB9>] <0010> <0012> <5BC4> endbfrange
        1 beginbfchar <0018> <6D89> endbfchar
        endcmap CMapName currentdict /CMap defineresource pop end end
        """

    /// A one-page PDF whose page `show`s text in a Type0 font (`/Encoding /Identity-H`) with the map above: the font in
    /// the file or in an object stream, the page's resources its own or its parent's.
    static func cidPDF(show: String, fontInObjectStream: Bool = false, inherited: Bool = false) throws -> Data {
        let resources = "/Resources<</Font<</F1 4 0 R>>>>"
        let font = "<</Type/Font/Subtype/Type0/BaseFont/ABCDEF+SimSun/Encoding/Identity-H/DescendantFonts[7 0 R]/ToUnicode 5 0 R>>"
        var objects: [(Int, Data)] = [
            (1, Data("<</Type/Catalog/Pages 2 0 R>>".utf8)),
            (2, Data("<</Type/Pages/Kids[3 0 R]/Count 1\(inherited ? resources : "")>>".utf8)),
            (3, Data("<</Type/Page/Parent 2 0 R\(inherited ? "" : resources)/MediaBox[0 0 595 842]/Contents 6 0 R>>".utf8)),
            (5, try flateStream(toUnicode, dictionary: "")),
            (6, try flateStream("BT /F1 12 Tf 1 0 0 1 50 700 Tm \(show) ET", dictionary: "")),
            (7, Data("<</Type/Font/Subtype/CIDFontType2/BaseFont/ABCDEF+SimSun/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/CIDToGIDMap/Identity>>".utf8)),
        ]
        objects.append(fontInObjectStream ? (8, try flateStream("4 0 " + font)) : (4, Data(font.utf8)))
        var out = Data("%PDF-1.7\n%\u{E2}\u{E3}\n".utf8)
        for (number, object) in objects {
            out.append(Data("\(number) 0 obj\n".utf8))
            out.append(object)
            out.append(Data("\nendobj\n".utf8))
        }
        out.append(Data("trailer\n<</Root 1 0 R>>\n%%EOF\n".utf8))
        return out
    }

    /// A mark in a Chinese PDF's page text (以下内容涉密, drawn in a Type0 font as Word and WPS draw it) was glyph numbers to
    /// gongkai, and the PDF was published. It is read through the font's ToUnicode map: split across a `TJ` array's
    /// strings (as a writer spaces or kerns them), in literal strings with escapes, shown by `"`, with the font in an
    /// object stream or the resources inherited from the page tree (GK123). The same page saying 以下内容 builds.
    @Test(arguments: ["split", "literal", "quote", "object stream", "inherited"])
    func aMarkInACIDFontsPageTextIsRead(_ how: String) throws {
        let data: Data
        switch how {
        case "split": data = try Self.cidPDF(show: "[<00010002> -20 <00030004> 120 <0018> -250 <0012>] TJ")
        case "literal": data = try Self.cidPDF(show: "(\\000\\001\\000\\002\\000\\003\\000\\004\\000\\030\\000\\022) Tj")
        case "quote": data = try Self.cidPDF(show: "0 0 <0001 0002 0003 0004 0018 0012> \"")
        case "object stream": data = try Self.cidPDF(show: "<000100020003000400180012> Tj", fontInObjectStream: true)
        default: data = try Self.cidPDF(show: "<000100020003000400180012> Tj", inherited: true)
        }
        Self.expectRefused("报告.pdf", .unknownDisclosureLevel, in: ["报告.pdf": data], "\(how)")
        let (report, fs) = Self.build(["报告.pdf": try Self.cidPDF(show: "[<00010002> -20 <00030004>] TJ", fontInObjectStream: how == "object stream", inherited: how == "inherited")])
        #expect(report.succeeded, "\(how): \(report.rendered)")
        #expect(fs.isFile("public/assets/报告.pdf"))
    }

    /// A PDF written to stop the reader: an object stream's count and offset out of any number's range, a page that is its
    /// own parent, text operators with numbers no number type holds. It is read, and gongkai does not stop.
    @Test func aHostilePDFsNumbersAndLoopsDoNotStopTheBuild() throws {
        let data = Self.pdf([
            try Self.flateStream("4 0 <</Type/Font>>", dictionary: "/Type/ObjStm/N 1e300/First 1e300"),
            Data("<</Type/Page/Parent 4 0 R/Contents 5 0 R>>".utf8),
            try Self.flateStream("BT /F1 1e400 Tf 1e308 1e308 Td -1e999 0 0 1 nan 99999999999999999999 Tm <0001> Tj [(x) 1e500 <00>] TJ ET BI /W 1 ID \u{1}EI\n ET", dictionary: ""),
        ])
        let (report, fs) = Self.build(["报告.pdf": data])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/报告.pdf"))
    }

    /// A ToUnicode map's forms: one- and two-byte code space ranges side by side, `bfchar`, both forms of `bfrange`
    /// (a first destination counted up, a list), destinations of two UTF-16 units (a surrogate pair, a ligature).
    @Test func aToUnicodeMapDecodesItsCodes() {
        let map = CMap(Array("""
            2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
            3 beginbfchar <41> <0041> <8140> <D840DC00> <42> <00660069> endbfchar
            2 beginbfrange <8141> <8143> <6D89> <50> <51> [<5BC6> <D842DFB7>] endbfrange
            """.utf8), composite: true)
        #expect(map.decode([0x41, 0x81, 0x40, 0x42, 0x81, 0x41, 0x81, 0x43, 0x50, 0x51]) == "A\u{20000}fi涉\u{6D8B}密\u{20BB7}")
    }

    // MARK: Pictures

    /// A photo whose EXIF description names a level, or that carries the place it was taken (GPS: the site of a
    /// classified project), and a PNG whose text chunk is marked; a picture with other data after its end (a zip appended
    /// to a JPEG is still a JPEG to a browser).
    @Test(arguments: ["description", "gps", "png text", "appended"])
    func aPicturesMetadataOrAppendedDataIsAnError(_ what: String) {
        switch what {
        case "description": Self.expectRefused("现场.jpg", .unknownDisclosureLevel, in: ["现场.jpg": Self.jpeg(description: "北山坑道入口（涉密）")])
        case "gps": Self.expectRefused("现场.jpg", .attachmentHidden, in: ["现场.jpg": Self.jpeg(gps: true)])
        case "png text": Self.expectRefused("图.png", .unknownDisclosureLevel, in: ["图.png": Self.png(text: ("Description", "机密★5年"))])
        default: Self.expectRefused("现场.jpg", .attachmentUnreadable, in: ["现场.jpg": Self.jpeg(trailing: Data("PK\u{3}\u{4}北山工程".utf8))])
        }
    }

    /// An SVG is a document: its script runs when a reader opens the picture's address (on the site's own origin), an
    /// event attribute too, a link or image from another server is fetched, and a mark in its text may be written as
    /// character references, which a byte reading does not see.
    @Test(arguments: ["<script>alert(1)</script>", "<rect onload=\"alert(1)\"/>", "<image href=\"https://tracker.example.com/x.png\"/>",
                      "<text>&#28041;&#23494;</text>", "<text style=\"display:none\">北山工程</text>"])
    func anSVGsScriptExternalReferenceOrMarkIsAnError(_ inner: String) {
        let code: DiagnosticCode = inner.contains("&#") ? .unknownDisclosureLevel : .attachmentHidden
        Self.expectRefused("图.svg", code, in: ["图.svg": Data("<svg xmlns=\"http://www.w3.org/2000/svg\">\(inner)</svg>".utf8)], "\(inner)")
    }

    /// A CSV is read as the import reads it, cell by cell, and each whole line too. One the import reads as a single column
    /// or refuses — its fields separated by `;` as Excel set to a European region saves it, or by tabs as “Unicode text”,
    /// or longer than an indicator table — is read field by field at every separator: `北山工程;内部` was read only as a
    /// whole line, where a field that only says 内部 is no mark, and published.
    @Test(arguments: ["semicolons", "tabs", "long"])
    func aCSVsMarkedCellIsReadHoweverItIsSeparated(_ how: String) {
        let text: String
        switch how {
        case "semicolons": text = "项目;公开属性\n学生营养改善计划;主动公开\n北山工程;内部\n"
        case "tabs": text = "项目\t公开属性\n北山工程\t内部\n"
        default: text = "项目,金额\n" + String(repeating: "学生营养改善计划,640\n", count: Sheet.maxRows) + "北山工程,内部\n"
        }
        Self.expectRefused("目录.csv", .unknownDisclosureLevel, in: ["目录.csv": Data(text.utf8)], "\(how)")
    }

    /// What the import reads as one cell is one: a quoted field holding a comma or a line end, Excel's guard `'` before a
    /// formula-like text. A public CSV so written builds; a mark in such a cell is found.
    @Test func aCSVsQuotedCellsAreReadAsTheImportReadsThem() {
        let (report, fs) = Self.build(["目录.csv": Data("项目,说明\n学生营养改善计划,\"受益学生52000人,\n覆盖全市\"\n绩效指标,'=100%\n".utf8)])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/目录.csv"))
        Self.expectRefused("目录.csv", .unknownDisclosureLevel, in: ["目录.csv": Data("项目,公开属性\n\"北山工程\n二期\",\"（涉密）\"\n".utf8)])
    }

    // MARK: Zips made on Windows

    /// Windows PowerShell 5.1's Compress-Archive names a zip's entries with backslashes (`资料\报告.pdf`), as a Windows
    /// clerk's zip comes: every such zip was refused as a path out of the archive (GK170). A backslash separates folders
    /// as a slash does: the folders are read as names (`资料\涉密\清单.txt` is GK123 at its folder), and a path out of the
    /// archive is still GK170 (`..\清单.txt`, `资料\..\..\清单.txt`, `\清单.txt`, a drive `C:\清单.txt`, `C:/清单.txt`).
    @Test(arguments: [("资料\\说明.txt", ""), ("资料\\涉密\\清单.txt", "GK123"), ("..\\清单.txt", "GK170"), ("资料\\..\\..\\清单.txt", "GK170"),
                      ("\\清单.txt", "GK170"), ("C:\\清单.txt", "GK170"), ("C:/清单.txt", "GK170"), ("d:清单.txt", "GK170")])
    func aZipEntryNamedWithBackslashesIsReadInItsFolders(_ path: String, _ code: String) throws {
        let data = try Self.zip([(path, Data("公开的说明。".utf8))])
        switch code {
        case "":
            let (report, fs) = Self.build(["附件.zip": data])
            #expect(report.succeeded, "\(path): \(report.rendered)")
            #expect(fs.isFile("public/assets/附件.zip"), "\(path)")
        case "GK123":
            Self.expectRefused("附件.zip", .unknownDisclosureLevel, in: ["附件.zip": data], "\(path)")
            let (report, _) = Self.build(["附件.zip": data])
            #expect(!report.diagnostics.contains { $0.code == .attachmentUnreadable }, "\(path): \(report.rendered)")
        default:
            Self.expectRefused("附件.zip", .attachmentUnreadable, in: ["附件.zip": data], "\(path)")
        }
    }

    // MARK: What gongkai cannot read

    /// Files whose contents gongkai cannot read are refused rather than published unread: a Word 97 (.doc) or WPS file,
    /// an encrypted Office document (both compound files), an unknown binary, and such a file inside a zip; a zip entry
    /// named with a level is a name like any other.
    @Test(arguments: ["doc", "binary", "zip of doc", "zip entry name", "zip slip"])
    func anAttachmentGongkaiCannotReadIsAnError(_ what: String) throws {
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 504)
        switch what {
        case "doc": Self.expectRefused("报告.doc", .attachmentUnreadable, in: ["报告.doc": ole])
        case "binary": Self.expectRefused("数据.dat", .attachmentUnreadable, in: ["数据.dat": Data([0x00, 0x01, 0x02, 0xFE, 0x9A, 0x00, 0x13])])
        case "zip of doc": Self.expectRefused("附件.zip", .attachmentUnreadable, in: ["附件.zip": try Self.zip([("报告.doc", ole)])])
        case "zip entry name": Self.expectRefused("附件.zip", .unknownDisclosureLevel, in: ["附件.zip": try Self.zip([("涉密/清单.txt", Data("清单".utf8))])])
        default: Self.expectRefused("附件.zip", .attachmentUnreadable, in: ["附件.zip": try Self.zip([("../../清单.txt", Data("清单".utf8))])])
        }
    }
}
