import CPangoCairo
import EvalSheetLayout
import EvalSheetModel
import EvalSheetTables
import Foundation

/// Writes one PDF from one or more laid-out documents, appended in order (a single sheet, or a bound
/// volume of cover, contents and sheets). The file appears under its name only when `finish` succeeds.
public final class PDFWriter {
    public enum Outline {
        /// The documents' own bookmarks (title and sections).
        case document
        /// One entry with this title, pointing at the document's first page.
        case single(String)
        case none
    }

    let url: URL
    let sink: FileSink
    let surface: OpaquePointer
    let cairo: OpaquePointer
    let fonts: CairoFontFaces
    public private(set) var pageCount = 0
    var finished = false

    public init(
        url: URL, metadata: DocumentMetadata, firstPageSize: (width: Double, height: Double),
        fonts: CairoFontFaces = CairoFontFaces()
    ) throws {
        self.url = url
        self.fonts = fonts
        sink = try FileSink(for: url)
        let surface = cairo_pdf_surface_create_for_stream(
            sink.callback, sink.closure, firstPageSize.width, firstPageSize.height)!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError(
                Message("cannot-create-pdf", en: "\(url.path): cannot create the PDF", zh: "\(url.path)：无法生成 PDF"))
        }
        self.surface = surface
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        // Both dates set: Cairo 1.16 otherwise stamps the wall clock and the bytes change on every run.
        let date = "\(metadata.date)T00:00:00"
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
        cairo = cairo_create(surface)!
    }

    deinit {
        if !finished {
            cairo_destroy(cairo)
            cairo_surface_finish(surface)
            cairo_surface_destroy(surface)
        }
    }

    public func append(_ document: LaidOutDocument, outline: Outline = .document) {
        if case let .single(title) = outline, let first = document.pages.first {
            addOutline(title, page: pageCount + 1, x: first.body.x, y: first.body.y)
        }
        for page in document.pages {
            cairo_pdf_surface_set_size(surface, page.width, page.height)
            PagePainter.paint(page, on: cairo, fonts: fonts)
            pageCount += 1
            if case .document = outline {
                for case let .bookmark(bookmark) in page.items {
                    addOutline(bookmark.title, page: pageCount, x: page.body.x, y: bookmark.y)
                }
            }
            cairo_show_page(cairo)
        }
    }

    /// No link tags: Cairo 1.16 writes a damaged file for them. Outline entries are fine.
    func addOutline(_ title: String, page: Int, x: Double, y: Double) {
        let target = String(format: "page=%d pos=[%.2f %.2f]", page, x, y)
        _ = cairo_pdf_surface_add_outline(
            surface, Int32(CAIRO_PDF_OUTLINE_ROOT), title, target, cairo_pdf_outline_flags_t(0))
    }

    public func finish() throws {
        finished = true
        cairo_destroy(cairo)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard pageCount > 0 else {
            throw RenderError(
                Message("no-pages", en: "nothing to write: the document has no pages", zh: "没有可写的内容：文档没有页面"))
        }
        try sink.commit(status, kind: "PDF")
    }
}
