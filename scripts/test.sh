#!/usr/bin/env bash
# Runs every test: installs what is missing, prepares the fonts, builds and runs the Swift tests.
#   scripts/test.sh          everything (what CI runs)
#   scripts/test.sh --fast   the inner loop: model, scoring, layout, pagination, typography and property tests,
#                            in this process only (no program started, no browser, no LibreOffice)
set -euo pipefail
cd "$(dirname "$0")/.."
# The code is as the formatter writes it (.swift-format; `swift format --in-place --recursive Sources Tests
# Package.swift` makes it so): a check of a second, in both tiers.
swift format lint --strict --configuration .swift-format --recursive Sources Tests Package.swift
# The fast tier: the test classes that start no process. A class that starts one belongs to the full run.
fast='EvalSheetTests\.(ScoringTests|ValidationTests|FormValidationTests|PaginationTests|LayoutTests|LayoutHelperTests|PropertyTests|TextScanningTests|SecondFormTests|MessageTests|FormLanguageDocsTests|DesignDocTests|TypographyTests|MessageCatalogueTests)/'
filter=()
if [ "${1:-}" = "--fast" ]; then
  filter=(--filter "$fast")
else
  scripts/deps.sh --test
fi
scripts/prepare-fonts.sh
# The tests' Python tools (openpyxl, python-docx, the OFD readers, fontTools): made here, not left to the font
# preparation, which needs them only when it converts (fonts cached per user are linked without Python).
scripts/python-env.sh > /dev/null
swift build --build-tests 2>&1 | grep -v -- '-pthread' | tail -n 3
log=$(mktemp)
status=0
swift test --skip-build --disable-swift-testing "${filter[@]}" 2>&1 | grep -v -- '-pthread' | tee "$log" || status=$?
# A plain closing line: the totals of XCTest's last summary.
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1)
rm -f "$log"
executed=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
failures=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
if [ -z "$summary" ] || [ "$executed" -eq 0 ]; then echo "no tests were executed" >&2; exit 1; fi
echo "$((executed - failures)) passed, $failures failed"
exit $status
