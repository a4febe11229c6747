"""EvalSheet beside Typst 0.15 on the same varied content, timed alternately in one run (scripts/peer-bench.sh).

    python compare.py EVALSHEET_BINARY FOLDER_OF_EVALUATIONS [--rounds R] [--cold N] [--jobs N]

Three comparisons, each a whole process from start to the last PDF written, as a user would run them:
  - cold single sheet: `evalsheet render` against a Python process compiling one sheet with typst;
  - batch on one core: `evalsheet batch --jobs 1` against one process with one reused compiler;
  - batch on all cores: `evalsheet batch --jobs N` against N such processes, each with every N-th sheet.
Typst's batches are timed in two setups, each printed with its ratio: reading each evaluation's YAML in the
data-driven template (`yaml`), and compiling one generated .typ per sheet with the content written in
(`inline`, written before the clock starts), where Typst's memoisation reuses more: Typst at its best.
The two programs take turns within every round, so that drift of a shared, noisy machine hits both alike.
Prints medians, spreads and the ratios EvalSheet / Typst (below 1: EvalSheet is faster), and the peak
resident memory of each batch (GNU time's maximum resident set size: for Typst in N processes, the largest).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


PEAKS = {}


def timed(command, peak_key=None):
    """Seconds from start to exit; with `peak_key`, also records the run's peak resident memory in MB."""
    report = tempfile.NamedTemporaryFile(delete=False)
    report.close()
    start = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    with open(report.name, encoding="utf-8") as handle:
        kilobytes = int(handle.read().split()[-1])
    os.unlink(report.name)
    if peak_key is not None:
        PEAKS[peak_key] = max(PEAKS.get(peak_key, 0), kilobytes / 1024)
    return seconds


def summary(samples):
    ordered = sorted(samples)
    return (statistics.median(ordered), ordered[0], ordered[-1])


def line(name, evalsheet, typst, unit, scale):
    e, t = summary(evalsheet), summary(typst)
    print(f"{name}: EvalSheet {e[0] * scale:.1f} {unit} (min {e[1] * scale:.1f}, max {e[2] * scale:.1f}), "
          f"Typst {t[0] * scale:.1f} {unit} (min {t[1] * scale:.1f}, max {t[2] * scale:.1f}), "
          f"ratio {e[0] / t[0]:.2f}")
    return e[0] / t[0]


def option(arguments, name, default):
    if name in arguments:
        index = arguments.index(name)
        value = int(arguments[index + 1])
        del arguments[index:index + 2]
        return value
    return default


def main():
    arguments = sys.argv[1:]
    rounds = option(arguments, "--rounds", 3)
    cold_runs = option(arguments, "--cold", 10)
    jobs = option(arguments, "--jobs", os.cpu_count() or 1)
    evalsheet, folder = arguments
    evaluations = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".yaml"))
    python = sys.executable
    typst = [python, os.path.join(HERE, "typst_render.py")]
    scratch = tempfile.mkdtemp(prefix="evalsheet-peer-")
    try:
        single = evaluations[0]
        cold = {"evalsheet": [], "typst": []}
        for _ in range(cold_runs):
            cold["evalsheet"].append(timed([evalsheet, "render", single, "-o", os.path.join(scratch, "one.pdf")]))
            cold["typst"].append(timed(typst + [os.path.join(scratch, "typst-one"), single]))
        sources = subprocess.run(typst + ["--write-inline", os.path.join(HERE, "..", "..", ".cache", "peer-inline")] + evaluations,
                                 check=True, capture_output=True, text=True).stdout.split()
        batches = {(who, n): [] for who in ("evalsheet", "typst", "typst-inline") for n in sorted({1, jobs})}
        for _ in range(rounds):
            for n in sorted({1, jobs}):
                out = os.path.join(scratch, "evalsheet")
                batches[("evalsheet", n)].append(timed(
                    [evalsheet, "batch", folder, "-o", out, "--jobs", str(n), "--formats", "pdf", "--force", "--quiet"],
                    peak_key=("evalsheet", n)))
                shutil.rmtree(out)
                out = os.path.join(scratch, "typst")
                batches[("typst", n)].append(timed(typst + [out, "--processes", str(n)] + evaluations, peak_key=("typst", n)))
                shutil.rmtree(out)
                batches[("typst-inline", n)].append(timed(typst + [out, "--processes", str(n), "--inline"] + sources,
                                                          peak_key=("typst-inline", n)))
                shutil.rmtree(out)
        print(f"peer benchmark: {len(evaluations)} varied copies of the reference sheet, {rounds} rounds, "
              f"{cold_runs} cold runs, {os.cpu_count()} cores")
        line("cold single sheet", cold["evalsheet"], cold["typst"], "ms", 1000)
        for n in sorted({1, jobs}):
            line(f"batch of {len(evaluations)}, {n} job(s), Typst reading YAML", batches[("evalsheet", n)],
                 batches[("typst", n)], "s", 1)
            line(f"batch of {len(evaluations)}, {n} job(s), Typst from inline .typ", batches[("evalsheet", n)],
                 batches[("typst-inline", n)], "s", 1)
        for n in sorted({1, jobs}):
            print(f"peak memory, {n} job(s): EvalSheet {PEAKS[('evalsheet', n)]:.0f} MB (one process, {n} thread(s)), "
                  f"Typst {PEAKS[('typst', n)]:.0f} MB reading YAML, {PEAKS[('typst-inline', n)]:.0f} MB inline "
                  f"(the largest of {n} process(es))")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


main()
