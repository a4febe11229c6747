import EvalSheetLayout
import EvalSheetModel
import EvalSheetTables
import Foundation

/// Finds glyphs that a PDF loses: renders characters in a grid to PDF and, separately, straight to an
/// image; rasterises the PDF with poppler; compares each cell's ink. Cairo 1.16's CFF subsetter lost
/// glyphs from Noto CJK depending on which others shared the subset, so callers audit many
/// document-sized subsets, not one big one (docs/fonts.md).
public struct GlyphAudit {
    public struct Loss: Sendable, Hashable, CustomStringConvertible {
        public var character: Character
        public var family: String
        public var bold: Bool
        public var referenceInk: Int
        public var pdfInk: Int
        public var description: String {
            let code = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined()
            return "\(code) '\(character)' in \(family)\(bold ? " Bold" : ""): PDF ink \(pdfInk) of \(referenceInk)"
        }
    }

    let shaper: PangoShaper
    let pdftoppm: String
    let dpi = 72.0
    let cell = 28.0
    let size = 20.0
    let columns = 19

    public init(fonts: FontSetup, pdftoppm: String = "/usr/bin/pdftoppm") throws {
        shaper = try PangoShaper(fonts: fonts)
        self.pdftoppm = pdftoppm
    }

    /// The characters of `characters` whose glyphs the PDF lost, for one face.
    public func lostGlyphs(_ characters: [Character], family: String, bold: Bool, workDirectory: URL) throws -> [Loss] {
        let font = FontSpec(family: family, size: size, bold: bold)
        let rows = (characters.count + columns - 1) / columns
        var builder = PageBuilder()
        var cells: [(Character, Int, Int)] = []
        for (index, character) in characters.enumerated() {
            let x = 20 + Double(index % columns) * cell, y = 20 + Double(index / columns) * cell
            let shaped = shaper.shape(
                ParagraphSpec(spans: [TextSpan(String(character))], font: font, lineHeight: 1.2),
                width: 1000)
            let content = CellContent(
                lines: shaped.lines.map { PlacedLine(line: $0, y: $0.top, startsParagraph: true, indent: 0) },
                height: shaped.height, text: String(character))
            builder.text(content, at: Point(x: x + 4, y: y + 1), container: Rect(x: x, y: y, width: cell, height: cell))
            cells.append((character, Int(x * dpi / 72), Int(y * dpi / 72)))
        }
        let page = Page(
            width: 40 + Double(columns) * cell, height: 40 + Double(rows) * cell, items: builder.finishedItems,
            body: Rect(x: 0, y: 0, width: 1, height: 1))
        let document = LaidOutDocument(
            pages: [page],
            metadata: DocumentMetadata(
                title: "audit", author: "", subject: "",
                keywords: "", creator: "EvalSheet", date: "2020-01-01"),
            missingGlyphs: [])
        let pdf = workDirectory.appendingPathComponent("audit.pdf")
        try DocumentWriter.writePDF(document, to: pdf)
        let reference = DocumentWriter.rasterize(page, dpi: dpi)
        let stem = workDirectory.appendingPathComponent("audit")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftoppm)
        process.arguments = ["-r", String(Int(dpi)), "-gray", "-singlefile", pdf.path, stem.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let bytes = try? Data(contentsOf: stem.appendingPathExtension("pgm")),
            let rasterised = GrayImage.pgm([UInt8](bytes))
        else {
            throw RenderError(
                Message(
                    "glyph-audit-failed", en: "glyph audit: pdftoppm failed on \(pdf.path)",
                    zh: "字形检查：pdftoppm 处理 \(pdf.path) 失败"))
        }
        let side = Int(cell * dpi / 72)
        var lost: [Loss] = []
        for (character, x, y) in cells {
            let expected = reference.ink(x: x, y: y, width: side, height: side)
            let found = rasterised.ink(x: x, y: y, width: side, height: side)
            // A lost glyph prints blank (or a .notdef box far lighter than a CJK glyph).
            if expected > 2000 && found * 2 < expected {
                lost.append(
                    Loss(character: character, family: family, bold: bold, referenceInk: expected, pdfInk: found))
            }
        }
        return lost
    }
}
