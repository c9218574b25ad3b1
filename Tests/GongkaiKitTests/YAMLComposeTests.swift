import Foundation
import GongkaiCore
import Testing
import Yams
@testable import GongkaiKit

/// The loaders read `YAMLNode`s made from libyaml's events, and hand to Yams only the documents
/// it must report on. Whatever the text, the two must agree: the same tree where the events settle
/// it, and Yams' own diagnostic wherever they do not.
@Suite("Composing YAML from libyaml's events")
struct YAMLComposeTests {
    /// What Yams makes of `text`: a tree (converted), no document, or an error.
    enum Reference: Equatable {
        case tree(YAMLNode), empty, error
        static func of(_ text: String) -> Reference {
            do {
                guard let node = try Yams.compose(yaml: text, .basic) else { return .empty }
                return .tree(YAMLNode(node))
            } catch {
                return .error
            }
        }
    }

    /// A tree Yams composes but the event walk leaves to it: a key that is not text, or the same
    /// text twice under different tags (`1` and `!!int 1`). Both are reported as unknown keys.
    static func hasKeyYamsAlone(_ node: YAMLNode) -> Bool {
        switch node {
        case .scalar: return false
        case let .sequence(items, _): return items.contains(where: hasKeyYamsAlone)
        case let .mapping(pairs, _):
            let keys = pairs.compactMap(\.key.string)
            return keys.count < pairs.count || Set(keys).count < keys.count
                || pairs.contains { hasKeyYamsAlone($0.value) }
        }
    }

    func expectAgreement(_ text: String, _ label: String) {
        let reference = Reference.of(text)
        switch (YAMLNode.compose(text), reference) {
        case let (.document(ours), .tree(theirs)):
            #expect(ours == theirs, "\(label): the trees differ")
        case (.empty, .empty):
            break
        case (.needsReport, .error):
            break
        case let (.needsReport, .tree(theirs)):
            // (Anchors and aliases never get this far: `YAMLSource.compose` refuses them first.)
            #expect(Self.hasKeyYamsAlone(theirs) || YAMLSource.firstAnchorOrAlias(text) != nil,
                    "\(label): left to Yams, which found nothing to report: \(text.debugDescription)")
        case let (ours, theirs):
            Issue.record("\(label): events gave \(ours), Yams \(theirs)")
        }
    }

    /// Every YAML text of the example site: the configuration, the organisations, every front matter.
    func exampleTexts() throws -> [(String, String)] {
        let disk = DiskFileSystem()
        var texts: [(String, String)] = []
        for path in ["gongkai.yaml", "content/organisations.yaml"] {
            texts.append((path, String(decoding: try disk.read(joinPath(repositoryRoot, path)), as: UTF8.self)))
        }
        for path in try disk.listFiles(under: joinPath(repositoryRoot, "content")) where path.hasSuffix(".md") {
            let text = String(decoding: try disk.read(joinPath(repositoryRoot, "content", path)), as: UTF8.self)
            var d = DiagnosticList()
            if let parts = FrontMatterFile.split(text, file: path, diagnostics: &d) { texts.append((path, parts.yaml)) }
        }
        return texts
    }

    @Test func theExampleSiteComposesAsYamsComposesIt() throws {
        let texts = try exampleTexts()
        #expect(texts.count > 30)
        for (path, text) in texts {
            guard case .document = YAMLNode.compose(text) else {
                Issue.record("\(path): the example's YAML was left to Yams")
                continue
            }
            expectAgreement(text, path)
        }
    }

    @Test func awkwardDocuments() {
        let cases = [
            "", "# 只有注释\n", "---\n", "~", "a: ~\nb: null\nc: ''\nd: \"\"",
            "a: 1\nb:\n  - x\n  - {y: 2, z: [3, 4]}\n",
            "标题: 　全角空格　\n说明: |\n  第一行\n  第二行\n折叠: >\n  一\n  二\n",
            "a: 'single ''quoted'''\nb: \"double \\\" \\u4e2d \\t\"\n",
            "a: \"前\\0后\"\n",                                    // NUL: both stop at it
            "a: !!str 5\nb: !!int 6\n",
            "a: 1\na: 2\n", "a: 1\nb: 2\nA: 3\na: 4\n",           // repeated keys
            "1: x\n!!int 1: y\n",                                  // the same text under two tags
            "? [a, b]\n: c\n", "? {a: 1}\n: x\n",                  // keys that are not text
            "a: 1\n---\nb: 2\n", "a: 1\n...\n---\nb: 2\n",        // two documents
            "a: [1, 2\n", "a: {b: 1\n", "a:\n  b: 1\n c: 2\n", "\t- a\n", "a: b: c\n", "- a\nb: c\n",
            "a: \"unterminated\n", "a: 'x\n", "@a: 1\n", "a: `b`\n", "%YAML 1.1\n---\na: 1\n",
            "a: \u{7}\n", "a: \u{FEFF}b\n", "a:\u{3000}b\n", "名称：\u{3000}项目\n",
            "a: 1\r\nb: |\r\n  第一行\r\n  第二行\r\n",                 // Windows line ends
            "a: 1\r\nb: 2\r\na: 3\r\n",
            (0..<40).map { "k\($0): v\($0)" }.joined(separator: "\n"),                  // long mapping
            (0..<40).map { "k\($0 % 39): v\($0)" }.joined(separator: "\n"),             // long, one repeat
            String(repeating: "- ", count: 200) + "x",                                  // deep nesting
        ]
        for (i, text) in cases.enumerated() { expectAgreement(text, "case \(i): \(text.prefix(40).debugDescription)") }
    }

    /// The example's front matter, mutated as the fuzz test mutates files.
    @Test func mutatedFrontMatterComposesAsYamsComposesIt() throws {
        let texts = try exampleTexts()
        var rng = SplitMix64(state: 20_261_130)
        for i in 0..<3_000 {
            let (path, text) = texts[i % texts.count]
            var data = Data(text.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { data = FuzzTests.mutate(data, &rng) }
            guard let mutated = String(data: data, encoding: .utf8) else { continue }
            expectAgreement(mutated, "\(path) mutation \(i)")
        }
    }

    /// What the loaders report is unchanged: a syntax error and a repeated key keep Yams' words and positions.
    @Test func diagnosticsStayYams() {
        let source = YAMLSource(file: "x.md", lineOffset: 1)
        var d = DiagnosticList()
        #expect(source.compose("a: 1\nb: [1, 2\n", diagnostics: &d) == nil)
        #expect(source.compose("a: 1\nb: 2\na: 3\n", diagnostics: &d) == nil)
        #expect(source.compose("# 空\n", diagnostics: &d) == nil)
        #expect(d.items.map(\.code) == [.yamlSyntax, .duplicateKey, .yamlSyntax])
        #expect(d.items[0].message.hasPrefix("YAML 格式错误："))
        #expect(d.items[1].message == "字段重复：“a”")
        #expect(d.items[1].location.line == 2 && d.items[1].location.column == 1)
        #expect(d.items[2].message == "YAML 内容为空：缺少必填的字段")
    }
}
