/// Builds the logical tables of any form: the score table (header row, column heads, one row per leaf
/// with every indicator level and the group total merged over their rows, subtotal, deduction block,
/// deduction subtotal, total, grade) and the opinion table (sections, recommendation, sign-off).
/// Columns are placed by role, from the form's column list.
public struct SheetStructure {
    public let text: SheetText

    public init(_ text: SheetText) { self.text = text }

    var form: Form { text.sheet.form }

    var columns: [ScoreColumn.Role: (start: Int, span: Int)] { form.columnPositions }
    var levelRoles: [ScoreColumn.Role] { form.levelRoles }

    func cell(_ role: ScoreColumn.Role, _ content: String, _ kind: LogicalCell.Kind = .value, source: String,
              through last: ScoreColumn.Role? = nil, continuation: String? = nil) -> LogicalCell? {
        guard let (start, span) = columns[role] else { return nil }
        var width = span
        if let last, let (lastStart, lastSpan) = columns[last] { width = lastStart + lastSpan - start }
        return LogicalCell(column: start, columnSpan: width, role: role.rawValue, kind: kind, content: .text(content),
                           continuation: continuation, source: source)
    }

    /// The sheet's tables in the order of the form's blocks; the header rows open the first one.
    public func tables() -> [(block: SheetBlock, table: LogicalTable)] {
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
        return result
    }

    /// The header fields, one table row per header row, placed on the grid as the form says.
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

