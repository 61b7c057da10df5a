#!/usr/bin/env bash
# Installs the system packages Loupe builds against, if any is missing (Debian/Ubuntu).
set -euo pipefail
need=()
for pkg in libicu-dev libzstd-dev libstemmer-dev libcld2-dev libarchive-dev libpoppler-cpp-dev libxml2-dev libgmime-3.0-dev libtesseract-dev tesseract-ocr-eng; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install a Swift 6.1+ toolchain" >&2; exit 1; }
