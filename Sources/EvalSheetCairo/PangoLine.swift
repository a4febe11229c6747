import CPangoCairo
import EvalSheetLayout

/// A shaped Pango layout kept alive for painting: the object that measured a line paints it.
final class PangoParagraph: LinePainting {
    let layout: GObjectRef

    init(layout: GObjectRef) { self.layout = layout }

    func line(_ index: Int) -> UnsafeMutablePointer<PangoLayoutLine>? {
        pango_layout_get_line_readonly(layout.opaque, Int32(index))
    }
}
