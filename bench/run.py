"""Huozi at archive scale: one table of throughput and peak memory (``--json`` for machines).

Rows: parse throughput; the seed → each format (with pandoc, the peer, as a ratio where
it writes the format); an N-page synthetic book (the seed repeated) → each format; an
N-file batch of seed-sized pages → PDF+EPUB+DOCX with 1 and 2 workers (pages/s and the
speed-up). Targets (issue 8): batch ≥ 8 pages/s with 2 workers, speed-up ≥ 1.7×, peak
memory ≤ 300 MB per worker.

Each row runs in a fresh interpreter so its peak memory (ru_maxrss) is its own; a
batch's per-worker peak is the largest child's.

    .venv/bin/python bench/run.py            # 1,000 pages / files (several minutes)
    .venv/bin/python bench/run.py --quick    # 40 pages / files
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# common first: it takes bench/ off sys.path (bench/docx.py would shadow python-docx). A batch
# worker started by spawn re-runs this file with that stripped path, so put bench/ back first.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SEED, markdown, pandoc, run, timed  # noqa: E402

FORMATS = ("pdf", "epub", "docx")
TARGET_RATE, TARGET_SPEEDUP, TARGET_MB = 8.0, 1.7, 300.0


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# --- one case, in its own interpreter ------------------------------------------


def case_parse(n: int, tmp: Path) -> dict:
    from convert import parse_text
    from convert.decode import decode

    text = decode(SEED.read_bytes())
    parse_text(text)  # warm-up: imports, compiled patterns
    start = time.perf_counter()
    for _ in range(n):
        parse_text(text)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pages": n, "chars_per_s": len(text) * n / seconds}


def case_seed(fmt: str, tmp: Path, repeat: int = 3) -> dict:
    from convert import pipeline
    from convert.export.options import ExportOptions

    doc = pipeline.convert_variant(pipeline.read(SEED), pipeline.DEFAULT_VARIANT)
    cold = timed(lambda: pipeline.export(doc, fmt, tmp / f"seed.{fmt}", ExportOptions()), 1)  # font loading, caches
    seconds = timed(lambda: pipeline.export(doc, fmt, tmp / f"seed.{fmt}", ExportOptions()), repeat)
    return {"seconds": seconds, "cold": cold, "pages": 1}


def case_pandoc(fmt: str, tmp: Path, repeat: int = 3) -> dict:
    """The peer: pandoc writing the same articles (as Markdown, as bench/docx.py and epub.py) to EPUB or DOCX."""
    from convert import pipeline

    source = tmp / "seed.md"
    source.write_text(markdown(pipeline.read(SEED)), encoding="utf-8")
    args = [pandoc(), str(source), "-o", str(tmp / f"peer.{fmt}"), "--metadata", "title=seed", "--metadata", "lang=zh-CN"]
    run(args)
    return {"seconds": timed(lambda: run(args), repeat), "pages": 1}


def case_book(fmt: str, n: int, tmp: Path) -> dict:
    from dataclasses import replace

    from convert import pipeline
    from convert.book import merge
    from convert.export.options import ExportOptions

    page = pipeline.read(SEED)
    book = merge([replace(page, source=f"p{i}") for i in range(1, n + 1)], title="合订本")
    start = time.perf_counter()
    pipeline.export(pipeline.convert_variant(book, pipeline.DEFAULT_VARIANT), fmt, tmp / f"book.{fmt}", ExportOptions(title="合订本"))
    return {"seconds": time.perf_counter() - start, "pages": n, "bytes": (tmp / f"book.{fmt}").stat().st_size}


def case_batch(workers: int, n: int, tmp: Path) -> dict:
    from convert import batch
    from convert.progress import Progress

    pages = tmp / "pages"
    if not pages.exists():
        pages.mkdir()
        text = SEED.read_bytes()
        for i in range(n):
            (pages / f"p{i}.txt").write_bytes(text)
    out = tmp / f"out{workers}"
    job = batch.Batch(batch.discover([pages]), out, batch.Settings(formats=FORMATS), workers=workers, resume=False)
    start = time.perf_counter()
    with Progress(len(job.inputs), quiet=True) as progress:
        outcome = batch.run(job, progress)
    seconds = time.perf_counter() - start
    failed = len(outcome.failed)
    worker_peak = _peak_mb() if workers == 1 else _peak_mb(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "pages": n, "failed": failed, "worker_peak_mb": worker_peak}


def _spin(seconds: float) -> int:
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(range(1000))  # pure CPU, no I/O, little memory traffic
        count += 1
    return count


def case_ceiling(workers: int, tmp: Path) -> dict:
    """The machine's own speed-up: a pure CPU loop in 1 vs N processes (vCPUs may share a core)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [0.05] * workers))  # start the workers
        start = time.perf_counter()
        work = sum(pool.map(_spin, [2.0] * workers))
    return {"seconds": time.perf_counter() - start, "pages": 1, "work": work}


