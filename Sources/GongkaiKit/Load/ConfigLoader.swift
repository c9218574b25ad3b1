import Foundation
import GongkaiCore
import Yams

/// Reads `gongkai.yaml`.
enum ConfigLoader {
    static let fileName = "gongkai.yaml"

    static func load(text: String, file: String, diagnostics: inout DiagnosticList) -> (SiteConfig, MarkdownSource)? {
        let source = YAMLSource(file: file)
        guard let root = source.compose(text, diagnostics: &diagnostics),
              let reader = MappingReader(root, source: source, what: "站点配置", diagnostics: &diagnostics) else { return nil }
        defer { reader.finish(into: &diagnostics) }

        let title = reader.string("title", required: "网站名称")
        let publisher = reader.string("publisher", required: "发布机关")
        var baseURL = reader.string("base_url", required: "网站地址")
        if let url = baseURL {
            if !isValidBaseURL(url) {
                diagnostics.error(.invalidURL, "网站地址“\(url)”无效：应为以 http:// 或 https:// 开头的完整地址，不含“?”“#”、空格、引号、尖括号、用户名密码或控制字符（中文等非 ASCII 字符请用百分号编码，如 %E5%85%AC）",
                                  at: reader.location(of: "base_url"))
            } else if !url.hasSuffix("/") {
                baseURL = url + "/"
            }
        }
        var language = reader.string("language") ?? "zh-CN"
        if !isLanguageTag(language) {
            diagnostics.error(.invalidValue, "网站语言“\(language)”无效：应为语言标记（BCP 47），简体中文写 zh-CN（或 zh、zh-Hans），不写“中文”“zh_CN”；它是每个页面的 lang 属性，读屏软件据此选择朗读语言",
                              at: reader.location(of: "language"))
            language = "zh-CN"
        }
        let intro = reader.markdown("intro")
        let theme = reader.string("theme") ?? "theme"
        if theme.split(separator: "/").contains("..") || theme.hasPrefix("/") {
            diagnostics.error(.unsafeSlug, "主题目录“\(theme)”必须位于站点目录之内", at: reader.location(of: "theme"))
        }

        var footer = SiteConfig.Footer()
        if let f = reader.mapping("footer", what: "页脚信息") {
            footer = SiteConfig.Footer(
                siteCode: f.string("site_code"), icp: f.string("icp"), publicSecurity: f.string("public_security"),
                sponsor: f.string("sponsor"), address: f.string("address"), phone: f.string("phone"))
            f.finish(into: &diagnostics)
        }

        var schemes: [String: GradeScheme] = [GradeScheme.national.name: .national]
        // Schemes defined with errors, already reported where they are: not "undefined" where they are named.
        var refused: Set<String> = []
        // Each band's lower bound where it is written, held to full marks once the scoring frames are read.
        var bandBounds: [BandBound] = []
        if let schemesNode = reader.node("grade_schemes") {
            if let mapping = schemesNode.mapping {
                for (keyNode, bandsNode) in mapping {
                    let name = keyNode.string ?? ""
                    if let scheme = gradeScheme(named: name, bandsNode, source: source, bounds: &bandBounds, diagnostics: &diagnostics) {
                        schemes[name] = scheme
                    } else {
                        refused.insert(name)
                    }
                }
            } else {
                diagnostics.error(.wrongType, "grade_schemes 应为“方案名称: 等级列表”的映射", at: source.location(schemesNode.mark))
            }
        }
        var inForce = GradeScheme.national
        if let name = reader.string("grade_scheme") {
            if let scheme = schemes[name] { inForce = scheme } else if !refused.contains(name) {
                diagnostics.error(.unknownReference, "等级方案“\(name)”未在 grade_schemes 中定义（已定义：\(schemes.keys.sorted().joined(separator: "、"))）",
                                  at: reader.location(of: "grade_scheme"))
            }
        }

        let withheldNotice = reader.string("withheld_notice") ?? SiteConfig.defaultWithheldNotice
        var calendar = DisclosureCalendar(asOf: reader.date("as_of"))
        var scoreRule = ComplianceScoreRule()
        var rubric: ManagementRubric?
        var strict = false
        if let c = reader.mapping("compliance", what: "公开时限与评分规则") {
            calendar.deadlineDays = c.integer("deadline_days", range: 0...365) ?? 20
            if let r = c.mapping("rubric", what: "绩效管理工作考核评分表") {
                rubric = loadRubric(r, source: source, diagnostics: &diagnostics)
                r.finish(into: &diagnostics)
            }
            // Per kind of item: days after the approval, or a calendar date (次年1月底前).
            func rules(_ d: MappingReader) -> [DisclosureCalendar.Requirement: DeadlineRule] {
                var found: [DisclosureCalendar.Requirement: DeadlineRule] = [:]
                for (key, requirement) in [("targets", DisclosureCalendar.Requirement.targets), ("self_evaluation", .selfEvaluation),
                                           ("key_evaluation", .keyEvaluation)] {
                    guard let text = d.string(key) else { continue }
                    if let rule = DeadlineRule(parsing: text) { found[requirement] = rule } else {
                        diagnostics.error(.invalidValue, "公开时限“\(text)”无法识别：应为批复后的天数（如 20）或日期（如 次年1月底前、次年3月31日前）",
                                          at: d.location(of: key))
                    }
                }
                return found
            }
            if let d = c.mapping("deadlines", what: "各类事项的公开时限") {
                calendar.rules = rules(d)
                // Per body: `departments: {ZGH: {self_evaluation: 次年1月底前}}`.
                if let node = d.node("departments"), let mapping = node.mapping {
                    for (key, value) in mapping {
                        guard let code = key.string,
                              let m = MappingReader(value, source: source, what: "部门“\(code)”的公开时限", diagnostics: &diagnostics) else { continue }
                        calendar.departmentRules[code] = rules(m)
                        m.finish(into: &diagnostics)
                    }
                } else if let node = d.node("departments") {
                    diagnostics.error(.wrongType, "departments 应为“部门编码: {targets: …, self_evaluation: …}”的映射", at: source.location(node.mark))
                }
                d.finish(into: &diagnostics)
            }
            strict = c.bool("strict") ?? false
            if let r = c.mapping("score", what: "公开情况评分规则") {
                scoreRule = ComplianceScoreRule(
                    targets: r.decimal("targets") ?? scoreRule.targets, results: r.decimal("results") ?? scoreRule.results,
                    onTime: r.decimal("on_time") ?? scoreRule.onTime,
                    missingDeduction: r.decimal("missing_deduction") ?? scoreRule.missingDeduction)
                r.finish(into: &diagnostics)
            }
            c.finish(into: &diagnostics)
        }
        if let yearsNode = reader.node("years") {
            if let mapping = yearsNode.mapping {
                for (keyNode, valueNode) in mapping {
                    guard let year = keyNode.string.flatMap(Int.init), (1990...2100).contains(year) else {
                        diagnostics.error(.invalidValue, "years 的键应为预算年度（如 2025），这里是“\(keyNode.string ?? "")”",
                                          at: source.location(keyNode.mark))
                        continue
                    }
                    guard let y = MappingReader(valueNode, source: source, what: "\(year)年度批复日期", diagnostics: &diagnostics) else { continue }
                    calendar.years[year] = .init(year: year, budgetApproved: y.date("budget_approved"),
                                                 accountsApproved: y.date("accounts_approved"))
                    y.finish(into: &diagnostics)
                }
            } else {
                diagnostics.error(.wrongType, "years 应为“年度: {budget_approved: …, accounts_approved: …}”的映射",
                                  at: source.location(yearsNode.mark))
            }
        }

        var overrides: [GradeOverride] = []
        for o in mappings(reader.list("grade_scheme_overrides") ?? [], source: source, what: "等级方案适用规则", diagnostics: &diagnostics) {
            let name = o.string("scheme", required: "等级方案名称")
            let department = o.string("department"), evaluation = o.string("evaluation")
            let year = o.integer("year", range: 1990...2100)
            if let name {
                if let scheme = schemes[name] {
                    overrides.append(GradeOverride(department: department, evaluation: evaluation, year: year, scheme: scheme))
                } else if !refused.contains(name) {
                    diagnostics.error(.unknownReference, "等级方案“\(name)”未在 grade_schemes 中定义", at: o.location(of: "scheme"))
                }
            }
            o.finish(into: &diagnostics)
        }
        var frames: [String: ScoringFrame] = [ScoringFrame.national.name: .national, ScoringFrame.comprehensive.name: .comprehensive]
        if let framesNode = reader.node("scoring_frames") {
            if let mapping = framesNode.mapping {
                for (keyNode, frameNode) in mapping {
                    let name = keyNode.string ?? ""
                    guard let f = MappingReader(frameNode, source: source, what: "评分框架“\(name)”", diagnostics: &diagnostics) else { continue }
                    // `row_targets: false`: rows are criteria without a 指标值 (the built-in 综合评价框架's default).
                    let rowTargets = f.bool("row_targets") ?? (frames[name]?.rowsHaveTargets ?? true)
                    var frame = ScoringFrame(name: name, groups: f.strings("groups"), total: f.decimal("total", maxFractionDigits: 4),
                                             bonusCap: f.decimal("bonus_cap", maxFractionDigits: 4), rowsHaveTargets: rowTargets)
                    switch f.string("execution") {
                    case nil, "separate", "单列": frame.separateExecution = true
                    case "in_table", "表内": frame.separateExecution = false
                    case let other?:
                        diagnostics.error(.invalidValue, "评分框架“\(name)”的 execution 应为 separate（预算执行率单列计分）或 in_table（预算执行为表内一级指标），这里是“\(other)”",
                                          at: f.location(of: "execution"))
                    }
                    f.finish(into: &diagnostics)
                    frames[name] = frame
                }
            } else {
                diagnostics.error(.wrongType, "scoring_frames 应为“框架名称: {groups: […], execution: …, total: …}”的映射", at: source.location(framesNode.mark))
            }
        }
        var totalWeight: Decimal = 100, executionWeight: Decimal = 10, threshold: Decimal = 10, recheck: Decimal = 10
        var frame = ScoringFrame.national
        if let scoring = reader.mapping("scoring", what: "评分规则") {
            totalWeight = scoring.decimal("total", maxFractionDigits: 4) ?? 100
            executionWeight = scoring.decimal("execution_weight", maxFractionDigits: 4) ?? 10
            threshold = scoring.decimal("monitoring_threshold", maxFractionDigits: 4) ?? 10
            recheck = scoring.decimal("recheck_threshold", maxFractionDigits: 4) ?? 10
            if let name = scoring.string("frame") {
                if let named = frames[name] { frame = named } else {
                    diagnostics.error(.unknownReference, "评分框架“\(name)”未定义（已定义：\(frames.keys.sorted().joined(separator: "、"))）",
                                      at: scoring.location(of: "frame"))
                }
            }
            scoring.finish(into: &diagnostics)
        }

        unreachableBands(bandBounds, total: totalWeight, frames: frames.values, diagnostics: &diagnostics)

        guard let title, let publisher, let baseURL else { return nil }
        var config = SiteConfig(title: title, publisher: publisher, baseURL: baseURL, language: language, theme: theme,
                                footer: footer, gradeScheme: inForce, gradeSchemes: schemes, calendar: calendar,
                                complianceScore: scoreRule, withheldNotice: withheldNotice, strict: strict)
        config.gradeOverrides = overrides
        config.totalWeight = totalWeight
        config.executionWeight = executionWeight
        config.monitoringThreshold = threshold
        config.recheckThreshold = recheck
        config.scoringFrames = frames
        config.managementRubric = rubric
        config.scoringFrame = frame
        if let notice = reader.string("withdrawn_notice") { config.withdrawnNotice = notice }
        if let key = reader.string("signing_key") {
            // A relative path not starting with ../ lies inside the site folder, which clerks commit and
            // whose content/ and theme are published; the canonical check runs again at build time.
            let parts = key.split(separator: "/", omittingEmptySubsequences: true)
            if !key.hasPrefix("/"), parts.first != ".." {
                diagnostics.error(.signingKey, "签名私钥“\(key)”位于站点目录之内，可能被提交或公开；请把它放在站点目录之外（如 ../keys/gongkai-signing.key）",
                                  at: reader.location(of: "signing_key"))
            } else {
                config.signingKey = key
                config.signingKeyLocation = reader.location(of: "signing_key")
            }
        }
        // Fail closed: unless the publisher chooses to publish them (and be warned), figures from which a
        // withheld score, weight or amount follows exactly are left out.
        switch reader.string("inference") {
        case "warn": config.withholdInferableTotals = false
        case nil, "withhold_totals": config.withholdInferableTotals = true
        case let other?:
            diagnostics.error(.invalidValue, "inference 应为 warn（仅提示）或 withhold_totals（不公开可推算出不予公开得分的总分），这里是“\(other)”",
                              at: reader.location(of: "inference"))
        }
        return (config, intro)
    }

