import EvalSheet
import Foundation
import XCTest

/// Each validation rule, on the seed with one mistake, reports the right field at the exact position.
final class ValidationTests: XCTestCase {
    /// Line and column (1-based, in Unicode scalars) where `value` starts on the line containing `line`.
    func position(ofValue value: String, onLineContaining line: String, in text: String) -> SourcePosition {
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(line) }),
            let start = lines[index].range(of: line)?.lowerBound,
            let range = lines[index].range(of: value, range: start..<lines[index].endIndex)
        else {
            XCTFail("'\(value)' not found on a line containing '\(line)'")
            return SourcePosition(line: 0, column: 0)
        }
        let column = lines[index][..<range.lowerBound].unicodeScalars.count + 1
        return SourcePosition(line: index + 1, column: column)
    }

    func diagnostics(_ yaml: String) -> [Diagnostic] {
        switch TestSupport.score(yaml) {
        case let .success(sheet): return sheet.diagnostics
        case let .failure(error): return error.diagnostics
        }
    }

    func assertReports(
        _ yaml: String, field: String, at expected: SourcePosition, containing message: String,
        severity: Diagnostic.Severity = .error, file: StaticString = #filePath, line: UInt = #line
    ) {
        let found = diagnostics(yaml)
        let hit = found.first { $0.field == field && $0.message.en.contains(message) }
        XCTAssertNotNil(hit, "no \(field) '\(message)' among \(found)", file: file, line: line)
        XCTAssertEqual(hit?.position, expected, file: file, line: line)
        XCTAssertEqual(hit?.severity, severity, file: file, line: line)
        XCTAssertEqual(hit?.file, "test.yaml", file: file, line: line)
    }

    let seed = TestSupport.seedYAML()

    func mutated(_ old: String, _ new: String) -> String {
        XCTAssertTrue(seed.contains(old), old)
        return seed.replacingOccurrences(of: old, with: new)
    }

    /// A problem found after loading points at its value from the positions the reader kept (libyaml's marks):
    /// a character's own column in a one-line value, quoted or not; the value's start where its columns are not
    /// its characters' (an escape, several lines); a nested key's own line.
    func testPositionsComeFromTheReader() throws {
        let yaml = """
            form: zhongshan-2020
            year: 2020
            header:
              unit: 中山市X局
              project: "电子政务Y项目"
            narrative:
              problems:
                - 第一段Z
                - "引号\\"里W"
                - |
                  多行
                  第二行V
            """
        var log = DiagnosticLog(file: "t.yaml")
        let evaluation = try XCTUnwrap(EvaluationLoader.load(data: Data(yaml.utf8), file: "t.yaml", log: &log))
        XCTAssertEqual(evaluation.position(of: "X", inField: "header"), SourcePosition(line: 4, column: 12))
        XCTAssertEqual(evaluation.position(of: "Y", inField: "header"), SourcePosition(line: 5, column: 17))
        XCTAssertEqual(evaluation.position(of: "Z", inField: "narrative"), SourcePosition(line: 8, column: 10))
        XCTAssertEqual(evaluation.position(of: "W", inField: "narrative"), SourcePosition(line: 9, column: 7))
        XCTAssertEqual(evaluation.position(of: "V", inField: "narrative"), SourcePosition(line: 10, column: 7))
        XCTAssertEqual(evaluation.position(of: "Q", inField: "narrative"), SourcePosition(line: 6, column: 1))
        XCTAssertEqual(evaluation.position(ofField: "header.project"), SourcePosition(line: 5, column: 3))
        XCTAssertEqual(evaluation.position(ofField: "narrative.problems"), SourcePosition(line: 7, column: 3))
        XCTAssertEqual(evaluation.position(ofField: "narrative.problems.3"), SourcePosition(line: 7, column: 3))
        XCTAssertEqual(evaluation.position(ofField: "header.code"), SourcePosition(line: 3, column: 1))
        XCTAssertNil(evaluation.position(ofField: "goals.expected"))
    }

    func testScoreAboveItsWeight() {
        let yaml = mutated("  pm-execution: 6\n", "  pm-execution: 9\n")
        assertReports(
            yaml, field: "scores.pm-execution",
            at: position(ofValue: "9", onLineContaining: "pm-execution:", in: yaml), containing: "above the weight 8")
    }

    func testScoreBelowZero() {
        let yaml = mutated("  output-quantity: 7\n", "  output-quantity: -1\n")
        assertReports(
            yaml, field: "scores.output-quantity",
            at: position(ofValue: "-1", onLineContaining: "output-quantity:", in: yaml), containing: "below zero")
    }

    func testDeductionBelowItsCap() {
        let yaml = mutated("  self-evaluation: -3\n", "  self-evaluation: -11\n")
        assertReports(
            yaml, field: "deductions.self-evaluation",
            at: position(ofValue: "-11", onLineContaining: "self-evaluation:", in: yaml),
            containing: "below the cap -10")
    }

    func testDeductionAboveZero() {
        let yaml = mutated("  disclosure: 0\n", "  disclosure: 2\n")
        assertReports(
            yaml, field: "deductions.disclosure",
            at: position(ofValue: "2", onLineContaining: "disclosure:", in: yaml), containing: "zero or negative")
    }

    func testUnknownIndicator() {
        let yaml = mutated("  pm-rules: 2\n", "  pm-rules: 2\n  pm-bogus: 1\n")
        assertReports(
            yaml, field: "scores.pm-bogus",
            at: position(ofValue: "1", onLineContaining: "pm-bogus:", in: yaml), containing: "not an indicator")
    }

    func testScoringAGroupInsteadOfItsIndicators() {
        let yaml = mutated("  pm-rules: 2\n", "  pm-rules: 2\n  process: 1\n")
        assertReports(
            yaml, field: "scores.process",
            at: position(ofValue: "1", onLineContaining: "process: 1", in: yaml), containing: "is a group")
    }

    func testMissingScoreIsAnErrorUnlessDraft() {
        let yaml = mutated("  fm-rules: 2\n", "")
        let scores = position(ofValue: "scores", onLineContaining: "scores:", in: yaml)
        assertReports(yaml, field: "scores.fm-rules", at: scores, containing: "no score")
        let draft = TestSupport.withoutTypedFigures(yaml).replacingOccurrences(
            of: "year: 2020\n", with: "year: 2020\ndraft: true\n")
        let found = diagnostics(draft)
        XCTAssertEqual(found.filter { $0.severity == .error }, [])
        XCTAssertTrue(found.contains { $0.field == "scores.fm-rules" && $0.severity == .warning })
    }

    func testTypedFigureThatDisagrees() {
        let yaml = mutated("  total: 77\n", "  total: 78\n")
        assertReports(
            yaml, field: "typed.total",
            at: position(ofValue: "78", onLineContaining: "  total: 78", in: yaml), containing: "computed 77")
        let grade = mutated("  grade: 中\n", "  grade: 良\n")
        assertReports(
            grade, field: "typed.grade",
            at: position(ofValue: "良", onLineContaining: "grade: 良", in: grade), containing: "computed '中'")
    }

    func testUnknownForm() {
        let yaml = mutated("form: zhongshan-2020\n", "form: zhongshan-2019\n")
        assertReports(
            yaml, field: "form", at: position(ofValue: "form", onLineContaining: "form: zhongshan-2019", in: yaml),
            containing: "unknown form 'zhongshan-2019'")
    }

    func testMalformedDate() {
        for bad in ["2021-13-01", "2021-02-29", "27/09/2021", "2021年9月"] {
            let yaml = mutated("  date: 2021-09-27\n", "  date: \(bad)\n")
            assertReports(
                yaml, field: "signoff.date", at: position(ofValue: bad, onLineContaining: "date: ", in: yaml),
                containing: "is not a date")
        }
        let chinese = mutated("  date: 2021-09-27\n", "  date: 2021年9月27日\n")
        XCTAssertFalse(diagnostics(chinese).contains { $0.field == "signoff.date" })
    }

    func testRecommendationNotAmongTheOptions() {
        let yaml = mutated("recommendation: retain\n", "recommendation: maybe\n")
        assertReports(
            yaml, field: "recommendation",
            at: position(ofValue: "maybe", onLineContaining: "recommendation: maybe", in: yaml),
            containing: "not one of the form's options")
    }

    func testYAMLSyntaxError() {
        let yaml = mutated("  pm-adjustment: 3\n", "  pm-adjustment: [3\n")
        let found = diagnostics(yaml)
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found[0].message.en.hasPrefix("YAML syntax error"), found[0].message.en)
        // libyaml notices the unclosed list on the next line, where the key appears.
        let broken = position(ofValue: "pm-adjustment", onLineContaining: "pm-adjustment: [3", in: yaml).line
        XCTAssertEqual(found[0].position?.line, broken + 1)
    }

    /// Keys are compared as written text (the basic resolver): `year` and `"year"` are one key; a plain
    /// and a quoted `0123` too, which YAML 1.1's guessing would have told apart as a number and a string.
    func testAKeyWrittenTwiceIsReportedAtItsMapping() {
        for (first, second) in [("year: 2020\n", "\"year\": 2021\n"), ("  pm-execution: 6\n", "  'pm-execution': 5\n")]
        {
            let yaml = mutated(first, first + second)
            let found = diagnostics(yaml)
            XCTAssertEqual(found.count, 1, "\(found)")
            XCTAssertTrue(found.first?.message.en.contains("duplicate key") == true, "\(found)")
        }
        // Guessing is not comparing: `true` and `"true"` would differ under YAML 1.1's resolver, not here.
        let yaml = mutated("recommendation: retain\n", "recommendation: retain\nnotes:\n  true: a\n  \"true\": b\n")
        XCTAssertTrue(
            diagnostics(yaml).contains { $0.message.en.contains("duplicate key 'true'") }, "\(diagnostics(yaml))")
    }
    func testUnknownFieldIsNotIgnored() {
        let yaml = mutated("recommendation: retain\n", "recommendation: retain\nrecomendation: cancel\n")
        assertReports(
            yaml, field: "recomendation",
            at: position(ofValue: "recomendation", onLineContaining: "recomendation: cancel", in: yaml),
            containing: "unknown field")
    }

    func testBudgetInNarrativeDisagreeingIsAWarning() {
        XCTAssertFalse(diagnostics(seed).contains { $0.severity == .warning }, "4400.18 万元 and 44,001,840 元 agree")
        let yaml = mutated("  budget: 4400.18\n", "  budget: 4300.18\n")
        let found = diagnostics(yaml).filter { $0.severity == .warning && $0.message.en.contains("44,001,840元") }
        XCTAssertEqual(found.map(\.field), ["narrative.overall", "narrative.problems"])
        XCTAssertEqual(found.first?.position, position(ofValue: "narrative", onLineContaining: "narrative:", in: yaml))
    }

    func testAllProblemsAreReportedAtOnce() {
        let yaml = seed.replacingOccurrences(of: "  pm-execution: 6\n", with: "  pm-execution: 9\n")
            .replacingOccurrences(of: "  date: 2021-09-27\n", with: "  date: 2021-02-30\n")
            .replacingOccurrences(of: "recommendation: retain\n", with: "recommendation: keep\n")
        let fields = Set(diagnostics(yaml).filter { $0.severity == .error }.map(\.field))
        XCTAssertTrue(fields.isSuperset(of: ["scores.pm-execution", "signoff.date", "recommendation"]), "\(fields)")
    }
}

