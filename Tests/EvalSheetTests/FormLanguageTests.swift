import EvalSheet
import Foundation
import XCTest

/// Capabilities of the form language that the shipped forms do not all use, on copies of a shipped form.
final class FormLanguageTests: XCTestCase {
    /// A copy of a shipped form with `change` applied to its form.yaml: the library and the file.
    static func copy(_ id: String, _ change: (String) -> String) throws -> (library: FormLibrary, file: URL) {
        let root = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(at: TestSupport.layouts.appendingPathComponent(id), to: root.appendingPathComponent(id))
        let file = root.appendingPathComponent(id).appendingPathComponent("form.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertNotEqual(change(text), text, "the change must change the form")
        try change(text).write(to: file, atomically: true, encoding: .utf8)
        return (FormLibrary(directory: root), file)
    }

    static let lines = """
        lines:
          - {place: above, text: {zh: "报表编号：{code}", en: "Report No. {code}"}, align: end}
          - {place: below, text: {zh: "填表单位：{unit}（{year}年度）", en: "Prepared by {unit} ({year})"}}

        checks:
        """

    /// Lines above the title and below the tables, their placeholders filled, in the PDF (in reading order),
    /// the HTML and the DOCX.
    func testLinesAboveTheTitleAndBelowTheTables() throws {
        let (library, _) = try Self.copy("zhongshan-2020") { $0.replacingOccurrences(of: "checks:\n", with: Self.lines + "\n") }
        let sheet = try TestSupport.sheet(TestSupport.seedSample, library: library)
        let above = "报表编号：202008367", below = "填表单位：中山市政务服务数据管理局（2020年度）"
        XCTAssertEqual(SheetText(sheet, language: .zh).lines(.above).map(\.text), [above])

        let pdf = TestSupport.temporaryDirectory().appendingPathComponent("lines.pdf")
        let document = TestSupport.renderer.layout(sheet)
        try TestSupport.renderer.writePDF(document, to: pdf)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let text = TestSupport.squeezed(try TestSupport.run(TestSupport.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout)
        let title = try XCTUnwrap(text.range(of: "2020年度市级财政支出项目绩效核查评分意见表"))
        let top = try XCTUnwrap(text.range(of: above), text)
        let bottom = try XCTUnwrap(text.range(of: below), String(text.suffix(200)))
        let signoff = try XCTUnwrap(text.range(of: "机构名称（全称）", options: .backwards))
        XCTAssertLessThan(top.lowerBound, title.lowerBound, "above the title")
        XCTAssertGreaterThan(bottom.lowerBound, signoff.lowerBound, "below the last table")
        // The line above is set at the right edge of the text block.
        let box = try XCTUnwrap(LayoutInvariants.lines(document).first { $0.text == above })
        XCTAssertEqual(box.frame.maxX, sheet.form.style.margins.left + sheet.form.style.contentWidth, accuracy: 0.5)

        let html = try HTMLTests.parse(HTMLRenderer.render(sheet))
        let body = TestSupport.squeezed(html.body ?? "")
        XCTAssertLessThan(try XCTUnwrap(body.range(of: above)).lowerBound, try XCTUnwrap(body.range(of: "2020年度市级财政")).lowerBound)
        XCTAssertTrue(body.hasSuffix(below) || body.contains(below + ""), body.suffix(80).description)
        XCTAssertEqual(try TableParity.problems(sheet), [])

        let docx = TestSupport.temporaryDirectory().appendingPathComponent("lines.docx")
        try DOCXRenderer.write(sheet, to: docx)
        let read = try DOCXTests.read(docx)
        XCTAssertEqual(read.paragraphs.first?.text, above)
        XCTAssertEqual(read.paragraphs.dropFirst().first?.style, "Sheet Title")
        XCTAssertTrue(read.paragraphs.contains { $0.text == below }, "\(read.paragraphs.suffix(3))")
    }

    /// A line's placeholders are the header fields and the year; any other is an error at its line.
    func testALineWithAnUnknownPlaceholderIsAnError() throws {
        let (library, file) = try Self.copy("zhongshan-2020") {
            $0.replacingOccurrences(of: "checks:\n", with: Self.lines.replacingOccurrences(of: "{code}", with: "{cdoe}") + "\n")
        }
        guard case let .failure(error) = library.form(id: "zhongshan-2020") else { return XCTFail("accepted {cdoe}") }
        XCTAssertEqual(error.diagnostics.count, 2, "\(error.diagnostics)")
        let first = try XCTUnwrap(error.diagnostics.first)
        XCTAssertTrue(first.message.contains("{cdoe} is not a placeholder this label fills (did you mean {code}?)"), first.message)
        let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(first.position?.line, text.firstIndex { $0.contains("{cdoe}") }! + 1)
    }
}
