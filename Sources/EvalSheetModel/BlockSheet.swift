import Foundation

/// The sheet of a form written the short way, with `blocks` and `columns`, as the template the expander
/// draws: the score table (header rows, column heads, an indicators band whose level cells merge over their
/// groups, subtotal, a deductions band, totals and grade), the opinion table (a sections band, the
/// recommendation, sign-off lines), and the funds, goals and signatures tables. One engine draws every form;
/// the roles and HTML classes are the ones these tables have always had.
enum BlockSheet {
    /// A cell placed in a block's own grid (before a header grid of its own is cut in, `GridUnion`).
    struct Placed {
        var cell: TemplateCell
        var column: Int
    }

    struct Table {
        var id: String
        var block: SheetBlock
        var className: String
        var rows: [(row: TemplateRow, cells: [Placed])]
    }

    static func template(_ form: Form) -> SheetTemplate {
        var tables: [Table] = []
        for block in form.blocks {
            let withHeader = tables.isEmpty
            switch block {
            case .indicators: tables.append(scoreTable(form, withHeader: withHeader))
            case .opinion:
                if !form.sections.isEmpty || !form.recommendation.options.isEmpty || !form.blocks.contains(.signatures)
                {
                    tables.append(opinionTable(form))
                }
            case .funds: if let table = fundsTable(form, withHeader: withHeader) { tables.append(table) }
            case .goals: if let table = goalsTable(form, withHeader: withHeader) { tables.append(table) }
            case .signatures: tables.append(signaturesTable(form))
            }
        }
        return SheetTemplate(
            items: tables.enumerated().map { index, table in
                var widths = form.style.columns(for: table.block)
                var rows = table.rows
                // The header rows on a grid of their own: the opening table cut at both grids' edges.
                if index == 0, let headerColumns = form.style.headerColumns, rows.contains(where: \.row.lead) {
                    let union = GridUnion(table: widths, header: headerColumns)
                    widths = union.widths
                    rows = rows.map { row in
                        let edges = row.row.lead ? union.headerEdges : union.tableEdges
                        return (
                            row.row,
                            row.cells.map { placed in
                                var moved = placed
                                (moved.column, moved.cell.span) = GridUnion.moved(
                                    column: placed.column, span: placed.cell.span, edges: edges)
                                return moved
                            }
                        )
                    }
                }
                var template = TemplateTable(
                    id: table.id, widths: widths,
                    rows: rows.map { row, cells in
                        var row = row
                        row.cells = cells.map { placed in
                            var cell = placed.cell
                            cell.column = placed.column
                            return cell
                        }
                        return row
                    }, joined: true, position: nil)
                template.block = table.block
                template.className = table.className
                return .table(template)
            })
    }

    // MARK: - Cells

    static func literal(_ text: LocalizedText) -> TemplateText {
        TemplateText(
            zh: text.zh.isEmpty ? [] : [.literal(text.zh)], en: text.en.map { $0.isEmpty ? [] : [.literal($0)] })
    }

    static func bound(_ path: String, _ format: TemplateBinding.Format? = nil) -> TemplateText {
        TemplateText(
            zh: [.binding(TemplateBinding(path: path.components(separatedBy: "."), format: format, source: path))],
            en: nil)
    }

    static func cell(
        _ text: TemplateText, role: String, kind: CellKind = .value, span: Int = 1, rows: Int = 1,
        merge: TemplateCell.Merge = .none, continued: Bool = false, source: String? = nil
    ) -> TemplateCell {
        var cell = TemplateCell(
            text: text, span: span, rows: rows, kind: kind, merge: merge, continued: continued, position: nil)
        cell.role = role
        cell.source = source
        return cell
    }

    static func blank(span: Int) -> TemplateCell {
        cell(literal(LocalizedText(zh: "")), role: "blank", span: span, source: "form.columns")
    }

    static func row(
        _ cells: [Placed], band: TemplateBand? = nil, head: Bool = false, lead: Bool = false, kept: Bool = false
    ) -> (TemplateRow, [Placed]) {
        var row = TemplateRow(cells: [], band: band, head: head, keepWithPrevious: kept, position: nil)
        row.lead = lead
        return (row, cells.sorted { $0.column < $1.column })
    }

