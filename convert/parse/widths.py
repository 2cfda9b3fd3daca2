"""Column width inferred from the text: never configured, and local.

The width can differ between articles and change inside one (16 → 20 → 30 ems
in one page), so there is no page-wide value. The reference lines are a chunk's
middle lines: a first line may have lost its indent (about two ems short) and a
last line ends where the paragraph ends, but middle lines run the full column
(±1 for compressed punctuation). The width at a point is the median of the
nearest such lines that follow it — what follows decides whether a short line
before it is a heading or a cut paragraph — or, failing those, that precede it.
"""

from __future__ import annotations

from bisect import bisect_right
from statistics import median

from .chunks import Chunk

SAMPLE = 7  # lines in the median: enough to outvote a compressed or short line


class ColumnWidths:
    def __init__(self, chunks: list[Chunk]):
        numbers: list[int] = []
        widths: list[float] = []
        for chunk in chunks:
            if chunk.kind != "text" or len(chunk.lines) < 3:
                continue
            for line in chunk.lines[1:-1]:
                numbers.append(line.number)
                widths.append(line.width)
        self._numbers = numbers
        self._widths = widths
        self._fallback = max(widths) if widths else max((l.width for c in chunks for l in c.lines), default=0.0)

    def after(self, line_number: int) -> float:
        """Column width of the text following ``line_number``."""
        at = bisect_right(self._numbers, line_number)
        sample = self._widths[at : at + SAMPLE]
        if len(sample) < 3:
            sample = self._widths[max(0, at - SAMPLE + len(sample)) : at] + sample
        return median(sample) if sample else self._fallback

    def around(self, first: int, last: int) -> float:
        """Column width for a chunk's own lines: its middle lines if it has enough, else the neighbours."""
        lo = bisect_right(self._numbers, first)
        hi = bisect_right(self._numbers, last)
        own = self._widths[lo:hi]
        if len(own) >= 3:
            return median(own)
        return self.after(last)
