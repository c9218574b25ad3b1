import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Attachments as real tools write them, not as AttachmentTests builds them by hand: each public one was refused
/// (a false alarm that would stop a bureau publishing its 评价报告.pdf or 资金结构.svg), or a marked one passed because its
/// words were not read. The small files are embedded as their tools wrote them; the SVGs keep the exporters' shapes.
@Suite("Attachments written by real tools")
struct RealToolAttachmentTests {
    static func file(_ base64: String) -> Data { Data(base64Encoded: base64)! }

    // MARK: PDF

    /// ReportLab 4 (`canvas.Canvas(invariant=1)`, a Chinese title, Helvetica text) wraps every stream in
    /// `[/ASCII85Decode /FlateDecode]`: the public report was refused as a stream gongkai cannot decode (GK170).
    static let reportLabPublic = file("JVBERi0xLjMKJZOMi54gUmVwb3J0TGFiIEdlbmVyYXRlZCBQREYgZG9jdW1lbnQgKG9wZW5zb3VyY2UpCjEgMCBvYmoKPDwKL0YxIDIgMCBSCj4+CmVuZG9iagoyIDAgb2JqCjw8Ci9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nIC9OYW1lIC9GMSAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQKPj4KZW5kb2JqCjMgMCBvYmoKPDwKL0NvbnRlbnRzIDcgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgNiAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKNCAwIG9iago8PAovUGFnZU1vZGUgL1VzZU5vbmUgL1BhZ2VzIDYgMCBSIC9UeXBlIC9DYXRhbG9nCj4+CmVuZG9iago1IDAgb2JqCjw8Ci9BdXRob3IgKFwzNzZcMzc3Z1wzMjBeXDAwMlwyMTUiZT9cXEApIC9DcmVhdGlvbkRhdGUgKEQ6MjAwMDAxMDEwMDAwMDArMDAnMDAnKSAvQ3JlYXRvciAoYW5vbnltb3VzKSAvS2V5d29yZHMgKCkgL01vZERhdGUgKEQ6MjAwMDAxMDEwMDAwMDArMDAnMDAnKSAvUHJvZHVjZXIgKFJlcG9ydExhYiBQREYgTGlicmFyeSAtIFwob3BlbnNvdXJjZVwpKSAKICAvU3ViamVjdCAodW5zcGVjaWZpZWQpIC9UaXRsZSAoXDM3NlwzNzdbZnVcMDM3XDIwNCVRe2U5VVwyMDRcMjEzXDI0MVJcMDIyflwzNTFlSFwyMTNcMzA0TlwzNjdiXDI0NVRKKSAvVHJhcHBlZCAvRmFsc2UKPj4KZW5kb2JqCjYgMCBvYmoKPDwKL0NvdW50IDEgL0tpZHMgWyAzIDAgUiBdIC9UeXBlIC9QYWdlcwo+PgplbmRvYmoKNyAwIG9iago8PAovRmlsdGVyIFsgL0FTQ0lJODVEZWNvZGUgL0ZsYXRlRGVjb2RlIF0gL0xlbmd0aCAxMzIKPj4Kc3RyZWFtCkdhcFFoMEU9RiwwVVxIM1RccE5ZVF5RS2s/dGM+SVAsO1cjVTFeMjNpaFBFTV9NKE04JjhIbS9PYjEtQ0pPMm8xSmpyIj87LUpFR0RJUXBtV146SCdAU1VXSDhTM0ZDNjtfSmBJU2tyUk9iJlhPVkYhaD42QVFEdSNSKWdcYUhbbHR+PmVuZHN0cmVhbQplbmRvYmoKeHJlZgowIDgKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDYxIDAwMDAwIG4gCjAwMDAwMDAwOTIgMDAwMDAgbiAKMDAwMDAwMDE5OSAwMDAwMCBuIAowMDAwMDAwNDAyIDAwMDAwIG4gCjAwMDAwMDA0NzAgMDAwMDAgbiAKMDAwMDAwMDgxMSAwMDAwMCBuIAowMDAwMDAwODcwIDAwMDAwIG4gCnRyYWlsZXIKPDwKL0lEIApbPGY2NWEzMGQ4ZDY1ZjgzNDMyYjU2ZmMzOWRjMWMzNDE0PjxmNjVhMzBkOGQ2NWY4MzQzMmI1NmZjMzlkYzFjMzQxND5dCiUgUmVwb3J0TGFiIGdlbmVyYXRlZCBQREYgZG9jdW1lbnQgLS0gZGlnZXN0IChvcGVuc291cmNlKQoKL0luZm8gNSAwIFIKL1Jvb3QgNCAwIFIKL1NpemUgOAo+PgpzdGFydHhyZWYKMTA5MgolJUVPRgo=")
    /// The same, its page text `INTERNAL USE ONLY`: found once the stream is decoded (GK123, was GK170).
    static let reportLabMarked = file("JVBERi0xLjMKJZOMi54gUmVwb3J0TGFiIEdlbmVyYXRlZCBQREYgZG9jdW1lbnQgKG9wZW5zb3VyY2UpCjEgMCBvYmoKPDwKL0YxIDIgMCBSCj4+CmVuZG9iagoyIDAgb2JqCjw8Ci9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nIC9OYW1lIC9GMSAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQKPj4KZW5kb2JqCjMgMCBvYmoKPDwKL0NvbnRlbnRzIDcgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgNiAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKNCAwIG9iago8PAovUGFnZU1vZGUgL1VzZU5vbmUgL1BhZ2VzIDYgMCBSIC9UeXBlIC9DYXRhbG9nCj4+CmVuZG9iago1IDAgb2JqCjw8Ci9BdXRob3IgKFwzNzZcMzc3Z1wzMjBeXDAwMlwyMTUiZT9cXEApIC9DcmVhdGlvbkRhdGUgKEQ6MjAwMDAxMDEwMDAwMDArMDAnMDAnKSAvQ3JlYXRvciAoYW5vbnltb3VzKSAvS2V5d29yZHMgKCkgL01vZERhdGUgKEQ6MjAwMDAxMDEwMDAwMDArMDAnMDAnKSAvUHJvZHVjZXIgKFJlcG9ydExhYiBQREYgTGlicmFyeSAtIFwob3BlbnNvdXJjZVwpKSAKICAvU3ViamVjdCAodW5zcGVjaWZpZWQpIC9UaXRsZSAoXDM3NlwzNzdbZnVcMDM3XDIwNCVRe2U5VVwyMDRcMjEzXDI0MVJcMDIyflwzNTFlSFwyMTNcMzA0TlwzNjdiXDI0NVRKKSAvVHJhcHBlZCAvRmFsc2UKPj4KZW5kb2JqCjYgMCBvYmoKPDwKL0NvdW50IDEgL0tpZHMgWyAzIDAgUiBdIC9UeXBlIC9QYWdlcwo+PgplbmRvYmoKNyAwIG9iago8PAovRmlsdGVyIFsgL0FTQ0lJODVEZWNvZGUgL0ZsYXRlRGVjb2RlIF0gL0xlbmd0aCAxMTEKPj4Kc3RyZWFtCkdhcFFoMEU9RiwwVVxIM1RccE5ZVF5RS2s/dGM+SVAsO1cjVTFeMjNpaFBFTV9NKE04JjhIbS9PYjEtQ0pPMm8xSnFnMTFMaGkqRVVRN2BUWWNFQWpUMjI4WzY6ZEQvTF9gTzohWihpZGdESmB+PmVuZHN0cmVhbQplbmRvYmoKeHJlZgowIDgKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDYxIDAwMDAwIG4gCjAwMDAwMDAwOTIgMDAwMDAgbiAKMDAwMDAwMDE5OSAwMDAwMCBuIAowMDAwMDAwNDAyIDAwMDAwIG4gCjAwMDAwMDA0NzAgMDAwMDAgbiAKMDAwMDAwMDgxMSAwMDAwMCBuIAowMDAwMDAwODcwIDAwMDAwIG4gCnRyYWlsZXIKPDwKL0lEIApbPGY2NWEzMGQ4ZDY1ZjgzNDMyYjU2ZmMzOWRjMWMzNDE0PjxmNjVhMzBkOGQ2NWY4MzQzMmI1NmZjMzlkYzFjMzQxND5dCiUgUmVwb3J0TGFiIGdlbmVyYXRlZCBQREYgZG9jdW1lbnQgLS0gZGlnZXN0IChvcGVuc291cmNlKQoKL0luZm8gNSAwIFIKL1Jvb3QgNCAwIFIKL1NpemUgOAo+PgpzdGFydHhyZWYKMTA3MQolJUVPRgo=")

