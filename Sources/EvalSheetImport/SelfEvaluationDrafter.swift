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
        let (titleLines, titleRowCount, linesAbove) = try titleRows(rows)
        let (indicatorHead, groupRow, fundsHead, goalsHead) = try blockHeads(rows)
        let indicatorStart = groupRow ?? indicatorHead
        let firstBlock = [fundsHead, goalsHead, indicatorStart].compactMap { $0 }.min()!

        var y = [
            "# Drafted by `evalsheet import --new-form` from a self-evaluation sheet; check every line and add",
            "# English labels; style.yaml beside it has column widths guessed from the sheet's text.",
            "id: \(q(id))",
            "title: {zh: \(q(titleLines.joined(separator: "\n").replacingOccurrences(of: "(19|20)[0-9]{2}", with: "{year}", options: .regularExpression)))}"
        ]
        var ids = DraftIdentifiers(known: knownIDs)
        var styleWidths: [String: [Int]] = [:]
        var material = SampleMaterial()

        // Header rows: label, value, label, value …, on the first block's grid.
        let grid = FirstGrid(rows: rows, firstBlock: firstBlock, fundsHead: fundsHead)
        let headerRows = rows[titleRowCount..<firstBlock].map { spans($0.cells) }
        let headerFields = readHeaderFields(headerRows, ids: &ids, material: &material)
        let fieldIDs = headerFields.map(\.id)

        // Funds: the title, the source column, then the figure columns; one row per source. Goals: the title beside
        // the expected and actual heads, a caption between them where the sheet has one, notes under them.
        let funds = try fundsHead.map {
            try draftFunds(rows: rows, head: $0, stops: [goalsHead, indicatorStart].compactMap { $0 }, ids: &ids)
        }
        styleWidths["fundsColumns"] = funds?.widths
        let goals = try goalsHead.map { head in
            let nextBlock = [fundsHead, indicatorStart].compactMap { $0 }.filter { $0 > head }.min() ?? rows.count
            return try draftGoals(rows: rows, head: head, nextBlock: nextBlock, ids: &ids, material: &material)
        }
        styleWidths["goalsColumns"] = goals?.widths

        // Indicators: each head cell starts a column; the rows below give level-1 and level-2 groups and the
        // points of the indicators the sheet declares under them.
        let columns = try draftIndicatorColumns(
            rows: rows, indicatorHead: indicatorHead, groupRow: groupRow, knownKeys: knownKeys)
        let indicators = try draftIndicatorRows(
            rows: rows, indicatorHead: indicatorHead, columns: columns, material: &material)
        let (groups, items, totalLabel) = (indicators.groups, indicators.items, indicators.totalLabel)
        styleWidths["gridColumns"] = indicators.widths

        let (signoff, separator, sections) = draftClosingRows(
            rows[indicators.end...], ids: &ids, material: &material)
        if !signoff.isEmpty {
            styleWidths["signatureColumns"] = Array(repeating: 180 / signoff.count, count: signoff.count)
        }
        if !sections.isEmpty { styleWidths["narrativeColumns"] = [20, 160] }
        let left = alignLeftColumns(&styleWidths)
        let firstKey =
            firstBlock == fundsHead ? "fundsColumns" : firstBlock == goalsHead ? "goalsColumns" : "gridColumns"
        let header = headerYAML(
            headerFields, headerRows: headerRows, grid: grid, firstWidths: styleWidths[firstKey] ?? [], left: left,
            styleWidths: &styleWidths)

        let weights = groups.map { $0.weight ?? $0.points }
        y.append("total: \(ExactDecimal.format(weights.reduce(0, +) + (funds?.points ?? 0)))")
        let blocks =
            [(fundsHead, "funds"), (goalsHead, "goals"), (indicatorHead, "indicators")].compactMap { place, name in
                place.map { ($0, name) }
            }
            .sorted { $0.0 < $1.0 }.map(\.1) + (sections.isEmpty ? [] : ["opinion"])
            + (signoff.isEmpty ? [] : ["signatures"])
        y += linesYAML(linesAbove) + blocksYAML(blocks) + header
        if let funds, !funds.lines.isEmpty { y += [""] + funds.lines }
        if let goals, !goals.lines.isEmpty { y += [""] + goals.lines }
        y += ["", "columns:"] + columns.map(columnYAML)
        y +=
            ["", "indicators:"]
            + indicatorsYAML(
                groups: zip(groups, weights).map { ($0, $1) }, items: items, ids: &ids, material: &material)
        y += sectionsYAML(sections) + ["", "signoff:"] + (signoff.isEmpty ? ["  []"] : signoff)
        y += labelsYAML(totalLabel: totalLabel, separator: separator, fieldIDs: fieldIDs)
        return (y.joined(separator: "\n") + "\n", style(styleWidths), material.yaml(fieldIDs: fieldIDs))
    }
}

