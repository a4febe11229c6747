import Foundation

/// Rows of the opinion table that a form may keep with the row before them.
public enum KeptRow: String, Sendable, CaseIterable {
    case recommendation, signoff
}

/// What a sheet prints for a group whose indicators each evaluation declares when an evaluation declares
/// none under it: the group's row with empty cells (as the blank form), or nothing (as filled-in sheets
/// print only the rows used; a level-1 group keeps at least its first group).
public enum EmptyGroups: String, Sendable, CaseIterable {
    case show, hide
}

/// A line of text the form prints outside its tables: above the title (报表编号：{code}) or below the last
/// table (填表人：… 联系电话：…). Its placeholders are the header fields' ids and `{year}`.
public struct FreeLine: Sendable {
    public enum Place: String, Sendable, CaseIterable { case above, below }
    public enum Alignment: String, Sendable, CaseIterable { case start, center, end }
    public var place: Place
    public var text: LocalizedText
    public var alignment: Alignment
}

/// One kind of sheet, read from `Layouts/<id>/form.yaml`: its labels, indicator framework, deduction
/// indicators, grade bands, narrative sections and sign-off. Nothing here is specific to one form.
public struct Form: Sendable {
    public var id: String
    public var title: LocalizedText  // contains `{year}`
    public var total: Decimal  // what the top-level weights add up to
    public var header: [HeaderField]
    public var columns: [ScoreColumn]
    public var indicators: [Indicator]
    public var deductions: DeductionBlock
    public var grades: GradeScale
    public var sections: [NarrativeSection]
    public var recommendation: RecommendationChoice
    public var signoff: [SignOffField]
    public var labels: FormLabels
    public var checks: FormChecks
    /// The parts of the sheet, in order. The default is the score table and the opinion table.
    public var blocks: [SheetBlock]
    /// A funds table with computed execution rates and score (the national self-evaluation sheet).
    public var funds: FundsBlock?
    /// Side-by-side expected goals and actual results.
    public var goals: GoalsBlock?
    public var style: PageStyle
    /// Rows of the opinion table never separated by a page break from the row before them
    /// (`keepWithPrevious: [recommendation, signoff]`): the sign-off then follows the last narrative's last
    /// lines onto a page instead of standing alone under the repeated head.
    public var keepWithPrevious: Set<KeptRow> = []
    /// `scored: false`: the form scores nothing (a goal-approval form): no weights, scores, totals or grade;
    /// evaluations give targets and values only.
    public var scored = true
    /// `emptyGroups: hide`: declared groups without indicators are left out of the sheet.
    public var emptyGroups: EmptyGroups = .show
    /// Lines above the title and below the tables (`lines:`).
    public var lines: [FreeLine] = []
    /// The sheet drawn as a grid with bindings (`sheet:`); nil: the sheet is made of `blocks` and `columns`.
    public var template: SheetTemplate?
    /// What the engine draws: `template`, or the template the blocks expand into (`BlockSheet`), made once when
    /// the form is loaded (made for every sheet it was 0.17 % of a batch's instructions).
    public var drawnSheet = SheetTemplate(items: [])
    /// `form.yaml`, for messages and for content hashes.
    public var sourceFile: String

    /// Whether the funds table is part of the sheet (a block, or a template's, which binds what it prints).
    public var hasFunds: Bool { funds != nil && (template != nil || blocks.contains(.funds)) }

    /// The names of the values an indicator may give for the sheet's field columns: the `field` columns' keys,
    /// or the keys a template binds (`{node.field.unit}`).
    public var fieldKeys: [String] {
        guard template != nil else { return fieldColumns.map(\.key) }
        var keys: [String] = []
        for bound in boundValueKeys where !keys.contains(bound.key) { keys.append(bound.key) }
        return keys
    }

    /// The value keys the template binds, in its order, each with the level it binds them at (nil: the leaves,
    /// `{node.field.KEY}`; N: `{levelN.field.KEY}`).
    var boundValueKeys: [(level: Int?, key: String)] {
        (template?.bindings ?? []).compactMap { binding in
            guard binding.path.count == 3, binding.path[1] == "field" else { return nil }
            if binding.path[0] == "node" { return (nil, binding.path[2]) }
            guard binding.path[0].hasPrefix("level"), let level = Int(binding.path[0].dropFirst(5)) else { return nil }
            return (level, binding.path[2])
        }
    }

