import EvalSheetModel

/// Turns a logical table into a paginating `TableBlock`: shapes every cell in the style its kind
/// calls for and turns row spans into merged cells.
struct TableBlockFactory {
    let setter: Typesetter
    let grid: TableGrid

    var style: PageStyle { setter.style }

    func make(_ table: LogicalTable) -> TableBlock {
        var sourceIndex = 0
        func plainRow(_ row: LogicalRow) -> TableRow {
            defer { sourceIndex += 1 }
            return TableRow(cells: row.cells.map(cell), sourceIndex: sourceIndex, bookmark: row.bookmark)
        }
        let lead = table.lead.map(plainRow)
        let head = table.head.map(plainRow)
        var rows: [TableRow] = []
        var spans: [SpanCell] = []
        let first = sourceIndex
        for (index, row) in table.body.enumerated() {
            var cells: [TableCell] = []
            for logical in row.cells {
                if logical.rowSpan > 1 {
                    spans.append(SpanCell(cell: cell(logical), first: index, last: index + logical.rowSpan - 1,
                                          sourceFirst: first + index, sourceLast: first + index + logical.rowSpan - 1))
                } else {
                    cells.append(cell(logical))
                }
            }
            rows.append(TableRow(cells: cells, sourceIndex: first + index, bookmark: row.bookmark))
        }
        return TableBlock(id: table.id, grid: grid, lead: lead, head: head, rows: rows, spans: spans)
    }

    func cell(_ logical: LogicalCell) -> TableCell {
        let width = grid.innerWidth(from: logical.column, span: logical.columnSpan)
        let continuation = logical.continuation.map {
            setter.content([setter.spec($0, logical.kind == .sectionLabel ? style.sectionLabel : style.cell)],
                           width: width, field: logical.source)
        }
        return TableCell(column: logical.column, columnSpan: logical.columnSpan,
                         content: setter.content(specs(logical), width: width, field: logical.source),
                         continuation: continuation, verticalAlignment: logical.kind == .narrative ? .top : .middle,
                         role: logical.role)
    }

    func specs(_ logical: LogicalCell) -> [ParagraphSpec] {
        switch (logical.kind, logical.content) {
        case let (_, .paragraphs(paragraphs)):
            return paragraphs.map { setter.narrative($0, style.narrative, justify: style.justifyNarrative) }
        case let (_, .titled(title, subtitle)):
            return [setter.spec(title, style.sectionLabel)] + (subtitle.map { [setter.spec($0, style.notes)] } ?? [])
        case let (.line, .text(text)):
            return [setter.narrative(Paragraph(runs: [.init(text: text, bold: false)]), style.cell, justify: false, indent: false)]
        case let (kind, .text(text)):
            guard !text.isEmpty else { return [] }
            switch kind {
            case .head: return [setter.spec(text, style.header)]
            case .notes: return [setter.spec(text, style.notes, alignment: .start)]
            default: return [setter.spec(text, style.cell)]
            }
        }
    }
}
