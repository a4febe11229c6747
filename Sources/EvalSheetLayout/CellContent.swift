import EvalSheetModel
import EvalSheetTables

/// A line placed inside a cell or a block, relative to the content's top left.
public struct PlacedLine {
    public var line: ShapedLine
    public var y: Double
    public var startsParagraph: Bool
    public var indent: Double
    /// Index of the line's paragraph in its content.
    public var paragraph: Int
    /// A heading's line (a paragraph set all in bold, such as 一、总体情况。): never the last line before a break.
    public var keepsWithNext: Bool

    public init(
        line: ShapedLine, y: Double, startsParagraph: Bool, indent: Double, paragraph: Int = 0,
        keepsWithNext: Bool = false
    ) {
        self.line = line; self.y = y; self.startsParagraph = startsParagraph; self.indent = indent
        self.paragraph = paragraph; self.keepsWithNext = keepsWithNext
    }
}

/// An image placed inside a cell, relative to the content's top left.
public struct PlacedImage {
    public var image: SignOffImage
    public var frame: Rect
}

/// Laid-out paragraphs stacked in a box of a fixed width: the content of a cell or a text block.
/// It splits between lines, keeping at least two lines of a paragraph on each side of a break (or
/// moving the break to the paragraph's start) and a heading with what follows it.
public struct CellContent {
    public var lines: [PlacedLine]
    public var height: Double
    /// The source text of the whole content (unchanged by splitting), for parity checks.
    public var text: String
    /// The input field the text comes from (`narrative.problems`, `form.title`), for messages.
    public var field: String
    /// Images below the lines (a seal, a signature): content with one never splits.
    public var images: [PlacedImage] = []

    public static var empty: CellContent { CellContent(lines: [], height: 0, text: "") }

    public init(lines: [PlacedLine], height: Double, text: String, field: String = "") {
        self.lines = lines; self.height = height; self.text = text; self.field = field
    }

    public init(_ paragraphs: [ParagraphSpec], width: Double, spacing: Double, context: LayoutContext, field: String) {
        var lines: [PlacedLine] = []
        var y = 0.0
        // Paragraphs are counted at every paragraph end, a line break inside a text (the items ① ② of a
        // scoring note) included.
        var paragraph = 0
        for (index, spec) in paragraphs.enumerated() {
            if index > 0 { y += spacing }
            let shaped = context.shape(spec, width: width, field: field)
            let heading =
                paragraphs.count > 1 && !spec.spans.isEmpty && spec.spans.allSatisfy { $0.bold || $0.text.isEmpty }
            for (lineIndex, line) in shaped.lines.enumerated() {
                lines.append(
                    PlacedLine(
                        line: line, y: y + line.top, startsParagraph: lineIndex == 0,
                        indent: spec.firstLineIndent, paragraph: paragraph, keepsWithNext: heading))
                if line.endsParagraph || lineIndex == shaped.lines.count - 1 { paragraph += 1 }
            }
            y += shaped.height
        }
        self.init(lines: lines, height: y, text: paragraphs.map(\.text).joined(separator: "\n"), field: field)
    }

    /// Splits so that the first part is at most `height` tall. Nil when that would leave fewer than
    /// `minimumLines` lines on either side. With `minimumLines` of 2 or more the break also respects the
    /// paragraphs: at least two lines of a paragraph on each side (else the break moves back to the
    /// paragraph's start, so a two- or three-line paragraph moves whole), and never right after a heading.
    /// With 1 (a page that must take something) any line will do.
    public func split(at height: Double, minimumLines: Int = 2) -> (CellContent, CellContent)? {
        guard images.isEmpty else { return nil }
        var fitting = 0
        while fitting < lines.count, lines[fitting].y + lines[fitting].line.height <= height + 0.001 { fitting += 1 }
        var count = fitting
        if minimumLines >= 2 {
            while count >= minimumLines && !breakable(before: count) { count -= 1 }
        }
        guard count >= minimumLines, lines.count - count >= minimumLines else { return nil }
        let first = Array(lines[..<count])
        let offset = lines[count].y
        let rest = lines[count...].map { line -> PlacedLine in
            var moved = line
            moved.y -= offset
            return moved
        }
        let firstHeight = first.last.map { $0.y + $0.line.height } ?? 0
        return (
            CellContent(lines: first, height: firstHeight, text: text, field: field),
            CellContent(lines: rest, height: Self.extent(of: rest), text: text, field: field)
        )
    }

    /// Adds an image centred in `width`, as large as `size` (millimetres) allows with its shape kept and
    /// never wider than `width`: below the lines, `gap` apart, or over them from the top (a seal stamped over
    /// its label: the 42 mm seal below its label made the national sample's last row 22 pt taller, and so
    /// alone on a second page).
    public mutating func append(_ cellImage: CellImage, width: Double, gap: Double) {
        let size = cellImage.points(within: width)
        let top = lines.isEmpty || cellImage.overText ? 0 : height + gap
        images.append(
            PlacedImage(
                image: cellImage.image,
                frame: Rect(x: (width - size.width) / 2, y: top, width: size.width, height: size.height)))
        height = max(height, top + size.height)
    }

    /// Whether a break before line `index` keeps two lines of its paragraph on each side and leaves no
    /// heading at the foot.
    public func breakable(before index: Int) -> Bool {
        guard index > 0, index < lines.count else { return false }
        if lines[index - 1].keepsWithNext { return false }
        let paragraph = lines[index].paragraph
        guard lines[index - 1].paragraph == paragraph else { return true }
        // Lines are in order: the paragraph's lines are the run around the break.
        var first = index - 1, last = index
        while first > 0 && lines[first - 1].paragraph == paragraph { first -= 1 }
        while last + 1 < lines.count && lines[last + 1].paragraph == paragraph { last += 1 }
        return index - first >= 2 && last + 1 - index >= 2
    }

    private static func extent(of rest: [PlacedLine]) -> Double {
        rest.last.map { $0.y + $0.line.height } ?? 0
    }
}
