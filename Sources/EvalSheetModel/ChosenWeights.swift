import Foundation

/// Checks the weights an evaluation gives the indicators its form leaves to be chosen (`chosen: true`):
/// each names a chosen indicator, is above zero and within the form's limit, and under each group the
/// chosen and the fixed indicators add up to the group's weight.
enum ChosenWeights {
    static func check(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        var chosen: [String: (leaf: Indicator, parent: Indicator)] = [:]
        func walk(_ node: Indicator) {
            for child in node.children {
                if child.chosen { chosen[child.id] = (child, node) }
                walk(child)
            }
        }
        form.indicators.forEach(walk)
        for (id, weight) in evaluation.weights.sorted(by: { $0.key < $1.key }) {
            guard let (leaf, _) = chosen[id] else {
                let hint = Suggestions.didYouMean(id, among: chosen.keys.sorted())
                log.error(
                    weight.field, at: weight.position,
                    Message(
                        "weight-not-chosen",
                        en: "'\(id)' is not an indicator form \(form.id) leaves each evaluation to choose\(hint.en)",
                        zh: "'\(id)' 不是表样 \(form.id) 允许各评价自选的指标\(hint.zh)"))
                continue
            }
            if weight.value <= 0 {
                log.error(
                    weight.field, at: weight.position,
                    Message(
                        "chosen-weight-zero",
                        en: "a chosen indicator's weight is above zero; leave \(id) out to not use it",
                        zh: "自选指标的权重要大于零；不采用 \(id) 时请删去它"))
            } else if leaf.weight > 0 && weight.value > leaf.weight {
                log.error(
                    weight.field, at: weight.position,
                    Message(
                        "chosen-weight-above",
                        en:
                            "weight \(ExactDecimal.format(weight.value)) is above the \(ExactDecimal.format(leaf.weight)) form \(form.id) allows \(leaf.name.zh)",
                        zh:
                            "权重 \(ExactDecimal.format(weight.value)) 超过表样 \(form.id) 对 \(leaf.name.zh) 允许的 \(ExactDecimal.format(leaf.weight))"
                    )
                )
            }
        }
        var parents: [String: Indicator] = [:]
        for (_, entry) in chosen { parents[entry.parent.id] = entry.parent }
        for parent in parents.values.sorted(by: { $0.id < $1.id }) {
            let fixed = parent.children.filter { !$0.chosen }.reduce(Decimal(0)) { $0 + $1.weight }
            let given = parent.children.filter(\.chosen).compactMap { evaluation.weights[$0.id]?.value }.reduce(
                Decimal(0), +)
            if fixed + given != parent.childWeight {
                let names = parent.children.filter(\.chosen).map(\.id).joined(separator: ", ")
                Scorer.missing(
                    evaluation, &log, "weights", "weights",
                    Message(
                        "chosen-weights-sum",
                        en:
                            "the weights chosen under \(parent.name.zh) (\(names)) add up to \(ExactDecimal.format(given)), not the \(ExactDecimal.format(parent.childWeight - fixed)) left by the others",
                        zh:
                            "\(parent.name.zh) 下自选的权重（\(names)）合计 \(ExactDecimal.format(given))，不等于其他指标剩下的 \(ExactDecimal.format(parent.childWeight - fixed))"
                    )
                )
            }
        }
    }
}
