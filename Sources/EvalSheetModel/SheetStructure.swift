/// Builds the logical tables of any form: the score table (header row, column heads, one row per leaf
/// with every indicator level and the group total merged over their rows, subtotal, deduction block,
/// deduction subtotal, total, grade) and the opinion table (sections, recommendation, sign-off).
/// Columns are placed by role, from the form's column list.
public struct SheetStructure {
    public let text: SheetText

    public init(_ text: SheetText) { self.text = text }

    var form: Form { text.sheet.form }

    /// The grid columns of each role.
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

    func cell(_ role: ScoreColumn.Role, _ content: String, _ kind: LogicalCell.Kind = .value, source: String,
              through last: ScoreColumn.Role? = nil, continuation: String? = nil) -> LogicalCell? {
        guard let (start, span) = columns[role] else { return nil }
        var width = span
        if let last, let (lastStart, lastSpan) = columns[last] { width = lastStart + lastSpan - start }
        return LogicalCell(column: start, columnSpan: width, role: role.rawValue, kind: kind, content: .text(content),
                           continuation: continuation, source: source)
    }

    public func scoreTable() -> LogicalTable {
        var lead: [LogicalCell] = []
        var column = 0
        for field in form.header {
            lead.append(LogicalCell(column: column, columnSpan: field.labelSpan, role: "header-label", kind: .head,
                                    content: .text(text.label(field.label)), source: "form.header.\(field.id)"))
            column += field.labelSpan
            lead.append(LogicalCell(column: column, columnSpan: field.valueSpan, role: "header-value", kind: .value,
                                    content: .text(text.headerValue(field)), source: "header.\(field.id)"))
            column += field.valueSpan
        }
        let head = form.columns.compactMap { cell($0.role, text.label($0.label), .head, source: "form.columns") }

        var rows: [LogicalRow] = []
        func add(_ cells: [LogicalCell?]) { rows.append(LogicalRow(cells: cells.compactMap { $0 })) }
        /// A cell over rows first...last, attached to its first row (merged when it covers more than one).
        func place(_ cell: LogicalCell?, first: Int, last: Int) {
            guard var cell else { return }
            cell.rowSpan = last - first + 1
            rows[first].cells.append(cell)
            rows[first].cells.sort { $0.column < $1.column }
        }

        let leafRole = levelRoles.last!
        for group in form.indicators {
            let groupStart = rows.count
            func walk(_ node: Indicator, level: Int) {
                let start = rows.count
                if node.isLeaf {
                    let form = "form.indicators.\(node.id)"
                    add([cell(leafRole, text.heading(node), source: form),
                         cell(.weight, ExactDecimal.format(node.weight), source: form),
                         cell(.notes, node.notes.map(text.label) ?? "", .notes, source: form + ".notes"),
                         cell(.score, text.score(node), source: "scores.\(node.id)")])
                    return
                }
                node.children.forEach { walk($0, level: level + 1) }
                place(cell(levelRoles[level], text.heading(node), source: "form.indicators.\(node.id)", continuation: text.continued(node)),
                      first: start, last: rows.count - 1)
            }
            walk(group, level: 0)
            place(cell(.groupTotal, text.figure(text.sheet.indicatorTotals[group.id]), source: "scores"),
                  first: groupStart, last: rows.count - 1)
        }
        add([cell(.level1, text.label(form.labels.subtotal), source: "form.labels", through: leafRole),
             cell(.weight, text.totalWeight, source: "form.indicators"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
             cell(.score, text.figure(text.sheet.subtotal), source: "scores"), cell(.groupTotal, "", source: "scores")])

        let deductionStart = rows.count
        let nameRole = levelRoles.count > 2 ? levelRoles[1] : leafRole
        let nameThrough = levelRoles.count > 2 ? levelRoles[levelRoles.count - 2] : nil
        for item in form.deductions.items {
            let form = "form.deductions.\(item.id)"
            add([cell(nameRole, text.heading(item), source: form, through: nameThrough),
                 levelRoles.count > 2 ? cell(leafRole, text.label(self.form.deductions.action), source: "form.deductions") : nil,
                 cell(.weight, ExactDecimal.format(item.cap), source: form), cell(.notes, text.label(item.notes), .notes, source: form + ".notes"),
                 cell(.score, text.deduction(item), source: "deductions.\(item.id)")])
        }
        if rows.count > deductionStart {
            let title = text.label(form.deductions.title)
            place(cell(.level1, title, source: "form.deductions", continuation: text.continued(form.deductions.title)),
                  first: deductionStart, last: rows.count - 1)
            place(cell(.groupTotal, text.figure(text.sheet.deductionTotal), source: "deductions"), first: deductionStart, last: rows.count - 1)
        }
        add([cell(.level1, text.label(form.labels.deductionSubtotal), source: "form.labels", through: leafRole),
             cell(.weight, text.totalCap, source: "form.deductions"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
             cell(.score, text.figure(text.sheet.deductionTotal), source: "deductions"), cell(.groupTotal, "", source: "deductions")])
        add([cell(.level1, text.label(form.labels.total), source: "form.labels", through: .score),
             cell(.groupTotal, text.figure(text.sheet.total), source: "scores")])
        add([cell(.level1, text.label(form.grades.caption), source: "form.grades", through: .score),
             cell(.groupTotal, text.gradeName, source: "form.grades")])

        let width = form.columns.reduce(0) { $0 + $1.span }
        return LogicalTable(id: "score", columnCount: width, lead: [LogicalRow(cells: lead)], head: [LogicalRow(cells: head)],
                            body: rows)
    }

    public func opinionTable() -> LogicalTable {
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
        let recommendation = text.label(form.recommendation.title)
        rows.append(LogicalRow(cells: [
            LogicalCell(column: 0, role: "section-label", kind: .sectionLabel, content: .titled(title: recommendation, subtitle: nil),
                        source: "form.recommendation"),
            LogicalCell(column: 1, role: "recommendation", kind: .line, content: .text(text.recommendationLine), source: "recommendation"),
        ], bookmark: text.plain(recommendation)))
        for field in form.signoff {
            rows.append(LogicalRow(cells: [
                LogicalCell(column: 0, columnSpan: 2, role: "signoff", kind: .line, content: .text(text.signoffLine(field)),
                            source: "signoff.\(field.id)"),
            ]))
        }
        return LogicalTable(id: "narrative", columnCount: 2, lead: [], head: [head], body: rows)
    }
}
