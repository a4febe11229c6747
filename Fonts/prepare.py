#!/usr/bin/env python3
"""Prepare the Noto CJK SC faces for Cairo 1.16.

Why: Cairo 1.16's CFF subsetter silently drops glyphs from Debian's CID-keyed Noto CJK
(see docs/fonts.md). Converting the SC face to TrueType outlines avoids that subsetter
entirely, and makes PDFs smaller and faster to write.

Two more steps for Cairo's TrueType subsetter, which looks up the character of every new glyph of every
document (the cluster's text is what it then uses): it copies the font's format-4 cmap subtable and
searches it, and for a glyph not found there walks the whole cmap through FreeType, 44,000 characters
(measured with perf: that walk was 5 % of a batch's time, the copying most of the rest of Cairo's time in
FreeType; see docs/performance.md):
- the glyphs that the shaper substitutes for Chinese and English text (the ZHS and default language
  systems' ccmp, locl, calt, clig, liga, rlig, rclt and pwid single substitutions; 42 in each face) and
  that no character maps to are given private-use code points from U+E000, so Cairo finds them too;
- glyphs are renumbered in the order of their code points, so that the format-4 subtable is a few long
  runs (6 KB instead of 46 KB for the Serif face) and Cairo's search ends in its first loop.

Usage: prepare.py SOURCE.ttc OUTPUT.ttf
The output depends only on the source bytes and the fontTools version (pinned by the caller).
"""
import sys

from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.reorderGlyphs import reorderGlyphs
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


# Features the shaper applies to horizontal Chinese and English text (HarfBuzz's defaults, and `pwid`, which
# PangoShaper asks for in English); `halt` is a positioning feature in Noto CJK and substitutes nothing.
SHAPED_FEATURES = {"ccmp", "locl", "calt", "clig", "liga", "rlig", "rclt", "pwid"}
PRIVATE_USE = 0xE000


def substituted_glyphs(font):
    """Glyphs that single substitutions of SHAPED_FEATURES in the ZHS and default language systems put in
    place of others, in lookup order."""
    gsub = font["GSUB"].table
    features = set()
    for script in gsub.ScriptList.ScriptRecord:
        systems = [script.Script.DefaultLangSys] if script.Script.DefaultLangSys else []
        systems += [record.LangSys for record in script.Script.LangSysRecord if record.LangSysTag == "ZHS "]
        for system in systems:
            features.update(system.FeatureIndex)
    lookups = set()
    for index in features:
        record = gsub.FeatureList.FeatureRecord[index]
        if record.FeatureTag in SHAPED_FEATURES:
            lookups.update(record.Feature.LookupListIndex)
    found = []
    for index in sorted(lookups):
        lookup = gsub.LookupList.Lookup[index]
        for table in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:
                kind, table = table.ExtSubTable.LookupType, table.ExtSubTable
            if kind == 1:
                found += [table.mapping[name] for name in sorted(table.mapping, key=font.getGlyphID)]
    return found


def with_private_use_characters(font):
    """Maps the substituted glyphs that no character maps to, from U+E000 (the faces use no private-use
    code point: checked)."""
    cmap = font.getBestCmap()
    if any(PRIVATE_USE <= code_point <= 0xF8FF for code_point in cmap):
        raise SystemExit("prepare.py: the face already maps private-use code points")
    mapped = set(cmap.values())
    unmapped = list(dict.fromkeys(name for name in substituted_glyphs(font) if name not in mapped))
    if len(unmapped) > 0xF8FF - PRIVATE_USE + 1:
        raise SystemExit(f"prepare.py: {len(unmapped)} substituted glyphs, more than the private use area")
    for table in font["cmap"].tables:
        if table.isUnicode():
            for offset, name in enumerate(unmapped):
                table.cmap[PRIVATE_USE + offset] = name
    return font


def in_code_point_order(font):
    """.notdef first, then the glyphs the cmap maps, by their lowest code point, then the rest as they were."""
    order = font.getGlyphOrder()
    first = {}
    for code_point, name in font.getBestCmap().items():
        first[name] = min(code_point, first.get(name, code_point))
    mapped = sorted((name for name in order[1:] if name in first), key=first.__getitem__)
    unmapped = [name for name in order[1:] if name not in first]
    reorderGlyphs(font, [order[0]] + mapped + unmapped)
    return font


def main():
    source, output = sys.argv[1], sys.argv[2]
    font = to_truetype(desubroutinised(source, sc_index(source)))
    # Saved and read back: renumbering needs every table decompiled, the new glyf table among them.
    font.save(output)
    font = in_code_point_order(with_private_use_characters(TTFont(output, recalcTimestamp=False)))
    font.save(output)


if __name__ == "__main__":
    main()
