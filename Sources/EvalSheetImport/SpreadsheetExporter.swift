import EvalSheetModel
import Foundation
import EvalSheetPackaging

/// Writes a year's evaluations as one spreadsheet, one project per row, so that they can be edited in
/// Excel or WPS and imported back without loss. Row 1 holds each indicator's group (merged in XLSX);
/// row 2 the column names the importer recognises.
public enum SpreadsheetExporter {
    /// `declaredSlots`: at least this many columns of declared indicators per group (a blank template's room).
    public static func table(_ drafts: [EvaluationDraft], form: Form, declaredSlots: Int = 0) -> SpreadsheetTable {
        var groups: [String] = [], heads: [String] = []
        func column(_ group: String, _ head: String) { groups.append(group); heads.append(head) }
        column("", "年度")
        for field in form.header { column("", field.label.zh.replacingOccurrences(of: "\n", with: "")) }
        // Funds figures: the row's label above, the column's below (年度资金总额 / 年初预算数).
        let fundsRoles: [FundsBlock.Column.Role] = [.initial, .budget, .executed]
        let fundsColumns = (form.funds?.columns ?? []).filter { fundsRoles.contains($0.role) }
        // A funds note column (原因说明): one text column per row, after the row's figures.
        let fundsNote = form.funds?.columns.first { $0.role == .note }
        for row in form.funds?.rows ?? [] {
            for fundsColumn in fundsColumns { column(row.label.zh, fundsColumn.label.zh) }
            if let fundsNote { column(row.label.zh, fundsNote.label.zh) }
        }
        if let goals = form.goals {
            column(goals.title.zh, goals.expected.zh)
            column(goals.title.zh, goals.actual.zh)
            for note in goals.notes { column(goals.title.zh, note.label.zh) }
        }
        // Leaves in form order, each under its parent group.
        var leafColumns: [(String, String)] = []
        func collect(_ node: Indicator, parent: Indicator?) {
            // A group whose indicators each evaluation declares has no score column of its own (they have theirs below);
            // the columns are those of form.leaves, in the same order, so that heads and values line up.
            if node.isLeaf {
                if !node.declared { leafColumns.append((parent?.name.zh ?? "", node.name.zh)) }
            } else {
                node.children.forEach { collect($0, parent: node) }
            }
        }
        form.indicators.forEach { collect($0, parent: nil) }
        leafColumns.forEach { column($0.0, $0.1) }
        // The weights of the indicators each evaluation chooses, by id, the indicator's name above.
        let chosen = form.leaves.filter(\.chosen)
        for leaf in chosen { column(leaf.name.zh, weightHead) }
        // Values the sheet prints for the form's own indicators (扣分原因), by id and key, the indicator's name above.
        let valued = form.valuedIndicators
        for (node, keys) in valued { for key in keys { column(node.name.zh, valueHead(key, form: form)) } }
        for item in form.deductions.items { column(form.deductions.title.zh, item.name.zh) }
        // Declared indicators: as many as the evaluation with the most has, by field path, the group name and number above.
        let declaredCounts = form.declaredGroups.map { group in
            (
                group,
                max(
                    declaredSlots,
                    drafts.map { draft in draft.declared.first { $0.group == group.id }?.items.count ?? 0 }.max() ?? 0)
            )
        }
        // The form's field columns (指标性质, 度量单位), whose values a declared indicator gives: `fields.KEY`.
        let fieldKeys = form.fieldKeys
        for (group, count) in declaredCounts where count > 0 {
            for index in 1...count {
                for field in SpreadsheetExporter.declaredFields(form) + fieldKeys.map({ "fields.\($0)" }) {
                    column(declaredGroupHead(group, index), declaredHead(field, form: form))
                }
            }
        }
        // A form without a recommendation (the self-evaluation sheets) has no column for it.
        let recommends = !form.recommendation.options.isEmpty
        if recommends { column("", form.recommendation.title.zh) }
        for field in form.signoff { column("", field.label.zh) }
        // Seal and signature images, as paths beside the spreadsheet: a seal field's always, others' where any has one.
        let imageFields = form.signoff.filter { field in
            field.kind == .seal || drafts.contains { $0.signoffImages.contains { $0.id == field.id } }
        }
        for field in imageFields { column("", imageColumn(field)) }
        for section in form.sections { column("", section.title.zh) }
        // English versions, where any evaluation has them.
        let english = form.sections.filter { section in
            drafts.contains { $0.narrativeEnglish.contains { $0.id == section.id } }
        }
        for section in english { column("", englishHead(section.title.zh)) }
        let englishHeader = form.header.filter { field in
            drafts.contains { $0.headerEnglish.contains { $0.id == field.id } }
        }
        for field in englishHeader { column("", englishHead(field.label.zh)) }
        let englishSignoff = form.signoff.filter { field in
            drafts.contains { $0.signoffEnglish.contains { $0.id == field.id } }
        }
        for field in englishSignoff { column("", englishHead(field.label.zh)) }
        // Figures typed on a paper sheet (checked by validate), where any evaluation has them.
        let typedPaths = SpreadsheetExporter.typedPaths(form).filter { path in
            drafts.contains { typed($0, path) != nil }
        }
        for path in typedPaths { column(typedGroupHead, typedHead(path, form: form)) }
        // Each row's file, so that `import` into the same folder updates that file, whatever the row's place.
        let files = drafts.contains { $0.file != nil }
        if files { column("", fileHead) }

        var rows = [groups, heads]
        for draft in drafts {
            var row = [String(draft.year)]
            row += form.header.map { field in draft.header.first { $0.id == field.id }?.value ?? "" }
            for fundsRow in form.funds?.rows ?? [] {
                let figures = draft.funds.first { $0.id == fundsRow.id }
                for fundsColumn in fundsColumns {
                    let value: Decimal? =
                        switch fundsColumn.role {
                        case .initial: figures?.initial
                        case .budget: figures?.budget
                        default: figures?.executed
                        }
                    row.append(value.map { ExactDecimal.format($0) } ?? "")
                }
                if fundsNote != nil { row.append(figures?.note ?? "") }
            }
            if let goals = form.goals {
                row.append(draft.goalsExpected.joined(separator: "\n"))
                row.append(draft.goalsActual.joined(separator: "\n"))
                for note in goals.notes {
                    row.append(draft.goalsNotes.first { $0.id == note.id }?.paragraphs.joined(separator: "\n") ?? "")
                }
            }
            row += form.leaves.map { leaf in
                draft.scores.first { $0.id == leaf.id }.map { ExactDecimal.format($0.value) } ?? ""
            }
            row += chosen.map { leaf in
                draft.weights.first { $0.id == leaf.id }.map { ExactDecimal.format($0.value) } ?? ""
            }
            row += valued.flatMap { node, keys in
                keys.map { key in draft.values.first { $0.id == node.id }?.fields.first { $0.key == key }?.value ?? "" }
            }
            row += form.deductions.items.map { item in
                draft.deductions.first { $0.id == item.id }.map { ExactDecimal.format($0.value) } ?? ""
            }
            for (group, count) in declaredCounts where count > 0 {
                let items = draft.declared.first { $0.group == group.id }?.items ?? []
                for index in 0..<count {
                    let item = index < items.count ? items[index] : nil
                    let values = [
                        "name": item?.name ?? "", "target": item?.target ?? "", "actual": item?.actual ?? "",
                        "points": item.map { ExactDecimal.format($0.points) } ?? "",
                        "score": item?.score.map { ExactDecimal.format($0) } ?? "",
                        "deviation": item?.deviation ?? "", "name_en": item?.nameEnglish ?? ""
                    ]
                    row += SpreadsheetExporter.declaredFields(form).map { values[$0] ?? "" }
                    row += fieldKeys.map { item?.fields[$0] ?? "" }
                }
            }
            if recommends {
                row.append(
                    draft.recommendation.flatMap { id in form.recommendation.options.first { $0.id == id }?.label.zh }
                        ?? "")
            }
            row += form.signoff.map { field -> String in
                switch draft.signoff.first(where: { $0.id == field.id })?.value {
                case let .text(text)?: return text
                case let .names(names)?: return names.joined(separator: "、")
                case let .date(date)?: return date.iso
                case nil: return ""
                }
            }
            row += imageFields.map { field in draft.signoffImages.first { $0.id == field.id }?.path ?? "" }
            row += form.sections.map { section in
                draft.narrative.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? ""
            }
            row += english.map { section in
                draft.narrativeEnglish.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? ""
            }
            row += englishHeader.map { field in draft.headerEnglish.first { $0.id == field.id }?.value ?? "" }
            row += englishSignoff.map { field -> String in
                switch draft.signoffEnglish.first(where: { $0.id == field.id })?.value {
                case let .text(text)?: return text
                case let .names(names)?: return names.joined(separator: ", ")
                case let .date(date)?: return date.iso
                case nil: return ""
                }
            }
            row += typedPaths.map { path in typed(draft, path) ?? "" }
            if files { row.append(draft.file ?? "") }
            rows.append(row)
        }
        return SpreadsheetTable(name: form.id, rows: rows)
    }

