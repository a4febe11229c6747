#!/usr/bin/env bash
# Every reliability check: malformed inputs, fuzzing, leaks, killed batches, a full disk, unwritable
# folders, broken fonts, and the preview server under load and attack. Writes a table of what was
# tried and what held.
#   scripts/reliability.sh            long versions; writes docs/reliability.md
#   scripts/reliability.sh --short    short versions (CI); writes out/reliability.md
# Exits 1 if any check failed. Needs what scripts/test.sh installs, plus valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=long
invocation="scripts/reliability.sh${1:+ $1}"
[ "${1:-}" = "--short" ] && mode=short
# The checks read the program's messages in English, whatever the machine's locale (docs/messages.md).
export LC_ALL=C.UTF-8

if [ "$mode" = short ]; then
  fuzz_seconds=45 form_mutations=300 soak=300 leak_runs="2 22" kills=3 kill_sheets=300 load_seconds=5 slow=50 idle=3 report=out/reliability.md
else
  fuzz_seconds=600 form_mutations=2000 soak=2000 leak_runs="5 105" kills=10 kill_sheets=1000 load_seconds=30 slow=200 idle=5 report=docs/reliability.md
fi

scripts/deps.sh --test
scripts/prepare-fonts.sh >/dev/null
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | grep -v mktemp | tail -n 1
bin=.build/release
cli=$bin/evalsheet
work=$(mktemp -d)
chmod 755 "$work"   # the unwritable-folder check runs a command as nobody in here
trap 'umount "$work/small" 2>/dev/null || true; rm -rf "$work"' EXIT
rows=$work/rows
failed=0
# row AREA TRIED HELD RESULT
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >> "$rows"; echo "[$4] $1: $3"; [ "$4" = ok ] || failed=1; }
last() { grep '^summary' "$1" | tail -n 1 | cut -d: -f2- | sed 's/^ //'; }

# 1. Malformed inputs.
if python3 scripts/reliability/corpus_check.py "$cli" Samples/zhongshan-2020/202008367.yaml > "$work/corpus" 2>&1; then r=ok; else r=FAILED; fi
row "Bad input" "make_corpus.py (truncated YAML, wrong types, NaN, huge numbers, negative weights, cycles and duplicate ids, invalid UTF-8, BOMs, deep nesting, alias bombs, unknown fields, empty and binary files, ragged CSV) plus 10 MB strings and a 200 MB ZIP bomb, through validate, import and render" \
  "$(last "$work/corpus"); every rejection positioned; render wrote only whole PDFs" $r

# 1b. Malformed forms: mutations of every shipped form.yaml and style.yaml through validate and render.
if python3 scripts/reliability/form_corpus.py "$cli" "$form_mutations" > "$work/forms" 2>&1; then r=ok; else r=FAILED; grep '^FAIL' "$work/forms" | head -n 20; fi
row "Bad forms" "form_corpus.py: $form_mutations mutations of each shipped form (a line or list item written twice, a line deleted, swapped or mis-indented, a number or word changed, a value emptied, the file cut short, stray bytes; a third of them in style.yaml), each through validate and, when valid, render" \
  "$(last "$work/forms")" $r

# 2. Fuzzing.
if scripts/fuzz.sh "$fuzz_seconds" > "$work/fuzz" 2>&1; then r=ok; else r=FAILED; fi
row "Fuzzing" "libFuzzer + AddressSanitizer, $fuzz_seconds s over the evaluation, form, style, CSV, XLSX and sheet-text readers (scripts/fuzz.sh)" \
  "$(grep '^fuzz:' "$work/fuzz" | tail -n 1 | cut -d: -f2- | sed 's/^ //')" $r

# 3. Leaks: resident memory over many renders in one process, and valgrind's definite losses at two counts.
$bin/evalsheet-bench --iterations "$soak" --cold 0 --rss-every 100 > "$work/soak"
first=$(grep '^renders 200:' "$work/soak" | grep -o '[0-9.]* MB' | grep -o '[0-9.]*')
final=$(grep '^renders' "$work/soak" | tail -n 1 | grep -o '[0-9.]* MB' | grep -o '[0-9.]*')
total=$(grep '^renders' "$work/soak" | tail -n 1 | grep -o '^renders [0-9]*' | grep -o '[0-9]*')
if awk -v a="$first" -v b="$final" 'BEGIN { exit !(b - a < 3) }'; then r=ok; else r=FAILED; fi
row "Leaks: flat memory" "$total renders of the reference sheet in one process (evalsheet-bench --rss-every 100)" \
  "resident $first MB after 200 renders, $final MB after $total" $r
