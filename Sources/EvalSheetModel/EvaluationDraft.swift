import Foundation

/// An evaluation being assembled by an importer, in the order the file will be written.
public struct EvaluationDraft: Sendable, Equatable {
    public var comments: [String] = []
    public var formID: String
    public var year: Int
    public var draft = false
    public var header: [(id: String, value: String)] = []
    public var scores: [(id: String, value: Decimal)] = []
    public var deductions: [(id: String, value: Decimal)] = []
    public var typedGroups: [(id: String, value: Decimal)] = []
    public var typedSubtotal: Decimal?
    public var typedDeductions: Decimal?
    public var typedTotal: Decimal?
    public var typedGrade: String?
    public var narrative: [(id: String, paragraphs: [String])] = []
    public var narrativeEnglish: [(id: String, paragraphs: [String])] = []
    public var recommendation: String?
    public var signoff: [(id: String, value: SignOffValue)] = []

    public init(formID: String, year: Int) {
        self.formID = formID
        self.year = year
    }

    public static func == (a: Self, b: Self) -> Bool { EvaluationYAML.write(a) == EvaluationYAML.write(b) }

    /// The draft of an evaluation already loaded (for export).
    public init(_ evaluation: Evaluation, form: Form) {
        formID = evaluation.formID
        year = evaluation.year
        draft = evaluation.draft
        header = form.header.compactMap { field in evaluation.header[field.id].map { (field.id, $0.value) } }
        scores = form.leaves.compactMap { leaf in evaluation.scores[leaf.id].map { (leaf.id, $0.value) } }
        deductions = form.deductions.items.compactMap { item in evaluation.deductions[item.id].map { (item.id, $0.value) } }
        typedGroups = form.indicators.compactMap { group in evaluation.typed.groups[group.id].map { (group.id, $0.value) } }
        typedSubtotal = evaluation.typed.subtotal?.value
        typedDeductions = evaluation.typed.deductions?.value
        typedTotal = evaluation.typed.total?.value
        typedGrade = evaluation.typed.grade?.value
        narrative = form.sections.compactMap { section in
            evaluation.narrative[section.id].map { (section.id, $0.map(\.markup)) }
        }
        narrativeEnglish = form.sections.compactMap { section in
            evaluation.narrativeEnglish[section.id].map { (section.id, $0.map(\.markup)) }
        }
        recommendation = evaluation.recommendation?.value
        signoff = form.signoff.compactMap { field in
            evaluation.signoff[field.id].map { located in
                if field.kind == .date, case let .text(text) = located.value, let date = SignOffDate.parse(text) {
                    return (field.id, SignOffValue.date(date))
                }
                return (field.id, located.value)
            }
        }
    }
}

/// Writes an evaluation draft as the YAML authoring format. Every string is quoted, so no text can
/// change meaning (a code such as 0123, a name such as `yes`).
public enum EvaluationYAML {
    public static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    public static func write(_ draft: EvaluationDraft) -> String {
        var lines = draft.comments.map { "# \($0)" }
        lines += ["form: \(quoted(draft.formID))", "year: \(draft.year)"]
        if draft.draft { lines.append("draft: true") }
        func section(_ name: String, _ pairs: [(String, String)]) {
            guard !pairs.isEmpty else { return }
            lines.append("")
            lines.append("\(name):")
            lines += pairs.map { "  \($0.0): \($0.1)" }
        }
        section("header", draft.header.map { ($0.id, quoted($0.value)) })
        lines.append("")
        lines.append(draft.scores.isEmpty ? "scores: {}" : "scores:")
        lines += draft.scores.map { "  \($0.id): \(ExactDecimal.format($0.value))" }
        section("deductions", draft.deductions.map { ($0.id, ExactDecimal.format($0.value)) })
        var typed: [(String, String)] = []
        if !draft.typedGroups.isEmpty {
            typed.append(("groups", "{" + draft.typedGroups.map { "\($0.id): \(ExactDecimal.format($0.value))" }.joined(separator: ", ") + "}"))
        }
        if let value = draft.typedSubtotal { typed.append(("subtotal", ExactDecimal.format(value))) }
        if let value = draft.typedDeductions { typed.append(("deductions", ExactDecimal.format(value))) }
        if let value = draft.typedTotal { typed.append(("total", ExactDecimal.format(value))) }
        if let value = draft.typedGrade { typed.append(("grade", quoted(value))) }
        section("typed", typed)
        func narrative(_ name: String, _ sections: [(id: String, paragraphs: [String])]) {
            guard !sections.isEmpty else { return }
            lines.append("")
            lines.append("\(name):")
            for (id, paragraphs) in sections {
                lines.append(paragraphs.isEmpty ? "  \(id): []" : "  \(id):")
                lines += paragraphs.map { "    - \(quoted($0))" }
            }
        }
        narrative("narrative", draft.narrative)
        narrative("narrative_en", draft.narrativeEnglish)
        if let recommendation = draft.recommendation {
            lines.append("")
            lines.append("recommendation: \(quoted(recommendation))")
        }
        section("signoff", draft.signoff.map { id, value in
            switch value {
            case let .text(text): return (id, quoted(text))
            case let .names(names): return (id, "[" + names.map(quoted).joined(separator: ", ") + "]")
            case let .date(date): return (id, date.iso)
            }
        })
        return lines.joined(separator: "\n") + "\n"
    }
}
