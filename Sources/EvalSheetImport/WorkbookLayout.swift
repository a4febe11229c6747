import EvalSheetModel
import Foundation
import XMLCoder

/// A worksheet as drawn, for drafting a sheet template from it: each cell's text where it stands (a merged
/// range's text in its first cell only), the merged ranges, the columns' widths, and which cells are bold
/// and which are ruled (a border on any side: the cells of a table, not a line of text between tables), with
/// the sides each has its own border on.
public struct WorkbookLayout: Sendable {
    public struct Range: Sendable, Equatable {
        public var top: Int, left: Int, bottom: Int, right: Int
    }
    public var rows: [[String]]
    public var merges: [Range]
    /// Column widths in Excel's units (characters of the default font); nil where the sheet gives none.
    public var widths: [Double?]
    public var bold: Set<Int>
    public var ruled: Set<Int>
    /// The sides a ruled cell has its own border on (Excel draws a line between two cells when either has it).
    public var sides: [Int: CellRules] = [:]
    /// Cells set flush left (a line of text inside a table: 经常性项目(√)一次性项目()).
    public var leftAligned: Set<Int> = []
    /// Cells set right (amounts, as some sheets print them): drafted with `align: end`.
    public var rightAligned: Set<Int> = []

    public var width: Int { max(rows.map(\.count).max() ?? 0, (merges.map(\.right).max() ?? -1) + 1) }

    /// A cell's key in `bold` and `ruled`.
    public static func key(_ row: Int, _ column: Int) -> Int { row * 4096 + column }

    public func text(_ row: Int, _ column: Int) -> String {
        row < rows.count && column < rows[row].count ? rows[row][column] : ""
    }

    /// The sides of the cell or merged range at `range` a line is drawn on, as Excel draws it: where a cell along
    /// the side has its border there or its neighbour across the side has the opposite one.
    public func drawnSides(_ range: Range) -> CellRules {
        func has(_ row: Int, _ column: Int, _ side: CellRules) -> Bool {
            sides[Self.key(row, column)]?.contains(side) ?? false
        }
        let columns = range.left...range.right, rows = range.top...range.bottom
        var drawn = CellRules()
        if columns.contains(where: { has(range.top, $0, .top) || (range.top > 0 && has(range.top - 1, $0, .bottom)) }) {
            drawn.insert(.top)
        }
        if columns.contains(where: { has(range.bottom, $0, .bottom) || has(range.bottom + 1, $0, .top) }) {
            drawn.insert(.bottom)
        }
        if rows.contains(where: { has($0, range.left, .left) || (range.left > 0 && has($0, range.left - 1, .right)) }) {
            drawn.insert(.left)
        }
        if rows.contains(where: { has($0, range.right, .right) || has($0, range.right + 1, .left) }) {
            drawn.insert(.right)
        }
        return drawn
    }

    /// The merged range whose first cell is here; nil for a cell of its own.
    public func merge(at row: Int, _ column: Int) -> Range? { merges.first { $0.top == row && $0.left == column } }

    /// Whether a cell lies inside a merged range but is not its first cell.
    public func isCovered(_ row: Int, _ column: Int) -> Bool {
        merges.contains {
            $0.top <= row && row <= $0.bottom && $0.left <= column && column <= $0.right
                && !($0.top == row && $0.left == column)
        }
    }

    public static func read(_ url: URL, sheet: String? = nil) throws -> WorkbookLayout {
        let workbook = try XLSXReader.open(url)
        return try workbook.layout(sheet ?? workbook.names.first ?? "")
    }

    struct StyleSheet: Decodable {
        struct Bold: Decodable {}
        struct Font: Decodable { var b: Bold? }
        struct Fonts: Decodable { var font: [Font]? }
        struct Side: Decodable { var style: String? }
        struct Border: Decodable { var left: Side?; var right: Side?; var top: Side?; var bottom: Side? }
        struct Borders: Decodable { var border: [Border]? }
        struct Alignment: Decodable { var horizontal: String? }
        struct Format: Decodable { var fontId: Int?; var borderId: Int?; var alignment: Alignment? }
        struct Formats: Decodable { var xf: [Format]? }
        var fonts: Fonts?
        var borders: Borders?
        var cellXfs: Formats?

        func isBold(_ style: Int) -> Bool {
            guard let format = cellXfs?.xf?[safe: style], let font = fonts?.font?[safe: format.fontId ?? 0] else {
                return false
            }
            return font.b != nil
        }

        func isLeftAligned(_ style: Int) -> Bool { cellXfs?.xf?[safe: style]?.alignment?.horizontal == "left" }
        func isRightAligned(_ style: Int) -> Bool { cellXfs?.xf?[safe: style]?.alignment?.horizontal == "right" }

        /// The sides a cell style draws a border on.
        func sides(_ style: Int) -> CellRules {
            guard let format = cellXfs?.xf?[safe: style], let border = borders?.border?[safe: format.borderId ?? 0]
            else { return [] }
            let drawn: [(Side?, CellRules)] = [
                (border.top, .top), (border.bottom, .bottom), (border.left, .left), (border.right, .right)
            ]
            return drawn.reduce(into: CellRules()) { sides, pair in
                if let style = pair.0?.style, style != "none" { sides.insert(pair.1) }
            }
        }
    }

    static func read(
        _ chosen: XLSXReader.Workbook.Sheet, relations: XLSXReader.Relationships?, data: (String) throws -> Data?,
        decoder: XMLDecoder
    ) throws -> WorkbookLayout {
        let worksheet = try XLSXReader.worksheet(chosen, relations: relations, data: data, decoder: decoder)
        let styles = (try data("xl/styles.xml")).flatMap { try? decoder.decode(StyleSheet.self, from: $0) }
        var layout = WorkbookLayout(rows: [], merges: [], widths: [], bold: [], ruled: [])
        for (r, c, value, style) in try XLSXReader.cells(worksheet, data: data, decoder: decoder) {
            while layout.rows.count <= r { layout.rows.append([]) }
            while layout.rows[r].count <= c { layout.rows[r].append("") }
            layout.rows[r][c] = value
            if let style, let styles {
                if styles.isBold(style) { layout.bold.insert(key(r, c)) }
                let sides = styles.sides(style)
                if !sides.isEmpty {
                    layout.ruled.insert(key(r, c))
                    layout.sides[key(r, c)] = sides
                }
                if styles.isLeftAligned(style) { layout.leftAligned.insert(key(r, c)) }
                if styles.isRightAligned(style) { layout.rightAligned.insert(key(r, c)) }
            }
        }
        for merge in worksheet.mergeCells?.mergeCell ?? [] {
            let corners = merge.ref.split(separator: ":").compactMap { SpreadsheetTable.position(String($0)) }
            guard corners.count == 2, corners[1].row < 100_000, corners[1].column < 2_000 else { continue }
            layout.merges.append(
                Range(top: corners[0].row, left: corners[0].column, bottom: corners[1].row, right: corners[1].column))
        }
        for column in worksheet.cols?.col ?? [] where column.min >= 1 && column.max <= 2_000 && column.min <= column.max
        {
            while layout.widths.count < column.max { layout.widths.append(nil) }
            for index in (column.min - 1)..<column.max { layout.widths[index] = column.width }
        }
        return layout
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
