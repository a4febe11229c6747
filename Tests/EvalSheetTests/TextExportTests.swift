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
        let result = try TestSupport.run(
            HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("text_export.py").path, html.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        return result.stdout
    }

    /// What a sheet prints, cell by cell, in Chinese.
    static func printed(_ sheet: ScoredSheet) -> [String] {
        SheetStructure(SheetText(sheet, language: .zh)).tables().flatMap {
            $0.table.lead + $0.table.head + $0.table.body
        }
        .flatMap(\.cells).map(\.plainText)
    }

    /// Every sample of every shipped form: its form recognised from the text alone, every line placed, and
    /// the evaluation read back prints the same sheet, with the figures typed on it agreeing.
    func testEverySampleImportsBackFromItsTextExport() throws {
        for url in try EvaluationFiles.expand([TestSupport.samples.path]) {
            let original = try TestSupport.sheet(url)
            let text = try Self.textExport(original)
            let result = SheetTextImporter.importSheet(
                text: text, file: "sheet.txt", library: TestSupport.library, formID: nil)
            let name = url.lastPathComponent
            XCTAssertEqual(result.problems, [], name)
            let draft = try XCTUnwrap(result.draft, name)
            XCTAssertEqual(draft.formID, original.form.id, name)
            XCTAssertEqual(draft.year, original.evaluation.year, name)
            let copy = try TestSupport.score(EvaluationYAML.write(draft)).get()
            XCTAssertEqual(copy.diagnostics.filter { $0.severity == .error }, [], name)
            XCTAssertEqual(copy.total, original.total, name)
            XCTAssertEqual(Self.printed(copy), Self.printed(original), name)
            // A sign-off label and its name in cells of their own (项目负责人： | 钟琤), as some sheets have them.
            if original.form.id == "mof-2020-self-evaluation" {
                let split = text.replacingOccurrences(of: "项目负责人：", with: "项目负责人：\t")
                let result = SheetTextImporter.importSheet(
                    text: split, file: "sheet.txt", library: TestSupport.library, formID: nil)
                XCTAssertEqual(
                    result.draft?.signoff.first { $0.id == "lead" }?.value,
                    draft.signoff.first { $0.id == "lead" }?.value, name)
                XCTAssertEqual(result.problems, [], name)
            }
            if original.form.funds != nil {
                XCTAssertEqual(
                    draft.typedFundsRate, original.fundsRates["total"], "checked against the computed rate: \(name)")
                XCTAssertEqual(
                    draft.declared.flatMap(\.items).count, original.evaluation.declared.values.flatMap { $0 }.count,
                    name)
            }
        }
    }

    /// `--new-form` on a self-evaluation sheet drafts the form the sheet was printed from: the national
    /// form's header, funds table (the total row the sum of the others), goals, columns, the groups the
    /// sheet uses and its sign-off with a seal box, a style and sample material to start from; the sheet
    /// imported with it prints as the original, within the page's margins, and `sample` writes valid sheets.
    func testNewFormIsDraftedFromASelfEvaluationSheet() throws {
        let national = try TestSupport.library.form(id: "mof-2020-self-evaluation").get()
        for url in try EvaluationFiles.expand([
            TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation").path
        ]) {
            let original = try TestSupport.sheet(url)
            let text = try Self.textExport(original)
            let layouts = TestSupport.temporaryDirectory()
            let folder = layouts.appendingPathComponent("drafted")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = try FormDrafter.drafts(text: text, id: "drafted", library: TestSupport.library)
            XCTAssertEqual(files.keys.sorted(), ["form.yaml", "sample-text.yaml", "style.yaml"])
            for (name, content) in files {
                try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let library = FormLibrary(directory: layouts)
            let form = try library.form(id: "drafted").get()
            let name = url.lastPathComponent
            XCTAssertEqual(form.blocks, national.blocks, name)
            XCTAssertEqual(form.total, national.total, name)
            XCTAssertEqual(form.title.zh, national.title.zh, name)
            XCTAssertEqual(
                form.header.map { [$0.id, $0.label.zh, "\($0.row)", "\($0.labelSpan)", "\($0.valueSpan)"] },
                national.header.map { [$0.id, $0.label.zh, "\($0.row)", "\($0.labelSpan)", "\($0.valueSpan)"] }, name)
            XCTAssertEqual(form.funds?.columns.map(\.role), national.funds?.columns.map(\.role), name)
            XCTAssertEqual(
                form.funds?.rows.map { [$0.id, $0.label.zh, $0.points.map { "\($0)" } ?? ""] },
                national.funds?.rows.map { [$0.id, $0.label.zh, $0.points.map { "\($0)" } ?? ""] }, name)
            XCTAssertEqual(form.funds?.rows.first?.sumOf, ["fiscal", "carryover", "other"], name)
            XCTAssertEqual(
                [form.goals?.title.zh, form.goals?.expected.zh, form.goals?.actual.zh],
                [national.goals?.title.zh, national.goals?.expected.zh, national.goals?.actual.zh], name)
            XCTAssertEqual(form.columns.map(\.role), national.columns.map(\.role), name)
            XCTAssertEqual(
                form.indicators.map { [$0.id, $0.name.zh, "\($0.weight)"] },
                national.indicators.map { [$0.id, $0.name.zh, "\($0.weight)"] }, name)
            let used = Set(original.evaluation.declared.keys)
            XCTAssertEqual(Set(form.declaredGroups.map(\.id)), used, "the groups the sheet uses: \(name)")
            XCTAssertEqual(
                form.signoff.map { "\($0.id) \($0.kind)" }, national.signoff.map { "\($0.id) \($0.kind)" }, name)

            let imported = SheetTextImporter.importSheet(
                text: text, file: "sheet.txt", library: library, formID: "drafted")
            XCTAssertEqual(imported.problems, [], name)
            let copy = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library)
                .get()
            XCTAssertEqual(copy.diagnostics.filter { $0.severity == .error }, [], name)
            XCTAssertEqual(copy.total, original.total, name)
            XCTAssertEqual(Self.printed(copy), Self.printed(original), name)
            let document = TestSupport.renderer.layout(copy)
            XCTAssertEqual(LayoutInvariants.check(document), [], name)
            XCTAssertEqual(document.overflows, [], name)

            // `sample --form drafted` works from the sheet's own material (its indicators with numeric targets).
            let samples = try SampleGenerator(form: form, layouts: layouts).write(
                count: 3, seed: 7, to: layouts.appendingPathComponent("samples"))
            for sample in samples {
                let generated = try TestSupport.sheet(sample, library: library)
                XCTAssertEqual(
                    generated.diagnostics.filter { $0.severity == .error }, [], "\(name): \(sample.lastPathComponent)")
                XCTAssertFalse(generated.evaluation.declared.isEmpty, name)
            }
        }
    }

    /// A province's variant, with 指标性质 and 度量单位 columns the national sheet lacks: they become field
    /// columns with their own keys, and each indicator's values come back from the text.
    func testAVariantsExtraColumnsAreDraftedAsFieldColumns() throws {
        let (variant, _) = try FormLanguageTests.copy(
            "mof-2020-self-evaluation", FormLanguageTests.withFieldColumns,
            style: { FormLanguageTests.withFieldColumnsStyle($0) })
        let roads = try String(contentsOf: FormLanguageTests.ruralRoads, encoding: .utf8)
            .replacingOccurrences(
                of: "points: 10, score: 10}\n    - {name: 中修工程里程",
                with: "points: 10, score: 10, fields: {nature: 正向, unit: 公里}}\n    - {name: 中修工程里程")
        let original = try TestSupport.score(roads, library: variant).get()
        let text = try Self.textExport(original)
        // Keys as the forms in the library name those columns.
        let drafted = try XCTUnwrap(FormDrafter.drafts(text: text, id: "variant", library: variant)["form.yaml"])
        XCTAssertTrue(
            drafted.contains(
                "  - {role: field, key: nature, label: {zh: \"指标性质\"}}\n  - {role: field, key: unit, label: {zh: \"度量单位\"}}"
            ), drafted)
        let layouts = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: layouts.appendingPathComponent("variant"), withIntermediateDirectories: true)
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

    /// A province's own sheet, not made by EvalSheet: Qingshen county's 部门预算项目支出绩效自评表 (2023), as
    /// published by the county (https://www.scqs.gov.cn/info/13206/211004.htm), its cells put back into rows
    /// as a Word export gives them (`Fixtures/qingshen-2023.txt`; the page is a template filled in part: its
    /// blank 完成值 and 得分 are filled with the targets and points so that it scores, the filling instructions in
    /// 原因 left out, and the 项目基本情况 block's 年度目标完成情况 and 项目实施内容及过程概述, an instruction and a blank
    /// there, filled with a sentence each). Its differences from the national sheet are drafted as the form
    /// language has them: a line above the title, 项目基本情况 as a goals table with a caption and a note, the funds heads 年初预算/调整后预算数/预算执行数/权重/原因 and `/` for what
    /// does not apply, 绩效指标(90分) as the section column, 指标性质 and 度量单位 as field columns, 未完成原因分析
    /// as the deviation, 评价结论/存在问题/改进措施 as sections in a table without a head joined to the indicators;
    /// the sheet imports with the drafted form and prints every word it had.
    /// `Fixtures/qingshen-2023.txt` and a library holding the form `--new-form qingshen` drafts from it.
    static func draftedQingshen() throws -> (text: String, library: FormLibrary) {
        let text = try String(
            contentsOf: TestSupport.fixtures.appendingPathComponent("qingshen-2023.txt"), encoding: .utf8)
        let layouts = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: layouts.appendingPathComponent("qingshen"), withIntermediateDirectories: true)
        for (name, content) in try FormDrafter.drafts(text: text, id: "qingshen", library: TestSupport.library) {
            try content.write(to: layouts.appendingPathComponent("qingshen/\(name)"), atomically: true, encoding: .utf8)
        }
        return (text, FormLibrary(directory: layouts))
    }

    func testAProvincialSheetIsDraftedAsItIs() throws {
        let (text, library) = try Self.draftedQingshen()
        let form = try library.form(id: "qingshen").get()
        XCTAssertEqual(form.title.zh, "部门预算项目支出绩效自评表({year}年度)")
        XCTAssertEqual(form.lines.map(\.text.zh), ["报表编号:"])
        XCTAssertEqual(form.blocks, [.goals, .funds, .indicators, .opinion, .signatures])
        let goals = try XCTUnwrap(form.goals)
        XCTAssertEqual(
            [goals.title.zh, goals.caption?.zh, goals.expected.zh, goals.actual.zh],
            ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "年度目标完成情况"])
        XCTAssertEqual(goals.notes.map(\.label.zh), ["2.项目实施内容及过程概述"])
        XCTAssertEqual(form.sections.map(\.title.zh), ["评价结论", "存在问题", "改进措施"])
        XCTAssertTrue(form.recommendation.options.isEmpty)
        let funds = try XCTUnwrap(form.funds)
        XCTAssertEqual(funds.columns.map(\.role), [.initial, .budget, .executed, .rate, .points, .score, .note])
        XCTAssertEqual(funds.notApplicable.zh, "/")
        XCTAssertEqual(funds.rateWithoutBudget.zh, "0.00%")
        XCTAssertEqual(funds.rows.map(\.label.zh), ["总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"])
        XCTAssertEqual(funds.rows[0].points, 10)
        XCTAssertEqual(funds.rows[0].sumOf, funds.rows.dropFirst().map(\.id))
        XCTAssertEqual(
            form.columns.map(\.role),
            [.section, .level1, .level2, .level3, .field, .target, .field, .actual, .weight, .score, .deviation])
        XCTAssertEqual(form.columns.filter { $0.role == .field }.map(\.label.zh), ["指标性质", "度量单位"])
        XCTAssertEqual(form.indicators.map { "\($0.name.zh) \($0.weight)" }, ["产出指标 60", "效益指标 30"])
        XCTAssertEqual(form.total, 100)
        // Header rows on a grid of their own: on the goals table's (the first), 实施单位 would stand over its
        // 项目年度目标 column, 68 mm wide; here the labels are as wide as the left column, the values share the rest.
        for row in Set(form.header.map(\.row)) {
            XCTAssertEqual(
                form.header.filter { $0.row == row }.reduce(0) { $0 + $1.labelSpan + $1.valueSpan }, 4,
                "header row \(row)")
        }
        let left = form.style.columns(for: .goals)[0]
        XCTAssertEqual(
            try XCTUnwrap(form.style.headerColumns).map { ($0 / PageStyle.millimetre).rounded() },
            [left, (180 * PageStyle.millimetre - 2 * left) / 2, left, (180 * PageStyle.millimetre - 2 * left) / 2].map {
                ($0 / PageStyle.millimetre).rounded()
            })
        XCTAssertEqual(form.signoff.map(\.label.zh), ["项目负责人", "财务负责人"])

        let imported = SheetTextImporter.importSheet(
            text: text, file: "qingshen-2023.txt", library: library, formID: "qingshen")
        XCTAssertEqual(imported.problems.filter { $0.severity == .error }, [])
        let sheet = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library).get()
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(sheet.total, 100)
        // 指标性质 is drafted with the key a shipped form gives it (Yunnan's `nature`).
        XCTAssertEqual(
            sheet.evaluation.declared.values.flatMap { $0 }.map { $0.fields["nature"]?.value ?? "" }, ["=", "="])
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        XCTAssertEqual(document.pages.count, 1)
        XCTAssertEqual(sheet.evaluation.narrative.count, 3)
        XCTAssertEqual(
            sheet.evaluation.goals.notes[goals.notes[0].id]?.map(\.markup),
            ["2023年按月发放在职人员工资、缴纳社会保险,调整后预算251.89万元,全年执行251.89万元。"])
        // The narrative rows join the indicator table: no head row, no gap (the 评价结论 row starts where 合计 ends).
        let cells = document.pages[0].items.compactMap { if case let .cell(cell) = $0 { cell } else { nil } }
        let unit = try XCTUnwrap(cells.first { $0.role == "header-label" && $0.text.hasPrefix("实施单位") })
        XCTAssertEqual(unit.frame.width, left, accuracy: 0.05, "实施单位 as wide as the left column")
        let total = try XCTUnwrap(cells.first { $0.text == "合计" })
        let conclusion = try XCTUnwrap(cells.first { $0.text.hasPrefix("评价结论") })
        XCTAssertEqual(conclusion.frame.y, total.frame.maxY, accuracy: 0.01)
        XCTAssertFalse(cells.contains { $0.role == "head" && $0.table == "narrative" })
        XCTAssertFalse(Self.printed(sheet).contains("。"), "no recommendation row on a form without one")
        // Every word of the sheet is printed but the report number's value and the head over the sources.
        let printed = Set(Self.printed(sheet).map(TestSupport.squeezed))
        let words = text.split(separator: "\n").flatMap { $0.split(separator: "\t") }.map {
            TestSupport.squeezed(String($0))
        }
        .filter { !$0.isEmpty && !$0.hasPrefix("报表编号") && $0 != "年度预算数(万元)" && !$0.contains("自评表") }
        let lost = words.filter { word in !printed.contains(word) && !printed.contains { $0.contains(word) } }
        XCTAssertEqual(lost, [])
        // The line above and the title, as the sheet has them.
        let lines = document.pages.flatMap(\.items).compactMap { if case let .text(box) = $0 { box.text } else { nil } }
        XCTAssertTrue(lines.contains("报表编号:"), "\(lines.prefix(3))")
        XCTAssertTrue(lines.contains("部门预算项目支出绩效自评表(2023年度)"), "\(lines.prefix(3))")
    }
}

