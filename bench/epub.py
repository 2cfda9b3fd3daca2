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

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path; keep bench/*.py from shadowing libraries.
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
    out = Path(tempfile.mkdtemp(prefix="huozi-bench-epub-"))
    doc = pipeline.read(args.input)
    md = out / "input.md"
    md.write_text(markdown(doc), encoding="utf-8")
    pandoc_cmd = [pandoc, str(md), "-f", "markdown", "-t", "epub3", "-o", str(out / "pandoc.epub"),
                  "-M", f"lang={typography.script_tag(doc.lang)}", "-M", f"title={Path(args.input).stem}", "--toc"]

    plain, embedded = ExportOptions(), ExportOptions(embed_fonts=True)

    def seed_to_epub(options=plain, name="huozi.epub") -> None:
        pipeline.export(pipeline.read(args.input), "epub", out / name, options)

    def write_only() -> None:
        pipeline.export(doc, "epub", out / "huozi-write.epub", plain)

    def cli() -> None:
        subprocess.run([sys.executable, "-m", "convert", "build", args.input, "--to", "epub", "--out", str(out / "cli")],
                       check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))

    def run_pandoc() -> None:
        subprocess.run(pandoc_cmd, check=True, capture_output=True)

    # Warm caches (disk, font lookup, imports) before timing.
    seed_to_epub(), seed_to_epub(embedded, "warm.epub"), run_pandoc(), cli()
    rows = [
        ("pandoc md → EPUB (process)", median_time(run_pandoc, args.repeat)),
        ("huozi seed → EPUB (in process)", median_time(seed_to_epub, args.repeat)),
        ("huozi EPUB write only", median_time(write_only, args.repeat)),
        ("huozi seed → EPUB --embed-fonts", median_time(lambda: seed_to_epub(embedded, "embedded.epub"), args.repeat)),
        ("huozi CLI build --to epub (process)", median_time(cli, max(3, args.repeat // 3))),
    ]
    peer = rows[0][1]
    sizes = {name: (out / name).stat().st_size for name in ("pandoc.epub", "huozi.epub", "embedded.epub")}
    print(f"input: {args.input} ({len(doc.characters())} characters, {len(doc.articles)} articles); "
          f"pandoc {pypandoc.get_pandoc_version()}; median of {args.repeat}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'':38} {'ms':>8} {'× pandoc':>9}")
    for name, seconds in rows:
        print(f"{name:38} {seconds * 1e3:8.1f} {seconds / peer:9.2f}")
    extra = rows[3][1] - rows[1][1]
    print(f"--embed-fonts costs {extra * 1e3:.0f} ms more (target ≤ 1000 ms)")
    print("sizes: " + ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in sizes.items()))
    ratio = rows[1][1] / peer
    print(f"target: huozi seed → EPUB ≤ 3.00 × pandoc: {ratio:.2f}× ({'met' if ratio <= 3 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
