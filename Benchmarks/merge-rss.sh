#!/usr/bin/env bash
# Peak RSS of `loupe index` with the default buffer against `--memory 64` (flushes, then merges):
#   bash Benchmarks/merge-rss.sh [folder] [memory MB...]
# Default folder: all of debdocs (~/.cache/loupe-corpora/debdocs); default runs: the default buffer
# and 64 MB. Each run builds a fresh index in a LOUPE_HOME under /tmp, deleted afterwards. Prints
# one table row per run: wall s, user s, peak RSS MB, index MB, segments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
C=${C:-$HOME/.cache/loupe-corpora}
folder=${1:-$C/debdocs}; shift || true
runs=("${@:-default 64}")
[ $# -eq 0 ] && runs=(default 64)
(cd "$here/.." && swift build -c release --product loupe >/dev/null)
loupe="$here/../.build/release/loupe"
home=$(mktemp -d /tmp/loupe-mergerss.XXXXXX)
trap 'rm -rf "$home"' EXIT
echo "| buffer | wall s | user s | peak RSS MB | index MB | segments |"
echo "|---|---|---|---|---|---|"
for m in "${runs[@]}"; do
  rm -rf "$home/idx"
  opt=(); [ "$m" != default ] && opt=(--memory "$m")
  LOUPE_HOME=$home /usr/bin/time -v "$loupe" index "$folder" --index idx -q "${opt[@]}" 2>"$home/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$home/time.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$home/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$home/time.txt")
  size=$(du -sb "$home/idx" | awk '{printf "%.1f", $1/1048576}')
  segs=$(ls "$home/idx" | grep -c '\.tim$' || true)
  echo "| $m | $wall | $user | $rss | $size | $segs |"
done