    public func scoreTable(withHeader: Bool = true) -> LogicalTable {
        let head = form.columns.compactMap { cell($0.role, text.label($0.label), .head, source: "form.columns") }

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
        for group in text.sheet.indicators {
            let groupStart = rows.count
            func walk(_ node: Indicator, level: Int) {
                let start = rows.count
                if node.isLeaf {
                    let form = "form.indicators.\(node.id)"
                    let declared = node.target != nil
                    add([cell(level < levelRoles.count ? levelRoles[level] : leafRole, text.heading(node), source: form),
                         cell(.weight, declared || level == levelRoles.count - 1 ? ExactDecimal.format(node.weight) : "", source: form),
                         cell(.notes, node.notes.map(text.label) ?? "", .notes, source: form + ".notes"),
                         cell(.target, node.target ?? "", source: "indicators"),
                         cell(.actual, node.actual ?? "", source: "indicators"),
                         cell(.score, text.score(node), source: "scores.\(node.id)"),
                         cell(.deviation, node.deviation ?? "", .notes, source: "indicators")])
                    return
                }
                node.children.forEach { walk($0, level: level + 1) }
                place(cell(levelRoles[level], text.heading(node), source: "form.indicators.\(node.id)", continuation: text.continued(node)),
                      first: start, last: rows.count - 1)
            }
            walk(group, level: 0)
            place(cell(.groupTotal, text.total(group), source: "scores"),
                  first: groupStart, last: rows.count - 1)
        }
        let hasDeductions = !form.deductions.items.isEmpty
        if hasDeductions {
            add([cell(.level1, text.label(form.labels.subtotal), source: "form.labels", through: leafRole),
                 cell(.weight, text.totalWeight, source: "form.indicators"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
                 cell(.score, text.subtotal, source: "scores"), cell(.groupTotal, "", source: "scores")])
        }

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
        if hasDeductions {
            add([cell(.level1, text.label(form.labels.deductionSubtotal), source: "form.labels", through: leafRole),
                 cell(.weight, text.totalCap, source: "form.deductions"), cell(.notes, text.label(form.labels.noWeight), source: "form.labels"),
                 cell(.score, text.figure(text.sheet.deductionTotal), source: "deductions"), cell(.groupTotal, "", source: "deductions")])
        }
        if columns[.groupTotal] != nil {
            add([cell(.level1, text.label(form.labels.total), source: "form.labels", through: .score),
                 cell(.groupTotal, text.total, source: "scores")])
        } else {
            // No total column: the label runs up to the points, which show the form's total, then the score.
            let last = form.columns.prefix { $0.role != .weight }.last?.role ?? .level1
            add([cell(.level1, text.label(form.labels.total), source: "form.labels", through: last),
                 cell(.weight, ExactDecimal.format(form.total), source: "form.total"),
                 cell(.score, text.total, source: "scores"),
                 form.columns.last.flatMap { $0.role == .score ? nil : cell($0.role, "", source: "scores") }])
        }
        if !form.grades.bands.isEmpty {
            add([cell(.level1, text.label(form.grades.caption), source: "form.grades", through: .score),
                 cell(.groupTotal, text.gradeName, source: "form.grades")])
        }

        let width = form.columns.reduce(0) { $0 + $1.span }
        return LogicalTable(id: "score", columnCount: width, lead: withHeader ? headerRows() : [], head: [LogicalRow(cells: head)],
                            body: rows)
    }

    /// 项目资金（万元）: the title merged down the left, the sources of funds, their figures and the computed
    /// execution rate and score.
    func fundsTable(withHeader: Bool) -> LogicalTable? {
        guard let funds = form.funds else { return nil }
        let sheet = text.sheet
        func value(_ role: FundsBlock.Column.Role, _ row: FundsBlock.Row) -> String {
            let figures = sheet.evaluation.funds[row.id]
            switch role {
            case .initial: return figures?.initial.map { ExactDecimal.format($0.value, decimals: 2) } ?? ""
            case .budget: return figures?.budget.map { ExactDecimal.format($0.value, decimals: 2) } ?? ""
            case .executed: return figures?.executed.map { ExactDecimal.format($0.value, decimals: 2) } ?? ""
            case .points: return row.points.map { ExactDecimal.format($0) } ?? "—"
            case .rate: return sheet.fundsRates[row.id].map { ExactDecimal.format($0, decimals: 2) + "%" } ?? ""
            case .score: return row.points == nil ? "—" : sheet.fundsScore.map { ExactDecimal.format($0, decimals: 2) } ?? ""
            }
        }
        var rows: [LogicalRow] = [LogicalRow(cells: [
            LogicalCell(column: 0, rowSpan: funds.rows.count + 1, role: "funds-title", kind: .head, content: .text(text.label(funds.title)), source: "form.funds"),
            LogicalCell(column: 1, role: "funds-head", kind: .head, content: .text(""), source: "form.funds"),
        ] + funds.columns.enumerated().map { index, column in
            LogicalCell(column: 2 + index, role: "funds-head", kind: .head, content: .text(text.label(column.label)), source: "form.funds")
        })]
        for row in funds.rows {
            rows.append(LogicalRow(cells: [LogicalCell(column: 1, role: "funds-row", kind: .value, content: .text(text.label(row.label)), source: "form.funds")]
                + funds.columns.enumerated().map { index, column in
                    LogicalCell(column: 2 + index, role: "funds-\(column.role.rawValue)", kind: .value, content: .text(value(column.role, row)),
                                source: "funds.\(row.id)")
                }))
        }
        return LogicalTable(id: "funds", columnCount: funds.columns.count + 2, lead: withHeader ? headerRows() : [], head: [], body: rows)
    }

    /// 年度总体目标: expected goals and actual results side by side.
    func goalsTable(withHeader: Bool) -> LogicalTable? {
        guard let goals = form.goals else { return nil }
        let evaluation = text.sheet.evaluation
        return LogicalTable(id: "goals", columnCount: 3, lead: withHeader ? headerRows() : [], head: [], body: [
            LogicalRow(cells: [
                LogicalCell(column: 0, rowSpan: 2, role: "goals-title", kind: .head, content: .text(text.label(goals.title)), source: "form.goals"),
                LogicalCell(column: 1, role: "goals-head", kind: .head, content: .text(text.label(goals.expected)), source: "form.goals"),
                LogicalCell(column: 2, role: "goals-head", kind: .head, content: .text(text.label(goals.actual)), source: "form.goals"),
            ]),
            LogicalRow(cells: [
                LogicalCell(column: 1, role: "goals-expected", kind: .narrative, content: .paragraphs(evaluation.goals.expected), source: "goals.expected"),
                LogicalCell(column: 2, role: "goals-actual", kind: .narrative, content: .paragraphs(evaluation.goals.actual), source: "goals.actual"),
            ]),
        ])
    }

    /// The sign-off fields side by side, with room to sign; a seal field shows only its label.
    func signaturesTable() -> LogicalTable {
        let cells = form.signoff.enumerated().map { index, field in
            LogicalCell(column: index, role: "signature", kind: .line,
                        content: .text(field.kind == .seal ? text.label(field.label) : text.signoffLine(field) + "\n\n\n"),
                        source: "signoff.\(field.id)")
        }
        return LogicalTable(id: "signatures", columnCount: cells.count, lead: [], head: [], body: [LogicalRow(cells: cells)])
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
        ], bookmark: text.plain(recommendation), keepsWithPrevious: form.keepWithPrevious.contains(.recommendation)))
        for field in form.signoff where !form.blocks.contains(.signatures) {
            rows.append(LogicalRow(cells: [
                LogicalCell(column: 0, columnSpan: 2, role: "signoff", kind: .line, content: .text(text.signoffLine(field)),
                            source: "signoff.\(field.id)"),
            ], keepsWithPrevious: form.keepWithPrevious.contains(.signoff)))
        }
        return LogicalTable(id: "narrative", columnCount: 2, lead: [], head: [head], body: rows)
    }
}
