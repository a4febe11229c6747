import Foundation

/// Writes realistic synthetic evaluations of a form, for tests and benchmarks: varied scores and
/// grades, deductions, narratives from one paragraph to several pages, names with rare characters.
/// The same seed always gives the same files. Text material comes from the form's `sample-text.yaml`.
public struct SampleGenerator {
    /// An indicator evaluations may declare: its name, unit and a target, and whether more is better.
    typealias DeclaredSample = (name: String, unit: String, target: Decimal, higher: Bool)

    public struct Material {
        var units: [String], projects: [String], people: [String], institutions: [String]
        var headings: [String], overall: [String], sentences: [String]
        /// Pairs of an annual target and what was done (年度总体目标), for forms with a goals table.
        var goals: [(expected: String, actual: String)] = []
        /// For each group whose indicators an evaluation declares: indicators it may declare.
        var declared: [String: [DeclaredSample]] = [:]
        /// Reasons for a target missed (偏差原因).
        var deviations: [String] = []
        /// The field columns a declared target's comparison and unit go in, on sheets that print them apart
        /// (指标性质 ≥ | 指标值 95 | 度量单位 %); nil: in the target (≥95%).
        var comparisonField: String?, unitField: String?
    }

    let form: Form
    let material: Material

    public init(form: Form, layouts: URL) throws {
        self.form = form
        let file = layouts.appendingPathComponent(form.id).appendingPathComponent("sample-text.yaml")
        var log = DiagnosticLog(file: file.path)
        guard let data = try? Data(contentsOf: file), let root = YAMLDocument.parse(data, log: &log),
            var reader = FieldReader(root, log: &log)
        else {
            throw InputError(
                log.entries.isEmpty
                    ? [
                        Diagnostic(
                            .error, file: file.path, at: nil, field: "",
                            Message(
                                "no-sample-material",
                                en:
                                    "no sample material for form \(form.id): write this file (docs/forms.md, sample-text.yaml)",
                                zh: "表样 \(form.id) 没有示例材料：请写这个文件（见 docs/forms.md，sample-text.yaml）"))
                    ] : log.entries)
        }
        func list(_ key: String) -> [String] {
            reader.optional(key)?.list(log: &log)?.compactMap { $0.string(log: &log) } ?? []
        }
        var material = Material(
            units: list("units"), projects: list("projects"), people: list("people"),
            institutions: list("institutions"), headings: list("headings"), overall: list("overall"),
            sentences: list("sentences"))
        material.deviations = list("deviations")
        for item in reader.optional("goals")?.list(log: &log) ?? [] {
            guard var pair = FieldReader(item, log: &log) else { continue }
            if let expected = pair.required("expected", log: &log)?.string(log: &log),
                let actual = pair.required("actual", log: &log)?.string(log: &log)
            {
                material.goals.append((expected, actual))
            }
            pair.reportUnknown(log: &log)
        }
        if let groups = reader.optional("declared") {
            material.declared = Self.readDeclared(groups, form: form, log: &log)
        }
        if let parts = reader.optional("targetParts"), var partsReader = FieldReader(parts, log: &log) {
            let keys = form.fieldKeys
            func fieldKey(_ name: String) -> String? {
                guard let value = partsReader.optional(name), let key = value.string(log: &log) else { return nil }
                guard keys.contains(key) else {
                    log.error(
                        value.path, at: value.position,
                        Message(
                            "not-a-field-column-of-form",
                            en:
                                "'\(key)' is not the key of a field column of form \(form.id)\(Suggestions.didYouMean(key, among: keys).en)",
                            zh: "'\(key)' 不是表样 \(form.id) 字段栏的键\(Suggestions.didYouMean(key, among: keys).zh)")
                    )
                    return nil
                }
                return key
            }
            material.comparisonField = fieldKey("comparison")
            material.unitField = fieldKey("unit")
            partsReader.reportUnknown(log: &log)
        }
        reader.reportUnknown(log: &log)
        Self.checkNeeded(material, form: form, at: root.position, log: &log)
        if log.hasErrors { throw InputError(log.entries) }
        self.material = material
    }

