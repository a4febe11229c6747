import Foundation

/// An evaluation being assembled by an importer, in the order the file will be written.
public struct EvaluationDraft: Sendable, Equatable {
    public var comments: [String] = []
    /// The evaluation's file, relative to the folder exported (an export's 文件 column), which `import` writes
    /// back to: a row's identity, never its position. Not part of the file's text.
    public var file: String?
    public var formID: String
    public var year: Int
    public var draft = false
    /// Whether its form scores (`scored: false`: its declared indicators are written without points).
    public var scored = true
    public var header: [(id: String, value: String)] = []
    public var scores: [(id: String, value: Decimal)] = []
    /// The weights this evaluation gives the indicators its form leaves to be chosen (`weights:`).
    public var weights: [(id: String, value: Decimal)] = []
    /// Values for the form's own indicators, by indicator id and key (`values:`).
    public var values: [(id: String, fields: [(key: String, value: String)])] = []
    public var deductions: [(id: String, value: Decimal)] = []
    public var typedGroups: [(id: String, value: Decimal)] = []
    public var typedSubtotal: Decimal?
    public var typedDeductions: Decimal?
    public var typedTotal: Decimal?
    public var typedGrade: String?
    public var typedFundsRate: Decimal?
    public var typedFundsScore: Decimal?
    /// Budget figures per funds row (万元), on forms with a funds table, and the text of its note column.
    public var funds: [(id: String, initial: Decimal?, budget: Decimal?, executed: Decimal?, note: String?)] = []
    /// Expected goals and actual results (paragraph markup), on forms with a goals block.
    public var goalsExpected: [String] = []
    public var goalsActual: [String] = []
    /// The goals table's notes (paragraph markup), by note id, in the form's order.
    public var goalsNotes: [(id: String, paragraphs: [String])] = []
    /// Indicators the evaluation declares, by the form group they belong to, in order.
    public var declared: [(group: String, items: [DeclaredItem])] = []

    public struct DeclaredItem: Sendable, Equatable {
        public var name: String
        public var nameEnglish: String?
        public var target: String
        public var actual: String
        public var points: Decimal
        public var score: Decimal?
        public var deviation: String
        /// Values for the form's field columns, by key (`fields: {unit: 人次}`).
        public var fields: [String: String]
        public init(
            name: String, nameEnglish: String? = nil, target: String, actual: String, points: Decimal, score: Decimal?,
            deviation: String,
            fields: [String: String] = [:]
        ) {
            self.name = name; self.nameEnglish = nameEnglish; self.target = target; self.actual = actual
            self.points = points; self.score = score; self.deviation = deviation; self.fields = fields
        }
    }
    public var narrative: [(id: String, paragraphs: [String])] = []
    public var narrativeEnglish: [(id: String, paragraphs: [String])] = []
    public var recommendation: String?
    public var signoff: [(id: String, value: SignOffValue)] = []
    /// The English of header values and sign-off names (`header_en`, `signoff_en`).
    public var headerEnglish: [(id: String, value: String)] = []
    public var signoffEnglish: [(id: String, value: SignOffValue)] = []
    /// Seal and signature images by sign-off field: paths relative to the folder the draft is written to.
    public var signoffImages: [(id: String, path: String)] = []

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
        scored = form.scored
        header = form.header.compactMap { field in evaluation.header[field.id].map { (field.id, $0.value) } }
        headerEnglish = form.header.compactMap { field in
            evaluation.headerEnglish[field.id].map { (field.id, $0.value) }
        }
        signoffEnglish = form.signoff.compactMap { field in
            evaluation.signoffEnglish[field.id].map { (field.id, $0.value) }
        }
        scores = form.leaves.compactMap { leaf in evaluation.scores[leaf.id].map { (leaf.id, $0.value) } }
        weights = form.leaves.filter(\.chosen).compactMap { leaf in
            evaluation.weights[leaf.id].map { (leaf.id, $0.value) }
        }
        values = form.valuedIndicators.compactMap { valued in
            evaluation.values[valued.indicator.id].map { given in
                (valued.indicator.id, valued.keys.compactMap { key in given[key].map { (key, $0.value) } })
            }
        }
        deductions = form.deductions.items.compactMap { item in
            evaluation.deductions[item.id].map { (item.id, $0.value) }
        }
        typedGroups = form.indicators.compactMap { group in
            evaluation.typed.groups[group.id].map { (group.id, $0.value) }
        }
        typedSubtotal = evaluation.typed.subtotal?.value
        typedDeductions = evaluation.typed.deductions?.value
        typedTotal = evaluation.typed.total?.value
        typedGrade = evaluation.typed.grade?.value
        typedFundsRate = evaluation.typed.fundsRate?.value
        typedFundsScore = evaluation.typed.fundsScore?.value
        funds = (form.funds?.rows ?? []).compactMap { row in
            evaluation.funds[row.id].map { (row.id, $0.initial?.value, $0.budget?.value, $0.executed?.value, $0.note) }
        }
        goalsExpected = evaluation.goals.expected.map(\.markup)
        goalsActual = evaluation.goals.actual.map(\.markup)
        goalsNotes = (form.goals?.notes ?? []).compactMap { note in
            evaluation.goals.notes[note.id].map { (note.id, $0.map(\.markup)) }
        }
        declared = form.declaredGroups.compactMap { group in
            evaluation.declared[group.id].map { items in
                (
                    group.id,
                    items.map {
                        DeclaredItem(
                            name: $0.name.zh, nameEnglish: $0.name.en, target: $0.target, actual: $0.actual,
                            points: $0.points.value,
                            score: $0.score?.value, deviation: $0.deviation, fields: $0.fields.mapValues(\.value))
                    }
                )
            }
        }
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
        signoffImages = form.signoff.compactMap { field in
            evaluation.signoffImages[field.id].map { (field.id, $0.value.path) }
        }
    }

    /// The draft with its image paths made relative to `destination` (the folder it is written to), from
    /// `source` (the folder they are relative to now; absolute paths stay as they are resolved).
    public func movingImages(from source: URL, to destination: URL) -> EvaluationDraft {
        var moved = self
        moved.signoffImages = signoffImages.map { id, path in
            let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : source.appendingPathComponent(path)
            return (id, RelativePath.of(file, from: destination))
        }
        return moved
    }
}

