import EvalSheetModel
import Foundation

/// Turns a spreadsheet of one project per row into evaluation drafts. Columns are recognised by field id
/// or by their Chinese name; a name the form uses twice (under two groups) is told apart by its group, written in
/// a row above (a merged group head). Every problem names its cell, e.g. `B17`.
public struct SpreadsheetImporter {
    public enum Target: Equatable, Sendable {
        /// The evaluation file the row belongs to (`文件`, as export writes it).
        case file
        case form, year, header(String), score(String), deduction(String), recommendation, signoff(String), narrative(
            String)
        case narrativeEnglish(String)
        /// The English of a header text or of a sign-off's names (`header_en.project`, `signoff_en.team`).
        case headerEnglish(String)
        case signoffEnglish(String)
        case funds(row: String, role: FundsBlock.Column.Role)
        /// `expected`, `actual` or a note's id.
        case goals(String)
        case declared(group: String, index: Int, field: String)
        case weight(String)
        /// A value the evaluation gives a form indicator for its sheet (`values.ID.KEY`).
        case value(String, String)
        case signoffImage(String)
        case typed(String)

        var field: String {
            switch self {
            case .file: return "file"
            case .form: return "form"
            case .year: return "year"
            case let .header(id): return "header.\(id)"
            case let .score(id): return "scores.\(id)"
            case let .deduction(id): return "deductions.\(id)"
            case .recommendation: return "recommendation"
            case let .signoff(id): return "signoff.\(id)"
            case let .narrative(id): return "narrative.\(id)"
            case let .narrativeEnglish(id): return "narrative_en.\(id)"
            case let .headerEnglish(id): return "header_en.\(id)"
            case let .signoffEnglish(id): return "signoff_en.\(id)"
            case let .funds(row, role): return "funds.\(row).\(role.rawValue)"
            case let .goals(field): return "goals.\(field)"
            case let .declared(group, index, field): return "indicators.\(group).\(index).\(field)"
            case let .weight(id): return "weights.\(id)"
            case let .value(id, key): return "values.\(id).\(key)"
            case let .signoffImage(id): return "signoff.\(id).image"
            case let .typed(path): return path
            }
        }
    }

