import EvalSheetModel
import Foundation

/// Expands a form's sheet template for one scored sheet into logical tables: bands repeated over their
/// lists, cells placed left to right in the columns that no cell from a row above covers (as an HTML table
/// places them), a band cell that names a level of the tree merged over that level's group, and every
/// binding filled in the sheet's language.
struct TemplateExpander {
    let text: SheetText
    let template: SheetTemplate
    /// The sheet's text in each single language, made once: a bilingual text is filled in each (making them
    /// per cell was half of the expander's time: 50 M instructions of copies in 20 sheets).
    let chinese: SheetText, english: SheetText
    /// The form's depth, found once: walking the tree for it at each cell cost 0.9 % of a 20-sheet batch.
    let depth: Int

    /// Whether cells name the field they show whole (`SheetStructure.marksFields`).
    let marksFields: Bool

    init(text: SheetText, template: SheetTemplate, marksFields: Bool = false) {
        self.text = text
        self.marksFields = marksFields
        self.template = template
        chinese = SheetText(text.sheet, language: .zh)
        english = SheetText(text.sheet, language: .en)
        depth = text.sheet.form.depth
    }

    var form: Form { text.sheet.form }
    var sheet: ScoredSheet { text.sheet }

    /// One item of a band: a funds row, a leaf's path from its level-1 group down, a section, a sign-off field.
    enum Item {
        case single
        case fundsRow(FundsBlock.Row)
        case branch([Indicator])
        case section(NarrativeSection)
        case field(SignOffField)
        case deduction(DeductionIndicator)
        /// A placeholder row of a group whose indicators the evaluation declares (`slots:`): its label (指标1,
        /// ……) and the path down to the indicator that fills it, or to the group when none does.
        case slot([Indicator], label: String)
        /// A row printed before a level-1 group (`groupHeads`), the index of its row among them.
        case groupHead([Indicator], row: Int)
        /// A group's row in a band over one level's groups (`level:`): its path, `{node.*}` binding the group.
        case group([Indicator])

        /// The path from the level-1 group an indicators band's row stands under; a group head stands under
        /// none (no level cell is merged over it).
        var path: [Indicator]? {
            switch self {
            case let .branch(path), let .slot(path, _), let .group(path): return path
            default: return nil
            }
        }

        /// The indicators the row's bindings name (`{level1.name}` of a group head too).
        var bound: [Indicator]? {
            if case let .groupHead(path, _) = self { return path }
            return path
        }
    }

    /// The tables in order; the lines before each table travel with it, the lines after the last are
    /// `trailingLines`.
    func tables() -> [(block: SheetBlock, table: LogicalTable)] {
        var result: [(block: SheetBlock, table: LogicalTable)] = []
        var pending: [LogicalLine] = []
        for item in template.items {
            switch item {
            case let .line(line):
                pending.append(LogicalLine(text: render(line.text, item: .single), alignment: line.alignment))
            case let .table(table):
                var logical = expand(table)
                logical.linesBefore = pending
                logical.standsApart = !result.isEmpty && !table.joined
                pending = []
                result.append((table.block, logical))
            }
        }
        return result
    }

    /// The lines after the last table.
    var trailingLines: [LogicalLine] {
        guard let last = template.items.lastIndex(where: { if case .table = $0 { return true } else { return false } })
        else { return [] }
        return template.items[(last + 1)...].compactMap { item in
            guard case let .line(line) = item else { return nil }
            return LogicalLine(text: render(line.text, item: .single), alignment: line.alignment)
        }
    }

    func items(_ row: TemplateRow) -> [Item] {
        guard let band = row.band else { return [.single] }
        switch band {
        case .funds: return (form.funds?.rows ?? []).map(Item.fundsRow)
        case .indicators:
            let paths = branches(keepingFirst: row.keepsEmptyLevel1 || !row.slots.isEmpty)
            let items =
                row.level.map { grouped(paths, level: $0) }
                ?? (row.slots.isEmpty ? paths.map(Item.branch) : slotted(paths, labels: row.slots))
            return row.groupHeads.isEmpty ? items : headed(items, rows: row.groupHeads.count)
        case .sections: return form.sections.map(Item.section)
        case .signoff: return form.signoff.map(Item.field)
        case .deductions: return form.deductions.items.map(Item.deduction)
        }
    }

