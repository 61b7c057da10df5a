#!/usr/bin/env bash
# The long form of the crash test: ROUNDS (default 100) runs of `loupe index` killed with SIGKILL at
# random moments, each followed by a full check of the index. The short form (3 rounds) is part of
# the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-100}
swift build --build-tests
LOUPE_KILL_ROUNDS=$ROUNDS swift test --skip-build --filter KillTests