    /// The form's own indicators an evaluation may give values for (`values:`), in the tree's order, each with
    /// the keys its sheet prints: a leaf the `{node.field.KEY}` keys (or the `field` columns'), a group of level
    /// N the `{levelN.field.KEY}` keys (a 扣分原因 of the group's own).
    public var valuedIndicators: [(indicator: Indicator, keys: [String])] {
        var leafKeys: [String] = template == nil ? fieldColumns.map(\.key) : []
        var levelKeys: [Int: [String]] = [:]
        for (level, key) in boundValueKeys {
            if let level {
                if !(levelKeys[level] ?? []).contains(key) { levelKeys[level, default: []].append(key) }
            } else if !leafKeys.contains(key) {
                leafKeys.append(key)
            }
        }
        var result: [(indicator: Indicator, keys: [String])] = []
        func walk(_ node: Indicator, level: Int) {
            guard !node.declared else { return }
            let keys = node.isLeaf ? leafKeys : levelKeys[level] ?? []
            if !keys.isEmpty { result.append((node, keys)) }
            node.children.forEach { walk($0, level: level + 1) }
        }
        indicators.forEach { walk($0, level: 1) }
        return result
    }

    /// Depth of the indicator tree (2 to 4): its deepest branch's; indicators an evaluation declares count as a
    /// level. A branch may end higher (a level-2 indicator scored with no level 3 under it, as sheets print it).
    public var depth: Int { indicators.map(\.depth).max() ?? 0 }

    /// Whether a node of a sheet's tree (the evaluation's indicators in place) is one of the form's own scored
    /// indicators, rather than a group whose indicators the evaluation declares left with none (which the
    /// sheet's tree no longer marks as declared).
    public func scoresAsItStands(_ node: Indicator) -> Bool {
        node.isLeaf && indicator(id: node.id).map { !$0.declared } ?? false
    }

    /// The indicators the form itself scores (not the groups under which an evaluation declares its own).
    public var leaves: [Indicator] { indicators.flatMap { $0.leaves }.filter { !$0.declared } }

    /// Where each column role starts on the grid, and how many grid columns it spans.
    /// The `field` columns: each key with its place on the grid.
    public var fieldColumns: [(key: String, start: Int, span: Int)] {
        var result: [(key: String, start: Int, span: Int)] = []
        var start = 0
        for column in columns {
            if column.role == .field, let key = column.key { result.append((key, start, column.span)) }
            start += column.span
        }
        return result
    }

    public var columnPositions: [ScoreColumn.Role: (start: Int, span: Int)] {
        var result: [ScoreColumn.Role: (start: Int, span: Int)] = [:]
        var start = 0
        for column in columns {
            result[column.role] = (start, column.span)
            start += column.span
        }
        return result
    }

    /// The roles of the indicator-level columns, from level 1 to the deepest.
    public var levelRoles: [ScoreColumn.Role] {
        Array([ScoreColumn.Role.level1, .level2, .level3, .level4].prefix(depth))
    }

    /// Groups whose children are alternatives (二者择其一).
    public var alternativeGroups: [Indicator] {
        func walk(_ node: Indicator) -> [Indicator] { (node.alternatives ? [node] : []) + node.children.flatMap(walk) }
        return indicators.flatMap(walk)
    }

    /// Groups under which each evaluation declares its own indicators.
    public var declaredGroups: [Indicator] { indicators.flatMap { $0.leaves }.filter(\.declared) }

    public func indicator(id: String) -> Indicator? {
        func find(_ nodes: [Indicator]) -> Indicator? {
            for node in nodes {
                if node.id == id { return node }
                if let hit = find(node.children) { return hit }
            }
            return nil
        }
        return find(indicators)
    }
}

public struct HeaderField: Sendable {
    /// `choice`: one of `options`, printed as every option with its mark (经常性项目(√)一次性项目()).
    public enum Kind: String, Sendable, CaseIterable { case text, money, choice }
    public var id: String
    /// The header row the field is printed in (0 for the first).
    public var row: Int = 0
    public var label: LocalizedText
    public var kind: Kind
    /// Grid columns taken by the label cell and the value cell.
    public var labelSpan: Int
    public var valueSpan: Int
    /// Decimals printed for money.
    public var decimals: Int
    /// Whether an evaluation must fill it (`required: false`: printed blank when left out).
    public var required = true
    /// A choice's options, and the marks printed after the chosen one and the others.
    public var options: [LocalizedText] = []
    public var selectedMark = "(√)"
    public var unselectedMark = "()"

