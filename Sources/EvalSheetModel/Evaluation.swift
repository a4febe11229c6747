import Foundation

/// One evaluated project, as written in `Samples/…/*.yaml`: the values an evaluator fills in.
/// Figures are exact decimals; positions are kept so that every check can point at its source.
public struct Evaluation: Sendable {
    public var file: String
    public var formID: String
    public var year: Int
    public var draft: Bool
    /// Header values by field id, as written (a budget code keeps its leading zeros).
    public var header: [String: Located<String>]
    public var scores: [String: Located<Decimal>]
    public var deductions: [String: Located<Decimal>]
    public var narrative: [String: [Paragraph]]
    /// English versions of narrative sections (`narrative_en`), for English and bilingual sheets.
    public var narrativeEnglish: [String: [Paragraph]] = [:]
    /// The English of header values (`header_en`: the unit's and the project's names), for English and
    /// bilingual sheets; a value without one prints as written.
    public var headerEnglish: [String: Located<String>] = [:]
    /// The English of sign-off names and texts (`signoff_en`: the team's names in pinyin, the institution's).
    public var signoffEnglish: [String: Located<SignOffValue>] = [:]
    /// Budget figures per funds row (万元), on forms with a funds table.
    public var funds: [String: FundsFigures] = [:]
    /// Expected goals and actual results, on forms with a goals block.
    public var goals = Goals()
    /// Indicators the evaluation declares, by the form group they belong to.
    public var declared: [String: [DeclaredIndicator]] = [:]
    public var recommendation: Located<String>?
    public var signoff: [String: Located<SignOffValue>]
    /// Seal and signature images by sign-off field (`seal: {image: seal.png}`), read when loaded.
    public var signoffImages: [String: Located<SignOffImage>] = [:]
    public var typed: TypedFigures
    public var position: SourcePosition?
    /// Where each top-level field starts, for problems about a field as a whole (a missing score).
    public var fieldPositions: [String: SourcePosition] = [:]
    /// Weights this evaluation gives the indicators its form leaves to be chosen (`chosen: true`), by id.
    public var weights: [String: Located<Decimal>] = [:]
    /// Values this evaluation gives the form's own indicators, by indicator id and key (`values: {budget-rate:
    /// {remark: 无}}`): what a sheet prints in its columns for them (扣分原因, 数据项), beside the form's `fields`.
    public var values: [String: [String: Located<String>]] = [:]
    /// Where each key and text was read, for problems found after loading that must point at a value's own line
    /// (a character without a glyph in the third paragraph of a section).
    public var sourceMap = SourceMap()

    /// Where a field's key stands: for `header.project` the `project:` line inside `header:`; the top-level
    /// key where the inner one was not written (a list, or a value written inline).
    public func position(ofField path: String) -> SourcePosition? {
        sourceMap.position(ofKey: path) ?? path.split(separator: ".").first.flatMap { fieldPositions[String($0)] }
    }

    /// Where `character` first occurs in the top-level field `field`: the value's own line and column; the
    /// field's key when no value there holds it.
    public func position(of character: Character, inField field: String) -> SourcePosition? {
        sourceMap.position(of: character, inField: field) ?? fieldPositions[field]
    }
}

/// A value with the position it was read from.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var position: SourcePosition?
    public var field: String
}

public enum SignOffValue: Sendable, Equatable {
    case text(String)
    case names([String])
    case date(SignOffDate)
}

public struct SignOffDate: Sendable, Equatable, Comparable {
    public var year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Accepts `2021-09-27` and `2021年9月27日`; checks that the day exists.
    public static func parse(_ text: String) -> SignOffDate? {
        let parts: [Int]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("年") {
            let scalars = trimmed.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            guard scalars.hasSuffix("日") else { return nil }
            parts = scalars.dropLast().split(separator: "-", omittingEmptySubsequences: false).compactMap { Int($0) }
        } else {
            let pieces = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard pieces.count == 3, pieces[0].count == 4, pieces.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
                return nil
            }
            parts = pieces.compactMap { Int($0) }
        }
        guard parts.count == 3 else { return nil }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard (1900...2999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        return SignOffDate(year: year, month: month, day: day)
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

public struct FundsFigures: Sendable {
    public var initial: Located<Decimal>?
    public var budget: Located<Decimal>?
    public var executed: Located<Decimal>?
    /// The text of the form's `note` column (原因, 说明).
    public var note: String?
    public var position: SourcePosition?
    public init() {}
}

public struct Goals: Sendable {
    public var expected: [Paragraph] = []
    public var actual: [Paragraph] = []
    /// The texts of the form's goals notes, by note id, with where each was given.
    public var notes: [String: [Paragraph]] = [:]
    public var notePositions: [String: SourcePosition] = [:]
    public init() {}
}

/// A level-3 indicator an evaluation declares itself: `培训人次 ≥ 500人次`, its actual value, points, score.
public struct DeclaredIndicator: Sendable {
    public var name: LocalizedText
    public var target: String
    public var actual: String
    public var points: Located<Decimal>
    public var score: Located<Decimal>?
    public var deviation: String
    public var position: SourcePosition?
    public var field: String
    /// Values for the form's `field` columns (`fields: {unit: 人次}`), with the line of each.
    public var fields: [String: Located<String>] = [:]
    /// Whether the evaluation gives the points (a form that scores nothing takes none; one that scores needs them).
    public var pointsGiven = true
}

/// Figures an evaluator typed on the sheet; each is checked against the computed one.
public struct TypedFigures: Sendable {
    public var fundsRate: Located<Decimal>?
    public var fundsScore: Located<Decimal>?
    public var groups: [String: Located<Decimal>] = [:]
    public var subtotal: Located<Decimal>?
    public var deductions: Located<Decimal>?
    public var total: Located<Decimal>?
    public var grade: Located<String>?
    public init() {}
}

/// A paragraph of narrative: runs of text, some emphasised (`**…**` in the source).
public struct Paragraph: Sendable, Equatable {
    public struct Run: Sendable, Equatable {
        public var text: String
        public var bold: Bool

        public init(text: String, bold: Bool) {
            self.text = text; self.bold = bold
        }
    }

    public var runs: [Run]

    public var plainText: String { runs.map(\.text).joined() }

    public init(runs: [Run]) { self.runs = runs }

    /// Parses `**bold**` emphasis; a lone `**` is kept as text.
    public init(markup: String) {
        // A byte scan first: Foundation's search through every paragraph was 1.4 % of a batch's time.
        let star = UInt8(ascii: "*")
        let hasMarkup = zip(markup.utf8, markup.utf8.dropFirst()).contains { $0 == star && $1 == star }
        let pieces = hasMarkup ? markup.components(separatedBy: "**") : [markup]
        guard pieces.count >= 3, pieces.count % 2 == 1 else {
            runs = [Run(text: markup, bold: false)]
            return
        }
        runs = pieces.enumerated().compactMap { index, text in
            text.isEmpty ? nil : Run(text: text, bold: index % 2 == 1)
        }
    }

    public var markup: String {
        runs.map { $0.bold ? "**\($0.text)**" : $0.text }.joined()
    }
}
