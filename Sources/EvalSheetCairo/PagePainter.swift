import CPangoCairo
import EvalSheetLayout

/// Paints one page of the display list on a Cairo context, in points. Knows nothing of sheets.
enum PagePainter {
    static func paint(_ page: Page, on cairo: OpaquePointer) {
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_set_line_cap(cairo, CAIRO_LINE_CAP_SQUARE)
        for item in page.items {
            switch item {
            case let .rule(rule):
                cairo_set_line_width(cairo, rule.width)
                cairo_move_to(cairo, rule.from.x, rule.from.y)
                cairo_line_to(cairo, rule.to.x, rule.to.y)
                cairo_stroke(cairo)
            case let .text(box):
                guard let paragraph = box.line.painting as? PangoParagraph,
                      let line = paragraph.line(box.line.lineIndex) else { continue }
                cairo_move_to(cairo, box.frame.x, box.baselineY)
                pango_cairo_show_layout_line(cairo, line)
            case .cell, .bookmark:
                continue
            }
        }
    }
}
