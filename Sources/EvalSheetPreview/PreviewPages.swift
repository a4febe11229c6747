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

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
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

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Path segments escaped for use in a link.
    static func link(_ relative: String) -> String {
        relative.split(separator: "/").map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? ""
        }.joined(separator: "/")
    }

    struct Entry {
        var relative: String
        var result: Result<ScoredSheet, InputError>
    }

    static func index(_ entries: [Entry], root: String) -> String {
        var rows = ""
        for entry in entries {
            let href = "/sheet/" + link(entry.relative)
            switch entry.result {
            case let .success(sheet):
                let errors = sheet.diagnostics.filter { $0.severity == .error }.count
                let warnings = sheet.diagnostics.count - errors
                let status = errors > 0 ? "<span class=\"error\">\(errors) error(s)</span>"
                    : warnings > 0 ? "<span class=\"warning\">\(warnings) warning(s)</span>" : "<span class=\"ok\">valid</span>"
                rows += "<tr><td><a href=\"\(href)\">\(escape(sheet.codeValue ?? entry.relative))</a></td>"
                    + "<td>\(escape(sheet.header("project")))</td><td>\(escape(sheet.header("unit")))</td>"
                    + "<td class=\"number\">\(escape(SheetText(sheet, language: .zh).total))</td><td>\(escape(SheetText(sheet, language: .zh).gradeName))</td>"
                    + "<td>\(status)</td><td><a href=\"/pdf/\(link(entry.relative))\">PDF</a></td></tr>\n"
            case let .failure(error):
                rows += "<tr><td><a href=\"\(href)\">\(escape(entry.relative))</a></td><td colspan=\"4\">not loaded</td>"
                    + "<td><span class=\"error\">\(error.diagnostics.count) error(s)</span></td><td></td></tr>\n"
            }
        }
        let sorter = """
        <script>
        document.querySelectorAll("th").forEach(function (th, column) {
          th.addEventListener("click", function () {
            var body = th.closest("table").tBodies[0], rows = Array.from(body.rows);
            var ascending = th.dataset.order !== "asc"; th.dataset.order = ascending ? "asc" : "desc";
            rows.sort(function (a, b) {
              var x = a.cells[column].innerText, y = b.cells[column].innerText, p = parseFloat(x), q = parseFloat(y);
              var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.localeCompare(y, "zh");
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        </script>
        """
        return page(title: "EvalSheet preview", body: """
            <h1>EvalSheet preview</h1>
            <p>\(entries.count) evaluation(s) in \(escape(root)). Pages reload by themselves when a file changes.</p>
            <table><thead><tr><th>指标编码</th><th>项目名称</th><th>项目单位</th><th>总分</th><th>等级</th><th>状态</th><th></th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            \(sorter)
            """)
    }

    static func problems(_ relative: String, _ diagnostics: [Diagnostic]) -> String {
        page(title: relative, body: "<h1>\(escape(relative))</h1><p class=\"error\">This file cannot be shown:</p><pre>"
             + diagnostics.map { escape($0.description) }.joined(separator: "\n") + "</pre><p><a href=\"/\">Index</a></p>")
    }
}
