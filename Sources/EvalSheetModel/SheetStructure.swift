import Foundation

/// Builds the logical tables of any form: the score table (header row, column heads, one row per leaf
/// with every indicator level and the group total merged over their rows, subtotal, deduction block,
/// deduction subtotal, total, grade) and the opinion table (sections, recommendation, sign-off).
/// Columns are placed by role, from the form's column list.
public struct SheetStructure {
    public let text: SheetText

    /// Where each column role starts and how many grid columns it spans; computed once (building it for
    /// every cell was 1.3 % of a batch's time).
    let columns: [ScoreColumn.Role: (start: Int, span: Int)]

    public init(_ text: SheetText) {
        self.text = text
        columns = text.sheet.form.columnPositions
    }

    var form: Form { text.sheet.form }

    var levelRoles: [ScoreColumn.Role] { form.levelRoles }

    func cell(_ role: ScoreColumn.Role, _ content: String, _ kind: LogicalCell.Kind = .value, source: String,
              through last: ScoreColumn.Role? = nil, continuation: String? = nil) -> LogicalCell? {
        guard let (start, span) = columns[role] else { return nil }
        var width = span
        if let last, let (lastStart, lastSpan) = columns[last] { width = lastStart + lastSpan - start }
        return LogicalCell(column: start, columnSpan: width, role: role.rawValue, kind: kind, content: .text(content),
                           continuation: continuation, source: source)
    }

    /// A summary row (subtotal, total, grade): its label from column `start` up to the first value, and the
    /// values in their roles' columns; `filledHoles` gives the columns left between or after them an empty
    /// cell, so that the row is as wide as the table whichever columns the form has.
    func summaryRow(_ label: String, source: String, from start: Int, width: Int, values: [LogicalCell?]) -> [LogicalCell?] {
        let placed = values.compactMap { $0 }.filter { $0.column >= start }.sorted { $0.column < $1.column }
        let labelEnd = placed.first?.column ?? width
        guard labelEnd > start else { return placed }
        return [LogicalCell(column: start, columnSpan: labelEnd - start, role: "level1", kind: .value, content: .text(label), source: source)] + placed
    }

    /// Puts an empty cell in every run of columns of a row that no cell covers, from its row or from a row
    /// span above (a deduction row under a field column): every table is a full rectangle.
    func filledHoles(_ rows: inout [LogicalRow], width: Int) {
        var covered = Array(repeating: Array(repeating: false, count: width), count: rows.count)
        for (index, row) in rows.enumerated() {
            for cell in row.cells {
                for r in index..<min(rows.count, index + cell.rowSpan) {
                    for c in cell.column..<min(width, cell.column + cell.columnSpan) { covered[r][c] = true }
                }
            }
        }
        for index in rows.indices {
            var column = 0
            while column < width {
                guard !covered[index][column] else { column += 1; continue }
                var end = column
                while end < width && !covered[index][end] { end += 1 }
                rows[index].cells.append(LogicalCell(column: column, columnSpan: end - column, role: "blank", kind: .value,
                                                     content: .text(""), source: "form.columns"))
                column = end
            }
            rows[index].cells.sort { $0.column < $1.column }
        }
    }

    /// The sheet's tables in the order of the form's blocks; the header rows open the first one.
    public func tables() -> [(block: SheetBlock, table: LogicalTable)] {
        // A sheet drawn as a grid: its tables are the template's (the block names none of them; each carries
        // its own widths).
        if let template = form.template {
            return TemplateExpander(text: text, template: template).tables().map { (.indicators, $0) }
        }
        var result: [(SheetBlock, LogicalTable)] = []
        for block in form.blocks {
            let withHeader = result.isEmpty
            switch block {
            case .indicators: result.append((block, scoreTable(withHeader: withHeader)))
            case .opinion:
                if !form.sections.isEmpty || !form.recommendation.options.isEmpty || !form.blocks.contains(.signatures) {
                    result.append((block, opinionTable()))
                }
            case .funds: if let table = fundsTable(withHeader: withHeader) { result.append((block, table)) }
            case .goals: if let table = goalsTable(withHeader: withHeader) { result.append((block, table)) }
            case .signatures: result.append((block, signaturesTable()))
            }
        }
        if let headerColumns = form.style.headerColumns, let opening = result.first, !opening.1.lead.isEmpty {
            result[0].1 = onHeaderGrid(opening.1, block: opening.0, headerColumns: headerColumns)
        }
        return result
    }