    /// The decimals a score column prints (`89.974` with 3), as a binding's format.
    static func format(_ form: Form, _ role: ScoreColumn.Role) -> TemplateBinding.Format? {
        form.columns.first { $0.role == role }?.decimals.map(TemplateBinding.Format.decimals)
    }

    /// A full row: the cells given, and an empty cell over each run of columns that neither they nor the
    /// `covered` columns (a cell from a row above) take.
    static func filled(_ cells: [Placed], width: Int, covered: Set<Int> = []) -> [Placed] {
        var taken = covered
        for placed in cells { taken.formUnion(placed.column..<(placed.column + placed.cell.span)) }
        var result = cells
        var column = 0
        while column < width {
            guard !taken.contains(column) else { column += 1; continue }
            var end = column
            while end < width && !taken.contains(end) { end += 1 }
            result.append(Placed(cell: blank(span: end - column), column: column))
            column = end
        }
        return result.sorted { $0.column < $1.column }
    }

    /// The header fields, one row per header row, label and value cells side by side.
    static func headerRows(_ form: Form) -> [(TemplateRow, [Placed])] {
        Set(form.header.map(\.row)).sorted().map { number in
            var cells: [Placed] = []
            var column = 0
            for field in form.header where field.row == number {
                cells.append(
                    Placed(
                        cell: cell(
                            literal(field.label), role: "header-label", kind: .head, span: field.labelSpan,
                            source: "form.header.\(field.id)"), column: column))
                column += field.labelSpan
                cells.append(
                    Placed(
                        cell: cell(
                            bound("header.\(field.id)"), role: "header-value", span: field.valueSpan,
                            source: "header.\(field.id)"), column: column))
                column += field.valueSpan
            }
            return row(cells, lead: true)
        }
    }

    // MARK: - The score table

    static func scoreTable(_ form: Form, withHeader: Bool) -> Table {
        var rows: [(TemplateRow, [Placed])] = withHeader ? headerRows(form) : []
        rows += scoreHead(form)
        var indicators = row(indicatorBand(form), band: .indicators)
        indicators.0.keepsEmptyLevel1 = true
        rows.append(indicators)
        if !form.deductions.items.isEmpty { rows += deductionRows(form) }
        rows += totalRows(form)
        return Table(id: "score", block: .indicators, className: "score", rows: rows)
    }

    /// A cell placed where the column of `role` starts, as wide as it (or through the column of `last`); nil when
    /// the form has no such column.
    static func placed(
        _ form: Form, _ role: ScoreColumn.Role, _ make: @autoclosure () -> TemplateCell,
        through last: ScoreColumn.Role? = nil
    ) -> Placed? {
        let positions = form.columnPositions
        guard let (start, span) = positions[role] else { return nil }
        var placed = Placed(cell: make(), column: start)
        placed.cell.span = last.flatMap { positions[$0] }.map { $0.start + $0.span - start } ?? span
        return placed
    }

    /// The indicators band: every column's cell, the level cells merged over their groups.
    static func indicatorBand(_ form: Form) -> [Placed] {
        let levels = form.levelRoles
        let hasDeductions = !form.deductions.items.isEmpty
        var band: [Placed] = []
        var start = 0
        for column in form.columns {
            defer { start += column.span }
            let role = column.role.rawValue
            let made: TemplateCell
            switch column.role {
            case .section:
                var section = cell(
                    literal(column.label), role: role, kind: .head, span: column.span, merge: .band, continued: true,
                    source: "form.columns")
                section.rowsAfterBand = hasDeductions ? 3 : 0
                made = section
            case .level1, .level2, .level3, .level4:
                let level = (levels.firstIndex(of: column.role) ?? levels.count - 1) + 1
                made =
                    level < levels.count
                    ? cell(
                        bound("level\(level).heading"), role: role, span: column.span, merge: .level(level),
                        continued: true)
                    : cell(bound("node.name"), role: role, span: column.span)
            case .weight: made = cell(bound("node.weight", format(form, .weight)), role: role, span: column.span)
            case .notes: made = cell(bound("node.notes"), role: role, kind: .notes, span: column.span)
            case .target: made = cell(bound("node.target"), role: role, span: column.span, source: "indicators")
            case .actual: made = cell(bound("node.actual"), role: role, span: column.span, source: "indicators")
            case .deviation:
                made = cell(bound("node.deviation"), role: role, kind: .notes, span: column.span, source: "indicators")
            case .score: made = cell(bound("node.score", format(form, .score)), role: role, span: column.span)
            case .field:
                made = cell(
                    bound("node.field.\(column.key ?? "")"), role: "field-\(column.key ?? "")", span: column.span)
            case .groupTotal:
                made = cell(
                    bound("level1.score", format(form, .groupTotal)), role: role, span: column.span, merge: .level(1),
                    source: "scores")
            }
            band.append(Placed(cell: made, column: start))
        }
        return band
    }