    /// Names in one cell, separated as a clerk types them (陈晓琳、黄志坚; Chen Xiaolin, Huang Zhijian).
    static func names(_ raw: String) -> [String] {
        raw.components(separatedBy: CharacterSet(charactersIn: "、,，;；")).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    public struct RowResult: Sendable {
        public var row: Int
        public var draft: EvaluationDraft
        public var problems: [Diagnostic]
        /// The cell each field came from.
        public var cells: [String: (row: Int, column: Int)] = [:]
        public var hasErrors: Bool { problems.contains { $0.severity == .error } }
    }

    let form: Form
    let file: String
    let folder: URL

    public init(form: Form, file: URL) {
        self.form = form
        self.file = file.path
        folder = file.deletingLastPathComponent()
    }

    /// Spaces and line breaks removed, full-width parentheses as ASCII: `预算金额（万元）` names `预算金额\n(万元)`.
    func squeeze(_ text: String) -> String {
        SheetTextImporter.squeeze(text).replacingOccurrences(of: "（", with: "(").replacingOccurrences(
            of: "）", with: ")")
    }

    /// What a column head names, given the cells above it.
    func target(_ head: String, above: [String]) -> Target? {
        let key = squeeze(head)
        guard !key.isEmpty else { return nil }
        if key == "form" { return .form }
        if key == "file" || key == SpreadsheetExporter.fileHead { return .file }
        if key == "year" || key == "年度" { return .year }
        let context = Set(above.map(squeeze))
        // Heads told apart by the cells above them (a declared group and number over 年度指标值, an indicator's name
        // over 权重) before the words alone.
        if let qualified = qualifiedTarget(key, context: context) { return qualified }
        if let field = form.header.first(where: { $0.id == key || squeeze($0.label.zh) == key }) {
            return .header(field.id)
        }
        if let score = scoreTarget(key, context: context) { return score }
        if let item = form.deductions.items.first(where: { $0.id == key || squeeze($0.name.zh) == key }) {
            return .deduction(item.id)
        }
        if let found = fundsOrGoalsTarget(key, context: context) { return found }
        if let field = form.signoff.first(where: { squeeze(SpreadsheetExporter.imageColumn($0)) == key }) {
            return .signoffImage(field.id)
        }
        if let english = englishTarget(key) { return english }
        if let path = pathTarget(key) { return path }
        if context.contains(squeeze(SpreadsheetExporter.typedGroupHead)),
            let path = SpreadsheetExporter.typedPaths(form).first(where: {
                squeeze(SpreadsheetExporter.typedHead($0, form: form)) == key
            })
        {
            return .typed(path)
        }
        if key == "recommendation" || key == squeeze(form.recommendation.title.zh) { return .recommendation }
        if let field = form.signoff.first(where: { $0.id == key || squeeze($0.label.zh) == key }) {
            return .signoff(field.id)
        }
        if let section = form.sections.first(where: { $0.id == key || key.hasPrefix(squeeze($0.title.zh)) }) {
            return .narrative(section.id)
        }
        return nil
    }

    /// A declared indicator's field, a chosen indicator's weight or a value for a form's indicator: named by the
    /// words of its head and the group or indicator above it.
    func qualifiedTarget(_ key: String, context: Set<String>) -> Target? {
        if let declared = declaredTarget(key, context: context) { return declared }
        if key == SpreadsheetExporter.weightHead,
            let leaf = form.leaves.first(where: { $0.chosen && context.contains(squeeze($0.name.zh)) })
        {
            return .weight(leaf.id)
        }
        for (node, keys) in form.valuedIndicators where context.contains(squeeze(node.name.zh)) {
            if let key = keys.first(where: { squeeze(SpreadsheetExporter.valueHead($0, form: form)) == key }) {
                return .value(node.id, key)
            }
        }
        return nil
    }

    /// A form's indicator by its id or name; a name the form uses twice told apart by a group above it.
    func scoreTarget(_ key: String, context: Set<String>) -> Target? {
        let leaves = form.leaves.filter { $0.id == key || squeeze($0.name.zh) == key }
        if leaves.count == 1 { return .score(leaves[0].id) }
        let matching = leaves.filter { leaf in ancestors(of: leaf).contains { context.contains(squeeze($0.name.zh)) } }
        return matching.count == 1 ? .score(matching[0].id) : nil
    }

    /// A funds figure (its column's label under its row's) or a goals text.
    func fundsOrGoalsTarget(_ key: String, context: Set<String>) -> Target? {
        if let funds = form.funds {
            for row in funds.rows {
                for column in funds.columns where [.initial, .budget, .executed, .note].contains(column.role) {
                    if key == "funds.\(row.id).\(column.role.rawValue)"
                        || (key == squeeze(column.label.zh) && context.contains(squeeze(row.label.zh)))
                    {
                        return .funds(row: row.id, role: column.role)
                    }
                }
            }
        }
        if let goals = form.goals {
            if key == "goals.expected" || key == squeeze(goals.expected.zh) { return .goals("expected") }
            if key == "goals.actual" || key == squeeze(goals.actual.zh) { return .goals("actual") }
            for note in goals.notes where key == "goals.\(note.id)" || key == squeeze(note.label.zh) {
                return .goals(note.id)
            }
        }
        return nil
    }

    /// A head written as a field path, as older exports wrote them (`indicators.quantity.1.name`, `weights.x`,
    /// `values.x.remark`, `signoff.seal.image`, `typed.total`, `narrative_en.overall`).
    func pathTarget(_ key: String) -> Target? {
        let parts = key.split(separator: ".").map(String.init)
        let declared = parts.count > 2 && parts[0] == "indicators" && form.declaredGroups.contains { $0.id == parts[1] }
        if parts.count == 4, declared, let index = Int(parts[2]), index >= 1,
            SpreadsheetExporter.declaredFields.contains(parts[3])
        {
            return .declared(group: parts[1], index: index, field: parts[3])
        }
        if parts.count == 5, declared, parts[3] == "fields", let index = Int(parts[2]), index >= 1,
            form.fieldKeys.contains(parts[4])
        {
            return .declared(group: parts[1], index: index, field: "fields.\(parts[4])")
        }
        if parts.count == 2, parts[0] == "weights", form.leaves.contains(where: { $0.id == parts[1] && $0.chosen }) {
            return .weight(parts[1])
        }
        if parts.count == 3, parts[0] == "values",
            form.valuedIndicators.contains(where: { $0.indicator.id == parts[1] && $0.keys.contains(parts[2]) })
        {
            return .value(parts[1], parts[2])
        }
        if let field = form.signoff.first(where: { "signoff.\($0.id).image" == key }) { return .signoffImage(field.id) }
        if SpreadsheetExporter.typedPaths(form).contains(key) { return .typed(key) }
        if let section = form.sections.first(where: { "narrative_en.\($0.id)" == key }) {
            return .narrativeEnglish(section.id)
        }
        if let field = form.header.first(where: { "header_en.\($0.id)" == key && $0.kind == .text }) {
            return .headerEnglish(field.id)
        }
        if let field = form.signoff.first(where: {
            "signoff_en.\($0.id)" == key && ($0.kind == .names || $0.kind == .text)
        }) {
            return .signoffEnglish(field.id)
        }
        return nil
    }

    /// A declared indicator's column in the sheet's words: its field's head (年度指标值) under its group's name and
    /// number.
    func declaredTarget(_ key: String, context: Set<String>) -> Target? {
        for group in form.declaredGroups {
            let name = squeeze(group.name.zhOnOneLine)
            guard
                let index = context.lazy.compactMap({ above -> Int? in
                    above.hasPrefix(name) ? Int(above.dropFirst(name.count)) : nil
                }).first, index >= 1
            else { continue }
            let fields = SpreadsheetExporter.declaredFields(form) + form.fieldKeys.map { "fields.\($0)" }
            if let field = fields.first(where: { squeeze(SpreadsheetExporter.declaredHead($0, form: form)) == key }) {
                return .declared(group: group.id, index: index, field: field)
            }
        }
        return nil
    }

    /// The English of a section, a header text or a sign-off field (总体评价（英文）).
    func englishTarget(_ key: String) -> Target? {
        if let section = form.sections.first(where: { squeeze(SpreadsheetExporter.englishHead($0.title)) == key }) {
            return .narrativeEnglish(section.id)
        }
        if let field = form.header.first(where: {
            $0.kind == .text && squeeze(SpreadsheetExporter.englishHead($0.label)) == key
        }) {
            return .headerEnglish(field.id)
        }
        if let field = form.signoff.first(where: {
            ($0.kind == .names || $0.kind == .text) && squeeze(SpreadsheetExporter.englishHead($0.label)) == key
        }) {
            return .signoffEnglish(field.id)
        }
        return nil
    }

    func ancestors(of leaf: Indicator) -> [Indicator] {
        func path(_ nodes: [Indicator]) -> [Indicator]? {
            for node in nodes {
                if node.id == leaf.id { return [] }
                if let rest = path(node.children) { return [node] + rest }
            }
            return nil
        }
        return path(form.indicators) ?? []
    }

    /// The header may take several rows (a merged group head above the names). For a header ending at
    /// row `last`, each column is named by its lowest non-empty cell, with the cells above as context.
    func heads(_ table: SpreadsheetTable, through last: Int) -> [(column: Int, row: Int, text: String, above: [String])]
    {
        (0..<(table.rows.first?.count ?? 0)).compactMap { column in
            guard let row = (0...last).reversed().first(where: { !squeeze(table.cell($0, column)).isEmpty }) else {
                return nil
            }
            return (column, row, table.cell(row, column), (0..<row).map { table.cell($0, column) })
        }
    }

    /// The header ends at the row, among the first few, whose columns name the most fields.
    func headRow(_ table: SpreadsheetTable) -> Int {
        let candidates = 0..<min(6, table.rows.count)
        func named(_ last: Int) -> Int {
            heads(table, through: last).filter { target($0.text, above: $0.above) != nil }.count
        }
        return candidates.max { named($0) < named($1) } ?? 0
    }

    public func rows(_ table: SpreadsheetTable, year defaultYear: Int?, log: inout DiagnosticLog) -> [RowResult] {
        let head = headRow(table)
        var columns: [(column: Int, target: Target)] = []
        for (column, row, text, above) in table.rows.isEmpty ? [] : heads(table, through: head) {
            let cell = SpreadsheetTable.reference(row: row, column: column)
            if let target = target(text, above: above) {
                if let clash = columns.first(where: { $0.target == target }) {
                    log.error(
                        target.field, at: SourcePosition(line: row + 1, column: column + 1),
                        Message(
                            "same-field-twice",
                            en: "\(cell): same field as column \(SpreadsheetTable.columnName(clash.column))",
                            zh: "\(cell)：与 \(SpreadsheetTable.columnName(clash.column)) 列是同一字段"))
                } else {
                    columns.append((column, target))
                }
            } else if row == head || !above.isEmpty {
                log.warning(
                    "", at: SourcePosition(line: row + 1, column: column + 1),
                    Message(
                        "column-not-a-field",
                        en: "\(cell): column '\(text)' is not a field of form \(form.id); ignored",
                        zh: "\(cell)：'\(text)' 列不是表样 \(form.id) 的字段；已忽略"))
            }
        }
        var results: [RowResult] = []
        for row in (head + 1)..<max(head + 1, table.rows.count)
        where table.rows[row].contains(where: { !squeeze($0).isEmpty }) {
            results.append(read(table, row: row, columns: columns, year: defaultYear))
        }
        return results
    }

    func read(_ table: SpreadsheetTable, row: Int, columns: [(column: Int, target: Target)], year: Int?) -> RowResult {
        var log = DiagnosticLog(file: file)
        var draft = EvaluationDraft(formID: form.id, year: year ?? 0)
        draft.scored = form.scored
        var declared: [String: [Int: [String: String]]] = [:]  // group → index → field → cell
        var cells: [String: (row: Int, column: Int)] = [:]
        for (column, target) in columns { cells[target.field] = (row, column) }
        draft.comments = ["Imported from \((file as NSString).lastPathComponent), row \(row + 1), by evalsheet import."]
        for (column, target) in columns {
            let raw = table.cell(row, column).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !raw.isEmpty else { continue }
            if let message = apply(raw, to: target, draft: &draft, declared: &declared) {
                log.error(
                    target.field, at: SourcePosition(line: row + 1, column: column + 1),
                    message.prefixed("\(SpreadsheetTable.reference(row: row, column: column)): "))
            }
        }
        draft.declared = declaredItems(declared, row: row, columns: columns, log: &log)
        if draft.year == 0 {
            log.error(
                "year", at: SourcePosition(line: row + 1, column: 1),
                Message(
                    "row-without-year", en: "row \(row + 1): no year (a year column, or --year)",
                    zh: "第 \(row + 1) 行：没有年度（请加年度列，或用 --year）"))
        }
        sortAsTheForm(&draft)
        return RowResult(row: row, draft: draft, problems: log.entries, cells: cells)
    }

    /// `'abc' is not a number`, said of a cell.
    static func notANumber(_ raw: String) -> Message {
        Message("not-a-number", en: "'\(raw)' is not a number", zh: "'\(raw)' 不是数字")
    }

    /// `'2021/13/1' is not a date`, said of a cell.
    static func notADate(_ raw: String) -> Message {
        Message("not-a-date-text", en: "'\(raw)' is not a date", zh: "'\(raw)' 不是日期")
    }

    /// Puts one cell's text into the draft where its column's target says; a problem with it, if any.
    func apply(
        _ raw: String, to target: Target, draft: inout EvaluationDraft,
        declared: inout [String: [Int: [String: String]]]
    ) -> Message? {
        func number() -> Decimal? { ExactDecimal.parse(raw.replacingOccurrences(of: "−", with: "-")) }
        switch target {
        case .form, .file, .year: return applyIdentity(raw, to: target, draft: &draft)
        case let .header(id): draft.header.append((id, raw))
        case let .score(id):
            guard let value = number() else { return Self.notANumber(raw) }
            draft.scores.append((id, value))
        case let .deduction(id):
            guard let value = number() else { return Self.notANumber(raw) }
            draft.deductions.append((id, value))
        case .recommendation:
            guard
                let option = form.recommendation.options.first(where: {
                    $0.id == raw || squeeze($0.label.zh) == squeeze(raw)
                })
            else {
                return Message(
                    "not-an-option",
                    en: "'\(raw)' is not one of \(form.recommendation.options.map(\.label.zh).joined(separator: "、"))",
                    zh: "'\(raw)' 不是以下选项之一：\(form.recommendation.options.map(\.label.zh).joined(separator: "、"))")
            }
            draft.recommendation = option.id
        case let .headerEnglish(id): draft.headerEnglish.append((id, raw))
        case let .signoffEnglish(id):
            let names = form.signoff.first { $0.id == id }?.kind == .names
            draft.signoffEnglish.append((id, names ? .names(Self.names(raw)) : .text(raw)))
        case let .signoff(id):
            guard let value = signoffValue(raw, field: form.signoff.first { $0.id == id }!) else {
                return Self.notADate(raw)
            }
            draft.signoff.append((id, value))
        case let .signoffImage(id):
            // Beside the spreadsheet; the draft keeps the whole path, made relative where it is written.
            if case let .failure(failure) = SignOffImage.read(raw, relativeTo: folder) { return failure.message }
            let url = raw.hasPrefix("/") ? URL(fileURLWithPath: raw) : folder.appendingPathComponent(raw)
            draft.signoffImages.append((id, url.standardizedFileURL.path))
        case let .funds(rowID, role):
            return setFunds(raw, row: rowID, role: role, in: &draft)
        case let .weight(id):
            guard let value = ExactDecimal.parse(raw) else { return Self.notANumber(raw) }
            draft.weights.append((id, value))
        case let .value(id, key):
            if let at = draft.values.firstIndex(where: { $0.id == id }) {
                draft.values[at].fields.append((key, raw))
            } else {
                draft.values.append((id, [(key, raw)]))
            }
        case let .goals(field):
            switch field {
            case "expected": draft.goalsExpected = Self.paragraphs(raw)
            case "actual": draft.goalsActual = Self.paragraphs(raw)
            default: draft.goalsNotes.append((field, Self.paragraphs(raw)))
            }
        case let .declared(group, index, field):
            declared[group, default: [:]][index, default: [:]][field] = raw
        case let .typed(path):
            return setTyped(raw, path: path, in: &draft)
        case let .narrativeEnglish(id): draft.narrativeEnglish.append((id, Self.paragraphs(raw)))
        case let .narrative(id):
            guard let text = narrativeText(raw) else {
                return Message(
                    "narrative-file-unreadable", en: "cannot read '\(raw)' next to the spreadsheet",
                    zh: "无法读取表格旁的 '\(raw)'")
            }
            draft.narrative.append((id, Self.paragraphs(text)))
        }
        return nil
    }

    /// The row's form, file and year: what says which evaluation it is.
    func applyIdentity(_ raw: String, to target: Target, draft: inout EvaluationDraft) -> Message? {
        switch target {
        case .form:
            if raw != form.id {
                return Message("other-form", en: "form '\(raw)' is not \(form.id)", zh: "表样 '\(raw)' 不是 \(form.id)")
            }
        case .file:
            guard EvaluationFile.isPlainRelativePath(raw) else {
                return
                    Message(
                        "not-an-evaluation-name",
                        en:
                            "'\(raw)' is not the name of an evaluation file in the folder (a relative .yaml path without '..')",
                        zh: "'\(raw)' 不是文件夹中评价文件的名称（应为不含 '..' 的相对 .yaml 路径）")
            }
            draft.file = raw
        case .year:
            guard let value = Int(raw.prefix { $0.isNumber }), (1990...2100).contains(value) else {
                return Message("not-a-year", en: "'\(raw)' is not a year", zh: "'\(raw)' 不是年度")
            }
            draft.year = value
        default: break
        }
        return nil
    }

    /// A cell's lines as paragraphs, blank ones left out.
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A narrative cell's text, or that of the .txt or .md file it names beside the spreadsheet; nil when the file
    /// cannot be read there.
    func narrativeText(_ raw: String) -> String? {
        guard (raw.hasSuffix(".txt") || raw.hasSuffix(".md")) && !raw.contains("\n") else { return raw }
        let path = folder.appendingPathComponent(raw).standardizedFileURL
        guard path.path.hasPrefix(folder.standardizedFileURL.path + "/") else { return nil }
        return try? String(contentsOf: path, encoding: .utf8)
    }

    /// A sign-off cell as its field takes it: names, a date (as written or Excel's serial number), a text; nil
    /// for a date that is none.
    func signoffValue(_ raw: String, field: SignOffField) -> SignOffValue? {
        switch field.kind {
        case .names: return .names(Self.names(raw))
        case .date: return (SignOffDate.parse(raw) ?? excelDate(raw)).map { .date($0) }
        case .text, .seal: return .text(raw)
        }
    }

    /// A figure typed on the paper sheet (or its grade); a problem when a figure is not a number.
    func setTyped(_ raw: String, path: String, in draft: inout EvaluationDraft) -> Message? {
        if path == "typed.grade" { draft.typedGrade = raw; return nil }
        guard let value = ExactDecimal.parse(raw.replacingOccurrences(of: "−", with: "-")) else {
            return Self.notANumber(raw)
        }
        if let field = SpreadsheetExporter.typedFigures[path] {
            draft[keyPath: field] = value
        } else if let group = form.indicators.first(where: { SpreadsheetExporter.typedGroup($0.id) == path }) {
            draft.typedGroups.append((group.id, value))
        }
        return nil
    }

    /// A funds figure or note; a problem when a figure is not a number.
    func setFunds(_ raw: String, row: String, role: FundsBlock.Column.Role, in draft: inout EvaluationDraft) -> Message?
    {
        let value = ExactDecimal.parse(raw)
        guard role == .note || value != nil else {
            return Self.notANumber(raw)
        }
        if !draft.funds.contains(where: { $0.id == row }) { draft.funds.append((row, nil, nil, nil, nil)) }
        let at = draft.funds.firstIndex { $0.id == row }!
        switch role {
        case .initial: draft.funds[at].initial = value
        case .budget: draft.funds[at].budget = value
        case .note: draft.funds[at].note = raw
        default: draft.funds[at].executed = value
        }
        return nil
    }

    /// Declared indicators, in their numbered order; one needs a name, a target and points.
    func declaredItems(
        _ declared: [String: [Int: [String: String]]], row: Int, columns: [(column: Int, target: Target)],
        log: inout DiagnosticLog
    ) -> [(group: String, items: [EvaluationDraft.DeclaredItem])] {
        var result: [(group: String, items: [EvaluationDraft.DeclaredItem])] = []
        for group in form.declaredGroups {
            guard let numbered = declared[group.id] else { continue }
            var items: [EvaluationDraft.DeclaredItem] = []
            for index in numbered.keys.sorted() {
                let fields = numbered[index]!
                let head = "indicators.\(group.id).\(index)"
                let at =
                    columns.first { $0.target == .declared(group: group.id, index: index, field: "name") }?.column ?? 0
                let place = SourcePosition(line: row + 1, column: at + 1)
                let cell = SpreadsheetTable.reference(row: row, column: at)
                guard let name = fields["name"], let target = fields["target"],
                    let points = form.scored ? fields["points"].flatMap(ExactDecimal.parse) : 0
                else {
                    log.error(
                        head, at: place,
                        Message(
                            "declared-incomplete", en: "\(cell): \(head) needs a name, a target and points",
                            zh: "\(cell)：\(head) 需要名称、指标值和分值"))
                    continue
                }
                let score = fields["score"].flatMap { ExactDecimal.parse($0) }
                if fields["score"] != nil && score == nil {
                    log.error(
                        head, at: place,
                        Message(
                            "declared-score-not-number", en: "\(cell): the score of \(head) is not a number",
                            zh: "\(cell)：\(head) 的评分不是数字"))
                }
                var values: [String: String] = [:]
                for (field, text) in fields where field.hasPrefix("fields.") {
                    values[String(field.dropFirst("fields.".count))] = text
                }
                items.append(
                    EvaluationDraft.DeclaredItem(
                        name: name, nameEnglish: fields["name_en"], target: target, actual: fields["actual"] ?? "",
                        points: points, score: score, deviation: fields["deviation"] ?? "", fields: values))
            }
            result.append((group.id, items))
        }
        return result
    }

    /// Orders what a row gave as the form does, so the file reads like a hand-written one.
    func sortAsTheForm(_ draft: inout EvaluationDraft) {
        func order(_ ids: [String]) -> (String, String) -> Bool {
            { (ids.firstIndex(of: $0) ?? 0) < (ids.firstIndex(of: $1) ?? 0) }
        }
        let funds = order((form.funds?.rows ?? []).map(\.id)), leaves = order(form.leaves.map(\.id))
        let valued = order(form.valuedIndicators.map(\.indicator.id)), sections = order(form.sections.map(\.id))
        let header = order(form.header.map(\.id))
        draft.funds.sort { funds($0.id, $1.id) }
        draft.scores.sort { leaves($0.id, $1.id) }
        draft.weights.sort { leaves($0.id, $1.id) }
        draft.values.sort { valued($0.id, $1.id) }
        draft.narrative.sort { sections($0.id, $1.id) }
        draft.header.sort { header($0.id, $1.id) }
    }

    /// Excel's serial day numbers (days since 1899-12-30).
    func excelDate(_ raw: String) -> SignOffDate? {
        guard let days = Double(raw), days > 20_000, days < 80_000 else { return nil }
        let date = Date(timeIntervalSince1970: (days - 25_569) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return SignOffDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Scores the row's evaluation and adds what the scorer finds, each moved onto the cell it came from.
    public func validated(_ result: RowResult, library: FormLibrary) -> RowResult {
        var checked = result
        let yaml = EvaluationYAML.write(result.draft)
        let found: [Diagnostic]
        switch library.scoreData(Data(yaml.utf8), file: file) {
        case let .success(sheet): found = sheet.diagnostics
        case let .failure(error): found = error.diagnostics
        }
        for var diagnostic in found {
            let cell = result.cells[diagnostic.field]
            diagnostic.position =
                cell.map { SourcePosition(line: $0.row + 1, column: $0.column + 1) }
                ?? SourcePosition(line: result.row + 1, column: 1)
            let reference =
                cell.map { SpreadsheetTable.reference(row: $0.row, column: $0.column) }.map { Message(en: $0, zh: $0) }
                ?? Message(en: "row \(result.row + 1)", zh: "第 \(result.row + 1) 行")
            diagnostic.message = reference + Message(en: ": ", zh: "：") + diagnostic.message

            diagnostic.file = file
            checked.problems.append(diagnostic)
        }
        return checked
    }
}
