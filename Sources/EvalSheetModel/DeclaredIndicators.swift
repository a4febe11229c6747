import Foundation

/// Puts the indicators an evaluation declares under the form groups marked `declared`, and checks them:
/// a target with its comparison, points that add up to the level-1 weight, a score within the points.
enum DeclaredIndicators {
    static let comparisons: Set<Character> = ["≥", "≤", "=", "＝", "﹦", ">", "<", "＞", "＜"]

    static func tree(_ evaluation: Evaluation, form: Form, scores: inout [String: Decimal], log: inout DiagnosticLog)
        -> [Indicator]
    {
        let groups = Set(form.declaredGroups.map(\.id))
        for key in evaluation.declared.keys.sorted() where !groups.contains(key) {
            log.error(
                "indicators.\(key)", at: evaluation.fieldPositions["indicators"],
                Message(
                    "not-a-declared-group",
                    en: "'\(key)' is not a group of form \(form.id) whose indicators an evaluation declares",
                    zh: "'\(key)' 不是表样 \(form.id) 中由评价自行列出指标的分组"))
        }
        func fill(_ node: Indicator) -> Indicator {
            var copy = node
            if node.declared {
                copy.children = (evaluation.declared[node.id] ?? []).enumerated().map { index, item in
                    leaf(
                        item, id: "\(node.id).\(index + 1)", evaluation: evaluation, form: form, scores: &scores,
                        log: &log)
                }
                // A fixed weight stays the group's (its points are checked against it); a range or no weight (the
                // national sheet's level-2 groups) is what the declared points make.
                if node.weightRange != nil || node.weight == 0 {
                    copy.weight = copy.children.reduce(Decimal(0)) { $0 + $1.weight }
                }
                copy.declared = false
                return copy
            }
            // Of alternatives, the one this evaluation scores (all of them while it scores none, as a blank sheet).
            if node.alternatives, node.children.contains(where: { evaluation.scores[$0.id] != nil }) {
                copy.children = node.children.filter { evaluation.scores[$0.id] != nil }.prefix(1).map { $0 }
                return copy
            }
            // Chosen indicators: those this evaluation weighs, at its weight; the others are not on its sheet.
            copy.children = node.children.compactMap { child in
                guard child.chosen else { return fill(child) }
                guard let weight = evaluation.weights[child.id] else { return nil }
                var used = fill(child)
                used.weight = weight.value
                return used
            }
            // A weight left to the evaluation within a range is what its indicators' points make.
            if node.weightRange != nil { copy.weight = copy.children.reduce(Decimal(0)) { $0 + $1.weight } }
            return copy
        }
        ChosenWeights.check(evaluation, form: form, log: &log)
        let tree = form.indicators.map(fill)
        for (original, filled) in zip(form.indicators, tree) where form.scored {
            checkWeights(original, filled, evaluation: evaluation, log: &log)
        }
        if form.scored { checkTotal(tree, form: form, evaluation: evaluation, log: &log) }
        return tree
    }

