import EvalSheetModel
import Foundation

/// Drafts a form definition (form.yaml) from a sheet whose form is not in `Layouts/`: the indicator
/// rows with their weights and scoring notes, the deductions with their caps, the grade bands, the
/// narrative sections, the recommendation options and the sign-off labels, all as printed, for a
/// person to check. Column roles are read from the column heads' usual wording.
public enum FormDrafter {
    /// Usual wordings of column heads on Chinese evaluation sheets.
    static let roleWords: [(ScoreColumn.Role, [String])] = [
        (.level1, ["一级指标"]), (.level2, ["二级指标"]), (.level3, ["三级指标"]), (.level4, ["四级指标"]),
        (.weight, ["权重", "分值"]), (.notes, ["评分说明", "评分标准", "指标说明"]),
        (.score, ["专家评分", "得分", "自评得分", "评分"]), (.groupTotal, ["合计", "小计"])
    ]

    public struct DraftError: MessageError {
        public var message: Message
    }

    /// A heading with its points split off: `产出 (50分)` → 产出, 50; a heading without them as it is.
    static func splitWeight(_ heading: String) -> (name: String, weight: String?) {
        let range = NSRange(heading.startIndex..., in: heading)
        guard let match = weightPattern.firstMatch(in: heading, range: range),
            let name = Range(match.range(at: 1), in: heading), let weight = Range(match.range(at: 2), in: heading)
        else {
            return (heading, nil)
        }
        return (String(heading[name]), String(heading[weight]))
    }
    static let weightPattern = try! NSRegularExpression(pattern: "^(.*?)\\s*[(（](-?[0-9.]+)分[)）]$")

    /// A sign-off field's kind from the value a sheet shows after its label: a date, names joined by 、, or text.
    static func signoffKind(_ value: String) -> String {
        SignOffDate.parse(value) != nil ? "date" : value.contains("、") ? "names" : "text"
    }

    /// The files of a drafted form by name: `form.yaml`, and for a self-evaluation sheet (funds, goals,
    /// declared indicators) a `style.yaml` and a `sample-text.yaml` to start from.
    /// `library`: the forms whose ids a drafted form reuses for the same labels.
    public static func drafts(text: String, id: String, library: FormLibrary? = nil) throws -> [String: String] {
        let rows = self.rows(text)
        if SelfEvaluationDrafter.applies(rows) {
            let (form, style, sampleText) = try SelfEvaluationDrafter.draft(rows: rows, id: id, library: library)
            return ["form.yaml": form, "style.yaml": style, "sample-text.yaml": sampleText]
        }
        return ["form.yaml": try draft(text: text, id: id)]
    }

    /// The non-empty rows of a text export, cells trimmed, with their line numbers.
    static func rows(_ text: String) -> [(line: Int, cells: [String])] {
        var rows: [(line: Int, cells: [String])] = []
        for (index, line) in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .enumerated()
        {
            let cells = line.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.contains(where: { !$0.isEmpty }) { rows.append((index + 1, cells)) }
        }
        return rows
    }

