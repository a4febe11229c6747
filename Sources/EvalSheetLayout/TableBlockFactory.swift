import EvalSheetModel
import EvalSheetTables

/// Turns a logical table into a paginating `TableBlock`: shapes every cell in the style its kind
/// calls for and turns row spans into merged cells.
struct TableBlockFactory {
    let setter: Typesetter
    let baseGrid: TableGrid
    private var grid: TableGrid

    init(setter: Typesetter, grid: TableGrid) {
        self.setter = setter
        baseGrid = grid
        self.grid = grid
    }

    var style: PageStyle { setter.style }

    /// Widens a column that is narrower than a word or number it must hold (English labels on an English
    /// or bilingual sheet), taking the room from columns that have more than they need.
    func adapted(_ table: LogicalTable) -> TableGrid {
        var needs = Array(repeating: 0.0, count: baseGrid.widths.count)
        for cell in (table.lead + table.head + table.body).flatMap(\.cells) where cell.columnSpan == 1 {
            for spec in specs(cell) {
                // Chinese breaks anywhere, but a long Chinese text keeps at least four characters a line, a short
                // one two (a label such as 项目基本情况), a single character one: room given to a long number in
                // the next column once left a goals table's title 6.9 pt, narrower than a character (found by
                // the property tests' goals tables).
                let wide = spec.text.unicodeScalars.filter(TextPreparation.isWide).count
                let characters = wide > 8 ? 4.0 : Double(min(wide, 2))
                if characters > 0 {
                    needs[cell.column] = max(
                        needs[cell.column], characters * spec.font.size + 2 * insetX(cell) + 0.5)
                }
                for token in Self.unbreakableTokens(spec.text) {
                    let measured = setter.context.shaper.shape(
                        ParagraphSpec(spans: [TextSpan(token)], font: spec.font, lineHeight: spec.lineHeight),
                        width: 10_000)
                    let width = (measured.lines.map(\.width).max() ?? 0) + 2 * insetX(cell) + 0.5
                    needs[cell.column] = max(needs[cell.column], width)
                }
            }
        }
        var widths = baseGrid.widths
        let deficit = zip(widths, needs).reduce(0) { $0 + max(0, $1.1 - $1.0) }
        guard deficit > 0 else { return baseGrid }
        let surplus = zip(widths, needs).map { max(0, $0.0 - max($0.1, 0)) }
        let available = surplus.reduce(0, +)
        guard available > 0 else { return baseGrid }
        // When the room is short of what every column needs, the columns short by least are widened first, so
        // that as many words as the room allows stay whole (an English sheet whose project's English name took
        // room its heads needed: short by 6 pt of 86, it had broken every head as Budg|et, Alloc|ation).
        var widened = Array(repeating: 0.0, count: widths.count)
        var left = min(deficit, available)
        for index in widths.indices.filter({ needs[$0] > widths[$0] }).sorted(by: {
            (needs[$0] - widths[$0], $0) < (needs[$1] - widths[$1], $1)
        }) {
            widened[index] = min(left, needs[index] - widths[index])
            left -= widened[index]
        }
        let given = min(deficit, available)
        for index in widths.indices {
            widths[index] += widened[index] - (needs[index] > widths[index] ? 0 : surplus[index] / available * given)
        }
        var adapted = baseGrid
        adapted.widths = widths
        return adapted
    }

