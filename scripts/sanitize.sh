#!/usr/bin/env bash
# The test suite under AddressSanitizer, then ThreadSanitizer, each in its own scratch
# folder so the normal build is untouched. Exits non-zero on the first sanitizer report or failure.
#
#   bash scripts/sanitize.sh [address|thread ...]      (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(address thread)
for k in "${KINDS[@]}"; do
  scratch=".build-${k:0:1}san" # .build-asan, .build-tsan
  echo "== $k sanitizer ($scratch)"
  swift build --build-tests --sanitize="$k" --scratch-path "$scratch" 2>&1 | grep -E "error|Build" || true
  # halt_on_error: a report fails the run instead of scrolling by. detect_leaks=0: LeakSanitizer
  # reports what XCTest and Foundation keep at exit (none of it allocated by Loupe).
  ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0} TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} \
    swift test --skip-build --sanitize="$k" --scratch-path "$scratch"
done
