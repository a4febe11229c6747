import CPangoCairo
import EvalSheetLayout

/// Reads what Pango shaped (after `CJKJustifier` changed the advances) into the display list's glyph
/// runs, so that nothing downstream needs Pango: the Cairo painter, the OFD writer and the tests all
/// read the same glyph ids and positions. Positions follow Pango's own renderer (pangocairo-render.c):
/// the pen advances by each glyph's width in Pango units, a glyph is drawn at pen + x_offset, and
/// PANGO_GLYPH_EMPTY glyphs take their advance but draw nothing.
enum PangoLine {
    /// `inserted`: the text holds characters of `InsertedCharacters`, to leave out of the clusters.
    static func runs(
        of line: UnsafeMutablePointer<PangoLayoutLine>, text bytes: [UInt8], size: Double, inserted: Bool
    ) -> [GlyphRun] {
        var runs: [GlyphRun] = []
        var pen: Int32 = 0
        let scale = Double(PANGO_SCALE)
        GlyphRuns.forEach(line) { item, glyphs in
            let count = Int(glyphs.pointee.num_glyphs)
            let itemStart = Int(item.pointee.offset), itemEnd = itemStart + Int(item.pointee.length)
            let face = self.face(of: item.pointee.analysis.font)
            var run = GlyphRun(face: face, size: size, glyphs: [], clusters: [])
            var glyph = 0
            while glyph < count {
                let cluster = glyphs.pointee.log_clusters[glyph]
                var end = glyph
                while end < count, glyphs.pointee.log_clusters[end] == cluster { end += 1 }
                let textStart = itemStart + Int(cluster)
                let textEnd = end < count ? itemStart + Int(glyphs.pointee.log_clusters[end]) : itemEnd
                var drawn = 0
                for index in glyph..<end {
                    let info = glyphs.pointee.glyphs[index]
                    if info.glyph != PANGO_GLYPH_EMPTY {
                        // A character without a glyph is drawn as the face's .notdef box and keeps its text.
                        let id = info.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 ? 0 : info.glyph
                        run.glyphs.append(
                            PositionedGlyph(
                                id: id, x: Double(pen + info.geometry.x_offset) / scale,
                                y: Double(info.geometry.y_offset) / scale,
                                advance: Double(info.geometry.width) / scale))
                        drawn += 1
                    }
                    pen += info.geometry.width
                }
                let decoded = String(
                    decoding: bytes[min(bytes.count, textStart)..<min(bytes.count, max(textStart, textEnd))],
                    as: UTF8.self)
                let clusterText = inserted ? InsertedCharacters.removed(from: decoded) : decoded
                // An inserted character (`InsertedCharacters`) is neither drawn nor text; its advance stays.
                if drawn > 0 || !clusterText.isEmpty {
                    run.clusters.append(GlyphCluster(text: clusterText, glyphCount: drawn))
                }
                glyph = end
            }
            guard !run.clusters.isEmpty else { return }
            // A run of the same face and size as the one before (split only by a script space's empty glyph,
            // `InsertedCharacters`) goes on in it: one glyph run for the painter, not three.
            if let last = runs.last, last.face == run.face, last.size == run.size {
                runs[runs.count - 1].glyphs += run.glyphs
                runs[runs.count - 1].clusters += run.clusters
            } else {
                runs.append(run)
            }
        }
        return runs
    }

    /// The file and face index fontconfig resolved for a Pango font (every font of this font map is a
    /// fontconfig font; the size is the paragraph's, as every run of a paragraph has it).
    static func face(of font: UnsafeMutablePointer<PangoFont>?) -> FontFace {
        guard let font,
            let pattern = pango_fc_font_get_pattern(
                UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self))
        else {
            return FontFace(file: "", index: 0)
        }
        var file: UnsafeMutablePointer<UInt8>?
        var index: Int32 = 0, weight: Int32 = FC_WEIGHT_REGULAR
        let path =
            FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch
            ? file.map { String(cString: $0) } ?? "" : ""
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        _ = FcPatternGetInteger(pattern, FC_WEIGHT, 0, &weight)
        return FontFace(file: path, index: Int(index), bold: weight >= FC_WEIGHT_BOLD)
    }
}