    /// Under the band: the subtotal, the deductions band and their subtotal, the section column (绩效指标) standing
    /// beside them.
    static func deductionRows(_ form: Form) -> [(TemplateRow, [Placed])] {
        let positions = form.columnPositions
        let width = form.columns.reduce(0) { $0 + $1.span }
        let levels = form.levelRoles
        let covered = positions[.section].map { Set($0.start..<($0.start + $0.span)) } ?? []
        let level1 = positions[.level1]?.start ?? 0
        let noWeight = literal(form.labels.noWeight)
        func at(
            _ role: ScoreColumn.Role, _ make: @autoclosure () -> TemplateCell, through last: ScoreColumn.Role? = nil
        ) -> Placed? { placed(form, role, make(), through: last) }
        var rows: [(TemplateRow, [Placed])] = []
        // A subtotal: its points, a dash for notes, its score, nothing in the group totals' column.
        func subtotal(_ label: LocalizedText, points: String, pointsSource: String, score: String, source: String)
            -> (TemplateRow, [Placed])
        {
            row(
                summary(
                    form, label, from: level1, width: width, covered: covered,
                    values: [
                        at(.weight, cell(bound(points, format(form, .weight)), role: "weight", source: pointsSource)),
                        at(.notes, cell(noWeight, role: "notes", source: "form.labels")),
                        at(.score, cell(bound(score, format(form, .score)), role: "score", source: source)),
                        at(.groupTotal, cell(literal(LocalizedText(zh: "")), role: "groupTotal", source: source))
                    ]))
        }
        rows.append(
            subtotal(
                form.labels.subtotal, points: "indicators.weight", pointsSource: "form.indicators", score: "subtotal",
                source: "scores"))
        let nameRole = levels.count > 2 ? levels[1] : levels.last ?? .level1
        let nameThrough = levels.count > 2 ? levels[levels.count - 2] : nil
        let deductionCells: [Placed?] = [
            at(
                .level1,
                cell(
                    literal(form.deductions.title), role: "level1", merge: .band, continued: true,
                    source: "form.deductions")),
            at(nameRole, cell(bound("item.heading"), role: nameRole.rawValue), through: nameThrough),
            levels.count > 2
                ? at(
                    levels[levels.count - 1],
                    cell(
                        literal(form.deductions.action), role: levels[levels.count - 1].rawValue,
                        source: "form.deductions")) : nil,
            at(.weight, cell(bound("item.cap", format(form, .weight)), role: "weight")),
            at(.notes, cell(bound("item.notes"), role: "notes", kind: .notes)),
            at(.score, cell(bound("item.score", format(form, .score)), role: "score")),
            at(
                .groupTotal,
                cell(
                    bound("deductions.total", format(form, .groupTotal)), role: "groupTotal", merge: .band,
                    source: "deductions"))
        ]
        rows.append(
            row(filled(deductionCells.compactMap { $0 }, width: width, covered: covered), band: .deductions))
        rows.append(
            subtotal(
                form.labels.deductionSubtotal, points: "deductions.cap", pointsSource: "form.deductions",
                score: "deductions.total", source: "deductions"))
        return rows
    }

