#!/usr/bin/env bash
# Creates (once) the Python venv with the pinned tools of scripts/requirements.txt; prints its python.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${EVALSHEET_VENV:-.cache/venv}
stamp="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s scripts/requirements.txt "$stamp"; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements.txt >&2
  cp scripts/requirements.txt "$stamp"
fi
echo "$VENV/bin/python"
