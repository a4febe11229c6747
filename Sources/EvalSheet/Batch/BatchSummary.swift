import Foundation

/// OUTDIR/index.html and OUTDIR/summary.csv: one row per project, from the batch manifests.
public enum BatchSummary {
    /// Rows in budget-code order, with the outputs that exist: every rendered sheet, and every one that failed
    /// or was not reached, with its status and reason.
    public static func rows(_ manifest: BatchManifest) -> [(row: BatchRow, outputs: [String])] {
        (manifest.entries.values.map { ($0.row, $0.outputs) } + manifest.failures.values.map { ($0, []) })
            .sorted { ($0.row.code, $0.row.input) < ($1.row.code, $1.row.input) }
    }

    public static func write(_ manifest: BatchManifest, to folder: URL) throws {
        let rows = rows(manifest)
        try AtomicFile.write(Data(csv(rows).utf8), to: folder.appendingPathComponent("summary.csv"))
        try AtomicFile.write(Data(html(rows).utf8), to: folder.appendingPathComponent("index.html"))
    }

    static func groupNames(_ rows: [(row: BatchRow, outputs: [String])]) -> [(id: String, name: String)] {
        var seen: [(String, String)] = []
        for (row, _) in rows {
            for group in row.groups where !seen.contains(where: { $0.0 == group.id }) { seen.append((group.id, group.name)) }
        }
        return seen
    }

