import Foundation

/// The funds table's computed cells: each row's execution rate (executed / full-year budget, in percent,
/// two decimals unless the form's rate column says) and, for a row with points, its score (rate × points,
/// capped at the points, two decimals unless the score column says).
enum FundsScoring {
    static func round(_ value: Decimal, _ places: Int) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }

    static func rate(_ figures: FundsFigures?, decimals: Int = 2) -> Decimal? {
        guard let budget = figures?.budget?.value, budget > 0, let executed = figures?.executed?.value else {
            return nil
        }
        return round(executed / budget * 100, decimals)
    }

    /// The evaluation with the figures of the rows the form adds up (`sumOf`) computed: each the sum of the
    /// parts' figures where any part has one. A figure the evaluation gives for such a row must equal that
    /// sum: it is an error at its line otherwise, like any typed figure that disagrees with the computed one.
    static func summed(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> Evaluation {
        guard let funds = form.funds, funds.rows.contains(where: { !$0.sumOf.isEmpty }) else { return evaluation }
        var result = evaluation
        let roles: [(String, WritableKeyPath<FundsFigures, Located<Decimal>?>)] = [
            ("initial", \.initial), ("budget", \.budget), ("executed", \.executed)
        ]
        for row in funds.rows where !row.sumOf.isEmpty {
            var figures = evaluation.funds[row.id] ?? FundsFigures()
            let parts = row.sumOf.compactMap { evaluation.funds[$0] }
            let names = row.sumOf.compactMap { id in funds.rows.first { $0.id == id }?.label.zh }.joined(separator: "、")
            for (name, path) in roles {
                let values = parts.compactMap { $0[keyPath: path]?.value }
                guard !values.isEmpty else { continue }
                let sum = values.reduce(Decimal(0), +)
                if let given = figures[keyPath: path] {
                    if given.value != sum {
                        log.error(
                            given.field, at: given.position,
                            Message(
                                "not-the-sum",
                                en:
                                    "\(ExactDecimal.format(given.value)) is not the sum of \(names) (\(ExactDecimal.format(sum)))",
                                zh: "\(ExactDecimal.format(given.value)) 不等于 \(names) 之和（\(ExactDecimal.format(sum))）")
                        )
                    }
                } else {
                    figures[keyPath: path] = Located(value: sum, position: nil, field: "funds.\(row.id).\(name)")
                }
            }
            result.funds[row.id] = figures
        }
        return result
    }

    static func compute(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> (
        rates: [String: Decimal], score: Decimal?
    ) {
        guard let funds = form.funds, form.hasFunds else {
            for key in evaluation.funds.keys.sorted() {
                log.error(
                    "funds.\(key)", at: evaluation.fieldPositions["funds"],
                    Message("no-funds-table", en: "form \(form.id) has no funds table", zh: "表样 \(form.id) 没有资金表"))
            }
            return ([:], nil)
        }
        var rates: [String: Decimal] = [:]
        var score: Decimal?
        for key in evaluation.funds.keys.sorted() where !funds.rows.contains(where: { $0.id == key }) {
            log.error(
                "funds.\(key)", at: evaluation.funds[key]?.position,
                Message(
                    "not-a-funds-row-of-form", en: "'\(key)' is not a funds row of form \(form.id)",
                    zh: "'\(key)' 不是表样 \(form.id) 的资金行"))
        }
        for row in funds.rows {
            let figures = evaluation.funds[row.id]
            for located in [figures?.initial, figures?.budget, figures?.executed].compactMap({ $0 })
            where located.value < 0 {
                log.error(
                    located.field, at: located.position,
                    Message("negative-amount", en: "an amount cannot be negative", zh: "金额不能为负数"))
            }
            if let rate = rate(figures, decimals: funds.decimals(.rate)) { rates[row.id] = rate }
            guard let points = row.points else { continue }
            if rates[row.id] == nil, let declared = funds.scoreWithoutBudget, figures?.budget?.value == 0 {
                score = declared
                continue
            }
            guard let rate = rates[row.id] else {
                Scorer.missing(
                    evaluation, &log, "funds.\(row.id)", "funds",
                    Message(
                        "funds-row-incomplete",
                        en: "the \(row.label.zh) row needs its full-year budget (above zero) and amount executed",
                        zh: "\(row.label.zh) 行需要全年预算数（大于零）和执行数"))
                continue
            }
            score = min(points, round(rate / 100 * points, funds.decimals(.score)))
        }
        return (rates, score)
    }
}
