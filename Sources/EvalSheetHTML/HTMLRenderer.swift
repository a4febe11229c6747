import EvalSheetModel
import EvalSheetTables
import Foundation

/// Writes a scored sheet as one self-contained HTML5 document: inline CSS, no external requests, the
/// same tables (rows, spans, texts) as the PDF, from the same logical structure.
public enum HTMLRenderer {
    public struct Options: Sendable {
        /// Problems to show in a panel above the sheet (the preview server's validation panel).
        public var diagnostics: [Diagnostic] = []
        /// Extra markup at the start of `<body>` (the preview's navigation) and at its end (its live-reload
        /// script); trusted.
        public var leader: String = ""
        /// The heading of the problems panel, in the interface's language (`3 个问题`); nil: `3 problem(s)`.
        public var problemsHeading: String?
        /// The language the problems are told in.
        public var interface: InterfaceLanguage = .current
        public var trailer: String = ""
        /// The columns' widths by table id as the PDF layout chose them (figures and English words kept whole,
        /// which the browser would break in the form's own widths); empty: the form's widths.
        public var columnWidths: [String: [Double]] = [:]
        /// For the preview's editor (`preview --edit`): each cell that shows a field whole names it (`data-field`),
        /// with that field's problems beside it (`data-problem`), and every cell the field its text comes from
        /// (`data-source`, where the editor marks page breaks). Off, the page is the plain sheet.
        public var editing = false
        /// More CSS after the sheet's own (the editor's look); trusted.
        public var style = ""
        public init(
            diagnostics: [Diagnostic] = [], leader: String = "", trailer: String = "",
            columnWidths: [String: [Double]] = [:]
        ) {
            self.diagnostics = diagnostics; self.leader = leader; self.trailer = trailer;
            self.columnWidths = columnWidths
        }
    }

    public static func render(_ sheet: ScoredSheet, language: Language = .zh, options: Options = Options()) -> String {
        let text = SheetText(sheet, language: language)
        let structure = SheetStructure(text, marksFields: options.editing)
        // Table text as the PDF sets it: smaller on an English sheet.
        let style = sheet.form.style.scaledTables(for: language)
        let pageTitle =
            (text.draftMark.map { "[" + $0 + "] " } ?? "")
            + text.plain(text.compose { sheet.header("project", in: $0) }) + " — " + text.plain(text.title)
        var html = """
            <!DOCTYPE html>
            <html lang="\(language == .en ? "en" : "zh-CN")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.escape(pageTitle))</title>
            <style>
            \(SheetStylesheet.css(style))
            \(SheetStylesheet.pageMargins(text, style: style))
            \(options.style)
            </style>
            </head>
            <body>

            """
        html += options.leader
        if !options.diagnostics.isEmpty {
            html += problemsPanel(
                options.diagnostics, in: options.interface,
                heading: options.problemsHeading
                    ?? Message(
                        "problems-heading", en: "\(options.diagnostics.count) problem(s)",
                        zh: "\(options.diagnostics.count) 个问题"
                    ).text(in: options.interface))

        }
        html += "<main class=\"sheet\">\n"
        if let mark = text.draftMark {
            html += "<p class=\"draft-mark\" role=\"note\">\(HTMLEscaping.escape(mark))</p>\n"
        }
        func line(_ text: String, _ alignment: FreeLine.Alignment, gap: Bool = false) -> String {
            "<p class=\"free-line \(alignment.rawValue)\(gap ? " gap" : "")\">\(HTMLEscaping.lines(text))</p>\n"
        }
        func lines(_ place: FreeLine.Place) -> String { text.lines(place).map { line($0.text, $0.alignment) }.joined() }
        html += lines(.above)
        html += "<h1>\(HTMLEscaping.lines(text.title))</h1>\n"
        for (index, (block, logical)) in structure.tables().enumerated() {
            // A template's lines between tables stand in the gap, as in the PDF: the gap above them.
            html += logical.linesBefore.enumerated().map { line($1.text, $1.alignment, gap: $0 == 0 && index > 0) }
                .joined()
            let className =
                logical.className ?? (logical.standsApart && logical.linesBefore.isEmpty ? "grid apart" : "grid")
            let widths = options.columnWidths[logical.id] ?? logical.widths ?? style.columns(for: block)
            html += table(
                logical, widths: widths, className: className, style: style,
                editing: options.editing ? EditMarks(options.diagnostics, in: options.interface) : nil)
        }
        html += lines(.below)
        html += "</main>\n\(options.trailer)</body>\n</html>\n"
        return html
    }