    /// UTF-8 with a byte-order mark, so that Excel and WPS open the Chinese correctly.
    public static func csv(_ rows: [(row: BatchRow, outputs: [String])]) -> String {
        let groups = groupNames(rows)
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [(["年度", "指标编码", "项目单位", "项目名称", "预算金额（万元）"] + groups.map(\.name)
                      + ["逆向指标", "合计", "等级", "状态", "原因", "PDF", "HTML", "DOCX", "文件"]).map(field).joined(separator: ",")]
        for (row, outputs) in rows {
            let totals = groups.map { group in row.groups.first { $0.id == group.id }?.total ?? "" }
            let files = [".pdf", ".html", ".docx"].map { suffix in outputs.first { $0.hasSuffix(suffix) } ?? "" }
            lines.append(([row.year > 0 ? String(row.year) : "", textCell(row.code), row.unit, row.project, row.budget] + totals
                          + [row.deductions, row.total, row.grade, row.status.label, row.reason] + files + [row.input])
                .map(field).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// A code of digits as `="…"`, which Excel and WPS show as the text it is: as a number a long code loses
    /// its last digits or turns into 2.02008E+11, and a leading zero disappears.
    static func textCell(_ code: String) -> String {
        !code.isEmpty && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber) ? "=\"\(code)\"" : code
    }

    static func link(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#&"))) ?? name
    }

    /// The look of EvalSheet's list pages (this summary and the preview's index).
    public static let listStyle = """
    body { font-family: "Noto Sans CJK SC", sans-serif; margin: 24px; color: #222; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; }
    th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: left; }
    th { cursor: pointer; background: #f4f4f4; user-select: none; }
    """

    public static func html(_ rows: [(row: BatchRow, outputs: [String])]) -> String {
        let groups = groupNames(rows)
        var body = ""
        for (row, outputs) in rows {
            let totals = groups.map { group in "<td class=\"n\">\(escape(row.groups.first { $0.id == group.id }?.total ?? ""))</td>" }.joined()
            let links = [(".pdf", "PDF"), (".html", "HTML"), (".docx", "DOCX")].compactMap { suffix, name in
                outputs.first { $0.hasSuffix(suffix) }.map { "<a href=\"\(link($0))\">\(name)</a>" }
            }.joined(separator: " ")
            let status = row.status == .rendered ? row.status.label
                : "<strong>\(escape(row.status.label))</strong><br><small>\(escape(row.reason))</small>"
            body += "<tr class=\"\(row.status.rawValue)\"><td>\(escape(row.code.isEmpty ? row.input : row.code))</td><td>\(escape(row.unit))</td><td>\(escape(row.project))</td><td class=\"n\">\(escape(row.budget))</td>"
                + totals + "<td class=\"n\">\(escape(row.deductions))</td><td class=\"n\">\(escape(row.total))</td><td>\(escape(row.grade))</td><td>\(status)</td><td>\(links)</td></tr>\n"
        }
        let heads = (["指标编码", "项目单位", "项目名称", "预算金额（万元）"] + groups.map(\.name) + ["逆向指标", "合计", "等级", "状态", ""])
            .map { "<th>\(escape($0))</th>" }.joined()
        let done = rows.filter { $0.row.status == .rendered }.count
        let formTitle = rows.first { !$0.row.formTitle.isEmpty }?.row.formTitle ?? "EvalSheet"
        let title = done == rows.count ? "\(formTitle)（\(rows.count) 份）" : "\(formTitle)（\(done) / \(rows.count) 份完成，\(rows.count - done) 份未完成）"
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(listStyle)
        .charts { display: flex; gap: 32px; flex-wrap: wrap; margin: 16px 0; }
        th { position: sticky; top: 0; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.failed td, tr.interrupted td { background: #fff4f4; }
        input { font-size: 14px; padding: 4px 8px; width: 320px; }
        </style></head>
        <body>
        <h1>\(escape(title))</h1>
        <div class="charts">
        \(gradeChart(rows.map(\.row).filter { $0.status == .rendered }))
        \(histogram(rows.map(\.row).filter { $0.status == .rendered }))
        </div>
        <p><input id="filter" type="search" placeholder="筛选（编码、单位、项目、等级）" aria-label="filter"> <span id="shown">\(rows.count)</span> / \(rows.count)</p>
        <table id="sheets"><thead><tr>\(heads)</tr></thead>
        <tbody>
        \(body)</tbody></table>
        <script>
        var table = document.getElementById("sheets");
        document.getElementById("filter").addEventListener("input", function (event) {
          var words = event.target.value.trim().toLowerCase(), shown = 0;
          Array.from(table.tBodies[0].rows).forEach(function (row) {
            var visible = row.innerText.toLowerCase().indexOf(words) >= 0;
            row.style.display = visible ? "" : "none"; if (visible) shown++;
          });
          document.getElementById("shown").textContent = shown;
        });
        table.querySelectorAll("th").forEach(function (th, column) {
          th.addEventListener("click", function () {
            var rows = Array.from(table.tBodies[0].rows), ascending = th.dataset.order !== "asc";
            th.dataset.order = ascending ? "asc" : "desc";
            rows.sort(function (a, b) {
              var x = a.cells[column].innerText, y = b.cells[column].innerText, p = parseFloat(x), q = parseFloat(y);
              var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.localeCompare(y, "zh");
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
          });
        });
        </script>
        </body></html>

        """
    }

    /// Bars per grade, in the order the grades first appear from best to worst.
    static func gradeChart(_ rows: [BatchRow]) -> String {
        let order = ["优", "良", "中", "差"]
        var counts: [String: Int] = [:]
        for row in rows { counts[row.grade, default: 0] += 1 }
        let grades = order.filter { counts[$0] != nil } + counts.keys.filter { !order.contains($0) }.sorted()
        let top = max(1, counts.values.max() ?? 1)
        var bars = ""
        for (index, grade) in grades.enumerated() {
            let height = Double(counts[grade]!) / Double(top) * 120
            let x = 30 + index * 60
            bars += "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", 140 - height))\" width=\"40\" height=\"\(String(format: "%.1f", height))\" fill=\"#4a78b5\"/>"
                + "<text x=\"\(x + 20)\" y=\"158\" text-anchor=\"middle\">\(escape(grade))</text>"
                + "<text x=\"\(x + 20)\" y=\"\(String(format: "%.1f", 135 - height))\" text-anchor=\"middle\">\(counts[grade]!)</text>"
        }
        return "<figure><figcaption>等级分布</figcaption><svg role=\"img\" aria-label=\"grade distribution\" width=\"\(40 + grades.count * 60)\" height=\"165\" font-size=\"12\">\(bars)</svg></figure>"
    }

    /// Totals in bins of ten points.
    static func histogram(_ rows: [BatchRow]) -> String {
        var bins = Array(repeating: 0, count: 10)
        for row in rows {
            guard let total = Double(row.total) else { continue }
            bins[min(9, max(0, Int(total / 10)))] += 1
        }
        let top = max(1, bins.max() ?? 1)
        var bars = ""
        for (index, count) in bins.enumerated() {
            let height = Double(count) / Double(top) * 120
            let x = 30 + index * 34
            bars += "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", 140 - height))\" width=\"28\" height=\"\(String(format: "%.1f", height))\" fill=\"#7aa95c\"><title>\(index * 10)–\(index * 10 + 10): \(count)</title></rect>"
                + "<text x=\"\(x + 14)\" y=\"158\" text-anchor=\"middle\">\(index * 10)</text>"
        }
        return "<figure><figcaption>总分分布</figcaption><svg role=\"img\" aria-label=\"score histogram\" width=\"390\" height=\"165\" font-size=\"11\">\(bars)</svg></figure>"
    }
}
