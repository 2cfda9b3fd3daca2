"""Column width inferred from the text: never configured, and local.

The width can differ between articles and change inside one (16 → 20 → 30 ems
in one page), so there is no page-wide value. The reference lines are a chunk's
middle lines: a first line may have lost its indent (about two ems short) and a
last line ends where the paragraph ends, but middle lines run the full column
(±1 for compressed punctuation) — and so do a first line that continues an
unfinished sentence and a last line that leaves one. The width at a point is the median of the
nearest such lines that follow it — what follows decides whether a short line
before it is a heading or a cut paragraph — or, failing those, that precede it.
"""

from __future__ import annotations

from bisect import bisect_right

from .chunks import Chunk
from .marks import ends_sentence

def median(values) -> float:
    """Median of a few widths (statistics.median would cost ~8 ms of import per process)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


SAMPLE = 7  # lines in the median at most
MIN_SAMPLE = 3  # enough to outvote one compressed or short line


def _full_lines(chunk: Chunk, previous: Chunk | None) -> list[float]:
    """Widths of the lines of ``chunk`` that must run the full measure: its middle lines,
    and, where a paragraph visibly runs across the blank lines around the chunk, the
    first line (the chunk continues an unfinished sentence) and the last (it leaves one
    unfinished). A heading is never both continued and continuing, so it never counts."""
    lines = chunk.lines
    continued = previous is not None and not ends_sentence(previous.lines[-1].text)
    continuing = not ends_sentence(lines[-1].text)
    widths = [line.width for line in lines[1:-1]]
    if continued and (len(lines) > 1 or continuing):
        widths.insert(0, lines[0].width)
    if continuing and len(lines) > 1 and (continued or len(lines) > 2):
        widths.append(lines[-1].width)
    return widths


class ColumnWidths:
    def __init__(self, chunks: list[Chunk]):
        # One entry per chunk with middle lines: (first line number, middle-line widths, segment).
        # A segment ends at an affiliation or a new text block: widths rarely carry across articles.
        starts: list[int] = []
        groups: list[list[float]] = []
        segments: list[int] = []
        segment = 0
        previous: Chunk | None = None
        for chunk in chunks:
            if chunk.kind == "affiliation" or chunk.starts_block:
                segment += 1
            if chunk.kind != "text":
                previous = None
                continue
            full = _full_lines(chunk, previous)
            previous = chunk
            if not full:
                continue
            starts.append(chunk.start)
            groups.append(full)
            segments.append(segment)
        self._starts = starts
        self._groups = groups
        # First lines of paragraphs that follow a finished sentence: the indented measure.
        self._first_numbers: list[int] = []
        self._first_widths: list[float] = []
        previous = None
        for chunk in chunks:
            if chunk.kind == "text" and len(chunk.lines) >= 2 and previous is not None and ends_sentence(previous.lines[-1].text):
                self._first_numbers.append(chunk.start)
                self._first_widths.append(chunk.lines[0].width)
            previous = chunk if chunk.kind == "text" else None
        self._segments = segments
        # Segment of every chunk, by its first line: a line's segment is its chunk's.
        self._chunk_firsts: list[int] = []
        self._chunk_segments: list[int] = []
        segment = 0
        for chunk in chunks:
            if chunk.kind == "affiliation" or chunk.starts_block:
                segment += 1
            self._chunk_firsts.append(chunk.start)
            self._chunk_segments.append(segment)
        every = [w for g in groups for w in g]
        self._fallback = max(every) if every else max((l.width for c in chunks for l in c.lines), default=0.0)

    def _collect(self, indices: range, segment: int | None) -> list[float]:
        sample: list[float] = []
        for i in indices:
            if segment is not None and self._segments[i] != segment:
                break
            sample.extend(self._groups[i])
            if len(sample) >= MIN_SAMPLE:
                break
        return sample[:SAMPLE]

    def _line_segment(self, line_number: int) -> int | None:
        """The segment (article) of the chunk holding ``line_number``."""
        at = bisect_right(self._chunk_firsts, line_number) - 1
        return self._chunk_segments[at] if at >= 0 else None

    def after(self, line_number: int, segment: int | None = None) -> float:
        """Column width of the text following ``line_number``: the nearest chunks of the same article first."""
        at = bisect_right(self._starts, line_number)
        if segment is None:
            segment = self._line_segment(line_number)
        sample = self._collect(range(at, len(self._groups)), segment)
        if len(sample) < MIN_SAMPLE:
            sample += self._collect(range(at - 1, -1, -1), segment)
        if not sample:  # nothing measurable in this article: borrow from the neighbours
            sample = self._collect(range(at, len(self._groups)), None) or self._collect(range(at - 1, -1, -1), None)
        return median(sample) if sample else self._fallback

    def first_lines(self, line_number: int) -> float | None:
        """Typical width of nearby paragraph first lines (None when there are too few)."""
        at = bisect_right(self._first_numbers, line_number)
        sample = self._first_widths[at : at + SAMPLE]
        if len(sample) < MIN_SAMPLE:
            sample = self._first_widths[max(0, at - SAMPLE) : at] + sample
        return median(sample) if len(sample) >= MIN_SAMPLE else None

    def around(self, first: int, last: int) -> float:
        """Column width for a chunk's own lines: its middle lines if it has enough, else what follows."""
        at = bisect_right(self._starts, first) - 1
        if at >= 0 and self._starts[at] == first and len(self._groups[at]) >= MIN_SAMPLE:
            return median(self._groups[at][:SAMPLE])
        return self.after(last, self._line_segment(first))
