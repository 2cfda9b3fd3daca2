"""Seed → DOCX wall time, side by side with pandoc writing DOCX from equivalent clean Markdown.

    .venv/bin/python bench/docx.py [INPUT] [--repeat 15]

Target: ≤ 3× pandoc. Rows (median of --repeat runs, same machine, same run):
  huozi seed → DOCX      read + parse + DOCX write in one warm process (what a batch build pays per file)
  huozi DOCX write only  the exporter alone, on the parsed document
  huozi CLI (process)    `python -m convert build INPUT --to docx`: interpreter start and imports included
  pandoc md → DOCX       pandoc (PyPI pypandoc-binary) on the same text as Markdown, with --toc when
                         the document has several articles (ours writes a TOC then too)
"""

from __future__ import annotations

import sys
from pathlib import Path

# common first: it takes bench/ off sys.path (this file would shadow python-docx).
from common import exporter_rows, pandoc, pandoc_version, ratio_table, seed_bench

from convert.export import typography
from convert.export.options import ExportOptions


def main() -> int:
    args, out, doc, md = seed_bench("docx")
    lang = typography.region_tag(doc.lang)
    pandoc_cmd = [pandoc(), str(md), "-f", "markdown", "-o", str(out / "pandoc.docx"), "-M", f"lang={lang}",
                  "-M", f"title={Path(args.input).stem}"] + (["--toc"] if len(doc.articles) > 1 else [])

    rows = exporter_rows("docx", args.input, doc, out, pandoc_cmd, args.repeat, ExportOptions())
    print(f"input: {args.input} ({len(doc.characters())} characters, {len(doc.articles)} articles); "
          f"pandoc {pandoc_version()}; median of {args.repeat}")
    ratio_table(rows)
    print("target: huozi seed → DOCX ≤ 3.00 × pandoc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
