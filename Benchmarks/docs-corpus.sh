#!/bin/bash
# Builds the documents corpus: a folder of the files people keep, made from Debian packages (no
# install: `apt-get download` + `dpkg-deb -x`, as ../shared/corpora does) and from the text corpora
# multi/ and debdocs/ (built by ../shared/corpora/build_all.sh):
#
#   pdf/     real PDFs of r-doc-pdf, octave-doc, lilypond-doc-pdf (several languages) and
#            texlive-latex-base-doc, in path order up to PDF_MB megabytes (files over 40 MB left out)
#   office/  DOCX, ODT and EPUB made with pandoc from OFFICE texts each of multi/ and debdocs/
#            (every language of debian-handbook and libreoffice-help), titled by their first line
#   mail/    .eml files and three mbox archives made with Python's `email` package from Debian's
#            package descriptions in 10 languages and their legacy charsets (KOI8-R, ISO-2022-JP,
#            GB2312, ISO-8859-2, …), quoted-printable or base64, some with an HTML alternative
#   man/     MAN gzip'd man pages of `manpages`
#
# The text each office file and message was made from goes to $CORPORA/docs-truth (outside the
# folder, not indexed): the known-item benchmark (docs-known-item.sh) takes its queries from it.
#
#   bash Benchmarks/docs-corpus.sh            # into $CORPORA/docs (CORPORA: ~/.cache/loupe-corpora)
#   PDF_MB=100 OFFICE=20 bash Benchmarks/docs-corpus.sh
#
# Needs apt sources of Debian 12, root or sudo (to install pandoc when missing), python3.
set -euo pipefail
CORPORA=${CORPORA:-$HOME/.cache/loupe-corpora}
OUT=${OUT:-$CORPORA/docs}
TRUTH=${TRUTH:-$CORPORA/docs-truth}
PDF_MB=${PDF_MB:-300}
OFFICE=${OFFICE:-40}
MAIL=${MAIL:-150}
MAN=${MAN:-300}
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
command -v pandoc >/dev/null || $SUDO apt-get install -y -qq pandoc >/dev/null
for c in multi debdocs; do
  [ -d "$CORPORA/$c" ] || { echo "no $CORPORA/$c: build it first (bash ../shared/corpora/build_all.sh $c)" >&2; exit 1; }
done
[ -n "$(ls "$CORPORA"/_apt/*Translation-ru 2>/dev/null)" ] || { echo "no package descriptions in $CORPORA/_apt (../shared/corpora/fetch_debs.sh)" >&2; exit 1; }

mkdir -p "$CORPORA/_debs" "$CORPORA/_pkg"
PKGS="r-doc-pdf octave-doc lilypond-doc-pdf texlive-latex-base-doc manpages"
(cd "$CORPORA/_debs"
 for p in $PKGS; do
   ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p" 2>/dev/null
   [ -d "$CORPORA/_pkg/$p" ] || { mkdir -p "$CORPORA/_pkg/$p"; dpkg-deb -x "${p}"_*.deb "$CORPORA/_pkg/$p"; }
 done)
rm -rf "$OUT" "$TRUTH"
mkdir -p "$OUT"/{pdf,office,mail,man} "$TRUTH"

# PDFs: path order within each package, packages in turn, until PDF_MB.
python3 - "$CORPORA/_pkg" "$OUT/pdf" "$PDF_MB" <<'EOF'
import os, shutil, sys
pkg, out, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]) << 20
lists = []
for p in ["r-doc-pdf", "octave-doc", "lilypond-doc-pdf", "texlive-latex-base-doc"]:
    found = []
    for root, _, files in os.walk(os.path.join(pkg, p)):
        found += [os.path.join(root, f) for f in files if f.endswith(".pdf") and os.path.isfile(os.path.join(root, f))]
    lists.append((p, sorted(found)))