    /// The head of the column that names each row's evaluation file.
    public static let fileHead = "文件"

    /// The column head of a sign-off field's image (单位盖章（图片）).
    static func imageColumn(_ field: SignOffField) -> String { oneLine(field.label.zh) + "（图片）" }

    /// The column head of a text's English (项目名称（英文）, 总体评价（英文）).
    static func englishHead(_ label: String) -> String { oneLine(label) + "（英文）" }

    /// The column head of a chosen indicator's weight, under its name.
    static let weightHead = "权重"

    /// The column head of a value the sheet prints for a form's indicator, under its name: the form's column of
    /// that key (扣分原因), else the key.
    static func valueHead(_ key: String, form: Form) -> String {
        form.columns.first { $0.key == key }.map { oneLine($0.label.zh) } ?? key
    }

    /// The group head over a declared indicator's columns: its group's name and its number (GROUP 1).
    static func declaredGroupHead(_ group: Indicator, _ index: Int) -> String { "\(oneLine(group.name.zh)) \(index)" }

    /// The column head of a declared indicator's field, in the sheet's words: the form's column for it where it
    /// has one (三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施, 指标性质), else the field's usual name.
    static func declaredHead(_ field: String, form: Form) -> String {
        let roles: [String: ScoreColumn.Role] = [
            "target": .target, "actual": .actual, "points": .weight, "score": .score, "deviation": .deviation
        ]
        if field.hasPrefix("fields.") {
            let key = String(field.dropFirst(7))
            return form.columns.first { $0.key == key }.map { oneLine($0.label.zh) } ?? key
        }
        if field == "name",
            let level = form.columns.last(where: { [.level1, .level2, .level3, .level4].contains($0.role) })
        {
            return oneLine(level.label.zh)
        }
        if let role = roles[field], let column = form.columns.first(where: { $0.role == role }) {
            return oneLine(column.label.zh)
        }
        return declaredNames[field] ?? field
    }

