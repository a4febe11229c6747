#!/usr/bin/env python3
"""Mutations of every shipped form through `validate` and `render`: no crash, no hang, an error at a line.

    form_corpus.py EVALSHEET COUNT [SEED]      (FORM_CORPUS_KEEP=DIR keeps the forms that failed)

For each form in Layouts/ (form.yaml and style.yaml), makes COUNT mutated copies of the kind a person
editing a form makes by mistake, or a damaged file shows: a line written twice (the commonest slip), a
list item written twice, a line deleted, two lines swapped, a line indented wrongly, a number or word
changed, a value emptied, the file cut short, stray bytes. Each copy is checked with `validate` on the
form's first sample and, when that passes, rendered to PDF (a duplicated sign-off once passed `validate`
and stopped `render` with SIGILL). Prints `FAIL` lines and a last `summary` line; exits 1 on any crash,
hang, or error without a position.
"""
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POSITION = re.compile(r"\.(yaml|yml):\d+:\d+")


def list_item(lines, rng):
    """The lines of one list item (`- ` and what is indented under it)."""
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("- ")]
    if not starts:
        return None
    start = rng.choice(starts)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return start, end


def mutate(text, rng):
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    kind = rng.choice(["duplicate line", "duplicate line", "duplicate item", "delete line", "swap lines", "indent",
                       "number", "word", "empty value", "truncate", "bytes"])
    i = rng.choice(content)
    if kind == "duplicate line":
        lines.insert(i + 1, lines[i])
    elif kind == "duplicate item":
        span = list_item(lines, rng)
        if span:
            lines[span[1]:span[1]] = lines[span[0]:span[1]]
    elif kind == "delete line":
        del lines[i]
    elif kind == "swap lines" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "indent":
        lines[i] = (" " * rng.choice([1, 2, 4]) + lines[i]) if rng.random() < 0.5 else lines[i][min(2, len(lines[i]) - len(lines[i].lstrip())):]
    elif kind == "number":
        numbers = [j for j in content if re.search(r"\d", lines[j])]
        if numbers:
            j = rng.choice(numbers)
            lines[j] = re.sub(r"\d+(\.\d+)?", lambda _: rng.choice(["0", "-5", "1e9", "999999999999999999999", "0.001", "x", "NaN", "3.5"]), lines[j], count=1)
    elif kind == "word":
        j = rng.choice(content)
        lines[j] = re.sub(r"(:\s*)(\S.*)$", lambda m: m.group(1) + rng.choice(["true", "~", "[]", "{}", "text", "'", "- a", "{x: 1}"]), lines[j], count=1)
    elif kind == "empty value":
        lines[i] = re.sub(r":\s+\S.*$", ":", lines[i])
    elif kind == "truncate":
        return "\n".join(lines)[: rng.randrange(len(text))], kind
    else:
        cut = rng.randrange(len(text))
        return text[:cut] + rng.choice(["\t", "\x00", "}", "]", "&a", "*a", ": :", "\ufeff", "- - -"]) + text[cut:], kind
    return "\n".join(lines), kind


def check(job):
    cli, layouts, sample, form, name, kind, work = job
    started = time.monotonic()
    outcome = {"name": name, "kind": kind, "codes": [], "problem": None, "seconds": 0.0}
    for command in (["validate", "--layouts", layouts, sample],
                    ["render", "--layouts", layouts, sample, "-o", os.path.join(work, "sheet.pdf")]):
        try:
            run = subprocess.run([cli] + command, capture_output=True, timeout=60, cwd=ROOT)
        except subprocess.TimeoutExpired:
            outcome["problem"] = f"{command[0]}: no answer in 60 s"
            break
        text = (run.stdout + run.stderr).decode(errors="replace")
        outcome["codes"].append(run.returncode)
        if run.returncode not in (0, 1) or "Fatal error" in text or "Program crashed" in text:
            outcome["problem"] = f"{command[0]}: exit {run.returncode}: {text.strip()[-300:]}"
            break
        if run.returncode == 1:
            if not POSITION.search(text):
                outcome["problem"] = f"{command[0]}: an error without a position: {text.strip()[:300]}"
            break
    outcome["seconds"] = time.monotonic() - started
    keep = os.environ.get("FORM_CORPUS_KEEP")
    if keep and outcome["problem"]:
        shutil.copytree(work, os.path.join(keep, outcome["name"].replace("/", "-").replace("#", "-")), dirs_exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    return outcome


def main():
    cli, count = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 29)
    work = tempfile.mkdtemp(prefix="evalsheet-forms-")
    jobs = []
    forms = sorted(f for f in os.listdir(os.path.join(ROOT, "Layouts")) if os.path.isfile(os.path.join(ROOT, "Layouts", f, "form.yaml")))
    for form in forms:
        samples = sorted(os.path.join(ROOT, "Samples", form, f) for f in os.listdir(os.path.join(ROOT, "Samples", form)) if f.endswith(".yaml"))
        for n in range(count):
            target = "form.yaml" if n % 3 else "style.yaml"
            original = open(os.path.join(ROOT, "Layouts", form, target), encoding="utf-8").read()
            text, kind = mutate(original, rng)
            if text == original:
                continue
            layouts = os.path.join(work, f"{form}-{n}")
            shutil.copytree(os.path.join(ROOT, "Layouts", form), os.path.join(layouts, form))
            with open(os.path.join(layouts, form, target), "w", encoding="utf-8", errors="surrogatepass") as f:
                f.write(text)
            jobs.append((cli, layouts, samples[0], form, f"{form}/{target}#{n}", kind, layouts))
    crashes, unpositioned, codes, slowest = [], [], {}, (0.0, "")
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for outcome in pool.map(check, jobs):
            last = outcome["codes"][-1] if outcome["codes"] else None
            codes[last] = codes.get(last, 0) + 1
            slowest = max(slowest, (outcome["seconds"], outcome["name"]))
            if outcome["problem"]:
                (unpositioned if "without a position" in outcome["problem"] else crashes).append(f'{outcome["name"]} ({outcome["kind"]}): {outcome["problem"]}')
    shutil.rmtree(work, ignore_errors=True)
    for line in crashes + unpositioned:
        print("FAIL " + line)
    rejected = codes.get(1, 0)
    print(f"summary: {len(jobs)} mutated forms ({', '.join(forms)}), {len(crashes)} crashes or hangs, "
          f"{rejected} rejected ({rejected - len(unpositioned)} at a line, {len(unpositioned)} without), "
          f"{codes.get(0, 0)} still valid and rendered, slowest {slowest[0]:.2f} s")
    sys.exit(1 if crashes or unpositioned else 0)


if __name__ == "__main__":
    main()