total, n = 0, 0
while any(l for _, l in lists):
    for p, l in lists:
        if not l: continue
        f = l.pop(0)
        size = os.path.getsize(f)
        if size > 40 << 20 or total + size > budget: continue
        rel = os.path.relpath(f, os.path.join(pkg, p)).replace("usr/share/doc/", "")
        dest = os.path.join(out, p, rel.replace("/", "_"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(f, dest)
        total += size; n += 1
print(f"pdf: {n} files, {total / 1e6:.0f} MB")
EOF

# Office files and e-books: every k-th text of 2-60 KB, each made into one of the three formats.
python3 - "$CORPORA" "$OUT/office" "$TRUTH/office" "$OFFICE" <<'EOF'
import os, subprocess, sys
corpora, out, truth, per = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
roots = [os.path.join(corpora, "multi", "debian-handbook"), os.path.join(corpora, "multi", "libreoffice-help"),
         os.path.join(corpora, "debdocs")]
cands = []
for r in roots:
    for root, _, files in os.walk(r):
        for f in files:
            p = os.path.join(root, f)
            if f.endswith(".txt") and 2000 <= os.path.getsize(p) <= 60000: cands.append(p)
cands.sort()
want = 3 * per
step = max(1, len(cands) // want)
chosen = cands[::step][:want]
formats = ["docx", "odt", "epub"]
for i, src in enumerate(chosen):
    fmt = formats[i % 3]
    rel = os.path.relpath(src, corpora)[:-4].replace("/", "_")
    text = open(src, encoding="utf-8", errors="replace").read()
    title = next((l.strip() for l in text.splitlines() if l.strip()), rel)[:120]
    dest = os.path.join(out, fmt, rel + "." + fmt)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    r = subprocess.run(["pandoc", "-f", "markdown", "-t", fmt, "-o", dest, "--metadata", "title=" + title, src],
                       capture_output=True)
    if r.returncode != 0:
        print("pandoc failed on", src, r.stderr.decode()[:200], file=sys.stderr); continue
    t = os.path.join(truth, os.path.relpath(dest, out) + ".txt")
    os.makedirs(os.path.dirname(t), exist_ok=True)
    open(t, "w", encoding="utf-8").write(text)
print(f"office: {len(chosen)} files from {len(cands)} candidates")
EOF

# Mail: package descriptions as messages, each language in a legacy charset.
python3 - "$CORPORA/_apt" "$OUT/mail" "$TRUTH/mail" "$MAIL" <<'EOF'
import glob, mailbox, os, random, sys
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta
apt, out, truth, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
charsets = {"de": ("iso-8859-1", "quoted-printable"), "fr": ("iso-8859-15", "quoted-printable"),
            "ru": ("koi8-r", "base64"), "uk": ("koi8-u", "base64"), "ja": ("iso-2022-jp", "7bit"),
            "zh%5fCN": ("gb2312", "base64"), "pl": ("iso-8859-2", "quoted-printable"),
            "es": ("utf-8", "8bit"), "it": ("windows-1252", "quoted-printable"), "en": ("us-ascii", "7bit")}
def descriptions(lang):
    f = glob.glob(os.path.join(apt, f"*main_i18n_Translation-{lang}"))
    if not f: return []
    out, pkg, lines = [], None, None
    for line in open(f[0], encoding="utf-8", errors="replace"):
        if line.startswith("Package: "): pkg = line[9:].strip()
        elif line.startswith("Description-"): lines = [line.split(": ", 1)[1].rstrip("\n")]
        elif line.startswith(" ") and lines is not None: lines.append("" if line.strip() == "." else line[1:].rstrip("\n"))
        elif not line.strip() and lines:
            if len(" ".join(lines[1:]).split()) >= 30: out.append((pkg, lines[0], "\n".join(lines[1:])))
            lines = None
    return out
rng = random.Random(22)
langs = [l for l in charsets if glob.glob(os.path.join(apt, f"*main_i18n_Translation-{l}"))]
per = max(1, total // len(langs))
messages = []
for lang in langs:
    d = descriptions(lang)
    rng.shuffle(d)
    for pkg, subject, body in d[:per]:
        cs, cte = charsets[lang]
        try: body.encode(cs); subject.encode(cs)
        except UnicodeEncodeError: cs, cte = "utf-8", "base64"
        m = EmailMessage()
        m["From"] = f"{pkg} maintainers <{pkg}@packages.example.org>"
        m["To"] = "Debian users <users@lists.example.org>"
        m["Subject"] = subject
        m["Date"] = format_datetime(datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(500000)))
        m["Message-ID"] = f"<{pkg}.{lang}@example.org>"
        m.set_content(body, charset=cs, cte=cte)
        if rng.random() < 0.3:
            html = "<html><body><p>" + body.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>") + "</p></body></html>"
            m.add_alternative(html, subtype="html", charset="utf-8")
        messages.append((lang, pkg, m, subject + "\n" + body))
rng.shuffle(messages)
os.makedirs(truth, exist_ok=True)
names = [f"list-{i}.mbox" for i in range(3)]
boxes = [mailbox.mbox(os.path.join(out, n)) for n in names]
n_eml = len(messages) * 2 // 5
for i, (lang, pkg, m, text) in enumerate(messages):
    if i < n_eml:
        name = f"{i:04d}-{lang.replace('%5f', '_')}-{pkg}.eml"
        open(os.path.join(out, name), "wb").write(m.as_bytes())
    else:
        box = boxes[i % 3]
        box.add(m)
        name = names[i % 3] + f"#{len(box)}"
    open(os.path.join(truth, name.replace("#", "@") + ".txt"), "w", encoding="utf-8").write(text)
for b in boxes: b.close()
print(f"mail: {n_eml} .eml files, {len(messages) - n_eml} messages in 3 mbox files, languages {', '.join(langs)}")
EOF

# Man pages: every k-th of `manpages`, sections kept.
python3 - "$CORPORA/_pkg/manpages/usr/share/man" "$OUT/man" "$MAN" <<'EOF'
import os, shutil, sys
src, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = sorted(os.path.join(r, f) for r, _, fs in os.walk(src) for f in fs if f.endswith(".gz") and os.path.isfile(os.path.join(r, f)) and not os.path.islink(os.path.join(r, f)))
chosen = pages[::max(1, len(pages) // want)][:want]
for p in chosen:
    d = os.path.join(out, os.path.basename(os.path.dirname(p)))
    os.makedirs(d, exist_ok=True)
    shutil.copyfile(p, os.path.join(d, os.path.basename(p)))
print(f"man: {len(chosen)} of {len(pages)} pages")
EOF
echo "$OUT: $(find "$OUT" -type f | wc -l) files, $(du -sm "$OUT" | cut -f1) MB"
