/// Collects the items of one page while blocks draw themselves.
public struct PageBuilder {
    public private(set) var items: [PageItem] = []
    private var rules: Set<Rule> = []

    public init() {}

    public mutating func text(_ content: CellContent, at origin: Point, container: Rect) {
        for placed in content.lines {
            let line = placed.line
            let frame = Rect(x: origin.x + line.x, y: origin.y + placed.y, width: line.width, height: line.height)
            items.append(.text(TextBox(frame: frame, baselineY: frame.y + line.baseline, text: line.text,
                                       font: line.font, container: container,
                                       line: line, startsParagraph: placed.startsParagraph, indent: placed.indent)))
        }
    }

    /// A straight rule; the same segment drawn by two neighbouring cells is kept once.
    public mutating func rule(from: Point, to: Point, width: Double) {
        func snap(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        let rule = Rule(from: Point(x: snap(from.x), y: snap(from.y)), to: Point(x: snap(to.x), y: snap(to.y)), width: width)
        if rules.insert(rule).inserted { items.append(.rule(rule)) }
    }

    public mutating func box(_ rect: Rect, width: Double) {
        rule(from: Point(x: rect.x, y: rect.y), to: Point(x: rect.maxX, y: rect.y), width: width)
        rule(from: Point(x: rect.x, y: rect.maxY), to: Point(x: rect.maxX, y: rect.maxY), width: width)
        rule(from: Point(x: rect.x, y: rect.y), to: Point(x: rect.x, y: rect.maxY), width: width)
        rule(from: Point(x: rect.maxX, y: rect.y), to: Point(x: rect.maxX, y: rect.maxY), width: width)
    }

    public mutating func cell(_ cell: CellBox) { items.append(.cell(cell)) }

    public mutating func bookmark(_ title: String, y: Double, level: Int) {
        items.append(.bookmark(Bookmark(title: title, y: y, level: level)))
    }
}
