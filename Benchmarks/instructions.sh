#!/usr/bin/env bash
# Instructions per query of a batch search, counted by valgrind's callgrind: a noise-free A/B of two
# builds of the CLI on this VM, where the same binary's CPU time moves ±20 % between runs.
#
#   bash Benchmarks/instructions.sh LOUPE_BINARY QUERIES.tsv INDEX [search options...]
#   e.g. bash Benchmarks/instructions.sh /tmp/loupe-a queries.tsv ~/.cache/loupe-bench/debdocs-100k/loupe.idx --field body
#
# Runs the batch once and four times (`--reps 1`, `--reps 3`: one warm-up pass plus three) and
# prints (second − first) / 3 / queries, so start-up and the first pass's one-time costs cancel.
# Counts instructions, not cache misses: confirm a win with compare.sh. The binary is stripped of
# debug info first (valgrind cannot read the static Swift runtime's). Needs valgrind
# (`apt-get install -y valgrind`).
set -euo pipefail
BIN=$1 Q=$2 IDX=$3
shift 3
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install -y valgrind)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
strip --strip-debug -o "$TMP/loupe" "$BIN"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$TMP/out" "$TMP/loupe" bench --queries "$Q" --index "$IDX" \
      --reps "$1" "${@:2}" 2>&1 >/dev/null | awk '/Collected/ {print $NF}'
}
one=$(count 1 "$@")
four=$(count 3 "$@")
n=$(grep -c . "$Q")
echo "$BIN: $(( (four - one) / 3 / n )) instructions per query ($n queries)"
