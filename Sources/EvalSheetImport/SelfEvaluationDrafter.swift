import EvalSheetModel
import Foundation

/// Drafts a form (form.yaml and a style.yaml to start from) from a text export of a self-evaluation sheet
/// of the national pattern or a province's variant: header rows, a funds table, the year's goals, and an
/// indicator table whose level-3 indicators each sheet declares (年度指标值, 实际完成值), then the
/// sign-off. Blocks, columns and rows are read from the sheet's own words; the level-2 groups are the ones
/// the sheet uses (`emptyGroups: hide`). For a person to check, as `FormDrafter` drafts a score sheet.
enum SelfEvaluationDrafter {
    typealias Row = (line: Int, cells: [String])
    typealias DraftError = FormDrafter.DraftError

    static let targetWords = ["年度指标值", "指标值", "目标值", "年度目标值", "预期指标值", "计划指标值"]
    static let actualWords = ["实际完成值", "完成值", "实际值", "实际完成指标值"]
    static let indicatorRoles: [(ScoreColumn.Role, [String])] = [
        (.section, ["绩效指标"]), (.level1, ["一级指标"]), (.level2, ["二级指标"]), (.level3, ["三级指标"]),
        (.target, targetWords), (.actual, actualWords), (.weight, ["分值", "权重"]), (.score, ["得分", "自评得分", "评分"]),
        (.deviation, ["偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "偏差原因及改进措施", "未完成原因分析", "未完成原因"])
    ]
    static let fundsRoles: [(FundsBlock.Column.Role, [String])] = [
        (.initial, ["年初预算数", "年初预算"]), (.budget, ["全年预算数", "调整后预算数", "调整后预算", "全年预算"]),
        (.executed, ["全年执行数", "执行数", "预算执行数", "实际支出数"]), (.points, ["分值", "权重"]), (.rate, ["执行率", "预算执行率"]),
        (.score, ["得分"]), (.note, ["原因说明", "说明", "备注", "偏差原因", "原因"])
    ]
    static let expectedWords = ["预期目标", "项目年度目标", "年度目标"]
    static let actualGoalWords = ["实际完成情况", "年度目标完成情况", "目标完成情况"]
    /// Ids as the forms in `Layouts/` name the same labels (项目名称 → project, and so on for funds rows, groups and sign-off fields), so that
    /// a sheet of a known pattern drafts a form with the familiar ids; labels no form has are numbered.
    /// Taken from the forms, not written here: the forms are the data.
    static func knownIDs(_ library: FormLibrary?) -> (ids: [String: String], keys: [String: String]) {
        var ids: [String: String] = [:], keys: [String: String] = [:]
        for formID in library?.availableIDs() ?? [] {
            guard case let .success(form) = library!.form(id: formID) else { continue }
            func add(_ label: String, _ id: String) { if ids[squeeze(label)] == nil { ids[squeeze(label)] = id } }
            form.header.forEach { add($0.label.zh, $0.id) }
            form.funds?.rows.forEach { add($0.label.zh, $0.id) }
            func walk(_ node: Indicator) { add(node.name.zh, node.id); node.children.forEach(walk) }
            form.indicators.forEach(walk)
            form.signoff.forEach { add($0.label.zh, $0.id) }
            for column in form.columns where column.role == .field {
                if let key = column.key, keys[squeeze(column.label.zh)] == nil { keys[squeeze(column.label.zh)] = key }
            }
        }
        return (ids, keys)
    }

    static func squeeze(_ text: String) -> String { SheetTextImporter.squeeze(text) }

    /// Whether the sheet declares its indicators: a head row with a target and an actual column.
    static func applies(_ rows: [Row]) -> Bool {
        rows.contains { row in
            row.cells.contains { targetWords.contains(squeeze($0)) }
                && row.cells.contains { actualWords.contains(squeeze($0)) }
        }
    }

    static func q(_ text: String) -> String { EvaluationYAML.quoted(text) }

    /// A head's role among `roles`, by its words.
    static func role<Role>(_ cell: String, _ roles: [(Role, [String])]) -> Role? {
        let text = squeeze(cell)
        return roles.first { $0.1.contains(text) }?.0
    }

    /// A cell of a text export's row with the empty cells after it that it spans.
    typealias SpannedCell = (text: String, start: Int, span: Int)

    /// Cells of a row as (text, start, span): a cell followed by empty cells spans them.
    static func spans(_ cells: [String]) -> [SpannedCell] {
        var result: [SpannedCell] = []
        for (index, cell) in cells.enumerated() {
            if cell.isEmpty, !result.isEmpty {
                result[result.count - 1].span += 1
            } else if !cell.isEmpty {
                result.append((cell, index, 1))
            }
        }
        return result
    }

    static func draft(rows: [Row], id: String, library: FormLibrary? = nil) throws -> (
        form: String, style: String, sampleText: String
    ) {
        let (knownIDs, knownKeys) = self.knownIDs(library)
        func nonEmpty(_ row: Row) -> Int { row.cells.filter { !$0.isEmpty }.count }
        var titleLines = rows.prefix { nonEmpty($0) == 1 }.map { $0.cells.first { !$0.isEmpty }! }
        let titleRowCount = titleLines.count
        // Lines with a colon above the title (报表编号:510000_0013zp) are lines of the form, not its title.
        var linesAbove: [String] = []
        while titleLines.count > 1, let colon = titleLines[0].firstIndex(where: { $0 == ":" || $0 == "：" }) {
            linesAbove.append(String(titleLines[0][...colon]))
            titleLines.removeFirst()
        }
        guard !titleLines.isEmpty else { throw DraftError(description: "no title line before the table") }
        guard
            let indicatorHead = rows.firstIndex(where: { row in
                row.cells.contains { squeeze($0) == "一级指标" } && row.cells.contains { targetWords.contains(squeeze($0)) }
            })
        else { throw DraftError(description: "no indicator head row (一级指标 … 年度指标值 …) found") }
        // A head of two rows (年度指标值 over 指标性质, 指标值, 度量单位; 绩效指标 over the level heads): the row
        // above holds the groups' heads and those of the columns that span both rows (分值, 得分).
        let groupRow =
            indicatorHead > 0
                && rows[indicatorHead - 1].cells.contains { [.weight, .score].contains(role($0, indicatorRoles)) }
                && !rows[indicatorHead - 1].cells.contains { squeeze($0) == "一级指标" } ? indicatorHead - 1 : nil
        let indicatorStart = groupRow ?? indicatorHead
        let fundsHead = rows.firstIndex { row in row.cells.filter { role($0, fundsRoles) != nil }.count >= 3 }.flatMap {
            $0 < indicatorStart ? $0 : nil
        }
        let goalsHead = rows.firstIndex { row in
            row.cells.contains { expectedWords.contains(squeeze($0)) }
                && row.cells.contains { actualGoalWords.contains(squeeze($0)) }
        }.flatMap { $0 < indicatorStart ? $0 : nil }
        let firstBlock = [fundsHead, goalsHead, indicatorStart].compactMap { $0 }.min()!

        var y = [
            "# Drafted by `evalsheet import --new-form` from a self-evaluation sheet; check every line and add",
            "# English labels; style.yaml beside it has column widths guessed from the sheet's text.",
            "id: \(q(id))",
            "title: {zh: \(q(titleLines.joined(separator: "\n").replacingOccurrences(of: "(19|20)[0-9]{2}", with: "{year}", options: .regularExpression)))}"
        ]
        var usedIDs = Set<String>()
        func identifier(_ label: String, _ prefix: String) -> String {
            let known = knownIDs[squeeze(label)]
            var candidate = known ?? prefix
            if known == nil || usedIDs.contains(candidate) {
                var number = 1
                while usedIDs.contains("\(candidate)\(number)") { number += 1 }
                candidate += String(number)
            }
            usedIDs.insert(candidate)
            return candidate
        }
        var styleWidths: [String: [Int]] = [:]
        var material = SampleMaterial()

        // Header rows: label, value, label, value …, on the first block's grid: a text export's columns are the
        // union of every table's, so a span is counted in the columns the first block's head row starts.
        // (A funds head leaves the sources' column empty, or heads it: either way it is a column.)
        let firstStarts = Array(
            Set(spans(rows[firstBlock].cells).map(\.start) + (firstBlock == fundsHead ? [0, 1] : []))
        ).sorted()
        func gridColumn(_ raw: Int) -> Int { max(0, firstStarts.lastIndex { $0 <= raw } ?? 0) }
        func gridSpan(_ cell: SpannedCell) -> Int {
            max(
                1,
                (cell.start + cell.span >= rows[firstBlock].cells.count
                    ? firstStarts.count : gridColumn(cell.start + cell.span)) - gridColumn(cell.start))
        }
        let headerRows = rows[titleRowCount..<firstBlock].map { spans($0.cells) }
        var headerFields: [(id: String, row: Int, label: SpannedCell, value: SpannedCell?)] = []
        var fieldIDs: [String] = []
        for (number, cells) in headerRows.enumerated() {
            var index = 0
            while index < cells.count {
                let label = cells[index]
                let value = index + 1 < cells.count ? cells[index + 1] : nil
                let fieldID = identifier(label.text, "field")
                fieldIDs.append(fieldID)
                if let value { material.header.append((fieldID, value.text)) }
                headerFields.append((fieldID, number, label, value))
                index += 2
            }
        }

        // Funds: the title, the source column, then the figure columns; one row per source.
        var fundsLines: [String] = []
        var fundsPoints = Decimal(0)
        if let head = fundsHead {
            let cells = spans(rows[head].cells)
            guard let title = cells.first, title.start == 0 else {
                throw DraftError(description: "line \(rows[head].line): the funds table has no title cell")
            }
            var columns: [(role: FundsBlock.Column.Role, label: String, start: Int)] = []
            var labelHead: String?
            for cell in cells.dropFirst() {
                // A head over the sources' labels (年度预算数(万元)): the form language has no place for it.
                if cell.start == 1, role(cell.text, fundsRoles) == nil { labelHead = cell.text; continue }
                guard let role = role(cell.text, fundsRoles) else {
                    throw DraftError(
                        description: "line \(rows[head].line): funds column head '\(cell.text)' has no known role")
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
            while index < rows.count, index != goalsHead, index != indicatorStart,
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
                fundsRows.append((identifier(label, "source"), label, figures[.points], figures))
                fundsPoints += figures[.points] ?? 0
                index += 1
            }
            // How the sheet prints a cell that does not apply (/ or —), and the rate of a row without a budget.
            let printed = rows[(head + 1)..<index].flatMap { row in
                columns.filter { [.points, .score].contains($0.role) }.map {
                    row.cells.indices.contains($0.start) ? row.cells[$0.start] : ""
                }
            }
            if let mark = printed.first(where: { ["/", "／"].contains($0) }) {
                fundsLines.insert("  notApplicable: {zh: \(q(mark))}", at: fundsLines.firstIndex(of: "  columns:")!)
            }
            let zeroRates = rows[(head + 1)..<index].compactMap { row in
                columns.first { $0.role == .rate }.flatMap {
                    row.cells.indices.contains($0.start) ? row.cells[$0.start] : nil
                }
            }
            if zeroRates.contains(where: { $0.hasPrefix("0.00") || $0 == "0%" }) {
                fundsLines.insert(
                    "  rateWithoutBudget: {zh: \(q(zeroRates.first { $0.hasPrefix("0") }!))}",
                    at: fundsLines.firstIndex(of: "  columns:")!)
            }
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
            styleWidths["fundsColumns"] = collapsed(
                widths(rows[head..<index], columns: rows[head].cells.count), into: heads)
        }

        // Goals: the title beside the expected and actual heads, and a caption between them where the sheet has
        // one (项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况); rows under the goals with a label in
        // the caption's column (2.项目实施内容及过程概述) are notes, their text across the goals' columns.
        var goalsLines: [String] = []
        if let head = goalsHead {
            let cells = spans(rows[head].cells)
            guard let expected = cells.firstIndex(where: { expectedWords.contains(squeeze($0.text)) }),
                let actual = cells.firstIndex(where: { actualGoalWords.contains(squeeze($0.text)) }), expected >= 1,
                actual == expected + 1,
                expected <= 2
            else {
                throw DraftError(
                    description:
                        "line \(rows[head].line): the goals row needs a title (and perhaps a caption), then 预期目标 and 实际完成情况"
                )
            }
            goalsLines = ["goals:", "  title: {zh: \(q(cells[0].text))}"]
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
            let nextBlock = [fundsHead, indicatorStart].compactMap { $0 }.filter { $0 > head }.min() ?? rows.count
            var index = head + 2
            while index < nextBlock, expected == 2 {
                let noteCells = spans(rows[index].cells)
                guard let label = noteCells.first, label.start == cells[1].start,
                    (rows[index].cells.first ?? "").isEmpty
                else { break }
                notes.append("    - {id: \(identifier(label.text, "note")), label: {zh: \(q(label.text))}}")
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
                styleWidths["goalsColumns"] = [20, caption, rest - rest / 2, rest / 2]
            } else {
                styleWidths["goalsColumns"] = collapsed(
                    widths(rows[head...min(head + 1, rows.count - 1)], columns: rows[head].cells.count), into: cells)
            }
        }

        // Indicators: each head cell starts a column; the rows below give level-1 and level-2 groups and the
        // points of the indicators the sheet declares under them.
        var columns: [(role: ScoreColumn.Role, label: String, start: Int, span: Int, key: String?, group: String?)] = []
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
                description: "line \(rows[indicatorHead].line): no \(required.rawValue) column among the heads")
        }
        func start(_ role: ScoreColumn.Role) -> Int { columns.first { $0.role == role }!.start }
        func cell(_ row: Row, _ index: Int) -> String { index < row.cells.count ? row.cells[index] : "" }
        func split(_ heading: String) -> (name: String, weight: Decimal?) {
            let (name, weight) = FormDrafter.splitWeight(heading)
            return (name, weight.flatMap(ExactDecimal.parse))
        }
        var groups: [(name: String, weight: Decimal?, points: Decimal, children: [String])] = []
        var items: [(group: String, name: String, target: String)] = []
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
            throw DraftError(description: "line \(rows[indicatorHead].line): no indicator rows below the heads")
        }
        styleWidths["gridColumns"] = widths(
            rows[indicatorHead..<index], columns: columns.reduce(0) { max($0, $1.start + $1.span) })

        // Sign-off: each cell with a colon is a field; one that asks for a seal is the seal's box.
        var signoff: [String] = []
        var separator = "："
        // Narrative rows (评价结论 | its text) between the total and the sign-off: sections, in a table without a head.
        var sections: [String] = []
        for row in rows[index...] {
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
                    signoff.append("  - {id: \(identifier(cell, "seal")), label: {zh: \(q(cell))}, kind: seal}")
                } else if let colon = cell.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                    separator = String(cell[colon])
                    let value = String(cell[cell.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    material.people += value.components(separatedBy: CharacterSet(charactersIn: "、,，")).filter {
                        !$0.isEmpty && SignOffDate.parse($0) == nil
                    }
                    let kind = FormDrafter.signoffKind(value)
                    signoff.append(
                        "  - {id: \(identifier(String(cell[..<colon]), "signer")), label: {zh: \(q(String(cell[..<colon])))}, kind: \(kind)}"
                    )
                }
            }
        }
        if !signoff.isEmpty {
            styleWidths["signatureColumns"] = Array(repeating: 180 / signoff.count, count: signoff.count)
        }
        if !sections.isEmpty { styleWidths["narrativeColumns"] = [20, 160] }
        // The blocks meet in one ruled table: their left columns (项目资金, 年度总体目标, 绩效指标) line up, as wide
        // as the widest of them needs (at most 20 mm), the other columns of each block narrowed to make room.
        let left = min(
            20, ["gridColumns", "fundsColumns", "goalsColumns"].compactMap { styleWidths[$0]?.first }.max() ?? 20)
        for key in ["gridColumns", "fundsColumns", "goalsColumns"] {
            guard var values = styleWidths[key], values.count > 1 else { continue }
            let rest = Double(values.dropFirst().reduce(0, +))
            values = wholeMillimetres(
                [Double(left)] + values.dropFirst().map { Double($0) / rest * Double(180 - left) })
            styleWidths[key] = values
        }
        // The header rows on the first block's grid, unless a label away from the left edge (实施单位) would be
        // wider there than a quarter of the text block, 45 mm (68 mm on Qingshen's sheet, over the goals'
        // 项目年度目标; the national sheet's stands over two funds columns, 36 mm): then on a grid of their own,
        // the labels as wide as the blocks' left column, under which they stand, the values sharing the rest.
        let firstKey =
            firstBlock == fundsHead ? "fundsColumns" : firstBlock == goalsHead ? "goalsColumns" : "gridColumns"
        let firstWidths = styleWidths[firstKey] ?? []
        func widthOnFirstGrid(_ cell: SpannedCell) -> Int {
            let from = gridColumn(cell.start)
            return firstWidths.dropFirst(from).prefix(gridSpan(cell)).reduce(0, +)
        }
        var span: (SpannedCell) -> Int = gridSpan
        if let ownGrid = HeaderGrid(rows: headerRows, rawColumns: rows[firstBlock].cells.count),
            headerFields.contains(where: { $0.label.start > 0 && widthOnFirstGrid($0.label) > 45 })
        {
            let labels = ownGrid.isLabel.filter { $0 }.count, values = ownGrid.isLabel.count - labels
            styleWidths["headerColumns"] = wholeMillimetres(
                ownGrid.isLabel.map { $0 ? Double(left) : Double(180 - left * labels) / Double(values) })
            span = ownGrid.span
        }
        let header = headerFields.map { field in
            "  - {id: \(field.id), row: \(field.row), label: {zh: \(q(field.label.text.replacingOccurrences(of: " ", with: "\n")))}, "
                + "labelSpan: \(span(field.label)), valueSpan: \(field.value.map(span) ?? 1)}"
        }

