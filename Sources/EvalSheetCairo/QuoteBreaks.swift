import EvalSheetLayout

/// Adds the breaks beside quotation marks that current Unicode line breaking allows and Pango 1.50 does
/// not (`TextPreparation.quoteBreaks`). Pango's attributes can only remove break opportunities, but it
/// breaks after a zero-width space whatever follows (UAX #14 LB8), so one is inserted at each offset. Its
/// glyph is PANGO_GLYPH_EMPTY with no advance; `PangoLine`, `CJKJustifier` and the line texts skip it, so it
/// is never painted, extracted or stretched.
enum QuoteBreaks {
    static let zeroWidthSpace = TextPreparation.zeroWidthSpace
    static let width = UTF8.width(zeroWidthSpace)

    /// The paragraph with a zero-width space at each break beside a quote, its no-break ranges moved to
    /// match; the paragraph itself when it has none.
    static func inserted(into paragraph: ParagraphSpec) -> ParagraphSpec {
        let offsets = TextPreparation.quoteBreaks(paragraph.text).filter { offset in
            !paragraph.noBreak.contains { $0.lowerBound < offset && offset < $0.upperBound }
        }
        guard !offsets.isEmpty else { return paragraph }
        var result = paragraph
        var offset = 0, next = 0
        result.spans = paragraph.spans.map { span in
            var text = String.UnicodeScalarView()
            for scalar in span.text.unicodeScalars {
                if next < offsets.count && offsets[next] == offset { text.append(zeroWidthSpace); next += 1 }
                text.append(scalar)
                offset += UTF8.width(scalar)
            }
            return TextSpan(String(text), bold: span.bold)
        }
        // A range starting where a space goes in starts after it; one ending there ends before it.
        func moved(_ offset: Int, countingEqual: Bool) -> Int {
            offset + width * offsets.filter { countingEqual ? $0 <= offset : $0 < offset }.count
        }
        result.noBreak = paragraph.noBreak.map {
            moved($0.lowerBound, countingEqual: true)..<moved($0.upperBound, countingEqual: false)
        }
        return result
    }

    /// A line's text without the inserted spaces.
    static func removed(from text: String) -> String {
        guard text.unicodeScalars.contains(zeroWidthSpace) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != zeroWidthSpace }))
    }
}
