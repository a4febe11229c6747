import EvalSheetModel
import Foundation
import Synchronization

/// Changes the values of one evaluation file as an editor sends them (`evalsheet preview --edit`): each value
/// named by its field (`scores.pm-rules`, `funds.central.budget`, `narrative.problems`) and typed as a workbook's
/// cell holds it. The file's row of an export is changed and read back by the importer (one reader of typed
/// values, one set of messages), then written by the one in-place writer (`EvaluationFile`), so only the
/// edited values change in the file and its comments, order and quoting stay.
public struct EvaluationEditor: Sendable {
    public let form: Form
    /// The evaluation file: its path is what problems name, its folder what images are relative to.
    public let file: URL

    /// What the columns of this form's tables hold, kept between edits (the preview's, while no form changes).
    let known: ColumnTargets?

    public init(form: Form, file: URL, known: ColumnTargets? = nil) {
        self.form = form
        self.file = file
        self.known = known
    }

    public struct Edited: Sendable {
        /// The file's text with the edits made; as it was when none changed a value.
        public var text: String
        /// The fields whose values changed, in the file's order.
        public var changed: [String]
        /// Edits that could not be made (a score that is not a number, a field the form does not have), each
        /// named by its field; those fields keep their values.
        public var refused: [Diagnostic]
        /// Every field with its value after the edits (a refused one with the file's).
        public var fields: [Field]

        public init(text: String, changed: [String], refused: [Diagnostic], fields: [Field]) {
            self.text = text
            self.changed = changed
            self.refused = refused
            self.fields = fields
        }
    }

    /// A field an editor may change: its value as a workbook's cell holds it (empty: not given) and its name in
    /// the sheet's words (the workbook's head, under its group's: `核对：纸质表所填 合计`).
    public struct Field: Sendable, Equatable {
        public var field: String
        public var value: String
        public var label: String
    }

    /// Every field an editor may change, in the workbook's order.
    public func fields(of text: String) throws -> [Field] {
        let (table, targets) = try row(of: text)
        return fields(table, targets)
    }

    func fields(_ table: SpreadsheetTable, _ targets: [Int: SpreadsheetImporter.Target]) -> [Field] {
        targets.keys.sorted().map { column in
            let group = table.cell(0, column), head = table.cell(1, column)
            return Field(
                field: targets[column]!.field, value: table.cell(2, column),
                label: group.isEmpty || group == head ? head : group + " " + head)
        }
    }

    /// Every field's value, by field.
    public func values(of text: String) throws -> [String: String] {
        Dictionary(try fields(of: text).map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// `text` with `edits` made (field → typed value; an empty value removes the field).
    public func apply(_ edits: [(field: String, value: String)], to text: String) throws -> Edited {
        var (table, targets) = try row(of: text)
        let original = table.rows[2]
        var refused: [Diagnostic] = []
        var edited: [Int: String] = [:]
        for (field, value) in edits {
            guard let column = targets.first(where: { $0.value.field == field })?.key else {
                refused.append(
                    Diagnostic(
                        .error, file: file.path, at: nil, field: field,
                        Message(
                            "not-an-editable-field",
                            en: "\(field) is not a field of form \(form.id) that can be edited",
                            zh: "\(field) 不是表样 \(form.id) 中可以编辑的字段")))
                continue
            }
            table.rows[2][column] = value.trimmingCharacters(in: .whitespacesAndNewlines)
            edited[column] = field
        }
        let columns = targets.sorted { $0.key < $1.key }.map { (column: $0.key, target: $0.value) }
        var result = read(table, columns: columns)
        // A value the importer refuses keeps the file's: read again without it, so the field is not dropped.
        let bad = result.problems.filter { problem in
            problem.severity == .error && edited.values.contains(problem.field)
        }
        if !bad.isEmpty {
            for (column, field) in edited where bad.contains(where: { $0.field == field }) {
                table.rows[2][column] = original[column]
            }
            result = read(table, columns: columns)
            refused += bad.map { problem in
                // Said of the field, not of the workbook cell the importer read it from (`C3: `).
                var problem = problem
                let cell = problem.position.map { SpreadsheetTable.reference(row: $0.line - 1, column: $0.column - 1) }
                if let prefix = cell.map({ $0 + ": " }), problem.message.en.hasPrefix(prefix),
                    problem.message.zh.hasPrefix(prefix)
                {
                    problem.message.en.removeFirst(prefix.count)
                    problem.message.zh.removeFirst(prefix.count)
                }
                problem.file = file.path
                problem.position = nil
                return problem
            }
        }
        let folder = file.deletingLastPathComponent()
        var draft = result.draft.movingImages(from: folder, to: folder)
        draft.file = nil
        let (updated, outcome) = try EvaluationFile.updated(text, to: draft, form: form, file: file.path)
        let fields = fields(table, targets)
        guard case let .updated(changed) = outcome else {
            return Edited(text: text, changed: [], refused: refused, fields: fields)
        }
        return Edited(text: updated, changed: changed, refused: refused, fields: fields)
    }

    /// The field a problem is told beside: the editor's spelling of a declared indicator's (`indicators.output[1].score`,
    /// as the reader names its place in the file, is `indicators.output.2.score`; a problem of the whole item is
    /// told beside its name).
    public static func field(ofProblem field: String) -> String {
        guard field.hasPrefix("indicators."), let open = field.firstIndex(of: "["),
            let close = field[open...].firstIndex(of: "]"), let index = Int(field[field.index(after: open)..<close])
        else { return field }
        let rest = field[field.index(after: close)...]
        return field[..<open] + ".\(index + 1)" + (rest.isEmpty ? ".name" : rest)
    }

    /// The evaluation as an export's table (two head rows, its row third) and what each column holds.
    func row(of text: String) throws -> (SpreadsheetTable, [Int: SpreadsheetImporter.Target]) {
        var log = DiagnosticLog(file: file.path)
        guard let evaluation = EvaluationLoader.load(data: Data(text.utf8), file: file.path, log: &log) else {
            throw InputError(log.entries)
        }
        let draft = EvaluationDraft(evaluation, form: form)
        let table = SpreadsheetExporter.table([draft], form: form)
        return (table, known?.targets(table, form: form) ?? SpreadsheetExporter.columnTargets(table, form: form))
    }

    /// The row read back by the importer, its columns known (the export's: no head rows to recognise).
    func read(_ table: SpreadsheetTable, columns: [(column: Int, target: SpreadsheetImporter.Target)])
        -> SpreadsheetImporter.RowResult
    {
        SpreadsheetImporter(form: form, file: file).read(table, row: 2, columns: columns, year: nil)
    }
}

/// What each column of an export's table holds, by form and heads, kept while the forms stay as they are (the
/// preview makes a new one when a file under the forms changes): recognising the heads was 4–6 ms of an edit of
/// the reference sheet (release build), and a form's evaluations share a few sets of heads.
public final class ColumnTargets: Sendable {
    let known = Mutex<[String: [Int: SpreadsheetImporter.Target]]>([:])

    public init() {}

    func targets(_ table: SpreadsheetTable, form: Form) -> [Int: SpreadsheetImporter.Target] {
        let key = form.id + "\u{1}" + table.rows.prefix(2).flatMap { $0 }.joined(separator: "\u{1}")
        if let found = known.withLock({ $0[key] }) { return found }
        let targets = SpreadsheetExporter.columnTargets(table, form: form)
        known.withLock { known in
            if known.count >= 64 { known.removeAll() }
            known[key] = targets
        }
        return targets
    }
}
