import Foundation
import GongkaiCore
import Testing
@testable import GongkaiKit

/// Withholding notes written on one line with what they mark, and marks in words this round's red team found clerks use.
/// Each was published with exit 0: a note was read only as a short line of its own (at most 24 characters), a bracket
/// held one level's words only, and 暂不公开, 不上网, 涉秘, 机要, 发布前删除, 仅限人大审阅 were no level's words. Each is now
/// GK123 at its line (the build stops), quoting the note and never what follows it.
@Suite("A note on the line it marks")
struct NoteInALineTests {
    static let secret = "青峰指挥所"

    @Test(arguments: [
        "以下内容涉密：青峰指挥所位于北山坑道，共部署18台终端。",
        "以下内容涉及国家秘密，依照《保守国家秘密法》不予公开。青峰指挥所位于北山坑道。",
        "青峰指挥所位于北山坑道，共部署18台终端，由二营负责值守。以上内容涉密。",
        "本项目以下部分内容涉密。青峰指挥所位于北山坑道，共部署18台终端。",
        "（注：以下内容涉及国家秘密，依照保密法规定不予公开，仅报送市人大常委会）青峰指挥所位于北山坑道。",
        "- 以下内容涉密：青峰指挥所位于北山坑道，共部署18台终端，由二营负责值守。",
        "注意：此行涉密，发布前务必删除。青峰指挥所位于北山坑道。",
        "**以下内容涉密**：青峰指挥所位于北山坑道，共部署18台终端。",
        "以下内容仅报送人大：青峰指挥所位于北山坑道。",
        "以下内容不上网：青峰指挥所位于北山坑道。",
        // Found by the second red-team of this round: notes in brackets pointing in other words, a last clause, a symbol pair.
        "青峰指挥所位于北山坑道（此条涉密，请删除）；二是指标库不完善。", "青峰指挥所位于北山坑道（上述内容涉密，勿上网）。",
        "青峰指挥所位于北山坑道（该数据涉密）", "青峰指挥所位于北山坑道（此段不对外）", "青峰指挥所位于北山坑道，涉密。",
        "青峰指挥所位于北山坑道，属内部资料。", "青峰指挥所位于北山坑道 ※涉密※", "青峰指挥所位于北山坑道 ■内部■",
        "青峰指挥所位于北山坑道（仅供参考，不对外）", "青峰指挥所位于北山坑道（个人隐私，不公开）", "青峰指挥所位于北山坑道（敏感）",
        "青峰指挥所位于北山坑道（涉密信息）", "青峰指挥所位于北山坑道。此行发布前删掉", "以下不对外：青峰指挥所位于北山坑道。",
        "以下内部掌握：青峰指挥所位于北山坑道。", "青峰指挥所位于北山坑道（此处需脱敏）",
        "本段待删。青峰指挥所位于北山坑道。",
    ])
    func aNoteBeforeOrAfterItsTextOnOneLineIsAnError(_ line: String) throws {
        let (error, site) = try FailClosedTests.strayMark(line)
        #expect(error.location.line == FailClosedTests.line(of: Self.secret, in: site), "\(error)")
        #expect(!error.message.contains(Self.secret), "\(error.message)")
    }

    /// The same notes in a file saved by Windows Notepad (CRLF line ends) and with a full-width space and colon inside.
    @Test(arguments: ["以下内容涉密：青峰指挥所位于北山坑道。", "青峰指挥所位于北山坑道，涉密。", "青峰指挥所位于北山坑道 ※涉密※",
                      "以下内容　涉密：青峰指挥所位于北山坑道。", "青峰指挥所位于北山坑道（此条涉密，请删除）"])
    func aNoteInAWindowsFileIsAnError(_ line: String) throws {
        var site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        // Counted before the line ends change: Swift reads "\r\n" as one character, which a split on "\n" does not find.
        let expected = try #require(FailClosedTests.line(of: Self.secret, in: site))
        site[FailClosedTests.project] = site[FailClosedTests.project]!.replacingOccurrences(of: "\n", with: "\r\n")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
        #expect(error.location.line == expected, "\(error)")
        #expect(!report.succeeded)
    }

