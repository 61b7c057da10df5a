#!/usr/bin/env bash
# Checks that LoupeCore's layers depend only downward (ARCHITECTURE.md, "Layers"): a type declared
# in one folder of Sources/LoupeCore may be named in another only where the table below allows it.
# Names in comments and string literals do not count. And no folder but Store makes a system call on
# a file. Exits 1 and lists each crossing otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import os, re, sys
# folder -> the folders its code may name types from (besides its own)
allowed = {
    "Store": set(),
    "Analysis": {"Store"},
    "Codec": {"Store"},
    "Index": {"Store", "Analysis", "Codec"},
    "Search": {"Store", "Analysis", "Codec", "Index"},
}
root = "Sources/LoupeCore"
declaration = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|indirect)\s+)*"
    r"(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z]\w*)", re.M)
def code(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"""(?:.|\n)*?"""', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"//[^\n]*", "", text)
files, owner = {}, {}
for folder in allowed:
    for dirpath, _, names in os.walk(os.path.join(root, folder)):
        for n in sorted(names):
            if n.endswith(".swift"):
                path = os.path.join(dirpath, n)
                text = code(open(path, encoding="utf-8").read())
                files[path] = (folder, text)
                for m in declaration.finditer(text):
                    owner.setdefault(m.group(1), folder)
unknown = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.endswith(".docc") and d not in allowed]
problems = [f"{root}/{d}: a folder the layer table does not know" for d in unknown]
for path, (folder, text) in sorted(files.items()):
    for name in sorted(set(re.findall(r"\b[A-Z]\w*\b", text))):
        other = owner.get(name)
        if other and other != folder and other not in allowed[folder]:
            problems.append(f"{path}: {folder} names {name}, declared in {other}")
# Only Store touches files: everywhere else an index file is listed, opened, mapped, written,
# renamed, synced, deleted or locked through a `Directory`, never by a system call of its own.
system_call = re.compile(
    r"(?<![\w.])(?<!func )(open|openat|mmap|munmap|access|stat|lstat|fstat|opendir|fdopendir|readdir|unlink|unlinkat"
    r"|rename|renameat|fsync|fdatasync|flock|mkdir|mkdirat|pread|pwrite|ftruncate)\s*\("
    r"|\bFileManager\b|\bFileHandle\b|\bMappedFile\s*\(|\bGlibc\.")
for path, (folder, text) in sorted(files.items()):
    if folder == "Store":
        continue
    for n, line in enumerate(text.split("\n"), 1):
        for m in system_call.finditer(line):
            problems.append(f"{path}:{n}: {folder} calls {m.group(0).rstrip('(').strip()} on a file itself; go through a Directory (Store)")
if problems:
    print("layer check: %d crossing(s) against ARCHITECTURE.md's layers" % len(problems))
    print("\n".join(problems))
    sys.exit(1)
print(f"layer check: {len(files)} files, every name within its layer's dependencies, files touched only in Store")
PY