    /// Runs of text that may not be broken: Latin words and numbers (CJK breaks anywhere; a compound
    /// such as `Self-Evaluation` may break after its hyphen).
    static func unbreakableTokens(_ text: String) -> [String] {
        var tokens: [String] = [], current = ""
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || TextPreparation.isWide(scalar) {
                if current.count > 1 { tokens.append(current) }
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
                if scalar == "-" || scalar == "/" {
                    if current.count > 1 { tokens.append(current) }
                    current = ""
                }
            }
        }
        if current.count > 1 { tokens.append(current) }
        return tokens
    }

    func make(_ table: LogicalTable) -> TableBlock {
        var factory = self
        factory.grid = adapted(table)
        return factory.build(table)
    }

    private func build(_ table: LogicalTable) -> TableBlock {
        var sourceIndex = 0
        func plainRow(_ row: LogicalRow) -> TableRow {
            defer { sourceIndex += 1 }
            return TableRow(cells: row.cells.map(cell), sourceIndex: sourceIndex, bookmark: row.bookmark)
        }
        let lead = table.lead.map(plainRow)
        let head = table.head.map { row -> TableRow in
            var plain = plainRow(row)
            for (index, logical) in row.cells.enumerated() { plain.cells[index].headRowSpan = logical.rowSpan }
            return plain
        }
        var rows: [TableRow] = []
        var spans: [SpanCell] = []
        let first = sourceIndex
        for (index, row) in table.body.enumerated() {
            var cells: [TableCell] = []
            for logical in row.cells {
                if logical.rowSpan > 1 {
                    spans.append(
                        SpanCell(
                            cell: cell(logical), first: index, last: index + logical.rowSpan - 1,
                            sourceFirst: first + index, sourceLast: first + index + logical.rowSpan - 1))
                } else {
                    cells.append(cell(logical))
                }
            }
            rows.append(
                TableRow(
                    cells: cells, sourceIndex: first + index, bookmark: row.bookmark,
                    keepsWithPrevious: row.keepsWithPrevious))
        }
        var block = TableBlock(id: table.id, grid: grid, lead: lead, head: head, rows: rows, spans: spans)
        block.splitRowsTallerThan = table.splitRowsTallerThan
        return block
    }

    /// Room left and right of a cell's text, in points: its own padding, else the grid's.
    func insetX(_ logical: LogicalCell) -> Double {
        logical.padding?.x.map { $0 * PageStyle.millimetre } ?? baseGrid.paddingX
    }

    func cell(_ logical: LogicalCell) -> TableCell {
        let width = grid.width(from: logical.column, span: logical.columnSpan) - 2 * insetX(logical)
        let continuation = logical.continuation.map {
            setter.content(
                setter.specs($0, setter.table(logical.kind == .sectionLabel ? style.sectionLabel : style.cell)),
                width: width, field: logical.source)
        }
        var content = setter.content(specs(logical), width: width, field: logical.source)
        if let image = logical.image { content.append(image, width: width, gap: style.paragraphSpacing) }
        var cell = TableCell(
            column: logical.column, columnSpan: logical.columnSpan, content: content,
            continuation: continuation, verticalAlignment: logical.kind == .narrative ? .top : .middle,
            role: logical.role)
        cell.rules = logical.rules
        cell.paddingX = logical.padding?.x.map { $0 * PageStyle.millimetre }
        cell.paddingY = logical.padding?.y.map { $0 * PageStyle.millimetre }
        return cell
    }

    func specs(_ logical: LogicalCell) -> [ParagraphSpec] {
        switch (logical.kind, logical.content) {
        case let (_, .paragraphs(paragraphs)):
            return paragraphs.map { setter.narrative($0, style.narrative, justify: style.justifyNarrative) }
        case let (_, .titled(title, subtitle)):
            return setter.specs(title, setter.table(style.sectionLabel))
                + (subtitle.map { setter.specs($0, setter.table(style.notes)) } ?? [])
        case let (.line, .text(text)):
            return Language.split(text).map {
                setter.narrative(
                    Paragraph(runs: [.init(text: $0, bold: false)]), style.cell, justify: false, indent: false)
            }
        case let (kind, .text(text)) where logical.alignment != nil:
            // The template's alignment, in the kind's type.
            guard !text.isEmpty, let alignment = logical.alignment else { return [] }
            let type =
                kind == .head
                ? style.header : kind == .notes ? style.notes : kind == .sectionLabel ? style.sectionLabel : style.cell
            return setter.specs(
                text, setter.table(type), alignment: alignment == .start ? .start : alignment == .end ? .end : .center)
        case let (kind, .text(text)):
            guard !text.isEmpty else { return [] }
            switch kind {
            case .head: return setter.specs(text, setter.table(style.header))
            case .notes: return setter.specs(text, setter.table(style.notes), alignment: .start, justify: true)
            default: return setter.specs(text, setter.table(style.cell))
            }
        }
    }
}
