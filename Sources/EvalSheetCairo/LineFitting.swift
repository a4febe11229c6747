import CPangoCairo
import EvalSheetLayout

/// Second thoughts on where a justified paragraph's lines break, after Pango's first-fit breaking. Two
/// faults are fixed where they can be without adding a line:
/// - a line that justification would letter-space more than `looseLimit` between Chinese characters,
///   because what follows (a number with its unit, `99.81%。`) did not fit: marks inside the line are set
///   at half width (JLREQ 3.8.2 pulls text in by compressing punctuation before it stretches a line) so
///   that it comes up, as few as will do, pause and stop marks first; where that cannot help, the line
///   above gives up one to three breaks' worth of characters so that two lines share the slack;
/// - a paragraph's last line holding a single character (孤字: 投|诉；, 公众满意|度): the break before it is
///   forbidden, so the line above gives up a character, or, where that leaves the line above loose, the
///   line above pulls the character in by compressing its marks.
/// A trial is kept only if it has fewer such faults and no more lines than what it replaces. Only
/// justified paragraphs can be loose; any paragraph (a label, a centred cell) can end in a lone character.
extension PangoShaper {
    /// The widening between two Chinese characters above which a line reads as letter-spaced, in em.
    static let looseLimit = 0.15

    struct LineFaults {
        var lines: Int
        /// Indices of lines that would be letter-spaced more than `looseLimit`.
        var loose: [Int]
        /// Indices of single-character last lines, with the byte range that keeps the character with the one before it.
        var orphans: [(line: Int, range: Range<Int>)]
        var count: Int { loose.count + orphans.count }
    }

    func fitLines(
        _ paragraph: ParagraphSpec, layout first: GObjectRef, noBreak: [Range<Int>], bytes: [UInt8], width: Double
    ) -> GObjectRef {
        // One line (most cells) can be neither loose nor end in a lone character after another line.
        guard pango_layout_get_line_count(first.opaque) > 1 else { return first }
        var layout = first
        var faults = self.faults(layout.opaque, paragraph: paragraph, bytes: bytes, width: width)
        guard faults.count > 0 else { return layout }
        var noBreak = noBreak
        var halted: [Range<Int>] = []
        /// Lays the paragraph out with these choices and keeps the result if it has fewer faults; returns it either way.
        func tryLayout(noBreak trialNoBreak: [Range<Int>], halted trialHalted: [Range<Int>]) -> (
            kept: Bool, layout: GObjectRef
        ) {
            let trial = makeLayout(paragraph, noBreak: trialNoBreak, halted: trialHalted, width: width)
            let found = self.faults(trial.opaque, paragraph: paragraph, bytes: bytes, width: width)
            guard found.count < faults.count, found.lines <= faults.lines,
                overflowingRanges(trial.opaque, trialNoBreak, paragraph: paragraph, width: width).isEmpty,
                !Self.startsLineWithClosingMark(trial.opaque, bytes: bytes)
            else { return (false, trial) }
            layout = trial; faults = found; noBreak = trialNoBreak; halted = trialHalted
            return (true, trial)
        }
        // 孤字 first by pulling a character down, the way that changes least.
        if !faults.orphans.isEmpty {
            _ = tryLayout(noBreak: noBreak + faults.orphans.map(\.range), halted: halted)
        }
        var tried = Set<Int>()
        while faults.count > 0, tried.count < 8 {
            let targets = (faults.loose + faults.orphans.map { $0.line - 1 }).sorted()
            guard let target = targets.first(where: { !tried.contains($0) }) else { break }
            tried.insert(target)
            // Pull in what follows by compressing marks of the line.
            // A closing mark that would end the line once what follows comes up (期，) is set flush there
            // anyway: compressing it first costs nothing visible.
            let marks =
                compressibleMarks(layout.opaque, line: target + 1, bytes: bytes, size: paragraph.font.size, leading: 2)
                .filter { TextPreparation.closingMarks.contains(UTF8Scalar.decode(bytes, at: $0.lowerBound) ?? " ") }
                + compressibleMarks(layout.opaque, line: target, bytes: bytes, size: paragraph.font.size)
            var fixed = false
            for count in stride(from: 1, through: min(marks.count, 6), by: 1)
            where tryLayout(noBreak: noBreak, halted: halted + marks.prefix(count)).kept {
                fixed = true
                break
            }
            // Or, for a loose line, take characters from the end of the line above (one break after another
            // forbidden, up to three), so the slack is shared by two lines (as a total-fit breaker would).
            if !fixed && faults.loose.contains(target) {
                var trialNoBreak = noBreak
                var trial = layout
                for _ in 0..<3 {
                    guard let range = Self.breakBefore(line: target, in: trial.opaque, bytes: bytes) else { break }
                    trialNoBreak.append(range)
                    let outcome = tryLayout(noBreak: trialNoBreak, halted: halted)
                    if outcome.kept { fixed = true; break }
                    trial = outcome.layout
                }
            }
            // Last, the script spaces of the line and of what should come up are narrowed to an eighth of an em,
            // the marks compressed as well: every other boundary keeps its quarter em.
            let spaces = scriptSpaces(layout.opaque, line: target, bytes: bytes)
            if !fixed && !spaces.isEmpty {
                _ = tryLayout(noBreak: noBreak, halted: halted + marks.prefix(6) + spaces)
            }
        }
        return layout
    }

