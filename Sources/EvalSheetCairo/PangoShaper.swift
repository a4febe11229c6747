import CPangoCairo
import EvalSheetLayout
import EvalSheetModel
import Foundation

/// Measures and breaks text with Pango (UAX #14 line breaking, which keeps closing punctuation off
/// line starts), then justifies CJK lines itself (see `CJKJustifier`).
public final class PangoShaper: TextShaper {
    let fonts: FontSetup
    let context: GObjectRef
    private var descriptions: [FontSpec: OpaquePointer] = [:]
    /// Whether lines are fitted after Pango breaks them (`fitLines`: 孤字, loose lines); off only to measure
    /// what fitting does.
    public var fitsLines = true

    public init(fonts: FontSetup) throws {
        self.fonts = fonts
        guard let context = GObjectRef(pango_font_map_create_context(fonts.fontMap)) else {
            throw FontSetupError(
                message: Message("pango-context", en: "pango: cannot create a context", zh: "pango：无法建立上下文"))
        }
        self.context = context
        // Vector output: no hinting, no rounding of glyph positions.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context.opaque, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context.opaque, 0)
        pango_context_set_language(context.opaque, pango_language_from_string("zh-cn"))
    }

    deinit {
        descriptions.values.forEach { pango_font_description_free($0) }
    }

    func description(_ font: FontSpec) -> OpaquePointer {
        if let known = descriptions[font] { return known }
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, font.family)
        pango_font_description_set_size(description, Int32((font.size * Double(PANGO_SCALE)).rounded()))
        pango_font_description_set_weight(description, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        descriptions[font] = description
        return description
    }

    public func shape(_ original: ParagraphSpec, width: Double) -> ShapedParagraph {
        var paragraph = InsertedCharacters.inserted(into: original)
        // Words wider than the line (by their index) break where they must.
        var brokenWords = Set<Int>()
        func words() -> [Range<Int>] {
            paragraph.words.indices.filter { !brokenWords.contains($0) }.map { paragraph.words[$0] }
        }
        func overflowing(_ layout: GObjectRef, _ ranges: [Range<Int>]) -> [Range<Int>] {
            overflowingRanges(layout.opaque, ranges, paragraph: paragraph, width: width)
        }
        var layout = makeLayout(paragraph, noBreak: paragraph.noBreak + words(), width: width)
        for _ in 0..<3 where brokenWords.count < paragraph.words.count {
            let over = overflowing(layout, words())
            guard !over.isEmpty else { break }
            brokenWords.formUnion(paragraph.words.indices.filter { over.contains(paragraph.words[$0]) })
            layout = makeLayout(paragraph, noBreak: paragraph.noBreak + words(), width: width)
        }
        var tooWide = overflowing(layout, paragraph.noBreak)
        // A number wider than the line is first set without script spaces inside it (`≤3500元` in a column
        // of 33 pt); if it is still too wide, it breaks between digits instead.
        if !tooWide.isEmpty {
            let solid = paragraph.noBreak.indices.filter { tooWide.contains(paragraph.noBreak[$0]) }.map {
                original.noBreak[$0]
            }
            let retry = InsertedCharacters.inserted(into: original, solid: solid)
            if retry.text != paragraph.text {
                paragraph = retry
                layout = makeLayout(paragraph, noBreak: paragraph.noBreak + words(), width: width)
                tooWide = overflowing(layout, paragraph.noBreak)
            }
        }
        let text = paragraph.text
        // Line and cluster texts are cleaned of the inserted characters only where there are some.
        let hasInsertions = text.utf8.count != original.text.utf8.count
        func cleaned(_ text: String) -> String { hasInsertions ? InsertedCharacters.removed(from: text) : text }
        let bytes = Array(text.utf8)
        var noBreak = paragraph.noBreak + words()
        if !tooWide.isEmpty {
            noBreak =
                paragraph.noBreak.flatMap { tooWide.contains($0) ? TextPreparation.relaxed($0, in: text) : [$0] }
                + words()
            layout = makeLayout(paragraph, noBreak: noBreak, width: width)
        }
        if fitsLines { layout = fitLines(paragraph, layout: layout, noBreak: noBreak, bytes: bytes, width: width) }
        let handle = layout.opaque

        let lineHeight = paragraph.font.size * paragraph.lineHeight
        // Centre the ideographic em box (0.88 em above the baseline, 0.12 below) in the line box.
        let baseline = (lineHeight - paragraph.font.size) / 2 + 0.88 * paragraph.font.size
        // English in a narrow column is set ragged-right where justifying it would open a space between words
        // wider than `widestWordSpace` (zh-en notes: up to 2.9 em): the whole paragraph, so its lines agree.
        let raggedEnglish =
            paragraph.justify && paragraph.alignment == .start && bytes.contains(0x20)
            && Self.wouldSpreadWords(handle, bytes: bytes, paragraph: paragraph, width: width)
        var lines: [ShapedLine] = []
        let iterator = pango_layout_get_iter(handle)!
        defer { pango_layout_iter_free(iterator) }
        var index = 0
        repeat {
            let line = pango_layout_iter_get_line_readonly(iterator)!
            let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
            let lineText = cleaned(String(decoding: bytes[start..<min(bytes.count, start + length)], as: UTF8.self))
            var (x, advance) = Self.extent(iterator, paragraph: paragraph)
            // The last line of the text, or of a paragraph within it (a line break follows), stays ragged.
            let end = start + length
            let endsParagraph = pango_layout_iter_at_last_line(iterator) != 0 || Self.isLineBreak(bytes, at: end)
            if paragraph.alignment == .start {
                // A paragraph's first line keeps its opening mark whole after the indent, as Chinese books do.
                let startsParagraph = index == 0 || Self.isLineBreak(bytes, at: start - 1)
                advance -= CJKJustifier.setMarksFlush(
                    line: UnsafeMutablePointer(mutating: line), text: bytes,
                    atStart: !startsParagraph, size: paragraph.font.size)
            }
            if paragraph.justify && !endsParagraph && paragraph.alignment == .start {
                let added = CJKJustifier.justify(
                    line: UnsafeMutablePointer(mutating: line), text: bytes,
                    slack: width - x - advance, size: paragraph.font.size, spreadsWords: !raggedEnglish)
                advance += added
            }
            if paragraph.alignment == .start { x = max(0, x) }
            lines.append(
                ShapedLine(
                    x: x, width: advance, top: Double(index) * lineHeight, height: lineHeight,
                    baseline: baseline, text: lineText,
                    runs: PangoLine.runs(
                        of: UnsafeMutablePointer(mutating: line), text: bytes, size: paragraph.font.size,
                        inserted: hasInsertions),
                    font: paragraph.font, endsParagraph: endsParagraph))
            index += 1
        } while pango_layout_iter_next_line(iterator) != 0

        var missing: [Character] = []
        if pango_layout_get_unknown_glyphs_count(handle) > 0 {
            missing = unknownCharacters(handle, bytes: bytes)
        }
        return ShapedParagraph(lines: lines, height: Double(lines.count) * lineHeight, missingCharacters: missing)
    }

