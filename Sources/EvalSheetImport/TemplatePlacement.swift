import EvalSheetModel
import Foundation

/// Reads the text export of a sheet that its form draws with a template (`sheet:`) back into a draft: the
/// template's rows are matched in order, each plain row to the next row whose literal cells it prints, each
/// band to as many rows as its list has (an indicators band: up to the row the template prints next), and
/// every bound cell's text goes back to the field it was bound to. The expander's columns are the export's.
struct TemplatePlacement {
    typealias Row = SheetTextImporter.Row
    let form: Form
    let template: SheetTemplate
    var rows: [Row]
    /// The block reader's helpers (paragraphs, numbers, sign-off lines); its log is this reader's.
    var helper: Placement
    var log: DiagnosticLog { helper.log }

    init(form: Form, template: SheetTemplate, rows: [Row], log: DiagnosticLog) {
        self.form = form; self.template = template; self.rows = rows
        helper = Placement(form: form, rows: rows, log: log)
    }

    func squeeze(_ text: String) -> String { SheetTextImporter.squeeze(text) }

    /// Each template row's cells with the column each starts in (`TemplateTable.placement`).
    static func placed(_ table: TemplateTable) -> [[(cell: TemplateCell, column: Int)]] {
        let columns = table.placement.columns
        return table.rows.indices.map { index in
            index < columns.count ? Array(zip(table.rows[index].cells, columns[index])) : []
        }
    }

