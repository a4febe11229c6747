import EvalSheetModel

/// Turns the form's text styles into paragraph specifications and shaped cell contents.
struct Typesetter {
    let style: PageStyle
    let context: LayoutContext

    func font(_ text: PageStyle.TextStyle) -> FontSpec {
        FontSpec(family: text.family, size: text.size, bold: text.bold)
    }

    func spec(_ text: String, _ textStyle: PageStyle.TextStyle, alignment: TextAlignment = .center) -> ParagraphSpec {
        ParagraphSpec(spans: [TextSpan(text)], font: font(textStyle), lineHeight: textStyle.lineHeight,
                      alignment: alignment, noBreak: TextPreparation.noBreakRanges(text))
    }

    /// A narrative paragraph: spaces between CJK characters removed, justified, first line indented 2 em.
    func narrative(_ paragraph: Paragraph, _ textStyle: PageStyle.TextStyle, justify: Bool, indent: Bool = true) -> ParagraphSpec {
        let spans = paragraph.runs.map { TextSpan(TextPreparation.normalizeSpaces($0.text), bold: $0.bold) }
        let text = spans.map(\.text).joined()
        return ParagraphSpec(spans: spans, font: font(textStyle), lineHeight: textStyle.lineHeight, alignment: .start,
                             justify: justify, firstLineIndent: indent ? style.firstLineIndent * textStyle.size : 0,
                             noBreak: TextPreparation.noBreakRanges(text))
    }

    func content(_ specs: [ParagraphSpec], width: Double, field: String) -> CellContent {
        CellContent(specs, width: width, spacing: style.paragraphSpacing, context: context, field: field)
    }

    func content(_ text: String, _ textStyle: PageStyle.TextStyle, width: Double, field: String,
                 alignment: TextAlignment = .center) -> CellContent {
        guard !text.isEmpty else { return .empty }
        return content([spec(text, textStyle, alignment: alignment)], width: width, field: field)
    }
}
