import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

@Suite("Build pipeline: disclosure, determinism, safe writes, escaping")
struct PipelineTests {
    /// A fixture with withheld material at every depth, each with a distinctive phrase.
    static func withheldFixture() -> (SiteFixture, secrets: [String], publicPhrases: [String]) {
        var site = SiteFixture()
        // Its public phrases include the total beside a classified row: published, with the warning.
        site["gongkai.yaml"]! += "\ninference: warn\n"
        let p = "content/projects/2025/JYJ-2025-001.md"
        site["content/organisations.yaml"]! += """

          - code: GFB
            name: 测试市甲乙丙保密办公室
            disclosure: {level: classified, reason: 涉密机构, approver: 保密委员会, approved: 2025-01-05}
            units:
              - code: GFB-01
                name: 甲乙丙保密办公室本级
        """
        site["content/projects/2025/GFB-2025-001.md"] = """
        ---
        code: GFB-2025-001
        name: 代号青峰七号加密终端采购
        year: 2025
        department: GFB
        ---
        采购某型号加密终端三十台。
        """
        site["content/projects/2025/JYJ-2025-002.md"] = """
        ---
        code: JYJ-2025-002
        name: 校园安防升级工程星火
        year: 2025
        department: JYJ
        disclosure: 涉密
        ---
        """
        site.edit(p, replacing: "      spent: 1198.6", with: "      spent: 1198.6\n    - source: 其他资金乙类专项\n      budget: 777.77\n      disclosure: classified")
        site.edit(p, replacing: "            - name: 受益学生人数", with: "            - name: 秘密指标甲乙丙丁\n              target: ≥31415个\n              basis: 内部编号QF-7731核定\n              disclosure: 涉密\n            - name: 受益学生人数")
        site.edit(p, replacing: "    - name: 产出指标", with: "    - name: 效益指标\n      children:\n        - name: 隐秘二级指标戊己\n          disclosure: classified\n          children:\n            - name: 庚辛壬癸完成率\n              target: =100%\n    - name: 产出指标")
        site.edit(p, replacing: "  goal: 保障学生营养餐供应。", with: "  goal: {value: 有限公开目标子丑寅卯, disclosure: limited}")
        site.edit(p, replacing: "  grade: 差", with: "  grade: 差\n  problems: {value: 问题描述辰巳午未, disclosure: classified}\nevaluations:\n  - kind: 财政重点评价\n    evaluator: 申酉戌亥事务所\n    score: 70\n    disclosure: {level: limited, scope: [人大]}\n    report: 报告正文乾坤震巽。\n  - kind: 第三方评价\n    evaluator: 青川评估中心\n    score: 85\n    report: |\n      公开的评价结论。\n\n      ::: 涉密\n      评价发现坎离艮兑问题。\n      :::\n\n      公开的整改建议。")
        site.edit(p, replacing: "项目说明正文。", with: "项目说明正文。\n\n::: on-request\n依申请公开的说明东南西北。\n:::\n")
        site["content/pages/zhengce/neibu.md"] = """
        ---
        title: 内部通知春夏秋冬
        date: 2025-04-01
        disclosure: on-request
        ---
        正文金木水火土。
        """
        let secrets = ["青峰七号", "加密终端", "甲乙丙保密", "校园安防升级工程星火", "其他资金乙类专项", "777.77", "秘密指标甲乙丙丁", "31415",
                       "QF-7731", "隐秘二级指标戊己", "庚辛壬癸", "子丑寅卯", "辰巳午未", "申酉戌亥", "乾坤震巽", "坎离艮兑",
                       "东南西北", "春夏秋冬", "金木水火土", "GFB", "gfb"]
        let publicPhrases = ["学生营养改善计划", "受益学生人数", "≥52000人", "公开的评价结论", "公开的整改建议", "青川评估中心",
                             "项目说明正文", "测试市预算绩效管理办法", "第一条"]
        return (site, secrets, publicPhrases)
    }

