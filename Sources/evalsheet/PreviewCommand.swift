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
            """)

    @Argument(help: "A folder of evaluations, or one evaluation file.")
    var path: String = "Samples"

    @Option(help: "Address to listen on (0.0.0.0 exposes the preview to the network).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Language of the sheets: zh, en or zh-en.")
    var lang: Language = .zh

    @Option(help: "Seconds after which a connection that completes no request is closed (slow or idle clients).")
    var idleTimeout: Int = 20

    @OptionGroup var fontOptions: FontOptions

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...3600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be between 1 and 3600 seconds")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path): no such file or folder")
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
                idleTimeout: idleTimeout)
        } catch {
            printError("evalsheet: \(error)")
            throw ExitCode(1)
        }
        let exposure = ["127.0.0.1", "localhost", "::1"].contains(host) ? "loopback only" : "reachable from the network"
        let root = path
        do {
            try await server.run { url in
                // Written straight to the descriptor so that a script reading the pipe sees it at once.
                FileHandle.standardOutput.write(
                    Data("EvalSheet preview: \(url) (serving \(root); \(exposure); Ctrl-C stops)\n".utf8))
            }
        } catch {
            // NIO says `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
            let text = "\(error)"
            if text.contains("errno: 98") || text.contains("Address already in use") {
                printError(
                    "evalsheet: port \(port) on \(host) is already in use (another preview?); choose another with --port N, "
                        + "or --port 0 for a free one")
            } else if text.contains("errno: 13") || text.contains("Permission denied") {
                printError("evalsheet: no permission to listen on port \(port); use a port above 1023")
            } else {
                printError("evalsheet: the preview stopped: \(text)")
            }
            throw ExitCode(1)
        }
    }
}
