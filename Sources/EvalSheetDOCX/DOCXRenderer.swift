import EvalSheetModel
import EvalSheetTables
import EvalSheetPackaging
import Foundation

/// Writes a scored sheet as an editable Word/WPS document (DOCX) from the same logical tables as the
/// PDF and HTML: A4 with the form's margins, one Word table per ruled table, merged cells as
/// `w:gridSpan`/`w:vMerge`, head rows repeated on every page, the form's fonts and sizes as named
/// paragraph styles, and a `第 N 页 共 M 页` footer from page fields. Word paginates it; see the README
/// for what that means for merged labels continued on a new page.
public enum DOCXRenderer {
    /// `columnWidths`: each block's columns as the PDF laid them out (`LaidOutDocument.columnWidths`, widened
    /// where an English word would not fit); the form's where none are given.
    public static func parts(
        _ sheet: ScoredSheet, language: Language = .zh, columnWidths: [String: [Double]] = [:],
        creator: String = "EvalSheet"
    ) -> [PackagePart] {
        let text = SheetText(sheet, language: language)
        let page = sheet.form.style.scaledTables(for: language)
        let metadata = text.metadata(creator: creator)
        let images = WordImages(SheetStructure(text).tables().map(\.table))
        return [
            PackagePart("[Content_Types].xml", xml: WordParts.contentTypes),
            PackagePart("_rels/.rels", xml: WordParts.packageRelationships),
            PackagePart("docProps/core.xml", xml: WordParts.coreProperties(metadata)),
            PackagePart("docProps/app.xml", xml: WordParts.appProperties(metadata)),
            PackagePart(
                "word/document.xml", xml: document(text, page: page, columnWidths: columnWidths, images: images)),
            PackagePart("word/_rels/document.xml.rels", xml: WordParts.documentRelationships(images.relationships)),
            PackagePart("word/styles.xml", xml: WordParts.styles(page)),
            PackagePart("word/settings.xml", xml: WordParts.settings),
            PackagePart("word/fontTable.xml", xml: WordParts.fontTable(page)),
            PackagePart("word/footer1.xml", xml: WordParts.footer(text, page: page)),
            PackagePart(
                "word/header1.xml",
                xml: WordParts.header(text.runningHeader.isEmpty ? nil : text.runningHeader, draftMark: text.draftMark)),
            PackagePart("word/header2.xml", xml: WordParts.header(nil, draftMark: text.draftMark))
        ] + images.parts.map { PackagePart($0.name, $0.data) }
    }

    /// Writes the document atomically: a failure leaves no partial file and does not touch an old one.
    public static func write(
        _ sheet: ScoredSheet, language: Language = .zh, columnWidths: [String: [Double]] = [:],
        to url: URL
    ) throws {
        try ZipPackage.write(parts(sheet, language: language, columnWidths: columnWidths), to: url)
    }

    /// The Word tables of a sheet: blocks that the PDF joins into one ruled table share one, except that a
    /// block with head rows starts its own (Word repeats only rows at the top of a table, and the PDF repeats
    /// the column heads but not the project rows above them, which therefore stand in a table of their own);
    /// the opinion table stands apart, after the form's gap.
    static func tables(
        _ text: SheetText, page: PageStyle, columnWidths: [String: [Double]],
        images: WordImages = WordImages([])
    ) -> [(table: WordTable, gapBefore: Double?, linesBefore: [LogicalLine])] {
        var result: [(table: WordTable, gapBefore: Double?, linesBefore: [LogicalLine])] = []
        var previous: SheetBlock?
        var blocks: [(SheetBlock, LogicalTable, widths: [Double])] = []
        for (block, logical) in SheetStructure(text).tables() {
            let widths = columnWidths[logical.id] ?? logical.widths ?? page.columns(for: block)
            if !logical.lead.isEmpty && !logical.head.isEmpty {
                var lead = LogicalTable(
                    id: logical.id + "-lead", columnCount: logical.columnCount, lead: [], head: [], body: logical.lead)
                lead.linesBefore = logical.linesBefore
                lead.standsApart = logical.standsApart
                blocks.append((block, lead, widths))
                blocks.append(
                    (
                        block,
                        LogicalTable(
                            id: logical.id, columnCount: logical.columnCount, lead: [], head: logical.head,
                            body: logical.body), widths
                    ))
            } else {
                blocks.append((block, logical, widths))
            }
        }
        // The opinion table stands apart under its head row; without one it joins the table above, as the PDF does.
        var previousApart = false
        for (block, logical, widths) in blocks {
            let part = WordTable.Part(table: logical, widths: widths)
            // A template's table after its gap or its own lines of text stands apart too.
            let apart =
                block == .opinion && !logical.head.isEmpty || logical.standsApart || !logical.linesBefore.isEmpty
            let joins = previous != nil && !previousApart && !apart
            defer { previousApart = apart }
            if joins && logical.head.isEmpty, !result.isEmpty {
                result[result.count - 1].table.parts.append(part)
            } else if joins, !result.isEmpty {
                // Joined visually to the table above: one rule between them, no frame at the seam.
                result[result.count - 1].table.bottomFrame = false
                result.append((WordTable(parts: [part], page: page, images: images, topFrame: false), 0, []))
            } else {
                let gap = previous == nil || !logical.linesBefore.isEmpty && !logical.standsApart ? nil : page.tableGap
                result.append((WordTable(parts: [part], page: page, images: images), gap, logical.linesBefore))
            }
            previous = block
        }
        return result
    }

