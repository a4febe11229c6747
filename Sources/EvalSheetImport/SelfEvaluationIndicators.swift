import EvalSheetModel
import Foundation

/// The indicators table of a self-evaluation sheet and the rows after it, drafted as the form's columns, level-1
/// groups with their level-2 groups, and its sections and sign-off.
extension SelfEvaluationDrafter {
    typealias IndicatorColumn = (
        role: ScoreColumn.Role, label: String, start: Int, span: Int, key: String?, group: String?
    )
    typealias DraftedGroup = (name: String, weight: Decimal?, points: Decimal, children: [String])
    typealias DraftedItem = (group: String, name: String, target: String)

    /// The columns of the indicators table: each head cell starts one (a head of two rows: the upper row's
    /// cells group the heads below them, or span both rows); a head of no known role is a field column, its key
    /// the one a shipped form gives the same head.
    static func draftIndicatorColumns(
        rows: [Row], indicatorHead: Int, groupRow: Int?, knownKeys: [String: String]
    ) throws -> [IndicatorColumn] {
        var columns: [IndicatorColumn] = []
        var heads: [(text: String, start: Int, span: Int, group: String?)] = []
        let lower = spans(rows[indicatorHead].cells)
        if let groupRow {
            // Each head of the upper row is a group over the heads below it, or a column spanning both rows.
            for upper in spans(rows[groupRow].cells) {
                let end = upper.start + upper.span
                let below = lower.filter { $0.start >= upper.start && $0.start < end }
                if below.isEmpty { heads.append((upper.text, upper.start, upper.span, nil)) }
                heads += below.map { ($0.text, $0.start, min($0.span, end - $0.start), upper.text) }
            }
        } else {
            heads = lower.map { ($0.text, $0.start, $0.span, nil) }
        }
        for cell in heads {
            // 绩效指标(90分) is the section column with its points.
            let word = FormDrafter.splitWeight(squeeze(cell.text)).name
            if let role = role(word, indicatorRoles), !columns.contains(where: { $0.role == role }) {
                columns.append((role, cell.text, cell.start, cell.span, nil, cell.group))
            } else {
                // Keys name values within an indicator: their own namespace (度量单位 is `unit` beside a header field `unit`).
                let known = knownKeys[squeeze(cell.text)]
                let key =
                    known.flatMap { key in columns.contains { $0.key == key } ? nil : key }
                    ?? "field\(columns.filter { $0.role == .field }.count + 1)"
                columns.append((.field, cell.text, cell.start, cell.span, key, cell.group))
            }
        }
        for required: ScoreColumn.Role in [.level1, .level2, .level3, .weight, .score]
        where !columns.contains(where: { $0.role == required }) {
            throw DraftError(
                message: Message(
                    "required-column-missing",
                    en: "line \(rows[indicatorHead].line): no \(required.rawValue) column among the heads",
                    zh: "第 \(rows[indicatorHead].line) 行：栏目标题中没有 \(required.rawValue) 栏"))
        }
        return columns
    }

