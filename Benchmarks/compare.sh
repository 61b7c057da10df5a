#!/usr/bin/env bash
# Loupe against tantivy (and any other peer of ../shared/peers) on the same corpus, same machine, same
# queries: indexing time, peak RSS, index size, and p50/p99 latency per query type at top-10.
# Prints a markdown table of Loupe/peer ratios (≤ 1.00 means Loupe is as good or better).
# The peers index and search one text field (body), so the ratios compare Loupe searching the same
# field (`--field body`); the row "loupe, all fields" is Loupe's default (path, title and body, each
# word in both its spellings), shown beside them.
#
#   bash Benchmarks/compare.sh [debdocs-100k|debdocs-full|multi ...]     (default: debdocs-100k)
#   multi: the inflection probes' 32,254 documents in 19 languages (../shared/corpora/make_morph_probes.py),
#   queried by the probes' words (term), and pairs of them (OR, AND)
#   PEERS=tantivy,sqlite_fts5 bash Benchmarks/compare.sh debdocs-full
#   ROUNDS=3 REPS=5: search rounds, interleaved between engines (medians are reported), and timed
#   passes per round
#
# Builds the corpora (../shared/corpora) and installs the peers (../shared/peers/install.sh) when
# missing. Work files go to $BENCH_WORK (default ~/.cache/loupe-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
CORPORA=${CORPORA:-$HOME/.cache/loupe-corpora}
PEERS_WORK=${PEERS_WORK:-$HOME/.cache/loupe-peers}
WORK=${BENCH_WORK:-$HOME/.cache/loupe-bench}
PEERS=${PEERS:-tantivy}
REPS=${REPS:-5}
ROUNDS=${ROUNDS:-3}
mkdir -p "$WORK"
[ $# -gt 0 ] || set -- debdocs-100k

[ -d "$CORPORA/debdocs" ] || CORPORA=$CORPORA bash "$SHARED/corpora/build_all.sh" debdocs
bash "$SHARED/peers/install.sh" >/dev/null
PY=$PEERS_WORK/venv/bin/python
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time
swift build -c release --static-swift-stdlib >/dev/null
LOUPE=$ROOT/.build/release/loupe

# Page cache warm for everyone: read every document once.
cat_docs() { find "$1" -type f -print0 | xargs -0 cat > /dev/null; }

for corpus in "$@"; do
  OUT=$WORK/$corpus; rm -rf "$OUT"; mkdir -p "$OUT"
  DOCS=$CORPORA/debdocs
  Q=$SHARED/peers/queries/$corpus.tsv
  case $corpus in
    debdocs-100k) LIST=(--list "$CORPORA/debdocs-100k.list") ;;
    debdocs-full) LIST=() ;;
    multi)
      DOCS=$CORPORA/multi
      [ -f "$DOCS/morph.docs.list" ] || CORPORA=$CORPORA bash "$SHARED/corpora/build_all.sh" multi
      [ -f "$DOCS/morph.docs.list" ] || "$PY" "$SHARED/corpora/make_morph_probes.py" --root "$CORPORA"
      LIST=(--list "$DOCS/morph.docs.list")
      # The probes' words one by one, then each with the next (OR and AND).
      Q=$OUT/queries.tsv
      awk -F'\t' '{ w[NR] = $2 } END {
        for (i = 1; i <= NR; i++) printf "t%d\tor\t%s\n", i, w[i]
        for (i = 1; i < NR; i++) printf "o%d\tor\t%s %s\n", i, w[i], w[i + 1]
        for (i = 1; i < NR; i++) printf "a%d\tand\t%s %s\n", i, w[i], w[i + 1]
      }' "$DOCS/morph.queries.tsv" > "$Q" ;;
    *) echo "unknown corpus $corpus" >&2; exit 2 ;;
  esac
  cat_docs "$DOCS"
  echo "== $corpus: loupe" >&2
  /usr/bin/time -v "$LOUPE" index "$DOCS" --index "$OUT/loupe.idx" -q "${LIST[@]}" \
      > "$OUT/loupe.index.out" 2> "$OUT/loupe.index.time"
  for peer in ${PEERS//,/ }; do
    echo "== $corpus: $peer" >&2
    P=$PY; [ "$peer" = xapian ] && P=/usr/bin/python3
    /usr/bin/time -v "$P" "$SHARED/peers/peer_$peer.py" index "$DOCS" "$OUT/$peer.idx" "${LIST[@]}" \
        > "$OUT/$peer.index.out" 2> "$OUT/$peer.index.time"
  done
  # Search passes interleaved, ROUNDS times (Loupe, then each peer): the VM's speed drifts by tens
  # of per cent within a minute, so each figure is the median of its rounds.
  for round in $(seq 1 "$ROUNDS"); do
    echo "== $corpus: search round $round" >&2
    "$LOUPE" bench --queries "$Q" --index "$OUT/loupe.idx" --limit 10 --reps "$REPS" --field body > "$OUT/loupe.search.$round.out"
    "$LOUPE" bench --queries "$Q" --index "$OUT/loupe.idx" --limit 10 --reps "$REPS" > "$OUT/loupe-all.search.$round.out"
    for peer in ${PEERS//,/ }; do
      P=$PY; [ "$peer" = xapian ] && P=/usr/bin/python3
      "$P" "$SHARED/peers/peer_$peer.py" search "$OUT/$peer.idx" "$Q" --run "$OUT/$peer.run" --k 10 --reps "$REPS" \
          > "$OUT/$peer.search.$round.out"
    done
  done
  python3 - "$OUT" "$corpus" "$PEERS" <<'PY'
import glob, json, os, re, statistics, sys
def median_lat(rounds):
    cats = set().union(*[r.keys() for r in rounds]) if rounds else set()
    return {c: (statistics.median(r[c][0] for r in rounds if c in r), statistics.median(r[c][1] for r in rounds if c in r)) for c in cats}
out, corpus, peers = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
def rss(path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    return int(m.group(1)) / 1024 if m else float("nan")
def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6
def loupe(searches="loupe"):
    t = open(f"{out}/loupe.index.out").read()
    secs = float(re.search(r"in ([0-9.]+) s", t).group(1))
    rounds = []
    for path in sorted(glob.glob(f"{out}/{searches}.search.*.out")):
        r = {}
        for line in open(path):
            p = line.split()
            if len(p) >= 4 and p[0] in ("term", "or", "and", "phrase"):
                r[p[0]] = (float(p[2]), float(p[3]))
        rounds.append(r)
    lat = median_lat(rounds)
    return {"index_s": secs, "rss": rss(f"{out}/loupe.index.time"), "size": du(f"{out}/loupe.idx"), "lat": lat}
def peer(name):
    idx = json.loads(open(f"{out}/{name}.index.out").read().strip().splitlines()[-1])
    rounds = []
    for path in sorted(glob.glob(f"{out}/{name}.search.*.out")):
        s = json.loads(open(path).read().strip().splitlines()[-1])
        rounds.append({c: (s[f"{c}_p50_ms"], s[f"{c}_p99_ms"]) for c in ("term", "or", "and", "phrase") if f"{c}_p50_ms" in s})
    lat = median_lat(rounds)
    return {"index_s": idx["wall_s"], "rss": rss(f"{out}/{name}.index.time"), "size": idx["index_bytes"] / 1e6, "lat": lat}
L = loupe()
A = loupe("loupe-all")
print(f"\n### {corpus}\n")
print("| engine | index s | peak RSS MB | index MB | term p50/p99 | OR p50/p99 | AND p50/p99 | phrase p50/p99 |")
print("|---|---|---|---|---|---|---|---|")
def row(name, r):
    cells = [f"{r['index_s']:.2f}", f"{r['rss']:.0f}", f"{r['size']:.1f}"]
    for c in ("term", "or", "and", "phrase"):
        cells.append("%.3f / %.3f" % r["lat"][c] if c in r["lat"] else "n/a")
    print(f"| {name} | " + " | ".join(cells) + " |")
row("loupe (body)", L)
row("loupe, all fields", A)
def ratios(name, L, P):
    cells = [f"{L['index_s']/P['index_s']:.2f}×", f"{L['rss']/P['rss']:.2f}×", f"{L['size']/P['size']:.2f}×"]
    for c in ("term", "or", "and", "phrase"):
        if c in L["lat"] and c in P["lat"] and P["lat"][c][0] > 0:
            cells.append(f"{L['lat'][c][0]/P['lat'][c][0]:.1f}× / {L['lat'][c][1]/P['lat'][c][1]:.1f}×")
        else:
            cells.append("n/a")
    print(f"| {name} | " + " | ".join(cells) + " |")
for p in peers:
    try:
        P = peer(p)
    except Exception as e:
        print(f"| {p} | failed: {e} |"); continue
    row(p, P)
    ratios(f"loupe/{p}", L, P)
    ratios(f"(all fields)/{p}", A, P)
PY
done
