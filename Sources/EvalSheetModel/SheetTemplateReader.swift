import Foundation

/// Reads a form's `sheet:` (see `SheetTemplate`) once the rest of the form is read, since its bindings
/// name the form's header fields, funds rows, sections and levels. Every problem is reported at its line:
/// a malformed or unknown binding (with the bindings of its place), a row that does not fill the grid, a
/// band over a list the form does not have.
enum SheetTemplateReader {
    static let kinds: [String: CellKind] = [
        "head": .head, "value": .value, "notes": .notes, "line": .line, "narrative": .narrative,
        "label": .sectionLabel
    ]

    static func read(_ value: YAMLValue, form: Form, log: inout DiagnosticLog) -> SheetTemplate? {
        guard let entries = value.list(log: &log) else { return nil }
        let before = log.entries.count
        var items: [SheetTemplate.Item] = []
        var tableIDs: [String: SourcePosition?] = [:]
        for entry in entries {
            guard var reader = FieldReader(entry, log: &log) else { continue }
            if let line = reader.optional("line") {
                if let item = readLine(line, form: form, log: &log) { items.append(.line(item)) }
            } else if let tableValue = reader.optional("table") {
                if let table = readTable(tableValue, form: form, log: &log) {
                    if let first = tableIDs[table.id] {
                        log.error(
                            tableValue.path + ".id", at: table.position,
                            Message(
                                "duplicate-table",
                                en:
                                    "duplicate table id '\(table.id)'\(first.map { " (first at line \($0.line))" } ?? ""): each must be different",
                                zh: "表格 id '\(table.id)' 重复\(first.map { "（第一次在第 \($0.line) 行）" } ?? "")：每个都要不同")
                        )
                    }
                    tableIDs[table.id] = table.position
                    items.append(.table(table))
                }
            } else {
                log.error(
                    entry.path, at: entry.position,
                    Message("expected-line-or-table", en: "expected 'line:' or 'table:'", zh: "这里应是 'line:' 或 'table:'")
                )
            }
            reader.reportUnknown(log: &log)
        }
        if !entries.contains(where: { $0.mapping?.contains { $0.key == "table" } == true }) {
            log.error(
                value.path, at: value.position,
                Message("sheet-without-table", en: "the sheet has no table", zh: "评分表没有表格"))
        }
        return log.entries[before...].contains { $0.severity == .error } ? nil : SheetTemplate(items: items)
    }

    /// A localized text with its bindings checked for the place (`band`).
    static func readText(_ value: YAMLValue, form: Form, band: TemplateBand?, log: inout DiagnosticLog) -> TemplateText?
    {
        guard let localized = value.localized(log: &log) else { return nil }
        func parse(_ text: String) -> [TemplateText.Segment]? {
            switch TemplateText.parse(text) {
            case let .failure(error):
                log.error(
                    value.path, at: value.position,
                    Message(
                        "not-a-binding",
                        en:
                            "'\(error.text)' is not a binding: write {path} or {path|format} (formats: a number of decimals, exact, a pattern with … for the value such as (…分)); {{ and }} print braces",
                        zh: "'\(error.text)' 不是绑定：写 {路径} 或 {路径|格式}（格式：小数位数、exact、用 … 代表值的样式，如 (…分)）；{{ 和 }} 打印花括号")
                )
                return nil
            case let .success(segments):
                for case let .binding(binding) in segments
                where !TemplateBindings.isKnown(binding, form: form, band: band) {
                    log.error(
                        value.path, at: value.position, TemplateBindings.unknownMessage(binding, form: form, band: band)
                    )
                }
                return segments
            }
        }
        guard let zh = parse(localized.zh) else { return nil }
        let en = localized.en.flatMap(parse)
        return TemplateText(zh: zh, en: en)
    }

    static func readLine(_ value: YAMLValue, form: Form, log: inout DiagnosticLog) -> TemplateLine? {
        if let mapping = value.mapping, mapping.contains(where: { $0.key == "text" }) {
            guard var reader = FieldReader(value, log: &log) else { return nil }
            let text = reader.required("text", log: &log).flatMap { readText($0, form: form, band: nil, log: &log) }
            let alignment =
                reader.optional("align").flatMap { FormLoader.readChoice($0, FreeLine.Alignment.self, log: &log) }
                ?? .start
            reader.reportUnknown(log: &log)
            return text.map { TemplateLine(text: $0, alignment: alignment) }
        }
        return readText(value, form: form, band: nil, log: &log).map { TemplateLine(text: $0, alignment: .start) }
    }

