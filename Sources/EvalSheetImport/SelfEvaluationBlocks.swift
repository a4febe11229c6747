import EvalSheetModel
import Foundation

/// Identifiers for what a drafted form names: the id a shipped form gives the same label where there is one,
/// else a prefix and a number; never one twice.
struct DraftIdentifiers {
    let known: [String: String]
    var used = Set<String>()

    init(known: [String: String]) { self.known = known }

    mutating func make(_ label: String, _ prefix: String) -> String {
        let found = known[SelfEvaluationDrafter.squeeze(label)]
        var candidate = found ?? prefix
        if found == nil || used.contains(candidate) {
            var number = 1
            while used.contains("\(candidate)\(number)") { number += 1 }
            candidate += String(number)
        }
        used.insert(candidate)
        return candidate
    }
}

/// The funds and goals blocks of a self-evaluation sheet, drafted as the form's `funds:` and `goals:`.
extension SelfEvaluationDrafter {
    /// The funds table of a sheet: its title, the source column and the figure columns, one row per source
    /// (the first the sum of the others when its figures are), how the sheet prints a cell that does not apply and
    /// the rate of a row without a budget; the points of its rows, and its columns' widths. `stops`: the rows where
    /// other blocks start.
    static func draftFunds(rows: [Row], head: Int, stops: [Int], ids: inout DraftIdentifiers) throws -> (
        lines: [String], points: Decimal, widths: [Int]
    ) {
        var fundsLines: [String] = []
        var fundsPoints = Decimal(0)
        let cells = spans(rows[head].cells)
        guard let title = cells.first, title.start == 0 else {
            throw DraftError(
                message: Message(
                    "funds-without-title", en: "line \(rows[head].line): the funds table has no title cell",
                    zh: "第 \(rows[head].line) 行：资金表没有标题单元格"))
        }
        var columns: [(role: FundsBlock.Column.Role, label: String, start: Int)] = []
        var labelHead: String?
        for cell in cells.dropFirst() {
            // A head over the sources' labels (年度预算数(万元)): the form language has no place for it.
            if cell.start == 1, role(cell.text, fundsRoles) == nil { labelHead = cell.text; continue }
            guard let role = role(cell.text, fundsRoles) else {
                throw DraftError(
                    message: Message(
                        "unknown-funds-head",
                        en: "line \(rows[head].line): funds column head '\(cell.text)' has no known role",
                        zh: "第 \(rows[head].line) 行：资金栏目标题 '\(cell.text)' 不是已知的栏目"))
            }
            columns.append((role, cell.text, cell.start))
        }
        let labelColumn = 1
        fundsLines =
            ["funds:"]
            + (labelHead.map { ["  # The sheet heads the sources' column \(q($0)): no key holds such a head yet."] }
                ?? [])
            + ["  title: {zh: \(q(title.text.replacingOccurrences(of: " ", with: "\n")))}", "  columns:"]
            + columns.map { "    - {role: \($0.role.rawValue), label: {zh: \(q($0.label))}}" } + ["  rows:"]
        var fundsRows: [(id: String, label: String, points: Decimal?, figures: [FundsBlock.Column.Role: Decimal])] =
            []
        var index = head + 1
        while index < rows.count, !stops.contains(index),
            (rows[index].cells.first ?? "").isEmpty
        {
            let row = rows[index]
            let label = row.cells.count > labelColumn ? row.cells[labelColumn] : ""
            guard !label.isEmpty else { break }
            var figures: [FundsBlock.Column.Role: Decimal] = [:]
            for column in columns where column.start < row.cells.count {
                if let value = ExactDecimal.parse(row.cells[column.start].replacingOccurrences(of: "%", with: "")) {
                    figures[column.role] = value
                }
            }
            fundsRows.append((ids.make(label, "source"), label, figures[.points], figures))
            fundsPoints += figures[.points] ?? 0
            index += 1
        }
        // How the sheet prints a cell that does not apply (/ or —), and the rate of a row without a budget.
        fundsLines.insert(
            contentsOf: printedMarks(rows[(head + 1)..<index], columns: columns),
            at: fundsLines.firstIndex(of: "  columns:")!)
        for (number, row) in fundsRows.enumerated() {
            var line = "    - {id: \(row.id), label: {zh: \(q(row.label))}"
            if let points = row.points { line += ", points: \(ExactDecimal.format(points))" }
            // The first row is the sum of the others when its figures are (年度资金总额).
            let parts = fundsRows.dropFirst()
            if number == 0, parts.count > 1,
                [FundsBlock.Column.Role.initial, .budget, .executed].allSatisfy({ role in
                    row.figures[role].map { total in
                        parts.reduce(Decimal(0)) { $0 + ($1.figures[role] ?? 0) } == total
                    } ?? true
                })
            {
                line += ", sumOf: [\(parts.map(\.id).joined(separator: ", "))]"
            }
            fundsLines.append(line + "}")
        }
        var heads = spans(rows[head].cells)
        if heads.count > 1, heads[0].span > 1 { heads.insert(("", 1, heads[0].span - 1), at: 1); heads[0].span = 1 }
        let columnWidths = collapsed(
            widths(rows[head..<index], columns: rows[head].cells.count), into: heads)
        return (fundsLines, fundsPoints, columnWidths)
    }

