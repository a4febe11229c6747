/// The printed look of a form, read from `Layouts/<id>/style.yaml`. Lengths are in points here;
/// the file gives page geometry in millimetres and type sizes in points.
public struct PageStyle: Sendable {
    public struct Insets: Sendable {
        public var top, right, bottom, left: Double
    }

    public struct TextStyle: Sendable {
        /// A family name as fontconfig knows it; official names such as 宋体 or 黑体 are aliases.
        public var family: String
        public var size: Double
        public var bold: Bool
        /// Line height as a multiple of the size.
        public var lineHeight: Double
    }

    public var pageWidth: Double
    public var pageHeight: Double
    public var margins: Insets
    public var title: TextStyle
    public var header: TextStyle  // the header-row labels and column heads
    public var cell: TextStyle  // names, figures, values
    public var notes: TextStyle  // 评分说明
    public var narrative: TextStyle
    public var sectionLabel: TextStyle  // 总体评价, 存在问题…
    public var footer: TextStyle
    public var titleSpaceAfter: Double
    public var tableGap: Double
    public var cellPaddingX: Double
    public var cellPaddingY: Double
    public var paragraphSpacing: Double
    public var firstLineIndent: Double  // in ems
    public var justifyNarrative: Bool
    public var ruleWidth: Double
    public var frameWidth: Double
    /// Width of each grid column of the score table; header cells and score columns span these.
    public var gridColumns: [Double]
    /// Label column and content column of the narrative table.
    public var narrativeColumns: [Double]
    /// Column widths of the other blocks a form may have (funds, goals, signatures).
    public var blockColumns: [SheetBlock: [Double]] = [:]

    /// The header rows' own grid, when they do not sit on the grid of the table they open.
    public var headerColumns: [Double]?

    /// Room left and right of a narrative's text (总体评价, 存在问题 …), in points: `narrativePaddingX`, else
    /// `defaultNarrativePaddingX` or the cells' own if that is more. Measured on the reference sheet: with the
    /// cells' 1.3 mm (3.7 pt) a page of narrative nearly touched its rules; Word's default cell margin, which the
    /// official sheets were typed with, is 1.9 mm, and Typst's default inset 2.5 mm (7.1 pt).
    public var narrativePaddingX: Double?
    public static let defaultNarrativePaddingX = 2.5 * millimetre
    public var narrativeInsetX: Double { narrativePaddingX ?? max(cellPaddingX, Self.defaultNarrativePaddingX) }

    /// The style with the tables' text (heads, cells, notes, section labels) at the size a sheet in `language`
    /// sets it (`Language.tableTextScale`: smaller in English), as the PDF's layout sets it; for the outputs that
    /// pass sizes on (HTML, DOCX).
    public func scaledTables(for language: Language) -> PageStyle {
        var style = self
        for keyPath in [\PageStyle.header, \.cell, \.notes, \.sectionLabel] {
            style[keyPath: keyPath].size = (style[keyPath: keyPath].size * language.tableTextScale * 10).rounded() / 10
        }
        return style
    }

    /// The column widths of a block's table.
    public func columns(for block: SheetBlock) -> [Double] {
        switch block {
        case .indicators: return gridColumns
        case .opinion: return narrativeColumns
        default: return blockColumns[block] ?? narrativeColumns
        }
    }

    public var contentWidth: Double { pageWidth - margins.left - margins.right }

    public static let millimetre = 72.0 / 25.4
}