    /// form.yaml drafted from a sheet (a score sheet here; a self-evaluation sheet through `SelfEvaluationDrafter`).
    public static func draft(text: String, id: String) throws -> String {
        typealias Row = (line: Int, cells: [String])
        let squeeze = SheetTextImporter.squeeze
        let rows = self.rows(text)
        if SelfEvaluationDrafter.applies(rows) { return try SelfEvaluationDrafter.draft(rows: rows, id: id).form }
        guard let title = rows.first?.cells.first(where: { !$0.isEmpty }) else {
            throw DraftError(message: Message("empty-file", en: "the file is empty", zh: "文件是空的"))
        }
        guard
            let headAt = rows.firstIndex(where: { row in
                row.cells.contains { cell in roleWords[0].1.contains(squeeze(cell)) }
            })
        else {
            throw DraftError(
                message: Message("no-column-heads", en: "no column heads (一级指标 …) found", zh: "找不到栏目标题（一级指标 ……）"))
        }
        let columns = try headColumns(rows[headAt])
        let levels = columns.filter { [.level1, .level2, .level3, .level4].contains($0.role) }.map(\.start)
        func cell(_ row: Row, _ index: Int?) -> String {
            index.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? ""
        }

        // Indicator rows until the subtotal row (a label in the first column with the next level columns empty).
        var index = headAt + 1
        let roots = indicatorRows(rows, from: &index, columns: columns)
        let subtotalLabel = index < rows.count ? cell(rows[index], levels[0]) : "小计"
        index += 1
        // Deductions: a title in the first column, one item per row, until their subtotal.
        let (deductionTitle, action, deductions) = deductionRows(rows, from: &index, columns: columns)
        let deductionSubtotal = index < rows.count ? cell(rows[index], levels[0]) : "逆向指标小计"
        let rest = rows.dropFirst(index + 1)
        let total =
            rest.first { squeeze($0.cells.first ?? "").count <= 3 && !($0.cells.first ?? "").isEmpty }?.cells.first
            ?? "合计"
        let caption = rest.first { ($0.cells.first ?? "").hasPrefix("等级") }?.cells.first ?? "等级"
        let bands = gradeBands(caption)
        let contentRow = rest.firstIndex { $0.cells.count >= 2 && $0.cells[1] == "评价意见" }
        let narrativeRows = contentRow.map { Array(rows[($0 + 1)...]) } ?? []
        let (sections, recommendation, signoff) = closingRows(narrativeRows)

        var y = [
            "# Drafted by `evalsheet import --new-form` from a sheet; check every line, add English labels,",
            "# then copy a style.yaml beside it (grid columns: \(columns.reduce(0) { $0 + $1.span })).",
            "id: \(q(id))",
            "title: {zh: \(q(title.replacingOccurrences(of: "^[0-9]{4}", with: "{year}", options: .regularExpression)))}",
            "total: \(roots.map(\.weight).compactMap { ExactDecimal.parse($0) }.reduce(0, +))", "", "header:"
        ]
        y += headerYAML(rows.count > 1 && headAt > 1 ? rows[1].cells : [])
        y +=
            ["", "columns:"]
            + columns.map {
                "  - {role: \($0.role.rawValue), label: {zh: \(q($0.label))}\($0.span > 1 ? ", span: \($0.span)" : "")}"
            }
        y += indicatorsYAML(roots)
        y += deductionsYAML(title: deductionTitle, action: action, items: deductions)
        y += closingYAML(
            caption: caption, bands: bands, sections: sections, recommendation: recommendation, signoff: signoff)
        y += labelsYAML(subtotal: subtotalLabel, deductionSubtotal: deductionSubtotal, total: total)
        return y.joined(separator: "\n") + "\n"
    }
}

extension FormDrafter {
    /// A YAML double-quoted string, as every drafted line writes its texts.
    static func q(_ text: String) -> String { EvaluationYAML.quoted(text) }

    typealias HeadColumn = (role: ScoreColumn.Role, label: String, start: Int, span: Int)

    /// The indicator rows from `index` to the subtotal row (a label in the first level's column, the next levels'
    /// empty), as a tree; `index` is left at the subtotal row.
    static func indicatorRows(_ rows: [(line: Int, cells: [String])], from index: inout Int, columns: [HeadColumn])
        -> [DraftNode]
    {
        func start(_ role: ScoreColumn.Role) -> Int? { columns.first { $0.role == role }?.start }
        let levels = columns.filter { [.level1, .level2, .level3, .level4].contains($0.role) }.map(\.start)
        func cell(_ row: (line: Int, cells: [String]), _ index: Int?) -> String {
            index.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? ""
        }
        var roots: [DraftNode] = []
        var path: [DraftNode] = []
        while index < rows.count {
            let row = rows[index]
            if !cell(row, levels[0]).isEmpty && levels.dropFirst().allSatisfy({ cell(row, $0).isEmpty }) { break }
            for (level, column) in levels.enumerated() where !cell(row, column).isEmpty {
                let (name, weight) = splitWeight(cell(row, column).replacingOccurrences(of: "  ", with: " "))
                let node = DraftNode(name.replacingOccurrences(of: " ", with: ""), weight ?? cell(row, start(.weight)))
                if level == levels.count - 1 {
                    node.notes = cell(row, start(.notes)).replacingOccurrences(of: " ", with: "\n")
                }
                if level == 0 {
                    roots.append(node)
                } else if path.count >= level {
                    path[level - 1].children.append(node)
                }
                path = Array(path.prefix(level)) + [node]
            }
            index += 1
        }
        return roots
    }

    /// The deduction rows after the subtotal: a title in the first column, one item per row, until their
    /// subtotal; `index` is left at that subtotal.
    static func deductionRows(_ rows: [(line: Int, cells: [String])], from index: inout Int, columns: [HeadColumn])
        -> (title: String, action: String, items: [(name: String, cap: String, showCap: Bool, notes: String)])
    {
        func start(_ role: ScoreColumn.Role) -> Int? { columns.first { $0.role == role }?.start }
        let levels = columns.filter { [.level1, .level2, .level3, .level4].contains($0.role) }.map(\.start)
        func cell(_ row: (line: Int, cells: [String]), _ index: Int?) -> String {
            index.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? ""
        }
        var deductionTitle = "", action = ""
        var deductions: [(name: String, cap: String, showCap: Bool, notes: String)] = []
        while index < rows.count {
            let row = rows[index]
            if !cell(row, levels[0]).isEmpty && levels.dropFirst().allSatisfy({ cell(row, $0).isEmpty }) { break }
            if deductionTitle.isEmpty { deductionTitle = cell(row, levels[0]) }
            let (name, cap) = splitWeight(cell(row, levels.count > 1 ? levels[1] : levels[0]))
            if action.isEmpty { action = cell(row, levels.last) }
            deductions.append(
                (
                    name.replacingOccurrences(of: " ", with: ""), cap ?? cell(row, start(.weight)), cap != nil,
                    cell(row, start(.notes)).replacingOccurrences(of: " ", with: "\n")
                ))
            index += 1
        }
        return (deductionTitle, action, deductions)
    }

