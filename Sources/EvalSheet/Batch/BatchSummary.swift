import Foundation

/// OUTDIR/index.html and OUTDIR/summary.csv: one row per project, from the batch manifests.
public enum BatchSummary {
    /// Rows in budget-code order, with the outputs that exist: every rendered sheet, and every one that failed
    /// or was not reached, with its status and reason.
    public static func rows(_ manifest: BatchManifest) -> [(row: BatchRow, outputs: [String])] {
        (manifest.entries.values.map { ($0.row, $0.outputs) } + manifest.failures.values.map { ($0, []) })
            .sorted { ($0.row.code, $0.row.input) < ($1.row.code, $1.row.input) }
    }

    /// The three files, from every shard's manifest in the folder, written row by row in one pass, each row
    /// decoded once from its manifest line (`SummaryRows`): for 10,000 sheets they are 7 MB of HTML and 3 MB of
    /// CSV, and the rows decoded all at once 20 MB (`--summary-only` at its peak: 46 MB; scripts/batch-memory.sh).
    /// summary.xlsx, for Excel and WPS, keeps its cells' text (about as much as the CSV) until it is packed.
    public static func write(from folder: URL) throws {
        let rows = SummaryRows(folder: folder)
        var workbook = [heads(rows.groups)]
        try AtomicFile.stream(to: folder.appendingPathComponent("summary.csv")) { csv in
            try AtomicFile.stream(to: folder.appendingPathComponent("index.html")) { html in
                try csv.write("\u{FEFF}" + csvLine(heads(rows.groups)))
                try html.write(htmlHead(rows))
                try rows.forEach { row, outputs in
                    let values = cells(row, outputs: outputs, groups: rows.groups)
                    workbook.append(values)
                    var text = values
                    text[1] = textCell(values[1])
                    try csv.write(csvLine(text))
                    try html.write(htmlRow(row, outputs: outputs, groups: rows.groups))
                }
                try html.write(htmlFoot)
            }
        }
        // Budget codes stay text; the year, amounts, totals and deductions are numbers Excel can sum.
        var sheet = SpreadsheetExporter.Worksheet(
            table: SpreadsheetTable(name: "汇总", rows: workbook),
            numericColumns: numericColumns(rows.groups))
        sheet.firstDataRow = 1
        try SpreadsheetExporter.xlsx([sheet], to: folder.appendingPathComponent("summary.xlsx"))
    }

    /// The summary's columns, in summary.csv and summary.xlsx.
    static func heads(_ groups: [(id: String, name: String)]) -> [String] {
        ["年度", "指标编码", "项目单位", "项目名称", "预算金额（万元）"] + groups.map(\.name)
            + ["逆向指标", "合计", "等级", "状态", "原因"] + OutputFormat.perSheet.map(\.label) + ["文件"]
    }

    /// The columns of numbers: the year, the budget, each group's total, the deductions and the total.
    static func numericColumns(_ groups: [(id: String, name: String)]) -> Set<Int> {
        Set([0, 4] + (5..<(5 + groups.count)) + [5 + groups.count, 6 + groups.count])
    }

    /// One row's values, as the heads name them.
    static func cells(_ row: BatchRow, outputs: [String], groups: [(id: String, name: String)]) -> [String] {
        let totals = groups.map { group in row.groups.first { $0.id == group.id }?.total ?? "" }
        let files = OutputFormat.perSheet.map { format in
            outputs.first { $0.hasSuffix("." + format.fileExtension) } ?? ""
        }
        return [row.year > 0 ? String(row.year) : "", row.code, row.unit, row.project, row.budget] + totals
            + [row.deductions, row.total, row.grade, row.statusLabel, row.reason] + files + [row.input]
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n\r".contains($0) })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// One line of summary.csv (UTF-8 with a byte-order mark before the first, so that Excel and WPS open the
    /// Chinese correctly).
    static func csvLine(_ values: [String]) -> String {
        values.map(csvField).joined(separator: ",") + "\r\n"
    }

    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// A code of digits as `="…"`, which Excel and WPS show as the text it is: as a number a long code loses
    /// its last digits or turns into 2.02008E+11, and a leading zero disappears.
    static func textCell(_ code: String) -> String {
        !code.isEmpty && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber) ? "=\"\(code)\"" : code
    }

