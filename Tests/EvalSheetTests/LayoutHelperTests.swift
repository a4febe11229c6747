import EvalSheet
import Foundation
import XCTest

/// A sheet laid out on two threads (`LayoutHelper`, used by `render`) must print exactly as on one.
final class LayoutHelperTests: XCTestCase {
    func testTwoThreadsPrintTheSameBytes() throws {
        let helped = try SheetRenderer(fontsDirectory: TestSupport.fonts, helper: true)
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let samples = [
            TestSupport.seedSample,
            TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-rural-roads.yaml"),
            TestSupport.samples.appendingPathComponent("yunnan-2020-self-evaluation/2020-student-meals.yaml")
        ]
        for sample in samples {
            let sheet = try TestSupport.sheet(sample)
            // The samples do hand tables over: the split leaves text on both threads.
            let tables = SheetStructure(SheetText(sheet, language: .zh)).tables().map(\.table)
            let share = SheetLayout.helperShare(tables)
            XCTAssertTrue(share > 0 && share < tables.count, "\(sample.lastPathComponent): \(share) of \(tables.count)")
            for language in [Language.zh, .bilingual] {
                let one = TestSupport.renderer.layout(sheet, language: language)
                let two = helped.layout(sheet, language: language)
                XCTAssertEqual(one.columnWidths, two.columnWidths)
                let a = directory.appendingPathComponent("one.pdf"), b = directory.appendingPathComponent("two.pdf")
                try TestSupport.renderer.writePDF(one, to: a)
                try helped.writePDF(two, to: b)
                XCTAssertEqual(
                    try Data(contentsOf: a), try Data(contentsOf: b), "\(sample.lastPathComponent) \(language)")
            }
        }
    }

    /// Characters without a glyph are reported in the same order whichever thread shaped them: the
    /// project name (the first table, this thread's), a narrative (the last, the helper's) and the running header.
    func testMissingGlyphsAreReportedInTheSameOrder() throws {
        let yaml = TestSupport.seedYAML()
            .replacingOccurrences(of: "project: 电子政务云服务平台项目经费", with: "project: 电子政务云服务平台项目经费\u{1F600}")
            .replacingOccurrences(of: "本项目2020年度预算金额", with: "本项目\u{1F642}2020年度\u{1F600}预算金额")
        let sheet = try TestSupport.score(yaml).get()
        let helped = try SheetRenderer(fontsDirectory: TestSupport.fonts, helper: true)
        let one = TestSupport.renderer.layoutChecked(sheet, allowMissingGlyphs: true).1.map(\.description)
        let two = helped.layoutChecked(sheet, allowMissingGlyphs: true).1.map(\.description)
        XCTAssertEqual(one.count, 4, one.joined(separator: "\n"))
        XCTAssertEqual(one, two)
    }

    /// The helper shapes the later tables, and only them; one without a shaper leaves them to the caller.
    func testTheHelperShapesTheLaterTablesOrStandsAside() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let narrative = "项目资金主要用于电子政务云平台服务费"
        let alone = RecordingShaper()
        let reference = SheetLayout.layout(sheet, shaper: alone)
        XCTAssertTrue(alone.texts.contains { $0.contains(narrative) })

        let caller = RecordingShaper()
        let helperShaper = RecordingShaper()
        let helped = SheetLayout.layout(sheet, shaper: caller, helper: LayoutHelper { helperShaper })
        XCTAssertTrue(helperShaper.texts.contains { $0.contains(narrative) }, "the opinion table is the helper's")
        XCTAssertFalse(caller.texts.contains { $0.contains(narrative) })
        XCTAssertTrue(caller.texts.contains { $0.contains("电子政务云服务平台项目经费") }, "the header is the caller's")
        XCTAssertEqual(Set(caller.texts).union(helperShaper.texts), Set(alone.texts))
        XCTAssertEqual(dump(helped), dump(reference))

        let stoodAside = RecordingShaper()
        let unhelped = SheetLayout.layout(sheet, shaper: stoodAside, helper: LayoutHelper { nil })
        XCTAssertEqual(Set(stoodAside.texts), Set(alone.texts))
        XCTAssertEqual(dump(unhelped), dump(reference))
    }

    func testTheSplitBalancesText() {
        func table(_ bytes: Int) -> LogicalTable {
            LogicalTable(
                id: "t", columnCount: 1, lead: [], head: [],
                body: [
                    LogicalRow(cells: [
                        LogicalCell(
                            column: 0, role: "r", kind: .value, content: .text(String(repeating: "a", count: bytes)),
                            source: "s")
                    ])
                ])
        }
        XCTAssertEqual(SheetLayout.helperShare([table(10)]), 1, "one table: nothing handed over")
        XCTAssertEqual(SheetLayout.helperShare([table(10), table(10)]), 1)
        XCTAssertEqual(SheetLayout.helperShare([table(10), table(10), table(100)]), 2)
        XCTAssertEqual(SheetLayout.helperShare([table(100), table(10), table(10)]), 1)
        XCTAssertEqual(SheetLayout.helperShare([table(30), table(30), table(30), table(30)]), 2)
    }

    func dump(_ document: LaidOutDocument) -> String {
        document.pages.map { "\($0.items)" }.joined(separator: "\n")
    }
}

/// The fake shaper's metrics, recording every text it shapes; used by one thread at a time.
final class RecordingShaper: TextShaper, @unchecked Sendable {
    let base = FakeShaper()
    var texts: [String] = []

    func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
        texts.append(paragraph.text)
        return base.shape(paragraph, width: width)
    }
}
