import EvalSheet
import Foundation
import XCTest

/// What the browser's editor sends, made in a file: the importer reads the typed values, the in-place writer
/// changes only their lines, and a value that cannot be taken is refused by its field, the file keeping it.
final class EvaluationEditorTests: XCTestCase {
    let form = try! TestSupport.library.form(id: "zhongshan-2020").get()
    var editor: EvaluationEditor { EvaluationEditor(form: form, file: TestSupport.seedSample) }

    func changedLines(_ a: String, _ b: String) -> [String] {
        let before = Set(a.split(separator: "\n")), after = b.split(separator: "\n")
        return after.filter { !before.contains($0) }.map(String.init)
    }

    func testEveryValueTheSheetShowsIsOneTheEditorCanChange() throws {
        let values = try editor.values(of: TestSupport.seedYAML())
        XCTAssertEqual(values["scores.pm-adjustment"], "3")
        XCTAssertEqual(values["header.project"], "电子政务云服务平台项目经费")
        XCTAssertEqual(values["deductions.self-evaluation"], "-3")
        XCTAssertEqual(values["recommendation"], "保留")
        XCTAssertEqual(values["typed.total"], "77")
        XCTAssertTrue(values["narrative.problems"]?.hasPrefix("**一、项目管理。**\n依据") == true)
        // Every cell the sheet marks as editable names one of these fields.
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let fields = SheetStructure(SheetText(sheet, language: .zh), marksFields: true).tables().flatMap { table in
            (table.table.lead + table.table.head + table.table.body).flatMap(\.cells).compactMap(\.field)
        }
        XCTAssertGreaterThan(fields.count, 25)
        for field in fields { XCTAssertNotNil(values[field], "\(field) is marked editable but has no value") }
        for id in form.leaves.map(\.id) { XCTAssertTrue(fields.contains("scores.\(id)"), id) }
        XCTAssertTrue(fields.contains("narrative.problems"))
        XCTAssertTrue(fields.contains("recommendation"))
        XCTAssertFalse(fields.contains { $0.hasPrefix("typed.") }, "the sheet prints computed totals")
    }

    /// On every sample of every form: each cell marked editable names a field the editor has a value for.
    func testEditableCellsOfEverySampleNameFieldsTheEditorKnows() throws {
        for url in try EvaluationFiles.expand([TestSupport.samples.path]) {
            let sheet = try TestSupport.sheet(url)
            let editor = EvaluationEditor(form: sheet.form, file: url)
            let values = try editor.values(of: String(contentsOf: url, encoding: .utf8))
            let fields = SheetStructure(SheetText(sheet, language: .zh), marksFields: true).tables().flatMap { table in
                (table.table.lead + table.table.head + table.table.body).flatMap(\.cells).compactMap(\.field)
            }
            XCTAssertGreaterThan(fields.count, 5, url.lastPathComponent)
            for field in fields { XCTAssertNotNil(values[field], "\(url.lastPathComponent): \(field)") }
        }
    }

    func testAnEditChangesOneLineAndKeepsTheRest() throws {
        let text = TestSupport.seedYAML()
        let edited = try editor.apply([("scores.pm-adjustment", "2.5")], to: text)
        XCTAssertEqual(edited.changed, ["scores.pm-adjustment"])
        XCTAssertEqual(edited.refused.count, 0)
        XCTAssertEqual(changedLines(text, edited.text), ["  pm-adjustment: 2.5"])
        XCTAssertEqual(text.split(separator: "\n").count, edited.text.split(separator: "\n").count)
        let paragraph = try editor.apply(
            [
                (
                    "narrative.problems",
                    try editor.values(of: text)["narrative.problems"]!.replacingOccurrences(
                        of: "项目管理制度健全", with: "项目管理制度较为健全")
                )
            ], to: text)
        XCTAssertEqual(paragraph.changed, ["narrative.problems"])
        XCTAssertEqual(changedLines(text, paragraph.text).count, 1)
        XCTAssertTrue(changedLines(text, paragraph.text)[0].contains("项目管理制度较为健全"))
        XCTAssertTrue(paragraph.text.hasPrefix("# The reference sheet"), "comments stay")
    }

    func testAValueThatCannotBeTakenIsRefusedByItsFieldAndKept() throws {
        let text = TestSupport.seedYAML()
        let edited = try editor.apply([("scores.pm-adjustment", "三"), ("scores.pm-rules", "1")], to: text)
        XCTAssertEqual(edited.changed, ["scores.pm-rules"])
        XCTAssertEqual(edited.refused.map(\.field), ["scores.pm-adjustment"])
        XCTAssertEqual(edited.refused[0].message.en, "'三' is not a number")
        XCTAssertTrue(edited.text.contains("  pm-adjustment: 3\n"), "the file keeps the score")
        let unknown = try editor.apply([("scores.no-such", "1")], to: text)
        XCTAssertEqual(unknown.refused.map(\.message.code), ["not-an-editable-field"])
        XCTAssertEqual(unknown.text, text)
    }

    func testAClearedValueIsRemovedAndScoredAsMissing() throws {
        let text = TestSupport.seedYAML()
        let edited = try editor.apply([("scores.pm-rules", "")], to: text)
        XCTAssertEqual(edited.changed, ["scores.pm-rules"])
        XCTAssertFalse(edited.text.contains("pm-rules:"))
        let sheet = try TestSupport.score(edited.text).get()
        XCTAssertTrue(sheet.diagnostics.contains { $0.field == "scores.pm-rules" && $0.severity == .error })
    }
}

/// The national form: a declared indicator's field and a funds figure, each a one-line change where it stands
/// (the in-place writer changes the one item of a list that changed, not the group's list).
final class DeclaredEditTests: XCTestCase {
    func testADeclaredIndicatorsFieldChangesItsOwnLine() throws {
        let url = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-primary-care.yaml")
        let sheet = try TestSupport.sheet(url)
        let editor = EvaluationEditor(form: sheet.form, file: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        for (field, value, line) in [
            ("indicators.quantity.1.score", "12", "score: 12,"), ("indicators.quantity.2.target", "≥1300人次", "≥1300人次"),
            ("funds.fiscal.executed", "1030", "executed: 1030}")
        ] {
            let edited = try editor.apply([(field, value)], to: text)
            let before = text.split(separator: "\n", omittingEmptySubsequences: false)
            let after = edited.text.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(before.count, after.count, field)
            let changed = zip(before, after).filter { $0 != $1 }.map { String($0.1) }
            XCTAssertEqual(changed.count, 1, "\(field): \(changed)")
            XCTAssertTrue(changed.first?.contains(line) == true, "\(field): \(changed)")
            let reread = try TestSupport.score(edited.text).get()
            XCTAssertEqual(try EvaluationEditor(form: reread.form, file: url).values(of: edited.text)[field], value)
        }
    }

    func testAProblemOfADeclaredIndicatorIsToldBesideItsField() {
        XCTAssertEqual(EvaluationEditor.field(ofProblem: "indicators.quantity[0].score"), "indicators.quantity.1.score")
        XCTAssertEqual(
            EvaluationEditor.field(ofProblem: "indicators.quality[2].fields.unit"), "indicators.quality.3.fields.unit")
        XCTAssertEqual(EvaluationEditor.field(ofProblem: "indicators.cost[1]"), "indicators.cost.2.name")
        XCTAssertEqual(EvaluationEditor.field(ofProblem: "scores.pm-rules"), "scores.pm-rules")
    }
}
