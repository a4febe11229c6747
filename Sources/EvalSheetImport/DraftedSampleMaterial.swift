import EvalSheetModel
import Foundation

extension SelfEvaluationDrafter {
    /// What `evalsheet sample --form ID` draws on, taken from the sheet itself: its units and project, the
    /// people who signed, its goals, deviation notes, and its indicators with numeric targets.
    struct SampleMaterial {
        var header: [(id: String, value: String)] = []
        var people: [String] = []
        var goals: [(expected: String, actual: String)] = []
        var deviations: [String] = []
        /// Narrative sections' texts (as paragraphs and as sentences for `sample`).
        var narrative: [String] = []
        var declared: [(group: String, name: String, unit: String, target: Decimal, higher: Bool)] = []

        /// `≥1200人次` → 1200, 人次, more is better; `≤90万元` → 90, 万元, less is better; nil for a qualitative target.
        static func target(_ text: String) -> (value: Decimal, unit: String, higher: Bool)? {
            let pattern = try! NSRegularExpression(
                pattern: "^\\s*(≥|≤|>=|<=|=|＝|>|<|＞|＜)?\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(\\S*)\\s*$")
            let range = NSRange(text.startIndex..., in: text)
            guard let match = pattern.firstMatch(in: text, range: range),
                let number = Range(match.range(at: 2), in: text),
                let value = ExactDecimal.parse(String(text[number]))
            else { return nil }
            let sign = Range(match.range(at: 1), in: text).map { String(text[$0]) } ?? ""
            let unit = Range(match.range(at: 3), in: text).map { String(text[$0]) } ?? ""
            return (value, unit, !["≤", "<=", "<", "＜"].contains(sign))
        }

        func yaml(fieldIDs: [String]) -> String {
            let q = SelfEvaluationDrafter.q
            func list(_ key: String, _ values: [String]) -> [String] {
                var seen = Set<String>()
                let unique = values.filter { seen.insert($0).inserted }
                return unique.isEmpty ? [] : ["\(key):"] + unique.map { "  - \(q($0))" }
            }
            let project = header.first { $0.id == "project" } ?? header.first
            var lines = [
                "# Drafted by `evalsheet import --new-form` from one sheet: `evalsheet sample --form ID` writes",
                "# evaluations from this material. Add more units, projects, people and indicators (docs/forms.md)."
            ]
            lines += list(
                "units",
                header.filter { $0.id != project?.id && $0.id != "code" }.map(\.value)
                    + (header.count == 1 ? header.map(\.value) : []))
            lines += list("projects", project.map { [$0.value] } ?? [])
            lines += list("people", people)
            if !goals.isEmpty {
                lines += ["goals:"] + goals.map { "  - {expected: \(q($0.expected)), actual: \(q($0.actual))}" }
            }
            lines += list("deviations", deviations)
            lines += list("overall", narrative)
            lines += list("sentences", narrative.flatMap { $0.split(separator: "。").map { $0 + "。" } })
            var groups: [String] = []
            for item in declared where !groups.contains(item.group) { groups.append(item.group) }
            if !groups.isEmpty {
                lines.append("declared:")
                for group in groups {
                    lines.append("  \(group):")
                    for item in declared where item.group == group {
                        lines.append(
                            "    - {name: \(q(item.name)), unit: \(q(item.unit)), target: \(ExactDecimal.format(item.target))\(item.higher ? "" : ", higher: false")}"
                        )
                    }
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
