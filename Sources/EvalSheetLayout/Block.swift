/// What the page breaker asks of a block: how tall it is, whether and where it splits, and how it draws.
/// Paragraphs, spacers and tables answer the same three questions (ReportLab's flowables).
public protocol Block {
    var height: Double { get }
    /// Belongs with the block after it (a title, a line introducing a table): a page holding only such blocks
    /// is still the top of the page for the block that follows, which then splits rather than leave the page
    /// with its title alone.
    var keepsWithNext: Bool { get }
    func split(available: Double, context: SplitContext) -> BlockSplit
    func draw(at origin: Point, on page: inout PageBuilder)
}

extension Block {
    public var keepsWithNext: Bool { false }
}

public struct SplitContext {
    /// Nothing has been placed on this page yet, or only blocks kept with what follows (the title): a block
    /// that refuses must then split by force.
    public var isTopOfPage: Bool
    /// The height of an empty page's text block, to judge whether something would fit on the next page.
    public var pageBodyHeight: Double
}

public enum BlockSplit {
    case fits
    case split(head: Block, tail: Block)
    case deferToNextPage
}

/// Vertical space between blocks; dropped at the top of a page unless it is kept there (a cover's
/// space above its title).
public struct SpacerBlock: Block {
    public var height: Double
    public var keepsAtPageTop = false

    public init(height: Double, keepsAtPageTop: Bool = false) {
        self.height = height
        self.keepsAtPageTop = keepsAtPageTop
    }

    public func split(available: Double, context: SplitContext) -> BlockSplit {
        height <= available ? .fits : .split(head: SpacerBlock(height: 0), tail: SpacerBlock(height: 0))
    }
    public func draw(at origin: Point, on page: inout PageBuilder) {}
}

/// A free-standing paragraph (the title), splitting between lines.
public struct TextBlock: Block {
    public var content: CellContent
    public var width: Double
    public var bookmark: String?
    public var keepsWithNext = false

    public init(content: CellContent, width: Double, bookmark: String? = nil, keepsWithNext: Bool = false) {
        self.content = content; self.width = width; self.bookmark = bookmark; self.keepsWithNext = keepsWithNext
    }

    public var height: Double { content.height }

    public func split(available: Double, context: SplitContext) -> BlockSplit {
        if height <= available { return .fits }
        if let (head, tail) = content.split(at: available) {
            return .split(
                head: TextBlock(content: head, width: width, bookmark: bookmark),
                tail: TextBlock(content: tail, width: width, keepsWithNext: keepsWithNext))
        }
        return context.isTopOfPage ? .fits : .deferToNextPage
    }

    public func draw(at origin: Point, on page: inout PageBuilder) {
        if let bookmark { page.bookmark(bookmark, y: origin.y, level: 1) }
        let container = Rect(x: origin.x, y: origin.y, width: width, height: height)
        page.text(content, at: origin, container: container)
    }
}
