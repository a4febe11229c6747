@testable import EvalSheet
import Foundation
import XCTest

/// The scoring model beyond weights that add up: sections scored on a base of their own and weighted into the
/// total, alternatives of which an evaluation scores one, task slots with their own points whose tasks the
/// evaluation names, and the template's head rows before each section and keep rule, in every output
/// (`Fixtures/Layouts/weighted-sections`).
final class ScoringModelTests: XCTestCase {
    static let evaluation = TestSupport.fixtures.appendingPathComponent("sources/weighted-sections.yaml")

    func scored(_ change: (String) -> String = { $0 }) throws -> ScoredSheet {
        let yaml = try String(contentsOf: Self.evaluation, encoding: .utf8)
        return try TestSupport.score(change(yaml), library: TestSupport.fixtureLibrary).get()
    }

    /// Each section's score out of 100 counts as its share of its weight: 87 × 20 % + 85.5 × 30 % + 85 × 50 %.
    func testSectionsOnABaseOfTheirOwnAreWeightedIntoTheTotal() throws {
        let sheet = try scored()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertEqual(sheet.baseScores, ["decision": 87, "management": Decimal(string: "85.5")!, "performance": 85])
        XCTAssertEqual(
            ["decision", "management", "performance"].map { sheet.indicatorTotals[$0] },
            [Decimal(string: "17.4"), Decimal(string: "25.65"), Decimal(string: "42.5")])
        XCTAssertEqual(sheet.total, Decimal(string: "85.55"))
        XCTAssertEqual(sheet.grade?.name.zh, "良")
        // A typed section total is its weighted share, checked like any other.
        let typed = try scored { $0 + "typed:\n  groups: {decision: 87}\n" }
        XCTAssertTrue(
            typed.diagnostics.contains {
                $0.message.en.contains("typed total of 'decision' 87 disagrees with the computed 17.4")
            },
            "\(typed.diagnostics.map(\.message.en))")
        // Children add up to the base, not the weight: an error of the form at the group.
        let (library, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts")
        ) {
            $0.replacingOccurrences(
                of: "    name: 项目管理\n    weight: 30\n    base: 100\n",
                with: "    name: 项目管理\n    weight: 30\n    base: 90\n")
        }
        guard case let .failure(error) = library.form(id: "weighted-sections") else {
            return XCTFail("a base its children miss loaded")
        }
        XCTAssertEqual(error.diagnostics.map(\.message.en), ["child weights add up to 100, not the base 90"])
    }

    /// Of the two benefit indicators (二者择其一) the one scored is on the sheet; none is a missing score,
    /// both an error naming the one already scored.
    func testAlternativesAreScoredOneOfThem() throws {
        let sheet = try scored()
        let names = SheetTemplateTests.printedCells(sheet)
        XCTAssertTrue(names.contains("经济效益") && !names.contains("社会效益"), "\(names)")
        let both = try scored {
            $0.replacingOccurrences(of: "  economic: 33\n", with: "  economic: 33\n  social: 30\n")
        }
        XCTAssertTrue(
            both.diagnostics.contains {
                $0.field == "scores.social" && $0.severity == .error
                    && $0.message.en.contains(
                        "实施效益 scores one of its alternatives ('economic' (经济效益) or 'social' (社会效益)); economic is scored already"
                    )
            },
            "\(both.diagnostics.map(\.message.en))")
        XCTAssertEqual(both.total, Decimal(string: "85.55"), "the second is not counted")
        let none = try scored { $0.replacingOccurrences(of: "  economic: 33\n", with: "") }
        XCTAssertTrue(
            none.diagnostics.contains {
                $0.severity == .error && $0.message.en.contains("no score for 实施效益: score one of 'economic'")
            },
            "\(none.diagnostics.map(\.message.en))")
        // The social one alone is as good: its own notes print.
        let social = try scored { $0.replacingOccurrences(of: "  economic: 33\n", with: "  social: 33\n") }
        XCTAssertFalse(social.hasErrors)
        XCTAssertTrue(SheetTemplateTests.printedCells(social).contains("社会效益明显得40分,一般得20分。"))
        // Alternatives that are not each worth the group's weight are an error of the form.
        let (library, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts")
        ) {
            $0.replacingOccurrences(
                of: "{id: social, name: 社会效益, weight: 40,", with: "{id: social, name: 社会效益, weight: 30,")
        }
        guard case let .failure(error) = library.form(id: "weighted-sections") else {
            return XCTFail("unequal alternatives loaded")
        }
        XCTAssertTrue(
            error.diagnostics.contains { $0.field.hasSuffix("alternatives") && $0.message.en.contains("not social") },
            "\(error.diagnostics)")
    }

