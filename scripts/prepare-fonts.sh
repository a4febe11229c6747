#!/usr/bin/env bash
# Converts Debian's Noto CJK SC faces to TrueType outlines (see Fonts/prepare.py) and puts them, with the
# fallback face for rare characters, in Fonts/build/.
# Cached per user, not per checkout: a face is converted once per machine into
# ${XDG_CACHE_HOME:-~/.cache}/evalsheet/fonts/, keyed by its source font's hash, the pinned fontTools version
# and prepare.py's hash, and every checkout, CI run and install of the machine links to it. Converting the
# four faces takes 3 to 7 minutes on two cores; a checkout whose faces are in the cache takes under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
FONTTOOLS_VERSION=4.68.0
SRC=${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}
OUT=Fonts/build
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/evalsheet/fonts
mkdir -p "$OUT"
# A cache that cannot be made (a read-only home) costs the conversion in the checkout itself.
mkdir -p "$CACHE" 2>/dev/null && [ -w "$CACHE" ] || CACHE=$OUT/cache
mkdir -p "$CACHE"

# Links Fonts/build/NAME to the cached file and writes NAME.key beside it (the batch's hash reads the keys).
place() {
  local cached=$1 target=$2 key=$3
  ln -sfn "$(cd "$(dirname "$cached")" && pwd)/$(basename "$cached")" "$target.tmp" && mv -T "$target.tmp" "$target"
  [ "$(cat "$target.key" 2>/dev/null)" = "$key" ] || echo "$key" > "$target.key"
}

pids=()
pending=()
for face in NotoSerifCJK-Regular NotoSerifCJK-Bold NotoSansCJK-Regular NotoSansCJK-Bold; do
  source="$SRC/$face.ttc"
  [ -f "$source" ] || { echo "prepare-fonts: $source is missing (apt-get install fonts-noto-cjk)" >&2; exit 1; }
  target="$OUT/${face/CJK/CJKsc}.ttf"
  key="$(sha256sum "$source" | cut -d' ' -f1) fonttools-$FONTTOOLS_VERSION prepare-$(sha256sum Fonts/prepare.py | cut -c1-16)"
  cached="$CACHE/${face/CJK/CJKsc}-$(echo "$key" | sha256sum | cut -c1-16).ttf"
  # A face converted into this checkout before the cache existed moves into the cache rather than being
  # converted again.
  if [ ! -f "$cached" ] && [ -f "$target" ] && [ ! -L "$target" ] && [ "$(cat "$target.key" 2>/dev/null)" = "$key" ]; then
    mv "$target" "$cached.$$.tmp" && mv "$cached.$$.tmp" "$cached"
  fi
  if [ ! -f "$cached" ]; then
    if [ -z "${PYTHON:-}" ]; then
      PYTHON=$(scripts/python-env.sh)
      "$PYTHON" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" \
        || { echo "prepare-fonts: fontTools $FONTTOOLS_VERSION expected (scripts/requirements.txt)" >&2; exit 1; }
    fi
    echo "prepare-fonts: converting $face into $CACHE (a minute or two)..."
    ( "$PYTHON" Fonts/prepare.py "$source" "$cached.$$.tmp" && mv "$cached.$$.tmp" "$cached" ) &
    pids+=($!)
  fi
  pending+=("$cached|$target|$key")
done

# The fallback for characters of CJK Extensions B–F (rare characters of people's and places' names, 𡒄
# U+21484, 𪚥 U+2A6A5) that Noto CJK SC lacks: HanaMinB, a Mincho (serif) face in TrueType outlines, linked as
# it is (Cairo subsets TrueType without the CFF defect). Measured on Debian 12: HanaMinB covers 60,317 of
# Extensions B–F (all but 36), BabelStone Han 25,940 of B–G; neither covers much of G (docs/fonts.md).
HANAMIN=${HANAZONO_DIR:-/usr/share/fonts/truetype/hanazono}/HanaMinB.ttf
[ -f "$HANAMIN" ] || { echo "prepare-fonts: $HANAMIN is missing (apt-get install fonts-hanazono)" >&2; exit 1; }
pending+=("$HANAMIN|$OUT/HanaMinB.ttf|$(sha256sum "$HANAMIN" | cut -d' ' -f1) as installed")

status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
[ $status -eq 0 ] || { echo "prepare-fonts: conversion failed" >&2; exit 1; }
for entry in "${pending[@]}"; do
  IFS='|' read -r cached target key <<< "$entry"
  place "$cached" "$target" "$key"
done
echo "prepare-fonts: fonts ready in $OUT (linked to $CACHE)"
