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

    public init(title: String, publisher: String, baseURL: String, language: String = "zh-CN",
                theme: String = "theme", footer: Footer = Footer(),
                gradeScheme: GradeScheme = .national, gradeSchemes: [String: GradeScheme] = [:]) {
        self.title = title
        self.publisher = publisher
        self.baseURL = baseURL
        self.language = language
        self.theme = theme
        self.footer = footer
        self.gradeScheme = gradeScheme
        self.gradeSchemes = gradeSchemes
    }
}
