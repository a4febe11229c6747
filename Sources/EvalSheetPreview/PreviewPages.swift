import EvalSheetTables
import EvalSheet
import Foundation

/// The preview's own pages: the index of evaluations and the error pages.
enum PreviewPages {
    static let reloadScript = """
        <script>
        (function () {
          var source = new EventSource("/events");
          source.onmessage = function () { location.reload(); };
        })();
        </script>

        """

    static func page(title: String, body: String, text: PreviewText) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(text.htmlLanguage)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(BatchSummary.listStyle)
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        .error { color: #b00; } .warning { color: #8a5a00; } .ok { color: #070; }
        pre { background: #fff4f4; border: 1px solid #c00; padding: 10px; white-space: pre-wrap; }
        </style></head>
        <body>
        \(body)
        \(reloadScript)</body></html>

        """
    }

    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Path segments escaped for use in a link.
    static func link(_ relative: String) -> String {
        relative.split(separator: "/").map {
            String($0).addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? ""
        }.joined(separator: "/")
    }

    struct Entry {
        var relative: String
        var result: Result<ScoredSheet, InputError>
    }

    /// The list of evaluations; with `forms` (the editor's), each links to its editor and a new one can be started
    /// from a form.
    static func index(
        _ entries: [Entry], root: String, text: PreviewText, forms: [String]? = nil, token: String = ""
    ) -> String {
        var rows = ""
        for entry in entries {
            let href = "/sheet/" + link(entry.relative)
            let edit = forms == nil ? "" : " <a href=\"/edit/\(link(entry.relative))\">\(text.pick("编辑", "Edit"))</a>"
            switch entry.result {
            case let .success(sheet):
                let errors = sheet.diagnostics.filter { $0.severity == .error }.count
                let warnings = sheet.diagnostics.count - errors
                let status =
                    errors > 0
                    ? "<span class=\"error\">\(text.errors(errors))</span>"
                    : warnings > 0
                        ? "<span class=\"warning\">\(text.warnings(warnings))</span>"
                        : "<span class=\"ok\">\(text.valid)</span>"
                let printed = SheetText(sheet, language: text.english ? .en : .zh)
                rows +=
                    "<tr><td><a href=\"\(href)\">\(escape(sheet.codeValue ?? entry.relative))</a></td>"
                    + "<td>\(escape(sheet.header("project")))</td><td>\(escape(sheet.header("unit")))</td>"
                    + "<td class=\"number\">\(escape(printed.total))</td><td data-sort=\"\(sheet.gradeRank ?? 99)\">\(escape(printed.gradeName))</td>"
                    + "<td>\(status)</td><td><a href=\"\(href)\">HTML</a> \(downloads(entry.relative, separator: " "))\(edit)</td></tr>\n"
            case let .failure(error):
                rows +=
                    "<tr><td><a href=\"\(href)\">\(escape(entry.relative))</a></td><td colspan=\"4\">\(text.notLoaded)</td>"
                    + "<td><span class=\"error\">\(text.errors(error.diagnostics.count))</span></td><td></td></tr>\n"
            }
        }
        let heads = text.heads.map { "<th>\(escape($0))</th>" }.joined()
        return page(
            title: text.title,
            body: """
                <h1>\(text.title)</h1>
                <p>\(escape(text.count(entries.count, in: root))) <span id="shown">\(entries.count)</span> / \(entries.count)</p>
                <table class="list"><thead><tr>\(heads)</tr>\(BatchSummary.filterRow(text.heads.count, exact: [4], label: text.filter))</thead>
                <tbody>
                \(rows)</tbody></table>
                \(BatchSummary.listScript)
                \(forms.map { newEvaluation($0, text: text, token: token) } ?? "")
                """, text: text)
    }

    /// A new evaluation from a form: its file's name and year; the editor opens on the blank draft.
    static func newEvaluation(_ forms: [String], text: PreviewText, token: String) -> String {
        let options = forms.map { "<option>\(escape($0))</option>" }.joined()
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - 1
        return """
            <h2>\(text.pick("新建评价", "New evaluation"))</h2>
            <form id="new-evaluation"><input type="hidden" name="token" value="\(escape(token))"><label>\(text.pick("表样", "Form")) <select name="form">\(options)</select></label>
            <label>\(text.pick("文件名", "File name")) <input name="file" required pattern="[^/.][^/]*" placeholder="2025-project"></label>
            <label>\(text.pick("年度", "Year")) <input name="year" type="number" min="1990" max="2100" value="\(year)"></label>
            <button>\(text.pick("新建草稿", "Create draft"))</button> <span id="new-status" class="error"></span></form>
            <script>
            document.getElementById("new-evaluation").addEventListener("submit", function (event) {
              event.preventDefault();
              var form = event.target;
              fetch("/api/new", { method: "POST", headers: { "Content-Type": "application/json",
                "X-EvalSheet-Token": form.token.value },
                body: JSON.stringify({ form: form.form.value, file: form.file.value, year: Number(form.year.value) })
              }).then(function (response) { return response.json(); }).then(function (answer) {
                if (answer.location) location.href = answer.location;
                else document.getElementById("new-status").textContent = answer.error;
              });
            });
            </script>
            """
    }

    /// The links above a sheet: the index, its PDF, DOCX and OFD, and each page as PNG.
    static func navigation(_ relative: String, pages: Int, text: PreviewText, editing: Bool = false) -> String {
        let file = link(relative)
        let edit = editing ? " · <a href=\"/edit/\(file)\">\(text.pick("编辑", "Edit"))</a>" : ""
        let png = (1...max(1, pages)).map { "<a href=\"/png/\(file)?page=\($0)\">\(text.page($0))</a>" }.joined(
            separator: " ")
        return
            "<nav class=\"screen-only\" style=\"text-align:center;font-family:sans-serif;margin:12px\"><a href=\"/\">\(text.index)</a> · "
            + downloads(relative, separator: " · ") + " · PNG \(png)\(edit)</nav>\n"
    }

    /// A link to each written format of one file per sheet but HTML (the page itself): PDF, DOCX, OFD.
    static func downloads(_ relative: String, separator: String) -> String {
        OutputFormat.perSheet.filter { $0 != .html }.map {
            "<a href=\"/\($0.rawValue)/\(link(relative))\">\($0.label)</a>"
        }
        .joined(separator: separator)
    }

    static func problems(_ relative: String, _ diagnostics: [Diagnostic], text: PreviewText) -> String {
        page(
            title: relative,
            body:
                "<nav><a href=\"/\">\(text.index)</a></nav><h1>\(escape(relative))</h1><p class=\"error\">\(text.cannotShow)</p><pre>"
                + diagnostics.map { escape($0.text(in: text.interface)) }.joined(separator: "\n") + "</pre>", text: text
        )
    }
}
