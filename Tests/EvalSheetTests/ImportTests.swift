import EvalSheet
import Foundation
import XCTest

final class ImportTests: XCTestCase {
    func evalsheet(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        try TestSupport.run(TestSupport.cli, arguments, in: TestSupport.root)
    }

    func importText(_ text: String) -> ImportResult {
        SheetTextImporter.importSheet(text: text, file: "sheet.txt", library: TestSupport.library, formID: nil)
    }

    var reference: String { try! String(contentsOf: TestSupport.seedText, encoding: .utf8) }

    func testReferenceSheetRoundTrip() throws {
        let result = importText(reference)
        XCTAssertEqual(result.problems, [], "every line is placed")
        let draft = try XCTUnwrap(result.draft)
        XCTAssertEqual(draft.formID, "zhongshan-2020")
        XCTAssertEqual(draft.typedTotal, 77)
        XCTAssertEqual(draft.typedGrade, "中")
        XCTAssertEqual(draft.recommendation, "retain")
        XCTAssertEqual(draft.signoff.first { $0.id == "team" }?.value, .names(["李溪", "邹恩", "史佳伟"]))
        let sheet = try TestSupport.score(EvaluationYAML.write(draft)).get()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertEqual(sheet.summaryLine(), "202008367 电子政务云服务平台项目经费: 38 + 42 = 80, −3 → 77 中")
        // It renders with every word of the original.
        let document = TestSupport.renderer.layout(sheet)
        let texts = LayoutInvariants.cells(document).map { TestSupport.squeezed($0.cell.text) }.joined(
            separator: "\u{1}")
        for cell in try SeedSheet.cells() where !cell.hasPrefix("2020年度") {
            XCTAssertTrue(texts.contains(cell), "lost in import: \(cell.prefix(30))")
        }
        // The same narrative as the hand-made sample, word for word.
        let sample = try TestSupport.sheet(TestSupport.seedSample)
        XCTAssertEqual(
            sheet.evaluation.narrative.mapValues { $0.map { TestSupport.squeezed($0.plainText) } },
            sample.evaluation.narrative.mapValues { $0.map { TestSupport.squeezed($0.plainText) } })
    }

