import EvalSheetCairo
import EvalSheetDOCX
import EvalSheetHTML
import EvalSheetLayout
import EvalSheetModel
import EvalSheetOFD
import Foundation

/// Renders scored sheets. Holds one font map and shaper: create one per thread, reuse it for many
/// sheets (the form's labels and notes are shaped once and reused).
public final class SheetRenderer {
    /// Memory the ended renderers' threads freed, back to the system (before a batch's summary reads every row).
    public static func returnFreedMemory() { Heap.returnFreedMemory() }

    public let fonts: FontSetup
    let shaper: CachingShaper
    /// The painters' fonts, kept for every document this renderer writes (PDF, PNG and OFD).
    public let faces = CairoFontFaces()
    let ofdFonts = OFDFontFiles()
    /// Lays out the later tables of each sheet on a second thread (`LayoutHelper`).
    let helper: LayoutHelper?

    /// `helper`: lay out each sheet on two threads, for one sheet at a time on a machine with a core to spare
    /// (`render`); a batch keeps one thread per job instead. The helper sets up its fonts on its own thread
    /// while this one does.
    public init(fontsDirectory: URL, helper wantsHelper: Bool = false) throws {
        let cache = Locations.cache.appendingPathComponent("fontconfig")
        helper =
            wantsHelper
            ? LayoutHelper {
                // Fonts that fail here fail on the caller's thread too, which says why; the helper then stands aside.
                (try? FontSetup(directory: fontsDirectory, cache: cache)).flatMap { try? PangoShaper(fonts: $0) }
            } : nil
        fonts = try FontSetup(directory: fontsDirectory, cache: cache)
        shaper = CachingShaper(try PangoShaper(fonts: fonts))
    }

    /// `folio`: in a bound volume, the volume's page number of the sheet's first page.
    public func layout(_ sheet: ScoredSheet, language: Language = .zh, folio: Int? = nil) -> LaidOutDocument {
        shaper.beginDocument()
        return SheetLayout.layout(sheet, language: language, shaper: shaper, folio: folio, helper: helper)
    }

    /// Lays out and checks that every character has a glyph; the problems name the character and field.
    public func layoutChecked(_ sheet: ScoredSheet, language: Language = .zh, allowMissingGlyphs: Bool = false)
        -> (LaidOutDocument, [Diagnostic])
    {
        let document = layout(sheet, language: language)
        // One problem per character and field, at the value where the character stands.
        var seen = Set<String>()
        let problems = document.missingGlyphs.filter { seen.insert("\($0.character) \($0.field)").inserted }.map {
            missing -> Diagnostic in
            let top = String(missing.field.split(separator: ".").first ?? "")
            return Diagnostic(
                allowMissingGlyphs ? .warning : .error, file: sheet.evaluation.file,
                at: sheet.evaluation.position(of: missing.character, inField: top), field: missing.field,
                Message(
                    "missing-glyph",
                    en: "character \(missing.scalarCode) '\(missing.character)' has no glyph in the bundled fonts",
                    zh: "字符 \(missing.scalarCode) '\(missing.character)' 在随附字体中没有字形"))
        }
        func points(_ value: Double) -> String { String(format: "%.0f", value) }
        // A block taller than a page that nothing allowed to break: say what to shorten, never print it clipped.

        let overflows = document.overflows.map { overflow -> Diagnostic in
            Diagnostic(
                .error, file: sheet.evaluation.file, at: sheet.evaluation.position(ofField: overflow.field),
                field: overflow.field,
                Message(
                    "taller-than-page",
                    en:
                        "does not fit on a page: \(points(overflow.height)) pt of text where the sheet cannot break (\(points(overflow.excess)) pt past the page foot); shorten it",
                    zh: "一页放不下：有 \(points(overflow.height)) pt 的文字处在不能分页的地方（超出页脚 \(points(overflow.excess)) pt）；请缩短"
                ))
        }
        return (document, problems + overflows)
    }

    public func writePDF(_ document: LaidOutDocument, to url: URL) throws {
        try DocumentWriter.writePDF(document, to: url, fonts: faces)
    }

    /// The sheet as one HTML page, with the columns the PDF layout chose for it.
    public func writeHTML(_ sheet: ScoredSheet, layout document: LaidOutDocument, language: Language = .zh, to url: URL)
        throws
    {
        let html = HTMLRenderer.render(sheet, language: language, options: .init(columnWidths: document.columnWidths))
        try AtomicFile.write(Data(html.utf8), to: url)
    }

    /// An editable Word/WPS document of the sheet, with the columns the PDF layout chose for it.
    public func writeDOCX(_ sheet: ScoredSheet, layout document: LaidOutDocument, language: Language = .zh, to url: URL)
        throws
    {
        try DOCXRenderer.write(sheet, language: language, columnWidths: document.columnWidths, to: url)
    }

    /// An OFD (GB/T 33190) of the laid-out pages, for archives: the same pages, glyphs and rules as the PDF.
    public func writeOFD(_ document: LaidOutDocument, to url: URL) throws {
        try OFDWriter.write(document, creatorVersion: EvalSheetVersion.number, fonts: ofdFonts, to: url)
    }

    @discardableResult
    public func writePNG(_ document: LaidOutDocument, to url: URL, dpi: Double) throws -> [URL] {
        try DocumentWriter.writePNG(document, to: url, dpi: dpi, fonts: faces)
    }

    /// A laid-out sheet in one format at `url` (PNG: a file per page beside it, `NAME-1.png` …); the files
    /// written. The one place each `OutputFormat` is written: `render`, `batch` and the preview all call it.
    @discardableResult
    public func write(
        _ format: OutputFormat, _ sheet: ScoredSheet, layout document: LaidOutDocument, language: Language = .zh,
        to url: URL, dpi: Double = 150
    ) throws -> [URL] {
        switch format {
        case .pdf: try writePDF(document, to: url)
        case .html: try writeHTML(sheet, layout: document, language: language, to: url)
        case .docx: try writeDOCX(sheet, layout: document, language: language, to: url)
        case .ofd: try writeOFD(document, to: url)
        case .png: return try writePNG(document, to: url, dpi: dpi)
        }
        return [url]
    }
}

extension SheetRenderer {
    /// The cover and contents of a bound volume, shaped with this renderer's fonts.
    public func frontMatter(
        form: Form, title: String, institution: String, year: Int, entries: [VolumeLayout.Entry],
        missing: Int = 0, date: String? = nil, language: Language
    ) -> LaidOutDocument {
        VolumeLayout.frontMatter(
            form: form, title: title, institution: institution, year: year, entries: entries,
            missing: missing, date: date, language: language, shaper: shaper)
    }
}
