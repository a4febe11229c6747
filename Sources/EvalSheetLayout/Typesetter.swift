import EvalSheetModel

/// Turns the form's text styles into paragraph specifications and shaped cell contents.
struct Typesetter {
    let style: PageStyle
    let context: LayoutContext
    /// Table text on an English sheet is set a little smaller (`Language.tableTextScale`).
    var tableScale = 1.0

    /// The form's style for table text, scaled for the sheet's language.
    func table(_ textStyle: PageStyle.TextStyle) -> PageStyle.TextStyle {
        var scaled = textStyle
        scaled.size = (textStyle.size * tableScale * 10).rounded() / 10
        return scaled
    }

    func font(_ text: PageStyle.TextStyle) -> FontSpec {
        FontSpec(family: text.family, size: text.size, bold: text.bold)
    }

    func spec(
        _ text: String, _ textStyle: PageStyle.TextStyle, alignment: TextAlignment = .center, justify: Bool = false
    ) -> ParagraphSpec {
        // A label or a short cell breaks between words; running text (justified) breaks where it fills its lines.
        ParagraphSpec(
            spans: [TextSpan(text)], font: font(textStyle), lineHeight: textStyle.lineHeight,
            alignment: alignment, justify: justify, noBreak: TextPreparation.noBreakRanges(text),
            words: justify ? [] : WordSegmentation.words(in: text))
    }

    /// One paragraph, or two for a bilingual text: the English beneath the Chinese, smaller. `justify`:
    /// every line but each paragraph's last set flush with both edges (running text such as scoring notes).
    func specs(
        _ text: String, _ textStyle: PageStyle.TextStyle, alignment: TextAlignment = .center, justify: Bool = false
    ) -> [ParagraphSpec] {
        let parts = Language.split(text)
        guard parts.count > 1 else { return [spec(text, textStyle, alignment: alignment, justify: justify)] }
        var smaller = textStyle
        smaller.size = Language.secondLanguageSize(textStyle.size)
        return [spec(parts[0], textStyle, alignment: alignment, justify: justify)]
            + parts.dropFirst().map { spec($0, smaller, alignment: alignment, justify: justify) }
    }

    /// A narrative paragraph: spaces between CJK characters removed, justified, first line indented 2 em.
    func narrative(_ paragraph: Paragraph, _ textStyle: PageStyle.TextStyle, justify: Bool, indent: Bool = true)
        -> ParagraphSpec
    {
        let spans = paragraph.runs.map { TextSpan(TextPreparation.normalizeSpaces($0.text), bold: $0.bold) }
        let text = spans.map(\.text).joined()
        return ParagraphSpec(
            spans: spans, font: font(textStyle), lineHeight: textStyle.lineHeight, alignment: .start,
            justify: justify, firstLineIndent: indent ? style.firstLineIndent * textStyle.size : 0,
            noBreak: TextPreparation.noBreakRanges(text))
    }

    func content(_ specs: [ParagraphSpec], width: Double, field: String) -> CellContent {
        CellContent(specs, width: width, spacing: style.paragraphSpacing, context: context, field: field)
    }

    func content(
        _ text: String, _ textStyle: PageStyle.TextStyle, width: Double, field: String,
        alignment: TextAlignment = .center
    ) -> CellContent {
        guard !text.isEmpty else { return .empty }
        return content(specs(text, textStyle, alignment: alignment), width: width, field: field)
    }
}
