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
                "no English version of \(section.title.zh); the Chinese is printed")
        }
        // Names an English sheet would print in Chinese: the unit's, the project's, the signers'.
        func isChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) } }
        for field in sheet.form.header where field.kind == .text {
            guard let value = sheet.evaluation.header[field.id], isChinese(value.value),
                sheet.evaluation.headerEnglish[field.id] == nil
            else { continue }
            log.warning(
                "header_en.\(field.id)", at: value.position,
                "no English for \(field.label.zhOnOneLine) '\(value.value)'; the Chinese is printed (give it under header_en)"
            )
        }
        for field in sheet.form.signoff where field.kind != .date && field.kind != .seal {
            guard let value = sheet.evaluation.signoff[field.id], isChinese(describe(value.value)),
                sheet.evaluation.signoffEnglish[field.id] == nil
            else { continue }
            log.warning(
                "signoff_en.\(field.id)", at: value.position,
                "no English for \(field.label.zh) '\(describe(value.value))'; the Chinese is printed (give it under signoff_en)"
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
        _ evaluation: Evaluation, _ log: inout DiagnosticLog, _ field: String, _ parent: String, _ message: String
    ) {
        let position = evaluation.fieldPositions[parent] ?? evaluation.position
        if evaluation.draft {
            log.warning(field, at: position, message + " (draft)")
        } else {
            log.error(field, at: position, message)
        }
    }

    static func checkScores(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> [String: Decimal] {
        guard form.scored else {
            for (id, score) in evaluation.scores.sorted(by: { $0.key < $1.key }) {
                log.error(score.field, at: score.position, "form \(form.id) scores nothing: '\(id)' takes no score")
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
            guard let leaf = leaves[id] else {
                let hint =
                    form.leaves.contains(where: { $0.id == id })
                    ? "is not among the indicators this evaluation chose ('weights:')"
                    : form.indicator(id: id) != nil
                        ? "is a group; score the indicators under it"
                        : "is not an indicator of form \(form.id)" + Suggestions.hint(id, among: form.leaves.map(\.id))
                log.error(score.field, at: score.position, "'\(id)' \(hint)")
                continue
            }
            if score.value < 0 {
                log.error(score.field, at: score.position, "score \(ExactDecimal.format(score.value)) is below zero")
            } else if score.value > leaf.weight {
                log.error(
                    score.field, at: score.position,
                    "score \(ExactDecimal.format(score.value)) is above the weight \(ExactDecimal.format(leaf.weight)) of \(leaf.name.zh)"
                )
            }
            scores[id] = score.value
        }
        // No scores at all (a missing or misspelt `scores:` block): one problem, not one per indicator.
        if evaluation.scores.isEmpty && !scored.isEmpty {
            missing(
                evaluation, &log, "scores", "scores",
                "no scores: a 'scores:' block with the \(scored.count) indicators of form \(form.id) is expected")
            return scores
        }
        let alternatives = form.alternativeGroups
        let alternative = Set(alternatives.flatMap { $0.children.map(\.id) })
        for leaf in scored where evaluation.scores[leaf.id] == nil && !alternative.contains(leaf.id) {
            missing(evaluation, &log, "scores.\(leaf.id)", "scores", "no score for '\(leaf.id)' (\(leaf.name.zh))")
        }
        // Of alternatives (二者择其一), one is scored.
        for group in alternatives {
            let given = group.children.compactMap { child in evaluation.scores[child.id].map { (child, $0) } }
            let names = group.children.map { "'\($0.id)' (\($0.name.zh))" }.joined(separator: " or ")
            if given.isEmpty {
                missing(
                    evaluation, &log, "scores.\(group.children[0].id)", "scores",
                    "no score for \(group.name.zh): score one of \(names)")
            }
            for (child, score) in given.dropFirst() {
                log.error(
                    score.field, at: score.position,
                    "\(group.name.zh) scores one of its alternatives (\(names)); "
                        + "\(given[0].0.id) is scored already, so \(child.id) is not")
            }
        }
        return scores
    }

    static func checkDeductions(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> [String: Decimal] {
        let items = Dictionary(form.deductions.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [String: Decimal] = [:]
        for (id, value) in evaluation.deductions {
            guard let item = items[id] else {
                log.error(
                    value.field, at: value.position,
                    "'\(id)' is not a deduction indicator of form \(form.id)"
                        + Suggestions.hint(id, among: form.deductions.items.map(\.id)))
                continue
            }
            if value.value > 0 {
                log.error(
                    value.field, at: value.position,
                    "a deduction is zero or negative, found \(ExactDecimal.format(value.value))")
            } else if value.value < item.cap {
                log.error(
                    value.field, at: value.position,
                    "deduction \(ExactDecimal.format(value.value)) is below the cap \(ExactDecimal.format(item.cap)) of \(item.name.zh)"
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
        func compare(_ figure: Located<Decimal>?, _ computed: Decimal?, _ what: String) {
            guard let computed else { return }
            guard let figure, figure.value != computed else { return }
            log.error(
                figure.field, at: figure.position,
                "typed \(what) \(ExactDecimal.format(figure.value)) disagrees with the computed \(ExactDecimal.format(computed))"
            )
        }
        for (id, figure) in typed.groups {
            guard let computed = totals[id] else {
                log.error(figure.field, at: figure.position, "'\(id)' is not an indicator of form \(form.id)")
                continue
            }
            if complete(id) { compare(figure, computed, "total of '\(id)'") }
        }
        if complete(nil) { compare(typed.subtotal, subtotal, "subtotal") }
        compare(typed.deductions, deductionTotal, "deduction subtotal")
        if complete(nil) { compare(typed.total, total, "total") }
        compare(typed.fundsRate, fundsRate, "execution rate")
        compare(typed.fundsScore, fundsScore, "funds score")
        if complete(nil), let typedGrade = typed.grade, let grade, typedGrade.value != grade.name.zh,
            typedGrade.value != grade.name.en
        {
            log.error(
                typedGrade.field, at: typedGrade.position,
                "typed grade '\(typedGrade.value)' disagrees with the computed '\(grade.name.zh)' for \(ExactDecimal.format(total))"
            )
        }
    }

    static func checkHeader(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let known = Set(form.header.map(\.id))
        for (id, value) in evaluation.header where !known.contains(id) {
            log.error(value.field, at: value.position, "'\(id)' is not a header field of form \(form.id)")
        }
        checkEnglish(evaluation, form: form, log: &log)
        for field in form.header {
            guard let value = evaluation.header[field.id], !value.value.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                guard field.required else { continue }
                missing(
                    evaluation, &log, "header.\(field.id)", "header",
                    "missing \(field.label.zhOnOneLine)")
                continue
            }
            if field.kind == .money, ExactDecimal.parse(value.value) == nil {
                log.error(value.field, at: value.position, "'\(value.value)' is not an amount (a decimal number)")
            }
            if field.kind == .choice, !field.options.contains(where: { $0.zh == value.value || $0.en == value.value }) {
                log.error(
                    value.field, at: value.position,
                    "'\(value.value)' is not one of \(field.options.map(\.zh).joined(separator: ", "))"
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
                    "\($0.label.zhOnOneLine) is not text: it prints the same in English"
                }
                    ?? "'\(id)' is not a header field of form \(form.id)\(Suggestions.didYouMean(id, among: texts))")
        }
        for (id, value) in evaluation.signoffEnglish.sorted(by: { $0.key < $1.key }) {
            guard let field = form.signoff.first(where: { $0.id == id }), field.kind != .date, field.kind != .seal
            else {
                let names = form.signoff.filter { $0.kind != .date && $0.kind != .seal }.map(\.id)
                log.error(
                    value.field, at: value.position,
                    form.signoff.contains { $0.id == id }
                        ? "'\(id)' prints no name: a date is written in the sheet's own format, a seal is an image"
                        : "'\(id)' is not a sign-off field of form \(form.id)\(Suggestions.didYouMean(id, among: names))"
                )
                continue
            }
            if case let .names(english) = value.value, case let .names(chinese)? = evaluation.signoff[id]?.value,
                english.count != chinese.count
            {
                log.warning(
                    value.field, at: value.position,
                    "\(english.count) English name\(english.count == 1 ? "" : "s") for \(chinese.count) in signoff.\(id)"
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
                        ? "the sheet prints no values of '\(id)' (it prints those of \(ids.joined(separator: ", ")))"
                        : "'\(id)' is not an indicator of form \(form.id)\(Suggestions.didYouMean(id, among: ids))")
                continue
            }
            for (key, value) in evaluation.values[id]!.sorted(by: { $0.key < $1.key }) where !keys.contains(key) {
                log.error(
                    value.field, at: value.position,
                    keys.isEmpty
                        ? "form \(form.id) prints no values of its indicators"
                        : "'\(key)' is not a value the sheet prints (\(keys.joined(separator: ", ")))\(Suggestions.didYouMean(key, among: keys))"
                )
            }
        }
    }

    static func checkGoals(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        let known = form.goals?.notes.map(\.id) ?? []
        for id in evaluation.goals.notes.keys.sorted() where !known.contains(id) {
            let message =
                form.goals == nil
                ? "'\(id)': form \(form.id) has no goals table"
                : "'\(id)' is not a field of the goals of form \(form.id) (expected, actual\(known.map { ", " + $0 }.joined()))"
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
                "'\(id)' is not a narrative section of form \(form.id)")
        }
        for id in evaluation.narrativeEnglish.keys.sorted() where !known.contains(id) {
            log.error(
                "narrative_en.\(id)", at: evaluation.fieldPositions["narrative_en"],
                "'\(id)' is not a narrative section of form \(form.id)")
        }
        for section in form.sections where section.required && (evaluation.narrative[section.id] ?? []).isEmpty {
            missing(evaluation, &log, "narrative.\(section.id)", "narrative", "section \(section.title.zh) is empty")
        }
    }

    static func checkRecommendation(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) {
        guard !form.recommendation.options.isEmpty else { return }
        guard let choice = evaluation.recommendation else {
            missing(evaluation, &log, "recommendation", "recommendation", "no budget recommendation selected")
            return
        }
        let ids = form.recommendation.options.map(\.id)
        if !ids.contains(choice.value) && !form.recommendation.options.contains(where: { $0.label.zh == choice.value })
        {
            log.error(
                choice.field, at: choice.position,
                "'\(choice.value)' is not one of the form's options (\(ids.joined(separator: ", ")))")
        }
    }

    static func checkSignOff(_ evaluation: Evaluation, form: Form, log: inout DiagnosticLog) -> SignOffDate? {
        let fields = Dictionary(form.signoff.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var date: SignOffDate?
        for (id, value) in evaluation.signoff {
            guard let field = fields[id] else {
                log.error(value.field, at: value.position, "'\(id)' is not a sign-off field of form \(form.id)")
                continue
            }
            if field.kind == .date {
                guard case let .text(text) = value.value, let parsed = SignOffDate.parse(text) else {
                    log.error(
                        value.field, at: value.position,
                        "'\(describe(value.value))' is not a date (write 2021-09-27 or 2021年9月27日)")
                    continue
                }
                date = parsed
            }
        }
        for (id, image) in evaluation.signoffImages {
            guard let field = fields[id] else {
                if evaluation.signoff[id] == nil {
                    log.error(image.field, at: image.position, "'\(id)' is not a sign-off field of form \(form.id)")
                }
                continue
            }
            if field.kind == .date {
                log.error(
                    image.field, at: image.position,
                    "\(field.label.zh) is a date and takes no image; give the image to a seal or name field")
            }
        }
        // A signature image fills a field as its typed value would.
        for field in form.signoff
        where evaluation.signoff[field.id] == nil && evaluation.signoffImages[field.id] == nil
            && field.kind != .seal && field.required
        {
            missing(evaluation, &log, "signoff.\(field.id)", "signoff", "missing \(field.label.zh)")
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
