import ArgumentParser
import Foundation
import GongkaiKit
import GongkaiServe

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site in a browser, rebuilt on every change (预览).",
        discussion: """
        Builds the site into .gongkai-serve/ inside the site folder (never public/), with the same \
        checks as `build` including the leak audit, and serves it on http://127.0.0.1:8000/. When \
        gongkai.yaml, publication-record.yaml, content/ or the theme changes it rebuilds (parsing again only the files that changed) and open pages reload by themselves. \
        While a build fails, every page shows its problems (file:line:col, code, message) instead of \
        the site; they are printed here too (withheld texts only with --show-withheld, never on the page). \
        The first build prints every warning; a rebuild prints its errors and only the warnings the build \
        before it did not have, and counts the others (其中 N 个上次已列出); `gongkai check` lists them all. \
        Only requests whose Host names the address served are answered (others get 421), so that no \
        web page can read the preview through DNS rebinding. Ctrl-C stops.

        Examples:
          gongkai serve
          gongkai serve --site city/ --port 8080
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("Address to listen on. Anything but localhost or a loopback address lets other machines see the preview.", valueName: "host"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on.", valueName: "port"))
    var port: Int = 8000

    func run() async throws {
        guard site.report == nil else { throw ValidationError("serve 不写内部报告；请用 gongkai check --report") }
        guard (0...65535).contains(port) else { throw ValidationError("--port 应为 0–65535 之间的端口号：\(port)") }
        let options = try site.buildOptions(output: nil, write: true)
        if !PreviewServer.isLoopback(host) {
            FileHandle.standardError.write(Data("警告：预览在 \(host) 上监听，局域网中的其他电脑也能看到尚未发布的内容。只在本机预览请去掉 --host。\n".utf8))
        }
        let server = PreviewServer(build: options, host: host, port: port)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        do {
            try await server.run(stopOnSignals: true) { port in
                FileHandle.standardError.write(Data("预览：http://\(shownHost):\(port)/ （按 Ctrl-C 停止）\n".utf8))
            }
            FileHandle.standardError.write(Data("已停止预览。\n".utf8))
        } catch let failure as PreviewServer.Failure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
