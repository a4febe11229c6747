import EvalSheetModel
import EvalSheetTables

/// The front matter of a bound volume: a cover, and a table of contents with the page where each
/// sheet starts. Uses the same blocks and tables as the sheets.
public enum VolumeLayout {
    public struct Entry: Sendable {
        public var code: String, project: String, unit: String, grade: String
        public var firstPage: Int
        /// A draft bound on purpose: its contents line carries the draft mark.
        public var draft: Bool
        public init(code: String, project: String, unit: String, grade: String, firstPage: Int, draft: Bool = false) {
            self.code = code; self.project = project; self.unit = unit; self.grade = grade; self.firstPage = firstPage
            self.draft = draft
        }
    }

    /// Cover and contents for `entries`; page numbers are those of the whole volume.
    /// `missing`: sheets of the batch that are not in the volume (failed, not rendered, or drafts left out); the
    /// cover says so, and how many of the bound sheets are drafts.
    /// `date`: printed under the count (the day the last bound sheet was signed, as the form writes dates).
    public static func frontMatter(
        form: Form, title: String, institution: String, year: Int, entries: [Entry],
        missing: Int = 0, date: String? = nil, language: Language, shaper: TextShaper
    ) -> LaidOutDocument {
        let style = form.style
        let context = LayoutContext(shaper: shaper)
        let setter = Typesetter(style: style, context: context)
        let labels = form.labels
        let body = Rect(
            x: style.margins.left, y: style.margins.top, width: style.contentWidth,
            height: style.pageHeight - style.margins.top - style.margins.bottom)
        let volumeTitle = labels.volumeTitle.filled(["title": title]).text(language)
        func line(_ text: String, _ textStyle: PageStyle.TextStyle) -> TextBlock {
            TextBlock(content: setter.content(text, textStyle, width: body.width, field: "volume"), width: body.width)
        }
        var title = line(volumeTitle, style.title)
        title.bookmark = volumeTitle
        let drafts = entries.filter(\.draft).count
        let cover: [Block] =
            [
                SpacerBlock(height: body.height / 3, keepsAtPageTop: true), title, SpacerBlock(height: 24),
                line(institution, style.sectionLabel), SpacerBlock(height: 8),
                line(labels.volumeCount.filled(["count": String(entries.count)]).text(language), style.cell)
            ] + (date.map { [SpacerBlock(height: 8), line($0, style.cell)] } ?? [])
            + (missing > 0
                ? [
                    SpacerBlock(height: 8),
                    line(
                        labels.volumeIncomplete.filled(["missing": String(missing)]).text(language), style.sectionLabel)
                ] : [])
            + (drafts > 0
                ? [
                    SpacerBlock(height: 8),
                    line(labels.volumeDrafts.filled(["drafts": String(drafts)]).text(language), style.sectionLabel)
                ] : [])
            + [PageBreak()]
        let field = { (id: String) in
            form.header.first { $0.id == id }.map { $0.label.text(language).replacingOccurrences(of: "\n", with: "") }
                ?? id
        }
        func cell(_ column: Int, _ text: String, _ kind: LogicalCell.Kind) -> LogicalCell {
            LogicalCell(column: column, role: "contents", kind: kind, content: .text(text), source: "volume")
        }
        let head = LogicalRow(cells: [
            cell(0, labels.volumeSerial.text(language), .head), cell(1, field("code"), .head),
            cell(2, field("project"), .head),
            cell(3, field("unit"), .head), cell(4, labels.volumeGrade.text(language), .head),
            cell(5, labels.volumePage.text(language), .head)
        ])
        let rows = entries.enumerated().map { index, entry in
            // On a line of its own: a mark run on after the name broke inside it (（草|稿）).
            let project = entry.draft ? entry.project + "\n（" + labels.draftMark.text(language) + "）" : entry.project
            return LogicalRow(cells: [
                cell(0, String(index + 1), .value), cell(1, entry.code, .value), cell(2, project, .notes),
                cell(3, entry.unit, .notes), cell(4, entry.grade, .value), cell(5, String(entry.firstPage), .value)
            ])
        }
        let table = LogicalTable(id: "contents", columnCount: 6, lead: [], head: [head], body: rows)
        let widths = [0.07, 0.16, 0.33, 0.28, 0.08, 0.08].map { $0 * body.width }
        let grid = TableGrid(
            widths: widths, paddingX: style.cellPaddingX, paddingY: style.cellPaddingY,
            ruleWidth: style.ruleWidth, frameWidth: style.frameWidth,
            minimumRowHeight: style.cell.size * style.cell.lineHeight + 2 * style.cellPaddingY)
        let contents: [Block] = [
            line(labels.volumeContents.text(language), style.title), SpacerBlock(height: style.titleSpaceAfter),
            TableBlockFactory(setter: setter, grid: grid).make(table)
        ]
        let pages = PageBreaker(body: body).paginate(cover + contents).map {
            Page(width: style.pageWidth, height: style.pageHeight, items: $0.finishedItems, body: body)
        }
        let metadata = DocumentMetadata(
            title: volumeTitle, author: institution, subject: volumeTitle, keywords: String(year),
            creator: "EvalSheet", date: "\(year + 1)-01-01")
        return LaidOutDocument(pages: pages, metadata: metadata, missingGlyphs: context.missingGlyphs)
    }
}

/// Ends the page: everything after it starts on a new one.
public struct PageBreak: Block {
    public init() {}
    public var height: Double { 0 }
    public func split(available: Double, context: SplitContext) -> BlockSplit {
        context.isTopOfPage ? .fits : .split(head: SpacerBlock(height: 0), tail: SpacerBlock(height: 0))
    }
    public func draw(at origin: Point, on page: inout PageBuilder) {}
}
