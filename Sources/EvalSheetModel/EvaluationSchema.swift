import Foundation

/// The JSON Schema (draft 2020-12) of the evaluation format, so that editors validate and complete
/// evaluation files. Given a form, indicator, section and option ids are listed with their names.
public enum EvaluationSchema {
    typealias Schema = [String: Any]

    // (Computed: a dictionary of Any is not Sendable, so a stored static one could not be shared.)

    static var number: Schema { ["type": ["number", "string"], "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$"] }
    static var paragraphs: Schema { ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]] }
    static var text: Schema { ["type": "string"] }
    static var textOrNumber: Schema { ["type": ["string", "number"]] }

    static func object(_ properties: Schema, required: [String] = [], closed: Bool = true) -> Schema {
        var result: Schema = ["type": "object", "properties": properties]
        if !required.isEmpty { result["required"] = required }
        if closed { result["additionalProperties"] = false }
        return result
    }

    static func described(_ schema: Schema, _ text: String) -> Schema {
        var copy = schema
        copy["description"] = text
        return copy
    }

    /// Each item's schema under its id.
    static func keyed<Item>(_ items: [Item], _ entry: (Item) -> (String, Schema)) -> Schema {
        Dictionary(items.map(entry), uniquingKeysWith: { first, _ in first })
    }

    public static func schema(for form: Form?) -> [String: Any] {
        // Without a form, every part is open: any ids, the types alone checked.
        let open = form == nil
        let scoredLeaves = form?.leaves.filter { !$0.chosen }.map(\.id) ?? []
        var recommendation: Schema = text
        if let form { recommendation["enum"] = form.recommendation.options.map(\.id) }
        let sections = object(
            form.map { keyed($0.sections) { ($0.id, described(paragraphs, $0.title.zh)) } } ?? [:], closed: !open)
        var root = object(
            [
                "form": described(text, "Form id: a folder of Layouts/"),
                "year": ["type": "integer", "minimum": 1990, "maximum": 2100],
                "draft": described(["type": "boolean"], "A draft may leave scores and sections empty"),
                "header": object(
                    form.map(headerProperties) ?? [:], required: form?.header.filter(\.required).map(\.id) ?? [],
                    closed: !open),
                "scores": object(form.map(scoreProperties) ?? [:], required: scoredLeaves, closed: !open),
                "deductions": object(
                    form.map {
                        keyed($0.deductions.items) {
                            ($0.id, described(number, "\($0.name.zh) (\(ExactDecimal.format($0.cap))–0)"))
                        }
                    } ?? [:],
                    closed: !open),
                "weights": described(
                    object(
                        form.map {
                            keyed($0.leaves.filter(\.chosen)) {
                                ($0.id, described(number, "\($0.name.zh): its weight, if this evaluation uses it"))
                            }
                        } ?? [:],
                        closed: !open),
                    "Weights of the indicators the form leaves each evaluation to choose"),
                "values": described(
                    object(form.map(valueProperties) ?? [:], closed: !open),
                    "Values of the form's indicators that its sheet prints (扣分原因, 数据项), by indicator"),
                "funds": object(form.map(fundsProperties) ?? [:], closed: !open),
                "goals": object(
                    ["expected": paragraphs, "actual": paragraphs]
                        .merging((form?.goals?.notes ?? []).map { ($0.id, described(paragraphs, $0.label.zh)) }) { $1 },
                    closed: !open),
                "indicators": object(declaredProperties(form), closed: !open),
                "typed": object([
                    "groups": object(
                        form.map { keyed($0.indicators) { ($0.id, described(number, $0.name.zh)) } } ?? [:],
                        closed: !open),
                    "subtotal": number, "deductions": number, "total": number, "grade": text,
                    "funds": object(["rate": number, "score": number])
                ]),
                "narrative": sections,
                "narrative_en": described(sections, "The narrative in English, for --lang en and zh-en"),
                "header_en": described(
                    object(form.map(headerEnglishProperties) ?? [:], closed: !open),
                    "The English of header texts (the unit's and the project's names), for --lang en and zh-en"),
                "signoff_en": described(
                    object(form.map(signoffEnglishProperties) ?? [:], closed: !open),
                    "The English of the sign-off's names, for --lang en and zh-en"),
                "recommendation": recommendation,
                "signoff": object(form.map(signoffProperties) ?? [:], closed: !open)
            ], required: ["form", "year", "header"])
        // Scores are required unless the evaluation is a draft (a draft may leave them out).
        if !scoredLeaves.isEmpty || form == nil {
            root["if"] = ["properties": ["draft": ["const": true]], "required": ["draft"]]
            root["else"] = ["required": ["scores"]]
        }
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = form.map { "EvalSheet evaluation (\($0.id))" } ?? "EvalSheet evaluation"
        return root
    }

    static func headerProperties(_ form: Form) -> Schema {
        keyed(form.header) { ($0.id, described($0.kind == .money ? number : textOrNumber, $0.label.zhOnOneLine)) }
    }

    static func headerEnglishProperties(_ form: Form) -> Schema {
        keyed(form.header.filter { $0.kind == .text }) {
            ($0.id, described(text, $0.label.zhOnOneLine + " (English)"))
        }
    }

    static func signoffEnglishProperties(_ form: Form) -> Schema {
        keyed(form.signoff.filter { $0.kind == .names || $0.kind == .text }) {
            ($0.id, described($0.kind == .names ? ["type": "array", "items": text] : text, $0.label.zh + " (English)"))
        }
    }

    /// Each leaf's score between 0 and its weight.
    static func scoreProperties(_ form: Form) -> Schema {
        keyed(form.leaves) { leaf in
            var entry = described(number, "\(leaf.name.zh) (0–\(ExactDecimal.format(leaf.weight)))")
            entry["minimum"] = 0
            entry["maximum"] = NSDecimalNumber(decimal: leaf.weight)
            return (leaf.id, entry)
        }
    }

    static func valueProperties(_ form: Form) -> Schema {
        keyed(form.valuedIndicators) { node, keys in
            (
                node.id,
                described(object(Dictionary(uniqueKeysWithValues: keys.map { ($0, textOrNumber) })), node.name.zh)
            )
        }
    }

    /// The indicators an evaluation declares under each group of the form that asks for them.
    static func declaredProperties(_ form: Form?) -> Schema {
        let label: Schema = ["oneOf": [text, object(["zh": text, "en": text], required: ["zh"])]]
        let fieldValues = object(
            Dictionary(uniqueKeysWithValues: (form?.fieldKeys ?? []).map { ($0, textOrNumber) }), closed: form != nil)
        let declaredIndicator = object(
            [
                "name": label, "target": text, "actual": textOrNumber, "points": number, "score": number,
                "deviation": text, "fields": fieldValues
            ],
            required: form?.scored == false ? ["name", "target"] : ["name", "target", "points"])
        return keyed(form?.declaredGroups ?? []) {
            ($0.id, described(["type": "array", "items": declaredIndicator], $0.name.zh))
        }
    }

    /// A funds row's figures; a row the form adds up may be left out: it is computed from its parts.
    static func fundsProperties(_ form: Form) -> Schema {
        var amounts = Dictionary(uniqueKeysWithValues: ["initial", "budget", "executed"].map { ($0, number) })
        amounts["note"] = text
        let figures = object(amounts)
        return keyed(form.funds?.rows ?? []) { row in
            let sum =
                row.sumOf.isEmpty ? "" : "; the sum of \(row.sumOf.joined(separator: ", ")), computed when left out"
            return (row.id, described(figures, row.label.zhOnOneLine + sum))
        }
    }

    /// Each sign-off field's value: names, a date (2021-01-15, or as printed: 2021年1月15日), a text; a seal or
    /// signature image as `{image: seal.png}`, with the field's value beside it (`value:`).
    static func signoffProperties(_ form: Form) -> Schema {
        func withImage(_ value: Schema?) -> Schema {
            var properties: Schema = [
                "image": described(
                    ["type": "string", "pattern": "\\.[Pp][Nn][Gg]$"], "A PNG file, relative to this file's folder")
            ]
            if let value { properties["value"] = value }
            let image: Schema = [
                "type": "object", "properties": properties, "required": ["image"], "additionalProperties": false
            ]
            return value.map { ["anyOf": [$0, image]] } ?? image
        }
        return keyed(form.signoff) { field in
            switch field.kind {
            case .names: return (field.id, described(withImage(["type": "array", "items": text]), field.label.zh))
            case .date:
                let date: Schema = [
                    "anyOf": [
                        ["type": "string", "format": "date"],
                        ["type": "string", "pattern": "^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$"]
                    ]
                ]
                return (field.id, described(date, field.label.zh))
            case .text: return (field.id, described(withImage(text), field.label.zh))
            case .seal: return (field.id, described(withImage(nil), field.label.zh))
            }
        }
    }

    public static func json(for form: Form?) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: schema(for: form), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
