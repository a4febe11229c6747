#!/usr/bin/env bash
# Builds in release mode and benchmarks: the reference sheet (cold, steady state, size, memory), then a
# batch of generated sheets at --jobs 1 and --jobs 2 (sheets per second, peak memory).
#   scripts/bench.sh [--iterations N] [--cold N] [--batch N]
set -euo pipefail
cd "$(dirname "$0")/.."
batch=1000
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --batch) batch=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
scripts/deps.sh --bench
scripts/prepare-fonts.sh >/dev/null
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | tail -n 1
.build/release/evalsheet-bench "${args[@]}"

bin=.build/release/evalsheet
year=.cache/bench-year-$batch
[ -d "$year" ] || $bin sample --count "$batch" --seed 2020 -o "$year" >/dev/null
out=$(mktemp -d)
for jobs in 1 2; do
  /usr/bin/time -f "%e %M" -o "$out/time" $bin batch "$year" -o "$out/run" --jobs "$jobs" --formats pdf --force --quiet >/dev/null
  read -r seconds kilobytes < "$out/time"
  pages=$(cat "$out"/run/*.pdf | grep -ac "/Type /Page$" || true)
  awk -v n="$batch" -v s="$seconds" -v k="$kilobytes" -v j="$jobs" 'BEGIN {
    printf "batch of %d generated sheets, --jobs %d: %.1f s, %.1f sheets/s, peak memory %.0f MB\n", n, j, s, n / s, k / 1024 }'
done
rm -rf "$out"
