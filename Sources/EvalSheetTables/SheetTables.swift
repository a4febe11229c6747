import EvalSheetModel

/// The sheet's tables as a backend-neutral structure: rows of cells with their spans, roles, texts
/// and kinds of text. The PDF layout measures and paginates it; the HTML writes it as `<table>`; both
/// therefore have the same rows, spans and texts.
public struct LogicalTable: Sendable {
    public var id: String
    public var columnCount: Int
    /// Rows printed once where the table starts (the header row of project fields).
    public var lead: [LogicalRow]
    /// Column heads, repeated on every page.
    public var head: [LogicalRow]
    public var body: [LogicalRow]
    /// The table's column widths (millimetres, scaled to the text block), from its template (a block's: the
    /// style's, cut at the header grid's edges where it has one); every table of a sheet has them. nil: a table
    /// made elsewhere (the volume's contents), on the style's widths for its block.
    public var widths: [Double]?
    /// Lines of text printed before the table (a template's `line:` items: 二、绩效评价指标评分).
    public var linesBefore: [LogicalLine] = []
    /// Printed after the form's gap between tables, not joined to the table above.
    public var standsApart = false
    /// The HTML class of a block's table (`score`, `opinion joined`); nil for a template's own (`grid`).
    public var className: String?
    /// A row at most this part of the page's text height moves to the next page whole; a taller one may split
    /// between its lines (PDF, and Word's "allow row to break across pages").
    public var splitRowsTallerThan = TemplateTable.defaultSplitRowsTallerThan

    public init(id: String, columnCount: Int, lead: [LogicalRow], head: [LogicalRow], body: [LogicalRow]) {
        self.id = id; self.columnCount = columnCount; self.lead = lead; self.head = head; self.body = body
    }
}

/// A line of text outside the tables, its bindings filled.
public struct LogicalLine: Sendable, Equatable {
    public var text: String
    public var alignment: FreeLine.Alignment
    public init(text: String, alignment: FreeLine.Alignment) { self.text = text; self.alignment = alignment }
}

public struct LogicalRow: Sendable {
    public var cells: [LogicalCell]
    /// Outline entry for the row (a narrative section).
    public var bookmark: String?
    /// Never separated by a page break from the row before it (declared by the form: `keepWithPrevious`).
    public var keepsWithPrevious: Bool

    public init(cells: [LogicalCell], bookmark: String? = nil, keepsWithPrevious: Bool = false) {
        self.cells = cells; self.bookmark = bookmark; self.keepsWithPrevious = keepsWithPrevious
    }
}

/// An image in a cell: at most `size` (millimetres), its shape kept, centred; below the cell's text (a
/// signature under its name line), or over it (a seal, stamped over the words 单位盖章 that ask for it).
public struct CellImage: Sendable {
    public var image: SignOffImage
    public var size: SignOffField.ImageSize
    public var overText: Bool
    /// What the image shows, for readers that cannot see it (the field's label: 单位盖章).
    public var description: String
    public init(image: SignOffImage, size: SignOffField.ImageSize, overText: Bool, description: String) {
        self.image = image; self.size = size; self.overText = overText; self.description = description
    }

    /// The printed size in millimetres: as large as `size` allows with the image's shape kept (a backend
    /// narrows it further to its cell).
    public var printedSize: SignOffField.ImageSize {
        let scale = min(size.width / Double(image.pixelWidth), size.height / Double(image.pixelHeight))
        return .init(width: Double(image.pixelWidth) * scale, height: Double(image.pixelHeight) * scale)
    }

    /// The printed size in points, narrowed to `width` points (its cell's inner width) with its shape kept.
    public func points(within width: Double) -> (width: Double, height: Double) {
        let printed = printedSize
        let scale = PageStyle.millimetre * min(1, width / (printed.width * PageStyle.millimetre))
        return (printed.width * scale, printed.height * scale)
    }
}

public struct LogicalCell: Sendable {
    /// What kind of text a cell holds (the template cell's kind).
    public typealias Kind = CellKind

    public enum Content: Sendable, Equatable {
        case text(String)
        case titled(title: String, subtitle: String?)
        case paragraphs([Paragraph])
    }

    public var column: Int
    public var columnSpan: Int
    public var rowSpan: Int
    public var role: String
    public var kind: Kind
    public var content: Content
    /// The text a later page shows when the cell continues there (`存在问题（续）`); nil: blank.
    public var continuation: String?
    /// The field the text comes from (`scores.pm-rules`, `narrative.problems`, `form.indicators.process`), for messages.
    public var source: String
    /// The evaluation field the cell shows whole and an editor may change in place (`scores.pm-rules`,
    /// `funds.central.budget`); nil for labels, composed texts and computed figures.
    public var field: String?
    /// An image printed below the text (a seal, a signature).
    public var image: CellImage?
    /// Where its text stands across the cell, when the template says (`align:`); nil: as its kind sets it.
    public var alignment: FreeLine.Alignment?
    /// The sides the cell rules (`rules:`); a side it shares is drawn where either cell rules it.
    public var rules = CellRules.all
    /// Room inside the cell, in millimetres, when the template says (`padding:`); nil: the style's.
    public var padding: CellPadding?

    public init(
        column: Int, columnSpan: Int = 1, rowSpan: Int = 1, role: String, kind: Kind, content: Content,
        continuation: String? = nil, source: String
    ) {
        self.column = column; self.columnSpan = columnSpan; self.rowSpan = rowSpan
        self.role = role; self.kind = kind; self.content = content; self.continuation = continuation
        self.source = source
    }

    /// All the cell's text, paragraphs joined by line breaks.
    public var plainText: String {
        switch content {
        case let .text(text): return text
        case let .titled(title, subtitle): return subtitle.map { "\(title)\n\($0)" } ?? title
        case let .paragraphs(paragraphs): return paragraphs.map(\.plainText).joined(separator: "\n")
        }
    }
}