    /// The goals table of a sheet: its title beside the expected and actual heads, a caption between them where
    /// the sheet has one (项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况), and the rows under it with a
    /// label in the caption's column as notes (2.项目实施内容及过程概述), their text across the goals' columns; the first
    /// goals as sample material, and the columns' widths. `nextBlock`: the row where the next block starts.
    static func draftGoals(
        rows: [Row], head: Int, nextBlock: Int, ids: inout DraftIdentifiers, material: inout SampleMaterial
    ) throws -> (lines: [String], widths: [Int]) {
        var columnWidths: [Int]
        let cells = spans(rows[head].cells)
        guard let expected = cells.firstIndex(where: { expectedWords.contains(squeeze($0.text)) }),
            let actual = cells.firstIndex(where: { actualGoalWords.contains(squeeze($0.text)) }), expected >= 1,
            actual == expected + 1,
            expected <= 2
        else {
            throw DraftError(
                message:
                    Message(
                        "goals-row-shape",
                        en:
                            "line \(rows[head].line): the goals row needs a title (and perhaps a caption), then 预期目标 and 实际完成情况",
                        zh: "第 \(rows[head].line) 行：绩效目标行需要标题（或再加说明），然后是 '预期目标' 和 '实际完成情况'")
            )
        }
        var goalsLines = ["goals:", "  title: {zh: \(q(cells[0].text))}"]
        if expected == 2 { goalsLines.append("  caption: {zh: \(q(cells[1].text))}") }
        goalsLines += ["  expected: {zh: \(q(cells[expected].text))}", "  actual: {zh: \(q(cells[actual].text))}"]
        if head + 1 < rows.count {
            let content = rows[head + 1].cells
            func text(_ index: Int) -> String {
                index < content.count
                    ? content[index].replacingOccurrences(of: "</p><p>", with: "").replacingOccurrences(
                        of: "<p>", with: ""
                    )
                    .replacingOccurrences(of: "</p>", with: "") : ""
            }
            let (expectedText, actualText) = (text(cells[expected].start), text(cells[actual].start))
            if !expectedText.isEmpty, !actualText.isEmpty { material.goals.append((expectedText, actualText)) }
        }
        var notes: [String] = []
        var index = head + 2
        while index < nextBlock, expected == 2 {
            let noteCells = spans(rows[index].cells)
            guard let label = noteCells.first, label.start == cells[1].start,
                (rows[index].cells.first ?? "").isEmpty
            else { break }
            notes.append("    - {id: \(ids.make(label.text, "note")), label: {zh: \(q(label.text))}}")
            index += 1
        }
        if !notes.isEmpty { goalsLines += ["  notes:"] + notes }
        if expected == 2 {
            // The caption column as wide as its longest label on two lines (4 to 10 ems at 10 pt), the targets
            // and outcomes sharing the rest: spread over the export's columns, the caption's four took a third
            // of the width (66 mm) and left the targets 33.
            let labels = [cells[1].text] + rows[(head + 2)..<index].compactMap { spans($0.cells).first?.text }
            let widest = labels.map(ems).max() ?? 0
            let caption = Int((min(10, max(4, widest / 2 + 1)) * em).rounded(.up))
            let rest = 180 - 20 - caption
            columnWidths = [20, caption, rest - rest / 2, rest / 2]
        } else {
            columnWidths = collapsed(
                widths(rows[head...min(head + 1, rows.count - 1)], columns: rows[head].cells.count), into: cells)
        }
        return (goalsLines, columnWidths)
    }

    /// How the funds rows print a cell that does not apply (`notApplicable: /`) and the rate of a row without a
    /// budget (`rateWithoutBudget: 0.00%`), where they print them.
    static func printedMarks(
        _ rows: ArraySlice<Row>, columns: [(role: FundsBlock.Column.Role, label: String, start: Int)]
    ) -> [String] {
        var lines: [String] = []
        let printed = rows.flatMap { row in
            columns.filter { [.points, .score].contains($0.role) }.map {
                row.cells.indices.contains($0.start) ? row.cells[$0.start] : ""
            }
        }
        if let mark = printed.first(where: { ["/", "／"].contains($0) }) {
            lines.append("  notApplicable: {zh: \(q(mark))}")
        }
        let zeroRates = rows.compactMap { row in
            columns.first { $0.role == .rate }.flatMap {
                row.cells.indices.contains($0.start) ? row.cells[$0.start] : nil
            }
        }
        if zeroRates.contains(where: { $0.hasPrefix("0.00") || $0 == "0%" }) {
            lines.append("  rateWithoutBudget: {zh: \(q(zeroRates.first { $0.hasPrefix("0") }!))}")
        }
        return lines
    }
}
