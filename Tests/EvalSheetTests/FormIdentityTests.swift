import EvalSheet
import Foundation
import XCTest

/// A form's ids are its evaluation's keys: each written twice (a duplicated line, the commonest editing slip)
/// is an error at the second one's line, never a crash at rendering; a table's widths match its columns.
final class FormIdentityTests: XCTestCase {
    /// The problems of loading a shipped form with one line of form.yaml (or style.yaml) written twice.
    func problems(_ id: String, duplicating line: String, in file: String = "form.yaml") throws -> [Diagnostic] {
        let root = TestSupport.temporaryDirectory()
        let folder = root.appendingPathComponent(id)
        try FileManager.default.copyItem(at: TestSupport.layouts.appendingPathComponent(id), to: folder)
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: line + "\n").count, 2, "the line is in \(file) once: \(line)")
        try text.replacingOccurrences(of: line + "\n", with: line + "\n" + line + "\n").write(
            to: url, atomically: true, encoding: .utf8)
        guard case let .failure(error) = FormLibrary(directory: root).form(id: id) else {
            XCTFail("a form with \(line) written twice loaded")
            return []
        }
        return error.diagnostics
    }

    /// The line (1-based) of `line` in the shipped form's file.
    func lineNumber(_ id: String, _ line: String, in file: String = "form.yaml") throws -> Int {
        let text = try String(contentsOf: TestSupport.layouts.appendingPathComponent("\(id)/\(file)"), encoding: .utf8)
        return try XCTUnwrap(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == line })
            + 1
    }

    func testEveryIdWrittenTwiceIsAnErrorAtItsLine() throws {
        let national = "mof-2020-self-evaluation", zhongshan = "zhongshan-2020"
        let cases: [(form: String, line: String, message: String)] = [
            (
                national, "  - {id: finance, label: {zh: \"财务负责人\", en: \"Finance Lead\"}}",
                "duplicate sign-off field id 'finance'"
            ),
            (
                national,
                "  - {id: unit, row: 1, label: {zh: \"实施单位\", en: \"Implementing Unit\"}, labelSpan: 2, valueSpan: 2}",
                "duplicate header field id 'unit'"
            ),
            (
                national, "    - {id: carryover, label: {zh: \"上年结转资金\", en: \"Funds Carried Over\"}}",
                "duplicate funds row id 'carryover'"
            ),
            (
                national, "    - {role: rate, label: {zh: \"执行率\", en: \"Execution Rate\"}}",
                "duplicate funds column role 'rate'"
            ),
            (
                zhongshan,
                "    - {id: reduce, label: {zh: \"保留但建议部分核减\", en: \"Retain with Partial Reduction\"}, unselectedMark: \"○\"}",
                "duplicate recommendation option id 'reduce'"
            )
        ]
        for (form, line, message) in cases {
            let found = try problems(form, duplicating: line)
            let expectedLine = try lineNumber(form, line) + 1
            XCTAssertTrue(
                found.contains {
                    $0.message.en.hasPrefix(message) && $0.position?.line == expectedLine
                        && $0.file.hasSuffix("form.yaml")
                },
                "\(message) at line \(expectedLine): \(found)")
        }
    }

    func testASectionIdWrittenTwiceIsAnError() throws {
        let root = TestSupport.temporaryDirectory()
        let folder = root.appendingPathComponent("zhongshan-2020")
        try FileManager.default.copyItem(at: TestSupport.layouts.appendingPathComponent("zhongshan-2020"), to: folder)
        let url = folder.appendingPathComponent("form.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "  - id: problems\n", with: "  - id: overall\n").write(
            to: url, atomically: true, encoding: .utf8)
        guard case let .failure(error) = FormLibrary(directory: root).form(id: "zhongshan-2020") else {
            return XCTFail("loaded")
        }
        XCTAssertTrue(
            error.diagnostics.contains {
                $0.message.en.hasPrefix("duplicate section id 'overall'") && $0.position != nil
            },
            "\(error.diagnostics)")
    }

    /// The national form's sign-off written twice passed `validate` and stopped `render` with SIGILL; now both
    /// exit 1 with the line, and nothing is written.
    func testADuplicatedSignOffLineIsNeverACrash() throws {
        let root = TestSupport.temporaryDirectory()
        let id = "mof-2020-self-evaluation"
        try FileManager.default.copyItem(at: TestSupport.layouts, to: root.appendingPathComponent("Layouts"))
        let url = root.appendingPathComponent("Layouts/\(id)/form.yaml")
        let line = "  - {id: lead, label: {zh: \"项目负责人\", en: \"Project Lead\"}}"
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: line + "\n", with: line + "\n" + line + "\n").write(
            to: url, atomically: true, encoding: .utf8)
        let sample = TestSupport.samples.appendingPathComponent("\(id)/2020-rural-roads.yaml")
        let expected =
            "form.yaml:\(try lineNumber(id, line) + 1):10: error: signoff[1].id: duplicate sign-off field id 'lead'"
        for command in [["validate"], ["render", "-o", root.appendingPathComponent("sheet.pdf").path]] {
            let result = try TestSupport.run(
                TestSupport.cli, command + [sample.path, "--layouts", root.appendingPathComponent("Layouts").path])
            XCTAssertEqual(result.code, 1, command[0] + result.stderr)
            XCTAssertTrue(
                (result.stdout + result.stderr).contains(expected), command[0] + ": " + result.stdout + result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("sheet.pdf").path))
    }

    /// A table's column widths in style.yaml match its columns: a signatureColumns line deleted left the
    /// national sign-offs on the narrative's two columns (an index out of range at rendering).
    func testTheSignatureAndFundsWidthsMatchTheirColumns() throws {
        for (key, message) in [
            (
                "signatureColumns",
                "the signatures table has a column per sign-off field (3) but style.yaml's signatureColumns gives 2 widths"
            ),
            (
                "fundsColumns",
                "the funds table has 8 columns (the title, the row labels and 6 figure columns) but style.yaml's fundsColumns gives 2 widths"
            )
        ] {
            let root = TestSupport.temporaryDirectory()
            let folder = root.appendingPathComponent("mof-2020-self-evaluation")
            try FileManager.default.copyItem(
                at: TestSupport.layouts.appendingPathComponent("mof-2020-self-evaluation"), to: folder)
            let url = folder.appendingPathComponent("style.yaml")
            let lines = try String(contentsOf: url, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            XCTAssertTrue(lines.contains { $0.hasPrefix(key + ":") }, key)
            try lines.filter { !$0.hasPrefix(key + ":") }.joined(separator: "\n").write(
                to: url, atomically: true, encoding: .utf8)
            guard case let .failure(error) = FormLibrary(directory: root).form(id: "mof-2020-self-evaluation") else {
                return XCTFail("loaded without \(key)")
            }
            XCTAssertTrue(
                error.diagnostics.contains { $0.message.en == message && $0.position != nil }, "\(error.diagnostics)")
        }
    }
}
