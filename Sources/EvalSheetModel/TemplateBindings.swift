import Foundation

/// What a template's bindings may name, place by place: the loader checks each binding against this list
/// (an unknown one is an error at its line that lists the bindings of its place), and `TemplateValues`
/// resolves the same paths. Written as patterns: `ID` is one of the form's ids, `KEY` any name.
public enum TemplateBindings {
    /// The item properties of each band.
    static let fundsColumns = ["label"] + FundsBlock.Column.Role.allCases.map(\.rawValue)
    static let nodeProperties = [
        "name", "weight", "score", "notes", "target", "actual", "deviation", "field.KEY", "slot", "heading", "base",
        "baseScore"
    ]
    static let levelProperties = ["name", "weight", "score", "notes", "heading", "base", "baseScore", "field.KEY"]
    static let sectionProperties = ["title", "subtitle", "label", "text"]
    static let fieldProperties = ["label", "value", "line", "box"]
    static let deductionProperties = ["name", "heading", "cap", "notes", "score"]

    /// The bindings valid everywhere in a form's sheet, spelled out with the form's own ids.
    public static func global(_ form: Form) -> [String] {
        var names = [
            "year", "title", "total", "subtotal", "grade", "form.total", "indicators.weight", "deductions.total",
            "deductions.cap",
            "recommendation"
        ]
        names += form.header.map { "header.\($0.id)" }
        if let funds = form.funds {
            names.append("funds.score")
            names += funds.rows.flatMap { row in fundsColumns.map { "funds.\(row.id).\($0)" } }
        }
        if let goals = form.goals { names += ["goals.expected", "goals.actual"] + goals.notes.map { "goals.\($0.id)" } }
        names += form.sections.map { "narrative.\($0.id)" }
        names += form.signoff.flatMap { ["signoff.\($0.id)", "signoff.\($0.id).line", "signoff.\($0.id).box"] }
        return names
    }

    /// The bindings of a band's item (`node.score`, `level1.weight`), for a tree `depth` levels deep.
    public static func item(_ band: TemplateBand, depth: Int) -> [String] {
        switch band {
        case .funds: return fundsColumns.map { "row.\($0)" }
        case .indicators:
            return nodeProperties.map { "node.\($0)" }
                + (1...max(1, depth)).flatMap { level in levelProperties.map { "level\(level).\($0)" } }
        case .sections: return sectionProperties.map { "section.\($0)" }
        case .signoff: return fieldProperties.map { "field.\($0)" }
        case .deductions: return deductionProperties.map { "item.\($0)" }
        }
    }

    /// Whether `binding` names something at a place (inside `band`, or outside every band).
    public static func isKnown(_ binding: TemplateBinding, form: Form, band: TemplateBand?) -> Bool {
        let path = binding.source
        if global(form).contains(path) { return true }
        guard let band else { return false }
        if band == .indicators, binding.path.count == 3, binding.path[1] == "field",
            item(band, depth: form.depth).contains(binding.path[0] + ".name")
        {
            return true
        }
        return item(band, depth: form.depth).contains(path)
    }

    /// The message for an unknown binding: what the place offers.
    public static func unknownMessage(_ binding: TemplateBinding, form: Form, band: TemplateBand?) -> Message {
        let offered = (band.map { item($0, depth: form.depth) } ?? []) + global(form)
        let hint = Suggestions.didYouMean(binding.source, among: offered)
        return Message(
            "unknown-binding",
            en:
                "'{\(binding.source)}' is not a binding \(band.map { "of a \($0.rawValue) band" } ?? "outside a band")\(hint.en); available here: \(offered.joined(separator: ", "))",
            zh:
                "'{\(binding.source)}' 不是\(band.map { " \($0.rawValue) 区域的" } ?? "区域外的")绑定\(hint.zh)；这里可用：\(offered.joined(separator: ", "))"
        )
    }

    /// The level a band cell's bindings tie it to (1 for `{level1.name}`), the deepest one named, when it is
    /// above the leaves: such a cell is merged over the rows of its group. nil: the cell belongs to its row.
    static func groupLevel(_ text: TemplateText, depth: Int) -> Int? {
        let levels = text.bindings.compactMap { binding -> Int? in
            guard let first = binding.path.first, first.hasPrefix("level"), let level = Int(first.dropFirst(5)) else {
                return nil
            }
            return level
        }
        guard !text.bindings.contains(where: { $0.path.first == "node" }), let deepest = levels.max(), deepest < depth
        else { return nil }
        return deepest
    }
}
