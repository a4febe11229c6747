@testable import EvalSheetDOCX
import EvalSheetModel
import XCTest

/// The DOCX's estimate of Word's lines, which keeps a lone character off a paragraph's last line.
final class LastLineKeepingTests: XCTestCase {
    /// A label too wide for its cell is broken between words at the estimated line ends, as the PDF breaks it.
    func testLabelsBreakBetweenWords() throws {
        let plan = try XCTUnwrap(
            LastLineKeeping.plan("电子政务云服务平台项目经费", size: 10, width: 60, indent: 0, justified: false))
        XCTAssertEqual(plan.breaks, [5, 11])  // 电子政务云|服务平台项目|经费
        let runs = plan.apply(to: [WordML.Run(text: "电子政务云服务平台项目经费")])
        XCTAssertEqual(runs.map(\.text), ["电子政务云", "服务平台项目", "经费"])
        XCTAssertEqual(runs.map(\.breakBefore), [false, true, true])
        // One that fits is left alone, and so is one with Western characters (the estimate is not exact there).
        XCTAssertNil(LastLineKeeping.plan("公众满意度", size: 10, width: 60, indent: 0, justified: false))
        XCTAssertNil(LastLineKeeping.plan("≥1200人次完成", size: 10, width: 40, indent: 0, justified: false))
    }

    /// Word's paragraphs: a label is broken with `w:br` between words; a ragged narrative, the user's running
    /// text, never gets a break put into it; a justified one gets its second-last line spaced, not broken.
    func testParagraphsInWordML() throws {
        let page = try TestSupport.sheet(TestSupport.seedSample).form.style
        let label = WordML.paragraph([WordML.Run(text: "电子政务云服务平台项目经费")], .cell, page: page, width: 60)
        XCTAssertEqual(label.components(separatedBy: "<w:br/>").count, 3, label)
        let text = String(repeating: "项目单位按计划完成各项工作任务", count: 3) + "好"
        let ragged = WordML.paragraph([WordML.Run(text: text)], .narrative, page: page, alignment: "left", width: 100)
        XCTAssertFalse(ragged.contains("<w:br/>"), ragged)
        for width in stride(from: 80.0, through: 200, by: 1) {
            let justified = WordML.paragraph([WordML.Run(text: text)], .narrative, page: page, width: width)
            XCTAssertFalse(justified.contains("<w:br/>"), justified)
        }
    }

    /// A lone last character of a ragged label moves down with the word before it (公众|满意度).
    func testRaggedLoneCharacterTakesItsWord() throws {
        let plan = try XCTUnwrap(LastLineKeeping.plan("公众满意度", size: 10, width: 40, indent: 0, justified: false))
        XCTAssertEqual(plan.breaks, [2])
    }

    /// For random Chinese texts and widths, where the estimate ends a justified paragraph with one character,
    /// the plan spaces exactly the second-last line, by a whole number of twentieths of a point less than a
    /// tenth of an em over the slack, and in the estimate the last line then holds two characters or more, on
    /// as many lines.
    func testJustifiedParagraphsEndWithTwoCharacters() throws {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("项目资金管理使用合规合理性是否按照计划完成各项工作任务进度达成，。；、（）2021年3月ABC".unicodeScalars)
        var planned = 0
        for _ in 0..<3_000 {
            let length = Int.random(in: 8...90, using: &generator)
            var scalars = (0..<length).map { _ in pool.randomElement(using: &generator)! }
            scalars[0] = "是"
            let text = String(String.UnicodeScalarView(scalars))
            let size = 9.0, width = Double.random(in: 40...240, using: &generator)
            let lines = LastLineKeeping.fill(scalars, size: size, width: width, indent: 0, words: [])
            let lone = lines.count >= 2 && LastLineKeeping.isLone(scalars[lines[lines.count - 1]...])
            guard let plan = LastLineKeeping.plan(text, size: size, width: width, indent: 0, justified: true) else {
                continue
            }
            planned += 1
            XCTAssertTrue(lone, text)
            let spaced = try XCTUnwrap(plan.spaced)
            XCTAssertEqual(spaced, lines[lines.count - 2]..<lines[lines.count - 1], text)
            XCTAssertEqual((plan.spacing * 20).rounded(), plan.spacing * 20)
            XCTAssertGreaterThan(plan.spacing, 0)
            let after = LastLineKeeping.fill(
                scalars, size: size, width: width, indent: 0, words: [], spacing: (spaced, plan.spacing))
            XCTAssertEqual(after.count, lines.count, text)
            XCTAssertFalse(LastLineKeeping.isLone(scalars[after[after.count - 1]...]), text)
            let runs = plan.apply(to: [WordML.Run(text: text)])
            XCTAssertEqual(runs.map(\.text).joined(), text)
            XCTAssertEqual(
                runs.filter { $0.spacing > 0 }.map(\.text).joined(),
                String(String.UnicodeScalarView(scalars[spaced])))
        }
        XCTAssertGreaterThan(planned, 50)
    }
}
