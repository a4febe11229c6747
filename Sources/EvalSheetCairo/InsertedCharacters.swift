import EvalSheetLayout

/// Characters the shaper adds to a paragraph's text before Pango breaks it, and takes out of everything it
/// gives back (glyph runs, line texts), so they are never painted, extracted or stretched:
/// - a zero-width space at each break beside a quotation mark that current Unicode line breaking allows and
///   Pango 1.50 does not (`TextPreparation.quoteBreaks`). Pango's attributes can only remove break
///   opportunities, but it breaks after a zero-width space whatever follows (UAX #14 LB8). Its glyph is
///   PANGO_GLYPH_EMPTY with no advance.
/// - a script space between Chinese and Western text (`TextPreparation.scriptBoundaries`), shaped as an
///   empty glyph exactly `TextPreparation.scriptSpacing` em wide (a Pango shape attribute), so that the
///   space counts when Pango fills a line and is the same on every line. A genuine U+200B or U+2005 in the
///   input is taken out of extracted text too (neither is ever seen in these sheets).
enum InsertedCharacters {
    static let zeroWidthSpace = TextPreparation.zeroWidthSpace
    static let scriptSpace = TextPreparation.scriptSpace

    static let zeroWidthSpaceBytes = Array(String(zeroWidthSpace).utf8)
    static let scriptSpaceBytes = Array(String(scriptSpace).utf8)

    static func contains(_ scalar: Unicode.Scalar) -> Bool { scalar == zeroWidthSpace || scalar == scriptSpace }

    /// The paragraph with the characters inserted, its no-break ranges and words moved to match; the paragraph itself
    /// when nothing goes in. No script space goes inside the byte ranges `solid` (a number too wide for its
    /// line, set solid to fit).
    static func inserted(into paragraph: ParagraphSpec, solid: [Range<Int>] = []) -> ParagraphSpec {
        let text = paragraph.text
        let quotes = TextPreparation.quoteBreaks(text).filter { offset in
            !paragraph.noBreak.contains { $0.lowerBound < offset && offset < $0.upperBound }
        }
        let boundaries = TextPreparation.scriptBoundaries(text).filter { offset in
            !solid.contains { $0.lowerBound < offset && offset < $0.upperBound }
        }
        guard !quotes.isEmpty || !boundaries.isEmpty else { return paragraph }
        // A script boundary is never beside a quotation mark, so no offset takes both.
        let insertions = (quotes.map { ($0, zeroWidthSpace) } + boundaries.map { ($0, scriptSpace) })
            .sorted { $0.0 < $1.0 }
        var result = paragraph
        // Spliced as UTF-8 bytes (building the text scalar by scalar was 1 % of a batch's instructions).
        var spanStart = 0, next = 0
        result.spans = paragraph.spans.map { span in
            let bytes = Array(span.text.utf8)
            let spanEnd = spanStart + bytes.count
            defer { spanStart = spanEnd }
            guard next < insertions.count, insertions[next].0 < spanEnd else { return span }
            var spliced: [UInt8] = []
            spliced.reserveCapacity(bytes.count + 3 * (insertions.count - next))
            var from = 0
            while next < insertions.count, insertions[next].0 < spanEnd {
                let at = insertions[next].0 - spanStart
                spliced += bytes[from..<at]
                spliced += insertions[next].1 == scriptSpace ? scriptSpaceBytes : zeroWidthSpaceBytes
                from = at
                next += 1
            }
            spliced += bytes[from...]
            return TextSpan(String(decoding: spliced, as: UTF8.self), bold: span.bold)
        }
        // A range starting where a character goes in starts after it; one ending there ends before it.
        func moved(_ offset: Int, countingEqual: Bool) -> Int {
            offset
                + insertions.reduce(0) {
                    (countingEqual ? $1.0 <= offset : $1.0 < offset) ? $0 + UTF8.width($1.1) : $0
                }
        }
        func moved(_ range: Range<Int>) -> Range<Int> {
            moved(range.lowerBound, countingEqual: true)..<moved(range.upperBound, countingEqual: false)
        }
        result.noBreak = paragraph.noBreak.map(moved)
        result.words = paragraph.words.map(moved)
        return result
    }

    /// The byte offsets of the script spaces in a text, found by their UTF-8 bytes (E2 80 85): every layout
    /// of a paragraph, each line-fitting trial included, gives each one its width.
    static func scriptSpaceOffsets(in text: String) -> [Int] {
        var offsets: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xE2 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x85 {
                    offsets.append(index)
                    index += 3
                } else {
                    index += 1
                }
            }
        }
        return offsets
    }

    /// A text without the inserted characters.
    static func removed(from text: String) -> String {
        guard text.unicodeScalars.contains(where: contains) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !contains($0) }))
    }
}
