import EvalSheetModel
import Foundation
import EvalSheetPackaging

/// Writes a year's evaluations as one spreadsheet, one project per row, so that they can be edited in
/// Excel or WPS and imported back without loss. Row 1 holds each indicator's group (merged in XLSX);
/// row 2 the column names the importer recognises.
public enum SpreadsheetExporter {
    public static func table(_ drafts: [EvaluationDraft], form: Form) -> SpreadsheetTable {
        var groups: [String] = [], heads: [String] = []
        func column(_ group: String, _ head: String) { groups.append(group); heads.append(head) }
        column("", "year")
        for field in form.header { column("", field.label.zh.replacingOccurrences(of: "\n", with: "")) }
        // Leaves in form order, each under its parent group.
        var leafColumns: [(String, String)] = []
        func collect(_ node: Indicator, parent: Indicator?) {
            if node.isLeaf { leafColumns.append((parent?.name.zh ?? "", node.name.zh)) } else { node.children.forEach { collect($0, parent: node) } }
        }
        form.indicators.forEach { collect($0, parent: nil) }
        leafColumns.forEach { column($0.0, $0.1) }
        for item in form.deductions.items { column(form.deductions.title.zh, item.name.zh) }
        column("", form.recommendation.title.zh)
        for field in form.signoff { column("", field.label.zh) }
        for section in form.sections { column("", section.title.zh) }
        // English versions, where any evaluation has them.
        let english = form.sections.filter { section in drafts.contains { $0.narrativeEnglish.contains { $0.id == section.id } } }
        for section in english { column("", "narrative_en.\(section.id)") }

        var rows = [groups, heads]
        for draft in drafts {
            var row = [String(draft.year)]
            row += form.header.map { field in draft.header.first { $0.id == field.id }?.value ?? "" }
            row += form.leaves.map { leaf in draft.scores.first { $0.id == leaf.id }.map { ExactDecimal.format($0.value) } ?? "" }
            row += form.deductions.items.map { item in draft.deductions.first { $0.id == item.id }.map { ExactDecimal.format($0.value) } ?? "" }
            row.append(draft.recommendation.flatMap { id in form.recommendation.options.first { $0.id == id }?.label.zh } ?? "")
            row += form.signoff.map { field -> String in
                switch draft.signoff.first(where: { $0.id == field.id })?.value {
                case let .text(text)?: return text
                case let .names(names)?: return names.joined(separator: "、")
                case let .date(date)?: return date.iso
                case nil: return ""
                }
            }
            row += form.sections.map { section in draft.narrative.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? "" }
            row += english.map { section in draft.narrativeEnglish.first { $0.id == section.id }?.paragraphs.joined(separator: "\n") ?? "" }
            rows.append(row)
        }
        return SpreadsheetTable(name: form.id, rows: rows)
    }

    /// UTF-8 with a byte-order mark (for Excel and WPS), RFC 4180 quoting.
    public static func csv(_ table: SpreadsheetTable) -> Data {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let text = table.rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data("\u{FEFF}".utf8) + Data(text.utf8)
    }

    static func xml(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// A minimal, valid workbook: inline strings for text, numbers for scores, merged group heads.
    public static func xlsx(_ table: SpreadsheetTable, numericColumns: Set<Int>, to url: URL) throws {
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        sheet += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for (r, row) in table.rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let reference = SpreadsheetTable.reference(row: r, column: c)
                if r >= 2, numericColumns.contains(c), ExactDecimal.parse(value) != nil {
                    sheet += "<c r=\"\(reference)\"><v>\(value)</v></c>"
                } else {
                    sheet += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(value))</t></is></c>"
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData>"
        var merges: [String] = []
        if let groups = table.rows.first {
            var start = 0
            while start < groups.count {
                var end = start
                while end + 1 < groups.count, groups[end + 1] == groups[start] { end += 1 }
                if end > start, !groups[start].isEmpty {
                    merges.append("<mergeCell ref=\"\(SpreadsheetTable.reference(row: 0, column: start)):\(SpreadsheetTable.reference(row: 0, column: end))\"/>")
                    for column in (start + 1)...end { sheet = sheet.replacingOccurrences(of: "<c r=\"\(SpreadsheetTable.reference(row: 0, column: column))\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(groups[start]))</t></is></c>", with: "") }
                }
                start = end + 1
            }
        }
        if !merges.isEmpty { sheet += "<mergeCells count=\"\(merges.count)\">\(merges.joined())</mergeCells>" }
        sheet += "</worksheet>"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(xml(table.name))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        try ZipPackage.write(parts.map { PackagePart($0.0, xml: $0.1) }, to: url)
    }
}
