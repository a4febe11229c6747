import EvalSheetModel
import EvalSheetTables

/// The layout engine's entry point: a scored sheet and its form's style in, pages of boxes out.
public enum SheetLayout {
    /// `folio`: in a bound volume, the volume's page number of the sheet's first page, printed on every page
    /// at the right of the footer (汇编第 N 页), the number the volume's contents refer to.
    /// `helper`: lays out the later tables on its own thread at the same time (see `LayoutHelper`).
    public static func layout(
        _ sheet: ScoredSheet, language: Language = .zh, shaper: TextShaper,
        creator: String = "EvalSheet", folio: Int? = nil, helper: LayoutHelper? = nil
    ) -> LaidOutDocument {
        let style = sheet.form.style
        let context = LayoutContext(shaper: shaper)
        var setter = Typesetter(style: style, context: context)
        setter.tableScale = language.tableTextScale
        let text = SheetText(sheet, language: language)
        let structure = SheetStructure(text)
        let body = Rect(
            x: style.margins.left, y: style.margins.top, width: style.contentWidth,
            height: style.pageHeight - style.margins.top - style.margins.bottom)

        func grid(_ widths: [Double]) -> TableGrid {
            // The style's columns may miss the text block by rounding (the loader allows half a point): fit them exactly.
            let scale = body.width / max(1, widths.reduce(0, +))
            return TableGrid(
                widths: widths.map { $0 * scale }, paddingX: style.cellPaddingX, paddingY: style.cellPaddingY,
                ruleWidth: style.ruleWidth, frameWidth: style.frameWidth,
                minimumRowHeight: style.cell.size * style.cell.lineHeight + 2 * style.cellPaddingY)
        }

        let tables = structure.tables()
        let grids = tables.map { grid($0.table.widths ?? style.columns(for: $0.block)) }
        let tableBlocks = makeTables(
            tables.map(\.table), grids: grids, setter: setter, context: context, helper: helper)
        let blocks = sheetBlocks(text, tables: tables, tableBlocks: tableBlocks, setter: setter, body: body)
        let builders = PageBreaker(body: body).paginate(blocks)

        var pages: [Page] = []
        var overflows: [LayoutOverflow] = []
        for (index, builder) in builders.enumerated() {
            var page = builder
            if let found = page.overflow, !overflows.contains(where: { $0.field == found.field }) {
                overflows.append(found)
            }
            page.foot = nil
            decorate(
                &page, number: index + 1, of: builders.count, text: text, setter: setter, style: style, body: body,
                folio: folio.map { $0 + index })
            pages.append(Page(width: style.pageWidth, height: style.pageHeight, items: page.finishedItems, body: body))
        }
        let metadata = text.metadata(creator: creator)
        var document = LaidOutDocument(pages: pages, metadata: metadata, missingGlyphs: context.missingGlyphs)
        document.columnWidths = Dictionary(
            zip(tables, tableBlocks).map { ($0.0.table.id, $0.1.grid.widths) }, uniquingKeysWith: { _, last in last })
        document.overflows = overflows
        return document
    }

    /// The sheet's tables as paginating blocks. The helper makes the later tables while this thread makes the
    /// earlier ones; the characters it found without a glyph are recorded after this thread's, in the order of
    /// the tables.
    static func makeTables(
        _ tables: [LogicalTable], grids: [TableGrid], setter: Typesetter, context: LayoutContext,
        helper: LayoutHelper?
    ) -> [TableBlock] {
        let style = setter.style
        let handedOver = helper == nil ? tables.count : helperShare(tables)
        var helped: Pending<(tables: [TableBlock], missing: [MissingGlyph])>?
        if let helper, handedOver < tables.count {
            let later = Array(zip(tables[handedOver...], grids[handedOver...]))
            let scale = setter.tableScale
            helped = helper.start { helperShaper in
                let helperContext = LayoutContext(shaper: helperShaper)
                var helperSetter = Typesetter(style: style, context: helperContext)
                helperSetter.tableScale = scale
                return (
                    later.map { TableBlockFactory(setter: helperSetter, grid: $0.1).make($0.0) },
                    helperContext.missingGlyphs
                )
            }
        }
        func made(_ indices: Range<Int>) -> [TableBlock] {
            indices.map { TableBlockFactory(setter: setter, grid: grids[$0]).make(tables[$0]) }
        }
        var tableBlocks = made(0..<handedOver)
        if let result = helped?.wait() {
            tableBlocks += result.tables
            context.record(result.missing)
        } else {
            tableBlocks += made(handedOver..<tables.count)
        }
        return tableBlocks
    }