    /// The paths from each level-1 group to each leaf of the sheet's tree. A group whose indicators the
    /// evaluation declares, with none declared, is a row of its own (its deeper cells blank), or left out
    /// when the form hides empty groups (`emptyGroups: hide`), with every group left empty by that; or, with
    /// `keepingFirst` (the block score table), a group all of whose groups are hidden keeps its first.
    func branches(keepingFirst: Bool = false) -> [[Indicator]] {
        let declaredGroups = Set(form.declaredGroups.map(\.id))
        func hidden(_ node: Indicator) -> Bool {
            form.emptyGroups == .hide && node.children.isEmpty && declaredGroups.contains(node.id)
        }
        func walk(_ node: Indicator, _ path: [Indicator]) -> [[Indicator]] {
            let path = path + [node]
            if node.isLeaf { return [path] }
            let shown = node.children.filter { !hidden($0) }
            if shown.isEmpty { return keepingFirst ? node.children.prefix(1).flatMap { walk($0, path) } : [] }
            return shown.flatMap { walk($0, path) }
        }
        return sheet.indicators.flatMap { node in hidden(node) && !keepingFirst ? [] : walk(node, []) }
    }

    /// The rows of a band with placeholder slots: each group whose indicators the evaluation declares prints
    /// its slots in order, the first ones holding its declared indicators (as many rows as it declares, when
    /// they are more), the last slot (……) always its own row; the form's own indicators print as they are.
    func slotted(_ paths: [[Indicator]], labels: [String]) -> [Item] {
        let declaredGroups = Set(form.declaredGroups.map(\.id))
        var items: [Item] = []
        var index = 0
        while index < paths.count {
            let path = paths[index]
            // The group a path stands under: a declared group with nothing declared is the path's end.
            let groupAt =
                path.count >= 2 && declaredGroups.contains(path[path.count - 2].id)
                ? path.count - 2
                : declaredGroups.contains(path[path.count - 1].id) ? path.count - 1 : nil
            guard let groupAt else { items.append(.branch(path)); index += 1; continue }
            let group = path[groupAt]
            var filled: [[Indicator]] = []
            while index < paths.count, paths[index].count > groupAt, paths[index][groupAt].id == group.id {
                if paths[index].count > groupAt + 1 { filled.append(paths[index]) }
                index += 1
            }
            let groupPath = Array(path[...groupAt])
            let count = max(labels.count - 1, filled.count)
            for slot in 0..<count {
                items.append(
                    .slot(
                        slot < filled.count ? filled[slot] : groupPath,
                        label: slot < labels.count - 1 ? labels[slot] : ""))
            }
            items.append(.slot(groupPath, label: labels[labels.count - 1]))
        }
        return items
    }

    /// One row per group of a level, in the tree's order (a path that ends above it, a group with nothing
    /// declared, stands as it is).
    func grouped(_ paths: [[Indicator]], level: Int) -> [Item] {
        var result: [Item] = []
        for path in paths {
            let group = Array(path.prefix(level))
            if case let .group(last)? = result.last, last.map(\.id) == group.map(\.id) { continue }
            result.append(.group(group))
        }
        return result
    }

    /// The band's rows with the group head rows before each level-1 group.
    func headed(_ items: [Item], rows: Int) -> [Item] {
        var result: [Item] = []
        var group: String?
        for item in items {
            if let first = item.path?.first, first.id != group {
                group = first.id
                result += (0..<rows).map { Item.groupHead([first], row: $0) }
            }
            result.append(item)
        }
        return result
    }