extension TextExportTests {
    /// A sheet whose head is two rows (Yunnan's: 绩效指标 over the level heads, 年度指标值 over 指标性质, 指标值 and
    /// 度量单位): `--new-form` drafts the same columns under the same groups, and the sheet imported with the draft
    /// prints as the original.
    func testATwoRowHeadIsDraftedWithItsGroups() throws {
        let yunnan = try TestSupport.library.form(id: "yunnan-2020-self-evaluation").get()
        for url in try EvaluationFiles.expand([TestSupport.samples.appendingPathComponent(yunnan.id).path]) {
            let original = try TestSupport.sheet(url)
            let text = try Self.textExport(original)
            let layouts = TestSupport.temporaryDirectory()
            let folder = layouts.appendingPathComponent("drafted")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, content) in try FormDrafter.drafts(text: text, id: "drafted", library: TestSupport.library) {
                try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let library = FormLibrary(directory: layouts)
            let form = try library.form(id: "drafted").get()
            let name = url.lastPathComponent
            func described(_ columns: [ScoreColumn]) -> [String] {
                columns.map { "\($0.role) \($0.key ?? "") \($0.label.zh) \($0.group?.zh ?? "")" }
            }
            XCTAssertEqual(described(form.columns), described(yunnan.columns), name)
            XCTAssertEqual(form.blocks, yunnan.blocks, name)

            let imported = SheetTextImporter.importSheet(
                text: text, file: "sheet.txt", library: library, formID: "drafted")
            XCTAssertEqual(imported.problems.filter { $0.severity == .error }, [], name)
            let copy = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library)
                .get()
            XCTAssertEqual(copy.diagnostics.filter { $0.severity == .error }, [], name)
            XCTAssertEqual(copy.total, original.total, name)
            XCTAssertEqual(
                SheetStructure(SheetText(copy, language: .zh)).scoreTable().head.map { $0.cells.map(\.plainText) },
                SheetStructure(SheetText(original, language: .zh)).scoreTable().head.map { $0.cells.map(\.plainText) },
                name)
            XCTAssertEqual(LayoutInvariants.check(TestSupport.renderer.layout(copy)), [], name)
        }
    }
}
