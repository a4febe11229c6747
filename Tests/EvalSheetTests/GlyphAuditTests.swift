import EvalSheet
import Foundation
import XCTest

/// Cairo 1.16's CFF subsetter silently drops glyphs from Debian's Noto CJK depending on which other
/// glyphs share the subset. The prepared TrueType fonts must lose none; the audit must catch the defect.
final class GlyphAuditTests: XCTestCase {
    func samplesText() throws -> [String] {
        try EvaluationFiles.expand([TestSupport.samples.path]).map { try String(contentsOf: $0, encoding: .utf8) }
            + [try String(contentsOf: TestSupport.seedText, encoding: .utf8)]
    }

    /// An empty prepared-fonts folder (`Fonts/build`) with the project's configuration beside it.
    func fontFolder() throws -> URL {
        let root = TestSupport.temporaryDirectory().appendingPathComponent("Fonts")
        let build = root.appendingPathComponent("build")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestSupport.root.appendingPathComponent("Fonts/fonts.conf"),
            to: root.appendingPathComponent("fonts.conf"))
        return build
    }

    func testPreparedFontsLoseNoGlyph() throws {
        let work = TestSupport.temporaryDirectory()
        let report = try FontAudit(fonts: TestSupport.renderer.fonts, pdftoppm: TestSupport.tool("pdftoppm"))
            .run(subsets: 12, seed: 7, texts: try samplesText(), workDirectory: work)
        // 4 faces × (12 random sets of 600 + every character of the samples and the reference sheet), and the
        // fallback face with 12 sets of 600 characters of Extension B (𡒄 and 𪚥 among them).
        XCTAssertGreaterThan(report.rendered, 4 * 12 * 600 + 4 * 600 + 12 * 600)
        XCTAssertEqual(report.losses.map(\.description), [])
    }

    func testAuditCatchesTheDefectOfTheSystemCFFFonts() throws {
        // Debian's original .ttc files, named as the prepared ones so the same configuration loads them.
        let build = try fontFolder()
        for face in ["NotoSerifCJK-Regular", "NotoSerifCJK-Bold", "NotoSansCJK-Regular", "NotoSansCJK-Bold"] {
            let system = "/usr/share/fonts/opentype/noto/\(face).ttc"
            XCTAssertTrue(FileManager.default.fileExists(atPath: system), "fonts-noto-cjk is not installed")
            try FileManager.default.createSymbolicLink(
                atPath: build.appendingPathComponent(face.replacingOccurrences(of: "CJK", with: "CJKsc") + ".ttf").path,
                withDestinationPath: system)
        }
        try FileManager.default.createSymbolicLink(
            atPath: build.appendingPathComponent(FontSetup.fallbackFile).path,
            withDestinationPath: "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
        let fonts = try FontSetup(directory: build)
        let report = try FontAudit(fonts: fonts, pdftoppm: TestSupport.tool("pdftoppm"))
            .run(subsets: 4, seed: 7, texts: [], workDirectory: TestSupport.temporaryDirectory())
        XCTAssertTrue(
            report.losses.contains { $0.character == "如" }, "the audit no longer sees the CFF defect: \(report.losses)")
    }

    func testMissingOrBrokenFontIsAClearError() throws {
        let build = try fontFolder()
        XCTAssertThrowsError(try FontSetup(directory: build)) { error in
            XCTAssertTrue("\(error)".contains("NotoSerifCJKsc-Regular.ttf is missing"), "\(error)")
        }
        // Files that are not fonts.
        for file in FontSetup.requiredFiles {
            try Data("not a font".utf8).write(to: build.appendingPathComponent(file))
        }
        XCTAssertThrowsError(try FontSetup(directory: build)) { error in
            XCTAssertTrue("\(error)".contains("does not resolve to a prepared font"), "\(error)")
        }
    }
}
