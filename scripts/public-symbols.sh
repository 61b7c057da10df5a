#!/usr/bin/env bash
# Prints the number of public declarations of the library (LoupeCore, LoupeFiles and LoupeFiles'
# extensions of LoupeCore), from the compiler's symbol graph, so the size of the public API is a
# figure, not a guess. Symbols the compiler synthesizes (protocol defaults, Equatable's ==) are
# left out: nobody wrote them. `--list` prints each symbol too.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public >/dev/null
dir=$(swift build --show-bin-path 2>/dev/null)/../symbolgraph
python3 - "$dir" "${1:-}" <<'PY'
import json, sys, collections
folder, mode = sys.argv[1], sys.argv[2]
total = 0
for module in ("LoupeCore", "LoupeFiles", "LoupeFiles@LoupeCore"):
    with open(f"{folder}/{module}.symbols.json") as f:
        graph = json.load(f)
    symbols = [s for s in graph["symbols"]
               if s["accessLevel"] in ("public", "open")
               and "::SYNTHESIZED::" not in s["identifier"]["precise"]]
    kinds = collections.Counter(s["kind"]["displayName"] for s in symbols)
    print(f"{module}: {len(symbols)} ({', '.join(f'{n} {k}' for k, n in kinds.most_common(5))})")
    if mode == "--list":
        for s in sorted(symbols, key=lambda s: ".".join(s["pathComponents"])):
            print("   ", ".".join(s["pathComponents"]), f"[{s['kind']['displayName']}]")
    total += len(symbols)
print(f"public declarations: {total}")
PY
