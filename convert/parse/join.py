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


def _seam(left: str, right: str) -> tuple[int, str]:
    """How two lines meet: (characters to drop from the left line, text to insert).

    Only the ends of the lines matter, which keeps joining linear in the text.
    """
    if _WRAP_HYPHEN.search(left[-2:]) and right[:1].islower() and right[:1].isascii():
        return 1, ""
    if _LATIN_END.search(left[-1:]) and _LATIN_START.match(right):
        return 0, " "
    return 0, ""


def join_pair(left: str, right: str) -> str:
    if not left or not right:
        return left + right
    drop, insert = _seam(left, right)
    return left[: len(left) - drop] + insert + right


def join_lines(texts: list[str]) -> str:
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        if parts:
            drop, insert = _seam(parts[-1], text)
            if drop:
                parts[-1] = parts[-1][:-drop]
            if insert:
                parts.append(insert)
        parts.append(text)
    return "".join(parts)