    /// `rubric: {items: [{item, points, per_missing, measure} | {item, points, manual: {部门编码: 分}}], bonuses: [{item, each, counts, cap}], bonus_cap}`.
    private static func loadRubric(_ r: MappingReader, source: YAMLSource, diagnostics: inout DiagnosticList) -> ManagementRubric {
        func numbers(_ m: MappingReader, _ key: String) -> [String: Decimal] {
            guard let node = m.node(key) else { return [:] }
            guard let mapping = node.mapping else {
                diagnostics.error(.wrongType, "\(key) 应为“部门编码: 分数”的映射", at: source.location(node.mark))
                return [:]
            }
            var result: [String: Decimal] = [:]
            for (k, v) in mapping {
                guard let code = k.string, let text = v.string, let value = ExactDecimal.parse(text, maxFractionDigits: 4),
                      value >= 0 else {
                    // Read whole: Decimal(string:) took the digits it could, so `8.5.1` was 8.5 and `9分` was 9.
                    diagnostics.error(.malformedNumber, "\(key) 中的分数应为非负数字", at: source.location(v.mark))
                    continue
                }
                result[code] = value
            }
            return result
        }
        var items: [ManagementRubric.Item] = []
        for m in mappings(r.list("items", required: "评分项目") ?? [], source: source, what: "评分项目", diagnostics: &diagnostics) {
            defer { m.finish(into: &diagnostics) }
            // Every field is read before any is required: one left unread would be reported as unknown besides.
            let name = m.string("item", required: "项目名称"), points = m.decimal("points", required: "分值", maxFractionDigits: 4)
            let deduction = m.decimal("per_missing", maxFractionDigits: 4), measure = m.string("measure"), manual = numbers(m, "manual")
            guard let name, let points else { continue }
            var item = ManagementRubric.Item(name: name, points: points, deduction: deduction ?? 1)
            if let text = measure {
                if let measure = ManagementRubric.Measure(rawValue: text) { item.measure = measure } else {
                    diagnostics.error(.invalidValue, "measure“\(text)”无效，应为 \(ManagementRubric.Measure.allCases.map(\.rawValue).joined(separator: "、"))；gongkai 无法计算的项目请用 manual 录入",
                                      at: m.location(of: "measure"))
                }
            }
            item.manual = manual
            // Shown capped at the item's points, a typo (15 for 10) would be published as a plausible score.
            for (code, value) in item.manual.sorted(by: { $0.key < $1.key }) where value > points {
                diagnostics.error(.invalidValue, "manual 中 \(code) 的分数 \(ExactDecimal.plain(value)) 超过该项分值 \(ExactDecimal.plain(points))",
                                  at: m.location(of: "manual"))
            }
            items.append(item)
        }
        var bonuses: [ManagementRubric.Bonus] = []
        for m in mappings(r.list("bonuses") ?? [], source: source, what: "加分项", diagnostics: &diagnostics) {
            defer { m.finish(into: &diagnostics) }
            let name = m.string("item", required: "加分项名称"), each = m.decimal("each", required: "每次加分", maxFractionDigits: 4)
            let numbered = numbers(m, "counts"), cap = m.decimal("cap", maxFractionDigits: 4)
            guard let name, let each else { continue }
            for (code, value) in numbered.sorted(by: { $0.key < $1.key }) where value != ExactDecimal.rounded(value, scale: 0) {
                diagnostics.error(.malformedNumber, "counts 中 \(code) 的次数 \(ExactDecimal.plain(value)) 不是整数", at: m.location(of: "counts"))
            }
            let counts = numbered.mapValues { NSDecimalNumber(decimal: $0).intValue }
            bonuses.append(.init(name: name, each: each, counts: counts, cap: cap))
        }
        return ManagementRubric(items: items, bonuses: bonuses, bonusCap: r.decimal("bonus_cap", maxFractionDigits: 4))
    }

