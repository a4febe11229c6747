import Foundation

/// Reads `form.yaml` and `style.yaml` of one folder in `Layouts/`, checking the framework's
/// arithmetic (child weights add up to the parent's, top-level weights to the total).
public enum FormLoader {
    public static func load(directory: URL) throws(InputError) -> Form {
        let formURL = directory.appendingPathComponent("form.yaml")
        let styleURL = directory.appendingPathComponent("style.yaml")
        var log = DiagnosticLog(file: formURL.path)
        var styleLog = DiagnosticLog(file: styleURL.path)
        let form = read(formURL, log: &log).flatMap { value in
            readStyle(styleURL, log: &styleLog).flatMap { style in
                readForm(value, style: style, file: formURL.path, log: &log)
            }
        }
        let all = log.entries + styleLog.entries
        guard let form, !all.contains(where: { $0.severity == .error }) else { throw InputError(all) }
        return form
    }

    static func read(_ url: URL, log: inout DiagnosticLog) -> YAMLValue? {
        guard let data = try? Data(contentsOf: url) else {
            log.error("", at: nil, Message("cannot-read-form", en: "cannot read the file", zh: "无法读取文件"))
            return nil
        }
        return YAMLDocument.parse(data, log: &log)
    }

    static func readStyle(_ url: URL, log: inout DiagnosticLog) -> PageStyle? {
        guard let value = read(url, log: &log) else { return nil }
        return StyleReader.read(value, log: &log)
    }

    static func readForm(_ value: YAMLValue, style: PageStyle, file: String, log: inout DiagnosticLog) -> Form? {
        guard var root = FieldReader(value, log: &log) else { return nil }
        let id = root.required("id", log: &log)?.string(log: &log)
        let titleValue = root.required("title", log: &log)
        let title = titleValue?.localized(log: &log)
        // A form that scores nothing (a goal-approval form, 绩效目标申报表) has no total and no weights.
        let scoredValue = root.optional("scored")
        let scored = scoredValue?.bool(log: &log) ?? true
        let total =
            scored
            ? root.required("total", log: &log)?.decimal(log: &log) : root.optional("total")?.decimal(log: &log) ?? 0
        let headerValues = root.required("header", log: &log)?.list(log: &log)
        checkUnique(headerValues, key: "id", what: "header field id", log: &log)
        let header = headerValues?.compactMap { readHeaderField($0, log: &log) }
        // The title may name a header field (服务贸易项目 as the project, on sheets without a 项目名称 row).
        if let titleValue, let title {
            checkPlaceholders(title, of: titleValue, allowed: ["year"] + (header ?? []).map(\.id), log: &log)
        }
        // A form that draws its sheet as a grid (`sheet:`) places everything there and has no score columns.
        let sheetValue = root.optional("sheet")
        let columnValues =
            sheetValue != nil && root.keyPosition("columns") == nil
            ? []
            : root.required("columns", log: &log)?.list(log: &log)
        checkUnique(columnValues, key: "key", what: "field column key", log: &log)
        let columns = columnValues?.compactMap { readColumn($0, log: &log) }
        if let columnValues { checkColumnGroups(columnValues, log: &log) }
        var ids = Set<String>()
        let before = log.entries.count
        // A sheet template prints scoring notes only where it binds them: a form without them needs none.
        let indicators = root.required("indicators", log: &log)?.list(log: &log)?
            .compactMap {
                readIndicator(
                    $0, ids: &ids, depth: 1, requireNotes: sheetValue == nil, requireWeight: scored, log: &log)
            }
        // An indicator that could not be read (a weight missing) would make every sum above it wrong: the
        // sums are checked only when the tree was read whole, so that one mistake gives one message.
        let treeRead = !log.entries[before...].contains { $0.severity == .error }
        let (deductions, grades, sections, recommendation) = readOptionalParts(&root, ids: &ids, log: &log)
        let blocks = root.optional("blocks").map { readBlocks($0, log: &log) } ?? [.indicators, .opinion]
        let funds = root.optional("funds").flatMap { readFunds($0, log: &log) }
        let goals = root.optional("goals").flatMap { readGoals($0, log: &log) }
        let signoffValues = root.required("signoff", log: &log)?.list(log: &log)
        checkUnique(signoffValues, key: "id", what: "sign-off field id", log: &log)
        let signoff = signoffValues?.compactMap { readSignOff($0, log: &log) }
        let labels = root.required("labels", log: &log).flatMap { readLabels($0, log: &log) }
        let checks = readChecks(root.optional("checks"), log: &log)
        let kept = root.optional("keepWithPrevious").map { readKeptRows($0, log: &log) } ?? []
        let emptyGroups = root.optional("emptyGroups").flatMap { readChoice($0, EmptyGroups.self, log: &log) } ?? .show
        let lines = root.optional("lines").map { readLines($0, header: header ?? [], log: &log) } ?? []
        root.reportUnknown(log: &log)

        guard let id, let title, let total, let header, let columns, let indicators, let deductions, let grades,
            let recommendation, let signoff, let labels
        else { return nil }
        var form = Form(
            id: id, title: title, total: total, header: header, columns: columns,
            indicators: indicators, deductions: deductions, grades: grades, sections: sections ?? [],
            recommendation: recommendation, signoff: signoff, labels: labels, checks: checks,
            blocks: blocks, funds: funds, goals: goals, style: style, sourceFile: file)
        form.keepWithPrevious = kept
        form.emptyGroups = emptyGroups
        form.scored = scored
        if !scored, let scoredValue, sheetValue == nil {
            log.error(
                scoredValue.path, at: scoredValue.position,
                Message(
                    "unscored-form-without-sheet",
                    en: "a form that scores nothing draws its sheet ('sheet:'): the blocks print scores",
                    zh: "不评分的表样要用 'sheet:' 画出评分表：固定栏块会打印评分"))
        }
        form.lines = lines
        if let sheetValue { form.template = readSheet(sheetValue, of: form, root: root, log: &log) }
        checkBlocks(form, at: root.keyPosition("blocks") ?? value.position, log: &log)
        checkArithmetic(form, root: root, sums: treeRead && scored, drawsOwnSheet: sheetValue != nil, log: &log)
        // Only a form without errors is drawn (its columns agree with its tree).
        if !log.hasErrors { form.drawnSheet = form.template ?? BlockSheet.template(form) }
        return form
    }

    /// Each item's `key` once in a list (the ids of header fields, sign-offs, sections, options, funds rows; the
    /// keys of field columns): a line written twice, the commonest editing slip, is an error at the second
    /// one's line. The evaluation's values are found by these ids: a sign-off written twice passed `validate`
    /// and stopped `render` with SIGILL.
    static func checkUnique(_ items: [YAMLValue]?, key: String, what: String, log: inout DiagnosticLog) {
        var seen: [String: SourcePosition?] = [:]
        for item in items ?? [] {
            guard let pair = item.mapping?.first(where: { $0.key == key }), let id = pair.value.scalarText else {
                continue
            }
            if let first = seen[id] {
                log.error(
                    pair.value.path, at: pair.value.position ?? pair.keyPosition,
                    Message(
                        "duplicate-id",
                        en:
                            "duplicate \(what) '\(id)'\(first.map { " (first at line \($0.line))" } ?? ""): each must be different",
                        zh: "\(what) '\(id)' 重复\(first.map { "（第一次在第 \($0.line) 行）" } ?? "")：每个都要不同")
                )
            } else {
                seen[id] = pair.value.position
            }
        }
    }

