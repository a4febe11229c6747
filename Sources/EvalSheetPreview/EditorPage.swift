import EvalSheet
import Foundation

/// One sheet in the editor: the file's text with the browser's edits made, scored and laid out.
struct EditorPage: Sendable {
    var sheet: ScoredSheet
    var edited: EvaluationEditor.Edited
    /// Every field the editor may change with its value after the edits (a refused edit keeps the file's).
    var fields: [EvaluationEditor.Field]
    var pages: Int
    var breaks: [PreviewServer.PageStart]
    var widths: [String: [Double]]
    /// Problems of the sheet: the scorer's, characters without a glyph, and the refused edits.
    var problems: [Diagnostic]
    var language: Language
    var interface: InterfaceLanguage

    func answer(stamp: String) -> PreviewServer.EditAnswer {
        let text = SheetText(sheet, language: .zh)
        return PreviewServer.EditAnswer(
            html: "", stamp: stamp, pages: pages, breaks: breaks, total: text.total, grade: text.gradeName,
            refused: Dictionary(
                edited.refused.map { ($0.field, $0.message.text(in: interface)) }, uniquingKeysWith: { a, _ in a }),
            changed: edited.changed, errors: problems.filter { $0.severity == .error }.count)
    }

    /// The whole page: the sheet as the renderer writes it with the editor's marks, the fields the sheet does not
    /// print (figures typed on the paper sheet, English texts) beside it, and the editor's script.
    func html(stamp: String, relative: String, server: PreviewServer) -> String {
        let words = server.text
        var options = HTMLRenderer.Options(
            diagnostics: problems,
            leader: PreviewPages.navigation(relative, pages: pages, text: words)
                + EditorScript.toolbar(relative, pages: pages, text: words) + otherFields(words),
            trailer: EditorScript.state(
                self, stamp: stamp, token: server.editToken, relative: relative, words: words)
                + EditorScript.script,
            columnWidths: widths)
        options.problemsHeading = words.problems(problems.count)
        options.interface = interface
        options.editing = true
        // The editor's look, after the sheet's own (screen only: a print is the sheet).
        options.style = EditorScript.style
        return HTMLRenderer.render(sheet, language: language, options: options)
    }

    /// The fields no cell of the sheet shows whole, each editable in a list beside the sheet.
    func otherFields(_ words: PreviewText) -> String {
        let shown = Set(
            SheetStructure(SheetText(sheet, language: language), marksFields: true).tables().flatMap { table in
                (table.table.lead + table.table.head + table.table.body).flatMap(\.cells).compactMap(\.field)
            })
        let marks = HTMLRenderer.EditMarks(problems, in: interface)
        let rows = fields.filter { !shown.contains($0.field) && $0.field != "file" }.map { field in
            "<tr><th>\(PreviewPages.escape(field.label))</th><td\(marks.attributes(field: field.field))>"
                + "\(PreviewPages.escape(field.value))</td></tr>"
        }
        return
            "<aside class=\"other-fields screen-only\"><h2>\(words.pick("表上未印出的字段", "Fields not printed on the sheet"))</h2>"
            + "<table>\(rows.joined())</table></aside>\n"
    }
}

extension PreviewServer {
    /// The sheet in which values are edited: Chinese, the language the values are written in (with the English
    /// beside it in zh-en); an English sheet would show texts whose Chinese an edit changes.
    var editLanguage: Language { language == .bilingual ? .bilingual : .zh }

    /// The forms and what their tables' columns hold, read again after a file under the folders watched changes
    /// (a form's or an evaluation's: the generation does not tell them apart).
    func editingForms() async -> (FormLibrary, ColumnTargets) {
        let generation = await watcher.generation
        return editCache.kept.withLock { cache in
            if cache?.generation != generation {
                cache = (generation, FormLibrary(directory: layouts), ColumnTargets())
            }
            return (cache!.library, cache!.targets)
        }
    }

    /// `text` with `edits` made, scored by the command line's scorer and laid out by its layout.
    func editorPage(_ url: URL, text: String, edits: [(field: String, value: String)]) async throws -> EditorPage {
        let (library, known) = await editingForms()
        let original = try library.scoreData(Data(text.utf8), file: url.path).get()
        let editor = EvaluationEditor(form: original.form, file: url, known: known)
        let edited =
            edits.isEmpty
            ? EvaluationEditor.Edited(text: text, changed: [], refused: [], fields: try editor.fields(of: text))
            : try editor.apply(edits, to: text)
        let sheet = edits.isEmpty ? original : try library.scoreData(Data(edited.text.utf8), file: url.path).get()
        let fields = edited.fields
        let language = editLanguage
        let laidOut = try await renders.run { renderer in
            let (document, glyphs) = renderer.layoutChecked(sheet, language: language)
            return (
                pages: document.pages.count, breaks: Self.pageStarts(document), widths: document.columnWidths,
                glyphs: glyphs
            )
        }
        return EditorPage(
            sheet: sheet, edited: edited, fields: fields, pages: laidOut.pages, breaks: laidOut.breaks,
            widths: laidOut.widths,
            problems: (sheet.diagnostics + laidOut.glyphs + edited.refused).map { problem in
                var problem = problem
                problem.field = EvaluationEditor.field(ofProblem: problem.field)
                return problem
            }, language: language,
            interface: self.text.interface)
    }

    /// Where each page after the first starts: its first line of the evaluation's own text (a score, a paragraph),
    /// not the column heads repeated at its top, a group's name continued (`存在问题（续）`) or the running header.
    static func pageStarts(_ document: LaidOutDocument) -> [PageStart] {
        document.pages.enumerated().dropFirst().compactMap { index, page in
            for item in page.items {
                guard case let .text(box) = item, !box.field.isEmpty, !box.field.hasPrefix("form.") else { continue }
                return PageStart(page: index + 1, source: box.field, text: box.text)
            }
            return nil
        }
    }
}
