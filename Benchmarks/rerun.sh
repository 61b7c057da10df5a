#!/usr/bin/env bash
# Issue #4's re-run target: a second `loupe index` of an unchanged folder against the first run.
# Alternates ROUNDS fresh first runs with unchanged re-runs and the stat floor (readdir + fstatat of
# every file, `stat-floor.c`), so the VM's drift hits all three alike; prints medians and the ratio.
#   bash Benchmarks/rerun.sh /tmp/dd100k [ROUNDS]
# (/tmp/dd100k: debdocs-100k as a folder; compare.sh's README section says how to make it.)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: rerun.sh DIR [ROUNDS]}
ROUNDS=${2:-5}
swift build -c release --static-swift-stdlib >/dev/null
LOUPE=$PWD/.build/release/loupe
IDX=$(mktemp -d)/index
FLOOR=$(mktemp -d)/stat-floor
gcc -O2 -o "$FLOOR" Benchmarks/stat-floor.c -lpthread
python3 - "$LOUPE" "$DIR" "$IDX" "$FLOOR" "$ROUNDS" <<'EOF'
import shutil, statistics, subprocess, sys, time
loupe, folder, idx, floor, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t
first, again, flo = [], [], []
for r in range(rounds):
    shutil.rmtree(idx, ignore_errors=True)
    first.append(timed([loupe, "index", folder, "--index", idx, "-q"]))
    timed([loupe, "index", folder, "--index", idx, "-q"])  # warms the page cache of the new index
    for _ in range(3):
        again.append(timed([loupe, "index", folder, "--index", idx, "-q"]))
        flo.append(timed([floor, folder, "2"]))
f, a, s = statistics.median(first), statistics.median(again), statistics.median(flo)
print(f"first run   median {f:.3f} s  ({' '.join(f'{x:.2f}' for x in first)})")
print(f"re-run      median {a:.3f} s  ({' '.join(f'{x:.2f}' for x in again)})")
print(f"stat floor  median {s:.3f} s  ({' '.join(f'{x:.2f}' for x in flo)})")
print(f"re-run / first run = {100 * a / f:.1f} %   (target < 5 %; floor / first run = {100 * s / f:.1f} %)")
EOF
rm -rf "$(dirname "$IDX")" "$(dirname "$FLOOR")"
