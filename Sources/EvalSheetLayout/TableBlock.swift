import EvalSheetModel

/// A table that paginates itself: it breaks between rows or between the lines of a tall row, repeats
/// its head rows on every page, closes merged cells at the page foot and continues them with their
/// continuation label, and keeps small merged groups whole.
public struct TableBlock: Block {
    public var id: String
    public var grid: TableGrid
    /// Rows drawn only where the table starts (the sheet's header row).
    public var lead: [TableRow]
    /// Rows repeated at the top of every page (the column heads).
    public var head: [TableRow]
    public var rows: [TableRow]
    public var spans: [SpanCell]

    let leadHeights: [Double]
    let headHeights: [Double]
    let rowHeights: [Double]
    /// Some cell leaves a side open: the frame is then drawn side by side with the cells.
    let hasOpenSides: Bool

    /// The table's keep rule: rows up to this part of the page's text height move whole (its logical table's,
    /// a quarter unless the form's template says).
    public var splitRowsTallerThan = 0.25
    static let epsilon = 0.001
    static let minimumLinesEachSide = 2

    public init(id: String, grid: TableGrid, lead: [TableRow], head: [TableRow], rows: [TableRow], spans: [SpanCell]) {
        self.id = id; self.grid = grid; self.lead = lead; self.head = head; self.rows = rows; self.spans = spans
        func natural(_ row: TableRow) -> Double {
            row.cells.reduce(grid.minimumRowHeight) { max($0, $1.naturalHeight(grid)) }
        }
        leadHeights = lead.map(natural)
        headHeights = Self.headHeights(head, grid: grid)
        var heights = rows.map(natural)
        // A merged cell taller than its rows stretches the last of them; inner spans first.
        for span in spans.sorted(by: { ($0.last - $0.first) < ($1.last - $1.first) }) {
            let needed = span.cell.naturalHeight(grid)
            let have = heights[span.first...span.last].reduce(0, +)
            if needed > have { heights[span.last] += needed - have }
        }
        rowHeights = heights
        func open(_ rows: [TableRow]) -> Bool { rows.contains { $0.cells.contains { $0.rules != .all } } }
        hasOpenSides = open(lead) || open(head) || open(rows) || spans.contains { $0.cell.rules != .all }
    }

    /// Each head row as tall as its own cells; a head spanning two rows (beside a group's) stretches the
    /// last of them when it is taller than both.
    static func headHeights(_ head: [TableRow], grid: TableGrid) -> [Double] {
        var heights = head.map { row in
            row.cells.filter { $0.headRowSpan == 1 }.reduce(grid.minimumRowHeight) { max($0, $1.naturalHeight(grid)) }
        }
        for (index, row) in head.enumerated() {
            for cell in row.cells where cell.headRowSpan > 1 {
                let last = min(head.count, index + cell.headRowSpan) - 1
                let needed = cell.naturalHeight(grid)
                let have = heights[index...last].reduce(0, +)
                if needed > have { heights[last] += needed - have }
            }
        }
        return heights
    }

    var leadHeight: Double { leadHeights.reduce(0, +) }
    var headHeight: Double { headHeights.reduce(0, +) }
    public var height: Double { leadHeight + headHeight + rowHeights.reduce(0, +) }

    func rowsHeight(_ range: Range<Int>) -> Double { rowHeights[range].reduce(0, +) }

    // MARK: Splitting