    /// The total: in the group totals' column, else the points column shows the form's total and the score column
    /// the score; and the grade, when the form has grades.
    static func totalRows(_ form: Form) -> [(TemplateRow, [Placed])] {
        let width = form.columns.reduce(0) { $0 + $1.span }
        func at(_ role: ScoreColumn.Role, _ make: @autoclosure () -> TemplateCell) -> Placed? {
            placed(form, role, make())
        }
        var rows: [(TemplateRow, [Placed])] = []
        let totalRole: ScoreColumn.Role = form.columnPositions[.groupTotal] != nil ? .groupTotal : .score
        let totals: [Placed?] =
            totalRole == .groupTotal
            ? [at(.groupTotal, cell(bound("total", format(form, .groupTotal)), role: "groupTotal", source: "scores"))]
            : [
                at(.weight, cell(bound("form.total", format(form, .weight)), role: "weight", source: "form.total")),
                at(.score, cell(bound("total", format(form, .score)), role: "score", source: "scores"))
            ]
        rows.append(row(summary(form, form.labels.total, from: 0, width: width, values: totals)))
        if !form.grades.bands.isEmpty {
            rows.append(
                row(
                    summary(
                        form, form.grades.caption, from: 0, width: width,
                        values: [
                            at(totalRole, cell(bound("grade"), role: totalRole.rawValue, source: "form.grades"))
                        ], labelSource: "form.grades")))
        }
        return rows
    }

    /// The column heads: one row, or two when columns are grouped (the group's head over its columns' heads,
    /// every other head spanning both rows).
    static func scoreHead(_ form: Form) -> [(TemplateRow, [Placed])] {
        let grouped = form.columns.contains { $0.group != nil }
        var top: [Placed] = [], below: [Placed] = []
        var start = 0, index = 0
        while index < form.columns.count {
            let column = form.columns[index]
            guard grouped, let group = column.group else {
                top.append(
                    Placed(
                        cell: cell(
                            literal(column.label), role: column.role.rawValue, kind: .head, span: column.span,
                            rows: grouped ? 2 : 1,
                            source: "form.columns"), column: start))
                start += column.span
                index += 1
                continue
            }
            let groupStart = start
            while index < form.columns.count, form.columns[index].group?.zh == group.zh {
                let member = form.columns[index]
                below.append(
                    Placed(
                        cell: cell(
                            literal(member.label), role: member.role.rawValue, kind: .head, span: member.span,
                            source: "form.columns"), column: start))
                start += member.span
                index += 1
            }
            top.append(
                Placed(
                    cell: cell(
                        literal(group), role: "column-group", kind: .head, span: start - groupStart,
                        source: "form.columns"),
                    column: groupStart))
        }
        return grouped ? [row(top, head: true), row(below, head: true)] : [row(top, head: true)]
    }

    /// A summary row (subtotal, total, grade): its label from column `start` up to the first value, the values
    /// in their columns, an empty cell in every run of columns left over.
    static func summary(
        _ form: Form, _ label: LocalizedText, from start: Int, width: Int, covered: Set<Int> = [], values: [Placed?],
        labelSource: String = "form.labels"
    ) -> [Placed] {
        let placed = values.compactMap { $0 }.filter { $0.column >= start }.sorted { $0.column < $1.column }
        let labelEnd = placed.first?.column ?? width
        guard labelEnd > start else { return filled(placed, width: width, covered: covered) }
        let labelCell = cell(
            literal(label), role: "level1", span: labelEnd - start,
            source: labelSource == "form.grades" ? "form.grades" : "form.labels")
        return filled([Placed(cell: labelCell, column: start)] + placed, width: width, covered: covered)
    }

    // MARK: - The other tables

    static func opinionTable(_ form: Form) -> Table {
        let headed = !form.labels.contentHead.zh.isEmpty || !form.labels.opinionHead.zh.isEmpty
        var rows: [(TemplateRow, [Placed])] = []
        if headed {
            rows.append(
                row(
                    [
                        Placed(
                            cell: cell(
                                literal(form.labels.contentHead), role: "head", kind: .head, source: "form.labels"),
                            column: 0),
                        Placed(
                            cell: cell(
                                literal(form.labels.opinionHead), role: "head", kind: .head, source: "form.labels"),
                            column: 1)
                    ],
                    head: true))
        }
        if !form.sections.isEmpty {
            rows.append(
                row(
                    [
                        Placed(
                            cell: cell(
                                bound("section.label"), role: "section-label", kind: .sectionLabel, continued: true),
                            column: 0),
                        Placed(cell: cell(bound("section.text"), role: "section-body", kind: .narrative), column: 1)
                    ], band: .sections))
        }
        if !form.recommendation.options.isEmpty {
            let title = literal(form.recommendation.title)
            var recommendation = row(
                [
                    Placed(
                        cell: cell(title, role: "section-label", kind: .sectionLabel, source: "form.recommendation"),
                        column: 0),
                    Placed(
                        cell: cell(
                            bound("recommendation"), role: "recommendation", kind: .line, source: "recommendation"),
                        column: 1)
                ],
                kept: form.keepWithPrevious.contains(.recommendation))
            recommendation.0.bookmark = title
            rows.append(recommendation)
        }
        for field in form.signoff where !form.blocks.contains(.signatures) {
            rows.append(
                row(
                    [
                        Placed(
                            cell: cell(
                                bound("signoff.\(field.id).line"), role: "signoff", kind: .line, span: 2,
                                source: "signoff.\(field.id)"),
                            column: 0)
                    ], kept: form.keepWithPrevious.contains(.signoff)))
        }
        return Table(id: "narrative", block: .opinion, className: headed ? "opinion" : "opinion joined", rows: rows)
    }

