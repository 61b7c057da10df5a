#!/bin/bash
# Known-item search on the documents corpus (docs-corpus.sh), Loupe beside Recoll on the same
# folder and the same queries.
#
# Per document one query: a distinctive run of 8 words of its text — the reference text it was
# made from (office files, messages), pdftotext's output (PDFs), the troff source without its
# markup (man pages) — of its runs that no other document holds word for word, the one whose words
# have the highest summed IDF, at most two of them found in no other document (extraction debris,
# rare spellings); CJK cut in character pairs. A document without such a run has no query.
# Scored per file (a message of an mbox counts as its mbox; hits of one file counted once):
# the share of queries whose document ranks first, and the MRR over the top 20.
#
# Also measured: each engine's first index (wall time and peak RSS of /usr/bin/time -v; Loupe's
# PDF helpers are separate processes: their RSS is not in Loupe's figure, nor pdftotext's in
# Recoll's), the unchanged re-run, the index size; PDF extraction: pdftotext alone on every PDF
# (one and two at a time), beside the first index (the PDFs are nearly all of its bytes).
#
#   swift build -c release && bash Benchmarks/docs-known-item.sh
#   LOUPE=/path/to/loupe CORPORA=/work/corpora bash Benchmarks/docs-known-item.sh
#   PDFTEXT=/tmp/old-run/pdftext bash Benchmarks/docs-known-item.sh   # pdftotext's text of an earlier
#                                  # run (same corpus): the same queries, pdftotext not timed again
set -euo pipefail
CORPORA=${CORPORA:-$HOME/.cache/loupe-corpora}
DOCS=${DOCS:-$CORPORA/docs}
TRUTH=${TRUTH:-$CORPORA/docs-truth}
LOUPE=${LOUPE:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/loupe}
WORK=${WORK:-/tmp/loupe-docs-ki}
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
[ -x "$LOUPE" ] || { echo "no $LOUPE: swift build -c release first" >&2; exit 1; }
[ -d "$DOCS" ] || { echo "no $DOCS: bash Benchmarks/docs-corpus.sh first" >&2; exit 1; }
command -v recollindex >/dev/null || $SUDO apt-get install -y -qq recoll >/dev/null
command -v pdftotext >/dev/null || $SUDO apt-get install -y -qq poppler-utils >/dev/null
rm -rf "$WORK"
mkdir -p "$WORK/pdftext" "$WORK/home" "$WORK/recoll"