    @Test(arguments: [
        "## 三、青峰指挥所工程（涉密，请勿公开）", "【涉密·内部】青峰指挥所位于北山坑道", "【涉密/内部资料】青峰指挥所位于北山坑道",
        "▲涉密▲", "◆内部资料◆", "（暂不公开）", "【不宜上网】", "（涉秘）", "【机要】", "（发布前删除）", "【仅限人大审阅】",
        "（仅供领导参阅）", "【待脱密】", "（此项目不公开）", "【注意保密】", "青峰指挥所部署方案（涉密，仅供内部参考）",
        "公开属性：不予公开（涉及国家秘密）。",
    ])
    func aMarkInOtherWordsIsAnError(_ line: String) throws {
        let (error, site) = try FailClosedTests.strayMark(line, followedBy: "青峰指挥所位于北山坑道。")
        #expect(error.location.line == FailClosedTests.line(of: line, in: site), "\(error)")
    }

    /// A report's own sentences about withholding and disclosure work stay text: a heading on on-request work, what a
    /// figure leaves out, a public version's note, the project's statement that a report went only to the congress.
    @Test(arguments: [
        "以下为依申请公开办理情况：", "以下是依申请公开的办理流程：", "本部分为依申请公开工作情况。", "以上数据不含依申请公开事项。",
        "以下为公开版本（涉密内容已删除）", "以下为非公开发行债券情况", "以下为敏感信息处理规范：", "以下为内部信息公开工作情况",
        "本项目部门评价报告仅报送市人大常委会，未在本平台公开。", "本项目部分经费按规定不予公开，公开的资金数据不含该部分经费。",
        "对得分在60分以下的项目，不予公开表扬，由主管部门约谈。", "所以下一步将加强保密管理，严格执行涉密人员管理制度和保密工作责任制。",
        "（以下简称涉密项目）按照有关规定管理，其绩效目标和评价结果不在本平台公开，本平台只公开非涉密项目。",
        "保密：签订保密协议，履行保密义务。", "**保密**：签订保密协议，履行保密义务。", "内部：建立健全内部控制制度；外部：主动接受审计监督。",
        "办理结果：不予公开", "答复结果：不公开", "以下情形不予公开：",
        "本年度不予公开1件（属于国家秘密）。", "答复不予公开（涉及国家秘密）", "1. 属于国家秘密", "- 涉及商业秘密",
        // Found by the second red-team: a pointer's characters starting a longer word, a report's sentences about decisions,
        // a secrecy office's topics and a definition.
        "本行政区域内涉密单位的绩效信息不予公开。", "本行业涉密企业的补助资金按规定不予公开。", "本节约资金中涉及国防动员的部分不予公开。",
        "以上年度不予公开事项为基数，本年度下降20%。", "以下达的依申请公开指标为准。", "此处理结果为不予公开。", "本章节所称不予公开，依照《条例》执行。",
        "以上不予公开的申请，均已依法向申请人书面说明理由并告知救济途径。", "以上3件不予公开事项，均由申请人撤回复议申请。",
        "以下为不予公开的具体理由统计。", "此段时期内，依申请公开数量同比增长15%。", "### 以上不予公开事项的原因分析",
        "上文提到的不予公开情形，以《条例》第十四条为准。", "此处“涉密”系指涉及国家秘密。", "以下涉密人员应当签订保密承诺书：",
        "以上涉密载体已全部清退。", "**不予公开的理由**：依据《条例》第十四条，属于国家秘密。", "经审查，不予公开。",
        // Found by the third red-team: a redaction done, 不对外 in its everyday sense, a submission instruction, the grades listed.
        "以下访谈记录已脱敏处理。", "以上个人信息已脱敏。", "以下为脱敏后的数据。", "（以上数据已脱敏）", "以下场所不对外开放。",
        "以上活动不对外开放，仅限本会会员参加。", "以上材料仅报市财政局备案。", "国家秘密的密级分为：绝密，机密，秘密",
        "该系统部署于电子政务内网，属内部。",
    ])
    func aReportsOwnSentenceStays(_ line: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
    }

