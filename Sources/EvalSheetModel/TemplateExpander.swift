import Foundation

/// Expands a form's sheet template for one scored sheet into logical tables: bands repeated over their
/// lists, cells placed left to right in the columns that no cell from a row above covers (as an HTML table
/// places them), a band cell that names a level of the tree merged over that level's group, and every
/// binding filled in the sheet's language.
struct TemplateExpander {
    let text: SheetText
    let template: SheetTemplate

    var form: Form { text.sheet.form }
    var sheet: ScoredSheet { text.sheet }

    /// One item of a band: a funds row, a leaf's path from its level-1 group down, a section, a sign-off field.
    enum Item {
        case single
        case fundsRow(FundsBlock.Row)
        case branch([Indicator])
        case section(NarrativeSection)
        case field(SignOffField)
    }

    /// The tables in order; the lines before each table travel with it, the lines after the last are
    /// `trailingLines`.
    func tables() -> [LogicalTable] {
        var result: [LogicalTable] = []
        var pending: [LogicalLine] = []
        for item in template.items {
            switch item {
            case let .line(line): pending.append(LogicalLine(text: render(line.text, item: .single), alignment: line.alignment))
            case let .table(table):
                var logical = expand(table)
                logical.linesBefore = pending
                logical.standsApart = !result.isEmpty && !table.joined
                pending = []
                result.append(logical)
            }
        }
        return result
    }

    /// The lines after the last table.
    var trailingLines: [LogicalLine] {
        guard let last = template.items.lastIndex(where: { if case .table = $0 { return true } else { return false } }) else { return [] }
        return template.items[(last + 1)...].compactMap { item in
            guard case let .line(line) = item else { return nil }
            return LogicalLine(text: render(line.text, item: .single), alignment: line.alignment)
        }
    }

    func items(_ band: TemplateBand?) -> [Item] {
        guard let band else { return [.single] }
        switch band {
        case .funds: return (form.funds?.rows ?? []).map(Item.fundsRow)
        case .indicators: return branches().map(Item.branch)
        case .sections: return form.sections.map(Item.section)
        case .signoff: return form.signoff.map(Item.field)
        }
    }

    /// The paths from each level-1 group to each leaf of the sheet's tree. A group whose indicators the
    /// evaluation declares, with none declared, is a row of its own (its deeper cells blank), or left out
    /// when the form hides empty groups (`emptyGroups: hide`), with every group left empty by that.
    func branches() -> [[Indicator]] {
        let declaredGroups = Set(form.declaredGroups.map(\.id))
        func walk(_ node: Indicator, _ path: [Indicator]) -> [[Indicator]] {
            let path = path + [node]
            if node.isLeaf {
                let empty = declaredGroups.contains(node.id)
                return empty && form.emptyGroups == .hide ? [] : [path]
            }
            return node.children.flatMap { walk($0, path) }
        }
        return sheet.indicators.flatMap { walk($0, []) }
    }

    func expand(_ table: TemplateTable) -> LogicalTable {
        let width = table.widths.count
        let bandItems = table.rows.map { items($0.band) }
        var starts: [Int] = []
        var count = 0
        for items in bandItems { starts.append(count); count += items.count }
        starts.append(count)
        var rows = Array(repeating: LogicalRow(cells: []), count: count)
        var covered = Array(repeating: Array(repeating: false, count: width), count: count)
        for (index, row) in table.rows.enumerated() {
            let items = bandItems[index]
            for (offset, item) in items.enumerated() {
                let logical = starts[index] + offset
                var column = 0
                for cell in row.cells {
                    let group = groupRange(cell, items: items, at: offset)
                    guard group.lowerBound == offset else { continue }
                    while column < width && covered[logical][column] { column += 1 }
                    // The loader checks that every row fills the grid; a band that prints nothing leaves less.
                    guard column + cell.span <= width else { break }
                    let rowSpan = row.band == nil ? starts[min(table.rows.count, index + cell.rows)] - logical : group.count
                    for r in logical..<min(count, logical + rowSpan) {
                        for c in column..<(column + cell.span) { covered[r][c] = true }
                    }
                    rows[logical].cells.append(make(cell, item: item, column: column, rowSpan: max(1, rowSpan), table: table))
                    column += cell.span
                }
                if row.keepWithPrevious { rows[logical].keepsWithPrevious = true }
                if case let .section(section) = item { rows[logical].bookmark = text.plain(text.label(section.title)) }
            }
        }
        // Rows before the first head row are printed once, the head rows on every page, the rest is the body.
        let headRows = table.rows.indices.filter { table.rows[$0].head }
        let leadEnd = headRows.first.map { starts[$0] } ?? 0
        let headEnd = headRows.last.map { starts[$0 + 1] } ?? 0
        var logical = LogicalTable(id: table.id, columnCount: width, lead: Array(rows[..<leadEnd]), head: Array(rows[leadEnd..<headEnd]),
                                   body: Array(rows[headEnd...]))
        logical.widths = table.widths
        return logical
    }

