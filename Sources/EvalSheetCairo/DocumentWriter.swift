import CPangoCairo
import EvalSheetLayout
import EvalSheetModel
import Foundation

public struct RenderError: MessageError {
    public var message: Message
    public init(_ message: Message) { self.message = message }
}

/// Writes a laid-out document as PDF or PNG pages. Every file is written to a temporary name beside
/// the target and renamed into place, so a failure never leaves a partial file or touches an old one.
public enum DocumentWriter {
    public static func writePDF(_ document: LaidOutDocument, to url: URL, fonts: CairoFontFaces = CairoFontFaces())
        throws
    {
        guard let first = document.pages.first else {
            throw RenderError(
                Message("no-pages", en: "nothing to write: the document has no pages", zh: "没有可写的内容：文档没有页面"))
        }
        let writer = try PDFWriter(
            url: url, metadata: document.metadata, firstPageSize: (first.width, first.height), fonts: fonts)
        writer.append(document)
        try writer.finish()
    }

    /// One PNG per page: `name-1.png`, `name-2.png`, … Returns the files written.
    @discardableResult
    public static func writePNG(
        _ document: LaidOutDocument, to url: URL, dpi: Double,
        fonts: CairoFontFaces = CairoFontFaces()
    ) throws -> [URL] {
        var written: [URL] = []
        let stem = url.deletingPathExtension().lastPathComponent
        for (index, page) in document.pages.enumerated() {
            let target = url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(index + 1).png")
            let sink = try FileSink(for: target)
            guard let surface = imageSurface(page, dpi: dpi, fonts: fonts) else {
                throw RenderError(
                    Message(
                        "cannot-create-image", en: "\(target.path): cannot create an image at \(dpi) dpi",
                        zh: "\(target.path)：无法生成 \(dpi) dpi 的图片"))
            }
            let status = cairo_surface_write_to_png_stream(surface, sink.callback, sink.closure)
            cairo_surface_destroy(surface)
            try sink.commit(status, kind: "PNG")
            written.append(target)
        }
        return written
    }
}