    /// The characters an address may hold as written (RFC 3986, without `?` and `#`: every page address is
    /// built by appending to it, and a query or fragment would swallow the path). It lands unescaped in
    /// robots.txt, the sitemap and the feed, so a quote, a bracket, a space or a control character is refused.
    private static let urlCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/@!$&'()*+,;=%".unicodeScalars)

    /// A BCP 47 language tag as pages use one: a language of 2 or 3 letters, then subtags of 1 to 8
    /// letters or digits, each after one hyphen (`zh-CN`, `zh-Hans-CN`, `en-GB`). It is the `lang` of every
    /// page and the feed's `xml:lang`, so nothing else may be written there.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.utf8.count),
              first.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.utf8.count)
                && part.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        }
    }

    static func isValidBaseURL(_ text: String) -> Bool {
        guard text.unicodeScalars.allSatisfy(urlCharacters.contains),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty,
              // A user name or password in a published address is a mistake at best.
              url.user == nil, url.password == nil else { return false }
        return true
    }

    /// A grade band's lower bound as written, for `unreachableBands`.
    private struct BandBound {
        let scheme: String
        let grade: String
        let minimum: Decimal
        let basis: GradeBasis
        let at: SourceLocation
    }

    /// GK161 for each band no score can reach: above the largest base total (`scoring.total`, every frame's `total`),
    /// plus the largest cap on 加分项 for a scheme grading the 自评总分. A warning: the scheme is usable, one grade is
    /// never given — most often a digit typed twice.
    private static func unreachableBands(_ bounds: [BandBound], total: Decimal, frames: some Sequence<ScoringFrame>,
                                         diagnostics: inout DiagnosticList) {
        let frames = Array(frames)
        let fullMarks = frames.compactMap(\.total).reduce(total, max)
        let bonus = frames.compactMap(\.bonusCap).reduce(0, max)
        for b in bounds {
            let most = b.basis == .final ? fullMarks + bonus : fullMarks
            guard b.minimum > most else { continue }
            let why = b.basis == .final && bonus > 0 ? "满分 \(fullMarks) 加上加分上限 \(bonus)" : "满分 \(fullMarks)"
            diagnostics.warning(.unreachableGrade,
                                "等级方案“\(b.scheme)”中“\(b.grade)”的下限 \(b.minimum) 高于\(why)，没有项目能得到这个等级；是否多打了一位数字？",
                                at: b.at)
        }
    }

    private static func gradeScheme(named name: String, _ node: YAMLNode, source: YAMLSource, bounds: inout [BandBound],
                                    diagnostics: inout DiagnosticList) -> GradeScheme? {
        let at = source.location(node.mark)
        // A list of bands, or `{basis: 基础总分, bands: […]}` when the scheme grades the base score.
        var bandsNode = node
        var basis = GradeBasis.final
        if node.mapping != nil {
            guard let m = MappingReader(node, source: source, what: "等级方案“\(name)”", diagnostics: &diagnostics) else { return nil }
            if let text = m.string("basis") {
                if let parsed = GradeBasis(parsing: text) { basis = parsed } else {
                    diagnostics.error(.invalidValue, "等级方案“\(name)”的 basis 应为 final（按自评总分）或 base（按基础总分），这里是“\(text)”",
                                      at: m.location(of: "basis"))
                }
            }
            let list = m.node("bands")
            if list == nil { diagnostics.error(.missingField, "等级方案“\(name)”缺少等级列表（bands）", at: at) }
            m.finish(into: &diagnostics)
            guard let list else { return nil }
            bandsNode = list
        }
        guard case let .sequence(items, _) = bandsNode else {
            diagnostics.error(.wrongType, "等级方案“\(name)”应为等级列表，如 - {grade: 优, min: 90}", at: source.location(bandsNode.mark))
            return nil
        }
        // Real schemes have four or five bands. Each band is listed in every GK407 message and has a page per
        // year: 100,000 of them wrote 111 MB of diagnostics for the example site.
        guard items.count <= GradeScheme.maxBands else {
            diagnostics.error(.gradeScheme, "等级方案“\(name)”有 \(items.count) 个等级，最多 \(GradeScheme.maxBands) 个", at: source.location(bandsNode.mark))
            return nil
        }
        var bands: [GradeScheme.Band] = []
        for reader in mappings(items, source: source, what: "等级", diagnostics: &diagnostics) {
            if let grade = reader.grade(required: "等级名称"), let min = reader.decimal("min", required: "分数下限") {
                bands.append(.init(grade: grade, minimum: min, description: reader.string("description")))
                bounds.append(BandBound(scheme: name, grade: grade, minimum: min, basis: basis, at: reader.location(of: "min")))
            }
            reader.finish(into: &diagnostics)
        }
        let scheme = GradeScheme(name: name, bands: bands, basis: basis)
        for problem in scheme.problems { diagnostics.error(.gradeScheme, problem, at: at) }
        return scheme.problems.isEmpty ? scheme : nil
    }
}
