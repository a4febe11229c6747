import EvalSheet
import Foundation
import XCTest

/// A template cell's own look beyond its alignment: the sides it rules (`rules:`) and the room inside it
/// (`padding:`), on the weighted-sections fixture's signature row (open between its two cells, room to sign)
/// and the note under it (no rules, no padding), in the PDF's display list, the HTML, Word and the OFD.
final class CellLookTests: XCTestCase {
    func sheet() throws -> ScoredSheet {
        let yaml = try String(contentsOf: ScoringModelTests.evaluation, encoding: .utf8)
        return try TestSupport.score(yaml, library: TestSupport.fixtureLibrary).get()
    }

    static let millimetre = 72 / 25.4

    func testCellsRuleTheirOwnSidesAndKeepTheirOwnRoom() throws {
        let sheet = try sheet()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        let style = sheet.form.style
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let page = try XCTUnwrap(
            document.pages.first { page in
                page.items.contains { if case let .cell(cell) = $0 { cell.table == "signatures" } else { false } }
            })
        let cells = page.items.compactMap {
            if case let .cell(cell) = $0, cell.table == "signatures" { cell } else { nil }
        }
        let rules = page.items.compactMap { if case let .rule(rule) = $0 { rule } else { nil } }
        let lead = try XCTUnwrap(cells.first { $0.text.hasPrefix("评价组长") })
        let reviewer = try XCTUnwrap(cells.first { $0.text.hasPrefix("复核人") })
        let note = try XCTUnwrap(cells.first { $0.text.hasPrefix("注:") })
        XCTAssertEqual(lead.rules, [.top, .bottom, .left])
        XCTAssertEqual(note.rules, [])
        func side(_ cell: CellBox, _ side: CellRules) -> (Point, Point) {
            LayoutInvariants.edges(cell.frame).first { $0.0 == side }!.1
        }
        func drawn(_ edge: (Point, Point), width: Double? = nil) -> Bool {
            rules.contains { LayoutInvariants.covers($0, edge.0, edge.1) && (width == nil || $0.width == width) }
        }
        // No line between the two signatures; the row's other sides drawn, the table's frame along its edge.
        XCTAssertFalse(drawn(side(lead, .right)), "the line between the signatures is open")
        XCTAssertFalse(drawn(side(reviewer, .left)))
        for edge in [side(lead, .top), side(lead, .left), side(reviewer, .top), side(reviewer, .right)] {
            XCTAssertTrue(drawn(edge, width: style.frameWidth), "the frame along the table's edge: \(edge)")
        }
        XCTAssertTrue(drawn(side(lead, .bottom)) && drawn(side(reviewer, .bottom)))
        // The note: nothing on its sides and foot, its top the row above's foot (drawn where either cell rules it).
        for open in [CellRules.left, .right, .bottom] { XCTAssertFalse(drawn(side(note, open)), "the note's \(open)") }
        XCTAssertTrue(drawn(side(note, .top)))

        // Padding: 6 mm above and below both names, 4 mm left and right of the reviewer's, none round the note.
        let lines = page.items.compactMap { if case let .text(box) = $0 { box } else { nil } }
        func container(_ cell: CellBox) throws -> Rect {
            try XCTUnwrap(lines.first { cell.frame.contains($0.frame) && cell.text.hasPrefix($0.text.prefix(2)) })
                .container
        }
        let leadBox = try container(lead), reviewerBox = try container(reviewer), noteBox = try container(note)
        XCTAssertEqual(leadBox.y - lead.frame.y, 6 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(lead.frame.maxY - leadBox.maxY, 6 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(leadBox.x - lead.frame.x, style.cellPaddingX, accuracy: 0.01, "x left to the style")
        XCTAssertEqual(reviewerBox.x - reviewer.frame.x, 4 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(reviewer.frame.maxX - reviewerBox.maxX, 4 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(noteBox.x, note.frame.x, accuracy: 0.01)
        XCTAssertEqual(noteBox.y, note.frame.y, accuracy: 0.01)
        XCTAssertEqual(
            lead.frame.height, 12 * Self.millimetre + style.cell.size * style.cell.lineHeight, accuracy: 0.1,
            "the row as tall as its line and its own padding")

        // The HTML: the same open sides (the parity check compares them cell by cell) and the same room.
        XCTAssertEqual(try TableParity.problems(sheet), [])
        let html = HTMLRenderer.render(sheet)
        XCTAssertTrue(
            html.contains(
                "style=\"border-right-style: none; padding: max(0pt, calc(17.01pt - max(0.50pt, 1px) / 2)) max(0pt, calc(3.40pt - max(0.50pt, 1px) / 2))\">评价组长(签字):"
            ),
            "a shared side open with none (a neighbour that rules it wins), 6 mm above and below less half the rule as drawn"
        )
        XCTAssertTrue(
            html.contains(
                "style=\"border-top-style: none; border-bottom-style: hidden; border-left-style: hidden; border-right-style: hidden; padding: max(0pt, calc(0.00pt - max(0.50pt, 1px) / 2)) max(0pt, calc(0.00pt - max(0.50pt, 1px) / 2))\">注:"
            ), "the table's edge open with hidden, which beats the table's frame")

        // Word: the open sides nil and the margins in the cell's own properties, the row's other cells untouched.
        let folder = TestSupport.temporaryDirectory()
        let docx = folder.appendingPathComponent("w.docx")
        try TestSupport.renderer.write(.docx, sheet, layout: document, to: docx)
        let xml = try TestSupport.run("/usr/bin/unzip", ["-p", docx.path, "word/document.xml"]).stdout
        let cellsXML = xml.components(separatedBy: "<w:tc>").dropFirst()
        let leadXML = try XCTUnwrap(cellsXML.first { $0.contains("评价组长") })
        XCTAssertTrue(leadXML.contains("<w:tcBorders><w:right w:val=\"nil\"/></w:tcBorders>"), leadXML)
        let top = Int(((6 * Self.millimetre - style.ruleWidth / 2) * 20).rounded())
        XCTAssertTrue(leadXML.contains("<w:tcMar><w:top w:w=\"\(top)\" w:type=\"dxa\"/>"), leadXML)
        let noteXML = try XCTUnwrap(cellsXML.first { $0.contains("注:") })
        XCTAssertTrue(
            noteXML.contains(
                "<w:tcBorders><w:top w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:left w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>"
            ))
        XCTAssertEqual(cellsXML.filter { $0.contains("<w:tcBorders>") }.count, 3, "only the three open cells")

        // The OFD paints the same display list: drawn by an independent reader it has the PDF's ink, the open
        // sides included, and the PDF's text.
        let ofd = folder.appendingPathComponent("w.ofd"), pdf = folder.appendingPathComponent("w.pdf")
        try TestSupport.renderer.writeOFD(document, to: ofd)
        try TestSupport.renderer.writePDF(document, to: pdf)
        let result = try TestSupport.run(
            HTMLTests.python,
            [
                TestSupport.fixtures.appendingPathComponent("ofd_check.py").path,
                TestSupport.fonts.appendingPathComponent("NotoSerifCJKsc-Regular.ttf").path, ofd.path, pdf.path
            ])
        XCTAssertEqual(result.code, 0, result.stderr)
        let check = try JSONDecoder().decode(
            OFDTests.Check.self, from: Data(try XCTUnwrap(result.stdout.split(separator: "\n").last).utf8))
        XCTAssertEqual(check.text.missing + check.text.extra + check.text.misplaced_count, 0)
        XCTAssertEqual(check.raster.pages, document.pages.count)
        for (lost, added) in zip(check.raster.ink_lost, check.raster.ink_added) {
            XCTAssertEqual(lost, 0)
            XCTAssertEqual(added, 0)
        }
    }

    /// Sides and room that cannot be drawn are errors at their line, naming what is allowed.
    func testRulesAndPaddingThatCannotBeDrawnAreErrorsAtTheirLine() throws {
        let layouts = TestSupport.fixtures.appendingPathComponent("Layouts")
        let cases: [(from: String, to: String, message: String)] = [
            (
                "rules: [top, bottom, left], padding: {y: 6}", "rules: [top, botom, left], padding: {y: 6}",
                "'botom' is not a side of a cell: top, bottom, left, right (did you mean 'bottom'?)"
            ),
            ("padding: {x: 4, y: 6}", "padding: {x: 4, y: 12}", "padding is millimetres from 0 to 10, not 12"),
            ("padding: {x: 4, y: 6}", "padding: {x: 4, z: 6}", "unknown field 'z'"),
            (
                "\"{node.weight}\", \"{node.score}\"]", "{text: \"{node.weight}\", padding: {x: 8}}, \"{node.score}\"]",
                "padding 8 mm on each side leaves no room in a cell printed 16 mm wide"
            )
        ]
        for (from, to, message) in cases {
            let (library, file) = try FormLanguageTests.copy("weighted-sections", from: layouts) {
                $0.replacingOccurrences(of: from, with: to)
            }
            guard case let .failure(error) = library.form(id: "weighted-sections") else {
                XCTFail("\(to) loaded"); continue
            }
            let text = try String(contentsOf: file, encoding: .utf8)
            let line = text.components(separatedBy: "\n").firstIndex { $0.contains(to.prefix(20)) }.map { $0 + 1 }
            let found = error.diagnostics.first { $0.message.en.contains(message) }
            XCTAssertNotNil(found, "\(to): \(error.diagnostics.map(\.message.en))")
            XCTAssertEqual(found?.position?.line, line, "\(message) at its line")
            XCTAssertEqual(error.diagnostics.count, 1, "\(error.diagnostics.map(\.message.en))")
        }
    }
}
