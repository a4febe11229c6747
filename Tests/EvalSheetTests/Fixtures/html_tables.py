"""Parses an HTML file with html5lib in strict mode (any parse error fails) and prints its structure as
JSON: lang, the tables with their rows and cells (tag, text, rowspan, colspan, the sides its own style
leaves open), scripts and external
references. Used by the Swift tests to check validity and parity with the PDF."""
import json
import sys

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def text(element):
    return "".join(element.itertext())


def open_sides(cell):
    """The sides a cell's own style leaves open (`border-top-style: none` or `hidden`), in a fixed order."""
    declarations = [part.split(":", 1) for part in (cell.get("style") or "").split(";") if ":" in part]
    styles = {name.strip(): value.strip() for name, value in declarations}
    return [side for side in ("top", "bottom", "left", "right")
            if styles.get("border-%s-style" % side) in ("none", "hidden")]


def main():
    with open(sys.argv[1], "rb") as handle:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
        try:
            document = parser.parse(handle)
        except html5lib.html5parser.ParseError as error:
            print(json.dumps({"error": str(error), "errors": [str(e) for e in parser.errors]}))
            return 1
    tables = []
    # The rows printed once above a table's head (class "lead") are a table of their own, followed by the
    # table they belong to: read as the one table they are, the lead rows in its head.
    lead = None
    for table in document.iter(NS + "table"):
        classes = (table.get("class") or "").split()
        rows = []
        for section in ("thead", "tbody"):
            for group in table.findall(NS + section):
                for row in group.findall(NS + "tr"):
                    cells = [{"tag": cell.tag.replace(NS, ""), "text": text(cell),
                              "rowspan": int(cell.get("rowspan", "1")), "colspan": int(cell.get("colspan", "1")),
                              "paragraphs": len(cell.findall(NS + "p")), "open": open_sides(cell)}
                             for cell in row if cell.tag in (NS + "td", NS + "th")]
                    rows.append({"section": "thead" if "lead" in classes else section, "cells": cells})
        if "lead" in classes:
            lead = rows
            continue
        if lead is not None:
            rows = lead + rows
            lead = None
        tables.append({"class": " ".join(classes), "rows": rows})
    external = [element.get(attribute) for element in document.iter() for attribute in ("src", "href")
                if (element.get(attribute) or "").startswith(("http:", "https:", "//"))]
    styles = "".join(text(style) for style in document.iter(NS + "style"))
    print(json.dumps({
        "lang": document.get("lang"),
        "tables": tables,
        "scripts": len(list(document.iter(NS + "script"))),
        "links": len(list(document.iter(NS + "link"))),
        "external": external,
        "cssFetches": styles.count("url(") + styles.count("@import"),
        "title": text(next(document.iter(NS + "title"))),
        "body": text(next(document.iter(NS + "body"))),
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
