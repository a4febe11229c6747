import Foundation

/// The JSON Schema (draft 2020-12) of the evaluation format, so that editors validate and complete
/// evaluation files. Given a form, indicator, section and option ids are listed with their names.
public enum EvaluationSchema {
    public static func schema(for form: Form?) -> [String: Any] {
        let number: [String: Any] = ["type": ["number", "string"], "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$"]
        func object(_ properties: [String: Any], required: [String] = [], closed: Bool = true) -> [String: Any] {
            var result: [String: Any] = ["type": "object", "properties": properties]
            if !required.isEmpty { result["required"] = required }
            if closed { result["additionalProperties"] = false }
            return result
        }
        func described(_ schema: [String: Any], _ text: String) -> [String: Any] {
            var copy = schema
            copy["description"] = text
            return copy
        }
        var header: [String: Any] = [:], scores: [String: Any] = [:], deductions: [String: Any] = [:]
        var sections: [String: Any] = [:], signoff: [String: Any] = [:], groups: [String: Any] = [:]
        var funds: [String: Any] = [:], declared: [String: Any] = [:], chosenWeights: [String: Any] = [:],
            values: [String: Any] = [:]
        var headerEnglish: [String: Any] = [:], signoffEnglish: [String: Any] = [:]
        let label: [String: Any] = [
            "oneOf": [
                ["type": "string"],
                object(["zh": ["type": "string"], "en": ["type": "string"]], required: ["zh"])
            ]
        ]
        let fieldValues = object(
            Dictionary(
                uniqueKeysWithValues: (form?.fieldKeys ?? []).map {
                    ($0, ["type": ["string", "number"]] as [String: Any])
                }),
            closed: form != nil)
        let declaredIndicator = object(
            [
                "name": label, "target": ["type": "string"], "actual": ["type": ["string", "number"]],
                "points": number, "score": number, "deviation": ["type": "string"], "fields": fieldValues
            ],
            required: form?.scored == false ? ["name", "target"] : ["name", "target", "points"])
        let paragraphs: [String: Any] = ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
        var recommendation: [String: Any] = ["type": "string"]
        if let form {
            for field in form.header {
                header[field.id] = described(
                    field.kind == .money ? number : ["type": ["string", "number"]],
                    field.label.zh.replacingOccurrences(of: "\n", with: ""))
            }
            for field in form.header where field.kind == .text {
                headerEnglish[field.id] = described(
                    ["type": "string"], field.label.zh.replacingOccurrences(of: "\n", with: "") + " (English)")
            }
            for field in form.signoff where field.kind == .names || field.kind == .text {
                signoffEnglish[field.id] = described(
                    field.kind == .names ? ["type": "array", "items": ["type": "string"]] : ["type": "string"],
                    field.label.zh + " (English)")
            }
            for (node, keys) in form.valuedIndicators {
                let own = object(
                    Dictionary(
                        uniqueKeysWithValues: keys.map { ($0, ["type": ["string", "number"]] as [String: Any]) }),
                    closed: true)
                values[node.id] = described(own, node.name.zh)
            }
            for group in form.declaredGroups {
                declared[group.id] = described(["type": "array", "items": declaredIndicator], group.name.zh)
            }
            if let table = form.funds {
                var amounts = Dictionary(uniqueKeysWithValues: ["initial", "budget", "executed"].map { ($0, number) })
                amounts["note"] = ["type": "string"]
                let figures = object(amounts)
                for row in table.rows {
                    // A row the form adds up may be left out: it is computed from its parts.
                    let sum =
                        row.sumOf.isEmpty
                        ? "" : "; the sum of \(row.sumOf.joined(separator: ", ")), computed when left out"
                    funds[row.id] = described(figures, row.label.zh.replacingOccurrences(of: "\n", with: "") + sum)
                }
            }
            for leaf in form.leaves where leaf.chosen {
                chosenWeights[leaf.id] = described(number, "\(leaf.name.zh): its weight, if this evaluation uses it")
            }
            for leaf in form.leaves {
                var entry = described(number, "\(leaf.name.zh) (0–\(ExactDecimal.format(leaf.weight)))")
                entry["minimum"] = 0
                entry["maximum"] = NSDecimalNumber(decimal: leaf.weight)
                scores[leaf.id] = entry
            }
            for item in form.deductions.items {
                deductions[item.id] = described(number, "\(item.name.zh) (\(ExactDecimal.format(item.cap))–0)")
            }
            for section in form.sections { sections[section.id] = described(paragraphs, section.title.zh) }
            for field in form.signoff {
                // A seal or signature image: `{image: seal.png}`, with the field's value beside it (`value:`).
                func withImage(_ value: [String: Any]?) -> [String: Any] {
                    var properties: [String: Any] = [
                        "image": described(
                            ["type": "string", "pattern": "\\.[Pp][Nn][Gg]$"],
                            "A PNG file, relative to this file's folder")
                    ]
                    if let value { properties["value"] = value }
                    let image =
                        [
                            "type": "object", "properties": properties, "required": ["image"],
                            "additionalProperties": false
                        ] as [String: Any]
                    return value.map { ["anyOf": [$0, image]] } ?? image
                }
                switch field.kind {
                case .names:
                    signoff[field.id] = described(
                        withImage(["type": "array", "items": ["type": "string"]]), field.label.zh)
                case .date:
                    // 2021-01-15, or written as printed: 2021年1月15日.
                    let date: [String: Any] = [
                        "anyOf": [
                            ["type": "string", "format": "date"],
                            ["type": "string", "pattern": "^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$"]
                        ]
                    ]
                    signoff[field.id] = described(date, field.label.zh)
                case .text: signoff[field.id] = described(withImage(["type": "string"]), field.label.zh)
                case .seal: signoff[field.id] = described(withImage(nil), field.label.zh)
                }
            }
            for group in form.indicators { groups[group.id] = described(number, group.name.zh) }
            recommendation["enum"] = form.recommendation.options.map(\.id)
        }
        let open = form == nil
        let scoredLeaves = form?.leaves.filter { !$0.chosen }.map(\.id) ?? []
        var root = object(
            [
                "form": described(["type": "string"], "Form id: a folder of Layouts/"),
                "year": ["type": "integer", "minimum": 1990, "maximum": 2100],
                "draft": described(["type": "boolean"], "A draft may leave scores and sections empty"),
                "header": object(header, required: form?.header.filter(\.required).map(\.id) ?? [], closed: !open),
                "scores": object(scores, required: scoredLeaves, closed: !open),
                "deductions": object(deductions, closed: !open),
                "weights": described(
                    object(chosenWeights, closed: !open),
                    "Weights of the indicators the form leaves each evaluation to choose"),
                "values": described(
                    object(values, closed: !open),
                    "Values of the form's indicators that its sheet prints (扣分原因, 数据项), by indicator"),
                "funds": object(funds, closed: !open),
                "goals": object(
                    ["expected": paragraphs, "actual": paragraphs]
                        .merging((form?.goals?.notes ?? []).map { ($0.id, described(paragraphs, $0.label.zh)) }) { $1 },
                    closed: !open),
                "indicators": object(declared, closed: !open),
                "typed": object([
                    "groups": object(groups, closed: !open), "subtotal": number, "deductions": number,
                    "total": number, "grade": ["type": "string"],
                    "funds": object(["rate": number, "score": number])
                ]),
                "narrative": object(sections, closed: !open),
                "narrative_en": described(
                    object(sections, closed: !open), "The narrative in English, for --lang en and zh-en"),
                "header_en": described(
                    object(headerEnglish, closed: !open),
                    "The English of header texts (the unit's and the project's names), for --lang en and zh-en"),
                "signoff_en": described(
                    object(signoffEnglish, closed: !open),
                    "The English of the sign-off's names, for --lang en and zh-en"),
                "recommendation": recommendation,
                "signoff": object(signoff, closed: !open)
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

    public static func json(for form: Form?) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: schema(for: form), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
