import CPangoCairo
import Foundation

/// A Cairo image surface decoded (by libpng, through Cairo) from a PNG file's bytes held in memory.
enum PNGSurface {
    private final class Reader {
        let bytes: [UInt8]
        var offset = 0
        init(_ data: Data) { bytes = [UInt8](data) }
    }

    /// The decoded image, or nil when Cairo cannot decode it (the caller destroys the surface).
    static func make(_ data: Data) -> OpaquePointer? {
        let reader = Reader(data)
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream(
                { closure, buffer, length in
                    guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
                    let reader = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
                    let count = Int(length)
                    guard count <= reader.bytes.count - reader.offset else { return CAIRO_STATUS_READ_ERROR }
                    _ = reader.bytes.withUnsafeBufferPointer { memcpy(buffer, $0.baseAddress! + reader.offset, count) }
                    reader.offset += count
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(reader).toOpaque())
        }
        guard let surface else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        return surface
    }
}
