"""Writes N copies of an evaluation whose narratives differ, for the peer benchmark (scripts/peer-bench.sh).

Copy i rotates every plain paragraph by a different number of characters (headings in ** stay as they
are), so each sheet breaks its lines anew and no layout can be reused from the previous sheet, and gets a
budget code of its own (the output file's name). Everything else is the reference sheet's content.
    python vary.py EVALUATION.yaml COUNT OUTPUT_FOLDER
"""
import os
import sys

import yaml


def rotated(paragraph, by):
    if paragraph.startswith("**") or len(paragraph) < 2:
        return paragraph
    by %= len(paragraph)
    return paragraph[by:] + paragraph[:by]


def main():
    source, count, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8") as handle:
        evaluation = yaml.safe_load(handle)
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        copy = dict(evaluation)
        copy["header"] = dict(evaluation["header"], code=f"{evaluation['header']['code']}-{i:04d}")
        copy["narrative"] = {
            section: [rotated(p, 7 * i + 13 * j) for j, p in enumerate(paragraphs)]
            for section, paragraphs in evaluation["narrative"].items()
        }
        copy.pop("typed", None)   # the rotated text would not agree with typed figures
        with open(os.path.join(folder, f"sheet-{i:04d}.yaml"), "w", encoding="utf-8") as handle:
            yaml.safe_dump(copy, handle, allow_unicode=True, sort_keys=False, width=100000)


main()
