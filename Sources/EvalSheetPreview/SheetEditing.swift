import EvalSheet
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `evalsheet preview --edit`: each sheet served as it prints with its values editable where they stand. The
/// browser sends the edits made since the file was opened; the server makes them in the file's text with the
/// importer's reader and the in-place writer (`EvaluationEditor`), scores the result with the command line's
/// scorer and lays it out, and answers with the page as the renderer writes it (totals, grade, problems beside
/// their fields, page breaks): there is no second scorer in the page's script.
extension PreviewServer {
    /// What the page sends: the file's stamp when it was opened (or last saved) and the edits since.
    struct EditRequest: Decodable {
        struct Edit: Decodable {
            var field: String
            var value: String
        }
        var base: String
        var edits: [Edit]
    }

    /// Where a page of the printed sheet starts: the field its first line comes from and that line's text.
    struct PageStart: Encodable {
        var page: Int
        var source: String
        var text: String
    }

    /// The answer to a check or a save.
    struct EditAnswer: Encodable {
        /// The page as the renderer writes it with the edits made.
        var html: String
        /// The file's stamp on disk now; differs from the request's base when it changed since it was opened.
        var stamp: String
        var pages: Int
        var breaks: [PageStart]
        var total: String
        var grade: String
        /// Edits refused (not a number, …), by field, in the interface's language.
        var refused: [String: String]
        /// Fields whose values the edits change (check) or changed (save).
        var changed: [String]
        var errors: Int
        var saved = false
    }

    /// A change to a file's bytes since it was read: FNV-1a over them (a conflict check, not a signature).
    static func stamp(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + "-" + String(data.count)
    }

    func registerEditing(_ router: Router<BasicRequestContext>) {
        router.get("/edit/**") { _, context in try await self.editPage(context.parameters.getCatchAll()) }
        router.post("/api/check/**") { request, context in
            try await self.edit(request, context.parameters.getCatchAll(), saving: false)
        }
        router.post("/api/save/**") { request, context in
            try await self.edit(request, context.parameters.getCatchAll(), saving: true)
        }
        router.post("/api/new") { request, _ in try await self.newEvaluation(request) }
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func refusal(_ message: Message, status: HTTPResponse.Status) -> Response {
        json(["error": message.text(in: text.interface), "code": message.code], status: status)
    }

    /// A write is taken only from this server's own pages: a JSON body (a cross-site form cannot send one
    /// without a preflight this server never answers), the page's token, and an `Origin` that is this server's
    /// address as the browser reached it. The body is read up to `EditLimits.body`.
    func admitted(_ request: inout Request) async -> Admission {
        let sameOrigin = request.headers[.origin].map { origin in
            origin == "http://" + (request.head.authority ?? "-")
        }
        guard sameOrigin == true, request.headers[values: Self.fetchSiteHeader].allSatisfy({ $0 == "same-origin" }),
            request.headers[.contentType]?.hasPrefix("application/json") == true
        else {
            return .refused(
                refusal(
                    Message(
                        "edit-not-same-origin", en: "refused: a change must come from this preview's own page",
                        zh: "已拒绝：修改只能来自本预览自己的页面"), status: .forbidden))
        }
        guard request.headers[Self.tokenHeader] == editToken else {
            return .refused(
                refusal(
                    Message(
                        "edit-token-wrong",
                        en: "refused: the page's session has ended (the preview was restarted); reload the page",
                        zh: "已拒绝：页面的会话已失效（预览已重新启动）；请重新载入页面"), status: .forbidden))
        }
        do {
            let body = try await request.collectBody(upTo: EditLimits.body)
            return .admitted(Data(buffer: body))
        } catch {
            return .refused(
                refusal(
                    Message(
                        "edit-too-large", en: "refused: the change is larger than \(EditLimits.body / 1024) KB",
                        zh: "已拒绝：修改的内容超过 \(EditLimits.body / 1024) 千字节"), status: .contentTooLarge))
        }
    }

    static let tokenHeader = HTTPField.Name("X-EvalSheet-Token")!
    static let fetchSiteHeader = HTTPField.Name("Sec-Fetch-Site")!

    enum Admission {
        case admitted(Data)
        case refused(Response)
    }

    static func conflict(_ relative: String) -> Message {
        Message(
            "edit-conflict",
            en:
                "\(relative) was changed on disk (in another window or program) since this page opened it; not saved: reload it to see the change",
            zh: "\(relative) 在此页面打开后已在磁盘上被修改（另一个窗口或程序）；未保存：请重新载入查看")
    }

    /// A check (`saving: false`: nothing written) or a save of a file's edits.
    func edit(_ request: Request, _ parts: [Substring], saving: Bool) async throws -> Response {
        var request = request
        let body: Data
        switch await admitted(&request) {
        case let .refused(response): return response
        case let .admitted(data): body = data
        }
        guard case let .success((url, relative)) = locate(parts),
            EvaluationFiles.extensions.contains(url.pathExtension.lowercased())
        else {
            return refusal(
                Message("edit-no-such-file", en: "no evaluation file here", zh: "这里没有评价文件"), status: .notFound)
        }
        guard let asked = try? JSONDecoder().decode(EditRequest.self, from: body), asked.edits.count <= EditLimits.edits
        else {
            return refusal(
                Message("edit-request-unreadable", en: "refused: the request is not an edit", zh: "已拒绝：请求不是一次编辑"),
                status: .badRequest)
        }
        return try await made(asked, in: url, relative: relative, saving: saving)
    }

    /// The edits made in the file as it is on disk now; saved when asked and nothing stands in the way.
    func made(_ asked: EditRequest, in url: URL, relative: String, saving: Bool) async throws -> Response {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            return refusal(
                Message("edit-unreadable", en: "\(relative) cannot be read", zh: "无法读取 \(relative)"), status: .notFound)
        }
        let stamp = Self.stamp(data)
        if saving && stamp != asked.base { return refusal(Self.conflict(relative), status: .conflict) }
        let page: EditorPage
        do {
            page = try await editorPage(url, text: text, edits: asked.edits.map { ($0.field, $0.value) })
        } catch {
            return refusal(
                Message(
                    "edit-not-made", en: "the edits cannot be made: \(error.text(in: .en))",
                    zh: "无法进行这些修改：\(error.text(in: .zh))"), status: .unprocessableContent)
        }
        // The page is written once, with the stamp the answer carries (a save's: the file's after it).
        func answer(stamp: String, saved: Bool = false) -> EditAnswer {
            var answer = page.answer(stamp: stamp)
            answer.html = page.html(stamp: stamp, relative: relative, server: self)
            answer.saved = saved
            return answer
        }
        guard saving else { return json(answer(stamp: stamp)) }
        if !page.edited.refused.isEmpty {
            return json(answer(stamp: stamp), status: .unprocessableContent)
        }
        if page.edited.text != text {
            do {
                guard try writes.write(Data(page.edited.text.utf8), to: url, ifStamp: stamp) else {
                    return refusal(Self.conflict(relative), status: .conflict)
                }
            } catch {
                return refusal(
                    Message(
                        "edit-not-written", en: "\(relative) was not saved: \(error.text(in: .en))",
                        zh: "\(relative) 未保存：\(error.text(in: .zh))"), status: .internalServerError)
            }
        }
        return json(answer(stamp: Self.stamp(Data(page.edited.text.utf8)), saved: true))
    }