    /// What the page breaker places, in order: the lines above the title, the title, the tables with the gaps
    /// and lines between them, the lines below.
    static func sheetBlocks(
        _ text: SheetText, tables: [(block: SheetBlock, table: LogicalTable)], tableBlocks: [TableBlock],
        setter: Typesetter, body: Rect
    ) -> [Block] {
        let style = setter.style
        let title = TextBlock(
            content: setter.content(text.title, style.title, width: body.width, field: "form.title"),
            width: body.width, bookmark: text.plain(text.title), keepsWithNext: true)
        func line(_ text: String, _ alignment: FreeLine.Alignment, field: String, keepsWithNext: Bool) -> Block {
            let aligned: TextAlignment = alignment == .center ? .center : alignment == .end ? .end : .start
            return TextBlock(
                content: setter.content(text, style.cell, width: body.width, field: field, alignment: aligned),
                width: body.width, keepsWithNext: keepsWithNext)
        }
        func lines(_ place: FreeLine.Place) -> [Block] {
            text.lines(place).map { line($0.text, $0.alignment, field: "form.lines", keepsWithNext: place == .above) }
        }
        let above = lines(.above)
        var blocks: [Block] =
            above + (above.isEmpty ? [] : [SpacerBlock(height: style.paragraphSpacing * 2)])
            + [title, SpacerBlock(height: style.titleSpaceAfter)]
        let tablesStart = blocks.count
        for ((block, table), tableBlock) in zip(tables, tableBlocks) {
            // The opinion table stands apart under its head row; the other blocks of a form, and an opinion
            // table without a head (a county sheet's 评价结论 rows under its indicators), join into one ruled table.
            let apart = table.standsApart || (block == .opinion && !table.head.isEmpty)
            if apart && blocks.count > tablesStart { blocks.append(SpacerBlock(height: style.tableGap)) }
            // A template's lines between tables (二、绩效评价指标评分) stand in the gap, kept with the table below.
            for (index, before) in table.linesBefore.enumerated() {
                if index == 0 && blocks.count > tablesStart && !apart {
                    blocks.append(SpacerBlock(height: style.tableGap))
                }
                blocks.append(line(before.text, before.alignment, field: "form.sheet.\(table.id)", keepsWithNext: true))
                blocks.append(SpacerBlock(height: style.paragraphSpacing * 2))
            }
            blocks.append(tableBlock)
        }
        let below = lines(.below)
        if !below.isEmpty { blocks += [SpacerBlock(height: style.paragraphSpacing * 2)] + below }
        return blocks
    }

    /// Where a helper's share of the tables begins: the split that leaves the two shares closest in text
    /// (its bytes stand for shaping time); the count of tables, nothing handed over, for a single table.
    public static func helperShare(_ tables: [LogicalTable]) -> Int {
        guard tables.count > 1 else { return tables.count }
        let weights = tables.map { table in
            (table.lead + table.head + table.body).reduce(0) { total, row in
                total + row.cells.reduce(0) { $0 + $1.plainText.utf8.count }
            }
        }
        let total = weights.reduce(0, +)
        var before = 0, best = 1, bestGap = Int.max
        for index in 1..<tables.count {
            before += weights[index - 1]
            if abs(total - 2 * before) < bestGap { best = index; bestGap = abs(total - 2 * before) }
        }
        return best
    }

