#!/usr/bin/env bash
# The long form of the hostile-filesystem test: ROUNDS (default 300) indexing runs per seed, for
# SEEDS seeds (default 5), on a folder whose files and folders are swapped for links, FIFOs and
# /dev/zero, or grow past the limit, before the walk or between the walk and the read; each run
# followed by a checksum check of the index and searches for content from outside the folder.
# The short form (10 rounds, one seed) is part of the test suite (HostileRunsTests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-300}
SEEDS=${2:-5}
swift build --build-tests
for seed in $(seq 1 "$SEEDS"); do
  echo "seed $seed: $ROUNDS rounds"
  LOUPE_HOSTILE_ROUNDS=$ROUNDS LOUPE_HOSTILE_SEED=$seed swift test --skip-build --filter HostileRunsTests
done
