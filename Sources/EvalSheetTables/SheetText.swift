import EvalSheetModel
import Foundation

/// The printed text of a scored sheet's cells in one language, or in both: shared by every backend so
/// that the PDF and the HTML cannot say different things. A bilingual text is the Chinese and the English
/// joined by `Language.separator`; each part is made entirely in its own language.
public struct SheetText: Sendable {
    public let sheet: ScoredSheet
    public let language: Language

    public init(_ sheet: ScoredSheet, language: Language) {
        self.sheet = sheet
        self.language = language
    }

    var form: Form { sheet.form }
    var labels: FormLabels { sheet.form.labels }

    /// Makes a text in each language of the sheet and joins them (identical parts are printed once).
    public func compose(_ make: (Language) -> String) -> String {
        let parts = language.parts.map(make)
        return parts.count == 2 && parts[0] != parts[1] ? parts.joined(separator: Language.separator) : parts[0]
    }

    public func label(_ text: LocalizedText) -> String { compose { text.text($0) } }

    /// A text for one line of plain text (PDF metadata, outline entries): `中文 / English`.
    public func plain(_ text: String) -> String { Language.split(text).joined(separator: " / ") }

    /// A form's label with its placeholders filled (`{year}`, `{project}`: the project's English on an English
    /// sheet where the evaluation gives it), each language with its own values. Only the placeholders the label
    /// has are filled: each is a search of the label's text (filling every header field in every title was 0.3 %
    /// of a batch's time).
    func filled(_ text: LocalizedText) -> String {
        let named = form.header.filter { text.zh.contains("{\($0.id)}") || text.en?.contains("{\($0.id)}") == true }
        return compose { language in
            var values = ["year": String(sheet.evaluation.year)]
            for field in named { values[field.id] = sheet.header(field.id, in: language) }
            return text.filled(values).text(language)
        }
    }

    public var title: String { filled(form.title) }

    public func headerValue(_ field: HeaderField) -> String {
        let raw = sheet.header(field.id)
        if field.kind == .choice { return compose { field.marked(raw, language: $0) } }
        if field.kind == .money, let amount = ExactDecimal.parse(raw) {
            return ExactDecimal.format(amount, decimals: field.decimals)
        }
        return compose { sheet.header(field.id, in: $0) }
    }

    func heading(_ indicator: Indicator, _ language: Language) -> String {
        indicator.isLeaf
            ? indicator.name.text(language)
            : labels.groupHeading.filled([
                "name": indicator.name.text(language), "weight": ExactDecimal.format(indicator.weight)
            ]).text(language)
    }

    /// `名称\n(40分)`: a group's name with its weight, as the form's heading label says.
    public func heading(_ indicator: Indicator) -> String { compose { heading(indicator, $0) } }

    public func continued(_ text: LocalizedText) -> String { compose { text.text($0) + labels.continued.text($0) } }

    public func heading(_ item: DeductionIndicator) -> String {
        compose { language in
            item.showCap
                ? labels.deductionHeading.filled([
                    "name": item.name.text(language), "cap": ExactDecimal.format(item.cap)
                ]).text(language)
                : item.name.text(language)
        }
    }

