import EvalSheet
import Foundation
import XCTest

final class HTMLTests: XCTestCase {
    struct Parsed: Decodable {
        struct Table: Decodable { var `class`: String; var rows: [Row] }
        struct Row: Decodable { var section: String; var cells: [Cell] }
        struct Cell: Decodable {
            var tag: String; var text: String; var rowspan: Int; var colspan: Int; var paragraphs: Int
            /// The sides the cell's own style leaves open (`top`, `bottom`, `left`, `right`).
            var open: [String]
        }
        var error: String?
        var lang: String?
        var tables: [Table]?
        var scripts: Int?
        var links: Int?
        var external: [String]?
        var cssFetches: Int?
        var title: String?
        var body: String?
    }

    static var python: String { TestSupport.root.appendingPathComponent(".cache/venv/bin/python").path }

    /// Parses HTML with a real HTML5 parser in strict mode.
    func parse(_ html: String) throws -> Parsed { try Self.parse(html) }

    static func parse(_ html: String) throws -> Parsed {
        let file = TestSupport.temporaryDirectory().appendingPathComponent("sheet.html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/python-env.sh")
        let result = try TestSupport.run(
            Self.python, [TestSupport.fixtures.appendingPathComponent("html_tables.py").path, file.path])
        return try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
    }

    func testHTMLIsValidSelfContainedHTML5() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let parsed = try parse(HTMLRenderer.render(sheet))
        XCTAssertNil(parsed.error)
        XCTAssertEqual(parsed.lang, "zh-CN")
        XCTAssertEqual(parsed.external, [])
        XCTAssertEqual(parsed.links, 0)
        XCTAssertEqual(parsed.cssFetches, 0)
        XCTAssertEqual(parsed.scripts, 0)
        XCTAssertEqual(parsed.title, "电子政务云服务平台项目经费 — 2020年度市级财政支出项目绩效核查评分意见表")
        // Narrative paragraphs are <p>s: the 存在问题 cell has one per paragraph of the evaluation.
        let opinion = try XCTUnwrap(parsed.tables?.first { $0.class == "opinion" })
        let problems = try XCTUnwrap(opinion.rows.first { $0.cells.first?.text.hasPrefix("存在问题") ?? false })
        XCTAssertEqual(problems.cells.last?.paragraphs, sheet.evaluation.narrative["problems"]?.count)
        // The selected recommendation is marked.
        XCTAssertTrue(parsed.body?.contains("保留（√）；保留但建议部分核减（○）；取消（□）。") ?? false)
    }

    func testTablesMatchThePDFCellForCell() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let parsed = try parse(HTMLRenderer.render(sheet))
        let document = TestSupport.renderer.layout(sheet)
        // Each cell once: continuations and the head rows repeated on later pages are page furniture.
        var seen = Set<String>()
        let boxes = LayoutInvariants.cells(document).map(\.cell).filter {
            !$0.isContinuation && seen.insert("\($0.table) \($0.row) \($0.column)").inserted
        }
        for (table, name) in [("score", "score"), ("narrative", "opinion")] {
            let html = try XCTUnwrap(parsed.tables?.first { $0.class == name })
            // Rows in order; in each row the cells that start there, left to right, with their spans and text.
            let pdfRows = Dictionary(grouping: boxes.filter { $0.table == table }, by: \.row)
            XCTAssertEqual(pdfRows.count, html.rows.count, table)
            XCTAssertEqual(html.rows.filter { $0.section == "thead" }.count, table == "score" ? 2 : 1)
            for (index, row) in html.rows.enumerated() {
                let pdf = (pdfRows[index] ?? []).sorted { $0.column < $1.column }
                XCTAssertEqual(
                    pdf.map { TestSupport.squeezed($0.text) }, row.cells.map { TestSupport.squeezed($0.text) },
                    "\(table) row \(index)")
                XCTAssertEqual(pdf.map(\.rowSpan), row.cells.map(\.rowspan), "\(table) row \(index) rowspans")
                XCTAssertEqual(pdf.map(\.columnSpan), row.cells.map(\.colspan), "\(table) row \(index) colspans")
                XCTAssertEqual(
                    pdf.map(\.isHead), row.cells.map { _ in row.section == "thead" },
                    "\(table) row \(index) in the head")
            }
        }
        // The same section order: 总体评价, 存在问题, 改进建议, 对下年度预算安排建议.
        let labels = LayoutInvariants.cells(document).map(\.cell).filter {
            $0.role == "section-label" && !$0.isContinuation
        }
        XCTAssertEqual(labels.map { String($0.text.prefix(4)) }, ["总体评价", "存在问题", "改进建议", "对下年度"])
    }

    func testEveryTextIsEscaped() throws {
        let hostile = "<script>alert(1)</script> & \"quoted\" 'single' </td></tr></table><b>x</b>"
        let yaml = TestSupport.seedYAML()
            .replacingOccurrences(
                of: "  project: 电子政务云服务平台项目经费",
                with: "  project: '\(hostile.replacingOccurrences(of: "'", with: "''"))'"
            )
            .replacingOccurrences(
                of: "    - \"**一、项目管理。**\"\n",
                with: "    - \"\(hostile.replacingOccurrences(of: "\"", with: "\\\""))\"\n")
        let sheet = try TestSupport.score(yaml).get()
        let html = HTMLRenderer.render(
            sheet,
            options: .init(diagnostics: [
                Diagnostic(.warning, file: "x", at: nil, field: "f", Message(en: hostile, zh: hostile))
            ]))
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertFalse(html.contains("</td></tr></table><b>"))
        let parsed = try parse(html)
        XCTAssertNil(parsed.error)
        XCTAssertEqual(parsed.scripts, 0)
        XCTAssertEqual(parsed.tables?.count, 2, "the hostile text must not close a table")
        XCTAssertTrue(parsed.title?.contains(hostile) ?? false)
        // Shown as text in the header cell, in the two sections that had 一、项目管理。, and in the problems panel.
        XCTAssertEqual(parsed.body?.components(separatedBy: hostile).count, 5)
    }
}