    /// The published inputs digest takes a file's bytes only when the file holds nothing withheld: an
    /// edit to classified text (or to a file gongkai does not read) must not change a published byte,
    /// while an edit to a wholly public file does.
    @Test func theInputsDigestChangesWithPublicInputsOnly() throws {
        func digest(_ site: SiteFixture) throws -> String {
            let (report, fs) = site.build()
            #expect(report.succeeded, "\(report.rendered)")
            return try SiteManifest.decode(try fs.read("public/manifest.json")).inputsSHA256
        }
        var site = Self.withheldFixture().0
        site["content/内部说明.txt"] = "不读的文件"
        let before = try digest(site)
        // The classified project's own file, and the classified department's line in organisations.yaml.
        site.edit("content/projects/2025/JYJ-2025-002.md", replacing: "name: 校园安防升级工程星火", with: "name: 校园安防升级工程星火二期")
        site.edit("content/organisations.yaml", replacing: "name: 测试市甲乙丙保密办公室", with: "name: 测试市甲乙丙丁保密办公室")
        site["content/内部说明.txt"] = "不读的文件，改过"
        #expect(try digest(site) == before)
        site.edit("content/pages/zhengce/banfa.md", replacing: "title:", with: "summary: 新摘要\ntitle:")
        #expect(try digest(site) != before)
    }

    @Test func noWithheldTextReachesAnyOutputFile() throws {
        let (site, secrets, publicPhrases) = Self.withheldFixture()
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        let outputs = fs.outputTexts()
        #expect(outputs.count > 8)
        for (path, text) in outputs {
            for secret in secrets {
                #expect(!text.contains(secret), "\(path) leaks \(secret)")
            }
            #expect(!path.lowercased().contains("gfb") && !path.contains("jyj-2025-002"), "withheld project has a file: \(path)")
        }
        let project = try #require(outputs["projects/2025/jyj-2025-001/index.html"])
        for phrase in publicPhrases where phrase != "测试市预算绩效管理办法" && phrase != "第一条" {
            #expect(project.contains(phrase), "public phrase missing: \(phrase)")
        }
        #expect(project.contains("部分内容不予公开"))
        #expect(report.itemsWithheld >= 11) // a withheld department counts once, its projects inside it
    }

    @Test func aggregatesLeaveWithheldAmountsOut() throws {
        let (site, _, _) = Self.withheldFixture()
        let (_, fs) = site.build()
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        // Only the 财政拨款 line is public: its budget is the total shown; 777.77 is nowhere.
        #expect(page.contains("<tfoot><tr><th scope=\"row\">合计</th><td class=\"num\">1,200.00</td><td class=\"num\">1,250.50</td>"))
        let year = try #require(fs.text("public/years/2025/index.html"))
        #expect(year.contains("合计 1,250.50 万元"))
        #expect(year.contains("本年度公开项目 1 个"))
    }

