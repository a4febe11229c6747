import EvalSheetModel
import Foundation

/// The result of an import: the evaluation (when the form was recognised) and what could not be placed.
public struct ImportResult: Sendable {
    public var draft: EvaluationDraft?
    public var form: Form?
    public var problems: [Diagnostic]
}

/// Reads a sheet exported from Word/WPS as tab-separated text (as the reference sheet is): merged cells
/// are empty cells, in-cell line breaks are spaces, narrative cells hold `<p>` paragraphs. Every row is
/// placed by the form's own labels and column roles; what cannot be placed is reported with its line.
public enum SheetTextImporter {
    struct Row {
        var line: Int
        var cells: [String]
        var squeezed: [String]
        var used = false
        func cell(_ index: Int) -> String {
            index < cells.count ? cells[index].trimmingCharacters(in: .whitespaces) : ""
        }
        var firstText: String { squeezed.first { !$0.isEmpty } ?? "" }
        var lastText: String {
            cells.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(in: .whitespaces) ?? ""
        }
    }

    static func squeeze(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    public static func importSheet(text: String, file: String, library: FormLibrary, formID: String?) -> ImportResult {
        var log = DiagnosticLog(file: file)
        var rows: [Row] = []
        for (index, line) in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .enumerated()
        {
            let cells = line.components(separatedBy: "\t")
            guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            rows.append(Row(line: index + 1, cells: cells, squeezed: cells.map(squeeze)))
        }
        guard !rows.isEmpty else {
            log.error("", at: nil, Message("empty-file", en: "the file is empty", zh: "文件是空的"))
            return ImportResult(draft: nil, form: nil, problems: log.entries)
        }
        // The title: the lines before the first row of cells (项目支出绩效自评表 / （2020年度）), and the year in them.
        let titleRows = max(
            1, rows.prefix { $0.cells.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count == 1 }.count)
        let title = rows.prefix(titleRows).map(\.firstText).joined()
        for index in 0..<titleRows { rows[index].used = true }
        let year = title.range(of: "(19|20)[0-9]{2}", options: .regularExpression).flatMap { Int(title[$0]) } ?? 0

        let form: Form
        if let formID {
            switch library.form(id: formID) {
            case let .success(found): form = found
            case let .failure(error): return ImportResult(draft: nil, form: nil, problems: error.diagnostics)
            }
        } else if let found = recognise(title: title, rows: rows, year: year, library: library) {
            form = found
        } else {
            log.error(
                "", at: SourcePosition(line: rows[0].line, column: 1),
                Message(
                    "no-matching-form",
                    en:
                        "no form in \(library.directory.path) matches this sheet; pass --form ID, or --new-form ID to draft one",
                    zh: "\(library.directory.path) 中没有与这张表相符的表样；请用 --form ID 指定，或用 --new-form ID 起草一个")
            )
            return ImportResult(draft: nil, form: nil, problems: log.entries)
        }
        if year == 0 {
            log.warning(
                "year", at: SourcePosition(line: rows[0].line, column: 1),
                Message("no-year-in-title", en: "no year in the title '\(title)'", zh: "标题 '\(title)' 中没有年度"))
        }

        var draft = EvaluationDraft(formID: form.id, year: year)
        draft.scored = form.scored
        draft.header = titleFields(form: form, rows: Array(rows.prefix(titleRows)))
        draft.comments = [
            "Imported from \((file as NSString).lastPathComponent) by evalsheet import; check it, then validate."
        ]
        var placed: (rows: [Row], log: DiagnosticLog)
        if let template = form.template {
            var reader = TemplatePlacement(form: form, template: template, rows: rows, log: log)
            reader.place(into: &draft)
            placed = (reader.rows, reader.log)
        } else {
            var reader = Placement(form: form, rows: rows, log: log)
            reader.place(into: &draft)
            placed = (reader.rows, reader.log)
        }
        for row in placed.rows where !row.used {
            placed.log.warning(
                "", at: SourcePosition(line: row.line, column: 1),
                Message(
                    "row-not-placed", en: "not placed: \(String(row.cells.joined(separator: " | ").prefix(60)))",
                    zh: "未能放入：\(String(row.cells.joined(separator: " | ").prefix(60)))"))
        }
        return ImportResult(draft: draft, form: form, problems: placed.log.entries)
    }

    /// Header fields a form's title names (`{project}绩效自评表`), read from the title's rows: the draft mark
    /// and the form's lines of text left out, the rest matched against the title with each field's value
    /// standing for its placeholder.
    static func titleFields(form: Form, rows: [Row]) -> [(id: String, value: String)] {
        let ids = form.header.map(\.id).filter { form.title.zh.contains("{\($0)}") }
        guard !ids.isEmpty else { return [] }
        let skipped = Set(
            [squeeze(form.labels.draftMark.zh)] + form.lines.map { squeeze($0.text.zh) }
                + (form.template.map {
                    $0.items.compactMap { item -> String? in
                        guard case let .line(line) = item else { return nil }
                        return line.text.literalText.map(squeeze)
                    }
                } ?? []))
        let title = rows.map(\.firstText).filter { !skipped.contains($0) }.joined()
        var pattern = "^"
        var names: [String] = []
        var rest = Substring(squeeze(form.title.zh))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            let name = String(rest[rest.index(after: open)..<close])
            pattern += name == "year" ? "[0-9]{4}" : "(.+?)"
            if name != "year" { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: title, range: NSRange(title.startIndex..., in: title))
        else { return [] }
        return names.enumerated().compactMap { index, name in
            Range(match.range(at: index + 1), in: title).map { (name, String(title[$0])) }
        }
    }

    /// The literal cells of a template's tables, squeezed (项目名称, 预算执行情况(10分)…).
    static func templateLiterals(_ template: SheetTemplate) -> [String] {
        template.tables.flatMap { $0.rows.flatMap(\.cells) }.compactMap { cell in
            cell.text.literalText.map(squeeze).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The form whose title and indicator names match the sheet best.
    static func recognise(title: String, rows: [Row], year: Int, library: FormLibrary) -> Form? {
        let cells = Set(rows.flatMap(\.squeezed))
        var best: (Form, Double)?
        for id in library.availableIDs() {
            guard case let .success(form) = library.form(id: id) else { continue }
            // The indicators the form scores, and the groups under which a sheet declares its own; for a form
            // that draws its sheet with a template, the literal cells it prints.
            let names =
                form.template.map(templateLiterals) ?? (form.leaves + form.declaredGroups).map { squeeze($0.name.zh) }
            let found = Double(names.filter(cells.contains).count) / Double(max(1, names.count))
            let titled =
                squeeze(form.title.zh.replacingOccurrences(of: "{year}", with: String(year))) == squeeze(title)
                ? 0.5 : 0
            let score = found + titled
            if score >= 0.8, score > (best?.1 ?? 0) { best = (form, score) }
        }
        return best?.0
    }
}

/// Walks the rows of a sheet and fills a draft, using the form's labels to find each part.
struct Placement {
    typealias Row = SheetTextImporter.Row
    let form: Form
    var rows: [Row]
    var log: DiagnosticLog
    let text: SheetTextReader

    init(form: Form, rows: [Row], log: DiagnosticLog) {
        self.form = form
        self.rows = rows
        self.log = log
        text = SheetTextReader(form: form)
    }

    func squeeze(_ text: String) -> String { SheetTextImporter.squeeze(text) }

    func position(_ row: Row, _ column: Int = 0) -> SourcePosition {
        SourcePosition(line: row.line, column: row.cells.prefix(column).reduce(1) { $0 + $1.unicodeScalars.count + 1 })
    }

    mutating func number(_ row: Row, _ column: Int, _ field: String) -> Decimal? {
        let raw = row.cell(column)
        guard !raw.isEmpty else { return nil }
        guard let value = ExactDecimal.parse(raw.replacingOccurrences(of: "−", with: "-")) else {
            log.warning(
                field, at: position(row, column),
                Message("not-a-number", en: "'\(raw)' is not a number", zh: "'\(raw)' 不是数字"))
            return nil
        }
        return value
    }

    mutating func place(into draft: inout EvaluationDraft) {
        // The column heads: one row, or two when the form groups columns (年度指标值 over 指标性质, 指标值, 度量单位).
        let labels = form.columns.map { squeeze($0.label.zh) }
        let headRows = form.columns.contains { $0.group != nil } ? 2 : 1
        let squeezedRows = rows.map(\.squeezed)
        let headRange = squeezedRows.indices.map { $0..<min(rows.count, $0 + headRows) }.first { range in
            labels.allSatisfy { label in range.contains { squeezedRows[$0].contains(label) } }
        }
        let headIndex = headRange?.lowerBound
        placeHeaderFields(before: headIndex, into: &draft)
        guard let headRange else {
            log.warning(
                "", at: nil,
                Message(
                    "column-heads-not-found",
                    en: "the column heads (\(form.columns.map(\.label.zh).joined(separator: " "))) were not found",
                    zh: "找不到栏目标题（\(form.columns.map(\.label.zh).joined(separator: " "))）"))
            return
        }
        for index in headRange { rows[index].used = true }
        placeFunds(into: &draft, before: headRange.lowerBound)
        placeGoals(into: &draft, before: headRange.lowerBound)
        let index = placeIndicators(from: headRange.upperBound, into: &draft)
        guard index < rows.count, rows[index].firstText == squeeze(form.labels.subtotal.zh) else {
            placeClosingRows(into: &draft)
            return
        }
        placeDeductions(from: index, into: &draft)
        placeClosingRows(into: &draft)
    }

    /// Header fields: the cell after each label, above the column heads.
    mutating func placeHeaderFields(before headIndex: Int?, into draft: inout EvaluationDraft) {
        for index in rows.indices where headIndex.map({ index < $0 }) ?? true {
            for field in form.header {
                guard let at = rows[index].squeezed.firstIndex(of: squeeze(field.label.zh)) else { continue }
                if let value = rows[index].cells[(at + 1)...].first(where: {
                    !$0.trimmingCharacters(in: .whitespaces).isEmpty
                }) {
                    draft.header.append((field.id, value.trimmingCharacters(in: .whitespaces)))
                    rows[index].used = true
                }
            }
        }
    }

    /// Indicator rows, until the subtotal (or the total, on a form without one): the level names each shows, the
    /// leaf it scores, a group's typed total, and the indicators the sheet declares. Returns the row after them.
    mutating func placeIndicators(from start: Int, into draft: inout EvaluationDraft) -> Int {
        let columns = text.columns
        let leafRole = text.levelRoles.last!
        var path: [Indicator] = []
        var index = start
        // Indicator rows, until the subtotal (or the total, on a form without one).
        let ends = [squeeze(form.labels.subtotal.zh), squeeze(form.labels.total.zh)]
        while index < rows.count, !ends.contains(rows[index].firstText) {
            var row = rows[index]
            var namedLevel: Int?
            for (level, role) in text.levelRoles.dropLast().enumerated() {
                // A lower level before any higher one was recognised has no parent to be looked up in.
                guard let column = columns[role]?.start, !row.squeezed[safe: column].isEmpty, path.count >= level else {
                    continue
                }
                let siblings = level == 0 ? form.indicators : path[level - 1].children
                if let node = siblings.first(where: { text.matches(row.squeezed[column], $0) }) {
                    path = Array(path.prefix(level)) + [node]
                    namedLevel = level
                }
            }
            func scored(_ leaf: Indicator) {
                if let score = number(row, columns[.score]!.start, "scores.\(leaf.id)") {
                    draft.scores.append((leaf.id, score))
                }
                if let total = columns[.groupTotal].flatMap({ number(row, $0.start, "typed.groups") }),
                    let group = path.first
                {
                    draft.typedGroups.append((group.id, total))
                }
                row.used = true
            }
            if let column = columns[leafRole]?.start, !row.squeezed[safe: column].isEmpty,
                let parent = path.last,
                let leaf = parent.children.first(where: { text.matches(row.squeezed[column], $0) })
            {
                scored(leaf)
            } else if let shallow = path.last, shallow.isLeaf, !shallow.declared, namedLevel == path.count - 1 {
                // An indicator scored higher up than the tree's depth, named in its own level's cell (merged over
                // the deeper columns).
                scored(shallow)
            }
            // An indicator the sheet declares: its name one level below its group's, on the group's row or the rows after it.
            if let group = path.last, group.declared, let item = declaredItem(row, group: group, level: path.count) {
                if let at = draft.declared.firstIndex(where: { $0.group == group.id }) {
                    draft.declared[at].items.append(item)
                } else {
                    draft.declared.append((group.id, [item]))
                }
                row.used = true
            }
            rows[index] = row
            index += 1
        }
        return index
    }

    /// The subtotal, the deduction rows until their subtotal, and that subtotal.
    mutating func placeDeductions(from start: Int, into draft: inout EvaluationDraft) {
        let columns = text.columns
        var index = start
        draft.typedSubtotal = columns[.score].flatMap { number(rows[index], $0.start, "typed.subtotal") }
        rows[index].used = true
        index += 1
        // Deduction rows, until their subtotal.
        let nameRole = text.levelRoles.count > 2 ? text.levelRoles[1] : text.levelRoles.last!
        while index < rows.count, rows[index].firstText != squeeze(form.labels.deductionSubtotal.zh) {
            let row = rows[index]
            if let column = columns[nameRole]?.start,
                let item = form.deductions.items.first(where: { text.matches(row.squeezed[safe: column], $0) })
            {
                if let value = columns[.score].flatMap({ number(row, $0.start, "deductions.\(item.id)") }) {
                    draft.deductions.append((item.id, value))
                }
                if let total = columns[.groupTotal].flatMap({ number(row, $0.start, "typed.deductions") }) {
                    draft.typedDeductions = total
                }
                rows[index].used = true
            }
            index += 1
        }
        if index < rows.count {
            if let value = columns[.score].flatMap({ number(rows[index], $0.start, "typed.deductions") }) {
                draft.typedDeductions = value
            }
            rows[index].used = true
        }
    }

    /// Total, grade, narrative, recommendation and sign-off, wherever they are.
    mutating func placeClosingRows(into draft: inout EvaluationDraft) {
        for position in rows.indices where !rows[position].used {
            let row = rows[position]
            let first = row.firstText
            if first == squeeze(form.labels.total.zh), let value = ExactDecimal.parse(row.lastText) {
                draft.typedTotal = value
            } else if first == squeeze(form.grades.caption.zh) {
                draft.typedGrade = row.lastText
            } else if first == squeeze(form.labels.contentHead.zh) {
            } else if let section = form.sections.first(where: { first.hasPrefix(squeeze($0.title.zh)) }),
                row.cells.count > 1
            {
                draft.narrative.append((section.id, paragraphs(row.cells.dropFirst().joined(separator: " "))))
            } else if !form.recommendation.options.isEmpty, first.hasPrefix(squeeze(form.recommendation.title.zh)) {
                let content = squeeze(row.cells.dropFirst().joined())
                let mark = form.recommendation.selectedMark
                if let option = form.recommendation.options.first(where: {
                    content.contains("\(squeeze($0.label.zh))（\(mark)）")
                        || content.contains("\(squeeze($0.label.zh))(\(mark))")
                }) {
                    draft.recommendation = option.id
                } else {
                    log.warning(
                        "recommendation", at: self.position(row, 1),
                        Message("no-option-marked", en: "no option is marked \(mark)", zh: "没有标有 \(mark) 的选项"))
                }
            } else {
                // Sign-off fields: one per cell (side by side), or one row each; a label cell ending in its colon
                // takes its value from the next cell (项目负责人： | 钟琤).
                let cells = row.cells.map { $0.trimmingCharacters(in: .whitespaces) }
                let found = cells.indices.compactMap { index -> (SignOffField, SignOffValue)? in
                    var cell = cells[index]
                    if cell.hasSuffix("：") || cell.hasSuffix(":"), index + 1 < cells.count, !cells[index + 1].isEmpty,
                        !cells[index + 1].contains("："), !cells[index + 1].contains(":")
                    {
                        cell += cells[index + 1]
                    }
                    return signoff(cell, row: row)
                }
                guard !found.isEmpty else { continue }
                draft.signoff += found.map { ($0.0.id, $0.1) }
            }
            rows[position].used = true
        }
    }

    /// The funds table: its head row (the form's figure columns by label) and the rows of the form's
    /// funds rows below it, each found by its label; figures where the head has their column.
    mutating func placeFunds(into draft: inout EvaluationDraft, before end: Int) {
        guard let funds = form.funds,
            let head = rows[..<end].firstIndex(where: { row in
                funds.columns.allSatisfy { row.squeezed.contains(squeeze($0.label.zh)) }
            })
        else { return }
        rows[head].used = true
        let at = Dictionary(
            funds.columns.map { ($0.role, rows[head].squeezed.firstIndex(of: squeeze($0.label.zh))!) },
            uniquingKeysWith: { a, _ in a })
        for index in (head + 1)..<end {
            let row = rows[index]
            guard let fundsRow = funds.rows.first(where: { row.squeezed.contains(squeeze($0.label.zh)) }) else { break }
            func figure(_ role: FundsBlock.Column.Role) -> Decimal? {
                at[role].flatMap { column in
                    ["—", "/", "-", "——"].contains(row.cell(column))
                        ? nil : number(row, column, "funds.\(fundsRow.id).\(role.rawValue)")
                }
            }
            let note = at[.note].map { row.cell($0) }.flatMap { $0.isEmpty ? nil : $0 }
            draft.funds.append((fundsRow.id, figure(.initial), figure(.budget), figure(.executed), note))
            if fundsRow.points != nil {
                if let column = at[.rate],
                    let rate = ExactDecimal.parse(row.cell(column).replacingOccurrences(of: "%", with: ""))
                {
                    draft.typedFundsRate = rate
                }
                draft.typedFundsScore = figure(.score)
            }
            rows[index].used = true
        }
    }

    /// The goals block: the row with its expected and actual heads, and the paragraphs below them.
    mutating func placeGoals(into draft: inout EvaluationDraft, before end: Int) {
        guard let goals = form.goals,
            let head = rows[..<end].firstIndex(where: {
                $0.squeezed.contains(squeeze(goals.expected.zh)) && $0.squeezed.contains(squeeze(goals.actual.zh))
            }),
            head + 1 < end
        else { return }
        let expected = rows[head].squeezed.firstIndex(of: squeeze(goals.expected.zh))!,
            actual = rows[head].squeezed.firstIndex(of: squeeze(goals.actual.zh))!
        draft.goalsExpected = paragraphs(rows[head + 1].cell(expected))
        draft.goalsActual = paragraphs(rows[head + 1].cell(actual))
        rows[head].used = true
        rows[head + 1].used = true
        // A note's row: its label, then its text in the next cell that has any (the text spans two columns).
        for note in goals.notes {
            let label = squeeze(note.label.zh)
            guard let index = rows[(head + 2)..<end].firstIndex(where: { !$0.used && $0.squeezed.contains(label) })
            else { continue }
            let after = rows[index].squeezed.firstIndex(of: label)! + 1
            let text =
                (after..<max(after, rows[index].cells.count)).map { rows[index].cell($0) }.first { !$0.isEmpty } ?? ""
            draft.goalsNotes.append((note.id, paragraphs(text)))
            rows[index].used = true
        }
    }

    /// A declared indicator on a row: its name in the column one level below its group's, its target,
    /// actual value, points, score, deviation note and field values in their roles' columns.
    mutating func declaredItem(_ row: Row, group: Indicator, level: Int) -> EvaluationDraft.DeclaredItem? {
        let levels: [ScoreColumn.Role] = [.level1, .level2, .level3, .level4]
        guard level < levels.count, let nameColumn = text.columns[levels[level]]?.start else { return nil }
        let name = row.cell(nameColumn)
        guard !name.isEmpty else { return nil }
        func cell(_ role: ScoreColumn.Role) -> String { text.columns[role].map { row.cell($0.start) } ?? "" }
        let field = "indicators.\(group.id)"
        let points = text.columns[.weight].flatMap { number(row, $0.start, field + ".points") }
        if points == nil {
            log.warning(
                field, at: position(row), Message("no-points", en: "'\(name)' has no points", zh: "'\(name)' 没有分值"))
        }
        var fields: [String: String] = [:]
        for column in form.fieldColumns where !row.cell(column.start).isEmpty {
            fields[column.key] = row.cell(column.start)
        }
        return EvaluationDraft.DeclaredItem(
            name: name, target: cell(.target), actual: cell(.actual), points: points ?? 0,
            score: text.columns[.score].flatMap { number(row, $0.start, field + ".score") },
            deviation: cell(.deviation), fields: fields)
    }

    /// `<p>` paragraphs; a space inside one was a line break in the cell, so it starts a new paragraph.
    func paragraphs(_ content: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<p>(.*?)</p>", options: [.dotMatchesLineSeparators])
        let range = NSRange(content.startIndex..., in: content)
        var blocks = pattern.matches(in: content, range: range).compactMap {
            Range($0.range(at: 1), in: content).map { String(content[$0]) }
        }
        if blocks.isEmpty { blocks = [content] }
        return blocks.flatMap { $0.components(separatedBy: " ") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter
        { !$0.isEmpty }
    }

    mutating func signoff(_ cell: String, row: Row) -> (SignOffField, SignOffValue)? {
        let line = cell.trimmingCharacters(in: .whitespaces)
        guard let separator = line.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let label = squeeze(String(line[..<separator]))
        let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        guard let field = form.signoff.first(where: { squeeze($0.label.zh) == label }) else { return nil }
        switch field.kind {
        case .names:
            let names = value.components(separatedBy: CharacterSet(charactersIn: "、,，")).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return (field, .names(names.filter { !$0.isEmpty }))
        case .date:
            guard let date = SignOffDate.parse(value) else {
                log.warning(
                    "signoff.\(field.id)", at: position(row),
                    Message("not-a-date-text", en: "'\(value)' is not a date", zh: "'\(value)' 不是日期"))
                return (field, .text(value))
            }
            return (field, .date(date))
        case .text, .seal:
            return (field, .text(value))
        }
    }
}

/// How the form's labels look in a text export (headings with their weights, in-cell breaks removed).
struct SheetTextReader {
    let form: Form

    var columns: [ScoreColumn.Role: (start: Int, span: Int)] { form.columnPositions }
    var levelRoles: [ScoreColumn.Role] { form.levelRoles }

    func heading(_ indicator: Indicator) -> String {
        indicator.isLeaf
            ? indicator.name.zh
            : form.labels.groupHeading.filled([
                "name": indicator.name.zh, "weight": ExactDecimal.format(indicator.weight)
            ]).zh
    }

    func matches(_ squeezed: String, _ indicator: Indicator) -> Bool {
        squeezed == SheetTextImporter.squeeze(heading(indicator))
            || squeezed == SheetTextImporter.squeeze(indicator.name.zh)
    }

    func matches(_ squeezed: String, _ item: DeductionIndicator) -> Bool {
        let heading = form.labels.deductionHeading.filled(["name": item.name.zh, "cap": ExactDecimal.format(item.cap)])
            .zh
        return squeezed == SheetTextImporter.squeeze(heading) || squeezed == SheetTextImporter.squeeze(item.name.zh)
    }
}

extension Array where Element == String {
    subscript(safe index: Int) -> String { index >= 0 && index < count ? self[index] : "" }
}