    /// One of a fixed set of words (`emptyGroups: hide`), or an error at its line naming them.
    static func readChoice<Choice: RawRepresentable & CaseIterable>(
        _ value: YAMLValue, _: Choice.Type, log: inout DiagnosticLog
    ) -> Choice?
    where Choice.RawValue == String {
        guard let word = value.string(log: &log) else { return nil }
        if let choice = Choice(rawValue: word) { return choice }
        let known = Choice.allCases.map(\.rawValue)
        let hint = Suggestions.didYouMean(word, among: known)
        log.error(
            value.path, at: value.position,
            Message(
                "not-one-of", en: "'\(word)' is not one of \(known.joined(separator: ", "))\(hint.en)",
                zh: "'\(word)' 不是以下之一：\(known.joined(separator: ", "))\(hint.zh)"))
        return nil
    }

    /// `lines`: text above the title or below the tables, its placeholders the header fields and the year.
    static func readLines(_ value: YAMLValue, header: [HeaderField], log: inout DiagnosticLog) -> [FreeLine] {
        (value.list(log: &log) ?? []).compactMap { item in
            guard var reader = FieldReader(item, log: &log) else { return nil }
            let place = reader.required("place", log: &log).flatMap { readChoice($0, FreeLine.Place.self, log: &log) }
            let textValue = reader.required("text", log: &log)
            let text = textValue?.localized(log: &log)
            let alignment =
                reader.optional("align").flatMap { readChoice($0, FreeLine.Alignment.self, log: &log) } ?? .start
            reader.reportUnknown(log: &log)
            if let textValue, let text {
                checkPlaceholders(text, of: textValue, allowed: header.map(\.id) + ["year"], log: &log)
            }
            guard let place, let text else { return nil }
            return FreeLine(place: place, text: text, alignment: alignment)
        }
    }

    /// `keepWithPrevious`: a list of opinion-table rows (recommendation, signoff), each checked at its line.
    static func readKeptRows(_ value: YAMLValue, log: inout DiagnosticLog) -> Set<KeptRow> {
        var kept = Set<KeptRow>()
        for item in value.list(log: &log) ?? [] {
            guard let name = item.string(log: &log) else { continue }
            if let row = KeptRow(rawValue: name) {
                kept.insert(row)
            } else {
                let known = KeptRow.allCases.map(\.rawValue)
                let hint = Suggestions.didYouMean(name, among: known)
                log.error(
                    item.path, at: item.position,
                    Message(
                        "not-keepable-row",
                        en:
                            "'\(name)' is not a row that can be kept with the one before it\(hint.en); use \(known.joined(separator: " or "))",
                        zh: "'\(name)' 不是可以与上一行保持在同一页的行\(hint.zh)；可用 \(known.joined(separator: " 或 "))")
                )
            }
        }
        return kept
    }

    /// Checks what the form's parts must agree on, each problem at the line of the key that states it.
    /// `drawsOwnSheet`: the form has a `sheet:` (read or not), so the score table's columns are not checked.
    /// Deductions, grades, narrative sections and the recommendation are optional: a form without them prints no
    /// such rows.
    /// (nil: a part that could not be read, which fails the form.)
    static func readOptionalParts(_ root: inout FieldReader, ids: inout Set<String>, log: inout DiagnosticLog) -> (
        DeductionBlock?, GradeScale?, [NarrativeSection]?, RecommendationChoice?
    ) {
        let deductions =
            root.optional("deductions").map { readDeductions($0, ids: &ids, log: &log) }
            ?? DeductionBlock(title: LocalizedText(zh: ""), action: LocalizedText(zh: ""), items: [])
        let grades =
            root.optional("grades").map { readGrades($0, log: &log) }
            ?? GradeScale(caption: LocalizedText(zh: ""), bands: [])
        let sectionValues = root.optional("sections").map { $0.list(log: &log) }
        checkUnique(sectionValues ?? nil, key: "id", what: "section id", log: &log)
        let sections: [NarrativeSection]? = sectionValues.map { $0?.compactMap { readSection($0, log: &log) } } ?? []
        let recommendation =
            root.optional("recommendation").map { readRecommendation($0, log: &log) }
            ?? RecommendationChoice(
                title: LocalizedText(zh: ""), options: [], selectedMark: "√",
                separator: LocalizedText(zh: "；"), terminator: LocalizedText(zh: "。"))
        return (deductions, grades, sections, recommendation)
    }

    /// A form's `sheet:`, which says how the sheet is drawn instead of `blocks` and `columns`.
    static func readSheet(_ sheetValue: YAMLValue, of form: Form, root: FieldReader, log: inout DiagnosticLog)
        -> SheetTemplate?
    {
        let template = SheetTemplateReader.read(sheetValue, form: form, log: &log)
        for key in ["blocks", "columns"] where root.keyPosition(key) != nil {
            log.error(
                key, at: root.keyPosition(key),
                Message(
                    "two-sheet-drawings", en: "'\(key)' and 'sheet' both say how the sheet is drawn: keep one",
                    zh: "'\(key)' 和 'sheet' 都规定了评分表的画法：只保留一个"))
        }
        return template
    }

    /// The funds and goals blocks need their definitions.
    static func checkBlocks(_ form: Form, at position: SourcePosition?, log: inout DiagnosticLog) {
        if form.blocks.contains(.funds) && form.funds == nil {
            log.error(
                "blocks", at: position,
                Message(
                    "funds-block-without-funds", en: "the funds block needs a 'funds' definition",
                    zh: "资金栏块需要 'funds' 定义"))
        }
        if form.blocks.contains(.goals) && form.goals == nil {
            log.error(
                "blocks", at: position,
                Message(
                    "goals-block-without-goals", en: "the goals block needs a 'goals' definition",
                    zh: "绩效目标栏块需要 'goals' 定义"))
        }
    }

    static func checkArithmetic(
        _ form: Form, root: FieldReader, sums: Bool, drawsOwnSheet: Bool, log: inout DiagnosticLog
    ) {
        let value = root.value
        let at: (String) -> SourcePosition? = { root.keyPosition($0) ?? value.position }
        if sums { checkWeights(form, at: at, log: &log) }
        checkFieldKeys(form, at: at, drawsOwnSheet: drawsOwnSheet, log: &log)
        checkGrids(form, at: at, drawsOwnSheet: drawsOwnSheet, log: &log)
        for (earlier, later) in zip(form.grades.bands, form.grades.bands.dropFirst())
        where later.minimum >= earlier.minimum {
            log.error(
                "grades.bands", at: at("grades"),
                Message(
                    "bands-out-of-order", en: "bands must be listed from the highest lower bound down",
                    zh: "等级区间要按下限从高到低排列"))
        }
    }

