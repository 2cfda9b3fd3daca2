"""CFF → TrueType: subset a face, redraw its cubic outlines as quadratic ones, cache the result.

ReportLab embeds only ``glyf`` fonts, while the best open CJK faces (Noto CJK,
Source Han) are CFF. fontTools does the hard parts (subsetting with GSUB
closure, cubic-to-quadratic approximation); this module only wires them
together and caches the output, keyed by the font file's hash, the face index
and the character set, so a second run costs a stat and a dict lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..atomic import atomic_path

if TYPE_CHECKING:  # fontTools is imported on the first conversion, not at start-up
    from fontTools.ttLib import TTFont

# Vertical text needs these substitutions; everything else in GSUB/GPOS is
# either regional (locl, handled by picking the regional face) or unused by
# our exporters, so dropping it keeps the files small.
LAYOUT_FEATURES = ("vert", "vrt2")
# Approximation tolerance in font units (1000/em): invisible at any print size.
MAX_ERROR = 1.0
# Bump when the conversion's output changes (fonts/build.py keys its manifest on it).
CONVERSION_VERSION = 1
# Tables that only make sense next to CFF outlines.
_CFF_ONLY = ("CFF ", "CFF2", "VORG")


def subset_options():
    from fontTools import subset as ft_subset  # imported on first conversion: ~0.3 s

    options = ft_subset.Options()
    options.layout_features = list(LAYOUT_FEATURES)
    options.hinting = False  # CJK at print resolution needs no hints; they cost ~10 %
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False  # reproducible output
    return options


def subset_font(font: TTFont, codepoints: Iterable[int]) -> None:
    """Keep only the glyphs for ``codepoints`` plus their vertical alternates (in place)."""
    from fontTools import subset as ft_subset

    subsetter = ft_subset.Subsetter(subset_options())
    subsetter.populate(unicodes=set(codepoints))
    subsetter.subset(font)


def is_cff(font: TTFont) -> bool:
    return "CFF " in font or "CFF2" in font


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic ``glyf`` outlines (in place)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        # PostScript outer contours run anticlockwise, TrueType ones clockwise.
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    for tag in _CFF_ONLY:
        if tag in font:
            del font[tag]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    # Glyph names of CID-keyed fonts are meaningless ("cid01234"): post format 3 stores none.
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}


def make_truetype(source: Path, index: int, codepoints: Iterable[int] | None, target: Path) -> None:
    """Write face ``index`` of ``source`` to ``target`` as a single TrueType font.

    With ``codepoints`` the face is subset first (fast); without, every glyph is kept.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=index, lazy=False, recalcTimestamp=False)
    if codepoints is not None:
        subset_font(font, codepoints)
    if is_cff(font):
        cff_to_truetype(font)
    with atomic_path(target) as tmp:
        font.save(str(tmp))
    font.close()


# --- cache -------------------------------------------------------------------


def cache_dir() -> Path:
    root = os.environ.get("HUOZI_CACHE")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "huozi"


def disk_memo(kind: str, path: Path, extra: str, compute):
    """``compute()`` remembered on disk per (font file, size, mtime, ``extra``): JSON values only.

    Lets a cached run skip parsing fonts it has seen (a CJK cmap costs ~140 ms to read).
    """
    st = path.stat()
    key = repr((str(path.resolve()), st.st_size, st.st_mtime_ns, extra))
    memo = cache_dir() / kind / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")
    try:
        stored = json.loads(memo.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored["value"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    value = compute()
    try:
        with atomic_path(memo) as tmp:
            tmp.write_text(json.dumps({"key": key, "value": value}), encoding="utf-8")
    except OSError:
        pass  # a read-only cache only costs speed
    return value


_digests: dict[tuple, str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a font file (hashing a 27 MB collection takes ~40 ms, so it is memoised)."""
    st = path.stat()
    mem_key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if mem_key not in _digests:
        def compute() -> str:
            with path.open("rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()

        _digests[mem_key] = disk_memo("digests", path, "", compute)
    return _digests[mem_key]


def to_ranges(codepoints) -> list[list[int]]:
    ranges: list[list[int]] = []
    for cp in sorted(codepoints):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def from_ranges(ranges) -> frozenset[int]:
    return frozenset(cp for lo, hi in ranges for cp in range(lo, hi + 1))


def charset_digest(codepoints: Iterable[int] | None) -> str:
    if codepoints is None:
        return "all"
    data = ",".join(f"{cp:x}" for cp in sorted(set(codepoints)))
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def cached_truetype(source: Path, index: int, codepoints: Iterable[int] | None) -> Path:
    """The TrueType conversion of one face for one character set, converting on a cache miss.

    Parallel processes may convert the same key at once: each writes its own
    temporary file and renames it into place, so readers only ever see a whole file.
    """
    codepoints = None if codepoints is None else set(codepoints)
    name = f"{file_digest(source)[:24]}-{index}-{charset_digest(codepoints)}.ttf"
    target = cache_dir() / "truetype" / name
    if not target.exists():
        make_truetype(source, index, codepoints, target)
    return target
