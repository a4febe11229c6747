import EvalSheetModel

/// Builds the score table of any form: header row, column heads, one row per leaf indicator with
/// every indicator level and the group total merged over their rows, the subtotal, the deduction
/// block and its subtotal, the total and the grade. Columns come from the form by role.
struct ScoreTableBuilder {
    let text: SheetText
    let setter: Typesetter
    let grid: TableGrid

    var form: Form { text.sheet.form }
    var style: PageStyle { setter.style }

    /// The grid columns of each role, from the form's column list.
    var columns: [ScoreColumn.Role: (start: Int, span: Int)] {
        var result: [ScoreColumn.Role: (Int, Int)] = [:]
        var start = 0
        for column in form.columns {
            result[column.role] = (start, column.span)
            start += column.span
        }
        return result
    }

    var levelRoles: [ScoreColumn.Role] { Array([ScoreColumn.Role.level1, .level2, .level3, .level4].prefix(form.depth)) }

    func cell(_ role: ScoreColumn.Role, _ content: String, _ textStyle: PageStyle.TextStyle, field: String,
              alignment: TextAlignment = .center, through last: ScoreColumn.Role? = nil,
              continuation: String? = nil) -> TableCell? {
        guard let (start, span) = columns[role] else { return nil }
        var width = span
        if let last, let (lastStart, lastSpan) = columns[last] { width = lastStart + lastSpan - start }
        let inner = grid.innerWidth(from: start, span: width)
        let body = setter.content(content, textStyle, width: inner, field: field, alignment: alignment)
        let next = continuation.map { setter.content($0, textStyle, width: inner, field: field, alignment: alignment) }
        return TableCell(column: start, columnSpan: width, content: body, continuation: next, role: role.rawValue)
    }

    func build() -> TableBlock {
        var sourceIndex = 0
        // The header row: label and value cells placed on the grid as the form says.
        var leadCells: [TableCell] = []
        var column = 0
        for field in form.header {
            let labelWidth = grid.innerWidth(from: column, span: field.labelSpan)
            leadCells.append(TableCell(column: column, columnSpan: field.labelSpan,
                                       content: setter.content(text.label(field.label), style.header, width: labelWidth,
                                                               field: "form.header.\(field.id)"),
                                       role: "header-label"))
            column += field.labelSpan
            let valueWidth = grid.innerWidth(from: column, span: field.valueSpan)
            leadCells.append(TableCell(column: column, columnSpan: field.valueSpan,
                                       content: setter.content(text.headerValue(field), style.cell, width: valueWidth,
                                                               field: "header.\(field.id)"),
                                       role: "header-value"))
            column += field.valueSpan
        }
        let lead = TableRow(cells: leadCells, sourceIndex: sourceIndex)
        sourceIndex += 1
        let headCells = form.columns.compactMap { column in
            cell(column.role, text.label(column.label), style.header, field: "form.columns.\(column.role.rawValue)")
        }
        let head = TableRow(cells: headCells, sourceIndex: sourceIndex)
        sourceIndex += 1

        var rows: [TableRow] = []
        var spans: [SpanCell] = []
        func addRow(_ cells: [TableCell?]) {
            rows.append(TableRow(cells: cells.compactMap { $0 }, sourceIndex: sourceIndex))
            sourceIndex += 1
        }
        /// A cell over rows first...last: merged when it covers more than one.
        func place(_ cell: TableCell?, first: Int, last: Int) {
            guard let cell else { return }
            if first == last {
                rows[first].cells.append(cell)
                rows[first].cells.sort { $0.column < $1.column }
            } else {
                spans.append(SpanCell(cell: cell, first: first, last: last,
                                      sourceFirst: rows[first].sourceIndex, sourceLast: rows[last].sourceIndex))
            }
        }

        let leafRole = levelRoles.last!
        for group in form.indicators {
            let groupStart = rows.count
            func walk(_ node: Indicator, level: Int) {
                let start = rows.count
                if node.isLeaf {
                    addRow([
                        cell(leafRole, text.heading(node), style.cell, field: "form.indicators.\(node.id)"),
                        cell(.weight, ExactDecimal.format(node.weight), style.cell, field: "form.indicators.\(node.id).weight"),
                        cell(.notes, node.notes.map(text.label) ?? "", style.notes, field: "form.indicators.\(node.id).notes",
                             alignment: .start),
                        cell(.score, text.score(node), style.cell, field: "scores.\(node.id)"),
                    ])
                    return
                }
                node.children.forEach { walk($0, level: level + 1) }
                let heading = text.heading(node)
                place(cell(levelRoles[level], heading, style.cell, field: "form.indicators.\(node.id)",
                           continuation: text.continued(heading)),
                      first: start, last: rows.count - 1)
            }
            walk(group, level: 0)
            place(cell(.groupTotal, text.figure(text.sheet.indicatorTotals[group.id]), style.cell, field: "total"),
                  first: groupStart, last: rows.count - 1)
        }

        addRow([
            cell(.level1, text.label(form.labels.subtotal), style.cell, field: "subtotal", through: leafRole),
            cell(.weight, text.totalWeight, style.cell, field: "subtotal"),
            cell(.notes, text.label(form.labels.noWeight), style.cell, field: "subtotal"),
            cell(.score, text.figure(text.sheet.subtotal), style.cell, field: "subtotal"),
            cell(.groupTotal, "", style.cell, field: "subtotal"),
        ])

        let deductionStart = rows.count
        let middleRole = levelRoles.count > 2 ? levelRoles[1] : leafRole
        for item in form.deductions.items {
            let nameThrough = levelRoles.count > 2 ? levelRoles[levelRoles.count - 2] : nil
            addRow([
                cell(middleRole, text.heading(item), style.cell, field: "form.deductions.\(item.id)", through: nameThrough),
                levelRoles.count > 2 ? cell(leafRole, text.label(form.deductions.action), style.cell, field: "form.deductions") : nil,
                cell(.weight, ExactDecimal.format(item.cap), style.cell, field: "form.deductions.\(item.id).cap"),
                cell(.notes, text.label(item.notes), style.notes, field: "form.deductions.\(item.id).notes", alignment: .start),
                cell(.score, text.deduction(item), style.cell, field: "deductions.\(item.id)"),
            ])
        }
        if rows.count > deductionStart {
            let title = text.label(form.deductions.title)
            place(cell(.level1, title, style.cell, field: "form.deductions", continuation: text.continued(title)),
                  first: deductionStart, last: rows.count - 1)
            place(cell(.groupTotal, text.figure(text.sheet.deductionTotal), style.cell, field: "deductions"),
                  first: deductionStart, last: rows.count - 1)
        }
        addRow([
            cell(.level1, text.label(form.labels.deductionSubtotal), style.cell, field: "deductions", through: leafRole),
            cell(.weight, text.totalCap, style.cell, field: "deductions"),
            cell(.notes, text.label(form.labels.noWeight), style.cell, field: "deductions"),
            cell(.score, text.figure(text.sheet.deductionTotal), style.cell, field: "deductions"),
            cell(.groupTotal, "", style.cell, field: "deductions"),
        ])
        addRow([
            cell(.level1, text.label(form.labels.total), style.cell, field: "total", through: .score),
            cell(.groupTotal, text.figure(text.sheet.total), style.cell, field: "total"),
        ])
        addRow([
            cell(.level1, text.label(form.grades.caption), style.cell, field: "grade", through: .score),
            cell(.groupTotal, text.gradeName, style.cell, field: "grade"),
        ])
        return TableBlock(id: "score", grid: grid, lead: [lead], head: [head], rows: rows, spans: spans)
    }
}