    /// The band rows one cell covers: its group's (a level of the tree, or the whole band), else its own.
    func groupRange(_ cell: TemplateCell, items: [Item], at offset: Int) -> Range<Int> {
        switch cell.merge {
        case .none: return offset..<(offset + 1)
        case .band: return 0..<items.count
        case let .level(level):
            func key(_ item: Item) -> String? {
                guard case let .branch(path) = item, path.count >= level else { return nil }
                return path[level - 1].id
            }
            guard let own = key(items[offset]) else { return offset..<(offset + 1) }
            var low = offset, high = offset + 1
            while low > 0 && key(items[low - 1]) == own { low -= 1 }
            while high < items.count && key(items[high]) == own { high += 1 }
            return low..<high
        }
    }

    func make(_ cell: TemplateCell, item: Item, column: Int, rowSpan: Int, table: TemplateTable) -> LogicalCell {
        let source = cell.text.soleBinding.map { itemSource($0, item: item) } ?? "form.sheet.\(table.id)"
        var content: LogicalCell.Content = .text(render(cell.text, item: item))
        var kind = cell.kind
        if let binding = cell.text.soleBinding, let paragraphs = paragraphs(binding, item: item, text: text) {
            content = .paragraphs(paragraphs)
            kind = .narrative
        }
        var logical = LogicalCell(column: column, columnSpan: cell.span, rowSpan: rowSpan, role: "template", kind: kind,
                                  content: content, source: source)
        if cell.continued, rowSpan > 1, case let .text(shown) = content, !shown.isEmpty {
            logical.continuation = text.compose { language in
                render(cell.text, item: item, language: language) + form.labels.continued.text(language)
            }
        }
        return logical
    }

    /// The field a bound cell shows, for messages (`scores.output.1`, `funds.total`, `narrative.problems`).
    func itemSource(_ binding: TemplateBinding, item: Item) -> String {
        switch (item, binding.path.first) {
        case let (.fundsRow(row), "row"?): return "funds.\(row.id)"
        case let (.branch(path), "node"?): return "scores.\(path.last!.id)"
        case let (.section(section), "section"?): return "narrative.\(section.id)"
        case let (.field(field), "field"?): return "signoff.\(field.id)"
        default: return binding.source
        }
    }

    /// A text in the sheet's language: each language's own segments, filled in that language, joined as
    /// every bilingual text is.
    func render(_ template: TemplateText, item: Item) -> String {
        text.compose { render(template, item: item, language: $0) }
    }

    func render(_ template: TemplateText, item: Item, language: Language) -> String {
        let single = SheetText(sheet, language: language)
        return template.segments(language).map { segment in
            switch segment {
            case let .literal(literal): return literal
            case let .binding(binding): return value(binding, item: item, text: single)
            }
        }.joined()
    }

    /// Paragraphs a binding stands for (narrative, goals), in the sheet's language(s); nil for other values.
    func paragraphs(_ binding: TemplateBinding, item: Item, text: SheetText) -> [Paragraph]? {
        let path = binding.path
        switch (path.first, item) {
        case ("narrative"?, _):
            return form.sections.first { $0.id == path[1] }.map(text.paragraphs)
        case ("goals"?, _):
            let goals = sheet.evaluation.goals
            return path[1] == "expected" ? goals.expected : path[1] == "actual" ? goals.actual : goals.notes[path[1]] ?? []
        case let ("section"?, .section(section)) where path[1] == "text":
            return text.paragraphs(section)
        default:
            return nil
        }
    }

