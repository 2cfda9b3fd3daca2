#!/usr/bin/env python3
"""Build the bundled fonts from Debian's fonts-noto-cjk: subset, then CFF → quadratic TrueType.

    .venv/bin/python fonts/build.py [--force] [--source DIR] [--only NAME]

Reproducible: the output depends only on the upstream files, fontTools' version,
the conversion settings and the character sets (OpenCC's tables among their
inputs); each is hashed into fonts/manifest.json and a face is rebuilt only when
one of them changed (or with --force). Rebuilds are byte-identical. The output is
committed, so CI and users never run this.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

import fontTools  # noqa: E402
import opencc  # noqa: E402
from fontTools.ttLib import TTCollection  # noqa: E402

from convert.fonts.outlines import CONVERSION_VERSION, LAYOUT_FEATURES, MAX_ERROR, make_truetype  # noqa: E402

DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto")
MANIFEST = HERE / "manifest.json"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

# output file → (upstream collection, face suffix, coverage set)
FACES: dict[str, tuple[str, str, str]] = {
    "NotoSerifCJK-SC-Regular.ttf": ("NotoSerifCJK-Regular.ttc", "sc", "SC"),
    "NotoSerifCJK-SC-Bold.ttf": ("NotoSerifCJK-Bold.ttc", "sc", "SC"),
    "NotoSansCJK-SC-Bold.ttf": ("NotoSansCJK-Bold.ttc", "sc", "SC"),
    "NotoSerifCJK-TC-Regular.ttf": ("NotoSerifCJK-Regular.ttc", "tc", "TC"),
    "NotoSerifCJK-TC-Bold.ttf": ("NotoSerifCJK-Bold.ttc", "tc", "TC"),
    "NotoSansCJK-TC-Bold.ttf": ("NotoSansCJK-Bold.ttc", "tc", "TC"),
}

# Everything but the ideographs, for every face: Latin with pinyin tones, Greek and
# Cyrillic (in GB 2312 and Big5 anyway), general and CJK punctuation, vertical and
# compatibility forms (an exporter without GSUB can map to these), full-width forms,
# bopomofo, enclosed numbers, units, box drawing, shapes. Code points a face lacks are skipped.
COMMON_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x01CD, 0x01DC), (0x01F8, 0x01F9), (0x0251, 0x0251),
    (0x0261, 0x0261), (0x02C7, 0x02DD), (0x0391, 0x03C9), (0x0401, 0x0451), (0x2010, 0x206F),
    (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x25FF),
    (0x2600, 0x26FF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F), (0x31A0, 0x31BF),
    (0x3200, 0x33FF), (0xFE10, 0xFE19), (0xFE30, 0xFE6F), (0xFF01, 0xFF65), (0xFFE0, 0xFFEE),
]


def double_byte(codec: str, leads: range, trails: list[int]) -> set[str]:
    """Every character a double-byte codec can decode (Python's own tables)."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:  # no private use
                chars.add(text)
    return chars


BIG5_TRAILS = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))


