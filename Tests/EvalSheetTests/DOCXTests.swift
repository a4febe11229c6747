import EvalSheet
import Foundation
import XCTest

/// The DOCX read back by independent programs: python-docx for the tables, cell by cell, and LibreOffice
/// for what a Word user's machine prints.
final class DOCXTests: XCTestCase {
    struct Read: Decodable {
        struct Table: Decodable { var gridColumns: Int; var width: Int; var rows: [Row] }
        struct Row: Decodable { var cells: [Cell]; var header: Bool; var cantSplit: Bool; var gridColumns: Int }
        struct Cell: Decodable { var x0: Int; var x1: Int; var rowSpan: Int; var text: String }
        struct Style: Decodable { var ascii: String?; var eastAsia: String?; var size: Double?; var bold: Bool? }
        struct Paragraph: Decodable { var style: String; var text: String }
        struct Footer: Decodable { var text: String; var fields: [String] }
        struct Core: Decodable {
            var title: String?; var author: String?; var subject: String?; var keywords: String?; var created: String?
        }
        struct Narrative: Decodable {
            var text: String; var firstLineChars: String; var justified: String; var firstLineIndent: Double;
            var bold: [String]
        }
        var tables: [Table]
        var page: [String: Int]
        var styles: [String: Style]
        var paragraphs: [Paragraph]
        var footer: Footer
        var header: String
        var differentFirstPage: Bool
        var firstPageHeader: String
        var core: Core
        var narrative: [Narrative]
    }

    static let languages: [Language] = [.zh, .en, .bilingual]

    static func samples() throws -> [URL] { try EvaluationFiles.expand([TestSupport.samples.path]) }

    static func write(_ sheet: ScoredSheet, language: Language = .zh, in folder: URL, name: String = "sheet") throws
        -> URL
    {
        let url = folder.appendingPathComponent("\(name).docx")
        try TestSupport.renderer.writeDOCX(
            sheet, layout: TestSupport.renderer.layout(sheet, language: language), language: language, to: url)
        return url
    }