    /// The editor's page for a file as it is on disk.
    func editPage(_ parts: [Substring]) async throws -> Response {
        switch locate(parts) {
        case let .failure(refusal): return refused(refusal)
        case let .success((url, relative)):
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
                return refused(.notFound)
            }
            do {
                let page = try await editorPage(url, text: text, edits: [])
                return html(page.html(stamp: Self.stamp(data), relative: relative, server: self))
            } catch let error as InputError {
                return html(PreviewPages.problems(relative, error.diagnostics, text: self.text))
            }
        }
    }

    /// Starts a new evaluation of a form: a blank draft (草稿) under the served folder, never over a file.
    func newEvaluation(_ request: Request) async throws -> Response {
        var request = request
        let body: Data
        switch await admitted(&request) {
        case let .refused(response): return response
        case let .admitted(data): body = data
        }
        struct Asked: Decodable {
            var form: String
            var file: String
            var year: Int
        }
        guard let asked = try? JSONDecoder().decode(Asked.self, from: body) else {
            return refusal(
                Message("edit-request-unreadable", en: "refused: the request is not an edit", zh: "已拒绝：请求不是一次编辑"),
                status: .badRequest)
        }
        let name = asked.file.hasSuffix(".yaml") || asked.file.hasSuffix(".yml") ? asked.file : asked.file + ".yaml"
        guard EvaluationFile.isPlainRelativePath(name), (1990...2100).contains(asked.year) else {
            return refusal(
                Message(
                    "new-name-not-plain",
                    en: "'\(asked.file)' is not a file name inside the served folder (letters, digits, '-', no '..')",
                    zh: "'\(asked.file)' 不是所提供文件夹中的文件名（字母、数字、'-'，不含 '..'）"), status: .badRequest)
        }
        guard case .success = FormLibrary(directory: layouts).form(id: asked.form) else {
            return refusal(
                Message("new-unknown-form", en: "no form '\(asked.form)'", zh: "没有表样 '\(asked.form)'"),
                status: .badRequest)
        }
        let url = paths.root.appendingPathComponent(name)
        guard paths.admitsNew(url) else {
            return refusal(
                Message(
                    "new-outside-folder", en: "'\(asked.file)' would be outside the served folder",
                    zh: "'\(asked.file)' 会在所提供的文件夹之外"), status: .forbidden)
        }
        var draft = EvaluationDraft(formID: asked.form, year: asked.year)
        draft.draft = true
        try OutputFolder.create(url.deletingLastPathComponent())
        guard try writes.write(Data(EvaluationYAML.write(draft).utf8), to: url, ifStamp: nil) else {
            return refusal(Message("new-exists", en: "\(name) exists already", zh: "\(name) 已存在"), status: .conflict)
        }
        return json(["location": "/edit/" + PreviewPages.link(name)], status: .created)
    }
}

/// Bounds of what the editor takes: a request body (the reference sheet's edits of every field are 40 KB) and
/// the number of edits in one.
enum EditLimits {
    static let body = 1 << 20
    static let edits = 2_000
}

/// Writes the editor's files one at a time, each only if the file is still as the edit found it: two saves of
/// one file (two browsers) cannot both pass the conflict check, the second is refused.
final class EditWrites: @unchecked Sendable {
    private let lock = NSLock()

    /// Writes `data` atomically if the file's stamp is `stamp` (nil: if there is no file); false when not.
    func write(_ data: Data, to url: URL, ifStamp stamp: String?) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let now = (try? Data(contentsOf: url)).map(PreviewServer.stamp)
        guard now == stamp else { return false }
        try AtomicFile.write(data, to: url)
        return true
    }
}

/// The forms the editor reads and what their tables' columns hold, with the watcher's generation they were read at.
final class EditCache: Sendable {
    let kept = Mutex<(generation: Int, library: FormLibrary, targets: ColumnTargets)?>(nil)
}
