import EvalSheetModel
import EvalSheetTables
import Foundation

/// WordprocessingML pieces: paragraphs and runs in the sheet's named styles. Word's units: twips
/// (1/20 pt) for lengths, half-points for type sizes, eighths of a point for borders.
enum WordML {
    static func twips(_ points: Double) -> Int { Int((points * 20).rounded()) }
    static func halfPoints(_ points: Double) -> Int { max(2, Int((points * 2).rounded())) }
    static func eighths(_ points: Double) -> Int { min(96, max(2, Int((points * 8).rounded()))) }

    /// The paragraph styles of a sheet, one per kind of text; their names appear in Word's style list.
    enum Style: String, CaseIterable {
        case title = "SheetTitle", head = "SheetHead", cell = "SheetCell", notes = "SheetNotes"
        case narrative = "SheetNarrative", sectionLabel = "SheetSectionLabel", line = "SheetLine"
        case footer = "SheetFooter", runningHeader = "SheetRunningHeader", separator = "SheetSeparator"

        var displayName: String {
            switch self {
            case .title: return "Sheet Title"
            case .head: return "Sheet Head"
            case .cell: return "Sheet Cell"
            case .notes: return "Sheet Notes"
            case .narrative: return "Sheet Narrative"
            case .sectionLabel: return "Sheet Section Label"
            case .line: return "Sheet Line"
            case .footer: return "Sheet Footer"
            case .runningHeader: return "Sheet Running Header"
            case .separator: return "Sheet Table Separator"
            }
        }

        func text(_ style: PageStyle) -> PageStyle.TextStyle {
            switch self {
            case .title: return style.title
            case .head: return style.header
            case .cell, .line, .separator: return style.cell
            case .notes: return style.notes
            case .narrative: return style.narrative
            case .sectionLabel: return style.sectionLabel
            case .footer, .runningHeader: return style.footer
            }
        }

        var alignment: String {
            switch self {
            case .title, .head, .cell, .sectionLabel, .footer: return "center"
            case .line, .separator: return "left"
            // Notes justified like the PDF's: Word, WPS and LibreOffice leave each paragraph's last line ragged.
            case .notes, .narrative: return "both"
            case .runningHeader: return "right"
            }
        }
    }

    /// The fonts of a style: the form's family in every slot, so that Word and WPS use the official face
    /// (宋体, 黑体, 仿宋 …) for Chinese, Latin letters and digits alike, as the PDF does.
    static func fonts(_ family: String) -> String {
        let name = MarkupEscaping.escape(family)
        return
            "<w:rFonts w:ascii=\"\(name)\" w:hAnsi=\"\(name)\" w:eastAsia=\"\(name)\" w:cs=\"\(name)\" w:hint=\"eastAsia\"/>"
    }

    static func runProperties(_ text: PageStyle.TextStyle) -> String {
        let size = halfPoints(text.size)
        return fonts(text.family) + (text.bold ? "<w:b/><w:bCs/>" : "<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>")
            + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>"
    }

    /// Exact line spacing, the style's line height: pages break close to where the PDF's do, whatever the
    /// font's own ascent and descent (Noto CJK's are 1.45 em, SimSun's 1.0 em).
    static func lineSpacing(_ text: PageStyle.TextStyle, after: Double = 0) -> String {
        "<w:spacing w:before=\"0\" w:after=\"\(twips(after))\" w:line=\"\(twips(text.size * text.lineHeight))\" w:lineRule=\"exact\"/>"
    }

    struct Run {
        var text: String
        var bold = false
        var english = false
        /// Points added after each character (`LastLineKeeping`).
        var spacing = 0.0
        /// A line break before the text (`LastLineKeeping`).
        var breakBefore = false
    }

    static func run(_ run: Run, style: PageStyle.TextStyle) -> String {
        var properties = ""
        if run.bold { properties += "<w:b/><w:bCs/>" }
        let spacing = twips(run.spacing)
        if spacing != 0 { properties += "<w:spacing w:val=\"\(spacing)\"/>" }
        if run.english {
            let size = halfPoints(Language.secondLanguageSize(style.size))
            properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/><w:lang w:val=\"en-US\"/>"
        }
        let open = properties.isEmpty ? "<w:r>" : "<w:r><w:rPr>\(properties)</w:rPr>"
        return open + (run.breakBefore ? "<w:br/>" : "")
            + "<w:t xml:space=\"preserve\">\(MarkupEscaping.escape(run.text))</w:t></w:r>"
    }

    /// One paragraph in a named style; `alignment` and `keepNext` override it where given, and `last` takes
    /// away the style's space after it (the PDF spaces a narrative's paragraphs apart, not its last from the
    /// rule: LibreOffice's rows of goals were 2 pt taller than the PDF's).
    /// `width`, the cell's room for text in points, lets `LastLineKeeping` keep a lone character off the
    /// paragraph's last line.
    static func paragraph(
        _ runs: [Run], _ style: Style, page: PageStyle, alignment: String? = nil, keepNext: Bool = false,
        last: Bool = false, width: Double? = nil
    ) -> String {
        let text = style.text(page)
        var runs = runs.filter { !$0.text.isEmpty }
        var properties = "<w:pStyle w:val=\"\(style.rawValue)\"/>"
        if keepNext { properties += "<w:keepNext/>" }
        // The English beneath Chinese is set smaller, on lines as much closer as the PDF's (LibreOffice's rows
        // of the reference sheet in zh-en were up to 15 pt taller than the PDF's at the style's line height).
        let english = !runs.isEmpty && runs.allSatisfy(\.english)
        if last || english {
            properties +=
                "<w:spacing"
                + (english
                    ? " w:line=\"\(twips(Language.secondLanguageSize(text.size) * text.lineHeight))\" w:lineRule=\"exact\""
                    : "") + (last ? " w:after=\"0\"" : "") + "/>"
        }
        if let alignment, alignment != style.alignment { properties += "<w:jc w:val=\"\(alignment)\"/>" }
        let justified = (alignment ?? style.alignment) == "both"
        // A ragged narrative is the user's running text: no line breaks are put into it.
        if let width, !runs.contains(where: \.english), justified || style != .narrative {
            let indent = style == .narrative ? page.firstLineIndent * text.size : 0
            if let plan = LastLineKeeping.plan(
                runs.map(\.text).joined(), size: text.size, width: width, indent: indent, justified: justified)
            {
                runs = plan.apply(to: runs)
            }
        }
        return "<w:p><w:pPr>\(properties)</w:pPr>" + runs.map { run($0, style: text) }.joined() + "</w:p>"
    }

    /// A text of `SheetText` as paragraphs: one per line, the English part of a bilingual text beneath, smaller.
    static func paragraphs(
        _ text: String, _ style: Style, page: PageStyle, alignment: String? = nil, keepNext: Bool = false,
        width: Double? = nil
    ) -> [String] {
        Language.split(text).enumerated().flatMap { index, part in
            part.components(separatedBy: "\n").map {
                // English notes are set ragged-right, as in the PDF (`PangoShaper.widestWordSpace`): justified in a
                // narrow column, their word spaces opened up to 3 em.
                let latin = $0.unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic }.count
                let ragged = style == .notes && alignment == nil && latin > $0.unicodeScalars.count / 2
                return paragraph(
                    [Run(text: $0, english: index > 0)], style, page: page, alignment: ragged ? "left" : alignment,
                    keepNext: keepNext, width: width)
            }
        }
    }
}
