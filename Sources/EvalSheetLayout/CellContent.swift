/// A line placed inside a cell or a block, relative to the content's top left.
public struct PlacedLine {
    public var line: ShapedLine
    public var y: Double
    public var startsParagraph: Bool
    public var indent: Double

    public init(line: ShapedLine, y: Double, startsParagraph: Bool, indent: Double) {
        self.line = line; self.y = y; self.startsParagraph = startsParagraph; self.indent = indent
    }
}

/// Laid-out paragraphs stacked in a box of a fixed width: the content of a cell or a text block.
/// It splits between lines, keeping at least `minimumLines` on each side.
public struct CellContent {
    public var lines: [PlacedLine]
    public var height: Double
    /// The source text of the whole content (unchanged by splitting), for parity checks.
    public var text: String
    /// The input field the text comes from (`narrative.problems`, `form.title`), for messages.
    public var field: String

    public static var empty: CellContent { CellContent(lines: [], height: 0, text: "") }

    public init(lines: [PlacedLine], height: Double, text: String, field: String = "") {
        self.lines = lines; self.height = height; self.text = text; self.field = field
    }

    public init(_ paragraphs: [ParagraphSpec], width: Double, spacing: Double, context: LayoutContext, field: String) {
        var lines: [PlacedLine] = []
        var y = 0.0
        for (index, spec) in paragraphs.enumerated() {
            if index > 0 { y += spacing }
            let shaped = context.shape(spec, width: width, field: field)
            for (lineIndex, line) in shaped.lines.enumerated() {
                lines.append(PlacedLine(line: line, y: y + line.top, startsParagraph: lineIndex == 0,
                                        indent: spec.firstLineIndent))
            }
            y += shaped.height
        }
        self.init(lines: lines, height: y, text: paragraphs.map(\.text).joined(separator: "\n"), field: field)
    }

    /// Splits so that the first part is at most `height` tall. Nil when that would leave fewer than
    /// `minimumLines` lines on either side.
    public func split(at height: Double, minimumLines: Int = 2) -> (CellContent, CellContent)? {
        var count = 0
        while count < lines.count, lines[count].y + lines[count].line.height <= height + 0.001 { count += 1 }
        guard count >= minimumLines, lines.count - count >= minimumLines else { return nil }
        let first = Array(lines[..<count])
        let offset = lines[count].y
        let rest = lines[count...].map { line -> PlacedLine in
            var moved = line
            moved.y -= offset
            return moved
        }
        let firstHeight = first.last.map { $0.y + $0.line.height } ?? 0
        return (CellContent(lines: first, height: firstHeight, text: text, field: field),
                CellContent(lines: rest, height: Self.extent(of: rest), text: text, field: field))
    }

    private static func extent(of rest: [PlacedLine]) -> Double {
        rest.last.map { $0.y + $0.line.height } ?? 0
    }
}