    /// Lines that end a paragraph of two or more lines with one character alone (closing punctuation
    /// after it does not count as a second one), each as the byte range from the character before the
    /// break to the end of the lone one (a range inside which no break is allowed keeps them together), with
    /// the line's index.
    static func singleCharacterLastLines(_ layout: OpaquePointer, bytes: [UInt8]) -> [(line: Int, range: Range<Int>)] {
        let count = Int(pango_layout_get_line_count(layout))
        guard count > 1 else { return [] }
        var found: [(line: Int, range: Range<Int>)] = []
        var paragraphLines = 0
        for index in 0..<count {
            guard let line = pango_layout_get_line_readonly(layout, Int32(index)) else { continue }
            paragraphLines += 1
            let start = Int(line.pointee.start_index), end = start + Int(line.pointee.length)
            let endsParagraph = index == count - 1 || Self.isLineBreak(bytes, at: end)
            guard endsParagraph else { continue }
            defer { paragraphLines = 0 }
            guard paragraphLines > 1 else { continue }
            let text = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
            let letters = text.unicodeScalars.filter {
                !$0.properties.isWhitespace && !TextPreparation.trailingMarks.contains($0)
                    && $0 != InsertedCharacters.zeroWidthSpace
            }
            guard letters.count == 1, let only = letters.first, TextPreparation.isWide(only), start > 0 else {
                continue
            }
            var previous = start - 1
            while previous > 0 && bytes[previous] & 0xC0 == 0x80 { previous -= 1 }
            let lone =
                text.unicodeScalars.firstIndex(of: only).map {
                    text.unicodeScalars[..<$0].reduce(0) { $0 + UTF8.width($1) }
                } ?? 0
            found.append((index, previous..<(start + lone + UTF8.width(only))))
        }
        return found
    }

