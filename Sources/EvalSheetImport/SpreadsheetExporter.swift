import EvalSheetModel
import Foundation
import EvalSheetPackaging

/// Writes a year's evaluations as one spreadsheet, one project per row, so that they can be edited in
/// Excel or WPS and imported back without loss. Row 1 holds each indicator's group (merged in XLSX);
/// row 2 the column names the importer recognises.
public enum SpreadsheetExporter {
    /// `declaredSlots`: at least this many columns of declared indicators per group (a blank template's room).
    public static func table(_ drafts: [EvaluationDraft], form: Form, declaredSlots: Int = 0) -> SpreadsheetTable {
        let columns = self.columns(form, drafts: drafts, declaredSlots: declaredSlots)
        let rows = [columns.map(\.group), columns.map(\.head)] + drafts.map { draft in columns.map { $0.value(draft) } }
        return SpreadsheetTable(name: form.id, rows: rows)
    }

    /// One column of the table: the group head above, its head, and what it holds of an evaluation.
    struct ExportColumn {
        var group = ""
        var head: String
        var value: (EvaluationDraft) -> String
    }

    /// The table's columns in order: the year and header, funds figures, goals, scores, chosen weights, values of
    /// the form's indicators, deductions, declared indicators, the recommendation and sign-off, images, narratives,
    /// English versions, figures typed on paper, and each row's file; the optional ones where any evaluation has
    /// them.
    static func columns(_ form: Form, drafts: [EvaluationDraft], declaredSlots: Int) -> [ExportColumn] {
        [ExportColumn(head: "年度") { String($0.year) }]
            + form.header.map { field in
                ExportColumn(head: field.label.zhOnOneLine) { draft in
                    draft.header.first { $0.id == field.id }?.value ?? ""
                }
            }
            + fundsColumns(form) + goalsColumns(form) + scoreColumns(form)
            + declaredColumns(form, drafts: drafts, declaredSlots: declaredSlots)
            + closingColumns(form, drafts: drafts) + englishColumns(form, drafts: drafts)
            + typedColumns(form, drafts: drafts)
            + (drafts.contains { $0.file != nil } ? [ExportColumn(head: fileHead) { $0.file ?? "" }] : [])
    }

    /// Funds figures, the row's label above, the column's below (年度资金总额 / 年初预算数), and a row's note (原因说明).
    static func fundsColumns(_ form: Form) -> [ExportColumn] {
        guard let funds = form.funds else { return [] }
        let roles: [FundsBlock.Column.Role] = [.initial, .budget, .executed, .note]
        return funds.rows.flatMap { row in
            // The figure columns in the form's order, the note after them.
            (funds.columns.filter { [.initial, .budget, .executed].contains($0.role) }
                + funds.columns.filter { $0.role == .note }.prefix(1)).filter { roles.contains($0.role) }.map {
                    column in
                    ExportColumn(group: row.label.zh, head: column.label.zh) { draft in
                        let figures = draft.funds.first { $0.id == row.id }
                        switch column.role {
                        case .note: return figures?.note ?? ""
                        case .initial: return figures?.initial.map { ExactDecimal.format($0) } ?? ""
                        case .budget: return figures?.budget.map { ExactDecimal.format($0) } ?? ""
                        default: return figures?.executed.map { ExactDecimal.format($0) } ?? ""
                        }
                    }
                }
        }
    }

    static func goalsColumns(_ form: Form) -> [ExportColumn] {
        guard let goals = form.goals else { return [] }
        return [
            ExportColumn(group: goals.title.zh, head: goals.expected.zh) { $0.goalsExpected.joined(separator: "\n") },
            ExportColumn(group: goals.title.zh, head: goals.actual.zh) { $0.goalsActual.joined(separator: "\n") }
        ]
            + goals.notes.map { note in
                ExportColumn(group: goals.title.zh, head: note.label.zh) { draft in
                    draft.goalsNotes.first { $0.id == note.id }?.paragraphs.joined(separator: "\n") ?? ""
                }
            }
    }

