#!/usr/bin/env bash
# Installs the program with what it needs at run time: PREFIX/bin/evalsheet, and under
# PREFIX/share/evalsheet/ the forms (Layouts/) and the prepared fonts (Fonts/, about 100 MB, which must
# travel with the binary). The binary finds them from its real path, so a symlink to it or a PATH entry
# works from any folder. Nothing is written into PREFIX at run time (caches go to ~/.cache/evalsheet).
# The system libraries (Cairo, Pango, fontconfig) come from scripts/deps.sh on the target machine.
# Usage: scripts/install.sh [PREFIX [BINARY]]   (default /usr/local; `make install PREFIX=DIR` calls it;
# BINARY installs an already built program instead of a release build, as the tests do)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:-/usr/local}
BINARY=${2:-}
scripts/deps.sh
scripts/prepare-fonts.sh
if [ -z "$BINARY" ]; then
  BINARY=.build/release/evalsheet
  # A build newer than every source is current: `swift build` took about a minute to find nothing to do.
  if [ -x "$BINARY" ] && [ -z "$(find Sources Package.swift -newer "$BINARY" -print -quit)" ]; then
    echo "install: $BINARY is current; not built again"
  else
    swift build -c release --static-swift-stdlib --product evalsheet 2>&1 | grep -v -- '-pthread' | tail -n 1
  fi
fi
data="$PREFIX/share/evalsheet"
mkdir -p "$PREFIX/bin" "$data/Fonts/build"
# Stripped: 132 MB of symbols and debug information a user never needs (73 MB left: the static Swift
# runtime, Foundation and ICU's data); the PDFs it writes are byte-identical (tested).
install -m 755 -s "$BINARY" "$PREFIX/bin/evalsheet.tmp" && mv "$PREFIX/bin/evalsheet.tmp" "$PREFIX/bin/evalsheet"
rm -rf "$data/Layouts.tmp" && cp -R Layouts "$data/Layouts.tmp" && rm -rf "$data/Layouts" && mv "$data/Layouts.tmp" "$data/Layouts"
install -m 644 Fonts/fonts.conf "$data/Fonts/fonts.conf"
# The prepared fonts are links into the per-user cache (scripts/prepare-fonts.sh): the files themselves go.
for face in Fonts/build/*.ttf; do install -m 644 "$face" "$data/Fonts/build/"; done
echo "installed: $PREFIX/bin/evalsheet, forms and fonts in $data"
"$PREFIX/bin/evalsheet" doctor
