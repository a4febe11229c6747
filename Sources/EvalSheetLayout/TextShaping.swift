/// A font request: the family is a fontconfig name (an alias such as 宋体 is fine).
public struct FontSpec: Sendable, Hashable {
    public var family: String
    public var size: Double
    public var bold: Bool
    public init(family: String, size: Double, bold: Bool) {
        self.family = family; self.size = size; self.bold = bold
    }
}

public enum TextAlignment: Sendable, Hashable { case start, center, end }

/// A run of text in one paragraph; `bold` overrides the paragraph font's weight.
public struct TextSpan: Sendable, Hashable {
    public var text: String
    public var bold: Bool
    public init(_ text: String, bold: Bool = false) { self.text = text; self.bold = bold }
}

/// Everything a shaper needs to break one paragraph into lines.
public struct ParagraphSpec: Sendable, Hashable {
    public var spans: [TextSpan]
    public var font: FontSpec
    /// Line box height as a multiple of the font size.
    public var lineHeight: Double
    public var alignment: TextAlignment
    /// Spread the slack of every line but the last between characters (CJK-style, never inside a
    /// Latin word or a number).
    public var justify: Bool
    public var firstLineIndent: Double
    /// UTF-8 byte ranges of the whole text inside which no line may break (numbers with their unit).
    public var noBreak: [Range<Int>]
    /// UTF-8 byte ranges of words inside which a line breaks only if the word alone is wider than the line
    /// (labels: `WordSegmentation`).
    public var words: [Range<Int>]

    public init(
        spans: [TextSpan], font: FontSpec, lineHeight: Double, alignment: TextAlignment = .start,
        justify: Bool = false, firstLineIndent: Double = 0, noBreak: [Range<Int>] = [], words: [Range<Int>] = []
    ) {
        self.spans = spans; self.font = font; self.lineHeight = lineHeight; self.alignment = alignment
        self.justify = justify; self.firstLineIndent = firstLineIndent; self.noBreak = noBreak; self.words = words
    }

    public var text: String { spans.map(\.text).joined() }
}

/// A font file and the face inside it: what a painter needs to draw a glyph id and an exporter to embed
/// the face. Backends open the file themselves; the layout never reads it.
public struct FontFace: Sendable, Hashable {
    /// Absolute path of the font file.
    public var file: String
    /// The face's index in a collection (0 for a single font).
    public var index: Int
    /// Whether the face is a bold design (a property of the file, for exporters that name fonts).
    public var bold: Bool
    public init(file: String, index: Int = 0, bold: Bool = false) {
        self.file = file; self.index = index; self.bold = bold
    }
}

/// One glyph as painted, in points: its origin relative to the start of its line (the line's `x`) and
/// the baseline, after justification.
public struct PositionedGlyph: Sendable, Hashable {
    public var id: UInt32
    public var x: Double
    /// Offset below the baseline (0 for all CJK and Latin text here).
    public var y: Double
    public var advance: Double
    public init(id: UInt32, x: Double, y: Double = 0, advance: Double) {
        self.id = id; self.x = x; self.y = y; self.advance = advance
    }
}

/// Characters and the glyphs that draw them, in reading order: what a PDF's text extraction and an OFD's
/// text code are made from. A cluster may have no glyph (a zero-width character) or several.
public struct GlyphCluster: Sendable, Hashable {
    public var text: String
    public var glyphCount: Int
    public init(text: String, glyphCount: Int) { self.text = text; self.glyphCount = glyphCount }
}

/// Glyphs of one face and size, left to right, with the text they stand for. A glyph with id 0 (the
/// face's .notdef box) stands for a character no font could draw.
public struct GlyphRun: Sendable, Hashable {
    public var face: FontFace
    public var size: Double
    public var glyphs: [PositionedGlyph]
    public var clusters: [GlyphCluster]
    public init(face: FontFace, size: Double, glyphs: [PositionedGlyph], clusters: [GlyphCluster]) {
        self.face = face; self.size = size; self.glyphs = glyphs; self.clusters = clusters
    }
    public var text: String { clusters.map(\.text).joined() }
}

/// One line of a shaped paragraph, positioned relative to the paragraph's top left.
public struct ShapedLine: Sendable {
    /// Left edge of the line's ink advance, including indent and alignment.
    public var x: Double
    public var width: Double
    /// Top of the line box, relative to the paragraph.
    public var top: Double
    public var height: Double
    /// Baseline, relative to the top of the line box.
    public var baseline: Double
    /// The line's characters, for reading order and typography checks.
    public var text: String
    /// What is painted: glyph ids and positions relative to `x` and the baseline.
    public var runs: [GlyphRun]
    public var font: FontSpec
    /// The last line of a paragraph (of the text, or before a line break in it): set ragged, never justified.
    public var endsParagraph: Bool

    public init(
        x: Double, width: Double, top: Double, height: Double, baseline: Double, text: String,
        runs: [GlyphRun], font: FontSpec, endsParagraph: Bool = false
    ) {
        self.x = x; self.width = width; self.top = top; self.height = height; self.baseline = baseline
        self.text = text; self.runs = runs; self.font = font; self.endsParagraph = endsParagraph
    }
}

extension ShapedLine {
    /// The characters of the line with their advances in points, as painted (after justification):
    /// each cluster's first character with the advance of its glyphs. For checks of spacing.
    public var advances: [(Unicode.Scalar, Double)] {
        var result: [(Unicode.Scalar, Double)] = []
        for run in runs {
            var glyph = 0
            for cluster in run.clusters {
                let advance = run.glyphs[glyph..<(glyph + cluster.glyphCount)].reduce(0) { $0 + $1.advance }
                result.append((cluster.text.unicodeScalars.first ?? " ", advance))
                glyph += cluster.glyphCount
            }
        }
        return result
    }
}

public struct ShapedParagraph {
    public var lines: [ShapedLine]
    public var height: Double
    /// Characters no font could draw, as found by the shaper.
    public var missingCharacters: [Character]
    public init(lines: [ShapedLine], height: Double, missingCharacters: [Character]) {
        self.lines = lines; self.height = height; self.missingCharacters = missingCharacters
    }
}

/// Measures and breaks text. Implemented with Pango by the Cairo backend; the layout engine never
/// sees a font file or a glyph.
public protocol TextShaper: AnyObject {
    func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph
}
