#!/usr/bin/env python3
"""Every malformed input of the corpus through the command line, with time and memory per run.

    corpus_check.py EVALSHEET SEED_YAML

Makes the corpus (Tests/EvalSheetTests/Fixtures/make_corpus.py, plus 10 MB inputs and a ZIP bomb made
here), runs `validate` on evaluations and `import` on spreadsheets, then `render` on all of them at
once. Prints `PASS|FAIL` lines and a last `summary` line; exits 1 if anything failed.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    cli, seed = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="evalsheet-corpus-")
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(ROOT, "Tests/EvalSheetTests/Fixtures/make_corpus.py"), corpus, seed], check=True)
    text = open(seed, encoding="utf-8").read()
    with open(os.path.join(corpus, "huge-string.yaml"), "w", encoding="utf-8") as f:
        f.write(text.replace('    - "**一、项目管理。**"', '    - "' + "长" * 3_500_000 + '"', 1))
    with open(os.path.join(corpus, "huge-line.yaml"), "wb") as f:
        f.write(b"A" * (10 << 20))
    with zipfile.ZipFile(os.path.join(corpus, "zip-bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 << 20))

    names = sorted(os.listdir(corpus))
    crashes, unpositioned, slowest, heaviest, codes = [], [], (0, ""), (0, ""), {}
    valid = []
    for name in names:
        path = os.path.join(corpus, name)
        if name.endswith((".csv", ".xlsx")):
            arguments = [cli, "import", path, "--form", "zhongshan-2020", "-o", os.path.join(work, "imported")]
        else:
            arguments = [cli, "validate", path]
        started = time.monotonic()
        process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        out, err = b"", b""
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            crashes.append(f"{name}: no answer in 60 s")
        seconds = time.monotonic() - started
        code = process.returncode
        codes[code] = codes.get(code, 0) + 1
        text_out = (out + err).decode(errors="replace")
        if code not in (0, 1, 2) or "Fatal error" in text_out or "Program crashed" in text_out:
            crashes.append(f"{name}: exit {code}")
        if code == 0 and not name.endswith((".csv", ".xlsx")):
            valid.append(path)
        if code == 1 and not name.startswith(("huge-", "binary", "utf16", "empty", "only-comment", "zip-bomb")) \
                and not name.endswith((".csv", ".xlsx")) and not re.search(r"\.(yaml|json|csv):\d+:\d+: error", text_out):
            unpositioned.append(name)
        slowest = max(slowest, (seconds, name))
    # Peak memory of the worst input, measured on its own through GNU time.
    for name in ("huge-string.yaml", "huge-line.yaml", "anchors-bomb.yaml", "zip-bomb.xlsx"):
        path = os.path.join(corpus, name)
        if not os.path.exists(path):
            continue
        command = [cli, "import", path, "--form", "zhongshan-2020", "-o", os.path.join(work, "imported")] \
            if name.endswith(".xlsx") else [cli, "validate", path]
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, cwd=ROOT)
        kilobytes = int(result.stderr.decode().strip().splitlines()[-1])
        heaviest = max(heaviest, (kilobytes / 1024, name))

    ok = not crashes
    print(f"{'PASS' if ok else 'FAIL'} corpus: {len(names)} inputs; exit codes "
          + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())) + f"; crashes or hangs: {len(crashes)} {crashes[:3]}")
    print(f"{'PASS' if not unpositioned else 'FAIL'} positions: every rejected evaluation with a line and column, "
          f"except whole-file problems; missing in {unpositioned[:5]}")
    if unpositioned:
        ok = False
    print(f"PASS bounds: slowest {slowest[0] * 1000:.0f} ms ({slowest[1]}), heaviest {heaviest[0]:.0f} MB ({heaviest[1]})")

    # Render everything at once: only whole PDFs, for the valid inputs; nothing temporary.
    out = os.path.join(work, "rendered")
    os.makedirs(out)
    evaluations = [os.path.join(corpus, n) for n in names if n.endswith((".yaml", ".json"))]
    code = subprocess.run([cli, "render", *evaluations, "-o", out], capture_output=True, cwd=ROOT).returncode
    files = os.listdir(out)
    damaged = [f for f in files if not f.endswith(".pdf")
               or subprocess.run(["qpdf", "--check", os.path.join(out, f)], capture_output=True).returncode != 0]
    render_ok = code == 1 and not damaged and len(files) <= len(valid)
    print(f"{'PASS' if render_ok else 'FAIL'} render: {len(evaluations)} inputs in one run, exit {code}, "
          f"{len(files)} whole PDFs (for {len(valid)} valid inputs), {len(damaged)} partial or temporary files")
    ok = ok and render_ok
    print(f"summary corpus: {len(names)} malformed inputs, {len(crashes)} crashes or hangs, "
          f"slowest {slowest[0]:.2f} s, heaviest {heaviest[0]:.0f} MB, exit codes "
          + "/".join(f"{c}×{n}" for c, n in sorted(codes.items())))
    subprocess.run(["rm", "-rf", work])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
