"""Typst's side of the peer benchmark: renders evaluations with scripts/peer/zhongshan.typ.

    python typst_render.py OUTPUT_FOLDER [--processes N] EVALUATION...

Each of N processes (default 1) takes every N-th evaluation and compiles it with one Compiler that it keeps
for all its sheets, as a long-running Typst service would: Typst's memoisation then reuses whatever did not
change between sheets (fonts, the form, the scoring notes' layout). Paths are relative to the repository,
which is Typst's root, so the template can read Layouts/ and the evaluations.
"""
import multiprocessing
import os
import sys

import typst

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def render(share, output):
    compiler = typst.Compiler(os.path.join(ROOT, "scripts/peer/zhongshan.typ"), root=ROOT,
                              font_paths=[os.path.join(ROOT, "Fonts/build")], ignore_system_fonts=True)
    for evaluation in share:
        name = os.path.splitext(os.path.basename(evaluation))[0] + ".pdf"
        relative = "/" + os.path.relpath(os.path.abspath(evaluation), ROOT)
        compiler.compile(output=os.path.join(output, name), sys_inputs={"evaluation": relative},
                         timestamp=0)


def main():
    arguments = sys.argv[1:]
    processes = 1
    if "--processes" in arguments:
        index = arguments.index("--processes")
        processes = int(arguments[index + 1])
        del arguments[index:index + 2]
    output, evaluations = arguments[0], arguments[1:]
    os.makedirs(output, exist_ok=True)
    if processes == 1:
        render(evaluations, output)
        return
    workers = [multiprocessing.Process(target=render, args=(evaluations[k::processes], output))
               for k in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            sys.exit(1)


if __name__ == "__main__":
    main()