    /// The literal text a cell prints, squeezed; nil for a cell with bindings or none.
    func literal(_ cell: TemplateCell) -> String? {
        cell.text.literalText.map(squeeze).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A group head row's cells where they print: in the columns the band's own cells take, in order.
    static func placed(_ head: [TemplateCell], besideBand band: [(cell: TemplateCell, column: Int)]) -> [(
        cell: TemplateCell, column: Int
    )] {
        let own = band.filter { $0.cell.merge != .band }.flatMap { item in
            Array(item.column..<(item.column + item.cell.span))
        }
        var taken = 0
        return head.compactMap { cell in
            defer { taken += cell.span }
            return taken < own.count ? (cell, own[taken]) : nil
        }
    }

    /// Whether a text row prints a template row's literal cells where the template puts them (and it has some).
    func matches(_ row: Row, _ cells: [(cell: TemplateCell, column: Int)]) -> Bool {
        let literals = cells.compactMap { item in literal(item.cell).map { ($0, item.column) } }
        return !literals.isEmpty
            && literals.allSatisfy { row.squeezed.indices.contains($0.1) && row.squeezed[$0.1] == $0.0 }
    }

    mutating func place(into draft: inout EvaluationDraft) {
        var cursor = rows.firstIndex { !$0.used } ?? rows.count
        let lines = Set(
            template.items.compactMap { item -> String? in
                guard case let .line(line) = item else { return nil }
                return line.text.literalText.map(squeeze)
            })
        for index in rows.indices
        where rows[index].squeezed.filter({ !$0.isEmpty }) == [rows[index].firstText]
            && lines.contains(rows[index].firstText)
        {
            rows[index].used = true
        }
        let tables = template.tables
        for (tableIndex, table) in tables.enumerated() {
            let placed = Self.placed(table)
            for (rowIndex, row) in table.rows.enumerated() {
                let cells = placed[rowIndex]
                // What follows the row: the next template row, or the next table's first.
                let next =
                    rowIndex + 1 < table.rows.count
                    ? placed[rowIndex + 1]
                    : tableIndex + 1 < tables.count ? Self.placed(tables[tableIndex + 1]).first ?? [] : []
                switch row.band {
                case nil:
                    // A row with literal cells is found by them; one of bound cells alone is the next row.
                    let hasLiterals = cells.contains { literal($0.cell) != nil }
                    guard
                        let found = rows[cursor...].firstIndex(where: {
                            !$0.used && (!hasLiterals || matches($0, cells))
                        })
                    else { continue }
                    read(found, cells, item: nil, into: &draft)
                    cursor = found + 1
                case .funds?, .sections?, .signoff?, .deductions?:
                    let items: [String]
                    switch row.band! {
                    case .funds: items = form.funds?.rows.map(\.id) ?? []
                    case .sections: items = form.sections.map(\.id)
                    case .deductions: items = form.deductions.items.map(\.id)
                    default: items = form.signoff.map(\.id)
                    }
                    for item in items where cursor < rows.count {
                        read(cursor, cells, item: item, into: &draft)
                        cursor += 1
                    }
                case .indicators?:
                    var levels: [Int: String] = [:]
                    let heads = row.groupHeads.map { Self.placed($0, besideBand: cells) }
                    while cursor < rows.count, !matches(rows[cursor], next) {
                        // A section's head row (本部分得分), and a band of groups (a summary), hold nothing an
                        // evaluation gives.
                        if row.level != nil || heads.contains(where: { matches(rows[cursor], $0) }) {
                            rows[cursor].used = true
                        } else {
                            readIndicator(cursor, cells, slots: row.slots, levels: &levels, into: &draft)
                        }
                        cursor += 1
                    }
                }
            }
        }
    }

    /// Each binding's text in a bound cell: the one binding's (`value`), or, in a cell that prints several
    /// (`{level2.name}{level2.weight|(…分)}` → 项目立项 and 40), each matched in order between the cell's literal
    /// text and its patterns, a pattern's part left out where its value was empty.
    func values(_ row: Row, _ cell: TemplateCell, column: Int) -> [(TemplateBinding, String)] {
        let bindings = cell.text.bindings
        if bindings.count == 1 { return value(row, cell, column: column).map { [(bindings[0], $0)] } ?? [] }
        guard bindings.count > 1 else { return [] }
        var pattern = "^"
        let segments = cell.text.zh
        func followedByText(_ at: Int) -> Bool {
            segments[(at + 1)...].contains {
                if case let .binding(binding) = $0 { return binding.pattern != nil } else { return true }
            }
        }
        for (at, segment) in segments.enumerated() {
            switch segment {
            case let .literal(text): pattern += NSRegularExpression.escapedPattern(for: text)
            case let .binding(binding):
                // Lazy where literal text or a pattern follows to end it; else it takes the rest.
                guard let around = binding.pattern?.components(separatedBy: "…") else {
                    pattern += followedByText(at) ? "(.*?)" : "(.*)"
                    continue
                }
                pattern +=
                    "(?:" + NSRegularExpression.escapedPattern(for: around[0]) + "(.*?)"
                    + NSRegularExpression.escapedPattern(for: around[1]) + ")?"
            }
        }
        let text = row.cell(column).trimmingCharacters(in: .whitespaces)
        guard let expression = try? NSRegularExpression(pattern: pattern + "$", options: [.dotMatchesLineSeparators]),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return [] }
        return bindings.enumerated().compactMap { index, binding in
            guard let range = Range(match.range(at: index + 1), in: text), !text[range].isEmpty else { return nil }
            return (binding, String(text[range]))
        }
    }

