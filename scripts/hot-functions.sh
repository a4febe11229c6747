#!/usr/bin/env bash
# Writes Build/hot-functions.txt: the functions of the release executable that rendering runs (a sheet of each
# shipped form to PDF, HTML, DOCX and OFD, and a batch of generated sheets), hottest first, as callgrind counts
# them. The release build links them first (Package.swift), so that a process touches few pages of code: a
# batch job's resident code went from 13.9 to 9.3 MB. Run it after large changes: names that no longer exist are
# ignored by the linker, and new functions are merely left where they are.
#   scripts/hot-functions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || scripts/deps.sh --test
scripts/prepare-fonts.sh >/dev/null
swift build -c release --static-swift-stdlib --product evalsheet 2>&1 | grep -v -- '-pthread' | tail -n 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read the DWARF 5 of Swift binaries: a copy without debug information runs.
cp .build/release/evalsheet "$work/evalsheet"
strip -g "$work/evalsheet"
bin=$work/evalsheet
run() {
  local name=$1; shift
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/callgrind.$name" "$bin" "$@" > /dev/null 2>&1
}
"$bin" sample --count 20 --seed 4 -o "$work/year" > /dev/null
run batch batch "$work/year" -o "$work/out" --jobs 1 --formats pdf --quiet
for form in Samples/*/; do
  sample=$(ls "$form"*.yaml | head -n 1)
  name=$(basename "$form")
  for format in pdf html docx ofd; do run "$name-$format" render "$sample" --format "$format" -o "$work/$name.$format"; done
done
mkdir -p Build
python3 scripts/hot_functions.py "$work"/callgrind.* > Build/hot-functions.txt
echo "Build/hot-functions.txt: $(wc -l < Build/hot-functions.txt) functions"
# SwiftPM does not know the linker reads this file: link again with it.
rm -f .build/release/evalsheet .build/release/evalsheet-bench
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | tail -n 1
