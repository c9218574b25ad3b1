import GongkaiCore

/// Reads `content/organisations.yaml`: departments and their units.
enum OrganisationLoader {
    static let fileName = "content/organisations.yaml"

    static func load(text: String, file: String, diagnostics: inout DiagnosticList, texts: TextPool? = nil) -> [Department] {
        let source = YAMLSource(file: file, texts: texts)
        guard let root = source.compose(text, diagnostics: &diagnostics),
              let reader = MappingReader(root, source: source, what: "部门文件", diagnostics: &diagnostics) else { return [] }
        defer { reader.finish(into: &diagnostics) }
        let nodes = reader.list("departments", required: "部门列表") ?? []
        let departments = mappings(nodes, source: source, what: "部门", diagnostics: &diagnostics).compactMap { d -> Department? in
            defer { d.finish(into: &diagnostics) }
            let code = d.code("code", required: "部门编码")
            let name = d.string("name", required: "部门名称")
            let kind = d.string("kind")
            let intro = d.guardedText("intro")
            let scheme = d.string("grade_scheme")
            let disclosure = d.disclosure()
            let units = mappings(d.list("units") ?? [], source: source, what: "单位", diagnostics: &diagnostics).compactMap { u -> Unit? in
                defer { u.finish(into: &diagnostics) }
                // Every field is read before any is required: one left unread would be reported as unknown besides.
                let code = u.code("code", required: "单位编码"), name = u.string("name", required: "单位名称"), disclosure = u.disclosure()
                guard let code, let name else { return nil }
                return Unit(code: code, name: name, disclosure: disclosure, location: u.location)
            }
            guard let code, let name else { return nil }
            return Department(code: code, name: name, kind: kind, intro: intro, gradeSchemeName: scheme,
                              disclosure: disclosure, units: units, location: d.location)
        }
        reportCaseCollisions(departments.map { ($0.code, $0.location) }, what: "部门", diagnostics: &diagnostics)
        reportCaseCollisions(departments.flatMap { $0.units.map { ($0.code, $0.location) } }, what: "单位", diagnostics: &diagnostics)
        return departments
    }

    /// Codes become folder names: `JYJ` and `jyj` are one folder on case-insensitive hosting, and which
    /// page survives would depend on the order of writes. Exact duplicates are reported by validate.
    private static func reportCaseCollisions(_ codes: [(String, SourceLocation)], what: String, diagnostics: inout DiagnosticList) {
        var first: [String: (String, SourceLocation)] = [:]
        for (code, location) in codes {
            let key = code.lowercased()
            if let (other, at) = first[key] {
                if other != code {
                    diagnostics.error(.duplicateCode, "\(what)编码“\(code)”与“\(other)”（\(at)）只有大小写不同；网址不区分大小写时会互相覆盖，请改用不同的编码",
                                      at: location)
                }
            } else {
                first[key] = (code, location)
            }
        }
    }
}
