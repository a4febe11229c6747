"""Prints DOCX files with LibreOffice (headless), as a Word user's machine would paginate them, and reads
the PDFs back with poppler: for each file, its pages with every word and its box (pdftotext -bbox) and the
number of pictures on it (pdfimages -list), as JSON.

LibreOffice is given EvalSheet's font configuration (Fonts/fonts.conf: 宋体, 黑体, 仿宋 … mapped to the
prepared Noto faces); without it, it substitutes a Japanese sans face for 宋体 and the pages drift.
Usage: docx_print.py FONTS_DIR OUT_DIR FILE.docx...
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile


def main(fonts, out, files):
    work = tempfile.mkdtemp(prefix="evalsheet-lo-")
    template = open(os.path.join(os.path.dirname(fonts), "fonts.conf"), encoding="utf-8").read()
    config = os.path.join(work, "fonts.conf")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(template.replace("@FONTDIR@", fonts).replace("@CACHEDIR@", os.path.join(work, "cache")))
    environment = dict(os.environ, FONTCONFIG_FILE=config, HOME=work)
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + work + "/profile",
                    "--convert-to", "pdf", "--outdir", out] + files,
                   check=True, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    result = {}
    for path in files:
        pdf = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        bbox = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True,
                              text=True).stdout
        pages = []
        for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
            words = [{"x0": float(m[0]), "y0": float(m[1]), "x1": float(m[2]), "y1": float(m[3]), "text": html.unescape(m[4])}
                     for m in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                                         page[3])]
            pages.append({"width": float(page[1]), "height": float(page[2]), "words": words, "images": 0})
        # Pictures per page (a seal, a signature), as poppler lists them (soft masks aside).
        listed = subprocess.run(["pdfimages", "-list", pdf], check=True, capture_output=True, text=True).stdout
        for line in listed.splitlines()[2:]:
            fields = line.split()
            if len(fields) > 2 and fields[2] == "image" and int(fields[0]) <= len(pages):
                pages[int(fields[0]) - 1]["images"] += 1
        result[path] = {"pdf": pdf, "pages": pages}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
