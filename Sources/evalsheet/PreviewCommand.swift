import ArgumentParser
import EvalSheet
import EvalSheetPreview
import Foundation

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve evaluations as HTML, PDF and PNG in the browser, reloading when a file changes.",
        discussion: """
            Binds to loopback unless --host says otherwise. Ctrl-C stops it.

            Examples:
              evalsheet preview Samples/                 # then open http://127.0.0.1:8080/
              evalsheet preview year --port 8090 --lang zh-en
              evalsheet preview Samples/ --edit          # fill in and save sheets in the browser
            """)

    @Argument(help: "A folder of evaluations, or one evaluation file.")
    var path: String = "Samples"

    @Option(help: "Address to listen on (0.0.0.0 exposes the preview to the network).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Language of the sheets: zh, en or zh-en.")
    var lang: Language = .zh

    @Flag(
        help:
            "Fill in the sheets in the browser: values editable where they stand, scored as they are typed, saved into the YAML in place."
    )
    var edit = false

    @Option(help: "Seconds after which a connection that completes no request is closed (slow or idle clients).")
    var idleTimeout: Int = 20

    @OptionGroup var fontOptions: FontOptions

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError(
                Message("port-range", en: "--port must be between 0 and 65535", zh: "--port 要在 0 到 65535 之间")
                    .description)
        }
        guard (1...3600).contains(idleTimeout) else {
            throw ValidationError(
                Message(
                    "idle-timeout-range", en: "--idle-timeout must be between 1 and 3600 seconds",
                    zh: "--idle-timeout 要在 1 到 3600 秒之间"
                ).description)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(
                Message("no-such-file", en: "\(path): no such file or folder", zh: "\(path)：没有这个文件或文件夹").description)
        }
    }

    func run() async throws {
        let layouts = try layoutOptions.library().directory
        let fontFolder = try fontOptions.folder()
        let server: PreviewServer
        do {
            server = try PreviewServer(
                root: URL(fileURLWithPath: path), layouts: layouts, fontsDirectory: fontFolder,
                host: host, port: port, language: lang,
                idleTimeout: idleTimeout, editing: edit)
        } catch {
            printFailure(error)
            throw ExitCode(1)
        }
        let exposure =
            ["127.0.0.1", "localhost", "::1"].contains(host)
            ? Message(en: "loopback only", zh: "仅本机可访问") : Message(en: "reachable from the network", zh: "网络上可访问")
        let root = path
        do {
            try await server.run { url in
                // Written straight to the descriptor so that a script reading the pipe sees it at once.
                let line = Message(
                    "preview-serving", en: "EvalSheet preview: \(url) (serving \(root); \(exposure.en); Ctrl-C stops)",
                    zh: "EvalSheet 预览：\(url) （提供 \(root)；\(exposure.zh)；按 Ctrl-C 停止）")
                FileHandle.standardOutput.write(Data("\(line)\n".utf8))
            }
        } catch {
            // NIO says `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
            let text = "\(error)"
            if text.contains("errno: 98") || text.contains("Address already in use") {
                printError(
                    Message(
                        "port-in-use",
                        en:
                            "evalsheet: port \(port) on \(host) is already in use (another preview?); choose another with --port N, or --port 0 for a free one",
                        zh: "evalsheet：\(host) 的端口 \(port) 已被占用（另一个预览？）；请用 --port N 换一个，或用 --port 0 自动选空闲端口"))
            } else if text.contains("errno: 13") || text.contains("Permission denied") {
                printError(
                    Message(
                        "port-not-permitted",
                        en: "evalsheet: no permission to listen on port \(port); use a port above 1023",
                        zh: "evalsheet：没有权限监听端口 \(port)；请用 1023 以上的端口"))
            } else {
                printError(
                    Message(
                        "preview-stopped", en: "evalsheet: the preview stopped: \(text)", zh: "evalsheet：预览已停止：\(text)")
                )
            }

            throw ExitCode(1)
        }
    }
}