    /// Whether a line continuing a paragraph starts with a closing or stopping mark: Pango breaks anywhere
    /// when no allowed break fits (a trial that forbids the only one, before `Ⅳ` in `想 Ⅳ：`).
    static func startsLineWithClosingMark(_ layout: OpaquePointer, bytes: [UInt8]) -> Bool {
        for index in 1..<max(1, Int(pango_layout_get_line_count(layout))) {
            guard let line = pango_layout_get_line_readonly(layout, Int32(index)) else { continue }
            let start = Int(line.pointee.start_index)
            if !isLineBreak(bytes, at: start - 1), let first = UTF8Scalar.decode(bytes, at: start),
                TextPreparation.trailingMarks.contains(first)
            {
                return true
            }
        }
        return false
    }

    /// The byte range from the last character of the line before `line` to the first of `line`, when both
    /// belong to one paragraph: forbidding breaks inside it moves the break earlier.
    static func breakBefore(line index: Int, in layout: OpaquePointer, bytes: [UInt8]) -> Range<Int>? {
        guard index > 0, let line = pango_layout_get_line_readonly(layout, Int32(index)) else { return nil }
        let start = Int(line.pointee.start_index)
        guard start > 0, start < bytes.count, !isLineBreak(bytes, at: start - 1) else { return nil }
        var previous = start - 1
        while previous > 0 && (bytes[previous] & 0xC0 == 0x80) { previous -= 1 }
        // Step over an inserted character (a quote break, a script space): the one before it is the one to keep.
        if let scalar = UTF8Scalar.decode(bytes, at: previous), InsertedCharacters.contains(scalar), previous > 0 {
            previous -= 1
            while previous > 0 && (bytes[previous] & 0xC0 == 0x80) { previous -= 1 }
        }
        guard let first = UTF8Scalar.decode(bytes, at: start) else { return nil }
        return previous..<(start + UTF8.width(first))
    }

