@testable import EvalSheet
import Foundation
import XCTest

/// Forms that draw their sheet as a grid (`sheet:`), checked against the transcriptions of the published
/// sheets they reproduce (`../shared/sources/`), and the template language's errors.
final class SheetTemplateTests: XCTestCase {
    /// The transcriptions of the published sheets (copied from ../shared/sources/, with their README).
    static let sources = TestSupport.fixtures.appendingPathComponent("sources/published")
    static let fixtures = TestSupport.fixtures.appendingPathComponent("sources")

    /// The printed cells of a sheet in reading order, empty ones left out: the lines above the title, the
    /// title, then each table's lines and rows, cells left to right.
    static func printedCells(_ sheet: ScoredSheet) -> [String] {
        let text = SheetText(sheet, language: .zh)
        var cells = text.lines(.above).map(\.text) + text.title.components(separatedBy: "\n").filter { !$0.isEmpty }
        for (_, table) in SheetStructure(text).tables() {
            cells += table.linesBefore.map(\.text)
            for row in table.lead + table.head + table.body {
                cells += row.cells.sorted { $0.column < $1.column }.map(\.plainText).filter { !$0.isEmpty }
            }
        }
        return cells + text.lines(.below).map(\.text)
    }

    /// A transcription written one cell per line, each followed by `|` (as Qingshen's archived page stores
    /// the table): its cells in order, empty ones left out.
    static func sourceCells(_ name: String) throws -> [String] {
        let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
        let table = text.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        return table.components(separatedBy: "\n").map { line in
            var cell = line.trimmingCharacters(in: .whitespaces)
            if cell.hasSuffix("|") { cell.removeLast() }
            return cell.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// Qingshen's sheet as published: every label, value and line of the transcription, in its order. The
    /// one cell printed that the source leaves blank is the funds row's 得分, which the form computes (the
    /// rate is 100.00%, so 10) where the published template leaves it to the evaluator.
    func testQingshenAsPublishedPrintsTheTranscriptionsCells() throws {
        let sheet = try TestSupport.sheet(Self.fixtures.appendingPathComponent("qingshen-2023-as-published.yaml"))
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        var expected = try Self.sourceCells("sichuan-qingshen-2023-project-selfeval.txt")
        let rate = try XCTUnwrap(expected.firstIndex(of: "100.00%"))
        XCTAssertEqual(expected[rate + 1], "10", "the 总额 row's 权重")
        expected.insert("10", at: rate + 2)
        XCTAssertEqual(Self.printedCells(sheet), expected)
    }

    /// The cells stand where the published grid has them: each label of the form starts in the column the
    /// tab-separated export of the same sheet (`Fixtures/qingshen-2023.txt`) has it in, row by row.
    func testQingshenCellsStandInThePublishedColumns() throws {
        let sheet = try TestSupport.sheet(Self.fixtures.appendingPathComponent("qingshen-2023-as-published.yaml"))
        let export = try String(
            contentsOf: TestSupport.fixtures.appendingPathComponent("qingshen-2023.txt"), encoding: .utf8
        )
        .components(separatedBy: "\n").filter { $0.contains("\t") }
        let rows = SheetStructure(SheetText(sheet, language: .zh)).tables().flatMap {
            $0.table.lead + $0.table.head + $0.table.body
        }
        var compared = 0
        for (row, line) in zip(rows.filter { !$0.cells.allSatisfy { $0.plainText.isEmpty } }, export) {
            let columns = line.components(separatedBy: "\t")
            for cell in row.cells where cell.kind == .head && !cell.plainText.isEmpty {
                XCTAssertEqual(columns.firstIndex(of: cell.plainText), cell.column, "\(cell.plainText) in \(line)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 25)
        // Every table is a full rectangle: each row's cells and the row spans from above cover the grid once.
        for (_, table) in SheetStructure(SheetText(sheet, language: .zh)).tables() {
            var covered = Array(repeating: Array(repeating: 0, count: table.columnCount), count: table.body.count)
            for (index, row) in table.body.enumerated() {
                for cell in row.cells {
                    for r in index..<(index + cell.rowSpan) {
                        for c in cell.column..<(cell.column + cell.columnSpan) { covered[r][c] += 1 }
                    }
                }
            }
            XCTAssertEqual(Set(covered.flatMap { $0 }), [1], "table \(table.id)")
        }
    }

    /// Daying's sheet on the same form: all 90 indicator points on one output indicator, nothing under
    /// 效益指标, no form copy. The rows print as stored (the level-1 weight is the evaluation's), and a split
    /// that does not make 100 with the funds' 10, or a group outside its range, is an error naming the groups.
    func testDayingsSplitIsAnEvaluationNotAForm() throws {
        let url = Self.fixtures.appendingPathComponent("daying-2023-tail.yaml")
        let sheet = try TestSupport.sheet(url)
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }.map(\.message.en), [])
        let cells = Self.printedCells(sheet)
        let stored = [
            "产出指标", "经济成本指标", "成本控制数", "≤", "30", "万元", "完成", "90", "90", "合计", "100", "评价结论",
            "根据财政局资金下达的管理办法,将资金支付给项目施工方。", "存在问题", "无", "改进措施", "无", "项目负责人:查小兵", "财务负责人:唐勇"
        ]
        let start = try XCTUnwrap(cells.firstIndex(of: "未完成原因分析"))
        XCTAssertEqual(Array(cells[(start + 1)...]), stored)
        XCTAssertFalse(cells.contains("效益指标"), "a level-1 group with no indicators is left out")

        let yaml = try String(contentsOf: url, encoding: .utf8)
        let short = yaml.replacingOccurrences(of: "points: 90, score: 90", with: "points: 70, score: 70")
            .replacingOccurrences(of: "draft: true", with: "draft: false")
        let diagnostics = Self.diagnostics(short)
        XCTAssertTrue(
            diagnostics.contains {
                $0.message.en.contains("产出指标 70, 效益指标 0, funds 10")
                    && $0.message.en.contains("not the form's total 100")
            },
            "\(diagnostics.map(\.message.en))")
        let over = yaml.replacingOccurrences(of: "points: 90, score: 90", with: "points: 95, score: 90")
        let overDiagnostics = Self.diagnostics(over)
        XCTAssertTrue(
            overDiagnostics.contains { $0.message.en.contains("add up to 95, outside the form's 0–90") },
            "\(overDiagnostics.map(\.message.en))")
    }

    /// Every output of a template form: the PDF's text in reading order holds the cells, fonts embedded; the
    /// HTML and the DOCX have the template's tables; the same input gives the same bytes.
    func testATemplateFormRendersInEveryFormat() throws {
        let input = Self.fixtures.appendingPathComponent("qingshen-2023-as-published.yaml")
        let sheet = try TestSupport.sheet(input)
        let directory = TestSupport.temporaryDirectory()
        let pdf = directory.appendingPathComponent("q.pdf"), again = directory.appendingPathComponent("q2.pdf")
        let document = TestSupport.renderer.layout(sheet)
        try TestSupport.renderer.writePDF(document, to: pdf)
        try TestSupport.renderer.writePDF(TestSupport.renderer.layout(sheet), to: again)
        XCTAssertEqual(try Data(contentsOf: pdf), try Data(contentsOf: again))
        XCTAssertEqual(document.pages.count, 1)
        XCTAssertNotNil(document.columnWidths["sheet"])
        let text = TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-raw", pdf.path, "-"]).stdout)
        for cell in [
            "报表编号:510000_0013zp", "部门预算项目支出绩效自评表(2023年度)", "51000021R000000019951-工资性支出", "预算执行情况(10分)",
            "100.00%", "足额保障率(参保率)", "项目负责人:"
        ] {
            XCTAssertTrue(text.contains(TestSupport.squeezed(cell)), cell)
        }
        let fonts = try TestSupport.run(TestSupport.tool("pdffonts"), [pdf.path]).stdout
        XCTAssertFalse(
            fonts.components(separatedBy: "\n").dropFirst(2).contains { $0.contains(" no ") && !$0.isEmpty }, fonts)

        let htmlFile = directory.appendingPathComponent("q.html")
        try TestSupport.renderer.writeHTML(sheet, layout: document, to: htmlFile)
        let html = TestSupport.unwrappingNumbers(try String(contentsOf: htmlFile, encoding: .utf8))
        XCTAssertEqual(html.components(separatedBy: "<table class=\"grid\"").count, 2)
        XCTAssertTrue(html.contains("rowspan=\"6\""), "预算执行情况 over its head and five funds rows")
        XCTAssertTrue(html.contains("<p class=\"free-line start\">报表编号:510000_0013zp</p>"))

        let docx = try DOCXTests.read(try DOCXTests.write(sheet, in: directory))
        let cells = docx.tables.flatMap { $0.rows.flatMap(\.cells) }
        XCTAssertTrue(cells.contains { $0.text == "其中:财政资金" })
        XCTAssertEqual(cells.first { $0.text == "预算执行情况(10分)" }?.rowSpan, 6)

        let ofd = directory.appendingPathComponent("q.ofd")
        try TestSupport.renderer.write(.ofd, sheet, layout: document, to: ofd)
        XCTAssertGreaterThan(try Data(contentsOf: ofd).count, 1000)
    }

    static func diagnostics(_ yaml: String, library: FormLibrary = TestSupport.library) -> [Diagnostic] {
        switch TestSupport.score(yaml, library: library) {
        case let .success(sheet): return sheet.diagnostics
        case let .failure(error): return error.diagnostics
        }
    }

    // MARK: - Errors

    static func formWithSheet(_ sheet: String) throws -> (FormLibrary, URL) {
        try FormLanguageTests.copy("sichuan-2023-project-selfeval") { form in
            let start = form.range(of: "sheet:\n")!.lowerBound, end = form.range(of: "\nlabels:")!.lowerBound
            return form.replacingCharacters(in: start..<end, with: sheet)
        }
    }

    func formDiagnostics(_ sheet: String) throws -> [Diagnostic] {
        let (library, _) = try Self.formWithSheet(sheet)
        guard case let .failure(error) = library.form(id: "sichuan-2023-project-selfeval") else {
            XCTFail("the form loaded"); return []
        }
        return error.diagnostics
    }

    /// An unknown binding is an error at its line that names what the place offers; so is a malformed one,
    /// and a misspelt key of the template, with its fix.
    func testAnUnknownBindingListsTheBindingsOfItsPlace() throws {
        let diagnostics = try formDiagnostics(
            """
            sheet:
              - table:
                  id: t
                  columns: [50, 50]
                  rows:
                    - ["项目名称", "{header.projet}"]
                    - band: funds
                      cells: ["{row.label}", "{node.score}"]
                    - ["{total", "x"]
                    - [{text: "项目名称", spam: 2}, "{header.project}"]

            """)
        let unknown = try XCTUnwrap(diagnostics.first { $0.message.en.contains("{header.projet}") })
        XCTAssertTrue(unknown.message.en.contains("did you mean 'header.project'"), unknown.message.en)
        XCTAssertTrue(unknown.message.en.contains("funds.total.rate"), unknown.message.en)
        XCTAssertNotNil(unknown.position)
        let band = try XCTUnwrap(diagnostics.first { $0.message.en.contains("{node.score}") })
        XCTAssertTrue(
            band.message.en.contains("of a funds band") && band.message.en.contains("row.executed"), band.message.en)
        XCTAssertTrue(
            diagnostics.contains { $0.message.en.contains("'{total' is not a binding") },
            "\(diagnostics.map(\.message.en))")
        XCTAssertTrue(
            diagnostics.contains { $0.message.en.contains("unknown field 'spam'") && $0.message.en.contains("span") },
            "\(diagnostics.map(\.message.en))")
        let lines = Set(diagnostics.compactMap { $0.position?.line })
        XCTAssertEqual(lines.count, 4, "each at its own line: \(diagnostics.map(\.message.en))")
    }

    /// A row that does not fill the grid, or runs past it, and a column that would print nothing are errors.
    func testRowsThatDoNotFillTheGridAreErrors() throws {
        let diagnostics = try formDiagnostics(
            """
            sheet:
              - table:
                  id: t
                  columns: [30, 30, 30]
                  rows:
                    - [{text: "项目名称", rows: 2}, {text: "{header.project}", span: 2}]
                    - ["{header.unit}"]
                    - ["a", "b", "c", "d"]
              - table:
                  id: t
                  columns: [30, 10]
                  rows:
                    - band: signoff
                      cells: ["{field.line}", ""]

            """)
        let messages = diagnostics.map(\.message.en)
        XCTAssertTrue(messages.contains { $0.contains("row 2 covers 2 of the table's 3 columns") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("row 3 is wider than the table's 3 columns") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("duplicate table id 't'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("column 2 of table 't' would print nothing") }, "\(messages)")
    }
}

extension SheetTemplateTests {
    /// A transcription written with tabs between cells (`[empty]` for a blank one, `[br]` for a line break in
    /// a cell, a merged cell once with `[spans N rows]`): its cells in order up to `[cut here]`, blanks left out.
    static func tabbedSourceCells(_ name: String) throws -> [String] {
        let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
        let table = text.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        var cells: [String] = []
        for line in table.components(separatedBy: "\n") {
            for part in line.components(separatedBy: "\t") {
                let cut = part.range(of: "[cut here]")
                var cell = String(part[..<(cut?.lowerBound ?? part.endIndex)])
                // Annotations ([spans 3 rows], [label cell spans the 4 funds rows]) go; [empty] and [br] are read.
                cell = cell.replacingOccurrences(
                    of: #"\s*\[(?!empty\]|br\])[^\]]*\]"#, with: "", options: .regularExpression
                )
                .replacingOccurrences(of: "[empty]", with: "").replacingOccurrences(of: "[br]", with: "\n")
                .trimmingCharacters(in: .whitespaces)
                if !cell.isEmpty { cells.append(cell) }
                if cut != nil { return cells }
            }
        }
        return cells
    }

    /// Hainan's sheet as far as it is stored: the title naming the project, a line before each table, the
    /// header grid with its side-by-side funds by source (amounts as written: 570, 398.88), the choice printed
    /// as marks, and a weight column after each level, merged over its group. The sheet goes on past the cut
    /// only by the closing weight of 项目效益's stored cell (经济), which the source does not show.
    func testHainanAsStoredPrintsTheTranscriptionsCells() throws {
        let sheet = try TestSupport.sheet(
            Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"),
            library: TestSupport.fixtureLibrary)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        let expected = try Self.tabbedSourceCells("hainan-commerce-project-selfeval-scoring.txt")
        let printed = Self.printedCells(sheet)
        XCTAssertEqual(Array(printed.prefix(expected.count)), expected)
        XCTAssertEqual(Array(printed.dropFirst(expected.count)), ["40"], "the closing weight, not in the source")
        // One cell per group in each level's weight column, over the group's rows.
        let scores = try XCTUnwrap(
            SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == "scores" }?.table)
        let weights = scores.body.flatMap(\.cells).filter { $0.column == 1 }
        XCTAssertEqual(weights.map(\.plainText), ["20", "25", "55"])
        XCTAssertEqual(weights.map(\.rowSpan), [5, 6, 5])
        XCTAssertEqual(scores.head.count, 1, "the head row repeats on every page")
        // A value not among the choice's options is an error that names them.
        let yaml = try String(
            contentsOf: Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"), encoding: .utf8
        )
        .replacingOccurrences(of: "type: 经常性项目", with: "type: 经常项目")
        let wrong = TestSupport.score(yaml, library: TestSupport.fixtureLibrary)
        guard case let .success(scored) = wrong else { return XCTFail("\(wrong)") }
        XCTAssertTrue(
            scored.diagnostics.contains {
                $0.field == "header.type" && $0.message.en.contains("not one of 经常性项目, 一次性项目")
            },
            "\(scored.diagnostics.map(\.message.en))")
    }
}

extension SheetTemplateTests {
    /// A template form's text export (as Word or WPS would save the sheet) reads back by the template: the
    /// form recognised by its literal cells, the header's choice from its marks, the form's own indicators
    /// scored by name under their groups, and the sheet read back prints the same cells.
    func testATemplateSheetsTextExportReadsBack() throws {
        let sheet = try TestSupport.sheet(
            Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"),
            library: TestSupport.fixtureLibrary)
        let text = try TextExportTests.textExport(sheet)
        let result = SheetTextImporter.importSheet(
            text: text, file: "sheet.txt", library: TestSupport.fixtureLibrary, formID: nil)
        // The sheet states no year (nor does the source): the one problem.
        XCTAssertEqual(result.problems.map(\.message.en), ["no year in the title '草稿服务贸易项目绩效自评表一、项目基本情况'"])
        var draft = try XCTUnwrap(result.draft)
        XCTAssertEqual(draft.header.first { $0.id == "project" }?.value, "服务贸易项目", "read from the title")
        draft.year = sheet.evaluation.year
        XCTAssertEqual(draft.formID, "hainan-2023-project-selfeval")
        XCTAssertEqual(draft.header.first { $0.id == "type" }?.value, "经常性项目")
        XCTAssertEqual(draft.scores.count, 15)
        draft.draft = true
        let copy = try TestSupport.score(EvaluationYAML.write(draft), library: TestSupport.fixtureLibrary).get()
        XCTAssertEqual(Self.printedCells(copy), Self.printedCells(sheet))
    }
}

extension SheetTemplateTests {
    /// A form's folder copied, its `sheet:` replaced by `sheet` (the text from `sheet:` to the end of the list).
    static func withSheet(_ sheet: String, form id: String, from layouts: URL) throws -> FormLibrary {
        let root = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(at: layouts.appendingPathComponent(id), to: root.appendingPathComponent(id))
        let file = root.appendingPathComponent(id).appendingPathComponent("form.yaml")
        let form = try String(contentsOf: file, encoding: .utf8)
        let start = try XCTUnwrap(form.range(of: "\nsheet:\n")), end = try XCTUnwrap(form.range(of: "\nlabels:"))
        try form.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "\n" + sheet).write(
            to: file, atomically: true, encoding: .utf8)
        return FormLibrary(directory: root)
    }

    /// Two published sheets drawn in workbooks (`make_template_workbooks.py`: cells, merged ranges, widths,
    /// bold heads, borders and bindings) draft the sheets of their forms: with the drafted `sheet:` in place of
    /// the hand-written one, each form prints the same cells, the title and header fields are the form's, and
    /// the head row over the indicators band repeats on every page.
    func testAWorkbookDraftsTheSheetOfAForm() throws {
        let folder = TestSupport.temporaryDirectory()
        let made = try TestSupport.run(
            HTMLTests.python,
            [TestSupport.fixtures.appendingPathComponent("make_template_workbooks.py").path, folder.path])
        XCTAssertEqual(made.code, 0, made.stderr)
        let cases: [(workbook: String, form: String, layouts: URL, evaluation: URL, library: FormLibrary)] = [
            (
                "qingshen.xlsx", "sichuan-2023-project-selfeval", TestSupport.layouts,
                Self.fixtures.appendingPathComponent("qingshen-2023-as-published.yaml"),
                TestSupport.library
            ),
            (
                "hainan.xlsx", "hainan-2023-project-selfeval", TestSupport.fixtures.appendingPathComponent("Layouts"),
                Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"), TestSupport.fixtureLibrary
            )
        ]
        for item in cases {
            let layout = try WorkbookLayout.read(folder.appendingPathComponent(item.workbook))
            let draft = SheetTemplateDrafter.draft(layout, source: item.workbook)
            let sheetPart = try XCTUnwrap(draft.range(of: "sheet:\n")).lowerBound
            let library = try Self.withSheet(String(draft[sheetPart...]), form: item.form, from: item.layouts)
            let form = try library.form(id: item.form).get()
            let original = try item.library.form(id: item.form).get()
            XCTAssertTrue(draft.contains("title: \"\(original.title.zh)\""), "\(item.workbook): \(draft)")
            let draftedIDs = draft.components(separatedBy: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  - {id: ") else { return nil }
                return String(line.dropFirst(9).prefix { $0 != "," })
            }
            XCTAssertEqual(Set(draftedIDs), Set(original.header.map(\.id)), item.workbook)
            let drafted = try TestSupport.sheet(item.evaluation, library: library)
            let printed = try TestSupport.sheet(item.evaluation, library: item.library)
            XCTAssertEqual(Self.printedCells(drafted), Self.printedCells(printed), item.workbook)
            XCTAssertEqual(
                form.template?.tables.map { $0.rows.filter(\.head).count },
                original.template?.tables.map { $0.rows.filter(\.head).count })
            // Cells set right in the workbook are drafted set right (Hainan's amounts).
            let right =
                form.template?.tables.flatMap { $0.rows.flatMap(\.cells) }.filter { $0.alignment == .end }.compactMap {
                    $0.text.soleBinding?.source
                } ?? []
            XCTAssertEqual(
                right, item.workbook == "hainan.xlsx" ? ["header.planned", "header.received", "header.used"] : [],
                item.workbook)
            XCTAssertFalse(draft.contains("rules:"), "\(item.workbook): every cell bordered all round")
        }
        // A row of signatures with no line between them: each cell drafted with the sides the workbook draws
        // (the line between them on neither), the note under the table a line of text.
        let signatures = SheetTemplateDrafter.draft(
            try WorkbookLayout.read(folder.appendingPathComponent("signatures.xlsx")), source: "signatures.xlsx")
        XCTAssertTrue(
            signatures.contains(
                "- [{text: \"评价组长(签字):\", span: 2, kind: line, rules: [top, bottom, left]}, {text: \"复核人(签字):\", span: 2, kind: line, rules: [top, bottom, right]}]"
            ), signatures)
        XCTAssertTrue(signatures.contains("  - line: \"注:各部分得分按其权重折合后相加为综合得分。\""), signatures)
    }
}

extension SheetTemplateTests {
    /// docs/forms.md's worked example shows the form and evaluation these tests check against the published
    /// sheet, word for word: the example works as written.
    func testTheWorkedExampleIsTheTestedForm() throws {
        let docs = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/forms.md"), encoding: .utf8)
        let start = try XCTUnwrap(docs.range(of: "## Worked example"))
        let section = docs[start.upperBound...].components(separatedBy: "\n## ").first ?? ""
        let blocks = section.components(separatedBy: "```yaml\n").dropFirst().map {
            $0.components(separatedBy: "```").first ?? ""
        }
        let form = try String(
            contentsOf: TestSupport.fixtures.appendingPathComponent("Layouts/hainan-2023-project-selfeval/form.yaml"),
            encoding: .utf8)
        let evaluation = try String(
            contentsOf: Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"), encoding: .utf8)
        XCTAssertEqual(blocks, [form, evaluation])
    }
}

extension SheetTemplateTests {
    /// Yueyang's scoring sheet as far as it is stored: the points inside the level cells (投 入 / (15分), from the
    /// form's groupHeading), 评分标准 beside each indicator, and a 扣分原因 column whose text each evaluation gives
    /// the form's own indicators (`values:`), empty in the source. Past the cut only the rows that close the
    /// weights print, which the source does not show.
    func testYueyangAsStoredPrintsTheTranscriptionsCells() throws {
        let url = Self.fixtures.appendingPathComponent("hunan-yueyang-as-stored.yaml")
        let sheet = try TestSupport.sheet(url, library: TestSupport.fixtureLibrary)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        let expected = try Self.tabbedSourceCells("hunan-yueyang-dept-overall-scoring.txt")
        let printed = Self.printedCells(sheet)
        XCTAssertEqual(Array(printed.prefix(expected.count)), expected)
        XCTAssertEqual(
            Array(printed.dropFirst(expected.count)), ["9", "(原文此处截断)\n(10分)", "(原文此处截断)", "10"],
            "the rows closing the weights, not in the source")

        // A remark the evaluation gives an indicator prints in the 扣分原因 column, in the row of that indicator;
        // an unknown indicator or key is an error naming what there is.
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let remarked = yaml + "values:\n  balance: {remark: \"年末结余0.8万元,已按规定上缴\"}\n"
        let scored = try TestSupport.score(remarked, library: TestSupport.fixtureLibrary).get()
        let rows = SheetStructure(SheetText(scored, language: .zh)).tables()[0].table.body
        let balance = try XCTUnwrap(rows.first { $0.cells.contains { $0.plainText == "资金结余" } })
        XCTAssertEqual(balance.cells.last?.plainText, "年末结余0.8万元,已按规定上缴")
        let wrong = yaml + "values:\n  balanse: {remark: x}\n  balance: {remak: x}\n"
        let messages = Self.diagnostics(wrong, library: TestSupport.fixtureLibrary).map(\.message.en)
        XCTAssertTrue(
            messages.contains { $0.contains("'balanse' is not an indicator") && $0.contains("balance") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("'remak' is not a value the sheet prints (remark)") }, "\(messages)")
        // The values travel through a workbook: export, then import, gives the same file.
        let folder = TestSupport.temporaryDirectory()
        let file = folder.appendingPathComponent("yueyang.yaml")
        try remarked.write(to: file, atomically: true, encoding: .utf8)
        let form = try TestSupport.fixtureLibrary.form(id: "hunan-yueyang-dept-overall").get()
        let draft = EvaluationDraft(scored.evaluation, form: form)
        XCTAssertTrue(EvaluationYAML.write(draft).contains("values:\n  balance: {remark: \"年末结余0.8万元,已按规定上缴\"}"))
        let table = SpreadsheetExporter.table([draft], form: form)
        var log = DiagnosticLog(file: "x.xlsx")
        let read = SpreadsheetImporter(form: form, file: folder.appendingPathComponent("x.xlsx")).rows(
            table, year: nil, log: &log)
        XCTAssertEqual(read.first?.draft.values.first?.fields.first?.value, "年末结余0.8万元,已按规定上缴")
        XCTAssertTrue(
            read.first.map { EvaluationYAML.write($0.draft) }?.contains(
                "values:\n  balance: {remark: \"年末结余0.8万元,已按规定上缴\"}") == true)
    }
}

extension SheetTemplateTests {
    /// Langfang's sheet as published: the blank template's placeholder rows kept under each level-2 group
    /// (`slots`: 指标1 and 指标2 with the names typed after them, ……), an empty group printing only its
    /// placeholders, 分值/执行率/得分 only on the funds total row (a rate of 0 decimals: 86%), the title's line
    /// break and its missing parenthesis. Two things differ, both shown: the web page's own heading above the
    /// sheet is not part of it, and the source's second 效益指标 label (a page break of the original) is a
    /// continued merged cell here, printed where this page breaks; past the cut only 满意度's …… row follows.
    func testLangfangAsPublishedPrintsTheTranscriptionsCells() throws {
        let sheet = try TestSupport.sheet(
            Self.fixtures.appendingPathComponent("hebei-langfang-as-published.yaml"),
            library: TestSupport.fixtureLibrary)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        var expected = try Self.tabbedSourceCells("hebei-langfang-2019-project-selfeval.txt")
        XCTAssertEqual(expected.removeFirst(), "办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表(修改)", "the web page's heading")
        let repeated = try XCTUnwrap(expected.lastIndex(of: "效益指标"))
        XCTAssertEqual(expected[repeated + 1], "可持续影响指标")
        expected.remove(at: repeated)
        let printed = Self.printedCells(sheet)
        XCTAssertEqual(Array(printed.prefix(expected.count)), expected)
        XCTAssertEqual(Array(printed.dropFirst(expected.count)), ["……"], "the last placeholder of 满意度, past the cut")
        // A group with more indicators than placeholders prints them all, the last placeholder after them.
        let yaml = try String(
            contentsOf: Self.fixtures.appendingPathComponent("hebei-langfang-as-published.yaml"), encoding: .utf8
        )
        .replacingOccurrences(
            of: "  quality:\n",
            with: "  quality:\n    - {name: 材料合格率, target: \"100\", actual: \"100\", points: 10, score: 10}\n"
        )
        .replacingOccurrences(
            of: "  timeliness:\n    - {name: 项目完成及时率, target: \"100\", actual: \"100\", points: 10, score: 10}\n",
            with: "")
        let more = try TestSupport.score(yaml, library: TestSupport.fixtureLibrary).get()
        let cells = Self.printedCells(more)
        let quality = try XCTUnwrap(cells.firstIndex(of: "质量指标"))
        XCTAssertEqual(
            cells[quality...].filter { $0.hasPrefix("指标") || $0 == "……" || $0.hasSuffix("率") && !$0.hasPrefix("指标") }
                .prefix(4),
            ["指标1材料合格率", "指标2工程完工率", "工程验收合格率", "……"])
        XCTAssertTrue(cells.contains("时效指标"), "a group with none declared prints its placeholders")
    }
}

extension SheetTemplateTests {
    /// A form whose running header is empty prints none on later pages, and no rule: nothing above the text
    /// block of page 2 (Langfang's sheet runs to two pages).
    func testASheetWithoutARunningHeaderPrintsNone() throws {
        let url = Self.fixtures.appendingPathComponent("hebei-langfang-as-published.yaml")
        func header(_ library: FormLibrary) throws -> [PageItem] {
            let document = TestSupport.renderer.layout(try TestSupport.sheet(url, library: library))
            XCTAssertGreaterThan(document.pages.count, 1)
            let page = document.pages[1]
            return page.items.filter { item in
                switch item {
                // (The table's frame at the top of the text block is half a rule above it: not counted.)
                case let .text(box): return box.frame.maxY <= page.body.y - 3
                case let .rule(rule): return max(rule.from.y, rule.to.y) < page.body.y - 3
                default: return false
                }
            }
        }
        XCTAssertEqual(try header(TestSupport.fixtureLibrary).count, 2, "the project's name and its rule")
        let root = TestSupport.temporaryDirectory()
        let id = "hebei-2019-project-selfeval"
        try FileManager.default.copyItem(
            at: TestSupport.fixtures.appendingPathComponent("Layouts/\(id)"), to: root.appendingPathComponent(id))
        let file = root.appendingPathComponent("\(id)/form.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "runningHeader: \"{project}\"", with: "runningHeader: \"\""
        )
        .write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try header(FormLibrary(directory: root)).count, 0)
    }
}

extension SheetTemplateTests {
    /// A year's volume of sheets whose title names the project is titled without it: it binds many projects.
    func testAVolumeOfSheetsTitledByProjectIsTitledByTheForm() throws {
        let input = TestSupport.temporaryDirectory(),
            output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("hainan-commerce-as-published.yaml"),
            to: input.appendingPathComponent("hainan.yaml"))
        let run = try TestSupport.run(
            TestSupport.cli,
            [
                "batch", input.path, "-o", output.path, "--volume", "--include-drafts",
                "--layouts", TestSupport.fixtures.appendingPathComponent("Layouts").path
            ])
        XCTAssertEqual(run.code, 0, run.stderr)
        let cover = try TestSupport.run(
            TestSupport.tool("pdftotext"), ["-l", "1", output.appendingPathComponent("volume.pdf").path, "-"]
        ).stdout
        XCTAssertTrue(cover.contains("绩效自评表汇编"), cover)
        XCTAssertFalse(cover.contains("{project}") || cover.contains("服务贸易项目绩效自评表汇编"), cover)
    }
}

extension SheetTemplateTests {
    /// Guichi's sheet as stored (one space-separated run of cells, cut inside the satisfaction row): the
    /// funds total row as published, 0 0 0 | 10 | 0 | 0 beside a fiscal row of 90 (the form types the total
    /// and scores a zero budget 0), amounts as written (89.974), the level-1 names with their points in a
    /// pattern (产出指标(50分)), 绩效指标 over the head and every indicator row, and 经济效益指标 empty after
    /// the groups the published sheet puts before it. Past the cut the text goes on only with the closing row.
    func testGuichiAsStoredPrintsTheTranscriptionsRun() throws {
        let url = Self.fixtures.appendingPathComponent("anhui-guichi-as-stored.yaml")
        let sheet = try TestSupport.sheet(url, library: TestSupport.fixtureLibrary)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        let text = try String(
            contentsOf: Self.sources.appendingPathComponent("anhui-guichi-2022-project-selfeval.txt"), encoding: .utf8)
        let run = try XCTUnwrap(
            text.components(separatedBy: "\n\n").dropFirst().first?.components(separatedBy: "\n").first)
        let printed = Self.printedCells(sheet).map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(
            separator: " ")
        XCTAssertTrue(
            printed.hasPrefix(run), "first difference at: \(String(printed.commonPrefix(with: run).suffix(20)))")
        XCTAssertTrue(
            printed.dropFirst(run.count).hasPrefix("意度(原文此处截断) (原文此处截断)"),
            "past the cut: \(printed.dropFirst(run.count))")
        XCTAssertEqual(sheet.fundsScore, 0)
        XCTAssertEqual(sheet.total, 90)

        // Without the form's rule a zero budget cannot be scored: an error naming the row.
        let fixtureForms = TestSupport.fixtures.appendingPathComponent("Layouts")
        let (library, _) = try FormLanguageTests.copy("anhui-2022-project-selfeval", from: fixtureForms) {
            $0.replacingOccurrences(of: "  scoreWithoutBudget: 0\n", with: "")
        }
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let unruled = Self.diagnostics(yaml, library: library)
        XCTAssertTrue(
            unruled.contains {
                $0.field == "funds.total" && $0.message.en.contains("needs its full-year budget (above zero)")
            }, "\(unruled)")
        // A rule above the row's points is an error at its line.
        let (over, _) = try FormLanguageTests.copy("anhui-2022-project-selfeval", from: fixtureForms) {
            $0.replacingOccurrences(of: "scoreWithoutBudget: 0", with: "scoreWithoutBudget: 12")
        }
        guard case let .failure(error) = over.form(id: "anhui-2022-project-selfeval") else {
            return XCTFail("a score above the points loaded")
        }
        XCTAssertTrue(
            error.diagnostics.contains {
                $0.field == "funds.scoreWithoutBudget" && $0.message.en.contains("outside 0–10")
                    && $0.position?.line == 21
            },
            "\(error.diagnostics)")
    }
}

extension SheetTemplateTests {
    /// Dazhou's department-overall table as stored (a pipe table, cut after it): every name with its points in
    /// a pattern, 部门特性指标 printed without points among them with the three empty rows each department fills
    /// (slots under the declared group 履职成效), the 得分 column empty. A department that declares its indicators
    /// there has them printed with their points, which must make the group's 20.
    func testDazhouAsStoredPrintsTheTranscriptionsCells() throws {
        let url = Self.fixtures.appendingPathComponent("dazhou-dept-overall-as-stored.yaml")
        let sheet = try TestSupport.sheet(url, library: TestSupport.fixtureLibrary)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        let text = try String(
            contentsOf: Self.sources.appendingPathComponent("sichuan-dazhou-dept-overall.txt"), encoding: .utf8)
        let table = try XCTUnwrap(
            text.components(separatedBy: "单位名称/").first?.components(separatedBy: "\n\n").dropFirst().joined())
        let expected = table.components(separatedBy: "\n").flatMap { $0.components(separatedBy: "|") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        XCTAssertEqual(expected.count, 48, "4 heads, 3 + 13 groups, 27 indicators and 部门特性指标")
        XCTAssertEqual(Self.printedCells(sheet), expected)
        // Four rows under 履职成效: the label and three empty ones, the group's cell over them.
        let body = try XCTUnwrap(SheetStructure(SheetText(sheet, language: .zh)).tables().first?.table.body)
        let duties = try XCTUnwrap(body.flatMap(\.cells).first { $0.plainText == "履职成效(20分)" })
        XCTAssertEqual(duties.rowSpan, 4)

        let yaml =
            try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "draft: true\n", with: "") + """
                indicators:
                  duties:
                    - {name: 春耕备耕完成率, target: "100%", actual: "100%", points: 8, score: 8}
                    - {name: 耕地保护目标完成情况, target: 完成, actual: 完成, points: 10, score: 9}

                """
        let declared = try TestSupport.score(yaml, library: TestSupport.fixtureLibrary).get()
        let cells = Self.printedCells(declared)
        XCTAssertTrue(cells.contains("部门特性指标春耕备耕完成率(8分)") && cells.contains("耕地保护目标完成情况(10分)"), "\(cells)")
        XCTAssertTrue(
            declared.diagnostics.contains {
                $0.severity == .error
                    && $0.message.en.contains("the points of the indicators under 履职成效 add up to 18, not 20")
            }, "\(declared.diagnostics.map(\.message.en))")
        XCTAssertFalse(
            declared.diagnostics.contains { $0.message.en.contains("部门绩效情况") },
            "reported once, at the group that decides")

        // A range below level 1: the declared points decide 履职成效's weight within it, and its parent's
        // weights must still make 45; a range that cannot is an error of the form at the group's line.
        let fixtureForms = TestSupport.fixtures.appendingPathComponent("Layouts")
        let (ranged, _) = try FormLanguageTests.copy("sichuan-dazhou-dept-overall", from: fixtureForms) {
            $0.replacingOccurrences(of: "name: 履职成效, weight: 20,", with: "name: 履职成效, weight: {min: 10, max: 30},")
        }
        let inRange = try TestSupport.score(yaml, library: ranged).get().diagnostics.filter {
            $0.severity == .error && $0.field == "indicators"
        }.map(\.message.en)
        XCTAssertEqual(inRange, ["the points of the indicators under 部门绩效情况 add up to 43, not 45"])
        let twenty = yaml.replacingOccurrences(of: "points: 10, score: 9", with: "points: 12, score: 9")
        XCTAssertEqual(
            try TestSupport.score(twenty, library: ranged).get().diagnostics.filter {
                $0.severity == .error && $0.field == "indicators"
            }.map(\.message.en), [])
        let (impossible, _) = try FormLanguageTests.copy("sichuan-dazhou-dept-overall", from: fixtureForms) {
            $0.replacingOccurrences(of: "name: 履职成效, weight: 20,", with: "name: 履职成效, weight: {min: 25, max: 30},")
        }
        guard case let .failure(error) = impossible.form(id: "sichuan-dazhou-dept-overall") else {
            return XCTFail("an impossible range loaded")
        }
        XCTAssertEqual(
            error.diagnostics.map(\.message.en), ["child weights add up to 50–55, which does not include 45"])
        XCTAssertEqual(error.diagnostics.first?.field, "indicators.performance")
    }
}

extension SheetTemplateTests {
    /// Langfang's sheet read back from its text export: the indicators declared in placeholder rows come back
    /// by name without their labels (指标1工程资金金额 → 工程资金金额), an empty placeholder is no indicator, and
    /// the sheet read back prints the same cells.
    func testPlaceholderRowsReadBackFromASheetsText() throws {
        let sheet = try TestSupport.sheet(
            Self.fixtures.appendingPathComponent("hebei-langfang-as-published.yaml"),
            library: TestSupport.fixtureLibrary)
        let text = try TextExportTests.textExport(sheet)
        let result = SheetTextImporter.importSheet(
            text: text, file: "sheet.txt", library: TestSupport.fixtureLibrary, formID: nil)
        var draft = try XCTUnwrap(result.draft, "\(result.problems)")
        XCTAssertEqual(draft.formID, "hebei-2019-project-selfeval")
        let declared = draft.declared.flatMap { group in group.items.map { "\(group.group):\($0.name)" } }
        XCTAssertEqual(
            declared,
            [
                "quantity:工程资金金额", "quality:工程完工率", "quality:工程验收合格率", "timeliness:项目完成及时率", "cost:成本控制率",
                "economic:安全率", "social:学校发展能力", "sustainable:长期使用性", "recipients:学生满意度"
            ])
        draft.year = sheet.evaluation.year
        let copy = try TestSupport.score(EvaluationYAML.write(draft), library: TestSupport.fixtureLibrary).get()
        XCTAssertEqual(Self.printedCells(copy), Self.printedCells(sheet))
    }
}

extension SheetTemplateTests {
    /// Guichi's and Dazhou's sheets in every output: the PDF's text, the HTML and the Word document hold their
    /// figures and patterned names, and the OFD is written.
    func testTheNewSourcesPrintInEveryOutput() throws {
        let cases: [(file: String, texts: [String])] = [
            ("anhui-guichi-as-stored.yaml", ["89.974", "年度资金总额:", "产出指标(50分)", "基建工程委托业务项目数量"]),
            ("dazhou-dept-overall-as-stored.yaml", ["部门决策(25分)", "部门特性指标", "社会公众满意度(4分)"])
        ]
        for (file, texts) in cases {
            let sheet = try TestSupport.sheet(
                Self.fixtures.appendingPathComponent(file), library: TestSupport.fixtureLibrary)
            let directory = TestSupport.temporaryDirectory()
            let document = TestSupport.renderer.layout(sheet)
            for format in [OutputFormat.pdf, .html, .docx, .ofd] {
                try TestSupport.renderer.write(
                    format, sheet, layout: document, to: directory.appendingPathComponent("s.\(format.rawValue)"))
            }
            let pdf = TestSupport.squeezed(
                try TestSupport.run(
                    TestSupport.tool("pdftotext"), ["-raw", directory.appendingPathComponent("s.pdf").path, "-"]
                ).stdout)
            let html = TestSupport.unwrappingNumbers(
                try String(contentsOf: directory.appendingPathComponent("s.html"), encoding: .utf8))
            // The document's text without its markup: a label broken between words is in several runs.
            let word = try TestSupport.run(
                "/usr/bin/unzip", ["-p", directory.appendingPathComponent("s.docx").path, "word/document.xml"]
            ).stdout.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            for text in texts {
                XCTAssertTrue(pdf.contains(TestSupport.squeezed(text)), "\(file): the PDF lacks \(text)")
                XCTAssertTrue(html.contains(text), "\(file): the HTML lacks \(text)")
                XCTAssertTrue(word.contains(text), "\(file): the DOCX lacks \(text)")
            }
            XCTAssertGreaterThan(try Data(contentsOf: directory.appendingPathComponent("s.ofd")).count, 1000)
        }
    }
}
