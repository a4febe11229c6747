#!/usr/bin/env bash
# Runs every test: installs what is missing, prepares the fonts, builds and runs the Swift tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/prepare-fonts.sh
swift build --build-tests 2>&1 | grep -v -- '-pthread' | tail -n 3
swift test --skip-build 2>&1 | grep -v -- '-pthread'
