#!/usr/bin/env bash
# The long form of the hostile-filesystem test: ROUNDS (default 300) indexing runs per seed, for
# SEEDS seeds (default 5), on a folder whose files and folders are swapped for links, FIFOs and
# /dev/zero, or grow past the limit, before the walk or between the walk and the read; each run
# followed by a checksum check of the index and searches for content from outside the folder.
# The short form (10 rounds, one seed) is part of the test suite (HostileRunsTests). Then, once
# each against the built `loupe`: a tree DEPTH folders deep (time and SIGINT latency), the indexed
# folder swapped for a link to /etc, and hard links (a file and write.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-300}
SEEDS=${2:-5}
swift build --build-tests
for seed in $(seq 1 "$SEEDS"); do
  echo "seed $seed: $ROUNDS rounds"
  LOUPE_HOSTILE_ROUNDS=$ROUNDS LOUPE_HOSTILE_SEED=$seed swift test --skip-build --filter HostileRunsTests
done

# The folder-level attacks, once each, against a release `loupe` (the time bounds are a release
# build's; LOUPE=path/to/loupe runs them against another build):
if [ -z "${LOUPE:-}" ]; then
  swift build -c release --product loupe
  LOUPE=$(swift build -c release --show-bin-path)/loupe
fi
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
export LOUPE_HOME=$work/home
fail() { echo "FAIL: $*"; exit 1; }

# 1. A tree DEPTH (default 10,000) folders deep, one file at the bottom: indexed and re-indexed in
#    time linear in the folders (under 5 s each), and a SIGINT obeyed within a second.
DEPTH=${DEPTH:-10000}
python3 - "$work/deep" "$DEPTH" <<'PY'
import os, sys
os.makedirs(sys.argv[1]); fd = os.open(sys.argv[1], os.O_RDONLY)
for _ in range(int(sys.argv[2])):
    os.mkdir("d", dir_fd=fd); nfd = os.open("d", os.O_RDONLY, dir_fd=fd); os.close(fd); fd = nfd
f = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd); os.write(f, b"deepword at the bottom\n")
PY
for run in first re-run; do
  start=$(date +%s.%N)
  "$LOUPE" index "$work/deep" --index "$work/deep-idx" -q || fail "deep tree: $run run failed"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  echo "deep tree of $DEPTH levels, $run: $seconds s"
  (( $(echo "$seconds < 5" | bc) )) || fail "deep tree: $run run took $seconds s"
done
"$LOUPE" search deepword --index "$work/deep-idx" >/dev/null || fail "deep tree: the file at the bottom is not found"
rm -rf "$work/deep-idx"
"$LOUPE" index "$work/deep" --index "$work/deep-idx" -q 2>/dev/null & pid=$!
sleep 0.2
start=$(date +%s.%N)
if kill -INT $pid 2>/dev/null; then
  status=0; wait $pid || status=$?
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  echo "deep tree: SIGINT obeyed in $seconds s (exit $status)"
  (( $(echo "$seconds < 1" | bc) )) || fail "deep tree: SIGINT took $seconds s"
else
  wait $pid || true
  echo "deep tree: the run ended within 0.2 s, before the SIGINT"
fi
rm -rf "$work/deep"

# 2. The indexed folder swapped for a link to /etc (holding a decoy named like /etc/shadow's file,
#    with its size and mtime): `search` and `index` refuse, and print nothing of /etc.
mkdir -p "$work/proj"
size=$(stat -c %s /etc/hostname)
printf 'decoyword%*s' $((size > 9 ? size - 9 : 0)) '' | head -c "$size" > "$work/proj/hostname"
touch -r /etc/hostname "$work/proj/hostname"
"$LOUPE" index "$work/proj" --index "$work/proj-idx" -q || fail "root swap: first index failed"
mv "$work/proj" "$work/proj.old"; ln -s /etc "$work/proj"
out=$("$LOUPE" search decoyword --index "$work/proj-idx" 2>&1) && fail "root swap: search succeeded: $out"
grep -q "is not the folder that was indexed" <<<"$out" || fail "root swap: search did not say why: $out"
grep -qF "$(head -c 20 /etc/hostname)" <<<"$out" && fail "root swap: search printed /etc/hostname"
"$LOUPE" index "$work/proj" --index "$work/proj-idx" -q 2>/dev/null && fail "root swap: index of the link succeeded"
rm "$work/proj"; mv "$work/proj.old" "$work/proj"
echo "root swapped for a link: refused by search and index"

# 3. Hard links: a file swapped for a hard link (same size and mtime) to a file outside is not
#    shown; a hard-linked write.lock is not written through.
printf 'outside secret line\n' > "$work/outside.txt"
printf 'hardword in a file.\n' > "$work/proj/h.txt"
touch -r "$work/outside.txt" "$work/proj/h.txt"
"$LOUPE" index "$work/proj" --index "$work/proj-idx" -q || fail "hard links: index failed"
rm "$work/proj/h.txt"; ln "$work/outside.txt" "$work/proj/h.txt"
out=$("$LOUPE" search hardword --index "$work/proj-idx" 2>&1) || true
grep -q "outside secret" <<<"$out" && fail "hard links: the outside file was shown: $out"
grep -q "hard links" <<<"$out" || fail "hard links: no reason given: $out"
rm -f "$work/proj-idx/write.lock"; : > "$work/precious"; ln "$work/precious" "$work/proj-idx/write.lock"
"$LOUPE" index "$work/proj" --index "$work/proj-idx" -q 2>/dev/null && fail "hard links: a hard-linked write.lock was taken"
[ ! -s "$work/precious" ] || fail "hard links: a pid was written through write.lock"
echo "hard links: not shown, not written through"
