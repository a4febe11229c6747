import EvalSheetLayout

/// A shaper with simple, exact metrics and no fonts: a wide (CJK) character is 1 em, anything else half
/// an em, and a line breaks before the character that would pass the width (no kinsoku, no words). It
/// lets pagination be tested in milliseconds with line counts that can be worked out by hand.
final class FakeShaper: TextShaper {
    static let face = FontFace(file: "/fake/font.ttf")

    func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
        let size = paragraph.font.size
        let lineHeight = size * paragraph.lineHeight
        var lines: [ShapedLine] = []
        var current: [(Character, Double)] = []
        var x = paragraph.firstLineIndent

        func finish(endsParagraph: Bool = false) {
            let text = String(current.map(\.0))
            let width = current.reduce(0) { $0 + $1.1 }
            var glyphs: [PositionedGlyph] = []
            var pen = 0.0
            for (character, advance) in current {
                glyphs.append(PositionedGlyph(id: character.unicodeScalars.first!.value, x: pen, advance: advance))
                pen += advance
            }
            let run = GlyphRun(
                face: Self.face, size: size, glyphs: glyphs,
                clusters: current.map { GlyphCluster(text: String($0.0), glyphCount: 1) })
            let start = lines.isEmpty ? paragraph.firstLineIndent : 0
            lines.append(
                ShapedLine(
                    x: start, width: width, top: Double(lines.count) * lineHeight, height: lineHeight,
                    baseline: lineHeight * 0.8, text: text, runs: [run], font: paragraph.font,
                    endsParagraph: endsParagraph))
            current = []
            x = 0
        }

        for character in paragraph.text {
            if character == "\n" { finish(endsParagraph: true); continue }
            let advance = character.unicodeScalars.contains(where: TextPreparation.isWide) ? size : size / 2
            if x + advance > width + 0.001 && !current.isEmpty { finish() }
            current.append((character, advance))
            x += advance
        }
        if !current.isEmpty || lines.isEmpty { finish(endsParagraph: true) }
        return ShapedParagraph(lines: lines, height: Double(lines.count) * lineHeight, missingCharacters: [])
    }
}
