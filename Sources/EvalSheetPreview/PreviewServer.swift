import EvalSheet
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `evalsheet preview`: serves the evaluations under a folder (or one file) as HTML, PDF and PNG,
/// with live reload when a file or its form changes.
public struct PreviewServer: Sendable {
    public let root: URL
    public let layouts: URL
    public let host: String
    public let port: Int
    public let language: Language
    let text: PreviewText
    public let idleTimeout: Int
    let paths: SafePath
    let renders: RenderQueue
    let cache = RenderCache()
    let watcher: FileWatcher
    /// Whether sheets may be edited and saved (`--edit`); off, the preview writes nothing.
    public let editing: Bool
    /// The secret an edit page sends with each write: a page of another site cannot know it.
    let editToken = UUID().uuidString + UUID().uuidString
    let writes = EditWrites()
    /// The forms the editor reads, kept while nothing under the watched folders changes.
    let editCache = EditCache()

    public init(
        root: URL, layouts: URL, fontsDirectory: URL, host: String = "127.0.0.1", port: Int = 8080,
        language: Language = .zh, idleTimeout: Int = 20, editing: Bool = false
    ) throws {
        self.language = language
        self.editing = editing
        text = PreviewText(language)
        self.idleTimeout = idleTimeout
        self.root = root.standardizedFileURL
        self.layouts = layouts
        self.host = host
        self.port = port
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder)
        paths = SafePath(root: isFolder.boolValue ? root : root.deletingLastPathComponent())
        renders = try RenderQueue(fontsDirectory: fontsDirectory)
        watcher = FileWatcher(folders: [root, layouts])
    }

    /// Runs until SIGINT or SIGTERM; `started` receives the URL once the port is bound.
    public func run(started: @escaping @Sendable (String) -> Void) async throws {
        await watcher.start()
        let router = Router()
        router.get("/") { _, _ in try await self.index() }
        router.get("/sheet/**") { _, context in try await self.sheet(context.parameters.getCatchAll()) }
        // Every written format at /FORMAT/FILE (PNG: ?page=N); HTML is the sheet page itself.
        for format in OutputFormat.allCases where format != .html {
            router.get("/\(format.rawValue)/**") { request, context in
                let page = format.isPerPage ? request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1 : nil
                return try await self.rendered(context.parameters.getCatchAll(), as: format, page: page)
            }
        }
        router.get("/events") { _, _ in self.events() }
        if editing { registerEditing(router) }
        let host = self.host
        let idleTimeout = self.idleTimeout
        let app = Application(
            router: router,
            // A connection that completes no request for this long is closed: idle keep-alives, and slow
            // clients that trickle a request head byte by byte. Responses in progress (live reload) stay open.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleTimeout)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "EvalSheet"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                started("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            },
            logger: {
                var logger = Logger(label: "evalsheet.preview")
                logger.logLevel = .warning
                return logger
            }())
        try await app.runService()
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func refused(_ refusal: SafePath.Refusal) -> Response {
        refusal == .forbidden
            ? html(
                PreviewPages.page(title: "Forbidden", body: "<h1>403 Forbidden</h1>", text: text), status: .forbidden)
            : html(PreviewPages.page(title: "Not found", body: "<h1>404 Not found</h1>", text: text), status: .notFound)
    }

    func evaluationFiles() -> [URL] {
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder)
        if !isFolder.boolValue { return [root] }
        return ((try? EvaluationFiles.expand([root.path])) ?? []).filter {
            // Never list a file whose real path leaves the folder (a symlink out of it).
            if case .success = paths.file($0) { return true } else { return false }
        }
    }

    func index() async throws -> Response {
        let library = FormLibrary(directory: layouts)
        let entries = evaluationFiles().map {
            PreviewPages.Entry(relative: paths.relative($0), result: library.scoreFile($0))
        }
        return html(
            PreviewPages.index(
                entries, root: root.path, text: text,
                forms: editing ? library.availableIDs() : nil, token: editToken))
    }

    func locate(_ parts: [Substring]) -> Result<(URL, String), SafePath.Refusal> {
        let relative = parts.joined(separator: "/")
        return paths.resolve(relative).map { ($0, relative) }
    }

    func sheet(_ parts: [Substring]) async throws -> Response {
        switch locate(parts) {
        case let .failure(refusal): return refused(refusal)
        case let .success((url, relative)):
            switch FormLibrary(directory: layouts).scoreFile(url) {
            case let .failure(error):
                return html(PreviewPages.problems(relative, error.diagnostics, text: text))
            case let .success(sheet):
                let language = self.language
                let laidOut = try? await renders.run { renderer in
                    let document = renderer.layout(sheet, language: language)
                    return (pages: document.pages.count, widths: document.columnWidths)
                }
                var options = HTMLRenderer.Options(
                    diagnostics: sheet.diagnostics,
                    leader: PreviewPages.navigation(
                        relative, pages: laidOut?.pages ?? 1, text: text, editing: editing),
                    trailer: PreviewPages.reloadScript, columnWidths: laidOut?.widths ?? [:])
                options.problemsHeading = text.problems(sheet.diagnostics.count)
                options.interface = text.interface
                return html(HTMLRenderer.render(sheet, language: language, options: options))
            }
        }
    }

    /// `Content-Disposition` for a sheet written in `format`: the evaluation's name with the format's extension
    /// (without one a browser saved the DOCX as `202008367.yaml`, the last segment of the address), an ASCII
    /// fallback and the UTF-8 name (RFC 6266 and 5987); shown in the browser or saved, as the format is.
    static func disposition(_ format: OutputFormat, for evaluation: URL, suffix: String = "") -> String {
        let name = evaluation.deletingPathExtension().lastPathComponent + suffix + "." + format.fileExtension
        let ascii =
            name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
            ? name : "sheet" + suffix + "." + format.fileExtension
        let encoded =
            name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? ascii
        return "\(format.opensInBrowser ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// A page number past the sheet's last page (or below 1): answered 404, not as a render error.
    struct NoSuchPage: MessageError { var message: Message }

    /// Lays out a sheet and writes it in `format` on the render queue (PNG: the one page asked for); a failure
    /// answers 500 with a readable page.
    func rendered(_ parts: [Substring], as format: OutputFormat, page: Int? = nil) async throws -> Response {
        switch locate(parts) {
        case let .failure(refusal): return refused(refusal)
        case let .success((url, relative)):
            let layouts = self.layouts, language = self.language
            let key = "\(format.rawValue)|\(page.map(String.init) ?? "")|\(url.path)"
            let stamp = RenderCache.stamp(generation: await watcher.generation, file: url)
            let headers: HTTPFields = [
                .contentType: format.mimeType, .cacheControl: "no-store",
                .contentDisposition: Self.disposition(format, for: url, suffix: page.map { "-\($0)" } ?? "")
            ]
            if let data = cache.data(for: key, stamp: stamp) {
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            do {
                let data = try await renders.run { renderer -> Data in
                    let sheet = try FormLibrary(directory: layouts).scoreFile(url).get()
                    var (document, problems) = renderer.layoutChecked(sheet, language: language)
                    if let problem = problems.first(where: { $0.severity == .error })
                        ?? sheet.diagnostics.first(where: { $0.severity == .error })
                    {
                        throw RenderError(problem.line)
                    }
                    if let page {
                        guard page >= 1, page <= document.pages.count else {
                            throw NoSuchPage(
                                message: Message(
                                    "no-such-page",
                                    en: "page \(page) does not exist; the sheet has \(document.pages.count)",
                                    zh: "没有第 \(page) 页；这张表共 \(document.pages.count) 页"))
                        }
                        document.pages = [document.pages[page - 1]]
                    }
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                        "evalsheet-preview-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let written = try renderer.write(
                        format, sheet, layout: document, language: language,
                        to: folder.appendingPathComponent("sheet.\(format.fileExtension)"), dpi: 110)
                    return try Data(contentsOf: written[0])
                }
                cache.store(data, for: key, stamp: stamp)
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch let missing as NoSuchPage {
                return html(
                    PreviewPages.page(
                        title: "Not found",
                        body:
                            "<h1>404 Not found</h1><p>\(PreviewPages.escape(missing.message.text(in: text.interface)))</p>",
                        text: text), status: .notFound)
            } catch {
                let text = error.text(in: self.text.interface)
                return html(
                    PreviewPages.page(
                        title: self.text.renderError,
                        body:
                            "<h1>\(PreviewPages.escape(self.text.cannotRender(relative)))</h1><pre>\(PreviewPages.escape(text))</pre>",
                        text: self.text),
                    status: .internalServerError)
            }
        }
    }

    /// Server-sent events: one `data: changed` message per change under the folder or the forms.
    func events() -> Response {
        let watcher = self.watcher
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                var seen = await watcher.generation
                try await writer.write(ByteBuffer(string: "retry: 500\n: connected\n\n"))
                var quiet = 0
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try await Task.sleep(for: .milliseconds(200))
                    let now = await watcher.generation
                    if now != seen {
                        seen = now
                        quiet = 0
                        try await writer.write(ByteBuffer(string: "data: changed\n\n"))
                    } else if quiet > 75 {
                        quiet = 0
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                    quiet += 1
                }
                try await writer.finish(nil)
            })
    }
}