    /// The score table's columns: each head cell starts one, empty cells after it widen it.
    static func headColumns(_ head: (line: Int, cells: [String])) throws -> [(
        role: ScoreColumn.Role, label: String, start: Int, span: Int
    )] {
        let squeeze = SheetTextImporter.squeeze
        var columns: [(role: ScoreColumn.Role, label: String, start: Int, span: Int)] = []
        for (index, cell) in head.cells.enumerated() {
            if cell.isEmpty, !columns.isEmpty { columns[columns.count - 1].span += 1; continue }
            guard let role = roleWords.first(where: { $0.1.contains(squeeze(cell)) })?.0,
                !columns.contains(where: { $0.role == role })
            else {
                throw DraftError(
                    message: Message(
                        "unknown-column-head", en: "line \(head.line): column head '\(cell)' has no known role",
                        zh: "第 \(head.line) 行：栏目标题 '\(cell)' 不是已知的栏目"))
            }
            columns.append((role, cell, index, 1))
        }
        return columns
    }

    /// The header row's fields: a label, then its value over the empty cells after it.
    static func headerYAML(_ header: [String]) -> [String] {
        var y: [String] = []
        var position = 0
        while position < header.count {
            let label = header[position]
            var valueSpan = 1
            while position + 1 + valueSpan < header.count, header[position + 1 + valueSpan].isEmpty { valueSpan += 1 }
            y.append(
                "  - {id: field\(y.count + 1), label: {zh: \(q(label.replacingOccurrences(of: " ", with: "\n")))}, valueSpan: \(valueSpan)}"
            )
            position += 1 + valueSpan
        }
        return y
    }

    /// The indicator tree, numbered in order (i1, i2 …), a leaf with its notes.
    static func indicatorsYAML(_ roots: [DraftNode]) -> [String] {
        var y = ["", "indicators:"]
        var counter = 0
        func write(_ node: DraftNode, indent: String) {
            counter += 1
            y.append("\(indent)- id: i\(counter)")
            y.append("\(indent)  name: {zh: \(q(node.name))}")
            y.append("\(indent)  weight: \(node.weight)")
            if node.children.isEmpty {
                y.append("\(indent)  notes: {zh: \(q(node.notes))}")
            } else {
                y.append("\(indent)  children:")
                node.children.forEach { write($0, indent: indent + "    ") }
            }
        }
        roots.forEach { write($0, indent: "  ") }
        return y
    }

    static func deductionsYAML(
        title: String, action: String, items: [(name: String, cap: String, showCap: Bool, notes: String)]
    ) -> [String] {
        var y = ["", "deductions:", "  title: {zh: \(q(title))}", "  action: {zh: \(q(action))}", "  items:"]
        for (number, item) in items.enumerated() {
            y += ["    - id: d\(number + 1)", "      name: {zh: \(q(item.name))}", "      cap: \(item.cap)"]
            if !item.showCap { y.append("      showCap: false") }
            y.append("      notes: {zh: \(q(item.notes))}")
        }
        return y
    }

    /// A grade caption's bands (90(含)-100分为优 …, 60以下为差), from the highest lower bound down.
    static func gradeBands(_ caption: String) -> [(String, String)] {
        let bandPattern = try! NSRegularExpression(pattern: "([0-9]+)\\(含\\)[^、)）]*?为(.)")
        var bands: [(String, String)] = bandPattern.matches(
            in: caption, range: NSRange(caption.startIndex..., in: caption)
        ).compactMap {
            match -> (String, String)? in
            guard let low = Range(match.range(at: 1), in: caption), let name = Range(match.range(at: 2), in: caption)
            else { return nil }
            return (String(caption[low]), String(caption[name]))
        }
        if let last = caption.range(of: "以下为(.)", options: .regularExpression) {
            bands.append(("-1000", String(caption[last].suffix(1))))
        }
        return bands
    }

    typealias DraftedRecommendation = (title: String, options: [(String, String)])

