#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, index the multilingual sample
# folder shipped in the repo, and run a few queries against it. The demo keeps its index in the
# repository's Indexes/ (LOUPE_HOME), not in the user's index home.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --static-swift-stdlib
LOUPE=.build/release/loupe
export LOUPE_HOME="$PWD/Indexes"
$LOUPE index Samples/multilingual
for q in "mevlut cavusoglu" "Москва" "strasse" "東京" '"phrase queries"'; do
  echo "\$ loupe search $q"
  $LOUPE search "$q" --index multilingual || [ $? -eq 1 ]   # 1: nothing found, not a failure
done
echo "\$ loupe search 'budget ext:pdf modified:>=2024-01-01' --sort -modified --facets ext,folder"
$LOUPE search 'budget ext:pdf modified:>=2024-01-01' --sort -modified --facets ext,folder --index multilingual || [ $? -eq 1 ]
