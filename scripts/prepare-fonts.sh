#!/usr/bin/env bash
# Converts Debian's Noto CJK SC faces to TrueType outlines into Fonts/build/ (see Fonts/prepare.py).
# Cached: a face is redone only when its source font, the pinned fontTools version or prepare.py changes.
set -euo pipefail
cd "$(dirname "$0")/.."
FONTTOOLS_VERSION=4.68.0
SRC=${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}
OUT=Fonts/build
mkdir -p "$OUT"
PYTHON=$(scripts/python-env.sh)
"$PYTHON" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" \
  || { echo "prepare-fonts: fontTools $FONTTOOLS_VERSION expected (scripts/requirements.txt)" >&2; exit 1; }

pids=()
for face in NotoSerifCJK-Regular NotoSerifCJK-Bold NotoSansCJK-Regular NotoSansCJK-Bold; do
  source="$SRC/$face.ttc"
  [ -f "$source" ] || { echo "prepare-fonts: $source is missing (apt-get install fonts-noto-cjk)" >&2; exit 1; }
  target="$OUT/${face/CJK/CJKsc}.ttf"
  key="$(sha256sum "$source" | cut -d' ' -f1) fonttools-$FONTTOOLS_VERSION prepare-$(sha256sum Fonts/prepare.py | cut -c1-16)"
  if [ -f "$target" ] && [ "$(cat "$target.key" 2>/dev/null)" = "$key" ]; then
    continue
  fi
  echo "prepare-fonts: converting $face (a minute or two)..."
  ( "$PYTHON" Fonts/prepare.py "$source" "$target.tmp" && mv "$target.tmp" "$target" && echo "$key" > "$target.key" ) &
  pids+=($!)
done
# The fallback for characters of CJK Extensions B–F (rare characters of people's and places' names, 𡒄
# U+21484, 𪚥 U+2A6A5) that Noto CJK SC lacks: HanaMinB, a Mincho (serif) face in TrueType outlines, copied as
# it is (Cairo subsets TrueType without the CFF defect). Measured on Debian 12: HanaMinB covers 60,317 of
# Extensions B–F (all but 36), BabelStone Han 25,940 of B–G; neither covers much of G (docs/fonts.md).
HANAMIN=${HANAZONO_DIR:-/usr/share/fonts/truetype/hanazono}/HanaMinB.ttf
[ -f "$HANAMIN" ] || { echo "prepare-fonts: $HANAMIN is missing (apt-get install fonts-hanazono)" >&2; exit 1; }
key="$(sha256sum "$HANAMIN" | cut -d' ' -f1) copied"
if [ ! -f "$OUT/HanaMinB.ttf" ] || [ "$(cat "$OUT/HanaMinB.ttf.key" 2>/dev/null)" != "$key" ]; then
  cp "$HANAMIN" "$OUT/HanaMinB.ttf.tmp" && mv "$OUT/HanaMinB.ttf.tmp" "$OUT/HanaMinB.ttf" && echo "$key" > "$OUT/HanaMinB.ttf.key"
fi

status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
[ $status -eq 0 ] || { echo "prepare-fonts: conversion failed" >&2; exit 1; }
echo "prepare-fonts: fonts ready in $OUT"
