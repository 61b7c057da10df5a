#!/usr/bin/env bash
# Decoder fuzzing: builds Benchmarks/Fuzz with libFuzzer + AddressSanitizer and runs each
# target (one per index file format) for SECONDS (default 600), one after the other. Each target
# gets its corpus in .fuzz/corpus/<format> (seeded with the sound file's body) and writes crashers
# to .fuzz/crashers/<format>/; a crasher is then reproduced with
#   Benchmarks/Fuzz/.build/release/fuzz-<format> .fuzz/crashers/<format>/crash-…
# and kept as a test in Tests/LoupeTests/FuzzRegressionTests.swift.
#
#   bash scripts/fuzz.sh [seconds] [format...]      e.g. bash scripts/fuzz.sh 60 tim doc
#
# With 0 seconds each target replays its corpus once and stops (no mutation): with
# LOUPE_FUZZ_ASAN=0, that is every crafted index of the corpus put through every command under the
# memory cap (`LOUPE_FUZZ_ASAN=0 bash scripts/fuzz.sh 0`).
#
# A memory bomb is a finding too: with AddressSanitizer (the default) libFuzzer reports any single
# allocation over MEMORY_MB (default 256) and a run past 2 GB of RSS (ASan's shadow counts);
# LOUPE_FUZZ_ASAN=0 builds without it and caps the address space at MEMORY_MB above what the
# set-up mapped, with setrlimit(RLIMIT_AS) (the harness reads LOUPE_FUZZ_MEMORY_MB), so what one input costs in all
# is bounded, not only its largest allocation. Swift instruments coverage only with a sanitizer,
# so that build has none: it replays the corpus (kept from ASan runs, plus the crafted shapes of
# Benchmarks/Fuzz/Corpus) and mutates it blindly under the cap.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
shift || true
FORMATS=("$@")
[ ${#FORMATS[@]} -gt 0 ] || FORMATS=(manifest tim doc pos nrm sto col del catalog)
MEMORY_MB=${MEMORY_MB:-256}
if [ "${LOUPE_FUZZ_ASAN:-1}" = 1 ]; then
  SANITIZE=(-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp)
  BUILD=.build; LIMITS=(-malloc_limit_mb="$MEMORY_MB" -rss_limit_mb=2048); CAP=
else
  SANITIZE=(); BUILD=.build-noasan; LIMITS=(-rss_limit_mb=0 -malloc_limit_mb=0); CAP=$MEMORY_MB
  export MALLOC_ARENA_MAX=2 # fewer 64 MB arenas reserved per thread
fi
# SwiftPM renames an executable's main, which clashes with the fuzzer runtime's own: link the
# runtime without its main (each target calls LLVMFuzzerRunDriver) and ask for its coverage.
RUNTIME=$(ls "$(dirname "$(readlink -f "$(command -v swiftc)")")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)
(cd Benchmarks/Fuzz && swift build -c release --scratch-path "$BUILD" \
    ${SANITIZE[@]+"${SANITIZE[@]}"} \
    -Xlinker "$RUNTIME" -Xlinker -lstdc++ 2>&1 | grep -E "error|Compiling|Build" || true)
status=0
if [ "$SECONDS_EACH" = 0 ]; then RUN=-runs=0; else RUN=-max_total_time="$SECONDS_EACH"; fi
for f in "${FORMATS[@]}"; do
  mkdir -p ".fuzz/corpus/$f" ".fuzz/crashers/$f"
  # Crafted shapes (memory bombs) join the corpus.
  [ -d "Benchmarks/Fuzz/Corpus/$f" ] && cp Benchmarks/Fuzz/Corpus/"$f"/* ".fuzz/corpus/$f/"
  start=$(date +%s)
  if SWIFT_BACKTRACE=enable=no LOUPE_FUZZ_SEED_DIR=".fuzz/corpus/$f" LOUPE_FUZZ_MEMORY_MB="$CAP" \
      "Benchmarks/Fuzz/$BUILD/release/fuzz-$f" ".fuzz/corpus/$f" $RUN \
      -max_len=65536 -timeout=10 "${LIMITS[@]}" -artifact_prefix=".fuzz/crashers/$f/" \
      -print_final_stats=1 > ".fuzz/$f.log" 2>&1; then
    echo "$f: $(( $(date +%s) - start )) s, $(grep -o 'stat::number_of_executed_units: *[0-9]*' ".fuzz/$f.log" | grep -o '[0-9]*$') inputs, no crash, peak RSS $(grep -o 'stat::peak_rss_mb: *[0-9]*' ".fuzz/$f.log" | grep -o '[0-9]*$') MB"
  else
    echo "$f: CRASH after $(( $(date +%s) - start )) s, see .fuzz/$f.log and .fuzz/crashers/$f/"
    status=1
  fi
done
exit $status