    /// A choice as printed: each option followed by its mark, the evaluation's `value` (an option's Chinese
    /// or English) ticked.
    public func marked(_ value: String, language: Language) -> String {
        options.map { option in
            option.text(language) + (option.zh == value || option.en == value ? selectedMark : unselectedMark)
        }.joined()
    }
}

/// A column of the score table. `role` says what the engine puts in it.
public struct ScoreColumn: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case level1, level2, level3, level4, weight, notes, score, groupTotal
        /// The table's own title, merged over all its rows (绩效指标).
        case section
        /// An evaluation-declared indicator's target value, actual value, and deviation note.
        case target, actual, deviation
        /// A named value of each indicator (指标性质, 度量单位, 未完成原因), given by the form for its indicators
        /// and by the evaluation for those it declares; `key` names it.
        case field
    }
    public var role: Role
    public var label: LocalizedText
    public var span: Int
    /// Decimals printed in the column's figures (`89.974` with 3); nil: as the figure is, without trailing zeros.
    public var decimals: Int?
    /// For a `field` column: the name of the value (`unit`), as indicators give it under `fields:`.
    public var key: String?
    /// A head over this column and its neighbours with the same group (年度指标值 over 指标性质, 指标值 and
    /// 度量单位): the head is then two rows, a column outside every group spanning both.
    public var group: LocalizedText?
}

public struct Indicator: Sendable {
    public var id: String
    public var name: LocalizedText
    public var weight: Decimal
    /// 评分说明, on leaves.
    public var notes: LocalizedText?
    public var children: [Indicator]
    public var position: SourcePosition?
    /// A leaf each evaluation chooses to use or not, and weighs itself (`weights:`), its weight in the form the
    /// most it may be given (0: no limit); the chosen ones and the fixed ones add up to the parent's weight.
    public var chosen = false
    /// The weight's range when each evaluation's declared points decide it (`weight: {min: 0, max: 90}`);
    /// `weight` is then the range's top until an evaluation's indicators are in place.
    public var weightRange: ClosedRange<Decimal>?
    /// Its children are declared by each evaluation (level-3 indicators of the national self-evaluation sheet).
    public var declared = false
    /// A group scored on a base of its own (`base: 100`): its children's weights add up to the base, and its
    /// score counts towards its parent as score × weight / base (a section worth 50 of 100, scored out of 100).
    public var base: Decimal?
    /// Its children are alternatives (二者择其一), each worth the group's whole weight: each evaluation scores
    /// one of them, and only that one is on its sheet.
    public var alternatives = false
    /// Values for the form's `field` columns, by key (`unit: 人次`), and where the form gives them.
    public var fields: [String: LocalizedText] = [:]
    public var fieldsPosition: SourcePosition?
    /// For an evaluation-declared indicator: its target (≥ 500人次), actual value and deviation note.
    public var target: String?
    public var actual: String?
    public var deviation: String?

    public var isLeaf: Bool { children.isEmpty }
    /// What the children's weights add up to: the base, for a group scored on its own.
    public var childWeight: Decimal { base ?? weight }
    public var depth: Int { 1 + (children.map(\.depth).max() ?? (declared ? 1 : 0)) }
    public var leaves: [Indicator] { isLeaf ? [self] : children.flatMap(\.leaves) }
}

/// 逆向指标: items that can only subtract, each down to its cap.
public struct DeductionBlock: Sendable {
    public var title: LocalizedText
    public var action: LocalizedText  // 扣分处理, printed in the level-3 column
    public var items: [DeductionIndicator]
}

public struct DeductionIndicator: Sendable {
    public var id: String
    public var name: LocalizedText
    /// The lowest allowed deduction, negative (−10 means at most 10 points off).
    public var cap: Decimal
    /// Whether the heading shows `(−10分)`; the reference sheet omits it on one item.
    public var showCap: Bool
    public var notes: LocalizedText
    public var position: SourcePosition?
}

public struct GradeScale: Sendable {
    /// Printed verbatim in the grade row, e.g. `等级(90(含)-100分为优、…)`.
    public var caption: LocalizedText
    /// Highest first; each band's lower bound is inclusive.
    public var bands: [GradeBand]

    public func grade(for total: Decimal) -> GradeBand? {
        bands.first { total >= $0.minimum }
    }
}

