import EvalSheetModel
import Foundation

/// The values a template's bindings stand for, in one language: the evaluation's header, funds, goals,
/// narrative and sign-off, the computed rates, scores, totals and grade, and each band item's own.
extension TemplateExpander {
    /// A text in the sheet's language: each language's own segments, filled in that language, joined as
    /// every bilingual text is.
    func render(_ template: TemplateText, item: Item) -> String {
        text.compose { render(template, item: item, language: $0) }
    }

    func render(_ template: TemplateText, item: Item, language: Language) -> String {
        let single = language == .en ? english : chinese
        return template.segments(language).map { segment in
            switch segment {
            case let .literal(literal): return literal
            case let .binding(binding): return binding.wrapped(value(binding, item: item, text: single))
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
            return path[1] == "expected"
                ? goals.expected : path[1] == "actual" ? goals.actual : goals.notes[path[1]] ?? []
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
        switch (path[0], item) {
        case ("year", _): return String(sheet.evaluation.year)
        case ("title", _): return text.title
        case ("total", _): return sheet.isComplete ? number(sheet.total) : ""
        case ("subtotal", _): return sheet.isComplete ? number(sheet.subtotal) : ""
        case ("grade", _): return text.gradeName
        case ("recommendation", _): return text.recommendationLine
        case ("form", _): return number(form.total)
        case ("deductions", _) where path.count > 1 && path[1] == "cap":
            return number(form.deductions.items.reduce(Decimal(0)) { $0 + $1.cap })
        case ("deductions", _): return number(sheet.deductionTotal)
        case ("indicators", _): return number(form.indicators.reduce(Decimal(0)) { $0 + $1.weight })
        case let ("item", .deduction(item)):
            switch path[1] {
            case "name": return item.name.text(language)
            case "heading": return text.heading(item)
            case "cap": return number(item.cap)
            case "notes": return item.notes.text(language)
            default: return number(sheet.deductions[item.id] ?? 0)
            }
        case ("header", _):
            guard let field = form.header.first(where: { $0.id == path[1] }) else { return "" }
            return headerValue(field, format: binding.format, language: language)
        case ("funds", _):
            guard let funds = form.funds else { return "" }
            if path[1] == "score" { return number(sheet.fundsScore) }
            guard let row = funds.rows.first(where: { $0.id == path[1] }) else { return "" }
            return fundsValue(row, property: path[2], text: text, format: binding.format)
        case let ("row", .fundsRow(row)):
            return fundsValue(row, property: path[1], text: text, format: binding.format)
        case ("signoff", _):
            guard let field = form.signoff.first(where: { $0.id == path[1] }) else { return "" }
            return path.count == 3
                ? (path[2] == "box" ? box(field, text: text) : text.signoffLine(field))
                : signoffValue(field, text: text)
        case let ("field", .field(field)):
            switch path[1] {
            case "label": return field.label.text(language)
            case "line": return text.signoffLine(field)
            case "box": return box(field, text: text)
            default: return signoffValue(field, text: text)
            }
        case let ("section", .section(section)):
            switch path[1] {
            case "title", "label": return section.title.text(language)
            default: return section.subtitle?.text(language) ?? ""
            }
        case let ("node", item) where item.bound != nil:
            return nodeValue(item, property: Array(path.dropFirst()), text: text, number: number)
        case let (level, item) where level.hasPrefix("level") && item.bound != nil:
            let branch = item.bound!
            guard let depth = Int(level.dropFirst(5)), depth <= branch.count else { return "" }
            return indicatorValue(branch[depth - 1], property: Array(path.dropFirst()), text: text, number: number)
        default:
            return ""
        }
    }

    /// A header field's value: an amount with the binding's decimals (or as written, `|exact`), a choice as marks,
    /// a text in the sheet's language.
    func headerValue(_ field: HeaderField, format: TemplateBinding.Format?, language: Language) -> String {
        if field.kind == .money, let amount = ExactDecimal.parse(sheet.header(field.id)) {
            if format == .exact { return ExactDecimal.format(amount) }
            if case let .decimals(decimals)? = format { return ExactDecimal.format(amount, decimals: decimals) }
            return ExactDecimal.format(amount, decimals: field.decimals)
        }
        if field.kind == .choice { return field.marked(sheet.header(field.id), language: language) }
        return sheet.header(field.id, in: language)
    }

    /// `{node.*}`: a placeholder row's label, or the indicator the row stands for. A path that ends above the
    /// tree's depth at a group with nothing declared under it prints its group alone; one that ends at an
    /// indicator scored higher up than the others (a shallow branch) prints it.
    func nodeValue(_ item: Item, property: [String], text: SheetText, number: (Decimal?) -> String) -> String {
        if property.first == "slot" {
            if case let .slot(_, label) = item { return label } else { return "" }
        }
        guard let branch = item.bound, let leaf = branch.last else { return "" }
        let isGroupRow: Bool = { if case .group = item { return true } else { return false } }()
        guard branch.count == depth || leaf.target != nil || isGroupRow || form.scoresAsItStands(leaf) else {
            return ""
        }
        return indicatorValue(leaf, property: property, text: text, number: number)
    }

    func fundsValue(_ row: FundsBlock.Row, property: String, text: SheetText, format: TemplateBinding.Format?) -> String
    {
        guard let funds = form.funds else { return "" }
        if property == "label" { return text.label(row.label) }
        guard let role = FundsBlock.Column.Role(rawValue: property) else { return "" }
        let column =
            funds.columns.first { $0.role == role }
            ?? FundsBlock.Column(role: role, label: LocalizedText(zh: ""), decimals: nil)
        if case let .decimals(decimals)? = format { return text.fundsValue(column, row, decimals: decimals) }
        return text.fundsValue(column, row, exact: format == .exact)
    }

    /// A sign-off field in a box of its own: its line (the room to sign below it is added once, after every
    /// language's line, by `make`); a seal field its label, where the seal goes.
    func box(_ field: SignOffField, text: SheetText) -> String {
        field.kind == .seal ? field.label.text(text.language) : text.signoffLine(field)
    }

    /// The field a sign-off box binds (`{signoff.lead.box}`, `{field.box}` in a sign-off band).
    func boxField(_ binding: TemplateBinding?, item: Item) -> SignOffField? {
        guard let binding, binding.path.last == "box" else { return nil }
        if case let .field(field) = item, binding.path[0] == "field" { return field }
        return binding.path.count == 3 ? form.signoff.first { $0.id == binding.path[1] } : nil
    }

    /// A sign-off field's value alone (names joined, a date as the form writes dates).
    func signoffValue(_ field: SignOffField, text: SheetText) -> String {
        let line = text.signoffLine(field)
        let prefix = field.label.text(text.language) + form.labels.signoffSeparator.text(text.language)
        return line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : line
    }

    func indicatorValue(_ node: Indicator, property: [String], text: SheetText, number: (Decimal?) -> String) -> String
    {
        let language = text.language
        switch property[0] {
        case "name": return node.name.text(language)
        case "heading": return text.heading(node)
        case "weight": return number(node.weight)
        case "score":
            if node.isLeaf { return number(sheet.scores[node.id]) }
            return sheet.isComplete(node) ? number(sheet.indicatorTotals[node.id]) : ""
        case "notes": return node.notes?.text(language) ?? ""
        case "base": return number(node.base)
        case "baseScore": return sheet.isComplete(node) ? number(sheet.baseScores[node.id]) : ""
        case "target": return node.target ?? ""
        case "actual": return node.actual ?? ""
        case "deviation": return node.deviation ?? ""
        case "field":
            // The evaluation's value for the form's indicator, else the form's own (or a declared indicator's).
            guard property.count > 1 else { return "" }
            return sheet.evaluation.values[node.id]?[property[1]]?.value ?? node.fields[property[1]]?.text(language)
                ?? ""
        default: return ""
        }
    }
}
