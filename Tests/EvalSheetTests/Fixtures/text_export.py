"""Writes a sheet's HTML as the text a Word or WPS user gets from the same sheet (the reference sheet's
format, Tests/EvalSheetTests/Fixtures/reference-sheet.txt): the title's lines, then every table row as
tab-separated cells, a merged cell as its text followed by empty cells over the grid positions it covers
(to the right, and in the rows below), a line break inside a cell as a space, a narrative cell's
paragraphs as <p>…</p>. Usage: text_export.py SHEET.html > SHEET.txt
"""
import sys

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def text(element):
    """The element's text, <br> as a space, images left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == NS + "br":
            parts.append(" ")
        elif child.tag != NS + "img":
            parts.append(text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def cell_text(cell):
    paragraphs = cell.findall(".//" + NS + "p")
    if paragraphs:
        return "".join("<p>" + text(p).strip() + "</p>" for p in paragraphs)
    return " ".join(text(cell).split())


def main(path):
    with open(path, "rb") as handle:
        document = html5lib.parse(handle)
    lines = []
    sheet = document.find(".//" + NS + "main")
    for element in sheet:
        if element.tag == NS + "h1":
            lines += [line.strip() for line in text(element).split(" ") if line.strip()]
        elif element.tag == NS + "p":
            lines.append(" ".join(text(element).split()))
        elif element.tag == NS + "table":
            covered = {}   # (row, column) taken by a cell merged from above
            row_index = 0
            for section in ("thead", "tbody"):
                for group in element.findall(NS + section):
                    for row in group.findall(NS + "tr"):
                        cells, column = [], 0
                        for cell in [c for c in row if c.tag in (NS + "td", NS + "th")]:
                            while (row_index, column) in covered:
                                cells.append("")
                                column += 1
                            span, down = int(cell.get("colspan", "1")), int(cell.get("rowspan", "1"))
                            cells += [cell_text(cell)] + [""] * (span - 1)
                            for below in range(1, down):
                                for offset in range(span):
                                    covered[(row_index + below, column + offset)] = True
                            column += span
                        while (row_index, column) in covered:
                            cells.append("")
                            column += 1
                        lines.append("\t".join(cells))
                        row_index += 1
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
