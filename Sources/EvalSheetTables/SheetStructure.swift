import EvalSheetModel
import Foundation

/// The logical tables of a sheet: the form's template (`sheet:`), or the template its `blocks` and `columns`
/// expand into (`BlockSheet`), expanded for this sheet by `TemplateExpander`. One engine draws every form.
public struct SheetStructure {
    public let text: SheetText
    /// Whether cells name the field they show whole (`LogicalCell.field`), for the browser's editor: finding it
    /// walks the form's tree per cell, 2.2 % of a batch's instructions (callgrind, 20 sheets), which printing does
    /// without.
    public let marksFields: Bool

    public init(_ text: SheetText, marksFields: Bool = false) {
        self.text = text
        self.marksFields = marksFields
    }

    var form: Form { text.sheet.form }

    /// The sheet's tables in order, each with the block it stands for (a template's own tables: `indicators`).
    public func tables() -> [(block: SheetBlock, table: LogicalTable)] {
        TemplateExpander(text: text, template: form.drawnSheet, marksFields: marksFields).tables()
    }

    /// The score table of a form written with blocks (its header rows when it opens the sheet).
    public func scoreTable() -> LogicalTable {
        tables().first { $0.table.id == "score" }!.table
    }
}