    @Test func strictestLevelOnThePathWins() {
        // A public project under a classified unit is withheld as a whole.
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "        name: 测试市第一中学", with: "        name: 测试市第一中学\n        disclosure: 涉密")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        #expect(!fs.isFile("public/projects/2025/jyj-2025-001/index.html"))
        #expect(fs.outputTexts().values.allSatisfy { !$0.contains("学生营养改善计划") && !$0.contains("测试市第一中学") })
    }

    /// A withheld text shorter than the audit's fingerprints (a category 国防, a code GFD) is blanked
    /// where a message quotes it whole, not inside a longer public value (a project named 国防教育计划).
    @Test func aShortWithheldTextIsRedactedOnlyWhereQuotedWhole() throws {
        var site = SiteFixture()
        site.edit("content/organisations.yaml", replacing: "departments:\n", with: "departments:\n  - code: GFD\n    name: 保密局\n    kind: 国防\n    disclosure: 涉密\n")
        let (source, _) = LoadStage.run(fileSystem: site.fileSystem(), root: ".", jobs: 1)
        let redaction = Redaction(ledger: Ledger(try #require(source), audience: .website))
        let at = SourceLocation(file: "content/projects/2025/JYJ-2025-001.md", line: 3)
        let shown = redaction.apply([
            .warning(.publishedLate, "项目“国防教育计划”的绩效目标晚于公开时限", at: at),
            .error(.unknownReference, "引用了部门“GFD”和类别“国防”", at: at),
            .error(.unknownReference, "引用了“保密局”", at: at),
        ]).map(\.message)
        #expect(shown[0] == "项目“国防教育计划”的绩效目标晚于公开时限")
        #expect(shown[1] == "引用了部门“\(Redaction.placeholder)”和类别“\(Redaction.placeholder)”")
        #expect(shown[2] == "引用了“\(Redaction.placeholder)”")
    }

    /// The theme's files are all copied to the website: an image or document that only a withheld
    /// passage refers to would be published though the passage is not, and no fingerprint can find a
    /// picture's bytes. (A red-team found `/assets/1.png` published from a `::: 涉密` passage once a public
    /// page showed any image, which made the word `assets` public.)
    @Test func aThemeFileOnlyWithheldContentRefersToStopsTheBuild() throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。\n\n![市徽](/assets/shihui.png)")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。",
                  with: "项目说明正文。\n\n::: 涉密\n![部署图](/assets/1.png)\n\n[参数表](../../../assets/Canshu%20Biao.PDF)\n:::\n")
        let fs = site.fileSystem()
        fs.write("PNG", to: "theme/assets/shihui.png")
        fs.write("PNG 部署图", to: "theme/assets/1.png")
        fs.write("PDF 参数", to: "theme/assets/canshu biao.pdf")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded)
        let found = report.diagnostics.filter { $0.code == .withheldAsset }
        #expect(found.count == 2, "\(report.rendered)")
        #expect(found.allSatisfy { $0.location.file == "content/projects/2025/JYJ-2025-001.md" && $0.location.line == 38 }, "\(found)")
        #expect(found.contains { $0.message.contains("1.png") } && found.contains { $0.message.contains("canshu biao.pdf") })
        #expect(!fs.isFile("public/assets/1.png"))

        // A file public content refers to as well is public anyway.
        site.edit("content/pages/zhengce/banfa.md", replacing: "(/assets/shihui.png)", with: "(/assets/shihui.png)\n\n![部署图](/assets/1.png)\n[参数表](/assets/canshu%20biao.pdf)")
        let (shown, _) = site.build()
        #expect(!shown.diagnostics.contains { $0.code == .withheldAsset }, "\(shown.rendered)")
    }

    /// A browser reads an address the way cmark does: `/assets/./1.png`, `/assets//1.png`,
    /// `/assets/x/../1.png`, `/assets/&#49;.png` (a character reference), `/assets\/1.png` (a backslash
    /// escape) and `/assets/%31.png` all fetch `/assets/1.png`, and a percent sign elsewhere in the text
    /// (`完成率100%`) must not stop the percent-encoded spelling from being read. (A red-team found each of
    /// these published `1.png` from a `::: 涉密` passage without GK146.)
    @Test(arguments: ["/assets/./1.png", "/assets//1.png", "/assets/x/../1.png", "/assets/&#49;.png",
                      "/assets\\/1.png", "/assets/%31.png", "../../../assets/./1.png", "/ASSETS/./1.PNG"])
    func aThemeFileAWithheldPassageRefersToInAnotherSpellingStopsTheBuild(address: String) throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。\n\n![市徽](/assets/shihui.png)")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。",
                  with: "项目说明正文。\n\n::: 涉密\n部署完成率100%。\n\n![部署图](\(address))\n:::\n")
        let fs = site.fileSystem()
        fs.write("PNG", to: "theme/assets/shihui.png")
        fs.write("PNG 部署图", to: "theme/assets/1.png")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(!report.succeeded, "\(address)")
        #expect(report.diagnostics.contains { $0.code == .withheldAsset && $0.message.contains("1.png") }, "\(address): \(report.rendered)")
        #expect(!fs.isFile("public/assets/1.png"), "\(address)")
    }

    /// An HTML comment is withheld content (GK146's own list names it), but only its Chinese words were kept for
    /// the checks: an image commented out of a page (`<!-- 部署图涉密，暂不显示 ![部署图](/assets/1.png) -->`), in a
    /// public passage or a withheld one, left `1.png` published with no error.
    @Test(arguments: ["公开正文。<!-- 部署图涉密，暂不显示 ![部署图](/assets/1.png) -->",
                      "<!--\n![部署图](/assets/1.png)\n-->",
                      "::: 涉密\n<!-- ![部署图](/assets/%31.png) -->\n:::"])
    func aThemeFileOnlyACommentRefersToStopsTheBuild(_ text: String) throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。", with: "制定本办法。\n\n![市徽](/assets/shihui.png)")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。", with: "项目说明正文。\n\n\(text)\n")
        let fs = site.fileSystem()
        fs.write("PNG", to: "theme/assets/shihui.png")
        fs.write("PNG 部署图", to: "theme/assets/1.png")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.diagnostics.contains { $0.code == .withheldAsset && $0.message.contains("1.png") }, "\(report.rendered)")
        #expect(!fs.isFile("public/assets/1.png"))
    }

    /// Raw HTML never reaches the website (cmark's safe default drops it, GK143 warns), so an address
    /// inside it refers to nothing public: it cannot make a theme file that only a withheld passage
    /// shows public. (A red-team had `<span data-x="/assets/1.png"></span>` in a public page publish
    /// `1.png` from a `::: 涉密` passage, with only the GK143 warning.)
    @Test func anAddressInRawHTMLDoesNotMakeAWithheldThemeFilePublic() throws {
        var site = SiteFixture()
        site.edit("content/pages/zhengce/banfa.md", replacing: "制定本办法。",
                  with: "制定本办法。\n\n<span data-x=\"/assets/1.png\"></span>")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "项目说明正文。",
                  with: "项目说明正文。\n\n::: 涉密\n![部署图](/assets/1.png)\n:::\n")
        let fs = site.fileSystem()
        fs.write("PNG 部署图", to: "theme/assets/1.png")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        #expect(report.diagnostics.contains { $0.code == .withheldAsset }, "\(report.rendered)")
        #expect(!fs.isFile("public/assets/1.png"))

        // A public reference-style image is a reference: the file is public anyway.
        site.edit("content/pages/zhengce/banfa.md", replacing: "<span data-x=\"/assets/1.png\"></span>",
                  with: "![市徽][hui]\n\n[hui]: /assets/1.png")
        let (shown, _) = site.build()
        #expect(!shown.diagnostics.contains { $0.code == .withheldAsset }, "\(shown.rendered)")
    }

    /// A diagnostic quoting the text of a file whose level no ledger knows was printed as written: a classified project
    /// that did not load (a required field missing, a key written twice — a line of its report pasted as a key) had
    /// its text in GK102 and GK104, and a mistake in gongkai.yaml (no site model at all) turned redaction off for every
    /// file, so a loaded classified project's text reached the log too. A content file that did not load, and every
    /// content file when the site did not, is treated as withheld: its quotes are blanked; `--show-withheld` shows them.
    @Test(arguments: ["missing year", "repeated key", "broken configuration", "department withheld"])
    func diagnosticsOfAFileWhoseLevelIsUnknownQuoteNothing(_ mistake: String) throws {
        var site = SiteFixture()
        let p = "content/projects/2025/JYJ-2025-001.md"
        let secret = "北山坑道入口东经一百零三度"
        site.edit(p, replacing: "department: JYJ\n", with: "department: JYJ\ndisclosure: 涉密\n\(secret): 是\n")
        switch mistake {
        case "missing year": site.edit(p, replacing: "year: 2025\n", with: "")
        case "repeated key": site.edit(p, replacing: "\(secret): 是\n", with: "\(secret): 是\n\(secret): 否\n")
        case "broken configuration": site.edit("gongkai.yaml", replacing: "title: ", with: "title: 重复\ntitle: ")
        default:
            site.edit(p, replacing: "disclosure: 涉密\n", with: "")
            site.edit(p, replacing: "\(secret): 是\n", with: "\(secret): 是\n\(secret): 否\n")
            site.edit("content/organisations.yaml", replacing: "    name: 测试市教育局\n", with: "    name: 测试市教育局\n    disclosure: 涉密\n")
        }
        let report = site.check()
        #expect(!report.succeeded)
        let quoted = report.diagnostics.filter { $0.location.file == p && ($0.code == .unknownKey || $0.code == .duplicateKey) }
        #expect(!quoted.isEmpty && quoted.allSatisfy { !$0.message.contains(secret) && $0.message.contains(Redaction.placeholder) }, "\(report.rendered)")
        var options = BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false)
        options.showWithheld = true
        let shown = Pipeline(fileSystem: site.fileSystem()).run(options)
        #expect(shown.diagnostics.contains { $0.message.contains(secret) }, "\(shown.rendered)")
        // A key in gongkai's alphabet is no content: named, so the clerk can find it.
        var keys = SiteFixture()
        keys.edit("content/organisations.yaml", replacing: "    name: 测试市教育局\n", with: "    name: 测试市教育局\n    name: 重复\n")
        let repeated = try #require(keys.check().first(.duplicateKey))
        #expect(repeated.message == "字段重复：“name”", "\(repeated)")
    }

    /// Two indicators written on one line in flow style, the classified one first: a problem in it (a weight typed as
    /// words) was taken to lie in the item starting last on that line, the public one, so its value — the classified
    /// row's text — was quoted in the log. Items are now placed by line and column.
    /// `gongkai export` reads one project file and prints its diagnostics: a classified project that does not load
    /// (an unknown key) had its text quoted in them, which `build` blanks. Export knows no ledger, so it blanks every
    /// quote of the file's text, keys in gongkai's alphabet kept; `--show-withheld` shows them.
    @Test func exportDiagnosticsQuoteNothingOfTheFileUnlessAsked() throws {
        var site = SiteFixture()
        let p = "content/projects/2025/JYJ-2025-001.md"
        let secret = "北山坑道入口东经一百零三度"
        site.edit(p, replacing: "department: JYJ\n", with: "department: JYJ\ndisclosure: 涉密\n\(secret): 是\nbuget: 1\n")
        let (csv, diagnostics) = ProjectExport.run(siteRoot: ".", projectFile: p, layout: .targets, fileSystem: site.fileSystem())
        #expect(csv == nil)
        let unknown = diagnostics.filter { $0.code == .unknownKey }
        #expect(unknown.count == 2 && unknown.allSatisfy { !$0.message.contains(secret) }, "\(diagnostics)")
        #expect(unknown.contains { $0.message.contains(Redaction.placeholder) } && unknown.contains { $0.message.contains("buget") }, "\(diagnostics)")
        let (_, shown) = ProjectExport.run(siteRoot: ".", projectFile: p, layout: .targets, showWithheld: true, fileSystem: site.fileSystem())
        #expect(shown.contains { $0.message.contains(secret) }, "\(shown)")
    }

    @Test func aProblemInAWithheldItemSharingItsLineIsRedacted() throws {
        var site = SiteFixture()
        let secret = "十二分北山坑道入口"
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "              score: 50\n",
                  with: "              score: 50\n        - name: 质量指标\n          children: [{name: 北山坑道维护次数, target: ≥12次, weight: \(secret), disclosure: 涉密}, {name: 公开指标, target: ≥1个}]\n")
        let report = site.check()
        let malformed = try #require(report.first(.malformedNumber), "\(report.rendered)")
        #expect(!malformed.message.contains(secret) && malformed.message.contains(Redaction.placeholder), "\(malformed)")
    }

    /// The checks print figures summed over a table (`各项得分合计为 89.77`, `资金用途合计 1300`), unquoted:
    /// beside a withheld row or use the sum gives its figure away, and a withheld project's are its own.
    /// Build logs are shared, so they show only with --show-withheld.
    @Test func theChecksFiguresAreRedactedInAFileWithWithheldItems() throws {
        var site = SiteFixture()
        let p = "content/projects/2025/JYJ-2025-001.md"
        site.edit(p, replacing: "      spent: 1198.6", with: "      spent: 1198.6\n  uses:\n    - {item: 食材采购, amount: 600}\n    - {item: 保密设备, amount: 700, disclosure: 涉密}")
        let report = site.check()
        let uses = try #require(report.first(.usesExceedBudget), "\(report.rendered)")
        #expect(!uses.message.contains("1300") && !uses.message.contains("1,300") && uses.message.contains(Redaction.placeholder), "\(uses)")
        var options = BuildOptions(siteRoot: ".", jobs: 1, writeOutput: false)
        options.showWithheld = true
        let shown = try #require(Pipeline(fileSystem: site.fileSystem()).run(options).first(.usesExceedBudget))
        #expect(shown.message.contains("1300"), "\(shown)")

        // A wholly classified project: its own total and sums.
        var secret = SiteFixture()
        secret.edit(p, replacing: "department: JYJ\n", with: "department: JYJ\ndisclosure: 涉密\n")
        secret.edit(p, replacing: "  total_score: 59.58", with: "  total_score: 59.61")
        let total = try #require(secret.check().first(.totalScoreMismatch))
        #expect(!total.message.contains("59.61") && !total.message.contains("59.58"), "\(total)")

        // A file without withheld items keeps its figures.
        var plain = SiteFixture()
        plain.edit(p, replacing: "  total_score: 59.58", with: "  total_score: 59.61")
        #expect(try #require(plain.check().first(.totalScoreMismatch)).message.contains("59.61"))
    }

    /// A leak names the withheld item, but never prints its title, however short.
    @Test func aLeakNeverPrintsTheWithheldItemsShortTitle() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "            - name: 受益学生人数\n", with: "            - name: 青锋数\n")
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "              basis: 学籍统计", with: "              basis: 青锋试点学籍专项统计口径\n              disclosure: 涉密")
        let fs = site.fileSystem()
        let footer = try #require(fs.text("theme/templates/404.mustache"))
        fs.write(footer.replacingOccurrences(of: "<h1>页面未找到</h1>", with: "<h1>页面未找到</h1><p>青锋试点学籍专项统计口径</p>"), to: "theme/templates/404.mustache")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 1))
        let leak = try #require(report.first(.leak), "\(report.rendered)")
        #expect(!leak.description.contains("青锋") && leak.message.contains("三级指标"), "\(leak)")
    }

    @Test func theLeakAuditStopsABuildWhoseThemeLeaks() throws {
        let (site, _, _) = Self.withheldFixture()
        let fs = site.fileSystem()
        try fs.write(Data("<p>旧网站</p>".utf8), to: "public/index.html")
        fs.write("{}", to: "public/.gongkai-build.json")  // an earlier gongkai build
        // A careless theme author pasted a classified phrase into a template.
        let footer = try #require(fs.text("theme/templates/404.mustache"))
        fs.write(footer.replacingOccurrences(of: "<h1>页面未找到</h1>", with: "<h1>页面未找到</h1><p>评价发现坎离艮兑问题</p>"),
                 to: "theme/templates/404.mustache")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(!report.succeeded)
        let leak = try #require(report.first(.leak))
        #expect(leak.message.contains("404.html"))
        // Build logs are shared: the withheld text itself shows only with --show-withheld.
        #expect(!leak.message.contains("坎离艮兑") && leak.message.contains(Redaction.placeholder))
        #expect(leak.location.file == "content/projects/2025/JYJ-2025-001.md")
        var options = BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)
        options.showWithheld = true
        let shown = try #require(Pipeline(fileSystem: fs).run(options).first(.leak))
        #expect(shown.message.contains("坎离艮兑"))
        #expect(fs.text("public/index.html") == "<p>旧网站</p>")
        #expect(!fs.isDirectory(".public.staging"))
    }

    @Test func buildsAreByteIdenticalWhateverTheThreadCount() {
        let (site, _, _) = Self.withheldFixture()
        let one = site.build(jobs: 1).1.outputTexts()
        let four = site.build(jobs: 4).1.outputTexts()
        let again = site.build(jobs: 4).1.outputTexts()
        #expect(one.count > 8)
        #expect(one == four)
        #expect(four == again)
    }

    @Test func aFailedBuildLeavesThePreviousOutputIntact() throws {
        var site = SiteFixture()
        let fs = site.fileSystem()
        #expect(Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)).succeeded)
        let before = fs.outputTexts()
        #expect(before["index.html"] != nil)

        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "spent: 1198.6", with: "spent: 许多")
        let broken = site.fileSystem()
        for (path, text) in before { broken.write(text, to: "public/" + path) }
        let report = Pipeline(fileSystem: broken).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2))
        #expect(!report.succeeded)
        #expect(broken.outputTexts() == before)
        #expect(!broken.isDirectory(".public.staging") && !broken.isDirectory(".public.previous"))
    }

    @Test func aSuccessfulBuildReplacesTheOutputWhole() throws {
        let site = SiteFixture()
        let fs = site.fileSystem()
        fs.write("<p>旧</p>", to: "public/index.html")
        fs.write("{}", to: "public/.gongkai-build.json")  // an earlier gongkai build
        fs.write("stale", to: "public/projects/2020/old/index.html")
        #expect(Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "public", jobs: 2)).succeeded)
        #expect(!fs.isFile("public/projects/2020/old/index.html"))
        #expect(fs.text("public/index.html")?.contains("测试市预算绩效信息公开平台") == true)
    }

    @Test func refusesAnOutputFolderThatIsNotABuiltSite() {
        let site = SiteFixture()
        let fs = site.fileSystem()
        fs.write("我的文档", to: "docs/notes.txt")
        let report = Pipeline(fileSystem: fs).run(BuildOptions(siteRoot: ".", outputPath: "docs", jobs: 1))
        #expect(!report.succeeded)
        #expect(fs.text("docs/notes.txt") == "我的文档")
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        var site = SiteFixture()
        let p = "content/projects/2025/JYJ-2025-001.md"
        site.edit(p, replacing: "name: 学生营养改善计划", with: "name: \"<script>alert('x')</script>计划\"")
        site.edit(p, replacing: "basis: 学籍统计", with: "basis: \"\\\" onmouseover=\\\"alert(1)\"")
        site.edit(p, replacing: "项目说明正文。", with: "<iframe src=x></iframe>\n\n[链接](javascript:alert(1))\n\n<b onclick=alert(1)>粗</b>")
        site.edit("content/organisations.yaml", replacing: "name: 测试市教育局", with: "name: 教育局<img src=x onerror=alert(1)>")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        for (path, text) in fs.outputTexts() where path.hasSuffix(".html") {
            // The only scripts are the theme's own files (sortable tables, search, 适老化 modes), never inline ones.
            let scripts = text.components(separatedBy: "<script").count - 1
            let own = text.components(separatedBy: "assets/sort.js\" defer></script>").count - 1
                + text.components(separatedBy: "assets/search.js\" defer></script>").count - 1
                + text.components(separatedBy: "assets/a11y.js\"></script>").count - 1
            #expect(scripts == own, "\(path)")
            #expect(!text.contains("<script>"), "\(path)")
            #expect(!text.contains("<iframe"), "\(path)")
            #expect(!text.contains("<img"), "\(path)")
            #expect(!text.contains("javascript:"), "\(path)")
            #expect(!text.contains("\" onmouseover"), "\(path)")
            #expect(!text.contains("onclick"), "\(path)")
        }
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;计划") || page.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;计划"))
    }

    /// A quote followed by a combining mark is one Character: an escaper that compares Characters (as
    /// swift-mustache's own does) leaves the quote bare, and the project name in the page's
    /// `<meta name="description" content="…">` would end the attribute.
    @Test func aQuoteFollowedByACombiningMarkIsEscapedToo() throws {
        var site = SiteFixture()
        site.edit("content/projects/2025/JYJ-2025-001.md", replacing: "name: 学生营养改善计划",
                  with: "name: \"计划\\\"\u{301} onmouseover=\\\"alert(1)\"")
        let (report, fs) = site.build()
        #expect(report.succeeded, "\(report.rendered)")
        func has(_ text: String, _ bytes: String) -> Bool {
            let t = Array(text.utf8), b = Array(bytes.utf8)
            return t.count >= b.count && (0...(t.count - b.count)).contains { Array(t[$0..<($0 + b.count)]) == b }
        }
        // Spelled outside #expect: the macro cannot quote a literal holding a quote and a combining mark.
        let bare = "\"" + "\u{301}", escaped = "计划&quot;" + "\u{301} onmouseover=&quot;alert(1)"
        var pagesWithName = 0
        for (path, text) in fs.outputTexts() where path.hasSuffix(".html") {
            let bareQuote = has(text, bare)
            #expect(!bareQuote, "\(path)")
            if has(text, escaped) { pagesWithName += 1 }
        }
        #expect(pagesWithName > 0)
        let page = try #require(fs.text("public/projects/2025/jyj-2025-001/index.html"))
        let inDescription = has(page, "<meta name=\"description\" content=\"测试市教育局" + escaped)
        #expect(inDescription)
    }

    @Test func aProjectWithoutFundingShowsDashesNotItsGroupTotal() throws {
        var site = SiteFixture()
        site["content/projects/2025/JYJ-2025-009.md"] = "---\ncode: JYJ-2025-009\nname: 无资金项目\nyear: 2025\ndepartment: JYJ\n---\n"
        let (_, fs) = site.build()
        let year = try #require(fs.text("public/years/2025/index.html"))
        let row = try #require(year.components(separatedBy: "<tr>").first { $0.contains("无资金项目") })
        #expect(row.contains("<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">未公开</td>"), "\(row)")
    }

    @Test func everyPageAndLinkOfTheFixtureExists() throws {
        let (report, fs) = SiteFixture().build()
        #expect(report.succeeded)
        let paths = Set(fs.outputTexts().keys)
        for expected in ["index.html", "404.html", "departments/index.html", "departments/jyj/index.html", "departments/czj/index.html",
                         "years/index.html", "years/2025/index.html", "years/2025/compliance/index.html", "projects/2025/jyj-2025-001/index.html",
                         "documents/index.html", "zhengce/banfa/index.html", "assets/style.css", "assets/sort.js",
                         "grades/index.html", "grades/2025/index.html", "grades/2025/cha/index.html",
                         "search/index.html", "glossary/index.html", "data/index.html", "feed.xml", "sitemap.xml", "robots.txt",
                         "search/meta.json", "search/r/0.json", "data/datapackage.json", "verify/index.html", "manifest.json"] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        #expect(report.pagesWritten == 21)
    }
}