/// Every table of any sheet is a full rectangle, in the logical structure and in the HTML as a browser
/// places its cells (each cell in the first free column of its row, after the row spans from above), and
/// the HTML matches the PDF row for row and cell for cell.
enum TableParity {
    /// Problems of a table whose cells give their own column: overlaps, cells past the last column, holes.
    static func rectangleProblems(_ table: LogicalTable) -> [String] {
        let rows = table.lead + table.head + table.body
        var taken = Array(repeating: Array(repeating: false, count: table.columnCount), count: rows.count)
        var problems: [String] = []
        for (index, row) in rows.enumerated() {
            for cell in row.cells {
                for r in index..<(index + cell.rowSpan) {
                    for c in cell.column..<(cell.column + cell.columnSpan) {
                        guard r < rows.count, c < table.columnCount else {
                            problems.append(
                                "\(table.id) row \(index): '\(cell.role)' runs past the table (\(r), \(c))");
                            continue
                        }
                        if taken[r][c] {
                            problems.append("\(table.id) row \(index): '\(cell.role)' overlaps at (\(r), \(c))")
                        }
                        taken[r][c] = true
                    }
                }
            }
        }
        for (index, row) in taken.enumerated() where row.contains(false) {
            problems.append("\(table.id) row \(index): no cell at column \(row.firstIndex(of: false)!)")
        }
        return problems
    }

    /// The same for an HTML table, cells placed as the HTML table model places them.
    static func rectangleProblems(_ table: HTMLTests.Parsed.Table, columns: Int) -> [String] {
        var taken = Array(repeating: Array(repeating: false, count: columns), count: table.rows.count)
        var problems: [String] = []
        for (index, row) in table.rows.enumerated() {
            var column = 0
            for cell in row.cells {
                while column < columns && taken[index][column] { column += 1 }
                for r in index..<min(table.rows.count, index + cell.rowspan) {
                    for c in column..<(column + cell.colspan) {
                        guard c < columns else {
                            problems.append(
                                "\(table.class) row \(index): '\(cell.text.prefix(10))' spills past column \(columns)");
                            break
                        }
                        if taken[r][c] { problems.append("\(table.class) row \(index): overlap at column \(c)") }
                        taken[r][c] = true
                    }
                }
                column += cell.colspan
            }
            if let hole = taken[index].firstIndex(of: false) {
                problems.append("\(table.class) row \(index): nothing at column \(hole)")
            }
        }
        return problems
    }