    static func read(_ url: URL) throws -> Read {
        let result = try TestSupport.run(
            HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("docx_tables.py").path, url.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        return try JSONDecoder().decode(Read.self, from: Data(result.stdout.utf8))
    }

    /// The logical rows in reading order with each block's column edges, in twips from the table's left edge:
    /// the PDF layout's columns (the form's, widened for English words), computed here, not by the writer.
    static func expectedRows(_ sheet: ScoredSheet, language: Language) -> [(row: LogicalRow, edges: [Double])] {
        let style = sheet.form.style
        let width = style.contentWidth * 20
        let laidOut = TestSupport.renderer.layout(sheet, language: language).columnWidths
        return SheetStructure(SheetText(sheet, language: language)).tables().flatMap {
            block, table -> [(LogicalRow, [Double])] in
            let widths = laidOut[table.id] ?? table.widths ?? style.columns(for: block)
            let total = widths.reduce(0, +)
            var edges = [0.0]
            for column in widths { edges.append(edges.last! + column / total * width) }
            return (table.lead + table.head + table.body).map { ($0, edges) }
        }
    }

    static func printedText(_ cell: LogicalCell) -> String {
        cell.plainText.replacingOccurrences(of: Language.separator, with: "\n")
    }

    func testEverySampleReadsBackCellForCell() throws {
        let folder = TestSupport.temporaryDirectory()
        for input in try Self.samples() {
            let sheet = try TestSupport.sheet(input)
            for language in Self.languages {
                let label = "\(input.lastPathComponent) \(language.rawValue)"
                let read = try Self.read(try Self.write(sheet, language: language, in: folder))
                let rows = read.tables.flatMap(\.rows)
                let expected = Self.expectedRows(sheet, language: language)
                XCTAssertEqual(rows.count, expected.count, label)
                for table in read.tables {
                    XCTAssertEqual(
                        table.width, Int((sheet.form.style.contentWidth * 20).rounded()),
                        "\(label): the table fills the text block")
                    // Every row covers the whole grid: a full rectangle in Word's eyes.
                    for row in table.rows {
                        XCTAssertEqual(row.gridColumns, table.gridColumns, "\(label): a row short of the grid")
                    }
                }
                for (index, (row, (logical, edges))) in zip(rows, expected).enumerated() {
                    var unmatched = row.cells
                    for cell in logical.cells {
                        let x0 = edges[cell.column], x1 = edges[cell.column + cell.columnSpan]
                        guard let found = unmatched.firstIndex(where: { abs(Double($0.x0) - x0) <= 3 }) else {
                            XCTFail(
                                "\(label) row \(index): no cell at column \(cell.column) (\(Self.printedText(cell)))")
                            continue
                        }
                        let word = unmatched.remove(at: found)
                        XCTAssertEqual(
                            Double(word.x1), x1, accuracy: 3, "\(label) row \(index) column \(cell.column): width")
                        XCTAssertEqual(
                            word.rowSpan, cell.rowSpan, "\(label) row \(index) column \(cell.column): row span")
                        XCTAssertEqual(word.text, Self.printedText(cell), "\(label) row \(index) column \(cell.column)")
                    }
                    // What is left are cells merged from above (not listed) and blanks filling a short row.
                    XCTAssertEqual(
                        unmatched.map(\.text).filter { !$0.isEmpty }, [],
                        "\(label) row \(index): cells the sheet does not have")
                }
            }
        }
    }

    func testPageStylesHeadsFooterAndProperties() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let style = sheet.form.style
        let read = try Self.read(try Self.write(sheet, in: TestSupport.temporaryDirectory()))
        // A4 with the form's margins.
        XCTAssertEqual(read.page["width"], 11906)
        XCTAssertEqual(read.page["height"], 16838)
        for (side, value) in [
            ("top", style.margins.top), ("bottom", style.margins.bottom), ("left", style.margins.left),
            ("right", style.margins.right)
        ] {
            XCTAssertEqual(Double(read.page[side] ?? 0), value * 20, accuracy: 1, side)
        }
        // The form's fonts in the East-Asian and Latin slots, sizes and weights.
        for (name, text) in [
            ("Sheet Title", style.title), ("Sheet Head", style.header), ("Sheet Cell", style.cell),
            ("Sheet Notes", style.notes), ("Sheet Narrative", style.narrative),
            ("Sheet Section Label", style.sectionLabel)
        ] {
            let found = try XCTUnwrap(read.styles[name], name)
            XCTAssertEqual(found.eastAsia, text.family, name)
            XCTAssertEqual(found.ascii, text.family, name)
            XCTAssertEqual(found.size, text.size, name)
            XCTAssertEqual(found.bold ?? false, text.bold, name)
        }
        XCTAssertEqual(read.paragraphs.first?.style, "Sheet Title")
        XCTAssertEqual(read.paragraphs.first?.text, "2020年度市级财政支出项目绩效核查评分意见表")
        // The column heads repeat on every page, as in the PDF; the project rows above them do not (a table of
        // their own, joined to the score table by a single rule).
        XCTAssertEqual(read.tables.count, 3)
        let project = read.tables[0], score = read.tables[1], opinion = read.tables[2]
        XCTAssertEqual(project.rows.count, 1)
        XCTAssertFalse(project.rows[0].header)
        XCTAssertEqual(score.rows.prefix { $0.header }.map { $0.cells.first?.text }, ["一级指标"])
        XCTAssertEqual(score.rows.filter(\.header).count, 1)
        XCTAssertEqual(opinion.rows.prefix { $0.header }.map { $0.cells.first?.text }, ["内容"])
        XCTAssertEqual(opinion.rows.filter(\.header).count, 1)
        // Rows holding narrative may break across pages; the others may not.
        for (row, (logical, _)) in zip(read.tables.flatMap(\.rows), Self.expectedRows(sheet, language: .zh)) {
            XCTAssertEqual(
                row.cantSplit, !logical.cells.contains { $0.kind == .narrative }, logical.cells.first?.plainText ?? "")
        }
        // A row taller than a quarter of a page may split, as in the PDF (bilingual scoring notes).
        let bilingual = try Self.read(try Self.write(sheet, language: .bilingual, in: TestSupport.temporaryDirectory()))
        let tall = try XCTUnwrap(
            bilingual.tables.flatMap(\.rows).first { $0.cells.contains { $0.text.hasPrefix("项目执行及监管") } })
        XCTAssertFalse(tall.cantSplit)
        // Narrative paragraphs: justified, a two-character first-line indent, bold headings kept bold.
        let paragraphs = sheet.evaluation.narrative.values.flatMap { $0 }
        XCTAssertEqual(read.narrative.count, paragraphs.count)
        for paragraph in read.narrative {
            XCTAssertEqual(paragraph.justified, "JUSTIFY (3)")
            XCTAssertEqual(paragraph.firstLineIndent, 2 * style.narrative.size, accuracy: 0.1)
        }
        XCTAssertEqual(
            Set(read.narrative.flatMap(\.bold)),
            Set(paragraphs.flatMap { $0.runs.filter(\.bold).map(\.text) }))
        // 第 N 页 共 M 页 from fields; the running header on pages after the first only.
        XCTAssertEqual(read.footer.fields, ["PAGE", "NUMPAGES"])
        XCTAssertEqual(read.footer.text.replacingOccurrences(of: "1", with: "N"), "第 N 页 共 N 页")
        XCTAssertEqual(read.header, SheetText(sheet, language: .zh).runningHeader)
        XCTAssertTrue(read.differentFirstPage)
        XCTAssertEqual(read.firstPageHeader, "")
        // Document properties: the project and form as title, the institution, the sign-off date.
        XCTAssertEqual(read.core.title, "电子政务云服务平台项目经费 — 2020年度市级财政支出项目绩效核查评分意见表")
        let pdf = TestSupport.renderer.layout(sheet).metadata
        XCTAssertEqual(read.core.author, pdf.author)
        XCTAssertEqual(read.core.title, pdf.title)
        XCTAssertEqual(read.core.subject, pdf.subject)
        XCTAssertEqual(read.core.keywords, sheet.codeValue)
        XCTAssertEqual(read.core.created?.prefix(10), sheet.signoffDate.map { Substring($0.iso) })
    }