    public func split(available: Double, context: SplitContext) -> BlockSplit {
        if height <= available + Self.epsilon || rows.isEmpty { return .fits }
        var used = leadHeight + headHeight
        var fitting = 0
        while fitting < rows.count, used + rowHeights[fitting] <= available + Self.epsilon {
            used += rowHeights[fitting]
            fitting += 1
        }
        // Only a tall row is split between its lines; a short one moves to the next page whole.
        let tall =
            fitting < rows.count
            && (rowHeights[fitting] > context.pageBodyHeight * splitRowsTallerThan
                || rowHeights[fitting] + headHeight > context.pageBodyHeight)
        if tall, let parts = splitRow(fitting, height: available - used, minimumLines: Self.minimumLinesEachSide),
            spansHold(splitting: fitting, topHeight: parts.top.height(grid), context: context)
        {
            return splitInside(row: fitting, top: parts.top, bottom: parts.bottom)
        }
        var breakRow = keepGroupsTogether(breakingBefore: fitting, context: context)
        // Rows the form keeps with the row before them: the break moves up to the first of the chain; a tall
        // row at its head (the last narrative) sends its last lines over with the chain.
        if breakRow > 0 && breakRow < rows.count && rows[breakRow].keepsWithPrevious {
            var chainStart = breakRow
            while chainStart > 0 && rows[chainStart].keepsWithPrevious { chainStart -= 1 }
            let before = leadHeight + headHeight + rowsHeight(0..<chainStart)
            // Where the tallest cell's last two lines start: the upper part ends above them.
            let carried =
                rows[chainStart].cells.map {
                    $0.content.lines.suffix(Self.minimumLinesEachSide).first.map { $0.y } ?? 0
                }.max() ?? 0
            if rowHeights[chainStart] > context.pageBodyHeight * splitRowsTallerThan, carried > 0,
                let parts = splitRow(
                    chainStart, height: min(available - before, carried + 2 * rows[chainStart].insetY(grid)),
                    minimumLines: Self.minimumLinesEachSide),
                spansHold(splitting: chainStart, topHeight: parts.top.height(grid), context: context)
            {
                return splitInside(row: chainStart, top: parts.top, bottom: parts.bottom)
            }
            if chainStart > 0 { breakRow = chainStart }
        }
        if breakRow == 0 {
            guard context.isTopOfPage else { return .deferToNextPage }
            // A page must take something: honour the rules as far as the page allows.
            if fitting > 0 {
                breakRow = fitting
            } else if let parts = splitRow(0, height: available - used, minimumLines: 1) {
                return splitInside(row: 0, top: parts.top, bottom: parts.bottom)
            } else {
                return rows.count > 1 ? splitBefore(row: 1) : .fits
            }
        }
        return splitBefore(row: breakRow)
    }

    /// Moves a break that falls inside a merged group back when the first fragment cannot hold the
    /// group's label, or when either fragment would be a single row of a group that fits on a page by
    /// itself: a lone last row pulls one more row over with it; a lone first row goes over whole.
    func keepGroupsTogether(breakingBefore start: Int, context: SplitContext) -> Int {
        var breakRow = start
        var moved = true
        while moved && breakRow > 0 {
            moved = false
            for span in spans where span.first < breakRow && span.last >= breakRow {
                let needed = span.cell.naturalHeight(grid)
                let fragment = rowsHeight(span.first..<breakRow)
                let groupFitsOnAPage = rowsHeight(span.first..<(span.last + 1)) + headHeight <= context.pageBodyHeight
                let loneFirst = breakRow - span.first == 1
                let loneLast = span.last == breakRow
                var target: Int?
                if fragment + Self.epsilon < needed || (loneFirst && groupFitsOnAPage) {
                    target = span.first
                } else if loneLast && groupFitsOnAPage {
                    target = breakRow - span.first >= 3 ? breakRow - 1 : span.first
                }
                if let target {
                    breakRow = target
                    moved = true
                    break
                }
            }
        }
        return breakRow
    }

    /// Splits row `index` between lines so that its upper part is at most `height` tall.
    func splitRow(_ index: Int, height: Double, minimumLines: Int) -> (top: TableRow, bottom: TableRow)? {
        guard index < rows.count else { return nil }
        let row = rows[index]
        var top = row, bottom = row
        bottom.isSplitPart = true
        var anySplit = false
        for (position, cell) in row.cells.enumerated() {
            let room = height - 2 * cell.insetY(grid)
            guard room > 0 else { return nil }
            if cell.content.height <= room + Self.epsilon {
                bottom.cells[position] = cell.continued
            } else if let (upper, lower) = cell.content.split(at: room, minimumLines: minimumLines) {
                top.cells[position].content = upper
                bottom.cells[position].content = lower
                bottom.cells[position].isContinuation = true
                anySplit = true
            } else {
                return nil
            }
        }
        return anySplit ? (top, bottom) : nil
    }