    /// A head row before each section names its weight, base and score (and what the form gives the section to
    /// say); it is kept with the section's first row. The task slots print the tasks the evaluation names.
    func testEachSectionHasItsHeadRowAndTheTasksTheirNames() throws {
        let sheet = try scored()
        let table = try XCTUnwrap(SheetStructure(SheetText(sheet, language: .zh)).tables().first?.table)
        let heads = table.body.indices.filter { table.body[$0].cells.contains { $0.plainText == "本部分得分" } }
        XCTAssertEqual(heads.count, 3)
        XCTAssertEqual(
            heads.map { table.body[$0].cells.first?.plainText },
            [
                "项目决策(权重20%,满分100分)",
                "项目管理(权重30%,满分100分)\n扣分说明:制度执行中发现2份验收资料不全",
                "项目绩效(权重50%,满分100分):效益指标二者择其一"
            ])
        XCTAssertEqual(
            heads.map { table.body[$0].cells.last?.plainText }, ["87\n(折合17.4)", "85.5\n(折合25.65)", "85\n(折合42.5)"])
        XCTAssertEqual(heads.map { table.body[$0 + 1].keepsWithPrevious }, [true, true, true])
        // The level-1 cell stands over its section's rows, below its head.
        let decision = try XCTUnwrap(table.body[heads[0] + 1].cells.first)
        XCTAssertEqual(decision.plainText, "项目决策")
        XCTAssertEqual(decision.rowSpan, heads[1] - heads[0] - 1)
        let cells = SheetTemplateTests.printedCells(sheet)
        XCTAssertEqual(
            cells.filter { $0.hasPrefix("①") || $0.hasPrefix("②") || $0.hasPrefix("③") || $0.hasPrefix("④") },
            ["①完成道路硬化12公里", "②完成桥梁加固3座", "③完成安防工程8公里", "④完成路域环境整治"])
        XCTAssertEqual(table.splitRowsTallerThan, 0.4, "the table's keep rule")
        // The summary table: a band over the level-1 groups, a row each.
        let summary = try XCTUnwrap(
            SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == "summary" }?.table)
        XCTAssertEqual(
            summary.lead.map { $0.cells.map(\.plainText) } + summary.head.map { $0.cells.map(\.plainText) }
                + summary.body.map { $0.cells.map(\.plainText) },
            [
                ["评价部分", "权重", "本部分得分", "折合得分"], ["项目决策", "20%", "87", "17.4"], ["项目管理", "30%", "85.5", "25.65"],
                ["项目绩效", "50%", "85", "42.5"], ["合计", "100%", "", "85.55"]
            ])
        let (leaves, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts")
        ) {
            $0.replacingOccurrences(of: "          level: 1\n", with: "          level: 3\n")
        }
        guard case let .failure(error) = leaves.form(id: "weighted-sections") else {
            return XCTFail("a band over the leaves' level loaded")
        }
        XCTAssertEqual(
            error.diagnostics.map(\.message.en),
            ["the groups' levels are 1 to 2 (level 3 is the leaves, the band's rows without 'level')"])
        let (slotted, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts")
        ) {
            $0.replacingOccurrences(of: "          level: 1\n", with: "          level: 1\n          slots: [\"……\"]\n")
        }
        guard case let .failure(both) = slotted.form(id: "weighted-sections") else {
            return XCTFail("slots on a band of groups loaded")
        }
        XCTAssertTrue(
            both.diagnostics.contains { $0.message.en.contains("'slots' or 'level', not both") },
            "\(both.diagnostics.map(\.message.en))")
        // A section's remark is the evaluation's value of the group: checked, written and carried by the workbook.
        let wrong = try scored { $0.replacingOccurrences(of: "management: {remark:", with: "management: {remak:") }
        XCTAssertTrue(
            wrong.diagnostics.contains {
                $0.message.en.contains("'remak' is not a value the sheet prints (scope, remark)")
            },
            "\(wrong.diagnostics.map(\.message.en))")
        let basis = try scored { $0 + "  basis: {remark: x}\n" }
        XCTAssertTrue(
            basis.diagnostics.contains { $0.message.en.contains("the sheet prints no values of 'basis'") },
            "\(basis.diagnostics.map(\.message.en))")
        let form = sheet.form
        let draftRow = EvaluationDraft(sheet.evaluation, form: form)
        XCTAssertTrue(
            EvaluationYAML.write(draftRow).contains("  management: {remark: \"制度执行中发现2份验收资料不全\"}"),
            EvaluationYAML.write(draftRow))
        let exported = SpreadsheetExporter.table([draftRow], form: form)
        var log = DiagnosticLog(file: "w.xlsx")
        let read = SpreadsheetImporter(
            form: form, file: TestSupport.temporaryDirectory().appendingPathComponent("w.xlsx")
        ).rows(exported, year: nil, log: &log)
        let imported = read.first.map {
            EvaluationYAML.write($0.draft).components(separatedBy: "\n").filter { !$0.hasPrefix("#") }.joined(
                separator: "\n")
        }
        XCTAssertEqual(imported, EvaluationYAML.write(draftRow), "\(log.entries)")
        // A missing score leaves its section's score blank, not a partial sum.
        let draft = try scored {
            $0.replacingOccurrences(of: "  task-4: 6\n", with: "").replacingOccurrences(
                of: "year: 2025\n", with: "year: 2025\ndraft: true\n")
        }
        let draftTable = try XCTUnwrap(SheetStructure(SheetText(draft, language: .zh)).tables().first?.table)
        XCTAssertEqual(
            draftTable.body.filter { $0.cells.contains { $0.plainText == "本部分得分" } }.map { $0.cells.last?.plainText },
            ["87\n(折合17.4)", "85.5\n(折合25.65)", ""])
    }

    /// PDF (text in reading order), HTML, DOCX and OFD all print the section heads and the weighted total.
    func testEveryOutputPrintsTheSectionsAndTheirShares() throws {
        let sheet = try scored()
        let directory = TestSupport.temporaryDirectory()
        let document = TestSupport.renderer.layout(sheet)
        let pdf = directory.appendingPathComponent("w.pdf")
        try TestSupport.renderer.write(.pdf, sheet, layout: document, to: pdf)
        let text = TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-layout", pdf.path, "-"]).stdout)
        for expected in ["项目决策(权重20%,满分100分)", "本部分", "(折合17.4)", "(折合42.5)", "①完成道路硬化12公里", "85.55"] {
            XCTAssertTrue(text.contains(TestSupport.squeezed(expected)), "PDF lacks \(expected)")
        }
        let htmlFile = directory.appendingPathComponent("w.html")
        try TestSupport.renderer.write(.html, sheet, layout: document, to: htmlFile)
        let html = TestSupport.unwrappingNumbers(try String(contentsOf: htmlFile, encoding: .utf8))
        XCTAssertTrue(html.contains("项目绩效(权重50%,满分100分):效益指标二者择其一") && html.contains("85<br>(折合42.5)"))
        XCTAssertTrue(html.contains("项目名称:农村公路提升改造项目 &#160;&#160;&#160;项目单位"), "the line's run of spaces kept")
        let docx = directory.appendingPathComponent("w.docx")
        try TestSupport.renderer.write(.docx, sheet, layout: document, to: docx)
        let documentXML = try TestSupport.run("/usr/bin/unzip", ["-p", docx.path, "word/document.xml"]).stdout
        XCTAssertTrue(documentXML.contains("项目管理(权重30%,满分100分)") && documentXML.contains("(折合25.65)"))
        // The keep rule reaches Word: with 0 every row of the score table may break across pages, with 40 none of
        // these short ones (the summary table keeps the default either way).
        func scoreTable(_ xml: String) -> String { xml.components(separatedBy: "</w:tbl>")[0] }
        XCTAssertEqual(
            scoreTable(documentXML).components(separatedBy: "<w:cantSplit/>").count - 1,
            scoreTable(documentXML).components(separatedBy: "<w:tr>").count - 1)
        let (library, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts")
        ) {
            $0.replacingOccurrences(of: "splitRowsTallerThan: 40", with: "splitRowsTallerThan: 0")
        }
        let loose = try TestSupport.score(try String(contentsOf: Self.evaluation, encoding: .utf8), library: library)
            .get()
        let looseFile = directory.appendingPathComponent("loose.docx")
        try TestSupport.renderer.write(.docx, loose, layout: TestSupport.renderer.layout(loose), to: looseFile)
        let looseXML = try TestSupport.run("/usr/bin/unzip", ["-p", looseFile.path, "word/document.xml"]).stdout
        XCTAssertFalse(scoreTable(looseXML).contains("<w:cantSplit/>"))
        XCTAssertTrue(
            looseXML.components(separatedBy: "</w:tbl>")[1].contains("<w:cantSplit/>"),
            "the summary table's rows move whole")
        // A cell's own alignment (`align:`): the summary's shares set right, its names left, in every output.
        let boxes = document.pages.flatMap(\.items).compactMap { if case let .text(box) = $0 { box } else { nil } }
        let share = try XCTUnwrap(boxes.first { $0.text == "17.4" })
        XCTAssertEqual(share.frame.maxX, share.container.maxX, accuracy: 0.5, "set right in its cell")
        let names = boxes.filter { $0.text == "项目管理" }
        XCTAssertTrue(names.contains { abs($0.frame.x - $0.container.x) < 0.5 }, "the summary's name set left")
        XCTAssertTrue(
            names.contains { abs($0.frame.x + $0.frame.width / 2 - $0.container.x - $0.container.width / 2) < 0.5 },
            "the score table's centred, as its kind")
        XCTAssertTrue(html.contains("<td class=\"value template\" style=\"text-align: right\">17.4</td>"))
        XCTAssertTrue(documentXML.contains("<w:jc w:val=\"right\"/>"))
        let ofd = directory.appendingPathComponent("w.ofd")
        try TestSupport.renderer.write(.ofd, sheet, layout: document, to: ofd)
        XCTAssertGreaterThan(try Data(contentsOf: ofd).count, 1000)
    }
}

