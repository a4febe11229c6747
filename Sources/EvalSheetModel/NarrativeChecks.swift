import Foundation

/// Warnings a reviewer should see, driven by patterns the form declares.
enum NarrativeChecks {
    /// The header budget (万元) and an amount stated in the narrative (元) should agree to the
    /// header's printed precision: 4400.18 万元 and 44,001,840 元 do.
    static func budget(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        guard let pattern = form.checks.budgetInNarrative,
            let regex = try? NSRegularExpression(pattern: pattern),
            let field = form.header.first(where: { $0.kind == .money }),
            let header = evaluation.header[field.id], let budget = ExactDecimal.parse(header.value)
        else { return }
        let tolerance = Decimal(sign: .plus, exponent: -field.decimals, significand: 5)
        for section in form.sections {
            for paragraph in evaluation.narrative[section.id] ?? [] {
                let text = paragraph.plainText
                let range = NSRange(text.startIndex..., in: text)
                for match in regex.matches(in: text, range: range) where match.numberOfRanges > 1 {
                    guard let r = Range(match.range(at: 1), in: text),
                        let yuan = ExactDecimal.parse(text[r].replacingOccurrences(of: ",", with: ""))
                    else { continue }
                    let difference = yuan / 10000 - budget
                    if difference > tolerance || -difference > tolerance {
                        log.warning(
                            "narrative.\(section.id)", at: evaluation.fieldPositions["narrative"],
                            Message(
                                "narrative-budget-mismatch",
                                en: "the narrative states \(text[r])元 but the header budget is \(header.value)万元",
                                zh: "评价意见写的是 \(text[r])元，而表头的预算是 \(header.value)万元"))
                    }
                }
            }
        }
    }
}
