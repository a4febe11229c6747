"""Checks what Cairo 1.16's TrueType subsetter will find in a prepared font's cmap (Fonts/prepare.py).

    python cmap_check.py GLYPHS.json
GLYPHS.json: {"font file": [glyph ids], ...}, the glyphs a document paints. For each font, every glyph must be
the target of a code point in the (3, 1) format-4 subtable (Cairo searches only that one; a glyph not in it
costs a walk over the whole cmap through FreeType), and that subtable must stay small (Cairo copies it
for every new glyph of every document). Prints one line per problem; exits 1 if there is any.
"""
import json
import sys

from fontTools.ttLib import TTFont

LARGEST_SUBTABLE = 8 * 1024

problems = []
with open(sys.argv[1], encoding="utf-8") as handle:
    wanted = json.load(handle)
for path, glyph_ids in sorted(wanted.items()):
    font = TTFont(path, lazy=True)
    table = font["cmap"].getcmap(3, 1)
    if table is None or table.format != 4:
        problems.append(f"{path}: no (3, 1) format-4 cmap subtable")
        continue
    mapped = {font.getGlyphID(name) for name in table.cmap.values()}
    missing = sorted(set(glyph_ids) - mapped)
    if missing:
        names = [font.getGlyphName(glyph) for glyph in missing[:10]]
        problems.append(f"{path}: {len(missing)} painted glyphs no code point maps: {missing[:10]} {names}")
    if table.length > LARGEST_SUBTABLE:
        problems.append(f"{path}: the format-4 subtable is {table.length} bytes (at most {LARGEST_SUBTABLE})")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
