"""What a Chinese variant adds to a build's wall time (target: ≤ 25 %).

    .venv/bin/python bench/variants.py [INPUT] [--to epub,docx,pdf] [--repeat 5]

For each format: the median (or, with --best, the fastest) wall time of read → export (cn, the identity), of read → hk → export,
and of the variant transform alone (detection + OpenCC + quotes, every field); the share is the
transform's time over the cn build's. Side by side, the peer: OpenCC's own ``opencc -c s2hk``
command on the raw file, and one bare ``OpenCC.convert`` of the whole text (the floor).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# common first: it takes bench/ off sys.path (bench/docx.py would shadow python-docx).
from common import SEED, timed

from convert import pipeline
from convert.export.options import ExportOptions
from convert.transform import variant
from convert.transform.variants import converter


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", nargs="?", default=str(SEED))
    parser.add_argument("--to", default="epub,docx,pdf")
    parser.add_argument("--variant", default="hk")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--best", action="store_true", help="report the fastest run instead of the median")
    args = parser.parse_args()

    def median_time(fn, repeat: int) -> float:
        return timed(fn, repeat, best=args.best)

    os.environ.setdefault("HUOZI_NO_SYSTEM_FONTS", "1")

    doc = pipeline.read(args.input)
    text = Path(args.input).read_text(encoding="utf-8")
    variant(doc, args.variant)  # warm the converter cache, as any second variant of a batch would
    options = ExportOptions()
    out = Path(tempfile.mkdtemp(prefix="huozi-bench-"))

    transform = median_time(lambda: variant(doc, args.variant), args.repeat * 4)
    print(f"input: {args.input} ({len(doc.characters())} characters), variant {args.variant}, {'best' if args.best else 'median'} of {args.repeat}")
    print(f"{'format':8} {'build cn ms':>12} {'build ' + args.variant + ' ms':>12} {'variant ms':>11} {'share':>7} {'hk/cn':>6}")
    for fmt in [f for f in args.to.split(",") if f]:
        def build(name: str) -> None:
            d = pipeline.read(args.input)
            d = pipeline.convert_variant(d, name)
            pipeline.export(d, fmt, out / pipeline.output_name("bench", name, fmt), options)

        try:
            build("cn")
        except Exception as exc:  # an exporter still being written: say so, bench the rest
            print(f"{fmt:8} unavailable: {type(exc).__name__}: {exc}")
            continue
        cn = median_time(lambda: build("cn"), args.repeat)
        other = median_time(lambda: build(args.variant), args.repeat)
        print(f"{fmt:8} {cn * 1e3:12.1f} {other * 1e3:12.1f} {transform * 1e3:11.2f} {transform / cn:7.1%} {other / cn:6.2f}")

    # The peer: OpenCC itself on the same text.
    bare = median_time(lambda: converter("s2hk")(text), args.repeat * 4)
    opencc_bin = Path(sys.modules["opencc"].__file__).parent / "clib" / "bin" / "opencc"
    print("\npeer (same text)                 ms   ours/peer")
    print(f"{'huozi variant (every field)':30} {transform * 1e3:6.2f}")
    print(f"{'OpenCC.convert, whole text':30} {bare * 1e3:6.2f} {transform / bare:7.2f}")
    if opencc_bin.exists():
        config = Path(sys.modules["opencc"].__file__).parent / "clib" / "share" / "opencc" / "s2hk.json"
        cli = median_time(
            lambda: subprocess.run([str(opencc_bin), "-c", str(config), "-i", args.input, "-o", os.devnull], check=True),
            args.repeat,
        )
        print(f"{'opencc -c s2hk (process)':30} {cli * 1e3:6.2f} {transform / cli:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
