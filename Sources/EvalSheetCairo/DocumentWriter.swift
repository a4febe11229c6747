import CPangoCairo
import EvalSheetLayout
import EvalSheetModel
import Foundation

public struct RenderError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes a laid-out document as PDF or PNG pages. Every file is written to a temporary name beside
/// the target and renamed into place, so a failure never leaves a partial file or touches an old one.
public enum DocumentWriter {
    public static func writePDF(_ document: LaidOutDocument, to url: URL) throws {
        let temporary = AtomicFile.temporaryURL(for: url)
        defer { try? FileManager.default.removeItem(at: temporary) }
        guard let first = document.pages.first else { throw RenderError("nothing to write: the document has no pages") }
        guard let surface = cairo_pdf_surface_create(temporary.path, first.width, first.height) else {
            throw RenderError("\(url.path): cannot create the PDF")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw RenderError("\(url.path): cannot write here (\(reason))")
        }
        let metadata = document.metadata
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        // Both dates set: Cairo 1.16 otherwise stamps the wall clock and the bytes change on every run.
        let date = "\(metadata.date)T00:00:00"
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
        let cairo = cairo_create(surface)!
        for (index, page) in document.pages.enumerated() {
            cairo_pdf_surface_set_size(surface, page.width, page.height)
            PagePainter.paint(page, on: cairo)
            for case let .bookmark(bookmark) in page.items {
                // No link tags: Cairo 1.16 writes a damaged file for them. Outline entries are fine.
                let target = String(format: "page=%d pos=[%.2f %.2f]", index + 1, page.body.x, bookmark.y)
                _ = cairo_pdf_surface_add_outline(surface, Int32(CAIRO_PDF_OUTLINE_ROOT), bookmark.title, target,
                                                  cairo_pdf_outline_flags_t(0))
            }
            cairo_show_page(cairo)
        }
        cairo_destroy(cairo)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError("\(url.path): writing the PDF failed (\(String(cString: cairo_status_to_string(status))))")
        }
        try AtomicFile.commit(temporary, to: url)
    }

    /// One PNG per page: `name-1.png`, `name-2.png`, … Returns the files written.
    @discardableResult
    public static func writePNG(_ document: LaidOutDocument, to url: URL, dpi: Double) throws -> [URL] {
        let scale = dpi / 72
        var written: [URL] = []
        let stem = url.deletingPathExtension().lastPathComponent
        for (index, page) in document.pages.enumerated() {
            let target = url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(index + 1).png")
            let temporary = AtomicFile.temporaryURL(for: target)
            defer { try? FileManager.default.removeItem(at: temporary) }
            let width = Int32((page.width * scale).rounded(.up)), height = Int32((page.height * scale).rounded(.up))
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height) else {
                throw RenderError("\(target.path): cannot create an image of \(width)×\(height)")
            }
            let cairo = cairo_create(surface)!
            cairo_set_source_rgb(cairo, 1, 1, 1)
            cairo_paint(cairo)
            cairo_scale(cairo, scale, scale)
            PagePainter.paint(page, on: cairo)
            cairo_destroy(cairo)
            let status = cairo_surface_write_to_png(surface, temporary.path)
            cairo_surface_destroy(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw RenderError("\(target.path): writing the PNG failed (\(String(cString: cairo_status_to_string(status))))")
            }
            try AtomicFile.commit(temporary, to: target)
            written.append(target)
        }
        return written
    }
}
