import EvalSheetModel

/// The style.yaml drafted with a self-evaluation form: the national form's type and page, and column widths
/// guessed from the sheet's text.
extension SelfEvaluationDrafter {
    /// A text's width in ems: a Chinese character one, anything else about half.
    static func ems(_ text: some StringProtocol) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + (Language.isWide($1) ? 1 : 0.55) }
    }

    /// An em of the cells' 10 pt type, in millimetres.
    static let em = 10 * 25.4 / 72

    /// Column widths in millimetres for a 180 mm text block, from the longest text that starts in each
    /// column alone (a Chinese character an em, anything else about half): at least 3 ems, at most 16.
    /// (Proportional shares set `≥1200人次` 0.1 pt wider than its column; this keeps short texts whole.)
    static func widths(_ rows: ArraySlice<Row>, columns: Int) -> [Int] {
        var ems = Array(repeating: 3.0, count: max(1, columns))
        for row in rows {
            for cell in spans(row.cells) where cell.span == 1 && cell.start < ems.count {
                // Text wraps: a long note takes a wide column, not a whole line; a line break in a cell (a space
                // in the export) ends a line.
                let length = cell.text.split(separator: " ").map { Self.ems($0) }.max() ?? 0
                // Up to 9 ems on one line (a figure, a target, a label such as 其中：当年财政拨款); a longer text wraps.
                ems[cell.start] = max(ems[cell.start], min(16, length <= 9 ? length + 1 : 10 + (length - 9) / 4))
            }
        }
        // At the cells' 10 pt an em is 3.53 mm. Too wide: the widest columns (long notes) give way first, down to
        // the next widest, so that figures and short targets keep their natural width; too narrow: all widen.
        var mm = ems.map { $0 * em }
        var excess = mm.reduce(0, +) - 180
        while excess > 0.01 {
            let top = mm.max()!
            let widest = mm.indices.filter { mm[$0] > top - 0.001 }
            let floor = max(mm.filter { $0 < top - 0.001 }.max() ?? 0, 3 * em)
            let cut = min(excess / Double(widest.count), top - floor)
            guard cut > 0.001 else { break }
            for index in widest { mm[index] -= cut }
            excess -= cut * Double(widest.count)
        }
        let sum = mm.reduce(0, +)
        if sum < 180 { mm = mm.map { $0 * 180 / sum } }
        return wholeMillimetres(mm)
    }

    /// Widths of the export's columns summed over each head cell's span: the block's own columns.
    static func collapsed(_ widths: [Int], into heads: [SpannedCell]) -> [Int] {
        guard let first = heads.first else { return widths }
        // Cells before the first head (none usually) belong to it; the last head takes the rest of the row.
        return heads.enumerated().map { index, head in
            let start = min(index == 0 ? 0 : head.start, widths.count)
            let end = min(
                max(index == heads.count - 1 ? widths.count : heads[index + 1].start, first.start + 1), widths.count)
            return start < end ? widths[start..<end].reduce(0, +) : 0
        }
    }

    /// Whole millimetres adding up to 180: rounded down, the millimetres left go to the largest remainders.
    static func wholeMillimetres(_ mm: [Double]) -> [Int] {
        var result = mm.map { Int($0.rounded(.down)) }
        let order = mm.indices.sorted { (mm[$0] - Double(result[$0])) > (mm[$1] - Double(result[$1])) }
        for index in order.prefix(max(0, 180 - result.reduce(0, +))) { result[index] += 1 }
        return result
    }

    /// A style like the national form's, with the guessed widths.
    static func style(_ widths: [String: [Int]]) -> String {
        var lines = [
            "# Drafted by `evalsheet import --new-form`: the national form's type and page; column widths",
            "# guessed from the sheet's text (millimetres, each table 180 mm). Adjust, then render and look.",
            "page:", "  width: 210", "  height: 297", "  margins: {top: 20, right: 15, bottom: 18, left: 15}",
            "title:        {family: \"黑体\", size: 16, bold: true, lineHeight: 1.4}",
            "header:       {family: \"黑体\", size: 10, bold: true, lineHeight: 1.3}",
            "cell:         {family: \"宋体\", size: 10, lineHeight: 1.3}",
            "notes:        {family: \"宋体\", size: 9, lineHeight: 1.3}",
            "narrative:    {family: \"宋体\", size: 10, lineHeight: 1.45}",
            "sectionLabel: {family: \"黑体\", size: 10, bold: true, lineHeight: 1.3}",
            "footer:       {family: \"宋体\", size: 9, lineHeight: 1.2}",
            "titleSpaceAfter: 10", "tableGap: 16", "cellPaddingX: 1.2", "cellPaddingY: 1.0", "paragraphSpacing: 2",
            "firstLineIndent: 2", "justifyNarrative: true", "ruleWidth: 0.5", "frameWidth: 1.0"
        ]
        if widths["narrativeColumns"] == nil { lines.append("narrativeColumns: [30, 150]") }
        for key in [
            "gridColumns", "fundsColumns", "goalsColumns", "narrativeColumns", "signatureColumns", "headerColumns"
        ] {
            if let values = widths[key] { lines.append("\(key): [\(values.map(String.init).joined(separator: ", "))]") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