    static func problemsPanel(_ diagnostics: [Diagnostic], in language: InterfaceLanguage, heading: String) -> String {
        let items = diagnostics.map { diagnostic -> String in
            let place = diagnostic.position.map { "\($0.line):\($0.column)" } ?? ""
            return
                "<li class=\"\(diagnostic.severity.rawValue)\">\(HTMLEscaping.escape("\(place) \(diagnostic.severity.name.text(in: language)): \(diagnostic.field): \(diagnostic.message.text(in: language))"))</li>"

        }
        return
            "<section class=\"problems\" role=\"alert\"><strong>\(HTMLEscaping.escape(heading))</strong><ul>\(items.joined())</ul></section>\n"
    }

    /// The problems of each field, told in the interface's language, for the editor's marks.
    public struct EditMarks {
        var problems: [String: (severity: Diagnostic.Severity, text: String)] = [:]

        public init(_ diagnostics: [Diagnostic], in language: InterfaceLanguage) {
            for diagnostic in diagnostics {
                let text = diagnostic.message.text(in: language)
                if let known = problems[diagnostic.field] {
                    problems[diagnostic.field] = (
                        known.severity == .error ? .error : diagnostic.severity, known.text + "\n" + text
                    )
                } else {
                    problems[diagnostic.field] = (diagnostic.severity, text)
                }
            }
        }

        func attributes(_ cell: LogicalCell) -> String {
            " data-source=\"\(HTMLEscaping.escape(cell.source))\"" + (cell.field.map(attributes(field:)) ?? "")
        }

        /// An editable field's marks (any element the editor opens: a cell, a row of the fields not printed).
        public func attributes(field: String) -> String {
            var attributes = " data-field=\"\(HTMLEscaping.escape(field))\" tabindex=\"0\""
            if let problem = problems[field] {
                attributes +=
                    " data-problem=\"\(HTMLEscaping.escape(problem.text))\" data-severity=\"\(problem.severity.rawValue)\""
            }
            return attributes
        }
    }

    /// A logical table: its lead rows (printed once, as the PDF prints them: the project's row above the
    /// score table's head) as a table of their own, then the table with its head rows as the `thead` a
    /// browser repeats on every printed page. In one table the lead rows were in the `thead`, and every
    /// printed page repeated them.
    static func table(
        _ table: LogicalTable, widths: [Double], className: String, style: PageStyle, editing: EditMarks? = nil
    ) -> String {
        let total = widths.reduce(0, +)
        var columns = "<colgroup>"
        for width in widths { columns += String(format: "<col style=\"width: %.3f%%\">", width / total * 100) }
        columns += "</colgroup>\n"
        var html = ""
        if !table.lead.isEmpty {
            let place = TablePlace(rowCount: table.lead.count, columnCount: table.columnCount, style: style)
            html += "<table class=\"\(className) lead\">\n" + columns + "<tbody>\n"
            for (index, row) in table.lead.enumerated() {
                html += self.row(row, header: true, at: index, in: place, editing: editing)
            }
            html += "</tbody>\n</table>\n"
        }
        // The table goes on under its lead rows with no gap (`table.lead + table` in the stylesheet).
        html += "<table class=\"\(className)\">\n" + columns + "<thead>\n"
        let rows = table.head + table.body
        let place = TablePlace(rowCount: rows.count, columnCount: table.columnCount, style: style)
        for (index, row) in rows.enumerated() {
            if index == table.head.count { html += "</thead>\n<tbody>\n" }
            html += self.row(row, header: index < table.head.count, at: index, in: place, editing: editing)
        }
        if rows.count == table.head.count { html += "</thead>\n<tbody>\n" }
        return html + "</tbody>\n</table>\n"
    }

    /// Where a row stands in its table, for the cells' own sides and padding.
    struct TablePlace {
        var rowCount: Int
        var columnCount: Int
        var style: PageStyle
    }