def _one(name: str, arg: str, n: int, tmp: Path) -> dict:
    if name == "ceiling":
        result = case_ceiling(int(arg), tmp)
    elif name == "parse":
        result = case_parse(n, tmp)
    elif name == "seed":
        result = case_seed(arg, tmp)
    elif name == "pandoc":
        result = case_pandoc(arg, tmp)
    elif name == "book":
        result = case_book(arg, n, tmp)
    elif name == "batch":
        result = case_batch(int(arg), n, tmp)
    else:
        raise SystemExit(f"unknown case {name}")
    result["peak_mb"] = _peak_mb()
    return result


# --- the table -------------------------------------------------------------------


def _run_case(name: str, arg: str, n: int, tmp: Path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0")
    cmd = [sys.executable, __file__, "--case", name, arg, str(n), str(tmp)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 pages/files instead of 1,000")
    parser.add_argument("--pages", type=int, help="size of the book and the batch")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--case", nargs=4, metavar=("NAME", "ARG", "N", "TMP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        name, arg, n, tmp = args.case
        print(json.dumps(_one(name, arg, int(n), Path(tmp))))
        return 0

    n = args.pages or (40 if args.quick else 1000)
    rows: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="huozi-bench-"))
    try:
        def row(label, name, arg, size, unit="pages/s"):
            result = _run_case(name, arg, size, tmp)
            result.update(case=label, unit=unit)
            if "seconds" in result:
                result["rate"] = result.get("pages", 1) / result["seconds"]
            rows.append(result)
            if not args.json:
                print(_line(result), flush=True)
            return result

        if not args.json:
            print(f"{'case':<28}{'seconds':>9}{'rate':>12}{'peak MB':>9}{'worker MB':>10}  notes")
        row("parse seed", "parse", "-", 200 if not args.quick else 20)
        for fmt in FORMATS:
            ours = row(f"seed → {fmt}", "seed", fmt, 1)
            if fmt in ("epub", "docx"):
                peer = row(f"  pandoc → {fmt} (peer)", "pandoc", fmt, 1)
                if "seconds" in ours and "seconds" in peer:
                    ours["vs_pandoc"] = ours["seconds"] / peer["seconds"]
                    if not args.json:
                        print(f"{'':<28}huozi / pandoc = {ours['vs_pandoc']:.2f}×")
        for fmt in FORMATS:
            row(f"book {n} pages → {fmt}", "book", fmt, n)
        spin1 = row("CPU loop, 1 process", "ceiling", "1", 1, unit="work")
        spin2 = row("CPU loop, 2 processes", "ceiling", "2", 1, unit="work")
        ceiling = spin2["work"] / spin1["work"] if "work" in spin1 and "work" in spin2 else None
        if ceiling and not args.json:
            print(f"{'':<28}this machine's speed-up ceiling, 1 → 2 processes: {ceiling:.2f}×")
        one = row(f"batch {n} files, 1 worker", "batch", "1", n)
        two = row(f"batch {n} files, 2 workers", "batch", "2", n)
        if "seconds" in one and "seconds" in two:
            speedup = one["seconds"] / two["seconds"]
            two["speedup"] = speedup
            verdict = {
                "pages_per_s_2_workers": (two["rate"], two["rate"] >= TARGET_RATE),
                "speedup": (speedup, speedup >= TARGET_SPEEDUP),
                "machine_speedup_ceiling": (ceiling, None),
                "worker_peak_mb": (max(one["worker_peak_mb"], two["worker_peak_mb"]),
                                   max(one["worker_peak_mb"], two["worker_peak_mb"]) <= TARGET_MB),
            }
            rows.append({"case": "targets", **{k: {"value": v, "met": ok} for k, (v, ok) in verdict.items()}})
            if not args.json:
                print(f"targets: {two['rate']:.1f} pages/s with 2 workers (≥ {TARGET_RATE:g}: {'met' if verdict['pages_per_s_2_workers'][1] else 'NOT met'}); "
                      f"speed-up {speedup:.2f}× (≥ {TARGET_SPEEDUP}: {'met' if verdict['speedup'][1] else 'NOT met'}; machine ceiling {ceiling or 0:.2f}×); "
                      f"worker peak {verdict['worker_peak_mb'][0]:.0f} MB (≤ {TARGET_MB:g}: {'met' if verdict['worker_peak_mb'][1] else 'NOT met'})")
        if args.json:
            print(json.dumps({"pages": n, "cpus": os.cpu_count(), "rows": rows}, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _line(r: dict) -> str:
    if "error" in r:
        return f"{r['case']:<28}  error: {r['error']}"
    notes = []
    if "work" in r:
        notes.append(f"{r['work'] / 1e3:.0f} k loop steps")
    if "cold" in r:
        notes.append(f"first call {r['cold']:.2f} s")
    if "chars_per_s" in r:
        notes.append(f"{r['chars_per_s'] / 1e6:.2f} M chars/s")
    if r.get("failed"):
        notes.append(f"{r['failed']} FAILED")
    if "bytes" in r:
        notes.append(f"{r['bytes'] / 1e6:.2f} MB file")
    worker = f"{r['worker_peak_mb']:>10.0f}" if "worker_peak_mb" in r else f"{'':>10}"
    return f"{r['case']:<28}{r['seconds']:>9.2f}{r['rate']:>12.1f}{r['peak_mb']:>9.0f}{worker}  {'; '.join(notes)}"


if __name__ == "__main__":
    sys.exit(main())
