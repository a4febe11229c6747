#!/usr/bin/env bash
# EvalSheet beside Typst 0.15 (typst-py from PyPI) on the same varied content: 100 copies of the reference
# sheet whose paragraphs are rotated differently, set by EvalSheet and by scripts/peer/zhongshan.typ.
# Prints the cold single sheet and the batch on one core and on all cores, with ratios EvalSheet / Typst.
#   scripts/peer-bench.sh [--sheets N] [--rounds R] [--cold N]
set -euo pipefail
cd "$(dirname "$0")/.."
sheets=100
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sheets) sheets=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
python=$(scripts/python-env.sh .cache/peer-venv scripts/peer/requirements.txt)
scripts/deps.sh --bench
scripts/prepare-fonts.sh >/dev/null
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | tail -n 1
content=.cache/peer-$sheets
rm -rf "$content"
"$python" scripts/peer/vary.py Samples/zhongshan-2020/202008367.yaml "$sheets" "$content"
"$python" scripts/peer/compare.py .build/release/evalsheet "$content" "${args[@]}"