    func expand(_ table: TemplateTable) -> LogicalTable {
        let width = table.widths.count
        let bandItems = table.rows.map { items($0) }
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
                var cells = row.cells
                if case let .groupHead(_, head) = item {
                    // The head's cells in place of the band's own; a cell merged over the whole band stands beside
                    // them (emitted with the band's first row, a head row itself).
                    let before = row.cells.prefix { $0.merge == .band }
                    cells =
                        Array(before) + row.groupHeads[head]
                        + row.cells.dropFirst(before.count).filter { $0.merge == .band }
                    // A group's head is never the last row of a page: the group's first row follows it.
                    if logical + 1 < count { rows[logical + 1].keepsWithPrevious = true }
                }
                if case let .branch(path) = item { cells = spanningShallowLeaf(cells, path: path) }
                for cell in cells {
                    let group = groupRange(cell, items: items, at: offset)
                    guard group.lowerBound == offset else { continue }
                    if let fixed = cell.column { column = fixed }
                    while column < width && covered[logical][column] { column += 1 }
                    // The loader checks that every row fills the grid; a band that prints nothing leaves less.
                    guard column + cell.span <= width else { break }
                    let after = starts[min(table.rows.count, index + 1 + cell.rowsAfterBand)] - starts[index + 1]
                    let rowSpan =
                        row.band == nil
                        ? starts[min(table.rows.count, index + cell.rows)] - logical : group.count + after
                    for r in logical..<min(count, logical + rowSpan) {
                        for c in column..<(column + cell.span) { covered[r][c] = true }
                    }
                    rows[logical].cells.append(
                        make(cell, item: item, column: column, rowSpan: max(1, rowSpan), table: table))
                    column += cell.span
                }
                if row.keepWithPrevious { rows[logical].keepsWithPrevious = true }
                if case let .section(section) = item { rows[logical].bookmark = text.plain(text.label(section.title)) }
                if let bookmark = row.bookmark { rows[logical].bookmark = text.plain(render(bookmark, item: item)) }
            }
        }
        // Rows before the first head row (or marked lead) are printed once, the head rows on every page, the
        // rest is the body.
        let headRows = table.rows.indices.filter { table.rows[$0].head }
        let leadEnd = headRows.first.map { starts[$0] } ?? starts[table.rows.prefix { $0.lead }.count]
        let headEnd = headRows.last.map { starts[$0 + 1] } ?? 0
        var logical = LogicalTable(
            id: table.id, columnCount: width, lead: Array(rows[..<leadEnd]),
            head: Array(rows[leadEnd..<max(leadEnd, headEnd)]),
            body: Array(rows[max(leadEnd, headEnd)...]))
        logical.widths = table.widths
        logical.className = table.className
        logical.splitRowsTallerThan = table.splitRowsTallerThan
        return logical
    }

    /// The cells of a row whose indicator is scored higher up than the tree's depth (a level-2 indicator with no
    /// level 3 under it, beside level-3 leaves): its own level's cell spans the columns of the deeper levels'
    /// cells and of the cell naming the indicator (`{node.name}`), as published sheets merge 二级指标 over
    /// 三级指标 there, so that its name is printed once. Without a cell of its own level it stays as it is: the
    /// deeper levels' cells blank, `{node.name}` naming it.
    func spanningShallowLeaf(_ cells: [TemplateCell], path: [Indicator]) -> [TemplateCell] {
        guard path.count < depth, let leaf = path.last, form.scoresAsItStands(leaf),
            let own = cells.firstIndex(where: { $0.merge == .level(path.count) })
        else { return cells }
        var end = own + 1
        while end < cells.count, case let .level(level) = cells[end].merge, level > path.count { end += 1 }
        if end < cells.count, cells[end].text.bindings.contains(where: { $0.path == ["node", "name"] }) { end += 1 }
        guard end > own + 1 else { return cells }
        var merged = cells[own]
        merged.span = cells[own..<end].reduce(0) { $0 + $1.span }
        return Array(cells[..<own]) + [merged] + Array(cells[end...])
    }

    /// The band rows one cell covers: its group's (a level of the tree, or the whole band), else its own.
    func groupRange(_ cell: TemplateCell, items: [Item], at offset: Int) -> Range<Int> {
        switch cell.merge {
        case .none: return offset..<(offset + 1)
        case .band: return 0..<items.count
        case let .level(level):
            func key(_ item: Item) -> String? {
                guard let path = item.path, path.count >= level else { return nil }
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
        let sole = cell.text.soleBinding
        let source = cell.source ?? sole.map { itemSource($0, item: item) } ?? "form.sheet.\(table.id)"
        var content: LogicalCell.Content = .text(render(cell.text, item: item))
        // Room to sign below a sign-off box's line (three empty lines), unless an image fills it or it is a seal's.
        if let field = boxField(sole, item: item), field.kind != .seal, sheet.evaluation.signoffImages[field.id] == nil,
            case let .text(line) = content
        {
            content = .text(line + "\n\n\n")
        }
        var kind = cell.kind
        var section: NarrativeSection?
        if let binding = sole, let paragraphs = paragraphs(binding, item: item, text: text) {
            content = .paragraphs(paragraphs)
            kind = .narrative
        } else if case let .section(found) = item, sole?.source == "section.label" {
            section = found
            let (title, subtitle) = text.sectionLabel(found)
            content = .titled(title: title, subtitle: subtitle)
        } else if kind == .sectionLabel, case let .text(title) = content {
            content = .titled(title: title, subtitle: nil)
        }
        var logical = LogicalCell(
            column: column, columnSpan: cell.span, rowSpan: rowSpan, role: cell.role, kind: kind,
            content: content, source: source)
        // A group's cell continues on the next page with its name and `（续）`; a leaf standing in a group's column
        // (a group with nothing declared under it) does not.
        var continues = cell.continued && !logical.plainText.isEmpty
        if case let .level(level) = cell.merge, let path = item.path { continues = continues && path.count > level }
        if continues {
            logical.continuation =
                section.map { text.continued($0.title) }
                ?? text.compose { language in
                    render(cell.text, item: item, language: language) + form.labels.continued.text(language)
                }
        }
        logical.image = image(sole, item: item)
        if marksFields { logical.field = editableField(sole, item: item) }
        logical.alignment = cell.alignment
        logical.rules = cell.rules
        logical.padding = cell.padding
        // A narrative has more room beside its text than the table's cells (`PageStyle.narrativeInsetX`).
        if kind == .narrative, cell.padding?.x == nil, form.style.narrativeInsetX != form.style.cellPaddingX {
            logical.padding = CellPadding(x: form.style.narrativeInsetX / PageStyle.millimetre, y: cell.padding?.y)
        }
        return logical
    }

    /// The seal or signature image a sign-off cell shows (`{signoff.lead.line}`, `{field.box}`), when the
    /// evaluation gives one.
    func image(_ binding: TemplateBinding?, item: Item) -> CellImage? {
        guard let binding, ["line", "box"].contains(binding.path.last) else { return nil }
        let field: SignOffField?
        switch (binding.path[0], item) {
        case ("signoff", _) where binding.path.count == 3: field = form.signoff.first { $0.id == binding.path[1] }
        case let ("field", .field(found)): field = found
        default: field = nil
        }
        guard let field, let image = sheet.evaluation.signoffImages[field.id] else { return nil }
        return CellImage(
            image: image.value, size: field.imageSize, overText: field.kind == .seal,
            description: text.plain(text.label(field.label)))
    }

    /// The field a bound cell shows, for messages (`scores.output.1`, `funds.total`, `narrative.problems`).
    func itemSource(_ binding: TemplateBinding, item: Item) -> String {
        switch (item, binding.path.first) {
        case let (.fundsRow(row), "row"?): return "funds.\(row.id)"
        case let (item, "node"?) where item.path != nil:
            let path = item.path!
            let leaf = path.last!.id
            switch binding.path.last {
            case "score": return "scores.\(leaf)"
            case "notes": return "form.indicators.\(leaf).notes"
            case "name", "weight": return "form.indicators.\(leaf)"
            default: return "indicators"
            }
        case let (.section(section), "section"?):
            return binding.path.last == "label" ? "form.sections.\(section.id)" : "narrative.\(section.id)"
        case let (.field(field), "field"?): return "signoff.\(field.id)"
        case let (.deduction(deduction), "item"?):
            return binding.path.last == "notes"
                ? "form.deductions.\(deduction.id).notes"
                : binding.path.last == "score" ? "deductions.\(deduction.id)" : "form.deductions.\(deduction.id)"
        case let (item, level?) where level.hasPrefix("level") && item.bound != nil:
            let path = item.bound!
            return Int(level.dropFirst(5)).flatMap { $0 <= path.count ? "form.indicators.\(path[$0 - 1].id)" : nil }
                ?? "indicators"
        case (_, "signoff"?) where binding.path.count == 3: return "signoff.\(binding.path[1])"
        default: return binding.source
        }
    }
}
