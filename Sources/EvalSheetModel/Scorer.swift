import Foundation

/// Computes every figure of a sheet and checks the evaluation against its form. All problems are
/// collected; the sheet is returned even with errors so that a preview can show both.
public enum Scorer {
    /// Warnings for an English or bilingual sheet: sections written only in Chinese (printed as they are).
    public static func languageWarnings(_ sheet: ScoredSheet, language: Language) -> [Diagnostic] {
        guard language != .zh else { return [] }
        var log = DiagnosticLog(file: sheet.evaluation.file)
        for section in sheet.form.sections
        where !(sheet.evaluation.narrative[section.id] ?? []).isEmpty
            && (sheet.evaluation.narrativeEnglish[section.id] ?? []).isEmpty
        {
            log.warning(
                "narrative_en.\(section.id)",
                at: sheet.evaluation.fieldPositions["narrative_en"] ?? sheet.evaluation.fieldPositions["narrative"],
                Message(
                    "no-english-narrative", en: "no English version of \(section.title.zh); the Chinese is printed",
                    zh: "\(section.title.zh) 没有英文版本；将打印中文"))
        }
        // Names an English sheet would print in Chinese: the unit's, the project's, the signers'.
        func isChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) } }
        for field in sheet.form.header where field.kind == .text {
            guard let value = sheet.evaluation.header[field.id], isChinese(value.value),
                sheet.evaluation.headerEnglish[field.id] == nil
            else { continue }
            log.warning(
                "header_en.\(field.id)", at: value.position,
                Message(
                    "no-english-header",
                    en:
                        "no English for \(field.label.zhOnOneLine) '\(value.value)'; the Chinese is printed (give it under header_en)",
                    zh: "\(field.label.zhOnOneLine) '\(value.value)' 没有英文；将打印中文（请在 header_en 中填写）")
            )
        }
        for field in sheet.form.signoff where field.kind != .date && field.kind != .seal {
            guard let value = sheet.evaluation.signoff[field.id], isChinese(describe(value.value)),
                sheet.evaluation.signoffEnglish[field.id] == nil
            else { continue }
            log.warning(
                "signoff_en.\(field.id)", at: value.position,
                Message(
                    "no-english-signoff",
                    en:
                        "no English for \(field.label.zh) '\(describe(value.value))'; the Chinese is printed (give it under signoff_en)",
                    zh: "\(field.label.zh) '\(describe(value.value))' 没有英文；将打印中文（请在 signoff_en 中填写）")
            )
        }
        return log.entries
    }

    public static func score(_ given: Evaluation, form: Form) -> ScoredSheet {
        var log = DiagnosticLog(file: given.file)
        // Rows the form adds up are filled in first: every later step (rates, printing) sees them.
        let evaluation = FundsScoring.summed(given, form: form, log: &log)
        var scores = checkScores(evaluation, form: form, log: &log)
        let deductions = checkDeductions(evaluation, form: form, log: &log)
        let indicators = DeclaredIndicators.tree(evaluation, form: form, scores: &scores, log: &log)
        let (rates, fundsScore) = FundsScoring.compute(evaluation, form: form, log: &log)

        var totals: [String: Decimal] = [:], baseScores: [String: Decimal] = [:]
        func total(_ node: Indicator) -> Decimal {
            let sum = node.isLeaf ? (scores[node.id] ?? 0) : node.children.reduce(Decimal(0)) { $0 + total($1) }
            // A group on a base of its own counts its share of its weight, to two decimals.
            if let base = node.base {
                baseScores[node.id] = sum
                totals[node.id] = FundsScoring.round(sum * node.weight / base, 2)
                return totals[node.id]!
            }
            totals[node.id] = sum
            return sum
        }
        let subtotal = indicators.reduce(Decimal(0)) { $0 + total($1) }
        let deductionTotal = deductions.values.reduce(Decimal(0), +)
        let grandTotal = subtotal + deductionTotal + (fundsScore ?? 0)
        let grade = form.grades.grade(for: grandTotal)

        let totalRate = form.funds?.rows.first { $0.points != nil }.flatMap { rates[$0.id] }
        // A typed total over a missing score is not compared: the missing score is the one problem to report.
        let provisional = ScoredSheet(
            form: form, evaluation: evaluation, indicators: indicators, scores: scores, indicatorTotals: totals,
            deductions: deductions, subtotal: subtotal, deductionTotal: deductionTotal, total: grandTotal,
            grade: grade, signoffDate: nil, diagnostics: [])
        checkTyped(
            evaluation, form: form, totals: totals, subtotal: subtotal, deductionTotal: deductionTotal,
            total: grandTotal, grade: grade, fundsRate: totalRate, fundsScore: fundsScore,
            complete: { id in
                id.map { id in indicators.first { $0.id == id }.map(provisional.isComplete) ?? true }
                    ?? provisional.isComplete
            },
            log: &log)
        checkHeader(evaluation, form: form, log: &log)
        checkNarrative(evaluation, form: form, log: &log)
        checkGoals(evaluation, form: form, log: &log)
        checkValues(evaluation, form: form, log: &log)
        checkRecommendation(evaluation, form: form, log: &log)
        let date = checkSignOff(evaluation, form: form, log: &log)
        NarrativeChecks.budget(evaluation, form: form, log: &log)

        var sheet = ScoredSheet(
            form: form, evaluation: evaluation, indicators: indicators, fundsRates: rates, fundsScore: fundsScore,
            scores: scores, indicatorTotals: totals,
            deductions: deductions, subtotal: subtotal, deductionTotal: deductionTotal,
            total: grandTotal, grade: grade, signoffDate: date, diagnostics: log.entries)
        sheet.baseScores = baseScores
        return sheet
    }

    static func missing(
        _ evaluation: Evaluation, _ log: inout DiagnosticLog, _ field: String, _ parent: String, _ message: Message
    ) {
        let position = evaluation.fieldPositions[parent] ?? evaluation.position
        if evaluation.draft {
            log.warning(field, at: position, message + Message(en: " (draft)", zh: "（草稿）"))
        } else {
            log.error(field, at: position, message)
        }
    }

    static func checkScores(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> [String: Decimal] {
        guard form.scored else {
            for (id, score) in evaluation.scores.sorted(by: { $0.key < $1.key }) {
                log.error(
                    score.field, at: score.position,
                    Message(
                        "form-takes-no-score", en: "form \(form.id) scores nothing: '\(id)' takes no score",
                        zh: "表样 \(form.id) 不评分：'\(id)' 不填评分"))
            }
            return [:]
        }
        // The leaves on this evaluation's sheet: a chosen one only if it weighs it, at its weight.
        let scored = form.leaves.compactMap { leaf -> Indicator? in
            guard leaf.chosen else { return leaf }
            guard let weight = evaluation.weights[leaf.id] else { return nil }
            var used = leaf
            used.weight = weight.value
            return used
        }
        let leaves = Dictionary(scored.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var scores: [String: Decimal] = [:]
        for (id, score) in evaluation.scores.sorted(by: {
            ($0.value.position?.line ?? 0) < ($1.value.position?.line ?? 0)
        }) {
            scores[id] = checkScore(id, score, of: leaves[id], form: form, log: &log)
        }
        // No scores at all (a missing or misspelt `scores:` block): one problem, not one per indicator.
        if evaluation.scores.isEmpty && !scored.isEmpty {
            missing(
                evaluation, &log, "scores", "scores",
                Message(
                    "no-scores",
                    en:
                        "no scores: a 'scores:' block with the \(scored.count) indicators of form \(form.id) is expected",
                    zh: "没有评分：应有 'scores:'，列出表样 \(form.id) 的 \(scored.count) 个指标"))
            return scores
        }
        checkEveryScoreGiven(evaluation, scored: scored, form: form, log: &log)
        return scores
    }

    /// One score: of an indicator on this sheet (nil otherwise), from 0 to its weight (kept when it is not, so
    /// that the totals still follow what was typed).
    static func checkScore(
        _ id: String, _ score: Located<Decimal>, of leaf: Indicator?, form: Form, log: inout DiagnosticLog
    ) -> Decimal? {
        guard let leaf else {
            let hint =
                form.leaves.contains(where: { $0.id == id })
                ? Message(
                    en: "is not among the indicators this evaluation chose ('weights:')",
                    zh: "不在本评价自选的指标（'weights:'）之中")
                : form.indicator(id: id) != nil
                    ? Message(en: "is a group; score the indicators under it", zh: "是分组；请给它下面的指标评分")
                    : Message(en: "is not an indicator of form \(form.id)", zh: "不是表样 \(form.id) 的指标")
                        + Suggestions.hint(id, among: form.leaves.map(\.id))
            log.error(
                score.field, at: score.position,
                Message("not-scorable", en: "'\(id)' \(hint.en)", zh: "'\(id)' \(hint.zh)"))
            return nil
        }
        if score.value < 0 {
            log.error(
                score.field, at: score.position,
                Message(
                    "score-below-zero", en: "score \(ExactDecimal.format(score.value)) is below zero",
                    zh: "评分 \(ExactDecimal.format(score.value)) 小于零"))
        } else if score.value > leaf.weight {
            log.error(
                score.field, at: score.position,
                Message(
                    "score-above-weight",
                    en:
                        "score \(ExactDecimal.format(score.value)) is above the weight \(ExactDecimal.format(leaf.weight)) of \(leaf.name.zh)",
                    zh:
                        "评分 \(ExactDecimal.format(score.value)) 超过 \(leaf.name.zh) 的权重 \(ExactDecimal.format(leaf.weight))"
                )
            )
        }
        return score.value
    }

    /// Every indicator on the sheet scored, and of alternatives (二者择其一) one.
    static func checkEveryScoreGiven(
        _ evaluation: Evaluation, scored: [Indicator], form: Form, log: inout DiagnosticLog
    ) {
        let alternatives = form.alternativeGroups
        let alternative = Set(alternatives.flatMap { $0.children.map(\.id) })
        for leaf in scored where evaluation.scores[leaf.id] == nil && !alternative.contains(leaf.id) {
            missing(
                evaluation, &log, "scores.\(leaf.id)", "scores",
                Message(
                    "no-score-for-indicator", en: "no score for '\(leaf.id)' (\(leaf.name.zh))",
                    zh: "'\(leaf.id)'（\(leaf.name.zh)）没有评分"))
        }
        // Of alternatives (二者择其一), one is scored.
        for group in alternatives {
            let given = group.children.compactMap { child in evaluation.scores[child.id].map { (child, $0) } }
            let names = group.children.map { "'\($0.id)' (\($0.name.zh))" }.joined(separator: " or ")
            if given.isEmpty {
                missing(
                    evaluation, &log, "scores.\(group.children[0].id)", "scores",
                    Message(
                        "no-alternative-scored", en: "no score for \(group.name.zh): score one of \(names)",
                        zh: "\(group.name.zh) 没有评分：请在 \(names) 中评一个"))
            }
            for (child, score) in given.dropFirst() {
                log.error(
                    score.field, at: score.position,
                    Message(
                        "one-alternative",
                        en:
                            "\(group.name.zh) scores one of its alternatives (\(names)); \(given[0].0.id) is scored already, so \(child.id) is not",
                        zh: "\(group.name.zh) 只评其中一个备选指标（\(names)）；已评 \(given[0].0.id)，\(child.id) 不再评分"))
            }
        }
    }

    static func checkDeductions(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> [String: Decimal] {
        let items = Dictionary(form.deductions.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [String: Decimal] = [:]
        for (id, value) in evaluation.deductions {
            guard let item = items[id] else {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "not-a-deduction", en: "'\(id)' is not a deduction indicator of form \(form.id)",
                        zh: "'\(id)' 不是表样 \(form.id) 的扣分指标")
                        + Suggestions.hint(id, among: form.deductions.items.map(\.id)))
                continue
            }
            if value.value > 0 {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "deduction-not-negative",
                        en: "a deduction is zero or negative, found \(ExactDecimal.format(value.value))",
                        zh: "扣分应为零或负数，实际是 \(ExactDecimal.format(value.value))"))
            } else if value.value < item.cap {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "deduction-below-cap",
                        en:
                            "deduction \(ExactDecimal.format(value.value)) is below the cap \(ExactDecimal.format(item.cap)) of \(item.name.zh)",
                        zh:
                            "扣分 \(ExactDecimal.format(value.value)) 超过 \(item.name.zh) 的扣分上限 \(ExactDecimal.format(item.cap))"
                    )
                )
            }
            result[id] = value.value
        }
        return result
    }

    static func checkTyped(
        _ evaluation: Evaluation, form: Form, totals: [String: Decimal], subtotal: Decimal,
        deductionTotal: Decimal, total: Decimal, grade: GradeBand?, fundsRate: Decimal?,
        fundsScore: Decimal?, complete: (String?) -> Bool, log: inout DiagnosticLog
    ) {
        let typed = evaluation.typed
        func compare(_ figure: Located<Decimal>?, _ computed: Decimal?, _ what: Message) {
            guard let computed else { return }
            guard let figure, figure.value != computed else { return }
            log.error(
                figure.field, at: figure.position,
                Message(
                    "typed-figure-disagrees",
                    en:
                        "typed \(what.en) \(ExactDecimal.format(figure.value)) disagrees with the computed \(ExactDecimal.format(computed))",
                    zh: "填写的\(what.zh) \(ExactDecimal.format(figure.value)) 与计算结果 \(ExactDecimal.format(computed)) 不一致")
            )
        }
        for (id, figure) in typed.groups {
            guard let computed = totals[id] else {
                log.error(
                    figure.field, at: figure.position,
                    Message(
                        "not-an-indicator", en: "'\(id)' is not an indicator of form \(form.id)",
                        zh: "'\(id)' 不是表样 \(form.id) 的指标"))
                continue
            }
            if complete(id) { compare(figure, computed, Message(en: "total of '\(id)'", zh: " '\(id)' 合计")) }
        }
        if complete(nil) { compare(typed.subtotal, subtotal, Message(en: "subtotal", zh: "小计")) }
        compare(typed.deductions, deductionTotal, Message(en: "deduction subtotal", zh: "扣分小计"))
        if complete(nil) { compare(typed.total, total, Message(en: "total", zh: "总分")) }
        compare(typed.fundsRate, fundsRate, Message(en: "execution rate", zh: "执行率"))
        compare(typed.fundsScore, fundsScore, Message(en: "funds score", zh: "资金得分"))
        if complete(nil), let typedGrade = typed.grade, let grade, typedGrade.value != grade.name.zh,
            typedGrade.value != grade.name.en
        {
            log.error(
                typedGrade.field, at: typedGrade.position,
                Message(
                    "typed-grade-disagrees",
                    en:
                        "typed grade '\(typedGrade.value)' disagrees with the computed '\(grade.name.zh)' for \(ExactDecimal.format(total))",
                    zh: "填写的等级 '\(typedGrade.value)' 与按总分 \(ExactDecimal.format(total)) 计算的 '\(grade.name.zh)' 不一致")
            )
        }
    }

    static func checkHeader(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let known = Set(form.header.map(\.id))
        for (id, value) in evaluation.header where !known.contains(id) {
            log.error(
                value.field, at: value.position,
                Message(
                    "not-a-header-field", en: "'\(id)' is not a header field of form \(form.id)",
                    zh: "'\(id)' 不是表样 \(form.id) 的表头字段"))
        }
        checkEnglish(evaluation, form: form, log: &log)
        for field in form.header {
            guard let value = evaluation.header[field.id], !value.value.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                guard field.required else { continue }
                missing(
                    evaluation, &log, "header.\(field.id)", "header",
                    Message(
                        "missing-header-field", en: "missing \(field.label.zhOnOneLine)",
                        zh: "缺少\(field.label.zhOnOneLine)"))
                continue
            }
            if field.kind == .money, ExactDecimal.parse(value.value) == nil {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "not-an-amount", en: "'\(value.value)' is not an amount (a decimal number)",
                        zh: "'\(value.value)' 不是金额（应为数字）"))
            }
            if field.kind == .choice, !field.options.contains(where: { $0.zh == value.value || $0.en == value.value }) {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "not-an-option",
                        en: "'\(value.value)' is not one of \(field.options.map(\.zh).joined(separator: ", "))",
                        zh: "'\(value.value)' 不是以下选项之一：\(field.options.map(\.zh).joined(separator: ", "))")
                        + Suggestions.didYouMean(value.value, among: field.options.map(\.zh)))
            }
        }
    }

    /// `header_en` and `signoff_en` name text fields of the form (a figure, a choice or a date prints in the sheet's
    /// own words), and the English of a list of names has as many names.
    static func checkEnglish(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let texts = form.header.filter { $0.kind == .text }.map(\.id)
        for (id, value) in evaluation.headerEnglish.sorted(by: { $0.key < $1.key }) where !texts.contains(id) {
            let field = form.header.first { $0.id == id }
            log.error(
                value.field, at: value.position,
                field.map {
                    Message(
                        "english-of-non-text", en: "\($0.label.zhOnOneLine) is not text: it prints the same in English",
                        zh: "\($0.label.zhOnOneLine) 不是文字：英文表中照样打印")
                }
                    ?? Message(
                        "not-a-header-field", en: "'\(id)' is not a header field of form \(form.id)",
                        zh: "'\(id)' 不是表样 \(form.id) 的表头字段") + Suggestions.didYouMean(id, among: texts))
        }
        for (id, value) in evaluation.signoffEnglish.sorted(by: { $0.key < $1.key }) {
            guard let field = form.signoff.first(where: { $0.id == id }), field.kind != .date, field.kind != .seal
            else {
                let names = form.signoff.filter { $0.kind != .date && $0.kind != .seal }.map(\.id)
                log.error(
                    value.field, at: value.position,
                    form.signoff.contains { $0.id == id }
                        ? Message(
                            "english-of-date-or-seal",
                            en:
                                "'\(id)' prints no name: a date is written in the sheet's own format, a seal is an image",
                            zh: "'\(id)' 不打印姓名：日期按表样的格式书写，印章是图片")
                        : Message(
                            "not-a-signoff-field", en: "'\(id)' is not a sign-off field of form \(form.id)",
                            zh: "'\(id)' 不是表样 \(form.id) 的签署栏字段") + Suggestions.didYouMean(id, among: names)
                )
                continue
            }
            if case let .names(english) = value.value, case let .names(chinese)? = evaluation.signoff[id]?.value,
                english.count != chinese.count
            {
                log.warning(
                    value.field, at: value.position,
                    Message(
                        "english-names-count",
                        en:
                            "\(english.count) English name\(english.count == 1 ? "" : "s") for \(chinese.count) in signoff.\(id)",
                        zh: "signoff.\(id) 有 \(english.count) 个英文姓名，中文有 \(chinese.count) 个")
                )
            }
        }
    }

    /// `values:` name the form's own indicators and the keys its sheet prints (`{node.field.remark}`).
    static func checkValues(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let valued = form.valuedIndicators
        for id in evaluation.values.keys.sorted() {
            guard let keys = valued.first(where: { $0.indicator.id == id })?.keys else {
                let ids = valued.map(\.indicator.id)
                log.error(
                    "values.\(id)", at: evaluation.fieldPositions["values"],
                    form.indicator(id: id) != nil && !ids.isEmpty
                        ? Message(
                            "no-values-of-indicator",
                            en:
                                "the sheet prints no values of '\(id)' (it prints those of \(ids.joined(separator: ", ")))",
                            zh: "评分表不打印 '\(id)' 的值（打印的是 \(ids.joined(separator: ", ")) 的值）")
                        : Message(
                            "not-an-indicator", en: "'\(id)' is not an indicator of form \(form.id)",
                            zh: "'\(id)' 不是表样 \(form.id) 的指标") + Suggestions.didYouMean(id, among: ids))
                continue
            }
            for (key, value) in evaluation.values[id]!.sorted(by: { $0.key < $1.key }) where !keys.contains(key) {
                log.error(
                    value.field, at: value.position,
                    keys.isEmpty
                        ? Message(
                            "form-prints-no-values", en: "form \(form.id) prints no values of its indicators",
                            zh: "表样 \(form.id) 不打印指标的值")
                        : Message(
                            "not-a-printed-value",
                            en: "'\(key)' is not a value the sheet prints (\(keys.joined(separator: ", ")))",
                            zh: "'\(key)' 不是评分表打印的值（\(keys.joined(separator: ", "))）")
                            + Suggestions.didYouMean(key, among: keys)
                )
            }
        }
    }

    static func checkGoals(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let known = form.goals?.notes.map(\.id) ?? []
        for id in evaluation.goals.notes.keys.sorted() where !known.contains(id) {
            let message =
                form.goals == nil
                ? Message(
                    "no-goals-table", en: "'\(id)': form \(form.id) has no goals table",
                    zh: "'\(id)'：表样 \(form.id) 没有绩效目标表")
                : Message(
                    "not-a-goals-field",
                    en:
                        "'\(id)' is not a field of the goals of form \(form.id) (expected, actual\(known.map { ", " + $0 }.joined()))",
                    zh: "'\(id)' 不是表样 \(form.id) 绩效目标的字段（expected, actual\(known.map { ", " + $0 }.joined())）")
                    + Suggestions.didYouMean(id, among: ["expected", "actual"] + known)

            log.error(
                "goals.\(id)", at: evaluation.goals.notePositions[id] ?? evaluation.fieldPositions["goals"], message)
        }
    }

    static func checkNarrative(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let known = Set(form.sections.map(\.id))
        for id in evaluation.narrative.keys.sorted() where !known.contains(id) {
            log.error(
                "narrative.\(id)", at: evaluation.fieldPositions["narrative"],
                Message(
                    "not-a-narrative-section", en: "'\(id)' is not a narrative section of form \(form.id)",
                    zh: "'\(id)' 不是表样 \(form.id) 的评价意见栏目"))
        }
        for id in evaluation.narrativeEnglish.keys.sorted() where !known.contains(id) {
            log.error(
                "narrative_en.\(id)", at: evaluation.fieldPositions["narrative_en"],
                Message(
                    "not-a-narrative-section", en: "'\(id)' is not a narrative section of form \(form.id)",
                    zh: "'\(id)' 不是表样 \(form.id) 的评价意见栏目"))
        }
        for section in form.sections where section.required && (evaluation.narrative[section.id] ?? []).isEmpty {
            missing(
                evaluation, &log, "narrative.\(section.id)", "narrative",
                Message("empty-section", en: "section \(section.title.zh) is empty", zh: "\(section.title.zh) 是空的"))
        }
    }

    static func checkRecommendation(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        guard !form.recommendation.options.isEmpty else { return }
        guard let choice = evaluation.recommendation else {
            missing(
                evaluation, &log, "recommendation", "recommendation",
                Message("no-recommendation", en: "no budget recommendation selected", zh: "没有选择预算安排建议"))
            return
        }
        let ids = form.recommendation.options.map(\.id)
        if !ids.contains(choice.value) && !form.recommendation.options.contains(where: { $0.label.zh == choice.value })
        {
            log.error(
                choice.field, at: choice.position,
                Message(
                    "not-a-recommendation",
                    en: "'\(choice.value)' is not one of the form's options (\(ids.joined(separator: ", ")))",
                    zh: "'\(choice.value)' 不是表样的选项之一（\(ids.joined(separator: ", "))）"))
        }
    }

    static func checkSignOff(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> SignOffDate? {
        let fields = Dictionary(form.signoff.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var date: SignOffDate?
        for (id, value) in evaluation.signoff {
            guard let field = fields[id] else {
                log.error(
                    value.field, at: value.position,
                    Message(
                        "not-a-signoff-field", en: "'\(id)' is not a sign-off field of form \(form.id)",
                        zh: "'\(id)' 不是表样 \(form.id) 的签署栏字段"))
                continue
            }
            if field.kind == .date {
                guard case let .text(text) = value.value, let parsed = SignOffDate.parse(text) else {
                    log.error(
                        value.field, at: value.position,
                        Message(
                            "not-a-date",
                            en: "'\(describe(value.value))' is not a date (write 2021-09-27 or 2021年9月27日)",
                            zh: "'\(describe(value.value))' 不是日期（请写 2021-09-27 或 2021年9月27日）"))
                    continue
                }
                date = parsed
            }
        }
        for (id, image) in evaluation.signoffImages {
            guard let field = fields[id] else {
                if evaluation.signoff[id] == nil {
                    log.error(
                        image.field, at: image.position,
                        Message(
                            "not-a-signoff-field", en: "'\(id)' is not a sign-off field of form \(form.id)",
                            zh: "'\(id)' 不是表样 \(form.id) 的签署栏字段"))
                }
                continue
            }
            if field.kind == .date {
                log.error(
                    image.field, at: image.position,
                    Message(
                        "date-takes-no-image",
                        en: "\(field.label.zh) is a date and takes no image; give the image to a seal or name field",
                        zh: "\(field.label.zh) 是日期，不能用图片；请把图片给印章或签名字段"))
            }
        }
        // A signature image fills a field as its typed value would.
        for field in form.signoff
        where evaluation.signoff[field.id] == nil && evaluation.signoffImages[field.id] == nil
            && field.kind != .seal && field.required
        {
            missing(
                evaluation, &log, "signoff.\(field.id)", "signoff",
                Message("missing-signoff-field", en: "missing \(field.label.zh)", zh: "缺少\(field.label.zh)"))

        }
        return date
    }

    static func describe(_ value: SignOffValue) -> String {
        switch value {
        case let .text(text): return text
        case let .names(names): return names.joined(separator: ", ")
        case let .date(date): return date.iso
        }
    }
}
