"""Byline → author names.

Papers pad two-character names with a space so they line up with three-character
ones (``□ 谭 啸`` → 谭啸; ``□ 丁 一 马 可`` → 丁一, 马可). So: split on spaces and
separators, then pair consecutive single characters. A token of two or more
characters is a name as written.
"""

from __future__ import annotations

import re

from .marks import BYLINE_MARKS

_SEPARATORS = re.compile(rf"[\s\u3000{BYLINE_MARKS}、，,;；/]+")


def parse_authors(line: str) -> list[str]:
    tokens = [t for t in _SEPARATORS.split(line) if t]
    names: list[str] = []
    singles: list[str] = []
    for token in tokens:
        if len(token) == 1 and not token.isascii():
            singles.append(token)
            if len(singles) == 2:
                names.append("".join(singles))
                singles = []
            continue
        if singles:
            names.append("".join(singles))
            singles = []
        names.append(token)
    if singles:
        names.append("".join(singles))
    return names
