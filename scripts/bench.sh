#!/usr/bin/env bash
# Builds in release mode and benchmarks the reference sheet (see Sources/evalsheet-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-fonts.sh >/dev/null
swift build -c release --static-swift-stdlib 2>&1 | grep -v -- '-pthread' | tail -n 1
.build/release/evalsheet-bench "$@"
