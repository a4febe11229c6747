import Foundation

/// Reads an evaluation file (YAML or JSON). Checks its shape here; checks against the form later.
public enum EvaluationLoader {
    public static func load(url: URL, log: inout DiagnosticLog) -> Evaluation? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            log.error(
                "", at: nil,
                Message(
                    "cannot-read-file", en: "cannot read the file (\((error as NSError).localizedDescription))",
                    zh: "无法读取文件（\((error as NSError).localizedDescription)）"))
            return nil
        }
        return load(data: data, file: url.path, log: &log)
    }

    public static func load(data: Data, file: String, log: inout DiagnosticLog) -> Evaluation? {
        guard let root = YAMLDocument.parse(data, log: &log) else { return nil }
        var evaluation = read(root, file: file, log: &log)
        evaluation?.sourceMap = SourceMap(root)
        return evaluation
    }

    static func read(_ value: YAMLValue, file: String, log: inout DiagnosticLog) -> Evaluation? {
        guard var r = FieldReader(value, log: &log) else { return nil }
        let formID = r.required("form", log: &log)?.string(log: &log)
        let year = r.required("year", log: &log)?.integer(log: &log)
        let draft = r.optional("draft")?.bool(log: &log) ?? false
        let header = r.required("header", log: &log).map { textMap($0, log: &log) } ?? [:]
        // Optional here: a form whose indicators are all declared by the evaluation has none; the scorer
        // reports every indicator of the form left without a score.
        let scores = r.optional("scores").map { decimalMap($0, log: &log) } ?? [:]
        let deductions = r.optional("deductions").map { decimalMap($0, log: &log) } ?? [:]
        let weights = r.optional("weights").map { decimalMap($0, log: &log) } ?? [:]
        let values = r.optional("values").map { readValues($0, log: &log) } ?? [:]
        let narrative = r.optional("narrative").map { readNarrative($0, log: &log) } ?? [:]
        let narrativeEnglish = r.optional("narrative_en").map { readNarrative($0, log: &log) } ?? [:]
        let headerEnglish = r.optional("header_en").map { textMap($0, log: &log) } ?? [:]
        let signoffEnglish = r.optional("signoff_en").map { readSignOffEnglish($0, log: &log) } ?? [:]
        let funds = r.optional("funds").map { readFunds($0, log: &log) } ?? [:]
        let goals = r.optional("goals").map { readGoals($0, log: &log) } ?? Goals()
        let declared = r.optional("indicators").map { readDeclared($0, log: &log) } ?? [:]
        let recommendation = r.optional("recommendation").flatMap { v in
            v.string(log: &log).map { Located(value: $0, position: v.position, field: v.path) }
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let (signoff, images) = r.optional("signoff").map { readSignOff($0, folder: folder, log: &log) } ?? ([:], [:])
        let typed = r.optional("typed").map { readTyped($0, log: &log) } ?? TypedFigures()
        r.reportUnknown(log: &log)
        if let year, !(1990...2100).contains(year) {
            log.error(
                "year", at: r.keyPosition("year"),
                Message(
                    "year-out-of-range", en: "year \(year) is out of range (1990–2100)",
                    zh: "年度 \(year) 超出范围（1990–2100）"))
        }
        guard let formID, let year else { return nil }
        var evaluation = Evaluation(
            file: file, formID: formID, year: year, draft: draft, header: header, scores: scores,
            deductions: deductions, narrative: narrative, recommendation: recommendation,
            signoff: signoff, typed: typed, position: value.position)
        evaluation.narrativeEnglish = narrativeEnglish
        evaluation.headerEnglish = headerEnglish
        evaluation.signoffEnglish = signoffEnglish
        evaluation.funds = funds
        evaluation.goals = goals
        evaluation.declared = declared
        evaluation.weights = weights
        evaluation.values = values
        evaluation.signoffImages = images
        for key in r.keys { evaluation.fieldPositions[key] = r.keyPosition(key) }
        return evaluation
    }

    static func textMap(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: Located<String>] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: Located<String>] = [:]
        for key in r.keys {
            guard let v = r.optional(key), let text = v.string(log: &log) else { continue }
            result[key] = Located(value: text, position: v.position, field: v.path)
        }
        return result
    }

    static func decimalMap(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: Located<Decimal>] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: Located<Decimal>] = [:]
        for key in r.keys {
            guard let v = r.optional(key) else { continue }
            if let number = v.decimal(log: &log) {
                result[key] = Located(value: number, position: v.position, field: v.path)
            }
        }
        return result
    }

    /// `values:`: for each indicator id, a mapping of keys to texts.
    static func readValues(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: [String: Located<String>]] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: [String: Located<String>]] = [:]
        for key in r.keys {
            guard let item = r.optional(key) else { continue }
            result[key] = textMap(item, log: &log)
        }
        return result
    }

    static func readNarrative(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: [Paragraph]] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: [Paragraph]] = [:]
        for key in r.keys {
            guard let v = r.optional(key) else { result[key] = []; continue }
            if let text = v.scalarText {
                // A block scalar: blank lines separate paragraphs.
                result[key] = text.components(separatedBy: "\n\n")
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty }.map { Paragraph(markup: $0) }
            } else if let items = v.list(log: &log) {
                result[key] = items.compactMap { $0.string(log: &log) }.map { Paragraph(markup: $0) }
            }
        }
        return result
    }

    static func readFunds(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: FundsFigures] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: FundsFigures] = [:]
        for key in r.keys {
            guard let v = r.optional(key), var row = FieldReader(v, log: &log) else { continue }
            var figures = FundsFigures()
            figures.position = v.position
            func located(_ name: String) -> Located<Decimal>? {
                guard let item = row.optional(name), let number = item.decimal(log: &log) else { return nil }
                return Located(value: number, position: item.position, field: item.path)
            }
            figures.initial = located("initial")
            figures.budget = located("budget")
            figures.executed = located("executed")
            figures.note = row.optional("note")?.string(log: &log)
            row.reportUnknown(log: &log)
            result[key] = figures
        }
        return result
    }

    static func readGoals(_ value: YAMLValue, log: inout DiagnosticLog) -> Goals {
        var goals = Goals()
        guard var r = FieldReader(value, log: &log) else { return goals }
        func paragraphs(_ key: String) -> [Paragraph] {
            guard let v = r.optional(key) else { return [] }
            if let text = v.scalarText { return [Paragraph(markup: text)] }
            return (v.list(log: &log) ?? []).compactMap { $0.string(log: &log) }.map { Paragraph(markup: $0) }
        }
        goals.expected = paragraphs("expected")
        goals.actual = paragraphs("actual")
        // Any other key is a note of the form's goals table (checked against the form by the scorer).
        for key in r.keys where key != "expected" && key != "actual" {
            goals.notePositions[key] = r.keyPosition(key)
            goals.notes[key] = paragraphs(key)
        }
        r.reportUnknown(log: &log)
        return goals
    }

    static func readDeclared(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: [DeclaredIndicator]] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var result: [String: [DeclaredIndicator]] = [:]
        for key in r.keys {
            guard let list = r.optional(key)?.list(log: &log) else { result[key] = []; continue }
            result[key] = list.compactMap { item -> DeclaredIndicator? in
                guard var f = FieldReader(item, log: &log) else { return nil }
                let name = f.required("name", log: &log)?.localized(log: &log)
                let target = f.required("target", log: &log)?.string(log: &log)
                let actual = f.optional("actual")?.string(log: &log) ?? ""
                // Points are the form's business: a form that scores nothing has none (checked by the scorer).
                let pointsValue = f.optional("points")
                let points =
                    pointsValue.map { v in
                        v.decimal(log: &log).map { Located(value: $0, position: v.position, field: v.path) }
                    }
                    ?? Located(value: 0, position: nil, field: item.path + ".points")
                let score = f.optional("score").flatMap { v in
                    v.decimal(log: &log).map { Located(value: $0, position: v.position, field: v.path) }
                }
                let deviation = f.optional("deviation")?.string(log: &log) ?? ""
                var fields: [String: Located<String>] = [:]
                if let values = f.optional("fields"), var reader = FieldReader(values, log: &log) {
                    for key in reader.keys {
                        guard let value = reader.optional(key), let text = value.string(log: &log) else { continue }
                        fields[key] = Located(value: text, position: value.position, field: value.path)
                    }
                }
                f.reportUnknown(log: &log)
                guard let name, let target, let points else { return nil }
                var indicator = DeclaredIndicator(
                    name: name, target: target, actual: actual, points: points, score: score,
                    deviation: deviation, position: item.position, field: item.path)
                indicator.fields = fields
                indicator.pointsGiven = pointsValue != nil
                return indicator
            }
        }
        return result
    }

    /// A field's value (text, or a list of names), or a map with an `image:` (a PNG beside the evaluation)
    /// and, for a field that also prints a value, `value:`.
    static func readSignOff(_ value: YAMLValue, folder: URL, log: inout DiagnosticLog)
        -> (values: [String: Located<SignOffValue>], images: [String: Located<SignOffImage>])
    {
        guard var r = FieldReader(value, log: &log) else { return ([:], [:]) }
        var values: [String: Located<SignOffValue>] = [:]
        var images: [String: Located<SignOffImage>] = [:]
        func read(_ key: String, _ v: YAMLValue) {
            if let items = v.sequence {
                let names = items.compactMap { $0.string(log: &log) }
                values[key] = Located(value: .names(names), position: v.position, field: v.path)
            } else if let text = v.string(log: &log) {
                values[key] = Located(value: .text(text), position: v.position, field: v.path)
            }
        }
        for key in r.keys {
            guard let v = r.optional(key) else { continue }
            guard v.isMapping else { read(key, v); continue }
            guard var entry = FieldReader(v, log: &log) else { continue }
            if let inner = entry.optional("value") { read(key, inner) }
            if let image = entry.required("image", log: &log), let path = image.string(log: &log) {
                switch SignOffImage.read(path, relativeTo: folder) {
                case let .success(read): images[key] = Located(value: read, position: image.position, field: image.path)
                case let .failure(problem): log.error(image.path, at: image.position, problem.message)
                }
            }
            entry.reportUnknown(log: &log)
        }
        return (values, images)
    }

    /// `signoff_en`: the English of sign-off names and texts, a name or a list of names per field.
    static func readSignOffEnglish(_ value: YAMLValue, log: inout DiagnosticLog) -> [String: Located<SignOffValue>] {
        guard var r = FieldReader(value, log: &log) else { return [:] }
        var values: [String: Located<SignOffValue>] = [:]
        for key in r.keys {
            guard let v = r.optional(key) else { continue }
            if let items = v.sequence {
                let names = items.compactMap { $0.string(log: &log) }
                values[key] = Located(value: .names(names), position: v.position, field: v.path)
            } else if let text = v.string(log: &log) {
                values[key] = Located(value: .text(text), position: v.position, field: v.path)
            }
        }
        return values
    }

    static func readTyped(_ value: YAMLValue, log: inout DiagnosticLog) -> TypedFigures {
        var typed = TypedFigures()
        guard var r = FieldReader(value, log: &log) else { return typed }
        func located(_ key: String) -> Located<Decimal>? {
            guard let v = r.optional(key), let number = v.decimal(log: &log) else { return nil }
            return Located(value: number, position: v.position, field: v.path)
        }
        if let groups = r.optional("groups") { typed.groups = decimalMap(groups, log: &log) }
        if let funds = r.optional("funds"), var f = FieldReader(funds, log: &log) {
            for (key, keyPath) in [("rate", \TypedFigures.fundsRate), ("score", \TypedFigures.fundsScore)] {
                if let v = f.optional(key), let number = v.decimal(log: &log) {
                    typed[keyPath: keyPath] = Located(value: number, position: v.position, field: v.path)
                }
            }
            f.reportUnknown(log: &log)
        }
        typed.subtotal = located("subtotal")
        typed.deductions = located("deductions")
        typed.total = located("total")
        if let v = r.optional("grade"), let text = v.string(log: &log) {
            typed.grade = Located(value: text, position: v.position, field: v.path)
        }
        r.reportUnknown(log: &log)
        return typed
    }
}