    static func row(
        _ row: LogicalRow, header: Bool, at rowIndex: Int, in place: TablePlace, editing: EditMarks? = nil
    ) -> String {
        var html = "<tr>"
        for cell in row.cells {
            let tag = cell.kind == .head ? "th" : "td"
            var attributes = " class=\"\(kindName(cell.kind)) \(HTMLEscaping.escape(cell.role))\""
            if cell.columnSpan > 1 { attributes += " colspan=\"\(cell.columnSpan)\"" }
            if cell.rowSpan > 1 { attributes += " rowspan=\"\(cell.rowSpan)\"" }
            if tag == "th" && header { attributes += " scope=\"col\"" }
            let declarations = ownStyle(cell, at: rowIndex, in: place)
            if !declarations.isEmpty { attributes += " style=\"\(declarations.joined(separator: "; "))\"" }
            if let editing { attributes += editing.attributes(cell) }
            // Labels and short values break between words, as the PDF's; notes and lines are running text.
            let text = content(cell.content, betweenWords: cell.kind != .notes && cell.kind != .line)
            let inner = cell.image.map { self.image($0, with: text) } ?? text
            html += "<\(tag)\(attributes)>\(inner)</\(tag)>"
        }
        return html + "</tr>\n"
    }

    /// The template's look of this cell only (the stylesheet sets each kind's): its alignment, the sides it
    /// leaves open and its padding. An open side on the table's edge is `hidden`, which beats the table's
    /// frame; an inner one `none`, which yields to a neighbour that rules the line (as in the PDF: a shared
    /// side is drawn where either cell rules it).
    static func ownStyle(_ cell: LogicalCell, at rowIndex: Int, in place: TablePlace) -> [String] {
        var declarations: [String] = []
        if let alignment = cell.alignment {
            declarations.append("text-align: \(alignment == .start ? "left" : alignment == .end ? "right" : "center")")
        }
        let edges: [(CellRules, String, Bool)] = [
            (.top, "top", rowIndex == 0), (.bottom, "bottom", rowIndex + cell.rowSpan >= place.rowCount),
            (.left, "left", cell.column == 0), (.right, "right", cell.column + cell.columnSpan >= place.columnCount)
        ]
        for (side, name, outer) in edges where !cell.rules.contains(side) {
            declarations.append("border-\(name)-style: \(outer ? "hidden" : "none")")
        }
        if let padding = cell.padding {
            let style = place.style
            let y = padding.y.map { $0 * PageStyle.millimetre } ?? style.cellPaddingY
            let x = padding.x.map { $0 * PageStyle.millimetre } ?? style.cellPaddingX
            declarations.append("padding: \(SheetStylesheet.padding(y: y, x: x, rule: style.ruleWidth))")
        }
        return declarations
    }

    /// A cell's text with its image, embedded (the page stays self-contained): a seal over the text (both
    /// in one grid area), a signature below it; at its printed size, never wider than the cell.
    static func image(_ image: CellImage, with text: String) -> String {
        let size = image.printedSize
        let img =
            "<img src=\"data:image/png;base64,\(image.image.data.base64EncodedString())\" alt=\"\(HTMLEscaping.escape(image.description))\""
            + String(format: " style=\"width: %.1fmm\">", size.width)
        return "<div class=\"with-image \(image.overText ? "over" : "below")\"><div>\(text)</div>\(img)</div>"
    }

    static func kindName(_ kind: LogicalCell.Kind) -> String {
        switch kind {
        case .head: return "head"
        case .value: return "value"
        case .notes: return "notes"
        case .sectionLabel: return "sectionLabel"
        case .narrative: return "narrative"
        case .line: return "line"
        }
    }

    static func content(_ content: LogicalCell.Content, betweenWords: Bool = false) -> String {
        switch content {
        case let .text(text):
            return HTMLEscaping.lines(text, betweenWords: betweenWords)
        case let .titled(title, subtitle):
            return "<span class=\"title\">\(HTMLEscaping.lines(title, betweenWords: betweenWords))</span>"
                + (subtitle.map { "<span class=\"subtitle\">\(HTMLEscaping.lines($0))</span>" } ?? "")
        case let .paragraphs(paragraphs):
            return paragraphs.map { paragraph in
                "<p>"
                    + paragraph.runs.map {
                        $0.bold
                            ? "<strong>\(HTMLEscaping.keptWhole($0.text))</strong>" : HTMLEscaping.keptWhole($0.text)
                    }.joined() + "</p>"
            }.joined()
        }
    }
}