    /// `declared:` of sample-text.yaml: indicators with a name, a unit and a target, by the form's declared group.
    static func readDeclared(_ groups: YAMLValue, form: Form, log: inout DiagnosticLog) -> [String: [DeclaredSample]] {
        var declared: [String: [DeclaredSample]] = [:]
        guard var byGroup = FieldReader(groups, log: &log) else { return declared }
        for group in byGroup.keys {
            for item in byGroup.optional(group)?.list(log: &log) ?? [] {
                guard var entry = FieldReader(item, log: &log) else { continue }
                let name = entry.required("name", log: &log)?.string(log: &log)
                let unit = entry.required("unit", log: &log)?.string(log: &log)
                let target = entry.required("target", log: &log)?.decimal(log: &log)
                let higher = entry.optional("higher")?.bool(log: &log) ?? true
                entry.reportUnknown(log: &log)
                if let name, let unit, let target {
                    declared[group, default: []].append((name, unit, target, higher))
                }
            }
            if !form.declaredGroups.contains(where: { $0.id == group }) {
                log.error(
                    "declared.\(group)", at: groups.position,
                    Message(
                        "sample-not-a-declared-group",
                        en: "'\(group)' is not a group of form \(form.id) whose indicators evaluations declare",
                        zh: "'\(group)' 不是表样 \(form.id) 中由评价自行列出指标的分组"))
            }
        }
        byGroup.reportUnknown(log: &log)
        return declared
    }

    /// What a form needs of its material: names for the header and sign-off, text for its sections and goals.
    static func checkNeeded(_ material: Material, form: Form, at position: SourcePosition?, log: inout DiagnosticLog) {
        var needed: [(key: String, empty: Bool)] = [
            ("units", material.units.isEmpty), ("projects", material.projects.isEmpty)
        ]
        if form.signoff.contains(where: { $0.kind == .names }) { needed.append(("people", material.people.isEmpty)) }
        if form.signoff.contains(where: { $0.kind == .text }) {
            needed.append(("institutions", material.institutions.isEmpty && material.people.isEmpty))
        }
        if !form.sections.isEmpty {
            needed += [("overall", material.overall.isEmpty), ("sentences", material.sentences.isEmpty)]
        }
        if form.goals != nil { needed.append(("goals", material.goals.isEmpty)) }
        if !form.declaredGroups.isEmpty { needed.append(("declared", material.declared.isEmpty)) }
        for (key, empty) in needed where empty {
            log.error(
                key, at: position,
                Message(
                    "sample-entries-missing", en: "form \(form.id) needs entries in '\(key)'",
                    zh: "表样 \(form.id) 需要在 '\(key)' 中写条目"))
        }
    }

