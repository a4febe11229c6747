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

    public init(root: URL, layouts: URL, fontsDirectory: URL, host: String = "127.0.0.1", port: Int = 8080,
                language: Language = .zh, idleTimeout: Int = 20) throws {
        self.language = language
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
        router.get("/pdf/**") { _, context in try await self.pdf(context.parameters.getCatchAll()) }
        router.get("/docx/**") { _, context in try await self.docx(context.parameters.getCatchAll()) }
        router.get("/png/**") { request, context in
            let page = request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1
            return try await self.png(context.parameters.getCatchAll(), page: page)
        }
        router.get("/events") { _, _ in self.events() }
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
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func refused(_ refusal: SafePath.Refusal) -> Response {
        refusal == .forbidden
            ? html(PreviewPages.page(title: "Forbidden", body: "<h1>403 Forbidden</h1>", text: text), status: .forbidden)
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
        let entries = evaluationFiles().map { PreviewPages.Entry(relative: paths.relative($0), result: library.scoreFile($0)) }
        return html(PreviewPages.index(entries, root: root.path, text: text))
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
                var options = HTMLRenderer.Options(diagnostics: sheet.diagnostics, leader: PreviewPages.navigation(relative, pages: laidOut?.pages ?? 1, text: text),
                                                   trailer: PreviewPages.reloadScript, columnWidths: laidOut?.widths ?? [:])
                options.problemsHeading = text.problems(sheet.diagnostics.count)
                return html(HTMLRenderer.render(sheet, language: language, options: options))
            }
        }
    }

    /// Lays out and writes a sheet on the render queue; a failure answers 500 with a readable page.
    func rendered(_ parts: [Substring], contentType: String, variant: String = "",
                  _ write: @escaping @Sendable (SheetRenderer, ScoredSheet, LaidOutDocument, URL) throws -> URL) async throws -> Response {
        switch locate(parts) {
        case let .failure(refusal): return refused(refusal)
        case let .success((url, relative)):
            let layouts = self.layouts, language = self.language
            let key = "\(contentType)|\(variant)|\(url.path)"
            let stamp = RenderCache.stamp(generation: await watcher.generation, file: url)
            if let data = cache.data(for: key, stamp: stamp) {
                return Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            do {
                let data = try await renders.run { renderer -> Data in
                    let sheet = try FormLibrary(directory: layouts).scoreFile(url).get()
                    let (document, problems) = renderer.layoutChecked(sheet, language: language)
                    if let problem = problems.first(where: { $0.severity == .error }) ?? sheet.diagnostics.first(where: { $0.severity == .error }) {
                        throw RenderError(problem.description)
                    }
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-preview-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    return try Data(contentsOf: write(renderer, sheet, document, folder))
                }
                cache.store(data, for: key, stamp: stamp)
                return Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch {
                let text = (error as? InputError)?.description ?? "\(error)"
                return html(PreviewPages.page(title: self.text.renderError, body: "<h1>\(PreviewPages.escape(self.text.cannotRender(relative)))</h1><pre>\(PreviewPages.escape(text))</pre>",
                                              text: self.text),
                            status: .internalServerError)
            }
        }
    }

    func pdf(_ parts: [Substring]) async throws -> Response {
        try await rendered(parts, contentType: "application/pdf") { renderer, _, document, folder in
            let target = folder.appendingPathComponent("sheet.pdf")
            try renderer.writePDF(document, to: target)
            return target
        }
    }

    func docx(_ parts: [Substring]) async throws -> Response {
        let language = self.language
        let type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return try await rendered(parts, contentType: type) { renderer, sheet, document, folder in
            let target = folder.appendingPathComponent("sheet.docx")
            try renderer.writeDOCX(sheet, layout: document, language: language, to: target)
            return target
        }
    }

    func png(_ parts: [Substring], page: Int) async throws -> Response {
        try await rendered(parts, contentType: "image/png", variant: "page \(page)") { renderer, _, document, folder in
            guard page >= 1, page <= document.pages.count else {
                throw RenderError("page \(page) does not exist; the sheet has \(document.pages.count)")
            }
            var single = document
            single.pages = [document.pages[page - 1]]
            return try renderer.writePNG(single, to: folder.appendingPathComponent("sheet.png"), dpi: 110)[0]
        }
    }

    /// Server-sent events: one `data: changed` message per change under the folder or the forms.
    func events() -> Response {
        let watcher = self.watcher
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
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
