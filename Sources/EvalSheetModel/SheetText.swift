import Foundation

/// The printed text of a scored sheet's cells in one language: shared by every backend so that the
/// PDF and the HTML cannot say different things.
public struct SheetText: Sendable {
    public let sheet: ScoredSheet
    public let language: Language

    public init(_ sheet: ScoredSheet, language: Language) {
        self.sheet = sheet
        self.language = language
    }

    var form: Form { sheet.form }
    var labels: FormLabels { sheet.form.labels }

    public func label(_ text: LocalizedText) -> String { text.text(language) }

    public var title: String { label(form.title.filled(["year": String(sheet.evaluation.year)])) }

    public func headerValue(_ field: HeaderField) -> String {
        let raw = sheet.header(field.id)
        if field.kind == .money, let amount = ExactDecimal.parse(raw) {
            return ExactDecimal.format(amount, decimals: field.decimals)
        }
        return raw
    }

    /// `预算执行过程管理\n(40分)`: a group's name with its weight, as the form's heading label says.
    public func heading(_ indicator: Indicator) -> String {
        indicator.isLeaf ? label(indicator.name)
            : label(labels.groupHeading.filled(["name": label(indicator.name), "weight": ExactDecimal.format(indicator.weight)]))
    }

    public func heading(_ item: DeductionIndicator) -> String {
        item.showCap
            ? label(labels.deductionHeading.filled(["name": label(item.name), "cap": ExactDecimal.format(item.cap)]))
            : label(item.name)
    }

    public func continued(_ text: String) -> String { text + label(labels.continued) }

    public func figure(_ value: Decimal?) -> String { value.map { ExactDecimal.format($0) } ?? "" }

    public func score(_ leaf: Indicator) -> String { figure(sheet.scores[leaf.id]) }

    public func deduction(_ item: DeductionIndicator) -> String { figure(sheet.deductions[item.id] ?? 0) }

    public var totalWeight: String { ExactDecimal.format(form.indicators.reduce(Decimal(0)) { $0 + $1.weight }) }

    public var totalCap: String { ExactDecimal.format(form.deductions.items.reduce(Decimal(0)) { $0 + $1.cap }) }

    public var gradeName: String { sheet.grade.map { label($0.name) } ?? "" }

    public func sectionLabel(_ section: NarrativeSection) -> (title: String, subtitle: String?) {
        (label(section.title), section.subtitle.map(label))
    }

    public func paragraphs(_ section: NarrativeSection) -> [Paragraph] {
        sheet.evaluation.narrative[section.id] ?? []
    }

    /// `保留（√）；保留但建议部分核减（○）；取消（□）。`
    public var recommendationLine: String {
        let choice = form.recommendation
        let selected = sheet.evaluation.recommendation?.value
        let parts = choice.options.map { option -> String in
            let isSelected = option.id == selected || option.label.zh == selected
            let mark = isSelected ? choice.selectedMark : option.unselectedMark
            return language == .zh ? "\(label(option.label))（\(mark)）" : "\(label(option.label)) (\(mark))"
        }
        return parts.joined(separator: label(choice.separator)) + label(choice.terminator)
    }

    /// `评价组：李溪、邹恩、史佳伟`, `日期：2021年9月27日`
    public func signoffLine(_ field: SignOffField) -> String {
        let prefix = label(field.label) + label(labels.signoffSeparator)
        guard let value = sheet.evaluation.signoff[field.id]?.value else { return prefix }
        switch (field.kind, value) {
        case let (.date, .text(text)):
            return prefix + (SignOffDate.parse(text).map(date) ?? text)
        case let (_, .names(names)):
            return prefix + names.joined(separator: label(labels.nameSeparator))
        case let (_, .text(text)):
            return prefix + text
        case let (_, .date(value)):
            return prefix + date(value)
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    /// `2021年9月27日` / `27 September 2021`: never zero-padded.
    public func date(_ value: SignOffDate) -> String {
        label(labels.dateFormat.filled(["year": String(value.year), "month": String(value.month), "day": String(value.day),
                                        "monthName": Self.monthNames[value.month - 1]]))
    }

    public func footer(page: Int, of pages: Int) -> String {
        label(labels.footer.filled(["page": String(page), "pages": String(pages)]))
    }

    public var runningHeader: String {
        label(labels.runningHeader.filled(["code": sheet.codeValue ?? "", "project": sheet.header("project")]))
    }
}
