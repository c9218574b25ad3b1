import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Real public documents as finance bureaus, departments, a trade union and a Red Cross society publish them
/// (`Tests/real-documents`, a site of its own: `gongkai check --site Tests/real-documents --as-of 2026-06-30`):
/// a 预算绩效管理办法 with its articles, 附件 and 附表 and a definition wrapped across lines, notices with 文号, 抄送 and
/// 印发 lines, a 整改情况报告, a 绩效目标公开说明, a 信息公开指南 naming 依申请公开, 不予公开的范围, 国家秘密 and 工作秘密, a
/// 政府信息公开工作年度报告 with its standard tables, reports converted from Word by pandoc (multiline and grid tables,
/// footnotes, full-width indentation, ①② and （一） numbering, `-f docx+styles` divs), a 机要保密局's projects and
/// department-wide self-evaluation (保密培训覆盖率, 涉密载体管理合规率, 内部控制制度健全性 as indicator names, 保密费 as a use,
/// 机要 offices, 本报告不涉及国家秘密), a third-party key evaluation, and the 目标表 / 自评表 of one project as CSV.
/// Every one is published in full, with no diagnostic.
@Suite("Real documents build")
struct RealDocumentTests {
    static let folder = joinPath(repositoryRoot, "Tests/real-documents")
    static let asOf = CalendarDate(parsing: "2026-06-30")

    /// The fixture site in memory with the real theme; each page of `windows` is saved as Windows Notepad saves it
    /// (a byte-order mark, CRLF line ends).
    static func fileSystem(windows: [String] = []) throws -> MemoryFileSystem {
        let fs = SiteFixture(files: [:]).fileSystem()
        let disk = DiskFileSystem()
        for path in try disk.listFiles(under: folder) {
            var data = try disk.read(joinPath(folder, path))
            if windows.contains(path) {
                data = Data([0xEF, 0xBB, 0xBF]) + Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
            }
            try fs.write(data, to: path)
        }
        return fs
    }

