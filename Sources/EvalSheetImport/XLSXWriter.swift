import EvalSheetModel
import EvalSheetPackaging
import Foundation

/// Writes worksheets as one XLSX workbook: inline strings for text, numbers where a column holds figures, merged
/// group heads, frozen and (for a sheet a clerk fills) locked head rows, column widths that fit, number formats and
/// data validation. Read back by `XLSXReader`, openpyxl and LibreOffice Calc in the tests.
extension SpreadsheetExporter {
    /// The cell formats a workbook uses, by their index in `xl/styles.xml`.
    enum CellStyle: Int {
        /// Excel's default: locked (which matters only on a protected sheet), general.
        case plain = 0
        /// A value cell on a protected sheet: free to type in.
        case free = 1
        /// An amount: free, shown with two decimals.
        case freeAmount = 2
        /// A head on a protected sheet: bold, locked.
        case head = 3
        /// A percentage written as its number (99.81): free, shown as 99.81%.
        case freePercent = 4

        static let stylesheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/><numFmt numFmtId="165" formatCode="0.00&quot;%&quot;"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """
    }

    /// A rule Excel and WPS enforce as a value is typed: a number range, or a drop-down of options.
    public struct DataValidation: Sendable {
        public enum Rule: Sendable {
            case decimal(Decimal, Decimal), whole(Int, Int), list([String])
            /// A formula on the range's first cell (`OR(ISNUMBER(X3),…)`), shifted by Excel to each cell.
            case custom(String)
        }
        public var column: Int
        public var rule: Rule
        public var message: String
    }

    /// One sheet of a workbook.
    public struct Worksheet: Sendable {
        public var table: SpreadsheetTable
        public var numericColumns: Set<Int> = []
        public var validations: [DataValidation] = []
        /// The first row of values (0-based; two head rows above it). The rows above it stay in view while
        /// the sheet scrolls (frozen), and each column is as wide as its longest line (`columnWidths`).
        public var firstDataRow = 2
        /// Columns of amounts, shown with two decimals (the value stays as typed).
        public var amountColumns: Set<Int> = []
        /// Columns of percentages written as their number (99.81), shown with a % sign.
        public var percentColumns: Set<Int> = []
        /// The head rows locked, the value cells free to type in (the sheet protected without a password: 审阅 →
        /// 撤销工作表保护 lifts it).
        public var locksHeads = false
        public init(table: SpreadsheetTable, numericColumns: Set<Int> = [], validations: [DataValidation] = []) {
            self.table = table; self.numericColumns = numericColumns; self.validations = validations
        }
    }

    /// A minimal, valid workbook: inline strings for text, numbers for scores, merged group heads.
    public static func xlsx(_ table: SpreadsheetTable, numericColumns: Set<Int>, to url: URL) throws {
        try xlsx([Worksheet(table: table, numericColumns: numericColumns)], to: url)
    }

    public static func xlsx(_ sheets: [Worksheet], to url: URL, validationRows: Int = 500) throws {
        var parts: [(String, String)] = []
        for (index, worksheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", sheetXML(worksheet, validationRows: validationRows)))
        }
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        let sheetList = sheets.enumerated().map {
            "<sheet name=\"\(xml($1.table.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }.joined()
        let relationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        parts =
            [
                (
                    "[Content_Types].xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(overrides)</Types>
                    """
                ),
                (
                    "_rels/.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """
                ),
                (
                    "xl/workbook.xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetList)</sheets></workbook>
                    """
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                    """
                ),
                ("xl/styles.xml", CellStyle.stylesheet)
            ] + parts
        try ZipPackage.write(parts.map { PackagePart($0.0, xml: $0.1) }, to: url)
    }

    /// Each column's width in Excel's units (characters of the default font): its longest line, a Chinese
    /// character counting two, a merged group head in the first of two head rows not counted; at least 6, at most
    /// 60 (a narrative column wraps instead).
    static func columnWidths(_ worksheet: Worksheet) -> [Double] {
        let table = worksheet.table
        let count = table.rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 6.0, count: count)
        for (r, row) in table.rows.enumerated() where !(worksheet.firstDataRow == 2 && r == 0) {
            for (c, value) in row.enumerated() {
                let longest =
                    value.split(separator: "\n").map { line in
                        line.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
                    }.max() ?? 0
                widths[c] = min(60, max(widths[c], longest + 2))
            }
        }
        return widths
    }

    static func sheetXML(_ worksheet: Worksheet, validationRows: Int) -> String {
        let merged = mergedGroupHeads(worksheet)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + frozenHeads(worksheet) + columnsXML(worksheet)
            + sheetData(worksheet, covered: Set(merged.flatMap { ($0.start + 1)...$0.end }))
            // Rows may still be added, removed, sorted and filtered; only the locked cells (the heads) refuse.
            + (worksheet.locksHeads
                ? "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatCells=\"0\" formatColumns=\"0\" "
                    + "formatRows=\"0\" insertRows=\"0\" deleteRows=\"0\" sort=\"0\" autoFilter=\"0\"/>" : "")
            + mergeCells(merged) + dataValidations(worksheet, rows: validationRows) + "</worksheet>"
    }

    /// The head rows frozen above the values, as a clerk expects of a list.
    static func frozenHeads(_ worksheet: Worksheet) -> String {
        let frozen = worksheet.firstDataRow
        guard frozen > 0, worksheet.table.rows.count >= frozen else { return "" }
        return "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(frozen)\" topLeftCell=\"A\(frozen + 1)\" "
            + "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
    }

    /// The style of a column's cells below the heads (free to type in, amounts with decimals), the empty ones too.
    static func valueStyle(_ worksheet: Worksheet, _ column: Int) -> CellStyle {
        worksheet.amountColumns.contains(column)
            ? .freeAmount
            : worksheet.percentColumns.contains(column) ? .freePercent : worksheet.locksHeads ? .free : .plain
    }

    /// Each column's width and the style its empty cells take.
    static func columnsXML(_ worksheet: Worksheet) -> String {
        let widths = columnWidths(worksheet)
        guard !widths.isEmpty else { return "" }
        return "<cols>"
            + widths.enumerated().map {
                let style = valueStyle(worksheet, $0)
                return "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\""
                    + (style == .plain ? "" : " style=\"\(style.rawValue)\"") + "/>"
            }.joined() + "</cols>"
    }

    /// The cells, but the group heads a merged range covers (`covered`: columns of the first row).
    static func sheetData(_ worksheet: Worksheet, covered: Set<Int>) -> String {
        var sheet = "<sheetData>"
        for (r, row) in worksheet.table.rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty && !(r == 0 && covered.contains(c)) {
                let reference = SpreadsheetTable.reference(row: r, column: c)
                let style =
                    r < worksheet.firstDataRow
                    ? (worksheet.locksHeads ? CellStyle.head : .plain) : valueStyle(worksheet, c)
                let s = style == .plain ? "" : " s=\"\(style.rawValue)\""
                if r >= worksheet.firstDataRow, worksheet.numericColumns.contains(c), ExactDecimal.parse(value) != nil {
                    sheet += "<c r=\"\(reference)\"\(s)><v>\(value)</v></c>"
                } else {
                    sheet +=
                        "<c r=\"\(reference)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(value))</t></is></c>"
                }
            }
            sheet += "</row>"
        }
        return sheet + "</sheetData>"
    }

    /// Runs of equal group heads in the first of two head rows, each merged into one cell.
    static func mergedGroupHeads(_ worksheet: Worksheet) -> [(start: Int, end: Int)] {
        let table = worksheet.table
        guard worksheet.firstDataRow == 2, table.rows.count > 1, let groups = table.rows.first else { return [] }
        var runs: [(start: Int, end: Int)] = []
        var start = 0
        while start < groups.count {
            var end = start
            while end + 1 < groups.count, groups[end + 1] == groups[start] { end += 1 }
            if end > start, !groups[start].isEmpty { runs.append((start, end)) }
            start = end + 1
        }
        return runs
    }

    static func mergeCells(_ runs: [(start: Int, end: Int)]) -> String {
        guard !runs.isEmpty else { return "" }
        let cells = runs.map {
            "<mergeCell ref=\"\(SpreadsheetTable.reference(row: 0, column: $0.start)):\(SpreadsheetTable.reference(row: 0, column: $0.end))\"/>"
        }
        return "<mergeCells count=\"\(runs.count)\">\(cells.joined())</mergeCells>"
    }

    /// The checks on what is typed, each over `rows` rows of its column below the heads.
    static func dataValidations(_ worksheet: Worksheet, rows: Int) -> String {
        guard !worksheet.validations.isEmpty else { return "" }
        var xml = "<dataValidations count=\"\(worksheet.validations.count)\">"
        for validation in worksheet.validations {
            let range =
                SpreadsheetTable.reference(row: worksheet.firstDataRow, column: validation.column) + ":"
                + SpreadsheetTable.reference(row: worksheet.firstDataRow + rows - 1, column: validation.column)
            let attributes =
                "allowBlank=\"1\" showErrorMessage=\"1\" showInputMessage=\"1\" promptTitle=\"\" prompt=\"\(self.xml(validation.message))\" error=\"\(self.xml(validation.message))\" sqref=\"\(range)\""
            switch validation.rule {
            case let .decimal(low, high):
                xml +=
                    "<dataValidation type=\"decimal\" operator=\"between\" \(attributes)><formula1>\(ExactDecimal.format(low))</formula1><formula2>\(ExactDecimal.format(high))</formula2></dataValidation>"
            case let .whole(low, high):
                xml +=
                    "<dataValidation type=\"whole\" operator=\"between\" \(attributes)><formula1>\(low)</formula1><formula2>\(high)</formula2></dataValidation>"
            case let .custom(formula):
                xml +=
                    "<dataValidation type=\"custom\" \(attributes)><formula1>\(self.xml(formula))</formula1></dataValidation>"
            case let .list(options):
                xml +=
                    "<dataValidation type=\"list\" \(attributes)><formula1>\(self.xml("\"" + options.joined(separator: ",") + "\""))</formula1></dataValidation>"
            }
        }
        return xml + "</dataValidations>"
    }
}
