#!/usr/bin/env bash
# Languages per passage on a mixed folder: 300 pages of the Debian Handbook's translations
# (multi/debian-handbook/*/*.txt sorted, every 11th), a page's language told by its folder (cs-CZ: cs).
# `loupe analyze --languages` gives each page's whole-text language (what indexing analyzed the whole
# page in before passages) and the main language and passages indexing analyzes it in now. Prints,
# of the pages of a translation (not en-US), those whose whole-page language is the folder's, those
# whose main language is, and those where the folder's language holds passages (the translated
# passages analyzed in it); of the en-US pages, those given passages of another language; then
# indexes the 300 pages and prints `loupe stats`' languages (documents per language they hold).
#   CORPORA=/work/corpora LOUPE=.build/release/loupe bash Benchmarks/passage-languages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPORA=${CORPORA:-$HOME/.cache/loupe-corpora}
LOUPE=${LOUPE:-.build/release/loupe}
WORK=$(mktemp -d /tmp/loupe-passages.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
(cd "$CORPORA/multi/debian-handbook" && find . -name '*.txt' | LC_ALL=C sort | awk 'NR % 11 == 1' | head -n 300) > "$WORK/pages"
while read -r page; do
    mkdir -p "$WORK/folder/$(dirname "$page")"
    cp "$CORPORA/multi/debian-handbook/$page" "$WORK/folder/$page"
    printf '%s\t%s\n' "$page" "$("$LOUPE" analyze --languages --json - < "$WORK/folder/$page")"
done < "$WORK/pages" > "$WORK/languages.tsv"
python3 - "$WORK/languages.tsv" <<'PY'
import json, sys
alias = {"no": "nb", "nn": "nb"}
n = whole = main = held = en = en_other = 0
for line in open(sys.argv[1]):
    page, record = line.rstrip("\n").split("\t")
    r = json.loads(record)
    folder = page.split("/")[1].split("-")[0]
    langs = {alias.get(p["language"], p["language"]) for p in r["passages"] if p["language"]}
    if folder == "en":
        en += 1
        en_other += bool(langs - {"en"})
        continue
    n += 1
    whole += alias.get(r["language"], r["language"]) == folder
    main += alias.get(r["main"], r["main"]) == folder
    held += folder in langs
print(f"translated pages: {n}; whole-page language right: {whole}; main language right: {main}; "
      f"the translation's language holds passages: {held}")
print(f"en-US pages: {en}; with passages of another language: {en_other}")
PY
export LOUPE_HOME=$WORK/home
t0=$(date +%s.%N)
"$LOUPE" index "$WORK/folder" --index mixed --quiet >/dev/null
echo "indexed in $(echo "$(date +%s.%N) - $t0" | bc) s"
"$LOUPE" stats --index mixed | grep '^languages:'
