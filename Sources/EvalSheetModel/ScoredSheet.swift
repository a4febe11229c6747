import Foundation

/// An evaluation filled against its form with every figure computed: what the backends render.
public struct ScoredSheet: Sendable {
    public var form: Form
    public var evaluation: Evaluation
    /// The form's indicator tree with the indicators this evaluation declares in place.
    public var indicators: [Indicator]
    /// Execution rate (percent) of each funds row, and the score of the funds table.
    public var fundsRates: [String: Decimal] = [:]
    public var fundsScore: Decimal?
    /// Leaf scores; a missing score in a draft is absent.
    public var scores: [String: Decimal]
    /// Sum of the leaf scores under each indicator (any level); for a group on a base of its own, its share
    /// of its weight (score × weight / base).
    public var indicatorTotals: [String: Decimal]
    /// The score of each group on a base of its own, out of that base.
    public var baseScores: [String: Decimal] = [:]
    public var deductions: [String: Decimal]
    public var subtotal: Decimal
    public var deductionTotal: Decimal
    public var total: Decimal
    public var grade: GradeBand?
    public var signoffDate: SignOffDate?
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func header(_ id: String) -> String { evaluation.header[id]?.value ?? "" }

    /// A header value in one language: its English (`header_en`) on an English sheet where the evaluation gives
    /// one, else as written.
    public func header(_ id: String, in language: Language) -> String {
        language == .en ? evaluation.headerEnglish[id]?.value ?? header(id) : header(id)
    }

    /// A sign-off field's value in one language: its English (`signoff_en`) on an English sheet where the
    /// evaluation gives one, else as written.
    public func signoff(_ id: String, in language: Language) -> SignOffValue? {
        language == .en
            ? evaluation.signoffEnglish[id]?.value ?? evaluation.signoff[id]?.value : evaluation.signoff[id]?.value
    }

    /// Leaves without a score (only a draft may have them), in the order of the form.
    public var missingScores: [String] {
        func leaves(_ node: Indicator) -> [Indicator] { node.isLeaf ? [node] : node.children.flatMap(leaves) }
        return indicators.flatMap(leaves).filter { needsScore($0) && scores[$0.id] == nil }.map(\.id)
    }

    /// A form's own leaf or an indicator the evaluation declared; not a group left empty where the evaluation
    /// declares the indicators and has declared none.
    func needsScore(_ leaf: Indicator) -> Bool {
        form.scored && (leaf.target != nil || Self.hasLeaf(leaf.id, in: form.indicators))
    }

    /// Whether a form leaf (not a declared one) has this id; a search that copies no indicator (`form.leaves`,
    /// asked for every cell, copied the tree each time: 3 % of a batch's time).
    static func hasLeaf(_ id: String, in nodes: [Indicator]) -> Bool {
        nodes.contains { $0.isLeaf ? $0.id == id && !$0.declared : hasLeaf(id, in: $0.children) }
    }

    /// Whether every score under an indicator is given: a total over a missing score is unknown, and every
    /// backend prints it as missing rather than as the sum of the scores that are there.
    public func isComplete(_ indicator: Indicator) -> Bool {
        indicator.isLeaf
            ? !needsScore(indicator) || scores[indicator.id] != nil : indicator.children.allSatisfy(isComplete)
    }

    public var isComplete: Bool { indicators.allSatisfy(isComplete) }

    /// The printed grade's place among the form's bands, best first (0); nil while there is none (an incomplete
    /// sheet, a form without grades). Lists sort by it: 优 良 中 差, not in pinyin order.
    public var gradeRank: Int? {
        guard isComplete, let grade else { return nil }
        return form.grades.bands.sorted { $0.minimum > $1.minimum }.firstIndex { $0.name == grade.name }
    }

    /// `202008367 电子政务云服务平台项目经费: 38 + 42 = 80, −3 → 77 中`; for an incomplete sheet, how many
    /// scores are missing instead of totals that would mislead.
    public func summaryLine(language: Language = .zh) -> String {
        guard form.scored else {
            // A goal form: what it states, not a total.
            let subject = [codeValue, headerValue(matching: "project")].compactMap { $0 }.filter { !$0.isEmpty }.joined(
                separator: " ")
            let count = indicators.flatMap(\.leaves).filter { $0.target != nil }.count
            return Message(
                "summary-unscored",
                en:
                    "\(subject.isEmpty ? form.id : subject): \(count) indicator\(count == 1 ? "" : "s") declared, no scores (form \(form.id) scores nothing)",
                zh: "\(subject.isEmpty ? form.id : subject)：列出 \(count) 个指标，不评分（表样 \(form.id) 不评分）"
            ).description
        }
        guard isComplete else {
            let subject = [codeValue, headerValue(matching: "project")].compactMap { $0 }.filter { !$0.isEmpty }.joined(
                separator: " ")
            let missing = missingScores
            let listed = missing.prefix(4).joined(separator: ", ")
            return Message(
                "summary-incomplete",
                en:
                    "\(subject): \(evaluation.draft ? "draft, " : "")\(missing.count) score\(missing.count == 1 ? "" : "s") missing (\(listed)\(missing.count > 4 ? ", … \(missing.count - 4) more" : "")), no total",
                zh:
                    "\(subject)：\(evaluation.draft ? "草稿，" : "")缺 \(missing.count) 个评分（\(listed)\(missing.count > 4 ? "，…… 另 \(missing.count - 4) 个" : "")），没有总分"
            ).description
        }

        let groups =
            ((fundsScore.map { [ExactDecimal.display($0)] } ?? [])
            + form.indicators.map { ExactDecimal.display(indicatorTotals[$0.id] ?? 0) })
            .joined(separator: " + ")
        let name = headerValue(matching: "project") ?? ""
        let deduction = deductionTotal == 0 ? "0" : ExactDecimal.display(deductionTotal)
        let gradeName = grade.map { " " + $0.name.text(language) } ?? ""
        let sum = ExactDecimal.display(subtotal + (fundsScore ?? 0))
        let subject = [codeValue, name].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return "\(subject): \(groups) = \(sum), \(deduction) → \(ExactDecimal.display(total))\(gradeName)"
    }

    /// The budget code: the header field with id `code`, by convention of the forms in `Layouts/`.
    public var codeValue: String? { headerValue(matching: "code") }

    func headerValue(matching id: String) -> String? { evaluation.header[id]?.value }
}
