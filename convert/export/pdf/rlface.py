"""ReportLab TrueType fonts without re-parsing a CJK face in every process.

ReportLab's ``TTFont`` walks the whole cmap, hmtx and loca tables in Python when it opens a
file: 20–35 ms per bundled CJK face, three faces per document, paid again by every new
process (each ``huozi build``, each batch worker). The result of that walk is plain data,
so it is kept on disk (pickle, in the font cache) keyed by the file's identity and the
ReportLab version; a later process only reads the font's bytes back (ReportLab subsets the
glyphs from them when it writes the PDF) and unpickles the tables: 3–10 ms.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version as RL_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from ...atomic import atomic_path
from ...fonts import cache_dir

FORMAT = 2  # bump when what is stored changes
# The file's bytes; a closure over unitsPerEm; the reverse cmap (only HarfBuzz shaping reads it).
_UNSTORED = ("_ttf_data", "_pdfScale", "glyphToChar")


class _Face(TTFontFace):
    """A face restored from the cache; the reverse cmap is rebuilt only if someone asks."""

    @property
    def glyphToChar(self) -> dict[int, list[int]]:
        rev = self.__dict__.get("_glyphToChar")
        if rev is None:
            rev = self.__dict__["_glyphToChar"] = {}
            for char, glyph in self.charToGlyph.items():
                rev.setdefault(glyph, []).append(char)
        return rev


def _memo(path: Path) -> tuple[Path, str]:
    st = path.stat()
    key = repr((FORMAT, RL_VERSION, str(path.resolve()), st.st_size, st.st_mtime_ns))
    return cache_dir() / "reportlab" / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle"), key


def _scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _cached_face(path: Path) -> TTFontFace | None:
    memo, key = _memo(path)
    paused = gc.isenabled()
    gc.disable()  # tens of thousands of new objects would trigger collections for nothing
    try:
        stored_key, state = pickle.loads(memo.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None
    finally:
        if paused:
            gc.enable()
    if stored_key != key:
        return None
    face = _Face.__new__(_Face)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _store(path: Path, face: TTFontFace) -> None:
    memo, key = _memo(path)
    state = {k: v for k, v in face.__dict__.items() if k not in _UNSTORED}
    try:
        with atomic_path(memo) as tmp:
            tmp.write_bytes(pickle.dumps((key, state), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only cache, or a face with state we cannot keep, only costs speed


class CachedTTFont(TTFont):
    """A ``TTFont`` whose face may come from the cache (same attributes as ReportLab sets)."""

    def __init__(self, name: str, filename: str | Path):
        path = Path(filename)
        face = _cached_face(path)
        if face is None:
            super().__init__(name, str(path), shapable=False)
            _store(path, self.face)
            return
        # What TTFont.__init__ sets besides the face (ReportLab 4.x).
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = False  # we place every glyph ourselves; no HarfBuzz shaping
