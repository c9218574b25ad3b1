import Foundation
@testable import GongkaiCore
import Testing
import ZIPFoundation
@testable import GongkaiKit

/// Small hostile inputs: no hang, no crash, no silent acceptance.
@Suite("Hostile inputs")
struct HostileInputTests {
    static let project = "content/projects/2025/JYJ-2025-001.md"

    @Test func anAliasBombIsRejectedBeforeItExpands() throws {
        var site = SiteFixture()
        var bomb = "a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        site["content/organisations.yaml"] = bomb + site["content/organisations.yaml"]!
        let start = Date()
        let report = site.check()
        #expect(Date().timeIntervalSince(start) < 10)
        let alias = try #require(report.first(.yamlAlias), "\(report.rendered)")
        #expect(alias.location.file == "content/organisations.yaml" && alias.location.line == 1 && alias.location.column == 4)
    }

    /// Flow brackets nested 100,000 deep (found this round: libyaml's scanner walks every open level at each token, and
    /// `check` took over a minute before libyaml's own limit refused them): GK002 at the bracket past the hundredth level,
    /// before libyaml reads the file. Ordinary flow lists stay.
    @Test func deepFlowNestingIsRefusedAtItsBracket() throws {
        var site = SiteFixture()
        site["gongkai.yaml"]! += "\nextra: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let report = site.check()
        let error = try #require(report.first(.yamlSyntax), "\(report.rendered)")
        #expect(error.location.file == "gongkai.yaml" && error.message.contains("嵌套超过 100 层"), "\(error)")
        #expect(error.location.line == site["gongkai.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        #expect(error.location.column == "extra: ".count + 101)
        #expect(YAMLSource.deepFlowNesting("a: [[1, 2], {b: [3]}]\nc: [x]\n") == nil)
    }

