"""Reads a DOCX with python-docx (an independent reader) and prints what the tests compare, as JSON:
every table's cells with their horizontal extent on the grid (twips from the table's left edge), their
vertical span (from w:vMerge) and text; rows repeated as heads; the page set-up; the styles' fonts;
the footer's fields; the core properties."""
import json
import sys

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def cell_text(tc):
    """A cell's paragraphs, a line each; the line breaks set inside a paragraph (w:br, where EvalSheet
    breaks a label between words) are typesetting, not text, and are left out."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def tables(document):
    result = []
    for table in document.tables:
        tbl = table._tbl
        widths = [column.w.twips for column in tbl.tblGrid.gridCol_lst]
        edges = [0]
        for width in widths:
            edges.append(edges[-1] + width)
        rows = []
        for tr in tbl.tr_lst:
            column = 0
            cells = []
            for tc in tr.tc_lst:
                span = tc.grid_span
                cells.append({
                    "x0": edges[column], "x1": edges[column + span], "merge": tc.vMerge,
                    "text": cell_text(tc), "column": column,
                })
                column += span
            rows.append({
                "cells": cells,
                "header": bool(tr.xpath("./w:trPr/w:tblHeader")),
                "cantSplit": bool(tr.xpath("./w:trPr/w:cantSplit")),
                "gridColumns": column,
            })
        # A cell's row span: its own row and every row below whose cell at the same grid column continues it.
        out_rows = []
        for index, row in enumerate(rows):
            cells = []
            for cell in row["cells"]:
                if cell["merge"] == "continue":
                    continue
                span = 1
                if cell["merge"] == "restart":
                    for below in rows[index + 1:]:
                        match = [c for c in below["cells"] if c["column"] == cell["column"]]
                        if match and match[0]["merge"] == "continue":
                            span += 1
                        else:
                            break
                cells.append({"x0": cell["x0"], "x1": cell["x1"], "rowSpan": span, "text": cell["text"]})
            out_rows.append({"cells": cells, "header": row["header"], "cantSplit": row["cantSplit"],
                             "gridColumns": row["gridColumns"]})
        result.append({"gridColumns": len(widths), "width": edges[-1], "rows": out_rows})
    return result


def style_fonts(document):
    fonts = {}
    for style in document.styles:
        if not style.name or not style.name.startswith("Sheet"):
            continue
        rpr = style.element.rPr
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        fonts[style.name] = {
            "ascii": style.font.name,
            "eastAsia": rfonts.get(qn("w:eastAsia")) if rfonts is not None else None,
            "size": style.font.size.pt if style.font.size else None,
            "bold": style.font.bold,
        }
    return fonts


def main(path):
    document = docx.Document(path)
    section = document.sections[0]
    footer = section.footer
    properties = document.core_properties
    print(json.dumps({
        "tables": tables(document),
        "page": {
            "width": section.page_width.twips, "height": section.page_height.twips,
            "top": section.top_margin.twips, "bottom": section.bottom_margin.twips,
            "left": section.left_margin.twips, "right": section.right_margin.twips,
        },
        "styles": style_fonts(document),
        "paragraphs": [{"style": p.style.name, "text": p.text} for p in document.paragraphs if p.text],
        "footer": {
            "text": "".join(p.text for p in footer.paragraphs),
            "fields": [t.text.strip() for p in footer.paragraphs for t in p._p.xpath(".//w:instrText")],
        },
        "header": "".join(p.text for p in section.header.paragraphs),
        "differentFirstPage": section.different_first_page_header_footer,
        "firstPageHeader": "".join(p.text for p in section.first_page_header.paragraphs),
        "core": {
            "title": properties.title, "author": properties.author, "subject": properties.subject,
            "keywords": properties.keywords,
            "created": properties.created.isoformat() if properties.created else None,
        },
        "narrative": [
            {"text": p.text, "firstLineChars": p._p.xpath("string(./w:pPr/w:ind/@w:firstLineChars)"),
             "style": p.style.name, "justified": str(p.paragraph_format.alignment or p.style.paragraph_format.alignment),
             "firstLineIndent": (p.style.paragraph_format.first_line_indent or 0) and p.style.paragraph_format.first_line_indent.pt,
             "bold": [run.text for run in p.runs if run.bold]}
            for table in document.tables for p in (Paragraph(e, table) for e in table._tbl.xpath("./w:tr/w:tc/w:p"))
            if p.style.name == "Sheet Narrative" and p.text
        ],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
