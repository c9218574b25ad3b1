import Foundation
import GongkaiCore
import Mustache

/// 主题 — Mustache templates (`templates/**.mustache`) and static files (`assets/**`) of a theme folder.
/// Templates are registered by their path without extension (`partials/footer`).
public struct Theme: Sendable {
    public let library: MustacheLibrary
    /// Static files to copy into `assets/`, sorted by path.
    public let assets: [(path: String, data: Data)]

    /// Templates every theme must provide.
    public static let requiredTemplates = ["home", "departments", "department", "years", "year", "compliance", "project",
                                           "documents", "page", "404", "grades", "grade-year", "grade", "search", "glossary", "data", "verify"]

    public static func load(fileSystem fs: FileSystem, folder: String, display: String) -> (Theme?, DiagnosticList) {
        var diagnostics = DiagnosticList()
        let templateFolder = joinPath(folder, "templates")
        guard fs.isDirectory(templateFolder) else {
            diagnostics.error(.themeTemplate, "找不到主题模板目录 \(joinPath(display, "templates"))（在 gongkai.yaml 的 theme 中设置主题目录）",
                              at: SourceLocation(file: joinPath(display, "templates")))
            return (nil, diagnostics)
        }
        var library = MustacheLibrary()
        var names: Set<String> = []
        for relative in (try? fs.listFiles(under: templateFolder)) ?? [] where relative.hasSuffix(".mustache") {
            let name = String(relative.dropLast(".mustache".count))
            let file = joinPath(display, "templates", relative)
            guard let data = try? fs.read(joinPath(templateFolder, relative)), let text = String(strictUTF8: data) else {
                diagnostics.error(.unreadableFile, "无法读取模板（须为 UTF-8）", at: SourceLocation(file: file))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                names.insert(name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.error(.themeTemplate, "模板语法错误：\(error.error)",
                                  at: SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber))
            } catch {
                diagnostics.error(.themeTemplate, "模板语法错误：\(error)", at: SourceLocation(file: file))
            }
        }
        for required in requiredTemplates where !names.contains(required) {
            diagnostics.error(.themeTemplate, "主题缺少模板 \(required).mustache", at: SourceLocation(file: joinPath(display, "templates")))
        }
        let assetFolder = joinPath(folder, "assets")
        let assets = ((try? fs.listFiles(under: assetFolder)) ?? []).compactMap { relative -> (String, Data)? in
            guard let data = try? fs.read(joinPath(assetFolder, relative)) else {
                diagnostics.error(.unreadableFile, "无法读取主题文件", at: SourceLocation(file: joinPath(display, "assets", relative)))
                return nil
            }
            return (relative, data)
        }
        return (diagnostics.hasErrors ? nil : Theme(library: library, assets: assets), diagnostics)
    }
}