    static func readTable(_ value: YAMLValue, form: Form, log: inout DiagnosticLog) -> TemplateTable? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let id = reader.required("id", log: &log)?.string(log: &log)
        let widthValues = reader.required("columns", log: &log)?.list(log: &log)
        let widths = widthValues?.compactMap { item -> Double? in
            guard let width = item.decimal(log: &log) else { return nil }
            guard width > 0 else {
                log.error(
                    item.path, at: item.position,
                    Message("column-width-zero", en: "a column's width must be above zero", zh: "栏宽要大于零"));
                return nil
            }
            return NSDecimalNumber(decimal: width).doubleValue
        }
        let joined = reader.optional("joined").flatMap { $0.bool(log: &log) } ?? false
        var splitRows: Double?
        if let splitValue = reader.optional("splitRowsTallerThan"), let percent = splitValue.decimal(log: &log) {
            if (0...100).contains(percent) {
                splitRows = NSDecimalNumber(decimal: percent / 100).doubleValue
            } else {
                log.error(
                    splitValue.path, at: splitValue.position,
                    Message(
                        "percent-of-height", en: "a percent of the page's text height, 0 to 100",
                        zh: "页面文字区高度的百分比，0 到 100"))
            }
        }
        let rowValues = reader.required("rows", log: &log)?.list(log: &log)
        reader.reportUnknown(log: &log)
        guard let id, let widths, let widthValues, widths.count == widthValues.count, !widths.isEmpty, let rowValues
        else { return nil }
        let rows = rowValues.compactMap { readRow($0, form: form, log: &log) }
        guard rows.count == rowValues.count else { return nil }
        var table = TemplateTable(id: id, widths: widths, rows: rows, joined: joined, position: value.position)
        if let splitRows { table.splitRowsTallerThan = splitRows }
        checkGrid(table, path: value.path, form: form, log: &log)
        return table
    }

    static func readRow(_ value: YAMLValue, form: Form, log: inout DiagnosticLog) -> TemplateRow? {
        // A row is a list of cells, or a mapping with its cells and what it repeats over.
        if value.sequence != nil {
            let cells = readCells(value, form: form, band: nil, log: &log)
            return cells.map {
                TemplateRow(cells: $0, band: nil, head: false, keepWithPrevious: false, position: value.position)
            }
        }
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let band = reader.optional("band").flatMap { FormLoader.readChoice($0, TemplateBand.self, log: &log) }
        let head = reader.optional("head").flatMap { $0.bool(log: &log) } ?? false
        let kept = reader.optional("keepWithPrevious").flatMap { $0.bool(log: &log) } ?? false
        let slotsValue = reader.optional("slots")
        let slots = slotsValue?.list(log: &log)?.compactMap { $0.string(log: &log) } ?? []
        if let slotsValue, band != .indicators || slots.isEmpty {
            log.error(
                slotsValue.path, at: slotsValue.position,
                Message(
                    "slots-misplaced", en: "'slots' lists the placeholder rows (指标1, 指标2, ……) of an indicators band",
                    zh: "'slots' 列出指标区域的占位行（指标1、指标2、……）"))
        }
        let cells = reader.required("cells", log: &log).flatMap { readCells($0, form: form, band: band, log: &log) }
        let levelValue = reader.optional("level")
        let level = levelValue?.integer(log: &log)
        if let levelValue, let level, band != .indicators || !(1..<max(1, form.depth)).contains(level) {
            log.error(
                levelValue.path, at: levelValue.position,
                band != .indicators
                    ? Message(
                        "level-outside-indicators", en: "'level' is for an indicators band", zh: "'level' 只用于指标区域")
                    : Message(
                        "group-level-range",
                        en:
                            "the groups' levels are 1 to \(form.depth - 1) (level \(form.depth) is the leaves, the band's rows without 'level')",
                        zh: "分组的级次为 1 到 \(form.depth - 1)（第 \(form.depth) 级是末级指标，即区域中不带 'level' 的行）")
            )
        }
        // Placeholder rows stand under the groups an evaluation declares indicators in: a band of groups has none.
        if let levelValue, slotsValue != nil {
            log.error(
                levelValue.path, at: levelValue.position,
                Message(
                    "slots-and-level",
                    en: "a band over a level's groups has no placeholder rows: 'slots' or 'level', not both",
                    zh: "按某一级分组的区域没有占位行：'slots' 和 'level' 只能用一个"))
        }
        let groupHeads =
            reader.optional("groupHeads").map { readGroupHeads($0, cells: cells, band: band, form: form, log: &log) }
            ?? []
        reader.reportUnknown(log: &log)
        if let band, let bandValue = value.mapping?.first(where: { $0.key == "band" })?.value {
            checkBand(band, at: bandValue, head: head, form: form, log: &log)
        }
        guard let cells else { return nil }
        var row = TemplateRow(cells: cells, band: band, head: head, keepWithPrevious: kept, position: value.position)
        row.slots = slots
        row.groupHeads = groupHeads
        row.level = level.flatMap { (1..<max(1, form.depth)).contains($0) ? $0 : nil }
        return row
    }

    /// A band prints something: its form has what it repeats over, and it is not a head row (repeated as is).
    static func checkBand(
        _ band: TemplateBand, at bandValue: YAMLValue, head: Bool, form: Form, log: inout DiagnosticLog
    ) {
        let empty: Bool
        switch band {
        case .funds: empty = form.funds?.rows.isEmpty ?? true
        case .indicators: empty = form.indicators.isEmpty
        case .sections: empty = form.sections.isEmpty
        case .signoff: empty = form.signoff.isEmpty
        case .deductions: empty = form.deductions.items.isEmpty
        }
        if empty {
            log.error(
                bandValue.path, at: bandValue.position,
                Message(
                    "band-prints-nothing",
                    en: "a \(band.rawValue) band over a form without \(band.rawValue) would print nothing",
                    zh: "表样没有 \(band.rawValue)，\(band.rawValue) 区域什么也不会打印"))
        }
        if head {
            log.error(
                bandValue.path, at: bandValue.position,
                Message(
                    "band-in-head", en: "a band cannot be a head row (head rows are repeated as they are)",
                    zh: "区域不能是表头行（表头行原样重复）"))
        }
    }

    /// The rows an indicators band prints before each level-1 group: each spans the columns the band's own
    /// cells take (less those merged over the whole band, which stand beside it); a head's cells are its own,
    /// never merged over the group or continued.
    static func readGroupHeads(
        _ value: YAMLValue, cells: [TemplateCell]?, band: TemplateBand?, form: Form, log: inout DiagnosticLog
    ) -> [[TemplateCell]] {
        let headRows = value.list(log: &log) ?? []
        for cell in headRows.flatMap({ $0.sequence ?? [] }) {
            for entry in cell.mapping ?? [] where ["merge", "continued"].contains(entry.key) {
                log.error(
                    entry.value.path, at: entry.value.position,
                    Message(
                        "group-head-merged", en: "a group head's cell is its own row's: it is not merged or continued",
                        zh: "分组标题行的单元格只属于本行：不合并也不续接"))
            }
        }
        let heads = headRows.compactMap { readCells($0, form: form, band: .indicators, log: &log) }
            .map {
                $0.map { cell in
                    var own = cell; own.merge = .none; own.continued = false; return own
                }
            }
        let width = cells?.filter { $0.merge != .band }.reduce(0) { $0 + $1.span }
        if band != .indicators || heads.isEmpty {
            log.error(
                value.path, at: value.position,
                Message(
                    "group-heads-misplaced",
                    en: "'groupHeads' lists the rows an indicators band prints before each level-1 group",
                    zh: "'groupHeads' 列出指标区域在每个一级分组前打印的行"))
        } else if let width, let wrong = heads.firstIndex(where: { $0.reduce(0) { $0 + $1.span } != width }) {
            log.error(
                value.path, at: value.position,
                Message(
                    "group-head-width",
                    en:
                        "group head row \(wrong + 1) spans \(heads[wrong].reduce(0) { $0 + $1.span }) columns where the band's cells span \(width) (those merged over the whole band stand beside it)",
                    zh:
                        "分组标题第 \(wrong + 1) 行跨 \(heads[wrong].reduce(0) { $0 + $1.span }) 列，而区域的单元格跨 \(width) 列（合并整个区域的单元格在它旁边）"
                ))
        }
        return heads
    }

    static func readCells(_ value: YAMLValue, form: Form, band: TemplateBand?, log: inout DiagnosticLog)
        -> [TemplateCell]?
    {
        guard let items = value.list(log: &log) else { return nil }
        let cells = items.compactMap { readCell($0, form: form, band: band, log: &log) }
        return cells.count == items.count ? cells : nil
    }

    static func readCell(_ value: YAMLValue, form: Form, band: TemplateBand?, log: inout DiagnosticLog) -> TemplateCell?
    {
        let textValue: YAMLValue?
        var reader: FieldReader?
        if value.scalarText != nil || value.mapping?.contains(where: { $0.key == "zh" }) == true {
            textValue = value
        } else {
            reader = FieldReader(value, log: &log)
            textValue = reader?.required("text", log: &log)
        }
        guard let textValue, let text = readText(textValue, form: form, band: band, log: &log) else {
            reader?.reportUnknown(log: &log)
            return nil
        }
        func positive(_ key: String) -> Int? {
            guard let found = reader?.optional(key), let number = found.integer(log: &log) else { return nil }
            guard number >= 1 else {
                log.error(
                    found.path, at: found.position,
                    Message("at-least-one", en: "'\(key)' must be 1 or more", zh: "'\(key)' 要是 1 或更大"));
                return nil
            }
            return number
        }
        let span = positive("span") ?? 1
        let rows = positive("rows") ?? 1
        var kind: CellKind = text.bindings.isEmpty ? .head : .value
        if let kindValue = reader?.optional("kind"), let word = kindValue.string(log: &log) {
            if let found = kinds[word] {
                kind = found
            } else {
                log.error(
                    kindValue.path, at: kindValue.position,
                    Message(
                        "not-one-of",
                        en:
                            "'\(word)' is not one of \(kinds.keys.sorted().joined(separator: ", "))\(Suggestions.didYouMean(word, among: Array(kinds.keys)).en)",
                        zh:
                            "'\(word)' 不是以下之一：\(kinds.keys.sorted().joined(separator: ", "))\(Suggestions.didYouMean(word, among: Array(kinds.keys)).zh)"
                    )
                )
            }
        }
        let merge = readMerge(&reader, text: text, form: form, band: band, log: &log)
        if band != nil, let rowsValue = reader?.optional("rows") {
            log.error(
                rowsValue.path, at: rowsValue.position,
                Message(
                    "rows-in-band", en: "a band cell spans its band's rows with 'merge', not 'rows'",
                    zh: "区域单元格用 'merge' 跨越区域的各行，不用 'rows'"))
        }
        let merged: Bool = { if case .level = merge { return true } else { return false } }()
        let continued =
            reader?.optional("continued").flatMap { $0.bool(log: &log) } ?? (merged || (kind == .head && rows > 1))
        var cell = TemplateCell(
            text: text, span: span, rows: rows, kind: kind, merge: merge, continued: continued, position: value.position
        )
        if var found = reader {
            readLook(of: &cell, from: &found, log: &log)
            found.reportUnknown(log: &log)
        }
        return cell
    }

    /// How a band cell is merged (`merge: none | band | levelN`): by default over its group's rows when it names
    /// a group above the leaves; a plain row's cell spans rows with `rows` instead.
    static func readMerge(
        _ reader: inout FieldReader?, text: TemplateText, form: Form, band: TemplateBand?, log: inout DiagnosticLog
    ) -> TemplateCell.Merge {
        var merge: TemplateCell.Merge =
            band == .indicators
            ? TemplateBindings.groupLevel(text, depth: form.depth).map { .level($0) } ?? .none : .none
        if let mergeValue = reader?.optional("merge"), let word = mergeValue.string(log: &log) {
            let levels = (1..<max(1, form.depth)).map { "level\($0)" }
            let allowed = ["none", "band"] + (band == .indicators ? levels : [])
            if band == nil {
                log.error(
                    mergeValue.path, at: mergeValue.position,
                    Message(
                        "merge-outside-band",
                        en: "'merge' is for cells of a band; a cell of a plain row spans rows with 'rows'",
                        zh: "'merge' 用于区域中的单元格；普通行的单元格用 'rows' 跨行"))
            } else if !allowed.contains(word) {
                log.error(
                    mergeValue.path, at: mergeValue.position,
                    Message(
                        "not-an-allowed-word", en: "'\(word)' is not one of \(allowed.joined(separator: ", "))",
                        zh: "'\(word)' 不是以下之一：\(allowed.joined(separator: ", "))"))
            } else {
                merge = word == "none" ? .none : word == "band" ? .band : .level(Int(word.dropFirst(5))!)
            }
        }
        return merge
    }

    /// How a cell is drawn rather than what it holds: `align`, `rules` and `padding`.
    static func readLook(of cell: inout TemplateCell, from reader: inout FieldReader, log: inout DiagnosticLog) {
        cell.alignment = reader.optional("align").flatMap {
            FormLoader.readChoice($0, FreeLine.Alignment.self, log: &log)
        }
        if let value = reader.optional("rules") { cell.rules = readRules(value, log: &log) ?? .all }
        if let value = reader.optional("padding") { cell.padding = readPadding(value, log: &log) }
    }

    /// `rules: none`, `rules: all` or a list of sides (`[top, bottom]`).
    static func readRules(_ value: YAMLValue, log: inout DiagnosticLog) -> CellRules? {
        let names = CellRules.sides.map(\.name)
        func side(_ item: YAMLValue) -> CellRules? {
            guard let word = item.string(log: &log) else { return nil }
            if let found = CellRules.sides.first(where: { $0.name == word }) { return found.side }
            log.error(
                item.path, at: item.position,
                Message(
                    "not-a-side",
                    en:
                        "'\(word)' is not a side of a cell: \(names.joined(separator: ", "))\(Suggestions.didYouMean(word, among: names).en)",
                    zh:
                        "'\(word)' 不是单元格的边：\(names.joined(separator: ", "))\(Suggestions.didYouMean(word, among: names).zh)"
                )
            )
            return nil
        }
        if let word = value.scalarText {
            if word == "all" { return .all }
            if word == "none" { return [] }
            guard value.mapping == nil, let one = side(value) else { return nil }
            return one
        }
        guard let items = value.list(log: &log) else { return nil }
        let sides = items.compactMap(side)
        guard sides.count == items.count else { return nil }
        return sides.reduce(into: CellRules()) { $0.formUnion($1) }
    }

    /// `padding: 2` (millimetres on every side) or `padding: {x: 3, y: 1.5}` (either may be left to the style).
    static func readPadding(_ value: YAMLValue, log: inout DiagnosticLog) -> CellPadding? {
        func millimetres(_ item: YAMLValue) -> Double? {
            guard let number = item.decimal(log: &log) else { return nil }
            let amount = NSDecimalNumber(decimal: number).doubleValue
            guard amount >= 0, amount <= CellPadding.largest else {
                log.error(
                    item.path, at: item.position,
                    Message(
                        "padding-range",
                        en:
                            "padding is millimetres from 0 to \(Int(CellPadding.largest)), not \(ExactDecimal.format(number))",
                        zh: "内边距以毫米计，0 到 \(Int(CellPadding.largest))，而不是 \(ExactDecimal.format(number))")
                )
                return nil
            }
            return amount
        }
        if value.mapping == nil {
            guard let amount = millimetres(value) else { return nil }
            return CellPadding(x: amount, y: amount)
        }
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let x = reader.optional("x").flatMap(millimetres), y = reader.optional("y").flatMap(millimetres)
        reader.reportUnknown(log: &log)
        return x == nil && y == nil ? nil : CellPadding(x: x, y: y)
    }

    /// Every row fills the grid exactly, counting the columns that cells of rows above cover (each band
    /// taken as one row); a cell spans no further down than the table, and not across the head rows' edges.
    static func checkGrid(_ table: TemplateTable, path: String, form: Form, log: inout DiagnosticLog) {
        let width = table.widths.count
        let placement = table.placement
        func checkPadding(_ cell: TemplateCell, columns: [Int]) {
            checkPaddingFits(cell, columns: columns, of: table, form: form, path: path, log: &log)
        }
        // Columns some cell with text or a binding covers: a column that would print nothing is an error.
        var printing = Array(repeating: false, count: width)
        let headRows = table.rows.indices.filter { table.rows[$0].head }
        if let first = headRows.first, let last = headRows.last, last - first + 1 != headRows.count {
            log.error(
                path + ".rows", at: table.rows[last].position,
                Message("head-rows-apart", en: "the head rows must follow one another", zh: "表头行要连在一起"))
        }
        // The parts a span may not cross: the rows before the head, the head, the body.
        func part(_ index: Int) -> Int {
            guard let first = headRows.first, let last = headRows.last else { return 0 }
            return index < first ? 0 : index <= last ? 1 : 2
        }
        for (index, row) in table.rows.enumerated() {
            if let (overflowing, number, column) = placement.overflow, overflowing == index {
                let cell = row.cells[number]
                log.error(
                    path + ".rows", at: cell.position ?? row.position,
                    Message(
                        "row-too-wide",
                        en:
                            "row \(index + 1) is wider than the table's \(width) columns at this cell (it would start in column \(column + 1) and span \(cell.span))",
                        zh: "第 \(index + 1) 行在这个单元格处超出表格的 \(width) 列（它将从第 \(column + 1) 列开始，跨 \(cell.span) 列）")
                )
                return
            }
            for (cell, column) in zip(row.cells, placement.columns[index]) {
                let last = index + (row.band == nil ? cell.rows : 1) - 1
                if last >= table.rows.count {
                    log.error(
                        path + ".rows", at: cell.position,
                        Message(
                            "rows-past-end",
                            en:
                                "the cell spans \(cell.rows) rows but the table ends \(table.rows.count - index) rows below its own",
                            zh: "单元格跨 \(cell.rows) 行，而表格在它下面 \(table.rows.count - index) 行就结束了")
                    )
                } else if part(last) != part(index) {
                    log.error(
                        path + ".rows", at: cell.position,
                        Message(
                            "span-across-head", en: "the cell spans across the edge of the head rows",
                            zh: "单元格跨越了表头行的边界"))
                }
                if !cell.text.zh.isEmpty { for c in column..<(column + cell.span) { printing[c] = true } }
                checkPadding(cell, columns: Array(column..<min(width, column + cell.span)))
            }
            // A group head row takes the columns the band's own cells take, in order.
            let own = zip(row.cells, placement.columns[index]).filter { $0.0.merge != .band }.flatMap { cell, start in
                Array(start..<(start + cell.span))
            }
            for heads in row.groupHeads {
                var taken = 0
                for cell in heads {
                    if !cell.text.zh.isEmpty { for c in own.dropFirst(taken).prefix(cell.span) { printing[c] = true } }
                    checkPadding(cell, columns: Array(own.dropFirst(taken).prefix(cell.span)))
                    taken += cell.span
                }
            }
            let covered = placement.covered[index]
            if covered.contains(false) {
                log.error(
                    path + ".rows", at: row.position,
                    Message(
                        "row-not-covered",
                        en:
                            "row \(index + 1) covers \(covered.filter { $0 }.count) of the table's \(width) columns: add cells or widen a span",
                        zh: "第 \(index + 1) 行只占表格 \(width) 列中的 \(covered.filter { $0 }.count) 列：请加单元格或加宽跨度")
                )
            }
        }
        reportEmptyColumns(printing, of: table, path: path, log: &log)
    }

    /// A cell's padding must leave its text some room in the cell as printed (the widths scaled to the page).
    static func checkPaddingFits(
        _ cell: TemplateCell, columns: [Int], of table: TemplateTable, form: Form, path: String,
        log: inout DiagnosticLog
    ) {
        let scale = form.style.contentWidth / PageStyle.millimetre / max(1, table.widths.reduce(0, +))
        let printed = columns.filter { $0 < table.widths.count }.reduce(0) { $0 + table.widths[$1] } * scale
        guard let x = cell.padding?.x, 2 * x >= printed else { return }
        log.error(
            path + ".rows", at: cell.position,
            Message(
                "padding-too-wide",
                en:
                    "padding \(ExactDecimal.format(Decimal(x))) mm on each side leaves no room in a cell printed \(ExactDecimal.format(Decimal((printed * 10).rounded() / 10))) mm wide",
                zh:
                    "每边内边距 \(ExactDecimal.format(Decimal(x))) mm，使印出宽度 \(ExactDecimal.format(Decimal((printed * 10).rounded() / 10))) mm 的单元格没有空间"
            )
        )
    }

    /// A column no cell with text or a binding covers would print nothing: an error.
    static func reportEmptyColumns(
        _ printing: [Bool], of table: TemplateTable, path: String, log: inout DiagnosticLog
    ) {
        for (column, prints) in printing.enumerated() where !prints {
            log.error(
                path + ".columns", at: table.position,
                Message(
                    "empty-column",
                    en:
                        "column \(column + 1) of table '\(table.id)' would print nothing in any row: give a cell there text or a binding, or remove the column",
                    zh: "表格 '\(table.id)' 的第 \(column + 1) 列在所有行都不打印内容：请给该列的单元格文字或绑定，或删去这一列"
                ))
        }
    }
}
