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
        let over = try yaml().replacingOccurrences(
            of: "total: {initial: 500, budget: 520, executed: 498.6}",
            with: "total: {initial: 500, budget: 520, executed: 530}")
        let capped = try TestSupport.score(over).get()
        XCTAssertEqual(capped.fundsRates["total"], Decimal(string: "101.92"))
        XCTAssertEqual(capped.fundsScore, 10)
        let rate = try XCTUnwrap(capped.diagnostics.first { $0.field == "typed.funds.rate" })
        XCTAssertTrue(
            rate.message.en.contains("typed execution rate 95.88 disagrees with the computed 101.92"), rate.message.en)
        XCTAssertEqual(
            rate.position?.line, over.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  funds: {rate") }! + 1)
    }

    func testDeclaredIndicatorsAreChecked() throws {
        let text = try yaml()
        func problems(_ changed: String) throws -> [Diagnostic] { try TestSupport.score(changed).get().diagnostics }
        let above = try problems(
            text.replacingOccurrences(
                of: "actual: \"88.6%\", points: 10, score: 10}", with: "actual: \"88.6%\", points: 10, score: 11}"))
        XCTAssertTrue(
            above.contains { $0.field.hasSuffix(".score") && $0.message.en.contains("score 11 is outside 0–10") },
            "\(above)")
        let sum = try problems(text.replacingOccurrences(of: "points: 5, score: 5}", with: "points: 6, score: 5}"))
        XCTAssertTrue(
            sum.contains { $0.message.en.contains("under 产出指标 add up to 51, not 50") && $0.severity == .error },
            "\(sum)")
        let comparison = try problems(text.replacingOccurrences(of: "target: \"≥85%\"", with: "target: \"85%\""))
        XCTAssertTrue(
            comparison.contains {
                $0.severity == .warning && $0.message.en.contains("is a figure without a comparison")
            },
            "\(comparison)")
        // A qualitative target (效果明显) has no figure to compare: no warning.
        let qualitative = try problems(text.replacingOccurrences(of: "target: \"≥85%\"", with: "target: \"效果明显\""))
        XCTAssertFalse(qualitative.contains { $0.message.en.contains("comparison") }, "\(qualitative)")
        // A required header field may not be left out.
        let missing = try problems(text.replacingOccurrences(of: "  unit: 中山市职业技能鉴定指导中心\n", with: ""))
        XCTAssertTrue(missing.contains { $0.field == "header.unit" }, "\(missing)")
        let unknown = try problems(text.replacingOccurrences(of: "  cost:\n", with: "  costs:\n"))
        XCTAssertTrue(unknown.contains { $0.field == "indicators.costs" && $0.severity == .error }, "\(unknown)")
        XCTAssertTrue(
            unknown.contains { $0.message.en.contains("not 50") },
            "the cost points are now missing from the output total")
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

    /// Every label of the form in one language, but the groups left out as empty (`emptyGroups: hide`).
    func labels(_ form: Form, _ language: Language, hiding hidden: Set<String> = []) -> [String] {
        var texts: [LocalizedText] =
            [form.title.filled(["year": "2020"])] + form.header.map(\.label) + form.columns.map(\.label)
        func walk(_ node: Indicator) {
            guard !hidden.contains(node.id) else { return }
            texts.append(node.name); node.children.forEach(walk)
        }
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
        // Groups under which this evaluation declares nothing are not printed (the form hides them).
        let hidden = Set(sheet.form.declaredGroups.map(\.id)).filter { (sheet.evaluation.declared[$0] ?? []).isEmpty }
        XCTAssertEqual(hidden, ["economic"])
        for label in labels(sheet.form, .zh, hiding: hidden) {
            XCTAssertTrue(printed[.zh]!.contains(label), "zh lacks \(label)")
            XCTAssertTrue(printed[.bilingual]!.contains(label), "zh-en lacks \(label)")
        }
        for label in labels(sheet.form, .en, hiding: hidden) {
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
                XCTAssertEqual(
                    pdf.map { TestSupport.squeezed($0.text) }, row.cells.map { TestSupport.squeezed($0.text) },
                    "\(table) row \(index)")
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

extension SecondFormTests {
    /// `emptyGroups: hide` (this form): a level-2 group under which the evaluation declares nothing is left
    /// out, as filled-in sheets print only the rows used; with `show` its row stays, its deeper cells empty,
    /// and the table is a full rectangle either way.
    func testGroupsWithoutIndicatorsAreShownOrHiddenAsTheFormSays() throws {
        let roads = folder.appendingPathComponent("2020-rural-roads.yaml")
        let hidden = try TestSupport.sheet(roads)
        XCTAssertEqual(hidden.form.emptyGroups, .hide)
        func names(_ sheet: ScoredSheet) -> [String] {
            let table = SheetStructure(SheetText(sheet, language: .zh)).scoreTable()
            return table.body.flatMap(\.cells).filter { $0.role == "level2" }.compactMap {
                if case let .text(text) = $0.content { text } else { nil }
            }
        }
        XCTAssertFalse(names(hidden).contains("经济效益指标"))
        XCTAssertTrue(names(hidden).contains("社会效益指标"))
        XCTAssertEqual(try TableParity.problems(hidden), [])

        let copy = TestSupport.temporaryDirectory().appendingPathComponent("mof-2020-self-evaluation")
        try FileManager.default.copyItem(
            at: TestSupport.layouts.appendingPathComponent("mof-2020-self-evaluation"), to: copy)
        let form = copy.appendingPathComponent("form.yaml")
        try String(contentsOf: form, encoding: .utf8).replacingOccurrences(
            of: "emptyGroups: hide", with: "emptyGroups: show"
        )
        .write(to: form, atomically: true, encoding: .utf8)
        let shown = try TestSupport.sheet(roads, library: FormLibrary(directory: copy.deletingLastPathComponent()))
        XCTAssertEqual(names(shown).filter { $0 == "经济效益指标" }.count, 1)
        XCTAssertEqual(names(shown).count, names(hidden).count + 1)
        XCTAssertEqual(shown.total, hidden.total)
        XCTAssertEqual(try TableParity.problems(shown), [])

        try String(contentsOf: form, encoding: .utf8).replacingOccurrences(
            of: "emptyGroups: show", with: "emptyGroups: hid"
        )
        .write(to: form, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(
            try FormLibrary(directory: copy.deletingLastPathComponent()).form(id: "mof-2020-self-evaluation").get()
        ) { error in
            XCTAssertTrue("\(error)".contains("'hid' is not one of show, hide (did you mean 'hide'?)"), "\(error)")
            let line =
                try! String(contentsOf: form, encoding: .utf8).components(separatedBy: "\n").firstIndex {
                    $0.hasPrefix("emptyGroups:")
                }! + 1
            XCTAssertTrue("\(error)".contains("form.yaml:\(line):14:"), "at its own line: \(error)")
        }
    }
}

extension SecondFormTests {
    /// A copy of this form with `change` applied to its form.yaml, as a library.
    func library(_ change: (String) -> String) throws -> FormLibrary {
        let copy = TestSupport.temporaryDirectory().appendingPathComponent("mof-2020-self-evaluation")
        try FileManager.default.copyItem(
            at: TestSupport.layouts.appendingPathComponent("mof-2020-self-evaluation"), to: copy)
        let form = copy.appendingPathComponent("form.yaml")
        let text = try String(contentsOf: form, encoding: .utf8)
        XCTAssertNotEqual(change(text), text)
        try change(text).write(to: form, atomically: true, encoding: .utf8)
        return FormLibrary(directory: copy.deletingLastPathComponent())
    }

    /// The texts of a table's body rows, by role.
    func cells(_ sheet: ScoredSheet, _ id: String, role: String) -> [String] {
        let table = SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == id }!.table
        return table.body.flatMap(\.cells).filter { $0.role == role }.compactMap {
            if case let .text(text) = $0.content { text } else { nil }
        }
    }

    /// Number formats and the printing of cells that do not apply are the form's: decimals per column (the
    /// rate and score computed to them too), `/` for n/a, `0.00%` for a rate without a budget.
    func testTheFormSaysHowFiguresPrint() throws {
        let roads = folder.appendingPathComponent("2020-rural-roads.yaml")
        let shipped = try TestSupport.sheet(roads)
        XCTAssertEqual(cells(shipped, "funds", role: "funds-rate"), ["70.00%", "70.00%", "", ""])
        XCTAssertEqual(cells(shipped, "funds", role: "funds-points"), ["10", "—", "—", "—"])
        XCTAssertTrue(cells(shipped, "score", role: "score").contains("9.5"))

        let changed = try library { text in
            text.replacingOccurrences(
                of: "{role: rate, label: {zh: \"执行率\", en: \"Execution Rate\"}}",
                with: "{role: rate, label: {zh: \"执行率\", en: \"Execution Rate\"}, decimals: 3}"
            )
            .replacingOccurrences(
                of: "  - {role: score, label: {zh: \"得分\", en: \"Score\"}}\n  - {role: deviation",
                with: "  - {role: score, label: {zh: \"得分\", en: \"Score\"}, decimals: 2}\n  - {role: deviation"
            )
            .replacingOccurrences(
                of: "  rows:\n", with: "  notApplicable: \"/\"\n  rateWithoutBudget: \"0.00%\"\n  rows:\n")
        }
        let sheet = try TestSupport.sheet(roads, library: changed)
        XCTAssertEqual(cells(sheet, "funds", role: "funds-rate"), ["70.000%", "70.000%", "0.00%", "0.00%"])
        XCTAssertEqual(cells(sheet, "funds", role: "funds-points"), ["10", "/", "/", "/"])
        XCTAssertEqual(cells(sheet, "funds", role: "funds-score").last, "/")
        let scores = cells(sheet, "score", role: "score")
        XCTAssertTrue(scores.contains("9.50") && scores.contains("10.00"), "\(scores)")
        XCTAssertTrue(scores.allSatisfy { $0.isEmpty || $0.split(separator: ".").last?.count == 2 }, "\(scores)")
        XCTAssertEqual(sheet.total, shipped.total, "printing does not change the figures")
        XCTAssertEqual(try TableParity.problems(sheet), [])
    }
}
