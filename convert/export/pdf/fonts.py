"""Fonts for the PDF: resolve each role's chain, register it with ReportLab, measure.

ReportLab registration is process-global, so faces are registered once under a name
derived from ``FontFace.name`` (plus a digest when a different file is behind the
same face, e.g. another document's subset), and reused after that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import FontError
from .. import typography

# The roles the layout sets text in (the serif bold has no use in the PDF yet: registering it
# would only cost a face load per process). Add "bold" here when an element uses it.
ROLES = ("body", "heading")
_REGISTERED: dict[str, Path] = {}  # ReportLab name → file behind it


@dataclass
class RoleFonts:
    """One role's fallback chain as registered ReportLab fonts, with a per-character choice."""

    names: list[str]
    fonts: list  # reportlab TTFont, in chain order
    _pick: dict[str, int] = field(default_factory=dict)
    _width: dict[str, float] = field(default_factory=dict)

    def index(self, ch: str) -> int:
        """Which face of the chain sets ``ch``: the first that has it, else the first."""
        i = self._pick.get(ch)
        if i is None:
            code = ord(ch)
            i = next((k for k, f in enumerate(self.fonts) if code in f.face.charToGlyph), 0)
            self._pick[ch] = i
        return i

    def advance(self, ch: str) -> float:
        """Advance of ``ch`` at 1 pt (multiply by the size)."""
        w = self._width.get(ch)
        if w is None:
            face = self.fonts[self.index(ch)].face
            w = face.charWidths.get(ord(ch), face.defaultWidth) / 1000.0
            self._width[ch] = w
        return w


def _register(face, chars: str, derive=None, suffix: str = "") -> tuple[str, object]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from .rlface import CachedTTFont

    try:
        path = Path(face.truetype(chars))
        if derive is not None:
            path = Path(derive(path, chars))  # e.g. the vertical face (vfont)
    except FontError:
        raise
    except Exception as exc:  # a broken font file is the user's input, not our bug
        raise FontError(f"font {face.name}: cannot prepare TrueType outlines ({exc})") from None
    name = face.name + suffix
    if name in _REGISTERED and _REGISTERED[name] != path:
        name = f"{face.name}{suffix}-{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    if name not in _REGISTERED:
        try:
            font = CachedTTFont(name, path)
            # ReportLab keys dynamic fonts by the face's PostScript name and hands back the first
            # font registered under it: another subset of the same face would silently draw
            # with the first file's glyphs. Our registration name is unique per file.
            font.face.name = name.encode()
            pdfmetrics.registerFont(font)
        except (TTFError, OSError) as exc:
            raise FontError(f"font {face.name}: ReportLab cannot use {path.name} ({exc})") from None
        _REGISTERED[name] = path
    return name, pdfmetrics.getFont(name)


def load(document, choice, text: str, *, strict: bool = False, derive=None, suffix: str = "") -> dict[str, RoleFonts]:
    """Resolve, subset to ``text`` where the fonts helper can, and register every role.

    ``derive(path, text) -> path`` turns each face's file into another before registration
    (vertical setting registers derived faces under ``name + suffix``).
    """
    from ... import fonts as huozi_fonts

    script = typography.font_script(document.lang)
    roles: dict[str, RoleFonts] = {}
    for role in ROLES:
        chain = huozi_fonts.resolve_chain(role, script, choice)
        if not chain:
            raise FontError(f"no {role} font found for {script}")
        if role == "body":
            missing = huozi_fonts.check_coverage(text, chain)
            if missing:
                huozi_fonts.report_missing(missing, strict=strict, document=document)
        # Register the first face, then a fallback only for characters still uncovered.
        names, fonts = [], []
        remaining = {c for c in text if not c.isspace()}
        for face in chain:
            if fonts and not any(face.has(c) for c in remaining):
                continue
            name, font = _register(face, text, derive, suffix)
            names.append(name)
            fonts.append(font)
            remaining = {c for c in remaining if ord(c) not in font.face.charToGlyph}
            if not remaining:
                break
        roles[role] = RoleFonts(names, fonts)
    return roles
