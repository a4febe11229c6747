import EvalSheet
import Foundation
import XCTest

/// The national self-evaluation sheet: another table, computed funds cells, indicators declared by each
/// evaluation, all from data in Layouts/ with no code of its own.
final class SecondFormTests: XCTestCase {
    let folder = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation")
    var training: URL { folder.appendingPathComponent("2020-skills-training.yaml") }

    func yaml() throws -> String { try String(contentsOf: training, encoding: .utf8) }

    func testFundsRateAndScoreAreComputedAndChecked() throws {
        let sheet = try TestSupport.sheet(training)
        XCTAssertEqual(sheet.fundsRates["total"], Decimal(string: "95.88"))
        XCTAssertEqual(sheet.fundsRates["fiscal"], 96)
        XCTAssertNil(sheet.fundsRates["other"], "no rate without a budget")
        XCTAssertEqual(sheet.fundsScore, Decimal(string: "9.59"), "10 × 95.88%, two decimals")
        XCTAssertEqual(sheet.indicatorTotals["output"], Decimal(string: "49.33"))
        XCTAssertEqual(sheet.total, Decimal(string: "96.67"))
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [], "typed rate, score and total agree")
        XCTAssertEqual(sheet.summaryLine(), "职业技能提升行动培训补贴: 9.59 + 49.33 + 27.75 + 10 = 96.67, 0 → 96.67")
        // Over-execution: the score is capped at the points; a typed figure that disagrees is reported where it is.
        let over = try yaml().replacingOccurrences(of: "total: {initial: 500, budget: 520, executed: 498.6}",
                                                   with: "total: {initial: 500, budget: 520, executed: 530}")
        let capped = try TestSupport.score(over).get()
        XCTAssertEqual(capped.fundsRates["total"], Decimal(string: "101.92"))
        XCTAssertEqual(capped.fundsScore, 10)
        let rate = try XCTUnwrap(capped.diagnostics.first { $0.field == "typed.funds.rate" })
        XCTAssertTrue(rate.message.contains("typed execution rate 95.88 disagrees with the computed 101.92"), rate.message)
        XCTAssertEqual(rate.position?.line, over.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  funds: {rate") }! + 1)
    }

    func testDeclaredIndicatorsAreChecked() throws {
        let text = try yaml()
        func problems(_ changed: String) throws -> [Diagnostic] { try TestSupport.score(changed).get().diagnostics }
        let above = try problems(text.replacingOccurrences(of: "actual: \"88.6%\", points: 10, score: 10}", with: "actual: \"88.6%\", points: 10, score: 11}"))
        XCTAssertTrue(above.contains { $0.field.hasSuffix(".score") && $0.message.contains("score 11 is outside 0–10") }, "\(above)")
        let sum = try problems(text.replacingOccurrences(of: "points: 5, score: 5}", with: "points: 6, score: 5}"))
        XCTAssertTrue(sum.contains { $0.message.contains("under 产出指标 add up to 51, not 50") && $0.severity == .error }, "\(sum)")
        let comparison = try problems(text.replacingOccurrences(of: "target: \"≥85%\"", with: "target: \"85%\""))
        XCTAssertTrue(comparison.contains { $0.severity == .warning && $0.message.contains("has no comparison") }, "\(comparison)")
        let unknown = try problems(text.replacingOccurrences(of: "  cost:\n", with: "  costs:\n"))
        XCTAssertTrue(unknown.contains { $0.field == "indicators.costs" && $0.severity == .error }, "\(unknown)")
        XCTAssertTrue(unknown.contains { $0.message.contains("not 50") }, "the cost points are now missing from the output total")
    }

    func testEverySampleHoldsTheLayoutInvariantsInEveryLanguage() throws {
        for file in try EvaluationFiles.expand([folder.path]) {
            let sheet = try TestSupport.sheet(file)
            XCTAssertFalse(sheet.hasErrors, "\(file.lastPathComponent): \(sheet.diagnostics)")
            for language in Language.allCases {
                let document = TestSupport.renderer.layout(sheet, language: language)
                XCTAssertEqual(LayoutInvariants.check(document), [], "\(file.lastPathComponent) \(language)")
                XCTAssertEqual(document.missingGlyphs, [])
            }
        }
    }

    /// Every label of the form in one language.
    func labels(_ form: Form, _ language: Language) -> [String] {
        var texts: [LocalizedText] = [form.title.filled(["year": "2020"])] + form.header.map(\.label) + form.columns.map(\.label)
        func walk(_ node: Indicator) { texts.append(node.name); node.children.forEach(walk) }
        form.indicators.forEach(walk)
        if let funds = form.funds { texts += [funds.title] + funds.columns.map(\.label) + funds.rows.map(\.label) }
        if let goals = form.goals { texts += [goals.title, goals.expected, goals.actual] }
        texts += form.signoff.map(\.label) + [form.labels.total]
        return texts.map { TestSupport.squeezed($0.text(language)) }
    }

    func testEveryLabelIsPrintedInEachLanguage() throws {
        let sheet = try TestSupport.sheet(folder.appendingPathComponent("2020-rural-roads.yaml"))
        var printed: [Language: String] = [:]
        for language in Language.allCases {
            let url = TestSupport.temporaryDirectory().appendingPathComponent("mof.pdf")
            let document = TestSupport.renderer.layout(sheet, language: language)
            try TestSupport.renderer.writePDF(document, to: url)
            printed[language] = try TestSupport.bodyText(url, document: document, sheet: sheet, language: language)
        }
        for label in labels(sheet.form, .zh) {
            XCTAssertTrue(printed[.zh]!.contains(label), "zh lacks \(label)")
            XCTAssertTrue(printed[.bilingual]!.contains(label), "zh-en lacks \(label)")
        }
        for label in labels(sheet.form, .en) {
            XCTAssertTrue(printed[.en]!.contains(label), "en lacks \(label)")
            XCTAssertTrue(printed[.bilingual]!.contains(label), "zh-en lacks \(label)")
        }
        // The computed cells as printed.
        XCTAssertTrue(printed[.zh]!.contains("860.00860.00602.001070.00%7.00"), "funds total row")
        XCTAssertTrue(printed[.zh]!.contains("总分10077"))
    }

    func testHTMLHasTheSameTablesAsThePDF() throws {
        let sheet = try TestSupport.sheet(training)
        let parsed = try HTMLTests.parse(HTMLRenderer.render(sheet))
        XCTAssertNil(parsed.error)
        let document = TestSupport.renderer.layout(sheet)
        var seen = Set<String>()
        let boxes = LayoutInvariants.cells(document).map(\.cell).filter {
            !$0.isContinuation && seen.insert("\($0.table) \($0.row) \($0.column)").inserted
        }
        XCTAssertEqual(parsed.tables?.map(\.class), ["funds", "goals", "score", "signatures"])
        for html in parsed.tables ?? [] {
            let table = html.class
            let pdfRows = Dictionary(grouping: boxes.filter { $0.table == table }, by: \.row)
            XCTAssertEqual(pdfRows.count, html.rows.count, table)
            for (index, row) in html.rows.enumerated() {
                let pdf = (pdfRows[index] ?? []).sorted { $0.column < $1.column }
                XCTAssertEqual(pdf.map { TestSupport.squeezed($0.text) }, row.cells.map { TestSupport.squeezed($0.text) }, "\(table) row \(index)")
                XCTAssertEqual(pdf.map(\.rowSpan), row.cells.map(\.rowspan), "\(table) row \(index)")
                XCTAssertEqual(pdf.map(\.columnSpan), row.cells.map(\.colspan), "\(table) row \(index)")
            }
        }
    }

    func testNoFormsIndicatorNamesAreInTheSources() throws {
        var names = Set<String>()
        for id in TestSupport.library.availableIDs() {
            let form = try TestSupport.library.form(id: id).get()
            func walk(_ node: Indicator) { names.insert(node.name.zh); node.children.forEach(walk) }
            form.indicators.forEach(walk)
            form.deductions.items.forEach { names.insert($0.name.zh) }
        }
        XCTAssertGreaterThan(names.count, 30)
        let sources = try EvaluationFiles.expandSources(TestSupport.root.appendingPathComponent("Sources"))
        XCTAssertGreaterThan(sources.count, 40)
        for file in sources {
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in names where name.count >= 3 {
                XCTAssertFalse(text.contains(name), "\(file.lastPathComponent) names the indicator \(name)")
            }
        }
    }
}

extension EvaluationFiles {
    /// Every Swift file under a folder.
    static func expandSources(_ folder: URL) throws -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var result: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "swift" { result.append(url) }
        }
        return result
    }
}
