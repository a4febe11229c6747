#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages EvalSheet needs, only those missing. Needs root or sudo.
# `--test` adds what only the tests and scripts/reliability.sh use (a browser and its driver for Selenium, curl, valgrind, LibreOffice to print DOCX
# and open the workbooks, GNU time for peak memory); `--bench` what the benchmarks use (GNU time). Swift is expected on
# PATH (swift.org toolchain).
set -euo pipefail
packages=(pkg-config libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev zlib1g-dev fonts-noto-cjk fonts-hanazono poppler-utils qpdf)
[ "${1:-}" = "--test" ] && packages+=(chromium chromium-driver curl valgrind libreoffice-writer-nogui libreoffice-calc-nogui time file)
[ "${1:-}" = "--bench" ] && packages+=(time)
# fontTools (for the one-time font preparation) runs in a Python venv.
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
command -v python3 >/dev/null || packages+=(python3 python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "deps: swift is not on PATH; install a Swift 6 toolchain from swift.org" >&2; exit 1; }