    static func document(_ text: SheetText, page: PageStyle, columnWidths: [String: [Double]], images: WordImages)
        -> String
    {
        func line(_ text: String, _ alignment: FreeLine.Alignment, keepNext: Bool = false) -> String {
            WordML.paragraphs(
                text, .cell, page: page,
                alignment: alignment == .start ? "left" : alignment == .center ? "center" : "right",
                keepNext: keepNext
            ).joined()
        }
        func lines(_ place: FreeLine.Place) -> String { text.lines(place).map { line($0.text, $0.alignment) }.joined() }
        var body = lines(.above) + WordML.paragraphs(text.title, .title, page: page, keepNext: true).joined()
        for (table, gap, linesBefore) in tables(text, page: page, columnWidths: columnWidths, images: images) {
            if let gap {
                // Word needs a paragraph between two tables, or it merges them: the form's gap, or 1 pt where they join.
                let height = max(1, gap)
                body +=
                    "<w:p><w:pPr><w:pStyle w:val=\"\(WordML.Style.separator.rawValue)\"/>"
                    + "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"\(WordML.twips(height))\" w:lineRule=\"exact\"/></w:pPr></w:p>"
            }
            body += linesBefore.map { line($0.text, $0.alignment, keepNext: true) }.joined()
            body += table.xml()
        }
        body += lines(.below)
        // A document ends with a paragraph; the smallest there is (a tenth of a point), so that it never adds a
        // page of its own: at the style's 1 pt, LibreOffice put it on a blank second page under the national
        // primary-care sample, whose table ended 1.5 pt above the foot.
        body +=
            "<w:p><w:pPr><w:pStyle w:val=\"\(WordML.Style.separator.rawValue)\"/>"
            + "<w:spacing w:line=\"2\" w:lineRule=\"exact\"/></w:pPr></w:p>"
        let margins = page.margins
        let footerLine = page.footer.size * page.footer.lineHeight
        let section =
            "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"
            + "<w:headerReference w:type=\"first\" r:id=\"rIdFirstHeader\"/>"
            + "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footerReference w:type=\"first\" r:id=\"rIdFooter\"/>"
            + "<w:pgSz w:w=\"\(WordML.twips(page.pageWidth))\" w:h=\"\(WordML.twips(page.pageHeight))\"/>"
            + "<w:pgMar w:top=\"\(WordML.twips(margins.top))\" w:right=\"\(WordML.twips(margins.right))\" "
            + "w:bottom=\"\(WordML.twips(margins.bottom))\" w:left=\"\(WordML.twips(margins.left))\" "
            + "w:header=\"\(WordML.twips(max(0, margins.top - footerLine - 4)))\" "
            + "w:footer=\"\(WordML.twips(max(0, (margins.bottom - footerLine) / 2)))\" w:gutter=\"0\"/>"
            + "<w:cols w:space=\"425\"/><w:titlePg/><w:docGrid w:type=\"default\" w:linePitch=\"312\"/></w:sectPr>"
        return WordParts.declaration
            + "<w:document xmlns:w=\"\(WordParts.wordNamespace)\" xmlns:r=\"\(WordParts.relationshipNamespace)\" \(WordImages.namespaces)>"
            + "<w:body>\(body)\(section)</w:body></w:document>"
    }
}
