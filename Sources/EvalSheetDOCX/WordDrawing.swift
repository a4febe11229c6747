import EvalSheetModel
import EvalSheetTables
import Foundation

/// Pictures in a Word document (DrawingML, ECMA-376 Part 1 §20.4): the seal and signature images of a
/// sheet, each PNG stored once as `word/media/imageN.png` and referred to by relationship `rIdImageN`.
struct WordImages {
    /// The images in order of appearance, by their bytes.
    private(set) var numbers: [Data: Int] = [:]
    private(set) var files: [Data] = []

    init(_ tables: [LogicalTable]) {
        for cell in tables.flatMap({ ($0.lead + $0.head + $0.body).flatMap(\.cells) }) {
            guard let image = cell.image, numbers[image.image.data] == nil else { continue }
            files.append(image.image.data)
            numbers[image.image.data] = files.count
        }
    }

    var relationships: String {
        files.indices.map {
            "<Relationship Id=\"rIdImage\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image\($0 + 1).png\"/>"
        }.joined()
    }

    var parts: [(name: String, data: Data)] {
        files.enumerated().map { ("word/media/image\($0.offset + 1).png", $0.element) }
    }

    static let namespaces =
        "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
        + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        + "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""

    /// English Metric Units: 36,000 a millimetre.
    static func emu(millimetres: Double) -> Int { Int((millimetres * 36_000).rounded()) }

    /// A run holding the image at its printed size (narrowed to `width` points): inline in its own
    /// paragraph (a signature below its name line), or floating over the cell's first paragraph, centred
    /// in the column and in front of the text (a seal over 单位盖章), as the PDF paints it.
    func run(_ image: CellImage, width: Double, floating: Bool) -> String {
        guard let number = numbers[image.image.data] else { return "" }
        let size = image.points(within: width)
        let cx = Self.emu(millimetres: size.width / PageStyle.millimetre),
            cy = Self.emu(millimetres: size.height / PageStyle.millimetre)
        let description = MarkupEscaping.escape(image.description)
        let graphic =
            "<wp:docPr id=\"\(number)\" name=\"Image \(number)\" descr=\"\(description)\"/>"
            + "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
            + "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
            + "<pic:nvPicPr><pic:cNvPr id=\"\(number)\" name=\"image\(number).png\" descr=\"\(description)\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill><a:blip r:embed=\"rIdImage\(number)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(cx)\" cy=\"\(cy)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic>"
        let drawing: String
        if floating {
            drawing =
                "<wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" simplePos=\"0\" relativeHeight=\"\(251_659_264 + number)\" "
                + "behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>"
                + "<wp:positionH relativeFrom=\"column\"><wp:align>center</wp:align></wp:positionH>"
                + "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>"
                + "<wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapNone/>"
                + graphic + "</wp:anchor>"
        } else {
            drawing =
                "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/>"
                + "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>" + graphic + "</wp:inline>"
        }
        return "<w:r><w:drawing>\(drawing)</w:drawing></w:r>"
    }
}
