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

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named docx.py: its folder must not shadow python-docx on the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from convert import pipeline  # noqa: E402
from convert.export import typography  # noqa: E402
from convert.export.options import ExportOptions  # noqa: E402
from convert.model import Document  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown(doc: Document) -> str:
    """The document as the clean Markdown a careful editor would hand pandoc."""
    lines = []
    for index, article in enumerate(doc.articles):
        if article.kicker:
            lines.append(article.kicker)
        lines.append("# " + typography.article_label(article, index))
        if article.subtitle:
            lines.append(article.subtitle)
        if article.authors:
            lines.append("\u3000".join(article.authors))
        for block in article.blocks:
            lines.append(("## " if block.type == "heading" else "") + block.text)
        if article.affiliation:
            lines.append(typography.affiliation_note(article.affiliation, doc.lang))
    return "\n\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", nargs="?", default=str(ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt"))
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("HUOZI_NO_SYSTEM_FONTS", "1")
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    out = Path(tempfile.mkdtemp(prefix="huozi-bench-docx-"))
    options = ExportOptions()
    doc = pipeline.read(args.input)
    md = out / "input.md"
    md.write_text(markdown(doc), encoding="utf-8")
    lang = typography.region_tag(doc.lang)
    pandoc_cmd = [pandoc, str(md), "-f", "markdown", "-o", str(out / "pandoc.docx"), "-M", f"lang={lang}",
                  "-M", f"title={Path(args.input).stem}"] + (["--toc"] if len(doc.articles) > 1 else [])

    def seed_to_docx() -> None:
        pipeline.export(pipeline.read(args.input), "docx", out / "huozi.docx", options)

    def write_only() -> None:
        pipeline.export(doc, "docx", out / "huozi-write.docx", options)

    def cli() -> None:
        subprocess.run([sys.executable, "-m", "convert", "build", args.input, "--to", "docx", "--out", str(out / "cli")],
                       check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))

    def run_pandoc() -> None:
        subprocess.run(pandoc_cmd, check=True, capture_output=True)

    seed_to_docx(), run_pandoc(), cli()  # warm caches (disk, font lookup) before timing
    rows = [
        ("pandoc md → DOCX (process)", median_time(run_pandoc, args.repeat)),
        ("huozi seed → DOCX (in process)", median_time(seed_to_docx, args.repeat)),
        ("huozi DOCX write only", median_time(write_only, args.repeat)),
        ("huozi CLI build --to docx (process)", median_time(cli, max(3, args.repeat // 3))),
    ]
    peer = rows[0][1]
    print(f"input: {args.input} ({len(doc.characters())} characters, {len(doc.articles)} articles); "
          f"pandoc {pypandoc.get_pandoc_version()}; median of {args.repeat}")
    print(f"{'':38} {'ms':>8} {'× pandoc':>9}")
    for name, seconds in rows:
        print(f"{name:38} {seconds * 1e3:8.1f} {seconds / peer:9.2f}")
    print("target: huozi seed → DOCX ≤ 3.00 × pandoc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
