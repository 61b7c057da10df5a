#!/usr/bin/env bash
# The relevance harness: a release `loupe`, three indexes under a scratch LOUPE_HOME, and the three
# development measures the language work is judged by:
#   - folding probes (multi/probes.*): probes with a relevant document in the first 10 (success@10);
#   - NPL (npl/*, human judgments): MAP at depth 1000 (../shared/peers/evaluate.py);
#   - inflection probes (multi/morph.*, one index, no language given): the share of other-form
#     documents in the first |E|+|R| and in the first 1000 (../shared/corpora/score_morph.py).
#
#   bash Benchmarks/relevance.sh                 (CORPORA defaults to ~/.cache/loupe-corpora)
#   CORPORA=/work/corpora LOUPE=/path/to/loupe bash Benchmarks/relevance.sh   (a build of your own)
#
# The morph probes are made by `../shared/corpora/make_morph_probes.py --root $CORPORA --baselines`
# (needs `pip install simplemma PyStemmer`); this script makes them when missing. Work files go to
# $RELEVANCE_WORK (default a fresh folder under /tmp, removed at the end unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
CORPORA=${CORPORA:-$HOME/.cache/loupe-corpora}
PY=${PY:-python3}
WORK=${RELEVANCE_WORK:-$(mktemp -d /tmp/loupe-relevance.XXXXXX)}
mkdir -p "$WORK"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

if [ -z "${LOUPE:-}" ]; then
    swift build -c release --product loupe >/dev/null
    LOUPE=$ROOT/.build/release/loupe
fi
for f in npl/queries.tsv multi/probes.queries.tsv; do
    [ -e "$CORPORA/$f" ] || { echo "missing $CORPORA/$f: build the corpora (../shared/corpora/README.md)" >&2; exit 2; }
done
if [ ! -e "$CORPORA/multi/morph.queries.tsv" ]; then
    "$PY" "$SHARED/corpora/make_morph_probes.py" --root "$CORPORA" --baselines >&2
fi

export LOUPE_HOME=$WORK/home
index() { # name, then the arguments of `loupe index`
    local name=$1; shift
    local t0=$(date +%s.%N)
    "$LOUPE" index "$@" --index "$name" --quiet >/dev/null
    echo "indexed $name in $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
}
index npl "$CORPORA/npl/docs"
index probes "$CORPORA/multi" --list "$CORPORA/multi/probes.docs.list"
index morph "$CORPORA/multi" --list "$CORPORA/multi/morph.docs.list"

"$LOUPE" bench --queries "$CORPORA/npl/queries.tsv" --index npl --limit 1000 --run "$WORK/npl.run" >/dev/null
"$LOUPE" bench --queries "$CORPORA/multi/probes.queries.tsv" --index probes --limit 10 --run "$WORK/probes.run" >/dev/null
"$LOUPE" bench --queries "$CORPORA/multi/morph.queries.tsv" --index morph --limit 1000 --run "$WORK/morph.run" >/dev/null

"$PY" - "$CORPORA/multi/probes.qrels.txt" "$WORK/probes.run" <<'EOF'
import sys
rel = {}
for line in open(sys.argv[1]):
    q, _, d, g = line.split()[:4]
    if int(g) > 0: rel.setdefault(q, set()).add(d)
top = {}
for line in open(sys.argv[2]):
    q, _, d, r = line.split()[:4]
    if int(r) <= 10: top.setdefault(q, set()).add(d)
hit = sorted(q for q in rel if top.get(q, set()) & rel[q])
miss = sorted(set(rel) - set(hit))
print(f"folding probes, success@10: {len(hit)}/{len(rel)}" + (f" (missed: {' '.join(miss)})" if miss else ""))
EOF
echo "NPL: $("$PY" "$SHARED/peers/evaluate.py" "$CORPORA/npl/qrels.txt" "$WORK/npl.run")"
echo "inflection: $("$PY" "$SHARED/corpora/score_morph.py" "$WORK/morph.run" --dir "$CORPORA/multi" | tail -n 3)"