/// A path from a folder to a file, `..` where they part (both standardized first); absolute when they
/// share only the root.
public enum RelativePath {
    public static func of(_ file: URL, from folder: URL) -> String {
        let target = file.standardizedFileURL.pathComponents, base = folder.standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
        // Nothing shared but the root: the absolute path says more than a climb to it.
        if common <= 1 { return file.standardizedFileURL.path }
        return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
    }
}

/// Writes an evaluation draft as the YAML authoring format. Every string is quoted, so no text can
/// change meaning (a code such as 0123, a name such as `yes`).
public enum EvaluationYAML {
    public static func quoted(_ text: String) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]))
            ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    public static func write(_ draft: EvaluationDraft) -> String {
        var lines = draft.comments.map { "# \($0)" }
        lines += ["form: \(quoted(draft.formID))", "year: \(draft.year)"]
        if draft.draft { lines.append("draft: true") }
        lines += section("header", draft.header.map { ($0.id, quoted($0.value)) })
        // Every evaluation has its header, empty where the form's fields are all left blank.
        if draft.header.isEmpty { lines += ["", "header: {}"] }
        lines += section("header_en", draft.headerEnglish.map { ($0.id, quoted($0.value)) })
        lines += section("funds", draft.funds.map { ($0.id, fundsFigures($0)) })
        lines += goals(draft)
        lines.append("")
        lines.append(draft.scores.isEmpty ? "scores: {}" : "scores:")
        lines += draft.scores.map { "  \($0.id): \(ExactDecimal.format($0.value))" }
        lines += section("weights", draft.weights.map { ($0.id, ExactDecimal.format($0.value)) })
        lines += section(
            "values",
            draft.values.filter { !$0.fields.isEmpty }.map { item in
                (item.id, "{" + item.fields.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ") + "}")
            })
        lines += section("deductions", draft.deductions.map { ($0.id, ExactDecimal.format($0.value)) })
        lines += declared(draft)
        lines += section("typed", typed(draft))
        lines += narrative("narrative", draft.narrative) + narrative("narrative_en", draft.narrativeEnglish)
        if let recommendation = draft.recommendation {
            lines.append("")
            lines.append("recommendation: \(quoted(recommendation))")
        }
        let images = Dictionary(draft.signoffImages.map { ($0.id, $0.path) }, uniquingKeysWith: { a, _ in a })
        lines += section(
            "signoff",
            draft.signoff.map { id, value in
                (id, images[id].map { "{value: \(signoffValue(value)), image: \(quoted($0))}" } ?? signoffValue(value))
            }
                + draft.signoffImages.filter { image in !draft.signoff.contains { $0.id == image.id } }.map {
                    ($0.id, "{image: \(quoted($0.path))}")
                })
        lines += section("signoff_en", draft.signoffEnglish.map { ($0.id, signoffValue($0.value)) })
        return lines.joined(separator: "\n") + "\n"
    }

    /// A top-level mapping, a key and its value a line (nothing when it is empty), after a blank line.
    static func section(_ name: String, _ pairs: [(String, String)]) -> [String] {
        guard !pairs.isEmpty else { return [] }
        return ["", "\(name):"] + pairs.map { "  \($0.0): \($0.1)" }
    }

    /// A funds row's figures and note, flow style.
    static func fundsFigures(
        _ row: (id: String, initial: Decimal?, budget: Decimal?, executed: Decimal?, note: String?)
    ) -> String {
        let figures =
            [("initial", row.initial), ("budget", row.budget), ("executed", row.executed)]
            .compactMap { name, value in value.map { "\(name): \(ExactDecimal.format($0))" } }
            + (row.note.map { ["note: \(quoted($0))"] } ?? [])
        return "{" + figures.joined(separator: ", ") + "}"
    }

    static func goals(_ draft: EvaluationDraft) -> [String] {
        guard !draft.goalsExpected.isEmpty || !draft.goalsActual.isEmpty || !draft.goalsNotes.isEmpty else { return [] }
        var lines = ["", "goals:"]
        for (name, paragraphs) in [("expected", draft.goalsExpected), ("actual", draft.goalsActual)]
            + draft.goalsNotes.map({ ($0.id, $0.paragraphs) })
        {
            lines.append(paragraphs.isEmpty ? "  \(name): []" : "  \(name):")
            lines += paragraphs.map { "    - \(quoted($0))" }
        }
        return lines
    }

    /// The indicators the evaluation declares, a flow mapping each, by group.
    static func declared(_ draft: EvaluationDraft) -> [String] {
        guard !draft.declared.isEmpty else { return [] }
        var lines = ["", "indicators:"]
        for (group, items) in draft.declared {
            lines.append(items.isEmpty ? "  \(group): []" : "  \(group):")
            for item in items {
                let name = item.nameEnglish.map { "{zh: \(quoted(item.name)), en: \(quoted($0))}" } ?? quoted(item.name)
                var fields = ["name: \(name)", "target: \(quoted(item.target))"]
                if !item.actual.isEmpty { fields.append("actual: \(quoted(item.actual))") }
                if draft.scored { fields.append("points: \(ExactDecimal.format(item.points))") }
                if let score = item.score { fields.append("score: \(ExactDecimal.format(score))") }
                if !item.deviation.isEmpty { fields.append("deviation: \(quoted(item.deviation))") }
                if !item.fields.isEmpty {
                    fields.append(
                        "fields: {"
                            + item.fields.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }
                            .joined(separator: ", ") + "}")
                }
                lines.append("    - {" + fields.joined(separator: ", ") + "}")
            }
        }
        return lines
    }

    /// The figures typed on the paper sheet.
    static func typed(_ draft: EvaluationDraft) -> [(String, String)] {
        var typed: [(String, String)] = []
        let fundsFigures = [("rate", draft.typedFundsRate), ("score", draft.typedFundsScore)]
            .compactMap { name, value in value.map { "\(name): \(ExactDecimal.format($0))" } }
        if !fundsFigures.isEmpty { typed.append(("funds", "{" + fundsFigures.joined(separator: ", ") + "}")) }
        if !draft.typedGroups.isEmpty {
            let groups = draft.typedGroups.map { "\($0.id): \(ExactDecimal.format($0.value))" }
            typed.append(("groups", "{" + groups.joined(separator: ", ") + "}"))
        }
        if let value = draft.typedSubtotal { typed.append(("subtotal", ExactDecimal.format(value))) }
        if let value = draft.typedDeductions { typed.append(("deductions", ExactDecimal.format(value))) }
        if let value = draft.typedTotal { typed.append(("total", ExactDecimal.format(value))) }
        if let value = draft.typedGrade { typed.append(("grade", quoted(value))) }
        return typed
    }

    /// Narrative sections, a list of paragraphs each.
    static func narrative(_ name: String, _ sections: [(id: String, paragraphs: [String])]) -> [String] {
        guard !sections.isEmpty else { return [] }
        var lines = ["", "\(name):"]
        for (id, paragraphs) in sections {
            lines.append(paragraphs.isEmpty ? "  \(id): []" : "  \(id):")
            lines += paragraphs.map { "    - \(quoted($0))" }
        }
        return lines
    }

    static func signoffValue(_ value: SignOffValue) -> String {
        switch value {
        case let .text(text): return quoted(text)
        case let .names(names): return "[" + names.map(quoted).joined(separator: ", ") + "]"
        case let .date(date): return date.iso
        }
    }
}
