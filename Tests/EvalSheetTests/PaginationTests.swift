import EvalSheet
import EvalSheetLayout
import XCTest

/// Every split rule of the page breaker, tested directly on tables made with `FakeShaper` (1 em per
/// Chinese character, lines of exactly 10 pt): no fonts, no Pango, milliseconds.
final class PaginationTests: XCTestCase {
    let context = LayoutContext(shaper: FakeShaper())
    /// Column 1 holds 10 Chinese characters a line (100 pt inside 2 pt of padding each side).
    let grid = TableGrid(
        widths: [50, 104], paddingX: 2, paddingY: 2, ruleWidth: 0.5, frameWidth: 1, minimumRowHeight: 14)

    func content(_ text: String, field: String = "cell") -> CellContent {
        CellContent(
            [
                ParagraphSpec(
                    spans: [TextSpan(text)], font: FontSpec(family: "fake", size: 10, bold: false), lineHeight: 1)
            ],
            width: 100, spacing: 0, context: context, field: field)
    }

    /// A row of a label and a text of `lines` full lines.
    func row(_ index: Int, lines: Int, label: String? = nil) -> TableRow {
        TableRow(
            cells: [
                TableCell(column: 0, content: content(label ?? "行\(index)"), role: "label"),
                TableCell(
                    column: 1, content: content(String(repeating: "字", count: 10 * lines), field: "row\(index)"),
                    verticalAlignment: .top, role: "text")
            ],
            sourceIndex: index)
    }

    var head: TableRow {
        TableRow(cells: [TableCell(column: 0, columnSpan: 2, content: content("表头"), role: "head")], sourceIndex: -1)
    }

    func paginate(_ blocks: [Block], bodyHeight: Double) -> [PageBuilder] {
        PageBreaker(body: Rect(x: 0, y: 0, width: 154, height: bodyHeight)).paginate(blocks)
    }

    /// The body cells of each page, in drawing order.
    func cells(_ pages: [PageBuilder]) -> [[CellBox]] {
        pages.map { $0.finishedItems.compactMap { if case let .cell(cell) = $0, !cell.isHead { cell } else { nil } } }
    }

    func lineCount(_ page: PageBuilder, field: String) -> Int {
        page.finishedItems.filter { if case let .text(box) = $0 { box.field == field } else { false } }.count
    }

    func assertInsideAndApart(
        _ pages: [PageBuilder], bodyHeight: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        let body = Rect(x: 0, y: 0, width: 154, height: bodyHeight)
        for (number, page) in pages.enumerated() {
            let boxes = page.finishedItems.compactMap { if case let .cell(cell) = $0 { cell } else { nil } }
            for (index, a) in boxes.enumerated() {
                XCTAssertTrue(
                    body.contains(a.frame), "page \(number + 1): \(a.frame) outside the body", file: file, line: line)
                for b in boxes[(index + 1)...] {
                    XCTAssertFalse(
                        a.frame.overlaps(b.frame), "page \(number + 1): cells overlap", file: file, line: line)
                }
            }
            XCTAssertNil(page.overflow, file: file, line: line)
        }
    }

    func testRowsBreakBetweenRowsAndTheHeadRepeats() {
        // Head 14 pt + 6 rows of 14 pt = 98 pt on a 100 pt page.
        let rows = (0..<20).map { row($0, lines: 1) }
        let lead = TableRow(
            cells: [TableCell(column: 0, columnSpan: 2, content: content("项目"), role: "lead")], sourceIndex: -2)
        let table = TableBlock(id: "t", grid: grid, lead: [lead], head: [head], rows: rows, spans: [])
        let pages = paginate([table], bodyHeight: 100)
        let perPage = cells(pages).map { page in page.filter { $0.column == 0 }.map(\.row) }
        // The lead row (14 pt) is on the first page only, so it holds one row fewer.
        XCTAssertEqual(perPage.map(\.count), [5, 6, 6, 3])
        XCTAssertEqual(perPage.flatMap { $0 }, Array(0..<20), "every row once, in order")
        for page in pages {
            let heads = page.finishedItems.compactMap {
                if case let .cell(cell) = $0, cell.isHead, cell.role == "head" { cell } else { nil }
            }
            XCTAssertEqual(heads.count, 1, "the head on every page")
        }
        XCTAssertEqual(
            pages.map { page in
                page.finishedItems.filter { if case let .cell(cell) = $0 { cell.role == "lead" } else { false } }.count
            },
            [1, 0, 0, 0], "the lead row where the table starts only")
        assertInsideAndApart(pages, bodyHeight: 100)
    }

