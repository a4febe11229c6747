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
        let paragraphs: [String: Any] = ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
        var recommendation: [String: Any] = ["type": "string"]
        if let form {
            for field in form.header {
                header[field.id] = described(field.kind == .money ? number : ["type": ["string", "number"]],
                                             field.label.zh.replacingOccurrences(of: "\n", with: ""))
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
                switch field.kind {
                case .names: signoff[field.id] = described(["type": "array", "items": ["type": "string"]], field.label.zh)
                case .date: signoff[field.id] = described(["type": "string", "format": "date"], field.label.zh)
                case .text: signoff[field.id] = described(["type": "string"], field.label.zh)
                case .seal: continue
                }
            }
            for group in form.indicators { groups[group.id] = described(number, group.name.zh) }
            recommendation["enum"] = form.recommendation.options.map(\.id)
        }
        let open = form == nil
        var root = object([
            "form": described(["type": "string"], "Form id: a folder of Layouts/"),
            "year": ["type": "integer", "minimum": 1990, "maximum": 2100],
            "draft": described(["type": "boolean"], "A draft may leave scores and sections empty"),
            "header": object(header, required: form?.header.map(\.id) ?? [], closed: !open),
            "scores": object(scores, required: form?.leaves.map(\.id) ?? [], closed: !open),
            "deductions": object(deductions, closed: !open),
            "typed": object(["groups": object(groups, closed: !open), "subtotal": number, "deductions": number,
                             "total": number, "grade": ["type": "string"]]),
            "narrative": object(sections, closed: !open),
            "recommendation": recommendation,
            "signoff": object(signoff, closed: !open),
        ], required: ["form", "year", "header", "scores"])
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = form.map { "EvalSheet evaluation (\($0.id))" } ?? "EvalSheet evaluation"
        return root
    }

    public static func json(for form: Form?) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: schema(for: form), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