    /// The top-level weights (and the funds' points) make the form's total, and each group's children its weight
    /// (or base): ranges must be able to make it, chosen indicators must leave room, alternatives and groups whose
    /// points each evaluation declares are checked per evaluation.
    /// The top-level weights (and the funds' points) add up to the form's total, or can, where they are ranges
    /// (checked again for each evaluation).
    static func checkTopLevelWeights(_ form: Form, at: (String) -> SourcePosition?, log: inout DiagnosticLog) {
        let fundsPoints = form.funds?.rows.compactMap(\.points).reduce(Decimal(0), +) ?? 0
        let top = form.indicators.reduce(Decimal(0)) { $0 + $1.weight } + fundsPoints
        let lowest = form.indicators.reduce(Decimal(0)) { $0 + ($1.weightRange?.lowerBound ?? $1.weight) } + fundsPoints
        if form.indicators.contains(where: { $0.weightRange != nil }) {
            // Ranges: each evaluation's weights must be able to reach the total (checked again per evaluation).
            if !(lowest...top).contains(form.total) {
                log.error(
                    "total", at: at("total"),
                    Message(
                        "weight-range-misses-total",
                        en:
                            "the top-level weights\(fundsPoints > 0 ? " and the funds' points" : "") add up to \(ExactDecimal.format(lowest))–\(ExactDecimal.format(top)), which does not include the form's total \(ExactDecimal.format(form.total))",
                        zh:
                            "一级权重\(fundsPoints > 0 ? "与资金分值" : "")合计 \(ExactDecimal.format(lowest))–\(ExactDecimal.format(top))，不包括表样总分 \(ExactDecimal.format(form.total))"
                    ))
            }
        } else if top != form.total {
            log.error(
                "total", at: at("total"),
                Message(
                    "weights-not-total",
                    en:
                        "top-level weights\(fundsPoints > 0 ? " and the funds' points" : "") add up to \(ExactDecimal.format(top)), not the form's total \(ExactDecimal.format(form.total))",
                    zh:
                        "一级权重\(fundsPoints > 0 ? "与资金分值" : "")合计 \(ExactDecimal.format(top))，不等于表样总分 \(ExactDecimal.format(form.total))"
                )
            )
        }
    }

    static func checkWeights(_ form: Form, at: (String) -> SourcePosition?, log: inout DiagnosticLog) {
        checkTopLevelWeights(form, at: at, log: &log)
        func check(_ node: Indicator) {
            guard !node.isLeaf, !node.alternatives else { return }
            // Groups whose points each evaluation declares without a weight of their own (the national sheet's
            // level-2 groups, weight 0) are checked per evaluation; ranges must be able to make the group's weight.
            if node.children.contains(where: { $0.declared && $0.weight == 0 && $0.weightRange == nil }) { return }
            if node.children.contains(where: { $0.weightRange != nil }) {
                let low = node.children.reduce(Decimal(0)) { $0 + ($1.weightRange?.lowerBound ?? $1.weight) }
                let high = node.children.reduce(Decimal(0)) { $0 + $1.weight }
                if !(low...high).contains(node.childWeight) {
                    log.error(
                        "indicators.\(node.id)", at: node.position,
                        Message(
                            "child-weight-range",
                            en:
                                "child weights add up to \(ExactDecimal.format(low))–\(ExactDecimal.format(high)), which does not include \(ExactDecimal.format(node.childWeight))",
                            zh:
                                "下级权重合计 \(ExactDecimal.format(low))–\(ExactDecimal.format(high))，不包括 \(ExactDecimal.format(node.childWeight))"
                        ))
                }
                node.children.forEach(check)
                return
            }
            if node.children.contains(where: \.chosen) {
                // Each evaluation weighs the chosen ones; the fixed ones leave them the rest.
                let fixed = node.children.filter { !$0.chosen }.reduce(Decimal(0)) { $0 + $1.weight }
                if fixed >= node.childWeight {
                    log.error(
                        "indicators.\(node.id)", at: node.position,
                        Message(
                            "fixed-weights-fill-group",
                            en:
                                "the indicators that are not chosen add up to \(ExactDecimal.format(fixed)), leaving nothing of \(ExactDecimal.format(node.childWeight)) to the chosen ones",
                            zh:
                                "非自选指标合计 \(ExactDecimal.format(fixed))，已用完 \(ExactDecimal.format(node.childWeight))，自选指标没有分值可分"
                        )
                    )
                }
                return
            }
            let sum = node.children.reduce(Decimal(0)) { $0 + $1.weight }
            if sum != node.childWeight {
                log.error(
                    "indicators.\(node.id)", at: node.position,
                    node.base == nil
                        ? Message(
                            "child-weights",
                            en:
                                "child weights add up to \(ExactDecimal.format(sum)), not \(ExactDecimal.format(node.weight))",
                            zh: "下级权重合计 \(ExactDecimal.format(sum))，不等于 \(ExactDecimal.format(node.weight))")
                        : Message(
                            "child-weights-base",
                            en:
                                "child weights add up to \(ExactDecimal.format(sum)), not the base \(ExactDecimal.format(node.childWeight))",
                            zh: "下级权重合计 \(ExactDecimal.format(sum))，不等于基础分 \(ExactDecimal.format(node.childWeight))"))

            }
            node.children.forEach(check)
        }
        form.indicators.forEach(check)
    }

    /// An indicator's values go in the form's field columns, each key once.
    static func checkFieldKeys(
        _ form: Form, at: (String) -> SourcePosition?, drawsOwnSheet: Bool, log: inout DiagnosticLog
    ) {
        let keys = form.fieldKeys
        func checkFields(_ node: Indicator) {
            for key in node.fields.keys.sorted() where !keys.contains(key) {
                let hint = Suggestions.didYouMean(key, among: keys)
                log.error(
                    "indicators.\(node.id).fields.\(key)", at: node.fieldsPosition ?? node.position,
                    Message(
                        "not-a-field-column", en: "'\(key)' is not the key of a field column\(hint.en)",
                        zh: "'\(key)' 不是字段栏的键\(hint.zh)"))
            }
            node.children.forEach(checkFields)
        }
        // A sheet that could not be read binds no keys: its own errors say why, not one per value.
        if !drawsOwnSheet || form.template != nil { form.indicators.forEach(checkFields) }
        for key in Set(keys) where keys.filter({ $0 == key }).count > 1 {
            log.error(
                "columns", at: at("columns"),
                Message(
                    "duplicate-field-column", en: "two field columns have the key '\(key)'", zh: "有两个字段栏的键都是 '\(key)'"))
        }
    }

