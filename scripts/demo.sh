#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, index the multilingual sample
# folder shipped in the repo, and run a few queries against it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --static-swift-stdlib
LOUPE=.build/release/loupe
$LOUPE index Samples/multilingual
for q in "mevlut cavusoglu" "Москва" "strasse" "東京" '"phrase queries"'; do
  echo "\$ loupe search $q"
  $LOUPE search "$q" --index multilingual
done
