import EvalSheet
import Foundation
import XCTest

/// The one writer of evaluation files: an existing file is changed only where a value changed, and keeps
/// everything else as written; a file that is not the row's own is never overwritten.
final class EvaluationFileTests: XCTestCase {
    let form = try! TestSupport.library.form(id: "zhongshan-2020").get()

    /// The reference sample with what people write by hand: a comment after a value, a date in Chinese, the
    /// code quoted with single quotes.
    var handWritten: String {
        TestSupport.seedYAML()
            .replacingOccurrences(of: "  pm-adjustment: 3\n", with: "  pm-adjustment: 3   # 见调整批复\n")
            .replacingOccurrences(of: "  date: 2021-09-27\n", with: "  date: 2021年9月27日\n")
            .replacingOccurrences(of: "  code: \"202008367\"\n", with: "  code: '202008367'\n")
    }

    func draft(_ text: String) throws -> EvaluationDraft {
        let sheet = try TestSupport.score(text).get()
        return EvaluationDraft(sheet.evaluation, form: sheet.form)
    }

    func changedLines(_ a: String, _ b: String) -> [(String, String)] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false),
            y = b.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(x.count, y.count)
        return zip(x, y).filter { $0 != $1 }.map { (String($0), String($1)) }
    }

    func testAnUnchangedEvaluationLeavesTheFileAsWritten() throws {
        let text = handWritten
        let (updated, outcome) = try EvaluationFile.updated(text, to: try draft(text), form: form, file: "a.yaml")
        XCTAssertEqual(outcome, .unchanged)
        XCTAssertEqual(updated, text)
    }

    func testOnlyTheChangedValuesAreRewrittenWhereTheyStand() throws {
        let text = handWritten
        var changed = try draft(text)
        changed.scores = changed.scores.map { $0.id == "pm-adjustment" ? ($0.id, Decimal(2)) : $0 }
        changed.signoff = changed.signoff.map {
            $0.id == "date" ? ($0.id, .date(SignOffDate(year: 2021, month: 9, day: 28))) : $0
        }
        changed.typedGroups = changed.typedGroups.map { $0.id == "process" ? ($0.id, Decimal(37)) : $0 }
        let (updated, outcome) = try EvaluationFile.updated(text, to: changed, form: form, file: "a.yaml")
        XCTAssertEqual(outcome, .updated(["scores.pm-adjustment", "typed.groups", "signoff.date"]))
        let lines = changedLines(text, updated)
        XCTAssertEqual(
            lines.map(\.1),
            ["  pm-adjustment: 2   # 见调整批复", "  groups: {process: 37, performance: 42}", "  date: 2021-09-28"],
            "the comment after the value stays")
        XCTAssertEqual(try draft(updated).scores.first { $0.id == "pm-adjustment" }?.value, 2)
    }

    func testValuesAddedAndRemovedAndParagraphsReplaced() throws {
        let text = handWritten
        var changed = try draft(text)
        // A deduction removed, a paragraph changed, the draft mark added.
        changed.deductions.removeAll { $0.id == "tendering" }
        changed.narrative = changed.narrative.map { id, paragraphs in
            (id, id == "overall" ? paragraphs + ["补充一段。"] : paragraphs)
        }
        changed.draft = true
        let (updated, outcome) = try EvaluationFile.updated(text, to: changed, form: form, file: "a.yaml")
        XCTAssertEqual(outcome, .updated(["draft", "deductions.tendering", "narrative.overall"]))
        XCTAssertFalse(updated.contains("  tendering: 0\n"))
        XCTAssertTrue(updated.contains("year: 2020\ndraft: true\n"), updated)
        XCTAssertTrue(updated.contains("    - \"补充一段。\"\n  problems:\n"), updated)
        // Everything else as written: comments, the quoting of the code, the Chinese date.
        XCTAssertTrue(updated.hasPrefix("# The reference sheet"))
        XCTAssertTrue(updated.contains("# Figures as typed on the original sheet"))
        XCTAssertTrue(updated.contains("  code: '202008367'\n") && updated.contains("  date: 2021年9月27日\n"))
        let reread = try TestSupport.score(updated).get()
        XCTAssertEqual(
            EvaluationYAML.write(EvaluationDraft(reread.evaluation, form: form)), EvaluationYAML.write(changed))
    }

    func testAFileThatIsNotAnEvaluationOfTheFormIsNeverReplaced() throws {
        let changed = try draft(handWritten)
        XCTAssertThrowsError(try EvaluationFile.updated("form: [\n", to: changed, form: form, file: "broken.yaml")) {
            error in
            XCTAssertTrue("\(error)".contains("broken.yaml exists but does not load as an evaluation"), "\(error)")
        }
        let national = try String(
            contentsOf: TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-rural-roads.yaml"),
            encoding: .utf8)
        XCTAssertThrowsError(try EvaluationFile.updated(national, to: changed, form: form, file: "roads.yaml")) {
            error in
            XCTAssertTrue(
                "\(error)".contains("is an evaluation of form mof-2020-self-evaluation, not zhongshan-2020"), "\(error)"
            )
        }
        // JSON cannot be changed in place: refused, never rewritten as YAML.
        let json = #"{"form": "zhongshan-2020", "year": 2020, "scores": {}}"#
        XCTAssertThrowsError(try EvaluationFile.updated(json, to: changed, form: form, file: "a.json")) { error in
            XCTAssertTrue("\(error)".contains("not block-style YAML"), "\(error)")
        }
    }

    /// `--overwrite` replaces a file that is not an evaluation by a rename over it; without it the file stays.
    func testAFileThatCannotBeUpdatedIsReplacedOnlyOnRequest() throws {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("broken.yaml")
        try "form: [\n".write(to: url, atomically: true, encoding: .utf8)
        let changed = try draft(handWritten)
        XCTAssertThrowsError(try EvaluationFile.write(changed, to: url, form: form))
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "form: [\n", "refused: the file as it was")
        XCTAssertEqual(try EvaluationFile.write(changed, to: url, form: form, replacing: true), .created)
        XCTAssertEqual(try draft(String(contentsOf: url, encoding: .utf8)), changed)
        // A file that can be updated is updated in place even when replacing is allowed.
        XCTAssertEqual(try EvaluationFile.write(changed, to: url, form: form, replacing: true), .unchanged)
    }

    func testPlainRelativePaths() {
        XCTAssertTrue(EvaluationFile.isPlainRelativePath("202008367.yaml"))
        XCTAssertTrue(EvaluationFile.isPlainRelativePath("2021/中山/202008367.yml"))
        for bad in ["../x.yaml", "/etc/x.yaml", "a/../b.yaml", "x.txt", ".hidden.yaml", "a//b.yaml", "a\nb.yaml", ""] {
            XCTAssertFalse(EvaluationFile.isPlainRelativePath(bad), bad)
        }
    }

    // MARK: - Through the command line

    func evalsheet(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        try TestSupport.run(TestSupport.cli, arguments, in: TestSupport.root)
    }

    /// Every file's bytes under a folder, by relative path.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for url in try EvaluationFiles.expand([folder.path]) {
            result[RelativePath.of(url, from: folder)] = try Data(contentsOf: url)
        }
        return result
    }

    /// The README's round trip on every sample at once: export (a sheet per form), then import into the same
    /// folder, twice: nothing changes, nothing is duplicated. An edit in the workbook changes its lines only.
    func testExportThenImportIntoTheSameFolderChangesNothing() throws {
        let folder = TestSupport.temporaryDirectory().appendingPathComponent("Samples")
        try FileManager.default.copyItem(at: TestSupport.samples, to: folder)
        let handWrittenFile = folder.appendingPathComponent("zhongshan-2020/202008367.yaml")
        try handWritten.write(to: handWrittenFile, atomically: true, encoding: .utf8)
        let before = try snapshot(folder)
        let workbook = folder.deletingLastPathComponent().appendingPathComponent("year.xlsx")
        let exported = try evalsheet(["export", folder.path, "-o", workbook.path])
        XCTAssertEqual(exported.code, 0, exported.stderr)
        // The samples of each form, counted here (a form's folder holds its evaluations).
        let forms = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            .sorted()
        let counts = try forms.map { form in
            (
                form,
                try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(form).path).filter {
                    $0.hasSuffix(".yaml")
                }.count
            )
        }
        let total = counts.reduce(0) { $0 + $1.1 }
        XCTAssertGreaterThan(counts.count, 2)
        let perForm = counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        XCTAssertTrue(
            exported.stdout.contains(
                "\(total) evaluation(s) written to \(workbook.path) (a sheet per form: \(perForm))"), exported.stdout)
        for round in 1...2 {
            let imported = try evalsheet(["import", workbook.path, "-o", folder.path])
            XCTAssertEqual(imported.code, 0, imported.stderr)
            XCTAssertTrue(
                imported.stdout.contains(
                    "\(total) evaluation(s) in \(folder.path): 0 created, 0 updated, \(total) unchanged"),
                "round \(round): \(imported.stdout)")
            XCTAssertEqual(try snapshot(folder), before, "round \(round): every file as it was, none added")
        }
        // A CSV holds one form.
        let csv = try evalsheet([
            "export", folder.path, "-o", folder.deletingLastPathComponent().appendingPathComponent("year.csv").path
        ])
        XCTAssertEqual(csv.code, 1)
        XCTAssertTrue(csv.stderr.contains("holds evaluations of \(counts.count) forms"), csv.stderr)

        // Edited in the workbook: the date and a score's comment line; only those lines change.
        let edit = """
            import openpyxl, sys
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb["zhongshan-2020"]
            heads = [c.value for c in ws[2]]
            for r in range(3, ws.max_row + 1):
                if ws.cell(r, heads.index("文件") + 1).value == "zhongshan-2020/202008367.yaml":
                    ws.cell(r, heads.index("日期") + 1).value = "2021-09-28"
                    ws.cell(r, heads.index("项目调整") + 1).value = 3
            wb.save(sys.argv[1])
            """
        XCTAssertEqual(try TestSupport.run(HTMLTests.python, ["-c", edit, workbook.path]).code, 0)
        let imported = try evalsheet(["import", workbook.path, "-o", folder.path])
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("zhongshan-2020/202008367.yaml: updated signoff.date"), imported.stdout)
        let after = try snapshot(folder)
        XCTAssertEqual(
            after.filter { $0.key != "zhongshan-2020/202008367.yaml" },
            before.filter { $0.key != "zhongshan-2020/202008367.yaml" })
        let lines = changedLines(
            String(decoding: before["zhongshan-2020/202008367.yaml"]!, as: UTF8.self),
            String(decoding: after["zhongshan-2020/202008367.yaml"]!, as: UTF8.self))
        XCTAssertEqual(lines.map(\.0), ["  date: 2021年9月27日"])
        XCTAssertEqual(lines.map(\.1), ["  date: 2021-09-28"])
    }

    /// Rows without a 文件 column are matched by budget code; a new row never replaces a file that is not its own,
    /// and two rows never write one file.
    func testRowsAreMatchedByIdentityNeverByPosition() throws {
        let folder = TestSupport.temporaryDirectory()
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        let sheets = try ["202008367", "202011078"].map {
            try draft(
                String(
                    contentsOf: TestSupport.samples.appendingPathComponent("zhongshan-2020/\($0).yaml"), encoding: .utf8
                ))
        }
        // Rows in another order than the files, without a 文件 column.
        let table = SpreadsheetExporter.table(sheets.reversed(), form: form)
        let csv = folder.appendingPathComponent("scores.csv")
        try SpreadsheetExporter.csv(table).write(to: csv)
        let evaluations = folder.appendingPathComponent("evaluations")
        try FileManager.default.createDirectory(at: evaluations, withIntermediateDirectories: true)
        for name in ["202008367", "202011078"] {
            try FileManager.default.copyItem(
                at: TestSupport.samples.appendingPathComponent("zhongshan-2020/\(name).yaml"),
                to: evaluations.appendingPathComponent("sheet-\(name).yaml"))
        }
        let before = try snapshot(evaluations)
        let matched = try evalsheet(["import", csv.path, "--form", "zhongshan-2020", "-o", evaluations.path])
        XCTAssertEqual(matched.code, 0, matched.stderr)
        XCTAssertTrue(
            matched.stdout.contains("sheet-202011078.yaml: unchanged")
                && matched.stdout.contains("sheet-202008367.yaml: unchanged"), matched.stdout)
        XCTAssertEqual(try snapshot(evaluations), before, "matched by code: nothing added")

        // A file named as a new row would be, but another project's: not overwritten.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try TestSupport.seedYAML().replacingOccurrences(of: "\"202008367\"", with: "\"202000001\"")
            .write(to: other.appendingPathComponent("202008367.yaml"), atomically: true, encoding: .utf8)
        let kept = try String(contentsOf: other.appendingPathComponent("202008367.yaml"), encoding: .utf8)
        let refused = try evalsheet(["import", csv.path, "--form", "zhongshan-2020", "-o", other.path])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.stderr.contains("202008367.yaml exists and is not this row's evaluation"), refused.stderr)
        XCTAssertEqual(try String(contentsOf: other.appendingPathComponent("202008367.yaml"), encoding: .utf8), kept)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: other.appendingPathComponent("202011078.yaml").path),
            "the other row is written")

        // Two rows naming one file.
        let twice = folder.appendingPathComponent("twice.csv")
        var rows = SpreadsheetExporter.table(
            [sheets[0], sheets[0]].map {
                var d = $0; d.file = "same.yaml"; return d
            }, form: form)
        rows.name = "zhongshan-2020"
        try SpreadsheetExporter.csv(rows).write(to: twice)
        let clash = try evalsheet([
            "import", twice.path, "--form", "zhongshan-2020", "-o", folder.appendingPathComponent("clash").path
        ])
        XCTAssertEqual(clash.code, 1)
        XCTAssertTrue(clash.stderr.contains("rows 3 and 4 are both same.yaml"), clash.stderr)
    }

    func testSamplesAreNeverWrittenOverEvaluations() throws {
        let folder = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(
            at: TestSupport.seedSample, to: folder.appendingPathComponent("202008367.yaml"))
        let before = try snapshot(folder)
        let result = try evalsheet(["sample", "--count", "3", "-o", folder.path])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.stderr.contains("already holds 1 evaluation file(s) (202008367.yaml)"), result.stderr)
        XCTAssertEqual(try snapshot(folder), before)
        XCTAssertEqual(
            try evalsheet(["sample", "--count", "3", "-o", folder.appendingPathComponent("new").path]).code, 0)
    }
}