    /// The rows of the indicators table down to its total row: the level-1 groups (name, points as printed and
    /// as the declared indicators add up) with their level-2 groups, the declared indicators, the total's label,
    /// the row after the total, and the columns' widths.
    static func draftIndicatorRows(
        rows: [Row], indicatorHead: Int, columns: [IndicatorColumn], material: inout SampleMaterial
    ) throws -> (groups: [DraftedGroup], items: [DraftedItem], totalLabel: String, end: Int, widths: [Int]) {
        func start(_ role: ScoreColumn.Role) -> Int { columns.first { $0.role == role }!.start }
        func cell(_ row: Row, _ index: Int) -> String { index < row.cells.count ? row.cells[index] : "" }
        func split(_ heading: String) -> (name: String, weight: Decimal?) {
            let (name, weight) = FormDrafter.splitWeight(heading)
            return (name, weight.flatMap(ExactDecimal.parse))
        }
        var groups: [DraftedGroup] = []
        var items: [DraftedItem] = []
        var index = indicatorHead + 1
        var totalLabel = "总分"
        while index < rows.count {
            let row = rows[index]
            let first = row.cells.first { !$0.isEmpty } ?? ""
            if row.cells.contains(where: { $0.contains("：") || $0.contains("盖章") }) { break }
            // The total row: nothing in the level-2 and level-3 columns (its label may stand in the level-1
            // column when the sheet has no section column, as Yunnan's).
            if cell(row, start(.level2)).isEmpty && cell(row, start(.level3)).isEmpty {
                totalLabel = first
                index += 1
                break
            }
            let level1 = cell(row, start(.level1))
            if !level1.isEmpty {
                let (name, weight) = split(level1.replacingOccurrences(of: " ", with: ""))
                groups.append((name, weight, 0, []))
            }
            let level2 = cell(row, start(.level2))
            if !level2.isEmpty, !groups.isEmpty, !groups[groups.count - 1].children.contains(level2) {
                groups[groups.count - 1].children.append(split(level2.replacingOccurrences(of: " ", with: "")).name)
            }
            if !cell(row, start(.level3)).isEmpty, !groups.isEmpty,
                let points = ExactDecimal.parse(cell(row, start(.weight)))
            {
                groups[groups.count - 1].points += points
            }
            if !cell(row, start(.level3)).isEmpty, let group = groups.last?.children.last {
                items.append(
                    (
                        group, cell(row, start(.level3)),
                        columns.contains { $0.role == .target } ? cell(row, start(.target)) : ""
                    ))
            }
            if columns.contains(where: { $0.role == .deviation }), !cell(row, start(.deviation)).isEmpty {
                material.deviations.append(cell(row, start(.deviation)))
            }
            index += 1
        }
        guard !groups.isEmpty else {
            throw DraftError(
                message: Message(
                    "no-indicator-rows", en: "line \(rows[indicatorHead].line): no indicator rows below the heads",
                    zh: "第 \(rows[indicatorHead].line) 行：栏目标题下没有指标行"))
        }
        let gridWidths = widths(
            rows[indicatorHead..<index], columns: columns.reduce(0) { max($0, $1.start + $1.span) })
        return (groups, items, totalLabel, index, gridWidths)
    }

    /// The rows after the total: narrative rows (评价结论 | its text) are sections of a table without a head; each
    /// cell with a colon is a sign-off field, one that asks for a seal the seal's box.
    static func draftClosingRows(
        _ rows: ArraySlice<Row>, ids: inout DraftIdentifiers, material: inout SampleMaterial
    ) -> (signoff: [String], separator: String, sections: [String]) {
        // Sign-off: each cell with a colon is a field; one that asks for a seal is the seal's box.
        var signoff: [String] = []
        var separator = "："
        // Narrative rows (评价结论 | its text) between the total and the sign-off: sections, in a table without a head.
        var sections: [String] = []
        for row in rows {
            let filled = row.cells.filter { !$0.isEmpty }
            if filled.count >= 2, !filled.contains(where: { $0.contains("盖章") || $0.contains(":") || $0.contains("：") })
            {
                sections.append(filled[0])
                material.narrative.append(
                    filled.dropFirst().joined(separator: "").replacingOccurrences(of: "<p>", with: "")
                        .replacingOccurrences(of: "</p>", with: ""))
                continue
            }
            for cell in row.cells where !cell.isEmpty {
                if cell.contains("盖章") {
                    signoff.append("  - {id: \(ids.make(cell, "seal")), label: {zh: \(q(cell))}, kind: seal}")
                } else if let colon = cell.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                    separator = String(cell[colon])
                    let value = String(cell[cell.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    material.people += value.components(separatedBy: CharacterSet(charactersIn: "、,，")).filter {
                        !$0.isEmpty && SignOffDate.parse($0) == nil
                    }
                    let kind = FormDrafter.signoffKind(value)
                    signoff.append(
                        "  - {id: \(ids.make(String(cell[..<colon]), "signer")), label: {zh: \(q(String(cell[..<colon])))}, kind: \(kind)}"
                    )
                }
            }
        }
        return (signoff, separator, sections)
    }
}
