import EvalSheet
import Foundation
import XCTest

/// The same evaluation printed in Chinese, English, or both.
final class LanguageTests: XCTestCase {
    func pdfText(_ sheet: ScoredSheet, _ language: Language) throws -> String {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("\(language.rawValue).pdf")
        let document = TestSupport.renderer.layout(sheet, language: language)
        try TestSupport.renderer.writePDF(document, to: url)
        return try TestSupport.bodyText(url, document: document, sheet: sheet, language: language)
    }

    /// Every label of the form in one language: title, header fields, column heads, indicator names and
    /// scoring notes, deduction names and notes, grade caption and names, sections and subtitles, options,
    /// sign-off labels, and the engine's own labels.
    func labels(_ form: Form, _ language: Language) -> [String] {
        var texts: [LocalizedText] =
            [form.title.filled(["year": "2020"])] + form.header.map(\.label) + form.columns.map(\.label)
        func walk(_ node: Indicator) {
            texts.append(node.name); node.notes.map { texts.append($0) }; node.children.forEach(walk)
        }
        form.indicators.forEach(walk)
        texts += form.deductions.items.flatMap { [$0.name, $0.notes] } + [form.deductions.title, form.deductions.action]
        texts += [form.grades.caption] + form.sections.flatMap { [$0.title] + ($0.subtitle.map { [$0] } ?? []) }
        texts += form.recommendation.options.map(\.label) + [form.recommendation.title] + form.signoff.map(\.label)
        texts += [
            form.labels.subtotal, form.labels.deductionSubtotal, form.labels.total, form.labels.contentHead,
            form.labels.opinionHead
        ]
        return texts.map { TestSupport.squeezed($0.text(language)) }
    }

