import EvalSheetModel
import EvalSheetTables

/// The display list: pages of positioned boxes. Exporters paint it; tests check its geometry.
public struct LaidOutDocument {
    public var pages: [Page]
    public var metadata: DocumentMetadata
    /// Characters without a glyph, with the field they came from.
    public var missingGlyphs: [MissingGlyph]
    /// Content that could not be placed inside the text block (a block that cannot split and is taller
    /// than a page): an error for the renderer to report, never a silent overflow.
    public var overflows: [LayoutOverflow] = []
    /// Each table's column widths as laid out, by the table's id (`score`, `funds`, a template table's id):
    /// the form's, widened where an English word or a number would not fit. A flow backend (DOCX) uses them
    /// so that its columns match the PDF's.
    public var columnWidths: [String: [Double]] = [:]

    public init(pages: [Page], metadata: DocumentMetadata, missingGlyphs: [MissingGlyph]) {
        self.pages = pages; self.metadata = metadata; self.missingGlyphs = missingGlyphs
    }
}

/// Content drawn below the text block's foot because nothing allowed a break: what and by how much.
public struct LayoutOverflow: Sendable, Hashable {
    public var field: String
    /// The height of the text, in points.
    public var height: Double
    /// How far it runs below the foot of the text block, in points.
    public var excess: Double
}

public struct MissingGlyph: Sendable, Hashable {
    public var character: Character
    public var field: String
    public var scalarCode: String {
        character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
    }
}

public struct Page {
    public var width: Double
    public var height: Double
    public var items: [PageItem]
    /// The text block inside the margins.
    public var body: Rect

    public init(width: Double, height: Double, items: [PageItem], body: Rect) {
        self.width = width; self.height = height; self.items = items; self.body = body
    }
}

public enum PageItem {
    case text(TextBox)
    case rule(Rule)
    case cell(CellBox)
    case bookmark(Bookmark)
    case image(ImageBox)
}

/// An image at its absolute position (a seal or a signature in its cell), painted from its PNG bytes.
public struct ImageBox {
    public var frame: Rect
    /// The cell's inner box the image must stay inside.
    public var container: Rect
    /// The input field the image comes from (`signoff.seal`).
    public var field: String
    public var image: SignOffImage
}

/// One laid-out line of text at its absolute position.
public struct TextBox {
    /// The line box (advance width × line height).
    public var frame: Rect
    public var baselineY: Double
    public var text: String
    /// The input field the text comes from.
    public var field: String
    public var font: FontSpec
    /// The box the line must stay inside: its cell's inner box, or the text block.
    public var container: Rect
    public var line: ShapedLine
    /// Whether this is the first line of a paragraph (where the indent applies).
    public var startsParagraph: Bool
    public var indent: Double
}

public struct Rule: Hashable {
    public var from: Point
    public var to: Point
    public var width: Double
    public init(from: Point, to: Point, width: Double) { self.from = from; self.to = to; self.width = width }
}

/// A table cell as placed on a page: the unit of the HTML parity and overlap tests.
public struct CellBox {
    public var frame: Rect
    public var table: String
    /// Row index of the first row in the table's full (unsplit) row list, and the rows it spans on this page.
    public var row: Int
    public var rowSpan: Int
    public var column: Int
    public var columnSpan: Int
    public var role: String
    /// The cell's full text (not just the part on this page).
    public var text: String
    /// Whether this is a continuation fragment (`（续）`).
    public var isContinuation: Bool
    public var isHead: Bool
    /// The sides its rules draw (all four unless the form opens some).
    public var rules = CellRules.all
}

public struct Bookmark {
    public var title: String
    public var y: Double
    public var level: Int
}
