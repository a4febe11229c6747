import Foundation

/// A form's sheet drawn as a grid (`sheet:` in form.yaml): lines of text and tables, each table a list of
/// rows on its own columns, each cell literal text or bindings to the evaluation and the computed model
/// (`{header.project}`, `{funds.total.rate}`, `{node.score}`). A row may be a band that repeats over a list
/// (funds rows, the indicator tree's leaves, narrative sections, sign-off fields). `TemplateExpander` turns
/// it into the logical tables every backend renders; the scoring model (indicators, funds, grades) stays
/// in the rest of the form.
public struct SheetTemplate: Sendable {
    public enum Item: Sendable {
        case line(TemplateLine)
        case table(TemplateTable)
    }
    public var items: [Item]

    public var tables: [TemplateTable] {
        items.compactMap { if case let .table(table) = $0 { return table } else { return nil } }
    }

    /// Every binding the template uses, with its place (for the keys of field values an evaluation may give).
    public var bindings: [TemplateBinding] {
        var result: [TemplateBinding] = []
        for item in items {
            switch item {
            case let .line(line): result += line.text.bindings
            case let .table(table):
                result += table.rows.flatMap { ($0.cells + $0.groupHeads.joined()).flatMap(\.text.bindings) }
            }
        }
        return result
    }
}

/// A line of text between the title and a table or between two tables (一、项目基本情况; 金额单位：万元).
public struct TemplateLine: Sendable {
    public var text: TemplateText
    public var alignment: FreeLine.Alignment
}

public struct TemplateTable: Sendable {
    public var id: String
    /// Column widths in millimetres, scaled to the text block's width (their ratios are what counts).
    public var widths: [Double]
    public var rows: [TemplateRow]
    /// Printed straight under the table above, sharing its rule (`joined: true`), instead of after the form's gap.
    public var joined: Bool
    public var position: SourcePosition?
    /// For the tables a form's `blocks` expand into (`BlockSheet`): the block, and the HTML class it has
    /// always had (`score`, `opinion joined`); a template's own tables are `grid`.
    public var block: SheetBlock = .indicators
    public var className: String?
    /// The keep rule of its rows (`splitRowsTallerThan: 25`, percent of the page's text height): a row at most
    /// this tall moves to the next page whole, a taller one may split between its lines.
    public var splitRowsTallerThan = TemplateTable.defaultSplitRowsTallerThan
    /// A quarter of a page: a narrative of a few lines moves whole, a long one fills the page it starts on.
    public static let defaultSplitRowsTallerThan = 0.25
}

extension TemplateTable {
    /// Where each row's cells start, every band taken as one row: left to right, each in the first column no
    /// cell of a row above covers (as the expander places them). `covered` is each row's columns; `overflow`
    /// the first cell that would run past the grid (nothing after it is placed).
    public struct Placement {
        public var columns: [[Int]]
        public var covered: [[Bool]]
        public var overflow: (row: Int, cell: Int, column: Int)?
    }

    public var placement: Placement {
        let width = widths.count
        var result = Placement(
            columns: [], covered: Array(repeating: Array(repeating: false, count: width), count: rows.count))
        for (index, row) in rows.enumerated() {
            var starts: [Int] = []
            var column = 0
            for (number, cell) in row.cells.enumerated() {
                while column < width && result.covered[index][column] { column += 1 }
                guard column + cell.span <= width else {
                    result.overflow = (index, number, column)
                    result.columns.append(starts)
                    return result
                }
                let last = min(rows.count - 1, index + (row.band == nil ? cell.rows : 1) - 1)
                for r in index...last { for c in column..<(column + cell.span) { result.covered[r][c] = true } }
                starts.append(column)
                column += cell.span
            }
            result.columns.append(starts)
        }
        return result
    }
}

/// What kind of text a cell holds; the form's style says how each kind looks.
public enum CellKind: Sendable, Equatable {
    case head  // column heads and header labels
    case value  // names, figures, header values
    case notes  // scoring notes
    case sectionLabel  // a narrative section's title and subtitle
    case narrative  // justified paragraphs
    case line  // a single left-aligned line (recommendation, sign-off)
}

