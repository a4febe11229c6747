import CPangoCairo
import EvalSheetLayout

/// Paints one page of the display list on a Cairo context, in points. Knows nothing of sheets.
enum PagePainter {
    static func paint(_ page: Page, on cairo: OpaquePointer) {
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_set_line_cap(cairo, CAIRO_LINE_CAP_SQUARE)
        // All rules first, merged, one stroke per width (see RuleMerging); then the text in reading order.
        let rules = RuleMerging.merged(page.items.compactMap { if case let .rule(rule) = $0 { rule } else { nil } })
        var index = 0
        while index < rules.count {
            let width = rules[index].width
            cairo_set_line_width(cairo, width)
            while index < rules.count, rules[index].width == width {
                cairo_move_to(cairo, rules[index].from.x, rules[index].from.y)
                cairo_line_to(cairo, rules[index].to.x, rules[index].to.y)
                index += 1
            }
            cairo_stroke(cairo)
        }
        for case let .text(box) in page.items {
            guard let paragraph = box.line.painting as? PangoParagraph,
                  let line = paragraph.line(box.line.lineIndex) else { continue }
            cairo_move_to(cairo, box.frame.x, box.baselineY)
            pango_cairo_show_layout_line(cairo, line)
        }
    }
}