    func testATallRowSplitsBetweenLinesWithTwoLinesEachSide() {
        // 196 pt: head 14 + a 16-line row 164 leaves 18 pt, room for one line only: the 30-line row
        // starts on page 2 (never one line alone), takes 17 lines there (14 + 4 + 170 = 188) and 13 on page 3.
        let table = TableBlock(
            id: "t", grid: grid, lead: [], head: [head], rows: [row(0, lines: 16), row(1, lines: 30)], spans: [])
        let pages = paginate([table], bodyHeight: 196)
        XCTAssertEqual(pages.map { lineCount($0, field: "row1") }, [0, 17, 13])
        let continued = cells(pages)[2].filter { $0.column == 1 }
        XCTAssertEqual(continued.map(\.isContinuation), [true], "the lower part is marked as continued")
        assertInsideAndApart(pages, bodyHeight: 196)
    }

    func testAShortRowMovesWholeRatherThanSplit() {
        // A 3-line row (34 pt) is under a quarter of a 200 pt page: where only 2 of its lines fit it moves.
        let rows = [row(0, lines: 16), row(1, lines: 3)]  // 14 + 164 = 178, 22 pt left: 1 line
        let pages = paginate(
            [TableBlock(id: "t", grid: grid, lead: [], head: [head], rows: rows, spans: [])], bodyHeight: 200)
        XCTAssertEqual(pages.map { lineCount($0, field: "row1") }, [0, 3])
    }

    func testAMergedLabelContinuesOnTheNextPage() {
        // A group of 10 one-line rows with a merged label; the page holds the head and 6 rows.
        var label = TableCell(column: 0, content: content("分组"), continuation: content("分组（续）"), role: "group")
        label.verticalAlignment = .middle
        let rows = (0..<10).map { index -> TableRow in
            var row = self.row(index, lines: 1)
            row.cells.removeFirst()
            return row
        }
        let table = TableBlock(
            id: "t", grid: grid, lead: [], head: [head], rows: rows,
            spans: [SpanCell(cell: label, first: 0, last: 9, sourceFirst: 0, sourceLast: 9)])
        let pages = paginate([table], bodyHeight: 100)
        XCTAssertEqual(pages.count, 2)
        let labels = cells(pages).map { $0.filter { $0.column == 0 } }
        XCTAssertEqual(labels.map { $0.map(\.text) }, [["分组"], ["分组（续）"]])
        XCTAssertEqual(labels.map { $0.map(\.isContinuation) }, [[false], [true]])
        XCTAssertEqual(labels[0][0].frame.height, 6 * 14, accuracy: 0.001, "the label closes at the page foot")
        assertInsideAndApart(pages, bodyHeight: 100)
    }

    func testASmallGroupIsNotLeftWithOneRowAtAPageFoot() {
        // Rows 0–4 fill 84 of 100 pt with the head; a 3-row group would leave one row behind: it moves whole.
        let label = TableCell(column: 0, content: content("组"), continuation: content("组（续）"), role: "group")
        var rows = (0..<5).map { row($0, lines: 1) }
        for index in 5..<8 {
            var groupRow = row(index, lines: 1)
            groupRow.cells.removeFirst()
            rows.append(groupRow)
        }
        let table = TableBlock(
            id: "t", grid: grid, lead: [], head: [head], rows: rows,
            spans: [SpanCell(cell: label, first: 5, last: 7, sourceFirst: 5, sourceLast: 7)])
        let pages = paginate([table], bodyHeight: 100)
        XCTAssertEqual(cells(pages).map { $0.filter { $0.column == 1 }.map(\.row) }, [[0, 1, 2, 3, 4], [5, 6, 7]])
        XCTAssertFalse(
            cells(pages)[1].contains(where: \.isContinuation), "the group starts afresh, not as a continuation")
    }

