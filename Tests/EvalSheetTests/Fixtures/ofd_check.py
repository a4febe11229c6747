"""Reads EvalSheet's OFD files with independent programs and compares them with the PDFs of the same
sheets. Usage: ofd_check.py SERIF_FONT OFD PDF [OFD PDF ...]; prints one JSON object per pair.

- ofdkit (text): page count, the characters of each page against pdftotext's for the same page, and
  each text run's start against the word pdftotext finds there (so no line is misplaced).
- easyofd (an OFD renderer, through reportlab): each page rendered and rasterised beside the PDF's
  raster; blocks of ink present in one and absent from the other are counted (a lost glyph or a
  misplaced line shows as such a block). easyofd draws all text with one font it knows as 宋体 and,
  before drawing, scans every system font with fontTools (minutes with Noto CJK): the scan is replaced
  by the one name it would find, and 宋体 is SERIF_FONT cut to the document's characters in ./fonts.
- fontTools: every embedded font loads, and every glyph id a CGTransform names exists in its font.
"""
import collections, io, json, os, re, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

import logging
logging.disable(logging.WARNING)
import numpy
import ofdkit
from loguru import logger
logger.remove()
from fontTools.ttLib import TTFont
from fontTools import subset as ftsubset
from PIL import Image

MM = 25.4 / 72
NS = {"ofd": "http://www.ofdspec.org/2016"}


def run(*args):
    return subprocess.run(args, check=True, capture_output=True).stdout


def pdf_words(pdf):
    xml = run("pdftotext", "-bbox", pdf, "-").decode()
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        words = []
        for attrs, text in re.findall(r"<word ([^>]*)>(.*?)</word>", page):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', attrs))
            text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            words.append((float(box["xMin"]) * MM, float(box["xMax"]) * MM, float(box["yMin"]) * MM, float(box["yMax"]) * MM, text))
        pages.append(words)
    return pages


def ink(image, width, height):
    gray = numpy.asarray(image.convert("L").resize((width, height)), dtype=numpy.int32)
    return gray < 160


def dilate(mask, steps=2):
    out = mask.copy()
    for dy in range(-steps, steps + 1):
        for dx in range(-steps, steps + 1):
            out |= numpy.roll(numpy.roll(mask, dy, axis=0), dx, axis=1)
    return out


def lost_blocks(a, b, block=6, minimum=4, exempt=()):
    """Blocks with ink in a and none in b nearby, but for blocks touching the `exempt` boxes (pixels)."""
    near = dilate(b)
    lost = 0
    for y in range(0, a.shape[0], block):
        for x in range(0, a.shape[1], block):
            if any(x < x1 and x0 < x + block and y < y1 and y0 < y + block for x0, y0, x1, y1 in exempt):
                continue
            if a[y:y + block, x:x + block].sum() >= minimum and not near[y:y + block, x:x + block].any():
                lost += 1
    return lost


def rasters(pdf, dpi=None, size=None):
    with tempfile.TemporaryDirectory() as folder:
        args = ["pdftoppm", "-gray", "-png"]
        args += ["-r", str(dpi)] if dpi else ["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])]
        run(*args, pdf, os.path.join(folder, "p"))
        names = sorted(os.listdir(folder), key=lambda n: int(re.findall(r"\d+", n)[-1]))
        return [Image.open(os.path.join(folder, n)).copy() for n in names]


def easyofd_pdf(ofd_bytes, serif, text):
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "fonts"))
        options = ftsubset.Options()
        options.notdef_outline = True
        font = TTFont(serif, lazy=True)
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(os.path.join(folder, "fonts", "simsun.ttc"))
        here = os.getcwd()
        os.chdir(folder)
        try:
            # Imported here, in the folder: easyofd registers ./fonts/simsun.ttc as 宋体 on import.
            from easyofd.draw import font_tools
            font_tools.FontTool.get_installed_fonts = lambda self: ["宋体"]
            from easyofd.ofd import OFD
            import reportlab.pdfbase.pdfmetrics as metrics
            from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont
            metrics.registerFont(ReportLabFont("宋体", os.path.join(folder, "fonts", "simsun.ttc")))
            document = OFD()
            document.read(ofd_bytes, fmt="binary")
            stdout = sys.stdout
            sys.stdout = io.StringIO()   # easyofd prints as it goes
            try:
                return document.to_pdf()
            finally:
                sys.stdout = stdout
        finally:
            os.chdir(here)