    @Test func aReportLabPDFBuilds() {
        let (report, fs) = AttachmentTests.build(["评价报告.pdf": Self.reportLabPublic])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/评价报告.pdf"))
    }

    @Test func aReportLabPDFsMarkedTextIsRead() {
        AttachmentTests.expectRefused("评价报告.pdf", .unknownDisclosureLevel, in: ["评价报告.pdf": Self.reportLabMarked])
    }

    @Test func ascii85AndHexDecode() {
        #expect(PDFReading.ascii85(Data("87cURD]j7BEbo7~>".utf8)) == Data("Hello world".utf8))
        #expect(PDFReading.ascii85(Data("87cURD]j7B\nEbo80~>".utf8)) == Data("Hello world!".utf8))
        #expect(PDFReading.ascii85(Data("<~z!!~>".utf8)) == Data([0, 0, 0, 0, 0]))
        #expect(PDFReading.ascii85(Data("87cU{".utf8)) == nil)
        #expect(PDFReading.asciiHex(Data("48 65 6c6C6f7>".utf8)) == Data("Hellop".utf8))
    }

    // MARK: SVG

    /// As Inkscape 1.2 saves a drawing (Inkscape SVG): its page settings `inkscape:pageopacity="0.0"`, a gradient fading
    /// to `stop-opacity:0` (the gradient tool's default), `xlink:href` to an internal `#id`, a `<title>`, RDF
    /// `<metadata>`, a `font-family` list. Refused as “hidden elements” (GK171).
    static let inkscape = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!-- Created with Inkscape (http://www.inkscape.org/) -->
        <svg width="210mm" height="100mm" viewBox="0 0 210 100" version="1.1" id="svg5" inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
           sodipodi:docname="资金结构.svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
           xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:xlink="http://www.w3.org/1999/xlink"
           xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
           xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <title id="title1">资金结构图</title>
          <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" borderopacity="1.0" inkscape:showpageshadow="2"
             inkscape:pageopacity="0.0" inkscape:pagecheckerboard="0" inkscape:deskcolor="#d1d1d1" inkscape:document-units="mm" />
          <defs id="defs2">
            <linearGradient inkscape:collect="always" id="linearGradient1">
              <stop style="stop-color:#4472c4;stop-opacity:1;" offset="0" id="stop1" />
              <stop style="stop-color:#4472c4;stop-opacity:0;" offset="1" id="stop2" />
            </linearGradient>
            <linearGradient inkscape:collect="always" xlink:href="#linearGradient1" id="linearGradient3" x1="10" y1="50" x2="100" y2="50" gradientUnits="userSpaceOnUse" />
          </defs>
          <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
            <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" /><dc:title>资金结构图</dc:title>
            <dc:creator><cc:Agent><dc:title>某市财政局</dc:title></cc:Agent></dc:creator>
            <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/" /></cc:Work></rdf:RDF></metadata>
          <g inkscape:label="图层 1" inkscape:groupmode="layer" id="layer1">
            <rect style="fill:url(#linearGradient3);fill-opacity:1;stroke:#000000;stroke-width:0.264583" id="rect1" width="90" height="40" x="10" y="30" />
            <text xml:space="preserve" style="font-size:8px;line-height:1.25;font-family:'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" x="12" y="20" id="text1"><tspan sodipodi:role="line" id="tspan1" x="12" y="20">财政拨款 1250 万元</tspan></text>
            <use xlink:href="#rect1" id="use1" transform="translate(100,0)" />
          </g>
        </svg>
        """

    /// As Illustrator's “Export As… SVG” writes: a `<style>` block, a gradient from white at `stop-opacity:0`, a
    /// half-transparent rule `opacity:0.5`. Refused for the stop (GK171).
    static let illustrator = """
        <?xml version="1.0" encoding="utf-8"?>
        <!-- Generator: Adobe Illustrator 27.5.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
        <svg version="1.1" id="图层_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px"
        \t viewBox="0 0 200 100" style="enable-background:new 0 0 200 100;" xml:space="preserve">
        <style type="text/css">
        \t.st0{fill:#C00000;}
        \t.st1{fill:url(#SVGID_1_);}
        \t.st2{font-family:'SourceHanSansCN-Regular-GBpc-EUC-H';}
        \t.st4{opacity:0.5;fill:#FFFFFF;}
        </style>
        <linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="0" y1="50" x2="200" y2="50">
        \t<stop  offset="0" style="stop-color:#FFFFFF;stop-opacity:0"/>
        \t<stop  offset="1" style="stop-color:#4472C4"/>
        </linearGradient>
        <rect class="st1" width="200" height="100"/>
        <rect x="15" y="15" class="st4" width="40" height="40"/>
        <text transform="matrix(1 0 0 1 70 40)" class="st2">市财政局</text>
        </svg>
        """

    /// As ECharts 5's SVG renderer (`renderToSVGString`) draws a legend: its frame `fill-opacity="0"`. Refused (GK171).
    static let echarts = """
        <svg width="600" height="400" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 600 400">
        <rect width="600" height="400" x="0" y="0" id="0" fill="none" fill-opacity="1"></rect>
        <path d="M-5 -5l100 0l0 32l-100 0Z" transform="translate(5 5)" fill="rgb(0,0,0)" fill-opacity="0" stroke="#ccc" stroke-width="0"></path>
        <text dominant-baseline="central" text-anchor="middle" style="font-size:12px;font-family:&quot;Microsoft YaHei&quot;, sans-serif;" transform="translate(120 348)" fill="#6E7079">财政拨款</text>
        <g clip-path="url(#zr0-c0)"><path d="M60 340L540 340" fill="none" stroke="#5470c6" stroke-width="2" stroke-linejoin="bevel"></path></g>
        <defs ><clipPath id="zr0-c0"><path d="M59 59l482 0l0 282l-482 0Z" fill="#000"></path></clipPath></defs>
        </svg>
        """

    /// As draw.io exports a diagram (labels as HTML, the default): each label's words in a `<foreignObject>` beside
    /// the same words as `<text>`, and a link to drawio.com for viewers that cannot draw them. Refused twice (GK171): as
    /// embedded web content, and as an address on another server, though a link is fetched only when followed.
    static let drawio = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Do not edit this file with editors other than draw.io -->
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns="http://www.w3.org/2000/svg" style="background-color: rgb(255, 255, 255);" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="241px" height="81px" viewBox="-0.5 -0.5 241 81" content="&lt;mxfile host=&quot;app.diagrams.net&quot; version=&quot;24.3.1&quot;&gt;&lt;diagram name=&quot;第 1 页&quot; id=&quot;abc&quot;&gt;7VXbjpswEP0aXisucOG6bZqXqg9VpT6PgxPsyGbAYbPk65exMXCJtFKrVVX1AcEwM8eGc2aOZA==&lt;/diagram&gt;&lt;/mxfile&gt;"><defs/><g><rect x="0" y="0" width="120" height="60" rx="9" ry="9" fill="rgb(255, 255, 255)" stroke="rgb(0, 0, 0)" pointer-events="all"/><g transform="translate(-0.5 -0.5)"><switch><foreignObject pointer-events="none" width="100%" height="100%" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility" style="overflow: visible; text-align: left;"><div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; align-items: unsafe center; justify-content: unsafe center; width: 118px; height: 1px; padding-top: 30px; margin-left: 1px;"><div data-drawio-colors="color: rgb(0, 0, 0); " style="box-sizing: border-box; font-size: 0px; text-align: center;"><div style="display: inline-block; font-size: 12px; font-family: Helvetica; color: rgb(0, 0, 0); line-height: 1.2; pointer-events: all; white-space: normal; overflow-wrap: normal;">预算编制<br/>（市财政局）</div></div></div></foreignObject><text x="60" y="34" fill="rgb(0, 0, 0)" font-family="Helvetica" font-size="12px" text-anchor="middle">预算编制</text></switch></g></g><switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/><a transform="translate(0,-5)" xlink:href="https://www.drawio.com/doc/faq/svg-export-text-problems" target="_blank"><text text-anchor="middle" font-size="10px" x="50%" y="100%">Text is not SVG - cannot display</text></a></switch></svg>
        """

    @Test(arguments: ["inkscape", "illustrator", "echarts", "drawio"])
    func anExportersSVGBuilds(_ tool: String) {
        let svg = ["inkscape": Self.inkscape, "illustrator": Self.illustrator, "echarts": Self.echarts, "drawio": Self.drawio][tool]!
        let (report, fs) = AttachmentTests.build(["资金结构.svg": Data(svg.utf8)])
        #expect(report.succeeded, "\(tool): \(report.rendered)")
        #expect(fs.isFile("public/assets/资金结构.svg"), "\(tool)")
    }

    /// What the exporters' files must still not hide: Inkscape's hidden layer, a rule `opacity:0`, a transparent text,
    /// a draw.io label holding an image, a link running a script, an image from another server.
    @Test(arguments: [
        ("inkscape", "inkscape:groupmode=\"layer\"", "inkscape:groupmode=\"layer\" style=\"display:none\""),
        ("illustrator", ".st4{opacity:0.5;", ".st4{opacity:0;"),
        ("illustrator", "<text transform", "<text fill-opacity=\"0\" transform"),
        ("echarts", "fill=\"#6E7079\">财政拨款", "fill=\"#6E7079\" fill-opacity=\"0\">财政拨款"),
        ("drawio", "预算编制<br/>", "预算编制<img src=\"data:image/png;base64,AAAA\"/>"),
        ("drawio", "xlink:href=\"https://www.drawio.com/doc/faq/svg-export-text-problems\"", "xlink:href=\"javascript:alert(1)\""),
        ("inkscape", "<use ", "<image xlink:href=\"https://tracker.example.com/x.png\"/><use "),
    ])
    func anExportersSVGStillMayNotHide(_ tool: String, _ original: String, _ replacement: String) {
        let svg = ["inkscape": Self.inkscape, "illustrator": Self.illustrator, "echarts": Self.echarts, "drawio": Self.drawio][tool]!
        #expect(svg.contains(original))
        AttachmentTests.expectRefused("资金结构.svg", .attachmentHidden, in: ["资金结构.svg": Data(svg.replacingOccurrences(of: original, with: replacement).utf8)], "\(tool): \(replacement)")
    }

    // MARK: ZIP

    /// Info-ZIP's `zip -X -0` on Linux (附件/说明.txt, 涉密/清单.txt): UTF-8 names without the UTF-8 flag, read as code
    /// page 437, so the folder 涉密/ was not seen.
    static let infoZipPublic = file("UEsDBAoAAAAAAOV2gV1wWFiJEwAAABMAAAARAAAA6ZmE5Lu2L+ivtOaYji50eHTlhazlvIDnmoTor7TmmI7jgIIKUEsBAh4DCgAAAAAA5XaBXXBYWIkTAAAAEwAAABEAAAAAAAAAAAAAAKSBAAAAAOmZhOS7ti/or7TmmI4udHh0UEsFBgAAAAABAAEAPwAAAEIAAAAAAA==")
    static let infoZipMarked = file("UEsDBAoAAAAAAOV2gV0xTCyWBwAAAAcAAAARAAAA5raJ5a+GL+a4heWNlS50eHTmuIXljZUKUEsBAh4DCgAAAAAA5XaBXTFMLJYHAAAABwAAABEAAAAAAAAAAAAAAKSBAAAAAOa2ieWvhi/muIXljZUudHh0UEsFBgAAAAABAAEAPwAAADYAAAAAAA==")
    /// Python's zipfile writing GBK names without the flag, as Windows' built-in zip names Chinese files: 绩效目标表/说明.txt
    /// and 目录.csv (GBK); 涉密/清单.txt; 目录.csv holding `北山工程,内部`, reported under the name `─┐┬╝.csv`.
    static let gbkPublic = file("UEsDBBQAAAAAAABQYVrfEUVnDAAAAAwAAAATAAAAvKjQp8S/seqx7S/LtcP3LnR4dLmrv6q1xMu1w/eho1BLAwQUAAAAAAAAUGFakVd03SoAAAAqAAAACAAAAMS/wrwuY3N2z+7Evyy5q7+qyvTQ1A0K0afJ+tOq0fi4xMnGvMa7rizW97avuau/qg0KUEsBAhQAFAAAAAAAAFBhWt8RRWcMAAAADAAAABMAAAAAAAAAAAAAAIABAAAAALyo0KfEv7Hqse0vy7XD9y50eHRQSwECFAAUAAAAAAAAUGFakVd03SoAAAAqAAAACAAAAAAAAAAAAAAAgAE9AAAAxL/CvC5jc3ZQSwUGAAAAAAIAAgB3AAAAjQAAAAAA")
    static let gbkMarked = file("UEsDBBQAAAAAAABQYVpyFvlaBAAAAAQAAAANAAAAyebD3C/H5bWlLnR4dMfltaVQSwECFAAUAAAAAAAAUGFachb5WgQAAAAEAAAADQAAAAAAAAAAAAAAgAEAAAAAyebD3C/H5bWlLnR4dFBLBQYAAAAAAQABADsAAAAvAAAAAAA=")
    static let gbkCSV = file("UEsDBBQAAAAAAABQYVokySaVHgAAAB4AAAAIAAAAxL/CvC5jc3bP7sS/LLmrv6rK9NDUDQqxscm9uaSzzCzE2rK/DQpQSwECFAAUAAAAAAAAUGFaJMkmlR4AAAAeAAAACAAAAAAAAAAAAAAAgAEAAAAAxL/CvC5jc3ZQSwUGAAAAAAEAAQA2AAAARAAAAAAA")

    @Test func zipsWithChineseNamesBuild() {
        let (report, fs) = AttachmentTests.build(["附件一.zip": Self.infoZipPublic, "附件二.zip": Self.gbkPublic])
        #expect(report.succeeded, "\(report.rendered)")
        #expect(fs.isFile("public/assets/附件一.zip") && fs.isFile("public/assets/附件二.zip"))
    }

    @Test(arguments: ["infozip", "gbk"])
    func aMarkedFolderInAZipWithoutTheUTF8FlagIsRead(_ writer: String) {
        AttachmentTests.expectRefused("附件.zip", .unknownDisclosureLevel, in: ["附件.zip": writer == "gbk" ? Self.gbkMarked : Self.infoZipMarked], "\(writer)")
    }

    @Test func aGBKEntryIsNamedAsWindowsShowsIt() {
        let (report, _) = AttachmentTests.build(["附件.zip": Self.gbkCSV])
        #expect(report.diagnostics.contains { $0.code == .unknownDisclosureLevel && $0.message.contains("目录.csv") }, "\(report.rendered)")
    }
}
