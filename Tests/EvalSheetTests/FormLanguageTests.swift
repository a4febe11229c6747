import EvalSheet
import Foundation
import XCTest

/// Capabilities of the form language that the shipped forms do not all use, on copies of a shipped form.
final class FormLanguageTests: XCTestCase {
    /// A copy of a shipped form with `change` applied to its form.yaml: the library and the file.
    /// The same with a change to its style.yaml as well (column widths for added columns).
    static func copy(_ id: String, _ change: (String) -> String, style: (String) -> String) throws -> (
        library: FormLibrary, file: URL
    ) {
        let copied = try copy(id, change)
        let file = copied.file.deletingLastPathComponent().appendingPathComponent("style.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertNotEqual(style(text), text, "the change must change the style")
        try style(text).write(to: file, atomically: true, encoding: .utf8)
        return copied
    }

    static let ruralRoads = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-rural-roads.yaml")

    /// The national form with 指标性质 and 度量单位 columns after the level-3 column.
    static func withFieldColumns(_ form: String) -> String {
        form.replacingOccurrences(
            of: "  - {role: target,",
            with: """
                  - {role: field, key: nature, label: {zh: "指标性质", en: "Direction"}}
                  - {role: field, key: unit, label: {zh: "度量单位", en: "Unit"}}
                  - {role: target,
                """)
    }

    /// The national style's grid with room for the two field columns.
    static func withFieldColumnsStyle(_ style: String) -> String {
        style.replacingOccurrences(
            of: "gridColumns: [19, 17, 17, 25, 21, 21, 11, 12, 37]",
            with: "gridColumns: [14, 14, 14, 22, 12, 12, 18, 18, 11, 12, 33]")
    }

    /// The national form with a funds note column (原因说明); the header rows sit on the funds table's grid, one column wider now.
    static func withFundsNote(_ form: String) -> String {
        form.replacingOccurrences(
            of: "    - {role: score, label: {zh: \"得分\", en: \"Score\"}}\n  rows:",
            with:
                "    - {role: score, label: {zh: \"得分\", en: \"Score\"}}\n    - {role: note, label: {zh: \"原因说明\", en: \"Notes\"}}\n  rows:"
        )
        .replacingOccurrences(of: "labelSpan: 2, valueSpan: 6}", with: "labelSpan: 2, valueSpan: 7}")
        .replacingOccurrences(
            of: "en: \"Implementing Unit\"}, labelSpan: 2, valueSpan: 2}",
            with: "en: \"Implementing Unit\"}, labelSpan: 2, valueSpan: 3}")
    }

    /// The national style's funds widths with room for the note column.
    static func withFundsNoteStyle(_ style: String) -> String {
        style.replacingOccurrences(
            of: "fundsColumns: [19, 37, 22, 22, 22, 14, 23, 21]",
            with: "fundsColumns: [19, 30, 18, 18, 18, 12, 18, 17, 30]")
    }

    /// The Zhongshan form with 产出时效 and 质量达标 weighed by each evaluation (`chosen: true`; 质量达标 without a limit).
    static func withChosenOutputIndicators(_ form: String) -> String {
        form.replacingOccurrences(
            of:
                "          - id: output-timeliness\n            name: {zh: \"产出时效\", en: \"Output Timeliness\"}\n            weight: 5\n",
            with:
                "          - id: output-timeliness\n            name: {zh: \"产出时效\", en: \"Output Timeliness\"}\n            weight: 5\n            chosen: true\n"
        )
        .replacingOccurrences(
            of: "            name: {zh: \"质量达标\", en: \"Quality Standards Met\"}\n            weight: 15\n",
            with: "            name: {zh: \"质量达标\", en: \"Quality Standards Met\"}\n            chosen: true\n")
    }

    /// A copy of a form (of `Layouts/`, or of another folder of forms) with its form.yaml changed.
    static func copy(_ id: String, from layouts: URL = TestSupport.layouts, _ change: (String) -> String) throws -> (
        library: FormLibrary, file: URL
    ) {
        let root = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(at: layouts.appendingPathComponent(id), to: root.appendingPathComponent(id))
        let file = root.appendingPathComponent(id).appendingPathComponent("form.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertNotEqual(change(text), text, "the change must change the form")
        try change(text).write(to: file, atomically: true, encoding: .utf8)
        return (FormLibrary(directory: root), file)
    }

    static let lines = """
        lines:
          - {place: above, text: {zh: "报表编号：{code}", en: "Report No. {code}"}, align: end}
          - {place: below, text: {zh: "填表单位：{unit}（{year}年度）", en: "Prepared by {unit} ({year})"}}

        checks:
        """

    /// Lines above the title and below the tables, their placeholders filled, in the PDF (in reading order),
    /// the HTML and the DOCX.
    func testLinesAboveTheTitleAndBelowTheTables() throws {
        let (library, _) = try Self.copy("zhongshan-2020") {
            $0.replacingOccurrences(of: "checks:\n", with: Self.lines + "\n")
        }
        let sheet = try TestSupport.sheet(TestSupport.seedSample, library: library)
        let above = "报表编号：202008367", below = "填表单位：中山市政务服务数据管理局（2020年度）"
        XCTAssertEqual(SheetText(sheet, language: .zh).lines(.above).map(\.text), [above])

        let pdf = TestSupport.temporaryDirectory().appendingPathComponent("lines.pdf")
        let document = TestSupport.renderer.layout(sheet)
        try TestSupport.renderer.writePDF(document, to: pdf)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let text = TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout)
        let title = try XCTUnwrap(text.range(of: "2020年度市级财政支出项目绩效核查评分意见表"))
        let top = try XCTUnwrap(text.range(of: above), text)
        let bottom = try XCTUnwrap(text.range(of: below), String(text.suffix(200)))
        let signoff = try XCTUnwrap(text.range(of: "机构名称（全称）", options: .backwards))
        XCTAssertLessThan(top.lowerBound, title.lowerBound, "above the title")
        XCTAssertGreaterThan(bottom.lowerBound, signoff.lowerBound, "below the last table")
        // The line above is set at the right edge of the text block.
        let box = try XCTUnwrap(LayoutInvariants.lines(document).first { $0.text == above })
        XCTAssertEqual(box.frame.maxX, sheet.form.style.margins.left + sheet.form.style.contentWidth, accuracy: 0.5)

        let html = try HTMLTests.parse(HTMLRenderer.render(sheet))
        let body = TestSupport.squeezed(html.body ?? "")
        XCTAssertLessThan(
            try XCTUnwrap(body.range(of: above)).lowerBound, try XCTUnwrap(body.range(of: "2020年度市级财政")).lowerBound)
        XCTAssertTrue(body.hasSuffix(below) || body.contains(below + ""), body.suffix(80).description)
        XCTAssertEqual(try TableParity.problems(sheet), [])

        let docx = TestSupport.temporaryDirectory().appendingPathComponent("lines.docx")
        try DOCXRenderer.write(sheet, to: docx)
        let read = try DOCXTests.read(docx)
        XCTAssertEqual(read.paragraphs.first?.text, above)
        XCTAssertEqual(read.paragraphs.dropFirst().first?.style, "Sheet Title")
        XCTAssertTrue(read.paragraphs.contains { $0.text == below }, "\(read.paragraphs.suffix(3))")
    }

    /// A line's placeholders are the header fields and the year; any other is an error at its line.
    func testALineWithAnUnknownPlaceholderIsAnError() throws {
        let (library, file) = try Self.copy("zhongshan-2020") {
            $0.replacingOccurrences(
                of: "checks:\n", with: Self.lines.replacingOccurrences(of: "{code}", with: "{cdoe}") + "\n")
        }
        guard case let .failure(error) = library.form(id: "zhongshan-2020") else { return XCTFail("accepted {cdoe}") }
        XCTAssertEqual(error.diagnostics.count, 2, "\(error.diagnostics)")
        let first = try XCTUnwrap(error.diagnostics.first)
        XCTAssertTrue(
            first.message.en.contains("{cdoe} is not a placeholder this label fills (did you mean {code}?)"),
            first.message.en
        )
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(first.position?.line, text.firstIndex { $0.contains("{cdoe}") }! + 1)
    }
}

extension FormLanguageTests {
    /// Named columns of per-indicator values (指标性质, 度量单位): any number, their values from the form for its
    /// indicators and from the evaluation for those it declares; every other row gets empty cells there.
    func testFieldColumnsHoldEachIndicatorsNamedValues() throws {
        // The national form with 指标性质 and 度量单位 after the level-3 column.
        let (library, _) = try Self.copy(
            "mof-2020-self-evaluation", Self.withFieldColumns, style: Self.withFieldColumnsStyle)
        let yaml = try String(contentsOf: Self.ruralRoads, encoding: .utf8)
        let filled = yaml.replacingOccurrences(
            of: "points: 10, score: 10}\n    - {name: 中修工程里程",
            with: "points: 10, score: 10, fields: {nature: 正向, unit: 公里}}\n    - {name: 中修工程里程")
        XCTAssertNotEqual(filled, yaml)
        let sheet = try TestSupport.score(filled, library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        let table = SheetStructure(SheetText(sheet, language: .zh)).scoreTable()
        func texts(_ role: String) -> [String] {
            table.body.flatMap(\.cells).filter { $0.role == role }.compactMap {
                if case let .text(text) = $0.content { text } else { nil }
            }
        }
        XCTAssertEqual(texts("field-nature").filter { !$0.isEmpty }, ["正向"])
        XCTAssertEqual(texts("field-unit").filter { !$0.isEmpty }, ["公里"])
        XCTAssertEqual(
            texts("field-unit").count, sheet.evaluation.declared.values.joined().count, "one cell per indicator row")
        XCTAssertEqual(try TableParity.problems(sheet), [])

        // A misspelt key is an error at its line, with the key meant.
        let misspelt = filled.replacingOccurrences(of: "unit: 公里}", with: "unti: 公里}")
        let errors = try TestSupport.score(misspelt, library: library).get().diagnostics.filter {
            $0.severity == .error
        }
        XCTAssertEqual(
            errors.map(\.message.en), ["'unti' is not a column of form mof-2020-self-evaluation (did you mean 'unit'?)"]
        )
        XCTAssertEqual(
            errors.first?.position?.line, misspelt.components(separatedBy: "\n").firstIndex { $0.contains("unti") }! + 1
        )

        // The Zhongshan form with a column whose values the form gives; deduction rows get empty cells there.
        let (zhongshan, _) = try Self.copy("zhongshan-2020") {
            $0.replacingOccurrences(
                of: "  - {role: weight, label:",
                with: "  - {role: field, key: kind, label: {zh: \"指标类型\", en: \"Kind\"}}\n  - {role: weight, label:"
            )
            .replacingOccurrences(
                of: "          - id: pm-rules\n", with: "          - id: pm-rules\n            fields: {kind: 定性}\n"
            )
            .replacingOccurrences(of: "labelSpan: 1, valueSpan: 2}", with: "labelSpan: 1, valueSpan: 3}")
        } style: {
            $0.replacingOccurrences(
                of: "gridColumns: [18, 18, 20, 11, 29, 28, 26, 13, 17]",
                with: "gridColumns: [16, 16, 18, 12, 11, 27, 27, 24, 13, 16]")
        }
        let seed = try TestSupport.sheet(TestSupport.seedSample, library: zhongshan)
        let seedTable = SheetStructure(SheetText(seed, language: .zh)).scoreTable()
        let kinds = seedTable.body.flatMap(\.cells).filter { $0.role == "field-kind" }.compactMap {
            if case let .text(text) = $0.content { text } else { nil }
        }
        XCTAssertEqual(kinds.filter { !$0.isEmpty }, ["定性"])
        XCTAssertEqual(try TableParity.problems(seed), [])
    }
}

extension FormLanguageTests {
    /// A funds column of free text each evaluation gives per row (原因), and a sign-off field the form marks
    /// optional: left out, it is no problem and prints its label alone.
    func testAFundsNoteColumnAndAnOptionalSignOffField() throws {
        let (library, _) = try Self.copy("mof-2020-self-evaluation") {
            Self.withFundsNote($0).replacingOccurrences(
                of: "  - {id: finance, label: {zh: \"财务负责人\", en: \"Finance Lead\"}}",
                with: "  - {id: finance, label: {zh: \"财务负责人\", en: \"Finance Lead\"}, required: false}")
        } style: {
            Self.withFundsNoteStyle($0)
        }
        let yaml = try String(contentsOf: Self.ruralRoads, encoding: .utf8)
        let changed = yaml.replacingOccurrences(
            of: "  total: {initial: 860, budget: 860, executed: 602}",
            with: "  total: {initial: 860, budget: 860, executed: 602, note: 中修工程招标延期，资金结转次年}"
        )
        .replacingOccurrences(of: "  finance: 林燚\n", with: "")
        XCTAssertNotEqual(changed, yaml)
        let sheet = try TestSupport.score(changed, library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        let funds = SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == "funds" }!.table
        let notes = funds.body.flatMap(\.cells).filter { $0.role == "funds-note" }
        XCTAssertEqual(
            notes.map { if case let .text(text) = $0.content { text } else { "" } }, ["中修工程招标延期，资金结转次年", "", "", ""])
        XCTAssertEqual(notes.first?.kind, .notes)
        XCTAssertEqual(try TableParity.problems(sheet), [])
        // The shipped form requires the finance lead.
        XCTAssertTrue(
            try TestSupport.score(yaml.replacingOccurrences(of: "  finance: 林燚\n", with: "")).get().diagnostics
                .contains { $0.field == "signoff.finance" })
    }
}

extension FormLanguageTests {
    /// Indicators each evaluation chooses and weighs itself (`chosen: true`, `weights:`): the sheet shows those
    /// it weighs, at its weights; the weights must fill what the fixed indicators leave, within the form's limit.
    func testChosenIndicatorsAreWeighedByEachEvaluation() throws {
        let (library, _) = try Self.copy("zhongshan-2020", Self.withChosenOutputIndicators)
        let form = try library.form(id: "zhongshan-2020").get()
        XCTAssertEqual(form.leaves.filter(\.chosen).map(\.id), ["output-timeliness", "output-quality"])
        let seed = TestSupport.withoutTypedFigures(TestSupport.seedYAML())
        func sheet(_ weights: String, scores: (String) -> String = { $0 }) throws -> ScoredSheet {
            try TestSupport.score(scores(seed) + "\nweights: {\(weights)}\n", library: library).get()
        }
        // As the shipped form splits them: the same total.
        let same = try sheet("output-timeliness: 5, output-quality: 15")
        XCTAssertEqual(same.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(same.total, try TestSupport.score(seed).get().total)
        // All 20 points to quality: timeliness is not on this sheet, and quality may score up to 20.
        let quality = try sheet("output-quality: 20") {
            $0.replacingOccurrences(of: "  output-timeliness: 3\n", with: "").replacingOccurrences(
                of: "  output-quality: 10\n", with: "  output-quality: 16\n")
        }
        XCTAssertEqual(quality.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(quality.indicatorTotals["output"], 7 + 16)
        let names = SheetStructure(SheetText(quality, language: .zh)).scoreTable().body.flatMap(\.cells)
            .compactMap { if case let .text(text) = $0.content { text } else { nil } }
        XCTAssertFalse(names.contains("产出时效"))
        XCTAssertTrue(names.contains("质量达标") && names.contains("20"))
        XCTAssertEqual(try TableParity.problems(quality), [])
        // Weights that leave points unassigned, above the limit, or a score for an indicator not chosen.
        let short = try sheet("output-quality: 15").diagnostics.filter { $0.severity == .error }.map(\.message.en)
        XCTAssertTrue(
            short.contains {
                $0.contains(
                    "the weights chosen under 产出效率 (output-timeliness, output-quality) add up to 15, not the 20")
            }, "\(short)")
        XCTAssertTrue(
            short.contains { $0.contains("'output-timeliness' is not among the indicators this evaluation chose") },
            "\(short)")
        let above = try sheet("output-timeliness: 8, output-quality: 12").diagnostics.map(\.message.en)
        XCTAssertTrue(
            above.contains { $0.contains("weight 8 is above the 5 form zhongshan-2020 allows 产出时效") }, "\(above)")
        let unknown = try sheet("output-quantity: 10, output-quality: 20").diagnostics.map(\.message.en)
        XCTAssertTrue(
            unknown.contains {
                $0.contains(
                    "'output-quantity' is not an indicator form zhongshan-2020 leaves each evaluation to choose")
            }, "\(unknown)")
        // `sample --form` weighs chosen indicators too: every generated evaluation is valid.
        let generator = try SampleGenerator(form: form, layouts: library.directory)
        var splits = Set<String>()
        for index in 0..<12 {
            let yaml = generator.evaluation(index, seed: 7).yaml
            let generated = try TestSupport.score(yaml, library: library).get()
            XCTAssertEqual(generated.diagnostics.filter { $0.severity == .error }, [], yaml)
            splits.insert(
                generated.evaluation.weights.map { "\($0.key)=\($0.value.value)" }.sorted().joined(separator: " "))
        }
        XCTAssertGreaterThan(splits.count, 1, "the samples split the points more than one way")
    }
}

extension FormLanguageTests {
    /// A funds row the form adds up from others (`sumOf`): computed when the evaluation leaves it out, with
    /// its rate and score; checked when the evaluation gives it; a part that is no row is a form error at its line.
    func testAFundsRowIsTheSumOfItsParts() throws {
        let yaml = try String(contentsOf: Self.ruralRoads, encoding: .utf8)
        let given = try TestSupport.score(yaml).get()
        XCTAssertEqual(given.diagnostics.filter { $0.severity == .error }, [])
        // Left out: computed from the parts, printed, rated and scored the same.
        let totalLine = yaml.components(separatedBy: "\n").first { $0.hasPrefix("  total: {") }!
        let computed = try TestSupport.score(yaml.replacingOccurrences(of: totalLine + "\n", with: "")).get()
        XCTAssertEqual(computed.diagnostics.filter { $0.severity == .error }, [])
        for path in [\FundsFigures.initial, \.budget, \.executed] {
            XCTAssertEqual(
                computed.evaluation.funds["total"]?[keyPath: path]?.value,
                given.evaluation.funds["total"]?[keyPath: path]?.value)
        }
        XCTAssertEqual(computed.fundsRates["total"], given.fundsRates["total"])
        XCTAssertEqual(computed.fundsScore, given.fundsScore)
        XCTAssertEqual(computed.total, given.total)
        func fundsTexts(_ sheet: ScoredSheet) -> [String] {
            SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == "funds" }!.table.body
                .flatMap(\.cells).map(\.plainText)
        }
        XCTAssertEqual(fundsTexts(computed), fundsTexts(given))
        XCTAssertEqual(try TableParity.problems(computed), [])

        // Given, and not the sum: an error at its line, naming the parts and the sum.
        let executed = given.evaluation.funds["total"]!.executed!.value
        let wrong = yaml.replacingOccurrences(
            of: totalLine,
            with: totalLine.replacingOccurrences(
                of: "executed: \(ExactDecimal.format(executed))}",
                with: "executed: \(ExactDecimal.format(executed + 1))}"))
        XCTAssertNotEqual(wrong, yaml)
        let errors = try TestSupport.score(wrong).get().diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(
            errors.map(\.message.en),
            [
                "\(ExactDecimal.format(executed + 1)) is not the sum of 其中：当年财政拨款、上年结转资金、其他资金 (\(ExactDecimal.format(executed)))"
            ])
        XCTAssertEqual(
            errors.first?.position?.line,
            wrong.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  total: {") }! + 1)

        // A part that is not a row: a form error at the line of `sumOf`, with the row meant.
        let (library, file) = try Self.copy("mof-2020-self-evaluation") {
            $0.replacingOccurrences(of: "sumOf: [fiscal, carryover, other]", with: "sumOf: [fiscal, carryovr, other]")
        }
        guard case let .failure(error) = library.form(id: "mof-2020-self-evaluation") else {
            return XCTFail("accepted carryovr")
        }
        let formErrors = error.diagnostics
        XCTAssertEqual(formErrors.map(\.message.en), ["'carryovr' is not a funds row (did you mean 'carryover'?)"])
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(
            formErrors.first?.position?.line,
            text.components(separatedBy: "\n").firstIndex { $0.contains("carryovr") }! + 1)
    }
}

extension FormLanguageTests {
    /// The national form with Sichuan's 项目基本情况 shape: a caption beside the goals and a note under them.
    static func withGoalsCaption(_ form: String) -> String {
        form.replacingOccurrences(
            of: "  actual: {zh: \"实际完成情况\", en: \"Actual Accomplishment\"}\n",
            with: """
                  actual: {zh: "实际完成情况", en: "Actual Accomplishment"}
                  caption: {zh: "1.项目年度目标完成情况", en: "1. Targets and Outcomes"}
                  notes:
                    - {id: process, label: {zh: "2.项目实施内容及过程概述", en: "2. What Was Done"}}

                """)
    }

    static func withGoalsCaptionStyle(_ style: String) -> String {
        style.replacingOccurrences(of: "goalsColumns: [19, 80.5, 80.5]", with: "goalsColumns: [19, 31, 65, 65]")
    }

    static let process = "年内完成中修工程招标，24公里完工，其余14公里结转次年；日常养护按月考核。"

    /// A goals table with a caption column and a note (项目基本情况 | 1.项目年度目标完成情况 | 预期目标 | 实际完成情况,
    /// then 2.项目实施内容及过程概述 with its text across both goal columns): the same table in the PDF, the HTML
    /// and the DOCX, the note imported from a spreadsheet, and its mistakes reported at their lines.
    func testAGoalsTableWithACaptionAndNotes() throws {
        let (library, file) = try Self.copy("mof-2020-self-evaluation") {
            Self.withGoalsCaption($0)
        } style: {
            Self.withGoalsCaptionStyle($0)
        }
        let yaml = try String(contentsOf: Self.ruralRoads, encoding: .utf8)
        let withNote = yaml.replacingOccurrences(
            of: "部分中修工程因招标延期未能在年内完工。\n", with: "部分中修工程因招标延期未能在年内完工。\n  process:\n    - \(Self.process)\n")
        XCTAssertNotEqual(withNote, yaml)
        let sheet = try TestSupport.score(withNote, library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(sheet.evaluation.goals.notes["process"]?.map(\.markup), [Self.process])
        let goals = try XCTUnwrap(
            SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == "goals" }?.table)
        XCTAssertEqual(goals.columnCount, 4)
        let cells = goals.body.flatMap(\.cells)
        XCTAssertEqual(
            cells.first { $0.role == "goals-title" }?.rowSpan, 3, "the title spans the heads, the texts and the note")
        XCTAssertEqual(cells.first { $0.role == "goals-caption" }?.rowSpan, 2)
        let note = try XCTUnwrap(cells.first { $0.role == "goals-note" })
        XCTAssertEqual([note.column, note.columnSpan], [2, 2])
        XCTAssertEqual(try TableParity.problems(sheet), [])

        // PDF: every text printed; the note under the goals, its text from the targets' left edge to the table's right.
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let pdf = TestSupport.temporaryDirectory().appendingPathComponent("goals.pdf")
        try TestSupport.renderer.writePDF(document, to: pdf)
        let text = TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout)
        for words in ["1.项目年度目标完", "2.项目实施内容及过程概述", "年内完成中修工程招标"] { XCTAssertTrue(text.contains(words), words) }
        let lines = LayoutInvariants.lines(document)
        let target = try XCTUnwrap(lines.first { $0.text.hasPrefix("完成农村公路日常养护") })
        let outcome = try XCTUnwrap(lines.last { $0.text.contains("完工。") })
        let label = try XCTUnwrap(lines.first { $0.text.hasPrefix("2.项目实施") })
        let noteLine = try XCTUnwrap(lines.first { $0.text.hasPrefix("年内完成") })
        XCTAssertGreaterThan(noteLine.frame.y, outcome.frame.y, "under the goals")
        XCTAssertLessThan(label.frame.x, target.frame.x, "the label in the caption column")
        XCTAssertEqual(noteLine.frame.x, target.frame.x, accuracy: 12, "indents aside, the targets' left edge")
        XCTAssertGreaterThan(
            noteLine.frame.x + noteLine.frame.width,
            sheet.form.style.margins.left + (19 + 31 + 65) * PageStyle.millimetre, "across both goal columns")

        // DOCX: the note's label and text in one row of the goals table.
        let docx = TestSupport.temporaryDirectory().appendingPathComponent("goals.docx")
        try DOCXRenderer.write(sheet, to: docx)
        let rows = try DOCXTests.read(docx).tables.flatMap(\.rows)
        let noteRow = try XCTUnwrap(rows.first { $0.cells.contains { $0.text == "2.项目实施内容及过程概述" } }, "\(rows)")
        XCTAssertEqual(noteRow.cells.last?.text, Self.process)
        XCTAssertEqual(noteRow.cells.last?.x1, rows[0].cells.last?.x1, "the note's text ends at the table's right edge")

        // Spreadsheets: the note is a column of its own, both ways.
        let draft = EvaluationDraft(sheet.evaluation, form: sheet.form)
        XCTAssertEqual(draft.goalsNotes.map(\.id), ["process"])
        let table = SpreadsheetExporter.table([draft], form: sheet.form)
        var log = DiagnosticLog(file: "goals.csv")
        let imported = SpreadsheetImporter(form: sheet.form, file: URL(fileURLWithPath: "/tmp/goals.csv")).rows(
            table, year: nil, log: &log)
        XCTAssertEqual(imported.first?.draft.goalsNotes.first?.paragraphs, [Self.process])
        // The schema knows the note.
        let schema = try XCTUnwrap(EvaluationSchema.schema(for: sheet.form)["properties"] as? [String: Any])
        XCTAssertNotNil(((schema["goals"] as? [String: Any])?["properties"] as? [String: Any])?["process"])

        // A misspelt note is an error at its line, with the name meant.
        let misspelt = withNote.replacingOccurrences(of: "  process:\n", with: "  proces:\n")
        let problem = try XCTUnwrap(
            TestSupport.score(misspelt, library: library).get().diagnostics.first { $0.field == "goals.proces" })
        XCTAssertEqual(problem.severity, .error)
        XCTAssertEqual(problem.position?.line, misspelt.components(separatedBy: "\n").firstIndex(of: "  proces:")! + 1)
        XCTAssertTrue(problem.message.en.contains("did you mean 'process'"), problem.message.en)

        // Form mistakes: a note named like a goals field, and three widths for a four-column table.
        let form = try String(contentsOf: file, encoding: .utf8)
        try form.replacingOccurrences(of: "{id: process,", with: "{id: actual,").write(
            to: file, atomically: true, encoding: .utf8)
        func problems() -> [String] {
            guard
                case let .failure(error) = FormLibrary(
                    directory: file.deletingLastPathComponent().deletingLastPathComponent()
                ).form(id: "mof-2020-self-evaluation")
            else { return [] }
            return error.diagnostics.map { "\($0)" }
        }
        let clash = problems()
        XCTAssertTrue(clash.contains { $0.contains("goals note 'actual' is already a field") }, "\(clash)")
        let clashLine = form.components(separatedBy: "\n").firstIndex { $0.contains("{id: process,") }! + 1
        XCTAssertTrue(
            clash.contains { $0.contains("form.yaml:\(clashLine):") }, "at the note's line \(clashLine): \(clash)")
        try form.write(to: file, atomically: true, encoding: .utf8)
        let style = file.deletingLastPathComponent().appendingPathComponent("style.yaml")
        try (try String(contentsOf: style, encoding: .utf8)).replacingOccurrences(
            of: "goalsColumns: [19, 31, 65, 65]", with: "goalsColumns: [19, 80.5, 80.5]"
        )
        .write(to: style, atomically: true, encoding: .utf8)
        let widths = problems()
        XCTAssertTrue(
            widths.contains {
                $0.contains(
                    "the goals table has 4 columns (title, caption, expected, actual) but style.yaml's goalsColumns gives 3 widths"
                )
            },
            "\(widths)")
    }
}

extension FormLanguageTests {
    /// The national form with 年度指标值 split into 指标性质, 指标值 and 度量单位 under one head (Yunnan's sheet).
    static func withGroupedTargetColumns(_ form: String) -> String {
        let group = "group: {zh: \"年度指标值\", en: \"Annual Target\"}"
        return form.replacingOccurrences(
            of: "  - {role: target, label: {zh: \"年度指标值\", en: \"Annual Target Value\"}}",
            with: """
                  - {role: field, key: nature, label: {zh: "指标性质", en: "Direction"}, \(group)}
                  - {role: target, label: {zh: "指标值", en: "Value"}, \(group)}
                  - {role: field, key: unit, label: {zh: "度量单位", en: "Unit"}, \(group)}
                """)
    }

    /// Columns under one head: the head is two rows, the group's head over its columns' heads and every other
    /// head spanning both; the same in the PDF (geometry, on every page), the HTML and the DOCX. A group whose
    /// columns do not stand together is an error at the column that comes back to it.
    func testGroupedColumnsShareAHeadOverTwoRows() throws {
        let (library, _) = try Self.copy(
            "mof-2020-self-evaluation", Self.withGroupedTargetColumns, style: Self.withFieldColumnsStyle)
        let yaml = try String(contentsOf: Self.ruralRoads, encoding: .utf8)
        // A long deviation note takes the table over a page break.
        let long = String(repeating: "秋冬季补植受天气影响推迟，已安排来年春季补种并加强养护管理。", count: 14)
        let filled = yaml.replacingOccurrences(
            of: "{name: 日常养护里程, target: \"=1450公里\"",
            with: "{name: 日常养护里程, fields: {nature: \"=\", unit: 公里}, target: \"1450\""
        )
        .replacingOccurrences(of: "deviation: 秋冬季补植受天气影响推迟。", with: "deviation: \(long)")
        XCTAssertNotEqual(filled, yaml)
        let sheet = try TestSupport.score(filled, library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(
            sheet.diagnostics.map(\.message.en).filter { $0.contains("without a comparison") }, [],
            "the comparison of 1450 is in its 指标性质 column")

        let head = SheetStructure(SheetText(sheet, language: .zh)).scoreTable().head
        XCTAssertEqual(head.count, 2)
        let top = head[0].cells.map { "\($0.plainText) \($0.column) \($0.rowSpan)×\($0.columnSpan)" }
        XCTAssertEqual(
            top,
            [
                "绩效指标 0 2×1", "一级指标 1 2×1", "二级指标 2 2×1", "三级指标 3 2×1", "年度指标值 4 1×3",
                "实际完成值 7 2×1", "分值 8 2×1", "得分 9 2×1", "偏差原因分析及改进措施 10 2×1"
            ])
        XCTAssertEqual(head[1].cells.map { "\($0.plainText) \($0.column)" }, ["指标性质 4", "指标值 5", "度量单位 6"])
        for language in [Language.zh, .bilingual] {
            XCTAssertEqual(try TableParity.problems(sheet, language: language), [], "\(language)")
        }

        // PDF: on every page the group's head lies over its three columns' heads, every other head spans both rows.
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let heads = LayoutInvariants.cells(document).filter {
            $0.cell.table == "score" && $0.cell.isHead && !$0.cell.role.hasPrefix("header-")
        }
        let pages = Set(heads.map(\.page)).sorted()
        XCTAssertEqual(pages.count, 2, "the table breaks and repeats its head")
        for page in pages {
            let cells = heads.filter { $0.page == page }.map(\.cell)
            let group = try XCTUnwrap(cells.first { $0.text == "年度指标值" })
            let members = cells.filter { ["指标性质", "指标值", "度量单位"].contains($0.text) }.sorted { $0.column < $1.column }
            let spanning = try XCTUnwrap(cells.first { $0.text == "实际完成值" })
            XCTAssertEqual(members.count, 3)
            XCTAssertEqual(group.frame.x, members[0].frame.x, accuracy: 0.01)
            XCTAssertEqual(group.frame.maxX, members[2].frame.maxX, accuracy: 0.01)
            for member in members { XCTAssertEqual(member.frame.y, group.frame.maxY, accuracy: 0.01) }
            XCTAssertEqual(spanning.frame.y, group.frame.y, accuracy: 0.01)
            XCTAssertEqual(spanning.frame.maxY, members[0].frame.maxY, accuracy: 0.01)
            XCTAssertEqual(spanning.rowSpan, 2)
        }

        // DOCX: both head rows repeat on every page; the heads beside the group are merged down.
        let docx = TestSupport.temporaryDirectory().appendingPathComponent("grouped.docx")
        try DOCXRenderer.write(sheet, to: docx)
        let score = try XCTUnwrap(
            try DOCXTests.read(docx).tables.first { $0.rows.contains { $0.cells.contains { $0.text == "年度指标值" } } })
        let headRows = score.rows.filter(\.header)
        XCTAssertEqual(headRows.count, 2)
        XCTAssertEqual(headRows.last?.cells.map(\.text).filter { !$0.isEmpty }, ["指标性质", "指标值", "度量单位"])
        XCTAssertEqual(headRows.first?.cells.first { $0.text == "实际完成值" }?.rowSpan, 2)

        // The columns of a group stand together: one that comes back after another column is an error at its line.
        let (scattered, file) = try Self.copy(
            "mof-2020-self-evaluation",
            {
                Self.withGroupedTargetColumns($0).replacingOccurrences(
                    of: "  - {role: actual, label: {zh: \"实际完成值\", en: \"Actual Value\"}}",
                    with: "  - {role: actual, label: {zh: \"实际完成值\", en: \"Actual Value\"}, group: {zh: \"年度指标值\"}}"
                )
                .replacingOccurrences(
                    of:
                        "  - {role: target, label: {zh: \"指标值\", en: \"Value\"}, group: {zh: \"年度指标值\", en: \"Annual Target\"}}\n",
                    with: "  - {role: target, label: {zh: \"指标值\", en: \"Value\"}}\n")
            }, style: Self.withFieldColumnsStyle)
        guard case let .failure(error) = scattered.form(id: "mof-2020-self-evaluation") else {
            return XCTFail("accepted a scattered group")
        }
        let errors = error.diagnostics.filter { $0.severity == .error }
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(
            errors.map(\.message.en),
            [
                "the columns of the group '年度指标值' must stand side by side (one head cell spans them); move this column next to the others"
            ])
        XCTAssertEqual(
            errors.first?.position?.line,
            text.components(separatedBy: "\n").firstIndex { $0.contains("{role: field, key: unit") }! + 1)
    }
}

extension FormLanguageTests {
    /// Yunnan's sheet prints a declared target's comparison and unit in columns of their own; `sample --form`
    /// writes them there (`targetParts` in sample-text.yaml), and every generated evaluation scores without a
    /// problem. A key that is not a field column is an error at its line.
    /// The national form with its header on a grid of its own: narrow labels (24 mm) and wide values (66 mm)
    /// over the funds table, whose columns keep their widths.
    static func withOwnHeaderGrid(_ form: String) -> String {
        form.replacingOccurrences(
            of: "label: {zh: \"项目名称\", en: \"Project Name\"}, labelSpan: 2, valueSpan: 6}",
            with: "label: {zh: \"项目名称\", en: \"Project Name\"}, labelSpan: 1, valueSpan: 3}"
        )
        .replacingOccurrences(
            of: "label: {zh: \"主管部门\", en: \"Supervising Department\"}, labelSpan: 2, valueSpan: 2}",
            with: "label: {zh: \"主管部门\", en: \"Supervising Department\"}}"
        )
        .replacingOccurrences(
            of: "label: {zh: \"实施单位\", en: \"Implementing Unit\"}, labelSpan: 2, valueSpan: 2}",
            with: "label: {zh: \"实施单位\", en: \"Implementing Unit\"}}")
    }

    func testTheHeaderRowsKeepAGridOfTheirOwn() throws {
        let headerGrid = "headerColumns: [24, 66, 24, 66]\n"
        let (library, _) = try Self.copy("mof-2020-self-evaluation", Self.withOwnHeaderGrid) { $0 + headerGrid }
        let sheet = try TestSupport.score(try String(contentsOf: Self.ruralRoads, encoding: .utf8), library: library)
            .get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        let mm = PageStyle.millimetre, left = sheet.form.style.margins.left

        // PDF: the header cells on the header's grid, the funds table's cells on its own.
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let cells = LayoutInvariants.cells(document).filter { $0.page == 1 }.map(\.cell)
        func frame(_ text: String) throws -> Rect { try XCTUnwrap(cells.first { $0.text == text }, text).frame }
        for (text, x, width) in [
            ("项目名称", 0.0, 24.0), ("主管部门", 0, 24), ("实施单位", 90, 24), ("年初预算数", 56, 22), ("执行率", 136, 23)
        ] {
            let found = try frame(text)
            XCTAssertEqual(found.x, left + x * mm, accuracy: 0.05, text)
            XCTAssertEqual(found.width, width * mm, accuracy: 0.05, text)
        }
        let project = try XCTUnwrap(
            cells.first { $0.role == "header-value" && $0.text == sheet.evaluation.header["project"]?.value })
        XCTAssertEqual(project.frame.width, 156 * mm, accuracy: 0.05, "the project's value spans three header columns")
        // Every edge of either grid is a column edge: 0 19 24 56 78 90 100 114 122 136 159 180.
        XCTAssertEqual(
            document.columnWidths["funds"]?.map { ($0 / mm * 10).rounded() / 10 },
            [19, 5, 32, 22, 12, 10, 14, 8, 14, 23, 21])
        for language in [Language.zh, .bilingual] {
            XCTAssertEqual(try TableParity.problems(sheet, language: language), [], "\(language)")
        }

        // DOCX: the header cells where the PDF has them (Word's grid is cut at every part's edges), each row
        // a full rectangle.
        let docx = TestSupport.temporaryDirectory().appendingPathComponent("header-grid.docx")
        try DOCXRenderer.write(sheet, columnWidths: document.columnWidths, to: docx)
        let tables = try DOCXTests.read(docx).tables
        let twips = 1440 / 25.4
        for (text, x0, x1) in [("项目名称", 0.0, 24.0), ("实施单位", 90, 114), ("年初预算数", 56, 78)] {
            let cell = try XCTUnwrap(tables.flatMap(\.rows).flatMap(\.cells).first { $0.text == text }, text)
            XCTAssertEqual(Double(cell.x0) / twips, x0, accuracy: 0.1, text)
            XCTAssertEqual(Double(cell.x1) / twips, x1, accuracy: 0.1, text)
        }
        for table in tables { for row in table.rows { XCTAssertEqual(row.gridColumns, table.gridColumns) } }

        // The sheet's text export (its header cells on the cut grid) imports back with the form and prints the same.
        let imported = SheetTextImporter.importSheet(
            text: try TextExportTests.textExport(sheet), file: "sheet.txt",
            library: library, formID: "mof-2020-self-evaluation")
        XCTAssertEqual(imported.problems, [])
        let copy = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library).get()
        XCTAssertEqual(copy.total, sheet.total)
        XCTAssertEqual(TextExportTests.printed(copy), TextExportTests.printed(sheet))

        // A header row that does not fill the header's grid is an error at the header, naming the grid.
        let (short, _) = try Self.copy(
            "mof-2020-self-evaluation",
            {
                Self.withOwnHeaderGrid($0).replacingOccurrences(
                    of: "labelSpan: 1, valueSpan: 3}", with: "labelSpan: 1, valueSpan: 2}")
            }
        ) { $0 + headerGrid }
        guard case let .failure(error) = short.form(id: "mof-2020-self-evaluation") else {
            return XCTFail("accepted a short header row")
        }
        XCTAssertEqual(
            error.diagnostics.map(\.message.en),
            ["header row 1 spans 3 grid columns but style.yaml's headerColumns gives 4"])
        // Widths that do not fill the text block: an error at the line of `headerColumns`.
        let (wide, styleFile) = try Self.copy("mof-2020-self-evaluation", Self.withOwnHeaderGrid) {
            $0 + "headerColumns: [24, 66, 24, 70]\n"
        }
        guard case let .failure(widthError) = wide.form(id: "mof-2020-self-evaluation") else {
            return XCTFail("accepted 184 mm")
        }
        let styleText = try String(
            contentsOf: styleFile.deletingLastPathComponent().appendingPathComponent("style.yaml"), encoding: .utf8)
        XCTAssertEqual(
            widthError.diagnostics.map(\.message.en), ["columns add up to 184.0 mm but the text block is 180.0 mm wide"]
        )
        XCTAssertEqual(
            widthError.diagnostics.first?.position?.line,
            styleText.components(separatedBy: "\n").firstIndex { $0.hasPrefix("headerColumns") }.map { $0 + 1 })
    }

    /// The cut grid: every edge of both grids once; a header edge within 1 mm of a table edge taken onto it
    /// (no sliver column), one 3 mm away kept; rows moved by their grid's edges keep their extent.
    func testTheCutGridKeepsBothGridsEdges() {
        let mm = PageStyle.millimetre
        let union = GridUnion(table: [20, 25, 68, 67].map { $0 * mm }, header: [20.6, 69.8, 22.6, 67].map { $0 * mm })
        // Table edges 0 20 45 113 180; header edges 0 20.6→20 90.4 113→113 (0.0 away) 180.
        XCTAssertEqual(union.widths.map { ($0 / mm * 10).rounded() / 10 }, [20, 25, 45.4, 22.6, 67])
        XCTAssertEqual(union.tableEdges, [0, 1, 2, 4, 5])
        XCTAssertEqual(union.headerEdges, [0, 1, 3, 4, 5])
        let kept = GridUnion(table: [20, 25, 68, 67].map { $0 * mm }, header: [20, 70, 20, 70].map { $0 * mm })
        XCTAssertEqual(
            kept.widths.map { ($0 / mm * 10).rounded() / 10 }, [20, 25, 45, 20, 3, 67], "110 and 113 are 3 mm apart")
        let moved = [(0, 1), (1, 3)].map { GridUnion.moved(column: $0.0, span: $0.1, edges: kept.headerEdges) }.map {
            "\($0.column)+\($0.span)"
        }
        XCTAssertEqual(moved, ["0+1", "1+5"])
    }

    func testSamplesPutTheTargetsComparisonAndUnitInTheirColumns() throws {
        let library = TestSupport.library
        let form = try library.form(id: "yunnan-2020-self-evaluation").get()
        let generator = try SampleGenerator(form: form, layouts: TestSupport.layouts)
        var declared = 0
        for index in 0..<8 {
            let yaml = generator.evaluation(index, seed: 5).yaml
            let sheet = try TestSupport.score(yaml, library: library).get()
            XCTAssertEqual(sheet.diagnostics, [], yaml)
            for item in sheet.evaluation.declared.values.joined() {
                XCTAssertTrue(
                    ["≥", "≤", "="].contains(item.fields["nature"]?.value ?? ""), "\(item.name.zh): \(item.fields)")
                XCTAssertFalse(item.fields["unit"]?.value.isEmpty ?? true, item.name.zh)
                XCTAssertNotNil(Decimal(string: item.target), "a bare figure: \(item.target)")
                XCTAssertNotNil(Decimal(string: item.actual), "a bare figure: \(item.actual)")
                declared += 1
            }
        }
        XCTAssertGreaterThan(declared, 16)

        let root = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(
            at: TestSupport.layouts.appendingPathComponent(form.id), to: root.appendingPathComponent(form.id))
        let material = root.appendingPathComponent(form.id).appendingPathComponent("sample-text.yaml")
        let text = try String(contentsOf: material, encoding: .utf8)
        try text.replacingOccurrences(of: "unit: unit}", with: "unit: units}").write(
            to: material, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SampleGenerator(form: form, layouts: root)) { error in
            let problems = (error as? InputError)?.diagnostics ?? []
            XCTAssertEqual(
                problems.map(\.message.en),
                ["'units' is not the key of a field column of form yunnan-2020-self-evaluation (did you mean 'unit'?)"])
            XCTAssertEqual(
                problems.first?.position?.line,
                text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("targetParts:") }! + 1)
        }
    }
}