    /// The left edge and the advance of the iterator's line, in points, as painted: the sum of its glyphs'
    /// advances. Pango sets a wrapped line's final space (here a script space, `InsertedCharacters`) at no
    /// width, but keeps a shape attribute's width in the line's extents and aligns the line by them; that
    /// width is taken off here (from the left edge too where the line is centred or set to the end).
    static func extent(_ iterator: OpaquePointer, paragraph: ParagraphSpec) -> (x: Double, width: Double) {
        var logical = PangoRectangle()
        pango_layout_iter_get_line_extents(iterator, nil, &logical)
        guard let line = pango_layout_iter_get_line_readonly(iterator) else {
            return (Double(logical.x) / Double(PANGO_SCALE), Double(logical.width) / Double(PANGO_SCALE))
        }
        var advance: Int32 = 0
        GlyphRuns.forEach(UnsafeMutablePointer(mutating: line)) { _, glyphs in
            advance += pango_glyph_string_get_width(glyphs)
        }
        let hidden = max(0, logical.width - advance)
        let x: Int32
        switch paragraph.alignment {
        case .start: x = logical.x
        case .center: x = logical.x + hidden / 2
        case .end: x = logical.x + hidden
        }
        return (Double(x) / Double(PANGO_SCALE), Double(advance) / Double(PANGO_SCALE))
    }

    /// The widest a space between English words is set by justification, in em (its own width included).
    static let widestWordSpace = 0.5

