import EvalSheetModel
import EvalSheetTables

/// One Word table made of one or more logical tables of the sheet. Blocks that the PDF joins into one
/// ruled table (funds, goals, indicators, signatures) share a Word table; their column grids differ,
/// so the Word grid is the union of their column edges and each cell spans the grid columns between
/// its own edges (`w:gridSpan`). Rows merged downwards are `w:vMerge`; every row covers the whole grid.
struct WordTable {
    struct Part {
        var table: LogicalTable
        /// The block's column widths in the form's units; scaled to the text block.
        var widths: [Double]
    }

    var parts: [Part]
    let page: PageStyle
    /// The sheet's images (seals, signatures), numbered for the whole document.
    var images = WordImages([])
    /// The table's top frame: false where it joins the table above.
    var topFrame = true
    /// The table's bottom frame: false where the next table joins it.
    var bottomFrame = true

    var width: Int { WordML.twips(page.contentWidth) }

    /// The column edges of a block in twips from the table's left edge, rounded once so that equal edges
    /// of different blocks coincide.
    func edges(_ widths: [Double]) -> [Int] {
        let total = max(1, widths.reduce(0, +))
        var sum = 0.0
        return [0]
            + widths.map {
                sum += $0; return Int((sum / total * Double(width)).rounded())
            }
    }

    var gridEdges: [Int] { Array(Set(parts.flatMap { edges($0.widths) })).sorted() }

    /// Rows repeated at the top of every page: the first part's lead and head rows, when it has heads
    /// (Word repeats only rows at the very top of a table, so a sheet's project rows repeat with them).
    var repeatedRows: Int {
        guard let first = parts.first, !first.table.head.isEmpty else { return 0 }
        return first.table.lead.count + first.table.head.count
    }

