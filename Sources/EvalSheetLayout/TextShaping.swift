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

    public init(spans: [TextSpan], font: FontSpec, lineHeight: Double, alignment: TextAlignment = .start,
                justify: Bool = false, firstLineIndent: Double = 0, noBreak: [Range<Int>] = []) {
        self.spans = spans; self.font = font; self.lineHeight = lineHeight; self.alignment = alignment
        self.justify = justify; self.firstLineIndent = firstLineIndent; self.noBreak = noBreak
    }

    public var text: String { spans.map(\.text).joined() }
}

/// What a backend keeps to paint a line it shaped (a Pango layout line). The layout engine only
/// carries it along: the same object that measured the line paints it.
public protocol LinePainting: AnyObject {}

/// One line of a shaped paragraph, positioned relative to the paragraph's top left.
public struct ShapedLine {
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
    public var painting: LinePainting
    public var lineIndex: Int
    public var font: FontSpec

    public init(x: Double, width: Double, top: Double, height: Double, baseline: Double, text: String,
                painting: LinePainting, lineIndex: Int, font: FontSpec) {
        self.x = x; self.width = width; self.top = top; self.height = height; self.baseline = baseline
        self.text = text; self.painting = painting; self.lineIndex = lineIndex; self.font = font
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
