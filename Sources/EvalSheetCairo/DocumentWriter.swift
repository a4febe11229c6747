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
        guard let first = document.pages.first else { throw RenderError("nothing to write: the document has no pages") }
        let writer = try PDFWriter(url: url, metadata: document.metadata, firstPageSize: (first.width, first.height))
        writer.append(document)
        try writer.finish()
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