    static func link(_ name: String) -> String {
        name.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#&"))) ?? name
    }

    /// The behaviour of EvalSheet's list pages (this summary and the preview's index), for a `table.list`: a
    /// click on a head sorts by that column (by a cell's `data-sort` where it has one: grades in the form's
    /// order, best first, not in pinyin order), and the inputs of the second head row filter by their column
    /// (`data-exact`: the whole cell, so that 中 finds the grade 中, not every unit named 中山市…).
    public static let listScript = """
        <script>
        (function () {
          document.querySelectorAll("table.list").forEach(function (table) {
            var heads = table.tHead.rows[0].cells, filters = Array.from(table.tHead.querySelectorAll("input[data-column]"));
            function apply() {
              var shown = 0;
              Array.from(table.tBodies[0].rows).forEach(function (row) {
                var visible = filters.every(function (input) {
                  var words = input.value.trim().toLowerCase();
                  if (!words) return true;
                  var cell = row.cells[+input.dataset.column], text = cell ? cell.innerText.trim().toLowerCase() : "";
                  return input.dataset.exact !== undefined ? text === words : text.indexOf(words) >= 0;
                });
                row.style.display = visible ? "" : "none";
                if (visible) shown++;
              });
              var counter = document.getElementById("shown");
              if (counter) counter.textContent = shown;
            }
            filters.forEach(function (input) { input.addEventListener("input", apply); });
            Array.from(heads).forEach(function (th, column) {
              th.addEventListener("click", function () {
                var rows = Array.from(table.tBodies[0].rows), ascending = th.dataset.order !== "asc";
                th.dataset.order = ascending ? "asc" : "desc";
                function key(row) {
                  var cell = row.cells[column];
                  return cell ? (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.innerText) : "";
                }
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b), p = parseFloat(x), q = parseFloat(y);
                  var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.localeCompare(y, "zh");
                  return ascending ? order : -order;
                });
                rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
              });
            });
          });
        })();
        </script>
        """

    /// The second head row of a list: one filter per column (`exact` columns match the whole cell).
    public static func filterRow(_ count: Int, exact: Set<Int> = [], label: String) -> String {
        "<tr class=\"filters\">"
            + (0..<count).map { column in
                "<th><input data-column=\"\(column)\"\(exact.contains(column) ? " data-exact" : "") type=\"search\" aria-label=\"\(escape(label)) \(column + 1)\"></th>"
            }.joined() + "</tr>"
    }

    /// The look of EvalSheet's list pages (this summary and the preview's index).
    public static let listStyle = """
        body { font-family: "Noto Sans CJK SC", sans-serif; margin: 24px; color: #222; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: left; }
        th { cursor: pointer; background: #f4f4f4; user-select: none; }
        tr.filters th { cursor: auto; padding: 2px 4px; }
        tr.filters input { width: 100%; box-sizing: border-box; font-size: 13px; padding: 2px 4px; }
        nav { margin: 8px 0 16px; }
        """