# valgrind cannot read the DWARF 5 of Swift binaries: a copy without debug information is checked.
objcopy --strip-debug $bin/evalsheet-bench "$work/bench"
for n in $leak_runs; do
  valgrind --leak-check=full "$work/bench" --iterations "$n" --cold 0 > /dev/null 2> "$work/valgrind-$n" || true
done
set -- $leak_runs
# Loss records compared stack by stack (scripts/reliability/leak_growth.py): one object lost per render
# grows its stack's block count with the renders, where the set-up losses stay within a block or two.
if python3 scripts/reliability/leak_growth.py "$work/valgrind-$1" "$work/valgrind-$2" $(( $2 - $1 )) > "$work/leak-growth"; then r=ok; else r=FAILED; fi
row "Leaks: valgrind" "memcheck over $(( $1 + 10 )) and $(( $2 + 10 )) renders in one process" \
  "$(cat "$work/leak-growth") (the losses are fontconfig's and Pango's set-up)" $r

# 4. Batch killed with SIGKILL at random moments, then resumed.
$cli sample --count "$kill_sheets" --seed 8 -o "$work/year" > /dev/null
out=$work/killed
damaged=0; finished=0
for round in $(seq "$kills"); do
  $cli batch "$work/year" -o "$out" --jobs 2 --formats pdf --quiet > /dev/null 2>&1 &
  pid=$!
  # Killed once a random number of further sheets are done, whatever the machine's speed.
  target=$(( finished + 5 + RANDOM % 60 ))
  while kill -0 $pid 2>/dev/null && [ "$(ls "$out" 2>/dev/null | grep -c '\.pdf$')" -lt "$target" ]; do sleep 0.01; done
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  for pdf in "$out"/*.pdf; do
    [ -e "$pdf" ] || continue
    qpdf --check "$pdf" > /dev/null 2>&1 || damaged=$((damaged + 1))
  done
  finished=$(ls "$out" | grep -c '\.pdf$' || true)
done
resume=$($cli batch "$work/year" -o "$out" --jobs 2 --formats pdf | grep -o '[0-9]* rendered, [0-9]* skipped')
whole=$(ls "$out"/*.pdf | wc -l)
leftovers=$(ls -a "$out" | grep -c '\.tmp$' || true)
if [ "$damaged" -eq 0 ] && [ "$whole" -eq "$kill_sheets" ] && [ "$leftovers" -eq 0 ]; then r=ok; else r=FAILED; fi
row "Batch killed (SIGKILL)" "$kills kills of a $kill_sheets-sheet batch, each after a random 5–64 more sheets were done, qpdf --check on every PDF after each" \
  "$damaged damaged PDFs; $finished finished before the last kill; the next run: $resume; $whole whole PDFs, $leftovers temporary files" $r

# 5. A full disk: a 1 MB tmpfs when this user may mount one, else a file-size limit (EFBIG, as ENOSPC).
mkdir -p "$work/small"
if mount -t tmpfs -o size=1m tmpfs "$work/small" 2>/dev/null; then
  how="a 1 MB tmpfs"; runner=(env)
else
  how="a file-size limit of 1 MB (no permission to mount)"; runner=(sh -c 'trap "" XFSZ; ulimit -f 2048; exec "$@"' sh)
fi
set +e
"${runner[@]}" $cli batch "$work/year" -o "$work/small/out" --jobs 2 --formats pdf > "$work/full" 2>&1
code=$?
set -e
written=$(ls "$work/small/out"/*.pdf 2>/dev/null | wc -l)
bad=0
for pdf in "$work/small/out"/*.pdf; do [ -e "$pdf" ] && { qpdf --check "$pdf" > /dev/null 2>&1 || bad=$((bad + 1)); }; done
partial=$(ls -a "$work/small/out" | grep -c '\.tmp$' || true)
message=$(grep -o -m 1 'writing the PDF failed ([^)]*)' "$work/full" || echo "no message")
if [ "$code" -eq 1 ] && [ "$written" -gt 0 ] && [ "$bad" -eq 0 ] && [ "$partial" -eq 0 ] && [ "$message" != "no message" ]; then r=ok; else r=FAILED; fi
row "Full disk" "a $kill_sheets-sheet batch into $how" \
  "exit $code, \"$message\" for the sheets that did not fit; $written whole PDFs written, $bad damaged, $partial partial files" $r
umount "$work/small" 2>/dev/null || true

# 6. Unwritable output: a folder inside a file, and (as root) a read-only folder for an ordinary user.
touch "$work/a-file"
set +e
$cli render Samples/zhongshan-2020/202008367.yaml -o "$work/a-file/out.pdf" > /dev/null 2> "$work/unwritable"
code=$?
set -e
detail="render into a folder that is a file: exit $code, \"$(head -c 120 "$work/unwritable")\""
ok=$([ "$code" -eq 1 ] && echo yes || echo no)
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
  mkdir -m 555 "$work/readonly"
  set +e
  setpriv --reuid=nobody --regid=nogroup --clear-groups $cli batch Samples/zhongshan-2020 -o "$work/readonly" --formats pdf --layouts "$PWD/Layouts" --fonts "$PWD/Fonts/build" > "$work/ro" 2>&1
  code=$?
  set -e
  detail="$detail; a batch as an ordinary user into a read-only folder: exit $code, \"$(grep -o -m 1 'the folder is not writable.*' "$work/ro" || echo no message)\", $(ls -A "$work/readonly" | wc -l) files"
  [ "$code" -eq 1 ] && grep -q 'not writable' "$work/ro" || ok=no
fi
row "Unwritable output" "render and batch into folders that cannot be written" "$detail" "$([ $ok = yes ] && echo ok || echo FAILED)"

# 7. Fonts: none, and files that are not fonts.
mkdir -p "$work/nofonts" "$work/badfonts/build"
cp Fonts/fonts.conf "$work/badfonts/"
for f in NotoSerifCJKsc-Regular NotoSerifCJKsc-Bold NotoSansCJKsc-Regular NotoSansCJKsc-Bold HanaMinB; do echo "not a font" > "$work/badfonts/build/$f.ttf"; done
set +e
$cli render Samples/zhongshan-2020/202008367.yaml -o "$work/f1.pdf" --fonts "$work/nofonts" > /dev/null 2> "$work/font1"; c1=$?
$cli render Samples/zhongshan-2020/202008367.yaml -o "$work/f2.pdf" --fonts "$work/badfonts/build" > /dev/null 2> "$work/font2"; c2=$?
set -e
if [ $c1 -ne 0 ] && [ $c2 -ne 0 ] && [ ! -e "$work/f1.pdf" ] && [ ! -e "$work/f2.pdf" ]; then r=ok; else r=FAILED; fi
row "Fonts missing or broken" "an empty font folder; font files that are not fonts" \
  "exit $c1: \"$(head -c 110 "$work/font1" | tr '\n' ' ')\"; exit $c2: \"$(head -c 110 "$work/font2" | tr '\n' ' ')\"; no PDF written" $r

# 8. The preview under load, and under attack.
if python3 scripts/reliability/preview_probe.py load "$cli" Samples/zhongshan-2020 --seconds "$load_seconds" --clients 20 > "$work/load" 2>&1; then r=ok; else r=FAILED; fi
row "Preview under load" "20 concurrent clients for $load_seconds s on loopback: index, sheets and PDFs in turn" "$(last "$work/load")" $r
if python3 scripts/reliability/preview_probe.py attack "$cli" Samples/zhongshan-2020 --slow "$slow" --idle "$idle" > "$work/attack" 2>&1; then r=ok; else r=FAILED; fi
row "Preview under attack" "$(last "$work/attack")" \
  "$(grep -E '^(PASS|FAIL)' "$work/attack" | sed -E 's/^(PASS|FAIL) //' | paste -sd '\t' | sed 's/\t/ · /g; s/|/\\|/g')" $r

mkdir -p "$(dirname "$report")"
{
  echo "# Reliability"
  echo
  echo "Produced by \`$invocation\` ($mode versions) on $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD)."
  echo "Re-run it to check every figure; \`--short\` is what CI runs."
  echo
  echo "| area | what was tried | what held | result |"
  echo "|---|---|---|---|"
  cat "$rows"
} > "$report"
echo "written: $report"
exit $failed