extension ScoringModelTests {
    static let goalForm = TestSupport.fixtures.appendingPathComponent("sources/jiaxian-goal-approval-blank.yaml")

    /// A goal-approval form scores nothing (`scored: false`): Jia county's annual indicators page prints as the
    /// stored preview's run of cells; a project declares its indicators' contents, targets and remarks without
    /// points; points or scores given are errors; the schema asks for none, the YAML writer writes none, and
    /// every output prints the targets.
    func testAFormThatScoresNothingStatesTargets() throws {
        let blank = try TestSupport.sheet(Self.goalForm, library: TestSupport.fixtureLibrary)
        XCTAssertEqual(blank.diagnostics, [])
        let text = try String(
            contentsOf: SheetTemplateTests.sources.appendingPathComponent("shaanxi-jiaxian-goal-approval.txt"),
            encoding: .utf8)
        let run = try XCTUnwrap(
            text.components(separatedBy: "\n\n").dropFirst().first?.trimmingCharacters(in: .whitespacesAndNewlines))
        let printed = SheetTemplateTests.printedCells(blank).map { $0.replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: " ")
        XCTAssertEqual(printed, run)
        XCTAssertEqual(
            blank.summaryLine(),
            "shaanxi-jiaxian-goal-approval: 0 indicators declared, no scores (form shaanxi-jiaxian-goal-approval scores nothing)"
        )

        let yaml =
            try String(contentsOf: Self.goalForm, encoding: .utf8) + """
                indicators:
                  quantity:
                    - {name: 新建村级便民服务站, target: "≥12个", fields: {remark: 年底前建成}}
                  specific:
                    - {name: 受益群众满意度, target: "≥90%"}
                narrative:
                  other: ["资金按进度拨付。"]

                """
        let filled = try TestSupport.score(yaml, library: TestSupport.fixtureLibrary).get()
        XCTAssertEqual(filled.diagnostics, [])
        let cells = SheetTemplateTests.printedCells(filled)
        XCTAssertTrue(
            cells.contains("新建村级便民服务站") && cells.contains("≥12个") && cells.contains("年底前建成")
                && cells.contains("资金按进度拨付。"), "\(cells)")
        let draft = EvaluationDraft(filled.evaluation, form: filled.form)
        let written = EvaluationYAML.write(draft)
        XCTAssertFalse(written.contains("points"), written)
        XCTAssertEqual(
            try TestSupport.score(written, library: TestSupport.fixtureLibrary).get().diagnostics, [],
            "what it writes reads back")
        // Points and scores are errors at their lines; so is a score of a form's indicator.
        let scored =
            yaml.replacingOccurrences(of: "target: \"≥12个\",", with: "target: \"≥12个\", points: 10, score: 9,")
            + "scores:\n  quantity: 5\n"
        let errors = try TestSupport.score(scored, library: TestSupport.fixtureLibrary).get().diagnostics.filter {
            $0.severity == .error
        }
        XCTAssertEqual(
            errors.map(\.message.en),
            [
                "form shaanxi-jiaxian-goal-approval scores nothing: 'quantity' takes no score",
                "form shaanxi-jiaxian-goal-approval scores nothing: leave out points and score",
                "form shaanxi-jiaxian-goal-approval scores nothing: leave out points and score"
            ])
        XCTAssertTrue(errors.allSatisfy { $0.position != nil })
        // The schema asks no points of a declared indicator here, as it does of a form that scores.
        let form = filled.form
        let schema = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(EvaluationSchema.json(for: form).utf8)) as? [String: Any])
        let declared =
            (((schema["properties"] as? [String: Any])?["indicators"] as? [String: Any])?["properties"]
            as? [String: Any])?["quantity"]
        let item = ((declared as? [String: Any])?["items"] as? [String: Any])
        XCTAssertEqual(
            item?["required"] as? [String], ["name", "target"], "a goal form's declared indicator needs no points")
        // Every output prints the declared target.
        let directory = TestSupport.temporaryDirectory()
        let document = TestSupport.renderer.layout(filled)
        for format in [OutputFormat.pdf, .html, .docx, .ofd] {
            let file = directory.appendingPathComponent("goal.\(format.rawValue)")
            try TestSupport.renderer.write(format, filled, layout: document, to: file)
        }
        let pdfText = try TestSupport.run(
            TestSupport.tool("pdftotext"), [directory.appendingPathComponent("goal.pdf").path, "-"]
        ).stdout
        // (Extraction shows the space between Chinese and digits as a space: squeezed.)
        XCTAssertTrue(
            TestSupport.squeezed(pdfText).contains("≥12个") && pdfText.contains("新建村级便民服务站"))
        XCTAssertTrue(
            TestSupport.unwrappingNumbers(
                try String(contentsOf: directory.appendingPathComponent("goal.html"), encoding: .utf8)
            ).contains("≥12个"))
        XCTAssertTrue(
            try TestSupport.run(
                "/usr/bin/unzip", ["-p", directory.appendingPathComponent("goal.docx").path, "word/document.xml"]
            ).stdout.contains("≥12个"))
        XCTAssertGreaterThan(try Data(contentsOf: directory.appendingPathComponent("goal.ofd")).count, 1000)
    }
}

