"""A face made for vertical columns: glyphs pre-turned so a column is one rotated text run.

Why by hand: ReportLab embeds TrueType fonts as simple fonts (horizontal writing only, no
Identity-V, no GSUB), and drawing each upright character at its own origin leaves text that
extractors read row by row across the columns. So each column is drawn as a single text run
whose text matrix turns it 90° clockwise (the advance runs down the page, and extractors see
one rotated line per column, in reading order), in a derived face where:

- characters set upright in vertical text (East Asian wide/full-width, and marks that have a
  vertical form) get their *vertical* glyph — the face's own ``vert``/``vrt2`` substitution,
  else the Unicode vertical presentation form (U+FE10–FE19, U+FE30–FE4F) — turned 90°
  counter-clockwise and placed so its em box fills the cell, with the vertical advance
  (``vmtx``) as advance: on the page they stand upright, one per cell;
- everything else (Latin words, long numbers) keeps its glyph, so the run's turn sets it
  rotated 90° clockwise as vertical books do, centred on the column's axis.

The cmap still maps the *original* code points, so the PDF's ToUnicode gives ，「」 back
(copy, search and pdftotext read the text, not presentation forms).

A second, tiny face holds condensed upright digits for 縱中橫 (one or two digits side by side
in one cell).
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

VERSION = "v3"  # bump when the derivation changes (cache key)

# Marks with no ``vert`` substitution in some faces (TC centres ，。、 and has no rule for
# them; —— has none) whose Unicode vertical presentation form is the glyph to use.
PRESENTATION = {
    "，": "\uFE10", "、": "\uFE11", "。": "\uFE12", "：": "\uFE13", "；": "\uFE14",
    "！": "\uFE15", "？": "\uFE16", "〖": "\uFE17", "〗": "\uFE18", "…": "\uFE19",
    "‥": "\uFE30", "—": "\uFE31", "―": "\uFE31", "–": "\uFE32", "＿": "\uFE33",
    "（": "\uFE35", "）": "\uFE36", "｛": "\uFE37", "｝": "\uFE38", "〔": "\uFE39",
    "〕": "\uFE3A", "【": "\uFE3B", "】": "\uFE3C", "《": "\uFE3D", "》": "\uFE3E",
    "〈": "\uFE3F", "〉": "\uFE40", "「": "\uFE41", "」": "\uFE42", "『": "\uFE43",
    "』": "\uFE44", "［": "\uFE47", "］": "\uFE48",
}
# Characters a vertical book turns sideways although they are "wide" (long-vowel and wave
# dashes are drawn by their vertical glyphs instead when the face has one).
_ALWAYS_ROTATED = frozenset()


def upright(ch: str, has_vertical_form: bool = False) -> bool:
    """Whether ``ch`` stands upright in a vertical column (UAX #50, simplified).

    Wide and full-width characters stand; so do marks that have a vertical form. The
    rest (Latin, digits, half-width) turns with the column.
    """
    if ch in _ALWAYS_ROTATED:
        return False
    return has_vertical_form or unicodedata.east_asian_width(ch) in "WF"


def _vertical_substitutions(font) -> dict[str, str]:
    """glyph name → vertical glyph name, from the GSUB ``vert``/``vrt2`` single substitutions."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    if not table.FeatureList or not table.LookupList:
        return {}
    lookups: list[int] = []
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag in ("vert", "vrt2"):
            lookups.extend(i for i in record.Feature.LookupListIndex if i not in lookups)
    mapping: dict[str, str] = {}
    for index in lookups:
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if getattr(sub, "ExtSubTable", None) is not None:
                sub = sub.ExtSubTable
            for source, target in (getattr(sub, "mapping", None) or {}).items():
                mapping.setdefault(source, target)
    return mapping


def axis_shift(path: Path) -> float:
    """How far (in em) a derived face lowered its turned glyphs: add it to set them upright."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        os2, em = font["OS/2"], font["head"].unitsPerEm
        return (os2.sTypoAscender + os2.sTypoDescender) / 2 / em
    finally:
        font.close()


def _key(source: Path, chars: str) -> str:
    st = source.stat()
    data = f"{VERSION}|{source.resolve()}|{st.st_size}|{st.st_mtime_ns}|{''.join(sorted(set(chars)))}"
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def vertical_face(source: Path, chars: str) -> Path:
    """The derived vertical face of ``source`` for ``chars`` (cached by file and charset)."""
    from ...fonts.outlines import cache_dir

    target = cache_dir() / "vertical" / f"{_key(source, chars)}.ttf"
    if not target.exists():
        _derive(source, set(chars), target, tcy=None)
    return target


TCY_PARTS = "CLR"  # a lone digit centred; the left and the right digit of a pair


def tcy_face(source: Path, part: str) -> Path:
    """Upright digits for 縱中橫 from ``source``'s digits (any baseline: centred on their ink).

    ``C``: a lone digit, one em down the column. ``L`` / ``R``: narrowed into the left or right
    half of one cell, each advancing half an em, so the pair reads in order (left digit first)
    on one baseline, which extractors keep as one line, and still shares one cell on the page.
    """
    from ...fonts.outlines import cache_dir

    target = cache_dir() / "vertical" / f"{_key(source, '0123456789')}-tcy{part}.ttf"
    if not target.exists():
        _derive(source, set("0123456789"), target, tcy=part)
    return target


def _derive(source: Path, chars: set[str], target: Path, *, tcy: str | None) -> None:
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    from ...atomic import atomic_path

    font = TTFont(str(source), recalcTimestamp=False)  # not lazy=False: that expands all 20k glyphs (8 s)
    cmap = font.getBestCmap()
    subs = _vertical_substitutions(font)
    chars = {c for c in chars if ord(c) in cmap and not c.isspace()}
    if 0x20 in cmap:
        chars.add(" ")
    # Which glyph each character takes, and whether it stands upright.
    plan: dict[str, tuple[str, bool]] = {}
    for ch in chars:
        name = cmap[ord(ch)]
        vertical = subs.get(name)
        if vertical is None and ch in PRESENTATION and ord(PRESENTATION[ch]) in cmap:
            vertical = cmap[ord(PRESENTATION[ch])]
        if tcy:
            plan[ch] = (name, True)
        else:
            plan[ch] = (vertical or name, upright(ch, vertical is not None))
    keep = {g for g, _ in plan.values()}
    options = Options()
    options.glyph_names = True
    options.layout_features = []
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "DSIG"]
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars], glyphs=sorted(keep))
    subsetter.subset(font)

    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    os2 = font["OS/2"]
    em = font["head"].unitsPerEm
    ascent, descent = os2.sTypoAscender, os2.sTypoDescender
    middle = (ascent + descent) / 2  # a turned Latin word sits centred on the column's axis
    # Record every outline before any is replaced (one glyph may serve both orientations).
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    glyph_set = font.getGlyphSet()
    recorded, tops = {}, {}
    for name, _stand in set(plan.values()):
        if name not in recorded:
            recorded[name] = DecomposingRecordingPen(glyph_set)
            glyph_set[name].draw(recorded[name])
            g = glyf[name]
            tops[name] = (g.yMin, g.yMax) if getattr(g, "numberOfContours", 0) else None
    order = list(font.getGlyphOrder())
    made: dict[tuple[str, bool], str] = {}
    new_cmap: dict[int, str] = {}
    for ch, (name, stand) in sorted(plan.items()):
        key = (name, stand)
        if key not in made:
            out = name if not any(k[0] == name for k in made) else f"{name}.{'u' if stand else 'r'}"
            width, _lsb = hmtx[name]
            if tcy:
                low, high = tops[name] or (0, ascent)
                # Turned counter-clockwise (upright on the page), ink centred in the cell:
                # u = em/2 + (low + high)/2 - y; a pair's digits are narrowed into half an em.
                scale = 1.0 if tcy == "C" else min(1.0, (em / 2 * 0.92) / max(width, 1))
                across = {"C": 0.0, "L": -em / 4, "R": em / 4}[tcy]
                down = em / 2 if tcy == "R" else 0.0  # R's origin is half an em down the cell
                transform = (0, scale, -1, 0, (em + low + high) / 2 - down, -width * scale / 2 + across)
                advance = em if tcy == "C" else em / 2
            elif stand:
                if vmtx is not None and name in vmtx.metrics:
                    advance, tsb = vmtx[name]
                    origin = tsb + tops[name][1] if tops[name] is not None else ascent
                else:
                    advance, origin = em, ascent
                # Turn 90° counter-clockwise: u = origin - y (down the cell), v = x - width/2.
                transform = (0, 1, -1, 0, origin, -width / 2)
            else:
                advance = width
                transform = (1, 0, 0, 1, 0, -middle)
            pen = TTGlyphPen(None)
            recorded[name].replay(TransformPen(pen, transform))
            glyph = pen.glyph()
            if out not in glyf.glyphs:
                order.append(out)
            made[key] = out
            glyf[out] = glyph
            glyph.recalcBounds(glyf)
            hmtx[out] = (round(advance), getattr(glyph, "xMin", 0))
        new_cmap[ord(ch)] = made[key]
    font.setGlyphOrder(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = {cp: g for cp, g in new_cmap.items() if cp <= 0xFFFF or table.format in (12, 13)}
    for tag in ("vhea", "vmtx"):
        if tag in font:
            del font[tag]
    font["maxp"].numGlyphs = len(order)
    # A PostScript name of its own: viewers cache embedded fonts by name, and the same
    # subset prefix on the horizontal and the derived face would let one stand in for the other.
    suffix = f"Tcy{tcy}" if tcy else "Vert"
    for record in font["name"].names:
        if record.nameID in (4, 6):
            base = record.toUnicode()
            record.string = f"{base}-{suffix}" if record.nameID == 6 else f"{base} {suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        font.save(str(tmp))
    font.close()
