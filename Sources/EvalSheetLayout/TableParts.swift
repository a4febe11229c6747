import EvalSheetModel

public enum VerticalAlignment: Sendable { case top, middle }

public struct TableCell {
    public var column: Int
    public var columnSpan: Int
    public var content: CellContent
    /// What a later page shows when the cell continues there (a label with `（续）`); nil: blank.
    public var continuation: CellContent?
    public var verticalAlignment: VerticalAlignment
    public var role: String
    public var isContinuation = false
    /// Head rows the cell spans, in a two-row head (a column's head beside a group's); body cells that
    /// span rows are `SpanCell`s instead, which a page break can split.
    public var headRowSpan = 1
    /// The sides drawn (agreed with the neighbours' in the logical table); all four unless the form says.
    public var rules = CellRules.all
    /// Room inside this cell, in points, when the form gives the cell its own; nil: the grid's.
    public var paddingX: Double?
    public var paddingY: Double?

    public init(
        column: Int, columnSpan: Int = 1, content: CellContent, continuation: CellContent? = nil,
        verticalAlignment: VerticalAlignment = .middle, role: String
    ) {
        self.column = column; self.columnSpan = columnSpan; self.content = content
        self.continuation = continuation; self.verticalAlignment = verticalAlignment; self.role = role
    }

    /// Room left and right of the text.
    func insetX(_ grid: TableGrid) -> Double { paddingX ?? grid.paddingX }
    /// Room above and below the text.
    func insetY(_ grid: TableGrid) -> Double { paddingY ?? grid.paddingY }
    /// The cell's height with its text and padding.
    func naturalHeight(_ grid: TableGrid) -> Double { content.height + 2 * insetY(grid) }

    /// The fragment shown on a following page.
    var continued: TableCell {
        var cell = self
        cell.content = continuation ?? .empty
        cell.isContinuation = true
        return cell
    }
}

public struct TableRow {
    public var cells: [TableCell]
    /// Index of the row in the whole table (lead, head and body rows counted together).
    public var sourceIndex: Int
    /// Outline entry emitted where the row starts.
    public var bookmark: String?
    /// The lower part of a row split between lines.
    public var isSplitPart = false
    /// Never separated by a page break from the row before it.
    public var keepsWithPrevious: Bool

    public init(cells: [TableCell], sourceIndex: Int, bookmark: String? = nil, keepsWithPrevious: Bool = false) {
        self.cells = cells; self.sourceIndex = sourceIndex; self.bookmark = bookmark;
        self.keepsWithPrevious = keepsWithPrevious
    }
}

extension TableRow {
    /// The tallest of its cells with their padding (a row's part above a break).
    func height(_ grid: TableGrid) -> Double { cells.map { $0.naturalHeight(grid) }.max() ?? 0 }
    /// The most room any of its cells keeps above and below its text.
    func insetY(_ grid: TableGrid) -> Double { cells.map { $0.insetY(grid) }.max() ?? grid.paddingY }
}

/// A cell merged over several body rows (rowspan), by index into the fragment's rows.
public struct SpanCell {
    public var cell: TableCell
    public var first: Int
    public var last: Int
    /// The rows it spans in the whole table, for parity with the HTML.
    public var sourceFirst: Int
    public var sourceLast: Int

    public init(cell: TableCell, first: Int, last: Int, sourceFirst: Int, sourceLast: Int) {
        self.cell = cell; self.first = first; self.last = last
        self.sourceFirst = sourceFirst; self.sourceLast = sourceLast
    }
}

public struct TableGrid: Sendable {
    public var widths: [Double]
    public var paddingX: Double
    public var paddingY: Double
    public var ruleWidth: Double
    public var frameWidth: Double
    public var minimumRowHeight: Double

    public init(
        widths: [Double], paddingX: Double, paddingY: Double, ruleWidth: Double, frameWidth: Double,
        minimumRowHeight: Double
    ) {
        self.widths = widths; self.paddingX = paddingX; self.paddingY = paddingY
        self.ruleWidth = ruleWidth; self.frameWidth = frameWidth; self.minimumRowHeight = minimumRowHeight
    }

    public var totalWidth: Double { widths.reduce(0, +) }

    public func x(of column: Int) -> Double { widths[..<column].reduce(0, +) }

    public func width(from column: Int, span: Int) -> Double { widths[column..<(column + span)].reduce(0, +) }
}