    /// The YAML text of evaluation number `index` (0-based) of a set generated with `seed`.
    public func evaluation(_ index: Int, seed: UInt64, year: Int = 2020) -> (code: String, yaml: String) {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        // A target level for the whole sheet, so that every grade occurs.
        let level = [0.97, 0.92, 0.86, 0.78, 0.7, 0.58, 0.45][Int(random.next() % 7)]
        var yaml =
            "# Generated by evalsheet sample (seed \(seed), number \(index + 1)).\nform: \(form.id)\nyear: \(year)\n\n"
        let code = String(format: "%d%05d", year, index + 1)
        let budget = Decimal(Int(random.next() % 500_000) + 5_000) / 100
        yaml += "header:\n"
        for field in form.header {
            let value: String
            switch field.id {
            case "code": value = quotedText(code)
            case "unit": value = quotedText(pick(material.units))
            case "project": value = quotedText(pick(material.projects))
            default:
                value =
                    field.kind == .money
                    ? ExactDecimal.format(budget, decimals: field.decimals) : quotedText(pick(material.units))
            }
            yaml += "  \(field.id): \(value)\n"
        }
        if let funds = form.funds { yaml += fundsYAML(funds, budget: budget, level: level, random: &random) }
        if form.goals != nil, !material.goals.isEmpty {
            let goal = pick(material.goals)
            yaml +=
                "\ngoals:\n  expected:\n    - \(quotedText(goal.expected))\n  actual:\n    - \(quotedText(goal.actual))\n"
            // A note (项目实施内容及过程概述) takes two of the narrative's sentences.
            for note in form.goals?.notes ?? [] where !material.sentences.isEmpty {
                yaml += "  \(note.id):\n    - \(quotedText(pick(material.sentences) + pick(material.sentences)))\n"
            }
        }
        if !form.declaredGroups.isEmpty { yaml += declaredYAML(level: level, random: &random) }
        var rate = "100.00"
        // Indicators each evaluation chooses: what the fixed ones leave, given to one or more of them.
        let weights = chosenWeights(random: &random)
        if !weights.isEmpty {
            yaml += "\nweights:\n" + weights.map { "  \($0.id): \(ExactDecimal.format($0.weight))\n" }.joined()
        }
        let leaves = form.leaves.compactMap { leaf -> Indicator? in
            guard leaf.chosen else { return leaf }
            guard let weight = weights.first(where: { $0.id == leaf.id })?.weight else { return nil }
            var used = leaf
            used.weight = weight
            return used
        }
        let scores = scoresYAML(leaves, level: level, random: &random)
        yaml += scores.yaml + deductionsYAML(random: &random)
        rate = scores.rate ?? rate
        let yuan = NSDecimalNumber(decimal: budget * 10000).intValue
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        let budgetText = formatter.string(from: NSNumber(value: yuan)) ?? String(yuan)
        yaml += narrativeYAML(budget: budgetText, rate: rate, year: year, random: &random)
        let options = form.recommendation.options
        let choice =
            options.isEmpty
            ? nil : level >= 0.8 ? options.first : level >= 0.6 ? options[min(1, options.count - 1)] : options.last
        if let choice { yaml += "\nrecommendation: \(choice.id)\n" }
        yaml += signoffYAML(year: year, random: &random)
        return (code, yaml)
    }

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T {
        items[Int(random.next() % UInt64(items.count))]
    }

    /// Each leaf's score near the sheet's level, in halves of a point as experts score; the expenditure rate the
    /// overall text quotes, where an indicator is the expenditure's.
    func scoresYAML(_ leaves: [Indicator], level: Double, random: inout SplitMix64) -> (yaml: String, rate: String?) {
        var yaml = leaves.isEmpty ? "" : "\nscores:\n"
        var rate: String?
        for leaf in leaves {
            let noise = Double(Int(random.next() % 21) - 10) / 100
            let fraction = min(1, max(0, level + noise))
            // Halves of a point, as experts score.
            let halves = (NSDecimalNumber(decimal: leaf.weight).doubleValue * fraction * 2).rounded()
            var score = Decimal(Int(halves)) / 2
            if score > leaf.weight { score = leaf.weight }
            if leaf.id.contains("expenditure") { rate = String(format: "%.2f", fraction * 100) }
            yaml += "  \(leaf.id): \(ExactDecimal.format(score))\n"
        }
        return (yaml, rate)
    }

    /// Now and then a deduction, up to its cap.
    func deductionsYAML(random: inout SplitMix64) -> String {
        var yaml = form.deductions.items.isEmpty ? "" : "\ndeductions:\n"
        for item in form.deductions.items {
            var value = Decimal(0)
            if random.next() % 6 == 0 {
                let cap = -NSDecimalNumber(decimal: item.cap).doubleValue
                value = -Decimal(Int(random.next() % UInt64(max(1, cap * 2))) + 1) / 2
                if value < item.cap { value = item.cap }
            }
            yaml += "  \(item.id): \(ExactDecimal.format(value))\n"
        }

        return yaml
    }

