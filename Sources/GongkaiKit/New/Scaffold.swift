import Foundation
import GongkaiCore
import GongkaiRender
#if canImport(Glibc)
import Glibc
#endif

/// 新建站点 — `gongkai new` and `gongkai theme export`: files written into a folder that must be
/// empty or missing, so that nothing a user made is ever overwritten.
public enum Scaffold {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes a minimal site that builds with no warnings (it uses the built-in theme). Returns the paths written.
    @discardableResult
    public static func newSite(at folder: String) throws -> [String] {
        // A site inside another site's folder would be read as that site's content, theme or output.
        if !folder.trimmed.isEmpty, let outer = enclosingSite(of: folder) {
            throw Refusal(description: "\(folder) 在已有站点 \(outer) 之内（那里有 gongkai.yaml），未写入新站点；请在站点文件夹之外新建")
        }
        return try write(siteFiles.map { ($0.path, Data($0.text.utf8)) }, into: folder, what: "新站点")
    }

    /// The nearest folder above `folder` holding a gongkai.yaml, if any: above the path as written and above
    /// its real path (symbolic links resolved from the deepest part that exists), since a link can lead
    /// into another site's `content/`.
    static func enclosingSite(of folder: String) -> String? {
        let written = URL(fileURLWithPath: folder).standardizedFileURL
        func above(_ start: URL) -> String? {
            var url = start
            while url.path != "/" && !url.path.isEmpty {
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("gongkai.yaml").path) { return url.path }
                url = url.deletingLastPathComponent()
            }
            return nil
        }
        if let outer = above(written.deletingLastPathComponent()) { return outer }
        // The deepest existing part, resolved; what does not exist yet is appended as written.
        var existing = written, rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        guard let resolved = realpath(existing.path, nil) else { return nil }
        defer { free(resolved) }
        var real = URL(fileURLWithPath: String(cString: resolved))
        for part in rest { real.appendPathComponent(part) }
        return above(real.deletingLastPathComponent())
    }

    /// `folder` as it can be pasted after `cd` in a shell: quoted when it holds spaces or shell
    /// characters, and never read as an option.
    public static func shellWord(_ folder: String) -> String {
        let path = folder.hasPrefix("-") ? "./" + folder : folder
        let plain = path.unicodeScalars.allSatisfy {
            $0.value > 0x7F ? !$0.properties.isWhitespace : CharacterSet.alphanumerics.contains($0) || "-_./".unicodeScalars.contains($0)
        }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Writes the built-in theme (`templates/`, `assets/`) for a publisher who wants to change it.
    @discardableResult
    public static func exportTheme(to folder: String) throws -> [String] {
        try write(BuiltinTheme.files, into: folder, what: "主题")
    }

    private static func write(_ files: [(path: String, data: Data)], into folder: String, what: String) throws -> [String] {
        // An empty name (`gongkai new "$NAME"` with NAME unset) would mean the current folder.
        guard !folder.trimmed.isEmpty else { throw Refusal(description: "没有给出文件夹名，未写入\(what)；请写明要新建的文件夹，如 gongkai new 我的站点") }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: folder), (try? manager.destinationOfSymbolicLink(atPath: folder)) != nil {
            throw Refusal(description: "\(folder) 是指向不存在位置的符号链接，未写入\(what)；请指定一个新的或空的文件夹")
        }
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Refusal(description: "\(folder) 已存在且不是文件夹，未写入\(what)") }
            // Hidden files count too: a folder holding only .git is someone's repository.
            let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            guard entries.isEmpty else {
                throw Refusal(description: "文件夹 \(folder) 不是空的，为免覆盖已有文件，未写入\(what)；请指定一个新的或空的文件夹")
            }
        }
        let fs = DiskFileSystem()
        for file in files { try fs.write(file.data, to: joinPath(folder, file.path)) }
        return files.map(\.path)
    }

    /// The new site. Dates are fixed so that `gongkai new` always writes the same bytes.
    static let siteFiles: [(path: String, text: String)] = [
        (".gitignore", """
        # gongkai 生成的网站和预览文件，不必提交
        public/
        .public.*
        .gongkai-serve/
        .gongkai/
        # 被中断的 gongkai deploy 可能留下的锁文件（不是锁，下次发布会删去）
        .publication-record.yaml.lock

        """),
        ("gongkai.yaml", """
        # 站点配置。以 # 开头的行是说明，不影响生成。
        # 改完后运行 gongkai serve 预览，gongkai build 生成网站（在 public/ 中）。

        # 网站名称，显示在每页顶部和浏览器标签上
        title: 示例市预算绩效信息公开平台
        # 主办（发布）机关
        publisher: 示例市财政局
        # 网站正式地址，以 http:// 或 https:// 开头
        base_url: https://example.gov.cn/
        language: zh-CN
        # 首页简介，可用 Markdown（**加粗**、列表、链接）
        intro: |
          本平台集中公开示例市市级部门和单位重大政策和项目的绩效目标、绩效自评结果和财政重点评价报告。
        # 页脚：网站标识码、ICP 备案号等，按本单位实际填写
        footer:
          site_code: "0000000000"
          icp: 示ICP备00000000号
          sponsor: 示例市财政局
        # 预算、决算批复日期：绩效目标在预算批复后、自评结果在决算批复后的规定日数内公开。
        # 填写后，gongkai check 会检查每个项目是否按时公开。
        # years:
        #   2025: {budget_approved: 2025-02-05, accounts_approved: 2026-04-05}
        # 主题：默认使用内置主题，不需要 theme/ 文件夹。要修改样式或模板，运行
        #   gongkai theme export theme
        # 然后只保留要修改的文件：theme/ 中的文件逐个替换内置主题的同名文件。

        """),
        ("content/organisations.yaml", """
        # 部门和单位。项目文件中的 department、unit 填这里的代码。
        departments:
          - code: CZJ
            name: 示例市财政局
            units:
              - code: CZJ-01
                name: 示例市财政局本级

        """),
        ("content/projects/2025/CZJ-001.md", """
        ---
        # 一个项目一个文件，放在 content/projects/<年度>/ 下。
        code: CZJ-001
        name: 预算绩效管理第三方技术服务
        year: 2025
        department: CZJ
        unit: CZJ-01
        funding:
          unit: 万元
          lines:
            - source: 财政拨款
              initial: 120
              budget: 120
        # 绩效目标：随预算公开
        targets:
          published: 2025-02-18
          goal: 委托第三方机构审核市级部门预算项目绩效目标，提升绩效目标编制质量。
          indicators:
            - name: 产出指标
              weight: 50
              children:
                - name: 数量指标
                  children:
                    - name: 审核项目数
                      target: ≥300个
                      weight: 50
            - name: 效益指标
              weight: 30
              children:
                - name: 社会效益指标
                  children:
                    - name: 绩效目标修改完善率
                      target: ≥90%
                      weight: 30
            - name: 满意度指标
              weight: 10
              children:
                - name: 服务对象满意度指标
                  children:
                    - name: 部门满意度
                      target: ≥90%
                      weight: 10
        ---
        项目说明写在这里，可用 Markdown。

        """),
        ("content/pages/guanyu.md", """
        ---
        title: 关于本平台
        date: 2025-01-01
        category: 办事指南
        summary: 本平台公开的内容和查阅方法。
        ---
        本平台公开示例市市级部门和单位的预算绩效信息。对公开内容有疑问的，请与示例市财政局联系。

        """),
    ]
}
