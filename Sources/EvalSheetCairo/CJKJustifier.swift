import CPangoCairo
import EvalSheetLayout

/// Justifies a CJK line by widening the gaps next to Han characters and CJK punctuation, never
/// inside a run of digits or Latin letters; a line without CJK gets its slack between words. Pango's own justification letter-spaces `2020` and pours
/// all the slack into an ASCII space (measured: docs/typography.md), so this adjusts the shaped glyph
/// advances of the line directly, once, before it is painted.
enum CJKJustifier {
    /// Returns the width added, in points (0 when the line was left as it was).
    static func justify(line: UnsafeMutablePointer<PangoLayoutLine>, text: [UInt8], slack: Double) -> Double {
        guard slack > 0.01 else { return 0 }
        // The clusters of the line in order: (glyph string, index of the cluster's last glyph, its character).
        var clusters: [(UnsafeMutablePointer<PangoGlyphString>, Int, Unicode.Scalar)] = []
        GlyphRuns.forEach(line) { item, glyphs in
            let count = Int(glyphs.pointee.num_glyphs)
            for glyph in 0..<count {
                let cluster = glyphs.pointee.log_clusters[glyph]
                let isLastOfCluster = glyph + 1 == count || glyphs.pointee.log_clusters[glyph + 1] != cluster
                guard isLastOfCluster else { continue }
                let scalar = UTF8Scalar.decode(text, at: Int(item.pointee.offset) + Int(cluster)) ?? " "
                clusters.append((glyphs, glyph, scalar))
            }
        }
        while let last = clusters.last, last.2 == " " || last.2 == "\n" { clusters.removeLast() }
        guard clusters.count > 1 else { return 0 }
        var gaps: [Int] = []
        // A line of English with a wide mark in it (① Whether …) is English: its slack goes between words,
        // not all into the one gap beside the mark.
        let wide = clusters.filter { TextPreparation.isWide($0.2) }.count
        let latin = clusters.filter { $0.2.properties.isAlphabetic && !TextPreparation.isWide($0.2) }.count
        if latin <= wide || !clusters.contains(where: { $0.2 == " " }) {
            for index in 0..<(clusters.count - 1) {
                let here = clusters[index].2, next = clusters[index + 1].2
                if TextPreparation.isWide(here) || TextPreparation.isWide(next) { gaps.append(index) }
            }
        }
        if gaps.isEmpty {
            // A line with no Chinese in it (English): spread the slack over the spaces between words.
            gaps = (0..<(clusters.count - 1)).filter { clusters[$0].2 == " " }
        }
        guard !gaps.isEmpty else { return 0 }
        let total = Int((slack * Double(PANGO_SCALE)).rounded(.down))
        let share = total / gaps.count
        var remainder = total - share * gaps.count
        for index in gaps {
            let (glyphs, glyph, _) = clusters[index]
            var extra = share
            if remainder > 0 { extra += 1; remainder -= 1 }
            glyphs.pointee.glyphs[glyph].geometry.width += Int32(extra)
        }
        return Double(total) / Double(PANGO_SCALE)
    }

    /// Sets an opening mark at the start of a line that continues a paragraph, and a closing or stopping
    /// mark at the end of any line, flush with the edge: the blank half of its em is removed (the glyph of
    /// an opening mark moves half an em left). Done before justifying, so the room goes to the line's gaps.
    /// Returns the width removed, in points.
    static func setMarksFlush(line: UnsafeMutablePointer<PangoLayoutLine>, text: [UInt8], atStart: Bool, size: Double) -> Double {
        var first: (UnsafeMutablePointer<PangoGlyphString>, Int, Unicode.Scalar)?
        var last: (UnsafeMutablePointer<PangoGlyphString>, Int, Unicode.Scalar)?
        GlyphRuns.forEach(line) { item, glyphs in
            for glyph in 0..<Int(glyphs.pointee.num_glyphs) {
                let scalar = UTF8Scalar.decode(text, at: Int(item.pointee.offset) + Int(glyphs.pointee.log_clusters[glyph])) ?? " "
                if first == nil { first = (glyphs, glyph, scalar) }
                if scalar != " " && scalar != "\n" { last = (glyphs, glyph, scalar) }
            }
        }
        let em = Int32((size * Double(PANGO_SCALE)).rounded()), half = em / 2
        var removed: Int32 = 0
        if atStart, let (glyphs, glyph, scalar) = first, TextPreparation.openingMarks.contains(scalar),
           glyphs.pointee.glyphs[glyph].geometry.width >= em * 9 / 10 {
            glyphs.pointee.glyphs[glyph].geometry.width -= half
            glyphs.pointee.glyphs[glyph].geometry.x_offset -= half
            removed += half
        }
        if let (glyphs, glyph, scalar) = last, TextPreparation.closingMarks.contains(scalar),
           glyphs.pointee.glyphs[glyph].geometry.width >= em * 9 / 10, first.map({ $0.0 != glyphs || $0.1 != glyph }) ?? true {
            glyphs.pointee.glyphs[glyph].geometry.width -= half
            removed += half
        }
        return Double(removed) / Double(PANGO_SCALE)
    }
}
