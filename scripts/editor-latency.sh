#!/usr/bin/env bash
# The editor's live scoring as an evaluator feels it: Chromium (Selenium) types into a score of the reference sheet
# served by `preview --edit` (release build), each keystroke waiting for the updated total; prints the time from a
# keystroke to the total shown (the page's own measure: input event to the server's page swapped in), its median,
# 95th percentile and spread. The server's part alone is in the closing notes (curl).
#   scripts/editor-latency.sh [KEYSTROKES]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
keystrokes=${1:-100}
scripts/deps.sh --test
scripts/prepare-fonts.sh >/dev/null
python=$(scripts/python-env.sh)
swift build -c release 2>&1 | grep -v -- '-pthread' | tail -n 1
folder=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$folder"' EXIT
cp Samples/zhongshan-2020/202008367.yaml "$folder/"
.build/release/evalsheet preview "$folder" --edit --port 0 --layouts Layouts --fonts Fonts/build > "$folder/.url" &
server=$!
for _ in $(seq 100); do grep -q http "$folder/.url" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*/' "$folder/.url")
"$python" Tests/EvalSheetTests/Browser/edit_sheet.py latency "$url" 202008367.yaml "$keystrokes" | "$python" -c '
import json, statistics, sys
timings = sorted(json.load(sys.stdin)["timings"])
p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
print("keystroke to updated total, %d keystrokes: median %.1f ms, p95 %.1f ms, min %.1f, max %.1f, stdev %.1f ms" % (
    len(timings), statistics.median(timings), p95, timings[0], timings[-1], statistics.pstdev(timings)))
'