    func testAWrongTotalOnTheSheetIsReported() throws {
        let lines = reference.components(separatedBy: "\n")
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("合计\t") })
        var changed = lines
        changed[index] = lines[index].replacingOccurrences(of: "77", with: "78")
        let draft = try XCTUnwrap(importText(changed.joined(separator: "\n")).draft)
        let sheet = try TestSupport.score(EvaluationYAML.write(draft)).get()
        XCTAssertTrue(
            sheet.diagnostics.contains {
                $0.field == "typed.total" && $0.message.en.contains("typed total 78 disagrees with the computed 77")
            })
    }

    func testWhatCannotBePlacedIsReportedWithItsLine() throws {
        var lines = reference.components(separatedBy: "\n")
        lines.insert("这一行不属于任何栏目\t多余", at: 8)
        let result = importText(lines.joined(separator: "\n"))
        let warning = try XCTUnwrap(result.problems.first { $0.message.en.hasPrefix("not placed") })
        XCTAssertEqual(warning.position?.line, 9)
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertNotNil(result.draft)
    }

    func testAnUnknownSheetAsksForAForm() {
        let result = importText("某市绩效表\n甲\t乙\n")
        XCTAssertNil(result.draft)
        XCTAssertTrue(result.problems.first?.message.en.contains("--new-form") ?? false)
    }

    func testNewFormIsDraftedFromTheSheet() throws {
        let layouts = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: layouts.appendingPathComponent("drafted"), withIntermediateDirectories: true)
        try FormDrafter.draft(text: reference, id: "drafted").write(
            to: layouts.appendingPathComponent("drafted/form.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: TestSupport.layouts.appendingPathComponent("zhongshan-2020/style.yaml"),
            to: layouts.appendingPathComponent("drafted/style.yaml"))
        let library = FormLibrary(directory: layouts)
        let form = try library.form(id: "drafted").get()
        XCTAssertEqual(form.leaves.count, 13)
        XCTAssertEqual(form.deductions.items.count, 8)
        XCTAssertEqual(form.deductions.items.filter { !$0.showCap }.map(\.name.zh), ["建设工程招标投标执行情况"])
        XCTAssertEqual(form.grades.bands.map(\.name.zh), ["优", "良", "中", "差"])
        XCTAssertEqual(form.sections.map(\.title.zh), ["总体评价", "存在问题", "改进建议"])
        XCTAssertEqual(form.recommendation.options.map(\.label.zh), ["保留", "保留但建议部分核减", "取消"])
        let result = SheetTextImporter.importSheet(text: reference, file: "x", library: library, formID: "drafted")
        let sheet = try library.scoreData(Data(EvaluationYAML.write(try XCTUnwrap(result.draft)).utf8), file: "x").get()
        XCTAssertEqual(sheet.total, 77)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
    }

    func makeSpreadsheets() throws -> URL {
        let folder = TestSupport.temporaryDirectory()
        let result = try TestSupport.run(
            HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("make_spreadsheets.py").path, folder.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        return folder
    }

    func testXLSXFromARealWriter() throws {
        let folder = try makeSpreadsheets()
        let output = folder.appendingPathComponent("evaluations")
        // Three rows; with --keep-going every row is written, the incomplete ones as drafts.
        let result = try evalsheet([
            "import", folder.appendingPathComponent("scores.xlsx").path, "--form", "zhongshan-2020",
            "--sheet", "2020年度", "-o", output.path, "--keep-going"
        ])
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        XCTAssertEqual(files, ["202109001.yaml", "202109002.yaml", "202109003.yaml"], result.stderr)
        let first = try TestSupport.sheet(output.appendingPathComponent("202109001.yaml"))
        XCTAssertEqual(first.evaluation.scores["pm-rules"]?.value, 2, "制度建设 under 项目管理")
        XCTAssertEqual(first.evaluation.scores["fm-rules"]?.value, 2, "制度建设 under 资金管理")
        XCTAssertEqual(first.subtotal, 94.5)
        XCTAssertEqual(first.total, 94)
        XCTAssertEqual(first.signoffDate, SignOffDate(year: 2021, month: 8, day: 16), "an Excel date")
        XCTAssertEqual(first.header("budget"), "1268.5")
        XCTAssertEqual(first.evaluation.narrative["problems"]?.map(\.plainText), ["一、项目管理。", "台账登记不及时。"])
        let second = try TestSupport.sheet(output.appendingPathComponent("202109002.yaml"))
        XCTAssertEqual(second.evaluation.scores["pm-rules"]?.value, 1, "a number stored as text")
        XCTAssertEqual(
            second.evaluation.narrative["overall"]?.count, 2, "a narrative read from a file beside the spreadsheet")
        XCTAssertEqual(second.evaluation.recommendation?.value, "reduce")
        // Without --keep-going, a row with an error is not written, and the error names its cell.
        let strict = folder.appendingPathComponent("strict")
        let broken = try evalsheet([
            "import", folder.appendingPathComponent("scores.xlsx").path, "--form", "zhongshan-2020",
            "--sheet", "2020年度", "-o", strict.path
        ])
        XCTAssertEqual(broken.code, 1)
        // Row 5 scores 9 where the weight is 8: reported at its cell, H5. No row has 改进建议, which is required.
        XCTAssertTrue(
            broken.stderr.contains("scores.xlsx:5:8: error: scores.pm-execution: H5: score 9 is above the weight 8"),
            broken.stderr)
        XCTAssertEqual(broken.stderr.components(separatedBy: "section 改进建议 is empty").count - 1, 3, broken.stderr)
        XCTAssertEqual(
            (try? FileManager.default.contentsOfDirectory(atPath: strict.path)) ?? [], [],
            "rows with errors are not written")
        XCTAssertTrue(broken.stdout.contains("3 row(s) with errors skipped"), broken.stdout)
        // With --keep-going they were written as drafts.
        XCTAssertTrue(
            try String(contentsOf: output.appendingPathComponent("202109003.yaml"), encoding: .utf8).contains(
                "draft: true"))
        XCTAssertEqual(
            try evalsheet([
                "import", folder.appendingPathComponent("scores.xlsx").path, "--form", "zhongshan-2020",
                "--sheet", "nope", "-o", strict.path
            ]).code, 1)
    }

    func testGB18030CSV() throws {
        let folder = try makeSpreadsheets()
        let data = try Data(contentsOf: folder.appendingPathComponent("scores-gb18030.csv"))
        XCTAssertNil(String(data: data, encoding: .utf8), "the file really is GB18030")
        let table = CSVReader.read(try TextDecoding.decode(data))
        XCTAssertEqual(table.rows[2][1], "中山市科学技术局")
        XCTAssertEqual(table.rows[2][20], "彭翀,曾岚")
        var log = DiagnosticLog(file: "scores.csv")
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        let rows = SpreadsheetImporter(form: form, file: folder.appendingPathComponent("scores-gb18030.csv")).rows(
            table, year: nil, log: &log)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].draft.recommendation, "cancel")
        XCTAssertEqual(rows[0].draft.signoff.first { $0.id == "team" }?.value, .names(["彭翀", "曾岚"]))
        XCTAssertEqual(rows[0].draft.scores.count, 13)
    }

    func testCellErrorsNameTheCell() throws {
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        let table = CSVReader.read("年度,指标编码,项目管理\n,,制度建设\n2020,X1,abc\n")
        var log = DiagnosticLog(file: "t.csv")
        let importer = SpreadsheetImporter(form: form, file: URL(fileURLWithPath: "/tmp/t.csv"))
        let rows = importer.rows(table, year: nil, log: &log)
        XCTAssertEqual(rows.count, 1)
        let problem = try XCTUnwrap(rows[0].problems.first { $0.field == "scores.pm-rules" })
        XCTAssertTrue(problem.message.en.hasPrefix("C3: 'abc' is not a number"), problem.message.en)
        XCTAssertEqual(problem.position, SourcePosition(line: 3, column: 3))
    }

    func testCSVReaderHandlesQuotesBreaksAndRaggedRows() {
        let table = CSVReader.read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\"\r\nx\n")
        XCTAssertEqual(table.rows, [["a", "b,c", "say \"hi\""], ["1", "two\nlines", ""], ["x", "", ""]])
    }

    /// Every form's samples, exported to XLSX and CSV and imported back: the same evaluation (funds, goals,
    /// declared indicators, sign-off, typed figures, English narratives), and the same printed sheet.
    func testExportThenImportGivesIdenticalEvaluationsForEveryForm() throws {
        for form in TestSupport.library.availableIDs() {
            let input = TestSupport.samples.appendingPathComponent(form)
            let originals = try EvaluationFiles.expand([input.path]).map { try TestSupport.sheet($0) }
            for format in ["xlsx", "csv"] {
                let folder = TestSupport.temporaryDirectory()
                let file = folder.appendingPathComponent("scores.\(format)")
                let exported = try evalsheet(["export", input.path, "-o", file.path])
                XCTAssertEqual(exported.code, 0, exported.stderr)
                let back = folder.appendingPathComponent("back")
                let imported = try evalsheet(["import", file.path, "--form", form, "-o", back.path])
                XCTAssertEqual(imported.code, 0, imported.stderr)
                XCTAssertFalse(imported.stderr.contains("ignored"), imported.stderr)
                let copies = try EvaluationFiles.expand([back.path]).map { try TestSupport.sheet($0) }
                XCTAssertEqual(copies.count, originals.count, "\(form) \(format)")
                for (original, copy) in zip(originals, copies) {
                    // Image paths compared as absolute paths (each is relative to its own file's folder).
                    func absolute(_ sheet: ScoredSheet) -> EvaluationDraft {
                        EvaluationDraft(sheet.evaluation, form: sheet.form).movingImages(
                            from: URL(fileURLWithPath: sheet.evaluation.file).deletingLastPathComponent(),
                            to: URL(fileURLWithPath: "/"))
                    }
                    var draft = absolute(copy)
                    let expected = absolute(original)
                    draft.comments = expected.comments
                    XCTAssertEqual(
                        EvaluationYAML.write(draft), EvaluationYAML.write(expected),
                        "\(form) \(format) \(original.evaluation.file)")
                    for language in Language.allCases {
                        func printed(_ sheet: ScoredSheet) -> [String] {
                            SheetStructure(SheetText(sheet, language: language)).tables().flatMap {
                                $0.table.lead + $0.table.head + $0.table.body
                            }
                            .flatMap(\.cells).map(\.plainText)
                        }
                        XCTAssertEqual(printed(copy), printed(original), "\(form) \(format) \(language) printed text")
                    }
                }
            }
        }
        // The exported evaluations are not trivially empty: the national form's carry funds, goals, declared
        // indicators and typed figures.
        let national = try TestSupport.sheet(
            TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-skills-training.yaml"))
        let draft = EvaluationDraft(national.evaluation, form: national.form)
        XCTAssertEqual(draft.funds.count, 4)
        XCTAssertFalse(draft.goalsExpected.isEmpty)
        XCTAssertEqual(draft.declared.flatMap(\.items).count, 8)
        XCTAssertEqual(draft.typedTotal, Decimal(string: "96.67"))

        // A blank template per form: its columns are all fields the importer reads back, with checks on what is
        // typed and a sheet of instructions, one line per column.
        for form in TestSupport.library.availableIDs() {
            let folder = TestSupport.temporaryDirectory()
            let blank = folder.appendingPathComponent("blank.xlsx")
            let written = try evalsheet(["export", "--template", "--form", form, "-o", blank.path])
            XCTAssertEqual(written.code, 0, written.stderr)
            let script = """
                import openpyxl, sys, json
                wb = openpyxl.load_workbook(sys.argv[1])
                data, notes = wb[wb.sheetnames[0]], wb[wb.sheetnames[1]]
                print(json.dumps({"sheets": wb.sheetnames, "columns": data.max_column, "notes": notes.max_row,
                                  "types": sorted(set(v.type for v in data.data_validations.dataValidation)),
                                  "lists": [v.formula1 for v in data.data_validations.dataValidation if v.type == "list"]}, ensure_ascii=False))
                """
            let check = try TestSupport.run(HTMLTests.python, ["-c", script, blank.path])
            XCTAssertEqual(check.code, 0, check.stderr)
            let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(read["sheets"] as? [String], [form, "填写说明"])
            XCTAssertEqual(
                read["notes"] as? Int, (read["columns"] as? Int ?? 0) + 2, "a title, a head and one line per column")
            XCTAssertEqual(read["lists"] as? [String], ["\"保留,保留但建议部分核减,取消\""].filter { _ in form == "zhongshan-2020" })
            XCTAssertTrue((read["types"] as? [String] ?? []).contains("decimal"))
            let back = try evalsheet(["import", blank.path, "-o", folder.appendingPathComponent("back").path])
            XCTAssertEqual(back.code, 0, back.stderr)
            XCTAssertFalse(back.stderr.contains("ignored"), back.stderr)
            XCTAssertTrue(
                back.stdout.contains("0 evaluation(s) in \(folder.appendingPathComponent("back").path): 0 created"),
                back.stdout)
        }

        // The form is read from the sheet's name: no --form needed to bring the workbook back.
        let noForm = TestSupport.temporaryDirectory()
        let workbook = noForm.appendingPathComponent("year.xlsx")
        XCTAssertEqual(
            try evalsheet([
                "export", TestSupport.samples.appendingPathComponent("zhongshan-2020").path, "-o", workbook.path
            ]).code, 0)
        let withoutForm = try evalsheet(["import", workbook.path, "-o", noForm.appendingPathComponent("back").path])
        XCTAssertEqual(withoutForm.code, 0, withoutForm.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: noForm.appendingPathComponent("back").path).count, 4)
        // The exported workbook opens in a real reader.
        let folder = TestSupport.temporaryDirectory()
        let file = folder.appendingPathComponent("scores.xlsx")
        _ = try evalsheet(["export", TestSupport.samples.appendingPathComponent("zhongshan-2020").path, "-o", file.path]
        )
        let check = try TestSupport.run(
            HTMLTests.python,
            [
                "-c",
                "import openpyxl,sys; s=openpyxl.load_workbook(sys.argv[1]).active; print(s.max_row, repr(s['C3'].value), repr(s['A3'].value), repr(s['E3'].value), 'F1:H1' in [str(r) for r in s.merged_cells.ranges])",
                file.path
            ])
        XCTAssertEqual(check.code, 0, check.stderr)
        // Two header rows and four projects; column C is the budget code (text); the year and the budget are numbers;
        // the group head 项目管理 is merged over F1:H1.
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "6 '202008367' 2020 4400.18 True")
    }
}