extension ScoringModelTests {
    /// A group head that does not span the band's own columns, or a head cell said to merge, is an error at its
    /// line naming what it should be.
    func testGroupHeadsThatDoNotFitAreErrors() throws {
        let layouts = TestSupport.fixtures.appendingPathComponent("Layouts")
        let (narrow, _) = try FormLanguageTests.copy("weighted-sections", from: layouts) {
            $0.replacingOccurrences(of: "\"本部分得分\", \"{level1.baseScore}", with: "\"{level1.baseScore}")
        }
        guard case let .failure(error) = narrow.form(id: "weighted-sections") else {
            return XCTFail("a narrow head loaded")
        }
        XCTAssertEqual(
            error.diagnostics.map(\.message.en),
            [
                "group head row 1 spans 5 columns where the band's cells span 6 (those merged over the whole band stand beside it)"
            ])
        XCTAssertNotNil(error.diagnostics.first?.position)
        let (merged, _) = try FormLanguageTests.copy("weighted-sections", from: layouts) {
            $0.replacingOccurrences(of: "span: 4, kind: value}", with: "span: 4, kind: value, merge: band}")
        }
        guard case let .failure(mergeError) = merged.form(id: "weighted-sections") else {
            return XCTFail("a merged head cell loaded")
        }
        XCTAssertTrue(
            mergeError.diagnostics.contains {
                $0.message.en == "a group head's cell is its own row's: it is not merged or continued"
            },
            "\(mergeError.diagnostics.map(\.message.en))")
    }
}