    /// The rows under the 评价意见 head: narrative sections (a title, and a subtitle in （）), the recommendation (a
    /// cell of options each with its mark: 保留（√）) and the sign-off (a label with a colon).
    static func closingRows(_ narrativeRows: [(line: Int, cells: [String])]) -> (
        sections: [(title: String, subtitle: String?)], recommendation: DraftedRecommendation?,
        signoff: [(label: String, kind: String)]
    ) {
        var sections: [(title: String, subtitle: String?)] = []
        var recommendation: DraftedRecommendation?
        var signoff: [(label: String, kind: String)] = []
        for row in narrativeRows {
            let label = row.cells[0]
            if row.cells.count > 1, row.cells[1].contains("<p>") || !row.cells[1].isEmpty {
                let content = row.cells[1]
                let marks = try! NSRegularExpression(pattern: "([^（；。<>\\s]+)（(.)）")
                let options = marks.matches(in: content, range: NSRange(content.startIndex..., in: content)).compactMap
                { match -> (String, String)? in
                    guard let name = Range(match.range(at: 1), in: content),
                        let mark = Range(match.range(at: 2), in: content)
                    else { return nil }
                    return (String(content[name]), String(content[mark]))
                }
                if options.count >= 2 {
                    recommendation = (label, options)
                } else if let open = label.firstIndex(of: "（") {
                    sections.append((String(label[..<open]), String(label[open...])))
                } else {
                    sections.append((label, nil))
                }
            } else if let colon = label.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                let value = label[label.index(after: colon)...]
                let kind = signoffKind(String(value))
                signoff.append((String(label[..<colon]), kind))
            }
        }
        return (sections, recommendation, signoff)
    }

    /// The form's grades, sections, recommendation and sign-off as the sheet has them.
    static func closingYAML(
        caption: String, bands: [(String, String)], sections: [(title: String, subtitle: String?)],
        recommendation: DraftedRecommendation?, signoff: [(label: String, kind: String)]
    ) -> [String] {
        var y: [String] = []
        y +=
            ["", "grades:", "  caption: {zh: \(q(caption))}", "  bands:"]
            + bands.map { "    - {min: \($0.0), name: {zh: \(q($0.1))}}" }
        y +=
            ["", "sections:"]
            + sections.enumerated().flatMap { number, section in
                ["  - id: s\(number + 1)", "    title: {zh: \(q(section.title))}"]
                    + (section.subtitle.map { ["    subtitle: {zh: \(q($0))}"] } ?? [])
            }
        if let recommendation {
            let selected = recommendation.options.first?.1 ?? "√"
            y += [
                "", "recommendation:", "  title: {zh: \(q(recommendation.title))}", "  selectedMark: \(q(selected))",
                "  options:"
            ]
            y += recommendation.options.enumerated().map {
                "    - {id: o\($0.offset + 1), label: {zh: \(q($0.element.0))}, unselectedMark: \(q($0.element.1 == selected ? "□" : $0.element.1))}"
            }
        }
        y +=
            ["", "signoff:"]
            + signoff.enumerated().map {
                "  - {id: f\($0.offset + 1), label: {zh: \(q($0.element.label))}, kind: \($0.element.kind)}"
            }
        return y
    }

    /// The form's labels: the subtotals' and the total's as the sheet prints them, the rest the usual words.
    static func labelsYAML(subtotal: String, deductionSubtotal: String, total: String) -> [String] {
        return [
            "", "labels:", "  subtotal: {zh: \(q(subtotal))}",
            "  deductionSubtotal: {zh: \(q(deductionSubtotal))}",
            "  total: {zh: \(q(total))}", "  noWeight: {zh: \"——\"}", "  contentHead: {zh: \"内容\"}",
            "  opinionHead: {zh: \"评价意见\"}",
            "  groupHeading: {zh: \"{name}\\n({weight}分)\"}", "  deductionHeading: {zh: \"{name}\\n({cap}分)\"}",
            "  continued: {zh: \"（续）\"}", "  footer: {zh: \"第 {page} 页 共 {pages} 页\"}",
            "  runningHeader: {zh: \"{code}　{project}\"}",
            "  signoffSeparator: {zh: \"：\"}", "  nameSeparator: {zh: \"、\"}",
            "  dateFormat: {zh: \"{year}年{month}月{day}日\"}",
            "  volumeTitle: {zh: \"{title}汇编\"}", "  volumeContents: {zh: \"目录\"}",
            "  volumeCount: {zh: \"共 {count} 份\"}",
            "  volumeSerial: {zh: \"序号\"}", "  volumePage: {zh: \"页码\"}", "  volumeGrade: {zh: \"等级\"}"
        ]
    }
}

/// An indicator read from a score sheet's rows, with the ones under it.
final class DraftNode {
    var name: String
    var weight: String
    var notes = ""
    var children: [DraftNode] = []
    init(_ name: String, _ weight: String) { self.name = name; self.weight = weight }
}