extension ImportTests {
    /// What the newer form language lets an evaluation give goes through a spreadsheet and back: the weights
    /// of chosen indicators, a funds row's note (原因说明) and a declared indicator's field values (指标性质,
    /// 度量单位), in XLSX and CSV, and the blank template says what each of those columns takes.
    func testWeightsFundsNotesAndFieldValuesSurviveASpreadsheet() throws {
        // The Zhongshan form with two indicators each evaluation weighs itself.
        let (zhongshan, zhongshanForm) = try FormLanguageTests.copy(
            "zhongshan-2020", FormLanguageTests.withChosenOutputIndicators)
        let seed =
            TestSupport.withoutTypedFigures(TestSupport.seedYAML())
            .replacingOccurrences(of: "  output-timeliness: 3\n", with: "").replacingOccurrences(
                of: "  output-quality: 10\n", with: "  output-quality: 16\n")
            + "\nweights: {output-quality: 20}\n"
        // The national form with a funds note column and two field columns.
        let (national, nationalForm) = try FormLanguageTests.copy("mof-2020-self-evaluation") {
            FormLanguageTests.withFundsNote(FormLanguageTests.withFieldColumns($0))
        } style: {
            FormLanguageTests.withFundsNoteStyle(FormLanguageTests.withFieldColumnsStyle($0))
        }
        let roads = try String(contentsOf: FormLanguageTests.ruralRoads, encoding: .utf8)
            .replacingOccurrences(
                of: "  total: {initial: 860, budget: 860, executed: 602}",
                with: "  total: {initial: 860, budget: 860, executed: 602, note: 中修工程招标延期，资金结转次年}"
            )
            .replacingOccurrences(
                of: "points: 10, score: 10}\n    - {name: 中修工程里程",
                with: "points: 10, score: 10, fields: {nature: 正向, unit: 公里}}\n    - {name: 中修工程里程")

        for (library, form, yaml) in [(zhongshan, zhongshanForm, seed), (national, nationalForm, roads)] {
            let id = form.deletingLastPathComponent().lastPathComponent
            let layouts = library.directory.path
            let original = try TestSupport.score(yaml, library: library).get()
            XCTAssertEqual(original.diagnostics.filter { $0.severity == .error }, [], id)
            let expected = EvaluationDraft(original.evaluation, form: original.form)
            XCTAssertTrue(!expected.weights.isEmpty || expected.funds.contains { $0.note != nil }, id)
            let folder = TestSupport.temporaryDirectory()
            let input = folder.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            try yaml.write(to: input.appendingPathComponent("sheet.yaml"), atomically: true, encoding: .utf8)
            for format in ["xlsx", "csv"] {
                let file = folder.appendingPathComponent("scores.\(format)")
                let exported = try evalsheet(["export", input.path, "-o", file.path, "--layouts", layouts])
                XCTAssertEqual(exported.code, 0, exported.stderr)
                let back = folder.appendingPathComponent("back-\(format)")
                let imported = try evalsheet(["import", file.path, "--form", id, "-o", back.path, "--layouts", layouts])
                XCTAssertEqual(imported.code, 0, imported.stderr)
                XCTAssertFalse(imported.stderr.contains("ignored"), imported.stderr)
                let copies = try EvaluationFiles.expand([back.path]).map { try TestSupport.sheet($0, library: library) }
                XCTAssertEqual(copies.count, 1)
                guard let copy = copies.first else { continue }
                var draft = EvaluationDraft(copy.evaluation, form: copy.form)
                draft.comments = expected.comments
                XCTAssertEqual(EvaluationYAML.write(draft), EvaluationYAML.write(expected), "\(id) \(format)")
                XCTAssertEqual(copy.total, original.total, "\(id) \(format)")
            }
            // The blank template explains the new columns.
            let notes = SpreadsheetExporter.template(form: original.form)[1].table.rows.map {
                $0.joined(separator: " | ")
            }
            if id == "zhongshan-2020" {
                XCTAssertTrue(
                    notes.contains { $0.contains("质量达标 / 权重") && $0.contains("自选指标的权重") }, "\(notes)")
            } else {
                XCTAssertTrue(notes.contains { $0.contains("原因说明") && $0.contains("文本：原因、说明") }, "\(notes)")
                XCTAssertTrue(notes.contains { $0.contains(" 1 / 度量单位") && $0.contains("文本：度量单位") }, "\(notes)")
            }
        }
    }
}

