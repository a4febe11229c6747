import EvalSheetTables
import Foundation

/// One project's line in the batch summary (index.html, summary.csv), kept in the manifest so that
/// shards can be summarised later without their inputs.
public struct BatchRow: Codable, Sendable, Equatable {
    /// Rendered (or unchanged since it was), failed with a reason, or not reached because the run was
    /// interrupted: every input of a run has a row, so that a summary never looks complete when it is not.
    public enum Status: String, Codable, Sendable {
        case rendered, failed, interrupted
        /// As the summary prints it.
        public var label: String {
            switch self {
            case .rendered: return "完成"
            case .failed: return "失败"
            case .interrupted: return "中断"
            }
        }
    }

    public struct Group: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var total: String
    }

    public var input: String
    public var code: String
    public var unit: String
    public var project: String
    public var budget: String
    public var groups: [Group]
    public var deductions: String
    public var total: String
    public var grade: String
    public var formTitle: String
    public var institution: String
    public var year: Int
    /// The grade's place among the form's bands, best first (0); for sorting and the grade chart.
    public var gradeRank: Int?
    public var status: Status = .rendered
    /// A draft (`draft: true` in its evaluation): rendered, stamped 草稿 on every page, and never counted as a
    /// final sheet (the summary says 草稿, the volume leaves it out unless asked to bind drafts).
    public var draft = false
    /// Why a sheet failed or was not rendered: its first problem, with file:line:column.
    public var reason: String = ""

    /// A sheet that failed or was not reached, with what is known of it (nothing, if it did not load).
    public init(input: String, status: Status, reason: String, sheet: ScoredSheet?) {
        if let sheet {
            self = BatchRow(sheet, input: input).marked(status, reason: reason)
        } else {
            self.input = input
            code = ""; unit = ""; project = ""; budget = ""; groups = []; deductions = ""; total = ""; grade = ""
            formTitle = ""; institution = ""; year = 0
        }
        self.status = status
        self.reason = reason
    }

    /// This row for a sheet that failed or was not reached: no totals or grade (computed from an invalid or
    /// unrendered sheet, they would mislead), with the status and reason.
    public func marked(_ status: Status, reason: String) -> BatchRow {
        var row = self
        row.groups = groups.map { Group(id: $0.id, name: $0.name, total: "") }
        row.deductions = ""; row.total = ""; row.grade = ""; row.gradeRank = nil
        row.status = status
        row.reason = reason
        return row
    }

    public init(_ sheet: ScoredSheet, input: String) {
        self.input = input
        code = sheet.codeValue ?? ""
        unit = sheet.header("unit")
        project = sheet.header("project")
        budget =
            sheet.form.header.first { $0.kind == .money }.map { SheetText(sheet, language: .zh).headerValue($0) } ?? ""
        let text = SheetText(sheet, language: .zh)
        groups = sheet.indicators.map { Group(id: $0.id, name: $0.name.zh, total: text.total($0)) }
        deductions = ExactDecimal.format(sheet.deductionTotal)
        total = text.total
        grade = text.gradeName
        gradeRank = sheet.gradeRank
        // The form's title for the whole year's volume: a header field it names (`{project}绩效自评表`) left out,
        // since the volume binds many projects.
        var values = ["year": String(sheet.evaluation.year)]
        for field in sheet.form.header { values[field.id] = "" }
        formTitle = SheetText(sheet, language: .zh).label(sheet.form.title.filled(values))
        if case let .text(name)? = sheet.evaluation.signoff["institution"]?.value {
            institution = name
        } else {
            institution = ""
        }
        year = sheet.evaluation.year
        draft = sheet.evaluation.draft
    }

    /// The status as the summary prints it: 完成, 草稿 (a draft that rendered), 失败 or 中断.
    public var statusLabel: String { status == .rendered && draft ? "草稿" : status.label }

    /// Whether the sheet is a final one: rendered and not a draft.
    public var isFinal: Bool { status == .rendered && !draft }
}

/// The K-th of N stable, disjoint shares of the inputs (`--shard K/N`).
public struct BatchShard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public static let whole = BatchShard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            return nil
        }
        self.init(index: k, count: n)
    }

    /// Whether an input (by its path relative to the batch folder) belongs to this share.
    public func contains(_ relative: String) -> Bool {
        count == 1 || Int(ContentHash.of(relative) % UInt64(count)) == index - 1
    }
}