public struct GradeBand: Sendable {
    public var minimum: Decimal
    public var name: LocalizedText
}

public struct NarrativeSection: Sendable {
    public var id: String
    public var title: LocalizedText
    /// The explanatory subtitle printed after the title, e.g. `（包括…等方面）`.
    public var subtitle: LocalizedText?
    public var required: Bool
}

public struct RecommendationChoice: Sendable {
    public var title: LocalizedText
    public var options: [RecommendationOption]
    /// The mark printed for the selected option (√).
    public var selectedMark: String
    public var separator: LocalizedText
    public var terminator: LocalizedText
}

public struct RecommendationOption: Sendable {
    public var id: String
    public var label: LocalizedText
    /// What the option shows when not selected (the reference sheet prints ○ and □).
    public var unselectedMark: String
}

public struct SignOffField: Sendable {
    /// `seal` prints only its label, a place for the unit's seal.
    public enum Kind: String, Sendable { case text, names, date, seal }
    public var id: String
    public var label: LocalizedText
    public var kind: Kind
    /// Whether an evaluation must fill it (`required: false`: printed with its label alone when left out).
    public var required = true
    /// The most room an image given for the field takes (`imageSize`), in millimetres; the image keeps its
    /// shape and is never wider than its cell.
    public var imageSize: ImageSize

    public init(id: String, label: LocalizedText, kind: Kind) {
        self.id = id; self.label = label; self.kind = kind
        imageSize = kind == .seal ? .seal : .signature
    }

    public struct ImageSize: Sendable, Equatable {
        public var width: Double
        public var height: Double
        public init(width: Double, height: Double) { self.width = width; self.height = height }
        /// A unit's round seal is 42 mm across (40–45 mm by rank).
        public static let seal = ImageSize(width: 42, height: 42)
        /// A handwritten name, as on a signature line.
        public static let signature = ImageSize(width: 40, height: 15)
    }
}

/// Labels the engine prints that are not indicator or section names.
public struct FormLabels: Sendable {
    /// The placeholders each label may hold, filled when the sheet is printed (`{name}`, `{page}`); a label
    /// not listed holds none. The form's `title` may hold `{year}`.
    public static let placeholders: [String: [String]] = [
        "groupHeading": ["name", "weight"], "deductionHeading": ["name", "cap"], "footer": ["page", "pages"],
        "runningHeader": ["code", "project"], "dateFormat": ["year", "month", "day", "monthName"],
        "volumeTitle": ["title"], "volumeCount": ["count"], "volumeIncomplete": ["missing"], "volumeFolio": ["page"],
        "volumeDrafts": ["drafts"]
    ]
    public var subtotal: LocalizedText
    public var deductionSubtotal: LocalizedText
    public var total: LocalizedText
    public var noWeight: LocalizedText  // —— in the 评分说明 column of the subtotal rows
    public var contentHead: LocalizedText  // 内容
    public var opinionHead: LocalizedText  // 评价意见
    public var groupHeading: LocalizedText  // {name}\n({weight}分)
    public var deductionHeading: LocalizedText  // {name}\n({cap}分)
    public var continued: LocalizedText  // （续）
    public var footer: LocalizedText  // 第 {page} 页 共 {pages} 页
    public var runningHeader: LocalizedText  // {code} {project}
    public var signoffSeparator: LocalizedText  // ：
    public var nameSeparator: LocalizedText  // 、
    public var dateFormat: LocalizedText  // {year}年{month}月{day}日
    /// The bound volume of a batch: its title, contents heading, count line and contents columns.
    public var volumeTitle: LocalizedText  // {title}汇编
    public var volumeContents: LocalizedText  // 目录
    public var volumeCount: LocalizedText  // 共 {count} 份
    public var volumeSerial: LocalizedText  // 序号
    public var volumePage: LocalizedText  // 页码
    public var volumeGrade: LocalizedText  // 等级
    /// Optional (defaults below): the volume's own page number on every page of a bound sheet, and the
    /// cover's mark of a volume bound without some sheets.
    public var volumeFolio = FormLabels.defaultVolumeFolio  // 汇编第 {page} 页
    public var volumeIncomplete = FormLabels.defaultVolumeIncomplete  // 不完整：缺 {missing} 份
    /// The cover's mark of a volume that binds drafts (`batch --volume --include-drafts`).
    public var volumeDrafts = FormLabels.defaultVolumeDrafts  // 含草稿 {drafts} 份（非最终稿）
    /// The stamp on every page of a draft (`draft: true`), whose missing scores and totals print blank.
    public var draftMark = FormLabels.defaultDraftMark  // 草稿
    public static let defaultDraftMark = LocalizedText(zh: "草稿", en: "DRAFT")

