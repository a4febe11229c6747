import EvalSheetModel
import Foundation

/// Drafts the sheet part of a form (`title`, `lines`, `header`, `sheet:`) from a workbook that holds the
/// published table with bindings typed where the values go (`{header.project}`, `{node.score}`): ruled cells
/// make the tables (a row without a ruled cell is a line of text between them), merged ranges give the spans,
/// Excel's column widths the columns', bold cells are heads; a row with a band item's bindings (`{row.…}`,
/// `{node.…}`, `{levelN.…}`, `{section.…}`, `{field.…}`) is a band. The model (indicators, funds rows,
/// sections, sign-off) is the form's to write; the drafted header fields take their labels from the cell
/// left of their binding.
public enum SheetTemplateDrafter {
    /// Millimetres per unit of Excel's column width (a character of the default 11 pt font, 7 px at 96 dpi).
    static let millimetresPerCharacter = 7 * 25.4 / 96
    /// Excel's width of a column the sheet gives none.
    static let defaultWidth = 8.43

    public static func draft(_ layout: WorkbookLayout, source: String) -> String {
        let used = layout.rows.indices.filter { row in
            (0..<layout.width).contains {
                !layout.text(row, $0).trimmingCharacters(in: .whitespaces).isEmpty
                    || layout.ruled.contains(WorkbookLayout.key(row, $0))
            }
        }
        func isTableRow(_ row: Int) -> Bool {
            (0..<layout.width).contains { layout.ruled.contains(WorkbookLayout.key(row, $0)) }
        }
        func lineText(_ row: Int) -> String {
            (0..<layout.width).map { layout.text(row, $0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .joined(separator: " ")
        }
        // The tables: runs of rows with ruled cells; the rest are lines.
        var items: [(table: [Int]?, line: Int?)] = []
        for row in used {
            if isTableRow(row) {
                if let last = items.last, let table = last.table, table.last == row - 1 {
                    items[items.count - 1].table!.append(row)
                } else {
                    items.append(([row], nil))
                }
            } else {
                items.append((nil, row))
            }
        }
        // The title: the first bold line before the first table (else the first line); lines above it go above.
        let firstTable = items.firstIndex { $0.table != nil } ?? items.count
        let leading = items[..<firstTable].compactMap(\.line)
        let titleRow =
            leading.first { row in (0..<layout.width).contains { layout.bold.contains(WorkbookLayout.key(row, $0)) } }
            ?? leading.first

        var yaml =
            "# Drafted by evalsheet template from \(source): the sheet as the workbook draws it. Check it, write the\n"
            + "# model it binds (header fields' kinds, indicators, funds rows, sections, sign-off), then validate a sample.\n"
        if let titleRow { yaml += "title: \(quoted(lineText(titleRow)))\n" }
        let above = leading.filter { row in titleRow.map { row < $0 } ?? false }
        if !above.isEmpty {
            yaml += "lines:\n" + above.map { "  - {place: above, text: \(quoted(lineText($0)))}\n" }.joined()
        }
        var header = headerFields(layout)
        // A header field the title names (`{project}绩效自评表`), labelled by its id until the form says more.
        if let titleRow, case let .success(segments) = TemplateText.parse(lineText(titleRow)) {
            for case let .binding(binding) in segments
            where binding.path.count == 1 && binding.source != "year"
                && !header.contains(where: { $0.id == binding.source })
            {
                header.insert((binding.source, binding.source), at: 0)
            }
        }
        if !header.isEmpty {
            yaml += "header:\n" + header.map { "  - {id: \($0.id), label: \(quoted($0.label))}\n" }.joined()
        }
        yaml += "sheet:\n"
        var tableNumber = 0
        for item in items[(titleRow.flatMap { t in items.firstIndex { $0.line == t } }.map { $0 + 1 } ?? 0)...] {
            if let row = item.line {
                yaml += "  - line: \(quoted(lineText(row)))\n"
            } else if let rows = item.table {
                tableNumber += 1
                yaml += table(rows, layout: layout, id: "table\(tableNumber)")
            }
        }
        return yaml
    }

    /// A table of the rows given: its columns the ruled ones, each row's cells left to right.
    static func table(_ rows: [Int], layout: WorkbookLayout, id: String) -> String {
        let ruledColumns = rows.flatMap { row in
            (0..<layout.width).filter { layout.ruled.contains(WorkbookLayout.key(row, $0)) }
        }
        let left = ruledColumns.min() ?? 0, right = ruledColumns.max() ?? 0
        let widths = (left...right).map { column -> String in
            let characters = (column < layout.widths.count ? layout.widths[column] : nil) ?? defaultWidth
            return ExactDecimal.format(Decimal(Int((characters * millimetresPerCharacter * 10).rounded())) / 10)
        }
        var yaml = "  - table:\n      id: \(id)\n      columns: [\(widths.joined(separator: ", "))]\n      rows:\n"
        func texts(_ row: Int) -> [String] {
            (left...right).filter { !layout.isCovered(row, $0) }.map { layout.text(row, $0) }
        }
        func isBand(_ row: Int) -> Bool { texts(row).contains { bindings($0).contains { bandOf($0) != nil } } }
        for row in rows {
            // The table's first row of bold labels over a band is its head, repeated on every page (a row with a
            // cell reaching down into the band, 绩效指标(90分), cannot be).
            let isHead =
                row == rows.first && rows.count > 1 && isBand(rows[1]) && texts(row).allSatisfy { bindings($0).isEmpty }
                && (left...right).allSatisfy { column in
                    layout.isCovered(row, column) || layout.bold.contains(WorkbookLayout.key(row, column))
                }
                && !layout.merges.contains { $0.top == row && $0.bottom > row }
            var cells: [String] = []
            var band: TemplateBand?
            for column in left...right where !layout.isCovered(row, column) {
                let text = layout.text(row, column)
                let merge = layout.merge(at: row, column)
                let span = merge.map { min($0.right, right) - column + 1 } ?? 1
                let down = merge.map { min($0.bottom, rows.last!) - row + 1 } ?? 1
                let found = bindings(text)
                band = band ?? found.lazy.compactMap(bandOf).first
                var keys = ["text: \(quoted(text))"]
                if span > 1 { keys.append("span: \(span)") }
                if down > 1 { keys.append("rows: \(down)") }
                let key = WorkbookLayout.key(row, column)
                let bold = layout.bold.contains(key)
                if found.isEmpty && text.count > 30 && !bold {
                    keys.append("kind: notes")
                } else if layout.leftAligned.contains(key) && !bold {
                    keys.append("kind: line")
                } else if found.isEmpty && !bold {
                    keys.append("kind: value")
                } else if !found.isEmpty && bold {
                    keys.append("kind: head")
                }
                if layout.rightAligned.contains(key) { keys.append("align: end") }
                // Sides drawn without a line in the workbook (a row of signatures open between its cells).
                let range = WorkbookLayout.Range(
                    top: row, left: column, bottom: row + down - 1, right: column + span - 1)
                let drawn = layout.drawnSides(range)
                if drawn != .all {
                    let names = CellRules.sides.filter { drawn.contains($0.side) }.map(\.name)
                    keys.append("rules: " + (names.isEmpty ? "none" : "[" + names.joined(separator: ", ") + "]"))
                }
                // Text a band row repeats unchanged (the funds' 原因 note) is one cell over the band, as printed.
                if isBand(row) && found.isEmpty && !text.isEmpty { keys.append("merge: band") }
                cells.append(keys.count == 1 ? quoted(text) : "{" + keys.joined(separator: ", ") + "}")
            }
            if let band {
                yaml += "        - band: \(band.rawValue)\n          cells: [\(cells.joined(separator: ", "))]\n"
            } else if isHead {
                yaml += "        - head: true\n          cells: [\(cells.joined(separator: ", "))]\n"
            } else {
                yaml += "        - [\(cells.joined(separator: ", "))]\n"
            }
        }
        return yaml
    }

    /// The bindings of a cell's text (none when it does not parse).
    static func bindings(_ text: String) -> [TemplateBinding] {
        guard case let .success(segments) = TemplateText.parse(text) else { return [] }
        return segments.compactMap { if case let .binding(binding) = $0 { return binding } else { return nil } }
    }

    /// The band a binding belongs to (`row.executed`: funds), nil outside bands.
    static func bandOf(_ binding: TemplateBinding) -> TemplateBand? {
        switch binding.path.first {
        case "row": return .funds
        case "node": return .indicators
        case "section": return .sections
        case "field": return .signoff
        case let first? where first.hasPrefix("level") && Int(first.dropFirst(5)) != nil: return .indicators
        default: return nil
        }
    }

    /// The header fields the workbook binds (`{header.project}`), each labelled by the text of the nearest
    /// cell on its left without bindings, in reading order.
    static func headerFields(_ layout: WorkbookLayout) -> [(id: String, label: String)] {
        var fields: [(id: String, label: String)] = []
        for row in layout.rows.indices {
            for column in 0..<layout.width {
                guard case let .success(segments) = TemplateText.parse(layout.text(row, column)) else { continue }
                for case let .binding(binding) in segments
                where binding.path.first == "header" && binding.path.count == 2 {
                    guard !fields.contains(where: { $0.id == binding.path[1] }) else { continue }
                    let label =
                        (0..<column).reversed().map { layout.text(row, $0) }
                        .first { !$0.isEmpty && !$0.contains("{") } ?? binding.path[1]
                    fields.append((binding.path[1], label.replacingOccurrences(of: "\n", with: "")))
                }
            }
        }
        return fields
    }

    /// A YAML double-quoted string (line breaks as `\n`).
    static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