        let weights = groups.map { $0.weight ?? $0.points }
        y.append("total: \(ExactDecimal.format(weights.reduce(0, +) + fundsPoints))")
        let blocks =
            [(fundsHead, "funds"), (goalsHead, "goals"), (indicatorHead, "indicators")].compactMap { place, name in
                place.map { ($0, name) }
            }
            .sorted { $0.0 < $1.0 }.map(\.1) + (sections.isEmpty ? [] : ["opinion"])
            + (signoff.isEmpty ? [] : ["signatures"])
        if !linesAbove.isEmpty {
            y += ["# Lines above the title, as the sheet has them: put a header field's {id} where a value goes."]
            y += ["lines:"] + linesAbove.map { "  - {place: above, text: {zh: \(q($0))}}" }
        }
        y +=
            [
                "blocks: [\(blocks.joined(separator: ", "))]",
                "# A filled sheet lists only the level-2 groups it uses: these are the ones this sheet used; add the others.",
                "emptyGroups: hide", "", "header:"
            ] + header
        if !fundsLines.isEmpty { y += [""] + fundsLines }
        if !goalsLines.isEmpty { y += [""] + goalsLines }
        y +=
            ["", "columns:"]
            + columns.map { column in
                "  - {role: \(column.role.rawValue)\(column.key.map { ", key: \($0)" } ?? ""), label: {zh: \(q(column.label))}\(column.span > 1 ? ", span: \(column.span)" : "")"
                    + "\(column.group.map { ", group: {zh: \(q($0))}" } ?? "")}"
            }
        y += ["", "indicators:"]
        var groupIDs: [String: String] = [:]
        for (group, weight) in zip(groups, weights) {
            y += [
                "  - id: \(identifier(group.name, "group"))", "    name: {zh: \(q(group.name))}",
                "    weight: \(ExactDecimal.format(weight))", "    children:"
            ]
            for child in group.children {
                let childID = identifier(child, "group")
                groupIDs[child] = childID
                y.append("      - {id: \(childID), name: {zh: \(q(child))}, weight: 0, declared: true}")
            }
        }
        for item in items {
            guard let group = groupIDs[item.group], let target = SampleMaterial.target(item.target) else { continue }
            material.declared.append((group, item.name, target.unit, target.value, target.higher))
        }
        if !sections.isEmpty {
            y +=
                ["", "sections:"]
                + sections.enumerated().map { "  - {id: s\($0.offset + 1), title: {zh: \(q($0.element))}}" }
        }
        y += ["", "signoff:"] + (signoff.isEmpty ? ["  []"] : signoff)
        y += [
            "", "labels:", "  subtotal: {zh: \"小计\"}", "  deductionSubtotal: {zh: \"扣分小计\"}",
            "  total: {zh: \(q(totalLabel))}",
            "  noWeight: {zh: \"——\"}",
            // The sheet's narrative rows have no head row: empty heads (and the rows join the table above).
            "  contentHead: {zh: \"\"}", "  opinionHead: {zh: \"\"}",
            "  groupHeading: {zh: \"{name}\"}", "  deductionHeading: {zh: \"{name}\"}", "  continued: {zh: \"（续）\"}",
            "  footer: {zh: \"第 {page} 页 共 {pages} 页\"}",
            "  runningHeader: {zh: \(q(fieldIDs.contains("project") ? "{project}" : fieldIDs.contains("code") ? "{code}" : ""))}",
            "  signoffSeparator: {zh: \(q(separator))}", "  nameSeparator: {zh: \"、\"}",
            "  dateFormat: {zh: \"{year}年{month}月{day}日\"}",
            "  volumeTitle: {zh: \"{title}汇编\"}", "  volumeContents: {zh: \"目录\"}",
            "  volumeCount: {zh: \"共 {count} 份\"}",
            "  volumeSerial: {zh: \"序号\"}", "  volumePage: {zh: \"页码\"}", "  volumeGrade: {zh: \"总分\"}"
        ]
        return (y.joined(separator: "\n") + "\n", style(styleWidths), material.yaml(fieldIDs: fieldIDs))
    }
}

/// The header rows' own grid, drafted from a text export: the edges of the row with the most cells, when
/// some row has a label away from the left edge and every other row's cells start on those edges.
struct HeaderGrid {
    /// Raw column (of the export) where each grid column starts, and where the last ends.
    var edges: [Int]
    /// Whether a label (rather than a value) starts at each grid column.
    var isLabel: [Bool]

    init?(rows: [[SelfEvaluationDrafter.SpannedCell]], rawColumns: Int) {
        guard let widest = rows.max(by: { $0.count < $1.count }), widest.count > 2 else { return nil }
        edges = widest.map(\.start) + [rawColumns]
        isLabel = widest.indices.map { $0 % 2 == 0 }
        guard edges == edges.sorted(), rows.allSatisfy({ $0.allSatisfy { edges.contains($0.start) } }) else {
            return nil
        }
    }

    func span(of cell: SelfEvaluationDrafter.SpannedCell) -> Int {
        let first = edges.firstIndex(of: cell.start) ?? 0
        let last = edges.lastIndex { $0 <= cell.start + cell.span - 1 } ?? first
        return max(1, min(last, edges.count - 2) - first + 1)
    }
}
