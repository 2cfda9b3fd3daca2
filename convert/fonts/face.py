"""One font face: where it lives, what it is called, which characters it has.

A face is a file plus a face index (collections hold several). Its character
map is read once per process (lazily, only when a coverage question is asked),
so building a chain of faces costs nothing until it is used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from struct import error as struct_error  # a truncated file raises it
from typing import TYPE_CHECKING, Iterable

from ..errors import FontError
from .outlines import cached_truetype, disk_memo, from_ranges, to_ranges

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools is imported only when a font must really be read (a cache miss): a cached run
# never needs it, and importing it costs ~20 ms of every start.


def _read_errors() -> tuple[type[BaseException], ...]:
    from fontTools.ttLib import TTLibError

    return (TTLibError, OSError, AssertionError, KeyError, ValueError, struct_error)


def _open_font(path, index: int) -> TTFont:
    from fontTools.ttLib import TTFont

    return TTFont(str(path), fontNumber=index, lazy=True)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_COLLECTIONS = (".ttc", ".otc")
_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class FontFace:
    """A resolved face. ``name`` is stable and safe to register with ReportLab."""

    name: str
    family: str
    path: Path
    index: int = 0
    source: str = "user"  # "user" | "bundled" | "system"
    outlines: str = "truetype"  # "truetype" | "cff"
    style: str = "Regular"

    def has(self, char: str) -> bool:
        return ord(char) in codepoints(self.path, self.index)

    def missing(self, chars: Iterable[str]) -> set[str]:
        have = codepoints(self.path, self.index)
        return {c for c in chars if ord(c) not in have}

    def truetype(self, chars: Iterable[str] | None = None) -> Path:
        """A single-face TrueType file (index 0) ReportLab and Pillow load.

        A TrueType face alone in its file is returned as is. A CFF face is
        converted for ``chars`` (plus printable ASCII) and cached; without
        ``chars`` the whole face is converted, which takes a minute for a CJK font.
        A TrueType face inside a collection is extracted whole, once.
        """
        if self.outlines == "truetype" and self.index == 0 and self.path.suffix.lower() not in _COLLECTIONS:
            return self.path
        wanted = None
        if chars is not None and self.outlines == "cff":
            wanted = {ord(c) for c in chars} | set(range(0x20, 0x7F))
        try:
            return cached_truetype(self.path, self.index, wanted)
        except _read_errors() as exc:
            raise FontError(f"{self.path}#{self.index}: cannot convert to TrueType ({exc})") from None

    def __str__(self) -> str:
        where = f"{self.path}#{self.index}" if self.index else str(self.path)
        return f"{self.family} {self.style} ({self.source}, {self.outlines}, {where})"


@lru_cache(maxsize=None)
def _codepoints(path: str, index: int, mtime_ns: int) -> frozenset[int]:
    def read() -> list[list[int]]:
        font = _open_font(path, index)
        try:
            return to_ranges(font.getBestCmap() or ())
        finally:
            font.close()

    return from_ranges(disk_memo("cmaps", Path(path), str(index), read))


def codepoints(path: Path, index: int) -> frozenset[int]:
    return _codepoints(str(path), index, path.stat().st_mtime_ns)


def _names(font: TTFont) -> list[str]:
    table = font["name"]
    names = [table.getDebugName(i) for i in (4, 6, 1, 16)]
    family = table.getDebugName(16) or table.getDebugName(1)
    style = table.getDebugName(17) or table.getDebugName(2)
    if family and style:
        names.append(f"{family} {style}")
    return [n for n in names if n]


def _face_count(path: Path) -> int:
    if path.suffix.lower() not in _COLLECTIONS:
        return 1
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    try:
        return len(collection.fonts)
    finally:
        collection.close()


def parse_spec(spec: str) -> tuple[Path, str | None]:
    """``file.ttc#1`` / ``file.ttc#Face Name`` / ``file.otf`` → (path, selector)."""
    path, _, selector = spec.partition("#")
    if not Path(path).suffix.lower() in FONT_SUFFIXES and Path(spec).exists():
        return Path(spec), None  # a '#' that belongs to the file name
    return Path(path).expanduser(), (selector.strip() or None)


def open_face(path: Path, selector: str | int | None = None, *, source: str = "user") -> FontFace:
    """Open one face of a font file; ``selector`` is a face index or a face name."""
    path = Path(path)
    if path.is_file():
        info = disk_memo("faces", path, f"{selector!r}|{source}", lambda: _face_info(path, selector, source))
        return FontFace(**{**info, "path": Path(info["path"])})
    return _face_info(path, selector, source)  # raises the right error


def _face_info(path: Path, selector: str | int | None, source: str) -> dict:
    if not path.is_file():
        raise FontError(f"{path}: no such font file")
    if path.suffix.lower() not in FONT_SUFFIXES:
        raise FontError(f"{path}: not a font file (expected .ttf, .otf, .ttc or .otc)")
    with path.open("rb") as handle:  # checked here: fontTools leaks the handle when it refuses a file
        if handle.read(4) not in _MAGIC:
            raise FontError(f"{path}: cannot read font (not an OpenType/TrueType file)")
    try:
        count = _face_count(path)
        if selector is None:
            index = 0
        elif isinstance(selector, int) or str(selector).isdigit():
            index = int(selector)
            if not 0 <= index < count:
                raise FontError(f"{path}: face index {index} out of range (the file has {count})")
        else:
            index = _index_by_name(path, str(selector), count)
        font = _open_font(path, index)
    except _read_errors() as exc:
        raise FontError(f"{path}: cannot read font ({exc})") from None
    try:
        names = _names(font)
        outlines = "cff" if ("CFF " in font or "CFF2" in font) else "truetype" if "glyf" in font else None
        if outlines is None:
            raise FontError(f"{path}#{index}: no outlines (bitmap-only fonts cannot be embedded)")
        table = font["name"]
        family = table.getDebugName(16) or table.getDebugName(1) or path.stem
        style = table.getDebugName(17) or table.getDebugName(2) or "Regular"
        postscript = table.getDebugName(6) or (names[0] if names else path.stem)
    finally:
        font.close()
    name = _UNSAFE.sub("", postscript.replace(" ", "-")) or "Font"
    if source != "bundled":
        # The same PostScript name may exist as our subset and as the full upstream file.
        name += "-" + hashlib.sha256(f"{path.resolve()}#{index}".encode()).hexdigest()[:6]
    return {"name": name, "family": family, "path": str(path.resolve()), "index": index, "source": source,
            "outlines": outlines, "style": style}


def _index_by_name(path: Path, wanted: str, count: int) -> int:
    key = wanted.casefold()
    seen = []
    for index in range(count):
        font = _open_font(path, index)
        try:
            names = _names(font)
        finally:
            font.close()
        if key in (n.casefold() for n in names):
            return index
        seen.append(names[0] if names else f"#{index}")
    raise FontError(f"{path}: no face named {wanted!r} (faces: {', '.join(seen)})")