    /// Whether justifying a line of English words (`CJKJustifier.Gaps.betweenWords`) would set a space wider
    /// than `widestWordSpace`.
    static func wouldSpreadWords(_ layout: OpaquePointer, bytes: [UInt8], paragraph: ParagraphSpec, width: Double)
        -> Bool
    {
        let iterator = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iterator) }
        repeat {
            guard pango_layout_iter_at_last_line(iterator) == 0,
                let line = pango_layout_iter_get_line_readonly(iterator),
                !isLineBreak(bytes, at: Int(line.pointee.start_index + line.pointee.length))
            else { continue }
            let gaps = CJKJustifier.gaps(of: UnsafeMutablePointer(mutating: line), text: bytes)
            guard gaps.betweenWords, !gaps.other.isEmpty else { continue }
            let (x, advance) = extent(iterator, paragraph: paragraph)
            let natural =
                gaps.other.map {
                    Double(gaps.clusters[$0].glyphs.pointee.glyphs[gaps.clusters[$0].glyph].geometry.width)
                        / Double(PANGO_SCALE)
                }.max() ?? 0
            if natural + max(0, width - x - advance) / Double(gaps.other.count)
                > widestWordSpace * paragraph.font.size
            {
                return true
            }
        } while pango_layout_iter_next_line(iterator) != 0
        return false
    }

    /// Whether the byte at `index` is a line break: a paragraph ends there inside one text (a note's ① ②).
    static func isLineBreak(_ bytes: [UInt8], at index: Int) -> Bool {
        index >= 0 && index < bytes.count && (bytes[index] == 0x0A || bytes[index] == 0x0D)
    }

    func makeLayout(_ paragraph: ParagraphSpec, noBreak: [Range<Int>], halted: [Range<Int>] = [], width: Double)
        -> GObjectRef
    {
        let text = paragraph.text
        let layout = GObjectRef(pango_layout_new(context.opaque))!
        let handle = layout.opaque
        pango_layout_set_text(handle, text, Int32(text.utf8.count))
        pango_layout_set_font_description(handle, description(paragraph.font))
        pango_layout_set_width(handle, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(handle, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_indent(handle, Int32(paragraph.firstLineIndent * Double(PANGO_SCALE)))
        switch paragraph.alignment {
        case .start: pango_layout_set_alignment(handle, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(handle, PANGO_ALIGN_CENTER)
        case .end: pango_layout_set_alignment(handle, PANGO_ALIGN_RIGHT)
        }
        applyAttributes(paragraph, noBreak: noBreak, halted: halted, to: handle)
        return layout
    }

    /// The no-break ranges that share a line with text running past `width`.
    func overflowingRanges(
        _ layout: OpaquePointer, _ noBreak: [Range<Int>], paragraph: ParagraphSpec, width: Double
    ) -> [Range<Int>] {
        guard !noBreak.isEmpty else { return [] }
        var found: [Range<Int>] = []
        let iterator = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iterator) }
        repeat {
            let (x, advance) = Self.extent(iterator, paragraph: paragraph)
            // A centred line running over both edges starts left of 0.
            guard max(0, x) + advance > width + 0.05, let line = pango_layout_iter_get_line_readonly(iterator) else {
                continue
            }
            let bytes = Int(line.pointee.start_index)..<Int(line.pointee.start_index + line.pointee.length)
            found += noBreak.filter { $0.overlaps(bytes) && !found.contains($0) }
        } while pango_layout_iter_next_line(iterator) != 0
        return found
    }

    func applyAttributes(
        _ paragraph: ParagraphSpec, noBreak: [Range<Int>], halted: [Range<Int>], to layout: OpaquePointer
    ) {
        let list = pango_attr_list_new()!
        defer { pango_attr_list_unref(list) }
        var offset = 0
        for span in paragraph.spans {
            let length = span.text.utf8.count
            if span.bold && !paragraph.font.bold, let attribute = pango_attr_weight_new(PANGO_WEIGHT_BOLD) {
                attribute.pointee.start_index = UInt32(offset)
                attribute.pointee.end_index = UInt32(offset + length)
                pango_attr_list_insert(list, attribute)
            }
            offset += length
        }
        // Words are broken only at spaces (or, for a word wider than its column, without a hyphen).
        if let noHyphens = pango_attr_insert_hyphens_new(0) {
            noHyphens.pointee.start_index = 0
            noHyphens.pointee.end_index = UInt32(offset)
            pango_attr_list_insert(list, noHyphens)
        }
        // English is shaped as English: tagged as such, and with the font's proportional forms (`pwid`), as
        // Noto CJK SC's own quotation marks are full-width whatever the language (measured: 1 em either way).
        let english = pango_language_from_string("en")
        for range in TextPreparation.englishRanges(paragraph.text) {
            for attribute in [pango_attr_language_new(english), pango_attr_font_features_new("pwid")] {
                guard let attribute else { continue }
                attribute.pointee.start_index = UInt32(range.lowerBound)
                attribute.pointee.end_index = UInt32(range.upperBound)
                pango_attr_list_insert(list, attribute)
            }
        }
        for range in TextPreparation.compressedPunctuation(paragraph.text) + halted {
            guard let attribute = pango_attr_font_features_new("halt") else { continue }
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(list, attribute)
        }
        // Each script space is an empty glyph a quarter em wide (an eighth where line fitting compressed it,
        // `halted`), its logical box the em box so the line's height is the text's.
        let em = paragraph.font.size * Double(PANGO_SCALE)
        var ink = PangoRectangle()
        func box(_ spacing: Double) -> PangoRectangle {
            PangoRectangle(
                x: 0, y: Int32((-0.88 * em).rounded()), width: Int32((spacing * em).rounded()),
                height: Int32(em.rounded()))
        }
        var normal = box(TextPreparation.scriptSpacing), narrow = box(TextPreparation.scriptSpacingMinimum)
        let narrowed = Set(halted.map(\.lowerBound))
        for position in InsertedCharacters.scriptSpaceOffsets(in: paragraph.text) {
            guard
                let attribute = narrowed.contains(position)
                    ? pango_attr_shape_new(&ink, &narrow) : pango_attr_shape_new(&ink, &normal)
            else { continue }
            attribute.pointee.start_index = UInt32(position)
            attribute.pointee.end_index = UInt32(position + InsertedCharacters.scriptSpaceBytes.count)
            pango_attr_list_insert(list, attribute)
        }
        for range in noBreak {
            guard let attribute = pango_attr_allow_breaks_new(0) else { continue }
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(list, attribute)
        }
        pango_layout_set_attributes(layout, list)
    }

    /// The characters drawn with Pango's unknown-glyph box.
    func unknownCharacters(_ layout: OpaquePointer, bytes: [UInt8]) -> [Character] {
        var found: [Character] = []
        for index in 0..<pango_layout_get_line_count(layout) {
            guard let line = pango_layout_get_line_readonly(layout, index) else { continue }
            GlyphRuns.forEach(line) { item, glyphs in
                for glyph in 0..<Int(glyphs.pointee.num_glyphs)
                where glyphs.pointee.glyphs[glyph].glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 {
                    let byte = Int(item.pointee.offset) + Int(glyphs.pointee.log_clusters[glyph])
                    if let scalar = UTF8Scalar.decode(bytes, at: byte) {
                        let character = Character(scalar)
                        if !found.contains(character) && scalar.value > 0x20 { found.append(character) }
                    }
                }
            }
        }
        return found
    }
}

/// Walks the glyph runs of a Pango layout line.
enum GlyphRuns {
    static func forEach(
        _ line: UnsafeMutablePointer<PangoLayoutLine>,
        _ body: (UnsafeMutablePointer<PangoItem>, UnsafeMutablePointer<PangoGlyphString>) -> Void
    ) {
        var run = line.pointee.runs
        while let node = run {
            if let data = node.pointee.data {
                let glyphItem = data.assumingMemoryBound(to: PangoGlyphItem.self)
                if let item = glyphItem.pointee.item, let glyphs = glyphItem.pointee.glyphs { body(item, glyphs) }
            }
            run = node.pointee.next
        }
    }
}

enum UTF8Scalar {
    static func decode(_ bytes: [UInt8], at offset: Int) -> Unicode.Scalar? {
        guard offset >= 0, offset < bytes.count else { return nil }
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case let .scalarValue(scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }
}
