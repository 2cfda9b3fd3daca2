"""Source lines with the measurements every rule needs: display width and lead.

Display width counts a CJK character or full-width mark as 1 and a half-width
character (ASCII, Latin, half-width forms) as 0.5, which is how a newspaper
column holds them. Ambiguous-width marks (“ ” … —) are full width in Chinese text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Half-width: everything below the Hangul Jamo block (Latin, Greek, Cyrillic…), Latin
# Extended Additional, and the half-width forms block. Regex counting keeps this fast.
_NARROW = re.compile(r"[\u0000-\u10ff\u1e00-\u1eff\uff61-\uffdc\uffe8-\uffee]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2000-\u200a\u202f\u205f]+")
_LEAD = re.compile(r"^[ \t\u3000\u00a0]+")
_LEAD_CHARS = frozenset(" \t\u3000\u00a0")


# Characters outside ASCII that the UTF-8 length shortcut would misjudge: non-ASCII
# half-width letters (2-byte UTF-8, or half-width forms) and 4-byte characters.
_SLOW = re.compile(r"[\u0080-\u10ff\u1e00-\u1eff\uff61-\uffdc\uffe8-\uffee\U00010000-\U0010ffff]")


def display_width(text: str) -> float:
    """Width in ems of a column: CJK 1, half-width 0.5."""
    if text.isascii():
        return len(text) * 0.5
    if not _SLOW.search(text):
        # Every non-ASCII character here is 3 bytes in UTF-8 and full width.
        wide = (len(text.encode("utf-8")) - len(text)) // 2
        return wide + (len(text) - wide) * 0.5
    narrow = len(_NARROW.findall(text))
    return len(text) - narrow * 0.5


_ODD_SPACE = re.compile(r"[\t\u3000\u00a0\u2000-\u200a\u202f\u205f]|  ")


def normalize_spaces(text: str) -> str:
    """Collapse any run of (ASCII, ideographic, no-break) spaces and tabs to one space."""
    if not _ODD_SPACE.search(text):
        return text.strip(" ")
    return _SPACES.sub(" ", text).strip()


@dataclass(slots=True)  # not frozen: a frozen dataclass costs 3x to build, and a page has thousands
class Line:
    number: int  # 1-based line number in the source
    text: str  # spaces normalized, no lead or trail
    lead: float  # display width of the leading whitespace (a block or indent marker)
    width: float  # display width of ``text``

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def last(self) -> str:
        return self.text[-1] if self.text else ""

    @property
    def first(self) -> str:
        return self.text[0] if self.text else ""


def split_lines(text: str) -> list[Line]:
    """Split decoded text (``\\n`` line ends) into measured lines."""
    out: list[Line] = []
    for number, raw in enumerate(text.split("\n"), 1):
        lead = 0.0
        if raw[:1] in _LEAD_CHARS:
            match = _LEAD.match(raw)
            lead = display_width(match.group(0).replace("\t", "    ")) if match else 0.0
        body = normalize_spaces(raw)
        out.append(Line(number, body, lead if body else 0.0, display_width(body)))
    return out