    /// The tree's depth and the tables' columns against the style's widths: level columns, the grid, the header
    /// rows, the goals, funds and signatures tables.
    static func checkGrids(_ form: Form, at: (String) -> SourcePosition?, drawsOwnSheet: Bool, log: inout DiagnosticLog)
    {
        let levelColumns = form.columns.filter { [.level1, .level2, .level3, .level4].contains($0.role) }.count
        if !(2...4).contains(form.depth) {
            log.error(
                "indicators", at: at("indicators"),
                Message(
                    "tree-depth",
                    en:
                        "the indicator tree is \(form.depth) level\(form.depth == 1 ? "" : "s") deep: its deepest branch must have from 2 to 4 levels",
                    zh: "指标体系有 \(form.depth) 级：最深的分支要有 2 到 4 级")
            )
        } else if !drawsOwnSheet && levelColumns != form.depth {
            log.error(
                "columns", at: at("columns"),
                Message(
                    "level-columns",
                    en:
                        "the table has \(levelColumns) indicator-level columns but the tree is \(form.depth) levels deep",
                    zh: "表格有 \(levelColumns) 个指标级次栏，而指标体系有 \(form.depth) 级"))
        }
        let gridSpan = form.columns.reduce(0) { $0 + $1.span }
        if !drawsOwnSheet && gridSpan != form.style.gridColumns.count {
            log.error(
                "columns", at: at("columns"),
                Message(
                    "grid-columns",
                    en: "columns span \(gridSpan) grid columns but style.yaml defines \(form.style.gridColumns.count)",
                    zh: "各栏共跨 \(gridSpan) 个网格列，而 style.yaml 定义了 \(form.style.gridColumns.count) 个"))
        }
        // The header rows sit on their own grid, or on the grid of the first block's table.
        let headerGrid =
            form.style.headerColumns?.count
            ?? form.blocks.first.map { form.style.columns(for: $0) }?.count ?? form.style.gridColumns.count
        for row in Set(form.header.map(\.row)) where !drawsOwnSheet {
            let span = form.header.filter { $0.row == row }.reduce(0) { $0 + $1.labelSpan + $1.valueSpan }
            if span != headerGrid {
                log.error(
                    "header", at: at("header"),
                    form.style.headerColumns == nil
                        ? Message(
                            "header-row-span",
                            en: "header row \(row + 1) spans \(span) grid columns but its table has \(headerGrid)",
                            zh: "表头第 \(row + 1) 行跨 \(span) 个网格列，而它的表格有 \(headerGrid) 列")
                        : Message(
                            "header-row-span-style",
                            en:
                                "header row \(row + 1) spans \(span) grid columns but style.yaml's headerColumns gives \(headerGrid)",
                            zh: "表头第 \(row + 1) 行跨 \(span) 个网格列，而 style.yaml 的 headerColumns 给出 \(headerGrid) 列"))
            }
        }
        checkBlockWidths(form, at: at, log: &log)
    }

    /// One width in style.yaml per column of the goals, funds and signatures tables.
    static func checkBlockWidths(_ form: Form, at: (String) -> SourcePosition?, log: inout DiagnosticLog) {
        if let goals = form.goals, form.blocks.contains(.goals),
            form.style.columns(for: .goals).count != goals.columnCount
        {
            log.error(
                "goals", at: at("goals"),
                Message(
                    "goals-widths",
                    en:
                        "the goals table has \(goals.columnCount) columns (\(goals.hasCaptionColumn ? "title, caption, expected, actual" : "title, expected, actual")) but style.yaml's goalsColumns gives \(form.style.columns(for: .goals).count) widths",
                    zh:
                        "绩效目标表有 \(goals.columnCount) 栏（\(goals.hasCaptionColumn ? "标题、说明、预期值、实际值" : "标题、预期值、实际值")），而 style.yaml 的 goalsColumns 给出 \(form.style.columns(for: .goals).count) 个宽度"
                ))
        }
        // One width per column of the funds and signatures tables too: a signatureColumns line deleted or
        // emptied left the sign-offs of the national form on the narrative's two columns, and `render` stopped
        // with an index out of range (found by scripts/reliability/form_corpus.py).
        if let funds = form.funds, form.blocks.contains(.funds),
            form.style.columns(for: .funds).count != funds.columns.count + 2
        {
            log.error(
                "funds", at: at("funds"),
                Message(
                    "funds-widths",
                    en:
                        "the funds table has \(funds.columns.count + 2) columns (the title, the row labels and \(funds.columns.count) figure columns) but style.yaml's fundsColumns gives \(form.style.columns(for: .funds).count) widths",
                    zh:
                        "资金表有 \(funds.columns.count + 2) 栏（标题、行名和 \(funds.columns.count) 个数字栏），而 style.yaml 的 fundsColumns 给出 \(form.style.columns(for: .funds).count) 个宽度"
                ))
        }
        if form.blocks.contains(.signatures), form.style.columns(for: .signatures).count != form.signoff.count {
            log.error(
                "signoff", at: at("signoff"),
                Message(
                    "signature-widths",
                    en:
                        "the signatures table has a column per sign-off field (\(form.signoff.count)) but style.yaml's signatureColumns gives \(form.style.columns(for: .signatures).count) widths",
                    zh:
                        "签署表每个签署栏字段一栏（共 \(form.signoff.count) 栏），而 style.yaml 的 signatureColumns 给出 \(form.style.columns(for: .signatures).count) 个宽度"
                ))
        }
    }

