"""PDF speed and memory: seed → PDF beside Typst, and a long synthetic book.

    .venv/bin/python bench/pdf.py [--runs 3] [--pages 250,500,1000]

1. Wall time of ``huozi build SEED --to pdf`` in a fresh process (start, parse, fonts, layout,
   write) beside Typst (PyPI ``typst``) compiling equivalent clean markup of the gold parse
   with the same bundled fonts, also in a fresh process; the ratio is ours / Typst's.
2. A synthetic book of N pages (the gold articles repeated): wall time, peak RSS, and time
   per page, to show the cost is linear.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# common first: it takes bench/ off sys.path (bench/docx.py would shadow python-docx).
from common import GOLD, ROOT, SEED, run, timed

PY = sys.executable
ENV = {"HUOZI_NO_SYSTEM_FONTS": "1", "PATH": "/usr/bin:/bin"}


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs after one untimed run (it fills the font caches, as
    any earlier build on the machine would); ``{run}`` in the command becomes the run number."""
    counter = itertools.count()

    def once() -> None:
        n = str(next(counter))
        run([c.replace("{run}", n) for c in cmd], env=ENV, cwd=ROOT)

    once()
    return timed(once, runs)


def typst_markup(gold: dict) -> str:
    """The gold parse as Typst: same page, fonts, size, leading, indent and justification."""

    def esc(s: str) -> str:
        return "".join("\\" + c if c in "\\#*_`$<>@[]=-+/~\"'" else c for c in s)

    out = [
        '#set page(paper: "a4", margin: (inside: 21mm, outside: 25.2mm, top: 23.8mm, bottom: 26.7mm))',
        '#set text(font: "Noto Serif CJK SC", size: 10.5pt, lang: "zh", region: "cn")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.7em, spacing: 0.7em)",
        '#show heading: set text(font: "Noto Sans CJK SC", weight: "bold")',
        "#outline()",
    ]
    for a in gold["articles"]:
        out.append("#pagebreak()")
        if a.get("kicker"):
            out.append(f"#align(center)[{esc(a['kicker'])}]")
        if a.get("title"):
            out.append(f"= {esc(a['title'])}")
        if a.get("authors"):
            out.append(f"#align(center)[{esc('　'.join(a['authors']))}]")
        for b in a["blocks"]:
            out.append(f"== {esc(b['text'])}" if b["type"] == "heading" else esc(b["text"]))
            out.append("")
        if a.get("affiliation"):
            out.append(f"#align(right)[（作者单位：{esc(a['affiliation'])}）]")
    return "\n\n".join(out)


BOOK = r"""
import json, resource, sys, time
from dataclasses import replace
t = time.perf_counter()
from convert.model import document_from_json
from convert.export.pdf import write
from convert.export.options import ExportOptions
doc = document_from_json(json.load(open(sys.argv[1], encoding="utf-8")))
copies = int(sys.argv[2])
arts = tuple(replace(a, title=(a.title or "") + f"（{i + 1}）" if a.title else None)
             for i in range(copies) for a in doc.articles)
book = replace(doc, articles=arts, title="合订本")
write(book, sys.argv[3], ExportOptions(page="a4"))
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def book(pages: int, out: Path) -> dict:
    copies = max(1, round(pages / 7.2))  # the gold's three articles fill ~7 A4 pages
    target = out / f"book{pages}.pdf"
    t = time.perf_counter()
    res = subprocess.run([PY, "-c", BOOK, str(GOLD), str(copies), str(target)], check=True,
                         capture_output=True, text=True, env=ENV, cwd=ROOT)
    info = json.loads(res.stdout.strip().splitlines()[-1])
    info["wall"] = time.perf_counter() - t
    n = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    info["pages"] = int(next(l.split()[-1] for l in n.splitlines() if l.startswith("Pages:")))
    return info


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", default="250,500,1000")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = wall([PY, "-m", "convert", "build", str(SEED), "--to", "pdf", "--out", str(out / "run{run}"), "-q"], args.runs)
        direct = wall([PY, "-c", "import sys; from convert import pipeline; from convert.export.options import ExportOptions; "
                       "pipeline.export(pipeline.read(sys.argv[1]), 'pdf', sys.argv[2], ExportOptions())",
                       str(SEED), str(out / "direct{run}.pdf")], args.runs)
        typ = out / "seed.typ"
        typ.write_text(typst_markup(json.loads(GOLD.read_text(encoding="utf-8"))), encoding="utf-8")
        code = f"import typst; typst.compile({str(typ)!r}, output={str(out)!r} + '/typst{{run}}.pdf', font_paths=[{str(ROOT / 'fonts')!r}])"
        theirs = wall([PY, "-c", code], args.runs)
        print(f"{'seed → PDF (fresh process, median of ' + str(args.runs) + ')':<44}{'seconds':>10}")
        print(f"{'huozi (parse + fonts + layout + write)':<44}{ours:>10.3f}")
        print(f"{'huozi read + pdf.write, no batch machinery':<44}{direct:>10.3f}")
        print(f"{'typst (compile equivalent markup)':<44}{theirs:>10.3f}")
        print(f"{'ratio huozi CLI / typst':<44}{ours / theirs:>10.2f}")
        print(f"{'ratio huozi read + write / typst':<44}{direct / theirs:>10.2f}")
        print()
        print(f"{'synthetic book':<16}{'pages':>8}{'seconds':>10}{'ms/page':>10}{'peak MB':>10}")
        for n in (int(p) for p in args.pages.split(",")):
            r = book(n, out)
            print(f"{'A4, gold x' + str(max(1, round(n / 7.2))):<16}{r['pages']:>8}{r['wall']:>10.2f}"
                  f"{1000 * r['wall'] / r['pages']:>10.1f}{r['peak_mb']:>10.0f}")


if __name__ == "__main__":
    main()