    /// Found by the red-teams and left open last round, now GK123: a mark in brackets inside a sentence, with the marked words
    /// after it; a document's publication note (an official document's `（此件不予公开）`, `本通知不对外公开。`); a project said
    /// to be secret; `上述内容` and `下列内容` pointing on a long line; a note in Traditional characters; a circulation note.
    @Test(arguments: [
        "北山营区改造工程MNAA（不宜公开）青峰指挥所位于北山坑道，投资860万元。", "青峰指挥所（涉密）位于北山坑道，投资860万元。",
        "北山营区（内部资料）青峰指挥所改造工程投资860万元，由市财政局拨付。", "项目名称：青峰指挥所（秘密★1年）改造，投资860万元。",
        "本项目涉密，青峰指挥所位于北山坑道。", "本项目属于涉密项目。青峰指挥所位于北山坑道。",
        "此通知不公开发布。青峰指挥所位于北山坑道。", "本通知不对外公开，青峰指挥所位于北山坑道。", "此件不予公开，仅供人大代表审阅。青峰指挥所位于北山坑道。",
        "本报告为内部资料，请勿外传。青峰指挥所位于北山坑道。", "青峰指挥所位于北山坑道。上述内容涉及国家秘密，依法不予公开。",
        "下列内容属于内部资料：青峰指挥所位于北山坑道，投资860万元，由某部队负责实施，预计2026年完工并交付使用。",
        "這段涉密：青峰指挥所位于北山坑道，投资860万元。", "青峰指挥所位于北山坑道，投资860万元（限人大）",
        // The fourth red-team's, on this round's first reading: other documents, projects and pointers; a level then an
        // instruction; a label; a mark in brackets with a verb, an explanation or punctuation; circulation notes.
        "本函不予公开。青峰指挥所位于北山坑道。", "本纪要涉密。青峰指挥所位于北山坑道。", "（本方案涉密）青峰指挥所位于北山坑道。",
        "本表不予公开。青峰指挥所位于北山坑道。", "此页涉密。青峰指挥所位于北山坑道。", "上述数据涉密，请勿公开。青峰指挥所位于北山坑道。",
        "本项目不予公开。青峰指挥所位于北山坑道。", "本项目内容涉密。青峰指挥所位于北山坑道。", "本工程涉密。青峰指挥所位于北山坑道。",
        "下面的内容请勿公开。青峰指挥所位于北山坑道。", "前面这段涉密。青峰指挥所位于北山坑道。", "本报告仅供内部参考，请勿公开。青峰指挥所位于北山坑道。",
        "青峰指挥所位于北山坑道，涉密，请勿公开。", "青峰指挥所涉密，请勿公开。", "青峰指挥所位于北山坑道，内部资料勿外传。", "注：涉密，勿公开。青峰指挥所位于北山坑道。",
        "不公开：青峰指挥所位于北山坑道。", "涉密部分：青峰指挥所位于北山坑道。", "仅供内部参考：青峰指挥所位于北山坑道。", "待删：青峰指挥所位于北山坑道。",
        "青峰指挥所（属于涉密项目）位于北山坑道。", "青峰指挥所（涉密工程）位于北山坑道。", "青峰指挥所（涉密，含坑道坐标）位于北山坑道。",
        "青峰指挥所（涉密！）位于北山坑道。", "青峰指挥所（密级：秘密）位于北山坑道。", "青峰指挥所（勿上网）位于北山坑道。",
        "（仅供人大代表参阅）青峰指挥所位于北山坑道。", "青峰指挥所位于北山坑道 // 涉密", "本项目涉密，具体内容不予公开。青峰指挥所位于北山坑道。",
    ])
    func aMarkInsideASentenceOrADocumentsNoteIsAnError(_ line: String) throws {
        let (error, site) = try FailClosedTests.strayMark(line)
        #expect(error.location.line == FailClosedTests.line(of: Self.secret, in: site), "\(error)")
        #expect(!error.message.contains(Self.secret), "\(error.message)")
    }

