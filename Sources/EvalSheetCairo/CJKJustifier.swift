import CPangoCairo
import EvalSheetLayout

/// Justifies a CJK line by widening the gaps next to Han characters and CJK punctuation, never
/// inside a run of digits or Latin letters; a line without CJK gets its slack between words. Pango's own justification letter-spaces `2020` and pours
/// all the slack into an ASCII space (measured: docs/typography.md), so this adjusts the shaped glyph
/// advances of the line directly, once, before it is painted.
enum CJKJustifier {
    /// The most a gap widens, in em. A line that would need more (a few characters before a number too long
    /// to come up, which line fitting could not help) is left short of the edge rather than spaced out into
    /// separate characters. Never reached in the stress corpus (its widest gap is 0.15 em).
    static let maximumStretch = 0.5

    /// A line's clusters in order: the glyph string, the index of the cluster's last glyph, its character.
    typealias Cluster = (glyphs: UnsafeMutablePointer<PangoGlyphString>, glyph: Int, scalar: Unicode.Scalar)

    /// The gaps a line is justified in, as indices of the cluster before each gap; those between Chinese and
    /// Western text separately.
    struct Gaps {
        var clusters: [Cluster] = []
        /// Gaps between Chinese and Western text: they hold the script space (`TextPreparation.scriptSpacing`,
        /// or none beside a bracket or sign) and do not stretch while the other gaps can take the slack, so
        /// that every one is alike. Only a line whose other gaps would be letter-spaced more than
        /// `PangoShaper.looseLimit` (a line before a number too long to come up, which line fitting could not
        /// help), or that has no other gap, widens them.
        var western: [Int] = []
        var other: [Int] = []
        /// An English line: its gaps are the spaces between words.
        var betweenWords = false
        var count: Int { western.count + other.count }

        /// How `total` units of slack are shared, per gap: each gap not beside Western text first takes up to
        /// `cap`, then each gap beside it up to `bound`, then the gaps not beside it again up to `bound` in all;
        /// what is left below one unit a gap goes one unit each to the first gaps of the last that took some.
        func shares(total: Int, cap: Int, bound: Int) -> (other: Int, western: Int, remainder: Int, toWestern: Bool) {
            guard count > 0 else { return (0, 0, 0, false) }
            var left = total
            var otherShare = other.isEmpty ? 0 : min(left / other.count, cap)
            left -= otherShare * other.count
            let westernShare = western.isEmpty ? 0 : min(left / western.count, bound)
            left -= westernShare * western.count
            let more = other.isEmpty ? 0 : min(left / other.count, bound - otherShare)
            otherShare += more
            left -= more * other.count
            if !other.isEmpty && (otherShare < bound) && (otherShare < cap || westernShare == bound || western.isEmpty)
            {
                return (otherShare, westernShare, min(left, other.count), false)
            }
            return (otherShare, westernShare, westernShare < bound ? min(left, western.count) : 0, true)
        }

        /// How far `slack` points would widen each gap between two Han characters if they alone took it, in
        /// points (0 for a line set between words): what tells a loose line.
        func hanStretch(slack: Double, em: Double) -> Double {
            guard slack > 0, !betweenWords, !other.isEmpty else { return 0 }
            let scale = Double(PANGO_SCALE)
            return Double(Int((slack * scale).rounded(.down)) / other.count) / scale
        }
    }

    static func gaps(of line: UnsafeMutablePointer<PangoLayoutLine>, text: [UInt8]) -> Gaps {
        var result = Gaps()
        GlyphRuns.forEach(line) { item, glyphs in
            let count = Int(glyphs.pointee.num_glyphs)
            for glyph in 0..<count {
                let cluster = glyphs.pointee.log_clusters[glyph]
                let isLastOfCluster = glyph + 1 == count || glyphs.pointee.log_clusters[glyph + 1] != cluster
                guard isLastOfCluster else { continue }
                let scalar = UTF8Scalar.decode(text, at: Int(item.pointee.offset) + Int(cluster)) ?? " "
                // An inserted character (a quote break, a script space) is not a gap of its own.
                if InsertedCharacters.contains(scalar) { continue }
                result.clusters.append((glyphs, glyph, scalar))
            }
        }
        var clusters = result.clusters
        while let last = clusters.last, last.scalar == " " || last.scalar == "\n" { clusters.removeLast() }
        result.clusters = clusters
        guard clusters.count > 1 else { return result }
        // A line of English with a wide mark in it (① Whether …) is English: its slack goes between words,
        // not all into the one gap beside the mark.
        let wide = clusters.filter { TextPreparation.isWide($0.scalar) }.count
        let latin = clusters.filter { !TextPreparation.isWide($0.scalar) && $0.scalar.properties.isAlphabetic }.count
        if latin <= wide || !clusters.contains(where: { $0.scalar == " " }) {
            for index in 0..<(clusters.count - 1) {
                let here = clusters[index].scalar, next = clusters[index + 1].scalar
                guard TextPreparation.isWide(here) || TextPreparation.isWide(next) else { continue }
                if isWestern(here) && TextPreparation.isIdeograph(next)
                    || TextPreparation.isIdeograph(here) && isWestern(next)
                {
                    result.western.append(index)
                } else {
                    result.other.append(index)
                }
            }
        }
        if result.count == 0 {
            // A line with no Chinese in it (English): spread the slack over the spaces between words.
            result.other = (0..<(clusters.count - 1)).filter { clusters[$0].scalar == " " }
            result.betweenWords = true
        }
        return result
    }

