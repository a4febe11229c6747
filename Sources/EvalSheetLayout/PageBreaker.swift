/// Fills pages with blocks: each block is asked to fit the space left, split, or wait for the next page.
public struct PageBreaker {
    public var body: Rect

    public init(body: Rect) { self.body = body }

    public func paginate(_ blocks: [Block]) -> [PageBuilder] {
        var pages: [PageBuilder] = []
        var page = PageBuilder(foot: body.maxY)
        var y = body.y
        var isEmpty = true
        var queue = blocks[...]
        var pending: Block?

        func finishPage() {
            pages.append(page)
            page = PageBuilder(foot: body.maxY)
            y = body.y
            isEmpty = true
        }

        while let block = pending ?? queue.popFirst() {
            pending = nil
            if let spacer = block as? SpacerBlock, isEmpty, !spacer.keepsAtPageTop { continue }
            let context = SplitContext(isTopOfPage: isEmpty, pageBodyHeight: body.height)
            switch block.split(available: body.maxY - y, context: context) {
            case .fits:
                block.draw(at: Point(x: body.x, y: y), on: &page)
                y += block.height
                isEmpty = false
            case let .split(head, tail):
                head.draw(at: Point(x: body.x, y: y), on: &page)
                finishPage()
                pending = tail
            case .deferToNextPage:
                if isEmpty {
                    // A block that refuses even an empty page is placed anyway (never loop); the page
                    // records what runs past its foot.
                    block.draw(at: Point(x: body.x, y: y), on: &page)
                    y += block.height
                    isEmpty = false
                } else {
                    finishPage()
                    pending = block
                }
            }
        }
        if !isEmpty || pages.isEmpty { pages.append(page) }
        return pages
    }
}