/// Mistakes in a form are reported with positions in form.yaml.
final class FormValidationTests: XCTestCase {
    func formCopy(_ change: (String) -> String) throws -> (FormLibrary, URL) {
        let root = TestSupport.temporaryDirectory()
        let folder = root.appendingPathComponent("zhongshan-2020")
        try FileManager.default.copyItem(at: TestSupport.layouts.appendingPathComponent("zhongshan-2020"), to: folder)
        let form = folder.appendingPathComponent("form.yaml")
        try change(String(contentsOf: form, encoding: .utf8)).write(to: form, atomically: true, encoding: .utf8)
        return (FormLibrary(directory: root), form)
    }

    func errors(_ library: FormLibrary) -> [Diagnostic] {
        switch library.form(id: "zhongshan-2020") {
        case .success: return []
        case let .failure(error): return error.diagnostics
        }
    }

    func testChildWeightsMustAddUpToTheParent() throws {
        let (library, file) = try formCopy { text in
            text.replacingOccurrences(
                of:
                    "          - id: pm-rules\n            name: {zh: \"制度建设\", en: \"Rules and Procedures\"}\n            weight: 2",
                with:
                    "          - id: pm-rules\n            name: {zh: \"制度建设\", en: \"Rules and Procedures\"}\n            weight: 3"
            )
        }
        let found = errors(library)
        let hit = try XCTUnwrap(found.first { $0.field == "indicators.project-management" }, "\(found)")
        XCTAssertTrue(hit.message.en.contains("add up to 14, not 13"), hit.message.en)
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(hit.position?.line, text.firstIndex { $0.contains("- id: project-management") }! + 1)
        XCTAssertEqual(hit.file, file.path)
    }

