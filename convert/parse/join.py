"""Joining hard-wrapped lines back into running text.

Between two CJK characters (or a CJK character and anything) a line break is
nothing; between two Latin words or numbers it is one space; a hyphen that only
wrapped a Latin word (lower-case letters on both sides) is removed.
"""

from __future__ import annotations

import re

_LATIN_END = re.compile(r"[A-Za-z0-9\u00c0-\u024f%.,;:!?)\]'\"]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9\u00c0-\u024f(\['\"]")
_WRAP_HYPHEN = re.compile(r"[a-z]-$")


def join_pair(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    if _WRAP_HYPHEN.search(left) and right[0].islower() and right[0].isascii():
        return left[:-1] + right
    if _LATIN_END.search(left) and _LATIN_START.match(right):
        return left + " " + right
    return left + right


def join_lines(texts: list[str]) -> str:
    out = ""
    for text in texts:
        out = join_pair(out, text)
    return out