    public static let defaultVolumeFolio = LocalizedText(zh: "汇编第 {page} 页", en: "Volume page {page}")
    public static let defaultVolumeIncomplete = LocalizedText(
        zh: "不完整：缺 {missing} 份", en: "Incomplete: {missing} missing")
    public static let defaultVolumeDrafts = LocalizedText(
        zh: "含草稿 {drafts} 份（非最终稿）", en: "Includes {drafts} drafts (not final)")
}

/// Cross-checks a reviewer wants to see as warnings.
public struct FormChecks: Sendable {
    /// A regular expression whose first group captures an amount in 元 stated in the narrative
    /// that should agree with the header budget (in 万元) to the printed decimals.
    public var budgetInNarrative: String?
}

/// A part of a sheet, printed in the order the form lists them.
public enum SheetBlock: String, Sendable, CaseIterable {
    case funds, goals, indicators, opinion, signatures
}

/// 项目资金（万元）: budget figures per source of funds, with the execution rate and its score computed.
public struct FundsBlock: Sendable {
    public struct Column: Sendable {
        /// `note`: a free text of each row given by the evaluation (原因, 说明).
        public enum Role: String, Sendable, CaseIterable { case initial, budget, executed, points, rate, score, note }
        public var role: Role
        public var label: LocalizedText
        /// Decimals printed (and, for the rate and score, kept when computing); nil: 2, or exact for points.
        public var decimals: Int?

        public init(role: Role, label: LocalizedText, decimals: Int?) {
            self.role = role; self.label = label; self.decimals = decimals
        }
    }

    public struct Row: Sendable {
        public var id: String
        public var label: LocalizedText
        /// Points for the execution rate (the total row carries 10); nil: the row is not scored.
        public var points: Decimal?
        /// The rows this one adds up (年度资金总额 = 财政拨款 + 上年结转 + 其他资金): its figures are computed from
        /// theirs, and figures an evaluation gives for it are checked against them. Empty: given as is.
        public var sumOf: [String] = []
    }

    public var title: LocalizedText
    public var columns: [Column]
    public var rows: [Row]
    /// Printed in a cell that does not apply (the points and score of a row without points): `—`, or `/`.
    public var notApplicable = LocalizedText(zh: "—")
    /// Printed as the rate of a row whose full-year budget is zero (nothing to divide by): blank, or `0.00%`.
    public var rateWithoutBudget = LocalizedText(zh: "")
    /// The score of the scored row when its full-year budget is zero, as the form declares it (Guichi's sheet
    /// prints 0 0 0 | 10 | 0 | 0); nil: the row needs a budget above zero, an error otherwise.
    public var scoreWithoutBudget: Decimal?

    /// The decimals of a computed column (rate, score): as declared, else 2.
    public func decimals(_ role: Column.Role) -> Int { columns.first { $0.role == role }?.decimals ?? 2 }
}

/// 年度总体目标: expected goals and actual results, side by side; on some forms (项目基本情况) with a caption
/// beside them (1.项目年度目标完成情况) and further narrative rows under them (2.项目实施内容及过程概述).
public struct GoalsBlock: Sendable {
    public var title: LocalizedText
    public var expected: LocalizedText
    public var actual: LocalizedText
    /// A label in a column of its own, beside the heads and the texts of the goals.
    public var caption: LocalizedText?
    /// Rows under the goals, each its label in the caption column and an evaluation's text across the two.
    public var notes: [GoalsNote] = []

    public init(
        title: LocalizedText, expected: LocalizedText, actual: LocalizedText, caption: LocalizedText? = nil,
        notes: [GoalsNote] = []
    ) {
        self.title = title; self.expected = expected; self.actual = actual; self.caption = caption; self.notes = notes
    }

    /// Three columns (title, expected, actual), or four with a caption column.
    public var hasCaptionColumn: Bool { caption != nil || !notes.isEmpty }
    public var columnCount: Int { hasCaptionColumn ? 4 : 3 }
}

/// A narrative row of the goals table: `goals.ID` in an evaluation.
public struct GoalsNote: Sendable {
    public var id: String
    public var label: LocalizedText
}