    /// Brackets inside a report's sentence that describe rather than mark stay text: a grade, the grades listed, what a count
    /// holds, a ground for a decision, a gloss on a level's word, two kinds of spending, a marking named or quoted, privacy, a
    /// law's edition; and sentences about a document that mark nothing (a third party's limit on its report's use, where
    /// figures came from, a narrative pointing back with 该文件, a project said not to be secret).
    @Test(arguments: [
        "按照《中华人民共和国保守国家秘密法》（2024年修订）要求，做好定密工作。", "全年主动公开政府信息（含政策文件）120条，依申请公开（含转办）15件。",
        "其中不予公开（属于国家秘密）1件，不予公开（涉及商业秘密）2件。", "全年清退涉密（秘密级）文件12份，涉密载体（机密级）3件。",
        "依法依规做好涉密（敏感）信息的公开前保密审查。", "重点领域（国防、保密）支出增长5%。", "涉密信息系统（涉密部分除外）运维经费30万元。",
        "在文件首页标注“（内部资料）”字样的，不得上网。", "在封面标注【秘密】标志后，按规定报送。", "国家秘密分为（绝密、机密、秘密）三级，按规定管理。",
        "爱心人士（个人隐私，不公开）捐赠5000元。", "加强机要（保密）通信建设，投入资金10万元。", "是否涉密（是/否）栏填写“否”。",
        "本报告仅供青川市财政局内部使用，不作其他用途。", "以上数据来源于部门内部资料。", "以上数据来源：部门内部资料。",
        "经保密行政管理部门鉴定，该文件属于国家秘密，密级为机密。", "本项目部分经费按规定不予公开。", "本项目不涉密，全部内容主动公开。",
        "本项目涉密部分已删除，其余内容主动公开。", "本文件不涉及国家秘密。", "本通知自印发之日起施行。", "此件公开发布。", "上述问题已全部整改到位。",
        "下面对涉密人员管理情况作简要说明。",
        // The fourth red-team's, on this round's first reading: a publication's kind after its title, an article's subject, a
        // speech's or a report's opening, a rule's condition, a grade or a level's word used as a gloss, a note that part was
        // left out, a document's topic, a budget draft's header, an item said to be withheld.
        "全年编发《财政信息》（内部资料）52期，被市委、市政府采用18条。", "编印《审计要情》（内部）24期，报送市领导参阅。",
        "本机关依据《政府信息公开条例》第十四条（国家秘密）、第十五条（第三方合法权益）作出不予公开决定。",
        "下面将我局2023年度保密工作情况报告如下，请审阅。", "下面，就做好今年保密工作讲几点意见。", "下面是各单位报送的保密工作自查情况汇总，共检查涉密计算机86台。",
        "上述内容涉及国家秘密的，不得公开。", "前述内容涉及国家秘密的，不得在互联网上发布。",
        "下列内容属于国家秘密，不得在互联网上发布：涉及国防和武装力量活动中的秘密事项、国民经济和社会发展中的秘密事项等。",
        "依据《中华人民共和国保守国家秘密法》（以下简称《保密法》）第九条，下列事项应当确定为国家秘密。",
        "部门预算项目支出绩效目标表（部分项目涉及国家秘密，不予公开）。", "对涉密载体（秘密）实行全生命周期管理。", "2023年度定密事项（秘密）共计13项。",
        "文件密级（秘密）、紧急程度（特急）应当在版头标注。", "招标控制价（保密）在开标前不得泄露。", "评标委员会成员名单在中标结果确定前应当保密（不公开）。",
        "资格审查结果（内部）已报采购人确认。", "本次会议为内部会议（不对外），请与会人员注意保密。", "请各单位按时报送工作总结（内部材料）至局办公室。",
        "涉密计算机（秘密级）12台已全部安装防护软件。", "本文件中涉及的内部资料，请各单位妥善保管。", "本文中涉及的秘密事项范围以国家保密局规定为准。",
        "本材料仅供人大代表审议时参考。", "注：根据保密要求，本表部分数据（涉密）未予公开。", "外交支出（类）对外援助（款）（涉密）不予公开。",
        "附件5：涉密项目清单（略）", "（附件5涉及国家秘密，未予公开）", "公开属性：依申请公开（不予主动公开）。", "经审查，申请内容涉密，不予公开。", "本表仅报送汇总数。",
        // The fifth red-team's (genuine lines of procurement notices, final accounts, evaluation reports and secrecy rules).
        "本项目属于涉密项目，采用单一来源方式采购。", "本工程属于涉密工程，按规定不进行公开招标。", "该项目属于涉密项目，绩效自评报告不予公开。",
        "本项目涉及国家秘密，按规定不公开采购需求。", "采购内容：台式计算机（涉密）5台，保密柜2个。", "[3] ××市财政局.××市预算绩效管理工作手册（内部资料）[Z].2022.",
        "评价组查阅了项目单位提供的会议记录（内部资料）、合同、验收报告等资料。", "对于不宜公开的信息，可标注“内部资料，请勿外传”。",
        "部分单位在非涉密文件上随意标注“内部资料，勿外传”，造成定密不规范。", "本表涉及国家秘密的数据已作技术处理。", "本表数据已剔除涉密部分。",
        "上述内容中涉及个人隐私的部分不予公开。", "上述数据按规定不对外公开的部分已作删除处理。", "下列内容不宜公开的部分已删除：", "本表不公开个人身份证号码。",
        "答复类型：不予公开", "告知类型：不予公开", "答复情况：不予公开",
    ])
    func aDescribingBracketOrADocumentsSentenceStays(_ line: String) {
        let site = FailClosedTests.site(narrative: "公开的开头。\n\n\(line)\n\n公开的结尾。")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(line): \(report.rendered)")
    }

