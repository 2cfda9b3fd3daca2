"""Font loading and CFF → TrueType conversion: first run vs cached run (target: cached < 50 ms).

Every row runs in a fresh interpreter, as a user's ``huozi build`` would, and times only
the font work (interpreter start-up excluded; ``import`` is its own row). The CFF source
is Noto Serif CJK SC from Debian's fonts-noto-cjk when installed, else a synthetic CFF
font. The peer is typst, which reads CFF natively: its whole compile of the same text
with the same font, for scale.

    .venv/bin/python bench/fonts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt"
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
TARGET_MS = 50.0

# One timed step in a child process; prints {"ms": ...}.
CHILD = r"""
import json, os, sys, time
step, spec, seed = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
from convert import fonts
t1 = time.perf_counter()
text = open(seed, encoding="utf-8").read()
if step == "import":
    ms = (t1 - t0) * 1e3
elif step == "chain":
    chains = [fonts.resolve_chain(role, "Hans") for role in fonts.ROLES]
    for chain in chains:
        fonts.check_coverage(text, chain)
    ms = (time.perf_counter() - t1) * 1e3
elif step == "convert":
    face = fonts.resolve_chain("body", "Hans", spec)[0]
    face.truetype(set(text))
    ms = (time.perf_counter() - t1) * 1e3
elif step == "reportlab":
    from reportlab.pdfbase.ttfonts import TTFont
    t1 = time.perf_counter()
    TTFont("B", str(fonts.resolve_chain("body", "Hant-TW")[0].truetype()))
    ms = (time.perf_counter() - t1) * 1e3
print(json.dumps({"ms": ms}))
"""


def child(step: str, spec: str, env: dict) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, step, spec, str(SEED)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])["ms"]


def synthetic_cff(folder: Path) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_fonts import build_cff_font  # the test's tiny CFF builder

    return str(build_cff_font(folder / "Tiny.otf", "Tiny CFF"))


def typst_ms(font_dir: Path, text: str, runs: int) -> float | None:
    try:
        import time

        import typst
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "t.typ"
        src.write_text('#set text(font: "Noto Serif CJK SC", lang: "zh")\n' + text.replace("#", "\\#"), encoding="utf-8")
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            typst.compile(str(src), output=str(Path(tmp) / "t.pdf"), font_paths=[str(font_dir)])
            times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, HUOZI_CACHE=cache, HUOZI_NO_SYSTEM_FONTS="1", PYTHONPATH=str(ROOT))
        spec = f"{NOTO}#Noto Serif CJK SC" if NOTO.exists() else synthetic_cff(Path(cache))
        rows = []

        def median(step: str) -> float:
            return statistics.median(child(step, spec, env) for _ in range(args.runs))

        rows.append(("import convert.fonts", median("import"), ""))
        rows.append(("3 chains + coverage of the seed (bundled)", median("chain"), ""))
        first = child("convert", spec, env)  # cold cache: subset + cu2qu + write
        cached = median("convert")
        rows.append(("CFF face → TrueType for the seed, first run", first, ""))
        rows.append(("same, cached (fresh process)", cached, "OK" if cached < TARGET_MS else f"over {TARGET_MS:.0f} ms"))
        rows.append(("ReportLab TTFont of the bundled TC body font", median("reportlab"), ""))
        peer = typst_ms(NOTO.parent, SEED.read_text(encoding="utf-8"), 3) if NOTO.exists() else None
    width = max(len(r[0]) for r in rows)
    print(f"source: {spec}\n{'step':<{width}}  {'ms':>9}  note")
    for name, ms, note in rows:
        print(f"{name:<{width}}  {ms:9.1f}  {note}")
    print(f"cached / first conversion: {cached / first:.3f}×")
    if peer is not None:
        print(f"peer typst, whole compile of the seed with the CFF font: {peer:.0f} ms; "
              f"our cached font step is {cached / peer:.3f}× of it, the first conversion {first / peer:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