    @Test func anAliasInFrontMatterPointsAtItsLine() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: &n 学生营养改善计划")
        let alias = try #require(site.check().first(.yamlAlias))
        #expect(alias.location.line == 3)
        // `&` and `*` inside text, and Markdown lists in block scalars, are not anchors.
        var plain = SiteFixture()
        plain.edit(Self.project, replacing: "name: 学生营养改善计划", with: "name: 学生营养&改善*计划\nsummary: |\n  * 第一条\n  * 第二条")
        let report = plain.check()
        #expect(report.first(.yamlAlias) == nil, "\(report.rendered)")
    }

    @Test(arguments: [("89,5", DiagnosticCode.malformedNumber), ("1,2345", .malformedNumber), ("-5", .amountOutOfRange),
                      ("－1200", .amountOutOfRange), (String(repeating: "9", count: 41), .amountOutOfRange),
                      ("1234567890123456", .amountOutOfRange)])
    func amountsOutsideTheAcceptedFormsAreRejected(text: String, code: DiagnosticCode) throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "budget: 1250.50", with: "budget: \"\(text)\"")
        let report = site.check()
        let found = try #require(report.first(code), "\(text): \(report.rendered)")
        #expect(found.location.line == 12, "\(text)")
        if code == .malformedNumber { #expect(found.message.contains("1,198.60")) }
    }

    @Test func theLargestAmountIsAccepted() {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "spent: 1198.6", with: "spent: 999,999,999,999,999.999999")
        #expect(site.check().diagnostics.allSatisfy { ![.malformedNumber, .amountOutOfRange].contains($0.code) })
        #expect(ExactDecimal.parse("1,198.60") == Decimal(string: "1198.60"))
        #expect(ExactDecimal.parse("１，２００") == 1200)
        #expect(ExactDecimal.parse("89,5") == nil)
        #expect(ExactDecimal.parse("1,00.5") == nil)
    }

    /// `JYJ-2025-001.` would be published at `jyj-2025-001./` beside `jyj-2025-001/`; Windows file
    /// systems (IIS hosting, a copy on an SMB share) drop a trailing dot, so one page would replace the other.
    @Test func aCodeEndingInADotIsRefused() throws {
        var site = SiteFixture()
        site.edit(Self.project, replacing: "code: JYJ-2025-001", with: "code: JYJ-2025-001.")
        let report = site.check()
        let refused = try #require(report.first(.unsafeSlug), "\(report.rendered)")
        #expect(refused.location.line == 2 && refused.message.contains("结尾"), "\(refused)")
        #expect(Slug.isValidCode("a.b") && !Slug.isValidCode("a.") && !Slug.isValidCode("JYJ."))
    }

    @Test func codesThatDifferOnlyInCaseCollide() throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "  - code: JYJ\n", with: "  - code: czj\n    name: 重名局\n  - code: JYJ\n")
        site.edit("content/organisations.yaml", replacing: "code: JYJ-01", with: "code: czj-01")
        let report = site.check()
        let collisions = report.diagnostics.filter { $0.code == .duplicateCode && $0.message.contains("大小写") }
        #expect(collisions.count == 2, "\(report.rendered)")
    }

    /// NUL, ESC or a right-to-left override would reach pages and open data as they are (and can change
    /// what a reader sees): an error at the field, whether escaped in a quoted text or typed raw.
    @Test func hiddenControlCharactersAreErrors() throws {
        let project = "content/projects/2025/JYJ-2025-001.md"
        for (name, escaped) in [("\"学生\\u202e营养\"", true), ("\"学生\\u0000营养\"", true), ("学生\u{1b}[2J营养", false), ("学生\u{2028}营养", false),
                                ("学生\u{200F}营养", false), ("学生\u{E0041}营养", false), ("学生\u{FFF9}营养", false), ("学生\u{0}营养", false)] {
            var site = SiteFixture()
            site.edit(project, replacing: "name: 学生营养改善计划", with: "name: \(name)")
            let report = site.check()
            let error = try #require(report.first(.invalidValue), "\(name)")
            #expect(error.message.contains("控制字符 U+") && error.location.file == project && error.location.line == 3, "\(report.rendered)")
            if !escaped { #expect(error.location.column == 9) }
            #expect(!report.succeeded)
            // One message for it: libyaml, which refuses some of them itself, is not heard a second time.
            #expect(report.diagnostics.count == 1, "\(report.rendered)")
        }
        var site = SiteFixture()
        site.edit(project, replacing: "项目说明正文。", with: "项目说明\u{202E}正文。")
        let error = try #require(site.check().first(.invalidValue))
        #expect(error.message.contains("U+202E") && error.location.column == 5)
    }

    /// A file far larger than any report (an export or a disk image saved as `.md`) is refused at the file,
    /// not read into every stage.
    @Test func anOversizedFileIsRefused() {
        var site = SiteFixture()
        site["content/pages/zhengce/big.md"] = "---\ntitle: 大文件\ndate: 2025-03-01\n---\n" + String(repeating: "文字", count: LoadStage.maxFileSize / 6 + 1)
        let report = site.check()
        #expect(report.diagnostics.map(\.code) == [.unreadableFile] && report.diagnostics.first?.location.file == "content/pages/zhengce/big.md", "\(report.diagnostics)")
        #expect(report.diagnostics.first?.message.contains("超过内容文件的上限 32 MB") == true)
    }

    /// A character reference in Markdown (`&#x202E;`, `&#31;`, `&rlm;`) is decoded by cmark into the
    /// character itself: the hidden control the raw check refuses would reach the page (an override that
    /// reorders what a reader sees, or U+001F, which HTML forbids). An error at the reference, wherever the
    /// file holds it; visible characters and zero-width spaces written as references are left alone.
    @Test func hiddenControlCharacterReferencesAreErrors() throws {
        let project = "content/projects/2025/JYJ-2025-001.md"
        for (reference, hex) in [("&#x202E;", "202E"), ("&#X202e;", "202E"), ("&#31;", "001F"), ("&#x1f;", "001F"), ("&#0000127;", "007F"),
                                 ("&#x85;", "0085"), ("&rlm;", "200F"), ("&lrm;", "200E"), ("&#x00FFFE;", "FFFE"), ("&#xFDD0;", "FDD0"),
                                 ("&#x2028;", "2028"), ("&#xE0041;", "E0041"), ("&#8238;", "202E")] {
            var site = SiteFixture()
            site.edit(project, replacing: "项目说明正文。", with: "项目说明\(reference)正文。")
            let report = site.check()
            let error = try #require(report.first(.invalidValue), "\(reference)")
            #expect(error.message.contains("“\(reference)”") && error.message.contains("U+\(hex)") && error.location.file == project
                    && error.location.column == 5, "\(report.rendered)")
            #expect(!report.succeeded)
        }
        // In a report written in YAML and in the site's introduction alike.
        var site = SiteFixture()
        site.edit(project, replacing: "  grade: 差\n", with: "  grade: 差\n  report: |\n    自评报告&#x202D;正文\n")
        site.edit("gongkai.yaml", replacing: "intro: 本平台公开", with: "intro: 本平台&#x1F;公开")
        let report = site.check()
        let errors = report.diagnostics.filter { $0.code == .invalidValue }
        #expect(errors.map(\.location.file).sorted() == [project, "gongkai.yaml"], "\(report.rendered)")
        #expect(errors.contains { $0.location.file == "gongkai.yaml" && $0.location.line == 4 && $0.location.column == 11 })
        // Visible characters, white space and zero-width spaces written as references are not controls.
        var fine = SiteFixture()
        fine.edit(project, replacing: "项目说明正文。", with: "项目&#x4E2D;说明&amp;&#10;&#9;&#x200B;&zwj;&#x20;&#xFFFD;&#x1F60A;&#x2028正文&#x;&#0;&#xD800;&#x110000;。")
        #expect(fine.check().first(.invalidValue) == nil, "\(fine.check().rendered)")
        // Built, no page carries the character.
        var built = SiteFixture()
        built.edit(project, replacing: "项目说明正文。", with: "项目说明&#x1F;正文。")
        let (result, fs) = built.build()
        #expect(!result.succeeded)
        #expect(fs.outputTexts().values.allSatisfy { !$0.unicodeScalars.contains("\u{1F}") })
    }

    /// A link to a program on the reader's computer (`search-ms:`, `ms-msdt:`) is published as its text
    /// alone, with a warning at the link; withheld text is not reported.
    @Test func aLinkWithAnotherSchemeIsPublishedWithoutItsAddress() throws {
        let project = "content/projects/2025/JYJ-2025-001.md"
        var site = SiteFixture()
        site.edit(project, replacing: "项目说明正文。", with: "项目说明见[附件](search-ms:query=x&crumb=location:%5C%5Cevil.example%5Cs)。\n\n::: 涉密\n[内部](ms-msdt:x)\n:::")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let warnings = report.diagnostics.filter { $0.code == .linkScheme }
        #expect(warnings.count == 1, "\(report.rendered)")
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning && warning.location.file == project && warning.location.column == 11, "\(report.rendered)")
        #expect(warning.message.contains("search-ms:"))
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains(">附件</a>") && !page.contains("search-ms") && !page.contains("ms-msdt"))
    }

    /// `9999-12-31` typed for "no end" would become the site's reference day (feed, manifest).
    @Test func anImplausibleYearIsAnError() throws {
        for date in ["9999-12-31", "1900-01-01"] {
            var site = SiteFixture()
            site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "published: 2026-03-20", with: "published: \(date)")
            let report = site.check()
            let error = try #require(report.first(.malformedDate), "\(date)")
            #expect(error.message.contains("1950–2100"), "\(report.rendered)")
        }
    }

    @Test func aBaseURLWithAQueryOrFragmentIsRejected() {
        for url in ["https://example.gov.cn/?x=1", "https://example.gov.cn/#top", "https://example.gov.cn/\\u0000\\u202e/",
                    "https://user:pw@evil.example/", "https://example.gov.cn/\\\"><script>alert(1)</script>/", "https://example.gov.cn/公开/",
                    "https://example.gov.cn/a b/", "https://example.gov.cn/\\u001b[2J/"] {
            var site = SiteFixture()
            site.edit("gongkai.yaml", replacing: "base_url: https://example.gov.cn/", with: "base_url: \"\(url)\"")
            #expect(site.check().first(.invalidURL) != nil, "\(url)")
        }
        // What addresses really look like still passes.
        for url in ["https://czj.example.gov.cn/", "http://192.168.1.10:8080/gongkai/", "https://example.gov.cn/%E5%85%AC%E5%BC%80/"] {
            var site = SiteFixture()
            site.edit("gongkai.yaml", replacing: "base_url: https://example.gov.cn/", with: "base_url: \"\(url)\"")
            #expect(site.check().first(.invalidURL) == nil, "\(url)")
        }
    }

    /// `language` becomes `<html lang>` on every page and `xml:lang` in the feed. A clerk's `中文` or `zh_CN`,
    /// or anything else that is not a BCP 47 tag, made every page invalid HTML and told screen readers a
    /// language they do not know (axe: html-lang-valid); a quote was escaped but still published.
    @Test func aLanguageThatIsNotALanguageTagIsRejected() throws {
        for language in ["中文", "zh_CN", "zh CN", "\\\" x=\\\"", "<script>", "zh-", "-CN", "z", "zh--CN", "chinese-simplified-for-the-web"] {
            var site = SiteFixture()
            site.edit("gongkai.yaml", replacing: "base_url:", with: "language: \"\(language)\"\nbase_url:")
            let error = site.check().first(.invalidValue)
            #expect(error != nil, "\(language)")
            #expect(error?.message.contains("zh-CN") == true, "\(language)")
        }
        for language in ["zh-CN", "zh", "zh-Hans", "zh-Hans-CN", "en", "en-GB", "bo", "ug-Arab-CN"] {
            var site = SiteFixture()
            site.edit("gongkai.yaml", replacing: "base_url:", with: "language: \(language)\nbase_url:")
            #expect(site.check().first(.invalidValue) == nil, "\(language)")
        }
    }

    /// A grade names its page (`grades/<year>/grade-<code points>/`, six bytes a character): a grade of
    /// 80 characters, typed where an evaluation's grade goes, made a file name too long for the file
    /// system, and the build failed at the output folder (GK006) instead of at the line that said it.
    @Test func aGradeTooLongForAnAddressIsNamedAtItsLine() throws {
        let long = String(repeating: "甲", count: 80)
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "self_evaluation:",
                  with: "evaluations:\n  - {kind: 第三方评价, evaluator: 某所, grade: \(long), published: 2026-05-01, report: 报告。}\nself_evaluation:")
        let report = site.check()
        let error = try #require(report.first(.invalidValue), "\(report.rendered)")
        #expect(error.location.file.hasSuffix("JYJ-2025-001.md") && error.location.line == 30, "\(error)")
        #expect(report.first(.writeFailed) == nil)
        var scheme = SiteFixture()
        scheme.edit("gongkai.yaml", replacing: "base_url:", with: "grade_schemes:\n  长名:\n    - {grade: \(long), min: 60}\n    - {grade: 差, min: 0}\nbase_url:")
        let schemeError = try #require(scheme.check().first(.invalidValue))
        #expect(schemeError.location.file.hasSuffix("gongkai.yaml") && schemeError.location.line == 5, "\(schemeError)")
        // What grades are called in practice passes.
        var usual = SiteFixture()
        usual.edit("gongkai.yaml", replacing: "base_url:", with: "grade_schemes:\n  四档:\n    - {grade: 优秀, min: 90}\n    - {grade: 基本合格（需整改）, min: 60}\n    - {grade: 不合格, min: 0}\nbase_url:")
        #expect(usual.check().first(.invalidValue) == nil)
    }

    @Test func pagesThatWouldBeDroppedAreErrors() {
        var site = SiteFixture()
        site["content/pages/index.md"] = "---\ntitle: 首页\ndate: 2025-03-01\n---\n正文\n"
        site["content/pages/zhengce/TONGZHI.MD"] = "---\ntitle: 通知\ndate: 2025-03-01\n---\n正文\n"
        let report = site.check()
        #expect(report.diagnostics.contains { $0.code == .pathConflict && $0.location.file == "content/pages/index.md" }, "\(report.rendered)")
        #expect(report.diagnostics.contains { $0.code == .unsafeSlug && $0.location.file == "content/pages/zhengce/TONGZHI.MD" })
    }

    /// A page named as clerks name files (in Chinese, with capitals and spaces, a copy's ` (1)`): the error says what to
    /// name it instead, not only which characters are allowed.
    @Test(arguments: [
        ("content/pages/tongzhi/2025_Ziping Tongzhi (1).md", "请改名为 2025-ziping-tongzhi-1"),
        ("content/pages/通知/2025-ziping.md", "拼音或英文"),
        ("content/pages/tongzhi/关于开展2025年绩效自评的通知.md", "中文标题写在文件头的 title 中"),
    ])
    func aPageNameTheAddressCannotUseSaysWhatToNameIt(_ path: String, _ advice: String) throws {
        var site = SiteFixture()
        site[path] = "---\ntitle: 关于开展2025年绩效自评的通知\ndate: 2025-03-01\n---\n正文\n"
        let report = site.check()
        let refused = try #require(report.first(.unsafeSlug), "\(report.rendered)")
        #expect(refused.location.file == path && refused.message.contains(advice), "\(refused)")
        if path.hasSuffix("通知.md") { #expect(refused.message.contains("slug: "), "a Chinese file name may keep its name: \(refused)") }
    }

    /// Clerks keep their files under the document's Chinese title; `slug:` gives the page its address instead.
    @Test func aChineseFileNameMayKeepItsNameWithASlug() throws {
        let path = "content/pages/tongzhi/关于开展绩效自评工作的通知（定稿）.md"
        var site = SiteFixture()
        site[path] = "---\ntitle: 关于开展2025年度绩效自评的通知\ndate: 2025-03-01\nslug: 2025-ziping-tongzhi\n---\n正文\n"
        let (report, fs) = site.build()
        #expect(report.succeeded && !report.diagnostics.contains { $0.severity == .error }, "\(report.rendered)")
        let page = try #require(fs.text("public/tongzhi/2025-ziping-tongzhi/index.html"))
        #expect(page.contains("关于开展2025年度绩效自评的通知"))
        let published = try fs.listFiles(under: "public", includingHidden: true)
        #expect(!published.contains { $0.contains("定稿") || fs.text("public/" + $0)?.contains("定稿") == true }, "the file's own name is published nowhere")

        // The slug follows the rules of a file name; a folder's own page (index.md) and a Chinese folder keep theirs.
        for (file, slug, advice) in [(path, "自评通知", "slug"), (path, "a/b", "slug"), (path, "../x", "slug"),
                                     ("content/pages/tongzhi/index.md", "ziping", "index.md"),
                                     ("content/pages/通知/自评.md", "ziping", "拼音或英文")] {
            var bad = SiteFixture()
            bad[file] = "---\ntitle: 通知\ndate: 2025-03-01\nslug: \(slug)\n---\n正文\n"
            let refused = bad.check()
            let d = try #require(refused.first(.unsafeSlug), "\(file) \(slug): \(refused.rendered)")
            #expect(d.location.file == file && d.message.contains(advice), "\(d)")
            if advice == "slug" { #expect(d.location.line == 4, "named at the slug: \(d)") }
        }
        // Two files given one address collide as two files of one name would.
        var twice = SiteFixture()
        twice["content/pages/tongzhi/通知一.md"] = "---\ntitle: 通知一\ndate: 2025-03-01\nslug: tongzhi-1\n---\n正文\n"
        twice["content/pages/tongzhi/tongzhi-1.md"] = "---\ntitle: 通知二\ndate: 2025-03-01\n---\n正文\n"
        // An on-request page filed in the same folder makes its folder's name one of its texts; the message still names
        // the address, whose folder the location prints anyway (it read “/〔不予公开内容〕/tongzhi-1/”).
        twice["content/pages/tongzhi/hecha-shuoming.md"] = "---\ntitle: 核查说明\ndate: 2025-03-01\ndisclosure: 依申请公开\n---\n正文\n"
        let conflict = try #require(twice.check().first(.pathConflict), "\(twice.check().rendered)")
        #expect(conflict.message.contains("/tongzhi/tongzhi-1/") && conflict.message.contains("content/pages/tongzhi/"), "\(conflict)")
    }

    // MARK: verify

    static func bundleFiles() -> [String: Data] { BundleTests.exampleBundle(.budget, year: 2025).1 }

    static func stored(_ entries: [(String, Data)]) -> Data {
        var zip = ZipWriter(date: CalendarDate(year: 2026, month: 1, day: 1)!)
        for (path, data) in entries { zip.add(path: path, contents: data) }
        return zip.finish()
    }

    @Test func verifyRejectsUnsafeAndDuplicateEntryNames() {
        let files = Self.bundleFiles()
        let sorted = files.keys.sorted().map { ($0, files[$0]!) }
        let fs = MemoryFileSystem()
        for (name, extra) in [("dotdot", ("../../etc/cron.d/x", Data("x".utf8))), ("absolute", ("/etc/passwd", Data("x".utf8))),
                              ("duplicate", ("report.html", files["report.html"]!))] {
            try? fs.write(Self.stored(sorted + [extra]), to: "\(name).zip")
            let result = BundleVerifier.verify("\(name).zip", fileSystem: fs)
            #expect(!result.ok, "\(name)")
            #expect(result.problems.first?.contains(name == "duplicate" ? "重复" : "不安全") == true, "\(name): \(result.problems)")
        }
    }

    /// A bundle unpacked into a folder, with a 2 GB file planted beside it: every file of the folder was
    /// read whole into memory (3.2 GB for a 3 GB file). Read a megabyte at a time now; the extra file is
    /// named. The command's peak memory is measured by /usr/bin/time, where the machine has it.
    @Test func aHugeFileInABundleFolderIsNotHeldInMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        for (path, data) in Self.bundleFiles() { try disk.write(data, to: joinPath(folder, path)) }
        #expect(BundleVerifier.verify(folder).ok)
        let big = joinPath(folder, "big.bin")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 2 << 30)  // sparse: no disk used
        try handle.close()
        let result = BundleVerifier.verify(folder)
        #expect(result.problems == ["多出的文件：big.bin（不在清单中）"], "\(result.problems)")
        // A pipe is named, never waited on.
        #expect(mkfifo(joinPath(folder, "pipe"), 0o600) == 0)
        #expect(BundleVerifier.verify(folder).problems.first?.contains("pipe：不是普通文件") == true)
        try FileManager.default.removeItem(atPath: joinPath(folder, "pipe"))
        // A manifest of gigabytes is refused with its name and its limit, not read (it was, whole, twice).
        let manifest = try #require(FileHandle(forWritingAtPath: joinPath(folder, "manifest.json")))
        try manifest.truncate(atOffset: 1 << 30)
        try manifest.close()
        #expect(!SiteVerifier.isSite(folder))
        #expect(BundleVerifier.verify(folder).problems == ["manifest.json 超过 \(16 << 20) 字节，不予读取"])
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "maxrss %M", CommandLineTests.executable.path, "verify", folder]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let kilobytes = try #require(stderr.split(separator: "\n").last { $0.hasPrefix("maxrss ") }.flatMap { Int($0.dropFirst(7)) }, "\(stderr)")
        #expect(kilobytes < 512 << 10, "verify of a folder with a 2 GB file took \(kilobytes >> 10) MB")
    }

    @Test func aBundleReZippedWithDeflateStillVerifies() throws {
        let files = Self.bundleFiles()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-deflate-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: path) }
        let archive = try Archive(url: path, accessMode: .create)
        for name in ["data/", "manifest.json"] + files.keys.sorted().filter({ $0 != "manifest.json" }) {
            if name.hasSuffix("/") {
                try archive.addEntry(with: name, type: .directory, uncompressedSize: Int64(0), provider: { _, _ in Data() })
                continue
            }
            let data = files[name]!
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                                 provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let result = BundleVerifier.verify(path.path)
        #expect(result.ok, "\(result.problems)")
        #expect(result.rootDigest == Digest.sha256(files["manifest.json"]!))
    }

    // MARK: ZipWriter

    @Test func zipWriterWritesZip64PastItsLimits() throws {
        // Entries beyond 65,535.
        var many = ZipWriter(date: CalendarDate(year: 2025, month: 1, day: 1)!)
        for i in 0..<70_000 { many.add(path: "f/\(i).txt", contents: Data("\(i)".utf8)) }
        let manyArchive = try Archive(data: many.finish(), accessMode: .read)
        var count = 0
        for _ in manyArchive { count += 1 }
        #expect(count == 70_000)

        // Sizes and offsets past the 32-bit limit (lowered here so the test stays small).
        var big = ZipWriter(date: CalendarDate(year: 2025, month: 1, day: 1)!, zip64Limit: 100)
        let payloads = (0..<4).map { Data(repeating: UInt8(65 + $0), count: 150 + $0) }
        for (i, data) in payloads.enumerated() { big.add(path: "p\(i).bin", contents: data) }
        let archive = try Archive(data: big.finish(), accessMode: .read)
        for (i, data) in payloads.enumerated() {
            let entry = try #require(archive["p\(i).bin"])
            var read = Data()
            _ = try archive.extract(entry, consumer: { read.append($0) })
            #expect(read == data)
        }
        // Small archives are unchanged: plain zip, no ZIP64 records.
        let small = Self.stored([("a.txt", Data("a".utf8))])
        #expect(small.range(of: Data([0x50, 0x4B, 0x06, 0x06])) == nil)
    }

    @Test func zipWriterStreamsAnEntryToTheSameBytes() throws {
        // Pieces of every size, Chinese text across their borders, and an empty entry.
        let text = Data(String(repeating: "项目编号,指标值\r\n≥95%,\"a,b\"\r\n", count: 500).utf8)
        let pieces = [0, 1, 7, 4096, 3, text.count - 4107]
        for limit: UInt64 in [0xFFFF_FFFF, 100] {  // 100: the second entry needs ZIP64 sizes, the third a ZIP64 offset
            var whole = ZipWriter(date: CalendarDate(year: 2025, month: 6, day: 30)!, zip64Limit: limit)
            var streamed = ZipWriter(date: CalendarDate(year: 2025, month: 6, day: 30)!, zip64Limit: limit)
            var ranges: [Range<Int>] = []
            for (name, contents) in [("a.csv", Data("x".utf8)), ("indicators.csv", text), ("empty.csv", Data())] {
                let expected = whole.add(path: name, contents: contents)
                let range = streamed.add(path: name) { write in
                    var start = 0
                    for size in pieces where start < contents.count {
                        let end = min(start + size, contents.count)
                        contents[start..<end].withUnsafeBytes(write)
                        start = end
                    }
                    if start < contents.count { contents[start...].withUnsafeBytes(write) }
                }
                #expect(range == expected, "limit \(limit): \(name)")
                ranges.append(range)
            }
            let archive = streamed.finish()
            #expect(archive == whole.finish(), "limit \(limit)")
            // Each entry's bytes are where the writer said, and the archive reads back.
            #expect(archive[ranges[1]] == text)
            let read = try Archive(data: archive, accessMode: .read)
            let entry = try #require(read["indicators.csv"])
            var back = Data()
            _ = try read.extract(entry, consumer: { back.append($0) })
            #expect(back == text)
        }
    }
}
