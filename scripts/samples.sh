#!/usr/bin/env bash
# The main job: install what is missing, prepare the fonts, build, then validate and render every
# sample in Samples/ into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/prepare-fonts.sh
swift build -c release --static-swift-stdlib --product evalsheet 2>&1 | grep -v -- '-pthread' | tail -n 3
bin=.build/release/evalsheet
mkdir -p out
echo "== validating Samples/"
$bin validate Samples
echo "== rendering Samples/ into out/"
for folder in Samples/*/; do
  form=$(basename "$folder")
  $bin render "$folder" -o "out/$form/"
done
echo
echo "Sheets are in $(pwd)/out:"
find out -name '*.pdf' | sort | sed 's/^/  /'
