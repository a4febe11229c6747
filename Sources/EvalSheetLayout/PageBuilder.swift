/// Collects the items of one page while blocks draw themselves.
public struct PageBuilder {
    private var items: [PageItem] = []
    private var rules: Set<Rule> = []
    /// The foot of the text block while blocks are placed (nil while the page is decorated): text drawn
    /// below it is recorded in `overflow`, never passed over in silence. (A row is only ever as tall as
    /// its tallest text, so text is where an overflow shows.)
    var foot: Double?
    /// The tallest text on the page that runs past the foot: the cause (what else runs past is only
    /// pushed down by it, or centred in its row).
    public private(set) var overflow: LayoutOverflow?

    /// The page's items as painted: its rules merged into as few strokes as draw the same lines (see
    /// `RuleMerging`), first, then everything else in the order drawn (text in reading order).
    public var finishedItems: [PageItem] {
        RuleMerging.merged(Array(rules)).map(PageItem.rule) + items
    }

    public init(foot: Double? = nil) { self.foot = foot }

    public mutating func text(_ content: CellContent, at origin: Point, container: Rect) {
        if let foot, origin.y + content.height > foot + 0.01, content.height > overflow?.height ?? 0 {
            overflow = LayoutOverflow(
                field: content.field, height: content.height, excess: origin.y + content.height - foot)
        }
        for placed in content.lines {
            let line = placed.line
            let frame = Rect(x: origin.x + line.x, y: origin.y + placed.y, width: line.width, height: line.height)
            items.append(
                .text(
                    TextBox(
                        frame: frame, baselineY: frame.y + line.baseline, text: line.text, field: content.field,
                        font: line.font, container: container,
                        line: line, startsParagraph: placed.startsParagraph, indent: placed.indent)))
        }
        for placed in content.images {
            let frame = Rect(
                x: origin.x + placed.frame.x, y: origin.y + placed.frame.y, width: placed.frame.width,
                height: placed.frame.height)
            items.append(
                .image(ImageBox(frame: frame, container: container, field: content.field, image: placed.image)))
        }
    }

    /// A straight rule; the same segment drawn by two neighbouring cells is kept once.
    public mutating func rule(from: Point, to: Point, width: Double) {
        func snap(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        let rule = Rule(
            from: Point(x: snap(from.x), y: snap(from.y)), to: Point(x: snap(to.x), y: snap(to.y)), width: width)
        rules.insert(rule)
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