    /// One indicator an evaluation declares, checked: points and score as the form scores (or none where it
    /// scores nothing), a figure's comparison, the values of the form's columns.
    static func leaf(
        _ item: DeclaredIndicator, id: String, evaluation: Evaluation, form: Form, scores: inout [String: Decimal],
        log: inout DiagnosticLog
    ) -> Indicator {
        if !form.scored {
            for given in [item.pointsGiven ? item.points : nil, item.score].compactMap({ $0 }) {
                log.error(
                    given.field, at: given.position,
                    Message(
                        "form-scores-nothing", en: "form \(form.id) scores nothing: leave out points and score",
                        zh: "表样 \(form.id) 不评分：请删去 points 和 score"))
            }
        } else {
            if !item.pointsGiven {
                log.error(
                    item.points.field, at: item.position,
                    Message("missing-points", en: "missing required field 'points'", zh: "缺少必填字段 'points'"))
            } else if item.points.value <= 0 {
                log.error(
                    item.points.field, at: item.points.position,
                    Message("points-not-positive", en: "points must be above zero", zh: "分值要大于零"))
            }
            if let score = item.score {
                if score.value < 0 || score.value > item.points.value {
                    log.error(
                        score.field, at: score.position,
                        Message(
                            "score-outside-points",
                            en:
                                "score \(ExactDecimal.format(score.value)) is outside 0–\(ExactDecimal.format(item.points.value))",
                            zh:
                                "评分 \(ExactDecimal.format(score.value)) 不在 0–\(ExactDecimal.format(item.points.value)) 之内"
                        )
                    )
                }
                scores[id] = score.value
            } else {
                Scorer.missing(
                    evaluation, &log, "\(item.field).score", "indicators",
                    Message("no-score", en: "no score for \(item.name.zh)", zh: "\(item.name.zh) 没有评分"))
            }
        }
        // A figure needs its comparison (≥500人次), in the target or in a column of its own (指标性质 ≥, as
        // Yunnan's sheet has it); a qualitative target (效果明显, 达到预期) has none.
        let hasComparison = ([item.target] + item.fields.values.map(\.value)).contains {
            $0.contains(where: { comparisons.contains($0) })
        }
        if item.target.contains(where: \.isNumber) && !hasComparison {
            log.warning(
                "\(item.field).target", at: item.position,
                Message(
                    "target-without-comparison",
                    en: "target '\(item.target)' is a figure without a comparison (≥, ≤ or =)",
                    zh: "指标值 '\(item.target)' 是一个数，缺少比较符号（≥、≤ 或 =）"))
        }
        var leaf = Indicator(
            id: id, name: item.name, weight: item.points.value, notes: nil, children: [],
            position: item.position)
        leaf.target = item.target
        leaf.actual = item.actual
        leaf.deviation = item.deviation
        let keys = form.fieldKeys
        for (key, value) in item.fields.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                let hint = Suggestions.didYouMean(key, among: keys)
                log.error(
                    value.field, at: value.position,
                    Message(
                        "not-a-column", en: "'\(key)' is not a column of form \(form.id)\(hint.en)",
                        zh: "'\(key)' 不是表样 \(form.id) 的栏目\(hint.zh)"))
                continue
            }
            leaf.fields[key] = LocalizedText(zh: value.value)
        }
        return leaf
    }

    /// Weights left to each evaluation within ranges must still make the form's total.
    static func checkTotal(_ tree: [Indicator], form: Form, evaluation: Evaluation, log: inout DiagnosticLog) {
        if form.indicators.contains(where: { $0.weightRange != nil }) {
            let funds = form.funds?.rows.compactMap(\.points).reduce(Decimal(0), +) ?? 0
            let sum = tree.reduce(Decimal(0)) { $0 + $1.weight } + funds
            if sum != form.total {
                let parts = tree.map { "\($0.name.zh) \(ExactDecimal.format($0.weight))" }
                Scorer.missing(
                    evaluation, &log, "indicators", "indicators",
                    Message(
                        "declared-points-total",
                        en:
                            "the indicators' points (\(parts.joined(separator: ", "))\(funds > 0 ? ", funds \(ExactDecimal.format(funds))" : "")) add up to \(ExactDecimal.format(sum)), not the form's total \(ExactDecimal.format(form.total))",
                        zh:
                            "各指标分值（\(parts.joined(separator: ", "))\(funds > 0 ? ", 资金 \(ExactDecimal.format(funds))" : "")）合计 \(ExactDecimal.format(sum))，不等于表样总分 \(ExactDecimal.format(form.total))"
                    ))
            }
        }
    }

    /// Where an evaluation decides weights (indicators it declares, ranges), the points must still add up as the
    /// form says, at every level: a declared group's points to its fixed weight or within its range, a group
    /// with a range within it, any other group above them to its weight. Chosen indicators are ChosenWeights'.
    static func checkWeights(
        _ original: Indicator, _ filled: Indicator, evaluation: Evaluation, log: inout DiagnosticLog
    ) {
        func decided(_ node: Indicator) -> Bool {
            node.declared || node.weightRange != nil || node.children.contains(where: decided)
        }
        guard decided(original) else { return }
        let points = filled.children.reduce(Decimal(0)) { $0 + $1.weight }
        let what = Message(
            en: "the points of the indicators under \(original.name.zh)", zh: "\(original.name.zh) 下各指标的分值")
        if let range = original.weightRange {
            if !range.contains(points) {
                Scorer.missing(
                    evaluation, &log, "indicators", "indicators",
                    Message(
                        "declared-points-range",
                        en:
                            "\(what.en) add up to \(ExactDecimal.format(points)), outside the form's \(ExactDecimal.format(range.lowerBound))–\(ExactDecimal.format(range.upperBound))",
                        zh:
                            "\(what.zh) 合计 \(ExactDecimal.format(points))，超出表样规定的 \(ExactDecimal.format(range.lowerBound))–\(ExactDecimal.format(range.upperBound))"
                    ))

            }
        } else if (!original.declared || original.weight > 0) && !original.children.contains(where: \.chosen)
            && points != original.childWeight
        {
            Scorer.missing(
                evaluation, &log, "indicators", "indicators",
                Message(
                    "declared-points-sum",
                    en:
                        "\(what.en) add up to \(ExactDecimal.format(points)), not \(ExactDecimal.format(original.childWeight))",
                    zh: "\(what.zh) 合计 \(ExactDecimal.format(points))，不等于 \(ExactDecimal.format(original.childWeight))")
            )
        }
        guard !original.declared else { return }
        for child in original.children {
            if let match = filled.children.first(where: { $0.id == child.id }) {
                checkWeights(child, match, evaluation: evaluation, log: &log)
            }
        }
    }
}