    func testIdenticalInputGivesIdenticalBytesAndFailuresLeaveNothing() throws {
        let folder = TestSupport.temporaryDirectory()
        for input in try Self.samples() {
            let sheet = try TestSupport.sheet(input)
            let first = try Data(contentsOf: try Self.write(sheet, in: folder, name: "a"))
            let second = try Data(contentsOf: try Self.write(TestSupport.sheet(input), in: folder, name: "b"))
            XCTAssertEqual(first, second, input.lastPathComponent)
        }
        // A target that cannot be written: an error, no temporary left, the folder unchanged.
        let blocked = folder.appendingPathComponent("blocked.docx")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        XCTAssertThrowsError(try DOCXRenderer.write(sheet, to: blocked))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(left, ["a.docx", "b.docx", "blocked.docx"])
    }

    func testHostileTextStaysText() throws {
        let hostile = "<w:p>&amp; \"quoted\" 'single' </w:t></w:r></w:p></w:tc>]]>"
        let yaml = TestSupport.seedYAML()
            .replacingOccurrences(
                of: "  project: 电子政务云服务平台项目经费",
                with: "  project: '\(hostile.replacingOccurrences(of: "'", with: "''"))'")
        let sheet = try TestSupport.score(yaml).get()
        let read = try Self.read(try Self.write(sheet, in: TestSupport.temporaryDirectory()))
        XCTAssertTrue(read.tables[0].rows[0].cells.contains { $0.text == hostile })
        XCTAssertEqual(read.core.title?.hasPrefix(hostile), true)
        // Characters XML cannot carry (a NUL from a spreadsheet cell) become U+FFFD instead of a broken document.
        XCTAssertEqual(MarkupEscaping.escape("a\u{0}b\u{1F}c<"), "a\u{FFFD}b\u{FFFD}c&lt;")
    }

    func testCommandLineWritesDOCX() throws {
        let folder = TestSupport.temporaryDirectory()
        let single = try TestSupport.run(
            TestSupport.cli,
            [
                "render", TestSupport.seedSample.path, "--format", "docx", "-o",
                folder.appendingPathComponent("one.docx").path
            ])
        XCTAssertEqual(single.code, 0, single.stderr)
        XCTAssertTrue(single.stdout.contains("one.docx"))
        let input = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation").path
        let batch = try TestSupport.run(
            TestSupport.cli,
            [
                "batch", input, "-o", folder.appendingPathComponent("batch").path,
                "--formats", "docx", "--jobs", "2", "--quiet"
            ])
        XCTAssertEqual(batch.code, 0, batch.stderr)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("batch").path)
            .filter { $0.hasSuffix(".docx") }
        XCTAssertEqual(written.count, 3)
    }