extension ScoringModelTests {
    /// The weighted-sections sheet's text export reads back its scores: the level names read from cells that
    /// print them with their points (`{level2.name}{level2.weight|(…分)}`), the sections' head rows (本部分得分)
    /// passed over rather than read as indicators.
    func testASheetWithSectionHeadsReadsBackItsScores() throws {
        let sheet = try scored()
        let text = try TextExportTests.textExport(sheet)
        let result = SheetTextImporter.importSheet(
            text: text, file: "w.txt", library: TestSupport.fixtureLibrary, formID: "weighted-sections")
        let draft = try XCTUnwrap(result.draft, "\(result.problems)")
        XCTAssertEqual(
            result.problems.filter { $0.message.en.contains("no group of the form above it") }.map(\.message.en), [])
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: draft.scores.map { ($0.id, $0.value) }),
            sheet.evaluation.scores.mapValues(\.value))
    }
}

extension ScoringModelTests {
    /// Branches of unequal depth: an indicator scored higher up than the tree's depth prints once, its own level's
    /// cell merged over the deeper levels' columns (二级指标 over 三级指标), with its notes, weight and score; in a
    /// template form (满意度 a level-2 indicator beside level-3 ones) and a block form (Zhongshan's 预算执行过程管理
    /// scored as a whole at level 1), in the PDF, the HTML and Word alike, and read back from the text export.
    func testABranchEndingHigherUpPrintsItsIndicatorOnceAcrossTheDeeperColumns() throws {
        let shallowSatisfaction: (String) -> String = {
            $0.replacingOccurrences(
                of: "      - id: satisfaction\n        name: 满意度\n        weight: 20\n        children:\n"
                    + "          - {id: recipients,",
                with: "      - {id: recipients,")
        }
        let (library, _) = try FormLanguageTests.copy(
            "weighted-sections", from: TestSupport.fixtures.appendingPathComponent("Layouts"), shallowSatisfaction)
        let sheet = try TestSupport.score(try String(contentsOf: Self.evaluation, encoding: .utf8), library: library)
            .get()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertEqual(sheet.form.depth, 3)
        XCTAssertEqual(sheet.total, Decimal(string: "85.55"), "the indicator scored as before")
        let notes = "满意度≥90%得20分,每低1个百分点扣1分。"
        try checkShallowRow(
            sheet, table: "scores", name: "服务对象满意度(20分)", span: 2, rest: [notes, "20", "18"],
            formID: "weighted-sections",
            library: library)

        let (zhongshan, _) = try FormLanguageTests.copy("zhongshan-2020") { form in
            let start = form.range(of: "  - id: process\n")!.lowerBound
            let end = form.range(of: "\n  - id: ", range: start..<form.endIndex)
                .flatMap { _ in form.range(of: "\n  - id: performance") }!.lowerBound
            return form.replacingCharacters(
                in: start..<end,
                with: "  - id: process\n    name: {zh: \"预算执行过程管理\", en: \"Budget Execution and Process Management\"}\n"
                    + "    weight: 40\n    notes: {zh: \"按预算执行及过程管理情况综合评分。\", en: \"Scored on budget execution as a whole.\"}"
            )
        }
        var yaml = try String(contentsOf: TestSupport.seedSample, encoding: .utf8)
        for line in yaml.components(separatedBy: "\n") where line.hasPrefix("  pm-") || line.hasPrefix("  fm-") {
            yaml = yaml.replacingOccurrences(of: line + "\n", with: "")
        }
        yaml = yaml.replacingOccurrences(of: "scores:\n", with: "scores:\n  process: 38\n")
        let whole = try TestSupport.score(yaml, library: zhongshan).get()
        XCTAssertFalse(whole.hasErrors, "\(whole.diagnostics)")
        XCTAssertEqual(whole.total, 77, "the sheet's total as typed on it")
        try checkShallowRow(
            whole, table: "score", name: "预算执行过程管理", span: 3, rest: ["40", "按预算执行及过程管理情况综合评分。", "38", "38"],
            formID: "zhongshan-2020", library: zhongshan)
    }

