#!/usr/bin/env python3
"""Which of valgrind's definite losses grow with the number of renders.

    leak_growth.py FEW.log MANY.log EXTRA_RENDERS

Reads two memcheck logs of the same program run FEW and FEW + EXTRA_RENDERS times, groups the
"definitely lost" records by their allocation stack, and compares the blocks lost per stack. A stack
that loses a block per render loses EXTRA_RENDERS more blocks in the longer run; the set-up losses of
fontconfig and Pango differ by a block or two between identical runs (which thread loads a font first).
Comparing the total bytes instead could not tell the two apart: one leaked 50-byte string per render
(ZIPFoundation's path, 1,013 bytes over 20 renders) hid inside that noise until a run's noise added
1,545 bytes more. Prints one line; exits 1 if a stack grew by half the extra renders or more.
"""
import re
import sys

RECORD = re.compile(r"==\d+== ([\d,]+)(?: \(([\d,]+) direct, [\d,]+ indirect\))? bytes in ([\d,]+) blocks are definitely lost"
                    r"[^\n]*\n((?:==\d+==\s+(?:at|by) [^\n]*\n)+)")
FRAME = re.compile(r"(?:at|by) 0x[0-9A-F]+: (.*)")


def losses(path):
    """{stack: (bytes lost directly, blocks)}, a stack being its frames without addresses."""
    result = {}
    for size, direct, blocks, frames in RECORD.findall(open(path, encoding="utf-8", errors="replace").read()):
        stack = tuple(FRAME.search(line).group(1) for line in frames.strip().split("\n"))
        before = result.get(stack, (0, 0))
        result[stack] = (before[0] + int((direct or size).replace(",", "")), before[1] + int(blocks.replace(",", "")))
    return result


def main():
    few, many, extra = losses(sys.argv[1]), losses(sys.argv[2]), int(sys.argv[3])
    total = lambda runs: sum(size for size, _ in runs.values())
    growing = []
    for stack, (size, blocks) in many.items():
        grown = blocks - few.get(stack, (0, 0))[1]
        if grown * 2 >= extra:
            caller = next((frame for frame in stack if "EvalSheet" in frame or "evalsheet" in frame), stack[-1])
            growing.append(f"{grown} more blocks lost ({size} bytes) from {stack[1][:60]} via {caller[:90]}")
    print(f"definitely lost {total(few)} and {total(many)} bytes; "
          + ("; ".join(growing) if growing else f"no allocation stack loses more blocks with {extra} more renders"))
    sys.exit(1 if growing else 0)


if __name__ == "__main__":
    main()