    func testTopLevelWeightsMustAddUpToTheTotal() throws {
        let (library, file) = try formCopy { $0.replacingOccurrences(of: "total: 100\n", with: "total: 90\n") }
        let hit = try XCTUnwrap(
            errors(library).first {
                $0.field == "total" && $0.message.en.contains("add up to 100, not the form's total 90")
            })
        // At the line of `total:`, not at the form's first line.
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(hit.position?.line, text.firstIndex { $0.hasPrefix("total:") }! + 1)
    }

    /// A leaf without its weight is one error, at that leaf; the sums above it are not checked (they would
    /// all be wrong by its weight).
    func testOneMissingWeightIsOneError() throws {
        let (library, file) = try formCopy { text in
            text.replacingOccurrences(
                of:
                    "          - id: pm-rules\n            name: {zh: \"制度建设\", en: \"Rules and Procedures\"}\n            weight: 2\n",
                with: "          - id: pm-rules\n            name: {zh: \"制度建设\", en: \"Rules and Procedures\"}\n")
        }
        let found = errors(library)
        XCTAssertEqual(found.map(\.message.en), ["missing required field 'weight'"], "\(found)")
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(found.first?.position?.line, text.firstIndex { $0.contains("- id: pm-rules") }! + 1)
    }

    /// A header field the form marks `required: false` may be left out of an evaluation: no problem, and
    /// its cell prints blank; the same evaluation against the form as shipped is missing it.
    func testAnOptionalHeaderFieldMayBeLeftOut() throws {
        let (library, _) = try formCopy { text in
            text.replacingOccurrences(
                of: "  - {id: code, label: {zh: \"指标\\n编码\", en: \"Budget Allocation Code\"}}",
                with: "  - {id: code, label: {zh: \"指标\\n编码\", en: \"Budget Allocation Code\"}, required: false}")
        }
        XCTAssertEqual(errors(library), [])
        let yaml = TestSupport.seedYAML().replacingOccurrences(of: "  code: \"202008367\"\n", with: "")
        let sheet = try TestSupport.score(yaml, library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.field.hasPrefix("header") }, [])
        XCTAssertEqual(sheet.header("code"), "")
        let shipped = try TestSupport.score(yaml).get()
        XCTAssertTrue(shipped.diagnostics.contains { $0.field == "header.code" }, "\(shipped.diagnostics)")
    }

    /// A placeholder the engine does not fill is an error at its label's line, with the right name.
    func testMisspeltPlaceholdersAreErrors() throws {
        let (library, file) = try formCopy { text in
            text.replacingOccurrences(of: "({weight}分)", with: "({wieght}分)")
                .replacingOccurrences(of: "title:\n  zh: \"{year}", with: "title:\n  zh: \"{yaer}")
        }
        let found = errors(library)
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let heading = try XCTUnwrap(found.first { $0.field == "labels.groupHeading" }, "\(found)")
        XCTAssertEqual(
            heading.message.en,
            "{wieght} is not a placeholder this label fills (did you mean {weight}?); it may hold {name}, {weight}")
        XCTAssertEqual(heading.position?.line, text.firstIndex { $0.contains("{wieght}") }! + 1)
        let title = try XCTUnwrap(found.first { $0.field == "title" }, "\(found)")
        XCTAssertTrue(title.message.en.contains("(did you mean {year}?)"), title.message.en)
        XCTAssertEqual(found.count, 2, "\(found)")
    }

    func testDuplicateIdsAndNegativeWeights() throws {
        let (library, _) = try formCopy {
            $0.replacingOccurrences(of: "- id: pm-adjustment", with: "- id: pm-rules")
                .replacingOccurrences(of: "weight: 40\n", with: "weight: -40\n")
        }
        let found = errors(library)
        XCTAssertTrue(found.contains { $0.message.en.contains("duplicate indicator id 'pm-rules'") }, "\(found)")
        XCTAssertTrue(found.contains { $0.message.en.contains("cannot be negative") }, "\(found)")
    }

    func testTheBundledFormHasNoProblems() {
        XCTAssertEqual(errors(TestSupport.library), [])
    }
}