    /// One binding's text in one language (`text` is single-language).
    func value(_ binding: TemplateBinding, item: Item, text: SheetText) -> String {
        if let paragraphs = paragraphs(binding, item: item, text: text) {
            return paragraphs.map(\.plainText).joined(separator: "\n")
        }
        let path = binding.path
        let language = text.language
        func number(_ value: Decimal?) -> String {
            guard let value else { return "" }
            if case let .decimals(decimals)? = binding.format { return ExactDecimal.format(value, decimals: decimals) }
            return ExactDecimal.format(value)
        }
        func decimals() -> Int? { if case let .decimals(decimals)? = binding.format { return decimals } else { return nil } }
        switch (path[0], item) {
        case ("year", _): return String(sheet.evaluation.year)
        case ("title", _): return text.title
        case ("total", _): return sheet.isComplete ? number(sheet.total) : ""
        case ("subtotal", _): return sheet.isComplete ? number(sheet.subtotal) : ""
        case ("grade", _): return text.gradeName
        case ("recommendation", _): return text.recommendationLine
        case ("form", _): return number(form.total)
        case ("deductions", _): return number(sheet.deductionTotal)
        case ("header", _):
            guard let field = form.header.first(where: { $0.id == path[1] }) else { return "" }
            if field.kind == .money, let amount = ExactDecimal.parse(sheet.header(field.id)) {
                return binding.format == .exact ? ExactDecimal.format(amount) : ExactDecimal.format(amount, decimals: decimals() ?? field.decimals)
            }
            if field.kind == .choice { return field.marked(sheet.header(field.id), language: language) }
            return sheet.header(field.id)
        case ("funds", _):
            guard let funds = form.funds else { return "" }
            if path[1] == "score" { return number(sheet.fundsScore) }
            guard let row = funds.rows.first(where: { $0.id == path[1] }) else { return "" }
            return fundsValue(row, property: path[2], text: text, format: binding.format)
        case let ("row", .fundsRow(row)):
            return fundsValue(row, property: path[1], text: text, format: binding.format)
        case ("signoff", _):
            guard let field = form.signoff.first(where: { $0.id == path[1] }) else { return "" }
            return path.count == 3 ? text.signoffLine(field) : signoffValue(field, text: text)
        case let ("field", .field(field)):
            switch path[1] {
            case "label": return field.label.text(language)
            case "line": return text.signoffLine(field)
            default: return signoffValue(field, text: text)
            }
        case let ("section", .section(section)):
            switch path[1] {
            case "title", "label": return section.title.text(language)
            default: return section.subtitle?.text(language) ?? ""
            }
        case let ("node", .branch(branch)):
            guard let leaf = branch.last, branch.count == form.depth || leaf.target != nil else { return "" }
            return indicatorValue(leaf, property: Array(path.dropFirst()), text: text, number: number)
        case let (level, .branch(branch)) where level.hasPrefix("level"):
            guard let depth = Int(level.dropFirst(5)), depth <= branch.count else { return "" }
            return indicatorValue(branch[depth - 1], property: Array(path.dropFirst()), text: text, number: number)
        default:
            return ""
        }
    }

    func fundsValue(_ row: FundsBlock.Row, property: String, text: SheetText, format: TemplateBinding.Format?) -> String {
        guard let funds = form.funds else { return "" }
        if property == "label" { return text.label(row.label) }
        guard let role = FundsBlock.Column.Role(rawValue: property) else { return "" }
        let column = funds.columns.first { $0.role == role } ?? FundsBlock.Column(role: role, label: LocalizedText(zh: ""), decimals: nil)
        if case let .decimals(decimals)? = format { return text.fundsValue(column, row, decimals: decimals) }
        return text.fundsValue(column, row, exact: format == .exact)
    }

    /// A sign-off field's value alone (names joined, a date as the form writes dates).
    func signoffValue(_ field: SignOffField, text: SheetText) -> String {
        let line = text.signoffLine(field)
        let prefix = field.label.text(text.language) + form.labels.signoffSeparator.text(text.language)
        return line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : line
    }

    func indicatorValue(_ node: Indicator, property: [String], text: SheetText, number: (Decimal?) -> String) -> String {
        let language = text.language
        switch property[0] {
        case "name": return node.name.text(language)
        case "heading": return text.heading(node)
        case "weight": return number(node.weight)
        case "score":
            if node.isLeaf { return number(sheet.scores[node.id]) }
            return sheet.isComplete(node) ? number(sheet.indicatorTotals[node.id]) : ""
        case "notes": return node.notes?.text(language) ?? ""
        case "target": return node.target ?? ""
        case "actual": return node.actual ?? ""
        case "deviation": return node.deviation ?? ""
        case "field": return property.count > 1 ? node.fields[property[1]]?.text(language) ?? "" : ""
        default: return ""
        }
    }
}