    /// All problems of one sheet in one language: rectangles, and HTML against the PDF.
    static func problems(_ sheet: ScoredSheet, language: Language = .zh) throws -> [String] {
        let structure = SheetStructure(SheetText(sheet, language: language))
        var problems = structure.tables().flatMap { rectangleProblems($0.table) }
        let parsed = try HTMLTests.parse(HTMLRenderer.render(sheet, language: language))
        if let error = parsed.error { return problems + ["HTML: \(error)"] }
        let document = TestSupport.renderer.layout(sheet, language: language)
        var seen = Set<String>()
        let boxes = LayoutInvariants.cells(document).map(\.cell).filter {
            !$0.isContinuation && seen.insert("\($0.table) \($0.row) \($0.column)").inserted
        }
        let logical = structure.tables()
        let html = parsed.tables ?? []
        if html.count != logical.count { problems.append("HTML has \(html.count) tables, the sheet \(logical.count)") }
        for (table, (_, source)) in zip(html, logical) {
            problems += rectangleProblems(table, columns: source.columnCount)
            let pdfRows = Dictionary(grouping: boxes.filter { $0.table == source.id }, by: \.row)
            if pdfRows.count != table.rows.count {
                problems.append("\(source.id): \(table.rows.count) HTML rows, \(pdfRows.count) in the PDF")
            }
            for (index, row) in table.rows.enumerated() {
                let pdf = (pdfRows[index] ?? []).sorted { $0.column < $1.column }
                // Text, spans and the sides the cell leaves open.
                let pdfCells = pdf.map { cell in
                    let open = CellRules.sides.filter { !cell.rules.contains($0.side) }.map(\.name)
                    return "\(TestSupport.squeezed(cell.text)) \(cell.rowSpan)×\(cell.columnSpan) \(open)"
                }
                let htmlCells = row.cells.map {
                    "\(TestSupport.squeezed($0.text)) \($0.rowspan)×\($0.colspan) \($0.open)"
                }
                if pdfCells != htmlCells {
                    problems.append("\(source.id) row \(index): PDF \(pdfCells) HTML \(htmlCells)")
                }
            }
        }
        return problems
    }
}

extension HTMLTests {
    func testEveryShippedSampleIsTheSameTableInHTMLAndPDF() throws {
        var sheets = 0
        for url in try EvaluationFiles.expand([TestSupport.samples.path]) {
            let sheet = try TestSupport.sheet(url)
            for language in [Language.zh, .bilingual] {
                XCTAssertEqual(
                    try TableParity.problems(sheet, language: language), [], "\(url.lastPathComponent) \(language)")
            }
            sheets += 1
        }
        XCTAssertGreaterThanOrEqual(sheets, 7)
    }
}

extension HTMLTests {
    /// The HTML takes the column widths the PDF layout chose (widened so that English words and figures stay
    /// whole) when it is given them, as `render --format html` does; without them, the form's.
    func testTheHTMLTakesTheLayoutsColumnWidths() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let document = TestSupport.renderer.layout(sheet, language: .bilingual)
        let laidOut = try XCTUnwrap(document.columnWidths["score"])
        let form = sheet.form.style.columns(for: .indicators)
        XCTAssertNotEqual(
            laidOut.map { ($0 * 100).rounded() }, form.map { ($0 * 100).rounded() },
            "the layout widens columns for English words")
        func percentages(_ widths: [Double]) -> [String] {
            let total = widths.reduce(0, +)
            return widths.map { String(format: "%.3f", $0 / total * 100) }
        }
        func scoreColumns(_ html: String) throws -> [String] {
            let table = try XCTUnwrap(html.range(of: "<table class=\"score\">"))
            let group = html[table.upperBound...].prefix { $0 != "/" }
            return group.components(separatedBy: "width: ").dropFirst().map { String($0.prefix { $0 != "%" }) }
        }
        var options = HTMLRenderer.Options()
        options.columnWidths = document.columnWidths
        XCTAssertEqual(
            try scoreColumns(HTMLRenderer.render(sheet, language: .bilingual, options: options)), percentages(laidOut))
        XCTAssertEqual(try scoreColumns(HTMLRenderer.render(sheet, language: .bilingual)), percentages(form))

        let file = TestSupport.temporaryDirectory().appendingPathComponent("sheet.html")
        let result = try TestSupport.run(
            TestSupport.cli,
            ["render", TestSupport.seedSample.path, "--lang", "zh-en", "--format", "html", "-o", file.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(try scoreColumns(String(contentsOf: file, encoding: .utf8)), percentages(laidOut))
    }
}
