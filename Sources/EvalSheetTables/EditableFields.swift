import EvalSheetModel

/// The evaluation field a template cell shows whole, which an editor may change where the cell stands
/// (`evalsheet preview --edit`): spelled as the workbook's columns and `import` name them (`scores.pm-rules`,
/// `funds.central.budget`, `indicators.output.2.target`, `narrative.problems`), so that one reader of typed
/// values (the importer's) takes what the browser sends. A cell whose text is composed around a value, or
/// that shows what is computed (a subtotal, the grade), has none.
extension TemplateExpander {
    func editableField(_ binding: TemplateBinding?, item: Item) -> String? {
        guard let binding, let first = binding.path.first else { return nil }
        let path = binding.path
        switch (item, first) {
        case let (.fundsRow(row), "row"):
            return fundsField(row.id, path.last!)
        case let (item, "node") where item.path?.last != nil && path.count >= 2:
            return indicatorField(item.path!, property: Array(path.dropFirst()))
        case let (.section(section), "section") where path.last == "text":
            return "narrative.\(section.id)"
        case let (.field(field), "field") where path.count == 2 && ["value", "line", "box"].contains(path[1]):
            return "signoff.\(field.id)"
        case let (.deduction(deduction), "item") where path.last == "score":
            return "deductions.\(deduction.id)"
        case (_, "header") where path.count == 2 && form.header.contains { $0.id == path[1] }:
            return "header.\(path[1])"
        case (_, "funds") where path.count == 3:
            return fundsField(path[1], path[2])
        case (_, "goals") where path.count == 2 && path[1] != "content":
            return "goals.\(path[1])"
        case (_, "narrative") where path.count == 2:
            return "narrative.\(path[1])"
        case (_, "signoff") where path.count >= 2 && path.count <= 3 && form.signoff.contains { $0.id == path[1] }:
            return path.count == 2 || ["line", "box"].contains(path[2]) ? "signoff.\(path[1])" : nil
        case (_, "recommendation") where path.count == 1:
            return "recommendation"
        default:
            return nil
        }
    }

    /// A funds row's typed figure or note (its rate and points are computed).
    func fundsField(_ row: String, _ column: String) -> String? {
        guard let role = FundsBlock.Column.Role(rawValue: column), [.initial, .budget, .executed, .note].contains(role),
            form.funds?.rows.contains(where: { $0.id == row }) == true
        else { return nil }
        return "funds.\(row).\(column)"
    }

    /// A leaf's score, chosen weight or value, or a declared indicator's own field (`indicators.output.2.target`).
    func indicatorField(_ path: [Indicator], property: [String]) -> String? {
        let leaf = path.last!
        guard leaf.isLeaf else { return nil }
        if path.count >= 2, let group = form.declaredGroups.first(where: { $0.id == path[path.count - 2].id }),
            leaf.id.hasPrefix(group.id + "."), let index = Int(leaf.id.dropFirst(group.id.count + 1))
        {
            let declared = "indicators.\(group.id).\(index)."
            switch property {
            case ["name"], ["target"], ["actual"], ["deviation"], ["score"]: return declared + property[0]
            case ["weight"]: return declared + "points"
            case let keys where keys.count == 2 && keys[0] == "field" && form.fieldKeys.contains(keys[1]):
                return declared + "fields.\(keys[1])"
            default: return nil
            }
        }
        guard form.scoresAsItStands(leaf) else { return nil }
        switch property {
        case ["score"]: return "scores.\(leaf.id)"
        case ["weight"] where form.indicator(id: leaf.id)?.chosen == true: return "weights.\(leaf.id)"
        case let keys where keys.count == 2 && keys[0] == "field":
            return form.valuedIndicators.contains { $0.indicator.id == leaf.id && $0.keys.contains(keys[1]) }
                ? "values.\(leaf.id).\(keys[1])" : nil
        default: return nil
        }
    }
}
