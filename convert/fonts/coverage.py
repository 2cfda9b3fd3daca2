"""Coverage: which characters no face of a chain has, and saying so once, with where they occur.

A character is never dropped silently: exporters fall back through the chain
per character, and what is left is reported here (stderr) or refused (strict).
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from typing import Iterable, Mapping, TextIO

from ..errors import FontError
from .face import FontFace

PROG = "huozi"
_REPORTED: set[str] = set()  # once per run: three exporters share one warning
_SHOWN = 20  # characters listed one per line before the rest is summarised


def renders(char: str) -> bool:
    """Whether a character needs a glyph: not a control, format mark or variation selector."""
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return False
    cp = ord(char)
    return not (0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF)


def check_coverage(text: str, chain: Iterable[FontFace]) -> dict[str, int]:
    """Characters of ``text`` that no face in ``chain`` has → how often each occurs."""
    counts = Counter(text)  # counted in C; renders() asked once per distinct character
    left = {c for c in counts if renders(c)}
    for face in chain:
        if not left:
            break
        left = face.missing(left)
    return {c: counts[c] for c in sorted(left)}


def face_for(char: str, chain: Iterable[FontFace]) -> FontFace | None:
    """The first face of the chain that has ``char`` (the per-character fallback)."""
    for face in chain:
        if face.has(char):
            return face
    return None


def split_runs(text: str, chain: list[FontFace]) -> list[tuple[FontFace | None, str]]:
    """``text`` cut into runs that one face renders; ``None`` marks characters no face has.

    Characters that need no glyph (line breaks, joiners) stay with the run around them.
    """
    runs: list[tuple[FontFace | None, str]] = []
    for char in text:
        face = face_for(char, chain) if renders(char) else (runs[-1][0] if runs else (chain[0] if chain else None))
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + char)
        else:
            runs.append((face, char))
    return runs


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {char}" + (f" ({name})" if name else "")


def locate(char: str, document=None, text: str | None = None) -> str:
    """Where ``char`` first occurs: article, block and source lines; or line:column of ``text``."""
    if document is not None:
        for number, article in enumerate(getattr(document, "articles", ()), 1):
            title = article.title or ""
            head = f"article {number}" + (f" “{title[:12]}”" if title else "")
            for label, value in (("kicker", article.kicker), ("title", article.title), ("subtitle", article.subtitle),
                                 ("authors", " ".join(article.authors)), ("affiliation", article.affiliation)):
                if value and char in value:
                    return f"{head}, {label}" + _lines(article.span)
            for index, block in enumerate(article.blocks, 1):
                if char in block.text:
                    return f"{head}, {block.type} {index}" + _lines(block.span or article.span)
        if char in (getattr(document, "title", None) or ""):
            return "document title"
    if text is not None and char in text:
        before = text[: text.index(char)]
        return f"line {before.count(chr(10)) + 1}, column {len(before) - before.rfind(chr(10))}"
    return ""


def _lines(span) -> str:
    if span is None:
        return ""
    return f", source line {span.start}" if span.start == span.end else f", source lines {span.start}–{span.end}"


def report_missing(missing: Mapping[str, int], *, strict: bool = False, document=None, text: str | None = None,
                   source: str | None = None, stream: TextIO | None = None) -> None:
    """Warn once per run about each character no font has; raise FontError under ``strict``.

    ``document`` (a model.Document) or ``text`` lets the message say where each occurs.
    """
    if not missing:
        return
    prefix = f"{source}: " if source else ""
    if strict:
        listed = ", ".join(f"U+{ord(c):04X} {c}" for c in list(missing)[:_SHOWN])
        more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
        where = locate(next(iter(missing)), document, text)
        raise FontError(f"{prefix}no font has {listed}{more}" + (f" (first: {where})" if where else "")
                        + "; add one with --font-body or drop --strict-glyphs")
    stream = stream or sys.stderr
    new = [c for c in missing if c not in _REPORTED]
    _REPORTED.update(new)
    for char in new[:_SHOWN]:
        where = locate(char, document, text)
        count = missing[char]
        detail = ", ".join(p for p in (f"{count}×" if count > 1 else "", where) if p)
        print(f"{PROG}: warning: {prefix}no font has {describe(char)}" + (f" [{detail}]" if detail else "")
              + "; it will show as a blank box", file=stream)
    if len(new) > _SHOWN:
        rest = " ".join(f"U+{ord(c):04X}" for c in new[_SHOWN:])
        print(f"{PROG}: warning: {prefix}no font has {len(new) - _SHOWN} more characters: {rest}", file=stream)


def reset_reported() -> None:
    """Forget what was reported (tests; a long-lived process starting a new run)."""
    _REPORTED.clear()
