import EvalSheet
import EvalSheetLayout
import EvalSheetModel
import Foundation
import XCTest

/// What other programs print of the sheet against EvalSheet's own PDF, read back by
/// `Fixtures/print_typography.py` (pages, single-character last lines, notes lines short of the edge): the
/// browser's print of the HTML (Chromium) and LibreOffice's of the DOCX, as a Word user's machine paginates it.
final class PrintParityTests: XCTestCase {
    struct Printed: Decodable {
        var pages: Int
        var lonely: [String]
        var notesLines: Int
        var raggedNotes: [String]
    }

    static func read(_ pdf: URL, notes: [Rect] = []) throws -> Printed {
        let ranges = Set(notes.map { "\(Int($0.x.rounded(.down)) - 1):\(Int($0.maxX.rounded(.up)) + 1)" })
        let result = try TestSupport.run(
            HTMLTests.python,
            [TestSupport.fixtures.appendingPathComponent("print_typography.py").path, pdf.path] + ranges.sorted())
        XCTAssertEqual(result.code, 0, result.stderr)
        return try JSONDecoder().decode(Printed.self, from: Data(result.stdout.utf8))
    }

    /// The reference sheet in its three languages (Chinese first) and the national form's samples.
    static let samples: [(URL, Language)] = {
        let national = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation")
        return [
            (TestSupport.seedSample, .zh), (TestSupport.seedSample, .bilingual), (TestSupport.seedSample, .en),
            (national.appendingPathComponent("2020-rural-roads.yaml"), .zh),
            (national.appendingPathComponent("2020-skills-training.yaml"), .zh),
            (national.appendingPathComponent("2020-primary-care.yaml"), .zh)
        ]
    }()

    /// The notes cells' boxes on the PDF's first page (the score table's notes column).
    static func notesColumns(_ document: LaidOutDocument) -> [Rect] {
        LayoutInvariants.cells(document).filter { $0.page == 1 && $0.cell.role == "notes" }.map(\.cell.frame)
    }

    /// Chromium prints the reference sheet in its three languages, and the national form's road and training
    /// samples, on as many pages as the PDF (rows break between lines, not only between rows; an English
    /// sheet's table text as small as the PDF's; rows as tall as the PDF's: the primary-care sample's sign-off
    /// row went to a second page when each row was 0.75 pt taller), with at most one single-character last
    /// line.
    func testBrowserPrintsOnThePDFsPagesWithoutLoneCharacters() throws {
        let folder = TestSupport.temporaryDirectory()
        let cases = Self.samples
        for (index, (input, language)) in cases.enumerated() {
            let label = "\(input.lastPathComponent) \(language.rawValue)"
            let html = folder.appendingPathComponent("\(index).html"),
                pdf = folder.appendingPathComponent("\(index).pdf")
            let rendered = try TestSupport.run(
                TestSupport.cli,
                ["render", input.path, "--lang", language.rawValue, "--format", "html", "-o", html.path])
            XCTAssertEqual(rendered.code, 0, rendered.stderr)
            let printed = try TestSupport.run(
                TestSupport.tool("chromium"),
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--print-to-pdf=\(pdf.path)", html.absoluteString
                ])
            XCTAssertEqual(printed.code, 0, printed.stderr)
            let read = try Self.read(pdf)
            let ours = TestSupport.renderer.layout(try TestSupport.sheet(input), language: language).pages.count
            XCTAssertEqual(read.pages, ours, "\(label): Chromium \(read.pages) pages, the PDF \(ours)")
            XCTAssertLessThanOrEqual(read.lonely.count, 1, "\(label): \(read.lonely)")
        }
    }

    /// The DOCX's scoring notes are justified (`w:jc` both): LibreOffice sets every line of the reference
    /// sheet's notes but each paragraph's last flush with the cell's edge (15 of 50 lines fell short with
    /// `left`). LibreOffice prints the reference sheet in its three languages, and the national samples, on
    /// the PDF's pages (zh-en took 10 for 9 while the English lines kept the Chinese line height; the
    /// primary-care sample's table ends 1.5 pt above the foot, and the document's last paragraph at 1 pt made
    /// a blank second page), with at most one single-character last line
    /// (`LastLineKeeping`; 9 on the reference sheet before, and one that remains on the national samples is
    /// a number with its unit wider than its column, `≥1200人|次`, as in the PDF).
    func testLibreOfficePrintsOnThePDFsPagesWithNotesJustified() throws {
        let folder = TestSupport.temporaryDirectory()
        let cases = Self.samples
        var files: [(URL, ScoredSheet, Language)] = []
        for (index, (input, language)) in cases.enumerated() {
            let sheet = try TestSupport.sheet(input)
            files.append(
                (try DOCXTests.write(sheet, language: language, in: folder, name: "\(index)"), sheet, language))
        }
        let printed = try LibreOffice.print(files.map(\.0), into: folder.appendingPathComponent("pdf"))
        for (index, (file, sheet, language)) in files.enumerated() {
            let label = "\(cases[index].0.lastPathComponent) \(language.rawValue)"
            let pdf = URL(fileURLWithPath: try XCTUnwrap(printed[file.path]).pdf)
            let document = TestSupport.renderer.layout(sheet, language: language)
            let read = try Self.read(pdf, notes: index == 0 ? Self.notesColumns(document) : [])
            XCTAssertEqual(read.pages, document.pages.count, label)
            XCTAssertLessThanOrEqual(read.lonely.count, 1, "\(label): \(read.lonely)")
            if index == 0 {
                XCTAssertGreaterThan(read.notesLines, 40)
                XCTAssertEqual(read.raggedNotes, [], "notes lines short of the edge in LibreOffice's print")
            }
        }
    }
}