    /// A table whose first group cannot stay whole under the title splits there rather than leave the page with
    /// its title alone (a bilingual sheet's tall project name did it: page 1 held only the title); without a
    /// title, on a page already holding a table, the same table waits for the next page.
    func testATitleIsNeverLeftAloneOnItsPage() {
        // A group of 3 rows of 3 lines (34 pt each) under a 14 pt head: 116 pt, more than fits under the title.
        let label = TableCell(column: 0, content: content("组"), continuation: content("组（续）"), role: "group")
        let rows = (0..<3).map { index -> TableRow in
            var groupRow = row(index, lines: 3)
            groupRow.cells.removeFirst()
            return groupRow
        }
        let table = TableBlock(
            id: "t", grid: grid, lead: [], head: [head], rows: rows,
            spans: [SpanCell(cell: label, first: 0, last: 2, sourceFirst: 0, sourceLast: 2)])
        let title = TextBlock(content: content("标题"), width: 154, keepsWithNext: true)
        let pages = paginate([title, SpacerBlock(height: 6), table], bodyHeight: 120)
        XCTAssertEqual(
            cells(pages).map { $0.filter { $0.column == 1 }.map(\.row) }, [[0, 1], [2]],
            "the group split under the title, continued on the next page")
        XCTAssertEqual(cells(pages)[1].filter { $0.column == 0 }.map(\.isContinuation), [true])
        assertInsideAndApart(pages, bodyHeight: 120)
        // Under a table instead of a title: the group moves whole.
        let short = TableBlock(id: "s", grid: grid, lead: [], head: [], rows: [row(9, lines: 1)], spans: [])
        let moved = paginate([short, table], bodyHeight: 120)
        XCTAssertEqual(cells(moved).map { $0.filter { $0.column == 1 }.map(\.row) }, [[9], [0, 1, 2]])
        // Only a block kept with the next makes the page's top last: a page holding a spacer kept at its top (a
        // volume's cover) still breaks before what follows a page break.
        let cover = paginate([SpacerBlock(height: 30, keepsAtPageTop: true), PageBreak(), short], bodyHeight: 120)
        XCTAssertEqual(cover.count, 2)
    }

    func testSpacersAreDroppedAtAPageTopAndPageBreaksForceANewPage() {
        let table = {
            TableBlock(id: "t", grid: self.grid, lead: [], head: [], rows: [self.row(0, lines: 1)], spans: [])
        }
        let pages = paginate([table(), PageBreak(), SpacerBlock(height: 30), table()], bodyHeight: 100)
        XCTAssertEqual(pages.count, 2)
        let second = pages[1].finishedItems.compactMap { if case let .cell(cell) = $0 { cell.frame.y } else { nil } }
        XCTAssertEqual(second.min() ?? -1, 0, accuracy: 0.001, "no space above the table at the top of the page")
    }

    func testABlockThatCannotBreakIsReportedNotClipped() {
        // A value of 12 lines in a header row (never split) on a 100 pt page: nothing may break it. Its
        // label, centred in the row, also lands below the foot, but the value is what to shorten.
        let tall = TableRow(
            cells: [
                TableCell(column: 0, content: content("项目", field: "label"), role: "label"),
                TableCell(
                    column: 1, content: content(String(repeating: "长", count: 120), field: "header.project"),
                    verticalAlignment: .top, role: "value")
            ], sourceIndex: 0)
        let table = TableBlock(id: "t", grid: grid, lead: [tall], head: [head], rows: [row(1, lines: 1)], spans: [])
        let pages = paginate([table], bodyHeight: 100)
        let overflows = pages.compactMap(\.overflow)
        XCTAssertEqual(overflows.map(\.field), ["header.project"])
        XCTAssertEqual(
            overflows.first?.excess ?? 0, 2 + 120 - 100, accuracy: 0.01, "padding and 12 lines on a 100 pt page")
    }

