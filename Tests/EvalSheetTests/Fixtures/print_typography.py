"""Counts, in a printed PDF (LibreOffice's print of a DOCX, Chromium's of an HTML sheet, or EvalSheet's own),
what a reader of the page notices, from poppler's lines and blocks (pdftotext -bbox-layout):
- pages;
- single-character last lines (孤字): a line holding one Chinese character (closing marks after it do not
  count) under at least one other line of its block, in a block at least three characters wide;
- notes lines short of the edge: in the x ranges given (the notes column), every line but a paragraph's last
  (the last of its block, one followed by a line starting a numbered item ① …, one ending in 。；：）) that ends more than 1 pt
  short of the block's edge (where its lines ending in a letter end).
Usage: print_typography.py FILE.pdf [X0:X1 ...]   (the notes column's edges in points, page coordinates)
Prints JSON: {"pages": n, "lonely": [...], "notesLines": n, "raggedNotes": [...]}.
"""
import html
import json
import re
import subprocess
import sys

CLOSING = set("，。、；：？！）》」』】〕〗〉”’%‰.,;:?!)]}")
ITEM = re.compile(r"^[①-⑳(（]?[①-⑳]")


def wide_letter(ch):
    code = ord(ch)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF) and ch not in CLOSING


def main(path, ranges):
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", path, "-"], check=True,
                            capture_output=True, text=True).stdout
    pages = re.findall(r"<page [^>]*>(.*?)</page>", layout, re.S)
    lonely, ragged, notes_lines = [], [], 0
    for number, page in enumerate(pages, 1):
        for block in re.findall(r"<block [^>]*>(.*?)</block>", page, re.S):
            lines = []
            for line in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                                   block, re.S):
                words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", line[4])]
                lines.append((float(line[0]), float(line[1]), float(line[2]), float(line[3]), "".join(words)))
            if not lines:
                continue
            left = min(l[0] for l in lines)
            right = max(l[2] for l in lines)
            height = max(l[3] - l[1] for l in lines)
            for index, (x0, y0, x1, y1, text) in enumerate(lines):
                letters = [c for c in text if wide_letter(c)]
                others = [c for c in text if not wide_letter(c) and c not in CLOSING and not c.isspace()]
                if index > 0 and len(letters) == 1 and not others and right - left >= 3 * height:
                    lonely.append("p%d: %s|%s" % (number, lines[index - 1][4][-6:], text))
            # The edge: where lines ending in a letter end (a closing mark set flush at a line's end keeps its
            # full em in the font's widths, which poppler reads).
            solid = [l[2] for l in lines if l[4] and l[4][-1] not in CLOSING]
            edge = max(solid) if solid else right
            for x_from, x_to in ranges:
                if left < x_from - 2 or right > x_to + 2:
                    continue
                for index, (x0, y0, x1, y1, text) in enumerate(lines):
                    # A paragraph's last line: the block's, one before a numbered item, or one ending a sentence
                    # (a line inside a paragraph rarely ends at its 。 or ；, and is then not counted).
                    last = index == len(lines) - 1 or ITEM.match(lines[index + 1][4]) or text[-1:] in "。；：）)"
                    if last:
                        continue
                    notes_lines += 1
                    if x1 < edge - 1:
                        ragged.append("p%d: %s" % (number, text))
    print(json.dumps({"pages": len(pages), "lonely": lonely, "notesLines": notes_lines, "raggedNotes": ragged},
                     ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], [tuple(float(v) for v in r.split(":")) for r in sys.argv[2:]])