    /// Whether splitting row `index` between lines respects the merged groups it belongs to: each keeps
    /// room for its label above the break, and none that fits on a page is left as a lone partial row.
    /// `topHeight`: the row's part above the break, padding included.
    func spansHold(splitting index: Int, topHeight: Double, context: SplitContext) -> Bool {
        for span in spans where span.first <= index && span.last >= index {
            let needed = span.cell.naturalHeight(grid)
            let have = rowsHeight(span.first..<index) + topHeight
            if have + Self.epsilon < needed { return false }
            let lonelyRow = index == span.first || index == span.last
            let groupFitsOnAPage = rowsHeight(span.first..<(span.last + 1)) + headHeight <= context.pageBodyHeight
            if lonelyRow && groupFitsOnAPage && span.first < span.last { return false }
        }
        return true
    }

    func splitBefore(row index: Int) -> BlockSplit { split(at: index, inside: nil) }

    func splitInside(row index: Int, top: TableRow, bottom: TableRow) -> BlockSplit {
        split(at: index, inside: (top, bottom))
    }

    /// The table cut before row `index`, or through it (`inside`: the row's part above the cut ends the first
    /// fragment, its part below opens the second). A merged cell over the cut is closed in the first fragment
    /// and continues (`（续）`) in the second.
    func split(at index: Int, inside: (top: TableRow, bottom: TableRow)?) -> BlockSplit {
        // The last row the first fragment holds, whole or in part.
        let last = inside == nil ? index - 1 : index
        let headSpans = spans.filter { $0.first <= last }.map { span -> SpanCell in
            var copy = span
            copy.last = min(span.last, last)
            return copy
        }
        let tailSpans = spans.filter { $0.last >= index }.map { span -> SpanCell in
            var copy = span
            if span.first <= last { copy.cell = span.cell.continued }
            copy.first = max(span.first, index) - index
            copy.last = span.last - index
            return copy
        }
        let headRows = Array(rows[..<index]) + (inside.map { [$0.top] } ?? [])
        let tailRows = (inside.map { [$0.bottom] } ?? []) + Array(rows[(inside == nil ? index : index + 1)...])
        return .split(
            head: fragment(headRows, headSpans, withLead: true), tail: fragment(tailRows, tailSpans, withLead: false))
    }

    func fragment(_ rows: [TableRow], _ spans: [SpanCell], withLead: Bool) -> TableBlock {
        var part = TableBlock(id: id, grid: grid, lead: withLead ? lead : [], head: head, rows: rows, spans: spans)
        part.splitRowsTallerThan = splitRowsTallerThan
        return part
    }

    // MARK: Drawing

    public func draw(at origin: Point, on page: inout PageBuilder) {
        // A table whose cells all rule their four sides gets its frame as one box; otherwise the frame runs
        // only along the sides its edge cells rule (a signature row printed open under the table).
        let open = hasOpenSides
        let outline =
            open ? Rect(x: origin.x, y: origin.y, width: grid.totalWidth, height: height) : nil
        var y = origin.y
        for (row, height) in zip(lead, leadHeights) {
            drawRow(row, top: y, height: height, originX: origin.x, isHead: true, outline: outline, on: &page)
            y += height
        }
        for (index, row) in head.enumerated() {
            drawRow(
                row, top: y, height: headHeights[index], originX: origin.x, isHead: true, outline: outline, on: &page
            ) { cell in
                headHeights[index..<min(head.count, index + cell.headRowSpan)].reduce(0, +)
            }
            y += headHeights[index]
        }
        var tops: [Double] = []
        for height in rowHeights {
            tops.append(y)
            y += height
        }
        // Each row draws its merged cells first and then its own, left to right, so that the content
        // stream (and so text extraction and screen readers) reads the sheet row by row.
        for (index, row) in rows.enumerated() {
            if let bookmark = row.bookmark, !row.isSplitPart { page.bookmark(bookmark, y: tops[index], level: 1) }
            let starting = spans.filter { $0.first == index }
            var order: [(column: Int, draw: (inout PageBuilder) -> Void)] = []
            for span in starting {
                let frame = Rect(
                    x: origin.x + grid.x(of: span.cell.column), y: tops[index],
                    width: grid.width(from: span.cell.column, span: span.cell.columnSpan),
                    height: tops[span.last] + rowHeights[span.last] - tops[index])
                order.append(
                    (
                        span.cell.column,
                        { page in
                            self.drawCell(
                                span.cell, frame: frame, row: span.sourceFirst,
                                rowSpan: span.sourceLast - span.sourceFirst + 1, isHead: false, outline: outline,
                                on: &page)
                        }
                    ))
            }
            for cell in row.cells {
                let frame = Rect(
                    x: origin.x + grid.x(of: cell.column), y: tops[index],
                    width: grid.width(from: cell.column, span: cell.columnSpan), height: rowHeights[index])
                order.append(
                    (
                        cell.column,
                        { page in
                            self.drawCell(
                                cell, frame: frame, row: row.sourceIndex, rowSpan: 1, isHead: false, outline: outline,
                                on: &page)
                        }
                    ))
            }
            for entry in order.sorted(by: { $0.column < $1.column }) { entry.draw(&page) }
        }
        if !open {
            page.box(
                Rect(x: origin.x, y: origin.y, width: grid.totalWidth, height: y - origin.y), width: grid.frameWidth)
        }
    }