    /// The row of a shallow indicator: its name once, spanning `span` columns, then `rest`; the layout's invariants
    /// and the HTML's parity hold, Word prints the name once, and the text export reads back the same scores.
    func checkShallowRow(
        _ sheet: ScoredSheet, table: String, name: String, span: Int, rest: [String], formID: String,
        library: FormLibrary
    ) throws {
        let logical = try XCTUnwrap(
            SheetStructure(SheetText(sheet, language: .zh)).tables().first { $0.table.id == table }?.table)
        let row = try XCTUnwrap(logical.body.first { $0.cells.contains { $0.plainText == name } }, name)
        XCTAssertEqual(row.cells.map(\.plainText), [name] + rest)
        XCTAssertEqual(row.cells.first?.columnSpan, span, "\(name) across the deeper levels' columns")
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        XCTAssertEqual(try TableParity.problems(sheet), [])
        let docx = TestSupport.temporaryDirectory().appendingPathComponent("s.docx")
        try TestSupport.renderer.write(.docx, sheet, layout: document, to: docx)
        let xml = try TestSupport.run("/usr/bin/unzip", ["-p", docx.path, "word/document.xml"]).stdout
        XCTAssertEqual(xml.components(separatedBy: ">\(name)<").count - 1, 1, "\(name) once in Word")
        let result = SheetTextImporter.importSheet(
            text: try TextExportTests.textExport(sheet), file: "s.txt", library: library, formID: formID)
        let draft = try XCTUnwrap(result.draft, "\(result.problems)")
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: draft.scores.map { ($0.id, $0.value) }),
            sheet.evaluation.scores.mapValues(\.value), "\(result.problems)")
    }
}
