import EvalSheet
import Foundation
import XCTest

/// Every character prints or is named before rendering: rare characters of names (CJK Extension B) print
/// from the fallback face, embedded and subset; one that no face has is an error of `validate` as of `render`.
final class RareCharacterTests: XCTestCase {
    func evaluation(unit: String) throws -> URL {
        let file = TestSupport.temporaryDirectory().appendingPathComponent("rare.yaml")
        try TestSupport.seedYAML().replacingOccurrences(of: "  unit: 中山市政务服务数据管理局\n", with: "  unit: \(unit)\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func testRareNameCharactersPrintFromTheFallbackFace() throws {
        let file = try evaluation(unit: "中山市𡒄𪚥数据管理局")
        let validated = try TestSupport.run(TestSupport.cli, ["validate", file.path])
        XCTAssertEqual(validated.code, 0, validated.stdout + validated.stderr)
        let pdf = file.deletingLastPathComponent().appendingPathComponent("rare.pdf")
        let rendered = try TestSupport.run(TestSupport.cli, ["render", file.path, "-o", pdf.path])
        XCTAssertEqual(rendered.code, 0, rendered.stderr)
        let fonts = try TestSupport.run(TestSupport.tool("pdffonts"), [pdf.path]).stdout.split(separator: "\n")
        let fallback = try XCTUnwrap(fonts.first { $0.contains("+HanaMinB") }, fonts.joined(separator: "\n"))
        XCTAssertTrue(
            fallback.contains("CID TrueType") && fallback.contains("yes yes yes"), "embedded and subset: \(fallback)")
        let text = TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-l", "1", pdf.path, "-"]).stdout)
        XCTAssertTrue(text.contains("中山市𡒄𪚥数据管"), text)
        // Only those two come from the fallback: the rest of the page keeps the Noto faces (one HanaMinB font).
        XCTAssertEqual(fonts.filter { $0.contains("+HanaMinB") }.count, 1)
    }

    func testACharacterNoFaceHasIsAnErrorOfValidate() throws {
        // U+3134A, the last of Extension G: neither Noto CJK nor HanaMinB has it.
        let file = try evaluation(unit: "中山市\u{3134A}管理局")
        for command in [
            ["validate"], ["validate", "--report", "json"], ["render", "-o", file.deletingPathExtension().path + ".pdf"]
        ] {
            let result = try TestSupport.run(TestSupport.cli, command + [file.path])
            XCTAssertEqual(result.code, 1, command.joined(separator: " "))
            let output = result.stdout + result.stderr
            if command.contains("json") {
                XCTAssertTrue(
                    output.contains(
                        "\"message\" : \"character U+3134A '\u{3134A}' has no glyph in the bundled fonts\""), output)
                XCTAssertTrue(output.contains("\"valid\" : false"), output)
            } else {
                XCTAssertTrue(
                    output.contains(
                        "rare.yaml:7:12: error: header.unit: character U+3134A '\u{3134A}' has no glyph in the bundled fonts"
                    ), output)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.deletingPathExtension().path + ".pdf"))
    }
}