    /// The table that opens the sheet, cut at the header grid's edges too: its own rows keep their
    /// widths, the header rows (placed on the header grid) take theirs (`style.yaml: headerColumns`).
    func onHeaderGrid(_ table: LogicalTable, block: SheetBlock, headerColumns: [Double]) -> LogicalTable {
        let union = GridUnion(table: form.style.columns(for: block), header: headerColumns)
        var table = table
        table.columnCount = union.widths.count
        table.lead = table.lead.map { GridUnion.moved($0, edges: union.headerEdges) }
        table.head = table.head.map { GridUnion.moved($0, edges: union.tableEdges) }
        table.body = table.body.map { GridUnion.moved($0, edges: union.tableEdges) }
        return table
    }

    /// The header fields, one table row per header row, placed on the grid as the form says (the opening
    /// table's, or the header's own).
    func headerRows() -> [LogicalRow] {
        Set(form.header.map(\.row)).sorted().map { row in
            var cells: [LogicalCell] = []
            var column = 0
            for field in form.header where field.row == row {
                cells.append(LogicalCell(column: column, columnSpan: field.labelSpan, role: "header-label", kind: .head,
                                         content: .text(text.label(field.label)), source: "form.header.\(field.id)"))
                column += field.labelSpan
                cells.append(LogicalCell(column: column, columnSpan: field.valueSpan, role: "header-value", kind: .value,
                                         content: .text(text.headerValue(field)), source: "header.\(field.id)"))
                column += field.valueSpan
            }
            return LogicalRow(cells: cells)
        }
    }

    /// The score table's column heads, placed column by column (several field columns share a role): one
    /// row, or two when columns are grouped (the group's head over its columns' heads, every other head
    /// spanning both rows).
    func scoreHead() -> [LogicalRow] {
        let grouped = form.columns.contains { $0.group != nil }
        var top: [LogicalCell] = [], below: [LogicalCell] = []
        var start = 0
        var index = 0
        while index < form.columns.count {
            let column = form.columns[index]
            guard grouped, let group = column.group else {
                top.append(LogicalCell(column: start, columnSpan: column.span, rowSpan: grouped ? 2 : 1, role: column.role.rawValue,
                                       kind: .head, content: .text(text.label(column.label)), source: "form.columns"))
                start += column.span
                index += 1
                continue
            }
            let groupStart = start
            while index < form.columns.count, form.columns[index].group?.zh == group.zh {
                let member = form.columns[index]
                below.append(LogicalCell(column: start, columnSpan: member.span, role: member.role.rawValue, kind: .head,
                                         content: .text(text.label(member.label)), source: "form.columns"))
                start += member.span
                index += 1
            }
            top.append(LogicalCell(column: groupStart, columnSpan: start - groupStart, role: "column-group", kind: .head,
                                   content: .text(text.label(group)), source: "form.columns"))
        }
        return grouped ? [LogicalRow(cells: top), LogicalRow(cells: below)] : [LogicalRow(cells: top)]
    }