    static func build(_ fs: MemoryFileSystem) -> BuildReport {
        Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2, asOf: asOf))
    }

    /// The text of a built page as a reader sees it: tags left out, references read, white space dropped.
    static func shown(_ fs: MemoryFileSystem, _ page: String) throws -> String {
        let html = try #require(fs.text(joinPath("public", page, "index.html")), "no page \(page)")
        var text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (reference, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: reference, with: character)
        }
        return text.filter { !$0.isWhitespace }
    }

    @Test func everyDocumentBuildsWithNoDiagnostic() throws {
        let fs = try Self.fileSystem()
        let report = Self.build(fs)
        #expect(report.succeeded, "\(report.rendered)")
        #expect(report.diagnostics.isEmpty, "\(report.rendered)")
    }

    /// What must be published is: each document's words, tables as tables, footnotes as notes, no text lost.
    @Test(arguments: [
        ("zhengce/yusuan-jixiao-guanli-banfa", ["青财绩〔2025〕3号", "涉及国家秘密的预算项目（以下简称涉密项目）的绩效管理", "绩效信息以公开为常态、不公开为例外，涉及国家秘密的除外",
                                                "对评价中知悉的国家秘密、工作秘密、商业秘密和个人隐私予以保密", "下列信息不予公开：", "压减20%以上或取消",
                                                "抄送：市人大常委会预算工作委员会，市审计局。", "2025年2月26日印发"]),
        ("tongzhi/2025-ziping-tongzhi", ["青财绩〔2025〕12号", "（三）涉密项目。涉及国家秘密的项目按照保密规定开展自评", "①预算执行率得分＝执行率×10",
                                         "机要室李某某", "（此件主动公开）", "2026年1月5日印发"]),
        ("tongzhi/2025-zhenggai-qingkuang", ["食材采购内部控制不健全", "实行“双人验收、三方签字”", "（此件公开发布）"]),
        ("zhengce/2025-mubiao-gongkai-shuoming", ["涉及工作秘密、商业秘密和个人隐私的个别指标", "含机要、保密部门", "涉密项目未列入"]),
        ("zhengce/zgh-yusuan-jixiao-banfa", ["第三条　预算绩效管理坚持", "工会内部事务外", "①目标明确得2分；②细化量化得3分", "内部控制制度是否健全、执行是否有效",
                                            "加分项由市总工会经审会审核确定。"]),
        ("zhengce/hsz-jixiao-pingjia-banfa", ["涉密：否", "保密审查：已通过", "本章所称个人隐私", "注：以下统计数据不含涉密项目。", "主动公开",
                                              "项目绩效目标、自评结果和评价报告"]),
        ("zhinan/zhengfu-xinxi-gongkai-zhinan", ["依申请公开：除上述不予公开的信息外", "不予公开：属于上述范围的", "依法确定为国家秘密的政府信息",
                                                 "对于工作秘密，本机关按照有关规定进行管理，不予公开。", "行政机关的内部事务信息"]),
        ("nianbao/2025-xinxi-gongkai-niandu-baogao", ["（三）不予公开1．属于国家秘密", "5．属于三类内部事务信息", "未经复议直接起诉",
                                                      "办理复文全文公开（涉及国家秘密的除外）"]),
        ("baogao/jyb-2025-bumen-zhengti-ziping", ["机要科、密码管理科、保密监督科、保密技术科", "保密费18.0017.60", "内部审计费6.005.80",
                                                  "保密培训覆盖率1010", "本报告不涉及国家秘密，经保密审查，同意公开。",
                                                  "含局机关和2个下属事业单位，其中机要、保密岗位人员均已签订保密承诺书"]),
        ("baogao/jyb-2025-styles", ["我局对2025年度部门整体支出开展了绩效自评", "保密监督科", "内部审计费6.005.80", "本报告不涉及国家秘密"]),
        ("baogao/hsz-2025-zhongdian-pingjia", ["其他资金（社会捐赠定向资金）10.0010.0010.00", "评价过程中知悉的国家秘密、工作秘密和个人隐私均予以保密",
                                               "评价机构已签订保密承诺书。", "②内部审计发现2笔支出票据不规范"]),
        ("projects/2025/jyb-001", ["保密培训覆盖率", "涉密载体管理合规率", "内部控制制度健全性", "失泄密事件发生次数", "保密费",
                                   "本报告不涉及国家秘密，可以公开。", "密度板、亲密接触"]),
        ("projects/2025/czj-001", ["第三方机构保密协议签订率", "保密费（涉密评价项目保密管理）", "评价报告按规定报送，不在本平台公开。"]),
        ("projects/2025/hsz-001", ["内部审计及评价费用", "评价依据《青川市市级预算绩效管理办法》（青财绩〔2025〕3号）。"]),
        ("projects/2025/zgh-001", ["疗休养线路内部审核程序较繁琐", "项目资金不涉及国家秘密。"]),
        ("departments/jyb/2025", ["保密检查覆盖率", "涉密载体销毁量", "内部控制制度健全性"]),
    ])
    func everyDocumentIsPublishedInFull(_ page: String, _ phrases: [String]) throws {
        let fs = try Self.fileSystem()
        let report = Self.build(fs)
        #expect(report.succeeded, "\(report.rendered)")
        let text = try Self.shown(fs, page)
        for phrase in phrases { #expect(text.contains(phrase.filter { !$0.isWhitespace }), "\(page): \(phrase)") }
        // Tables converted from Word are tables, not rules and code blocks; pandoc's divs and attribute blocks are not shown.
        let html = try #require(fs.text(joinPath("public", page, "index.html")))
        let body = html.components(separatedBy: "<main").last ?? html
        #expect(!body.contains("<pre") && !body.contains("<hr") && !body.contains(":::") && !body.contains("custom-style") && !body.contains("{#"), "\(page)")
    }

    /// A pandoc report saved by Notepad (a byte-order mark, CRLF) is the same page.
    @Test func aReportSavedWithWindowsLineEndsIsTheSamePage() throws {
        let pages = ["content/pages/baogao/jyb-2025-bumen-zhengti-ziping.md", "content/pages/baogao/jyb-2025-styles.md",
                     "content/pages/zhengce/yusuan-jixiao-guanli-banfa.md"]
        let plain = try Self.fileSystem(), windows = try Self.fileSystem(windows: pages)
        #expect(Self.build(plain).succeeded)
        let report = Self.build(windows)
        #expect(report.succeeded && report.diagnostics.isEmpty, "\(report.rendered)")
        for page in ["baogao/jyb-2025-bumen-zhengti-ziping", "baogao/jyb-2025-styles", "zhengce/yusuan-jixiao-guanli-banfa"] {
            #expect(plain.text("public/\(page)/index.html") == windows.text("public/\(page)/index.html"), "\(page)")
        }
    }

    /// The project's 目标表 and 自评表 as a clerk fills them in (a 保密费 cost indicator, 涉密载体管理合规率, 一级 cells with their
    /// points, a signature line) import with no diagnostic, and the site builds with the project on it.
    @Test func theProjectsTablesImportAndBuild() throws {
        let fs = try Self.fileSystem()
        for table in ["import/jyb-2025-003-mubiaobiao.csv", "import/jyb-2025-003-zipingbiao.csv"] {
            let result = SpreadsheetImport(fileSystem: fs).run(ImportOptions(files: [table], force: true))
            #expect(result.succeeded, "\(table): \(result.diagnostics.map(\.description).joined(separator: "\n"))")
            #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(table): \(result.diagnostics.map(\.description))")
        }
        var text = try #require(fs.text("content/projects/2025/JYB-2025-003.md"))
        #expect(text.contains("保密培训覆盖率") && text.contains("涉密载体管理合规率") && text.contains("total_score: 98.64"), "\(text)")
        // The clerk adds the publish dates the tables do not hold, as the import's note asks.
        text = text.replacingOccurrences(of: "targets:\n", with: "targets:\n  published: 2025-02-20\n")
            .replacingOccurrences(of: "self_evaluation:\n", with: "self_evaluation:\n  published: 2026-04-20\n")
        try fs.write(Data(text.utf8), to: "content/projects/2025/JYB-2025-003.md")
        let report = Self.build(fs)
        #expect(report.succeeded, "\(report.rendered)")
        let page = try Self.shown(fs, "projects/2025/jyb-2025-003")
        #expect(page.contains("保密费") && page.contains("涉密载体管理合规率") && page.contains("98.64"), "\(page.prefix(400))")
    }
}
