#!/usr/bin/env bash
# Two builds of the CLI side by side on debdocs, alternating, a fresh index each: indexing wall /
# user CPU / peak RSS, index size, and p50/p99 per query type at top-10 (body only and all fields).
# The no-regression check of a change against main (ratios ≤ 1.05×).
#
#   bash Benchmarks/ab.sh BASE_LOUPE NEW_LOUPE [100k|full] [rounds]
#   ORDER="NEW BASE" bash Benchmarks/ab.sh …      (the first run after the queries reads a colder cache)
#
# Indexes go to /tmp/ab-{BASE,NEW}-CORPUS (LOUPE_HOME) and are left for inspection.
set -u
C=${CORPORA:-$HOME/.cache/loupe-corpora}
SHARED=${SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
BASE_BIN=$1 NEW_BIN=$2 which=${3:-100k} rounds=${4:-2}
if [ "$which" = 100k ]; then LIST=(--list "$C/debdocs-100k.list"); Q=$SHARED/peers/queries/debdocs-100k.tsv
else LIST=(); Q=$SHARED/peers/queries/debdocs-full.tsv; fi
for r in $(seq "$rounds"); do for b in ${ORDER:-BASE NEW}; do
  [ "$b" = BASE ] && BIN=$BASE_BIN || BIN=$NEW_BIN
  export LOUPE_HOME=/tmp/ab-$b-$which; rm -rf "$LOUPE_HOME"; mkdir -p "$LOUPE_HOME"
  /usr/bin/time -f "$which r$r $b index wall %e user %U rss_kb %M" "$BIN" index "$C/debdocs" "${LIST[@]}" -q 2>&1 | tail -1
  echo "$which r$r $b size $(du -sb "$LOUPE_HOME" | cut -f1)"
  "$BIN" bench --queries "$Q" --index debdocs --limit 10 --reps 5 --field body 2>&1 | tail -5 | sed "s/^/$which r$r $b body /"
  "$BIN" bench --queries "$Q" --index debdocs --limit 10 --reps 5 2>&1 | tail -1 | sed "s/^/$which r$r $b allfields /"
done; done