    func testEveryLabelIsPrintedInEachLanguage() throws {
        let sheet = try TestSupport.sheet(TestSupport.samples.appendingPathComponent("zhongshan-2020/202009412.yaml"))
        let form = sheet.form
        // The form is complete in English: no label falls back to Chinese.
        for label in labels(form, .en) {
            XCTAssertFalse(
                label.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) },
                "no English for \(label.prefix(20))")
        }
        let english = try pdfText(sheet, .en), both = try pdfText(sheet, .bilingual)
        // Long scoring notes may be split across pages, and then their two parts are apart in reading order
        // (the row's score comes between): those are found in the laid-out cells, every other label in the PDF text.
        func cells(_ language: Language) -> String {
            LayoutInvariants.cells(TestSupport.renderer.layout(sheet, language: language)).map {
                TestSupport.squeezed($0.cell.text.replacingOccurrences(of: Language.separator, with: ""))
            }.joined(separator: "|")
        }
        let englishCells = cells(.en), bothCells = cells(.bilingual)
        for label in labels(form, .en) {
            XCTAssertTrue(
                english.contains(label) || (label.count > 80 && englishCells.contains(label)),
                "en lacks \(label.prefix(40))")
            XCTAssertTrue(
                both.contains(label) || (label.count > 80 && bothCells.contains(label)),
                "zh-en lacks \(label.prefix(40))")
        }
        for label in labels(form, .zh) {
            XCTAssertTrue(
                both.contains(label) || (label.count > 80 && bothCells.contains(label)),
                "zh-en lacks \(label.prefix(40))")
            XCTAssertFalse(
                english.contains(label) && label.count > 6
                    && label.unicodeScalars.contains(where: TextPreparation.isWide),
                "en prints Chinese label \(label.prefix(20))")
        }
        // Dates, footers, the English narrative.
        XCTAssertTrue(english.contains("Date:16August2021"))
        let lines = LayoutInvariants.lines(TestSupport.renderer.layout(sheet, language: .bilingual)).map(\.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("第 1 页 共 ") && $0.contains("Page 1 of ") }, "a bilingual footer")
        XCTAssertTrue(
            LayoutInvariants.lines(TestSupport.renderer.layout(sheet, language: .en)).contains {
                $0.text.hasPrefix("Page 1 of ")
            })
        XCTAssertTrue(english.contains("In2020theproject'sbudgetwasCNY12,685,000"))
        XCTAssertFalse(english.contains("本项目2020年度预算金额为12,685,000元"), "the English narrative replaces the Chinese")
        XCTAssertTrue(
            both.contains("本项目2020年度预算金额为12,685,000元") && both.contains("In2020theproject'sbudgetwasCNY12,685,000"))
    }

    func testLayoutInvariantsHoldInEveryLanguage() throws {
        let seed = try TestSupport.sheet(TestSupport.seedSample)
        let stress = try TestSupport.score(
            try LayoutTests.stressYAML(), name: "stress.yaml", library: TestSupport.fixtureLibrary
        ).get()
        for language in Language.allCases {
            for sheet in [seed, stress] {
                let document = TestSupport.renderer.layout(sheet, language: language)
                XCTAssertEqual(LayoutInvariants.check(document), [], "\(language)")
                // Continuations are marked in the language of the sheet.
                let continued = LayoutInvariants.cells(document).filter { $0.cell.isContinuation }.map(\.cell.text)
                XCTAssertEqual(continued.contains { $0.contains("(cont.)") }, language != .zh, "\(language)")
                XCTAssertEqual(continued.contains { $0.contains("（续）") }, language != .en, "\(language)")
            }
        }
    }

    func testEnglishWordsAreNeverHyphenatedOrSplit() throws {
        let sheet = try TestSupport.sheet(TestSupport.samples.appendingPathComponent("zhongshan-2020/202009412.yaml"))
        // Every word the sheet prints in English, from the form and the evaluation.
        let form = sheet.form
        var sources: [String] =
            [form.title.en ?? "", form.grades.caption.en ?? ""] + form.header.compactMap(\.label.en)
            + form.columns.compactMap(\.label.en)
        func walk(_ node: Indicator) {
            sources += [node.name.en, node.notes?.en].compactMap { $0 }; node.children.forEach(walk)
        }
        form.indicators.forEach(walk)
        sources +=
            form.deductions.items.flatMap { [$0.name.en, $0.notes.en].compactMap { $0 } }
            + [form.deductions.title.en, form.deductions.action.en].compactMap { $0 }
        sources +=
            form.sections.flatMap { [$0.title.en, $0.subtitle?.en].compactMap { $0 } }
            + form.recommendation.options.compactMap(\.label.en)
        sources += [
            form.recommendation.title.en, form.labels.continued.en, form.labels.footer.en, form.labels.total.en,
            form.labels.subtotal.en, form.labels.deductionSubtotal.en, form.labels.contentHead.en,
            form.labels.opinionHead.en
        ].compactMap { $0 }
        sources +=
            form.signoff.compactMap(\.label.en) + form.grades.bands.compactMap(\.name.en) + [
                "September", "August", "of", "Page", "pts"
            ]
        sources += sheet.evaluation.narrativeEnglish.values.flatMap { $0.map(\.plainText) }
        sources += sheet.evaluation.headerEnglish.values.map(\.value)
        sources += sheet.evaluation.signoffEnglish.values.flatMap { value -> [String] in
            switch value.value {
            case let .text(text): return [text]
            case let .names(names): return names
            case .date: return []
            }
        }
        let words = Set(sources.flatMap { $0.split(whereSeparator: { !$0.isLetter }) }.map(String.init))
        for language in [Language.en, .bilingual] {
            let lines = LayoutInvariants.lines(TestSupport.renderer.layout(sheet, language: language))
            var checked = 0
            for line in lines where !line.text.unicodeScalars.contains(where: TextPreparation.isWide) {
                XCTAssertFalse(line.text.contains("\u{AD}"), "soft hyphen in \(line.text)")
                for word in line.text.split(whereSeparator: { !$0.isLetter }) where word.count > 1 {
                    XCTAssertTrue(
                        words.contains(String(word)), "'\(word)' is not a whole word (\(language)): \(line.text)")
                    checked += 1
                }
            }
            XCTAssertGreaterThan(checked, 1000)
        }
    }

    func testValidateWarnsWhereEnglishIsMissing() throws {
        let result = try TestSupport.run(
            TestSupport.cli, ["validate", "--lang", "en", "Samples/zhongshan-2020/202008367.yaml"], in: TestSupport.root
        )
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.stdout.components(separatedBy: "warning: narrative_en.").count - 1, 3, result.stdout)
        let complete = try TestSupport.run(
            TestSupport.cli, ["validate", "--lang", "zh-en", "Samples/zhongshan-2020/202009412.yaml"],
            in: TestSupport.root)
        XCTAssertFalse(complete.stdout.contains("warning"), complete.stdout)
    }

    /// An evaluation gives the English of its unit, project and signers (`header_en`, `signoff_en`): the English
    /// sheet prints them, the bilingual one both, the Chinese one as before; the English and bilingual sheets'
    /// titles and properties take the project's English; a figure, a date or an unknown field under them is an
    /// error at its line; the draft writer keeps them; validate warns where an English sheet prints Chinese names.
    func testEnglishNamesWhereEnglishIsAsked() throws {
        let url = TestSupport.samples.appendingPathComponent("zhongshan-2020/202009412.yaml")
        let sheet = try TestSupport.sheet(url)
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        func printed(_ language: Language) -> [String] {
            SheetStructure(SheetText(sheet, language: language)).tables().flatMap {
                $0.table.lead + $0.table.head + $0.table.body
            }.flatMap(\.cells).map(\.plainText)
        }
        let english = printed(.en), chinese = printed(.zh), both = printed(.bilingual)
        XCTAssertTrue(english.contains("Zhongshan Civil Affairs Bureau"), "\(english.prefix(8))")
        XCTAssertTrue(english.contains("Evaluation Team: Chen Xiaolin, Huang Zhijian"))
        XCTAssertTrue(
            english.contains(
                "Evaluating Institution (full name): Guangdong Zhongxinda Certified Public Accountants Co., Ltd."))
        XCTAssertFalse(english.joined().contains("中山市民政局") || english.joined().contains("陈晓琳"))
        XCTAssertTrue(chinese.contains("中山市民政局") && chinese.contains("评价组：陈晓琳、黄志坚"))
        XCTAssertFalse(chinese.joined().contains("Zhongshan Civil"))
        XCTAssertTrue(both.contains("中山市民政局" + Language.separator + "Zhongshan Civil Affairs Bureau"))
        XCTAssertTrue(
            both.contains("评价组：陈晓琳、黄志坚" + Language.separator + "Evaluation Team: Chen Xiaolin, Huang Zhijian"))
        let document = TestSupport.renderer.layout(sheet, language: .en)
        XCTAssertTrue(
            document.metadata.title.hasPrefix("Subsidy Funds for Elderly Care at Home"), document.metadata.title)
        XCTAssertEqual(document.metadata.author, "Guangdong Zhongxinda Certified Public Accountants Co., Ltd.")
        XCTAssertEqual(TestSupport.renderer.layout(sheet).metadata.author, "广东中信达会计师事务所有限公司")
        XCTAssertTrue(HTMLRenderer.render(sheet, language: .en).contains("<title>Subsidy Funds for Elderly Care"))
        // The draft writer keeps them: written and read back, the same English.
        let written = EvaluationYAML.write(EvaluationDraft(sheet.evaluation, form: sheet.form))
        let copy = try TestSupport.score(written).get()
        XCTAssertEqual(copy.header("project", in: .en), sheet.header("project", in: .en))
        XCTAssertEqual(copy.signoff("team", in: .en), .names(["Chen Xiaolin", "Huang Zhijian"]))
        XCTAssertEqual(Scorer.languageWarnings(copy, language: .en), [])

        // Mistakes, each at its line.
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let cases: [(from: String, to: String, message: String)] = [
            ("header_en:\n", "header_en:\n  budget: 12.5\n", "预算金额(万元) is not text: it prints the same in English"),
            (
                "header_en:\n", "header_en:\n  projct: X\n",
                "'projct' is not a header field of form zhongshan-2020 (did you mean 'project'?)"
            ),
            (
                "signoff_en:\n", "signoff_en:\n  date: 16 August\n",
                "'date' prints no name: a date is written in the sheet's own format"
            ),
            ("[Chen Xiaolin, Huang Zhijian]", "[Chen Xiaolin]", "1 English name for 2 in signoff.team")
        ]
        for (from, to, message) in cases {
            let changed = yaml.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(changed, yaml)
            let found = try TestSupport.score(changed).get().diagnostics.first { $0.message.en.hasPrefix(message) }
            XCTAssertNotNil(found, message)
            let line = changed.components(separatedBy: "\n").firstIndex {
                $0.contains(to.components(separatedBy: "\n").dropFirst().first ?? to)
            }
            XCTAssertEqual(found?.position?.line, line.map { $0 + 1 }, message)
        }
        // A project's English with words too long for the room of the header row: the columns short by least
        // are widened first, so the heads keep their words whole (they all broke, Budg|et, Alloc|ation, when the
        // room was short by 6 pt of 86 and no column was widened).
        let long = try TestSupport.score(
            yaml.replacingOccurrences(
                of: "Subsidy Funds for Elderly Care at Home and in Local Service Centres",
                with: "Zhongshan Subsidy Funds for Community and Home-Based Elderly Care Services")
        ).get()
        let lines = LayoutInvariants.lines(TestSupport.renderer.layout(long, language: .en)).map(\.text)
        for head in ["Budget", "Allocation", "Amount", "Project", "Expert", "Weight"] {
            XCTAssertTrue(
                lines.contains { $0.split(separator: " ").contains(Substring(head)) },
                "\(head) broken: \(lines.prefix(30))")
        }
        // Without them an English sheet prints Chinese names: warned, each at its value.
        let reference = try TestSupport.sheet(TestSupport.seedSample)
        let warnings = Scorer.languageWarnings(reference, language: .en).map(\.field)
        XCTAssertEqual(
            warnings.filter { !$0.hasPrefix("narrative_en") },
            ["header_en.unit", "header_en.project", "signoff_en.team", "signoff_en.institution"])
        XCTAssertEqual(Scorer.languageWarnings(reference, language: .zh), [])
    }

    func testBilingualHTMLMarksTheEnglish() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let html = TestSupport.unwrappingNumbers(HTMLRenderer.render(sheet, language: .bilingual))
        XCTAssertTrue(html.contains("一级指标<span class=\"en\" lang=\"en\">Level-1 Indicator</span>"))
        XCTAssertFalse(html.contains(Language.separator))
        XCTAssertTrue(HTMLRenderer.render(sheet, language: .en).contains("<html lang=\"en\">"))
    }
}