    /// The text a bound cell holds, without the literal text around its one binding (`项目负责人:` of
    /// `项目负责人:{signoff.lead}`); nil for a blank cell.
    func value(_ row: Row, _ cell: TemplateCell, column: Int) -> String? {
        var text = row.cell(column)
        for segment in cell.text.zh {
            guard case let .literal(literal) = segment else { continue }
            if text.hasPrefix(literal) {
                text.removeFirst(literal.count)
            } else if text.hasSuffix(literal) {
                text.removeLast(literal.count)
            }
        }
        // A binding printed in a pattern (`(…分)`) without the pattern's text.
        if let pattern = cell.text.bindings.first?.pattern {
            let parts = pattern.components(separatedBy: "…")
            if text.hasPrefix(parts[0]) && text.hasSuffix(parts[1]) && text.count >= parts[0].count + parts[1].count {
                text = String(text.dropFirst(parts[0].count).dropLast(parts[1].count))
            }
        }
        text = text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// Reads a plain row or a band row of a list (`item`: the funds row, section or sign-off field's id).
    mutating func read(
        _ index: Int, _ cells: [(cell: TemplateCell, column: Int)], item: String?, into draft: inout EvaluationDraft
    ) {
        rows[index].used = true
        let row = rows[index]
        for (cell, column) in cells {
            guard cell.text.bindings.count == 1, let binding = cell.text.bindings.first else { continue }
            let path = binding.path
            guard let text = value(row, cell, column: column) else { continue }
            switch path[0] {
            case "header":
                guard let field = form.header.first(where: { $0.id == path[1] }) else { continue }
                draft.header.append((field.id, field.kind == .choice ? chosen(text, field) ?? text : text))
            case "goals":
                let paragraphs = helper.paragraphs(text)
                if path[1] == "expected" {
                    draft.goalsExpected = paragraphs
                } else if path[1] == "actual" {
                    draft.goalsActual = paragraphs
                } else {
                    draft.goalsNotes.append((path[1], paragraphs))
                }
            case "narrative": draft.narrative.append((path[1], helper.paragraphs(text)))
            case "section" where path[1] == "text":
                if let item { draft.narrative.append((item, helper.paragraphs(text))) }
            case "signoff", "field":
                let id = path[0] == "signoff" ? path[1] : item
                guard let id, let field = form.signoff.first(where: { $0.id == id }) else { continue }
                let line =
                    (path.last == "line" || path[0] == "field" && path[1] == "line")
                    ? text
                    : field.label.zh + form.labels.signoffSeparator.zh + text
                if let found = helper.signoff(line, row: row) { draft.signoff.append((found.0.id, found.1)) }
            case "funds", "row":
                let id = path[0] == "row" ? item : path[1]
                let property = path[0] == "row" ? path[1] : path.count > 2 ? path[2] : ""
                guard let id else { continue }
                if ["initial", "budget", "executed", "note"].contains(property) {
                    setFunds(id, property: property, text: text, row: row, column: column, into: &draft)
                } else if form.funds?.rows.first(where: { $0.id == id })?.points != nil {
                    // The scored row's rate and score, as typed: checked against the computed ones.
                    if property == "rate" {
                        draft.typedFundsRate = ExactDecimal.parse(text.replacingOccurrences(of: "%", with: ""))
                    }
                    if property == "score" { draft.typedFundsScore = ExactDecimal.parse(text) }
                }
            case "item" where path[1] == "score":
                if let item, let figure = helper.number(row, column, "deductions.\(item)") {
                    draft.deductions.append((item, figure))
                }
            default: continue
            }
        }
    }

    /// The option a choice's printed marks tick (经常性项目(√)一次性项目() → 经常性项目).
    func chosen(_ text: String, _ field: HeaderField) -> String? {
        field.options.first { text.contains($0.zh + field.selectedMark) }?.zh
    }

    mutating func setFunds(
        _ id: String, property: String, text: String, row: Row, column: Int, into draft: inout EvaluationDraft
    ) {
        var entry = draft.funds.first { $0.id == id } ?? (id, nil, nil, nil, nil)
        switch property {
        case "note": entry.note = text
        default:
            let figure = helper.number(row, column, "funds.\(id).\(property)")
            if property == "initial" {
                entry.initial = figure
            } else if property == "budget" {
                entry.budget = figure
            } else {
                entry.executed = figure
            }
        }
        if let at = draft.funds.firstIndex(where: { $0.id == id }) {
            draft.funds[at] = entry
        } else {
            draft.funds.append(entry)
        }
    }

    /// An indicator a row declares, from the values its cells print (`node.target`, `node.field.unit` …).
    static func declaredItem(name: String, _ node: [String: String]) -> EvaluationDraft.DeclaredItem {
        let fields = node.filter { $0.key.hasPrefix("field.") }.reduce(into: [String: String]()) {
            $0[String($1.key.dropFirst(6))] = $1.value
        }
        return EvaluationDraft.DeclaredItem(
            name: name, target: node["target"] ?? "", actual: node["actual"] ?? "",
            points: node["weight"].flatMap { ExactDecimal.parse($0) } ?? 0,
            score: node["score"].flatMap { ExactDecimal.parse($0) }, deviation: node["deviation"] ?? "",
            fields: fields)
    }

    /// One row of an indicators band: the level names it shows (a merged level cell prints on its group's
    /// first row only), then the leaf: a form's indicator scored by name, or one the evaluation declares.
    mutating func readIndicator(
        _ index: Int, _ cells: [(cell: TemplateCell, column: Int)], slots: [String] = [], levels: inout [Int: String],
        into draft: inout EvaluationDraft
    ) {
        rows[index].used = true
        let row = rows[index]
        var node: [String: String] = [:]
        var namedHere = Set<Int>()
        for (cell, column) in cells {
            // A placeholder row's name after its label (指标1工程资金金额); the label alone is an empty slot.
            if cell.text.bindings.map(\.source) == ["node.slot", "node.name"] {
                guard let text = value(row, cell, column: column) else { continue }
                let label = slots.filter { !$0.isEmpty && text.hasPrefix($0) }.max { $0.count < $1.count } ?? ""
                let name = String(text.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { node["name"] = name }
                continue
            }
            for (binding, text) in values(row, cell, column: column) {
                if binding.path[0] == "node" {
                    node[binding.path.dropFirst().joined(separator: ".")] = text
                } else if let level = Int(binding.path[0].dropFirst(5)),
                    binding.path[1] == "name" || binding.path[1] == "heading"
                {
                    levels[level] = squeeze(text)
                    levels = levels.filter { $0.key <= level }
                    namedHere.insert(level)
                }
            }
        }
        // The group the row is under: the deepest level it names above the leaves.
        func find(_ nodes: [Indicator], depth: Int) -> Indicator? {
            guard let wanted = levels[depth] else { return nil }
            return nodes.first { squeeze($0.name.zh) == wanted }
        }
        var path: [Indicator] = []
        var nodes = form.indicators
        for depth in 1..<max(2, form.depth) {
            guard let found = find(nodes, depth: depth) else { break }
            path.append(found)
            nodes = found.children
        }
        // An indicator scored higher up than the tree's depth is named in its own level's cell, merged over the
        // deeper columns, and the cell naming the node is not printed.
        if let shallow = path.last, shallow.isLeaf, !shallow.declared, namedHere.contains(path.count) {
            if let score = node["score"].flatMap({ ExactDecimal.parse($0) }) {
                draft.scores.append((shallow.id, score))
            }
            return
        }
        guard let name = node["name"] else { return }
        guard let parent = path.last else {
            helper.log.warning(
                "indicators", at: SourcePosition(line: row.line, column: 1),
                Message("no-group-above", en: "'\(name)': no group of the form above it", zh: "'\(name)'：上方没有表样的分组"))
            return
        }
        if parent.declared {
            let item = Self.declaredItem(name: name, node)
            if let at = draft.declared.firstIndex(where: { $0.group == parent.id }) {
                draft.declared[at].items.append(item)
            } else {
                draft.declared.append((parent.id, [item]))
            }
        } else if let leaf = parent.children.first(where: { squeeze($0.name.zh) == squeeze(name) })
            // A name the cell prints with a value after it (①完成道路硬化12公里): the longest name it starts with.
            ?? parent.children.filter({ squeeze(name).hasPrefix(squeeze($0.name.zh)) }).max(by: {
                $0.name.zh.count < $1.name.zh.count
            })
        {
            if let score = node["score"].flatMap({ ExactDecimal.parse($0) }) { draft.scores.append((leaf.id, score)) }
        } else {
            helper.log.warning(
                "indicators", at: SourcePosition(line: row.line, column: 1),
                Message(
                    "not-an-indicator-of", en: "'\(name)' is not an indicator of \(parent.name.zh)",
                    zh: "'\(name)' 不是 \(parent.name.zh) 的指标"))
        }
    }
}
