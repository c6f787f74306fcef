#!/usr/bin/env bash
# Install the Debian packages the test suite and PDF rendering need, and only those missing.
#
#   chromium                      the browser the Playwright tests drive (never `playwright install`)
#   libpango*, libharfbuzz*       WeasyPrint's text layout
#   fonts-liberation, -dejavu     fonts for PDFs (Liberation Sans has Arial's metrics)
#   poppler-utils                 pdftotext and pdftoppm, used by the PDF tests
#
# Safe to run again and again: when everything is installed it only asks dpkg and exits 0.
set -euo pipefail

PACKAGES=(
    chromium
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz0b
    libharfbuzz-subset0
    fonts-liberation
    fonts-dejavu-core
    poppler-utils
)

if ! command -v dpkg >/dev/null 2>&1; then
    echo "system-deps: no dpkg here, so nothing is installed automatically." >&2
    echo "system-deps: install Chromium, Pango, HarfBuzz, Liberation/DejaVu fonts and" >&2
    echo "system-deps: Poppler with your package manager if the tests need them." >&2
    exit 0
fi

installed() {
    # `dpkg -s` also knows removed packages that left configuration behind: insist on "installed".
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

missing=()
for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-deps: all ${#PACKAGES[@]} packages already installed."
    exit 0
fi

install_command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"

if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "system-deps: run this as root (for example with sudo), then try again:" >&2
    echo "    $install_command" >&2
    exit 1
fi

echo "system-deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
echo "system-deps: done."