def gb2312() -> set[str]:
    return double_byte("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))


def big5() -> set[str]:
    return double_byte("big5", range(0xA1, 0xFA), BIG5_TRAILS)


def hkscs() -> set[str]:
    """Big5-HKSCS minus Big5: the Hong Kong supplement, Extension B characters included."""
    return double_byte("big5hkscs", range(0x81, 0xFF), BIG5_TRAILS) - big5()


def opencc_images(chars: set[str], configs: list[str], changed_only: bool = True) -> set[str]:
    """The characters OpenCC turns ``chars`` into (one at a time, no phrases); with
    ``changed_only``, only where it changes them."""
    out: set[str] = set()
    ordered = sorted(chars)
    for config in configs:
        converted = opencc.OpenCC(config).convert("\n".join(ordered)).split("\n")
        out.update(new for old, new in zip(ordered, converted) if new != old or not changed_only)
    return out - chars if changed_only else out


def coverage(kind: str) -> set[int]:
    common = {cp for lo, hi in COMMON_RANGES for cp in range(lo, hi + 1)}
    if kind == "SC":
        hanzi = gb2312() | opencc_images(big5(), ["t2s", "hk2s", "tw2s"])
    else:
        # Every character a converted simplified text can hold, kept ones included: OpenCC
        # leaves 税 as it is for Hong Kong (Taiwan writes 稅), and a TC face must still have it.
        # (The SC set takes only what t2s changes: the kept Big5 characters would add ~5,700
        # glyphs to each SC face; they fall back to the TC face instead.)
        hanzi = big5() | hkscs() | opencc_images(gb2312(), ["s2t", "s2tw", "s2twp", "s2hk"], changed_only=False)
    return common | {ord(c) for c in hanzi}


def face_index(collection: Path, suffix: str) -> int:
    """Index of the face whose PostScript name says ``sc``/``tc``/``hk`` (order differs by release)."""
    fonts = TTCollection(str(collection), lazy=True).fonts
    for index, font in enumerate(fonts):
        ps = font["name"].getDebugName(6) or ""
        if ps.split("-")[0].lower().endswith(suffix) and "Mono" not in ps:
            return index
    raise SystemExit(f"{collection}: no {suffix.upper()} face")


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def build_one(job: tuple[str, str, int, list[int]]) -> tuple[str, float]:
    out, source, index, codepoints = job
    start = time.perf_counter()
    make_truetype(Path(source), index, codepoints, HERE / out)
    return out, time.perf_counter() - start


def write_licence(source: Path) -> None:
    """OFL.txt: the upstream copyright notices plus the licence text from Debian's copyright file."""
    notices = []
    for name in sorted({n for n, *_ in FACES.values()}):
        font = TTCollection(str(source / name), lazy=True).fonts[0]
        notices.append(f"{name}: {font['name'].getDebugName(0)}")
    debian = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").split("License: SIL-1.1\n", 2)[-1]
    body = []
    for line in debian.splitlines():
        if line and not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    text = "Bundled fonts in this folder are Modified Versions (subset, TrueType outlines) of:\n"
    text += "\n".join(notices) + "\nwith Reserved Font Name 'Source' (not used by these files).\n\n"
    (HERE / "OFL.txt").write_text(text + "\n".join(body).strip() + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--only", action="append", help="build only this output file (repeatable)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    old = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {"faces": {}}
    sources = {name for name, *_ in FACES.values()}
    source_hashes = {name: sha256(args.source / name) for name in sources}
    # What the output depends on besides the source and the character set (hashed below).
    tool = {"fontTools": fontTools.version, "opencc": getattr(opencc, "__version__", "?"),
            "conversion": [CONVERSION_VERSION, list(LAYOUT_FEATURES), MAX_ERROR]}
    sets = {kind: sorted(coverage(kind)) for kind in ("SC", "TC")}
    jobs, entries = [], {}
    for out, (name, suffix, kind) in FACES.items():
        if args.only and out not in args.only:
            if out in old["faces"]:
                entries[out] = old["faces"][out]
            continue
        index = face_index(args.source / name, suffix)
        key = hashlib.sha256(json.dumps([source_hashes[name], index, tool, sets[kind]]).encode()).hexdigest()
        entry = {"source": name, "source_sha256": source_hashes[name], "index": index, "coverage": kind,
                 "requested_codepoints": len(sets[kind]), "key": key}
        previous = old["faces"].get(out, {})
        target = HERE / out
        if not args.force and previous.get("key") == key and target.exists() and sha256(target) == previous.get("sha256"):
            entries[out] = previous
            print(f"{out}: up to date")
            continue
        entries[out] = entry
        jobs.append((out, str(args.source / name), index, sets[kind]))
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for out, seconds in pool.map(build_one, jobs):
            print(f"{out}: built in {seconds:.1f} s, {(HERE / out).stat().st_size / 1e6:.2f} MB")
    for out in entries:
        if "sha256" not in entries[out] or any(j[0] == out for j in jobs):
            entries[out]["sha256"] = sha256(HERE / out)
            entries[out]["bytes"] = (HERE / out).stat().st_size
    total = sum(e["bytes"] for e in entries.values())
    manifest = {"upstream": "Debian fonts-noto-cjk (Noto Serif CJK 2.001, Noto Sans CJK 2.004)",
                "tools": tool, "total_bytes": total, "faces": entries}
    if DEBIAN_COPYRIGHT.exists():
        write_licence(args.source)
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    print(f"total {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