    public func figure(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0) } ?? "" }

    /// A figure as the form's column prints it: with the column's `decimals`, else exactly as it is.
    public func figure(_ value: Decimal?, in role: ScoreColumn.Role) -> String {
        guard let value else { return "" }
        guard let decimals = form.columns.first(where: { $0.role == role })?.decimals else {
            return ExactDecimal.format(value)
        }
        return ExactDecimal.format(value, decimals: decimals)
    }

    /// The column the sheet's total is printed in: the group totals', else the scores'.
    var totalRole: ScoreColumn.Role { form.columns.contains { $0.role == .groupTotal } ? .groupTotal : .score }

    public var gradeName: String { sheet.isComplete ? sheet.grade.map { label($0.name) } ?? "" : "" }

    /// A group's total, blank while a score under it is missing (a draft).
    public func total(_ group: Indicator) -> String {
        sheet.isComplete(group) ? figure(sheet.indicatorTotals[group.id], in: .groupTotal) : ""
    }

    /// The total, blank while any score is missing.
    public var total: String { sheet.isComplete ? figure(sheet.total, in: totalRole) : "" }

    /// A figure of a funds row as its column prints it: amounts and the computed rate and score with the
    /// column's decimals (2 unless declared), the points exactly; `—` (the form's `notApplicable`) for the
    /// points and score of a row that is not scored. `decimals` overrides the column's (a template's `|2`);
    /// `exact` prints figures as they are, without trailing zeros (a template's `|exact`: 10, 43.2).
    public func fundsValue(
        _ column: FundsBlock.Column, _ row: FundsBlock.Row, decimals override: Int? = nil, exact: Bool = false
    ) -> String {
        guard let funds = form.funds else { return "" }
        let figures = sheet.evaluation.funds[row.id]
        let decimals = override ?? column.decimals ?? 2
        func format(_ value: Decimal) -> String {
            exact ? ExactDecimal.format(value) : ExactDecimal.format(value, decimals: decimals)
        }
        func amount(_ located: Located<Decimal>?) -> String { located.map { format($0.value) } ?? "" }
        switch column.role {
        case .initial: return amount(figures?.initial)
        case .budget: return amount(figures?.budget)
        case .executed: return amount(figures?.executed)
        case .points:
            guard let points = row.points else { return label(funds.notApplicable) }
            return (override ?? column.decimals).map { ExactDecimal.format(points, decimals: $0) }
                ?? ExactDecimal.format(points)
        case .rate:
            if let rate = sheet.fundsRates[row.id] { return format(rate) + "%" }
            // A budget of zero: nothing to divide by, printed as the form says (blank, or 0.00%).
            return figures?.budget?.value == 0 && figures?.executed != nil ? label(funds.rateWithoutBudget) : ""
        case .score: return row.points == nil ? label(funds.notApplicable) : sheet.fundsScore.map(format) ?? ""
        case .note: return figures?.note ?? ""
        }
    }

    /// The form's lines at one place, their placeholders filled (a header field left out prints blank).
    public func lines(_ place: FreeLine.Place) -> [(text: String, alignment: FreeLine.Alignment)] {
        let trailing =
            place == .below ? form.template.map { TemplateExpander(text: self, template: $0).trailingLines } ?? [] : []
        return form.lines.filter { $0.place == place }.map { (filled($0.text), $0.alignment) }
            + trailing.map { ($0.text, $0.alignment) }
    }

    public func sectionLabel(_ section: NarrativeSection) -> (title: String, subtitle: String?) {
        (label(section.title), section.subtitle.map(label))
    }

    /// The section's paragraphs in the sheet's language: the English version where there is one; on a
    /// bilingual sheet the Chinese paragraphs, then the English.
    public func paragraphs(_ section: NarrativeSection) -> [Paragraph] {
        let chinese = sheet.evaluation.narrative[section.id] ?? []
        let english = sheet.evaluation.narrativeEnglish[section.id] ?? []
        switch language {
        case .zh: return chinese
        case .en: return english.isEmpty ? chinese : english
        case .bilingual: return chinese + english
        }
    }

    /// `保留（√）；保留但建议部分核减（○）；取消（□）。`
    public var recommendationLine: String {
        compose { language in
            let choice = form.recommendation
            let selected = sheet.evaluation.recommendation?.value
            let parts = choice.options.map { option -> String in
                let isSelected = option.id == selected || option.label.zh == selected
                let mark = isSelected ? choice.selectedMark : option.unselectedMark
                return language == .zh
                    ? "\(option.label.text(language))（\(mark)）" : "\(option.label.text(language)) (\(mark))"
            }
            return parts.joined(separator: choice.separator.text(language)) + choice.terminator.text(language)
        }
    }

    /// `评价组：李溪、邹恩、史佳伟`, `日期：2021年9月27日`
    public func signoffLine(_ field: SignOffField) -> String {
        compose { language in
            let prefix = field.label.text(language) + labels.signoffSeparator.text(language)
            guard let value = sheet.signoff(field.id, in: language) else { return prefix }
            switch (field.kind, value) {
            case let (.date, .text(text)):
                return prefix + (SignOffDate.parse(text).map { date($0, language) } ?? text)
            case let (_, .names(names)):
                return prefix + names.joined(separator: labels.nameSeparator.text(language))
            case let (_, .text(text)):
                return prefix + text
            case let (_, .date(value)):
                return prefix + date(value, language)
            }
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"
    ]

    func date(_ value: SignOffDate, _ language: Language) -> String {
        labels.dateFormat.filled([
            "year": String(value.year), "month": String(value.month), "day": String(value.day),
            "monthName": Self.monthNames[value.month - 1]
        ]).text(language)
    }

    /// `2021年9月27日` / `27 September 2021`: never zero-padded.
    public func date(_ value: SignOffDate) -> String { compose { date(value, $0) } }

    /// `第 1 页 共 5 页` / `Page 1 of 5`; both on one line on a bilingual sheet.
    public func footer(page: Int, of pages: Int) -> String { footer(page: String(page), of: String(pages)) }

    /// The footer with any text standing for the numbers (a DOCX fills in page fields there).
    public func footer(page: String, of pages: String) -> String {
        language.parts.map { labels.footer.filled(["page": page, "pages": pages]).text($0) }.joined(separator: "  ")
    }

    /// `草稿` on a draft, nil otherwise: every backend stamps it on each page.
    public var draftMark: String? { sheet.evaluation.draft ? plain(label(labels.draftMark)) : nil }

    public var runningHeader: String {
        let part: Language = language == .en ? .en : .zh
        return labels.runningHeader.filled(["code": sheet.codeValue ?? "", "project": sheet.header("project", in: part)]
        )
        .text(part)
    }
}
