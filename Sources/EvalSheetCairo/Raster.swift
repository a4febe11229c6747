import CPangoCairo
import EvalSheetLayout

/// A greyscale raster of a page (0 = black, 255 = white), painted directly by Cairo: no PDF involved.
public struct GrayImage {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// Darkness summed over a rectangle of pixels.
    public func ink(x: Int, y: Int, width w: Int, height h: Int) -> Int {
        var total = 0
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { total += 255 - Int(self[column, row]) }
        }
        return total
    }

    /// Parses a binary PGM (P5), as `pdftoppm -gray` writes.
    public static func pgm(_ bytes: [UInt8]) -> GrayImage? {
        var fields: [Int] = []
        var index = 2
        guard bytes.count > 2, bytes[0] == 0x50, bytes[1] == 0x35 else { return nil }
        while fields.count < 3, index < bytes.count {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            { index += 1 }
            if index < bytes.count, bytes[index] == 0x23 {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }; continue
            }
            var value = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 0x30); index += 1
            }
            fields.append(value)
        }
        index += 1
        guard fields.count == 3, fields[2] == 255, bytes.count - index >= fields[0] * fields[1] else { return nil }
        return GrayImage(
            width: fields[0], height: fields[1], pixels: Array(bytes[index..<(index + fields[0] * fields[1])]))
    }
}

extension DocumentWriter {
    /// A page painted on a white image surface at `dpi` (the caller destroys the surface).
    static func imageSurface(_ page: Page, dpi: Double, fonts: CairoFontFaces = CairoFontFaces()) -> OpaquePointer? {
        let scale = dpi / 72
        let width = Int32((page.width * scale).rounded(.up)), height = Int32((page.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cairo = cairo_create(surface)
        else { return nil }
        cairo_set_source_rgb(cairo, 1, 1, 1)
        cairo_paint(cairo)
        cairo_scale(cairo, scale, scale)
        PagePainter.paint(page, on: cairo, fonts: fonts)
        cairo_destroy(cairo)
        cairo_surface_flush(surface)
        return surface
    }

    /// Paints a page on an image surface at `dpi` and returns it as greyscale.
    public static func rasterize(_ page: Page, dpi: Double) -> GrayImage {
        let surface = imageSurface(page, dpi: dpi)!
        let width = cairo_image_surface_get_width(surface), height = cairo_image_surface_get_height(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var pixels = [UInt8](repeating: 255, count: Int(width) * Int(height))
        for y in 0..<Int(height) {
            let row = data + y * stride
            for x in 0..<Int(width) {
                let pixel = row + x * 4  // xRGB, little-endian: B G R x
                let gray = (Int(pixel[0]) * 11 + Int(pixel[1]) * 59 + Int(pixel[2]) * 30) / 100
                pixels[y * Int(width) + x] = UInt8(gray)
            }
        }
        cairo_surface_destroy(surface)
        return GrayImage(width: Int(width), height: Int(height), pixels: pixels)
    }
}