extension SelfEvaluationDrafter {
    /// Lines above the title, as the sheet has them.
    static func linesYAML(_ linesAbove: [String]) -> [String] {
        guard !linesAbove.isEmpty else { return [] }
        return ["# Lines above the title, as the sheet has them: put a header field's {id} where a value goes."]
            + ["lines:"] + linesAbove.map { "  - {place: above, text: {zh: \(q($0))}}" }
    }

    /// The blocks in the sheet's order, and the head of the header fields that follow.
    static func blocksYAML(_ blocks: [String]) -> [String] {
        [
            "blocks: [\(blocks.joined(separator: ", "))]",
            "# A filled sheet lists only the level-2 groups it uses: these are the ones this sheet used; add the others.",
            "emptyGroups: hide", "", "header:"
        ]
    }

    static func sectionsYAML(_ sections: [String]) -> [String] {
        guard !sections.isEmpty else { return [] }
        return ["", "sections:"]
            + sections.enumerated().map { "  - {id: s\($0.offset + 1), title: {zh: \(q($0.element))}}" }
    }

    /// The rows where the blocks' heads stand: the indicators' (its group row above it, in a head of two rows:
    /// 年度指标值 over 指标性质, 指标值, 度量单位; 绩效指标 over the level heads), and the funds' and goals' above it.
    static func blockHeads(_ rows: [Row]) throws -> (indicators: Int, groupRow: Int?, funds: Int?, goals: Int?) {
        guard
            let indicatorHead = rows.firstIndex(where: { row in
                row.cells.contains { squeeze($0) == "一级指标" } && row.cells.contains { targetWords.contains(squeeze($0)) }
            })
        else {
            throw DraftError(
                message: Message(
                    "no-indicator-head", en: "no indicator head row (一级指标 … 年度指标值 …) found",
                    zh: "找不到指标标题行（一级指标 …… 年度指标值 ……）"))
        }
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
        return (indicatorHead, groupRow, fundsHead, goalsHead)
    }

    /// The first block's grid, on which the header rows stand: a text export's columns are the union of every
    /// table's, so a span is counted in the columns the first block's head row starts. (A funds head leaves the
    /// sources' column empty, or heads it: either way it is a column.)
    struct FirstGrid {
        let starts: [Int]
        let rawColumns: Int

        init(rows: [Row], firstBlock: Int, fundsHead: Int?) {
            starts = Array(
                Set(spans(rows[firstBlock].cells).map(\.start) + (firstBlock == fundsHead ? [0, 1] : []))
            ).sorted()
            rawColumns = rows[firstBlock].cells.count
        }

        func column(_ raw: Int) -> Int { max(0, starts.lastIndex { $0 <= raw } ?? 0) }

        func span(_ cell: SpannedCell) -> Int {
            max(
                1,
                (cell.start + cell.span >= rawColumns ? starts.count : column(cell.start + cell.span))
                    - column(cell.start))
        }
    }

    typealias HeaderFieldCells = (id: String, row: Int, label: SpannedCell, value: SpannedCell?)

    /// Header rows: label, value, label, value …; each value is sample material.
    static func readHeaderFields(
        _ headerRows: [[SpannedCell]], ids: inout DraftIdentifiers, material: inout SampleMaterial
    ) -> [HeaderFieldCells] {
        var headerFields: [HeaderFieldCells] = []
        for (number, cells) in headerRows.enumerated() {
            var index = 0
            while index < cells.count {
                let label = cells[index]
                let value = index + 1 < cells.count ? cells[index + 1] : nil
                let fieldID = ids.make(label.text, "field")
                if let value { material.header.append((fieldID, value.text)) }
                headerFields.append((fieldID, number, label, value))
                index += 2
            }
        }
        return headerFields
    }

