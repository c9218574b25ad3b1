import Foundation

/// 站点配置 — the facts of `gongkai.yaml` that every page may show. Holds nothing withheld.
public struct SiteConfig: Sendable, Hashable {
    /// 网站页脚 — what Chinese government sites show at the bottom of every page.
    public struct Footer: Sendable, Hashable {
        public var siteCode: String?        // 网站标识码
        public var icp: String?             // ICP备案号
        public var publicSecurity: String?  // 公安机关备案号
        public var sponsor: String?         // 主办单位
        public var address: String?
        public var phone: String?
        public init(siteCode: String? = nil, icp: String? = nil, publicSecurity: String? = nil,
                    sponsor: String? = nil, address: String? = nil, phone: String? = nil) {
            self.siteCode = siteCode
            self.icp = icp
            self.publicSecurity = publicSecurity
            self.sponsor = sponsor
            self.address = address
            self.phone = phone
        }
    }

    public var title: String
    public var publisher: String
    /// Absolute http(s) URL ending in `/`.
    public var baseURL: String
    public var language: String
    /// Theme folder, relative to the site folder.
    public var theme: String
    public var footer: Footer
    /// The scheme in force site-wide.
    public var gradeScheme: GradeScheme
    /// Every named scheme, for departments that name their own.
    public var gradeSchemes: [String: GradeScheme]
    /// Schemes in force for particular bodies, evaluation types or years (see `gradeScheme(department:evaluation:year:)`).
    public var gradeOverrides: [GradeOverride] = []
    /// 自评总分 — what the weights of a self-evaluation add up to (default 100).
    public var totalWeight: Decimal = 100
    /// 预算执行率分值 — the default weight of budget execution in a self-evaluation (10; 20 in some places).
    public var executionWeight: Decimal = 10
    /// 评分框架 — every named frame; the national and the comprehensive frame are always defined.
    public var scoringFrames: [String: ScoringFrame] = [ScoringFrame.national.name: .national,
                                                        ScoringFrame.comprehensive.name: .comprehensive]
    /// The frame a self-evaluation is scored in unless it names another (`scoring.frame`).
    public var scoringFrame: ScoringFrame = .national
    /// 抽查复核 — a re-check score differing from the self-score by more than this many points is flagged.
    public var recheckThreshold: Decimal = 10
    /// 预警阈值 — a monitoring checkpoint warns when actual execution lags the plan by more than this many percentage points.
    public var monitoringThreshold: Decimal = 10
    /// Approval dates and the deadline rule for required items.
    public var calendar: DisclosureCalendar
    /// 公开情况评分规则 — how a department's disclosure is scored on the compliance page.
    public var complianceScore: ComplianceScoreRule
    /// 绩效管理工作考核评分表 — when set, scores each department on the compliance page instead of `complianceScore`.
    public var managementRubric: ManagementRubric? = nil
    /// Sentence shown on a page some of whose parts are withheld (without saying what).
    public var withheldNotice: String
    /// Missing, late or empty required items are errors rather than warnings.
    public var strict: Bool
    /// `inference: withhold_totals` (the default) — when a withheld indicator's score, weight or amount
    /// could be computed from published totals, leave those totals out; `inference: warn` publishes them
    /// with GK308.
    public var withholdInferableTotals = true
    /// `signing_key:` — the Ed25519 private key that signs `manifest.json`, as written (relative to the
    /// site folder); never inside the site folder or any output, never published.
    public var signingKey: String?
    /// Where `signing_key:` is written, for the diagnostics about the key (GK007).
    public var signingKeyLocation: SourceLocation?
    /// The public half of the signing key, set by the pipeline once the key is read, for the 公开验证 page.
    public var verificationKey: VerificationKey?
    /// 更新记录 — read from publication-record.yaml by the pipeline when present (titles left out).
    public var publicationHistory: PublicationHistory?
    /// `withdrawn_notice:` — the reason shown on the notice page at a withdrawn item's old address.
    public var withdrawnNotice = SiteConfig.defaultWithdrawnNotice
    public static let defaultWithdrawnNotice = "该信息已按有关规定撤回，不再公开。"

    /// 基础总分 of a frame: its own total, else the site's.
    public func baseTotal(of frame: ScoringFrame) -> Decimal { frame.total ?? totalWeight }

    public static let defaultWithheldNotice = "根据有关规定，本项目部分内容不予公开。"

    public init(title: String, publisher: String, baseURL: String, language: String = "zh-CN",
                theme: String = "theme", footer: Footer = Footer(),
                gradeScheme: GradeScheme = .national, gradeSchemes: [String: GradeScheme] = [:],
                calendar: DisclosureCalendar = DisclosureCalendar(), complianceScore: ComplianceScoreRule = ComplianceScoreRule(),
                withheldNotice: String = SiteConfig.defaultWithheldNotice, strict: Bool = false) {
        self.title = title
        self.publisher = publisher
        self.baseURL = baseURL
        self.language = language
        self.theme = theme
        self.footer = footer
        self.gradeScheme = gradeScheme
        self.gradeSchemes = gradeSchemes
        self.calendar = calendar
        self.complianceScore = complianceScore
        self.withheldNotice = withheldNotice
        self.strict = strict
    }
}

/// 公开情况评分规则 — points for publishing targets and self-evaluation results, for publishing on
/// time, and a deduction per missing item; the score never goes below zero.
public struct ComplianceScoreRule: Sendable, Hashable {
    public var targets: Decimal
    public var results: Decimal
    public var onTime: Decimal
    public var missingDeduction: Decimal

    public init(targets: Decimal = 50, results: Decimal = 40, onTime: Decimal = 10, missingDeduction: Decimal = 5) {
        self.targets = targets
        self.results = results
        self.onTime = onTime
        self.missingDeduction = missingDeduction
    }

    /// score = targets × published/required + results × published/required + onTime × onTime/published
    ///         − missingDeduction × missing, at least 0, rounded to two decimals. A share with nothing
    ///         required earns its full points.
    public func score(targetsRequired: Int, targetsPublished: Int, resultsRequired: Int, resultsPublished: Int,
                      published: Int, publishedOnTime: Int, missing: Int) -> Decimal {
        func share(_ part: Int, _ whole: Int) -> Decimal { whole == 0 ? 1 : Decimal(part) / Decimal(whole) }
        let raw = targets * share(targetsPublished, targetsRequired) + results * share(resultsPublished, resultsRequired)
            + onTime * share(publishedOnTime, published) - missingDeduction * Decimal(missing)
        return ExactDecimal.rounded(max(0, raw), scale: 2)
    }
}

/// 公开验证密钥 — the public key that checks the site's signed manifest, as published on the site.
public struct VerificationKey: Sendable, Hashable {
    /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), readable by OpenSSL.
    public var pem: String
    /// SHA-256 of the raw 32-byte key, hex, for reading aloud or printing in a gazette.
    public var fingerprint: String
    public init(pem: String, fingerprint: String) {
        self.pem = pem
        self.fingerprint = fingerprint
    }
}
