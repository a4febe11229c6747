#!/usr/bin/env bash
# A batch's memory over its run: N generated sheets rendered to PDF by the release build, the process's
# resident memory sampled every 0.2 s. Prints it at each tenth of the sheets done, so that growth with the
# number of sheets shows apart from the renderers' fixed cost, then the peak of the whole run (GNU time's
# maximum resident set) and that of writing the summary alone (`--summary-only`).
#   scripts/batch-memory.sh [--sheets N] [--jobs J]    (defaults: 3000 sheets, 2 jobs)
set -euo pipefail
cd "$(dirname "$0")/.."
sheets=3000 jobs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --sheets) sheets=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    *) echo "usage: scripts/batch-memory.sh [--sheets N] [--jobs J]" >&2; exit 2 ;;
  esac
done
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | grep -v mktemp | tail -n 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/evalsheet sample --count "$sheets" --seed 17 -o "$work/in" > /dev/null
/usr/bin/time -f %M -o "$work/peak" .build/release/evalsheet batch "$work/in" -o "$work/out" --jobs "$jobs" --formats pdf --quiet > "$work/log" 2>&1 &
timer=$!
pid=
while [ -z "$pid" ] && kill -0 $timer 2>/dev/null; do pid=$(pgrep -P $timer || true); sleep 0.05; done
step=$(( sheets / 10 )); next=$step; start=$(date +%s.%N)
while [ -n "$pid" ] && kill -0 $pid 2>/dev/null; do
  rss=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status 2>/dev/null || true)
  done_count=$( (find "$work/out" -maxdepth 1 -name "*.pdf" 2>/dev/null || true) | wc -l)
  if [ -n "$rss" ] && [ "$done_count" -ge "$next" ] && [ "$next" -le "$sheets" ]; then
    awk -v n="$done_count" -v r="$rss" -v t="$(date +%s.%N)" -v s="$start" 'BEGIN { printf "sheets %6d: resident %6.1f MB at %5.1f s\n", n, r / 1024, t - s }'
    next=$(( (done_count / step + 1) * step ))
  fi
  sleep 0.2
done
wait $timer || { cat "$work/log"; exit 1; }
awk -v p="$(tail -n 1 "$work/peak")" -v l="$(grep rendered "$work/log" || true)" 'BEGIN { printf "peak of the run: %.1f MB; %s\n", p / 1024, l }'
/usr/bin/time -f %M -o "$work/peak" .build/release/evalsheet batch "$work/in" -o "$work/out" --summary-only --quiet > /dev/null
awk -v p="$(tail -n 1 "$work/peak")" 'BEGIN { printf "peak of --summary-only: %.1f MB\n", p / 1024 }'