/// The sides of a cell that are ruled (`rules:`), all four unless the form says: a signature row printed
/// open, a note standing under the table without its box. A side two cells share is drawn where either rules
/// it, as a border is in Word, in a spreadsheet and in a browser's collapsed table: a line between two cells
/// opens when both leave it out.
public struct CellRules: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let top = CellRules(rawValue: 1)
    public static let bottom = CellRules(rawValue: 2)
    public static let left = CellRules(rawValue: 4)
    public static let right = CellRules(rawValue: 8)
    public static let all: CellRules = [.top, .bottom, .left, .right]
    /// The words a form writes, in the order messages list them.
    public static let sides: [(name: String, side: CellRules)] = [
        ("top", .top), ("bottom", .bottom), ("left", .left), ("right", .right)
    ]
}

/// Room inside one cell (`padding:`), in millimetres; a side left nil takes the style's `cellPaddingX` or
/// `cellPaddingY`.
public struct CellPadding: Sendable, Equatable {
    public var x: Double?
    public var y: Double?
    public init(x: Double?, y: Double?) { self.x = x; self.y = y }
    /// More room than this inside a cell is a mistake (a centimetre on each side leaves a 3 cm column nothing).
    public static let largest = 10.0
}

/// What a band repeats over.
public enum TemplateBand: String, Sendable, CaseIterable {
    /// The form's funds rows (`row.*`).
    case funds
    /// The leaves of the indicator tree with the evaluation's own indicators in place (`node.*`, `level1.*`…).
    case indicators
    /// The narrative sections (`section.*`).
    case sections
    /// The sign-off fields (`field.*`).
    case signoff
    /// The deduction indicators (`item.*`).
    case deductions
}

public struct TemplateRow: Sendable {
    public var cells: [TemplateCell]
    /// Repeats once per item of a list; nil: printed once.
    public var band: TemplateBand?
    /// Repeated at the top of every page the table continues on.
    public var head: Bool
    /// Never separated from the row above by a page break.
    public var keepWithPrevious: Bool
    public var position: SourcePosition?
    /// Printed once where the table starts, above any head rows (a block table's project rows).
    public var lead = false
    /// The row's outline entry (the recommendation's title).
    public var bookmark: TemplateText?
    /// An indicators band that keeps a level-1 group whose declared groups are all empty as the row of its
    /// first group (the block score table's rule), rather than leaving the group out.
    public var keepsEmptyLevel1 = false
    /// The placeholder rows each declared group prints (`slots: [指标1, 指标2, ……]`); empty: one row per indicator.
    public var slots: [String] = []
    /// Rows an indicators band prints before each level-1 group (`groupHeads:`), their cells binding that group
    /// (`{level1.name}`, `{level1.field.KEY}`: a section with a head of its own), kept with the group's first row.
    public var groupHeads: [[TemplateCell]] = []
    /// An indicators band over the groups of one level (`level: 1`: a row per level-1 group, `{node.*}` binding
    /// the group), rather than over the leaves.
    public var level: Int?
}

public struct TemplateCell: Sendable {
    /// How a cell of a band is merged over the band's rows.
    public enum Merge: Sendable, Equatable {
        /// One cell per row.
        case none
        /// One cell over the rows of each group of this level (1 for level-1 groups).
        case level(Int)
        /// One cell over all the band's rows.
        case band
    }
    public var text: TemplateText
    public var span: Int
    /// Rows of the template the cell spans downwards; a band counts as all the rows it prints.
    public var rows: Int
    public var kind: CellKind
    public var merge: Merge
    /// Shows its text and the form's `continued` label where a merged cell continues on another page.
    public var continued: Bool
    public var position: SourcePosition?
    /// Where its text stands across the cell (`align: end`: figures right-aligned); nil: as its kind sets it.
    public var alignment: FreeLine.Alignment?
    /// The sides the cell rules (`rules:`); all four unless the form says.
    public var rules = CellRules.all
    /// Room inside the cell (`padding:`); nil: the style's.
    public var padding: CellPadding?
    /// Set by `BlockSheet` only: the cell's role (a class in the HTML, `weight`, `header-label`), the column it
    /// starts in, the field it shows for messages, and, for a cell merged over its band, the rows after the
    /// band it covers too (绩效指标 over the subtotal and deduction rows).
    public var role = "template"
    public var column: Int?
    public var source: String?
    public var rowsAfterBand = 0
}

