"""Lines → chunks: runs of non-blank lines, cut where the dump itself marks a boundary.

A chunk ends at a blank line, before a line with a leading space (the extraction
starts a new text block there), and around bylines (``□ 谭 啸``) and affiliation
lines (``（作者单位：…）``), which are never part of running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .marks import BYLINE_MARKS

_AFFILIATION = re.compile(r"^[（(]\s*作者(?:分别)?(?:单|單)位\s*[：:]\s*(.*?)\s*[）)]$", re.S)
_AFFILIATION_START = re.compile(r"^[（(]\s*作者(?:分别)?(?:单|單)位\s*[：:]")
_BYLINE = re.compile(rf"^[{BYLINE_MARKS}]")
# Leading whitespace this wide or wider is an indent, not the one-space text-block mark.
INDENT_EMS = 1.0


@dataclass
class Chunk:
    lines: list[Line]
    blank_before: int  # blank lines between this chunk and the previous one
    kind: str = "text"  # text | affiliation | byline
    value: str | None = None  # parsed content for affiliation/byline
    role: str | None = None  # set by later passes: title, kicker, subtitle, heading, body
    notes: list[str] = field(default_factory=list)

    @property
    def starts_block(self) -> bool:
        """The extraction's text-block mark: a single leading half-width space."""
        return 0 < self.lines[0].lead < INDENT_EMS

    @property
    def indented(self) -> bool:
        """A paragraph indent kept in the dump (two ideographic or several ASCII spaces)."""
        return self.lines[0].lead >= INDENT_EMS

    @property
    def start(self) -> int:
        return self.lines[0].number

    @property
    def end(self) -> int:
        return self.lines[-1].number

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


def affiliation_of(text: str) -> str | None:
    match = _AFFILIATION.match(text)
    return match.group(1) if match else None


def is_byline(line: Line) -> bool:
    # Short, marked, and not a sentence: a byline never holds a full stop.
    return bool(_BYLINE.match(line.text)) and line.width <= 30 and "。" not in line.text


def split_chunks(lines: list[Line]) -> list[Chunk]:
    chunks: list[Chunk] = []
    current: list[Line] = []
    blanks = 0
    pending_blanks = 0
    i = 0

    def flush() -> None:
        nonlocal current, pending_blanks
        if current:
            chunks.append(Chunk(current, pending_blanks))
            current = []
            pending_blanks = 0

    while i < len(lines):
        line = lines[i]
        if line.blank:
            flush()
            blanks += 1
            pending_blanks = blanks
            i += 1
            continue
        blanks = 0
        if current and line.lead > 0:  # a text block or an indented paragraph starts here
            flush()
        if _AFFILIATION_START.match(line.text):
            flush()
            # An affiliation may wrap: take lines until the closing bracket.
            group = [line]
            j = i + 1
            while affiliation_of("".join(x.text for x in group)) is None and j < len(lines) and not lines[j].blank and j - i < 3:
                group.append(lines[j])
                j += 1
            value = affiliation_of("".join(x.text for x in group))
            if value is not None:
                chunks.append(Chunk(group, pending_blanks, "affiliation", value))
                pending_blanks = 0
                i = j
                continue
        if is_byline(line):
            flush()
            chunks.append(Chunk([line], pending_blanks, "byline"))
            pending_blanks = 0
            i += 1
            continue
        current.append(line)
        i += 1
    flush()
    return chunks
