import Foundation
import GongkaiCore
import GongkaiDisclosed
import Mustache

/// One file of the built site: a path below the output folder and its bytes.
public struct OutputFile: Sendable {
    public var path: String
    public var data: Data
    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Stage 4 — render: the disclosed view and the theme in, the files of the website out.
/// It sees only `DisclosedSite`, so no template can reach a withheld item.
public enum RenderStage {
    public struct Summary: Sendable {
        public var pages: Int
        public var assets: Int
        public var bytes: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var underlying: any Error
        public var description: String { "\(path): \(underlying)" }
    }

    /// Renders every page on up to `jobs` threads and hands each file to `emit` as soon as it is
    /// ready, so rendered HTML is not kept in memory. Which thread emits which file varies;
    /// the bytes of each file do not.
    public static func run(site: DisclosedSite, theme: Theme, jobs: Int,
                           emit: @Sendable (OutputFile) throws -> Void) throws -> Summary {
        let views = SiteViews(site: site)
        let specs = views.pageSpecs()
        let results = concurrentMap(specs.count, jobs: jobs) { i -> Result<Int, Failure> in
            let spec = specs[i]
            let context = views.context(for: spec)
            guard let html = theme.library.render(context, withTemplate: spec.template) else {
                return .failure(Failure(path: spec.outputPath, underlying: ThemeMissing(template: spec.template)))
            }
            let data = Data(html.utf8)
            do { try emit(OutputFile(path: spec.outputPath, data: data)) } catch {
                return .failure(Failure(path: spec.outputPath, underlying: error))
            }
            return .success(data.count)
        }
        var bytes = 0
        for result in results { bytes += try result.get() }
        for asset in theme.assets {
            try emit(OutputFile(path: joinPath("assets", asset.path), data: asset.data))
            bytes += asset.data.count
        }
        return Summary(pages: specs.count, assets: theme.assets.count, bytes: bytes)
    }

    struct ThemeMissing: Error, CustomStringConvertible {
        var template: String
        var description: String { "主题缺少模板 \(template).mustache" }
    }
}