    /// The header fields with their spans: on the first block's grid, unless a label away from the left edge
    /// (实施单位) would be wider there than a quarter of the text block, 45 mm (68 mm on Qingshen's sheet, over the
    /// goals' 项目年度目标; the national sheet's stands over two funds columns, 36 mm): then on a grid of their own,
    /// the labels as wide as the blocks' left column, under which they stand, the values sharing the rest.
    static func headerYAML(
        _ headerFields: [HeaderFieldCells], headerRows: [[SpannedCell]], grid: FirstGrid, firstWidths: [Int], left: Int,
        styleWidths: inout [String: [Int]]
    ) -> [String] {
        func widthOnFirstGrid(_ cell: SpannedCell) -> Int {
            firstWidths.dropFirst(grid.column(cell.start)).prefix(grid.span(cell)).reduce(0, +)
        }
        var span: (SpannedCell) -> Int = grid.span
        if let ownGrid = HeaderGrid(rows: headerRows, rawColumns: grid.rawColumns),
            headerFields.contains(where: { $0.label.start > 0 && widthOnFirstGrid($0.label) > 45 })
        {
            let labels = ownGrid.isLabel.filter { $0 }.count, values = ownGrid.isLabel.count - labels
            styleWidths["headerColumns"] = wholeMillimetres(
                ownGrid.isLabel.map { $0 ? Double(left) : Double(180 - left * labels) / Double(values) })
            span = ownGrid.span
        }
        return headerFields.map { field in
            "  - {id: \(field.id), row: \(field.row), label: {zh: \(q(field.label.text.replacingOccurrences(of: " ", with: "\n")))}, "
                + "labelSpan: \(span(field.label)), valueSpan: \(field.value.map(span) ?? 1)}"
        }
    }

    /// The title's lines (the rows of one cell above the table); lines with a colon above the title
    /// (报表编号:510000_0013zp) are lines of the form, not its title.
    static func titleRows(_ rows: [Row]) throws -> (title: [String], rowCount: Int, linesAbove: [String]) {
        func nonEmpty(_ row: Row) -> Int { row.cells.filter { !$0.isEmpty }.count }
        var titleLines = rows.prefix { nonEmpty($0) == 1 }.map { $0.cells.first { !$0.isEmpty }! }
        let titleRowCount = titleLines.count
        var linesAbove: [String] = []
        while titleLines.count > 1, let colon = titleLines[0].firstIndex(where: { $0 == ":" || $0 == "：" }) {
            linesAbove.append(String(titleLines[0][...colon]))
            titleLines.removeFirst()
        }
        guard !titleLines.isEmpty else {
            throw DraftError(message: Message("no-title-line", en: "no title line before the table", zh: "表格前没有标题行"))
        }
        return (titleLines, titleRowCount, linesAbove)
    }

    /// A score column of the drafted form.
    static func columnYAML(_ column: IndicatorColumn) -> String {
        "  - {role: \(column.role.rawValue)\(column.key.map { ", key: \($0)" } ?? ""), label: {zh: \(q(column.label))}\(column.span > 1 ? ", span: \(column.span)" : "")"
            + "\(column.group.map { ", group: {zh: \(q($0))}" } ?? "")}"
    }

    /// The blocks meet in one ruled table: their left columns (项目资金, 年度总体目标, 绩效指标) line up, as wide as
    /// the widest of them needs (at most 20 mm), the other columns of each block narrowed to make room. Returns
    /// the left column's width.
    static func alignLeftColumns(_ styleWidths: inout [String: [Int]]) -> Int {
        let left = min(
            20, ["gridColumns", "fundsColumns", "goalsColumns"].compactMap { styleWidths[$0]?.first }.max() ?? 20)
        for key in ["gridColumns", "fundsColumns", "goalsColumns"] {
            guard var values = styleWidths[key], values.count > 1 else { continue }
            let rest = Double(values.dropFirst().reduce(0, +))
            values = wholeMillimetres(
                [Double(left)] + values.dropFirst().map { Double($0) / rest * Double(180 - left) })
            styleWidths[key] = values
        }
        return left
    }

    /// The form's level-1 groups with their level-2 groups, under which each evaluation declares its indicators;
    /// the indicators this sheet declares become sample material for `evalsheet sample`.
    static func indicatorsYAML(
        groups: [(group: DraftedGroup, weight: Decimal)], items: [DraftedItem], ids: inout DraftIdentifiers,
        material: inout SampleMaterial
    ) -> [String] {
        var groupIDs: [String: String] = [:]
        var y: [String] = []
        for (group, weight) in groups {
            y += [
                "  - id: \(ids.make(group.name, "group"))", "    name: {zh: \(q(group.name))}",
                "    weight: \(ExactDecimal.format(weight))", "    children:"
            ]
            for child in group.children {
                let childID = ids.make(child, "group")
                groupIDs[child] = childID
                y.append("      - {id: \(childID), name: {zh: \(q(child))}, weight: 0, declared: true}")
            }
        }
        for item in items {
            guard let group = groupIDs[item.group], let target = SampleMaterial.target(item.target) else { continue }
            material.declared.append((group, item.name, target.unit, target.value, target.higher))
        }
        return y
    }

    /// The form's labels: the total's and the sign-off separator as the sheet prints them, the running header
    /// its project (or code), the rest the usual words.
    static func labelsYAML(totalLabel: String, separator: String, fieldIDs: [String]) -> [String] {
        [
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
