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
        let result = try TestSupport.run(HTMLTests.python, [TestSupport.fixtures.appendingPathComponent("cmap_check.py").path, list.path])
        XCTAssertEqual(result.code, 0, result.stdout + result.stderr)
    }

    /// A long text (a scoring note of 160 characters, a narrative) is kept from its second shaping on;
    /// a short one from its first.
    func testLongTextsAreKeptWhenTheyComeAgain() {
        final class Counting: TextShaper {
            var calls = 0
            let base = FakeShaper()
            func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
                calls += 1
                return base.shape(paragraph, width: width)
            }
        }
        let counting = Counting()
        let shaper = CachingShaper(counting, longestCachedText: 400)
        let font = FontSpec(family: "宋体", size: 9, bold: false)
        let long = ParagraphSpec(spans: [TextSpan(String(repeating: "按实际情况酌情扣分处理，", count: 14))], font: font, lineHeight: 1.3)
        let short = ParagraphSpec(spans: [TextSpan("扣分处理")], font: font, lineHeight: 1.3)
        for _ in 0..<4 { _ = shaper.shape(long, width: 200) }
        XCTAssertEqual(counting.calls, 2, "shaped the first and second time, then reused")
        for _ in 0..<3 { _ = shaper.shape(short, width: 200) }
        XCTAssertEqual(counting.calls, 3, "a short text is kept at once")
        _ = shaper.shape(long, width: 180)
        XCTAssertEqual(counting.calls, 4, "another width is another paragraph")
    }
}