    func faults(_ layout: OpaquePointer, paragraph: ParagraphSpec, bytes: [UInt8], width: Double) -> LineFaults {
        let orphans = Self.singleCharacterLastLines(layout, bytes: bytes)
        var loose: [Int] = []
        guard paragraph.justify && paragraph.alignment == .start else {
            return LineFaults(lines: Int(pango_layout_get_line_count(layout)), loose: [], orphans: orphans)
        }
        let em = paragraph.font.size
        let iterator = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iterator) }
        var index = 0
        repeat {
            defer { index += 1 }
            let line = UnsafeMutablePointer(mutating: pango_layout_iter_get_line_readonly(iterator)!)
            let start = Int(line.pointee.start_index), end = start + Int(line.pointee.length)
            guard pango_layout_iter_at_last_line(iterator) == 0, !Self.isLineBreak(bytes, at: end) else { continue }
            let (x, advance) = Self.extent(iterator, paragraph: paragraph)
            let startsParagraph = index == 0 || Self.isLineBreak(bytes, at: start - 1)
            let flush = CJKJustifier.setMarksFlush(
                line: line, text: bytes, atStart: !startsParagraph, size: em, apply: false)
            let slack = width - x - advance + flush
            if slack > Self.looseLimit * em,
                CJKJustifier.gaps(of: line, text: bytes).hanStretch(slack: slack, em: em) > Self.looseLimit * em
            {
                loose.append(index)
            }
        } while pango_layout_iter_next_line(iterator) != 0
        return LineFaults(lines: Int(pango_layout_get_line_count(layout)), loose: loose, orphans: orphans)
    }

    /// The byte ranges of the script spaces of a line and of the first eight characters of the line after it
    /// (what would come up).
    func scriptSpaces(_ layout: OpaquePointer, line index: Int, bytes: [UInt8]) -> [Range<Int>] {
        guard let line = pango_layout_get_line_readonly(layout, Int32(index)) else { return [] }
        var end = Int(line.pointee.start_index + line.pointee.length)
        if let next = pango_layout_get_line_readonly(layout, Int32(index + 1)) {
            var counted = 0
            end = Int(next.pointee.start_index)
            while end < bytes.count, counted < 8, !Self.isLineBreak(bytes, at: end) {
                end += UTF8.width(UTF8Scalar.decode(bytes, at: end) ?? " ")
                counted += 1
            }
        }
        var found: [Range<Int>] = []
        var offset = Int(line.pointee.start_index)
        while offset < end, let scalar = UTF8Scalar.decode(bytes, at: offset) {
            let width = UTF8.width(scalar)
            if scalar == InsertedCharacters.scriptSpace { found.append(offset..<(offset + width)) }
            offset += width
        }
        return found
    }

    /// The byte ranges of the full-width marks of a line that can give up half their em, in the order to
    /// compress them: pause and stop marks from the line's end backwards, then brackets and quotes. An
    /// opening mark starting a line is left out (it is set flush there anyway).
    /// With `leading`, only the marks among the line's first `leading` characters, in their order.
    func compressibleMarks(_ layout: OpaquePointer, line index: Int, bytes: [UInt8], size: Double, leading: Int? = nil)
        -> [Range<Int>]
    {
        guard index < pango_layout_get_line_count(layout),
            let line = pango_layout_get_line_readonly(layout, Int32(index))
        else { return [] }
        let pauses = Set("，。、；：".unicodeScalars)
        var first: [Range<Int>] = [], then: [Range<Int>] = []
        var atStart = true
        var seen = 0
        let em = Int32((size * Double(PANGO_SCALE)).rounded())
        GlyphRuns.forEach(UnsafeMutablePointer(mutating: line)) { item, glyphs in
            for glyph in 0..<Int(glyphs.pointee.num_glyphs) {
                let offset = Int(item.pointee.offset) + Int(glyphs.pointee.log_clusters[glyph])
                guard let scalar = UTF8Scalar.decode(bytes, at: offset), !InsertedCharacters.contains(scalar) else {
                    continue
                }
                defer { atStart = false; seen += 1 }
                if let leading, seen >= leading { continue }
                let isMark =
                    TextPreparation.closingMarks.contains(scalar) || TextPreparation.openingMarks.contains(scalar)
                guard isMark, glyphs.pointee.glyphs[glyph].geometry.width >= em * 9 / 10,
                    !(atStart && TextPreparation.openingMarks.contains(scalar))
                else { continue }
                let range = offset..<(offset + UTF8.width(scalar))
                if pauses.contains(scalar) { first.append(range) } else { then.append(range) }
            }
        }
        if leading != nil { return (first + then).sorted { $0.lowerBound < $1.lowerBound } }
        return first.reversed() + then.reversed()
    }
}
