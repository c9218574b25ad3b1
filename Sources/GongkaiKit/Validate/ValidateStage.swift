import GongkaiCore
import GongkaiRender

/// Stage 2 — validate: checks that span files (references, duplicates, reserved paths).
/// Single-file checks happen while loading; required-item rules run after disclose (Comply).
enum ValidateStage {
    /// What a clerk cannot see in a code that names nothing: an invisible or unusual character pasted
    /// with it (a zero-width space from WeChat or WPS, a no-break space from Word), or letters in another
    /// case than the code defined (`jyj` for `JYJ`). Empty when neither applies.
    static func hint(_ code: String, among known: some Sequence<String>) -> String {
        let hidden = code.unicodeScalars.filter { scalar in
            !(scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "-_.".unicodeScalars.contains(scalar)))
                && (scalar.properties.generalCategory == .format || scalar.properties.isWhitespace
                    || scalar.properties.generalCategory == .control || scalar.properties.isDefaultIgnorableCodePoint)
        }
        if let first = hidden.first {
            let name = String(format: "U+%04X", first.value)
            let cleaned = String(String.UnicodeScalarView(code.unicodeScalars.filter { !hidden.contains($0) }))
            return "：编码中有看不见的字符 \(name)（常由微信、WPS 或 Word 粘贴带入），请删除它，改写为“\(cleaned)”"
        }
        if let meant = known.first(where: { $0 != code && $0.lowercased() == code.lowercased() }) {
            return "：编码区分大小写，是否应为“\(meant)”？"
        }
        return ""
    }

    static func run(_ site: SourceSite) -> DiagnosticList {
        var d = DiagnosticList()

        // Departments and units: unique codes, known grade schemes.
        var departmentsByCode: [String: Department] = [:]
        var unitOwner: [String: String] = [:]
        for department in site.departments {
            if let first = departmentsByCode[department.code] {
                d.error(.duplicateCode, "部门编码“\(department.code)”重复（首次出现于 \(first.location)）", at: department.location)
            } else {
                departmentsByCode[department.code] = department
            }
            if let scheme = department.gradeSchemeName, site.config.gradeSchemes[scheme] == nil {
                d.error(.unknownReference, "部门“\(department.name)”引用了未定义的等级方案“\(scheme)”", at: department.location)
            }
            for unit in department.units {
                if let owner = unitOwner[unit.code] {
                    d.error(.duplicateCode, "单位编码“\(unit.code)”重复（已属于部门“\(owner)”）", at: unit.location)
                } else {
                    unitOwner[unit.code] = department.code
                }
            }
        }

        // Projects: references, one code per year, year matching its folder. References are not checked
        // against a departments file that did not load whole: its own errors say what to fix.
        var projectKeys: [String: Project] = [:]
        for project in site.projects {
            if site.organisationsComplete, departmentsByCode[project.departmentCode] == nil {
                d.error(.unknownReference, "项目引用了不存在的部门编码“\(project.departmentCode)”（见 \(OrganisationLoader.fileName)）"
                        + hint(project.departmentCode, among: departmentsByCode.keys),
                        at: project.departmentLocation)
            }
            if site.organisationsComplete, let unit = project.unitCode, let at = project.unitLocation, departmentsByCode[project.departmentCode] != nil {
                switch unitOwner[unit] {
                case nil: d.error(.unknownReference, "项目引用了不存在的单位编码“\(unit)”" + hint(unit, among: unitOwner.keys), at: at)
                case let owner? where owner != project.departmentCode:
                    d.error(.unitOutsideDepartment, "单位“\(unit)”属于部门“\(owner)”，不属于项目的主管部门“\(project.departmentCode)”", at: at)
                default: break
                }
            }
            // A year not matching its folder is that one mistake, named at `year:`; the file is not
            // also counted in the year it claims, where it would blame that year's own file as a duplicate.
            let folders = project.file.split(separator: "/")
            if folders.count >= 2, let folderYear = Int(folders[folders.count - 2]), folderYear != project.year {
                d.error(.invalidValue, "项目年度 \(project.year) 与所在文件夹 \(folderYear) 不一致：请改正“year”，或把文件移到 \(project.year) 文件夹",
                        at: project.yearLocation ?? project.location)
                continue
            }
            let key = "\(project.year)/\(project.code.lowercased())"
            if let first = projectKeys[key] {
                // The file named after its code is the original; the other one (`JYJ-001 - 副本.md`, a copy
                // Explorer made, which sorts first) is the one to fix, so the error is named there.
                let named = { (p: Project) in p.file.split(separator: "/").last.map { $0.lowercased() == "\(p.code.lowercased()).md" } ?? false }
                let (blamed, other) = named(project) && !named(first) ? (first, project) : (project, first)
                d.error(.duplicateCode, "\(blamed.year)年度项目编号“\(blamed.code)”重复（另见 \(other.file)）：每个项目只能有一个文件，请删除复制出的文件或改正其“code”",
                        at: blamed.codeLocation ?? blamed.location)
                if named(project) && !named(first) { projectKeys[key] = project }
            } else {
                projectKeys[key] = project
            }
        }

        // Department-wide performance: a known department, one file per department and year, in its year's folder.
        var performanceKeys: [String: String] = [:]
        for dp in site.departmentPerformance {
            if site.organisationsComplete, departmentsByCode[dp.departmentCode] == nil {
                d.error(.unknownReference, "部门整体绩效引用了不存在的部门编码“\(dp.departmentCode)”（见 \(OrganisationLoader.fileName)）"
                        + hint(dp.departmentCode, among: departmentsByCode.keys),
                        at: dp.departmentLocation)
            }
            let folders = dp.file.split(separator: "/")
            if folders.count >= 2, let folderYear = Int(folders[folders.count - 2]), folderYear != dp.year {
                d.error(.invalidValue, "部门整体绩效的年度 \(dp.year) 与所在文件夹 \(folderYear) 不一致：请改正“year”，或把文件移到 \(dp.year) 文件夹",
                        at: dp.yearLocation ?? dp.location)
                continue
            }
            let key = "\(dp.year)/\(dp.departmentCode.lowercased())"
            if let first = performanceKeys[key] {
                d.error(.duplicateCode, "\(dp.year)年度部门“\(dp.departmentCode)”的部门整体绩效重复（首次出现于 \(first)）", at: dp.location)
            } else {
                performanceKeys[key] = dp.file
            }
        }

        // Pages: unique addresses that do not collide with the generator's own sections.
        var pagePaths: [String: String] = [:]
        for page in site.pages {
            let address = page.path.joined(separator: "/")
            if let first = page.path.first, RenderStage.reservedSections.contains(first) {
                d.error(.pathConflict, "页面地址“/\(address)/”与网站自有栏目“\(first)”冲突，请换一个文件夹名", at: page.location)
            }
            if let other = pagePaths[address] {
                d.error(.pathConflict, "页面地址“/\(address)/”与 \(other) 重复", at: page.location)
            } else {
                pagePaths[address] = page.file
            }
            if site.organisationsComplete, let code = page.departmentCode, let at = page.departmentLocation, departmentsByCode[code] == nil {
                d.error(.unknownReference, "页面引用了不存在的部门编码“\(code)”", at: at)
            }
        }
        return d
    }
}
