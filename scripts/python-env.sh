#!/usr/bin/env bash
# Creates (once) a Python venv with pinned tools; prints its python.
#   scripts/python-env.sh                  the tests' and font preparation's tools (scripts/requirements.txt)
#   scripts/python-env.sh VENV REQUIREMENTS another venv, e.g. the peer benchmark's
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-${EVALSHEET_VENV:-.cache/venv}}
REQUIREMENTS=${2:-scripts/requirements.txt}
stamp="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQUIREMENTS" "$stamp"; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2
  cp "$REQUIREMENTS" "$stamp"
fi
echo "$VENV/bin/python"