    /// The overall text with the budget, rate and year in it, then sections from one paragraph to several pages.
    func narrativeYAML(budget: String, rate: String, year: Int, random: inout SplitMix64) -> String {
        var yaml = form.sections.isEmpty ? "" : "\nnarrative:\n"
        for (number, section) in form.sections.enumerated() {
            var paragraphs: [String] = []
            if number == 0 {
                paragraphs = [
                    Self.pick(material.overall, &random).replacingOccurrences(of: "{budget}", with: budget)
                        .replacingOccurrences(of: "{rate}", with: rate).replacingOccurrences(
                            of: "{year}", with: String(year))
                ]
            } else {
                // From one paragraph to several pages.
                let count = [1, 2, 4, 8, 16, 40][Int(random.next() % 6)]
                for paragraph in 0..<count {
                    if paragraph % 4 == 0, !material.headings.isEmpty {
                        paragraphs.append(material.headings[(paragraph / 4) % material.headings.count])
                    }
                    paragraphs.append(
                        (0..<Int(1 + random.next() % 3)).map { _ in Self.pick(material.sentences, &random) }.joined())
                }
            }
            yaml += "  \(section.id):\n" + paragraphs.map { "    - \(quotedText($0))\n" }.joined()
        }
        return yaml
    }

    /// Names, a date in the following year, the institution; a form without sign-off fields (Yunnan's sheet prints
    /// none) gets no `signoff:` key.
    func signoffYAML(year: Int, random: inout SplitMix64) -> String {
        var yaml = form.signoff.isEmpty ? "" : "\nsignoff:\n"
        for field in form.signoff {
            switch field.kind {
            case .names:
                yaml +=
                    "  \(field.id): [\((0..<Int(2 + random.next() % 2)).map { _ in Self.pick(material.people, &random) }.joined(separator: ", "))]\n"
            case .date:
                yaml +=
                    "  \(field.id): \(year + 1)-\(String(format: "%02d", 6 + Int(random.next() % 6)))-\(String(format: "%02d", 1 + Int(random.next() % 28)))\n"
            case .text:
                yaml +=
                    "  \(field.id): \(quotedText(Self.pick(material.institutions.isEmpty ? material.people : material.institutions, &random)))\n"
            case .seal: continue
            }
        }
        return yaml
    }

