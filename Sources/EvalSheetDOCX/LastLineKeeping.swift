import EvalSheetLayout
import EvalSheetModel

/// Keeping a lone character off a paragraph's last line (孤字) in Word and LibreOffice, which have no rule
/// for it (LibreOffice's print of the reference sheet had 9, the PDF none). Without a shaper, the lines are
/// estimated as they fill them from the font's advances (`Advances`: a Chinese character or full-width mark
/// an em, a digit 0.55), 0.2 em between Chinese and Western letters or digits (LibreOffice's
/// automatic space, measured 1.8 pt at 9 pt), no mark hanging past the edge (`w:overflowPunct` off), no break
/// before a closing mark or inside a Western word or number. Where the estimate ends a paragraph with one character:
/// - a justified paragraph spaces its second-last line's characters a little wider (`w:spacing`), by the
///   middle of the range that moves exactly one character down; the line is justified to the edge either
///   way, so nothing shows but the last line's second character;
/// - a short centred or ragged text of Chinese only, brackets aside (a label, a value), is broken between words
///   (`WordSegmentation`) at the estimated line ends (`w:br`), as the PDF breaks it.
/// A wrong estimate does no harm: if the last line was not lone, one more character moves to it.
struct LastLineKeeping {
    /// Where to break (scalar offsets, each a line's start) or which scalars to space wider, and by how much.
    var breaks: [Int] = []
    var spaced: Range<Int>? = nil
    var spacing: Double = 0

    static let scriptSpace = 0.2

    /// The plan for a paragraph's text set at `size` in `width` points, its first line indented by `indent`.
    static func plan(_ text: String, size: Double, width: Double, indent: Double, justified: Bool)
        -> LastLineKeeping?
    {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars.contains(where: WordSegmentation.isHan), width > size * 2 else {
            return nil
        }
        if justified {
            let lines = fill(scalars, size: size, width: width, indent: indent, words: [])
            guard lines.count >= 2, isLone(scalars[lines[lines.count - 1]...]) else { return nil }
            let start = lines[lines.count - 2], end = lines[lines.count - 1]
            let line = natural(scalars[start..<end], size: size) + (lines.count == 2 ? indent : 0)
            let last = natural(scalars[(end - 1)..<end], size: size)
            let count = Double(end - start)
            guard count >= 3 else { return nil }
            // More than the slack over all its characters, less than the slack and the last one's width over
            // one character fewer: the middle of that range.
            let low = (width - line) / count, high = (width - line + last) / (count - 1)
            guard high > low else { return nil }
            // Word spaces by whole twentieths of a point.
            let spacing = ((low + high) / 2 * 20).rounded() / 20
            let spaced = fill(
                scalars, size: size, width: width, indent: indent, words: [], spacing: (start..<end, spacing))
            guard spaced.count == lines.count, !isLone(scalars[spaced[spaced.count - 1]...]) else { return nil }
            return LastLineKeeping(spaced: start..<end, spacing: spacing)
        }
        // Centred or ragged: Chinese only, or with brackets (`(缴纳)覆盖率`), whose widths are the font's, so the
        // estimate is exact but for the cell's own measure.
        guard scalars.allSatisfy({ Language.isWide($0) || "()[]".unicodeScalars.contains($0) }) else { return nil }
        let words = wordRanges(text)
        var lines = fill(scalars, size: size, width: width, indent: indent, words: words)
        guard lines.count >= 2 else { return nil }
        if isLone(scalars[lines[lines.count - 1]...]) {
            let start = lines[lines.count - 2], end = lines[lines.count - 1]
            // The last word's start on the second-last line, or its second-last character.
            let earlier = words.last { $0.lowerBound > start && $0.lowerBound < end && $0.upperBound >= end }
            let moved = earlier?.lowerBound ?? (end - 1)
            guard moved > start + 1 else { return nil }
            lines[lines.count - 1] = moved
        }
        return LastLineKeeping(breaks: Array(lines.dropFirst()))
    }

    /// A last line of one character, besides the marks that follow it (`诉；`).
    static func isLone(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        line.filter { !TextPreparation.trailingMarks.contains($0) && $0 != " " }.count == 1
    }

