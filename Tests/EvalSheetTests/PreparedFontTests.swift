import EvalSheet
import EvalSheetLayout
import Foundation
import XCTest

/// The prepared fonts as Cairo's PDF font subsetter meets them (Fonts/prepare.py, docs/performance.md), and
/// the reuse of shaped text between sheets. What these save is measured by the benchmarks, not here.
final class PreparedFontTests: XCTestCase {
    /// Every glyph the reference sheet paints, in every language, is found by Cairo's reverse cmap lookup
    /// (the format-4 subtable), which stays small: no glyph costs a walk over 44,000 characters.
    func testEveryPaintedGlyphIsInTheFormat4Cmap() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        var glyphs: [String: Set<UInt32>] = [:]
        for language in [Language.zh, .bilingual, .en] {
            for page in TestSupport.renderer.layout(sheet, language: language).pages {
                for case let .text(box) in page.items {
                    for run in box.line.runs { glyphs[run.face.file, default: []].formUnion(run.glyphs.map(\.id)) }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(glyphs.count, 3, "the sheet uses at least three faces")
        let list = TestSupport.temporaryDirectory().appendingPathComponent("glyphs.json")
        try JSONSerialization.data(withJSONObject: glyphs.mapValues { $0.sorted() }).write(to: list)
        let result = try TestSupport.run(
            HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("cmap_check.py").path, list.path])
        XCTAssertEqual(result.code, 0, result.stdout + result.stderr)
    }

    /// A paragraph is kept for reuse when a later document asks for it again, not when one document
    /// shapes it twice (a narrative's paragraph measured and then split at a page break).
    func testParagraphsAreKeptWhenALaterDocumentAsksAgain() {
        final class Counting: TextShaper {
            var calls = 0
            let base = FakeShaper()
            func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
                calls += 1
                return base.shape(paragraph, width: width)
            }
        }
        let counting = Counting()
        let shaper = CachingShaper(counting)
        let font = FontSpec(family: "宋体", size: 9, bold: false)
        let note = ParagraphSpec(
            spans: [TextSpan(String(repeating: "按实际情况酌情扣分处理，", count: 14))], font: font, lineHeight: 1.3)
        let narrative = ParagraphSpec(spans: [TextSpan("项目单位按要求及时开展了项目自评工作。")], font: font, lineHeight: 1.3)
        shaper.beginDocument()
        for _ in 0..<3 { _ = shaper.shape(note, width: 200); _ = shaper.shape(narrative, width: 300) }
        XCTAssertEqual(counting.calls, 6, "nothing is kept within the first document")
        shaper.beginDocument()
        for _ in 0..<3 { _ = shaper.shape(note, width: 200) }
        XCTAssertEqual(
            counting.calls, 7, "the note, asked for again by the second document, is shaped once more and kept")
        shaper.beginDocument()
        _ = shaper.shape(note, width: 200)
        XCTAssertEqual(counting.calls, 7)
        _ = shaper.shape(note, width: 180)
        XCTAssertEqual(counting.calls, 8, "another width is another paragraph")
    }
}