extension ImportTests {
    /// The workbooks a clerk fills (`export`, `export --template`) speak the sheet's words: no head is a field
    /// path; each form's sheet has its explanation, checks on what is typed, amounts shown with their decimals,
    /// its head rows locked and its value cells free; and LibreOffice Calc reads every sheet of it as written.
    func testWorkbooksSpeakTheSheetsWordsAndGuardTheirHeads() throws {
        let folder = TestSupport.temporaryDirectory()
        let file = folder.appendingPathComponent("year.xlsx")
        let exported = try evalsheet(["export", TestSupport.samples.path, "-o", file.path])
        XCTAssertEqual(exported.code, 0, exported.stderr)
        let script = """
            import openpyxl, sys, json, re
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": wb.sheetnames, "forms": {}}
            for name in wb.sheetnames:
                if name.startswith("填写说明"):
                    continue
                ws = wb[name]
                heads = [c.value or "" for c in ws[2]]
                amounts = [c.coordinate for row in ws.iter_rows(min_row=3) for c in row if c.number_format == "0.00"]
                out["forms"][name] = {
                    "heads": heads,
                    "paths": [h for h in heads if re.match(r"^[a-z_]+[.]", h)],
                    "protected": ws.protection.sheet,
                    "headsLocked": all(c.protection.locked for c in ws[2] if c.value),
                    "valuesFree": all(not c.protection.locked for row in ws.iter_rows(min_row=3) for c in row if c.value is not None),
                    "amounts": len(amounts),
                    "validations": len(ws.data_validations.dataValidation),
                    "types": sorted(set(v.type for v in ws.data_validations.dataValidation)),
                    "percents": len([c for row in ws.iter_rows(min_row=3) for c in row if c.number_format == '0.00"%"']),
                    "frozen": ws.freeze_panes,
                    # A head too narrow for its text: its longest line (a Chinese character two units) against its
                    # column's width, for every column with a head (those over 60 wrap).
                    "narrow": [c.value for c in ws[2] if c.value and
                               (ws.column_dimensions[c.column_letter].width or 0) <
                               min(60, max(sum(2 if ord(ch) >= 0x2E80 else 1 for ch in line) for line in str(c.value).split("\\n")))],
                }
            print(json.dumps(out, ensure_ascii=False))
            """
        let check = try TestSupport.run(HTMLTests.python, ["-c", script, file.path])
        XCTAssertEqual(check.code, 0, check.stderr)
        let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let forms = try XCTUnwrap(read["forms"] as? [String: [String: Any]])
        XCTAssertEqual(Set(forms.keys), Set(TestSupport.library.availableIDs()))
        XCTAssertEqual(
            read["sheets"] as? [String],
            TestSupport.library.availableIDs().sorted().flatMap { [$0, String("填写说明 \($0)".prefix(31))] })
        for (form, found) in forms {
            XCTAssertEqual(found["paths"] as? [String], [], "\(form): heads in the sheet's words")
            XCTAssertEqual(found["protected"] as? Bool, true, form)
            XCTAssertEqual(found["headsLocked"] as? Bool, true, form)
            XCTAssertEqual(found["valuesFree"] as? Bool, true, form)
            XCTAssertGreaterThan(found["validations"] as? Int ?? 0, 0, "\(form): scores checked as typed")
            XCTAssertGreaterThan(found["amounts"] as? Int ?? 0, 0, "\(form): amounts with their decimals")
            XCTAssertEqual(found["frozen"] as? String, "A3", "\(form): its two head rows frozen")
            XCTAssertEqual(found["narrow"] as? [String], [], "\(form): every head as wide as its text")

        }
        // A sign-off date is checked as a date; the execution rate typed on the paper sheet shows as a percentage.
        XCTAssertTrue((forms["zhongshan-2020"]?["types"] as? [String] ?? []).contains("custom"))
        XCTAssertGreaterThan(forms["mof-2020-self-evaluation"]?["percents"] as? Int ?? 0, 0)
        let national = try XCTUnwrap(forms["mof-2020-self-evaluation"]?["heads"] as? [String])
        XCTAssertTrue(national.contains("年度") && national.contains("三级指标") && national.contains("年度指标值"), "\(national)")
        // LibreOffice Calc opens it (a damaged part stops its conversion) and reads each sheet's heads as written.
        let csv = folder.appendingPathComponent("csv")
        let converted = try TestSupport.run(
            "/usr/bin/soffice",
            [
                "--headless", "-env:UserInstallation=file://\(folder.appendingPathComponent("lo-profile").path)",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                "--outdir", csv.path, file.path
            ])
        XCTAssertEqual(converted.code, 0, converted.stderr)
        for (form, found) in forms {
            let text = try String(contentsOf: csv.appendingPathComponent("year-\(form).csv"), encoding: .utf8)
            let rows = CSVReader.read(text).rows
            XCTAssertEqual(rows.count > 1 ? rows[1] : [], found["heads"] as? [String] ?? [], form)
        }
    }
}