    func xml() -> String {
        let grid = gridEdges
        let frame = WordML.eighths(page.frameWidth), rule = WordML.eighths(page.ruleWidth)
        func border(_ side: String, _ size: Int?) -> String {
            size.map { "<w:\(side) w:val=\"single\" w:sz=\"\($0)\" w:space=\"0\" w:color=\"000000\"/>" }
                ?? "<w:\(side) w:val=\"nil\"/>"
        }
        // Above and below, the padding less half a rule: LibreOffice (as Word) adds the rule between two rows to
        // their height, and a row of one line printed 19.2 pt high against the PDF's 18.67 (13 pt line, 2 × 2.83
        // pt padding, the 0.5 pt rule drawn on the edge); now 18.7, and a table of 30 rows no longer runs 15 pt
        // further down the page than the PDF's.
        let padX = WordML.twips(page.cellPaddingX), padY = WordML.twips(max(0, page.cellPaddingY - page.ruleWidth / 2))
        var xml =
            "<w:tbl><w:tblPr><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>"
            + border("top", topFrame ? frame : rule) + border("left", frame)
            + border("bottom", bottomFrame ? frame : nil)
            + border("right", frame) + border("insideH", rule) + border("insideV", rule)
            + "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"\(padY)\" w:type=\"dxa\"/>"
            + "<w:left w:w=\"\(padX)\" w:type=\"dxa\"/><w:bottom w:w=\"\(padY)\" w:type=\"dxa\"/><w:right w:w=\"\(padX)\" w:type=\"dxa\"/>"
            + "</w:tblCellMar><w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for index in 1..<grid.count { xml += "<w:gridCol w:w=\"\(grid[index] - grid[index - 1])\"/>" }
        xml += "</w:tblGrid>"
        var rowIndex = 0
        for part in parts {
            let edges = edges(part.widths)
            let rows = part.table.lead + part.table.head + part.table.body
            let total = max(1, part.widths.reduce(0, +))
            let heights = RowHeights(page: page, columns: part.widths.map { $0 / total * page.contentWidth })
            let kept = keptRows(rows, heights: heights)
            var below: [Int: MergedCell] = [:]  // cells merged into the rows below, by first column
            for (index, row) in rows.enumerated() {
                xml += self.row(
                    row, edges: edges, grid: grid, below: &below, header: rowIndex < repeatedRows,
                    splittable: !heights.mayNotSplit(row, in: part.table)
                        || row.cells.contains { $0.kind == .narrative },
                    keepNext: kept.contains(index) || index < part.table.lead.count + part.table.head.count,
                    columnCount: part.table.columnCount)
                rowIndex += 1
            }
        }
        return xml + "</w:tbl>"
    }

    /// Rows kept with the next one: inside a merged group short enough to keep on one page, so that Word
    /// does not split it (it cannot repeat its label on the next page, see README), and the closing short
    /// rows of a table.
    func keptRows(_ rows: [LogicalRow], heights: RowHeights) -> Set<Int> {
        var kept = Set<Int>()
        // The short rows after the last narrative (recommendation, sign-off) stay together, so that a page
        // never holds a lone 日期 row.
        let narrative = rows.lastIndex { $0.cells.contains { $0.kind == .narrative } }
        if let narrative, narrative + 1 < rows.count - 1 { kept.formUnion((narrative + 1)..<(rows.count - 1)) }
        for (index, row) in rows.enumerated() {
            for cell in row.cells
            where cell.rowSpan > 1 && heights.keepsTogether(rows[index..<min(rows.count, index + cell.rowSpan)]) {
                for inside in index..<(index + cell.rowSpan - 1) { kept.insert(inside) }
            }
        }
        return kept
    }

    /// A cell merged into the rows below: the columns it spans, the rows it still covers, and its own sides
    /// and padding, which the merged cells below repeat (Word draws a merged cell's sides from each of its parts).
    struct MergedCell {
        var span: Int
        var left: Int
        var look: String
    }

    /// A cell's own sides and padding (`rules:`, `padding:`), in the order `w:tcPr` wants them: the sides it
    /// leaves open (`nil`: Word draws a shared border where either cell has one, as the PDF does) and its
    /// margins, less half a rule above and below as the table's.
    func ownLook(_ cell: LogicalCell) -> String {
        var xml = ""
        if cell.rules != .all {
            xml += "<w:tcBorders>"
            for (name, side) in CellRules.sides where !cell.rules.contains(side) { xml += "<w:\(name) w:val=\"nil\"/>" }
            xml += "</w:tcBorders>"
        }
        if let padding = cell.padding {
            let x = WordML.twips(padding.x.map { $0 * PageStyle.millimetre } ?? page.cellPaddingX)
            let y = WordML.twips(
                max(0, (padding.y.map { $0 * PageStyle.millimetre } ?? page.cellPaddingY) - page.ruleWidth / 2))
            xml +=
                "<w:tcMar><w:top w:w=\"\(y)\" w:type=\"dxa\"/><w:left w:w=\"\(x)\" w:type=\"dxa\"/>"
                + "<w:bottom w:w=\"\(y)\" w:type=\"dxa\"/><w:right w:w=\"\(x)\" w:type=\"dxa\"/></w:tcMar>"
        }
        return xml
    }

    func row(
        _ row: LogicalRow, edges: [Int], grid: [Int], below: inout [Int: MergedCell], header: Bool,
        splittable: Bool, keepNext: Bool, columnCount: Int
    ) -> String {
        func gridSpan(_ column: Int, _ span: Int) -> (span: Int, width: Int) {
            let start = edges[min(column, edges.count - 1)], end = edges[min(column + span, edges.count - 1)]
            let first = grid.firstIndex(of: start) ?? 0, last = grid.firstIndex(of: end) ?? grid.count - 1
            return (max(1, last - first), end - start)
        }
        func cellProperties(_ column: Int, _ span: Int, merge: String?, look: String = "", alignment: String)
            -> String
        {
            let (gridColumns, width) = gridSpan(column, span)
            return "<w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                + (gridColumns > 1 ? "<w:gridSpan w:val=\"\(gridColumns)\"/>" : "")
                + (merge ?? "") + look + "<w:vAlign w:val=\"\(alignment)\"/></w:tcPr>"
        }
        func innerWidth(_ cell: LogicalCell) -> Double {
            Double(gridSpan(cell.column, max(1, min(cell.columnSpan, columnCount - cell.column))).width) / 20 - 2
                * (cell.padding?.x.map { $0 * PageStyle.millimetre } ?? page.cellPaddingX)
        }
        // A floating image (a seal) does not make its cell taller: the row is made as tall as the image.
        let floating =
            row.cells.compactMap { cell in
                cell.image.flatMap { $0.overText ? $0.points(within: innerWidth(cell)).height : nil }
            }.max() ?? 0
        let minimum = WordML.twips(max(page.cell.size * page.cell.lineHeight, floating) + 2 * page.cellPaddingY)
        var xml =
            "<w:tr><w:trPr>" + (splittable ? "" : "<w:cantSplit/>")
            + "<w:trHeight w:val=\"\(minimum)\" w:hRule=\"atLeast\"/>"
            + (header ? "<w:tblHeader/>" : "") + "</w:trPr>"
        let cells = row.cells.sorted { $0.column < $1.column }
        var next = 0
        var column = 0
        while column < columnCount {
            if let merged = below[column], merged.left > 0 {
                // The continuation of a cell merged from a row above.
                xml +=
                    "<w:tc>"
                    + cellProperties(
                        column, merged.span, merge: "<w:vMerge/>", look: merged.look, alignment: "center")
                    + "<w:p/></w:tc>"
                below[column] =
                    merged.left > 1 ? MergedCell(span: merged.span, left: merged.left - 1, look: merged.look) : nil
                column += merged.span
                continue
            }
            // Overlapping cells: never in a valid form.
            while next < cells.count && cells[next].column < column { next += 1 }
            if next < cells.count && cells[next].column == column {
                let cell = cells[next]
                next += 1
                let span = max(1, min(cell.columnSpan, columnCount - column))
                let merge = cell.rowSpan > 1 ? "<w:vMerge w:val=\"restart\"/>" : nil
                let look = ownLook(cell)
                if cell.rowSpan > 1 { below[column] = MergedCell(span: span, left: cell.rowSpan - 1, look: look) }
                xml +=
                    "<w:tc>"
                    + cellProperties(
                        column, span, merge: merge, look: look, alignment: cell.kind == .narrative ? "top" : "center")
                    + content(cell, keepNext: keepNext, width: innerWidth(cell)).joined() + "</w:tc>"
                column += span
            } else {
                // A grid position no cell covers: an empty cell keeps the row a full rectangle.
                xml += "<w:tc>" + cellProperties(column, 1, merge: nil, alignment: "center") + "<w:p/></w:tc>"
                column += 1
            }
        }
        return xml + "</w:tr>"
    }

    func content(_ cell: LogicalCell, keepNext: Bool, width: Double) -> [String] {
        var result: [String]
        switch (cell.kind, cell.content) {
        case let (_, .paragraphs(paragraphs)):
            result = paragraphs.enumerated().map { index, paragraph in
                WordML.paragraph(
                    paragraph.runs.map { WordML.Run(text: $0.text, bold: $0.bold) }, .narrative, page: page,
                    alignment: page.justifyNarrative ? nil : "left", keepNext: keepNext,
                    last: index == paragraphs.count - 1, width: width)
            }
        case let (_, .titled(title, subtitle)):
            result =
                WordML.paragraphs(title, .sectionLabel, page: page, keepNext: keepNext, width: width)
                + (subtitle.map {
                    WordML.paragraphs($0, .notes, page: page, alignment: "center", keepNext: keepNext, width: width)
                } ?? [])
        case let (kind, .text(text)):
            let alignment = cell.alignment.map { $0 == .start ? "left" : $0 == .end ? "right" : "center" }
            result = WordML.paragraphs(
                text, style(kind), page: page, alignment: alignment, keepNext: keepNext, width: width)
        }
        if result.isEmpty { result = ["<w:p><w:pPr><w:pStyle w:val=\"\(style(cell.kind).rawValue)\"/></w:pPr></w:p>"] }
        if let image = cell.image {
            let run = images.run(image, width: width, floating: image.overText)
            if image.overText {
                result[0] = String(result[0].dropLast("</w:p>".count)) + run + "</w:p>"
            } else {
                result.append(
                    "<w:p><w:pPr><w:pStyle w:val=\"\(style(cell.kind).rawValue)\"/><w:jc w:val=\"center\"/>"
                        + "<w:spacing w:before=\"\(WordML.twips(page.paragraphSpacing))\"/></w:pPr>\(run)</w:p>")
            }
        }
        return result
    }

    func style(_ kind: LogicalCell.Kind) -> WordML.Style {
        switch kind {
        case .head: return .head
        case .value: return .cell
        case .notes: return .notes
        case .sectionLabel: return .sectionLabel
        case .narrative: return .narrative
        case .line: return .line
        }
    }
}