    /// A declared indicator's fields by their usual names, where the form has no column to name them.
    static let declaredNames = [
        "name": "指标名称", "target": "年度指标值", "actual": "实际完成值", "points": "分值", "score": "得分",
        "deviation": "偏差原因分析及改进措施", "name_en": "指标名称（英文）"
    ]

    static func oneLine(_ label: String) -> String { label.replacingOccurrences(of: "\n", with: "") }

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
    static func typedHead(_ path: String, form: Form) -> String {
        switch path {
        case "typed.funds.rate": return "预算执行率"
        case "typed.funds.score": return "预算执行得分"
        case "typed.subtotal": return oneLine(form.labels.subtotal.zh)
        case "typed.deductions": return oneLine(form.labels.deductionSubtotal.zh)
        case "typed.total": return oneLine(form.labels.total.zh)
        case "typed.grade": return "等级"
        default:
            let id = path.replacingOccurrences(of: "typed.groups.", with: "")
            return form.indicators.first { $0.id == id }.map { oneLine($0.name.zh) + " 得分" } ?? path
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

    /// The cell formats a workbook uses, by their index in `xl/styles.xml`.
    enum CellStyle: Int {
        /// Excel's default: locked (which matters only on a protected sheet), general.
        case plain = 0
        /// A value cell on a protected sheet: free to type in.
        case free = 1
        /// An amount: free, shown with two decimals.
        case freeAmount = 2
        /// A head on a protected sheet: bold, locked.
        case head = 3
        /// A percentage written as its number (99.81): free, shown as 99.81%.
        case freePercent = 4

        static let stylesheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/><numFmt numFmtId="165" formatCode="0.00&quot;%&quot;"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """
    }

    /// A rule Excel and WPS enforce as a value is typed: a number range, or a drop-down of options.
    public struct DataValidation: Sendable {
        public enum Rule: Sendable {
            case decimal(Decimal, Decimal), whole(Int, Int), list([String])
            /// A formula on the range's first cell (`OR(ISNUMBER(X3),…)`), shifted by Excel to each cell.
            case custom(String)
        }
        public var column: Int
        public var rule: Rule
        public var message: String
    }

    /// One sheet of a workbook.
    public struct Worksheet: Sendable {
        public var table: SpreadsheetTable
        public var numericColumns: Set<Int> = []
        public var validations: [DataValidation] = []
        /// The first row of values (0-based; two head rows above it). The rows above it stay in view while
        /// the sheet scrolls (frozen), and each column is as wide as its longest line (`columnWidths`).
        public var firstDataRow = 2
        /// Columns of amounts, shown with two decimals (the value stays as typed).
        public var amountColumns: Set<Int> = []
        /// Columns of percentages written as their number (99.81), shown with a % sign.
        public var percentColumns: Set<Int> = []
        /// The head rows locked, the value cells free to type in (the sheet protected without a password: 审阅 →
        /// 撤销工作表保护 lifts it).
        public var locksHeads = false
        public init(table: SpreadsheetTable, numericColumns: Set<Int> = [], validations: [DataValidation] = []) {
            self.table = table; self.numericColumns = numericColumns; self.validations = validations
        }
    }

    /// A minimal, valid workbook: inline strings for text, numbers for scores, merged group heads.
    public static func xlsx(_ table: SpreadsheetTable, numericColumns: Set<Int>, to url: URL) throws {
        try xlsx([Worksheet(table: table, numericColumns: numericColumns)], to: url)
    }

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
            var note = ""
            switch target {
            case .year?:
                validations.append(DataValidation(column: column, rule: .whole(1990, 2100), message: "年度：1990–2100"))
                note = "评价年度，如 2021"
            case let .header(id)?:
                let field = form.header.first { $0.id == id }
                note = field?.kind == .money ? "金额（\(field?.decimals ?? 2) 位小数）" : "文本，如纸质表所填"
            case let .score(id)?:
                let weight = form.leaves.first { $0.id == id }?.weight ?? 0
                validations.append(
                    DataValidation(
                        column: column, rule: .decimal(0, weight), message: "0 至 \(ExactDecimal.format(weight)) 分"))
                note = "得分，0 至 \(ExactDecimal.format(weight)) 分；草稿可留空"
            case let .deduction(id)?:
                let cap = form.deductions.items.first { $0.id == id }?.cap ?? 0
                validations.append(
                    DataValidation(column: column, rule: .decimal(cap, 0), message: "\(ExactDecimal.format(cap)) 至 0 分")
                )
                note = "扣分，\(ExactDecimal.format(cap)) 至 0（不扣分填 0）"
            case .recommendation?:
                let options = form.recommendation.options.map(\.label.zh)
                validations.append(
                    DataValidation(column: column, rule: .list(options), message: options.joined(separator: "、")))
                note = "从下拉列表选择：" + options.joined(separator: "、")
            case let .signoff(id)?:
                switch form.signoff.first(where: { $0.id == id })?.kind {
                case .date?:
                    // A date typed as a date (Excel keeps its serial number) or as text Excel reads as one
                    // (2021-09-27, 2021/9/27; 2021年9月27日 where the system is Chinese).
                    let cell = SpreadsheetTable.reference(row: 2, column: column)
                    validations.append(
                        DataValidation(
                            column: column, rule: .custom("OR(ISNUMBER(\(cell)),ISNUMBER(DATEVALUE(\(cell))))"),
                            message: "日期，如 2021-09-27"))
                    note = "日期，如 2021-09-27"
                case .names?: note = "姓名，以顿号分隔，如 李溪、邹恩"
                default: note = "文本"
                }
            case .signoffImage?:
                note = "印章或签名图片：同文件夹中的 PNG 文件名，如 seal.png；可空"
            case .headerEnglish?:
                note = "英文名称（英文表使用），如 Zhongshan Civil Affairs Bureau；可空"
            case .signoffEnglish?:
                note = "英文姓名或名称（英文表使用），姓名以逗号分隔，如 Li Xi, Zou En；可空"
            case .file?:
                note = "评价文件名（导出时写入），导入时更新该文件；新项目留空"
            case .narrative?, .narrativeEnglish?, .goals?:
                note = "每段一行（单元格内换行：Alt+Enter）；**加粗**；也可填同文件夹中 .txt 文件名"
            case .funds(_, .note)?:
                note = "文本：原因、说明"
            case .funds?:
                validations.append(
                    DataValidation(column: column, rule: .decimal(0, 1_000_000_000), message: "万元，不小于 0"))
                note = "万元"
            case .value?:
                note = "文本：表上该指标的说明（扣分原因等）；可空"
            case let .weight(id)?:
                let limit = form.leaves.first { $0.id == id }?.weight ?? 0
                if limit > 0 {
                    validations.append(
                        DataValidation(
                            column: column, rule: .decimal(0, limit), message: "0 至 \(ExactDecimal.format(limit)) 分"))
                }
                note = "自选指标的权重" + (limit > 0 ? "，0 至 \(ExactDecimal.format(limit)) 分" : "") + "；不选则留空"
            case let .declared(_, _, field)?:
                if field == "points" || field == "score" {
                    validations.append(
                        DataValidation(
                            column: column, rule: .decimal(0, form.total),
                            message: "0 至 \(ExactDecimal.format(form.total)) 分"))
                }
                note =
                    [
                        "name": "指标名称", "target": "年度指标值，带比较符与单位，如 ≥500人次", "actual": "实际完成值", "points": "分值",
                        "score": "得分", "deviation": "偏差原因分析及改进措施", "name_en": "指标名称（英文，可空）"
                    ][field]
                    ?? form.columns.first { "fields.\($0.key ?? "")" == field }.map { "文本：" + $0.label.zh } ?? ""
            case .typed?:
                note = "纸质表上所填的数（可空）；validate 会与计算值核对"
            case .form?, nil:
                note = ""
            }
            notes.append([SpreadsheetTable.columnName(column), name, note])
        }
        notes.insert(
            [
                "\(form.title.zh.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "{year}", with: "")) — 每行一个项目，从第 3 行起填写；"
                    + "填好后：evalsheet import 文件.xlsx -o 文件夹", "", ""
            ], at: 0)
        var data = Worksheet(
            table: table, numericColumns: numericColumns(table, form: form), validations: validations)
        data.amountColumns = amountColumns(table, form: form)
        data.percentColumns = percentColumns(table, form: form)
        data.locksHeads = true
        return [data, Worksheet(table: SpreadsheetTable(name: notesName, rows: notes))]
    }

    public static func xlsx(_ sheets: [Worksheet], to url: URL, validationRows: Int = 500) throws {
        var parts: [(String, String)] = []
        for (index, worksheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", sheetXML(worksheet, validationRows: validationRows)))
        }
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        let sheetList = sheets.enumerated().map {
            "<sheet name=\"\(xml($1.table.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }.joined()
        let relationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        parts =
            [
                (
                    "[Content_Types].xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(overrides)</Types>
                    """
                ),
                (
                    "_rels/.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """
                ),
                (
                    "xl/workbook.xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetList)</sheets></workbook>
                    """
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                    """
                ),
                ("xl/styles.xml", CellStyle.stylesheet)
            ] + parts
        try ZipPackage.write(parts.map { PackagePart($0.0, xml: $0.1) }, to: url)
    }

