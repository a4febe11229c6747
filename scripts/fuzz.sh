#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader of untrusted input (evaluation YAML, form.yaml, style.yaml, CSV,
# XLSX, sheet text) with libFuzzer and AddressSanitizer, for a bounded time.
#   scripts/fuzz.sh [SECONDS]      (default 600; CI runs a short one)
# First replays the crash reproducers kept in Tests/EvalSheetTests/Fixtures/fuzz-crashes/ (each must now
# pass); a new crash is copied there, printed, and the script exits 1. The working corpus grows in
# .cache/fuzz-corpus between runs. The last line is a summary for scripts/reliability.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
crashes=Tests/EvalSheetTests/Fixtures/fuzz-crashes
corpus=.cache/fuzz-corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$crashes" "$corpus"

# gold cannot link a -sanitize=fuzzer build; Package.swift links this target with lld.
swift build --build-path .build-fuzz -c release --product evalsheet-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address -Xswiftc -DFUZZING \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table 2>&1 | grep -E "error|Compiling|Build" | tail -n 2
fuzzer=.build-fuzz/release/evalsheet-fuzz
export EVALSHEET_LAYOUTS=$PWD/Layouts
# Leaks that are not ours: Foundation's 4 KB buffer for reading an empty file, the 36-byte path that
# ZIPFoundation gets from FileManager.fileSystemRepresentation and never frees (once per workbook read; the
# packages EvalSheet writes are built in memory, so no render leaks it), and FoundationXML's error
# objects for malformed XML.
printf 'leak:%s\n' readBytesFromFile makeBackingConfiguration _CFErrorCreateFromXMLInterface > "$work/lsan.supp"
export LSAN_OPTIONS="suppressions=$work/lsan.supp"

if compgen -G "$crashes/*" >/dev/null; then
  "$fuzzer" -runs=0 "$crashes"/* >/dev/null 2>&1 || { echo "a kept crash input crashes again"; exit 1; }
fi

# Seeds: one byte naming the reader (see FuzzTarget.readers), then a valid input of that kind.
seed() { { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$corpus/seed-$1-$(basename "$2")"; }
for file in Samples/*/*.yaml; do seed 0 "$file"; done
for file in Layouts/*/form.yaml; do seed 1 "$file"; done
for file in Layouts/*/style.yaml; do seed 5 "$file"; done
cli=.build/debug/evalsheet
[ -x "$cli" ] || swift build --product evalsheet 2>&1 | tail -n 1
for form in Samples/*/; do
  name=$(basename "$form")
  "$cli" export "$form" -o "$work/$name.csv" >/dev/null && seed 2 "$work/$name.csv"
  "$cli" export "$form" -o "$work/$name.xlsx" >/dev/null && seed 3 "$work/$name.xlsx"
done
seed 4 Tests/EvalSheetTests/Fixtures/reference-sheet.txt

set +e
trap 'cp "$work/log" .cache/fuzz-last.log 2>/dev/null; rm -rf "$work"' EXIT
"$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=200000 \
  -artifact_prefix="$work/" -print_final_stats=1 > "$work/log" 2>&1
status=$?
set -e
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo 0)
coverage=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1 | grep -o '[0-9]*' || echo 0)
found=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
  tail -n 40 "$work/log"
  for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$artifact" ] && cp "$artifact" "$crashes/" && echo "kept $crashes/$(basename "$artifact")"
  done
  echo "fuzz: FAILED after $runs inputs ($seconds s)"
  exit 1
fi
echo "fuzz: $runs inputs in $seconds s, $(ls "$corpus" | wc -l) in the corpus, $coverage coverage points, 0 crashes, 0 leaks, 0 timeouts"