    /// A count by level (`| 秘密 | 15 |`, a secrecy office's table of media returned) and a form's answer (`| 涉密 | 否 |`) are
    /// data: a cell of its own marks only beside words it would mark.
    @Test func aTableOfFiguresByLevelStaysData() {
        let site = FailClosedTests.site(narrative: "| 密级 | 清退涉密载体数量（件） |\n| --- | --- |\n| 秘密 | 15 |\n| 机密 | 3 |\n| 内部 | 40 |\n\n| 项目 | 情况 |\n|---|---|\n| 涉密 | 否 |")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
    }

    /// A plain text field and a YAML comment holding a long note: the field is withheld, the comment is GK123.
    @Test func aLongNoteInAFieldOrACommentIsAnError() throws {
        var site = SiteFixture()
        site.edit(FailClosedTests.project, replacing: "  grade: 差", with: "  grade: 差\n  problems: 以下内容涉密：青峰指挥所位于北山坑道，共部署18台终端。")
        let report = site.check()
        let error = try #require(report.diagnostics.first { $0.code == .unknownDisclosureLevel }, "\(report.rendered)")
        #expect(error.location.line == FailClosedTests.line(of: "problems:", in: site))
        #expect(!FailClosedTests.disclosedText(site).contains(Self.secret))

        for comment in ["# 以下指标涉及国家秘密，依照保密法规定不予公开，公开前删除", "# 注意：此行涉密，发布前务必删除或加disclosure",
                        "# 这句发布前删掉", "# 北山这段别上网", "# 仅报人大", "# 待脱敏"] {
            var commented = SiteFixture()
            commented.edit(FailClosedTests.project, replacing: "              basis: 学籍统计", with: "              basis: 学籍统计  \(comment)")
            #expect(commented.check().first(.unknownDisclosureLevel)?.message.contains("不起作用") == true, "\(comment)")
        }
    }

    /// A reason beside `level: public` naming what is withheld or how (`涉及军事设施`, `不上网`, `仅向市人大报送`) contradicts it.
    @Test(arguments: ["资金来源及用途涉及军事事项", "涉及军事设施", "不上网", "仅向市人大报送"])
    func aPublicLevelsReasonNamingASubjectIsAnError(_ reason: String) throws {
        var site = SiteFixture()
        site.edit(FailClosedTests.project, replacing: "              basis: 学籍统计", with: "              basis: {value: 鼷鼯鼱口径, disclosure: {level: public, reason: \(reason)}}")
        let error = try #require(site.check().first(.unknownDisclosureLevel), "\(reason)")
        #expect(error.message.contains("理由"))
    }

    /// A name listing a kind and its opposite names a kind of spending, not a mark.
    @Test(arguments: ["涉密/非涉密计算机购置", "内部/外部审计费用"])
    func aNameOfAKindAndItsOppositeStays(_ name: String) {
        var site = SiteFixture()
        site.edit(FailClosedTests.project, replacing: "name: 学生营养改善计划", with: "name: \(name)")
        let report = site.check()
        #expect(!report.diagnostics.contains { $0.code == .unknownDisclosureLevel }, "\(name): \(report.rendered)")
    }
}
