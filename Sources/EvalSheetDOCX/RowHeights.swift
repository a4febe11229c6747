import EvalSheetModel
import EvalSheetTables

/// Rough heights of rows, without a shaper: Word paginates the document itself, and only needs to be
/// told which rows must not split and which rows stay together. A row or group estimated taller than a
/// share of the text block may split, as the PDF splits tall rows between lines; otherwise Word would push
/// a whole bilingual group to the next page and leave most of a page empty (measured with LibreOffice on
/// the reference sheet in zh-en: 12 pages instead of the PDF's 9 before this estimate).
struct RowHeights {
    let page: PageStyle
    /// Each block's column widths in points, scaled to the text block.
    let columns: [Double]

    func lines(_ text: String, size: Double, width: Double) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, line in
            total + max(1, Int((Advances.ems(line) * size / max(width, size)).rounded(.up)))
        }
    }

    func height(_ cell: LogicalCell) -> Double {
        let width =
            columns[cell.column..<min(columns.count, cell.column + cell.columnSpan)].reduce(0, +) - 2
            * page.cellPaddingX
        func text(_ value: String, _ style: PageStyle.TextStyle) -> Double {
            Language.split(value).enumerated().reduce(0) { sum, part in
                let size = part.offset == 0 ? style.size : Language.secondLanguageSize(style.size)
                return sum + Double(lines(part.element, size: size, width: width)) * size * style.lineHeight
            }
        }
        let content: Double
        switch cell.content {
        case let .text(value):
            content = text(value, cell.kind == .notes ? page.notes : cell.kind == .head ? page.header : page.cell)
        case let .titled(title, subtitle):
            content = text(title, page.sectionLabel) + (subtitle.map { text($0, page.notes) } ?? 0)
        case let .paragraphs(paragraphs):
            content = paragraphs.reduce(0) { $0 + text($1.plainText, page.narrative) + page.paragraphSpacing }
        }
        let image = cell.image.map { $0.points(within: width).height } ?? 0
        return (cell.image?.overText == true ? max(content, image) : content + image) + 2 * page.cellPaddingY
    }

    /// A row's height: its tallest cell among those that end in it.
    func height(_ row: LogicalRow) -> Double {
        row.cells.filter { $0.rowSpan == 1 }.map(height).max() ?? page.cell.size * page.cell.lineHeight
    }

    var bodyHeight: Double { page.pageHeight - page.margins.top - page.margins.bottom }

    /// Rows up to the table's part of a page (a quarter) move whole; taller ones may split between lines.
    func mayNotSplit(_ row: LogicalRow, in table: LogicalTable) -> Bool {
        height(row) < bodyHeight * table.splitRowsTallerThan
    }

    /// Groups up to a third of a page are kept on one page.
    func keepsTogether(_ rows: ArraySlice<LogicalRow>) -> Bool { rows.reduce(0) { $0 + height($1) } < bodyHeight / 3 }
}