    static func whole(_ value: Decimal) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, 0, .down)
        return output
    }

    /// For each group with chosen indicators: the weight the fixed ones leave, split between a random
    /// number of the chosen ones in whole points, each within the form's limit where it has one.
    func chosenWeights(random: inout SplitMix64) -> [(id: String, weight: Decimal)] {
        var result: [(id: String, weight: Decimal)] = []
        func walk(_ node: Indicator) {
            let chosen = node.children.filter(\.chosen)
            if !chosen.isEmpty {
                let fixed = node.children.filter { !$0.chosen }.reduce(Decimal(0)) { $0 + $1.weight }
                var left = node.weight - fixed
                let count = 1 + Int(random.next() % UInt64(chosen.count))
                let start = Int(random.next() % UInt64(chosen.count))
                let order = Array(chosen[start...] + chosen[..<start])
                for (index, leaf) in order.prefix(count).enumerated() {
                    let last = index == count - 1
                    // A random share of what is left, in whole points; the last takes the rest.
                    var weight = last ? left : max(1, Self.whole(left * Decimal(1 + Int(random.next() % 9)) / 10))
                    if leaf.weight > 0 { weight = min(weight, leaf.weight) }
                    guard weight > 0 else { continue }
                    result.append((leaf.id, weight))
                    left -= weight
                }
                // Limits may leave some over: give it to any chosen one with room.
                for leaf in order where left > 0 {
                    let room = leaf.weight > 0 ? leaf.weight - (result.first { $0.id == leaf.id }?.weight ?? 0) : left
                    let more = min(room, left)
                    guard more > 0 else { continue }
                    if let index = result.firstIndex(where: { $0.id == leaf.id }) {
                        result[index].weight += more
                    } else {
                        result.append((leaf.id, more))
                    }
                    left -= more
                }
            }
            node.children.forEach(walk)
        }
        form.indicators.forEach(walk)
        return result
    }

    /// The funds table: the scored row (年度资金总额) holds the budget, split between the others; execution
    /// follows the level.
    func fundsYAML(_ funds: FundsBlock, budget: Decimal, level: Double, random: inout SplitMix64) -> String {
        func cents(_ value: Double) -> Decimal { Decimal(Int((value * 100).rounded())) / 100 }
        let total = NSDecimalNumber(decimal: budget).doubleValue
        let carried = random.next() % 3 == 0 ? cents(total * Double(random.next() % 15) / 100) : 0
        let executedShare = min(1, level + 0.05)
        let parts = funds.rows.filter { $0.points == nil }
        var figures: [String: (initial: Decimal, budget: Decimal, executed: Decimal)] = [:]
        for row in funds.rows {
            var amount: Decimal
            if row.points != nil {
                amount = budget
            } else if row.id == parts.first?.id {
                amount = budget - carried
            } else if row.id == parts.dropFirst().first?.id {
                amount = carried
            } else {
                amount = 0
            }
            let initial = row.id == parts.dropFirst().first?.id ? 0 : amount
            figures[row.id] = (initial, amount, cents(NSDecimalNumber(decimal: amount).doubleValue * executedShare))
        }
        // A row the form adds up (sumOf) is the sum of its parts, to the cent: the figures above are rounded
        // one by one, and a carried-over share has no initial budget.
        for row in funds.rows where !row.sumOf.isEmpty {
            let summed = row.sumOf.compactMap { figures[$0] }
            figures[row.id] = (
                summed.reduce(0) { $0 + $1.initial }, summed.reduce(0) { $0 + $1.budget },
                summed.reduce(0) { $0 + $1.executed }
            )
        }
        var yaml = "\nfunds:\n"
        for row in funds.rows {
            let (initial, amount, executed) = figures[row.id]!
            yaml +=
                "  \(row.id): {initial: \(ExactDecimal.format(initial, decimals: 2)), budget: \(ExactDecimal.format(amount, decimals: 2)), executed: \(ExactDecimal.format(executed, decimals: 2))}\n"
        }
        return yaml
    }

    /// Indicators declared under the form's groups, from the material: each level-1 group's weight split
    /// between them in whole points; a group may get none (and the form may hide it).
    /// The weight of each level-1 group: the form's, or, where the form gives a range (each evaluation's
    /// points decide it), a share of what the fixed groups and the funds leave, within the ranges.
    func topWeights(random: inout SplitMix64) -> [String: Decimal] {
        var weights = Dictionary(
            uniqueKeysWithValues: form.indicators.map { ($0.id, $0.weightRange?.lowerBound ?? $0.weight) })
        let funds = form.funds?.rows.compactMap(\.points).reduce(Decimal(0), +) ?? 0
        var left = form.total - funds - weights.values.reduce(Decimal(0), +)
        let ranged = form.indicators.filter { $0.weightRange != nil }
        guard !ranged.isEmpty else { return weights }
        let start = Int(random.next() % UInt64(ranged.count))
        for (index, group) in (ranged[start...] + ranged[..<start]).enumerated() where left > 0 {
            let room = group.weightRange!.upperBound - weights[group.id]!
            // The last takes all it can; the others a random share, in tens.
            let share =
                index == ranged.count - 1 ? left : Self.whole(left * Decimal(Int(random.next() % 11)) / 100) * 10
            let more = min(room, share)
            weights[group.id]! += more
            left -= more
        }
        for group in ranged where left > 0 {
            let more = min(group.weightRange!.upperBound - weights[group.id]!, left)
            weights[group.id]! += more
            left -= more
        }
        return weights
    }

    func declaredYAML(level: Double, random: inout SplitMix64) -> String {
        var yaml = "\nindicators:\n"
        let topWeights = topWeights(random: &random)
        for top in form.indicators {
            let groups = top.leaves.filter(\.declared)
            guard !groups.isEmpty else { continue }
            var chosen: [(group: String, entry: (name: String, unit: String, target: Decimal, higher: Bool))] = []
            for group in groups {
                let entries = material.declared[group.id] ?? []
                let count = entries.isEmpty ? 0 : Int(random.next() % UInt64(min(3, entries.count + 1)))
                let start = entries.isEmpty ? 0 : Int(random.next() % UInt64(entries.count))
                for index in 0..<count { chosen.append((group.id, entries[(start + index) % entries.count])) }
            }
            if chosen.isEmpty, let group = groups.first(where: { !(material.declared[$0.id] ?? []).isEmpty }) {
                chosen.append((group.id, material.declared[group.id]![0]))
            }
            let weight = NSDecimalNumber(decimal: topWeights[top.id] ?? top.weight).intValue
            guard !chosen.isEmpty, weight >= chosen.count else { continue }
            for (index, item) in chosen.enumerated() {
                if index == 0 || item.group != chosen[index - 1].group { yaml += "  \(item.group):\n" }
                let points = weight / chosen.count + (index == 0 ? weight % chosen.count : 0)
                let noise = Double(Int(random.next() % 21) - 10) / 100
                let fraction = min(1, max(0, level + noise + 0.05))
                let score = Decimal(Int((Double(points) * fraction * 2).rounded())) / 2
                let met = score == Decimal(points)
                let target = NSDecimalNumber(decimal: item.entry.target).doubleValue
                let whole = item.entry.target == Decimal(Int(target))
                // A target of all (100%) can only be met, not exceeded.
                let all = item.entry.unit == "%" && item.entry.target == 100
                let margin = Double(random.next() % 8) / 100
                let reached: Double
                if all {
                    reached = met ? 100 : 80 + 19 * fraction
                } else if item.entry.higher {
                    reached = target * (met ? 1 + margin : 0.6 + 0.35 * fraction)
                } else {
                    reached = target * (met ? 1 - margin : 1.4 - 0.35 * fraction)
                }
                let comparison = all ? "=" : item.entry.higher ? "≥" : "≤"
                // The comparison and unit in the target (≥95%), or in field columns of their own.
                let unit = material.unitField == nil ? item.entry.unit : ""
                let actual = String(format: whole ? "%.0f" : "%.1f", reached) + unit
                let targetText =
                    (material.comparisonField == nil ? comparison : "") + ExactDecimal.format(item.entry.target) + unit
                var parts: [String] = []
                if let key = material.comparisonField { parts.append("\(key): \(quotedText(comparison))") }
                if let key = material.unitField { parts.append("\(key): \(quotedText(item.entry.unit))") }
                var fields =
                    "name: \(quotedText(item.entry.name)), target: \(quotedText(targetText)), actual: \(quotedText(actual)), points: \(points), score: \(ExactDecimal.format(score))"
                if !parts.isEmpty { fields += ", fields: {\(parts.joined(separator: ", "))}" }
                if !met, !material.deviations.isEmpty {
                    fields +=
                        ", deviation: \(quotedText(material.deviations[Int(random.next() % UInt64(material.deviations.count))]))"
                }
                yaml += "    - {\(fields)}\n"
            }
        }
        return yaml
    }

    /// A YAML double-quoted scalar (JSON's string syntax is YAML's).
    func quotedText(_ text: String) -> String {
        String(
            decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]),
            as: UTF8.self
        )
        .dropFirst().dropLast().description
    }

    /// Writes `count` evaluations into `folder` as `<code>.yaml`; returns the files.
    public func write(count: Int, seed: UInt64, to folder: URL) throws -> [URL] {
        try OutputFolder.create(folder)
        return try (0..<count).map { index in
            let (code, yaml) = evaluation(index, seed: seed)
            let url = folder.appendingPathComponent("\(code).yaml")
            try AtomicFile.write(Data(yaml.utf8), to: url)
            return url
        }
    }
}
