/// Reads `style.yaml`: page geometry in millimetres, type in points.
enum StyleReader {
    static func read(_ value: YAMLValue, log: inout DiagnosticLog) -> PageStyle? {
        guard var r = FieldReader(value, log: &log) else { return nil }
        let mm = PageStyle.millimetre
        func number(_ reader: inout FieldReader, _ key: String) -> Double? { Self.number(&reader, key, log: &log) }
        func text(_ key: String) -> PageStyle.TextStyle? { textStyle(&r, key, log: &log) }
        // Where each list of widths was written, for the message when it does not fill the text block.
        var widthsAt: [String: SourcePosition] = [:]
        func widths(_ key: String, required: Bool = true) -> [Double]? {
            guard let list = required ? r.required(key, log: &log) : r.optional(key) else { return nil }
            widthsAt[key] = list.position
            return list.list(log: &log)?.compactMap { item in
                item.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue * mm }
            }
        }
        let (page, margins) = readPage(&r, log: &log)
        let title = text("title"), header = text("header"), cell = text("cell"), notes = text("notes")
        let narrative = text("narrative"), sectionLabel = text("sectionLabel"), footer = text("footer")
        let titleSpaceAfter = number(&r, "titleSpaceAfter"), tableGap = number(&r, "tableGap")
        let padX = number(&r, "cellPaddingX"), padY = number(&r, "cellPaddingY")
        let paragraphSpacing = number(&r, "paragraphSpacing"), indent = number(&r, "firstLineIndent")
        let justify = r.required("justifyNarrative", log: &log)?.bool(log: &log)
        let rule = number(&r, "ruleWidth"), frame = number(&r, "frameWidth")
        let grid = widths("gridColumns"), narrativeColumns = widths("narrativeColumns")
        var blockColumns: [SheetBlock: [Double]] = [:]
        let blockKeys: [(key: String, block: SheetBlock)] = [
            ("fundsColumns", .funds), ("goalsColumns", .goals), ("signatureColumns", .signatures)
        ]
        for (key, block) in blockKeys {
            if let list = widths(key, required: false) { blockColumns[block] = list }
        }
        let headerColumns = widths("headerColumns", required: false)
        // Millimetres from 0 to 10, as a template cell's `padding:`.
        let narrativePadding = r.optional("narrativePaddingX").flatMap {
            SheetTemplateReader.readPadding($0, log: &log)?.x
        }
        r.reportUnknown(log: &log)
        guard let page, let margins, let title, let header, let cell, let notes, let narrative, let sectionLabel,
            let footer, let titleSpaceAfter, let tableGap, let padX, let padY, let paragraphSpacing, let indent,
            let justify, let rule, let frame, let grid, let narrativeColumns
        else { return nil }
        var style = PageStyle(
            pageWidth: page.0, pageHeight: page.1, margins: margins, title: title, header: header,
            cell: cell, notes: notes, narrative: narrative, sectionLabel: sectionLabel, footer: footer,
            titleSpaceAfter: titleSpaceAfter, tableGap: tableGap, cellPaddingX: padX * mm,
            cellPaddingY: padY * mm, paragraphSpacing: paragraphSpacing, firstLineIndent: indent,
            justifyNarrative: justify, ruleWidth: rule, frameWidth: frame,
            gridColumns: grid, narrativeColumns: narrativeColumns)
        style.blockColumns = blockColumns
        style.headerColumns = headerColumns
        style.narrativePaddingX = narrativePadding.map { $0 * mm }
        let lists =
            [("gridColumns", grid), ("narrativeColumns", narrativeColumns)]
            + blockKeys.map { ($0.key, blockColumns[$0.block]) }
            + [("headerColumns", headerColumns)]
        for case let (key, columns?) in lists {
            checkWidths(columns, of: key, style: style, at: widthsAt[key] ?? value.position, log: &log)
        }
        if style.contentWidth < 50 || page.1 - margins.top - margins.bottom < 100 {
            log.error(
                "page", at: value.position,
                Message("margins-too-wide", en: "margins leave too little room for a sheet", zh: "页边距太大，留给评分表的空间太小"))
        }
        return style
    }

    static func number(_ reader: inout FieldReader, _ key: String, log: inout DiagnosticLog) -> Double? {
        reader.required(key, log: &log)?.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue }
    }

    /// A text style: a family and a size between 0 and 200 pt, bold or not, a line height (1.3 unless given).
    static func textStyle(_ r: inout FieldReader, _ key: String, log: inout DiagnosticLog) -> PageStyle.TextStyle? {
        guard let v = r.required(key, log: &log), var t = FieldReader(v, log: &log) else { return nil }
        let family = t.required("family", log: &log)?.string(log: &log)
        let size = number(&t, "size", log: &log)
        let bold = t.optional("bold")?.bool(log: &log) ?? false
        let lineHeight =
            t.optional("lineHeight")?.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue } ?? 1.3
        t.reportUnknown(log: &log)
        guard let family, let size, size > 0, size < 200 else {
            log.error(
                v.path, at: v.position,
                Message(
                    "text-style", en: "a text style needs a family and a size between 0 and 200 pt",
                    zh: "文字样式需要字体和 0 到 200 pt 的字号"))
            return nil
        }
        return PageStyle.TextStyle(family: family, size: size, bold: bold, lineHeight: lineHeight)
    }

    /// The page's size and margins, in points.
    static func readPage(_ r: inout FieldReader, log: inout DiagnosticLog) -> ((Double, Double)?, PageStyle.Insets?) {
        let mm = PageStyle.millimetre
        var page: (Double, Double)?
        var margins: PageStyle.Insets?
        guard let v = r.required("page", log: &log), var p = FieldReader(v, log: &log) else { return (nil, nil) }
        if let w = number(&p, "width", log: &log), let h = number(&p, "height", log: &log) { page = (w * mm, h * mm) }
        if let mv = p.required("margins", log: &log), var m = FieldReader(mv, log: &log) {
            if let t = number(&m, "top", log: &log), let rt = number(&m, "right", log: &log),
                let b = number(&m, "bottom", log: &log), let l = number(&m, "left", log: &log)
            {
                margins = PageStyle.Insets(top: t * mm, right: rt * mm, bottom: b * mm, left: l * mm)
            }
            m.reportUnknown(log: &log)
        }
        p.reportUnknown(log: &log)
        return (page, margins)
    }

    /// A list of column widths fills the text block (half a point either way) and has no empty column.
    static func checkWidths(
        _ columns: [Double], of key: String, style: PageStyle, at position: SourcePosition?, log: inout DiagnosticLog
    ) {
        let sum = columns.reduce(0, +)
        guard abs(sum - style.contentWidth) > 0.5 || columns.contains(where: { $0 <= 0 }) else { return }
        log.error(
            key, at: position,
            Message(
                "widths-not-text-width",
                en:
                    "columns add up to \(millimetres(sum)) mm but the text block is \(millimetres(style.contentWidth)) mm wide",
                zh: "各栏宽合计 \(millimetres(sum)) mm，而文字区宽 \(millimetres(style.contentWidth)) mm"))
    }

    /// `%.1f` of a length in millimetres.
    static func millimetres(_ points: Double) -> String {
        String(format: "%.1f", points / PageStyle.millimetre)

    }
}

import Foundation