    /// `spannedHeight`: a cell's height when it spans head rows; nil: every cell is the row's height.
    func drawRow(
        _ row: TableRow, top: Double, height: Double, originX: Double, isHead: Bool, outline: Rect?,
        on page: inout PageBuilder, spannedHeight: ((TableCell) -> Double)? = nil
    ) {
        for cell in row.cells {
            let frame = Rect(
                x: originX + grid.x(of: cell.column), y: top,
                width: grid.width(from: cell.column, span: cell.columnSpan),
                height: spannedHeight?(cell) ?? height)
            drawCell(
                cell, frame: frame, row: row.sourceIndex, rowSpan: cell.headRowSpan, isHead: isHead, outline: outline,
                on: &page)
        }
    }

    /// `outline`: the table's frame when it is drawn side by side with the cells (some cell leaves a side
    /// open); nil when it is one box.
    func drawCell(
        _ cell: TableCell, frame: Rect, row: Int, rowSpan: Int, isHead: Bool, outline: Rect?,
        on page: inout PageBuilder
    ) {
        if cell.rules == .all {
            page.box(frame, width: grid.ruleWidth)
        } else {
            drawSides(cell.rules, of: frame, width: grid.ruleWidth, on: &page)
        }
        if let outline {
            // The sides on the table's edge take the frame's width too.
            let epsilon = 0.01
            var edge = CellRules()
            if abs(frame.y - outline.y) < epsilon { edge.insert(.top) }
            if abs(frame.maxY - outline.maxY) < epsilon { edge.insert(.bottom) }
            if abs(frame.x - outline.x) < epsilon { edge.insert(.left) }
            if abs(frame.maxX - outline.maxX) < epsilon { edge.insert(.right) }
            drawSides(edge.intersection(cell.rules), of: frame, width: grid.frameWidth, on: &page)
        }
        page.cell(
            CellBox(
                frame: frame, table: id, row: row, rowSpan: rowSpan, column: cell.column,
                columnSpan: cell.columnSpan, role: cell.role, text: cell.content.text,
                isContinuation: cell.isContinuation, isHead: isHead, rules: cell.rules))
        let insetX = cell.insetX(grid), insetY = cell.insetY(grid)
        let inner = Rect(
            x: frame.x + insetX, y: frame.y + insetY, width: frame.width - 2 * insetX,
            height: frame.height - 2 * insetY)
        let top = cell.verticalAlignment == .middle ? frame.y + (frame.height - cell.content.height) / 2 : inner.y
        page.text(cell.content, at: Point(x: inner.x, y: top), container: inner)
    }

    func drawSides(_ sides: CellRules, of frame: Rect, width: Double, on page: inout PageBuilder) {
        if sides.contains(.top) {
            page.rule(from: Point(x: frame.x, y: frame.y), to: Point(x: frame.maxX, y: frame.y), width: width)
        }
        if sides.contains(.bottom) {
            page.rule(from: Point(x: frame.x, y: frame.maxY), to: Point(x: frame.maxX, y: frame.maxY), width: width)
        }
        if sides.contains(.left) {
            page.rule(from: Point(x: frame.x, y: frame.y), to: Point(x: frame.x, y: frame.maxY), width: width)
        }
        if sides.contains(.right) {
            page.rule(from: Point(x: frame.maxX, y: frame.y), to: Point(x: frame.maxX, y: frame.maxY), width: width)
        }
    }
}
