"""What the bench scripts share: the import path, the seed, timing, and the peer's Markdown.

Import it first, as ``import common``: a script run as ``python bench/NAME.py`` has bench/
first on sys.path, where bench/docx.py would shadow python-docx (and bench/pdf.py any
``pdf`` module); importing this module takes bench/ off the path and puts the checkout on it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt"
GOLD = ROOT / "tests" / "data" / "000_e5d23699ff1a9f1e.json"


def timed(fn: Callable[[], object], repeat: int, best: bool = False) -> float:
    """Seconds per call: the median of ``repeat`` calls, or the fastest with ``best``
    (steadier on a busy machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) if best else statistics.median(times)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """A command whose output nobody reads; failing loudly."""
    return subprocess.run(cmd, check=True, capture_output=True, **kwargs)


def cli_build(input: str | Path, fmt: str, out: Path, *extra: str) -> None:
    """``python -m convert build INPUT --to FMT --force`` (a real build each time, not a resume):
    interpreter start and imports included."""
    run([sys.executable, "-m", "convert", "build", str(input), "--to", fmt, "--out", str(out), "-q", "--force", *extra],
        env=dict(os.environ, PYTHONPATH=str(ROOT)))


def pandoc() -> str:
    import pypandoc  # the peer, from the bench extra (pypandoc-binary)

    return pypandoc.get_pandoc_path()


def pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()


def markdown(doc) -> str:
    """The document as the clean Markdown a careful editor would hand pandoc."""
    from convert.export import typography

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


def ratio_table(rows: list[tuple[str, float]], peer: str = "pandoc") -> None:
    """Rows of (label, seconds) in ms and as a multiple of the first row (the peer)."""
    base = rows[0][1]
    print(f"{'':38} {'ms':>8} {'× ' + peer:>9}")
    for name, seconds in rows:
        print(f"{name:38} {seconds * 1e3:8.1f} {seconds / base:9.2f}")


def exporter_rows(fmt: str, source: str | Path, doc, out: Path, pandoc_cmd: list[str], repeat: int, options,
                  extra: tuple[tuple[str, Callable[[], object]], ...] = ()) -> list[tuple[str, float]]:
    """The rows of an exporter bench, caches warmed first: pandoc (the peer), seed → FMT in one
    warm process (what a batch pays per file), the exporter alone, ``extra`` rows, the CLI."""
    from convert import pipeline

    def seed() -> None:
        pipeline.export(pipeline.read(source), fmt, out / f"huozi.{fmt}", options)

    def write_only() -> None:
        pipeline.export(doc, fmt, out / f"huozi-write.{fmt}", options)

    def cli() -> None:
        cli_build(source, fmt, out / "cli")

    def peer() -> None:
        run(pandoc_cmd)

    for warm in (seed, peer, cli, *(fn for _, fn in extra)):  # disk, font lookup, imports
        warm()
    name = fmt.upper()
    return [
        (f"pandoc md → {name} (process)", timed(peer, repeat)),
        (f"huozi seed → {name} (in process)", timed(seed, repeat)),
        (f"huozi {name} write only", timed(write_only, repeat)),
        *((label, timed(fn, repeat)) for label, fn in extra),
        (f"huozi CLI build --to {fmt} (process)", timed(cli, max(3, repeat // 3))),
    ]


def seed_bench(fmt: str):
    """Arguments (INPUT, --repeat) and set-up of an exporter bench: bundled fonts only, a fresh
    output folder, the parsed input and its Markdown for pandoc. → (args, out, doc, markdown path)"""
    import argparse
    import tempfile

    from convert import pipeline

    parser = argparse.ArgumentParser()
    parser.add_argument("input", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("HUOZI_NO_SYSTEM_FONTS", "1")
    out = Path(tempfile.mkdtemp(prefix=f"huozi-bench-{fmt}-"))
    doc = pipeline.read(args.input)
    md = out / "input.md"
    md.write_text(markdown(doc), encoding="utf-8")
    return args, out, doc, md
