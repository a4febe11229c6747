/// Reads `style.yaml`: page geometry in millimetres, type in points.
enum StyleReader {
    static func read(_ value: YAMLValue, log: inout DiagnosticLog) -> PageStyle? {
        guard var r = FieldReader(value, log: &log) else { return nil }
        let mm = PageStyle.millimetre
        func number(_ reader: inout FieldReader, _ key: String) -> Double? {
            reader.required(key, log: &log)?.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue }
        }
        func text(_ key: String) -> PageStyle.TextStyle? {
            guard let v = r.required(key, log: &log), var t = FieldReader(v, log: &log) else { return nil }
            let family = t.required("family", log: &log)?.string(log: &log)
            let size = number(&t, "size")
            let bold = t.optional("bold")?.bool(log: &log) ?? false
            let lineHeight =
                t.optional("lineHeight")?.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue } ?? 1.3
            t.reportUnknown(log: &log)
            guard let family, let size, size > 0, size < 200 else {
                log.error(v.path, at: v.position, "a text style needs a family and a size between 0 and 200 pt")
                return nil
            }
            return PageStyle.TextStyle(family: family, size: size, bold: bold, lineHeight: lineHeight)
        }
        // Where each list of widths was written, for the message when it does not fill the text block.
        var widthsAt: [String: SourcePosition] = [:]
        func widths(_ key: String, required: Bool = true) -> [Double]? {
            guard let list = required ? r.required(key, log: &log) : r.optional(key) else { return nil }
            widthsAt[key] = list.position
            return list.list(log: &log)?.compactMap { item in
                item.decimal(log: &log).map { NSDecimalNumber(decimal: $0).doubleValue * mm }
            }
        }
        var page: (Double, Double)?
        var margins: PageStyle.Insets?
        if let v = r.required("page", log: &log), var p = FieldReader(v, log: &log) {
            if let w = number(&p, "width"), let h = number(&p, "height") { page = (w * mm, h * mm) }
            if let mv = p.required("margins", log: &log), var m = FieldReader(mv, log: &log) {
                if let t = number(&m, "top"), let rt = number(&m, "right"), let b = number(&m, "bottom"),
                    let l = number(&m, "left")
                {
                    margins = PageStyle.Insets(top: t * mm, right: rt * mm, bottom: b * mm, left: l * mm)
                }
                m.reportUnknown(log: &log)
            }
            p.reportUnknown(log: &log)
        }
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
        let lists =
            [("gridColumns", grid), ("narrativeColumns", narrativeColumns)]
            + blockKeys.map { ($0.key, blockColumns[$0.block]) }
            + [("headerColumns", headerColumns)]
        for case let (key, columns?) in lists {
            let sum = columns.reduce(0, +)
            if abs(sum - style.contentWidth) > 0.5 || columns.contains(where: { $0 <= 0 }) {
                log.error(
                    key, at: widthsAt[key] ?? value.position,
                    String(
                        format: "columns add up to %.1f mm but the text block is %.1f mm wide", sum / mm,
                        style.contentWidth / mm))
            }
        }
        if style.contentWidth < 50 || page.1 - margins.top - margins.bottom < 100 {
            log.error("page", at: value.position, "margins leave too little room for a sheet")
        }
        return style
    }
}

import Foundation
