#!/usr/bin/env bash
# The SharedSearcher load test: 8 tasks search the 400 debdocs-100k
# queries while a writer adds the debdocs files outside the list and commits every 100 ms.
#   bash Benchmarks/shared-searcher.sh [seconds] [extra SharedSearcherBench options...]
# Builds the CLI and the bench in release mode, indexes debdocs-100k into a LOUPE_HOME under /tmp
# (kept between runs; delete /tmp/loupe-ssbench when done), runs the bench on a copy of that index.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
C=${C:-$HOME/.cache/loupe-corpora}
seconds=${1:-60}; shift || true
home=/tmp/loupe-ssbench
(cd "$here/.." && swift build -c release --product loupe >/dev/null)
(cd "$here" && swift build -c release --product SharedSearcherBench >/dev/null)
if [ ! -f "$home/debdocs-100k/loupe-index" ]; then
  LOUPE_HOME=$home "$here/../.build/release/loupe" index "$C/debdocs" --list "$C/debdocs-100k.list" --index debdocs-100k -q
fi
"$here/.build/release/SharedSearcherBench" --index "$home/debdocs-100k" --corpus "$C/debdocs" \
  --list "$C/debdocs-100k.list" --queries "$here/../../shared/peers/queries/debdocs-100k.tsv" \
  --seconds "$seconds" "$@"