    /// The form's own scores, each under its parent group (in the order of `form.leaves`, a group whose indicators
    /// each evaluation declares having none of its own); the weights of the indicators each evaluation chooses and
    /// the values the sheet prints for the form's own indicators (扣分原因), under the indicator's name; deductions.
    static func scoreColumns(_ form: Form) -> [ExportColumn] {
        func format(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0) } ?? "" }
        var leaves: [ExportColumn] = []
        func collect(_ node: Indicator, parent: Indicator?) {
            if node.isLeaf {
                guard !node.declared else { return }
                leaves.append(
                    ExportColumn(group: parent?.name.zh ?? "", head: node.name.zh) { draft in
                        format(draft.scores.first { $0.id == node.id }?.value)
                    })
            } else {
                node.children.forEach { collect($0, parent: node) }
            }
        }
        form.indicators.forEach { collect($0, parent: nil) }
        let weights = form.leaves.filter(\.chosen).map { leaf in
            ExportColumn(group: leaf.name.zh, head: weightHead) { draft in
                format(draft.weights.first { $0.id == leaf.id }?.value)
            }
        }
        let values = form.valuedIndicators.flatMap { node, keys in
            keys.map { key in
                ExportColumn(group: node.name.zh, head: valueHead(key, form: form)) { draft in
                    draft.values.first { $0.id == node.id }?.fields.first { $0.key == key }?.value ?? ""
                }
            }
        }
        let deductions = form.deductions.items.map { item in
            ExportColumn(group: form.deductions.title.zh, head: item.name.zh) { draft in
                format(draft.deductions.first { $0.id == item.id }?.value)
            }
        }
        return leaves + weights + values + deductions
    }

    /// Declared indicators: as many as the evaluation with the most has (at least `declaredSlots`), each field under
    /// the group's name and number, the form's field columns (指标性质, 度量单位) after the usual ones.
    static func declaredColumns(_ form: Form, drafts: [EvaluationDraft], declaredSlots: Int) -> [ExportColumn] {
        form.declaredGroups.flatMap { group -> [ExportColumn] in
            let count = max(
                declaredSlots,
                drafts.map { draft in draft.declared.first { $0.group == group.id }?.items.count ?? 0 }.max() ?? 0)
            guard count > 0 else { return [] }
            return (1...count).flatMap { index in
                (declaredFields(form) + form.fieldKeys.map { "fields.\($0)" }).map { field in
                    ExportColumn(group: declaredGroupHead(group, index), head: declaredHead(field, form: form)) {
                        draft in
                        let items = draft.declared.first { $0.group == group.id }?.items ?? []
                        guard index <= items.count else { return "" }
                        return declaredValue(items[index - 1], field)
                    }
                }
            }
        }
    }

    /// A declared indicator's field as the workbook holds it.
    static func declaredValue(_ item: EvaluationDraft.DeclaredItem, _ field: String) -> String {
        switch field {
        case "name": return item.name
        case "target": return item.target
        case "actual": return item.actual
        case "points": return ExactDecimal.format(item.points)
        case "score": return item.score.map { ExactDecimal.format($0) } ?? ""
        case "deviation": return item.deviation
        case "name_en": return item.nameEnglish ?? ""
        default: return field.hasPrefix("fields.") ? item.fields[String(field.dropFirst(7))] ?? "" : ""
        }
    }

    /// The recommendation (a form without one, as the self-evaluation sheets, has no column), the sign-off, the
    /// images beside the workbook (a seal field's always, others' where any evaluation has one) and the narratives.
    static func closingColumns(_ form: Form, drafts: [EvaluationDraft]) -> [ExportColumn] {
        let recommendation =
            form.recommendation.options.isEmpty
            ? []
            : [
                ExportColumn(head: form.recommendation.title.zh) { draft in
                    draft.recommendation.flatMap { id in form.recommendation.options.first { $0.id == id }?.label.zh }
                        ?? ""
                }
            ]
        let signoff = form.signoff.map { field in
            ExportColumn(head: field.label.zh) { draft in
                signoffText(draft.signoff.first { $0.id == field.id }?.value, names: "、")
            }
        }
        let images = form.signoff.filter { field in
            field.kind == .seal || drafts.contains { $0.signoffImages.contains { $0.id == field.id } }
        }.map { field in
            ExportColumn(head: imageColumn(field)) { draft in
                draft.signoffImages.first { $0.id == field.id }?.path ?? ""
            }
        }
        let narrative = form.sections.map { section in
            ExportColumn(head: section.title.zh) { draft in
                draft.narrative.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? ""
            }
        }
        return recommendation + signoff + images + narrative
    }

    /// A sign-off value as a cell holds it: names joined by `names`, a date as 2021-09-27.
    static func signoffText(_ value: SignOffValue?, names: String) -> String {
        switch value {
        case let .text(text)?: return text
        case let .names(list)?: return list.joined(separator: names)
        case let .date(date)?: return date.iso
        case nil: return ""
        }
    }

    /// English versions of the narratives, header texts and sign-off names, where any evaluation has them.
    static func englishColumns(_ form: Form, drafts: [EvaluationDraft]) -> [ExportColumn] {
        let sections = form.sections.filter { section in
            drafts.contains { $0.narrativeEnglish.contains { $0.id == section.id } }
        }.map { section in
            ExportColumn(head: englishHead(section.title)) { draft in
                draft.narrativeEnglish.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? ""
            }
        }
        let header = form.header.filter { field in drafts.contains { $0.headerEnglish.contains { $0.id == field.id } } }
            .map { field in
                ExportColumn(head: englishHead(field.label)) { draft in
                    draft.headerEnglish.first { $0.id == field.id }?.value ?? ""
                }
            }
        let signoff = form.signoff.filter { field in
            drafts.contains { $0.signoffEnglish.contains { $0.id == field.id } }
        }.map { field in
            ExportColumn(head: englishHead(field.label)) { draft in
                signoffText(draft.signoffEnglish.first { $0.id == field.id }?.value, names: ", ")
            }
        }
        return sections + header + signoff
    }

    /// Figures typed on a paper sheet (checked by validate), where any evaluation has them.
    static func typedColumns(_ form: Form, drafts: [EvaluationDraft]) -> [ExportColumn] {
        typedPaths(form).filter { path in drafts.contains { typed($0, path) != nil } }.map { path in
            ExportColumn(group: typedGroupHead, head: typedHead(path, form: form)) { typed($0, path) ?? "" }
        }
    }

    /// The head of the column that names each row's evaluation file.
    public static let fileHead = "文件"

    /// The column head of a sign-off field's image (单位盖章（图片）).
    static func imageColumn(_ field: SignOffField) -> String { field.label.zhOnOneLine + "（图片）" }

    /// The column head of a text's English (项目名称（英文）, 总体评价（英文）).
    static func englishHead(_ label: LocalizedText) -> String { label.zhOnOneLine + "（英文）" }

    /// The column head of a chosen indicator's weight, under its name.
    static let weightHead = "权重"

    /// The column head of a value the sheet prints for a form's indicator, under its name: the form's column of
    /// that key (扣分原因), else the key.
    static func valueHead(_ key: String, form: Form) -> String {
        form.columns.first { $0.key == key }.map { $0.label.zhOnOneLine } ?? key
    }

    /// The group head over a declared indicator's columns: its group's name and its number (GROUP 1).
    static func declaredGroupHead(_ group: Indicator, _ index: Int) -> String { "\(group.name.zhOnOneLine) \(index)" }

    /// The column head of a declared indicator's field, in the sheet's words: the form's column for it where it
    /// has one (三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施, 指标性质), else the field's usual name.
    static func declaredHead(_ field: String, form: Form) -> String {
        let roles: [String: ScoreColumn.Role] = [
            "target": .target, "actual": .actual, "points": .weight, "score": .score, "deviation": .deviation
        ]
        if field.hasPrefix("fields.") {
            let key = String(field.dropFirst(7))
            return form.columns.first { $0.key == key }.map { $0.label.zhOnOneLine } ?? key
        }
        if field == "name",
            let level = form.columns.last(where: { [.level1, .level2, .level3, .level4].contains($0.role) })
        {
            return level.label.zhOnOneLine
        }
        if let role = roles[field], let column = form.columns.first(where: { $0.role == role }) {
            return column.label.zhOnOneLine
        }
        return declaredNames[field] ?? field
    }

    /// A declared indicator's fields by their usual names, where the form has no column to name them.
    static let declaredNames = [
        "name": "指标名称", "target": "年度指标值", "actual": "实际完成值", "points": "分值", "score": "得分",
        "deviation": "偏差原因分析及改进措施", "name_en": "指标名称（英文）"
    ]

    /// The fields of a declared indicator, in column order (`indicators.quantity.1.name` …).
    public static let declaredFields = ["name", "target", "actual", "points", "score", "deviation", "name_en"]
    /// The declared indicators' fields a form's workbook has: without points and score where it scores nothing.
    public static func declaredFields(_ form: Form) -> [String] {
        form.scored ? declaredFields : declaredFields.filter { $0 != "points" && $0 != "score" }
    }

    /// The typed figures a form can have, as column heads.
    /// The group head over the figures typed on a paper sheet.
    static let typedGroupHead = "核对：纸质表所填"

    /// A typed figure's column head in the sheet's words (预算执行率, a group's name and 得分, 小计, 合计, 等级).
    public static func typedHead(_ path: String, form: Form) -> String {
        switch path {
        case "typed.funds.rate": return "预算执行率"
        case "typed.funds.score": return "预算执行得分"
        case "typed.subtotal": return form.labels.subtotal.zhOnOneLine
        case "typed.deductions": return form.labels.deductionSubtotal.zhOnOneLine
        case "typed.total": return form.labels.total.zhOnOneLine
        case "typed.grade": return "等级"
        default:
            let id = path.replacingOccurrences(of: "typed.groups.", with: "")
            return form.indicators.first { $0.id == id }.map { $0.name.zhOnOneLine + " 得分" } ?? path
        }
    }

    public static func typedPaths(_ form: Form) -> [String] {
        (form.funds != nil ? ["typed.funds.rate", "typed.funds.score"] : []) + form.indicators.map { typedGroup($0.id) }
            + ["typed.subtotal", "typed.deductions", "typed.total", "typed.grade"]
    }

    /// The typed figures held in a field of their own, by column head; the export writes them and the import
    /// reads them through this one table (group totals and the grade are handled beside it).
    /// (Computed: key paths are not Sendable, so a stored static table would not be either.)
    static var typedFigures: [String: WritableKeyPath<EvaluationDraft, Decimal?>] {
        [
            "typed.funds.rate": \.typedFundsRate, "typed.funds.score": \.typedFundsScore,
            "typed.subtotal": \.typedSubtotal,
            "typed.deductions": \.typedDeductions, "typed.total": \.typedTotal
        ]
    }

    /// The column head of a group's typed total.
    static func typedGroup(_ id: String) -> String { "typed.groups.\(id)" }

    /// A typed figure of a draft by its column head.
    static func typed(_ draft: EvaluationDraft, _ path: String) -> String? {
        if path == "typed.grade" { return draft.typedGrade }
        let number =
            typedFigures[path].map { draft[keyPath: $0] }
            ?? draft.typedGroups.first { typedGroup($0.id) == path }?.value
        return number.map { ExactDecimal.format($0) }
    }

    /// The columns written as number cells: the year, money fields, funds figures, scores, deductions, points,
    /// weights and typed figures (not the grade); codes and texts stay text. Told by what the importer reads
    /// each head as, so that the heads may be the sheet's own words.
    public static func numericColumns(_ table: SpreadsheetTable, form: Form) -> Set<Int> {
        Set(columnTargets(table, form: form).filter { isNumeric($0.value, form: form) }.map(\.key))
    }

    /// The columns of percentages (the execution rate typed on the paper sheet, 99.81): shown as 99.81%.
    static func percentColumns(_ table: SpreadsheetTable, form: Form) -> Set<Int> {
        Set(columnTargets(table, form: form).filter { $0.value == .typed("typed.funds.rate") }.map(\.key))
    }

    /// The amount columns (money fields, funds figures): shown with their decimals (`0.00`).
    static func amountColumns(_ table: SpreadsheetTable, form: Form) -> Set<Int> {
        Set(
            columnTargets(table, form: form).filter { _, target in
                switch target {
                case let .header(id): return form.header.first { $0.id == id }?.kind == .money
                case let .funds(_, role): return role != .note
                default: return false
                }
            }.map(\.key))
    }

    /// What the importer reads each column of an exported table as, by column.
    static func columnTargets(_ table: SpreadsheetTable, form: Form) -> [Int: SpreadsheetImporter.Target] {
        guard table.rows.count > 1 else { return [:] }
        let importer = SpreadsheetImporter(form: form, file: URL(fileURLWithPath: "export.xlsx"))
        var targets: [Int: SpreadsheetImporter.Target] = [:]
        for index in table.rows[1].indices {
            targets[index] = importer.target(table.rows[1][index], above: [table.rows[0][index]])
        }
        return targets
    }

    static func isNumeric(_ target: SpreadsheetImporter.Target, form: Form) -> Bool {
        switch target {
        case .year, .score, .deduction, .weight: return true
        case let .header(id): return form.header.first { $0.id == id }?.kind == .money
        case let .funds(_, role): return role != .note
        case let .declared(_, _, field): return field == "points" || field == "score"
        case let .typed(path): return path != "typed.grade"
        default: return false
        }
    }

    /// UTF-8 with a byte-order mark (for Excel and WPS), RFC 4180 quoting.
    public static func csv(_ table: SpreadsheetTable) -> Data {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let text = table.rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data("\u{FEFF}".utf8) + Data(text.utf8)
    }

    static func xml(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// A blank workbook for a form, to hand to staff: the data sheet with its two head rows, drop-downs for
    /// options and number ranges for scores, deductions, points and the year (for `rows` rows), and a second sheet
    /// 填写说明 that says, column by column, what goes in it. `import` reads it back (the form is the sheet's name).
    public static func template(form: Form) -> [Worksheet] {
        workbook([], form: form, declaredSlots: 3)
    }

    /// The sheets a clerk fills: a form's evaluations (none for a blank template), one project per row, with
    /// drop-downs and number ranges where the form states a rule, amounts shown with their decimals, the head
    /// rows locked and the value cells free, and a second sheet (`notesName`) that explains each column.
    public static func workbook(
        _ drafts: [EvaluationDraft], form: Form, declaredSlots: Int = 0, notesName: String = "填写说明"
    ) -> [Worksheet] {
        let table = self.table(drafts, form: form, declaredSlots: declaredSlots)
        let importer = SpreadsheetImporter(form: form, file: URL(fileURLWithPath: "template.xlsx"))
        var validations: [DataValidation] = []
        var notes: [[String]] = [["列", "字段", "填写说明"]]
        for column in table.rows[1].indices {
            let head = table.rows[1][column], above = [table.rows[0][column]]
            let name = [above[0], head].filter { !$0.isEmpty }.joined(separator: " / ")
            let target = importer.target(head, above: above)
            let (note, validation) = columnRule(target, column: column, form: form)
            if let validation { validations.append(validation) }
            notes.append([SpreadsheetTable.columnName(column), name, note])
        }
        notes.insert(
            [
                "\(form.title.zhOnOneLine.replacingOccurrences(of: "{year}", with: "")) — 每行一个项目，从第 3 行起填写；"
                    + "填好后：evalsheet import 文件.xlsx -o 文件夹", "", ""
            ], at: 0)
        var data = Worksheet(
            table: table, numericColumns: numericColumns(table, form: form), validations: validations)
        data.amountColumns = amountColumns(table, form: form)
        data.percentColumns = percentColumns(table, form: form)
        data.locksHeads = true
        return [data, Worksheet(table: SpreadsheetTable(name: notesName, rows: notes))]
    }

}
