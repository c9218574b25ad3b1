import Foundation
import GongkaiCore
import GongkaiRender
import Testing
import ZIPFoundation
@testable import GongkaiKit

/// The people's-congress bundle and `verify`.
@Suite("People's congress bundle", .serialized)
struct BundleTests {
    static func exampleBundle(_ stage: BundleStage, year: Int, departments: [String]? = nil) -> (BundleResult, [String: Data]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bundle-\(UUID().uuidString).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = PeoplesCongressBundle().run(BundleOptions(
            siteRoot: repositoryRoot, selection: BundleSelection(year: year, stage: stage, departments: departments), outputPath: path))
        let entries = (try? Self.entries(DiskFileSystem().read(path))) ?? []
        return (result, Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.data) }))
    }

    /// A zip's entries in archive order, read with ZIPFoundation (as `verify` reads them).
    static func entries(_ zip: Data) throws -> [(path: String, data: Data)] {
        let archive = try Archive(data: zip, accessMode: .read)
        return try archive.map { entry in
            var data = Data()
            _ = try archive.extract(entry, consumer: { data.append($0) })
            return (entry.path, data)
        }
    }

    static func text(_ files: [String: Data]) -> String {
        files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test func theBudgetBundleHoldsTheTargetsOfMajorProjects() throws {
        let (result, files) = Self.exampleBundle(.budget, year: 2025)
        #expect(result.succeeded, "\(result.diagnostics)")
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(report.contains("2025年度预算绩效信息") && report.contains("重大政策和项目绩效目标"))
        #expect(report.contains("<style>") && !report.contains("<script") && !report.contains("<link rel=\"stylesheet\""))
        #expect(report.contains("农村义务教育学生营养改善计划") && report.contains("绩效指标表"))
        #expect(!report.contains("财政电子票据改革推广"))             // not a major project
        #expect(report.contains("counter(page)"))                    // page numbers in print
        #expect(files["data/projects.csv"] != nil && files["data/indicators.csv"] != nil && files["manifest.json"] != nil)
        #expect(result.projects == files.keys.filter { $0.hasPrefix("data/projects/") }.count)
    }

    /// A bundle names the year's required items of its stage that are missing or late (the example's
    /// CZJ-003 has no targets, HSZ-001's came a day late), and with --strict refuses to be made.
    @Test func aBundleNamesMissingRequiredItemsAndStrictRefuses() throws {
        let (result, _) = Self.exampleBundle(.budget, year: 2025)
        #expect(result.succeeded)
        let files = Set(result.diagnostics.filter { $0.severity == .warning }.map { "\($0.code.rawValue) \(($0.location.file as NSString).lastPathComponent)" })
        #expect(files.isSuperset(of: ["GK301 CZJ-003.md", "GK305 HSZ-001.md"]), "\(result.diagnostics)")
        #expect(!result.diagnostics.contains { $0.code == .missingResults }, "results are not due in the budget bundle")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bundle-\(UUID().uuidString).zip").path
        var options = BundleOptions(siteRoot: repositoryRoot, selection: BundleSelection(year: 2025, stage: .budget), outputPath: path)
        options.strict = true
        let strict = PeoplesCongressBundle().run(options)
        #expect(!strict.succeeded && strict.diagnostics.contains { $0.severity == .error && $0.code == .missingTargets })
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func theAccountsBundleHoldsEvaluationsAndRectification() throws {
        let (result, files) = Self.exampleBundle(.accounts, year: 2024)
        #expect(result.succeeded, "\(result.diagnostics)")
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(report.contains("项目支出绩效自评表") && report.contains("财政重点评价") && report.contains("整改情况"))
        // The limited evaluation whose scope names the people's congress is in; the website never has it.
        #expect(report.contains("清源-6"))
        #expect(files["data/evaluations.csv"] != nil)
        // The summary counts: projects and the grade distribution by department.
        #expect(report.contains("本材料收录2024年度\(result.departments)个部门的\(result.projects)个项目"))
        #expect(report.contains("<th scope=\"col\" class=\"num\">优</th>") && report.contains("<th scope=\"col\" class=\"num\">优秀</th>"))
    }

    /// With the final accounts the congress is told how many projects each kind of evaluation covers and the
    /// money they cover (单位自评 N 个项目、X 万元；财政重点评价 …): the summary gave only the projects and grades.
    @Test func theAccountsBundleCountsWhatEachKindOfEvaluationCovers() throws {
        let (result, files) = Self.exampleBundle(.accounts, year: 2024)
        #expect(result.succeeded, "\(result.diagnostics)")
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(report.contains("<caption>评价覆盖情况（一个项目可有多种评价）</caption>"), "\(report)")
        // Every included project of the accounts bundle has its self-evaluation here; JYJ-001's key evaluation
        // covers its 1,320.60 万元.
        #expect(report.contains("<tr><th scope=\"row\">单位自评</th><td class=\"num\">\(result.projects)</td>"), "\(report)")
        #expect(report.contains("<tr><th scope=\"row\">财政重点评价</th><td class=\"num\">1</td><td class=\"num\">1,320.60</td></tr>"), "\(report)")
        // The budget bundle has no evaluations to count.
        let (_, budget) = Self.exampleBundle(.budget, year: 2025)
        #expect(!String(decoding: try #require(budget["report.html"]), as: UTF8.self).contains("评价覆盖情况"))
    }

    @Test func withheldItemsNeverReachABundle() {
        let phrases = ExampleSiteTests.withheldPhrases.filter { !["清源-6", "岷江-12号试点清单"].contains($0) }
        for (stage, year) in [(BundleStage.budget, 2024), (.budget, 2025), (.accounts, 2024), (.accounts, 2025)] {
            let (result, files) = Self.exampleBundle(stage, year: year)
            #expect(result.succeeded)
            let all = Self.text(files)
            for phrase in phrases { #expect(!all.contains(phrase), "\(stage) \(year) holds “\(phrase)”") }
            #expect(!all.contains("川流-8"))    // limited without a scope
        }
    }

    @Test func departmentsCanBeChosen() throws {
        let (result, files) = Self.exampleBundle(.accounts, year: 2024, departments: ["JYJ"])
        #expect(result.succeeded && result.departments == 1)
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(report.contains("青川市教育局") && !report.contains("青川市卫生健康委员会"))
        let (unknown, _) = Self.exampleBundle(.accounts, year: 2024, departments: ["XXX"])
        #expect(!unknown.succeeded && unknown.diagnostics.first { $0.severity == .error }?.message.contains("XXX") == true)
    }

    /// `bundle --pdf` printed the report beside the zip, under the zip's name, whatever stood there: the clerk's own
    /// `预算草案.pdf` (the budget draft itself, the zip named after it) was replaced by Chromium's print. The PDF now
    /// replaces only one a bundle printed before — the zip there is a bundle, the PDF headless Chromium's — and a
    /// refusal (GK320) comes before anything is written; a free path, or its own earlier print, is fine.
    @Test func thePDFNeverReplacesAFileABundleDidNotPrint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-pdf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func run(_ zip: String) -> BundleResult {
            var options = BundleOptions(siteRoot: repositoryRoot, selection: BundleSelection(year: 2025, stage: .budget), outputPath: joinPath(folder, zip), jobs: 1)
            options.pdf = true
            return PeoplesCongressBundle().run(options)
        }
        let draft = joinPath(folder, "预算草案.pdf"), clerks = Data("%PDF-1.7\n% 青川市2025年预算草案（正式文本）\n".utf8)
        try clerks.write(to: URL(fileURLWithPath: draft))
        let refused = run("预算草案.zip")
        #expect(!refused.succeeded && refused.diagnostics.contains { $0.code == .reportPath && $0.location.file == draft }, "\(refused.diagnostics)")
        #expect(FileManager.default.contents(atPath: draft) == clerks)
        #expect(!FileManager.default.fileExists(atPath: joinPath(folder, "预算草案.zip")))
        // A zip named .pdf would be printed over.
        let same = run("报送.pdf")
        #expect(!same.succeeded && same.diagnostics.contains { $0.code == .reportPath }, "\(same.diagnostics)")
        // A free path, then the bundle's own earlier print beside its own zip.
        #expect(run("人大.zip").succeeded)
        let printed = Data("%PDF-1.4\n<</Creator (Mozilla/5.0 \\(X11\\) HeadlessChrome/156.0.0.0 Safari/537.36) /Producer (Skia/PDF m156)>>\n".utf8)
        try printed.write(to: URL(fileURLWithPath: joinPath(folder, "人大.pdf")))
        #expect(run("人大.zip").succeeded)
    }

    @Test func twoBuildsGiveIdenticalBytes() throws {
        func bytes() throws -> Data {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-twice-\(UUID().uuidString).zip").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = PeoplesCongressBundle().run(BundleOptions(siteRoot: repositoryRoot,
                                                                   selection: BundleSelection(year: 2024, stage: .accounts),
                                                                   outputPath: path, jobs: 1))
            #expect(result.succeeded)
            return try DiskFileSystem().read(path)
        }
        #expect(try bytes() == bytes())
    }

    @Test func theManifestPinsEveryFile() throws {
        let (result, files) = Self.exampleBundle(.budget, year: 2024)
        let manifest = try BundleManifest.decode(try #require(files["manifest.json"]))
        #expect(manifest.year == 2024 && manifest.stage == "budget")
        #expect(manifest.files.map(\.path) == files.keys.filter { $0 != "manifest.json" }.sorted())
        for entry in manifest.files {
            #expect(entry.size == files[entry.path]!.count)
            #expect(entry.sha256 == Digest.sha256(files[entry.path]!))
        }
        #expect(manifest.inputsSHA256.count == 64)
        #expect(result.rootDigest == Digest.sha256(files["manifest.json"]!))
    }

    @Test func verifyCatchesChangedMissingAndExtraFiles() throws {
        let (_, files) = Self.exampleBundle(.budget, year: 2025)
        let fs = MemoryFileSystem()
        func write(_ files: [String: Data], to path: String) {
            var zip = ZipWriter(date: CalendarDate(year: 2026, month: 1, day: 1)!)
            for key in files.keys.sorted() { zip.add(path: key, contents: files[key]!) }
            try! fs.write(zip.finish(), to: path)
        }
        write(files, to: "ok.zip")
        let ok = BundleVerifier.verify("ok.zip", fileSystem: fs)
        #expect(ok.ok, "\(ok.problems)")
        #expect(ok.rootDigest == Digest.sha256(files["manifest.json"]!))

        var changed = files
        changed["data/projects.csv"]!.append(contentsOf: Data("x".utf8))
        #expect(BundleVerifier.verify({ write(changed, to: "c.zip"); return "c.zip" }(), fileSystem: fs).problems == ["大小不符：data/projects.csv（清单 \(files["data/projects.csv"]!.count) 字节，实际 \(files["data/projects.csv"]!.count + 1) 字节）"])
        var tampered = files
        var bytes = [UInt8](tampered["report.html"]!)
        bytes[100] = bytes[100] == 0x41 ? 0x42 : 0x41
        tampered["report.html"] = Data(bytes)
        #expect(BundleVerifier.verify({ write(tampered, to: "t.zip"); return "t.zip" }(), fileSystem: fs).problems == ["摘要不符：report.html（内容已被改动）"])
        var missing = files
        missing["data/indicators.csv"] = nil
        #expect(BundleVerifier.verify({ write(missing, to: "m.zip"); return "m.zip" }(), fileSystem: fs).problems == ["缺少文件：data/indicators.csv"])
        var extra = files
        extra["notes.txt"] = Data("多出来的".utf8)
        #expect(BundleVerifier.verify({ write(extra, to: "e.zip"); return "e.zip" }(), fileSystem: fs).problems == ["多出的文件：notes.txt（不在清单中）"])

        // A path the manifest lists twice is said so, not reported missing.
        var twice = files
        let manifest = String(decoding: files["manifest.json"]!, as: UTF8.self)
        let first = try #require(manifest.range(of: "  \"files\" : [\n")).upperBound
        let entry = manifest[first...].prefix { $0 != "}" } + "},\n"
        twice["manifest.json"] = Data((manifest[..<first] + entry + manifest[first...]).utf8)
        #expect(BundleVerifier.verify({ write(twice, to: "w.zip"); return "w.zip" }(), fileSystem: fs).problems
                == ["清单重复列出：data/indicators.csv", "清单的文件数 10 与列出的 11 个文件不符"])

        // A folder holding the files verifies the same way.
        for (path, data) in files { try fs.write(data, to: "folder/" + path) }
        #expect(BundleVerifier.verify("folder", fileSystem: fs).ok)
        try fs.remove("folder/manifest.json")
        #expect(BundleVerifier.verify("folder", fileSystem: fs).problems == ["缺少 manifest.json"])

        // A folder entry named like a file: that file would not unpack.
        var zip = ZipWriter(date: CalendarDate(year: 2026, month: 1, day: 1)!)
        zip.add(path: "report.html/", contents: Data())
        for key in files.keys.sorted() { zip.add(path: key, contents: files[key]!) }
        try fs.write(zip.finish(), to: "d.zip")
        #expect(!BundleVerifier.verify("d.zip", fileSystem: fs).ok)
    }

    /// A zip is read through its central directory, but a streaming unzipper reads the local headers
    /// in order: bytes that no listed entry covers (a forged `report.html` no central record names,
    /// data after the end record) or a local header naming another path than its central record
    /// would let a verified bundle unpack differently. `verify` refuses all of them.
    @Test func verifyRefusesBytesNoEntryCoversAndLocalNamesThatDiffer() throws {
        let (_, files) = Self.exampleBundle(.budget, year: 2025)
        var zip = ZipWriter(date: CalendarDate(year: 2026, month: 1, day: 1)!)
        for key in files.keys.sorted() { zip.add(path: key, contents: files[key]!) }
        let good = [UInt8](zip.finish())
        let fs = MemoryFileSystem()
        func le32(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24 }
        func verify(_ bytes: [UInt8]) throws -> BundleVerifier.Result {
            try fs.write(Data(bytes), to: "z.zip")
            return BundleVerifier.verify("z.zip", fileSystem: fs)
        }
        #expect(try verify(good).ok)

        // A forged local entry before the central directory, which no central record lists.
        let end = good.count - 22
        let directory = le32(good, end + 16)
        let forged = [UInt8]("<h1>伪造的报告</h1>".utf8)
        var hidden = Data()
        hidden.append(contentsOf: [0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let crc = GongkaiCore.CRC32.checksum(Data(forged))
        for value in [crc, UInt32(forged.count), UInt32(forged.count)] { withUnsafeBytes(of: value.littleEndian) { hidden.append(contentsOf: $0) } }
        hidden.append(contentsOf: [11, 0, 0, 0])
        hidden.append(contentsOf: Array("report.html".utf8))
        hidden.append(contentsOf: forged)
        var smuggled = Array(good[..<directory]) + [UInt8](hidden) + Array(good[directory...])
        let shifted = UInt32(directory + hidden.count)
        withUnsafeBytes(of: shifted.littleEndian) { for (i, byte) in $0.enumerated() { smuggled[smuggled.count - 22 + 16 + i] = byte } }
        let smuggledResult = try verify(smuggled)
        #expect(!smuggledResult.ok && smuggledResult.problems.first?.contains("不属于任何文件") == true, "\(smuggledResult.problems)")

        // Bytes after the end record.
        let trailing = try verify(good + Array("<h1>附加</h1>".utf8))
        #expect(!trailing.ok && trailing.problems.first?.contains("不属于任何文件") == true, "\(trailing.problems)")

        // The first entry's local header names a path outside the folder it is unpacked into.
        var renamed = good
        let nameLength = Int(renamed[26]) | Int(renamed[27]) << 8
        let outside = Array(String(repeating: "../", count: nameLength / 3).utf8) + Array(repeating: UInt8(ascii: "a"), count: nameLength % 3)
        for i in 0..<nameLength { renamed[30 + i] = outside[i] }
        let renamedResult = try verify(renamed)
        #expect(!renamedResult.ok && renamedResult.problems.first?.contains("本地文件头") == true, "\(renamedResult.problems)")
    }

    /// On disk, hidden files beside a bundle's files are extra files too.
    @Test func verifyListsHiddenFilesInABundleFolder() throws {
        let (_, files) = Self.exampleBundle(.budget, year: 2025)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bundle-folder-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (path, data) in files { try DiskFileSystem().write(data, to: joinPath(folder, path)) }
        #expect(BundleVerifier.verify(folder).ok)
        try DiskFileSystem().write(Data("deny".utf8), to: joinPath(folder, ".htaccess"))
        try DiskFileSystem().write(Data("x".utf8), to: joinPath(folder, "data/.evil.csv"))
        #expect(BundleVerifier.verify(folder).problems == ["多出的文件：.htaccess（不在清单中）", "多出的文件：data/.evil.csv（不在清单中）"])
    }

    @Test func aBundleOrAnExportIsNeverWrittenIntoThePublishedFolders() throws {
        for path in ["public/b.zip", "content/pages/b.zip", "theme/assets/b.zip", ".public.staging/b.zip"] {
            let fs = SiteFixture().fileSystem()
            let result = PeoplesCongressBundle(fileSystem: fs).run(BundleOptions(
                siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts), outputPath: path))
            #expect(!result.succeeded && result.diagnostics.first?.code == .reportPath, "\(path)")
            #expect(!fs.isFile(path))
        }
        let fs = SiteFixture().fileSystem()
        let (refused, diagnostics) = ProjectExport.run(siteRoot: ".", projectFile: "content/projects/2025/JYJ-2025-001.md",
                                                       layout: .targets, outputPath: "public/t.csv", fileSystem: fs)
        #expect(refused == nil && diagnostics.first?.code == .reportPath)
        let (allowed, _) = ProjectExport.run(siteRoot: ".", projectFile: "content/projects/2025/JYJ-2025-001.md",
                                             layout: .targets, outputPath: "../t.csv", fileSystem: fs)
        #expect(allowed != nil)
    }

    @Test func limitedItemsNeedTheScopeOfThePeoplesCongress() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。",
                  with: "项目说明正文。\n\n::: limited 人大\n报送人大的段落甲乙\n:::\n\n::: limited\n内部段落丙丁\n:::\n\n::: on-request\n依申请段落戊己\n:::")
        let fs = site.fileSystem()
        let result = PeoplesCongressBundle(fileSystem: fs).run(BundleOptions(
            siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts), outputPath: "out/b.zip"))
        #expect(result.succeeded, "\(result.diagnostics)")
        let text = Self.text(Dictionary(uniqueKeysWithValues: try Self.entries(fs.read("out/b.zip")).map { ($0.path, $0.data) }))
        #expect(text.contains("报送人大的段落甲乙"))
        #expect(!text.contains("内部段落丙丁") && !text.contains("依申请段落戊己"))
    }

    /// `bundle --audience 上级工会`: the circle's limited items and public ones; neither the people's
    /// congress's nor another circle's, and never on-request or classified ones.
    @Test func aNamedCircleReceivesTheLimitedItemsScopedToIt() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: """
            项目说明正文。

            ::: limited 上级工会
            报送上级工会的段落子丑
            :::

            ::: limited 人大
            报送人大的段落甲乙
            :::

            ::: limited 审计部门
            报送审计的段落寅卯
            :::
            """)
        let fs = site.fileSystem()
        var options = BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts))
        options.audience = "上级工会"
        #expect(options.resolvedOutput == "./报送-上级工会-2025-accounts.zip" || options.resolvedOutput == "报送-上级工会-2025-accounts.zip")
        let result = PeoplesCongressBundle(fileSystem: fs).run(options)
        #expect(result.succeeded, "\(result.diagnostics)")
        let files = Dictionary(uniqueKeysWithValues: try Self.entries(fs.read(try #require(result.zipPath))).map { ($0.path, $0.data) })
        let text = Self.text(files)
        #expect(text.contains("报送上级工会的段落子丑") && text.contains("报送上级工会"))
        #expect(!text.contains("报送人大的段落甲乙") && !text.contains("报送审计的段落寅卯") && !text.contains("报送人民代表大会审查用"))

        // The website never carries any of them.
        let (report, web) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let all = web.outputTexts().values.joined()
        #expect(!all.contains("段落子丑") && !all.contains("段落甲乙") && !all.contains("段落寅卯"))

        // 人大 by any of its names is the people's-congress bundle.
        options.audience = "人大代表"
        options.outputPath = "out/pc.zip"
        #expect(PeoplesCongressBundle(fileSystem: fs).run(options).succeeded)
        let pc = Self.text(Dictionary(uniqueKeysWithValues: try Self.entries(fs.read("out/pc.zip")).map { ($0.path, $0.data) }))
        #expect(pc.contains("报送人大的段落甲乙") && !pc.contains("段落子丑"))
    }

    @Test func aCircleNameIsNeverAPath() {
        var options = BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts))
        options.audience = "../工会"
        let result = PeoplesCongressBundle(fileSystem: SiteFixture().fileSystem()).run(options)
        #expect(!result.succeeded && result.diagnostics.map(\.code) == [.invalidValue], "\(result.diagnostics)")
    }

    /// `--audience 人大,上级工会` was a circle of that literal name, given public items only.
    @Test(arguments: ["人大,上级工会", "上级工会、审计部门", "上级工会；人大", "上级工会／人大"])
    func aCircleNameIsNeverAList(_ name: String) {
        var options = BundleOptions(siteRoot: ".", selection: BundleSelection(year: 2025, stage: .accounts))
        options.audience = name
        let result = PeoplesCongressBundle(fileSystem: SiteFixture().fileSystem()).run(options)
        #expect(!result.succeeded && result.diagnostics.map(\.code) == [.invalidValue], "\(result.diagnostics)")
        #expect(result.diagnostics.first?.message.contains("分别运行") == true)
    }

    @Test func aDepartmentsWideResultsTravelWithItsProjects() throws {
        let (result, files) = Self.exampleBundle(.accounts, year: 2024, departments: ["ZGH"])
        #expect(result.succeeded, "\(result.diagnostics)")
        let report = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(report.contains("青川市总工会2024年度部门整体绩效") && report.contains("部门整体绩效自评表") && report.contains("id=\"dw-zgh-self-heading\""))
        #expect(files["data/departments/zgh.json"] != nil)
    }
}