def check(serif, ofd, pdf):
    result = {"file": ofd}
    document = ofdkit.open(ofd)
    words = pdf_words(pdf)
    result["pages"] = [len(document.pages), len(words)]
    info = document.info
    result["info"] = {"title": info.title, "author": info.author, "creation_date": info.creation_date,
                      "creator": info.creator, "keywords": list(info.keywords)}
    missing, extra, misplaced, runs = 0, 0, [], 0
    all_text = set()
    for index, page in enumerate(document.pages):
        # -raw: the characters as drawn (the default mode drops a hyphen at a line end, joining the word).
        pdf_text = run("pdftotext", "-raw", "-f", str(index + 1), "-l", str(index + 1), pdf, "-").decode()
        pdf_chars = collections.Counter(c for c in pdf_text if not c.isspace() and c != "\f")
        ofd_chars = collections.Counter(c for r in page.runs for c in r.text if not c.isspace())
        all_text.update(ofd_chars)
        missing += sum((pdf_chars - ofd_chars).values())
        extra += sum((ofd_chars - pdf_chars).values())
        for r in page.runs:
            runs += 1
            # The run's first character is where pdftotext has a word holding it, on the same line (pdftotext
            # joins runs across narrow spaces into one word).
            found = any(x - 0.3 < r.x < right + 0.3 and top - 0.5 <= r.y <= bottom + 0.5 and r.text[:1] in text
                        for x, right, top, bottom, text in (words[index] if index < len(words) else []))
            if not found:
                misplaced.append(f"page {index + 1}: '{r.text[:12]}' at {r.x:.1f},{r.y:.1f}")
    result["text"] = {"runs": runs, "missing": missing, "extra": extra, "misplaced": misplaced[:5], "misplaced_count": len(misplaced)}

    with zipfile.ZipFile(ofd) as package:
        bad_glyphs, fonts = 0, 0
        res = ET.fromstring(package.read("Doc_0/PublicRes.xml"))
        glyph_counts, cmaps = {}, {}
        for font in res.iterfind(".//ofd:Font", NS):
            data = package.read("Doc_0/Res/" + font.find("ofd:FontFile", NS).text)
            loaded = TTFont(io.BytesIO(data))
            glyph_counts[font.get("ID")] = loaded["maxp"].numGlyphs
            cmaps[font.get("ID")] = {code: loaded.getGlyphID(name) for code, name in loaded.getBestCmap().items()}
            fonts += 1
        # Characters drawn with another glyph than the font's cmap gives (a form chosen by shaping, such
        # as —— drawn as one long dash): a reader that ignores CGTransform draws these differently.
        alternates = []
        # easyofd draws every face in one light serif: a bold head's strokes (三 in 三级指标) may then fall
        # further than the slack from ours. Its text is checked above (present, in place); its ink is not.
        bold_fonts = {font.get("ID") for font in res.iterfind(".//ofd:Font", NS) if font.get("Bold") == "true"}
        bold_boxes = []
        pages = sorted((n for n in package.namelist() if n.endswith("Content.xml")), key=lambda n: int(re.findall(r"\d+", n)[0]))
        for name in pages:
            page = ET.fromstring(package.read(name))
            count_alternates = 0
            boxes = []
            for text in page.iterfind(".//ofd:TextObject", NS):
                if text.get("Font") in bold_fonts:
                    x, y, w, h = (float(v) * 60 / 25.4 for v in text.get("Boundary").split())
                    boxes.append((x - 1, y - 1, x + w + 1, y + h + 1))
                count = glyph_counts[text.get("Font")]
                code = text.find("ofd:TextCode", NS).text or ""
                for transform in text.iterfind("ofd:CGTransform", NS):
                    glyphs = transform.find("ofd:Glyphs", NS)
                    ids = [int(g) for g in glyphs.text.split()] if glyphs is not None else []
                    bad_glyphs += sum(1 for g in ids if g >= count)
                    start, length = int(transform.get("CodePosition")), int(transform.get("CodeCount"))
                    if length == len(ids):
                        for char, glyph in zip(code[start:start + length], ids):
                            if cmaps[text.get("Font")].get(ord(char)) != glyph:
                                count_alternates += 1
                    else:
                        count_alternates += length   # a ligature (—— as one glyph) or a decomposition
            alternates.append(count_alternates)
            bold_boxes.append(boxes)
        result["fonts"] = {"embedded": fonts, "glyph_ids_outside_font": bad_glyphs, "alternates": alternates}
        ofd_bytes = open(ofd, "rb").read()

    drawn = easyofd_pdf(ofd_bytes, serif, "".join(sorted(all_text)))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(drawn)
        file.flush()
        ours = rasters(pdf, dpi=60)
        theirs = rasters(file.name, size=ours[0].size) if ours else []
    lost, added = [], []
    for page, (a, b) in enumerate(zip(ours, theirs)):
        ia, ib = ink(a, *a.size), ink(b, *a.size)
        lost.append(lost_blocks(ia, ib, exempt=bold_boxes[page] if page < len(bold_boxes) else ()))
        added.append(lost_blocks(ib, ia))
    result["raster"] = {"pages": len(theirs), "ink_lost": lost, "ink_added": added}
    return result


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(check(*sys.argv[2:5]), ensure_ascii=False), flush=True)
        sys.exit(0)
    # One process per file: easyofd keeps state between documents (a second one in the same process
    # is drawn over with the first one's text).
    from concurrent.futures import ThreadPoolExecutor
    serif, pairs = sys.argv[1], sys.argv[2:]

    def one(pair):
        done = subprocess.run([sys.executable, __file__, "--one", serif, *pair], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else json.dumps({"file": pair[0], "error": done.stderr[-2000:]}) + "\n"

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for output in pool.map(one, list(zip(pairs[0::2], pairs[1::2]))):
            sys.stdout.write(output)
