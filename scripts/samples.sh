#!/usr/bin/env bash
# The main job: install what is missing, prepare the fonts, build, then validate and render every
# sample in Samples/ into out/ (PDF, DOCX for Word and WPS, OFD for archives).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase's time, so that a slow first run says where it went.
phase_start=$SECONDS
phase() { echo "== $1: $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }
scripts/deps.sh
phase "packages"
scripts/prepare-fonts.sh
phase "fonts (converted once per machine, then linked from the per-user cache)"
swift build -c release --static-swift-stdlib --product evalsheet 2>&1 | grep -v -- '-pthread' | tail -n 3
phase "build"
bin=.build/release/evalsheet
mkdir -p out
echo "== validating Samples/"
$bin validate Samples
echo "== rendering Samples/ into out/"
for folder in Samples/*/; do
  form=$(basename "$folder")
  $bin render "$folder" -o "out/$form/"
  $bin render "$folder" -o "out/$form/" --format docx
  $bin render "$folder" -o "out/$form/" --format ofd
done
phase "validating and rendering"
echo
echo "Sheets are in $(pwd)/out (PDF to print, DOCX to edit in Word or WPS, OFD for archives):"
find out -name '*.pdf' -o -name '*.docx' -o -name '*.ofd' | sort | sed 's/^/  /'