    /// LibreOffice paginates like Word: every text of the sheet is printed inside its column, nothing runs
    /// outside the page, and the page count is within one of EvalSheet's own PDF.
    func testLibreOfficePrintsEveryTextOnAboutAsManyPages() throws {
        let folder = TestSupport.temporaryDirectory()
        var cases: [(file: URL, sheet: ScoredSheet, language: Language)] = []
        for input in try Self.samples() {
            let sheet = try TestSupport.sheet(input)
            let languages: [Language] = input == TestSupport.seedSample ? Self.languages : [.zh]
            for language in languages {
                let name = input.deletingPathExtension().lastPathComponent + "-" + language.rawValue
                cases.append((try Self.write(sheet, language: language, in: folder, name: name), sheet, language))
            }
        }
        let printed = try LibreOffice.print(cases.map(\.file), into: folder.appendingPathComponent("pdf"))
        for (file, sheet, language) in cases {
            let label = file.lastPathComponent
            let pages = try XCTUnwrap(printed[file.path], label).pages
            let ours = TestSupport.renderer.layout(sheet, language: language).pages.count
            XCTAssertLessThanOrEqual(
                abs(pages.count - ours), 1, "\(label): LibreOffice \(pages.count) pages, EvalSheet \(ours)")
            let style = sheet.form.style
            for (number, page) in pages.enumerated() {
                XCTAssertEqual(page.width, style.pageWidth, accuracy: 1)
                for word in page.words {
                    XCTAssertGreaterThanOrEqual(
                        word.x0, style.margins.left - 2, "\(label) p\(number + 1): '\(word.text)' left of the margin")
                    XCTAssertLessThanOrEqual(
                        word.x1, style.pageWidth - style.margins.right + 2,
                        "\(label) p\(number + 1): '\(word.text)' right of the margin")
                    XCTAssertTrue(
                        word.y0 >= 0 && word.y1 <= page.height, "\(label) p\(number + 1): '\(word.text)' off the page")
                }
            }
            // The title's Chinese lines (项目支出绩效自评表 / （2020年度） are two paragraphs) stand one line height
            // apart, as in the PDF: the space after the title comes once, below the last. (English lines are
            // set smaller; their tops are not compared.)
            let title = LibreOffice.normalized(SheetText(sheet, language: language).title)
            var titleLines: [(y: Double, text: String)] = []
            for word in pages[0].words.sorted(by: { ($0.y0, $0.x0) < ($1.y0, $1.x0) }) {
                if let last = titleLines.last, abs(last.y - word.y0) < 2 {
                    titleLines[titleLines.count - 1].text += word.text; continue
                }
                titleLines.append((word.y0, word.text))
            }
            // (Lines above the title, 报表编号, come first on some forms.)
            titleLines = Array(
                titleLines.drop { !title.contains(LibreOffice.normalized($0.text)) }.prefix {
                    title.contains(LibreOffice.normalized($0.text))
                })
            XCTAssertFalse(titleLines.isEmpty, "\(label): no title on the first page")
            for (upper, lower) in zip(titleLines, titleLines.dropFirst())
            where ![upper.text, lower.text].contains(where: { $0.allSatisfy(\.isASCII) }) {
                XCTAssertEqual(
                    lower.y - upper.y, style.title.size * style.title.lineHeight, accuracy: 1.5,
                    "\(label): '\(upper.text)' and '\(lower.text)' are not one title line apart")
            }
            // Rows of one line as high as the PDF's: the funds rows' labels stand as far apart as there.
            if language == .zh, let funds = sheet.form.funds {
                let laidOut = LayoutInvariants.cells(TestSupport.renderer.layout(sheet, language: language)).filter {
                    $0.page == 1
                }.map(\.cell)
                let rows = funds.rows.compactMap { row -> (pdf: Rect, printed: Double)? in
                    guard let cell = laidOut.first(where: { $0.text == row.label.zh }),
                        let word = pages[0].words.first(where: {
                            LibreOffice.normalized($0.text) == LibreOffice.normalized(row.label.zh)
                        })
                    else { return nil }
                    return (cell.frame, word.y0)
                }
                let pairs = zip(rows, rows.dropFirst()).filter {
                    abs($0.pdf.height - $1.pdf.height) < 0.01 && abs($0.pdf.maxY - $1.pdf.y) < 0.01
                }
                XCTAssertFalse(pairs.isEmpty, "\(label): no funds rows of one line side by side")
                for (upper, lower) in pairs {
                    XCTAssertEqual(
                        lower.printed - upper.printed, lower.pdf.y - upper.pdf.y, accuracy: 0.25,
                        "\(label): a funds row's height")
                }
            }
            // Each cell's text, read in its own column across the pages, inside the text block (the running
            // header and the footer are outside it). The head rows that Word repeats on later pages are taken
            // out of both texts, except where the cell is one of them.
            let rows = Self.expectedRows(sheet, language: language)
            let repeated = Set(
                SheetStructure(SheetText(sheet, language: language)).tables().flatMap { $0.table.lead + $0.table.head }
                    .flatMap(\.cells).map { LibreOffice.normalized(Self.printedText($0)) }.filter { $0.count > 1 })
            let body = (top: style.margins.top - 1, bottom: style.pageHeight - style.margins.bottom + 1)
            for (row, edges) in rows {
                for cell in row.cells {
                    var text = LibreOffice.normalized(Self.printedText(cell))
                    guard !text.isEmpty else { continue }
                    let left = style.margins.left + edges[cell.column] / 20,
                        right = style.margins.left + edges[cell.column + cell.columnSpan] / 20
                    var column = LibreOffice.text(of: pages, from: left, to: right, top: body.top, bottom: body.bottom)
                    if !repeated.contains(text) {
                        for head in repeated.sorted(by: { $0.count > $1.count }) {
                            column = column.replacingOccurrences(of: head, with: "")
                            text = text.replacingOccurrences(of: head, with: "")
                        }
                    }
                    XCTAssertTrue(
                        column.contains(text), "\(label): '\(Self.printedText(cell))' is not printed in its column")
                }
            }
            // No English word is broken across lines: each is printed whole (columns are the PDF's, widened for them).
            let printedWords = Set(pages.flatMap(\.words).map(\.text))
            let words = Set(
                rows.flatMap(\.row.cells).filter { $0.kind != .narrative }.flatMap {
                    Self.printedText($0).split { !$0.isLetter || !$0.isASCII }
                }
                .map(String.init).filter { $0.count > 2 })
            for word in words where !printedWords.contains(where: { $0.contains(word) }) {
                XCTFail("\(label): the word '\(word)' is broken")
            }
        }
    }
}