    /// The footer `第 N 页 共 M 页` and, after the first page, a running header naming the project.
    static func decorate(
        _ page: inout PageBuilder, number: Int, of count: Int, text: SheetText, setter: Typesetter,
        style: PageStyle, body: Rect, folio: Int?
    ) {
        let footer = setter.content(
            text.footer(page: number, of: count), style.footer, width: body.width, field: "footer")
        let footerBand = Rect(x: body.x, y: body.maxY, width: body.width, height: style.margins.bottom)
        page.text(
            footer, at: Point(x: body.x, y: footerBand.y + (footerBand.height - footer.height) / 2),
            container: footerBand)
        if let mark = text.draftMark {
            // A boxed stamp at the top left of every page of a draft.
            let stamp = setter.content(mark, style.title, width: body.width / 2, field: "draft", alignment: .start)
            let width = min(body.width / 2, stamp.lines.map(\.line.width).max() ?? 0) + 12
            let box = Rect(
                x: body.x, y: max(2, style.margins.top - stamp.height - 14), width: width, height: stamp.height + 6)
            page.text(
                stamp, at: Point(x: box.x + 6, y: box.y + 3),
                container: Rect(x: body.x, y: 0, width: body.width, height: style.margins.top))
            for (from, to) in [
                ((box.x, box.y), (box.maxX, box.y)), ((box.maxX, box.y), (box.maxX, box.maxY)),
                ((box.maxX, box.maxY), (box.x, box.maxY)), ((box.x, box.maxY), (box.x, box.y))
            ] {
                page.rule(from: Point(x: from.0, y: from.1), to: Point(x: to.0, y: to.1), width: style.frameWidth * 1.5)
            }
        }
        if let folio {
            let label = text.plain(text.label(text.sheet.form.labels.volumeFolio.filled(["page": String(folio)])))
            let line = setter.content(label, style.footer, width: body.width / 3, field: "footer", alignment: .end)
            page.text(
                line, at: Point(x: body.maxX - body.width / 3, y: footerBand.y + (footerBand.height - line.height) / 2),
                container: footerBand)
        }
        // A sheet without a running header (its label empty, or naming nothing) has no rule either.
        guard number > 1, !text.runningHeader.isEmpty else { return }
        let header = runningHeader(text.runningHeader, setter: setter, style: style, width: body.width)
        let headerBand = Rect(x: body.x, y: 0, width: body.width, height: style.margins.top)
        // The rule stands clear of the table's frame below it (2 pt read as a doubled frame line).
        let ruleY = headerBand.maxY - headerRuleGap
        page.text(header, at: Point(x: body.x, y: ruleY - 2 - header.height), container: headerBand)
        page.rule(from: Point(x: body.x, y: ruleY), to: Point(x: body.maxX, y: ruleY), width: style.ruleWidth / 2)
    }

    /// Space between the running header's rule and the top of the text block.
    static let headerRuleGap = 8.0

    /// The running header on one line: a project name too long for it is shortened, with an ellipsis.
    static func runningHeader(_ full: String, setter: Typesetter, style: PageStyle, width: Double) -> CellContent {
        var content = setter.content(full, style.footer, width: width, field: "header", alignment: .end)
        guard content.lines.count > 1 else { return content }
        let characters = Array(full)
        // Longest prefix that fits with the ellipsis, by halving: a few shapings at most.
        var low = 0, high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            let trial = setter.content(
                String(characters[..<middle]) + "…", style.footer, width: width, field: "header", alignment: .end)
            if trial.lines.count == 1 { low = middle; content = trial } else { high = middle - 1 }
        }
        return low == 0 ? setter.content("…", style.footer, width: width, field: "header", alignment: .end) : content
    }
}
