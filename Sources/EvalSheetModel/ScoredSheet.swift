import Foundation

/// An evaluation filled against its form with every figure computed: what the backends render.
public struct ScoredSheet: Sendable {
    public var form: Form
    public var evaluation: Evaluation
    /// Leaf scores; a missing score in a draft is absent.
    public var scores: [String: Decimal]
    /// Sum of the leaf scores under each indicator (any level).
    public var indicatorTotals: [String: Decimal]
    public var deductions: [String: Decimal]
    public var subtotal: Decimal
    public var deductionTotal: Decimal
    public var total: Decimal
    public var grade: GradeBand?
    public var signoffDate: SignOffDate?
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func header(_ id: String) -> String { evaluation.header[id]?.value ?? "" }

    /// `202008367 电子政务云服务平台项目经费: 38 + 42 = 80, −3 → 77 中`
    public func summaryLine(language: Language = .zh) -> String {
        let groups = form.indicators.map { ExactDecimal.display(indicatorTotals[$0.id] ?? 0) }.joined(separator: " + ")
        let code = form.header.first.map { header($0.id) } ?? ""
        let name = headerValue(matching: "project") ?? ""
        let deduction = deductionTotal == 0 ? "0" : ExactDecimal.display(deductionTotal)
        let gradeName = grade?.name.text(language) ?? "?"
        return "\(codeValue ?? code) \(name): \(groups) = \(ExactDecimal.display(subtotal)), \(deduction) → \(ExactDecimal.display(total)) \(gradeName)"
    }

    /// The budget code: the header field with id `code`, by convention of the forms in `Layouts/`.
    public var codeValue: String? { headerValue(matching: "code") }

    func headerValue(matching id: String) -> String? { evaluation.header[id]?.value }
}