    /// A Latin letter, a digit or a sign set with them (`%`, `-`), not a space.
    static func isWestern(_ scalar: Unicode.Scalar) -> Bool {
        !TextPreparation.isWide(scalar) && !scalar.properties.isWhitespace && scalar.value > 0x20
    }

    /// Returns the width added, in points (0 when the line was left as it was). The gaps not beside Western
    /// text take the slack, up to `PangoShaper.looseLimit` em each; then those beside it, then all alike,
    /// never more than `maximumStretch` em (`Gaps.shares`).
    /// `spreadsWords` false: a line of English words is left as it is (ragged-right).
    static func justify(
        line: UnsafeMutablePointer<PangoLayoutLine>, text: [UInt8], slack: Double, size: Double,
        spreadsWords: Bool = true
    ) -> Double {
        guard slack > 0.01 else { return 0 }
        let gaps = gaps(of: line, text: text)
        guard gaps.count > 0, spreadsWords || !gaps.betweenWords else { return 0 }
        let scale = Double(PANGO_SCALE)
        // Word spaces of an English line are not bounded.
        let bound = gaps.betweenWords ? Int.max / 4 : Int(maximumStretch * size * scale)
        let cap = gaps.betweenWords ? Int.max / 4 : Int(PangoShaper.looseLimit * size * scale)
        var share = gaps.shares(total: Int((slack * scale).rounded(.down)), cap: cap, bound: bound)
        let western = Set(gaps.western)
        var added = 0
        for index in (gaps.western + gaps.other).sorted() {
            let isWestern = western.contains(index)
            var extra = isWestern ? share.western : share.other
            if share.remainder > 0 && isWestern == share.toWestern { extra += 1; share.remainder -= 1 }
            let cluster = gaps.clusters[index]
            cluster.glyphs.pointee.glyphs[cluster.glyph].geometry.width += Int32(extra)
            added += extra
        }
        return Double(added) / scale
    }

    /// Sets an opening mark at the start of a line that continues a paragraph, and a closing or stopping
    /// mark at the end of any line, flush with the edge: the blank half of its em is removed (the glyph of
    /// an opening mark moves half an em left). Done before justifying, so the room goes to the line's gaps.
    /// Returns the width removed, in points; with `apply` false, only measures it.
    static func setMarksFlush(
        line: UnsafeMutablePointer<PangoLayoutLine>, text: [UInt8], atStart: Bool, size: Double,
        apply: Bool = true
    ) -> Double {
        var first: (UnsafeMutablePointer<PangoGlyphString>, Int, Unicode.Scalar)?
        var last: (UnsafeMutablePointer<PangoGlyphString>, Int, Unicode.Scalar)?
        GlyphRuns.forEach(line) { item, glyphs in
            for glyph in 0..<Int(glyphs.pointee.num_glyphs) {
                let scalar =
                    UTF8Scalar.decode(text, at: Int(item.pointee.offset) + Int(glyphs.pointee.log_clusters[glyph]))
                    ?? " "
                if InsertedCharacters.contains(scalar) { continue }
                if first == nil { first = (glyphs, glyph, scalar) }
                if scalar != " " && scalar != "\n" && scalar != InsertedCharacters.scriptSpace {
                    last = (glyphs, glyph, scalar)
                }
            }
        }
        let em = Int32((size * Double(PANGO_SCALE)).rounded()), half = em / 2
        var removed: Int32 = 0
        if atStart, let (glyphs, glyph, scalar) = first, TextPreparation.openingMarks.contains(scalar),
            glyphs.pointee.glyphs[glyph].geometry.width >= em * 9 / 10
        {
            if apply {
                glyphs.pointee.glyphs[glyph].geometry.width -= half
                glyphs.pointee.glyphs[glyph].geometry.x_offset -= half
            }
            removed += half
        }
        if let (glyphs, glyph, scalar) = last, TextPreparation.closingMarks.contains(scalar),
            glyphs.pointee.glyphs[glyph].geometry.width >= em * 9 / 10,
            first.map({ $0.0 != glyphs || $0.1 != glyph }) ?? true
        {
            if apply { glyphs.pointee.glyphs[glyph].geometry.width -= half }
            removed += half
        }
        return Double(removed) / Double(PANGO_SCALE)
    }
}
