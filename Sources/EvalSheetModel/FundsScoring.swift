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
        guard let budget = figures?.budget?.value, budget > 0, let executed = figures?.executed?.value else { return nil }
        return round(executed / budget * 100, decimals)
    }

    static func compute(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> (rates: [String: Decimal], score: Decimal?) {
        guard let funds = form.funds, form.blocks.contains(.funds) else {
            for key in evaluation.funds.keys.sorted() {
                log.error("funds.\(key)", at: evaluation.fieldPositions["funds"], "form \(form.id) has no funds table")
            }
            return ([:], nil)
        }
        var rates: [String: Decimal] = [:]
        var score: Decimal?
        for key in evaluation.funds.keys.sorted() where !funds.rows.contains(where: { $0.id == key }) {
            log.error("funds.\(key)", at: evaluation.funds[key]?.position, "'\(key)' is not a funds row of form \(form.id)")
        }
        for row in funds.rows {
            let figures = evaluation.funds[row.id]
            for located in [figures?.initial, figures?.budget, figures?.executed].compactMap({ $0 }) where located.value < 0 {
                log.error(located.field, at: located.position, "an amount cannot be negative")
            }
            if let rate = rate(figures, decimals: funds.decimals(.rate)) { rates[row.id] = rate }
            guard let points = row.points else { continue }
            guard let rate = rates[row.id] else {
                Scorer.missing(evaluation, &log, "funds.\(row.id)", "funds",
                               "the \(row.label.zh) row needs its full-year budget (above zero) and amount executed")
                continue
            }
            score = min(points, round(rate / 100 * points, funds.decimals(.score)))
        }
        return (rates, score)
    }
}
