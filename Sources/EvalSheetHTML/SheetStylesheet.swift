import EvalSheetModel
import EvalSheetTables
import Foundation

/// The CSS of a sheet, from the form's page style: the same page, margins, sizes, columns and font
/// names as the PDF, with fallbacks for browsers that have other fonts.
enum SheetStylesheet {
    static let sansNames: Set<String> = ["黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "sans-serif", "Noto Sans CJK SC"]

    static func family(_ name: String) -> String {
        let sans = sansNames.contains(name)
        let open =
            sans ? "\"Noto Sans CJK SC\", \"Source Han Sans SC\"" : "\"Noto Serif CJK SC\", \"Source Han Serif SC\""
        let official = sans ? "\"SimHei\", \"Microsoft YaHei\"" : "\"SimSun\", \"Songti SC\""
        return "\"\(name)\", \(open), \(official), \(sans ? "sans-serif" : "serif")"
    }

    static func font(_ text: PageStyle.TextStyle) -> String {
        "font-family: \(family(text.family)); font-size: \(points(text.size)); font-weight: \(text.bold ? "bold" : "normal"); line-height: \(text.lineHeight);"
    }

    /// A cell's padding such that its text has the PDF's room: the PDF sets the text at the padding from the
    /// grid lines, while the browser's collapsed borders take half of each rule from the cell, and Chromium
    /// draws a rule at least one CSS pixel wide (0.75 pt: a 0.5 pt rule is laid out as 0.75 pt), so the
    /// padding is half the drawn rule less. Without it a drafted sheet's 11.3 mm 得分 column, which held
    /// 10.00 (24.69 pt) with 0.5 pt to spare in the PDF, broke as 10.0|0; and each row was 0.75 pt taller
    /// than the PDF's (Chromium 156), 14 pt over the national primary-care sheet, whose sign-off row then
    /// went to a second printed page.
    static func padding(y: Double, x: Double, rule: Double) -> String {
        func less(_ value: Double) -> String { "max(0pt, calc(\(points(value)) - max(\(points(rule)), 1px) / 2))" }
        return "\(less(y)) \(less(x))"
    }

    static func points(_ value: Double) -> String { String(format: "%.2fpt", value) }
    static func millimetres(_ value: Double) -> String { String(format: "%.2fmm", value / PageStyle.millimetre) }

    /// English beneath Chinese (`.en`) never breaks inside a word: the columns are the PDF layout's, which
    /// keep every English word whole, and the browser, whose measures differ by a fraction of a point, broke
    /// `Allocatio|n` where the PDF did not. Chinese may still break anywhere, as in the PDF.
    /// Rows may break across printed pages between lines, two lines at least on each side (`orphans`,
    /// `widows`), as the PDF's do: with `break-inside: avoid` on every row, Chromium 156 moved a whole group of
    /// rows under a cell spanning them to the next page, and printed the reference sheet on
    /// 6 pages for the PDF's 5 (195–250 pt left blank at the feet of pages 1–2).
    /// Between Chinese and Western letters and digits, CSS's own automatic space (`text-autospace`, an eighth
    /// of an em in Chromium 156); the PDF's is a quarter em. Labels break between words (`<wbr>` and
    /// `word-break: keep-all`, `HTMLEscaping.wordBreaks`); running text avoids a lone last character with
    /// `text-wrap: pretty`.
    /// Space between a narrative's paragraphs only, none below the last, as in the PDF (a goal cell was 2 pt
    /// taller).
    static func css(_ style: PageStyle) -> String {
        let m = style.margins
        return """
            @page { size: \(millimetres(style.pageWidth)) \(millimetres(style.pageHeight)); margin: \(millimetres(m.top)) \(millimetres(m.right)) \(millimetres(m.bottom)) \(millimetres(m.left)); }
            html { background: #e8e8e8; }
            body { margin: 0; \(font(style.cell)) line-break: strict; word-break: normal; overflow-wrap: anywhere; text-autospace: normal; color: #000; }
            main.sheet { box-sizing: border-box; width: \(millimetres(style.pageWidth)); margin: 12px auto; padding: \(millimetres(m.top)) \(millimetres(m.right)) \(millimetres(m.bottom)) \(millimetres(m.left)); background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
            h1 { \(font(style.title)) text-align: center; margin: 0 0 \(points(style.titleSpaceAfter)); }
            table { width: 100%; border-collapse: collapse; table-layout: fixed; border: \(points(style.frameWidth)) solid #000; }
            table + table { border-top: none; }
            table + table.opinion { margin-top: \(points(style.tableGap)); border-top: \(points(style.frameWidth)) solid #000; }
            table + table.opinion.joined { margin-top: 0; border-top: none; }
            table.grid.apart { margin-top: \(points(style.tableGap)); border-top: \(points(style.frameWidth)) solid #000; }
            table.lead + table[class] { margin-top: 0; border-top: none; }
            .free-line.gap { margin-top: \(points(style.tableGap)); }
            .free-line + table.grid { border-top: \(points(style.frameWidth)) solid #000; }
            th, td { border: \(points(style.ruleWidth)) solid #000; padding: \(padding(y: style.cellPaddingY, x: style.cellPaddingX, rule: style.ruleWidth)); text-align: center; vertical-align: middle; \(font(style.cell)) }
            th { \(font(style.header)) }
            th, td.value, td.sectionLabel { word-break: keep-all; text-wrap: pretty; }
            td.notes { \(font(style.notes)) text-align: justify; text-wrap: pretty; }
            td.notes .en, html:lang(en) td.notes { text-align: left; }
            td.sectionLabel .title { \(font(style.sectionLabel)) display: block; }
            td.sectionLabel .subtitle { \(font(style.notes)) display: block; }
            td.narrative { vertical-align: top; text-align: \(style.justifyNarrative ? "justify" : "left"); }
            td.narrative p { \(font(style.narrative)) text-indent: \(style.firstLineIndent)em; margin: 0 0 \(points(style.paragraphSpacing)); text-align: inherit; text-wrap: pretty; }
            td.narrative p:last-child { margin-bottom: 0; }
            td.line { text-align: left; }
            .with-image img { max-width: 100%; height: auto; display: block; }
            .with-image.below img { margin: \(points(style.paragraphSpacing)) auto 0; }
            .with-image.over { display: grid; }
            .with-image.over > * { grid-area: 1 / 1; }
            .with-image.over img { justify-self: center; }
            .nb { white-space: nowrap; }
            .en { display: block; font-size: 0.82em; overflow-wrap: normal; }
            .free-line { \(font(style.cell)) margin: 4pt 0; }
            .free-line.center { text-align: center; }
            .free-line.end { text-align: right; }
            .draft-mark { display: inline-block; margin: 0 0 4pt; padding: 2pt 8pt; border: 1.5pt solid #b00; color: #b00; \(font(style.title)) }
            thead { display: table-header-group; }
            th, td { orphans: 2; widows: 2; }
            .problems { border: 1px solid #c00; background: #fff4f4; padding: 6px 10px; margin: 12px auto; width: \(millimetres(style.pageWidth)); box-sizing: border-box; font-family: sans-serif; font-size: 13px; }
            .problems li.warning { color: #8a5a00; }
            @media print { html { background: none; } main.sheet { width: auto; margin: 0; padding: 0; box-shadow: none; } .problems, .screen-only { display: none; } }
            """
    }

    /// The footer `第 N 页 共 M 页` on every printed page and the running header from the second, as the PDF
    /// prints them, in the page's margin boxes (CSS paged media; Chromium prints them since version 131): a
    /// browser's print of the sheet had no page numbers. The screen shows neither.
    static func pageMargins(_ text: SheetText, style: PageStyle) -> String {
        let footer = content(text.footer(page: "\u{1}", of: "\u{2}"))
        let font = font(style.footer)
        var css = "@page { @bottom-center { content: \(footer); \(font) vertical-align: middle; } }"
        if !text.runningHeader.isEmpty {
            css += "\n@page { @top-right { content: \(content(text.runningHeader)); \(font) vertical-align: bottom; } }"
            css += "\n@page :first { @top-right { content: none; } }"
        }
        return css
    }

    /// A CSS `content` value: the text quoted, `\u{1}` the page's number and `\u{2}` the number of pages.
    static func content(_ text: String) -> String {
        var parts: [String] = []
        var literal = ""
        func flush() {
            guard !literal.isEmpty else { return }
            parts.append("\"" + literal + "\"")
            literal = ""
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{1}": flush(); parts.append("counter(page)")
            case "\u{2}": flush(); parts.append("counter(pages)")
            case "\"", "\\": literal += "\\" + String(scalar)
            case "\n": literal += "\\A "
            case _ where scalar.value < 0x20 || scalar == "<": literal += String(format: "\\%X ", scalar.value)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        flush()
        return parts.isEmpty ? "\"\"" : parts.joined(separator: " ")
    }
}