# Wall seconds, peak RSS (MB) and CPU seconds (user + system) of a command, from /usr/bin/time -v.
timed() {
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || { echo "failed: $*" >&2; tail -5 "$WORK/last.err" >&2; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
              /Maximum resident set size/ { r = $2 / 1024 } /(User|System) time \(seconds\)/ { c += $2 }
              END { printf "%.1f %.0f %.1f\n", s, r, c }' "$WORK/time.txt"
}

# 1. pdftotext alone, one process at a time, then two at a time; its text is the PDFs' reference.
(cd "$DOCS" && find pdf -name '*.pdf' | sort) > "$WORK/pdfs.list"
pdf_mb=$(cd "$DOCS" && tr '\n' '\0' < "$WORK/pdfs.list" | du -cb --files0-from=- | tail -1 | awk '{ printf "%.0f", $1 / 1e6 }')
extract() { mkdir -p "$(dirname "$WORK/pdftext/$1")"; pdftotext -enc UTF-8 "$DOCS/$1" "$WORK/pdftext/$1.txt" 2>/dev/null || true; }
export -f extract; export DOCS WORK
if [ -n "${PDFTEXT:-}" ]; then
  rm -rf "$WORK/pdftext"; cp -r "$PDFTEXT" "$WORK/pdftext"; pdftotext_1="(not timed)"; pdftotext_2="(not timed)"
else
  read -r pdftotext_1 _ _ < <(timed bash -c 'while read -r f; do extract "$f"; done < "$WORK/pdfs.list"')
  read -r pdftotext_2 _ _ < <(timed bash -c 'tr "\n" "\0" < "$WORK/pdfs.list" | xargs -0 -n 8 -P 2 bash -c '"'"'for f; do extract "$f"; done'"'"' _')
fi

# 2. The queries and their documents.
python3 - "$DOCS" "$TRUTH" "$WORK" <<'EOF'
import gzip, math, os, re, sys
docs, truth, work = sys.argv[1:4]
texts = {}  # target file (relative) + "#n" for a message -> reference text
for root, _, files in os.walk(os.path.join(work, "pdftext")):
    for f in files:
        p = os.path.join(root, f)
        texts[os.path.relpath(p, os.path.join(work, "pdftext"))[:-4]] = open(p, encoding="utf-8", errors="replace").read()
for root, _, files in os.walk(truth):
    for f in files:
        p = os.path.join(root, f)
        texts[os.path.relpath(p, truth)[:-4].replace("@", "#")] = open(p, encoding="utf-8", errors="replace").read()
def troff(raw):
    out = []
    for line in raw.splitlines():
        if line.startswith((".", "'")): continue
        line = re.sub(r"\\f[BIRPC]|\\f\(..|\\\*\(..|\\\*.|\\\(..|\\[-&e|^ ]", " ", line)
        out.append(line)
    return "\n".join(out)
for root, _, files in os.walk(os.path.join(docs, "man")):
    for f in files:
        p = os.path.join(root, f)
        texts[os.path.relpath(p, docs)] = troff(gzip.open(p).read().decode("utf-8", "replace"))
cjk = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
def tokens(text):
    out = []
    for t in re.findall(r"[^\W\d_]+", text):
        if cjk.search(t): out += [t[i:i + 2] for i in range(0, len(t) - 1, 2)]
        elif 2 <= len(t) <= 24: out.append(t)
    return out
toks = {k: tokens(v) for k, v in texts.items()}
df = {}
for k, ts in toks.items():
    for t in set(x.lower() for x in ts): df[t] = df.get(t, 0) + 1
n = len(toks)
# Per document its 20 best runs; then the best one no other document holds word for word.
candidates = {}
for k in sorted(toks):
    ts = toks[k]
    if len(ts) < 16: continue
    scored = []
    step = max(1, (len(ts) - 8) // 4000)
    for i in range(0, len(ts) - 8, step):
        w = [x.lower() for x in ts[i:i + 8]]
        if sum(df[x] < 2 for x in w) > 2: continue
        scored.append((sum(math.log(n / df[x]) for x in set(w)), i))
    scored.sort(reverse=True)
    candidates[k] = [(i, tuple(x.lower() for x in ts[i:i + 8])) for _, i in scored[:20]]
holders = {}
for k, cs in candidates.items():
    for _, gram in cs: holders.setdefault(gram, set())
for k, ts in toks.items():
    low = [x.lower() for x in ts]
    for i in range(len(low) - 7):
        gram = tuple(low[i:i + 8])
        if gram in holders: holders[gram].add(k.split("#")[0] if k.startswith("mail/list") else k)
queries = []
for k in sorted(candidates):
    own = k.split("#")[0] if k.startswith("mail/list") else k
    for i, gram in candidates[k]:
        if holders[gram] <= {own}:
            queries.append((k, " ".join(toks[k][i:i + 8])))
            break
with open(os.path.join(work, "queries.tsv"), "w") as q, open(os.path.join(work, "targets.tsv"), "w") as t:
    for i, (k, words) in enumerate(queries):
        q.write(f"q{i}\t{words}\n"); t.write(f"q{i}\t{k}\n")
print(f"{len(queries)} queries of {len(texts)} documents", file=sys.stderr)
EOF

# 3. Loupe: the first index, the unchanged re-run, the queries.
export LOUPE_HOME="$WORK/home"
read -r loupe_s loupe_rss loupe_cpu < <(timed "$LOUPE" index "$DOCS" --index docs --full)
grep -c "skipped" "$WORK/last.err" > "$WORK/loupe.skipped" || true
cp "$WORK/last.err" "$WORK/loupe-index.log"
read -r loupe_re _ _ < <(timed "$LOUPE" index "$DOCS" --index docs)
"$LOUPE" bench --index docs --queries "$WORK/queries.tsv" --run "$WORK/loupe.run" -l 20 >/dev/null
"$LOUPE" stats --index docs > "$WORK/loupe.stats"
loupe_mb=$(du -sm "$WORK/home/docs" | cut -f1)
sto_mb=$(find "$WORK/home/docs" -name '*.sto' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')

# 4. Recoll: the same folder, its index in $WORK/recoll.
cat > "$WORK/recoll/recoll.conf" <<CONF
topdirs = $DOCS
loglevel = 2
noaspell = 1
idxniceprio = 0
CONF
read -r recoll_s recoll_rss recoll_cpu < <(timed recollindex -c "$WORK/recoll" -z)
cp "$WORK/last.err" "$WORK/recoll-index.log"
read -r recoll_re _ _ < <(timed recollindex -c "$WORK/recoll")
recoll_mb=$(du -sm "$WORK/recoll/xapiandb" | cut -f1)
: > "$WORK/recoll.run"
while IFS=$'\t' read -r qid words; do
  recollq -c "$WORK/recoll" -b -n 20 "$words" 2>/dev/null | grep '^file://' | awk -v q="$qid" '{ sub("^file://", ""); print q "\t" $0 }' >> "$WORK/recoll.run" || true
done < "$WORK/queries.tsv"

# 5. Scores, per format and in all.
python3 - "$WORK" "$DOCS" <<'EOF' > "$WORK/scores.txt"
import collections, os, sys
work, docs = sys.argv[1:3]
targets = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(work, "targets.tsv")))
def kind(t):
    top = t.split("/")[0]
    if top == "office": return t.split("/")[1]
    if top == "mail": return "mbox" if ".mbox#" in t else "eml"
    return top
def ranked(lines):
    runs = collections.defaultdict(list)
    for qid, path in lines:
        path = path.split("#")[0]
        if path not in runs[qid]: runs[qid].append(path)
    return runs
loupe = ranked((l.split()[0], l.split()[2]) for l in open(os.path.join(work, "loupe.run")))
recoll = ranked((q, os.path.relpath(p, docs)) for q, p in (l.rstrip("\n").split("\t", 1) for l in open(os.path.join(work, "recoll.run"))))
rows = collections.defaultdict(lambda: [0, 0.0, 0, 0.0, 0])
for qid, t in targets.items():
    file = t.split("#")[0]
    for k in (kind(t), "all"):
        r = rows[k]
        r[4] += 1
        for i, run in ((0, loupe), (2, recoll)):
            hits = run.get(qid, [])
            if file in hits:
                rank = hits.index(file) + 1
                r[i] += rank == 1
                r[i + 1] += 1 / rank
print("| documents | queries | Loupe first | Loupe MRR | Recoll first | Recoll MRR |")
print("|---|---:|---:|---:|---:|---:|")
for k in sorted(rows, key=lambda k: (k == "all", k)):
    f1, m1, f2, m2, n = rows[k]
    print(f"| {k} | {n} | {100 * f1 / n:.1f} % | {m1 / n:.3f} | {100 * f2 / n:.1f} % | {m2 / n:.3f} |")
EOF
cat "$WORK/scores.txt"
echo
echo "| engine | first index s (CPU s) | peak RSS MB | unchanged re-run s | index MB |"
echo "|---|---:|---:|---:|---:|"
echo "| Loupe | $loupe_s ($loupe_cpu) | $loupe_rss | $loupe_re | $loupe_mb (stored text: $sto_mb in .sto) |"
echo "| Recoll | $recoll_s ($recoll_cpu) | $recoll_rss | $recoll_re | $recoll_mb |"
echo
echo "PDF extraction, $(wc -l < "$WORK/pdfs.list") files, $pdf_mb MB: pdftotext ${pdftotext_1} s (1 at a time), ${pdftotext_2} s (2 at a time)"
grep -E "^(documents|formats):" "$WORK/loupe.stats"
echo "Loupe warnings: $(cat "$WORK/loupe.skipped"); Recoll missing helpers: $(cat "$WORK/recoll/missing" 2>/dev/null | tr '\n' ' ')"
