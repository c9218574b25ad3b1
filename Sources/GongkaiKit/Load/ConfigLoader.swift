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
                diagnostics.error(.invalidURL, "网站地址“\(url)”无效：应为以 http:// 或 https:// 开头的完整地址，不含“?”和“#”",
                                  at: reader.location(of: "base_url"))
            } else if !url.hasSuffix("/") {
                baseURL = url + "/"
            }
        }
        let language = reader.string("language") ?? "zh-CN"
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
        if let schemesNode = reader.node("grade_schemes") {
            if let mapping = schemesNode.mapping {
                for (keyNode, bandsNode) in mapping {
                    let name = keyNode.string ?? ""
                    if let scheme = gradeScheme(named: name, bandsNode, source: source, diagnostics: &diagnostics) {
                        schemes[name] = scheme
                    }
                }
            } else {
                diagnostics.error(.wrongType, "grade_schemes 应为“方案名称: 等级列表”的映射", at: source.location(schemesNode.mark))
            }
        }
        var inForce = GradeScheme.national
        if let name = reader.string("grade_scheme") {
            if let scheme = schemes[name] { inForce = scheme } else {
                diagnostics.error(.unknownReference, "等级方案“\(name)”未在 grade_schemes 中定义（已定义：\(schemes.keys.sorted().joined(separator: "、"))）",
                                  at: reader.location(of: "grade_scheme"))
            }
        }

        let withheldNotice = reader.string("withheld_notice") ?? SiteConfig.defaultWithheldNotice
        var calendar = DisclosureCalendar(asOf: reader.date("as_of"))
        var scoreRule = ComplianceScoreRule()
        var strict = false
        if let c = reader.mapping("compliance", what: "公开时限与评分规则") {
            calendar.deadlineDays = c.integer("deadline_days", range: 0...365) ?? 20
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
                } else {
                    diagnostics.error(.unknownReference, "等级方案“\(name)”未在 grade_schemes 中定义", at: o.location(of: "scheme"))
                }
            }
            o.finish(into: &diagnostics)
        }
        var totalWeight: Decimal = 100, executionWeight: Decimal = 10, threshold: Decimal = 10
        if let scoring = reader.mapping("scoring", what: "评分规则") {
            totalWeight = scoring.decimal("total", maxFractionDigits: 4) ?? 100
            executionWeight = scoring.decimal("execution_weight", maxFractionDigits: 4) ?? 10
            threshold = scoring.decimal("monitoring_threshold", maxFractionDigits: 4) ?? 10
            scoring.finish(into: &diagnostics)
        }

        guard let title, let publisher, let baseURL else { return nil }
        var config = SiteConfig(title: title, publisher: publisher, baseURL: baseURL, language: language, theme: theme,
                                footer: footer, gradeScheme: inForce, gradeSchemes: schemes, calendar: calendar,
                                complianceScore: scoreRule, withheldNotice: withheldNotice, strict: strict)
        config.gradeOverrides = overrides
        config.totalWeight = totalWeight
        config.executionWeight = executionWeight
        config.monitoringThreshold = threshold
        if let key = reader.string("signing_key") {
            // A relative path not starting with ../ lies inside the site folder, which clerks commit and
            // whose content/ and theme are published; the canonical check runs again at build time.
            let parts = key.split(separator: "/", omittingEmptySubsequences: true)
            if !key.hasPrefix("/"), parts.first != ".." {
                diagnostics.error(.signingKey, "签名私钥“\(key)”位于站点目录之内，可能被提交或公开；请把它放在站点目录之外（如 ../keys/gongkai-signing.key）",
                                  at: reader.location(of: "signing_key"))
            } else {
                config.signingKey = key
            }
        }
        switch reader.string("inference") {
        case nil, "warn": break
        case "withhold_totals": config.withholdInferableTotals = true
        case let other?:
            diagnostics.error(.invalidValue, "inference 应为 warn（仅提示）或 withhold_totals（不公开可推算出不予公开得分的总分），这里是“\(other)”",
                              at: reader.location(of: "inference"))
        }
        return (config, intro)
    }

    static func isValidBaseURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, !text.contains(" "),
              // Every page address is built by appending to it: a query or fragment would swallow the path.
              !text.contains("?"), !text.contains("#") else { return false }
        return true
    }

    private static func gradeScheme(named name: String, _ node: Node, source: YAMLSource,
                                    diagnostics: inout DiagnosticList) -> GradeScheme? {
        let at = source.location(node.mark)
        guard case let .sequence(items) = node else {
            diagnostics.error(.wrongType, "等级方案“\(name)”应为等级列表，如 - {grade: 优, min: 90}", at: at)
            return nil
        }
        var bands: [GradeScheme.Band] = []
        for reader in mappings(Array(items), source: source, what: "等级", diagnostics: &diagnostics) {
            if let grade = reader.string("grade", required: "等级名称"), let min = reader.decimal("min", required: "分数下限") {
                bands.append(.init(grade: grade, minimum: min))
            }
            reader.finish(into: &diagnostics)
        }
        let scheme = GradeScheme(name: name, bands: bands)
        for problem in scheme.problems { diagnostics.error(.gradeScheme, problem, at: at) }
        return scheme.problems.isEmpty ? scheme : nil
    }
}
