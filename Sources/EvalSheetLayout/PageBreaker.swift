/// Fills pages with blocks: each block is asked to fit the space left, split, or wait for the next page.
public struct PageBreaker {
    public var body: Rect

    public init(body: Rect) { self.body = body }

    public func paginate(_ blocks: [Block]) -> [PageBuilder] {
        var pages: [PageBuilder] = []
        var page = PageBuilder(foot: body.maxY)
        var y = body.y
        var isEmpty = true
        // Only blocks kept with the next have been placed (the title, the lines above it): still the top of
        // the page for a block that would rather wait. A 9-page bilingual sheet whose project's name made the
        // header rows tall left page 1 with its title alone, the table moved whole to page 2.
        var onlyLeadIn = true, leadIn = false
        var queue = blocks[...]
        var pending: Block?

        func finishPage() {
            pages.append(page)
            page = PageBuilder(foot: body.maxY)
            y = body.y
            isEmpty = true
            onlyLeadIn = true
            leadIn = false
        }

        while let block = pending ?? queue.popFirst() {
            pending = nil
            if let spacer = block as? SpacerBlock, isEmpty, !spacer.keepsAtPageTop { continue }
            let context = SplitContext(isTopOfPage: isEmpty || (onlyLeadIn && leadIn), pageBodyHeight: body.height)
            switch block.split(available: body.maxY - y, context: context) {
            case .fits:
                block.draw(at: Point(x: body.x, y: y), on: &page)
                y += block.height
                isEmpty = false
                if block.keepsWithNext { leadIn = true } else if !(block is SpacerBlock) { onlyLeadIn = false }
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
                    onlyLeadIn = false
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