    static func fundsTable(_ form: Form, withHeader: Bool) -> Table? {
        guard let funds = form.funds else { return nil }
        var rows: [(TemplateRow, [Placed])] = withHeader ? headerRows(form) : []
        rows.append(
            row(
                [
                    Placed(
                        cell: cell(
                            literal(funds.title), role: "funds-title", kind: .head, rows: 2, source: "form.funds"),
                        column: 0),
                    Placed(
                        cell: cell(
                            literal(LocalizedText(zh: "")), role: "funds-head", kind: .head, source: "form.funds"),
                        column: 1)
                ]
                    + funds.columns.enumerated().map { index, column in
                        Placed(
                            cell: cell(literal(column.label), role: "funds-head", kind: .head, source: "form.funds"),
                            column: 2 + index)
                    }))
        rows.append(
            row(
                [Placed(cell: cell(bound("row.label"), role: "funds-row", source: "form.funds"), column: 1)]
                    + funds.columns.enumerated().map { index, column in
                        Placed(
                            cell: cell(
                                bound("row.\(column.role.rawValue)"), role: "funds-\(column.role.rawValue)",
                                kind: column.role == .note ? .notes : .value), column: 2 + index)
                    }, band: .funds))
        return Table(id: "funds", block: .funds, className: "funds", rows: rows)
    }

    static func goalsTable(_ form: Form, withHeader: Bool) -> Table? {
        guard let goals = form.goals else { return nil }
        let first = goals.hasCaptionColumn ? 2 : 1
        var rows: [(TemplateRow, [Placed])] = withHeader ? headerRows(form) : []
        var head = [
            Placed(
                cell: cell(
                    literal(goals.title), role: "goals-title", kind: .head, rows: 2 + goals.notes.count,
                    source: "form.goals"), column: 0)
        ]
        if goals.hasCaptionColumn {
            head.append(
                Placed(
                    cell: cell(
                        literal(goals.caption ?? LocalizedText(zh: "")), role: "goals-caption", kind: .head, rows: 2,
                        source: "form.goals.caption"), column: 1))
        }
        head += [
            Placed(
                cell: cell(literal(goals.expected), role: "goals-head", kind: .head, source: "form.goals"),
                column: first),
            Placed(
                cell: cell(literal(goals.actual), role: "goals-head", kind: .head, source: "form.goals"),
                column: first + 1)
        ]
        rows.append(row(head))
        rows.append(
            row([
                Placed(cell: cell(bound("goals.expected"), role: "goals-expected", kind: .narrative), column: first),
                Placed(cell: cell(bound("goals.actual"), role: "goals-actual", kind: .narrative), column: first + 1)
            ]))
        for note in goals.notes {
            rows.append(
                row([
                    Placed(
                        cell: cell(
                            literal(note.label), role: "goals-note-label", kind: .head, source: "form.goals.notes"),
                        column: 1),
                    Placed(
                        cell: cell(bound("goals.\(note.id)"), role: "goals-note", kind: .narrative, span: 2), column: 2)
                ]))
        }
        return Table(id: "goals", block: .goals, className: "goals", rows: rows)
    }

    /// The sign-off fields side by side, each with room to sign (or its image); a seal field its label.
    static func signaturesTable(_ form: Form) -> Table {
        let cells = form.signoff.enumerated().map { index, field in
            Placed(
                cell: cell(
                    bound("signoff.\(field.id).box"), role: "signature", kind: .line, source: "signoff.\(field.id)"),
                column: index)
        }
        return Table(id: "signatures", block: .signatures, className: "signatures", rows: [row(cells)])
    }
}
