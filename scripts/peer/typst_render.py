"""Typst's side of the peer benchmark: renders evaluations with scripts/peer/zhongshan.typ.

    python typst_render.py OUTPUT_FOLDER [--processes N] [--inline] EVALUATION...
    python typst_render.py --write-inline FOLDER EVALUATION...     (FOLDER under the repository)

Each of N processes (default 1) takes every N-th evaluation and compiles it with one Compiler that it keeps
for all its sheets, as a long-running Typst service would: Typst's memoisation then reuses whatever did not
change between sheets (fonts, the form, the scoring notes' layout). Paths are relative to the repository,
which is Typst's root, so the template can read Layouts/ and the evaluations.

--inline: Typst at its best for a batch. Each evaluation becomes a .typ of its own with its content written
in as Typst values (the template's `yaml(...)` of the evaluation replaced by a literal, as a Typst user could
also write the sheets), compiled in one process whose memoisation then reuses more between sheets (every
sheet's source is the same template text but one line). The .typ files are written before the clock starts
(see compare.py), so only the compiling is timed.
"""
import multiprocessing
import os
import sys

import typst
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def literal(value):
    """A YAML value as a Typst literal: a mapping as a dictionary, a list as an array, text as a string."""
    if isinstance(value, dict):
        return "(" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + ("," if len(value) == 0 else "") + ")" if value else "(:)"
    if isinstance(value, list):
        return "(" + "".join(literal(v) + ", " for v in value) + ")"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, (int, float)):
        return repr(value)
    # Anything else (a date, which Typst's yaml() reads as text) as its text.
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def inline_sources(evaluations, folder):
    """One .typ per evaluation in `folder` (under the repository, Typst's root), the evaluation written in."""
    template = open(os.path.join(ROOT, "scripts/peer/zhongshan.typ"), encoding="utf-8").read()
    reading = 'yaml(sys.inputs.at("evaluation", default: "/Samples/zhongshan-2020/202008367.yaml"))'
    assert reading in template
    sources = []
    for evaluation in evaluations:
        with open(evaluation, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        path = os.path.join(folder, os.path.splitext(os.path.basename(evaluation))[0] + ".typ")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(template.replace(reading, literal(data)))
        sources.append(path)
    return sources


def render_inline(share, output):
    # One compiler for all the process's sheets, each compiled from its own file (`input` per call): the
    # fonts and the memoised work are kept. A new compiler per sheet (typst.compile) took 7.6 s for 100.
    compiler = typst.Compiler(root=ROOT, font_paths=[os.path.join(ROOT, "Fonts/build")], ignore_system_fonts=True)
    for source in share:
        name = os.path.splitext(os.path.basename(source))[0] + ".pdf"
        compiler.compile(input=source, output=os.path.join(output, name), timestamp=0)


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
    inline = "--inline" in arguments
    if inline:
        arguments.remove("--inline")
    if arguments and arguments[0] == "--write-inline":
        # Before the clock: FOLDER EVALUATION... → one .typ per evaluation, their paths printed.
        os.makedirs(arguments[1], exist_ok=True)
        print("\n".join(inline_sources(arguments[2:], arguments[1])))
        return
    if "--processes" in arguments:
        index = arguments.index("--processes")
        processes = int(arguments[index + 1])
        del arguments[index:index + 2]
    output, evaluations = arguments[0], arguments[1:]
    os.makedirs(output, exist_ok=True)
    work = render_inline if inline else render
    if processes == 1:
        work(evaluations, output)
        return
    workers = [multiprocessing.Process(target=work, args=(evaluations[k::processes], output))
               for k in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            sys.exit(1)


if __name__ == "__main__":
    main()