/// A cell's or line's text: literal text with bindings in braces, in Chinese and optionally English.
public struct TemplateText: Sendable {
    public enum Segment: Sendable {
        case literal(String)
        case binding(TemplateBinding)
    }
    public var zh: [Segment]
    public var en: [Segment]?

    public func segments(_ language: Language) -> [Segment] { language == .en ? en ?? zh : zh }

    public var bindings: [TemplateBinding] {
        (zh + (en ?? [])).compactMap { if case let .binding(binding) = $0 { return binding } else { return nil } }
    }

    /// The Chinese text of a text without bindings (a label); nil when it has bindings.
    public var literalText: String? {
        guard bindings.isEmpty else { return nil }
        return zh.map { if case let .literal(text) = $0 { return text } else { return "" } }.joined()
    }

    /// A single binding and nothing else (`{narrative.conclusion}`): such a cell takes the bound value's own
    /// kind of content (paragraphs).
    public var soleBinding: TemplateBinding? {
        guard zh.count == 1, case let .binding(binding) = zh[0] else { return nil }
        return binding
    }
}

/// `{funds.total.rate|2}`: a path into the evaluation or the computed model, with an optional format.
public struct TemplateBinding: Sendable, Equatable {
    public enum Format: Sendable, Equatable {
        /// Fixed decimals (`|2`: 10.00).
        case decimals(Int)
        /// As the figure is, without trailing zeros (`|exact`: 10, 43.2).
        case exact
    }
    public var path: [String]
    public var format: Format?
    /// The text printed around the value, `…` standing for it (`|(…分)`: `(25分)`); nothing at all is printed
    /// when the value is empty, as Dazhou's sheet prints a placeholder row's name without points beside ones
    /// with them.
    public var pattern: String?
    public var source: String

    /// Parses the inside of the braces; nil when it is not a binding (no path, or a part after `|` that is
    /// neither a format nor a pattern).
    public static func parse(_ inner: String) -> TemplateBinding? {
        let parts = inner.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let pathText = parts.first, !pathText.isEmpty else { return nil }
        let path = pathText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty) else { return nil }
        var binding = TemplateBinding(path: path, format: nil, pattern: nil, source: pathText)
        for part in parts.dropFirst() {
            if part == "exact", binding.format == nil {
                binding.format = .exact
            } else if let decimals = Int(part), (0...6).contains(decimals), binding.format == nil {
                binding.format = .decimals(decimals)
            } else if part.components(separatedBy: "…").count == 2, binding.pattern == nil {
                binding.pattern = part
            } else {
                return nil
            }
        }
        return binding
    }

    /// The value as printed: in its pattern, if it has one and the value is not empty.
    public func wrapped(_ value: String) -> String {
        guard let pattern, !value.isEmpty else { return value }
        return pattern.replacingOccurrences(of: "…", with: value)
    }
}

extension TemplateText {
    /// Splits `项目名称：{header.project}` into literal text and bindings; `{{` and `}}` stand for braces.
    /// Returns the text of the first malformed binding as the error.
    public static func parse(_ text: String) -> Result<[Segment], TemplateSyntaxError> {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" && next < text.endIndex && text[next] == "{" {
                literal.append("{"); index = text.index(after: next); continue
            }
            if character == "}" && next < text.endIndex && text[next] == "}" {
                literal.append("}"); index = text.index(after: next); continue
            }
            guard character == "{" else { literal.append(character); index = next; continue }
            guard let close = text[next...].firstIndex(of: "}") else {
                return .failure(TemplateSyntaxError(text: String(text[index...])))
            }
            let inner = String(text[next..<close])
            guard let binding = TemplateBinding.parse(inner) else {
                return .failure(TemplateSyntaxError(text: "{\(inner)}"))
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            segments.append(.binding(binding))
            index = text.index(after: close)
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return .success(segments)
    }
}

public struct TemplateSyntaxError: Error, Sendable {
    public var text: String
}
