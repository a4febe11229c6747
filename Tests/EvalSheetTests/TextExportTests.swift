import EvalSheet
import Foundation
import XCTest

/// Text exports (what Word or WPS gives of a sheet: tab-separated rows, merged cells as empty cells) of
/// every form, made from the sheets' HTML by `text_export.py`: imported back as the same evaluation,
/// and, for a self-evaluation sheet (funds, goals, declared indicators), drafted as a new form.
final class TextExportTests: XCTestCase {
    /// A sheet's text export, through its HTML.
    static func textExport(_ sheet: ScoredSheet) throws -> String {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("sheet.html")
        try HTMLRenderer.render(sheet).write(to: html, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("text_export.py").path, html.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        return result.stdout
    }

    /// What a sheet prints, cell by cell, in Chinese.
    static func printed(_ sheet: ScoredSheet) -> [String] {
        SheetStructure(SheetText(sheet, language: .zh)).tables().flatMap { $0.table.lead + $0.table.head + $0.table.body }
            .flatMap(\.cells).map(\.plainText)
    }

    /// Every sample of every shipped form: its form recognised from the text alone, every line placed, and
    /// the evaluation read back prints the same sheet, with the figures typed on it agreeing.
    func testEverySampleImportsBackFromItsTextExport() throws {
        for url in try EvaluationFiles.expand([TestSupport.samples.path]) {
            let original = try TestSupport.sheet(url)
            let text = try Self.textExport(original)
            let result = SheetTextImporter.importSheet(text: text, file: "sheet.txt", library: TestSupport.library, formID: nil)
            let name = url.lastPathComponent
            XCTAssertEqual(result.problems, [], name)
            let draft = try XCTUnwrap(result.draft, name)
            XCTAssertEqual(draft.formID, original.form.id, name)
            XCTAssertEqual(draft.year, original.evaluation.year, name)
            let copy = try TestSupport.score(EvaluationYAML.write(draft)).get()
            XCTAssertEqual(copy.diagnostics.filter { $0.severity == .error }, [], name)
            XCTAssertEqual(copy.total, original.total, name)
            XCTAssertEqual(Self.printed(copy), Self.printed(original), name)
            if original.form.funds != nil {
                XCTAssertEqual(draft.typedFundsRate, original.fundsRates["total"], "checked against the computed rate: \(name)")
                XCTAssertEqual(draft.declared.flatMap(\.items).count, original.evaluation.declared.values.flatMap { $0 }.count, name)
            }
        }
    }

    /// `--new-form` on a self-evaluation sheet drafts the form the sheet was printed from: the national
    /// form's header, funds table (the total row the sum of the others), goals, columns, the groups the
    /// sheet uses and its sign-off with a seal box, a style and sample material to start from; the sheet
    /// imported with it prints as the original, within the page's margins, and `sample` writes valid sheets.
    func testNewFormIsDraftedFromASelfEvaluationSheet() throws {
        let national = try TestSupport.library.form(id: "mof-2020-self-evaluation").get()
        for url in try EvaluationFiles.expand([TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation").path]) {
            let original = try TestSupport.sheet(url)
            let text = try Self.textExport(original)
            let layouts = TestSupport.temporaryDirectory()
            let folder = layouts.appendingPathComponent("drafted")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = try FormDrafter.drafts(text: text, id: "drafted", library: TestSupport.library)
            XCTAssertEqual(files.keys.sorted(), ["form.yaml", "sample-text.yaml", "style.yaml"])
            for (name, content) in files { try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let library = FormLibrary(directory: layouts)
            let form = try library.form(id: "drafted").get()
            let name = url.lastPathComponent
            XCTAssertEqual(form.blocks, national.blocks, name)
            XCTAssertEqual(form.total, national.total, name)
            XCTAssertEqual(form.title.zh, national.title.zh, name)
            XCTAssertEqual(form.header.map { [$0.id, $0.label.zh, "\($0.row)", "\($0.labelSpan)", "\($0.valueSpan)"] },
                           national.header.map { [$0.id, $0.label.zh, "\($0.row)", "\($0.labelSpan)", "\($0.valueSpan)"] }, name)
            XCTAssertEqual(form.funds?.columns.map(\.role), national.funds?.columns.map(\.role), name)
            XCTAssertEqual(form.funds?.rows.map { [$0.id, $0.label.zh, $0.points.map { "\($0)" } ?? ""] },
                           national.funds?.rows.map { [$0.id, $0.label.zh, $0.points.map { "\($0)" } ?? ""] }, name)
            XCTAssertEqual(form.funds?.rows.first?.sumOf, ["fiscal", "carryover", "other"], name)
            XCTAssertEqual([form.goals?.title.zh, form.goals?.expected.zh, form.goals?.actual.zh],
                           [national.goals?.title.zh, national.goals?.expected.zh, national.goals?.actual.zh], name)
            XCTAssertEqual(form.columns.map(\.role), national.columns.map(\.role), name)
            XCTAssertEqual(form.indicators.map { [$0.id, $0.name.zh, "\($0.weight)"] }, national.indicators.map { [$0.id, $0.name.zh, "\($0.weight)"] }, name)
            let used = Set(original.evaluation.declared.keys)
            XCTAssertEqual(Set(form.declaredGroups.map(\.id)), used, "the groups the sheet uses: \(name)")
            XCTAssertEqual(form.signoff.map { "\($0.id) \($0.kind)" }, national.signoff.map { "\($0.id) \($0.kind)" }, name)

            let imported = SheetTextImporter.importSheet(text: text, file: "sheet.txt", library: library, formID: "drafted")
            XCTAssertEqual(imported.problems, [], name)
            let copy = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library).get()
            XCTAssertEqual(copy.diagnostics.filter { $0.severity == .error }, [], name)
            XCTAssertEqual(copy.total, original.total, name)
            XCTAssertEqual(Self.printed(copy), Self.printed(original), name)
            let document = TestSupport.renderer.layout(copy)
            XCTAssertEqual(LayoutInvariants.check(document), [], name)
            XCTAssertEqual(document.overflows, [], name)

            // `sample --form drafted` works from the sheet's own material (its indicators with numeric targets).
            let samples = try SampleGenerator(form: form, layouts: layouts).write(count: 3, seed: 7, to: layouts.appendingPathComponent("samples"))
            for sample in samples {
                let generated = try TestSupport.sheet(sample, library: library)
                XCTAssertEqual(generated.diagnostics.filter { $0.severity == .error }, [], "\(name): \(sample.lastPathComponent)")
                XCTAssertFalse(generated.evaluation.declared.isEmpty, name)
            }
        }
    }

    /// A province's variant, with 指标性质 and 度量单位 columns the national sheet lacks: they become field
    /// columns with their own keys, and each indicator's values come back from the text.
    func testAVariantsExtraColumnsAreDraftedAsFieldColumns() throws {
        let (variant, _) = try FormLanguageTests.copy("mof-2020-self-evaluation", FormLanguageTests.withFieldColumns,
                                                      style: { FormLanguageTests.withFieldColumnsStyle($0) })
        let roads = try String(contentsOf: FormLanguageTests.ruralRoads, encoding: .utf8)
            .replacingOccurrences(of: "points: 10, score: 10}\n    - {name: 中修工程里程",
                                  with: "points: 10, score: 10, fields: {nature: 正向, unit: 公里}}\n    - {name: 中修工程里程")
        let original = try TestSupport.score(roads, library: variant).get()
        let text = try Self.textExport(original)
        // Keys as the forms in the library name those columns.
        let drafted = try XCTUnwrap(FormDrafter.drafts(text: text, id: "variant", library: variant)["form.yaml"])
        XCTAssertTrue(drafted.contains("  - {role: field, key: nature, label: {zh: \"指标性质\"}}\n  - {role: field, key: unit, label: {zh: \"度量单位\"}}"), drafted)
        let layouts = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: layouts.appendingPathComponent("variant"), withIntermediateDirectories: true)
        for (name, content) in try FormDrafter.drafts(text: text, id: "variant", library: variant) {
            try content.write(to: layouts.appendingPathComponent("variant/\(name)"), atomically: true, encoding: .utf8)
        }
        let library = FormLibrary(directory: layouts)
        let imported = SheetTextImporter.importSheet(text: text, file: "sheet.txt", library: library, formID: "variant")
        XCTAssertEqual(imported.problems, [])
        let items = try XCTUnwrap(imported.draft).declared.flatMap(\.items)
        XCTAssertEqual(items.first { $0.fields["unit"] == "公里" }?.fields, ["nature": "正向", "unit": "公里"])
        let copy = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library).get()
        XCTAssertEqual(Self.printed(copy), Self.printed(original))
    }
}