    /// Whether LibreOffice's automatic space sits between two scalars: between a Han character and a Western
    /// letter or digit, as the PDF's script space (`TextPreparation.scriptBoundaries`), and beside a circled
    /// number (①), which LibreOffice spaces and the PDF does not.
    static func spaced(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        (WordSegmentation.isHan(a) && isWestern(b)) || (isWestern(a) && WordSegmentation.isHan(b))
    }

    static func isWestern(_ scalar: Unicode.Scalar) -> Bool {
        TextPreparation.isWesternLetterOrDigit(scalar) || (0x2460...0x24FF).contains(scalar.value)
    }

    /// The width of a run of scalars on one line, in points.
    static func natural(_ run: ArraySlice<Unicode.Scalar>, size: Double) -> Double {
        var total = 0.0
        var previous: Unicode.Scalar?
        for scalar in run {
            if let previous, spaced(previous, scalar) { total += scriptSpace }
            total += Advances.ems(scalar)
            previous = scalar
        }
        return total * size
    }

    /// May a line start at this scalar?
    static func mayBreak(before index: Int, in scalars: [Unicode.Scalar], words: [Range<Int>]) -> Bool {
        let previous = scalars[index - 1], scalar = scalars[index]
        if TextPreparation.trailingMarks.contains(scalar) || TextPreparation.openingMarks.contains(previous) {
            return false
        }
        if words.contains(where: { $0.lowerBound < index && index < $0.upperBound }) { return false }
        return previous == " " || Language.isWide(previous) || Language.isWide(scalar)
    }

    /// Each line's first scalar, greedily as Word fills lines; `spacing` points after each scalar of a range.
    static func fill(
        _ scalars: [Unicode.Scalar], size: Double, width: Double, indent: Double, words: [Range<Int>],
        spacing: (Range<Int>, Double)? = nil
    ) -> [Int] {
        var starts = [0]
        var x = indent
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let space =
                index > starts[starts.count - 1] && spaced(scalars[index - 1], scalar) ? scriptSpace * size : 0
            let extra = spacing.map { $0.0.contains(index) ? $0.1 : 0 } ?? 0
            let advance = space + Advances.ems(scalar) * size + extra
            if x + advance > width + 0.01, index > starts[starts.count - 1] {
                let start = starts[starts.count - 1]
                let breakAt =
                    stride(from: index, to: start, by: -1).first { mayBreak(before: $0, in: scalars, words: words) }
                    ?? stride(from: index, to: start, by: -1).first { mayBreak(before: $0, in: scalars, words: []) }
                    ?? index
                starts.append(breakAt)
                x = 0
                index = breakAt
                continue
            }
            x += advance
            index += 1
        }
        return starts
    }

    /// The words of two or more Chinese characters, in scalar offsets.
    static func wordRanges(_ text: String) -> [Range<Int>] {
        let byteRanges = WordSegmentation.words(in: text)
        guard !byteRanges.isEmpty else { return [] }
        var offsets: [Int: Int] = [:]
        var byte = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            offsets[byte] = index
            byte += UTF8.width(scalar)
        }
        offsets[byte] = text.unicodeScalars.count
        return byteRanges.compactMap { range in
            guard let lower = offsets[range.lowerBound], let upper = offsets[range.upperBound] else { return nil }
            return lower..<upper
        }
    }

    /// The runs with the plan applied: split where a break goes or the spacing starts and ends.
    func apply(to runs: [WordML.Run]) -> [WordML.Run] {
        var cuts = Set(breaks)
        if let spaced { cuts.formUnion([spaced.lowerBound, spaced.upperBound]) }
        var result: [WordML.Run] = []
        var offset = 0
        for run in runs {
            let scalars = Array(run.text.unicodeScalars)
            var piece = String.UnicodeScalarView()
            var pieceStart = offset
            func flush() {
                guard !piece.isEmpty else { return }
                var part = run
                part.text = String(piece)
                part.breakBefore = breaks.contains(pieceStart)
                if let spaced, spaced.contains(pieceStart) { part.spacing = spacing }
                result.append(part)
                piece = String.UnicodeScalarView()
            }
            for scalar in scalars {
                if cuts.contains(offset) && !piece.isEmpty { flush() }
                if piece.isEmpty { pieceStart = offset }
                piece.append(scalar)
                offset += 1
            }
            flush()
        }
        return result
    }
}