    /// A whole sheet laid out with the fake shaper: pages numbered 第 N 页 共 M 页, the running header
    /// from page 2, every cell inside the text block, nothing overflowing.
    func testAWholeSheetPaginatesWithoutFonts() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let document = SheetLayout.layout(sheet, shaper: FakeShaper())
        XCTAssertGreaterThanOrEqual(document.pages.count, 3)
        XCTAssertEqual(document.overflows, [])
        for (index, page) in document.pages.enumerated() {
            let footer = page.items.compactMap {
                if case let .text(box) = $0, box.field == "footer" { box.text } else { nil }
            }.joined()
            XCTAssertTrue(footer.contains("第\(index + 1)页") || footer.contains("第 \(index + 1) 页"), footer)
            XCTAssertTrue(
                footer.contains("共\(document.pages.count)页") || footer.contains("共 \(document.pages.count) 页"), footer)
            let header = page.items.contains { if case let .text(box) = $0 { box.field == "header" } else { false } }
            XCTAssertEqual(header, index > 0, "running header on page \(index + 1)")
            for case let .cell(cell) in page.items {
                XCTAssertTrue(
                    page.body.contains(cell.frame), "page \(index + 1): '\(cell.text.prefix(8))' outside the text block"
                )
            }
        }
        let glyphs = document.pages.flatMap(\.items).compactMap {
            if case let .text(box) = $0 { box.line.runs } else { nil }
        }.flatMap { $0 }
        XCTAssertTrue(
            glyphs.allSatisfy { $0.face == FakeShaper.face }, "the display list carries the shaper's glyph runs")
    }

    /// A narrative of headings (all bold) and paragraphs of 1 to 6 lines, split at every height: no
    /// paragraph keeps a single line on either side of the break, no heading ends the first part, and the
    /// break is never further up than the paragraph rule needs.
    func testParagraphsKeepTwoLinesEachSideAndHeadingsStayWithTheirText() {
        let font = FontSpec(family: "fake", size: 10, bold: false)
        var specs: [ParagraphSpec] = []
        for (index, lines) in [1, 3, 2, 6, 1, 4, 5, 2].enumerated() {
            if index % 3 == 0 {
                specs.append(ParagraphSpec(spans: [TextSpan("\(index)、标题。", bold: true)], font: font, lineHeight: 1))
            }
            specs.append(
                ParagraphSpec(
                    spans: [TextSpan(String(repeating: "字", count: 10 * lines - 3))], font: font, lineHeight: 1))
        }
        let content = CellContent(specs, width: 100, spacing: 0, context: context, field: "narrative")
        XCTAssertEqual(content.lines.count, 3 + 24)
        var splits = 0
        for step in 0...Int(content.height) {
            let height = Double(step)
            guard let (upper, lower) = content.split(at: height) else { continue }
            splits += 1
            XCTAssertLessThanOrEqual(upper.height, height + 0.001)
            XCTAssertEqual(upper.lines.count + lower.lines.count, content.lines.count)
            let last = upper.lines[upper.lines.count - 1], next = lower.lines[0]
            XCTAssertFalse(last.keepsWithNext, "a heading at the foot (split at \(height))")
            if last.paragraph == next.paragraph {
                XCTAssertGreaterThanOrEqual(
                    upper.lines.filter { $0.paragraph == last.paragraph }.count, 2, "one line left behind at \(height)")
                XCTAssertGreaterThanOrEqual(
                    lower.lines.filter { $0.paragraph == next.paragraph }.count, 2, "one line carried over at \(height)"
                )
            }
            // As many lines as the rules allow: the next line would either not fit or break a rule.
            let fitting = content.lines.filter { $0.y + $0.line.height <= height + 0.001 }.count
            for candidate in (upper.lines.count + 1)...max(upper.lines.count + 1, fitting)
            where candidate <= min(fitting, content.lines.count - 2) {
                XCTAssertFalse(
                    content.breakable(before: candidate), "the break at \(height) could have been at line \(candidate)")
            }
        }
        XCTAssertGreaterThan(splits, 150, "most heights allow a break")
        // A page that must take something still takes a line.
        XCTAssertNotNil(content.split(at: 10, minimumLines: 1))
    }

    /// A project name too long for the running header is shortened to one line with an ellipsis; the
    /// header's rule stands 8 pt clear of the table's frame.
    func testTheRunningHeaderIsOneLineClearOfTheFrame() throws {
        let long = String(repeating: "电子政务云服务平台项目经费", count: 6)
        let yaml = TestSupport.seedYAML().replacingOccurrences(of: "电子政务云服务平台项目经费", with: long)
        let document = SheetLayout.layout(try TestSupport.score(yaml).get(), shaper: FakeShaper())
        XCTAssertGreaterThan(document.pages.count, 2)
        for page in document.pages.dropFirst() {
            let header = page.items.compactMap {
                if case let .text(box) = $0, box.field == "header" { box } else { nil }
            }
            XCTAssertEqual(header.count, 1, "one line")
            XCTAssertTrue(header.first?.text.hasSuffix("…") ?? false, header.first?.text ?? "")
            XCTAssertTrue(header.first.map { $0.frame.maxX <= page.body.maxX + 0.01 } ?? false)
            let rules = page.items.compactMap {
                if case let .rule(rule) = $0, rule.from.y < page.body.y - 1 { rule } else { nil }
            }
            XCTAssertEqual(rules.count, 1)
            XCTAssertEqual(page.body.y - (rules.first?.from.y ?? 0), 8, accuracy: 0.01)
            XCTAssertLessThanOrEqual(header.first?.frame.maxY ?? .infinity, rules.first?.from.y ?? 0)
        }
        // A short name is printed whole.
        let short = SheetLayout.layout(try TestSupport.sheet(TestSupport.seedSample), shaper: FakeShaper())
        let text = short.pages[1].items.compactMap {
            if case let .text(box) = $0, box.field == "header" { box.text } else { nil }
        }
        XCTAssertEqual(text.count, 1)
        XCTAssertTrue(text.first?.hasSuffix("电子政务云服务平台项目经费") ?? false, "\(text)")
    }

    /// Rows the form keeps with the row before them (the recommendation and the sign-off) never start a
    /// page alone: when they do not fit, the last narrative's last two lines go over with them.
    func testKeptRowsFollowTheLastLinesOfTheRowBefore() {
        func kept(_ index: Int) -> TableRow {
            var row = self.row(index, lines: 1, label: "签\(index)")
            row.keepsWithPrevious = true
            return row
        }
        // Head 14 + a 12-line narrative (124) = 138 on a 150 pt page: the three kept rows (42) do not fit.
        let rows = [row(0, lines: 12), kept(1), kept(2), kept(3)]
        let pages = paginate(
            [TableBlock(id: "t", grid: grid, lead: [], head: [head], rows: rows, spans: [])], bodyHeight: 150)
        XCTAssertEqual(pages.count, 2)
        XCTAssertEqual(pages.map { lineCount($0, field: "row0") }, [10, 2], "the narrative's last two lines go over")
        XCTAssertEqual(cells(pages)[1].filter { $0.column == 0 }.map(\.row).suffix(3), [1, 2, 3])
        assertInsideAndApart(pages, bodyHeight: 150)

        // Without the declaration the rows go over alone.
        let loose = [row(0, lines: 12), row(1, lines: 1), row(2, lines: 1), row(3, lines: 1)]
        let plain = paginate(
            [TableBlock(id: "t", grid: grid, lead: [], head: [head], rows: loose, spans: [])], bodyHeight: 150)
        XCTAssertEqual(plain.map { lineCount($0, field: "row0") }, [12, 0])
    }

    /// The reference sheet's form declares the rule; an unknown row name is an error at its line, with a suggestion.
    func testTheFormDeclaresRowsKeptWithThePreviousOne() throws {
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        XCTAssertEqual(form.keepWithPrevious, [.recommendation, .signoff])
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("zhongshan-2020")
        try FileManager.default.copyItem(at: TestSupport.layouts.appendingPathComponent("zhongshan-2020"), to: copy)
        let file = copy.appendingPathComponent("form.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "keepWithPrevious: [recommendation, signoff]",
            with: "keepWithPrevious: [recommendation, signof]")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("keepWithPrevious")
            }! + 1
        var problems: [Diagnostic] = []
        if case let .failure(error) = FormLibrary(directory: folder).form(id: "zhongshan-2020") {
            problems = error.diagnostics
        }
        XCTAssertEqual(problems.map { $0.position?.line }, [line], "\(problems)")
        XCTAssertTrue(problems.first?.message.en.contains("did you mean 'signoff'") ?? false, "\(problems)")
    }
}

extension PaginationTests {
    /// The keep rule is the table's (`splitRowsTallerThan` in a template): a 14-line row (144 pt, 48 % of a
    /// 300 pt page) that does not fit splits under the default quarter, and moves whole under one half.
    func testTheTablesKeepRuleDecidesWhichRowsSplit() {
        let rows = [row(0, lines: 16), row(1, lines: 14)]  // 14 + 164 = 178, 122 pt left: 11 lines
        var table = TableBlock(id: "t", grid: grid, lead: [], head: [head], rows: rows, spans: [])
        XCTAssertEqual(paginate([table], bodyHeight: 300).map { lineCount($0, field: "row1") }, [11, 3])
        table.splitRowsTallerThan = 0.5
        let pages = paginate([table], bodyHeight: 300)
        XCTAssertEqual(pages.map { lineCount($0, field: "row1") }, [0, 14])
        assertInsideAndApart(pages, bodyHeight: 300)
    }
}