    public func scoreTable(withHeader: Bool = true) -> LogicalTable {
        let head = scoreHead()

        var rows: [LogicalRow] = []
        func add(_ cells: [LogicalCell?]) { rows.append(LogicalRow(cells: cells.compactMap { $0 }.sorted { $0.column < $1.column })) }
        /// A cell over rows first...last, attached to its first row (merged when it covers more than one).
        func place(_ cell: LogicalCell?, first: Int, last: Int) {
            guard var cell else { return }
            cell.rowSpan = last - first + 1
            rows[first].cells.append(cell)
            rows[first].cells.sort { $0.column < $1.column }
        }

        let leafRole = levelRoles.last!
        let declaredGroups = Set(form.declaredGroups.map(\.id))
        for group in text.sheet.indicators {
            let groupStart = rows.count
            func walk(_ node: Indicator, level: Int) {
                let start = rows.count
                if node.isLeaf {
                    let form = "form.indicators.\(node.id)"
                    let declared = node.target != nil
                    // A group whose indicators the evaluation declares, with none declared, keeps its row: the
                    // deeper levels' cells stay empty, so the row is as wide as the others.
                    let deeper = level + 1 < levelRoles.count ? levelRoles[(level + 1)...].map { cell($0, "", source: "indicators") } : []
                    add(deeper + [cell(level < levelRoles.count ? levelRoles[level] : leafRole, text.heading(node), source: form),
                         cell(.weight, declared || level == levelRoles.count - 1 ? text.figure(node.weight, in: .weight) : "", source: form),
                         cell(.notes, node.notes.map(text.label) ?? "", .notes, source: form + ".notes"),
                         cell(.target, node.target ?? "", source: "indicators"),
                         cell(.actual, node.actual ?? "", source: "indicators"),
                         cell(.score, text.score(node), source: "scores.\(node.id)"),
                         cell(.deviation, node.deviation ?? "", .notes, source: "indicators")]
                        + self.form.fieldColumns.map { column in
                            LogicalCell(column: column.start, columnSpan: column.span, role: "field-\(column.key)", kind: .value,
                                        content: .text(node.fields[column.key].map(text.label) ?? ""), source: "\(form).fields.\(column.key)")
                        })
                    return
                }
                // Declared groups with nothing declared under them, when the form hides them; never all of them.
                let hidden = { (child: Indicator) in
                    self.form.emptyGroups == .hide && child.children.isEmpty && declaredGroups.contains(child.id)
                }
                let shown = node.children.filter { !hidden($0) }
                (shown.isEmpty ? Array(node.children.prefix(1)) : shown).forEach { walk($0, level: level + 1) }
                place(cell(levelRoles[level], text.heading(node), source: "form.indicators.\(node.id)", continuation: text.continued(node)),
                      first: start, last: rows.count - 1)
            }
            walk(group, level: 0)
            place(cell(.groupTotal, text.total(group), source: "scores"),
                  first: groupStart, last: rows.count - 1)
        }
        let hasDeductions = !form.deductions.items.isEmpty
        let width = form.columns.reduce(0) { $0 + $1.span }
        let level1 = columns[.level1]?.start ?? 0
        if hasDeductions {
            add(summaryRow(text.label(form.labels.subtotal), source: "form.labels", from: level1, width: width, values: [
                cell(.weight, text.totalWeight, source: "form.indicators"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
                cell(.score, text.subtotal, source: "scores"), cell(.groupTotal, "", source: "scores")]))
        }

        let deductionStart = rows.count
        let nameRole = levelRoles.count > 2 ? levelRoles[1] : leafRole
        let nameThrough = levelRoles.count > 2 ? levelRoles[levelRoles.count - 2] : nil
        for item in form.deductions.items {
            let form = "form.deductions.\(item.id)"
            add([cell(nameRole, text.heading(item), source: form, through: nameThrough),
                 levelRoles.count > 2 ? cell(leafRole, text.label(self.form.deductions.action), source: "form.deductions") : nil,
                 cell(.weight, text.figure(item.cap, in: .weight), source: form), cell(.notes, text.label(item.notes), .notes, source: form + ".notes"),
                 cell(.score, text.deduction(item), source: "deductions.\(item.id)")])
        }
        if rows.count > deductionStart {
            let title = text.label(form.deductions.title)
            place(cell(.level1, title, source: "form.deductions", continuation: text.continued(form.deductions.title)),
                  first: deductionStart, last: rows.count - 1)
            place(cell(.groupTotal, text.figure(text.sheet.deductionTotal, in: .groupTotal), source: "deductions"), first: deductionStart, last: rows.count - 1)
        }
        if hasDeductions {
            add(summaryRow(text.label(form.labels.deductionSubtotal), source: "form.labels", from: level1, width: width, values: [
                cell(.weight, text.totalCap, source: "form.deductions"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
                cell(.score, text.figure(text.sheet.deductionTotal, in: .score), source: "deductions"), cell(.groupTotal, "", source: "deductions")]))
        }
        // A section column (绩效指标) is one cell over every row above the total.
        if let section = form.columns.first(where: { $0.role == .section }), !rows.isEmpty {
            place(cell(.section, text.label(section.label), .head, source: "form.columns", continuation: text.continued(section.label)),
                  first: 0, last: rows.count - 1)
        }
        if columns[.groupTotal] != nil {
            add(summaryRow(text.label(form.labels.total), source: "form.labels", from: 0, width: width, values: [
                cell(.groupTotal, text.total, source: "scores")]))
        } else {
            // No total column: the points column (if any) shows the form's total, the score column the score.
            add(summaryRow(text.label(form.labels.total), source: "form.labels", from: 0, width: width, values: [
                cell(.weight, text.figure(form.total, in: .weight), source: "form.total"), cell(.score, text.total, source: "scores")]))
        }
        if !form.grades.bands.isEmpty {
            add(summaryRow(text.label(form.grades.caption), source: "form.grades", from: 0, width: width, values: [
                cell(columns[.groupTotal] != nil ? .groupTotal : .score, text.gradeName, source: "form.grades")]))
        }

        filledHoles(&rows, width: width)
        return LogicalTable(id: "score", columnCount: width, lead: withHeader ? headerRows() : [], head: head,
                            body: rows)
    }

    /// 项目资金（万元）: the title merged down the left, the sources of funds, their figures and the computed
    /// execution rate and score.
    func fundsTable(withHeader: Bool) -> LogicalTable? {
        guard let funds = form.funds else { return nil }
        var rows: [LogicalRow] = [LogicalRow(cells: [
            LogicalCell(column: 0, rowSpan: funds.rows.count + 1, role: "funds-title", kind: .head, content: .text(text.label(funds.title)), source: "form.funds"),
            LogicalCell(column: 1, role: "funds-head", kind: .head, content: .text(""), source: "form.funds"),
        ] + funds.columns.enumerated().map { index, column in
            LogicalCell(column: 2 + index, role: "funds-head", kind: .head, content: .text(text.label(column.label)), source: "form.funds")
        })]
        for row in funds.rows {
            rows.append(LogicalRow(cells: [LogicalCell(column: 1, role: "funds-row", kind: .value, content: .text(text.label(row.label)), source: "form.funds")]
                + funds.columns.enumerated().map { index, column in
                    LogicalCell(column: 2 + index, role: "funds-\(column.role.rawValue)", kind: column.role == .note ? .notes : .value,
                                content: .text(text.fundsValue(column, row)),
                                source: "funds.\(row.id)")
                }))
        }
        return LogicalTable(id: "funds", columnCount: funds.columns.count + 2, lead: withHeader ? headerRows() : [], head: [], body: rows)
    }

    /// 年度总体目标: expected goals and actual results side by side; with a caption column when the form has a
    /// caption or notes (项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况, then a row per note:
    /// its label beside the evaluation's text across the two goal columns).
    func goalsTable(withHeader: Bool) -> LogicalTable? {
        guard let goals = form.goals else { return nil }
        let evaluation = text.sheet.evaluation
        let first = goals.hasCaptionColumn ? 2 : 1
        var head: [LogicalCell] = [
            LogicalCell(column: 0, rowSpan: 2 + goals.notes.count, role: "goals-title", kind: .head, content: .text(text.label(goals.title)), source: "form.goals"),
        ]
        if goals.hasCaptionColumn {
            head.append(LogicalCell(column: 1, rowSpan: 2, role: "goals-caption", kind: .head,
                                    content: .text(goals.caption.map { text.label($0) } ?? ""), source: "form.goals.caption"))
        }
        head += [
            LogicalCell(column: first, role: "goals-head", kind: .head, content: .text(text.label(goals.expected)), source: "form.goals"),
            LogicalCell(column: first + 1, role: "goals-head", kind: .head, content: .text(text.label(goals.actual)), source: "form.goals"),
        ]
        var rows = [
            LogicalRow(cells: head),
            LogicalRow(cells: [
                LogicalCell(column: first, role: "goals-expected", kind: .narrative, content: .paragraphs(evaluation.goals.expected), source: "goals.expected"),
                LogicalCell(column: first + 1, role: "goals-actual", kind: .narrative, content: .paragraphs(evaluation.goals.actual), source: "goals.actual"),
            ]),
        ]
        for note in goals.notes {
            rows.append(LogicalRow(cells: [
                LogicalCell(column: 1, role: "goals-note-label", kind: .head, content: .text(text.label(note.label)), source: "form.goals.notes"),
                LogicalCell(column: 2, columnSpan: 2, role: "goals-note", kind: .narrative,
                            content: .paragraphs(evaluation.goals.notes[note.id] ?? []), source: "goals.\(note.id)"),
            ]))
        }
        return LogicalTable(id: "goals", columnCount: goals.columnCount, lead: withHeader ? headerRows() : [], head: [], body: rows)
    }

    /// The sign-off fields side by side, with room to sign (or the signature's image); a seal field shows
    /// its label, and the seal's image when the evaluation gives one.
    func signaturesTable() -> LogicalTable {
        let cells = form.signoff.enumerated().map { index, field in
            let image = self.image(field)
            let room = image == nil && field.kind != .seal ? "\n\n\n" : ""
            var cell = LogicalCell(column: index, role: "signature", kind: .line,
                                   content: .text((field.kind == .seal ? text.label(field.label) : text.signoffLine(field)) + room),
                                   source: "signoff.\(field.id)")
            cell.image = image
            return cell
        }
        return LogicalTable(id: "signatures", columnCount: cells.count, lead: [], head: [], body: [LogicalRow(cells: cells)])
    }

    /// The seal or signature image the evaluation gives for a sign-off field, at the form's size.
    func image(_ field: SignOffField) -> CellImage? {
        text.sheet.evaluation.signoffImages[field.id].map { CellImage(image: $0.value, size: field.imageSize, overText: field.kind == .seal,
                                                                          description: text.plain(text.label(field.label))) }
    }

    public func opinionTable() -> LogicalTable {
        // A form whose sheet heads its narrative rows with nothing (both labels empty) has no head row.
        let headed = !form.labels.contentHead.zh.isEmpty || !form.labels.opinionHead.zh.isEmpty
        let head = LogicalRow(cells: [
            LogicalCell(column: 0, role: "head", kind: .head, content: .text(text.label(form.labels.contentHead)), source: "form.labels"),
            LogicalCell(column: 1, role: "head", kind: .head, content: .text(text.label(form.labels.opinionHead)), source: "form.labels"),
        ])
        var rows: [LogicalRow] = []
        for section in form.sections {
            let (title, subtitle) = text.sectionLabel(section)
            rows.append(LogicalRow(cells: [
                LogicalCell(column: 0, role: "section-label", kind: .sectionLabel, content: .titled(title: title, subtitle: subtitle),
                            continuation: text.continued(section.title), source: "form.sections.\(section.id)"),
                LogicalCell(column: 1, role: "section-body", kind: .narrative, content: .paragraphs(text.paragraphs(section)),
                            source: "narrative.\(section.id)"),
            ], bookmark: text.plain(title)))
        }
        // The recommendation, on a form that offers one.
        if !form.recommendation.options.isEmpty {
            let recommendation = text.label(form.recommendation.title)
            rows.append(LogicalRow(cells: [
                LogicalCell(column: 0, role: "section-label", kind: .sectionLabel, content: .titled(title: recommendation, subtitle: nil),
                            source: "form.recommendation"),
                LogicalCell(column: 1, role: "recommendation", kind: .line, content: .text(text.recommendationLine), source: "recommendation"),
            ], bookmark: text.plain(recommendation), keepsWithPrevious: form.keepWithPrevious.contains(.recommendation)))
        }
        for field in form.signoff where !form.blocks.contains(.signatures) {
            var cell = LogicalCell(column: 0, columnSpan: 2, role: "signoff", kind: .line, content: .text(text.signoffLine(field)),
                                   source: "signoff.\(field.id)")
            cell.image = image(field)
            rows.append(LogicalRow(cells: [cell], keepsWithPrevious: form.keepWithPrevious.contains(.signoff)))
        }
        return LogicalTable(id: "narrative", columnCount: 2, lead: [], head: headed ? [head] : [], body: rows)
    }
}
