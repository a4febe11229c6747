import EvalSheetModel
import Foundation
import XMLCoder

/// A sheet of a spreadsheet as rows of text cells; merged ranges carry their value in every cell.
public struct SpreadsheetTable: Sendable {
    public var name: String
    public var rows: [[String]]

    public init(name: String, rows: [[String]]) {
        self.name = name
        self.rows = rows
    }

    public func cell(_ row: Int, _ column: Int) -> String {
        row < rows.count && column < rows[row].count ? rows[row][column] : ""
    }

    /// `B17` for row 16, column 1 (both 0-based).
    public static func reference(row: Int, column: Int) -> String { columnName(column) + String(row + 1) }

    public static func columnName(_ column: Int) -> String {
        var number = column + 1, name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// (row, column), 0-based, of `B17`.
    static func position(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0, digits = ""
        for scalar in reference.unicodeScalars {
            if ("A"..."Z").contains(scalar) {
                column = column * 26 + Int(scalar.value - 64)
            } else {
                digits.unicodeScalars.append(scalar)
            }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}

public struct SpreadsheetError: MessageError, Sendable {
    public var message: Message
}

/// Text of a CSV file in UTF-8 (with or without a byte-order mark) or GB18030, the encoding of CSV files
/// saved by Chinese Excel and WPS.
public enum TextDecoding {
    public enum Encoding: String, Sendable, CaseIterable { case auto, utf8 = "utf-8", gb18030 }

    public static func decode(_ data: Data, as encoding: Encoding = .auto) throws -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if encoding != .gb18030, let text = String(data: bytes, encoding: .utf8) { return text }
        if encoding == .utf8 {
            throw SpreadsheetError(
                message: Message(
                    "csv-not-utf8", en: "the file is not valid UTF-8 (try --encoding gb18030)",
                    zh: "文件不是有效的 UTF-8（试试 --encoding gb18030）"))
        }
        return try iconv(bytes, from: "GB18030")
    }

    static func iconv(_ data: Data, from source: String) throws -> String {
        let converter = iconv_open("UTF-8", source)
        guard converter != iconv_t(bitPattern: -1) else {
            throw SpreadsheetError(
                message: Message(
                    "iconv-failed", en: "iconv cannot convert from \(source)", zh: "iconv 无法从 \(source) 转换"))
        }
        defer { iconv_close(converter) }
        var input = [CChar](repeating: 0, count: data.count)
        data.withUnsafeBytes { raw in for (index, byte) in raw.enumerated() { input[index] = CChar(bitPattern: byte) } }
        var output = [CChar](repeating: 0, count: data.count * 4 + 16)
        var inLeft = input.count, outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inBuffer -> Int in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                return Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        guard result != -1 else {
            throw SpreadsheetError(
                message: Message(
                    "csv-encoding-unknown", en: "the file is neither UTF-8 nor GB18030 text",
                    zh: "文件既不是 UTF-8 也不是 GB18030 文本"))
        }
        let bytes = output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// RFC 4180 CSV: quoted fields with commas, quotes and line breaks; ragged rows are padded.
public enum CSVReader {
    public static func read(_ text: String, name: String = "csv") -> SpreadsheetTable {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = scalars.next() {
                        if next == "\"" { field += "\"" } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case ",": row.append(field); field = ""; wasQuoted = false
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""; wasQuoted = false
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty || wasQuoted { row.append(field); rows.append(row) }
        let width = rows.map(\.count).max() ?? 0
        return SpreadsheetTable(name: name, rows: rows.map { $0 + Array(repeating: "", count: width - $0.count) })
    }
}

/// Office Open XML workbooks, read properly: shared strings, inline strings, numbers, merged cells,
/// several sheets. Bounded: a ZIP bomb is refused by the sizes its directory declares.
public enum XLSXReader {
    static let maximumUncompressed: UInt64 = 64 << 20
    /// A workbook is read whole into memory to be unpacked.
    static let maximumFile = 256 << 20

    struct Workbook: Decodable {
        struct Sheets: Decodable { var sheet: [Sheet] }
        struct Sheet: Decodable {
            var name: String
            var id: String
            enum CodingKeys: String, CodingKey { case name, id = "r:id" }
        }
        var sheets: Sheets
    }

    struct Relationships: Decodable {
        struct Relationship: Decodable { var Id: String; var Target: String }
        var Relationship: [Relationship]
    }

    struct Run: Decodable { var t: String? }
    struct StringItem: Decodable {
        var t: String?; var r: [Run]?
        var text: String { t ?? (r ?? []).compactMap(\.t).joined() }
    }
    struct SharedStrings: Decodable { var si: [StringItem]? }

    struct Worksheet: Decodable {
        struct Cell: Decodable { var r: String?; var t: String?; var v: String?; var `is`: StringItem?; var s: String? }
        struct Row: Decodable { var r: String?; var c: [Cell]? }
        struct SheetData: Decodable { var row: [Row]? }
        struct Merge: Decodable { var ref: String }
        struct Merges: Decodable { var mergeCell: [Merge]? }
        struct Column: Decodable { var min: Int; var max: Int; var width: Double? }
        struct Columns: Decodable { var col: [Column]? }
        var sheetData: SheetData
        var mergeCells: Merges?
        var cols: Columns?
    }

    public static func read(_ url: URL, sheet wanted: String? = nil) throws -> SpreadsheetTable {
        let workbook = try open(url)
        return try workbook.read(wanted ?? workbook.names.first ?? "")
    }

    /// Every sheet of a workbook, in order (a workbook exported from a folder of several forms has one per form).
    public static func readAll(_ url: URL) throws -> [SpreadsheetTable] {
        let workbook = try open(url)
        return try workbook.names.map(workbook.read)
    }

    /// A workbook opened: its sheets' names, and a reader of one sheet by name.
    struct Opened {
        var names: [String]
        var read: (String) throws -> SpreadsheetTable
        /// The sheet's cells as drawn: merged ranges, widths, bold and ruled cells (`WorkbookLayout`).
        var layout: (String) throws -> WorkbookLayout
    }

    static func open(_ url: URL) throws -> Opened {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
        // A device or a pipe would be read without end.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw SpreadsheetError(message: Message("not-a-regular-file", en: "not a regular file", zh: "不是普通文件"))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumFile else {
            throw SpreadsheetError(
                message: Message(
                    "file-too-large", en: "file is \(size) bytes; the limit is \(maximumFile)",
                    zh: "文件有 \(size) 字节，超过上限 \(maximumFile) 字节"))
        }
        guard let fileData = try? Data(contentsOf: url), let archive = ZipEntries(fileData) else {
            throw SpreadsheetError(
                message: Message(
                    "not-xlsx-zip", en: "not an XLSX workbook (not a ZIP archive)", zh: "不是 XLSX 工作簿（不是 ZIP 压缩包）"))
        }
        func data(_ path: String) throws -> Data? {
            let result: Data?
            do {
                result = try archive.data(path, limit: Int(maximumUncompressed))
            } catch ZipEntries.Failure.tooLarge {
                throw SpreadsheetError(
                    message: Message(
                        "xlsx-entry-too-large",
                        en: "\(path) would unpack to \(archive.entries[path]?.uncompressedSize ?? 0) bytes; refused",
                        zh: "\(path) 解压后有 \(archive.entries[path]?.uncompressedSize ?? 0) 字节；拒绝读取"))
            } catch {
                throw SpreadsheetError(
                    message: Message(
                        "xlsx-entry-damaged", en: "\(path) is damaged in the workbook",
                        zh: "工作簿中的 \(path) 已损坏"))
            }
            guard let result else { return nil }
            // Checked here because Foundation's XML parser traps on some invalid UTF-8 (found by scripts/fuzz.sh).
            guard String(validating: result, as: UTF8.self) != nil else {
                throw SpreadsheetError(
                    message: Message(
                        "xlsx-entry-not-utf8", en: "\(path) is not valid UTF-8; the workbook is damaged",
                        zh: "\(path) 不是有效的 UTF-8；工作簿已损坏"))
            }
            return result
        }
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = false
        // Text as written: XMLCoder's default trims every chunk the XML parser reports, and drops a chunk that is
        // only a line break, which lost the line break between paragraphs of a cell when a writer (openpyxl
        // with lxml) spelt the other characters as references. White space between elements is removed instead.
        decoder.trimValueWhitespaces = false
        decoder.removeWhitespaceElements = true
        guard let workbookData = try data("xl/workbook.xml"),
            let workbook = try? decoder.decode(Workbook.self, from: workbookData)
        else {
            throw SpreadsheetError(
                message: Message(
                    "not-xlsx-workbook", en: "not an XLSX workbook (no xl/workbook.xml)",
                    zh: "不是 XLSX 工作簿（没有 xl/workbook.xml）"))
        }
        let relations = (try data("xl/_rels/workbook.xml.rels")).flatMap {
            try? decoder.decode(Relationships.self, from: $0)
        }
        let names = workbook.sheets.sheet.map(\.name)
        func chosen(_ wanted: String) throws -> Workbook.Sheet {
            guard let chosen = workbook.sheets.sheet.first(where: { $0.name == wanted }) else {
                throw SpreadsheetError(
                    message: Message(
                        "no-such-sheet", en: "no sheet named '\(wanted)' (sheets: \(names.joined(separator: ", ")))",
                        zh: "没有名为 '\(wanted)' 的工作表（工作表：\(names.joined(separator: ", "))）"))
            }
            return chosen
        }
        return Opened(
            names: names, read: { try table(chosen($0), relations: relations, data: data, decoder: decoder) },
            layout: { try WorkbookLayout.read(chosen($0), relations: relations, data: data, decoder: decoder) })
    }

    /// A sheet's worksheet part, decoded.
    static func worksheet(
        _ chosen: Workbook.Sheet, relations: Relationships?, data: (String) throws -> Data?,
        decoder: XMLDecoder
    ) throws -> Worksheet {
        let target = relations?.Relationship.first { $0.Id == chosen.id }?.Target ?? "worksheets/sheet1.xml"
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = try data(path), let worksheet = try? decoder.decode(Worksheet.self, from: sheetData)
        else {
            throw SpreadsheetError(
                message: Message(
                    "sheet-unreadable", en: "sheet '\(chosen.name)' cannot be read", zh: "无法读取工作表 '\(chosen.name)'"))
        }
        return worksheet
    }

    /// Each cell's text where it stands, with its style index (`s`), merged ranges not filled in.
    static func cells(_ worksheet: Worksheet, data: (String) throws -> Data?, decoder: XMLDecoder) throws
        -> [(row: Int, column: Int, text: String, style: Int?)]
    {
        let shared =
            (try data("xl/sharedStrings.xml")).flatMap { try? decoder.decode(SharedStrings.self, from: $0) }?.si?.map(
                \.text) ?? []
        var result: [(row: Int, column: Int, text: String, style: Int?)] = []
        for (rowIndex, row) in (worksheet.sheetData.row ?? []).enumerated() {
            let rowNumber = row.r.flatMap(Int.init).map { $0 - 1 } ?? rowIndex
            for (columnIndex, cell) in (row.c ?? []).enumerated() {
                let (r, c) = cell.r.flatMap(SpreadsheetTable.position) ?? (rowNumber, columnIndex)
                guard r < 100_000, c < 2_000 else {
                    throw SpreadsheetError(
                        message: Message(
                            "cell-out-of-range", en: "cell \(cell.r ?? "?") is out of range",
                            zh: "单元格 \(cell.r ?? "?") 超出范围"))
                }
                var value: String
                switch cell.t {
                case "s": value = Int(cell.v ?? "").flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
                case "inlineStr": value = cell.is?.text ?? ""
                case "b": value = cell.v == "1" ? "true" : "false"
                case "n", nil: value = number(cell.v ?? "")
                default: value = cell.v ?? ""
                }
                result.append((r, c, value, cell.s.flatMap(Int.init)))
            }
        }
        return result
    }

    static func table(
        _ chosen: Workbook.Sheet, relations: Relationships?, data: (String) throws -> Data?, decoder: XMLDecoder
    ) throws -> SpreadsheetTable {
        let worksheet = try worksheet(chosen, relations: relations, data: data, decoder: decoder)
        var grid: [[String]] = []
        for (r, c, value, _) in try cells(worksheet, data: data, decoder: decoder) {
            while grid.count <= r { grid.append([]) }
            while grid[r].count <= c { grid[r].append("") }
            grid[r][c] = value
        }
        // A merged range shows its first cell's value everywhere in it (a merged group head).
        for merge in worksheet.mergeCells?.mergeCell ?? [] {
            let corners = merge.ref.split(separator: ":").compactMap { SpreadsheetTable.position(String($0)) }
            guard corners.count == 2, corners[0].row < grid.count else { continue }
            let value = corners[0].column < grid[corners[0].row].count ? grid[corners[0].row][corners[0].column] : ""
            for r in corners[0].row...min(corners[1].row, 99_999) {
                for c in corners[0].column...min(corners[1].column, 1_999) {
                    while grid.count <= r { grid.append([]) }
                    while grid[r].count <= c { grid[r].append("") }
                    grid[r][c] = value
                }
            }
        }
        let width = grid.map(\.count).max() ?? 0
        return SpreadsheetTable(
            name: chosen.name, rows: grid.map { $0 + Array(repeating: "", count: width - $0.count) })
    }

    /// Excel stores numbers as binary doubles: `7.4999999999999991` is 7.5 as typed.
    static func number(_ raw: String) -> String {
        guard raw.count > 12, let value = Double(raw), value.isFinite else { return raw }
        var decimal = Decimal(value), rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, 10, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}