    /// Each column's width in Excel's units (characters of the default font): its longest line, a Chinese
    /// character counting two, a merged group head in the first of two head rows not counted; at least 6, at most
    /// 60 (a narrative column wraps instead).
    static func columnWidths(_ worksheet: Worksheet) -> [Double] {
        let table = worksheet.table
        let count = table.rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 6.0, count: count)
        for (r, row) in table.rows.enumerated() where !(worksheet.firstDataRow == 2 && r == 0) {
            for (c, value) in row.enumerated() {
                let longest =
                    value.split(separator: "\n").map { line in
                        line.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
                    }.max() ?? 0
                widths[c] = min(60, max(widths[c], longest + 2))
            }
        }
        return widths
    }

    static func sheetXML(_ worksheet: Worksheet, validationRows: Int) -> String {
        let table = worksheet.table
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        sheet += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        // The head rows frozen above the values, as a clerk expects of a list.
        let frozen = worksheet.firstDataRow
        if frozen > 0, table.rows.count >= frozen {
            sheet +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(frozen)\" topLeftCell=\"A\(frozen + 1)\" "
                + "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        let widths = columnWidths(worksheet)
        // A column's cells below the heads take its style (free to type in, amounts with decimals), the empty
        // ones too.
        func valueStyle(_ column: Int) -> CellStyle {
            worksheet.amountColumns.contains(column)
                ? .freeAmount
                : worksheet.percentColumns.contains(column) ? .freePercent : worksheet.locksHeads ? .free : .plain
        }
        if !widths.isEmpty {
            sheet +=
                "<cols>"
                + widths.enumerated().map {
                    "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\""
                        + (valueStyle($0) == .plain ? "" : " style=\"\(valueStyle($0).rawValue)\"") + "/>"
                }.joined() + "</cols>"
        }
        sheet += "<sheetData>"
        for (r, row) in table.rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let reference = SpreadsheetTable.reference(row: r, column: c)
                let style =
                    r < worksheet.firstDataRow ? (worksheet.locksHeads ? CellStyle.head : .plain) : valueStyle(c)
                let s = style == .plain ? "" : " s=\"\(style.rawValue)\""
                if r >= worksheet.firstDataRow, worksheet.numericColumns.contains(c), ExactDecimal.parse(value) != nil {
                    sheet += "<c r=\"\(reference)\"\(s)><v>\(value)</v></c>"
                } else {
                    sheet +=
                        "<c r=\"\(reference)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(value))</t></is></c>"
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData>"
        if worksheet.locksHeads {
            // Rows may still be added, removed, sorted and filtered; only the locked cells (the heads) refuse.
            sheet +=
                "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatCells=\"0\" formatColumns=\"0\" "
                + "formatRows=\"0\" insertRows=\"0\" deleteRows=\"0\" sort=\"0\" autoFilter=\"0\"/>"
        }
        var merges: [String] = []
        if worksheet.firstDataRow == 2, table.rows.count > 1, let groups = table.rows.first {
            var start = 0
            while start < groups.count {
                var end = start
                while end + 1 < groups.count, groups[end + 1] == groups[start] { end += 1 }
                if end > start, !groups[start].isEmpty {
                    merges.append(
                        "<mergeCell ref=\"\(SpreadsheetTable.reference(row: 0, column: start)):\(SpreadsheetTable.reference(row: 0, column: end))\"/>"
                    )
                    for column in (start + 1)...end {
                        sheet = sheet.replacingOccurrences(
                            of:
                                "<c r=\"\(SpreadsheetTable.reference(row: 0, column: column))\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(groups[start]))</t></is></c>",
                            with: "")
                    }
                }
                start = end + 1
            }
        }
        if !merges.isEmpty { sheet += "<mergeCells count=\"\(merges.count)\">\(merges.joined())</mergeCells>" }
        if !worksheet.validations.isEmpty {
            sheet += "<dataValidations count=\"\(worksheet.validations.count)\">"
            for validation in worksheet.validations {
                let range =
                    SpreadsheetTable.reference(row: worksheet.firstDataRow, column: validation.column) + ":"
                    + SpreadsheetTable.reference(
                        row: worksheet.firstDataRow + validationRows - 1, column: validation.column)
                let attributes =
                    "allowBlank=\"1\" showErrorMessage=\"1\" showInputMessage=\"1\" promptTitle=\"\" prompt=\"\(xml(validation.message))\" error=\"\(xml(validation.message))\" sqref=\"\(range)\""
                switch validation.rule {
                case let .decimal(low, high):
                    sheet +=
                        "<dataValidation type=\"decimal\" operator=\"between\" \(attributes)><formula1>\(ExactDecimal.format(low))</formula1><formula2>\(ExactDecimal.format(high))</formula2></dataValidation>"
                case let .whole(low, high):
                    sheet +=
                        "<dataValidation type=\"whole\" operator=\"between\" \(attributes)><formula1>\(low)</formula1><formula2>\(high)</formula2></dataValidation>"
                case let .custom(formula):
                    sheet +=
                        "<dataValidation type=\"custom\" \(attributes)><formula1>\(xml(formula))</formula1></dataValidation>"
                case let .list(options):
                    sheet +=
                        "<dataValidation type=\"list\" \(attributes)><formula1>\(xml("\"" + options.joined(separator: ",") + "\""))</formula1></dataValidation>"
                }
            }
            sheet += "</dataValidations>"
        }
        return sheet + "</worksheet>"
    }
}