    static func htmlHead(_ rows: SummaryRows) -> String {
        let groups = rows.groups
        let headNames = ["指标编码", "项目单位", "项目名称", "预算金额（万元）"] + groups.map(\.name) + ["逆向指标", "合计", "等级", "状态", ""]
        let heads = headNames.map { "<th>\(escape($0))</th>" }.joined()
        let gradeColumn = headNames.count - 3
        let done = rows.places.filter { $0.status == .rendered }.count
        let drafts = rows.places.filter { $0.status == .rendered && $0.draft }.count
        let formTitle = rows.formTitle ?? "EvalSheet"
        let draftNote = drafts > 0 ? "，其中草稿 \(drafts) 份" : ""
        let title =
            done == rows.places.count
            ? "\(formTitle)（\(rows.places.count) 份\(draftNote)）"
            : "\(formTitle)（\(done) / \(rows.places.count) 份完成\(draftNote)，\(rows.places.count - done) 份未完成）"
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
            tr.draft td { background: #fffbe6; }
            </style></head>
            <body>
            <h1>\(escape(title))</h1>
            <div class="charts">
            \(gradeChart(rows.places.filter { $0.status == .rendered && !$0.draft }))
            \(histogram(rows.places.filter { $0.status == .rendered && !$0.draft }))
            </div>
            <p>筛选：在各列标题下输入（等级须完全一致）。显示 <span id="shown">\(rows.places.count)</span> / \(rows.places.count)</p>
            <table id="sheets" class="list"><thead><tr>\(heads)</tr>\(filterRow(headNames.count, exact: [gradeColumn], label: "筛选第"))</thead>
            <tbody>

            """
    }

    static func htmlRow(_ row: BatchRow, outputs: [String], groups: [(id: String, name: String)]) -> String {
        let totals = groups.map { group in
            "<td class=\"n\">\(escape(row.groups.first { $0.id == group.id }?.total ?? ""))</td>"
        }.joined()
        let links = OutputFormat.perSheet.compactMap { format in
            outputs.first { $0.hasSuffix("." + format.fileExtension) }.map {
                "<a href=\"\(link($0))\">\(format.label)</a>"
            }
        }.joined(separator: " ")
        let status =
            row.isFinal
            ? row.statusLabel
            : row.status == .rendered
                ? "<strong>\(escape(row.statusLabel))</strong>"
                : "<strong>\(escape(row.statusLabel))</strong><br><small>\(escape(row.reason))</small>"
        return
            "<tr class=\"\(row.status == .rendered && row.draft ? "draft" : row.status.rawValue)\"><td>\(escape(row.code.isEmpty ? row.input : row.code))</td><td>\(escape(row.unit))</td><td>\(escape(row.project))</td><td class=\"n\">\(escape(row.budget))</td>"
            + totals
            + "<td class=\"n\">\(escape(row.deductions))</td><td class=\"n\">\(escape(row.total))</td><td data-sort=\"\(row.gradeRank ?? 99)\">\(escape(row.grade))</td><td>\(status)</td><td>\(links)</td></tr>\n"
    }

    static let htmlFoot = """
        </tbody></table>
        \(listScript)
        </body></html>

        """

    /// Bars per grade, best first, in the order of the form's bands.
    static func gradeChart(_ rows: [SummaryRows.Place]) -> String {
        var counts: [String: Int] = [:], ranks: [String: Int] = [:]
        for row in rows where !row.grade.isEmpty {
            counts[row.grade, default: 0] += 1
            if let rank = row.gradeRank { ranks[row.grade] = rank }
        }
        let grades = counts.keys.sorted { (ranks[$0] ?? 99, $0) < (ranks[$1] ?? 99, $1) }
        let top = max(1, counts.values.max() ?? 1)
        var bars = ""
        for (index, grade) in grades.enumerated() {
            let height = Double(counts[grade]!) / Double(top) * 120
            let x = 30 + index * 60
            bars +=
                "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", 140 - height))\" width=\"40\" height=\"\(String(format: "%.1f", height))\" fill=\"#4a78b5\"/>"
                + "<text x=\"\(x + 20)\" y=\"158\" text-anchor=\"middle\">\(escape(grade))</text>"
                + "<text x=\"\(x + 20)\" y=\"\(String(format: "%.1f", 135 - height))\" text-anchor=\"middle\">\(counts[grade]!)</text>"
        }
        return
            "<figure><figcaption>等级分布</figcaption><svg role=\"img\" aria-label=\"等级分布\" width=\"\(40 + grades.count * 60)\" height=\"165\" font-size=\"12\">\(bars)</svg></figure>"
    }

    /// Totals in bins of ten points.
    static func histogram(_ rows: [SummaryRows.Place]) -> String {
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
            bars +=
                "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", 140 - height))\" width=\"28\" height=\"\(String(format: "%.1f", height))\" fill=\"#7aa95c\"><title>\(index * 10)–\(index * 10 + 10): \(count)</title></rect>"
                + "<text x=\"\(x + 14)\" y=\"158\" text-anchor=\"middle\">\(index * 10)</text>"
        }
        return
            "<figure><figcaption>总分分布</figcaption><svg role=\"img\" aria-label=\"总分分布\" width=\"390\" height=\"165\" font-size=\"11\">\(bars)</svg></figure>"
    }
}

/// The rows of a batch summary in budget-code order, each decoded from its manifest line when it is written:
/// what is kept per row is its sort key, where its line is and what the charts count.
struct SummaryRows {
    struct Place {
        var code: String
        var input: String
        var file: Int
        var line: BatchManifest.LinePlace
        var status: BatchRow.Status
        var draft: Bool
        var grade: String
        var gradeRank: Int?
        var total: String
        /// Its form title, among `titles`.
        var title: Int
    }

    private var titles: [String] = []
    private(set) var files: [URL] = []
    private(set) var places: [Place] = []
    /// The score groups in the order the rows first name them (one column each).
    private(set) var groups: [(id: String, name: String)] = []
    /// The first row's form title that has one.
    private(set) var formTitle: String?

    /// Every shard's manifest in the folder, the last record of each input winning.
    init(folder: URL) {
        var latest: [String: Int] = [:]
        var groupLists: [[BatchRow.Group]] = []
        var groupsOf: [Int] = []
        let decoder = JSONDecoder()
        for name in BatchManifest.fileNames(in: folder) {
            files.append(folder.appendingPathComponent(name))
            BatchManifest.forEachLine(files.last!) { line, at in
                guard let record = try? decoder.decode(BatchManifest.Record.self, from: line) else { return }
                let row = record.row
                let title =
                    titles.firstIndex(of: row.formTitle)
                    ?? {
                        titles.append(row.formTitle); return titles.count - 1
                    }()
                let place = Place(
                    code: row.code, input: record.input, file: files.count - 1, line: at, status: row.status,
                    draft: row.draft, grade: row.grade, gradeRank: row.gradeRank, total: row.total, title: title)
                let names = row.groups.map { BatchRow.Group(id: $0.id, name: $0.name, total: "") }
                let list =
                    groupLists.firstIndex(of: names)
                    ?? {
                        groupLists.append(names); return groupLists.count - 1
                    }()
                if let index = latest[record.input] {
                    places[index] = place
                    groupsOf[index] = list
                } else {
                    latest[record.input] = places.count
                    places.append(place)
                    groupsOf.append(list)
                }
            }
        }
        let order = places.indices.sorted { (places[$0].code, places[$0].input) < (places[$1].code, places[$1].input) }
        for index in order {
            for group in groupLists[groupsOf[index]] where !groups.contains(where: { $0.id == group.id }) {
                groups.append((group.id, group.name))
            }
        }
        places = order.map { places[$0] }
        let known = titles
        formTitle = places.first { !known[$0.title].isEmpty }.map { known[$0.title] }
    }

    /// Each row with its outputs, in order, decoded as it is reached.
    func forEach(_ body: (BatchRow, [String]) throws -> Void) throws {
        let decoder = JSONDecoder()
        try BatchManifest.readLines(files, at: places.map { ($0.file, $0.line) }) { line in
            guard let record = try? decoder.decode(BatchManifest.Record.self, from: line) else { return }
            try body(record.row, record.outputs ?? [])
        }
    }
}