    static func readHeaderField(_ value: YAMLValue, log: inout DiagnosticLog) -> HeaderField? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let id = reader.required("id", log: &log)?.string(log: &log)
        let label = reader.required("label", log: &log)?.localized(log: &log)
        let kindText = reader.optional("kind")?.string(log: &log) ?? "text"
        let kind = HeaderField.Kind(rawValue: kindText)
        if kind == nil {
            log.error(
                "\(value.path).kind", at: value.position,
                Message("header-kind", en: "kind must be text, money or choice", zh: "kind 只能是 text、money 或 choice"))
        }
        let options = reader.optional("options")?.list(log: &log)?.compactMap { $0.localized(log: &log) } ?? []
        var marks: (String?, String?) = (nil, nil)
        if let marksValue = reader.optional("marks"), var marksReader = FieldReader(marksValue, log: &log) {
            marks = (
                marksReader.required("selected", log: &log)?.string(log: &log),
                marksReader.required("unselected", log: &log)?.string(log: &log)
            )
            marksReader.reportUnknown(log: &log)
        }
        if kind == .choice && options.count < 2 {
            log.error(
                "\(value.path).options", at: value.position,
                Message("choice-options", en: "a choice needs its options (two or more)", zh: "选择项要列出选项（两个或以上）"))
        } else if kind != .choice && !options.isEmpty {
            log.error(
                "\(value.path).options", at: reader.keyPosition("options"),
                Message(
                    "options-for-choice", en: "options are for a field of kind choice",
                    zh: "options 只用于 kind 为 choice 的字段"))
        }
        let labelSpan = reader.optional("labelSpan")?.integer(log: &log) ?? 1
        let valueSpan = reader.optional("valueSpan")?.integer(log: &log) ?? 1
        let decimals = reader.optional("decimals")?.integer(log: &log) ?? 2
        let row = reader.optional("row")?.integer(log: &log) ?? 0
        let required = reader.optional("required")?.bool(log: &log) ?? true
        reader.reportUnknown(log: &log)
        guard let id, let label, let kind else { return nil }
        var field = HeaderField(
            id: id, row: row, label: label, kind: kind, labelSpan: labelSpan, valueSpan: valueSpan, decimals: decimals)
        field.required = required
        field.options = options
        if let selected = marks.0 { field.selectedMark = selected }
        if let unselected = marks.1 { field.unselectedMark = unselected }
        return field
    }

    static func readColumn(_ value: YAMLValue, log: inout DiagnosticLog) -> ScoreColumn? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let roleText = reader.required("role", log: &log)?.string(log: &log)
        let label = reader.required("label", log: &log)?.localized(log: &log)
        let span = reader.optional("span")?.integer(log: &log) ?? 1
        let decimals = readDecimals(&reader, log: &log)
        let key = reader.optional("key")?.string(log: &log)
        let group = reader.optional("group")?.localized(log: &log)
        reader.reportUnknown(log: &log)
        guard let roleText, let label else { return nil }
        guard let role = ScoreColumn.Role(rawValue: roleText) else {
            let known = ScoreColumn.Role.allCases.map(\.rawValue).joined(separator: ", ")
            log.error(
                "\(value.path).role", at: value.position,
                Message(
                    "unknown-column-role", en: "unknown column role '\(roleText)' (known: \(known))",
                    zh: "未知的栏目角色 '\(roleText)'（可用：\(known)）"))
            return nil
        }
        if (role == .field) != (key != nil) {
            log.error(
                "\(value.path).key", at: value.position,
                role == .field
                    ? Message(
                        "field-column-key",
                        en: "a field column needs its 'key' (the name indicators give its value by)",
                        zh: "字段栏需要 'key'（各指标按这个名称给出它的值）")
                    : Message("key-outside-field-column", en: "only a field column has a 'key'", zh: "只有字段栏才有 'key'"))
        }
        var column = ScoreColumn(role: role, label: label, span: span)
        column.decimals = decimals
        column.key = key
        column.group = group
        return column
    }

    /// The columns of one group stand side by side (one head cell spans them): a group's name that comes
    /// back after another column is an error at the column that repeats it.
    static func checkColumnGroups(_ values: [YAMLValue], log: inout DiagnosticLog) {
        var closed = Set<String>()
        var previous: String?
        for value in values {
            guard let groupValue = value.mapping?.first(where: { $0.key == "group" })?.value else {
                if let previous { closed.insert(previous) }
                previous = nil
                continue
            }
            var scratch = DiagnosticLog(file: log.file)
            guard let name = groupValue.localized(log: &scratch)?.zh else { continue }
            if name != previous {
                if let previous { closed.insert(previous) }
                if closed.contains(name) {
                    log.error(
                        groupValue.path, at: groupValue.position,
                        Message(
                            "group-columns-apart",
                            en:
                                "the columns of the group '\(name)' must stand side by side (one head cell spans them); move this column next to the others",
                            zh: "分组 '\(name)' 的各栏要相邻（同一个表头单元格横跨它们）；请把这一栏移到其他栏旁边")
                    )
                }
            }
            previous = name
        }
    }

    /// `decimals:` of a column, 0 to 6.
    static func readDecimals(_ reader: inout FieldReader, log: inout DiagnosticLog) -> Int? {
        guard let value = reader.optional("decimals"), let decimals = value.integer(log: &log) else { return nil }
        guard (0...6).contains(decimals) else {
            log.error(
                value.path, at: value.position,
                Message("decimals-range", en: "decimals go from 0 to 6", zh: "小数位数为 0 到 6"))
            return nil
        }
        return decimals
    }

    static func readIndicator(
        _ value: YAMLValue, ids: inout Set<String>, depth: Int, requireNotes: Bool = true, requireWeight: Bool = true,
        log: inout DiagnosticLog
    ) -> Indicator? {
        guard depth <= 4 else {
            log.error(
                value.path, at: value.position,
                Message("tree-too-deep", en: "indicator trees are at most 4 levels deep", zh: "指标体系最多 4 级"))
            return nil
        }
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let id = reader.required("id", log: &log)?.string(log: &log)
        let name = reader.required("name", log: &log)?.localized(log: &log)
        let chosen = reader.optional("chosen")?.bool(log: &log) ?? false
        // A chosen indicator's weight is its limit, and may be left out; so may a form's that scores nothing.
        let weightValue = chosen || !requireWeight ? reader.optional("weight") : reader.required("weight", log: &log)
        var (weight, range) = weightValue.map { readWeight($0, log: &log) } ?? (nil, nil)
        if weightValue == nil && (chosen || !requireWeight) { weight = 0 }
        let notes = reader.optional("notes")?.localized(log: &log)
        let declared = reader.optional("declared")?.bool(log: &log) ?? false
        let alternativesValue = reader.optional("alternatives")
        let alternatives = alternativesValue?.bool(log: &log) ?? false
        let baseValue = reader.optional("base")
        let base = baseValue?.decimal(log: &log)
        var fields: [String: LocalizedText] = [:]
        let fieldsValue = reader.optional("fields")
        if let fieldsValue, var values = FieldReader(fieldsValue, log: &log) {
            for key in values.keys { fields[key] = values.optional(key)?.localized(log: &log) }
        }
        let children =
            reader.optional("children")?.list(log: &log)?
            .compactMap {
                readIndicator(
                    $0, ids: &ids, depth: depth + 1, requireNotes: requireNotes, requireWeight: requireWeight, log: &log
                )
            } ?? []
        reader.reportUnknown(log: &log)
        if let id, !ids.insert(id).inserted {
            log.error(
                "\(value.path).id", at: reader.keyPosition("id"),
                Message("duplicate-indicator", en: "duplicate indicator id '\(id)'", zh: "指标 id '\(id)' 重复"))
        }
        if let weight, weight < 0 {
            log.error(
                "\(value.path).weight", at: reader.keyPosition("weight"),
                Message("negative-weight", en: "a weight cannot be negative", zh: "权重不能为负数"))
        }
        if children.isEmpty && notes == nil && !declared && requireNotes {
            log.error(
                value.path, at: value.position,
                Message(
                    "leaf-without-notes", en: "a leaf indicator needs its scoring notes ('notes'), or 'declared: true'",
                    zh: "末级指标需要评分说明（'notes'），或写 'declared: true'"))
        }
        guard let id, let name, let weight else { return nil }
        var indicator = Indicator(
            id: id, name: name, weight: weight, notes: notes, children: children, position: value.position)
        indicator.declared = declared
        indicator.chosen = chosen
        indicator.fields = fields
        indicator.weightRange = range
        if alternatives, let alternativesValue {
            checkAlternatives(&indicator, at: alternativesValue, base: base, log: &log)
        }
        checkGroupRules(&indicator, base: base, at: baseValue, value: value, reader: reader, log: &log)
        indicator.fieldsPosition = fieldsValue?.position
        return indicator
    }

    /// What a group's base, a weight range and `chosen` are for: a base for a group with a fixed weight, a
    /// range for one whose indicators each evaluation declares, `chosen` for an indicator without children.
    static func checkGroupRules(
        _ indicator: inout Indicator, base: Decimal?, at baseValue: YAMLValue?, value: YAMLValue, reader: FieldReader,
        log: inout DiagnosticLog
    ) {
        if let base, let baseValue {
            if base <= 0 || indicator.children.isEmpty || indicator.weightRange != nil {
                log.error(
                    baseValue.path, at: baseValue.position,
                    Message(
                        "base-misplaced",
                        en:
                            "a base is for a group with indicators under it, above 0 and with a fixed weight (the children add up to it)",
                        zh: "基础分只用于下有指标、大于 0 且权重固定（下级合计等于它）的分组")
                )
            } else {
                indicator.base = base
            }
        }
        if indicator.weightRange != nil && !indicator.leaves.contains(where: \.declared) {
            log.error(
                "\(value.path).weight", at: reader.keyPosition("weight"),
                Message(
                    "weight-range-misplaced",
                    en:
                        "a weight range is for a group whose indicators each evaluation declares (their points decide its weight)",
                    zh: "权重区间只用于由各评价自行列出指标的分组（其分值决定权重）")
            )
        }
        if indicator.chosen && !indicator.children.isEmpty {
            log.error(
                "\(value.path).chosen", at: reader.keyPosition("chosen"),
                Message(
                    "chosen-with-children", en: "only an indicator without children can be chosen by each evaluation",
                    zh: "只有没有下级的指标才能由各评价自选"))
        }
    }

    /// A weight: a number, or a range (`{min: 0, max: 90}`) for a group whose indicators each evaluation
    /// declares, its points deciding the weight within it (the weight is then the range's top).
    static func readWeight(_ value: YAMLValue, log: inout DiagnosticLog) -> (
        weight: Decimal?, range: ClosedRange<Decimal>?
    ) {
        guard value.mapping != nil else { return (value.decimal(log: &log), nil) }
        guard var bounds = FieldReader(value, log: &log) else { return (nil, nil) }
        let low = bounds.required("min", log: &log)?.decimal(log: &log)
        let high = bounds.required("max", log: &log)?.decimal(log: &log)
        bounds.reportUnknown(log: &log)
        guard let low, let high else { return (nil, nil) }
        guard low <= high else {
            log.error(
                value.path, at: value.position,
                Message(
                    "range-min-above-max",
                    en: "the range's min \(ExactDecimal.format(low)) is above its max \(ExactDecimal.format(high))",
                    zh: "区间下限 \(ExactDecimal.format(low)) 大于上限 \(ExactDecimal.format(high))"))
            return (nil, nil)
        }
        return (high, low...high)
    }

    /// Alternatives (二者择其一) are two or more indicators without children, each worth the group's weight.
    static func checkAlternatives(
        _ group: inout Indicator, at value: YAMLValue, base: Decimal?, log: inout DiagnosticLog
    ) {
        let whole = base ?? group.weight
        let wrong = group.children.filter { !$0.isLeaf || $0.declared || $0.chosen || $0.weight != whole }
        guard group.children.count >= 2 && wrong.isEmpty else {
            log.error(
                value.path, at: value.position,
                group.children.count < 2
                    ? Message(
                        "alternatives-count",
                        en:
                            "alternatives are two or more indicators without children, each weighing the group's \(ExactDecimal.format(whole)); this group has \(group.children.count)",
                        zh:
                            "备选指标是两个或以上没有下级的指标，每个的权重都等于分组的 \(ExactDecimal.format(whole))；这个分组只有 \(group.children.count) 个"
                    )
                    : Message(
                        "alternatives-shape",
                        en:
                            "alternatives are two or more indicators without children, each weighing the group's \(ExactDecimal.format(whole)); not \(wrong.map(\.id).joined(separator: ", "))",
                        zh:
                            "备选指标是两个或以上没有下级的指标，每个的权重都等于分组的 \(ExactDecimal.format(whole))；\(wrong.map(\.id).joined(separator: ", ")) 不符合"
                    ))
            return
        }
        group.alternatives = true
    }

    static func readDeductions(_ value: YAMLValue, ids: inout Set<String>, log: inout DiagnosticLog) -> DeductionBlock?
    {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let title = reader.required("title", log: &log)?.localized(log: &log)
        let action = reader.required("action", log: &log)?.localized(log: &log)
        let items = reader.required("items", log: &log)?.list(log: &log)?.compactMap { item -> DeductionIndicator? in
            guard var r = FieldReader(item, log: &log) else { return nil }
            let id = r.required("id", log: &log)?.string(log: &log)
            let name = r.required("name", log: &log)?.localized(log: &log)
            let cap = r.required("cap", log: &log)?.decimal(log: &log)
            let showCap = r.optional("showCap")?.bool(log: &log) ?? true
            let notes = r.required("notes", log: &log)?.localized(log: &log)
            r.reportUnknown(log: &log)
            if let id, !ids.insert(id).inserted {
                log.error(
                    "\(item.path).id", at: r.keyPosition("id"),
                    Message("duplicate-indicator", en: "duplicate indicator id '\(id)'", zh: "指标 id '\(id)' 重复"))
            }
            if let cap, cap > 0 {
                log.error(
                    "\(item.path).cap", at: r.keyPosition("cap"),
                    Message("deduction-cap-positive", en: "a deduction cap is zero or negative", zh: "扣分上限应为零或负数"))
            }
            guard let id, let name, let cap, let notes else { return nil }
            return DeductionIndicator(
                id: id, name: name, cap: cap, showCap: showCap, notes: notes, position: item.position)
        }
        reader.reportUnknown(log: &log)
        guard let title, let action, let items else { return nil }
        return DeductionBlock(title: title, action: action, items: items)
    }

    static func readGrades(_ value: YAMLValue, log: inout DiagnosticLog) -> GradeScale? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let caption = reader.required("caption", log: &log)?.localized(log: &log)
        let bands = reader.required("bands", log: &log)?.list(log: &log)?.compactMap { band -> GradeBand? in
            guard var r = FieldReader(band, log: &log) else { return nil }
            let minimum = r.required("min", log: &log)?.decimal(log: &log)
            let name = r.required("name", log: &log)?.localized(log: &log)
            r.reportUnknown(log: &log)
            guard let minimum, let name else { return nil }
            return GradeBand(minimum: minimum, name: name)
        }
        reader.reportUnknown(log: &log)
        guard let caption, let bands else { return nil }
        return GradeScale(caption: caption, bands: bands)
    }

    static func readSection(_ value: YAMLValue, log: inout DiagnosticLog) -> NarrativeSection? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let id = reader.required("id", log: &log)?.string(log: &log)
        let title = reader.required("title", log: &log)?.localized(log: &log)
        let subtitle = reader.optional("subtitle")?.localized(log: &log)
        let required = reader.optional("required")?.bool(log: &log) ?? true
        reader.reportUnknown(log: &log)
        guard let id, let title else { return nil }
        return NarrativeSection(id: id, title: title, subtitle: subtitle, required: required)
    }

    static func readRecommendation(_ value: YAMLValue, log: inout DiagnosticLog) -> RecommendationChoice? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let title = reader.required("title", log: &log)?.localized(log: &log)
        let mark = reader.required("selectedMark", log: &log)?.string(log: &log)
        let separator = reader.optional("separator")?.localized(log: &log) ?? LocalizedText(zh: "；", en: "; ")
        let terminator = reader.optional("terminator")?.localized(log: &log) ?? LocalizedText(zh: "。", en: ".")
        let optionValues = reader.required("options", log: &log)?.list(log: &log)
        checkUnique(optionValues, key: "id", what: "recommendation option id", log: &log)
        let options = optionValues?.compactMap { option -> RecommendationOption? in
            guard var r = FieldReader(option, log: &log) else { return nil }
            let id = r.required("id", log: &log)?.string(log: &log)
            let label = r.required("label", log: &log)?.localized(log: &log)
            let blank = r.optional("unselectedMark")?.string(log: &log) ?? "\u{3000}"
            r.reportUnknown(log: &log)
            guard let id, let label else { return nil }
            return RecommendationOption(id: id, label: label, unselectedMark: blank)
        }
        reader.reportUnknown(log: &log)
        guard let title, let mark, let options else { return nil }
        return RecommendationChoice(
            title: title, options: options, selectedMark: mark, separator: separator, terminator: terminator)
    }

    static func readSignOff(_ value: YAMLValue, log: inout DiagnosticLog) -> SignOffField? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let id = reader.required("id", log: &log)?.string(log: &log)
        let label = reader.required("label", log: &log)?.localized(log: &log)
        let kindText = reader.optional("kind")?.string(log: &log) ?? "text"
        let required = reader.optional("required")?.bool(log: &log) ?? true
        var size: SignOffField.ImageSize?
        if let box = reader.optional("imageSize"), var sides = FieldReader(box, log: &log) {
            func side(_ key: String) -> Double? {
                guard let v = sides.required(key, log: &log), let number = v.decimal(log: &log) else { return nil }
                let millimetres = NSDecimalNumber(decimal: number).doubleValue
                guard millimetres >= 5 && millimetres <= 150 else {
                    log.error(
                        v.path, at: v.position,
                        Message(
                            "width-out-of-range", en: "\(key) \(number) mm is out of range (5–150 mm)",
                            zh: "\(key) \(number) mm 超出范围（5–150 mm）"))
                    return nil
                }
                return millimetres
            }
            if let width = side("width"), let height = side("height") { size = .init(width: width, height: height) }
            sides.reportUnknown(log: &log)
        }
        reader.reportUnknown(log: &log)
        guard let kind = SignOffField.Kind(rawValue: kindText) else {
            log.error(
                "\(value.path).kind", at: value.position,
                Message(
                    "signoff-kind", en: "kind must be text, names, date or seal", zh: "kind 只能是 text、names、date 或 seal")
            )
            return nil
        }
        guard let id, let label else { return nil }
        var field = SignOffField(id: id, label: label, kind: kind)
        field.required = required
        if let size { field.imageSize = size }
        return field
    }

    /// Reports each `{placeholder}` of a label that the engine does not fill (a misspelt `{wieght}` would be
    /// printed as it is), at the label's line, with the ones it may hold.
    static func checkPlaceholders(
        _ text: LocalizedText, of value: YAMLValue, allowed: [String], log: inout DiagnosticLog
    ) {
        for template in [text.zh] + (text.en.map { [$0] } ?? []) {
            for name in placeholders(in: template) {
                guard !allowed.contains(name) else { continue }
                let hint = Suggestions.didYouMean(name, among: allowed) { "{\($0)}" }
                let list = allowed.map { "{\($0)}" }.joined(separator: ", ")
                let may =
                    allowed.isEmpty
                    ? Message(en: "it takes no placeholder", zh: "它不带占位符")
                    : Message(en: "it may hold \(list)", zh: "它可以有 \(list)")
                log.error(
                    value.path, at: value.position,
                    Message(
                        "unknown-placeholder",
                        en: "{\(name)} is not a placeholder this label fills\(hint.en); \(may.en)",
                        zh: "{\(name)} 不是这个标签可填的占位符\(hint.zh)；\(may.zh)"))
            }
        }
    }

    /// The names in braces in a label (`第{page}页` → `page`), as `\{([^{}]*)\}` finds them: a brace pair with
    /// no brace inside. Scanned by hand: ICU's regular expressions set themselves up on first use (1.5 ms of
    /// a cold render's scoring, perf over 30 runs), which a form that declares no pattern of its own is spared.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        let scalars = template.unicodeScalars
        var opened: String.UnicodeScalarView.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            switch scalars[index] {
            case "{": opened = scalars.index(after: index)
            case "}":
                if let start = opened { names.append(String(scalars[start..<index])) }
                opened = nil
            default: break
            }
            index = scalars.index(after: index)
        }
        return names
    }

    static func readLabels(_ value: YAMLValue, log: inout DiagnosticLog) -> FormLabels? {
        guard var r = FieldReader(value, log: &log) else { return nil }
        func checked(_ key: String, _ found: YAMLValue?) -> LocalizedText? {
            guard let found, let text = found.localized(log: &log) else { return nil }
            checkPlaceholders(text, of: found, allowed: FormLabels.placeholders[key] ?? [], log: &log)
            return text
        }
        func get(_ key: String) -> LocalizedText? { checked(key, r.required(key, log: &log)) }
        let labels = [
            "subtotal", "deductionSubtotal", "total", "noWeight", "contentHead", "opinionHead", "groupHeading",
            "deductionHeading", "continued", "footer", "runningHeader", "signoffSeparator", "nameSeparator",
            "dateFormat",
            "volumeTitle", "volumeContents", "volumeCount", "volumeSerial", "volumePage", "volumeGrade"
        ].map(get)
        let folio = checked("volumeFolio", r.optional("volumeFolio")) ?? FormLabels.defaultVolumeFolio
        let incomplete =
            checked("volumeIncomplete", r.optional("volumeIncomplete")) ?? FormLabels.defaultVolumeIncomplete
        let draft = checked("draftMark", r.optional("draftMark")) ?? FormLabels.defaultDraftMark
        let drafts = checked("volumeDrafts", r.optional("volumeDrafts")) ?? FormLabels.defaultVolumeDrafts
        r.reportUnknown(log: &log)
        let found = labels.compactMap { $0 }
        guard found.count == labels.count else { return nil }
        var result = FormLabels(
            subtotal: found[0], deductionSubtotal: found[1], total: found[2], noWeight: found[3],
            contentHead: found[4], opinionHead: found[5], groupHeading: found[6],
            deductionHeading: found[7], continued: found[8], footer: found[9], runningHeader: found[10],
            signoffSeparator: found[11], nameSeparator: found[12], dateFormat: found[13],
            volumeTitle: found[14], volumeContents: found[15], volumeCount: found[16], volumeSerial: found[17],
            volumePage: found[18], volumeGrade: found[19])
        result.volumeFolio = folio
        result.volumeIncomplete = incomplete
        result.draftMark = draft
        result.volumeDrafts = drafts
        return result
    }

    static func readBlocks(_ value: YAMLValue, log: inout DiagnosticLog) -> [SheetBlock] {
        (value.list(log: &log) ?? []).compactMap { item in
            guard let name = item.string(log: &log) else { return nil }
            guard let block = SheetBlock(rawValue: name) else {
                log.error(
                    item.path, at: item.position,
                    Message(
                        "unknown-block",
                        en: "unknown block '\(name)' (\(SheetBlock.allCases.map(\.rawValue).joined(separator: ", ")))",
                        zh: "未知的栏块 '\(name)'（\(SheetBlock.allCases.map(\.rawValue).joined(separator: ", "))）"))

                return nil
            }
            return block
        }
    }

    static func readFunds(_ value: YAMLValue, log: inout DiagnosticLog) -> FundsBlock? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        var sumPositions: [String: YAMLValue] = [:]
        let title = reader.required("title", log: &log)?.localized(log: &log)
        let columnValues = reader.required("columns", log: &log)?.list(log: &log)
        // A funds column is known by its role (the figures of a row are found by it).
        checkUnique(columnValues, key: "role", what: "funds column role", log: &log)
        let columns = columnValues?.compactMap { item -> FundsBlock.Column? in
            guard var r = FieldReader(item, log: &log) else { return nil }
            let role = r.required("role", log: &log)?.string(log: &log)
            let label = r.required("label", log: &log)?.localized(log: &log)
            let decimals = readDecimals(&r, log: &log)
            r.reportUnknown(log: &log)
            guard let role, let label else { return nil }
            guard let known = FundsBlock.Column.Role(rawValue: role) else {
                log.error(
                    "\(item.path).role", at: item.position,
                    Message("unknown-funds-role", en: "unknown funds column role '\(role)'", zh: "未知的资金栏目角色 '\(role)'"))
                return nil
            }
            return FundsBlock.Column(role: known, label: label, decimals: decimals)
        }
        let rowValues = reader.required("rows", log: &log)?.list(log: &log)
        checkUnique(rowValues, key: "id", what: "funds row id", log: &log)
        let rows = rowValues?.compactMap { item -> FundsBlock.Row? in
            guard var r = FieldReader(item, log: &log) else { return nil }
            let id = r.required("id", log: &log)?.string(log: &log)
            let label = r.required("label", log: &log)?.localized(log: &log)
            let points = r.optional("points")?.decimal(log: &log)
            let sum = r.optional("sumOf")
            let parts = sum.flatMap { $0.list(log: &log) }?.compactMap { $0.string(log: &log) } ?? []
            r.reportUnknown(log: &log)
            guard let id, let label else { return nil }
            var row = FundsBlock.Row(id: id, label: label, points: points)
            row.sumOf = parts
            if let sum { sumPositions[id] = sum }
            return row
        }
        let notApplicable = reader.optional("notApplicable")?.localized(log: &log)
        let rateWithoutBudget = reader.optional("rateWithoutBudget")?.localized(log: &log)
        let scoreWithoutBudget = reader.optional("scoreWithoutBudget")
        let noBudgetScore = scoreWithoutBudget?.decimal(log: &log)
        reader.reportUnknown(log: &log)
        guard let title, let columns, let rows else { return nil }
        for role in [FundsBlock.Column.Role.budget, .executed] where !columns.contains(where: { $0.role == role }) {
            log.error(
                "funds.columns", at: reader.keyPosition("columns") ?? value.position,
                Message(
                    "funds-column-missing", en: "the funds table needs a '\(role.rawValue)' column",
                    zh: "资金表需要一个 '\(role.rawValue)' 栏"))
        }
        checkSums(rows, at: sumPositions, log: &log)
        var block = FundsBlock(title: title, columns: columns, rows: rows)
        if let notApplicable { block.notApplicable = notApplicable }
        if let rateWithoutBudget { block.rateWithoutBudget = rateWithoutBudget }
        if let noBudgetScore, let scoreWithoutBudget {
            let most = rows.compactMap(\.points).max() ?? 0
            if noBudgetScore < 0 || noBudgetScore > most {
                log.error(
                    scoreWithoutBudget.path, at: scoreWithoutBudget.position,
                    Message(
                        "no-budget-score-range",
                        en:
                            "\(ExactDecimal.format(noBudgetScore)) is outside 0–\(ExactDecimal.format(most)), the points of the scored row",
                        zh: "\(ExactDecimal.format(noBudgetScore)) 不在 0–\(ExactDecimal.format(most)) 之内（评分行的分值）")
                )
            }
            block.scoreWithoutBudget = noBudgetScore
        }
        return block
    }

    /// A sum (`sumOf`) adds up other rows that are given, not sums themselves, and not itself.
    static func checkSums(_ rows: [FundsBlock.Row], at sumPositions: [String: YAMLValue], log: inout DiagnosticLog) {
        let ids = rows.map(\.id)
        for row in rows where !row.sumOf.isEmpty {
            let at = sumPositions[row.id]
            for part in row.sumOf {
                if part == row.id || rows.first(where: { $0.id == part }).map({ !$0.sumOf.isEmpty }) == true {
                    log.error(
                        at?.path ?? "funds.rows", at: at?.position,
                        Message(
                            "sum-of-sum", en: "'\(part)': a sum adds up rows that are given, not itself or another sum",
                            zh: "'\(part)'：合计行只加给出的行，不能加自己或另一个合计行"))
                } else if !ids.contains(part) {
                    log.error(
                        at?.path ?? "funds.rows", at: at?.position,
                        Message("not-a-funds-row", en: "'\(part)' is not a funds row", zh: "'\(part)' 不是资金行")
                            + Suggestions.didYouMean(part, among: ids.filter { $0 != row.id }))
                }
            }
        }
    }

    static func readGoals(_ value: YAMLValue, log: inout DiagnosticLog) -> GoalsBlock? {
        guard var reader = FieldReader(value, log: &log) else { return nil }
        let title = reader.required("title", log: &log)?.localized(log: &log)
        let expected = reader.required("expected", log: &log)?.localized(log: &log)
        let actual = reader.required("actual", log: &log)?.localized(log: &log)
        let caption = reader.optional("caption")?.localized(log: &log)
        var notes: [GoalsNote] = []
        for item in reader.optional("notes")?.list(log: &log) ?? [] {
            guard var note = FieldReader(item, log: &log) else { continue }
            let idValue = note.required("id", log: &log)
            let id = idValue?.string(log: &log)
            let label = note.required("label", log: &log)?.localized(log: &log)
            note.reportUnknown(log: &log)
            guard let id, let label else { continue }
            if ["expected", "actual"].contains(id) || notes.contains(where: { $0.id == id }) {
                log.error(
                    idValue?.path ?? "goals.notes", at: idValue?.position ?? item.position,
                    Message(
                        "goals-note-clash",
                        en:
                            "goals note '\(id)' is already a field of the goals (expected, actual and each note once): give it another id",
                        zh: "绩效目标备注 '\(id)' 已是绩效目标的字段（expected、actual 和每个备注只能出现一次）：请换一个 id")
                )
                continue
            }
            notes.append(GoalsNote(id: id, label: label))
        }
        reader.reportUnknown(log: &log)
        guard let title, let expected, let actual else { return nil }
        return GoalsBlock(title: title, expected: expected, actual: actual, caption: caption, notes: notes)
    }

    static func readChecks(_ value: YAMLValue?, log: inout DiagnosticLog) -> FormChecks {
        guard let value, var r = FieldReader(value, log: &log) else { return FormChecks(budgetInNarrative: nil) }
        let pattern = r.optional("budgetInNarrative")?.string(log: &log)
        r.reportUnknown(log: &log)
        if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            log.error(
                "checks.budgetInNarrative", at: value.position,
                Message("bad-pattern", en: "not a valid regular expression", zh: "不是有效的正则表达式"))
        }
        return FormChecks(budgetInNarrative: pattern)
    }
}
