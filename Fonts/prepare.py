#!/usr/bin/env python3
"""Prepare the Noto CJK SC faces for Cairo 1.16.

Why: Cairo 1.16's CFF subsetter silently drops glyphs from Debian's CID-keyed Noto CJK
(see docs/fonts.md). Converting the SC face to TrueType outlines avoids that subsetter
entirely, and makes PDFs smaller and faster to write.

Usage: prepare.py SOURCE.ttc OUTPUT.ttf
The output depends only on the source bytes and the fontTools version (pinned by the caller).
"""
import sys

from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools import subset


def sc_index(path):
    collection = TTCollection(path, lazy=True)
    for index, font in enumerate(collection.fonts):
        name = font["name"].getDebugName(6) or ""
        if "CJKsc-" in name:
            return index
    raise SystemExit(f"{path}: no face whose PostScript name contains CJKsc-")


def desubroutinised(path, index):
    font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.desubroutinize = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.drop_tables = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    font = TTFont(path, fontNumber=index, recalcTimestamp=False)
    subsetter.subset(font)
    return font


def to_truetype(font):
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def main():
    source, output = sys.argv[1], sys.argv[2]
    font = to_truetype(desubroutinised(source, sc_index(source)))
    font.save(output)


if __name__ == "__main__":
    main()
