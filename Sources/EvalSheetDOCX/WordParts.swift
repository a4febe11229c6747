import EvalSheetModel
import EvalSheetTables

/// The parts of a DOCX package other than the body: styles, settings, fonts, header and footer,
/// properties, relationships. Transitional OOXML, the subset Word 2010+, WPS and LibreOffice read.
enum WordParts {
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes =
        declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="png" ContentType="image/png"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
            <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
            <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
            <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            </Types>
            """

    static let packageRelationships =
        declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """

    /// rIdFooter: every page's footer; rIdHeader: the running header of pages after the first;
    /// rIdFirstHeader: the first page's, empty (the title is there), as in the PDF.
    static func documentRelationships(_ images: String) -> String {
        declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(images)\
            <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            <Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
            <Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
            <Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
            <Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
            <Relationship Id="rIdFirstHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>\
            </Relationships>
            """
    }

    /// Compatibility mode 15 (Word 2013+): a table's border, not its text, lines up with the margin.
    /// Punctuation compression: Word's and WPS's 标点挤压 for adjacent full-width marks.
    static let settings =
        declaration + """
            <w:settings xmlns:w="\(wordNamespace)"><w:defaultTabStop w:val="420"/>\
            <w:characterSpacingControl w:val="compressPunctuation"/><w:compat>\
            <w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
            </w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>
            """

    static func styles(_ page: PageStyle) -> String {
        var xml =
            declaration + "<w:styles xmlns:w=\"\(wordNamespace)\"><w:docDefaults><w:rPrDefault><w:rPr>"
            + WordML.runProperties(page.cell)
            + "<w:kern w:val=\"0\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
            // Widow control on; Word's automatic space between Chinese and Western letters and digits left on
            // (its default), as the PDF sets a quarter em there (docs/typography.md). No mark hangs past the
            // cell's edge, as in the PDF: Word lets them by default, LibreOffice does not, and the lines
            // `LastLineKeeping` estimates are the same in both.
            + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:overflowPunct w:val=\"0\"/>"
            + WordML.lineSpacing(page.cell)
            + "</w:pPr></w:pPrDefault></w:docDefaults>"
        xml +=
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
            + "<w:pPr><w:snapToGrid w:val=\"0\"/></w:pPr></w:style>"
        xml +=
            "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/>"
            + "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
            + "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        for style in WordML.Style.allCases {
            let text = style.text(page)
            var paragraph = "<w:snapToGrid w:val=\"0\"/>"
            switch style {
            case .title:
                // The space after the title once, below its last line: a title of two lines (项目支出绩效自评表 /
                // （2020年度）) or two languages is two paragraphs, and without contextual spacing Word and
                // LibreOffice put the space after each (10 pt more between the lines than the PDF has).
                paragraph += WordML.lineSpacing(text, after: page.titleSpaceAfter) + "<w:contextualSpacing/>"
            case .narrative:
                // First-line indent in characters (Word and WPS keep it at two characters if the size changes),
                // with the same length in twips for readers that know no character units.
                let indent = Int((page.firstLineIndent * 100).rounded())
                paragraph +=
                    WordML.lineSpacing(text, after: page.paragraphSpacing)
                    + "<w:ind w:firstLineChars=\"\(indent)\" w:firstLine=\"\(WordML.twips(page.firstLineIndent * text.size))\"/>"
            case .runningHeader:
                paragraph +=
                    "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"\(WordML.eighths(page.ruleWidth / 2))\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
                    + WordML.lineSpacing(text)
            case .separator:
                paragraph += "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"
            default: paragraph += WordML.lineSpacing(text)
            }
            paragraph += "<w:jc w:val=\"\(style.alignment)\"/>"
            let run = style == .separator ? "<w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/>" : WordML.runProperties(text)
            xml +=
                "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"\(style.rawValue)\"><w:name w:val=\"\(style.displayName)\"/>"
                + "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>\(paragraph)</w:pPr><w:rPr>\(run)</w:rPr></w:style>"
        }
        return xml + "</w:styles>"
    }

    /// What Word and WPS need to find or substitute the official faces: their Windows names and the
    /// GB2312 character set (86).
    static let officialFonts: [String: (alternative: String, panose: String, pitch: String)] = [
        "宋体": ("SimSun", "02010600030101010101", "variable"),
        "新宋体": ("NSimSun", "02010609030101010101", "fixed"),
        "黑体": ("SimHei", "02010609060101010101", "variable"),
        "仿宋": ("FangSong", "02010609060101010101", "fixed"),
        "仿宋_GB2312": ("FangSong_GB2312", "02010609030101010101", "fixed"),
        "楷体": ("KaiTi", "02010609060101010101", "fixed"),
        "小标宋": ("FZXiaoBiaoSong-B05S", "02000000000000000000", "variable")
    ]

    static func fontTable(_ page: PageStyle) -> String {
        let families = Set(
            [page.title, page.header, page.cell, page.notes, page.narrative, page.sectionLabel, page.footer].map(
                \.family)
        ).sorted()
        var xml = declaration + "<w:fonts xmlns:w=\"\(wordNamespace)\">"
        for family in families {
            xml += "<w:font w:name=\"\(MarkupEscaping.escape(family))\">"
            if let known = officialFonts[family] {
                xml +=
                    "<w:altName w:val=\"\(known.alternative)\"/><w:panose1 w:val=\"\(known.panose)\"/><w:charset w:val=\"86\"/>"
                    + "<w:family w:val=\"auto\"/><w:pitch w:val=\"\(known.pitch)\"/>"
            } else {
                xml += "<w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/>"
            }
            xml += "</w:font>"
        }
        return xml + "</w:fonts>"
    }

    /// Placeholders for the page fields in the footer's text; private-use characters, never in a label.
    static let pageMark = "\u{F8F0}", pagesMark = "\u{F8F1}"

    /// `第 N 页 共 M 页` with N and M as PAGE and NUMPAGES fields, which Word, WPS and LibreOffice update.
    static func footer(_ text: SheetText, page: PageStyle) -> String {
        var runs = ""
        var rest = Substring(text.footer(page: pageMark, of: pagesMark))
        while let mark = rest.firstIndex(where: { String($0) == pageMark || String($0) == pagesMark }) {
            runs += plainRun(String(rest[..<mark]))
            runs += field(String(rest[mark]) == pageMark ? "PAGE" : "NUMPAGES")
            rest = rest[rest.index(after: mark)...]
        }
        runs += plainRun(String(rest))
        return declaration
            + "<w:ftr xmlns:w=\"\(wordNamespace)\"><w:p><w:pPr><w:pStyle w:val=\"\(WordML.Style.footer.rawValue)\"/></w:pPr>\(runs)</w:p></w:ftr>"
    }

    static func plainRun(_ text: String) -> String {
        text.isEmpty
            ? ""
            : "<w:r><w:t xml:space=\"preserve\">\(MarkupEscaping.escape(text.replacingOccurrences(of: Language.separator, with: "  ")))</w:t></w:r>"
    }

    static func field(_ instruction: String) -> String {
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> \(instruction) </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    }

    /// The running header naming the project, right-aligned over a thin rule; `text` nil: an empty header.
    /// A draft's mark (草稿) stands at the left of every page's header, boxed, in red.
    static func header(_ text: String?, draftMark: String?) -> String {
        let mark =
            draftMark.map {
                "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val=\"B00000\"/><w:sz w:val=\"32\"/>"
                    + "<w:bdr w:val=\"single\" w:sz=\"12\" w:space=\"2\" w:color=\"B00000\"/></w:rPr><w:t>\(MarkupEscaping.escape($0))</w:t></w:r></w:p>"
            } ?? ""
        let running = text.map {
            "<w:p><w:pPr><w:pStyle w:val=\"\(WordML.Style.runningHeader.rawValue)\"/></w:pPr>\(plainRun($0))</w:p>"
        }
        let body = mark + (running ?? (mark.isEmpty ? "<w:p/>" : ""))
        return declaration + "<w:hdr xmlns:w=\"\(wordNamespace)\">\(body)</w:hdr>"
    }

    static func coreProperties(_ metadata: DocumentMetadata) -> String {
        let date = "\(metadata.date)T00:00:00Z"
        func element(_ name: String, _ value: String) -> String { "<\(name)>\(MarkupEscaping.escape(value))</\(name)>" }
        return declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + element("dc:title", metadata.title) + element("dc:subject", metadata.subject)
            + element("dc:creator", metadata.author)
            + element("cp:keywords", metadata.keywords) + element("cp:lastModifiedBy", metadata.author)
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:modified></cp:coreProperties>"
    }

    static func appProperties(_ metadata: DocumentMetadata) -> String {
        declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>\(MarkupEscaping.escape(metadata.creator))</Application></Properties>"
    }
}
