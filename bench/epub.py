"""Seed → EPUB wall time, side by side with pandoc writing EPUB from equivalent clean Markdown.

    .venv/bin/python bench/epub.py [INPUT] [--repeat 15]

Targets: huozi seed → EPUB ≤ 3× pandoc; --embed-fonts adds ≤ 1 s. Rows (median of
--repeat runs, same machine, same run):
  pandoc md → EPUB             pandoc (PyPI pypandoc-binary) on the same text as Markdown, with
                               title, language and --toc; pandoc draws no cover and embeds no font
  huozi seed → EPUB            read + parse + EPUB write in one warm process (what a batch pays per file)
  huozi EPUB write only        the exporter alone on the parsed document (cover included)
  huozi seed → EPUB, embedded  as above with --embed-fonts (body face subset to the book, WOFF)
  huozi CLI build --to epub    `python -m convert build INPUT --to epub`: interpreter start and imports
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# common first: it takes bench/ off sys.path (bench/docx.py would shadow python-docx).
from common import exporter_rows, pandoc, pandoc_version, ratio_table, seed_bench

from convert import pipeline
from convert.export import typography
from convert.export.options import ExportOptions


def main() -> int:
    args, out, doc, md = seed_bench("epub")
    pandoc_cmd = [pandoc(), str(md), "-f", "markdown", "-t", "epub3", "-o", str(out / "pandoc.epub"),
                  "-M", f"lang={typography.script_tag(doc.lang)}", "-M", f"title={Path(args.input).stem}", "--toc"]

    plain, embedded = ExportOptions(), ExportOptions(embed_fonts=True)

    def embedded_epub() -> None:
        pipeline.export(pipeline.read(args.input), "epub", out / "embedded.epub", embedded)

    rows = exporter_rows("epub", args.input, doc, out, pandoc_cmd, args.repeat, plain,
                         extra=(("huozi seed → EPUB --embed-fonts", embedded_epub),))
    peer = rows[0][1]
    sizes = {name: (out / name).stat().st_size for name in ("pandoc.epub", "huozi.epub", "embedded.epub")}
    print(f"input: {args.input} ({len(doc.characters())} characters, {len(doc.articles)} articles); "
          f"pandoc {pandoc_version()}; median of {args.repeat}; load average {os.getloadavg()[0]:.1f}")
    ratio_table(rows)
    extra = rows[3][1] - rows[1][1]
    print(f"--embed-fonts costs {extra * 1e3:.0f} ms more (target ≤ 1000 ms)")
    print("sizes: " + ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in sizes.items()))
    ratio = rows[1][1] / peer
    print(f"target: huozi seed → EPUB ≤ 3.00 × pandoc: {ratio:.2f}× ({'met' if ratio <= 3 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