/// LibreOffice, headless, as the second reader: DOCX to PDF, read back with pdftotext.
enum LibreOffice {
    struct Word: Decodable { var x0: Double; var y0: Double; var x1: Double; var y1: Double; var text: String }
    struct Page: Decodable { var width: Double; var height: Double; var words: [Word]; var images: Int }
    struct Printed: Decodable { var pdf: String; var pages: [Page] }

    static func print(_ files: [URL], into folder: URL) throws -> [String: Printed] {
        let result = try TestSupport.run(
            HTMLTests.python,
            [
                TestSupport.fixtures.appendingPathComponent("docx_print.py").path,
                TestSupport.fonts.path, folder.path
            ] + files.map(\.path))
        XCTAssertEqual(result.code, 0, result.stderr)
        return try JSONDecoder().decode([String: Printed].self, from: Data(result.stdout.utf8))
    }

    /// Compatibility forms folded (a PDF may map a glyph back to a Kangxi radical), whitespace removed.
    static func normalized(_ text: String) -> String {
        TestSupport.squeezed(text.precomposedStringWithCompatibilityMapping)
    }

    /// The words whose centres lie between two x positions, page by page, line by line, left to right.
    static func text(of pages: [Page], from left: Double, to right: Double, top: Double, bottom: Double) -> String {
        pages.map { page -> String in
            let words = page.words.filter {
                ($0.x0 + $0.x1) / 2 > left && ($0.x0 + $0.x1) / 2 < right && $0.y0 >= top && $0.y1 <= bottom
            }
            .sorted { ($0.y0 + $0.y1) / 2 < ($1.y0 + $1.y1) / 2 }
            var lines: [[Word]] = []
            for word in words {
                let middle = (word.y0 + word.y1) / 2
                if let last = lines.last?.last, abs(middle - (last.y0 + last.y1) / 2) < (last.y1 - last.y0) * 0.4 {
                    lines[lines.count - 1].append(word)
                } else {
                    lines.append([word])
                }
            }
            return lines.map { $0.sorted { $0.x0 < $1.x0 }.map(\.text).joined() }.joined()
        }.map(normalized).joined()
    }
}
